package tabular

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// FuzzRead feeds the reader any bytes: it never panics, and a table it
// returns holds no U+FFFD, has rows in increasing line order below the
// header, and its errors are invalid errors.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"event_id,beneficiary_id\nprj-a-ev,org-a-b1\n",
		"\xef\xbb\xbfa;b\n1;\"x\ny\"\n2;3\n",
		"a;b\nPla\x9aa;\xe8\n",
		"a;b\n\xb9\xbe;\xa9\n",
		"a,b\n\"open\n",
		"\xff\xfea\x00",
		"PK\x03\x04garbage",
		"a\tb\n1\t2\t3\n",
	} {
		f.Add([]byte(s))
	}
	x := excelize.NewFile()
	_ = x.SetSheetRow("Sheet1", "A1", &[]any{"event_id", "beneficiary_id"})
	_ = x.SetSheetRow("Sheet1", "A2", &[]any{"prj-a-ev", 45061})
	var xb bytes.Buffer
	_ = x.Write(&xb)
	f.Add(xb.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		tbl, err := ReadBytes(b, ReadOptions{MaxBytes: 1 << 16})
		if err != nil {
			if socialsvc.ErrorCode(err) != socialsvc.Invalid {
				t.Fatalf("error of code %s: %v", socialsvc.ErrorCode(err), err)
			}
			return
		}
		last := 1
		for _, r := range tbl.Rows {
			if r.Line <= last {
				t.Fatalf("row on line %d after line %d", r.Line, last)
			}
			last = r.Line
			for _, c := range r.Cells {
				if strings.ContainsRune(c, '\uFFFD') {
					t.Fatalf("cell holds U+FFFD")
				}
			}
		}
		for _, h := range tbl.Header {
			if strings.ContainsRune(h, '\uFFFD') {
				t.Fatalf("header holds U+FFFD")
			}
		}
	})
}
