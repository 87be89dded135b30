package httpapi

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// denied reports whether err is the access rules saying no (or "no such
// record", which is how they hide unpublished projects), as opposed to a
// failure.
func denied(err error) bool {
	switch socialsvc.ErrorCode(err) {
	case socialsvc.Forbidden, socialsvc.Unauthenticated, socialsvc.NotFound:
		return true
	}
	return false
}

// access is what the caller may do with a project, as canProject decides:
// Public is the published summary and aggregates, Full every record
// (partners, funding, indicators, events), Write the editing views.
type access struct {
	Public, Full, Write bool
}

func (d *dashboard) accessTo(ctx context.Context, id socialsvc.ProjectID) (access, error) {
	var a access
	check := func(write, public bool) (bool, error) {
		err := d.h.canProject(ctx, id, write, public)
		if err == nil {
			return true, nil
		}
		if denied(err) {
			return false, nil
		}
		return false, err
	}
	var err error
	if a.Public, err = check(false, true); err != nil || !a.Public {
		return a, err
	}
	if a.Full, err = check(false, false); err != nil || !a.Full {
		return a, err
	}
	a.Write, err = check(true, false)
	return a, err
}

func (d *dashboard) reportOptions(lang socialsvc.Lang) report.Options {
	return report.Options{Lang: lang, Now: d.h.opts.Now, TargetGroups: d.h.opts.TargetGroups}
}

// projectCard is one project of the portfolio page.
type projectCard struct {
	ID        socialsvc.ProjectID
	Acronym   string
	Title     string
	Programme string
	Status    socialsvc.Status
	StatusTxt string
	Period    string
	Full      bool
	Budget    string
	EU        string
	EUPercent string
	Funds     []string
}

// portfolioView is the body of the portfolio page.
type portfolioView struct {
	Projects []projectCard
	Hidden   int // projects whose figures need a sign-in
	Chart    *chartView
	Tables   []tableView
	OrgLinks []downloadLink
	// Problem says why the figures are missing when the portfolio report
	// could not total them.
	Problem string
}

// portfolio lists the projects the caller may see, with the budget and EU
// share of those it may read in full, and totals by fund and status over
// them: all from report.PortfolioOf, so that the page shows the portfolio
// report's figures rather than sums of its own.
func (d *dashboard) portfolio(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := d.newPage(r, "")
	p.Title = p.T["portfolio"]
	var projects []socialsvc.Project
	f := store.ProjectFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := d.h.store.ListProjects(ctx, f)
		if err != nil {
			d.fail(w, r, err)
			return
		}
		projects = append(projects, pg.Items...)
		if pg.NextCursor == "" {
			break
		}
		f.Cursor = pg.NextCursor
	}
	slices.SortFunc(projects, func(a, b socialsvc.Project) int {
		return cmp.Or(b.Start.Compare(a.Start), cmp.Compare(a.Acronym, b.Acronym), cmp.Compare(a.ID, b.ID))
	})
	v := portfolioView{}
	var full []socialsvc.ProjectID
	for _, prj := range projects {
		a, err := d.accessTo(ctx, prj.ID)
		if err != nil {
			d.fail(w, r, err)
			return
		}
		if !a.Public {
			continue
		}
		if a.Full {
			full = append(full, prj.ID)
		} else {
			v.Hidden++
		}
		v.Projects = append(v.Projects, projectCard{ID: prj.ID, Acronym: prj.Acronym, Title: prj.Title.In(p.Lang, prj.Languages...), Programme: prj.Programme,
			Status: prj.Status, StatusTxt: prj.Status.Label(p.Lang), Period: period(prj.Start, prj.End, p.Lang), Full: a.Full})
	}
	if len(full) > 0 {
		po := d.reportOptions(p.Lang)
		po.Disclosure = report.Exact // projects the caller may read in full
		pf, err := report.PortfolioOf(ctx, d.h.store, full, po)
		switch {
		case socialsvc.ErrorCode(err) == socialsvc.Invalid:
			// Data the report cannot total (an expenditure currency
			// without a rate, say): the cards stay, the page says why.
			v.Problem = errorText(err, p.Lang)
		case err != nil:
			d.fail(w, r, err)
			return
		default:
			if err := v.fill(pf, p.Lang); err != nil {
				d.fail(w, r, err)
				return
			}
		}
	}
	if pr := p.Principal; pr.OrgID != "" {
		if err := d.h.canOrgReports(ctx, pr.OrgID); err == nil {
			base := "/api/v1/organisations/" + url.PathEscape(string(pr.OrgID)) + "/reports/portfolio"
			v.OrgLinks = formatLinks(base, p.T)
		}
	}
	p.Body = v
	d.render(w, r, http.StatusOK, "portfolio", p)
}

