package report

// Chart geometry in millimetres and points.
const (
	pdfChartSize  = 7.5 // labels and values
	pdfChartTitle = 10.0
	pdfBarH       = 3.6
	pdfBarGap     = 0.7
	pdfItemGap    = 2.2
	pdfLabelLines = 3
)

// chart draws c as horizontal bars with vector rectangles, laid out as the
// HTML renderer's SVG: item labels on the left, one bar per series, the
// displayed value after the bar (after the 100 % track for progress
// charts). Lengths come from the same integer scaling as the SVG (scale),
// so no amount passes through floating point before it is a length on
// the page. A chart that fits on a page is kept on one; a longer one
// breaks between items and repeats its title and legend.
func (d *pdfDoc) chart(c Chart) {
	if len(c.Items) == 0 {
		return
	}
	W := d.width()
	fs := pdfChartSize
	lh := lineH(fs)

	title := d.clean(c.Title, false)
	series := make([]string, len(c.Series))
	for i, s := range c.Series {
		series[i] = d.clean(s, false)
	}
	labelW, valueW := 0.0, 0.0
	for _, it := range c.Items {
		labelW = max(labelW, d.textW("", fs, d.clean(it.Label, false)))
		for _, b := range it.Bars {
			valueW = max(valueW, d.textW("", fs, d.clean(b.Display, false)))
		}
	}
	labelW = min(labelW+3, W*0.35)
	valueW = min(valueW+3, W*0.25)
	area := W - labelW - valueW
	barX := pdfMargin + labelW

	var maxV int64
	for _, it := range c.Items {
		for _, b := range it.Bars {
			if !b.Suppressed && b.Value > maxV {
				maxV = b.Value
			}
		}
	}
	length := func(v, m int64) float64 { return float64(scale(v, m)) * area / chartBarArea }

	type item struct {
		label []string
		h     float64
		bars  []ChartBar
	}
	items := make([]item, len(c.Items))
	total := 0.0
	d.font("", fs)
	for i, it := range c.Items {
		lines := d.clampLines("", fs, d.wrap("", fs, d.clean(it.Label, false), labelW-3), pdfLabelLines, labelW-3)
		nb := float64(len(it.Bars))
		bh := nb*pdfBarH + max(nb-1, 0)*pdfBarGap
		items[i] = item{label: lines, h: max(bh, float64(len(lines))*lh), bars: it.Bars}
		total += items[i].h + pdfItemGap
	}

	// The legend: a swatch and the name of each series, wrapped onto as
	// many rows as needed.
	type swatch struct {
		x, row float64
		i      int
	}
	var legend []swatch
	x, row := 0.0, 0.0
	for i, s := range series {
		sw := 3 + 1.5 + d.textW("", fs, s) + 5
		if x > 0 && x+sw > W {
			x, row = 0, row+1
		}
		legend = append(legend, swatch{x, row, i})
		x += sw
	}
	legendH := 0.0
	if len(legend) > 0 {
		legendH = (row + 1) * (lh + 0.5)
	}
	headH := lineH(pdfChartTitle) + 1 + legendH + 1

	drawHead := func() {
		d.p.Bookmark(title, 0, -1)
		d.font("B", pdfChartTitle)
		d.textColor(pdfInk)
		d.text(pdfMargin, d.y(), W, lineH(pdfChartTitle), d.fitLine("B", pdfChartTitle, title, W), "L")
		y := d.y() + lineH(pdfChartTitle) + 1
		d.font("", fs)
		for _, sw := range legend {
			ly := y + sw.row*(lh+0.5)
			d.fillColor(pdfSeries[sw.i%len(pdfSeries)])
			d.p.Rect(pdfMargin+sw.x, ly+(lh-3)/2, 3, 3, "F")
			d.textColor(pdfInk)
			d.text(pdfMargin+sw.x+4.5, ly, W-sw.x-4.5, lh, d.fitLine("", fs, series[sw.i], W-sw.x-4.5), "L")
		}
		d.p.SetY(y + legendH + 1)
	}

	if headH+total > d.room() && headH+total <= d.bottom()-pdfTop {
		d.newPage(d.landscape)
	} else {
		d.ensure(headH + items[0].h)
	}
	drawHead()
	for _, it := range items {
		if it.h > d.room() {
			d.newPage(d.landscape)
			drawHead()
		}
		top := d.y()
		d.font("", fs)
		d.textColor(pdfInk)
		// The label is centred on the item's bars, as in the SVG.
		ly := top + (it.h-float64(len(it.label))*lh)/2
		for _, l := range it.label {
			d.text(pdfMargin, ly, labelW-3, lh, l, "L")
			ly += lh
		}
		y := top
		for bi, b := range it.bars {
			disp := d.clean(b.Display, false)
			textX := barX
			switch {
			case b.Suppressed:
				// No length: the mark stands at the start of the bar.
			case c.Kind == ChartProgress:
				d.fillColor(pdfTrack)
				d.p.Rect(barX, y, area, pdfBarH, "F")
				fill := pdfSeries[0]
				if b.Value > b.Max {
					fill = pdfOver
				}
				if w := length(b.Value, b.Max); w > 0 {
					d.fillColor(fill)
					d.p.Rect(barX, y, w, pdfBarH, "F")
				}
				textX = barX + area + 1
			default:
				w := length(b.Value, maxV)
				if w > 0 {
					d.fillColor(pdfSeries[bi%len(pdfSeries)])
					d.p.Rect(barX, y, w, pdfBarH, "F")
				}
				textX = barX + w + 1
			}
			if b.Suppressed {
				d.textColor(pdfGrey)
			} else {
				d.textColor(pdfInk)
			}
			d.text(textX, y+(pdfBarH-lh)/2, pdfMargin+W-textX, lh, d.fitLine("", fs, disp, pdfMargin+W-textX), "L")
			y += pdfBarH + pdfBarGap
		}
		d.p.SetY(top + it.h + pdfItemGap)
	}
	d.gap(4)
}
