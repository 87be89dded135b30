package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ../../internal/cldrgen -dir .

// locale is one locale/<tag>.json file (written by internal/cldrgen) with
// its patterns parsed.
type locale struct {
	Tag             string            `json:"tag"`
	CLDR            string            `json:"cldr"`
	CLDRVersion     string            `json:"cldrVersion"`
	Name            string            `json:"name"`
	Decimal         string            `json:"decimal"`
	Group           string            `json:"group"`
	Minus           string            `json:"minus"`
	MinimumGrouping int               `json:"minimumGroupingDigits"`
	DecimalPattern  string            `json:"decimalPattern"`
	CurrencyPattern string            `json:"currencyPattern"`
	CurrencyAlpha   string            `json:"currencyPatternAlphaNextToNumber"`
	CurrencySpacing string            `json:"currencySpacing"`
	PercentPattern  string            `json:"percentPattern"`
	PercentSign     string            `json:"percentSign"`
	DateYMd         string            `json:"dateYMd"`
	CurrencySymbols map[string]string `json:"currencySymbols"`

	decimal, currency, currencyAlpha, percent numberPattern
	date                                      []dateField
}

func parseLocale(r io.Reader) (*locale, error) {
	var l locale
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, err
	}
	if l.Decimal == "" || l.Group == "" || l.Minus == "" || l.MinimumGrouping < 1 {
		return nil, errors.New("missing number symbols")
	}
	var err error
	if l.decimal, err = parseNumberPattern(l.DecimalPattern); err != nil {
		return nil, err
	}
	if l.currency, err = parseNumberPattern(l.CurrencyPattern); err != nil {
		return nil, err
	}
	if l.CurrencyAlpha != "" {
		if l.currencyAlpha, err = parseNumberPattern(l.CurrencyAlpha); err != nil {
			return nil, err
		}
	}
	if l.percent, err = parseNumberPattern(l.PercentPattern); err != nil {
		return nil, err
	}
	if !strings.Contains(l.percent.prefix+l.percent.suffix, "%") || l.PercentSign == "" {
		return nil, errors.New("percent pattern without %")
	}
	if l.date, err = parseDatePattern(l.DateYMd); err != nil {
		return nil, err
	}
	return &l, nil
}

// numberPattern is a CLDR number pattern ("#,##0.00 ¤") taken apart:
// literal text around the number, and the grouping sizes.
type numberPattern struct {
	prefix, suffix       string // positive
	negPrefix, negSuffix string // explicit negative subpattern, if any
	hasNeg               bool
	primary, secondary   int // group sizes; 0 means no grouping
}

func parseNumberPattern(p string) (numberPattern, error) {
	var np numberPattern
	pos, neg, hasNeg := strings.Cut(p, ";")
	var err error
	var numPart string
	if np.prefix, numPart, np.suffix, err = splitPattern(pos); err != nil {
		return np, fmt.Errorf("pattern %q: %w", p, err)
	}
	if hasNeg {
		np.hasNeg = true
		if np.negPrefix, _, np.negSuffix, err = splitPattern(neg); err != nil {
			return np, fmt.Errorf("pattern %q: %w", p, err)
		}
	}
	intPart, _, _ := strings.Cut(numPart, ".")
	if i := strings.LastIndexByte(intPart, ','); i >= 0 {
		np.primary = len(intPart) - i - 1
		np.secondary = np.primary
		if j := strings.LastIndexByte(intPart[:i], ','); j >= 0 {
			np.secondary = i - j - 1
		}
		if np.primary == 0 || np.secondary == 0 {
			return np, fmt.Errorf("pattern %q: empty group", p)
		}
	}
	return np, nil
}

// splitPattern cuts a subpattern into the text before the number, the
// number ("#,##0.00") and the text after it.
func splitPattern(p string) (prefix, num, suffix string, err error) {
	start := strings.IndexAny(p, "#0,.")
	end := strings.LastIndexAny(p, "#0,.")
	if start < 0 {
		return "", "", "", errors.New("no number")
	}
	return p[:start], p[start : end+1], p[end+1:], nil
}

// loc returns the locale data of lang, English for a language that is not
// shipped.
func loc(lang Lang) *locale {
	if l, ok := locales[lang]; ok {
		return l
	}
	if l, ok := locales[Match(string(lang))]; ok {
		return l
	}
	return locales[EN]
}

// digits writes the decimal digits of u grouped by the pattern's sizes and
// the locale's minimum grouping.
func (l *locale) digits(b []byte, u uint64, p numberPattern) []byte {
	var buf [20]byte
	s := strconv.AppendUint(buf[:0], u, 10)
	if p.primary == 0 || len(s) < p.primary+l.MinimumGrouping {
		return append(b, s...)
	}
	// Positions (counted from the right) after which a group separator
	// goes: primary, then every secondary.
	n := len(s)
	for i := 0; i < n; i++ {
		if i > 0 {
			right := n - i
			if right == p.primary || right > p.primary && (right-p.primary)%p.secondary == 0 {
				b = append(b, l.Group...)
			}
		}
		b = append(b, s[i])
	}
	return b
}

