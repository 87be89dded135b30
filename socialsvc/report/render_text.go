package report

import (
	"encoding/json"
	"io"

	"github.com/zajednica/go-socialsvc/socialsvc"
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

// CSVOptions select the CSV dialect.
type CSVOptions struct {
	// Croatian writes what Excel in a Croatian locale opens correctly:
	// ';' between fields, decimal commas, dates as 31.12.2023., CRLF line
	// ends and a UTF-8 byte-order mark. Otherwise the file is plain
	// UTF-8 CSV with ',' and decimal points (RFC 4180 with LF).
	Croatian bool
	// Lang is the language of headings; Croatian when empty and
	// Croatian is set, English otherwise.
	Lang socialsvc.Lang
	// Table, when set, writes only that table (by Table.ID) as a plain
	// CSV: one header row, then the rows. Otherwise every table is
	// written as a section: a title row, the header row, the rows and an
	// empty line, followed by the notes and warnings.
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

// WriteCSV writes the report's tables as CSV. Amounts are plain numbers
// (the currency is in the column heading or a currency column), counts
// withheld by suppression are "<5", and every cell, titles, headings and
// notes included, goes through tabular.SafeCell: text that a spreadsheet
// would run as a formula (starting with =, +, -, @, tab or CR) gets a
// leading apostrophe, while plain numbers such as -12,50 stay numbers.
// An unknown CSVOptions.Table is an invalid error and nothing is written.
func WriteCSV(w io.Writer, rep Report, o CSVOptions) error {
	lang := o.lang()
	tables := rep.Tables(lang)
	if o.Table != "" {
		var found []Table
		for _, t := range tables {
			if t.ID == o.Table {
				found = append(found, t)
			}
		}
		if len(found) == 0 {
			return socialsvc.FieldErrf("table", "exists", "err.table.exists", socialsvc.Args{"Table": o.Table})
		}
		tables = found
	}
	dec := byte('.')
	if o.Croatian {
		dec = ','
	}
	cw := tabular.NewWriter(w, tabular.CSVDialect{Croatian: o.Croatian})
	sections := o.Table == ""
	if h := rep.ReportHeader(); h.Confidential && sections {
		if err := cw.Write([]string{tr(lang, "confidential")}); err != nil {
			return err
		}
		if err := cw.Write([]string{""}); err != nil {
			return err
		}
	}
	for i, t := range tables {
		if sections {
			if i > 0 {
				if err := cw.Write([]string{""}); err != nil {
					return err
				}
			}
			if err := cw.Write([]string{t.Title}); err != nil {
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
		if sections {
			for _, n := range t.Notes {
				if err := cw.Write([]string{n}); err != nil {
					return err
				}
			}
		}
	}
	if sections {
		h := rep.ReportHeader()
		for _, sec := range []struct {
			key   string
			notes []Note
		}{{"notes", h.Notes}, {"warnings", h.Warnings}} {
			if len(sec.notes) == 0 {
				continue
			}
			if err := cw.Write([]string{""}); err != nil {
				return err
			}
			if err := cw.Write([]string{tr(lang, sec.key)}); err != nil {
				return err
			}
			for _, n := range sec.notes {
				if err := cw.Write([]string{n.Code, n.Text(lang)}); err != nil {
					return err
				}
			}
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
		scope = trf(lang, "scope_period", map[string]any{"Number": itoa(h.Scope.Period)})
		if !h.Scope.PeriodStart.IsZero() {
			scope += " (" + formatDate(h.Scope.PeriodStart, lang) + " – " + formatDate(h.Scope.PeriodEnd, lang) + ")"
		}
	}
	if !h.Scope.From.IsZero() {
		scope += ", " + trf(lang, "scope_from", map[string]any{"Date": formatDate(h.Scope.From, lang)})
	}
	if !h.Scope.To.IsZero() {
		scope += ", " + trf(lang, "scope_to", map[string]any{"Date": formatDate(h.Scope.To, lang)})
	}
	rows = append(rows, [2]string{tr(lang, "scope"), scope})
	gen := formatDate(socialsvc.DateOf(h.GeneratedAt), lang) + " " + h.GeneratedAt.Format("15:04") + " UTC"
	rows = append(rows, [2]string{tr(lang, "generated"), gen})
	return rows
}
