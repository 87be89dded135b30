package report

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

// TestSeed2SoKroGPlanningRate: 2SoKroG's budget in kuna is its contract
// figure at the planning rate 7,40 (574.947,17 × 7,40 = 4.254.609,058 →
// 4.254.609,06 kn), not the 4.331.939,45 kn of the fixed rate, in every
// format of the financial report.
func TestSeed2SoKroGPlanningRate(t *testing.T) {
	s, _ := seeded(t)
	r, err := Financial(context.Background(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	require.NotNil(t, r.Planning)
	assert.Equal(t, "7.4", r.Planning.Rate.String())
	assert.Equal(t, socialsvc.MustDate("2018-09-13"), r.Planning.Date)
	assert.Equal(t, eur("574947.17"), r.Planning.Budget)
	assert.Equal(t, hrk("4254609.06"), r.Planning.BudgetHRK)
	// The budget's kuna columns use the planning rate line by line; the
	// converted total is the contract figure and the rounding difference
	// of the lines is shown.
	require.NotNil(t, r.DualCheck)
	assert.Equal(t, hrk("4254609.06"), r.DualCheck.Budget.ConvertedTotal)
	assert.Equal(t, *r.Total.BudgetDual, r.DualCheck.Budget.SumOfLines)
	d, err := r.DualCheck.Budget.ConvertedTotal.Sub(r.DualCheck.Budget.SumOfLines)
	require.NoError(t, err)
	assert.Equal(t, d, r.DualCheck.Budget.Difference)
	assert.LessOrEqual(t, max(d.Cents(), -d.Cents()), int64(len(r.Lines)), "at most half a lipa per line either way")
	assert.NotEmpty(t, r.noteText("planning_rate", socialsvc.HR))
	assert.Empty(t, r.noteText("dual_display", socialsvc.EN), "the fixed-rate note would be wrong here")
	assert.Contains(t, r.noteText("planning_rate", socialsvc.HR), "7,40 kn/EUR")

	var js bytes.Buffer
	require.NoError(t, WriteJSON(&js, r))
	var doc struct {
		Planning struct {
			BudgetHRK socialsvc.Money `json:"budget_hrk"`
			Rate      string          `json:"rate"`
		} `json:"planning"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.Equal(t, hrk("4254609.06"), doc.Planning.BudgetHRK)
	assert.Equal(t, "7.4", doc.Planning.Rate)
	for _, lang := range []socialsvc.Lang{socialsvc.HR, socialsvc.EN} {
		var html bytes.Buffer
		require.NoError(t, WriteHTML(&html, r, lang))
		out := html.String()
		assert.True(t, strings.Contains(out, hrk("4254609.06").Format(lang)), "the contract figure in %s HTML", lang)
		assert.False(t, strings.Contains(out, hrk("4331939.45").Format(lang)), "no fixed-rate budget figure in %s HTML", lang)
		assert.True(t, strings.Contains(out, template.HTMLEscapeString(tr(lang, "t_planning"))), "the planning table in %s HTML", lang)
	}
	var csv bytes.Buffer
	require.NoError(t, WriteCSV(&csv, r, CSVOptions{Croatian: true, Table: "planning_rate"}))
	assert.True(t, strings.Contains(csv.String(), "4254609,06"), "Croatian CSV")
	csv.Reset()
	require.NoError(t, WriteCSV(&csv, r, CSVOptions{Table: "planning_rate"}))
	assert.True(t, strings.Contains(csv.String(), "4254609.06"), "plain CSV")

	var xb bytes.Buffer
	require.NoError(t, WriteXLSX(&xb, r, socialsvc.HR))
	f, err := excelize.OpenReader(&xb)
	require.NoError(t, err)
	defer f.Close()
	found := false
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		for _, row := range rows {
			if strings.Contains(strings.Join(row, "|"), "4254609.06") {
				found = true
			}
		}
	}
	assert.True(t, found, "the contract figure is a cell of the workbook")
}

// TestPlanningRateOnlyBeforeTheWindow: a project in the dual-display
// window shows its budget in kuna at the fixed rate even with a planning
// rate, and gets no planning figure.
func TestPlanningRateOnlyBeforeTheWindow(t *testing.T) {
	s, _ := seeded(t)
	r, err := Financial(context.Background(), s, demo.ProjectCentriZajednice, Options{Now: fixedNow})
	require.NoError(t, err)
	assert.Nil(t, r.Planning)
	assert.NotEmpty(t, r.noteText("dual_display", socialsvc.EN))
}
