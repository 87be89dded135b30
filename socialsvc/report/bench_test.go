package report

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// heapSampler records the peak of live heap objects while a measured
// call runs, by reading runtime/metrics (which does not stop the world)
// every half millisecond.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak uint64
}

var heapMetric = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapNow() uint64 {
	s := make([]metrics.Sample, 1)
	copy(s, heapMetric)
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			if v := heapNow(); v > h.peak {
				h.peak = v
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	<-h.done
	if v := heapNow(); v > h.peak {
		h.peak = v
	}
	return h.peak
}

// benchExpenditure generates n expenditure lines of one project over four
// partners, four categories and four periods; one in ten is kuna before
// 2023, converted at the bench project's contract rate 7.43. IDs are sequential so that the memory store
// appends them.
func benchExpenditure(p *socialsvc.Project, partners []socialsvc.PartnerID, n int) func(yield func(socialsvc.Expenditure) bool) {
	cats := []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment}
	return func(yield func(socialsvc.Expenditure) bool) {
		rng := rand.New(rand.NewPCG(42, 1))
		days := int(p.End.Time().Sub(p.Start.Time()).Hours() / 24)
		for i := 0; i < n; i++ {
			date := p.Start.AddDays(rng.IntN(days + 1))
			e := socialsvc.Expenditure{ID: socialsvc.ExpenditureID(fmt.Sprintf("x%08d", i)), ProjectID: p.ID, PartnerID: partners[rng.IntN(len(partners))],
				Category: cats[rng.IntN(len(cats))], Period: p.PeriodOf(date), Date: date, Amount: socialsvc.Cents(int64(1+rng.IntN(500_000)), socialsvc.EUR)}
			if rng.IntN(10) == 0 && date.Before(socialsvc.NewDate(2023, 1, 1)) {
				// Converted by the store at the month's rate (benchProject
				// loads 7.43 for every month of 2022), as the rate rule says.
				e.Amount = socialsvc.Cents(int64(1+rng.IntN(3_000_000)), socialsvc.HRK)
			}
			if !yield(e) {
				return
			}
		}
	}
}

var benchFlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}

// flatSpent is the flat-rate spending of a report: what it adds to the
// expenditure lines summed.
func flatSpent(r *FinancialReport) int64 {
	var n int64
	for _, f := range r.FlatRates {
		n += f.Spent.Cents()
	}
	return n
}

// benchProject creates the project, partners and budget that the
// expenditure benchmarks report on.
func benchProject(ctx context.Context, s store.Store) (*socialsvc.Project, []socialsvc.PartnerID, error) {
	fund := &socialsvc.Fund{ID: "bench-erdf", Code: "ERDF", Name: socialsvc.I18n{"hr": "EFRR", "en": "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	if err := s.CreateFund(ctx, fund); err != nil {
		return nil, nil, err
	}
	// Office and administration at 15 % of staff costs: the report
	// computes it on the spending of every partner and period
	// (socialsvc.ComputeFlatRates), as for 2SoKroG.
	p := &socialsvc.Project{ID: "bench", Acronym: "BENCH", Title: socialsvc.I18n{"hr": "Mjerenje", "en": "Benchmark"}, Programme: "Bench", Currency: socialsvc.EUR,
		RateRule: socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
			{Currency: socialsvc.HRK, Rate: decimal.RequireFromString("7.43"), Date: socialsvc.NewDate(2021, 1, 1), Source: "bench agreement"}}},
		Start: socialsvc.MustDate("2022-01-01"), End: socialsvc.MustDate("2023-12-31"), FlatRates: benchFlatRates}
	for i, d := 0, p.Start; i < 4; i++ {
		end := d.AddDays(181)
		if i == 3 {
			end = p.End
		}
		p.Periods = append(p.Periods, socialsvc.Period{Number: i + 1, Start: d, End: end})
		d = end.AddDays(1)
	}
	if err := s.CreateProject(ctx, p); err != nil {
		return nil, nil, err
	}
	for m := 1; m <= 12; m++ {
		if err := s.PutRate(ctx, socialsvc.Rate{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2022, Month: time.Month(m)}, Rate: decimal.RequireFromString("7.43"), Source: "InforEuro"}); err != nil {
			return nil, nil, err
		}
	}
	var ids []socialsvc.PartnerID
	for i := 0; i < 4; i++ {
		o := &socialsvc.Organisation{ID: socialsvc.OrgID(fmt.Sprintf("bench-o%d", i)), Name: fmt.Sprintf("Partner %d", i), LegalStatus: socialsvc.LegalNGO, Country: "AT", TaxID: fmt.Sprintf("ATU0000%d", i)}
		if err := s.CreateOrganisation(ctx, o); err != nil {
			return nil, nil, err
		}
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
		}
		pt := &socialsvc.Partner{ID: socialsvc.PartnerID(fmt.Sprintf("bench-p%d", i)), ProjectID: p.ID, OrgID: o.ID, Role: role, Number: i + 1,
			Funding: []socialsvc.CoFinancing{{FundID: fund.ID, RatePercent: decimal.NewFromInt(85)}}}
		if err := s.CreatePartner(ctx, pt); err != nil {
			return nil, nil, err
		}
		ids = append(ids, pt.ID)
		for _, per := range p.Periods {
			if err := s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: pt.ID, Category: socialsvc.CatStaff, Period: per.Number, Amount: socialsvc.Cents(50_000_000_00, socialsvc.EUR)}); err != nil {
				return nil, nil, err
			}
		}
	}
	return p, ids, nil
}

