package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// FinancialReport is budget against expenditure of one project by partner,
// cost category and period, with co-financing, flat-rate lines and
// currency conversions.
//
// Every subtotal and total is the sum of the lines above it, to the cent.
// Amounts are in the project currency (Currency). When the project lies in
// the Croatian dual-display window (5.9.2022–31.12.2023) or holds kuna
// expenditure, DualCurrency is HRK and every line also carries its kuna
// amounts, each line converted on its own at the fixed rate (kuna
// expenditure as paid); DualCheck then shows how far the sum of converted
// lines is from the converted total. The window applies to projects with
// a link to Croatia (a Croatian region or partner), where dual display
// was the law.
type FinancialReport struct {
	Header
	Currency     socialsvc.Currency `json:"currency"`
	DualCurrency socialsvc.Currency `json:"dual_currency,omitempty"`
	// Lines are budget and expenditure by partner × cost category ×
	// period, ordered by partner number, category, period.
	Lines      []FinancialLine        `json:"lines"`
	Partners   []PartnerSubtotal      `json:"partners"`
	Categories []CategorySubtotal     `json:"categories"`
	Periods    []PeriodSubtotal       `json:"periods"`
	Total      Amounts                `json:"total"`
	DualCheck  *DualCheck             `json:"dual_check,omitempty"`
	Funding    socialsvc.FundingTable `json:"funding"`
	Funds      []FundInfo             `json:"funds"`
	FlatRates  []FlatRateLine         `json:"flat_rates"`
	// CostOptions are the unit costs and lump sums budgeted or claimed,
	// per partner.
	CostOptions []CostOptionLine `json:"cost_options"`
	// Conversions list expenditure paid in a currency other than the
	// project's, with the amount in the project currency at the rate
	// stored with each expenditure line.
	Conversions      []ConversionLine  `json:"conversions"`
	ConversionTotals []ConversionTotal `json:"conversion_totals"`
	// Planning is the budget's own kuna figure where the project recorded
	// a planning rate (socialsvc.Project.PlanningRate) and lies before the
	// dual-display window; the budget's kuna amounts then use that rate.
	Planning *PlanningFigure `json:"planning,omitempty"`
	// Cycle is each partner's declared, certified and paid amounts of the
	// reporting cycle beside its budget and spending (CycleLine), and
	// CycleTotal their sums; zero when the project has no cycle data.
	Cycle      []CycleLine `json:"cycle"`
	CycleTotal CycleLine   `json:"cycle_total"`
	// hasCycle is true when the project has partner reports past draft or
	// payments in scope: only then is the cycle a table of its own.
	hasCycle bool
}

// PlanningFigure is a euro budget's kuna figure at the rate it was planned
// with, as its contract publishes it (2SoKroG: 574.947,17 EUR =
// 4.254.609,06 kn at 7,40), not recomputed at the fixed rate, which did not
// exist when the budget was planned.
type PlanningFigure struct {
	Rate      decimal.Decimal `json:"rate"`
	Date      socialsvc.Date  `json:"date"`
	Source    string          `json:"source"`
	Budget    socialsvc.Money `json:"budget"`
	BudgetHRK socialsvc.Money `json:"budget_hrk"`
}

// Amounts are the figures of one line or subtotal.
type Amounts struct {
	Budget    socialsvc.Money `json:"budget"`
	Spent     socialsvc.Money `json:"spent"`
	Remaining socialsvc.Money `json:"remaining"`
	// AbsorptionPercent is spent / budget × 100, rounded half up to two
	// decimals; null when there is no budget.
	AbsorptionPercent *decimal.Decimal `json:"absorption_percent"`
	// BudgetDual, SpentDual and RemainingDual are the amounts in
	// DualCurrency.
	BudgetDual    *socialsvc.Money `json:"budget_dual,omitempty"`
	SpentDual     *socialsvc.Money `json:"spent_dual,omitempty"`
	RemainingDual *socialsvc.Money `json:"remaining_dual,omitempty"`
	// ExpenditureLines is the number of expenditure records summed.
	ExpenditureLines int64 `json:"expenditure_lines"`
}

// FinancialLine is one partner, cost category and period.
type FinancialLine struct {
	PartnerID socialsvc.PartnerID    `json:"partner_id"`
	Partner   string                 `json:"partner"`
	Category  socialsvc.CostCategory `json:"category"`
	// Period is the reporting period; 0 is budget or expenditure not tied
	// to a period.
	Period int `json:"period"`
	Amounts
}

// PartnerSubtotal sums the lines of one partner.
type PartnerSubtotal struct {
	PartnerID socialsvc.PartnerID `json:"partner_id"`
	OrgID     socialsvc.OrgID     `json:"org_id,omitempty"`
	Partner   string              `json:"partner"`
	Number    int                 `json:"number"`
	Role      socialsvc.Role      `json:"role,omitempty"`
	Amounts
}

// CategorySubtotal sums the lines of one cost category.
type CategorySubtotal struct {
	Category socialsvc.CostCategory `json:"category"`
	Amounts
}

// PeriodSubtotal sums the lines of one period.
type PeriodSubtotal struct {
	Period int `json:"period"`
	Amounts
}

// DualCheck compares, for the dual currency, the sum of the lines
// converted one by one with the total converted at once. The difference
// is shown, never spread over the lines.
type DualCheck struct {
	Currency socialsvc.Currency `json:"currency"`
	Budget   DualDifference     `json:"budget"`
	Spent    DualDifference     `json:"spent"`
}

// DualDifference is one row of a DualCheck.
type DualDifference struct {
	SumOfLines     socialsvc.Money `json:"sum_of_lines"`
	ConvertedTotal socialsvc.Money `json:"converted_total"`
	Difference     socialsvc.Money `json:"difference"`
}

