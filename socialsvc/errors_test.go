package socialsvc_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestErrorString(t *testing.T) {
	cases := []struct {
		err  *socialsvc.Error
		want string
	}{
		{&socialsvc.Error{Code: socialsvc.NotFound}, "not_found"},
		{socialsvc.Errorf(socialsvc.Conflict, "project %s changed", "2sokrog"), "conflict: project 2sokrog changed"},
		{socialsvc.FieldErr("tax_id", "oib", "err.tax_id.oib"), "invalid: invalid tax_id (tax_id: not a valid OIB (11 digits with a correct check digit))"},
		{&socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid budget", Fields: []socialsvc.FieldError{
			{Field: "lines[0].amount", Message: "too many decimals"},
			{Field: "lines[1].currency", Message: "unknown currency"},
		}}, "invalid: invalid budget (lines[0].amount: too many decimals; lines[1].currency: unknown currency)"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.err.Error())
	}
}

func TestErrorCodeAndIs(t *testing.T) {
	conflict := socialsvc.Errorf(socialsvc.Conflict, "version mismatch")
	wrapped := fmt.Errorf("saving project: %w", conflict)

	assert.Equal(t, "", socialsvc.ErrorCode(nil))
	assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(io.EOF))
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(wrapped))
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(fmt.Errorf("a: %w", fmt.Errorf("b: %w", socialsvc.ErrInvalid))))

	sentinels := []*socialsvc.Error{socialsvc.ErrInvalid, socialsvc.ErrNotFound, socialsvc.ErrConflict,
		socialsvc.ErrForbidden, socialsvc.ErrUnauthenticated, socialsvc.ErrInternal}
	codes := []string{socialsvc.Invalid, socialsvc.NotFound, socialsvc.Conflict,
		socialsvc.Forbidden, socialsvc.Unauthenticated, socialsvc.Internal}
	for i, s := range sentinels {
		assert.Equal(t, codes[i], s.Code)
		assert.Equal(t, s.Code == socialsvc.Conflict, errors.Is(wrapped, s), "errors.Is(wrapped conflict, %s)", s.Code)
	}

	assert.True(t, errors.Is(wrapped, &socialsvc.Error{Code: socialsvc.Conflict, Message: "version mismatch"}))
	assert.False(t, errors.Is(wrapped, &socialsvc.Error{Code: socialsvc.Conflict, Message: "other"}))
	assert.False(t, errors.Is(io.EOF, socialsvc.ErrInternal), "a plain error is not an *Error")

	cause := &socialsvc.Error{Code: socialsvc.Internal, Message: "store failed", Err: io.ErrUnexpectedEOF}
	assert.True(t, errors.Is(cause, io.ErrUnexpectedEOF), "Unwrap exposes the cause")
	assert.Equal(t, io.ErrUnexpectedEOF, errors.Unwrap(cause))

	var e *socialsvc.Error
	require.True(t, errors.As(wrapped, &e))
	assert.Same(t, conflict, e)
}

func TestErrorMessageAndFields(t *testing.T) {
	assert.Equal(t, "", socialsvc.ErrorMessage(nil))
	assert.Equal(t, "internal error", socialsvc.ErrorMessage(errors.New("pq: password authentication failed")),
		"the text of foreign errors is not passed on")
	assert.Equal(t, "version mismatch", socialsvc.ErrorMessage(fmt.Errorf("x: %w", socialsvc.Errorf(socialsvc.Conflict, "version mismatch"))))

	assert.Nil(t, socialsvc.ErrorFields(io.EOF))
	assert.Nil(t, socialsvc.ErrorFields(nil))
	fe := socialsvc.FieldErr("amount", "money", "err.amount.precision")
	assert.Equal(t, []socialsvc.FieldError{{Field: "amount", Rule: "money", ID: "err.amount.precision",
		Message: "amount has more than two decimals", MessageHR: "iznos ima više od dvije decimale"}},
		socialsvc.ErrorFields(fmt.Errorf("wrapped: %w", fe)))
	assert.Equal(t, "invalid amount", fe.Message)
}

func TestPrefixFields(t *testing.T) {
	orig := &socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid line", Fields: []socialsvc.FieldError{
		{Field: "amount", Rule: "money"},
		{Field: "[2].tax_id", Rule: "oib"},
		{Field: "", Rule: "invalid"},
	}}
	got := socialsvc.PrefixFields(fmt.Errorf("wrap: %w", orig), "lines[3]")
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(got))
	assert.Equal(t, "invalid line", socialsvc.ErrorMessage(got))
	assert.Equal(t, []socialsvc.FieldError{
		{Field: "lines[3].amount", Rule: "money"},
		{Field: "lines[3][2].tax_id", Rule: "oib"},
		{Field: "lines[3]", Rule: "invalid"},
	}, socialsvc.ErrorFields(got))
	assert.Equal(t, "amount", orig.Fields[0].Field, "the original error is not changed")

	assert.Equal(t, io.EOF, socialsvc.PrefixFields(io.EOF, "x"))
	assert.Nil(t, socialsvc.PrefixFields(nil, "x"))

	_, err := socialsvc.ParseMoney("1.005", socialsvc.EUR)
	assert.Equal(t, "budget_lines[0].amount", socialsvc.ErrorFields(socialsvc.PrefixFields(err, "budget_lines[0]"))[0].Field)
}

func TestJoinInvalid(t *testing.T) {
	assert.NoError(t, socialsvc.JoinInvalid("invalid partner"))
	assert.NoError(t, socialsvc.JoinInvalid("invalid partner", nil, nil))

	a := socialsvc.FieldErr("tax_id", "oib", "err.tax_id.oib")
	b := socialsvc.FieldErr("country", "country", "err.rule.country")
	c := socialsvc.Errorf(socialsvc.Invalid, "period overlaps")
	got := socialsvc.JoinInvalid("invalid partner", a, nil, fmt.Errorf("w: %w", b), c)
	require.Error(t, got)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(got))
	assert.Equal(t, "invalid partner", socialsvc.ErrorMessage(got))
	assert.Equal(t, []socialsvc.FieldError{
		socialsvc.NewFieldError("tax_id", "oib", "err.tax_id.oib", nil),
		socialsvc.NewFieldError("country", "country", "err.rule.country", nil),
		{Rule: "invalid", Message: "period overlaps"},
	}, socialsvc.ErrorFields(got))

	notFound := socialsvc.Errorf(socialsvc.NotFound, "no such project")
	assert.Same(t, notFound, socialsvc.JoinInvalid("x", a, notFound), "an error that is not about the input passes through")
	assert.Equal(t, io.EOF, socialsvc.JoinInvalid("x", io.EOF, a))
}
