package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func filterTests() []test {
	return []test{
		{name: "Projects", fn: testFilterProjects},
		{name: "Organisations", fn: testFilterOrganisations},
		{name: "Partners", fn: testFilterPartners},
		{name: "Events", fn: testFilterEvents},
		{name: "Expenditure", fn: testFilterExpenditure},
		{name: "Budget", fn: testFilterBudget},
		{name: "Measurements", fn: testFilterMeasurements},
		{name: "Beneficiaries", fn: testFilterBeneficiaries, ben: true},
		{name: "Attendance", fn: testFilterAttendance, ben: true},
	}
}

// listAll returns the IDs a list yields, in order.
func listAll[T any](t *testing.T, id func(*T) string, list func(o store.ListOptions) (store.Page[T], error)) []string {
	t.Helper()
	return ids(all(t, 3, list), id)
}

func idList[T ~string](xs ...T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return sorted(out)
}

func testFilterProjects(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	a, b, c := f.org(), f.org(), f.org()
	p1 := f.project()
	f.partner(p1.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = a.ID })
	f.partner(p1.ID, socialsvc.RolePartner, func(x *socialsvc.Partner) { x.OrgID = b.ID })
	p2 := f.project()
	f.partner(p2.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = b.ID })
	p2.Status = socialsvc.StatusSubmitted
	require.NoError(t, s.UpdateProject(ctx, &p2))
	p3 := f.project()
	f.partner(p3.ID, socialsvc.RoleAssociated, func(x *socialsvc.Partner) { x.OrgID = b.ID })
	f.partner(p3.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = c.ID })
	p4 := f.project() // no partners

	list := func(pf store.ProjectFilter) []string {
		return listAll(t, projectIDs, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
			pf.ListOptions = o
			return s.ListProjects(ctx, pf)
		})
	}
	for _, tc := range []struct {
		name string
		f    store.ProjectFilter
		want []string
	}{
		{"all", store.ProjectFilter{}, idList(p1.ID, p2.ID, p3.ID, p4.ID)},
		{"org as lead", store.ProjectFilter{OrgID: a.ID}, idList(p1.ID)},
		{"org in any role", store.ProjectFilter{OrgID: b.ID}, idList(p1.ID, p2.ID, p3.ID)},
		{"org c", store.ProjectFilter{OrgID: c.ID}, idList(p3.ID)},
		{"status", store.ProjectFilter{Status: socialsvc.StatusSubmitted}, idList(p2.ID)},
		{"status draft", store.ProjectFilter{Status: socialsvc.StatusDraft}, idList(p1.ID, p3.ID, p4.ID)},
		{"org and status", store.ProjectFilter{OrgID: b.ID, Status: socialsvc.StatusDraft}, idList(p1.ID, p3.ID)},
		{"unknown org", store.ProjectFilter{OrgID: "org_missing"}, nil},
	} {
		assert.Equal(t, tc.want, list(tc.f), tc.name)
	}
}

func testFilterOrganisations(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	hr := f.org(func(o *socialsvc.Organisation) { o.TaxID = oib("6983076385") })
	hr2 := f.org()
	si := f.org(func(o *socialsvc.Organisation) { o.Country, o.TaxID = "SI", siTax("1234567") })
	xk := f.org(func(o *socialsvc.Organisation) { o.Country, o.TaxID = "XK", "810000000" })
	list := func(of store.OrgFilter) []string {
		return listAll(t, orgIDs, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
			of.ListOptions = o
			return s.ListOrganisations(ctx, of)
		})
	}
	assert.Equal(t, idList(hr.ID, hr2.ID), list(store.OrgFilter{Country: "HR"}))
	assert.Equal(t, idList(si.ID), list(store.OrgFilter{Country: "SI"}))
	assert.Equal(t, idList(xk.ID), list(store.OrgFilter{Country: "XK"}))
	assert.Equal(t, idList(hr.ID), list(store.OrgFilter{Country: "HR", TaxID: hr.TaxID}))
	assert.Equal(t, idList(xk.ID), list(store.OrgFilter{TaxID: "810000000"}))
	assert.Empty(t, list(store.OrgFilter{Country: "SI", TaxID: hr.TaxID}))
}

