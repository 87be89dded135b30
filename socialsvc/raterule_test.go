package socialsvc_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func table(t *testing.T, rates ...socialsvc.Rate) *socialsvc.RateTable {
	t.Helper()
	rt, err := socialsvc.NewRateTable(rates...)
	require.NoError(t, err)
	return rt
}

func rate(c socialsvc.Currency, month, r string) socialsvc.Rate {
	m, err := socialsvc.ParseMonth(month)
	if err != nil {
		panic(err)
	}
	return socialsvc.Rate{Currency: c, Month: m, Rate: dec(r), Source: "InforEuro " + month}
}

func money(s string, c socialsvc.Currency) socialsvc.Money { return socialsvc.MustMoney(s, c) }

// TestRateRuleToEUR: every rule on hand-computed lines.
func TestRateRuleToEUR(t *testing.T) {
	rt := table(t, rate(socialsvc.HRK, "2019-02", "7.4320"), rate(socialsvc.HRK, "2023-01", "7.6000"),
		rate("GBP", "2021-06", "0.8500"), rate("GBP", "2024-03", "0.8500"), rate("GBP", "2024-01", "0.8600"))
	contract := socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
		{Currency: "GBP", Rate: dec("0.8600"), Date: socialsvc.MustDate("2021-04-01"), Source: "CSSF grant agreement"}}}
	submitted := socialsvc.RateRule{Kind: socialsvc.RateInforEuroSubmitted}
	var incurred socialsvc.RateRule
	tests := []struct {
		name      string
		rule      socialsvc.RateRule
		amount    socialsvc.Money
		date, sub string
		want      string // "" for an error
		basis     socialsvc.RateBasis
		field     string // the error's field
	}{
		{"HRK before 2023, month's InforEuro: 1000.00 / 7.4320 = 134.553", incurred, money("1000.00", "HRK"), "2019-02-10", "", "134.55", socialsvc.RateBasisInforEuro, ""},
		{"HRK on 10.1.2023: 1000.00 / 7.53450 = 132.7228", incurred, money("1000.00", "HRK"), "2023-01-10", "", "132.72", socialsvc.RateBasisFixedHRK, ""},
		{"HRK on 1.1.2023, table rate ignored", incurred, money("1000.00", "HRK"), "2023-01-01", "", "132.72", socialsvc.RateBasisFixedHRK, ""},
		{"HRK on 14.1.2023, last day", incurred, money("1000.00", "HRK"), "2023-01-14", "", "132.72", socialsvc.RateBasisFixedHRK, ""},
		{"HRK half up: 7.53 / 7.53450 = 0.9994", incurred, money("7.53", "HRK"), "2023-01-02", "", "1.00", socialsvc.RateBasisFixedHRK, ""},
		{"HRK 3.77 / 7.53450 = 0.50036", incurred, money("3.77", "HRK"), "2023-01-02", "", "0.50", socialsvc.RateBasisFixedHRK, ""},
		{"HRK on 15.1.2023 is no payment", incurred, money("1000.00", "HRK"), "2023-01-15", "", "", "", "date"},
		{"HRK on 5.5.2024 (the issue's line)", incurred, money("1000.00", "HRK"), "2024-05-05", "", "", "", "date"},
		{"HRK in a month without a rate", incurred, money("1000.00", "HRK"), "2019-03-10", "", "", "", "amount.currency"},
		{"GBP missing month", incurred, money("100.00", "GBP"), "2021-07-15", "", "", "", "amount.currency"},
		{"GBP on a contract rate: 100.00 / 0.86 = 116.279", contract, money("100.00", "GBP"), "2021-06-15", "", "116.28", socialsvc.RateBasisContract, ""},
		{"GBP contract ignores the table month", contract, money("12345.67", "GBP"), "2022-11-30", "", "14355.43", socialsvc.RateBasisContract, ""},
		{"RSD not in the agreement", contract, money("1000.00", "RSD"), "2021-06-15", "", "", "", "amount.currency"},
		{"submission month: 100.00 / 0.85 = 117.647", submitted, money("100.00", "GBP"), "2024-01-15", "2024-03-10", "117.65", socialsvc.RateBasisInforEuro, ""},
		{"submission month not yet known: incurred month", submitted, money("100.00", "GBP"), "2024-01-15", "", "116.28", socialsvc.RateBasisInforEuro, ""},
		{"kuna of 2022 submitted in 2023: fixed rate", submitted, money("1000.00", "HRK"), "2022-12-10", "2023-02-01", "132.72", socialsvc.RateBasisFixedHRK, ""},
		{"EUR at rate 1", contract, money("250.00", "EUR"), "2021-06-15", "", "250.00", socialsvc.RateBasisSameCurrency, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sub socialsvc.Date
			if tc.sub != "" {
				sub = socialsvc.MustDate(tc.sub)
			}
			got, conv, err := tc.rule.ToEUR(rt, tc.amount, socialsvc.MustDate(tc.date), sub)
			if tc.want == "" {
				requireField(t, err, tc.field)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, money(tc.want, "EUR"), got)
			assert.Equal(t, tc.basis, conv.Basis)
			assert.NotEmpty(t, conv.Source)
		})
	}
}

