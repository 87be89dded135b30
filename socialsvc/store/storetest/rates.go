package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// rateTests check that the store, not the caller, chooses every rate:
// the project's rate rule, the kuna changeover, the read-only converted
// amount, hand-entered rates, and rate imports.
func rateTests() []test {
	return []test{
		{name: "KunaChangeover", fn: testKunaChangeover},
		{name: "MissingMonth", fn: testRateMissingMonth},
		{name: "ContractRate", fn: testContractRate},
		{name: "SubmissionMonth", fn: testSubmissionMonth},
		{name: "ConvertedReadOnly", fn: testConvertedReadOnly},
		{name: "EnteredRate", fn: testEnteredRate},
		{name: "StoredConversionStays", fn: testStoredConversionStays},
		{name: "ProjectRules", fn: testProjectRateRules},
		{name: "ImportRates", fn: testImportRates},
	}
}

func admin(ctx context.Context) context.Context {
	return store.WithActor(ctx, store.Actor{ID: "programme", Role: store.ActorRoleAdmin})
}

// rateLeadOrg is the organisation of the lead partner of every
// rateFixture project, whose editor editor(ctx) is: the write rules let a
// partner's own editors write its expenditure (store.CheckWrite).
const rateLeadOrg socialsvc.OrgID = "org-rate-lead"

func editor(ctx context.Context) context.Context {
	return store.WithActor(ctx, store.Actor{ID: "partner-editor", OrgID: rateLeadOrg, Role: store.RoleEditor})
}

// rateFixture is a project under rule with a lead partner, and a helper
// to make its lines.
func rateFixture(t *testing.T, s store.Store, rule socialsvc.RateRule, opts ...func(*socialsvc.Project)) (*fixture, socialsvc.Project, func(date string, m socialsvc.Money) socialsvc.Expenditure) {
	f := newFixture(t, s)
	p := f.project(append([]func(*socialsvc.Project){func(p *socialsvc.Project) {
		p.RateRule = rule
		p.Start, p.End = d("2018-09-01"), d("2024-12-31")
		p.Periods = []socialsvc.Period{{Number: 1, Start: d("2018-09-01"), End: d("2022-12-31")}, {Number: 2, Start: d("2023-01-01"), End: d("2024-12-31")}}
	}}, opts...)...)
	if _, err := s.GetOrganisation(t.Context(), rateLeadOrg); err != nil {
		f.org(func(o *socialsvc.Organisation) { o.ID = rateLeadOrg })
	}
	lead := f.partner(p.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = rateLeadOrg })
	return f, p, func(date string, m socialsvc.Money) socialsvc.Expenditure {
		per := 1
		if !d(date).Before(d("2023-01-01")) {
			per = 2
		}
		return socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatExternal, Period: per, Date: d(date), Amount: m}
	}
}

// requireNothingWritten asserts that the project has no expenditure and
// the audit log did not grow.
func requireNothingWritten(t *testing.T, s store.Store, p socialsvc.ProjectID, audit int) {
	t.Helper()
	pg, err := s.ListExpenditure(t.Context(), store.ExpenditureFilter{ProjectID: p})
	require.NoError(t, err)
	assert.Empty(t, pg.Items, "nothing is written")
	assert.Equal(t, audit, auditCount(t, s), "the audit log does not grow")
}

func putRate(t *testing.T, s store.Store, c socialsvc.Currency, month, rate string) {
	t.Helper()
	m, err := socialsvc.ParseMonth(month)
	require.NoError(t, err)
	require.NoError(t, s.PutRate(t.Context(), socialsvc.Rate{Currency: c, Month: m, Rate: dec(rate), Source: "InforEuro " + month}))
}

