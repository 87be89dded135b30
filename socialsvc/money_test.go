package socialsvc_test

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// requireInvalid checks that err is an Invalid *Error naming field with
// rule, and returns its field errors for further checks.
func requireInvalid(t *testing.T, err error, field, rule string) []socialsvc.FieldError {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%v", err)
	fields := socialsvc.ErrorFields(err)
	for _, f := range fields {
		if f.Field == field {
			assert.Equal(t, rule, f.Rule, "rule of field %s", field)
			assert.NotEmpty(t, f.Message, "English message of %s", field)
			assert.NotEmpty(t, f.MessageHR, "Croatian message of %s", field)
			return fields
		}
	}
	require.Failf(t, "field not named", "want field %q in %+v", field, fields)
	return nil
}

func eur(cents int64) socialsvc.Money { return socialsvc.Cents(cents, socialsvc.EUR) }
func hrk(cents int64) socialsvc.Money { return socialsvc.Cents(cents, socialsvc.HRK) }
func dec(s string) decimal.Decimal    { return decimal.RequireFromString(s) }

func TestParseMoney(t *testing.T) {
	ok := []struct {
		in    string
		cents int64
	}{
		{"1234.56", 123456},
		{"0.01", 1},
		{"999999999.99", socialsvc.MaxAmount},
		{"-999999999.99", -socialsvc.MaxAmount},
		{"-5", -500},
		{"1.500", 150}, // trailing zeros beyond the second decimal are not precision
		{"1.5", 150},
		{"-0.5", -50},
		{"100", 10000},
		{"0", 0},
		{"-0", 0},
		{"0.00", 0},
		{"007.10", 710},
		{"564683.66", 56468366},
	}
	for _, tc := range ok {
		t.Run(tc.in, func(t *testing.T) {
			m, err := socialsvc.ParseMoney(tc.in, socialsvc.EUR)
			require.NoError(t, err)
			assert.Equal(t, tc.cents, m.Cents())
			assert.Equal(t, socialsvc.EUR, m.Currency())
			assert.Equal(t, eur(tc.cents), m)
		})
	}

	bad := []struct {
		name, in string
		msg      string // a part of the English field message
	}{
		{"three decimals", "1.234", "more than two decimals"},
		{"three decimals negative", "-0.001", "more than two decimals"},
		{"exponent", "1e3", "at most two decimals"},
		{"empty", "", "at most two decimals"},
		{"letters", "abc", "at most two decimals"},
		{"leading space", " 1", "at most two decimals"},
		{"trailing space", "1 ", "at most two decimals"},
		{"comma", "1,5", "at most two decimals"},
		{"thousands", "1,234.56", "at most two decimals"},
		{"plus sign", "+1", "at most two decimals"},
		{"only sign", "-", "at most two decimals"},
		{"double sign", "--1", "at most two decimals"},
		{"no integer part", ".5", "at most two decimals"},
		{"no fraction", "1.", "at most two decimals"},
		{"two points", "1.2.3", "at most two decimals"},
		{"hex", "0x10", "at most two decimals"},
		{"underscore", "1_000", "at most two decimals"},
		{"NaN", "NaN", "at most two decimals"},
		{"Arabic-Indic digit", "\u0661", "at most two decimals"},
		{"too long", strings.Repeat("0", 65), "at most two decimals"},
		{"one billion", "1000000000.00", "out of range"},
		{"one billion integer", "1000000000", "out of range"},
		{"minus one billion", "-1000000000", "out of range"},
		{"huge", "99999999999999999999999", "out of range"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := socialsvc.ParseMoney(tc.in, socialsvc.EUR)
			fields := requireInvalid(t, err, "amount", "money")
			assert.Contains(t, fields[0].Message, tc.msg)
		})
	}

	for _, c := range []socialsvc.Currency{"XXX", "eur", "", "EURO", " EUR"} {
		t.Run("currency "+string(c), func(t *testing.T) {
			_, err := socialsvc.ParseMoney("1.00", c)
			requireInvalid(t, err, "currency", "currency")
		})
	}
}

