package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The reporting and payment cycle (store.Cycle): partner reports and
// their lines, control, project reports, payments and advances, with the
// write rules and the hand-computed acceptance case.

func cycleTests() []test {
	return []test{
		{"AcceptanceCase", testCycleAcceptance, true},
		{"RoundTrip", testCycleRoundTrip, false},
		{"ForbiddenChangesNothing", testCycleForbidden, true},
		{"ReadOnlyOutsideSteps", testCycleReadOnly, false},
		{"ConcurrentSubmissions", testCycleConcurrentSubmissions, false},
		{"ControllerRacesPartner", testCycleControllerRace, false},
		{"DeleteDraftOnly", testCycleDelete, false},
		{"CarryParked", testCycleCarryParked, true},
		{"ControllerQueue", testCycleQueue, true},
		{"ImportLines", testCycleImportLines, true},
		{"LineBatches", testCycleLineBatches, false},
	}
}

// cycleWorld is the acceptance case's project: lead L and partner P, both
// ERDF 85 %, office and administration at 15 % of staff costs, in
// implementation, both controlled by the control body CB; X is another
// control body.
type cycleWorld struct {
	f              *fixture
	c              store.Cycle
	fund           socialsvc.Fund
	prj            socialsvc.Project
	lp, pp         socialsvc.Partner
	orgCB, orgX    socialsvc.Organisation
	edL, edP, ctl  context.Context
	ctlX, admin    context.Context
	viewer, system context.Context
}

func newCycleWorld(t *testing.T, s store.Store) *cycleWorld {
	c, ok := s.(store.Cycle)
	require.True(t, ok, "the store implements store.Cycle")
	f := newFixture(t, s)
	w := &cycleWorld{f: f, c: c}
	w.fund = f.fund()
	w.orgCB, w.orgX = f.org(), f.org()
	w.prj = f.project(func(p *socialsvc.Project) {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
	})
	erdf := []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: dec("85")}}
	w.lp = f.partner(w.prj.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.Funding = erdf; p.ControlBody = w.orgCB.ID })
	w.pp = f.partner(w.prj.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) { p.Funding = erdf; p.ControlBody = w.orgCB.ID })
	advance(t, s, w.prj.ID, append(toContracted, socialsvc.StatusInImplementation)...)
	f.budget(w.lp, socialsvc.CatStaff, 1, eur("10000.00"))
	f.budget(w.pp, socialsvc.CatStaff, 1, eur("2000.00"))
	ctx := t.Context()
	w.edL = as(ctx, "ed-l", w.lp.OrgID, store.RoleEditor)
	w.edP = as(ctx, "ed-p", w.pp.OrgID, store.RoleEditor)
	w.ctl = as(ctx, "ctl-cb", w.orgCB.ID, store.RoleController)
	w.ctlX = as(ctx, "ctl-x", w.orgX.ID, store.RoleController)
	w.admin = as(ctx, "admin", "", store.RoleAdmin)
	w.viewer = as(ctx, "viewer", w.lp.OrgID, store.RoleViewer)
	w.system = ctx
	return w
}

func (w *cycleWorld) report(t *testing.T, ctx context.Context, part socialsvc.Partner) socialsvc.PartnerReport {
	t.Helper()
	r := socialsvc.PartnerReport{ProjectID: w.prj.ID, PartnerID: part.ID, Period: 1}
	require.NoError(t, w.c.CreatePartnerReport(ctx, &r))
	return r
}

func (w *cycleWorld) line(t *testing.T, ctx context.Context, r socialsvc.PartnerReportID, amount string) socialsvc.ReportExpenditure {
	t.Helper()
	l := socialsvc.ReportExpenditure{ReportID: r, Category: socialsvc.CatStaff, Amount: eur(amount), InvoiceDate: d("2018-12-15"), InvoiceNumber: "PL-12"}
	require.NoError(t, w.c.CreateReportLine(ctx, &l))
	return l
}

func (w *cycleWorld) get(t *testing.T, id socialsvc.PartnerReportID) socialsvc.PartnerReport {
	t.Helper()
	r, err := w.c.GetPartnerReport(t.Context(), id)
	require.NoError(t, err)
	return r
}

func (w *cycleWorld) step(t *testing.T, ctx context.Context, id socialsvc.PartnerReportID, to socialsvc.ReportStatus, reason string) socialsvc.PartnerReport {
	t.Helper()
	r, err := store.TransitionPartnerReport(ctx, w.c, id, w.get(t, id).Version, to, reason)
	require.NoError(t, err, "to %s", to)
	assert.Equal(t, to, r.Status)
	return r
}

func auditLen(t *testing.T, s store.Store) int {
	t.Helper()
	n := 0
	o := store.AuditFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := s.ListAudit(t.Context(), o)
		require.NoError(t, err)
		n += len(pg.Items)
		if pg.NextCursor == "" {
			return n
		}
		o.Cursor = pg.NextCursor
	}
}

// refused asserts that err has code and that the audit log did not grow.
func refused(t *testing.T, s store.Store, before int, code string, err error) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, code, socialsvc.ErrorCode(err), "%v", err)
	assert.Equal(t, before, auditLen(t, s), "a refused write changes nothing")
}

