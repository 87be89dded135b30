package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pdftest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

func renderPDF(t *testing.T, rep Report, lang socialsvc.Lang) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WritePDF(&buf, rep, lang))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	return buf.Bytes()
}

// flatText is the text of every page of doc with runs of white space as
// one space, pages on lines of their own.
func flatText(t *testing.T, doc []byte) string {
	t.Helper()
	var b strings.Builder
	for _, p := range pdftest.Read(t, doc) {
		b.WriteString(p.Flat())
		b.WriteByte('\n')
	}
	return b.String()
}

// pagesWith returns the numbers (1-based) of the pages whose text has s.
func pagesWith(pages []pdftest.Page, s string) []int {
	var out []int
	for i, p := range pages {
		if strings.Contains(p.Flat(), s) {
			out = append(out, i+1)
		}
	}
	return out
}

// TestWritePDFFinancial2SoKroG reads the 2SoKroG financial report back
// from the PDF: the published amounts in each language's format, the
// partners' names with their diacritics, the wide table of lines in
// landscape with its heading rows on every page, and page numbers that
// count the pages there are.
func TestWritePDFFinancial2SoKroG(t *testing.T) {
	s, _ := seeded(t)
	r, err := Financial(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)

	hr := pdftest.Read(t, renderPDF(t, r, socialsvc.HR))
	all := ""
	for _, p := range hr {
		all += p.Flat() + "\n"
	}
	for _, want := range []string{
		"Financijski izvještaj: 2SoKroG",
		"Projekt 2SoKroG – Socijalna aktivacija za osiguranje zdravog, sigurnog i pristupačnog pograničnog područja",
		"Obuhvat cijeli projekt", "Izrađeno 1.3.2024. 10:00 UTC", "Jezik hrvatski (hr)",
		"574.947,17 €", "488.705,06 €", "4.254.609,05 kn",
		"CZSS Čakovec", "ZRSZ – OE Ptuj", "uredski i administrativni troškovi", "vanjske usluge i stručnjaci",
		"Proračun i utrošeno po partneru", "Sufinanciranje po partnerima", "Europski fond za regionalni razvoj (EFRR)",
	} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "574,947.17", "no English amounts in the Croatian file")
	assert.NotContains(t, all, "POVJERLJIVO", "no counts of people, nothing confidential")

	// Every page says which it is, of how many.
	for i, p := range hr {
		assert.Contains(t, p.Flat(), fmt.Sprintf("Stranica %d od %d", i+1, len(hr)))
	}

	// Page 1 is portrait: the title block and the chart. The table of
	// lines (partner × category × period with eleven amount columns) is
	// too wide for portrait and starts on a landscape page 2. A landscape
	// page holds 179 mm between header and footer; the caption takes
	// 5.41 mm, the two-line heading 8.66 mm and each row 5.13 mm, so page
	// 2 takes 32 rows and every further page 33, each under the repeated
	// heading.
	lines := r.Tables(socialsvc.HR)[0]
	require.Equal(t, "lines", lines.ID)
	assert.False(t, hr[0].Landscape())
	assert.Contains(t, hr[0].Flat(), "Proračun i utrošeno po partneru")
	want := 1 + (len(lines.Rows)-32+33-1)/33
	first := pagesWith(hr, "Proračun i troškovi po partneru, kategoriji i razdoblju")
	require.Equal(t, []int{2}, first, "the caption once, where the table starts")
	end := pagesWith(hr, "Po partnerima")[0]
	assert.Equal(t, want, end-2, "pages of the table of lines (%d rows)", len(lines.Rows))
	for n := 2; n < end; n++ {
		p := hr[n-1]
		assert.True(t, p.Landscape(), "page %d", n)
		head := p.Lines()[1]
		if n == 2 {
			head = p.Lines()[2]
		}
		assert.True(t, strings.HasPrefix(head, "Partner Kategorija troška Razdoblje Proračun Utrošeno Preostalo Iskorištenost Proračun Utrošeno Preostalo Broj"), "page %d: %s", n, head)
	}
	// The last row of the table is its total, bold on the last page.
	assert.Contains(t, hr[end-2].Flat(), "Ukupno 574.947,17 € 488.434,12 €")

	en := pdftest.Read(t, renderPDF(t, r, socialsvc.EN))
	all = ""
	for _, p := range en {
		all += p.Flat() + "\n"
	}
	for _, want := range []string{"Financial report: 2SoKroG", "Language English (en)", "Generated 1 Mar 2024 10:00 UTC",
		"€574,947.17", "€488,705.06", "HRK 4,254,609.05", "CZSS Čakovec", "office and administration", fmt.Sprintf("Page 1 of %d", len(en))} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "574.947,17 €")
}

