package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func validationTests() []test {
	return []test{
		{name: "InvalidInputWritesNothing", fn: testValidation},
		{name: "Beneficiary", fn: testValidationBeneficiary, ben: true},
		{name: "Attendance", fn: testValidationAttendance, ben: true},
		{name: "OrganisationTaxID", fn: testValidationTaxID},
	}
}

// testValidation creates invalid records of every kind: each fails with
// code invalid naming the field, and nothing is written.
func testValidation(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	other := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	foreign := f.partner(other.ID, socialsvc.RoleLead)
	assoc := f.partner(p.ID, socialsvc.RoleAssociated)
	w := f.workPackage(p.ID)
	ind := f.indicator(p.ID)
	before := auditCount(t, s)

	type tc struct {
		name  string
		field string
		write func() error
		count func() int
	}
	projects := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Project], error) {
			return s.ListProjects(ctx, store.ProjectFilter{ListOptions: o})
		})
	}
	partners := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
			return s.ListPartners(ctx, store.PartnerFilter{ListOptions: o})
		})
	}
	events := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Event], error) {
			return s.ListEvents(ctx, store.EventFilter{ListOptions: o})
		})
	}
	budget := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.BudgetLine], error) {
			return s.ListBudgetLines(ctx, store.BudgetFilter{ListOptions: o})
		})
	}
	expenditure := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Expenditure], error) {
			return s.ListExpenditure(ctx, store.ExpenditureFilter{ListOptions: o})
		})
	}
	indicators := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Indicator], error) {
			return s.ListIndicators(ctx, store.ProjectScope{ListOptions: o})
		})
	}
	measurements := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Measurement], error) {
			return s.ListMeasurements(ctx, store.MeasurementFilter{ListOptions: o})
		})
	}
	orgs := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Organisation], error) {
			return s.ListOrganisations(ctx, store.OrgFilter{ListOptions: o})
		})
	}
	wps := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.WorkPackage], error) {
			return s.ListWorkPackages(ctx, store.ProjectScope{ListOptions: o})
		})
	}
	activities := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Activity], error) {
			return s.ListActivities(ctx, store.ProjectScope{ListOptions: o})
		})
	}
	funds := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Fund], error) {
			return s.ListFunds(ctx, o)
		})
	}
	tests := []tc{
		{"project end before start", "end", func() error {
			x := newProject(90)
			x.Start, x.End = d("2020-08-31"), d("2018-09-01")
			return s.CreateProject(ctx, &x)
		}, projects},
		{"project without acronym", "acronym", func() error {
			x := newProject(91)
			x.Acronym = ""
			return s.CreateProject(ctx, &x)
		}, projects},
		{"project with unknown currency", "currency", func() error {
			x := newProject(92)
			x.Currency = "XXX"
			return s.CreateProject(ctx, &x)
		}, projects},
		{"organisation with bad OIB", "tax_id", func() error {
			x := newOrg(90)
			x.TaxID = "12345678901"
			return s.CreateOrganisation(ctx, &x)
		}, orgs},
		{"organisation with an IATI identifier of no known prefix", "iati_ref", func() error {
			x := newOrg(92)
			x.IATIRef = "HR-TAX-12345678903"
			return s.CreateOrganisation(ctx, &x)
		}, orgs},
		{"organisation with an OIB identifier that fails its check digit", "iati_ref", func() error {
			x := newOrg(93)
			x.IATIRef = "HR-OIB-12345678901"
			return s.CreateOrganisation(ctx, &x)
		}, orgs},
		{"fund with an IATI identifier of no known prefix", "iati_ref", func() error {
			x := newFund()
			x.IATIRef = "EU-REGIO"
			return s.CreateFund(ctx, &x)
		}, funds},
		{"project whose extension does not end on its end", "modifications[0].new_end", func() error {
			x := newProject(93)
			x.Modifications = []socialsvc.Modification{{Date: x.Start, PreviousEnd: x.Start, NewEnd: x.Start.AddDays(1)}}
			return s.CreateProject(ctx, &x)
		}, projects},
		{"organisation without name", "name", func() error {
			x := newOrg(91)
			x.Name = ""
			return s.CreateOrganisation(ctx, &x)
		}, orgs},
		{"fund without code", "code", func() error {
			x := newFund()
			x.Code = ""
			return s.CreateFund(ctx, &x)
		}, funds},
		{"partner of a missing project", "project_id", func() error {
			x := socialsvc.Partner{ProjectID: "prj_missing", OrgID: org.ID, Role: socialsvc.RolePartner, Number: 9}
			return s.CreatePartner(ctx, &x)
		}, partners},
		{"partner of a missing organisation", "org_id", func() error {
			x := socialsvc.Partner{ProjectID: p.ID, OrgID: "org_missing", Role: socialsvc.RolePartner, Number: 9}
			return s.CreatePartner(ctx, &x)
		}, partners},
		{"work package lead from another project", "lead_partner", func() error {
			x := socialsvc.WorkPackage{ProjectID: p.ID, Code: "T9", Title: socialsvc.I18n{"en": "x"}, LeadPartner: foreign.ID}
			return s.CreateWorkPackage(ctx, &x)
		}, wps},
		{"activity of a missing work package", "work_package_id", func() error {
			x := socialsvc.Activity{ProjectID: p.ID, WorkPackageID: "wp_missing", Code: "T9.1", Title: socialsvc.I18n{"en": "x"}}
			return s.CreateActivity(ctx, &x)
		}, activities},
		{"activity in a work package of another project", "work_package_id", func() error {
			x := socialsvc.Activity{ProjectID: other.ID, WorkPackageID: w.ID, Code: "T9.2", Title: socialsvc.I18n{"en": "x"}}
			return s.CreateActivity(ctx, &x)
		}, activities},
		{"event of a missing project", "project_id", func() error {
			x := newEvent("prj_missing", 90)
			return s.CreateEvent(ctx, &x)
		}, events},
		{"event organised by a missing partner", "organiser", func() error {
			x := newEvent(p.ID, 91)
			x.Organiser = "ptn_missing"
			return s.CreateEvent(ctx, &x)
		}, events},
		{"event co-organised by a partner of another project", "co_organisers[1]", func() error {
			x := newEvent(p.ID, 92)
			x.CoOrganisers = []socialsvc.PartnerID{lead.ID, foreign.ID}
			return s.CreateEvent(ctx, &x)
		}, events},
		{"event of a missing activity", "activity_id", func() error {
			x := newEvent(p.ID, 93)
			x.ActivityID = "act_missing"
			return s.CreateEvent(ctx, &x)
		}, events},
		{"budget line of an unknown partner", "partner_id", func() error {
			x := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: "ptn_missing", Category: socialsvc.CatStaff, Period: 1, Amount: eur("10.00")}
			return s.CreateBudgetLine(ctx, &x)
		}, budget},
		{"budget line of a partner of another project", "partner_id", func() error {
			x := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: foreign.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("10.00")}
			return s.CreateBudgetLine(ctx, &x)
		}, budget},
		{"budget line entered as computed", "computed", func() error {
			x := socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("10.00"), Computed: true}
			return s.CreateBudgetLine(ctx, &x)
		}, budget},
		{"expenditure of an unknown partner", "partner_id", func() error {
			x := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: "ptn_missing", Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("1.00")}
			return s.CreateExpenditure(ctx, &x)
		}, expenditure},
		{"expenditure of an associated partner", "partner_id", func() error {
			x := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: assoc.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("1.00")}
			return s.CreateExpenditure(ctx, &x)
		}, expenditure},
		{"expenditure in a currency without a rate", "amount.currency", func() error {
			x := socialsvc.Expenditure{ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: socialsvc.MustMoney("10.00", "CHF")}
			return s.CreateExpenditure(ctx, &x)
		}, expenditure},
		{"indicator of a missing project", "project_id", func() error {
			x := newIndicator("prj_missing", 90)
			return s.CreateIndicator(ctx, &x)
		}, indicators},
		{"indicator depending on a missing one", "depends_on", func() error {
			x := newIndicator(p.ID, 91)
			x.DependsOn = "ind_missing"
			return s.CreateIndicator(ctx, &x)
		}, indicators},
		{"measurement of a missing indicator", "indicator_id", func() error {
			x := socialsvc.Measurement{IndicatorID: "ind_missing", Period: 1, Value: dec("1"), Source: socialsvc.SourceEntered, Evidence: "x"}
			return s.CreateMeasurement(ctx, &x)
		}, measurements},
		{"measurement in a period the project does not have", "period", func() error {
			x := socialsvc.Measurement{IndicatorID: ind.ID, Period: 7, Value: dec("1"), Source: socialsvc.SourceEntered, Evidence: "x"}
			return s.CreateMeasurement(ctx, &x)
		}, measurements},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.count()
			requireInvalid(t, tc.write(), tc.field)
			assert.Equal(t, n, tc.count(), "nothing is written")
		})
	}
	assert.Equal(t, before, auditCount(t, s), "failed writes leave no audit entry")

	// An invalid update changes nothing either.
	q := p
	q.End = d("2017-01-01")
	requireInvalid(t, s.UpdateProject(ctx, &q), "end")
	got, err := s.GetProject(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
}

