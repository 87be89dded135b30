package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// TestIATIOrganisationFile checks the organisation file's figures by hand
// on one project of 1.10.2022 – 31.12.2023 (457 days) led by the
// organisation, with a budget of 1000.00 in period 1 (1.10.2022 –
// 31.3.2023, 182 days: 92 in 2022, 90 in 2023) and 500.00 without a
// period, and one it is only a partner of, which it does not publish.
func TestIATIOrganisationFile(t *testing.T) {
	ctx := t.Context()
	d := socialsvc.MustDate
	eur := func(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.EUR) }
	ds := &demo.Dataset{
		Organisations: []socialsvc.Organisation{
			{ID: "lead", Name: "K-zona", LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: "82229652860"},
			{ID: "other", Name: "JM Norway", LegalStatus: socialsvc.LegalNGO, Country: "NO"},
		},
		Projects: []socialsvc.Project{
			{ID: "led", Acronym: "LED", Title: socialsvc.I18n{"en": "Led"}, Start: d("2022-10-01"), End: d("2023-12-31"), Status: socialsvc.StatusInImplementation,
				Currency: socialsvc.EUR, Periods: []socialsvc.Period{{Number: 1, Start: d("2022-10-01"), End: d("2023-03-31")}, {Number: 2, Start: d("2023-04-01"), End: d("2023-12-31")}}},
			{ID: "joined", Acronym: "JOIN", Title: socialsvc.I18n{"en": "Joined"}, Start: d("2022-01-01"), End: d("2022-12-31"), Status: socialsvc.StatusInImplementation, Currency: socialsvc.EUR},
		},
		Partners: []socialsvc.Partner{
			{ID: "led-lp", ProjectID: "led", OrgID: "lead", Role: socialsvc.RoleLead, Number: 1},
			{ID: "joined-lp", ProjectID: "joined", OrgID: "other", Role: socialsvc.RoleLead, Number: 1},
			{ID: "joined-pp", ProjectID: "joined", OrgID: "lead", Role: socialsvc.RolePartner, Number: 2},
		},
		BudgetLines: []socialsvc.BudgetLine{
			{ID: "b1", ProjectID: "led", PartnerID: "led-lp", Category: socialsvc.CatStaff, Period: 1, Amount: eur("1000.00")},
			{ID: "b0", ProjectID: "led", PartnerID: "led-lp", Category: socialsvc.CatStaff, Amount: eur("500.00")},
			{ID: "jb", ProjectID: "joined", PartnerID: "joined-pp", Category: socialsvc.CatStaff, Amount: eur("777.00")},
		},
		Expenditure: []socialsvc.Expenditure{
			{ID: "e1", ProjectID: "led", PartnerID: "led-lp", Category: socialsvc.CatStaff, Period: 1, Date: d("2022-11-15"), Amount: eur("100.00")},
			{ID: "e2", ProjectID: "led", PartnerID: "led-lp", Category: socialsvc.CatStaff, Period: 1, Date: d("2023-02-01"), Amount: eur("50.00")},
			{ID: "je", ProjectID: "joined", PartnerID: "joined-pp", Category: socialsvc.CatStaff, Date: d("2022-05-01"), Amount: eur("70.00")},
		},
	}
	s := memory.New()
	require.NoError(t, demo.Load(ctx, s, ds))

	o, err := IATIOrganisationFile(ctx, s, "lead", IATIOrgFileOptions{Now: fixedNow})
	require.NoError(t, err)
	assert.Equal(t, "HR-OIB-82229652860", o.Identifier)
	assert.Equal(t, "HR-OIB-82229652860", o.ReportingOrg.Ref)
	assert.Equal(t, "EUR", o.DefaultCurrency)
	// 2022: period 1's 1000.00 × 92/182 = 505.494… → 505.49, and the
	// 500.00 without a period × 92/457 = 100.656… → 100.65: 606.14.
	// 2023: the remainders, 494.51 + 399.35 = 893.86. Committed (2): the
	// project is in implementation.
	type row struct{ status, start, end, amount string }
	var budgets []row
	for _, b := range o.TotalBudgets {
		budgets = append(budgets, row{b.Status, b.PeriodStart.ISODate, b.PeriodEnd.ISODate, b.Value.Amount})
	}
	assert.Equal(t, []row{{"2", "2022-01-01", "2022-12-31", "606.14"}, {"2", "2023-01-01", "2023-12-31", "893.86"}}, budgets)
	var spent []row
	for _, e := range o.TotalExpenditure {
		spent = append(spent, row{"", e.PeriodStart.ISODate, e.PeriodEnd.ISODate, e.Value.Amount})
	}
	assert.Equal(t, []row{{"", "2022-01-01", "2022-12-31", "100.00"}, {"", "2023-01-01", "2023-12-31", "50.00"}}, spent,
		"the project it only partners in (70.00 in 2022) is not its to publish")

	var buf bytes.Buffer
	require.NoError(t, WriteIATIOrganisations(&buf, fixedNow(), o))
	validateXSD(t, iatiSchema("iati-organisations-schema.xsd"), buf.Bytes())
	doc, err := parseXML(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	r := newRuleRunner(t)
	assert.Positive(t, r.run(loadRuleset(t), doc))
	assert.Empty(t, r.failures)

	// Without an identifier there is no organisation file to publish.
	_, err = IATIOrganisationFile(ctx, s, "other", IATIOrgFileOptions{Now: fixedNow})
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.Equal(t, "iati_ref", socialsvc.ErrorFields(err)[0].Field)
	_, err = IATIOrganisationFile(ctx, s, "nobody", IATIOrgFileOptions{})
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(WriteIATIOrganisations(&buf, fixedNow())))
}
