package report

import (
	"cmp"
	"context"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The reports of the reporting and payment cycle (socialsvc's
// PartnerReport, LineControl, ProjectReport, Payment and Advance): the
// partner report, the control certificate, the project report and the
// payment statement. Every figure in them is computed by the domain
// (socialsvc.SumPartnerReport, the payments the store created with
// socialsvc.ComputePayments); the reports only arrange them. They hold
// exact amounts of money and no personal data, and are meant for the
// project's partners, their controllers and the programme, not the
// public. Their labels come from the catalogue area cyclereports.

// Kinds of the cycle's reports.
const (
	KindPartnerReport      Kind = "partner_report"
	KindControlCertificate Kind = "control_certificate"
	KindProjectReport      Kind = "project_report"
	KindPaymentStatement   Kind = "payment_statement"
)

// cycleKinds are the kinds whose titles come from the cyclereports
// catalogue.
var cycleKinds = map[Kind]string{
	KindPartnerReport:      "cyclereports.kind.partner_report",
	KindControlCertificate: "cyclereports.kind.control_certificate",
	KindProjectReport:      "cyclereports.kind.project_report",
	KindPaymentStatement:   "cyclereports.kind.payment_statement",
}

// ct returns the cyclereports label id in lang.
func ct(lang socialsvc.Lang, id string) string { return i18n.T(lang, "cyclereports."+id) }

func reportStatusLabel(s socialsvc.ReportStatus, lang socialsvc.Lang) string {
	return ct(lang, "status."+string(s))
}

func projectReportStatusLabel(s socialsvc.ProjectReportStatus, lang socialsvc.Lang) string {
	return ct(lang, "status."+string(s))
}

func errorTypeLabel(t socialsvc.ErrorType, lang socialsvc.Lang) string {
	if !t.Valid() {
		return string(t)
	}
	return ct(lang, "error."+string(t))
}

func cyYesNo(b bool, lang socialsvc.Lang) string {
	if b {
		return ct(lang, "yes")
	}
	return ct(lang, "no")
}

// PartnerLine is a partner report's expenditure line as its report shows
// it: Declared is the converted amount (the line's own amount while a
// draft line in the project currency), Certified and Deducted the
// controller's decision (nil without one).
type PartnerLine struct {
	ExpenditureID  socialsvc.ExpenditureID `json:"expenditure_id"`
	Category       socialsvc.CostCategory  `json:"category"`
	Description    string                  `json:"description,omitempty"`
	InvoiceNumber  string                  `json:"invoice_number,omitempty"`
	InvoiceDate    socialsvc.Date          `json:"invoice_date"`
	PaymentDate    socialsvc.Date          `json:"payment_date,omitzero"`
	Amount         socialsvc.Money         `json:"amount"`
	VAT            socialsvc.Money         `json:"vat,omitzero"`
	VATRecoverable bool                    `json:"vat_recoverable,omitempty"`
	Declared       *socialsvc.Money        `json:"declared"`
	InSample       bool                    `json:"in_sample"`
	Certified      *socialsvc.Money        `json:"certified"`
	Deducted       *socialsvc.Money        `json:"deducted"`
	ErrorType      socialsvc.ErrorType     `json:"error_type,omitempty"`
	Comment        string                  `json:"comment,omitempty"`
	Parked         bool                    `json:"parked"`
}

// PartnerReportReport is the report of one partner report: what the
// partner declared, what its controller certified and deducted, by cost
// category (flat rates computed from the declared and from the certified
// lines), line by line (in invoice order) and by error type.
type PartnerReportReport struct {
	Header
	Currency      socialsvc.Currency        `json:"currency"`
	ReportID      socialsvc.PartnerReportID `json:"report_id"`
	PartnerID     socialsvc.PartnerID       `json:"partner_id"`
	Partner       string                    `json:"partner"`
	Number        int                       `json:"number"`
	Period        int                       `json:"period"`
	Status        socialsvc.ReportStatus    `json:"status"`
	RateMonth     socialsvc.Month           `json:"rate_month,omitzero"`
	SubmittedOn   socialsvc.Date            `json:"submitted_on,omitzero"`
	ControlOn     socialsvc.Date            `json:"control_on,omitzero"`
	CertifiedOn   socialsvc.Date            `json:"certified_on,omitzero"`
	Sums          socialsvc.ReportSums      `json:"sums"`
	Lines         []PartnerLine             `json:"lines"`
	Contributions []socialsvc.Contribution  `json:"contributions,omitempty"`
}

// cycleData is what the cycle's reports read of a partner report.
type cycleData struct {
	project socialsvc.Project
	partner socialsvc.Partner
	org     socialsvc.Organisation
	report  socialsvc.PartnerReport
	lines   []socialsvc.ReportExpenditure
	sums    socialsvc.ReportSums
}

func loadPartnerReport(ctx context.Context, s store.Store, id socialsvc.PartnerReportID) (*cycleData, error) {
	c, err := store.AsCycle(s)
	if err != nil {
		return nil, err
	}
	r, err := c.GetPartnerReport(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.GetProject(ctx, r.ProjectID)
	if err != nil {
		return nil, err
	}
	part, err := s.GetPartner(ctx, r.PartnerID)
	if err != nil {
		return nil, err
	}
	orgs, err := loadOrgs(ctx, s, []socialsvc.Partner{part})
	if err != nil {
		return nil, err
	}
	lines, err := listAll(ctx, func(cur string) (store.Page[socialsvc.ReportExpenditure], error) {
		return c.ListReportLines(ctx, store.ReportLineFilter{ReportID: id, ListOptions: page(cur)})
	})
	if err != nil {
		return nil, err
	}
	sums, err := socialsvc.SumPartnerReport(&p, &r, lines)
	if err != nil {
		return nil, err
	}
	return &cycleData{project: p, partner: part, org: orgs[part.OrgID], report: r, lines: lines, sums: sums}, nil
}

// cycleScope is the scope of a report of period n of p.
func cycleScope(p *socialsvc.Project, n int) Scope {
	sc := Scope{Period: n}
	for _, per := range p.Periods {
		if per.Number == n {
			sc.PeriodStart, sc.PeriodEnd = per.Start, per.End
		}
	}
	return sc
}

// PartnerReportOf returns the report of partner report id.
func PartnerReportOf(ctx context.Context, s store.Store, id socialsvc.PartnerReportID, o Options) (*PartnerReportReport, error) {
	d, err := loadPartnerReport(ctx, s, id)
	if err != nil {
		return nil, err
	}
	return buildPartnerReport(d, o), nil
}

func buildPartnerReport(d *cycleData, o Options) *PartnerReportReport {
	r := &d.report
	out := &PartnerReportReport{
		Header:   newHeader(KindPartnerReport, &d.project, cycleScope(&d.project, r.Period), o),
		Currency: d.project.Currency, ReportID: r.ID, PartnerID: r.PartnerID, Partner: orgLabel(d.org),
		Number: r.Number, Period: r.Period, Status: r.Status, RateMonth: r.RateMonth,
		SubmittedOn: r.SubmittedOn, ControlOn: r.ControlOn, CertifiedOn: r.CertifiedOn,
		Sums: d.sums, Lines: []PartnerLine{}, Contributions: r.Contributions,
	}
	if out.Sums.Categories == nil {
		out.Sums.Categories = []socialsvc.CategorySum{}
	}
	// Lines in the order of their invoices (date, then number), which is
	// how controllers read them; the ID breaks ties reproducibly.
	lines := slices.Clone(d.lines)
	slices.SortStableFunc(lines, func(a, b socialsvc.ReportExpenditure) int {
		if c := a.InvoiceDate.Compare(b.InvoiceDate); c != 0 {
			return c
		}
		if c := cmp.Compare(a.InvoiceNumber, b.InvoiceNumber); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for _, l := range lines {
		pl := PartnerLine{ExpenditureID: l.ID, Category: l.Category, Description: l.Description, InvoiceNumber: l.InvoiceNumber,
			InvoiceDate: l.InvoiceDate, PaymentDate: l.PaymentDate, Amount: l.Amount, VAT: l.VAT, VATRecoverable: l.VATRecoverable}
		if m, ok := l.Declared(d.project.Currency); ok {
			pl.Declared = &m
		}
		if c := l.Control; c != nil {
			pl.InSample, pl.ErrorType, pl.Comment, pl.Parked = c.InSample, c.ErrorType, c.Comment, c.Parked
			if !c.Parked {
				cert, ded := c.Certified, c.Deducted
				pl.Certified, pl.Deducted = &cert, &ded
			}
		}
		out.Lines = append(out.Lines, pl)
	}
	if d.sums.Unconverted > 0 {
		out.warnN("unconverted", d.sums.Unconverted, nil)
	}
	return out
}

// infoTable is a field/value table of a cycle report's particulars.
func infoTable(lang socialsvc.Lang, id string, rows [][2]Cell) Table {
	t := Table{ID: id, Title: ct(lang, "t.particulars"), RowHeaders: 1, Columns: []Column{
		{Key: "field", Label: tr(lang, "field"), Kind: CellText},
		{Key: "value", Label: tr(lang, "value"), Kind: CellText},
	}}
	for _, r := range rows {
		if r[1].Kind == CellEmpty {
			continue
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{r[0], r[1]}})
	}
	return t
}

func moneyCols(lang socialsvc.Lang, cur socialsvc.Currency, keys ...string) []Column {
	out := make([]Column, len(keys))
	for i, k := range keys {
		out[i] = moneyCol(k, ct(lang, "col."+k), cur)
	}
	return out
}

// textCol, moneyCol and dateCol are the columns the cycle's tables and
// the financial report's cycle table are made of.
func textCol(key, label string) Column { return Column{Key: key, Label: label, Kind: CellText} }

func moneyCol(key, label string, cur socialsvc.Currency) Column {
	return Column{Key: key, Label: label, Kind: CellMoney, Currency: cur}
}

func dateCol(key, label string) Column { return Column{Key: key, Label: label, Kind: CellDate} }

// headRows are the first rows of a cycle report's particulars: the
// project, the partner (none for a project report), the report's number
// and period.
func headRows(lang socialsvc.Lang, acronym, partner string, number, period int) [][2]Cell {
	rows := [][2]Cell{{TextCell(tr(lang, "project")), TextCell(acronym)}}
	if partner != "" {
		rows = append(rows, [2]Cell{TextCell(tr(lang, "partner")), TextCell(partner)})
	}
	return append(rows, [2]Cell{TextCell(ct(lang, "col.number")), IntCell(int64(number))},
		[2]Cell{TextCell(tr(lang, "period")), IntCell(int64(period))})
}

// deductionsTable is the table of deductions by error type of a partner
// report and of its control certificate.
func deductionsTable(lang socialsvc.Lang, cur socialsvc.Currency, ds []socialsvc.ErrorSum) Table {
	t := Table{ID: "deductions", Title: ct(lang, "t.deductions"), RowHeaders: 1, Columns: []Column{
		textCol("error_type", ct(lang, "col.error_type")),
		{Key: "lines", Label: ct(lang, "col.lines"), Kind: CellInt},
		moneyCol("deducted", ct(lang, "col.deducted"), cur),
	}}
	for _, e := range ds {
		t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(errorTypeLabel(e.ErrorType, lang)), IntCell(int64(e.Lines)), MoneyCell(e.Deducted)}})
	}
	if len(ds) == 0 {
		t.Notes = append(t.Notes, ct(lang, "note.no_deductions"))
	}
	return t
}

// moneyPair is one item of a chart of two amounts (declared and
// certified, fund amount and due).
type moneyPair struct {
	Label string
	A, B  socialsvc.Money
}

// pairChart is a bar chart of two series of amounts; nil without items.
func pairChart(lang socialsvc.Lang, id, title string, series [2]string, items []moneyPair) []Chart {
	if len(items) == 0 {
		return nil
	}
	ch := Chart{ID: id, Title: title, Kind: ChartBars, Series: series[:]}
	for _, it := range items {
		ch.Items = append(ch.Items, ChartItem{Label: it.Label, Bars: []ChartBar{
			{Value: it.A.Cents(), Display: it.A.Format(lang)}, {Value: it.B.Cents(), Display: it.B.Format(lang)}}})
	}
	return []Chart{ch}
}

// Tables implements Report.
func (r *PartnerReportReport) Tables(lang socialsvc.Lang) []Table {
	info := infoTable(lang, "partner_report", append(headRows(lang, r.Acronym, r.Partner, r.Number, r.Period),
		[2]Cell{TextCell(ct(lang, "col.status")), TextCell(reportStatusLabel(r.Status, lang))},
		[2]Cell{TextCell(ct(lang, "col.submitted_on")), DateCell(r.SubmittedOn)},
		[2]Cell{TextCell(ct(lang, "col.control_on")), DateCell(r.ControlOn)},
		[2]Cell{TextCell(ct(lang, "col.certified_on")), DateCell(r.CertifiedOn)},
	))
	if !r.RateMonth.IsZero() {
		info.Rows = append(info.Rows, Row{Cells: []Cell{TextCell(ct(lang, "col.rate_month")), TextCell(r.RateMonth.String())}})
	}
	cats := Table{ID: "categories", Title: ct(lang, "t.categories"), RowHeaders: 1, Columns: append([]Column{
		textCol("category", tr(lang, "category")),
		textCol("flat_rate", ct(lang, "col.flat_rate")),
	}, moneyCols(lang, r.Currency, "declared", "certified", "deducted", "parked")...)}
	for _, c := range r.Sums.Categories {
		cats.Rows = append(cats.Rows, Row{Cells: []Cell{TextCell(c.Category.Label(lang)), TextCell(cyYesNo(c.FlatRate, lang)),
			MoneyCell(c.Declared), MoneyCell(c.Certified), MoneyCell(c.Deducted), MoneyCell(c.Parked)}})
	}
	cats.Rows = append(cats.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), {},
		MoneyCell(r.Sums.Declared), MoneyCell(r.Sums.Certified), MoneyCell(r.Sums.Deducted), MoneyCell(r.Sums.Parked)}})

	lines := Table{ID: "lines", Title: ct(lang, "t.lines"), RowHeaders: 1, Columns: []Column{
		textCol("invoice_number", ct(lang, "col.invoice_number")),
		dateCol("invoice_date", ct(lang, "col.invoice_date")),
		dateCol("payment_date", ct(lang, "col.payment_date")),
		textCol("category", tr(lang, "category")),
		textCol("description", ct(lang, "col.description")),
		moneyCol("amount", tr(lang, "amount"), ""),
		textCol("currency", tr(lang, "currency")),
		moneyCol("vat", ct(lang, "col.vat"), ""),
		textCol("vat_recoverable", ct(lang, "col.vat_recoverable")),
		moneyCol("declared", ct(lang, "col.declared"), r.Currency),
		textCol("in_sample", ct(lang, "col.in_sample")),
		moneyCol("certified", ct(lang, "col.certified"), r.Currency),
		moneyCol("deducted", ct(lang, "col.deducted"), r.Currency),
		textCol("error_type", ct(lang, "col.error_type")),
		textCol("comment", ct(lang, "col.comment")),
		textCol("parked", ct(lang, "col.parked")),
	}}
	for _, l := range r.Lines {
		vat := Cell{}
		if !l.VAT.IsZero() {
			vat = MoneyCell(l.VAT)
		}
		et := Cell{}
		if l.ErrorType != "" {
			et = TextCell(errorTypeLabel(l.ErrorType, lang))
		}
		lines.Rows = append(lines.Rows, Row{Cells: []Cell{TextCell(l.InvoiceNumber), DateCell(l.InvoiceDate), DateCell(l.PaymentDate),
			TextCell(l.Category.Label(lang)), TextCell(l.Description), MoneyCell(l.Amount), TextCell(string(l.Amount.Currency())), vat,
			TextCell(cyYesNo(l.VATRecoverable, lang)), optMoney(l.Declared), TextCell(cyYesNo(l.InSample, lang)),
			optMoney(l.Certified), optMoney(l.Deducted), et, TextCell(l.Comment), TextCell(cyYesNo(l.Parked, lang))}})
	}

	ded := deductionsTable(lang, r.Currency, r.Sums.Deductions)
	var n int64
	var sum int64
	for _, e := range r.Sums.Deductions {
		n += int64(e.Lines)
		sum += e.Deducted.Cents()
	}
	ded.Rows = append(ded.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), IntCell(n), MoneyCell(socialsvc.Cents(sum, r.Currency))}})
	// Deductions of flat-rate categories follow from the certified base;
	// they have no error type of their own.
	for _, c := range r.Sums.Categories {
		if c.FlatRate && c.Deducted.IsPositive() {
			ded.Notes = append(ded.Notes, ct(lang, "note.flat_deductions"))
			break
		}
	}
	out := []Table{info, cats, lines, ded}
	if len(r.Contributions) > 0 {
		cs := Table{ID: "contributions", Title: ct(lang, "t.contributions"), RowHeaders: 1, Columns: []Column{
			textCol("source", ct(lang, "col.source")),
			textCol("name", ct(lang, "col.name")),
			moneyCol("amount", tr(lang, "amount"), r.Currency),
		}}
		for _, c := range r.Contributions {
			cs.Rows = append(cs.Rows, Row{Cells: []Cell{TextCell(contributionLabel(c.Source, lang)), TextCell(c.Name), MoneyCell(c.Amount)}})
		}
		out = append(out, cs)
	}
	return out
}

