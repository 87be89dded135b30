package report

import (
	"math"
	"slices"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// pdfCell is a cell as the PDF sets it: cleaned display text, whether it
// may wrap (text does, numbers, dates and marks do not), its alignment.
type pdfCell struct {
	text       string
	wrap       bool
	right      bool
	suppressed bool
}

// pdfColWidths are the widths a column can take, in millimetres at one
// type size: min is the narrowest without breaking a number or a word
// (words are capped at pdfWordCap) or squeezing text below pdfTextMin;
// fit is every cell on one line with the heading wrapped at its spaces;
// wide adds the heading on one line.
type pdfColWidths struct {
	min, fit, wide float64
}

// pdfLayout is how a table is set: its type size, orientation and the
// groups of columns set one after the other (one group unless the table
// is too wide for a landscape page at the smallest size), each with the
// width of its columns.
type pdfLayout struct {
	size      float64
	landscape bool
	groups    []pdfGroup
}

type pdfGroup struct {
	cols   []int
	widths []float64
}

// tableCells prepares every cell of t for the page.
func (d *pdfDoc) tableCells(t Table) [][]pdfCell {
	out := make([][]pdfCell, len(t.Rows))
	for i, r := range t.Rows {
		row := make([]pdfCell, len(t.Columns))
		for j := range row {
			if j >= len(r.Cells) {
				continue
			}
			c := r.Cells[j]
			text := c.Kind == CellText
			row[j] = pdfCell{
				text:       d.clean(c.DisplayText(d.lang), text),
				wrap:       text,
				right:      numericKind(c.Kind) || c.Kind == CellEmpty && numericKind(t.Columns[j].Kind),
				suppressed: c.Kind == CellSuppressed,
			}
		}
		out[i] = row
	}
	return out
}

// measure returns the widths each column can take at type size size.
func (d *pdfDoc) measure(t Table, heads []string, cells [][]pdfCell, size float64) []pdfColWidths {
	out := make([]pdfColWidths, len(t.Columns))
	pad := 2 * pdfPadH
	capW := pdfWordCap * size / pdfTableSize
	comfort := pdfTextMin * size / pdfTableSize
	for j := range t.Columns {
		word, full := d.longestWord("B", size, heads[j], capW), d.textW("B", size, heads[j])
		cw := pdfColWidths{min: word, fit: word}
		textFull := 0.0
		for i, row := range cells {
			c := row[j]
			style := ""
			if t.Rows[i].Total {
				style = "B"
			}
			if !c.wrap {
				w := d.textW(style, size, c.text)
				cw.min, cw.fit = max(cw.min, w), max(cw.fit, w)
				continue
			}
			cw.min = max(cw.min, d.longestWord(style, size, c.text, capW))
			for _, line := range splitLines(c.text) {
				textFull = max(textFull, d.textW(style, size, line))
			}
		}
		// Text is not squeezed below a comfortable width (or its own
		// width, when shorter), nor does its longest line set more than
		// a third of a landscape page.
		cw.min = max(cw.min, min(textFull, comfort))
		cw.fit = max(cw.fit, cw.min, min(textFull, pdfWidth(true)/3))
		cw.wide = max(cw.fit, full)
		cw.min += pad
		cw.fit += pad
		cw.wide += pad
		out[j] = cw
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// longestWord is the width of the widest word of s, capped at capW.
func (d *pdfDoc) longestWord(style string, size float64, s string, capW float64) float64 {
	best, cur := 0.0, 0.0
	adv := d.faces[style].adv
	k := size / 1000 * 25.4 / 72
	for _, r := range s {
		if r == ' ' || r == '\n' {
			best, cur = max(best, cur), 0
			continue
		}
		if r >= 0 && r < 0x10000 {
			cur += float64(adv[r]) * k
		}
	}
	return min(max(best, cur), capW)
}

// fitWidths spreads width W over columns: all wide if they fit, else all
// fit, else each at its minimum with what is left shared in proportion to
// what each would take to fit.
func fitWidths(cols []pdfColWidths, W float64) []float64 {
	out := make([]float64, len(cols))
	var wide, fit, least float64
	for _, c := range cols {
		wide += c.wide
		fit += c.fit
		least += c.min
	}
	switch {
	case wide <= W:
		for i, c := range cols {
			out[i] = c.wide
		}
	case fit <= W:
		for i, c := range cols {
			out[i] = c.fit
		}
	default:
		spare := max(W-least, 0)
		want := fit - least
		for i, c := range cols {
			out[i] = c.min
			if want > 0 {
				out[i] += spare * (c.fit - c.min) / want
			}
		}
	}
	return out
}

func sumMin(cols []pdfColWidths) float64 {
	s := 0.0
	for _, c := range cols {
		s += c.min
	}
	return s
}

// layoutTable decides how t is set: in portrait at the table size if its
// columns fit there, else in landscape at the table size or, shrinking,
// down to pdfMinSize; a table wider still is split into groups of
// columns, each repeating the row-heading columns.
func (d *pdfDoc) layoutTable(t Table, heads []string, cells [][]pdfCell) pdfLayout {
	all := make([]int, len(t.Columns))
	for j := range all {
		all[j] = j
	}
	for size := pdfTableSize; size >= pdfMinSize; size-- {
		cols := d.measure(t, heads, cells, size)
		for _, land := range []bool{false, true} {
			if !land && size < pdfTableSize {
				continue
			}
			if W := pdfWidth(land); sumMin(cols) <= W {
				return pdfLayout{size: size, landscape: land, groups: []pdfGroup{{cols: all, widths: fitWidths(cols, W)}}}
			}
		}
	}
	size := pdfMinSize
	cols := d.measure(t, heads, cells, size)
	W := pdfWidth(true)
	rh := min(t.RowHeaders, len(t.Columns))
	// Row headings that would leave less than half the page to the
	// figures are repeated only as far as the first column.
	for rh > 1 && sumMin(cols[:rh]) > W/2 {
		rh = 1
	}
	if rh == 1 && cols[0].min > W/2 {
		rh = 0
	}
	lay := pdfLayout{size: size, landscape: true}
	for j := rh; j < len(cols); {
		g := pdfGroup{cols: slices.Clone(all[:rh])}
		used := sumMin(cols[:rh])
		for j < len(cols) && (len(g.cols) == rh || used+cols[j].min <= W) {
			g.cols = append(g.cols, j)
			used += cols[j].min
			j++
		}
		sel := make([]pdfColWidths, len(g.cols))
		for i, c := range g.cols {
			sel[i] = cols[c]
		}
		g.widths = fitWidths(sel, W)
		lay.groups = append(lay.groups, g)
	}
	return lay
}

// table sets t: its caption, heading rows, body and notes (with the
// legend of its marks), in the orientation its width needs.
func (d *pdfDoc) table(t Table) {
	notes := withLegend(t, d.lang)
	heads := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		heads[j] = d.clean(c.Label, false)
	}
	cells := d.tableCells(t)
	lay := pdfLayout{size: pdfTableSize, landscape: d.landscape, groups: []pdfGroup{{}}}
	if len(t.Columns) > 0 {
		lay = d.layoutTable(t, heads, cells)
	}
	title := d.clean(t.Title, false)
	for i, g := range lay.groups {
		if lay.landscape != d.landscape {
			d.newPage(lay.landscape)
		}
		caption := title
		if len(lay.groups) > 1 {
			// Which part of the columns this is: "(2/3)" reads alike in
			// every language.
			caption += " (" + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(lay.groups)) + ")"
		}
		d.tableGroup(t, caption, heads, cells, lay.size, g)
	}
	for _, n := range notes {
		d.para(n, "", pdfSmallSize, pdfMuted, 0)
	}
	d.gap(5)
}

// withLegend returns the table's notes with the legend of every mark its
// cells use, whether or not the report added it.
func withLegend(t Table, lang socialsvc.Lang) []string {
	notes := slices.Clone(t.Notes)
	var lt5, x bool
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if c.Kind == CellSuppressed {
				lt5 = lt5 || c.mark() == SuppressedText
				x = x || c.mark() == WithheldText
			}
		}
	}
	for _, m := range []struct {
		used bool
		key  string
	}{{lt5, "legend_lt5"}, {x, "legend_x"}} {
		if m.used && !slices.Contains(notes, tr(lang, m.key)) {
			notes = append(notes, tr(lang, m.key))
		}
	}
	return notes
}