// TestWritePDFBeneficiaries: the protected release shows the marks and
// their legend; exact counts carry the confidential mark on every page.
func TestWritePDFBeneficiaries(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	pub, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow})
	require.NoError(t, err)
	pages := pdftest.Read(t, renderPDF(t, pub, socialsvc.EN))
	text := flatText(t, renderPDF(t, pub, socialsvc.EN))
	assert.Contains(t, text, "Beneficiaries: Socijalni atelje")
	assert.Contains(t, text, "<5")
	assert.Contains(t, text, "<5: 1 to 4 people stand behind the figure.")
	assert.Contains(t, text, "x: withheld to protect other cells.")
	assert.NotContains(t, text, "CONFIDENTIAL")
	// The withheld cells print their marks, never a value: the protected
	// total row of the target-group table, as the report holds it.
	tg := pub.Tables(socialsvc.EN)[1]
	require.Equal(t, "Individuals by target group", tg.Title)
	var marks []string
	for _, c := range tg.Rows[len(tg.Rows)-1].Cells {
		marks = append(marks, c.DisplayText(socialsvc.EN))
	}
	assert.Contains(t, pages[0].Flat()+pages[1%len(pages)].Flat(), strings.Join(marks, " "))

	exact, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow, Disclosure: Exact})
	require.NoError(t, err)
	pages = pdftest.Read(t, renderPDF(t, exact, socialsvc.HR))
	require.Greater(t, len(pages), 1)
	for i, p := range pages {
		assert.Contains(t, p.Flat(), "POVJERLJIVO: sadrži nezaštićene brojeve", "page %d", i+1)
	}
	first := pages[0].Flat()
	assert.Contains(t, first, "Korisnici: Socijalni atelje")
	assert.Contains(t, first, "HR025 Osječko-baranjska županija")
	assert.NotContains(t, first, "<5")
	total := tableByID(t, exact.Tables(socialsvc.HR), "summary")
	assert.Contains(t, first, "Osobe "+total.Rows[0].Cells[1].DisplayText(socialsvc.HR))
}

func tableByID(t *testing.T, tables []Table, id string) Table {
	t.Helper()
	var ids []string
	for _, tb := range tables {
		if tb.ID == id {
			return tb
		}
		ids = append(ids, tb.ID)
	}
	t.Fatalf("no table %s in %v", id, ids)
	return Table{}
}

