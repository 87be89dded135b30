package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// cycleCase is the hand-computed acceptance case on the memory
// store, run through the store's cycle steps: lead L and partner P, both
// ERDF 85 %, office and administration at 15 % of staff costs; L
// declares staff 2.000,00 and 1.333,34, P 1.000,03; the controller
// deducts 333,33 of L's second line as ineligible; an ERDF advance of
// 1.000,00 was paid to L; the project report is verified.
type cycleCase struct {
	s        store.Store
	prj      socialsvc.Project
	fund     socialsvc.Fund
	lp, pp   socialsvc.Partner
	rl, rp   socialsvc.PartnerReportID
	pr       socialsvc.ProjectReportID
	cbName   string
	lpName   string
	ppName   string
	advance  socialsvc.AdvanceID
	verified bool
}

func newCycleCase(t *testing.T, verify bool) *cycleCase {
	t.Helper()
	ctx := context.Background() // trusted system code: every step
	s := memory.New()
	c, err := store.AsCycle(s)
	require.NoError(t, err)
	w := &cycleCase{s: s, cbName: "Kontrolno tijelo Zagreb", lpName: "Grad Čakovec", ppName: "Občina Lendava"}
	w.fund = socialsvc.Fund{Code: "ERDF", Name: socialsvc.I18n{socialsvc.HR: "Europski fond za regionalni razvoj", socialsvc.EN: "European Regional Development Fund"},
		Kind: socialsvc.FundEU, MaxRatePercent: decimal.RequireFromString("85")}
	require.NoError(t, s.CreateFund(ctx, &w.fund))
	org := func(name string) socialsvc.Organisation {
		o := socialsvc.Organisation{Name: name, LegalStatus: socialsvc.LegalPublicBody, Country: "HR", City: "Čakovec"}
		require.NoError(t, s.CreateOrganisation(ctx, &o))
		return o
	}
	cb, ol, op := org(w.cbName), org(w.lpName), org(w.ppName)
	w.prj = socialsvc.Project{
		RateRule: socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
			{Currency: socialsvc.HRK, Rate: socialsvc.HRKPerEUR, Date: socialsvc.MustDate("2018-09-01"), Source: "grant agreement"}}},
		Acronym: "CYCLE", Title: socialsvc.I18n{socialsvc.HR: "Ciklus izvješćivanja", socialsvc.EN: "Reporting cycle"},
		Programme: "Interreg V-A Slovenija–Hrvatska 2014–2020",
		Start:     socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31"),
		Status: socialsvc.StatusDraft, Currency: socialsvc.EUR,
		Periods: []socialsvc.Period{
			{Number: 1, Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2019-02-28")},
			{Number: 2, Start: socialsvc.MustDate("2019-03-01"), End: socialsvc.MustDate("2020-08-31")},
		},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.RequireFromString("15")}},
	}
	require.NoError(t, s.CreateProject(ctx, &w.prj))
	erdf := []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: decimal.RequireFromString("85")}}
	w.lp = socialsvc.Partner{ProjectID: w.prj.ID, OrgID: ol.ID, Role: socialsvc.RoleLead, Number: 1, Funding: erdf, ControlBody: cb.ID}
	require.NoError(t, s.CreatePartner(ctx, &w.lp))
	w.pp = socialsvc.Partner{ProjectID: w.prj.ID, OrgID: op.ID, Role: socialsvc.RolePartner, Number: 2, Funding: erdf, ControlBody: cb.ID}
	require.NoError(t, s.CreatePartner(ctx, &w.pp))
	for _, st := range []socialsvc.Status{socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation} {
		p, err := s.GetProject(ctx, w.prj.ID)
		require.NoError(t, err)
		p.Status = st
		require.NoError(t, s.UpdateProject(ctx, &p))
	}
	for _, b := range []socialsvc.BudgetLine{
		{ProjectID: w.prj.ID, PartnerID: w.lp.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("10000.00")},
		{ProjectID: w.prj.ID, PartnerID: w.pp.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("2000.00")},
	} {
		require.NoError(t, s.CreateBudgetLine(ctx, &b))
	}
	report := func(part socialsvc.Partner) socialsvc.PartnerReportID {
		r := socialsvc.PartnerReport{ProjectID: w.prj.ID, PartnerID: part.ID, Period: 1}
		require.NoError(t, c.CreatePartnerReport(ctx, &r))
		return r.ID
	}
	line := func(r socialsvc.PartnerReportID, inv, amount string) socialsvc.ExpenditureID {
		l := socialsvc.ReportExpenditure{ReportID: r, Category: socialsvc.CatStaff, Amount: eur(amount), InvoiceNumber: inv, Description: "plaće",
			InvoiceDate: socialsvc.MustDate("2018-12-15"), PaymentDate: socialsvc.MustDate("2018-12-20")}
		require.NoError(t, c.CreateReportLine(ctx, &l))
		return l.ID
	}
	step := func(id socialsvc.PartnerReportID, to socialsvc.ReportStatus) {
		r, err := c.GetPartnerReport(ctx, id)
		require.NoError(t, err)
		_, err = store.TransitionPartnerReport(ctx, s, id, r.Version, to, "")
		require.NoError(t, err, "to %s", to)
	}
	w.rl, w.rp = report(w.lp), report(w.pp)
	line(w.rl, "PL-12", "2000.00")
	l2 := line(w.rl, "PL-13", "1333.34")
	line(w.rp, "PL-7", "1000.03")
	if !verify {
		return w
	}
	for _, id := range []socialsvc.PartnerReportID{w.rl, w.rp} {
		step(id, socialsvc.ReportSubmitted)
		step(id, socialsvc.ReportInControl)
	}
	r, err := c.GetPartnerReport(ctx, w.rl)
	require.NoError(t, err)
	_, err = store.ControlPartnerReport(ctx, s, w.rl, r.Version, []store.LineDecision{{ExpenditureID: l2, LineControl: socialsvc.LineControl{
		InSample: true, Certified: eur("1000.01"), Deducted: eur("333.33"), ErrorType: socialsvc.ErrIneligibleCost, Comment: "sati izvan projekta"}}})
	require.NoError(t, err)
	step(w.rl, socialsvc.ReportCertified)
	step(w.rp, socialsvc.ReportCertified)
	adv := socialsvc.Advance{ProjectID: w.prj.ID, PartnerID: w.lp.ID, FundID: w.fund.ID, Amount: eur("1000.00"), PaidOn: socialsvc.MustDate("2018-10-01")}
	require.NoError(t, c.CreateAdvance(ctx, &adv))
	w.advance = adv.ID
	pr := socialsvc.ProjectReport{ProjectID: w.prj.ID, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{w.rl, w.rp}}
	require.NoError(t, c.CreateProjectReport(ctx, &pr))
	w.pr = pr.ID
	pr2, err := store.TransitionProjectReport(ctx, s, pr.ID, pr.Version, socialsvc.ProjectReportSubmitted, "")
	require.NoError(t, err)
	_, err = store.TransitionProjectReport(ctx, s, pr.ID, pr2.Version, socialsvc.ProjectReportVerified, "")
	require.NoError(t, err)
	w.verified = true
	return w
}

