package socialsvc

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// Error codes. They are few on purpose: each maps to one HTTP status in
// httpapi and callers branch on them with ErrorCode or errors.Is.
const (
	Invalid         = "invalid"
	NotFound        = "not_found"
	Conflict        = "conflict"
	Forbidden       = "forbidden"
	Unauthenticated = "unauthenticated"
	Internal        = "internal"
)

// FieldError describes one invalid field. Field is the JSON path of the
// field (for example "partners[2].tax_id"), never the Go name, so that API
// clients can point at the input that was wrong. Messages never contain the
// rejected value: it may be personal data.
//
// The message is a catalogue message: ID names it in the catalogues of
// package i18n (errors.<lang>.toml) and Args holds its template data, so
// that the edge (httpapi, a CLI, an embedder's UI) can write it in the
// reader's language with MessageIn. Message is the English text, so that
// Error() and logs are English whatever the reader's language.
type FieldError struct {
	// Row is the 1-based row of a bulk import the error belongs to; 0 for
	// errors that are not about one row.
	Row   int    `json:"row,omitempty"`
	Field string `json:"field"`
	Rule  string `json:"rule"`
	// ID is the catalogue id of the message ("err.tax_id.oib"); empty
	// for a message that is not in the catalogues (an embedder's).
	ID string `json:"id,omitempty"`
	// Args are the template data of the message ({{.Period}}). They
	// follow the rule of messages: limits, codes and names of fields,
	// never a rejected value. A value with a Label(Lang) or Format(Lang)
	// method is written in the reader's language.
	Args    map[string]any `json:"args,omitempty"`
	Message string         `json:"message"`
	// MessageHR is the Croatian text.
	//
	// Deprecated: use MessageIn(HR), which knows every shipped language.
	// The library still fills it for callers that read it, and MessageIn
	// uses it for errors that have no ID (built by hand by an embedder).
	MessageHR string `json:"message_hr,omitempty"`
}

// Args is the template data of a catalogue message.
type Args map[string]any

// NewFieldError returns the field error of a catalogue message, with
// Message (and the deprecated MessageHR) written from the catalogues.
func NewFieldError(field, rule, id string, args map[string]any) FieldError {
	return FieldError{Field: field, Rule: rule, ID: id, Args: args,
		Message: Message(EN, id, args), MessageHR: Message(HR, id, args)}
}

// AtRow returns f as the error of a row of a bulk import.
func (f FieldError) AtRow(row int) FieldError {
	f.Row = row
	return f
}

// MessageIn returns the message in lang (with the fallbacks of package
// i18n: English, then the id). A field error without an ID gives its
// Croatian text for HR when it has one, else its Message.
func (f FieldError) MessageIn(lang Lang) string {
	if f.ID == "" {
		if lang == HR && f.MessageHR != "" {
			return f.MessageHR
		}
		return f.Message
	}
	return Message(lang, f.ID, f.Args)
}

// Message writes the catalogue message id in lang with args. Values of
// args with a Label(Lang) method (statuses, categories, MessageID,
// Plural) or a Format(Lang) method (Money, Date) are written in lang
// first. An int arg named Count picks the CLDR plural form of the
// message ("1 redak ima", "2 retka imaju", "5 redaka ima").
func Message(lang Lang, id string, args map[string]any) string {
	if len(args) == 0 {
		return i18n.T(lang, id)
	}
	data := make(map[string]any, len(args))
	count, plural := 0, false
	for k, v := range args {
		switch x := v.(type) {
		case interface{ Label(Lang) string }:
			data[k] = x.Label(lang)
		case interface{ Format(Lang) string }:
			data[k] = x.Format(lang)
		default:
			data[k] = v
		}
		if n, ok := v.(int); ok && k == "Count" {
			count, plural = n, true
			delete(data, k)
		}
	}
	if plural {
		return i18n.Nf(lang, id, count, data)
	}
	return i18n.Tf(lang, id, data)
}

// Plural is a value of Args written as the plural message ID for Count in
// the reader's language ("3 further errors not listed").
type Plural struct {
	ID    string
	Count int
}

// Label returns the message in lang.
func (p Plural) Label(lang Lang) string { return i18n.N(lang, p.ID, p.Count) }

