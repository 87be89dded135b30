package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/zajednica/go-socialsvc/socialsvc"
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

var titles = map[string][2]string{
	socialsvc.Invalid:         {"Invalid request", "Neispravan zahtjev"},
	socialsvc.Unauthenticated: {"Authentication required", "Potrebna je prijava"},
	socialsvc.Forbidden:       {"Forbidden", "Zabranjeno"},
	socialsvc.NotFound:        {"Not found", "Nije pronađeno"},
	socialsvc.Conflict:        {"Conflict", "Sukob"},
	socialsvc.Internal:        {"Internal error", "Interna pogreška"},
	"precondition_failed":     {"Precondition failed", "Preduvjet nije ispunjen"},
	"precondition_required":   {"Precondition required", "Potreban je preduvjet"},
	"too_large":               {"Request too large", "Zahtjev je prevelik"},
	"method_not_allowed":      {"Method not allowed", "Metoda nije dopuštena"},
	"unsupported_media_type":  {"Unsupported media type", "Nepodržana vrsta sadržaja"},
}

func title(key string, lang socialsvc.Lang) string {
	t, ok := titles[key]
	if !ok {
		return key
	}
	if lang == socialsvc.HR {
		return t[1]
	}
	return t[0]
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
	return &httpError{http.StatusPreconditionFailed, "precondition_failed", &socialsvc.Error{Code: socialsvc.Conflict,
		Message: "the record was changed since it was read: fetch it again and retry with its ETag",
		Fields: []socialsvc.FieldError{{Field: "If-Match", Rule: "stale",
			Message: "the ETag is not the current version", MessageHR: "ETag nije trenutačna verzija zapisa"}}}}
}

func errPreconditionRequired() error {
	return &httpError{http.StatusPreconditionRequired, "precondition_required", &socialsvc.Error{Code: socialsvc.Invalid,
		Message: "If-Match is required: send the ETag of the version you read",
		Fields: []socialsvc.FieldError{{Field: "If-Match", Rule: "required",
			Message: "send If-Match with the ETag you read", MessageHR: "pošaljite If-Match s ETagom koji ste pročitali"}}}}
}

func errTooLarge(limit int64) error {
	return &httpError{http.StatusRequestEntityTooLarge, "too_large", &socialsvc.Error{Code: socialsvc.Invalid,
		Message: "the request body is larger than allowed",
		Fields: []socialsvc.FieldError{{Field: "body", Rule: "max_bytes",
			Message:   "the body exceeds " + humanBytes(limit),
			MessageHR: "tijelo zahtjeva premašuje " + humanBytes(limit)}}}}
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
	if lang == socialsvc.HR {
		p.Detail = socialsvc.ErrorMessageIn(err, lang)
		if p.Detail == socialsvc.ErrorMessage(err) {
			p.Detail = "" // no Croatian summary
			if len(fields) == 1 {
				p.Detail = fields[0].MessageHR
			}
		}
	} else {
		p.Detail = socialsvc.ErrorMessage(err)
	}
	for _, f := range fields {
		msg := f.Message
		if lang == socialsvc.HR && f.MessageHR != "" {
			msg = f.MessageHR
		}
		pf := ProblemField{Row: f.Row, Field: f.Field, Rule: f.Rule, Message: msg}
		if f.Row > 0 {
			pf.Column = tabular.ColumnOf(f.Field)
		}
		p.Errors = append(p.Errors, pf)
	}
	return p
}

// langOf picks the language of messages from ?lang= or Accept-Language.
func langOf(r *http.Request) socialsvc.Lang {
	if l := r.URL.Query().Get("lang"); l != "" {
		return socialsvc.ParseLang(l)
	}
	return socialsvc.ParseLang(firstLang(r.Header.Get("Accept-Language")))
}

// firstLang returns the language of an Accept-Language header with the
// highest weight (the first of equals).
func firstLang(h string) string {
	best, bestQ := "", -1.0
	for _, part := range splitComma(h) {
		tag, q := part, 1.0
		if t, params, ok := cut(part, ";"); ok {
			tag = t
			if v, ok := cutPrefix(trim(params), "q="); ok {
				q = parseQ(v)
			}
		}
		tag = trim(tag)
		if tag != "" && q > bestQ {
			best, bestQ = tag, q
		}
	}
	return best
}

// writeProblem writes err as problem+json.
func (h *Handler) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err, langOf(r))
	p.Instance = r.URL.Path
	p.RequestID = requestIDFrom(r.Context())
	if p.Status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", "request_id", p.RequestID, "route", r.Pattern, "err", err)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="socialsvc"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", string(langOf(r)))
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
