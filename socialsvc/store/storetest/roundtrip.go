package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Text with every Croatian letter and an emoji, in both cases.
const (
	hrLetters = "čćđšž ČĆĐŠŽ"
	emoji     = "🎉"
)

func roundTripTests() []test {
	return []test{
		{name: "Organisation", fn: testRoundTripOrganisation},
		{name: "Fund", fn: testRoundTripFund},
		{name: "Project", fn: testRoundTripProject},
		{name: "ProjectMinimal", fn: testRoundTripProjectMinimal},
		{name: "Partner", fn: testRoundTripPartner},
		{name: "WorkPackageAndActivity", fn: testRoundTripPlan},
		{name: "Event", fn: testRoundTripEvent},
		{name: "Beneficiary", fn: testRoundTripBeneficiary, ben: true},
		{name: "Attendance", fn: testRoundTripAttendance, ben: true},
		{name: "IndicatorAndMeasurement", fn: testRoundTripIndicator},
		{name: "BudgetLine", fn: testRoundTripBudget},
		{name: "Expenditure", fn: testRoundTripExpenditure},
		{name: "Rate", fn: testRoundTripRate},
		{name: "UpdateBumpsVersion", fn: testUpdateBumpsVersion},
		{name: "CallerSuppliedID", fn: testCallerID},
		{name: "Ping", fn: func(t *testing.T, s store.Store) { require.NoError(t, s.Ping(t.Context())) }},
	}
}

func testRoundTripOrganisation(t *testing.T, s store.Store) {
	ctx := t.Context()
	full := socialsvc.Organisation{
		Name:        "Centar za socijalnu skrb Čakovec " + hrLetters + " " + emoji,
		ShortName:   "CZSS Čakovec",
		LegalStatus: socialsvc.LegalPublicBody,
		Country:     "HR",
		TaxID:       oib("1234567890"),
		IATIRef:     "HR-OIB-" + oib("1234567890"),
		Region:      &socialsvc.Region{Code: "HR061", Version: socialsvc.NUTS2021, Name: "Međimurska županija"},
		City:        "Čakovec",
		Website:     "https://czss-cakovec.example.hr",
		Contact:     &socialsvc.Contact{Name: "Ana Kovačić", Email: "info@czss-cakovec.example.hr", Phone: "+385 40 123 456"},
	}
	minimal := socialsvc.Organisation{Name: "Peaceful Change initiative", LegalStatus: socialsvc.LegalNGO, Country: "GB"}
	for _, o := range []socialsvc.Organisation{full, minimal} {
		in := o
		require.NoError(t, s.CreateOrganisation(ctx, &in))
		requireStamped(t, string(in.ID), in.Version, in.CreatedAt, in.UpdatedAt)
		assert.Regexp(t, `^org_[0-9a-f]{16}$`, in.ID)
		got, err := s.GetOrganisation(ctx, in.ID)
		require.NoError(t, err)
		same(t, in, got)
		// The input fields are what was stored.
		o.ID, o.Version, o.CreatedAt, o.UpdatedAt = in.ID, 1, in.CreatedAt, in.UpdatedAt
		same(t, o, got)
	}
	got, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	assert.Len(t, got.Items, 2)
	assert.Empty(t, got.NextCursor)
	for _, o := range got.Items {
		if o.Country == "GB" {
			assert.Nil(t, o.Region, "an absent region stays absent")
			assert.Nil(t, o.Contact, "an absent contact stays absent")
			assert.Empty(t, o.TaxID)
			assert.Empty(t, o.IATIRef)
			assert.Empty(t, o.ShortName)
		}
	}
}

func testRoundTripFund(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := socialsvc.Fund{
		Code: "ESF+", Name: socialsvc.I18n{"hr": "Europski socijalni fond plus " + hrLetters, "en": "European Social Fund Plus " + emoji},
		Kind: socialsvc.FundEU, MaxRatePercent: dec("33.3333"), IATIRef: "XI-IATI-EC_NEAR",
	}
	require.NoError(t, s.CreateFund(ctx, &f))
	requireStamped(t, string(f.ID), f.Version, f.CreatedAt, f.UpdatedAt)
	assert.Regexp(t, `^fund_[0-9a-f]{16}$`, f.ID)
	got, err := s.GetFund(ctx, f.ID)
	require.NoError(t, err)
	same(t, f, got)
	assert.Equal(t, "33.3333", got.MaxRatePercent.String())
	assert.Equal(t, "XI-IATI-EC_NEAR", got.IATIRef)

	pg, err := s.ListFunds(ctx, store.ListOptions{})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	same(t, f, pg.Items[0])
}

