package report

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
)

func TestSheetName(t *testing.T) {
	tests := []struct {
		name, title string
		used        []string
		want        string
	}{
		{"fits", "Po partnerima", nil, "Po partnerima"},
		{"exactly 31", "Expenditure in other currencies", nil, "Expenditure in other currencies"},
		{"cut after a word, no dangling comma", "Budget and expenditure by partner, category and period", nil, "Budget and expenditure by"},
		{"cut before a colon", "Preračunavanje u drugu valutu: razlika zaokruživanja", nil, "Preračunavanje u drugu valutu"},
		{"one long word is cut, nothing else fits", "Donaudampfschifffahrtsgesellschaftskapitän", nil, "Donaudampfschifffahrtsgesellsch"},
		{"characters Excel refuses", "Plan/actual [2024]: A*B?", nil, "Plan-actual -2024-- A-B-"},
		{"empty", " '' ", nil, "Sheet"},
		{"taken, case aside", "By period", []string{"by period"}, "By period (2)"},
		{"taken twice", "By period", []string{"by period", "by period (2)"}, "By period (3)"},
		{"taken and long: the suffix fits at a word", "Expenditure in other currencies", []string{"expenditure in other currencies"}, "Expenditure in other (2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			used := map[string]bool{}
			for _, u := range tt.used {
				used[u] = true
			}
			got := sheetName(tt.title, used)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, utf8.RuneCountInString(got), 31)
			assert.True(t, used[strings.ToLower(got)], "recorded as used")
		})
	}
}

// The table IDs of every report kind are listed in the order Tables
// returns them, none is "info" (the ZIP's info file), and every table
// has a sheet name in each language that fits Excel's 31 characters.
func TestTableIDsAndSheetLabels(t *testing.T) {
	s, ds := seeded(t)
	ctx := context.Background()
	var reps []Report
	for _, p := range ds.Projects {
		fin, err := Financial(ctx, s, p.ID, Options{})
		require.NoError(t, err)
		ind, err := Indicators(ctx, s, p.ID, Options{})
		require.NoError(t, err)
		ben, err := Beneficiaries(ctx, s, p.ID, Options{})
		require.NoError(t, err)
		par, err := ParticipantsOf(ctx, s, p.ID, Options{})
		require.NoError(t, err)
		reps = append(reps, fin, ind, ben, par)
	}
	for _, o := range ds.Organisations {
		pf, err := Portfolio(ctx, s, o.ID, Options{})
		require.NoError(t, err)
		reps = append(reps, pf)
	}
	seen := map[Kind]map[string]bool{}
	for _, rep := range reps {
		k := rep.ReportHeader().Kind
		ids := TableIDs(k)
		last := -1
		for _, tb := range rep.Tables(socialsvc.EN) {
			i := strings.Index(","+strings.Join(ids, ",")+",", ","+tb.ID+",")
			require.GreaterOrEqual(t, i, 0, "%s table %s is not in TableIDs", k, tb.ID)
			assert.Greater(t, i, last, "%s table %s out of TableIDs' order", k, tb.ID)
			last = i
			if seen[k] == nil {
				seen[k] = map[string]bool{}
			}
			seen[k][tb.ID] = true
		}
		assert.Equal(t, mainTables[k], MainTable(rep), "%s: the main table is there", k)
	}
	for k, ids := range tableIDs {
		assert.NotContains(t, ids, "info", k)
		for _, id := range ids {
			if k == KindFinancial && (id == "cost_options") {
				continue // no seed project budgets unit costs (financial_unit_test does)
			}
			assert.True(t, seen[k][id], "%s table %s appears in some seed report", k, id)
		}
		for _, id := range ids {
			i18ntest.CheckIDs(t, "sheet."+string(k)+"."+id)
			for _, lang := range i18n.Languages() {
				name := sheetLabel(lang, string(k)+"."+id)
				assert.NotEmpty(t, name, "%s.%s has a sheet name in %s", k, id, lang)
				assert.LessOrEqual(t, utf8.RuneCountInString(name), 31, name)
				assert.Equal(t, name, sheetName(name, map[string]bool{}), "%q is a valid sheet name as it is", name)
			}
		}
	}
	i18ntest.CheckIDs(t, "sheet.info", "sheet.tables", "sheet.col.measure", "sheet.col.fund_rate", "sheet.col.converted")
	assert.Nil(t, TableIDs("nope"))
	assert.Empty(t, sheetLabel(socialsvc.EN, "nope.nope"), "a table without a sheet name is named after its title")
}

