package httpapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParticipationBadInput sends participations the library must refuse:
// each is a 4xx naming the field, and nothing is written (the audit log,
// which every write extends, and the list stay as they were).
func TestParticipationBadInput(t *testing.T) {
	f := newFixture(t)
	list := func() string {
		r := f.do("admin", "GET", "/api/v1/projects/prj-a/participations?limit=1000", nil)
		require.Equal(t, 200, r.Status, string(r.Body))
		return string(r.Body)
	}
	before, audit := list(), f.auditCount()
	for _, c := range []struct {
		name, body, field string
		status            int
	}{
		{"unknown status", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","labour_status":"retired"}`, "labour_status", 400},
		{"ISCED above 8", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","isced":9}`, "isced", 400},
		{"ISCED below 0", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","isced":-1}`, "isced", 400},
		{"unknown answer", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","minority":"maybe"}`, "minority", 400},
		{"no entry date", `{"beneficiary_id":"org-a-b2"}`, "entry_date", 400},
		{"exit before entry", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","exit_date":"2023-02-28"}`, "exit_date", 400},
		{"result before exit", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","exit_date":"2023-05-31",
			"exit_situation":[{"outcome":"employed","observed_on":"2023-05-30","source":"asked"}]}`, "exit_situation", 400},
		{"result without exit", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01",
			"exit_situation":[{"outcome":"employed","observed_on":"2023-05-30","source":"asked"}]}`, "exit_situation", 400},
		{"six-month result too early", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","exit_date":"2023-05-31",
			"six_month_situation":[{"outcome":"employed","observed_on":"2023-10-15","source":"register"}]}`, "six_month_situation", 400},
		{"unknown outcome", `{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","exit_date":"2023-05-31",
			"exit_situation":[{"outcome":"retired","observed_on":"2023-05-31","source":"asked"}]}`, "exit_situation", 400},
		{"overlapping participation", `{"beneficiary_id":"org-a-b1","entry_date":"2023-04-01","exit_date":"2023-06-30"}`, "entry_date", 409},
		{"another organisation's beneficiary", `{"beneficiary_id":"org-b-b1","entry_date":"2023-03-01"}`, "beneficiary_id", 400},
		{"a beneficiary that does not exist", `{"beneficiary_id":"nobody","entry_date":"2023-03-01"}`, "beneficiary_id", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/participations", c.body)
			require.GreaterOrEqual(t, r.Status, 400, string(r.Body))
			require.Less(t, r.Status, 500, string(r.Body))
			assert.Equal(t, c.status, r.Status, string(r.Body))
			errs, _ := r.json(t)["errors"].([]any)
			require.NotEmpty(t, errs, string(r.Body))
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.(map[string]any)["field"].(string))
			}
			assert.True(t, strings.HasPrefix(strings.Join(fields, " "), c.field), "fields %v, want %s", fields, c.field)
			assert.NotContains(t, string(r.Body), "org-b-b1", "the answer does not echo another organisation's IDs")
		})
	}
	assert.Equal(t, audit, f.auditCount(), "a refused participation wrote something")
	assert.Equal(t, before, list())
}

// TestParticipationLifecycle records a participation, reads it back with
// its ETag, records the results at exit by a merge patch and deletes it;
// another organisation's editor sees none of it.
func TestParticipationLifecycle(t *testing.T) {
	f := newFixture(t)
	r := f.do("editor-a", "POST", "/api/v1/projects/prj-a/participations",
		`{"beneficiary_id":"org-a-b2","entry_date":"2023-03-01","labour_status":"long_term_unemployed","isced":2,"rural":"yes","disability":"refused"}`)
	require.Equal(t, 201, r.Status, string(r.Body))
	created := r.json(t)
	id := created["id"].(string)
	assert.Equal(t, "/api/v1/participations/"+id, r.Header.Get("Location"))
	assert.Equal(t, "org-a", created["org_id"], "the organisation is the beneficiary's")
	assert.Equal(t, "prj-a", created["project_id"])
	assert.EqualValues(t, 2, created["isced"])
	assert.Equal(t, "refused", created["disability"])

	got := f.do("viewer-a", "GET", "/api/v1/participations/"+id, nil)
	require.Equal(t, 200, got.Status, string(got.Body))
	etag := got.Header.Get("ETag")
	require.NotEmpty(t, etag)
	assert.Equal(t, 404, f.do("editor-b", "GET", "/api/v1/participations/"+id, nil).Status)
	assert.Equal(t, 401, f.do("", "GET", "/api/v1/participations/"+id, nil).Status)

	patch := `{"exit_date":"2023-06-30","exit_situation":[{"outcome":"qualification","observed_on":"2023-06-30","source":"asked"}]}`
	assert.Equal(t, 428, f.do("editor-a", "PATCH", "/api/v1/participations/"+id, patch, "Content-Type", ctMergePatch).Status)
	p := f.do("editor-a", "PATCH", "/api/v1/participations/"+id, patch, "Content-Type", ctMergePatch, "If-Match", etag)
	require.Equal(t, 200, p.Status, string(p.Body))
	pm := p.json(t)
	assert.Equal(t, "2023-06-30", pm["exit_date"])
	assert.Equal(t, "qualification", pm["exit_situation"].([]any)[0].(map[string]any)["outcome"])
	assert.Equal(t, "long_term_unemployed", pm["labour_status"], "fields left out of the patch keep their values")
	assert.Equal(t, 412, f.do("editor-a", "DELETE", "/api/v1/participations/"+id, nil, "If-Match", etag).Status, "the old ETag is stale")

	mine := f.do("editor-a", "GET", "/api/v1/projects/prj-a/participations?beneficiary_id=org-a-b2", nil)
	require.Equal(t, 200, mine.Status, string(mine.Body))
	assert.Len(t, mine.json(t)["items"], 1)
	// A partner's staff list their own organisation's participations only.
	assert.Equal(t, 403, f.do("editor-a", "GET", "/api/v1/projects/prj-a/participations?org_id=org-c", nil).Status)

	assert.Equal(t, 403, f.do("viewer-a", "DELETE", "/api/v1/participations/"+id, nil, "If-Match", p.Header.Get("ETag")).Status)
	assert.Equal(t, 204, f.do("editor-a", "DELETE", "/api/v1/participations/"+id, nil, "If-Match", p.Header.Get("ETag")).Status)
	assert.Equal(t, 404, f.do("editor-a", "GET", "/api/v1/participations/"+id, nil).Status)
}
