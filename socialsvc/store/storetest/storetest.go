package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Opener returns a fresh, empty store for one subtest; it registers its
// own cleanup with t.Cleanup.
type Opener = func(t *testing.T) store.Store

// test is one conformance test; ben marks the tests that need nothing
// but beneficiaries from the custom part of a combined store.
type test struct {
	name string
	fn   func(t *testing.T, s store.Store)
	ben  bool
}

type group struct {
	name  string
	tests []test
}

func groups() []group {
	return []group{
		{"RoundTrip", roundTripTests()},
		{"Validation", validationTests()},
		{"Conflicts", conflictTests()},
		{"Lifecycle", lifecycleTests()},
		{"Pagination", paginationTests()},
		{"Sorting", sortingTests()},
		{"Filters", filterTests()},
		{"Transactions", txTests()},
		{"Concurrency", concurrencyTests()},
		{"Audit", auditTests()},
		{"Erasure", erasureTests()},
		{"Import", importTests()},
		{"FlatRates", flatRateTests()},
		{"SimplifiedCosts", simplifiedCostTests()},
		{"Conversion", conversionTests()},
		{"Rates", rateTests()},
		{"Aggregation", aggregationTests()},
		{"Cancellation", cancellationTests()},
		{"Copies", copyTests()},
		{"Sessions", sessionTests()},
		{"Identifiers", idTests()},
		{"WriteRules", writeRuleTests()},
		{"Cycle", cycleTests()},
		{"Participations", participationTests()},
	}
}

// Run runs the whole conformance suite. open must return a fresh, empty
// store on every call.
func Run(t *testing.T, open Opener) {
	run(t, open, false)
}

// RunBeneficiaries runs the beneficiary and attendance subset of the
// suite: round trips, validation, conflicts, pagination and filters of
// beneficiaries, attendance, erasure, imports and counts. It is for a
// store made with store.Combine whose own part is a custom
// store.Beneficiaries; the subset creates organisations, projects and
// events through the same store.
func RunBeneficiaries(t *testing.T, open Opener) {
	run(t, open, true)
}

func run(t *testing.T, open Opener, benOnly bool) {
	for _, g := range groups() {
		var tests []test
		for _, tc := range g.tests {
			if !benOnly || tc.ben {
				tests = append(tests, tc)
			}
		}
		if len(tests) == 0 {
			continue
		}
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					s := open(t)
					require.NotNil(t, s, "open returned nil")
					tc.fn(t, s)
				})
			}
		})
	}
}

// ---- fixtures ----

// fixture creates valid records with defaults that each test adjusts.
type fixture struct {
	t   *testing.T
	s   store.Store
	ctx context.Context
	n   int
}

func newFixture(t *testing.T, s store.Store) *fixture {
	return &fixture{t: t, s: s, ctx: t.Context()}
}

func (f *fixture) next() int { f.n++; return f.n }

func d(s string) socialsvc.Date { return socialsvc.MustDate(s) }

func eur(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.EUR) }

func hrk(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.HRK) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func apply[T any](v *T, opts []func(*T)) {
	for _, o := range opts {
		o(v)
	}
}

func newOrg(n int) socialsvc.Organisation {
	return socialsvc.Organisation{
		Name:        fmt.Sprintf("Udruga za socijalnu koheziju %d", n),
		LegalStatus: socialsvc.LegalNGO,
		Country:     "HR",
		City:        "Osijek",
	}
}

func (f *fixture) org(opts ...func(*socialsvc.Organisation)) socialsvc.Organisation {
	f.t.Helper()
	o := newOrg(f.next())
	apply(&o, opts)
	require.NoError(f.t, f.s.CreateOrganisation(f.ctx, &o))
	return o
}

func newFund() socialsvc.Fund {
	return socialsvc.Fund{
		Code: "ERDF",
		Name: socialsvc.I18n{"hr": "Europski fond za regionalni razvoj", "en": "European Regional Development Fund"},
		Kind: socialsvc.FundEU, MaxRatePercent: dec("85"),
	}
}

func (f *fixture) fund(opts ...func(*socialsvc.Fund)) socialsvc.Fund {
	f.t.Helper()
	x := newFund()
	apply(&x, opts)
	require.NoError(f.t, f.s.CreateFund(f.ctx, &x))
	return x
}