func testRoundTripProject(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := socialsvc.Project{
		Acronym: "2SoKroG " + emoji,
		Title: socialsvc.I18n{"sl": "Socialna kohezija: čšž ČŠŽ", "hr": "Socijalna kohezija: " + hrLetters, "en": "Social cohesion 🎉",
			"sr-Latn": "Socijalna kohezija: ćđ", "sq": "Kohezioni social: ëç"},
		Description:       socialsvc.I18n{"hr": "Opis projekta\nu dva retka — đak"},
		Languages:         []socialsvc.Lang{"sl", "hr", "en"},
		Programme:         "Interreg V-A Slovenija–Hrvatska 2014–2020",
		Call:              "Drugi poziv",
		PriorityAxis:      "3",
		SpecificObjective: "TO11",
		Start:             d("2018-09-01"),
		End:               d("2020-10-31"),
		// Two extensions, chained from the contracted end.
		Modifications: []socialsvc.Modification{
			{Date: d("2020-06-15"), PreviousEnd: d("2020-08-31"), NewEnd: d("2020-09-30"), Reason: "COVID-19: završna konferencija " + hrLetters, Reference: "Aneks 1"},
			{Date: d("2020-09-10"), PreviousEnd: d("2020-09-30"), NewEnd: d("2020-10-31")},
		},
		Status:   socialsvc.StatusDraft,
		Currency: socialsvc.EUR,
		// Not in code order: the order given is kept.
		Regions: []socialsvc.Region{
			{Code: "SI032", Version: socialsvc.NUTS2021, Name: "Podravska"},
			{Code: "HR061", Version: socialsvc.NUTS2021, Name: "Međimurska županija"},
			{Code: "HR044", Version: socialsvc.NUTS2016, Name: "Varaždinska županija"},
		},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGRoma, socialsvc.TGElderly, socialsvc.TGDisability},
		Periods: []socialsvc.Period{
			{Number: 1, Start: d("2018-09-01"), End: d("2019-02-28")},
			{Number: 2, Start: d("2019-03-01"), End: d("2019-08-31")},
			{Number: 3, Start: d("2019-09-01"), End: d("2020-08-31")},
		},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}},
		Website:   "https://www.si-hr.eu/2sokrog",
	}
	in := p
	require.NoError(t, s.CreateProject(ctx, &in))
	requireStamped(t, string(in.ID), in.Version, in.CreatedAt, in.UpdatedAt)
	assert.Regexp(t, `^prj_[0-9a-f]{16}$`, in.ID)
	got, err := s.GetProject(ctx, in.ID)
	require.NoError(t, err)
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = in.ID, 1, in.CreatedAt, in.UpdatedAt
	same(t, p, got)
	assert.Equal(t, []string{"SI032", "HR061", "HR044"}, []string{got.Regions[0].Code, got.Regions[1].Code, got.Regions[2].Code})
	assert.Equal(t, socialsvc.NUTS2016, got.Regions[2].Version)
	assert.Equal(t, []socialsvc.TargetGroup{"roma", "elderly", "people_with_disabilities"}, got.TargetGroups)
	assert.Equal(t, "15", got.FlatRates[0].RatePercent.String())
	assert.Equal(t, d("2019-03-01"), got.Periods[1].Start)
	require.Len(t, got.Modifications, 2)
	assert.Equal(t, d("2020-08-31"), got.ContractEnd())
	assert.Equal(t, "Aneks 1", got.Modifications[0].Reference)
	assert.Empty(t, got.Modifications[1].Reason)
	assert.Equal(t, "Opis projekta\nu dva retka — đak", got.Description["hr"])
	assert.Equal(t, []socialsvc.Lang{"hr"}, got.Description.Langs())
	// Texts in any number of languages, and the project's own languages
	// in their order, which is the order texts fall back in.
	assert.Equal(t, []socialsvc.Lang{"en", "hr", "sl", "sq", "sr-Latn"}, got.Title.Langs())
	assert.Equal(t, "Socialna kohezija: čšž ČŠŽ", got.Title["sl"])
	assert.Equal(t, "Socijalna kohezija: ćđ", got.Title["sr-Latn"])
	assert.Equal(t, []socialsvc.Lang{"sl", "hr", "en"}, got.Languages)
	assert.Equal(t, "Opis projekta\nu dva retka — đak", got.Description.In("sl", got.Languages...), "sl falls back to hr, the project's next language")

	pg, err := s.ListProjects(ctx, store.ProjectFilter{})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	same(t, p, pg.Items[0])
}

