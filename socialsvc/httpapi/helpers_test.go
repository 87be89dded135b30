package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// The fixture: two organisations, each lead partner of its own published
// project, each with one of every record, so that every route can be
// called on a record of the caller's own organisation ("own") and of the
// other ("other").
const (
	orgA socialsvc.OrgID     = "org-a"
	orgB socialsvc.OrgID     = "org-b"
	prjA socialsvc.ProjectID = "prj-a"
	prjB socialsvc.ProjectID = "prj-b"
	prjD socialsvc.ProjectID = "prj-draft" // org A's unpublished project
)

var fixedNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	t      *testing.T
	store  store.Store
	h      *Handler
	tokens map[string]string // "admin", "viewer-a", "editor-a", "viewer-b", "editor-b", "controller-a", "controller-b"
	logs   *bytes.Buffer
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	require.NoError(t, err)
}

func seedFixture(t *testing.T, s store.Store) {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	day := socialsvc.MustDate
	eur := func(v string) socialsvc.Money { return socialsvc.MustMoney(v, socialsvc.EUR) }
	for _, o := range []socialsvc.OrgID{"org-c", "org-d"} {
		mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: o, Name: "Organisation " + string(o), LegalStatus: socialsvc.LegalPublicBody, Country: "SI"}))
	}
	mustDo(t, s.CreateFund(ctx, &socialsvc.Fund{ID: "erdf", Code: "ERDF", Name: socialsvc.I18n{"en": "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}))
	for _, x := range []struct {
		org  socialsvc.OrgID
		prj  socialsvc.ProjectID
		oib  string
		stat socialsvc.Status
	}{{orgA, prjA, "12345678903", socialsvc.StatusContracted}, {orgB, prjB, "12345678911", socialsvc.StatusContracted}, {"", prjD, "", socialsvc.StatusDraft}} {
		if x.org != "" {
			mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: x.org, Name: "Organisation " + string(x.org), LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: x.oib}))
		}
		org := x.org
		if org == "" {
			org = orgA
		}
		p := socialsvc.Project{ID: x.prj, Acronym: string(x.prj), Title: socialsvc.I18n{"en": "Project " + string(x.prj)}, Programme: "Test",
			Start: day("2023-01-01"), End: day("2024-12-31"), Status: socialsvc.StatusDraft, Currency: socialsvc.EUR,
			Periods: []socialsvc.Period{{Number: 1, Start: day("2023-01-01"), End: day("2024-12-31")}}}
		mustDo(t, s.CreateProject(ctx, &p))
		pt := socialsvc.Partner{ID: socialsvc.PartnerID(string(x.prj) + "-lp"), ProjectID: x.prj, OrgID: org, Role: socialsvc.RoleLead, Number: 1,
			Funding: []socialsvc.CoFinancing{{FundID: "erdf", RatePercent: decimal.NewFromInt(85)}}}
		mustDo(t, s.CreatePartner(ctx, &pt))
		mustDo(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: socialsvc.PartnerID(string(x.prj) + "-ap"), ProjectID: x.prj, OrgID: "org-c", Role: socialsvc.RoleAssociated, Number: 2}))
		mustDo(t, demo.Advance(ctx, s, x.prj, x.stat))
		id := string(x.prj)
		mustDo(t, s.CreateWorkPackage(ctx, &socialsvc.WorkPackage{ID: socialsvc.WorkPackageID(id + "-wp2"), ProjectID: x.prj, Code: "T2", Title: socialsvc.I18n{"en": "Spare"}}))
		mustDo(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: socialsvc.IndicatorID(id + "-ind2"), ProjectID: x.prj, Kind: socialsvc.KindOutput, Code: "OWN2", Name: socialsvc.I18n{"en": "Spare"}, Unit: "items",
			Target: decimal.NewFromInt(5), Source: socialsvc.SourceEntered}))
		mustDo(t, s.CreateWorkPackage(ctx, &socialsvc.WorkPackage{ID: socialsvc.WorkPackageID(id + "-wp"), ProjectID: x.prj, Code: "T1", Title: socialsvc.I18n{"en": "Work"}}))
		mustDo(t, s.CreateActivity(ctx, &socialsvc.Activity{ID: socialsvc.ActivityID(id + "-act"), ProjectID: x.prj, WorkPackageID: socialsvc.WorkPackageID(id + "-wp"), Code: "T1.1", Title: socialsvc.I18n{"en": "Act"}}))
		mustDo(t, s.CreateEvent(ctx, &socialsvc.Event{ID: socialsvc.EventID(id + "-ev"), ProjectID: x.prj, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"en": "Workshop"}, Start: day("2023-05-02")}))
		mustDo(t, s.CreateEvent(ctx, &socialsvc.Event{ID: socialsvc.EventID(id + "-ev2"), ProjectID: x.prj, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"en": "Workshop 2"}, Start: day("2023-06-02")}))
		mustDo(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: socialsvc.IndicatorID(id + "-ind"), ProjectID: x.prj, Kind: socialsvc.KindOutput, Code: "RCO81", Name: socialsvc.I18n{"en": "Participations"}, Unit: "participations",
			Target: decimal.NewFromInt(10), Source: socialsvc.SourceEntered}))
		mustDo(t, s.CreateMeasurement(ctx, &socialsvc.Measurement{ID: socialsvc.MeasurementID(id + "-m"), IndicatorID: socialsvc.IndicatorID(id + "-ind"), Period: 1, Value: decimal.NewFromInt(3), Source: socialsvc.SourceEntered, Evidence: "list"}))
		mustDo(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ID: socialsvc.BudgetLineID(id + "-bl"), ProjectID: x.prj, PartnerID: pt.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("1000.00")}))
		mustDo(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ID: socialsvc.ExpenditureID(id + "-ex"), ProjectID: x.prj, PartnerID: pt.ID, Category: socialsvc.CatStaff, Period: 1, Date: day("2023-05-03"), Amount: eur("100.00")}))
		if x.org != "" {
			for _, b := range []string{"-b1", "-b2"} {
				mustDo(t, s.CreateBeneficiary(ctx, &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(string(x.org) + b), OrgID: x.org, ProjectID: x.prj, Gender: socialsvc.GenderFemale,
					LegalBasis: socialsvc.BasisConsent, ConsentDate: day("2023-01-10"), RetainUntil: day("2030-12-31")}))
			}
			mustDo(t, s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: socialsvc.EventID(id + "-ev"), BeneficiaryID: socialsvc.BeneficiaryID(string(x.org) + "-b1")}))
			seedParticipations(t, s, x.prj, x.org)
			seedCycle(t, s, x.prj)
		}
	}
}

