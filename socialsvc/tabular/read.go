package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// DefaultMaxBytes bounds a file when ReadOptions.MaxBytes is 0.
const DefaultMaxBytes = 16 << 20

// ReadOptions bound what Read accepts.
type ReadOptions struct {
	// MaxBytes is the largest file accepted (DefaultMaxBytes when 0). An
	// XLSX workbook may unpack to XLSXUnzipFactor times as much.
	MaxBytes int64
}

func (o ReadOptions) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Table is a file as read: the header line and the rows below it, each
// with the line number it has in the file, as a spreadsheet program shows
// it (the header is line 1; a quoted value spanning lines counts every
// line, and a row is numbered by the line it starts on).
type Table struct {
	// Format is "csv" or "xlsx".
	Format string
	// Encoding is the text encoding a CSV file was read in (UTF8,
	// Windows1250 or ISO88592); empty for XLSX.
	Encoding string
	// Separator is the field separator of a CSV file: ',', ';' or tab,
	// the one that occurs most often outside quotes in the header line.
	Separator rune
	// DecimalComma is set when amounts use a decimal comma: a
	// ';'-separated CSV, which is what Excel writes in a Croatian locale.
	// Comma-separated files accept both forms where the value is
	// unambiguous; XLSX numbers are read as stored.
	DecimalComma bool
	// Header are the cells of line 1, as in the file.
	Header []string
	// Rows are the non-blank rows below the header.
	Rows []Row

	date1904 bool // XLSX serial dates count from 1904

	// problems are row errors found while reading (a row with more or
	// fewer fields than the header, an XLSX formula cell).
	problems []socialsvc.FieldError
}

// Row is one line of a table.
type Row struct {
	Line  int
	Cells []string
}

// Read reads a CSV or XLSX file (an XLSX workbook is recognised by its
// zip signature). See the package documentation for the encodings,
// separators and workbook contents accepted. Errors are
// *socialsvc.Error values of code Invalid that name line and rule and
// never repeat the file's contents.
func Read(r io.Reader, o ReadOptions) (*Table, error) {
	max := o.maxBytes()
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, socialsvc.FieldErrf("file", "size", "err.file.size", socialsvc.Args{"Max": humanBytes(max)})
	}
	return ReadBytes(b, o)
}

// ReadBytes is Read of a file already in memory.
func ReadBytes(b []byte, o ReadOptions) (*Table, error) {
	if max := o.maxBytes(); int64(len(b)) > max {
		return nil, socialsvc.FieldErrf("file", "size", "err.file.size", socialsvc.Args{"Max": humanBytes(max)})
	}
	if bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return nil, xlsxErr("xls", "err.xls", nil)
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return readXLSX(b, o.maxBytes()*XLSXUnzipFactor)
	}
	return readCSV(b)
}

var errEmpty = socialsvc.FieldErr("file", "required", "err.file.required_3")

func readCSV(b []byte) (*Table, error) {
	text, enc, err := decode(b)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, errEmpty
	}
	if !strings.Contains(text, "\n") && strings.Contains(strings.TrimRight(text, "\r"), "\r") {
		// encoding/csv ends lines at LF only: the file would read as one
		// header line.
		return nil, &socialsvc.Error{Code: socialsvc.Invalid, Message: "the lines of the file end in CR only",
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("file", "line_ends", "err.file.line_ends", nil).AtRow(1)}}
	}
	header := text
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		header = text[:i]
	}
	sep := detectSeparator(header)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // compared with the header below, as a row error
	t := &Table{Format: "csv", Encoding: enc, Separator: sep, DecimalComma: sep == ';'}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &socialsvc.Error{Code: socialsvc.Invalid, Message: "the CSV file is malformed at line " + strconv.Itoa(line),
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("file", "csv", "err.file.csv", nil).AtRow(line)}}
		}
		line, _ := cr.FieldPos(0)
		if first {
			t.Header = rec
			first = false
			continue
		}
		if blank(rec) {
			continue
		}
		if len(rec) != len(t.Header) {
			n, h := strconv.Itoa(len(rec)), strconv.Itoa(len(t.Header))
			t.problems = append(t.problems, socialsvc.NewFieldError("row", "field_count", "err.row.field_count", socialsvc.Args{"Fields": n, "HeaderFields": h}).AtRow(line))
		}
		t.Rows = append(t.Rows, Row{Line: line, Cells: rec})
	}
	if first {
		return nil, errEmpty
	}
	return t, nil
}

// detectSeparator picks the separator that occurs most often outside
// quotes in the header line: ';' is what Excel writes in a Croatian
// locale, ',' elsewhere.
func detectSeparator(header string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range header {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
