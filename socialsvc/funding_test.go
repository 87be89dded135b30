package socialsvc_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

const fundingProject socialsvc.ProjectID = "2sokrog"

var erdf85 = socialsvc.Fund{ID: "erdf", Code: "ERDF", Name: socialsvc.I18n{"hr": "EFRR", "en": "ERDF"},
	Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}

func fundingPartner(id socialsvc.PartnerID, role socialsvc.Role, funding ...socialsvc.CoFinancing) socialsvc.Partner {
	return socialsvc.Partner{ID: id, ProjectID: fundingProject, OrgID: socialsvc.OrgID(id), Role: role, Funding: funding}
}

func coFinancing(fund socialsvc.FundID, pct string) socialsvc.CoFinancing {
	return socialsvc.CoFinancing{FundID: fund, RatePercent: dec(pct)}
}

func budgetLine(p socialsvc.PartnerID, cat socialsvc.CostCategory, period int, amount socialsvc.Money) socialsvc.BudgetLine {
	return socialsvc.BudgetLine{ProjectID: fundingProject, PartnerID: p, Category: cat, Period: period, Amount: amount}
}

// TestComputeFunding2SoKroG reproduces the published figures of seed 004:
// a project total of 574.947,17 EUR with ERDF 488.705,06 EUR, where
// total × 85% would be 488.705,09. The split of the total among the seven
// partners is illustrative (the seed publishes only the totals); it is one
// where the partners' rounded-down shares lose 3 cents between them, as
// the published figures do.
func TestComputeFunding2SoKroG(t *testing.T) {
	ids := []socialsvc.PartnerID{"bistra", "rasr", "cpu", "jura", "czss", "redea", "zrsz"}
	budgets := []int64{14000483, 9000621, 7500211, 8001477, 7000811, 6500980, 5490134}
	wantFund := []int64{11900410, 7650527, 6375179, 6801255, 5950689, 5525833, 4666613}

	var partners []socialsvc.Partner
	var lines []socialsvc.BudgetLine
	for i, id := range ids {
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
		}
		partners = append(partners, fundingPartner(id, role, coFinancing("erdf", "85")))
		if i == 3 {
			partners = append(partners, fundingPartner("assoc-ministry", socialsvc.RoleAssociated))
		}
		// Each budget in two lines, so that the partner total is a sum.
		lines = append(lines, budgetLine(id, socialsvc.CatStaff, 1, eur(budgets[i]-100000)), budgetLine(id, socialsvc.CatTravel, 2, eur(100000)))
	}
	lines = append(lines, budgetLine("assoc-ministry", socialsvc.CatStaff, 1, eur(0)))

	tbl, err := socialsvc.ComputeFunding(socialsvc.EUR, partners, lines, []socialsvc.Fund{erdf85})
	require.NoError(t, err)

	assert.Equal(t, socialsvc.EUR, tbl.Currency)
	assert.Equal(t, eur(57494717), tbl.Total)
	assert.Equal(t, eur(48870506), tbl.FundAmount("erdf"), "ERDF 488.705,06: the sum of the partners' rounded shares")
	assert.Equal(t, []socialsvc.FundTotal{{FundID: "erdf", Amount: eur(48870506)}}, tbl.Funds)
	assert.Equal(t, eur(57494717-48870506), tbl.Own)

	naive, _, err := socialsvc.CoFinance(tbl.Total, dec("85"))
	require.NoError(t, err)
	assert.Equal(t, eur(48870509), naive, "total × 85% rounded down is 488.705,09, which is not the published figure")

	require.Len(t, tbl.Partners, len(ids), "the associated partner has no row")
	for i, row := range tbl.Partners {
		assert.Equal(t, ids[i], row.PartnerID)
		assert.Equal(t, eur(budgets[i]), row.Total)
		require.Len(t, row.Funds, 1)
		assert.Equal(t, socialsvc.FundID("erdf"), row.Funds[0].FundID)
		assert.True(t, row.Funds[0].RatePercent.Equal(dec("85")))
		assert.Equal(t, eur(wantFund[i]), row.Funds[0].Amount, "partner %s", ids[i])
		assert.Equal(t, eur(budgets[i]-wantFund[i]), row.Own, "partner %s", ids[i])
	}

	assert.Equal(t, eur(0), tbl.FundAmount("esf"), "a fund not in the table is zero")
}

