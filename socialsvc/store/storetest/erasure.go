package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func erasureTests() []test {
	return []test{
		{name: "KeepsCountsClearsAttributes", fn: testErasure, ben: true},
	}
}

func testErasure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	events := []socialsvc.Event{f.event(p.ID), f.event(p.ID), f.event(p.ID)}
	b := f.beneficiary(org.ID, func(b *socialsvc.Beneficiary) {
		b.ProjectID, b.Reference, b.Household = p.ID, "KZ-2019/042", true
		b.Gender, b.BirthYear, b.Region = socialsvc.GenderFemale, 1957, "HR025"
		b.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGRoma, socialsvc.TGElderly}
		b.LegalBasis, b.ConsentDate = socialsvc.BasisConsent, d("2019-03-01")
	})
	other := f.beneficiary(org.ID, func(b *socialsvc.Beneficiary) { b.Gender = socialsvc.GenderMale })
	for _, e := range events {
		f.attend(e.ID, b.ID)
	}
	f.attend(events[0].ID, other.ID)

	countsBefore, err := store.CountAttendance(ctx, s, store.AttendanceFilter{ProjectID: p.ID})
	require.NoError(t, err)
	require.Equal(t, store.AttendanceCounts{Visits: 4, Individuals: 2}, countsBefore)

	start := time.Now().Add(-time.Minute)
	require.NoError(t, s.EraseBeneficiary(ctx, b.ID))

	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	assert.True(t, got.Erased)
	assert.True(t, got.ErasedAt.After(start), "ErasedAt is set: %v", got.ErasedAt)
	assert.Equal(t, int64(2), got.Version, "erasure is a write: version 2")
	// Identity and the fact of processing stay; every attribute goes.
	assert.Equal(t, b.ID, got.ID)
	assert.Equal(t, org.ID, got.OrgID)
	assert.Equal(t, p.ID, got.ProjectID)
	assert.Equal(t, socialsvc.BasisConsent, got.LegalBasis)
	assert.Empty(t, got.Reference)
	assert.False(t, got.Household)
	assert.Empty(t, got.Gender)
	assert.Zero(t, got.BirthYear)
	assert.Empty(t, got.AgeBand)
	assert.Empty(t, got.Region)
	assert.Empty(t, got.TargetGroups)
	assert.True(t, got.ConsentDate.IsZero())
	assert.True(t, got.RetainUntil.IsZero())
	assert.True(t, got.CreatedAt.Equal(b.CreatedAt))

	// The same through lists and scans.
	pg, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: org.ID})
	require.NoError(t, err)
	for _, x := range pg.Items {
		if x.ID == b.ID {
			same(t, got, x)
		}
	}
	for x, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p.ID}) {
		require.NoError(t, err)
		same(t, got, x)
	}

	// The other person is untouched.
	o, err := s.GetBeneficiary(ctx, other.ID)
	require.NoError(t, err)
	same(t, other, o)

	// Attendance and counts are intact.
	att, err := s.ListAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID})
	require.NoError(t, err)
	assert.Len(t, att.Items, 3)
	countsAfter, err := store.CountAttendance(ctx, s, store.AttendanceFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Equal(t, countsBefore, countsAfter)
	if a, ok := s.(store.Aggregator); ok {
		c, err := a.CountAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID})
		require.NoError(t, err)
		assert.Equal(t, store.AttendanceCounts{Visits: 3, Individuals: 1}, c)
	}

	// An erased person cannot be changed again.
	upd := got
	upd.Gender = socialsvc.GenderFemale
	upd.RetainUntil = d("2031-01-01")
	requireCode(t, s.UpdateBeneficiary(ctx, &upd), socialsvc.Conflict)
	again, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, got, again)

	// No new attendance for an erased person.
	e4 := f.event(p.ID)
	requireInvalid(t, s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e4.ID, BeneficiaryID: b.ID}), "beneficiary_id")
	att, err = s.ListAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID})
	require.NoError(t, err)
	assert.Len(t, att.Items, 3)

	// A person with attendance is erased, not deleted.
	requireCode(t, s.DeleteBeneficiary(ctx, b.ID, got.Version), socialsvc.Conflict)
}