func testKunaChangeover(t *testing.T, s store.Store) {
	_, p, line := rateFixture(t, s, socialsvc.RateRule{})
	ctx := t.Context()
	putRate(t, s, socialsvc.HRK, "2019-02", "7.4320")
	putRate(t, s, socialsvc.HRK, "2023-01", "7.6000") // a table rate from 2023 is not used

	cases := []struct {
		name, date string
		amount     socialsvc.Money
		want       socialsvc.Money
		basis      socialsvc.RateBasis
		rate       string
		rateDate   string
	}{
		// 1000.00 / 7.4320 = 134.553...: the month's InforEuro rate.
		{"before 2023: the rule's InforEuro month", "2019-02-10", hrk("1000.00"), eur("134.55"), socialsvc.RateBasisInforEuro, "7.432", "2019-02-01"},
		// 1000.00 / 7.53450 = 132.7228...
		{"dual circulation: the fixed rate", "2023-01-10", hrk("1000.00"), eur("132.72"), socialsvc.RateBasisFixedHRK, "7.5345", "2023-01-10"},
		{"the last day of dual circulation", "2023-01-14", hrk("1000.00"), eur("132.72"), socialsvc.RateBasisFixedHRK, "7.5345", "2023-01-14"},
		// 7.53 / 7.53450 = 0.99940...: half up per line to 1.00.
		{"half up per line", "2023-01-02", hrk("7.53"), eur("1.00"), socialsvc.RateBasisFixedHRK, "7.5345", "2023-01-02"},
		// 0.03 / 7.53450 = 0.00398...
		{"below half a cent", "2023-01-02", hrk("0.03"), eur("0.00"), socialsvc.RateBasisFixedHRK, "7.5345", "2023-01-02"},
		{"euro at rate 1", "2023-01-20", eur("250.00"), eur("250.00"), socialsvc.RateBasisSameCurrency, "1", "2023-01-20"},
	}
	for _, tc := range cases {
		e := line(tc.date, tc.amount)
		require.NoError(t, s.CreateExpenditure(ctx, &e), tc.name)
		got, err := s.GetExpenditure(ctx, e.ID)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got.Converted, tc.name)
		assert.Equal(t, tc.basis, got.Conversion.Basis, tc.name)
		assert.Equal(t, tc.rate, got.Conversion.Rate.String(), tc.name)
		assert.Equal(t, d(tc.rateDate), got.Conversion.RateDate, tc.name)
	}

	// Kuna after dual circulation is no payment; before 2023 without a
	// table month is a missing rate. Neither writes anything.
	n := len(cases)
	audit := auditCount(t, s)
	for _, tc := range []struct {
		date, field, rule string
	}{{"2023-01-15", "date", "kuna_after_changeover"}, {"2024-05-05", "date", "kuna_after_changeover"}, {"2019-03-01", "amount.currency", "rate_missing"}} {
		e := line(tc.date, hrk("1000.00"))
		err := s.CreateExpenditure(ctx, &e)
		requireInvalid(t, err, tc.field)
		assert.Equal(t, tc.rule, socialsvc.ErrorFields(err)[0].Rule, tc.date)
	}
	pg, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, n)
	assert.Equal(t, audit, auditCount(t, s))
}