// FundInfo is a fund's share of the project, from the funding table.
type FundInfo struct {
	FundID socialsvc.FundID   `json:"fund_id"`
	Code   string             `json:"code"`
	Name   socialsvc.I18n     `json:"name"`
	Kind   socialsvc.FundKind `json:"kind"`
	Amount socialsvc.Money    `json:"amount"`
	// SharePercent is Amount / the eligible total × 100.
	SharePercent *decimal.Decimal `json:"share_percent"`
}

// FlatRateLine is one flat rate of one partner and period, computed by
// socialsvc.ComputeFlatRates: on the budget, the base categories' budget,
// the stored computed line and what the rate gives today; on spending,
// the reported base and the computed spending, which is what the line of
// the flat-rate category counts as spent.
type FlatRateLine struct {
	PartnerID   socialsvc.PartnerID      `json:"partner_id"`
	Partner     string                   `json:"partner"`
	Period      int                      `json:"period"`
	Kind        socialsvc.FlatRateKind   `json:"kind"`
	Category    socialsvc.CostCategory   `json:"category"`
	Base        []socialsvc.CostCategory `json:"base"`
	RatePercent decimal.Decimal          `json:"rate_percent"`
	BaseAmount  socialsvc.Money          `json:"base_amount"`
	Amount      socialsvc.Money          `json:"amount"`
	Expected    socialsvc.Money          `json:"expected"`
	// Stale is true when the stored line differs from what the rate gives.
	Stale bool `json:"stale"`
	// BaseSpent is the reported spending of the base categories; Spent
	// is the flat rate on it, rounded down (the closing period taking the
	// remainder).
	BaseSpent socialsvc.Money `json:"base_spent"`
	Spent     socialsvc.Money `json:"spent"`
}

// CostOptionLine is a unit cost or lump sum of one partner: what the
// budget holds and what was claimed, both computed from the project's
// definition.
type CostOptionLine struct {
	PartnerID socialsvc.PartnerID    `json:"partner_id"`
	Partner   string                 `json:"partner"`
	Category  socialsvc.CostCategory `json:"category"`
	Code      string                 `json:"code"`
	Name      socialsvc.I18n         `json:"name"`
	// Unit and Price are the unit cost's; for a lump sum Price is its
	// amount and Period the period whose report delivers it.
	Unit   string          `json:"unit,omitempty"`
	Price  socialsvc.Money `json:"price"`
	Period int             `json:"period,omitempty"`
	Budget socialsvc.Money `json:"budget"`
	Spent  socialsvc.Money `json:"spent"`
	// Claims is the number of expenditure lines claiming it.
	Claims int64 `json:"claims"`
}

// ConversionLine is expenditure of one partner, category and period paid
// in a foreign currency.
type ConversionLine struct {
	PartnerID socialsvc.PartnerID    `json:"partner_id"`
	Partner   string                 `json:"partner"`
	Category  socialsvc.CostCategory `json:"category"`
	Period    int                    `json:"period"`
	// Amount is what was paid; Converted its value in the project
	// currency at the rates stored with the expenditure lines.
	Amount    socialsvc.Money `json:"amount"`
	Converted socialsvc.Money `json:"converted"`
	Count     int64           `json:"count"`
	// AtFixedRate is Amount converted at the fixed kuna rate (HRK
	// expenditure of a euro project only), and Difference is Converted −
	// AtFixedRate: what the historical rates and per-line rounding changed.
	AtFixedRate *socialsvc.Money `json:"at_fixed_rate,omitempty"`
	Difference  *socialsvc.Money `json:"difference,omitempty"`
}

// ConversionTotal sums the conversion lines of one currency. AtFixedRate
// converts the total at once, so Difference also shows the rounding of
// converting line by line.
type ConversionTotal struct {
	Currency    socialsvc.Currency `json:"currency"`
	Amount      socialsvc.Money    `json:"amount"`
	Converted   socialsvc.Money    `json:"converted"`
	Count       int64              `json:"count"`
	AtFixedRate *socialsvc.Money   `json:"at_fixed_rate,omitempty"`
	Difference  *socialsvc.Money   `json:"difference,omitempty"`
}

// lineKey identifies a financial line.
type lineKey struct {
	p   socialsvc.PartnerID
	c   socialsvc.CostCategory
	per int
}

// lineAcc accumulates a line: budget and spent in the project currency,
// and for the dual currency the part paid in it (as paid) and the rest
// (to be converted).
type lineAcc struct {
	budget, spent     socialsvc.Total
	spentInDual       socialsvc.Total // paid in the dual currency, original amounts
	spentOtherInBase  socialsvc.Total // the rest, in the project currency
	count             int64
	hasBudget, hasExp bool
}

// Financial computes the financial report of a project.
//
// Budget and expenditure are summed in the store when it is a
// store.Aggregator (SQL GROUP BY) and by streaming otherwise; no list of
// expenditure lines is held in memory. Co-financing is the domain's
// socialsvc.ComputeFunding over the whole project budget, rendered as it
// is. Errors: not_found for an unknown project; invalid for a period the
// project does not have, an empty date range, or amounts that cannot be
// expressed in the project currency (a budget line in another currency,
// expenditure without a rate).
func Financial(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*FinancialReport, error) {
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, o)
	if err != nil {
		return nil, err
	}
	return financialFor(ctx, s, &p, sc, o)
}

