package httpapi

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// The reporting cycle through the API: every cycle route called by every
// caller the cycle knows, the issue's acceptance case computed by hand,
// and the issue's bad input, each refused with the field named and
// nothing changed.

// cycleCallers are the callers of every cycle rule case, in the order of
// cycleRule.want: the programme, the lead partner's editor (org A), the
// partner's editor (org P), another organisation's editor (org B), the
// partner's viewer, a controller of the lead partner's control body, a
// controller of another body, and an anonymous caller.
var cycleCallers = [8]string{"admin", "editor-a", "editor-p", "editor-b", "viewer-p", "controller-a", "controller-b", ""}

type cycleRule struct {
	name         string
	method, url  string
	body, ct     string
	want         [8]int
	route        string // the route's pattern, for the OpenAPI check
	reason, from string
}

// seedCycleRules adds to the rules fixture (where org P is a partner of
// prj-a) a draft of P, a report of the lead in control and a submitted
// project report of its own.
func seedCycleRules(t *testing.T, s store.Store) {
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	c, err := store.AsCycle(s)
	require.NoError(t, err)
	eur := func(v string) socialsvc.Money { return socialsvc.MustMoney(v, socialsvc.EUR) }
	report := func(id, partner, line, amount string, to ...socialsvc.ReportStatus) {
		r := socialsvc.PartnerReport{ID: socialsvc.PartnerReportID(id), ProjectID: prjA, PartnerID: socialsvc.PartnerID(partner), Period: 1}
		mustDo(t, c.CreatePartnerReport(ctx, &r))
		mustDo(t, c.CreateReportLine(ctx, &socialsvc.ReportExpenditure{ID: socialsvc.ExpenditureID(line), ReportID: r.ID, Category: socialsvc.CatStaff,
			Amount: eur(amount), InvoiceDate: socialsvc.MustDate("2023-05-10")}))
		for _, st := range to {
			got, err := c.GetPartnerReport(ctx, r.ID)
			require.NoError(t, err)
			_, err = store.TransitionPartnerReport(ctx, s, r.ID, got.Version, st, "")
			require.NoError(t, err)
		}
	}
	report("prj-a-pp-rep", "prj-a-pp", "prj-a-pp-rl", "60.00")
	report("prj-a-rep6", "prj-a-lp", "prj-a-rl6", "80.00", socialsvc.ReportSubmitted, socialsvc.ReportInControl)
	report("prj-a-rep7", "prj-a-lp", "prj-a-rl7", "10.00", socialsvc.ReportSubmitted, socialsvc.ReportInControl, socialsvc.ReportCertified)
	pr := socialsvc.ProjectReport{ID: "prj-a-prr3", ProjectID: prjA, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{"prj-a-rep7"}}
	mustDo(t, c.CreateProjectReport(ctx, &pr))
	_, err = store.TransitionProjectReport(ctx, s, pr.ID, pr.Version, socialsvc.ProjectReportSubmitted, "")
	require.NoError(t, err)
}

// cycleState is what a cycle case could change, read back as an admin:
// the rules fixture's state (records and the whole audit log) and the
// cycle's records of prj-a.
func (f *fixture) cycleState() string {
	f.t.Helper()
	var b strings.Builder
	b.WriteString(f.state())
	for _, path := range []string{"/partner-reports", "/project-reports", "/payments", "/advances"} {
		r := f.do("admin", "GET", "/api/v1/projects/prj-a"+path+"?limit=1000", nil)
		require.Equal(f.t, 200, r.Status, string(r.Body))
		b.Write(r.Body)
	}
	for _, rep := range []string{"prj-a-rep1", "prj-a-rep3", "prj-a-rep4", "prj-a-rep6", "prj-a-pp-rep"} {
		r := f.do("admin", "GET", "/api/v1/partner-reports/"+rep+"/expenditure?limit=1000", nil)
		require.Contains(f.t, []int{200, 404}, r.Status, string(r.Body)) // 404 once deleted
		b.WriteString(rep + " " + strconv.Itoa(r.Status) + " ")
		b.Write(r.Body)
	}
	return b.String()
}

var (
	cyRead      = [8]int{200, 200, 200, 404, 200, 200, 404, 401} // a report its controller sees
	cyReadDraft = [8]int{200, 200, 200, 404, 200, 404, 404, 401} // a draft: not the controller's
	cyList      = [8]int{200, 200, 200, 403, 200, 403, 403, 401} // a project's list
	cyLead      = [8]int{200, 200, 403, 404, 403, 404, 404, 401} // the lead's own draft
	cyLeadNew   = [8]int{201, 201, 403, 404, 403, 404, 404, 401}
	cyControl   = [8]int{403, 403, 403, 404, 403, 200, 404, 401} // the partner's controller only
	cyProgramme = [8]int{200, 403, 403, 404, 403, 403, 404, 401}
	cyVerify    = [8]int{200, 403, 403, 404, 403, 404, 404, 401} // a project report: no controller reads it
)

