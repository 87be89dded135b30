package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	"github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
	"github.com/zajednica/go-socialsvc/socialsvc/store/storetest"
)

// bases are the drivers the Combine tests put under a second, whole
// driver (a memory store) that serves beneficiaries only.
var bases = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"memory", func(t *testing.T) store.Store {
		s := memory.New()
		t.Cleanup(func() { _ = s.Close() })
		return s
	}},
	{"sqlite", func(t *testing.T) store.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "base.db"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}},
}

// TestCombineConformance runs the beneficiary subset of the suite on
// Combine(driver, memory store). The memory store that holds the
// beneficiaries has no organisations or projects: its rule checks read
// them from base.
func TestCombineConformance(t *testing.T) {
	for _, b := range bases {
		t.Run(b.name, func(t *testing.T) {
			storetest.RunBeneficiaries(t, func(t *testing.T) store.Store {
				return store.Combine(b.open(t), memory.New())
			})
		})
	}
}

// combinedFixture makes an organisation, a project and an event through c.
func combinedFixture(t *testing.T, c store.Store) (socialsvc.Organisation, socialsvc.Project, socialsvc.Event) {
	t.Helper()
	ctx := t.Context()
	org := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	require.NoError(t, c.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{Acronym: "Atelier", Title: socialsvc.I18n{"hr": "Socijalni atelier"}, Start: socialsvc.MustDate("2019-01-01"), End: socialsvc.MustDate("2021-12-31")}
	require.NoError(t, c.CreateProject(ctx, &p))
	e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventCommunity, Title: socialsvc.I18n{"hr": "Radionica"}, Start: socialsvc.MustDate("2019-03-01")}
	require.NoError(t, c.CreateEvent(ctx, &e))
	return org, p, e
}

func newBen(org socialsvc.OrgID) socialsvc.Beneficiary {
	return socialsvc.Beneficiary{OrgID: org, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
}

func benIDs(t *testing.T, s store.Beneficiaries) []socialsvc.BeneficiaryID {
	t.Helper()
	pg, err := s.ListBeneficiaries(t.Context(), store.BeneficiaryFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	ids := []socialsvc.BeneficiaryID{}
	for _, b := range pg.Items {
		ids = append(ids, b.ID)
	}
	return ids
}

func visitCount(t *testing.T, s store.Store) int {
	t.Helper()
	pg, err := s.ListAttendance(t.Context(), store.AttendanceFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	return len(pg.Items)
}

func orgCount(t *testing.T, s store.Store) int {
	t.Helper()
	pg, err := s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	return len(pg.Items)
}

// TestCombineSplitsData checks where each record goes: beneficiaries to
// own and nothing else, the rest to base.
func TestCombineSplitsData(t *testing.T) {
	for _, b := range bases {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			base, own := b.open(t), memory.New()
			c := store.Combine(base, own)
			org, p, e := combinedFixture(t, c)
			x := newBen(org.ID)
			x.ProjectID = p.ID
			require.NoError(t, c.CreateBeneficiary(ctx, &x))
			require.NoError(t, c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID}))

			assert.Equal(t, []socialsvc.BeneficiaryID{x.ID}, benIDs(t, own))
			assert.Equal(t, []socialsvc.BeneficiaryID{}, benIDs(t, base))
			assert.Equal(t, 0, orgCount(t, own), "own needs no organisations")
			assert.Equal(t, 1, orgCount(t, base))
			assert.Equal(t, 0, visitCount(t, own))
			assert.Equal(t, 1, visitCount(t, base))
		})
	}
}

var errBoom = errors.New("boom")

// TestCombineTxRollsBackBothSides: an error or a panic in WithTx leaves
// neither store changed; success commits both.
func TestCombineTxRollsBackBothSides(t *testing.T) {
	type outcome struct {
		bens, visits, orgs int
	}
	tests := []struct {
		name  string
		end   func() error // what fn does after its writes
		panic bool
		want  outcome
	}{
		{"error", func() error { return errBoom }, false, outcome{0, 0, 1}},
		{"panic", func() error { panic("boom") }, true, outcome{0, 0, 1}},
		{"success", func() error { return nil }, false, outcome{1, 1, 2}},
	}
	for _, b := range bases {
		for _, tc := range tests {
			t.Run(b.name+"/"+tc.name, func(t *testing.T) {
				ctx := t.Context()
				base, own := b.open(t), memory.New()
				c := store.Combine(base, own)
				org, _, e := combinedFixture(t, c)
				run := func() error {
					return c.WithTx(ctx, func(tx store.Store) error {
						x := newBen(org.ID)
						if err := tx.CreateBeneficiary(ctx, &x); err != nil {
							return err
						}
						if err := tx.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID}); err != nil {
							return err
						}
						o := socialsvc.Organisation{Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
						if err := tx.CreateOrganisation(ctx, &o); err != nil {
							return err
						}
						return tc.end()
					})
				}
				switch {
				case tc.panic:
					assert.PanicsWithValue(t, "boom", func() { _ = run() })
				case tc.want.bens == 0:
					assert.ErrorIs(t, run(), errBoom)
				default:
					assert.NoError(t, run())
				}
				assert.Equal(t, tc.want, outcome{len(benIDs(t, own)), visitCount(t, base), orgCount(t, base)})
			})
		}
	}
}

