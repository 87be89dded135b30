package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestCentsOf(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want int64
		ok   bool
	}{
		{int64(123456), 123456, true},
		{"1234.56", 123456, true},
		{[]byte("1234.56"), 123456, true},
		{"-0.05", -5, true},
		{"0.00", 0, true},
		{"12", 1200, true},
		{"12.3", 1230, true},
		{"12.300", 1230, true}, // NUMERIC sums may carry more zeros
		{"1999999999.98", 199999999998, true},
		{"92233720368547758.07", 9223372036854775807, true},
		{nil, 0, true},
		{"92233720368547758.08", 0, false},
		{"12.345", 0, false},
		{"1e3", 0, false},
		{".5", 0, false},
		{"", 0, false},
		{"12,50", 0, false},
		{3.5, 0, false},
	} {
		got, err := centsOf(tc.in)
		if !tc.ok {
			assert.Error(t, err, "%v", tc.in)
			continue
		}
		require.NoError(t, err, "%v", tc.in)
		assert.Equal(t, tc.want, got, "%v", tc.in)
	}
}

func TestDecText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"7.53450", "7.53450"},
		{"85", "85"},
		{"0", "0"},
		{"-1.50", "-1.50"},
		{"33.3333", "33.3333"},
	} {
		assert.Equal(t, tc.want, decText(decimal.RequireFromString(tc.in)), tc.in)
	}
}

func TestScanners(t *testing.T) {
	var d socialsvc.Date
	require.NoError(t, dateDst{&d}.Scan(time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, socialsvc.MustDate("2023-12-31"), d)
	require.NoError(t, dateDst{&d}.Scan("2022-10-01"))
	assert.Equal(t, socialsvc.MustDate("2022-10-01"), d)
	require.NoError(t, dateDst{&d}.Scan(nil))
	assert.True(t, d.IsZero())
	assert.Error(t, dateDst{&d}.Scan("31.12.2023."))

	var tm time.Time
	require.NoError(t, timeDst{&tm}.Scan("2023-01-01T10:20:30.123456Z"))
	assert.Equal(t, time.Date(2023, 1, 1, 10, 20, 30, 123456000, time.UTC), tm)
	zagreb := time.FixedZone("CET", 3600)
	require.NoError(t, timeDst{&tm}.Scan(time.Date(2023, 1, 1, 11, 20, 30, 0, zagreb)))
	assert.Equal(t, time.UTC, tm.Location(), "times are read as UTC")
	assert.Equal(t, 10, tm.Hour())

	var b bool
	require.NoError(t, boolDst{&b}.Scan(int64(1)))
	assert.True(t, b)
	require.NoError(t, boolDst{&b}.Scan(false))
	assert.False(t, b)

	m := socialsvc.Cents(0, "")
	require.NoError(t, moneyCurrencyDst{&m}.Scan("HRK"))
	require.NoError(t, moneyAmountDst{&m}.Scan("4254609.06"))
	assert.Equal(t, socialsvc.MustMoney("4254609.06", socialsvc.HRK), m, "either half may come first")

	var groups []socialsvc.TargetGroup
	require.NoError(t, jsonDst[[]socialsvc.TargetGroup]{&groups}.Scan([]byte(`["roma","elderly"]`)))
	assert.Equal(t, []socialsvc.TargetGroup{"roma", "elderly"}, groups)
	require.NoError(t, jsonDst[[]socialsvc.TargetGroup]{&groups}.Scan(nil))
	assert.Nil(t, groups)
}

func TestWhere(t *testing.T) {
	var w where
	w.eq("project_id", "prj_1")
	w.eq("partner_id", "")
	w.add("(event_id, beneficiary_id) > ($?, $?)", "evt_1", "ben_2")
	assert.Equal(t, " WHERE project_id = $1 AND (event_id, beneficiary_id) > ($2, $3)", w.sql())
	assert.Equal(t, []any{"prj_1", "evt_1", "ben_2"}, w.args)
	assert.Equal(t, "", (&where{}).sql())
}

// fakeDialect classifies errors by their text, to test the mapping.
type fakeDialect struct{ Dialect }

func (fakeDialect) Name() string { return "fake" }

func (fakeDialect) Classify(err error) Failure {
	var f failing
	if errors.As(err, &f) {
		return Failure(f)
	}
	return Failure{}
}

type failing Failure

func (f failing) Error() string {
	return fmt.Sprintf("failure %d %s: value 'KZ-SECRET' in row", f.Kind, f.Constraint)
}

func TestFail(t *testing.T) {
	s := &Store{d: fakeDialect{}}
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		f     Failure
		code  string
		field string
	}{
		{"tax id", Failure{Kind: FailUnique, Constraint: "organisations_tax_id_key"}, socialsvc.Conflict, "tax_id"},
		{"one lead", Failure{Kind: FailUnique, Constraint: "partners_one_lead"}, socialsvc.Conflict, "role"},
		{"one participation", Failure{Kind: FailUnique, Constraint: "partners_org_key"}, socialsvc.Conflict, "org_id"},
		{"partner number", Failure{Kind: FailUnique, Constraint: "partners_number_key"}, socialsvc.Conflict, "number"},
		{"attendance", Failure{Kind: FailUnique, Constraint: "attendance_pkey"}, socialsvc.Conflict, "beneficiary_id"},
		{"id", Failure{Kind: FailUnique, Constraint: "projects_pkey"}, socialsvc.Conflict, "id"},
		{"unknown unique", Failure{Kind: FailUnique}, socialsvc.Conflict, ""},
		{"foreign key on write", Failure{Kind: FailForeignKey}, socialsvc.Invalid, ""},
		{"check", Failure{Kind: FailCheck}, socialsvc.Invalid, ""},
		{"data", Failure{Kind: FailData}, socialsvc.Invalid, ""},
		{"retry exhausted", Failure{Kind: FailRetry}, socialsvc.Conflict, ""},
		{"timeout", Failure{Kind: FailTimeout}, socialsvc.Internal, ""},
		{"other", Failure{}, socialsvc.Internal, ""},
	} {
		err := s.fail(ctx, fmt.Errorf("exec: %w", failing(tc.f)))
		require.Error(t, err, tc.name)
		var se *socialsvc.Error
		require.ErrorAs(t, err, &se, tc.name)
		assert.Equal(t, tc.code, se.Code, tc.name)
		if tc.field != "" {
			require.Len(t, se.Fields, 1, tc.name)
			assert.Equal(t, tc.field, se.Fields[0].Field, tc.name)
		}
		assert.NotContains(t, se.Error(), "KZ-SECRET", "%s: the database text stays out of the message", tc.name)
	}
	assert.Contains(t, socialsvc.ErrorMessage(s.fail(ctx, failing{Kind: FailTimeout})), "statement timeout")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, s.fail(cancelled, failing{Kind: FailOther}), context.Canceled, "a cancelled context wins over the database's error")
	assert.Nil(t, s.fail(ctx, nil))
	own := socialsvc.FieldErr("x", "y", "err.rule.invalid")
	assert.Same(t, own, s.fail(ctx, own), "library errors pass through")
}

