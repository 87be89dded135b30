package socialsvc_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		cents  int64
		hr, en string
	}{
		{0, "0,00", "0.00"},
		{1, "0,01", "0.01"},
		{-1, "-0,01", "-0.01"},
		{99999, "999,99", "999.99"},
		{100000, "1.000,00", "1,000.00"},
		{123456789, "1.234.567,89", "1,234,567.89"},
		{-123456789, "-1.234.567,89", "-1,234,567.89"},
		{socialsvc.MaxAmount, "999.999.999,99", "999,999,999.99"},
		{math.MinInt64, "-92.233.720.368.547.758,08", "-92,233,720,368,547,758.08"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.hr, socialsvc.FormatNumberHR(tc.cents), "%d", tc.cents)
		assert.Equal(t, tc.en, socialsvc.FormatNumberEN(tc.cents), "%d", tc.cents)
	}
}

func TestMoneyFormat(t *testing.T) {
	cases := []struct {
		m      socialsvc.Money
		hr, en string
	}{
		{eur(123456789), "1.234.567,89 €", "€1,234,567.89"},
		{hrk(425460906), "4.254.609,06 kn", "HRK 4,254,609.06"},
		{eur(-500), "-5,00 €", "-€5.00"},
		{hrk(-1), "-0,01 kn", "-HRK 0.01"},
		{eur(0), "0,00 €", "€0.00"},
		{socialsvc.Cents(123456, "GBP"), "1.234,56 GBP", "GBP 1,234.56"},
		{socialsvc.Cents(-123456, "RSD"), "-1.234,56 RSD", "-RSD 1,234.56"},
		{eur(56468366), "564.683,66 €", "€564,683.66"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.hr, tc.m.Format(socialsvc.HR), "%v", tc.m)
		assert.Equal(t, tc.en, tc.m.Format(socialsvc.EN), "%v", tc.m)
		assert.Equal(t, tc.en, tc.m.Format("de"), "languages that are not shipped are written in English")
	}
	assert.Equal(t, "1.234.567,89\u00a0€", eur(123456789).Format(socialsvc.SL))
	assert.Equal(t, "−5,00\u00a0€", eur(-500).Format(socialsvc.SL))
	assert.Equal(t, "1\u00a0234\u00a0567,89\u00a0€", eur(123456789).Format(socialsvc.SQ))
	assert.Equal(t, "31. 12. 2023", socialsvc.Date{Year: 2023, Month: 12, Day: 31}.Format(socialsvc.SL))
	assert.Equal(t, "31. 12. 2023.", socialsvc.Date{Year: 2023, Month: 12, Day: 31}.Format(socialsvc.SRLatn))
}

func TestFormatRoundTripsThroughParseMoneyHR(t *testing.T) {
	for _, c := range []int64{0, 1, -1, 100000, -123456789, socialsvc.MaxAmount, -socialsvc.MaxAmount} {
		got, err := socialsvc.ParseMoneyHR(socialsvc.FormatNumberHR(c), socialsvc.EUR)
		require.NoError(t, err)
		assert.Equal(t, eur(c), got)
	}
}

func TestFormatDual(t *testing.T) {
	cases := []struct {
		m      socialsvc.Money
		hr, en string
	}{
		{eur(123456), "1.234,56 € / 9.301,79 kn", "€1,234.56 / HRK 9,301.79"},
		{hrk(425460906), "564.683,66 € / 4.254.609,06 kn", "€564,683.66 / HRK 4,254,609.06"},
		{eur(8760879), "87.608,79 € / 660.088,43 kn", "€87,608.79 / HRK 660,088.43"},
		{eur(-1000), "-10,00 € / -75,35 kn", "-€10.00 / -HRK 75.35"},
	}
	for _, tc := range cases {
		got, err := socialsvc.FormatDual(tc.m, socialsvc.HR)
		require.NoError(t, err)
		assert.Equal(t, tc.hr, got)
		got, err = socialsvc.FormatDual(tc.m, socialsvc.EN)
		require.NoError(t, err)
		assert.Equal(t, tc.en, got)
	}

	_, err := socialsvc.FormatDual(socialsvc.Cents(100, "GBP"), socialsvc.HR)
	requireInvalid(t, err, "currency", "rate_required")
}

func TestOverlapsDualDisplay(t *testing.T) {
	d := socialsvc.MustDate
	cases := []struct {
		name       string
		start, end string
		want       bool
	}{
		{"2SoKroG", "2018-09-01", "2020-08-31", false},
		{"Centri zajednice", "2022-10-01", "2023-12-31", true},
		{"ends the day before", "2022-01-01", "2022-09-04", false},
		{"ends on the first day", "2022-01-01", "2022-09-05", true},
		{"starts on the last day", "2023-12-31", "2024-06-30", true},
		{"starts the day after", "2024-01-01", "2024-06-30", false},
		{"spans the window", "2020-01-01", "2025-12-31", true},
		{"inside", "2023-03-01", "2023-03-31", true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, socialsvc.OverlapsDualDisplay(d(tc.start), d(tc.end)), tc.name)
	}
	assert.Equal(t, "2022-09-05", socialsvc.DualDisplayStart.String())
	assert.Equal(t, "2023-12-31", socialsvc.DualDisplayEnd.String())
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]socialsvc.Lang{
		"hr": socialsvc.HR, "hr-HR": socialsvc.HR, "HR": socialsvc.HR,
		"en": socialsvc.EN, "en-GB": socialsvc.EN, "": socialsvc.EN, "h": socialsvc.EN, "de": socialsvc.EN,
		"sl": socialsvc.SL, "sl-SI": socialsvc.SL, "sr-Latn": socialsvc.SRLatn, "sr-RS": socialsvc.SRLatn,
		"sq": socialsvc.SQ, "sq-XK": socialsvc.SQ, "sl-SI,en;q=0.5": socialsvc.SL,
	} {
		assert.Equal(t, want, socialsvc.ParseLang(in), "%q", in)
	}
}
