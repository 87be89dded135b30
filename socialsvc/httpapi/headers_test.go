package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// checkSecurityHeaders asserts the headers every response carries
// (headers.go): nosniff, a Referrer-Policy, a Content-Security-Policy
// with frame-ancestors 'none' that allows no script on HTML, and
// Cache-Control: no-store when the request carried credentials.
func checkSecurityHeaders(t *testing.T, what string, credentials bool, h http.Header) {
	t.Helper()
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), what)
	assert.Equal(t, "same-origin", h.Get("Referrer-Policy"), what)
	csp := h.Get("Content-Security-Policy")
	assert.Contains(t, csp, "frame-ancestors 'none'", what)
	assert.Contains(t, csp, "default-src 'none'", what)
	assert.NotContains(t, csp, "script-src", what)
	if isHTML(h.Get("Content-Type")) {
		assert.Contains(t, []string{htmlCSP, dashboardCSP}, csp, what)
	}
	if credentials && !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		assert.Equal(t, "no-store", h.Get("Cache-Control"), what)
	}
}

// TestSecurityHeadersEveryRoute calls every route of the route table
// (routeCases covers them all, TestRoutesByRole checks that) anonymously,
// with a bearer token and with a bad one, and the paths outside the
// table: health, metrics, the index, unknown paths and methods.
func TestSecurityHeadersEveryRoute(t *testing.T) {
	f := newFixture(t)
	covered := map[string]bool{}
	for _, c := range append(append([]routeCase{}, routeCases...), extraCases...) {
		covered[c.Method+" "+c.Route] = true
		rep := strings.NewReplacer("{P}", string(prjA), "{O}", string(orgA))
		url := expandIDs(t, f.store, string(prjA), rep.Replace(c.URL))
		var body any
		var hdr []string
		if c.Body != "" {
			body = rep.Replace(c.Body)
		}
		if c.CT != "" {
			hdr = append(hdr, "Content-Type", c.CT)
		}
		for _, who := range []string{"", "admin", "viewer-b"} {
			r := f.do(who, c.Method, url, body, hdr...)
			checkSecurityHeaders(t, c.Method+" "+url+" as "+who, who != "", r.Header)
		}
		before := f.auditCount()
		bad := f.do("", c.Method, url, body, append(hdr, "Authorization", "Bearer ssv_0000000000000000_"+strings.Repeat("0", 48))...)
		assert.Equal(t, 401, bad.Status, c.Method+" "+url)
		assert.Equal(t, before, f.auditCount(), "%s %s with a bad token changed data", c.Method, url)
		checkSecurityHeaders(t, c.Method+" "+url+" with a bad token", true, bad.Header)
	}
	for _, rt := range f.h.routes {
		assert.True(t, covered[rt.Method+" "+rt.Path], "route %s %s has no case in routeCases", rt.Method, rt.Path)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/metrics"}, {"GET", "/"}, {"GET", "/nowhere"},
		{"GET", "/api/v1/nowhere"}, {"PATCH", "/api/v1/rates"}, {"HEAD", "/api/v1/projects"},
	} {
		for _, who := range []string{"", "admin"} {
			r := f.do(who, c.method, c.path, nil)
			checkSecurityHeaders(t, c.method+" "+c.path+" as "+who, who != "", r.Header)
		}
	}
	// The HTML reports are documents a browser renders: no script.
	r := f.do("", "GET", "/api/v1/projects/prj-a/reports/beneficiaries.html", nil)
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, htmlCSP, r.Header.Get("Content-Security-Policy"))
	r = f.do("admin", "GET", "/api/v1/projects/prj-a/reports/financial.html", nil)
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, htmlCSP, r.Header.Get("Content-Security-Policy"))
	assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))
	// A public JSON response to an anonymous caller may be cached.
	assert.Empty(t, f.do("", "GET", "/api/v1/projects/prj-a", nil).Header.Get("Cache-Control"))
}

// TestSecurityHeadersDashboard checks the dashboard's pages, its sign-in
// and sign-out, its stylesheet and its error pages, signed in and not.
func TestSecurityHeadersDashboard(t *testing.T) {
	f := newDashFixture(t)
	anon := &client{f: f}
	for _, path := range []string{"/", "/signin", "/projects/2sokrog", "/nowhere", cssPath} {
		r := anon.get(path)
		checkSecurityHeaders(t, "anonymous "+path, false, r.Header)
	}
	admin := f.signIn("admin")
	for _, path := range []string{"/", "/projects/2sokrog", "/projects/2sokrog/reports", "/nowhere", cssPath} {
		r := admin.get(path)
		checkSecurityHeaders(t, "admin "+path, true, r.Header)
		if isHTML(r.Header.Get("Content-Type")) {
			assert.Equal(t, dashboardCSP, r.Header.Get("Content-Security-Policy"), path)
		}
	}
	// The report a signed-in browser downloads from the API by its cookie.
	r := admin.get("/api/v1/projects/2sokrog/reports/financial.html")
	assert.Equal(t, 200, r.Status)
	checkSecurityHeaders(t, "financial.html by cookie", true, r.Header)
	assert.Equal(t, htmlCSP, r.Header.Get("Content-Security-Policy"))
	// A handler that writes nothing still gets the headers.
	h := New(Options{Store: f.store, Pages: func(*Handler) http.Handler {
		return http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	}})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/empty", nil))
	checkSecurityHeaders(t, "empty page", false, w.Header())
}

// TestMetricsTokenAndElsewhere checks the two ways of keeping /metrics
// from the public: a token, or another address.
func TestMetricsTokenAndElsewhere(t *testing.T) {
	s := newFixture(t).store
	h := New(Options{Store: s, MetricsToken: "scrape-secret"})
	get := func(h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Bearer scrape-secre"},
		{"Authorization", "Basic scrape-secret"}, {"Authorization", "Bearer scrape-secret2"}} {
		w := get(h, "/metrics", hdr...)
		assert.Equal(t, 401, w.Code, hdr)
		assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
		assert.NotContains(t, w.Body.String(), "socialsvc_http_requests_total")
		checkSecurityHeaders(t, "metrics", len(hdr) > 0, w.Header())
	}
	w := get(h, "/metrics", "Authorization", "Bearer scrape-secret")
	assert.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), "socialsvc_http_requests_total")

	// Elsewhere: the handler has no /metrics, MetricsHandler serves them.
	e := New(Options{Store: s, MetricsElsewhere: true})
	get(e, "/api/v1/projects")
	assert.Equal(t, 404, get(e, "/metrics").Code)
	m := get(e.MetricsHandler(), "/metrics")
	assert.Equal(t, 200, m.Code)
	assert.Contains(t, m.Body.String(), `socialsvc_http_requests_total{method="GET",route="GET /api/v1/projects",status="200"} 1`)
}
