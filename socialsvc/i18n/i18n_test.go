package i18n_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

func TestLanguages(t *testing.T) {
	assert.Equal(t, []i18n.Lang{i18n.HR, i18n.EN, i18n.SL, i18n.SRLatn, i18n.SQ}, i18n.Languages())
	l := i18n.Languages()
	l[0] = "xx"
	assert.Equal(t, i18n.HR, i18n.Languages()[0], "the caller's copy")
	names := map[i18n.Lang]string{}
	for _, l := range i18n.Languages() {
		names[l] = i18n.Name(l)
		assert.True(t, i18n.Shipped(l))
	}
	assert.Equal(t, map[i18n.Lang]string{"hr": "hrvatski", "en": "English", "sl": "slovenščina", "sr-Latn": "srpski (latinica)", "sq": "shqip"}, names)
	assert.False(t, i18n.Shipped("de"))
	assert.Equal(t, "de", i18n.Name("de"))
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want i18n.Lang
	}{
		{nil, i18n.EN},
		{[]string{""}, i18n.EN},
		{[]string{"hr"}, i18n.HR},
		{[]string{"HR-hr"}, i18n.HR},
		{[]string{"sl"}, i18n.SL},
		{[]string{"sl-SI"}, i18n.SL},
		{[]string{"sr-Latn"}, i18n.SRLatn},
		{[]string{"sr-Latn-RS"}, i18n.SRLatn},
		{[]string{"sr"}, i18n.SRLatn},
		{[]string{"sr-RS"}, i18n.SRLatn},
		{[]string{"sh"}, i18n.SRLatn},
		{[]string{"sq"}, i18n.SQ},
		{[]string{"sq-XK"}, i18n.SQ},
		{[]string{"en-US"}, i18n.EN},
		{[]string{"de"}, i18n.EN},
		{[]string{"not a tag"}, i18n.EN},
		{[]string{"sl-SI,sl;q=0.9,en;q=0.5"}, i18n.SL},
		{[]string{"de-DE,de;q=0.9,hr;q=0.8"}, i18n.HR},
		// ?lang= first, then the cookie, then Accept-Language.
		{[]string{"sq", "hr", "sl"}, i18n.SQ},
		{[]string{"", "hr", "sl"}, i18n.HR},
		{[]string{"", "", "sl-SI,en;q=0.1"}, i18n.SL},
		{[]string{"xx-invalid-", "sl"}, i18n.SL},
	} {
		assert.Equal(t, tc.want, i18n.Match(tc.in...), "%q", tc.in)
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"sl", "sr-Latn-RS", "sl-SI,en;q=0.5", "*", ";q=", "x-private"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		assert.True(t, i18n.Shipped(i18n.Match(s)))
	})
}

func TestFallback(t *testing.T) {
	assert.Equal(t, []i18n.Lang{"sl", "hr", "en"}, i18n.Fallback(i18n.SL, []i18n.Lang{i18n.HR, i18n.SL}))
	assert.Equal(t, []i18n.Lang{"en", "sl", "hr"}, i18n.Fallback(i18n.EN, []i18n.Lang{"sl", "hr"}))
	assert.Equal(t, []i18n.Lang{"sq", "en"}, i18n.Fallback(i18n.SQ, nil))
	assert.Equal(t, []i18n.Lang{"hr", "en"}, i18n.Fallback("", []i18n.Lang{"", "hr"}))
}

func TestPlurals(t *testing.T) {
	for _, tc := range []struct {
		lang  i18n.Lang
		id    string
		count int
		want  string
	}{
		{i18n.HR, "report.n_events", 1, "1 događaj"},
		{i18n.HR, "report.n_events", 2, "2 događaja"},
		{i18n.HR, "report.n_events", 5, "5 događaja"},
		{i18n.HR, "report.n_events", 21, "21 događaj"},
		{i18n.HR, "report.n_events", 1234, "1.234 događaja"},
		{i18n.EN, "report.n_expenditure_lines", 1, "1 expenditure line"},
		{i18n.EN, "report.n_expenditure_lines", 2, "2 expenditure lines"},
		{i18n.EN, "report.n_expenditure_lines", 0, "0 expenditure lines"},
		{i18n.EN, "report.n_expenditure_lines", 1234, "1,234 expenditure lines"},
		{i18n.SL, "report.n_events", 1, "1 dogodek"},
		{i18n.SL, "report.n_events", 2, "2 dogodka"},
		{i18n.SL, "report.n_events", 3, "3 dogodki"},
		{i18n.SL, "report.n_events", 4, "4 dogodki"},
		{i18n.SL, "report.n_events", 5, "5 dogodkov"},
		{i18n.SL, "report.n_events", 101, "101 dogodek"},
		{i18n.SL, "report.n_events", 102, "102 dogodka"},
		{i18n.SRLatn, "report.n_events", 1, "1 događaj"},
		{i18n.SRLatn, "report.n_events", 3, "3 događaja"},
		{i18n.SRLatn, "report.n_events", 11, "11 događaja"},
		{i18n.SRLatn, "report.n_expenditure_lines", 22, "22 stavke troška"},
		{i18n.SRLatn, "report.n_expenditure_lines", 25, "25 stavki troška"},
		{i18n.SQ, "report.n_expenditure_lines", 1, "1 zë shpenzimi"},
		{i18n.SQ, "report.n_expenditure_lines", 2, "2 zëra shpenzimesh"},
		{i18n.SQ, "report.n_expenditure_lines", 12345, "12\u00a0345 zëra shpenzimesh"},
		// A language that is not shipped reads the best match, else English.
		{"hr-HR", "report.n_events", 2, "2 događaja"},
		{"de", "report.n_events", 1, "1 event"},
	} {
		assert.Equal(t, tc.want, i18n.N(tc.lang, tc.id, tc.count), "%s %s %d", tc.lang, tc.id, tc.count)
	}
	assert.Equal(t, "2 dogodka", i18n.Nf(i18n.SL, "report.n_events", 2, map[string]any{"Other": "x"}))
}

