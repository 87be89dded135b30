package report

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// PortfolioReport covers every project of an organisation (a city, an
// NGO): budget and expenditure per project and in total, by fund, status,
// year and region, and indicators summed across projects that share a
// code and unit. Amounts of different currencies are never added: every
// money row carries its currency and totals are per currency.
type PortfolioReport struct {
	Header
	Organisation string             `json:"organisation"`
	Projects     []PortfolioProject `json:"projects"`
	// Totals are per currency: the sums of the projects' rows.
	Totals   []CurrencyTotal `json:"totals"`
	ByFund   []FundRow       `json:"by_fund"`
	ByStatus []StatusRow     `json:"by_status"`
	ByYear   []YearRow       `json:"by_year"`
	// ByRegion counts a project in each of its regions, with its whole
	// budget: regions do not add up to the totals.
	ByRegion   []RegionRow          `json:"by_region"`
	Indicators []PortfolioIndicator `json:"indicators"`
}

// PortfolioProject is one project of the portfolio.
type PortfolioProject struct {
	ProjectID socialsvc.ProjectID `json:"project_id"`
	Acronym   string              `json:"acronym"`
	Title     socialsvc.I18n      `json:"title"`
	Status    socialsvc.Status    `json:"status"`
	Start     socialsvc.Date      `json:"start"`
	End       socialsvc.Date      `json:"end"`
	// Role is the organisation's role in the project.
	Role     socialsvc.Role     `json:"role"`
	Currency socialsvc.Currency `json:"currency"`
	Amounts
	// Funds are the project's fund totals as its financial report gives
	// them (socialsvc.ComputeFunding), own contribution excluded.
	Funds []FundInfo `json:"funds"`
	// Languages are the project's own languages, which its title falls
	// back to.
	Languages []socialsvc.Lang `json:"languages,omitempty"`
}

// CurrencyTotal sums the projects of one currency.
type CurrencyTotal struct {
	Currency socialsvc.Currency `json:"currency"`
	Projects int                `json:"projects"`
	Amounts
}

// FundRow is a fund's total over the portfolio in one currency; the row
// with an empty FundID and code "own" is the partners' own contribution.
type FundRow struct {
	FundID   socialsvc.FundID   `json:"fund_id"`
	Code     string             `json:"code"`
	Name     socialsvc.I18n     `json:"name"`
	Kind     socialsvc.FundKind `json:"kind,omitempty"`
	Currency socialsvc.Currency `json:"currency"`
	Projects int                `json:"projects"`
	Amount   socialsvc.Money    `json:"amount"`
}

// StatusRow sums the projects in one status and currency.
type StatusRow struct {
	Status   socialsvc.Status   `json:"status"`
	Currency socialsvc.Currency `json:"currency"`
	Projects int                `json:"projects"`
	Budget   socialsvc.Money    `json:"budget"`
	Spent    socialsvc.Money    `json:"spent"`
}

// YearRow is the expenditure of one calendar year and currency, and the
// number of projects running in that year. Year 0 holds expenditure dated
// outside the projects' years, so that the years add up to the totals.
type YearRow struct {
	Year     int                `json:"year"`
	Currency socialsvc.Currency `json:"currency"`
	Projects int                `json:"projects"`
	Spent    socialsvc.Money    `json:"spent"`
}

// RegionRow is the projects of one NUTS region (or "unknown_or_erased"
// for projects without one) in one currency.
type RegionRow struct {
	Region   string             `json:"region"`
	Name     string             `json:"name,omitempty"`
	Currency socialsvc.Currency `json:"currency"`
	Projects int                `json:"projects"`
	Budget   socialsvc.Money    `json:"budget"`
}

// PortfolioIndicator sums the indicators of one code and unit across the
// projects that have them.
type PortfolioIndicator struct {
	Code     string          `json:"code"`
	Unit     string          `json:"unit"`
	Name     socialsvc.I18n  `json:"name"`
	Projects int             `json:"projects"`
	Baseline decimal.Decimal `json:"baseline"`
	Target   decimal.Decimal `json:"target"`
	Achieved decimal.Decimal `json:"achieved"`
	// PercentOfTarget is Achieved / Target × 100; null for a zero target.
	PercentOfTarget *decimal.Decimal `json:"percent_of_target"`
	// AchievedWithheld is the reason a people-counting sum is withheld in
	// a protected report (any project's value withheld, or a date range
	// that is not a public release); Achieved is then null in JSON.
	AchievedWithheld string `json:"achieved_withheld,omitempty"`
}

