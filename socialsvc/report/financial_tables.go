package report

import (
	"github.com/zajednica/go-socialsvc/socialsvc"
	"strings"
)

func (r *FinancialReport) amountColumns(lang socialsvc.Lang) []Column {
	cols := []Column{
		{Key: "budget", Label: withCur(tr(lang, "budget"), r.Currency), Kind: CellMoney, Currency: r.Currency},
		{Key: "spent", Label: withCur(tr(lang, "spent"), r.Currency), Kind: CellMoney, Currency: r.Currency},
		{Key: "remaining", Label: withCur(tr(lang, "remaining"), r.Currency), Kind: CellMoney, Currency: r.Currency},
		{Key: "absorption_percent", Label: tr(lang, "absorption") + " (%)", Kind: CellPercent},
	}
	if d := r.DualCurrency; d != "" {
		cols = append(cols,
			Column{Key: "budget_dual", Label: withCur(tr(lang, "budget"), d), Kind: CellMoney, Currency: d},
			Column{Key: "spent_dual", Label: withCur(tr(lang, "spent"), d), Kind: CellMoney, Currency: d},
			Column{Key: "remaining_dual", Label: withCur(tr(lang, "remaining"), d), Kind: CellMoney, Currency: d})
	}
	return append(cols, Column{Key: "expenditure_lines", Label: tr(lang, "lines"), Kind: CellInt})
}

func (r *FinancialReport) amountCells(a Amounts) []Cell {
	cells := []Cell{MoneyCell(a.Budget), MoneyCell(a.Spent), MoneyCell(a.Remaining), optPercent(a.AbsorptionPercent)}
	if r.DualCurrency != "" {
		cells = append(cells, optMoney(a.BudgetDual), optMoney(a.SpentDual), optMoney(a.RemainingDual))
	}
	return append(cells, IntCell(a.ExpenditureLines))
}

// Tables implements Report.
func (r *FinancialReport) Tables(lang socialsvc.Lang) []Table {
	var out []Table
	amountCols := r.amountColumns(lang)

	// Lines grouped by partner, each group followed by its subtotal.
	lines := Table{ID: "lines", Title: tr(lang, "t_lines"), RowHeaders: 3,
		Columns: append([]Column{{Key: "partner", Label: tr(lang, "partner"), Kind: CellText}, {Key: "category", Label: tr(lang, "category"), Kind: CellText}, {Key: "period", Label: tr(lang, "period"), Kind: CellInt}}, amountCols...)}
	for _, ps := range r.Partners {
		n := 0
		for _, l := range r.Lines {
			if l.PartnerID != ps.PartnerID {
				continue
			}
			n++
			lines.Rows = append(lines.Rows, Row{Cells: append([]Cell{TextCell(l.Partner), TextCell(l.Category.Label(lang)), periodCell(l.Period, lang)}, r.amountCells(l.Amounts)...)})
		}
		if n > 0 {
			lines.Rows = append(lines.Rows, Row{Total: true, Cells: append([]Cell{TextCell(ps.Partner), TextCell(tr(lang, "subtotal")), {}}, r.amountCells(ps.Amounts)...)})
		}
	}
	lines.Rows = append(lines.Rows, Row{Total: true, Cells: append([]Cell{TextCell(tr(lang, "total")), {}, {}}, r.amountCells(r.Total)...)})
	out = append(out, lines)

	partners := Table{ID: "partners", Title: tr(lang, "t_partners"), RowHeaders: 1,
		Columns: append([]Column{{Key: "partner", Label: tr(lang, "partner"), Kind: CellText}, {Key: "role", Label: tr(lang, "role"), Kind: CellText}}, amountCols...)}
	for _, ps := range r.Partners {
		partners.Rows = append(partners.Rows, Row{Cells: append([]Cell{TextCell(ps.Partner), TextCell(ps.Role.Label(lang))}, r.amountCells(ps.Amounts)...)})
	}
	partners.Rows = append(partners.Rows, Row{Total: true, Cells: append([]Cell{TextCell(tr(lang, "total")), {}}, r.amountCells(r.Total)...)})
	out = append(out, partners)

	cats := Table{ID: "categories", Title: tr(lang, "t_categories"), RowHeaders: 1,
		Columns: append([]Column{{Key: "category", Label: tr(lang, "category"), Kind: CellText}}, amountCols...)}
	for _, c := range r.Categories {
		cats.Rows = append(cats.Rows, Row{Cells: append([]Cell{TextCell(c.Category.Label(lang))}, r.amountCells(c.Amounts)...)})
	}
	cats.Rows = append(cats.Rows, Row{Total: true, Cells: append([]Cell{TextCell(tr(lang, "total"))}, r.amountCells(r.Total)...)})
	out = append(out, cats)

	pers := Table{ID: "periods", Title: tr(lang, "t_periods"), RowHeaders: 1,
		Columns: append([]Column{{Key: "period", Label: tr(lang, "period"), Kind: CellInt}}, amountCols...)}
	for _, p := range r.Periods {
		pers.Rows = append(pers.Rows, Row{Cells: append([]Cell{periodCell(p.Period, lang)}, r.amountCells(p.Amounts)...)})
	}
	pers.Rows = append(pers.Rows, Row{Total: true, Cells: append([]Cell{TextCell(tr(lang, "total"))}, r.amountCells(r.Total)...)})
	out = append(out, pers)

	out = append(out, r.cofinancingTable(lang), r.fundsTable(lang))
	if len(r.FlatRates) > 0 {
		out = append(out, r.flatRateTable(lang))
	}
	if len(r.CostOptions) > 0 {
		out = append(out, r.costOptionTable(lang))
	}
	if len(r.Conversions) > 0 {
		out = append(out, r.conversionTable(lang))
	}
	if r.Planning != nil {
		out = append(out, r.planningTable(lang))
	}
	if r.DualCheck != nil {
		dc := r.DualCheck
		t := Table{ID: "dual_check", Title: tr(lang, "t_dual"), RowHeaders: 1, Columns: []Column{
			{Key: "amount", Label: tr(lang, "measure"), Kind: CellText},
			{Key: "sum_of_lines", Label: withCur(tr(lang, "sum_of_lines"), dc.Currency), Kind: CellMoney, Currency: dc.Currency},
			{Key: "converted_total", Label: withCur(tr(lang, "conv_total"), dc.Currency), Kind: CellMoney, Currency: dc.Currency},
			{Key: "difference", Label: withCur(tr(lang, "difference"), dc.Currency), Kind: CellMoney, Currency: dc.Currency},
		}}
		for _, row := range []struct {
			key string
			d   DualDifference
		}{{"budget", dc.Budget}, {"spent", dc.Spent}} {
			t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(tr(lang, row.key)), MoneyCell(row.d.SumOfLines), MoneyCell(row.d.ConvertedTotal), MoneyCell(row.d.Difference)}})
		}
		out = append(out, t)
	}
	return out
}