func testCycleAcceptance(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()

	rl := w.report(t, w.edL, w.lp)
	assert.Equal(t, 1, rl.Number)
	assert.Equal(t, socialsvc.ReportDraft, rl.Status)
	w.line(t, w.edL, rl.ID, "2000.00")
	l2 := w.line(t, w.edL, rl.ID, "1333.34")
	rp := w.report(t, w.edP, w.pp)
	w.line(t, w.edP, rp.ID, "1000.03")

	// Declared: L 3.333,34 staff → office 500,00 → 3.833,34; P 1.000,03
	// → office 150,00 → 1.150,03.
	sl, err := store.SumPartnerReport(ctx, s, rl.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("500.00"), sl.Category(socialsvc.CatOffice).Declared)
	assert.Equal(t, eur("3833.34"), sl.Declared)
	sp, err := store.SumPartnerReport(ctx, s, rp.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("150.00"), sp.Category(socialsvc.CatOffice).Declared)
	assert.Equal(t, eur("1150.03"), sp.Declared)

	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	w.step(t, w.edP, rp.ID, socialsvc.ReportSubmitted, "")
	got := w.get(t, rl.ID)
	assert.False(t, got.SubmittedOn.IsZero())
	assert.Equal(t, got.SubmittedOn.MonthOf(), got.RateMonth)

	// Lines of a submitted report cannot change.
	before := auditLen(t, s)
	extra := socialsvc.ReportExpenditure{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("1.00"), InvoiceDate: d("2018-12-15")}
	refused(t, s, before, socialsvc.Conflict, w.c.CreateReportLine(w.edL, &extra))
	line, err := w.c.GetReportLine(ctx, l2.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("1333.34"), line.Converted, "converted and frozen at submission")
	line.Amount = eur("1333.00")
	refused(t, s, before, socialsvc.Conflict, w.c.UpdateReportLine(w.edL, &line))

	// A controller of another body may not take the report.
	_, err = store.TransitionPartnerReport(w.ctlX, s, rl.ID, w.get(t, rl.ID).Version, socialsvc.ReportInControl, "")
	refused(t, s, before, socialsvc.Forbidden, err)

	w.step(t, w.ctl, rl.ID, socialsvc.ReportInControl, "")
	w.step(t, w.ctl, rp.ID, socialsvc.ReportInControl, "")

	// certified + deducted ≠ declared: invalid, nothing changed.
	before = auditLen(t, s)
	bad := []store.LineDecision{{ExpenditureID: l2.ID, LineControl: socialsvc.LineControl{InSample: true, Certified: eur("1000.00"), Deducted: eur("333.33"), ErrorType: socialsvc.ErrIneligibleCost}}}
	_, err = store.ControlPartnerReport(w.ctl, s, rl.ID, w.get(t, rl.ID).Version, bad)
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "lines[0].deducted", socialsvc.ErrorFields(err)[0].Field)
	_, err = store.ControlPartnerReport(w.ctlX, s, rl.ID, w.get(t, rl.ID).Version, bad)
	refused(t, s, before, socialsvc.Forbidden, err)

	// The controller deducts 333,33 of L's second line as ineligible.
	ok := []store.LineDecision{{ExpenditureID: l2.ID, LineControl: socialsvc.LineControl{InSample: true, Certified: eur("1000.01"), Deducted: eur("333.33"), ErrorType: socialsvc.ErrIneligibleCost, Comment: "hours outside the project"}}}
	_, err = store.ControlPartnerReport(w.ctl, s, rl.ID, w.get(t, rl.ID).Version, ok)
	require.NoError(t, err)
	w.step(t, w.ctl, rl.ID, socialsvc.ReportCertified, "")
	w.step(t, w.ctl, rp.ID, socialsvc.ReportCertified, "")

	sl, err = store.SumPartnerReport(ctx, s, rl.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("3000.01"), sl.Category(socialsvc.CatStaff).Certified)
	assert.Equal(t, eur("450.00"), sl.Category(socialsvc.CatOffice).Certified)
	assert.Equal(t, eur("3450.01"), sl.Certified)
	assert.Equal(t, []socialsvc.ErrorSum{{ErrorType: socialsvc.ErrIneligibleCost, Lines: 1, Deducted: eur("333.33")}}, sl.Deductions)
	sp, err = store.SumPartnerReport(ctx, s, rp.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("1150.03"), sp.Certified)

	// An advance larger than L's ERDF share of its budget (85 % of
	// 11.500,00 = 9.775,00) is refused; 1.000,00 is paid.
	before = auditLen(t, s)
	big := socialsvc.Advance{ProjectID: w.prj.ID, PartnerID: w.lp.ID, FundID: w.fund.ID, Amount: eur("9775.01"), PaidOn: d("2018-10-01")}
	err = w.c.CreateAdvance(w.admin, &big)
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "amount", socialsvc.ErrorFields(err)[0].Field)
	adv := socialsvc.Advance{ProjectID: w.prj.ID, PartnerID: w.lp.ID, FundID: w.fund.ID, Amount: eur("1000.00"), PaidOn: d("2018-10-01")}
	refused(t, s, before, socialsvc.Forbidden, w.c.CreateAdvance(w.edL, &adv))
	require.NoError(t, w.c.CreateAdvance(w.admin, &adv))

	// The lead partner's editors assemble and submit; P's may not.
	pr := socialsvc.ProjectReport{ProjectID: w.prj.ID, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{rl.ID, rp.ID}}
	before = auditLen(t, s)
	refused(t, s, before, socialsvc.Forbidden, w.c.CreateProjectReport(w.edP, &socialsvc.ProjectReport{ProjectID: w.prj.ID, Period: 1, PartnerReportIDs: pr.PartnerReportIDs}))
	require.NoError(t, w.c.CreateProjectReport(w.edL, &pr))
	assert.Equal(t, 1, pr.Number)
	pr2, err := store.TransitionProjectReport(w.edL, s, pr.ID, pr.Version, socialsvc.ProjectReportSubmitted, "")
	require.NoError(t, err)
	before = auditLen(t, s)
	_, err = store.TransitionProjectReport(w.edL, s, pr.ID, pr2.Version, socialsvc.ProjectReportVerified, "")
	refused(t, s, before, socialsvc.Forbidden, err)
	_, err = store.TransitionProjectReport(w.admin, s, pr.ID, pr2.Version, socialsvc.ProjectReportVerified, "")
	require.NoError(t, err)

	pg, err := w.c.ListPayments(ctx, store.ProjectScope{ProjectID: w.prj.ID})
	require.NoError(t, err)
	require.Len(t, pg.Items, 2)
	byPartner := map[socialsvc.PartnerID]socialsvc.Payment{}
	for _, p := range pg.Items {
		byPartner[p.PartnerID] = p
		assert.Equal(t, pr.ID, p.ProjectReportID)
		assert.Equal(t, w.fund.ID, p.FundID)
		assert.Nil(t, p.Paid)
	}
	pl, pp := byPartner[w.lp.ID], byPartner[w.pp.ID]
	assert.Equal(t, eur("3450.01"), pl.Certified)
	assert.Equal(t, eur("2932.50"), pl.FundAmount)
	assert.Equal(t, eur("517.51"), pl.Own)
	assert.Equal(t, eur("1000.00"), pl.AdvanceSettled)
	assert.Equal(t, eur("1932.50"), pl.Due)
	assert.Equal(t, eur("1150.03"), pp.Certified)
	assert.Equal(t, eur("977.52"), pp.FundAmount)
	assert.Equal(t, eur("172.51"), pp.Own)
	assert.Equal(t, eur("977.52"), pp.Due)
	total, err := pl.FundAmount.Add(pp.FundAmount)
	require.NoError(t, err)
	assert.Equal(t, eur("3910.02"), total, "the sum of the partners' rounded shares, not 85 % of 4.600,04")
	a, err := w.c.GetAdvance(ctx, adv.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("1000.00"), a.Settled)

	// A payment is recorded once, by the programme.
	before = auditLen(t, s)
	_, err = store.RecordPayment(w.edL, s, pl.ID, pl.Version, eur("1932.50"), d("2030-01-01"))
	refused(t, s, before, socialsvc.Forbidden, err)
	paid, err := store.RecordPayment(w.admin, s, pl.ID, pl.Version, eur("1932.50"), socialsvc.DateOf(store.Now(ctx)))
	require.NoError(t, err)
	require.NotNil(t, paid.Paid)
	assert.Equal(t, eur("1932.50"), *paid.Paid)
	before = auditLen(t, s)
	_, err = store.RecordPayment(w.admin, s, pl.ID, paid.Version, eur("1932.50"), socialsvc.DateOf(store.Now(ctx)))
	refused(t, s, before, socialsvc.Conflict, err)

	// The audit log holds the cycle's writes.
	au, err := s.ListAudit(ctx, store.AuditFilter{Entity: store.EntityPartnerReport, EntityID: string(rl.ID), ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(au.Items), 5)
}

