package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// XLSXUnzipFactor bounds what a workbook may unpack to: this many times
// ReadOptions.MaxBytes, all parts together (16 MiB upload: 128 MiB).
// Worksheet XML compresses about tenfold, so a real workbook stays well
// below; a zip bomb is refused from the sizes its directory declares,
// before anything is unpacked (archive/zip fails a part that unpacks to
// more than it declares, so the declared sizes bound the work).
const XLSXUnzipFactor = 8

// What a workbook may hide, and is refused for: parts by name prefix
// (lower case), with the reason.
var hiddenParts = []struct {
	prefix string
	what   socialsvc.MessageID // the name of the content, in the catalogues
}{
	{"xl/vbaproject.bin", "err.xlsx_part.vba"},
	{"xl/macrosheets/", "err.xlsx_part.macro_sheets"},
	{"xl/dialogsheets/", "err.xlsx_part.dialog_sheets"},
	{"xl/externallinks/", "err.xlsx_part.external_links"},
	{"xl/connections.xml", "err.xlsx_part.connections"},
	{"xl/querytables/", "err.xlsx_part.query_tables"},
	{"xl/embeddings/", "err.xlsx_part.embeddings"},
	{"xl/activex/", "err.xlsx_part.activex"},
	{"xl/ctrlprops/", "err.xlsx_part.form_controls"},
}

func xlsxErr(rule, id string, args socialsvc.Args) error {
	f := socialsvc.NewFieldError("file", rule, id, args)
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the workbook cannot be imported: " + f.Message, Fields: []socialsvc.FieldError{f}}
}

var errNotXLSX = xlsxErr("xlsx", "err.xlsx", nil)

// checkZip refuses, from the zip directory alone, a workbook that unpacks
// to more than limit bytes or holds a part of hiddenParts.
func checkZip(b []byte, limit int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, errNotXLSX
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) || f.UncompressedSize64 > uint64(limit) {
			return nil, xlsxErr("xlsx_size", "err.xlsx_size", socialsvc.Args{"Limit": humanBytes(limit), "XLSXUnzipFactor": strconv.Itoa(XLSXUnzipFactor)})
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		for _, h := range hiddenParts {
			if strings.HasPrefix(name, h.prefix) {
				return nil, xlsxErr("xlsx_content", "err.xlsx_content", socialsvc.Args{"What": h.what})
			}
		}
	}
	// excelize ignores a part that fails to unpack (it keeps what it got):
	// unpack each once here, which checks its size and checksum, so a
	// damaged or lying workbook is refused instead of read in part.
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, errDamaged
		}
		_, err = io.Copy(io.Discard, rc)
		_ = rc.Close()
		if err != nil {
			return nil, errDamaged
		}
	}
	return zr, nil
}

var errDamaged = xlsxErr("xlsx", "err.xlsx_2", nil)

// readXLSX reads the one sheet of a workbook that holds data. A workbook
// with data on several sheets (hidden ones included), with hidden rows or
// columns in its data, or with formula cells is refused: what would be
// imported must be what the person sees.
func readXLSX(b []byte, unzipLimit int64) (*Table, error) {
	zr, err := checkZip(b, unzipLimit)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipLimit})
	if err != nil {
		return nil, errNotXLSX
	}
	defer f.Close()
	var (
		data  []int // positions (1-based) of sheets with data
		name  string
		rows  [][]string
		empty = true
	)
	for i, sh := range f.GetSheetList() {
		rs, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, xlsxErr("xlsx", "err.xlsx_3", socialsvc.Args{"Sheet": strconv.Itoa(i + 1)})
		}
		for _, r := range rs {
			if !blank(r) {
				data = append(data, i+1)
				if name == "" {
					name, rows = sh, rs
				}
				empty = false
				break
			}
		}
	}
	if empty {
		return nil, errEmpty
	}
	if len(data) > 1 {
		list := make([]string, len(data))
		for i, n := range data {
			list[i] = strconv.Itoa(n)
		}
		return nil, xlsxErr("xlsx_sheets", "err.xlsx_sheets", socialsvc.Args{"List": strings.Join(list, ", ")})
	}
	facts, err := scanSheet(zr, name)
	if err != nil {
		return nil, err
	}
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	t := &Table{Format: "xlsx", date1904: date1904}
	width := 0
	for i, rec := range rows {
		width = max(width, len(rec))
		if i == 0 {
			t.Header = rec
			continue
		}
		if blank(rec) {
			continue
		}
		t.Rows = append(t.Rows, Row{Line: i + 1, Cells: rec})
	}
	for _, c := range facts.hiddenCols {
		if c[0] <= width {
			col, _ := excelize.ColumnNumberToName(c[0])
			return nil, xlsxErr("xlsx_hidden", "err.xlsx_hidden", socialsvc.Args{"Col": col})
		}
	}
	for i, rec := range rows {
		line := i + 1
		if facts.hiddenRows[line] && !blank(rec) {
			t.problems = append(t.problems, socialsvc.NewFieldError("row", "hidden", "err.row.hidden", nil).AtRow(line))
		}
		if i > 0 && len(rec) > len(t.Header) && !blank(rec[len(t.Header):]) {
			t.problems = append(t.problems, socialsvc.NewFieldError("row", "field_count", "err.row.field_count_2", nil).AtRow(line))
		}
	}
	for _, fm := range facts.formulas {
		t.problems = append(t.problems, socialsvc.NewFieldError("row", "formula", "err.row.formula", socialsvc.Args{"Cell": fm.cell}).AtRow(fm.row))
	}
	return t, nil
}

