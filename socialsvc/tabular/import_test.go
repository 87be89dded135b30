package tabular

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func enc1250(t *testing.T, s string) string {
	b, err := charmap.Windows1250.NewEncoder().String(s)
	require.NoError(t, err)
	return b
}

func enc88592(t *testing.T, s string) string {
	b, err := charmap.ISO8859_2.NewEncoder().String(s)
	require.NoError(t, err)
	return b
}

// got lists the fields of err as "row field rule".
func got(err error) []string {
	var out []string
	for _, f := range socialsvc.ErrorFields(err) {
		out = append(out, fmt.Sprintf("%d %s %s", f.Row, f.Field, f.Rule))
	}
	return out
}

// errorText is everything a caller is shown of err: the summaries and
// every message in both languages, and the error CSV.
func errorText(t *testing.T, err error) string {
	var b strings.Builder
	b.WriteString(err.Error())
	b.WriteString(socialsvc.ErrorMessageIn(err, socialsvc.HR))
	for _, f := range socialsvc.ErrorFields(err) {
		b.WriteString(f.Field + f.Message + f.MessageHR)
	}
	require.NoError(t, WriteErrorsCSV(&b, err, socialsvc.EN))
	require.NoError(t, WriteErrorsCSV(&b, err, socialsvc.HR))
	return b.String()
}

const expHead = "partner_id;category;period;date;description;amount\n"