func contributionLabel(s socialsvc.ContributionSource, lang socialsvc.Lang) string {
	if !s.Valid() {
		return string(s)
	}
	return ct(lang, "contribution."+string(s))
}

// Charts implements Report: declared and certified by category.
func (r *PartnerReportReport) Charts(lang socialsvc.Lang) []Chart {
	if len(r.Sums.Categories) == 0 {
		return nil
	}
	ch := Chart{ID: "categories", Title: ct(lang, "t.categories"), Kind: ChartBars, Series: []string{ct(lang, "col.declared"), ct(lang, "col.certified")}}
	for _, c := range r.Sums.Categories {
		ch.Items = append(ch.Items, ChartItem{Label: c.Category.Label(lang), Bars: []ChartBar{
			{Value: c.Declared.Cents(), Display: c.Declared.Format(lang)}, {Value: c.Certified.Cents(), Display: c.Certified.Format(lang)}}})
	}
	return []Chart{ch}
}

// ControlCertificate is the controller's certificate of a certified
// partner report: the control body, the date, the sample and the totals
// declared, certified and deducted, with the statement they sign.
type ControlCertificate struct {
	Header
	Currency    socialsvc.Currency        `json:"currency"`
	ReportID    socialsvc.PartnerReportID `json:"report_id"`
	PartnerID   socialsvc.PartnerID       `json:"partner_id"`
	Partner     string                    `json:"partner"`
	Number      int                       `json:"number"`
	Period      int                       `json:"period"`
	ControlBody socialsvc.OrgID           `json:"control_body"`
	Controller  string                    `json:"controller"`
	CertifiedOn socialsvc.Date            `json:"certified_on"`
	Lines       int                       `json:"lines"`
	SampleSize  int                       `json:"sample_size"`
	// SampleDeclared is the declared amount of the lines in the sample.
	SampleDeclared socialsvc.Money      `json:"sample_declared"`
	Declared       socialsvc.Money      `json:"declared"`
	Certified      socialsvc.Money      `json:"certified"`
	Deducted       socialsvc.Money      `json:"deducted"`
	Parked         socialsvc.Money      `json:"parked"`
	Deductions     []socialsvc.ErrorSum `json:"deductions"`
}