func TestComputeFundingSeveralFunds(t *testing.T) {
	national := socialsvc.Fund{ID: "state", Code: "DP", Kind: socialsvc.FundNational}
	partners := []socialsvc.Partner{
		fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "80"), coFinancing("state", "15")),
		fundingPartner("pp", socialsvc.RolePartner, coFinancing("state", "33.3333")),
		fundingPartner("self", socialsvc.RolePartner), // no funding: all own contribution
	}
	lines := []socialsvc.BudgetLine{
		budgetLine("lp", socialsvc.CatStaff, 1, eur(1000001)),
		budgetLine("pp", socialsvc.CatExternal, 1, eur(100)),
		budgetLine("self", socialsvc.CatEquipment, 1, eur(777)),
	}
	tbl, err := socialsvc.ComputeFunding(socialsvc.EUR, partners, lines, []socialsvc.Fund{erdf85, national})
	require.NoError(t, err)

	require.Len(t, tbl.Partners, 3)
	lp := tbl.Partners[0]
	require.Len(t, lp.Funds, 2)
	assert.Equal(t, eur(800000), lp.Funds[0].Amount) // 800000.8
	assert.Equal(t, eur(150000), lp.Funds[1].Amount) // 150000.15
	assert.Equal(t, eur(50001), lp.Own, "own takes every cent the rounded shares leave")
	assert.Equal(t, eur(33), tbl.Partners[1].Funds[0].Amount)
	assert.Equal(t, eur(67), tbl.Partners[1].Own)
	assert.Empty(t, tbl.Partners[2].Funds)
	assert.Equal(t, eur(777), tbl.Partners[2].Own)

	assert.Equal(t, []socialsvc.FundTotal{{FundID: "erdf", Amount: eur(800000)}, {FundID: "state", Amount: eur(150033)}}, tbl.Funds)
	assert.Equal(t, eur(1000878), tbl.Total)
	assert.Equal(t, eur(50001+67+777), tbl.Own)
}

