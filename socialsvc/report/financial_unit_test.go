package report

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

var fixedNow = func() time.Time { return time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC) }

func eur(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.EUR) }
func hrk(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.HRK) }
func pct(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// dualFixture is a small project across the kuna changeover: kuna
// expenditure at a stored historical rate, euro expenditure, a flat rate
// and budget lines whose kuna conversions round differently one by one
// than in total.
func dualFixture() (*socialsvc.Project, []socialsvc.Partner, map[socialsvc.OrgID]socialsvc.Organisation, []store.BudgetSum, []store.ExpenditureSum, []socialsvc.Fund) {
	p := &socialsvc.Project{ID: "cz", Acronym: "CZ", Title: socialsvc.I18n{"hr": "Centri", "en": "Centres"}, Currency: socialsvc.EUR,
		Start: socialsvc.MustDate("2022-10-01"), End: socialsvc.MustDate("2023-12-31"), Status: socialsvc.StatusInImplementation,
		Periods:   []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2022-10-01"), End: socialsvc.MustDate("2023-12-31")}},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}}
	partners := []socialsvc.Partner{
		{ID: "p2", ProjectID: "cz", OrgID: "o2", Role: socialsvc.RolePartner, Number: 2, Funding: []socialsvc.CoFinancing{{FundID: "f", RatePercent: decimal.NewFromInt(80)}}},
		{ID: "p1", ProjectID: "cz", OrgID: "o1", Role: socialsvc.RoleLead, Number: 1, Funding: []socialsvc.CoFinancing{{FundID: "f", RatePercent: decimal.NewFromInt(80)}}},
	}
	orgs := map[socialsvc.OrgID]socialsvc.Organisation{"o1": {ID: "o1", Name: "K-zona"}, "o2": {ID: "o2", Name: "Vestigium"}}
	budget := []store.BudgetSum{
		{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: eur("1000.00")},
		{PartnerID: "p1", Category: socialsvc.CatOffice, Period: 1, Amount: eur("150.00")},
		{PartnerID: "p2", Category: socialsvc.CatTravel, Period: 1, Amount: eur("333.33")},
		{PartnerID: "p2", Category: socialsvc.CatExternal, Period: 1, Amount: eur("0.01")},
		{PartnerID: "p2", Category: socialsvc.CatEquipment, Period: 1, Amount: eur("0.01")},
	}
	exp := []store.ExpenditureSum{
		{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: eur("100.00"), Converted: eur("100.00"), Count: 1},
		{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: hrk("7534.50"), Converted: eur("1000.00"), Count: 2},
		{PartnerID: "p2", Category: socialsvc.CatTravel, Period: 1, Amount: hrk("1000.00"), Converted: eur("135.14"), Count: 1}, // at 7.40
	}
	funds := []socialsvc.Fund{{ID: "f", Code: "CITY", Name: socialsvc.I18n{"hr": "Grad", "en": "City"}, Kind: socialsvc.FundCity}}
	return p, partners, orgs, budget, exp, funds
}

func TestBuildFinancialDual(t *testing.T) {
	p, partners, orgs, budget, exp, funds := dualFixture()
	r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, funds)
	require.NoError(t, err)

	assert.Equal(t, socialsvc.HRK, r.DualCurrency)
	require.Len(t, r.Lines, 5)
	staff := r.Lines[0]
	assert.Equal(t, socialsvc.PartnerID("p1"), staff.PartnerID)
	assert.Equal(t, socialsvc.CatStaff, staff.Category)
	assert.Equal(t, eur("1000.00"), staff.Budget)
	assert.Equal(t, eur("1100.00"), staff.Spent)
	assert.Equal(t, eur("-100.00"), staff.Remaining)
	assert.Equal(t, pct("110.00"), staff.AbsorptionPercent)
	assert.Equal(t, hrk("7534.50"), *staff.BudgetDual)
	// Kuna as paid plus the euro line converted at the fixed rate.
	assert.Equal(t, hrk("8287.95"), *staff.SpentDual)
	assert.Equal(t, hrk("-753.45"), *staff.RemainingDual)
	assert.Equal(t, int64(3), staff.ExpenditureLines)

	// Office spending is the flat rate on staff spending, not entered:
	// 15% of 1.100,00 = 165,00, in kuna at the fixed rate 1.243,19.
	office := r.Lines[1]
	assert.Equal(t, socialsvc.CatOffice, office.Category)
	assert.Equal(t, eur("165.00"), office.Spent)
	assert.Equal(t, hrk("1243.19"), *office.SpentDual)
	assert.Equal(t, int64(0), office.ExpenditureLines)

	assert.Equal(t, eur("1483.35"), r.Total.Budget)
	assert.Equal(t, eur("1400.14"), r.Total.Spent)
	assert.Equal(t, eur("83.21"), r.Total.Remaining)
	assert.Equal(t, hrk("11176.31"), *r.Total.BudgetDual)
	assert.Equal(t, hrk("10531.14"), *r.Total.SpentDual)

	require.NotNil(t, r.DualCheck)
	assert.Equal(t, DualDifference{SumOfLines: hrk("11176.31"), ConvertedTotal: hrk("11176.30"), Difference: hrk("-0.01")}, r.DualCheck.Budget)
	assert.Equal(t, DualDifference{SumOfLines: hrk("10531.14"), ConvertedTotal: hrk("10549.35"), Difference: hrk("18.21")}, r.DualCheck.Spent)

	require.Len(t, r.Partners, 2)
	assert.Equal(t, "K-zona", r.Partners[0].Partner)
	assert.Equal(t, hrk("8664.68"), *r.Partners[0].BudgetDual)
	assert.Equal(t, hrk("2511.63"), *r.Partners[1].BudgetDual)

	require.Len(t, r.Conversions, 2)
	assert.Equal(t, eur("132.72"), *r.Conversions[1].AtFixedRate)
	assert.Equal(t, eur("2.42"), *r.Conversions[1].Difference)
	require.Len(t, r.ConversionTotals, 1)
	ct := r.ConversionTotals[0]
	assert.Equal(t, hrk("8534.50"), ct.Amount)
	assert.Equal(t, eur("1135.14"), ct.Converted)
	assert.Equal(t, eur("1132.72"), *ct.AtFixedRate)
	assert.Equal(t, eur("2.42"), *ct.Difference)
	assert.Equal(t, int64(3), ct.Count)

	// Co-financing as ComputeFunding makes it: shares rounded down per
	// partner, the fund total their sum.
	assert.Equal(t, eur("1483.35"), r.Funding.Total)
	assert.Equal(t, eur("1186.68"), r.Funding.FundAmount("f"))
	assert.Equal(t, eur("296.67"), r.Funding.Own)
	require.Len(t, r.Funds, 1)
	assert.Equal(t, pct("80.00"), r.Funds[0].SharePercent)

	require.Len(t, r.FlatRates, 1)
	assert.Equal(t, FlatRateLine{PartnerID: "p1", Partner: "K-zona", Period: 1, Kind: socialsvc.FlatOfficeOnStaff, Category: socialsvc.CatOffice,
		Base: []socialsvc.CostCategory{socialsvc.CatStaff}, RatePercent: decimal.NewFromInt(15), BaseAmount: eur("1000.00"), Amount: eur("150.00"), Expected: eur("150.00"),
		BaseSpent: eur("1100.00"), Spent: eur("165.00")}, r.FlatRates[0])
	// Staff spent 1.100,00 of 1.000,00 is within the default flexibility
	// of 10 %, but K-zona's 1.265,00 exceeds its total of 1.150,00.
	assert.Equal(t, []string{"partner_over_total"}, noteCodes(r.Warnings))
	assert.Contains(t, noteCodes(r.Notes), "dual_display")
}

func noteCodes(ns []Note) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Code)
	}
	return out
}