// Error is the one error type of the library. Code is one of the constants
// above; Message is a human-readable summary in English; ID and Args, when
// set, name the summary in the catalogues (see FieldError) so that it can
// be written in the reader's language with ErrorMessageIn; Fields lists
// the fields that were wrong when Code is Invalid.
type Error struct {
	Code    string
	Message string
	// ID is the catalogue id of the summary, empty for a summary that is
	// English only (the summaries of single-field errors: the edge shows
	// the field's message).
	ID   string
	Args map[string]any
	// MessageHR is the Croatian summary.
	//
	// Deprecated: use ErrorMessageIn(err, HR). Filled by NewError for
	// callers that read it; used for errors without an ID.
	MessageHR string
	Fields    []FieldError
	// Err is an underlying cause, kept for errors.Unwrap; it is not shown to
	// API clients.
	Err error
}

// NewError returns an *Error whose summary is the catalogue message id.
func NewError(code, id string, args map[string]any, fields ...FieldError) *Error {
	return &Error{Code: code, ID: id, Args: args, Message: Message(EN, id, args), MessageHR: Message(HR, id, args), Fields: fields}
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Message)
		if i == len(e.Fields)-1 {
			b.WriteString(")")
		}
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &socialsvc.Error{Code: socialsvc.Conflict}) works, as do
// the sentinel values ErrConflict, ErrNotFound, ...
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
}

// Sentinels for errors.Is.
var (
	ErrInvalid         = &Error{Code: Invalid}
	ErrNotFound        = &Error{Code: NotFound}
	ErrConflict        = &Error{Code: Conflict}
	ErrForbidden       = &Error{Code: Forbidden}
	ErrUnauthenticated = &Error{Code: Unauthenticated}
	ErrInternal        = &Error{Code: Internal}
)

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErr returns an Invalid error for a single field whose message is
// the catalogue message id (see FieldError), for example
// FieldErr("tax_id", "oib", "err.tax_id.oib").
func FieldErr(field, rule, id string) *Error {
	return FieldErrf(field, rule, id, nil)
}

// FieldErrf is FieldErr for a message with template data:
// FieldErrf("period", "exists", "err.period.exists", Args{"Period": 3}).
func FieldErrf(field, rule, id string, args map[string]any) *Error {
	return &Error{Code: Invalid, Message: "invalid " + field, Fields: []FieldError{NewFieldError(field, rule, id, args)}}
}

// ErrorCode returns the code of err: the Code of the first *Error in its
// chain, Internal for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the human-readable message of err: the Message of
// the first *Error in its chain, or a generic text for other errors (whose
// text may leak internals).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorMessageIn is ErrorMessage in lang: the summary from the catalogues
// when the error has an ID, its Croatian summary for HR when it has one,
// and "" when it has neither and lang is not English, because an English
// summary such as "invalid budget_line" is no message for a reader of
// another language (the edge shows the field messages instead).
func ErrorMessageIn(err error, lang Lang) string {
	var e *Error
	if !errors.As(err, &e) {
		return ErrorMessage(err)
	}
	switch {
	case e.ID != "":
		return Message(lang, e.ID, e.Args)
	case lang == HR && e.MessageHR != "":
		return e.MessageHR
	case lang == EN:
		return e.Message
	}
	return ""
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// PrefixFields returns a copy of err whose field paths are prefixed, so that
// an error found while validating a nested value ("amount") can be reported
// as the caller's path ("lines[3].amount"). Errors that are not *Error are
// returned unchanged.
func PrefixFields(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Field == "" {
			f.Field = prefix
		} else if strings.HasPrefix(f.Field, "[") {
			f.Field = prefix + f.Field
		} else {
			f.Field = prefix + "." + f.Field
		}
		out.Fields[i] = f
	}
	return &out
}

// JoinInvalid merges several Invalid errors into one, keeping every field.
// nil errors are skipped; nil is returned when all are nil. A non-Invalid
// error is returned as it is, because it is not about the input.
func JoinInvalid(msg string, errs ...error) error {
	var fields []FieldError
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != Invalid {
			return err
		}
		if len(e.Fields) == 0 {
			fields = append(fields, FieldError{Rule: "invalid", ID: e.ID, Args: e.Args, Message: e.Message, MessageHR: e.MessageHR})
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: msg, Fields: fields}
}

// MessageID is a catalogue id used as a value of Args: it is written as
// that message in the reader's language (the name of a thing a message
// mentions, such as "macros (VBA)").
type MessageID string

// Label returns the message in lang.
func (id MessageID) Label(lang Lang) string { return i18n.T(lang, string(id)) }