func catSums(r *PartnerReportReport) map[socialsvc.CostCategory][4]string {
	out := map[socialsvc.CostCategory][4]string{}
	for _, c := range r.Sums.Categories {
		out[c.Category] = [4]string{c.Declared.AmountString(), c.Certified.AmountString(), c.Deducted.AmountString(), c.Parked.AmountString()}
	}
	return out
}

// TestPartnerReportAcceptance checks the partner reports' figures, by
// category and line, before control and after it.
func TestPartnerReportAcceptance(t *testing.T) {
	ctx := context.Background()
	draft := newCycleCase(t, false)
	done := newCycleCase(t, true)
	for _, tc := range []struct {
		name            string
		w               *cycleCase
		lead            bool
		status          socialsvc.ReportStatus
		cats            map[socialsvc.CostCategory][4]string
		declared, cert  string
		deducted        string
		deductions      []socialsvc.ErrorSum
		certifiedByLine []string
	}{
		{name: "L draft", w: draft, lead: true, status: socialsvc.ReportDraft,
			cats:     map[socialsvc.CostCategory][4]string{socialsvc.CatStaff: {"3333.34", "0.00", "0.00", "0.00"}, socialsvc.CatOffice: {"500.00", "0.00", "0.00", "0.00"}},
			declared: "3833.34", cert: "0.00", deducted: "0.00", certifiedByLine: []string{"", ""}},
		{name: "P draft", w: draft, status: socialsvc.ReportDraft,
			cats:     map[socialsvc.CostCategory][4]string{socialsvc.CatStaff: {"1000.03", "0.00", "0.00", "0.00"}, socialsvc.CatOffice: {"150.00", "0.00", "0.00", "0.00"}},
			declared: "1150.03", cert: "0.00", deducted: "0.00", certifiedByLine: []string{""}},
		{name: "L certified", w: done, lead: true, status: socialsvc.ReportCertified,
			cats:     map[socialsvc.CostCategory][4]string{socialsvc.CatStaff: {"3333.34", "3000.01", "333.33", "0.00"}, socialsvc.CatOffice: {"500.00", "450.00", "50.00", "0.00"}},
			declared: "3833.34", cert: "3450.01", deducted: "383.33",
			deductions:      []socialsvc.ErrorSum{{ErrorType: socialsvc.ErrIneligibleCost, Lines: 1, Deducted: eur("333.33")}},
			certifiedByLine: []string{"2000.00", "1000.01"}},
		{name: "P certified", w: done, status: socialsvc.ReportCertified,
			cats:     map[socialsvc.CostCategory][4]string{socialsvc.CatStaff: {"1000.03", "1000.03", "0.00", "0.00"}, socialsvc.CatOffice: {"150.00", "150.00", "0.00", "0.00"}},
			declared: "1150.03", cert: "1150.03", deducted: "0.00", certifiedByLine: []string{"1000.03"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, name, part := tc.w.rp, tc.w.ppName, tc.w.pp.ID
			if tc.lead {
				id, name, part = tc.w.rl, tc.w.lpName, tc.w.lp.ID
			}
			r, err := PartnerReportOf(ctx, tc.w.s, id, Options{Now: fixedNow})
			require.NoError(t, err)
			assert.Equal(t, KindPartnerReport, r.Kind)
			assert.Equal(t, part, r.PartnerID)
			assert.Equal(t, name, r.Partner)
			assert.Equal(t, 1, r.Number)
			assert.Equal(t, 1, r.Period)
			assert.Equal(t, tc.status, r.Status)
			assert.Equal(t, tc.cats, catSums(r))
			assert.Equal(t, tc.declared, r.Sums.Declared.AmountString())
			assert.Equal(t, tc.cert, r.Sums.Certified.AmountString())
			assert.Equal(t, tc.deducted, r.Sums.Deducted.AmountString())
			assert.Equal(t, tc.deductions, r.Sums.Deductions)
			require.Len(t, r.Lines, len(tc.certifiedByLine))
			for i, want := range tc.certifiedByLine {
				if want == "" {
					assert.Nil(t, r.Lines[i].Certified)
					continue
				}
				require.NotNil(t, r.Lines[i].Certified)
				assert.Equal(t, want, r.Lines[i].Certified.AmountString())
			}
			if tc.status == socialsvc.ReportCertified {
				assert.False(t, r.SubmittedOn.IsZero())
				assert.False(t, r.CertifiedOn.IsZero())
			}
		})
	}

	// The deducted line carries its error type and comment in the table.
	r, err := PartnerReportOf(ctx, done.s, done.rl, Options{Now: fixedNow})
	require.NoError(t, err)
	lines := tableByID(t, r.Tables(socialsvc.EN), "lines")
	row := lines.Rows[1].Cells
	assert.Equal(t, "PL-13", row[0].Text)
	assert.Equal(t, "1333.34", row[9].Money.AmountString())
	assert.Equal(t, "333.33", row[12].Money.AmountString())
	assert.Equal(t, "ineligible cost", row[13].Text)
	assert.Equal(t, "sati izvan projekta", row[14].Text)
	sl := tableByID(t, r.Tables(socialsvc.SL), "lines")
	assert.Equal(t, "neupravičen strošek", sl.Rows[1].Cells[13].Text)
}

