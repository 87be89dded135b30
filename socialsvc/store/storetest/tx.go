package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func txTests() []test {
	return []test{
		{name: "ErrorRollsBackEverything", fn: testTxError},
		{name: "PanicRollsBackAndRepanics", fn: testTxPanic},
		{name: "Nested", fn: testTxNested},
		{name: "NestedErrorRollsBackOuter", fn: testTxNestedError},
		{name: "CommitIsVisible", fn: testTxCommit},
	}
}

var errRollback = errors.New("storetest: roll back")

// snapshot is what the rollback tests compare before and after.
type snapshot struct {
	orgs, projects, partners, events, bens, attendance, budget, exp, inds, msrs, wps, acts, funds []string
	audit, rates                                                                                  int
	project                                                                                       socialsvc.Project
}

func take(t *testing.T, s store.Store, project socialsvc.ProjectID) snapshot {
	t.Helper()
	ctx := t.Context()
	var sn snapshot
	sn.orgs = listAll(t, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
	})
	sn.projects = listAll(t, projectIDs, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
	})
	sn.partners = listAll(t, partnerIDs, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return s.ListPartners(ctx, store.PartnerFilter{ListOptions: o})
	})
	sn.events = listAll(t, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ListOptions: o})
	})
	sn.bens = listAll(t, benIDs, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: o})
	})
	sn.attendance = listAll(t, store.AttendanceKey, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
		return s.ListAttendance(ctx, store.AttendanceFilter{ListOptions: o})
	})
	sn.budget = listAll(t, budgetIDs, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
		return s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: o})
	})
	sn.exp = listAll(t, expIDs, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
		return s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: o})
	})
	sn.inds = listAll(t, func(x *socialsvc.Indicator) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Indicator], error) {
		return s.ListIndicators(ctx, store.ProjectScope{ListOptions: o})
	})
	sn.msrs = listAll(t, measurementIDs, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
		return s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: o})
	})
	sn.wps = listAll(t, func(x *socialsvc.WorkPackage) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.WorkPackage], error) {
		return s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: o})
	})
	sn.acts = listAll(t, func(x *socialsvc.Activity) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Activity], error) {
		return s.ListActivities(ctx, store.ProjectScope{ListOptions: o})
	})
	sn.funds = listAll(t, func(x *socialsvc.Fund) string { return string(x.ID) }, func(o store.ListOptions) (store.Page[socialsvc.Fund], error) {
		return s.ListFunds(ctx, o)
	})
	sn.audit = auditCount(t, s)
	rt, err := s.RateTable(ctx)
	require.NoError(t, err)
	sn.rates = rt.Len()
	if project != "" {
		sn.project, err = s.GetProject(ctx, project)
		require.NoError(t, err)
	}
	return sn
}

// writeEverything makes writes of every kind through tx, checking that
// tx reads its own writes, and changes and deletes records that existed
// before.
func writeEverything(t *testing.T, tx store.Store, pre socialsvc.Project, preOrg socialsvc.Organisation) {
	t.Helper()
	f := newFixture(t, tx)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	got, err := tx.GetProject(ctx, p.ID)
	require.NoError(t, err, "a transaction reads its own writes")
	assert.Equal(t, p.Acronym, got.Acronym)
	fu := f.fund()
	lead := f.partner(p.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) {
		x.OrgID, x.Funding = org.ID, []socialsvc.CoFinancing{{FundID: fu.ID, RatePercent: dec("85")}}
	})
	w := f.workPackage(p.ID)
	a := f.activity(w)
	e := f.event(p.ID, func(e *socialsvc.Event) { e.ActivityID = a.ID })
	b := f.beneficiary(org.ID)
	f.attend(e.ID, b.ID)
	f.budget(lead, socialsvc.CatStaff, 1, eur("1000.00"))
	f.expenditure(lead, socialsvc.CatStaff, 1, "2019-01-10", eur("10.00"))
	i := f.indicator(p.ID)
	f.measurement(i.ID, 1, "12.5")
	require.NoError(t, tx.PutRate(ctx, socialsvc.Rate{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("7.40"), Source: "InforEuro"}))
	require.NoError(t, tx.EraseBeneficiary(ctx, b.ID))

	n := 0
	for _, err := range tx.ScanBudgetLines(ctx, store.BudgetFilter{ProjectID: p.ID}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n, "scans inside a transaction see its writes")

	pre.Acronym = "CHANGED"
	require.NoError(t, tx.UpdateProject(ctx, &pre))
	require.NoError(t, tx.DeleteOrganisation(ctx, preOrg.ID, preOrg.Version))
}

