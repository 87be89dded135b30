package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The store.Aggregator methods sum in SQL with GROUP BY over exact
// columns: NUMERIC in PostgreSQL, integer cents in SQLite. Sorting is done
// here, in Go's byte order, so that it does not depend on a collation.

// SumExpenditure sums expenditure by partner, category, period, cost
// option and currency (store.Aggregator). Each line was converted on its
// own when it was stored, so the converted sum is the sum of converted
// lines.
//
// Grouping a million lines by one more text column costs almost half
// again the time of the query (BENCHMARKS.md), and almost every line has
// no cost option. So the main query groups without it, and the few lines
// that claim a unit cost or lump sum are summed by cost option in a
// second query that reads them through a partial index
// (expenditure_cost_option, migration 0005) and are then taken out of the
// main groups.
func (s *Store) SumExpenditure(ctx context.Context, f store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	sum := func(w where, byOption bool) ([]store.ExpenditureSum, error) {
		opt := ""
		if byOption {
			opt = "cost_option, "
		}
		q := "SELECT partner_id, category, period, " + opt + "amount_currency, converted_currency, " +
			s.d.SumMoney("amount") + ", " + s.d.SumMoney("converted") + ", COUNT(*), MIN(spent_on), MAX(spent_on) FROM expenditure" + w.sql() +
			" GROUP BY partner_id, category, period, " + opt + "amount_currency, converted_currency"
		out := []store.ExpenditureSum{}
		err := s.collect(ctx, q, w.args, func(r Rows) error {
			var x store.ExpenditureSum
			var cur, conv string
			var amount, converted int64
			dst := []any{strDst[socialsvc.PartnerID]{&x.PartnerID}, strDst[socialsvc.CostCategory]{&x.Category}, intDst[int]{&x.Period}}
			if byOption {
				dst = append(dst, strDst[string]{&x.CostOption})
			}
			dst = append(dst, strDst[string]{&cur}, strDst[string]{&conv}, centsDst{&amount}, centsDst{&converted}, intDst[int64]{&x.Count},
				dateDst{&x.First}, dateDst{&x.Last})
			if err := r.Scan(dst...); err != nil {
				return err
			}
			x.Amount = socialsvc.Cents(amount, socialsvc.Currency(cur))
			x.Converted = socialsvc.Cents(converted, socialsvc.Currency(conv))
			out = append(out, x)
			return nil
		})
		return out, err
	}
	all, err := sum(expenditureWhere(f), false)
	if err != nil {
		return nil, err
	}
	w := expenditureWhere(f)
	w.add("cost_option <> ''")
	options, err := sum(w, true)
	if err != nil {
		return nil, err
	}
	type key struct {
		p         socialsvc.PartnerID
		c         socialsvc.CostCategory
		per       int
		cur, conv socialsvc.Currency
	}
	pos := make(map[key]int, len(all))
	for i, x := range all {
		pos[key{x.PartnerID, x.Category, x.Period, x.Amount.Currency(), x.Converted.Currency()}] = i
	}
	for _, o := range options {
		i, ok := pos[key{o.PartnerID, o.Category, o.Period, o.Amount.Currency(), o.Converted.Currency()}]
		if !ok {
			return nil, fmt.Errorf("sqlstore: expenditure of cost option %q is missing from its group", o.CostOption)
		}
		g := &all[i]
		if g.Amount, err = g.Amount.Sub(o.Amount); err != nil {
			return nil, err
		}
		if g.Converted, err = g.Converted.Sub(o.Converted); err != nil {
			return nil, err
		}
		// The lines left without a cost option keep the group's dates,
		// which bound theirs.
		g.Count -= o.Count
	}
	out := append(slices.DeleteFunc(all, func(x store.ExpenditureSum) bool { return x.Count == 0 }), options...)
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
