package httpapi

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// The dashboard's pages of the reporting and payment cycle (issue 14):
//
//   - /projects/{id}/partner-reports: the project's partner reports with
//     their status and declared and certified totals, and a new draft;
//   - /partner-reports/{id}: one report, where the partner's editors enter
//     lines with a form or import a CSV/XLSX file and submit, and the
//     controllers of the partner's control body start control, decide on
//     each line and certify;
//   - /control: a controller's queue (the reports of the partners naming
//     the controller's body, submitted or in control);
//   - /projects/{id}/payments: the project reports, which the lead partner
//     bundles and submits and the programme verifies, the payments with
//     what was paid, and the advances.
//
// The pages only translate forms into the calls the JSON routes make
// (store.TransitionPartnerReport, store.ControlPartnerReport,
// store.TransitionProjectReport, store.RecordPayment and the Cycle's
// Create methods): who may make a step and every money rule stay in the
// store, and a refused step shows the store's field errors in the page's
// language. Every form carries the CSRF token and the version it was read
// at, so that a step someone else made meanwhile is refused (conflict)
// rather than overwritten: the If-Match of the API.

// cycleRoutes adds the pages of the cycle to the dashboard's mux.
func (d *dashboard) cycleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /projects/{id}/partner-reports", d.cyReports)
	mux.HandleFunc("POST /projects/{id}/partner-reports", d.cyReportCreate)
	mux.HandleFunc("GET /partner-reports/{id}", d.cyReport)
	mux.HandleFunc("POST /partner-reports/{id}/lines", d.cyLinePost)
	mux.HandleFunc("POST /partner-reports/{id}/import", d.cyImport)
	mux.HandleFunc("POST /partner-reports/{id}/transition", d.cyTransition)
	mux.HandleFunc("POST /partner-reports/{id}/control", d.cyControl)
	mux.HandleFunc("GET /control", d.cyQueue)
	mux.HandleFunc("GET /projects/{id}/payments", d.cyPayments)
	mux.HandleFunc("POST /projects/{id}/project-reports", d.cyBundle)
	mux.HandleFunc("POST /project-reports/{id}/transition", d.cyProjectStep)
	mux.HandleFunc("POST /payments/{id}", d.cyRecordPayment)
	mux.HandleFunc("POST /projects/{id}/advances", d.cyAdvance)
}

// cy returns the cycle label key's text of the page ("page.cy_<key>").
func (p *page) cy(key string) string { return p.T["cy_"+key] }

// moneyIn parses an amount typed in a form of lang: a decimal point in
// English ("1234.56"), a decimal comma in the other shipped languages
// ("1.234,56", "1234,56"), never more than two decimals (ParseMoney,
// ParseMoneyHR). Field errors name field.
func moneyIn(lang socialsvc.Lang, field, s string, cur socialsvc.Currency) (socialsvc.Money, *socialsvc.FieldError) {
	var m socialsvc.Money
	var err error
	if lang == socialsvc.EN {
		m, err = socialsvc.ParseMoney(s, cur)
	} else {
		m, err = socialsvc.ParseMoneyHR(s, cur)
	}
	if err == nil {
		return m, nil
	}
	fe := socialsvc.NewFieldError(field, "money", "err.money", nil)
	if fs := socialsvc.ErrorFields(err); len(fs) > 0 {
		fe = fs[0]
		fe.Field = field
	}
	return m, &fe
}

// moneyOut writes m for a form field of lang, as moneyIn reads it back:
// no grouping, the language's decimal separator.
func moneyOut(lang socialsvc.Lang, m socialsvc.Money) string {
	s := m.AmountString()
	if lang != socialsvc.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// decimalIn parses a number of units typed in lang.
func decimalIn(lang socialsvc.Lang, field, s string) (decimal.Decimal, *socialsvc.FieldError) {
	if lang != socialsvc.EN {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		fe := socialsvc.NewFieldError(field, "decimal", "err.form.decimal", nil)
		return v, &fe
	}
	return v, nil
}

// dateIn parses a form date (YYYY-MM-DD, what a date control sends).
func dateIn(field, s string) (socialsvc.Date, *socialsvc.FieldError) {
	d, err := socialsvc.ParseDate(s)
	if err != nil {
		fe := socialsvc.NewFieldError(field, "date", "err.form.date", nil)
		return d, &fe
	}
	return d, nil
}

// formErr is the error of fields that could not be read from a form.
func formErr(fs []socialsvc.FieldError) error {
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid form", Fields: fs}
}

// userError reports whether err is what a form shows to the user (bad
// input, a refused step, a rule of the store) rather than a failure.
func userError(err error) bool {
	switch socialsvc.ErrorCode(err) {
	case socialsvc.Invalid, socialsvc.Conflict, socialsvc.Forbidden:
		return true
	}
	return false
}

// messages are the texts of err in lang, one per field error.
func messages(err error, lang socialsvc.Lang) []string {
	var out []string
	for _, fe := range socialsvc.ErrorFields(err) {
		msg := fe.MessageIn(lang)
		if fe.Row > 0 {
			// A row of an imported file, and its column.
			msg = joinNonEmpty(": ", labelsFor(lang)["cy_row"]+" "+strconv.Itoa(fe.Row), fe.Field, msg)
		}
		out = append(out, msg)
	}
	if len(out) == 0 {
		out = append(out, errorText(err, lang))
	}
	return out
}

// partnerNames returns the short names of the partners of a project.
func (d *dashboard) partnerNames(ctx context.Context, id socialsvc.ProjectID) ([]socialsvc.Partner, map[socialsvc.PartnerID]string, error) {
	partners, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return d.h.store.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: id})
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(partners, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	names := map[socialsvc.PartnerID]string{}
	for _, pt := range partners {
		org, err := d.h.store.GetOrganisation(ctx, pt.OrgID)
		if err != nil {
			return nil, nil, err
		}
		names[pt.ID] = cmp.Or(org.ShortName, org.Name)
	}
	return partners, names, nil
}

// Partner reports of a project.

type cyReportRow struct {
	URL, Partner, Project, Status, StatusTxt, Declared, Certified string
	Number, Period                                                int
}

// cyRows is a list of partner reports ("cy-report-rows" in
// partials.html), with the page for its labels.
type cyRows struct {
	P       *page
	Rows    []cyReportRow
	Project bool // show the project's acronym (the queue spans projects)
}

type cyReportsView struct {
	ID        socialsvc.ProjectID
	Acronym   string
	List      cyRows
	CanCreate bool
	Partners  []option
	Periods   []option
	Errors    []string
}

// reportRow is a partner report as the lists show it, with its totals
// from store.SumPartnerReport.
func (d *dashboard) reportRow(ctx context.Context, p *page, r *socialsvc.PartnerReport, partner string) (cyReportRow, error) {
	sums, err := store.SumPartnerReport(ctx, d.h.store, r.ID)
	if err != nil {
		return cyReportRow{}, err
	}
	row := cyReportRow{URL: p.Href("/partner-reports/" + url.PathEscape(string(r.ID))), Partner: partner, Status: string(r.Status),
		StatusTxt: r.Status.Label(p.Lang), Number: r.Number, Period: r.Period, Declared: sums.Declared.Format(p.Lang)}
	if r.Status == socialsvc.ReportCertified {
		row.Certified = sums.Certified.Format(p.Lang)
	}
	return row, nil
}

