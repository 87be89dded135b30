package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func sortingTests() []test {
	return []test{
		{name: "Events", fn: testSortEvents},
		{name: "Projects", fn: testSortProjects},
		{name: "Expenditure", fn: testSortExpenditure},
		{name: "Measurements", fn: testSortMeasurements},
		{name: "DescendingEveryList", fn: testSortDescendingEveryList},
		{name: "ConcurrentInserts", fn: testSortConcurrentInserts},
		{name: "CursorOfAnotherSort", fn: testSortCursorOfAnotherSort},
		{name: "UnknownKey", fn: testSortUnknownKey},
		{name: "Beneficiaries", fn: testSortBeneficiaries, ben: true},
	}
}

// sortedPages pages through a list in the order sort with limit and
// returns the page sizes and the IDs in the order seen.
func sortedPages[T any](t *testing.T, sort string, limit int, id func(*T) string, list func(o store.ListOptions) (store.Page[T], error)) (sizes []int, seen []string) {
	t.Helper()
	o := store.ListOptions{Limit: limit, Sort: sort}
	for range 1000 {
		pg, err := list(o)
		require.NoError(t, err, "sort %q", sort)
		require.LessOrEqual(t, len(pg.Items), limit)
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

// wantSizes is the page sizes of n items in pages of limit: full pages
// and a last one, with no empty page after a full last page.
func wantSizes(n, limit int) []int {
	var out []int
	for ; n > limit; n -= limit {
		out = append(out, limit)
	}
	return append(out, n)
}

// checkSorted lists in every order of want, in one page and in pages of
// 1, 2 and 3 items, and requires exactly the IDs of want in that order.
// want must name every sort key store.SortKeys accepts for entity.
func checkSorted[T any](t *testing.T, entity string, want map[string][]string, id func(*T) string, list func(o store.ListOptions) (store.Page[T], error)) {
	t.Helper()
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, store.SortKeys(entity), keys, "the test covers every sort key of %s", entity)
	for _, sort := range store.SortKeys(entity) {
		for _, limit := range []int{1, 2, 3, store.MaxLimit} {
			t.Run(fmt.Sprintf("%s/limit=%d", sort, limit), func(t *testing.T) {
				sizes, seen := sortedPages(t, sort, limit, id, list)
				assert.Equal(t, want[sort], seen, "every item once, in order")
				assert.Equal(t, wantSizes(len(want[sort]), limit), sizes)
			})
		}
	}
	// "" is the sort by ID.
	_, seen := sortedPages(t, "", 2, id, list)
	assert.Equal(t, want[store.SortID], seen, `no sort is "id"`)
}

func reversed(s []string) []string {
	c := slices.Clone(s)
	slices.Reverse(c)
	return c
}

// testSortEvents sorts events by start date, three of them on one day and
// two on another, so that the ties are broken by ID in the direction of
// the sort.
func testSortEvents(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	p := f.project(func(x *socialsvc.Project) { x.ID = "prj-sort" })
	other := f.project()
	f.event(other.ID, func(e *socialsvc.Event) { e.ID = "evt-0"; e.Start = d("2019-01-01") })
	for _, e := range []struct{ id, start string }{
		{"evt-a", "2019-05-01"},
		{"evt-b", "2019-03-15"},
		{"evt-c", "2019-05-01"},
		{"evt-d", "2018-10-01"},
		{"evt-e", "2019-03-15"},
		{"evt-f", "2020-01-20"},
		{"evt-g", "2019-05-01"},
	} {
		f.event(p.ID, func(x *socialsvc.Event) { x.ID = socialsvc.EventID(e.id); x.Start = d(e.start) })
	}
	byStart := []string{"evt-d", "evt-b", "evt-e", "evt-a", "evt-c", "evt-g", "evt-f"}
	byID := []string{"evt-a", "evt-b", "evt-c", "evt-d", "evt-e", "evt-f", "evt-g"}
	checkSorted(t, store.EntityEvent, map[string][]string{
		"id": byID, "-id": reversed(byID), "start": byStart, "-start": reversed(byStart),
	}, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(t.Context(), store.EventFilter{ListOptions: o, ProjectID: p.ID})
	})

	// Filters and sorting combine: from 2019-03-15, newest first.
	sizes, seen := sortedPages(t, "-start", 2, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(t.Context(), store.EventFilter{ListOptions: o, ProjectID: p.ID, From: d("2019-03-15"), To: d("2019-12-31")})
	})
	assert.Equal(t, []string{"evt-g", "evt-c", "evt-a", "evt-e", "evt-b"}, seen)
	assert.Equal(t, []int{2, 2, 1}, sizes)
}

