package store

import (
	"context"
	"errors"
	"iter"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// MaxRowErrors caps the row errors one import reports; past it the error
// says how many more rows were wrong. Every row is still checked.
const MaxRowErrors = 1000

// RowErrors collects the errors of a bulk import, row by row.
type RowErrors struct {
	fields []socialsvc.FieldError
	rows   int // rows with at least one error
	more   int // field errors past MaxRowErrors
}

// Add records err for a 1-based row. Errors that are not invalid input
// (a failing database) are returned for the caller to stop on.
func (r *RowErrors) Add(row int, err error) error {
	if err == nil {
		return nil
	}
	var e *socialsvc.Error
	if !errors.As(err, &e) || (e.Code != socialsvc.Invalid && e.Code != socialsvc.Conflict && e.Code != socialsvc.NotFound) {
		return err
	}
	r.rows++
	fields := e.Fields
	if len(fields) == 0 {
		fields = []socialsvc.FieldError{{Rule: e.Code, ID: e.ID, Args: e.Args, Message: e.Message, MessageHR: e.MessageHR}}
	}
	for _, f := range fields {
		if len(r.fields) >= MaxRowErrors {
			r.more++
			continue
		}
		f.Row = row
		r.fields = append(r.fields, f)
	}
	return nil
}

// Err returns nil when no row failed, else one invalid *socialsvc.Error
// listing every failing row and field.
func (r *RowErrors) Err() error {
	if r.rows == 0 {
		return nil
	}
	msg := strconv.Itoa(r.rows) + " rows have errors; nothing was imported"
	if r.rows == 1 {
		msg = "1 row has errors; nothing was imported"
	}
	if r.more > 0 {
		msg += " (" + strconv.Itoa(r.more) + " further errors not listed)"
	}
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: msg, Fields: r.fields}
}