func testRateMissingMonth(t *testing.T, s store.Store) {
	_, p, line := rateFixture(t, s, socialsvc.RateRule{})
	ctx := t.Context()
	putRate(t, s, "GBP", "2021-05", "0.8620")
	audit := auditCount(t, s)
	e := line("2021-06-15", socialsvc.MustMoney("100.00", "GBP"))
	err := s.CreateExpenditure(ctx, &e)
	requireInvalid(t, err, "amount.currency")
	f := socialsvc.ErrorFields(err)[0]
	assert.Equal(t, "rate_missing", f.Rule)
	assert.Contains(t, f.Message, "GBP")
	assert.Contains(t, f.Message, "2021-06")
	assert.Contains(t, f.MessageHR, "2021-06")
	requireNothingWritten(t, s, p.ID, audit)

	// The month loaded, the same line converts: 100.00 / 0.8580 = 116.550...
	putRate(t, s, "GBP", "2021-06", "0.8580")
	e = line("2021-06-15", socialsvc.MustMoney("100.00", "GBP"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("116.55"), e.Converted)
	assert.Equal(t, "InforEuro 2021-06", e.Conversion.Source)
}

func testContractRate(t *testing.T, s store.Store) {
	rule := socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
		{Currency: "GBP", Rate: dec("0.8600"), Date: d("2021-04-01"), Source: "CSSF grant agreement, annex 2"}}}
	_, p, line := rateFixture(t, s, rule)
	ctx := t.Context()
	putRate(t, s, "GBP", "2021-06", "0.8500") // the table does not apply
	// 100.00 / 0.8600 = 116.279...
	e := line("2021-06-15", socialsvc.MustMoney("100.00", "GBP"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	got, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("116.28"), got.Converted)
	assert.Equal(t, socialsvc.Conversion{Rate: dec("0.86"), RateDate: d("2021-04-01"), Source: "CSSF grant agreement, annex 2", Basis: socialsvc.RateBasisContract}, canonical(got.Conversion))
	// 12345.67 / 0.8600 = 14355.430...
	e = line("2022-11-30", socialsvc.MustMoney("12345.67", "GBP"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("14355.43"), e.Converted)

	// A currency the agreement does not fix is refused, whatever the table.
	putRate(t, s, "RSD", "2021-06", "117.50")
	audit := auditCount(t, s)
	e = line("2021-06-15", socialsvc.MustMoney("1000.00", "RSD"))
	err = s.CreateExpenditure(ctx, &e)
	requireInvalid(t, err, "amount.currency")
	assert.Equal(t, "contract_rate_missing", socialsvc.ErrorFields(err)[0].Rule)
	pg, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 2)
	assert.Equal(t, audit, auditCount(t, s))
}

func testSubmissionMonth(t *testing.T, s store.Store) {
	_, _, line := rateFixture(t, s, socialsvc.RateRule{Kind: socialsvc.RateInforEuroSubmitted})
	ctx := store.WithNow(t.Context(), func() time.Time { return time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC) })
	putRate(t, s, "GBP", "2024-01", "0.8600")
	putRate(t, s, "GBP", "2024-03", "0.8500")
	// Incurred in January, recorded (standing for submitted) in March:
	// 100.00 / 0.8500 = 117.647...
	e := line("2024-01-15", socialsvc.MustMoney("100.00", "GBP"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("117.65"), e.Converted)
	assert.Equal(t, d("2024-03-01"), e.Conversion.RateDate)
	// Kuna of 2022 submitted in 2024: no InforEuro kuna rate exists any
	// more, so the fixed rate: 1000.00 / 7.53450 = 132.72.
	e = line("2022-12-10", hrk("1000.00"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("132.72"), e.Converted)
	assert.Equal(t, socialsvc.RateBasisFixedHRK, e.Conversion.Basis)
	// A month without a rate is an error naming it.
	late := store.WithNow(t.Context(), func() time.Time { return time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC) })
	e = line("2024-01-15", socialsvc.MustMoney("100.00", "GBP"))
	err := s.CreateExpenditure(late, &e)
	requireInvalid(t, err, "amount.currency")
	assert.Contains(t, socialsvc.ErrorFields(err)[0].Message, "2024-04")
}

