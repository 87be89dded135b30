package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/cdptest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

// printTools returns the Chromium binary and whether pdftotext and
// pdftoppm (poppler-utils) are on PATH; without them the print tests are
// skipped, except under CI=true, where they fail.
func printTools(t *testing.T) string {
	t.Helper()
	bin := cdptest.Chromium()
	missing := []string{}
	if bin == "" {
		missing = append(missing, "chromium (apt-get install -y chromium)")
	}
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool+" (apt-get install -y poppler-utils)")
		}
	}
	if len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but missing %s", strings.Join(missing, ", "))
		}
		t.Skipf("missing %s", strings.Join(missing, ", "))
	}
	return bin
}

// A4 in millimetres, and the page margin of the reports' print rules.
const (
	a4Short, a4Long = 210.0, 297.0
	printMarginMM   = 12.0
)

// cssPx converts millimetres to CSS pixels (96 per inch).
func cssPx(mm float64) int { return int(mm / 25.4 * 96) }

// overflow reports, in print media at a viewport as wide as the content
// box of an A4 page, every table cell whose right edge lies beyond it,
// and the document's scroll width.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	Cells       []string `json:"cells"`
	Tables      int      `json:"tables"`
}

const overflowJS = `(() => {
  const w = document.documentElement.clientWidth;
  const cells = [];
  for (const c of document.querySelectorAll("table th, table td")) {
    const r = c.getBoundingClientRect();
    if (r.right > w + 0.5) cells.push(c.closest("table").id + ": " + c.textContent.trim() + " ends at " + Math.round(r.right) + " > " + w);
  }
  return {scrollWidth: document.documentElement.scrollWidth, cells: cells.slice(0, 10), tables: document.querySelectorAll("table").length};
})()`

// printPDF prints the loaded page on A4 paper (landscape or not), as a
// reader who picks the paper in the print dialog does: the paper given
// here wins over the page's own @page size.
func printPDF(t *testing.T, c *cdptest.Page, landscape bool) []byte {
	t.Helper()
	var res struct {
		Data string `json:"data"`
	}
	c.Call(t, "Page.printToPDF", map[string]any{"paperWidth": a4Short / 25.4, "paperHeight": a4Long / 25.4, "landscape": landscape,
		"preferCSSPageSize": false, "printBackground": true, "displayHeaderFooter": false}, &res)
	b, err := base64.StdEncoding.DecodeString(res.Data)
	require.NoError(t, err)
	return b
}

// pdfPages extracts the text of every page of a PDF (pdftotext -raw, in
// the order the browser drew it), with runs of white space made one
// space.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "r.pdf")
	require.NoError(t, os.WriteFile(file, pdf, 0o644))
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", file, "-").Output()
	require.NoError(t, err)
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), " ")
	}
	return pages
}