// TestImportBadInputs imports each bad file and checks the errors (line,
// column, rule), that no message repeats the file's values, and that the
// store is exactly as before.
func TestImportBadInputs(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		opts   Options
		file   string
		want   []string
		secret []string // values of the file no error may repeat
	}{
		// Encodings.
		{"neither UTF-8 nor Windows-1250: undefined byte 0x81", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;1,00\nprj-a-lp;staff;1;2023-05-02;x\x81\x9a;1,00\n",
			[]string{"3 file encoding"}, nil},
		{"UTF-8 mixed with Windows-1250", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;Plaća;1,00\nprj-a-lp;staff;1;2023-05-02;Pla\xe6a;1,00\n",
			[]string{"3 file encoding"}, nil},
		{"UTF-16 with byte-order mark", "expenditure", Options{}, "\xff\xfep\x00a\x00", []string{"1 file utf16"}, nil},
		{"UTF-16 without byte-order mark (NUL bytes)", "expenditure", Options{}, "p\x00a\x00r\x00\n\x00", []string{"1 file binary"}, nil},
		{"binary file with a NUL on line 2", "expenditure", Options{}, expHead + "\x00\x01\x02", []string{"2 file binary"}, nil},
		{"U+FFFD from an earlier failed conversion", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;Pla\uFFFDa;1,00\n",
			[]string{"2 file replacement_char"}, nil},

		// CSV structure.
		{"row with a field too many", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;1,00\nprj-a-lp;staff;1;2023-05-02;ok;1;00\n",
			[]string{"3 row field_count"}, nil},
		{"row with a field too few", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;1,00\n",
			[]string{"2 row field_count"}, nil},
		{"quoted newlines keep line numbers", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;\"two\nlines\nhere\";1,00\nprj-a-lp;staff;1;2023-05-02;ok;\n",
			[]string{"5 amount required"}, nil},
		{"unterminated quote", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;\"open;1,00\n", []string{"2 file csv"}, nil},
		{"lines ending in CR only", "expenditure", Options{}, "partner_id;category;date;amount\rprj-a-lp;staff;2023-05-02;1,00\r", []string{"1 file line_ends"}, nil},
		{"empty file", "expenditure", Options{}, "", []string{"0 file required"}, nil},
		{"byte-order mark only", "expenditure", Options{}, "\xef\xbb\xbf\n\n", []string{"0 file required"}, nil},
		{"header only", "expenditure", Options{}, expHead, []string{"0 file required"}, nil},
		{"header and the template's formats line only", "attendance", Options{}, "event_id;beneficiary_id\n" + Attendance.spec.Columns[0].Format[1] + ";" + Attendance.spec.Columns[1].Format[1] + "\n",
			[]string{"0 file required"}, nil},

		// Headers: never echo a cell.
		{"beneficiary file without a header line", "beneficiaries", Options{}, "K-77,female,1987,roma,public_task,2030-12-31\nK-78,male,1990,roma,public_task,2030-12-31\n",
			[]string{"1 header header"}, []string{"female", "1987", "roma", "K-77"}},
		{"beneficiary file with an unknown column", "beneficiaries", Options{}, "reference,legal_basis,retain_until,Ivana Horvat\nK-1,public_task,2030-12-31,x\n",
			[]string{"1 D unknown_column"}, []string{"Ivana", "Horvat"}},
		{"column twice", "attendance", Options{}, "event_id,beneficiary_id,event_id\nprj-a-ev,org-a-b1,prj-a-ev\n", []string{"1 event_id duplicate_column"}, nil},
		{"required column missing", "attendance", Options{}, "event_id\nprj-a-ev\n", []string{"1 beneficiary_id required_column"}, nil},

		// Values.
		{"empty amount", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;\n", []string{"2 amount required"}, nil},
		{"amount with three decimals", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;1,005\n", []string{"2 amount money"}, nil},
		{"amount that is not a number", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;12abc\n", []string{"2 amount money"}, []string{"12abc"}},
		{"31 February", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;31.02.2023.;ok;1,00\n", []string{"2 date date"}, nil},
		{"date outside the project", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2019-05-02;ok;1,00\n", []string{"2 date within_project"}, nil},
		{"unknown currency", "expenditure", Options{}, "partner_id,category,date,amount,currency\nprj-a-lp,staff,2023-05-02,1.00,XXX\n", []string{"2 currency currency"}, nil},
		{"negative rate", "expenditure", Options{}, "partner_id,category,date,amount,currency,rate\nprj-a-lp,staff,2023-05-02,1.00,HRK,-7.5\n", []string{"2 rate positive"}, nil},
		{"period not whole", "expenditure", Options{}, expHead + "prj-a-lp;staff;1,5;2023-05-02;ok;1,00\n", []string{"2 period integer"}, nil},
		{"unknown category", "expenditure", Options{}, expHead + "prj-a-lp;catering;1;2023-05-02;ok;1,00\n", []string{"2 category cost_category"}, nil},
		{"partner that does not exist", "expenditure", Options{}, expHead + "prj-a-lp;staff;1;2023-05-02;ok;1,00\nnobody;staff;1;2023-05-02;ok;1,00\n", []string{"3 partner_id exists"}, nil},
		{"same id twice", "expenditure", Options{}, "id,partner_id,category,date,amount\nx-1,prj-a-lp,staff,2023-05-02,1.00\nx-2,prj-a-lp,staff,2023-05-02,1.00\nx-1,prj-a-lp,staff,2023-05-02,1.00\n",
			[]string{"4 id duplicate"}, nil},
		{"row naming another project", "expenditure", Options{}, "project_id,partner_id,category,date,amount\nprj-b,prj-a-lp,staff,2023-05-02,1.00\n", []string{"2 project_id path"}, nil},
		{"every row wrong, every error listed", "expenditure", Options{}, expHead + "prj-a-lp;staff;x;2023-13-01;ok;\n\nnobody;staff;1;2023-05-02;ok;1,00\n",
			[]string{"2 amount required", "2 period integer", "2 date date", "4 partner_id exists"}, nil},
		{"household not a boolean", "beneficiaries", Options{}, "org_id,reference,household,legal_basis,retain_until\norg-a,K-1,maybe,public_task,2030-12-31\n", []string{"2 household boolean"}, []string{"maybe"}},
		{"birth year not a number", "beneficiaries", Options{}, "org_id,reference,birth_year,legal_basis,retain_until\norg-a,K-1,19a7,public_task,2030-12-31\n", []string{"2 birth_year integer"}, []string{"19a7"}},
		{"legal basis empty", "beneficiaries", Options{}, "org_id,reference,legal_basis,retain_until\norg-a,K-1,,2030-12-31\n", []string{"2 legal_basis required"}, nil},
		{"unknown target group", "beneficiaries", Options{}, "org_id,reference,target_groups,legal_basis,retain_until\norg-a,K-1,roma|Bad Group!,public_task,2030-12-31\n", []string{"2 target_groups[1] target_group"}, []string{"Bad Group"}},
		{"gender not one of the list", "beneficiaries", Options{Org: "org-a"}, "reference,gender,legal_basis,retain_until\nK-1,žensko,public_task,2030-12-31\n", []string{"2 gender gender"}, []string{"žensko"}},
		{"age band not one of the list", "beneficiaries", Options{Org: "org-a"}, "reference,age_band,legal_basis,retain_until\nK-1,starija,public_task,2030-12-31\n", []string{"2 age_band age_band"}, []string{"starija"}},
		{"region not a NUTS code", "beneficiaries", Options{Org: "org-a"}, "reference,region,legal_basis,retain_until\nK-1,Trešnjevka,public_task,2030-12-31\n", []string{"2 region nuts"}, []string{"Trešnjevka", "TREŠNJEVKA"}},
		{"legal basis unknown", "beneficiaries", Options{Org: "org-a"}, "reference,legal_basis,retain_until\nK-1,pristanak mame,2030-12-31\n", []string{"2 legal_basis legal_basis"}, []string{"pristanak", "mame"}},
		{"retain_until not a date", "beneficiaries", Options{Org: "org-a"}, "reference,legal_basis,retain_until\nK-1,public_task,zauvijek\n", []string{"2 retain_until date"}, []string{"zauvijek"}},
		{"beneficiary of another organisation (editor)", "beneficiaries", Options{Org: "org-a"}, "org_id,reference,legal_basis,retain_until\norg-b,K-1,public_task,2030-12-31\n", []string{"2 org_id forbidden"}, nil},
		{"beneficiary id twice", "beneficiaries", Options{}, "id,org_id,legal_basis,retain_until\nk-9,org-a,public_task,2030-12-31\nk-9,org-a,public_task,2030-12-31\n", []string{"3 id duplicate"}, nil},
		{"event of another project", "attendance", Options{}, "event_id,beneficiary_id\nprj-a-ev,org-a-b1\nprj-b-ev,org-a-b2\n", []string{"3 event_id same_project"}, nil},
		{"person of another organisation (editor)", "attendance", Options{Org: "org-a"}, "event_id,beneficiary_id\nprj-a-ev,org-b-b1\n", []string{"2 beneficiary_id forbidden"}, nil},
		{"beneficiary that does not exist", "attendance", Options{}, "event_id;beneficiary_id\nprj-a-ev;org-a-b1\nprj-a-ev;nobody\n", []string{"3 beneficiary_id exists"}, nil},
		{"same person at the same event twice", "attendance", Options{}, "event_id,beneficiary_id\nprj-a-ev,org-a-b2\nprj-a-ev,org-a-b2\n", []string{"3 beneficiary_id duplicate"}, nil},
		{"attendance cell empty", "attendance", Options{}, "event_id,beneficiary_id\nprj-a-ev,\n", []string{"2 beneficiary_id required"}, nil},
	}
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			s := d.open(t)
			seed(t, s)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) { badInput(t, s, tt.kind, tt.opts, tt.file, tt.want, tt.secret) })
			}
		})
	}
}