func testConvertedReadOnly(t *testing.T, s store.Store) {
	_, p, line := rateFixture(t, s, socialsvc.RateRule{})
	ctx := t.Context()
	audit := auditCount(t, s)
	e := line("2023-02-01", eur("100.00"))
	e.Converted = eur("100.00") // even the right value is not input
	err := s.CreateExpenditure(ctx, &e)
	requireInvalid(t, err, "converted")
	assert.Equal(t, "read_only", socialsvc.ErrorFields(err)[0].Rule)
	requireNothingWritten(t, s, p.ID, audit)

	imp := line("2023-02-01", eur("100.00"))
	imp.Converted = eur("1.00")
	_, err = store.ImportExpenditure(ctx, s, slices.Values([]socialsvc.Expenditure{line("2023-02-01", eur("5.00")), imp}))
	requireInvalid(t, err, "converted")
	assert.Equal(t, 2, socialsvc.ErrorFields(err)[0].Row)
	requireNothingWritten(t, s, p.ID, audit)

	e = line("2023-02-01", eur("100.00"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	// What was read back may be written back; a changed value may not.
	got, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	got.Description = "opis"
	require.NoError(t, s.UpdateExpenditure(ctx, &got))
	got.Converted = eur("10000000.00")
	requireInvalid(t, s.UpdateExpenditure(ctx, &got), "converted")
	again, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("100.00"), again.Converted)
	// A new amount with the old converted amount is recomputed.
	again.Amount = eur("120.00")
	require.NoError(t, s.UpdateExpenditure(ctx, &again))
	assert.Equal(t, eur("120.00"), again.Converted)
}

func testEnteredRate(t *testing.T, s store.Store) {
	ctx := t.Context()
	// The request: 1000.00 HRK on 2024-05-05 at rate 0.0001.
	_, p, line := rateFixture(t, s, socialsvc.RateRule{})
	putRate(t, s, socialsvc.HRK, "2019-03", "7.4300")
	audit := auditCount(t, s)
	e := line("2024-05-05", hrk("1000.00"))
	e.Conversion = socialsvc.Conversion{Rate: dec("0.0001"), Source: "trust me"}
	requireCode(t, s.CreateExpenditure(admin(ctx), &e), socialsvc.Invalid)
	e = line("2019-03-10", hrk("1000.00"))
	e.Conversion = socialsvc.Conversion{Rate: dec("7.40"), Source: "odluka programa"}
	err := s.CreateExpenditure(admin(ctx), &e)
	requireInvalid(t, err, "conversion.rate")
	assert.Equal(t, "rate_rule", socialsvc.ErrorFields(err)[0].Rule, "the rule allows no entered rate")
	requireNothingWritten(t, s, p.ID, audit)

	_, q, qline := rateFixture(t, s, socialsvc.RateRule{AllowEntered: true})
	audit = auditCount(t, s)
	entered := func(date string, m socialsvc.Money, rate, source string) socialsvc.Expenditure {
		x := qline(date, m)
		x.Conversion = socialsvc.Conversion{Rate: dec(rate), Source: source}
		return x
	}
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		e     socialsvc.Expenditure
		code  string
		field string
		rule  string
	}{
		{"an editor", editor(ctx), entered("2019-03-10", hrk("1000.00"), "7.40", "odluka"), socialsvc.Forbidden, "conversion.rate", "admin_only"},
		{"no actor", ctx, entered("2019-03-10", hrk("1000.00"), "7.40", "odluka"), socialsvc.Forbidden, "conversion.rate", "admin_only"},
		{"no source", admin(ctx), entered("2019-03-10", hrk("1000.00"), "7.40", ""), socialsvc.Invalid, "conversion.source", "required"},
		{"absurd kuna rate", admin(ctx), entered("2019-03-10", hrk("1000.00"), "0.0001", "odluka"), socialsvc.Invalid, "conversion.rate", "rate_bounds"},
		{"kuna from 2023", admin(ctx), entered("2023-01-10", hrk("1000.00"), "7.40", "odluka"), socialsvc.Invalid, "conversion.rate", "fixed_rate"},
		{"euro", admin(ctx), entered("2019-03-10", eur("1000.00"), "1.1", "odluka"), socialsvc.Invalid, "conversion.rate", "same_currency"},
		// Reference 0.8600 ± 20 % = 0.688..1.032.
		{"far from the table", admin(ctx), entered("2021-06-15", socialsvc.MustMoney("100.00", "GBP"), "1.20", "odluka"), socialsvc.Invalid, "conversion.rate", "rate_bounds"},
	} {
		if tc.name == "far from the table" {
			putRate(t, s, "GBP", "2021-05", "0.8600")
			audit = auditCount(t, s)
		}
		err := s.CreateExpenditure(tc.ctx, &tc.e)
		requireCode(t, err, tc.code, tc.name)
		fs := socialsvc.ErrorFields(err)
		require.NotEmpty(t, fs, tc.name)
		assert.Equal(t, tc.field, fs[0].Field, tc.name)
		assert.Equal(t, tc.rule, fs[0].Rule, tc.name)
	}
	requireNothingWritten(t, s, q.ID, audit)

	// An admin, with a source, near the reference: 1000.00 / 7.40 =
	// 135.135... (the table's 7.43 would give 134.59).
	e = entered("2019-03-10", hrk("1000.00"), "7.40", "odluka Zajedničkog tajništva 3/2019")
	require.NoError(t, s.CreateExpenditure(admin(ctx), &e))
	got, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("135.14"), got.Converted)
	assert.Equal(t, socialsvc.RateBasisEntered, got.Conversion.Basis)
	assert.Equal(t, d("2019-03-10"), got.Conversion.RateDate)
	assert.Equal(t, "odluka Zajedničkog tajništva 3/2019", got.Conversion.Source)
	// GBP at 0.90 against the nearest month's 0.8600: 100.00 / 0.90 = 111.11.
	e = entered("2021-06-15", socialsvc.MustMoney("100.00", "GBP"), "0.90", "odluka")
	require.NoError(t, s.CreateExpenditure(admin(ctx), &e))
	assert.Equal(t, eur("111.11"), e.Converted)

	// An editor may change the description of a line with an entered
	// rate (the conversion read back is not a new entry), not its amount.
	got.Description = "ispravak opisa"
	require.NoError(t, s.UpdateExpenditure(editor(ctx), &got))
	got.Amount = hrk("2000.00")
	requireCode(t, s.UpdateExpenditure(editor(ctx), &got), socialsvc.Forbidden)
	// 2000.00 / 7.40 = 270.270...
	require.NoError(t, s.UpdateExpenditure(admin(ctx), &got))
	assert.Equal(t, eur("270.27"), got.Converted)
}

