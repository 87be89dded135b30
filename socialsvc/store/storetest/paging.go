package storetest

import (
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func paginationTests() []test {
	return []test{
		{name: "Organisations", fn: testPageOrganisations},
		{name: "ExactMultiple", fn: testPageExactMultiple},
		{name: "DefaultLimit", fn: testPageDefaultLimit},
		{name: "Beneficiaries", fn: testPageBeneficiaries, ben: true},
		{name: "Attendance", fn: testPageAttendance, ben: true},
		{name: "Audit", fn: testPageAudit},
		{name: "EveryList", fn: testPageEveryList},
		{name: "ConcurrentInserts", fn: testPageConcurrentInserts},
		{name: "InvalidCursor", fn: testInvalidCursor},
		{name: "InvalidCursorBeneficiaries", fn: testInvalidCursorBeneficiaries, ben: true},
	}
}

// pages pages through a list with limit and returns the page sizes and
// the IDs in the order seen.
func pages[T any](t *testing.T, limit int, id func(*T) string, list func(o store.ListOptions) (store.Page[T], error)) (sizes []int, seen []string) {
	t.Helper()
	o := store.ListOptions{Limit: limit}
	for range 1000 {
		pg, err := list(o)
		require.NoError(t, err)
		sizes = append(sizes, len(pg.Items))
		seen = append(seen, ids(pg.Items, id)...)
		if pg.NextCursor == "" {
			return sizes, seen
		}
		require.NotEqual(t, o.Cursor, pg.NextCursor, "the cursor moves on")
		o.Cursor = pg.NextCursor
	}
	t.Fatal("pagination does not end")
	return nil, nil
}

func testPageOrganisations(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	var want []string
	// Caller-supplied IDs sort among generated ones by bytes: digits
	// before letters, "-" before "_", "z" after every hex digit.
	for _, id := range []socialsvc.OrgID{"0-z", "org-0", "org_zz"} {
		want = append(want, string(f.org(func(o *socialsvc.Organisation) { o.ID = id }).ID))
	}
	for range 22 {
		want = append(want, string(f.org().ID))
	}
	sizes, seen := pages(t, 10, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: o})
	})
	assert.Equal(t, []int{10, 10, 5}, sizes)
	assert.Equal(t, sorted(want), seen, "every ID once, in ID order")

	// A filter pages the same way.
	sizes, seen = pages(t, 2, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: o, Country: "HR"})
	})
	assert.Equal(t, 13, len(sizes))
	assert.Equal(t, sorted(want), seen)
}

func testPageExactMultiple(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	var want []string
	for range 20 {
		want = append(want, string(f.org().ID))
	}
	sizes, seen := pages(t, 10, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: o})
	})
	assert.Equal(t, []int{10, 10}, sizes, "no empty page after a full last page")
	assert.Equal(t, sorted(want), seen)

	pg, err := s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: store.ListOptions{Limit: 20}})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 20)
	assert.Empty(t, pg.NextCursor)

	// An empty list is an empty page without a cursor (items [] not nil in
	// JSON).
	pg, err = s.ListOrganisations(t.Context(), store.OrgFilter{Country: "SI"})
	require.NoError(t, err)
	assert.NotNil(t, pg.Items)
	assert.Empty(t, pg.Items)
	assert.Empty(t, pg.NextCursor)
}

func testPageDefaultLimit(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	for range store.DefaultLimit + 3 {
		f.org()
	}
	pg, err := s.ListOrganisations(t.Context(), store.OrgFilter{})
	require.NoError(t, err)
	assert.Len(t, pg.Items, store.DefaultLimit, "limit 0 means the default")
	assert.NotEmpty(t, pg.NextCursor)
	pg, err = s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: store.ListOptions{Limit: -5}})
	require.NoError(t, err)
	assert.Len(t, pg.Items, store.DefaultLimit, "a negative limit means the default")
	pg, err = s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit * 10}})
	require.NoError(t, err)
	assert.Len(t, pg.Items, store.DefaultLimit+3, "a limit above the maximum is capped, not refused")
}

func testPageBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org()
	var want []string
	for range 25 {
		want = append(want, string(f.beneficiary(org.ID).ID))
	}
	sizes, seen := pages(t, 10, benIDs, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(t.Context(), store.BeneficiaryFilter{ListOptions: o})
	})
	assert.Equal(t, []int{10, 10, 5}, sizes)
	assert.Equal(t, sorted(want), seen)
}

func testPageAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org()
	p := f.project()
	var want []string
	var events []socialsvc.Event
	var bens []socialsvc.Beneficiary
	for range 5 {
		events = append(events, f.event(p.ID))
		bens = append(bens, f.beneficiary(org.ID))
	}
	for _, e := range events {
		for _, b := range bens {
			a := f.attend(e.ID, b.ID)
			want = append(want, store.AttendanceKey(&a))
		}
	}
	sizes, seen := pages(t, 10, store.AttendanceKey, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
		return s.ListAttendance(t.Context(), store.AttendanceFilter{ListOptions: o})
	})
	assert.Equal(t, []int{10, 10, 5}, sizes)
	assert.Equal(t, sorted(want), seen, "ordered by (event, beneficiary)")

	// Pages of one project's attendance by beneficiary.
	sizes, seen = pages(t, 2, store.AttendanceKey, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
		return s.ListAttendance(t.Context(), store.AttendanceFilter{ListOptions: o, ProjectID: p.ID, BeneficiaryID: bens[2].ID})
	})
	assert.Equal(t, []int{2, 2, 1}, sizes)
	var wantB []string
	for _, e := range events {
		wantB = append(wantB, store.AttendanceKey(&socialsvc.Attendance{EventID: e.ID, BeneficiaryID: bens[2].ID}))
	}
	assert.Equal(t, sorted(wantB), seen)
}

func testPageAudit(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	for range 25 {
		f.org()
	}
	sizes, seen := pages(t, 10, func(e *store.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) }, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(t.Context(), store.AuditFilter{ListOptions: o})
	})
	assert.Equal(t, []int{10, 10, 5}, sizes)
	var want []string
	for i := 1; i <= 25; i++ {
		want = append(want, strconv.Itoa(i))
	}
	assert.Equal(t, want, seen, "audit entries in sequence order, numbered from 1")
}

// testPageEveryList pages through every list with limit 2 over 5 items.
func testPageEveryList(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	var fundL, prjL, ptnL, wpL, actL, evtL, indL, msrL, budL, expL []string
	p := f.project(func(x *socialsvc.Project) { x.ID = "prj-paging" })
	prjL = append(prjL, string(p.ID))
	lead := f.partner(p.ID, socialsvc.RoleLead)
	ptnL = append(ptnL, string(lead.ID))
	w0 := f.workPackage(p.ID)
	ind0 := f.indicator(p.ID)
	for i := range 5 {
		fundL = append(fundL, string(f.fund().ID))
		if i > 0 {
			prjL = append(prjL, string(f.project().ID))
			ptnL = append(ptnL, string(f.partner(p.ID, socialsvc.RolePartner).ID))
		}
		w := f.workPackage(p.ID)
		wpL = append(wpL, string(w.ID))
		actL = append(actL, string(f.activity(w0).ID))
		evtL = append(evtL, string(f.event(p.ID).ID))
		indL = append(indL, string(f.indicator(p.ID).ID))
		msrL = append(msrL, string(f.measurement(ind0.ID, 1, strconv.Itoa(i)).ID))
		budL = append(budL, string(f.budget(lead, socialsvc.CatTravel, 1, eur("1.00")).ID))
		expL = append(expL, string(f.expenditure(lead, socialsvc.CatTravel, 1, "2019-01-10", eur("1.00")).ID))
	}
	wpL = append(wpL, string(w0.ID))
	indL = append(indL, string(ind0.ID))

	check := func(name string, want []string, seen []string, sizes []int) {
		t.Helper()
		assert.Equal(t, sorted(want), seen, name)
		for i, n := range sizes {
			if i < len(sizes)-1 {
				assert.Equal(t, 2, n, name)
			}
		}
	}
	sizes, seen := pages(t, 2, func(x *socialsvc.Fund) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Fund], error) {
		return s.ListFunds(ctx, o)
	})
	check("funds", fundL, seen, sizes)
	sizes, seen = pages(t, 2, projectIDs, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
	})
	check("projects", prjL, seen, sizes)
	sizes, seen = pages(t, 2, partnerIDs, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return s.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("partners", ptnL, seen, sizes)
	sizes, seen = pages(t, 2, func(x *socialsvc.WorkPackage) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.WorkPackage], error) {
		return s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("work packages", wpL, seen, sizes)
	sizes, seen = pages(t, 2, func(x *socialsvc.Activity) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Activity], error) {
		return s.ListActivities(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("activities", actL, seen, sizes)
	sizes, seen = pages(t, 2, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("events", evtL, seen, sizes)
	sizes, seen = pages(t, 2, func(x *socialsvc.Indicator) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Indicator], error) {
		return s.ListIndicators(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("indicators", indL, seen, sizes)
	sizes, seen = pages(t, 2, measurementIDs, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
		return s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: o, IndicatorID: ind0.ID})
	})
	check("measurements", msrL, seen, sizes)
	sizes, seen = pages(t, 2, budgetIDs, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
		return s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("budget lines", budL, seen, sizes)
	sizes, seen = pages(t, 2, expIDs, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
		return s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("expenditure", expL, seen, sizes)
}

// testPageConcurrentInserts pages through organisations while others are
// inserted, concurrently and between pages: every organisation that
// existed before paging started is seen exactly once, and no ID twice.
func testPageConcurrentInserts(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	before := map[string]bool{}
	for i := range 30 {
		// Even numbers: IDs spread over the whole key space.
		o := f.org(func(o *socialsvc.Organisation) { o.ID = socialsvc.OrgID(fmt.Sprintf("org_%02d", 2*i)) })
		before[string(o.ID)] = true
	}
	var wg sync.WaitGroup
	var insertErr error
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 30 {
			o := newOrg(100 + i)
			// Odd numbers fall between the existing IDs, behind and
			// ahead of the cursor.
			o.ID = socialsvc.OrgID(fmt.Sprintf("org_%02d", 2*i+1))
			if err := s.CreateOrganisation(ctx, &o); err != nil {
				mu.Lock()
				insertErr = err
				mu.Unlock()
				return
			}
		}
	}()
	seen := map[string]int{}
	o := store.ListOptions{Limit: 7}
	for page := 0; ; page++ {
		pg, err := s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
		require.NoError(t, err)
		for _, x := range pg.Items {
			seen[string(x.ID)]++
		}
		// Deterministic inserts between pages as well: one before the
		// cursor (already passed) and one far ahead.
		f.org(func(o *socialsvc.Organisation) { o.ID = socialsvc.OrgID(fmt.Sprintf("org-%02d", page)) })
		f.org(func(o *socialsvc.Organisation) { o.ID = socialsvc.OrgID(fmt.Sprintf("org_z%02d", page)) })
		if pg.NextCursor == "" {
			break
		}
		o.Cursor = pg.NextCursor
		require.Less(t, page, 100, "pagination does not end")
	}
	wg.Wait()
	require.NoError(t, insertErr)
	for id := range before {
		assert.Equal(t, 1, seen[id], "organisation %s that existed before paging is seen once", id)
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "organisation %s is seen once", id)
	}
	for id := range seen {
		assert.NotContains(t, id, "org_!", "IDs inserted behind the cursor are not seen")
	}
}