func TestParseMoneyHR(t *testing.T) {
	ok := []struct {
		in    string
		cents int64
	}{
		{"4.254.609,06", 425460906},
		{"87.608,79", 8760879},
		{"1 234,50", 123450},
		{"1\u00a0234,50", 123450}, // no-break space, as spreadsheets paste it
		{"1\u202f234,50", 123450}, // narrow no-break space
		{"1234,5", 123450},
		{"4254609,06", 425460906},
		{"-12", -1200},
		{"-1.234,56", -123456},
		{"0,01", 1},
		{"999.999.999,99", socialsvc.MaxAmount},
		{"1.234", 123400}, // a dot groups thousands in Croatian
		{"1.234,500", 123450},
		{"12 345 678,90", 1234567890},
	}
	for _, tc := range ok {
		t.Run(tc.in, func(t *testing.T) {
			m, err := socialsvc.ParseMoneyHR(tc.in, socialsvc.HRK)
			require.NoError(t, err)
			assert.Equal(t, hrk(tc.cents), m)
		})
	}

	bad := []struct{ name, in string }{
		{"English decimal point", "1234.56"},
		{"group of two", "1.23.456,00"},
		{"mixed separators", "1.234 567,00"},
		{"mixed separators no-break", "1.234\u00a0567,00"},
		{"group of four", "1.2345,00"},
		{"first group of four", "1234.567,00"},
		{"leading separator", ".123,00"},
		{"double separator", "1..234,00"},
		{"trailing separator", "1.234.,00"},
		{"three decimals", "1,234"},
		{"two commas", "12,34,56"},
		{"no integer part", ",5"},
		{"no fraction", "1,"},
		{"empty", ""},
		{"letters", "kn"},
		{"currency suffix", "1.234,56 kn"},
		{"one billion", "1.000.000.000,00"},
		{"the fixed rate is not an amount", "7,53450"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := socialsvc.ParseMoneyHR(tc.in, socialsvc.HRK)
			requireInvalid(t, err, "amount", "money")
		})
	}

	_, err := socialsvc.ParseMoneyHR("1,00", "kn")
	requireInvalid(t, err, "currency", "currency")
}

func TestMoneyFromDecimal(t *testing.T) {
	m, err := socialsvc.MoneyFromDecimal(dec("564683.660"), socialsvc.EUR)
	require.NoError(t, err)
	assert.Equal(t, eur(56468366), m)
	assert.True(t, m.Amount().Equal(dec("564683.66")))
	assert.Equal(t, int32(-2), m.Amount().Exponent())

	_, err = socialsvc.MoneyFromDecimal(dec("1.005"), socialsvc.EUR)
	requireInvalid(t, err, "amount", "money")
	_, err = socialsvc.MoneyFromDecimal(dec("1000000000"), socialsvc.EUR)
	requireInvalid(t, err, "amount", "money")
	_, err = socialsvc.MoneyFromDecimal(dec("1"), "XXX")
	requireInvalid(t, err, "currency", "currency")
}

func TestMustMoneyPanicsOnMalformedLiteral(t *testing.T) {
	assert.Equal(t, eur(150), socialsvc.MustMoney("1.50", socialsvc.EUR))
	assert.PanicsWithValue(t, `socialsvc.MustMoney("1.505"): invalid: invalid amount (amount: amount has more than two decimals)`,
		func() { socialsvc.MustMoney("1.505", socialsvc.EUR) })
}

func TestMoneyAccessors(t *testing.T) {
	m := eur(-123456)
	assert.Equal(t, "-1234.56 EUR", m.String())
	assert.Equal(t, "-1234.56", m.AmountString())
	assert.Equal(t, -1, m.Sign())
	assert.True(t, m.IsNegative())
	assert.False(t, m.IsZero())
	assert.Equal(t, eur(123456), m.Neg())
	assert.Equal(t, 1, m.Neg().Sign())
	assert.Equal(t, eur(math.MaxInt64), eur(math.MinInt64).Neg(), "the int64 minimum saturates instead of wrapping")
	assert.Equal(t, 0, socialsvc.Zero(socialsvc.HRK).Sign())
	assert.True(t, socialsvc.Zero(socialsvc.HRK).IsZero())
	assert.Equal(t, socialsvc.HRK, socialsvc.Zero(socialsvc.HRK).Currency())
	assert.Equal(t, "0.00", socialsvc.Money{}.AmountString())
	assert.Equal(t, "-0.05", eur(-5).AmountString())
	assert.Equal(t, "-92233720368547758.08", eur(math.MinInt64).AmountString())
	assert.Equal(t, "92233720368547758.07", eur(math.MaxInt64).AmountString())
}

