package store

import (
	"context"
	"iter"
	"sort"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ExpenditureSum is the sum of expenditure lines of one partner, cost
// category, period, cost option (unit cost or lump sum, "" for other
// lines) and original currency: Amount in that currency and Converted in
// the project currency (each line converted on its own at its stored rate,
// then summed). First and Last are the earliest and latest dates of the
// lines summed.
type ExpenditureSum struct {
	PartnerID  socialsvc.PartnerID    `json:"partner_id"`
	Category   socialsvc.CostCategory `json:"category"`
	Period     int                    `json:"period"`
	CostOption string                 `json:"cost_option,omitempty"`
	Amount     socialsvc.Money        `json:"amount"`
	Converted  socialsvc.Money        `json:"converted"`
	Count      int64                  `json:"count"`
	First      socialsvc.Date         `json:"first"`
	Last       socialsvc.Date         `json:"last"`
}

// BudgetSum is the sum of budget lines of one partner, category, period
// and cost option.
type BudgetSum struct {
	PartnerID  socialsvc.PartnerID    `json:"partner_id"`
	Category   socialsvc.CostCategory `json:"category"`
	Period     int                    `json:"period"`
	CostOption string                 `json:"cost_option,omitempty"`
	Amount     socialsvc.Money        `json:"amount"`
	Count      int64                  `json:"count"`
}

// AttendanceCounts are visits (attendance records) and unique individuals.
type AttendanceCounts struct {
	Visits      int64 `json:"visits"`
	Individuals int64 `json:"individuals"`
}

// Aggregator is an optional capability: a store that computes sums and
// counts itself (in SQL) instead of streaming every row to the caller.
// Results are ordered by partner, category, period, then currency.
type Aggregator interface {
	SumExpenditure(ctx context.Context, f ExpenditureFilter) ([]ExpenditureSum, error)
	SumBudget(ctx context.Context, f BudgetFilter) ([]BudgetSum, error)
	CountAttendance(ctx context.Context, f AttendanceFilter) (AttendanceCounts, error)
}

// BulkImporter is an optional capability: a store that loads many rows in
// one go (COPY, a prepared statement in one transaction). Imports are all
// or nothing; row errors come back as one invalid *socialsvc.Error whose
// Fields carry Row.
type BulkImporter interface {
	ImportAttendance(ctx context.Context, rows iter.Seq[socialsvc.Attendance]) (int, error)
	ImportBeneficiaries(ctx context.Context, rows iter.Seq[socialsvc.Beneficiary]) (int, error)
	ImportExpenditure(ctx context.Context, rows iter.Seq[socialsvc.Expenditure]) (int, error)
}

// SumExpenditure sums expenditure by partner × category × period ×
// currency, in the store when it is an Aggregator, else by streaming.
func SumExpenditure(ctx context.Context, s Expenditures, f ExpenditureFilter) ([]ExpenditureSum, error) {
	if a, ok := s.(Aggregator); ok {
		return a.SumExpenditure(ctx, f)
	}
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
		opt string
		cur socialsvc.Currency
	}
	type acc struct {
		amount, conv socialsvc.Total
		first, last  socialsvc.Date
	}
	sums := map[key]*acc{}
	for e, err := range s.ScanExpenditure(ctx, f) {
		if err != nil {
			return nil, err
		}
		k := key{e.PartnerID, e.Category, e.Period, e.CostOption, e.Amount.Currency()}
		a := sums[k]
		if a == nil {
			a = &acc{amount: socialsvc.NewTotal(k.cur), conv: socialsvc.NewTotal(e.Converted.Currency()), first: e.Date, last: e.Date}
			sums[k] = a
		}
		if e.Date.Before(a.first) {
			a.first = e.Date
		}
		if e.Date.After(a.last) {
			a.last = e.Date
		}
		if err := a.amount.Add(e.Amount); err != nil {
			return nil, err
		}
		if err := a.conv.Add(e.Converted); err != nil {
			return nil, err
		}
	}
	out := make([]ExpenditureSum, 0, len(sums))
	for k, a := range sums {
		amount, err := a.amount.Money()
		if err != nil {
			return nil, err
		}
		conv, err := a.conv.Money()
		if err != nil {
			return nil, err
		}
		out = append(out, ExpenditureSum{PartnerID: k.p, Category: k.c, Period: k.per, CostOption: k.opt, Amount: amount, Converted: conv, Count: a.amount.Count(),
			First: a.first, Last: a.last})
	}
	SortExpenditureSums(out)
	return out, nil
}

