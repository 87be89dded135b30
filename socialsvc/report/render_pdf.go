package report

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// Page geometry of the PDF renderer in millimetres: A4, in portrait or,
// for a table too wide for it, landscape.
const (
	pdfPageW   = 210.0
	pdfPageH   = 297.0
	pdfMargin  = 15.0 // left and right
	pdfTop     = 16.0 // first line of content, under the running header
	pdfBottom  = 15.0 // kept free for the footer
	pdfHeaderY = 7.0
	pdfFooterY = 8.5 // from the bottom edge

	pdfPadH = 1.2 // cell padding, horizontal
	pdfPadV = 0.8 // cell padding, vertical

	pdfTableSize = 8.0  // body text of tables, in points
	pdfMinSize   = 6.0  // smallest size a wide table shrinks to
	pdfTextSize  = 9.0  // the title block and notes
	pdfSmallSize = 7.5  // table notes, running header and footer
	pdfWordCap   = 40.0 // a longer word is broken rather than widen its column
	pdfTextMin   = 25.0 // a text column is not squeezed below this (at 8 pt)
	pdfMaxHead   = 4    // lines of a column heading at most
	pdfEps       = 1e-6 // sums of widths measured apart may differ by rounding
)

// pdfPagesAlias stands for the number of pages until the document is
// finished (fpdf replaces it). It holds control characters, which
// pdfClean removes from every text, so no report text can contain it.
const pdfPagesAlias = "\x01nb\x01"

type pdfRGB [3]int

// The palette of the HTML renderer, so that both read alike.
var (
	pdfInk       = pdfRGB{0x1a, 0x1a, 0x1a}
	pdfMuted     = pdfRGB{0x44, 0x44, 0x44}
	pdfGrey      = pdfRGB{0x55, 0x55, 0x55}
	pdfRule      = pdfRGB{0xc8, 0xc8, 0xc8}
	pdfHeadFill  = pdfRGB{0xee, 0xf0, 0xf3}
	pdfTotalFill = pdfRGB{0xf7, 0xf7, 0xf7}
	pdfRed       = pdfRGB{0xb3, 0x26, 0x1e}
	pdfRedFill   = pdfRGB{0xfd, 0xf1, 0xf0}
	pdfBlue      = pdfRGB{0x5b, 0x7f, 0xa6}
	pdfBlueFill  = pdfRGB{0xf3, 0xf6, 0xfa}
	pdfTrack     = pdfRGB{0xe6, 0xe9, 0xee}
	pdfOver      = pdfRGB{0x2f, 0x7d, 0x32}
	pdfSeries    = []pdfRGB{pdfBlue, {0xe0, 0xa4, 0x3a}, {0x6a, 0xa5, 0x6a}, {0x8e, 0x6a, 0xa5}, {0xa5, 0x6a, 0x6a}}
)

// WritePDF writes the report as a PDF document in lang, A4: a title block
// (the project or organisation, the scope, the generation time and the
// language), the warnings, the charts drawn as vector bar charts, then
// every table, and the notes. A table is set in portrait when it fits
// the width of a portrait page with its text columns wrapped, else on
// landscape pages, else in a smaller type, and as a last resort split
// into groups of columns that each repeat the row headings. Tables break
// across pages with their heading rows repeated; a row taller than a page
// continues on the next. Every page carries its number ("Page 2 of 5" in
// lang) and, for a report with exact counts of people
// (Header.Confidential), the confidential mark, which the title block
// also shows as a banner. Cells are formatted as in HTML (Money.Format,
// Date.Format, "<5" and "x" for withheld counts), and a table with
// withheld cells always carries the legend of its marks.
//
// The fonts are the Go fonts, embedded in the package (subset into the
// document), so nothing needs to be installed; text they cannot show is
// written as "?" rather than left out. The document records lang and the
// report's generation time, so one report value gives the same bytes
// every time.
func WritePDF(w io.Writer, rep Report, lang socialsvc.Lang) error {
	lang = socialsvc.ParseLang(string(lang))
	faces, err := loadPDFFaces()
	if err != nil {
		return err
	}
	h := rep.ReportHeader()
	d := &pdfDoc{faces: faces, h: h, lang: lang}
	d.title = d.clean(heading(h, lang), false)
	d.start()
	d.titleBlock()
	if len(h.Warnings) > 0 {
		d.noteBox(tr(lang, "warnings"), h.Warnings, pdfRed, pdfRedFill)
	}
	for _, c := range rep.Charts(lang) {
		d.chart(c)
	}
	for _, t := range rep.Tables(lang) {
		d.table(t)
	}
	if len(h.Notes) > 0 {
		d.noteBox(tr(lang, "notes"), h.Notes, pdfBlue, pdfBlueFill)
	}
	return d.p.Output(w)
}

