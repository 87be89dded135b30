package tabular_test

import (
	"context"
	"fmt"
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