// SortExpenditureSums orders sums by partner, category, period, currency:
// the order every Aggregator returns.
func SortExpenditureSums(s []ExpenditureSum) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.PartnerID != b.PartnerID {
			return a.PartnerID < b.PartnerID
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		if a.CostOption != b.CostOption {
			return a.CostOption < b.CostOption
		}
		return a.Amount.Currency() < b.Amount.Currency()
	})
}

// SumBudget sums budget lines by partner × category × period.
func SumBudget(ctx context.Context, s Budgets, f BudgetFilter) ([]BudgetSum, error) {
	if a, ok := s.(Aggregator); ok {
		return a.SumBudget(ctx, f)
	}
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
		opt string
	}
	sums := map[key]*socialsvc.Total{}
	for l, err := range s.ScanBudgetLines(ctx, f) {
		if err != nil {
			return nil, err
		}
		k := key{l.PartnerID, l.Category, l.Period, l.CostOption}
		t := sums[k]
		if t == nil {
			nt := socialsvc.NewTotal(l.Amount.Currency())
			t = &nt
			sums[k] = t
		}
		if err := t.Add(l.Amount); err != nil {
			return nil, err
		}
	}
	out := make([]BudgetSum, 0, len(sums))
	for k, t := range sums {
		m, err := t.Money()
		if err != nil {
			return nil, err
		}
		out = append(out, BudgetSum{PartnerID: k.p, Category: k.c, Period: k.per, CostOption: k.opt, Amount: m, Count: t.Count()})
	}
	SortBudgetSums(out)
	return out, nil
}

// SortBudgetSums orders sums by partner, category, period (then currency,
// which a driver's own checks may need): the order every Aggregator
// returns.
func SortBudgetSums(s []BudgetSum) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.PartnerID != b.PartnerID {
			return a.PartnerID < b.PartnerID
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		if a.CostOption != b.CostOption {
			return a.CostOption < b.CostOption
		}
		return a.Amount.Currency() < b.Amount.Currency()
	})
}

// CountAttendance counts visits and unique individuals.
func CountAttendance(ctx context.Context, s Attendances, f AttendanceFilter) (AttendanceCounts, error) {
	if a, ok := s.(Aggregator); ok {
		return a.CountAttendance(ctx, f)
	}
	var c AttendanceCounts
	seen := map[socialsvc.BeneficiaryID]struct{}{}
	for a, err := range s.ScanAttendance(ctx, f) {
		if err != nil {
			return AttendanceCounts{}, err
		}
		c.Visits++
		seen[a.BeneficiaryID] = struct{}{}
	}
	c.Individuals = int64(len(seen))
	return c, nil
}

// ReportLineWriter is an optional capability of a Cycle store: writing
// many lines of one partner report in one go (a multi-row UPDATE from a
// staging table, COPY), for the steps of the cycle that touch every line
// of a report (TransitionPartnerReport, ControlPartnerReport,
// ImportReportLines, CarryParked). The steps find it by type assertion
// and fall back to one UpdateReportLine or CreateReportLine per line
// when a store has none, with the same result but an audit entry per
// line.
//
// The methods write what a step has already checked: every rule stays
// in the step, and a driver applies none. So that they are no way round
// the rules, a driver refuses them outside a step (CheckLineBatch).
//
// Each call records ONE audit entry on the report (entity
// EntityPartnerReport, the report's ID; LineBatchAudit and
// LineCreateAudit make its before and after, the same in every driver),
// which names every line written: an auditor reading the report's
// history sees which lines each step changed, from what to what. One
// entry per step rather than one per line: a step is one decision (a
// submission, a control, a certification) by one actor with one reason,
// and per-line entries with the whole line before and after would write
// more to the log than the step writes to the lines; the line's other
// fields are in its own create and update entries.
type ReportLineWriter interface {
	// UpdateReportLines stores, for each change, the fields the steps own
	// (Converted, Conversion, Control) of After on the line Before names,
	// at Before's version (a line whose stored version differs, or that
	// is not a line of report, is a conflict and nothing is written).
	// Each line's version moves by one. The other fields of a line are
	// not the steps' to change and are left as stored.
	UpdateReportLines(ctx context.Context, report socialsvc.PartnerReportID, changes []LineChange) error
	// CreateReportLines stores new lines of report, giving those without
	// an ID one, and version 1 and the times to all (in lines, on
	// success). An ID already stored is a conflict and nothing is
	// written.
	CreateReportLines(ctx context.Context, report socialsvc.PartnerReportID, lines []socialsvc.ReportExpenditure) error
}

