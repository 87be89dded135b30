package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func importTests() []test {
	return []test{
		{name: "Attendance", fn: testImportAttendance, ben: true},
		{name: "AttendanceBadRows", fn: testImportAttendanceBad, ben: true},
		{name: "AttendanceDuplicates", fn: testImportAttendanceDuplicates, ben: true},
		{name: "Beneficiaries", fn: testImportBeneficiaries, ben: true},
		{name: "BeneficiariesBadRows", fn: testImportBeneficiariesBad, ben: true},
		{name: "Expenditure", fn: testImportExpenditure},
		{name: "ExpenditureBadRows", fn: testImportExpenditureBad},
	}
}

// rowFields returns "row:field" for every field error of err.
func rowFields(err error) []string {
	var out []string
	for _, f := range socialsvc.ErrorFields(err) {
		out = append(out, fmt.Sprintf("%d:%s", f.Row, f.Field))
	}
	return out
}

func rowsOf(err error) []int {
	var out []int
	for _, f := range socialsvc.ErrorFields(err) {
		if !slices.Contains(out, f.Row) {
			out = append(out, f.Row)
		}
	}
	slices.Sort(out)
	return out
}

// attendanceGrid makes events × beneficiaries and returns the rows of
// every pair.
func attendanceGrid(f *fixture, nEvents, nBens int) ([]socialsvc.Event, []socialsvc.Beneficiary, []socialsvc.Attendance) {
	org := f.org()
	p := f.project()
	var events []socialsvc.Event
	var bens []socialsvc.Beneficiary
	for range nEvents {
		events = append(events, f.event(p.ID))
	}
	for range nBens {
		bens = append(bens, f.beneficiary(org.ID))
	}
	var rows []socialsvc.Attendance
	for _, e := range events {
		for _, b := range bens {
			rows = append(rows, socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID})
		}
	}
	return events, bens, rows
}

func visits(t *testing.T, s store.Store) int64 {
	t.Helper()
	c, err := store.CountAttendance(t.Context(), s, store.AttendanceFilter{})
	require.NoError(t, err)
	return c.Visits
}

func testImportAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	events, _, rows := attendanceGrid(f, 10, 10)
	require.Len(t, rows, 100)
	n, err := store.ImportAttendance(ctx, s, slices.Values(rows))
	require.NoError(t, err)
	assert.Equal(t, 100, n)
	c, err := store.CountAttendance(ctx, s, store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 100, Individuals: 10}, c)
	pg, err := s.ListAttendance(ctx, store.AttendanceFilter{EventID: events[3].ID})
	require.NoError(t, err)
	require.Len(t, pg.Items, 10)
	assert.Equal(t, events[3].ProjectID, pg.Items[0].ProjectID, "imported rows get the project of their event")

	// An empty import writes nothing and is no error.
	n, err = store.ImportAttendance(ctx, s, slices.Values([]socialsvc.Attendance(nil)))
	require.NoError(t, err)
	assert.Equal(t, 0, n)
}

func testImportAttendanceBad(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	events, bens, rows := attendanceGrid(f, 2, 5)
	rows[2].EventID = "evt_missing"       // row 3
	rows[6].BeneficiaryID = "ben_missing" // row 7
	before := visits(t, s)
	n, err := store.ImportAttendance(ctx, s, slices.Values(rows))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []int{3, 7}, rowsOf(err), "every bad row is reported: %v", err)
	assert.Contains(t, rowFields(err), "3:event_id")
	assert.Contains(t, rowFields(err), "7:beneficiary_id")
	assert.Equal(t, before, visits(t, s), "nothing of the batch is written")

	// An erased person in a batch is a bad row too.
	require.NoError(t, s.EraseBeneficiary(ctx, bens[0].ID))
	batch := []socialsvc.Attendance{
		{EventID: events[0].ID, BeneficiaryID: bens[1].ID},
		{EventID: events[0].ID, BeneficiaryID: bens[2].ID},
		{EventID: events[1].ID, BeneficiaryID: bens[0].ID}, // row 3: erased
		{EventID: events[1].ID, BeneficiaryID: bens[1].ID},
	}
	n, err = store.ImportAttendance(ctx, s, slices.Values(batch))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []string{"3:beneficiary_id"}, rowFields(err))
	assert.Equal(t, before, visits(t, s))
}

