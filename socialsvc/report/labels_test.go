package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// TestReportMessageIDs: every catalogue id the package's code uses exists
// in every shipped language: literal ids, the label keys of tr and trf
// (prefixed "report."), the codes of note, warn and warnN, and the ids
// built from kinds and measures.
func TestReportMessageIDs(t *testing.T) {
	i18ntest.CheckSource(t, ".")
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	calls := regexp.MustCompile(`\b(tr|trf)\(\w+, "([a-z0-9_.]+)"[,)]|\.(note|warn|warnN)\("([a-z0-9_]+)"|newNote\("[a-z0-9_]+", "([a-z0-9_.]+)"|ip\.warn\("[a-z0-9_]+", "([a-z0-9_.]+)"`)
	var ids []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range calls.FindAllStringSubmatch(string(b), -1) {
			switch {
			case m[2] != "":
				ids = append(ids, "report."+m[2])
			case m[3] == "note":
				ids = append(ids, "report.note."+m[4])
			case m[3] != "":
				ids = append(ids, "report.warn."+m[4])
			case m[5] != "":
				ids = append(ids, m[5])
			case m[6] != "":
				ids = append(ids, m[6])
			}
		}
	}
	require.Greater(t, len(ids), 150, "the scan finds the package's labels")
	for _, k := range []Kind{KindFinancial, KindIndicators, KindBeneficiaries, KindPortfolio} {
		ids = append(ids, "report.kind_"+string(k))
	}
	for _, m := range []string{"individuals", "visits"} {
		ids = append(ids, "report.m_"+m)
	}
	i18ntest.CheckIDs(t, ids...)
}

// TestNotePlurals: counts in notes take the CLDR plural form of each
// language ("1 expenditure line is", not "1 expenditure lines are").
func TestNotePlurals(t *testing.T) {
	text := func(n int, l socialsvc.Lang) string {
		return newNote("flat_rate_entered", "report.warn.flat_rate_entered", &n, nil).Text(l)
	}
	for _, tc := range []struct {
		lang   socialsvc.Lang
		n      int
		prefix string
	}{
		{socialsvc.EN, 1, "1 expenditure line is recorded in a category"},
		{socialsvc.EN, 2, "2 expenditure lines are recorded in categories"},
		{socialsvc.HR, 1, "1 stavka troška upisana je"},
		{socialsvc.HR, 3, "3 stavke troška upisane su"},
		{socialsvc.HR, 5, "5 stavki troška upisano je"},
		{socialsvc.HR, 21, "21 stavka troška upisana je"},
		{socialsvc.SL, 1, "1 postavka izdatkov je vpisana"},
		{socialsvc.SL, 2, "2 postavki izdatkov sta vpisani"},
		{socialsvc.SL, 3, "3 postavke izdatkov so vpisane"},
		{socialsvc.SL, 5, "5 postavk izdatkov je vpisanih"},
		{socialsvc.SRLatn, 2, "2 stavke troška upisane su"},
		{socialsvc.SQ, 1, "1 zë shpenzimi është regjistruar"},
		{socialsvc.SQ, 1234, "1234 zëra shpenzimesh janë regjistruar"},
		{socialsvc.SQ, 12345, "12\u00a0345 zëra shpenzimesh"},
	} {
		assert.True(t, strings.HasPrefix(text(tc.n, tc.lang), tc.prefix), "%s %d: %q", tc.lang, tc.n, text(tc.n, tc.lang))
	}
	n := newNote("flat_rate_entered", "report.warn.flat_rate_entered", new(int), nil)
	assert.Equal(t, n.Messages[socialsvc.EN], n.Message)
	assert.Equal(t, n.Messages[socialsvc.HR], n.MessageHR)
	assert.Len(t, n.Messages, len(i18n.Languages()))
	// Notes read from the first JSON format, without Messages, still work.
	old := Note{Code: "x", Message: "english", MessageHR: "hrvatski"}
	assert.Equal(t, "hrvatski", old.Text(socialsvc.HR))
	assert.Equal(t, "english", old.Text(socialsvc.SL))
	assert.Equal(t, "K: english", old.prefixed("K: ").Text(socialsvc.SL))
}

// TestReportInEveryLanguage: Options.Lang takes any shipped language (the
// closest one for other tags), and the renderers write the report's
// labels, notes, amounts and dates in it.
func TestReportInEveryLanguage(t *testing.T) {
	for in, want := range map[socialsvc.Lang]socialsvc.Lang{"": "en", "hr": "hr", "sl": "sl", "sl-SI": "sl", "sr-Latn-RS": "sr-Latn", "sq": "sq", "de": "en"} {
		assert.Equal(t, want, Options{Lang: in}.lang(), "%q", in)
	}
	p, partners, orgs, budget := warnFixture()
	exp := []store.ExpenditureSum{spentIn(socialsvc.CatTravel, 2, "1234.56", "2024-07-01", "2024-07-01")}
	sc := Scope{Period: 2, PeriodStart: p.Periods[1].Start, PeriodEnd: p.Periods[1].End}
	r, err := buildFinancial(p, sc, Options{Lang: socialsvc.SL, Now: fixedNow}, partners, orgs, budget, budget, exp, exp, nil)
	require.NoError(t, err)
	assert.Equal(t, socialsvc.SL, r.Lang)

	for _, tc := range []struct {
		lang socialsvc.Lang
		want []string
	}{
		{socialsvc.SL, []string{`<html lang="sl">`, "<title>Finančno poročilo: W</title>", "<dt>Obseg</dt><dd>obdobje 2 (1. 7. 2024 – 31. 12. 2024)</dd>",
			"<dt>Pripravljeno</dt><dd>1. 3. 2024 10:00 UTC</dd>", "Po kategorijah stroškov", "1.234,56 €", "1.234,56 %", "<h2 id=\"warnings-h\">Opozorila</h2>",
			"Sofinanciranje se izračuna na celotni proračun projekta"}},
		{socialsvc.SRLatn, []string{`<html lang="sr-Latn">`, "Finansijski izveštaj: W", "period 2 (1. 7. 2024. – 31. 12. 2024.)", "Budžet (EUR)", "1.234,56 €", "1.234,56%",
			"Sufinansiranje se računa na ceo budžet projekta"}},
		{socialsvc.SQ, []string{`<html lang="sq">`, "Raport financiar: W", "periudha 2 (1.7.2024 – 31.12.2024)", "Buxheti (EUR)", "1234,56 €", "1234,56%",
			"Bashkëfinancimi llogaritet mbi të gjithë buxhetin"}},
		{socialsvc.HR, []string{`<html lang="hr">`, "Financijski izvještaj: W", "razdoblje 2 (01. 07. 2024. – 31. 12. 2024.)", "1.234,56 €", "1.234,56 %"}},
		{socialsvc.EN, []string{`<html lang="en">`, "Financial report: W", "period 2 (01/07/2024 – 31/12/2024)", "€1,234.56", "1,234.56%"}},
	} {
		var buf bytes.Buffer
		require.NoError(t, WriteHTML(&buf, r, tc.lang))
		for _, w := range tc.want {
			assert.Contains(t, buf.String(), w, "%s", tc.lang)
		}
	}

	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, r, CSVOptions{Lang: socialsvc.SL, Table: "categories"}))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")), "every CSV starts with a byte-order mark")
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"Kategorija stroškov", "Proračun (EUR)", "Porabljeno (EUR)", "Preostanek (EUR)", "Črpanje (%)", "Število izdatkov"}, recs[0])
}