func (d *dashboard) cyReportsView(r *http.Request, p *page, prj *socialsvc.Project, a access) (cyReportsView, error) {
	ctx := r.Context()
	v := cyReportsView{ID: prj.ID, Acronym: prj.Acronym, CanCreate: a.Write, List: cyRows{P: p}}
	c, err := d.h.cycle()
	if err != nil {
		return v, err
	}
	partners, names, err := d.partnerNames(ctx, prj.ID)
	if err != nil {
		return v, err
	}
	only := socialsvc.PartnerID(r.URL.Query().Get("partner"))
	reports, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.PartnerReport], error) {
		return c.ListPartnerReports(ctx, store.PartnerReportFilter{ProjectID: prj.ID, PartnerID: only, ListOptions: o})
	})
	if err != nil {
		return v, err
	}
	num := map[socialsvc.PartnerID]int{}
	for _, pt := range partners {
		num[pt.ID] = pt.Number
	}
	slices.SortFunc(reports, func(a, b socialsvc.PartnerReport) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(num[a.PartnerID], num[b.PartnerID]), cmp.Compare(a.Number, b.Number))
	})
	for i := range reports {
		row, err := d.reportRow(ctx, p, &reports[i], names[reports[i].PartnerID])
		if err != nil {
			return v, err
		}
		v.List.Rows = append(v.List.Rows, row)
	}
	pr := PrincipalFrom(ctx)
	for _, pt := range partners {
		// The partners whose reports the caller writes: its own (the
		// programme: all); the store decides again on create.
		if pt.Role != socialsvc.RoleAssociated && (pr.Role == RoleAdmin || pt.OrgID == pr.OrgID) {
			v.Partners = append(v.Partners, option{Value: string(pt.ID), Text: names[pt.ID]})
		}
	}
	for _, per := range prj.Periods {
		v.Periods = append(v.Periods, option{Value: strconv.Itoa(per.Number), Text: strconv.Itoa(per.Number) + ": " + period(per.Start, per.End, p.Lang)})
	}
	v.CanCreate = v.CanCreate && len(v.Partners) > 0 && len(v.Periods) > 0
	return v, nil
}

