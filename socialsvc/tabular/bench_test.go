package tabular

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkRead reads a 10,000-row expenditure file as Croatian CSV
// (Windows-1250) and as XLSX.
func BenchmarkRead(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(expHead)
	for i := range 10000 {
		fmt.Fprintf(&sb, "prj-a-lp;staff;1;15.05.2023.;Pla\xe6a \x9a %d;%d,50\n", i, i)
	}
	csvFile := []byte(sb.String())
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	_ = sw.SetRow("A1", []any{"partner_id", "category", "period", "date", "description", "amount"})
	for i := range 10000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = sw.SetRow(cell, []any{"prj-a-lp", "staff", 1, 45061, fmt.Sprintf("Plaća %d", i), float64(i) + 0.5})
	}
	_ = sw.Flush()
	var xb bytes.Buffer
	_ = f.Write(&xb)
	for _, c := range []struct {
		name string
		file []byte
	}{{"csv-windows-1250", csvFile}, {"xlsx", xb.Bytes()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.file)))
			for b.Loop() {
				t, err := ReadBytes(c.file, ReadOptions{})
				if err != nil || len(t.Rows) != 10000 {
					b.Fatal(err, len(t.Rows))
				}
			}
		})
	}
}
