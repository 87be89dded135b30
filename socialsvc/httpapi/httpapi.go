package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Default limits.
const (
	// DefaultMaxBodyBytes bounds JSON request bodies.
	DefaultMaxBodyBytes = 1 << 20
	// DefaultMaxUploadBytes bounds CSV and XLSX uploads.
	DefaultMaxUploadBytes = 16 << 20
)

// Options configure a Handler. Only Store is required.
type Options struct {
	// Store holds the data. The Handler keeps no state of its own, so
	// several Handlers (several servers) on one database behave as one.
	Store store.Store
	// Tokens checks bearer tokens. Nil means no token is valid: every
	// caller is anonymous unless Authenticate says otherwise.
	Tokens Tokens
	// Authenticate, when set, replaces bearer tokens: a host application
	// maps its own session or user to a Principal (the zero Principal is
	// anonymous). An error is reported as 401 unless it is a
	// *socialsvc.Error with another code.
	Authenticate func(*http.Request) (Principal, error)
	// Logger receives one line per request and the details of internal
	// errors; slog.Default() when nil.
	Logger *slog.Logger
	// MaxBodyBytes bounds JSON bodies (DefaultMaxBodyBytes when 0);
	// MaxUploadBytes bounds imports (DefaultMaxUploadBytes when 0).
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// Registry receives the request metrics and serves /metrics; a new
	// registry (with Go and process collectors) when nil.
	Registry *prometheus.Registry
	// MetricsToken, when set, is the bearer token /metrics requires
	// (Authorization: Bearer <MetricsToken>, compared in constant time):
	// the metrics name routes and show load, which is not for everyone.
	MetricsToken string
	// MetricsElsewhere leaves /metrics out of the Handler, for a program
	// that serves MetricsHandler on another address (an internal port a
	// scraper reaches and the public does not).
	MetricsElsewhere bool
	// TrustedProxies are the addresses (of RemoteAddr) of the reverse
	// proxies that terminate TLS in front of the Handler. Only a request
	// from one of them is believed when its X-Forwarded-Proto says https,
	// which makes the dashboard's session cookie Secure behind such a
	// proxy; anyone else could send the header too.
	TrustedProxies []netip.Prefix
	// Pages, when set, builds the handler of every path outside /api/v1,
	// /healthz, /readyz and /metrics: the HTML dashboard. It receives the
	// API handler so that it can reuse its store, authorisation and
	// report rendering. Requests reach it authenticated (PrincipalFrom).
	// When nil, "/" is a small index page linking to the API.
	Pages func(*Handler) http.Handler
	// Prefix is the path under which a host application mounts the
	// handler with http.StripPrefix ("/socialsvc"), so that the Location
	// and Link headers the API writes are paths the client can follow.
	Prefix string
	// Now is the clock (time.Now when nil); reports record it.
	Now func() time.Time
	// TargetGroups labels target groups in reports.
	TargetGroups *socialsvc.TargetGroupCatalogue
}

// Handler serves the API. Create it with New.
type Handler struct {
	opts    Options
	store   store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []*route
	reg     *prometheus.Registry
	reqs    *prometheus.CounterVec
	latency *prometheus.HistogramVec
	doc     openapiDoc
}

// New returns a Handler for opts. It panics when opts.Store is nil, which
// is a programming error.
func New(opts Options) *Handler {
	if opts.Store == nil {
		panic("httpapi: Options.Store is nil")
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	h := &Handler{opts: opts, store: opts.Store, log: opts.Logger, mux: http.NewServeMux(), reg: opts.Registry}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.reg == nil {
		h.reg = prometheus.NewRegistry()
		h.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	h.reqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "socialsvc_http_requests_total", Help: "HTTP requests by route, method and status.",
	}, []string{"route", "method", "status"})
	h.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "socialsvc_http_request_duration_seconds", Help: "HTTP request latency by route, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method", "status"})
	h.reg.MustRegister(h.reqs, h.latency)

	h.routes = h.apiRoutes()
	for _, rt := range h.routes {
		rt.Query = withCommon(rt.Query)
		h.mux.Handle(rt.Method+" "+rt.Path, h.wrap(rt))
	}
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.HandleFunc("GET /readyz", h.readyz)
	if !opts.MetricsElsewhere {
		h.mux.Handle("GET /metrics", h.MetricsHandler())
	}
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		h.writeProblem(w, r, &socialsvc.Error{Code: socialsvc.NotFound, Message: "no such API route"})
	})
	if opts.Pages != nil {
		pages := opts.Pages(h)
		h.mux.Handle("/", h.pagesAuth(pages))
	} else {
		h.mux.HandleFunc("GET /{$}", h.index)
		h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			h.writeProblem(w, r, &socialsvc.Error{Code: socialsvc.NotFound, Message: "not found"})
		})
	}
	return h
}