func TestReferenced(t *testing.T) {
	err := referenced("project", Failure{Table: "events"})
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err))
	assert.Equal(t, "the project is referenced by events and cannot be deleted", socialsvc.ErrorMessage(err))
	assert.Equal(t, "the fund is referenced by other records and cannot be deleted", socialsvc.ErrorMessage(referenced("fund", Failure{})))
}

// TestMemoJSONDst: a remembered conversion is handed out only for the
// same text; another text, NULL or a bad text each read as jsonDst would.
func TestMemoJSONDst(t *testing.T) {
	memo := new(atomic.Pointer[jsonMemo[socialsvc.Conversion]])
	inforeuro := `{"rate":"7.5345","rate_date":"2023-01-31","source":"InforEuro 2023-01","basis":"inforeuro"}`
	want := socialsvc.Conversion{Rate: decimal.RequireFromString("7.5345"), RateDate: socialsvc.MustDate("2023-01-31"),
		Source: "InforEuro 2023-01", Basis: socialsvc.RateBasisInforEuro}
	var c socialsvc.Conversion
	for _, src := range []any{[]byte(inforeuro), inforeuro, []byte(inforeuro)} {
		require.NoError(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan(src))
		assert.True(t, want.Rate.Equal(c.Rate))
		assert.Equal(t, want.RateDate, c.RateDate)
		assert.Equal(t, want.Source, c.Source)
		assert.Equal(t, want.Basis, c.Basis)
	}
	require.NoError(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan(`{"rate":"1","rate_date":"2023-02-28","source":"EUR","basis":"same_currency"}`))
	assert.Equal(t, "1", c.Rate.String())
	assert.Equal(t, socialsvc.MustDate("2023-02-28"), c.RateDate)
	assert.Equal(t, socialsvc.RateBasisSameCurrency, c.Basis)
	require.NoError(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan(nil))
	assert.Equal(t, socialsvc.Conversion{}, c, "NULL reads as no conversion")
	require.NoError(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan([]byte(inforeuro)))
	assert.Equal(t, "7.5345", c.Rate.String(), "the text changed back: decoded again")
	assert.Error(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan(`{"rate":`))
	assert.Error(t, memoJSONDst[socialsvc.Conversion]{&c, memo}.Scan(int64(1)))
}
