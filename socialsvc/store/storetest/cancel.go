package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func cancellationTests() []test {
	return []test{
		{name: "CancelledContext", fn: testCancelled},
		{name: "CancelledContextBeneficiaries", fn: testCancelledBeneficiaries, ben: true},
		{name: "CancelInsideTransaction", fn: testCancelInsideTx},
		{name: "DeadlineExceeded", fn: testDeadline},
	}
}

func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}

func requireCanceled(t *testing.T, err error, what string) {
	t.Helper()
	require.Error(t, err, what)
	assert.Truef(t, errors.Is(err, context.Canceled), "%s: want context.Canceled in the chain, got %v", what, err)
}

// firstErr returns the first error a sequence yields.
func firstErr[T any](seq func(yield func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func testCancelled(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	live := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	e := f.event(p.ID)
	before := take(t, s, p.ID)
	ctx := cancelled(t)

	calls := map[string]func() error{
		"CreateOrganisation": func() error { o := newOrg(1); return s.CreateOrganisation(ctx, &o) },
		"CreateFund":         func() error { x := newFund(); return s.CreateFund(ctx, &x) },
		"CreateProject":      func() error { x := newProject(1); return s.CreateProject(ctx, &x) },
		"UpdateProject":      func() error { x := p; x.Acronym = "X"; return s.UpdateProject(ctx, &x) },
		"DeleteEvent":        func() error { return s.DeleteEvent(ctx, e.ID, e.Version) },
		"CreateEvent":        func() error { x := newEvent(p.ID, 1); return s.CreateEvent(ctx, &x) },
		"CreateBudgetLine": func() error {
			x := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Amount: eur("1.00")}
			return s.CreateBudgetLine(ctx, &x)
		},
		"CreateExpenditure": func() error {
			x := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("1.00")}
			return s.CreateExpenditure(ctx, &x)
		},
		"PutRate": func() error {
			return s.PutRate(ctx, socialsvc.Rate{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("7.40"), Source: "InforEuro"})
		},
		"GetProject":        func() error { _, err := s.GetProject(ctx, p.ID); return err },
		"GetPartner":        func() error { _, err := s.GetPartner(ctx, lead.ID); return err },
		"ListProjects":      func() error { _, err := s.ListProjects(ctx, store.ProjectFilter{}); return err },
		"ListOrganisations": func() error { _, err := s.ListOrganisations(ctx, store.OrgFilter{}); return err },
		"ListAudit":         func() error { _, err := s.ListAudit(ctx, store.AuditFilter{}); return err },
		"RateTable":         func() error { _, err := s.RateTable(ctx); return err },
		"ScanBudgetLines":   func() error { return firstErr(s.ScanBudgetLines(ctx, store.BudgetFilter{})) },
		"ScanExpenditure":   func() error { return firstErr(s.ScanExpenditure(ctx, store.ExpenditureFilter{})) },
		"SumExpenditure":    func() error { _, err := store.SumExpenditure(ctx, s, store.ExpenditureFilter{}); return err },
		"SumBudget":         func() error { _, err := store.SumBudget(ctx, s, store.BudgetFilter{}); return err },
		"Ping":              func() error { return s.Ping(ctx) },
		"WithTx": func() error {
			return s.WithTx(ctx, func(tx store.Store) error {
				o := newOrg(2)
				return tx.CreateOrganisation(ctx, &o)
			})
		},
		"ImportExpenditure": func() error {
			rows := []socialsvc.Expenditure{{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("1.00")}}
			_, err := store.ImportExpenditure(ctx, s, slices.Values(rows))
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { requireCanceled(t, call(), name) })
	}
	after := take(t, s, p.ID)
	same(t, before, after, "a cancelled context writes nothing")
	require.NoError(t, s.Ping(live), "the store works with a live context")
}

func testCancelledBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org()
	p := f.project()
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	ctx := cancelled(t)
	calls := map[string]func() error{
		"CreateBeneficiary": func() error { x := newBeneficiary(org.ID); return s.CreateBeneficiary(ctx, &x) },
		"UpdateBeneficiary": func() error { x := b; x.Gender = socialsvc.GenderFemale; return s.UpdateBeneficiary(ctx, &x) },
		"EraseBeneficiary":  func() error { return s.EraseBeneficiary(ctx, b.ID) },
		"DeleteBeneficiary": func() error { return s.DeleteBeneficiary(ctx, b.ID, b.Version) },
		"GetBeneficiary":    func() error { _, err := s.GetBeneficiary(ctx, b.ID); return err },
		"ListBeneficiaries": func() error { _, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{}); return err },
		"ScanBeneficiaries": func() error { return firstErr(s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{})) },
		"CreateAttendance": func() error {
			return s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID})
		},
		"ListAttendance":  func() error { _, err := s.ListAttendance(ctx, store.AttendanceFilter{}); return err },
		"ScanAttendance":  func() error { return firstErr(s.ScanAttendance(ctx, store.AttendanceFilter{})) },
		"CountAttendance": func() error { _, err := store.CountAttendance(ctx, s, store.AttendanceFilter{}); return err },
		"ImportAttendance": func() error {
			_, err := store.ImportAttendance(ctx, s, slices.Values([]socialsvc.Attendance{{EventID: e.ID, BeneficiaryID: b.ID}}))
			return err
		},
		"ImportBeneficiaries": func() error {
			_, err := store.ImportBeneficiaries(ctx, s, slices.Values([]socialsvc.Beneficiary{newBeneficiary(org.ID)}))
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { requireCanceled(t, call(), name) })
	}
	live := t.Context()
	got, err := s.GetBeneficiary(live, b.ID)
	require.NoError(t, err)
	same(t, b, got, "a cancelled context writes nothing")
	assert.Equal(t, 1, benCount(t, s))
	assert.Equal(t, int64(0), visits(t, s))
}

func testCancelInsideTx(t *testing.T, s store.Store) {
	live := t.Context()
	before := auditCount(t, s)
	ctx, cancel := context.WithCancel(live)
	defer cancel()
	err := s.WithTx(ctx, func(tx store.Store) error {
		o := newOrg(1)
		if err := tx.CreateOrganisation(ctx, &o); err != nil {
			return err
		}
		cancel()
		o2 := newOrg(2)
		return tx.CreateOrganisation(ctx, &o2)
	})
	requireCanceled(t, err, "a write after cancel inside the transaction")
	pg, err := s.ListOrganisations(live, store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items, "the transaction was rolled back")
	assert.Equal(t, before, auditCount(t, s))
}

func testDeadline(t *testing.T, s store.Store) {
	ctx, cancel := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancel()
	o := newOrg(1)
	err := s.CreateOrganisation(ctx, &o)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	_, err = s.GetOrganisation(ctx, "org_x")
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	pg, err := s.ListOrganisations(t.Context(), store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
}
