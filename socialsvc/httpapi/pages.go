package httpapi

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

//go:embed templates/pages/*.html
var pageFS embed.FS

//go:embed static/site.css
var siteCSS []byte

// cssVersion is a hash of the stylesheet: it is part of the stylesheet's
// URL, so that the file can be cached for a year and a new version is a
// new URL.
var cssVersion = func() string {
	sum := sha256.Sum256(siteCSS)
	return hex.EncodeToString(sum[:5])
}()

// cssPath is the path of the stylesheet, relative to the handler.
var cssPath = "/static/site." + cssVersion + ".css"

// pageTemplates are the dashboard's pages, each parsed with the layout and
// the shared partials. missingkey=error turns a label that does not exist
// into a template error, which the tests catch.
var pageTemplates = func() map[string]*template.Template {
	names, err := fs.Glob(pageFS, "templates/pages/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/pages/")
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t := template.Must(template.New(base).Option("missingkey=error").
			ParseFS(pageFS, "templates/pages/layout.html", "templates/pages/partials.html", n))
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out
}()

// Dashboard returns the HTML dashboard: server-rendered pages in Croatian
// and English over the API handler's store, with its authentication and
// access rules. It fits Options.Pages:
//
//	h := httpapi.New(httpapi.Options{Store: s, Tokens: ts, Pages: httpapi.Dashboard})
//
// Pages: "/" (the projects the caller may see, with totals by fund and
// status), "/projects/{id}" (summary, partners, funding, budget against
// spent, indicators, beneficiary statistics, events), "/projects/{id}/reports"
// (links to every report format of the API), "/signin" and "/signout"
// (a token kept in an HttpOnly, SameSite=Strict cookie that the API accepts
// too), "/projects/{id}/events/new" (recording an event, for editors and
// admins), "/projects/{id}/modifications" (the contract modifications:
// listed to the project's partners, added, edited and deleted by whoever
// the store's write rules let change the project's terms),
// "/organisations/{id}/edit" (an organisation's record with its IATI
// identifier, for its own editors and admins) and the pages of the
// reporting cycle (pages_cycle.go): "/projects/{id}/partner-reports",
// "/partner-reports/{id}", "/control" and "/projects/{id}/payments". The language is ?lang=
// (any shipped language: hr, en, sl, sr-Latn, sq), else the lang cookie,
// else Accept-Language, else Croatian; every page has a language switcher
// whose links set the cookie. Anonymous visitors see published projects and suppressed
// beneficiary statistics only; no page ever lists a beneficiary.
func Dashboard(api *Handler) http.Handler {
	d := &dashboard{h: api, base: api.opts.Prefix}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", d.portfolio)
	mux.HandleFunc("GET /projects/{id}", d.project)
	mux.HandleFunc("GET /projects/{id}/reports", d.reports)
	mux.HandleFunc("GET /projects/{id}/events/new", d.eventForm)
	mux.HandleFunc("POST /projects/{id}/events/new", d.eventPost)
	mux.HandleFunc("GET /projects/{id}/modifications", d.mods)
	mux.HandleFunc("POST /projects/{id}/modifications", d.modPost)
	mux.HandleFunc("GET /projects/{id}/modifications/{n}/edit", d.mods)
	mux.HandleFunc("POST /projects/{id}/modifications/{n}/edit", d.modPost)
	mux.HandleFunc("POST /projects/{id}/modifications/{n}/delete", d.modPost)
	mux.HandleFunc("GET /organisations/{id}/edit", d.orgForm)
	mux.HandleFunc("POST /organisations/{id}/edit", d.orgPost)
	mux.HandleFunc("GET /signin", d.signinForm)
	mux.HandleFunc("POST /signin", d.signin)
	mux.HandleFunc("POST /signout", d.signout)
	d.cycleRoutes(mux)
	mux.HandleFunc("GET "+cssPath, d.css)
	mux.HandleFunc("/", d.notFound)
	return mux
}

// dashboard serves the pages.
type dashboard struct {
	h    *Handler
	base string // Options.Prefix
}

