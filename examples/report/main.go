// Command report loads the seed projects into the memory store and writes
// reports of two of them to a folder: the financial, indicator and
// beneficiary reports of 2SoKroG and Social Atelier as HTML (Croatian and
// English) and XLSX, and their IATI 2.03 activities as one XML file.
//
//	go run ./examples/report -out ./out
//
// It is the shortest path from a store to the files a funder or a city
// council receives: open a store, compute a report value, render it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

func main() {
	out := flag.String("out", "./out", "folder to write the reports to")
	flag.Parse()
	if err := run(context.Background(), *out, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// projects are the seed projects whose reports are written.
var projects = []socialsvc.ProjectID{demo.Project2SoKroG, demo.ProjectSocialAtelier}

// run writes the reports into dir and lists the files on w.
func run(ctx context.Context, dir string, w io.Writer) error {
	s := memory.New()
	defer s.Close()
	if err := load(ctx, s, demo.Seed()); err != nil {
		return fmt.Errorf("loading the seed projects: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	opts := report.Options{Lang: socialsvc.HR}
	var acts []*report.IATIActivity
	for _, id := range projects {
		fin, err := report.Financial(ctx, s, id, opts)
		if err != nil {
			return err
		}
		ind, err := report.Indicators(ctx, s, id, opts)
		if err != nil {
			return err
		}
		ben, err := report.Beneficiaries(ctx, s, id, opts)
		if err != nil {
			return err
		}
		for _, r := range []struct {
			name string
			rep  report.Report
		}{{"financial", fin}, {"indicators", ind}, {"beneficiaries", ben}} {
			base := filepath.Join(dir, string(id)+"-"+r.name)
			for _, lang := range []socialsvc.Lang{socialsvc.HR, socialsvc.EN} {
				if err := writeFile(w, base+"."+string(lang)+".html", func(f io.Writer) error { return report.WriteHTML(f, r.rep, lang) }); err != nil {
					return err
				}
			}
			if err := writeFile(w, base+".xlsx", func(f io.Writer) error { return report.WriteXLSX(f, r.rep, socialsvc.HR) }); err != nil {
				return err
			}
		}
		act, err := report.IATI(ctx, s, id, report.IATIOptions{})
		if err != nil {
			return err
		}
		acts = append(acts, act)
	}
	return writeFile(w, filepath.Join(dir, "iati-activities.xml"), func(f io.Writer) error {
		return report.WriteIATI(f, time.Now(), acts...)
	})
}

func writeFile(w io.Writer, path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(w, path)
	return nil
}

// load writes a Dataset into a store in dependency order. Computed budget
// lines are skipped (the store makes them from the flat rates);
// beneficiaries marked erased are created, given their attendance, and
// then erased, the way erasure happens in real life.
func load(ctx context.Context, s store.Store, ds *demo.Dataset) error {
	for i := range ds.Organisations {
		if err := s.CreateOrganisation(ctx, &ds.Organisations[i]); err != nil {
			return fmt.Errorf("organisation %s: %w", ds.Organisations[i].ID, err)
		}
	}
	for i := range ds.Funds {
		if err := s.CreateFund(ctx, &ds.Funds[i]); err != nil {
			return fmt.Errorf("fund %s: %w", ds.Funds[i].ID, err)
		}
	}
	for _, r := range ds.Rates {
		if err := s.PutRate(ctx, r); err != nil {
			return fmt.Errorf("rate %s %s: %w", r.Currency, r.Month, err)
		}
	}
	// Projects are created in draft and moved along their lifecycle once
	// their partners exist, as the store requires a lead partner past
	// draft.
	for i := range ds.Projects {
		p := ds.Projects[i]
		p.Status = socialsvc.StatusDraft
		if err := s.CreateProject(ctx, &p); err != nil {
			return fmt.Errorf("project %s: %w", p.ID, err)
		}
	}
	for i := range ds.Partners {
		if err := s.CreatePartner(ctx, &ds.Partners[i]); err != nil {
			return fmt.Errorf("partner %s: %w", ds.Partners[i].ID, err)
		}
	}
	for _, want := range ds.Projects {
		if err := advance(ctx, s, want.ID, want.Status); err != nil {
			return err
		}
	}
	for i := range ds.WorkPackages {
		if err := s.CreateWorkPackage(ctx, &ds.WorkPackages[i]); err != nil {
			return fmt.Errorf("work package %s: %w", ds.WorkPackages[i].ID, err)
		}
	}
	for i := range ds.Activities {
		if err := s.CreateActivity(ctx, &ds.Activities[i]); err != nil {
			return fmt.Errorf("activity %s: %w", ds.Activities[i].ID, err)
		}
	}
	for i := range ds.Events {
		if err := s.CreateEvent(ctx, &ds.Events[i]); err != nil {
			return fmt.Errorf("event %s: %w", ds.Events[i].ID, err)
		}
	}
	var erase []socialsvc.BeneficiaryID
	for _, b := range ds.Beneficiaries {
		if b.Erased {
			erase = append(erase, b.ID)
			b.Erased, b.ErasedAt = false, time.Time{}
		}
		if err := s.CreateBeneficiary(ctx, &b); err != nil {
			return fmt.Errorf("beneficiary %s: %w", b.ID, err)
		}
	}
	if _, err := store.ImportAttendance(ctx, s, func(yield func(socialsvc.Attendance) bool) {
		for _, a := range ds.Attendance {
			if !yield(a) {
				return
			}
		}
	}); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	for _, id := range erase {
		if err := s.EraseBeneficiary(ctx, id); err != nil {
			return fmt.Errorf("erasing beneficiary %s: %w", id, err)
		}
	}
	// Outputs before the results that depend on them.
	for pass := 0; pass < 2; pass++ {
		for i := range ds.Indicators {
			if (ds.Indicators[i].DependsOn == "") == (pass == 0) {
				if err := s.CreateIndicator(ctx, &ds.Indicators[i]); err != nil {
					return fmt.Errorf("indicator %s: %w", ds.Indicators[i].ID, err)
				}
			}
		}
	}
	for i := range ds.Measurements {
		if err := s.CreateMeasurement(ctx, &ds.Measurements[i]); err != nil {
			return fmt.Errorf("measurement %s: %w", ds.Measurements[i].ID, err)
		}
	}
	for i := range ds.BudgetLines {
		if ds.BudgetLines[i].Computed {
			continue
		}
		if err := s.CreateBudgetLine(ctx, &ds.BudgetLines[i]); err != nil {
			return fmt.Errorf("budget line %s: %w", ds.BudgetLines[i].ID, err)
		}
	}
	if _, err := store.ImportExpenditure(ctx, s, func(yield func(socialsvc.Expenditure) bool) {
		for _, e := range ds.Expenditure {
			if !yield(e) {
				return
			}
		}
	}); err != nil {
		return fmt.Errorf("expenditure: %w", err)
	}
	return nil
}

// advance moves a project from draft to status along the lifecycle.
func advance(ctx context.Context, s store.Store, id socialsvc.ProjectID, status socialsvc.Status) error {
	path := map[socialsvc.Status][]socialsvc.Status{
		socialsvc.StatusDraft:            nil,
		socialsvc.StatusSubmitted:        {socialsvc.StatusSubmitted},
		socialsvc.StatusApproved:         {socialsvc.StatusSubmitted, socialsvc.StatusApproved},
		socialsvc.StatusContracted:       {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted},
		socialsvc.StatusInImplementation: {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation},
		socialsvc.StatusClosed:           {socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed},
		socialsvc.StatusRejected:         {socialsvc.StatusSubmitted, socialsvc.StatusRejected},
		socialsvc.StatusWithdrawn:        {socialsvc.StatusWithdrawn},
	}[status]
	for _, st := range path {
		p, err := s.GetProject(ctx, id)
		if err != nil {
			return err
		}
		p.Status = st
		if err := s.UpdateProject(ctx, &p); err != nil {
			return fmt.Errorf("project %s to %s: %w", id, st, err)
		}
	}
	return nil
}
