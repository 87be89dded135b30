package memory

import (
	"context"
	"math"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// spentIndex is a second copy of the expenditure table in the shape
// SumExpenditure reads: per project, a contiguous slice of 24-byte rows
// holding integer cents, the date as an ordered integer and the number
// of the row's group (partner, category, period and currencies). Summing
// a project then reads 24 bytes a line instead of a whole Expenditure,
// and adds into a slice indexed by group: no string is hashed or
// compared per line. The expenditure table keeps the index in step
// (table.index), so transactions and rollback cover it too.
type spentIndex struct {
	projects map[socialsvc.ProjectID]*spentProject
}

// spentProject holds the lines of one project.
type spentProject struct {
	rows []spentRow
	ids  []string       // ids[i] is the expenditure ID of rows[i]
	pos  map[string]int // expenditure ID to its position in rows
	// groups are the distinct groups lines of the project ever had, and
	// groupOf numbers them. A group stays when its last line goes; the
	// whole spentProject goes with its project's last line.
	groups  []spentGroup
	groupOf map[spentGroup]uint32
}

// spentGroup is what SumExpenditure groups by, plus the currency of the
// converted amount, which is the same for every line of a project unless
// the project's currency changed.
type spentGroup struct {
	partner    socialsvc.PartnerID
	category   socialsvc.CostCategory
	period     int
	costOption string
	currency   socialsvc.Currency
	converted  socialsvc.Currency
}

type spentRow struct {
	amount, converted int64 // cents of the group's currencies
	date              int32 // dateKey
	group             uint32
}

// dateKey maps dates to integers in the same order: year, month, day in
// bit fields. Stored lines have valid dates; a filter's bound may be
// anything, so a field outside the range of valid dates is clamped to a
// value that compares the same way with every valid date.
func dateKey(d socialsvc.Date) int32 {
	y, m, day := d.Year, int(d.Month), d.Day
	switch {
	case y < 0:
		return 0
	case y > 9999:
		return 10000 << 10
	}
	switch {
	case m < 1:
		m, day = 0, 0
	case m > 12:
		m, day = 13, 0
	default:
		day = min(max(day, 0), 32)
	}
	return int32(y<<10 | m<<6 | day)
}

// keyDate is the date of a dateKey of a stored line.
func keyDate(k int32) socialsvc.Date {
	return socialsvc.NewDate(int(k>>10), time.Month(k>>6&15), int(k&63))
}

func (x *spentIndex) add(id string, e *socialsvc.Expenditure) {
	if x.projects == nil {
		x.projects = map[socialsvc.ProjectID]*spentProject{}
	}
	p := x.projects[e.ProjectID]
	if p == nil {
		p = &spentProject{pos: map[string]int{}, groupOf: map[spentGroup]uint32{}}
		x.projects[e.ProjectID] = p
	}
	g := spentGroup{e.PartnerID, e.Category, e.Period, e.CostOption, e.Amount.Currency(), e.Converted.Currency()}
	n, ok := p.groupOf[g]
	if !ok {
		n = uint32(len(p.groups))
		p.groups = append(p.groups, g)
		p.groupOf[g] = n
	}
	p.pos[id] = len(p.rows)
	p.rows = append(p.rows, spentRow{amount: e.Amount.Cents(), converted: e.Converted.Cents(), date: dateKey(e.Date), group: n})
	p.ids = append(p.ids, id)
}

func (x *spentIndex) remove(id string, e *socialsvc.Expenditure) {
	p := x.projects[e.ProjectID]
	if p == nil {
		return
	}
	i, ok := p.pos[id]
	if !ok {
		return
	}
	last := len(p.rows) - 1
	p.rows[i], p.ids[i] = p.rows[last], p.ids[last]
	p.pos[p.ids[i]] = i
	p.ids[last] = ""
	p.rows, p.ids = p.rows[:last], p.ids[:last]
	delete(p.pos, id)
	if len(p.rows) == 0 {
		delete(x.projects, e.ProjectID)
	}
}

// spentChunk is how many lines are summed between checks of the context.
const spentChunk = 1 << 16

// sum is SumExpenditure over the index.
func (x *spentIndex) sum(ctx context.Context, f store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	from, to := int32(math.MinInt32), int32(math.MaxInt32)
	if !f.From.IsZero() {
		from = dateKey(f.From)
	}
	if !f.To.IsZero() {
		to = dateKey(f.To)
	}
	type key struct {
		partner    socialsvc.PartnerID
		category   socialsvc.CostCategory
		period     int
		costOption string
		currency   socialsvc.Currency
	}
	type acc struct {
		amount, converted socialsvc.Total
		first, last       int32 // dateKey
	}
	sums := map[key]*acc{}
	var totals []acc
	var pass []bool
	project := func(p *spentProject) error {
		// Which groups the filter keeps is decided once per group, so
		// that the loop over lines compares integers only.
		pass = pass[:0]
		some := false
		for _, g := range p.groups {
			ok := (f.PartnerID == "" || g.partner == f.PartnerID) &&
				(f.Category == "" || g.category == f.Category) &&
				(!f.HasPeriod || g.period == f.Period)
			pass = append(pass, ok)
			some = some || ok
		}
		if !some {
			return nil
		}
		totals = totals[:0]
		for _, g := range p.groups {
			totals = append(totals, acc{socialsvc.NewTotal(g.currency), socialsvc.NewTotal(g.converted), math.MaxInt32, math.MinInt32})
		}
		for lo := 0; lo < len(p.rows); lo += spentChunk {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, r := range p.rows[lo:min(lo+spentChunk, len(p.rows))] {
				if !pass[r.group] || r.date < from || r.date > to {
					continue
				}
				t := &totals[r.group]
				t.amount.AddCents(r.amount)
				t.converted.AddCents(r.converted)
				t.first = min(t.first, r.date)
				t.last = max(t.last, r.date)
			}
		}
		for i := range totals {
			t := &totals[i]
			if t.amount.Count() == 0 {
				continue
			}
			g := &p.groups[i]
			k := key{g.partner, g.category, g.period, g.costOption, g.currency}
			a := sums[k]
			if a == nil {
				sums[k] = &acc{t.amount, t.converted, t.first, t.last}
				continue
			}
			a.first, a.last = min(a.first, t.first), max(a.last, t.last)
			// Lines of one partner, category, period and currency
			// converted to different currencies: the project currency
			// changed, and a sum across them does not exist.
			if err := a.amount.Merge(t.amount); err != nil {
				return err
			}
			if err := a.converted.Merge(t.converted); err != nil {
				return err
			}
		}
		return nil
	}
	if f.ProjectID != "" {
		if p := x.projects[f.ProjectID]; p != nil {
			if err := project(p); err != nil {
				return nil, err
			}
		}
	} else {
		for _, p := range x.projects {
			if err := project(p); err != nil {
				return nil, err
			}
		}
	}
	out := make([]store.ExpenditureSum, 0, len(sums))
	for k, a := range sums {
		amount, err := a.amount.Money()
		if err != nil {
			return nil, err
		}
		converted, err := a.converted.Money()
		if err != nil {
			return nil, err
		}
		out = append(out, store.ExpenditureSum{PartnerID: k.partner, Category: k.category, Period: k.period, CostOption: k.costOption,
			Amount: amount, Converted: converted, Count: a.amount.Count(), First: keyDate(a.first), Last: keyDate(a.last)})
	}
	store.SortExpenditureSums(out)
	return out, nil
}