func testCycleForbidden(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	before := auditLen(t, s)
	r := socialsvc.PartnerReport{ProjectID: w.prj.ID, PartnerID: w.lp.ID, Period: 1}
	for _, ctx := range []context.Context{w.edP, w.ctl, w.viewer} {
		x := r
		refused(t, s, before, socialsvc.Forbidden, w.c.CreatePartnerReport(ctx, &x))
	}
	rl := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, rl.ID, "100.00")
	before = auditLen(t, s)
	l := socialsvc.ReportExpenditure{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("1.00"), InvoiceDate: d("2018-12-15")}
	refused(t, s, before, socialsvc.Forbidden, w.c.CreateReportLine(w.edP, &l))
	_, err := store.TransitionPartnerReport(w.edP, s, rl.ID, w.get(t, rl.ID).Version, socialsvc.ReportSubmitted, "")
	refused(t, s, before, socialsvc.Forbidden, err)
	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	before = auditLen(t, s)
	// The partner does not control its own report; the admin does not either.
	for _, ctx := range []context.Context{w.edL, w.admin, w.ctlX} {
		_, err = store.TransitionPartnerReport(ctx, s, rl.ID, w.get(t, rl.ID).Version, socialsvc.ReportInControl, "")
		refused(t, s, before, socialsvc.Forbidden, err)
	}
	w.step(t, w.ctl, rl.ID, socialsvc.ReportInControl, "")
	w.step(t, w.ctl, rl.ID, socialsvc.ReportCertified, "")
	// Only the programme reopens, with a reason.
	before = auditLen(t, s)
	_, err = store.TransitionPartnerReport(w.ctl, s, rl.ID, w.get(t, rl.ID).Version, socialsvc.ReportInControl, "audit finding")
	refused(t, s, before, socialsvc.Forbidden, err)
	_, err = store.TransitionPartnerReport(w.admin, s, rl.ID, w.get(t, rl.ID).Version, socialsvc.ReportInControl, "")
	refused(t, s, before, socialsvc.Invalid, err)
	r2 := w.step(t, w.admin, rl.ID, socialsvc.ReportInControl, "audit finding")
	require.NotEmpty(t, r2.History)
	assert.Equal(t, "audit finding", r2.History[len(r2.History)-1].Reason)
	// Payments are never written directly.
	before = auditLen(t, s)
	refused(t, s, before, socialsvc.Forbidden, w.c.CreatePayment(w.edL, &socialsvc.Payment{ProjectID: w.prj.ID}))
	refused(t, s, before, socialsvc.Invalid, w.c.CreatePayment(w.admin, &socialsvc.Payment{ProjectID: w.prj.ID}))
}

