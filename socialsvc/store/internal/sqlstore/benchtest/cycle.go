package benchtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// CycleLines is the size of the partner report Cycle measures.
const CycleLines = 10000

// Cycle measures the reporting cycle of one partner report of CycleLines
// lines (issue 14's benchmark): submitting it (every line converted and
// frozen), taking it into control, certifying it (every line outside the
// sample certified as declared), bundling it into a project report,
// submitting and verifying that (the payments computed), beside
// importing the same lines as expenditure with store.ImportExpenditure,
// in the same loop. Writing the report's lines is set-up, not timed. It
// reports import-ms and cycle-ms per op and their ratio, cycle-x-import.
func Cycle(b *testing.B, s store.Store) {
	ctx := context.Background()
	c, err := store.AsCycle(s)
	must(b, err)
	org := socialsvc.Organisation{Name: "Zavod Bistra Ptuj", LegalStatus: socialsvc.LegalNGO, Country: "SI"}
	must(b, s.CreateOrganisation(ctx, &org))
	body := socialsvc.Organisation{Name: "Kontrolno tijelo", LegalStatus: socialsvc.LegalPublicBody, Country: "SI"}
	must(b, s.CreateOrganisation(ctx, &body))
	fund := socialsvc.Fund{Code: "ERDF", Name: socialsvc.I18n{EN: "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	must(b, s.CreateFund(ctx, &fund))
	p := socialsvc.Project{Acronym: "2SoKroG", Title: socialsvc.I18n{EN: "2SoKroG"}, Programme: "Interreg V-A SI-HR",
		Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31"), Currency: socialsvc.EUR,
		Periods:   []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31")}},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}}
	must(b, s.CreateProject(ctx, &p))
	lp := socialsvc.Partner{ProjectID: p.ID, OrgID: org.ID, Role: socialsvc.RoleLead, Number: 1, ControlBody: body.ID,
		Funding: []socialsvc.CoFinancing{{FundID: fund.ID, RatePercent: decimal.NewFromInt(85)}}}
	must(b, s.CreatePartner(ctx, &lp))
	must(b, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: lp.ID, Category: socialsvc.CatStaff, Period: 1,
		Amount: socialsvc.MustMoney("9000000.00", socialsvc.EUR)}))
	must(b, demo.Advance(ctx, s, p.ID, socialsvc.StatusInImplementation))
	day := socialsvc.MustDate("2019-01-01")
	amount := func(i int) socialsvc.Money { return socialsvc.Cents(int64(10000+i%50000), socialsvc.EUR) }

	var importD, cycleD time.Duration
	for b.Loop() {
		exp := make([]socialsvc.Expenditure, CycleLines)
		for i := range exp {
			exp[i] = socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lp.ID, Category: socialsvc.CatStaff, Period: 1,
				Date: day.AddDays(i % 500), Amount: amount(i), Description: fmt.Sprintf("Plaća %d", i)}
		}
		t0 := time.Now()
		n, err := store.ImportExpenditure(ctx, s, slices.Values(exp))
		importD += time.Since(t0)
		must(b, err)
		if n != CycleLines {
			b.Fatalf("imported %d", n)
		}

		b.StopTimer()
		r := socialsvc.PartnerReport{ProjectID: p.ID, PartnerID: lp.ID, Period: 1}
		must(b, c.CreatePartnerReport(ctx, &r))
		lines := make([]socialsvc.ReportExpenditure, CycleLines)
		for i := range lines {
			lines[i] = socialsvc.ReportExpenditure{ReportID: r.ID, Category: socialsvc.CatStaff, Amount: amount(i),
				InvoiceDate: day.AddDays(i % 500), InvoiceNumber: fmt.Sprintf("PL-%d", i), Description: fmt.Sprintf("Plaća %d", i)}
		}
		_, err = store.ImportReportLines(ctx, s, slices.Values(lines))
		must(b, err)
		b.StartTimer()

		t0 = time.Now()
		for _, to := range []socialsvc.ReportStatus{socialsvc.ReportSubmitted, socialsvc.ReportInControl, socialsvc.ReportCertified} {
			cur, err := c.GetPartnerReport(ctx, r.ID)
			must(b, err)
			_, err = store.TransitionPartnerReport(ctx, s, r.ID, cur.Version, to, "")
			must(b, err)
		}
		pr := socialsvc.ProjectReport{ProjectID: p.ID, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{r.ID}}
		must(b, c.CreateProjectReport(ctx, &pr))
		sub, err := store.TransitionProjectReport(ctx, s, pr.ID, pr.Version, socialsvc.ProjectReportSubmitted, "")
		must(b, err)
		_, err = store.TransitionProjectReport(ctx, s, pr.ID, sub.Version, socialsvc.ProjectReportVerified, "")
		must(b, err)
		cycleD += time.Since(t0)
	}
	n := float64(b.N)
	b.ReportMetric(float64(importD.Milliseconds())/n, "import-ms/op")
	b.ReportMetric(float64(cycleD.Milliseconds())/n, "cycle-ms/op")
	b.ReportMetric(float64(cycleD)/float64(importD), "cycle-x-import")
}