// LineChange is one line a cycle step changes: Before as the step read
// it (its Version the one stored), After as the step leaves it.
type LineChange struct {
	Before, After socialsvc.ReportExpenditure
}

// Audit actions of ReportLineWriter: one entry for all the lines one
// call writes.
const (
	ActionUpdateLines = "update_lines"
	ActionCreateLines = "create_lines"
)

// CheckLineBatch refuses a ReportLineWriter call made outside a cycle
// step: the batch writes apply no rule, so only the steps, which applied
// them, may make them.
func CheckLineBatch(ctx context.Context) error {
	if !inCycleStep(ctx) {
		return errReadOnly("lines")
	}
	return nil
}

// LineState is what the audit entry of UpdateReportLines records of one
// line: its ID and version, and those of the values the cycle's steps
// own (the conversion frozen at submission, the control decision) that
// the step changed.
// A value the line does not hold (no conversion before submission, no
// decision before control) is left out.
type LineState struct {
	ID         socialsvc.ExpenditureID `json:"id"`
	Version    int64                   `json:"version"`
	Converted  *socialsvc.Money        `json:"converted,omitempty"`
	Conversion *socialsvc.Conversion   `json:"conversion,omitempty"`
	Control    *socialsvc.LineControl  `json:"control,omitempty"`
}

func lineState(l *socialsvc.ReportExpenditure, version int64) LineState {
	st := LineState{ID: l.ID, Version: version, Control: l.Control}
	if l.Converted != (socialsvc.Money{}) {
		m := l.Converted
		st.Converted = &m
	}
	if !conversionEmpty(l.Conversion) {
		c := l.Conversion
		st.Conversion = &c
	}
	return st
}

// LineBatch is the before or after of a batch's audit entry.
type LineBatch struct {
	Lines []LineState `json:"lines"`
}

// LineBatchAudit returns the before and after of the one audit entry of
// UpdateReportLines: each line as the step read it and as it wrote it
// (with the version it wrote), with the values the step changed (a
// conversion at submission, a decision at control and certification).
func LineBatchAudit(changes []LineChange) (before, after LineBatch) {
	before.Lines = make([]LineState, len(changes))
	after.Lines = make([]LineState, len(changes))
	for i := range changes {
		b, a := &changes[i].Before, &changes[i].After
		before.Lines[i] = lineState(b, b.Version)
		after.Lines[i] = lineState(a, b.Version+1)
		after.Lines[i].ID = b.ID
		// A value the step left as it was is the line's, not the step's:
		// only what changed is recorded, before and after.
		if b.Converted == a.Converted && conversionEqual(b.Conversion, a.Conversion) && b.Conversion.Basis == a.Conversion.Basis {
			before.Lines[i].Converted, before.Lines[i].Conversion = nil, nil
			after.Lines[i].Converted, after.Lines[i].Conversion = nil, nil
		}
		if (b.Control == nil) == (a.Control == nil) && (b.Control == nil || *b.Control == *a.Control) {
			before.Lines[i].Control, after.Lines[i].Control = nil, nil
		}
	}
	return before, after
}

// LineCreateAudit returns the after of the one audit entry of
// CreateReportLines: the lines as stored.
func LineCreateAudit(lines []socialsvc.ReportExpenditure) any {
	return struct {
		Lines []socialsvc.ReportExpenditure `json:"lines"`
	}{lines}
}