func testRoundTripProjectMinimal(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := socialsvc.Project{Acronym: "ALVED", Title: socialsvc.I18n{"en": "Amplifying Local Voices for Equitable Development"}, Start: d("2021-01-01"), End: d("2021-12-31")}
	require.NoError(t, s.CreateProject(ctx, &p))
	assert.Equal(t, socialsvc.StatusDraft, p.Status, "empty status defaults to draft")
	assert.Equal(t, socialsvc.EUR, p.Currency, "empty currency defaults to EUR")
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
	assert.Empty(t, got.Regions)
	assert.Empty(t, got.TargetGroups)
	assert.Empty(t, got.Periods)
	assert.Empty(t, got.FlatRates)
	assert.Empty(t, got.Modifications)
	assert.Equal(t, got.End, got.ContractEnd())
	assert.Empty(t, got.Title["hr"])
	assert.Nil(t, got.Description, "an empty text reads back as nil")
	assert.Empty(t, got.Languages)
	assert.Empty(t, got.Programme)
	assert.Empty(t, got.Website)

	// A project reporting in another currency (seed 001: a UK fund).
	gbp := socialsvc.Project{Acronym: "CSSF", Title: socialsvc.I18n{"en": "UK fund"}, Start: d("2021-01-01"), End: d("2021-12-31"), Currency: "GBP"}
	require.NoError(t, s.CreateProject(ctx, &gbp))
	got, err = s.GetProject(ctx, gbp.ID)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.Currency("GBP"), got.Currency)
}

func testRoundTripPartner(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	org := f.org()
	erdf := f.fund()
	nat := f.fund(func(x *socialsvc.Fund) {
		x.Code, x.Name, x.Kind, x.MaxRatePercent = "HR-DP", socialsvc.I18n{"hr": "Državni proračun"}, socialsvc.FundNational, dec("15")
	})
	in := socialsvc.Partner{ProjectID: p.ID, OrgID: org.ID, Role: socialsvc.RoleLead, Number: 1,
		Funding: []socialsvc.CoFinancing{{FundID: nat.ID, RatePercent: dec("7.5")}, {FundID: erdf.ID, RatePercent: dec("85")}}}
	want := in
	require.NoError(t, s.CreatePartner(ctx, &in))
	requireStamped(t, string(in.ID), in.Version, in.CreatedAt, in.UpdatedAt)
	assert.Regexp(t, `^ptn_[0-9a-f]{16}$`, in.ID)
	got, err := s.GetPartner(ctx, in.ID)
	require.NoError(t, err)
	want.ID, want.Version, want.CreatedAt, want.UpdatedAt = in.ID, 1, in.CreatedAt, in.UpdatedAt
	same(t, want, got)
	require.Len(t, got.Funding, 2)
	assert.Equal(t, nat.ID, got.Funding[0].FundID, "funding keeps its order")
	assert.Equal(t, "7.5", got.Funding[0].RatePercent.String())
	assert.Equal(t, erdf.ID, got.Funding[1].FundID)

	// A partner without funding (an associated partner) and number 0.
	assoc := socialsvc.Partner{ProjectID: p.ID, OrgID: f.org().ID, Role: socialsvc.RoleAssociated, Number: 0}
	require.NoError(t, s.CreatePartner(ctx, &assoc))
	got, err = s.GetPartner(ctx, assoc.ID)
	require.NoError(t, err)
	same(t, assoc, got)
	assert.Empty(t, got.Funding)
	assert.Equal(t, 0, got.Number)
}

