package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func conflictTests() []test {
	return []test{
		{name: "NotFound", fn: testNotFound},
		{name: "NotFoundBeneficiary", fn: testNotFoundBeneficiary, ben: true},
		{name: "StaleVersion", fn: testStaleVersion},
		{name: "StaleVersionBeneficiary", fn: testStaleVersionBeneficiary, ben: true},
		{name: "DeleteReferenced", fn: testDeleteReferenced},
		{name: "DeleteBeneficiaryWithAttendance", fn: testDeleteBeneficiaryWithAttendance, ben: true},
		{name: "DuplicateTaxID", fn: testDuplicateTaxID},
		{name: "DuplicateAttendance", fn: testDuplicateAttendance, ben: true},
		{name: "OneLeadPartner", fn: testOneLead},
		{name: "OneParticipationPerOrganisation", fn: testOneParticipation},
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	gets := map[string]func() error{
		"organisation": func() error { _, err := s.GetOrganisation(ctx, "org_missing"); return err },
		"fund":         func() error { _, err := s.GetFund(ctx, "fund_missing"); return err },
		"project":      func() error { _, err := s.GetProject(ctx, "prj_missing"); return err },
		"partner":      func() error { _, err := s.GetPartner(ctx, "ptn_missing"); return err },
		"work package": func() error { _, err := s.GetWorkPackage(ctx, "wp_missing"); return err },
		"activity":     func() error { _, err := s.GetActivity(ctx, "act_missing"); return err },
		"event":        func() error { _, err := s.GetEvent(ctx, "evt_missing"); return err },
		"indicator":    func() error { _, err := s.GetIndicator(ctx, "ind_missing"); return err },
		"measurement":  func() error { _, err := s.GetMeasurement(ctx, "msr_missing"); return err },
		"budget line":  func() error { _, err := s.GetBudgetLine(ctx, "bud_missing"); return err },
		"expenditure":  func() error { _, err := s.GetExpenditure(ctx, "exp_missing"); return err },
		"empty id":     func() error { _, err := s.GetProject(ctx, ""); return err },
	}
	for name, get := range gets {
		requireCode(t, get(), socialsvc.NotFound, "get "+name)
	}
	deletes := map[string]func() error{
		"organisation": func() error { return s.DeleteOrganisation(ctx, "org_missing", 1) },
		"fund":         func() error { return s.DeleteFund(ctx, "fund_missing", 1) },
		"project":      func() error { return s.DeleteProject(ctx, "prj_missing", 1) },
		"partner":      func() error { return s.DeletePartner(ctx, "ptn_missing", 1) },
		"work package": func() error { return s.DeleteWorkPackage(ctx, "wp_missing", 1) },
		"activity":     func() error { return s.DeleteActivity(ctx, "act_missing", 1) },
		"event":        func() error { return s.DeleteEvent(ctx, "evt_missing", 1) },
		"indicator":    func() error { return s.DeleteIndicator(ctx, "ind_missing", 1) },
		"measurement":  func() error { return s.DeleteMeasurement(ctx, "msr_missing", 1) },
		"budget line":  func() error { return s.DeleteBudgetLine(ctx, "bud_missing", 1) },
		"expenditure":  func() error { return s.DeleteExpenditure(ctx, "exp_missing", 1) },
	}
	for name, del := range deletes {
		requireCode(t, del(), socialsvc.NotFound, "delete "+name)
	}
	// Updates of records that do not exist (the input is otherwise valid).
	f := newFixture(t, s)
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	q := newProject(5)
	q.ID, q.Version = "prj_missing", 1
	requireCode(t, s.UpdateProject(ctx, &q), socialsvc.NotFound, "update project")
	o := newOrg(5)
	o.ID, o.Version = "org_missing", 1
	requireCode(t, s.UpdateOrganisation(ctx, &o), socialsvc.NotFound, "update organisation")
	l := socialsvc.BudgetLine{ID: "bud_missing", Version: 1, ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Amount: eur("1.00")}
	requireCode(t, s.UpdateBudgetLine(ctx, &l), socialsvc.NotFound, "update budget line")
	e := newEvent(p.ID, 5)
	e.ID, e.Version = "evt_missing", 1
	requireCode(t, s.UpdateEvent(ctx, &e), socialsvc.NotFound, "update event")
	pg, err := s.ListProjects(ctx, store.ProjectFilter{})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1, "a failed update creates nothing")
}

func testNotFoundBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	_, err := s.GetBeneficiary(ctx, "ben_missing")
	requireCode(t, err, socialsvc.NotFound)
	requireCode(t, s.DeleteBeneficiary(ctx, "ben_missing", 1), socialsvc.NotFound)
	requireCode(t, s.EraseBeneficiary(ctx, "ben_missing"), socialsvc.NotFound)
	requireCode(t, s.DeleteAttendance(ctx, "evt_missing", "ben_missing"), socialsvc.NotFound)
	b := newBeneficiary(org.ID)
	b.ID, b.Version = "ben_missing", 1
	requireCode(t, s.UpdateBeneficiary(ctx, &b), socialsvc.NotFound)
	pg, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
}

func testStaleVersion(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	stale := p
	p.Acronym = "FIRST"
	require.NoError(t, s.UpdateProject(ctx, &p))

	stale.Acronym = "SECOND"
	requireCode(t, s.UpdateProject(ctx, &stale), socialsvc.Conflict, "update at version 1 after version 2")
	assert.Equal(t, int64(1), stale.Version, "a failed update leaves the input as it was")
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got, "the stale update changed nothing")

	requireCode(t, s.DeleteProject(ctx, p.ID, 1), socialsvc.Conflict, "delete at a stale version")
	_, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err, "the project is still there")

	future := got
	future.Version = 3
	requireCode(t, s.UpdateProject(ctx, &future), socialsvc.Conflict, "a version from the future is stale too")

	require.NoError(t, s.DeleteProject(ctx, p.ID, 2))
	_, err = s.GetProject(ctx, p.ID)
	requireCode(t, err, socialsvc.NotFound)

	// The same for the other versioned entities.
	o := f.org()
	o2 := o
	o.City = "Vukovar"
	require.NoError(t, s.UpdateOrganisation(ctx, &o))
	o2.City = "Zadar"
	requireCode(t, s.UpdateOrganisation(ctx, &o2), socialsvc.Conflict)
	requireCode(t, s.DeleteOrganisation(ctx, o.ID, 1), socialsvc.Conflict)
	gotO, err := s.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "Vukovar", gotO.City)

	q := f.project()
	lead := f.partner(q.ID, socialsvc.RoleLead)
	l := f.budget(lead, socialsvc.CatTravel, 1, eur("100.00"))
	l2 := l
	l.Amount = eur("200.00")
	require.NoError(t, s.UpdateBudgetLine(ctx, &l))
	l2.Amount = eur("300.00")
	requireCode(t, s.UpdateBudgetLine(ctx, &l2), socialsvc.Conflict)
	requireCode(t, s.DeleteBudgetLine(ctx, l.ID, 1), socialsvc.Conflict)
	gotL, err := s.GetBudgetLine(ctx, l.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("200.00"), gotL.Amount)

	x := f.expenditure(lead, socialsvc.CatTravel, 1, "2019-01-10", eur("5.00"))
	x2 := x
	x.Description = "ispravak"
	require.NoError(t, s.UpdateExpenditure(ctx, &x))
	requireCode(t, s.UpdateExpenditure(ctx, &x2), socialsvc.Conflict)
	requireCode(t, s.DeleteExpenditure(ctx, x.ID, 1), socialsvc.Conflict)

	fu := f.fund()
	requireCode(t, s.DeleteFund(ctx, fu.ID, 2), socialsvc.Conflict)
	require.NoError(t, s.DeleteFund(ctx, fu.ID, 1))
}

func testStaleVersionBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	b := f.beneficiary(org.ID)
	stale := b
	b.Gender = socialsvc.GenderFemale
	require.NoError(t, s.UpdateBeneficiary(ctx, &b))
	assert.Equal(t, int64(2), b.Version)
	stale.Gender = socialsvc.GenderMale
	requireCode(t, s.UpdateBeneficiary(ctx, &stale), socialsvc.Conflict)
	requireCode(t, s.DeleteBeneficiary(ctx, b.ID, 1), socialsvc.Conflict)
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, b, got)
	require.NoError(t, s.DeleteBeneficiary(ctx, b.ID, 2))
	_, err = s.GetBeneficiary(ctx, b.ID)
	requireCode(t, err, socialsvc.NotFound)
}

