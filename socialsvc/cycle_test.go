package socialsvc_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	. "github.com/zajednica/go-socialsvc/socialsvc"
)

func euro(s string) Money { return MustMoney(s, EUR) }

// cycleProject is the project of the acceptance case: lead L and
// partner P, both ERDF 85 %, office and administration at 15 % of staff.
func cycleProject() (*Project, []Partner, []Fund) {
	p := &Project{ID: "acc", Acronym: "ACC", Title: I18n{"en": "Acceptance"}, Status: StatusInImplementation, Currency: EUR,
		Start: MustDate("2024-01-01"), End: MustDate("2025-12-31"),
		Periods:   []Period{{Number: 1, Start: MustDate("2024-01-01"), End: MustDate("2024-12-31")}, {Number: 2, Start: MustDate("2025-01-01"), End: MustDate("2025-12-31")}},
		FlatRates: []FlatRate{{Kind: FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}}
	erdf := []CoFinancing{{FundID: "erdf", RatePercent: decimal.NewFromInt(85)}}
	parts := []Partner{
		{ID: "l", ProjectID: "acc", OrgID: "org-l", Role: RoleLead, Number: 1, Funding: erdf},
		{ID: "p", ProjectID: "acc", OrgID: "org-p", Role: RolePartner, Number: 2, Funding: erdf},
	}
	funds := []Fund{{ID: "erdf", Code: "ERDF", Name: I18n{"en": "ERDF"}, Kind: FundEU, MaxRatePercent: decimal.NewFromInt(85)}}
	return p, parts, funds
}

func staffLine(id ExpenditureID, amount string) ReportExpenditure {
	return ReportExpenditure{ID: id, Category: CatStaff, Amount: euro(amount), InvoiceDate: MustDate("2024-06-30"), InvoiceNumber: "PL-" + string(id)}
}

// TestCycleAcceptance is the acceptance case of the reporting and payment
// cycle, with the hand-computed figures.
func TestCycleAcceptance(t *testing.T) {
	p, parts, funds := cycleProject()
	on := MustDate("2025-01-15")

	rl := &PartnerReport{ID: "rl", ProjectID: "acc", PartnerID: "l", Number: 1, Period: 1, Status: ReportDraft}
	ll := []ReportExpenditure{staffLine("l1", "2000.00"), staffLine("l2", "1333.34")}
	rp := &PartnerReport{ID: "rp", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportDraft}
	pl := []ReportExpenditure{staffLine("p1", "1000.03")}

	// Declared: L staff 3.333,34 → office 500,00 → 3.833,34; P staff
	// 1.000,03 → office 150,00 → 1.150,03.
	sl, err := SumPartnerReport(p, rl, ll)
	require.NoError(t, err)
	assert.Equal(t, euro("3333.34"), sl.Category(CatStaff).Declared)
	assert.Equal(t, euro("500.00"), sl.Category(CatOffice).Declared)
	assert.True(t, sl.Category(CatOffice).FlatRate)
	assert.Equal(t, euro("3833.34"), sl.Declared)
	sp, err := SumPartnerReport(p, rp, pl)
	require.NoError(t, err)
	assert.Equal(t, euro("150.00"), sp.Category(CatOffice).Declared)
	assert.Equal(t, euro("1150.03"), sp.Declared)

	for _, x := range []struct {
		r  *PartnerReport
		ls []ReportExpenditure
		pt *Partner
	}{{rl, ll, &parts[0]}, {rp, pl, &parts[1]}} {
		require.NoError(t, TransitionPartnerReport(p, x.pt, funds, x.r, x.ls, nil, ReportSubmitted, on, ""))
		assert.Equal(t, Month{Year: 2025, Month: 1}, x.r.RateMonth)
		require.NoError(t, TransitionPartnerReport(p, x.pt, funds, x.r, x.ls, nil, ReportInControl, on, ""))
	}
	assert.Equal(t, euro("1333.34"), ll[1].Converted)

	// The controller deducts 333,33 of L's second line as ineligible;
	// L's first line is outside the sample; P is certified in full.
	ll[1].Control = &LineControl{InSample: true, Certified: euro("1000.01"), Deducted: euro("333.33"), ErrorType: ErrIneligibleCost, Comment: "hours outside the project"}
	require.NoError(t, CheckControl(EUR, &ll[1], *ll[1].Control))
	require.NoError(t, TransitionPartnerReport(p, &parts[0], funds, rl, ll, nil, ReportCertified, on, ""))
	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, rp, pl, nil, ReportCertified, on, ""))
	assert.Equal(t, &LineControl{Certified: euro("2000.00"), Deducted: euro("0.00")}, ll[0].Control)

	sl, err = SumPartnerReport(p, rl, ll)
	require.NoError(t, err)
	assert.Equal(t, euro("3000.01"), sl.Category(CatStaff).Certified)
	assert.Equal(t, euro("450.00"), sl.Category(CatOffice).Certified)
	assert.Equal(t, euro("50.00"), sl.Category(CatOffice).Deducted)
	assert.Equal(t, euro("3450.01"), sl.Certified)
	assert.Equal(t, euro("383.33"), sl.Deducted)
	assert.Equal(t, []ErrorSum{{ErrorType: ErrIneligibleCost, Lines: 1, Deducted: euro("333.33")}}, sl.Deductions)
	sp, err = SumPartnerReport(p, rp, pl)
	require.NoError(t, err)
	assert.Equal(t, euro("1150.03"), sp.Certified)

	pr := &ProjectReport{ID: "pr1", ProjectID: "acc", Number: 1, Period: 1, PartnerReportIDs: []PartnerReportID{"rl", "rp"}, Status: ProjectReportDraft}
	reports := []PartnerReport{*rl, *rp}
	require.NoError(t, TransitionProjectReport(pr, p, reports, ProjectReportSubmitted, on, ""))
	require.NoError(t, TransitionProjectReport(pr, p, reports, ProjectReportVerified, MustDate("2025-02-01"), ""))

	adv := Advance{ID: "a1", ProjectID: "acc", PartnerID: "l", FundID: "erdf", Amount: euro("1000.00"), PaidOn: MustDate("2024-02-01"), Settled: euro("0.00")}
	pays, settled, err := ComputePayments(p, pr, parts, funds,
		[]PartnerCertified{{PartnerID: "l", Certified: sl.Certified}, {PartnerID: "p", Certified: sp.Certified}}, []Advance{adv})
	require.NoError(t, err)
	require.Len(t, pays, 2)
	// ERDF: L 2.932,50, P 977,52; together 3.910,02, not the 3.910,03
	// that 85 % of the 4.600,04 total would give.
	assert.Equal(t, euro("2932.50"), pays[0].FundAmount)
	assert.Equal(t, euro("517.51"), pays[0].Own)
	assert.Equal(t, euro("1000.00"), pays[0].AdvanceSettled)
	assert.Equal(t, euro("1932.50"), pays[0].Due)
	assert.Equal(t, euro("977.52"), pays[1].FundAmount)
	assert.Equal(t, euro("172.51"), pays[1].Own)
	assert.Equal(t, euro("0.00"), pays[1].AdvanceSettled)
	assert.Equal(t, euro("977.52"), pays[1].Due)
	total, err := Sum(pays[0].FundAmount, pays[1].FundAmount)
	require.NoError(t, err)
	assert.Equal(t, euro("3910.02"), total)
	require.Len(t, settled, 1)
	assert.Equal(t, euro("1000.00"), settled[0].Settled)
	assert.True(t, settled[0].Outstanding().IsZero())

	require.NoError(t, RecordPayment(&pays[0], euro("1932.50"), MustDate("2025-02-10"), pr.VerifiedOn))
	assert.Equal(t, euro("1932.50"), *pays[0].Paid)
	err = RecordPayment(&pays[0], euro("1932.50"), MustDate("2025-02-11"), pr.VerifiedOn)
	assert.Equal(t, Conflict, ErrorCode(err))
	assert.Equal(t, MustDate("2025-02-10"), *pays[0].PaidOn)
}