func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	fs := socialsvc.ErrorFields(err)
	require.NotEmpty(t, fs, "%v", err)
	assert.Equal(t, field, fs[0].Field, "%v", err)
}

func TestRateMissingNamesCurrencyAndMonth(t *testing.T) {
	_, _, err := socialsvc.RateRule{}.ToEUR(table(t), money("100.00", "GBP"), socialsvc.MustDate("2021-06-15"), socialsvc.Date{})
	require.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	f := socialsvc.ErrorFields(err)[0]
	assert.Equal(t, "rate_missing", f.Rule)
	for _, s := range []string{f.Message, f.MessageHR, socialsvc.ErrorMessage(err)} {
		assert.Contains(t, s, "GBP")
		assert.Contains(t, s, "2021-06")
	}
}

func TestApplyEntered(t *testing.T) {
	rt := table(t, rate(socialsvc.HRK, "2019-03", "7.4300"), rate("GBP", "2021-05", "0.8600"))
	allow := socialsvc.RateRule{AllowEntered: true}
	conv := func(r, source string) socialsvc.Conversion { return socialsvc.Conversion{Rate: dec(r), Source: source} }
	tests := []struct {
		name   string
		rule   socialsvc.RateRule
		amount socialsvc.Money
		date   string
		conv   socialsvc.Conversion
		admin  bool
		want   string
		code   string
		rule_  string
	}{
		{"the rule does not allow it", socialsvc.RateRule{}, money("1000.00", "HRK"), "2019-03-10", conv("7.40", "odluka"), true, "", socialsvc.Invalid, "rate_rule"},
		{"not an admin", allow, money("1000.00", "HRK"), "2019-03-10", conv("7.40", "odluka"), false, "", socialsvc.Forbidden, "admin_only"},
		{"no source", allow, money("1000.00", "HRK"), "2019-03-10", conv("7.40", ""), true, "", socialsvc.Invalid, "rate_bounds_or_source"},
		{"the issue's 0.0001", allow, money("1000.00", "HRK"), "2019-03-10", conv("0.0001", "odluka"), true, "", socialsvc.Invalid, "rate_bounds"},
		{"kuna from 2023", allow, money("1000.00", "HRK"), "2023-01-10", conv("7.40", "odluka"), true, "", socialsvc.Invalid, "fixed_rate"},
		{"GBP beyond 20% of 0.86 (0.688..1.032)", allow, money("100.00", "GBP"), "2021-06-15", conv("1.04", "odluka"), true, "", socialsvc.Invalid, "rate_bounds"},
		{"GBP without any reference", allow, money("100.00", "CHF"), "2021-06-15", conv("1.04", "odluka"), true, "", socialsvc.Invalid, "reference_missing"},
		{"kuna 7.40: 1000.00 / 7.40 = 135.135", allow, money("1000.00", "HRK"), "2019-03-10", conv("7.40", "odluka"), true, "135.14", "", ""},
		{"GBP 1.03 within 20%: 100.00 / 1.03 = 97.087", allow, money("100.00", "GBP"), "2021-06-15", conv("1.03", "odluka"), true, "97.09", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, c, err := tc.rule.ApplyEntered(rt, tc.amount, socialsvc.MustDate(tc.date), tc.conv, tc.admin)
			if tc.want == "" {
				require.Error(t, err)
				assert.Equal(t, tc.code, socialsvc.ErrorCode(err))
				f := socialsvc.ErrorFields(err)[0]
				if tc.rule_ == "rate_bounds_or_source" {
					assert.Equal(t, "conversion.source", f.Field)
					return
				}
				assert.Equal(t, tc.rule_, f.Rule, "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, money(tc.want, "EUR"), got)
			assert.Equal(t, socialsvc.RateBasisEntered, c.Basis)
			assert.Equal(t, socialsvc.MustDate(tc.date), c.RateDate)
		})
	}
}

// TestKunaEquivalent: 2SoKroG's budget at its planning rate 7,40, and the
// fixed rate for a project in the dual-display window.
func TestKunaEquivalent(t *testing.T) {
	sokrog := &socialsvc.Project{Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31"), Currency: socialsvc.EUR,
		PlanningRate: &socialsvc.PlanningRate{Rate: dec("7.40"), Date: socialsvc.MustDate("2018-09-13"), Source: "planning documents"}}
	kn, conv, err := socialsvc.KunaEquivalent(sokrog, money("574947.17", "EUR"))
	require.NoError(t, err)
	// 574947.17 × 7.40 = 4254609.058 → 4254609.06.
	assert.Equal(t, "4.254.609,06 kn", kn.Format(socialsvc.HR))
	assert.Equal(t, socialsvc.RateBasisPlanning, conv.Basis)
	// At the fixed rate it would be 574947.17 × 7.53450 = 4331939.4524 (the dashboard showed 4.331.939,52, the sum of its lines each converted).
	noPlan := *sokrog
	noPlan.PlanningRate = nil
	kn, conv, err = socialsvc.KunaEquivalent(&noPlan, money("574947.17", "EUR"))
	require.NoError(t, err)
	assert.Equal(t, "4.331.939,45 kn", kn.Format(socialsvc.HR))
	assert.Equal(t, socialsvc.RateBasisFixedHRK, conv.Basis)
	// A project in the dual-display window uses the fixed rate even with a
	// planning rate: 87608.79 × 7.53450 = 660088.4283.
	cz := &socialsvc.Project{Start: socialsvc.MustDate("2022-10-01"), End: socialsvc.MustDate("2023-12-31"), PlanningRate: sokrog.PlanningRate}
	kn, conv, err = socialsvc.KunaEquivalent(cz, money("87608.79", "EUR"))
	require.NoError(t, err)
	assert.Equal(t, "660.088,43 kn", kn.Format(socialsvc.HR))
	assert.Equal(t, socialsvc.RateBasisFixedHRK, conv.Basis)
}

func TestValidateRateRules(t *testing.T) {
	p := &socialsvc.Project{Acronym: "X", Title: socialsvc.I18n{"en": "X"}, Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31"),
		Status: socialsvc.StatusDraft, Currency: socialsvc.EUR}
	require.NoError(t, socialsvc.ValidateProject(p))
	tests := []struct {
		name  string
		edit  func(p *socialsvc.Project)
		field string
	}{
		{"unknown kind", func(p *socialsvc.Project) { p.RateRule.Kind = "daily" }, "rate_rule.kind"},
		{"contract without rates", func(p *socialsvc.Project) { p.RateRule.Kind = socialsvc.RateContract }, "rate_rule.contract_rates"},
		{"duplicate currency", func(p *socialsvc.Project) {
			cr := socialsvc.ContractRate{Currency: "GBP", Rate: dec("0.86"), Date: socialsvc.MustDate("2021-04-01"), Source: "x"}
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{cr, cr}}
		}, "rate_rule.contract_rates[1].currency"},
		{"seven decimals", func(p *socialsvc.Project) {
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{Currency: "GBP", Rate: dec("0.8600001"), Date: socialsvc.MustDate("2021-04-01"), Source: "x"}}}
		}, "rate_rule.contract_rates[0].rate"},
		{"kuna contract rate 9", func(p *socialsvc.Project) {
			p.RateRule = socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{Currency: "HRK", Rate: dec("9"), Date: socialsvc.MustDate("2021-04-01"), Source: "x"}}}
		}, "rate_rule.contract_rates[0].rate"},
		{"planning rate on a GBP budget", func(p *socialsvc.Project) {
			p.Currency = "GBP"
			p.PlanningRate = &socialsvc.PlanningRate{Rate: dec("7.40"), Date: socialsvc.MustDate("2018-09-13"), Source: "x"}
		}, "planning_rate"},
		{"planning rate dated 2023", func(p *socialsvc.Project) {
			p.PlanningRate = &socialsvc.PlanningRate{Rate: dec("7.40"), Date: socialsvc.MustDate("2023-01-01"), Source: "x"}
		}, "planning_rate.date"},
	}
	for _, tc := range tests {
		q := *p
		tc.edit(&q)
		err := socialsvc.ValidateProject(&q)
		require.Error(t, err, tc.name)
		var fields []string
		for _, f := range socialsvc.ErrorFields(err) {
			fields = append(fields, f.Field)
		}
		assert.Contains(t, fields, tc.field, tc.name)
	}
}