// TestControlCertificate checks the certificate of L's report: the control
// body, the sample, the totals and the statement in every language.
func TestControlCertificate(t *testing.T) {
	ctx := context.Background()
	w := newCycleCase(t, true)
	c, err := ControlCertificateOf(ctx, w.s, w.rl, Options{Now: fixedNow})
	require.NoError(t, err)
	assert.Equal(t, w.cbName, c.Controller)
	assert.Equal(t, w.lp.ControlBody, c.ControlBody)
	assert.Equal(t, 2, c.Lines)
	assert.Equal(t, 1, c.SampleSize)
	assert.Equal(t, eur("1333.34"), c.SampleDeclared)
	assert.Equal(t, eur("3833.34"), c.Declared)
	assert.Equal(t, eur("3450.01"), c.Certified)
	assert.Equal(t, eur("383.33"), c.Deducted)
	assert.Equal(t, "The control body Kontrolno tijelo Zagreb has checked partner report no. 1 of Grad Čakovec in the project CYCLE and certifies that of the €3,833.34 declared, €3,450.01 are eligible costs and €383.33 are deducted.",
		c.Statement(socialsvc.EN))
	for _, lang := range i18n.Languages() {
		st := c.Statement(lang)
		assert.Contains(t, st, w.cbName, lang)
		assert.Contains(t, st, eur("3450.01").Format(lang), lang)
		assert.NotContains(t, st, "{{", lang)
	}

	// A report that is not certified has no certificate.
	d := newCycleCase(t, false)
	_, err = ControlCertificateOf(ctx, d.s, d.rl, Options{})
	require.Error(t, err)
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err))
	assert.Equal(t, "status", socialsvc.ErrorFields(err)[0].Field)
}