func TestMissing(t *testing.T) {
	assert.Equal(t, "no.such.id", i18n.T(i18n.SL, "no.such.id"))
	assert.Equal(t, "no.such.id", i18n.Tf(i18n.SL, "no.such.id", nil))
	assert.Equal(t, "no.such.id", i18n.N(i18n.SL, "no.such.id", 3))
	assert.False(t, i18n.Has(i18n.SL, "no.such.id"))
	assert.True(t, i18n.Has(i18n.SL, "report.n_events"))
	assert.Contains(t, i18n.IDs(), "report.n_events")
}

const nb = "\u00a0"

func TestFormatCents(t *testing.T) {
	for _, tc := range []struct {
		lang  i18n.Lang
		cents int64
		cur   string
		want  string
	}{
		{i18n.SL, 123456789, "EUR", "1.234.567,89" + nb + "€"},
		{i18n.SL, -123456789, "EUR", "−1.234.567,89" + nb + "€"},
		{i18n.SL, 5, "EUR", "0,05" + nb + "€"},
		{i18n.SL, 0, "EUR", "0,00" + nb + "€"},
		{i18n.SL, 123456, "HRK", "1.234,56" + nb + "HRK"},
		{i18n.HR, 123456789, "EUR", "1.234.567,89" + nb + "€"},
		{i18n.HR, 425460906, "HRK", "4.254.609,06" + nb + "kn"},
		{i18n.HR, -1250, "EUR", "−12,50" + nb + "€"},
		{i18n.HR, 123456, "GBP", "1.234,56" + nb + "GBP"},
		{i18n.EN, 123456789, "EUR", "€1,234,567.89"},
		{i18n.EN, -123456789, "EUR", "-€1,234,567.89"},
		{i18n.EN, 425460906, "HRK", "HRK" + nb + "4,254,609.06"},
		{i18n.EN, 123456, "GBP", "£1,234.56"},
		{i18n.EN, 100, "USD", "US$1.00"},
		{i18n.EN, 99, "RSD", "RSD" + nb + "0.99"},
		{i18n.SRLatn, 123456789, "EUR", "1.234.567,89" + nb + "€"},
		{i18n.SRLatn, -123456789, "RSD", "-1.234.567,89" + nb + "RSD"},
		{i18n.SQ, 123456789, "EUR", "1" + nb + "234" + nb + "567,89" + nb + "€"},
		{i18n.SQ, 123456, "EUR", "1234,56" + nb + "€"},
		{i18n.SQ, 1234567, "ALL", "12" + nb + "345,67" + nb + "Lekë"},
		{i18n.SQ, -100, "EUR", "-1,00" + nb + "€"},
		{i18n.SL, math.MinInt64, "EUR", "−92.233.720.368.547.758,08" + nb + "€"},
		{i18n.EN, math.MaxInt64, "EUR", "€92,233,720,368,547,758.07"},
		{"de", 100, "EUR", "€1.00"},
	} {
		assert.Equal(t, tc.want, i18n.FormatCents(tc.lang, tc.cents, tc.cur), "%s %d %s", tc.lang, tc.cents, tc.cur)
	}
}