// errNotCertified refuses the certificate of a report not yet certified.
var errNotCertified = socialsvc.NewError(socialsvc.Conflict, "err.status.control_certificate", nil,
	socialsvc.NewFieldError("status", "certified", "err.status.control_certificate", nil))

// ControlCertificateOf returns the control certificate of partner report
// id, which must be certified (a conflict naming status otherwise).
func ControlCertificateOf(ctx context.Context, s store.Store, id socialsvc.PartnerReportID, o Options) (*ControlCertificate, error) {
	d, err := loadPartnerReport(ctx, s, id)
	if err != nil {
		return nil, err
	}
	if d.report.Status != socialsvc.ReportCertified {
		return nil, errNotCertified
	}
	body := socialsvc.Organisation{ID: d.partner.ControlBody, Name: string(d.partner.ControlBody)}
	if d.partner.ControlBody != "" {
		orgs, err := loadOrgs(ctx, s, []socialsvc.Partner{{OrgID: d.partner.ControlBody}})
		if err != nil {
			return nil, err
		}
		body = orgs[d.partner.ControlBody]
	}
	return buildControlCertificate(d, body, o), nil
}

func buildControlCertificate(d *cycleData, body socialsvc.Organisation, o Options) *ControlCertificate {
	cur := d.project.Currency
	c := &ControlCertificate{
		Header:   newHeader(KindControlCertificate, &d.project, cycleScope(&d.project, d.report.Period), o),
		Currency: cur, ReportID: d.report.ID, PartnerID: d.partner.ID, Partner: orgLabel(d.org),
		Number: d.report.Number, Period: d.report.Period, ControlBody: body.ID, Controller: body.Name,
		CertifiedOn: d.report.CertifiedOn, Lines: len(d.lines),
		Declared: d.sums.Declared, Certified: d.sums.Certified, Deducted: d.sums.Deducted, Parked: d.sums.Parked,
		Deductions: d.sums.Deductions,
	}
	if c.Deductions == nil {
		c.Deductions = []socialsvc.ErrorSum{}
	}
	var sample int64
	for _, l := range d.lines {
		if l.Control != nil && l.Control.InSample {
			c.SampleSize++
			if m, ok := l.Declared(cur); ok {
				sample += m.Cents()
			}
		}
	}
	c.SampleDeclared = socialsvc.Cents(sample, cur)
	return c
}

