package socialsvc

import (
	"strconv"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// Lang selects the language of labels and of number and date formats: a
// BCP 47 tag, one of i18n.Languages for the texts the library writes.
type Lang = i18n.Lang

// The languages the library ships (see package i18n).
const (
	HR     = i18n.HR
	EN     = i18n.EN
	SL     = i18n.SL
	SRLatn = i18n.SRLatn
	SQ     = i18n.SQ
)

// ParseLang returns the shipped language that best matches s, a tag
// ("sl", "hr-HR", "sr-Latn-RS") or an Accept-Language header, and English
// for anything else (i18n.Match).
func ParseLang(s string) Lang { return i18n.Match(s) }

// groupDigits writes the integer part of cents with a thousands separator
// and the two decimals after dec.
func groupDigits(cents int64, thousands, dec byte) string {
	u := uint64(cents)
	neg := cents < 0
	if neg {
		u = uint64(-cents)
	}
	whole := strconv.FormatUint(u/100, 10)
	b := make([]byte, 0, len(whole)+len(whole)/3+4)
	if neg {
		b = append(b, '-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, thousands)
		}
		b = append(b, whole[i])
	}
	frac := u % 100
	return string(append(b, dec, byte('0'+frac/10), byte('0'+frac%10)))
}

// FormatNumberHR writes cents as "1.234.567,89".
func FormatNumberHR(cents int64) string { return groupDigits(cents, '.', ',') }

// FormatNumberEN writes cents as "1,234,567.89".
func FormatNumberEN(cents int64) string { return groupDigits(cents, ',', '.') }

// Format writes m for people reading lang:
//
//	hr: 1.234.567,89 €   4.254.609,06 kn   1.234,56 GBP
//	en: €1,234,567.89    HRK 4,254,609.06  GBP 1,234.56
//
// Other languages get their CLDR currency format (i18n.FormatCents):
// sl "1.234.567,89 €".
func (m Money) Format(lang Lang) string {
	if lang != HR && lang != EN && i18n.Shipped(lang) {
		return i18n.FormatCents(lang, m.cents, string(m.cur))
	}
	if lang == HR {
		n := FormatNumberHR(m.cents)
		switch m.cur {
		case EUR:
			return n + " €"
		case HRK:
			return n + " kn"
		}
		return n + " " + string(m.cur)
	}
	n := FormatNumberEN(m.cents)
	sign := ""
	if m.cents < 0 {
		sign, n = "-", n[1:]
	}
	if m.cur == EUR {
		return sign + "€" + n
	}
	return sign + string(m.cur) + " " + n
}

// FormatDual writes a euro amount with its kuna equivalent at the fixed
// rate, as Croatian law required for prices from 5.9.2022 to 31.12.2023:
// "1.234,56 € / 9.301,79 kn". m must be EUR or HRK; the other side is
// converted with the fixed rate.
func FormatDual(m Money, lang Lang) (string, error) {
	eur, err := m.ToEUR()
	if err != nil {
		return "", err
	}
	hrk, err := m.ToHRK()
	if err != nil {
		return "", err
	}
	return eur.Format(lang) + " / " + hrk.Format(lang), nil
}

// DualDisplayStart and DualDisplayEnd bound the period in which Croatian
// law required prices in both euro and kuna.
var (
	DualDisplayStart = Date{2022, time.September, 5}
	DualDisplayEnd   = Date{2023, time.December, 31}
)

// OverlapsDualDisplay reports whether the period start..end overlaps the
// dual-display period, so that reports for it show both currencies.
func OverlapsDualDisplay(start, end Date) bool {
	return !end.Before(DualDisplayStart) && !start.After(DualDisplayEnd)
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Format writes d as "31.12.2023." (hr) or "31 Dec 2023" (en), and in
// other languages by their CLDR numeric date pattern (i18n.FormatDate):
// sl "31. 12. 2023".
func (d Date) Format(lang Lang) string {
	if d.IsZero() {
		return ""
	}
	if lang != HR && lang != EN && i18n.Shipped(lang) {
		return i18n.FormatDate(lang, d.Year, d.Month, d.Day)
	}
	if lang == HR {
		return strconv.Itoa(d.Day) + "." + strconv.Itoa(int(d.Month)) + "." + strconv.Itoa(d.Year) + "."
	}
	if d.Month < 1 || d.Month > 12 {
		return d.String()
	}
	return strconv.Itoa(d.Day) + " " + monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
}
