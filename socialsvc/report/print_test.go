package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/websocket"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
)

// printTools returns the Chromium binary and whether pdftotext and
// pdftoppm (poppler-utils) are on PATH; without them the print tests are
// skipped, except under CI=true, where they fail.
func printTools(t *testing.T) string {
	t.Helper()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
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

// cdp is a minimal client of the Chrome DevTools Protocol: one page
// target of a headless Chromium, commands sent one at a time.
type cdp struct {
	ws  *websocket.Conn
	seq int
}

// startChromium starts a headless Chromium with the DevTools protocol on
// a free port and connects to its first page.
func startChromium(t *testing.T, bin string) *cdp {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// The profile is removed after the browser has closed (t.TempDir
	// would race with its helper processes' last writes).
	profile, err := os.MkdirTemp("", "socialsvc-print-")
	require.NoError(t, err)
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--hide-scrollbars", "--force-device-scale-factor=1", "--remote-debugging-port=0", "--remote-allow-origins=*",
		"--user-data-dir="+profile, "about:blank")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	// "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			if m := regexp.MustCompile(`ws://[0-9.]+:[0-9]+/devtools/browser/\S+`).FindString(sc.Text()); m != "" && !sent {
				found <- m
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	var browserURL string
	select {
	case u, ok := <-found:
		require.True(t, ok, "chromium exited before it listened")
		browserURL = u
	case <-time.After(60 * time.Second): // a bound on a hung browser, not a timing assertion
		cancel()
		t.Fatal("chromium did not start its DevTools server")
	}
	t.Cleanup(func() {
		// Closing the browser through the protocol ends its helper
		// processes too; killing it is the fallback.
		if ws, err := websocket.Dial(browserURL, "", "http://localhost/"); err == nil {
			_ = websocket.JSON.Send(ws, map[string]any{"id": 1, "method": "Browser.close"})
			ws.Close()
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cancel()
			<-done
		}
		cancel()
		_ = os.RemoveAll(profile)
	})
	addr := strings.TrimPrefix(browserURL, "ws://")
	addr = addr[:strings.IndexByte(addr, '/')]
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	res, err := http.Get("http://" + addr + "/json/list")
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(res.Body).Decode(&targets))
	res.Body.Close()
	for _, tg := range targets {
		if tg.Type == "page" {
			ws, err := websocket.Dial(tg.WebSocketDebuggerURL, "", "http://localhost/")
			require.NoError(t, err)
			ws.MaxPayloadBytes = 64 << 20
			t.Cleanup(func() { ws.Close() })
			return &cdp{ws: ws}
		}
	}
	t.Fatal("chromium has no page target")
	return nil
}

// call sends a command and returns its result, skipping the events that
// arrive in between.
func (c *cdp) call(t *testing.T, method string, params map[string]any, result any) {
	t.Helper()
	c.seq++
	require.NoError(t, c.ws.SetDeadline(time.Now().Add(120*time.Second)))
	require.NoError(t, websocket.JSON.Send(c.ws, map[string]any{"id": c.seq, "method": method, "params": params}))
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		require.NoError(t, websocket.JSON.Receive(c.ws, &msg), method)
		if msg.ID != c.seq {
			continue
		}
		require.Nil(t, msg.Error, "%s: %+v", method, msg.Error)
		if result != nil {
			require.NoError(t, json.Unmarshal(msg.Result, result), method)
		}
		return
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func (c *cdp) eval(t *testing.T, expr string, v any) {
	t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	c.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	require.Nil(t, res.ExceptionDetails, expr)
	require.NoError(t, json.Unmarshal(res.Result.Value, v))
}

// open loads a page and waits until it is complete.
func (c *cdp) open(t *testing.T, url string) {
	t.Helper()
	c.call(t, "Page.navigate", map[string]any{"url": url}, nil)
	for range 600 {
		var state string
		c.eval(t, "document.readyState", &state)
		if state == "complete" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the page did not finish loading")
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
func (c *cdp) printPDF(t *testing.T, landscape bool) []byte {
	t.Helper()
	var res struct {
		Data string `json:"data"`
	}
	c.call(t, "Page.printToPDF", map[string]any{"paperWidth": a4Short / 25.4, "paperHeight": a4Long / 25.4, "landscape": landscape,
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

	c := startChromium(t, bin)
	c.call(t, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	for _, o := range []struct {
		name  string
		width float64
	}{{"portrait", a4Short}, {"landscape", a4Long}} {
		w := cssPx(o.width - 2*printMarginMM)
		c.call(t, "Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil)
		for name, file := range files {
			t.Run(o.name+"/"+name, func(t *testing.T) {
				c.open(t, "file://"+file)
				var ov overflow
				c.eval(t, overflowJS, &ov)
				assert.Positive(t, ov.Tables)
				assert.Empty(t, ov.Cells, "cells beyond the %d px of an A4 %s page", w, o.name)
				assert.LessOrEqual(t, ov.ScrollWidth, w)
			})
		}
	}
	c.call(t, "Emulation.clearDeviceMetricsOverride", nil, nil)

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
			c.open(t, "file://"+files["financial-2sokrog.en"])
			if !pr.named {
				var ok bool
				c.eval(t, `document.head.insertAdjacentHTML("beforeend", "<style>@page wide { size: auto; margin: 12mm; }</style>"), true`, &ok)
			}
			pdf := c.printPDF(t, pr.landscape)
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
					needle := strings.Join(last, " ")
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