func testInvalidCursor(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := newFixture(t, s)
	f.org()
	bad := store.ListOptions{Cursor: "not a cursor!"}
	calls := map[string]func() error{
		"organisations": func() error { _, err := s.ListOrganisations(ctx, store.OrgFilter{ListOptions: bad}); return err },
		"funds":         func() error { _, err := s.ListFunds(ctx, bad); return err },
		"projects":      func() error { _, err := s.ListProjects(ctx, store.ProjectFilter{ListOptions: bad}); return err },
		"partners":      func() error { _, err := s.ListPartners(ctx, store.PartnerFilter{ListOptions: bad}); return err },
		"work packages": func() error { _, err := s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: bad}); return err },
		"activities":    func() error { _, err := s.ListActivities(ctx, store.ProjectScope{ListOptions: bad}); return err },
		"events":        func() error { _, err := s.ListEvents(ctx, store.EventFilter{ListOptions: bad}); return err },
		"indicators":    func() error { _, err := s.ListIndicators(ctx, store.ProjectScope{ListOptions: bad}); return err },
		"measurements":  func() error { _, err := s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: bad}); return err },
		"budget":        func() error { _, err := s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: bad}); return err },
		"expenditure":   func() error { _, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: bad}); return err },
		"audit":         func() error { _, err := s.ListAudit(ctx, store.AuditFilter{ListOptions: bad}); return err },
		"audit with a cursor of IDs": func() error {
			_, err := s.ListAudit(ctx, store.AuditFilter{ListOptions: store.ListOptions{Cursor: store.EncodeCursor("org_x")}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { requireInvalid(t, call(), "cursor") })
	}
}

func testInvalidCursorBeneficiaries(t *testing.T, s store.Store) {
	ctx := t.Context()
	bad := store.ListOptions{Cursor: "%%%"}
	_, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: bad})
	requireInvalid(t, err, "cursor")
	_, err = s.ListAttendance(ctx, store.AttendanceFilter{ListOptions: bad})
	requireInvalid(t, err, "cursor")
	_, err = s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: store.ListOptions{Cursor: store.EncodeCursor("")}})
	requireInvalid(t, err, "cursor")
}
