package httpapi

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The write rules through the API (store.CheckWrite translated): every
// rule called by the programme, the lead partner's editor, a partner's
// editor and viewer, and an outsider's editor, on the lead's records and
// on the partner's, asserting the status and, for refused writes, that
// nothing changed (records and audit log re-read).

const orgP socialsvc.OrgID = "org-p" // a partner (not lead) in org A's projects

// ruleCallers are the callers of every rule case, in the order of
// ruleRoute.want.
var ruleCallers = [5]string{"admin", "editor-a", "editor-p", "viewer-p", "editor-b"}

// ruleRoute is one write through the API and the status each caller
// gets: the programme, the lead partner's editor (org A), the partner's
// editor and viewer (org P), and an outsider's editor (org B).
type ruleRoute struct {
	rule   string
	name   string
	method string
	url    string
	body   string
	hdr    []string
	want   [5]int
}

// seedRules adds to the fixture org P as a partner of prj-a with its own
// budget line and expenditure, two reporting periods in prj-a (period 1
// ends 30.6.2023), a closed and a submitted project of the same
// partnership, and org P in the draft project.
func seedRules(t *testing.T, s store.Store) {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	day := socialsvc.MustDate
	eur := func(v string) socialsvc.Money { return socialsvc.MustMoney(v, socialsvc.EUR) }
	mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: orgP, Name: "DKolektiv", LegalStatus: socialsvc.LegalNGO, Country: "HR"}))
	mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: "org-x", Name: "Another NGO", LegalStatus: socialsvc.LegalNGO, Country: "SI"}))
	p, err := s.GetProject(ctx, prjA)
	require.NoError(t, err)
	p.Periods = []socialsvc.Period{{Number: 1, Start: day("2023-01-01"), End: day("2023-06-30")}, {Number: 2, Start: day("2023-07-01"), End: day("2024-12-31")}}
	mustDo(t, s.UpdateProject(ctx, &p))
	partnerIn := func(prj socialsvc.ProjectID) socialsvc.Partner {
		pt := socialsvc.Partner{ID: socialsvc.PartnerID(string(prj) + "-pp"), ProjectID: prj, OrgID: orgP, Role: socialsvc.RolePartner, Number: 3,
			Funding: []socialsvc.CoFinancing{{FundID: "erdf", RatePercent: decimal.NewFromInt(80)}}}
		mustDo(t, s.CreatePartner(ctx, &pt))
		return pt
	}
	pp := partnerIn(prjA)
	mustDo(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ID: "prj-a-pbl", ProjectID: prjA, PartnerID: pp.ID, Category: socialsvc.CatStaff, Period: 1, Amount: eur("500.00")}))
	mustDo(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ID: "prj-a-pex", ProjectID: prjA, PartnerID: pp.ID, Category: socialsvc.CatStaff, Period: 1, Date: day("2023-05-04"), Amount: eur("50.00")}))
	mustDo(t, s.CreateBeneficiary(ctx, &socialsvc.Beneficiary{ID: "org-p-b1", OrgID: orgP, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: day("2030-12-31")}))
	partnerIn(prjD)
	for _, x := range []struct {
		id socialsvc.ProjectID
		to socialsvc.Status
	}{{"prj-c", socialsvc.StatusClosed}, {"prj-s", socialsvc.StatusSubmitted}, {"prj-ap", socialsvc.StatusApproved}, {"prj-i", socialsvc.StatusInImplementation}} {
		prj := socialsvc.Project{ID: x.id, Acronym: string(x.id), Title: socialsvc.I18n{"en": "Project " + string(x.id)}, Programme: "Test",
			Start: day("2023-01-01"), End: day("2024-12-31"), Currency: socialsvc.EUR,
			Periods: []socialsvc.Period{{Number: 1, Start: day("2023-01-01"), End: day("2024-12-31")}}}
		mustDo(t, s.CreateProject(ctx, &prj))
		mustDo(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: socialsvc.PartnerID(string(x.id) + "-lp"), ProjectID: x.id, OrgID: orgA, Role: socialsvc.RoleLead, Number: 1}))
		partnerIn(x.id)
		mustDo(t, s.CreateEvent(ctx, &socialsvc.Event{ID: socialsvc.EventID(string(x.id) + "-ev"), ProjectID: x.id, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"en": "Workshop"}, Start: day("2023-05-02")}))
		mustDo(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: socialsvc.IndicatorID(string(x.id) + "-ind"), ProjectID: x.id, Kind: socialsvc.KindOutput, Code: "RCO81", Name: socialsvc.I18n{"en": "Participations"}, Unit: "participations",
			Target: decimal.NewFromInt(10), Source: socialsvc.SourceEntered}))
		mustDo(t, s.CreateExpenditure(ctx, &socialsvc.Expenditure{ID: socialsvc.ExpenditureID(string(x.id) + "-pex"), ProjectID: x.id, PartnerID: socialsvc.PartnerID(string(x.id) + "-pp"), Category: socialsvc.CatStaff, Period: 1, Date: day("2023-05-04"), Amount: eur("50.00")}))
		mustDo(t, demo.Advance(ctx, s, x.id, x.to))
	}
}

func newRulesFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	seedRules(t, f.store)
	ts := f.h.opts.Tokens.(*MemoryTokens)
	for name, spec := range map[string]struct {
		role Role
		org  socialsvc.OrgID
	}{"editor-p": {RoleEditor, orgP}, "viewer-p": {RoleViewer, orgP}, "viewer-x": {RoleViewer, "org-x"}, "editor-x": {RoleEditor, "org-x"}} {
		tok, _, err := Issue(context.Background(), ts, spec.role, spec.org, name)
		require.NoError(t, err)
		f.tokens[name] = tok
	}
	return f
}

// state is what the rule cases could change, read back as an admin: the
// projects' records and the whole audit log.
func (f *fixture) state() string {
	f.t.Helper()
	var b strings.Builder
	for _, p := range []string{"prj-a", "prj-c", "prj-s", "prj-ap", "prj-i", "prj-draft"} {
		for _, path := range []string{"", "/partners", "/work-packages", "/activities", "/events", "/indicators", "/budget-lines", "/expenditure"} {
			u := "/api/v1/projects/" + p + path
			if path != "" {
				u += "?limit=1000" // a list; the project itself takes no parameter
			}
			r := f.do("admin", "GET", u, nil)
			require.Equal(f.t, 200, r.Status, string(r.Body))
			b.Write(r.Body)
		}
		for _, path := range []string{"/api/v1/indicators/" + p + "-ind/measurements", "/api/v1/events/" + p + "-ev/attendance"} {
			r := f.do("admin", "GET", path+"?limit=1000", nil)
			b.Write(r.Body)
		}
	}
	r := f.do("admin", "GET", "/api/v1/audit?limit=1000", nil)
	require.Equal(f.t, 200, r.Status, string(r.Body))
	b.Write(r.Body)
	return b.String()
}

const (
	expLead    = `{"partner_id":"prj-a-lp","category":"travel_accommodation","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`
	expPartner = `{"partner_id":"prj-a-pp","category":"travel_accommodation","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`
)

var (
	leadWrite    = [5]int{200, 200, 403, 403, 403}
	leadCreate   = [5]int{201, 201, 403, 403, 403}
	leadDelete   = [5]int{204, 204, 403, 403, 403}
	ppWrite      = [5]int{200, 403, 200, 403, 403}
	ppCreate     = [5]int{201, 403, 201, 403, 403}
	ppDelete     = [5]int{204, 403, 204, 403, 403}
	anyCreate    = [5]int{201, 201, 201, 403, 403}
	programme    = [5]int{200, 403, 403, 403, 403}
	closedNoWhy  = [5]int{409, 403, 403, 403, 403}
	closedWhy    = [5]int{201, 403, 403, 403, 403}
	rejectedLead = [5]int{409, 403, 403, 403, 403}
)

