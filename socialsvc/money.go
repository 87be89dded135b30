package socialsvc

import (
	"encoding/json"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"
)

// MaxAmount is the largest amount, in cents, that input may carry:
// 999,999,999.99. Sums made by the library may exceed it; Add and Total
// detect overflow of the int64 range instead.
const MaxAmount = 99_999_999_999

// HRKPerEUR is the fixed conversion rate of the kuna to the euro, set by
// Council Regulation (EU) 2022/1208: 1 EUR = 7.53450 HRK. It is never
// rounded or inverted.
var HRKPerEUR = decimal.RequireFromString("7.53450")

// The fixed rate as an integer fraction: 753450 / 100000.
const (
	hrkRateNum = 753450
	hrkRateDen = 100000
)

// RateSourceFixedHRK names the fixed rate in conversion records.
const RateSourceFixedHRK = "EU 2022/1208 fixed rate"

// Money is an amount of one currency, held as integer cents.
//
// Why integer cents and not decimal.Decimal: every amount in this domain has
// exactly two decimals (DOMAIN.md), and reports sum millions of lines.
// decimal.Decimal allocates on every Add (a big.Int inside) and summing a
// million values with it is about 200x slower than int64 cents; Money.Add is
// an overflow-checked int64 addition with no allocation. decimal is still
// used where exact arithmetic beyond cents is needed: parsing, rates of
// arbitrary precision, and Amount() for callers. See BENCHMARKS.md.
//
// The zero value is zero of no currency; validation rejects it where a
// currency is required. Money is comparable with == (same amount and
// currency).
type Money struct {
	cents int64
	cur   Currency
}

// Cents returns m as cents of its currency. It is how stores and other
// exact integer code read an amount without going through decimal.
func Cents(cents int64, c Currency) Money { return Money{cents: cents, cur: c} }

// Zero returns zero in currency c.
func Zero(c Currency) Money { return Money{cur: c} }

// ParseMoney parses a plain decimal amount ("1234.56", "-0.5", "100") in
// currency c. It rejects more than two decimals (trailing zeros beyond the
// second are accepted: "1.500" is 1.50), anything that is not a plain
// number (exponents, spaces, thousands separators: use ParseMoneyHR for the
// Croatian format), amounts beyond ±999,999,999.99, and unknown currencies.
// It never rounds.
func ParseMoney(amount string, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, FieldErr("currency", "currency", "err.currency.currency")
	}
	cents, err := parseCents(amount, '.', 0)
	if err != nil {
		return Money{}, err
	}
	return Money{cents: cents, cur: c}, nil
}

// ParseMoneyHR parses an amount in the Croatian format that people type and
// paste from spreadsheets: "4.254.609,06", "4254609,06", "1 234,5", "-12".
// The decimal separator is a comma; thousands may be grouped with dots,
// spaces or no-break spaces, consistently and in groups of three.
// "1234.56" is rejected: in Croatian notation it is malformed, not 1234,56.
func ParseMoneyHR(amount string, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, FieldErr("currency", "currency", "err.currency.currency")
	}
	s := strings.ReplaceAll(amount, "\u00a0", " ")
	s = strings.ReplaceAll(s, "\u202f", " ")
	var group byte
	if strings.Contains(s, ".") {
		group = '.'
	}
	if strings.Contains(s, " ") {
		if group != 0 {
			return Money{}, errAmount("err.amount.mixed_grouping", nil)
		}
		group = ' '
	}
	cents, err := parseCents(s, ',', group)
	if err != nil {
		return Money{}, err
	}
	return Money{cents: cents, cur: c}, nil
}

func errAmount(id string, args Args) *Error {
	return FieldErrf("amount", "money", id, args)
}

var (
	errAmountSyntax    = errAmount("err.amount.syntax", nil)
	errAmountPrecision = errAmount("err.amount.precision", nil)
	errAmountRange     = errAmount("err.amount.range", nil)
	errAmountGrouping  = errAmount("err.amount.grouping", nil)
)

