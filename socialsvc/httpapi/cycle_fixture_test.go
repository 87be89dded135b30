package httpapi

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The reporting cycle in the route fixture: for each published project P
// (prj-a, prj-b) the lead partner {P}-lp names a control body ({P}-cb,
// whose controller token is "controller-a" or "controller-b"), and has
//
//   - {P}-rep1, certified, with line {P}-rl1a certified and {P}-rl1b
//     parked (free for a new project report, and to carry from);
//   - {P}-rep2, certified, in project report {P}-prr, verified, which
//     made one ERDF payment (its ID is generated: {PAY} in the cases);
//   - {P}-rep3, a draft with line {P}-rl3;
//   - {P}-rep4, submitted, with line {P}-rl4;
//   - {P}-rep5, certified, in the draft project report {P}-prr2.

// cycleBody is the control body of project prj's lead partner.
func cycleBody(prj socialsvc.ProjectID) socialsvc.OrgID { return socialsvc.OrgID(string(prj) + "-cb") }

func seedCycle(t *testing.T, s store.Store, prj socialsvc.ProjectID) {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{ID: "fixture", Role: store.RoleSystem})
	c, err := store.AsCycle(s)
	require.NoError(t, err)
	eur := func(v string) socialsvc.Money { return socialsvc.MustMoney(v, socialsvc.EUR) }
	body := cycleBody(prj)
	mustDo(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: body, Name: "Kontrolno tijelo " + string(prj), LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}))
	lp, err := s.GetPartner(ctx, socialsvc.PartnerID(string(prj)+"-lp"))
	require.NoError(t, err)
	lp.ControlBody = body
	mustDo(t, s.UpdatePartner(ctx, &lp))
	id := func(suffix string) string { return string(prj) + "-" + suffix }
	report := func(rid string, lines ...string) socialsvc.PartnerReportID {
		r := socialsvc.PartnerReport{ID: socialsvc.PartnerReportID(id(rid)), ProjectID: prj, PartnerID: lp.ID, Period: 1}
		mustDo(t, c.CreatePartnerReport(ctx, &r))
		for i := 0; i+1 < len(lines); i += 2 {
			mustDo(t, c.CreateReportLine(ctx, &socialsvc.ReportExpenditure{ID: socialsvc.ExpenditureID(id(lines[i])), ReportID: r.ID, Category: socialsvc.CatStaff,
				Amount: eur(lines[i+1]), InvoiceNumber: "R-" + lines[i], InvoiceDate: socialsvc.MustDate("2023-05-03")}))
		}
		return r.ID
	}
	step := func(rid socialsvc.PartnerReportID, to ...socialsvc.ReportStatus) {
		for _, st := range to {
			r, err := c.GetPartnerReport(ctx, rid)
			require.NoError(t, err)
			_, err = store.TransitionPartnerReport(ctx, s, rid, r.Version, st, "")
			require.NoError(t, err, "%s to %s", rid, st)
		}
	}
	certify := []socialsvc.ReportStatus{socialsvc.ReportSubmitted, socialsvc.ReportInControl, socialsvc.ReportCertified}

	r1 := report("rep1", "rl1a", "200.00", "rl1b", "50.00")
	step(r1, socialsvc.ReportSubmitted, socialsvc.ReportInControl)
	r, err := c.GetPartnerReport(ctx, r1)
	require.NoError(t, err)
	_, err = store.ControlPartnerReport(ctx, s, r1, r.Version, []store.LineDecision{{ExpenditureID: socialsvc.ExpenditureID(id("rl1b")),
		LineControl: socialsvc.LineControl{InSample: true, Parked: true, Comment: "paid after the period"}}})
	require.NoError(t, err)
	step(r1, socialsvc.ReportCertified)

	r2 := report("rep2", "rl2", "300.00")
	step(r2, certify...)
	prr := socialsvc.ProjectReport{ID: socialsvc.ProjectReportID(id("prr")), ProjectID: prj, Period: 1, PartnerReportIDs: []socialsvc.PartnerReportID{r2}}
	mustDo(t, c.CreateProjectReport(ctx, &prr))
	got, err := store.TransitionProjectReport(ctx, s, prr.ID, prr.Version, socialsvc.ProjectReportSubmitted, "")
	require.NoError(t, err)
	_, err = store.TransitionProjectReport(ctx, s, prr.ID, got.Version, socialsvc.ProjectReportVerified, "")
	require.NoError(t, err)

	report("rep3", "rl3", "100.00")
	r4 := report("rep4", "rl4", "80.00")
	step(r4, socialsvc.ReportSubmitted)
	r5 := report("rep5", "rl5", "20.00")
	step(r5, certify...)
	mustDo(t, c.CreateProjectReport(ctx, &socialsvc.ProjectReport{ID: socialsvc.ProjectReportID(id("prr2")), ProjectID: prj, Period: 1,
		PartnerReportIDs: []socialsvc.PartnerReportID{r5}}))
}

// expandIDs replaces {PAY} in s with the ID of project prj's payment: the
// one ID of the fixture the store generates.
func expandIDs(t *testing.T, s store.Store, prj string, text string) string {
	t.Helper()
	if !strings.Contains(text, "{PAY}") {
		return text
	}
	c, err := store.AsCycle(s)
	require.NoError(t, err)
	pg, err := c.ListPayments(context.Background(), store.ProjectScope{ProjectID: socialsvc.ProjectID(prj)})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1, "the fixture's payment of %s", prj)
	return strings.ReplaceAll(text, "{PAY}", string(pg.Items[0].ID))
}