func txSetup(t *testing.T, s store.Store) (socialsvc.Project, socialsvc.Organisation, snapshot) {
	f := newFixture(t, s)
	pre := f.project(func(p *socialsvc.Project) { p.Acronym = "BEFORE" })
	preOrg := f.org()
	return pre, preOrg, take(t, s, pre.ID)
}

func testTxError(t *testing.T, s store.Store) {
	pre, preOrg, before := txSetup(t, s)
	err := s.WithTx(t.Context(), func(tx store.Store) error {
		writeEverything(t, tx, pre, preOrg)
		return fmt.Errorf("after many writes: %w", errRollback)
	})
	require.ErrorIs(t, err, errRollback, "WithTx returns fn's error")
	after := take(t, s, pre.ID)
	same(t, before, after, "nothing of the transaction is visible")
	assert.Equal(t, "BEFORE", after.project.Acronym)
	assert.Equal(t, int64(1), after.project.Version)
}

func testTxPanic(t *testing.T, s store.Store) {
	pre, preOrg, before := txSetup(t, s)
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_ = s.WithTx(t.Context(), func(tx store.Store) error {
			writeEverything(t, tx, pre, preOrg)
			panic("storetest: boom")
		})
	}()
	assert.Equal(t, "storetest: boom", recovered, "the panic is re-raised to the caller")
	after := take(t, s, pre.ID)
	same(t, before, after, "nothing of the transaction is visible")

	// The store still works after the panic.
	f := newFixture(t, s)
	f.org()
}

func testTxNested(t *testing.T, s store.Store) {
	ctx := t.Context()
	var outerOrg, innerOrg socialsvc.Organisation
	err := s.WithTx(ctx, func(tx store.Store) error {
		outerOrg = newOrg(1)
		if err := tx.CreateOrganisation(ctx, &outerOrg); err != nil {
			return err
		}
		return tx.WithTx(ctx, func(inner store.Store) error {
			// The inner transaction sees the outer's writes.
			if _, err := inner.GetOrganisation(ctx, outerOrg.ID); err != nil {
				return err
			}
			innerOrg = newOrg(2)
			return inner.CreateOrganisation(ctx, &innerOrg)
		})
	})
	require.NoError(t, err)
	for _, id := range []socialsvc.OrgID{outerOrg.ID, innerOrg.ID} {
		_, err := s.GetOrganisation(ctx, id)
		require.NoError(t, err)
	}
}

func testTxNestedError(t *testing.T, s store.Store) {
	ctx := t.Context()
	before := auditCount(t, s)
	var outerOrg socialsvc.Organisation
	err := s.WithTx(ctx, func(tx store.Store) error {
		outerOrg = newOrg(1)
		if err := tx.CreateOrganisation(ctx, &outerOrg); err != nil {
			return err
		}
		return tx.WithTx(ctx, func(inner store.Store) error {
			o := newOrg(2)
			if err := inner.CreateOrganisation(ctx, &o); err != nil {
				return err
			}
			return errRollback
		})
	})
	require.ErrorIs(t, err, errRollback)
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items, "the inner error rolled back the outer writes too")
	assert.Equal(t, before, auditCount(t, s))
}

