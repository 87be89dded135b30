package sqlstore

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

type decimalT = decimal.Decimal

// field maps one Go field of T to its column: how to write it as
// arguments and where to scan it. Money is two fields (amount and
// currency), and the amount may take more than one column (SQLite keeps
// integer cents beside the text).
type field[T any] struct {
	col   string
	money bool
	// args appends the field's arguments.
	args func(d Dialect, v *T, args []any) []any
	// dst returns the scan destination of the field's column.
	dst func(v *T) sql.Scanner
}

func textF[T any, S ~string](col string, p func(*T) *S) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, string(*p(v))) },
		dst:  func(v *T) sql.Scanner { return strDst[S]{p(v)} }}
}

// refF is a reference to another row that may be absent: "" is NULL, so
// that the foreign key does not apply.
func refF[T any, S ~string](col string, p func(*T) *S) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any {
			if s := *p(v); s != "" {
				return append(a, string(s))
			}
			return append(a, nil)
		},
		dst: func(v *T) sql.Scanner { return strDst[S]{p(v)} }}
}

func intF[T any, I ~int | ~int64](col string, p func(*T) *I) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, int64(*p(v))) },
		dst:  func(v *T) sql.Scanner { return intDst[I]{p(v)} }}
}

func boolF[T any](col string, p func(*T) *bool) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, *p(v)) },
		dst:  func(v *T) sql.Scanner { return boolDst{p(v)} }}
}

// dateF stores a date as "2006-01-02" (a DATE in PostgreSQL, text in
// SQLite); the zero date is NULL.
func dateF[T any](col string, p func(*T) *socialsvc.Date) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, dateArg(*p(v))) },
		dst:  func(v *T) sql.Scanner { return dateDst{p(v)} }}
}

func dateArg(d socialsvc.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// timeF stores an instant in UTC to the microsecond; the zero time is NULL.
func timeF[T any](col string, p func(*T) *time.Time) field[T] {
	return field[T]{col: col,
		args: func(d Dialect, v *T, a []any) []any { return append(a, timeArg(d, *p(v))) },
		dst:  func(v *T) sql.Scanner { return timeDst{p(v)} }}
}

func timeArg(d Dialect, t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.Time(t.UTC().Truncate(time.Microsecond))
}

// decF stores a decimal as its exact text (NUMERIC in PostgreSQL, text in
// SQLite), never as a float.
func decF[T any](col string, p func(*T) *decimal.Decimal) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, decText(*p(v))) },
		dst:  func(v *T) sql.Scanner { return decDst{p(v)} }}
}

// optDecF stores an optional decimal as decF does; nil is NULL.
func optDecF[T any](col string, p func(*T) **decimal.Decimal) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any {
			if d := *p(v); d != nil {
				return append(a, decText(*d))
			}
			return append(a, nil)
		},
		dst: func(v *T) sql.Scanner { return optDecDst{p(v)} }}
}

// jsonF stores a nested value (texts in two languages, regions, periods,
// funding ...) as JSON; a nil value is NULL.
func jsonF[T any, J any](col string, p func(*T) *J) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, jsonArg(p(v))) },
		dst:  func(v *T) sql.Scanner { return jsonDst[J]{p(v)} }}
}

// memoJSONF is jsonF for a column whose rows mostly hold the same text
// (memoJSONDst); J must be a plain value that shares nothing mutable.
func memoJSONF[T any, J any](col string, p func(*T) *J) field[T] {
	memo := new(atomic.Pointer[jsonMemo[J]])
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any { return append(a, jsonArg(p(v))) },
		dst:  func(v *T) sql.Scanner { return memoJSONDst[J]{p(v), memo} }}
}

func jsonArg(v any) any {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		// The values stored as JSON are plain data that always marshal.
		return nil
	}
	return string(b)
}

// moneyF is an amount column (NUMERIC(17,2) in PostgreSQL; canonical text
// plus integer cents in SQLite) and its currency column col_currency.
func moneyF[T any](col string, p func(*T) *socialsvc.Money) []field[T] {
	return []field[T]{
		{col: col, money: true,
			args: func(d Dialect, v *T, a []any) []any { return d.AppendMoney(a, *p(v)) },
			dst:  func(v *T) sql.Scanner { return moneyAmountDst{p(v)} }},
		{col: col + "_currency",
			args: func(_ Dialect, v *T, a []any) []any { return append(a, string(p(v).Currency())) },
			dst:  func(v *T) sql.Scanner { return moneyCurrencyDst{p(v)} }},
	}
}

func fieldsOf[T any](fs ...any) []field[T] {
	var out []field[T]
	for _, f := range fs {
		switch x := f.(type) {
		case field[T]:
			out = append(out, x)
		case []field[T]:
			out = append(out, x...)
		default:
			panic("sqlstore: not a field")
		}
	}
	return out
}

// entity describes the table of a versioned entity with an ID. fields[0]
// is the ID; the last three are version, created_at and updated_at.
type entity[T any] struct {
	table  string
	entity string // audit entity name
	label  string // for messages
	prefix string // of generated IDs
	fields []field[T]
	// sorts are the sort keys besides the ID (store.SortKeys).
	sorts []sortCol[T]
	id    func(*T) string
	setID func(*T, string)
	stamp func(*T) (version *int64, created, updated *time.Time)

	// SQL built by prepare for a dialect.
	cols, insert, update, get string
	nargs                     int
}

// prepare builds the entity's SQL for d.
func (e *entity[T]) prepare(d Dialect) *entity[T] {
	c := *e
	var sel, ins []string
	for _, f := range e.fields {
		sel = append(sel, f.col)
		if f.money {
			ins = append(ins, d.MoneyColumns(f.col)...)
		} else {
			ins = append(ins, f.col)
		}
	}
	c.nargs = len(ins)
	c.cols = strings.Join(sel, ", ")
	c.insert = "INSERT INTO " + e.table + " (" + strings.Join(ins, ", ") + ") VALUES (" + placeholders(1, len(ins)) + ")"
	var set []string
	for i := 1; i < len(ins); i++ {
		set = append(set, ins[i]+" = $"+strconv.Itoa(i+1))
	}
	c.update = "UPDATE " + e.table + " SET " + strings.Join(set, ", ") + " WHERE id = $1 AND version = $" + strconv.Itoa(len(ins)+1)
	c.get = "SELECT " + c.cols + " FROM " + e.table + " WHERE id = $1"
	return &c
}

// insertCols lists the physical columns of an INSERT, for CopyFrom.
func (e *entity[T]) insertCols(d Dialect) []string {
	var out []string
	for _, f := range e.fields {
		if f.money {
			out = append(out, d.MoneyColumns(f.col)...)
		} else {
			out = append(out, f.col)
		}
	}
	return out
}

func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// args returns the arguments of v in column order.
func (e *entity[T]) args(d Dialect, v *T, extra int) []any {
	a := make([]any, 0, e.nargs+extra)
	for _, f := range e.fields {
		a = f.args(d, v, a)
	}
	return a
}

// dests returns the scan destinations of v in select order.
func (e *entity[T]) dests(v *T) []any {
	out := make([]any, len(e.fields))
	for i, f := range e.fields {
		out[i] = f.dst(v)
	}
	return out
}

func (e *entity[T]) scanRow(r Rows) (T, error) {
	var v T
	err := r.Scan(e.dests(&v)...)
	return v, err
}