func TestAdvanceSettledAcrossPayments(t *testing.T) {
	p, parts, funds := cycleProject()
	pr := &ProjectReport{ID: "pr1"}
	adv := []Advance{{ID: "a1", PartnerID: "p", FundID: "erdf", Amount: euro("1000.00"), PaidOn: MustDate("2024-02-01"), Settled: euro("0.00")}}
	// First payment: 85 % of 1.000,03 = 850,02, all of it settles the advance.
	pays, upd, err := ComputePayments(p, pr, parts, funds, []PartnerCertified{{PartnerID: "p", Certified: euro("1000.03")}}, adv)
	require.NoError(t, err)
	assert.Equal(t, euro("850.02"), pays[0].AdvanceSettled)
	assert.Equal(t, euro("0.00"), pays[0].Due)
	assert.Equal(t, euro("149.98"), upd[0].Outstanding())
	// Second payment: 85 % of 500,00 = 425,00, of which 149,98 settles the rest.
	pays, upd, err = ComputePayments(p, pr, parts, funds, []PartnerCertified{{PartnerID: "p", Certified: euro("500.00")}}, upd)
	require.NoError(t, err)
	assert.Equal(t, euro("149.98"), pays[0].AdvanceSettled)
	assert.Equal(t, euro("275.02"), pays[0].Due)
	assert.Equal(t, euro("1000.00"), upd[0].Settled)
	// Used up: a third payment settles nothing.
	pays, upd, err = ComputePayments(p, pr, parts, funds, []PartnerCertified{{PartnerID: "p", Certified: euro("100.00")}}, upd)
	require.NoError(t, err)
	assert.Equal(t, euro("0.00"), pays[0].AdvanceSettled)
	assert.Equal(t, euro("85.00"), pays[0].Due)
	assert.Empty(t, upd)
}