// beneficiariesOnly hides every method of a store but the Beneficiaries
// ones, as a custom store that has no transactions.
type beneficiariesOnly struct{ store.Beneficiaries }

// TestCombineOwnWithoutTx: the writes of an own without transactions are
// not undone by a rollback, as documented.
func TestCombineOwnWithoutTx(t *testing.T) {
	ctx := t.Context()
	base, own := memory.New(), memory.New()
	c := store.Combine(base, beneficiariesOnly{own})
	org, _, e := combinedFixture(t, c)
	var x socialsvc.Beneficiary
	err := c.WithTx(ctx, func(tx store.Store) error {
		x = newBen(org.ID)
		require.NoError(t, tx.CreateBeneficiary(ctx, &x))
		require.NoError(t, tx.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID}))
		return errBoom
	})
	assert.ErrorIs(t, err, errBoom, "fn's error comes back as it was")
	assert.Equal(t, []socialsvc.BeneficiaryID{x.ID}, benIDs(t, own), "own's write stays")
	assert.Equal(t, 0, visitCount(t, base), "base rolled back")
}

var errCommit = errors.New("disk I/O error at commit")

// commitFails is a base whose commit fails after fn succeeded: it rolls
// back and reports errCommit.
type commitFails struct{ *memory.Store }

func (s commitFails) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	return s.Store.WithTx(ctx, func(tx store.Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errCommit
	})
}

// retries is a base that runs fn again after its first commit failed, as
// the SQL drivers do on a busy database.
type retries struct {
	*memory.Store
	runs *int
}

func (s retries) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	count := func(tx store.Store) error { *s.runs++; return fn(tx) }
	err := s.Store.WithTx(ctx, func(tx store.Store) error {
		if err := count(tx); err != nil {
			return err
		}
		return errCommit
	})
	if !errors.Is(err, errCommit) {
		return err
	}
	return s.Store.WithTx(ctx, count)
}

// TestCombinePartialCommit: when base fails after own committed, WithTx
// says so with code internal, own's write stays, and a retrying base does
// not write own's part twice.
func TestCombinePartialCommit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		own      func(*memory.Store) store.Beneficiaries
		retry    bool
		wantRuns int
		wrapped  bool // the error wraps errCommit
	}{
		{"commit fails", func(s *memory.Store) store.Beneficiaries { return s }, false, 0, true},
		{"commit fails, own without tx", func(s *memory.Store) store.Beneficiaries { return beneficiariesOnly{s} }, false, 0, true},
		{"base retries", func(s *memory.Store) store.Beneficiaries { return s }, true, 1, false},
		{"base retries, own without tx", func(s *memory.Store) store.Beneficiaries { return beneficiariesOnly{s} }, true, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			mem, own := memory.New(), memory.New()
			runs := 0
			var base store.Store = commitFails{mem}
			if tc.retry {
				base = retries{mem, &runs}
			}
			org, _, e := combinedFixture(t, store.Combine(mem, own))
			c := store.Combine(base, tc.own(own))
			fnRuns := 0
			err := c.WithTx(ctx, func(tx store.Store) error {
				fnRuns++
				x := newBen(org.ID)
				if err := tx.CreateBeneficiary(ctx, &x); err != nil {
					return err
				}
				return tx.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID})
			})
			require.Error(t, err)
			assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(err))
			assert.Contains(t, err.Error(), "the beneficiary store committed its part of the transaction and the main store did not")
			assert.Equal(t, tc.wrapped, errors.Is(err, errCommit))
			assert.Equal(t, 1, fnRuns, "fn runs once")
			assert.Len(t, benIDs(t, own), 1, "own's write stays, once")
			assert.Equal(t, 0, visitCount(t, mem), "base's write is lost")
			if tc.retry {
				assert.Equal(t, 2, runs, "base tried twice; the second run was refused")
			}
		})
	}
}

// ownRetries is an own whose transaction runs fn again after the first
// run failed on a busy database.
type ownRetries struct{ *memory.Store }

var errBusy = errors.New("database is locked")

