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
// into a staging table for changed ones, which one UPDATE ... FROM then
// writes over the stored lines at their read versions. The same SQL runs
// on both databases (SQLite has UPDATE ... FROM since 3.33). Each call
// records one audit entry on the report (store.LineBatchAudit).

var _ store.ReportLineWriter = (*Store)(nil)

// lineStage is the staging table of UpdateReportLines: report_lines'
// columns and read_version, the version each line was read at. It lives
// in the temporary schema of the transaction's connection and is dropped
// before the call returns (or with the transaction rolled back).
const lineStage = "report_lines_stage"

// UpdateReportLines writes the lines a cycle step changed, each at the
// version the step read it at, with one audit entry.
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
		rows := make([]socialsvc.ReportExpenditure, len(changes))
		for i := range changes {
			b := &changes[i].Before
			rows[i] = changes[i].After
			rows[i].ID, rows[i].ReportID, rows[i].Version, rows[i].CreatedAt, rows[i].UpdatedAt = b.ID, b.ReportID, b.Version+1, b.CreatedAt, at
		}
		if _, err := tx.exec(ctx, "CREATE TEMP TABLE "+lineStage+" AS SELECT *, version AS read_version FROM "+e.table+" WHERE 1 = 0"); err != nil {
			return err
		}
		cols := append(e.insertCols(tx.d), "read_version")
		i := 0
		args := make([]any, 0, len(cols))
		if _, err := tx.tx.CopyFrom(ctx, lineStage, cols, func() ([]any, error) {
			if i >= len(rows) {
				return nil, nil
			}
			args = args[:0]
			for _, f := range e.fields {
				args = f.args(tx.d, &rows[i], args)
			}
			args = append(args, changes[i].Before.Version)
			i++
			return args, nil
		}); err != nil {
			return tx.fail(ctx, err)
		}
		n, err := tx.exec(ctx, e.stageUpdate(tx.d), string(report))
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DROP TABLE "+lineStage); err != nil {
			return err
		}
		if n != int64(len(rows)) {
			// A line changed since the step read it, or is not the
			// report's.
			return staleVersion(e.label)
		}
		before, after := store.LineBatchAudit(changes)
		return tx.audit(ctx, store.ActionUpdateLines, store.EntityPartnerReport, string(report), before, after, at)
	})
}

// stageUpdate is the UPDATE that writes lineStage over report_lines: every
// column but the ID, the report and the creation time, where the stored
// version is the one read; $1 is the report.
func (e *entity[T]) stageUpdate(d Dialect) string {
	var set []string
	for _, c := range e.insertCols(d) {
		if c != "id" && c != "report_id" && c != "created_at" {
			set = append(set, c+" = s."+c)
		}
	}
	return "UPDATE " + e.table + " SET " + strings.Join(set, ", ") + " FROM " + lineStage + " AS s WHERE " +
		e.table + ".id = s.id AND " + e.table + ".version = s.read_version AND " + e.table + ".report_id = $1"
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
		i := 0
		args := make([]any, 0, e.nargs)
		if _, err := tx.tx.CopyFrom(ctx, e.table, e.insertCols(tx.d), func() ([]any, error) {
			if i >= len(batch) {
				return nil, nil
			}
			args = args[:0]
			for _, f := range e.fields {
				args = f.args(tx.d, &batch[i], args)
			}
			i++
			return args, nil
		}); err != nil {
			return tx.fail(ctx, err)
		}
		return tx.audit(ctx, store.ActionCreateLines, store.EntityPartnerReport, string(report), nil, store.LineCreateAudit(batch), at)
	})
	if err != nil {
		return err
	}
	copy(lines, batch)
	return nil
}