func testSortProjects(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	for _, p := range []struct{ id, start string }{
		{"prj-a", "2021-01-01"},
		{"prj-b", "2018-09-01"},
		{"prj-c", "2021-01-01"},
		{"prj-d", "2016-03-01"},
		{"prj-e", "2018-09-01"},
	} {
		f.project(func(x *socialsvc.Project) {
			x.ID = socialsvc.ProjectID(p.id)
			x.Start, x.End, x.Periods = d(p.start), d("2025-12-31"), nil
		})
	}
	byStart := []string{"prj-d", "prj-b", "prj-e", "prj-a", "prj-c"}
	byID := []string{"prj-a", "prj-b", "prj-c", "prj-d", "prj-e"}
	checkSorted(t, store.EntityProject, map[string][]string{
		"id": byID, "-id": reversed(byID), "start": byStart, "-start": reversed(byStart),
	}, projectIDs, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(t.Context(), store.ProjectFilter{ListOptions: o})
	})
}

func testSortExpenditure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	for _, e := range []struct{ id, date string }{
		{"exp-a", "2019-06-30"},
		{"exp-b", "2019-03-01"},
		{"exp-c", "2020-08-31"},
		{"exp-d", "2019-06-30"},
		{"exp-e", "2019-03-01"},
		{"exp-f", "2019-06-30"},
	} {
		x := socialsvc.Expenditure{ID: socialsvc.ExpenditureID(e.id), ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatTravel,
			Period: 2, Date: d(e.date), Amount: eur("10.00")}
		require.NoError(t, s.CreateExpenditure(t.Context(), &x))
	}
	byDate := []string{"exp-b", "exp-e", "exp-a", "exp-d", "exp-f", "exp-c"}
	byID := []string{"exp-a", "exp-b", "exp-c", "exp-d", "exp-e", "exp-f"}
	checkSorted(t, store.EntityExpenditure, map[string][]string{
		"id": byID, "-id": reversed(byID), "date": byDate, "-date": reversed(byDate),
	}, expIDs, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
		return s.ListExpenditure(t.Context(), store.ExpenditureFilter{ListOptions: o, ProjectID: p.ID})
	})
}

func testSortMeasurements(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	p := f.project()
	ind := f.indicator(p.ID)
	for _, m := range []struct {
		id     string
		period int
	}{{"msr-a", 2}, {"msr-b", 0}, {"msr-c", 1}, {"msr-d", 2}, {"msr-e", 1}, {"msr-f", 0}} {
		x := socialsvc.Measurement{ID: socialsvc.MeasurementID(m.id), IndicatorID: ind.ID, Period: m.period, Value: dec("3"),
			Source: socialsvc.SourceEntered, Evidence: "potpisne liste"}
		require.NoError(t, s.CreateMeasurement(t.Context(), &x))
	}
	byPeriod := []string{"msr-b", "msr-f", "msr-c", "msr-e", "msr-a", "msr-d"}
	byID := []string{"msr-a", "msr-b", "msr-c", "msr-d", "msr-e", "msr-f"}
	checkSorted(t, store.EntityMeasurement, map[string][]string{
		"id": byID, "-id": reversed(byID), "period": byPeriod, "-period": reversed(byPeriod),
	}, measurementIDs, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
		return s.ListMeasurements(t.Context(), store.MeasurementFilter{ListOptions: o, IndicatorID: ind.ID})
	})
}

