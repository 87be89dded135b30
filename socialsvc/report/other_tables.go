package report

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func computationLabel(c socialsvc.Computation, lang socialsvc.Lang) string {
	switch c {
	case socialsvc.CountEvents:
		return tr(lang, "comp_events")
	case socialsvc.CountVisits:
		return tr(lang, "comp_visits")
	case socialsvc.CountIndividuals:
		return tr(lang, "comp_individual")
	case socialsvc.CountOrganisations:
		return tr(lang, "comp_orgs")
	}
	return string(c)
}

func kindLabel(k socialsvc.IndicatorKind, lang socialsvc.Lang) string {
	if k == socialsvc.KindResult {
		return tr(lang, "result")
	}
	return tr(lang, "output")
}

func sourceLabel(s socialsvc.ValueSource, lang socialsvc.Lang) string {
	if s == socialsvc.SourceComputed {
		return tr(lang, "src_computed")
	}
	return tr(lang, "src_entered")
}

// Tables implements Report.
func (r *IndicatorReport) Tables(lang socialsvc.Lang) []Table {
	prog := Table{ID: "indicators", Title: tr(lang, "t_progress"), RowHeaders: 1, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText},
		{Key: "name", Label: tr(lang, "indicator"), Kind: CellText},
		{Key: "kind", Label: tr(lang, "kind"), Kind: CellText},
		{Key: "unit", Label: tr(lang, "unit"), Kind: CellText},
		{Key: "baseline", Label: tr(lang, "baseline"), Kind: CellDecimal},
		{Key: "target", Label: tr(lang, "target"), Kind: CellDecimal},
		{Key: "achieved", Label: tr(lang, "achieved"), Kind: CellDecimal},
		{Key: "percent_of_target", Label: tr(lang, "pct_target"), Kind: CellPercent},
		{Key: "source", Label: tr(lang, "source"), Kind: CellText},
	}}
	per := Table{ID: "indicator_periods", Title: tr(lang, "t_ind_periods"), RowHeaders: 2, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText},
		{Key: "period", Label: tr(lang, "period"), Kind: CellInt},
		{Key: "start", Label: tr(lang, "start"), Kind: CellDate},
		{Key: "end", Label: tr(lang, "end"), Kind: CellDate},
		{Key: "value", Label: tr(lang, "in_period"), Kind: CellDecimal},
		{Key: "cumulative", Label: tr(lang, "cumulative"), Kind: CellDecimal},
		{Key: "percent_of_target", Label: tr(lang, "pct_target"), Kind: CellPercent},
		{Key: "entered", Label: tr(lang, "entered"), Kind: CellDecimal},
		{Key: "computed", Label: tr(lang, "computed"), Kind: CellDecimal},
	}}
	src := Table{ID: "indicator_sources", Title: tr(lang, "t_ind_sources"), RowHeaders: 2, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText},
		{Key: "period", Label: tr(lang, "period"), Kind: CellInt},
		{Key: "computation", Label: tr(lang, "computation"), Kind: CellText},
		{Key: "event_types", Label: tr(lang, "event_types"), Kind: CellText},
		{Key: "events", Label: tr(lang, "events"), Kind: CellInt},
		{Key: "attendance_records", Label: tr(lang, "attendance"), Kind: CellInt},
		{Key: "reported_participants", Label: tr(lang, "reported"), Kind: CellInt},
		{Key: "individuals", Label: tr(lang, "individuals"), Kind: CellInt},
		{Key: "event_ids", Label: tr(lang, "event_ids"), Kind: CellText},
	}}
	for _, ip := range r.Indicators {
		prog.Rows = append(prog.Rows, Row{Cells: []Cell{TextCell(ip.Code), TextCell(ip.Name.In(lang, r.Languages...)), TextCell(kindLabel(ip.Kind, lang)), TextCell(ip.Unit),
			DecimalCell(ip.Baseline), DecimalCell(ip.Target), withheldOr(ip.AchievedWithheld, DecimalCell(ip.Achieved)), optPercent(ip.PercentOfTarget), TextCell(sourceLabel(ip.Source, lang))}})
		for _, pv := range ip.Periods {
			computed := optDecimal(pv.Computed)
			if pv.ValueWithheld != "" {
				computed = withheldOr(pv.ValueWithheld, computed)
			}
			per.Rows = append(per.Rows, Row{Cells: []Cell{TextCell(ip.Code), periodCell(pv.Period, lang), DateCell(pv.Start), DateCell(pv.End),
				withheldOr(pv.ValueWithheld, DecimalCell(pv.Value)), withheldOr(pv.CumulativeWithheld, DecimalCell(pv.Cumulative)), optPercent(pv.PercentOfTarget), optDecimal(pv.Entered), computed}})
		}
		if ip.Trace == nil {
			continue
		}
		types := tr(lang, "all_types")
		if len(ip.EventTypes) > 0 {
			var ts []string
			for _, t := range ip.EventTypes {
				ts = append(ts, t.Label(lang))
			}
			types = strings.Join(ts, ", ")
		}
		traceRow := func(period Cell, t *Trace, total bool) Row {
			ids := make([]string, len(t.EventIDs))
			for i, id := range t.EventIDs {
				ids[i] = string(id)
			}
			return Row{Total: total, Cells: []Cell{TextCell(ip.Code), period, TextCell(computationLabel(ip.Computation, lang)), TextCell(types),
				IntCell(int64(len(t.EventIDs))), IntCell(t.AttendanceRecords), IntCell(t.ReportedParticipants), IntCell(t.Individuals), TextCell(strings.Join(ids, " "))}}
		}
		for _, pv := range ip.Periods {
			if pv.Trace != nil {
				src.Rows = append(src.Rows, traceRow(periodCell(pv.Period, lang), pv.Trace, false))
			}
		}
		src.Rows = append(src.Rows, traceRow(TextCell(tr(lang, "total")), ip.Trace, true))
	}
	prog.addLegend(lang)
	per.addLegend(lang)
	return []Table{prog, per, src}
}