// fill puts the portfolio report's figures on the cards, and its chart
// and its tables by fund and by status under them.
func (v *portfolioView) fill(pf *report.PortfolioReport, lang socialsvc.Lang) error {
	byID := make(map[socialsvc.ProjectID]*report.PortfolioProject, len(pf.Projects))
	for i := range pf.Projects {
		byID[pf.Projects[i].ProjectID] = &pf.Projects[i]
	}
	for i := range v.Projects {
		c := &v.Projects[i]
		pp, ok := byID[c.ID]
		if !ok {
			continue
		}
		if !pp.Budget.IsZero() {
			c.Budget = pp.Budget.Format(lang)
		}
		eu := socialsvc.NewTotal(pp.Currency)
		for _, f := range pp.Funds {
			c.Funds = append(c.Funds, cmp.Or(f.Code, f.Name.In(lang, pp.Languages...)))
			if f.Kind == socialsvc.FundEU {
				if err := eu.Add(f.Amount); err != nil {
					return err
				}
			}
		}
		m, err := eu.Money()
		if err != nil {
			return err
		}
		if !m.IsZero() {
			c.EU = m.Format(lang)
			if pc, ok, err := socialsvc.PercentOf(m, pp.Budget); err == nil && ok {
				c.EUPercent = report.PercentCell(pc).DisplayText(lang)
			}
		}
	}
	for _, ch := range pf.Charts(lang) {
		v.Chart = layoutChart(ch)
	}
	for _, t := range pf.Tables(lang) {
		if t.ID == "by_fund" || t.ID == "by_status" {
			v.Tables = append(v.Tables, viewTable(t, lang))
		}
	}
	return nil
}

// period writes a date range; the spaces inside each date ("1 Oct 2022")
// do not break, so that a narrow column wraps between the dates.
func period(start, end socialsvc.Date, lang socialsvc.Lang) string {
	nb := func(d socialsvc.Date) string { return strings.ReplaceAll(d.Format(lang), " ", "\u00a0") }
	return nb(start) + " – " + nb(end)
}

// downloadLink is a link to an API report.
type downloadLink struct {
	Label string
	Path  string // API path with its query
	Hint  string
}

// formatLinks lists the formats the API serves for a report at base
// ("/api/v1/projects/x/reports/financial").
func formatLinks(base string, l map[string]string) []downloadLink {
	return []downloadLink{
		{Label: "HTML", Path: base + ".html", Hint: l["fmt_html"]},
		{Label: "PDF", Path: base + ".pdf", Hint: l["fmt_pdf"]},
		{Label: "XLSX", Path: base + ".xlsx", Hint: l["fmt_xlsx"]},
		{Label: "CSV", Path: base + ".csv?lang=en", Hint: l["fmt_csv"]},
		{Label: "CSV (hr)", Path: base + ".csv?lang=hr", Hint: l["fmt_csv_hr"]},
		{Label: "JSON", Path: base + ".json", Hint: l["fmt_json"]},
	}
}

// partnerRow is one partner in the partners table.
type partnerRow struct {
	// Edit links to the organisation form when the caller may change the
	// organisation.
	Edit    string
	Number  string
	Name    string
	Short   string
	Role    string
	Lead    bool
	Country string
	Region  string
	City    string
}

// regionRow counts the partners of a NUTS region.
type regionRow struct {
	Code, Name string
	Partners   int
}

// figure is a headline figure of the project page.
type figure struct {
	Label, Value, Note string
}

// indicatorRow is one indicator with its progress.
type indicatorRow struct {
	ID, Code, Name, Kind, Unit string
	Baseline, Target, Achieved string
	Percent                    string
	Value, Max                 string // <progress> attributes, plain decimals
	HasTarget                  bool
}

// eventRow is one event of the timeline.
type eventRow struct {
	Date, Type, Title, Place, Organiser string
	Participants                        int // reported head count, 0 for none
	Online                              bool
	ISO                                 string
}