func (d *dashboard) cyReports(w http.ResponseWriter, r *http.Request) {
	prj, a, ok := d.cyProject(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.cy("partner_reports") + ": " + prj.Acronym
	v, err := d.cyReportsView(r, p, &prj, a)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	p.Body = v
	d.render(w, r, http.StatusOK, "cycle_reports", p)
}

// cyProject reads a project whose records the caller may read in full
// (the cycle is no public data): sign-in first for a visitor.
func (d *dashboard) cyProject(w http.ResponseWriter, r *http.Request) (socialsvc.Project, access, bool) {
	if d.signInFirst(w, r) {
		return socialsvc.Project{}, access{}, false
	}
	prj, a, ok := d.visibleProject(w, r)
	if !ok {
		return prj, a, false
	}
	if !a.Full {
		d.fail(w, r, errForbidden)
		return prj, a, false
	}
	return prj, a, true
}

// cyReportCreate adds a draft partner report and opens it.
func (d *dashboard) cyReportCreate(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	prj, a, ok := d.cyProject(w, r)
	if !ok {
		return
	}
	c, err := d.h.cycle()
	if err != nil {
		d.fail(w, r, err)
		return
	}
	rep := socialsvc.PartnerReport{ProjectID: prj.ID, PartnerID: socialsvc.PartnerID(r.PostForm.Get("partner_id"))}
	err = d.h.canProject(r.Context(), prj.ID, true, false)
	if err == nil {
		rep.Period, err = strconv.Atoi(r.PostForm.Get("period"))
		if err != nil {
			err = formErr([]socialsvc.FieldError{socialsvc.NewFieldError("period", "int", "err.form.int", nil)})
		} else {
			err = c.CreatePartnerReport(r.Context(), &rep)
		}
	}
	if err != nil {
		if !userError(err) {
			d.fail(w, r, err)
			return
		}
		p := d.newPage(r, "")
		p.Title = p.cy("partner_reports") + ": " + prj.Acronym
		v, verr := d.cyReportsView(r, p, &prj, a)
		if verr != nil {
			d.fail(w, r, verr)
			return
		}
		v.Errors = messages(err, p.Lang)
		p.Body = v
		d.render(w, r, http.StatusBadRequest, "cycle_reports", p)
		return
	}
	http.Redirect(w, r, d.base+withLang("/partner-reports/"+url.PathEscape(string(rep.ID)), pageLang(r)), http.StatusSeeOther)
}

// One partner report.

// cyLine is a line of the report page, with the controller's decision as
// it stands or as typed into the decision form.
type cyLine struct {
	ID                                                 socialsvc.ExpenditureID
	InvoiceNumber, InvoiceDate, PaymentDate, Category  string
	Description, Amount, VAT, Declared, Refs, CostInfo string
	HasControl, InSample, Parked                       bool
	Certified, Deducted, ErrorType, Comment            string
	// The decision form's values and errors.
	CertifiedValue, DeductedValue string
	ErrorTypes                    []option
	Errors                        []string
}

type cyReportView struct {
	ID         socialsvc.PartnerReportID
	ProjectID  socialsvc.ProjectID
	Acronym    string
	Partner    string
	Number     int
	Period     string
	Status     string
	StatusTxt  string
	Version    int64
	Facts      [][2]string
	Tables     []tableView
	Lines      []cyLine
	Saved      string
	Errors     []string
	LineForm   formView
	VATRec     bool
	CanEdit    bool
	CanSubmit  bool
	CanWithdr  bool
	CanStart   bool
	CanControl bool
	CanReturn  bool
	// Controller: the caller controls the report (its breadcrumb is the
	// queue: a controller reads no project page).
	Controller bool
	// Downloads are the report's files: the partner report, and the
	// control certificate once the report is certified.
	Downloads []cyDownload
}

// cyDownload is one of the cycle's reports with a link per format. The
// links are the API's report routes, which read the dashboard's session
// cookie as the pages do and apply the same access rules.
type cyDownload struct {
	ID    string // the list's id on the page
	Name  string
	Links []downloadLink
}

// cycleLinks are the formats the cycle's pages link for a report at base
// ("/api/v1/partner-reports/x/reports/partner-report"): the page's
// language goes with each link (page.API), so the CSV has that
// language's separators.
func cycleLinks(base string) []downloadLink {
	return []downloadLink{
		{Label: "HTML", Path: base + ".html"},
		{Label: "PDF", Path: base + ".pdf"},
		{Label: "XLSX", Path: base + ".xlsx"},
		{Label: "CSV", Path: base + ".csv"},
	}
}

// lineFields are the fields of the line form, by their JSON names.
var lineFields = []string{"category", "description", "invoice_number", "invoice_date", "payment_date", "amount", "currency", "vat",
	"procurement_ref", "internal_ref", "cost_option", "units"}

// lineFormField maps a field of the line's errors to the form's field.
func lineFormField(f string) string {
	switch {
	case f == "amount.currency":
		return "currency"
	case f == "vat.currency":
		return "vat"
	case slices.Contains(lineFields, f):
		return f
	}
	return ""
}

// cyRead reads the report of the path for the page: anyone who may read
// it (the project's staff, its partner's controllers once submitted).
func (d *dashboard) cyRead(w http.ResponseWriter, r *http.Request) (socialsvc.PartnerReport, bool) {
	if d.signInFirst(w, r) {
		return socialsvc.PartnerReport{}, false
	}
	rep, err := d.h.reportFor(r, false)
	if err != nil {
		d.fail(w, r, err)
		return rep, false
	}
	return rep, true
}

func (d *dashboard) lineForm(p *page, prj *socialsvc.Project, id socialsvc.PartnerReportID, values map[string]string) formView {
	f := formView{Heading: p.T["form_errors"], Action: p.Href("/partner-reports/" + url.PathEscape(string(id)) + "/lines"), Submit: p.cy("add_line")}
	cats := []option{}
	for _, c := range socialsvc.CostCategories {
		if slices.ContainsFunc(prj.FlatRates, func(fr socialsvc.FlatRate) bool { return fr.Category() == c }) {
			continue // computed by the flat rate, never entered
		}
		if c == socialsvc.CatUnitCost && len(prj.UnitCosts) == 0 || c == socialsvc.CatLumpSum && len(prj.LumpSums) == 0 {
			continue
		}
		cats = append(cats, option{Value: string(c), Text: c.Label(p.Lang), Selected: values["category"] == string(c)})
	}
	opts := []option{{Value: "", Text: p.cy("no_cost_option")}}
	for _, u := range prj.UnitCosts {
		opts = append(opts, option{Value: u.Code, Text: u.Code, Selected: values["cost_option"] == u.Code})
	}
	for _, l := range prj.LumpSums {
		opts = append(opts, option{Value: l.Code, Text: l.Code, Selected: values["cost_option"] == l.Code})
	}
	field := func(name, typ string, max int, hint string) inputField {
		return inputField{Name: name, Label: p.cy("f_" + name), Type: typ, Value: values[name], MaxLength: max, Hint: hint}
	}
	f.Fields = []inputField{
		{Name: "category", Label: p.cy("f_category"), Type: "select", Options: cats},
		field("invoice_number", "text", 100, ""),
		field("invoice_date", "date", 0, p.T["f_date_hint"]),
		field("payment_date", "date", 0, ""),
		field("description", "textarea", 1000, ""),
		field("amount", "text", 0, p.cy("f_amount_hint")),
		field("currency", "text", 3, p.cy("f_currency_hint")),
		field("vat", "text", 0, p.cy("f_vat_hint")),
		field("procurement_ref", "text", 200, ""),
		field("internal_ref", "text", 200, ""),
	}
	if len(opts) > 1 {
		f.Fields = append(f.Fields, inputField{Name: "cost_option", Label: p.cy("f_cost_option"), Type: "select", Options: opts, Hint: p.cy("f_cost_option_hint")},
			field("units", "text", 0, p.cy("f_units_hint")))
	}
	return f
}

// cyReportView builds the report page for the caller.
func (d *dashboard) cyReportView(r *http.Request, p *page, rep *socialsvc.PartnerReport) (cyReportView, error) {
	ctx := r.Context()
	v := cyReportView{ID: rep.ID, ProjectID: rep.ProjectID, Number: rep.Number, Status: string(rep.Status),
		StatusTxt: rep.Status.Label(p.Lang), Version: rep.Version}
	base := "/api/v1/partner-reports/" + url.PathEscape(string(rep.ID)) + "/reports/"
	v.Downloads = []cyDownload{{ID: "dl-partner-report", Name: p.Tr("cyclereports.kind.partner_report"), Links: cycleLinks(base + "partner-report")}}
	if rep.Status == socialsvc.ReportCertified {
		// The API refuses the certificate (409) before certification.
		v.Downloads = append(v.Downloads, cyDownload{ID: "dl-control-certificate", Name: p.Tr("cyclereports.kind.control_certificate"),
			Links: cycleLinks(base + "control-certificate")})
	}
	prj, err := d.h.store.GetProject(ctx, rep.ProjectID)
	if err != nil {
		return v, err
	}
	v.Acronym = prj.Acronym
	v.Period = strconv.Itoa(rep.Period)
	for _, per := range prj.Periods {
		if per.Number == rep.Period {
			v.Period += " (" + period(per.Start, per.End, p.Lang) + ")"
		}
	}
	part, err := d.h.store.GetPartner(ctx, rep.PartnerID)
	if err != nil {
		return v, err
	}
	org, err := d.h.store.GetOrganisation(ctx, part.OrgID)
	if err != nil {
		return v, err
	}
	v.Partner = cmp.Or(org.ShortName, org.Name)
	for _, f := range []struct {
		key string
		on  socialsvc.Date
	}{{"submitted_on", rep.SubmittedOn}, {"control_on", rep.ControlOn}, {"certified_on", rep.CertifiedOn}} {
		if !f.on.IsZero() {
			v.Facts = append(v.Facts, [2]string{p.cy(f.key), f.on.Format(p.Lang)})
		}
	}
	if len(rep.History) > 0 {
		if last := rep.History[len(rep.History)-1]; last.Reason != "" {
			v.Facts = append(v.Facts, [2]string{p.cy("reason"), last.Reason})
		}
	}
	rr, err := report.PartnerReportOf(ctx, d.h.store, rep.ID, d.reportOptions(p.Lang))
	if err != nil {
		return v, err
	}
	v.Tables = pickTables(rr.Tables(p.Lang), p.Lang, "categories", "deductions")

	pr := PrincipalFrom(ctx)
	controller, err := d.h.controlsReport(ctx, pr, rep)
	if err != nil {
		return v, err
	}
	writer := !controller && (pr.Role == RoleEditor || pr.Role == RoleAdmin) && d.h.canPartnerReport(ctx, rep, true) == nil &&
		(pr.Role == RoleAdmin || org.ID == pr.OrgID)
	draft := rep.Status == socialsvc.ReportDraft
	v.CanEdit, v.CanSubmit = writer && draft, writer && draft
	v.CanWithdr = writer && rep.Status == socialsvc.ReportSubmitted
	v.Controller = controller
	v.CanStart = controller && rep.Status == socialsvc.ReportSubmitted
	v.CanControl = controller && rep.Status == socialsvc.ReportInControl
	v.CanReturn = controller && (rep.Status == socialsvc.ReportSubmitted || rep.Status == socialsvc.ReportInControl)
	if v.CanEdit {
		v.LineForm = d.lineForm(p, &prj, rep.ID, map[string]string{"currency": string(prj.Currency)})
	}

	c, err := d.h.cycle()
	if err != nil {
		return v, err
	}
	lines, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.ReportExpenditure], error) {
		return c.ListReportLines(ctx, store.ReportLineFilter{ReportID: rep.ID, ListOptions: o})
	})
	if err != nil {
		return v, err
	}
	for _, l := range lines {
		cl := cyLine{ID: l.ID, InvoiceNumber: l.InvoiceNumber, InvoiceDate: l.InvoiceDate.Format(p.Lang), Category: l.Category.Label(p.Lang),
			Description: l.Description, Amount: l.Amount.Format(p.Lang), Refs: joinNonEmpty(" · ", l.ProcurementRef, l.InternalRef)}
		if !l.PaymentDate.IsZero() {
			cl.PaymentDate = l.PaymentDate.Format(p.Lang)
		}
		if l.VAT != (socialsvc.Money{}) && !l.VAT.IsZero() {
			cl.VAT = l.VAT.Format(p.Lang)
			if l.VATRecoverable {
				cl.VAT += " (" + p.cy("recoverable") + ")"
			}
		}
		if l.CostOption != "" {
			cl.CostInfo = l.CostOption
			if l.Units != nil {
				cl.CostInfo += " × " + l.Units.String()
			}
		}
		declared, ok := l.Declared(prj.Currency)
		if ok {
			cl.Declared = declared.Format(p.Lang)
		}
		if ctl := l.Control; ctl != nil {
			cl.HasControl, cl.InSample, cl.Parked, cl.Comment = true, ctl.InSample, ctl.Parked, ctl.Comment
			if !ctl.Parked {
				cl.Certified, cl.Deducted = ctl.Certified.Format(p.Lang), ctl.Deducted.Format(p.Lang)
			}
			if ctl.ErrorType != "" {
				cl.ErrorType = ctl.ErrorType.Label(p.Lang)
			}
		}
		if v.CanControl {
			cert, ded, et := declared, socialsvc.Zero(prj.Currency), socialsvc.ErrorType("")
			if ctl := l.Control; ctl != nil && !ctl.Parked {
				cert, ded, et = ctl.Certified, ctl.Deducted, ctl.ErrorType
			}
			cl.CertifiedValue, cl.DeductedValue = moneyOut(p.Lang, cert), moneyOut(p.Lang, ded)
			cl.ErrorTypes = errorTypeOptions(p, et)
		}
		v.Lines = append(v.Lines, cl)
	}
	return v, nil
}