var cycleRules = []cycleRule{
	{name: "list a project's partner reports", method: "GET", url: "/api/v1/projects/prj-a/partner-reports", want: cyList},
	{name: "create the lead's report", method: "POST", url: "/api/v1/projects/prj-a/partner-reports", body: `{"partner_id":"prj-a-lp","period":1}`,
		want: [8]int{201, 201, 403, 403, 403, 403, 403, 401}},
	{name: "create the partner's report", method: "POST", url: "/api/v1/projects/prj-a/partner-reports", body: `{"partner_id":"prj-a-pp","period":1}`,
		want: [8]int{201, 403, 201, 403, 403, 403, 403, 401}},
	{name: "list the control queue", method: "GET", url: "/api/v1/partner-reports", want: [8]int{200, 403, 403, 403, 403, 200, 200, 401}},
	{name: "read a submitted report", method: "GET", url: "/api/v1/partner-reports/prj-a-rep4", want: cyRead},
	{name: "read a draft", method: "GET", url: "/api/v1/partner-reports/prj-a-rep3", want: cyReadDraft},
	{name: "read the lines of a submitted report", method: "GET", url: "/api/v1/partner-reports/prj-a-rep4/expenditure", want: cyRead},
	{name: "read the lines of a draft", method: "GET", url: "/api/v1/partner-reports/prj-a-rep3/expenditure", want: cyReadDraft},
	{name: "read the figures of a certified report", method: "GET", url: "/api/v1/partner-reports/prj-a-rep1/summary", want: cyRead},
	{name: "read a line of a submitted report", method: "GET", url: "/api/v1/report-lines/prj-a-rl4", want: cyRead},
	{name: "change the lead's draft", method: "PUT", url: "/api/v1/partner-reports/prj-a-rep3", want: cyLead},
	{name: "patch the lead's draft", method: "PATCH", url: "/api/v1/partner-reports/prj-a-rep3", body: `{"period":2}`, ct: ctMergePatch, want: cyLead},
	{name: "delete the lead's draft", method: "DELETE", url: "/api/v1/partner-reports/prj-a-rep3", want: [8]int{204, 204, 403, 404, 403, 404, 404, 401}},
	{name: "delete the partner's draft", method: "DELETE", url: "/api/v1/partner-reports/prj-a-pp-rep", want: [8]int{204, 403, 204, 404, 403, 404, 404, 401}},
	{name: "delete a submitted report", method: "DELETE", url: "/api/v1/partner-reports/prj-a-rep4", want: [8]int{409, 409, 403, 404, 403, 403, 404, 401}},
	{name: "add a line to the lead's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-rep3/expenditure",
		body: `{"category":"staff","amount":{"amount":"40.00","currency":"EUR"},"invoice_date":"2023-06-01"}`, want: cyLeadNew},
	{name: "add a line to the partner's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-pp-rep/expenditure",
		body: `{"category":"staff","amount":{"amount":"40.00","currency":"EUR"},"invoice_date":"2023-06-01"}`, want: [8]int{201, 403, 201, 404, 403, 404, 404, 401}},
	{name: "import lines into the lead's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-rep3/imports/expenditure",
		body: "category;amount;invoice_date\nstaff;1.234,56;15.05.2023.\n", ct: "text/csv", want: cyLeadNew},
	{name: "change a line of the lead's draft", method: "PUT", url: "/api/v1/report-lines/prj-a-rl3", want: cyLead},
	{name: "delete a line of the lead's draft", method: "DELETE", url: "/api/v1/report-lines/prj-a-rl3", want: [8]int{204, 204, 403, 404, 403, 404, 404, 401}},
	{name: "carry the parked line into the lead's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-rep3/carried-lines", body: `{"from":"prj-a-rep1"}`, want: cyLeadNew},
	{name: "submit the lead's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-rep3/transitions", body: `{"to":"submitted"}`, want: cyLead},
	{name: "submit the partner's draft", method: "POST", url: "/api/v1/partner-reports/prj-a-pp-rep/transitions", body: `{"to":"submitted"}`,
		want: [8]int{200, 403, 200, 404, 403, 404, 404, 401}},
	{name: "take a submitted report into control", method: "POST", url: "/api/v1/partner-reports/prj-a-rep4/transitions", body: `{"to":"in_control"}`, want: cyControl},
	{name: "return a submitted report to draft", method: "POST", url: "/api/v1/partner-reports/prj-a-rep4/transitions", body: `{"to":"draft","reason":"the March payslips are missing"}`,
		want: [8]int{200, 200, 403, 404, 403, 200, 404, 401}},
	{name: "decide on a line in control", method: "POST", url: "/api/v1/partner-reports/prj-a-rep6/control",
		body: `{"lines":[{"expenditure_id":"prj-a-rl6","in_sample":true,"certified":{"amount":"70.00","currency":"EUR"},"deducted":{"amount":"10.00","currency":"EUR"},"error_type":"missing_document"}]}`,
		want: cyControl},
	{name: "certify a report in control", method: "POST", url: "/api/v1/partner-reports/prj-a-rep6/transitions", body: `{"to":"certified"}`, want: cyControl},
	{name: "reopen a certified report", method: "POST", url: "/api/v1/partner-reports/prj-a-rep1/transitions", body: `{"to":"in_control","reason":"audit finding"}`, want: cyProgramme},
	{name: "list a project's project reports", method: "GET", url: "/api/v1/projects/prj-a/project-reports", want: cyList},
	{name: "create a project report", method: "POST", url: "/api/v1/projects/prj-a/project-reports", body: `{"period":1,"partner_report_ids":["prj-a-rep1"]}`,
		want: [8]int{201, 201, 403, 403, 403, 403, 403, 401}},
	{name: "read a project report", method: "GET", url: "/api/v1/project-reports/prj-a-prr", want: cyReadDraft},
	{name: "submit a project report", method: "POST", url: "/api/v1/project-reports/prj-a-prr2/transitions", body: `{"to":"submitted"}`, want: cyLead},
	{name: "verify a project report", method: "POST", url: "/api/v1/project-reports/prj-a-prr3/transitions", body: `{"to":"verified"}`, want: cyVerify},
	{name: "return a project report", method: "POST", url: "/api/v1/project-reports/prj-a-prr3/transitions", body: `{"to":"returned","reason":"the lead's report is missing"}`, want: cyVerify},
	{name: "list a project's payments", method: "GET", url: "/api/v1/projects/prj-a/payments", want: cyList},
	{name: "read a payment", method: "GET", url: "/api/v1/payments/{PAY}", want: cyReadDraft},
	{name: "record a payment", method: "PUT", url: "/api/v1/payments/{PAY}", body: `{"paid":{"amount":"255.00","currency":"EUR"},"paid_on":"2030-01-02"}`,
		want: [8]int{200, 403, 403, 403, 403, 403, 403, 401}},
	{name: "list a project's advances", method: "GET", url: "/api/v1/projects/prj-a/advances", want: cyList},
	{name: "pay an advance", method: "POST", url: "/api/v1/projects/prj-a/advances",
		body: `{"partner_id":"prj-a-lp","fund_id":"erdf","amount":{"amount":"100.00","currency":"EUR"},"paid_on":"2023-02-01"}`, want: [8]int{201, 403, 403, 403, 403, 403, 403, 401}},
	// The cycle's reports are read as the records they are of.
	{name: "read the report of a submitted report", method: "GET", url: "/api/v1/partner-reports/prj-a-rep4/reports/partner-report.json", want: cyRead},
	{name: "read the report of a draft", method: "GET", url: "/api/v1/partner-reports/prj-a-rep3/reports/partner-report.csv", want: cyReadDraft},
	{name: "read a control certificate", method: "GET", url: "/api/v1/partner-reports/prj-a-rep1/reports/control-certificate.json", want: cyRead},
	{name: "read a control certificate as a spreadsheet", method: "GET", url: "/api/v1/partner-reports/prj-a-rep1/reports/control-certificate.xlsx", want: cyRead},
	{name: "read the report of a project report", method: "GET", url: "/api/v1/project-reports/prj-a-prr/reports/project-report.json", want: cyReadDraft},
	{name: "read the payment statement", method: "GET", url: "/api/v1/projects/prj-a/reports/payment-statement.csv", want: cyList},
	// A controller reads nothing else: not the project's records, not its
	// own organisation's beneficiaries, not an unpublished project.
	{name: "read a project's expenditure", method: "GET", url: "/api/v1/projects/prj-a/expenditure", want: cyList},
	{name: "read an attendance list", method: "GET", url: "/api/v1/events/prj-a-ev/attendance", want: [8]int{200, 200, 200, 404, 200, 404, 404, 401}},
	{name: "read a beneficiary", method: "GET", url: "/api/v1/beneficiaries/org-a-b1", want: [8]int{200, 200, 404, 404, 404, 404, 404, 401}},
	{name: "read an unpublished project", method: "GET", url: "/api/v1/projects/prj-draft", want: [8]int{200, 200, 200, 404, 200, 404, 404, 404}},
}

