package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

func dualReport(t *testing.T) *FinancialReport {
	t.Helper()
	p, partners, orgs, budget, exp, funds := dualFixture()
	r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, funds)
	require.NoError(t, err)
	return r
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, dualReport(t)))
	var v map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
	assert.Equal(t, "financial", v["kind"])
	assert.Equal(t, "cz", v["project_id"])
	assert.Equal(t, "HRK", v["dual_currency"])
	assert.Equal(t, "2024-03-01T10:00:00Z", v["generated_at"])
	total := v["total"].(map[string]any)
	assert.Equal(t, map[string]any{"amount": "1483.35", "currency": "EUR"}, total["budget"])
	assert.Equal(t, map[string]any{"amount": "11176.31", "currency": "HRK"}, total["budget_dual"])
	assert.Equal(t, "94.39", total["absorption_percent"]) // office spending is 15 % of staff spent
	line := v["lines"].([]any)[0].(map[string]any)
	assert.Equal(t, "p1", line["partner_id"])
	assert.Equal(t, "staff", line["category"])
	assert.Equal(t, float64(1), line["period"])
	dc := v["dual_check"].(map[string]any)["budget"].(map[string]any)
	assert.Equal(t, map[string]any{"amount": "-0.01", "currency": "HRK"}, dc["difference"])
	funding := v["funding"].(map[string]any)
	assert.Equal(t, map[string]any{"amount": "296.67", "currency": "EUR"}, funding["own_contribution"])
}

// readCSV checks the byte-order mark every CSV starts with and reads
// the records after it.
func readCSV(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte("\uFEFF")), "UTF-8 byte-order mark")
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = comma
	recs, err := r.ReadAll()
	require.NoError(t, err, "a flat CSV: every line as wide as the header")
	return recs
}