// testSortDescendingEveryList pages through every list by "-id" with
// limit 2 and requires the IDs in descending byte order.
func testSortDescendingEveryList(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	want := map[string][]string{}
	add := func(list, id string) { want[list] = append(want[list], id) }
	p := f.project()
	add("projects", string(p.ID))
	org := f.org()
	add("organisations", string(org.ID))
	lead := f.partner(p.ID, socialsvc.RoleLead)
	add("partners", string(lead.ID))
	add("organisations", string(lead.OrgID))
	w0 := f.workPackage(p.ID)
	add("work packages", string(w0.ID))
	ind0 := f.indicator(p.ID)
	add("indicators", string(ind0.ID))
	ev0 := f.event(p.ID)
	add("events", string(ev0.ID))
	for i := range 4 {
		add("funds", string(f.fund().ID))
		ptn := f.partner(p.ID, socialsvc.RolePartner)
		add("partners", string(ptn.ID))
		add("organisations", string(ptn.OrgID))
		add("work packages", string(f.workPackage(p.ID).ID))
		add("activities", string(f.activity(w0).ID))
		ev := f.event(p.ID)
		add("events", string(ev.ID))
		add("indicators", string(f.indicator(p.ID).ID))
		add("measurements", string(f.measurement(ind0.ID, 1, strconv.Itoa(i)).ID))
		add("budget lines", string(f.budget(lead, socialsvc.CatTravel, 1, eur("1.00")).ID))
		add("expenditure", string(f.expenditure(lead, socialsvc.CatTravel, 1, "2019-01-10", eur("1.00")).ID))
		b := f.beneficiary(org.ID)
		add("beneficiaries", string(b.ID))
		a := f.attend(ev0.ID, b.ID)
		add("attendance", store.AttendanceKey(&a))
	}
	auditN := auditCount(t, s)
	for n := auditN; n >= 1; n-- {
		want["audit"] = append(want["audit"], strconv.Itoa(n))
	}
	check := func(name string, sizes []int, seen []string) {
		t.Helper()
		w := want[name]
		if name != "audit" {
			w = reversed(sorted(w))
		}
		assert.Equal(t, w, seen, name)
		assert.Equal(t, wantSizes(len(w), 2), sizes, name)
	}
	const desc = "-id"
	sizes, seen := sortedPages(t, desc, 2, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
	})
	check("organisations", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, func(x *socialsvc.Fund) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Fund], error) {
		return s.ListFunds(ctx, o)
	})
	check("funds", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, projectIDs, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
	})
	check("projects", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, partnerIDs, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return s.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("partners", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, func(x *socialsvc.WorkPackage) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.WorkPackage], error) {
		return s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("work packages", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, func(x *socialsvc.Activity) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Activity], error) {
		return s.ListActivities(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("activities", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("events", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, func(x *socialsvc.Indicator) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Indicator], error) {
		return s.ListIndicators(ctx, store.ProjectScope{ListOptions: o, ProjectID: p.ID})
	})
	check("indicators", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, measurementIDs, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
		return s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: o, IndicatorID: ind0.ID})
	})
	check("measurements", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, budgetIDs, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
		return s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("budget lines", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, expIDs, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
		return s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: o, ProjectID: p.ID})
	})
	check("expenditure", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, benIDs, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: o, OrgID: org.ID})
	})
	check("beneficiaries", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, store.AttendanceKey, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
		return s.ListAttendance(ctx, store.AttendanceFilter{ListOptions: o, EventID: ev0.ID})
	})
	check("attendance", sizes, seen)
	sizes, seen = sortedPages(t, desc, 2, func(e *store.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) }, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(ctx, store.AuditFilter{ListOptions: o})
	})
	check("audit", sizes, seen)
}