// TestCycleRulesByRole runs every cycle rule case as every caller on a
// fresh fixture: the status, the OpenAPI document's description of the
// exchange, and for a refused call that nothing changed (records and
// audit log re-read), for an allowed write that the log names the caller.
func TestCycleRulesByRole(t *testing.T) {
	loadSpec(t)
	covered := map[string]bool{}
	n := 0
	for _, c := range cycleRules {
		for i, who := range cycleCallers {
			n++
			name := who
			if name == "" {
				name = "anonymous"
			}
			t.Run(c.name+" as "+name, func(t *testing.T) {
				f := newRulesFixture(t)
				seedCycleRules(t, f.store)
				url := expandIDs(t, f.store, "prj-a", c.url)
				var hdr []string
				var body any
				if c.body != "" {
					body = c.body
				}
				if c.ct != "" {
					hdr = append(hdr, "Content-Type", c.ct)
				}
				if c.method == "PUT" || c.method == "PATCH" || c.method == "DELETE" {
					cur := f.do("admin", "GET", url, nil)
					require.Equal(t, 200, cur.Status, string(cur.Body))
					hdr = append(hdr, "If-Match", cur.Header.Get("ETag"))
					if c.body == "" {
						m := cur.json(t)
						m["description"] = "corrected"
						if strings.Contains(url, "/partner-reports/") {
							delete(m, "description")
							m["period"] = 2
						}
						b, _ := json.Marshal(m)
						body = writableAs(t, f.h, c.method, routeOf(t, f.h, c.method, url), b)
					}
				}
				before := f.cycleState()
				r := f.do(who, c.method, url, body, hdr...)
				assert.Equal(t, c.want[i], r.Status, string(r.Body))
				route := routeOf(t, f.h, c.method, url)
				covered[c.method+" "+route] = true
				conforms(t, c.method, route, url, body, hdr, r)
				if c.method == "GET" {
					return
				}
				if r.Status >= 400 {
					assert.Equal(t, before, f.cycleState(), "a refused call changed something")
					return
				}
				assert.NotEqual(t, before, f.cycleState(), "an allowed call changed nothing")
				assert.Equal(t, "token:"+tokenIDOf(f.tokens[who]), lastAudit(t, f).Actor.ID)
			})
		}
	}
	f := newFixture(t)
	for _, rt := range f.h.routes {
		if strings.Contains(rt.Path, "partner-reports") || strings.Contains(rt.Path, "project-reports") || strings.Contains(rt.Path, "report-lines") ||
			strings.Contains(rt.Path, "payments") || strings.Contains(rt.Path, "advances") {
			if rt.Method == "PATCH" && rt.Path == "/api/v1/report-lines/{id}" {
				continue // a merge patch is a PUT after the merge: TestRoutesByRole calls it
			}
			assert.True(t, covered[rt.Method+" "+rt.Path], "cycle route %s %s has no case in cycleRules", rt.Method, rt.Path)
		}
	}
	t.Logf("%d cycle route × role × organisation cases", n)
}

