package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// badIDs are identifiers a caller may try to choose that the one ID rule
// (socialsvc.ValidID) refuses: each is reported as an invalid "id" and
// nothing is stored, by every driver.
var badIDs = []struct{ name, id string }{
	{"path traversal", "../../etc/passwd"},
	{"slash", "a/b"},
	{"dot", "org.1"},
	{"5000 characters", strings.Repeat("a", 5000)},
	{"65 characters", strings.Repeat("a", 65)},
	{"NUL byte", "org\x00admin"},
	{"CRLF header injection", "a\r\nSet-Cookie: x=1"},
	{"space", "grad osijek"},
	{"upper case", "OS-0042"},
	{"Cyrillic look-alike", "grad-оsijek"}, // о is U+043E
	{"combining accent", "osijek\u0301"},
	{"zero-width space", "osi\u200bjek"},
	{"leading hyphen", "-osijek"},
	{"leading underscore", "_osijek"},
	{"percent-encoded slash", "a%2Fb"},
	{"invalid UTF-8", "a\xffb"},
}

func idTests() []test {
	return []test{
		{name: "GoodIDsAreKept", fn: testGoodIDs},
		{name: "OrganisationIDs", fn: testBadOrgIDs},
		{name: "ProjectIDs", fn: testBadProjectIDs},
		{name: "BeneficiaryIDs", fn: testBadBeneficiaryIDs, ben: true},
		{name: "ImportedBeneficiaryIDs", fn: testBadImportedIDs, ben: true},
		{name: "RecordIDs", fn: testBadRecordIDs},
	}
}

func testGoodIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	for _, id := range []string{"2sokrog", "a", "ngo-aktiv", "org_2024-01", strings.Repeat("z", socialsvc.MaxIDLength)} {
		o := f.org(func(o *socialsvc.Organisation) { o.ID = socialsvc.OrgID(id) })
		got, err := s.GetOrganisation(f.ctx, o.ID)
		require.NoError(t, err, id)
		assert.Equal(t, socialsvc.OrgID(id), got.ID)
	}
	generated := f.org()
	assert.True(t, socialsvc.ValidID(string(generated.ID)), "a generated ID follows the rule: %s", generated.ID)
}

// requireBadID asserts that err reports the id field and that nothing was
// stored: the listing has exactly the records of before.
func requireBadID(t *testing.T, err error, name string, before, after []string) {
	t.Helper()
	requireInvalid(t, err, "id")
	for _, fe := range socialsvc.ErrorFields(err) {
		assert.Equal(t, "id", fe.Rule, name)
	}
	assert.Equal(t, before, after, "%s: nothing stored", name)
}

func storedOrgIDs(t *testing.T, s store.Store) []string {
	t.Helper()
	pg, err := s.ListOrganisations(t.Context(), store.OrgFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	var out []string
	for _, o := range pg.Items {
		out = append(out, string(o.ID))
	}
	return out
}

func testBadOrgIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	f.org()
	for _, tc := range badIDs {
		before := storedOrgIDs(t, s)
		o := newOrg(f.next())
		o.ID = socialsvc.OrgID(tc.id)
		err := s.CreateOrganisation(f.ctx, &o)
		requireBadID(t, err, tc.name, before, storedOrgIDs(t, s))
		assert.Equal(t, socialsvc.OrgID(tc.id), o.ID, "%s: the value is left as it was", tc.name)
	}
}

func testBadProjectIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	list := func() []string {
		pg, err := s.ListProjects(f.ctx, store.ProjectFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
		require.NoError(t, err)
		var out []string
		for _, p := range pg.Items {
			out = append(out, string(p.ID))
		}
		return out
	}
	f.project()
	for _, tc := range badIDs {
		before := list()
		p := newProject(f.next())
		p.ID = socialsvc.ProjectID(tc.id)
		requireBadID(t, s.CreateProject(f.ctx, &p), tc.name, before, list())
	}
}