func TestProjectReportReport(t *testing.T) {
	ctx := context.Background()
	w := newCycleCase(t, true)
	r, err := ProjectReportOf(ctx, w.s, w.pr, Options{Now: fixedNow})
	require.NoError(t, err)
	assert.Equal(t, socialsvc.ProjectReportVerified, r.Status)
	assert.Equal(t, 1, r.Number)
	require.Len(t, r.Parts, 2)
	assert.Equal(t, ProjectReportPart{ReportID: w.rl, PartnerID: w.lp.ID, Partner: w.lpName, Number: 1,
		Declared: eur("3833.34"), Certified: eur("3450.01"), Deducted: eur("383.33")}, r.Parts[0])
	assert.Equal(t, ProjectReportPart{ReportID: w.rp, PartnerID: w.pp.ID, Partner: w.ppName, Number: 1,
		Declared: eur("1150.03"), Certified: eur("1150.03"), Deducted: eur("0.00")}, r.Parts[1])
	assert.Equal(t, eur("4983.37"), r.Declared)
	assert.Equal(t, eur("4600.04"), r.Certified)
	assert.Equal(t, eur("383.33"), r.Deducted)
}

func TestPaymentStatement(t *testing.T) {
	ctx := context.Background()
	w := newCycleCase(t, true)
	ps, err := PaymentStatementOf(ctx, w.s, w.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	require.Len(t, ps.Payments, 2)
	got := map[socialsvc.PartnerID][6]string{}
	for _, p := range ps.Payments {
		assert.Equal(t, "ERDF", p.Fund)
		assert.Equal(t, 1, p.ReportNumber)
		assert.Nil(t, p.Paid)
		got[p.PartnerID] = [6]string{p.Certified.AmountString(), p.FundAmount.AmountString(), p.Own.AmountString(), p.AdvanceSettled.AmountString(), p.Due.AmountString(), p.RatePercent.String()}
	}
	assert.Equal(t, map[socialsvc.PartnerID][6]string{
		w.lp.ID: {"3450.01", "2932.50", "517.51", "1000.00", "1932.50", "85"},
		w.pp.ID: {"1150.03", "977.52", "172.51", "0.00", "977.52", "85"},
	}, got)
	require.Len(t, ps.Funds, 1)
	assert.Equal(t, FundPayments{FundID: w.fund.ID, Fund: "ERDF", FundAmount: eur("3910.02"), Own: eur("690.02"),
		AdvanceSettled: eur("1000.00"), Due: eur("2910.02"), Paid: eur("0.00")}, ps.Funds[0], "the sum of the partners' rounded shares, not 85 % of 4.600,04")
	require.Len(t, ps.Advances, 1)
	assert.Equal(t, AdvanceLine{AdvanceID: w.advance, PartnerFund: PartnerFund{PartnerID: w.lp.ID, Partner: w.lpName, FundID: w.fund.ID, Fund: "ERDF"},
		Amount: eur("1000.00"), PaidOn: socialsvc.MustDate("2018-10-01"), Settled: eur("1000.00"), Outstanding: eur("0.00")}, ps.Advances[0])

	// Recording L's payment shows what was paid and when.
	var lid socialsvc.PaymentID
	var ver int64
	for _, p := range ps.Payments {
		if p.PartnerID == w.lp.ID {
			lid = p.PaymentID
		}
	}
	c, _ := store.AsCycle(w.s)
	pay, err := c.GetPayment(ctx, lid)
	require.NoError(t, err)
	ver = pay.Version
	on := socialsvc.DateOf(store.Now(ctx))
	_, err = store.RecordPayment(ctx, w.s, lid, ver, eur("1932.50"), on)
	require.NoError(t, err)
	ps, err = PaymentStatementOf(ctx, w.s, w.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	assert.Equal(t, eur("1932.50"), ps.Funds[0].Paid)

	// Another period has no payments yet; an unknown one is refused.
	ps2, err := PaymentStatementOf(ctx, w.s, w.prj.ID, Options{Period: 2})
	require.NoError(t, err)
	assert.Empty(t, ps2.Payments)
	assert.Equal(t, "no_payments", ps2.Notes[0].Code)
	_, err = PaymentStatementOf(ctx, w.s, w.prj.ID, Options{Period: 9})
	assert.Equal(t, []string{"period"}, fieldNames(err))
}

// TestCycleReportsRender renders each of the cycle's reports in every
// format and every shipped language, and reads the figures back from the
// CSV, the XLSX, the HTML and the PDF.
func TestCycleReportsRender(t *testing.T) {
	ctx := context.Background()
	w := newCycleCase(t, true)
	pr, err := PartnerReportOf(ctx, w.s, w.rl, Options{Now: fixedNow})
	require.NoError(t, err)
	cc, err := ControlCertificateOf(ctx, w.s, w.rl, Options{Now: fixedNow})
	require.NoError(t, err)
	prr, err := ProjectReportOf(ctx, w.s, w.pr, Options{Now: fixedNow})
	require.NoError(t, err)
	ps, err := PaymentStatementOf(ctx, w.s, w.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		rep     Report
		kind    string
		csv     string   // a plain-CSV table and a row it has
		row     []string // as written in that table
		amounts []string // amounts the PDF shows (en formatting)
	}{
		{"partner report", pr, "partner_report", "categories", []string{"office and administration", "yes", "500.00", "450.00", "50.00", "0.00"}, []string{"3,833.34", "3,450.01", "383.33", "333.33"}},
		{"control certificate", cc, "control_certificate", "deductions", []string{"ineligible cost", "1", "333.33"}, []string{"3,450.01", "383.33"}},
		{"project report", prr, "project_report", "partner_reports", []string{"Total", "", "4983.37", "4600.04", "383.33"}, []string{"4,600.04", "1,150.03"}},
		{"payment statement", ps, "payment_statement", "payments", []string{"Total", "ERDF", "", "", "", "3910.02", "690.02", "1000.00", "2910.02", "0.00", ""}, []string{"2,932.50", "977.52", "3,910.02", "1,932.50"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteJSON(&buf, tc.rep))
			var v map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
			assert.Equal(t, tc.kind, v["kind"])

			buf.Reset()
			require.NoError(t, WriteCSV(&buf, tc.rep, CSVOptions{Table: tc.csv}))
			recs, err := csv.NewReader(&buf).ReadAll()
			require.NoError(t, err)
			assert.Contains(t, recs, tc.row)
			buf.Reset()
			require.NoError(t, WriteCSV(&buf, tc.rep, CSVOptions{Croatian: true}))
			assert.NotEmpty(t, buf.Bytes())

			buf.Reset()
			require.NoError(t, WriteXLSX(&buf, tc.rep, socialsvc.EN))
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(f.GetSheetList()), 2)
			require.NoError(t, f.Close())

			for _, lang := range i18n.Languages() {
				title := i18n.T(lang, "cyclereports.kind."+tc.kind)
				buf.Reset()
				require.NoError(t, WriteHTML(&buf, tc.rep, lang))
				assert.Contains(t, buf.String(), title, lang)
				for _, tb := range tc.rep.Tables(lang) {
					assert.Contains(t, buf.String(), htmlEscape(tb.Title), lang)
					for _, c := range tb.Columns {
						assert.NotContains(t, c.Label, "cyclereports.", "%s: a label without a catalogue entry", lang)
					}
				}
				doc := renderPDF(t, tc.rep, lang)
				text := flatText(t, doc)
				assert.Contains(t, text, title, lang)
				if lang == socialsvc.EN {
					for _, a := range tc.amounts {
						assert.Contains(t, text, a)
					}
				}
			}
		})
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestFinancialCycleColumns checks the financial report's declared,
// certified and paid amounts beside budget and spent: zero (and no table
// of their own) while the partner reports are drafts, then the acceptance
// figures, and the payment once recorded.
func TestFinancialCycleColumns(t *testing.T) {
	ctx := context.Background()
	row := func(l CycleLine) [5]string {
		return [5]string{l.Budget.AmountString(), l.Spent.AmountString(), l.Declared.AmountString(), l.Certified.AmountString(), l.Paid.AmountString()}
	}
	// Budgets: staff 10.000,00 and 2.000,00 with office at 15 %:
	// 11.500,00 and 2.300,00.
	draft := newCycleCase(t, false)
	fin, err := Financial(ctx, draft.s, draft.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	require.Len(t, fin.Cycle, 2)
	assert.Equal(t, [5]string{"11500.00", "0.00", "0.00", "0.00", "0.00"}, row(fin.Cycle[0]))
	assert.Equal(t, [5]string{"2300.00", "0.00", "0.00", "0.00", "0.00"}, row(fin.Cycle[1]))
	assert.Equal(t, [5]string{"13800.00", "0.00", "0.00", "0.00", "0.00"}, row(fin.CycleTotal))
	for _, tb := range fin.Tables(socialsvc.EN) {
		assert.NotEqual(t, "cycle", tb.ID, "no cycle table without cycle data")
	}

	w := newCycleCase(t, true)
	fin, err = Financial(ctx, w.s, w.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	require.Len(t, fin.Cycle, 2)
	assert.Equal(t, w.lp.ID, fin.Cycle[0].PartnerID)
	assert.Equal(t, [5]string{"11500.00", "0.00", "3833.34", "3450.01", "0.00"}, row(fin.Cycle[0]))
	assert.Equal(t, [5]string{"2300.00", "0.00", "1150.03", "1150.03", "0.00"}, row(fin.Cycle[1]))
	assert.Equal(t, [5]string{"13800.00", "0.00", "4983.37", "4600.04", "0.00"}, row(fin.CycleTotal))

	c, _ := store.AsCycle(w.s)
	pg, err := c.ListPayments(ctx, store.ProjectScope{ProjectID: w.prj.ID})
	require.NoError(t, err)
	for _, p := range pg.Items {
		if p.PartnerID == w.lp.ID {
			_, err = store.RecordPayment(ctx, w.s, p.ID, p.Version, eur("1932.50"), socialsvc.DateOf(store.Now(ctx)))
			require.NoError(t, err)
		}
	}
	fin, err = Financial(ctx, w.s, w.prj.ID, Options{Now: fixedNow})
	require.NoError(t, err)
	assert.Equal(t, "1932.50", fin.Cycle[0].Paid.AmountString())
	assert.Equal(t, [5]string{"13800.00", "0.00", "4983.37", "4600.04", "1932.50"}, row(fin.CycleTotal))
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, fin, CSVOptions{Table: "cycle"}))
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"Partner", "Budget (EUR)", "Spent (EUR)", "Declared (EUR)", "Certified (EUR)", "Paid (EUR)"}, recs[0])
	assert.Equal(t, []string{"Total", "13800.00", "0.00", "4983.37", "4600.04", "1932.50"}, recs[len(recs)-1])
	text := flatText(t, renderPDF(t, fin, socialsvc.SL))
	assert.Contains(t, text, i18n.T(socialsvc.SL, "cyclereports.t.financial_cycle"))
	assert.Contains(t, text, "Skupaj 13.800,00 € 0,00 € 4.983,37 € 4.600,04 € 1.932,50 €")

	// Period 2 has no partner reports: zero, no table.
	fin2, err := Financial(ctx, w.s, w.prj.ID, Options{Period: 2})
	require.NoError(t, err)
	assert.Equal(t, "0.00", fin2.CycleTotal.Declared.AmountString())
	assert.Equal(t, "0.00", fin2.CycleTotal.Paid.AmountString())
	fin1, err := Financial(ctx, w.s, w.prj.ID, Options{Period: 1})
	require.NoError(t, err)
	assert.Equal(t, [5]string{"13800.00", "0.00", "4983.37", "4600.04", "1932.50"}, row(fin1.CycleTotal))
}

