package report

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The PDF renderer embeds the Go fonts (Go Regular and Go Bold, by
// Bigelow & Holmes for the Go project, under the BSD licence in
// GO-FONTS-LICENSE beside this file). They cover WGL4: Latin-1 and Latin
// Extended-A (č ć đ š ž, ë ç of every shipped language), Cyrillic,
// Greek, € and the typographic punctuation the reports use. fpdf embeds
// only the glyphs a document uses.
const pdfFamily = "go"

// pdfFace is what the layout needs of a font without asking fpdf for
// every word: which runes have a glyph and each glyph's advance in
// thousandths of an em, exactly as fpdf measures them.
type pdfFace struct {
	ttf []byte
	adv []uint16 // indexed by rune (BMP); 0 = no glyph
}

var (
	pdfFacesOnce sync.Once
	pdfFaces     map[string]*pdfFace // by fpdf style: "" and "B"
	pdfFacesErr  error
)

func loadPDFFaces() (map[string]*pdfFace, error) {
	pdfFacesOnce.Do(func() {
		faces := map[string]*pdfFace{"": {ttf: goregular.TTF}, "B": {ttf: gobold.TTF}}
		probe := fpdf.New("P", "mm", "A4", "")
		for style, f := range faces {
			probe.AddUTF8FontFromBytes(pdfFamily, style, f.ttf)
		}
		for style, f := range faces {
			font, err := sfnt.Parse(f.ttf)
			if err != nil {
				pdfFacesErr = err
				return
			}
			probe.SetFont(pdfFamily, style, 10)
			var buf sfnt.Buffer
			f.adv = make([]uint16, 0x10000)
			for r := rune(0x20); r < 0x10000; r++ {
				if gi, err := font.GlyphIndex(&buf, r); err != nil || gi == 0 {
					continue
				}
				w := probe.GetStringSymbolWidth(string(r))
				if w <= 0 {
					w = 1 // a glyph of no advance still exists
				}
				f.adv[r] = uint16(w)
			}
		}
		pdfFacesErr = probe.Error()
		pdfFaces = faces
	})
	return pdfFaces, pdfFacesErr
}

// has reports whether both faces have a glyph for r.
func pdfHas(faces map[string]*pdfFace, r rune) bool {
	if r < 0 || r >= 0x10000 {
		return false
	}
	return faces[""].adv[r] != 0 && faces["B"].adv[r] != 0
}

// pdfClean prepares text for the fonts: NFC (so that a c followed by a
// combining caron becomes the č the font has), tabs and other spaces as a
// plain space, control and format characters dropped, newlines kept only
// where the text may wrap, and every other rune the fonts lack as "?",
// so that nothing is silently missing from the page.
func pdfClean(faces map[string]*pdfFace, s string, keepNewlines bool) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\r' && keepNewlines:
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Tabs and line ends become spaces; the rest is invisible (a
			// zero-width space, a soft hyphen, a direction mark).
			if unicode.IsSpace(r) {
				b.WriteByte(' ')
			}
		case pdfHas(faces, r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Mn, r):
			// A combining mark NFC could not attach to its letter.
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