// badInput imports a bad file into s and checks the errors (line,
// column, rule), that no message repeats a secret of the file, and that s
// is exactly as before.
func badInput(t *testing.T, s store.Store, kind string, opts Options, file string, want, secrets []string) {
	t.Helper()
	before := snapshot(t, s)
	opts.Project = "prj-a"
	n, err := Import(bg, s, kind, strings.NewReader(file), opts)
	require.Error(t, err)
	assert.Equal(t, 0, n)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), err.Error())
	assert.Equal(t, want, got(err), err.Error())
	text := errorText(t, err)
	for _, v := range secrets {
		assert.NotContains(t, text, v)
	}
	assert.NotContains(t, text, "\uFFFD")
	assert.Equal(t, before, snapshot(t, s), "a failed import changed the store")
}

// TestImportEncodings imports Croatian letters in each encoding a
// Croatian Excel saves and reads them back exactly.
func TestImportEncodings(t *testing.T) {
	const desc = "Plaća - čćđšž ČĆĐŠŽ"
	row := "prj-a-lp;staff;1;2023-05-02;" + desc + ";1.234,56\n"
	tests := []struct {
		name, file, enc string
	}{
		{"UTF-8", expHead + row, UTF8},
		{"UTF-8 with byte-order mark", "\xef\xbb\xbf" + expHead + row, UTF8},
		{"Windows-1250", enc1250(t, expHead+row), Windows1250},
		{"ISO-8859-2", enc88592(t, expHead+row), ISO88592},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl, err := ReadBytes([]byte(tt.file), ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.enc, tbl.Encoding)
			s := newStore(t)
			n, err := Expenditure.Import(bg, s, tbl, Options{Project: "prj-a"})
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			var found []string
			for e, err := range s.ScanExpenditure(bg, store.ExpenditureFilter{ProjectID: "prj-a"}) {
				require.NoError(t, err)
				found = append(found, e.Description+" "+e.Amount.AmountString())
			}
			assert.Equal(t, []string{desc + " 1234.56"}, found)
		})
	}
	t.Run("č ć đ only: the same in both legacy encodings", func(t *testing.T) {
		b := enc1250(t, "a;b\nčćđ;ČĆĐ\n")
		require.Equal(t, enc88592(t, "a;b\nčćđ;ČĆĐ\n"), b)
		tbl, err := ReadBytes([]byte(b), ReadOptions{})
		require.NoError(t, err)
		assert.Equal(t, ISO88592, tbl.Encoding)
		assert.Equal(t, []string{"čćđ", "ČĆĐ"}, tbl.Rows[0].Cells)
	})
}

