package report

import (
	"archive/zip"
	"encoding/json"
	"io"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// WriteJSON writes the report value as indented JSON: snake_case field
// names, money as {"amount":"1234.56","currency":"EUR"}, decimals as
// strings, dates as "2006-01-02", suppressed counts as
// {"suppressed":true,"display":"<5"}. The fields are those of the report
// types, documented on them; they change only by addition.
func WriteJSON(w io.Writer, rep Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// CSVOptions select the CSV dialect and the table.
type CSVOptions struct {
	// Croatian writes what Excel in a Croatian locale opens correctly:
	// ';' between fields, decimal commas, dates as 31.12.2023. and CRLF
	// line ends. Otherwise the file is UTF-8 CSV with ',' and decimal
	// points (RFC 4180 with LF). Both start with a UTF-8 byte-order mark,
	// so that Excel reads the letters of every language.
	Croatian bool
	// DecimalComma writes what Excel opens correctly in the other
	// locales whose decimal separator is a comma (Slovenian, Serbian,
	// Albanian...): ';' between fields, decimal commas and CRLF, with
	// ISO dates (2023-12-31), which Excel reads as dates in every locale.
	DecimalComma bool
	// Lang is the language of headings; Croatian when empty and
	// Croatian is set, English otherwise.
	Lang socialsvc.Lang
	// Table chooses the table by its ID (TableIDs lists them per report
	// kind); empty means the report's main table (MainTable). WriteCSVZip
	// writes every table and takes no Table.
	Table string
}

func (o CSVOptions) lang() socialsvc.Lang {
	if o.Lang != "" {
		return socialsvc.ParseLang(string(o.Lang))
	}
	if o.Croatian {
		return socialsvc.HR
	}
	return socialsvc.EN
}

// CSVOptionsFor returns the options of a CSV for readers of lang: the
// Croatian dialect for hr, the decimal-comma dialect for every other
// language whose CLDR decimal separator is a comma (sl, sr-Latn, sq),
// plain CSV otherwise (en); headings in lang. Table is left empty.
func CSVOptionsFor(lang socialsvc.Lang) CSVOptions {
	lang = socialsvc.ParseLang(string(lang))
	switch {
	case lang == socialsvc.HR:
		return CSVOptions{Croatian: true, Lang: lang}
	case strings.Contains(i18n.FormatAmount(lang, 1), ","):
		return CSVOptions{DecimalComma: true, Lang: lang}
	}
	return CSVOptions{Lang: lang}
}

func (o CSVOptions) dialect() (tabular.CSVDialect, byte) {
	if o.Croatian || o.DecimalComma {
		return tabular.CSVDialect{Croatian: true, BOM: true}, ','
	}
	return tabular.CSVDialect{BOM: true}, '.'
}

// WriteCSV writes one table of the report as a flat CSV that a
// spreadsheet can filter and sort: one header row, then one line per
// row of the table (subtotal and total rows included, labelled in their
// first columns), nothing else. The table is CSVOptions.Table, or the
// report's main table; an unknown table is an invalid error naming
// "table", and nothing is written. A report with exact counts of people
// (Header.Confidential) starts with the confidential mark on a line of
// its own, as wide as the table. Amounts are plain numbers (the
// currency is in the column heading or a currency column), withheld
// counts keep their marks ("<5", "x"), and every cell, headings
// included, goes through tabular.SafeCell: text that a spreadsheet
// would run as a formula (starting with =, +, -, @, tab or CR) gets a
// leading apostrophe, while plain numbers such as -12,50 stay numbers.
// The titles, notes, legends and warnings of the report are in the
// info file of WriteCSVZip, the XLSX and the HTML.
func WriteCSV(w io.Writer, rep Report, o CSVOptions) error {
	lang := o.lang()
	tables := rep.Tables(lang)
	id := o.Table
	if id == "" {
		id = mainTable(rep.ReportHeader().Kind, tables)
	}
	t, err := findTable(tables, id)
	if err != nil {
		return err
	}
	return writeCSVTable(w, rep.ReportHeader(), t, o, lang)
}

func writeCSVTable(w io.Writer, h *Header, t Table, o CSVOptions, lang socialsvc.Lang) error {
	d, dec := o.dialect()
	cw := tabular.NewWriter(w, d)
	if h.Confidential {
		mark := make([]string, max(len(t.Columns), 1))
		mark[0] = tr(lang, "confidential")
		if err := cw.Write(mark); err != nil {
			return err
		}
	}
	head := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		head[j] = c.Label
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for j := range rec {
			rec[j] = ""
			if j < len(r.Cells) {
				rec[j] = r.Cells[j].plainText(dec, o.Croatian)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteCSVZip writes every table of the report as a ZIP archive of flat
// CSV files, one per table as WriteCSV writes it and named by FileName
// (2SoKroG-financial-lines-en.csv ...), and one info file
// (...-info-en.csv): the confidential mark of a report with exact
// counts, the report's heading, subject, scope and generation time, the
// list of tables with their files, titles, notes and legends of marks,
// then the report's notes and warnings. The archive's entries carry the
// report's generation time, so the same report gives the same bytes.
// CSVOptions.Table must be empty.
func WriteCSVZip(w io.Writer, rep Report, o CSVOptions) error {
	if o.Table != "" {
		return socialsvc.FieldErr("table", "excluded", "a ZIP holds every table: choose none", "ZIP sadrži sve tablice: ne birajte tablicu")
	}
	lang := o.lang()
	h := rep.ReportHeader()
	tables := rep.Tables(lang)
	zw := zip.NewWriter(w)
	add := func(name string, write func(io.Writer) error) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: h.GeneratedAt})
		if err != nil {
			return err
		}
		return write(f)
	}
	if err := add(FileName(rep, "info", lang, "csv"), func(f io.Writer) error { return writeCSVInfo(f, rep, tables, o, lang) }); err != nil {
		return err
	}
	for _, t := range tables {
		if err := add(FileName(rep, t.ID, lang, "csv"), func(f io.Writer) error { return writeCSVTable(f, h, t, o, lang) }); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeCSVInfo writes the info file of WriteCSVZip.
func writeCSVInfo(w io.Writer, rep Report, tables []Table, o CSVOptions, lang socialsvc.Lang) error {
	h := rep.ReportHeader()
	d, _ := o.dialect()
	cw := tabular.NewWriter(w, d)
	var rows [][]string
	if h.Confidential {
		rows = append(rows, []string{tr(lang, "confidential"), ""})
	}
	rows = append(rows, []string{heading(h, lang), ""})
	for _, kv := range infoRows(h, lang) {
		rows = append(rows, []string{kv[0], kv[1]})
	}
	rows = append(rows, []string{"", ""}, []string{sheetLabel(lang, "tables"), ""})
	for _, t := range tables {
		rows = append(rows, []string{FileName(rep, t.ID, lang, "csv"), t.Title})
		for _, n := range t.Notes {
			rows = append(rows, []string{"", n})
		}
	}
	for _, sec := range []struct {
		key   string
		notes []Note
	}{{"notes", h.Notes}, {"warnings", h.Warnings}} {
		if len(sec.notes) == 0 {
			continue
		}
		rows = append(rows, []string{"", ""}, []string{tr(lang, sec.key), ""})
		for _, n := range sec.notes {
			rows = append(rows, []string{n.Code, n.Text(lang)})
		}
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// infoRows are the header facts every renderer shows above the tables.
func infoRows(h *Header, lang socialsvc.Lang) [][2]string {
	var rows [][2]string
	subject := "project"
	if h.Kind == KindPortfolio {
		subject = "organisation"
	}
	name := h.Title.In(lang, h.Languages...)
	if h.Acronym != "" && h.Acronym != name {
		name = h.Acronym + " – " + name
	}
	rows = append(rows, [2]string{tr(lang, subject), name})
	scope := tr(lang, "whole")
	if h.Scope.Period > 0 {
		scope = tr(lang, "period_n") + " " + itoa(h.Scope.Period)
		if !h.Scope.PeriodStart.IsZero() {
			scope += " (" + h.Scope.PeriodStart.Format(lang) + " – " + h.Scope.PeriodEnd.Format(lang) + ")"
		}
	}
	if !h.Scope.From.IsZero() {
		scope += ", " + tr(lang, "from") + " " + h.Scope.From.Format(lang)
	}
	if !h.Scope.To.IsZero() {
		scope += ", " + tr(lang, "to") + " " + h.Scope.To.Format(lang)
	}
	rows = append(rows, [2]string{tr(lang, "scope"), scope})
	gen := socialsvc.DateOf(h.GeneratedAt).Format(lang) + " " + h.GeneratedAt.Format("15:04") + " UTC"
	rows = append(rows, [2]string{tr(lang, "generated"), gen})
	return rows
}