func testTxCommit(t *testing.T, s store.Store) {
	ctx := t.Context()
	pre, preOrg, before := txSetup(t, s)
	err := s.WithTx(ctx, func(tx store.Store) error {
		writeEverything(t, tx, pre, preOrg)
		return nil
	})
	require.NoError(t, err)
	after := take(t, s, pre.ID)
	assert.Equal(t, "CHANGED", after.project.Acronym)
	assert.Equal(t, int64(2), after.project.Version)
	assert.Len(t, after.projects, 2)
	assert.Len(t, after.orgs, 1, "one created, one deleted")
	assert.NotContains(t, after.orgs, string(preOrg.ID))
	assert.Len(t, after.partners, 1)
	assert.Len(t, after.events, 1)
	assert.Len(t, after.bens, 1)
	assert.Len(t, after.attendance, 1)
	assert.Len(t, after.budget, 1)
	assert.Len(t, after.exp, 1)
	assert.Len(t, after.inds, 1)
	assert.Len(t, after.msrs, 1)
	assert.Len(t, after.wps, 1)
	assert.Len(t, after.acts, 1)
	assert.Len(t, after.funds, 1)
	assert.Equal(t, 1, after.rates)
	// 14 creates, an erase, an update and a delete.
	assert.Equal(t, before.audit+17, after.audit, "every write of the transaction is audited")
	b, err := s.GetBeneficiary(ctx, socialsvc.BeneficiaryID(after.bens[0]))
	require.NoError(t, err)
	assert.True(t, b.Erased)
}

func concurrencyTests() []test {
	return []test{
		{name: "OneOfManyUpdatesWins", fn: testConcurrentUpdates},
		{name: "ConcurrentDuplicateTaxID", fn: testConcurrentTaxID},
		{name: "ConcurrentDuplicateAttendance", fn: testConcurrentAttendance, ben: true},
		{name: "ConcurrentCreates", fn: testConcurrentCreates},
	}
}

// race runs fn(i) for i in [0, n) on n goroutines released together and
// returns their errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// oneWinner asserts that exactly one error is nil and the others are
// conflicts, and returns the winner's index.
func oneWinner(t *testing.T, errs []error) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "more than one writer succeeded")
			winner = i
			continue
		}
		requireCode(t, err, socialsvc.Conflict, "writer %d", i)
	}
	require.NotEqual(t, -1, winner, "no writer succeeded")
	return winner
}

func testConcurrentUpdates(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	const n = 16
	errs := race(n, func(i int) error {
		q := p // version 1 for everyone
		q.Acronym = fmt.Sprintf("W%02d", i)
		q.TargetGroups = []socialsvc.TargetGroup{socialsvc.TargetGroup(fmt.Sprintf("group_%02d", i))}
		return s.UpdateProject(ctx, &q)
	})
	w := oneWinner(t, errs)
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, fmt.Sprintf("W%02d", w), got.Acronym, "the winner's change is stored")
	assert.Equal(t, []socialsvc.TargetGroup{socialsvc.TargetGroup(fmt.Sprintf("group_%02d", w))}, got.TargetGroups)
	entries, err := s.ListAudit(ctx, store.AuditFilter{Entity: store.EntityProject, EntityID: string(p.ID)})
	require.NoError(t, err)
	assert.Len(t, entries.Items, 2, "one create and one update")
}

func testConcurrentTaxID(t *testing.T, s store.Store) {
	ctx := t.Context()
	id := oib("6983076385")
	errs := race(8, func(i int) error {
		o := newOrg(i)
		o.TaxID = id
		return s.CreateOrganisation(ctx, &o)
	})
	oneWinner(t, errs)
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)
}

func testConcurrentAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	e := f.event(f.project().ID)
	b := f.beneficiary(f.org().ID)
	errs := race(8, func(int) error {
		return s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID})
	})
	oneWinner(t, errs)
	c, err := store.CountAttendance(ctx, s, store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 1, Individuals: 1}, c)
}

func testConcurrentCreates(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := newFixture(t, s)
	p := f.project()
	errs := race(8, func(i int) error {
		o := newOrg(i)
		if err := s.CreateOrganisation(ctx, &o); err != nil {
			return err
		}
		e := newEvent(p.ID, i)
		return s.CreateEvent(ctx, &e)
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 8, count(t, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
	}))
	assert.Equal(t, 8, count(t, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ListOptions: o})
	}))
	// Audit sequence numbers stay unique and increasing under concurrency.
	entries := all(t, 100, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(ctx, store.AuditFilter{ListOptions: o})
	})
	assert.Len(t, entries, 1+16, "a project and 16 creates")
	for i := 1; i < len(entries); i++ {
		assert.Less(t, entries[i-1].Seq, entries[i].Seq)
	}
}
