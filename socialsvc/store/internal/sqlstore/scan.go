package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// The scanners below implement sql.Scanner, which both database/sql and
// pgx call with the database value in its database/sql form: strings or
// bytes for text, numeric and JSON, int64, bool, time.Time, or nil for
// NULL. They read what either database returns for a column type, so the
// entity code scans the same destinations on both.

func text(src any) (string, bool, error) {
	switch v := src.(type) {
	case nil:
		return "", false, nil
	case string:
		return v, true, nil
	case []byte:
		return string(v), true, nil
	}
	return "", false, fmt.Errorf("sqlstore: cannot read %T as text", src)
}

type strDst[S ~string] struct{ p *S }

func (d strDst[S]) Scan(src any) error {
	s, _, err := text(src)
	*d.p = S(s)
	return err
}

type intDst[I ~int | ~int64] struct{ p *I }

func (d intDst[I]) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = 0
	case int64:
		*d.p = I(v)
	case int32:
		*d.p = I(v)
	default:
		s, _, err := text(src)
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("sqlstore: not an integer: %w", err)
		}
		*d.p = I(n)
	}
	return nil
}

type boolDst struct{ p *bool }

func (d boolDst) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = false
	case bool:
		*d.p = v
	case int64:
		*d.p = v != 0
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a boolean", src)
	}
	return nil
}

type dateDst struct{ p *socialsvc.Date }

func (d dateDst) Scan(src any) error {
	if t, ok := src.(time.Time); ok {
		*d.p = socialsvc.DateOf(t.UTC())
		return nil
	}
	s, ok, err := text(src)
	if err != nil || !ok || s == "" {
		*d.p = socialsvc.Date{}
		return err
	}
	v, err := socialsvc.ParseDate(s)
	if err != nil {
		return fmt.Errorf("sqlstore: stored date is malformed: %w", err)
	}
	*d.p = v
	return nil
}

type timeDst struct{ p *time.Time }

func (d timeDst) Scan(src any) error {
	if t, ok := src.(time.Time); ok {
		*d.p = t.UTC()
		return nil
	}
	s, ok, err := text(src)
	if err != nil || !ok || s == "" {
		*d.p = time.Time{}
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("sqlstore: stored time is malformed: %w", err)
	}
	*d.p = t.UTC()
	return nil
}

type decDst struct{ p *decimal.Decimal }

func (d decDst) Scan(src any) error {
	if n, ok := src.(int64); ok {
		*d.p = decimal.NewFromInt(n)
		return nil
	}
	s, ok, err := text(src)
	if err != nil || !ok {
		*d.p = decimal.Decimal{}
		return err
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		return fmt.Errorf("sqlstore: stored decimal is malformed: %w", err)
	}
	*d.p = v
	return nil
}

type optDecDst struct{ p **decimal.Decimal }

func (d optDecDst) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	var v decimal.Decimal
	if err := (decDst{&v}).Scan(src); err != nil {
		return err
	}
	*d.p = &v
	return nil
}

// decText is the exact text of a decimal, keeping its scale ("7.53450"),
// which NUMERIC and TEXT columns both keep.
func decText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

type jsonDst[J any] struct{ p *J }

func (d jsonDst[J]) Scan(src any) error {
	var zero J
	*d.p = zero
	var b []byte
	switch v := src.(type) {
	case nil:
		return nil
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return fmt.Errorf("sqlstore: cannot read %T as JSON", src)
	}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, d.p)
}

// jsonMemo remembers the last JSON text a memoJSONF column decoded and
// its value. The lines of one report are converted at one rate, so their
// conversions are mostly the same text; reading a report decodes it once
// per run of equal texts instead of once per line (the JSON decoding was
// about a third of the time spent scanning a report line). It is shared
// by every read of the column, so it is replaced whole, atomically, never
// changed in place.
type jsonMemo[J any] struct {
	raw string
	val J
}

// memoJSONDst is jsonDst with a jsonMemo. J must be a plain value: the
// value handed out is a copy of the remembered one, so it must not share
// anything a caller could change in place (socialsvc.Conversion holds a
// string, a date and a decimal.Decimal, whose values are immutable).
type memoJSONDst[J any] struct {
	p    *J
	memo *atomic.Pointer[jsonMemo[J]]
}

func (d memoJSONDst[J]) Scan(src any) error {
	var raw string
	switch v := src.(type) {
	case []byte:
		if m := d.memo.Load(); m != nil && m.raw == string(v) {
			*d.p = m.val
			return nil
		}
		raw = string(v)
	case string:
		if m := d.memo.Load(); m != nil && m.raw == v {
			*d.p = m.val
			return nil
		}
		raw = v
	default:
		return jsonDst[J]{d.p}.Scan(src)
	}
	if err := (jsonDst[J]{d.p}).Scan(raw); err != nil {
		return err
	}
	d.memo.Store(&jsonMemo[J]{raw: raw, val: *d.p})
	return nil
}

// rawJSONDst reads a JSON column as it is stored (the audit log keeps the
// text it was given).
type rawJSONDst struct{ p *json.RawMessage }

func (d rawJSONDst) Scan(src any) error {
	s, ok, err := text(src)
	if err != nil || !ok || s == "" || s == "null" {
		*d.p = nil
		return err
	}
	*d.p = json.RawMessage(s)
	return nil
}

// moneyAmountDst and moneyCurrencyDst fill the two halves of a Money
// from its amount and currency columns, in either order.
type moneyAmountDst struct{ p *socialsvc.Money }

func (d moneyAmountDst) Scan(src any) error {
	c, err := centsOf(src)
	if err != nil {
		return err
	}
	*d.p = socialsvc.Cents(c, d.p.Currency())
	return nil
}

type moneyCurrencyDst struct{ p *socialsvc.Money }

func (d moneyCurrencyDst) Scan(src any) error {
	s, _, err := text(src)
	*d.p = socialsvc.Cents(d.p.Cents(), socialsvc.Currency(s))
	return err
}

type centsDst struct{ p *int64 }

func (d centsDst) Scan(src any) error {
	c, err := centsOf(src)
	*d.p = c
	return err
}

var errCents = errors.New("sqlstore: stored amount is not a number with at most two decimals")

// centsOf reads an amount as integer cents: SQLite's cents column (or its
// SUM) is an integer; NUMERIC and the canonical text are decimal strings
// such as "-1234.50", parsed exactly, never through floating point.
func centsOf(src any) (int64, error) {
	switch v := src.(type) {
	case nil:
		return 0, nil
	case int64:
		return v, nil
	}
	s, _, err := text(src)
	if err != nil {
		return 0, err
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	if whole == "" || len(frac) > 2 {
		return 0, errCents
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseUint(whole, 10, 63)
	if err != nil {
		return 0, errCents
	}
	f, err := strconv.ParseUint(frac, 10, 8)
	if err != nil || w > (math.MaxInt64-f)/100 {
		return 0, errCents
	}
	c := int64(w*100 + f)
	if neg {
		c = -c
	}
	return c, nil
}