func testRoundTripPlan(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	w := socialsvc.WorkPackage{ProjectID: p.ID, Code: "T3", Title: socialsvc.I18n{"hr": "Provedba — " + hrLetters, "en": "Implementation " + emoji}, LeadPartner: lead.ID}
	require.NoError(t, s.CreateWorkPackage(ctx, &w))
	requireStamped(t, string(w.ID), w.Version, w.CreatedAt, w.UpdatedAt)
	assert.Regexp(t, `^wp_[0-9a-f]{16}$`, w.ID)
	gw, err := s.GetWorkPackage(ctx, w.ID)
	require.NoError(t, err)
	same(t, w, gw)

	w2 := socialsvc.WorkPackage{ProjectID: p.ID, Code: "M", Title: socialsvc.I18n{"en": "Management"}}
	require.NoError(t, s.CreateWorkPackage(ctx, &w2))
	gw2, err := s.GetWorkPackage(ctx, w2.ID)
	require.NoError(t, err)
	assert.Empty(t, gw2.LeadPartner)

	a := socialsvc.Activity{ProjectID: p.ID, WorkPackageID: w.ID, Code: "T3.1", Title: socialsvc.I18n{"hr": "Radionice za stručnjake", "en": "Workshops"}}
	require.NoError(t, s.CreateActivity(ctx, &a))
	requireStamped(t, string(a.ID), a.Version, a.CreatedAt, a.UpdatedAt)
	assert.Regexp(t, `^act_[0-9a-f]{16}$`, a.ID)
	ga, err := s.GetActivity(ctx, a.ID)
	require.NoError(t, err)
	same(t, a, ga)

	wps, err := s.ListWorkPackages(ctx, store.ProjectScope{ProjectID: p.ID})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{string(w.ID), string(w2.ID)}, ids(wps.Items, func(w *socialsvc.WorkPackage) string { return string(w.ID) }))
	acts, err := s.ListActivities(ctx, store.ProjectScope{ProjectID: p.ID})
	require.NoError(t, err)
	require.Len(t, acts.Items, 1)
	same(t, a, acts.Items[0])
}

func testRoundTripEvent(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	p1 := f.partner(p.ID, socialsvc.RoleLead)
	p2 := f.partner(p.ID, socialsvc.RolePartner)
	p3 := f.partner(p.ID, socialsvc.RolePartner)
	w := f.workPackage(p.ID)
	a := f.activity(w)
	e := socialsvc.Event{
		ProjectID: p.ID, ActivityID: a.ID, Type: socialsvc.EventConference,
		Title: socialsvc.I18n{"hr": "Završna konferencija " + hrLetters, "en": "Final conference " + emoji},
		Start: d("2020-06-17"), End: d("2020-06-18"), Place: "Ptuj", Country: "SI",
		Organiser: p1.ID, CoOrganisers: []socialsvc.PartnerID{p3.ID, p2.ID},
		ReportedParticipants: 180,
	}
	want := e
	require.NoError(t, s.CreateEvent(ctx, &e))
	requireStamped(t, string(e.ID), e.Version, e.CreatedAt, e.UpdatedAt)
	assert.Regexp(t, `^evt_[0-9a-f]{16}$`, e.ID)
	got, err := s.GetEvent(ctx, e.ID)
	require.NoError(t, err)
	want.ID, want.Version, want.CreatedAt, want.UpdatedAt = e.ID, 1, e.CreatedAt, e.UpdatedAt
	same(t, want, got)
	assert.Equal(t, []socialsvc.PartnerID{p3.ID, p2.ID}, got.CoOrganisers, "co-organisers keep their order")

	// A one-day online event with no end, place or organiser.
	o := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventInfoDay, Title: socialsvc.I18n{"hr": "Info dan"}, Start: d("2019-05-05"), Online: true}
	require.NoError(t, s.CreateEvent(ctx, &o))
	got, err = s.GetEvent(ctx, o.ID)
	require.NoError(t, err)
	same(t, o, got)
	assert.True(t, got.End.IsZero())
	assert.True(t, got.Online)
	assert.Empty(t, got.CoOrganisers)
	assert.Empty(t, got.Organiser)
	assert.Zero(t, got.ReportedParticipants)
}

func testRoundTripBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	b := socialsvc.Beneficiary{
		OrgID: org.ID, ProjectID: p.ID, Reference: "KZ-2019/042-č", Household: true,
		Gender: socialsvc.GenderFemale, BirthYear: 1957, Region: "HR025",
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGRoma, socialsvc.TGElderly, "own_local_group"},
		LegalBasis:   socialsvc.BasisConsent, ConsentDate: d("2019-03-01"), RetainUntil: d("2030-12-31"),
	}
	want := b
	require.NoError(t, s.CreateBeneficiary(ctx, &b))
	requireStamped(t, string(b.ID), b.Version, b.CreatedAt, b.UpdatedAt)
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	want.ID, want.Version, want.CreatedAt, want.UpdatedAt = b.ID, 1, b.CreatedAt, b.UpdatedAt
	same(t, want, got)
	assert.Equal(t, []socialsvc.TargetGroup{"roma", "elderly", "own_local_group"}, got.TargetGroups)
	assert.False(t, got.Erased)
	assert.True(t, got.ErasedAt.IsZero())

	// The minimum: no attributes at all.
	m := newBeneficiary(org.ID)
	require.NoError(t, s.CreateBeneficiary(ctx, &m))
	got, err = s.GetBeneficiary(ctx, m.ID)
	require.NoError(t, err)
	same(t, m, got)
	assert.Empty(t, got.ProjectID)
	assert.Empty(t, got.Gender)
	assert.Zero(t, got.BirthYear)
	assert.True(t, got.ConsentDate.IsZero())
	assert.Empty(t, got.TargetGroups)

	pg, err := s.ListBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: org.ID})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{string(b.ID), string(m.ID)}, ids(pg.Items, benIDs))
}

func testRoundTripAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	a := socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID}
	require.NoError(t, s.CreateAttendance(ctx, &a))
	assert.Equal(t, p.ID, a.ProjectID, "the project is taken from the event")
	assert.False(t, a.CreatedAt.IsZero())
	pg, err := s.ListAttendance(ctx, store.AttendanceFilter{EventID: e.ID})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1)
	same(t, a, pg.Items[0])

	var scanned []socialsvc.Attendance
	for x, err := range s.ScanAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID}) {
		require.NoError(t, err)
		scanned = append(scanned, x)
	}
	require.Len(t, scanned, 1)
	same(t, a, scanned[0])

	require.NoError(t, s.DeleteAttendance(ctx, e.ID, b.ID))
	pg, err = s.ListAttendance(ctx, store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Empty(t, pg.Items)
	requireCode(t, s.DeleteAttendance(ctx, e.ID, b.ID), socialsvc.NotFound)
}

