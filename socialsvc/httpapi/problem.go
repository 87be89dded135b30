package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/text/language"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// statusOf is the one table from the library's error codes to HTTP
// statuses. Invalid is 400 for every kind of bad input (syntax, types,
// unknown fields, values the domain rejects): one code, one status.
var statusOf = map[string]int{
	socialsvc.Invalid:         http.StatusBadRequest,
	socialsvc.Unauthenticated: http.StatusUnauthorized,
	socialsvc.Forbidden:       http.StatusForbidden,
	socialsvc.NotFound:        http.StatusNotFound,
	socialsvc.Conflict:        http.StatusConflict,
	socialsvc.Internal:        http.StatusInternalServerError,
}

// StatusOf returns the HTTP status of an error by its code (see the
// package documentation for the table). Errors that are not
// *socialsvc.Error are internal.
func StatusOf(err error) int {
	if s, ok := statusOf[socialsvc.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem document with the library's extensions:
// the error code, per-field errors and the request ID to quote when
// reporting a fault.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	Code      string         `json:"code"`
	Errors    []ProblemField `json:"errors,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
}

// ProblemField is one field error in the caller's language. Row and
// Column locate it in an uploaded spreadsheet (Row is the spreadsheet's
// line number, the header being line 1).
type ProblemField struct {
	Row     int    `json:"row,omitempty"`
	Column  string `json:"column,omitempty"`
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// title is the problem title of key (an error code or one of the
// statuses outside the code table) in lang, from the catalogue message
// err.title.<key>.
func title(key string, lang socialsvc.Lang) string {
	id := "err.title." + key
	if !i18n.Has(socialsvc.EN, id) {
		return key
	}
	return i18n.T(lang, id)
}

// httpError is an error with a status outside the code table (412, 413,
// 428, 405): it still carries a library code for clients that branch on
// it.
type httpError struct {
	status int
	key    string // title key
	err    *socialsvc.Error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

func errPreconditionFailed() error {
	return &httpError{http.StatusPreconditionFailed, "precondition_failed", socialsvc.NewError(socialsvc.Conflict,
		"err.http.precondition_failed", nil, socialsvc.NewFieldError("If-Match", "stale", "err.if_match.stale", nil))}
}

func errPreconditionRequired() error {
	return &httpError{http.StatusPreconditionRequired, "precondition_required", socialsvc.NewError(socialsvc.Invalid,
		"err.http.precondition_required", nil, socialsvc.NewFieldError("If-Match", "required", "err.if_match.required", nil))}
}

func errTooLarge(limit int64) error {
	return &httpError{http.StatusRequestEntityTooLarge, "too_large", socialsvc.NewError(socialsvc.Invalid,
		"err.http.too_large", nil, socialsvc.NewFieldError("body", "max_bytes", "err.body.max_bytes", socialsvc.Args{"Limit": humanBytes(limit)}))}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa64(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa64(n>>10) + " KiB"
	}
	return itoa64(n) + " bytes"
}

// isStale reports whether err is a store's stale-version conflict, which
// the API reports as 412: the If-Match the client sent was current when
// checked but another writer got there first.
func isStale(err error) bool {
	var e *socialsvc.Error
	if !errors.As(err, &e) || e.Code != socialsvc.Conflict {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == "version" && f.Rule == "version" {
			return true
		}
	}
	return false
}

// problemOf builds the problem document of err in lang.
func problemOf(err error, lang socialsvc.Lang) Problem {
	var he *httpError
	status, key := StatusOf(err), socialsvc.ErrorCode(err)
	if errors.As(err, &he) {
		status, key = he.status, he.key
		err = he.err
	} else if isStale(err) {
		return problemOf(errPreconditionFailed(), lang)
	}
	code := socialsvc.ErrorCode(err)
	p := Problem{Type: "about:blank", Title: title(key, lang), Status: status, Code: code}
	if code == socialsvc.Internal {
		// Internal errors may carry driver text, paths or data; the
		// client gets the request ID and the log gets the rest.
		return p
	}
	fields := socialsvc.ErrorFields(err)
	// The summary in lang when the error has one there (English always
	// has one); else the message of a single field, as the summaries of
	// single-field errors ("invalid tax_id") say less than the field does.
	p.Detail = socialsvc.ErrorMessageIn(err, lang)
	if p.Detail == "" && len(fields) == 1 {
		p.Detail = fields[0].MessageIn(lang)
	}
	for _, f := range fields {
		pf := ProblemField{Row: f.Row, Field: f.Field, Rule: f.Rule, Message: f.MessageIn(lang)}
		if f.Row > 0 {
			pf.Column = tabular.ColumnOf(f.Field)
		}
		p.Errors = append(p.Errors, pf)
	}
	return p
}

// langCookie is the cookie the dashboard's language switcher sets; the
// API reads it too, so that a browser gets its messages and reports in
// the language of its pages.
const langCookie = "lang"

// shippedLang returns the shipped language a ?lang= value names: a shipped
// tag in any letter case ("sl", "sr-latn"), or a tag of the same language
// ("hr-HR", "sq-XK", "sr-Latn-RS") as the matcher of package i18n reads
// it. ok is false for anything else ("de", "x", "sr-Cyrl"), which the API
// refuses rather than answering in a language that was not asked for.
func shippedLang(v string) (socialsvc.Lang, bool) {
	for _, l := range i18n.Languages() {
		if strings.EqualFold(v, string(l)) {
			return l, true
		}
	}
	if v == "" || len(v) > 64 {
		return "", false
	}
	t, err := language.Parse(v)
	if err != nil {
		return "", false
	}
	l := i18n.Match(t.String())
	want, err := language.Parse(string(l))
	if err != nil {
		return "", false
	}
	tb, _ := t.Base()
	wb, _ := want.Base()
	if tb != wb {
		return "", false
	}
	if ts, c := t.Script(); c == language.Exact {
		if ws, _ := want.Script(); ts != ws {
			return "", false
		}
	}
	return l, true
}

// langOf negotiates the language of r's messages and reports: ?lang= when
// it names a shipped language, else the lang cookie, else Accept-Language
// through the matcher of package i18n (English when nothing matches). An
// unknown ?lang= never reaches a handler of the API: checkQuery refuses
// it with 400, naming the parameter.
func langOf(r *http.Request) socialsvc.Lang {
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
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// checkLang is the 400 of a ?lang= that names no shipped language.
func checkLang(q url.Values) error {
	v := q["lang"]
	if len(v) != 1 {
		return nil // absent, or repeated (refused as such)
	}
	if _, ok := shippedLang(v[0]); ok {
		return nil
	}
	return socialsvc.FieldErrf("lang", "oneof", "err.lang.oneof", socialsvc.Args{"List": langList()})
}

// langList is the shipped tags, comma-separated.
func langList() string {
	var b strings.Builder
	for i, l := range i18n.Languages() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(l))
	}
	return b.String()
}

// writeProblem writes err as problem+json.
func (h *Handler) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	lang := langOf(r)
	p := problemOf(err, lang)
	p.Instance = r.URL.Path
	p.RequestID = requestIDFrom(r.Context())
	if p.Status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", "request_id", p.RequestID, "route", r.Pattern, "err", err)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="socialsvc"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", string(lang))
	w.Header().Add("Vary", "Accept-Language")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