// Every kind of fund has its label in every language, and the sheet
// names of a workbook in each language are that language's.
func TestSheetLabelsInEveryLanguage(t *testing.T) {
	for _, k := range []socialsvc.FundKind{socialsvc.FundEU, socialsvc.FundNational, socialsvc.FundRegional, socialsvc.FundCity,
		socialsvc.FundForeignGov, socialsvc.FundPrivate, socialsvc.FundOther} {
		i18ntest.CheckIDs(t, "fund_kind."+string(k))
	}
	assert.Equal(t, "sklad Evropske unije", socialsvc.FundEU.Label("sl"))
	assert.Equal(t, "fond i Bashkimit Evropian", socialsvc.FundEU.Label("sq"))
	assert.Equal(t, "gradski budžet", socialsvc.FundCity.Label("sr-Latn"))
	assert.Equal(t, "eu-fund", socialsvc.FundKind("eu-fund").Label(socialsvc.EN), "a kind no catalogue has is shown as its code")
	assert.Equal(t, "Stopnja ERDF (%)", sheetLabelf("sl", "col.fund_rate", map[string]any{"Fund": "ERDF"}))

	s, _ := seeded(t)
	fin, err := Financial(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	want := map[socialsvc.Lang][]string{
		"sl":      {"Podatki", "Partner, kategorija, obdobje", "Po partnerjih", "Po kategorijah stroškov", "Po obdobjih", "Sofinanciranje", "Viri financiranja", "Pavšalne postavke", "Izdatki v drugih valutah", "Načrtovani tečaj", "Cikel poročanja", "Razlika zaradi zaokroževanja"},
		"sr-Latn": {"Podaci", "Partner, kategorija, period", "Po partnerima", "Po kategorijama troškova", "Po periodima", "Sufinansiranje", "Izvori finansiranja", "Paušalne stavke", "Troškovi u drugim valutama", "Planski kurs", "Ciklus izveštavanja", "Razlika zaokruživanja"},
		"sq":      {"Të dhëna", "Partneri, kategoria, periudha", "Sipas partnerit", "Sipas kategorisë së kostos", "Sipas periudhës", "Bashkëfinancimi", "Burimet e financimit", "Zërat me normë fikse", "Shpenzime në monedha të tjera", "Kursi i planifikimit", "Cikli i raportimit", "Diferenca e rrumbullakimit"},
	}
	for lang, sheets := range want {
		var buf bytes.Buffer
		require.NoError(t, WriteXLSX(&buf, fin, lang))
		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		assert.Equal(t, sheets, f.GetSheetList(), lang)
		kind, err := f.GetCellValue(sheets[6], "C2")
		require.NoError(t, err)
		assert.Equal(t, socialsvc.FundEU.Label(lang), kind, lang)
		f.Close()
	}
}

func TestFileName(t *testing.T) {
	fin := &FinancialReport{Header: Header{Kind: KindFinancial, ProjectID: "2sokrog", Acronym: "2SoKroG"}}
	noAcronym := &FinancialReport{Header: Header{Kind: KindFinancial, ProjectID: "prj-a"}}
	spaced := &BeneficiaryReport{Header: Header{Kind: KindBeneficiaries, ProjectID: "centri-zajednice", Acronym: "Centri zajednice"}}
	pf := &PortfolioReport{Header: Header{Kind: KindPortfolio, OrgID: "czss-cakovec", Acronym: "CZSS Čakovec / Međimurje"}}
	tests := []struct {
		rep         Report
		table, ext  string
		lang        socialsvc.Lang
		want, ascii string
	}{
		{fin, "partners", "csv", "sl", "2SoKroG-financial-partners-sl.csv", "2SoKroG-financial-partners-sl.csv"},
		{fin, "dual_check", "csv", socialsvc.HR, "2SoKroG-financial-dual-check-hr.csv", "2SoKroG-financial-dual-check-hr.csv"},
		{fin, "", "xlsx", "sr-Latn", "2SoKroG-financial-sr-Latn.xlsx", "2SoKroG-financial-sr-Latn.xlsx"},
		{noAcronym, "lines", "csv", socialsvc.EN, "prj-a-financial-lines-en.csv", "prj-a-financial-lines-en.csv"},
		{spaced, "individuals_by_target_group", "csv", "sq", "Centri-zajednice-beneficiaries-individuals-by-target-group-sq.csv", "Centri-zajednice-beneficiaries-individuals-by-target-group-sq.csv"},
		{pf, "", "zip", socialsvc.HR, "CZSS-Čakovec-Međimurje-portfolio-hr.zip", "CZSS-Cakovec-Medimurje-portfolio-hr.zip"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FileName(tt.rep, tt.table, tt.lang, tt.ext)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.ascii, ASCIIFileName(got))
		})
	}
	assert.Equal(t, "Zeljko-Suic-Shkelqim-Strasse-aeble.csv", ASCIIFileName("Željko-Šuić-Shkëlqim-Straße-æble.csv"))
	assert.Equal(t, "a-b.csv", ASCIIFileName(`a"b.csv`), "nothing that needs quoting")
}