func testFilterPartners(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p, q := f.project(), f.project()
	org := f.org()
	l1 := f.partner(p.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) { x.OrgID = org.ID })
	p1 := f.partner(p.ID, socialsvc.RolePartner)
	a1 := f.partner(p.ID, socialsvc.RoleAssociated)
	l2 := f.partner(q.ID, socialsvc.RoleLead)
	p2 := f.partner(q.ID, socialsvc.RolePartner, func(x *socialsvc.Partner) { x.OrgID = org.ID })
	list := func(pf store.PartnerFilter) []string {
		return listAll(t, partnerIDs, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
			pf.ListOptions = o
			return s.ListPartners(ctx, pf)
		})
	}
	assert.Equal(t, idList(l1.ID, p1.ID, a1.ID), list(store.PartnerFilter{ProjectID: p.ID}))
	assert.Equal(t, idList(l1.ID, p2.ID), list(store.PartnerFilter{OrgID: org.ID}))
	assert.Equal(t, idList(l1.ID, l2.ID), list(store.PartnerFilter{Role: socialsvc.RoleLead}))
	assert.Equal(t, idList(p2.ID), list(store.PartnerFilter{ProjectID: q.ID, OrgID: org.ID}))
	assert.Equal(t, idList(a1.ID), list(store.PartnerFilter{ProjectID: p.ID, Role: socialsvc.RoleAssociated}))
}

func testFilterEvents(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p, q := f.project(), f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	a := f.activity(f.workPackage(p.ID))
	w1 := f.event(p.ID, func(e *socialsvc.Event) { e.Start = d("2019-03-15"); e.ActivityID = a.ID })
	c1 := f.event(p.ID, func(e *socialsvc.Event) {
		e.Type, e.Start, e.Organiser = socialsvc.EventConference, d("2019-05-20"), lead.ID
	})
	w2 := f.event(p.ID, func(e *socialsvc.Event) {
		e.Start, e.End, e.ActivityID, e.Organiser = d("2019-06-01"), d("2019-06-02"), a.ID, lead.ID
	})
	sv := f.event(p.ID, func(e *socialsvc.Event) {
		e.Type, e.Start, e.End = socialsvc.EventStudyVisit, d("2019-05-19"), d("2019-05-25")
	})
	other := f.event(q.ID, func(e *socialsvc.Event) { e.Start = d("2019-05-20") })

	list := func(ef store.EventFilter) []string {
		return listAll(t, eventIDs, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
			ef.ListOptions = o
			return s.ListEvents(ctx, ef)
		})
	}
	for _, tc := range []struct {
		name string
		f    store.EventFilter
		want []string
	}{
		{"project", store.EventFilter{ProjectID: p.ID}, idList(w1.ID, c1.ID, w2.ID, sv.ID)},
		{"type", store.EventFilter{ProjectID: p.ID, Type: socialsvc.EventWorkshop}, idList(w1.ID, w2.ID)},
		{"type in every project", store.EventFilter{Type: socialsvc.EventWorkshop}, idList(w1.ID, w2.ID, other.ID)},
		{"range inclusive at both ends", store.EventFilter{ProjectID: p.ID, From: d("2019-05-20"), To: d("2019-06-01")}, idList(c1.ID, w2.ID)},
		{"range is on the start date", store.EventFilter{ProjectID: p.ID, From: d("2019-05-21"), To: d("2019-05-31")}, nil},
		{"from only", store.EventFilter{ProjectID: p.ID, From: d("2019-05-19")}, idList(c1.ID, w2.ID, sv.ID)},
		{"to only", store.EventFilter{ProjectID: p.ID, To: d("2019-05-19")}, idList(w1.ID, sv.ID)},
		{"one day", store.EventFilter{From: d("2019-05-20"), To: d("2019-05-20")}, idList(c1.ID, other.ID)},
		{"type and range", store.EventFilter{Type: socialsvc.EventWorkshop, From: d("2019-04-01"), To: d("2019-12-31")}, idList(w2.ID, other.ID)},
		{"activity", store.EventFilter{ActivityID: a.ID}, idList(w1.ID, w2.ID)},
		{"organiser", store.EventFilter{Organiser: lead.ID}, idList(c1.ID, w2.ID)},
	} {
		assert.Equal(t, tc.want, list(tc.f), tc.name)
	}
}

