package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore/benchtest"
)

func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkImportAttendance imports 100,000 attendance rows (100 events ×
// 1,000 people) with store.ImportAttendance, beside the raw baseline: one
// prepared INSERT per row in one transaction, without any checks.
func BenchmarkImportAttendance(b *testing.B) {
	s := openBench(b)
	rows := benchtest.SeedAttendance(b, s, 100, 1000)
	raw := func(ctx context.Context, rows []socialsvc.Attendance) error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		st, err := tx.PrepareContext(ctx, "INSERT INTO attendance (event_id, beneficiary_id, project_id, created_at) VALUES ($1, $2, $3, $4)")
		if err != nil {
			return err
		}
		at := dialect{}.Time(time.Now().UTC())
		for _, a := range rows {
			if _, err := st.ExecContext(ctx, string(a.EventID), string(a.BeneficiaryID), string(a.ProjectID), at); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
	clear := func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, "DELETE FROM attendance")
		return err
	}
	benchtest.Import(b, s, rows, raw, clear)
}

// BenchmarkReadProject reads a project with its 6 partners and 48 budget
// lines.
func BenchmarkReadProject(b *testing.B) {
	s := openBench(b)
	id := benchtest.SeedProject(b, s, 6, 8)
	benchtest.ReadProject(b, s, id, 6, 48)
}

// BenchmarkCycle submits, controls and certifies a partner report of
// 10,000 lines and verifies its project report, beside importing the same
// lines as expenditure (benchtest.Cycle).
func BenchmarkCycle(b *testing.B) {
	benchtest.Cycle(b, openBench(b))
}

// BenchmarkParticipants100k times the participants report over 100,000
// participations beside the bare GROUP BY of the same counts
// (benchtest.BareESFGroupBy). Run with -benchtime 1x.
func BenchmarkParticipants100k(b *testing.B) {
	const n = 100_000
	s := openBench(b)
	project := benchtest.SeedParticipations(b, s, n)
	benchtest.Participants(b, s, project, n, 5, func(ctx context.Context, project socialsvc.ProjectID) (int64, error) {
		rows, err := s.db.QueryContext(ctx, benchtest.BareESFGroupBy, string(project))
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		var total int64
		for rows.Next() {
			var gender, status, dis, tcn, fb, min, hom, rur string
			var year, isced, exit, six, distinct any
			var count int64
			if err := rows.Scan(&gender, &year, &status, &isced, &dis, &tcn, &fb, &min, &hom, &rur, &exit, &six, &count, &distinct); err != nil {
				return 0, err
			}
			total += count
		}
		return total, rows.Err()
	})
}
