package socialsvc

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without time of day or time zone. Project periods,
// event days and the dates of rates are dates, not instants: an event on
// 17.10.2019 happened on that day wherever the server runs. The zero value
// is "no date" and IsZero reports it.
//
// In JSON and text a Date is "2006-01-02".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d. It does not normalise: use ParseDate or
// DateOf for input that may be out of range.
func NewDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "2006-01-02" and rejects dates that do not exist.
//
// The error is Invalid with one field error of rule "date" whose Field is
// empty: the caller knows which field it parsed and names it with
// PrefixFields (the JSON decoder of httpapi does, so "2023-02-30" in a
// body is reported as "start"). A date written the Croatian way
// ("15.03.2023.") gets a hint to write it as YYYY-MM-DD. Messages never
// repeat the value.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err == nil {
		return DateOf(t), nil
	}
	m := dateMessage(s)
	return Date{}, &Error{Code: Invalid, Message: "date must be YYYY-MM-DD",
		Fields: []FieldError{NewFieldError("", "date", m.id, m.args)}}
}

// dateMessage says what is wrong with a date that did not parse.
func dateMessage(s string) ruleMessage {
	switch {
	case croatianDate(s):
		return ruleMessage{"err.date.croatian", nil}
	case isoShape(s):
		return ruleMessage{"err.date.no_such_day", nil}
	}
	return ruleMessage{"err.date.syntax", nil}
}

// isoShape reports whether s looks like YYYY-MM-DD (digits in place).
func isoShape(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// croatianDate reports whether s is written D.M.YYYY with an optional
// final dot and spaces after the dots ("15.03.2023.", "1. 3. 2023."), as
// Croatian documents and spreadsheets write dates.
func croatianDate(s string) bool {
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(s), "."), ".")
	if len(parts) != 3 {
		return false
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		max := 2
		if i == 2 {
			max = 4
		}
		if len(p) == 0 || len(p) > max || (i == 2 && len(p) != 4) {
			return false
		}
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return false
			}
		}
	}
	return true
}

// MustDate is ParseDate for constants in code and tests; it panics on a
// malformed literal, which is a programming error, never user input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("socialsvc.MustDate(%q): %v", s, err))
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Valid reports whether d is a real calendar date.
func (d Date) Valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Year < 1 || d.Year > 9999 {
		return false
	}
	return DateOf(d.Time()) == d
}

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String returns "2006-01-02", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// MonthOf returns the month d falls in.
func (d Date) MonthOf() Month { return Month{d.Year, d.Month} }

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Month is a calendar month, the key of monthly exchange rates
// (InforEuro) and of reporting. In text it is "2006-01".
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth parses "2006-01". Its error has one field error of rule
// "month" with an empty Field, for the caller to name (see ParseDate).
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, &Error{Code: Invalid, Message: "month must be YYYY-MM", Fields: []FieldError{NewFieldError("", "month", "err.month", nil)}}
	}
	return Month{t.Year(), t.Month()}, nil
}

// String returns "2006-01".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// FirstDay returns the first day of m.
func (m Month) FirstDay() Date { return Date{m.Year, m.Month, 1} }

// MarshalText implements encoding.TextMarshaler.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