func beneficiaryIDs(t *testing.T, s store.Store, org socialsvc.OrgID) []string {
	t.Helper()
	pg, err := s.ListBeneficiaries(t.Context(), store.BeneficiaryFilter{OrgID: org, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	var out []string
	for _, b := range pg.Items {
		out = append(out, string(b.ID))
	}
	return out
}

func testBadBeneficiaryIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org().ID
	f.beneficiary(org)
	for _, tc := range badIDs {
		before := beneficiaryIDs(t, s, org)
		b := newBeneficiary(org)
		b.ID = socialsvc.BeneficiaryID(tc.id)
		requireBadID(t, s.CreateBeneficiary(f.ctx, &b), tc.name, before, beneficiaryIDs(t, s, org))
	}
}

func testBadImportedIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	org := f.org().ID
	good := newBeneficiary(org)
	good.ID = "os-1"
	bad := newBeneficiary(org)
	bad.ID = "../../etc/passwd"
	n, err := store.ImportBeneficiaries(f.ctx, s, slices.Values([]socialsvc.Beneficiary{good, bad}))
	requireInvalid(t, err, "id")
	assert.Zero(t, n)
	assert.Empty(t, beneficiaryIDs(t, s, org), "all rows or none")
}

// testBadRecordIDs covers the records under a project: each kind refuses
// a traversal, a header injection and upper case.
func testBadRecordIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	p := f.project()
	lead := f.partner(p.ID, socialsvc.RoleLead)
	wp := f.workPackage(p.ID)
	ind := f.indicator(p.ID)
	for _, id := range []string{"../x", "a\r\nSet-Cookie: x=1", "WP1"} {
		pt := socialsvc.Partner{ID: socialsvc.PartnerID(id), ProjectID: p.ID, Role: socialsvc.RolePartner, Number: f.next(), OrgID: f.org().ID}
		requireInvalid(t, s.CreatePartner(f.ctx, &pt), "id")
		w := socialsvc.WorkPackage{ID: socialsvc.WorkPackageID(id), ProjectID: p.ID, Code: "T9", Title: socialsvc.I18n{"en": "x"}}
		requireInvalid(t, s.CreateWorkPackage(f.ctx, &w), "id")
		a := socialsvc.Activity{ID: socialsvc.ActivityID(id), ProjectID: p.ID, WorkPackageID: wp.ID, Code: "T9.1", Title: socialsvc.I18n{"en": "x"}}
		requireInvalid(t, s.CreateActivity(f.ctx, &a), "id")
		e := newEvent(p.ID, f.next())
		e.ID = socialsvc.EventID(id)
		requireInvalid(t, s.CreateEvent(f.ctx, &e), "id")
		i := newIndicator(p.ID, f.next())
		i.ID = socialsvc.IndicatorID(id)
		requireInvalid(t, s.CreateIndicator(f.ctx, &i), "id")
		m := socialsvc.Measurement{ID: socialsvc.MeasurementID(id), IndicatorID: ind.ID, ProjectID: p.ID, Period: 1, Value: dec("1"), Source: socialsvc.SourceComputed}
		requireInvalid(t, s.CreateMeasurement(f.ctx, &m), "id")
		bl := socialsvc.BudgetLine{ID: socialsvc.BudgetLineID(id), ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("100.00")}
		requireInvalid(t, s.CreateBudgetLine(f.ctx, &bl), "id")
		x := socialsvc.Expenditure{ID: socialsvc.ExpenditureID(id), ProjectID: p.ID, PartnerID: lead.ID, Category: socialsvc.CatStaff, Period: 1, Date: d("2019-01-10"), Amount: eur("10.00")}
		requireInvalid(t, s.CreateExpenditure(f.ctx, &x), "id")
		fd := newFund()
		fd.ID = socialsvc.FundID(id)
		requireInvalid(t, s.CreateFund(f.ctx, &fd), "id")
	}
	parts, err := s.ListPartners(f.ctx, store.PartnerFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Len(t, parts.Items, 1, "only the lead partner is stored")
}