func (r *FinancialReport) partnerName(id socialsvc.PartnerID) string {
	for _, p := range r.Partners {
		if p.PartnerID == id {
			return p.Partner
		}
	}
	return string(id)
}

func (r *FinancialReport) cofinancingTable(lang socialsvc.Lang) Table {
	cur := r.Currency
	t := Table{ID: "cofinancing", Title: tr(lang, "t_cofinancing"), RowHeaders: 1,
		Columns: []Column{{Key: "partner", Label: tr(lang, "partner"), Kind: CellText}, {Key: "eligible_total", Label: withCur(tr(lang, "eligible_total"), cur), Kind: CellMoney, Currency: cur}}}
	for _, f := range r.Funds {
		code := f.Code
		if code == "" {
			code = string(f.FundID)
		}
		t.Columns = append(t.Columns,
			Column{Key: "rate_" + string(f.FundID), Label: sheetLabelf(lang, "col.fund_rate", map[string]any{"Fund": code}), Kind: CellPercent},
			Column{Key: "amount_" + string(f.FundID), Label: withCur(code, cur), Kind: CellMoney, Currency: cur})
	}
	t.Columns = append(t.Columns, Column{Key: "own_contribution", Label: withCur(tr(lang, "own"), cur), Kind: CellMoney, Currency: cur})
	for _, pf := range r.Funding.Partners {
		cells := []Cell{TextCell(r.partnerName(pf.PartnerID)), MoneyCell(pf.Total)}
		for _, f := range r.Funds {
			var share *socialsvc.FundingShare
			for i := range pf.Funds {
				if pf.Funds[i].FundID == f.FundID {
					share = &pf.Funds[i]
				}
			}
			if share == nil {
				cells = append(cells, Cell{}, MoneyCell(socialsvc.Zero(cur)))
			} else {
				cells = append(cells, PercentCell(share.RatePercent), MoneyCell(share.Amount))
			}
		}
		t.Rows = append(t.Rows, Row{Cells: append(cells, MoneyCell(pf.Own))})
	}
	cells := []Cell{TextCell(tr(lang, "total")), MoneyCell(r.Funding.Total)}
	for _, f := range r.Funds {
		cells = append(cells, Cell{}, MoneyCell(r.Funding.FundAmount(f.FundID)))
	}
	t.Rows = append(t.Rows, Row{Total: true, Cells: append(cells, MoneyCell(r.Funding.Own))})
	return t
}