// Statement is the certificate's statement in lang.
func (c *ControlCertificate) Statement(lang socialsvc.Lang) string {
	return i18n.Tf(lang, "cyclereports.statement", map[string]any{
		"Body": c.Controller, "Partner": c.Partner, "Number": c.Number, "Project": c.Acronym,
		"Declared": c.Declared.Format(lang), "Certified": c.Certified.Format(lang), "Deducted": c.Deducted.Format(lang),
	})
}

// Tables implements Report.
func (c *ControlCertificate) Tables(lang socialsvc.Lang) []Table {
	rows := headRows(lang, c.Acronym, c.Partner, c.Number, c.Period)
	for _, f := range []struct {
		key  string
		cell Cell
	}{
		{"control_body", TextCell(c.Controller)}, {"certified_on", DateCell(c.CertifiedOn)},
		{"lines", IntCell(int64(c.Lines))}, {"sample_size", IntCell(int64(c.SampleSize))},
		{"sample_declared", MoneyCell(c.SampleDeclared)}, {"declared", MoneyCell(c.Declared)},
		{"certified", MoneyCell(c.Certified)}, {"deducted", MoneyCell(c.Deducted)}, {"parked", MoneyCell(c.Parked)},
	} {
		rows = append(rows, [2]Cell{TextCell(ct(lang, "col."+f.key)), f.cell})
	}
	info := infoTable(lang, "certificate", rows)
	info.Notes = append(info.Notes, c.Statement(lang))
	return []Table{info, deductionsTable(lang, c.Currency, c.Deductions)}
}