// withheldOr returns the mark of a value withheld for reason, or c.
func withheldOr(reason string, c Cell) Cell {
	if reason == "" {
		return c
	}
	return CountCell(Count{Suppressed: true, Reason: reason})
}

// progressScale turns decimals into integers for a chart (hundredths).
func progressScale(d decimal.Decimal) int64 { return d.Shift(2).IntPart() }

// Charts implements Report: achieved against target for each indicator
// with a target.
func (r *IndicatorReport) Charts(lang socialsvc.Lang) []Chart {
	c := Chart{ID: "indicator_progress", Title: tr(lang, "c_progress"), Kind: ChartProgress}
	for _, ip := range r.Indicators {
		if !ip.Target.IsPositive() || ip.AchievedWithheld != "" {
			continue
		}
		disp := formatDecimal(ip.Achieved, lang) + " / " + formatDecimal(ip.Target, lang)
		if ip.PercentOfTarget != nil {
			disp += " (" + formatPercent(*ip.PercentOfTarget, lang) + ")"
		}
		c.Items = append(c.Items, ChartItem{Label: ip.Code + " " + ip.Name.In(lang, r.Languages...), Bars: []ChartBar{{Value: progressScale(ip.Achieved), Max: progressScale(ip.Target), Display: disp}}})
	}
	if len(c.Items) == 0 {
		return nil
	}
	return []Chart{c}
}

func dimLabel(dim string, lang socialsvc.Lang) (col, by string) {
	switch dim {
	case "target_group":
		return tr(lang, "target_group"), tr(lang, "dim_target")
	case "age_band":
		return tr(lang, "age_band"), tr(lang, "dim_age")
	case "region":
		return tr(lang, "region"), tr(lang, "dim_region")
	}
	return tr(lang, "period"), tr(lang, "dim_period")
}