// roundHalfAway rounds r to an integer, half away from zero: the rule of
// the Euro Introduction Act, computed here independently of the package.
func roundHalfAway(r *big.Rat) int64 {
	neg := r.Sign() < 0
	a := new(big.Rat).Abs(r)
	a.Add(a, big.NewRat(1, 2))
	q := new(big.Int).Quo(a.Num(), a.Denom()) // floor for non-negative
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// toEURRef is h / 7.53450 HRK cents in euro cents, with exact rationals.
func toEURRef(hrkCents int64) int64 {
	return roundHalfAway(new(big.Rat).Quo(new(big.Rat).SetInt64(hrkCents), big.NewRat(753450, 100000)))
}

// toHRKRef is e × 7.53450 EUR cents in kuna cents, with exact rationals.
func toHRKRef(eurCents int64) int64 {
	return roundHalfAway(new(big.Rat).Mul(new(big.Rat).SetInt64(eurCents), big.NewRat(753450, 100000)))
}

func TestToEUR(t *testing.T) {
	assert.Equal(t, "7.5345", socialsvc.HRKPerEUR.String())

	cases := []struct {
		name string
		in   socialsvc.Money
		want socialsvc.Money
	}{
		{"2SoKroG published kuna total", hrk(425460906), eur(56468366)},
		{"7,53 kn", hrk(753), eur(100)}, // 0.99940...
		{"7,54 kn", hrk(754), eur(100)}, // 1.00073...
		{"3,76 kn", hrk(376), eur(50)},  // 0.49903...
		{"0,03 kn", hrk(3), eur(0)},     // 0.00398...
		{"0,04 kn", hrk(4), eur(1)},     // 0.00530...
		{"-0,04 kn", hrk(-4), eur(-1)},  // away from zero
		{"zero", hrk(0), eur(0)},
		{"euro unchanged", eur(-12345), eur(-12345)},
		{"max amount", hrk(socialsvc.MaxAmount), eur(toEURRef(socialsvc.MaxAmount))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.ToEUR()
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	t.Run("beyond the int64 fast path", func(t *testing.T) {
		for _, c := range []int64{math.MaxInt64, math.MinInt64 + 1, math.MaxInt64/100000 + 1, -(math.MaxInt64/100000 + 1)} {
			got, err := hrk(c).ToEUR()
			require.NoError(t, err)
			assert.Equal(t, eur(toEURRef(c)), got, "%d", c)
		}
	})

	t.Run("other currency needs an explicit rate", func(t *testing.T) {
		_, err := socialsvc.Cents(100, "GBP").ToEUR()
		requireInvalid(t, err, "currency", "rate_required")
	})
}

// TestToEURHalfUp checks the rounding of the Euro Introduction Act: 0.005
// goes up. HRK cents h are h*100000/753450 euro cents. An exact tie needs
// h*100000 mod 753450 == 376725, which cannot happen: gcd(100000, 753450)
// is 50, so the remainder is a multiple of 50 and 376725 is not. The test
// proves that by search, then takes the amounts nearest the tie from both
// sides, where a rounding that is not half up (truncation, half-even on
// the wrong side, a float) would go wrong.
func TestToEURHalfUp(t *testing.T) {
	const half = 753450 / 2 // 376725, a half euro cent in units of 1/753450
	var below, above int64
	for h := int64(1); h <= 753450 && (below == 0 || above == 0); h++ {
		r := h * 100000 % 753450
		require.NotEqual(t, int64(half), r, "exact tie at %d HRK cents", h)
		require.Zero(t, r%50)
		if r == half-25 && below == 0 { // 0.49997 of a cent: rounds down
			below = h
		}
		if r == half+25 && above == 0 { // 0.50003 of a cent: rounds up
			above = h
		}
	}
	require.NotZero(t, below)
	require.NotZero(t, above)

	floor := func(h int64) int64 { return h * 100000 / 753450 }
	got, err := hrk(above).ToEUR()
	require.NoError(t, err)
	assert.Equal(t, eur(floor(above)+1), got, "%d HRK cents is just over half a cent: up", above)
	got, err = hrk(-above).ToEUR()
	require.NoError(t, err)
	assert.Equal(t, eur(-floor(above)-1), got, "negative rounds away from zero")

	got, err = hrk(below).ToEUR()
	require.NoError(t, err)
	assert.Equal(t, eur(floor(below)), got, "%d HRK cents is just under half a cent: down", below)
	got, err = hrk(-below).ToEUR()
	require.NoError(t, err)
	assert.Equal(t, eur(-floor(below)), got)
}

func TestToHRK(t *testing.T) {
	cases := []struct {
		name string
		in   socialsvc.Money
		want socialsvc.Money
	}{
		{"1,00 EUR", eur(100), hrk(753)},
		{"2SoKroG total", eur(57494717), hrk(433193945)},
		// 10,00 EUR is 75,345 kn exactly: a tie, half up.
		{"tie", eur(1000), hrk(7535)},
		{"negative tie away from zero", eur(-1000), hrk(-7535)},
		{"kuna unchanged", hrk(42), hrk(42)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.ToHRK()
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	big := eur(math.MaxInt64/753450 + 1)
	got, err := big.ToHRK()
	require.NoError(t, err)
	assert.Equal(t, hrk(toHRKRef(big.Cents())), got)

	_, err = eur(math.MaxInt64).ToHRK()
	requireInvalid(t, err, "amount", "overflow")

	_, err = socialsvc.Cents(1, "RSD").ToHRK()
	requireInvalid(t, err, "currency", "rate_required")
}

// TestFixedRateAgainstRationals compares ToEUR and ToHRK with an exact
// rational computation over many amounts.
func TestFixedRateAgainstRationals(t *testing.T) {
	rng := rand.New(rand.NewPCG(2023, 1))
	for range 20000 {
		c := rng.Int64N(2*socialsvc.MaxAmount+1) - socialsvc.MaxAmount
		if rng.IntN(2) == 0 {
			c /= 1 + rng.Int64N(1e6) // plenty of small amounts too
		}
		e, err := hrk(c).ToEUR()
		require.NoError(t, err)
		require.Equal(t, toEURRef(c), e.Cents(), "ToEUR(%d HRK cents)", c)
		h, err := eur(c).ToHRK()
		require.NoError(t, err)
		require.Equal(t, toHRKRef(c), h.Cents(), "ToHRK(%d EUR cents)", c)
	}
}

func TestConvertAt(t *testing.T) {
	cases := []struct {
		name string
		in   socialsvc.Money
		to   socialsvc.Currency
		rate string
		want socialsvc.Money
	}{
		// Seed 004 publishes 574.947,17 EUR as 4.254.609,06 kn: 7,40 kn/EUR.
		{"2SoKroG planning rate", hrk(425460906), socialsvc.EUR, "7.40", eur(57494717)},
		{"2SoKroG back to kuna", eur(57494717), socialsvc.HRK, "7.40", hrk(425460906)},
		{"EUR to GBP", eur(10000), "GBP", "0.85", socialsvc.Cents(8500, "GBP")},
		{"EUR to GBP tie", eur(10), "GBP", "0.85", socialsvc.Cents(9, "GBP")},            // 0.085
		{"EUR to GBP negative tie", eur(-10), "GBP", "0.85", socialsvc.Cents(-9, "GBP")}, // -0.085
		{"GBP to EUR", socialsvc.Cents(8500, "GBP"), socialsvc.EUR, "0.85", eur(10000)},
		{"HRK to EUR tie", hrk(4), socialsvc.EUR, "8", eur(1)}, // 0.005
		{"HRK to EUR negative tie", hrk(-4), socialsvc.EUR, "8", eur(-1)},
		{"HRK to EUR below tie", hrk(3), socialsvc.EUR, "8", eur(0)},
		{"positive exponent rate", eur(100), "KRW", "1E3", socialsvc.Cents(100000, "KRW")},
		{"RSD", eur(123456), "RSD", "117.1", socialsvc.Cents(14456698, "RSD")}, // 144566.976
		{"same currency rate 1", eur(777), socialsvc.EUR, "1", eur(777)},
		{"same currency rate 1.00", hrk(777), socialsvc.HRK, "1.00", hrk(777)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.ConvertAt(tc.to, dec(tc.rate))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	bad := []struct {
		name        string
		in          socialsvc.Money
		to          socialsvc.Currency
		rate        string
		field, rule string
	}{
		{"rate zero", eur(100), "GBP", "0", "rate", "gt"},
		{"rate negative", eur(100), "GBP", "-0.85", "rate", "gt"},
		{"neither side EUR", hrk(100), "GBP", "0.11", "currency", "eur_side"},
		{"same currency other rate", eur(100), socialsvc.EUR, "1.01", "rate", "eq"},
		{"unknown target", eur(100), "XXX", "1", "currency", "currency"},
		{"unknown source", socialsvc.Cents(100, "XXX"), socialsvc.EUR, "1", "currency", "currency"},
		{"overflow", eur(math.MaxInt64), "GBP", "2", "amount", "overflow"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.in.ConvertAt(tc.to, dec(tc.rate))
			requireInvalid(t, err, tc.field, tc.rule)
		})
	}
}

func TestAddSubCmp(t *testing.T) {
	s, err := eur(150).Add(eur(-275))
	require.NoError(t, err)
	assert.Equal(t, eur(-125), s)

	_, err = eur(1).Add(hrk(1))
	requireInvalid(t, err, "currency", "currency_mismatch")
	_, err = eur(1).Sub(hrk(1))
	requireInvalid(t, err, "currency", "currency_mismatch")
	_, err = eur(1).Cmp(hrk(1))
	requireInvalid(t, err, "currency", "currency_mismatch")

	overflow := []struct {
		name string
		op   func() (socialsvc.Money, error)
	}{
		{"max+1", func() (socialsvc.Money, error) { return eur(math.MaxInt64).Add(eur(1)) }},
		{"min+-1", func() (socialsvc.Money, error) { return eur(math.MinInt64).Add(eur(-1)) }},
		{"min+min", func() (socialsvc.Money, error) { return eur(math.MinInt64).Add(eur(math.MinInt64)) }},
		{"min-1", func() (socialsvc.Money, error) { return eur(math.MinInt64).Sub(eur(1)) }},
		{"max--1", func() (socialsvc.Money, error) { return eur(math.MaxInt64).Sub(eur(-1)) }},
		{"0-min", func() (socialsvc.Money, error) { return eur(0).Sub(eur(math.MinInt64)) }},
	}
	for _, tc := range overflow {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.op()
			requireInvalid(t, err, "amount", "overflow")
		})
	}

	fits := []struct {
		name string
		op   func() (socialsvc.Money, error)
		want int64
	}{
		{"max+-1", func() (socialsvc.Money, error) { return eur(math.MaxInt64).Add(eur(-1)) }, math.MaxInt64 - 1},
		{"max+min", func() (socialsvc.Money, error) { return eur(math.MaxInt64).Add(eur(math.MinInt64)) }, -1},
		{"5-3", func() (socialsvc.Money, error) { return eur(5).Sub(eur(3)) }, 2},
		{"min-(-1)", func() (socialsvc.Money, error) { return eur(math.MinInt64).Sub(eur(-1)) }, math.MinInt64 + 1},
		// -1 - MinInt64 = MaxInt64 fits: Sub must not call it an overflow.
		{"-1-min", func() (socialsvc.Money, error) { return eur(-1).Sub(eur(math.MinInt64)) }, math.MaxInt64},
		{"min-min", func() (socialsvc.Money, error) { return eur(math.MinInt64).Sub(eur(math.MinInt64)) }, 0},
	}
	for _, tc := range fits {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.op()
			require.NoError(t, err)
			assert.Equal(t, eur(tc.want), got)
		})
	}

	for _, tc := range []struct {
		a, b int64
		want int
	}{{1, 2, -1}, {2, 2, 0}, {3, 2, 1}, {math.MinInt64, math.MaxInt64, -1}} {
		got, err := eur(tc.a).Cmp(eur(tc.b))
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%d vs %d", tc.a, tc.b)
	}
}

func TestTotal(t *testing.T) {
	t.Run("sums and counts", func(t *testing.T) {
		tot := socialsvc.NewTotal(socialsvc.EUR)
		for _, c := range []int64{150, -25, 99} {
			require.NoError(t, tot.Add(eur(c)))
		}
		m, err := tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(224), m)
		assert.Equal(t, int64(3), tot.Count())
		assert.Equal(t, socialsvc.EUR, tot.Currency())
		assert.Equal(t, "2.24", tot.Decimal().String())
	})

	t.Run("zero Total takes the first currency", func(t *testing.T) {
		var tot socialsvc.Total
		require.NoError(t, tot.Add(hrk(5)))
		assert.Equal(t, socialsvc.HRK, tot.Currency())
		requireInvalid(t, tot.Add(eur(5)), "currency", "currency_mismatch")
		m, err := tot.Money()
		require.NoError(t, err)
		assert.Equal(t, hrk(5), m, "a rejected amount leaves the total unchanged")
		assert.Equal(t, int64(1), tot.Count())
	})

	t.Run("NewTotal fixes the currency", func(t *testing.T) {
		tot := socialsvc.NewTotal(socialsvc.EUR)
		requireInvalid(t, tot.Add(hrk(5)), "currency", "currency_mismatch")
		m, err := tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(0), m)
	})

	t.Run("beyond int64", func(t *testing.T) {
		const n = 10_000_000
		tot := socialsvc.NewTotal(socialsvc.EUR)
		for range n {
			tot.AddCents(socialsvc.MaxAmount)
		}
		// 10 million × 999,999,999.99 still fits int64 cents...
		m, err := tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(n*socialsvc.MaxAmount), m)

		// ... 100 million does not (9.99e18 > 9.22e18).
		ten := socialsvc.NewTotal(socialsvc.EUR)
		for range 10 {
			require.NoError(t, ten.Merge(tot))
		}
		assert.Equal(t, int64(10*n), ten.Count())
		_, err = ten.Money()
		requireInvalid(t, err, "amount", "overflow")
		assert.Equal(t, "99999999999000000", ten.Decimal().String(), "exact: 100,000,000 × 999,999,999.99")

		// Adding the same amounts negated brings it back within range.
		for range 10 {
			for range n {
				ten.AddCents(-socialsvc.MaxAmount)
			}
		}
		m, err = ten.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(0), m)
	})

	t.Run("negative totals", func(t *testing.T) {
		tot := socialsvc.NewTotal(socialsvc.EUR)
		tot.AddCents(-5)
		m, err := tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(-5), m)
		assert.Equal(t, "-0.05", tot.Decimal().String())

		tot = socialsvc.NewTotal(socialsvc.EUR)
		tot.AddCents(math.MinInt64)
		m, err = tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(math.MinInt64), m)
		tot.AddCents(-1)
		_, err = tot.Money()
		requireInvalid(t, err, "amount", "overflow")
		assert.Equal(t, "-92233720368547758.09", tot.Decimal().String())
		tot.AddCents(math.MinInt64)
		assert.Equal(t, "-184467440737095516.17", tot.Decimal().String())
		tot.AddCents(math.MaxInt64)
		tot.AddCents(math.MaxInt64)
		tot.AddCents(3)
		m, err = tot.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(0), m)
	})

	t.Run("merge", func(t *testing.T) {
		a, b := socialsvc.NewTotal(socialsvc.EUR), socialsvc.NewTotal(socialsvc.EUR)
		require.NoError(t, a.Add(eur(100)))
		require.NoError(t, b.Add(eur(-30)))
		require.NoError(t, b.Add(eur(5)))
		require.NoError(t, a.Merge(b))
		m, err := a.Money()
		require.NoError(t, err)
		assert.Equal(t, eur(75), m)
		assert.Equal(t, int64(3), a.Count())

		var empty socialsvc.Total
		require.NoError(t, empty.Merge(a))
		assert.Equal(t, socialsvc.EUR, empty.Currency())

		h := socialsvc.NewTotal(socialsvc.HRK)
		require.NoError(t, h.Add(hrk(1)))
		requireInvalid(t, a.Merge(h), "currency", "currency_mismatch")
		require.NoError(t, a.Merge(socialsvc.NewTotal(socialsvc.HRK)), "an empty total merges into anything")
	})
}