func testRoundTripIndicator(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	out := socialsvc.Indicator{
		ProjectID: p.ID, Kind: socialsvc.KindOutput, Code: "RCO83",
		Name: socialsvc.I18n{"hr": "Zajednički razvijene strategije " + hrLetters, "en": "Strategies jointly developed " + emoji},
		Unit: "strategies", Baseline: dec("0"), Target: dec("12.5"), Source: socialsvc.SourceEntered,
	}
	require.NoError(t, s.CreateIndicator(ctx, &out))
	requireStamped(t, string(out.ID), out.Version, out.CreatedAt, out.UpdatedAt)
	assert.Regexp(t, `^ind_[0-9a-f]{16}$`, out.ID)
	got, err := s.GetIndicator(ctx, out.ID)
	require.NoError(t, err)
	same(t, out, got)
	assert.True(t, got.Target.Equal(dec("12.5")))
	assert.Equal(t, "12.5", got.Target.String())
	assert.True(t, got.Baseline.IsZero())

	visits := socialsvc.Indicator{
		ProjectID: p.ID, Kind: socialsvc.KindOutput, Code: "RCO81", Name: socialsvc.I18n{"en": "Participations"},
		Unit: "participations", Baseline: dec("0"), Target: dec("180"), Source: socialsvc.SourceComputed,
		Computation: socialsvc.CountVisits, EventTypes: []socialsvc.EventType{socialsvc.EventWorkshop, socialsvc.EventConference},
	}
	require.NoError(t, s.CreateIndicator(ctx, &visits))
	got, err = s.GetIndicator(ctx, visits.ID)
	require.NoError(t, err)
	same(t, visits, got)
	assert.Equal(t, []socialsvc.EventType{"workshop", "conference"}, got.EventTypes)

	res := socialsvc.Indicator{
		ProjectID: p.ID, Kind: socialsvc.KindResult, Code: "RCR79", Name: socialsvc.I18n{"en": "Joint strategies taken up"},
		Unit: "strategies", Baseline: dec("1.5"), Target: dec("10"), Source: socialsvc.SourceEntered, DependsOn: out.ID,
	}
	require.NoError(t, s.CreateIndicator(ctx, &res))
	got, err = s.GetIndicator(ctx, res.ID)
	require.NoError(t, err)
	same(t, res, got)
	assert.Equal(t, out.ID, got.DependsOn)

	m := socialsvc.Measurement{IndicatorID: out.ID, Period: 1, Value: dec("12.5"), Source: socialsvc.SourceEntered,
		Evidence: "zapisnik sastanka — " + hrLetters, Note: "napomena " + emoji}
	require.NoError(t, s.CreateMeasurement(ctx, &m))
	requireStamped(t, string(m.ID), m.Version, m.CreatedAt, m.UpdatedAt)
	assert.Regexp(t, `^msr_[0-9a-f]{16}$`, m.ID)
	assert.Equal(t, p.ID, m.ProjectID, "the project is taken from the indicator")
	gm, err := s.GetMeasurement(ctx, m.ID)
	require.NoError(t, err)
	same(t, m, gm)
	assert.Equal(t, "12.5", gm.Value.String())

	// Period 0 (not tied to a period) and value 0 are kept.
	z := socialsvc.Measurement{IndicatorID: out.ID, Period: 0, Value: dec("0"), Source: socialsvc.SourceEntered, Evidence: "završno izvješće"}
	require.NoError(t, s.CreateMeasurement(ctx, &z))
	gm, err = s.GetMeasurement(ctx, z.ID)
	require.NoError(t, err)
	same(t, z, gm)
	assert.Equal(t, 0, gm.Period)
	assert.True(t, gm.Value.IsZero())
}

func testRoundTripBudget(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	for _, amount := range []socialsvc.Money{eur("0.01"), eur("999999999.99"), eur("0.00"), eur("564683.66")} {
		l := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatTravel, Period: 1, Amount: amount, Description: "Putni troškovi — " + hrLetters + " " + emoji}
		want := l
		require.NoError(t, s.CreateBudgetLine(ctx, &l))
		requireStamped(t, string(l.ID), l.Version, l.CreatedAt, l.UpdatedAt)
		assert.Regexp(t, `^bud_[0-9a-f]{16}$`, l.ID)
		got, err := s.GetBudgetLine(ctx, l.ID)
		require.NoError(t, err)
		want.ID, want.Version, want.CreatedAt, want.UpdatedAt = l.ID, 1, l.CreatedAt, l.UpdatedAt
		same(t, want, got)
		assert.Equal(t, amount.Cents(), got.Amount.Cents())
		assert.Equal(t, socialsvc.EUR, got.Amount.Currency())
		assert.False(t, got.Computed)
	}

	// A kuna project (before the changeover) keeps its budget in HRK.
	kn := f.project(func(x *socialsvc.Project) { x.Currency = socialsvc.HRK })
	knLead := f.partner(kn.ID, socialsvc.RoleLead)
	for _, amount := range []socialsvc.Money{hrk("0.01"), hrk("999999999.99"), hrk("4254609.06")} {
		l := socialsvc.BudgetLine{ProjectID: kn.ID, PartnerID: knLead.ID, Category: socialsvc.CatStaff, Period: 0, Amount: amount}
		require.NoError(t, s.CreateBudgetLine(ctx, &l))
		got, err := s.GetBudgetLine(ctx, l.ID)
		require.NoError(t, err)
		same(t, l, got)
		assert.Equal(t, amount, got.Amount)
		assert.Equal(t, 0, got.Period)
	}
	pg, err := s.ListBudgetLines(ctx, store.BudgetFilter{ProjectID: kn.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 3)
}