// sheetFilter returns the autofilter range of each sheet as the
// workbook's hidden _FilterDatabase names record it, and checks that the
// sheet's own XML has the same autoFilter element.
func sheetFilters(t *testing.T, b []byte, f *excelize.File) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			out[dn.Scope] = strings.TrimPrefix(dn.RefersTo, "'"+dn.Scope+"'!")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	refs := map[string]bool{}
	re := regexp.MustCompile(`<autoFilter ref="([A-Z0-9:$]+)"`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		require.NoError(t, err)
		x, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		for _, m := range re.FindAllSubmatch(x, -1) {
			refs[string(m[1])] = true
		}
	}
	for sheet, ref := range out {
		assert.True(t, refs[ref], "sheet %s has its autoFilter element %s", sheet, ref)
	}
	return out
}

// headers returns the first row of every sheet after the info sheet.
func headers(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sh := range f.GetSheetList()[1:] {
		rows, err := f.GetRows(sh)
		require.NoError(t, err)
		out[sh] = strings.Join(rows[0], " | ")
	}
	return out
}

// TestXLSXSheetsFiltersHeaders reads back the workbooks of every report
// kind in each language: sheet names, autofilter ranges and header texts
// exactly.
func TestXLSXSheetsFiltersHeaders(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	fin, err := Financial(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ind, err := Indicators(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ben, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow})
	require.NoError(t, err)
	pf, err := Portfolio(ctx, s, "zrs-bistra-ptuj", Options{Now: fixedNow})
	require.NoError(t, err)

	amountsHR := "Proračun (EUR) | Utrošeno (EUR) | Preostalo (EUR) | Iskorištenost (%) | Proračun (HRK) | Utrošeno (HRK) | Preostalo (HRK) | Broj troškova"
	amountsEN := "Budget (EUR) | Spent (EUR) | Remaining (EUR) | Absorption (%) | Budget (HRK) | Spent (HRK) | Remaining (HRK) | Expenditure lines"
	gendersHR := "Žene | Muškarci | Drugo | Nepoznato ili izbrisano | Ukupno"
	gendersEN := "Women | Men | Other | Unknown or erased | Total"
	type sheet struct{ name, filter, header string }
	tests := []struct {
		rep    Report
		lang   socialsvc.Lang
		info   string
		sheets []sheet
	}{
		{fin, socialsvc.HR, "Podaci", []sheet{
			{"Partner, kategorija, razdoblje", "$A$1:$K$128", "Partner | Kategorija troška | Razdoblje | " + amountsHR},
			{"Po partnerima", "$A$1:$J$17", "Partner | Uloga | " + amountsHR},
			{"Po kategorijama troška", "$A$1:$I$7", "Kategorija troška | " + amountsHR},
			{"Po razdobljima", "$A$1:$I$6", "Razdoblje | " + amountsHR},
			{"Sufinanciranje", "$A$1:$E$9", "Partner | Prihvatljivi iznos (EUR) | Stopa ERDF (%) | ERDF (EUR) | Vlastiti doprinos (EUR)"},
			{"Izvori financiranja", "$A$1:$E$4", "Oznaka | Fond | Vrsta izvora | Iznos (EUR) | Udio (%)"},
			{"Paušalne stavke", "$A$1:$L$29", "Partner | Razdoblje | Vrsta paušala | Kategorija troška | Osnovica | Stopa (%) | Iznos osnovice (EUR) | Pohranjeni iznos (EUR) | Iznos po stopi (EUR) | Zastarjelo | Prijavljena osnovica (EUR) | Izračunati trošak (EUR)"},
			{"Troškovi u drugim valutama", "$A$1:$I$41", "Partner | Kategorija troška | Razdoblje | Valuta | Plaćeno | Preračunato po pohranjenom tečaju (EUR) | Broj troškova | Po fiksnom tečaju (EUR) | Razlika (EUR)"},
			{"Planski tečaj", "$A$1:$B$6", "Podatak | Vrijednost"},
			{"Ciklus izvješćivanja", "$A$1:$F$17", "Partner | Proračun (EUR) | Utrošeno (EUR) | Prijavljeno (EUR) | Ovjereno (EUR) | Isplaćeno (EUR)"},
			{"Razlika zaokruživanja", "$A$1:$D$3", "Iznos | Zbroj preračunatih stavki (HRK) | Preračunati ukupni iznos (HRK) | Razlika (HRK)"},
		}},
		{fin, socialsvc.EN, "Info", []sheet{
			{"Partner, category, period", "$A$1:$K$128", "Partner | Cost category | Period | " + amountsEN},
			{"By partner", "$A$1:$J$17", "Partner | Role | " + amountsEN},
			{"By cost category", "$A$1:$I$7", "Cost category | " + amountsEN},
			{"By period", "$A$1:$I$6", "Period | " + amountsEN},
			{"Co-financing", "$A$1:$E$9", "Partner | Eligible total (EUR) | ERDF rate (%) | ERDF (EUR) | Own contribution (EUR)"},
			{"Sources of funding", "$A$1:$E$4", "Code | Fund | Kind of source | Amount (EUR) | Share (%)"},
			{"Flat-rate lines", "$A$1:$L$29", "Partner | Period | Flat-rate kind | Cost category | Base | Rate (%) | Base amount (EUR) | Stored amount (EUR) | Amount by rate (EUR) | Stale | Reported base (EUR) | Computed spending (EUR)"},
			{"Expenditure in other currencies", "$A$1:$I$41", "Partner | Cost category | Period | Currency | Paid | Converted at the stored rate (EUR) | Expenditure lines | At the fixed rate (EUR) | Difference (EUR)"},
			{"Planning rate", "$A$1:$B$6", "Field | Value"},
			{"Reporting cycle", "$A$1:$F$17", "Partner | Budget (EUR) | Spent (EUR) | Declared (EUR) | Certified (EUR) | Paid (EUR)"},
			{"Rounding difference", "$A$1:$D$3", "Amount | Sum of converted lines (HRK) | Converted total (HRK) | Difference (HRK)"},
		}},
		{ind, socialsvc.HR, "Podaci", []sheet{
			{"Napredak pokazatelja", "", "Oznaka | Pokazatelj | Vrsta | Jedinica | Polazna vrijednost | Ciljna vrijednost | Ostvareno | % cilja | Izvor"},
			{"Po razdobljima", "", "Oznaka | Razdoblje | Početak | Kraj | U razdoblju | Kumulativno | % cilja | Uneseno | Izračunato"},
			{"Izvori izračuna", "", "Oznaka | Razdoblje | Način izračuna | Vrste događaja | Događaji | Zapisi o dolascima | Prijavljeni sudionici | Osobe | Događaji (ID)"},
		}},
		{ind, socialsvc.EN, "Info", []sheet{
			{"Indicator progress", "", "Code | Indicator | Kind | Unit | Baseline | Target | Achieved | % of target | Source"},
			{"By period", "", "Code | Period | Start | End | In period | Cumulative | % of target | Entered | Computed"},
			{"Sources of computed values", "", "Code | Period | Computation | Event types | Events | Attendance records | Reported participants | Individuals | Event IDs"},
		}},
		{ben, socialsvc.HR, "Podaci", []sheet{
			{"Ukupno", "$A$1:$B$3", "Mjera | Broj"},
			{"Osobe po ciljnim skupinama", "", "Ciljna skupina | " + gendersHR},
			{"Osobe po dobnim skupinama", "", "Dobna skupina | " + gendersHR},
			{"Osobe po regijama", "", "Regija | " + gendersHR},
			{"Osobe po razdobljima", "", "Razdoblje | " + gendersHR},
			{"Posjeti po ciljnim skupinama", "", "Ciljna skupina | " + gendersHR},
			{"Posjeti po dobnim skupinama", "", "Dobna skupina | " + gendersHR},
			{"Posjeti po regijama", "", "Regija | " + gendersHR},
			{"Posjeti po razdobljima", "", "Razdoblje | " + gendersHR},
		}},
		{ben, socialsvc.EN, "Info", []sheet{
			{"Totals", "$A$1:$B$3", "Measure | Count"},
			{"Individuals by target group", "", "Target group | " + gendersEN},
			{"Individuals by age band", "", "Age band | " + gendersEN},
			{"Individuals by region", "", "Region | " + gendersEN},
			{"Individuals by period", "", "Period | " + gendersEN},
			{"Visits by target group", "", "Target group | " + gendersEN},
			{"Visits by age band", "", "Age band | " + gendersEN},
			{"Visits by region", "", "Region | " + gendersEN},
			{"Visits by period", "", "Period | " + gendersEN},
		}},
		{pf, socialsvc.HR, "Podaci", []sheet{
			{"Projekti", "$A$1:$K$3", "Akronim | Naziv | Status | Uloga | Početak | Kraj | Valuta | Proračun | Utrošeno | Preostalo | Iskorištenost (%)"},
			{"Ukupno po valutama", "$A$1:$F$2", "Valuta | Projekti | Proračun | Utrošeno | Preostalo | Iskorištenost (%)"},
			{"Po izvorima financiranja", "$A$1:$F$4", "Oznaka | Fond | Vrsta izvora | Valuta | Projekti | Iznos"},
			{"Po statusu", "$A$1:$E$2", "Status | Valuta | Projekti | Proračun | Utrošeno"},
			{"Troškovi po godinama", "$A$1:$D$4", "Godina | Valuta | Projekti | Utrošeno"},
			{"Po regijama", "$A$1:$D$6", "Regija | Valuta | Projekti | Proračun"},
			{"Pokazatelji", "$A$1:$H$7", "Oznaka | Pokazatelj | Jedinica | Projekti | Polazna vrijednost | Ciljna vrijednost | Ostvareno | % cilja"},
		}},
		{pf, socialsvc.EN, "Info", []sheet{
			{"Projects", "$A$1:$K$3", "Acronym | Title | Status | Role | Start | End | Currency | Budget | Spent | Remaining | Absorption (%)"},
			{"Totals by currency", "$A$1:$F$2", "Currency | Projects | Budget | Spent | Remaining | Absorption (%)"},
			{"By source of funding", "$A$1:$F$4", "Code | Fund | Kind of source | Currency | Projects | Amount"},
			{"By status", "$A$1:$E$2", "Status | Currency | Projects | Budget | Spent"},
			{"Expenditure by year", "$A$1:$D$4", "Year | Currency | Projects | Spent"},
			{"By region", "$A$1:$D$6", "Region | Currency | Projects | Budget"},
			{"Indicators", "$A$1:$H$7", "Code | Indicator | Unit | Projects | Baseline | Target | Achieved | % of target"},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.rep.ReportHeader().Kind)+"/"+string(tt.lang), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteXLSX(&buf, tt.rep, tt.lang))
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			defer f.Close()
			names := []string{tt.info}
			for _, sh := range tt.sheets {
				names = append(names, sh.name)
			}
			assert.Equal(t, names, f.GetSheetList())
			filters := sheetFilters(t, buf.Bytes(), f)
			assert.NotContains(t, filters, tt.info, "the info sheet is not a table")
			heads := headers(t, f)
			tables := tt.rep.Tables(tt.lang)
			for i, sh := range tt.sheets {
				assert.Equal(t, sh.header, heads[sh.name], sh.name)
				want := sh.filter
				if want == "" { // the same range whatever the seed's counts: header and rows
					last, err := excelize.CoordinatesToCellName(len(tables[i].Columns), 1+len(tables[i].Rows), true)
					require.NoError(t, err)
					want = "$A$1:" + last
				}
				assert.Equal(t, want, filters[sh.name], "autofilter of %s", sh.name)
			}
		})
	}
}

