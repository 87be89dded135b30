package tabular

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
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

// FuzzReadKinds reads any CSV as each kind against a seeded store: the
// typed getters never panic, errors are invalid errors with lines inside
// the file, and no record holds U+FFFD.
func FuzzReadKinds(f *testing.F) {
	for _, s := range []string{
		"event_id,beneficiary_id\nprj-a-ev,org-a-b1\nprj-b-ev,nobody\n",
		"org_id;reference;household;gender;birth_year;legal_basis;consent_date;retain_until\norg-a;K;da;female;19x0;consent;31.02.2023.;2030-12-31\n",
		"partner_id;category;period;date;amount;currency;rate\nprj-a-lp;staff;1,5;15.05.2023.;1.234,567;HRK;-7,5\n",
		"partner_id,category,date,amount\nprj-a-lp,staff,2023-05-02,\"1,00\"\n",
		"beneficiary_id;entry_date;exit_date;labour_status;isced;minority;exit_qualification;exit_source\norg-a-b1;01.03.2023.;30.06.2023.;long_term_unemployed;3;odbijeno;30.06.2023.;asked\norg-b-b1;2023-13-01;;retired;9;maybe;x;\n",
	} {
		f.Add([]byte(s))
	}
	s := memory.New()
	seed(f, s)
	kinds := []func(*Table) error{
		func(t *Table) error {
			_, err := Attendance.Read(bg, s, t, Options{Project: "prj-a", Org: "org-a"})
			return err
		},
		func(t *Table) error {
			_, err := Beneficiaries.Read(bg, s, t, Options{Project: "prj-a", Org: "org-a"})
			return err
		},
		func(t *Table) error {
			recs, err := Expenditure.Read(bg, s, t, Options{Project: "prj-a"})
			for _, r := range recs {
				if strings.ContainsRune(r.Value.Description, '\uFFFD') {
					return fmt.Errorf("description holds U+FFFD")
				}
			}
			return err
		},
		func(t *Table) error {
			_, err := Participations.Read(bg, s, t, Options{Project: "prj-a", Org: "org-a"})
			return err
		},
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tbl, err := ReadBytes(b, ReadOptions{MaxBytes: 1 << 16})
		if err != nil {
			return
		}
		lines := bytes.Count(b, []byte("\n")) + 1
		for _, read := range kinds {
			err := read(tbl)
			if err == nil {
				continue
			}
			if socialsvc.ErrorCode(err) != socialsvc.Invalid {
				t.Fatalf("error of code %s: %v", socialsvc.ErrorCode(err), err)
			}
			for _, fe := range socialsvc.ErrorFields(err) {
				if fe.Row < 0 || (tbl.Format == "csv" && fe.Row > lines) {
					t.Fatalf("error on line %d of a file of %d lines", fe.Row, lines)
				}
			}
		}
	})
}
