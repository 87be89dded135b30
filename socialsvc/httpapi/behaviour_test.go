package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func TestIfMatch(t *testing.T) {
	f := newFixture(t)
	cur := f.do("admin", "GET", "/api/v1/projects/prj-a", nil)
	require.Equal(t, 200, cur.Status)
	require.Equal(t, `"v4"`, cur.Header.Get("ETag"))
	var p map[string]any
	require.NoError(t, json.Unmarshal(cur.Body, &p))
	p["acronym"] = "CHANGED"
	tests := []struct {
		name    string
		ifMatch []string
		want    int
		code    string
	}{
		{"missing", nil, 428, "invalid"},
		{"stale", []string{"If-Match", `"v3"`}, 412, "conflict"},
		{"weak tags never match", []string{"If-Match", `W/"v4"`}, 412, "conflict"},
		{"malformed", []string{"If-Match", `v4`}, 412, "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.auditCount()
			r := f.do("admin", "PUT", "/api/v1/projects/prj-a", p, tt.ifMatch...)
			assert.Equal(t, tt.want, r.Status)
			assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			assert.Equal(t, tt.code, r.json(t)["code"])
			assert.Equal(t, before, f.auditCount())
			got := f.do("admin", "GET", "/api/v1/projects/prj-a", nil)
			assert.Equal(t, `"v4"`, got.Header.Get("ETag"))
			assert.Equal(t, "prj-a", got.json(t)["acronym"])
		})
	}
	r := f.do("admin", "DELETE", "/api/v1/budget-lines/prj-a-bl", nil)
	assert.Equal(t, 428, r.Status)
	r = f.do("admin", "DELETE", "/api/v1/budget-lines/prj-a-bl", nil, "If-Match", `"v9"`)
	assert.Equal(t, 412, r.Status)

	r = f.do("admin", "PUT", "/api/v1/projects/prj-a", p, "If-Match", `"v4"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, `"v5"`, r.Header.Get("ETag"))
	assert.Equal(t, "CHANGED", r.json(t)["acronym"])
	// The old ETag is now stale.
	r = f.do("admin", "PUT", "/api/v1/projects/prj-a", p, "If-Match", `"v4"`)
	assert.Equal(t, 412, r.Status)
}

func TestStoreStaleVersionIs412(t *testing.T) {
	// Two writers read v1; the second one's store call meets a version
	// the store has moved past: the store says conflict on "version", the
	// API says 412.
	p := problemOf(&socialsvc.Error{Code: socialsvc.Conflict, Message: "stale",
		Fields: []socialsvc.FieldError{{Field: "version", Rule: "version", Message: "m", MessageHR: "m"}}}, socialsvc.EN)
	assert.Equal(t, 412, p.Status)
	assert.Equal(t, "conflict", p.Code)
	p = problemOf(&socialsvc.Error{Code: socialsvc.Conflict, Message: "other"}, socialsvc.EN)
	assert.Equal(t, 409, p.Status)
}

func TestTransitions(t *testing.T) {
	f := newFixture(t)
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/transitions", Transition{To: socialsvc.StatusDraft})
	require.Equal(t, 409, r.Status)
	pr := r.json(t)
	assert.Equal(t, "conflict", pr["code"])
	assert.Equal(t, "status", pr["errors"].([]any)[0].(map[string]any)["field"])
	r = f.do("editor-a", "POST", "/api/v1/projects/prj-a/transitions", Transition{To: "nonsense"})
	assert.Equal(t, 400, r.Status)
	r = f.do("admin", "POST", "/api/v1/projects/prj-a/transitions", Transition{To: socialsvc.StatusInImplementation}, "If-Match", `"v4"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "in_implementation", r.json(t)["status"])
	assert.Equal(t, `"v5"`, r.Header.Get("ETag"))
	// A status change by PUT is refused: it goes through transitions.
	cur := f.do("admin", "GET", "/api/v1/projects/prj-a", nil).json(t)
	cur["status"] = "closed"
	r = f.do("admin", "PUT", "/api/v1/projects/prj-a", cur, "If-Match", `"v5"`)
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "transition", r.json(t)["errors"].([]any)[0].(map[string]any)["rule"])
}