func TestPartnerReportTransitions(t *testing.T) {
	p, parts, funds := cycleProject()
	on := MustDate("2025-01-15")
	tests := []struct {
		name  string
		from  ReportStatus
		to    ReportStatus
		why   string
		code  string
		field string
	}{
		{"draft to in_control skips submission", ReportDraft, ReportInControl, "", Conflict, "to"},
		{"draft to certified", ReportDraft, ReportCertified, "", Conflict, "to"},
		{"return without reason", ReportInControl, ReportDraft, " ", Invalid, "reason"},
		{"return from submitted", ReportSubmitted, ReportDraft, "missing invoices", "", ""},
		{"reopen without reason", ReportCertified, ReportInControl, "", Invalid, "reason"},
		{"reopen", ReportCertified, ReportInControl, "audit finding", "", ""},
		{"certified to draft", ReportCertified, ReportDraft, "x", Conflict, "to"},
		{"unknown status", ReportDraft, "paid", "", Invalid, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &PartnerReport{ID: "r", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: tt.from}
			lines := []ReportExpenditure{staffLine("p1", "10.00")}
			lines[0].Converted = euro("10.00")
			before := *r
			err := TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, tt.to, on, tt.why)
			if tt.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.to, r.Status)
				require.Len(t, r.History, 1)
				assert.Equal(t, ReportStep{From: string(tt.from), To: string(tt.to), On: on, Reason: tt.why}, r.History[0])
				return
			}
			assert.Equal(t, tt.code, ErrorCode(err))
			require.NotEmpty(t, ErrorFields(err))
			assert.Equal(t, tt.field, ErrorFields(err)[0].Field)
			assert.Equal(t, before, *r, "nothing changed")
		})
	}
	t.Run("return clears the frozen conversion", func(t *testing.T) {
		r := &PartnerReport{ID: "r", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportDraft}
		lines := []ReportExpenditure{staffLine("p1", "10.00")}
		require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportSubmitted, on, ""))
		require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportDraft, on, "wrong period"))
		assert.Equal(t, Money{}, lines[0].Converted)
		assert.True(t, r.RateMonth.IsZero())
		assert.True(t, r.SubmittedOn.IsZero())
	})
}

func TestSubmissionConvertsAtTheSubmissionMonth(t *testing.T) {
	p, parts, funds := cycleProject()
	p.RateRule = RateRule{Kind: RateInforEuroSubmitted}
	rt, err := NewRateTable(Rate{Currency: "GBP", Month: Month{Year: 2025, Month: 3}, Rate: decimal.RequireFromString("0.8"), Source: "InforEuro 2025-03"},
		Rate{Currency: "GBP", Month: Month{Year: 2024, Month: 6}, Rate: decimal.RequireFromString("0.5"), Source: "InforEuro 2024-06"})
	require.NoError(t, err)
	r := &PartnerReport{ID: "r", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportDraft}
	lines := []ReportExpenditure{{ID: "g", Category: CatStaff, Amount: MustMoney("100.00", "GBP"), InvoiceDate: MustDate("2024-06-30")}}
	sums, err := SumPartnerReport(p, r, lines)
	require.NoError(t, err)
	assert.Equal(t, 1, sums.Unconverted)

	// No rate for the submission month: nothing changes.
	err = TransitionPartnerReport(p, &parts[1], funds, r, lines, rt, ReportSubmitted, MustDate("2025-04-02"), "")
	require.Error(t, err)
	assert.Equal(t, "lines[0].amount.currency", ErrorFields(err)[0].Field)
	assert.Equal(t, ReportDraft, r.Status)
	assert.Equal(t, Money{}, lines[0].Converted)

	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, rt, ReportSubmitted, MustDate("2025-03-20"), ""))
	// 100,00 GBP / 0,8 = 125,00 EUR at March 2025, the month of submission.
	assert.Equal(t, euro("125.00"), lines[0].Converted)
	assert.Equal(t, RateBasisInforEuro, lines[0].Conversion.Basis)
	assert.Equal(t, "InforEuro 2025-03", lines[0].Conversion.Source)
	sums, err = SumPartnerReport(p, r, lines)
	require.NoError(t, err)
	assert.Equal(t, euro("143.75"), sums.Declared) // 125,00 + 15 % office 18,75
}