// cellFormat returns the number format of a cell: the built-in NumFmt
// and the custom format.
func cellFormat(t *testing.T, f *excelize.File, sheet, cell string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	custom := ""
	if st.CustomNumFmt != nil {
		custom = *st.CustomNumFmt
	}
	return st.NumFmt, custom
}

// Years are plain numbers (2018, never 2.018 as a grouped count in a
// Croatian Excel), counts are grouped integers, amounts carry their
// currency format, and codes come with their labels: fund kinds by name,
// the own contribution without the JSON code "own".
func TestXLSXFormatsAndLabels(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	pf, err := Portfolio(ctx, s, "zrs-bistra-ptuj", Options{Now: fixedNow})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, pf, socialsvc.HR))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()

	years, err := f.GetRows("Troškovi po godinama", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Godina", "Valuta", "Projekti", "Utrošeno"},
		{"2018", "EUR", "1", "0"}, {"2019", "EUR", "1", "263998.53"}, {"2020", "EUR", "1", "224435.59"}}, years)
	typ, err := f.GetCellType("Troškovi po godinama", "A2")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeUnset, typ, "a year is a number, not text")
	numFmt, custom := cellFormat(t, f, "Troškovi po godinama", "A2")
	assert.Equal(t, 1, numFmt, "a year has the format 0: no thousands separator")
	assert.Empty(t, custom)
	numFmt, custom = cellFormat(t, f, "Troškovi po godinama", "C2")
	assert.Equal(t, 3, numFmt, "a count is #,##0: grouped, no decimals, no currency")
	assert.Empty(t, custom)
	_, custom = cellFormat(t, f, "Troškovi po godinama", "D3")
	assert.Equal(t, `#,##0.00\ "€";-#,##0.00\ "€"`, custom, "an amount has its currency")

	funds, err := f.GetRows("Po izvorima financiranja")
	require.NoError(t, err)
	require.Len(t, funds, 4)
	assert.Equal(t, []string{"ERDF", "Europski fond za regionalni razvoj (EFRR)", "fond Europske unije", "EUR", "1"}, funds[1][:5])
	assert.Equal(t, []string{"", "vlastiti doprinos partnera", "", "EUR", "1"}, funds[2][:5])

	fin, err := Financial(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	for lang, want := range map[socialsvc.Lang]string{socialsvc.HR: "fond Europske unije", socialsvc.EN: "European Union fund"} {
		buf.Reset()
		require.NoError(t, WriteXLSX(&buf, fin, lang))
		x, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		sheet := map[socialsvc.Lang]string{socialsvc.HR: "Izvori financiranja", socialsvc.EN: "Sources of funding"}[lang]
		v, err := x.GetCellValue(sheet, "C2")
		require.NoError(t, err)
		assert.Equal(t, want, v)
		x.Close()
	}
}