// eventYear groups the timeline by year.
type eventYear struct {
	Open   bool
	Year   int
	Count  int
	Events []eventRow
}

// projectView is the body of the project page.
type projectView struct {
	ID          socialsvc.ProjectID
	Acronym     string
	Title       string
	OtherTitle  string
	Status      socialsvc.Status
	StatusTxt   string
	Summary     [][2]string
	Regions     []string
	Groups      []string
	Description string
	Website     string
	Access      access
	Saved       bool
	// Modifications is the number of contract modifications.
	Modifications int

	Partners       []partnerRow
	PartnerRegions []regionRow
	Figures        []figure
	Funding        []tableView
	NoBudget       bool
	Chart          *chartView
	Indicators     []indicatorRow
	BenSummary     []figure
	// BenConfidential is the mark of exact (unprotected) beneficiary
	// counts, shown to admins and the project's partners.
	BenConfidential string
	Beneficiaries   []tableView
	BenNotes        []string
	Years           []eventYear
	EventCount      string
	Notes           []string
}

// visibleProject reads the project of the request's {id} path value when
// the caller may see it; otherwise it answers (404 for a project the
// caller may not see, as for one that does not exist) and reports false.
func (d *dashboard) visibleProject(w http.ResponseWriter, r *http.Request) (socialsvc.Project, access, bool) {
	id := socialsvc.ProjectID(r.PathValue("id"))
	a, err := d.accessTo(r.Context(), id)
	if err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, access{}, false
	}
	if !a.Public {
		d.notFound(w, r)
		return socialsvc.Project{}, access{}, false
	}
	prj, err := d.h.store.GetProject(r.Context(), id)
	if err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, access{}, false
	}
	return prj, a, true
}

// project renders a project: the summary and beneficiary statistics for
// everyone who may see it, the records for those who may read it in full.
func (d *dashboard) project(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	prj, a, ok := d.visibleProject(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, prj.Acronym)
	lang := p.Lang
	v := projectView{ID: prj.ID, Acronym: prj.Acronym, Title: prj.Title.In(lang, prj.Languages...), Status: prj.Status, StatusTxt: prj.Status.Label(lang),
		Description: prj.Description.In(lang, prj.Languages...), Website: prj.Website, Access: a, Saved: r.URL.Query().Get("saved") == "event"}
	if other := prj.Title.In(otherLang(lang)); other != v.Title {
		v.OtherTitle = other
	}
	add := func(label, value string) {
		if value != "" {
			v.Summary = append(v.Summary, [2]string{p.T[label], value})
		}
	}
	add("programme", prj.Programme)
	add("call", prj.Call)
	add("priority_axis", prj.PriorityAxis)
	add("specific_objective", prj.SpecificObjective)
	add("period", period(prj.Start, prj.End, lang))
	if len(prj.Modifications) > 0 {
		v.Summary = append(v.Summary, [2]string{p.Tr("forms.contract_end"), prj.ContractEnd().Format(lang)})
	}
	v.Modifications = len(prj.Modifications)
	add("status", prj.Status.Label(lang))
	add("currency", string(prj.Currency))
	for _, rg := range prj.Regions {
		name := rg.Name
		if name == "" {
			name = socialsvc.RegionName(rg.Code, rg.Version)
		}
		v.Regions = append(v.Regions, joinNonEmpty(" ", rg.Code, name))
	}
	cat := d.h.opts.TargetGroups
	if cat == nil {
		cat = socialsvc.DefaultTargetGroups()
	}
	for _, g := range prj.TargetGroups {
		v.Groups = append(v.Groups, cat.Label(g, lang))
	}
	ro := d.reportOptions(lang)

	// Beneficiary statistics: the protected public release for everyone,
	// exact (and marked confidential) for admins and the project's
	// partners.
	bo := ro
	if a.Full {
		bo.Disclosure = report.Exact
	}
	ben, err := report.Beneficiaries(ctx, d.h.store, prj.ID, bo)
	switch {
	case err == nil:
		v.BenSummary = []figure{
			{Label: p.T["individuals"], Value: report.CountCell(ben.Individuals).DisplayText(lang)},
			{Label: p.T["visits"], Value: report.CountCell(ben.Visits).DisplayText(lang)},
		}
		// Below MinCount people every breakdown is "<5" throughout:
		// the tables would say nothing the summary does not.
		if !ben.Individuals.Suppressed {
			v.Beneficiaries = pickTables(ben.Tables(lang), lang, "individuals_by_target_group", "individuals_by_age_band", "visits_by_period")
		}
		for _, n := range ben.Notes {
			if n.Code == "confidential" {
				// Exact counts: a banner above the figures, not one
				// note among others.
				v.BenConfidential = n.Text(lang)
				continue
			}
			v.BenNotes = append(v.BenNotes, n.Text(lang))
		}
	case socialsvc.ErrorCode(err) == socialsvc.Invalid:
		v.Notes = append(v.Notes, errorText(err, lang))
	default:
		d.fail(w, r, err)
		return
	}

	if a.Full {
		if err := d.fullProject(ctx, &v, &prj, p); err != nil {
			d.fail(w, r, err)
			return
		}
	}
	p.Body = v
	d.render(w, r, http.StatusOK, "project", p)
}