func TestFormatAmountInt(t *testing.T) {
	for _, tc := range []struct {
		lang        i18n.Lang
		n           int64
		amount, int string
	}{
		{i18n.HR, 123456789, "1.234.567,89", "123.456.789"},
		{i18n.HR, -123456, "−1.234,56", "−123.456"},
		{i18n.EN, 123456789, "1,234,567.89", "123,456,789"},
		{i18n.EN, -1, "-0.01", "-1"},
		{i18n.SL, 2018, "20,18", "2.018"},
		{i18n.SRLatn, 1234, "12,34", "1.234"},
		{i18n.SQ, 2018, "20,18", "2018"},
		{i18n.SQ, 12345, "123,45", "12" + nb + "345"},
		{i18n.SQ, 1234567, "12" + nb + "345,67", "1" + nb + "234" + nb + "567"},
		{i18n.EN, 0, "0.00", "0"},
	} {
		assert.Equal(t, tc.amount, i18n.FormatAmount(tc.lang, tc.n), "amount %s %d", tc.lang, tc.n)
		assert.Equal(t, tc.int, i18n.FormatInt(tc.lang, tc.n), "int %s %d", tc.lang, tc.n)
	}
}

func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		lang i18n.Lang
		y    int
		m    time.Month
		d    int
		want string
	}{
		{i18n.SL, 2023, time.December, 31, "31. 12. 2023"},
		{i18n.SL, 2024, time.January, 5, "5. 1. 2024"},
		{i18n.HR, 2023, time.December, 31, "31. 12. 2023."},
		{i18n.HR, 2024, time.January, 5, "05. 01. 2024."},
		{i18n.EN, 2023, time.December, 31, "31/12/2023"},
		{i18n.EN, 2024, time.January, 5, "05/01/2024"},
		{i18n.SRLatn, 2023, time.December, 31, "31. 12. 2023."},
		{i18n.SRLatn, 2024, time.January, 5, "5. 1. 2024."},
		{i18n.SQ, 2023, time.December, 31, "31.12.2023"},
		{i18n.SQ, 2024, time.January, 5, "5.1.2024"},
		{"xx", 2024, time.January, 5, "05/01/2024"},
	} {
		assert.Equal(t, tc.want, i18n.FormatDate(tc.lang, tc.y, tc.m, tc.d), "%s", tc.lang)
	}
}

// The spreadsheet date format follows the same CLDR pattern as
// FormatDate: same field widths, same literals, the year in full.
func TestExcelDateFormat(t *testing.T) {
	for lang, want := range map[i18n.Lang]string{
		i18n.SL:     "d. m. yyyy",
		i18n.HR:     "dd. mm. yyyy.",
		i18n.EN:     `dd\/mm\/yyyy`,
		i18n.SRLatn: "d. m. yyyy.",
		i18n.SQ:     "d.m.yyyy",
		"xx":        `dd\/mm\/yyyy`,
	} {
		assert.Equal(t, want, i18n.ExcelDateFormat(lang), "%s", lang)
	}
}

func BenchmarkFormatCents(b *testing.B) {
	for b.Loop() {
		i18n.FormatCents(i18n.SL, 123456789, "EUR")
	}
}

func BenchmarkN(b *testing.B) {
	for b.Loop() {
		i18n.N(i18n.HR, "report.n_events", 5)
	}
}

func TestFormatDecimalPercent(t *testing.T) {
	for _, tc := range []struct {
		lang             i18n.Lang
		in, dec, percent string
	}{
		{i18n.HR, "85.50", "85,50", "85,50" + nb + "%"},
		{i18n.HR, "-1234.5", "−1.234,5", "−1.234,5" + nb + "%"},
		{i18n.SL, "1234567", "1.234.567", "1.234.567" + nb + "%"},
		{i18n.EN, "85.50", "85.50", "85.50%"},
		{i18n.EN, "-0.25", "-0.25", "-0.25%"},
		{i18n.SRLatn, "100.00", "100,00", "100,00%"},
		{i18n.SQ, "1234.5", "1234,5", "1234,5%"},
		{i18n.SQ, "12345.5", "12" + nb + "345,5", "12" + nb + "345,5%"},
		{i18n.EN, "not a number", "not a number", "not a number"},
		{i18n.EN, "1.", "1.", "1."},
		{i18n.EN, "", "", ""},
		{i18n.EN, "123456789012345678901234", "123456789012345678901234", "123456789012345678901234"},
	} {
		assert.Equal(t, tc.dec, i18n.FormatDecimal(tc.lang, tc.in), "decimal %s %q", tc.lang, tc.in)
		assert.Equal(t, tc.percent, i18n.FormatPercent(tc.lang, tc.in), "percent %s %q", tc.lang, tc.in)
	}
	assert.Equal(t, ",", i18n.DecimalSeparator(i18n.SL))
	assert.Equal(t, ".", i18n.DecimalSeparator(i18n.EN))
	assert.Equal(t, "kn", i18n.CurrencySymbol(i18n.HR, "HRK"))
	assert.Equal(t, "HRK", i18n.CurrencySymbol(i18n.EN, "HRK"))
}