// MarshalJSON writes a withheld Achieved as null.
func (pi PortfolioIndicator) MarshalJSON() ([]byte, error) {
	type plain PortfolioIndicator
	if pi.AchievedWithheld == "" {
		return json.Marshal(plain(pi))
	}
	return json.Marshal(struct {
		plain
		Achieved *decimal.Decimal `json:"achieved"`
	}{plain: plain(pi)})
}

// rlFigure reports whether indicator id of d counts people.
func rlFigure(d *indicatorData, id socialsvc.IndicatorID) (socialsvc.Indicator, bool) {
	for _, ind := range d.indicators {
		if ind.ID == id && protectedIndicator(&ind) {
			return ind, true
		}
	}
	return socialsvc.Indicator{}, false
}

// Portfolio computes the portfolio of an organisation: every project in
// which it is a partner of any role (store.ProjectFilter{OrgID}).
// Options.Period must be 0 (projects have periods of their own); From and
// To restrict expenditure and events. An unknown organisation is
// not_found; one without projects gives an empty report with a note.
func Portfolio(ctx context.Context, s store.Store, org socialsvc.OrgID, o Options) (*PortfolioReport, error) {
	if err := checkPortfolioOptions(o); err != nil {
		return nil, err
	}
	organisation, err := s.GetOrganisation(ctx, org)
	if err != nil {
		return nil, err
	}
	projects, err := listAll(ctx, func(c string) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{OrgID: org, ListOptions: page(c)})
	})
	if err != nil {
		return nil, err
	}
	r := newPortfolio(Header{Kind: KindPortfolio, OrgID: org, Acronym: organisation.ShortName, Title: catalogueText(func(socialsvc.Lang) string { return organisation.Name })}, o)
	r.Organisation = organisation.Name
	if len(projects) == 0 {
		r.Notes = append(r.Notes, newNote("no_projects", "report.note.no_projects_org", nil, nil))
		return r, nil
	}
	return r, r.build(ctx, s, projects, org, o)
}

// PortfolioOf computes the portfolio of the given projects, whoever their
// partners are: a city's or a programme's projects, or those a reader may
// see in full (the dashboard's overview). Roles are left empty. Options as
// for Portfolio; an unknown project is not_found; IDs named twice count
// once; no IDs give an empty report with a note.
func PortfolioOf(ctx context.Context, s store.Store, ids []socialsvc.ProjectID, o Options) (*PortfolioReport, error) {
	if err := checkPortfolioOptions(o); err != nil {
		return nil, err
	}
	var projects []socialsvc.Project
	seen := make(map[socialsvc.ProjectID]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, err := s.GetProject(ctx, id)
		if err != nil {
			return nil, err
		}
		projects = append(projects, p)
	}
	r := newPortfolio(Header{Kind: KindPortfolio, Title: catalogueID("domain.portfolio.title")}, o)
	if len(projects) == 0 {
		r.Notes = append(r.Notes, newNote("no_projects", "report.note.no_projects_selected", nil, nil))
		return r, nil
	}
	return r, r.build(ctx, s, projects, "", o)
}

func checkPortfolioOptions(o Options) error {
	if o.Period != 0 {
		return socialsvc.FieldErr("period", "portfolio_period", "err.period.portfolio_period")
	}
	return checkRange(o.From, o.To)
}

func newPortfolio(h Header, o Options) *PortfolioReport {
	h.Lang, h.Scope, h.GeneratedAt = o.lang(), Scope{From: o.From, To: o.To}, o.now().UTC().Truncate(1e9)
	h.Notes, h.Warnings = []Note{}, []Note{}
	return &PortfolioReport{Header: h, Projects: []PortfolioProject{}, Totals: []CurrencyTotal{}, ByFund: []FundRow{},
		ByStatus: []StatusRow{}, ByYear: []YearRow{}, ByRegion: []RegionRow{}, Indicators: []PortfolioIndicator{}}
}