// TestImportAllOrNothing: one wrong row among good ones writes nothing;
// the same file without it writes every row.
func TestImportAllOrNothing(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			s := d.open(t)
			seed(t, s)
			before := snapshot(t, s)
			good := "event_id,beneficiary_id\nprj-a-ev,org-a-b1\nprj-a-ev,org-a-b2\n"
			_, err := Import(bg, s, "attendance", strings.NewReader(good+"prj-a-ev,nobody\n"), Options{Project: "prj-a"})
			assert.Equal(t, []string{"4 beneficiary_id exists"}, got(err))
			assert.Equal(t, before, snapshot(t, s))
			exp := "id,partner_id,category,date,amount\nx-1,prj-a-lp,staff,2023-05-02,1.00\nx-2,prj-a-lp,staff,2023-05-02,2.00\n"
			_, err = Import(bg, s, "expenditure", strings.NewReader(exp+"x-3,prj-a-lp,staff,2023-05-02,\n"), Options{Project: "prj-a"})
			assert.Equal(t, []string{"4 amount required"}, got(err))
			assert.Equal(t, before, snapshot(t, s))

			n, err := Import(bg, s, "attendance", strings.NewReader(good), Options{Project: "prj-a"})
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			n, err = Import(bg, s, "expenditure", strings.NewReader(exp), Options{Project: "prj-a"})
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			assert.NotEqual(t, before, snapshot(t, s))
			// The same file again: the ids exist now, by the file's lines.
			after := snapshot(t, s)
			_, err = Import(bg, s, "expenditure", strings.NewReader(exp), Options{Project: "prj-a"})
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), err)
			for _, f := range socialsvc.ErrorFields(err) {
				assert.Contains(t, []int{2, 3}, f.Row)
			}
			assert.Equal(t, after, snapshot(t, s))
		})
	}
}

// TestImportTemplate: a template as downloaded, with its example row
// replaced by real rows, imports as it is, in both formats and languages.
func TestImportTemplate(t *testing.T) {
	for _, lang := range []socialsvc.Lang{socialsvc.EN, socialsvc.HR, socialsvc.SL} {
		for _, format := range []string{"csv", "xlsx"} {
			t.Run(string(lang)+" "+format, func(t *testing.T) {
				var b bytes.Buffer
				if format == "csv" {
					require.NoError(t, WriteTemplateCSV(&b, Attendance, lang))
				} else {
					require.NoError(t, WriteTemplateXLSX(&b, Attendance, lang))
				}
				tbl, err := ReadBytes(b.Bytes(), ReadOptions{})
				require.NoError(t, err)
				require.Len(t, tbl.Rows, 2)
				assert.Equal(t, []string{"event_id", "beneficiary_id"}, tbl.Header)
				assert.Equal(t, []string{"radionica-2024-03", "k-0001"}, tbl.Rows[1].Cells)
				tbl.Rows[1].Cells = []string{"prj-a-ev", "org-a-b2"}
				s := newStore(t)
				n, err := Attendance.Import(bg, s, tbl, Options{Project: "prj-a"})
				require.NoError(t, err)
				assert.Equal(t, 1, n)
			})
		}
	}
}

// TestTemplateHints: the line below the header is in the reader's
// language, whichever shipped language that is.
func TestTemplateHints(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteTemplateCSV(&b, Expenditure, socialsvc.SL))
	assert.Contains(t, b.String(), "datum, obvezno: 2024-12-31 ali 31.12.2024.")
	assert.Contains(t, b.String(), "znesek: 1234.56 ali 1.234,56 v datoteki z ločilom »;«; največ dve decimalki (obvezno)")
	b.Reset()
	require.NoError(t, WriteTemplateCSV(&b, Attendance, socialsvc.SQ))
	assert.Contains(t, b.String(), "identifikues (shkronja a-z, shifra, - dhe _) (e detyrueshme)")
}

// TestImportBOM: the templates and error files start with a byte-order
// mark, and an import reads a file the same with and without one, in
// both dialects.
func TestImportBOM(t *testing.T) {
	for name, body := range map[string]string{
		"comma":     "event_id,beneficiary_id\nprj-a-ev,org-a-b2\n",
		"semicolon": "event_id;beneficiary_id\r\nprj-a-ev;org-a-b2\r\n",
	} {
		for _, bom := range []string{"", "\uFEFF"} {
			t.Run(fmt.Sprintf("%s bom=%t", name, bom != ""), func(t *testing.T) {
				tbl, err := ReadBytes([]byte(bom+body), ReadOptions{})
				require.NoError(t, err)
				assert.Equal(t, []string{"event_id", "beneficiary_id"}, tbl.Header)
				s := newStore(t)
				n, err := Import(bg, s, "attendance", strings.NewReader(bom+body), Options{Project: "prj-a"})
				require.NoError(t, err)
				assert.Equal(t, 1, n)
			})
		}
	}
}