func TestWritePDFIndicatorsAndPortfolio(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	ind, err := Indicators(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	text := flatText(t, renderPDF(t, ind, socialsvc.EN))
	for _, want := range []string{"Indicator progress: 2SoKroG", "Achieved against target", "RCO81", "Participations in joint actions across borders", "180 / 180 (100.00%)"} {
		assert.Contains(t, text, want)
	}
	pf, err := Portfolio(ctx, s, "zrs-bistra-ptuj", Options{Now: fixedNow})
	require.NoError(t, err)
	pages := pdftest.Read(t, renderPDF(t, pf, socialsvc.HR))
	text = ""
	for _, p := range pages {
		text += p.Flat() + "\n"
	}
	for _, want := range []string{"Portfelj projekata: ZRS Bistra Ptuj", "Organizacija ZRS Bistra Ptuj – Znanstveno-raziskovalno središče Bistra Ptuj",
		"2SoKroG", "574.947,17 €", "1.9.2018.", "30.9.2020."} {
		assert.Contains(t, text, want)
	}
}

// pdfTestReport is a report built in the test, for what the seed reports
// do not have.
type pdfTestReport struct {
	Header
	tables []Table
	charts []Chart
}

func (r *pdfTestReport) Tables(socialsvc.Lang) []Table { return r.tables }
func (r *pdfTestReport) Charts(socialsvc.Lang) []Chart { return r.charts }

func testHeader(title string) Header {
	return Header{Kind: KindFinancial, Acronym: "TEST", Title: socialsvc.I18n{HR: title, EN: title}, GeneratedAt: fixedNow()}
}

// TestWritePDFEdges: no charts, an empty table, a table without columns,
// a word wider than any column, a cell taller than a page, text the fonts
// cannot show, decomposed diacritics, and a table too wide even for a
// landscape page.
func TestWritePDFEdges(t *testing.T) {
	long := strings.Repeat("riječ ", 4000) + "KRAJ"
	word := strings.Repeat("Ž", 300)
	wide := Table{ID: "wide", Title: "Široka tablica", RowHeaders: 1, Columns: []Column{{Key: "name", Label: "Naziv", Kind: CellText}}}
	row := []Cell{TextCell("Međimurje")}
	for i := range 30 {
		wide.Columns = append(wide.Columns, Column{Key: fmt.Sprint("c", i), Label: fmt.Sprintf("Stupac %d", i), Kind: CellMoney})
		row = append(row, MoneyCell(socialsvc.MustMoney(fmt.Sprintf("%d1234567.89", i+10), socialsvc.EUR)))
	}
	wide.Rows = []Row{{Cells: row}}
	rep := &pdfTestReport{Header: testHeader("Rubni slučajevi"), tables: []Table{
		{ID: "empty", Title: "Prazna tablica", Columns: []Column{{Key: "a", Label: "Stupac A", Kind: CellText}, {Key: "n", Label: "Broj", Kind: CellInt}}},
		{ID: "none", Title: "Bez stupaca", Notes: []string{"samo napomena"}},
		{ID: "text", Title: "Dugi tekstovi", Columns: []Column{{Key: "a", Label: "Tekst", Kind: CellText}, {Key: "n", Label: "Broj", Kind: CellInt}},
			Rows: []Row{
				{Cells: []Cell{TextCell(word), IntCell(1)}},
				{Cells: []Cell{TextCell(long), IntCell(2)}},
				{Cells: []Cell{TextCell("emoji 😀 i c\u030ce\u0301 zero\u200bwidth"), IntCell(3)}},
				{Cells: []Cell{TextCell("kratko")}}, // fewer cells than columns
			}},
		wide,
	}}
	doc := renderPDF(t, rep, socialsvc.HR)
	pages := pdftest.Read(t, doc)
	text := ""
	for _, p := range pages {
		text += p.Flat() + "\n"
	}
	assert.Contains(t, text, "Prazna tablica Stupac A Broj")
	assert.Contains(t, text, "Bez stupaca samo napomena")
	assert.Contains(t, text, "KRAJ", "the end of a cell longer than a page")
	assert.Equal(t, 4000, strings.Count(text, "riječ"), "every word of it, once")
	assert.Equal(t, 300, strings.Count(text, "Ž"), "a word wider than its column is broken, not cut")
	assert.Contains(t, text, "emoji ? i čé zerowidth")
	// The 31 columns do not fit a landscape page even at 6 pt: they are
	// set in groups that each repeat the row heading.
	for i := range 30 {
		assert.Contains(t, text, fmt.Sprintf("%d1.234.567,89 €", i+10))
	}
	groups := strings.Count(text, "Široka tablica")
	require.Greater(t, groups, 1)
	for i := 1; i <= groups; i++ {
		assert.Contains(t, text, fmt.Sprintf("Široka tablica (%d/%d)", i, groups))
	}
	assert.Equal(t, groups, strings.Count(text, "Naziv Stupac"), "each group under the row heading's column")
	assert.Equal(t, groups, strings.Count(text, "Međimurje"), "each group repeats the row heading")
	for _, n := range pagesWith(pages, "Široka tablica") {
		assert.True(t, pages[n-1].Landscape())
	}
	// The long cell runs over pages, the heading on each.
	for _, n := range pagesWith(pages, "riječ riječ") {
		assert.Contains(t, pages[n-1].Flat(), "Tekst Broj", "page %d", n)
	}
	assert.Contains(t, pages[0].Flat(), fmt.Sprintf("Stranica 1 od %d", len(pages)))
}

// TestWritePDFCharts: both kinds of chart, with a withheld bar and a
// value over its target, come out with their labels and values; the
// chart's bars are vector rectangles (the page content holds no image).
func TestWritePDFCharts(t *testing.T) {
	rep := &pdfTestReport{Header: testHeader("Grafikoni"), charts: []Chart{
		{ID: "bars", Title: "Osobe po skupinama", Kind: ChartBars, Series: []string{"Osobe", "Posjeti"}, Items: []ChartItem{
			{Label: "mladi", Bars: []ChartBar{{Value: 12, Display: "12"}, {Value: 40, Display: "40"}}},
			{Label: "Romi", Bars: []ChartBar{{Suppressed: true, Display: "<5"}, {Value: 9, Display: "9"}}},
		}},
		{ID: "progress", Title: "Ostvareno prema cilju", Kind: ChartProgress, Items: []ChartItem{
			{Label: "RCO81 sudjelovanja", Bars: []ChartBar{{Value: 180, Max: 120, Display: "180 / 120 (150,00 %)"}}},
			{Label: "RCO87 organizacije", Bars: []ChartBar{{Value: 3, Max: 7, Display: "3 / 7 (42,86 %)"}}},
		}},
	}}
	doc := renderPDF(t, rep, socialsvc.HR)
	text := flatText(t, doc)
	for _, want := range []string{"Osobe po skupinama", "Osobe", "Posjeti", "mladi", "Romi", "<5", "40", "Ostvareno prema cilju", "180 / 120 (150,00 %)", "3 / 7 (42,86 %)"} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, string(doc), "/Subtype /Image")
}