// roleRank orders partners as application forms do: the lead partner,
// the partners by number, then the associated partners.
func roleRank(r socialsvc.Role) int {
	switch r {
	case socialsvc.RoleLead:
		return 0
	case socialsvc.RolePartner:
		return 1
	}
	return 2
}

func otherLang(l socialsvc.Lang) socialsvc.Lang {
	if l == socialsvc.HR {
		return socialsvc.EN
	}
	return socialsvc.HR
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, s := range parts {
		if s == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += s
	}
	return out
}

// errorText is an invalid error's message for people reading lang: the
// field messages, which never carry the rejected values.
func errorText(err error, lang socialsvc.Lang) string {
	fields := socialsvc.ErrorFields(err)
	out := ""
	for _, f := range fields {
		msg := f.MessageIn(lang)
		out = joinNonEmpty("; ", out, msg)
	}
	if out == "" {
		out = socialsvc.ErrorMessage(err)
	}
	return out
}

// fullProject adds what needs full read access: partners, funding, the
// budget chart, indicators and events.
func (d *dashboard) fullProject(ctx context.Context, v *projectView, prj *socialsvc.Project, p *page) error {
	lang := p.Lang
	partners, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return d.h.store.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: prj.ID})
	})
	if err != nil {
		return err
	}
	slices.SortFunc(partners, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(roleRank(a.Role), roleRank(b.Role)), cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	orgName := map[socialsvc.PartnerID]string{}
	regions := map[string]*regionRow{}
	var regionOrder []string
	for _, pt := range partners {
		org, err := d.h.store.GetOrganisation(ctx, pt.OrgID)
		if err != nil {
			return err
		}
		row := partnerRow{Name: org.Name, Role: pt.Role.Label(lang), Lead: pt.Role == socialsvc.RoleLead,
			Country: countryName(org.Country, lang), City: org.City}
		if !p.Principal.Anonymous() && d.h.canOrganisation(ctx, org.ID) == nil {
			row.Edit = p.Href("/organisations/" + url.PathEscape(string(org.ID)) + "/edit")
		}
		if pt.Number > 0 {
			row.Number = strconv.Itoa(pt.Number)
		}
		if org.ShortName != "" && org.ShortName != org.Name {
			row.Short = org.ShortName
		}
		short := org.ShortName
		if short == "" {
			short = org.Name
		}
		orgName[pt.ID] = short
		if rg := org.Region; rg != nil {
			name := rg.Name
			if name == "" {
				name = socialsvc.RegionName(rg.Code, rg.Version)
			}
			row.Region = joinNonEmpty(" ", rg.Code, name)
			if regions[rg.Code] == nil {
				regions[rg.Code] = &regionRow{Code: rg.Code, Name: name}
				regionOrder = append(regionOrder, rg.Code)
			}
			regions[rg.Code].Partners++
		}
		v.Partners = append(v.Partners, row)
	}
	slices.Sort(regionOrder)
	for _, c := range regionOrder {
		v.PartnerRegions = append(v.PartnerRegions, *regions[c])
	}

	ro := d.reportOptions(lang)
	ro.Disclosure = report.Exact // the full view is for admins and partners only
	fin, err := report.Financial(ctx, d.h.store, prj.ID, ro)
	switch {
	case err == nil && fin.Total.Budget.IsZero() && fin.Total.Spent.IsZero():
		v.NoBudget = true
		for _, n := range fin.Notes {
			v.Notes = append(v.Notes, n.Text(lang))
		}
	case err == nil:
		budget := fin.Total.Budget.Format(lang)
		note := ""
		switch {
		case fin.Planning != nil:
			// The budget's own kuna figure, as its contract published it
			// (2SoKroG: 4.254.609,06 kn at 7,40), not the fixed rate.
			rate := i18n.FormatAmount(lang, fin.Planning.Rate.Shift(2).Round(0).IntPart()) // two decimals, in lang's digits
			note = "= " + fin.Planning.BudgetHRK.Format(lang) + " " + p.T["at_planning_rate"] + " " + rate + " (" + fin.Planning.Source + ")"
		case fin.Total.BudgetDual != nil:
			// The fixed rate, said so.
			note = "= " + fin.Total.BudgetDual.Format(lang) + " " + p.T["at_fixed_rate"]
		}
		v.Figures = append(v.Figures, figure{Label: p.T["total_budget"], Value: budget, Note: note})
		for _, f := range fin.Funds {
			fv := figure{Label: f.Code, Value: f.Amount.Format(lang)}
			if f.Code == "" {
				fv.Label = f.Name.In(lang, prj.Languages...)
			}
			if f.SharePercent != nil {
				fv.Note = report.PercentCell(*f.SharePercent).DisplayText(lang)
			}
			v.Figures = append(v.Figures, fv)
		}
		v.Figures = append(v.Figures, figure{Label: p.T["own"], Value: fin.Funding.Own.Format(lang)})
		spent := figure{Label: p.T["spent"], Value: fin.Total.Spent.Format(lang)}
		if fin.Total.AbsorptionPercent != nil {
			spent.Note = p.T["absorption"] + " " + report.PercentCell(*fin.Total.AbsorptionPercent).DisplayText(lang)
		}
		v.Figures = append(v.Figures, spent)
		v.Funding = pickTables(fin.Tables(lang), lang, "funds", "cofinancing")
		for _, c := range fin.Charts(lang) {
			if c.ID == "budget_vs_spent" {
				v.Chart = layoutChart(c)
			}
		}
		for _, n := range fin.Notes {
			v.Notes = append(v.Notes, n.Text(lang))
		}
		for _, n := range fin.Warnings {
			v.Notes = append(v.Notes, n.Text(lang))
		}
	case socialsvc.ErrorCode(err) == socialsvc.Invalid:
		v.Notes = append(v.Notes, errorText(err, lang))
	default:
		return err
	}

	ind, err := report.Indicators(ctx, d.h.store, prj.ID, ro)
	switch {
	case err == nil:
		for _, ip := range ind.Indicators {
			row := indicatorRow{ID: "ind-" + string(ip.IndicatorID), Code: ip.Code, Name: ip.Name.In(lang, prj.Languages...), Unit: ip.Unit,
				Kind:     p.T["kind_"+string(ip.Kind)],
				Baseline: report.DecimalCell(ip.Baseline).DisplayText(lang), Target: report.DecimalCell(ip.Target).DisplayText(lang),
				Achieved: report.DecimalCell(ip.Achieved).DisplayText(lang), HasTarget: ip.Target.IsPositive()}
			if ip.PercentOfTarget != nil {
				row.Percent = report.PercentCell(*ip.PercentOfTarget).DisplayText(lang)
			}
			if row.HasTarget {
				row.Max = ip.Target.String()
				val := ip.Achieved
				if val.GreaterThan(ip.Target) {
					val = ip.Target
				}
				if val.IsNegative() {
					val = val.Sub(val)
				}
				row.Value = val.String()
			}
			v.Indicators = append(v.Indicators, row)
		}
	case socialsvc.ErrorCode(err) == socialsvc.Invalid:
		v.Notes = append(v.Notes, errorText(err, lang))
	default:
		return err
	}

	events, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return d.h.store.ListEvents(ctx, store.EventFilter{ListOptions: o, ProjectID: prj.ID})
	})
	if err != nil {
		return err
	}
	slices.SortFunc(events, func(a, b socialsvc.Event) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	v.EventCount = report.IntCell(int64(len(events))).DisplayText(lang)
	for _, e := range events {
		date := e.Start.Format(lang)
		if !e.End.IsZero() && e.End != e.Start {
			date += " – " + e.End.Format(lang)
		}
		row := eventRow{Date: date, ISO: e.Start.String(), Type: e.Type.Label(lang), Title: e.Title.In(lang, prj.Languages...), Place: e.Place,
			Organiser: orgName[e.Organiser], Online: e.Online}
		row.Participants = max(e.ReportedParticipants, 0)
		if n := len(v.Years); n == 0 || v.Years[n-1].Year != e.Start.Year {
			v.Years = append(v.Years, eventYear{Year: e.Start.Year})
		}
		y := &v.Years[len(v.Years)-1]
		y.Events = append(y.Events, row)
	}
	for i := range v.Years {
		v.Years[i].Open = len(events) <= maxOpenEvents
		v.Years[i].Count = len(v.Years[i].Events)
	}
	return nil
}