func TestWriteCSV(t *testing.T) {
	rep := dualReport(t)
	t.Run("plain table", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteCSV(&buf, rep, CSVOptions{Table: "partners"}))
		recs := readCSV(t, buf.Bytes(), ',')
		require.Len(t, recs, 4, "header, two partners, total")
		assert.Equal(t, []string{"Partner", "Role", "Budget (EUR)", "Spent (EUR)", "Remaining (EUR)", "Absorption (%)", "Budget (HRK)", "Spent (HRK)", "Remaining (HRK)", "Expenditure lines"}, recs[0])
		assert.Equal(t, []string{"K-zona", "lead partner", "1150.00", "1265.00", "-115.00", "110.00", "8664.68", "9531.14", "-866.46", "3"}, recs[1])
		assert.Equal(t, []string{"Total", "", "1483.35", "1400.14", "83.21", "94.39", "11176.31", "10531.14", "645.17", "4"}, recs[3])
		assert.NotContains(t, buf.String(), "\r\n")
	})
	t.Run("croatian", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, WriteCSV(&buf, rep, CSVOptions{Croatian: true, Table: "partners"}))
		recs := readCSV(t, buf.Bytes(), ';')
		assert.Equal(t, "Proračun (EUR)", recs[0][2])
		assert.Equal(t, []string{"K-zona", "vodeći partner", "1150,00", "1265,00", "-115,00", "110,00", "8664,68", "9531,14", "-866,46", "3"}, recs[1])
		assert.Contains(t, buf.String(), "\r\n")
	})
	t.Run("the main table when none is chosen", func(t *testing.T) {
		var def, lines bytes.Buffer
		require.NoError(t, WriteCSV(&def, rep, CSVOptions{}))
		require.NoError(t, WriteCSV(&lines, rep, CSVOptions{Table: "lines"}))
		assert.Equal(t, lines.String(), def.String())
		assert.Equal(t, "lines", MainTable(rep))
		recs := readCSV(t, def.Bytes(), ',')
		require.Len(t, recs, 9, "header, 5 lines, 2 partner subtotals, the total")
		assert.Equal(t, []string{"Partner", "Cost category", "Period", "Budget (EUR)", "Spent (EUR)", "Remaining (EUR)", "Absorption (%)", "Budget (HRK)", "Spent (HRK)", "Remaining (HRK)", "Expenditure lines"}, recs[0])
		assert.Equal(t, []string{"K-zona", "staff costs", "1", "1000.00", "1100.00", "-100.00", "110.00", "7534.50", "8287.95", "-753.45", "3"}, recs[1])
		assert.Equal(t, []string{"K-zona", "Partner total", "", "1150.00", "1265.00", "-115.00", "110.00", "8664.68", "9531.14", "-866.46", "3"}, recs[3])
		assert.Equal(t, []string{"Total", "", "", "1483.35", "1400.14", "83.21", "94.39", "11176.31", "10531.14", "645.17", "4"}, recs[8])
		assert.NotContains(t, def.String(), "Co-financing", "one table per file, no titles or notes")
	})
	t.Run("formula guard, headings included", func(t *testing.T) {
		p, partners, orgs, budget, exp, funds := dualFixture()
		funds[0].Code = "=1+1"
		orgs["o1"] = socialsvc.Organisation{ID: "o1", Name: `=HYPERLINK("http://x","y")`}
		r, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, funds)
		require.NoError(t, err)
		for _, hr := range []bool{false, true} {
			var all strings.Builder
			negative := 0
			for _, tb := range r.Tables(socialsvc.EN) {
				var buf bytes.Buffer
				require.NoError(t, WriteCSV(&buf, r, CSVOptions{Croatian: hr, Lang: socialsvc.EN, Table: tb.ID}))
				all.Write(buf.Bytes())
				comma := ','
				if hr {
					comma = ';'
				}
				for _, rec := range readCSV(t, buf.Bytes(), comma) {
					for _, c := range rec {
						if c == "" {
							continue
						}
						switch c[0] {
						case '=', '+', '@', '\t', '\r':
							t.Errorf("cell %q would run as a formula", c)
						case '-':
							negative++
							assert.Regexp(t, `^-[0-9]+([.,][0-9]+)?$`, c, "only plain negative numbers may start with -")
						}
					}
				}
			}
			out := all.String()
			assert.Contains(t, out, "'=1+1 (EUR)")
			assert.Contains(t, out, `'=HYPERLINK(""http://x"",""y"")`)
			assert.NotContains(t, out, ",=1+1")
			assert.Positive(t, negative, "the report has negative amounts, kept as numbers")
		}
	})
	t.Run("unknown table", func(t *testing.T) {
		var buf bytes.Buffer
		err := WriteCSV(&buf, rep, CSVOptions{Table: "nope"})
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
		fields := socialsvc.ErrorFields(err)
		require.Len(t, fields, 1)
		assert.Equal(t, "table", fields[0].Field)
		assert.Equal(t, `the report has no table "nope"; its tables are: lines, partners, categories, periods, cofinancing, funds, flat_rates, conversions, dual_check`, fields[0].Message)
		assert.Zero(t, buf.Len())
	})
}

