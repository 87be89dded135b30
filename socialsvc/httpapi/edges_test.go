package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// badInput is one input an integrator or an attacker may send: the status
// and the field (or parameter) the answer must name, and the records that
// must read back unchanged.
type badInput struct {
	name         string
	who          string
	method, path string
	body         string
	ct           string // Content-Type of body; application/json by default
	hdr          []string
	status       int
	field, rule  string   // the first field error expected ("" to skip)
	message      string   // a text the English message must contain
	unchanged    []string // paths an admin reads before and after
	noIfMatch    bool     // PUT/PATCH/DELETE without the record's ETag
}

const (
	orgPath = "/api/v1/organisations/org-a"
	benPath = "/api/v1/beneficiaries/org-a-b1"
	expPath = "/api/v1/expenditure/prj-a-ex"
	prjPath = "/api/v1/projects/prj-a"
)

func newOrgBody(extra string) string {
	return `{"name":"Udruga Novi korak","legal_status":"ngo","country":"HR"` + extra + `}`
}

var badInputs = []badInput{
	// JSON bodies.
	{name: "duplicate key", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: `{"id":"dup-1","name":"A","name":"B","legal_status":"ngo","country":"HR"}`, status: 400, field: "name", rule: "duplicate"},
	{name: "duplicate key nested", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"contact":{"email":"a@udruga.hr","email":"b@udruga.hr"}`), status: 400, field: "contact.email", rule: "duplicate"},
	{name: "duplicate key in a PUT", who: "editor-a", method: "PUT", path: orgPath,
		body: `{"name":"A","legal_status":"ngo","country":"HR","country":"SI"}`, status: 400, field: "country", rule: "duplicate", unchanged: []string{orgPath}},
	{name: "key matching only case-insensitively", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: `{"Name":"A","legal_status":"ngo","country":"HR"}`, status: 400, field: "Name", rule: "unknown"},
	{name: "invalid UTF-8 in a value", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"city":"Osijek` + "\xff" + `"`), status: 400, field: "city", rule: "utf8"},
	{name: "Windows-1250 č in a value", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"city":"` + "\xe8akovec" + `"`), status: 400, field: "city", rule: "utf8"},
	{name: "overlong UTF-8", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"short_name":"` + "\xc0\xaf" + `"`), status: 400, field: "short_name", rule: "utf8"},
	{name: "invalid UTF-8 in a key", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"ci` + "\xff" + `ty":"Osijek"`), status: 400, field: "body", rule: "utf8"},
	{name: "lone surrogate escape", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"city":"Osijek\ud800"`), status: 400, field: "city", rule: "utf8"},
	{name: "amount as a JSON number", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/expenditure",
		body: `{"partner_id":"prj-a-lp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":40.5,"currency":"EUR"}}`, status: 400, field: "amount.amount", rule: "money"},
	{name: "budget amount as a JSON number", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/budget-lines",
		body: `{"partner_id":"prj-a-lp","category":"staff","period":1,"amount":{"amount":250,"currency":"EUR"}}`, status: 400, field: "amount.amount", rule: "money"},
	{name: "amount as a number in a PUT", who: "editor-a", method: "PUT", path: expPath,
		body: `{"partner_id":"prj-a-lp","category":"staff","period":1,"date":"2023-05-03","amount":{"amount":100,"currency":"EUR"}}`, status: 400, field: "amount.amount", unchanged: []string{expPath}},
	{name: "money as a bare number", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/expenditure",
		body: `{"partner_id":"prj-a-lp","category":"staff","period":1,"date":"2023-06-01","amount":40.5}`, status: 400, field: "amount.amount", rule: "money"},
	{name: "decimal rate as a JSON number", who: "admin", method: "POST", path: "/api/v1/funds",
		body: `{"id":"esf","code":"ESF+","name":{"en":"ESF+"},"kind":"eu","max_rate_percent":85}`, status: 400, field: "max_rate_percent", rule: "type"},
	{name: "co-financing rate as a JSON number", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/partners",
		body: `{"org_id":"org-d","role":"partner","number":3,"funding":[{"fund_id":"erdf","rate_percent":85}]}`, status: 400, field: "funding[0].rate_percent", rule: "type"},
	{name: "date that does not exist", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/events",
		body: `{"type":"workshop","title":{"en":"New"},"start":"2023-02-30"}`, status: 400, field: "start", rule: "date", message: "that day does not exist"},
	{name: "Croatian date", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/expenditure",
		body: `{"partner_id":"prj-a-lp","category":"staff","period":1,"date":"15.03.2023.","amount":{"amount":"40.00","currency":"EUR"}}`, status: 400, field: "date", rule: "date", message: "write 15.03.2023. as 2023-03-15"},
	{name: "month 13", who: "admin", method: "POST", path: "/api/v1/projects",
		body: `{"id":"prj-m13","acronym":"M","title":{"en":"M"},"programme":"T","start":"2023-13-01","end":"2024-12-31","currency":"EUR"}`, status: 400, field: "start", rule: "date"},
	{name: "date in a nested period", who: "admin", method: "POST", path: "/api/v1/projects",
		body: `{"id":"prj-per","acronym":"P","title":{"en":"P"},"programme":"T","start":"2023-01-01","end":"2024-12-31","currency":"EUR","periods":[{"number":1,"start":"2023-01-01","end":"31.12.2023"}]}`, status: 400, field: "periods[0].end", rule: "date"},
	{name: "month written D.M.", who: "admin", method: "PUT", path: "/api/v1/rates",
		body: `{"currency":"GBP","month":"5.2023","rate":"0.87","source":"InforEuro"}`, status: 400, field: "month", rule: "month"},
	{name: "integer given as a string", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/partners",
		body: `{"org_id":"org-d","role":"partner","number":"3"}`, status: 400, field: "number", rule: "type"},
	{name: "integer with a fraction", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/partners",
		body: `{"org_id":"org-d","role":"partner","number":1.5}`, status: 400, field: "number", rule: "type"},
	{name: "object given as a string", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/work-packages",
		body: `{"code":"T9","title":"Novi"}`, status: 400, field: "title", rule: "type"},
	{name: "array given as an object", who: "admin", method: "POST", path: "/api/v1/projects",
		body: `{"id":"prj-arr","acronym":"A","title":{"en":"A"},"programme":"T","start":"2023-01-01","end":"2024-12-31","periods":{"number":1}}`, status: 400, field: "periods", rule: "type"},
	{name: "unknown nested field", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody(`,"contact":{"fax":"031 000"}`), status: 400, field: "contact.fax", rule: "unknown"},
	{name: "two JSON values", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: newOrgBody("") + newOrgBody(""), status: 400, field: "body", rule: "json"},
	{name: "duplicate key in a transition", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/transitions",
		body: `{"to":"in_implementation","to":"closed"}`, status: 400, field: "to", rule: "duplicate", unchanged: []string{prjPath}},

	// Query parameters.
	{name: "misspelt filter", who: "admin", method: "GET", path: "/api/v1/projects?stauts=closed", status: 400, field: "stauts", rule: "unknown_parameter"},
	{name: "filter given twice", who: "admin", method: "GET", path: "/api/v1/projects?status=closed&status=draft", status: 400, field: "status", rule: "repeated"},
	{name: "misspelt country", who: "viewer-a", method: "GET", path: "/api/v1/organisations?contry=HR", status: 400, field: "contry", rule: "unknown_parameter"},
	{name: "misspelt date filter", who: "viewer-a", method: "GET", path: "/api/v1/projects/prj-a/events?form=2023-01-01", status: 400, field: "form", rule: "unknown_parameter"},
	{name: "misspelt report period", who: "viewer-a", method: "GET", path: "/api/v1/projects/prj-a/reports/financial.json?perod=1", status: 400, field: "perod", rule: "unknown_parameter"},
	{name: "misspelt org filter on beneficiaries", who: "editor-a", method: "GET", path: "/api/v1/beneficiaries?orgid=org-b", status: 400, field: "orgid", rule: "unknown_parameter"},
	{name: "Croatian date in a query", who: "viewer-a", method: "GET", path: "/api/v1/projects/prj-a/expenditure?from=15.03.2023.", status: 400, field: "from", rule: "date", message: "2023-03-15"},
	{name: "unknown audit filter", who: "admin", method: "GET", path: "/api/v1/audit?entity_type=project", status: 400, field: "entity_type", rule: "unknown_parameter"},
	{name: "parameter on a route without any", who: "viewer-a", method: "GET", path: "/api/v1/me?debug=1", status: 400, field: "debug", rule: "unknown_parameter"},
	{name: "parameter on a delete", who: "editor-a", method: "DELETE", path: "/api/v1/events/prj-a-ev2?force=true", status: 400, field: "force", rule: "unknown_parameter",
		unchanged: []string{"/api/v1/events/prj-a-ev2"}},
	{name: "parameter on a PUT", who: "editor-a", method: "PUT", path: orgPath + "?dry_run=1", body: `{"name":"X","legal_status":"ngo","country":"HR"}`, status: 400, field: "dry_run",
		unchanged: []string{orgPath}},

	// Identifiers.
	{name: "path traversal id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"../../etc/passwd"`), status: 400, field: "id", rule: "id"},
	{name: "5000-character id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"` + strings.Repeat("a", 5000) + `"`), status: 400, field: "id", rule: "id",
		message: "at most 64"},
	{name: "NUL byte in an id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"org\u0000admin"`), status: 400, field: "id", rule: "id"},
	{name: "header injection id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"a\r\nSet-Cookie: x=1"`), status: 400, field: "id", rule: "id"},
	{name: "look-alike id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"org-а"`), status: 400, field: "id", rule: "id"}, // Cyrillic а
	{name: "upper-case id", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"id":"Grad-Osijek"`), status: 400, field: "id", rule: "id", message: "lower case"},
	{name: "id with a space", who: "admin", method: "POST", path: "/api/v1/projects",
		body: `{"id":"prj a","acronym":"A","title":{"en":"A"},"programme":"T","start":"2023-01-01","end":"2024-12-31"}`, status: 400, field: "id", rule: "id"},
	{name: "beneficiary id with a slash", who: "editor-a", method: "POST", path: "/api/v1/beneficiaries",
		body: `{"id":"../org-b-b1","org_id":"org-a","legal_basis":"public_task","retain_until":"2030-01-01"}`, status: 400, field: "id", rule: "id"},
	{name: "event id with a slash", who: "editor-a", method: "POST", path: "/api/v1/projects/prj-a/events",
		body: `{"id":"ev/1","type":"workshop","title":{"en":"New"},"start":"2023-07-01"}`, status: 400, field: "id", rule: "id"},
	{name: "fund id with a plus", who: "admin", method: "POST", path: "/api/v1/funds",
		body: `{"id":"ESF+","code":"ESF+","name":{"en":"ESF+"},"kind":"eu","max_rate_percent":"85"}`, status: 400, field: "id", rule: "id"},

	// NUTS codes.
	{name: "HR999", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"region":{"code":"HR999","version":"2021"}`), status: 400, field: "region.code", rule: "nuts"},
	{name: "XX999", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"region":{"code":"XX999","version":"2021"}`), status: 400, field: "region.code", rule: "nuts"},
	{name: "2016 code as 2021", who: "editor-a", method: "PATCH", path: prjPath, ct: ctMergePatch,
		body: `{"regions":[{"code":"HR050","version":"2021"},{"code":"HR044","version":"2021"}]}`, status: 400, field: "regions[1].code", rule: "nuts_edition", unchanged: []string{prjPath}},
	{name: "Kosovo as NUTS 2021", who: "admin", method: "POST", path: "/api/v1/organisations",
		body: `{"name":"NGO Aktiv","legal_status":"ngo","country":"XK","region":{"code":"XK","version":"2021"}}`, status: 400, field: "region.code", rule: "nuts_edition"},
	{name: "unknown NUTS edition", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"region":{"code":"HR050","version":"2020"}`), status: 400, field: "region.version", rule: "nuts_version"},
	{name: "beneficiary region HR999", who: "editor-a", method: "PATCH", path: benPath, ct: ctMergePatch, body: `{"region":"HR999"}`, status: 400, field: "region", rule: "nuts",
		unchanged: []string{benPath}},

	// Website URLs.
	{name: "javascript: website", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"website":"javascript:alert(document.cookie)"}`, status: 400, field: "website", rule: "http_url",
		unchanged: []string{orgPath}},
	{name: "ftp: website", who: "editor-a", method: "PATCH", path: prjPath, ct: ctMergePatch, body: `{"website":"ftp://bistra.si/2sokrog"}`, status: 400, field: "website", rule: "http_url",
		unchanged: []string{prjPath}},
	{name: "data: website", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"website":"data:text/html,<script>alert(1)</script>"`), status: 400, field: "website", rule: "http_url"},
	{name: "file: website", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"website":"file:///etc/passwd"`), status: 400, field: "website", rule: "http_url"},
	{name: "website with user info", who: "admin", method: "POST", path: "/api/v1/organisations", body: newOrgBody(`,"website":"https://zagreb.hr@evil.example/"`), status: 400, field: "website", rule: "http_url"},

	// Merge patches.
	{name: "patch without If-Match", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"short_name":"X"}`, noIfMatch: true, status: 428, field: "If-Match",
		unchanged: []string{orgPath}},
	{name: "patch as application/json", who: "editor-a", method: "PATCH", path: orgPath, body: `{"short_name":"X"}`, status: 415, field: "Content-Type", unchanged: []string{orgPath}},
	{name: "patch at a stale version", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"short_name":"X"}`, noIfMatch: true, hdr: []string{"If-Match", `"v99"`},
		status: 412, field: "If-Match", unchanged: []string{orgPath}},
	{name: "patch of the id", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"id":"org-z"}`, status: 400, field: "id", rule: "read_only", unchanged: []string{orgPath}},
	{name: "patch of the version", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"version":9}`, status: 400, field: "version", rule: "read_only", unchanged: []string{orgPath}},
	{name: "patch of a converted amount", who: "editor-a", method: "PATCH", path: expPath, ct: ctMergePatch, body: `{"converted":{"amount":"1.00","currency":"EUR"}}`, status: 400, field: "converted", rule: "read_only",
		unchanged: []string{expPath}},
	{name: "patch of erased", who: "editor-a", method: "PATCH", path: benPath, ct: ctMergePatch, body: `{"erased":true}`, status: 400, field: "erased", rule: "read_only", unchanged: []string{benPath}},
	{name: "patch that is an array", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `[{"short_name":"X"}]`, status: 400, field: "body", rule: "type", unchanged: []string{orgPath}},
	{name: "patch removing a required field", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"name":null}`, status: 400, field: "name", rule: "required", unchanged: []string{orgPath}},
	{name: "patch of the status", who: "editor-a", method: "PATCH", path: prjPath, ct: ctMergePatch, body: `{"status":"closed"}`, status: 400, field: "status", rule: "transition", unchanged: []string{prjPath}},
	{name: "patch moving a partner to another project", who: "editor-a", method: "PATCH", path: "/api/v1/partners/prj-a-lp", ct: ctMergePatch, body: `{"project_id":"prj-b"}`, status: 400,
		field: "project_id", rule: "immutable", unchanged: []string{"/api/v1/partners/prj-a-lp"}},
	{name: "patch with a duplicate key", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"short_name":"X","short_name":"Y"}`, status: 400, field: "short_name", rule: "duplicate",
		unchanged: []string{orgPath}},
	{name: "patch with an unknown field", who: "editor-a", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"shortname":"X"}`, status: 400, field: "shortname", rule: "unknown", unchanged: []string{orgPath}},
	{name: "patch with an amount as a number", who: "editor-a", method: "PATCH", path: expPath, ct: ctMergePatch, body: `{"amount":{"amount":120,"currency":"EUR"}}`, status: 400, field: "amount.amount",
		unchanged: []string{expPath}},
	{name: "patch of another organisation's record", who: "editor-b", method: "PATCH", path: orgPath, ct: ctMergePatch, body: `{"short_name":"X"}`, status: 403, unchanged: []string{orgPath}},

	// Records the caller may not read are not found.
	{name: "patch of another organisation's beneficiary", who: "editor-b", method: "PATCH", path: benPath, ct: ctMergePatch, body: `{"birth_year":1950}`, status: 404, unchanged: []string{benPath}},
	{name: "erasure of another organisation's beneficiary", who: "editor-b", method: "POST", path: benPath + "/erasure", status: 404, unchanged: []string{benPath}},
	{name: "attendance of another organisation's beneficiary", who: "editor-b", method: "POST", path: "/api/v1/events/prj-b-ev/attendance", body: `{"beneficiary_id":"org-a-b2"}`,
		status: 400, field: "beneficiary_id", rule: "exists", unchanged: []string{"/api/v1/events/prj-b-ev/attendance"}},
}