func TestBuildFinancialErrors(t *testing.T) {
	p, partners, orgs, budget, exp, funds := dualFixture()
	tests := []struct {
		name   string
		budget []store.BudgetSum
		exp    []store.ExpenditureSum
		rule   string
	}{
		{"expenditure without a conversion to the project currency", budget,
			[]store.ExpenditureSum{{PartnerID: "p1", Category: socialsvc.CatStaff, Amount: socialsvc.MustMoney("10.00", "GBP"), Converted: socialsvc.MustMoney("10.00", "GBP"), Count: 1}}, "rate_missing"},
		{"budget in another currency", []store.BudgetSum{{PartnerID: "p1", Category: socialsvc.CatStaff, Amount: hrk("10.00")}}, exp, "rate_missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildFinancial(p, Scope{}, Options{}, partners, orgs, tt.budget, tt.budget, tt.exp, tt.exp, funds)
			require.Error(t, err)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			require.NotEmpty(t, socialsvc.ErrorFields(err))
			assert.Equal(t, tt.rule, socialsvc.ErrorFields(err)[0].Rule)
		})
	}
}

func TestBuildFinancialStaleFlatRate(t *testing.T) {
	p, partners, orgs, budget, exp, funds := dualFixture()
	budget[1].Amount = eur("140.00") // stale: 15 % of 1000.00 is 150.00
	r, err := buildFinancial(p, Scope{}, Options{}, partners, orgs, budget, budget, exp, exp, funds)
	require.NoError(t, err)
	require.Len(t, r.FlatRates, 1)
	assert.True(t, r.FlatRates[0].Stale)
	assert.Equal(t, eur("150.00"), r.FlatRates[0].Expected)
	// Office spent 165,00 (15 % of 1.100,00) against 140,00 is beyond
	// 140,00 + 10 % = 154,00.
	assert.Equal(t, []string{"flat_rate_stale", "category_over_flexibility", "partner_over_total"}, noteCodes(r.Warnings))
}