// Tables implements Report. Counts are the published ones: suppressed
// cells are CellSuppressed and carry no value.
func (r *BeneficiaryReport) Tables(lang socialsvc.Lang) []Table {
	sum := Table{ID: "summary", Title: tr(lang, "t_summary"), RowHeaders: 1, Columns: []Column{
		{Key: "measure", Label: sheetLabel(lang, "col.measure"), Kind: CellText}, {Key: "count", Label: tr(lang, "count"), Kind: CellInt}}}
	sum.Rows = []Row{
		{Cells: []Cell{TextCell(tr(lang, "individuals")), CountCell(r.Individuals)}},
		{Cells: []Cell{TextCell(tr(lang, "visits")), CountCell(r.Visits)}},
	}
	out := []Table{sum}
	for _, b := range r.Breakdowns {
		col, by := dimLabel(b.Dimension, lang)
		title := tr(lang, "m_"+b.Measure) + " " + tr(lang, "by") + " " + by
		t := Table{ID: b.ID, Title: title, RowHeaders: 1, Columns: []Column{{Key: b.Dimension, Label: col, Kind: CellText}}}
		for _, c := range b.Columns {
			t.Columns = append(t.Columns, Column{Key: c.Key, Label: upperFirst(c.Label.In(lang, r.Languages...)), Kind: CellInt})
		}
		t.Columns = append(t.Columns, Column{Key: "total", Label: tr(lang, "gender_total"), Kind: CellInt})
		for i, row := range b.Rows {
			cells := []Cell{TextCell(row.Label.In(lang, r.Languages...))}
			for _, c := range b.Cells[i] {
				cells = append(cells, CountCell(c))
			}
			t.Rows = append(t.Rows, Row{Cells: append(cells, CountCell(b.RowTotals[i]))})
		}
		cells := []Cell{TextCell(tr(lang, "total"))}
		for _, c := range b.ColumnTotals {
			cells = append(cells, CountCell(c))
		}
		t.Rows = append(t.Rows, Row{Total: true, Cells: append(cells, CountCell(b.Total))})
		if !b.RowsAddUp {
			t.Notes = append(t.Notes, tr(lang, "rows_overlap"))
		}
		t.addLegend(lang)
		out = append(out, t)
	}
	out[0].addLegend(lang)
	return out
}

// Charts implements Report: individuals by target group, with suppressed
// counts drawn as "<5" without a bar.
func (r *BeneficiaryReport) Charts(lang socialsvc.Lang) []Chart {
	for _, b := range r.Breakdowns {
		if b.ID != "individuals_by_target_group" {
			continue
		}
		c := Chart{ID: "individuals_by_target_group", Title: tr(lang, "c_groups"), Kind: ChartBars, Series: []string{tr(lang, "individuals")}}
		for i, row := range b.Rows {
			t := b.RowTotals[i]
			bar := ChartBar{Value: t.Value, Display: CountCell(t).DisplayText(lang), Suppressed: t.Suppressed}
			c.Items = append(c.Items, ChartItem{Label: row.Label.In(lang, r.Languages...), Bars: []ChartBar{bar}})
		}
		return []Chart{c}
	}
	return nil
}

