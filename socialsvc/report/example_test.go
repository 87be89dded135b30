package report

import (
	"context"
	"fmt"
	"os"

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
	if err := WriteCSV(os.Stdout, r, CSVOptions{Croatian: false, Table: "funds"}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ukupno: 574.947,17 €
	// EFRR: 488.705,06 €
	// vlastiti doprinos: 86.242,11 €
	// Code,Fund,Kind of source,Amount (EUR),Share (%)
	// ERDF,European Regional Development Fund (ERDF),eu,488705.06,85.00
	// ,Own contribution,,86242.11,15.00
	// Total,,,574947.17,100.00
}