// ImportAttendance imports attendance records, all or none: every row is
// checked, every bad row is reported (row numbers count from 1 in the
// order of rows), and nothing is written unless all are good. It uses the
// store's BulkImporter when there is one.
func ImportAttendance(ctx context.Context, s Store, rows iter.Seq[socialsvc.Attendance]) (int, error) {
	if b, ok := s.(BulkImporter); ok {
		return b.ImportAttendance(ctx, rows)
	}
	n := 0
	err := s.WithTx(ctx, func(tx Store) error {
		var errs RowErrors
		seen := map[string]int{}
		var good []socialsvc.Attendance
		i := 0
		for a := range rows {
			i++
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := CheckAttendance(ctx, tx, &a); err != nil {
				if err := errs.Add(i, err); err != nil {
					return err
				}
				continue
			}
			k := AttendanceKey(&a)
			if first, dup := seen[k]; dup {
				_ = errs.Add(i, socialsvc.FieldErrf("beneficiary_id", "duplicate", "err.beneficiary_id.duplicate", socialsvc.Args{"First": strconv.Itoa(first)}))
				continue
			}
			seen[k] = i
			good = append(good, a)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		for j := range good {
			if err := tx.CreateAttendance(ctx, &good[j]); err != nil {
				return rowErr(j+1, err)
			}
		}
		n = len(good)
		return nil
	})
	return n, err
}

// rowErr attributes an error met while writing (after every row passed
// its checks, e.g. a record that already exists) to its row.
func rowErr(row int, err error) error {
	var errs RowErrors
	if e := errs.Add(row, err); e != nil {
		return e
	}
	return errs.Err()
}

// ImportBeneficiaries imports beneficiaries, all or none, with the rules
// of ImportAttendance. IDs left empty are generated.
func ImportBeneficiaries(ctx context.Context, s Store, rows iter.Seq[socialsvc.Beneficiary]) (int, error) {
	if b, ok := s.(BulkImporter); ok {
		return b.ImportBeneficiaries(ctx, rows)
	}
	return importEach(ctx, s, rows, func(ctx context.Context, tx Store, b *socialsvc.Beneficiary) error {
		return CheckBeneficiary(ctx, tx, nil, b)
	}, func(ctx context.Context, tx Store, b *socialsvc.Beneficiary) error {
		return tx.CreateBeneficiary(ctx, b)
	})
}

// ImportExpenditure imports expenditure lines, all or none, with the rules
// of ImportAttendance. Conversions are filled as CreateExpenditure does.
func ImportExpenditure(ctx context.Context, s Store, rows iter.Seq[socialsvc.Expenditure]) (int, error) {
	if b, ok := s.(BulkImporter); ok {
		return b.ImportExpenditure(ctx, rows)
	}
	return importEach(ctx, s, rows, func(ctx context.Context, tx Store, e *socialsvc.Expenditure) error {
		// CreateExpenditure checks and converts again: it gets the row as
		// given, since the converted amount is not input.
		c := *e
		return CheckExpenditure(ctx, tx, nil, &c)
	}, func(ctx context.Context, tx Store, e *socialsvc.Expenditure) error {
		return tx.CreateExpenditure(ctx, e)
	})
}

func importEach[T any](ctx context.Context, s Store, rows iter.Seq[T], check, create func(context.Context, Store, *T) error) (int, error) {
	n := 0
	err := s.WithTx(ctx, func(tx Store) error {
		var errs RowErrors
		var good []T
		i := 0
		for v := range rows {
			i++
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := check(ctx, tx, &v); err != nil {
				if err := errs.Add(i, err); err != nil {
					return err
				}
				continue
			}
			good = append(good, v)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		for j := range good {
			if err := create(ctx, tx, &good[j]); err != nil {
				return rowErr(j+1, err)
			}
		}
		n = len(good)
		return nil
	})
	return n, err
}

// RecomputeFlatRates replaces the computed budget lines of a project with
// fresh ones from its flat rates and entered lines. Drivers call it in the
// transaction of every write that changes a project's budget lines or flat
// rates, so computed lines always follow staff costs.
func RecomputeFlatRates(ctx context.Context, tx Store, project socialsvc.ProjectID) error {
	p, err := tx.GetProject(ctx, project)
	if err != nil {
		return err
	}
	var entered []socialsvc.BudgetLine
	var computed []socialsvc.BudgetLine
	for l, err := range tx.ScanBudgetLines(ctx, BudgetFilter{ProjectID: project}) {
		if err != nil {
			return err
		}
		if l.Computed {
			computed = append(computed, l)
		} else {
			entered = append(entered, l)
		}
	}
	if len(p.FlatRates) == 0 && len(computed) == 0 {
		return nil
	}
	fresh, err := socialsvc.ApplyFlatRates(entered, p.FlatRates, p.ClosingPeriod())
	if err != nil {
		return err
	}
	ctx = context.WithValue(ctx, recomputingKey{}, true)
	// Keep a computed line whose amount did not change (no audit noise),
	// update those that did, delete those no longer produced.
	type key struct {
		p   socialsvc.PartnerID
		c   socialsvc.CostCategory
		per int
	}
	old := map[key]socialsvc.BudgetLine{}
	for _, l := range computed {
		old[key{l.PartnerID, l.Category, l.Period}] = l
	}
	for _, l := range fresh {
		if !l.Computed {
			continue
		}
		k := key{l.PartnerID, l.Category, l.Period}
		if prev, ok := old[k]; ok {
			delete(old, k)
			if prev.Amount == l.Amount && prev.Description == l.Description {
				continue
			}
			prev.Amount, prev.Description = l.Amount, l.Description
			if err := tx.UpdateBudgetLine(ctx, &prev); err != nil {
				return err
			}
			continue
		}
		if err := tx.CreateBudgetLine(ctx, &l); err != nil {
			return err
		}
	}
	for _, l := range old {
		if err := tx.DeleteBudgetLine(ctx, l.ID, l.Version); err != nil {
			return err
		}
	}
	return nil
}

// IsRecomputing reports whether ctx belongs to RecomputeFlatRates' own
// writes, so drivers do not recompute again from inside it.
func IsRecomputing(ctx context.Context) bool { return isRecomputing(ctx) }