// testDeleteReferenced deletes records others refer to: each fails with
// conflict and changes nothing; once the reference is gone the delete
// works.
func testDeleteReferenced(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	before := func() int { return auditCount(t, s) }

	type tc struct {
		name string
		// setup creates the record and what refers to it; it returns
		// the delete, a get that proves the record is still there, and
		// a release that removes the reference.
		setup func() (del func() error, get func() error, release func())
	}
	tests := []tc{
		{"organisation with a partner", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RolePartner)
			return func() error { return s.DeleteOrganisation(ctx, ptn.OrgID, 1) },
				func() error { _, err := s.GetOrganisation(ctx, ptn.OrgID); return err },
				func() { require.NoError(t, s.DeletePartner(ctx, ptn.ID, ptn.Version)) }
		}},
		{"project with an event", func() (func() error, func() error, func()) {
			p := f.project()
			e := f.event(p.ID)
			return func() error { return s.DeleteProject(ctx, p.ID, 1) },
				func() error { _, err := s.GetProject(ctx, p.ID); return err },
				func() { require.NoError(t, s.DeleteEvent(ctx, e.ID, e.Version)) }
		}},
		{"project with a partner", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RoleLead)
			return func() error { return s.DeleteProject(ctx, p.ID, 1) },
				func() error { _, err := s.GetProject(ctx, p.ID); return err },
				func() { require.NoError(t, s.DeletePartner(ctx, ptn.ID, ptn.Version)) }
		}},
		{"project with an indicator", func() (func() error, func() error, func()) {
			p := f.project()
			i := f.indicator(p.ID)
			return func() error { return s.DeleteProject(ctx, p.ID, 1) },
				func() error { _, err := s.GetProject(ctx, p.ID); return err },
				func() { require.NoError(t, s.DeleteIndicator(ctx, i.ID, i.Version)) }
		}},
		{"project with a work package", func() (func() error, func() error, func()) {
			p := f.project()
			w := f.workPackage(p.ID)
			return func() error { return s.DeleteProject(ctx, p.ID, 1) },
				func() error { _, err := s.GetProject(ctx, p.ID); return err },
				func() { require.NoError(t, s.DeleteWorkPackage(ctx, w.ID, w.Version)) }
		}},
		{"event with attendance", func() (func() error, func() error, func()) {
			p := f.project()
			e := f.event(p.ID)
			b := f.beneficiary(f.org().ID)
			f.attend(e.ID, b.ID)
			return func() error { return s.DeleteEvent(ctx, e.ID, 1) },
				func() error { _, err := s.GetEvent(ctx, e.ID); return err },
				func() { require.NoError(t, s.DeleteAttendance(ctx, e.ID, b.ID)) }
		}},
		{"partner with a budget line", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RoleLead)
			l := f.budget(ptn, socialsvc.CatTravel, 1, eur("1.00"))
			return func() error { return s.DeletePartner(ctx, ptn.ID, 1) },
				func() error { _, err := s.GetPartner(ctx, ptn.ID); return err },
				func() { require.NoError(t, s.DeleteBudgetLine(ctx, l.ID, l.Version)) }
		}},
		{"partner with expenditure", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RoleLead)
			x := f.expenditure(ptn, socialsvc.CatTravel, 1, "2019-01-10", eur("1.00"))
			return func() error { return s.DeletePartner(ctx, ptn.ID, 1) },
				func() error { _, err := s.GetPartner(ctx, ptn.ID); return err },
				func() { require.NoError(t, s.DeleteExpenditure(ctx, x.ID, x.Version)) }
		}},
		{"partner organising an event", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RoleLead)
			e := f.event(p.ID, func(e *socialsvc.Event) { e.Organiser = ptn.ID })
			return func() error { return s.DeletePartner(ctx, ptn.ID, 1) },
				func() error { _, err := s.GetPartner(ctx, ptn.ID); return err },
				func() { require.NoError(t, s.DeleteEvent(ctx, e.ID, e.Version)) }
		}},
		{"partner leading a work package", func() (func() error, func() error, func()) {
			p := f.project()
			ptn := f.partner(p.ID, socialsvc.RoleLead)
			w := f.workPackage(p.ID, func(w *socialsvc.WorkPackage) { w.LeadPartner = ptn.ID })
			return func() error { return s.DeletePartner(ctx, ptn.ID, 1) },
				func() error { _, err := s.GetPartner(ctx, ptn.ID); return err },
				func() { require.NoError(t, s.DeleteWorkPackage(ctx, w.ID, w.Version)) }
		}},
		{"fund financing a partner", func() (func() error, func() error, func()) {
			p := f.project()
			fu := f.fund()
			ptn := f.partner(p.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) {
				x.Funding = []socialsvc.CoFinancing{{FundID: fu.ID, RatePercent: dec("85")}}
			})
			return func() error { return s.DeleteFund(ctx, fu.ID, 1) },
				func() error { _, err := s.GetFund(ctx, fu.ID); return err },
				func() { require.NoError(t, s.DeletePartner(ctx, ptn.ID, ptn.Version)) }
		}},
		{"work package with an activity", func() (func() error, func() error, func()) {
			p := f.project()
			w := f.workPackage(p.ID)
			a := f.activity(w)
			return func() error { return s.DeleteWorkPackage(ctx, w.ID, 1) },
				func() error { _, err := s.GetWorkPackage(ctx, w.ID); return err },
				func() { require.NoError(t, s.DeleteActivity(ctx, a.ID, a.Version)) }
		}},
		{"activity with an event", func() (func() error, func() error, func()) {
			p := f.project()
			a := f.activity(f.workPackage(p.ID))
			e := f.event(p.ID, func(e *socialsvc.Event) { e.ActivityID = a.ID })
			return func() error { return s.DeleteActivity(ctx, a.ID, 1) },
				func() error { _, err := s.GetActivity(ctx, a.ID); return err },
				func() { require.NoError(t, s.DeleteEvent(ctx, e.ID, e.Version)) }
		}},
		{"indicator with a measurement", func() (func() error, func() error, func()) {
			p := f.project()
			i := f.indicator(p.ID)
			m := f.measurement(i.ID, 1, "5")
			return func() error { return s.DeleteIndicator(ctx, i.ID, 1) },
				func() error { _, err := s.GetIndicator(ctx, i.ID); return err },
				func() { require.NoError(t, s.DeleteMeasurement(ctx, m.ID, m.Version)) }
		}},
		{"indicator another depends on", func() (func() error, func() error, func()) {
			p := f.project()
			i := f.indicator(p.ID)
			r := f.indicator(p.ID, func(x *socialsvc.Indicator) { x.Kind, x.Code, x.DependsOn = socialsvc.KindResult, "RCR79", i.ID })
			return func() error { return s.DeleteIndicator(ctx, i.ID, 1) },
				func() error { _, err := s.GetIndicator(ctx, i.ID); return err },
				func() { require.NoError(t, s.DeleteIndicator(ctx, r.ID, r.Version)) }
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			del, get, release := tc.setup()
			n := before()
			requireCode(t, del(), socialsvc.Conflict)
			require.NoError(t, get(), "the record is still there")
			assert.Equal(t, n, before(), "a refused delete leaves no audit entry")
			release()
			require.NoError(t, del(), "without the reference the delete works")
			requireCode(t, get(), socialsvc.NotFound)
		})
	}
}

func testDeleteBeneficiaryWithAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	f.attend(e.ID, b.ID)
	requireCode(t, s.DeleteBeneficiary(ctx, b.ID, 1), socialsvc.Conflict)
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, b, got)
	require.NoError(t, s.DeleteAttendance(ctx, e.ID, b.ID))
	require.NoError(t, s.DeleteBeneficiary(ctx, b.ID, 1))
	_, err = s.GetBeneficiary(ctx, b.ID)
	requireCode(t, err, socialsvc.NotFound)

	// An organisation with beneficiaries cannot be deleted either.
	org2 := f.org()
	f.beneficiary(org2.ID)
	requireCode(t, s.DeleteOrganisation(ctx, org2.ID, 1), socialsvc.Conflict)
	_, err = s.GetOrganisation(ctx, org2.ID)
	require.NoError(t, err)
}

func testDuplicateTaxID(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	id := oib("6983076385")
	first := f.org(func(o *socialsvc.Organisation) { o.TaxID = id })

	dup := newOrg(2)
	dup.TaxID = id
	err := s.CreateOrganisation(ctx, &dup)
	requireCode(t, err, socialsvc.Conflict)
	assert.Contains(t, fieldsOf(err), "tax_id")
	assert.NotContains(t, err.Error(), id, "the error does not repeat the identifier")
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{Country: "HR"})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)

	// The same identifier in another country is another organisation.
	ba := newOrg(3)
	ba.Country, ba.TaxID = "BA", id
	require.NoError(t, s.CreateOrganisation(ctx, &ba))

	// Organisations without a tax ID do not collide.
	f.org()
	f.org()

	// Updating into a taken identifier is a conflict too.
	other := f.org(func(o *socialsvc.Organisation) { o.TaxID = oib("1111111111") })
	other.TaxID = id
	requireCode(t, s.UpdateOrganisation(ctx, &other), socialsvc.Conflict)
	got, err := s.GetOrganisation(ctx, other.ID)
	require.NoError(t, err)
	assert.Equal(t, oib("1111111111"), got.TaxID)

	// An organisation keeps its own identifier on update.
	first.City = "Vinkovci"
	require.NoError(t, s.UpdateOrganisation(ctx, &first))
}

func testDuplicateAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	first := f.attend(e.ID, b.ID)
	again := socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID}
	requireCode(t, s.CreateAttendance(ctx, &again), socialsvc.Conflict)
	pg, err := s.ListAttendance(ctx, store.AttendanceFilter{})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	same(t, first, pg.Items[0])
}

func testOneLead(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	second := socialsvc.Partner{ProjectID: p.ID, OrgID: f.org().ID, Role: socialsvc.RoleLead, Number: 2}
	err := s.CreatePartner(ctx, &second)
	requireCode(t, err, socialsvc.Conflict)
	assert.Contains(t, fieldsOf(err), "role")

	// Promoting a partner while there is a lead is the same conflict.
	pp := f.partner(p.ID, socialsvc.RolePartner)
	pp.Role = socialsvc.RoleLead
	requireCode(t, s.UpdatePartner(ctx, &pp), socialsvc.Conflict)
	pg, err := s.ListPartners(ctx, store.PartnerFilter{ProjectID: p.ID, Role: socialsvc.RoleLead})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	assert.Equal(t, lead.ID, pg.Items[0].ID)

	// The lead itself may be updated, and another project has its own lead.
	lead.Number = 0
	require.NoError(t, s.UpdatePartner(ctx, &lead))
	q := f.project()
	f.partner(q.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = lead.OrgID })
}

func testOneParticipation(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	again := socialsvc.Partner{ProjectID: p.ID, OrgID: lead.OrgID, Role: socialsvc.RolePartner, Number: 9}
	err := s.CreatePartner(ctx, &again)
	requireCode(t, err, socialsvc.Conflict)
	assert.Contains(t, fieldsOf(err), "org_id")
	pg, err := s.ListPartners(ctx, store.PartnerFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)
}

func lifecycleTests() []test {
	return []test{
		{name: "StatusTransitions", fn: testStatusTransitions},
	}
}

func testStatusTransitions(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()

	// Out of draft without a lead partner: the partners check refuses.
	q := p
	q.Status = socialsvc.StatusSubmitted
	err := s.UpdateProject(ctx, &q)
	requireInvalid(t, err, "partners")
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.StatusDraft, got.Status)
	assert.Equal(t, int64(1), got.Version)

	// A status the lifecycle does not allow: conflict.
	q = p
	q.Status = socialsvc.StatusClosed
	err = s.UpdateProject(ctx, &q)
	requireCode(t, err, socialsvc.Conflict)
	assert.Contains(t, fieldsOf(err), "status")
	got, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.StatusDraft, got.Status)

	// Only associated partners is still no lead.
	f.partner(p.ID, socialsvc.RoleAssociated)
	q = p
	q.Status = socialsvc.StatusSubmitted
	requireCode(t, s.UpdateProject(ctx, &q), socialsvc.Invalid)

	// With one lead: draft → submitted → approved → contracted →
	// in_implementation → closed.
	f.partner(p.ID, socialsvc.RoleLead)
	for i, st := range []socialsvc.Status{socialsvc.StatusSubmitted, socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed} {
		p.Status = st
		require.NoError(t, s.UpdateProject(ctx, &p), "to %s", st)
		assert.Equal(t, int64(i+2), p.Version)
	}
	got, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.StatusClosed, got.Status)

	// Closed is an end.
	q = got
	q.Status = socialsvc.StatusInImplementation
	requireCode(t, s.UpdateProject(ctx, &q), socialsvc.Conflict)

	// After submission a project may be rejected, and rejected is an end.
	r := f.project()
	f.partner(r.ID, socialsvc.RoleLead)
	r.Status = socialsvc.StatusSubmitted
	require.NoError(t, s.UpdateProject(ctx, &r))
	r.Status = socialsvc.StatusRejected
	require.NoError(t, s.UpdateProject(ctx, &r))
	r.Status = socialsvc.StatusApproved
	requireCode(t, s.UpdateProject(ctx, &r), socialsvc.Conflict, "rejected is an end")

	pg, err := s.ListProjects(ctx, store.ProjectFilter{Status: socialsvc.StatusRejected})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	assert.Equal(t, r.ID, pg.Items[0].ID)
}
