package report

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// warnFixture: one lead partner budgeting staff 1.000,00 and travel
// 100,00 over two periods, no flat rate.
func warnFixture() (*socialsvc.Project, []socialsvc.Partner, map[socialsvc.OrgID]socialsvc.Organisation, []store.BudgetSum) {
	p := &socialsvc.Project{ID: "w", Acronym: "W", Title: socialsvc.I18n{"en": "W"}, Currency: socialsvc.EUR, Status: socialsvc.StatusInImplementation,
		Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31"),
		Periods: []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-06-30")},
			{Number: 2, Start: socialsvc.MustDate("2024-07-01"), End: socialsvc.MustDate("2024-12-31")}}}
	partners := []socialsvc.Partner{{ID: "p1", ProjectID: "w", OrgID: "o1", Role: socialsvc.RoleLead, Number: 1}}
	orgs := map[socialsvc.OrgID]socialsvc.Organisation{"o1": {ID: "o1", Name: "Udruga"}}
	budget := []store.BudgetSum{
		{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: eur("1000.00")},
		{PartnerID: "p1", Category: socialsvc.CatTravel, Period: 2, Amount: eur("100.00")},
	}
	return p, partners, orgs, budget
}

func spentIn(cat socialsvc.CostCategory, period int, amount, first, last string) store.ExpenditureSum {
	return store.ExpenditureSum{PartnerID: "p1", Category: cat, Period: period, Amount: eur(amount), Converted: eur(amount), Count: 1,
		First: socialsvc.MustDate(first), Last: socialsvc.MustDate(last)}
}

// TestFinancialWarnings: the flexibility rule lets a category exceed its
// budget by a margin of it (default 10 %, the project's own when set) while
// the partner's total holds; beyond it, or over the total, or dated
// outside the project, the report warns, with a code and both languages.
func TestFinancialWarnings(t *testing.T) {
	flex20 := decimal.NewFromInt(20)
	tests := []struct {
		name string
		flex *decimal.Decimal
		exp  []store.ExpenditureSum
		want []string
	}{
		{"travel 110,00 of 100,00: within 10 %", nil, []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "110.00", "2024-07-01", "2024-07-01")}, nil},
		{"travel 110,01 of 100,00: beyond 10 %", nil, []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "110.01", "2024-07-01", "2024-07-01")},
			[]string{"category_over_flexibility"}},
		{"travel 120,00 under a 20 % margin", &flex20, []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "120.00", "2024-07-01", "2024-07-01")}, nil},
		{"travel 120,01 under a 20 % margin", &flex20, []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "120.01", "2024-07-01", "2024-07-01")},
			[]string{"category_over_flexibility"}},
		{"a category without budget", nil, []store.ExpenditureSum{spentIn(socialsvc.CatEquipment, 1, "0.01", "2024-02-01", "2024-02-01")},
			[]string{"category_over_flexibility"}},
		// Travel is within its margin, but 1.000,00 + 110,00 exceeds the
		// partner's 1.100,00.
		{"partner over its total", nil, []store.ExpenditureSum{spentIn(socialsvc.CatStaff, 1, "1000.00", "2024-02-01", "2024-02-01"),
			spentIn(socialsvc.CatTravel, 2, "110.00", "2024-07-01", "2024-07-01")}, []string{"partner_over_total"}},
		{"dated before the project", nil, []store.ExpenditureSum{spentIn(socialsvc.CatStaff, 1, "10.00", "2023-12-31", "2024-02-01")},
			[]string{"expenditure_outside_project"}},
		{"dated after the project", nil, []store.ExpenditureSum{spentIn(socialsvc.CatStaff, 1, "10.00", "2024-02-01", "2025-01-01")},
			[]string{"expenditure_outside_project"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, partners, orgs, budget := warnFixture()
			p.FlexibilityPercent = tc.flex
			r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, tc.exp, tc.exp, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, noteCodes(r.Warnings))
			for _, w := range r.Warnings {
				assert.NotEmpty(t, w.Message)
				assert.NotEmpty(t, w.MessageHR)
			}
		})
	}

	t.Run("messages", func(t *testing.T) {
		p, partners, orgs, budget := warnFixture()
		exp := []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "110.01", "2024-07-01", "2024-07-01")}
		r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, nil)
		require.NoError(t, err)
		require.Len(t, r.Warnings, 1)
		assert.Equal(t, "Udruga: travel and accommodation spent €110.01 against a budget of €100.00, €10.01 over, beyond the flexibility of 10% (€10.00).", r.Warnings[0].Message)
		assert.Equal(t, "Udruga: putni troškovi i smještaj potrošeno 110,01\u00a0€ uz proračun 100,00\u00a0€, 10,01\u00a0€ više, izvan fleksibilnosti od 10\u00a0% (10,00\u00a0€).", r.Warnings[0].MessageHR)
		// Every shipped language has the warning, with its own CLDR formats
		// (the category label is the domain's, English until the domain
		// labels move to the catalogues).
		assert.Equal(t, r.Warnings[0].Message, r.Warnings[0].Messages[socialsvc.EN])
		assert.Equal(t, r.Warnings[0].MessageHR, r.Warnings[0].Text(socialsvc.HR))
		assert.Equal(t, "Udruga: "+socialsvc.CatTravel.Label(socialsvc.SL)+" porabljeno 110,01\u00a0€ ob proračunu 100,00\u00a0€, 10,01\u00a0€ več, kar presega prožnost 10\u00a0% (10,00\u00a0€).", r.Warnings[0].Text(socialsvc.SL))
		assert.Equal(t, "Udruga: "+socialsvc.CatTravel.Label(socialsvc.SQ)+" u shpenzuan 110,01\u00a0€ kundrejt një buxheti prej 100,00\u00a0€, 10,01\u00a0€ më shumë, përtej fleksibilitetit prej 10% (10,00\u00a0€).", r.Warnings[0].Text(socialsvc.SQ))
	})
}