// A report with exact counts keeps its confidential mark as the first
// line of every CSV, as wide as the table, and of the ZIP's info file.
func TestWriteCSVConfidential(t *testing.T) {
	s, _ := seeded(t)
	rep, err := Beneficiaries(context.Background(), s, demo.ProjectSocialAtelier, Options{Now: fixedNow, Disclosure: Exact})
	require.NoError(t, err)
	require.True(t, rep.Confidential)
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, rep, CSVOptions{Table: "summary"}))
	recs := readCSV(t, buf.Bytes(), ',')
	assert.Equal(t, []string{"CONFIDENTIAL: contains unprotected counts", ""}, recs[0])
	assert.Equal(t, []string{"Measure", "Count"}, recs[1])

	buf.Reset()
	require.NoError(t, WriteCSV(&buf, rep, CSVOptions{Croatian: true}))
	recs = readCSV(t, buf.Bytes(), ';')
	assert.Equal(t, []string{"POVJERLJIVO: sadrži nezaštićene brojeve", "", "", "", "", ""}, recs[0])
	assert.Equal(t, []string{"Ciljna skupina", "Žene", "Muškarci", "Drugo", "Nepoznato ili izbrisano", "Ukupno"}, recs[1], "the main table: individuals by target group")

	pub, err := Beneficiaries(context.Background(), s, demo.ProjectSocialAtelier, Options{Now: fixedNow})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, WriteCSV(&buf, pub, CSVOptions{}))
	recs = readCSV(t, buf.Bytes(), ',')
	assert.Equal(t, []string{"Target group", "Women", "Men", "Other", "Unknown or erased", "Total"}, recs[0], "the public release has no mark")
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, dualReport(t), socialsvc.HR))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.GreaterOrEqual(t, len(sheets), 8)
	assert.Equal(t, "Podaci", sheets[0])
	sheet := "Po partnerima"
	require.Contains(t, sheets, sheet)

	head, err := f.GetCellValue(sheet, "C1")
	require.NoError(t, err)
	assert.Equal(t, "Proračun (EUR)", head)
	typ, err := f.GetCellType(sheet, "C2")
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, typ, "amounts are numbers, not text")
	assert.NotEqual(t, excelize.CellTypeInlineString, typ)
	raw, err := f.GetCellValue(sheet, "C2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "1150", raw)
	styleID, err := f.GetCellStyle(sheet, "C2")
	require.NoError(t, err)
	style, err := f.GetStyle(styleID)
	require.NoError(t, err)
	require.NotNil(t, style.CustomNumFmt)
	assert.Contains(t, *style.CustomNumFmt, "€")
	hrkStyleID, err := f.GetCellStyle(sheet, "G2")
	require.NoError(t, err)
	hrkStyle, err := f.GetStyle(hrkStyleID)
	require.NoError(t, err)
	require.NotNil(t, hrkStyle.CustomNumFmt)
	assert.Contains(t, *hrkStyle.CustomNumFmt, "kn")
	pctRaw, err := f.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "1.1", pctRaw)

	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)
	w, err := f.GetColWidth(sheet, "A")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, w, float64(len("Vestigium")))
}

func TestWriteHTML(t *testing.T) {
	rep := dualReport(t)
	tests := []struct {
		lang socialsvc.Lang
		want []string
	}{
		{socialsvc.HR, []string{`<html lang="hr">`, "1.483,35 €", "11.176,31 kn", "94,39 %", "1.3.2024.", "Izračunati trošak (EUR)", "ukupan iznos partnera ne smije se premašiti", "Sufinanciranje po partnerima"}},
		{socialsvc.EN, []string{`<html lang="en">`, "€1,483.35", "HRK 11,176.31", "94.39%", "1 Mar 2024", "Computed spending (EUR)", "the partner&#39;s total cannot be exceeded", "Co-financing by partner"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteHTML(&buf, rep, tt.lang))
			s := buf.String()
			for _, want := range append(tt.want, "<caption>", `<th scope="col"`, `<th scope="row">`, "<svg", `role="img"`, `@media print`) {
				assert.Contains(t, s, want)
			}
			assert.NotContains(t, s, "<script")
		})
	}
}

// iatiSchema is the path of an IATI 2.03 schema kept in testdata (with
// iati-common.xsd and xml.xsd beside it, as the schemas include them).
func iatiSchema(name string) string { return filepath.Join("testdata", "iati", "schema", name) }

// validateIATI runs xmllint against the activity schema.
func validateIATI(t *testing.T, xmlBytes []byte) {
	t.Helper()
	validateXSD(t, iatiSchema("iati-activities-schema.xsd"), xmlBytes)
}