// Tables implements Report.
func (r *PortfolioReport) Tables(lang socialsvc.Lang) []Table {
	amountCols := func() []Column {
		return []Column{
			{Key: "budget", Label: tr(lang, "budget"), Kind: CellMoney},
			{Key: "spent", Label: tr(lang, "spent"), Kind: CellMoney},
			{Key: "remaining", Label: tr(lang, "remaining"), Kind: CellMoney},
			{Key: "absorption_percent", Label: tr(lang, "absorption") + " (%)", Kind: CellPercent},
		}
	}
	amountCells := func(a Amounts) []Cell {
		return []Cell{MoneyCell(a.Budget), MoneyCell(a.Spent), MoneyCell(a.Remaining), optPercent(a.AbsorptionPercent)}
	}
	curCol := Column{Key: "currency", Label: tr(lang, "currency"), Kind: CellText}
	projects := Table{ID: "projects", Title: tr(lang, "t_pf_projects"), RowHeaders: 1, Columns: append([]Column{
		{Key: "acronym", Label: tr(lang, "acronym"), Kind: CellText},
		{Key: "title", Label: tr(lang, "title"), Kind: CellText},
		{Key: "status", Label: tr(lang, "status"), Kind: CellText},
		{Key: "role", Label: tr(lang, "role"), Kind: CellText},
		{Key: "start", Label: tr(lang, "start"), Kind: CellDate},
		{Key: "end", Label: tr(lang, "end"), Kind: CellDate},
		curCol,
	}, amountCols()...)}
	for _, p := range r.Projects {
		projects.Rows = append(projects.Rows, Row{Cells: append([]Cell{TextCell(p.Acronym), TextCell(p.Title.In(lang, p.Languages...)), TextCell(p.Status.Label(lang)), TextCell(p.Role.Label(lang)),
			DateCell(p.Start), DateCell(p.End), TextCell(string(p.Currency))}, amountCells(p.Amounts)...)})
	}
	for _, t := range r.Totals {
		projects.Rows = append(projects.Rows, Row{Total: true, Cells: append([]Cell{TextCell(tr(lang, "total")), {}, {}, {}, {}, {}, TextCell(string(t.Currency))}, amountCells(t.Amounts)...)})
	}

	totals := Table{ID: "totals", Title: tr(lang, "t_pf_totals"), RowHeaders: 1, Columns: append([]Column{curCol, {Key: "projects", Label: tr(lang, "projects"), Kind: CellInt}}, amountCols()...)}
	for _, t := range r.Totals {
		totals.Rows = append(totals.Rows, Row{Cells: append([]Cell{TextCell(string(t.Currency)), IntCell(int64(t.Projects))}, amountCells(t.Amounts)...)})
	}

	funds := Table{ID: "by_fund", Title: tr(lang, "t_pf_funds"), RowHeaders: 1, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText}, {Key: "fund", Label: tr(lang, "fund"), Kind: CellText},
		{Key: "kind", Label: tr(lang, "fund_kind"), Kind: CellText}, curCol,
		{Key: "projects", Label: tr(lang, "projects"), Kind: CellInt}, {Key: "amount", Label: tr(lang, "amount"), Kind: CellMoney}}}
	for _, f := range r.ByFund {
		code := TextCell(f.Code)
		if f.FundID == "" {
			code = Cell{} // the partners' own contribution: "own" is a JSON code, not a fund's
		}
		kind := Cell{}
		if f.Kind != "" {
			kind = TextCell(f.Kind.Label(lang))
		}
		funds.Rows = append(funds.Rows, Row{Cells: []Cell{code, TextCell(f.Name.In(lang, r.Languages...)), kind, TextCell(string(f.Currency)), IntCell(int64(f.Projects)), MoneyCell(f.Amount)}})
	}
	for _, t := range r.Totals {
		funds.Rows = append(funds.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), {}, {}, TextCell(string(t.Currency)), IntCell(int64(t.Projects)), MoneyCell(t.Budget)}})
	}

	status := Table{ID: "by_status", Title: tr(lang, "t_pf_status"), RowHeaders: 1, Columns: []Column{
		{Key: "status", Label: tr(lang, "status"), Kind: CellText}, curCol, {Key: "projects", Label: tr(lang, "projects"), Kind: CellInt},
		{Key: "budget", Label: tr(lang, "budget"), Kind: CellMoney}, {Key: "spent", Label: tr(lang, "spent"), Kind: CellMoney}}}
	for _, s := range r.ByStatus {
		status.Rows = append(status.Rows, Row{Cells: []Cell{TextCell(s.Status.Label(lang)), TextCell(string(s.Currency)), IntCell(int64(s.Projects)), MoneyCell(s.Budget), MoneyCell(s.Spent)}})
	}

	years := Table{ID: "by_year", Title: tr(lang, "t_pf_years"), RowHeaders: 1, Columns: []Column{
		{Key: "year", Label: tr(lang, "year"), Kind: CellYear}, curCol, {Key: "projects", Label: tr(lang, "projects"), Kind: CellInt}, {Key: "spent", Label: tr(lang, "spent"), Kind: CellMoney}}}
	for _, y := range r.ByYear {
		yc := YearCell(y.Year)
		if y.Year == 0 {
			yc = TextCell(tr(lang, "other_years"))
		}
		years.Rows = append(years.Rows, Row{Cells: []Cell{yc, TextCell(string(y.Currency)), IntCell(int64(y.Projects)), MoneyCell(y.Spent)}})
	}

	regions := Table{ID: "by_region", Title: tr(lang, "t_pf_regions"), RowHeaders: 1, Columns: []Column{
		{Key: "region", Label: tr(lang, "region"), Kind: CellText}, curCol, {Key: "projects", Label: tr(lang, "projects"), Kind: CellInt}, {Key: "budget", Label: tr(lang, "budget"), Kind: CellMoney}},
		Notes: []string{r.noteText("regions_overlap", lang)}}
	for _, rg := range r.ByRegion {
		label := rg.Region
		if rg.Region == UnknownOrErased {
			label = unknownCat.Label.In(lang)
		} else if rg.Name != "" {
			label += " " + rg.Name
		}
		regions.Rows = append(regions.Rows, Row{Cells: []Cell{TextCell(label), TextCell(string(rg.Currency)), IntCell(int64(rg.Projects)), MoneyCell(rg.Budget)}})
	}

	inds := Table{ID: "indicators", Title: tr(lang, "t_pf_indicator"), RowHeaders: 1, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText}, {Key: "name", Label: tr(lang, "indicator"), Kind: CellText}, {Key: "unit", Label: tr(lang, "unit"), Kind: CellText},
		{Key: "projects", Label: tr(lang, "projects"), Kind: CellInt}, {Key: "baseline", Label: tr(lang, "baseline"), Kind: CellDecimal},
		{Key: "target", Label: tr(lang, "target"), Kind: CellDecimal}, {Key: "achieved", Label: tr(lang, "achieved"), Kind: CellDecimal},
		{Key: "percent_of_target", Label: tr(lang, "pct_target"), Kind: CellPercent}}}
	for _, i := range r.Indicators {
		inds.Rows = append(inds.Rows, Row{Cells: []Cell{TextCell(i.Code), TextCell(i.Name.In(lang, r.Languages...)), TextCell(i.Unit), IntCell(int64(i.Projects)),
			DecimalCell(i.Baseline), DecimalCell(i.Target), withheldOr(i.AchievedWithheld, DecimalCell(i.Achieved)), optPercent(i.PercentOfTarget)}})
	}
	return []Table{projects, totals, funds, status, years, regions, inds}
}

func (h *Header) noteText(code string, lang socialsvc.Lang) string {
	for _, n := range h.Notes {
		if n.Code == code {
			return n.Text(lang)
		}
	}
	return ""
}

// Charts implements Report: budget and spent per project (projects of the
// first currency only, as bars of different currencies do not compare).
func (r *PortfolioReport) Charts(lang socialsvc.Lang) []Chart {
	if len(r.Totals) == 0 {
		return nil
	}
	cur := r.Totals[0].Currency
	c := Chart{ID: "budget_vs_spent", Title: tr(lang, "c_pf_projects") + " (" + string(cur) + ")", Kind: ChartBars, Series: []string{tr(lang, "budget"), tr(lang, "spent")}}
	for _, p := range r.Projects {
		if p.Currency != cur {
			continue
		}
		c.Items = append(c.Items, ChartItem{Label: p.Acronym, Bars: []ChartBar{
			{Value: p.Budget.Cents(), Display: p.Budget.Format(lang)},
			{Value: p.Spent.Cents(), Display: p.Spent.Format(lang)},
		}})
	}
	return []Chart{c}
}