// MetricsHandler serves the Prometheus metrics of the handler, behind
// Options.MetricsToken when it is set. The Handler serves it at /metrics
// unless Options.MetricsElsewhere.
func (h *Handler) MetricsHandler() http.Handler {
	prom := promhttp.HandlerFor(h.reg, promhttp.HandlerOpts{})
	if h.opts.MetricsToken == "" {
		return prom
	}
	want := sha256.Sum256([]byte(h.opts.MetricsToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, _ := bearer(r)
		got := sha256.Sum256([]byte(tok))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			h.writeProblem(w, r, &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "/metrics needs the metrics token"})
			return
		}
		prom.ServeHTTP(w, r)
	})
}

// secure reports whether the client reached r over TLS: directly, or
// through a trusted proxy (Options.TrustedProxies) that says so in
// X-Forwarded-Proto.
func (h *Handler) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if len(h.opts.TrustedProxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr := ap.Addr().Unmap()
	trusted := false
	for _, p := range h.opts.TrustedProxies {
		if p.Contains(addr) {
			trusted = true
			break
		}
	}
	if !trusted {
		return false
	}
	// A chain of proxies appends: the first value is what the client
	// used with the outermost proxy.
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// prefixes ("10.0.0.0/8, 127.0.0.1, ::1") for Options.TrustedProxies.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Store returns the store the handler serves.
func (h *Handler) Store() store.Store { return h.store }

// Logger returns the handler's logger.
func (h *Handler) Logger() *slog.Logger { return h.log }

type infoKey struct{}

// reqInfo is what the outer middleware learns from the inner handlers.
type reqInfo struct {
	id    string
	route string
}

func requestIDFrom(ctx context.Context) string {
	if i, ok := ctx.Value(infoKey{}).(*reqInfo); ok {
		return i.id
	}
	return ""
}

// RequestID returns the ID of the request ctx belongs to, as logged and as
// sent in X-Request-ID.
func RequestID(ctx context.Context) string { return requestIDFrom(ctx) }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validRequestID accepts a caller's X-Request-ID when it is short and
// plain, so that a proxy's ID can be followed through the logs without
// letting a caller inject text into them.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// statusWriter records the status and size of a response for the log and
// the metrics, and adds the security headers (setSecurityHeaders) when the
// header is written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		setSecurityHeaders(w.Header())
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
		setSecurityHeaders(w.Header())
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP implements http.Handler: request ID, panic recovery, metrics
// and the request log around the routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-ID")
	if !validRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-ID", id)
	info := &reqInfo{id: id}
	ctx := context.WithValue(r.Context(), infoKey{}, info)
	if h.opts.Prefix != "" {
		ctx = context.WithValue(ctx, prefixKey{}, h.opts.Prefix)
	}
	r = r.WithContext(ctx)
	if carriesCredentials(r) {
		markPersonal(w)
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.ErrorContext(r.Context(), "panic", "request_id", id, "route", info.route, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if sw.status == 0 {
				h.writeProblem(sw, r, &socialsvc.Error{Code: socialsvc.Internal, Message: "panic"})
			}
		}
		route := info.route
		if route == "" {
			route = r.Pattern
		}
		if route == "" {
			route = "unmatched"
		}
		status := sw.status
		if status == 0 {
			// Nothing was written: net/http sends 200 with the header
			// as it is now.
			status = http.StatusOK
			setSecurityHeaders(sw.Header())
		}
		d := time.Since(start)
		st := strconv.Itoa(status)
		h.reqs.WithLabelValues(route, r.Method, st).Inc()
		h.latency.WithLabelValues(route, r.Method, st).Observe(d.Seconds())
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelError
		}
		h.log.Log(r.Context(), lvl, "request", "request_id", id, "method", r.Method, "route", route,
			"status", status, "duration_ms", float64(d.Microseconds())/1000, "bytes", sw.bytes)
	}()
	h.mux.ServeHTTP(sw, r)
}