// pdfDoc is one document being written. All layout is done here, with
// fpdf's automatic page breaks off, so that every break can repeat what
// it must (a table's heading rows, a chart's title).
type pdfDoc struct {
	p         *fpdf.Fpdf
	faces     map[string]*pdfFace
	h         *Header
	lang      socialsvc.Lang
	title     string
	landscape bool
}

func (d *pdfDoc) start() {
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: pdfPageW, Ht: pdfPageH}})
	d.p = p
	for style, f := range d.faces {
		p.AddUTF8FontFromBytes(pdfFamily, style, f.ttf)
	}
	p.SetMargins(pdfMargin, pdfTop, pdfMargin)
	p.SetAutoPageBreak(false, pdfBottom)
	p.SetCellMargin(0)
	p.SetLineWidth(0.2)
	p.AliasNbPages(pdfPagesAlias)
	p.SetCatalogSort(true)
	p.SetCompression(true)
	p.SetTitle(d.title, true)
	p.SetSubject(d.clean(infoRows(d.h, d.lang)[0][1], false), true)
	p.SetCreator("go-socialsvc", true)
	p.SetProducer("go-socialsvc report.WritePDF (github.com/go-pdf/fpdf)", true)
	p.SetLang(string(d.lang))
	if d.h.Confidential {
		p.SetKeywords(d.clean(tr(d.lang, "confidential"), false), true)
	}
	// The generation time, not the rendering time: equal reports give
	// equal files.
	gen := d.h.GeneratedAt
	if gen.IsZero() {
		gen = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.SetCreationDate(gen.UTC())
	p.SetModificationDate(gen.UTC())
	p.SetHeaderFuncMode(d.runningHeader, false)
	p.SetFooterFunc(d.footer)
	d.newPage(false)
}

// clean is pdfClean with the document's fonts.
func (d *pdfDoc) clean(s string, keepNewlines bool) string { return pdfClean(d.faces, s, keepNewlines) }

func (d *pdfDoc) newPage(landscape bool) {
	o := "P"
	if landscape {
		o = "L"
	}
	d.landscape = landscape
	d.p.AddPageFormat(o, fpdf.SizeType{Wd: pdfPageW, Ht: pdfPageH})
	d.p.SetXY(pdfMargin, pdfTop)
}

// pageSize returns the width and height of the current page; in the
// footer of a page that a landscape page follows, still the finished
// page's.
func (d *pdfDoc) pageSize() (float64, float64) { return d.p.GetPageSize() }

// width is the width between the margins of a page.
func pdfWidth(landscape bool) float64 {
	if landscape {
		return pdfPageH - 2*pdfMargin
	}
	return pdfPageW - 2*pdfMargin
}

func (d *pdfDoc) width() float64 { return pdfWidth(d.landscape) }

func (d *pdfDoc) bottom() float64 {
	_, h := d.pageSize()
	return h - pdfBottom
}

func (d *pdfDoc) y() float64 { return d.p.GetY() }

// room is the height left on the current page.
func (d *pdfDoc) room() float64 { return d.bottom() - d.y() }

// atTop reports whether nothing has been drawn below the running header.
func (d *pdfDoc) atTop() bool { return d.y() <= pdfTop+0.01 }

// ensure starts a new page (of the same orientation) unless h fits.
func (d *pdfDoc) ensure(h float64) {
	if h > d.room() && !d.atTop() {
		d.newPage(d.landscape)
	}
}

func (d *pdfDoc) gap(h float64) {
	if d.room() > h {
		d.p.SetY(d.y() + h)
	} else {
		d.p.SetY(d.bottom())
	}
}

func (d *pdfDoc) font(style string, size float64) { d.p.SetFont(pdfFamily, style, size) }

func (d *pdfDoc) textColor(c pdfRGB) { d.p.SetTextColor(c[0], c[1], c[2]) }
func (d *pdfDoc) fillColor(c pdfRGB) { d.p.SetFillColor(c[0], c[1], c[2]) }
func (d *pdfDoc) drawColor(c pdfRGB) { d.p.SetDrawColor(c[0], c[1], c[2]) }

// lineH is the height of a line of text of size points.
func lineH(size float64) float64 { return size * 25.4 / 72 * 1.25 }

// textW measures cleaned text as fpdf will set it.
func (d *pdfDoc) textW(style string, size float64, s string) float64 {
	adv := d.faces[style].adv
	u := 0
	for _, r := range s {
		if r >= 0 && r < 0x10000 {
			u += int(adv[r])
		}
	}
	return float64(u) * size / 1000 * 25.4 / 72
}