func errorTypeOptions(p *page, sel socialsvc.ErrorType) []option {
	out := []option{{Value: "", Text: p.cy("no_error")}}
	for _, t := range socialsvc.ErrorTypes {
		out = append(out, option{Value: string(t), Text: t.Label(p.Lang), Selected: t == sel})
	}
	return out
}

func (d *dashboard) cyReport(w http.ResponseWriter, r *http.Request) {
	rep, ok := d.cyRead(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	v, err := d.cyReportView(r, p, &rep)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if s := r.URL.Query().Get("saved"); s != "" && slices.Contains([]string{"line", "import", "step", "control"}, s) {
		v.Saved = p.cy("saved_" + s)
	}
	p.Title = p.cy("partner_report") + " " + strconv.Itoa(rep.Number) + ": " + v.Partner
	p.Body = v
	d.render(w, r, http.StatusOK, "cycle_report", p)
}

// cyAgain shows the report page again with the errors of a refused
// action, in the page's language, with status 400 (409 for a conflict).
func (d *dashboard) cyAgain(w http.ResponseWriter, r *http.Request, rep *socialsvc.PartnerReport, err error, edit func(p *page, v *cyReportView)) {
	if !userError(err) {
		d.fail(w, r, err)
		return
	}
	if c, cerr := d.h.cycle(); cerr == nil {
		if cur, gerr := c.GetPartnerReport(r.Context(), rep.ID); gerr == nil {
			rep = &cur
		}
	}
	p := d.newPage(r, "")
	v, verr := d.cyReportView(r, p, rep)
	if verr != nil {
		d.fail(w, r, verr)
		return
	}
	p.Title = p.cy("partner_report") + " " + strconv.Itoa(rep.Number) + ": " + v.Partner
	if edit != nil {
		edit(p, &v)
	} else {
		v.Errors = messages(err, p.Lang)
	}
	p.Body = v
	status := StatusOf(err) // 400, 403 or 409
	d.render(w, r, status, "cycle_report", p)
}

func (d *dashboard) cyDone(w http.ResponseWriter, r *http.Request, id socialsvc.PartnerReportID, saved string) {
	http.Redirect(w, r, d.base+withLang("/partner-reports/"+url.PathEscape(string(id))+"?saved="+saved, pageLang(r)), http.StatusSeeOther)
}

// cyLinePost adds an expenditure line to a draft from the line form.
func (d *dashboard) cyLinePost(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	rep, ok := d.cyRead(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	lang := pageLang(r)
	f := r.PostForm
	values := map[string]string{}
	for _, k := range lineFields {
		values[k] = strings.TrimSpace(f.Get(k))
	}
	vatRec := f.Get("vat_recoverable") != ""
	err := d.h.canPartnerReport(ctx, &rep, true)
	if err == nil {
		err = d.addLine(ctx, &rep, lang, values, vatRec)
	}
	if err != nil {
		d.cyAgain(w, r, &rep, err, func(p *page, v *cyReportView) {
			prj, gerr := d.h.store.GetProject(ctx, rep.ProjectID)
			if gerr != nil {
				v.Errors = messages(err, p.Lang)
				return
			}
			if !v.CanEdit {
				// The report is no longer a draft (or the caller may not
				// write it): there is no form to show the errors beside.
				v.Errors = messages(err, p.Lang)
				return
			}
			v.LineForm = d.lineForm(p, &prj, rep.ID, values)
			v.VATRec = vatRec
			v.LineForm.setErrors(err, p.Lang, lineFormField, nil)
		})
		return
	}
	d.cyDone(w, r, rep.ID, "line")
}

// addLine reads the line form and creates the line (the store validates
// it: socialsvc.ValidateReportExpenditure, and refuses a report that is no
// longer a draft).
func (d *dashboard) addLine(ctx context.Context, rep *socialsvc.PartnerReport, lang socialsvc.Lang, values map[string]string, vatRec bool) error {
	c, err := d.h.cycle()
	if err != nil {
		return err
	}
	l := socialsvc.ReportExpenditure{ReportID: rep.ID, Category: socialsvc.CostCategory(values["category"]),
		Description: values["description"], InvoiceNumber: values["invoice_number"], ProcurementRef: values["procurement_ref"],
		InternalRef: values["internal_ref"], CostOption: values["cost_option"], VATRecoverable: vatRec}
	var bad []socialsvc.FieldError
	cur, cerr := socialsvc.ParseCurrency(strings.ToUpper(values["currency"]))
	if cerr != nil {
		bad = append(bad, socialsvc.NewFieldError("currency", "currency", "err.currency.currency", nil))
	}
	if s := values["amount"]; s != "" && cerr == nil {
		m, fe := moneyIn(lang, "amount", s, cur)
		if fe != nil {
			bad = append(bad, *fe)
		}
		l.Amount = m
	} else if cerr == nil && l.CostOption == "" {
		l.Amount = socialsvc.Zero(cur)
	}
	if s := values["vat"]; s != "" && cerr == nil {
		m, fe := moneyIn(lang, "vat", s, cur)
		if fe != nil {
			bad = append(bad, *fe)
		}
		l.VAT = m
	}
	for _, dt := range []struct {
		name string
		dst  *socialsvc.Date
	}{{"invoice_date", &l.InvoiceDate}, {"payment_date", &l.PaymentDate}} {
		if s := values[dt.name]; s != "" {
			v, fe := dateIn(dt.name, s)
			if fe != nil {
				bad = append(bad, *fe)
			}
			*dt.dst = v
		}
	}
	if s := values["units"]; s != "" {
		u, fe := decimalIn(lang, "units", s)
		if fe != nil {
			bad = append(bad, *fe)
		} else {
			l.Units = &u
		}
	}
	if len(bad) > 0 {
		// The other fields' errors too, as the store would give them, so
		// that one post shows every mistake.
		if prj, err := d.h.store.GetProject(ctx, rep.ProjectID); err == nil {
			for _, fe := range socialsvc.ErrorFields(socialsvc.ValidateReportExpenditure(&l, &prj)) {
				f := lineFormField(fe.Field)
				if !slices.ContainsFunc(bad, func(b socialsvc.FieldError) bool { return lineFormField(b.Field) == f }) {
					bad = append(bad, fe)
				}
			}
		}
		return formErr(bad)
	}
	return c.CreateReportLine(ctx, &l)
}

// cyImport imports the lines of a CSV or XLSX file into a draft, all or
// none, as POST /api/v1/partner-reports/{id}/imports/expenditure does.
func (d *dashboard) cyImport(w http.ResponseWriter, r *http.Request) {
	if err := checkUpload(w, r, d.h.opts.MaxUploadBytes); err != nil {
		d.fail(w, r, err)
		return
	}
	rep, ok := d.cyRead(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := d.h.canPartnerReport(ctx, &rep, true)
	if err == nil {
		err = func() error {
			file, _, err := r.FormFile("file")
			if err != nil {
				return socialsvc.FieldErr("file", "required", "err.file.required")
			}
			defer file.Close()
			o := tabular.Options{Project: rep.ProjectID, Report: rep.ID, Read: tabular.ReadOptions{MaxBytes: d.h.opts.MaxUploadBytes}}
			t, err := tabular.Read(file, o.Read)
			if err != nil {
				return err
			}
			_, err = tabular.ReportExpenditure.Import(ctx, d.h.store, t, o)
			return err
		}()
	}
	if err != nil {
		d.cyAgain(w, r, &rep, err, nil)
		return
	}
	d.cyDone(w, r, rep.ID, "import")
}

// cyTransition moves the report to the form's status (to), with its
// reason, at the version the page was read at.
func (d *dashboard) cyTransition(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	if d.signInFirst(w, r) {
		return
	}
	rep, err := d.h.reportFor(r, true)
	if err != nil && !userError(err) {
		d.fail(w, r, err)
		return
	}
	if err == nil {
		_, err = store.TransitionPartnerReport(r.Context(), d.h.store, rep.ID, formVersion(r),
			socialsvc.ReportStatus(r.PostForm.Get("to")), strings.TrimSpace(r.PostForm.Get("reason")))
	}
	if err != nil {
		d.cyAgain(w, r, &rep, err, nil)
		return
	}
	d.cyDone(w, r, rep.ID, "step")
}

// cyControl records the decision form: a decision for each line whose
// row the controller filled (in sample, a deduction, a comment or
// parked); the other lines are certified as declared at certification.
// Fields are in_sample_<id>, certified_<id>, deducted_<id>,
// error_type_<id>, comment_<id> and parked_<id>.
func (d *dashboard) cyControl(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	if d.signInFirst(w, r) {
		return
	}
	ctx := r.Context()
	lang := pageLang(r)
	rep, err := d.h.reportFor(r, true)
	if err != nil && !userError(err) {
		d.fail(w, r, err)
		return
	}
	f := r.PostForm
	var decisions []store.LineDecision
	var bad []socialsvc.FieldError
	if err == nil {
		var prj socialsvc.Project
		if prj, err = d.h.store.GetProject(ctx, rep.ProjectID); err != nil {
			d.fail(w, r, err)
			return
		}
		for _, id := range f["line"] {
			get := func(k string) string { return strings.TrimSpace(f.Get(k + "_" + id)) }
			lc := socialsvc.LineControl{InSample: get("in_sample") != "", Parked: get("parked") != "",
				ErrorType: socialsvc.ErrorType(get("error_type")), Comment: get("comment")}
			at := len(decisions)
			field := "lines[" + strconv.Itoa(at) + "]"
			for _, m := range []struct {
				name string
				dst  *socialsvc.Money
			}{{"certified", &lc.Certified}, {"deducted", &lc.Deducted}} {
				if s := get(m.name); s != "" && !lc.Parked {
					v, fe := moneyIn(lang, field+"."+m.name, s, prj.Currency)
					if fe != nil {
						bad = append(bad, *fe)
					}
					*m.dst = v
				}
			}
			if !lc.InSample && !lc.Parked && lc.Comment == "" && lc.ErrorType == "" && (lc.Deducted == socialsvc.Money{} || lc.Deducted.IsZero()) {
				continue // not decided: certified as declared
			}
			decisions = append(decisions, store.LineDecision{ExpenditureID: socialsvc.ExpenditureID(id), LineControl: lc})
		}
		switch {
		case len(bad) > 0:
			err = formErr(bad)
		case len(decisions) == 0:
			err = socialsvc.FieldErr("lines", "required", "err.lines.required")
		default:
			_, err = store.ControlPartnerReport(ctx, d.h.store, rep.ID, formVersion(r), decisions)
		}
	}
	if err != nil {
		d.cyAgain(w, r, &rep, err, func(p *page, v *cyReportView) {
			at := map[socialsvc.ExpenditureID]int{}
			for i := range v.Lines {
				at[v.Lines[i].ID] = i
			}
			// The values as typed, and each error beside its line.
			for _, id := range f["line"] {
				if i, ok := at[socialsvc.ExpenditureID(id)]; ok && v.CanControl {
					l := &v.Lines[i]
					l.CertifiedValue, l.DeductedValue = f.Get("certified_"+id), f.Get("deducted_"+id)
					l.InSample, l.Parked, l.Comment = f.Get("in_sample_"+id) != "", f.Get("parked_"+id) != "", f.Get("comment_"+id)
					l.ErrorTypes = errorTypeOptions(p, socialsvc.ErrorType(f.Get("error_type_"+id)))
				}
			}
			for _, fe := range socialsvc.ErrorFields(err) {
				n, rest, ok := decisionIndex(fe.Field)
				if ok && n < len(decisions) {
					if i, ok := at[decisions[n].ExpenditureID]; ok {
						v.Lines[i].Errors = append(v.Lines[i].Errors, joinNonEmpty(": ", p.cy("f_"+rest), fe.MessageIn(p.Lang)))
						v.Errors = append(v.Errors, joinNonEmpty(": ", v.Lines[i].InvoiceNumber, fe.MessageIn(p.Lang)))
						continue
					}
				}
				v.Errors = append(v.Errors, fe.MessageIn(p.Lang))
			}
			if len(v.Errors) == 0 {
				v.Errors = messages(err, p.Lang)
			}
		})
		return
	}
	d.cyDone(w, r, rep.ID, "control")
}

// decisionIndex splits "lines[3].deducted" into 3 and "deducted".
func decisionIndex(f string) (int, string, bool) {
	rest, ok := strings.CutPrefix(f, "lines[")
	if !ok {
		return 0, "", false
	}
	i := strings.IndexByte(rest, ']')
	if i < 0 {
		return 0, "", false
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil {
		return 0, "", false
	}
	field := strings.TrimPrefix(rest[i+1:], ".")
	if j := strings.IndexByte(field, '.'); j >= 0 {
		field = field[:j]
	}
	return n, field, true
}

// The controller's queue.

type cyQueueView struct {
	List  cyRows
	Empty bool
}

// cyQueue lists the reports a controller has to control: those of the
// partners naming the controller's body, submitted or in control (an
// admin sees every such report), as GET /api/v1/partner-reports lists
// them.
func (d *dashboard) cyQueue(w http.ResponseWriter, r *http.Request) {
	if d.signInFirst(w, r) {
		return
	}
	ctx := r.Context()
	pr := PrincipalFrom(ctx)
	f := store.PartnerReportFilter{Statuses: controlQueue}
	switch {
	case pr.Role == RoleAdmin:
	case pr.Role == RoleController && pr.OrgID != "":
		f.ControlBody = pr.OrgID
	default:
		d.fail(w, r, errForbidden)
		return
	}
	c, err := d.h.cycle()
	if err != nil {
		d.fail(w, r, err)
		return
	}
	reports, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.PartnerReport], error) {
		f.ListOptions = o
		return c.ListPartnerReports(ctx, f)
	})
	if err != nil {
		d.fail(w, r, err)
		return
	}
	p := d.newPage(r, "")
	p.Title = p.cy("queue")
	v := cyQueueView{List: cyRows{P: p, Project: true}}
	acr := map[socialsvc.ProjectID]string{}
	for i := range reports {
		rep := &reports[i]
		if _, ok := acr[rep.ProjectID]; !ok {
			prj, err := d.h.store.GetProject(ctx, rep.ProjectID)
			if err != nil {
				d.fail(w, r, err)
				return
			}
			acr[rep.ProjectID] = prj.Acronym
		}
		part, err := d.h.store.GetPartner(ctx, rep.PartnerID)
		if err != nil {
			d.fail(w, r, err)
			return
		}
		org, err := d.h.store.GetOrganisation(ctx, part.OrgID)
		if err != nil {
			d.fail(w, r, err)
			return
		}
		row, err := d.reportRow(ctx, p, rep, cmp.Or(org.ShortName, org.Name))
		if err != nil {
			d.fail(w, r, err)
			return
		}
		row.Project = acr[rep.ProjectID]
		v.List.Rows = append(v.List.Rows, row)
	}
	slices.SortStableFunc(v.List.Rows, func(a, b cyReportRow) int {
		return cmp.Or(cmp.Compare(a.Project, b.Project), cmp.Compare(a.Period, b.Period), cmp.Compare(a.Partner, b.Partner))
	})
	v.Empty = len(v.List.Rows) == 0
	p.Body = v
	d.render(w, r, http.StatusOK, "cycle_queue", p)
}

// Project reports, payments and advances.

type cyProjectReportRow struct {
	ID                 socialsvc.ProjectReportID
	Links              []downloadLink
	Number, Period     int
	Status, StatusTxt  string
	Reports            int
	Certified          string
	Version            int64
	Action             string
	CanSubmit, CanStep bool
}

type cyBundle struct {
	Period int
	IDs    []socialsvc.PartnerReportID
	Text   string
}

type cyPaymentRow struct {
	ID                                                       socialsvc.PaymentID
	Partner, Fund                                            string
	ReportNumber                                             int
	Certified, FundAmount, AdvanceSettled, Due, Paid, PaidOn string
	Version                                                  int64
	Open                                                     bool
	Action, PaidValue, PaidOnValue                           string
	Errors                                                   []string
}

type cyPaymentsView struct {
	ID           socialsvc.ProjectID
	Acronym      string
	Admin        bool
	Reports      []cyProjectReportRow
	Bundles      []cyBundle
	BundleAction string
	Payments     []cyPaymentRow
	Totals       []cyPaymentRow
	Advances     tableView
	AdvanceForm  formView
	Saved        string
	Errors       []string
	// Statement links the project's payment statement.
	Statement cyDownload
}

// cyPaymentsView builds the payments page: the project reports (with
// the bundles the lead partner may make of certified partner reports not
// yet in a project report), the payments of the payment statement
// (report.PaymentStatementOf) with a form to record each open one, and
// the advances.
func (d *dashboard) cyPaymentsView(r *http.Request, p *page, prj *socialsvc.Project, a access) (cyPaymentsView, error) {
	ctx := r.Context()
	pr := PrincipalFrom(ctx)
	v := cyPaymentsView{ID: prj.ID, Acronym: prj.Acronym, Admin: pr.Role == RoleAdmin,
		BundleAction: p.Href("/projects/" + url.PathEscape(string(prj.ID)) + "/project-reports")}
	c, err := d.h.cycle()
	if err != nil {
		return v, err
	}
	prs, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.ProjectReport], error) {
		return c.ListProjectReports(ctx, store.ProjectScope{ProjectID: prj.ID, ListOptions: o})
	})
	if err != nil {
		return v, err
	}
	slices.SortFunc(prs, func(a, b socialsvc.ProjectReport) int { return cmp.Compare(a.Number, b.Number) })
	lead := a.Write && d.h.canProject(ctx, prj.ID, true, false) == nil
	bundled := map[socialsvc.PartnerReportID]bool{}
	verified := map[socialsvc.ProjectReportID]socialsvc.Date{}
	for _, x := range prs {
		verified[x.ID] = x.VerifiedOn
		if x.Status != socialsvc.ProjectReportReturned {
			for _, id := range x.PartnerReportIDs {
				bundled[id] = true
			}
		}
		rr, err := report.ProjectReportOf(ctx, d.h.store, x.ID, d.reportOptions(p.Lang))
		if err != nil {
			return v, err
		}
		v.Reports = append(v.Reports, cyProjectReportRow{ID: x.ID, Number: x.Number, Period: x.Period, Status: string(x.Status),
			StatusTxt: x.Status.Label(p.Lang), Reports: len(x.PartnerReportIDs), Certified: rr.Certified.Format(p.Lang), Version: x.Version,
			Action:    p.Href("/project-reports/" + url.PathEscape(string(x.ID)) + "/transition"),
			CanSubmit: (lead || v.Admin) && (x.Status == socialsvc.ProjectReportDraft || x.Status == socialsvc.ProjectReportReturned),
			CanStep:   v.Admin && x.Status == socialsvc.ProjectReportSubmitted,
			Links:     cycleLinks("/api/v1/project-reports/" + url.PathEscape(string(x.ID)) + "/reports/project-report")})
	}
	if lead || v.Admin {
		reports, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.PartnerReport], error) {
			return c.ListPartnerReports(ctx, store.PartnerReportFilter{ProjectID: prj.ID, Status: socialsvc.ReportCertified, ListOptions: o})
		})
		if err != nil {
			return v, err
		}
		by := map[int][]socialsvc.PartnerReportID{}
		for _, x := range reports {
			if !bundled[x.ID] {
				by[x.Period] = append(by[x.Period], x.ID)
			}
		}
		for _, per := range prj.Periods {
			if ids := by[per.Number]; len(ids) > 0 {
				v.Bundles = append(v.Bundles, cyBundle{Period: per.Number, IDs: ids, Text: p.N("cy_bundle_n", len(ids))})
			}
		}
	}

	v.Statement = cyDownload{ID: "dl-payment-statement", Name: p.Tr("cyclereports.kind.payment_statement"),
		Links: cycleLinks("/api/v1/projects/" + url.PathEscape(string(prj.ID)) + "/reports/payment-statement")}
	st, err := report.PaymentStatementOf(ctx, d.h.store, prj.ID, d.reportOptions(p.Lang))
	if err != nil {
		return v, err
	}
	pays, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Payment], error) {
		return c.ListPayments(ctx, store.ProjectScope{ProjectID: prj.ID, ListOptions: o})
	})
	if err != nil {
		return v, err
	}
	ver := map[socialsvc.PaymentID]int64{}
	for _, x := range pays {
		ver[x.ID] = x.Version
	}
	today := socialsvc.DateOf(d.h.opts.Now())
	for _, l := range st.Payments {
		row := cyPaymentRow{ID: l.PaymentID, Partner: l.Partner, Fund: l.Fund, ReportNumber: l.ReportNumber,
			Certified: l.Certified.Format(p.Lang), FundAmount: l.FundAmount.Format(p.Lang), AdvanceSettled: l.AdvanceSettled.Format(p.Lang),
			Due: l.Due.Format(p.Lang), Version: ver[l.PaymentID], Open: l.Paid == nil,
			Action: p.Href("/payments/" + url.PathEscape(string(l.PaymentID)))}
		if l.Paid != nil {
			row.Paid = l.Paid.Format(p.Lang)
		}
		if l.PaidOn != nil {
			row.PaidOn = l.PaidOn.Format(p.Lang)
		}
		// The form offers the amount due, paid today (not before the
		// verification, which the store refuses).
		on := today
		if vd := verified[l.ProjectReportID]; on.Before(vd) {
			on = vd
		}
		row.PaidValue, row.PaidOnValue = moneyOut(p.Lang, l.Due), on.String()
		v.Payments = append(v.Payments, row)
	}
	for _, f := range st.Funds {
		v.Totals = append(v.Totals, cyPaymentRow{Fund: f.Fund, FundAmount: f.FundAmount.Format(p.Lang), AdvanceSettled: f.AdvanceSettled.Format(p.Lang),
			Due: f.Due.Format(p.Lang), Paid: f.Paid.Format(p.Lang)})
	}
	if ts := pickTables(st.Tables(p.Lang), p.Lang, "advances"); len(ts) == 1 {
		v.Advances = ts[0]
	}
	if v.Admin {
		v.AdvanceForm, err = d.advanceForm(ctx, p, prj, map[string]string{"paid_on": today.String()})
		if err != nil {
			return v, err
		}
	}
	return v, nil
}

