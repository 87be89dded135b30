package socialsvc_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestParseDate(t *testing.T) {
	ok := []struct {
		in   string
		want socialsvc.Date
	}{
		{"2023-12-31", socialsvc.NewDate(2023, time.December, 31)},
		{"2022-10-01", socialsvc.NewDate(2022, time.October, 1)},
		{"2024-02-29", socialsvc.NewDate(2024, time.February, 29)},
		{"0001-01-01", socialsvc.NewDate(1, time.January, 1)},
	}
	for _, tc := range ok {
		got, err := socialsvc.ParseDate(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got)
		assert.Equal(t, tc.in, got.String())
		assert.True(t, got.Valid())
	}

	for _, in := range []string{"2023-02-30", "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31",
		"31.12.2023.", "2023-1-5", "2023/12/31", "", "20231231", "2023-12-31T00:00:00Z", " 2023-12-31"} {
		_, err := socialsvc.ParseDate(in)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%q", in)
	}
}

func TestDateFormat(t *testing.T) {
	cases := []struct {
		in     string
		hr, en string
	}{
		{"2023-12-31", "31.12.2023.", "31 Dec 2023"},
		{"2022-10-01", "1.10.2022.", "1 Oct 2022"},
		{"2022-09-05", "5.9.2022.", "5 Sep 2022"},
		{"2019-05-17", "17.5.2019.", "17 May 2019"},
	}
	for _, tc := range cases {
		d := socialsvc.MustDate(tc.in)
		assert.Equal(t, tc.hr, d.Format(socialsvc.HR))
		assert.Equal(t, tc.en, d.Format(socialsvc.EN))
	}
	assert.Equal(t, "", socialsvc.Date{}.Format(socialsvc.HR))
	assert.Equal(t, "", socialsvc.Date{}.Format(socialsvc.EN))
	assert.Equal(t, "", socialsvc.Date{}.String())
}

func TestDateCalendar(t *testing.T) {
	d := socialsvc.MustDate("2022-12-31")
	assert.Equal(t, socialsvc.MustDate("2023-01-01"), d.AddDays(1))
	assert.Equal(t, socialsvc.MustDate("2023-03-01"), socialsvc.MustDate("2023-02-28").AddDays(1))
	assert.Equal(t, socialsvc.MustDate("2024-02-29"), socialsvc.MustDate("2024-03-01").AddDays(-1))

	a, b := socialsvc.MustDate("2022-10-01"), socialsvc.MustDate("2023-12-31")
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(socialsvc.NewDate(2022, time.October, 1)))
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.Equal(t, -1, socialsvc.MustDate("2023-01-31").Compare(socialsvc.MustDate("2023-02-01")))

	assert.Equal(t, socialsvc.Month{Year: 2023, Month: time.December}, b.MonthOf())
	assert.Equal(t, "2023-12", b.MonthOf().String())
	assert.Equal(t, socialsvc.MustDate("2023-12-01"), b.MonthOf().FirstDay())

	assert.False(t, socialsvc.NewDate(2023, time.February, 30).Valid())
	assert.False(t, socialsvc.NewDate(0, time.January, 1).Valid())
	assert.False(t, socialsvc.Date{}.Valid())
	assert.True(t, socialsvc.Date{}.IsZero())

	tm := time.Date(2023, time.January, 1, 0, 30, 0, 0, time.FixedZone("CET", 3600))
	assert.Equal(t, socialsvc.MustDate("2023-01-01"), socialsvc.DateOf(tm), "the date in t's own location")
	assert.Equal(t, time.Date(2023, time.December, 31, 0, 0, 0, 0, time.UTC), b.Time())

	assert.Panics(t, func() { socialsvc.MustDate("2023-02-30") })
}