func testFilterExpenditure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p, q := f.project(), f.project()
	// Period 0 is for projects without reporting periods: elsewhere a
	// line names the period of its date.
	r := f.project(func(p *socialsvc.Project) { p.Periods = nil })
	lead := f.partner(p.ID, socialsvc.RoleLead)
	pp := f.partner(p.ID, socialsvc.RolePartner)
	qLead := f.partner(q.ID, socialsvc.RoleLead)
	rLead := f.partner(r.ID, socialsvc.RoleLead)
	e1 := f.expenditure(lead, socialsvc.CatStaff, 1, "2018-10-31", eur("100.00"))
	e2 := f.expenditure(lead, socialsvc.CatTravel, 1, "2019-02-28", eur("20.00"))
	e3 := f.expenditure(lead, socialsvc.CatStaff, 2, "2019-03-01", eur("100.00"))
	e4 := f.expenditure(pp, socialsvc.CatStaff, 2, "2019-04-15", hrk("750.00"))
	e5 := f.expenditure(pp, socialsvc.CatExternal, 2, "2019-04-15", eur("1.00"))
	e6 := f.expenditure(qLead, socialsvc.CatStaff, 1, "2019-01-01", eur("5.00"))
	e7 := f.expenditure(rLead, socialsvc.CatStaff, 0, "2019-05-05", eur("2.00"))
	list := func(ef store.ExpenditureFilter) []string {
		return listAll(t, expIDs, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
			ef.ListOptions = o
			return s.ListExpenditure(ctx, ef)
		})
	}
	for _, tc := range []struct {
		name string
		f    store.ExpenditureFilter
		want []string
	}{
		{"project", store.ExpenditureFilter{ProjectID: p.ID}, idList(e1.ID, e2.ID, e3.ID, e4.ID, e5.ID)},
		{"partner", store.ExpenditureFilter{PartnerID: pp.ID}, idList(e4.ID, e5.ID)},
		{"category", store.ExpenditureFilter{ProjectID: p.ID, Category: socialsvc.CatStaff}, idList(e1.ID, e3.ID, e4.ID)},
		{"period", store.ExpenditureFilter{ProjectID: p.ID, Period: 2, HasPeriod: true}, idList(e3.ID, e4.ID, e5.ID)},
		{"period 0", store.ExpenditureFilter{Period: 0, HasPeriod: true}, idList(e7.ID)},
		{"period without HasPeriod is ignored", store.ExpenditureFilter{ProjectID: p.ID, Period: 2}, idList(e1.ID, e2.ID, e3.ID, e4.ID, e5.ID)},
		{"dates inclusive", store.ExpenditureFilter{From: d("2019-02-28"), To: d("2019-04-15")}, idList(e2.ID, e3.ID, e4.ID, e5.ID)},
		{"from", store.ExpenditureFilter{ProjectID: p.ID, From: d("2019-03-01")}, idList(e3.ID, e4.ID, e5.ID)},
		{"to", store.ExpenditureFilter{To: d("2019-01-01")}, idList(e1.ID, e6.ID)},
		{"partner, category and period", store.ExpenditureFilter{PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, HasPeriod: true}, idList(e1.ID)},
	} {
		assert.Equal(t, tc.want, list(tc.f), tc.name)
	}
	// Scan applies the same filter.
	var scanned []string
	for e, err := range s.ScanExpenditure(ctx, store.ExpenditureFilter{PartnerID: pp.ID}) {
		require.NoError(t, err)
		scanned = append(scanned, string(e.ID))
	}
	assert.ElementsMatch(t, idList(e4.ID, e5.ID), scanned)
}

func testFilterBudget(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	pp := f.partner(p.ID, socialsvc.RolePartner)
	b1 := f.budget(lead, socialsvc.CatStaff, 1, eur("100.00"))
	b2 := f.budget(lead, socialsvc.CatTravel, 2, eur("10.00"))
	b3 := f.budget(pp, socialsvc.CatStaff, 1, eur("50.00"))
	b4 := f.budget(pp, socialsvc.CatStaff, 0, eur("5.00"))
	list := func(bf store.BudgetFilter) []string {
		return listAll(t, budgetIDs, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
			bf.ListOptions = o
			return s.ListBudgetLines(ctx, bf)
		})
	}
	assert.Equal(t, idList(b1.ID, b2.ID, b3.ID, b4.ID), list(store.BudgetFilter{ProjectID: p.ID}))
	assert.Equal(t, idList(b1.ID, b2.ID), list(store.BudgetFilter{PartnerID: lead.ID}))
	assert.Equal(t, idList(b3.ID, b4.ID), list(store.BudgetFilter{PartnerID: pp.ID}))
	assert.Equal(t, idList(b1.ID, b3.ID, b4.ID), list(store.BudgetFilter{Category: socialsvc.CatStaff}))
	assert.Equal(t, idList(b1.ID, b3.ID), list(store.BudgetFilter{Period: 1, HasPeriod: true}))
	assert.Equal(t, idList(b4.ID), list(store.BudgetFilter{Period: 0, HasPeriod: true}))
	assert.Equal(t, idList(b3.ID), list(store.BudgetFilter{PartnerID: pp.ID, Category: socialsvc.CatStaff, Period: 1, HasPeriod: true}))
	var scanned []string
	for l, err := range s.ScanBudgetLines(ctx, store.BudgetFilter{PartnerID: lead.ID}) {
		require.NoError(t, err)
		scanned = append(scanned, string(l.ID))
	}
	assert.ElementsMatch(t, idList(b1.ID, b2.ID), scanned)
}

