package httpapi

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// signedIn reports whether the cookie of c authenticates it, by the role
// /api/v1/me reports.
func signedIn(t *testing.T, c *client) bool {
	t.Helper()
	r := c.get("/api/v1/me")
	require.Equal(t, http.StatusOK, r.Status)
	return !strings.Contains(r.Body, `"role":""`)
}

// TestDashboardSessions checks that the dashboard's cookie is a server
// side session kept in the store: random, not the token; shared by every
// server on the store; ended by sign-out everywhere; expired after
// sessionMaxAge; ended when its token is revoked.
func TestDashboardSessions(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	c := f.signIn("editor")
	assert.NotEqual(t, f.tokens["editor"], c.cookie)
	assert.NotContains(t, c.cookie, f.ids["editor"], "the cookie does not even name the token")
	ss, err := f.store.GetSession(ctx, sessionKey(c.cookie))
	require.NoError(t, err)
	assert.Equal(t, store.Session{ID: sessionKey(c.cookie), Subject: f.ids["editor"], CreatedAt: fixedNow, ExpiresAt: fixedNow.Add(8 * time.Hour)}, ss)
	_, err = f.store.GetSession(ctx, c.cookie)
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err), "the store holds a hash of the cookie, not the cookie")
	assert.True(t, signedIn(t, c))
	d := f.signIn("editor")
	assert.NotEqual(t, c.cookie, d.cookie, "every sign-in is a new random session")

	// The API token itself in the cookie, the way the dashboard worked
	// before, and cookies that name no session are no sign-in.
	for _, bad := range []string{f.tokens["editor"], strings.Repeat("A", 43), "x", sessionKey(c.cookie)} {
		assert.False(t, signedIn(t, &client{f: f, cookie: bad}), bad)
		r := (&client{f: f, cookie: bad}).get("/api/v1/projects/social-atelier/funding")
		assert.Equal(t, http.StatusUnauthorized, r.Status, bad)
	}

	// A second server on the same store knows the session ...
	ts := f.h.opts.Tokens
	other := New(Options{Store: f.store, Tokens: ts, Pages: Dashboard, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return fixedNow }})
	on := func(h *Handler, c *client) *client {
		g := *c.f
		g.h = h
		return &client{f: &g, cookie: c.cookie}
	}
	assert.True(t, signedIn(t, on(other, c)))
	// ... and a sign-out on it ends the session on the first one too.
	oc := on(other, c)
	r := oc.post("/signout?lang=en", url.Values{"csrf": {c.csrf()}})
	require.Equal(t, http.StatusSeeOther, r.Status)
	assert.False(t, signedIn(t, c), "the cookie kept by the browser (or a thief) no longer works")
	assert.Equal(t, http.StatusUnauthorized, c.get("/api/v1/projects/social-atelier/funding").Status)
	ss, err = f.store.GetSession(ctx, sessionKey(c.cookie))
	require.NoError(t, err)
	assert.Equal(t, fixedNow, ss.RevokedAt)
	assert.True(t, signedIn(t, d), "another session of the same token goes on")

	// Expiry: one microsecond before sessionMaxAge the session works, at
	// it the visitor is anonymous.
	for _, tc := range []struct {
		after time.Duration
		want  bool
	}{{8*time.Hour - time.Microsecond, true}, {8 * time.Hour, false}, {9 * time.Hour, false}} {
		later := New(Options{Store: f.store, Tokens: ts, Pages: Dashboard, Logger: slog.New(slog.DiscardHandler),
			Now: func() time.Time { return fixedNow.Add(tc.after) }})
		assert.Equal(t, tc.want, signedIn(t, on(later, d)), tc.after)
	}

	// Revoking the token ends its sessions.
	require.NoError(t, ts.(TokenStore).RevokeToken(ctx, f.ids["editor"], fixedNow))
	assert.False(t, signedIn(t, d))
}

// TestSessionCookieSecure checks when the session cookie is Secure: over
// TLS, and behind a proxy from Options.TrustedProxies that says https in
// X-Forwarded-Proto; never on the word of anyone else.
func TestSessionCookieSecure(t *testing.T) {
	f := newDashFixture(t)
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.1, ::1")
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("::1/128")}, trusted)
	h := New(Options{Store: f.store, Tokens: f.h.opts.Tokens, Pages: Dashboard, TrustedProxies: trusted,
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return fixedNow }})
	for _, tc := range []struct {
		name, remote, proto string
		tls                 bool
		secure              bool
	}{
		{"plain http", "203.0.113.5:4000", "", false, false},
		{"direct TLS", "203.0.113.5:4000", "", true, true},
		{"untrusted proxy says https", "203.0.113.5:4000", "https", false, false},
		{"trusted proxy says https", "10.1.2.3:4000", "https", false, true},
		{"trusted proxy, several hops", "192.0.2.1:4000", "https, http", false, true},
		{"trusted proxy (IPv6) says HTTPS", "[::1]:4000", "HTTPS", false, true},
		{"trusted proxy says http", "10.1.2.3:4000", "http", false, false},
		{"trusted proxy says nothing", "10.1.2.3:4000", "", false, false},
		{"address next to a trusted one", "192.0.2.2:4000", "https", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/signin", strings.NewReader(url.Values{"token": {f.tokens["viewer"]}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "http://example.com")
			req.RemoteAddr = tc.remote
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if tc.tls {
				req.TLS = &tls.ConnectionState{}
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
			cookies := w.Result().Cookies()
			require.Len(t, cookies, 1)
			assert.Equal(t, tc.secure, cookies[0].Secure)
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
		})
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0", "::g"} {
		_, err := ParseTrustedProxies(bad)
		assert.Error(t, err, bad)
	}
	none, err := ParseTrustedProxies(" , ")
	require.NoError(t, err)
	assert.Empty(t, none)
}
