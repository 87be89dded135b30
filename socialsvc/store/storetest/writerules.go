package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The write rules (store.CheckWrite): who may write what, and what a
// project's status still takes. Every refused write must change nothing,
// the audit log included.

func writeRuleTests() []test {
	return []test{
		{"MoneyOfEachPartner", testRulesMoney, false},
		{"ProjectDataOfTheLead", testRulesProjectData, false},
		{"StatusDecisions", testRulesStatus, false},
		{"ClosedProjects", testRulesClosed, false},
		{"RejectedAndWithdrawn", testRulesRejected, false},
		{"PeriodOfTheDate", testRulesPeriod, false},
		{"Partners", testRulesPartners, false},
		{"Roles", testRulesRoles, false},
		{"Imports", testRulesImports, false},
		{"Beneficiaries", testRulesBeneficiaries, true},
		{"EligibilityRoundTrip", testRulesEligibility, false},
	}
}

// ruleWorld is a contracted project of two partners, L (lead) and P,
// with one of each record per partner, written by the system, and an
// outsider organisation X.
type ruleWorld struct {
	f                  *fixture
	fund               socialsvc.Fund
	orgL, orgP, orgX   socialsvc.Organisation
	prj                socialsvc.Project
	lp, pp             socialsvc.Partner
	blL, blP           socialsvc.BudgetLine
	exL, exP           socialsvc.Expenditure
	wp                 socialsvc.WorkPackage
	act                socialsvc.Activity
	ind                socialsvc.Indicator
	msr                socialsvc.Measurement
	ev                 socialsvc.Event
	benL, benP         socialsvc.Beneficiary
	admin, edL, edP    context.Context
	viewP, edX, noRole context.Context
}

func as(ctx context.Context, id string, org socialsvc.OrgID, role store.Role) context.Context {
	return store.WithActor(ctx, store.Actor{ID: id, OrgID: org, Role: role})
}

// advance moves p (written by the system) along the lifecycle to each of
// the statuses in turn.
func advance(t *testing.T, s store.Store, id socialsvc.ProjectID, to ...socialsvc.Status) {
	t.Helper()
	for _, st := range to {
		p, err := s.GetProject(t.Context(), id)
		require.NoError(t, err)
		p.Status = st
		require.NoError(t, s.UpdateProject(t.Context(), &p), "to %s", st)
	}
}

var toContracted = []socialsvc.Status{socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted}

func newRuleWorld(t *testing.T, s store.Store, status ...socialsvc.Status) *ruleWorld {
	f := newFixture(t, s)
	w := &ruleWorld{f: f}
	w.fund = f.fund()
	w.orgL, w.orgP, w.orgX = f.org(), f.org(), f.org()
	w.prj = f.project()
	w.lp = f.partner(w.prj.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgL.ID })
	w.pp = f.partner(w.prj.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) {
		p.OrgID = w.orgP.ID
		p.Funding = []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: dec("80")}}
	})
	w.blL = f.budget(w.lp, socialsvc.CatStaff, 1, eur("1000.00"))
	w.blP = f.budget(w.pp, socialsvc.CatStaff, 1, eur("2000.00"))
	w.exL = f.expenditure(w.lp, socialsvc.CatStaff, 1, "2018-11-15", eur("100.00"))
	w.exP = f.expenditure(w.pp, socialsvc.CatStaff, 1, "2018-11-16", eur("200.00"))
	w.wp = f.workPackage(w.prj.ID)
	w.act = f.activity(w.wp)
	w.ind = f.indicator(w.prj.ID)
	w.msr = f.measurement(w.ind.ID, 1, "3")
	w.ev = f.event(w.prj.ID)
	w.benL = f.beneficiary(w.orgL.ID)
	w.benP = f.beneficiary(w.orgP.ID)
	if len(status) == 0 {
		status = toContracted
	}
	advance(t, s, w.prj.ID, status...)
	w.prj, _ = s.GetProject(t.Context(), w.prj.ID)
	ctx := t.Context()
	w.admin = as(ctx, "programme@jts.example.eu", "", store.RoleAdmin)
	w.edL = as(ctx, "urednik@lead.example.hr", w.orgL.ID, store.RoleEditor)
	w.edP = as(ctx, "urednik@dkolektiv.example.hr", w.orgP.ID, store.RoleEditor)
	w.viewP = as(ctx, "citatelj@dkolektiv.example.hr", w.orgP.ID, store.RoleViewer)
	w.edX = as(ctx, "urednik@drugi.example.hr", w.orgX.ID, store.RoleEditor)
	w.noRole = store.WithActor(ctx, store.Actor{ID: "someone", OrgID: w.orgP.ID})
	return w
}

