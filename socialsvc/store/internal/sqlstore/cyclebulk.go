package sqlstore

import (
	"context"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// store.ReportLineWriter: the cycle's steps write a report's lines in one
// go. The lines are loaded with CopyFrom (COPY in PostgreSQL, one
// prepared INSERT per row in SQLite), into report_lines for new lines and
// into a staging table for the changed fields of changed ones (the
// conversion and the decision: the only fields a step changes), which one
// UPDATE ... FROM then writes over the stored lines at their read
// versions. The same SQL runs
// on both databases (SQLite has UPDATE ... FROM since 3.33). Each call
// records one audit entry on the report (store.LineBatchAudit).

var _ store.ReportLineWriter = (*Store)(nil)

// lineStage is the staging table of UpdateReportLines: the ID, the
// version each line was read at (read_version), and the columns a step
// writes (stepCols). It lives in the temporary schema of the
// transaction's connection and is dropped before the call returns (or
// with the transaction rolled back).
const lineStage = "report_lines_stage"

// stepFields are the fields of a line the cycle's steps write
// (store.LineChange): the conversion, the decision, and the stamps.
var stepFields = map[string]bool{"converted": true, "converted_currency": true, "conversion": true, "control": true, "version": true, "updated_at": true}

// UpdateReportLines writes the fields a cycle step changed (conversion,
// decision) of each line, at the version the step read it at, with one
// audit entry.
func (s *Store) UpdateReportLines(ctx context.Context, report socialsvc.PartnerReportID, changes []store.LineChange) error {
	if err := store.CheckLineBatch(ctx); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *Store) error {
		e := tx.e.cyc.rlin
		at := now()
		var fields []field[socialsvc.ReportExpenditure]
		var cols []string
		for _, f := range e.fields {
			if stepFields[f.col] {
				fields = append(fields, f)
				if f.money {
					cols = append(cols, tx.d.MoneyColumns(f.col)...)
				} else {
					cols = append(cols, f.col)
				}
			}
		}
		set := make([]string, len(cols))
		for i, c := range cols {
			set[i] = c + " = s." + c
		}
		if _, err := tx.exec(ctx, "CREATE TEMP TABLE "+lineStage+" AS SELECT id, version AS read_version, "+strings.Join(cols, ", ")+
			" FROM "+e.table+" WHERE 1 = 0"); err != nil {
			return err
		}
		i := 0
		args := make([]any, 0, len(cols)+2)
		var row socialsvc.ReportExpenditure
		if _, err := tx.tx.CopyFrom(ctx, lineStage, append([]string{"id", "read_version"}, cols...), func() ([]any, error) {
			if i >= len(changes) {
				return nil, nil
			}
			b := &changes[i].Before
			row = changes[i].After
			row.Version, row.UpdatedAt = b.Version+1, at
			args = append(args[:0], string(b.ID), b.Version)
			for _, f := range fields {
				args = f.args(tx.d, &row, args)
			}
			i++
			return args, nil
		}); err != nil {
			return tx.fail(ctx, err)
		}
		// Without an index on the staging table SQLite joins it by a scan
		// per line.
		if _, err := tx.exec(ctx, "CREATE INDEX "+lineStage+"_id ON "+lineStage+" (id)"); err != nil {
			return err
		}
		n, err := tx.exec(ctx, "UPDATE "+e.table+" SET "+strings.Join(set, ", ")+" FROM "+lineStage+" AS s WHERE "+
			e.table+".id = s.id AND "+e.table+".version = s.read_version AND "+e.table+".report_id = $1", string(report))
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DROP TABLE "+lineStage); err != nil {
			return err
		}
		if n != int64(len(changes)) {
			// A line changed since the step read it, or is not the
			// report's.
			return staleVersion(e.label)
		}
		before, after := store.LineBatchAudit(changes)
		return tx.audit(ctx, store.ActionUpdateLines, store.EntityPartnerReport, string(report), before, after, at)
	})
}

// CreateReportLines stores the new lines of report a cycle step made
// (ImportReportLines, CarryParked) with CopyFrom and one audit entry.
func (s *Store) CreateReportLines(ctx context.Context, report socialsvc.PartnerReportID, lines []socialsvc.ReportExpenditure) error {
	if err := store.CheckLineBatch(ctx); err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	batch := make([]socialsvc.ReportExpenditure, len(lines))
	err := s.write(ctx, func(tx *Store) error {
		e := tx.e.cyc.rlin
		copy(batch, lines)
		at := now()
		for i := range batch {
			v := &batch[i]
			if v.ID == "" {
				v.ID = socialsvc.ExpenditureID(socialsvc.NewID(e.prefix))
			}
			if v.ReportID != report {
				return &socialsvc.Error{Code: socialsvc.Internal, Message: "sqlstore: a line of another report in a batch of report " + string(report)}
			}
			v.Version, v.CreatedAt, v.UpdatedAt = 1, at, at
		}
		if _, err := copyRows(ctx, tx, e, batch); err != nil {
			return err
		}
		return tx.audit(ctx, store.ActionCreateLines, store.EntityPartnerReport, string(report), nil, store.LineCreateAudit(batch), at)
	})
	if err != nil {
		return err
	}
	copy(lines, batch)
	return nil
}