// newProject is the shape of seed 004 (2SoKroG): 1.9.2018–31.8.2020,
// with two reporting periods.
// fixtureAgreement is the source of the fixture projects' rate rule: kuna
// at the fixed rate and pounds at 0.8765 under their grant agreement, so that tests about
// other rules can use kuna lines of 2019 without a rate table. The Rates
// tests set their own rules.
const fixtureAgreement = "fixture grant agreement: kuna at 7.53450"

func fixtureRule() socialsvc.RateRule {
	return socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
		{Currency: socialsvc.HRK, Rate: socialsvc.HRKPerEUR, Date: d("2018-09-01"), Source: fixtureAgreement},
		{Currency: "GBP", Rate: dec("0.8765"), Date: d("2018-09-01"), Source: fixtureAgreement}}}
}

func newProject(n int) socialsvc.Project {
	return socialsvc.Project{
		RateRule:  fixtureRule(),
		Acronym:   fmt.Sprintf("PRJ%d", n),
		Title:     socialsvc.I18n{"hr": fmt.Sprintf("Projekt socijalne uključenosti %d", n), "en": fmt.Sprintf("Social inclusion project %d", n)},
		Programme: "Interreg V-A Slovenija–Hrvatska 2014–2020",
		Start:     d("2018-09-01"),
		End:       d("2020-08-31"),
		Status:    socialsvc.StatusDraft,
		Currency:  socialsvc.EUR,
		Periods: []socialsvc.Period{
			{Number: 1, Start: d("2018-09-01"), End: d("2019-02-28")},
			{Number: 2, Start: d("2019-03-01"), End: d("2020-08-31")},
		},
	}
}

func (f *fixture) project(opts ...func(*socialsvc.Project)) socialsvc.Project {
	f.t.Helper()
	p := newProject(f.next())
	apply(&p, opts)
	require.NoError(f.t, f.s.CreateProject(f.ctx, &p))
	return p
}

// partner adds a partner to project p: a new organisation unless OrgID is
// set by an option.
func (f *fixture) partner(p socialsvc.ProjectID, role socialsvc.Role, opts ...func(*socialsvc.Partner)) socialsvc.Partner {
	f.t.Helper()
	x := socialsvc.Partner{ProjectID: p, Role: role, Number: f.next()}
	apply(&x, opts)
	if x.OrgID == "" {
		x.OrgID = f.org().ID
	}
	require.NoError(f.t, f.s.CreatePartner(f.ctx, &x))
	return x
}

func (f *fixture) workPackage(p socialsvc.ProjectID, opts ...func(*socialsvc.WorkPackage)) socialsvc.WorkPackage {
	f.t.Helper()
	w := socialsvc.WorkPackage{ProjectID: p, Code: fmt.Sprintf("T%d", f.next()), Title: socialsvc.I18n{"hr": "Zajedničke aktivnosti", "en": "Joint activities"}}
	apply(&w, opts)
	require.NoError(f.t, f.s.CreateWorkPackage(f.ctx, &w))
	return w
}

func (f *fixture) activity(w socialsvc.WorkPackage, opts ...func(*socialsvc.Activity)) socialsvc.Activity {
	f.t.Helper()
	a := socialsvc.Activity{ProjectID: w.ProjectID, WorkPackageID: w.ID, Code: fmt.Sprintf("%s.%d", w.Code, f.next()), Title: socialsvc.I18n{"hr": "Radionice", "en": "Workshops"}}
	apply(&a, opts)
	require.NoError(f.t, f.s.CreateActivity(f.ctx, &a))
	return a
}

func newEvent(p socialsvc.ProjectID, n int) socialsvc.Event {
	return socialsvc.Event{
		ProjectID: p, Type: socialsvc.EventWorkshop,
		Title: socialsvc.I18n{"hr": fmt.Sprintf("Radionica %d", n), "en": fmt.Sprintf("Workshop %d", n)},
		Start: d("2019-03-15"), Place: "Čakovec", Country: "HR",
	}
}