// pageLang picks the language of a page like langOf does for the API:
// ?lang= when it names a shipped language, else the lang cookie the
// language switcher set, else Accept-Language through the matcher of
// package i18n. A page falls back where the API refuses: an unknown
// ?lang= is passed over (the switcher shows the language chosen), and a
// browser that asks for no shipped language reads the dashboard's own
// language, Croatian.
func pageLang(r *http.Request) socialsvc.Lang {
	if v := r.URL.Query().Get("lang"); v != "" {
		if l, ok := shippedLang(v); ok {
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := shippedLang(c.Value); ok {
			return l
		}
	}
	h := r.Header.Get("Accept-Language")
	if l := i18n.Match(h); l != socialsvc.EN || asksForEnglish(h) {
		return l
	}
	return socialsvc.HR
}

// asksForEnglish reports whether an Accept-Language header names English
// (with a weight above 0), so that the matcher's English is a choice and
// not its fallback.
func asksForEnglish(h string) bool {
	tags, q, err := language.ParseAcceptLanguage(h)
	if err != nil {
		return false
	}
	for i, t := range tags {
		if b, _ := t.Base(); b.String() == "en" && q[i] > 0 {
			return true
		}
	}
	return false
}

// langLink is one language of the language switcher.
type langLink struct {
	Tag     socialsvc.Lang
	Name    string // the language's name in itself
	Href    string // this page in that language
	Current bool
}

// page is what the layout renders around every page's content.
type page struct {
	Lang      socialsvc.Lang
	T         map[string]string
	Title     string
	Base      string
	CSS       string
	Langs     []langLink     // the language switcher: this page in every shipped language
	OtherLang socialsvc.Lang // the language of a project's second title
	Principal Principal
	SignedIn  bool
	CanSignIn bool
	CSRF      string
	Here      string // path and query of this page, for next=
	Body      any
}

// N returns the plural label key ("events_n") for count in the page's
// language: "1 događaj", "2 događaja", "5 događaja".
func (p *page) N(key string, count int) string { return i18n.N(p.Lang, pagePrefix+key, count) }

// langName is the name of l in itself, capitalised as a switcher shows
// it ("Slovenščina", "Shqip").
func langName(l socialsvc.Lang) string {
	n := i18n.Name(l)
	r, size := utf8.DecodeRuneInString(n)
	return string(unicode.ToUpper(r)) + n[size:]
}

// Href returns the URL of a dashboard path in the page's language.
func (p *page) Href(path string) string { return p.Base + withLang(path, p.Lang) }

// API returns the URL of an API path (reports) with lang= for the page's
// language unless the path already has one.
func (p *page) API(path string) string {
	if strings.Contains(path, "lang=") {
		return p.Base + path
	}
	return p.Base + withLang(path, p.Lang)
}

// Project returns the URL of a project's page, or of a page under it
// (suffix "/reports").
func (p *page) Project(id socialsvc.ProjectID, suffix string) string {
	return p.Href("/projects/" + url.PathEscape(string(id)) + suffix)
}

// SignIn returns the URL of the sign-in page that comes back here.
func (p *page) SignIn() string {
	return p.Href("/signin?next=" + url.QueryEscape(p.Here))
}

func withLang(path string, lang socialsvc.Lang) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "lang=" + string(lang) + frag
}

// newPage fills the layout's data for r.
func (d *dashboard) newPage(r *http.Request, title string) *page {
	lang := pageLang(r)
	p := &page{Lang: lang, T: labelsFor(lang), Title: title, Base: d.base, CSS: d.base + cssPath,
		Principal: PrincipalFrom(r.Context())}
	p.SignedIn = !p.Principal.Anonymous()
	p.CanSignIn = d.h.opts.Authenticate == nil && d.h.opts.Tokens != nil
	if c, err := r.Cookie(sessionCookie); err == nil && p.SignedIn {
		p.CSRF = csrfToken(c.Value)
	}
	p.OtherLang = otherLang(lang)
	q := r.URL.Query()
	for _, l := range i18n.Languages() {
		q.Set("lang", string(l))
		p.Langs = append(p.Langs, langLink{Tag: l, Name: langName(l), Href: d.base + r.URL.Path + "?" + q.Encode(), Current: l == lang})
	}
	q.Set("lang", string(lang))
	p.Here = r.URL.Path + "?" + q.Encode()
	return p
}

// render executes a page into a buffer first, so that a template error
// becomes an error page rather than half a page.
func (d *dashboard) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := pageTemplates[name]
	var buf bytes.Buffer
	var err error
	if !ok {
		err = &socialsvc.Error{Code: socialsvc.Internal, Message: "no page template " + name}
	} else {
		err = t.ExecuteTemplate(&buf, "layout", p)
	}
	if err != nil {
		d.h.log.ErrorContext(r.Context(), "page template", "request_id", requestIDFrom(r.Context()), "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("internal error, request " + requestIDFrom(r.Context()) + "\n"))
		return
	}
	h := w.Header()
	if v := r.URL.Query().Get("lang"); v != "" {
		// A language chosen with ?lang= (the switcher's links) is kept
		// for the pages and API calls that do not name one.
		if l, ok := shippedLang(v); ok && l == p.Lang {
			if c, err := r.Cookie(langCookie); err != nil || c.Value != string(l) {
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: d.base + "/",
					MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
			}
		}
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(p.Lang))
	h.Set("Vary", "Accept-Language, Cookie")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", dashboardCSP) // the other security headers: setSecurityHeaders
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the body of the error pages.
type errorView struct {
	Status    int
	Heading   string
	Message   string
	RequestID string
}

// fail renders err as an error page: 404 for what does not exist or may
// not be seen, 403, and 500 (logged, with the request ID) for the rest.
// The page never shows an internal error's text.
func (d *dashboard) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	p := d.newPage(r, "")
	v := errorView{Status: status}
	switch status {
	case http.StatusNotFound:
		v.Heading, v.Message = p.T["nf_title"], p.T["nf_text"]
	case http.StatusForbidden:
		v.Heading, v.Message = p.T["forbidden_title"], p.T["forbidden_text"]
	case http.StatusUnauthorized:
		v.Heading, v.Message = p.T["unauth_title"], p.T["unauth_text"]
	case http.StatusBadRequest:
		v.Heading, v.Message = p.T["bad_title"], p.T["bad_text"]
	default:
		status = http.StatusInternalServerError
		v.Status = status
		v.RequestID = requestIDFrom(r.Context())
		v.Heading, v.Message = p.T["err_title"], p.T["err_text"]
		d.h.log.ErrorContext(r.Context(), "page error", "request_id", v.RequestID, "path", r.URL.Path, "err", err)
	}
	p.Title, p.Body = v.Heading, v
	d.render(w, r, status, "error", p)
}

func (d *dashboard) notFound(w http.ResponseWriter, r *http.Request) {
	d.fail(w, r, &socialsvc.Error{Code: socialsvc.NotFound, Message: "no such page"})
}

func (d *dashboard) css(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(siteCSS)
}

// localPath reports whether next is a path of this dashboard that a
// redirect may go to: absolute, not scheme-relative, no backslashes.
func localPath(next string) bool {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return false
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == ""
}
