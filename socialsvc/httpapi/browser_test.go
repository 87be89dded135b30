package httpapi

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/zajednica/go-socialsvc/internal/cdptest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
)

// chromium returns the path of a Chromium or Chrome binary on PATH.
func chromium() string { return cdptest.Chromium() }

// TestBrowserScreenshots renders the portfolio and the 2SoKroG page in a
// real headless Chromium, in Croatian and English, at a desktop and a
// phone width: the DOM the browser built must have the page's heading and
// no template error, and the screenshots must be real PNGs of the width
// asked for. Screenshots go to $SOCIALSVC_SCREENSHOTS (scripts/screenshots.sh
// sets docs/screenshots), else to a temporary directory. Without Chromium
// the test is skipped, except under CI=true, where it fails.
func TestBrowserScreenshots(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no chromium, chromium-browser or google-chrome on PATH (apt-get install -y chromium)")
		}
		t.Skip("no chromium on PATH")
	}
	dir := os.Getenv("SOCIALSVC_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))

	f := newDashFixture(t)
	anon := httptest.NewServer(f.h)
	defer anon.Close()
	// The admin's browser: every request carries the session cookie that
	// signing in sets, so that the page shows everything.
	admin := f.signIn("admin")
	signedIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: admin.cookie})
		f.h.ServeHTTP(w, r)
	}))
	defer signedIn.Close()

	profile := t.TempDir()
	run := func(t *testing.T, args ...string) []byte {
		t.Helper()
		// A bound on a hung browser, not a timing assertion.
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
			"--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + profile}
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, stderr.String())
		return out
	}

	// The language switcher in the browser: a Croatian page's link to
	// Slovenian gives the page in Slovenian, marked as current, and the
	// cookie it sets keeps the browser in Slovenian on a page opened
	// without ?lang=.
	t.Run("switch-to-sl", func(t *testing.T) {
		hr := string(run(t, "--dump-dom", anon.URL+"/?lang=hr"))
		require.Contains(t, hr, "Portfelj projekata")
		href := switcherHref(t, hr, "sl")
		require.True(t, strings.HasPrefix(href, "/"), href)
		sl := string(run(t, "--dump-dom", anon.URL+href))
		assert.Contains(t, sl, `<html lang="sl">`)
		assert.Contains(t, sl, "Portfelj projektov")
		assert.Contains(t, sl, "Preskoči na vsebino")
		assert.Contains(t, sl, `aria-current="true">Slovenščina</a>`)
		assert.NotContains(t, sl, "Portfelj projekata")
		again := string(run(t, "--dump-dom", anon.URL+"/"))
		assert.Contains(t, again, `<html lang="sl">`, "the lang cookie keeps the choice")
		assert.Contains(t, again, "Portfelj projektov")
	})

	sizes := []struct {
		name          string
		width, height int
	}{{"desktop", 1366, 900}, {"phone", 390, 844}}
	for _, tc := range []struct {
		name, url, heading string
		words              []string // what the page must say, as the browser shows it
	}{
		{"portfolio-hr", anon.URL + "/?lang=hr", "Portfelj projekata", nil},
		{"portfolio-en", anon.URL + "/?lang=en", "Project portfolio", nil},
		{"2sokrog-hr", signedIn.URL + "/projects/2sokrog?lang=hr", "2SoKroG", nil},
		{"2sokrog-en", signedIn.URL + "/projects/2sokrog?lang=en", "2SoKroG", nil},
		{"portfolio-sl", anon.URL + "/?lang=sl", "Portfelj projektov", nil},
		{"2sokrog-sl", signedIn.URL + "/projects/2sokrog?lang=sl", "2SoKroG",
			[]string{">vodilni partner<", ">pridruženi partner<", ">zaključen<", ">574.947,17&nbsp;€<", ">488.705,06&nbsp;€", ">delavnica<", ">27. 9. 2018<"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dom := string(run(t, "--dump-dom", tc.url))
			require.Contains(t, dom, "<h1", "the browser built the page")
			h1 := dom[strings.Index(dom, "<h1"):]
			h1 = h1[:strings.Index(h1, "</h1>")]
			assert.Contains(t, h1, tc.heading)
			for _, w := range tc.words {
				assert.Contains(t, dom, w)
			}
			for _, bad := range []string{"ZgotmplZ", "template:", "internal error"} {
				assert.NotContains(t, dom, bad)
			}
			for _, sz := range sizes {
				file := filepath.Join(dir, tc.name+"-"+sz.name+".png")
				_ = os.Remove(file)
				run(t, "--screenshot="+file, "--window-size="+strconv.Itoa(sz.width)+","+strconv.Itoa(sz.height), tc.url)
				checkPNG(t, file, sz.width)
			}
		})
	}
}

// switcherHref returns the href of the language switcher's link to lang
// in a DOM the browser built.
func switcherHref(t *testing.T, dom, lang string) string {
	t.Helper()
	i := strings.Index(dom, `hreflang="`+lang+`"`)
	require.GreaterOrEqual(t, i, 0, "the switcher has a link to %s", lang)
	a := dom[strings.LastIndex(dom[:i], "<a "):]
	a = a[:strings.IndexByte(a, '>')]
	h := a[strings.Index(a, `href="`)+len(`href="`):]
	return strings.ReplaceAll(h[:strings.IndexByte(h, '"')], "&amp;", "&")
}

// checkPNG asserts that file is a PNG of the given width that shows more
// than a blank page: several thousand bytes and a few dozen colours.
func checkPNG(t *testing.T, file string, width int) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Greater(t, len(b), 5000, "a screenshot of a page is more than a few bytes")
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, width, img.Bounds().Dx(), file)
	assert.Greater(t, colours(img), 16, "the screenshot shows text and colour, not a blank page")
}