// wrap breaks cleaned text into lines no wider than w: at newlines and
// spaces, and inside a word only when the word alone is wider than w.
func (d *pdfDoc) wrap(style string, size float64, s string, w float64) []string {
	var lines []string
	space := d.textW(style, size, " ")
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lineW := 0.0
		flush := func() {
			lines = append(lines, line.String())
			line.Reset()
			lineW = 0
		}
		empty := true
		for _, word := range strings.Split(para, " ") {
			if word == "" {
				continue
			}
			ww := d.textW(style, size, word)
			if ww > w+pdfEps {
				// A word wider than the line: break it into pieces.
				if !empty {
					flush()
				}
				pieces := d.breakWord(style, size, word, w)
				for _, pc := range pieces[:len(pieces)-1] {
					lines = append(lines, pc)
				}
				word = pieces[len(pieces)-1]
				ww = d.textW(style, size, word)
				empty = true
			}
			switch {
			case empty:
				line.WriteString(word)
				lineW, empty = ww, false
			case lineW+space+ww <= w+pdfEps:
				line.WriteByte(' ')
				line.WriteString(word)
				lineW += space + ww
			default:
				flush()
				line.WriteString(word)
				lineW = ww
			}
		}
		flush()
	}
	return lines
}

// breakWord cuts a word into pieces no wider than w (at least one rune
// each).
func (d *pdfDoc) breakWord(style string, size float64, word string, w float64) []string {
	var out []string
	start, cur := 0, 0.0
	for i, r := range word {
		rw := d.textW(style, size, string(r))
		if cur+rw > w+pdfEps && i > start {
			out = append(out, word[start:i])
			start, cur = i, 0
		}
		cur += rw
	}
	return append(out, word[start:])
}

// fitLine shortens cleaned text to width w, ending it with "…" when cut.
func (d *pdfDoc) fitLine(style string, size float64, s string, w float64) string {
	if d.textW(style, size, s) <= w {
		return s
	}
	ell := "…"
	limit := w - d.textW(style, size, ell)
	cur := 0.0
	for i, r := range s {
		cur += d.textW(style, size, string(r))
		if cur > limit {
			return strings.TrimRight(s[:i], " ") + ell
		}
	}
	return s
}

// clampLines keeps at most n lines, marking the cut with "…".
func (d *pdfDoc) clampLines(style string, size float64, lines []string, n int, w float64) []string {
	if len(lines) <= n {
		return lines
	}
	out := slices.Clone(lines[:n])
	out[n-1] = d.fitLine(style, size, out[n-1]+" …", w)
	return out
}