// maxOpenEvents is the most events the timeline shows unfolded; longer
// timelines (Social Atelier's 300+ activities) show the years folded.
const maxOpenEvents = 60

// reportRow is one report of the downloads page.
type reportRow struct {
	Name, About string
	Links       []downloadLink
	// Missing says why the report cannot be made (and Links is empty);
	// Fix links to the form that can mend it, for a caller who may.
	Missing, Fix string
}

// reportsView is the body of the downloads page.
type reportsView struct {
	ID      socialsvc.ProjectID
	Acronym string
	Reports []reportRow
	Locked  bool // some reports need a sign-in
}

// reports lists the API's report URLs the caller may download: the
// beneficiary statistics and IATI for everyone who may see the project,
// the financial and indicator reports for those who may read it in full.
func (d *dashboard) reports(w http.ResponseWriter, r *http.Request) {
	prj, a, ok := d.visibleProject(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.T["downloads"] + ": " + prj.Acronym
	base := "/api/v1/projects/" + url.PathEscape(string(prj.ID)) + "/reports/"
	v := reportsView{ID: prj.ID, Acronym: prj.Acronym, Locked: !a.Full}
	if a.Full {
		v.Reports = append(v.Reports,
			reportRow{Name: p.T["rep_financial"], About: p.T["rep_financial_about"], Links: formatLinks(base+"financial", p.T)},
			reportRow{Name: p.T["rep_indicators"], About: p.T["rep_indicators_about"], Links: formatLinks(base+"indicators", p.T)})
	}
	iati := reportRow{Name: p.T["rep_iati"], About: p.T["rep_iati_about"]}
	lead, err := d.leadOrganisation(r.Context(), prj.ID)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if lead != nil && socialsvc.OrgIdentifier(*lead) == "" {
		// The file's identifiers start with the publisher's: without one
		// the API refuses it (reporting_org.iati_ref), so the page says
		// what is missing instead of linking to an error.
		iati.Missing = p.Tr("forms.iati_no_ref")
		if d.h.canOrganisation(r.Context(), lead.ID) == nil {
			iati.Fix = p.Href("/organisations/" + url.PathEscape(string(lead.ID)) + "/edit#f-iati_ref")
		}
	} else {
		iati.Links = []downloadLink{{Label: "IATI XML", Path: base + "iati.xml", Hint: p.T["fmt_xml"]}}
	}
	v.Reports = append(v.Reports,
		reportRow{Name: p.T["rep_beneficiaries"], About: p.T["rep_beneficiaries_about"], Links: formatLinks(base+"beneficiaries", p.T)},
		reportRow{Name: p.T["rep_participants"], About: p.T["rep_participants_about"], Links: formatLinks(base+"participants", p.T)},
		iati)
	p.Body = v
	d.render(w, r, http.StatusOK, "reports", p)
}

// leadOrganisation returns the organisation of the project's lead
// partner, or nil when the project has none.
func (d *dashboard) leadOrganisation(ctx context.Context, id socialsvc.ProjectID) (*socialsvc.Organisation, error) {
	partners, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return d.h.store.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: id})
	})
	if err != nil {
		return nil, err
	}
	for _, pt := range partners {
		if pt.Role == socialsvc.RoleLead {
			org, err := d.h.store.GetOrganisation(ctx, pt.OrgID)
			if err != nil {
				return nil, err
			}
			return &org, nil
		}
	}
	return nil, nil
}