// routeOf returns the pattern of the route that serves method url.
func routeOf(t *testing.T, h *Handler, method, url string) string {
	t.Helper()
	path, _, _ := strings.Cut(url, "?")
	parts := strings.Split(path, "/")
	for _, rt := range h.routes {
		if rt.Method != method {
			continue
		}
		pp := strings.Split(rt.Path, "/")
		if len(pp) != len(parts) {
			continue
		}
		ok := true
		for i := range pp {
			if pp[i] != parts[i] && !(strings.HasPrefix(pp[i], "{") && strings.HasSuffix(pp[i], "}")) {
				ok = false
				break
			}
		}
		if ok {
			return rt.Path
		}
	}
	t.Fatalf("no route serves %s %s", method, url)
	return ""
}

// acceptance is the issue's project: lead partner L and partner P, both
// ERDF 85 %, office and administration at 15 % of staff costs, in
// implementation; both controlled by the control body acc-cb; acc-x is
// another body.
func newAcceptanceFixture(t *testing.T) *fixture {
	t.Helper()
	s := memory.New()
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	day := socialsvc.MustDate
	for _, o := range []socialsvc.OrgID{"acc-l", "acc-p", "acc-cb", "acc-x"} {
		mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: o, Name: "Organisation " + string(o), LegalStatus: socialsvc.LegalNGO, Country: "SI"}))
	}
	mustDo(t, s.CreateFund(ctx, &socialsvc.Fund{ID: "erdf", Code: "ERDF", Name: socialsvc.I18n{"en": "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}))
	p := socialsvc.Project{ID: "acc", Acronym: "ACC", Title: socialsvc.I18n{"en": "Acceptance"}, Programme: "Interreg", Start: day("2024-01-01"), End: day("2025-12-31"),
		Currency: socialsvc.EUR, Periods: []socialsvc.Period{{Number: 1, Start: day("2024-01-01"), End: day("2024-12-31")}},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}}}
	mustDo(t, s.CreateProject(ctx, &p))
	erdf := []socialsvc.CoFinancing{{FundID: "erdf", RatePercent: decimal.NewFromInt(85)}}
	for _, pt := range []socialsvc.Partner{
		{ID: "acc-lp", ProjectID: "acc", OrgID: "acc-l", Role: socialsvc.RoleLead, Number: 1, Funding: erdf, ControlBody: "acc-cb"},
		{ID: "acc-pp", ProjectID: "acc", OrgID: "acc-p", Role: socialsvc.RolePartner, Number: 2, Funding: erdf, ControlBody: "acc-cb"},
	} {
		mustDo(t, s.CreatePartner(ctx, &pt))
	}
	mustDo(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: "acc", PartnerID: "acc-lp", Category: socialsvc.CatStaff, Period: 1, Amount: socialsvc.MustMoney("10000.00", socialsvc.EUR)}))
	mustDo(t, s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: "acc", PartnerID: "acc-pp", Category: socialsvc.CatStaff, Period: 1, Amount: socialsvc.MustMoney("2000.00", socialsvc.EUR)}))
	mustDo(t, demo.Advance(ctx, s, "acc", socialsvc.StatusInImplementation))
	f := newFixtureOn(t, s)
	ts := f.h.opts.Tokens.(*MemoryTokens)
	for name, spec := range map[string]struct {
		role Role
		org  socialsvc.OrgID
	}{"ed-l": {RoleEditor, "acc-l"}, "ed-p": {RoleEditor, "acc-p"}, "ctl": {RoleController, "acc-cb"}, "ctl-x": {RoleController, "acc-x"}} {
		tok, _, err := Issue(context.Background(), ts, spec.role, spec.org, name)
		require.NoError(t, err)
		f.tokens[name] = tok
	}
	return f
}