// advanceFields are the fields of the advance form.
var advanceFields = []string{"partner_id", "fund_id", "amount", "paid_on"}

func (d *dashboard) advanceForm(ctx context.Context, p *page, prj *socialsvc.Project, values map[string]string) (formView, error) {
	f := formView{Heading: p.T["form_errors"], Action: p.Href("/projects/" + url.PathEscape(string(prj.ID)) + "/advances"), Submit: p.cy("add_advance")}
	partners, names, err := d.partnerNames(ctx, prj.ID)
	if err != nil {
		return f, err
	}
	var parts, funds []option
	seen := map[socialsvc.FundID]bool{}
	for _, pt := range partners {
		if pt.Role == socialsvc.RoleAssociated {
			continue
		}
		parts = append(parts, option{Value: string(pt.ID), Text: names[pt.ID], Selected: values["partner_id"] == string(pt.ID)})
		for _, cf := range pt.Funding {
			if !seen[cf.FundID] {
				seen[cf.FundID] = true
				fund, err := d.h.store.GetFund(ctx, cf.FundID)
				if err != nil {
					return f, err
				}
				funds = append(funds, option{Value: string(cf.FundID), Text: fund.Code, Selected: values["fund_id"] == string(cf.FundID)})
			}
		}
	}
	f.Fields = []inputField{
		{Name: "partner_id", Label: p.cy("f_partner"), Type: "select", Options: parts},
		{Name: "fund_id", Label: p.cy("f_fund"), Type: "select", Options: funds},
		{Name: "amount", Label: p.cy("f_advance_amount"), Type: "text", Value: values["amount"], Hint: p.cy("f_amount_hint")},
		{Name: "paid_on", Label: p.cy("f_paid_on"), Type: "date", Value: values["paid_on"]},
	}
	return f, nil
}