func TestSum(t *testing.T) {
	m, err := socialsvc.Sum(eur(100), eur(250), eur(-1))
	require.NoError(t, err)
	assert.Equal(t, eur(349), m)

	m, err = socialsvc.Sum(hrk(7))
	require.NoError(t, err)
	assert.Equal(t, hrk(7), m)

	_, err = socialsvc.Sum()
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))

	_, err = socialsvc.Sum(eur(1), hrk(1))
	requireInvalid(t, err, "currency", "currency_mismatch")

	_, err = socialsvc.Sum(eur(math.MaxInt64), eur(1))
	requireInvalid(t, err, "amount", "overflow")

	m, err = socialsvc.Sum(eur(math.MaxInt64), eur(1), eur(-2))
	require.NoError(t, err, "an intermediate sum beyond int64 is fine")
	assert.Equal(t, eur(math.MaxInt64-1), m)
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(eur(56468366))
	require.NoError(t, err)
	assert.JSONEq(t, `{"amount":"564683.66","currency":"EUR"}`, string(b))
	assert.Equal(t, `{"amount":"564683.66","currency":"EUR"}`, string(b))

	b, err = json.Marshal(struct {
		Total socialsvc.Money `json:"total"`
	}{hrk(-5)})
	require.NoError(t, err)
	assert.Equal(t, `{"total":{"amount":"-0.05","currency":"HRK"}}`, string(b))

	var m socialsvc.Money
	require.NoError(t, json.Unmarshal([]byte(`{"amount":"564683.66","currency":"EUR"}`), &m))
	assert.Equal(t, eur(56468366), m)

	require.NoError(t, json.Unmarshal([]byte(`{"currency":"hrk","amount":"1.5"}`), &m))
	assert.Equal(t, hrk(150), m, "currency codes are accepted in lower case, as ParseCurrency documents")

	for _, c := range []int64{0, 1, -1, socialsvc.MaxAmount, -socialsvc.MaxAmount, 123456} {
		in := socialsvc.Cents(c, "GBP")
		b, err := json.Marshal(in)
		require.NoError(t, err)
		var out socialsvc.Money
		require.NoError(t, json.Unmarshal(b, &out), "%s", b)
		assert.Equal(t, in, out)
	}

	bad := []struct {
		name, in    string
		field, rule string
	}{
		{"number amount", `{"amount":564683.66,"currency":"EUR"}`, "amount", "money"},
		{"unknown field", `{"amount":"1.00","currency":"EUR","rate":"7.5"}`, "amount", "money"},
		{"missing currency", `{"amount":"1.00"}`, "currency", "required"},
		{"empty currency", `{"amount":"1.00","currency":""}`, "currency", "required"},
		{"unknown currency", `{"amount":"1.00","currency":"XXX"}`, "currency", "currency"},
		{"three decimals", `{"amount":"1.005","currency":"EUR"}`, "amount", "money"},
		{"missing amount", `{"currency":"EUR"}`, "amount", "money"},
		{"null amount", `{"amount":null,"currency":"EUR"}`, "amount", "money"},
		{"Croatian format", `{"amount":"1.234,56","currency":"EUR"}`, "amount", "money"},
		{"plain string", `"1.00 EUR"`, "amount", "money"},
		{"array", `["1.00","EUR"]`, "amount", "money"},
		{"out of range", `{"amount":"1000000000.00","currency":"EUR"}`, "amount", "money"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			var m socialsvc.Money
			err := json.Unmarshal([]byte(tc.in), &m)
			requireInvalid(t, err, tc.field, tc.rule)
			assert.Equal(t, socialsvc.Money{}, m, "a rejected value leaves the target unchanged")
		})
	}
}

