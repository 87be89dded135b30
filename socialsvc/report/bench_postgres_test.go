package report

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/postgres"
)

// bareGroupBy is the query the financial report is measured against: the
// grouping the report needs, written by hand, with nothing around it.
const bareGroupBy = `SELECT partner_id, category, period, amount_currency, SUM(amount)::text, SUM(converted)::text, COUNT(*)
FROM expenditure WHERE project_id = $1 GROUP BY partner_id, category, period, amount_currency`

// BenchmarkFinancialPostgres1M times the financial report over 1,000,000
// expenditure lines in PostgreSQL, with the office flat rate applied to
// spending, (SOCIALSVC_TEST_POSTGRES; skipped
// without), where store.Aggregator pushes the sums into SQL, against the
// bare GROUP BY over the same rows in the same benchmark. Metrics: ns/op
// (the report), baseline-ns/op (the query), x-baseline (target at most
// 1.5) and extra-heap-MB. The lines are loaded once (COPY through
// store.ImportExpenditure) into project "bench" and reused by later runs.
func BenchmarkFinancialPostgres1M(b *testing.B) {
	url := os.Getenv("SOCIALSVC_TEST_POSTGRES")
	if url == "" {
		b.Skip("SOCIALSVC_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	s, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)

	var have int64
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM expenditure WHERE project_id = 'bench'`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have != benchLines {
		if have != 0 {
			b.Fatalf("project bench holds %d expenditure lines, not %d: use an empty database", have, benchLines)
		}
		start := time.Now()
		p, partners, err := benchProject(ctx, s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := store.ImportExpenditure(ctx, s, func(yield func(socialsvc.Expenditure) bool) {
			for e := range benchExpenditure(p, partners, benchLines) {
				if !yield(e) {
					return
				}
			}
		}); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `ANALYZE expenditure`); err != nil {
			b.Fatal(err)
		}
		b.Logf("loaded %d lines in %s", benchLines, time.Since(start).Round(time.Second))
	}

	// A database loaded before flat rates were applied to spending gets
	// the benchmark's flat rate (which recomputes the office budget).
	if p, err := s.GetProject(ctx, "bench"); err != nil {
		b.Fatal(err)
	} else if len(p.FlatRates) == 0 {
		p.FlatRates = benchFlatRates
		if err := s.UpdateProject(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}

	bare := func() int64 {
		rows, err := conn.Query(ctx, bareGroupBy, "bench")
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		var n, total int64
		for rows.Next() {
			var p, c, cur, amount, conv string
			var per int
			if err := rows.Scan(&p, &c, &per, &cur, &amount, &conv, &n); err != nil {
				b.Fatal(err)
			}
			total += n
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		return total
	}
	// Warm both paths (plan cache, shared buffers).
	if got := bare(); got != benchLines {
		b.Fatalf("bare query counted %d lines", got)
	}
	if _, err := Financial(ctx, s, "bench", Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var reportTime, baseTime time.Duration
	var extraPeak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer() // ns/op and allocs are the report's alone
		t0 := time.Now()
		bare()
		t1 := time.Now()
		b.StartTimer()
		before := heapNow()
		hs := startHeapSampler()
		t2 := time.Now()
		r, err := Financial(ctx, s, "bench", Options{})
		t3 := time.Now()
		peak := hs.Stop()
		if err != nil {
			b.Fatal(err)
		}
		if r.Total.ExpenditureLines != benchLines {
			b.Fatalf("report counted %d lines", r.Total.ExpenditureLines)
		}
		if flatSpent(r) == 0 {
			b.Fatal("no flat-rate spending computed")
		}
		if peak > before && peak-before > extraPeak {
			extraPeak = peak - before
		}
		baseTime += t1.Sub(t0)
		reportTime += t3.Sub(t2)
	}
	b.StopTimer()
	b.ReportMetric(float64(baseTime.Nanoseconds())/float64(b.N), "baseline-ns/op")
	b.ReportMetric(float64(reportTime)/float64(baseTime), "x-baseline")
	b.ReportMetric(float64(extraPeak)/(1<<20), "extra-heap-MB")
}
