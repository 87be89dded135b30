package memory_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	"github.com/zajednica/go-socialsvc/socialsvc/store/storetest"
)

func open(t *testing.T) store.Store {
	s := memory.New()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, open)
}

// TestCombine runs the beneficiary subset of the suite on a memory store
// whose beneficiaries live in a second memory store. The second store holds
// nothing else: its rule checks read organisations and projects from the
// first through store.View.
func TestCombine(t *testing.T) {
	storetest.RunBeneficiaries(t, func(t *testing.T) store.Store {
		base, own := memory.New(), memory.New()
		t.Cleanup(func() { _ = base.Close(); _ = own.Close() })
		return store.Combine(base, own)
	})
}

func TestOpenByURL(t *testing.T) {
	ctx := t.Context()
	s, err := store.Open(ctx, "memory://")
	require.NoError(t, err)
	require.IsType(t, &memory.Store{}, s)
	o := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &o))

	// Every Open is a new, empty store.
	s2, err := store.Open(ctx, "memory://")
	require.NoError(t, err)
	pg, err := s2.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
	assert.Contains(t, store.Schemes(), "memory")
}

func TestClosed(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	require.NoError(t, s.Ping(ctx))
	require.NoError(t, s.Close())
	requireInternal(t, s.Ping(ctx))
	o := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	requireInternal(t, s.CreateOrganisation(ctx, &o))
	_, err := s.ListOrganisations(ctx, store.OrgFilter{})
	requireInternal(t, err)
}

func requireInternal(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(err))
}

// TestTxAfterItsFunction checks that a transaction's Store kept past its
// function fails instead of touching data without the lock.
func TestTxAfterItsFunction(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	var kept store.Store
	require.NoError(t, s.WithTx(ctx, func(tx store.Store) error {
		kept = tx
		return nil
	}))
	o := socialsvc.Organisation{Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	requireInternal(t, kept.CreateOrganisation(ctx, &o))
	_, err := kept.GetOrganisation(ctx, "org_x")
	requireInternal(t, err)
	requireInternal(t, kept.WithTx(ctx, func(store.Store) error { return nil }))
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
}

// TestAggregatorNotBulkImporter documents the capabilities: imports go
// through the store package's generic path.
func TestAggregatorNotBulkImporter(t *testing.T) {
	var s store.Store = memory.New()
	_, agg := s.(store.Aggregator)
	_, bulk := s.(store.BulkImporter)
	assert.True(t, agg)
	assert.False(t, bulk)
}

func BenchmarkCreateAttendance(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	org := socialsvc.Organisation{Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	require.NoError(b, s.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{Acronym: "B", Title: socialsvc.I18n{"en": "Bench"}, Start: socialsvc.MustDate("2022-10-01"), End: socialsvc.MustDate("2023-12-31")}
	require.NoError(b, s.CreateProject(ctx, &p))
	e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"en": "W"}, Start: socialsvc.MustDate("2023-01-10")}
	require.NoError(b, s.CreateEvent(ctx, &e))
	ids := make([]socialsvc.BeneficiaryID, b.N)
	for i := range ids {
		x := socialsvc.Beneficiary{OrgID: org.ID, LegalBasis: socialsvc.BasisConsent, RetainUntil: socialsvc.MustDate("2030-12-31")}
		require.NoError(b, s.CreateBeneficiary(ctx, &x))
		ids[i] = x.ID
	}
	b.ResetTimer()
	for i := range b.N {
		if err := s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: ids[i]}); err != nil {
			b.Fatal(err)
		}
	}
}