func testRoundTripExpenditure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	tests := []struct {
		amount, converted socialsvc.Money
	}{
		{eur("0.01"), eur("0.01")},
		{eur("999999999.99"), eur("999999999.99")},
		{hrk("0.01"), eur("0.00")},
		{hrk("999999999.99"), eur("132722808.41")},
		{hrk("1234.56"), eur("163.85")},
	}
	for _, tc := range tests {
		e := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatExternal, Period: 1,
			Date: d("2019-01-15"), Description: "Račun br. 12/2019 — " + hrLetters + " " + emoji, Amount: tc.amount}
		require.NoError(t, s.CreateExpenditure(ctx, &e), tc.amount.String())
		requireStamped(t, string(e.ID), e.Version, e.CreatedAt, e.UpdatedAt)
		assert.Regexp(t, `^exp_[0-9a-f]{16}$`, e.ID)
		assert.Equal(t, tc.converted, e.Converted, tc.amount.String())
		got, err := s.GetExpenditure(ctx, e.ID)
		require.NoError(t, err)
		same(t, e, got, tc.amount.String())
		assert.Equal(t, tc.amount, got.Amount)
		assert.Equal(t, tc.converted, got.Converted)
		assert.Equal(t, d("2019-01-15"), got.Date)
		if tc.amount.Currency() == socialsvc.HRK {
			assert.Equal(t, "7.5345", got.Conversion.Rate.String())
			assert.True(t, got.Conversion.Rate.Equal(socialsvc.HRKPerEUR))
			assert.Equal(t, fixtureAgreement, got.Conversion.Source)
			assert.Equal(t, socialsvc.RateBasisContract, got.Conversion.Basis)
		} else {
			assert.True(t, got.Conversion.Rate.Equal(dec("1")), "EUR converts at rate 1")
		}
	}
}

func testRoundTripRate(t *testing.T, s store.Store) {
	ctx := t.Context()
	rates := []socialsvc.Rate{
		{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2022, Month: 12}, Rate: dec("7.53450"), Source: "InforEuro"},
		{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("7.40"), Source: "InforEuro — veljača " + hrLetters},
		{Currency: "GBP", Month: socialsvc.Month{Year: 2021, Month: 3}, Rate: dec("0.8765"), Source: "CSSF grant agreement"},
	}
	for _, r := range rates {
		require.NoError(t, s.PutRate(ctx, r))
	}
	rt, err := s.RateTable(ctx)
	require.NoError(t, err)
	require.Equal(t, 3, rt.Len())
	for _, r := range rates {
		got, ok := rt.Lookup(r.Currency, r.Month)
		require.Truef(t, ok, "rate %s %s", r.Currency, r.Month)
		assert.True(t, got.Rate.Equal(r.Rate), "rate %s: got %s", r.Rate, got.Rate)
		assert.Equal(t, r.Rate.String(), got.Rate.String())
		assert.Equal(t, r.Source, got.Source)
		assert.Equal(t, r.Month, got.Month)
	}
	got, _ := rt.Lookup(socialsvc.HRK, socialsvc.Month{Year: 2022, Month: 12})
	assert.Equal(t, "7.5345", got.Rate.String(), "7.53450 keeps its value")

	// PutRate replaces the rate of the same currency and month.
	require.NoError(t, s.PutRate(ctx, socialsvc.Rate{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: dec("7.4234"), Source: "InforEuro"}))
	rt, err = s.RateTable(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, rt.Len())
	got, ok := rt.Lookup(socialsvc.HRK, socialsvc.Month{Year: 2019, Month: 2})
	require.True(t, ok)
	assert.Equal(t, "7.4234", got.Rate.String())
	assert.Equal(t, "InforEuro", got.Source)
}