// Charts implements Report; the certificate has none.
func (c *ControlCertificate) Charts(socialsvc.Lang) []Chart { return nil }

// ProjectReportPart is one partner report bundled in a project report.
type ProjectReportPart struct {
	ReportID  socialsvc.PartnerReportID `json:"report_id"`
	PartnerID socialsvc.PartnerID       `json:"partner_id"`
	Partner   string                    `json:"partner"`
	Number    int                       `json:"number"`
	Declared  socialsvc.Money           `json:"declared"`
	Certified socialsvc.Money           `json:"certified"`
	Deducted  socialsvc.Money           `json:"deducted"`
}

// ProjectReportReport is the report of a project report: the partner
// reports it bundles with what each declared and had certified, and the
// totals.
type ProjectReportReport struct {
	Header
	Currency    socialsvc.Currency            `json:"currency"`
	ReportID    socialsvc.ProjectReportID     `json:"report_id"`
	Number      int                           `json:"number"`
	Period      int                           `json:"period"`
	Status      socialsvc.ProjectReportStatus `json:"status"`
	SubmittedOn socialsvc.Date                `json:"submitted_on,omitzero"`
	VerifiedOn  socialsvc.Date                `json:"verified_on,omitzero"`
	Parts       []ProjectReportPart           `json:"partner_reports"`
	Declared    socialsvc.Money               `json:"declared"`
	Certified   socialsvc.Money               `json:"certified"`
	Deducted    socialsvc.Money               `json:"deducted"`
}