// validateXSD runs xmllint against a schema. Without xmllint the test
// skips, except under CI (which installs it), where it fails.
func validateXSD(t *testing.T, xsd string, xmlBytes []byte) {
	t.Helper()
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint not installed (apt-get install libxml2-utils)")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	path := filepath.Join(t.TempDir(), "out.xml")
	require.NoError(t, os.WriteFile(path, xmlBytes, 0o600))
	out, err := exec.Command(lint, "--noout", "--schema", xsd, path).CombinedOutput()
	require.NoError(t, err, "xmllint: %s", out)
}

func TestIATIFromFixture(t *testing.T) {
	p, partners, orgs, budget, exp, funds := dualFixture()
	p.Regions = []socialsvc.Region{{Code: "HR050", Version: socialsvc.NUTS2021}}
	p.Description = socialsvc.I18n{"hr": "Opis & <više>", "en": "Description"}
	orgs["o1"] = socialsvc.Organisation{ID: "o1", Name: "K-zona", Country: "HR", TaxID: "12345678903", LegalStatus: socialsvc.LegalNGO}
	orgs["o2"] = socialsvc.Organisation{ID: "o2", Name: "JM Norway", Country: "NO", LegalStatus: socialsvc.LegalNGO}
	fin, err := buildFinancial(p, Scope{}, Options{Now: fixedNow}, partners, orgs, budget, budget, exp, exp, funds)
	require.NoError(t, err)
	ind := &IndicatorReport{}
	computeIndicators(ind, p, Scope{}, &indicatorData{})
	a, err := buildIATI(p, IATIOptions{}, fixedNow(), partners, orgs, funds, fin, ind)
	require.NoError(t, err)

	// The publisher's org-id.guide identifier (HR-OIB from the tax
	// number) and the project ID, which survives an edit of the acronym.
	assert.Equal(t, "HR-OIB-12345678903-cz", a.Identifier)
	assert.Equal(t, "HR-OIB-12345678903", a.ReportingOrg.Ref)
	assert.Equal(t, "3", a.Status.Code, "in implementation after the end date: finalisation")
	assert.Equal(t, []IATIDate{{"1", "2022-10-01"}, {"2", "2022-10-01"}, {"3", "2023-12-31"}}, a.Dates)
	var roles []string
	for _, po := range a.ParticipatingOrgs {
		roles = append(roles, po.Role+":"+po.Type)
	}
	assert.Equal(t, []string{"1:11", "2:22", "4:22", "4:24"}, roles)
	// The budget without periods spans 1.10.2022 – 31.12.2023, more than
	// a year: split by days, 92 of 457 in 2022 (1483.35 × 92 / 457 =
	// 298.619… → 298.61) and the rest in 2023.
	require.Len(t, a.Budgets, 2)
	assert.Equal(t, []string{"2022-10-01", "2022-12-31", "298.61"}, []string{a.Budgets[0].PeriodStart.ISODate, a.Budgets[0].PeriodEnd.ISODate, a.Budgets[0].Value.Amount})
	assert.Equal(t, []string{"2023-01-01", "2023-12-31", "1184.74"}, []string{a.Budgets[1].PeriodStart.ISODate, a.Budgets[1].PeriodEnd.ISODate, a.Budgets[1].Value.Amount})
	require.Len(t, a.Transactions, 2)
	assert.Equal(t, "1265.00", a.Transactions[0].Value.Amount) // staff 1.100,00 + office 15 % of it
	assert.Equal(t, "2023-12-31", a.Transactions[0].Date.ISODate)

	var buf bytes.Buffer
	require.NoError(t, WriteIATI(&buf, fixedNow(), a))
	s := buf.String()
	assert.Contains(t, s, `<narrative xml:lang="hr">Opis &amp; &lt;više&gt;</narrative>`)
	assert.Contains(t, s, `<iati-activities version="2.03" generated-datetime="2024-03-01T10:00:00Z">`)
	assert.True(t, strings.HasPrefix(s, "<?xml"))
	validateIATI(t, buf.Bytes())
}

func TestWriteIATINoActivity(t *testing.T) {
	var buf bytes.Buffer
	err := WriteIATI(&buf, fixedNow())
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
}