func financialFor(ctx context.Context, s store.Store, p *socialsvc.Project, sc Scope, o Options) (*FinancialReport, error) {
	partners, err := loadPartners(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	orgs, err := loadOrgs(ctx, s, partners)
	if err != nil {
		return nil, err
	}
	budgetAll, err := store.SumBudget(ctx, s, store.BudgetFilter{ProjectID: p.ID})
	if err != nil {
		return nil, err
	}
	budget := budgetAll
	if sc.Period > 0 {
		budget = nil
		for _, b := range budgetAll {
			if b.Period == sc.Period {
				budget = append(budget, b)
			}
		}
	}
	exp, err := store.SumExpenditure(ctx, s, store.ExpenditureFilter{ProjectID: p.ID, Period: sc.Period, HasPeriod: sc.Period > 0, From: sc.From, To: sc.To})
	if err != nil {
		return nil, err
	}
	// Flat-rate spending of the closing period takes the remainder of the
	// partner's whole spending, so a report of that period alone needs
	// the other periods' base too (socialsvc.ComputeFlatRates).
	expFlat := exp
	if len(p.FlatRates) > 0 && sc.Period > 0 && sc.Period == p.ClosingPeriod() {
		if expFlat, err = store.SumExpenditure(ctx, s, store.ExpenditureFilter{ProjectID: p.ID, From: sc.From, To: sc.To}); err != nil {
			return nil, err
		}
	}
	funds, err := loadFunds(ctx, s, partners)
	if err != nil {
		return nil, err
	}
	r, err := buildFinancial(p, sc, o, partners, orgs, budgetAll, budget, exp, expFlat, funds)
	if err != nil {
		return nil, err
	}
	if err := financialCycle(ctx, s, p, sc, r); err != nil {
		return nil, err
	}
	return r, nil
}

func loadFunds(ctx context.Context, s store.Store, partners []socialsvc.Partner) ([]socialsvc.Fund, error) {
	var funds []socialsvc.Fund
	seen := map[socialsvc.FundID]bool{}
	for _, p := range partners {
		for _, cf := range p.Funding {
			if seen[cf.FundID] {
				continue
			}
			seen[cf.FundID] = true
			f, err := s.GetFund(ctx, cf.FundID)
			if err != nil {
				if socialsvc.ErrorCode(err) == socialsvc.NotFound {
					continue // ComputeFunding names the unknown fund
				}
				return nil, err
			}
			funds = append(funds, f)
		}
	}
	return funds, nil
}

// fixedRateText is the fixed kuna rate as notes write it, with its five
// decimals (Council Regulation (EU) 2022/1208).
const fixedRateText decimalText = "7.53450"

func currencyErr(field string, got, want socialsvc.Currency) error {
	return &socialsvc.Error{Code: socialsvc.Invalid,
		Message: fmt.Sprintf("amounts in %s cannot be reported in the project currency %s", got, want),
		Fields:  []socialsvc.FieldError{socialsvc.NewFieldError(field, "rate_missing", "err.rate_missing", socialsvc.Args{"Got": got, "Want": want})}}
}

func buildFinancial(p *socialsvc.Project, sc Scope, o Options, partners []socialsvc.Partner, orgs map[socialsvc.OrgID]socialsvc.Organisation,
	budgetAll, budget []store.BudgetSum, exp, expFlat []store.ExpenditureSum, funds []socialsvc.Fund) (*FinancialReport, error) {
	cur := p.Currency
	if cur == "" {
		cur = socialsvc.EUR
	}
	r := &FinancialReport{Header: newHeader(KindFinancial, p, sc, o), Currency: cur,
		Lines: []FinancialLine{}, Partners: []PartnerSubtotal{}, Categories: []CategorySubtotal{}, Periods: []PeriodSubtotal{},
		Funds: []FundInfo{}, FlatRates: []FlatRateLine{}, CostOptions: []CostOptionLine{}, Conversions: []ConversionLine{}, ConversionTotals: []ConversionTotal{}}

	// The dual currency: kuna beside euro in the dual-display window or
	// when kuna was spent; euro beside a kuna budget.
	holdsHRK := false
	for _, e := range exp {
		if e.Amount.Currency() == socialsvc.HRK {
			holdsHRK = true
		}
	}
	switch {
	case cur == socialsvc.EUR && (holdsHRK || socialsvc.OverlapsDualDisplay(p.Start, p.End) && croatian(p, partners, orgs)):
		r.DualCurrency = socialsvc.HRK
	case cur == socialsvc.HRK:
		r.DualCurrency = socialsvc.EUR
	}
	toDual := func(m socialsvc.Money) (socialsvc.Money, error) {
		if r.DualCurrency == socialsvc.HRK {
			return m.ToHRK()
		}
		return m.ToEUR()
	}
	// Budget amounts in kuna use the budget's planning rate where
	// socialsvc.KunaEquivalent says so, the fixed rate otherwise.
	budgetToDual := func(m socialsvc.Money) (socialsvc.Money, error) {
		if r.DualCurrency == socialsvc.HRK {
			kn, _, err := socialsvc.KunaEquivalent(p, m)
			return kn, err
		}
		return toDual(m)
	}

	partnerByID := map[socialsvc.PartnerID]socialsvc.Partner{}
	for _, pt := range partners {
		partnerByID[pt.ID] = pt
	}
	name := func(id socialsvc.PartnerID) string {
		if pt, ok := partnerByID[id]; ok {
			return orgLabel(orgs[pt.OrgID])
		}
		return string(id)
	}

	acc := map[lineKey]*lineAcc{}
	get := func(k lineKey) *lineAcc {
		a := acc[k]
		if a == nil {
			a = &lineAcc{budget: socialsvc.NewTotal(cur), spent: socialsvc.NewTotal(cur),
				spentInDual: socialsvc.NewTotal(r.DualCurrency), spentOtherInBase: socialsvc.NewTotal(cur)}
			acc[k] = a
		}
		return a
	}
	for i, b := range budget {
		if b.Amount.Currency() != cur {
			return nil, currencyErr(fmt.Sprintf("budget[%d].amount.currency", i), b.Amount.Currency(), cur)
		}
		a := get(lineKey{b.PartnerID, b.Category, b.Period})
		a.hasBudget = true
		if err := a.budget.Add(b.Amount); err != nil {
			return nil, err
		}
	}
	type convAcc struct {
		amount, converted socialsvc.Total
		count             int64
	}
	convTotals := map[socialsvc.Currency]*convAcc{}
	var convOrder []socialsvc.Currency
	var enteredFlat int64
	for i, e := range exp {
		if e.Converted.Currency() != cur {
			return nil, currencyErr(fmt.Sprintf("expenditure[%d].converted.currency", i), e.Amount.Currency(), cur)
		}
		if isFlat(p, e.Category) {
			// Recorded before the flat rate was set: the category's
			// spending is the flat rate on its base, and these lines
			// would count it twice (warned below).
			enteredFlat += e.Count
			continue
		}
		a := get(lineKey{e.PartnerID, e.Category, e.Period})
		a.hasExp = true
		a.count += e.Count
		if err := a.spent.Add(e.Converted); err != nil {
			return nil, err
		}
		if r.DualCurrency != "" && e.Amount.Currency() == r.DualCurrency {
			if err := a.spentInDual.Add(e.Amount); err != nil {
				return nil, err
			}
		} else if err := a.spentOtherInBase.Add(e.Converted); err != nil {
			return nil, err
		}
		if e.Amount.Currency() != cur {
			cl := ConversionLine{PartnerID: e.PartnerID, Partner: name(e.PartnerID), Category: e.Category, Period: e.Period,
				Amount: e.Amount, Converted: e.Converted, Count: e.Count}
			if e.Amount.Currency() == socialsvc.HRK && cur == socialsvc.EUR {
				fixed, err := e.Amount.ToEUR()
				if err != nil {
					return nil, err
				}
				diff, err := e.Converted.Sub(fixed)
				if err != nil {
					return nil, err
				}
				cl.AtFixedRate, cl.Difference = &fixed, &diff
			}
			r.Conversions = append(r.Conversions, cl)
			t := convTotals[e.Amount.Currency()]
			if t == nil {
				t = &convAcc{amount: socialsvc.NewTotal(e.Amount.Currency()), converted: socialsvc.NewTotal(cur)}
				convTotals[e.Amount.Currency()] = t
				convOrder = append(convOrder, e.Amount.Currency())
			}
			t.count += e.Count
			if err := t.amount.Add(e.Amount); err != nil {
				return nil, err
			}
			if err := t.converted.Add(e.Converted); err != nil {
				return nil, err
			}
		}
	}

	flatSpent, err := r.fillFlatRates(p, sc, budgetAll, expFlat, name, func(id socialsvc.PartnerID) int { return partnerByID[id].Number })
	if err != nil {
		return nil, err
	}
	for _, f := range flatSpent {
		a := get(lineKey{f.PartnerID, f.Category, f.Period})
		a.hasExp = true
		if err := a.spent.Add(f.Amount); err != nil {
			return nil, err
		}
		if err := a.spentOtherInBase.Add(f.Amount); err != nil {
			return nil, err
		}
	}

	// Order: partners by number, then ID; categories in reporting order.
	keys := make([]lineKey, 0, len(acc))
	for k := range acc {
		keys = append(keys, k)
	}
	pRank := func(id socialsvc.PartnerID) (int, int) {
		if pt, ok := partnerByID[id]; ok {
			return 0, pt.Number
		}
		return 1, 0
	}
	slices.SortFunc(keys, func(a, b lineKey) int {
		ga, na := pRank(a.p)
		gb, nb := pRank(b.p)
		if c := cmp.Or(cmp.Compare(ga, gb), cmp.Compare(na, nb), cmp.Compare(a.p, b.p)); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(catRank(a.c), catRank(b.c)), cmp.Compare(a.c, b.c), cmp.Compare(a.per, b.per))
	})

	var tot amountsAcc
	tot.init(cur, r.DualCurrency)
	byPartner := map[socialsvc.PartnerID]*amountsAcc{}
	byCat := map[socialsvc.CostCategory]*amountsAcc{}
	byPer := map[int]*amountsAcc{}
	for _, k := range keys {
		a := acc[k]
		am, err := lineAmounts(a, r.DualCurrency, budgetToDual, toDual)
		if err != nil {
			return nil, err
		}
		r.Lines = append(r.Lines, FinancialLine{PartnerID: k.p, Partner: name(k.p), Category: k.c, Period: k.per, Amounts: am})
		for _, t := range []*amountsAcc{&tot, subAcc(byPartner, k.p, cur, r.DualCurrency), subAcc(byCat, k.c, cur, r.DualCurrency), subAcc(byPer, k.per, cur, r.DualCurrency)} {
			if err := t.add(am); err != nil {
				return nil, err
			}
		}
	}
	if r.Total, err = tot.amounts(); err != nil {
		return nil, err
	}
	// Partners in partner order, including those with no lines (so that
	// a partner without budget is visible).
	seenPartner := map[socialsvc.PartnerID]bool{}
	sortedPartners := slices.Clone(partners)
	slices.SortFunc(sortedPartners, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	for _, pt := range sortedPartners {
		seenPartner[pt.ID] = true
		t := subAcc(byPartner, pt.ID, cur, r.DualCurrency)
		am, err := t.amounts()
		if err != nil {
			return nil, err
		}
		r.Partners = append(r.Partners, PartnerSubtotal{PartnerID: pt.ID, OrgID: pt.OrgID, Partner: name(pt.ID), Number: pt.Number, Role: pt.Role, Amounts: am})
	}
	for _, k := range keys {
		if seenPartner[k.p] {
			continue
		}
		seenPartner[k.p] = true
		am, err := byPartner[k.p].amounts()
		if err != nil {
			return nil, err
		}
		r.Partners = append(r.Partners, PartnerSubtotal{PartnerID: k.p, Partner: name(k.p), Amounts: am})
	}
	cats := make([]socialsvc.CostCategory, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	slices.SortFunc(cats, func(a, b socialsvc.CostCategory) int {
		return cmp.Or(cmp.Compare(catRank(a), catRank(b)), cmp.Compare(a, b))
	})
	for _, c := range cats {
		am, err := byCat[c].amounts()
		if err != nil {
			return nil, err
		}
		r.Categories = append(r.Categories, CategorySubtotal{Category: c, Amounts: am})
	}
	pers := make([]int, 0, len(byPer))
	for per := range byPer {
		pers = append(pers, per)
	}
	slices.Sort(pers)
	for _, per := range pers {
		am, err := byPer[per].amounts()
		if err != nil {
			return nil, err
		}
		r.Periods = append(r.Periods, PeriodSubtotal{Period: per, Amounts: am})
	}

	if r.DualCurrency != "" {
		dc := &DualCheck{Currency: r.DualCurrency}
		for _, row := range []struct {
			d     *DualDifference
			base  socialsvc.Money
			lines *socialsvc.Money
			conv  func(socialsvc.Money) (socialsvc.Money, error)
		}{{&dc.Budget, r.Total.Budget, r.Total.BudgetDual, budgetToDual}, {&dc.Spent, r.Total.Spent, r.Total.SpentDual, toDual}} {
			conv, err := row.conv(row.base)
			if err != nil {
				return nil, err
			}
			diff, err := conv.Sub(*row.lines)
			if err != nil {
				return nil, err
			}
			*row.d = DualDifference{SumOfLines: *row.lines, ConvertedTotal: conv, Difference: diff}
		}
		r.DualCheck = dc
	}

	for _, c := range convOrder {
		t := convTotals[c]
		amount, err := t.amount.Money()
		if err != nil {
			return nil, err
		}
		conv, err := t.converted.Money()
		if err != nil {
			return nil, err
		}
		ct := ConversionTotal{Currency: c, Amount: amount, Converted: conv, Count: t.count}
		if c == socialsvc.HRK && cur == socialsvc.EUR {
			fixed, err := amount.ToEUR()
			if err != nil {
				return nil, err
			}
			diff, err := conv.Sub(fixed)
			if err != nil {
				return nil, err
			}
			ct.AtFixedRate, ct.Difference = &fixed, &diff
		}
		r.ConversionTotals = append(r.ConversionTotals, ct)
	}

	if err := r.fillFunding(p, partners, budgetAll, funds); err != nil {
		return nil, err
	}
	if err := r.fillCostOptions(p, budget, exp, name); err != nil {
		return nil, err
	}
	if err := r.warnRules(p, exp, enteredFlat, name); err != nil {
		return nil, err
	}

	h := &r.Header
	if len(budgetAll) == 0 {
		h.note("no_budget", nil)
	} else if len(budget) == 0 {
		h.note("no_budget_in_period", nil)
	}
	if len(exp) == 0 {
		h.note("no_expenditure", nil)
	}
	if !sc.From.IsZero() || !sc.To.IsZero() {
		h.note("budget_not_dated", nil)
	}
	if sc.Period > 0 {
		h.note("funding_whole_project", nil)
	}
	if p.PlanningRate != nil && cur == socialsvc.EUR {
		kn, conv, err := socialsvc.KunaEquivalent(p, r.Total.Budget)
		if err != nil {
			return nil, err
		}
		if conv.Basis == socialsvc.RateBasisPlanning {
			r.Planning = &PlanningFigure{Rate: conv.Rate, Date: conv.RateDate, Source: conv.Source, Budget: r.Total.Budget, BudgetHRK: kn}
			h.note("planning_rate", map[string]any{"Rate": decimalText(conv.Rate.StringFixed(2)), "Source": conv.Source, "Date": conv.RateDate, "Fixed": fixedRateText})
		}
	}
	if r.DualCurrency == socialsvc.HRK && r.Planning == nil {
		h.note("dual_display", map[string]any{"Fixed": fixedRateText})
	}
	return r, nil
}

// croatian reports whether the project has a link to Croatia, where the
// dual display of euro and kuna was the law: a region in Croatia or a
// partner organisation based there. A project in Serbia and Kosovo funded
// from the UK does not show kuna because its dates fall in 2022–2023.
func croatian(p *socialsvc.Project, partners []socialsvc.Partner, orgs map[socialsvc.OrgID]socialsvc.Organisation) bool {
	for _, rg := range p.Regions {
		if strings.HasPrefix(rg.Code, "HR") {
			return true
		}
	}
	for _, pt := range partners {
		if strings.EqualFold(orgs[pt.OrgID].Country, "HR") {
			return true
		}
	}
	return false
}

func catRank(c socialsvc.CostCategory) int {
	if i := slices.Index(socialsvc.CostCategories, c); i >= 0 {
		return i
	}
	return len(socialsvc.CostCategories)
}

// lineAmounts turns an accumulated line into Amounts.
func lineAmounts(a *lineAcc, dual socialsvc.Currency, budgetToDual, toDual func(socialsvc.Money) (socialsvc.Money, error)) (Amounts, error) {
	var am Amounts
	var err error
	if am.Budget, err = a.budget.Money(); err != nil {
		return am, err
	}
	if am.Spent, err = a.spent.Money(); err != nil {
		return am, err
	}
	if am.Remaining, err = am.Budget.Sub(am.Spent); err != nil {
		return am, err
	}
	am.AbsorptionPercent = absorption(am.Spent, am.Budget)
	am.ExpenditureLines = a.count
	if dual == "" {
		return am, nil
	}
	bd, err := budgetToDual(am.Budget)
	if err != nil {
		return am, err
	}
	inDual, err := a.spentInDual.Money()
	if err != nil {
		return am, err
	}
	other, err := a.spentOtherInBase.Money()
	if err != nil {
		return am, err
	}
	otherDual, err := toDual(other)
	if err != nil {
		return am, err
	}
	sd, err := inDual.Add(otherDual)
	if err != nil {
		return am, err
	}
	rd, err := bd.Sub(sd)
	if err != nil {
		return am, err
	}
	am.BudgetDual, am.SpentDual, am.RemainingDual = &bd, &sd, &rd
	return am, nil
}

func absorption(spent, budget socialsvc.Money) *decimal.Decimal {
	pct, ok, err := socialsvc.PercentOf(spent, budget)
	if err != nil || !ok {
		return nil
	}
	return &pct
}

// amountsAcc sums Amounts (subtotals and totals are sums of lines, in
// both currencies).
type amountsAcc struct {
	budget, spent, remaining socialsvc.Total
	budgetD, spentD, remD    socialsvc.Total
	dual                     socialsvc.Currency
	count                    int64
}

func (t *amountsAcc) init(cur, dual socialsvc.Currency) {
	t.budget, t.spent, t.remaining = socialsvc.NewTotal(cur), socialsvc.NewTotal(cur), socialsvc.NewTotal(cur)
	t.budgetD, t.spentD, t.remD = socialsvc.NewTotal(dual), socialsvc.NewTotal(dual), socialsvc.NewTotal(dual)
	t.dual = dual
}

func subAcc[K comparable](m map[K]*amountsAcc, k K, cur, dual socialsvc.Currency) *amountsAcc {
	t := m[k]
	if t == nil {
		t = &amountsAcc{}
		t.init(cur, dual)
		m[k] = t
	}
	return t
}

func (t *amountsAcc) add(a Amounts) error {
	for _, x := range []struct {
		t *socialsvc.Total
		m socialsvc.Money
	}{{&t.budget, a.Budget}, {&t.spent, a.Spent}, {&t.remaining, a.Remaining}} {
		if err := x.t.Add(x.m); err != nil {
			return err
		}
	}
	if t.dual != "" {
		for _, x := range []struct {
			t *socialsvc.Total
			m *socialsvc.Money
		}{{&t.budgetD, a.BudgetDual}, {&t.spentD, a.SpentDual}, {&t.remD, a.RemainingDual}} {
			if err := x.t.Add(*x.m); err != nil {
				return err
			}
		}
	}
	t.count += a.ExpenditureLines
	return nil
}

func (t *amountsAcc) amounts() (Amounts, error) {
	var a Amounts
	var err error
	if a.Budget, err = t.budget.Money(); err != nil {
		return a, err
	}
	if a.Spent, err = t.spent.Money(); err != nil {
		return a, err
	}
	if a.Remaining, err = t.remaining.Money(); err != nil {
		return a, err
	}
	a.AbsorptionPercent = absorption(a.Spent, a.Budget)
	a.ExpenditureLines = t.count
	if t.dual != "" {
		var bd, sd, rd socialsvc.Money
		if bd, err = t.budgetD.Money(); err != nil {
			return a, err
		}
		if sd, err = t.spentD.Money(); err != nil {
			return a, err
		}
		if rd, err = t.remD.Money(); err != nil {
			return a, err
		}
		a.BudgetDual, a.SpentDual, a.RemainingDual = &bd, &sd, &rd
	}
	return a, nil
}

// budgetLines turns budget sums into lines for the domain functions
// (ComputeFunding and ApplyFlatRates sum per partner and period, so sums
// give exactly what the individual lines would). Lines of a flat-rate
// category are marked computed, as only computed lines may be.
func budgetLines(p *socialsvc.Project, sums []store.BudgetSum) []socialsvc.BudgetLine {
	flat := map[socialsvc.CostCategory]bool{}
	for _, fr := range p.FlatRates {
		flat[fr.Category()] = true
	}
	out := make([]socialsvc.BudgetLine, len(sums))
	for i, b := range sums {
		out[i] = socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: b.PartnerID, Category: b.Category, Period: b.Period, Amount: b.Amount, Computed: flat[b.Category]}
	}
	return out
}

func (r *FinancialReport) fillFunding(p *socialsvc.Project, partners []socialsvc.Partner, budgetAll []store.BudgetSum, funds []socialsvc.Fund) error {
	for i, b := range budgetAll {
		if b.Amount.Currency() != r.Currency {
			return currencyErr(fmt.Sprintf("budget[%d].amount.currency", i), b.Amount.Currency(), r.Currency)
		}
	}
	sorted := slices.Clone(partners)
	slices.SortFunc(sorted, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	tbl, err := socialsvc.ComputeFunding(r.Currency, sorted, budgetLines(p, budgetAll), funds)
	if err != nil {
		return fmt.Errorf("co-financing of project %s: %w", p.ID, err)
	}
	if tbl.Partners == nil {
		tbl.Partners = []socialsvc.PartnerFunding{}
	}
	if tbl.Funds == nil {
		tbl.Funds = []socialsvc.FundTotal{}
	}
	r.Funding = tbl
	byID := map[socialsvc.FundID]socialsvc.Fund{}
	for _, f := range funds {
		byID[f.ID] = f
	}
	for _, ft := range tbl.Funds {
		f := byID[ft.FundID]
		r.Funds = append(r.Funds, FundInfo{FundID: ft.FundID, Code: f.Code, Name: f.Name, Kind: f.Kind, Amount: ft.Amount, SharePercent: absorption(ft.Amount, tbl.Total)})
	}
	return nil
}

// fillFlatRates computes the flat rates of the budget and of reported
// spending with the one function socialsvc.ComputeFlatRates, fills
// FlatRates with both side by side, and returns the spending amounts in
// the report's scope, which the lines of the flat-rate categories count as
// spent. The budget side is computed on the whole budget and then cut to
// the scope, so that a report of the closing period shows its remainder.
func (r *FinancialReport) fillFlatRates(p *socialsvc.Project, sc Scope, budgetAll []store.BudgetSum, expFlat []store.ExpenditureSum,
	name func(socialsvc.PartnerID) string, number func(socialsvc.PartnerID) int) ([]socialsvc.FlatRateAmount, error) {
	if len(p.FlatRates) == 0 {
		return nil, nil
	}
	closing := p.ClosingPeriod()
	inScope := func(per int) bool { return sc.Period == 0 || per == sc.Period }
	type key struct {
		p   socialsvc.PartnerID
		k   socialsvc.FlatRateKind
		per int
	}
	var budgetBase []socialsvc.CostAmount
	storedT := map[key]*socialsvc.Total{}
	for _, b := range budgetAll {
		if !isFlat(p, b.Category) {
			budgetBase = append(budgetBase, socialsvc.CostAmount{PartnerID: b.PartnerID, Category: b.Category, Period: b.Period, Amount: b.Amount})
			continue
		}
		for _, fr := range p.FlatRates {
			if fr.Category() == b.Category {
				k := key{b.PartnerID, fr.Kind, b.Period}
				t := storedT[k]
				if t == nil {
					nt := socialsvc.NewTotal(r.Currency)
					t = &nt
					storedT[k] = t
				}
				if err := t.Add(b.Amount); err != nil {
					return nil, err
				}
			}
		}
		// A line of a category the "all other costs" rate replaces is
		// no base and no computed line: ValidateBudgetLine rejects it
		// now; one recorded before the rate was set is left out.
	}
	stored := map[key]socialsvc.Money{}
	for k, t := range storedT {
		m, err := t.Money()
		if err != nil {
			return nil, err
		}
		stored[k] = m
	}
	budgetFlat, err := socialsvc.ComputeFlatRates(r.Currency, p.FlatRates, budgetBase, closing)
	if err != nil {
		return nil, fmt.Errorf("flat rates of project %s: %w", p.ID, err)
	}
	var spentBase []socialsvc.CostAmount
	for _, e := range expFlat {
		if !isFlat(p, e.Category) {
			spentBase = append(spentBase, socialsvc.CostAmount{PartnerID: e.PartnerID, Category: e.Category, Period: e.Period, Amount: e.Converted})
		}
	}
	spentFlat, err := socialsvc.ComputeFlatRates(r.Currency, p.FlatRates, spentBase, closing)
	if err != nil {
		return nil, fmt.Errorf("flat rates of project %s: %w", p.ID, err)
	}
	rateOf := map[socialsvc.FlatRateKind]socialsvc.FlatRate{}
	for _, fr := range p.FlatRates {
		rateOf[fr.Kind] = fr
	}
	zero := socialsvc.Zero(r.Currency)
	lines := map[key]*FlatRateLine{}
	line := func(k key) *FlatRateLine {
		l := lines[k]
		if l == nil {
			fr := rateOf[k.k]
			l = &FlatRateLine{PartnerID: k.p, Partner: name(k.p), Period: k.per, Kind: k.k, Category: k.k.Category(), Base: k.k.Base(p.FlatRates),
				RatePercent: fr.RatePercent, BaseAmount: zero, Amount: zero, Expected: zero, BaseSpent: zero, Spent: zero}
			lines[k] = l
		}
		return l
	}
	for _, f := range budgetFlat {
		if inScope(f.Period) {
			l := line(key{f.PartnerID, f.Kind, f.Period})
			l.BaseAmount, l.Expected = f.Base, f.Amount
		}
	}
	for k, m := range stored {
		if inScope(k.per) {
			line(k).Amount = m
		}
	}
	var spent []socialsvc.FlatRateAmount
	for _, f := range spentFlat {
		if inScope(f.Period) {
			l := line(key{f.PartnerID, f.Kind, f.Period})
			l.BaseSpent, l.Spent = f.Base, f.Amount
			spent = append(spent, f)
		}
	}
	keys := make([]key, 0, len(lines))
	for k := range lines {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(slices.Index(socialsvc.FlatRateKinds, a.k), slices.Index(socialsvc.FlatRateKinds, b.k)),
			cmp.Compare(number(a.p), number(b.p)), cmp.Compare(a.p, b.p), cmp.Compare(a.per, b.per))
	})
	for _, k := range keys {
		l := lines[k]
		l.Stale = l.Amount != l.Expected
		r.FlatRates = append(r.FlatRates, *l)
		if l.Stale {
			r.warn("flat_rate_stale", map[string]any{"Category": l.Category, "Partner": l.Partner, "Period": l.Period, "Amount": l.Amount, "Expected": l.Expected})
		}
	}
	return spent, nil
}