func TestCoFinance(t *testing.T) {
	cases := []struct {
		name      string
		total     socialsvc.Money
		rate      string
		fund, own int64
	}{
		{"2SoKroG at 85%", eur(57494717), "85", 48870509, 8624208}, // 488.705,0945
		{"one cent", eur(1), "85", 0, 1},
		{"rate 100", eur(57494717), "100", 57494717, 0},
		{"rate 0", eur(57494717), "0", 0, 57494717},
		{"zero total", eur(0), "85", 0, 0},
		{"fractional rate", eur(10000), "80.5", 8050, 1950},
		{"third", eur(100), "33.3333", 33, 67},
		// Six decimals take the exact big-integer path and still floor:
		// 574.947,17 × 84,999999 % = 488.705,08875...
		{"many decimals", eur(57494717), "84.999999", 48870508, 8624209},
		{"many decimals just under 100", eur(1), "99.9999999999", 0, 1},
		{"rate written 85.0000", eur(57494717), "85.0000", 48870509, 8624208},
		{"rate written 1E2", eur(333), "1E2", 333, 0},
		{"max amount", eur(socialsvc.MaxAmount), "85", 84999999999, 15000000000},
		{"kuna", hrk(425460906), "85", 361641770, 63819136}, // 3.616.417,701
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fund, own, err := socialsvc.CoFinance(tc.total, dec(tc.rate))
			require.NoError(t, err)
			assert.Equal(t, socialsvc.Cents(tc.fund, tc.total.Currency()), fund)
			assert.Equal(t, socialsvc.Cents(tc.own, tc.total.Currency()), own)
		})
	}

	bad := []struct {
		name        string
		total       socialsvc.Money
		rate        string
		field, rule string
	}{
		{"rate over 100", eur(100), "100.01", "rate", "rate"},
		{"negative rate", eur(100), "-1", "rate", "rate"},
		{"negative total", eur(-100), "85", "total", "gte"},
		{"no currency", socialsvc.Money{}, "85", "currency", "currency"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := socialsvc.CoFinance(tc.total, dec(tc.rate))
			requireInvalid(t, err, tc.field, tc.rule)
		})
	}
}