var (
	memBenchOnce  sync.Once
	memBenchStore *memory.Store
	memBenchLines []socialsvc.Expenditure
	memBenchErr   error
)

const benchLines = 1_000_000

func memoryBenchData(b *testing.B) (*memory.Store, []socialsvc.Expenditure) {
	memBenchOnce.Do(func() {
		ctx := context.Background()
		s := memory.New()
		p, partners, err := benchProject(ctx, s)
		if err != nil {
			memBenchErr = err
			return
		}
		lines := make([]socialsvc.Expenditure, 0, benchLines)
		for e := range benchExpenditure(p, partners, benchLines) {
			if err := s.CreateExpenditure(ctx, &e); err != nil {
				memBenchErr = err
				return
			}
			lines = append(lines, e)
		}
		memBenchStore, memBenchLines = s, lines
	})
	if memBenchErr != nil {
		b.Fatal(memBenchErr)
	}
	return memBenchStore, memBenchLines
}

type handKey struct {
	p   socialsvc.PartnerID
	c   socialsvc.CostCategory
	per int
}

// handSum is the hand-written aggregation the report is measured
// against: int64 cents per partner, category and period, nothing else.
func handSum(lines []socialsvc.Expenditure, project socialsvc.ProjectID) map[handKey]int64 {
	m := make(map[handKey]int64, 64)
	for i := range lines {
		e := &lines[i]
		if e.ProjectID != project {
			continue
		}
		m[handKey{e.PartnerID, e.Category, e.Period}] += e.Converted.Cents()
	}
	return m
}