// stateOf is everything a write could change, the audit log included.
func stateOf(t *testing.T, s store.Store) string {
	t.Helper()
	ctx := t.Context()
	var parts []any
	add := func(v any) { parts = append(parts, v) }
	add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(ctx, store.AuditFilter{ListOptions: o})
	}))
	add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
		return s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
	}))
	projects := all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
	})
	add(projects)
	for _, p := range projects {
		scope := func(o store.ListOptions) store.ProjectScope {
			return store.ProjectScope{ProjectID: p.ID, ListOptions: o}
		}
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
			return s.ListPartners(ctx, store.PartnerFilter{ProjectID: p.ID, ListOptions: o})
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.WorkPackage], error) {
			return s.ListWorkPackages(ctx, scope(o))
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Activity], error) {
			return s.ListActivities(ctx, scope(o))
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Indicator], error) {
			return s.ListIndicators(ctx, scope(o))
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
			return s.ListMeasurements(ctx, store.MeasurementFilter{ProjectID: p.ID, ListOptions: o})
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
			return s.ListEvents(ctx, store.EventFilter{ProjectID: p.ID, ListOptions: o})
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
			return s.ListAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID, ListOptions: o})
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
			return s.ListBudgetLines(ctx, store.BudgetFilter{ProjectID: p.ID, ListOptions: o})
		}))
		add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
			return s.ListExpenditure(ctx, store.ExpenditureFilter{ProjectID: p.ID, ListOptions: o})
		}))
	}
	add(all(t, store.MaxLimit, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
		return s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: o})
	}))
	rt, err := s.RateTable(ctx)
	require.NoError(t, err)
	rates := rt.Rates()
	slices.SortFunc(rates, func(a, b socialsvc.Rate) int {
		if a.Currency != b.Currency {
			if a.Currency < b.Currency {
				return -1
			}
			return 1
		}
		return a.Month.FirstDay().Compare(b.Month.FirstDay())
	})
	add(rates)
	b, err := json.Marshal(parts)
	require.NoError(t, err)
	return string(b)
}

// ruleCase is one write and what the rules say of it: code "" for
// allowed, else the *socialsvc.Error code (forbidden, conflict, invalid)
// and, when set, the field the error names.
type ruleCase struct {
	name  string
	write func() error
	code  string
	field string
}

// runRules runs the cases in order on s. An allowed write must change
// something (the audit log at least, where the store keeps one for the
// record); a refused one must change nothing at all.
func runRules(t *testing.T, s store.Store, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		before := stateOf(t, s)
		err := c.write()
		if c.code == "" {
			if assert.NoError(t, err, c.name) {
				assert.NotEqual(t, before, stateOf(t, s), "%s: an allowed write changed nothing", c.name)
			}
			continue
		}
		if !assert.Error(t, err, c.name) {
			continue
		}
		assert.Equal(t, c.code, socialsvc.ErrorCode(err), "%s: %v", c.name, err)
		if c.field != "" {
			assert.Contains(t, fieldsOf(err), c.field, "%s: %v", c.name, err)
		}
		assert.Equal(t, before, stateOf(t, s), "%s: a refused write changed something", c.name)
	}
}

func exp(p socialsvc.Partner, date string, period int, amount string) *socialsvc.Expenditure {
	return &socialsvc.Expenditure{ProjectID: p.ProjectID, PartnerID: p.ID, Category: socialsvc.CatTravel, Period: period, Date: d(date), Amount: eur(amount)}
}

func bud(p socialsvc.Partner, amount string) *socialsvc.BudgetLine {
	return &socialsvc.BudgetLine{ProjectID: p.ProjectID, PartnerID: p.ID, Category: socialsvc.CatTravel, Period: 2, Amount: eur(amount)}
}

// reread returns a fresh copy of a record, so that each case writes what
// is stored now.
func reread[T any](t *testing.T, get func(context.Context) (T, error)) *T {
	t.Helper()
	v, err := get(t.Context())
	require.NoError(t, err)
	return &v
}