// parseCents parses sign, integer digits (optionally grouped by group in
// threes), and an optional fraction after dec. It never allocates on the
// happy path.
func parseCents(s string, dec, group byte) (int64, error) {
	if len(s) == 0 || len(s) > 64 {
		return 0, errAmountSyntax
	}
	neg := false
	i := 0
	if s[0] == '-' {
		neg = true
		i = 1
	}
	var whole int64
	digits := 0     // digits in the integer part
	sinceSep := -1  // digits since the last group separator; -1 before any
	firstGroup := 0 // digits before the first separator
	for ; i < len(s) && s[i] != dec; i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			if whole > MaxAmount/10 {
				return 0, errAmountRange
			}
			whole = whole*10 + int64(ch-'0')
			digits++
			if sinceSep >= 0 {
				sinceSep++
			} else {
				firstGroup++
			}
		case group != 0 && ch == group:
			if digits == 0 || (sinceSep >= 0 && sinceSep != 3) || (sinceSep < 0 && firstGroup > 3) {
				return 0, errAmountGrouping
			}
			sinceSep = 0
		default:
			return 0, errAmountSyntax
		}
	}
	if digits == 0 || (sinceSep >= 0 && sinceSep != 3) {
		if digits == 0 {
			return 0, errAmountSyntax
		}
		return 0, errAmountGrouping
	}
	var frac int64
	if i < len(s) { // s[i] == dec
		i++
		if i == len(s) {
			return 0, errAmountSyntax
		}
		n := 0
		for ; i < len(s); i++ {
			ch := s[i]
			if ch < '0' || ch > '9' {
				return 0, errAmountSyntax
			}
			if n >= 2 {
				if ch != '0' {
					return 0, errAmountPrecision
				}
			} else {
				frac = frac*10 + int64(ch-'0')
			}
			n++
		}
		if n == 1 {
			frac *= 10
		}
	}
	if whole > MaxAmount/100 {
		return 0, errAmountRange
	}
	cents := whole*100 + frac
	if cents > MaxAmount {
		return 0, errAmountRange
	}
	if neg {
		cents = -cents
	}
	return cents, nil
}

// MustMoney is ParseMoney for literals in code and tests; it panics on a
// malformed literal, which is a programming error, never user input.
func MustMoney(amount string, c Currency) Money {
	m, err := ParseMoney(amount, c)
	if err != nil {
		panic("socialsvc.MustMoney(" + strconv.Quote(amount) + "): " + err.Error())
	}
	return m
}

// MoneyFromDecimal converts a decimal amount, rejecting more than two
// decimals and amounts beyond ±999,999,999.99.
func MoneyFromDecimal(d decimal.Decimal, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, FieldErr("currency", "currency", "err.currency.currency")
	}
	if !d.Equal(d.Truncate(2)) {
		return Money{}, errAmountPrecision
	}
	c100 := d.Shift(2)
	if c100.Abs().GreaterThan(decimal.New(MaxAmount, 0)) {
		return Money{}, errAmountRange
	}
	return Money{cents: c100.IntPart(), cur: c}, nil
}

// Amount returns the amount as an exact decimal with two places.
func (m Money) Amount() decimal.Decimal { return decimal.New(m.cents, -2) }

// Cents returns the amount in cents (hundredths of the currency unit).
func (m Money) Cents() int64 { return m.cents }

// Currency returns the currency.
func (m Money) Currency() Currency { return m.cur }

// IsZero reports whether the amount is zero (of any currency).
func (m Money) IsZero() bool { return m.cents == 0 }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.cents < 0 }

// IsPositive reports whether m is greater than zero.
func (m Money) IsPositive() bool { return m.cents > 0 }

