package memory

import (
	"context"
	"sort"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// SumExpenditure sums expenditure by partner, category, period and
// currency under one read lock (store.Aggregator).
func (s *Store) SumExpenditure(ctx context.Context, f store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
		cur socialsvc.Currency
	}
	type acc struct{ amount, conv socialsvc.Total }
	sums := map[key]*acc{}
	err := s.read(ctx, func(st *state) error {
		match := expenditureMatch(f)(st)
		for _, e := range st.expenditure.rows {
			if !match(&e) {
				continue
			}
			k := key{e.PartnerID, e.Category, e.Period, e.Amount.Currency()}
			a := sums[k]
			if a == nil {
				a = &acc{socialsvc.NewTotal(k.cur), socialsvc.NewTotal(e.Converted.Currency())}
				sums[k] = a
			}
			if err := a.amount.Add(e.Amount); err != nil {
				return err
			}
			if err := a.conv.Add(e.Converted); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]store.ExpenditureSum, 0, len(sums))
	for k, a := range sums {
		amount, err := a.amount.Money()
		if err != nil {
			return nil, err
		}
		conv, err := a.conv.Money()
		if err != nil {
			return nil, err
		}
		out = append(out, store.ExpenditureSum{PartnerID: k.p, Category: k.c, Period: k.per, Amount: amount, Converted: conv, Count: a.amount.Count()})
	}
	store.SortExpenditureSums(out)
	return out, nil
}

// SumBudget sums budget lines by partner, category and period
// (store.Aggregator).
func (s *Store) SumBudget(ctx context.Context, f store.BudgetFilter) ([]store.BudgetSum, error) {
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
	}
	sums := map[key]*socialsvc.Total{}
	err := s.read(ctx, func(st *state) error {
		match := budgetMatch(f)(st)
		for _, l := range st.budget.rows {
			if !match(&l) {
				continue
			}
			k := key{l.PartnerID, l.Category, l.Period}
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
		out = append(out, store.BudgetSum{PartnerID: k.p, Category: k.c, Period: k.per, Amount: m, Count: t.Count()})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.PartnerID != b.PartnerID {
			return a.PartnerID < b.PartnerID
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		return a.Period < b.Period
	})
	return out, nil
}

// CountAttendance counts visits and unique individuals (store.Aggregator).
func (s *Store) CountAttendance(ctx context.Context, f store.AttendanceFilter) (store.AttendanceCounts, error) {
	var c store.AttendanceCounts
	err := s.read(ctx, func(st *state) error {
		match := attendanceMatch(f)(st)
		seen := map[socialsvc.BeneficiaryID]struct{}{}
		for _, a := range st.attendance.rows {
			if match(&a) {
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