func testCycleReadOnly(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	rl := w.report(t, w.edL, w.lp)
	before := auditLen(t, s)
	x := rl
	x.Status = socialsvc.ReportCertified
	refused(t, s, before, socialsvc.Invalid, w.c.UpdatePartnerReport(w.edL, &x))
	l := socialsvc.ReportExpenditure{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("1.00"), InvoiceDate: d("2018-12-15"), Converted: eur("1.00")}
	refused(t, s, before, socialsvc.Invalid, w.c.CreateReportLine(w.edL, &l))
	l = socialsvc.ReportExpenditure{ReportID: rl.ID, Category: socialsvc.CatOffice, Amount: eur("1.00"), InvoiceDate: d("2018-12-15")}
	err := w.c.CreateReportLine(w.edL, &l)
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "category", socialsvc.ErrorFields(err)[0].Field)
	// A project report with an uncertified partner report.
	pr := socialsvc.ProjectReport{ProjectID: w.prj.ID, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{rl.ID}}
	err = w.c.CreateProjectReport(w.edL, &pr)
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "partner_report_ids[0]", socialsvc.ErrorFields(err)[0].Field)
	// A second report of the partner takes the next number.
	r2 := w.report(t, w.edL, w.lp)
	assert.Equal(t, 2, r2.Number)
}

func testCycleConcurrentSubmissions(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	rl := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, rl.ID, "100.00")
	version := w.get(t, rl.ID).Version
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = store.TransitionPartnerReport(w.edL, s, rl.ID, version, socialsvc.ReportSubmitted, "")
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err), "%v", err)
	}
	assert.Equal(t, 1, wins)
	got := w.get(t, rl.ID)
	assert.Equal(t, socialsvc.ReportSubmitted, got.Status)
	assert.Len(t, got.History, 1, "submitted once")
}

func testCycleControllerRace(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	rl := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, rl.ID, "100.00")
	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	version := w.get(t, rl.ID).Version
	var errCtl, errPartner error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, errCtl = store.TransitionPartnerReport(w.ctl, s, rl.ID, version, socialsvc.ReportInControl, "")
	}()
	go func() {
		defer wg.Done()
		_, errPartner = store.TransitionPartnerReport(w.edL, s, rl.ID, version, socialsvc.ReportDraft, "a line was missing")
	}()
	wg.Wait()
	got := w.get(t, rl.ID)
	switch {
	case errCtl == nil:
		assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(errPartner), "%v", errPartner)
		assert.Equal(t, socialsvc.ReportInControl, got.Status)
	case errPartner == nil:
		assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(errCtl), "%v", errCtl)
		assert.Equal(t, socialsvc.ReportDraft, got.Status)
	default:
		t.Fatalf("neither won: %v; %v", errCtl, errPartner)
	}
	assert.Len(t, got.History, 2)
}

func testCycleDelete(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	rl := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, rl.ID, "100.00")
	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	before := auditLen(t, s)
	refused(t, s, before, socialsvc.Conflict, w.c.DeletePartnerReport(w.edL, rl.ID, w.get(t, rl.ID).Version))
	r2 := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, r2.ID, "5.00")
	require.NoError(t, w.c.DeletePartnerReport(w.edL, r2.ID, w.get(t, r2.ID).Version))
	_, err := w.c.GetPartnerReport(t.Context(), r2.ID)
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
	pg, err := w.c.ListReportLines(t.Context(), store.ReportLineFilter{ReportID: r2.ID})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
}