// Sign returns -1, 0 or +1.
func (m Money) Sign() int { return cmpInt64(m.cents, 0) }

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns the canonical text form "1234.56 EUR".
func (m Money) String() string { return m.AmountString() + " " + string(m.cur) }

// AmountString returns the canonical amount "1234.56" ("-0.05", "0.00"):
// the form stored in SQLite and sent in JSON.
func (m Money) AmountString() string {
	var buf [24]byte
	return string(appendCents(buf[:0], m.cents))
}

func appendCents(b []byte, cents int64) []byte {
	u := uint64(cents)
	if cents < 0 {
		b = append(b, '-')
		u = uint64(-cents) // -MinInt64 wraps to itself, still right as uint64
	}
	b = strconv.AppendUint(b, u/100, 10)
	frac := u % 100
	return append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
}

func mismatch(op string, a, b Currency) *Error {
	return &Error{Code: Invalid, Message: op + " of different currencies (" + string(a) + " and " + string(b) + "): convert first",
		Fields: []FieldError{NewFieldError("currency", "currency_mismatch", "err.currency.currency_mismatch", Args{"A": string(a), "B": string(b)})}}
}

var errOverflow = &Error{Code: Invalid, Message: "amount overflows the range of Money", Fields: []FieldError{NewFieldError("amount", "overflow", "err.amount.overflow", nil)}}

// Add returns m + o. Different currencies, and a sum beyond the int64 range
// of cents, are errors.
func (m Money) Add(o Money) (Money, error) {
	s := m.cents + o.cents
	// Overflow when both operands have a sign the sum does not.
	if !sameCurrency(m.cur, o.cur) || (s^m.cents)&(s^o.cents) < 0 {
		return Money{}, &arithError{"addition", m.cur, o.cur}
	}
	return Money{cents: s, cur: m.cur}, nil
}

// Sub returns m - o, with the rules of Add.
func (m Money) Sub(o Money) (Money, error) {
	s := m.cents - o.cents
	// Overflow when the operands' signs differ and the result's sign is
	// not m's. (Negating o first would overflow for MinInt64.)
	if !sameCurrency(m.cur, o.cur) || (m.cents^o.cents)&(m.cents^s) < 0 {
		return Money{}, &arithError{"subtraction", m.cur, o.cur}
	}
	return Money{cents: s, cur: m.cur}, nil
}

// sameCurrency is a == b with a fast path for the common case of two
// values made from the same constant (EUR, HRK): the string comparison
// alone calls into the runtime, which costs as much as the addition.
func sameCurrency(a, b Currency) bool {
	return unsafe.StringData(string(a)) == unsafe.StringData(string(b)) && len(a) == len(b) || a == b
}

// arithError is the error of Money and Total arithmetic: a currency
// mismatch, or an overflow when the currencies agree. It is a small value
// built without a call, so that the success paths of Add and Sub inline
// (a call to an error constructor alone exceeds the inlining budget); its
// Unwrap gives the *Error that ErrorCode, errors.As and errors.Is see.
type arithError struct {
	op   string
	a, b Currency
}

func (e *arithError) Unwrap() error {
	if e.a != e.b {
		return mismatch(e.op, e.a, e.b)
	}
	return errOverflow
}

func (e *arithError) Error() string { return e.Unwrap().Error() }

// Neg returns -m. The one amount without a negation, the int64 minimum
// (far outside MaxAmount, reachable only through Cents), saturates to the
// maximum rather than wrapping to itself.
func (m Money) Neg() Money {
	if m.cents == math.MinInt64 {
		return Money{cents: math.MaxInt64, cur: m.cur}
	}
	return Money{cents: -m.cents, cur: m.cur}
}

// Cmp compares two amounts of the same currency: -1, 0, +1. Different
// currencies are an error.
func (m Money) Cmp(o Money) (int, error) {
	if m.cur != o.cur {
		return 0, mismatch("comparison", m.cur, o.cur)
	}
	return cmpInt64(m.cents, o.cents), nil
}

