package httpapi

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// TestClientCannotChooseTheRate replays the requests: a client
// sending its own rate or converted amount changes nothing, whoever it is.
func TestClientCannotChooseTheRate(t *testing.T) {
	f := newFixture(t)
	const path = "/api/v1/projects/prj-a/expenditure"
	line := func(extra map[string]any) map[string]any {
		m := map[string]any{"partner_id": "prj-a-lp", "category": "staff", "period": 1, "date": "2024-05-05",
			"amount": map[string]any{"amount": "1000.00", "currency": "EUR"}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	hrk := map[string]any{"amount": "1000.00", "currency": "HRK"}
	for _, tc := range []struct {
		name, who string
		body      map[string]any
		status    int
		field     string
	}{
		{"the issue's rate 0.0001 on kuna of 2024", "editor-a", line(map[string]any{"amount": hrk, "conversion": map[string]any{"rate": "0.0001"}}), 400, "date"},
		{"rate 1 on kuna of 2024, as admin", "admin", line(map[string]any{"amount": hrk, "conversion": map[string]any{"rate": "1", "source": "x"}}), 400, "date"},
		{"kuna of 2024 without a rate", "editor-a", line(map[string]any{"amount": hrk}), 400, "date"},
		{"converted sent by the client", "editor-a", line(map[string]any{"converted": map[string]any{"amount": "10000000.00", "currency": "EUR"}}), 400, "converted"},
		{"converted equal to the amount", "admin", line(map[string]any{"converted": map[string]any{"amount": "1000.00", "currency": "EUR"}}), 400, "converted"},
		{"an entered rate where the rule allows none", "admin", line(map[string]any{"amount": map[string]any{"amount": "100.00", "currency": "GBP"},
			"conversion": map[string]any{"rate": "0.86", "source": "odluka"}}), 400, "conversion.rate"},
		{"a currency without a table rate", "editor-a", line(map[string]any{"amount": map[string]any{"amount": "100.00", "currency": "GBP"}}), 400, "amount.currency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.auditCount()
			r := f.do(tc.who, "POST", path, tc.body)
			require.Equal(t, tc.status, r.Status, string(r.Body))
			assert.Contains(t, fieldNames(t, r), tc.field, string(r.Body))
			assert.Equal(t, before, f.auditCount(), "a refused write changes nothing")
		})
	}
	pg, err := f.store.ListExpenditure(context.Background(), store.ExpenditureFilter{ProjectID: "prj-a"})
	require.NoError(t, err)
	for _, e := range pg.Items {
		assert.NotEqual(t, "2024-05-05", e.Date.String(), "no refused line was stored")
	}

	// Kuna in the two weeks of dual circulation converts at the fixed
	// rate: 1000.00 / 7.53450 = 132.7228 → 132.72.
	r := f.do("editor-a", "POST", path, line(map[string]any{"date": "2023-01-10", "amount": hrk}))
	require.Equal(t, 201, r.Status, string(r.Body))
	got := r.json(t)
	assert.Equal(t, map[string]any{"amount": "132.72", "currency": "EUR"}, got["converted"])
	conv := got["conversion"].(map[string]any)
	assert.Equal(t, "7.5345", conv["rate"])
	assert.Equal(t, "fixed_hrk", conv["basis"])
	assert.Equal(t, socialsvc.RateSourceFixedHRK, conv["source"])
}

func fieldNames(t *testing.T, r resp) []string {
	t.Helper()
	var out []string
	errs, _ := r.json(t)["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

// inforEuroDecember2022 is a part of the Commission's monthly list as its
// public API returns it.
const inforEuroDecember2022 = `[
  {"country":"Croatia","currency":"Kuna","isoA3Code":"HRK","isoA2Code":"HR","value":7.5365,"comment":null},
  {"country":"Slovenia","currency":"Euro","isoA3Code":"EUR","isoA2Code":"SI","value":1,"comment":null},
  {"country":"United Kingdom","currency":"Pound sterling","isoA3Code":"GBP","isoA2Code":"GB","value":0.8731,"comment":null},
  {"country":"Lithuania","currency":"Litas","isoA3Code":"LTL","isoA2Code":"LT","value":3.4528,"comment":null}
]`

func TestImportRates(t *testing.T) {
	f := newFixture(t)
	before := f.auditCount()
	r := f.do("admin", "POST", "/api/v1/rates/import?format=inforeuro&month=2022-12", inforEuroDecember2022)
	require.Equal(t, 201, r.Status, string(r.Body))
	assert.JSONEq(t, `{"imported":2,"ignored":[{"line":5,"currency":"LTL","reason":"not an ISO 4217 code the library knows"}]}`, string(r.Body))
	assert.Equal(t, before+2, f.auditCount(), "each rate in the audit log")
	rt, err := f.store.RateTable(context.Background())
	require.NoError(t, err)
	got, ok := rt.Lookup("GBP", socialsvc.Month{Year: 2022, Month: 12})
	require.True(t, ok)
	assert.Equal(t, "0.8731", got.Rate.String())
	assert.Equal(t, "InforEuro 2022-12", got.Source)

	n := rt.Len()
	before = f.auditCount()
	for _, tc := range []struct {
		name, who, url, body string
		status               int
		field                string
	}{
		{"an editor", "editor-a", "/api/v1/rates/import?format=csv&source=x", "GBP;2023-05;0.87\n", 403, ""},
		{"a bad second line", "admin", "/api/v1/rates/import?format=csv&source=HNB", "GBP;2023-05;0.87\nHRK;2023-05;0.0001\n", 400, "rate"},
		{"no source", "admin", "/api/v1/rates/import?format=csv", "GBP;2023-05;0.87\n", 400, "source"},
		{"no month", "admin", "/api/v1/rates/import?format=inforeuro", inforEuroDecember2022, 400, "month"},
		{"no format", "admin", "/api/v1/rates/import", "GBP;2023-05;0.87\n", 400, "format"},
	} {
		r := f.do(tc.who, "POST", tc.url, tc.body, "Content-Type", "text/csv")
		require.Equal(t, tc.status, r.Status, "%s: %s", tc.name, r.Body)
		if tc.field != "" {
			assert.Contains(t, fieldNames(t, r), tc.field, tc.name)
		}
	}
	rt, err = f.store.RateTable(context.Background())
	require.NoError(t, err)
	assert.Equal(t, n, rt.Len(), "refused imports store nothing")
	assert.Equal(t, before, f.auditCount())
}
