package memory_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// TestSeed loads the seed projects in one transaction and checks that the
// store computes what the Dataset computed on its own: the flat-rate
// lines, each expenditure's conversion, and visits and individuals.
func TestSeed(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	ds := demo.Seed()
	require.NoError(t, demo.Load(ctx, s, ds)) // one transaction

	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
	}
	want := map[key]socialsvc.Money{}
	for _, l := range demo.Seed().BudgetLines {
		if l.Computed {
			want[key{l.PartnerID, l.Category, l.Period}] = l.Amount
		}
	}
	got := map[key]socialsvc.Money{}
	for l, err := range s.ScanBudgetLines(ctx, store.BudgetFilter{}) {
		require.NoError(t, err)
		if l.Computed {
			got[key{l.PartnerID, l.Category, l.Period}] = l.Amount
		}
	}
	require.NotEmpty(t, want, "the seed has flat-rate lines")
	assert.Equal(t, want, got, "the store's flat-rate lines are the Dataset's")

	for _, e := range demo.Seed().Expenditure {
		stored, err := s.GetExpenditure(ctx, e.ID)
		require.NoError(t, err)
		assert.Equal(t, e.Converted, stored.Converted, "expenditure %s", e.ID)
	}

	total := int64(0)
	for _, p := range ds.Projects {
		wantVisits, wantPeople := int64(0), map[socialsvc.BeneficiaryID]bool{}
		for _, a := range ds.Attendance {
			if a.ProjectID == p.ID {
				wantVisits++
				wantPeople[a.BeneficiaryID] = true
			}
		}
		c, err := store.CountAttendance(ctx, s, store.AttendanceFilter{ProjectID: p.ID})
		require.NoError(t, err)
		assert.Equal(t, store.AttendanceCounts{Visits: wantVisits, Individuals: int64(len(wantPeople))}, c, "project %s", p.ID)
		total += c.Visits
	}
	assert.Equal(t, int64(len(ds.Attendance)), total, "every record belongs to a seed project")
}