// problemFields returns the (field, rule, message) triples of a problem
// document.
func problemFields(t *testing.T, r resp) []ProblemField {
	t.Helper()
	var p Problem
	require.NoError(t, json.Unmarshal(r.Body, &p), string(r.Body))
	return p.Errors
}

// TestBadInputs sends every bad input and checks the status, the field
// named and that nothing changed: the audit log (which every write
// extends) has no new entry and the records read back as before.
func TestBadInputs(t *testing.T) {
	loadSpec(t)
	f := newFixture(t)
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string][]byte{}
			for _, p := range tc.unchanged {
				r := f.do("admin", "GET", p, nil)
				require.Equal(t, http.StatusOK, r.Status, p)
				before[p] = r.Body
			}
			hdr := append([]string{}, tc.hdr...)
			if tc.ct != "" {
				hdr = append(hdr, "Content-Type", tc.ct)
			}
			if !tc.noIfMatch && (tc.method == "PUT" || tc.method == "PATCH" || tc.method == "DELETE") {
				target, _, _ := strings.Cut(tc.path, "?")
				if cur := f.do("admin", "GET", target, nil); cur.Status == http.StatusOK {
					hdr = append(hdr, "If-Match", cur.Header.Get("ETag"))
				}
			}
			audit := f.auditCount()
			var body any
			if tc.body != "" {
				body = tc.body
			}
			r := f.do(tc.who, tc.method, tc.path, body, hdr...)
			require.Equal(t, tc.status, r.Status, string(r.Body))
			assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			if tc.field != "" {
				fields := problemFields(t, r)
				require.NotEmpty(t, fields, string(r.Body))
				assert.Equal(t, tc.field, fields[0].Field, string(r.Body))
				if tc.rule != "" {
					assert.Equal(t, tc.rule, fields[0].Rule, string(r.Body))
				}
				if tc.message != "" {
					assert.Contains(t, fields[0].Message, tc.message)
				}
			}
			assert.True(t, utf8.Valid(r.Body), "the answer is valid UTF-8 (no echo of the bytes sent)")
			assert.NotContains(t, string(r.Body), "etc/passwd")
			assert.NotContains(t, string(r.Body), "Set-Cookie")
			assert.Equal(t, audit, f.auditCount(), "nothing was written")
			for p, b := range before {
				after := f.do("admin", "GET", p, nil)
				assert.JSONEq(t, string(b), string(after.Body), "%s changed", p)
			}
		})
	}
	t.Logf("%d bad inputs", len(badInputs))
}

