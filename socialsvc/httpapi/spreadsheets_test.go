package httpapi

import (
	"archive/zip"
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

const reportRoute = "/api/v1/projects/{id}/reports/{report}"

// A CSV is one table, chosen by ?table= (the main table without it) or
// all of them in a ZIP; every download is named after project, report,
// table and language; each response matches the OpenAPI document.
func TestReportCSVTablesAndFileNames(t *testing.T) {
	f := newFixture(t)
	get := func(url string, hdr ...string) resp {
		t.Helper()
		r := f.do("admin", "GET", url, nil, hdr...)
		assert.NoError(t, checkResponse(t, reportRoute, newRequest(t, "GET", url, nil, hdr...), r), string(r.Body))
		return r
	}
	disposition := func(name string) string {
		return `attachment; filename="` + name + `"; filename*=UTF-8''` + name
	}

	r := get("/api/v1/projects/prj-a/reports/financial.csv?lang=en")
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "text/csv; charset=utf-8", r.Header.Get("Content-Type"))
	assert.Equal(t, disposition("prj-a-financial-lines-en.csv"), r.Header.Get("Content-Disposition"), "the main table without ?table=")
	first, _, _ := strings.Cut(string(r.Body), "\n")
	assert.Equal(t, "\uFEFFPartner,Cost category,Period,Budget (EUR),Spent (EUR),Remaining (EUR),Absorption (%),Budget (HRK),Spent (HRK),Remaining (HRK),Expenditure lines", first)
	assert.NotContains(t, string(r.Body), "By partner", "one table, no titles")

	r = get("/api/v1/projects/prj-a/reports/financial.csv?table=partners&lang=hr")
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, disposition("prj-a-financial-partners-hr.csv"), r.Header.Get("Content-Disposition"))
	first, _, _ = strings.Cut(string(r.Body), "\r\n")
	assert.Equal(t, "\uFEFFPartner;Uloga;Proračun (EUR);Utrošeno (EUR);Preostalo (EUR);Iskorištenost (%);Proračun (HRK);Utrošeno (HRK);Preostalo (HRK);Broj troškova", first)

	r = get("/api/v1/projects/prj-a/reports/indicators?table=indicator_periods&lang=en", "Accept", "text/csv")
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, disposition("prj-a-indicators-indicator-periods-en.csv"), r.Header.Get("Content-Disposition"))

	r = get("/api/v1/projects/prj-a/reports/financial.csv?table=all&lang=en")
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "application/zip", r.Header.Get("Content-Type"))
	assert.Equal(t, disposition("prj-a-financial-en.zip"), r.Header.Get("Content-Disposition"))
	zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
	require.NoError(t, err)
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	assert.Equal(t, []string{"prj-a-financial-info-en.csv", "prj-a-financial-lines-en.csv", "prj-a-financial-partners-en.csv",
		"prj-a-financial-categories-en.csv", "prj-a-financial-periods-en.csv", "prj-a-financial-cofinancing-en.csv", "prj-a-financial-funds-en.csv", "prj-a-financial-dual-check-en.csv"}, names)

	r = get("/api/v1/projects/prj-a/reports/financial.xlsx?lang=hr")
	require.Equal(t, 200, r.Status)
	assert.Equal(t, disposition("prj-a-financial-hr.xlsx"), r.Header.Get("Content-Disposition"))
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	require.NoError(t, err)
	assert.Equal(t, []string{"Podaci", "Partner, kategorija, razdoblje", "Po partnerima", "Po kategorijama troška", "Po razdobljima", "Sufinanciranje", "Izvori financiranja", "Razlika zaokruživanja"}, x.GetSheetList())
	x.Close()

	r = get("/api/v1/projects/prj-a/reports/beneficiaries.csv?lang=en")
	require.Equal(t, 200, r.Status)
	assert.Equal(t, disposition("prj-a-beneficiaries-individuals-by-target-group-en.csv"), r.Header.Get("Content-Disposition"))

	for _, tc := range []struct{ url, message string }{
		{"/api/v1/projects/prj-a/reports/financial.csv?table=nope", `the report has no table \"nope\"; its tables are: lines, partners, categories, periods, cofinancing, funds, dual_check`},
		{"/api/v1/projects/prj-a/reports/financial.csv?table=", "table is empty: give a table ID or all"},
		{"/api/v1/projects/prj-a/reports/financial.xlsx?table=partners", "table chooses the table of a CSV; the xlsx format holds every table"},
		{"/api/v1/projects/prj-a/reports/financial.json?table=partners", "table chooses the table of a CSV; the json format holds every table"},
		{"/api/v1/projects/prj-a/reports/iati.xml?table=partners", "table chooses the table of a CSV; the xml format holds every table"},
	} {
		r := get(tc.url)
		require.Equal(t, 400, r.Status, tc.url)
		assert.Contains(t, string(r.Body), `"field":"table"`, tc.url)
		assert.Contains(t, string(r.Body), tc.message, tc.url)
	}
}

// A name with letters beyond ASCII keeps them in filename* and has them
// folded in the plain filename.
func TestReportFileNameBeyondASCII(t *testing.T) {
	f := newDashFixture(t)
	req := httptest.NewRequest("GET", "/api/v1/organisations/czss-cakovec/reports/portfolio.csv?lang=hr&table=by_year", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Equal(t, `attachment; filename="CZSS-Cakovec-portfolio-by-year-hr.csv"; filename*=UTF-8''CZSS-%C4%8Cakovec-portfolio-by-year-hr.csv`,
		w.Header().Get("Content-Disposition"))
	assert.Equal(t, "\uFEFFPOVJERLJIVO: sadrži nezaštićene brojeve;;;\r\nGodina;Valuta;Projekti;Utrošeno\r\n2018;EUR;1;0,00\r\n2019;EUR;1;263998,53\r\n2020;EUR;1;224435,59\r\n", w.Body.String(),
		"the portfolio holds exact counts: its mark first, as wide as the table; years as plain numbers")
}
