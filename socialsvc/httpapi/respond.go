package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// prefixKey carries Options.Prefix to helpers that build URLs.
type prefixKey struct{}

var errForbidden = &socialsvc.Error{Code: socialsvc.Forbidden, Message: "your role or organisation does not allow this"}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// ETag returns the entity tag of a version: a strong tag, because
// If-Match compares strongly (RFC 9110 13.1.1) and weak tags never match.
func ETag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// writeEntity writes an entity with its ETag.
func writeEntity(w http.ResponseWriter, status int, v any, version int64) error {
	w.Header().Set("ETag", ETag(version))
	return writeJSON(w, status, v)
}

// ifMatch returns the version an update or delete may write: current when
// If-Match names it (or is "*"). A missing header is 428 and a stale one
// 412.
func ifMatch(r *http.Request, current int64) (int64, error) {
	h := r.Header.Values("If-Match")
	if len(h) == 0 {
		return 0, errPreconditionRequired()
	}
	if matchETags(h, current) {
		return current, nil
	}
	return 0, errPreconditionFailed()
}

// optionalIfMatch checks If-Match when it is sent (actions such as
// transitions, which the lifecycle guards anyway).
func optionalIfMatch(r *http.Request, current int64) error {
	h := r.Header.Values("If-Match")
	if len(h) == 0 || matchETags(h, current) {
		return nil
	}
	return errPreconditionFailed()
}

func matchETags(headers []string, current int64) bool {
	want := ETag(current)
	for _, h := range headers {
		for _, t := range strings.Split(h, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || t == want {
				return true
			}
		}
	}
	return false
}

// decodeJSON reads one JSON value from r's body into dst strictly:
// unknown fields, wrong types, duplicate keys, invalid UTF-8, trailing
// data and malformed JSON are invalid with the field named (checkJSON
// walks the body first, so that every error has the field's full path).
func decodeJSON(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &httpError{http.StatusUnsupportedMediaType, "unsupported_media_type", socialsvc.FieldErr("Content-Type", "media_type",
				"err.content_type.media_type_2")}
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return socialsvc.FieldErr("body", "required", "err.body.required_2")
	}
	if err := checkJSON(body, reflect.TypeOf(dst)); err != nil {
		return jsonError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return socialsvc.FieldErr("body", "json", "err.body.json")
	}
	return nil
}

// jsonError turns an encoding/json error into an invalid error naming the
// field. Values are never repeated back: they may be personal data.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var le *socialsvc.Error
	switch {
	case errors.As(err, &le):
		return le
	case errors.As(err, &se):
		return socialsvc.FieldErrf("body", "json", "err.body.json_2", socialsvc.Args{"Offset": strconv.FormatInt(se.Offset, 10)})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return socialsvc.FieldErr("body", "json", "err.body.json_3")
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return socialsvc.FieldErrf(field, "type", "err.type_3", socialsvc.Args{"Kind": jsonType(te.Type.Kind().String())})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return socialsvc.FieldErr(name, "unknown", "err.unknown")
	case isTooLarge(err):
		return err
	}
	return socialsvc.FieldErr("body", "json", "err.body.json_4")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	}
	return "number"
}

// listOptions reads ?limit=, ?cursor= and ?sort= for the list of entity
// (store.SortKeys names the orders it accepts): an order the list does
// not have, or a cursor made for another order, is invalid here, before
// the store is asked.
func listOptions(q url.Values, entity string) (store.ListOptions, error) {
	var o store.ListOptions
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxLimit {
			return o, socialsvc.FieldErrf("limit", "range", "err.limit.range", socialsvc.Args{"MaxLimit": strconv.Itoa(store.MaxLimit)})
		}
		o.Limit = n
	}
	o.Cursor = q.Get("cursor")
	o.Sort = q.Get("sort")
	if _, _, err := o.Resolve(store.SortKeys(entity)); err != nil {
		return o, err
	}
	return o, nil
}

// writePage writes a page with a Link header to the next one, which keeps
// every query parameter of the request (filters, limit, sort) and
// replaces the cursor.
func writePage[T any](w http.ResponseWriter, r *http.Request, pg store.Page[T]) error {
	prefix, _ := r.Context().Value(prefixKey{}).(string)
	if pg.Items == nil {
		pg.Items = []T{}
	}
	if pg.NextCursor != "" {
		q := r.URL.Query()
		q.Set("cursor", pg.NextCursor)
		u := url.URL{Path: prefix + r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, pg)
}

func queryDate(q url.Values, name string) (socialsvc.Date, error) {
	s := q.Get(name)
	if s == "" {
		return socialsvc.Date{}, nil
	}
	d, err := socialsvc.ParseDate(s)
	if err != nil {
		return d, socialsvc.PrefixFields(err, name)
	}
	return d, nil
}

func queryInt(q url.Values, name string) (int, bool, error) {
	s := q.Get(name)
	if s == "" {
		return 0, false, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false, socialsvc.FieldErr(name, "integer", "err.integer")
	}
	return n, true, nil
}

// immutable reports a client's attempt to change a field that a PUT may
// not change (an entity's project, a beneficiary's organisation).
func immutable(field string) error {
	return socialsvc.FieldErr(field, "immutable", "err.immutable")
}

// reasonHeader carries why a write is made (store.WithReason): the audit
// log records it, and an admin's correction of a closed project needs it.
const reasonHeader = "Change-Reason"
