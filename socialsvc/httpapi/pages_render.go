package httpapi

import (
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
)

// tableView is a report.Table with every cell already written for the
// page's language by the report package (Cell.DisplayText), so that money,
// counts, percentages, dates and "<5" read exactly as in the HTML, CSV and
// XLSX reports.
type tableView struct {
	ID      string
	Caption string
	Heads   []headView
	Rows    []rowView
	Notes   []string
}

type headView struct {
	Text    string
	Numeric bool
}

type rowView struct {
	Total bool
	Cells []cellView
}

type cellView struct {
	Text       string
	Header     bool
	Numeric    bool
	Suppressed bool
}

func numericCell(k report.CellKind) bool {
	switch k {
	case report.CellMoney, report.CellInt, report.CellYear, report.CellDecimal, report.CellPercent, report.CellSuppressed:
		return true
	}
	return false
}

// viewTable turns a report table into its view.
func viewTable(t report.Table, lang socialsvc.Lang) tableView {
	v := tableView{ID: "t-" + t.ID, Caption: t.Title, Notes: t.Notes}
	for _, c := range t.Columns {
		v.Heads = append(v.Heads, headView{Text: c.Label, Numeric: numericCell(c.Kind)})
	}
	for _, r := range t.Rows {
		rv := rowView{Total: r.Total}
		for j, c := range r.Cells {
			num := numericCell(c.Kind) || c.Kind == report.CellEmpty && j < len(t.Columns) && numericCell(t.Columns[j].Kind)
			rv.Cells = append(rv.Cells, cellView{Text: c.DisplayText(lang), Header: j < t.RowHeaders, Numeric: num,
				Suppressed: c.Kind == report.CellSuppressed})
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// pickTables returns the tables of ts with the given IDs, in that order.
func pickTables(ts []report.Table, lang socialsvc.Lang, ids ...string) []tableView {
	var out []tableView
	for _, id := range ids {
		for _, t := range ts {
			if t.ID == id {
				out = append(out, viewTable(t, lang))
			}
		}
	}
	return out
}

// chartView is a report.Chart laid out as an SVG that scales with the
// page: bar lengths are percentages of the drawing's width and text keeps
// its size, so that the chart reads on a phone as on a desktop. Each item
// is a label line, one bar per series, and a line with the values.
type chartView struct {
	ID, Title string
	Height    int
	Legend    []legendView
	Items     []chartItemView
}

type legendView struct {
	Class string
	Text  string
	X     int
}

type chartItemView struct {
	Label  string
	LabelY int
	Bars   []barView
	Values string
	ValueY int
}

type barView struct {
	Y     int
	Width string // percent of the drawing, "37.5%"
	Class string
}

// Chart geometry in CSS pixels.
const (
	pcLegendH = 26
	pcLabelH  = 20
	pcBarH    = 12
	pcBarGap  = 3
	pcValueH  = 20
	pcItemGap = 12
)

// percentOf returns v/max as a CSS percentage with one decimal, computed
// in integers (no money passes through a float); values are clamped to
// 0..100 %.
func percentOf(v, maxV int64) string {
	if maxV <= 0 || v <= 0 {
		return "0%"
	}
	if v >= maxV {
		return "100%"
	}
	var permille int64
	if v > (1<<62)/1000 {
		permille = v / (maxV / 1000)
	} else {
		permille = v * 1000 / maxV
	}
	return strconv.FormatInt(permille/10, 10) + "." + strconv.FormatInt(permille%10, 10) + "%"
}

// layoutChart lays a bar chart of the report package out for the page.
func layoutChart(c report.Chart) *chartView {
	if len(c.Items) == 0 {
		return nil
	}
	v := &chartView{ID: "chart-" + c.ID, Title: c.Title}
	var maxV int64
	for _, it := range c.Items {
		for _, b := range it.Bars {
			if !b.Suppressed && b.Value > maxV {
				maxV = b.Value
			}
		}
	}
	for i, s := range c.Series {
		v.Legend = append(v.Legend, legendView{Class: "s" + strconv.Itoa(i), Text: s, X: i * 150})
	}
	y := 0
	if len(c.Series) > 0 {
		y = pcLegendH
	}
	for _, it := range c.Items {
		empty := true
		for _, b := range it.Bars {
			empty = empty && b.Value == 0 && !b.Suppressed
		}
		if empty && c.Kind == report.ChartBars && len(c.Items) > 1 {
			continue
		}
		iv := chartItemView{Label: it.Label, LabelY: y + 15}
		y += pcLabelH
		values := ""
		for bi, b := range it.Bars {
			bv := barView{Y: y, Class: "s" + strconv.Itoa(bi), Width: percentOf(b.Value, maxV)}
			if b.Suppressed {
				bv.Width, bv.Class = "0%", "suppressed"
			}
			iv.Bars = append(iv.Bars, bv)
			y += pcBarH + pcBarGap
			if values != "" {
				values += " · "
			}
			if bi < len(c.Series) && len(c.Series) > 1 {
				values += c.Series[bi] + " "
			}
			values += b.Display
		}
		iv.Values, iv.ValueY = values, y+14
		y += pcValueH + pcItemGap
		v.Items = append(v.Items, iv)
	}
	v.Height = y
	return v
}