// ProjectReportOf returns the report of project report id.
func ProjectReportOf(ctx context.Context, s store.Store, id socialsvc.ProjectReportID, o Options) (*ProjectReportReport, error) {
	c, err := store.AsCycle(s)
	if err != nil {
		return nil, err
	}
	pr, err := c.GetProjectReport(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.GetProject(ctx, pr.ProjectID)
	if err != nil {
		return nil, err
	}
	cur := p.Currency
	out := &ProjectReportReport{Header: newHeader(KindProjectReport, &p, cycleScope(&p, pr.Period), o),
		Currency: cur, ReportID: pr.ID, Number: pr.Number, Period: pr.Period, Status: pr.Status,
		SubmittedOn: pr.SubmittedOn, VerifiedOn: pr.VerifiedOn, Parts: []ProjectReportPart{}}
	var dec, cert, ded int64
	for _, rid := range pr.PartnerReportIDs {
		d, err := loadPartnerReport(ctx, s, rid)
		if err != nil {
			return nil, err
		}
		out.Parts = append(out.Parts, ProjectReportPart{ReportID: rid, PartnerID: d.partner.ID, Partner: orgLabel(d.org), Number: d.report.Number,
			Declared: d.sums.Declared, Certified: d.sums.Certified, Deducted: d.sums.Deducted})
		dec += d.sums.Declared.Cents()
		cert += d.sums.Certified.Cents()
		ded += d.sums.Deducted.Cents()
	}
	out.Declared, out.Certified, out.Deducted = socialsvc.Cents(dec, cur), socialsvc.Cents(cert, cur), socialsvc.Cents(ded, cur)
	return out, nil
}

// Tables implements Report.
func (r *ProjectReportReport) Tables(lang socialsvc.Lang) []Table {
	info := infoTable(lang, "project_report", append(headRows(lang, r.Acronym, "", r.Number, r.Period),
		[2]Cell{TextCell(ct(lang, "col.status")), TextCell(projectReportStatusLabel(r.Status, lang))},
		[2]Cell{TextCell(ct(lang, "col.submitted_on")), DateCell(r.SubmittedOn)},
		[2]Cell{TextCell(ct(lang, "col.verified_on")), DateCell(r.VerifiedOn)},
	))
	parts := Table{ID: "partner_reports", Title: ct(lang, "t.partner_reports"), RowHeaders: 1, Columns: append([]Column{
		textCol("partner", tr(lang, "partner")),
		{Key: "number", Label: ct(lang, "col.number"), Kind: CellInt},
	}, moneyCols(lang, r.Currency, "declared", "certified", "deducted")...)}
	for _, p := range r.Parts {
		parts.Rows = append(parts.Rows, Row{Cells: []Cell{TextCell(p.Partner), IntCell(int64(p.Number)), MoneyCell(p.Declared), MoneyCell(p.Certified), MoneyCell(p.Deducted)}})
	}
	parts.Rows = append(parts.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), {}, MoneyCell(r.Declared), MoneyCell(r.Certified), MoneyCell(r.Deducted)}})
	return []Table{info, parts}
}

// Charts implements Report: declared and certified per partner.
func (r *ProjectReportReport) Charts(lang socialsvc.Lang) []Chart {
	items := make([]moneyPair, len(r.Parts))
	for i, p := range r.Parts {
		items[i] = moneyPair{Label: p.Partner, A: p.Declared, B: p.Certified}
	}
	return pairChart(lang, "partner_reports", ct(lang, "t.partner_reports"), [2]string{ct(lang, "col.declared"), ct(lang, "col.certified")}, items)
}

// PartnerFund names the partner and the fund of a payment or an advance.
type PartnerFund struct {
	PartnerID socialsvc.PartnerID `json:"partner_id"`
	Partner   string              `json:"partner"`
	FundID    socialsvc.FundID    `json:"fund_id"`
	Fund      string              `json:"fund"`
}

// PaymentLine is one payment of a payment statement.
type PaymentLine struct {
	PaymentID       socialsvc.PaymentID       `json:"payment_id"`
	ProjectReportID socialsvc.ProjectReportID `json:"project_report_id"`
	ReportNumber    int                       `json:"project_report_number"`
	PartnerFund
	RatePercent    decimal.Decimal  `json:"rate_percent"`
	Certified      socialsvc.Money  `json:"certified"`
	FundAmount     socialsvc.Money  `json:"fund_amount"`
	Own            socialsvc.Money  `json:"own_contribution"`
	AdvanceSettled socialsvc.Money  `json:"advance_settled"`
	Due            socialsvc.Money  `json:"due"`
	Paid           *socialsvc.Money `json:"paid"`
	PaidOn         *socialsvc.Date  `json:"paid_on"`
}