func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0)
}

// roundDiv returns n/d rounded half away from zero (0.005 goes up), the
// rounding of the Croatian Euro Introduction Act. d > 0.
func roundDiv(n, d int64) int64 {
	q, r := n/d, n%d
	if r < 0 {
		r = -r
	}
	if 2*r >= d {
		if n < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// ToEUR converts m to euro. HRK is divided by the fixed rate 7.53450 and
// rounded half up to the cent; EUR is returned unchanged; any other currency
// is an error (use ConvertAt with an explicit rate).
func (m Money) ToEUR() (Money, error) {
	switch m.cur {
	case EUR:
		return m, nil
	case HRK:
		if m.cents > math.MaxInt64/hrkRateDen || m.cents < -math.MaxInt64/hrkRateDen {
			return m.convertBig(EUR, big.NewInt(hrkRateDen), big.NewInt(hrkRateNum))
		}
		return Money{cents: roundDiv(m.cents*hrkRateDen, hrkRateNum), cur: EUR}, nil
	}
	return Money{}, noFixedRate(m.cur)
}

// ToHRK converts m to kuna. EUR is multiplied by the fixed rate 7.53450 and
// rounded half up to the cent; HRK is returned unchanged.
func (m Money) ToHRK() (Money, error) {
	switch m.cur {
	case HRK:
		return m, nil
	case EUR:
		if m.cents > math.MaxInt64/hrkRateNum || m.cents < -math.MaxInt64/hrkRateNum {
			return m.convertBig(HRK, big.NewInt(hrkRateNum), big.NewInt(hrkRateDen))
		}
		return Money{cents: roundDiv(m.cents*hrkRateNum, hrkRateDen), cur: HRK}, nil
	}
	return Money{}, noFixedRate(m.cur)
}

func noFixedRate(c Currency) *Error {
	return &Error{Code: Invalid, Message: "no fixed euro rate for " + string(c) + ": convert with an explicit rate",
		Fields: []FieldError{NewFieldError("currency", "rate_required", "err.currency.rate_required", Args{"Currency": string(c)})}}
}

var errRate = &Error{Code: Invalid, Message: "rate must be positive", Fields: []FieldError{NewFieldError("rate", "gt", "err.rate.gt", nil)}}

// ConvertAt converts m to currency to at rate, given as units of the
// non-euro currency per 1 EUR (the way the ECB and InforEuro publish rates:
// 7.40 HRK, 0.85 GBP). One side must be EUR. The result is rounded half up
// to the cent. Converting to the same currency needs rate 1.
func (m Money) ConvertAt(to Currency, rate decimal.Decimal) (Money, error) {
	if !m.cur.Valid() || !to.Valid() {
		return Money{}, FieldErr("currency", "currency", "err.currency.currency")
	}
	if !rate.IsPositive() {
		return Money{}, errRate
	}
	if to == m.cur {
		if !rate.Equal(decimal.NewFromInt(1)) {
			return Money{}, FieldErr("rate", "eq", "err.rate.eq")
		}
		return m, nil
	}
	// rate = coef * 10^exp, so rate = num/den with integers.
	num := new(big.Int).Set(rate.Coefficient())
	den := big.NewInt(1)
	if exp := rate.Exponent(); exp > 0 {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
	} else if exp < 0 {
		den.Exp(big.NewInt(10), big.NewInt(int64(-exp)), nil)
	}
	switch {
	case m.cur == EUR:
		return m.convertBig(to, num, den)
	case to == EUR:
		return m.convertBig(to, den, num)
	}
	return Money{}, &Error{Code: Invalid, Message: "one side of a conversion must be EUR",
		Fields: []FieldError{NewFieldError("currency", "eur_side", "err.currency.eur_side", nil)}}
}

// convertBig returns m * mul / div in currency to, rounded half away from
// zero, with exact big-integer arithmetic.
func (m Money) convertBig(to Currency, mul, div *big.Int) (Money, error) {
	n := new(big.Int).Mul(big.NewInt(m.cents), mul)
	n.Mul(n, big.NewInt(2))
	n.Add(n, new(big.Int).Mul(div, big.NewInt(int64(m.Sign()))))
	q := new(big.Int).Quo(n, new(big.Int).Mul(div, big.NewInt(2))) // truncates toward zero
	if !q.IsInt64() {
		return Money{}, errOverflow
	}
	return Money{cents: q.Int64(), cur: to}, nil
}

// percentDown returns floor(cents * rate / 100) for cents >= 0 and
// 0 <= rate <= 100. It is the one place where the library rounds a share
// of an amount: co-financing shares and flat rates are rounded down to the
// cent, so that the share never exceeds what the rate allows and the
// remainder (own contribution) takes the cents.
func percentDown(cents int64, rate decimal.Decimal) int64 {
	// Fast path: rates with at most 4 decimals on amounts that cannot
	// overflow, the case of every real call (85, 80.5, 15, 33.3333).
	if e := rate.Exponent(); e >= -4 && rate.Coefficient().IsInt64() {
		scaled := rate.Coefficient().Int64()
		for ; e > -4; e-- {
			scaled *= 10
		}
		hi, lo := bits.Mul64(uint64(cents), uint64(scaled))
		if hi == 0 && lo <= math.MaxInt64 {
			return int64(lo) / 1_000_000
		}
	}
	n := new(big.Int).Mul(big.NewInt(cents), rate.Coefficient())
	d := big.NewInt(100)
	exp := rate.Exponent()
	if exp > 0 {
		n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
	} else {
		d.Mul(d, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-exp)), nil))
	}
	return n.Quo(n, d).Int64() // non-negative operands: Quo is floor
}