func TestBuildFinancialEmpty(t *testing.T) {
	p, partners, orgs, _, _, funds := dualFixture()
	p.Start, p.End = socialsvc.MustDate("2019-01-01"), socialsvc.MustDate("2020-12-31")
	r, err := buildFinancial(p, Scope{}, Options{}, partners, orgs, nil, nil, nil, nil, funds)
	require.NoError(t, err)
	assert.Empty(t, r.Lines)
	assert.Equal(t, eur("0.00"), r.Total.Budget)
	assert.Nil(t, r.Total.AbsorptionPercent)
	assert.Equal(t, socialsvc.Currency(""), r.DualCurrency)
	assert.Nil(t, r.DualCheck)
	assert.Equal(t, []string{"no_budget", "no_expenditure"}, noteCodes(r.Notes))
}

func TestDualDisplayNeedsCroatiaOrKuna(t *testing.T) {
	p, partners, _, budget, _, funds := dualFixture()
	euroOnly := []store.ExpenditureSum{{PartnerID: "p1", Category: socialsvc.CatStaff, Period: 1, Amount: eur("100.00"), Converted: eur("100.00"), Count: 1}}
	abroad := map[socialsvc.OrgID]socialsvc.Organisation{"o1": {ID: "o1", Name: "A", Country: "RS"}, "o2": {ID: "o2", Name: "B", Country: "XK"}}
	home := map[socialsvc.OrgID]socialsvc.Organisation{"o1": {ID: "o1", Name: "A", Country: "HR"}, "o2": {ID: "o2", Name: "B", Country: "XK"}}
	withHRK := append(slices.Clone(euroOnly), store.ExpenditureSum{PartnerID: "p2", Category: socialsvc.CatTravel, Period: 1, Amount: hrk("75.35"), Converted: eur("10.00"), Count: 1})
	tests := []struct {
		name    string
		regions []socialsvc.Region
		orgs    map[socialsvc.OrgID]socialsvc.Organisation
		exp     []store.ExpenditureSum
		want    socialsvc.Currency
	}{
		{"in the window, no link to Croatia", nil, abroad, euroOnly, ""},
		{"in the window, a Croatian region", []socialsvc.Region{{Code: "HR050", Version: socialsvc.NUTS2021}}, abroad, euroOnly, socialsvc.HRK},
		{"in the window, a Croatian partner", nil, home, euroOnly, socialsvc.HRK},
		{"kuna expenditure anywhere", nil, abroad, withHRK, socialsvc.HRK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := *p
			q.Regions = tt.regions
			r, err := buildFinancial(&q, Scope{}, Options{}, partners, tt.orgs, budget, budget, tt.exp, tt.exp, funds)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.DualCurrency)
			assert.Equal(t, tt.want != "", r.DualCheck != nil)
		})
	}
}