var ruleRoutes = []ruleRoute{
	// 1. Expenditure, budget lines and co-financing of a partner.
	{"1", "expenditure for the lead partner", "POST", "/api/v1/projects/prj-a/expenditure", expLead, nil, leadCreate},
	{"1", "expenditure for the partner", "POST", "/api/v1/projects/prj-a/expenditure", expPartner, nil, ppCreate},
	{"1", "change the lead's expenditure", "PUT", "/api/v1/expenditure/prj-a-ex", "", nil, leadWrite},
	{"1", "change the partner's expenditure", "PUT", "/api/v1/expenditure/prj-a-pex", "", nil, ppWrite},
	{"1", "move the partner's expenditure to the lead", "PUT", "/api/v1/expenditure/prj-a-pex",
		`{"partner_id":"prj-a-lp","category":"staff","period":1,"date":"2023-05-04","amount":{"amount":"50.00","currency":"EUR"}}`, nil, [5]int{200, 403, 403, 403, 403}},
	{"1", "delete the lead's expenditure", "DELETE", "/api/v1/expenditure/prj-a-ex", "", nil, leadDelete},
	{"1", "delete the partner's expenditure", "DELETE", "/api/v1/expenditure/prj-a-pex", "", nil, ppDelete},
	{"1", "budget the lead partner", "POST", "/api/v1/projects/prj-a/budget-lines", `{"partner_id":"prj-a-lp","category":"travel_accommodation","period":2,"amount":{"amount":"250.00","currency":"EUR"}}`, nil, leadCreate},
	{"1", "budget the partner", "POST", "/api/v1/projects/prj-a/budget-lines", `{"partner_id":"prj-a-pp","category":"travel_accommodation","period":2,"amount":{"amount":"250.00","currency":"EUR"}}`, nil, ppCreate},
	{"1", "change the lead's budget line", "PUT", "/api/v1/budget-lines/prj-a-bl", "", nil, leadWrite},
	{"1", "change the partner's budget line", "PUT", "/api/v1/budget-lines/prj-a-pbl", "", nil, ppWrite},
	{"1", "delete the partner's budget line", "DELETE", "/api/v1/budget-lines/prj-a-pbl", "", nil, ppDelete},
	{"1", "change the lead's co-financing", "PUT", "/api/v1/partners/prj-a-lp", `{"org_id":"org-a","role":"lead","number":1,"funding":[{"fund_id":"erdf","rate_percent":"80"}]}`, nil, leadWrite},
	{"1", "change the partner's co-financing", "PUT", "/api/v1/partners/prj-a-pp", `{"org_id":"org-p","role":"partner","number":3,"funding":[{"fund_id":"erdf","rate_percent":"85"}]}`, nil, ppWrite},
	{"1", "import the partner's expenditure", "POST", "/api/v1/projects/prj-a/imports/expenditure", "partner_id;category;period;date;amount\nprj-a-pp;staff;1;15.05.2023.;1.234,56\n", []string{"Content-Type", "text/csv"}, ppCreate},
	{"1", "import the lead's expenditure", "POST", "/api/v1/projects/prj-a/imports/expenditure", "partner_id;category;period;date;amount\nprj-a-lp;staff;1;15.05.2023.;1.234,56\n", []string{"Content-Type", "text/csv"}, leadCreate},

	// 2. Project data, partners and work packages.
	{"2", "change the project", "PUT", "/api/v1/projects/prj-a", "", nil, leadWrite},
	{"2", "change the project's terms (reporting periods)", "PUT", "/api/v1/projects/prj-a",
		`{"acronym":"prj-a","title":{"en":"Project prj-a"},"programme":"Test","start":"2023-01-01","end":"2024-12-31","currency":"EUR","periods":[{"number":1,"start":"2023-01-01","end":"2024-12-31"}]}`, nil, programme},
	{"2", "add a work package", "POST", "/api/v1/projects/prj-a/work-packages", `{"code":"T9","title":{"en":"New"}}`, nil, leadCreate},
	{"2", "change a work package", "PUT", "/api/v1/work-packages/prj-a-wp", "", nil, leadWrite},
	{"2", "delete a work package", "DELETE", "/api/v1/work-packages/prj-a-wp2", "", nil, leadDelete},
	{"2", "add an activity", "POST", "/api/v1/projects/prj-a/activities", `{"work_package_id":"prj-a-wp","code":"T1.9","title":{"en":"New"}}`, nil, leadCreate},
	{"2", "change an activity", "PUT", "/api/v1/activities/prj-a-act", "", nil, leadWrite},
	{"2", "add an indicator", "POST", "/api/v1/projects/prj-a/indicators", `{"kind":"output","code":"X1","name":{"en":"New"},"unit":"items","baseline":"0","target":"4","source":"entered"}`, nil, leadCreate},
	{"2", "change an indicator", "PUT", "/api/v1/indicators/prj-a-ind", "", nil, leadWrite},
	{"2", "record an event (any partner)", "POST", "/api/v1/projects/prj-a/events", `{"type":"workshop","title":{"en":"New"},"start":"2023-07-01"}`, nil, anyCreate},
	{"2", "record a measurement (any partner)", "POST", "/api/v1/indicators/prj-a-ind/measurements", `{"period":2,"value":"2","source":"entered","evidence":"minutes"}`, nil, anyCreate},

	// 3. Status decisions; closed, rejected and withdrawn projects.
	{"3", "submit the draft", "POST", "/api/v1/projects/prj-draft/transitions", `{"to":"submitted"}`, nil, [5]int{200, 200, 403, 403, 403}},
	{"3", "withdraw", "POST", "/api/v1/projects/prj-a/transitions", `{"to":"withdrawn"}`, nil, leadWrite},
	{"3", "approve", "POST", "/api/v1/projects/prj-s/transitions", `{"to":"approved"}`, nil, programme},
	{"3", "reject", "POST", "/api/v1/projects/prj-s/transitions", `{"to":"rejected"}`, nil, programme},
	{"3", "contract", "POST", "/api/v1/projects/prj-ap/transitions", `{"to":"contracted"}`, nil, programme},
	{"3", "withdraw an approved project", "POST", "/api/v1/projects/prj-ap/transitions", `{"to":"withdrawn"}`, nil, leadWrite},
	{"3", "close", "POST", "/api/v1/projects/prj-i/transitions", `{"to":"closed"}`, nil, programme},
	{"3", "start implementation", "POST", "/api/v1/projects/prj-a/transitions", `{"to":"in_implementation"}`, nil, programme},
	{"3", "closed: expenditure", "POST", "/api/v1/projects/prj-c/expenditure", `{"partner_id":"prj-c-pp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`, nil, closedNoWhy},
	{"3", "closed: expenditure with a reason", "POST", "/api/v1/projects/prj-c/expenditure", `{"partner_id":"prj-c-pp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`,
		[]string{"Change-Reason", "ispravak nakon kontrole prvog stupnja"}, closedWhy},
	{"3", "closed: change expenditure", "PUT", "/api/v1/expenditure/prj-c-pex", "", nil, [5]int{409, 403, 403, 403, 403}},
	{"3", "closed: budget", "POST", "/api/v1/projects/prj-c/budget-lines", `{"partner_id":"prj-c-pp","category":"staff","period":1,"amount":{"amount":"40.00","currency":"EUR"}}`, nil, closedNoWhy},
	// editor-a may not read org P's person: answered as for one that does
	// not exist.
	{"3", "closed: attendance", "POST", "/api/v1/events/prj-c-ev/attendance", `{"beneficiary_id":"org-p-b1"}`, nil, [5]int{409, 400, 403, 403, 403}},
	{"3", "closed: measurement", "POST", "/api/v1/indicators/prj-c-ind/measurements", `{"period":1,"value":"2","source":"entered","evidence":"minutes"}`, nil, closedNoWhy},
	{"3", "closed: measurement with a reason", "POST", "/api/v1/indicators/prj-c-ind/measurements", `{"period":1,"value":"2","source":"entered","evidence":"minutes"}`,
		[]string{"Change-Reason", "late evidence accepted"}, closedWhy},

	// 4. The period of the date, the eligible period.
	{"4", "period 1 for a cost of 20.7.2023 (period 1 ends 30.6.2023)", "POST", "/api/v1/projects/prj-a/expenditure",
		`{"partner_id":"prj-a-pp","category":"staff","period":1,"date":"2023-07-20","amount":{"amount":"40.00","currency":"EUR"}}`, nil, [5]int{400, 403, 400, 403, 403}},
	{"4", "period 2 for a cost of 20.7.2023", "POST", "/api/v1/projects/prj-a/expenditure",
		`{"partner_id":"prj-a-pp","category":"staff","period":2,"date":"2023-07-20","amount":{"amount":"40.00","currency":"EUR"}}`, nil, ppCreate},
	{"4", "a cost before the project", "POST", "/api/v1/projects/prj-a/expenditure",
		`{"partner_id":"prj-a-pp","category":"staff","period":1,"date":"2022-12-31","amount":{"amount":"40.00","currency":"EUR"}}`, nil, [5]int{400, 403, 400, 403, 403}},

	// 5. Partners.
	{"5", "add an organisation", "POST", "/api/v1/projects/prj-a/partners", `{"org_id":"org-x","role":"partner","number":7}`, nil, leadCreate},
	{"5", "add a second lead partner", "POST", "/api/v1/projects/prj-a/partners", `{"org_id":"org-x","role":"lead","number":7}`, nil, [5]int{409, 403, 403, 403, 403}},
	{"5", "remove the lead partner", "DELETE", "/api/v1/partners/prj-a-lp", "", nil, [5]int{409, 409, 403, 403, 403}},
	{"5", "remove a partner", "DELETE", "/api/v1/partners/prj-a-ap", "", nil, leadDelete},
	{"5", "make the partner lead", "PUT", "/api/v1/partners/prj-a-pp", `{"org_id":"org-p","role":"lead","number":3,"funding":[{"fund_id":"erdf","rate_percent":"80"}]}`, nil, [5]int{409, 403, 403, 403, 403}},
}

