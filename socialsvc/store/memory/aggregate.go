package memory

import (
	"context"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// SumExpenditure sums expenditure by partner, category, period and
// currency under one read lock (store.Aggregator). It reads the compact
// copy of the lines (spentIndex), not the expenditure table.
func (s *Store) SumExpenditure(ctx context.Context, f store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	var out []store.ExpenditureSum
	err := s.read(ctx, func(st *state) error {
		var err error
		out, err = st.spent.sum(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SumBudget sums budget lines by partner, category and period
// (store.Aggregator).
func (s *Store) SumBudget(ctx context.Context, f store.BudgetFilter) ([]store.BudgetSum, error) {
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
		opt string
	}
	sums := map[key]*socialsvc.Total{}
	err := s.read(ctx, func(st *state) error {
		match := budgetMatch(f)(st)
		for l := range st.budget.all {
			if !match(l) {
				continue
			}
			k := key{l.PartnerID, l.Category, l.Period, l.CostOption}
			t := sums[k]
			if t == nil {
				nt := socialsvc.NewTotal(l.Amount.Currency())
				t = &nt
				sums[k] = t
			}
			if err := t.Add(l.Amount); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]store.BudgetSum, 0, len(sums))
	for k, t := range sums {
		m, err := t.Money()
		if err != nil {
			return nil, err
		}
		out = append(out, store.BudgetSum{PartnerID: k.p, Category: k.c, Period: k.per, CostOption: k.opt, Amount: m, Count: t.Count()})
	}
	store.SortBudgetSums(out)
	return out, nil
}

// CountAttendance counts visits and unique individuals (store.Aggregator).
func (s *Store) CountAttendance(ctx context.Context, f store.AttendanceFilter) (store.AttendanceCounts, error) {
	var c store.AttendanceCounts
	err := s.read(ctx, func(st *state) error {
		match := attendanceMatch(f)(st)
		seen := map[socialsvc.BeneficiaryID]struct{}{}
		for a := range st.attendance.all {
			if match(a) {
				c.Visits++
				seen[a.BeneficiaryID] = struct{}{}
			}
		}
		c.Individuals = int64(len(seen))
		return nil
	})
	if err != nil {
		return store.AttendanceCounts{}, err
	}
	return c, nil
}