func TestParseRatesCSV(t *testing.T) {
	file, err := socialsvc.ParseRatesCSV(strings.NewReader("\xef\xbb\xbfcurrency;month;rate\nHRK;2019-02;7,4320\n\n# a comment\ngbp;2021-05;0.8620\n"), "plain CSV")
	require.NoError(t, err)
	require.Len(t, file.Rates, 2)
	assert.Equal(t, socialsvc.Rate{Currency: "HRK", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("7.432"), Source: "plain CSV"}, canonRate(file.Rates[0]))
	assert.Equal(t, socialsvc.Currency("GBP"), file.Rates[1].Currency)

	for _, tc := range []struct {
		name, in string
		rows     []int
		fields   []string
	}{
		{"bad rows name their lines", "currency;month;rate\nHRK;2019-02;7.4320\nEUR;2019-02;1\nGBP;2019-13;0.86\nGBP;2019-02;abc\nHRK;2019-02;7.44\nHRK;2019-03;0.7\nGBP,2019-02\n",
			[]int{3, 4, 5, 6, 7, 8}, []string{"currency", "month", "rate", "month", "rate", ""}},
		{"exponent", "GBP;2019-02;8.6e-1\n", []int{1}, []string{"rate"}},
		{"grouping", "RSD;2019-02;1,117.50\n", []int{1}, []string{"rate"}},
	} {
		_, err := socialsvc.ParseRatesCSV(strings.NewReader(tc.in), "x")
		require.Error(t, err, tc.name)
		var rows []int
		var fields []string
		for _, f := range socialsvc.ErrorFields(err) {
			rows = append(rows, f.Row)
			fields = append(fields, f.Field)
		}
		assert.Equal(t, tc.rows, rows, tc.name)
		assert.Equal(t, tc.fields, fields, tc.name)
	}
	_, err = socialsvc.ParseRatesCSV(strings.NewReader("HRK;2019-02;7.4\n"), "")
	requireField(t, err, "source")
	_, err = socialsvc.ParseRatesCSV(strings.NewReader("currency;month;rate\n"), "x")
	requireField(t, err, "file")
}