// TestWriteRulesByRoleAndPartner runs every rule case as every caller on
// a fresh fixture.
func TestWriteRulesByRoleAndPartner(t *testing.T) {
	loadSpec(t)
	n := 0
	for _, c := range ruleRoutes {
		for i, who := range ruleCallers {
			n++
			t.Run("rule "+c.rule+": "+c.name+" as "+who, func(t *testing.T) {
				f := newRulesFixture(t)
				hdr := append([]string{}, c.hdr...)
				var body any
				if c.body != "" {
					body = c.body
				}
				if c.method == "PUT" || c.method == "DELETE" {
					cur := f.do("admin", "GET", c.url, nil)
					require.Equal(t, 200, cur.Status, string(cur.Body))
					hdr = append(hdr, "If-Match", cur.Header.Get("ETag"))
					if c.body == "" {
						body = editedBody(t, c.url, cur)
					}
				}
				want := c.want[i]
				unpublished := strings.HasPrefix(c.url, "/api/v1/projects/prj-draft/") || strings.HasPrefix(c.url, "/api/v1/projects/prj-s/")
				if who == "editor-b" && want == 403 && (!strings.HasPrefix(c.url, "/api/v1/projects/") || unpublished) {
					// An outsider may not read the record (or the
					// unpublished project) at all: it is not found, as a
					// missing one is. The routes of a published project
					// stay 403: the project itself is public.
					want = 404
				}
				before := f.state()
				r := f.do(who, c.method, c.url, body, hdr...)
				assert.Equal(t, want, r.Status, string(r.Body))
				if r.Status >= 400 {
					assert.Equal(t, before, f.state(), "a refused write changed something")
					return
				}
				assert.NotEqual(t, before, f.state(), "an allowed write changed nothing")
				last := lastAudit(t, f)
				assert.Equal(t, "token:"+tokenIDOf(f.tokens[who]), last.Actor.ID)
				for j := 0; j+1 < len(c.hdr); j += 2 {
					if c.hdr[j] == reasonHeader {
						assert.Equal(t, c.hdr[j+1], last.Reason, "the audit log keeps the reason")
					}
				}
			})
		}
	}
	t.Logf("%d route × role × partner cases", n)
}