func TestProblemDocuments(t *testing.T) {
	f := newFixture(t)
	field := func(r resp) map[string]any {
		t.Helper()
		errs, ok := r.json(t)["errors"].([]any)
		require.True(t, ok, string(r.Body))
		return errs[0].(map[string]any)
	}
	tests := []struct {
		name   string
		body   string
		lang   string
		status int
		field  string
		rule   string
		msg    string
	}{
		{"unknown field", `{"code":"T5","title":{"en":"x"},"colour":"red"}`, "", 400, "colour", "unknown", "unknown field"},
		{"wrong type", `{"code":5,"title":{"en":"x"}}`, "", 400, "code", "type", "must be of JSON type string"},
		{"malformed", `{"code":"T5",`, "", 400, "body", "json", "malformed JSON: unexpected end"},
		{"validation in Croatian", `{"code":"","title":{"en":"x"}}`, "hr-HR,hr;q=0.9,en;q=0.8", 400, "code", "required", ""},
		{"two values", `{"code":"T5","title":{"en":"x"}} {}`, "", 400, "body", "json", "the body must hold one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do("admin", "POST", "/api/v1/projects/prj-a/work-packages", tt.body, "Accept-Language", tt.lang)
			require.Equal(t, tt.status, r.Status, string(r.Body))
			assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			fe := field(r)
			assert.Equal(t, tt.field, fe["field"])
			assert.Equal(t, tt.rule, fe["rule"])
			if tt.msg != "" {
				assert.Equal(t, tt.msg, fe["message"])
			}
			pr := r.json(t)
			assert.Equal(t, "invalid", pr["code"])
			assert.Equal(t, r.Header.Get("X-Request-ID"), pr["request_id"])
			if tt.lang != "" {
				assert.Equal(t, "Neispravan zahtjev", pr["title"])
			} else {
				assert.Equal(t, "Invalid request", pr["title"])
			}
		})
	}
	r := f.do("admin", "GET", "/api/v1/projects/nope", nil, "Accept-Language", "hr")
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "Nije pronađeno", r.json(t)["title"])
	r = f.do("admin", "POST", "/api/v1/projects/prj-a/work-packages", `code=T5`, "Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, 415, r.Status)
	r = f.do("", "GET", "/api/v1/organisations", nil)
	assert.Equal(t, 401, r.Status)
	assert.Equal(t, `Bearer realm="socialsvc"`, r.Header.Get("WWW-Authenticate"))
	r = f.do("", "GET", "/api/v1/organisations", nil, "Authorization", "Bearer ssv_0123456789abcdef_"+strings.Repeat("0", 48))
	assert.Equal(t, 401, r.Status)
	r = f.do("", "GET", "/api/v1/nothing-here", nil)
	assert.Equal(t, 404, r.Status)
	assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
}

func TestBodyLimits(t *testing.T) {
	f := newFixture(t)
	big := `{"code":"T5","title":{"en":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}}`
	before := f.auditCount()
	r := f.do("admin", "POST", "/api/v1/projects/prj-a/work-packages", big)
	assert.Equal(t, 413, r.Status)
	assert.Equal(t, "max_bytes", r.json(t)["errors"].([]any)[0].(map[string]any)["rule"])
	// Without Content-Length (chunked), the limit holds while reading.
	req := httptest.NewRequest("POST", "/api/v1/projects/prj-a/work-packages", struct{ *strings.Reader }{strings.NewReader(big)})
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	assert.Equal(t, 413, w.Code)
	assert.Equal(t, before, f.auditCount())
}

func TestPanicIs500WithRequestID(t *testing.T) {
	var logs bytes.Buffer
	f := newFixture(t)
	f.h = New(Options{Store: panicStore{f.store}, Tokens: nil, Logger: slogTo(&logs)})
	req := httptest.NewRequest("GET", "/api/v1/projects", nil)
	req.Header.Set("X-Request-ID", "req-42")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	require.Equal(t, 500, w.Code)
	var p Problem
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
	assert.Equal(t, "req-42", p.RequestID)
	assert.Equal(t, "internal", p.Code)
	assert.Empty(t, p.Detail, "internal details stay in the log")
	assert.Contains(t, logs.String(), `"msg":"panic"`)
	assert.Contains(t, logs.String(), `"request_id":"req-42"`)
	assert.Contains(t, logs.String(), `"route":"GET /api/v1/projects"`)
}

