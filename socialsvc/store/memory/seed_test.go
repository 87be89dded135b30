package memory_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// load writes ds into tx in dependency order. Projects are created with
// their final status (creation checks no transition); computed budget
// lines are left to the store; erased beneficiaries are created, given
// their attendance, then erased.
func load(ctx context.Context, tx store.Store, ds *demo.Dataset) error {
	for i := range ds.Organisations {
		if err := tx.CreateOrganisation(ctx, &ds.Organisations[i]); err != nil {
			return fmt.Errorf("organisation %s: %w", ds.Organisations[i].ID, err)
		}
	}
	for i := range ds.Funds {
		if err := tx.CreateFund(ctx, &ds.Funds[i]); err != nil {
			return fmt.Errorf("fund %s: %w", ds.Funds[i].ID, err)
		}
	}
	for _, r := range ds.Rates {
		if err := tx.PutRate(ctx, r); err != nil {
			return fmt.Errorf("rate %s %s: %w", r.Currency, r.Month, err)
		}
	}
	for i := range ds.Projects {
		if err := tx.CreateProject(ctx, &ds.Projects[i]); err != nil {
			return fmt.Errorf("project %s: %w", ds.Projects[i].ID, err)
		}
	}
	for i := range ds.Partners {
		if err := tx.CreatePartner(ctx, &ds.Partners[i]); err != nil {
			return fmt.Errorf("partner %s: %w", ds.Partners[i].ID, err)
		}
	}
	for i := range ds.WorkPackages {
		if err := tx.CreateWorkPackage(ctx, &ds.WorkPackages[i]); err != nil {
			return fmt.Errorf("work package %s: %w", ds.WorkPackages[i].ID, err)
		}
	}
	for i := range ds.Activities {
		if err := tx.CreateActivity(ctx, &ds.Activities[i]); err != nil {
			return fmt.Errorf("activity %s: %w", ds.Activities[i].ID, err)
		}
	}
	for i := range ds.Events {
		if err := tx.CreateEvent(ctx, &ds.Events[i]); err != nil {
			return fmt.Errorf("event %s: %w", ds.Events[i].ID, err)
		}
	}
	var erase []socialsvc.BeneficiaryID
	for _, b := range ds.Beneficiaries {
		if b.Erased {
			erase = append(erase, b.ID)
			b.Erased, b.ErasedAt = false, time.Time{}
		}
		if err := tx.CreateBeneficiary(ctx, &b); err != nil {
			return fmt.Errorf("beneficiary %s: %w", b.ID, err)
		}
	}
	if _, err := store.ImportAttendance(ctx, tx, slices.Values(ds.Attendance)); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	for _, id := range erase {
		if err := tx.EraseBeneficiary(ctx, id); err != nil {
			return fmt.Errorf("erasing %s: %w", id, err)
		}
	}
	for pass := range 2 { // outputs before the results that depend on them
		for i := range ds.Indicators {
			if (ds.Indicators[i].DependsOn == "") == (pass == 0) {
				if err := tx.CreateIndicator(ctx, &ds.Indicators[i]); err != nil {
					return fmt.Errorf("indicator %s: %w", ds.Indicators[i].ID, err)
				}
			}
		}
	}
	for i := range ds.Measurements {
		if err := tx.CreateMeasurement(ctx, &ds.Measurements[i]); err != nil {
			return fmt.Errorf("measurement %s: %w", ds.Measurements[i].ID, err)
		}
	}
	for i := range ds.BudgetLines {
		if !ds.BudgetLines[i].Computed {
			if err := tx.CreateBudgetLine(ctx, &ds.BudgetLines[i]); err != nil {
				return fmt.Errorf("budget line %s: %w", ds.BudgetLines[i].ID, err)
			}
		}
	}
	_, err := store.ImportExpenditure(ctx, tx, slices.Values(ds.Expenditure))
	return err
}

// TestSeed loads the seed projects in one transaction and checks that the
// store computes what the Dataset computed on its own: the flat-rate
// lines, each expenditure's conversion, and visits and individuals.
func TestSeed(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	ds := demo.Seed()
	require.NoError(t, s.WithTx(ctx, func(tx store.Store) error { return load(ctx, tx, ds) }))

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
