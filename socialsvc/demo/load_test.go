package demo_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

func TestLoadSeed(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	ds := demo.Seed()
	// A dataset may carry people who asked to be erased: Load creates them,
	// records their attendance, then erases them, so they still count.
	var gone socialsvc.BeneficiaryID
	for i, b := range ds.Beneficiaries {
		if b.OrgID != "" && b.Gender != "" {
			ds.Beneficiaries[i].Erased = true
			gone = b.ID
			break
		}
	}
	require.NotEmpty(t, gone)
	require.NoError(t, demo.Load(ctx, s, ds))

	// Every project reaches the status the seed gives it, through the
	// lifecycle.
	for _, want := range demo.Seed().Projects {
		got, err := s.GetProject(ctx, want.ID)
		require.NoError(t, err, want.ID)
		assert.Equal(t, want.Status, got.Status, want.ID)
	}

	counts, err := s.CountAttendance(ctx, store.AttendanceFilter{ProjectID: demo.ProjectSocialAtelier})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 4563, Individuals: 742}, counts)

	got, err := s.GetBeneficiary(ctx, gone)
	require.NoError(t, err)
	assert.True(t, got.Erased)
	assert.Empty(t, got.Gender, "erasure removes the personal attributes")
}

func TestLoadIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	ds := demo.Seed()
	// The last expenditure line names a partner that does not exist: the
	// load fails at its very end and must leave nothing behind.
	ds.Expenditure[len(ds.Expenditure)-1].PartnerID = "no-such-partner"
	err := demo.Load(ctx, s, ds)
	require.Error(t, err)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), err.Error())

	orgs, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Empty(t, orgs.Items)
	prjs, err := s.ListProjects(ctx, store.ProjectFilter{})
	require.NoError(t, err)
	assert.Empty(t, prjs.Items)
}
