// Package benchtest holds the benchmarks the SQL drivers share, so that
// SQLite and PostgreSQL are measured with the same data and the same
// loop, each beside its own raw baseline.
package benchtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// SeedAttendance creates a project with nEvents events and nBens
// beneficiaries and returns every (event, beneficiary) pair as attendance
// rows, with the project set as an import sets it.
func SeedAttendance(tb testing.TB, s store.Store, nEvents, nBens int) []socialsvc.Attendance {
	tb.Helper()
	ctx := context.Background()
	org := socialsvc.Organisation{Name: "Socijalni atelje", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	must(tb, s.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{Acronym: "Atelje", Title: socialsvc.I18n{"hr": "Socijalni atelje"}, Start: socialsvc.MustDate("2021-01-01"), End: socialsvc.MustDate("2023-12-31")}
	must(tb, s.CreateProject(ctx, &p))
	bens := make([]socialsvc.Beneficiary, nBens)
	for i := range bens {
		bens[i] = socialsvc.Beneficiary{OrgID: org.ID, ProjectID: p.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
	}
	_, err := store.ImportBeneficiaries(ctx, s, slices.Values(bens))
	must(tb, err)
	var benIDs []socialsvc.BeneficiaryID
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p.ID}) {
		must(tb, err)
		benIDs = append(benIDs, b.ID)
	}
	var events []socialsvc.EventID
	must(tb, s.WithTx(ctx, func(tx store.Store) error {
		for i := range nEvents {
			e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventCommunity, Title: socialsvc.I18n{"hr": fmt.Sprintf("Radionica %d", i)}, Start: socialsvc.MustDate("2022-01-01").AddDays(i % 700)}
			if err := tx.CreateEvent(ctx, &e); err != nil {
				return err
			}
			events = append(events, e.ID)
		}
		return nil
	}))
	rows := make([]socialsvc.Attendance, 0, nEvents*nBens)
	for _, e := range events {
		for _, b := range benIDs {
			rows = append(rows, socialsvc.Attendance{EventID: e, BeneficiaryID: b, ProjectID: p.ID})
		}
	}
	return rows
}

// Import measures store.ImportAttendance of rows against raw, the
// driver's fastest way to write the same rows without checks, in the same
// benchmark. clear empties the attendance table between runs. It reports
// rows/s of the store (the benchmark's own time), raw-rows/s and the
// store's share of the raw speed in percent.
func Import(b *testing.B, s store.Store, rows []socialsvc.Attendance, raw func(ctx context.Context, rows []socialsvc.Attendance) error, clear func(ctx context.Context) error) {
	ctx := context.Background()
	var storeTime, rawTime time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		must(b, clear(ctx))
		b.StartTimer()
		start := time.Now()
		n, err := store.ImportAttendance(ctx, s, slices.Values(rows))
		storeTime += time.Since(start)
		b.StopTimer()
		must(b, err)
		if n != len(rows) {
			b.Fatalf("imported %d rows of %d", n, len(rows))
		}
		must(b, clear(ctx))
		start = time.Now()
		must(b, raw(ctx, rows))
		rawTime += time.Since(start)
		b.StartTimer()
	}
	b.StopTimer()
	total := float64(len(rows) * b.N)
	b.ReportMetric(total/storeTime.Seconds(), "rows/s")
	b.ReportMetric(total/rawTime.Seconds(), "raw-rows/s")
	b.ReportMetric(100*rawTime.Seconds()/storeTime.Seconds(), "%-of-raw")
}

// SeedProject creates a project with partners, each with budget lines
// per category and period, and returns its ID.
func SeedProject(tb testing.TB, s store.Store, partners, linesPerPartner int) socialsvc.ProjectID {
	tb.Helper()
	ctx := context.Background()
	p := socialsvc.Project{Acronym: "2SoKroG", Title: socialsvc.I18n{"hr": "Socijalna kohezija", "en": "Social cohesion"},
		Programme: "Interreg V-A Slovenija–Hrvatska 2014–2020", Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31"),
		Regions:      []socialsvc.Region{{Code: "SI032", Version: socialsvc.NUTS2021}, {Code: "HR061", Version: socialsvc.NUTS2021}},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGElderly, socialsvc.TGRoma},
		Periods: []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2019-08-31")},
			{Number: 2, Start: socialsvc.MustDate("2019-09-01"), End: socialsvc.MustDate("2020-08-31")}}}
	must(tb, s.CreateProject(ctx, &p))
	cats := []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment}
	for i := range partners {
		o := socialsvc.Organisation{Name: fmt.Sprintf("Partner %d", i), LegalStatus: socialsvc.LegalNGO, Country: "HR"}
		must(tb, s.CreateOrganisation(ctx, &o))
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
		}
		pt := socialsvc.Partner{ProjectID: p.ID, OrgID: o.ID, Role: role, Number: i + 1}
		must(tb, s.CreatePartner(ctx, &pt))
		for j := range linesPerPartner {
			l := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: pt.ID, Category: cats[j%len(cats)], Period: 1 + j%2,
				Amount: socialsvc.Cents(int64(100000+j*1234), socialsvc.EUR)}
			must(tb, s.CreateBudgetLine(ctx, &l))
		}
	}
	return p.ID
}

// ReadProject measures reading a project with its partners and budget
// lines, as a project page does.
func ReadProject(b *testing.B, s store.Store, id socialsvc.ProjectID, partners, lines int) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p, err := s.GetProject(ctx, id)
		must(b, err)
		pts, err := s.ListPartners(ctx, store.PartnerFilter{ProjectID: p.ID, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
		must(b, err)
		ls, err := s.ListBudgetLines(ctx, store.BudgetFilter{ProjectID: p.ID, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
		must(b, err)
		if len(pts.Items) != partners || len(ls.Items) != lines {
			b.Fatalf("read %d partners and %d lines, want %d and %d", len(pts.Items), len(ls.Items), partners, lines)
		}
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