func (d *dashboard) cyPayments(w http.ResponseWriter, r *http.Request) {
	prj, a, ok := d.cyProject(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.cy("payments") + ": " + prj.Acronym
	v, err := d.cyPaymentsView(r, p, &prj, a)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if s := r.URL.Query().Get("saved"); slices.Contains([]string{"bundle", "step", "payment", "advance"}, s) {
		v.Saved = p.cy("saved_" + s)
	}
	p.Body = v
	d.render(w, r, http.StatusOK, "cycle_payments", p)
}

// cyPaymentsAgain shows the payments page again with the errors of a
// refused action.
func (d *dashboard) cyPaymentsAgain(w http.ResponseWriter, r *http.Request, prj *socialsvc.Project, a access, err error, edit func(p *page, v *cyPaymentsView)) {
	if !userError(err) {
		d.fail(w, r, err)
		return
	}
	p := d.newPage(r, "")
	p.Title = p.cy("payments") + ": " + prj.Acronym
	v, verr := d.cyPaymentsView(r, p, prj, a)
	if verr != nil {
		d.fail(w, r, verr)
		return
	}
	if edit != nil {
		edit(p, &v)
	} else {
		v.Errors = messages(err, p.Lang)
	}
	p.Body = v
	status := StatusOf(err) // 400, 403 or 409
	d.render(w, r, status, "cycle_payments", p)
}

func (d *dashboard) cyPaymentsDone(w http.ResponseWriter, r *http.Request, id socialsvc.ProjectID, saved string) {
	http.Redirect(w, r, d.base+withLang("/projects/"+url.PathEscape(string(id))+"/payments?saved="+saved, pageLang(r)), http.StatusSeeOther)
}

// cyBundle creates a project report of the form's certified partner
// reports (partner_report_ids) for its period.
func (d *dashboard) cyBundle(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	prj, a, ok := d.cyProject(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := d.h.cycle()
	if err != nil {
		d.fail(w, r, err)
		return
	}
	pr := socialsvc.ProjectReport{ProjectID: prj.ID}
	for _, id := range r.PostForm["partner_report_ids"] {
		pr.PartnerReportIDs = append(pr.PartnerReportIDs, socialsvc.PartnerReportID(id))
	}
	err = d.h.canProject(ctx, prj.ID, true, false)
	if err == nil {
		if pr.Period, err = strconv.Atoi(r.PostForm.Get("period")); err != nil {
			err = formErr([]socialsvc.FieldError{socialsvc.NewFieldError("period", "int", "err.form.int", nil)})
		} else {
			err = c.CreateProjectReport(ctx, &pr)
		}
	}
	if err != nil {
		d.cyPaymentsAgain(w, r, &prj, a, err, nil)
		return
	}
	d.cyPaymentsDone(w, r, prj.ID, "bundle")
}

// cyPost reads a posted form of the payments page about a record that
// read gets (checking that the caller may see it) and returns its
// project with the caller's access; otherwise it answers and reports
// false.
func (d *dashboard) cyPost(w http.ResponseWriter, r *http.Request, read func() (socialsvc.ProjectID, error)) (socialsvc.Project, access, bool) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, access{}, false
	}
	if d.signInFirst(w, r) {
		return socialsvc.Project{}, access{}, false
	}
	id, err := read()
	if err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, access{}, false
	}
	prj, err := d.h.store.GetProject(r.Context(), id)
	if err != nil {
		d.fail(w, r, err)
		return prj, access{}, false
	}
	a, err := d.accessTo(r.Context(), prj.ID)
	if err != nil {
		d.fail(w, r, err)
		return prj, a, false
	}
	return prj, a, true
}