// call sends a request, checks its status and the OpenAPI document's
// description of it, and returns the response.
func (f *fixture) call(who, method, url string, body any, want int, hdr ...string) resp {
	f.t.Helper()
	r := f.do(who, method, url, body, hdr...)
	require.Equal(f.t, want, r.Status, "%s %s as %s: %s", method, url, who, r.Body)
	conforms(f.t, method, routeOf(f.t, f.h, method, url), url, body, hdr, r)
	return r
}

// refused sends a request that must fail with status, naming field, and
// change nothing (the audit log, which every write extends, is re-read).
func (f *fixture) refused(who, method, url string, body any, status int, field string, hdr ...string) {
	f.t.Helper()
	before := f.auditCount()
	r := f.call(who, method, url, body, status, hdr...)
	fields := problemFieldsIfAny(r)
	require.NotEmpty(f.t, fields, "%s %s: the problem names no field: %s", method, url, r.Body)
	assert.Equal(f.t, field, fields[0].Field, "%s %s: %s", method, url, r.Body)
	assert.Equal(f.t, before, f.auditCount(), "%s %s: a refused call changed something", method, url)
}

func money(t *testing.T, v any) string {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%v is not money", v)
	assert.Equal(t, "EUR", m["currency"])
	return m["amount"].(string)
}