// TestFinancialOtherCostsOnSpending: under "all other costs" at 40 % of
// staff costs the other-costs line is spent 40 % of the staff spent:
// 40 % of 1.234,56 = 493,824 → 493,82.
func TestFinancialOtherCostsOnSpending(t *testing.T) {
	p, partners, orgs, _ := warnFixture()
	p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: decimal.NewFromInt(40)}}
	budget := []store.BudgetSum{
		{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: eur("2000.00")},
		{PartnerID: "p1", Category: socialsvc.CatOther, Period: 1, Amount: eur("800.00")},
	}
	exp := []store.ExpenditureSum{spentIn(socialsvc.CatStaff, 1, "1234.56", "2024-02-01", "2024-03-01")}
	r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, nil)
	require.NoError(t, err)
	require.Len(t, r.Lines, 2)
	assert.Equal(t, socialsvc.CatOther, r.Lines[1].Category)
	assert.Equal(t, eur("493.82"), r.Lines[1].Spent)
	assert.Equal(t, eur("1728.38"), r.Total.Spent)
	require.Len(t, r.FlatRates, 1)
	assert.Equal(t, eur("1234.56"), r.FlatRates[0].BaseSpent)
	assert.Equal(t, eur("493.82"), r.FlatRates[0].Spent)
	assert.False(t, r.FlatRates[0].Stale)
	assert.Empty(t, r.Warnings)
}

