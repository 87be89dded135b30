package sqlstore

import (
	"context"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The store.Aggregator methods sum in SQL with GROUP BY over exact
// columns: NUMERIC in PostgreSQL, integer cents in SQLite. Sorting is done
// here, in Go's byte order, so that it does not depend on a collation.

// SumExpenditure sums expenditure by partner, category, period and
// currency (store.Aggregator). Each line was converted on its own when it
// was stored, so the converted sum is the sum of converted lines.
func (s *Store) SumExpenditure(ctx context.Context, f store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	w := expenditureWhere(f)
	q := "SELECT partner_id, category, period, cost_option, amount_currency, converted_currency, " +
		s.d.SumMoney("amount") + ", " + s.d.SumMoney("converted") + ", COUNT(*), MIN(spent_on), MAX(spent_on) FROM expenditure" + w.sql() +
		" GROUP BY partner_id, category, period, cost_option, amount_currency, converted_currency"
	out := []store.ExpenditureSum{}
	err := s.collect(ctx, q, w.args, func(r Rows) error {
		var x store.ExpenditureSum
		var cur, conv string
		var amount, converted int64
		if err := r.Scan(strDst[socialsvc.PartnerID]{&x.PartnerID}, strDst[socialsvc.CostCategory]{&x.Category}, intDst[int]{&x.Period}, strDst[string]{&x.CostOption},
			strDst[string]{&cur}, strDst[string]{&conv}, centsDst{&amount}, centsDst{&converted}, intDst[int64]{&x.Count},
			dateDst{&x.First}, dateDst{&x.Last}); err != nil {
			return err
		}
		x.Amount = socialsvc.Cents(amount, socialsvc.Currency(cur))
		x.Converted = socialsvc.Cents(converted, socialsvc.Currency(conv))
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	store.SortExpenditureSums(out)
	for i := 1; i < len(out); i++ {
		a, b := out[i-1], out[i]
		if a.PartnerID == b.PartnerID && a.Category == b.Category && a.Period == b.Period && a.CostOption == b.CostOption && a.Amount.Currency() == b.Amount.Currency() {
			// Lines of one group converted to different currencies: the
			// project currency changed. Sums across them do not exist.
			_, err := a.Converted.Add(b.Converted)
			return nil, err
		}
	}
	return out, nil
}

// SumBudget sums budget lines by partner, category and period
// (store.Aggregator).
func (s *Store) SumBudget(ctx context.Context, f store.BudgetFilter) ([]store.BudgetSum, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	w := budgetWhere(f)
	q := "SELECT partner_id, category, period, cost_option, amount_currency, " + s.d.SumMoney("amount") + ", COUNT(*) FROM budget_lines" + w.sql() +
		" GROUP BY partner_id, category, period, cost_option, amount_currency"
	out := []store.BudgetSum{}
	err := s.collect(ctx, q, w.args, func(r Rows) error {
		var x store.BudgetSum
		var cur string
		var amount int64
		if err := r.Scan(strDst[socialsvc.PartnerID]{&x.PartnerID}, strDst[socialsvc.CostCategory]{&x.Category}, intDst[int]{&x.Period}, strDst[string]{&x.CostOption},
			strDst[string]{&cur}, centsDst{&amount}, intDst[int64]{&x.Count}); err != nil {
			return err
		}
		x.Amount = socialsvc.Cents(amount, socialsvc.Currency(cur))
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	store.SortBudgetSums(out)
	for i := 1; i < len(out); i++ {
		a, b := out[i-1], out[i]
		if a.PartnerID == b.PartnerID && a.Category == b.Category && a.Period == b.Period && a.CostOption == b.CostOption {
			_, err := a.Amount.Add(b.Amount) // the currency mismatch error
			return nil, err
		}
	}
	return out, nil
}

// CountAttendance counts visits and unique individuals (store.Aggregator).
func (s *Store) CountAttendance(ctx context.Context, f store.AttendanceFilter) (store.AttendanceCounts, error) {
	if err := s.usable(ctx); err != nil {
		return store.AttendanceCounts{}, err
	}
	w := attendanceWhere(f)
	var c store.AttendanceCounts
	_, err := s.queryOne(ctx, "SELECT COUNT(*), COUNT(DISTINCT beneficiary_id) FROM attendance"+w.sql(), w.args,
		intDst[int64]{&c.Visits}, intDst[int64]{&c.Individuals})
	if err != nil {
		return store.AttendanceCounts{}, err
	}
	return c, nil
}