// fillCostOptions lists the unit costs and lump sums each partner budgets
// or claims.
func (r *FinancialReport) fillCostOptions(p *socialsvc.Project, budget []store.BudgetSum, exp []store.ExpenditureSum, name func(socialsvc.PartnerID) string) error {
	type key struct {
		p    socialsvc.PartnerID
		c    socialsvc.CostCategory
		code string
	}
	type acc struct {
		budget, spent socialsvc.Total
		claims        int64
	}
	sums := map[key]*acc{}
	get := func(k key) *acc {
		a := sums[k]
		if a == nil {
			a = &acc{budget: socialsvc.NewTotal(r.Currency), spent: socialsvc.NewTotal(r.Currency)}
			sums[k] = a
		}
		return a
	}
	for _, b := range budget {
		if b.CostOption != "" {
			if err := get(key{b.PartnerID, b.Category, b.CostOption}).budget.Add(b.Amount); err != nil {
				return err
			}
		}
	}
	for _, e := range exp {
		if e.CostOption != "" {
			a := get(key{e.PartnerID, e.Category, e.CostOption})
			a.claims += e.Count
			if err := a.spent.Add(e.Converted); err != nil {
				return err
			}
		}
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	number := map[socialsvc.PartnerID]int{}
	for _, pt := range r.Partners {
		number[pt.PartnerID] = pt.Number
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(number[a.p], number[b.p]), cmp.Compare(a.p, b.p), cmp.Compare(catRank(a.c), catRank(b.c)), cmp.Compare(a.code, b.code))
	})
	for _, k := range keys {
		a := sums[k]
		l := CostOptionLine{PartnerID: k.p, Partner: name(k.p), Category: k.c, Code: k.code, Claims: a.claims, Price: socialsvc.Zero(r.Currency)}
		if u, ok := p.UnitCostByCode(k.code); ok && k.c == socialsvc.CatUnitCost {
			l.Name, l.Unit, l.Price = u.Name, u.Unit, u.Price
		} else if ls, ok := p.LumpSumByCode(k.code); ok && k.c == socialsvc.CatLumpSum {
			l.Name, l.Price, l.Period = ls.Name, ls.Amount, ls.Period
			if a.claims > 1 {
				r.warnN("lump_sum_claimed_twice", int(a.claims), map[string]any{"Code": k.code, "Partner": l.Partner})
			}
		}
		var err error
		if l.Budget, err = a.budget.Money(); err != nil {
			return err
		}
		if l.Spent, err = a.spent.Money(); err != nil {
			return err
		}
		r.CostOptions = append(r.CostOptions, l)
	}
	return nil
}

