package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

func TestMountedUnderPrefixWithCityUsers(t *testing.T) {
	s := memory.New()
	require.NoError(t, demo.Load(context.Background(), s, demo.Seed()))
	app := newApp(s)
	do := func(session, method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if session != "" {
			req.AddCookie(&http.Cookie{Name: "city_session", Value: session})
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		return w
	}
	tests := []struct {
		name, session, method, path, body string
		want                              int
	}{
		{"city page", "", "GET", "/", "", 200},
		{"published project, anonymous", "", "GET", "/socialsvc/api/v1/projects/social-atelier", "", 200},
		{"events need a login", "", "GET", "/socialsvc/api/v1/projects/social-atelier/events", "", 401},
		{"manager records an event of her department's project", "s-ana", "POST", "/socialsvc/api/v1/projects/social-atelier/events", `{"type":"workshop","title":{"hr":"Radionica"},"start":"2023-05-10"}`, 201},
		{"but not of another's", "s-ana", "POST", "/socialsvc/api/v1/projects/2sokrog/events", `{"type":"workshop","title":{"hr":"Radionica"},"start":"2023-05-10"}`, 403},
		{"and does not change the lead partner's work plan", "s-ana", "POST", "/socialsvc/api/v1/projects/social-atelier/work-packages", `{"code":"T9","title":{"hr":"Novi paket"}}`, 403},
		{"staff read their department's project", "s-ivo", "GET", "/socialsvc/api/v1/projects/centri-zajednice/events", "", 200},
		{"staff do not write", "s-ivo", "POST", "/socialsvc/api/v1/projects/centri-zajednice/work-packages", `{"code":"T9","title":{"hr":"Novi"}}`, 403},
		{"IT reads the audit log", "s-it", "GET", "/socialsvc/api/v1/audit?limit=1", "", 200},
		{"unknown session is anonymous", "s-nobody", "GET", "/socialsvc/api/v1/audit", "", 401},
		{"the API's index under the prefix", "", "GET", "/socialsvc/", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(tt.session, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.want, w.Code, w.Body.String())
		})
	}
	// Links the API writes include the mount prefix.
	w := do("s-ana", "POST", "/socialsvc/api/v1/projects/social-atelier/events", `{"id":"evt-x","type":"workshop","title":{"hr":"Još jedna"},"start":"2023-05-11"}`)
	require.Equal(t, 201, w.Code, w.Body.String())
	assert.Equal(t, "/socialsvc/api/v1/events/evt-x", w.Header().Get("Location"))
	w = do("s-ana", "GET", "/socialsvc/api/v1/projects/social-atelier/events?limit=2", "")
	assert.True(t, strings.HasPrefix(w.Header().Get("Link"), "</socialsvc/api/v1/projects/social-atelier/events?"), w.Header().Get("Link"))
	// The write was recorded with the city user as the actor.
	pg, err := s.ListAudit(context.Background(), store.AuditFilter{Entity: store.EntityEvent, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	last := pg.Items[len(pg.Items)-1]
	assert.Equal(t, store.Actor{ID: "city:ana", OrgID: "dkolektiv", Role: "editor"}, last.Actor)
	assert.Contains(t, do("", "GET", "/socialsvc/", "").Body.String(), `href="api/v1/projects/social-atelier"`)
	me := do("s-ana", "GET", "/socialsvc/api/v1/me", "")
	assert.JSONEq(t, `{"id":"city:ana","name":"ana","role":"editor","org_id":"dkolektiv"}`, me.Body.String())
}
