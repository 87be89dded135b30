package httpapi

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// dashFixture is the dashboard over the five seed projects in a memory
// store, with a token of each role:
//
//	viewer  ZRS Bistra Ptuj (lead partner of 2SoKroG): reads 2SoKroG in full
//	editor  DKolektiv (partner of Social Atelier): writes in Social Atelier
//	admin   everything
type dashFixture struct {
	t      *testing.T
	store  store.Store
	h      *Handler
	tokens map[string]string
	ids    map[string]string // token record IDs, for the audit actor
	logs   *bytes.Buffer
	ds     *demo.Dataset
}

const (
	dashViewerOrg socialsvc.OrgID = "zrs-bistra-ptuj"
	dashEditorOrg socialsvc.OrgID = "dkolektiv"
)

func newDashFixture(t *testing.T) *dashFixture { t.Helper(); return newDashFixtureWith(t, nil) }

// newDashFixtureWith is newDashFixture over the seed data as edit changes
// it before the load (nil: as it is).
func newDashFixtureWith(t *testing.T, edit func(*demo.Dataset)) *dashFixture {
	t.Helper()
	s := memory.New()
	ds := demo.Seed()
	if edit != nil {
		edit(ds)
	}
	require.NoError(t, demo.Load(store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem}), s, ds))
	ts := NewMemoryTokens()
	f := &dashFixture{t: t, store: s, tokens: map[string]string{}, ids: map[string]string{}, logs: &bytes.Buffer{}, ds: demo.Seed()}
	for _, spec := range []struct {
		name string
		role Role
		org  socialsvc.OrgID
	}{{"viewer", RoleViewer, dashViewerOrg}, {"editor", RoleEditor, dashEditorOrg}, {"admin", RoleAdmin, ""}} {
		tok, rec, err := Issue(context.Background(), ts, spec.role, spec.org, "test "+spec.name)
		require.NoError(t, err)
		f.tokens[spec.name], f.ids[spec.name] = tok, rec.ID
	}
	f.h = New(Options{Store: s, Tokens: ts, Pages: Dashboard, Logger: slog.New(slog.NewJSONHandler(f.logs, nil)),
		Now: func() time.Time { return fixedNow }})
	return f
}

// client is a browser-like session: it keeps the session cookie and sends
// same-origin headers on posts like a browser on the dashboard would.
type client struct {
	f      *dashFixture
	cookie string
	lang   string
}

type pageResp struct {
	Status int
	Header http.Header
	Body   string
}

// request sends one request through the handler, with form as its
// body when not nil. hdr are name, value pairs.
func (c *client) request(method, target string, form url.Values, hdr ...string) pageResp {
	c.f.t.Helper()
	if form == nil {
		return c.send(method, target, "", "", hdr...)
	}
	return c.send(method, target, "application/x-www-form-urlencoded", form.Encode(), hdr...)
}

// send sends a body of content type ct ("" for none).
func (c *client) send(method, target, ct, body string, hdr ...string) pageResp {
	c.f.t.Helper()
	var rd io.Reader
	if ct != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.cookie})
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	c.f.h.ServeHTTP(w, req)
	return pageResp{Status: w.Code, Header: w.Header(), Body: w.Body.String()}
}

func (c *client) get(target string) pageResp { return c.request("GET", target, nil) }

// post sends a form as the dashboard's own page would (same origin).
func (c *client) post(target string, form url.Values) pageResp {
	return c.request("POST", target, form, "Origin", "http://example.com")
}

// signIn signs in with the token of role through the form and keeps the
// cookie the handler sets.
func (f *dashFixture) signIn(role string) *client {
	f.t.Helper()
	c := &client{f: f}
	if role == "" {
		return c
	}
	r := c.post("/signin?lang=en", url.Values{"token": {f.tokens[role]}})
	require.Equal(f.t, http.StatusSeeOther, r.Status, r.Body)
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == sessionCookie {
			c.cookie = ck.Value
		}
	}
	require.NotEmpty(f.t, c.cookie)
	return c
}

// csrf returns the CSRF field the client's pages carry.
func (c *client) csrf() string { return csrfToken(c.cookie) }