// testCycleRoundTrip stores every field a controller asks for, a unit
// cost, a line in pounds converted at submission under the project's rate
// rule and declared contributions, and reads them back unchanged.
func testCycleRoundTrip(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()
	p, err := s.GetProject(ctx, w.prj.ID)
	require.NoError(t, err)
	p.FlatRates = nil
	p.UnitCosts = []socialsvc.UnitCost{{Code: "UC1", Name: socialsvc.I18n{"hr": "Sat savjetovanja", "en": "Counselling hour"}, Unit: "hour", Price: eur("50.00")}}
	require.NoError(t, s.UpdateProject(ctx, &p))

	// Declared 125,00 + 100,00 = 225,00: ERDF 191,25, own 33,75.
	r := socialsvc.PartnerReport{ProjectID: w.prj.ID, PartnerID: w.pp.ID, Period: 1, Contributions: []socialsvc.Contribution{
		{Source: socialsvc.ContributionPublic, Name: "Grad Čakovec", Amount: eur("20.00")},
		{Source: socialsvc.ContributionPrivate, Amount: eur("13.75")}}}
	require.NoError(t, w.c.CreatePartnerReport(w.edP, &r))
	units := dec("2.5")
	uc := socialsvc.ReportExpenditure{ReportID: r.ID, Category: socialsvc.CatUnitCost, CostOption: "UC1", Units: &units,
		InvoiceDate: d("2018-11-30"), InvoiceNumber: "R-7/2018", InternalRef: "K-33"}
	require.NoError(t, w.c.CreateReportLine(w.edP, &uc))
	assert.Equal(t, eur("125.00"), uc.Amount, "units × price, computed")
	gbp := socialsvc.ReportExpenditure{ReportID: r.ID, Category: socialsvc.CatExternal, Description: "Interpreting",
		Amount: socialsvc.MustMoney("87.65", "GBP"), VAT: socialsvc.MustMoney("14.61", "GBP"), VATRecoverable: true,
		InvoiceDate: d("2018-12-03"), PaymentDate: d("2018-12-20"), InvoiceNumber: "INV-0042", ProcurementRef: "JN-2018/5"}
	require.NoError(t, w.c.CreateReportLine(w.edP, &gbp))

	sub := w.step(t, w.edP, r.ID, socialsvc.ReportSubmitted, "")
	got, err := w.c.GetPartnerReport(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, sub, got)
	assert.Equal(t, r.Contributions, got.Contributions)

	line, err := w.c.GetReportLine(ctx, gbp.ID)
	require.NoError(t, err)
	// 87,65 GBP at the agreement's 0.8765 per euro: 100,00 EUR.
	assert.Equal(t, eur("100.00"), line.Converted)
	assert.Equal(t, socialsvc.RateBasisContract, line.Conversion.Basis)
	assert.True(t, dec("0.8765").Equal(line.Conversion.Rate))
	assert.Equal(t, gbp.VAT, line.VAT)
	assert.True(t, line.VATRecoverable)
	assert.Equal(t, d("2018-12-20"), line.PaymentDate)
	assert.Equal(t, "INV-0042", line.InvoiceNumber)
	assert.Equal(t, "JN-2018/5", line.ProcurementRef)
	assert.Equal(t, "Interpreting", line.Description)
	line, err = w.c.GetReportLine(ctx, uc.ID)
	require.NoError(t, err)
	require.NotNil(t, line.Units)
	assert.True(t, units.Equal(*line.Units))
	assert.Equal(t, "UC1", line.CostOption)
	assert.Equal(t, "K-33", line.InternalRef)
	assert.Equal(t, eur("125.00"), line.Converted)

	w.step(t, w.ctl, r.ID, socialsvc.ReportInControl, "")
	park := []store.LineDecision{{ExpenditureID: gbp.ID, LineControl: socialsvc.LineControl{InSample: true, Parked: true, Comment: "translation not delivered yet"}}}
	_, err = store.ControlPartnerReport(w.ctl, s, r.ID, w.get(t, r.ID).Version, park)
	require.NoError(t, err)
	w.step(t, w.ctl, r.ID, socialsvc.ReportCertified, "")
	line, err = w.c.GetReportLine(ctx, gbp.ID)
	require.NoError(t, err)
	require.NotNil(t, line.Control)
	assert.Equal(t, socialsvc.LineControl{InSample: true, Parked: true, Certified: eur("0.00"), Deducted: eur("0.00"), Comment: "translation not delivered yet"}, *line.Control)
	sums, err := store.SumPartnerReport(ctx, s, r.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("125.00"), sums.Certified)
	assert.Equal(t, eur("100.00"), sums.Parked)

	// Contributions that do not add up to the own share are refused.
	r2 := socialsvc.PartnerReport{ProjectID: w.prj.ID, PartnerID: w.pp.ID, Period: 1, Contributions: []socialsvc.Contribution{{Source: socialsvc.ContributionPublic, Amount: eur("1.00")}}}
	require.NoError(t, w.c.CreatePartnerReport(w.edP, &r2))
	w.line(t, w.edP, r2.ID, "100.00")
	before := auditLen(t, s)
	_, err = store.TransitionPartnerReport(w.edP, s, r2.ID, w.get(t, r2.ID).Version, socialsvc.ReportSubmitted, "")
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "contributions", socialsvc.ErrorFields(err)[0].Field)
	assert.Equal(t, socialsvc.ReportDraft, w.get(t, r2.ID).Status)
}

