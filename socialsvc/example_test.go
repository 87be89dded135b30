package socialsvc_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func ExampleParseMoney() {
	m, err := socialsvc.ParseMoney("574947.17", socialsvc.EUR)
	fmt.Println(m, err)

	// More than two decimals is an error, never rounded.
	_, err = socialsvc.ParseMoney("1.234", socialsvc.EUR)
	fmt.Println(socialsvc.ErrorCode(err), socialsvc.ErrorFields(err)[0].Field)
	// Output:
	// 574947.17 EUR <nil>
	// invalid amount
}

func ExampleParseMoneyHR() {
	kn, err := socialsvc.ParseMoneyHR("4.254.609,06", socialsvc.HRK)
	fmt.Println(kn.AmountString(), err)

	// In Croatian notation the point groups thousands: "1234.56" is malformed.
	_, err = socialsvc.ParseMoneyHR("1234.56", socialsvc.HRK)
	fmt.Println(socialsvc.ErrorCode(err))
	// Output:
	// 4254609.06 <nil>
	// invalid
}

func ExampleMoney_ToEUR() {
	kn := socialsvc.MustMoney("4254609.06", socialsvc.HRK)
	eur, err := kn.ToEUR() // ÷ 7,53450, half up to the cent
	if err != nil {
		panic(err)
	}
	fmt.Println(eur.Format(socialsvc.HR))
	// Output: 564.683,66 €
}

func ExampleMoney_ConvertAt() {
	// Seed 004 (2SoKroG) published 574.947,17 EUR as 4.254.609,06 kn: the
	// planning rate of the time, 7,40 kn per euro, not the fixed rate.
	kn := socialsvc.MustMoney("4254609.06", socialsvc.HRK)
	eur, err := kn.ConvertAt(socialsvc.EUR, decimal.RequireFromString("7.40"))
	if err != nil {
		panic(err)
	}
	fmt.Println(eur.Format(socialsvc.HR))

	gbp, err := eur.ConvertAt("GBP", decimal.RequireFromString("0.85"))
	if err != nil {
		panic(err)
	}
	fmt.Println(gbp.Format(socialsvc.EN))
	// Output:
	// 574.947,17 €
	// GBP 488,705.09
}

func ExampleCoFinance() {
	total := socialsvc.MustMoney("574947.17", socialsvc.EUR)
	fund, own, err := socialsvc.CoFinance(total, decimal.NewFromInt(85))
	if err != nil {
		panic(err)
	}
	// The fund's share is rounded down; the partner's own contribution takes
	// the remainder, so the two always add up to the total.
	fmt.Println(fund.Format(socialsvc.HR), "+", own.Format(socialsvc.HR))
	// Output: 488.705,09 € + 86.242,08 €
}

func ExampleComputeFunding() {
	erdf := socialsvc.Fund{ID: "erdf", Code: "ERDF", Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	at85 := []socialsvc.CoFinancing{{FundID: "erdf", RatePercent: decimal.NewFromInt(85)}}
	partners := []socialsvc.Partner{
		{ID: "lp", Role: socialsvc.RoleLead, Funding: at85},
		{ID: "pp2", Role: socialsvc.RolePartner, Funding: at85},
		{ID: "ap", Role: socialsvc.RoleAssociated}, // no budget
	}
	lines := []socialsvc.BudgetLine{
		{PartnerID: "lp", Category: socialsvc.CatStaff, Amount: socialsvc.MustMoney("300000.01", socialsvc.EUR)},
		{PartnerID: "pp2", Category: socialsvc.CatStaff, Amount: socialsvc.MustMoney("200000.01", socialsvc.EUR)},
	}
	tbl, err := socialsvc.ComputeFunding(socialsvc.EUR, partners, lines, []socialsvc.Fund{erdf})
	if err != nil {
		panic(err)
	}
	for _, p := range tbl.Partners {
		fmt.Println(p.PartnerID, p.Total.Format(socialsvc.HR), p.Funds[0].Amount.Format(socialsvc.HR), p.Own.Format(socialsvc.HR))
	}
	// The project's ERDF total is the sum of the partners' rounded shares,
	// not the project total × 85 %.
	naive, _, _ := socialsvc.CoFinance(tbl.Total, decimal.NewFromInt(85))
	fmt.Println("ERDF", tbl.FundAmount("erdf").Format(socialsvc.HR), "not", naive.Format(socialsvc.HR))
	// Output:
	// lp 300.000,01 € 255.000,00 € 45.000,01 €
	// pp2 200.000,01 € 170.000,00 € 30.000,01 €
	// ERDF 425.000,00 € not 425.000,01 €
}

func ExampleMoney_Format() {
	m := socialsvc.MustMoney("1234567.89", socialsvc.EUR)
	fmt.Println(m.Format(socialsvc.HR))
	fmt.Println(m.Format(socialsvc.EN))
	kn := socialsvc.MustMoney("-4254609.06", socialsvc.HRK)
	fmt.Println(kn.Format(socialsvc.HR))
	fmt.Println(kn.Format(socialsvc.EN))
	// Output:
	// 1.234.567,89 €
	// €1,234,567.89
	// -4.254.609,06 kn
	// -HRK 4,254,609.06
}

func ExampleFormatDual() {
	// Centri zajednice ran 1.10.2022.–31.12.2023., inside the period in
	// which prices were shown in both currencies.
	start, end := socialsvc.MustDate("2022-10-01"), socialsvc.MustDate("2023-12-31")
	if socialsvc.OverlapsDualDisplay(start, end) {
		s, err := socialsvc.FormatDual(socialsvc.MustMoney("87608.79", socialsvc.EUR), socialsvc.HR)
		if err != nil {
			panic(err)
		}
		fmt.Println(s)
	}
	// Output: 87.608,79 € / 660.088,43 kn
}

func ExampleCheckTaxID() {
	fmt.Println(socialsvc.CheckTaxID("HR", "69435151530"))
	fmt.Println(socialsvc.CheckTaxID("HR", "HR69435151530")) // VAT form
	fmt.Println(socialsvc.CheckTaxID("SI", "SI12345679"))
	fmt.Println(socialsvc.CheckTaxID("RS", "100002887")) // no checksum rule: accepted
	// The error names the rule, never the identifier.
	fmt.Println(socialsvc.CheckTaxID("HR", "69435151531"))
	// Output:
	// <nil>
	// <nil>
	// <nil>
	// <nil>
	// invalid: invalid tax_id (tax_id: not a valid OIB (11 digits with a correct check digit))
}