func TestMonth(t *testing.T) {
	m, err := socialsvc.ParseMonth("2019-03")
	require.NoError(t, err)
	assert.Equal(t, socialsvc.Month{Year: 2019, Month: time.March}, m)
	assert.Equal(t, "2019-03", m.String())
	assert.False(t, m.IsZero())
	assert.True(t, socialsvc.Month{}.IsZero())

	for _, in := range []string{"2019-13", "2019-3", "03.2019", "", "2019-03-01"} {
		_, err := socialsvc.ParseMonth(in)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), "%q", in)
	}
}

func TestDateJSON(t *testing.T) {
	type v struct {
		Start socialsvc.Date  `json:"start"`
		Month socialsvc.Month `json:"month"`
	}
	b, err := json.Marshal(v{socialsvc.MustDate("2018-09-01"), socialsvc.Month{Year: 2020, Month: time.August}})
	require.NoError(t, err)
	assert.Equal(t, `{"start":"2018-09-01","month":"2020-08"}`, string(b))

	var got v
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, socialsvc.MustDate("2018-09-01"), got.Start)
	assert.Equal(t, socialsvc.Month{Year: 2020, Month: time.August}, got.Month)

	require.NoError(t, json.Unmarshal([]byte(`{"start":"","month":"2020-08"}`), &got))
	assert.True(t, got.Start.IsZero(), `"" is the zero date`)

	err = json.Unmarshal([]byte(`{"start":"2023-02-30","month":"2020-08"}`), &got)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	err = json.Unmarshal([]byte(`{"start":"2023-02-01","month":"2020-13"}`), &got)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
}

// TestParseDateErrors checks that a date that does not parse is a field
// error for the caller to name (PrefixFields), with a hint for the
// Croatian way of writing dates, in both languages, and never the value.
func TestParseDateErrors(t *testing.T) {
	tests := []struct{ in, en, hr string }{
		{"2023-02-30", "must be a real calendar date (YYYY-MM-DD): that day does not exist", "mora biti stvaran datum (GGGG-MM-DD): taj dan ne postoji"},
		{"2023-13-01", "must be a real calendar date (YYYY-MM-DD): that day does not exist", "mora biti stvaran datum (GGGG-MM-DD): taj dan ne postoji"},
		{"15.03.2023.", "must be a date YYYY-MM-DD: write 15.03.2023. as 2023-03-15", "mora biti datum u obliku GGGG-MM-DD: 15.03.2023. piše se 2023-03-15"},
		{"1. 3. 2023.", "must be a date YYYY-MM-DD: write 15.03.2023. as 2023-03-15", "mora biti datum u obliku GGGG-MM-DD: 15.03.2023. piše se 2023-03-15"},
		{"31.12.2023", "must be a date YYYY-MM-DD: write 15.03.2023. as 2023-03-15", "mora biti datum u obliku GGGG-MM-DD: 15.03.2023. piše se 2023-03-15"},
		{"2023/12/31", "must be a date YYYY-MM-DD, such as 2023-03-15", "mora biti datum u obliku GGGG-MM-DD, npr. 2023-03-15"},
		{"12.2023.", "must be a date YYYY-MM-DD, such as 2023-03-15", "mora biti datum u obliku GGGG-MM-DD, npr. 2023-03-15"},
	}
	for _, tc := range tests {
		_, err := socialsvc.ParseDate(tc.in)
		named := socialsvc.PrefixFields(err, "start")
		f := socialsvc.ErrorFields(named)
		require.Len(t, f, 1, tc.in)
		assert.Equal(t, [4]string{"start", "date", tc.en, tc.hr}, [4]string{f[0].Field, f[0].Rule, f[0].Message, f[0].MessageIn(socialsvc.HR)}, tc.in)
	}
	_, err := socialsvc.ParseMonth("5.2023")
	f := socialsvc.ErrorFields(socialsvc.PrefixFields(err, "month"))
	require.Len(t, f, 1)
	assert.Equal(t, [4]string{"month", "month", "must be a month YYYY-MM, such as 2023-03", "mora biti mjesec u obliku GGGG-MM, npr. 2023-03"},
		[4]string{f[0].Field, f[0].Rule, f[0].Message, f[0].MessageIn(socialsvc.HR)})
}