// TestPrintA4Unclipped prints the HTML reports (financial, indicators,
// beneficiaries and portfolio of the seed projects) in a real headless
// Chromium on A4 paper, portrait and landscape: in print media, no table
// cell may end beyond the page's content width; in the PDF, every page
// the financial table of 2SoKroG runs over repeats its header up to the
// last column ("Expenditure lines"), and the last two cells of every row
// of its wide tables are in the text, in order. It also writes a picture
// of the table's first printed page in each orientation
// (print-financial-portrait.png, print-financial-landscape.png) to
// $SOCIALSVC_SCREENSHOTS (scripts/screenshots.sh sets docs/screenshots),
// else to a temporary directory.
func TestPrintA4Unclipped(t *testing.T) {
	bin := printTools(t)
	s, ds := seeded(t)
	ctx := t.Context()
	dir := t.TempDir()
	shots := os.Getenv("SOCIALSVC_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))

	fin, err := Financial(ctx, s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	ids := make([]socialsvc.ProjectID, 0, len(ds.Projects))
	for _, p := range ds.Projects {
		ids = append(ids, p.ID)
	}
	pf, err := PortfolioOf(ctx, s, ids, Options{Now: fixedNow})
	require.NoError(t, err)
	reports := map[string]Report{"financial-2sokrog": fin, "portfolio": pf}
	for _, id := range []socialsvc.ProjectID{demo.Project2SoKroG, demo.ProjectSocialAtelier} {
		ind, err := Indicators(ctx, s, id, Options{Now: fixedNow})
		require.NoError(t, err)
		ben, err := Beneficiaries(ctx, s, id, Options{Now: fixedNow})
		require.NoError(t, err)
		fr, err := Financial(ctx, s, id, Options{Now: fixedNow})
		require.NoError(t, err)
		reports["indicators-"+string(id)], reports["beneficiaries-"+string(id)] = ind, ben
		if id != demo.Project2SoKroG {
			reports["financial-"+string(id)] = fr
		}
	}
	files := map[string]string{}
	for name, rep := range reports {
		for _, lang := range []socialsvc.Lang{socialsvc.HR, socialsvc.EN} {
			var buf bytes.Buffer
			require.NoError(t, WriteHTML(&buf, rep, lang))
			file := filepath.Join(dir, name+"."+string(lang)+".html")
			require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
			files[name+"."+string(lang)] = file
		}
	}

	c := cdptest.Start(t, bin)
	c.Call(t, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	for _, o := range []struct {
		name  string
		width float64
	}{{"portrait", a4Short}, {"landscape", a4Long}} {
		w := cssPx(o.width - 2*printMarginMM)
		c.Call(t, "Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil)
		for name, file := range files {
			t.Run(o.name+"/"+name, func(t *testing.T) {
				c.Open(t, "file://"+file)
				var ov overflow
				c.Eval(t, overflowJS, &ov)
				assert.Positive(t, ov.Tables)
				assert.Empty(t, ov.Cells, "cells beyond the %d px of an A4 %s page", w, o.name)
				assert.LessOrEqual(t, ov.ScrollWidth, w)
			})
		}
	}
	c.Call(t, "Emulation.clearDeviceMetricsOverride", nil, nil)

	// The PDF of the financial report of 2SoKroG, in English.
	var lines, flat *Table
	tables := fin.Tables(socialsvc.EN)
	for i := range tables {
		switch tables[i].ID {
		case "lines":
			lines = &tables[i]
		case "flat_rates":
			flat = &tables[i]
		}
	}
	require.NotNil(t, lines)
	require.Len(t, lines.Columns, 11)
	require.Equal(t, "Expenditure lines", lines.Columns[10].Label)
	for _, pr := range []struct {
		name      string
		landscape bool
		// named: the browser supports named pages, so the wide tables
		// come out on landscape pages whatever the paper; otherwise (a
		// browser without them, simulated by overriding the named page)
		// every page is the paper chosen.
		named bool
	}{{"portrait", false, false}, {"landscape", true, true}, {"portrait-named", false, true}} {
		t.Run("pdf/"+pr.name, func(t *testing.T) {
			c.Open(t, "file://"+files["financial-2sokrog.en"])
			if !pr.named {
				var ok bool
				c.Eval(t, `document.head.insertAdjacentHTML("beforeend", "<style>@page wide { size: auto; margin: 12mm; }</style>"), true`, &ok)
			}
			pdf := printPDF(t, c, pr.landscape)
			pages := pdfPages(t, pdf)
			require.NotEmpty(t, pages)
			// The header of the lines table, first to last column.
			var head []string
			for _, col := range lines.Columns {
				head = append(head, col.Label)
			}
			header := strings.Join(head, " ")
			first, with := -1, 0
			for i, p := range pages {
				if strings.Contains(p, head[0]+" "+head[1]+" "+head[2]+" "+head[3]) {
					with++
					if first < 0 {
						first = i
					}
					assert.Contains(t, p, header, "page %d repeats the whole header, to the last column", i+1)
				}
			}
			require.GreaterOrEqual(t, first, 0, "the lines table is printed")
			assert.Greater(t, with, 1, "the lines table runs over several pages, each with its header")
			text := strings.Join(pages, " ")
			for _, tb := range []*Table{lines, flat} {
				if tb == nil {
					continue
				}
				pos := 0
				for ri, r := range tb.Rows {
					var last []string
					for _, cell := range r.Cells {
						if txt := cell.DisplayText(socialsvc.EN); txt != "" {
							last = append(last, txt)
						}
					}
					if len(last) > 2 {
						last = last[len(last)-2:]
					}
					// pdfPages made every run of white space one space, the
					// CLDR no-break spaces in amounts included.
					needle := strings.Join(strings.Fields(strings.Join(last, " ")), " ")
					i := strings.Index(text[pos:], needle)
					if !assert.GreaterOrEqual(t, i, 0, "%s row %d: %q is not in the PDF after the rows before it", tb.ID, ri+1, needle) {
						break
					}
					pos += i + len(needle)
				}
			}
			pdfFile := filepath.Join(t.TempDir(), "fin.pdf")
			require.NoError(t, os.WriteFile(pdfFile, pdf, 0o644))
			sizes := pdfPageSizes(t, pdfFile)
			require.Len(t, sizes, len(pages))
			assert.Equal(t, pr.landscape, sizes[0][0] > sizes[0][1], "the first page is the paper chosen")
			assert.Equal(t, pr.landscape || pr.named, sizes[first][0] > sizes[first][1], "the lines table's first page")
			if pr.name == "portrait-named" {
				return // the same table pages as landscape
			}
			shot := filepath.Join(shots, "print-financial-"+pr.name)
			_ = os.Remove(shot + ".png")
			page := strconv.Itoa(first + 1)
			out, err := exec.Command("pdftoppm", "-png", "-r", "72", "-f", page, "-l", page, "-singlefile", pdfFile, shot).CombinedOutput()
			require.NoError(t, err, string(out))
			checkPrintPNG(t, shot+".png", pr.landscape)
		})
	}
}

// pdfPageSizes returns the width and height of every page of a PDF file,
// in points (pdfinfo).
func pdfPageSizes(t *testing.T, file string) [][2]float64 {
	t.Helper()
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", "100000", file).Output()
	require.NoError(t, err)
	var sizes [][2]float64
	for _, m := range regexp.MustCompile(`(?m)^Page\s+\d+ size:\s+([0-9.]+) x ([0-9.]+)`).FindAllStringSubmatch(string(out), -1) {
		w, err1 := strconv.ParseFloat(m[1], 64)
		h, err2 := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err1)
		require.NoError(t, err2)
		sizes = append(sizes, [2]float64{w, h})
	}
	return sizes
}

// checkPrintPNG asserts that file is a PNG of an A4 page in the given
// orientation that shows more than a blank page.
func checkPrintPNG(t *testing.T, file string, landscape bool) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Greater(t, len(b), 5000, "a picture of a printed table is more than a few bytes")
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if landscape {
		w, h = h, w
	}
	// 72 dpi: 210 x 297 mm is 595 x 842 pixels (±1 for rounding).
	assert.InDelta(t, 595, w, 1, fmt.Sprintf("%s is %dx%d", file, img.Bounds().Dx(), img.Bounds().Dy()))
	assert.InDelta(t, 842, h, 1, file)
}

// The print classes follow the column count: the financial report's
// 11-column lines table is "wider", its 9-column category table "wide",
// and its 5-column funds table prints at the base size.
func TestPrintWidthClasses(t *testing.T) {
	s, _ := seeded(t)
	fin, err := Financial(t.Context(), s, demo.Project2SoKroG, Options{Now: fixedNow})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, fin, socialsvc.EN))
	html := buf.String()
	assert.Contains(t, html, `<div class="wrap wider">`+"\n"+`<table id="lines" class="wider">`)
	assert.Contains(t, html, `<div class="wrap wide">`+"\n"+`<table id="categories" class="wide">`)
	assert.Contains(t, html, `<div class="wrap">`+"\n"+`<table id="funds">`)
	for n, want := range map[int]string{1: "", 6: "", 7: "wide", 9: "wide", 10: "wider", 12: "wider"} {
		assert.Equal(t, want, printWidth(n), n)
	}
}