type panicStore struct{ store.Store }

func (panicStore) ListProjects(context.Context, store.ProjectFilter) (store.Page[socialsvc.Project], error) {
	panic("boom")
}

func TestPagination(t *testing.T) {
	f := newFixture(t)
	var ids []string
	url := "/api/v1/organisations?limit=2"
	for range 10 {
		r := f.do("admin", "GET", url, nil)
		require.Equal(t, 200, r.Status, string(r.Body))
		var pg store.Page[socialsvc.Organisation]
		require.NoError(t, json.Unmarshal(r.Body, &pg))
		for _, o := range pg.Items {
			ids = append(ids, string(o.ID))
		}
		if pg.NextCursor == "" {
			assert.Empty(t, r.Header.Get("Link"))
			break
		}
		link := r.Header.Get("Link")
		require.True(t, strings.HasPrefix(link, "</api/v1/organisations?"), link)
		url = strings.TrimPrefix(link[:strings.Index(link, ">")], "<")
	}
	assert.Equal(t, []string{"org-a", "org-b", "org-c", "org-d", "prj-a-cb", "prj-b-cb"}, ids)
	for _, q := range []string{"limit=0", "limit=abc", "limit=1001", "sort=name", "cursor=bogus"} {
		r := f.do("admin", "GET", "/api/v1/organisations?"+q, nil)
		assert.Equal(t, 400, r.Status, q)
	}
	r := f.do("admin", "GET", "/api/v1/organisations?country=SI", nil)
	var pg store.Page[socialsvc.Organisation]
	require.NoError(t, json.Unmarshal(r.Body, &pg))
	assert.Len(t, pg.Items, 2)
	// Anonymous callers see published projects only.
	r = f.do("", "GET", "/api/v1/projects", nil)
	var pp store.Page[socialsvc.Project]
	require.NoError(t, json.Unmarshal(r.Body, &pp))
	var got []string
	for _, p := range pp.Items {
		got = append(got, string(p.ID))
	}
	assert.Equal(t, []string{"prj-a", "prj-b"}, got)
}

func TestFunding(t *testing.T) {
	f := newFixture(t)
	r := f.do("viewer-a", "GET", "/api/v1/projects/prj-a/funding", nil)
	require.Equal(t, 200, r.Status, string(r.Body))
	var tbl socialsvc.FundingTable
	require.NoError(t, json.Unmarshal(r.Body, &tbl))
	assert.Equal(t, "1000.00", tbl.Total.AmountString())
	require.Len(t, tbl.Funds, 1)
	assert.Equal(t, "850.00", tbl.Funds[0].Amount.AmountString())
	assert.Equal(t, "150.00", tbl.Own.AmountString())
}

