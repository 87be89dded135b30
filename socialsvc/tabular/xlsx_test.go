package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// workbook builds an XLSX file: rows per sheet name (the first is
// Sheet1), then edit may change it before it is written.
func workbook(t *testing.T, sheets map[string][][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	for name, rows := range sheets {
		if name != "Sheet1" {
			_, err := f.NewSheet(name)
			require.NoError(t, err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				require.NoError(t, f.SetCellValue(name, cell, v))
			}
		}
	}
	if edit != nil {
		edit(f)
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	return b.Bytes()
}

var expRows = [][]any{{"partner_id", "category", "period", "date", "amount"}, {"prj-a-lp", "staff", 1, 45061, 99.5}}

// rezip copies the workbook b, replacing or adding the parts in parts.
func rezip(t *testing.T, b []byte, parts map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if _, ok := parts[f.Name]; ok {
			continue
		}
		require.NoError(t, zw.Copy(f))
	}
	for name, data := range parts {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// bomb returns a worksheet part of n bytes (valid XML, mostly spaces),
// deflated: about a thousandth of n.
func bomb(t *testing.T, n int) (raw []byte, crc uint32) {
	t.Helper()
	head := []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	tail := []byte(`</sheetData></worksheet>`)
	var c bytes.Buffer
	fw, err := flate.NewWriter(&c, flate.BestSpeed)
	require.NoError(t, err)
	h := crc32.NewIEEE()
	w := io.MultiWriter(fw, h)
	_, _ = w.Write(head)
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for left := n - len(head) - len(tail); left > 0; left -= len(pad) {
		_, _ = w.Write(pad[:min(left, len(pad))])
	}
	_, _ = w.Write(tail)
	require.NoError(t, fw.Close())
	return c.Bytes(), h.Sum32()
}

// withRawPart copies the workbook b, replacing part name by compressed
// data that declares size bytes unpacked (the truth or a lie).
func withRawPart(t *testing.T, b []byte, name string, raw []byte, crc uint32, size uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != name {
			require.NoError(t, zw.Copy(f))
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	require.NoError(t, err)
	_, err = w.Write(raw)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestXLSXBomb: a workbook of about 256 KiB whose worksheet unpacks to
// 256 MiB is refused from its zip directory, allocating less than 8 MiB;
// one whose directory lies about the size is refused when the part
// outgrows what it declared. Today's code accepted the first and spent
// 770 MiB on it.
func TestXLSXBomb(t *testing.T) {
	base := workbook(t, map[string][][]any{"Sheet1": expRows}, nil)
	raw, crc := bomb(t, 256<<20)
	honest := withRawPart(t, base, "xl/worksheets/sheet1.xml", raw, crc, 256<<20)
	require.Less(t, len(honest), 512<<10, "the bomb is a small file")
	var err error
	n := allocated(func() { _, err = ReadBytes(honest, ReadOptions{}) })
	assert.Equal(t, []string{"0 file xlsx_size"}, got(err))
	assert.Contains(t, socialsvc.ErrorFields(err)[0].Message, "unpacks to more than 128 MiB")
	assert.Less(t, n, uint64(8<<20), "bytes allocated refusing the bomb")

	liar := withRawPart(t, base, "xl/worksheets/sheet1.xml", raw, crc, 4096)
	n = allocated(func() { _, err = ReadBytes(liar, ReadOptions{}) })
	assert.Equal(t, []string{"0 file xlsx"}, got(err))
	assert.Less(t, n, uint64(8<<20), "bytes allocated refusing the lying bomb")

	// The limit follows the upload limit: 64 KiB uploads unpack to 512 KiB.
	small, crc := bomb(t, 600<<10)
	_, err = ReadBytes(withRawPart(t, base, "xl/worksheets/sheet1.xml", small, crc, 600<<10), ReadOptions{MaxBytes: 64 << 10})
	assert.Equal(t, []string{"0 file xlsx_size"}, got(err))
}

// TestXLSXRefused: what a workbook can hide is refused, with nothing
// written.
func TestXLSXRefused(t *testing.T) {
	base := workbook(t, map[string][][]any{"Sheet1": expRows}, nil)
	tests := []struct {
		name string
		file []byte
		want []string
	}{
		{"macros", rezip(t, base, map[string][]byte{"xl/vbaProject.bin": []byte("VBA")}), []string{"0 file xlsx_content"}},
		{"macro sheet", rezip(t, base, map[string][]byte{"xl/macrosheets/sheet1.xml": []byte("<x/>")}), []string{"0 file xlsx_content"}},
		{"link to another workbook", rezip(t, base, map[string][]byte{"xl/externalLinks/externalLink1.xml": []byte("<x/>")}), []string{"0 file xlsx_content"}},
		{"data connection", rezip(t, base, map[string][]byte{"xl/connections.xml": []byte("<x/>")}), []string{"0 file xlsx_content"}},
		{"embedded object", rezip(t, base, map[string][]byte{"xl/embeddings/oleObject1.bin": []byte("OLE")}), []string{"0 file xlsx_content"}},
		{"ActiveX control", rezip(t, base, map[string][]byte{"xl/activeX/activeX1.xml": []byte("<x/>")}), []string{"0 file xlsx_content"}},
		{"data on two sheets", workbook(t, map[string][][]any{"Sheet1": expRows, "Romi": {{"K-1", "roma"}}}, nil), []string{"0 file xlsx_sheets"}},
		{"data on a hidden sheet", workbook(t, map[string][][]any{"Sheet1": expRows, "Skriveno": {{"x"}}}, func(f *excelize.File) {
			require.NoError(t, f.SetSheetVisible("Skriveno", false))
		}), []string{"0 file xlsx_sheets"}},
		{"hidden column", workbook(t, map[string][][]any{"Sheet1": expRows}, func(f *excelize.File) {
			require.NoError(t, f.SetColVisible("Sheet1", "C", false))
		}), []string{"0 file xlsx_hidden"}},
		{"hidden row", workbook(t, map[string][][]any{"Sheet1": append(append([][]any{}, expRows...), []any{"prj-a-lp", "staff", 1, 45062, 1})}, func(f *excelize.File) {
			require.NoError(t, f.SetRowVisible("Sheet1", 3, false))
		}), []string{"3 row hidden"}},
		{"formula cell", workbook(t, map[string][][]any{"Sheet1": expRows}, func(f *excelize.File) {
			require.NoError(t, f.SetCellFormula("Sheet1", "E2", "=1+1"))
		}), []string{"2 row formula"}},
		{"value right of the header", workbook(t, map[string][][]any{"Sheet1": {expRows[0], append(append([]any{}, expRows[1]...), "Ivana")}}, nil), []string{"2 row field_count"}},
		{"empty workbook", workbook(t, map[string][][]any{"Sheet1": nil}, nil), []string{"0 file required"}},
		{"truncated workbook", base[:len(base)/2], []string{"0 file xlsx"}},
		{"old .xls or encrypted workbook", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...), []string{"0 file xls"}},
		{"zip that is no workbook", rezip(t, workbook(t, map[string][][]any{"Sheet1": nil}, nil), map[string][]byte{"xl/workbook.xml": []byte("not xml")}), []string{"0 file xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			before := snapshot(t, s)
			_, err := Import(bg, s, "expenditure", bytes.NewReader(tt.file), Options{Project: "prj-a"})
			require.Error(t, err)
			assert.Equal(t, tt.want, got(err), err.Error())
			text := errorText(t, err)
			assert.NotContains(t, text, "Romi")
			assert.NotContains(t, text, "Ivana")
			assert.Equal(t, before, snapshot(t, s))
		})
	}
}

func TestXLSXImport(t *testing.T) {
	s := newStore(t)
	b := workbook(t, map[string][][]any{"Sheet1": {expRows[0], expRows[1], {}, {"prj-a-lp", "travel_accommodation", 1, "2023-06-01", "12,30"}}, "Prazno": nil}, nil)
	tbl, err := ReadBytes(b, ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []int{2, 4}, []int{tbl.Rows[0].Line, tbl.Rows[1].Line})
	n, err := Expenditure.Import(bg, s, tbl, Options{Project: "prj-a"})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	var got []string
	for e, err := range s.ScanExpenditure(bg, store.ExpenditureFilter{ProjectID: "prj-a"}) {
		require.NoError(t, err)
		got = append(got, e.Date.String()+" "+e.Amount.AmountString())
	}
	assert.ElementsMatch(t, []string{"2023-05-15 99.50", "2023-06-01 12.30"}, got) // Excel serial 45061
	assert.False(t, strings.Contains(strings.Join(got, ""), "\uFFFD"))
}