// testCycleCarryParked parks a line of L's first report, certifies it, and
// carries the parked line into L's second report: once, by L's editors,
// into a later draft of the same partner only.
func testCycleCarryParked(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()
	r1 := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, r1.ID, "200.00")
	parked := w.line(t, w.edL, r1.ID, "75.50")
	w.step(t, w.edL, r1.ID, socialsvc.ReportSubmitted, "")
	w.step(t, w.ctl, r1.ID, socialsvc.ReportInControl, "")
	r2 := w.report(t, w.edL, w.lp)
	rp := w.report(t, w.edP, w.pp)

	// Not before the first report's decisions are final.
	before := auditLen(t, s)
	_, err := store.CarryParked(w.edL, s, r1.ID, r2.ID, w.get(t, r2.ID).Version)
	refused(t, s, before, socialsvc.Conflict, err)
	assert.Equal(t, "from", socialsvc.ErrorFields(err)[0].Field)

	park := []store.LineDecision{{ExpenditureID: parked.ID, LineControl: socialsvc.LineControl{InSample: true, Parked: true, Comment: "invoice not paid yet"}}}
	_, err = store.ControlPartnerReport(w.ctl, s, r1.ID, w.get(t, r1.ID).Version, park)
	require.NoError(t, err)
	w.step(t, w.ctl, r1.ID, socialsvc.ReportCertified, "")

	before = auditLen(t, s)
	for _, who := range []context.Context{w.edP, w.ctl, w.viewer} {
		_, err = store.CarryParked(who, s, r1.ID, r2.ID, w.get(t, r2.ID).Version)
		refused(t, s, before, socialsvc.Forbidden, err)
	}
	// Into another partner's report, into an earlier one, at a stale
	// version.
	_, err = store.CarryParked(w.admin, s, r1.ID, rp.ID, w.get(t, rp.ID).Version)
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, "from", socialsvc.ErrorFields(err)[0].Field)
	_, err = store.CarryParked(w.edL, s, r2.ID, r1.ID, w.get(t, r1.ID).Version)
	refused(t, s, before, socialsvc.Invalid, err)
	_, err = store.CarryParked(w.edL, s, r1.ID, r2.ID, w.get(t, r2.ID).Version-1)
	refused(t, s, before, socialsvc.Conflict, err)

	carried, err := store.CarryParked(w.edL, s, r1.ID, r2.ID, w.get(t, r2.ID).Version)
	require.NoError(t, err)
	require.Len(t, carried, 1)
	got, err := w.c.GetReportLine(ctx, carried[0].ID)
	require.NoError(t, err)
	assert.Equal(t, r2.ID, got.ReportID)
	assert.Equal(t, parked.ID, got.ParkedFrom)
	assert.Equal(t, eur("75.50"), got.Amount)
	assert.Equal(t, parked.InvoiceNumber, got.InvoiceNumber)
	assert.Nil(t, got.Control, "the next control decides again")
	assert.Equal(t, socialsvc.Money{}, got.Converted, "converted again at the next submission")
	pg, err := w.c.ListReportLines(ctx, store.ReportLineFilter{ReportID: r2.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)

	// Once only.
	before = auditLen(t, s)
	_, err = store.CarryParked(w.edL, s, r1.ID, r2.ID, w.get(t, r2.ID).Version)
	refused(t, s, before, socialsvc.Conflict, err)
	assert.Equal(t, "lines[0]", socialsvc.ErrorFields(err)[0].Field)

	// The carried line goes through the next cycle like any other.
	w.step(t, w.edL, r2.ID, socialsvc.ReportSubmitted, "")
	w.step(t, w.ctl, r2.ID, socialsvc.ReportInControl, "")
	w.step(t, w.ctl, r2.ID, socialsvc.ReportCertified, "")
	sums, err := store.SumPartnerReport(ctx, s, r2.ID)
	require.NoError(t, err)
	// 75,50 staff and 15 % office: 11,32 (rounded down).
	assert.Equal(t, eur("86.82"), sums.Certified)
}

