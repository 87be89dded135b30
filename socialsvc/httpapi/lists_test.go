package httpapi

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// sortFixture adds two events to prj-a besides prj-a-ev (2023-05-02) and
// prj-a-ev2 (2023-06-02): one on the day of prj-a-ev, so that the tie is
// broken by id, and one earlier than both.
func sortFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	for _, e := range []struct {
		id    socialsvc.EventID
		start string
	}{{"prj-a-ev3", "2023-05-02"}, {"prj-a-ev0", "2023-01-15"}} {
		mustDo(t, f.store.CreateEvent(ctx, &socialsvc.Event{ID: e.id, ProjectID: prjA, Type: socialsvc.EventWorkshop,
			Title: socialsvc.I18n{"en": "Workshop"}, Start: socialsvc.MustDate(e.start)}))
	}
	return f
}

// eventPages follows the Link header from path and returns the event IDs
// in the order of the pages, and the links followed.
func eventPages(t *testing.T, f *fixture, path string) (ids, links []string) {
	t.Helper()
	for range 20 {
		r := f.do("viewer-a", "GET", path, nil)
		require.Equal(t, 200, r.Status, string(r.Body))
		var pg store.Page[socialsvc.Event]
		require.NoError(t, json.Unmarshal(r.Body, &pg))
		for _, e := range pg.Items {
			ids = append(ids, string(e.ID))
		}
		link := r.Header.Get("Link")
		if pg.NextCursor == "" {
			assert.Empty(t, link)
			return ids, links
		}
		require.True(t, strings.HasPrefix(link, "<") && strings.HasSuffix(link, `>; rel="next"`), link)
		path = link[1:strings.Index(link, ">")]
		links = append(links, path)
	}
	t.Fatal("pagination does not end")
	return nil, nil
}

func TestListSortEvents(t *testing.T) {
	f := sortFixture(t)
	for _, tc := range []struct {
		sort string
		want []string
	}{
		{"", []string{"prj-a-ev", "prj-a-ev0", "prj-a-ev2", "prj-a-ev3"}},
		{"id", []string{"prj-a-ev", "prj-a-ev0", "prj-a-ev2", "prj-a-ev3"}},
		{"-id", []string{"prj-a-ev3", "prj-a-ev2", "prj-a-ev0", "prj-a-ev"}},
		{"start", []string{"prj-a-ev0", "prj-a-ev", "prj-a-ev3", "prj-a-ev2"}},
		{"-start", []string{"prj-a-ev2", "prj-a-ev3", "prj-a-ev", "prj-a-ev0"}},
	} {
		t.Run("sort="+tc.sort, func(t *testing.T) {
			q := url.Values{}
			if tc.sort != "" {
				q.Set("sort", tc.sort)
			}
			ids, links := eventPages(t, f, "/api/v1/projects/prj-a/events?"+q.Encode())
			assert.Equal(t, tc.want, ids, "one page")
			assert.Empty(t, links)

			q.Set("limit", "1")
			ids, links = eventPages(t, f, "/api/v1/projects/prj-a/events?"+q.Encode())
			assert.Equal(t, tc.want, ids, "pages of one, following the Link header")
			require.Len(t, links, 3)
			for _, l := range links {
				u, err := url.Parse(l)
				require.NoError(t, err)
				assert.Equal(t, tc.sort, u.Query().Get("sort"), "the next link keeps the sort")
				assert.Equal(t, "1", u.Query().Get("limit"), "and the limit")
			}
		})
	}
	// A filter and a sort together.
	ids, _ := eventPages(t, f, "/api/v1/projects/prj-a/events?sort=-start&from=2023-05-01&limit=2")
	assert.Equal(t, []string{"prj-a-ev2", "prj-a-ev3", "prj-a-ev"}, ids)
}

