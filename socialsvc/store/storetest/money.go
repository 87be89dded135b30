package storetest

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func flatRateTests() []test {
	return []test{
		{name: "ComputedFromStaffCosts", fn: testFlatRates},
	}
}

type lineKey struct {
	partner socialsvc.PartnerID
	period  int
}

// officeLines returns the office-and-administration lines of a project by
// partner and period.
func officeLines(t *testing.T, s store.Store, p socialsvc.ProjectID) map[lineKey]socialsvc.BudgetLine {
	t.Helper()
	out := map[lineKey]socialsvc.BudgetLine{}
	for _, l := range all(t, 100, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
		return s.ListBudgetLines(t.Context(), store.BudgetFilter{ListOptions: o, ProjectID: p, Category: socialsvc.CatOffice})
	}) {
		k := lineKey{l.PartnerID, l.Period}
		require.NotContains(t, out, k, "one computed line per partner and period")
		out[k] = l
	}
	return out
}

func amounts(lines map[lineKey]socialsvc.BudgetLine) map[lineKey]socialsvc.Money {
	out := map[lineKey]socialsvc.Money{}
	for k, l := range lines {
		out[k] = l.Amount
	}
	return out
}

func testFlatRates(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project(func(p *socialsvc.Project) {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
	})
	a := f.partner(p.ID, socialsvc.RoleLead)
	b := f.partner(p.ID, socialsvc.RolePartner)
	assert.Empty(t, officeLines(t, s, p.ID), "no staff costs, no computed lines")

	f.budget(a, socialsvc.CatStaff, 1, eur("1000.01"))
	a2 := f.budget(a, socialsvc.CatStaff, 1, eur("333.33"))
	a3 := f.budget(a, socialsvc.CatStaff, 2, eur("777.77"))
	f.budget(a, socialsvc.CatTravel, 1, eur("50.00"))
	f.budget(b, socialsvc.CatStaff, 1, eur("99.99"))

	lines := officeLines(t, s, p.ID)
	assert.Equal(t, map[lineKey]socialsvc.Money{
		{a.ID, 1}: eur("200.00"), // 1333.34 × 15% = 200.001, rounded down
		{a.ID, 2}: eur("116.66"), // 777.77 × 15% = 116.6655
		{b.ID, 1}: eur("14.99"),  // 99.99 × 15% = 14.9985
	}, amounts(lines))
	for _, l := range lines {
		assert.True(t, l.Computed)
		assert.Equal(t, p.ID, l.ProjectID)
		assert.Equal(t, "flat rate 15% of staff", l.Description)
		assert.NotEmpty(t, l.ID)
	}
	unchanged := lines[lineKey{b.ID, 1}]

	// Updating a staff line updates its computed line, and only that one.
	a2.Amount = eur("666.67")
	require.NoError(t, s.UpdateBudgetLine(ctx, &a2))
	lines = officeLines(t, s, p.ID)
	assert.Equal(t, eur("250.00"), lines[lineKey{a.ID, 1}].Amount, "1666.68 × 15% = 250.002")
	assert.Equal(t, eur("116.66"), lines[lineKey{a.ID, 2}].Amount)
	same(t, unchanged, lines[lineKey{b.ID, 1}], "a computed line whose amount did not change is left alone")

	// Deleting the staff costs of a period removes its computed line.
	require.NoError(t, s.DeleteBudgetLine(ctx, a3.ID, a3.Version))
	assert.Equal(t, map[lineKey]socialsvc.Money{{a.ID, 1}: eur("250.00"), {b.ID, 1}: eur("14.99")}, amounts(officeLines(t, s, p.ID)))

	// Office costs cannot be entered by hand while a flat rate computes them.
	hand := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: a.ID, Category: socialsvc.CatOffice, Period: 1, Amount: eur("10.00")}
	requireInvalid(t, s.CreateBudgetLine(ctx, &hand), "category")
	// Nor can the computed lines be changed or deleted.
	c := officeLines(t, s, p.ID)[lineKey{a.ID, 1}]
	c.Amount = eur("1.00")
	requireInvalid(t, s.UpdateBudgetLine(ctx, &c), "computed")
	c.Computed = false
	requireCode(t, s.UpdateBudgetLine(ctx, &c), socialsvc.Invalid)
	requireInvalid(t, s.DeleteBudgetLine(ctx, c.ID, c.Version), "computed")
	assert.Equal(t, map[lineKey]socialsvc.Money{{a.ID, 1}: eur("250.00"), {b.ID, 1}: eur("14.99")}, amounts(officeLines(t, s, p.ID)))

	// Changing the project's rate recomputes in the same write.
	p.FlatRates[0].RatePercent = dec("10")
	require.NoError(t, s.UpdateProject(ctx, &p))
	assert.Equal(t, map[lineKey]socialsvc.Money{
		{a.ID, 1}: eur("166.66"), // 1666.68 × 10% = 166.668
		{b.ID, 1}: eur("9.99"),   // 99.99 × 10% = 9.999
	}, amounts(officeLines(t, s, p.ID)))

	// Above 15% of staff costs is refused, and nothing changes.
	q := p
	q.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15.01")}}
	requireInvalid(t, s.UpdateProject(ctx, &q), "flat_rates[0].rate_percent")
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "10", got.FlatRates[0].RatePercent.String())
	assert.Equal(t, eur("166.66"), officeLines(t, s, p.ID)[lineKey{a.ID, 1}].Amount)

	// Without flat rates the computed lines go, and office costs may be
	// entered.
	p.FlatRates = nil
	require.NoError(t, s.UpdateProject(ctx, &p))
	assert.Empty(t, officeLines(t, s, p.ID))
	require.NoError(t, s.CreateBudgetLine(ctx, &hand))
	lines = officeLines(t, s, p.ID)
	require.Len(t, lines, 1)
	assert.False(t, lines[lineKey{a.ID, 1}].Computed)

	// A flat rate over entered office costs is refused.
	p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
	requireInvalid(t, s.UpdateProject(ctx, &p), "category")
	got, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Empty(t, got.FlatRates)
}