func TestRowsHaveErrors(t *testing.T) {
	for n, want := range map[int][2]string{
		1:   {"1 row has errors; nothing was imported", "1 redak ima pogreške; ništa nije uvezeno"},
		2:   {"2 rows have errors; nothing was imported", "2 retka imaju pogreške; ništa nije uvezeno"},
		5:   {"5 rows have errors; nothing was imported", "5 redaka ima pogreške; ništa nije uvezeno"},
		11:  {"11 rows have errors; nothing was imported", "11 redaka ima pogreške; ništa nije uvezeno"},
		12:  {"12 rows have errors; nothing was imported", "12 redaka ima pogreške; ništa nije uvezeno"},
		21:  {"21 rows have errors; nothing was imported", "21 redak ima pogreške; ništa nije uvezeno"},
		104: {"104 rows have errors; nothing was imported", "104 retka imaju pogreške; ništa nije uvezeno"},
	} {
		assert.Equal(t, want, [2]string{RowsHaveErrors(socialsvc.EN, n), RowsHaveErrors(socialsvc.HR, n)})
	}
	s := newStore(t)
	_, err := Import(bg, s, "expenditure", strings.NewReader(expHead+"prj-a-lp;staff;1;2023-05-02;ok;\n"), Options{Project: "prj-a"})
	assert.Equal(t, "1 row has errors; nothing was imported", socialsvc.ErrorMessage(err))
	assert.Equal(t, "1 redak ima pogreške; ništa nije uvezeno", socialsvc.ErrorMessageIn(err, socialsvc.HR))
	f := socialsvc.ErrorFields(err)
	require.Len(t, f, 1)
	assert.Equal(t, "amount is required", f[0].Message)
}

func TestImportOptions(t *testing.T) {
	s := newStore(t)
	_, err := Import(bg, s, "volunteers", strings.NewReader("a\n1\n"), Options{Project: "prj-a"})
	assert.Equal(t, []string{"0 kind enum"}, got(err))
	_, err = Import(bg, s, "attendance", strings.NewReader("event_id,beneficiary_id\nprj-a-ev,org-a-b2\n"), Options{})
	assert.Equal(t, []string{"0 project_id required"}, got(err))
	_, err = Import(bg, s, "attendance", strings.NewReader("event_id,beneficiary_id\nprj-a-ev,org-a-b2\n"), Options{Project: "nope"})
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
	_, err = Import(bg, s, "attendance", strings.NewReader("event_id,beneficiary_id\n"+strings.Repeat("prj-a-ev,org-a-b2\n", 100)), Options{Project: "prj-a", Read: ReadOptions{MaxBytes: 1000}})
	assert.Equal(t, []string{"0 file size"}, got(err))
}

// TestBeneficiaryDefaults: rows without org_id belong to DefaultOrg, then
// Org; every column reads in its convention.
func TestBeneficiaryDefaults(t *testing.T) {
	s := newStore(t)
	file := "reference;household;gender;birth_year;region;target_groups;legal_basis;consent_date;retain_until\n" +
		"K-1;da;Female;1950;hr050;elderly|roma;Consent;02.01.2023.;31.12.2030.\n"
	n, err := Import(bg, s, "beneficiaries", strings.NewReader(file), Options{Project: "prj-a", Org: "org-a"})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	pg, err := s.ListBeneficiaries(bg, store.BeneficiaryFilter{OrgID: "org-a"})
	require.NoError(t, err)
	var b socialsvc.Beneficiary
	for _, x := range pg.Items {
		if x.Reference == "K-1" {
			b = x
		}
	}
	assert.Equal(t, socialsvc.OrgID("org-a"), b.OrgID)
	assert.True(t, b.Household)
	assert.Equal(t, socialsvc.GenderFemale, b.Gender)
	assert.Equal(t, 1950, b.BirthYear)
	assert.Equal(t, "HR050", b.Region)
	assert.Equal(t, []socialsvc.TargetGroup{"elderly", "roma"}, b.TargetGroups)
	assert.Equal(t, "2023-01-02", b.ConsentDate.String())
	assert.Equal(t, "2030-12-31", b.RetainUntil.String())
}