// sheetFacts is what a worksheet hides: hidden rows, hidden column ranges
// (1-based, inclusive) and the first formula cell of each row.
type sheetFacts struct {
	hiddenRows map[int]bool
	hiddenCols [][2]int
	formulas   []struct {
		row  int
		cell string
	}
}

// scanSheet streams the XML of the worksheet named name once for what
// it hides. excelize answers the same questions only after unmarshalling
// the whole worksheet into structs, several times the part's size.
func scanSheet(zr *zip.Reader, name string) (sheetFacts, error) {
	facts := sheetFacts{hiddenRows: map[int]bool{}}
	path, err := sheetPath(zr, name)
	if err != nil {
		return facts, err
	}
	rc, err := zr.Open(path)
	if err != nil {
		return facts, errNotXLSX
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	row, cell, formulaRow := 0, "", 0
	for {
		tok, err := dec.RawToken() // no namespace bookkeeping: local names suffice
		if err == io.EOF {
			return facts, nil
		}
		if err != nil {
			return facts, errNotXLSX
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row++
			if v := attr(se, "r"); v != "" {
				if n, err := strconv.Atoi(v); err == nil {
					row = n
				}
			}
			if truthy(attr(se, "hidden")) {
				facts.hiddenRows[row] = true
			}
		case "c":
			cell = attr(se, "r")
		case "f":
			if row != formulaRow {
				formulaRow = row
				facts.formulas = append(facts.formulas, struct {
					row  int
					cell string
				}{row, cell})
			}
		case "col":
			if truthy(attr(se, "hidden")) {
				lo, _ := strconv.Atoi(attr(se, "min"))
				hi, _ := strconv.Atoi(attr(se, "max"))
				facts.hiddenCols = append(facts.hiddenCols, [2]int{lo, hi})
			}
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func truthy(v string) bool { return v == "1" || v == "true" }

// sheetPath finds the part of the sheet named name: its relationship ID
// in xl/workbook.xml, then the target in xl/_rels/workbook.xml.rels.
func sheetPath(zr *zip.Reader, name string) (string, error) {
	rid := ""
	if err := eachElement(zr, "xl/workbook.xml", "sheet", func(se xml.StartElement) {
		if attr(se, "name") == name && rid == "" {
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
		}
	}); err != nil || rid == "" {
		return "", errNotXLSX
	}
	target := ""
	if err := eachElement(zr, "xl/_rels/workbook.xml.rels", "Relationship", func(se xml.StartElement) {
		if attr(se, "Id") == rid {
			target = attr(se, "Target")
		}
	}); err != nil || target == "" {
		return "", errNotXLSX
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/"), nil
	}
	return "xl/" + target, nil
}

func eachElement(zr *zip.Reader, part, local string, fn func(xml.StartElement)) error {
	rc, err := zr.Open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.RawToken() // no namespace bookkeeping: local names suffice
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			fn(se)
		}
	}
}
