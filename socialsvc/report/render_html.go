package report

import (
	"embed"
	"html/template"
	"io"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

//go:embed templates/*.html.tmpl
var templateFS embed.FS

var htmlTemplate = template.Must(template.ParseFS(templateFS, "templates/report.html.tmpl"))

// htmlView is what the template renders: every text already formatted
// for the language, every chart already laid out.
type htmlView struct {
	Lang  string
	Title string
	// Confidential is the banner of a report with exact counts.
	Confidential string
	Info         [][2]string
	Notes        []string
	Warnings     []string
	Labels       map[string]string
	Tables       []htmlTable
	Charts       []svgChart
}

type htmlTable struct {
	ID      string
	Caption string
	// Width is the table's print class: "" for a table that prints at the
	// base size, "wide" (7 to 9 columns) and "wider" (10 or more) for
	// tables printed on landscape pages in a smaller type, so that the
	// last columns are not cut off (see the template's print rules).
	Width string
	Heads []htmlHead
	Rows  []htmlRow
	Notes []string
}

type htmlHead struct {
	Text    string
	Numeric bool
}

type htmlRow struct {
	Total bool
	Cells []htmlCell
}

type htmlCell struct {
	Text       string
	Header     bool
	Numeric    bool
	Suppressed bool
}

// WriteHTML writes the report as one self-contained, print-friendly HTML
// page in lang: accessible tables (caption, th with scope), inline SVG
// charts, no JavaScript, no external resources. Amounts and dates use
// Money.Format and Date.Format for lang.
func WriteHTML(w io.Writer, rep Report, lang socialsvc.Lang) error {
	lang = socialsvc.ParseLang(string(lang))
	h := rep.ReportHeader()
	v := htmlView{Lang: string(lang), Title: heading(h, lang), Info: infoRows(h, lang),
		Labels: map[string]string{"notes": tr(lang, "notes"), "warnings": tr(lang, "warnings")}}
	if h.Confidential {
		v.Confidential = tr(lang, "confidential")
	}
	for _, n := range h.Notes {
		v.Notes = append(v.Notes, n.Text(lang))
	}
	for _, n := range h.Warnings {
		v.Warnings = append(v.Warnings, n.Text(lang))
	}
	for _, c := range rep.Charts(lang) {
		v.Charts = append(v.Charts, layoutChart(c))
	}
	for _, t := range rep.Tables(lang) {
		ht := htmlTable{ID: t.ID, Caption: t.Title, Notes: t.Notes}
		for _, c := range t.Columns {
			ht.Heads = append(ht.Heads, htmlHead{Text: c.Label, Numeric: numericKind(c.Kind)})
		}
		for _, r := range t.Rows {
			hr := htmlRow{Total: r.Total}
			for j, c := range r.Cells {
				hr.Cells = append(hr.Cells, htmlCell{Text: c.DisplayText(lang), Header: j < t.RowHeaders,
					Numeric:    numericKind(c.Kind) || c.Kind == CellEmpty && j < len(t.Columns) && numericKind(t.Columns[j].Kind),
					Suppressed: c.Kind == CellSuppressed})
			}
			ht.Rows = append(ht.Rows, hr)
		}
		ht.Width = printWidth(len(t.Columns))
		v.Tables = append(v.Tables, ht)
	}
	return htmlTemplate.Execute(w, v)
}

// printWidth is the print class of a table of n columns: up to six
// columns fit an A4 portrait page at the base size of the print rules;
// wider tables print in a smaller type (and on landscape pages where the
// browser supports named pages), so that even when the reader prints on
// portrait paper the last column stays on the page.
func printWidth(n int) string {
	switch {
	case n >= 10:
		return "wider"
	case n >= 7:
		return "wide"
	}
	return ""
}

func numericKind(k CellKind) bool {
	switch k {
	case CellMoney, CellInt, CellYear, CellDecimal, CellPercent, CellSuppressed:
		return true
	}
	return false
}

// Chart layout, in SVG user units.
const (
	chartWidth   = 720
	chartLabelW  = 220
	chartBarArea = 360
	chartBarH    = 14
	chartGap     = 10
	chartTop     = 28
)

type svgChart struct {
	ID, Title     string
	Width, Height int
	Legend        []svgLegend
	Items         []svgItem
}

type svgLegend struct {
	X, Y  int
	Class string
	Text  string
}

type svgItem struct {
	Label  string
	LabelY int
	Bars   []svgBar
}

type svgBar struct {
	X, Y, W, H   int
	Track        bool // progress: draw the 100 % track
	TrackW       int
	Class        string
	Text         string
	TextX, TextY int
}

// scale returns v/max of the bar area, with integer arithmetic; values
// outside 0..max are clamped.
func scale(v, maxV int64) int {
	if maxV <= 0 || v <= 0 {
		return 0
	}
	if v >= maxV {
		return chartBarArea
	}
	// v < maxV, so v*area cannot overflow unless v is huge: divide first
	// when it would.
	if v > (1<<62)/chartBarArea {
		return int(v / (maxV / chartBarArea))
	}
	return int(v * chartBarArea / maxV)
}

func layoutChart(c Chart) svgChart {
	sc := svgChart{ID: c.ID, Title: c.Title, Width: chartWidth}
	var maxV int64
	for _, it := range c.Items {
		for _, b := range it.Bars {
			if !b.Suppressed && b.Value > maxV {
				maxV = b.Value
			}
		}
	}
	y := chartTop
	for i, s := range c.Series {
		sc.Legend = append(sc.Legend, svgLegend{X: chartLabelW + i*160, Y: 14, Class: "s" + itoa(i), Text: s})
	}
	for _, it := range c.Items {
		si := svgItem{Label: it.Label}
		top := y
		for bi, b := range it.Bars {
			bar := svgBar{X: chartLabelW, Y: y, H: chartBarH, Class: "s" + itoa(bi), Text: b.Display, TextY: y + chartBarH - 3}
			switch {
			case b.Suppressed:
				bar.W = 0
				bar.Class = "suppressed"
			case c.Kind == ChartProgress:
				bar.Track, bar.TrackW = true, chartBarArea
				bar.W = scale(b.Value, b.Max)
				if b.Value > b.Max {
					bar.Class = "over"
				}
			default:
				bar.W = scale(b.Value, maxV)
			}
			bar.TextX = chartLabelW + bar.W + 6
			if bar.Track {
				bar.TextX = chartLabelW + chartBarArea + 6
			}
			si.Bars = append(si.Bars, bar)
			y += chartBarH + 2
		}
		si.LabelY = top + (y-top)/2 + 3
		sc.Items = append(sc.Items, si)
		y += chartGap
	}
	sc.Height = y + 4
	return sc
}
