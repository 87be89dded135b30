package socialsvc

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxRateFileSize bounds a rate file: a month of InforEuro is about
// 170 currencies (some 30 KB of JSON); ten years of a plain CSV of every
// currency stay far below this.
const MaxRateFileSize = 4 << 20

// maxRowErrors bounds the row errors reported for one file: enough to fix
// a file, not a copy of a wrong one.
const maxRowErrors = 50

// RateFile is a parsed rate file: the rates it holds and, for the
// Commission's files, the rows of currencies the library does not know
// (withdrawn codes such as LTL in older months), which are left out and
// listed rather than dropped silently.
type RateFile struct {
	Rates   []Rate       `json:"rates"`
	Ignored []IgnoredRow `json:"ignored,omitempty"`
}

// IgnoredRow is a row of a rate file that was left out, and why.
type IgnoredRow struct {
	Line     int    `json:"line"`
	Currency string `json:"currency"`
	Reason   string `json:"reason"`
}

// rowErrs collects row errors of one file.
type rowErrs struct{ fields []FieldError }

func (r *rowErrs) add(line int, field, rule, id string, args Args) {
	r.addField(NewFieldError(field, rule, id, args).AtRow(line))
}

func (r *rowErrs) addField(f FieldError) {
	if len(r.fields) < maxRowErrors {
		r.fields = append(r.fields, f)
	}
}

func (r *rowErrs) err(what string) error {
	if len(r.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: what + ": " + strconv.Itoa(len(r.fields)) + " bad rows (the first at line " + strconv.Itoa(r.fields[0].Row) + "); nothing was loaded", Fields: r.fields}
}

func readRateFile(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxRateFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxRateFileSize {
		return nil, FieldErr("file", "max", "err.file.max")
	}
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), nil
}

// parseRateValue parses a rate written with a decimal point or a decimal
// comma ("7.5345", "7,5345"), without grouping or exponent.
func parseRateValue(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.ContainsAny(s, "eE+_ ,") {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// ParseRatesCSV parses a plain rate table, one rate a line:
//
//	currency;month;rate
//	HRK;2019-02;7.4320
//	GBP;2021-05;0.8620
//
// separated by semicolons (or commas), with an optional header line, the
// rate with a decimal point or comma. Every rate gets source. It is
// strict: an unknown or euro currency, a bad month, an unbelievable rate
// (CheckRateBounds) or a currency and month given twice is a row error
// naming the line, and a file with any is refused as a whole.
func ParseRatesCSV(r io.Reader, source string) (RateFile, error) {
	if err := checkRateSource(source); err != nil {
		return RateFile{}, err
	}
	b, err := readRateFile(r)
	if err != nil {
		return RateFile{}, err
	}
	var errs rowErrs
	var out RateFile
	seen := map[rateKey]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), MaxRateFileSize)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		sep := ";"
		if !strings.Contains(text, ";") {
			sep = ","
		}
		cols := strings.Split(text, sep)
		for i := range cols {
			cols[i] = strings.TrimSpace(strings.Trim(strings.TrimSpace(cols[i]), `"`))
		}
		if len(out.Rates) == 0 && len(errs.fields) == 0 && len(cols) == 3 && strings.EqualFold(cols[0], "currency") {
			continue // the header
		}
		if len(cols) != 3 {
			errs.add(line, "", "columns", "err.columns", nil)
			continue
		}
		rate, ok := parseCSVRate(&errs, line, cols[0], cols[1], cols[2], source)
		if !ok {
			continue
		}
		k := rateKey{rate.Currency, rate.Month}
		if first, dup := seen[k]; dup {
			errs.add(line, "month", "duplicate", "err.month.duplicate", Args{"First": strconv.Itoa(first)})
			continue
		}
		seen[k] = line
		out.Rates = append(out.Rates, rate)
	}
	if err := sc.Err(); err != nil {
		return RateFile{}, FieldErr("file", "format", "err.file.format")
	}
	if err := errs.err("rate file"); err != nil {
		return RateFile{}, err
	}
	if len(out.Rates) == 0 {
		return RateFile{}, FieldErr("file", "required", "err.file.required_2")
	}
	return out, nil
}