func testUpdateBumpsVersion(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := f.project()
	created := p.CreatedAt
	p.Acronym = "NOVO-Đ"
	p.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth}
	require.NoError(t, s.UpdateProject(ctx, &p))
	assert.Equal(t, int64(2), p.Version)
	assert.True(t, p.CreatedAt.Equal(created), "CreatedAt does not change")
	assert.False(t, p.UpdatedAt.Before(created))
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
	assert.Equal(t, "NOVO-Đ", got.Acronym)

	p.TargetGroups = nil
	require.NoError(t, s.UpdateProject(ctx, &p))
	got, err = s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(3), got.Version)
	assert.Empty(t, got.TargetGroups, "a slice emptied by update is empty")

	// Every updatable entity bumps its version.
	o := f.org()
	o.City = "Đakovo"
	require.NoError(t, s.UpdateOrganisation(ctx, &o))
	assert.Equal(t, int64(2), o.Version)
	fu := f.fund()
	fu.MaxRatePercent = dec("80")
	require.NoError(t, s.UpdateFund(ctx, &fu))
	assert.Equal(t, int64(2), fu.Version)
	lead := f.partner(p.ID, socialsvc.RoleLead)
	lead.Number = 7
	require.NoError(t, s.UpdatePartner(ctx, &lead))
	assert.Equal(t, int64(2), lead.Version)
	w := f.workPackage(p.ID)
	w.Code = "C"
	require.NoError(t, s.UpdateWorkPackage(ctx, &w))
	assert.Equal(t, int64(2), w.Version)
	a := f.activity(w)
	a.Code = "C.1"
	require.NoError(t, s.UpdateActivity(ctx, &a))
	assert.Equal(t, int64(2), a.Version)
	e := f.event(p.ID)
	e.Place = "Varaždin"
	require.NoError(t, s.UpdateEvent(ctx, &e))
	assert.Equal(t, int64(2), e.Version)
	b := f.beneficiary(o.ID)
	b.Gender = socialsvc.GenderMale
	require.NoError(t, s.UpdateBeneficiary(ctx, &b))
	assert.Equal(t, int64(2), b.Version)
	i := f.indicator(p.ID)
	i.Target = dec("200.25")
	require.NoError(t, s.UpdateIndicator(ctx, &i))
	assert.Equal(t, int64(2), i.Version)
	m := f.measurement(i.ID, 1, "3")
	m.Value = dec("4.75")
	require.NoError(t, s.UpdateMeasurement(ctx, &m))
	assert.Equal(t, int64(2), m.Version)
	l := f.budget(lead, socialsvc.CatTravel, 1, eur("10.00"))
	l.Amount = eur("20.00")
	require.NoError(t, s.UpdateBudgetLine(ctx, &l))
	assert.Equal(t, int64(2), l.Version)
	x := f.expenditure(lead, socialsvc.CatTravel, 1, "2019-01-10", eur("5.00"))
	x.Amount = eur("6.00")
	require.NoError(t, s.UpdateExpenditure(ctx, &x))
	assert.Equal(t, int64(2), x.Version)
	assert.Equal(t, eur("6.00"), x.Converted)

	gi, err := s.GetIndicator(ctx, i.ID)
	require.NoError(t, err)
	assert.Equal(t, "200.25", gi.Target.String())
	gm, err := s.GetMeasurement(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, "4.75", gm.Value.String())
	gx, err := s.GetExpenditure(ctx, x.ID)
	require.NoError(t, err)
	assert.Equal(t, eur("6.00"), gx.Converted)
}

func testCallerID(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	p := newProject(1)
	p.ID = "2sokrog"
	require.NoError(t, s.CreateProject(ctx, &p))
	assert.Equal(t, socialsvc.ProjectID("2sokrog"), p.ID, "an ID given by the caller is kept")
	got, err := s.GetProject(ctx, "2sokrog")
	require.NoError(t, err)
	assert.Equal(t, p.Acronym, got.Acronym)

	dup := newProject(2)
	dup.ID = "2sokrog"
	requireCode(t, s.CreateProject(ctx, &dup), socialsvc.Conflict, "an ID in use")
	got, err = s.GetProject(ctx, "2sokrog")
	require.NoError(t, err)
	assert.Equal(t, p.Acronym, got.Acronym, "the first project is unchanged")
	_ = f
}
