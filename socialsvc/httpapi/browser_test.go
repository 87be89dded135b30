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
)

// chromium returns the path of a Chromium or Chrome binary on PATH.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

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
	}{
		{"portfolio-hr", anon.URL + "/?lang=hr", "Portfelj projekata"},
		{"portfolio-en", anon.URL + "/?lang=en", "Project portfolio"},
		{"2sokrog-hr", signedIn.URL + "/projects/2sokrog?lang=hr", "2SoKroG"},
		{"2sokrog-en", signedIn.URL + "/projects/2sokrog?lang=en", "2SoKroG"},
		{"portfolio-sl", anon.URL + "/?lang=sl", "Portfelj projektov"},
		{"2sokrog-sl", signedIn.URL + "/projects/2sokrog?lang=sl", "2SoKroG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dom := string(run(t, "--dump-dom", tc.url))
			require.Contains(t, dom, "<h1", "the browser built the page")
			h1 := dom[strings.Index(dom, "<h1"):]
			h1 = h1[:strings.Index(h1, "</h1>")]
			assert.Contains(t, h1, tc.heading)
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