func testValidationBeneficiary(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	benCount := func() int {
		return count(t, func(o store.ListOptions) (store.Page[socialsvc.Beneficiary], error) {
			return s.ListBeneficiaries(ctx, store.BeneficiaryFilter{ListOptions: o})
		})
	}
	tests := []struct {
		name  string
		field string
		mod   func(*socialsvc.Beneficiary)
	}{
		{"without legal basis", "legal_basis", func(b *socialsvc.Beneficiary) { b.LegalBasis = "" }},
		{"with an unknown legal basis", "legal_basis", func(b *socialsvc.Beneficiary) { b.LegalBasis = "because" }},
		{"without retention date", "retain_until", func(b *socialsvc.Beneficiary) { b.RetainUntil = socialsvc.Date{} }},
		{"of a missing organisation", "org_id", func(b *socialsvc.Beneficiary) { b.OrgID = "org_missing" }},
		{"of a missing project", "project_id", func(b *socialsvc.Beneficiary) { b.ProjectID = "prj_missing" }},
		{"with an unknown gender", "gender", func(b *socialsvc.Beneficiary) { b.Gender = "x" }},
		{"created erased", "erased", func(b *socialsvc.Beneficiary) { b.Erased = true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBeneficiary(org.ID)
			tc.mod(&b)
			requireInvalid(t, s.CreateBeneficiary(ctx, &b), tc.field)
			assert.Empty(t, b.ID, "a failed create leaves the input as it was")
			assert.Equal(t, 0, benCount(), "nothing is written")
		})
	}
	// An invalid update changes nothing.
	b := f.beneficiary(org.ID, func(b *socialsvc.Beneficiary) { b.Gender = socialsvc.GenderFemale })
	c := b
	c.LegalBasis = ""
	c.Gender = socialsvc.GenderMale
	requireInvalid(t, s.UpdateBeneficiary(ctx, &c), "legal_basis")
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	same(t, b, got)
}