func TestCheckControl(t *testing.T) {
	line := staffLine("l2", "1333.34")
	line.Converted = euro("1333.34")
	tests := []struct {
		name  string
		d     LineControl
		field string
		rule  string
	}{
		{"certified plus deducted one cent short", LineControl{Certified: euro("1000.00"), Deducted: euro("333.33"), ErrorType: ErrIneligibleCost}, "deducted", "certified_plus_deducted"},
		{"deduction without error type", LineControl{Certified: euro("1000.01"), Deducted: euro("333.33")}, "error_type", "required"},
		{"unknown error type", LineControl{Certified: euro("1000.01"), Deducted: euro("333.33"), ErrorType: "typo"}, "error_type", "oneof"},
		{"negative deduction", LineControl{Certified: euro("1333.35"), Deducted: euro("-0.01"), ErrorType: ErrOtherControlType}, "deducted", "gte"},
		{"other currency", LineControl{Certified: MustMoney("1333.34", HRK), Deducted: euro("0.00")}, "certified.currency", "project_currency"},
		{"parked with an amount", LineControl{Parked: true, Certified: euro("1.00")}, "parked", "parked"},
		{"valid deduction", LineControl{Certified: euro("1000.01"), Deducted: euro("333.33"), ErrorType: ErrIneligibleCost}, "", ""},
		{"parked", LineControl{Parked: true}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckControl(EUR, &line, tt.d)
			if tt.field == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, Invalid, ErrorCode(err))
			f := ErrorFields(err)
			assert.Equal(t, tt.field, f[0].Field)
			assert.Equal(t, tt.rule, f[0].Rule)
			assert.NotEmpty(t, f[0].MessageHR)
		})
	}
}

func TestParkedLineCarried(t *testing.T) {
	p, parts, funds := cycleProject()
	on := MustDate("2025-01-15")
	r := &PartnerReport{ID: "r", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportDraft}
	lines := []ReportExpenditure{staffLine("a", "100.00"), staffLine("b", "40.00")}
	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportSubmitted, on, ""))
	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportInControl, on, ""))
	lines[1].Control = &LineControl{InSample: true, Parked: true, Comment: "contract awaited"}
	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportCertified, on, ""))
	s, err := SumPartnerReport(p, r, lines)
	require.NoError(t, err)
	assert.Equal(t, euro("115.00"), s.Certified) // 100,00 + 15,00
	assert.Equal(t, euro("40.00"), s.Parked)
	carried := CarryParked(lines, "r2")
	require.Len(t, carried, 1)
	assert.Equal(t, ExpenditureID("b"), carried[0].ParkedFrom)
	assert.Equal(t, PartnerReportID("r2"), carried[0].ReportID)
	assert.Nil(t, carried[0].Control)
	assert.Equal(t, Money{}, carried[0].Converted)
}

func TestValidateReportExpenditure(t *testing.T) {
	p, _, _ := cycleProject()
	tests := []struct {
		name  string
		edit  func(l *ReportExpenditure)
		field string
	}{
		{"office is a flat rate", func(l *ReportExpenditure) { l.Category = CatOffice }, "category"},
		{"zero amount", func(l *ReportExpenditure) { l.Amount = euro("0.00") }, "amount"},
		{"invoice outside the project", func(l *ReportExpenditure) { l.InvoiceDate = MustDate("2023-12-31") }, "invoice_date"},
		{"paid before invoiced", func(l *ReportExpenditure) { l.PaymentDate = MustDate("2024-06-01") }, "payment_date"},
		{"VAT above the amount", func(l *ReportExpenditure) { l.VAT = euro("10.01") }, "vat"},
		{"VAT in another currency", func(l *ReportExpenditure) { l.VAT = MustMoney("1.00", HRK) }, "vat.currency"},
		{"control on input", func(l *ReportExpenditure) { l.Control = &LineControl{} }, "control"},
		{"units outside unit costs", func(l *ReportExpenditure) { u := decimal.NewFromInt(2); l.Units = &u }, "units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := staffLine("x", "10.00")
			tt.edit(&l)
			err := ValidateReportExpenditure(&l, p)
			require.Error(t, err)
			assert.Equal(t, tt.field, ErrorFields(err)[0].Field)
		})
	}
	l := staffLine("x", "10.00")
	l.VAT, l.VATRecoverable, l.PaymentDate = euro("2.00"), true, MustDate("2024-07-15")
	assert.NoError(t, ValidateReportExpenditure(&l, p))
}