// editedBody is the record as read, with one harmless change so that an
// allowed PUT is a real write.
func editedBody(t *testing.T, url string, cur resp) map[string]any {
	t.Helper()
	m := cur.json(t)
	switch {
	case strings.Contains(url, "/expenditure/"):
		m["description"] = "corrected"
		delete(m, "converted")
		delete(m, "conversion")
	case strings.Contains(url, "/budget-lines/"):
		m["description"] = "corrected"
	case strings.Contains(url, "/projects/"):
		m["website"] = "https://example.org/changed"
	case strings.Contains(url, "/work-packages/"), strings.Contains(url, "/activities/"):
		m["code"] = "T7"
	case strings.Contains(url, "/indicators/"):
		m["target"] = "12"
	}
	return m
}

// TestWritesNoFunderAllows reproduces the writes of issue 11's "Writes
// that no funder allows", each of which the API accepted before: the
// partner's editor moving its project through the lifecycle, deleting
// the lead partner and adding an organisation that then reads the
// project's expenditure; expenditure for another partner, on a closed
// project, and in the wrong period.
func TestWritesNoFunderAllows(t *testing.T) {
	f := newRulesFixture(t)
	before := f.state()
	for _, step := range []struct {
		name         string
		who          string
		method, path string
		body         string
		want         int
	}{
		{"the partner's editor submits", "editor-p", "POST", "/api/v1/projects/prj-draft/transitions", `{"to":"submitted"}`, 403},
		{"the partner's editor approves", "editor-p", "POST", "/api/v1/projects/prj-s/transitions", `{"to":"approved"}`, 403},
		{"the lead's editor approves", "editor-a", "POST", "/api/v1/projects/prj-s/transitions", `{"to":"approved"}`, 403},
		{"the lead's editor contracts", "editor-a", "POST", "/api/v1/projects/prj-ap/transitions", `{"to":"contracted"}`, 403},
		{"the lead's editor starts implementation", "editor-a", "POST", "/api/v1/projects/prj-a/transitions", `{"to":"in_implementation"}`, 403},
		{"the lead's editor closes", "editor-a", "POST", "/api/v1/projects/prj-i/transitions", `{"to":"closed"}`, 403},
		{"the partner's editor deletes the lead partner", "editor-p", "DELETE", "/api/v1/partners/prj-a-lp", "", 403},
		{"the partner's editor adds an organisation", "editor-p", "POST", "/api/v1/projects/prj-a/partners", `{"org_id":"org-x","role":"partner","number":7}`, 403},
		{"the partner's editor records the lead's expenditure", "editor-p", "POST", "/api/v1/projects/prj-a/expenditure", expLead, 403},
		{"the partner's editor records expenditure on a closed project", "editor-p", "POST", "/api/v1/projects/prj-c/expenditure",
			`{"partner_id":"prj-c-pp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`, 403},
		{"a cost of 20.7.2023 in period 1, which ends 30.6.2023", "editor-p", "POST", "/api/v1/projects/prj-a/expenditure",
			`{"partner_id":"prj-a-pp","category":"staff","period":1,"date":"2023-07-20","amount":{"amount":"40.00","currency":"EUR"}}`, 400},
	} {
		var hdr []string
		if step.method == "DELETE" {
			hdr = []string{"If-Match", f.do("admin", "GET", step.path, nil).Header.Get("ETag")}
		}
		var body any
		if step.body != "" {
			body = step.body
		}
		r := f.do(step.who, step.method, step.path, body, hdr...)
		assert.Equal(t, step.want, r.Status, "%s: %s", step.name, r.Body)
	}
	assert.Equal(t, before, f.state(), "none of these writes changed anything")
	// The organisation was not added, so it reads nothing of the project.
	assert.Equal(t, 403, f.do("viewer-x", "GET", "/api/v1/projects/prj-a/expenditure", nil).Status)

	// What a newly added partner sees: once the lead partner's editor adds
	// it, all of the project, its partners' expenditure included; it
	// writes only its own.
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/partners", `{"id":"prj-a-xp","org_id":"org-x","role":"partner","number":7}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	assert.Equal(t, 200, f.do("viewer-x", "GET", "/api/v1/projects/prj-a/expenditure", nil).Status)
	assert.Equal(t, 403, f.do("editor-x", "POST", "/api/v1/projects/prj-a/expenditure", expPartner).Status)
	assert.Equal(t, 201, f.do("editor-x", "POST", "/api/v1/projects/prj-a/expenditure",
		`{"partner_id":"prj-a-xp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`).Status)
}