// abs returns |n| as uint64, exact also for math.MinInt64.
func abs(n int64) uint64 {
	if n < 0 {
		return uint64(^n) + 1
	}
	return uint64(n)
}

// FormatInt writes n in lang's digits: sl "1.234.567", sq "1 234 567"
// (U+00A0) but "1234" (Albanian groups only from five digits), en
// "1,234,567".
func FormatInt(lang Lang, n int64) string {
	l := loc(lang)
	b := make([]byte, 0, 32)
	if n < 0 {
		b = append(b, l.Minus...)
	}
	return string(l.digits(b, abs(n), l.decimal))
}

// amount writes |cents| as a number with two decimals.
func (l *locale) amount(b []byte, cents int64, p numberPattern) []byte {
	u := abs(cents)
	b = l.digits(b, u/100, p)
	b = append(b, l.Decimal...)
	return append(b, byte('0'+u%100/10), byte('0'+u%10))
}

// FormatAmount writes an amount in cents as a number with two decimals and
// no currency, for tables whose heading names the currency: sl
// "1.234.567,89", en "1,234,567.89", hr "−12,50".
func FormatAmount(lang Lang, cents int64) string {
	l := loc(lang)
	b := make([]byte, 0, 32)
	if cents < 0 {
		b = append(b, l.Minus...)
	}
	return string(l.amount(b, cents, l.decimal))
}

// FormatDecimal writes a plain decimal number ("-1234.5", as
// decimal.Decimal's String gives it) in lang's digits, keeping its
// decimals as given: sl "−1.234,5", en "-1,234.5", sq "1234,5". A string
// that is not such a number is returned unchanged.
func FormatDecimal(lang Lang, plain string) string {
	l := loc(lang)
	neg, intPart, frac, ok := splitPlain(plain)
	if !ok {
		return plain
	}
	return string(l.plain(nil, neg, intPart, frac, l.decimal))
}

// FormatPercent writes a percentage given as a plain decimal number of
// percent ("85.50" for 85.50 %) by lang's CLDR percent pattern, keeping
// its decimals: hr and sl "85,50 %" (U+00A0), en "85.50%". A string that
// is not such a number is returned unchanged.
func FormatPercent(lang Lang, plain string) string {
	l := loc(lang)
	neg, intPart, frac, ok := splitPlain(plain)
	if !ok {
		return plain
	}
	p := l.percent
	var b []byte
	if neg {
		if p.hasNeg {
			b = append(b, strings.ReplaceAll(strings.ReplaceAll(p.negPrefix, "-", l.Minus), "%", l.PercentSign)...)
			b = l.plain(b, false, intPart, frac, p)
			return string(append(b, strings.ReplaceAll(p.negSuffix, "%", l.PercentSign)...))
		}
		b = append(b, l.Minus...)
	}
	b = append(b, strings.ReplaceAll(p.prefix, "%", l.PercentSign)...)
	b = l.plain(b, false, intPart, frac, p)
	return string(append(b, strings.ReplaceAll(p.suffix, "%", l.PercentSign)...))
}

