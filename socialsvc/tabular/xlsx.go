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
	prefix, en, hr string
}{
	{"xl/vbaproject.bin", "macros (VBA)", "makronaredbe (VBA)"},
	{"xl/macrosheets/", "macro sheets", "listove s makronaredbama"},
	{"xl/dialogsheets/", "dialog sheets", "listove s dijalozima"},
	{"xl/externallinks/", "links to other workbooks", "poveznice na druge radne knjige"},
	{"xl/connections.xml", "data connections", "podatkovne veze"},
	{"xl/querytables/", "query tables", "tablice upita"},
	{"xl/embeddings/", "embedded objects", "ugrađene objekte"},
	{"xl/activex/", "ActiveX controls", "ActiveX kontrole"},
	{"xl/ctrlprops/", "form controls", "kontrole obrasca"},
}

func xlsxErr(rule, en, hr string) error {
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the workbook cannot be imported: " + en,
		Fields: []socialsvc.FieldError{{Field: "file", Rule: rule, Message: en, MessageHR: hr}}}
}

var errNotXLSX = xlsxErr("xlsx", "the file is not a readable XLSX workbook", "datoteka nije ispravna XLSX radna knjiga")

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
			return nil, xlsxErr("xlsx_size", "the workbook unpacks to more than "+humanBytes(limit)+" (the upload limit times "+strconv.Itoa(XLSXUnzipFactor)+")",
				"radna knjiga se raspakira u više od "+humanBytes(limit)+" ("+strconv.Itoa(XLSXUnzipFactor)+" puta ograničenje prijenosa)")
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		for _, h := range hiddenParts {
			if strings.HasPrefix(name, h.prefix) {
				return nil, xlsxErr("xlsx_content", "the workbook holds "+h.en+": save a copy with the data only (File, Save as, Excel Workbook .xlsx) and import that",
					"radna knjiga sadrži "+h.hr+": spremite kopiju samo s podacima (Datoteka, Spremi kao, Excelova radna knjiga .xlsx) i uvezite nju")
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

var errDamaged = xlsxErr("xlsx", "the workbook is damaged (a part does not unpack to what it declares)", "radna knjiga je oštećena (dio se ne raspakira u ono što navodi)")

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
			return nil, xlsxErr("xlsx", "sheet "+strconv.Itoa(i+1)+" cannot be read", "list "+strconv.Itoa(i+1)+" nije moguće pročitati")
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
		return nil, xlsxErr("xlsx_sheets", "sheets "+strings.Join(list, ", ")+" hold data: keep the rows to import on one sheet and delete the others (hidden sheets included)",
			"listovi "+strings.Join(list, ", ")+" sadrže podatke: ostavite retke za uvoz na jednom listu, a ostale izbrišite (i skrivene)")
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
			return nil, xlsxErr("xlsx_hidden", "column "+col+" is hidden: show it (or delete it) and save again",
				"stupac "+col+" je skriven: prikažite ga (ili izbrišite) i ponovno spremite")
		}
	}
	for i, rec := range rows {
		line := i + 1
		if facts.hiddenRows[line] && !blank(rec) {
			t.problems = append(t.problems, socialsvc.FieldError{Row: line, Field: "row", Rule: "hidden",
				Message: "the row is hidden: show it or delete it", MessageHR: "redak je skriven: prikažite ga ili izbrišite"})
		}
		if i > 0 && len(rec) > len(t.Header) && !blank(rec[len(t.Header):]) {
			t.problems = append(t.problems, socialsvc.FieldError{Row: line, Field: "row", Rule: "field_count",
				Message:   "the row has values right of the last header column",
				MessageHR: "redak ima vrijednosti desno od posljednjeg stupca zaglavlja"})
		}
	}
	for _, fm := range facts.formulas {
		t.problems = append(t.problems, socialsvc.FieldError{Row: fm.row, Field: "row", Rule: "formula",
			Message:   "cell " + fm.cell + " holds a formula: copy the sheet and paste values only",
			MessageHR: "ćelija " + fm.cell + " sadrži formulu: kopirajte list i zalijepite samo vrijednosti"})
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