func conversionTests() []test {
	return []test{
		{name: "ProjectCurrency", fn: testConversionProjectCurrency},
	}
}

func testConversionProjectCurrency(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project(func(p *socialsvc.Project) { p.Currency = socialsvc.HRK })
	lead := f.partner(p.ID, socialsvc.RoleLead)
	e := f.expenditure(lead, socialsvc.CatStaff, 1, "2019-01-15", hrk("1234.56"))
	got, err := s.GetExpenditure(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, hrk("1234.56"), got.Converted, "an amount in the project currency is not converted")
	assert.True(t, got.Conversion.Rate.Equal(dec("1")))
	assert.Equal(t, "HRK", got.Conversion.Source)
}

func aggregationTests() []test {
	return []test{
		{name: "SumBudget", fn: testSumBudget},
		{name: "SumExpenditure", fn: testSumExpenditure},
		{name: "CountAttendance", fn: testCountAttendance, ben: true},
	}
}

// streaming hides the store's optional capabilities, so that the store
// package's functions fall back to streaming Scan*.
type streaming struct{ store.Store }

func testSumBudget(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	a := f.partner(p.ID, socialsvc.RoleLead)
	b := f.partner(p.ID, socialsvc.RolePartner)
	f.budget(a, socialsvc.CatStaff, 1, eur("100.00"))
	f.budget(a, socialsvc.CatStaff, 1, eur("200.50"))
	f.budget(a, socialsvc.CatTravel, 1, eur("0.01"))
	f.budget(a, socialsvc.CatStaff, 2, eur("999999999.99"))
	f.budget(a, socialsvc.CatStaff, 2, eur("999999999.99"))
	f.budget(b, socialsvc.CatStaff, 1, eur("50.00"))
	other := f.project()
	f.budget(f.partner(other.ID, socialsvc.RoleLead), socialsvc.CatStaff, 1, eur("7.00"))

	want := []store.BudgetSum{
		{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("300.50"), Count: 2},
		{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 2, Amount: socialsvc.Cents(199999999998, socialsvc.EUR), Count: 2},
		{PartnerID: a.ID, Category: socialsvc.CatTravel, Period: 1, Amount: eur("0.01"), Count: 1},
		{PartnerID: b.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("50.00"), Count: 1},
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].PartnerID < want[j].PartnerID })
	for _, tc := range []struct {
		name string
		f    store.BudgetFilter
		want []store.BudgetSum
	}{
		{"project", store.BudgetFilter{ProjectID: p.ID}, want},
		{"partner", store.BudgetFilter{PartnerID: b.ID}, []store.BudgetSum{{PartnerID: b.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("50.00"), Count: 1}}},
		{"period", store.BudgetFilter{ProjectID: p.ID, PartnerID: a.ID, Period: 2, HasPeriod: true}, []store.BudgetSum{{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 2, Amount: socialsvc.Cents(199999999998, socialsvc.EUR), Count: 2}}},
		{"nothing", store.BudgetFilter{ProjectID: "prj_missing"}, []store.BudgetSum{}},
	} {
		got, err := store.SumBudget(ctx, s, tc.f)
		require.NoError(t, err, tc.name)
		same(t, tc.want, got, tc.name)
		fallback, err := store.SumBudget(ctx, streaming{s}, tc.f)
		require.NoError(t, err, tc.name)
		same(t, tc.want, fallback, "%s: the streaming fallback agrees", tc.name)
	}
}