// testRulesMoney: expenditure, budget lines and co-financing of a partner
// are that partner's editors' (and admins'), not another partner's.
func testRulesMoney(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	exL := func() *socialsvc.Expenditure {
		return reread(t, func(c context.Context) (socialsvc.Expenditure, error) { return s.GetExpenditure(c, w.exL.ID) })
	}
	exP := func() *socialsvc.Expenditure {
		return reread(t, func(c context.Context) (socialsvc.Expenditure, error) { return s.GetExpenditure(c, w.exP.ID) })
	}
	blP := func() *socialsvc.BudgetLine {
		return reread(t, func(c context.Context) (socialsvc.BudgetLine, error) { return s.GetBudgetLine(c, w.blP.ID) })
	}
	pp := func() *socialsvc.Partner {
		return reread(t, func(c context.Context) (socialsvc.Partner, error) { return s.GetPartner(c, w.pp.ID) })
	}
	runRules(t, s, []ruleCase{
		{"the partner's editor records its own expenditure", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2019-04-01", 2, "10.00")) }, "", ""},
		{"the partner's editor records expenditure for the lead partner", func() error { return s.CreateExpenditure(w.edP, exp(w.lp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, "partner_id"},
		{"the lead's editor records expenditure for the partner", func() error { return s.CreateExpenditure(w.edL, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, "partner_id"},
		{"the lead's editor records its own expenditure", func() error { return s.CreateExpenditure(w.edL, exp(w.lp, "2019-04-01", 2, "10.00")) }, "", ""},
		{"an admin records expenditure for the partner", func() error { return s.CreateExpenditure(w.admin, exp(w.pp, "2019-04-02", 2, "11.00")) }, "", ""},
		{"the partner's viewer records expenditure", func() error { return s.CreateExpenditure(w.viewP, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, ""},
		{"an outsider's editor records expenditure", func() error { return s.CreateExpenditure(w.edX, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, ""},
		{"the partner's editor changes the lead's expenditure", func() error {
			e := exL()
			e.Amount = eur("1.00")
			return s.UpdateExpenditure(w.edP, e)
		}, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor moves its expenditure to the lead partner", func() error {
			e := exP()
			e.PartnerID = w.lp.ID
			return s.UpdateExpenditure(w.edP, e)
		}, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor changes its own expenditure", func() error {
			e := exP()
			e.Amount = eur("201.00")
			return s.UpdateExpenditure(w.edP, e)
		}, "", ""},
		{"the partner's editor deletes the lead's expenditure", func() error { return s.DeleteExpenditure(w.edP, w.exL.ID, exL().Version) }, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor budgets for the lead partner", func() error { return s.CreateBudgetLine(w.edP, bud(w.lp, "50.00")) }, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor budgets for itself", func() error { return s.CreateBudgetLine(w.edP, bud(w.pp, "50.00")) }, "", ""},
		{"the lead's editor changes the partner's budget", func() error {
			l := blP()
			l.Amount = eur("1.00")
			return s.UpdateBudgetLine(w.edL, l)
		}, socialsvc.Forbidden, "partner_id"},
		{"the lead's editor deletes the partner's budget line", func() error { return s.DeleteBudgetLine(w.edL, w.blP.ID, blP().Version) }, socialsvc.Forbidden, "partner_id"},
		{"the lead's editor changes the partner's co-financing", func() error {
			p := pp()
			p.Funding = []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: dec("85")}}
			return s.UpdatePartner(w.edL, p)
		}, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor changes its own co-financing", func() error {
			p := pp()
			p.Funding = []socialsvc.CoFinancing{{FundID: w.fund.ID, RatePercent: dec("85")}}
			return s.UpdatePartner(w.edP, p)
		}, "", ""},
		{"the partner's editor renumbers itself (the lead's to decide)", func() error {
			p := pp()
			p.Number = 77
			return s.UpdatePartner(w.edP, p)
		}, socialsvc.Forbidden, "project_id"},
	})
}

// testRulesProjectData: the project record, partners, work packages,
// activities and indicators are the lead partner's editors' (and
// admins'); other partners write events and measurements.
func testRulesProjectData(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	prj := func() *socialsvc.Project {
		return reread(t, func(c context.Context) (socialsvc.Project, error) { return s.GetProject(c, w.prj.ID) })
	}
	act := func() *socialsvc.Activity {
		return reread(t, func(c context.Context) (socialsvc.Activity, error) { return s.GetActivity(c, w.act.ID) })
	}
	ind := func() *socialsvc.Indicator {
		return reread(t, func(c context.Context) (socialsvc.Indicator, error) { return s.GetIndicator(c, w.ind.ID) })
	}
	newWP := func(code string) *socialsvc.WorkPackage {
		return &socialsvc.WorkPackage{ProjectID: w.prj.ID, Code: code, Title: socialsvc.I18n{"hr": "Novi paket", "en": "New package"}}
	}
	newInd := func() *socialsvc.Indicator { i := newIndicator(w.prj.ID, 3); return &i }
	ev := func() *socialsvc.Event { e := newEvent(w.prj.ID, 9); return &e }
	runRules(t, s, []ruleCase{
		{"the partner's editor renames the project", func() error { p := prj(); p.Acronym = "DK"; return s.UpdateProject(w.edP, p) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor renames the project", func() error { p := prj(); p.Acronym = "LEAD"; return s.UpdateProject(w.edL, p) }, "", ""},
		{"an admin renames the project", func() error { p := prj(); p.Acronym = "JTS"; return s.UpdateProject(w.admin, p) }, "", ""},
		{"the lead's editor extends the contracted project", func() error { p := prj(); p.End = d("2020-12-31"); return s.UpdateProject(w.edL, p) }, socialsvc.Forbidden, "end"},
		{"the lead's editor sets an eligibility period", func() error {
			p := prj()
			p.Eligibility = &socialsvc.Span{Start: d("2018-01-01"), End: p.End}
			return s.UpdateProject(w.edL, p)
		}, socialsvc.Forbidden, "eligibility"},
		{"the lead's editor changes the reporting periods", func() error {
			p := prj()
			p.Periods = p.Periods[:1]
			p.Periods[0].End = p.End
			return s.UpdateProject(w.edL, p)
		}, socialsvc.Forbidden, "periods"},
		{"an admin changes the terms", func() error {
			p := prj()
			p.Eligibility = &socialsvc.Span{Start: d("2018-06-01"), End: p.End}
			return s.UpdateProject(w.admin, p)
		}, "", ""},
		{"the partner's editor adds a work package", func() error { return s.CreateWorkPackage(w.edP, newWP("T7")) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor adds a work package", func() error { return s.CreateWorkPackage(w.edL, newWP("T7")) }, "", ""},
		{"the partner's editor deletes a work package", func() error {
			wp, err := s.GetWorkPackage(t.Context(), w.wp.ID)
			require.NoError(t, err)
			return s.DeleteWorkPackage(w.edP, wp.ID, wp.Version)
		}, socialsvc.Forbidden, "project_id"},
		{"the partner's editor changes an activity", func() error { a := act(); a.Code = "X"; return s.UpdateActivity(w.edP, a) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor changes an activity", func() error { a := act(); a.Code = "T1.9"; return s.UpdateActivity(w.edL, a) }, "", ""},
		{"the partner's editor adds an indicator", func() error { return s.CreateIndicator(w.edP, newInd()) }, socialsvc.Forbidden, "project_id"},
		{"the partner's editor raises a target", func() error { i := ind(); i.Target = dec("999"); return s.UpdateIndicator(w.edP, i) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor adds an indicator", func() error { return s.CreateIndicator(w.edL, newInd()) }, "", ""},
		{"the partner's editor records an event", func() error { return s.CreateEvent(w.edP, ev()) }, "", ""},
		{"the partner's viewer records an event", func() error { return s.CreateEvent(w.viewP, ev()) }, socialsvc.Forbidden, ""},
		{"an outsider's editor records an event", func() error { return s.CreateEvent(w.edX, ev()) }, socialsvc.Forbidden, "project_id"},
		{"the partner's editor records a measurement", func() error {
			return s.CreateMeasurement(w.edP, &socialsvc.Measurement{IndicatorID: w.ind.ID, Period: 2, Value: dec("4"), Source: socialsvc.SourceEntered, Evidence: "liste"})
		}, "", ""},
		{"an outsider's editor records a measurement", func() error {
			return s.CreateMeasurement(w.edX, &socialsvc.Measurement{IndicatorID: w.ind.ID, Period: 2, Value: dec("4"), Source: socialsvc.SourceEntered, Evidence: "liste"})
		}, socialsvc.Forbidden, "project_id"},
		{"the partner's editor creates a project", func() error { p := newProject(99); return s.CreateProject(w.edP, &p) }, socialsvc.Forbidden, ""},
		{"the lead's editor deletes the project", func() error { return s.DeleteProject(w.edL, w.prj.ID, prj().Version) }, socialsvc.Forbidden, ""},
	})
}

// testRulesStatus: the programme decides (approve, reject, contract,
// start, close); the lead partner submits and withdraws.
func testRulesStatus(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	f := w.f
	draft := f.project()
	f.partner(draft.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgL.ID })
	f.partner(draft.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) { p.OrgID = w.orgP.ID })
	move := func(ctx context.Context, id socialsvc.ProjectID, to socialsvc.Status) func() error {
		return func() error {
			p, err := s.GetProject(t.Context(), id)
			require.NoError(t, err)
			if err := p.Transition(to); err != nil {
				return err
			}
			return s.UpdateProject(ctx, &p)
		}
	}
	runRules(t, s, []ruleCase{
		{"the lead's editor shapes its draft's terms", func() error {
			p, err := s.GetProject(t.Context(), draft.ID)
			require.NoError(t, err)
			p.End = d("2020-12-31")
			p.Periods[1].End = p.End
			return s.UpdateProject(w.edL, &p)
		}, "", ""},
		{"the partner's editor submits", move(w.edP, draft.ID, socialsvc.StatusSubmitted), socialsvc.Forbidden, "project_id"},
		{"the lead's editor submits", move(w.edL, draft.ID, socialsvc.StatusSubmitted), "", ""},
		{"the lead's editor approves its own project", move(w.edL, draft.ID, socialsvc.StatusApproved), socialsvc.Forbidden, "status"},
		{"the lead's editor rejects", move(w.edL, draft.ID, socialsvc.StatusRejected), socialsvc.Forbidden, "status"},
		{"an admin approves", move(w.admin, draft.ID, socialsvc.StatusApproved), "", ""},
		{"the lead's editor contracts", move(w.edL, draft.ID, socialsvc.StatusContracted), socialsvc.Forbidden, "status"},
		{"the lead's editor withdraws", move(w.edL, draft.ID, socialsvc.StatusWithdrawn), "", ""},
		{"the lead's editor starts implementation", move(w.edL, w.prj.ID, socialsvc.StatusInImplementation), socialsvc.Forbidden, "status"},
		{"an admin starts implementation", move(w.admin, w.prj.ID, socialsvc.StatusInImplementation), "", ""},
		{"the lead's editor closes", move(w.edL, w.prj.ID, socialsvc.StatusClosed), socialsvc.Forbidden, "status"},
		{"the partner's editor closes", move(w.edP, w.prj.ID, socialsvc.StatusClosed), socialsvc.Forbidden, ""},
		{"an admin closes", move(w.admin, w.prj.ID, socialsvc.StatusClosed), "", ""},
		{"a move the lifecycle does not allow is a conflict for anyone", func() error {
			p, err := s.GetProject(t.Context(), w.prj.ID)
			require.NoError(t, err)
			p.Status = socialsvc.StatusDraft
			return s.UpdateProject(w.edL, &p)
		}, socialsvc.Conflict, "status"},
	})
}

// testRulesClosed: a closed project takes no new money, attendance or
// measurements; the programme corrects it with a reason, which the audit
// log keeps.
func testRulesClosed(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s, append(toContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed)...)
	const why = "ispravak nakon kontrole: račun br. 17/2019 knjižen dvaput"
	reason := func(ctx context.Context) context.Context { return store.WithReason(ctx, why) }
	exP := func() *socialsvc.Expenditure {
		return reread(t, func(c context.Context) (socialsvc.Expenditure, error) { return s.GetExpenditure(c, w.exP.ID) })
	}
	prj := func() *socialsvc.Project {
		return reread(t, func(c context.Context) (socialsvc.Project, error) { return s.GetProject(c, w.prj.ID) })
	}
	m := func() *socialsvc.Measurement {
		return &socialsvc.Measurement{IndicatorID: w.ind.ID, Period: 2, Value: dec("5"), Source: socialsvc.SourceEntered, Evidence: "liste"}
	}
	runRules(t, s, []ruleCase{
		{"the partner's editor records expenditure", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, "project_id"},
		{"the partner's editor records expenditure, with a reason", func() error { return s.CreateExpenditure(reason(w.edP), exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor budgets", func() error { return s.CreateBudgetLine(w.edL, bud(w.lp, "10.00")) }, socialsvc.Forbidden, "project_id"},
		{"an admin records expenditure without a reason", func() error { return s.CreateExpenditure(w.admin, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Conflict, "reason"},
		{"the system records expenditure without a reason", func() error { return s.CreateExpenditure(t.Context(), exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Conflict, "reason"},
		{"an admin deletes expenditure without a reason", func() error { return s.DeleteExpenditure(w.admin, w.exP.ID, exP().Version) }, socialsvc.Conflict, "reason"},
		{"an admin corrects expenditure with a reason", func() error { e := exP(); e.Amount = eur("150.00"); return s.UpdateExpenditure(reason(w.admin), e) }, "", ""},
		{"the partner's editor records attendance", func() error {
			return s.CreateAttendance(w.edP, &socialsvc.Attendance{EventID: w.ev.ID, BeneficiaryID: w.benP.ID})
		}, socialsvc.Forbidden, "project_id"},
		{"an admin records attendance without a reason", func() error {
			return s.CreateAttendance(w.admin, &socialsvc.Attendance{EventID: w.ev.ID, BeneficiaryID: w.benP.ID})
		}, socialsvc.Conflict, "reason"},
		{"the partner's editor records a measurement", func() error { return s.CreateMeasurement(w.edP, m()) }, socialsvc.Forbidden, "project_id"},
		{"an admin records a measurement without a reason", func() error { return s.CreateMeasurement(w.admin, m()) }, socialsvc.Conflict, "reason"},
		{"an admin records a measurement with a reason", func() error { return s.CreateMeasurement(reason(w.admin), m()) }, "", ""},
		{"an admin changes the flat rates without a reason", func() error {
			p := prj()
			p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
			return s.UpdateProject(w.admin, p)
		}, socialsvc.Conflict, "reason"},
		{"the lead's editor corrects the description (not money)", func() error {
			p := prj()
			p.Description = socialsvc.I18n{"hr": "Završeni projekt", "en": "Completed project"}
			return s.UpdateProject(w.edL, p)
		}, "", ""},
	})
	entries := auditOf(t, s, store.EntityExpenditure, string(w.exP.ID))
	last := entries[len(entries)-1]
	assert.Equal(t, store.ActionUpdate, last.Action)
	assert.Equal(t, why, last.Reason, "the audit log keeps the reason of the correction")
	assert.Equal(t, store.RoleAdmin, last.Actor.Role)
	for _, e := range entries[:len(entries)-1] {
		assert.Empty(t, e.Reason, "writes without a reason record none")
	}
}

// testRulesRejected: rejected and withdrawn projects take no new money,
// attendance or measurements, whoever writes; what is there may be
// deleted.
func testRulesRejected(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s, socialsvc.StatusSubmitted, socialsvc.StatusRejected)
	wd := newRuleWorld(t, s, socialsvc.StatusWithdrawn)
	exP := func() *socialsvc.Expenditure {
		return reread(t, func(c context.Context) (socialsvc.Expenditure, error) { return s.GetExpenditure(c, w.exP.ID) })
	}
	runRules(t, s, []ruleCase{
		{"an admin records expenditure on a rejected project", func() error {
			return s.CreateExpenditure(store.WithReason(w.admin, "x"), exp(w.pp, "2019-04-01", 2, "10.00"))
		}, socialsvc.Conflict, "project_id"},
		{"the partner's editor records expenditure on a rejected project", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Conflict, "project_id"},
		{"the partner's editor changes expenditure on a rejected project", func() error { e := exP(); e.Amount = eur("1.00"); return s.UpdateExpenditure(w.edP, e) }, socialsvc.Conflict, "project_id"},
		{"the lead's editor budgets on a withdrawn project", func() error { return s.CreateBudgetLine(wd.edL, bud(wd.lp, "10.00")) }, socialsvc.Conflict, "project_id"},
		{"the system records attendance on a withdrawn project", func() error {
			return s.CreateAttendance(t.Context(), &socialsvc.Attendance{EventID: wd.ev.ID, BeneficiaryID: wd.benP.ID})
		}, socialsvc.Conflict, "project_id"},
		{"the lead's editor deletes the partner's expenditure of a rejected project", func() error { return s.DeleteExpenditure(w.edL, w.exP.ID, exP().Version) }, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor deletes its expenditure of a rejected project", func() error { return s.DeleteExpenditure(w.edP, w.exP.ID, exP().Version) }, "", ""},
	})
}

// testRulesPeriod: an expenditure line names the reporting period that
// contains its date, and lies in the project's eligible period.
func testRulesPeriod(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	runRules(t, s, []ruleCase{
		// Issue 11's example, on this project's periods: period 1 ends
		// 28.2.2019, so a cost of 20.7.2019 is period 2's.
		{"a cost dated after its period", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2019-07-20", 1, "10.00")) }, socialsvc.Invalid, "period"},
		{"period left out: the store computes it from the date", func() error {
			e := exp(w.pp, "2019-07-21", 0, "10.00")
			if err := s.CreateExpenditure(w.edP, e); err != nil {
				return err
			}
			got, err := s.GetExpenditure(t.Context(), e.ID)
			require.NoError(t, err)
			assert.Equal(t, 2, got.Period, "the period that contains 21.7.2019")
			return nil
		}, "", ""},
		{"period left out, dated in no period", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2020-09-01", 0, "10.00")) }, socialsvc.Invalid, "date"},
		{"a cost before the project", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2018-08-31", 1, "10.00")) }, socialsvc.Invalid, "date"},
		{"a cost in its period", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2019-07-20", 2, "10.00")) }, "", ""},
		{"a preparation period in an eligibility period, set by an admin", func() error {
			p, err := s.GetProject(t.Context(), w.prj.ID)
			require.NoError(t, err)
			p.Eligibility = &socialsvc.Span{Start: d("2018-03-01"), End: p.End}
			p.Periods = append(p.Periods, socialsvc.Period{Number: 3, Start: d("2018-03-01"), End: d("2018-08-31")})
			return s.UpdateProject(w.admin, &p)
		}, "", ""},
		{"a preparation cost in the preparation period", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2018-05-15", 3, "10.00")) }, "", ""},
		{"a cost before the eligibility period", func() error { return s.CreateExpenditure(w.edP, exp(w.pp, "2018-02-28", 3, "10.00")) }, socialsvc.Invalid, "date"},
	})
}

// testRulesPartners: the lead partner's editors (and admins) add and
// remove partners; the lead partner is the programme's to name and cannot
// be removed.
func testRulesPartners(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	newPartner := func(org socialsvc.OrgID, role socialsvc.Role) *socialsvc.Partner {
		return &socialsvc.Partner{ProjectID: w.prj.ID, OrgID: org, Role: role, Number: 3}
	}
	lp := func() *socialsvc.Partner {
		return reread(t, func(c context.Context) (socialsvc.Partner, error) { return s.GetPartner(c, w.lp.ID) })
	}
	pp := func() *socialsvc.Partner {
		return reread(t, func(c context.Context) (socialsvc.Partner, error) { return s.GetPartner(c, w.pp.ID) })
	}
	var added socialsvc.Partner
	runRules(t, s, []ruleCase{
		{"the partner's editor adds an organisation", func() error { return s.CreatePartner(w.edP, newPartner(w.orgX.ID, socialsvc.RolePartner)) }, socialsvc.Forbidden, "project_id"},
		{"an outsider's editor adds itself", func() error { return s.CreatePartner(w.edX, newPartner(w.orgX.ID, socialsvc.RolePartner)) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor adds a second lead", func() error { return s.CreatePartner(w.edL, newPartner(w.orgX.ID, socialsvc.RoleLead)) }, socialsvc.Forbidden, "role"},
		{"the partner's editor makes itself lead", func() error { p := pp(); p.Role = socialsvc.RoleLead; return s.UpdatePartner(w.edP, p) }, socialsvc.Forbidden, "role"},
		{"the lead's editor hands the lead role away", func() error { p := lp(); p.Role = socialsvc.RolePartner; return s.UpdatePartner(w.edL, p) }, socialsvc.Forbidden, "role"},
		{"the partner's editor deletes the lead partner", func() error { return s.DeletePartner(w.edP, w.lp.ID, lp().Version) }, socialsvc.Forbidden, "project_id"},
		{"the lead's editor deletes the lead partner", func() error { return s.DeletePartner(w.edL, w.lp.ID, lp().Version) }, socialsvc.Conflict, "role"},
		{"an admin deletes the lead partner of a contracted project", func() error { return s.DeletePartner(w.admin, w.lp.ID, lp().Version) }, socialsvc.Conflict, "role"},
		{"the lead's editor adds an organisation", func() error {
			added = *newPartner(w.orgX.ID, socialsvc.RolePartner)
			return s.CreatePartner(w.edL, &added)
		}, "", ""},
		{"the new partner's editor records its own expenditure", func() error { return s.CreateExpenditure(w.edX, exp(added, "2019-04-01", 2, "10.00")) }, "", ""},
		{"the new partner's editor records expenditure for the partner", func() error { return s.CreateExpenditure(w.edX, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor removes the new partner", func() error {
			p, err := s.GetPartner(t.Context(), added.ID)
			require.NoError(t, err)
			return s.DeletePartner(w.edP, p.ID, p.Version)
		}, socialsvc.Forbidden, "project_id"},
		{"the lead's editor removes a partner without records", func() error {
			o := w.f.org()
			p := newPartner(o.ID, socialsvc.RoleAssociated)
			p.Number = 4
			require.NoError(t, s.CreatePartner(w.admin, p))
			return s.DeletePartner(w.edL, p.ID, p.Version)
		}, "", ""},
	})
}

// testRulesRoles: what each role may write at all.
func testRulesRoles(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	orgP := func() *socialsvc.Organisation {
		return reread(t, func(c context.Context) (socialsvc.Organisation, error) { return s.GetOrganisation(c, w.orgP.ID) })
	}
	orgL := func() *socialsvc.Organisation {
		return reread(t, func(c context.Context) (socialsvc.Organisation, error) { return s.GetOrganisation(c, w.orgL.ID) })
	}
	gbp := socialsvc.Rate{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 4}, Rate: dec("0.8571"), Source: "InforEuro"}
	unknown := as(t.Context(), "root", w.orgP.ID, "superuser")
	runRules(t, s, []ruleCase{
		{"an actor without a role", func() error { return s.CreateExpenditure(w.noRole, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, ""},
		{"an actor with a role the store does not know", func() error { return s.CreateExpenditure(unknown, exp(w.pp, "2019-04-01", 2, "10.00")) }, socialsvc.Forbidden, ""},
		{"an editor without an ID keeps an editor's rights", func() error {
			return s.CreateExpenditure(store.WithActor(t.Context(), store.Actor{OrgID: w.orgP.ID, Role: store.RoleEditor}), exp(w.lp, "2019-04-01", 2, "10.00"))
		}, socialsvc.Forbidden, "partner_id"},
		{"no actor: the system", func() error { return s.CreateExpenditure(t.Context(), exp(w.pp, "2019-04-01", 2, "10.00")) }, "", ""},
		{"an editor sets an exchange rate", func() error { return s.PutRate(w.edP, gbp) }, socialsvc.Forbidden, ""},
		{"an admin sets an exchange rate", func() error { return s.PutRate(w.admin, gbp) }, "", ""},
		{"an editor creates a fund", func() error { x := newFund(); return s.CreateFund(w.edL, &x) }, socialsvc.Forbidden, ""},
		{"an editor creates an organisation", func() error { o := newOrg(77); return s.CreateOrganisation(w.edL, &o) }, socialsvc.Forbidden, ""},
		{"an editor renames another organisation", func() error { o := orgL(); o.City = "Zagreb"; return s.UpdateOrganisation(w.edP, o) }, socialsvc.Forbidden, "org_id"},
		{"an editor renames its own organisation", func() error { o := orgP(); o.City = "Vukovar"; return s.UpdateOrganisation(w.edP, o) }, "", ""},
		{"a viewer renames its own organisation", func() error { o := orgP(); o.City = "Vinkovci"; return s.UpdateOrganisation(w.viewP, o) }, socialsvc.Forbidden, ""},
		{"an over-long reason", func() error {
			long := make([]byte, store.MaxReasonLen+1)
			for i := range long {
				long[i] = 'a'
			}
			return s.CreateExpenditure(store.WithReason(w.edP, string(long)), exp(w.pp, "2019-04-01", 2, "10.00"))
		}, socialsvc.Invalid, "reason"},
	})
}

// testRulesImports: bulk imports apply the same rules to every row, all
// rows or none.
func testRulesImports(t *testing.T, s store.Store) {
	w := newRuleWorld(t, s)
	rows := func(es ...*socialsvc.Expenditure) func(func(socialsvc.Expenditure) bool) {
		return func(yield func(socialsvc.Expenditure) bool) {
			for _, e := range es {
				if !yield(*e) {
					return
				}
			}
		}
	}
	runRules(t, s, []ruleCase{
		{"the partner's editor imports a line of the lead's among its own", func() error {
			_, err := store.ImportExpenditure(w.edP, s, rows(exp(w.pp, "2019-04-01", 2, "10.00"), exp(w.lp, "2019-04-01", 2, "10.00")))
			return err
		}, socialsvc.Forbidden, "partner_id"},
		{"the partner's editor imports its own lines", func() error {
			_, err := store.ImportExpenditure(w.edP, s, rows(exp(w.pp, "2019-04-01", 2, "10.00"), exp(w.pp, "2019-04-02", 2, "12.00")))
			return err
		}, "", ""},
		{"the partner's editor imports attendance of the lead's beneficiary", func() error {
			_, err := store.ImportAttendance(w.edP, s, slices.Values([]socialsvc.Attendance{{EventID: w.ev.ID, BeneficiaryID: w.benL.ID}}))
			return err
		}, socialsvc.Forbidden, "org_id"},
	})
}

// testRulesBeneficiaries: an organisation's editors write the
// beneficiaries it controls, link them to its own projects only, and
// record the attendance of their own people.
func testRulesBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	orgL, orgP, orgX := f.org(), f.org(), f.org()
	prj := f.project()
	f.partner(prj.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = orgL.ID })
	f.partner(prj.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) { p.OrgID = orgP.ID })
	other := f.project()
	f.partner(other.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = orgX.ID })
	ev := f.event(prj.ID)
	benL, benP := f.beneficiary(orgL.ID), f.beneficiary(orgP.ID)
	ctx := t.Context()
	edP := as(ctx, "urednik@dkolektiv.example.hr", orgP.ID, store.RoleEditor)
	viewP := as(ctx, "citatelj@dkolektiv.example.hr", orgP.ID, store.RoleViewer)
	admin := as(ctx, "programme", "", store.RoleAdmin)
	get := func(id socialsvc.BeneficiaryID) *socialsvc.Beneficiary {
		return reread(t, func(c context.Context) (socialsvc.Beneficiary, error) { return s.GetBeneficiary(c, id) })
	}
	runRules(t, s, []ruleCase{
		{"an editor registers a person for another organisation", func() error { b := newBeneficiary(orgL.ID); return s.CreateBeneficiary(edP, &b) }, socialsvc.Forbidden, "org_id"},
		{"a viewer registers a person", func() error { b := newBeneficiary(orgP.ID); return s.CreateBeneficiary(viewP, &b) }, socialsvc.Forbidden, ""},
		{"an editor registers a person of its own", func() error { b := newBeneficiary(orgP.ID); return s.CreateBeneficiary(edP, &b) }, "", ""},
		{"an editor links its person to a project it is not in", func() error {
			b := newBeneficiary(orgP.ID)
			b.ProjectID = other.ID
			return s.CreateBeneficiary(edP, &b)
		}, socialsvc.Forbidden, "project_id"},
		{"an editor links its person to its project", func() error { b := get(benP.ID); b.ProjectID = prj.ID; return s.UpdateBeneficiary(edP, b) }, "", ""},
		{"an editor changes another organisation's person", func() error { b := get(benL.ID); b.Region = "HR050"; return s.UpdateBeneficiary(edP, b) }, socialsvc.Forbidden, "org_id"},
		{"an editor moves its person to another organisation", func() error { b := get(benP.ID); b.OrgID = orgL.ID; return s.UpdateBeneficiary(edP, b) }, socialsvc.Forbidden, "org_id"},
		{"an editor deletes another organisation's person", func() error { return s.DeleteBeneficiary(edP, benL.ID, get(benL.ID).Version) }, socialsvc.Forbidden, "org_id"},
		{"an editor erases another organisation's person", func() error { return s.EraseBeneficiary(edP, benL.ID) }, socialsvc.Forbidden, "org_id"},
		{"an editor records another organisation's person at an event", func() error {
			return s.CreateAttendance(edP, &socialsvc.Attendance{EventID: ev.ID, BeneficiaryID: benL.ID})
		}, socialsvc.Forbidden, "org_id"},
		{"an editor records its own person at an event", func() error {
			return s.CreateAttendance(edP, &socialsvc.Attendance{EventID: ev.ID, BeneficiaryID: benP.ID})
		}, "", ""},
		{"an admin records another organisation's person", func() error {
			return s.CreateAttendance(admin, &socialsvc.Attendance{EventID: ev.ID, BeneficiaryID: benL.ID})
		}, "", ""},
		{"an editor deletes another organisation's attendance", func() error { return s.DeleteAttendance(edP, ev.ID, benL.ID) }, socialsvc.Forbidden, "org_id"},
		{"an editor erases its own person", func() error { return s.EraseBeneficiary(edP, benP.ID) }, "", ""},
	})
}

// testRulesEligibility: the eligibility period is stored and read back
// by every driver.
func testRulesEligibility(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := newProject(1)
	p.Eligibility = &socialsvc.Span{Start: d("2018-06-01"), End: d("2020-11-30")}
	require.NoError(t, s.CreateProject(ctx, &p))
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Eligibility)
	assert.Equal(t, socialsvc.Span{Start: d("2018-06-01"), End: d("2020-11-30")}, *got.Eligibility)
	got.Eligibility = nil
	require.NoError(t, s.UpdateProject(ctx, &got))
	again, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Nil(t, again.Eligibility)
}