func TestImports(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		body   string
		accept string
		status int
		want   string // the JSON result, or the error report
	}{
		{"attendance, comma CSV", "attendance", "event_id,beneficiary_id\nprj-a-ev2,org-a-b1\nprj-a-ev2,org-a-b2\n", "", 201, `{"kind":"attendance","imported":2}`},
		{"expenditure, Croatian CSV", "expenditure", "\xef\xbb\xbfpartner_id;category;period;date;amount;currency\nprj-a-lp;staff;1;15.05.2023.;1.234,56;EUR\nprj-a-lp;travel_accommodation;1;2023-01-10;7534,50;HRK\n", "", 201, `{"kind":"expenditure","imported":2}`},
		{"kuna after dual circulation", "expenditure", "partner_id;category;period;date;amount;currency\nprj-a-lp;staff;1;15.05.2023.;1.234,56;EUR\nprj-a-lp;travel_accommodation;1;2023-06-01;7534,50;HRK\n", "", 400,
			`[{"row":3,"column":"date","field":"date","rule":"kuna_after_changeover"}]`},
		{"expenditure, row errors with line numbers", "expenditure",
			"partner_id;category;period;date;amount\nprj-a-lp;staff;1;15.05.2023.;10,00\n\nprj-a-lp;staff;1;15.05.2023.;1,005\nprj-a-lp;catering;1;2023-05-15;5,00\n", "", 400,
			`[{"row":4,"column":"amount","field":"amount","rule":"money"},{"row":5,"column":"category","field":"category","rule":"cost_category"}]`},
		{"row errors as CSV", "expenditure",
			"partner_id,category,date,amount\nprj-a-lp,staff,2023-13-01,10.00\n", "text/csv", 400,
			"row,column,rule,message\n2,date,date,must be a date (2024-12-31 or 31.12.2024.)\n"},
		{"unknown and missing columns", "attendance", "event,beneficiary_id\nprj-a-ev2,org-a-b1\n", "", 400,
			`[{"row":1,"column":"A","field":"A","rule":"unknown_column"},{"row":1,"column":"event_id","field":"event_id","rule":"required_column"}]`},
		{"beneficiaries without a header line: no cell echoed", "beneficiaries", "K-77,female,1987,roma,consent,2030-12-31\n", "", 400,
			`[{"row":1,"column":"header","field":"header","rule":"header"}]`},
		{"beneficiaries without a header line, errors as CSV", "beneficiaries", "K-77,female,1987,roma,consent,2030-12-31\n", "text/csv", 400,
			"row,column,rule,message\n1,header,header,\"line 1 must name the columns (id, org_id, reference, household, gender, birth_year, age_band, region, target_groups, legal_basis, consent_date, retain_until); none of its cells is a column name\"\n"},
		{"empty amount", "expenditure", "partner_id;category;date;amount\nprj-a-lp;staff;15.05.2023.;\n", "text/csv", 400,
			"row,column,rule,message\n2,amount,required,amount is required\n"},
		{"ragged rows and quoted newlines: the file's lines", "expenditure",
			"partner_id,category,date,description,amount\nprj-a-lp,staff,2023-05-15,\"a\nb\",1.00\nprj-a-lp,staff,2023-05-15,x\n", "", 400,
			`[{"row":4,"column":"row","field":"row","rule":"field_count"}]`},
		{"expenditure, Windows-1250", "expenditure", "partner_id;category;date;description;amount\nprj-a-lp;staff;15.05.2023.;Pla\x9ea \x9a\xe8\xe6\xf0;1,00\n", "", 201, `{"kind":"expenditure","imported":1}`},
		{"store errors map to lines", "attendance", "event_id;beneficiary_id\nprj-a-ev2;org-a-b1\nprj-a-ev2;nobody\nprj-b-ev;org-a-b2\n", "", 400,
			`[{"row":3,"column":"beneficiary_id","field":"beneficiary_id","rule":"exists"},{"row":4,"column":"event_id","field":"event_id","rule":"same_project"}]`},
		{"beneficiaries", "beneficiaries", "reference,gender,birth_year,target_groups,legal_basis,consent_date,retain_until\nK-1,female,1950,elderly|roma,consent,2023-01-02,2030-12-31\n", "", 201, `{"kind":"beneficiaries","imported":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.auditCount()
			r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/imports/"+tt.kind, tt.body, "Content-Type", "text/csv", "Accept", tt.accept)
			require.Equal(t, tt.status, r.Status, string(r.Body))
			switch {
			case tt.status == 201:
				assert.JSONEq(t, tt.want, string(r.Body))
				assert.Greater(t, f.auditCount(), before)
			case tt.accept == "text/csv":
				assert.Equal(t, "\uFEFF"+tt.want, string(r.Body), "a byte-order mark, then the errors")
				assert.Equal(t, `attachment; filename="import-errors.csv"`, r.Header.Get("Content-Disposition"))
				assert.Equal(t, before, f.auditCount())
			default:
				var p struct {
					Errors []map[string]any `json:"errors"`
				}
				require.NoError(t, json.Unmarshal(r.Body, &p))
				for _, e := range p.Errors {
					delete(e, "message")
				}
				got, _ := json.Marshal(p.Errors)
				assert.JSONEq(t, tt.want, string(got))
				assert.Equal(t, before, f.auditCount(), "a failed import wrote rows")
			}
		})
	}
}

func TestImportXLSXMultipart(t *testing.T) {
	f := newFixture(t)
	x := excelize.NewFile()
	for i, row := range [][]any{{"partner_id", "category", "period", "date", "amount"}, {"prj-a-lp", "staff", 1, 45061, 99.5}} {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			require.NoError(t, x.SetCellValue("Sheet1", cell, v))
		}
	}
	var xb bytes.Buffer
	require.NoError(t, x.Write(&xb))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "troskovi.xlsx")
	require.NoError(t, err)
	_, _ = fw.Write(xb.Bytes())
	require.NoError(t, mw.Close())
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/imports/expenditure", body.Bytes(), "Content-Type", mw.FormDataContentType())
	require.Equal(t, 201, r.Status, string(r.Body))
	pg, err := f.store.ListExpenditure(context.Background(), store.ExpenditureFilter{ProjectID: prjA, Category: socialsvc.CatStaff})
	require.NoError(t, err)
	var found bool
	for _, e := range pg.Items {
		if e.Amount.AmountString() == "99.50" {
			found = true
			assert.Equal(t, "2023-05-15", e.Date.String()) // Excel serial 45061
		}
	}
	assert.True(t, found)
}

// TestNoPersonalDataInLogs writes and rejects a beneficiary and checks
// that the log holds neither its attributes nor its values.
func TestNoPersonalDataInLogs(t *testing.T) {
	f := newFixture(t)
	r := f.do("editor-a", "POST", "/api/v1/beneficiaries", `{"reference":"CASE-SECRET-77","gender":"female","region":"HR050","target_groups":["roma"],"legal_basis":"consent","consent_date":"2023-01-01","retain_until":"2030-01-01"}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	r = f.do("editor-a", "POST", "/api/v1/beneficiaries", `{"reference":"CASE-SECRET-78","birth_year":1812,"target_groups":["Roma People"],"legal_basis":"consent","retain_until":"2030-01-01"}`)
	require.Equal(t, 400, r.Status)
	for _, s := range []string{"CASE-SECRET", "roma", "Roma People", "1812", "HR050"} {
		assert.NotContains(t, f.logs.String(), s)
		assert.NotContains(t, string(r.Body), s)
	}
	assert.Contains(t, f.logs.String(), `"route":"POST /api/v1/beneficiaries"`)
	// Anonymous callers get no beneficiary records at all.
	assert.Equal(t, 401, f.do("", "GET", "/api/v1/beneficiaries", nil).Status)
}

func TestHealthMetricsIndex(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, 200, f.do("", "GET", "/healthz", nil).Status)
	assert.Equal(t, 200, f.do("", "GET", "/readyz", nil).Status)
	f.do("", "GET", "/api/v1/projects/prj-a", nil)
	m := f.do("", "GET", "/metrics", nil)
	require.Equal(t, 200, m.Status)
	assert.Contains(t, string(m.Body), `socialsvc_http_requests_total{method="GET",route="GET /api/v1/projects/{id}",status="200"} 1`)
	assert.Contains(t, string(m.Body), `socialsvc_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/projects/{id}",status="200",le="+Inf"} 1`)
	idx := f.do("", "GET", "/", nil)
	assert.Equal(t, 200, idx.Status)
	assert.Contains(t, string(idx.Body), `href="api/v1/projects/prj-a"`)
	assert.NotContains(t, string(idx.Body), `prj-draft`)
	require.NoError(t, f.store.Close())
	assert.Equal(t, 503, f.do("", "GET", "/readyz", nil).Status)
}

