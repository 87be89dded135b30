package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func auditTests() []test {
	return []test{
		{name: "ProjectCreateUpdateDelete", fn: testAuditProject},
		{name: "DefaultActorIsSystem", fn: testAuditSystemActor},
		{name: "FailedWritesLeaveNoEntry", fn: testAuditFailedWrites},
		{name: "EveryEntity", fn: testAuditEveryEntity},
		{name: "BeneficiaryWithoutPersonalData", fn: testAuditBeneficiary},
	}
}

func auditOf(t *testing.T, s store.Store, entity, id string) []store.AuditEntry {
	t.Helper()
	return all(t, 50, func(o store.ListOptions) (store.Page[store.AuditEntry], error) {
		return s.ListAudit(t.Context(), store.AuditFilter{ListOptions: o, Entity: entity, EntityID: id})
	})
}

func absent(t *testing.T, raw []byte, msg string) {
	t.Helper()
	assert.Nil(t, jsonMap(t, raw), msg)
}

func testAuditProject(t *testing.T, s store.Store) {
	// Creating and deleting projects is the programme's.
	actor := store.Actor{ID: "ana.kovacic@grad.example.hr", OrgID: "org_osijek", Role: store.RoleAdmin}
	ctx := store.WithActor(t.Context(), actor)
	start := time.Now().Add(-time.Minute)

	p := newProject(1)
	p.Acronym = "Centri zajednice"
	require.NoError(t, s.CreateProject(ctx, &p))
	p.Acronym = "CZ-Đ"
	require.NoError(t, s.UpdateProject(ctx, &p))
	require.NoError(t, s.DeleteProject(ctx, p.ID, 2))

	entries := auditOf(t, s, store.EntityProject, string(p.ID))
	require.Len(t, entries, 3)
	for i, e := range entries {
		assert.Equal(t, actor, e.Actor, "entry %d", i)
		assert.Equal(t, store.EntityProject, e.Entity)
		assert.Equal(t, string(p.ID), e.EntityID)
		assert.True(t, e.At.After(start) && e.At.Before(time.Now().Add(time.Minute)), "entry time %v", e.At)
		if i > 0 {
			assert.Greater(t, e.Seq, entries[i-1].Seq)
			assert.False(t, e.At.Before(entries[i-1].At))
		}
	}
	assert.Equal(t, []string{store.ActionCreate, store.ActionUpdate, store.ActionDelete},
		[]string{entries[0].Action, entries[1].Action, entries[2].Action})

	absent(t, entries[0].Before, "create has no before")
	after := jsonMap(t, entries[0].After)
	assert.Equal(t, "Centri zajednice", after["acronym"])
	assert.Equal(t, float64(1), after["version"])
	assert.Equal(t, string(p.ID), after["id"])
	assert.Equal(t, "2018-09-01", after["start"])
	assert.Equal(t, "draft", after["status"])

	before := jsonMap(t, entries[1].Before)
	after = jsonMap(t, entries[1].After)
	assert.Equal(t, "Centri zajednice", before["acronym"])
	assert.Equal(t, float64(1), before["version"])
	assert.Equal(t, "CZ-Đ", after["acronym"])
	assert.Equal(t, float64(2), after["version"])

	before = jsonMap(t, entries[2].Before)
	assert.Equal(t, "CZ-Đ", before["acronym"])
	assert.Equal(t, float64(2), before["version"])
	absent(t, entries[2].After, "delete has no after")

	// Filtering by entity alone.
	o := newOrg(1)
	require.NoError(t, s.CreateOrganisation(ctx, &o))
	assert.Len(t, auditOf(t, s, store.EntityProject, ""), 3)
	orgEntries := auditOf(t, s, store.EntityOrganisation, "")
	require.Len(t, orgEntries, 1)
	assert.Equal(t, string(o.ID), orgEntries[0].EntityID)
	assert.Len(t, auditOf(t, s, "", ""), 4)
}

func testAuditSystemActor(t *testing.T, s store.Store) {
	o := newOrg(1)
	require.NoError(t, s.CreateOrganisation(t.Context(), &o))
	entries := auditOf(t, s, store.EntityOrganisation, string(o.ID))
	require.Len(t, entries, 1)
	assert.Equal(t, store.Actor{ID: "system"}, entries[0].Actor)
}