// A date cell is a date with the language's CLDR numeric date pattern as
// its number format, as i18n.FormatDate writes dates in the HTML and PDF:
// sl "31. 12. 2023" is d. m. yyyy, hr "31. 12. 2023." dd. mm. yyyy.;
// English keeps the medium form with the month's name.
func TestXLSXDateFormats(t *testing.T) {
	rep := &bigReport{Header: Header{Kind: KindFinancial, Title: socialsvc.I18n{"en": "Dates"}}, n: 2}
	for _, tc := range []struct {
		lang socialsvc.Lang
		want string
	}{
		{socialsvc.SL, "d. m. yyyy"},
		{socialsvc.HR, "dd. mm. yyyy."},
		{socialsvc.SRLatn, "d. m. yyyy."},
		{socialsvc.SQ, "d.m.yyyy"},
		{socialsvc.EN, "d mmm yyyy"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteXLSX(&buf, rep, tc.lang))
			f, err := excelize.OpenReader(&buf)
			require.NoError(t, err)
			defer f.Close()
			sheet := f.GetSheetList()[1]
			raw, err := f.GetCellValue(sheet, "B3", excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, "44563", raw, "2022-01-02 is stored as the serial date number")
			numFmt, custom := cellFormat(t, f, sheet, "B3")
			assert.Zero(t, numFmt)
			assert.Equal(t, tc.want, custom)
		})
	}
}

