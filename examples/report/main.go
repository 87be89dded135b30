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
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
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