func parseCSVRate(errs *rowErrs, line int, cur, month, value, source string) (Rate, bool) {
	ok := true
	c, err := ParseCurrency(cur)
	if err != nil || c == EUR {
		errs.add(line, "currency", "currency", "err.currency.currency_3", nil)
		ok = false
	}
	m, err := ParseMonth(month)
	if err != nil || m.Year < 1 || m.Year > 9999 {
		errs.add(line, "month", "month", "err.month.month_3", nil)
		ok = false
	}
	rate, valid := parseRateValue(value)
	if !valid {
		errs.add(line, "rate", "decimal", "err.rate.decimal", nil)
		return Rate{}, false
	}
	if ok {
		if err := CheckRateBounds("rate", c, rate); err != nil {
			for _, f := range ErrorFields(err) {
				errs.addField(f.AtRow(line))
			}
			return Rate{}, false
		}
	}
	return Rate{Currency: c, Month: m, Rate: rate, Source: source}, ok
}

func checkRateSource(source string) error {
	if strings.TrimSpace(source) == "" || len(source) > 200 {
		return FieldErr("source", "required", "err.source.required_2")
	}
	return nil
}

// InforEuroSource is the source recorded with rates loaded from the
// Commission's monthly file, followed by the month.
const InforEuroSource = "InforEuro"

// inforEuroRow is one row of the Commission's monthly rate list, as its
// public API returns it (GET
// https://ec.europa.eu/budg/inforeuro/api/public/monthly-rates?lang=EN&year=2023&month=1):
// a JSON array of {"country", "currency", "isoA3Code", "isoA2Code",
// "value", "comment"}, value being units of the currency per 1 EUR.
type inforEuroRow struct {
	Country   string      `json:"country"`
	Currency  string      `json:"currency"`
	IsoA3Code string      `json:"isoA3Code"`
	IsoA2Code string      `json:"isoA2Code"`
	Value     json.Number `json:"value"`
	Comment   string      `json:"comment"`
}