// ValidRate checks a percentage rate: 0 <= rate <= 100.
func ValidRate(field string, rate decimal.Decimal) error {
	if rate.IsNegative() || rate.GreaterThan(decimal.NewFromInt(100)) {
		return FieldErr(field, "rate", "err.rate")
	}
	return nil
}

// CoFinance splits total by a fund's co-financing rate (in percent): fund
// is total × rate rounded DOWN to the cent, own is the remainder, so
// fund + own == total always. The rate must be within 0..100 and the total
// must not be negative.
func CoFinance(total Money, ratePercent decimal.Decimal) (fund, own Money, err error) {
	if !total.cur.Valid() {
		return Money{}, Money{}, FieldErr("currency", "currency", "err.currency.currency")
	}
	if err := ValidRate("rate", ratePercent); err != nil {
		return Money{}, Money{}, err
	}
	if total.cents < 0 {
		return Money{}, Money{}, FieldErr("total", "gte", "err.total.gte")
	}
	f := percentDown(total.cents, ratePercent)
	return Money{cents: f, cur: total.cur}, Money{cents: total.cents - f, cur: total.cur}, nil
}

// PercentOf returns part / whole × 100 rounded half up to two decimals, for
// absorption and progress figures. A zero whole gives ok == false.
func PercentOf(part, whole Money) (pct decimal.Decimal, ok bool, err error) {
	if part.cur != whole.cur {
		return decimal.Decimal{}, false, mismatch("percentage", part.cur, whole.cur)
	}
	if whole.cents == 0 {
		return decimal.Zero, false, nil
	}
	return decimal.NewFromInt(part.cents).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(whole.cents), 2), true, nil
}

// moneyJSON is the wire form: {"amount":"564683.66","currency":"EUR"}.
type moneyJSON struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount":"1234.56","currency":"EUR"}.
func (m Money) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":"`...)
	b = appendCents(b, m.cents)
	b = append(b, `","currency":"`...)
	b = append(b, m.cur...)
	return append(b, `"}`...), nil
}

