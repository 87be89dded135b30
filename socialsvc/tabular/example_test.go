package tabular_test

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// A host program imports a partner's expenditure sheet (as Croatian Excel
// saves it: ';', decimal commas, Windows-1250) without HTTP, then shows
// what a wrong file gets back. The demo's 2SoKroG is closed, so the
// import is the programme's correction and says why (store.WithReason).
func Example() {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "example", Role: store.RoleSystem})
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		panic(err)
	}
	ctx = store.WithReason(ctx, "invoice found at the final check")
	file := "partner_id;category;period;date;description;amount\n" +
		"2sokrog-lp;staff;2;15.03.2019.;Pla\x9aa koordinatorice;1.234,56\n"
	n, err := tabular.Import(ctx, s, "expenditure", strings.NewReader(file), tabular.Options{Project: "2sokrog"})
	fmt.Println(n, err)

	bad := "partner_id;category;period;date;amount\n" +
		"2sokrog-lp;staff;2;15.03.2019.;\n" +
		"2sokrog-lp;staff;2;31.02.2019.;10,00\n"
	_, err = tabular.Import(ctx, s, "expenditure", strings.NewReader(bad), tabular.Options{Project: "2sokrog"})
	fmt.Println(socialsvc.ErrorMessage(err))
	for _, f := range socialsvc.ErrorFields(err) {
		fmt.Printf("line %d, %s: %s\n", f.Row, f.Field, f.Message)
	}
	// Output:
	// 1 <nil>
	// 2 rows have errors; nothing was imported
	// line 2, amount: amount is required
	// line 3, date: must be a date (2024-12-31 or 31.12.2024.)
}

// A new kind of import is one Spec: here measurements of a project's
// indicators, with the columns, a parse of one row and a save that is all
// or none. tabular reads the file, reports every wrong row by its line
// and writes nothing unless every row is good.
func ExampleNewKind() {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "example", Role: store.RoleSystem})
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		panic(err)
	}
	ctx = store.WithReason(ctx, "measurements found at the final check")
	measurements := tabular.NewKind(tabular.Spec[socialsvc.Measurement]{
		Name: "measurements",
		Columns: []tabular.Column{
			{Name: "indicator_id", Required: true, Format: [2]string{"identifier (required)", "identifikator (obavezno)"}, Example: "2sokrog-rco81"},
			{Name: "period", Required: true, Format: [2]string{"whole number (required)", "cijeli broj (obavezno)"}, Example: "1"},
			{Name: "value", Required: true, Format: [2]string{"positive number (required)", "pozitivan broj (obavezno)"}, Example: "12"},
			{Name: "evidence", Required: true, Format: [2]string{"where it can be checked (required)", "gdje se može provjeriti (obavezno)"}, Example: "attendance list"},
		},
		Parse: func(c *tabular.Cells) socialsvc.Measurement {
			return socialsvc.Measurement{IndicatorID: socialsvc.IndicatorID(c.Get("indicator_id")), Period: c.Int("period"),
				Value: c.Decimal("value"), Source: socialsvc.SourceEntered, Evidence: c.Get("evidence")}
		},
		Save: func(ctx context.Context, st store.Store, rows iter.Seq[socialsvc.Measurement]) (int, error) {
			n := 0
			err := st.WithTx(ctx, func(tx store.Store) error {
				var errs store.RowErrors
				for m := range rows {
					n++
					if err := errs.Add(n, tx.CreateMeasurement(ctx, &m)); err != nil {
						return err
					}
				}
				return errs.Err()
			})
			if err != nil {
				return 0, err
			}
			return n, nil
		},
	})
	file := "indicator_id;period;value;evidence\n2sokrog-rco81;1;3;list A\n2sokrog-rco81;2;x;list B\n"
	t, err := tabular.Read(strings.NewReader(file), tabular.ReadOptions{})
	if err != nil {
		panic(err)
	}
	_, err = measurements.Import(ctx, s, t, tabular.Options{Project: "2sokrog"})
	for _, f := range socialsvc.ErrorFields(err) {
		fmt.Printf("line %d, %s: %s\n", f.Row, f.Field, f.Message)
	}
	t.Rows[1].Cells[2] = "4"
	n, err := measurements.Import(ctx, s, t, tabular.Options{Project: "2sokrog"})
	fmt.Println(n, err)
	// Output:
	// line 3, value: must be a positive number
	// 2 <nil>
}