func canonRate(r socialsvc.Rate) socialsvc.Rate {
	r.Rate = dec(r.Rate.String())
	return r
}

// inforEuroJSON is the shape of the Commission's monthly list as its
// public API returns it (one row per country; a currency shared by
// several countries repeats).
const inforEuroJSON = `[
  {"country":"Croatia","currency":"Kuna","isoA3Code":"HRK","isoA2Code":"HR","value":7.5365,"comment":null},
  {"country":"Slovenia","currency":"Euro","isoA3Code":"EUR","isoA2Code":"SI","value":1,"comment":null},
  {"country":"United Kingdom","currency":"Pound sterling","isoA3Code":"GBP","isoA2Code":"GB","value":0.8731,"comment":null},
  {"country":"Serbia","currency":"Dinar","isoA3Code":"RSD","isoA2Code":"RS","value":117.32,"comment":null},
  {"country":"Ecuador","currency":"US dollar","isoA3Code":"USD","isoA2Code":"EC","value":1.0364,"comment":null},
  {"country":"United States","currency":"US dollar","isoA3Code":"USD","isoA2Code":"US","value":1.0364,"comment":null},
  {"country":"Lithuania","currency":"Litas","isoA3Code":"LTL","isoA2Code":"LT","value":3.4528,"comment":"withdrawn"}
]`

