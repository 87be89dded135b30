// Command quickstart shows the library end to end on a small project kept
// in memory: partners, a fund, a budget with a flat rate, expenditure in
// kuna and in euro, and the funding table, printed in Croatian format.
//
// It is the program to copy from when starting with go-socialsvc:
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run builds the project and writes its report to w. It is separate from
// main so that the test can check the output.
func run(w io.Writer) error {
	eur := func(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.EUR) }

	// The project: dates are calendar dates, money is EUR, and office and
	// administration costs are a flat rate of 15% of staff costs.
	project := socialsvc.Project{
		ID:       "susjedi",
		Acronym:  "SUSJEDI",
		Title:    socialsvc.I18n{"hr": "Susjedski centri", "en": "Neighbourhood centres"},
		Start:    socialsvc.MustDate("2022-10-01"),
		End:      socialsvc.MustDate("2023-12-31"),
		Status:   socialsvc.StatusInImplementation,
		Currency: socialsvc.EUR,
		// The rate rule: where a cost paid in another currency gets its
		// rate. This grant agreement converts kuna at the fixed rate; the
		// default is the Commission's InforEuro rate of the month.
		RateRule: socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
			{Currency: socialsvc.HRK, Rate: socialsvc.HRKPerEUR, Date: socialsvc.MustDate("2022-09-15"), Source: "ugovor o dodjeli, čl. 6"}}},
		FlatRates: []socialsvc.FlatRate{
			{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)},
		},
	}

	// One fund, ERDF, at most 85%; each partner says which funds co-finance
	// it and at what rate. The associated partner has no budget.
	erdf := socialsvc.Fund{ID: "erdf", Code: "ERDF", Name: socialsvc.I18n{"hr": "EFRR", "en": "ERDF"},
		Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	at85 := []socialsvc.CoFinancing{{FundID: erdf.ID, RatePercent: decimal.NewFromInt(85)}}
	partners := []socialsvc.Partner{
		{ID: "grad", ProjectID: project.ID, OrgID: "grad-primjer", Role: socialsvc.RoleLead, Number: 1, Funding: at85},
		{ID: "udruga", ProjectID: project.ID, OrgID: "udruga-susjedi", Role: socialsvc.RolePartner, Number: 2, Funding: at85},
		{ID: "skola", ProjectID: project.ID, OrgID: "os-primjer", Role: socialsvc.RoleAssociated, Number: 3},
	}
	names := map[socialsvc.PartnerID]string{"grad": "Grad Primjer", "udruga": "Udruga Susjedi", "skola": "OŠ Primjer"}

	// The budget as entered; the office lines are computed from staff.
	lines := []socialsvc.BudgetLine{
		{ProjectID: project.ID, PartnerID: "grad", Category: socialsvc.CatStaff, Amount: eur("40000.00")},
		{ProjectID: project.ID, PartnerID: "grad", Category: socialsvc.CatTravel, Amount: eur("3500.55")},
		{ProjectID: project.ID, PartnerID: "udruga", Category: socialsvc.CatStaff, Amount: eur("25000.00")},
		{ProjectID: project.ID, PartnerID: "udruga", Category: socialsvc.CatExternal, Amount: eur("12345.67")},
	}
	lines, err := socialsvc.ApplyFlatRates(lines, project.FlatRates, project.ClosingPeriod())
	if err != nil {
		return err
	}

	// Expenditure is recorded in the currency it was paid in. People type
	// amounts in Croatian format, so parse them with ParseMoneyHR.
	paidKn, err := socialsvc.ParseMoneyHR("15.068,00", socialsvc.HRK)
	if err != nil {
		return err
	}
	paidEUR, err := socialsvc.ParseMoneyHR("1.250,00", socialsvc.EUR)
	if err != nil {
		return err
	}
	spent := []socialsvc.Expenditure{
		{ProjectID: project.ID, PartnerID: "udruga", Category: socialsvc.CatExternal, Period: 1,
			Date: socialsvc.MustDate("2022-11-15"), Description: "radionica", Amount: paidKn},
		{ProjectID: project.ID, PartnerID: "grad", Category: socialsvc.CatTravel, Period: 2,
			Date: socialsvc.MustDate("2023-02-10"), Description: "studijsko putovanje", Amount: paidEUR},
	}

	// The library converts every line under the project's rate rule: the
	// agreement's rate here, InforEuro rates from a rate table (load them
	// with NewRateTable, ParseInforEuro or ParseRatesCSV) under the default
	// rule, and kuna from 1.1.2023 always at the fixed rate 7,53450. Each
	// expenditure keeps the rate it was converted with, so the figure never
	// moves later.
	rates, err := socialsvc.NewRateTable()
	if err != nil {
		return err
	}
	spentTotal := socialsvc.NewTotal(project.Currency)
	for i := range spent {
		e := &spent[i]
		if e.Converted, e.Conversion, err = project.RateRule.ToEUR(rates, e.Amount, e.Date, socialsvc.Date{}); err != nil {
			return err
		}
		if err := spentTotal.Add(e.Converted); err != nil {
			return err
		}
	}

	// The funding table: each partner's ERDF share rounded down to the
	// cent, own contribution the remainder, project ERDF the sum of shares.
	tbl, err := socialsvc.ComputeFunding(project.Currency, partners, lines, []socialsvc.Fund{erdf})
	if err != nil {
		return err
	}

	hr := socialsvc.HR
	fmt.Fprintf(w, "%s — %s (%s – %s)\n\n", project.Acronym, project.Title.In(hr), project.Start.Format(hr), project.End.Format(hr))

	fmt.Fprintln(w, "Financiranje")
	fmt.Fprintf(w, "%-16s %14s %14s %14s\n", "partner", "ukupno", erdf.Name.In(hr), "vlastito")
	for _, p := range tbl.Partners {
		fmt.Fprintf(w, "%-16s %14s %14s %14s\n", names[p.PartnerID], p.Total.Format(hr), p.Funds[0].Amount.Format(hr), p.Own.Format(hr))
	}
	fmt.Fprintf(w, "%-16s %14s %14s %14s\n", "projekt", tbl.Total.Format(hr), tbl.FundAmount(erdf.ID).Format(hr), tbl.Own.Format(hr))
	naive, _, err := socialsvc.CoFinance(tbl.Total, decimal.NewFromInt(85))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "(%s je zbroj udjela partnera; ukupno × 85 %% bilo bi %s)\n\n", erdf.Name.In(hr), naive.Format(hr))

	fmt.Fprintln(w, "Troškovi")
	for _, e := range spent {
		rate := strings.Replace(e.Conversion.Rate.String(), ".", ",", 1) // Croatian decimal comma
		fmt.Fprintf(w, "%-12s %-16s %14s %14s  tečaj %s (%s)\n", e.Date.Format(hr), names[e.PartnerID],
			e.Amount.Format(hr), e.Converted.Format(hr), rate, e.Conversion.Source)
	}
	total, err := spentTotal.Money()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-29s %14s %14s\n", "ukupno", "", total.Format(hr))

	// The project runs within the dual-display period (5.9.2022.–31.12.2023.),
	// so totals are shown in euro and kuna.
	if socialsvc.OverlapsDualDisplay(project.Start, project.End) {
		dual, err := socialsvc.FormatDual(total, hr)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "dvojni prikaz: %s\n", dual)
	}
	return nil
}