// TestCroatianDateHint checks the Croatian message of a date written the
// Croatian way.
func TestCroatianDateHint(t *testing.T) {
	f := newFixture(t)
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/events", `{"type":"workshop","title":{"en":"New"},"start":"15.03.2023."}`, "Accept-Language", "hr")
	require.Equal(t, 400, r.Status)
	fields := problemFields(t, r)
	require.Len(t, fields, 1)
	assert.Equal(t, ProblemField{Field: "start", Rule: "date", Message: "mora biti datum u obliku GGGG-MM-DD: 15.03.2023. piše se 2023-03-15"}, fields[0])
}

// TestNotReadableIsNotFound checks that a record the caller may not read
// answers exactly as a missing one: same status and same problem document
// but for the path and request ID.
func TestNotReadableIsNotFound(t *testing.T) {
	f := newFixture(t)
	same := func(t *testing.T, who, method, hidden, missing, body string, hdr ...string) {
		t.Helper()
		var b any
		if body != "" {
			b = body
		}
		audit := f.auditCount()
		h := f.do(who, method, hidden, b, hdr...)
		m := f.do(who, method, missing, b, hdr...)
		assert.Equal(t, m.Status, h.Status, "hidden %s: %s / missing: %s", hidden, h.Body, m.Body)
		var hp, mp Problem
		require.NoError(t, json.Unmarshal(h.Body, &hp), string(h.Body))
		require.NoError(t, json.Unmarshal(m.Body, &mp), string(m.Body))
		hp.Instance, mp.Instance, hp.RequestID, mp.RequestID = "", "", "", ""
		assert.Equal(t, mp, hp)
		assert.Equal(t, audit, f.auditCount())
	}
	t.Run("beneficiary of another organisation", func(t *testing.T) {
		same(t, "editor-a", "GET", "/api/v1/beneficiaries/org-b-b1", "/api/v1/beneficiaries/org-b-b9", "")
		same(t, "viewer-a", "GET", "/api/v1/beneficiaries/org-b-b1", "/api/v1/beneficiaries/org-b-b9", "")
		same(t, "editor-a", "PUT", "/api/v1/beneficiaries/org-b-b1", "/api/v1/beneficiaries/org-b-b9", `{"legal_basis":"consent","retain_until":"2030-12-31"}`, "If-Match", `"v1"`)
		same(t, "editor-a", "DELETE", "/api/v1/beneficiaries/org-b-b2", "/api/v1/beneficiaries/org-b-b9", "", "If-Match", `"v1"`)
		same(t, "editor-a", "POST", "/api/v1/beneficiaries/org-b-b1/erasure", "/api/v1/beneficiaries/org-b-b9/erasure", "")
	})
	t.Run("attendance of another organisation's person", func(t *testing.T) {
		audit := f.auditCount()
		hidden := f.do("editor-a", "POST", "/api/v1/events/prj-a-ev2/attendance", `{"beneficiary_id":"org-b-b1"}`)
		missing := f.do("editor-a", "POST", "/api/v1/events/prj-a-ev2/attendance", `{"beneficiary_id":"org-b-b9"}`)
		assert.Equal(t, 400, hidden.Status)
		assert.Equal(t, missing.Status, hidden.Status)
		assert.Equal(t, problemFields(t, missing), problemFields(t, hidden))
		assert.Equal(t, audit, f.auditCount())
		same(t, "editor-b", "DELETE", "/api/v1/events/prj-b-ev/attendance/org-a-b1", "/api/v1/events/prj-b-ev/attendance/org-a-b9", "")
	})
	t.Run("records of a project of another organisation", func(t *testing.T) {
		for _, p := range []string{"partners/prj-b-lp", "work-packages/prj-b-wp", "activities/prj-b-act", "events/prj-b-ev", "indicators/prj-b-ind",
			"measurements/prj-b-m", "budget-lines/prj-b-bl", "expenditure/prj-b-ex"} {
			coll, id, _ := strings.Cut(p, "/")
			same(t, "editor-a", "GET", "/api/v1/"+p, "/api/v1/"+coll+"/"+id+"-missing", "")
			same(t, "editor-a", "PATCH", "/api/v1/"+p, "/api/v1/"+coll+"/"+id+"-missing", `{}`, "Content-Type", ctMergePatch, "If-Match", `"v1"`)
		}
		same(t, "editor-a", "GET", "/api/v1/events/prj-b-ev/attendance", "/api/v1/events/prj-b-missing/attendance", "")
		same(t, "editor-a", "GET", "/api/v1/indicators/prj-b-ind/measurements", "/api/v1/indicators/prj-b-missing/measurements", "")
	})
	t.Run("another organisation's draft", func(t *testing.T) {
		same(t, "editor-b", "GET", "/api/v1/projects/prj-draft", "/api/v1/projects/prj-missing", "")
		same(t, "viewer-b", "GET", "/api/v1/projects/prj-draft/partners", "/api/v1/projects/prj-missing/partners", "")
		same(t, "editor-b", "POST", "/api/v1/projects/prj-draft/events", "/api/v1/projects/prj-missing/events", `{"type":"workshop","title":{"en":"x"},"start":"2023-07-01"}`)
	})
}