func testValidationAttendance(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	org := f.org()
	p := f.project()
	e := f.event(p.ID)
	b := f.beneficiary(org.ID)
	for _, tc := range []struct {
		name, field string
		a           socialsvc.Attendance
	}{
		{"missing event", "event_id", socialsvc.Attendance{EventID: "evt_missing", BeneficiaryID: b.ID}},
		{"missing beneficiary", "beneficiary_id", socialsvc.Attendance{EventID: e.ID, BeneficiaryID: "ben_missing"}},
		{"no event", "event_id", socialsvc.Attendance{BeneficiaryID: b.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireInvalid(t, s.CreateAttendance(ctx, &tc.a), tc.field)
			pg, err := s.ListAttendance(ctx, store.AttendanceFilter{})
			require.NoError(t, err)
			assert.Empty(t, pg.Items)
		})
	}
}

func testValidationTaxID(t *testing.T, s store.Store) {
	ctx := t.Context()
	for _, tc := range []struct {
		country, taxID string
		ok             bool
	}{
		{"HR", oib("6983076385"), true},
		{"HR", "HR" + oib("5555555555"), true},
		{"HR", badCheckDigit(oib("6983076385")), false},
		{"HR", "1234567890", false},
		{"SI", siTax("1234567"), true},
		{"SI", "12345678", false},
		{"RS", "100000001-any", true}, // no checksum rule: accepted
	} {
		o := newOrg(1)
		o.Country, o.TaxID = tc.country, tc.taxID
		err := s.CreateOrganisation(ctx, &o)
		if tc.ok {
			assert.NoError(t, err, "%s %s", tc.country, o.TaxID)
		} else {
			requireInvalid(t, err, "tax_id")
		}
	}
}

// badCheckDigit returns id with its last digit changed.
func badCheckDigit(id string) string {
	last := id[len(id)-1]
	return id[:len(id)-1] + string(rune('0'+(last-'0'+1)%10))
}

// siTax returns a valid Slovenian tax number for seven leading digits.
func siTax(first7 string) string {
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(first7[i]-'0') * (8 - i)
	}
	check := 11 - sum%11
	if check == 10 {
		check = 0
	}
	return first7 + string(rune('0'+check))
}