// tableGroup sets one group of columns of t. Rows never break inside
// unless a row is taller than a page; after every break the heading rows
// are repeated.
func (d *pdfDoc) tableGroup(t Table, title string, heads []string, cells [][]pdfCell, size float64, g pdfGroup) {
	lh := lineH(size)
	x0 := float64(pdfMargin)

	// Heading lines per column, at most pdfMaxHead each.
	headLines := make([][]string, len(g.cols))
	headN := 1
	for i, j := range g.cols {
		w := g.widths[i] - 2*pdfPadH
		headLines[i] = d.clampLines("B", size, d.wrap("B", size, heads[j], w), pdfMaxHead, w)
		headN = max(headN, len(headLines[i]))
	}
	headH := float64(headN)*lh + 2*pdfPadV
	drawHead := func() {
		if len(g.cols) == 0 {
			return
		}
		y := d.y()
		x := x0
		d.font("B", size)
		d.fillColor(pdfHeadFill)
		d.drawColor(pdfRule)
		for i, j := range g.cols {
			d.p.Rect(x, y, g.widths[i], headH, "FD")
			d.textColor(pdfInk)
			align := "L"
			if numericKind(t.Columns[j].Kind) {
				align = "R"
			}
			for k, l := range headLines[i] {
				d.text(x+pdfPadH, y+pdfPadV+float64(k)*lh, g.widths[i]-2*pdfPadH, lh, l, align)
			}
			x += g.widths[i]
		}
		d.p.SetY(y + headH)
	}

	// The body's lines per cell.
	rowLines := func(i int) ([][]string, int) {
		style := ""
		if t.Rows[i].Total {
			style = "B"
		}
		out := make([][]string, len(g.cols))
		n := 1
		for k, j := range g.cols {
			c := cells[i][j]
			w := g.widths[k] - 2*pdfPadH
			if c.wrap {
				out[k] = d.wrap(style, size, c.text, w)
			} else {
				out[k] = []string{d.fitLine(style, size, c.text, w+2*pdfPadH-0.2)}
			}
			n = max(n, len(out[k]))
		}
		return out, n
	}

	// Keep the caption with the heading rows and the first row.
	titleSize := 10.0
	d.font("B", titleSize)
	titleLines := d.wrap("B", titleSize, title, d.width())
	first := 0.0
	if len(t.Rows) > 0 {
		_, n := rowLines(0)
		first = float64(n)*lh + 2*pdfPadV
	}
	keep := float64(len(titleLines))*lineH(titleSize) + 1 + headH + min(first, 3*lh+2*pdfPadV)
	d.ensure(keep)
	d.p.Bookmark(title, 0, -1)
	d.para(title, "B", titleSize, pdfInk, 0)
	d.p.SetY(d.y() + 1)
	drawHead()

	onPage := 0
	for i := range t.Rows {
		lines, n := rowLines(i)
		for off := 0; off < n; {
			k := int(math.Floor((d.room() - 2*pdfPadV + 1e-9) / lh))
			if n-off <= k {
				d.rowSlice(t, g, cells[i], lines, off, n, lh, size, i)
				break
			}
			if onPage > 0 || k < 1 && !d.atHeadTop(headH) {
				d.newPage(d.landscape)
				drawHead()
				onPage = 0
				continue
			}
			// A row taller than a page: set what fits and go on.
			k = max(k, 1)
			d.rowSlice(t, g, cells[i], lines, off, off+k, lh, size, i)
			off += k
			d.newPage(d.landscape)
			drawHead()
		}
		onPage++
	}
	d.p.SetY(d.y() + 1.5)
}

