package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Round is one reporting period of a project taken through the reporting
// and payment cycle: each partner's report with its lines, the
// controller's decisions, the lead partner's project report bundling the
// certified partner reports, its verification and the payments the
// programme records. Round holds what people enter (lines, decisions,
// the dates of each step); Load runs it through the store's own steps
// (store.TransitionPartnerReport, store.ControlPartnerReport,
// store.TransitionProjectReport, store.RecordPayment), which compute the
// conversions, flat rates, certified totals and payments: none of them is
// in the Dataset.
type Round struct {
	ProjectID socialsvc.ProjectID
	Period    int
	// ProjectReportID is the ID of the project report of the period.
	ProjectReportID socialsvc.ProjectReportID
	Reports         []RoundReport
	// The day of each step: the partners submit, the controllers start
	// control and certify, the lead partner submits the project report,
	// the programme verifies it and pays every payment in full.
	Submitted, InControl, Certified, Bundled, Verified, Paid socialsvc.Date
}

// RoundReport is a partner report of a Round, created as a draft with
// its lines (Report gives ID, project, partner and period) and controlled
// with Decisions: lines without a decision are certified as declared.
type RoundReport struct {
	Report    socialsvc.PartnerReport
	Lines     []socialsvc.ReportExpenditure
	Decisions []LineDecision
}

// LineDecision is the controller's decision on line ExpenditureID.
type LineDecision struct {
	ExpenditureID socialsvc.ExpenditureID
	socialsvc.LineControl
}

// loadRounds runs ds.Rounds through the cycle, in order, each step on its
// own day (store.WithNow).
func loadRounds(ctx context.Context, s store.Store, ds *Dataset) error {
	if len(ds.Rounds) == 0 {
		return nil
	}
	c, err := store.AsCycle(s)
	if err != nil {
		return err
	}
	on := func(d socialsvc.Date) context.Context {
		t := d.Time()
		return store.WithNow(ctx, func() time.Time { return t })
	}
	for _, rd := range ds.Rounds {
		bundle := make([]socialsvc.PartnerReportID, 0, len(rd.Reports))
		for _, rr := range rd.Reports {
			if err := loadReport(ctx, c, rd, rr, on); err != nil {
				return fmt.Errorf("partner report %s: %w", rr.Report.ID, err)
			}
			bundle = append(bundle, rr.Report.ID)
		}
		pr := socialsvc.ProjectReport{ID: rd.ProjectReportID, ProjectID: rd.ProjectID, Period: rd.Period, PartnerReportIDs: bundle}
		if err := c.CreateProjectReport(ctx, &pr); err != nil {
			return fmt.Errorf("project report %s: %w", pr.ID, err)
		}
		for _, st := range []struct {
			to socialsvc.ProjectReportStatus
			on socialsvc.Date
		}{{socialsvc.ProjectReportSubmitted, rd.Bundled}, {socialsvc.ProjectReportVerified, rd.Verified}} {
			if pr, err = store.TransitionProjectReport(on(st.on), c, pr.ID, pr.Version, st.to, ""); err != nil {
				return fmt.Errorf("project report %s to %s: %w", pr.ID, st.to, err)
			}
		}
		pays, err := listPayments(ctx, c, rd.ProjectID)
		if err != nil {
			return err
		}
		for _, pay := range pays {
			if pay.ProjectReportID != pr.ID {
				continue
			}
			if _, err := store.RecordPayment(on(rd.Paid), c, pay.ID, pay.Version, pay.Due, rd.Paid); err != nil {
				return fmt.Errorf("payment of %s to %s: %w", pr.ID, pay.PartnerID, err)
			}
		}
	}
	return nil
}

func loadReport(ctx context.Context, c store.Cycle, rd Round, rr RoundReport, on func(socialsvc.Date) context.Context) error {
	r := rr.Report
	if err := c.CreatePartnerReport(ctx, &r); err != nil {
		return err
	}
	for i := range rr.Lines {
		l := rr.Lines[i]
		l.ReportID = r.ID
		if err := c.CreateReportLine(ctx, &l); err != nil {
			return fmt.Errorf("line %s: %w", l.ID, err)
		}
	}
	var err error
	if r, err = c.GetPartnerReport(ctx, r.ID); err != nil {
		return err
	}
	if r, err = store.TransitionPartnerReport(on(rd.Submitted), c, r.ID, r.Version, socialsvc.ReportSubmitted, ""); err != nil {
		return err
	}
	if r, err = store.TransitionPartnerReport(on(rd.InControl), c, r.ID, r.Version, socialsvc.ReportInControl, ""); err != nil {
		return err
	}
	if len(rr.Decisions) > 0 {
		ds := make([]store.LineDecision, len(rr.Decisions))
		for i, d := range rr.Decisions {
			ds[i] = store.LineDecision{ExpenditureID: d.ExpenditureID, LineControl: d.LineControl}
		}
		if r, err = store.ControlPartnerReport(on(rd.InControl), c, r.ID, r.Version, ds); err != nil {
			return err
		}
	}
	_, err = store.TransitionPartnerReport(on(rd.Certified), c, r.ID, r.Version, socialsvc.ReportCertified, "")
	return err
}

func listPayments(ctx context.Context, c store.Cycle, id socialsvc.ProjectID) ([]socialsvc.Payment, error) {
	var out []socialsvc.Payment
	o := store.ListOptions{}
	for {
		pg, err := c.ListPayments(ctx, store.ProjectScope{ProjectID: id, ListOptions: o})
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out, nil
		}
		o.Cursor = pg.NextCursor
	}
}