// TestCoFinanceProperty checks fund + own == total and fund == floor(total
// × rate / 100), the latter computed with exact rationals, over random
// totals and rates with up to eight decimals.
func TestCoFinanceProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(85, 15))
	for range 20000 {
		total := rng.Int64N(socialsvc.MaxAmount + 1)
		if rng.IntN(2) == 0 {
			total = rng.Int64N(100000)
		}
		places := int32(rng.IntN(9))
		scale := int64(math.Pow10(int(places)))
		rate := decimal.New(rng.Int64N(100*scale+1), -places)

		fund, own, err := socialsvc.CoFinance(eur(total), rate)
		require.NoError(t, err, "total %d rate %s", total, rate)
		sum, err := fund.Add(own)
		require.NoError(t, err)
		require.Equal(t, eur(total), sum, "fund + own == total for %d at %s%%", total, rate)
		require.GreaterOrEqual(t, fund.Cents(), int64(0))
		require.GreaterOrEqual(t, own.Cents(), int64(0))

		want := new(big.Rat).Mul(new(big.Rat).SetInt64(total), rate.Rat())
		want.Quo(want, big.NewRat(100, 1))
		floor := new(big.Int).Quo(want.Num(), want.Denom())
		require.Equal(t, floor.Int64(), fund.Cents(), "floor(%d × %s%%)", total, rate)
	}
}