func TestValidateProjectReport(t *testing.T) {
	p, _, _ := cycleProject()
	cert := PartnerReport{ID: "a", ProjectID: "acc", PartnerID: "l", Number: 1, Period: 1, Status: ReportCertified}
	ctl := PartnerReport{ID: "b", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportInControl}
	other := PartnerReport{ID: "c", ProjectID: "acc", PartnerID: "p", Number: 2, Period: 2, Status: ReportCertified}
	pr := &ProjectReport{ID: "pr", ProjectID: "acc", Number: 1, Period: 1, Status: ProjectReportDraft}
	pr.PartnerReportIDs = []PartnerReportID{"a", "b"}
	err := TransitionProjectReport(pr, p, []PartnerReport{cert, ctl}, ProjectReportSubmitted, MustDate("2025-01-20"), "")
	require.Error(t, err)
	assert.Equal(t, "partner_report_ids[1]", ErrorFields(err)[0].Field)
	assert.Equal(t, "certified", ErrorFields(err)[0].Rule)
	assert.Equal(t, ProjectReportDraft, pr.Status)
	pr.PartnerReportIDs = []PartnerReportID{"a", "c"}
	err = ValidateProjectReport(pr, p, []PartnerReport{cert, other})
	assert.Equal(t, "same_period", ErrorFields(err)[0].Rule)
	pr.PartnerReportIDs = []PartnerReportID{"a"}
	require.NoError(t, TransitionProjectReport(pr, p, []PartnerReport{cert}, ProjectReportSubmitted, MustDate("2025-01-20"), ""))
	err = TransitionProjectReport(pr, p, nil, ProjectReportReturned, MustDate("2025-01-21"), "")
	assert.Equal(t, "reason", ErrorFields(err)[0].Field)
	require.NoError(t, TransitionProjectReport(pr, p, nil, ProjectReportReturned, MustDate("2025-01-21"), "missing annex"))
	assert.Equal(t, ProjectReportReturned, pr.Status)
}

func TestValidateAdvance(t *testing.T) {
	p, parts, funds := cycleProject()
	budget, err := ComputeFunding(EUR, parts, []BudgetLine{{PartnerID: "l", Amount: euro("10000.00")}, {PartnerID: "p", Amount: euro("1000.00")}}, funds)
	require.NoError(t, err)
	a := &Advance{PartnerID: "p", FundID: "erdf", Amount: euro("850.00"), PaidOn: MustDate("2024-02-01")}
	assert.NoError(t, ValidateAdvance(a, p, &parts[1], budget, nil))
	a.Amount = euro("850.01")
	err = ValidateAdvance(a, p, &parts[1], budget, nil)
	require.Error(t, err)
	assert.Equal(t, "amount", ErrorFields(err)[0].Field)
	assert.Equal(t, "fund_share", ErrorFields(err)[0].Rule)
	a.Amount = euro("500.00")
	err = ValidateAdvance(a, p, &parts[1], budget, []Advance{{ID: "old", PartnerID: "p", FundID: "erdf", Amount: euro("350.01")}})
	assert.Equal(t, "fund_share", ErrorFields(err)[0].Rule)
	a.FundID = "esf"
	err = ValidateAdvance(a, p, &parts[1], budget, nil)
	assert.Equal(t, "fund_id", ErrorFields(err)[0].Field)
}

func TestContributionsMustMatchOwnShare(t *testing.T) {
	p, parts, funds := cycleProject()
	on := MustDate("2025-01-15")
	r := &PartnerReport{ID: "rp", ProjectID: "acc", PartnerID: "p", Number: 1, Period: 1, Status: ReportDraft,
		Contributions: []Contribution{{Source: ContributionPublic, Amount: euro("100.00")}, {Source: ContributionPrivate, Amount: euro("72.50")}}}
	lines := []ReportExpenditure{staffLine("p1", "1000.03")}
	// Declared 1.150,03: ERDF 977,52, own 172,51.
	err := TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportSubmitted, on, "")
	require.Error(t, err)
	assert.Equal(t, "contributions", ErrorFields(err)[0].Field)
	assert.Equal(t, ReportDraft, r.Status)
	r.Contributions[1].Amount = euro("72.51")
	require.NoError(t, TransitionPartnerReport(p, &parts[1], funds, r, lines, nil, ReportSubmitted, on, ""))
	r.Contributions[0].Source = "city"
	assert.Equal(t, "contributions[0].source", ErrorFields(ValidatePartnerReport(r, p))[0].Field)
}