func TestAuthenticateHookAndPages(t *testing.T) {
	s := newFixture(t).store
	h := New(Options{Store: s,
		Authenticate: func(r *http.Request) (Principal, error) {
			switch r.Header.Get("X-User") {
			case "":
				return Principal{}, nil
			case "ana":
				return Principal{ID: "city:ana", Role: RoleEditor, OrgID: orgA}, nil
			}
			return Principal{}, &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "unknown user"}
		},
		Pages: func(api *Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte("page for " + PrincipalFrom(r.Context()).ID))
			})
		},
	})
	do := func(user, method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("X-User", user)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	assert.Equal(t, 200, do("ana", "GET", "/api/v1/projects/prj-a/events", "").Code)
	assert.Equal(t, 403, do("ana", "GET", "/api/v1/projects/prj-b/events", "").Code)
	assert.Equal(t, 401, do("", "GET", "/api/v1/projects/prj-a/events", "").Code)
	assert.Equal(t, 401, do("mallory", "GET", "/api/v1/projects", "").Code)
	w := do("ana", "POST", "/api/v1/projects/prj-a/work-packages", `{"code":"T7","title":{"en":"x"}}`)
	require.Equal(t, 201, w.Code, w.Body.String())
	var wp struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &wp))
	assert.Equal(t, "/api/v1/work-packages/"+wp.ID, w.Header().Get("Location"))
	assert.Equal(t, `"v1"`, w.Header().Get("ETag"))
	pg, err := s.ListAudit(context.Background(), store.AuditFilter{Entity: store.EntityWorkPackage, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	last := pg.Items[len(pg.Items)-1]
	assert.Equal(t, store.Actor{ID: "city:ana", OrgID: orgA, Role: "editor"}, last.Actor)
	assert.Equal(t, "page for city:ana", do("ana", "GET", "/dashboard", "").Body.String())
}

func TestTokens(t *testing.T) {
	ts := NewMemoryTokens()
	ctx := context.Background()
	tok, rec, err := Issue(ctx, ts, RoleViewer, orgA, "ops")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(tok, "ssv_"+rec.ID+"_"))
	assert.NotContains(t, string(rec.Hash), tok)
	p, err := authenticateToken(ctx, ts, tok)
	require.NoError(t, err)
	assert.Equal(t, Principal{ID: "token:" + rec.ID, Name: "ops", Role: RoleViewer, OrgID: orgA}, p)
	_, err = authenticateToken(ctx, ts, tok[:len(tok)-1]+"x")
	assert.Equal(t, socialsvc.Unauthenticated, socialsvc.ErrorCode(err))
	require.NoError(t, ts.RevokeToken(ctx, rec.ID, fixedNow))
	_, err = authenticateToken(ctx, ts, tok)
	assert.Equal(t, socialsvc.Unauthenticated, socialsvc.ErrorCode(err))
	_, _, err = NewToken(RoleEditor, "", "x", fixedNow)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	_, _, err = NewToken("root", orgA, "x", fixedNow)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
}