func (r *FinancialReport) fundsTable(lang socialsvc.Lang) Table {
	cur := r.Currency
	t := Table{ID: "funds", Title: tr(lang, "t_funds"), RowHeaders: 1, Columns: []Column{
		{Key: "code", Label: tr(lang, "code"), Kind: CellText},
		{Key: "fund", Label: tr(lang, "fund"), Kind: CellText},
		{Key: "kind", Label: tr(lang, "fund_kind"), Kind: CellText},
		{Key: "amount", Label: withCur(tr(lang, "amount"), cur), Kind: CellMoney, Currency: cur},
		{Key: "share_percent", Label: tr(lang, "share") + " (%)", Kind: CellPercent},
	}}
	for _, f := range r.Funds {
		t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(f.Code), TextCell(f.Name.In(lang, r.Languages...)), TextCell(f.Kind.Label(lang)), MoneyCell(f.Amount), optPercent(f.SharePercent)}})
	}
	t.Rows = append(t.Rows, Row{Cells: []Cell{{}, TextCell(tr(lang, "own")), {}, MoneyCell(r.Funding.Own), optPercent(absorption(r.Funding.Own, r.Funding.Total))}})
	t.Rows = append(t.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), {}, {}, MoneyCell(r.Funding.Total), optPercent(absorption(r.Funding.Total, r.Funding.Total))}})
	return t
}

func (r *FinancialReport) flatRateTable(lang socialsvc.Lang) Table {
	cur := r.Currency
	t := Table{ID: "flat_rates", Title: tr(lang, "t_flat"), RowHeaders: 1, Columns: []Column{
		{Key: "partner", Label: tr(lang, "partner"), Kind: CellText},
		{Key: "period", Label: tr(lang, "period"), Kind: CellInt},
		{Key: "kind", Label: tr(lang, "flat_kind"), Kind: CellText},
		{Key: "category", Label: tr(lang, "category"), Kind: CellText},
		{Key: "base", Label: tr(lang, "base"), Kind: CellText},
		{Key: "rate_percent", Label: tr(lang, "rate") + " (%)", Kind: CellPercent},
		{Key: "base_amount", Label: withCur(tr(lang, "base_amount"), cur), Kind: CellMoney, Currency: cur},
		{Key: "amount", Label: withCur(tr(lang, "stored"), cur), Kind: CellMoney, Currency: cur},
		{Key: "expected", Label: withCur(tr(lang, "expected"), cur), Kind: CellMoney, Currency: cur},
		{Key: "stale", Label: tr(lang, "stale"), Kind: CellText},
		{Key: "base_spent", Label: withCur(tr(lang, "base_spent"), cur), Kind: CellMoney, Currency: cur},
		{Key: "spent", Label: withCur(tr(lang, "spent_computed"), cur), Kind: CellMoney, Currency: cur},
	}}
	for _, f := range r.FlatRates {
		base := make([]string, len(f.Base))
		for i, c := range f.Base {
			base[i] = c.Label(lang)
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(f.Partner), periodCell(f.Period, lang), TextCell(f.Kind.Label(lang)), TextCell(f.Category.Label(lang)),
			TextCell(strings.Join(base, ", ")), PercentCell(f.RatePercent), MoneyCell(f.BaseAmount), MoneyCell(f.Amount), MoneyCell(f.Expected),
			TextCell(yesNo(f.Stale, lang)), MoneyCell(f.BaseSpent), MoneyCell(f.Spent)}})
	}
	return t
}

func (r *FinancialReport) costOptionTable(lang socialsvc.Lang) Table {
	cur := r.Currency
	t := Table{ID: "cost_options", Title: tr(lang, "t_cost_options"), RowHeaders: 1, Columns: []Column{
		{Key: "partner", Label: tr(lang, "partner"), Kind: CellText},
		{Key: "category", Label: tr(lang, "category"), Kind: CellText},
		{Key: "code", Label: tr(lang, "cost_option"), Kind: CellText},
		{Key: "unit", Label: tr(lang, "units"), Kind: CellText},
		{Key: "price", Label: withCur(tr(lang, "unit_price"), cur), Kind: CellMoney, Currency: cur},
		{Key: "period", Label: tr(lang, "due_period"), Kind: CellInt},
		{Key: "budget", Label: withCur(tr(lang, "budget"), cur), Kind: CellMoney, Currency: cur},
		{Key: "spent", Label: withCur(tr(lang, "spent"), cur), Kind: CellMoney, Currency: cur},
		{Key: "claims", Label: tr(lang, "claims"), Kind: CellInt},
	}}
	for _, c := range r.CostOptions {
		name := c.Code
		if n := c.Name.In(lang, r.Languages...); n != "" {
			name += " " + n
		}
		per := Cell{}
		if c.Period > 0 {
			per = periodCell(c.Period, lang)
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(c.Partner), TextCell(c.Category.Label(lang)), TextCell(name), TextCell(c.Unit),
			MoneyCell(c.Price), per, MoneyCell(c.Budget), MoneyCell(c.Spent), IntCell(c.Claims)}})
	}
	return t
}