// testSortConcurrentInserts pages through events by start date, in both
// directions, while others are inserted concurrently and between pages,
// on the same days as existing events and on days between them: every
// event that existed before paging started is seen exactly once, no event
// twice, and what is seen is in order.
func testSortConcurrentInserts(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	day := func(i int) socialsvc.Date { return d("2019-01-01").AddDays(i) }
	before := map[string]bool{}
	for i := range 30 {
		// Two events a day on even days.
		e := f.event(p.ID, func(e *socialsvc.Event) {
			e.ID = socialsvc.EventID(fmt.Sprintf("evt_%02d", i))
			e.Start = day(2 * (i / 2))
		})
		before[string(e.ID)] = true
	}
	for _, sort := range []string{"start", "-start"} {
		t.Run(sort, func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			var insertErr error
			wg.Go(func() {
				for i := range 30 {
					e := newEvent(p.ID, 100+i)
					// Odd days fall between the existing ones, even days
					// tie with them and sort among them by ID.
					e.ID = socialsvc.EventID(fmt.Sprintf("evt_%s_%02d", sort, i))
					e.Start = day(i)
					if err := s.CreateEvent(ctx, &e); err != nil {
						mu.Lock()
						insertErr = err
						mu.Unlock()
						return
					}
				}
			})
			// Between pages: one event far behind the cursor (never
			// seen) and one far ahead.
			behind, ahead := d("2018-09-01"), d("2020-08-31")
			if sort == "-start" {
				behind, ahead = ahead, behind
			}
			seen := map[string]int{}
			var order []socialsvc.Event
			o := store.ListOptions{Limit: 7, Sort: sort}
			for page := 0; ; page++ {
				pg, err := s.ListEvents(ctx, store.EventFilter{ListOptions: o, ProjectID: p.ID})
				require.NoError(t, err)
				for _, x := range pg.Items {
					seen[string(x.ID)]++
				}
				order = append(order, pg.Items...)
				f.event(p.ID, func(e *socialsvc.Event) {
					e.ID = socialsvc.EventID(fmt.Sprintf("evt_behind_%s_%02d", sort, page))
					e.Start = behind
				})
				f.event(p.ID, func(e *socialsvc.Event) {
					e.ID = socialsvc.EventID(fmt.Sprintf("evt_ahead_%s_%02d", sort, page))
					e.Start = ahead
				})
				if pg.NextCursor == "" {
					break
				}
				o.Cursor = pg.NextCursor
				require.Less(t, page, 100, "pagination does not end")
			}
			wg.Wait()
			require.NoError(t, insertErr)
			for id := range before {
				assert.Equal(t, 1, seen[id], "event %s that existed before paging is seen once", id)
			}
			for id, n := range seen {
				assert.Equal(t, 1, n, "event %s is seen once", id)
				assert.NotContains(t, id, "evt_behind_"+sort+"_", "events inserted behind the cursor are not seen")
			}
			assert.True(t, slices.IsSortedFunc(order, func(a, b socialsvc.Event) int {
				c := cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
				if sort == "-start" {
					return -c
				}
				return c
			}), "the pages are in %s order", sort)
			assert.Contains(t, seen, fmt.Sprintf("evt_ahead_%s_00", sort), "an event inserted ahead of the cursor is seen")
		})
	}
}

// testSortCursorOfAnotherSort uses the cursor of one order with another:
// invalid with field "cursor", because its position means nothing there.
func testSortCursorOfAnotherSort(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	for i := range 3 {
		f.event(p.ID, func(e *socialsvc.Event) { e.Start = d("2019-03-01").AddDays(i) })
	}
	list := func(sort, cursor string) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ListOptions: store.ListOptions{Limit: 1, Sort: sort, Cursor: cursor}, ProjectID: p.ID})
	}
	cursors := map[string]string{}
	for _, sort := range store.SortKeys(store.EntityEvent) {
		pg, err := list(sort, "")
		require.NoError(t, err)
		require.NotEmpty(t, pg.NextCursor)
		cursors[sort] = pg.NextCursor
	}
	for made, c := range cursors {
		for _, used := range store.SortKeys(store.EntityEvent) {
			t.Run(made+" with "+used, func(t *testing.T) {
				pg, err := list(used, c)
				if made == used {
					require.NoError(t, err)
					assert.Len(t, pg.Items, 1)
					return
				}
				requireInvalid(t, err, "cursor")
			})
		}
	}
	// "" and "id" are the same order and share cursors.
	pg, err := list("", cursors["id"])
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)

	// The cursor of another list in another order is refused too.
	f.measurement(f.indicator(p.ID).ID, 1, "1")
	f.measurement(f.indicator(p.ID).ID, 2, "1")
	mp, err := s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: store.ListOptions{Limit: 1, Sort: "period"}, ProjectID: p.ID})
	require.NoError(t, err)
	require.NotEmpty(t, mp.NextCursor)
	_, err = list("start", mp.NextCursor)
	requireInvalid(t, err, "cursor")

	// A cursor of the right order with a value that is not a date.
	_, err = list("start", store.Cursor{Sort: "start", Value: "1", ID: "evt_x"}.Encode())
	requireInvalid(t, err, "cursor")
	_, err = list("start", store.Cursor{Sort: "start", Value: "", ID: "evt_x"}.Encode())
	requireInvalid(t, err, "cursor")
}