// cyProjectStep moves a project report: submitted by the lead partner,
// verified or returned by the programme (which creates the payments).
func (d *dashboard) cyProjectStep(w http.ResponseWriter, r *http.Request) {
	var x socialsvc.ProjectReport
	prj, a, ok := d.cyPost(w, r, func() (socialsvc.ProjectID, error) {
		var err error
		x, err = d.h.projectReportFor(r)
		return x.ProjectID, err
	})
	if !ok {
		return
	}
	ctx := r.Context()
	var err error
	if pr := PrincipalFrom(ctx); pr.Role != RoleAdmin && pr.Role != RoleEditor {
		err = errForbidden
	} else {
		_, err = store.TransitionProjectReport(ctx, d.h.store, x.ID, formVersion(r),
			socialsvc.ProjectReportStatus(r.PostForm.Get("to")), strings.TrimSpace(r.PostForm.Get("reason")))
	}
	if err != nil {
		d.cyPaymentsAgain(w, r, &prj, a, err, nil)
		return
	}
	d.cyPaymentsDone(w, r, prj.ID, "step")
}

// cyRecordPayment records what was paid of a payment and when, at the
// version the page was read at (store.RecordPayment: once, by the
// programme, from zero up to the amount due).
func (d *dashboard) cyRecordPayment(w http.ResponseWriter, r *http.Request) {
	var pay socialsvc.Payment
	prj, a, ok := d.cyPost(w, r, func() (socialsvc.ProjectID, error) {
		var err error
		pay, err = d.h.paymentFor(r)
		return pay.ProjectID, err
	})
	if !ok {
		return
	}
	ctx := r.Context()
	var err error
	lang := pageLang(r)
	f := r.PostForm
	var bad []socialsvc.FieldError
	paid, fe := moneyIn(lang, "paid", strings.TrimSpace(f.Get("paid")), prj.Currency)
	if fe != nil {
		bad = append(bad, *fe)
	}
	on, fe := dateIn("paid_on", strings.TrimSpace(f.Get("paid_on")))
	if fe != nil {
		bad = append(bad, *fe)
	}
	if len(bad) > 0 {
		err = formErr(bad)
	} else {
		_, err = store.RecordPayment(ctx, d.h.store, pay.ID, formVersion(r), paid, on)
	}
	if err != nil {
		d.cyPaymentsAgain(w, r, &prj, a, err, func(p *page, v *cyPaymentsView) {
			for i := range v.Payments {
				if v.Payments[i].ID == pay.ID {
					row := &v.Payments[i]
					row.PaidValue, row.PaidOnValue = f.Get("paid"), f.Get("paid_on")
					for _, fe := range socialsvc.ErrorFields(err) {
						row.Errors = append(row.Errors, joinNonEmpty(": ", p.cy("f_"+fe.Field), fe.MessageIn(p.Lang)))
					}
					if len(row.Errors) == 0 {
						row.Errors = messages(err, p.Lang)
					}
					v.Errors = append(v.Errors, row.Partner+": "+strings.Join(row.Errors, "; "))
				}
			}
		})
		return
	}
	d.cyPaymentsDone(w, r, prj.ID, "payment")
}

