package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore/benchtest"
)

// BenchmarkImportAttendance imports 100,000 attendance rows (100 events ×
// 1,000 people) with store.ImportAttendance, beside the raw baseline: pgx
// CopyFrom of the same rows, without any checks.
func BenchmarkImportAttendance(b *testing.B) {
	s := openFresh(b)
	rows := benchtest.SeedAttendance(b, s, 100, 1000)
	raw := func(ctx context.Context, rows []socialsvc.Attendance) error {
		at := time.Now().UTC()
		_, err := s.pool.CopyFrom(ctx, pgx.Identifier{"attendance"}, []string{"event_id", "beneficiary_id", "project_id", "created_at"},
			pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
				a := &rows[i]
				return []any{string(a.EventID), string(a.BeneficiaryID), string(a.ProjectID), at}, nil
			}))
		return err
	}
	clear := func(ctx context.Context) error {
		_, err := s.pool.Exec(ctx, "TRUNCATE attendance")
		return err
	}
	benchtest.Import(b, s, rows, raw, clear)
}

// BenchmarkReadProject reads a project with its 6 partners and 48 budget
// lines.
func BenchmarkReadProject(b *testing.B) {
	s := openFresh(b)
	id := benchtest.SeedProject(b, s, 6, 8)
	benchtest.ReadProject(b, s, id, 6, 48)
}

// BenchmarkCycle submits, controls and certifies a partner report of
// 10,000 lines and verifies its project report, beside importing the same
// lines as expenditure (benchtest.Cycle).
func BenchmarkCycle(b *testing.B) {
	benchtest.Cycle(b, openFresh(b))
}

// BenchmarkParticipants100k times the participants report over 100,000
// participations beside the bare GROUP BY of the same counts
// (benchtest.BareESFGroupBy). Run with -benchtime 1x.
func BenchmarkParticipants100k(b *testing.B) {
	const n = 100_000
	s := openFresh(b)
	project := benchtest.SeedParticipations(b, s, n)
	if _, err := s.pool.Exec(context.Background(), "ANALYZE participations; ANALYZE beneficiaries"); err != nil {
		b.Fatal(err)
	}
	benchtest.Participants(b, s, project, n, 5, func(ctx context.Context, project socialsvc.ProjectID) (int64, error) {
		rows, err := s.pool.Query(ctx, benchtest.BareESFGroupBy, string(project))
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		var total int64
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				return 0, err
			}
			total += vals[12].(int64)
		}
		return total, rows.Err()
	})
}
