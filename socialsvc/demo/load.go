package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Load writes ds into s in dependency order, in one transaction:
// all of it or nothing. Computed budget lines are skipped (the store
// computes them from the flat rates); projects are created in draft and
// moved along their lifecycle once everything else is written (a closed
// project takes no new money); attendance goes
// through store.ImportAttendance; participations are created where the
// store holds them (store.Participations) and skipped where it does not;
// beneficiaries marked erased are created, given their attendance and
// participations and then erased, the way erasure happens; the Rounds go
// through the reporting cycle's steps (Round), so a dataset with Rounds
// needs a store that holds the cycle (store.Cycle), and is refused by one
// that does not.
//
// The reference server calls it with Seed() on an empty store; tests,
// examples and the load test use it with Seed() or Synthetic data; a host
// application can use it to try the API on its own database. It lives
// here, beside the data, so that every one of them loads it the same way.
func Load(ctx context.Context, s store.Store, ds *Dataset) error {
	return s.WithTx(ctx, func(tx store.Store) error { return load(ctx, tx, ds) })
}

func load(ctx context.Context, s store.Store, ds *Dataset) error {
	for i := range ds.Organisations {
		if err := s.CreateOrganisation(ctx, &ds.Organisations[i]); err != nil {
			return fmt.Errorf("organisation %s: %w", ds.Organisations[i].ID, err)
		}
	}
	for i := range ds.Funds {
		if err := s.CreateFund(ctx, &ds.Funds[i]); err != nil {
			return fmt.Errorf("fund %s: %w", ds.Funds[i].ID, err)
		}
	}
	for _, r := range ds.Rates {
		if err := s.PutRate(ctx, r); err != nil {
			return fmt.Errorf("rate %s %s: %w", r.Currency, r.Month, err)
		}
	}
	for i := range ds.Projects {
		p := ds.Projects[i]
		p.Status = socialsvc.StatusDraft
		if err := s.CreateProject(ctx, &p); err != nil {
			return fmt.Errorf("project %s: %w", p.ID, err)
		}
	}
	for i := range ds.Partners {
		if err := s.CreatePartner(ctx, &ds.Partners[i]); err != nil {
			return fmt.Errorf("partner %s: %w", ds.Partners[i].ID, err)
		}
	}
	for i := range ds.WorkPackages {
		if err := s.CreateWorkPackage(ctx, &ds.WorkPackages[i]); err != nil {
			return fmt.Errorf("work package %s: %w", ds.WorkPackages[i].ID, err)
		}
	}
	for i := range ds.Activities {
		if err := s.CreateActivity(ctx, &ds.Activities[i]); err != nil {
			return fmt.Errorf("activity %s: %w", ds.Activities[i].ID, err)
		}
	}
	for i := range ds.Events {
		if err := s.CreateEvent(ctx, &ds.Events[i]); err != nil {
			return fmt.Errorf("event %s: %w", ds.Events[i].ID, err)
		}
	}
	var erase []socialsvc.BeneficiaryID
	bens := make([]socialsvc.Beneficiary, len(ds.Beneficiaries))
	for i, b := range ds.Beneficiaries {
		if b.Erased {
			erase = append(erase, b.ID)
			b.Erased, b.ErasedAt = false, time.Time{}
		}
		bens[i] = b
	}
	if _, err := store.ImportBeneficiaries(ctx, s, slices.Values(bens)); err != nil {
		return fmt.Errorf("beneficiaries: %w", err)
	}
	if _, err := store.ImportAttendance(ctx, s, slices.Values(ds.Attendance)); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	if len(ds.Participations) > 0 {
		// A store without the capability (one written before it) gets the
		// rest of the data; the participants report says it has none.
		if ps, err := store.AsParticipations(s); err == nil {
			for i := range ds.Participations {
				if err := ps.CreateParticipation(ctx, &ds.Participations[i]); err != nil {
					return fmt.Errorf("participation %s: %w", ds.Participations[i].ID, err)
				}
			}
		}
	}
	for _, id := range erase {
		if err := s.EraseBeneficiary(ctx, id); err != nil {
			return fmt.Errorf("erasing beneficiary %s: %w", id, err)
		}
	}
	// Outputs before the results that depend on them.
	for pass := range 2 {
		for i := range ds.Indicators {
			if (ds.Indicators[i].DependsOn == "") == (pass == 0) {
				if err := s.CreateIndicator(ctx, &ds.Indicators[i]); err != nil {
					return fmt.Errorf("indicator %s: %w", ds.Indicators[i].ID, err)
				}
			}
		}
	}
	for i := range ds.Measurements {
		if err := s.CreateMeasurement(ctx, &ds.Measurements[i]); err != nil {
			return fmt.Errorf("measurement %s: %w", ds.Measurements[i].ID, err)
		}
	}
	for i := range ds.BudgetLines {
		if ds.BudgetLines[i].Computed {
			continue
		}
		if err := s.CreateBudgetLine(ctx, &ds.BudgetLines[i]); err != nil {
			return fmt.Errorf("budget line %s: %w", ds.BudgetLines[i].ID, err)
		}
	}
	// The store converts every line under its project's rate rule; the
	// dataset's conversions are what it will compute, not input.
	exp := make([]socialsvc.Expenditure, len(ds.Expenditure))
	for i, e := range ds.Expenditure {
		e.Converted, e.Conversion = socialsvc.Money{}, socialsvc.Conversion{}
		exp[i] = e
	}
	if _, err := store.ImportExpenditure(ctx, s, slices.Values(exp)); err != nil {
		return fmt.Errorf("expenditure: %w", err)
	}
	// The cycle runs on the partners' lines and budgets, before the
	// projects reach their final status.
	if err := loadRounds(ctx, s, ds); err != nil {
		return fmt.Errorf("reporting cycle: %w", err)
	}
	// Last, as in real life: a closed, rejected or withdrawn project takes
	// no new money, attendance or measurements (store.CheckWrite).
	for _, want := range ds.Projects {
		if err := Advance(ctx, s, want.ID, want.Status); err != nil {
			return err
		}
	}
	return nil
}

// lifecycle is the path from draft to each status.
var lifecycle = map[socialsvc.Status][]socialsvc.Status{
	socialsvc.StatusDraft:            nil,
	socialsvc.StatusSubmitted:        {socialsvc.StatusSubmitted},
	socialsvc.StatusApproved:         {socialsvc.StatusSubmitted, socialsvc.StatusApproved},
	socialsvc.StatusContracted:       {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted},
	socialsvc.StatusInImplementation: {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation},
	socialsvc.StatusClosed:           {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed},
	socialsvc.StatusRejected:         {socialsvc.StatusSubmitted, socialsvc.StatusRejected},
	socialsvc.StatusWithdrawn:        {socialsvc.StatusWithdrawn},
}

// Advance moves a draft project along its lifecycle to status, one
// allowed transition at a time (draft → submitted → approved → ...), the
// way a project gets there in real life; the store checks each step.
func Advance(ctx context.Context, s store.Store, id socialsvc.ProjectID, status socialsvc.Status) error {
	for _, st := range lifecycle[status] {
		p, err := s.GetProject(ctx, id)
		if err != nil {
			return err
		}
		p.Status = st
		if err := s.UpdateProject(ctx, &p); err != nil {
			return fmt.Errorf("project %s to %s: %w", id, st, err)
		}
	}
	return nil
}