// AdvanceLine is one advance of a payment statement.
type AdvanceLine struct {
	AdvanceID socialsvc.AdvanceID `json:"advance_id"`
	PartnerFund
	Amount      socialsvc.Money `json:"amount"`
	PaidOn      socialsvc.Date  `json:"paid_on"`
	Settled     socialsvc.Money `json:"settled"`
	Outstanding socialsvc.Money `json:"outstanding"`
}

// FundPayments are a payment statement's totals of one fund.
type FundPayments struct {
	FundID         socialsvc.FundID `json:"fund_id"`
	Fund           string           `json:"fund"`
	FundAmount     socialsvc.Money  `json:"fund_amount"`
	Own            socialsvc.Money  `json:"own_contribution"`
	AdvanceSettled socialsvc.Money  `json:"advance_settled"`
	Due            socialsvc.Money  `json:"due"`
	Paid           socialsvc.Money  `json:"paid"`
}

// PaymentStatement is a project's payment statement: each payment (per
// verified project report, partner and fund) with the partner's certified
// total, the fund's share, the advance settled, what is due and what was
// paid; the totals per fund, which are the sums of the partners' rounded
// shares; and the advances with what of them is settled.
type PaymentStatement struct {
	Header
	Currency socialsvc.Currency `json:"currency"`
	Payments []PaymentLine      `json:"payments"`
	Funds    []FundPayments     `json:"funds"`
	Advances []AdvanceLine      `json:"advances"`
}

// PaymentStatementOf returns the payment statement of project. With
// Options.Period it covers the payments of that period's project reports
// (the advances are always all of them).
func PaymentStatementOf(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*PaymentStatement, error) {
	c, err := store.AsCycle(s)
	if err != nil {
		return nil, err
	}
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, Options{Period: o.Period})
	if err != nil {
		return nil, err
	}
	partners, err := loadPartners(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	orgs, err := loadOrgs(ctx, s, partners)
	if err != nil {
		return nil, err
	}
	names := map[socialsvc.PartnerID]string{}
	for _, pt := range partners {
		names[pt.ID] = orgLabel(orgs[pt.OrgID])
	}
	reports, err := listAll(ctx, func(cur string) (store.Page[socialsvc.ProjectReport], error) {
		return c.ListProjectReports(ctx, store.ProjectScope{ProjectID: p.ID, ListOptions: page(cur)})
	})
	if err != nil {
		return nil, err
	}
	byReport := map[socialsvc.ProjectReportID]socialsvc.ProjectReport{}
	for _, r := range reports {
		byReport[r.ID] = r
	}
	pays, err := listAll(ctx, func(cur string) (store.Page[socialsvc.Payment], error) {
		return c.ListPayments(ctx, store.ProjectScope{ProjectID: p.ID, ListOptions: page(cur)})
	})
	if err != nil {
		return nil, err
	}
	advs, err := listAll(ctx, func(cur string) (store.Page[socialsvc.Advance], error) {
		return c.ListAdvances(ctx, store.ProjectScope{ProjectID: p.ID, ListOptions: page(cur)})
	})
	if err != nil {
		return nil, err
	}
	funds := map[socialsvc.FundID]string{}
	fundName := func(id socialsvc.FundID) (string, error) {
		if n, ok := funds[id]; ok {
			return n, nil
		}
		f, err := s.GetFund(ctx, id)
		switch {
		case socialsvc.ErrorCode(err) == socialsvc.NotFound:
			funds[id] = string(id)
		case err != nil:
			return "", err
		default:
			funds[id] = f.Code
		}
		return funds[id], nil
	}
	cur := p.Currency
	out := &PaymentStatement{Header: newHeader(KindPaymentStatement, &p, sc, o), Currency: cur,
		Payments: []PaymentLine{}, Funds: []FundPayments{}, Advances: []AdvanceLine{}}
	type fsum struct{ amount, own, settled, due, paid int64 }
	var order []socialsvc.FundID
	sums := map[socialsvc.FundID]*fsum{}
	for _, pay := range pays {
		pr := byReport[pay.ProjectReportID]
		if sc.Period > 0 && pr.Period != sc.Period {
			continue
		}
		fn, err := fundName(pay.FundID)
		if err != nil {
			return nil, err
		}
		out.Payments = append(out.Payments, PaymentLine{PaymentID: pay.ID, ProjectReportID: pay.ProjectReportID, ReportNumber: pr.Number,
			PartnerFund: PartnerFund{PartnerID: pay.PartnerID, Partner: names[pay.PartnerID], FundID: pay.FundID, Fund: fn}, RatePercent: pay.RatePercent,
			Certified: pay.Certified, FundAmount: pay.FundAmount, Own: pay.Own, AdvanceSettled: pay.AdvanceSettled, Due: pay.Due,
			Paid: pay.Paid, PaidOn: pay.PaidOn})
		fs, ok := sums[pay.FundID]
		if !ok {
			fs = &fsum{}
			sums[pay.FundID] = fs
			order = append(order, pay.FundID)
		}
		fs.amount += pay.FundAmount.Cents()
		fs.own += pay.Own.Cents()
		fs.settled += pay.AdvanceSettled.Cents()
		fs.due += pay.Due.Cents()
		if pay.Paid != nil {
			fs.paid += pay.Paid.Cents()
		}
	}
	for _, id := range order {
		fs := sums[id]
		out.Funds = append(out.Funds, FundPayments{FundID: id, Fund: funds[id], FundAmount: socialsvc.Cents(fs.amount, cur), Own: socialsvc.Cents(fs.own, cur),
			AdvanceSettled: socialsvc.Cents(fs.settled, cur), Due: socialsvc.Cents(fs.due, cur), Paid: socialsvc.Cents(fs.paid, cur)})
	}
	for _, a := range advs {
		fn, err := fundName(a.FundID)
		if err != nil {
			return nil, err
		}
		out.Advances = append(out.Advances, AdvanceLine{AdvanceID: a.ID, PartnerFund: PartnerFund{PartnerID: a.PartnerID, Partner: names[a.PartnerID], FundID: a.FundID, Fund: fn},
			Amount: a.Amount, PaidOn: a.PaidOn, Settled: a.Settled, Outstanding: a.Outstanding()})
	}
	if len(out.Payments) == 0 {
		out.note("no_payments", nil)
	}
	return out, nil
}