// TestChangeReason: the header is documented in the OpenAPI document,
// reaches the audit log, and must be UTF-8 text of at most 1000 bytes.
func TestChangeReason(t *testing.T) {
	loadSpec(t)
	f := newRulesFixture(t)
	url := "/api/v1/projects/prj-c/expenditure"
	body := `{"partner_id":"prj-c-pp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`
	hdr := []string{"Change-Reason", "račun pronađen pri završnoj kontroli"}
	r := f.do("admin", "POST", url, body, hdr...)
	require.Equal(t, 201, r.Status, string(r.Body))
	conforms(t, "POST", "/api/v1/projects/{id}/expenditure", url, body, hdr, r)
	assert.Equal(t, "račun pronađen pri završnoj kontroli", lastAudit(t, f).Reason)

	before := f.state()
	for _, bad := range []string{"\xff\xfe", strings.Repeat("a", store.MaxReasonLen+1)} {
		r := f.do("admin", "POST", url, body, "Change-Reason", bad)
		assert.Equal(t, 400, r.Status, string(r.Body))
		assert.Equal(t, "Change-Reason", r.json(t)["errors"].([]any)[0].(map[string]any)["field"])
	}
	assert.Equal(t, before, f.state())
}

// TestSeedWritesNoFunderAllows: issue 11's examples on the demo data the
// reference server loads. 2SoKroG is closed; in Social Atelier (closed
// too) DKolektiv is a partner of the City of Osijek, the lead.
func TestSeedWritesNoFunderAllows(t *testing.T) {
	f := newDashFixture(t)
	do := func(who, method, path, body string, hdr ...string) resp {
		t.Helper()
		hdr = append([]string{"Authorization", "Bearer " + f.tokens[who]}, hdr...)
		var b any
		if body != "" {
			b = body
		}
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, newRequest(t, method, path, b, hdr...))
		return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	}
	audit := func() int {
		pg, err := f.store.ListAudit(context.Background(), store.AuditFilter{ListOptions: store.ListOptions{Limit: 1, Sort: "-id"}})
		require.NoError(t, err)
		return int(pg.Items[0].Seq)
	}
	cost := `{"partner_id":"%s","category":"staff","period":%d,"date":"%s","amount":{"amount":"100.00","currency":"EUR"}}`
	before := audit()
	for _, c := range []struct {
		name, who, method, path, body string
		reason                        string
		want                          int
	}{
		{"DKolektiv's editor records expenditure for the lead partner", "editor", "POST", "/api/v1/projects/social-atelier/expenditure", fmt.Sprintf(cost, "social-atelier-lp", 2, "2022-05-05"), "", 403},
		{"DKolektiv's editor records its own expenditure on the closed project", "editor", "POST", "/api/v1/projects/social-atelier/expenditure", fmt.Sprintf(cost, "social-atelier-pp2", 2, "2022-05-05"), "", 403},
		{"DKolektiv's editor adds an organisation", "editor", "POST", "/api/v1/projects/social-atelier/partners", `{"org_id":"k-zona","role":"partner","number":9}`, "", 403},
		{"DKolektiv's editor renames the project", "editor", "PUT", "/api/v1/projects/social-atelier", "", "", 403},
		{"the programme adds expenditure to closed 2SoKroG without a reason", "admin", "POST", "/api/v1/projects/2sokrog/expenditure", fmt.Sprintf(cost, "2sokrog-lp", 2, "2019-07-20"), "", 409},
		{"a cost of 20.7.2019 in 2SoKroG's period 1 (1.9.2018–28.2.2019)", "admin", "POST", "/api/v1/projects/2sokrog/expenditure", fmt.Sprintf(cost, "2sokrog-lp", 1, "2019-07-20"), "late invoice", 400},
	} {
		var hdr []string
		if c.reason != "" {
			hdr = []string{"Change-Reason", c.reason}
		}
		body := c.body
		if c.method == "PUT" {
			cur := do("admin", "GET", c.path, "")
			require.Equal(t, 200, cur.Status)
			hdr = append(hdr, "If-Match", cur.Header.Get("ETag"))
			body = string(cur.Body)
		}
		r := do(c.who, c.method, c.path, body, hdr...)
		assert.Equal(t, c.want, r.Status, "%s: %s", c.name, r.Body)
	}
	assert.Equal(t, before, audit(), "nothing was written")
	r := do("admin", "POST", "/api/v1/projects/2sokrog/expenditure", fmt.Sprintf(cost, "2sokrog-lp", 2, "2019-07-20"), "Change-Reason", "račun pronađen pri završnoj provjeri")
	require.Equal(t, 201, r.Status, string(r.Body))
	assert.Equal(t, "račun pronađen pri završnoj provjeri", lastDashAudit(t, f).Reason)
}

