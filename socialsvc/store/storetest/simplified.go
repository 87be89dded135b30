package storetest

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// simplifiedCostTests check the simplified cost options every store must
// keep: unit costs, lump sums and the flexibility margin round-trip with
// the project; unit-cost and lump-sum lines are priced by the library,
// never by the caller; a flat-rate category takes no reported line; sums
// are kept apart by cost option.
func simplifiedCostTests() []test {
	return []test{
		{name: "DefinitionsRoundTrip", fn: testCostOptionsRoundTrip},
		{name: "LinesArePriced", fn: testCostOptionLinesPriced},
		{name: "FlatRateCategoryTakesNoLine", fn: testFlatRateCategoryRejected},
		{name: "SumsByCostOption", fn: testSumsByCostOption},
	}
}

func units(s string) *decimal.Decimal { d := dec(s); return &d }

func withCostOptions(p *socialsvc.Project) {
	flex := dec("20")
	p.FlexibilityPercent = &flex
	p.UnitCosts = []socialsvc.UnitCost{{Code: "WS-DAY", Name: socialsvc.I18n{"hr": "dan radionice po sudioniku", "en": "workshop participant-day"}, Unit: "participant-day", Price: eur("33.33")}}
	p.LumpSums = []socialsvc.LumpSum{{Code: "STUDY", Name: socialsvc.I18n{"hr": "studijsko putovanje", "en": "study visit"},
		Deliverable: socialsvc.I18n{"en": "study visit report"}, Amount: eur("15000.00"), Period: 2}}
}

func testCostOptionsRoundTrip(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	p := f.project(withCostOptions, func(p *socialsvc.Project) {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: dec("40")}}
	})
	got, err := s.GetProject(t.Context(), p.ID)
	require.NoError(t, err)
	assert.Equal(t, canonical(p), canonical(got))
	require.NotNil(t, got.FlexibilityPercent)
	assert.Equal(t, "20", got.FlexibilityPercent.String())

	q := got
	q.FlexibilityPercent = nil
	require.NoError(t, s.UpdateProject(t.Context(), &q))
	again, err := s.GetProject(t.Context(), p.ID)
	require.NoError(t, err)
	assert.Nil(t, again.FlexibilityPercent, "unset means the default margin")

	bad := again
	bad.FlatRates = append(bad.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")})
	requireInvalid(t, s.UpdateProject(t.Context(), &bad), "flat_rates[1].kind")
}

func testCostOptionLinesPriced(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project(withCostOptions)
	a := f.partner(p.ID, socialsvc.RoleLead)

	// 12.5 × 33,33 = 416,625, rounded down to 416,62.
	l := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "WS-DAY", Units: units("12.5")}
	require.NoError(t, s.CreateBudgetLine(ctx, &l))
	assert.Equal(t, eur("416.62"), l.Amount)
	got, err := s.GetBudgetLine(ctx, l.ID)
	require.NoError(t, err)
	assert.Equal(t, canonical(l), canonical(got))

	wrong := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "WS-DAY", Units: units("1"), Amount: eur("50.00")}
	requireInvalid(t, s.CreateBudgetLine(ctx, &wrong), "amount")
	unknown := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "NOPE", Units: units("1")}
	requireInvalid(t, s.CreateBudgetLine(ctx, &unknown), "cost_option")

	ls := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatLumpSum, Period: 2, CostOption: "STUDY"}
	require.NoError(t, s.CreateBudgetLine(ctx, &ls))
	assert.Equal(t, eur("15000.00"), ls.Amount)

	// A claim of 3 units: 99,99, computed; the lump sum whole.
	e := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, Date: d("2019-01-15"), CostOption: "WS-DAY", Units: units("3")}
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("99.99"), e.Amount)
	assert.Equal(t, eur("99.99"), e.Converted)
	gotE, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, canonical(e), canonical(gotE))

	claim := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatLumpSum, Period: 2, Date: d("2019-06-01"), CostOption: "STUDY"}
	require.NoError(t, s.CreateExpenditure(ctx, &claim))
	assert.Equal(t, eur("15000.00"), claim.Converted)

	priced := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, Date: d("2019-01-15"), CostOption: "WS-DAY", Units: units("3"),
		Amount: eur("1000.00")}
	requireInvalid(t, s.CreateExpenditure(ctx, &priced), "amount")
	staffUnits := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-15"), Units: units("3"), Amount: eur("10.00")}
	requireInvalid(t, s.CreateExpenditure(ctx, &staffUnits), "units")
}