// text writes one line at x, y (top of the line) in a box of width w.
func (d *pdfDoc) text(x, y, w, h float64, s, align string) {
	d.p.SetXY(x, y)
	d.p.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

// para writes text wrapped to the width, from the left margin plus
// indent, breaking pages where needed.
func (d *pdfDoc) para(s, style string, size float64, color pdfRGB, indent float64) {
	d.font(style, size)
	d.textColor(color)
	lh := lineH(size)
	for _, line := range d.wrap(style, size, d.clean(s, true), d.width()-indent) {
		d.ensure(lh)
		d.text(pdfMargin+indent, d.y(), d.width()-indent, lh, line, "L")
		d.p.SetY(d.y() + lh)
	}
}

func (d *pdfDoc) runningHeader() {
	w, _ := d.pageSize()
	avail := w - 2*pdfMargin
	if d.h.Confidential {
		conf := d.clean(tr(d.lang, "confidential"), false)
		d.font("B", pdfSmallSize)
		d.textColor(pdfRed)
		conf = d.fitLine("B", pdfSmallSize, conf, avail)
		cw := d.textW("B", pdfSmallSize, conf)
		d.text(w-pdfMargin-cw, pdfHeaderY, cw, lineH(pdfSmallSize), conf, "R")
		avail -= cw + 4
	}
	if d.p.PageNo() > 1 && avail > 10 {
		d.font("", pdfSmallSize)
		d.textColor(pdfGrey)
		d.text(pdfMargin, pdfHeaderY, avail, lineH(pdfSmallSize), d.fitLine("", pdfSmallSize, d.title, avail), "L")
	}
}

func (d *pdfDoc) footer() {
	w, h := d.pageSize()
	y := h - pdfFooterY - lineH(pdfSmallSize)
	d.font("", pdfSmallSize)
	d.textColor(pdfGrey)
	page := d.clean(i18n.Tf(d.lang, "pdf.page_of", map[string]any{"Page": strconv.Itoa(d.p.PageNo()), "Pages": "{{pages}}"}), false)
	page = strings.ReplaceAll(page, "{{pages}}", pdfPagesAlias)
	// Set from the left, measured with the page's own number for the
	// count: the count has at least as many digits, so the line ends at
	// the margin, or a digit into it.
	pw := d.textW("", pdfSmallSize, strings.ReplaceAll(page, pdfPagesAlias, strconv.Itoa(d.p.PageNo())))
	d.text(w-pdfMargin-pw, y, pw, lineH(pdfSmallSize), page, "L")
	pw += 2
	gen := d.clean(tr(d.lang, "generated")+" "+generatedText(d.h, d.lang), false)
	d.text(pdfMargin, y, w-2*pdfMargin-pw-4, lineH(pdfSmallSize), d.fitLine("", pdfSmallSize, gen, w-2*pdfMargin-pw-4), "L")
}

// generatedText is the generation time as the title block shows it.
func generatedText(h *Header, lang socialsvc.Lang) string {
	return socialsvc.DateOf(h.GeneratedAt).Format(lang) + " " + h.GeneratedAt.Format("15:04") + " UTC"
}

func (d *pdfDoc) titleBlock() {
	W := d.width()
	if d.h.Confidential {
		size := 11.0
		d.font("B", size)
		lines := d.wrap("B", size, d.clean(tr(d.lang, "confidential"), false), W-8)
		lh := lineH(size)
		bh := float64(len(lines))*lh + 5
		d.fillColor(pdfRedFill)
		d.drawColor(pdfRed)
		d.p.SetLineWidth(0.6)
		d.p.Rect(pdfMargin, d.y(), W, bh, "FD")
		d.p.SetLineWidth(0.2)
		d.textColor(pdfRed)
		y := d.y() + 2.5
		for _, l := range lines {
			d.text(pdfMargin+4, y, W-8, lh, l, "L")
			y += lh
		}
		d.p.SetY(d.y() + bh + 5)
	}
	d.p.Bookmark(d.title, 0, -1)
	d.para(d.title, "B", 16, pdfInk, 0)
	d.gap(3)

	rows := infoRows(d.h, d.lang)
	rows = append(rows, [2]string{i18n.T(d.lang, "pdf.language"), i18n.Name(d.lang) + " (" + string(d.lang) + ")"})
	size := pdfTextSize
	lh := lineH(size)
	labelW := 0.0
	for _, r := range rows {
		labelW = max(labelW, d.textW("B", size, d.clean(r[0], false)))
	}
	labelW = min(labelW+4, W/3)
	for _, r := range rows {
		d.font("", size)
		vals := d.wrap("", size, d.clean(r[1], true), W-labelW)
		d.ensure(lh)
		d.font("B", size)
		d.textColor(pdfInk)
		d.text(pdfMargin, d.y(), labelW, lh, d.fitLine("B", size, d.clean(r[0], false), labelW-1), "L")
		d.font("", size)
		for _, v := range vals {
			d.ensure(lh)
			d.text(pdfMargin+labelW, d.y(), W-labelW, lh, v, "L")
			d.p.SetY(d.y() + lh)
		}
	}
	d.gap(5)
}

// noteBox writes the header's notes or warnings as a shaded list with a
// coloured bar on its left, as the HTML page does; the box breaks across
// pages line by line.
func (d *pdfDoc) noteBox(title string, notes []Note, bar, fill pdfRGB) {
	W := d.width()
	size := pdfTextSize - 0.5
	lh := lineH(size)
	head := lineH(10) + 1
	d.ensure(head + lh + 2)
	band := func(y, h float64) {
		d.fillColor(fill)
		d.p.Rect(pdfMargin, y, W, h, "F")
		d.fillColor(bar)
		d.p.Rect(pdfMargin, y, 1.2, h, "F")
	}
	band(d.y(), head+1)
	d.font("B", 10)
	d.textColor(pdfInk)
	d.text(pdfMargin+4, d.y()+1, W-6, lineH(10), d.fitLine("B", 10, d.clean(title, false), W-6), "L")
	d.p.SetY(d.y() + head + 1)
	d.font("", size)
	for _, n := range notes {
		lines := d.wrap("", size, d.clean(n.Text(d.lang), true), W-10)
		for i, l := range lines {
			d.ensure(lh)
			band(d.y(), lh)
			d.font("", size)
			d.textColor(pdfInk)
			if i == 0 {
				d.text(pdfMargin+4, d.y(), 3, lh, "•", "L")
			}
			d.text(pdfMargin+7, d.y(), W-10, lh, l, "L")
			d.p.SetY(d.y() + lh)
		}
	}
	band(d.y(), 1.5)
	d.p.SetY(d.y() + 1.5)
	d.gap(5)
}