func testSumExpenditure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	a := f.partner(p.ID, socialsvc.RoleLead)
	b := f.partner(p.ID, socialsvc.RolePartner)
	require.NoError(t, s.PutRate(ctx, socialsvc.Rate{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("0.8765"), Source: "InforEuro"}))
	f.expenditure(a, socialsvc.CatStaff, 1, "2019-01-15", eur("100.00"))
	f.expenditure(a, socialsvc.CatStaff, 1, "2019-01-15", hrk("1234.56")) // 163.85
	f.expenditure(a, socialsvc.CatStaff, 1, "2019-02-15", hrk("1.00"))    // 0.13
	f.expenditure(a, socialsvc.CatStaff, 2, "2019-04-01", eur("999999999.99"))
	f.expenditure(a, socialsvc.CatStaff, 2, "2019-04-02", eur("999999999.99"))
	f.expenditure(b, socialsvc.CatTravel, 1, "2019-02-10", eur("0.01"))
	f.expenditure(b, socialsvc.CatTravel, 1, "2019-02-10", socialsvc.MustMoney("100.00", "GBP")) // 114.09

	want := []store.ExpenditureSum{
		{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("100.00"), Converted: eur("100.00"), Count: 1, First: d("2019-01-15"), Last: d("2019-01-15")},
		// Each line is converted on its own, then summed: 163.85 + 0.13,
		// not 1235.56 / 7.5345 = 163.99. First and Last are the dates of
		// the earliest and latest line summed.
		{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Amount: hrk("1235.56"), Converted: eur("163.98"), Count: 2, First: d("2019-01-15"), Last: d("2019-02-15")},
		{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 2, Amount: socialsvc.Cents(199999999998, socialsvc.EUR), Converted: socialsvc.Cents(199999999998, socialsvc.EUR), Count: 2,
			First: d("2019-04-01"), Last: d("2019-04-02")},
		{PartnerID: b.ID, Category: socialsvc.CatTravel, Period: 1, Amount: eur("0.01"), Converted: eur("0.01"), Count: 1, First: d("2019-02-10"), Last: d("2019-02-10")},
		{PartnerID: b.ID, Category: socialsvc.CatTravel, Period: 1, Amount: socialsvc.MustMoney("100.00", "GBP"), Converted: eur("114.09"), Count: 1, First: d("2019-02-10"), Last: d("2019-02-10")},
	}
	store.SortExpenditureSums(want)
	for _, tc := range []struct {
		name string
		f    store.ExpenditureFilter
		want []store.ExpenditureSum
	}{
		{"project", store.ExpenditureFilter{ProjectID: p.ID}, want},
		{"partner", store.ExpenditureFilter{PartnerID: b.ID}, pick(want, func(x store.ExpenditureSum) bool { return x.PartnerID == b.ID })},
		{"category", store.ExpenditureFilter{Category: socialsvc.CatStaff}, pick(want, func(x store.ExpenditureSum) bool { return x.Category == socialsvc.CatStaff })},
		{"period", store.ExpenditureFilter{Period: 2, HasPeriod: true}, pick(want, func(x store.ExpenditureSum) bool { return x.Period == 2 })},
		{"dates", store.ExpenditureFilter{From: d("2019-01-15"), To: d("2019-01-15")}, []store.ExpenditureSum{
			{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("100.00"), Converted: eur("100.00"), Count: 1, First: d("2019-01-15"), Last: d("2019-01-15")},
			{PartnerID: a.ID, Category: socialsvc.CatStaff, Period: 1, Amount: hrk("1234.56"), Converted: eur("163.85"), Count: 1, First: d("2019-01-15"), Last: d("2019-01-15")},
		}},
		{"nothing", store.ExpenditureFilter{ProjectID: "prj_missing"}, []store.ExpenditureSum{}},
	} {
		got, err := store.SumExpenditure(ctx, s, tc.f)
		require.NoError(t, err, tc.name)
		same(t, tc.want, got, tc.name)
		fallback, err := store.SumExpenditure(ctx, streaming{s}, tc.f)
		require.NoError(t, err, tc.name)
		same(t, tc.want, fallback, "%s: the streaming fallback agrees", tc.name)
	}
}