func (f *fixture) event(p socialsvc.ProjectID, opts ...func(*socialsvc.Event)) socialsvc.Event {
	f.t.Helper()
	e := newEvent(p, f.next())
	apply(&e, opts)
	require.NoError(f.t, f.s.CreateEvent(f.ctx, &e))
	return e
}

func newBeneficiary(org socialsvc.OrgID) socialsvc.Beneficiary {
	return socialsvc.Beneficiary{OrgID: org, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: d("2030-12-31")}
}

func (f *fixture) beneficiary(org socialsvc.OrgID, opts ...func(*socialsvc.Beneficiary)) socialsvc.Beneficiary {
	f.t.Helper()
	b := newBeneficiary(org)
	apply(&b, opts)
	require.NoError(f.t, f.s.CreateBeneficiary(f.ctx, &b))
	return b
}

func (f *fixture) attend(e socialsvc.EventID, b socialsvc.BeneficiaryID) socialsvc.Attendance {
	f.t.Helper()
	a := socialsvc.Attendance{EventID: e, BeneficiaryID: b}
	require.NoError(f.t, f.s.CreateAttendance(f.ctx, &a))
	return a
}

func newIndicator(p socialsvc.ProjectID, n int) socialsvc.Indicator {
	return socialsvc.Indicator{
		ProjectID: p, Kind: socialsvc.KindOutput, Code: fmt.Sprintf("RCO8%d", n%10),
		Name:     socialsvc.I18n{"hr": "Sudjelovanja u zajedničkim aktivnostima", "en": "Participations in joint actions across borders"},
		Unit:     "participations",
		Baseline: dec("0"), Target: dec("180"),
		Source: socialsvc.SourceEntered,
	}
}

func (f *fixture) indicator(p socialsvc.ProjectID, opts ...func(*socialsvc.Indicator)) socialsvc.Indicator {
	f.t.Helper()
	i := newIndicator(p, f.next())
	apply(&i, opts)
	require.NoError(f.t, f.s.CreateIndicator(f.ctx, &i))
	return i
}

func (f *fixture) measurement(ind socialsvc.IndicatorID, period int, value string) socialsvc.Measurement {
	f.t.Helper()
	m := socialsvc.Measurement{IndicatorID: ind, Period: period, Value: dec(value), Source: socialsvc.SourceEntered, Evidence: "potpisne liste"}
	require.NoError(f.t, f.s.CreateMeasurement(f.ctx, &m))
	return m
}

func (f *fixture) budget(p socialsvc.Partner, cat socialsvc.CostCategory, period int, amount socialsvc.Money) socialsvc.BudgetLine {
	f.t.Helper()
	l := socialsvc.BudgetLine{ProjectID: p.ProjectID, PartnerID: p.ID, Category: cat, Period: period, Amount: amount}
	require.NoError(f.t, f.s.CreateBudgetLine(f.ctx, &l))
	return l
}

func (f *fixture) expenditure(p socialsvc.Partner, cat socialsvc.CostCategory, period int, date string, amount socialsvc.Money) socialsvc.Expenditure {
	f.t.Helper()
	e := socialsvc.Expenditure{ProjectID: p.ProjectID, PartnerID: p.ID, Category: cat, Period: period, Date: d(date), Amount: amount}
	require.NoError(f.t, f.s.CreateExpenditure(f.ctx, &e))
	return e
}

// oib returns a valid OIB for ten leading digits (ISO 7064 MOD 11,10).
func oib(first10 string) string {
	a := 10
	for i := 0; i < 10; i++ {
		a = (a + int(first10[i]-'0')) % 10
		if a == 0 {
			a = 10
		}
		a = (a * 2) % 11
	}
	check := 11 - a
	if check == 10 {
		check = 0
	}
	return first10 + string(rune('0'+check))
}

// ---- assertions ----

// requireCode asserts that err is a *socialsvc.Error with code.
func requireCode(t *testing.T, err error, code string, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	var e *socialsvc.Error
	require.Truef(t, errors.As(err, &e), "want *socialsvc.Error with code %s, got %T: %v", code, err, err)
	require.Equalf(t, code, e.Code, "error: %v", err)
}