// newFixture seeds a memory store, or an in-memory SQLite database when
// SOCIALSVC_HTTPAPI_SQLITE is set (the whole suite passes on both; memory
// is the default because it is six times faster).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	var s store.Store = memory.New()
	if os.Getenv("SOCIALSVC_HTTPAPI_SQLITE") != "" {
		var err error
		s, err = store.Open(context.Background(), "sqlite://:memory:")
		require.NoError(t, err)
	}
	seedFixture(t, s)
	return newFixtureOn(t, s)
}

func newFixtureOn(t *testing.T, s store.Store) *fixture {
	t.Helper()
	ts := NewMemoryTokens()
	f := &fixture{t: t, store: s, tokens: map[string]string{}, logs: &bytes.Buffer{}}
	for name, spec := range map[string]struct {
		role Role
		org  socialsvc.OrgID
	}{"admin": {RoleAdmin, ""}, "viewer-a": {RoleViewer, orgA}, "editor-a": {RoleEditor, orgA}, "viewer-b": {RoleViewer, orgB}, "editor-b": {RoleEditor, orgB},
		"controller-a": {RoleController, cycleBody(prjA)}, "controller-b": {RoleController, cycleBody(prjB)}} {
		tok, _, err := Issue(context.Background(), ts, spec.role, spec.org, name)
		require.NoError(t, err)
		f.tokens[name] = tok
	}
	f.h = New(Options{Store: s, Tokens: ts, Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), Now: func() time.Time { return fixedNow }})
	return f
}

type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), string(r.Body))
	return m
}

// do sends a request as who ("" for anonymous) with optional JSON body
// and headers (name, value pairs).
func (f *fixture) do(who, method, path string, body any, hdr ...string) resp {
	f.t.Helper()
	if who != "" {
		tok, ok := f.tokens[who]
		require.True(f.t, ok, who)
		hdr = append([]string{"Authorization", "Bearer " + tok}, hdr...)
	}
	req := newRequest(f.t, method, path, body, hdr...)
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// newRequest builds a request with body (nil, a string, bytes, or a value
// sent as JSON), Content-Type application/json when there is a body, and
// then the headers hdr (name, value pairs).
func newRequest(t testing.TB, method, path string, body any, hdr ...string) *http.Request {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		js, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(js)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// auditCount counts the entries of the audit log: every write adds one,
// so an unchanged count means nothing was written.
func (f *fixture) auditCount() int {
	f.t.Helper()
	n := 0
	o := store.AuditFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := f.store.ListAudit(context.Background(), o)
		require.NoError(f.t, err)
		n += len(pg.Items)
		if pg.NextCursor == "" {
			return n
		}
		o.Cursor = pg.NextCursor
	}
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// seedParticipations gives beneficiary b1 of org two participations in
// prj, one after the other: {org}-p1 (left with results) and {org}-p2
// (still taking part).
func seedParticipations(t *testing.T, s store.Store, prj socialsvc.ProjectID, org socialsvc.OrgID) {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	ps, err := store.AsParticipations(s)
	require.NoError(t, err)
	day := socialsvc.MustDate
	b := socialsvc.BeneficiaryID(string(org) + "-b1")
	mustDo(t, ps.CreateParticipation(ctx, &socialsvc.Participation{ID: socialsvc.ParticipationID(string(org) + "-p1"), ProjectID: prj, BeneficiaryID: b,
		EntryDate: day("2023-02-01"), ExitDate: day("2023-04-28"), LabourStatus: socialsvc.LabourUnemployed, ISCED: new(3),
		Disability: socialsvc.AnswerNo, Minority: socialsvc.Refused,
		ExitSituation: []socialsvc.Result{{Outcome: socialsvc.OutcomeJobSearching, ObservedOn: day("2023-04-28"), Source: socialsvc.SourceAsked}}}))
	mustDo(t, ps.CreateParticipation(ctx, &socialsvc.Participation{ID: socialsvc.ParticipationID(string(org) + "-p2"), ProjectID: prj, BeneficiaryID: b,
		EntryDate: day("2023-09-04"), LabourStatus: socialsvc.LabourInactive}))
}
