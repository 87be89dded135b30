package socialsvc_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Benchmarks of the Money core. Each benchmark has a baseline sub-benchmark
// doing the same work on bare int64 cents (and, where it is the obvious
// alternative, on shopspring/decimal), so that the cost of the Money API
// reads as a ratio. BENCHMARKS.md at the repository root records the
// figures:
//
//	go test -run '^$' -bench . -benchmem ./socialsvc/

// Sinks keep the compiler from discarding results.
var (
	sinkInt64   int64
	sinkMoney   socialsvc.Money
	sinkDecimal decimal.Decimal
	sinkErr     error
)

// benchCents returns n amounts in cents, from cents to hundreds of
// thousands of euro like real budget and expenditure lines, with a fixed
// seed so that every run measures the same data.
func benchCents(n int) []int64 {
	rng := rand.New(rand.NewPCG(1, 1))
	out := make([]int64, n)
	for i := range out {
		out[i] = rng.Int64N(100_000_000) // up to 999.999,99
		if i%10 == 0 {
			out[i] = -out[i] // corrections and refunds
		}
	}
	return out
}

// parseInt64Cents is the baseline parser: the least work that turns
// "1234.56" into cents with strconv, without the validation ParseMoney does
// (it assumes exactly the canonical form).
func parseInt64Cents(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, err
	}
	if strings.HasPrefix(whole, "-") {
		return w*100 - f, nil
	}
	return w*100 + f, nil
}

func BenchmarkParseMoney(b *testing.B) {
	cents := benchCents(1024)
	in := make([]string, len(cents))
	for i, c := range cents {
		in[i] = socialsvc.Cents(c, socialsvc.EUR).AmountString()
	}
	b.Run("ParseMoney", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkMoney, sinkErr = socialsvc.ParseMoney(in[i%len(in)], socialsvc.EUR)
			i++
		}
	})
	b.Run("int64-strconv", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkInt64, sinkErr = parseInt64Cents(in[i%len(in)])
			i++
		}
	})
	b.Run("decimal.NewFromString", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkDecimal, sinkErr = decimal.NewFromString(in[i%len(in)])
			i++
		}
	})
}

func BenchmarkToEUR(b *testing.B) {
	cents := benchCents(1024)
	kn := make([]socialsvc.Money, len(cents))
	decs := make([]decimal.Decimal, len(cents))
	for i, c := range cents {
		kn[i] = socialsvc.Cents(c, socialsvc.HRK)
		decs[i] = decimal.New(c, -2)
	}
	b.Run("Money.ToEUR", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkMoney, sinkErr = kn[i%len(kn)].ToEUR()
			i++
		}
	})
	b.Run("int64-half-up", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			n := cents[i%len(cents)] * 100000
			q, r := n/753450, n%753450
			if r < 0 {
				r = -r
			}
			if 2*r >= 753450 {
				if n < 0 {
					q--
				} else {
					q++
				}
			}
			sinkInt64 = q
			i++
		}
	})
	b.Run("decimal.DivRound", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkDecimal = decs[i%len(decs)].DivRound(socialsvc.HRKPerEUR, 2)
			i++
		}
	})
}

func BenchmarkCoFinance(b *testing.B) {
	cents := benchCents(1024)
	for i := range cents {
		if cents[i] < 0 {
			cents[i] = -cents[i]
		}
	}
	totals := make([]socialsvc.Money, len(cents))
	for i, c := range cents {
		totals[i] = socialsvc.Cents(c, socialsvc.EUR)
	}
	rate := decimal.NewFromInt(85)
	b.Run("CoFinance", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkMoney, _, sinkErr = socialsvc.CoFinance(totals[i%len(totals)], rate)
			i++
		}
	})
	b.Run("CoFinance-rate-6-decimals", func(b *testing.B) {
		// The exact big-integer path, for rates with more than 4 decimals.
		r := decimal.RequireFromString("84.999999")
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkMoney, _, sinkErr = socialsvc.CoFinance(totals[i%len(totals)], r)
			i++
		}
	})
	b.Run("int64", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkInt64 = cents[i%len(cents)] * 85 / 100
			i++
		}
	})
}

// BenchmarkSum1M sums 1,000,000 amounts per operation: the work of a
// financial report over a large portfolio.
func BenchmarkSum1M(b *testing.B) {
	const n = 1_000_000
	cents := benchCents(n)
	ms := make([]socialsvc.Money, n)
	for i, c := range cents {
		ms[i] = socialsvc.Cents(c, socialsvc.EUR)
	}
	perValue := func(b *testing.B, ops int) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops)/n, "ns/value")
	}

	b.Run("int64", func(b *testing.B) {
		b.ReportAllocs()
		ops := 0
		for b.Loop() {
			var s int64
			for _, c := range cents {
				s += c
			}
			sinkInt64 = s
			ops++
		}
		perValue(b, ops)
	})
	b.Run("Money.Add", func(b *testing.B) {
		b.ReportAllocs()
		ops := 0
		for b.Loop() {
			s := socialsvc.Zero(socialsvc.EUR)
			var err error
			for _, m := range ms {
				if s, err = s.Add(m); err != nil {
					b.Fatal(err)
				}
			}
			sinkMoney = s
			ops++
		}
		perValue(b, ops)
	})
	b.Run("Total.Add", func(b *testing.B) {
		b.ReportAllocs()
		ops := 0
		for b.Loop() {
			t := socialsvc.NewTotal(socialsvc.EUR)
			for _, m := range ms {
				if err := t.Add(m); err != nil {
					b.Fatal(err)
				}
			}
			sinkMoney, sinkErr = t.Money()
			ops++
		}
		perValue(b, ops)
	})
	b.Run("Total.AddCents", func(b *testing.B) {
		b.ReportAllocs()
		ops := 0
		for b.Loop() {
			t := socialsvc.NewTotal(socialsvc.EUR)
			for _, c := range cents {
				t.AddCents(c)
			}
			sinkMoney, sinkErr = t.Money()
			ops++
		}
		perValue(b, ops)
	})
	b.Run("decimal.Add", func(b *testing.B) {
		ds := make([]decimal.Decimal, n)
		for i, c := range cents {
			ds[i] = decimal.New(c, -2)
		}
		b.ReportAllocs()
		ops := 0
		for b.Loop() {
			s := decimal.Zero
			for _, d := range ds {
				s = s.Add(d)
			}
			sinkDecimal = s
			ops++
		}
		perValue(b, ops)
	})
}