func TestComputeFundingEmpty(t *testing.T) {
	tbl, err := socialsvc.ComputeFunding(socialsvc.EUR, nil, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, eur(0), tbl.Total)
	assert.Equal(t, eur(0), tbl.Own)
	assert.Empty(t, tbl.Partners)
	assert.Empty(t, tbl.Funds)

	tbl, err = socialsvc.ComputeFunding(socialsvc.EUR, []socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"))}, nil, []socialsvc.Fund{erdf85})
	require.NoError(t, err)
	assert.Equal(t, eur(0), tbl.Partners[0].Total)
	assert.Equal(t, eur(0), tbl.FundAmount("erdf"))
}

func TestComputeFundingRejects(t *testing.T) {
	noMax := socialsvc.Fund{ID: "city", Code: "GRAD", Kind: socialsvc.FundCity}
	funds := []socialsvc.Fund{erdf85, noMax}
	staff := func(p socialsvc.PartnerID, cents int64) socialsvc.BudgetLine {
		return budgetLine(p, socialsvc.CatStaff, 1, eur(cents))
	}
	cases := []struct {
		name        string
		partners    []socialsvc.Partner
		lines       []socialsvc.BudgetLine
		field, rule string
	}{
		{"associated partner with a budget",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead), fundingPartner("ap", socialsvc.RoleAssociated)},
			[]socialsvc.BudgetLine{staff("lp", 100), staff("ap", 100)},
			"budget_lines[1].partner_id", "associated_no_budget"},
		{"associated partner with funding",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead), fundingPartner("ap", socialsvc.RoleAssociated, coFinancing("erdf", "85"))},
			nil,
			"partners[1].funding", "associated_no_budget"},
		{"rate over 100",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("city", "100.01"))},
			[]socialsvc.BudgetLine{staff("lp", 100)},
			"partners[0].funding[0].rate_percent", "rate"},
		{"negative rate",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("city", "-5"))},
			nil,
			"partners[0].funding[0].rate_percent", "rate"},
		{"rates of one partner over 100",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"), coFinancing("city", "15.01"))},
			[]socialsvc.BudgetLine{staff("lp", 100)},
			"partners[0].funding", "rates_total"},
		{"above the fund's maximum",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead), fundingPartner("pp", socialsvc.RolePartner, coFinancing("erdf", "85.01"))},
			[]socialsvc.BudgetLine{staff("pp", 100)},
			"partners[1].funding[0].rate_percent", "max_rate"},
		{"unknown fund",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("esf", "85"))},
			[]socialsvc.BudgetLine{staff("lp", 100)},
			"partners[0].funding[0].fund_id", "exists"},
		{"line of a partner of another project",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"))},
			[]socialsvc.BudgetLine{staff("lp", 100), staff("other-project-partner", 100)},
			"budget_lines[1].partner_id", "exists"},
		{"partner twice",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85")), fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"))},
			[]socialsvc.BudgetLine{staff("lp", 100)},
			"partners[1].id", "unique"},
		{"partners of two projects",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead), {ID: "pp", ProjectID: "other", OrgID: "pp", Role: socialsvc.RolePartner}},
			nil,
			"partners[1].project_id", "same_project"},
		{"line in another currency",
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"))},
			[]socialsvc.BudgetLine{staff("lp", 100), budgetLine("lp", socialsvc.CatTravel, 1, hrk(100))},
			"budget_lines[1].currency", "currency_mismatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := socialsvc.ComputeFunding(socialsvc.EUR, tc.partners, tc.lines, funds)
			requireInvalid(t, err, tc.field, tc.rule)
		})
	}

	t.Run("the fund's maximum itself is allowed", func(t *testing.T) {
		tbl, err := socialsvc.ComputeFunding(socialsvc.EUR,
			[]socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85"), coFinancing("city", "15"))},
			[]socialsvc.BudgetLine{staff("lp", 101)}, funds)
		require.NoError(t, err)
		assert.Equal(t, eur(85), tbl.FundAmount("erdf"))
		assert.Equal(t, eur(15), tbl.FundAmount("city"))
		assert.Equal(t, eur(1), tbl.Own)
	})
}