func testImportAttendanceDuplicates(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	_, _, rows := attendanceGrid(f, 2, 3)
	batch := append(slices.Clone(rows), rows[1]) // row 7 repeats row 2
	n, err := store.ImportAttendance(ctx, s, slices.Values(batch))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []int{7}, rowsOf(err), "the repeated row is reported: %v", err)
	assert.Equal(t, int64(0), visits(t, s))

	// A row already in the store is reported too, and nothing is written.
	f.attend(rows[4].EventID, rows[4].BeneficiaryID)
	n, err = store.ImportAttendance(ctx, s, slices.Values(rows))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []int{5}, rowsOf(err), "the row already stored is reported: %v", err)
	assert.Equal(t, int64(1), visits(t, s))
}

func benCount(t *testing.T, s store.Store) int {
	t.Helper()
	return count(t, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(t.Context(), store.BeneficiaryFilter{ListOptions: o})
	})
}

func testImportBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	var rows []socialsvc.Beneficiary
	for i := range 100 {
		b := newBeneficiary(org.ID)
		b.Reference = fmt.Sprintf("KZ-%03d", i)
		b.Gender = []socialsvc.Gender{socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderUnknown}[i%3]
		b.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth}
		rows = append(rows, b)
	}
	n, err := store.ImportBeneficiaries(ctx, s, slices.Values(rows))
	require.NoError(t, err)
	assert.Equal(t, 100, n)
	assert.Equal(t, 100, benCount(t, s))
	refs := map[string]bool{}
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: org.ID}) {
		require.NoError(t, err)
		assert.NotEmpty(t, b.ID, "IDs left empty are generated")
		assert.Equal(t, int64(1), b.Version)
		assert.Equal(t, []socialsvc.TargetGroup{socialsvc.TGYouth}, b.TargetGroups)
		refs[b.Reference] = true
	}
	assert.Len(t, refs, 100)
}

func testImportBeneficiariesBad(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	f.beneficiary(org.ID)
	var rows []socialsvc.Beneficiary
	for range 10 {
		rows = append(rows, newBeneficiary(org.ID))
	}
	rows[2].LegalBasis = ""       // row 3
	rows[6].OrgID = "org_missing" // row 7
	n, err := store.ImportBeneficiaries(ctx, s, slices.Values(rows))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []int{3, 7}, rowsOf(err), "every bad row is reported: %v", err)
	assert.Contains(t, rowFields(err), "3:legal_basis")
	assert.Contains(t, rowFields(err), "7:org_id")
	assert.Equal(t, 1, benCount(t, s), "nothing of the batch is written")
}

func expCount(t *testing.T, s store.Store) int {
	t.Helper()
	return count(t, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
		return s.ListExpenditure(t.Context(), store.ExpenditureFilter{ListOptions: o})
	})
}

func testImportExpenditure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	var rows []socialsvc.Expenditure
	for i := range 100 {
		amount := eur(fmt.Sprintf("%d.%02d", i+1, i))
		if i%2 == 1 {
			amount = hrk(fmt.Sprintf("%d.%02d", 100+i, i))
		}
		rows = append(rows, socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: amount})
	}
	n, err := store.ImportExpenditure(ctx, s, slices.Values(rows))
	require.NoError(t, err)
	assert.Equal(t, 100, n)
	assert.Equal(t, 100, expCount(t, s))
	for e, err := range s.ScanExpenditure(ctx, store.ExpenditureFilter{ProjectID: p.ID}) {
		require.NoError(t, err)
		want, err := e.Amount.ToEUR()
		require.NoError(t, err)
		assert.Equal(t, want, e.Converted, "imports convert like CreateExpenditure: %s", e.Amount)
		assert.False(t, e.Conversion.Rate.IsZero())
	}
}

func testImportExpenditureBad(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	f.expenditure(lead, socialsvc.CatStaff, 1, "2019-01-10", eur("1.00"))
	var rows []socialsvc.Expenditure
	for range 10 {
		rows = append(rows, socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("10.00")})
	}
	rows[2].PartnerID = "ptn_missing"                    // row 3
	rows[6].Amount = socialsvc.MustMoney("10.00", "CHF") // row 7: no rate for CHF
	n, err := store.ImportExpenditure(ctx, s, slices.Values(rows))
	requireCode(t, err, socialsvc.Invalid)
	assert.Equal(t, 0, n)
	assert.Equal(t, []int{3, 7}, rowsOf(err), "every bad row is reported: %v", err)
	assert.Contains(t, rowFields(err), "3:partner_id")
	assert.Contains(t, rowFields(err), "7:amount.currency")
	assert.Equal(t, 1, expCount(t, s), "nothing of the batch is written")
}