// fieldsOf returns the field paths of err's field errors.
func fieldsOf(err error) []string {
	var out []string
	for _, f := range socialsvc.ErrorFields(err) {
		out = append(out, f.Field)
	}
	return out
}

// requireInvalid asserts code invalid and that field is among the fields.
func requireInvalid(t *testing.T, err error, field string) {
	t.Helper()
	requireCode(t, err, socialsvc.Invalid)
	assert.Containsf(t, fieldsOf(err), field, "error: %v", err)
}

// canonical returns a copy of v in which times are UTC, empty slices nil
// and decimals in canonical form, so that values read back from any
// driver compare equal with assert.Equal when they hold the same data.
func canonical[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	canon(rv)
	return v
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

func canon(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		switch v.Type() {
		case timeType:
			if t := v.Interface().(time.Time); !t.IsZero() {
				v.Set(reflect.ValueOf(t.UTC()))
			} else {
				v.Set(reflect.ValueOf(time.Time{}))
			}
			return
		case decimalType:
			v.Set(reflect.ValueOf(decimal.RequireFromString(v.Interface().(decimal.Decimal).String())))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				canon(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := 0; i < c.Len(); i++ {
			canon(c.Index(i))
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		canon(c.Elem())
		v.Set(c)
	}
}

// same asserts that want and got hold the same data (see canonical).
func same[T any](t *testing.T, want, got T, msgAndArgs ...any) bool {
	t.Helper()
	return assert.Equal(t, canonical(want), canonical(got), msgAndArgs...)
}

// requireStamped asserts what Create sets: an ID, version 1 and equal,
// recent creation and update times in UTC to the microsecond.
func requireStamped(t *testing.T, id string, version int64, created, updated time.Time) {
	t.Helper()
	require.NotEmpty(t, id, "Create must set the ID")
	require.Equal(t, int64(1), version, "Create must set version 1")
	require.False(t, created.IsZero(), "Create must set CreatedAt")
	require.True(t, created.Equal(updated), "CreatedAt and UpdatedAt of a new record are equal")
	require.Equal(t, time.UTC, created.Location(), "times are UTC")
	require.Zero(t, created.Nanosecond()%1000, "times are truncated to microseconds")
	require.WithinDuration(t, time.Now(), created, time.Hour)
}

// all pages through a list with the given page size and returns every
// item, failing on a page that is larger than the limit.
func all[T any](t *testing.T, limit int, list func(o store.ListOptions) (store.Page[T], error)) []T {
	t.Helper()
	var out []T
	o := store.ListOptions{Limit: limit}
	for range 100000 {
		pg, err := list(o)
		require.NoError(t, err)
		require.LessOrEqual(t, len(pg.Items), o.EffectiveLimit())
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out
		}
		o.Cursor = pg.NextCursor
	}
	t.Fatal("pagination does not end")
	return nil
}

func ids[T any](items []T, id func(*T) string) []string {
	if len(items) == 0 {
		return nil
	}
	out := make([]string, len(items))
	for i := range items {
		out[i] = id(&items[i])
	}
	return out
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// count returns the number of items a list yields in total.
func count[T any](t *testing.T, list func(o store.ListOptions) (store.Page[T], error)) int {
	t.Helper()
	return len(all(t, store.MaxLimit, list))
}

func auditCount(t *testing.T, s store.Store) int {
	t.Helper()
	return count(t, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(t.Context(), store.AuditFilter{ListOptions: o})
	})
}

// jsonMap decodes an audit Before or After; nil for an absent value.
func jsonMap(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m), "audit JSON: %s", raw)
	return m
}

func orgIDs(o *socialsvc.Organisation) string        { return string(o.ID) }
func projectIDs(p *socialsvc.Project) string         { return string(p.ID) }
func eventIDs(e *socialsvc.Event) string             { return string(e.ID) }
func benIDs(b *socialsvc.Beneficiary) string         { return string(b.ID) }
func budgetIDs(l *socialsvc.BudgetLine) string       { return string(l.ID) }
func expIDs(e *socialsvc.Expenditure) string         { return string(e.ID) }
func partnerIDs(p *socialsvc.Partner) string         { return string(p.ID) }
func measurementIDs(m *socialsvc.Measurement) string { return string(m.ID) }
