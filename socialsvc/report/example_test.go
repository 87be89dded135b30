package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// A financial report is a value: read its figures, or render it.
func ExampleFinancial() {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil { // the seed projects
		fmt.Println(err)
		return
	}
	r, err := Financial(ctx, s, demo.Project2SoKroG, Options{Lang: socialsvc.HR})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ukupno:", r.Funding.Total.Format(socialsvc.HR))
	fmt.Println("EFRR:", r.Funding.FundAmount(demo.FundERDF).Format(socialsvc.HR))
	fmt.Println("vlastiti doprinos:", r.Funding.Own.Format(socialsvc.HR))
	// One table per CSV, chosen by its ID; the file starts with a
	// byte-order mark, left out here.
	var csv bytes.Buffer
	if err := WriteCSV(&csv, r, CSVOptions{Croatian: false, Table: "funds"}); err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.TrimPrefix(csv.String(), "\uFEFF"))
	// Output:
	// ukupno: 574.947,17 €
	// EFRR: 488.705,06 €
	// vlastiti doprinos: 86.242,11 €
	// Code,Fund,Kind of source,Amount (EUR),Share (%)
	// ERDF,European Regional Development Fund (ERDF),European Union fund,488705.06,85.00
	// ,Own contribution,,86242.11,15.00
	// Total,,,574947.17,100.00
}

// IATIOrganisationFile gives the IATI organisation record of a
// publisher: its total budget and expenditure per calendar year over the
// projects it leads.
func ExampleIATIOrganisationFile() {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		fmt.Println(err)
		return
	}
	o, err := IATIOrganisationFile(ctx, s, "zrs-bistra-ptuj", IATIOrgFileOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Identifier)
	for _, b := range o.TotalBudgets {
		fmt.Println("budget", b.PeriodStart.ISODate[:4], b.Value.Amount, b.Value.Currency)
	}
	for _, e := range o.TotalExpenditure {
		fmt.Println("spent", e.PeriodStart.ISODate[:4], e.Value.Amount, e.Value.Currency)
	}
	// The budget years add up to 2SoKroG's 574.947,17 EUR; the synthetic
	// tax number of the demo gives the SI-TIN identifier.
	// Output:
	// SI-TIN-90001001
	// budget 2018 105601.12 EUR
	// budget 2019 283956.02 EUR
	// budget 2020 185390.03 EUR
	// spent 2018 0.00 EUR
	// spent 2019 244702.64 EUR
	// spent 2020 206870.86 EUR
}
