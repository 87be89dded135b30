// Package pdftest reads PDF documents back in tests, with poppler's
// pdftotext and pdfinfo (Debian: apt-get install poppler-utils), so that
// a test can assert what a reader of the file sees: the text of each page
// in reading order and each page's size. Without the tools a test skips,
// except under CI (which installs them), where it fails.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Page is one page of a document as a reader sees it.
type Page struct {
	// Text is the page's text as pdftotext -layout extracts it: lines in
	// reading order, table columns kept apart by spaces.
	Text string
	// Width and Height are the page's size in points (A4 portrait is
	// 595.28 × 841.89).
	Width, Height float64
}

// Landscape reports whether the page is wider than tall.
func (p Page) Landscape() bool { return p.Width > p.Height }

// Lines returns the page's text lines with runs of spaces collapsed to
// one, so that a test can look for "Budget (EUR) Spent (EUR)" whatever
// the column widths.
func (p Page) Lines() []string {
	var out []string
	for _, l := range strings.Split(p.Text, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Flat is the page's text with all runs of white space as one space.
func (p Page) Flat() string { return strings.Join(strings.Fields(p.Text), " ") }

// Read returns the pages of the PDF document doc.
func Read(t testing.TB, doc []byte) []Page {
	t.Helper()
	text := tool(t, "pdftotext")
	info := tool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(text, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	texts := strings.Split(string(out), "\f")
	if n := len(texts); n > 0 && strings.TrimSpace(texts[n-1]) == "" {
		texts = texts[:n-1]
	}
	meta, err := exec.Command(info, "-f", "1", "-l", strconv.Itoa(max(len(texts), 1)), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	sizes := pageSize.FindAllSubmatch(meta, -1)
	if len(sizes) != len(texts) {
		t.Fatalf("pdfinfo lists %d page sizes for %d pages of text:\n%s", len(sizes), len(texts), meta)
	}
	pages := make([]Page, len(texts))
	for i, s := range sizes {
		w, _ := strconv.ParseFloat(string(s[1]), 64)
		h, _ := strconv.ParseFloat(string(s[2]), 64)
		pages[i] = Page{Text: texts[i], Width: w, Height: h}
	}
	return pages
}

var pageSize = regexp.MustCompile(`(?m)^Page +\d+ size: +([0-9.]+) x ([0-9.]+) pts`)

// Text is the text of every page of doc, pages joined by form feeds.
func Text(t testing.TB, doc []byte) string {
	t.Helper()
	var b bytes.Buffer
	for i, p := range Read(t, doc) {
		if i > 0 {
			b.WriteByte('\f')
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// PNG renders page n (1-based) of doc at dpi with pdftoppm and writes it
// to path.
func PNG(t testing.TB, doc []byte, n, dpi int, path string) {
	t.Helper()
	ppm := tool(t, "pdftoppm")
	src := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(src, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	page := strconv.Itoa(n)
	out, err := exec.Command(ppm, "-png", "-r", strconv.Itoa(dpi), "-f", page, "-l", page, "-singlefile", src, strings.TrimSuffix(path, ".png")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
}

func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils)", name)
	}
	return path
}