// testSortUnknownKey asks every list for orders it does not have: invalid
// with field "sort", the message naming the accepted values.
func testSortUnknownKey(t *testing.T, s store.Store) {
	ctx := t.Context()
	type call struct {
		entity string
		list   func(o store.ListOptions) error
	}
	calls := map[string]call{
		"organisations": {store.EntityOrganisation, func(o store.ListOptions) error {
			_, err := s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
			return err
		}},
		"funds": {store.EntityFund, func(o store.ListOptions) error { _, err := s.ListFunds(ctx, o); return err }},
		"projects": {store.EntityProject, func(o store.ListOptions) error {
			_, err := s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
			return err
		}},
		"partners": {store.EntityPartner, func(o store.ListOptions) error {
			_, err := s.ListPartners(ctx, store.PartnerFilter{ListOptions: o})
			return err
		}},
		"work packages": {store.EntityWorkPackage, func(o store.ListOptions) error {
			_, err := s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: o})
			return err
		}},
		"activities": {store.EntityActivity, func(o store.ListOptions) error {
			_, err := s.ListActivities(ctx, store.ProjectScope{ListOptions: o})
			return err
		}},
		"events": {store.EntityEvent, func(o store.ListOptions) error {
			_, err := s.ListEvents(ctx, store.EventFilter{ListOptions: o})
			return err
		}},
		"indicators": {store.EntityIndicator, func(o store.ListOptions) error {
			_, err := s.ListIndicators(ctx, store.ProjectScope{ListOptions: o})
			return err
		}},
		"measurements": {store.EntityMeasurement, func(o store.ListOptions) error {
			_, err := s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: o})
			return err
		}},
		"budget": {store.EntityBudgetLine, func(o store.ListOptions) error {
			_, err := s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: o})
			return err
		}},
		"expenditure": {store.EntityExpenditure, func(o store.ListOptions) error {
			_, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: o})
			return err
		}},
		"beneficiaries": {store.EntityBeneficiary, func(o store.ListOptions) error {
			_, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: o})
			return err
		}},
		"attendance": {store.EntityAttendance, func(o store.ListOptions) error {
			_, err := s.ListAttendance(ctx, store.AttendanceFilter{ListOptions: o})
			return err
		}},
		"audit": {"audit", func(o store.ListOptions) error {
			_, err := s.ListAudit(ctx, store.AuditFilter{ListOptions: o})
			return err
		}},
	}
	for name, c := range calls {
		t.Run(name, func(t *testing.T) {
			accepted := store.SortKeys(c.entity)
			for _, sort := range accepted {
				require.NoError(t, c.list(store.ListOptions{Sort: sort}), "sort %q is accepted", sort)
			}
			for _, sort := range []string{"title", "ID", "+id", "-", "--id", "id ", "start", "date", "period", "-start", "-date", "-period"} {
				if slices.Contains(accepted, sort) {
					continue
				}
				err := c.list(store.ListOptions{Sort: sort, Cursor: "not checked before the sort"})
				requireInvalid(t, err, "sort")
				var se *socialsvc.Error
				require.True(t, errors.As(err, &se))
				for _, a := range accepted {
					assert.Contains(t, se.Fields[0].Message, `"`+a+`"`, "the message names the accepted %q", a)
					assert.Contains(t, se.Fields[0].MessageHR, `"`+a+`"`)
				}
			}
		})
	}
}

// testSortBeneficiaries pages through beneficiaries newest ID first. It
// runs on combined stores too, whose beneficiaries may live in a store
// that pages by ID alone (store.ListOptions.After): such a store must
// refuse the order with field "sort" rather than ignore it.
func testSortBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org()
	var want []string
	for range 5 {
		want = append(want, string(f.beneficiary(org.ID).ID))
	}
	list := func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(t.Context(), store.BeneficiaryFilter{ListOptions: o, OrgID: org.ID})
	}
	_, err := list(store.ListOptions{Sort: "start"})
	requireInvalid(t, err, "sort")
	sizes, seen := sortedPages(t, "id", 2, benIDs, list)
	assert.Equal(t, sorted(want), seen)
	assert.Equal(t, []int{2, 2, 1}, sizes)

	if _, err := list(store.ListOptions{Sort: "-id", Limit: 2}); err != nil {
		requireInvalid(t, err, "sort")
		return
	}
	sizes, seen = sortedPages(t, "-id", 2, benIDs, list)
	assert.Equal(t, reversed(sorted(want)), seen)
	assert.Equal(t, []int{2, 2, 1}, sizes)
}