func testFlatRateCategoryRejected(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project(func(p *socialsvc.Project) {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
	})
	a := f.partner(p.ID, socialsvc.RoleLead)
	office := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatOffice, Period: 1, Date: d("2019-01-15"), Amount: eur("10.00")}
	requireInvalid(t, s.CreateExpenditure(ctx, &office), "category")
	l := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatOffice, Period: 1, Amount: eur("10.00")}
	requireInvalid(t, s.CreateBudgetLine(ctx, &l), "category")

	// "All other costs" replaces travel, external expertise, equipment,
	// infrastructure and office: none of them takes a line.
	q := f.project(func(p *socialsvc.Project) {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: dec("40")}}
	})
	b := f.partner(q.ID, socialsvc.RoleLead)
	for _, c := range socialsvc.OtherCostsReplace {
		e := socialsvc.Expenditure{ProjectID: q.ID, PartnerID: b.ID, Category: c, Period: 1, Date: d("2019-01-15"), Amount: eur("10.00")}
		requireInvalid(t, s.CreateExpenditure(ctx, &e), "category")
	}
	f.budget(b, socialsvc.CatStaff, 1, eur("1000.01"))
	other := officeLinesOf(t, s, q.ID, socialsvc.CatOther)
	require.Len(t, other, 1)
	assert.Equal(t, eur("400.00"), other[0].Amount, "40 % of 1.000,01 = 400,004, rounded down")
	assert.True(t, other[0].Computed)
}

func officeLinesOf(t *testing.T, s store.Store, p socialsvc.ProjectID, c socialsvc.CostCategory) []socialsvc.BudgetLine {
	return all(t, 100, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
		return s.ListBudgetLines(t.Context(), store.BudgetFilter{ListOptions: o, ProjectID: p, Category: c})
	})
}

func testSumsByCostOption(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project(withCostOptions, func(p *socialsvc.Project) {
		p.UnitCosts = append(p.UnitCosts, socialsvc.UnitCost{Code: "MEAL", Name: socialsvc.I18n{"en": "meal"}, Unit: "meal", Price: eur("7.50")})
	})
	a := f.partner(p.ID, socialsvc.RoleLead)
	for _, x := range []struct {
		code, units string
	}{{"WS-DAY", "2"}, {"WS-DAY", "1"}, {"MEAL", "4"}} {
		e := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, Date: d("2019-01-15"), CostOption: x.code, Units: units(x.units)}
		require.NoError(t, s.CreateExpenditure(ctx, &e))
	}
	want := []store.ExpenditureSum{
		{PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "MEAL", Amount: eur("30.00"), Converted: eur("30.00"), Count: 1, First: d("2019-01-15"), Last: d("2019-01-15")},
		{PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "WS-DAY", Amount: eur("99.99"), Converted: eur("99.99"), Count: 2, First: d("2019-01-15"), Last: d("2019-01-15")},
	}
	for _, src := range []struct {
		name string
		s    store.Expenditures
	}{{"store", s}, {"streaming fallback", streaming{s}}} {
		got, err := store.SumExpenditure(ctx, src.s, store.ExpenditureFilter{ProjectID: p.ID})
		require.NoError(t, err)
		same(t, want, got, src.name)
	}
	l := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "MEAL", Units: units("10")}
	require.NoError(t, s.CreateBudgetLine(ctx, &l))
	sums, err := store.SumBudget(ctx, s, store.BudgetFilter{ProjectID: p.ID})
	require.NoError(t, err)
	same(t, []store.BudgetSum{{PartnerID: a.ID, Category: socialsvc.CatUnitCost, Period: 1, CostOption: "MEAL", Amount: eur("75.00"), Count: 1}}, sums, "budget")
}
