package report

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/internal/pdftest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// TestSlovenian2SoKroG reads 2SoKroG, a project whose lead partner and
// most partners are Slovenian, in Slovenian in every format: the library's
// own words (cost categories, roles, statuses, buckets, IATI narratives)
// are Slovenian, amounts and dates are written as Slovenian readers write
// them, and nothing falls back to English.
func TestSlovenian2SoKroG(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	const sl = socialsvc.SL
	nb := "\u00a0"
	fin, err := Financial(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ind, err := Indicators(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ben, err := Beneficiaries(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)

	// The formats, exactly.
	assert.Equal(t, "574.947,17"+nb+"€", socialsvc.MustMoney("574947.17", socialsvc.EUR).Format(sl))
	assert.Equal(t, "1.234,56"+nb+"€", socialsvc.MustMoney("1234.56", socialsvc.EUR).Format(sl))
	assert.Equal(t, "31. 12. 2023", socialsvc.MustDate("2023-12-31").Format(sl))
	assert.Equal(t, "1. 9. 2018", socialsvc.MustDate("2018-09-01").Format(sl))

	slWords := []string{"stroški osebja", "pisarniški in upravni stroški", "vodilni partner"}

	t.Run("html", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteHTML(&b, fin, sl))
		h := b.String()
		assert.Equal(t, "574.947,17"+nb+"€", fin.Total.Budget.Format(sl))
		// HTML cells may break where CLDR puts a no-break space (print).
		for _, w := range append(slWords, "574.947,17 €", `lang="sl"`) {
			assert.Contains(t, h, w)
		}
		for _, en := range []string{">staff costs<", ">lead partner<", ">office and administration<"} {
			assert.NotContains(t, h, en)
		}
	})
	t.Run("csv", func(t *testing.T) {
		var b bytes.Buffer
		o := CSVOptionsFor(sl)
		o.Table = "partners"
		require.NoError(t, WriteCSV(&b, fin, o))
		assert.True(t, strings.HasPrefix(b.String(), "\uFEFF"), "a byte-order mark")
		assert.Contains(t, b.String(), "vodilni partner")
		b.Reset()
		o.Table = "categories"
		require.NoError(t, WriteCSV(&b, fin, o))
		assert.Contains(t, b.String(), "stroški osebja")
		assert.Contains(t, b.String(), "pisarniški in upravni stroški")
	})
	t.Run("xlsx", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteXLSX(&b, fin, sl))
		f, err := excelize.OpenReader(&b)
		require.NoError(t, err)
		defer f.Close()
		var cells []string
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			require.NoError(t, err)
			for _, r := range rows {
				cells = append(cells, r...)
			}
		}
		for _, w := range slWords {
			assert.Contains(t, cells, w)
		}
	})
	t.Run("pdf", func(t *testing.T) {
		var text string
		for _, p := range pdftest.Read(t, renderPDF(t, fin, sl)) {
			text += p.Flat() + "\n"
		}
		for _, w := range append(slWords, "Stran 1 od", "Jezik slovenščina (sl)") {
			assert.Contains(t, text, w)
		}
	})
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteJSON(&b, ben))
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
		assert.Contains(t, b.String(), `"sl": "neznano ali izbrisano"`)
		assert.Contains(t, b.String(), `"sl": "ženske"`)
	})
	t.Run("indicators and beneficiaries", func(t *testing.T) {
		for _, rep := range []Report{ind, ben} {
			var b bytes.Buffer
			require.NoError(t, WriteHTML(&b, rep, sl))
			assert.Contains(t, b.String(), `lang="sl"`)
			b.Reset()
			require.NoError(t, WritePDF(&b, rep, sl))
			assert.Contains(t, pdftest.Text(t, b.Bytes()), "Stran 1 od")
		}
	})
	t.Run("iati", func(t *testing.T) {
		a, err := IATI(ctx, s, demo.Project2SoKroG, IATIOptions{Now: fixedNow, OrgRef: seedOrgRef})
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, WriteIATI(&b, fixedNow(), a))
		x := b.String()
		assert.Contains(t, x, `xml:lang="sl">Stroški partnerja `)
		assert.Contains(t, x, `xml:lang="hr">Troškovi partnera `)
		assert.Contains(t, x, `xml:lang="sl">NUTS 2021 regija SI032`)
		require.NotEmpty(t, a.Transactions)
		langs := []string{}
		for _, n := range a.Transactions[0].Description.Narratives {
			langs = append(langs, n.Lang)
		}
		assert.Equal(t, []string{"sl", "hr", "en"}, langs, "one narrative per project language")
		validateIATI(t, b.Bytes())
	})
	t.Run("error", func(t *testing.T) {
		// More than two decimals is rejected, not rounded.
		_, err := socialsvc.ParseMoney("12.345", socialsvc.EUR)
		require.Error(t, err)
		msg := socialsvc.ErrorMessageIn(err, sl)
		assert.NotEqual(t, socialsvc.ErrorMessageIn(err, socialsvc.EN), msg)
		assert.Equal(t, i18n.T(sl, socialsvc.ErrorFields(err)[0].ID), socialsvc.ErrorFields(err)[0].MessageIn(sl))
	})
}
