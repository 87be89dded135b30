package report

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// CellKind says what a cell holds, so that each renderer can store it the
// way its format wants: a number with a currency format in XLSX, an
// amount with a decimal comma in a Croatian CSV, Money.Format in HTML.
type CellKind uint8

// Cell kinds.
const (
	// CellEmpty is a blank cell (no value applies, e.g. absorption of a
	// zero budget).
	CellEmpty CellKind = iota
	// CellText is text.
	CellText
	// CellMoney is an amount of money.
	CellMoney
	// CellInt is a count.
	CellInt
	// CellDecimal is an exact decimal (indicator values, rates).
	CellDecimal
	// CellPercent is a percentage: Dec holds 85.5 for 85.5 %.
	CellPercent
	// CellDate is a calendar date.
	CellDate
	// CellSuppressed is a count withheld by the disclosure control; it
	// carries no value at all, only its mark in Text: "<5" (1 to 4
	// people) or "x" (withheld to protect other cells).
	CellSuppressed
	// CellYear is a calendar year in Int: a number that names rather
	// than counts, so no format groups its digits (2018, never 2.018).
	CellYear
)

// String names the kind (as used in JSON of tables).
func (k CellKind) String() string {
	switch k {
	case CellText:
		return "text"
	case CellMoney:
		return "money"
	case CellInt:
		return "int"
	case CellDecimal:
		return "decimal"
	case CellPercent:
		return "percent"
	case CellDate:
		return "date"
	case CellSuppressed:
		return "suppressed"
	case CellYear:
		return "year"
	}
	return "empty"
}

// SuppressedText is how a count of 1 to 4 people is shown in every
// format.
const SuppressedText = "<5"

// Cell is one typed value of a Table. Only the field that matches Kind is
// meaningful.
type Cell struct {
	Kind  CellKind
	Text  string
	Money socialsvc.Money
	Int   int64
	Dec   decimal.Decimal
	Date  socialsvc.Date
}

// Cell constructors keep table-building code short.

// TextCell returns a text cell.
func TextCell(s string) Cell { return Cell{Kind: CellText, Text: s} }

// MoneyCell returns a money cell.
func MoneyCell(m socialsvc.Money) Cell { return Cell{Kind: CellMoney, Money: m} }

// IntCell returns a count cell.
func IntCell(n int64) Cell { return Cell{Kind: CellInt, Int: n} }

// YearCell returns a calendar-year cell.
func YearCell(y int) Cell { return Cell{Kind: CellYear, Int: int64(y)} }

// DecimalCell returns a decimal cell.
func DecimalCell(d decimal.Decimal) Cell { return Cell{Kind: CellDecimal, Dec: d} }

// PercentCell returns a percentage cell (85.5 means 85.5 %).
func PercentCell(d decimal.Decimal) Cell { return Cell{Kind: CellPercent, Dec: d} }

// DateCell returns a date cell; the zero date gives an empty cell.
func DateCell(d socialsvc.Date) Cell {
	if d.IsZero() {
		return Cell{}
	}
	return Cell{Kind: CellDate, Date: d}
}

// CountCell returns the published form of a count: a number, or its
// mark (SuppressedText or WithheldText).
func CountCell(c Count) Cell {
	if c.Suppressed {
		return Cell{Kind: CellSuppressed, Text: c.display()}
	}
	return IntCell(c.Value)
}

// mark returns the text of a suppressed cell.
func (c Cell) mark() string {
	if c.Text != "" {
		return c.Text
	}
	return SuppressedText
}

func optPercent(p *decimal.Decimal) Cell {
	if p == nil {
		return Cell{}
	}
	return PercentCell(*p)
}

func optDecimal(p *decimal.Decimal) Cell {
	if p == nil {
		return Cell{}
	}
	return DecimalCell(*p)
}

func optMoney(p *socialsvc.Money) Cell {
	if p == nil {
		return Cell{}
	}
	return MoneyCell(*p)
}

// Column describes a column of a Table.
type Column struct {
	// Key is a stable snake_case name (for CSV consumers and tests).
	Key string
	// Label is the heading in the table's language.
	Label string
	// Kind is the kind of the column's cells (suppressed and empty cells
	// may appear in any column).
	Kind CellKind
	// Currency is the currency of a money column whose cells are all in
	// one currency; renderers put it in the heading. Empty for columns of
	// mixed currencies, which sit beside a currency column.
	Currency socialsvc.Currency
}

// Row is a row of a Table. Total marks subtotal and total rows, which
// renderers set in bold.
type Row struct {
	Cells []Cell
	Total bool
}

