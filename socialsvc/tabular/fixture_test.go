package tabular

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pgtest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/postgres"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
)

// The fixture: organisations org-a and org-b, project prj-a (EUR,
// 2023–2024, lead partner prj-a-lp of org-a) with event prj-a-ev, project
// prj-b with event prj-b-ev, and beneficiaries org-a-b1, org-a-b2 (prj-a)
// and org-b-b1 (prj-b).
func newStore(t *testing.T) store.Store {
	t.Helper()
	s := memory.New()
	seed(t, s)
	return s
}

// drivers open an empty store of each driver: memory, SQLite, and
// PostgreSQL when SOCIALSVC_TEST_POSTGRES names one (else that subtest
// skips). The SQL drivers import through their BulkImporter.
var drivers = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"memory", func(t *testing.T) store.Store { return memory.New() }},
	{"sqlite", func(t *testing.T) store.Store {
		s, err := store.Open(context.Background(), "sqlite://:memory:")
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}},
	{"postgres", func(t *testing.T) store.Store {
		s, err := store.Open(context.Background(), pgtest.Schema(t, "tabular_test"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}},
}

func seed(t testing.TB, s store.Store) {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	day := socialsvc.MustDate
	must := func(err error) { t.Helper(); require.NoError(t, err) }
	must(s.CreateFund(ctx, &socialsvc.Fund{ID: "esf", Code: "ESF+", Name: socialsvc.I18n{"en": "ESF+"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}))
	for _, x := range []struct {
		org socialsvc.OrgID
		prj socialsvc.ProjectID
		oib string
	}{{"org-a", "prj-a", "12345678903"}, {"org-b", "prj-b", "12345678911"}} {
		must(s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: x.org, Name: "Organisation " + string(x.org), LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: x.oib}))
		must(s.CreateProject(ctx, &socialsvc.Project{ID: x.prj, Acronym: string(x.prj), Title: socialsvc.I18n{"en": "Project " + string(x.prj)}, Programme: "Test",
			Start: day("2023-01-01"), End: day("2024-12-31"), Status: socialsvc.StatusDraft, Currency: socialsvc.EUR,
			Periods: []socialsvc.Period{{Number: 1, Start: day("2023-01-01"), End: day("2024-12-31")}}}))
		must(s.CreatePartner(ctx, &socialsvc.Partner{ID: socialsvc.PartnerID(string(x.prj) + "-lp"), ProjectID: x.prj, OrgID: x.org, Role: socialsvc.RoleLead, Number: 1,
			Funding: []socialsvc.CoFinancing{{FundID: "esf", RatePercent: decimal.NewFromInt(85)}}}))
		must(s.CreateEvent(ctx, &socialsvc.Event{ID: socialsvc.EventID(string(x.prj) + "-ev"), ProjectID: x.prj, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"en": "Workshop"}, Start: day("2023-05-02")}))
		n := []string{"-b1", "-b2"}
		if x.org == "org-b" {
			n = n[:1]
		}
		for _, b := range n {
			must(s.CreateBeneficiary(ctx, &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(string(x.org) + b), OrgID: x.org, ProjectID: x.prj, Gender: socialsvc.GenderFemale,
				LegalBasis: socialsvc.BasisConsent, ConsentDate: day("2023-01-10"), RetainUntil: day("2030-12-31")}))
		}
	}
}

var bg = store.WithActor(context.Background(), store.Actor{ID: "test", Role: store.RoleSystem})

// snapshot is every record an import could write, and the audit log that
// every write extends, as JSON: equal snapshots prove nothing changed.
func snapshot(t *testing.T, s store.Store) string {
	t.Helper()
	var out struct {
		Expenditure   []socialsvc.Expenditure
		Beneficiaries []socialsvc.Beneficiary
		Attendance    []socialsvc.Attendance
		Audit         int
	}
	for e, err := range s.ScanExpenditure(bg, store.ExpenditureFilter{}) {
		require.NoError(t, err)
		out.Expenditure = append(out.Expenditure, e)
	}
	for b, err := range s.ScanBeneficiaries(bg, store.BeneficiaryFilter{}) {
		require.NoError(t, err)
		out.Beneficiaries = append(out.Beneficiaries, b)
	}
	for a, err := range s.ScanAttendance(bg, store.AttendanceFilter{}) {
		require.NoError(t, err)
		out.Attendance = append(out.Attendance, a)
	}
	o := store.AuditFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := s.ListAudit(bg, o)
		require.NoError(t, err)
		out.Audit += len(pg.Items)
		if pg.NextCursor == "" {
			break
		}
		o.Cursor = pg.NextCursor
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return string(b)
}