// Tables implements Report.
func (r *PaymentStatement) Tables(lang socialsvc.Lang) []Table {
	partnerFund := []Column{textCol("partner", tr(lang, "partner")), textCol("fund", tr(lang, "fund"))}
	cols := append(slices.Clone(partnerFund),
		Column{Key: "project_report", Label: ct(lang, "col.project_report"), Kind: CellInt},
		Column{Key: "rate", Label: tr(lang, "rate"), Kind: CellPercent},
		moneyCol("certified", ct(lang, "col.certified"), r.Currency),
		moneyCol("fund_amount", ct(lang, "col.fund_amount"), r.Currency),
		moneyCol("own_contribution", tr(lang, "own"), r.Currency))
	cols = append(cols, moneyCols(lang, r.Currency, "advance_settled", "due", "paid")...)
	pays := Table{ID: "payments", Title: ct(lang, "t.payments"), RowHeaders: 2, Columns: append(cols, dateCol("paid_on", ct(lang, "col.paid_on")))}
	for _, p := range r.Payments {
		paidOn := Cell{}
		if p.PaidOn != nil {
			paidOn = DateCell(*p.PaidOn)
		}
		pays.Rows = append(pays.Rows, Row{Cells: []Cell{TextCell(p.Partner), TextCell(p.Fund), IntCell(int64(p.ReportNumber)), PercentCell(p.RatePercent),
			MoneyCell(p.Certified), MoneyCell(p.FundAmount), MoneyCell(p.Own), MoneyCell(p.AdvanceSettled), MoneyCell(p.Due), optMoney(p.Paid), paidOn}})
	}
	for _, f := range r.Funds {
		pays.Rows = append(pays.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), TextCell(f.Fund), {}, {},
			{}, MoneyCell(f.FundAmount), MoneyCell(f.Own), MoneyCell(f.AdvanceSettled), MoneyCell(f.Due), MoneyCell(f.Paid), {}}})
	}
	pays.Notes = append(pays.Notes, ct(lang, "note.rounding"))
	adv := Table{ID: "advances", Title: ct(lang, "t.advances"), RowHeaders: 2, Columns: append(partnerFund,
		moneyCol("amount", tr(lang, "amount"), r.Currency), dateCol("paid_on", ct(lang, "col.paid_on")),
		moneyCol("settled", ct(lang, "col.settled"), r.Currency), moneyCol("outstanding", ct(lang, "col.outstanding"), r.Currency))}
	for _, a := range r.Advances {
		adv.Rows = append(adv.Rows, Row{Cells: []Cell{TextCell(a.Partner), TextCell(a.Fund), MoneyCell(a.Amount), DateCell(a.PaidOn), MoneyCell(a.Settled), MoneyCell(a.Outstanding)}})
	}
	if len(r.Advances) == 0 {
		adv.Notes = append(adv.Notes, ct(lang, "note.no_advances"))
	}
	return []Table{pays, adv}
}

// Charts implements Report: the fund amount and what is due per partner.
func (r *PaymentStatement) Charts(lang socialsvc.Lang) []Chart {
	items := make([]moneyPair, len(r.Payments))
	for i, p := range r.Payments {
		items[i] = moneyPair{Label: p.Partner + " · " + p.Fund, A: p.FundAmount, B: p.Due}
	}
	return pairChart(lang, "payments", ct(lang, "t.payments"), [2]string{ct(lang, "col.fund_amount"), ct(lang, "col.due")}, items)
}