func testAuditFailedWrites(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	f.event(p.ID)
	n := auditCount(t, s)

	stale := p
	stale.Version = 7
	requireCode(t, s.UpdateProject(ctx, &stale), socialsvc.Conflict)
	bad := newProject(2)
	bad.End = d("2000-01-01")
	requireCode(t, s.CreateProject(ctx, &bad), socialsvc.Invalid)
	requireCode(t, s.DeleteProject(ctx, p.ID, p.Version), socialsvc.Conflict)
	requireCode(t, s.DeleteOrganisation(ctx, "org_missing", 1), socialsvc.NotFound)
	err := s.WithTx(ctx, func(tx store.Store) error {
		o := newOrg(3)
		if err := tx.CreateOrganisation(ctx, &o); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	assert.Equal(t, n, auditCount(t, s), "failed and rolled-back writes leave no entry")
}

func testAuditEveryEntity(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	fu := f.fund()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead, func(x *socialsvc.Partner) {
		x.OrgID, x.Funding = org.ID, []socialsvc.CoFinancing{{FundID: fu.ID, RatePercent: dec("85")}}
	})
	w := f.workPackage(p.ID)
	a := f.activity(w)
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	att := f.attend(e.ID, b.ID)
	i := f.indicator(p.ID)
	m := f.measurement(i.ID, 1, "1")
	l := f.budget(lead, socialsvc.CatTravel, 1, eur("1.00"))
	x := f.expenditure(lead, socialsvc.CatTravel, 1, "2019-01-10", eur("1.00"))
	require.NoError(t, s.PutRate(ctx, socialsvc.Rate{Currency: "GBP", Month: socialsvc.Month{Year: 2021, Month: 3}, Rate: dec("0.8765"), Source: "CSSF"}))
	require.NoError(t, s.EraseBeneficiary(ctx, b.ID))

	for _, tc := range []struct {
		entity, id string
		actions    []string
	}{
		{store.EntityOrganisation, string(org.ID), []string{"create"}},
		{store.EntityFund, string(fu.ID), []string{"create"}},
		{store.EntityProject, string(p.ID), []string{"create"}},
		{store.EntityPartner, string(lead.ID), []string{"create"}},
		{store.EntityWorkPackage, string(w.ID), []string{"create"}},
		{store.EntityActivity, string(a.ID), []string{"create"}},
		{store.EntityEvent, string(e.ID), []string{"create"}},
		{store.EntityBeneficiary, string(b.ID), []string{"create", "erase"}},
		{store.EntityIndicator, string(i.ID), []string{"create"}},
		{store.EntityMeasurement, string(m.ID), []string{"create"}},
		{store.EntityBudgetLine, string(l.ID), []string{"create"}},
		{store.EntityExpenditure, string(x.ID), []string{"create"}},
	} {
		entries := auditOf(t, s, tc.entity, tc.id)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		assert.Equal(t, tc.actions, actions, tc.entity)
	}
	for _, entity := range []string{store.EntityAttendance, store.EntityRate} {
		entries := auditOf(t, s, entity, "")
		require.Len(t, entries, 1, entity)
		assert.Equal(t, store.ActionCreate, entries[0].Action)
		assert.NotEmpty(t, entries[0].EntityID)
	}
	attEntry := auditOf(t, s, store.EntityAttendance, "")[0]
	after := jsonMap(t, attEntry.After)
	assert.Equal(t, string(att.EventID), after["event_id"])
	assert.Equal(t, string(att.BeneficiaryID), after["beneficiary_id"])
	assert.NotContains(t, attEntry.EntityID, "\x00", "audit entity IDs are printable")

	require.NoError(t, s.DeleteAttendance(ctx, e.ID, b.ID))
	entries := auditOf(t, s, store.EntityAttendance, "")
	require.Len(t, entries, 2)
	assert.Equal(t, store.ActionDelete, entries[1].Action)
	assert.Equal(t, entries[0].EntityID, entries[1].EntityID)
}

// testAuditBeneficiary checks that the audit log holds no personal
// attribute of a beneficiary: neither as a key nor as a value.
func testAuditBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	// Fixed IDs, so that no random ID can contain the values searched for.
	org := f.org(func(o *socialsvc.Organisation) { o.ID = "org-audit" })
	p := f.project(func(p *socialsvc.Project) { p.ID = "prj-audit" })
	b := socialsvc.Beneficiary{
		ID: "ben-audit", OrgID: org.ID, ProjectID: p.ID, Reference: "KZ-SECRET-0042", Household: true,
		Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age65Plus, Region: "HR025",
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGRoma, socialsvc.TGLGBTIQ},
		LegalBasis:   socialsvc.BasisConsent, ConsentDate: d("2019-03-01"), RetainUntil: d("2030-12-31"),
	}
	require.NoError(t, s.CreateBeneficiary(ctx, &b))
	b.TargetGroups = append(b.TargetGroups, socialsvc.TGDisability)
	b.Region = "HR050"
	require.NoError(t, s.UpdateBeneficiary(ctx, &b))
	e := f.event(p.ID)
	f.attend(e.ID, b.ID)
	require.NoError(t, s.EraseBeneficiary(ctx, b.ID))

	entries := auditOf(t, s, store.EntityBeneficiary, string(b.ID))
	require.Len(t, entries, 3)
	assert.Equal(t, []string{"create", "update", "erase"}, []string{entries[0].Action, entries[1].Action, entries[2].Action})
	personal := []string{"gender", "birth_year", "age_band", "region", "target_groups", "reference", "household", "consent_date", "retain_until"}
	values := []string{"female", "65+", "HR025", "HR050", "roma", "lgbtiq", "people_with_disabilities", "KZ-SECRET-0042", "2019-03-01", "2030-12-31"}
	for _, e := range entries {
		for _, raw := range [][]byte{e.Before, e.After} {
			m := jsonMap(t, raw)
			for _, k := range personal {
				assert.NotContains(t, m, k, "%s entry holds %s", e.Action, k)
			}
			for _, v := range values {
				assert.NotContains(t, string(raw), v, "%s entry holds a personal value", e.Action)
			}
		}
	}
	after := jsonMap(t, entries[0].After)
	assert.Equal(t, "ben-audit", after["id"])
	assert.Equal(t, "org-audit", after["org_id"])
	assert.Equal(t, float64(1), after["version"])
	erased := jsonMap(t, entries[2].After)
	assert.Equal(t, true, erased["erased"])
	assert.Equal(t, float64(3), erased["version"])

	// Nothing anywhere in the log (attendance entries included) carries
	// the attributes.
	for _, e := range auditOf(t, s, "", "") {
		raw := string(e.Before) + string(e.After)
		for _, v := range []string{"female", "65+", "KZ-SECRET-0042", "HR025", "lgbtiq"} {
			assert.False(t, strings.Contains(raw, v), "%s %s entry holds a personal value", e.Action, e.Entity)
		}
	}
}