// TestMergePatch checks that a patch changes the fields it names, removes
// the ones it sets to null and keeps the rest, where a PUT replaces the
// whole record.
func TestMergePatch(t *testing.T) {
	f := newFixture(t)
	etag := func(p string) string { return f.do("admin", "GET", p, nil).Header.Get("ETag") }
	r := f.do("editor-a", "PATCH", orgPath, `{"short_name":"OA","city":"Osijek","contact":{"email":"ured@udruga.hr"}}`, "Content-Type", ctMergePatch, "If-Match", etag(orgPath))
	require.Equal(t, 200, r.Status, string(r.Body))
	var o socialsvc.Organisation
	require.NoError(t, json.Unmarshal(r.Body, &o))
	assert.Equal(t, "OA", o.ShortName)
	assert.Equal(t, "Osijek", o.City)
	assert.Equal(t, "Organisation org-a", o.Name, "kept")
	assert.Equal(t, "12345678903", o.TaxID, "kept")
	assert.Equal(t, `"v2"`, r.Header.Get("ETag"))

	r = f.do("editor-a", "PATCH", orgPath, `{"city":null,"contact":{"phone":"031 205 000"}}`, "Content-Type", ctMergePatch, "If-Match", `"v2"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	o = socialsvc.Organisation{}
	require.NoError(t, json.Unmarshal(r.Body, &o))
	assert.Empty(t, o.City, "null removes the field")
	assert.Equal(t, "OA", o.ShortName, "kept")
	require.NotNil(t, o.Contact)
	assert.Equal(t, "ured@udruga.hr", o.Contact.Email, "objects merge member by member")
	assert.Equal(t, "031 205 000", o.Contact.Phone)

	// PUT is a full replacement: short_name left out is erased.
	r = f.do("editor-a", "PUT", orgPath, `{"name":"Organisation org-a","legal_status":"ngo","country":"HR","tax_id":"12345678903"}`, "If-Match", `"v3"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	o = socialsvc.Organisation{}
	require.NoError(t, json.Unmarshal(r.Body, &o))
	assert.Empty(t, o.ShortName)

	// An amount in an expenditure line is patched whole and converted.
	r = f.do("editor-a", "PATCH", expPath, `{"amount":{"amount":"120.00","currency":"EUR"}}`, "Content-Type", ctMergePatch, "If-Match", etag(expPath))
	require.Equal(t, 200, r.Status, string(r.Body))
	var e socialsvc.Expenditure
	require.NoError(t, json.Unmarshal(r.Body, &e))
	assert.Equal(t, socialsvc.MustMoney("120.00", socialsvc.EUR), e.Amount)
	assert.Equal(t, socialsvc.MustMoney("120.00", socialsvc.EUR), e.Converted)
	assert.Equal(t, socialsvc.CatStaff, e.Category, "kept")
}

// TestQueryParametersMatchTheDocument checks, for every route, that the
// parameters the OpenAPI document lists are the ones the server accepts:
// each listed one passes the check, an unlisted one is refused, before
// anything is read or written.
func TestQueryParametersMatchTheDocument(t *testing.T) {
	f := newFixture(t)
	doc := f.h.OpenAPI()
	paths := doc["paths"].(map[string]any)
	for _, c := range append(append([]routeCase{}, routeCases...), extraCases...) {
		var rt *route
		for _, x := range f.h.routes {
			if x.Method == c.Method && x.Path == c.Route {
				rt = x
			}
		}
		require.NotNil(t, rt, c.Route)
		op := paths[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		var documented []string
		for _, p := range op["parameters"].([]any) {
			if pm := p.(map[string]any); pm["in"] == "query" {
				documented = append(documented, pm["name"].(string))
			}
		}
		var declared []string
		for _, p := range rt.Query {
			declared = append(declared, p.Name)
		}
		assert.ElementsMatch(t, declared, documented, "%s %s", rt.Method, rt.Path)

		u, _ := url.Parse(expandIDs(t, f.store, string(prjA), strings.NewReplacer("{P}", string(prjA), "{O}", string(orgA)).Replace(c.URL)))
		for _, name := range documented {
			q := url.Values{name: {"1"}}
			r := f.do("admin", rt.Method, u.Path+"?"+q.Encode(), nil)
			for _, fe := range problemFieldsIfAny(r) {
				assert.NotEqual(t, "unknown_parameter", fe.Rule, "%s %s ?%s is documented and refused", rt.Method, rt.Path, name)
			}
		}
		audit := f.auditCount()
		r := f.do("admin", rt.Method, u.Path+"?zzz=1", nil)
		assert.Equal(t, 400, r.Status, "%s %s?zzz=1: %s", rt.Method, rt.Path, r.Body)
		fields := problemFieldsIfAny(r)
		if assert.Len(t, fields, 1, "%s %s", rt.Method, rt.Path) {
			assert.Equal(t, ProblemField{Field: "zzz", Rule: "unknown_parameter",
				Message: "is not a parameter of this route; see the OpenAPI document for the ones it takes"}, fields[0])
		}
		assert.Equal(t, audit, f.auditCount(), "%s %s wrote before refusing", rt.Method, rt.Path)
	}
}

func problemFieldsIfAny(r resp) []ProblemField {
	var p Problem
	if json.Unmarshal(r.Body, &p) != nil {
		return nil
	}
	return p.Errors
}

// TestMisspeltFilterWidensNothing is the case: ?stauts=closed used
// to be ignored and list every project, drafts included.
func TestMisspeltFilterWidensNothing(t *testing.T) {
	f := newFixture(t)
	r := f.do("admin", "GET", "/api/v1/projects?stauts=closed", nil)
	require.Equal(t, 400, r.Status)
	assert.NotContains(t, string(r.Body), string(prjD))
	ok := f.do("admin", "GET", "/api/v1/projects?status=closed", nil)
	require.Equal(t, 200, ok.Status)
	assert.NotContains(t, string(ok.Body), string(prjD))
}

// FuzzDecodeJSON feeds arbitrary bodies to the strict decoder of the API
// for three record types. It must never panic; what it accepts is valid
// UTF-8 JSON, and what it refuses is an invalid error naming a field.
func FuzzDecodeJSON(f *testing.F) {
	for _, tc := range badInputs {
		if tc.body != "" {
			f.Add([]byte(tc.body))
		}
	}
	for _, s := range []string{`{}`, `{"name":"A","legal_status":"ngo","country":"HR"}`, `[`, `{"a":`, `{"region":{"code":"HR050","version":"2021"}}`,
		`{"amount":{"amount":"1.00","currency":"EUR"}}`, `{"date":"2023-02-28"}`, strings.Repeat("[", 100), `"\ud800"`, "{\"name\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, dst := range []any{&socialsvc.Organisation{}, &socialsvc.Expenditure{}, &socialsvc.Project{}} {
			req, err := http.NewRequest("POST", "/", strings.NewReader(string(body)))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			err = decodeJSON(req, dst)
			if err == nil {
				assert.True(t, utf8.Valid(body), "accepted invalid UTF-8: %q", body)
				assert.True(t, json.Valid(body), "accepted invalid JSON: %q", body)
				continue
			}
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%v", err)
			fields := socialsvc.ErrorFields(err)
			if assert.NotEmpty(t, fields, "a refusal names a field: %v", err) {
				assert.NotEmpty(t, fields[0].Field, "%v", err)
				assert.NotEmpty(t, fields[0].MessageHR, "%v", err)
			}
		}
	})
}

