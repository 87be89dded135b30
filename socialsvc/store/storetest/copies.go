package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func copyTests() []test {
	return []test{
		{name: "StoreSharesNoMemoryWithCallers", fn: testCopies},
		{name: "BeneficiarySharesNoMemory", fn: testCopiesBeneficiary, ben: true},
	}
}

// testCopies mutates what was passed in and what came out: the stored
// records do not change.
func testCopies(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := newProject(1)
	p.Regions = []socialsvc.Region{{Code: "HR025", Version: socialsvc.NUTS2021}}
	p.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth, socialsvc.TGElderly}
	p.Title = socialsvc.I18n{"sl": "Naslov", "hr": "Naslov", "en": "Title"}
	p.Languages = []socialsvc.Lang{"sl", "hr"}
	require.NoError(t, s.CreateProject(ctx, &p))
	want, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)

	p.Regions[0].Code = "XX000"
	p.TargetGroups[1] = "changed"
	p.Periods[0].Number = 99
	p.Title["sl"], p.Title["sq"] = "changed", "added"
	p.Languages[0] = "sq"
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, want, got, "mutating the input after Create")
	// Texts are maps: compared with the values written, since a shared
	// map would change want too.
	title := socialsvc.I18n{"sl": "Naslov", "hr": "Naslov", "en": "Title"}
	require.Equal(t, title, got.Title, "mutating the input's text after Create")
	require.Equal(t, []socialsvc.Lang{"sl", "hr"}, got.Languages, "mutating the input's languages after Create")

	got.Regions[0].Code = "XX000"
	got.TargetGroups[0] = "changed"
	got.Periods[1].Number = 98
	got.TargetGroups = append(got.TargetGroups[:1], "appended")
	got.Title["hr"] = "changed"
	delete(got.Title, "en")
	got.Languages[1] = "sq"
	again, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, want, again, "mutating a returned project")
	require.Equal(t, title, again.Title, "mutating a returned project's text")
	require.Equal(t, []socialsvc.Lang{"sl", "hr"}, again.Languages, "mutating a returned project's languages")

	pg, err := s.ListProjects(ctx, store.ProjectFilter{})
	require.NoError(t, err)
	pg.Items[0].TargetGroups[0] = "changed"
	pg.Items[0].Title["en"] = "changed"
	again, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, want, again, "mutating a listed project")
	require.Equal(t, title, again.Title, "mutating a listed project's text")

	o := newOrg(1)
	o.Region = &socialsvc.Region{Code: "HR050", Version: socialsvc.NUTS2021, Name: "Grad Zagreb"}
	o.Contact = &socialsvc.Contact{Name: "Ured", Email: "ured@example.hr"}
	require.NoError(t, s.CreateOrganisation(ctx, &o))
	wantO, err := s.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	o.Region.Code, o.Contact.Email = "XX000", "changed@example.hr"
	gotO, err := s.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	same(t, wantO, gotO, "mutating the organisation's pointers after Create")
	gotO.Region.Name, gotO.Contact.Name = "changed", "changed"
	gotO2, err := s.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	same(t, wantO, gotO2, "mutating a returned organisation's pointers")

	lead := f.partner(p.ID, socialsvc.RoleLead)
	p2 := f.partner(p.ID, socialsvc.RolePartner)
	e := newEvent(p.ID, 1)
	e.CoOrganisers = []socialsvc.PartnerID{lead.ID, p2.ID}
	require.NoError(t, s.CreateEvent(ctx, &e))
	e.CoOrganisers[0] = "changed"
	gotE, err := s.GetEvent(ctx, e.ID)
	require.NoError(t, err)
	require.Equal(t, []socialsvc.PartnerID{lead.ID, p2.ID}, gotE.CoOrganisers)
	gotE.CoOrganisers[1] = "changed"
	gotE2, err := s.GetEvent(ctx, e.ID)
	require.NoError(t, err)
	require.Equal(t, []socialsvc.PartnerID{lead.ID, p2.ID}, gotE2.CoOrganisers)

	fu := f.fund()
	x := socialsvc.Partner{ProjectID: p.ID, OrgID: f.org().ID, Role: socialsvc.RolePartner, Number: 50,
		Funding: []socialsvc.CoFinancing{{FundID: fu.ID, RatePercent: dec("85")}}}
	require.NoError(t, s.CreatePartner(ctx, &x))
	x.Funding[0].FundID = "changed"
	gotX, err := s.GetPartner(ctx, x.ID)
	require.NoError(t, err)
	require.Equal(t, fu.ID, gotX.Funding[0].FundID)

	i := newIndicator(p.ID, 1)
	i.Source, i.Computation = socialsvc.SourceComputed, socialsvc.CountEvents
	i.EventTypes = []socialsvc.EventType{socialsvc.EventWorkshop}
	require.NoError(t, s.CreateIndicator(ctx, &i))
	i.EventTypes[0] = "changed"
	gotI, err := s.GetIndicator(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, []socialsvc.EventType{socialsvc.EventWorkshop}, gotI.EventTypes)
}

func testCopiesBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	b := newBeneficiary(org.ID)
	b.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth, socialsvc.TGRoma}
	require.NoError(t, s.CreateBeneficiary(ctx, &b))
	want, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	b.TargetGroups[0] = "changed"
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, want, got)
	got.TargetGroups[1] = "changed"
	pg, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	same(t, want, pg.Items[0])
	pg.Items[0].TargetGroups[0] = "changed"
	for x, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{}) {
		require.NoError(t, err)
		same(t, want, x)
		x.TargetGroups[0] = "changed"
	}
	got, err = s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, want, got)
}