// TestCycleOverHTTP is the issue's acceptance case through the API, with
// its bad input on the way, computed by hand:
//
//   - L declares staff 2.000,00 and 1.333,34 → office 15 % 500,00 →
//     declared 3.833,34; P declares staff 1.000,03 → office 150,00 →
//     declared 1.150,03.
//   - The controller deducts 333,33 of L's second line (ineligible): L
//     certified staff 3.000,01, office 450,00, total 3.450,01; P
//     certified in full, 1.150,03.
//   - ERDF: L 85 % of 3.450,01 = 2.932,5085 → 2.932,50, own 517,51; P 85 %
//     of 1.150,03 = 977,5255 → 977,52, own 172,51; together 3.910,02, not
//     the 3.910,03 of 85 % of 4.600,04.
//   - An ERDF advance of 1.000,00 paid to L earlier: L's payment is due
//     1.932,50 and the advance is settled.
func TestCycleOverHTTP(t *testing.T) {
	loadSpec(t)
	f := newAcceptanceFixture(t)
	id := func(r resp) string { return r.json(t)["id"].(string) }
	line := func(amount string) string {
		return `{"category":"staff","amount":{"amount":"` + amount + `","currency":"EUR"},"invoice_number":"PL-` + amount + `","invoice_date":"2024-03-15"}`
	}

	rl := id(f.call("ed-l", "POST", "/api/v1/projects/acc/partner-reports", `{"partner_id":"acc-lp","period":1}`, 201))
	f.call("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/expenditure", line("2000.00"), 201)
	l2 := id(f.call("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/expenditure", line("1333.34"), 201))
	rp := id(f.call("ed-p", "POST", "/api/v1/projects/acc/partner-reports", `{"partner_id":"acc-pp","period":1}`, 201))
	// P's line comes from a spreadsheet, as the existing imports read it.
	imp := f.call("ed-p", "POST", "/api/v1/partner-reports/"+rp+"/imports/expenditure", "category;amount;invoice_number;invoice_date\nstaff;1.000,03;PL-7;15.03.2024.\n", 201, "Content-Type", "text/csv")
	assert.Equal(t, float64(1), imp.json(t)["imported"])

	sum := f.call("ed-l", "GET", "/api/v1/partner-reports/"+rl+"/summary", nil, 200).json(t)
	assert.Equal(t, "3833.34", money(t, sum["declared"]))
	sum = f.call("ed-p", "GET", "/api/v1/partner-reports/"+rp+"/summary", nil, 200).json(t)
	assert.Equal(t, "1150.03", money(t, sum["declared"]))

	// A controller does not see a draft.
	f.call("ctl", "GET", "/api/v1/partner-reports/"+rl, nil, 404)
	sub := f.call("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/transitions", `{"to":"submitted"}`, 200).json(t)
	assert.Equal(t, "submitted", sub["status"])
	f.call("ed-p", "POST", "/api/v1/partner-reports/"+rp+"/transitions", `{"to":"submitted"}`, 200)

	// Bad input: lines in a submitted report, by the form and by a file.
	f.refused("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/expenditure", line("1.00"), 409, "status")
	f.refused("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/imports/expenditure", "category;amount;invoice_date\nstaff;1,00;15.03.2024.\n", 409, "status", "Content-Type", "text/csv")
	cur := f.call("ed-l", "GET", "/api/v1/report-lines/"+l2, nil, 200)
	assert.Equal(t, "1333.34", money(t, cur.json(t)["converted"]), "converted and frozen at submission")
	f.refused("ed-l", "PATCH", "/api/v1/report-lines/"+l2, `{"amount":{"amount":"1333.00","currency":"EUR"}}`, 409, "status",
		"Content-Type", ctMergePatch, "If-Match", cur.Header.Get("ETag"))

	// The controllers' queue; a controller of another body sees neither
	// report nor may it take one.
	q := f.call("ctl", "GET", "/api/v1/partner-reports", nil, 200).json(t)
	assert.Len(t, q["items"], 2)
	q = f.call("ctl-x", "GET", "/api/v1/partner-reports", nil, 200).json(t)
	assert.Empty(t, q["items"])
	before := f.auditCount()
	f.call("ctl-x", "POST", "/api/v1/partner-reports/"+rl+"/transitions", `{"to":"in_control"}`, 404)
	f.call("ctl-x", "GET", "/api/v1/partner-reports/"+rl+"/expenditure", nil, 404)
	assert.Equal(t, before, f.auditCount())
	// The partner does not control its own report.
	f.refused("ed-l", "POST", "/api/v1/partner-reports/"+rl+"/transitions", `{"to":"in_control"}`, 403, "partner_id")

	f.call("ctl", "POST", "/api/v1/partner-reports/"+rl+"/transitions", `{"to":"in_control"}`, 200)
	f.call("ctl", "POST", "/api/v1/partner-reports/"+rp+"/transitions", `{"to":"in_control"}`, 200)
	lines := f.call("ctl", "GET", "/api/v1/partner-reports/"+rl+"/expenditure", nil, 200).json(t)["items"].([]any)
	require.Len(t, lines, 2)

	// Bad input: certified + deducted ≠ declared.
	f.refused("ctl", "POST", "/api/v1/partner-reports/"+rl+"/control",
		`{"lines":[{"expenditure_id":"`+l2+`","in_sample":true,"certified":{"amount":"1000.00","currency":"EUR"},"deducted":{"amount":"333.33","currency":"EUR"},"error_type":"ineligible_cost"}]}`,
		400, "lines[0].deducted")
	f.call("ctl", "POST", "/api/v1/partner-reports/"+rl+"/control",
		`{"lines":[{"expenditure_id":"`+l2+`","in_sample":true,"certified":{"amount":"1000.01","currency":"EUR"},"deducted":{"amount":"333.33","currency":"EUR"},"error_type":"ineligible_cost","comment":"hours outside the project"}]}`, 200)
	f.call("ctl", "POST", "/api/v1/partner-reports/"+rl+"/transitions", `{"to":"certified"}`, 200)
	f.call("ctl", "POST", "/api/v1/partner-reports/"+rp+"/transitions", `{"to":"certified"}`, 200)

	sum = f.call("ctl", "GET", "/api/v1/partner-reports/"+rl+"/summary", nil, 200).json(t)
	assert.Equal(t, "3450.01", money(t, sum["certified"]))
	// 333,33 of the line and 50,00 of office (15 % of the 333,33 no
	// longer certified): 3.833,34 − 3.450,01.
	assert.Equal(t, "383.33", money(t, sum["deducted"]))
	cats := map[string]string{}
	for _, c := range sum["categories"].([]any) {
		cm := c.(map[string]any)
		cats[cm["category"].(string)] = money(t, cm["certified"])
	}
	assert.Equal(t, map[string]string{"staff": "3000.01", "office_administration": "450.00"}, cats)
	ded := sum["deductions"].([]any)
	require.Len(t, ded, 1)
	assert.Equal(t, "ineligible_cost", ded[0].(map[string]any)["error_type"])
	assert.Equal(t, "333.33", money(t, ded[0].(map[string]any)["deducted"]))
	sum = f.call("ed-p", "GET", "/api/v1/partner-reports/"+rp+"/summary", nil, 200).json(t)
	assert.Equal(t, "1150.03", money(t, sum["certified"]))

	// Bad input: an advance larger than L's ERDF share of its budget (85 %
	// of 11.500,00 = 9.775,00); then the advance of 1.000,00.
	f.refused("admin", "POST", "/api/v1/projects/acc/advances", `{"partner_id":"acc-lp","fund_id":"erdf","amount":{"amount":"9775.01","currency":"EUR"},"paid_on":"2024-02-01"}`, 400, "amount")
	adv := id(f.call("admin", "POST", "/api/v1/projects/acc/advances", `{"partner_id":"acc-lp","fund_id":"erdf","amount":{"amount":"1000.00","currency":"EUR"},"paid_on":"2024-02-01"}`, 201))

	// Bad input: a project report with an uncertified partner report.
	r3 := id(f.call("ed-l", "POST", "/api/v1/projects/acc/partner-reports", `{"partner_id":"acc-lp","period":1}`, 201))
	f.refused("ed-l", "POST", "/api/v1/projects/acc/project-reports", `{"period":1,"partner_report_ids":["`+rl+`","`+r3+`"]}`, 400, "partner_report_ids[1]")
	// P's editors do not assemble the project report.
	f.refused("ed-p", "POST", "/api/v1/projects/acc/project-reports", `{"period":1,"partner_report_ids":["`+rl+`","`+rp+`"]}`, 403, "project_id")

	pr := f.call("ed-l", "POST", "/api/v1/projects/acc/project-reports", `{"period":1,"partner_report_ids":["`+rl+`","`+rp+`"]}`, 201).json(t)
	assert.Equal(t, float64(1), pr["number"])
	prID := pr["id"].(string)
	f.call("ed-l", "POST", "/api/v1/project-reports/"+prID+"/transitions", `{"to":"submitted"}`, 200)
	f.refused("ed-l", "POST", "/api/v1/project-reports/"+prID+"/transitions", `{"to":"verified"}`, 403, "to")
	ver := f.call("admin", "POST", "/api/v1/project-reports/"+prID+"/transitions", `{"to":"verified"}`, 200).json(t)
	assert.Equal(t, "verified", ver["status"])

	pays := f.call("ed-l", "GET", "/api/v1/projects/acc/payments", nil, 200).json(t)["items"].([]any)
	require.Len(t, pays, 2)
	byPartner := map[string]map[string]any{}
	for _, p := range pays {
		pm := p.(map[string]any)
		byPartner[pm["partner_id"].(string)] = pm
		assert.Equal(t, prID, pm["project_report_id"])
		assert.Equal(t, "erdf", pm["fund_id"])
		assert.Nil(t, pm["paid"])
		assert.Nil(t, pm["paid_on"])
	}
	pl, pp := byPartner["acc-lp"], byPartner["acc-pp"]
	want := func(p map[string]any, certified, fund, own, settled, due string) {
		t.Helper()
		assert.Equal(t, certified, money(t, p["certified"]))
		assert.Equal(t, fund, money(t, p["fund_amount"]))
		assert.Equal(t, own, money(t, p["own_contribution"]))
		assert.Equal(t, settled, money(t, p["advance_settled"]))
		assert.Equal(t, due, money(t, p["due"]))
	}
	want(pl, "3450.01", "2932.50", "517.51", "1000.00", "1932.50")
	want(pp, "1150.03", "977.52", "172.51", "0.00", "977.52")
	fl, _ := decimal.NewFromString(money(t, pl["fund_amount"]))
	fp, _ := decimal.NewFromString(money(t, pp["fund_amount"]))
	assert.Equal(t, "3910.02", fl.Add(fp).StringFixed(2), "the sum of the partners' rounded shares, not 85 % of 4.600,04")
	advs := f.call("admin", "GET", "/api/v1/projects/acc/advances", nil, 200).json(t)["items"].([]any)
	require.Len(t, advs, 1)
	assert.Equal(t, adv, advs[0].(map[string]any)["id"])
	assert.Equal(t, "1000.00", money(t, advs[0].(map[string]any)["settled"]))

	// The same figures in the cycle's reports, as JSON and as CSV (in hr,
	// with decimal commas), as the controller and the programme read them.
	prURL, ccURL := "/api/v1/partner-reports/"+rl+"/reports/partner-report", "/api/v1/partner-reports/"+rl+"/reports/control-certificate"
	rep := f.call("ctl", "GET", prURL+".json", nil, 200).json(t)
	sums := rep["sums"].(map[string]any)
	assert.Equal(t, "3833.34", money(t, sums["declared"]))
	assert.Equal(t, "3450.01", money(t, sums["certified"]))
	assert.Equal(t, "383.33", money(t, sums["deducted"]))
	cats = map[string]string{}
	for _, c := range sums["categories"].([]any) {
		cm := c.(map[string]any)
		cats[cm["category"].(string)] = money(t, cm["certified"])
	}
	assert.Equal(t, map[string]string{"staff": "3000.01", "office_administration": "450.00"}, cats)
	col := func(lang socialsvc.Lang, id string) string { return i18n.T(lang, "cyclereports.col."+id) }
	cells := func(recs []map[string]string, lang socialsvc.Lang, ids ...string) [][]string {
		var out [][]string
		for _, r := range recs {
			var row []string
			for _, id := range ids {
				row = append(row, r[col(lang, id)])
			}
			out = append(out, row)
		}
		return out
	}
	// Declared and certified by category (staff, office at 15 %), then
	// the total.
	recs := csvRecords(t, f.call("ctl", "GET", prURL+".csv?table=categories", nil, 200).Body)
	assert.Equal(t, [][]string{{"3333.34", "3000.01", "333.33"}, {"500.00", "450.00", "50.00"}, {"3833.34", "3450.01", "383.33"}},
		cells(recs, socialsvc.EN, "declared", "certified", "deducted"))
	cc := f.call("ctl", "GET", ccURL+".json", nil, 200).json(t)
	assert.Equal(t, "3833.34", money(t, cc["declared"]))
	assert.Equal(t, "3450.01", money(t, cc["certified"]))
	assert.Equal(t, "383.33", money(t, cc["deducted"]))
	assert.Equal(t, float64(1), cc["sample_size"])
	// The certificate's own table is field by field.
	info := map[string]string{}
	for _, rec := range csvRaw(t, f.call("ctl", "GET", ccURL+".csv?lang=hr", nil, 200).Body)[1:] {
		require.Len(t, rec, 2)
		info[rec[0]] = rec[1]
	}
	assert.Equal(t, "3833,34", info[col(socialsvc.HR, "declared")])
	assert.Equal(t, "3450,01", info[col(socialsvc.HR, "certified")])
	assert.Equal(t, "383,33", info[col(socialsvc.HR, "deducted")])
	// The project report: L's and P's certified reports and their total.
	prr := f.call("admin", "GET", "/api/v1/project-reports/"+prID+"/reports/project-report.json", nil, 200).json(t)
	assert.Equal(t, "4983.37", money(t, prr["declared"]))
	assert.Equal(t, "4600.04", money(t, prr["certified"]))
	recs = csvRecords(t, f.call("admin", "GET", "/api/v1/project-reports/"+prID+"/reports/project-report.csv?table=partner_reports", nil, 200).Body)
	assert.Equal(t, [][]string{{"3833.34", "3450.01"}, {"1150.03", "1150.03"}, {"4983.37", "4600.04"}}, cells(recs, socialsvc.EN, "declared", "certified"))
	// The payment statement: ERDF per partner, rounded down each, and
	// the advance settled against L's payment.
	ps := f.call("ed-l", "GET", "/api/v1/projects/acc/reports/payment-statement.json", nil, 200).json(t)
	funds := ps["funds"].([]any)
	require.Len(t, funds, 1)
	erdf := funds[0].(map[string]any)
	assert.Equal(t, "3910.02", money(t, erdf["fund_amount"]))
	assert.Equal(t, "1000.00", money(t, erdf["advance_settled"]))
	assert.Equal(t, "2910.02", money(t, erdf["due"]))
	recs = csvRecords(t, f.call("ed-l", "GET", "/api/v1/projects/acc/reports/payment-statement.csv", nil, 200).Body)
	assert.ElementsMatch(t, [][]string{{"3450.01", "2932.50", "1000.00", "1932.50"}, {"1150.03", "977.52", "0.00", "977.52"}, {"", "3910.02", "1000.00", "2910.02"}},
		cells(recs, socialsvc.EN, "certified", "fund_amount", "advance_settled", "due"))

	// The payment is recorded once, with If-Match, by the programme.
	payURL := "/api/v1/payments/" + pl["id"].(string)
	etag := f.call("admin", "GET", payURL, nil, 200).Header.Get("ETag")
	paid := `{"paid":{"amount":"1932.50","currency":"EUR"},"paid_on":"2030-01-15"}`
	f.call("ed-l", "PUT", payURL, paid, 403, "If-Match", etag)
	f.call("admin", "PUT", payURL, paid, 428)
	got := f.call("admin", "PUT", payURL, paid, 200, "If-Match", etag).json(t)
	assert.Equal(t, "1932.50", money(t, got["paid"]))
	assert.Equal(t, "2030-01-15", got["paid_on"])
	// Bad input: the payment recorded twice, with the new ETag or the old.
	etag2 := f.call("admin", "GET", payURL, nil, 200).Header.Get("ETag")
	f.refused("admin", "PUT", payURL, paid, 409, "paid", "If-Match", etag2)
	f.refused("admin", "PUT", payURL, paid, 409, "paid", "If-Match", etag)
	// More than is due, on P's payment.
	ppURL := "/api/v1/payments/" + pp["id"].(string)
	f.refused("admin", "PUT", ppURL, `{"paid":{"amount":"977.53","currency":"EUR"},"paid_on":"2030-01-15"}`, 400, "paid",
		"If-Match", f.call("admin", "GET", ppURL, nil, 200).Header.Get("ETag"))
}

// csvRaw reads a report's CSV (a byte-order mark, a header row, ',' or
// ';' between fields).
func csvRaw(t *testing.T, body []byte) [][]string {
	t.Helper()
	text := strings.TrimPrefix(string(body), "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err, "%s", body)
	require.NotEmpty(t, recs)
	return recs
}

// csvRecords reads a report's CSV into its rows, each a map from the
// column's header to the cell.
func csvRecords(t *testing.T, body []byte) []map[string]string {
	t.Helper()
	recs := csvRaw(t, body)
	var out []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, cell := range rec {
			if i < len(recs[0]) {
				row[recs[0][i]] = cell
			}
		}
		out = append(out, row)
	}
	return out
}