// build fills r from projects; org, when set, names the organisation
// whose role each project row shows.
func (r *PortfolioReport) build(ctx context.Context, s store.Store, projects []socialsvc.Project, org socialsvc.OrgID, o Options) error {
	sc := r.Scope
	slices.SortFunc(projects, func(a, b socialsvc.Project) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Acronym, b.Acronym), cmp.Compare(a.ID, b.ID))
	})

	type curKey = socialsvc.Currency
	totals := map[curKey]*amountsAcc{}
	totalCount := map[curKey]int{}
	var curOrder []curKey
	type fundKey struct {
		id  socialsvc.FundID
		cur curKey
	}
	fundSum := map[fundKey]*socialsvc.Total{}
	fundProjects := map[fundKey]int{}
	fundInfo := map[socialsvc.FundID]FundInfo{}
	var fundOrder []fundKey
	type statusKey struct {
		st  socialsvc.Status
		cur curKey
	}
	statusAcc := map[statusKey]*StatusRow{}
	type yearKey struct {
		y   int
		cur curKey
	}
	yearAcc := map[yearKey]*YearRow{}
	type regionKey struct {
		code string
		cur  curKey
	}
	regionAcc := map[regionKey]*RegionRow{}
	type indKey struct{ code, unit string }
	indAcc := map[indKey]*PortfolioIndicator{}
	var indOrder []indKey

	for i := range projects {
		p := &projects[i]
		f, err := financialFor(ctx, s, p, sc, o)
		if err != nil {
			return err
		}
		cur := f.Currency
		role := socialsvc.Role("")
		for _, pt := range f.Partners {
			if pt.OrgID == org {
				role = pt.Role
			}
		}
		am := f.Total
		am.BudgetDual, am.SpentDual, am.RemainingDual = nil, nil, nil
		r.Projects = append(r.Projects, PortfolioProject{ProjectID: p.ID, Acronym: p.Acronym, Title: p.Title, Languages: p.Languages, Status: p.Status, Start: p.Start, End: p.End,
			Role: role, Currency: cur, Amounts: am, Funds: f.Funds})
		if _, ok := totals[cur]; !ok {
			curOrder = append(curOrder, cur)
		}
		if err := subAcc(totals, cur, cur, "").add(am); err != nil {
			return err
		}
		totalCount[cur]++

		for _, fi := range f.Funds {
			k := fundKey{fi.FundID, cur}
			if fundSum[k] == nil {
				t := socialsvc.NewTotal(cur)
				fundSum[k] = &t
				fundOrder = append(fundOrder, k)
			}
			if err := fundSum[k].Add(fi.Amount); err != nil {
				return err
			}
			fundProjects[k]++
			fundInfo[fi.FundID] = fi
		}
		ok := fundKey{"", cur}
		if fundSum[ok] == nil {
			t := socialsvc.NewTotal(cur)
			fundSum[ok] = &t
		}
		if err := fundSum[ok].Add(f.Funding.Own); err != nil {
			return err
		}
		fundProjects[ok]++

		sk := statusKey{p.Status, cur}
		if statusAcc[sk] == nil {
			statusAcc[sk] = &StatusRow{Status: p.Status, Currency: cur, Budget: socialsvc.Zero(cur), Spent: socialsvc.Zero(cur)}
		}
		st := statusAcc[sk]
		st.Projects++
		if st.Budget, err = st.Budget.Add(am.Budget); err != nil {
			return err
		}
		if st.Spent, err = st.Spent.Add(am.Spent); err != nil {
			return err
		}

		// Expenditure by calendar year, within the report's range.
		// Flat-rate spending is computed per period, not dated: it
		// belongs to the year its period ends in (the report that
		// declares it), within the report's range.
		flatByYear := map[int]socialsvc.Money{}
		for _, fl := range f.FlatRates {
			if fl.Spent.IsZero() {
				continue
			}
			on := p.End
			for _, per := range p.Periods {
				if per.Number == fl.Period {
					on = per.End
				}
			}
			if !sc.To.IsZero() && on.After(sc.To) {
				on = sc.To
			}
			if !sc.From.IsZero() && on.Before(sc.From) {
				on = sc.From
			}
			m, ok := flatByYear[on.Year]
			if !ok {
				m = socialsvc.Zero(cur)
			}
			if flatByYear[on.Year], err = m.Add(fl.Spent); err != nil {
				return err
			}
		}
		yearTotal := socialsvc.Zero(cur)
		for y := p.Start.Year; y <= p.End.Year; y++ {
			from, to := socialsvc.NewDate(y, 1, 1), socialsvc.NewDate(y, 12, 31)
			if !sc.From.IsZero() && from.Before(sc.From) {
				from = sc.From
			}
			if !sc.To.IsZero() && to.After(sc.To) {
				to = sc.To
			}
			spent := socialsvc.Zero(cur)
			if !from.After(to) {
				sums, err := store.SumExpenditure(ctx, s, store.ExpenditureFilter{ProjectID: p.ID, From: from, To: to})
				if err != nil {
					return err
				}
				t := socialsvc.NewTotal(cur)
				for _, e := range sums {
					if err := t.Add(e.Converted); err != nil {
						return err
					}
				}
				if spent, err = t.Money(); err != nil {
					return err
				}
			}
			if fl, ok := flatByYear[y]; ok {
				if spent, err = spent.Add(fl); err != nil {
					return err
				}
			}
			if err := addYear(yearAcc, yearKey{y, cur}, y, cur, spent, true); err != nil {
				return err
			}
			if yearTotal, err = yearTotal.Add(spent); err != nil {
				return err
			}
		}
		if rest, err := am.Spent.Sub(yearTotal); err != nil {
			return err
		} else if !rest.IsZero() {
			if err := addYear(yearAcc, yearKey{0, cur}, 0, cur, rest, false); err != nil {
				return err
			}
		}

		regions := p.Regions
		if len(regions) == 0 {
			regions = []socialsvc.Region{{Code: UnknownOrErased}}
		}
		seenRegion := map[string]bool{}
		for _, rg := range regions {
			if seenRegion[rg.Code] {
				continue
			}
			seenRegion[rg.Code] = true
			rk := regionKey{rg.Code, cur}
			if regionAcc[rk] == nil {
				name := rg.Name
				if name == "" {
					name = socialsvc.RegionName(rg.Code, rg.Version)
				}
				regionAcc[rk] = &RegionRow{Region: rg.Code, Name: name, Currency: cur, Budget: socialsvc.Zero(cur)}
			}
			rr := regionAcc[rk]
			rr.Projects++
			if rr.Budget, err = rr.Budget.Add(am.Budget); err != nil {
				return err
			}
		}

		d, err := loadIndicatorData(ctx, s, p)
		if err != nil {
			return err
		}
		ir := &IndicatorReport{Header: newHeader(KindIndicators, p, sc, o)}
		computeIndicators(ir, p, sc, d)
		people := false
		for _, ind := range d.indicators {
			people = people || protectedIndicator(&ind)
		}
		switch {
		case !people:
		case o.Disclosure == Exact:
			if !r.Confidential {
				r.markConfidential()
			}
		case o.From.IsZero() && o.To.IsZero():
			rl, err := protectedRelease(ctx, s, p, o.catalogue(), d)
			if err != nil {
				return err
			}
			rl.protectIndicators(ir, 0)
		default:
			// A date range is not a public release: counts of people
			// over it are not published.
			for i := range ir.Indicators {
				if _, ok := rlFigure(d, ir.Indicators[i].IndicatorID); ok {
					ir.Indicators[i].setAchieved(Count{Suppressed: true, Reason: ReasonComplementary})
				}
			}
		}
		seenInd := map[indKey]bool{}
		for _, ip := range ir.Indicators {
			k := indKey{ip.Code, ip.Unit}
			pi := indAcc[k]
			if pi == nil {
				pi = &PortfolioIndicator{Code: ip.Code, Unit: ip.Unit, Name: ip.Name}
				indAcc[k] = pi
				indOrder = append(indOrder, k)
			}
			if !seenInd[k] {
				pi.Projects++
				seenInd[k] = true
			}
			pi.Baseline = pi.Baseline.Add(ip.Baseline)
			pi.Target = pi.Target.Add(ip.Target)
			pi.Achieved = pi.Achieved.Add(ip.Achieved)
			if ip.AchievedWithheld != "" {
				// A sum with a withheld part would give the part away.
				pi.AchievedWithheld = cmp.Or(pi.AchievedWithheld, ip.AchievedWithheld)
			}
		}
		for _, w := range ir.Warnings {
			r.Warnings = append(r.Warnings, w.prefixed(p.Acronym+": "))
		}
	}

	slices.Sort(curOrder)
	for _, c := range curOrder {
		am, err := totals[c].amounts()
		if err != nil {
			return err
		}
		r.Totals = append(r.Totals, CurrencyTotal{Currency: c, Projects: totalCount[c], Amounts: am})
	}
	slices.SortFunc(fundOrder, func(a, b fundKey) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(fundInfo[a.id].Code, fundInfo[b.id].Code), cmp.Compare(a.id, b.id))
	})
	for _, c := range curOrder {
		for _, k := range fundOrder {
			if k.cur != c {
				continue
			}
			m, err := fundSum[k].Money()
			if err != nil {
				return err
			}
			fi := fundInfo[k.id]
			r.ByFund = append(r.ByFund, FundRow{FundID: k.id, Code: fi.Code, Name: fi.Name, Kind: fi.Kind, Currency: c, Projects: fundProjects[k], Amount: m})
		}
		m, err := fundSum[fundKey{"", c}].Money()
		if err != nil {
			return err
		}
		r.ByFund = append(r.ByFund, FundRow{Code: "own", Name: catalogueID("domain.fund.own_contribution"), Currency: c, Projects: fundProjects[fundKey{"", c}], Amount: m})
	}
	for _, st := range statusAcc {
		r.ByStatus = append(r.ByStatus, *st)
	}
	slices.SortFunc(r.ByStatus, func(a, b StatusRow) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(slices.Index(socialsvc.Statuses, a.Status), slices.Index(socialsvc.Statuses, b.Status)))
	})
	for _, y := range yearAcc {
		r.ByYear = append(r.ByYear, *y)
	}
	slices.SortFunc(r.ByYear, func(a, b YearRow) int {
		ya, yb := a.Year, b.Year
		if ya == 0 {
			ya = 1 << 30
		}
		if yb == 0 {
			yb = 1 << 30
		}
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(ya, yb))
	})
	for _, rr := range regionAcc {
		r.ByRegion = append(r.ByRegion, *rr)
	}
	slices.SortFunc(r.ByRegion, func(a, b RegionRow) int {
		ua, ub := a.Region == UnknownOrErased, b.Region == UnknownOrErased
		if ua != ub {
			if ua {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Currency, b.Currency))
	})
	slices.SortFunc(indOrder, func(a, b indKey) int { return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.unit, b.unit)) })
	for _, k := range indOrder {
		pi := indAcc[k]
		pi.PercentOfTarget = percentOf(pi.Achieved, pi.Target)
		if pi.AchievedWithheld != "" {
			pi.Achieved, pi.PercentOfTarget = decimal.Zero, nil
			if pi.Projects > 1 {
				pi.AchievedWithheld = ReasonComplementary
			}
		}
		r.Indicators = append(r.Indicators, *pi)
	}
	if len(curOrder) > 1 {
		r.note("several_currencies", nil)
	}
	r.note("regions_overlap", nil)
	r.note("indicators_summed", nil)
	return nil
}

func addYear[K comparable](m map[K]*YearRow, k K, y int, cur socialsvc.Currency, spent socialsvc.Money, running bool) error {
	row := m[k]
	if row == nil {
		row = &YearRow{Year: y, Currency: cur, Spent: socialsvc.Zero(cur)}
		m[k] = row
	}
	if running {
		row.Projects++
	}
	var err error
	row.Spent, err = row.Spent.Add(spent)
	return err
}