// TestWritePDFDeterministic: the document records the report's time, not
// the clock's, so equal reports give equal bytes.
func TestWritePDFDeterministic(t *testing.T) {
	r := dualReport(t)
	a := renderPDF(t, r, socialsvc.HR)
	time.Sleep(1100 * time.Millisecond)
	b := renderPDF(t, r, socialsvc.HR)
	assert.Equal(t, a, b)
	assert.Contains(t, string(a), "/CreationDate (D:20240301100000)")
	assert.Contains(t, string(a), "/Lang (hr)")
}

// TestWritePDFEveryLanguage renders 2SoKroG's financial report in each
// shipped language and finds the PDF's own labels (the language row, the
// page numbers) and the amounts in that language's format.
func TestWritePDFEveryLanguage(t *testing.T) {
	s, _ := seeded(t)
	r, err := Financial(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	want := map[socialsvc.Lang][]string{
		socialsvc.HR:     {"Jezik hrvatski (hr)", "Stranica 1 od", "574.947,17 €", "CZSS Čakovec"},
		socialsvc.EN:     {"Language English (en)", "Page 1 of", "€574,947.17"},
		socialsvc.SL:     {"Jezik slovenščina (sl)", "Stran 1 od", "574.947,17 €", " 1. 3. 2024 10:00 UTC"},
		socialsvc.SRLatn: {"Jezik srpski (latinica) (sr-Latn)", "Strana 1 od", "574.947,17 €", " 1. 3. 2024. 10:00 UTC"},
		socialsvc.SQ:     {"Gjuha shqip (sq)", "Faqja 1 nga", "574 947,17 €", " 1.3.2024 10:00 UTC"},
	}
	for _, lang := range i18n.Languages() {
		require.Contains(t, want, lang, "a shipped language without a case here")
		pages := pdftest.Read(t, renderPDF(t, r, lang))
		text := ""
		for _, p := range pages {
			text += p.Flat() + "\n"
		}
		for _, w := range want[lang] {
			assert.Contains(t, text, w, lang)
		}
		assert.Contains(t, pages[len(pages)-1].Flat(), fmt.Sprintf(" %d", len(pages)), "%s: the last page's number", lang)
	}
	i18ntest.CheckIDs(t, "pdf.language", "pdf.page_of")
}

// FuzzWritePDF: any text in any place of a report renders, never panics.
func FuzzWritePDF(f *testing.F) {
	for _, s := range []string{"", "č ć đ š ž ë ç", strings.Repeat("x", 500), "a\nb\r\nc\td", "😀\u0301\u200b\x00", "{nb} \x01nb\x01", "-1e9"} {
		f.Add(s, int64(len(s)))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		rep := &pdfTestReport{Header: testHeader(s), tables: []Table{{ID: "t", Title: s, RowHeaders: 1,
			Columns: []Column{{Key: "a", Label: s, Kind: CellText}, {Key: "m", Label: s, Kind: CellMoney}, {Key: "n", Label: s, Kind: CellInt}},
			Rows: []Row{
				{Cells: []Cell{TextCell(s), MoneyCell(socialsvc.MustMoney("1.5", socialsvc.EUR)), IntCell(n)}},
				{Total: true, Cells: []Cell{TextCell(s), {Kind: CellSuppressed, Text: s}, PercentCell(decimal.New(n, -2))}},
			}, Notes: []string{s}}},
			charts: []Chart{{ID: "c", Title: s, Kind: ChartBars, Series: []string{s}, Items: []ChartItem{{Label: s, Bars: []ChartBar{{Value: n, Display: s}}}}}}}
		rep.Notes = []Note{{Code: "x", Message: s, MessageHR: s}}
		rep.Warnings = rep.Notes
		var buf bytes.Buffer
		require.NoError(t, WritePDF(&buf, rep, socialsvc.HR))
		require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	})
}