// TestFinancialCostOptions: unit costs and lump sums are budgeted and
// reported as such, priced by the library.
func TestFinancialCostOptions(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	p := socialsvc.Project{ID: "uc", Acronym: "UC", Title: socialsvc.I18n{"en": "Unit costs"}, Currency: socialsvc.EUR, Status: socialsvc.StatusInImplementation,
		Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31"),
		Periods:   []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31")}},
		UnitCosts: []socialsvc.UnitCost{{Code: "DAY", Name: socialsvc.I18n{"hr": "dan savjetovanja", "en": "counselling day"}, Unit: "day", Price: eur("123.45")}},
		LumpSums:  []socialsvc.LumpSum{{Code: "CONF", Name: socialsvc.I18n{"en": "final conference"}, Amount: eur("5000.00"), Period: 1}}}
	require.NoError(t, s.CreateProject(ctx, &p))
	require.NoError(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: "o1", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "HR"}))
	require.NoError(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: "p1", ProjectID: p.ID, OrgID: "o1", Role: socialsvc.RoleLead, Number: 1}))
	units := func(v string) *decimal.Decimal { d := decimal.RequireFromString(v); return &d }
	require.NoError(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatUnitCost, Period: 1, CostOption: "DAY", Units: units("40")}))
	require.NoError(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatLumpSum, Period: 1, CostOption: "CONF"}))
	for _, u := range []string{"2.5", "0.5"} {
		require.NoError(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatUnitCost, Period: 1,
			Date: socialsvc.MustDate("2024-05-01"), CostOption: "DAY", Units: units(u)}))
	}
	for range 2 {
		require.NoError(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatLumpSum, Period: 1,
			Date: socialsvc.MustDate("2024-11-20"), CostOption: "CONF"}))
	}
	r, err := Financial(ctx, s, p.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	// 40 × 123,45 = 4.938,00; 2,5 × 123,45 = 308,625 → 308,62 and 0,5 ×
	// 123,45 = 61,725 → 61,72: each claim rounded down on its own.
	assert.Equal(t, []CostOptionLine{
		{PartnerID: "p1", Partner: "Udruga", Category: socialsvc.CatLumpSum, Code: "CONF", Name: socialsvc.I18n{"en": "final conference"}, Price: eur("5000.00"), Period: 1,
			Budget: eur("5000.00"), Spent: eur("10000.00"), Claims: 2},
		{PartnerID: "p1", Partner: "Udruga", Category: socialsvc.CatUnitCost, Code: "DAY", Name: socialsvc.I18n{"hr": "dan savjetovanja", "en": "counselling day"}, Unit: "day",
			Price: eur("123.45"), Budget: eur("4938.00"), Spent: eur("370.34"), Claims: 2},
	}, r.CostOptions)
	assert.Contains(t, noteCodes(r.Warnings), "lump_sum_claimed_twice")
	assert.Contains(t, noteCodes(r.Warnings), "category_over_flexibility")
	var tables []string
	for _, tb := range r.Tables(socialsvc.EN) {
		tables = append(tables, tb.ID)
	}
	assert.Contains(t, tables, "cost_options")
}

// TestFinancialClosingPeriodScope: the closing period's flat-rate spending
// takes the remainder of the partner's whole spending, also in a report
// of that period alone: staff 1.000,04 in each of periods 1 and 2, office
// 15 %: 150,00 in period 1, 300,01 − 150,00 = 150,01 in period 2.
func TestFinancialClosingPeriodScope(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	p, _, _, _ := warnFixture()
	p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}
	require.NoError(t, s.CreateProject(ctx, p))
	require.NoError(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: "o1", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "SI"}))
	require.NoError(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: "p1", ProjectID: p.ID, OrgID: "o1", Role: socialsvc.RoleLead, Number: 1}))
	for per, date := range map[int]string{1: "2024-03-01", 2: "2024-09-01"} {
		require.NoError(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatStaff, Period: per, Amount: eur("1000.04")}))
		require.NoError(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ProjectID: p.ID, PartnerID: "p1", Category: socialsvc.CatStaff, Period: per,
			Date: socialsvc.MustDate(date), Amount: eur("1000.04")}))
	}
	office := func(r *FinancialReport) (budget, spent socialsvc.Money) {
		for _, c := range r.Categories {
			if c.Category == socialsvc.CatOffice {
				return c.Budget, c.Spent
			}
		}
		t.Fatal("no office line")
		return
	}
	for _, tc := range []struct {
		period        int
		budget, spent string
	}{{0, "300.01", "300.01"}, {1, "150.00", "150.00"}, {2, "150.01", "150.01"}} {
		r, err := Financial(ctx, s, p.ID, Options{Now: fixedNow, Period: tc.period})
		require.NoError(t, err)
		b, sp := office(r)
		assert.Equal(t, eur(tc.budget), b, "period %d", tc.period)
		assert.Equal(t, eur(tc.spent), sp, "period %d", tc.period)
		for _, f := range r.FlatRates {
			assert.False(t, f.Stale, "period %d", tc.period)
		}
	}
}