func TestParseInforEuro(t *testing.T) {
	m := socialsvc.Month{Year: 2022, Month: 12}
	file, err := socialsvc.ParseInforEuro(strings.NewReader(inforEuroJSON), m)
	require.NoError(t, err)
	got := map[socialsvc.Currency]string{}
	for _, r := range file.Rates {
		got[r.Currency] = r.Rate.String()
		assert.Equal(t, "InforEuro 2022-12", r.Source)
		assert.Equal(t, m, r.Month)
	}
	assert.Equal(t, map[socialsvc.Currency]string{"HRK": "7.5365", "GBP": "0.8731", "RSD": "117.32", "USD": "1.0364"}, got, "EUR skipped, USD once")
	assert.Equal(t, []socialsvc.IgnoredRow{{Line: 8, Currency: "LTL", Reason: "not an ISO 4217 code the library knows"}}, file.Ignored)

	// The CSV download: the same fields as columns.
	csv := "Country;Currency;ISO A3 Code;ISO A2 Code;Value;Comment\nCroatia;Kuna;HRK;HR;7,5365;\nUnited Kingdom;Pound sterling;GBP;GB;0,8731;\n"
	file, err = socialsvc.ParseInforEuro(strings.NewReader(csv), m)
	require.NoError(t, err)
	require.Len(t, file.Rates, 2)
	assert.Equal(t, "7.5365", file.Rates[0].Rate.String())

	bad := strings.Replace(inforEuroJSON, `"value":0.8731`, `"value":-1`, 1)
	bad = strings.Replace(bad, `"isoA2Code":"US","value":1.0364`, `"isoA2Code":"US","value":1.05`, 1)
	_, err = socialsvc.ParseInforEuro(strings.NewReader(bad), m)
	require.Error(t, err)
	var rows []int
	for _, f := range socialsvc.ErrorFields(err) {
		rows = append(rows, f.Row)
	}
	assert.Equal(t, []int{4, 7}, rows, "the GBP line and the disagreeing USD line")
	assert.Contains(t, socialsvc.ErrorFields(err)[1].Message, "line 6")

	for _, in := range []string{"", "{}", "[1]", `[{"isoA3Code":"GBP","value":"x"}]`, "a,b\n1,2\n", `[{"isoA3Code":"GBP","value":0.87}] trailing`} {
		_, err := socialsvc.ParseInforEuro(strings.NewReader(in), m)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%q: %v", in, err)
	}
	_, err = socialsvc.ParseInforEuro(strings.NewReader(inforEuroJSON), socialsvc.Month{Year: 1990, Month: 1})
	requireField(t, err, "month")
}

// FuzzParseRates: neither parser panics on any input; a rejection is an
// Invalid error; every accepted rate is a believable rate of a known
// non-euro currency that a RateTable accepts.
func FuzzParseRates(f *testing.F) {
	for _, s := range []string{inforEuroJSON, "currency;month;rate\nHRK;2019-02;7,4320\n", "GBP,2021-05,0.8620", "Country,ISO A3 Code,Value\nUK,GBP,0.87\n",
		"[", "[]", `[{"isoA3Code":"GBP","value":1e400}]`, "\xef\xbb\xbf", "HRK;2019-02;7.4\r\nHRK;2019-02;7.4\r\n", `"a;b";c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		check := func(file socialsvc.RateFile, err error) {
			if err != nil {
				checkInvalid(t, err)
				return
			}
			rt := &socialsvc.RateTable{}
			for _, r := range file.Rates {
				if err := socialsvc.CheckRateBounds("rate", r.Currency, r.Rate); err != nil {
					t.Fatalf("accepted an unbelievable rate %v: %v", r, err)
				}
				if err := socialsvc.ValidateRate(&r); err != nil {
					t.Fatalf("accepted an invalid rate %v: %v", r, err)
				}
				if err := rt.Set(r); err != nil {
					t.Fatalf("a rate table refuses %v: %v", r, err)
				}
			}
		}
		check(socialsvc.ParseRatesCSV(strings.NewReader(in), "fuzz"))
		check(socialsvc.ParseInforEuro(strings.NewReader(in), socialsvc.Month{Year: 2022, Month: 12}))
	})
}
