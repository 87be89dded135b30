package socialsvc

import (
	"errors"
	"fmt"
	"strings"
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
type FieldError struct {
	// Row is the 1-based row of a bulk import the error belongs to; 0 for
	// errors that are not about one row.
	Row       int    `json:"row,omitempty"`
	Field     string `json:"field"`
	Rule      string `json:"rule"`
	Message   string `json:"message"`
	MessageHR string `json:"message_hr"`
}

// Error is the one error type of the library. Code is one of the constants
// above; Message is a human-readable summary in English and MessageHR,
// when set, the same in Croatian; Fields lists the fields that were wrong
// when Code is Invalid.
type Error struct {
	Code      string
	Message   string
	MessageHR string
	Fields    []FieldError
	// Err is an underlying cause, kept for errors.Unwrap; it is not shown to
	// API clients.
	Err error
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

// FieldErr returns an Invalid error for a single field.
func FieldErr(field, rule, msg, msgHR string) *Error {
	return &Error{Code: Invalid, Message: "invalid " + field, Fields: []FieldError{{Field: field, Rule: rule, Message: msg, MessageHR: msgHR}}}
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

// ErrorMessageIn is ErrorMessage in lang: the Croatian summary when lang
// is HR and the error has one, the English one otherwise.
func ErrorMessageIn(err error, lang Lang) string {
	var e *Error
	if lang == HR && errors.As(err, &e) && e.MessageHR != "" {
		return e.MessageHR
	}
	return ErrorMessage(err)
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
			fields = append(fields, FieldError{Rule: "invalid", Message: e.Message, MessageHR: e.Message})
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: msg, Fields: fields}
}