// ParseInforEuro parses the Commission's monthly accounting rates of
// month (InforEuro, Financial Regulation Art. 19): the monthly list as its
// public API and download give it, either
//
//   - JSON: an array of rows {"country", "currency", "isoA3Code",
//     "isoA2Code", "value", "comment"} (value: units per 1 EUR), or
//   - CSV: the same fields as columns, named in a header line (separated
//     by commas or semicolons, in any order; "ISO A3 Code" or "Code" for
//     the currency code and "Value" or "Rate" for the rate are accepted).
//
// The file holds one row per country, so a currency shared by several
// countries repeats; repeats must agree. Euro rows are skipped (the
// rate is 1). Rows of currencies the library does not know are listed in
// Ignored. Anything else wrong is a row error naming the line, and the
// file is refused as a whole. Every rate's source is "InforEuro YYYY-MM".
func ParseInforEuro(r io.Reader, month Month) (RateFile, error) {
	if month.Month < 1 || month.Month > 12 || month.Year < 1994 || month.Year > 9999 {
		return RateFile{}, FieldErr("month", "month", "err.month.month_4")
	}
	b, err := readRateFile(r)
	if err != nil {
		return RateFile{}, err
	}
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	var rows []inforEuroRow
	var lines []int
	var errs rowErrs
	if len(trimmed) > 0 && trimmed[0] == '[' {
		rows, lines, err = inforEuroJSON(b)
	} else {
		rows, lines, err = inforEuroCSV(b, &errs)
	}
	if err != nil {
		return RateFile{}, err
	}
	source := InforEuroSource + " " + month.String()
	var out RateFile
	first := map[Currency]int{}
	firstLine := map[Currency]int{}
	for i, row := range rows {
		line := lines[i]
		code := strings.ToUpper(strings.TrimSpace(row.IsoA3Code))
		c := Currency(code)
		if code == string(EUR) {
			continue
		}
		if !c.Valid() {
			if len(code) == 3 && strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
				out.Ignored = append(out.Ignored, IgnoredRow{Line: line, Currency: code, Reason: "not an ISO 4217 code the library knows"})
				continue
			}
			errs.add(line, "isoA3Code", "currency", "err.isoa3code.currency", nil)
			continue
		}
		rate, ok := parseRateValue(row.Value.String())
		if !ok {
			errs.add(line, "value", "decimal", "err.value.decimal", nil)
			continue
		}
		if err := CheckRateBounds("value", c, rate); err != nil {
			for _, f := range ErrorFields(err) {
				errs.addField(f.AtRow(line))
			}
			continue
		}
		if at, dup := first[c]; dup {
			prev := out.Rates[at]
			if !prev.Rate.Equal(rate) {
				errs.add(line, "value", "conflict", "err.value.conflict", Args{"Code": code, "Line": strconv.Itoa(firstLine[c])})
			}
			continue
		}
		first[c], firstLine[c] = len(out.Rates), line
		out.Rates = append(out.Rates, Rate{Currency: c, Month: month, Rate: rate, Source: source})
	}
	if err := errs.err("InforEuro file"); err != nil {
		return RateFile{}, err
	}
	if len(out.Rates) == 0 {
		return RateFile{}, FieldErr("file", "required", "err.file.required_2")
	}
	return out, nil
}

// inforEuroJSON decodes the array row by row, remembering the line each
// row starts on.
func inforEuroJSON(b []byte) ([]inforEuroRow, []int, error) {
	bad := FieldErr("file", "format", "err.file.format_2")
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, nil, bad
	}
	var rows []inforEuroRow
	var lines []int
	var errs rowErrs
	for dec.More() {
		off := dec.InputOffset()
		line := 1 + bytes.Count(b[:off], []byte("\n"))
		// The row starts after the separator that follows the offset.
		rest := b[off:]
		skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,"))
		line += bytes.Count(rest[:skip], []byte("\n"))
		var row inforEuroRow
		if err := dec.Decode(&row); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				errs.add(line, te.Field, "type", "err.type_5", nil)
				return nil, nil, errs.err("InforEuro file")
			}
			errs.add(line, "", "format", "err.format_2", nil)
			return nil, nil, errs.err("InforEuro file")
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, nil, bad
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, bad
	}
	return rows, lines, nil
}

// inforEuroCSV reads the CSV form: a header naming the columns, then rows.
func inforEuroCSV(b []byte, errs *rowErrs) ([]inforEuroRow, []int, error) {
	firstLine, _, _ := bytes.Cut(b, []byte("\n"))
	sep := ','
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		sep = ';'
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, FieldErr("file", "format", "err.file.format_3")
	}
	code, value := -1, -1
	for i, h := range header {
		switch strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return -1
		}, h) {
		case "isoa3code", "isoa3", "isocode", "code", "currencycode":
			code = i
		case "value", "rate", "amount":
			value = i
		}
	}
	if code < 0 || value < 0 {
		return nil, nil, FieldErr("file", "format", "err.file.format_4")
	}
	var rows []inforEuroRow
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.add(pe.Line, "", "format", "err.format_3", nil)
				return nil, nil, errs.err("InforEuro file")
			}
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if code >= len(rec) || value >= len(rec) {
			errs.add(line, "", "columns", "err.columns_2", nil)
			continue
		}
		rows = append(rows, inforEuroRow{IsoA3Code: rec[code], Value: json.Number(strings.TrimSpace(rec[value]))})
		lines = append(lines, line)
	}
	return rows, lines, nil
}