// The disclosure marks stay text in their cells and the confidential
// mark stays the first row of the info sheet.
func TestXLSXMarksAndConfidential(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	pub, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, pub, socialsvc.EN))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	marks := map[string]bool{}
	for _, sh := range f.GetSheetList()[1:] {
		rows, err := f.GetRows(sh)
		require.NoError(t, err)
		for _, r := range rows {
			for _, c := range r {
				if c == SuppressedText || c == WithheldText {
					marks[c] = true
				}
			}
		}
	}
	assert.True(t, marks[SuppressedText], "the public release withholds small cells as <5")
	a1, err := f.GetCellValue("Info", "A1")
	require.NoError(t, err)
	assert.Equal(t, "Beneficiaries: Socijalni atelje", a1)
	f.Close()

	ex, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow, Disclosure: Exact})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, WriteXLSX(&buf, ex, socialsvc.HR))
	f, err = excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	a1, err = f.GetCellValue("Podaci", "A1")
	require.NoError(t, err)
	assert.Equal(t, "POVJERLJIVO: sadrži nezaštićene brojeve", a1)
}

func TestWriteCSVZip(t *testing.T) {
	rep := dualReport(t)
	rep.Acronym = "CZ"
	var buf bytes.Buffer
	require.NoError(t, WriteCSVZip(&buf, rep, CSVOptions{Croatian: true, Lang: socialsvc.HR}))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	var names []string
	files := map[string][]byte{}
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		assert.True(t, zf.Modified.Equal(fixedNow()), "%s carries the generation time", zf.Name)
		rc, err := zf.Open()
		require.NoError(t, err)
		files[zf.Name], err = io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
	}
	assert.Equal(t, []string{"CZ-financial-info-hr.csv", "CZ-financial-lines-hr.csv", "CZ-financial-partners-hr.csv", "CZ-financial-categories-hr.csv",
		"CZ-financial-periods-hr.csv", "CZ-financial-cofinancing-hr.csv", "CZ-financial-funds-hr.csv", "CZ-financial-flat-rates-hr.csv",
		"CZ-financial-conversions-hr.csv", "CZ-financial-dual-check-hr.csv"}, names)
	for _, tb := range rep.Tables(socialsvc.HR) {
		var one bytes.Buffer
		require.NoError(t, WriteCSV(&one, rep, CSVOptions{Croatian: true, Lang: socialsvc.HR, Table: tb.ID}))
		assert.Equal(t, one.String(), string(files[FileName(rep, tb.ID, socialsvc.HR, "csv")]), "%s as WriteCSV writes it", tb.ID)
	}
	info := readCSV(t, files["CZ-financial-info-hr.csv"], ';')
	assert.Equal(t, []string{"Financijski izvještaj: CZ", ""}, info[0])
	assert.Equal(t, []string{"Izrađeno", "01. 03. 2024. 10:00 UTC"}, info[3])
	assert.Equal(t, []string{"Tablice", ""}, info[5])
	assert.Equal(t, []string{"CZ-financial-lines-hr.csv", "Proračun i troškovi po partneru, kategoriji i razdoblju"}, info[6])
	s := string(files["CZ-financial-info-hr.csv"])
	assert.Contains(t, s, "\r\nNapomene;\r\ndual_display;")

	var again bytes.Buffer
	require.NoError(t, WriteCSVZip(&again, rep, CSVOptions{Croatian: true, Lang: socialsvc.HR}))
	assert.Equal(t, buf.Bytes(), again.Bytes(), "the same report gives the same archive")

	err = WriteCSVZip(&again, rep, CSVOptions{Table: "lines"})
	assert.Equal(t, []string{"table"}, fieldNames(err))
}