// UnmarshalJSON reads {"amount":"1234.56","currency":"EUR"}. The amount
// must be a JSON string: a JSON number would have passed through a float in
// many clients and may already be wrong.
func (m *Money) UnmarshalJSON(b []byte) error {
	var v moneyJSON
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return FieldErr("amount", "money", "err.amount.money")
	}
	var s string
	if err := json.Unmarshal(v.Amount, &s); err != nil {
		return FieldErr("amount", "money", "err.amount.money_2")
	}
	if v.Currency == "" {
		return FieldErr("currency", "required", "err.currency.required")
	}
	c, err := ParseCurrency(v.Currency)
	if err != nil {
		return err
	}
	p, err := ParseMoney(s, c)
	if err != nil {
		return err
	}
	*m = p
	return nil
}

// Total accumulates amounts of one currency in 128 bits, so that summing
// any number of Money values (even millions at 999,999,999.99) neither
// overflows nor allocates. The zero Total takes the currency of the first
// amount added; NewTotal fixes it up front.
type Total struct {
	cur Currency
	lo  uint64
	hi  int64 // two's complement 128-bit sum hi:lo
	n   int64
}

// NewTotal returns an empty Total in currency c.
func NewTotal(c Currency) Total { return Total{cur: c} }

// Add adds m. A different currency is an error and leaves t unchanged.
func (t *Total) Add(m Money) error {
	if !sameCurrency(t.cur, m.cur) {
		if t.cur != "" || t.n != 0 {
			return &arithError{"addition", t.cur, m.cur}
		}
		t.cur = m.cur
	}
	t.addCents(m.cents)
	return nil
}

// AddCents adds cents of t's currency: the fast path for store drivers that
// scan integer cents and know the currency already.
func (t *Total) AddCents(cents int64) { t.addCents(cents) }

func (t *Total) addCents(c int64) {
	var carry uint64
	t.lo, carry = bits.Add64(t.lo, uint64(c), 0)
	ext := int64(0)
	if c < 0 {
		ext = -1
	}
	t.hi += ext + int64(carry)
	t.n++
}

// Merge adds another total of the same currency.
func (t *Total) Merge(o Total) error {
	if o.n == 0 {
		return nil
	}
	if t.cur != o.cur && (t.cur != "" || t.n != 0) {
		return mismatch("addition", t.cur, o.cur)
	}
	t.cur = o.cur
	var carry uint64
	t.lo, carry = bits.Add64(t.lo, o.lo, 0)
	t.hi += o.hi + int64(carry)
	t.n += o.n
	return nil
}

// Count returns the number of amounts added.
func (t Total) Count() int64 { return t.n }

// Currency returns the currency of the total.
func (t Total) Currency() Currency { return t.cur }

// Money returns the sum; it is an error when the sum does not fit the
// int64 range of Money (over 92 quadrillion euro).
func (t Total) Money() (Money, error) {
	if (t.hi == 0 && t.lo <= math.MaxInt64) || (t.hi == -1 && t.lo > math.MaxInt64) {
		return Money{cents: int64(t.lo), cur: t.cur}, nil
	}
	return Money{}, errOverflow
}

// Decimal returns the exact sum as a decimal, whatever its size.
func (t Total) Decimal() decimal.Decimal {
	v := new(big.Int).SetInt64(t.hi)
	v.Lsh(v, 64)
	v.Or(v, new(big.Int).SetUint64(t.lo))
	return decimal.NewFromBigInt(v, -2)
}

// Sum adds amounts of one currency. The empty sum is an error because it
// has no currency; use a Total for sums that may be empty.
func Sum(ms ...Money) (Money, error) {
	if len(ms) == 0 {
		return Money{}, Errorf(Invalid, "sum of no amounts has no currency")
	}
	t := NewTotal(ms[0].cur)
	for _, m := range ms {
		if err := t.Add(m); err != nil {
			return Money{}, err
		}
	}
	return t.Money()
}