// splitPlain takes "-1234.50" apart; ok is false unless it is an optional
// minus, digits, and optionally a point and digits.
func splitPlain(s string) (neg bool, intPart, frac string, ok bool) {
	if neg = strings.HasPrefix(s, "-"); neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || hasFrac && frac == "" || !allDigits(intPart) || !allDigits(frac) || len(intPart) > 19 {
		return false, "", "", false
	}
	return neg, intPart, frac, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// plain writes a number given as digit strings, grouped by p.
func (l *locale) plain(b []byte, neg bool, intPart, frac string, p numberPattern) []byte {
	if neg {
		b = append(b, l.Minus...)
	}
	u, err := strconv.ParseUint(intPart, 10, 64)
	if err != nil {
		b = append(b, intPart...)
	} else {
		b = l.digits(b, u, p)
	}
	if frac != "" {
		b = append(b, l.Decimal...)
		b = append(b, frac...)
	}
	return b
}

// DecimalSeparator returns lang's decimal symbol ("," in hr, sl, sr-Latn
// and sq, "." in en), for data files that write plain numbers.
func DecimalSeparator(lang Lang) string { return loc(lang).Decimal }

// CurrencySymbol returns the symbol lang writes for an ISO 4217 code ("€"
// for EUR everywhere, "kn" for HRK in hr, "£" for GBP in en), or the code
// itself where CLDR gives none.
func CurrencySymbol(lang Lang, currency string) string {
	if s, ok := loc(lang).CurrencySymbols[currency]; ok {
		return s
	}
	return currency
}

// FormatCents writes an amount in cents of an ISO 4217 currency as lang's
// readers write money, by CLDR's currency pattern and symbols: sl and hr
// "1.234.567,89 €", en "€1,234,567.89" and "HRK 4,254,609.06", sq
// "1 234 567,89 €". Spaces are CLDR's U+00A0.
func FormatCents(lang Lang, cents int64, currency string) string {
	l := loc(lang)
	sym := CurrencySymbol(lang, currency)
	p := l.currency
	before, after := strings.Contains(p.prefix, "¤"), strings.Contains(p.suffix, "¤")
	// CLDR's currency spacing: a symbol whose letter next to the digits is
	// neither a symbol nor a space ("HRK", "kn") is kept apart from them,
	// by the alphaNextToNumber pattern where the locale has one, else by
	// inserting currencySpacing.
	alpha := false
	if before && strings.HasSuffix(p.prefix, "¤") {
		r, _ := utf8.DecodeLastRuneInString(sym)
		alpha = spaced(r)
	} else if after && strings.HasPrefix(p.suffix, "¤") {
		r, _ := utf8.DecodeRuneInString(sym)
		alpha = spaced(r)
	}
	prefix, suffix := p.prefix, p.suffix
	if alpha {
		if l.CurrencyAlpha != "" {
			p = l.currencyAlpha
			prefix, suffix = p.prefix, p.suffix
		} else if strings.HasSuffix(prefix, "¤") {
			prefix += l.CurrencySpacing
		} else {
			suffix = l.CurrencySpacing + suffix
		}
	}
	b := make([]byte, 0, 40)
	if cents < 0 {
		if p.hasNeg {
			prefix, suffix = p.negPrefix, p.negSuffix
			prefix = strings.ReplaceAll(prefix, "-", l.Minus)
		} else {
			b = append(b, l.Minus...)
		}
	}
	b = append(b, strings.ReplaceAll(prefix, "¤", sym)...)
	b = l.amount(b, cents, p)
	b = append(b, strings.ReplaceAll(suffix, "¤", sym)...)
	return string(b)
}

// spaced reports whether r matches CLDR's currencyMatch [[:^S:]&[:^Z:]].
func spaced(r rune) bool {
	return r != utf8.RuneError && !unicode.IsSymbol(r) && !unicode.In(r, unicode.Z)
}

// dateField is one part of a date pattern: a literal, or a day, month or
// year field with its width.
type dateField struct {
	kind  byte // 0 literal, 'd', 'M', 'y'
	width int
	text  string
}

func parseDatePattern(p string) ([]dateField, error) {
	var fs []dateField
	lit := func(s string) {
		if n := len(fs); n > 0 && fs[n-1].kind == 0 {
			fs[n-1].text += s
			return
		}
		fs = append(fs, dateField{text: s})
	}
	seen := map[byte]bool{}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("date pattern %q: unterminated quote", p)
			}
			if j == 0 {
				lit("'")
			} else {
				lit(p[i+1 : i+1+j])
			}
			i += j + 2
		case c == 'd' || c == 'M' || c == 'y':
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			if seen[c] || (c != 'y' && j-i > 2) {
				return nil, fmt.Errorf("date pattern %q: field %q not supported", p, p[i:j])
			}
			seen[c] = true
			fs = append(fs, dateField{kind: c, width: j - i})
			i = j
		case c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'):
			return nil, fmt.Errorf("date pattern %q: field %q not supported", p, string(c))
		default:
			_, size := utf8.DecodeRuneInString(p[i:])
			lit(p[i : i+size])
			i += size
		}
	}
	if !seen['d'] || !seen['M'] || !seen['y'] {
		return nil, fmt.Errorf("date pattern %q: want day, month and year", p)
	}
	return fs, nil
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// FormatDate writes a calendar date by lang's CLDR numeric date pattern
// (yMd): sl "31. 12. 2023", hr "31. 12. 2023.", en "31/12/2023", sq
// "31.12.2023". The arguments are written as given, not normalised.
func FormatDate(lang Lang, y int, m time.Month, d int) string {
	l := loc(lang)
	b := make([]byte, 0, 16)
	for _, f := range l.date {
		switch f.kind {
		case 0:
			b = append(b, f.text...)
		case 'd':
			b = appendPadded(b, d, f.width)
		case 'M':
			b = appendPadded(b, int(m), f.width)
		case 'y':
			if f.width == 2 {
				b = appendPadded(b, (y%100+100)%100, 2)
			} else {
				b = appendPadded(b, y, f.width)
			}
		}
	}
	return string(b)
}

// ExcelDateFormat is lang's CLDR numeric date pattern (the one FormatDate
// writes) as a spreadsheet number format code: sl "d. m. yyyy", hr
// "dd. mm. yyyy.", sq "d.m.yyyy", en `dd\/mm\/yyyy`. A one-letter year
// in CLDR is the full year, so y becomes yyyy. Literal text other than
// spaces, dots, commas and hyphens is escaped with a backslash, so that
// a "/" stays a slash instead of becoming the date separator of the
// reader's spreadsheet settings.
func ExcelDateFormat(lang Lang) string {
	l := loc(lang)
	var b strings.Builder
	for _, f := range l.date {
		switch f.kind {
		case 0:
			for _, r := range f.text {
				switch r {
				case ' ', '.', ',', '-':
				default:
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
		case 'd':
			b.WriteString(strings.Repeat("d", f.width))
		case 'M':
			b.WriteString(strings.Repeat("m", f.width))
		case 'y':
			if f.width == 2 {
				b.WriteString("yy")
			} else {
				b.WriteString("yyyy")
			}
		}
	}
	return b.String()
}