// CSV dialects follow the reader's language: the Croatian one, the
// decimal-comma one of the other languages that write 1,50, plain CSV in
// English.
func TestCSVOptionsFor(t *testing.T) {
	assert.Equal(t, CSVOptions{Croatian: true, Lang: socialsvc.HR}, CSVOptionsFor(socialsvc.HR))
	assert.Equal(t, CSVOptions{Lang: socialsvc.EN}, CSVOptionsFor(socialsvc.EN))
	for _, l := range []socialsvc.Lang{"sl", "sr-Latn", "sq"} {
		assert.Equal(t, CSVOptions{DecimalComma: true, Lang: l}, CSVOptionsFor(l), l)
	}
	assert.Equal(t, CSVOptions{DecimalComma: true, Lang: "sl"}, CSVOptionsFor("sl-SI"), "matched to a shipped language")

	var buf bytes.Buffer
	o := CSVOptionsFor("sl")
	o.Table = "partners"
	require.NoError(t, WriteCSV(&buf, dualReport(t), o))
	recs := readCSV(t, buf.Bytes(), ';')
	assert.Equal(t, []string{"K-zona", "vodilni partner", "1150,00", "1265,00", "-115,00", "110,00", "8664,68", "9531,14", "-866,46", "3"}, recs[1])
	assert.Contains(t, buf.String(), "\r\n")
	buf.Reset()
	o.Table = "indicator_periods"
	s, _ := seeded(t)
	ind, err := Indicators(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	require.NoError(t, WriteCSV(&buf, ind, o))
	recs = readCSV(t, buf.Bytes(), ';')
	assert.Equal(t, "2018-09-01", recs[1][2], "ISO dates, which Excel reads in every locale")
}