// cyAdvance records an advance paid to a partner for a fund.
func (d *dashboard) cyAdvance(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	prj, a, ok := d.cyProject(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	lang := pageLang(r)
	values := map[string]string{}
	for _, k := range advanceFields {
		values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	err := func() error {
		if PrincipalFrom(ctx).Role != RoleAdmin {
			return errForbidden
		}
		c, err := d.h.cycle()
		if err != nil {
			return err
		}
		adv := socialsvc.Advance{ProjectID: prj.ID, PartnerID: socialsvc.PartnerID(values["partner_id"]),
			FundID: socialsvc.FundID(values["fund_id"])}
		var bad []socialsvc.FieldError
		var fe *socialsvc.FieldError
		if adv.Amount, fe = moneyIn(lang, "amount", values["amount"], prj.Currency); fe != nil {
			bad = append(bad, *fe)
		}
		if adv.PaidOn, fe = dateIn("paid_on", values["paid_on"]); fe != nil {
			bad = append(bad, *fe)
		}
		if len(bad) > 0 {
			return formErr(bad)
		}
		return c.CreateAdvance(ctx, &adv)
	}()
	if err != nil {
		d.cyPaymentsAgain(w, r, &prj, a, err, func(p *page, v *cyPaymentsView) {
			f, ferr := d.advanceForm(ctx, p, &prj, values)
			if ferr != nil {
				v.Errors = messages(err, p.Lang)
				return
			}
			f.setErrors(err, p.Lang, func(s string) string {
				if slices.Contains(advanceFields, s) {
					return s
				}
				if s == "amount.currency" {
					return "amount"
				}
				return ""
			}, nil)
			v.AdvanceForm = f
		})
		return
	}
	d.cyPaymentsDone(w, r, prj.ID, "advance")
}

// cyStep is one step form of the report page ("cy-step").
type cyStep struct {
	Name, Action, CSRF, To, Hint, Button, ReasonLabel string
	Version                                           int64
	Reason                                            bool
}

// Step returns the form of the step to status to, whose labels are
// cy_step_<name> (button) and cy_step_<name>_hint; reason adds the
// reason field the step needs.
func (v cyReportView) Step(p *page, to, name string, reason bool) cyStep {
	return cyStep{Name: name, Action: p.Href("/partner-reports/" + url.PathEscape(string(v.ID)) + "/transition"), CSRF: p.CSRF,
		To: to, Hint: p.cy("step_" + name + "_hint"), Button: p.cy("step_" + name), ReasonLabel: p.cy("reason"), Version: v.Version, Reason: reason}
}

// cyPRStep is one step form of a project report ("cy-prr-step").
type cyPRStep struct {
	cyStep
	Number int
}

// Step returns the form of the project report's step to status to
// (labels cy_step_<name>).
func (row cyProjectReportRow) Step(p *page, to, name string, reason bool) cyPRStep {
	return cyPRStep{Number: row.Number, cyStep: cyStep{Name: name, Action: row.Action, CSRF: p.CSRF, To: to, Button: p.cy("step_" + name),
		ReasonLabel: p.cy("reason"), Version: row.Version, Reason: reason}}
}

// cyMessages is the error summary of a cycle page ("cy-errors").
type cyMessages struct {
	Heading string
	List    []string
}

// Messages returns the summary of list under the page's heading for form
// errors.
func (p *page) Messages(list []string) cyMessages {
	return cyMessages{Heading: p.T["form_errors"], List: list}
}