// FuzzMergePatch applies arbitrary merge patches to a stored organisation
// through the handler's own steps (readPatch, applyPatch). It must never
// panic; a refused patch is an invalid error naming a field, and an
// accepted one keeps every field the patch does not name.
func FuzzMergePatch(f *testing.F) {
	for _, s := range []string{`{}`, `{"short_name":"OA"}`, `{"city":null}`, `{"contact":{"email":"a@b.hr"}}`, `{"region":{"code":"HR050","version":"2021"}}`,
		`{"id":"x"}`, `[]`, `null`, `{"name":null}`, `{"contact":null}`, `{"a":{"b":{"c":1}}}`, `{"short_name":"A","short_name":"B"}`} {
		f.Add([]byte(s))
	}
	cur := socialsvc.Organisation{ID: "org-a", Name: "Udruga", ShortName: "U", LegalStatus: socialsvc.LegalNGO, Country: "HR", City: "Osijek", Version: 3}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := http.NewRequest("PATCH", "/", strings.NewReader(string(body)))
		require.NoError(t, err)
		patch, err := readPatch(req, reflect.TypeFor[socialsvc.Organisation](), readOnlyFields)
		if err != nil {
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%v", err)
			if fields := socialsvc.ErrorFields(err); assert.NotEmpty(t, fields, "%v", err) {
				assert.NotEmpty(t, fields[0].Field)
			}
			return
		}
		v, err := applyPatch(cur, patch)
		if err != nil {
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%v", err)
			return
		}
		if _, named := patch["city"]; !named {
			assert.Equal(t, cur.City, v.City, "a field the patch does not name is kept")
		}
		if _, named := patch["name"]; !named {
			assert.Equal(t, cur.Name, v.Name)
		}
		assert.Equal(t, cur.ID, v.ID, "read-only fields cannot change")
		assert.Equal(t, cur.Version, v.Version)
	})
}