// authenticate finds the principal of r.
func (h *Handler) authenticate(r *http.Request) (Principal, error) {
	if h.opts.Authenticate != nil {
		p, err := h.opts.Authenticate(r)
		if err != nil {
			if socialsvc.ErrorCode(err) == socialsvc.Internal {
				return Principal{}, &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "authentication failed", Err: err}
			}
			return Principal{}, err
		}
		if !p.Anonymous() && !p.Role.Valid() {
			return Principal{}, &socialsvc.Error{Code: socialsvc.Internal, Message: "Authenticate returned an unknown role"}
		}
		return p, nil
	}
	tok, present := bearer(r)
	if !present {
		return h.cookiePrincipal(r)
	}
	return authenticateToken(r.Context(), h.opts.Tokens, tok)
}

// pagesAuth authenticates requests for the pages handler.
func (h *Handler) pagesAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := h.authenticate(r)
		if err != nil {
			h.writeProblem(w, r, err)
			return
		}
		if !p.Anonymous() {
			markPersonal(w)
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

// wrap turns a route into a handler: authentication, the route's access
// level, body limits, and errors as problem documents.
func (h *Handler) wrap(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
			i.route = rt.Method + " " + rt.Path
		}
		p, err := h.authenticate(r)
		if err != nil {
			h.writeProblem(w, r, err)
			return
		}
		switch {
		case rt.Auth == authUser && p.Anonymous(), rt.Auth == authAdmin && p.Anonymous():
			h.writeProblem(w, r, &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "this route needs a bearer token"})
			return
		case rt.Auth == authAdmin && p.Role != RoleAdmin:
			h.writeProblem(w, r, errForbidden)
			return
		}
		if err := checkQuery(rt, r.URL.Query()); err != nil {
			h.writeProblem(w, r, err)
			return
		}
		limit := h.opts.MaxBodyBytes
		if rt.Upload {
			limit = h.opts.MaxUploadBytes
		}
		if r.ContentLength > limit {
			h.writeProblem(w, r, errTooLarge(limit))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		if !p.Anonymous() {
			markPersonal(w)
		}
		ctx := WithPrincipal(r.Context(), p)
		if reason := r.Header.Get(reasonHeader); reason != "" {
			if !utf8.ValidString(reason) || len(reason) > store.MaxReasonLen {
				h.writeProblem(w, r, socialsvc.FieldErr(reasonHeader, "reason", "err.reason"))
				return
			}
			ctx = store.WithReason(ctx, reason)
		}
		r = r.WithContext(ctx)
		if err := rt.handle(w, r); err != nil {
			if isTooLarge(err) {
				err = errTooLarge(limit)
			}
			h.writeProblem(w, r, err)
		}
	})
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

func (h *Handler) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		h.log.WarnContext(ctx, "store not ready", "request_id", requestIDFrom(ctx), "err", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>go-socialsvc</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}</style>
</head><body>
<h1>go-socialsvc reference server</h1>
<p>The REST API is under <a href="api/v1/projects">api/v1</a>; its description is <a href="api/v1/openapi.json">api/v1/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Projects</h2>
<p>Published projects, with their reports. Beneficiary statistics and IATI are public; financial and indicator reports need a token
(<code>Authorization: Bearer …</code>).</p>
<ul>{{range .}}<li><a href="api/v1/projects/{{.ID}}">{{.Acronym}}</a>: {{.Title.In "en"}}<br>
reports: <a href="api/v1/projects/{{.ID}}/reports/beneficiaries.html">beneficiaries (HTML)</a>,
<a href="api/v1/projects/{{.ID}}/reports/iati.xml">IATI XML</a>,
financial <a href="api/v1/projects/{{.ID}}/reports/financial.html">HTML</a> / <a href="api/v1/projects/{{.ID}}/reports/financial.xlsx">XLSX</a>,
<a href="api/v1/projects/{{.ID}}/reports/indicators.html">indicators</a></li>
{{else}}<li>No published projects yet.</li>{{end}}</ul>
<p>Service: <a href="healthz">healthz</a> · <a href="readyz">readyz</a> · <a href="metrics">metrics</a></p>
</body></html>
`))

func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	var list []socialsvc.Project
	f := store.ProjectFilter{ListOptions: store.ListOptions{Limit: 100}}
	pg, err := h.store.ListProjects(r.Context(), f)
	if err != nil {
		h.writeProblem(w, r, err)
		return
	}
	for _, p := range pg.Items {
		if Published(p.Status) {
			list = append(list, p)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexTmpl.Execute(w, list)
}