// TestIATIFields: an organisation identifier that breaks its org-id.guide
// prefix's pattern is a 400 naming iati_ref and writes nothing; a project's
// modifications and a fund's identifier go through the JSON API as stored.
func TestIATIFields(t *testing.T) {
	f := newFixture(t)
	for _, body := range []string{
		`{"id":"org-x","name":"X","legal_status":"ngo","country":"HR","iati_ref":"HR-OIB-82229652861"}`,
		`{"id":"org-x","name":"X","legal_status":"ngo","country":"HR","iati_ref":"HR-TAX-82229652860"}`,
	} {
		r := f.do("admin", "POST", "/api/v1/organisations", body)
		require.Equal(t, 400, r.Status, string(r.Body))
		assert.Equal(t, "iati_ref", r.json(t)["errors"].([]any)[0].(map[string]any)["field"])
		assert.NotContains(t, string(r.Body), "82229652861", "the error does not echo the identifier")
	}
	assert.Equal(t, 404, f.do("admin", "GET", "/api/v1/organisations/org-x", nil).Status, "nothing was written")

	r := f.do("admin", "POST", "/api/v1/organisations", `{"id":"org-x","name":"X","legal_status":"ngo","country":"CZ","iati_ref":"CZ-ICO-25755277"}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	assert.Equal(t, "CZ-ICO-25755277", r.json(t)["iati_ref"])
	r = f.do("admin", "POST", "/api/v1/funds", `{"id":"ipa","code":"IPA","name":{"en":"IPA"},"kind":"eu","max_rate_percent":"85","iati_ref":"XI-IATI-EC_NEAR"}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	assert.Equal(t, "XI-IATI-EC_NEAR", r.json(t)["iati_ref"])

	r = f.do("admin", "POST", "/api/v1/projects", `{"id":"prj-ext","acronym":"EXT","title":{"en":"Extended"},"programme":"Test","start":"2024-01-01","end":"2024-12-31","currency":"EUR",`+
		`"modifications":[{"date":"2024-10-01","previous_end":"2024-10-31","new_end":"2024-12-31","reason":"final conference","reference":"Addendum 1"}]}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	got := f.do("admin", "GET", "/api/v1/projects/prj-ext", nil).json(t)
	assert.Equal(t, []any{map[string]any{"date": "2024-10-01", "previous_end": "2024-10-31", "new_end": "2024-12-31", "reason": "final conference", "reference": "Addendum 1"}}, got["modifications"])
	r = f.do("admin", "POST", "/api/v1/projects", `{"id":"prj-bad","acronym":"BAD","title":{"en":"Bad"},"programme":"Test","start":"2024-01-01","end":"2024-12-31","currency":"EUR",`+
		`"modifications":[{"date":"2024-10-01","previous_end":"2024-10-31","new_end":"2024-11-30"}]}`)
	require.Equal(t, 400, r.Status, string(r.Body))
	assert.Equal(t, "modifications[0].new_end", r.json(t)["errors"].([]any)[0].(map[string]any)["field"])
}

// TestImportEncodingsAndTemplates: a Windows-1250 upload is stored with
// its Croatian letters (today: U+FFFD), a failed import has a Croatian
// summary with the right plural, and the templates download.
func TestImportEncodingsAndTemplates(t *testing.T) {
	f := newFixture(t)
	body := "partner_id;category;date;description;amount\nprj-a-lp;staff;15.05.2023.;\x8aipan, \x8e\x9a\xe8\xe6\xf0;1,00\n"
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/imports/expenditure", body, "Content-Type", "text/csv")
	require.Equal(t, 201, r.Status, string(r.Body))
	pg, err := f.store.ListExpenditure(context.Background(), store.ExpenditureFilter{ProjectID: prjA})
	require.NoError(t, err)
	var descs []string
	for _, e := range pg.Items {
		descs = append(descs, e.Description)
	}
	assert.Contains(t, descs, "Šipan, Žščćđ")

	before := f.auditCount()
	r = f.do("editor-a", "POST", "/api/v1/projects/prj-a/imports/expenditure", "partner_id;category;date;amount\nprj-a-lp;staff;15.05.2023.;\n", "Content-Type", "text/csv", "Accept-Language", "hr")
	require.Equal(t, 400, r.Status)
	var p Problem
	require.NoError(t, json.Unmarshal(r.Body, &p))
	assert.Equal(t, "1 redak ima pogreške; ništa nije uvezeno", p.Detail)
	assert.Equal(t, before, f.auditCount())

	r = f.do("", "GET", "/api/v1/imports/attendance/template.csv", nil)
	require.Equal(t, 200, r.Status)
	assert.Equal(t, `attachment; filename="attendance-template.csv"; filename*=UTF-8''attendance-template.csv`, r.Header.Get("Content-Disposition"))
	assert.Equal(t, "\uFEFFevent_id,beneficiary_id\n"+
		`"identifier (letters a-z, digits, - and _) (required)","identifier (letters a-z, digits, - and _) (required)"`+"\n"+
		"radionica-2024-03,k-0001\n", string(r.Body))
	r = f.do("", "GET", "/api/v1/imports/expenditure/template.xlsx?lang=hr", nil)
	require.Equal(t, 200, r.Status)
	assert.Equal(t, ctXLSX, r.Header.Get("Content-Type"))
	assert.True(t, bytes.HasPrefix(r.Body, []byte("PK\x03\x04")))
}
