package report

import (
	"context"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// CycleLine is a partner's figures of the reporting cycle beside its
// budget and spending in a financial report: Declared sums its partner
// reports once submitted (submitted, in control or certified), Certified
// its certified reports, both as socialsvc.SumPartnerReport computes them
// (flat rates included); Paid sums the payments the programme recorded for
// it, every fund. With Options.Period only that period's partner reports
// and the payments of that period's project reports count; the date range
// of Options does not apply to them (a report covers a whole period).
type CycleLine struct {
	PartnerID socialsvc.PartnerID `json:"partner_id,omitempty"`
	Partner   string              `json:"partner,omitempty"`
	Budget    socialsvc.Money     `json:"budget"`
	Spent     socialsvc.Money     `json:"spent"`
	Declared  socialsvc.Money     `json:"declared"`
	Certified socialsvc.Money     `json:"certified"`
	Paid      socialsvc.Money     `json:"paid"`
}

// financialCycle fills r.Cycle and r.CycleTotal from the cycle data of the
// store: zero for a project without partner reports or payments, and for
// a store that does not hold the cycle.
func financialCycle(ctx context.Context, s store.Store, p *socialsvc.Project, sc Scope, r *FinancialReport) error {
	cur := p.Currency
	type acc struct{ declared, certified, paid int64 }
	by := map[socialsvc.PartnerID]*acc{}
	for _, ps := range r.Partners {
		by[ps.PartnerID] = &acc{}
	}
	get := func(id socialsvc.PartnerID) *acc {
		a, ok := by[id]
		if !ok {
			a = &acc{}
			by[id] = a
		}
		return a
	}
	if c, err := store.AsCycle(s); err == nil {
		reports, err := listAll(ctx, func(cu string) (store.Page[socialsvc.PartnerReport], error) {
			return c.ListPartnerReports(ctx, store.PartnerReportFilter{ProjectID: p.ID, ListOptions: page(cu)})
		})
		if err != nil {
			return err
		}
		for _, pr := range reports {
			if pr.Status == socialsvc.ReportDraft || sc.Period > 0 && pr.Period != sc.Period {
				continue
			}
			r.hasCycle = true
			lines, err := listAll(ctx, func(cu string) (store.Page[socialsvc.ReportExpenditure], error) {
				return c.ListReportLines(ctx, store.ReportLineFilter{ReportID: pr.ID, ListOptions: page(cu)})
			})
			if err != nil {
				return err
			}
			sums, err := socialsvc.SumPartnerReport(p, &pr, lines)
			if err != nil {
				return err
			}
			a := get(pr.PartnerID)
			a.declared += sums.Declared.Cents()
			if pr.Status == socialsvc.ReportCertified {
				a.certified += sums.Certified.Cents()
			}
		}
		period := map[socialsvc.ProjectReportID]int{}
		if sc.Period > 0 {
			prs, err := listAll(ctx, func(cu string) (store.Page[socialsvc.ProjectReport], error) {
				return c.ListProjectReports(ctx, store.ProjectScope{ProjectID: p.ID, ListOptions: page(cu)})
			})
			if err != nil {
				return err
			}
			for _, pr := range prs {
				period[pr.ID] = pr.Period
			}
		}
		pays, err := listAll(ctx, func(cu string) (store.Page[socialsvc.Payment], error) {
			return c.ListPayments(ctx, store.ProjectScope{ProjectID: p.ID, ListOptions: page(cu)})
		})
		if err != nil {
			return err
		}
		for _, pay := range pays {
			if sc.Period > 0 && period[pay.ProjectReportID] != sc.Period {
				continue
			}
			r.hasCycle = true
			if pay.Paid != nil {
				get(pay.PartnerID).paid += pay.Paid.Cents()
			}
		}
	}
	var tot acc
	r.Cycle = make([]CycleLine, 0, len(r.Partners))
	for _, ps := range r.Partners {
		a := by[ps.PartnerID]
		r.Cycle = append(r.Cycle, CycleLine{PartnerID: ps.PartnerID, Partner: ps.Partner, Budget: ps.Budget, Spent: ps.Spent,
			Declared: socialsvc.Cents(a.declared, cur), Certified: socialsvc.Cents(a.certified, cur), Paid: socialsvc.Cents(a.paid, cur)})
		tot.declared += a.declared
		tot.certified += a.certified
		tot.paid += a.paid
	}
	r.CycleTotal = CycleLine{Budget: r.Total.Budget, Spent: r.Total.Spent,
		Declared: socialsvc.Cents(tot.declared, cur), Certified: socialsvc.Cents(tot.certified, cur), Paid: socialsvc.Cents(tot.paid, cur)}
	return nil
}

// cycleTable is the financial report's table of the cycle, by partner.
func (r *FinancialReport) cycleTable(lang socialsvc.Lang) Table {
	t := Table{ID: "cycle", Title: ct(lang, "t.financial_cycle"), RowHeaders: 1, Columns: []Column{textCol("partner", tr(lang, "partner"))}}
	for _, c := range []struct{ key, label string }{
		{"budget", tr(lang, "budget")}, {"spent", tr(lang, "spent")},
		{"declared", ct(lang, "col.declared")}, {"certified", ct(lang, "col.certified")}, {"paid", ct(lang, "col.paid")},
	} {
		t.Columns = append(t.Columns, moneyCol(c.key, withCur(c.label, r.Currency), r.Currency))
	}
	row := func(name string, l CycleLine, total bool) Row {
		return Row{Total: total, Cells: []Cell{TextCell(name), MoneyCell(l.Budget), MoneyCell(l.Spent), MoneyCell(l.Declared), MoneyCell(l.Certified), MoneyCell(l.Paid)}}
	}
	for _, l := range r.Cycle {
		t.Rows = append(t.Rows, row(l.Partner, l, false))
	}
	t.Rows = append(t.Rows, row(tr(lang, "total"), r.CycleTotal, true))
	t.Notes = append(t.Notes, ct(lang, "note.financial_cycle"))
	return t
}