func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
		for x := bd.Min.X; x < bd.Max.X; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, b, a}] = true
		}
	}
	return len(seen)
}

// browserDOM returns the DOM a headless Chromium builds for url.
func browserDOM(t *testing.T, bin, profile, url string) string {
	t.Helper()
	// A bound on a hung browser, not a timing assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--user-data-dir="+profile, "--dump-dom", url)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return string(out)
}

// TestBrowserDisclosureMarks opens Social Atelier's page in a real
// headless Chromium. Anonymously, every beneficiary table shows what the
// protected release publishes, cell by cell: "<5" where 1 to 4 people
// stand behind a figure, "x" where a figure is withheld only to protect
// others, and the legend of both in the page's language. Signed in as
// DKolektiv's editor (a partner of the project), the page shows the
// confidential banner and the exact counts, with no mark at all.
func TestBrowserDisclosureMarks(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no chromium, chromium-browser or google-chrome on PATH (apt-get install -y chromium)")
		}
		t.Skip("no chromium on PATH")
	}
	f := newDashFixture(t)
	anon := httptest.NewServer(f.h)
	defer anon.Close()
	partner := f.signIn("editor")
	signedIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: partner.cookie})
		f.h.ServeHTTP(w, r)
	}))
	defer signedIn.Close()
	profile := t.TempDir()
	ids := []string{"individuals_by_target_group", "individuals_by_age_band", "visits_by_period"}

	// cells returns the texts of a table's body cells, row by row, and
	// whether each is marked as withheld.
	type cell struct {
		Text     string
		Withheld bool
	}
	fromDOM := func(doc *html.Node, id string) [][]cell {
		var rows [][]cell
		tbl := byID(doc)["t-"+id]
		require.NotNil(t, tbl, "table %s on the page", id)
		for _, tr := range elements(tbl, "tr") {
			if p := tr.Parent; p == nil || p.Data != "tbody" {
				continue
			}
			var row []cell
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					class, _ := attr(c, "class")
					row = append(row, cell{Text: textOf(c), Withheld: strings.Contains(class, "suppressed")})
				}
			}
			rows = append(rows, row)
		}
		return rows
	}
	fromReport := func(r *report.BeneficiaryReport, lang socialsvc.Lang, id string) [][]cell {
		var rows [][]cell
		for _, tb := range r.Tables(lang) {
			if tb.ID != id {
				continue
			}
			for _, rw := range tb.Rows {
				var row []cell
				for _, c := range rw.Cells {
					row = append(row, cell{Text: c.DisplayText(lang), Withheld: c.Kind == report.CellSuppressed})
				}
				rows = append(rows, row)
			}
		}
		return rows
	}
	ctx := context.Background()
	for _, tc := range []struct {
		lang, legendLT5, legendX, banner string
	}{
		{"hr", "<5: iza brojke stoji 1 do 4 osobe.", "x: skriveno radi zaštite drugih ćelija.", "povjerljivo: sadrži nezaštićene brojeve"},
		{"en", "<5: 1 to 4 people stand behind the figure.", "x: withheld to protect other cells.", "confidential: contains unprotected counts"},
	} {
		lang := socialsvc.Lang(tc.lang)
		t.Run("public-"+tc.lang, func(t *testing.T) {
			want, err := report.Beneficiaries(ctx, f.store, demo.ProjectSocialAtelier, report.Options{Lang: lang, Now: f.h.opts.Now})
			require.NoError(t, err)
			dom := browserDOM(t, bin, profile, anon.URL+"/projects/social-atelier?lang="+tc.lang)
			doc, err := html.Parse(strings.NewReader(dom))
			require.NoError(t, err)
			text := strings.Join(strings.Fields(textOf(doc)), " ")
			assert.Contains(t, text, tc.legendLT5)
			assert.Contains(t, text, tc.legendX)
			assert.NotContains(t, text, tc.banner)
			assert.Nil(t, byID(doc)["ben-confidential"])
			primary, complementary := 0, 0
			for _, id := range ids {
				got := fromDOM(doc, id)
				assert.Equal(t, fromReport(want, lang, id), got, id)
				for _, row := range got {
					for _, c := range row {
						switch {
						case c.Text == "<5" && c.Withheld:
							primary++
						case c.Text == "x" && c.Withheld:
							complementary++
						}
					}
				}
			}
			assert.Positive(t, primary, `cells of 1 to 4 people read "<5"`)
			assert.Positive(t, complementary, `cells withheld to protect others read "x"`)
		})
		t.Run("partner-"+tc.lang, func(t *testing.T) {
			want, err := report.Beneficiaries(ctx, f.store, demo.ProjectSocialAtelier,
				report.Options{Lang: lang, Now: f.h.opts.Now, Disclosure: report.Exact})
			require.NoError(t, err)
			dom := browserDOM(t, bin, profile, signedIn.URL+"/projects/social-atelier?lang="+tc.lang)
			doc, err := html.Parse(strings.NewReader(dom))
			require.NoError(t, err)
			banner := byID(doc)["ben-confidential"]
			require.NotNil(t, banner, "the confidential banner")
			assert.Equal(t, tc.banner, textOf(banner))
			text := strings.Join(strings.Fields(textOf(doc)), " ")
			assert.NotContains(t, text, tc.legendX)
			assert.Contains(t, text, report.CountCell(want.Individuals).DisplayText(lang), "the exact number of people")
			for _, id := range ids {
				got := fromDOM(doc, id)
				assert.Equal(t, fromReport(want, lang, id), got, id)
				for _, row := range got {
					for _, c := range row {
						assert.False(t, c.Withheld, "%s: %q is exact, not withheld", id, c.Text)
					}
				}
			}
		})
	}
}