// warnRules adds the warnings of the programme's rules: a cost category
// of a partner overspent beyond the flexibility margin, a partner over its
// total, expenditure dated outside the project period, and expenditure
// recorded in a category that a flat rate computes.
func (r *FinancialReport) warnRules(p *socialsvc.Project, exp []store.ExpenditureSum, enteredFlat int64, name func(socialsvc.PartnerID) string) error {
	type pc struct {
		p socialsvc.PartnerID
		c socialsvc.CostCategory
	}
	type acc struct{ budget, spent socialsvc.Total }
	byPC := map[pc]*acc{}
	var order []pc
	for _, l := range r.Lines {
		k := pc{l.PartnerID, l.Category}
		a := byPC[k]
		if a == nil {
			a = &acc{socialsvc.NewTotal(r.Currency), socialsvc.NewTotal(r.Currency)}
			byPC[k] = a
			order = append(order, k)
		}
		if err := a.budget.Add(l.Budget); err != nil {
			return err
		}
		if err := a.spent.Add(l.Spent); err != nil {
			return err
		}
	}
	flex := p.Flexibility()
	for _, k := range order {
		budget, err := byPC[k].budget.Money()
		if err != nil {
			return err
		}
		spent, err := byPC[k].spent.Money()
		if err != nil {
			return err
		}
		margin, _, err := socialsvc.CoFinance(budget, flex)
		if err != nil {
			return err
		}
		limit, err := budget.Add(margin)
		if err != nil {
			return err
		}
		if c, _ := spent.Cmp(limit); c > 0 {
			over, _ := spent.Sub(budget)
			r.warn("category_over_flexibility", map[string]any{"Partner": name(k.p), "Category": k.c, "Spent": spent, "Budget": budget, "Over": over, "Flex": percentArg(flex), "Margin": margin})
		}
	}
	for _, pt := range r.Partners {
		if c, _ := pt.Spent.Cmp(pt.Budget); c > 0 {
			over, _ := pt.Spent.Sub(pt.Budget)
			r.warn("partner_over_total", map[string]any{"Partner": pt.Partner, "Spent": pt.Spent, "Budget": pt.Budget, "Over": over})
		}
	}
	if p.Start.Valid() && p.End.Valid() {
		var n int64
		for _, e := range exp {
			// A store's sums carry the dates; zero dates mean an
			// Aggregator that does not report them.
			if !e.First.IsZero() && (e.First.Before(p.Start) || e.Last.After(p.End)) {
				n += e.Count
				r.warn("expenditure_outside_project", map[string]any{"Partner": name(e.PartnerID), "Category": e.Category, "Period": e.Period,
					"First": e.First, "Last": e.Last, "Start": p.Start, "End": p.End})
			}
		}
	}
	if enteredFlat > 0 {
		r.warnN("flat_rate_entered", int(enteredFlat), nil)
	}
	return nil
}

// isFlat reports whether c is computed by one of p's flat rates or
// replaced by the "all other costs" flat rate.
func isFlat(p *socialsvc.Project, c socialsvc.CostCategory) bool {
	for _, f := range p.FlatRates {
		if f.Category() == c || f.Kind == socialsvc.FlatOtherOnStaff && slices.Contains(socialsvc.OtherCostsReplace, c) {
			return true
		}
	}
	return false
}