func TestListSortOtherLists(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/api/v1/organisations?sort=-id", []string{"prj-b-cb", "prj-a-cb", "org-d", "org-c", "org-b", "org-a"}},
		{"/api/v1/projects?sort=-id", []string{"prj-draft", "prj-b", "prj-a"}},
		// The three projects start on one day: ties go by id, in the
		// direction of the sort.
		{"/api/v1/projects?sort=start", []string{"prj-a", "prj-b", "prj-draft"}},
		{"/api/v1/projects?sort=-start", []string{"prj-draft", "prj-b", "prj-a"}},
		{"/api/v1/projects/prj-a/work-packages?sort=-id", []string{"prj-a-wp2", "prj-a-wp"}},
		{"/api/v1/projects/prj-a/expenditure?sort=-date", []string{"prj-a-ex"}},
		{"/api/v1/indicators/prj-a-ind/measurements?sort=-period", []string{"prj-a-m"}},
		{"/api/v1/beneficiaries?org_id=org-a&sort=-id", []string{"org-a-b2", "org-a-b1"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := f.do("admin", "GET", tc.path, nil)
			require.Equal(t, 200, r.Status, string(r.Body))
			var pg struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			}
			require.NoError(t, json.Unmarshal(r.Body, &pg))
			var got []string
			for _, x := range pg.Items {
				got = append(got, x.ID)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestListSortRejected(t *testing.T) {
	f := sortFixture(t)
	r := f.do("viewer-a", "GET", "/api/v1/projects/prj-a/events?sort=start&limit=1", nil)
	require.Equal(t, 200, r.Status)
	var pg store.Page[socialsvc.Event]
	require.NoError(t, json.Unmarshal(r.Body, &pg))
	require.NotEmpty(t, pg.NextCursor)
	startCursor := url.QueryEscape(pg.NextCursor)

	for _, tc := range []struct {
		path    string
		field   string
		message string
	}{
		{"/api/v1/projects/prj-a/events?sort=date", "sort", `sort must be one of "id", "-id", "start", "-start"`},
		{"/api/v1/projects/prj-a/events?sort=title", "sort", `sort must be one of "id", "-id", "start", "-start"`},
		{"/api/v1/projects/prj-a/events?sort=%2Bstart", "sort", `sort must be one of "id", "-id", "start", "-start"`},
		{"/api/v1/projects/prj-a/expenditure?sort=start", "sort", `sort must be one of "id", "-id", "date", "-date"`},
		{"/api/v1/indicators/prj-a-ind/measurements?sort=date", "sort", `sort must be one of "id", "-id", "period", "-period"`},
		{"/api/v1/organisations?sort=start", "sort", `sort must be one of "id", "-id"`},
		{"/api/v1/events/prj-a-ev/attendance?sort=beneficiary_id", "sort", `sort must be one of "id", "-id"`},
		{"/api/v1/audit?sort=-seq", "sort", `sort must be one of "id", "-id"`},
		{"/api/v1/projects/prj-a/events?sort=-start&cursor=" + startCursor, "cursor",
			"the cursor belongs to a list in another order: pass the same sort as for the previous page, or start again without a cursor"},
		{"/api/v1/projects/prj-a/events?cursor=" + startCursor, "cursor",
			"the cursor belongs to a list in another order: pass the same sort as for the previous page, or start again without a cursor"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := f.do("admin", "GET", tc.path, nil)
			require.Equal(t, 400, r.Status, string(r.Body))
			assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			var p Problem
			require.NoError(t, json.Unmarshal(r.Body, &p))
			assert.Equal(t, "invalid", p.Code)
			require.Len(t, p.Errors, 1)
			assert.Equal(t, tc.field, p.Errors[0].Field)
			assert.Equal(t, tc.message, p.Errors[0].Message)
		})
	}

	// In Croatian.
	r = f.do("admin", "GET", "/api/v1/projects/prj-a/events?sort=date", nil, "Accept-Language", "hr")
	require.Equal(t, 400, r.Status)
	var p Problem
	require.NoError(t, json.Unmarshal(r.Body, &p))
	require.Len(t, p.Errors, 1)
	assert.Equal(t, `sort mora biti jedno od: "id", "-id", "start", "-start"`, p.Errors[0].Message)
}

// TestOpenAPISortEnums: every list route documents the orders it accepts
// as the enum of its sort parameter, and no other route has one.
func TestOpenAPISortEnums(t *testing.T) {
	f := newFixture(t)
	r := f.do("", "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, r.Status)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	byID := []any{"id", "-id"}
	want := map[string][]any{
		"/api/v1/organisations":                    byID,
		"/api/v1/funds":                            byID,
		"/api/v1/projects":                         {"id", "-id", "start", "-start"},
		"/api/v1/projects/{id}/partners":           byID,
		"/api/v1/projects/{id}/work-packages":      byID,
		"/api/v1/projects/{id}/activities":         byID,
		"/api/v1/projects/{id}/events":             {"id", "-id", "start", "-start"},
		"/api/v1/events/{id}/attendance":           byID,
		"/api/v1/projects/{id}/indicators":         byID,
		"/api/v1/projects/{id}/participations":     byID,
		"/api/v1/indicators/{id}/measurements":     {"id", "-id", "period", "-period"},
		"/api/v1/projects/{id}/budget-lines":       byID,
		"/api/v1/projects/{id}/expenditure":        {"id", "-id", "date", "-date"},
		"/api/v1/beneficiaries":                    byID,
		"/api/v1/audit":                            byID,
		"/api/v1/partner-reports":                  byID,
		"/api/v1/partner-reports/{id}/expenditure": byID,
		"/api/v1/projects/{id}/partner-reports":    byID,
		"/api/v1/projects/{id}/project-reports":    byID,
		"/api/v1/projects/{id}/payments":           byID,
		"/api/v1/projects/{id}/advances":           byID,
	}
	got := map[string][]any{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			for _, p := range o.(map[string]any)["parameters"].([]any) {
				pm := p.(map[string]any)
				if pm["name"] == "sort" && pm["in"] == "query" {
					assert.Equal(t, "get", method, path)
					got[path] = pm["schema"].(map[string]any)["enum"].([]any)
				}
			}
		}
	}
	assert.Equal(t, want, got)
}