func testStoredConversionStays(t *testing.T, s store.Store) {
	_, _, line := rateFixture(t, s, socialsvc.RateRule{})
	ctx := t.Context()
	putRate(t, s, socialsvc.HRK, "2019-02", "7.4000")
	// 4254609.06 / 7.40 = 574947.170...
	e := line("2019-02-10", hrk("4254609.06"))
	require.NoError(t, s.CreateExpenditure(ctx, &e))
	assert.Equal(t, eur("574947.17"), e.Converted)
	// A corrected table rate does not move the stored line, nor does an
	// update that leaves amount and date alone.
	putRate(t, s, socialsvc.HRK, "2019-02", "7.5000")
	got, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	same(t, e, got)
	got.Description = "ispravljen opis"
	got.Converted, got.Conversion = socialsvc.Money{}, socialsvc.Conversion{}
	require.NoError(t, s.UpdateExpenditure(ctx, &got))
	assert.Equal(t, eur("574947.17"), got.Converted)
	assert.True(t, got.Conversion.Rate.Equal(dec("7.40")))
	// A new amount converts at the table as it is now: 7500.00 / 7.50.
	got.Amount = hrk("7500.00")
	require.NoError(t, s.UpdateExpenditure(ctx, &got))
	assert.Equal(t, eur("1000.00"), got.Converted)
}