// TestCycleReportIDs checks that every label id the cycle's reports use,
// literal (ct(lang, "…")) or built at run time (statuses, error types,
// sources of contribution, kinds), is in every shipped catalogue.
func TestCycleReportIDs(t *testing.T) {
	var ids []string
	re := regexp.MustCompile(`ct\(lang, "([a-z_.]+)"\)`)
	for _, f := range []string{"cycle.go", "financial_cycle.go"} {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			ids = append(ids, "cyclereports."+m[1])
		}
	}
	for _, s := range socialsvc.ReportStatuses {
		ids = append(ids, "cyclereports.status."+string(s))
	}
	for _, s := range []socialsvc.ProjectReportStatus{socialsvc.ProjectReportDraft, socialsvc.ProjectReportSubmitted, socialsvc.ProjectReportVerified, socialsvc.ProjectReportReturned} {
		ids = append(ids, "cyclereports.status."+string(s))
	}
	for _, e := range socialsvc.ErrorTypes {
		ids = append(ids, "cyclereports.error."+string(e))
	}
	for _, s := range []socialsvc.ContributionSource{socialsvc.ContributionPublic, socialsvc.ContributionAutomaticPublic, socialsvc.ContributionPrivate} {
		ids = append(ids, "cyclereports.contribution."+string(s))
	}
	for _, id := range cycleKinds {
		ids = append(ids, id)
	}
	ids = append(ids, "cyclereports.statement")
	require.Greater(t, len(ids), 60)
	i18ntest.CheckIDs(t, ids...)
}
