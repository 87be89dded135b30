package tabular

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// templateRows are the rows of a template of k in lang: the header, the
// formats line (which Read recognises and skips, so a filled-in template
// imports as it is) and an example row to overwrite.
func templateRows(k Importer, lang socialsvc.Lang) [][]string {
	cols := k.Columns()
	rows := [][]string{make([]string, len(cols)), make([]string, len(cols)), make([]string, len(cols))}
	for i, c := range cols {
		rows[0][i], rows[1][i], rows[2][i] = c.Name, c.FormatIn(lang), c.Example
	}
	return rows
}

// WriteTemplateCSV writes an import template of k as CSV: the header,
// the accepted format of each column, and an example row. For a language
// whose CLDR decimal separator is a comma (hr, sl, sr-Latn, sq) it is the
// dialect Excel in such a locale opens (';', decimal comma); otherwise
// plain ',' CSV. Both start with a UTF-8 byte-order mark, so that Excel
// reads č, ć, đ, š, ž, ë, ç as UTF-8 in any locale; Read accepts files
// with and without it.
func WriteTemplateCSV(w io.Writer, k Importer, lang socialsvc.Lang) error {
	cw := NewWriter(w, CSVDialect{Croatian: i18n.DecimalSeparator(socialsvc.ParseLang(string(lang))) == ",", BOM: true})
	for _, r := range templateRows(k, lang) {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteTemplateXLSX writes an import template of k as an XLSX workbook of
// one sheet: the header (bold, frozen), the formats line and an example
// row, every cell stored as text so that Excel keeps identifiers and
// dates as typed.
func WriteTemplateXLSX(w io.Writer, k Importer, lang socialsvc.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := k.Name()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	muted, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "666666"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	rows := templateRows(k, lang)
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(len(rows[0]))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", last+"2", muted); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", last, 24); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(w)
}