func testProjectRateRules(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	rule := socialsvc.RateRule{Kind: socialsvc.RateContract, AllowEntered: true, ContractRates: []socialsvc.ContractRate{
		{Currency: "GBP", Rate: dec("0.8600"), Date: d("2021-04-01"), Source: "CSSF grant agreement, annex 2 — " + hrLetters},
		{Currency: socialsvc.HRK, Rate: dec("7.53450"), Date: d("2021-04-01"), Source: "ugovor, čl. 7"}}}
	planning := &socialsvc.PlanningRate{Rate: dec("7.40"), Date: d("2018-09-13"), Source: "2SoKroG planning documents"}
	p := f.project(func(p *socialsvc.Project) { p.RateRule, p.PlanningRate = rule, planning })
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
	assert.Equal(t, "7.5345", got.RateRule.ContractRates[1].Rate.String())
	assert.Equal(t, "7.4", got.PlanningRate.Rate.String())

	got.RateRule, got.PlanningRate = socialsvc.RateRule{Kind: socialsvc.RateInforEuroSubmitted}, nil
	require.NoError(t, s.UpdateProject(ctx, &got))
	again, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.RateInforEuroSubmitted, again.RateRule.Kind)
	assert.Empty(t, again.RateRule.ContractRates)
	assert.Nil(t, again.PlanningRate)

	for _, tc := range []struct {
		name  string
		edit  func(*socialsvc.Project)
		field string
	}{
		{"unknown kind", func(p *socialsvc.Project) { p.RateRule.Kind = "daily" }, "rate_rule.kind"},
		{"contract without rates", func(p *socialsvc.Project) { p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract} }, "rate_rule.contract_rates"},
		{"contract rates under InforEuro", func(p *socialsvc.Project) { p.RateRule = socialsvc.RateRule{ContractRates: rule.ContractRates} }, "rate_rule.contract_rates"},
		{"absurd contract rate", func(p *socialsvc.Project) {
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{Currency: socialsvc.HRK, Rate: dec("0.0001"), Date: d("2021-04-01"), Source: "x"}}}
		}, "rate_rule.contract_rates[0].rate"},
		{"euro contract rate", func(p *socialsvc.Project) {
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{Currency: socialsvc.EUR, Rate: dec("1"), Date: d("2021-04-01"), Source: "x"}}}
		}, "rate_rule.contract_rates[0].currency"},
		{"contract rate without source", func(p *socialsvc.Project) {
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{Currency: "GBP", Rate: dec("0.86"), Date: d("2021-04-01")}}}
		}, "rate_rule.contract_rates[0].source"},
		{"absurd planning rate", func(p *socialsvc.Project) {
			p.PlanningRate = &socialsvc.PlanningRate{Rate: dec("0.74"), Date: d("2018-09-13"), Source: "x"}
		}, "planning_rate.rate"},
		{"planning rate after the changeover", func(p *socialsvc.Project) {
			p.PlanningRate = &socialsvc.PlanningRate{Rate: dec("7.40"), Date: d("2023-02-01"), Source: "x"}
		}, "planning_rate.date"},
		{"planning rate without source", func(p *socialsvc.Project) {
			p.PlanningRate = &socialsvc.PlanningRate{Rate: dec("7.40"), Date: d("2018-09-13")}
		}, "planning_rate.source"},
	} {
		x := newProject(f.next())
		tc.edit(&x)
		requireInvalid(t, s.CreateProject(ctx, &x), tc.field)
		y := again
		tc.edit(&y)
		requireInvalid(t, s.UpdateProject(ctx, &y), tc.field)
	}
	final, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, again, final, "refused updates change nothing")
}

func testImportRates(t *testing.T, s store.Store) {
	ctx := t.Context()
	file, err := socialsvc.ParseRatesCSV(strings.NewReader("currency;month;rate\nHRK;2019-02;7,4320\nGBP;2021-05;0.8620\n"), "plain CSV test")
	require.NoError(t, err)
	n, err := store.ImportRates(ctx, s, slices.Values(file.Rates))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	rt, err := s.RateTable(ctx)
	require.NoError(t, err)
	r, ok := rt.Lookup(socialsvc.HRK, socialsvc.Month{Year: 2019, Month: 2})
	require.True(t, ok)
	assert.Equal(t, "7.432", r.Rate.String())
	assert.Equal(t, "plain CSV test", r.Source)

	// All or nothing: a bad second rate leaves the table as it was.
	audit := auditCount(t, s)
	bad := []socialsvc.Rate{
		{Currency: "CZK", Month: socialsvc.Month{Year: 2022, Month: 9}, Rate: dec("24.55"), Source: "x"},
		{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 3}, Rate: dec("0.0001"), Source: "x"},
	}
	_, err = store.ImportRates(ctx, s, slices.Values(bad))
	requireInvalid(t, err, "rate")
	assert.Equal(t, 2, socialsvc.ErrorFields(err)[0].Row)
	rt, err = s.RateTable(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, rt.Len())
	assert.Equal(t, audit, auditCount(t, s))
}