func lastDashAudit(t *testing.T, f *dashFixture) store.AuditEntry {
	t.Helper()
	pg, err := f.store.ListAudit(context.Background(), store.AuditFilter{ListOptions: store.ListOptions{Limit: 1, Sort: "-id"}})
	require.NoError(t, err)
	require.NotEmpty(t, pg.Items)
	return pg.Items[0]
}

// TestEligibilityPeriod: a project's eligibility period is the
// programme's to set once the project is submitted, goes through the API
// as the OpenAPI document says, and widens the days a cost may be
// dated in (a preparation period before the start).
func TestEligibilityPeriod(t *testing.T) {
	loadSpec(t)
	f := newRulesFixture(t)
	cur := f.do("admin", "GET", "/api/v1/projects/prj-a", nil)
	require.Equal(t, 200, cur.Status)
	// Sent back as a generated client does: without what the server sets.
	p := resp{Body: writable(t, f.h, cur.Body)}.json(t)
	p["eligibility"] = map[string]any{"start": "2022-10-01", "end": "2024-12-31"}
	p["periods"] = append(p["periods"].([]any), map[string]any{"number": 3, "start": "2022-10-01", "end": "2022-12-31"})
	hdr := []string{"If-Match", cur.Header.Get("ETag")}
	before := f.state()
	r := f.do("editor-a", "PUT", "/api/v1/projects/prj-a", p, hdr...)
	require.Equal(t, 403, r.Status, "the lead partner does not widen a contracted project's eligibility: %s", r.Body)
	assert.Equal(t, before, f.state())
	r = f.do("admin", "PUT", "/api/v1/projects/prj-a", p, hdr...)
	require.Equal(t, 200, r.Status, string(r.Body))
	conforms(t, "PUT", "/api/v1/projects/{id}", "/api/v1/projects/prj-a", p, hdr, r)
	assert.Equal(t, map[string]any{"start": "2022-10-01", "end": "2024-12-31"}, r.json(t)["eligibility"])

	body := `{"partner_id":"prj-a-pp","category":"staff","period":3,"date":"2022-11-15","amount":{"amount":"40.00","currency":"EUR"}}`
	assert.Equal(t, 201, f.do("editor-p", "POST", "/api/v1/projects/prj-a/expenditure", body).Status, "a preparation cost")
	body = `{"partner_id":"prj-a-pp","category":"staff","period":3,"date":"2022-09-30","amount":{"amount":"40.00","currency":"EUR"}}`
	r = f.do("editor-p", "POST", "/api/v1/projects/prj-a/expenditure", body)
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "date", r.json(t)["errors"].([]any)[0].(map[string]any)["field"])
}