func TestValidRate(t *testing.T) {
	for _, r := range []string{"0", "85", "100", "100.00", "0.0001"} {
		assert.NoError(t, socialsvc.ValidRate("rate_percent", dec(r)), r)
	}
	for _, r := range []string{"-0.01", "100.0001", "1000"} {
		requireInvalid(t, socialsvc.ValidRate("rate_percent", dec(r)), "rate_percent", "rate")
	}
}

func TestPercentOf(t *testing.T) {
	cases := []struct {
		part, whole int64
		want        string
	}{
		{48870506, 57494717, "85.00"}, // 84.99999478...
		{1, 3, "33.33"},
		{2, 3, "66.67"},
		{1, 32, "3.13"}, // 3.125: half up
		{-1, 32, "-3.13"},
		{3, 2, "150.00"},
		{0, 5, "0.00"},
	}
	for _, tc := range cases {
		pct, ok, err := socialsvc.PercentOf(eur(tc.part), eur(tc.whole))
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, tc.want, pct.StringFixed(2), "%d / %d", tc.part, tc.whole)
		assert.True(t, pct.Equal(dec(tc.want)), "%d / %d = %s", tc.part, tc.whole, pct)
	}

	pct, ok, err := socialsvc.PercentOf(eur(5), eur(0))
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, pct.IsZero())

	_, _, err = socialsvc.PercentOf(eur(5), hrk(10))
	requireInvalid(t, err, "currency", "currency_mismatch")
}

func TestCurrency(t *testing.T) {
	for _, c := range []socialsvc.Currency{"EUR", "HRK", "GBP", "RSD", "CZK", "NOK"} {
		assert.True(t, c.Valid(), c)
	}
	for _, c := range []socialsvc.Currency{"", "eur", "XXX", "XAU", "EURO"} {
		assert.False(t, c.Valid(), c)
	}
	c, err := socialsvc.ParseCurrency(" gbp ")
	require.NoError(t, err)
	assert.Equal(t, socialsvc.Currency("GBP"), c)
	_, err = socialsvc.ParseCurrency("kn")
	requireInvalid(t, err, "currency", "currency")

	var v struct {
		C socialsvc.Currency `json:"c"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"c":"rsd"}`), &v))
	assert.Equal(t, socialsvc.Currency("RSD"), v.C)
	require.Error(t, json.Unmarshal([]byte(`{"c":"YYY"}`), &v))
}