func (r *FinancialReport) conversionTable(lang socialsvc.Lang) Table {
	cur := r.Currency
	t := Table{ID: "conversions", Title: tr(lang, "t_conversions"), RowHeaders: 3, Columns: []Column{
		{Key: "partner", Label: tr(lang, "partner"), Kind: CellText},
		{Key: "category", Label: tr(lang, "category"), Kind: CellText},
		{Key: "period", Label: tr(lang, "period"), Kind: CellInt},
		{Key: "currency", Label: tr(lang, "currency"), Kind: CellText},
		{Key: "amount", Label: tr(lang, "paid"), Kind: CellMoney},
		{Key: "converted", Label: withCur(sheetLabel(lang, "col.converted"), cur), Kind: CellMoney, Currency: cur},
		{Key: "count", Label: tr(lang, "lines"), Kind: CellInt},
		{Key: "at_fixed_rate", Label: withCur(tr(lang, "at_fixed"), cur), Kind: CellMoney, Currency: cur},
		{Key: "difference", Label: withCur(tr(lang, "difference"), cur), Kind: CellMoney, Currency: cur},
	}}
	for _, ct := range r.ConversionTotals {
		for _, c := range r.Conversions {
			if c.Amount.Currency() != ct.Currency {
				continue
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(c.Partner), TextCell(c.Category.Label(lang)), periodCell(c.Period, lang), TextCell(string(ct.Currency)),
				MoneyCell(c.Amount), MoneyCell(c.Converted), IntCell(c.Count), optMoney(c.AtFixedRate), optMoney(c.Difference)}})
		}
		t.Rows = append(t.Rows, Row{Total: true, Cells: []Cell{TextCell(tr(lang, "total")), {}, {}, TextCell(string(ct.Currency)),
			MoneyCell(ct.Amount), MoneyCell(ct.Converted), IntCell(ct.Count), optMoney(ct.AtFixedRate), optMoney(ct.Difference)}})
	}
	return t
}

// Charts implements Report: budget against spent per partner.
func (r *FinancialReport) Charts(lang socialsvc.Lang) []Chart {
	c := Chart{ID: "budget_vs_spent", Title: tr(lang, "c_budget"), Kind: ChartBars, Series: []string{tr(lang, "budget"), tr(lang, "spent")}}
	for _, p := range r.Partners {
		if p.Budget.IsZero() && p.Spent.IsZero() {
			continue
		}
		c.Items = append(c.Items, ChartItem{Label: p.Partner, Bars: []ChartBar{
			{Value: p.Budget.Cents(), Display: p.Budget.Format(lang)},
			{Value: p.Spent.Cents(), Display: p.Spent.Format(lang)},
		}})
	}
	if len(c.Items) == 0 {
		return nil
	}
	return []Chart{c}
}

// planningTable shows the budget's own kuna figure and the planning rate
// it comes from.
func (r *FinancialReport) planningTable(lang socialsvc.Lang) Table {
	pl := r.Planning
	return Table{ID: "planning_rate", Title: tr(lang, "t_planning"), RowHeaders: 1,
		Columns: []Column{{Key: "item", Label: tr(lang, "field"), Kind: CellText}, {Key: "value", Label: tr(lang, "value"), Kind: CellText}},
		Rows: []Row{
			{Cells: []Cell{TextCell(tr(lang, "planning_rate")), DecimalCell(pl.Rate)}},
			{Cells: []Cell{TextCell(tr(lang, "rate_date")), TextCell(pl.Date.Format(lang))}},
			{Cells: []Cell{TextCell(tr(lang, "source")), TextCell(pl.Source)}},
			{Cells: []Cell{TextCell(withCur(tr(lang, "budget"), pl.Budget.Currency())), MoneyCell(pl.Budget)}},
			{Cells: []Cell{TextCell(tr(lang, "budget_at_planning")), MoneyCell(pl.BudgetHRK)}},
		}}
}
