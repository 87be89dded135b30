package report

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// WriteXLSX writes the report as an Excel workbook: an info sheet with
// the header, notes and warnings (its first row the confidential mark of
// a report with exact counts), then one sheet per table. Sheets have
// short names per table and language (at most Excel's 31 characters,
// never cut inside a word, unique in the workbook). Every table sheet
// has an autofilter over its header and rows, and a frozen header row;
// column widths fit their contents. Numbers are stored as numbers,
// never as text: amounts with a currency format, counts grouped without
// decimals (#,##0), years ungrouped (0), percentages with a percent
// format, dates as dates; withheld counts keep their marks ("<5", "x")
// as text. Sheets are written with excelize's StreamWriter, so a large
// table does not build a cell tree in memory.
func WriteXLSX(w io.Writer, rep Report, lang socialsvc.Lang) error {
	lang = socialsvc.ParseLang(string(lang))
	f := excelize.NewFile()
	defer f.Close()
	st := &xlsxStyles{f: f, money: map[styleKey]int{}}
	h := rep.ReportHeader()
	names := map[string]bool{}

	info := sheetName(sheetLabel(lang, "info"), names)
	if err := f.SetSheetName("Sheet1", info); err != nil {
		return err
	}
	if err := writeInfoSheet(f, st, info, h, lang); err != nil {
		return err
	}
	for _, t := range rep.Tables(lang) {
		name := sheetName(tableSheetName(lang, h.Kind, t), names)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeTableSheet(f, st, name, t, lang); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

type styleKey struct {
	kind CellKind
	cur  socialsvc.Currency
	lang socialsvc.Lang // dates only: the format follows the language
	bold bool
}

// xlsxStyles creates each number style once per workbook.
type xlsxStyles struct {
	f     *excelize.File
	money map[styleKey]int
}

func currencyFormat(c socialsvc.Currency) string {
	switch c {
	case socialsvc.EUR:
		return `#,##0.00\ "€";-#,##0.00\ "€"`
	case socialsvc.HRK:
		return `#,##0.00\ "kn";-#,##0.00\ "kn"`
	case "":
		return `#,##0.00`
	}
	return `#,##0.00\ "` + string(c) + `";-#,##0.00\ "` + string(c) + `"`
}

func (s *xlsxStyles) get(kind CellKind, cur socialsvc.Currency, lang socialsvc.Lang, bold bool) (int, error) {
	k := styleKey{kind, cur, lang, bold}
	if id, ok := s.money[k]; ok {
		return id, nil
	}
	style := &excelize.Style{}
	if bold {
		style.Font = &excelize.Font{Bold: true}
	}
	switch kind {
	case CellMoney:
		f := currencyFormat(cur)
		style.CustomNumFmt = &f
	case CellInt:
		style.NumFmt = 3 // #,##0
	case CellYear:
		style.NumFmt = 1 // 0: a year is not grouped (2018, not 2.018)
	case CellPercent:
		style.NumFmt = 10 // 0.00%
	case CellDate:
		f := dateFormat(lang)
		style.CustomNumFmt = &f
	case CellSuppressed:
		style.Alignment = &excelize.Alignment{Horizontal: "right"}
	}
	id, err := s.f.NewStyle(style)
	if err != nil {
		return 0, err
	}
	s.money[k] = id
	return id, nil
}

// xlsxValue is the stored value of a cell and the style it needs.
func (s *xlsxStyles) cell(c Cell, col Column, bold bool, lang socialsvc.Lang) (any, error) {
	var v any
	kind, cur, dateLang := c.Kind, socialsvc.Currency(""), socialsvc.Lang("")
	switch c.Kind {
	case CellEmpty:
		if !bold {
			return nil, nil
		}
		v = ""
		kind = CellText
	case CellText:
		v = c.Text
	case CellMoney:
		// The XLSX number type is an IEEE double; cents/100 is exact to
		// the cent for every amount below 2^53 cents, and the writer
		// prints the shortest form, so 1234.56 is stored as 1234.56.
		v = float64(c.Money.Cents()) / 100
		cur = c.Money.Currency()
	case CellInt, CellYear:
		v = c.Int
	case CellDecimal:
		v = c.Dec.InexactFloat64()
	case CellPercent:
		v = c.Dec.Div(decimal.NewFromInt(100)).InexactFloat64()
	case CellDate:
		v = c.Date.Time()
		dateLang = lang
	case CellSuppressed:
		v = c.mark()
	}
	if kind == CellText && !bold {
		return v, nil
	}
	id, err := s.get(kind, cur, dateLang, bold)
	if err != nil {
		return nil, err
	}
	return excelize.Cell{StyleID: id, Value: v}, nil
}

// dateFormat is the number format of a date cell in lang: the language's
// CLDR numeric date pattern (sl "d. m. yyyy", hr "dd. mm. yyyy."), as the
// HTML, PDF and text output write dates. English keeps the medium form
// "d mmm yyyy" (CLDR en-GB "d MMM y"): a numeric English date reads as
// day/month or month/day depending on the reader, a month name does not.
func dateFormat(lang socialsvc.Lang) string {
	if lang == socialsvc.EN {
		return "d mmm yyyy"
	}
	return i18n.ExcelDateFormat(lang)
}

// displayWidth estimates the width of a cell in characters.
func displayWidth(c Cell, lang socialsvc.Lang) int {
	switch c.Kind {
	case CellMoney:
		return len(socialsvc.FormatNumberEN(c.Money.Cents())) + 3
	case CellInt:
		return len(formatInt(c.Int, lang))
	case CellYear:
		return 4
	case CellDate:
		return 11
	case CellEmpty:
		return 0
	}
	return utf8.RuneCountInString(c.DisplayText(lang))
}

// filterRef is the range of t's autofilter: the header row and every
// row of the table, subtotals and totals included (they carry their
// label in the row-header columns, so a filter keeps or drops them with
// their group); the notes below, after an empty row, lie outside it.
func filterRef(t Table) string {
	last, _ := excelize.CoordinatesToCellName(len(t.Columns), 1+len(t.Rows))
	return "A1:" + last
}

func writeTableSheet(f *excelize.File, st *xlsxStyles, name string, t Table, lang socialsvc.Lang) error {
	// The autofilter goes on the worksheet before it is streamed: the
	// StreamWriter writes the worksheet's autoFilter element on Flush.
	if len(t.Columns) > 0 {
		if err := f.AutoFilter(name, filterRef(t), nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	widths := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		widths[j] = utf8.RuneCountInString(c.Label)
	}
	for _, r := range t.Rows {
		for j, c := range r.Cells {
			if j < len(widths) {
				if w := displayWidth(c, lang); w > widths[j] {
					widths[j] = w
				}
			}
		}
	}
	for j, wd := range widths {
		wd += 2
		wd = max(wd, 8)
		wd = min(wd, 60)
		if err := sw.SetColWidth(j+1, j+1, float64(wd)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	headStyle, err := st.get(CellText, "", "", true)
	if err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for j, c := range t.Columns {
		head[j] = excelize.Cell{StyleID: headStyle, Value: c.Label}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := make([]any, len(t.Columns))
	n := 2
	for _, r := range t.Rows {
		for j := range row {
			row[j] = nil
			if j < len(r.Cells) {
				if row[j], err = st.cell(r.Cells[j], t.Columns[j], r.Total, lang); err != nil {
					return err
				}
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
		n++
	}
	if len(t.Notes) > 0 {
		n++
		for _, note := range t.Notes {
			ref, _ := excelize.CoordinatesToCellName(1, n)
			if err := sw.SetRow(ref, []any{note}); err != nil {
				return err
			}
			n++
		}
	}
	return sw.Flush()
}

func writeInfoSheet(f *excelize.File, st *xlsxStyles, name string, h *Header, lang socialsvc.Lang) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := st.get(CellText, "", "", true)
	if err != nil {
		return err
	}
	rows := [][]any{{excelize.Cell{StyleID: bold, Value: heading(h, lang)}}}
	if h.Confidential {
		rows = append([][]any{{excelize.Cell{StyleID: bold, Value: tr(lang, "confidential")}}}, rows...)
	}
	for _, kv := range infoRows(h, lang) {
		rows = append(rows, []any{excelize.Cell{StyleID: bold, Value: kv[0]}, kv[1]})
	}
	for _, sec := range []struct {
		key   string
		notes []Note
	}{{"warnings", h.Warnings}, {"notes", h.Notes}} {
		if len(sec.notes) == 0 {
			continue
		}
		rows = append(rows, nil, []any{excelize.Cell{StyleID: bold, Value: tr(lang, sec.key)}})
		for _, n := range sec.notes {
			rows = append(rows, []any{n.Code, n.Text(lang)})
		}
	}
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 100); err != nil {
		return err
	}
	for i, r := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}