func testFilterMeasurements(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p, q := f.project(), f.project()
	i1, i2 := f.indicator(p.ID), f.indicator(p.ID)
	iq := f.indicator(q.ID)
	m1 := f.measurement(i1.ID, 1, "5")
	m2 := f.measurement(i1.ID, 2, "7.25")
	m3 := f.measurement(i2.ID, 1, "1")
	m4 := f.measurement(i1.ID, 0, "12.5")
	m5 := f.measurement(iq.ID, 1, "3")
	list := func(mf store.MeasurementFilter) []string {
		return listAll(t, measurementIDs, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
			mf.ListOptions = o
			return s.ListMeasurements(ctx, mf)
		})
	}
	assert.Equal(t, idList(m1.ID, m2.ID, m4.ID), list(store.MeasurementFilter{IndicatorID: i1.ID}))
	assert.Equal(t, idList(m1.ID, m3.ID, m5.ID), list(store.MeasurementFilter{Period: 1, HasPeriod: true}))
	assert.Equal(t, idList(m1.ID, m3.ID), list(store.MeasurementFilter{ProjectID: p.ID, Period: 1, HasPeriod: true}))
	assert.Equal(t, idList(m4.ID), list(store.MeasurementFilter{IndicatorID: i1.ID, Period: 0, HasPeriod: true}))
	assert.Equal(t, idList(m1.ID, m2.ID, m3.ID, m4.ID), list(store.MeasurementFilter{ProjectID: p.ID}))
	assert.Equal(t, idList(m5.ID), list(store.MeasurementFilter{ProjectID: q.ID}))
}

func testFilterBeneficiaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	a, b := f.org(), f.org()
	p := f.project()
	b1 := f.beneficiary(a.ID)
	b2 := f.beneficiary(a.ID, func(x *socialsvc.Beneficiary) { x.ProjectID = p.ID })
	b3 := f.beneficiary(b.ID, func(x *socialsvc.Beneficiary) { x.ProjectID = p.ID })
	list := func(bf store.BeneficiaryFilter) []string {
		return listAll(t, benIDs, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
			bf.ListOptions = o
			return s.ListBeneficiaries(ctx, bf)
		})
	}
	assert.Equal(t, idList(b1.ID, b2.ID), list(store.BeneficiaryFilter{OrgID: a.ID}))
	assert.Equal(t, idList(b3.ID), list(store.BeneficiaryFilter{OrgID: b.ID}))
	assert.Equal(t, idList(b2.ID, b3.ID), list(store.BeneficiaryFilter{ProjectID: p.ID}))
	assert.Equal(t, idList(b2.ID), list(store.BeneficiaryFilter{OrgID: a.ID, ProjectID: p.ID}))
	assert.Equal(t, idList(b1.ID, b2.ID, b3.ID), list(store.BeneficiaryFilter{}))
	var scanned []string
	for x, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: a.ID}) {
		require.NoError(t, err)
		scanned = append(scanned, string(x.ID))
	}
	assert.ElementsMatch(t, idList(b1.ID, b2.ID), scanned)
}

func testFilterAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p, q := f.project(), f.project()
	e1, e2, eq := f.event(p.ID), f.event(p.ID), f.event(q.ID)
	b1, b2 := f.beneficiary(org.ID), f.beneficiary(org.ID)
	a := []socialsvc.Attendance{f.attend(e1.ID, b1.ID), f.attend(e1.ID, b2.ID), f.attend(e2.ID, b1.ID), f.attend(eq.ID, b2.ID)}
	key := func(as ...socialsvc.Attendance) []string {
		var out []string
		for i := range as {
			out = append(out, store.AttendanceKey(&as[i]))
		}
		return sorted(out)
	}
	list := func(af store.AttendanceFilter) []string {
		return listAll(t, store.AttendanceKey, func(o store.ListOptions) (store.Page[socialsvc.Attendance], error) {
			af.ListOptions = o
			return s.ListAttendance(ctx, af)
		})
	}
	assert.Equal(t, key(a[0], a[1]), list(store.AttendanceFilter{EventID: e1.ID}))
	assert.Equal(t, key(a[0], a[2]), list(store.AttendanceFilter{BeneficiaryID: b1.ID}))
	assert.Equal(t, key(a[0], a[1], a[2]), list(store.AttendanceFilter{ProjectID: p.ID}))
	assert.Equal(t, key(a[3]), list(store.AttendanceFilter{ProjectID: q.ID, BeneficiaryID: b2.ID}))
	assert.Equal(t, key(a...), list(store.AttendanceFilter{}))
	var scanned []string
	for x, err := range s.ScanAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID}) {
		require.NoError(t, err)
		scanned = append(scanned, store.AttendanceKey(&x))
	}
	assert.ElementsMatch(t, key(a[0], a[1], a[2]), scanned)
}