// atHeadTop reports whether the page holds only the heading rows.
func (d *pdfDoc) atHeadTop(headH float64) bool { return d.y() <= pdfTop+headH+0.01 }

// rowSlice draws lines from..to of a row's cells.
func (d *pdfDoc) rowSlice(t Table, g pdfGroup, cells []pdfCell, lines [][]string, from, to int, lh, size float64, i int) {
	y := d.y()
	h := float64(to-from)*lh + 2*pdfPadV
	style := ""
	if t.Rows[i].Total {
		style = "B"
	}
	d.font(style, size)
	d.drawColor(pdfRule)
	d.fillColor(pdfTotalFill)
	x := float64(pdfMargin)
	for k, j := range g.cols {
		mode := "D"
		if t.Rows[i].Total {
			mode = "FD"
		}
		d.p.Rect(x, y, g.widths[k], h, mode)
		c := cells[j]
		d.textColor(pdfInk)
		if c.suppressed {
			d.textColor(pdfGrey)
		}
		align := "L"
		if c.right {
			align = "R"
		}
		for li := from; li < to && li < len(lines[k]); li++ {
			d.text(x+pdfPadH, y+pdfPadV+float64(li-from)*lh, g.widths[k]-2*pdfPadH, lh, lines[k][li], align)
		}
		x += g.widths[k]
	}
	d.p.SetY(y + h)
}