// BenchmarkFinancialMemory1M times the financial report over 1,000,000
// expenditure lines in the memory store, with the office flat rate applied
// to the spending of each partner and period, and in the same benchmark the
// hand-written int64 aggregation over the same lines. Metrics:
// ns/op (the report), baseline-ns/op, x-baseline (their ratio; the target
// is at most 3) and extra-heap-MB (peak live heap during the report above
// the heap before it: the report streams, so this stays flat).
func BenchmarkFinancialMemory1M(b *testing.B) {
	s, lines := memoryBenchData(b)
	ctx := context.Background()
	want := handSum(lines, "bench")
	var total int64
	for _, v := range want {
		total += v
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	var reportTime, baseTime time.Duration
	var extraPeak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer() // ns/op and allocs are the report's alone
		t0 := time.Now()
		_ = handSum(lines, "bench")
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
		if flat := flatSpent(r); flat == 0 || r.Total.Spent.Cents()-flat != total {
			b.Fatalf("report spent %d cents with %d of flat rates, hand-written sum %d", r.Total.Spent.Cents(), flat, total)
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

// bigReport is a Report of one table of n rows, for the renderer
// benchmarks.
type bigReport struct {
	Header
	n int
}

func (r *bigReport) Tables(lang socialsvc.Lang) []Table {
	t := Table{ID: "rows", Title: "Rows", RowHeaders: 1, Columns: []Column{
		{Key: "partner", Label: "Partner", Kind: CellText}, {Key: "date", Label: "Date", Kind: CellDate},
		{Key: "category", Label: "Category", Kind: CellText}, {Key: "amount", Label: "Amount (EUR)", Kind: CellMoney, Currency: socialsvc.EUR},
		{Key: "converted", Label: "Amount (HRK)", Kind: CellMoney, Currency: socialsvc.HRK}, {Key: "share", Label: "Share (%)", Kind: CellPercent},
		{Key: "count", Label: "Count", Kind: CellInt}, {Key: "small", Label: "Small", Kind: CellInt},
	}}
	rng := rand.New(rand.NewPCG(1, 1))
	t.Rows = make([]Row, r.n)
	start := socialsvc.MustDate("2022-01-01")
	for i := range t.Rows {
		e := socialsvc.Cents(int64(rng.IntN(10_000_000)), socialsvc.EUR)
		h, _ := e.ToHRK()
		small := IntCell(int64(5 + rng.IntN(100)))
		if i%7 == 0 {
			small = Cell{Kind: CellSuppressed}
		}
		t.Rows[i] = Row{Cells: []Cell{TextCell(fmt.Sprintf("Partner %d", i%13)), DateCell(start.AddDays(i % 700)), TextCell(socialsvc.CostCategories[i%8].Label(lang)),
			MoneyCell(e), MoneyCell(h), PercentCell(decimal.New(int64(rng.IntN(10000)), -2)), IntCell(int64(i)), small}}
	}
	return []Table{t}
}

func (r *bigReport) Charts(socialsvc.Lang) []Chart { return nil }

func benchRender(b *testing.B, write func(io.Writer, Report) error) {
	rep := &bigReport{Header: Header{Kind: KindFinancial, Title: socialsvc.I18n{"en": "Bench"}}, n: 100_000}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	var extraPeak uint64
	for i := 0; i < b.N; i++ {
		before := heapNow()
		hs := startHeapSampler()
		if err := write(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
		if peak := hs.Stop(); peak > before && peak-before > extraPeak {
			extraPeak = peak - before
		}
	}
	b.ReportMetric(float64(extraPeak)/(1<<20), "extra-heap-MB")
}

// BenchmarkXLSX100k writes a 100,000-row table (8 columns of text, dates,
// money, percentages and counts) as XLSX; BenchmarkCSV100k the same rows
// as CSV. The table itself is built inside the measured call (Tables),
// as it is for a real report.
func BenchmarkXLSX100k(b *testing.B) {
	benchRender(b, func(w io.Writer, r Report) error { return WriteXLSX(w, r, socialsvc.HR) })
}

// BenchmarkCSV100k: see BenchmarkXLSX100k.
func BenchmarkCSV100k(b *testing.B) {
	benchRender(b, func(w io.Writer, r Report) error { return WriteCSV(w, r, CSVOptions{Croatian: true}) })
}

// BenchmarkProtectSocialAtelier measures the disclosure control of the
// biggest demo project (742 people, 4,563 visits, 3 periods): every
// figure of the whole project and its periods protected and audited
// together, as each public beneficiary report, dashboard page and IATI
// file computes it.
func BenchmarkProtectSocialAtelier(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		protections = &protectionCache{m: map[[32]byte]*protector{}} // measure the audit, not the cache
		if _, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportAudit(b)
}

// reportAudit reports the size of the last audit: its rounds and the
// linear programs it solved, figures that do not depend on the load of a
// shared machine.
func reportAudit(b *testing.B) {
	for _, pr := range protections.m {
		b.ReportMetric(float64(pr.rounds), "rounds/op")
		b.ReportMetric(float64(pr.lps), "LPs/op")
	}
}

// BenchmarkProtectSocialAtelierCached is a second request for the same
// data: the audit's result is reused.
func BenchmarkProtectSocialAtelierCached(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		b.Fatal(err)
	}
	if _, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactSocialAtelier is the same report with exact counts, for
// comparison.
func BenchmarkExactSocialAtelier(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Disclosure: Exact}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProtectTenPeriods measures the cold disclosure audit of a
// project of realistic size with ten reporting periods: 400 people, 80
// events, special-category groups of one to four people, people coming
// in several periods. Every iteration audits from scratch (the cache is
// emptied), as the first public request after new attendance does.
func BenchmarkProtectTenPeriods(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	p := tenPeriodProject(b, ctx, s)
	b.ResetTimer()
	for b.Loop() {
		protections = &protectionCache{m: map[[32]byte]*protector{}}
		if _, err := Beneficiaries(ctx, s, p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportAudit(b)
}

func tenPeriodProject(b *testing.B, ctx context.Context, s store.Store) socialsvc.ProjectID {
	b.Helper()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(10, 10))
	org := &socialsvc.Organisation{ID: "tp-o", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "AT", TaxID: "ATU10"}
	must(s.CreateOrganisation(ctx, org))
	p := &socialsvc.Project{ID: "tp", Acronym: "TP", Title: socialsvc.I18n{socialsvc.HR: "Deset razdoblja", socialsvc.EN: "Ten periods"}, Programme: "Test", Currency: socialsvc.EUR,
		Start: socialsvc.MustDate("2022-01-01"), Status: socialsvc.StatusInImplementation,
		Regions:      []socialsvc.Region{{Code: "HR050", Version: socialsvc.NUTS2021}, {Code: "HR031", Version: socialsvc.NUTS2021}},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGYouth, socialsvc.TGElderly, socialsvc.TGRoma, socialsvc.TGLGBTIQ}}
	d := p.Start
	for i := 1; i <= 10; i++ {
		end := d.AddDays(89)
		p.Periods = append(p.Periods, socialsvc.Period{Number: i, Start: d, End: end})
		d = end.AddDays(1)
	}
	p.End = d.AddDays(-1)
	must(s.CreateProject(ctx, p))
	pt := &socialsvc.Partner{ID: "tp-p", ProjectID: p.ID, OrgID: org.ID, Role: socialsvc.RoleLead, Number: 1}
	must(s.CreatePartner(ctx, pt))
	var events []socialsvc.EventID
	for i := 0; i < 80; i++ {
		e := &socialsvc.Event{ID: socialsvc.EventID(fmt.Sprintf("tp-e%d", i)), ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{socialsvc.HR: "R", socialsvc.EN: "W"},
			Start: p.Start.AddDays(i * 900 / 80), Organiser: pt.ID}
		must(s.CreateEvent(ctx, e))
		events = append(events, e.ID)
	}
	genders := []socialsvc.Gender{socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderOther, socialsvc.GenderUnknown}
	for i := 0; i < 400; i++ {
		bn := &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(fmt.Sprintf("tp-b%03d", i)), OrgID: org.ID, ProjectID: p.ID, Gender: genders[rng.IntN(len(genders))],
			BirthYear: 1945 + rng.IntN(62), Region: []string{"HR050", "HR050", "HR031", ""}[rng.IntN(4)],
			LegalBasis: socialsvc.BasisConsent, ConsentDate: p.Start, RetainUntil: socialsvc.MustDate("2035-12-31")}
		switch {
		case i < 3:
			bn.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGLGBTIQ}
		case i < 7:
			bn.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGRoma}
		case rng.IntN(3) == 0:
			bn.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth}
		case rng.IntN(4) == 0:
			bn.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGElderly}
		}
		must(s.CreateBeneficiary(ctx, bn))
		first := rng.IntN(len(events))
		for j := first; j < len(events) && j < first+1+rng.IntN(12); j++ {
			must(s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: events[j], BeneficiaryID: bn.ID}))
		}
	}
	return p.ID
}