func pick[T any](xs []T, keep func(T) bool) []T {
	out := []T{}
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func testCountAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p, q := f.project(), f.project()
	e1, e2, e3, e4 := f.event(p.ID), f.event(p.ID), f.event(p.ID), f.event(q.ID)
	b1, b2, b3, b4 := f.beneficiary(org.ID), f.beneficiary(org.ID), f.beneficiary(org.ID), f.beneficiary(org.ID)
	for _, a := range [][2]any{{e1, b1}, {e1, b2}, {e1, b3}, {e2, b1}, {e2, b2}, {e3, b1}, {e4, b4}} {
		f.attend(a[0].(socialsvc.Event).ID, a[1].(socialsvc.Beneficiary).ID)
	}
	for _, tc := range []struct {
		name string
		f    store.AttendanceFilter
		want store.AttendanceCounts
	}{
		{"all", store.AttendanceFilter{}, store.AttendanceCounts{Visits: 7, Individuals: 4}},
		{"project: visits and unique people differ", store.AttendanceFilter{ProjectID: p.ID}, store.AttendanceCounts{Visits: 6, Individuals: 3}},
		{"event", store.AttendanceFilter{EventID: e1.ID}, store.AttendanceCounts{Visits: 3, Individuals: 3}},
		{"person", store.AttendanceFilter{BeneficiaryID: b1.ID}, store.AttendanceCounts{Visits: 3, Individuals: 1}},
		{"other project", store.AttendanceFilter{ProjectID: q.ID}, store.AttendanceCounts{Visits: 1, Individuals: 1}},
		{"none", store.AttendanceFilter{EventID: "evt_missing"}, store.AttendanceCounts{}},
	} {
		got, err := store.CountAttendance(ctx, s, tc.f)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
		fallback, err := store.CountAttendance(ctx, streaming{s}, tc.f)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, fallback, "%s: the streaming fallback agrees", tc.name)
	}
}
