package benchtest

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// BareESFGroupBy is the query the participants report is measured
// against: the counts the report needs, every attribute at entry and
// every result by the beneficiary's gender and birth year, grouped by
// hand in SQL with nothing around it (the placeholder is the project).
const BareESFGroupBy = `SELECT b.gender, b.birth_year, p.labour_status, p.isced, p.disability, p.third_country_national, p.foreign_background,
	p.minority, p.homeless, p.rural, p.exit_situation, p.six_month_situation, COUNT(*), COUNT(DISTINCT p.beneficiary_id)
FROM participations p LEFT JOIN beneficiaries b ON b.id = p.beneficiary_id
WHERE p.project_id = $1
GROUP BY b.gender, b.birth_year, p.labour_status, p.isced, p.disability, p.third_country_national, p.foreign_background,
	p.minority, p.homeless, p.rural, p.exit_situation, p.six_month_situation`

// SeedParticipations creates a project of four years with eight
// half-year periods and n participations of n/2 beneficiaries (each enters
// twice, the second time after leaving), with every attribute and result
// varied deterministically, through the store's own writes (one
// transaction). It returns the project.
func SeedParticipations(tb testing.TB, s store.Store, n int) socialsvc.ProjectID {
	tb.Helper()
	ctx := context.Background()
	ps, err := store.AsParticipations(s)
	must(tb, err)
	org := socialsvc.Organisation{Name: "CESI", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	must(tb, s.CreateOrganisation(ctx, &org))
	start := socialsvc.MustDate("2022-01-01")
	var periods []socialsvc.Period
	for i := range 8 {
		ps := socialsvc.DateOf(start.Time().AddDate(0, 6*i, 0))
		periods = append(periods, socialsvc.Period{Number: i + 1, Start: ps, End: socialsvc.DateOf(ps.Time().AddDate(0, 6, 0)).AddDays(-1)})
	}
	p := socialsvc.Project{Acronym: "ESF", Title: socialsvc.I18n{"hr": "Sudionici"}, Start: start, End: socialsvc.MustDate("2025-12-31"), Periods: periods}
	must(tb, s.CreateProject(ctx, &p))
	must(tb, s.CreatePartner(ctx, &socialsvc.Partner{ProjectID: p.ID, OrgID: org.ID, Role: socialsvc.RoleLead, Number: 1}))
	genders := []socialsvc.Gender{socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderFemale, socialsvc.GenderOther, ""}
	bens := make([]socialsvc.Beneficiary, n/2)
	for i := range bens {
		bens[i] = socialsvc.Beneficiary{OrgID: org.ID, ProjectID: p.ID, Gender: genders[i%len(genders)], BirthYear: 1950 + i%60,
			LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2035-12-31")}
	}
	t0 := time.Now()
	_, err = store.ImportBeneficiaries(ctx, s, slices.Values(bens))
	must(tb, err)
	var ids []socialsvc.BeneficiaryID
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p.ID}) {
		must(tb, err)
		ids = append(ids, b.ID)
	}
	statuses := append([]socialsvc.LabourStatus{""}, socialsvc.LabourStatuses...)
	answers := []socialsvc.Answer{socialsvc.AnswerNo, socialsvc.AnswerYes, socialsvc.AnswerNo, socialsvc.Refused, socialsvc.Unanswered, socialsvc.AnswerNo}
	must(tb, s.WithTx(ctx, func(tx store.Store) error {
		tps, err := store.AsParticipations(tx)
		if err != nil {
			return err
		}
		for i, id := range ids {
			for k := range 2 {
				j := 2*i + k
				entry := start.AddDays((i*7)%700 + k*760)
				pt := socialsvc.Participation{ProjectID: p.ID, BeneficiaryID: id, EntryDate: entry, LabourStatus: statuses[j%len(statuses)],
					Disability: answers[j%6], ThirdCountryNational: answers[(j/6)%6], ForeignBackground: answers[(j/3)%6], Minority: answers[(j/5)%6],
					Homeless: answers[(j/7)%6], Rural: answers[(j/2)%6]}
				if j%10 != 0 {
					lvl := j % 9
					pt.ISCED = &lvl
				}
				if j%4 != 3 {
					pt.ExitDate = entry.AddDays(60 + j%120)
					pt.ExitSituation = []socialsvc.Result{{Outcome: socialsvc.ExitOutcomes[j%4], ObservedOn: pt.ExitDate, Source: socialsvc.SourceAsked}}
					if j%3 == 0 {
						pt.SixMonthSituation = []socialsvc.Result{{Outcome: socialsvc.SixMonthOutcomes[j%2],
							ObservedOn: socialsvc.DateOf(pt.ExitDate.Time().AddDate(0, 6, 1)), Source: socialsvc.SourceRegister}}
					}
				}
				if err := tps.CreateParticipation(ctx, &pt); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	_ = ps
	tb.Logf("seeded %d beneficiaries and %d participations in %s", len(ids), 2*len(ids), time.Since(t0).Round(time.Second))
	return p.ID
}

// Participants times the participants report (report.ParticipantsOf,
// exact and protected) over project, each beside bare (the driver's run
// of BareESFGroupBy, returning the participations it counted), in the
// same benchmark: reps rounds of all three, reporting the median of each
// as report-ms, protected-ms and baseline-ms, and report-ms ÷ baseline-ms
// as x-baseline (target at most 2). Run it with -benchtime 1x: the
// seeding is not repeated for b.N.
func Participants(b *testing.B, s store.Store, project socialsvc.ProjectID, n, reps int, bare func(ctx context.Context, project socialsvc.ProjectID) (int64, error)) {
	ctx := context.Background()
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	var exact, protected, base []time.Duration
	// Warm every path once (statement caches, the page cache).
	if _, err := report.ParticipantsOf(ctx, s, project, report.Options{Disclosure: report.Exact}); err != nil {
		b.Fatal(err)
	}
	if _, err := bare(ctx, project); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range reps {
		t0 := time.Now()
		got, err := bare(ctx, project)
		if err != nil {
			b.Fatal(err)
		}
		if got != int64(n) {
			b.Fatalf("the bare query counted %d participations, not %d", got, n)
		}
		t1 := time.Now()
		r, err := report.ParticipantsOf(ctx, s, project, report.Options{Disclosure: report.Exact})
		if err != nil {
			b.Fatal(err)
		}
		if r.Indicators[0].Total.Value != int64(n) {
			b.Fatalf("the report counted %d participations, not %d", r.Indicators[0].Total.Value, n)
		}
		t2 := time.Now()
		if _, err := report.ParticipantsOf(ctx, s, project, report.Options{}); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		base, exact, protected = append(base, t1.Sub(t0)), append(exact, t2.Sub(t1)), append(protected, t3.Sub(t2))
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(median(exact)), "report-ms")
	b.ReportMetric(ms(median(protected)), "protected-ms")
	b.ReportMetric(ms(median(base)), "baseline-ms")
	b.ReportMetric(float64(median(exact))/float64(median(base)), "x-baseline")
}