// Table is one section of a report as typed cells: the shape that the CSV,
// XLSX and HTML renderers share, so that there is one renderer per format
// rather than one per report and format.
type Table struct {
	// ID is a stable snake_case identifier of the section.
	ID string
	// Title is the caption in the table's language.
	Title string
	// Columns describe the cells of each row.
	Columns []Column
	// RowHeaders is the number of leading columns that label the row
	// (HTML renders them as <th scope="row">).
	RowHeaders int
	Rows       []Row
	// Notes are explanations shown under the table.
	Notes []string
}

// ChartKind selects how a chart is drawn.
type ChartKind string

// Chart kinds.
const (
	// ChartBars draws horizontal bars, one group per item and one bar per
	// series (budget and spent per partner).
	ChartBars ChartKind = "bars"
	// ChartProgress draws one bar per item as a share of its target (0 to
	// 100 %, longer values capped and labelled).
	ChartProgress ChartKind = "progress"
)

// Chart is a simple bar chart that the HTML renderer draws as inline SVG.
// Values are integers (cents or counts) so that no money passes through a
// float; the renderer scales them with integer arithmetic.
type Chart struct {
	ID     string
	Title  string
	Kind   ChartKind
	Series []string
	Items  []ChartItem
}

// ChartItem is one labelled group of bars.
type ChartItem struct {
	Label string
	Bars  []ChartBar
}

// ChartBar is one bar. Display is the value as shown beside the bar.
// A suppressed bar has no length and shows SuppressedText. For progress
// charts Value and Max are the achieved value and the target, scaled to
// integers alike.
type ChartBar struct {
	Value      int64
	Max        int64
	Display    string
	Suppressed bool
}

// formatInt writes n with thousands grouping for lang.
func formatInt(n int64, lang socialsvc.Lang) string {
	s := socialsvc.FormatNumberEN(n * 100)
	s = s[:len(s)-3]
	if lang == socialsvc.HR {
		s = strings.ReplaceAll(s, ",", ".")
	}
	return s
}

// formatDecimal writes d for people: grouped integer part and the
// decimal separator of lang.
func formatDecimal(d decimal.Decimal, lang socialsvc.Lang) string {
	return formatDecimalString(d.String(), lang)
}

// formatDecimalString regroups a plain decimal string ("-1234.5") for
// lang; trailing zeros are kept as given.
func formatDecimalString(s string, lang socialsvc.Lang) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	sep, dec := ",", "."
	if lang == socialsvc.HR {
		sep, dec = ".", ","
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// formatPercent writes a percentage with two decimals: "85,50 %" or
// "85.50%".
func formatPercent(d decimal.Decimal, lang socialsvc.Lang) string {
	s := formatDecimalString(d.StringFixed(2), lang)
	if lang == socialsvc.HR {
		return s + " %"
	}
	return s + "%"
}

// DisplayText returns the cell as people read it in lang: Money.Format,
// Date.Format, grouped numbers, "<5" or "x" for withheld counts.
func (c Cell) DisplayText(lang socialsvc.Lang) string {
	switch c.Kind {
	case CellText:
		return c.Text
	case CellMoney:
		return c.Money.Format(lang)
	case CellInt:
		return formatInt(c.Int, lang)
	case CellYear:
		return strconv.FormatInt(c.Int, 10)
	case CellDecimal:
		return formatDecimal(c.Dec, lang)
	case CellPercent:
		return formatPercent(c.Dec, lang)
	case CellDate:
		return c.Date.Format(lang)
	case CellSuppressed:
		return c.mark()
	}
	return ""
}

// plainText returns the cell for data files: numbers without grouping,
// the decimal separator dec, ISO dates unless hrDates.
func (c Cell) plainText(dec byte, hrDates bool) string {
	switch c.Kind {
	case CellText:
		return c.Text // the CSV writer neutralises formulas (tabular.SafeCell)
	case CellMoney:
		return withDec(c.Money.AmountString(), dec)
	case CellInt, CellYear:
		return strconv.FormatInt(c.Int, 10)
	case CellDecimal:
		return withDec(c.Dec.String(), dec)
	case CellPercent:
		return withDec(c.Dec.StringFixed(2), dec)
	case CellDate:
		if hrDates {
			return c.Date.Format(socialsvc.HR)
		}
		return c.Date.String()
	case CellSuppressed:
		return c.mark()
	}
	return ""
}

func withDec(s string, dec byte) string {
	if dec == '.' {
		return s
	}
	return strings.Replace(s, ".", string(dec), 1)
}

// addLegend puts under t the meaning of each mark its cells use.
func (t *Table) addLegend(lang socialsvc.Lang) {
	var lt5, x bool
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if c.Kind == CellSuppressed {
				lt5 = lt5 || c.mark() == SuppressedText
				x = x || c.mark() == WithheldText
			}
		}
	}
	if lt5 {
		t.Notes = append(t.Notes, tr(lang, "legend_lt5"))
	}
	if x {
		t.Notes = append(t.Notes, tr(lang, "legend_x"))
	}
}