// testCycleQueue lists a controller's queue: the reports of the partners
// that name its body, in the statuses asked for.
func testCycleQueue(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()
	other := w.f.partner(w.prj.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) {
		p.Funding = []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: dec("85")}}
		p.ControlBody = w.orgX.ID
	})
	w.f.budget(other, socialsvc.CatStaff, 1, eur("100.00"))
	edO := as(ctx, "ed-o", other.OrgID, store.RoleEditor)
	rl := w.report(t, w.edL, w.lp)
	w.line(t, w.edL, rl.ID, "10.00")
	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	rp := w.report(t, w.edP, w.pp)
	w.line(t, w.edP, rp.ID, "10.00")
	w.step(t, w.edP, rp.ID, socialsvc.ReportSubmitted, "")
	w.step(t, w.ctl, rp.ID, socialsvc.ReportInControl, "")
	draft := w.report(t, w.edP, w.pp)
	ro := w.report(t, edO, other)
	w.line(t, edO, ro.ID, "10.00")
	w.step(t, edO, ro.ID, socialsvc.ReportSubmitted, "")

	ids := func(f store.PartnerReportFilter) []socialsvc.PartnerReportID {
		t.Helper()
		f.Limit = store.MaxLimit
		pg, err := w.c.ListPartnerReports(ctx, f)
		require.NoError(t, err)
		var out []socialsvc.PartnerReportID
		for _, r := range pg.Items {
			out = append(out, r.ID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(v ...socialsvc.PartnerReportID) []socialsvc.PartnerReportID { slices.Sort(v); return v }
	queue := []socialsvc.ReportStatus{socialsvc.ReportSubmitted, socialsvc.ReportInControl}
	assert.Equal(t, sorted(rl.ID, rp.ID), ids(store.PartnerReportFilter{ControlBody: w.orgCB.ID, Statuses: queue}))
	assert.Equal(t, sorted(rl.ID, rp.ID, draft.ID), ids(store.PartnerReportFilter{ControlBody: w.orgCB.ID}))
	assert.Equal(t, sorted(ro.ID), ids(store.PartnerReportFilter{ControlBody: w.orgX.ID, Statuses: queue}))
	assert.Equal(t, sorted(rp.ID), ids(store.PartnerReportFilter{ControlBody: w.orgCB.ID, Statuses: []socialsvc.ReportStatus{socialsvc.ReportInControl}}))
	assert.Empty(t, ids(store.PartnerReportFilter{ControlBody: w.lp.OrgID}))
	assert.Equal(t, sorted(rl.ID, ro.ID), ids(store.PartnerReportFilter{ProjectID: w.prj.ID, Status: socialsvc.ReportSubmitted}))
}

// testCycleImportLines imports the lines of a draft all or nothing.
func testCycleImportLines(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()
	rl := w.report(t, w.edL, w.lp)
	rows := []socialsvc.ReportExpenditure{
		{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("2000.00"), InvoiceDate: d("2018-12-15"), InvoiceNumber: "PL-11"},
		{ReportID: rl.ID, Category: socialsvc.CatOffice, Amount: eur("1.00"), InvoiceDate: d("2018-12-15")},
		{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("1333.34"), InvoiceDate: d("2017-01-01")},
	}
	before := auditLen(t, s)
	_, err := store.ImportReportLines(w.edL, s, slices.Values(rows))
	refused(t, s, before, socialsvc.Invalid, err)
	fields := socialsvc.ErrorFields(err)
	require.Len(t, fields, 2)
	assert.Equal(t, socialsvc.FieldError{Row: 2, Field: "category", Rule: "flat_rate"}, socialsvc.FieldError{Row: fields[0].Row, Field: fields[0].Field, Rule: fields[0].Rule})
	assert.Equal(t, 3, fields[1].Row)
	assert.Equal(t, "invoice_date", fields[1].Field)
	_, err = store.ImportReportLines(w.edP, s, slices.Values(rows[:1]))
	refused(t, s, before, socialsvc.Forbidden, err)

	// The conversion and the line a parked one carries are the steps'.
	conv := rows[0]
	conv.Converted = eur("2000.00")
	_, err = store.ImportReportLines(w.edL, s, slices.Values([]socialsvc.ReportExpenditure{rows[0], conv}))
	refused(t, s, before, socialsvc.Invalid, err)
	assert.Equal(t, 2, socialsvc.ErrorFields(err)[0].Row)
	assert.Equal(t, "converted", socialsvc.ErrorFields(err)[0].Field)

	rows[1].Category, rows[2].InvoiceDate = socialsvc.CatStaff, d("2018-12-16")
	version := w.get(t, rl.ID).Version
	n, err := store.ImportReportLines(w.edL, s, slices.Values(rows))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.Equal(t, version+1, w.get(t, rl.ID).Version, "the report's version moves once for the whole import")
	sums, err := store.SumPartnerReport(ctx, s, rl.ID)
	require.NoError(t, err)
	// Staff 3.334,34, office 15 %: 500,15.
	assert.Equal(t, eur("3834.49"), sums.Declared)

	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	before = auditLen(t, s)
	_, err = store.ImportReportLines(w.edL, s, slices.Values(rows[:1]))
	refused(t, s, before, socialsvc.Conflict, err)
}

// testCycleLineBatches checks what the steps write of a report's lines,
// through the store's ReportLineWriter when it has one (one audit entry
// per step on the report, naming every line with its values before and
// after) or line by line when it has none (an entry per line): either
// way the audit log says which lines each step changed. A batch write
// outside a step is refused, and one at a stale version changes nothing.
func testCycleLineBatches(t *testing.T, s store.Store) {
	w := newCycleWorld(t, s)
	ctx := t.Context()
	rl := w.report(t, w.edL, w.lp)
	l1 := w.line(t, w.edL, rl.ID, "2000.00")
	l2 := w.line(t, w.edL, rl.ID, "1333.34")
	w.step(t, w.edL, rl.ID, socialsvc.ReportSubmitted, "")
	w.step(t, w.ctl, rl.ID, socialsvc.ReportInControl, "")
	ok := []store.LineDecision{{ExpenditureID: l2.ID, LineControl: socialsvc.LineControl{InSample: true, Certified: eur("1000.01"), Deducted: eur("333.33"), ErrorType: socialsvc.ErrIneligibleCost}}}
	_, err := store.ControlPartnerReport(w.ctl, s, rl.ID, w.get(t, rl.ID).Version, ok)
	require.NoError(t, err)
	w.step(t, w.ctl, rl.ID, socialsvc.ReportCertified, "")

	got1, err := w.c.GetReportLine(ctx, l1.ID)
	require.NoError(t, err)
	got2, err := w.c.GetReportLine(ctx, l2.ID)
	require.NoError(t, err)
	// l1: converted at submission, certified as declared at certification;
	// l2: converted, then decided by the control (certification keeps the
	// decision).
	assert.Equal(t, l1.Version+2, got1.Version)
	assert.Equal(t, l2.Version+2, got2.Version)
	assert.Equal(t, eur("2000.00"), got1.Converted)
	require.NotNil(t, got1.Control)
	assert.Equal(t, eur("2000.00"), got1.Control.Certified)
	require.NotNil(t, got2.Control)
	assert.Equal(t, eur("333.33"), got2.Control.Deducted)
	assert.Equal(t, "PL-12", got2.InvoiceNumber, "the fields a step does not own are kept")

	bw, isBatch := s.(store.ReportLineWriter)
	if !isBatch {
		for _, l := range []socialsvc.ReportExpenditure{l1, l2} {
			au, err := s.ListAudit(ctx, store.AuditFilter{Entity: store.EntityReportLine, EntityID: string(l.ID), ListOptions: store.ListOptions{Limit: store.MaxLimit}})
			require.NoError(t, err)
			assert.Len(t, au.Items, 3, "created, converted, decided")
		}
		return
	}
	au, err := s.ListAudit(ctx, store.AuditFilter{Entity: store.EntityPartnerReport, EntityID: string(rl.ID), ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	var batches []store.AuditEntry
	for _, e := range au.Items {
		if e.Action == store.ActionUpdateLines {
			batches = append(batches, e)
		}
	}
	// Submission (both lines), control (l2), certification (l1).
	require.Len(t, batches, 3)
	type state struct {
		ID        socialsvc.ExpenditureID `json:"id"`
		Version   int64                   `json:"version"`
		Converted *socialsvc.Money        `json:"converted"`
		Control   *socialsvc.LineControl  `json:"control"`
	}
	decode := func(raw []byte) []state {
		var b struct{ Lines []state }
		require.NoError(t, json.Unmarshal(raw, &b))
		return b.Lines
	}
	sub, ctl, cert := decode(batches[0].After), decode(batches[1].After), decode(batches[2].After)
	require.Len(t, sub, 2)
	assert.ElementsMatch(t, []socialsvc.ExpenditureID{l1.ID, l2.ID}, []socialsvc.ExpenditureID{sub[0].ID, sub[1].ID})
	for _, l := range sub {
		require.NotNil(t, l.Converted)
		assert.Nil(t, l.Control)
	}
	for _, l := range decode(batches[0].Before) {
		assert.Nil(t, l.Converted, "nothing converted before submission")
	}
	require.Len(t, ctl, 1)
	assert.Equal(t, l2.ID, ctl[0].ID)
	require.NotNil(t, ctl[0].Control)
	assert.Equal(t, eur("333.33"), ctl[0].Control.Deducted)
	assert.Equal(t, socialsvc.ErrIneligibleCost, ctl[0].Control.ErrorType)
	assert.Nil(t, decode(batches[1].Before)[0].Control, "no decision before the control")
	require.Len(t, cert, 1)
	assert.Equal(t, l1.ID, cert[0].ID)
	assert.Equal(t, got1.Version, cert[0].Version)
	assert.Equal(t, "ctl-cb", batches[1].Actor.ID)

	// Outside a step a batch write is refused, whoever calls.
	before := auditLen(t, s)
	change := []store.LineChange{{Before: got1, After: got1}}
	change[0].After.Control = &socialsvc.LineControl{Certified: eur("0.00"), Deducted: eur("2000.00"), ErrorType: socialsvc.ErrOtherControlType}
	refused(t, s, before, socialsvc.Invalid, bw.UpdateReportLines(w.admin, rl.ID, change))
	refused(t, s, before, socialsvc.Invalid, bw.CreateReportLines(w.system, rl.ID, []socialsvc.ReportExpenditure{{ReportID: rl.ID, Category: socialsvc.CatStaff, Amount: eur("1.00")}}))
	again, err := w.c.GetReportLine(ctx, l1.ID)
	require.NoError(t, err)
	assert.Equal(t, got1.Control, again.Control)

	// A step whose lines moved since it read them loses: the draft's line
	// is changed between a return and a stale resubmission.
	w.step(t, w.admin, rl.ID, socialsvc.ReportInControl, "reopened for a check")
	w.step(t, w.ctl, rl.ID, socialsvc.ReportDraft, "the invoice of line 2 is missing")
	stale := w.get(t, rl.ID)
	l, err := w.c.GetReportLine(ctx, l2.ID)
	require.NoError(t, err)
	l.Description = "corrected"
	require.NoError(t, w.c.UpdateReportLine(w.edL, &l))
	before = auditLen(t, s)
	_, err = store.TransitionPartnerReport(w.edL, s, rl.ID, stale.Version, socialsvc.ReportSubmitted, "")
	refused(t, s, before, socialsvc.Conflict, err)
}