func TestApplyFlatRates(t *testing.T) {
	office15 := socialsvc.FlatRate{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}
	const closing = 2 // the project's last reporting period
	entered := []socialsvc.BudgetLine{
		budgetLine("lp", socialsvc.CatStaff, 1, eur(1000001)),
		budgetLine("lp", socialsvc.CatTravel, 1, eur(50000)),
		budgetLine("pp", socialsvc.CatStaff, 1, eur(500000)),
		budgetLine("lp", socialsvc.CatStaff, 1, eur(33333)),
		budgetLine("lp", socialsvc.CatStaff, 2, eur(7)),
	}
	got, err := socialsvc.ApplyFlatRates(entered, []socialsvc.FlatRate{office15}, closing)
	require.NoError(t, err)
	require.Len(t, got, len(entered)+3)
	assert.Equal(t, entered, got[:len(entered)], "entered lines are kept as they are, in order")

	computed := func(p socialsvc.PartnerID, period int, cents int64) socialsvc.BudgetLine {
		return socialsvc.BudgetLine{ProjectID: fundingProject, PartnerID: p, Category: socialsvc.CatOffice, Period: period,
			Amount: eur(cents), Description: "flat rate 15% of staff", Computed: true}
	}
	assert.Equal(t, []socialsvc.BudgetLine{
		computed("lp", 1, 155000), // 15% of 10.333,34 = 1.550,001
		computed("lp", 2, 1),      // closing period: 15% of 10.333,41 = 1.550,0115 → 1.550,01, less 1.550,00
		computed("pp", 1, 75000),
	}, got[len(entered):])

	t.Run("recomputation replaces the old computed lines", func(t *testing.T) {
		changed := append([]socialsvc.BudgetLine{}, got...)
		changed[0].Amount = eur(2000000)              // lp staff period 1 raised
		changed = append(changed[:4], changed[5:]...) // lp staff period 2 dropped
		again, err := socialsvc.ApplyFlatRates(changed, []socialsvc.FlatRate{office15}, closing)
		require.NoError(t, err)
		var offices []socialsvc.BudgetLine
		for _, l := range again {
			if l.Category == socialsvc.CatOffice {
				offices = append(offices, l)
			}
		}
		assert.Equal(t, []socialsvc.BudgetLine{computed("lp", 1, 304999), computed("pp", 1, 75000)}, offices) // 15% of 20.333,33
		assert.Len(t, again, 4+2)
	})

	t.Run("no flat rates removes computed lines", func(t *testing.T) {
		again, err := socialsvc.ApplyFlatRates(got, nil, closing)
		require.NoError(t, err)
		assert.Equal(t, entered, again)
	})

	t.Run("office above 15% rejected", func(t *testing.T) {
		_, err := socialsvc.ApplyFlatRates(entered, []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15.01")}}, closing)
		requireInvalid(t, err, "flat_rates[0].rate_percent", "max")
	})

	t.Run("all other costs go up to 40%", func(t *testing.T) {
		out, err := socialsvc.ApplyFlatRates(entered[:1], []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: dec("40")}}, closing)
		require.NoError(t, err)
		require.Len(t, out, 2)
		assert.Equal(t, eur(400000), out[1].Amount) // 400000.4
		assert.Equal(t, socialsvc.CatOther, out[1].Category)
		assert.True(t, out[1].Computed)
	})

	t.Run("all other costs replace travel", func(t *testing.T) {
		_, err := socialsvc.ApplyFlatRates(entered, []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: dec("40")}}, closing)
		requireInvalid(t, err, "category", "flat_rate")
	})

	t.Run("rate over 100 rejected", func(t *testing.T) {
		_, err := socialsvc.ApplyFlatRates(entered, []socialsvc.FlatRate{{Kind: socialsvc.FlatStaff, RatePercent: dec("100.5")}}, closing)
		requireInvalid(t, err, "flat_rates[0].rate_percent", "percent")
	})

	t.Run("entered office line rejected", func(t *testing.T) {
		withOffice := append([]socialsvc.BudgetLine{}, entered...)
		withOffice = append(withOffice, budgetLine("pp", socialsvc.CatOffice, 1, eur(100)))
		_, err := socialsvc.ApplyFlatRates(withOffice, []socialsvc.FlatRate{office15}, closing)
		requireInvalid(t, err, "category", "flat_rate")
	})

	t.Run("base in two currencies rejected", func(t *testing.T) {
		mixed := []socialsvc.BudgetLine{budgetLine("lp", socialsvc.CatStaff, 1, eur(100)), budgetLine("lp", socialsvc.CatStaff, 1, hrk(100))}
		_, err := socialsvc.ApplyFlatRates(mixed, []socialsvc.FlatRate{office15}, closing)
		requireInvalid(t, err, "amounts[1].amount.currency", "project_currency")
	})

	t.Run("computed lines feed the funding table", func(t *testing.T) {
		partners := []socialsvc.Partner{fundingPartner("lp", socialsvc.RoleLead, coFinancing("erdf", "85")), fundingPartner("pp", socialsvc.RolePartner, coFinancing("erdf", "85"))}
		tbl, err := socialsvc.ComputeFunding(socialsvc.EUR, partners, got, []socialsvc.Fund{erdf85})
		require.NoError(t, err)
		assert.Equal(t, eur(1000001+50000+33333+7+155000+1), tbl.Partners[0].Total)
		assert.Equal(t, eur(500000+75000), tbl.Partners[1].Total)
	})
}