func (s ownRetries) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	err := s.Store.WithTx(ctx, func(tx store.Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errBusy
	})
	if !errors.Is(err, errBusy) {
		return err
	}
	return s.Store.WithTx(ctx, fn)
}

// TestCombineOwnRetryRefused: own may not run fn again, because base
// keeps what the first run wrote; the caller gets conflict and nothing is
// written.
func TestCombineOwnRetryRefused(t *testing.T) {
	ctx := t.Context()
	base, own := memory.New(), memory.New()
	org, _, e := combinedFixture(t, store.Combine(base, own))
	c := store.Combine(base, ownRetries{own})
	fnRuns := 0
	err := c.WithTx(ctx, func(tx store.Store) error {
		fnRuns++
		x := newBen(org.ID)
		if err := tx.CreateBeneficiary(ctx, &x); err != nil {
			return err
		}
		return tx.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID})
	})
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err))
	assert.Equal(t, 1, fnRuns)
	assert.Equal(t, []socialsvc.BeneficiaryID{}, benIDs(t, own))
	assert.Equal(t, 0, visitCount(t, base))
}

// TestCombineLockOrder runs every kind of call that crosses the two stores
// at once. With the two stores locked in different orders by different
// calls this deadlocks; the test fails after a minute instead of hanging.
func TestCombineLockOrder(t *testing.T) {
	for _, b := range bases {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			c := store.Combine(b.open(t), memory.New())
			org, p, e := combinedFixture(t, c)
			const workers, rounds = 8, 20
			errs := make(chan error, workers)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					errs <- crossWrites(ctx, c, org, p, e, w, rounds)
				})
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(time.Minute):
				t.Fatal("the combined store deadlocked")
			}
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			assert.Len(t, benIDs(t, c), workers*rounds)
			counts, err := store.CountAttendance(ctx, c, store.AttendanceFilter{})
			require.NoError(t, err)
			assert.Equal(t, store.AttendanceCounts{Visits: workers * rounds, Individuals: workers * rounds}, counts)
		})
	}
}

// crossWrites is one worker of TestCombineLockOrder: beneficiary writes
// (own, checked against base), attendance (base, checked against own),
// erasure, a refused delete of the organisation and a transaction with
// both.
func crossWrites(ctx context.Context, c store.Store, org socialsvc.Organisation, p socialsvc.Project, e socialsvc.Event, w, rounds int) error {
	for i := range rounds {
		x := newBen(org.ID)
		x.ProjectID = p.ID
		if err := c.CreateBeneficiary(ctx, &x); err != nil {
			return err
		}
		if err := c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: x.ID}); err != nil {
			return err
		}
		x.Reference = fmt.Sprintf("W%d-%d", w, i)
		if err := c.UpdateBeneficiary(ctx, &x); err != nil {
			return err
		}
		if i%2 == 0 {
			if err := c.EraseBeneficiary(ctx, x.ID); err != nil {
				return err
			}
		}
		if err := c.DeleteOrganisation(ctx, org.ID, org.Version); socialsvc.ErrorCode(err) != socialsvc.Conflict {
			return fmt.Errorf("delete of an organisation with beneficiaries: %v", err)
		}
		err := c.WithTx(ctx, func(tx store.Store) error {
			y := newBen(org.ID)
			if err := tx.CreateBeneficiary(ctx, &y); err != nil {
				return err
			}
			return tx.DeleteBeneficiary(ctx, y.ID, y.Version)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// TestCombineSameStore: combining a store with itself is the store.
func TestCombineSameStore(t *testing.T) {
	s := memory.New()
	assert.Same(t, s, store.Combine(s, s))
	other := memory.New()
	assert.NotSame(t, s, store.Combine(s, other))
}

// TestCombineAggregator: sums and counts are base's, through the
// Aggregator capability of the combined store.
func TestCombineAggregator(t *testing.T) {
	ctx := t.Context()
	c := store.Combine(memory.New(), memory.New())
	org, p, e := combinedFixture(t, c)
	e2 := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"hr": "Druga radionica"}, Start: socialsvc.MustDate("2019-04-01")}
	require.NoError(t, c.CreateEvent(ctx, &e2))
	x := newBen(org.ID)
	require.NoError(t, c.CreateBeneficiary(ctx, &x))
	for _, ev := range []socialsvc.EventID{e.ID, e2.ID} {
		require.NoError(t, c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: ev, BeneficiaryID: x.ID}))
	}
	a, ok := c.(store.Aggregator)
	require.True(t, ok)
	counts, err := a.CountAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 2, Individuals: 1}, counts)
	sums, err := a.SumBudget(ctx, store.BudgetFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Empty(t, sums)
}
