package demo_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// TestSokrogCycle: 2SoKroG's four periods go through the cycle, and the
// ERDF paid that the financial report publishes is the sum of the
// per-partner payments, each rounded down on its own.
func TestSokrogCycle(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, demo.Load(ctx, s, demo.Seed()))
	c, err := store.AsCycle(s)
	require.NoError(t, err)
	eur := func(v string) socialsvc.Money { return socialsvc.MustMoney(v, socialsvc.EUR) }

	reports, err := c.ListPartnerReports(ctx, store.PartnerReportFilter{ProjectID: demo.Project2SoKroG, ListOptions: store.ListOptions{Limit: 100}})
	require.NoError(t, err)
	require.Len(t, reports.Items, 28, "7 partners × 4 periods")
	for _, r := range reports.Items {
		assert.Equal(t, socialsvc.ReportCertified, r.Status, r.ID)
	}
	prs, err := c.ListProjectReports(ctx, store.ProjectScope{ProjectID: demo.Project2SoKroG})
	require.NoError(t, err)
	require.Len(t, prs.Items, 4)
	for _, pr := range prs.Items {
		assert.Equal(t, socialsvc.ProjectReportVerified, pr.Status, pr.ID)
		assert.Len(t, pr.PartnerReportIDs, 7, pr.ID)
	}

	// The lead partner's first report, by hand: staff 14.210,40, office
	// 15% of it 2.131,56, travel 1.213,80, external 8.886,14, equipment
	// 2.948,16: declared 29.390,06. The controller deducts 120,00 of the
	// travel line as ineligible: certified 29.270,06.
	sums, err := store.SumPartnerReport(ctx, s, "2sokrog-lp-r1")
	require.NoError(t, err)
	assert.Equal(t, eur("29390.06"), sums.Declared)
	assert.Equal(t, eur("29270.06"), sums.Certified)
	assert.Equal(t, []socialsvc.ErrorSum{{ErrorType: socialsvc.ErrIneligibleCost, Lines: 1, Deducted: eur("120.00")}}, sums.Deductions)
	// JURA pays in kuna: staff 65.332,48 kn at 7,4320 = 8.790,70 EUR,
	// office 15% = 1.318,605 → 1.318,60, travel 1.011,78, external
	// 6.700,66, equipment 1.986,93: 19.808,67, all certified.
	sums, err = store.SumPartnerReport(ctx, s, "2sokrog-pp4-r1")
	require.NoError(t, err)
	assert.Equal(t, eur("19808.67"), sums.Certified)

	pays, err := c.ListPayments(ctx, store.ProjectScope{ProjectID: demo.Project2SoKroG, ListOptions: store.ListOptions{Limit: 100}})
	require.NoError(t, err)
	require.Len(t, pays.Items, 28, "one ERDF payment per partner and period")
	var paid int64
	byKey := map[string]socialsvc.Payment{}
	for _, p := range pays.Items {
		// 85% of the partner's certified total, rounded down per partner.
		assert.Equal(t, p.Certified.Cents()*85/100, p.FundAmount.Cents(), p.ID)
		assert.Equal(t, p.FundAmount, p.Due, "no advances: %s", p.ID)
		require.NotNil(t, p.Paid, p.ID)
		assert.Equal(t, p.Due, *p.Paid, p.ID)
		paid += p.Paid.Cents()
		byKey[string(p.ProjectReportID)+"/"+string(p.PartnerID)] = p
	}
	// 29.270,06 × 85% = 24.879,551 → 24.879,55; 19.808,67 × 85% =
	// 16.837,3695 → 16.837,36; paid 90 days after the period.
	lp := byKey["2sokrog-prr-1/2sokrog-lp"]
	assert.Equal(t, eur("24879.55"), lp.FundAmount)
	assert.Equal(t, socialsvc.MustDate("2019-05-29"), *lp.PaidOn)
	assert.Equal(t, eur("16837.36"), byKey["2sokrog-prr-1/2sokrog-pp4"].FundAmount)

	fr, err := report.Financial(ctx, s, demo.Project2SoKroG, report.Options{})
	require.NoError(t, err)
	assert.Equal(t, paid, fr.CycleTotal.Paid.Cents(), "the published ERDF paid is the sum of the payments")
	assert.Equal(t, eur("415066.78"), fr.CycleTotal.Paid)
	// Declared is 8 cents below the spent 488.434,12: each report floors
	// its office costs on its own.
	assert.Equal(t, eur("488434.04"), fr.CycleTotal.Declared)
	assert.Equal(t, eur("488314.04"), fr.CycleTotal.Certified)
	// The one deduction is the difference of declared and certified
	// beside the lead partner (whose declared equals its spent, 99.288,03).
	for _, l := range fr.Cycle {
		if l.PartnerID == "2sokrog-lp" {
			assert.Equal(t, eur("99288.03"), l.Declared)
			assert.Equal(t, eur("99168.03"), l.Certified)
			assert.Equal(t, eur("84292.81"), l.Paid)
		}
	}
}
