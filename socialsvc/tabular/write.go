package tabular

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// SafeCell returns s so that a spreadsheet opening the CSV shows it as
// text and never runs it (CSV injection, the OWASP rule): a value that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which Excel and LibreOffice hide and treat as "text".
//
// A plain number is left alone, so that amounts stay numbers: an
// optional minus, digits, and at most one decimal point or comma
// followed by digits ("-12,50", "-1234.5"). Such a value holds no
// operator or reference, so a spreadsheet reads it as the number it is.
// Every CSV the module writes (reports, import error reports, templates)
// goes through Writer, which applies SafeCell to every cell, headers and
// titles included.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if plainNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is -digits, optionally with one '.' or ','
// and more digits.
func plainNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	digits, sep := 0, false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !sep && digits > 0 && i < len(s)-1:
			sep = true
		default:
			return false
		}
	}
	return digits > 0
}

// CSVDialect is the form of a CSV file the module writes.
type CSVDialect struct {
	// Croatian writes what Excel in a Croatian locale opens directly:
	// ';' between fields, CRLF line ends and a UTF-8 byte-order mark.
	// Otherwise ',' and LF (RFC 4180 with LF).
	Croatian bool
	// BOM starts the file with a UTF-8 byte-order mark in either
	// dialect, so that Excel reads č, ć, đ, š, ž as UTF-8 in any locale
	// (the Croatian dialect always has it).
	BOM bool
}

// Writer writes CSV records with every cell passed through SafeCell.
type Writer struct {
	w   *csv.Writer
	out io.Writer
	bom bool
	err error
}

// NewWriter returns a Writer on w in dialect d.
func NewWriter(w io.Writer, d CSVDialect) *Writer {
	cw := csv.NewWriter(w)
	if d.Croatian {
		cw.Comma = ';'
		cw.UseCRLF = true
	}
	return &Writer{w: cw, out: w, bom: d.Croatian || d.BOM}
}

// Write writes one record.
func (w *Writer) Write(rec []string) error {
	if w.err != nil {
		return w.err
	}
	if w.bom {
		w.bom = false
		if _, err := io.WriteString(w.out, "\uFEFF"); err != nil {
			w.err = err
			return err
		}
	}
	safe := make([]string, len(rec))
	for i, v := range rec {
		safe[i] = SafeCell(v)
	}
	w.err = w.w.Write(safe)
	return w.err
}

// Flush writes buffered records and returns the first error met.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.w.Flush()
	return w.w.Error()
}

// errorsCSVHeader is the header of WriteErrorsCSV.
var errorsCSVHeader = []string{"row", "column", "rule", "message"}

// WriteErrorsCSV writes the row errors of a failed import as a CSV to
// download: row (the file's line), column, rule and the message in lang.
// Like every error of this package it holds no value of the file. It
// starts with a UTF-8 byte-order mark, so that Excel shows the messages'
// letters (č, š, ë) right in any locale.
func WriteErrorsCSV(w io.Writer, err error, lang socialsvc.Lang) error {
	cw := NewWriter(w, CSVDialect{BOM: true})
	if e := cw.Write(errorsCSVHeader); e != nil {
		return e
	}
	for _, f := range socialsvc.ErrorFields(err) {
		msg := f.MessageIn(lang)
		row := ""
		if f.Row > 0 {
			row = strconv.Itoa(f.Row)
		}
		if e := cw.Write([]string{row, ColumnOf(f.Field), f.Rule, msg}); e != nil {
			return e
		}
	}
	return cw.Flush()
}

// ColumnOf names the column of a field path of an imported record: the
// import columns are named after the JSON fields, so the first path
// element is the column ("amount.currency" is "amount"), except a
// currency inside money, which has its own column.
func ColumnOf(field string) string {
	if strings.HasSuffix(field, ".currency") {
		return "currency"
	}
	if i := strings.IndexAny(field, ".["); i >= 0 {
		return field[:i]
	}
	return field
}