// TestPDFScreenshots writes PNGs of PDF pages to the directory in
// SOCIALSVC_PDF_SCREENSHOTS (scripts/pdf-screenshots.sh sets it to
// docs/screenshots); skipped otherwise.
func TestPDFScreenshots(t *testing.T) {
	dir := os.Getenv("SOCIALSVC_PDF_SCREENSHOTS")
	if dir == "" {
		t.Skip("set SOCIALSVC_PDF_SCREENSHOTS to a directory (scripts/pdf-screenshots.sh)")
	}
	s, _ := seeded(t)
	ctx := context.Background()
	fin, err := Financial(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ben, err := Beneficiaries(ctx, s, demo.ProjectSocialAtelier, Options{Now: fixedNow})
	require.NoError(t, err)
	ind, err := Indicators(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	pf, err := Portfolio(ctx, s, "zrs-bistra-ptuj", Options{Now: fixedNow})
	require.NoError(t, err)
	for _, shot := range []struct {
		name string
		rep  Report
		lang socialsvc.Lang
		page int
	}{
		{"pdf-financial-2sokrog-p1", fin, socialsvc.HR, 1},
		{"pdf-financial-2sokrog-p2", fin, socialsvc.HR, 2},
		{"pdf-financial-2sokrog-en-p7", fin, socialsvc.EN, 7},
		{"pdf-beneficiaries-p1", ben, socialsvc.EN, 1},
		{"pdf-indicators-2sokrog-p1", ind, socialsvc.EN, 1},
		{"pdf-portfolio-p2", pf, socialsvc.HR, 2},
	} {
		pdftest.PNG(t, renderPDF(t, shot.rep, shot.lang), shot.page, 100, filepath.Join(dir, shot.name+".png"))
	}
}

// TestPDFFontCoversShippedLanguages: every letter of the alphabets of
// the shipped languages (hr, sl, sr-Latn, sq, en), and the signs the
// reports print, has a glyph in both faces.
func TestPDFFontCoversShippedLanguages(t *testing.T) {
	faces, err := loadPDFFaces()
	require.NoError(t, err)
	letters := "abcčćdđefghijklmnopqrsštuvwxyzž" + "ABCČĆDĐEFGHIJKLMNOPQRSŠTUVWXYZŽ" + "ëçËÇ" + "€–—…•„“”‘’«»%§°×·\u00a0\u2212"
	for _, r := range letters {
		assert.True(t, pdfHas(faces, r), "%q", r)
	}
	assert.False(t, pdfHas(faces, '😀'))
	assert.Equal(t, "č", pdfClean(faces, "c\u030c", false), "decomposed letters are composed")
	assert.Equal(t, "a b", pdfClean(faces, "a\tb\u200b", false))
	assert.Equal(t, "a\nb", pdfClean(faces, "a\r\nb", true))
}

// BenchmarkWritePDF2SoKroG renders the 2SoKroG financial report (10 A4
// pages, 91 expenditure lines in three tables, a chart) as a PDF.
func BenchmarkWritePDF2SoKroG(b *testing.B) {
	s := memory.New()
	if err := demo.Load(context.Background(), s, demo.Seed()); err != nil {
		b.Fatal(err)
	}
	r, err := Financial(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := WritePDF(io.Discard, r, socialsvc.HR); err != nil {
			b.Fatal(err)
		}
	}
}
