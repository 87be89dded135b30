package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// randomProject fills s with a small random project: partners with
// co-financing, a flat rate, budget lines, expenditure in EUR and HRK
// (at monthly InforEuro rates), events with attendance of a pool of
// beneficiaries (some erased), and computed and entered indicators. It
// returns what a report must find, computed here independently.
type randomWant struct {
	project     socialsvc.ProjectID
	org         socialsvc.OrgID
	visits      int64
	individuals int64
}

func randomProject(t *testing.T, ctx context.Context, s store.Store, rng *rand.Rand, n int) randomWant {
	t.Helper()
	must := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	pre := fmt.Sprintf("r%d", n)
	fund := &socialsvc.Fund{ID: socialsvc.FundID(pre + "f"), Code: "ERDF", Name: socialsvc.I18n{"hr": "EFRR", "en": "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	must(s.CreateFund(ctx, fund))
	fund2 := &socialsvc.Fund{ID: socialsvc.FundID(pre + "g"), Code: "NAT", Name: socialsvc.I18n{"hr": "Država", "en": "State"}, Kind: socialsvc.FundNational}
	must(s.CreateFund(ctx, fund2))

	start := socialsvc.NewDate(2021+rng.IntN(3), time.Month(1+rng.IntN(12)), 1)
	nPer := 1 + rng.IntN(3)
	p := &socialsvc.Project{ID: socialsvc.ProjectID(pre), Acronym: "RND" + pre, Title: socialsvc.I18n{"hr": "Slučajni " + pre, "en": "Random " + pre},
		Programme: "Test", Currency: socialsvc.EUR, Start: start}
	d := start
	for i := 1; i <= nPer; i++ {
		end := d.AddDays(89 + rng.IntN(120))
		p.Periods = append(p.Periods, socialsvc.Period{Number: i, Start: d, End: end})
		d = end.AddDays(1)
	}
	p.End = d.AddDays(-1)
	if rng.IntN(2) == 0 {
		p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(int64(5 + rng.IntN(11)))}}
	}
	p.Regions = []socialsvc.Region{{Code: "HR050", Version: socialsvc.NUTS2021}}
	p.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGYouth}
	must(s.CreateProject(ctx, p))

	nPart := 1 + rng.IntN(3)
	var partners []*socialsvc.Partner
	var orgID socialsvc.OrgID
	for i := 0; i < nPart; i++ {
		o := &socialsvc.Organisation{ID: socialsvc.OrgID(fmt.Sprintf("%so%d", pre, i)), Name: fmt.Sprintf("Org %s %d", pre, i), LegalStatus: socialsvc.LegalNGO, Country: "AT", TaxID: fmt.Sprintf("ATU%s%d", pre, i)}
		must(s.CreateOrganisation(ctx, o))
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
			orgID = o.ID
		}
		pt := &socialsvc.Partner{ID: socialsvc.PartnerID(fmt.Sprintf("%sp%d", pre, i)), ProjectID: p.ID, OrgID: o.ID, Role: role, Number: i + 1,
			Funding: []socialsvc.CoFinancing{{FundID: fund.ID, RatePercent: decimal.New(int64(5000+rng.IntN(3501)), -2)}}}
		if rng.IntN(2) == 0 {
			pt.Funding = append(pt.Funding, socialsvc.CoFinancing{FundID: fund2.ID, RatePercent: decimal.New(int64(rng.IntN(1500)), -2)})
		}
		must(s.CreatePartner(ctx, pt))
		partners = append(partners, pt)
	}
	cats := []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment}
	for _, pt := range partners {
		for _, per := range p.Periods {
			for _, c := range cats {
				if rng.IntN(3) == 0 {
					continue
				}
				must(s.CreateBudgetLine(ctx, &socialsvc.BudgetLine{ProjectID: p.ID, PartnerID: pt.ID, Category: c, Period: per.Number,
					Amount: socialsvc.Cents(int64(rng.IntN(5_000_000)), socialsvc.EUR)}))
			}
		}
	}
	// InforEuro kuna rates for the project's months before 2023, which
	// its default rate rule converts kuna lines at.
	for m := p.Start.MonthOf(); m.FirstDay().Before(socialsvc.EuroChangeover) && !m.FirstDay().After(p.End); m = m.FirstDay().AddDays(31).MonthOf() {
		must(s.PutRate(ctx, socialsvc.Rate{Currency: socialsvc.HRK, Month: m, Rate: decimal.New(int64(740+rng.IntN(20)), -2), Source: "InforEuro"}))
	}
	for i, nExp := 0, rng.IntN(40); i < nExp; i++ {
		pt := partners[rng.IntN(len(partners))]
		date := p.Start.AddDays(rng.IntN(int(p.End.Time().Sub(p.Start.Time()).Hours()/24) + 1))
		e := &socialsvc.Expenditure{ProjectID: p.ID, PartnerID: pt.ID, Category: cats[rng.IntN(len(cats))], Period: p.PeriodOf(date), Date: date,
			Amount: socialsvc.Cents(int64(1+rng.IntN(300_000)), socialsvc.EUR)}
		if date.Before(socialsvc.NewDate(2023, 1, 1)) && rng.IntN(2) == 0 {
			e.Amount = socialsvc.Cents(int64(1+rng.IntN(2_000_000)), socialsvc.HRK)
		}
		must(s.CreateExpenditure(ctx, e))
	}

	// Beneficiaries and attendance.
	groups := []socialsvc.TargetGroup{socialsvc.TGYouth, socialsvc.TGElderly, socialsvc.TGRoma, socialsvc.TGLGBTIQ}
	genders := []socialsvc.Gender{socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderOther, socialsvc.GenderUnknown}
	nBen := rng.IntN(60)
	var bens []socialsvc.BeneficiaryID
	for i := 0; i < nBen; i++ {
		b := &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(fmt.Sprintf("%sb%d", pre, i)), OrgID: orgID, ProjectID: p.ID,
			Gender: genders[rng.IntN(len(genders))], BirthYear: 1940 + rng.IntN(70), LegalBasis: socialsvc.BasisConsent,
			ConsentDate: p.Start, RetainUntil: p.End.AddDays(3650)}
		if rng.IntN(3) == 0 {
			b.Region = "HR050"
		}
		for _, g := range groups {
			if rng.IntN(3) == 0 {
				b.TargetGroups = append(b.TargetGroups, g)
			}
		}
		must(s.CreateBeneficiary(ctx, b))
		bens = append(bens, b.ID)
	}
	want := randomWant{project: p.ID, org: orgID}
	attended := map[socialsvc.BeneficiaryID]bool{}
	types := []socialsvc.EventType{socialsvc.EventWorkshop, socialsvc.EventCounselling, socialsvc.EventConference}
	for i, nEv := 0, rng.IntN(8); i < nEv; i++ {
		day := p.Start.AddDays(rng.IntN(int(p.End.Time().Sub(p.Start.Time()).Hours()/24) + 1))
		e := &socialsvc.Event{ID: socialsvc.EventID(fmt.Sprintf("%se%d", pre, i)), ProjectID: p.ID, Type: types[rng.IntN(len(types))],
			Title: socialsvc.I18n{"hr": "Događaj", "en": "Event"}, Start: day, Organiser: partners[rng.IntN(len(partners))].ID}
		if rng.IntN(4) == 0 {
			e.ReportedParticipants = rng.IntN(200)
		}
		must(s.CreateEvent(ctx, e))
		for _, b := range bens {
			if rng.IntN(3) == 0 {
				must(s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b}))
				want.visits++
				attended[b] = true
			}
		}
	}
	want.individuals = int64(len(attended))
	for _, b := range bens {
		if rng.IntN(8) == 0 {
			must(s.EraseBeneficiary(ctx, b))
		}
	}

	out := &socialsvc.Indicator{ID: socialsvc.IndicatorID(pre + "i1"), ProjectID: p.ID, Kind: socialsvc.KindOutput, Code: "O1", Name: socialsvc.I18n{"hr": "Posjeti", "en": "Visits"},
		Unit: "visits", Target: decimal.NewFromInt(int64(rng.IntN(300))), Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits}
	must(s.CreateIndicator(ctx, out))
	ev := &socialsvc.Indicator{ID: socialsvc.IndicatorID(pre + "i2"), ProjectID: p.ID, Kind: socialsvc.KindOutput, Code: "O2", Name: socialsvc.I18n{"hr": "Radionice", "en": "Workshops"},
		Unit: "events", Target: decimal.NewFromInt(5), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents, EventTypes: []socialsvc.EventType{socialsvc.EventWorkshop}}
	must(s.CreateIndicator(ctx, ev))
	res := &socialsvc.Indicator{ID: socialsvc.IndicatorID(pre + "i3"), ProjectID: p.ID, Kind: socialsvc.KindResult, Code: "R1", Name: socialsvc.I18n{"hr": "Osobe", "en": "People"},
		Unit: "people", Target: decimal.NewFromInt(20), Source: socialsvc.SourceEntered, DependsOn: out.ID}
	must(s.CreateIndicator(ctx, res))
	for _, per := range p.Periods {
		if rng.IntN(2) == 0 {
			must(s.CreateMeasurement(ctx, &socialsvc.Measurement{IndicatorID: res.ID, Period: per.Number, Value: decimal.NewFromInt(int64(rng.IntN(30))), Source: socialsvc.SourceEntered, Evidence: "list"}))
		}
	}
	return want
}

func sumMoney(t *testing.T, ms ...socialsvc.Money) socialsvc.Money {
	t.Helper()
	require.NotEmpty(t, ms)
	s, err := socialsvc.Sum(ms...)
	require.NoError(t, err)
	return s
}

// checkAmountsAddUp checks that parts (each with its Amounts) add up to
// total in every figure, dual amounts included.
func checkAmountsAddUp(t *testing.T, what string, parts []Amounts, total Amounts) {
	t.Helper()
	if len(parts) == 0 {
		assert.True(t, total.Budget.IsZero() && total.Spent.IsZero(), "%s: no parts but a non-zero total", what)
		return
	}
	var b, sp, r []socialsvc.Money
	var bd, sd, rd []socialsvc.Money
	var n int64
	for _, a := range parts {
		b, sp, r = append(b, a.Budget), append(sp, a.Spent), append(r, a.Remaining)
		if a.BudgetDual != nil {
			bd, sd, rd = append(bd, *a.BudgetDual), append(sd, *a.SpentDual), append(rd, *a.RemainingDual)
		}
		n += a.ExpenditureLines
	}
	assert.Equal(t, total.Budget, sumMoney(t, b...), "%s: budget", what)
	assert.Equal(t, total.Spent, sumMoney(t, sp...), "%s: spent", what)
	assert.Equal(t, total.Remaining, sumMoney(t, r...), "%s: remaining", what)
	assert.Equal(t, total.ExpenditureLines, n, "%s: expenditure lines", what)
	if total.BudgetDual != nil {
		require.Len(t, bd, len(parts), "%s: dual amounts on every part", what)
		assert.Equal(t, *total.BudgetDual, sumMoney(t, bd...), "%s: budget dual", what)
		assert.Equal(t, *total.SpentDual, sumMoney(t, sd...), "%s: spent dual", what)
		assert.Equal(t, *total.RemainingDual, sumMoney(t, rd...), "%s: remaining dual", what)
	}
}

func checkFinancial(t *testing.T, ctx context.Context, s store.Store, r *FinancialReport) {
	t.Helper()
	var lines []Amounts
	byPartner := map[socialsvc.PartnerID][]Amounts{}
	byCat := map[socialsvc.CostCategory][]Amounts{}
	byPer := map[int][]Amounts{}
	for _, l := range r.Lines {
		lines = append(lines, l.Amounts)
		byPartner[l.PartnerID] = append(byPartner[l.PartnerID], l.Amounts)
		byCat[l.Category] = append(byCat[l.Category], l.Amounts)
		byPer[l.Period] = append(byPer[l.Period], l.Amounts)
		rem, err := l.Budget.Sub(l.Spent)
		require.NoError(t, err)
		assert.Equal(t, rem, l.Remaining)
	}
	checkAmountsAddUp(t, "lines", lines, r.Total)
	var ps, cs, pers []Amounts
	for _, p := range r.Partners {
		ps = append(ps, p.Amounts)
		if len(byPartner[p.PartnerID]) > 0 {
			checkAmountsAddUp(t, "partner "+string(p.PartnerID), byPartner[p.PartnerID], p.Amounts)
		}
	}
	for _, c := range r.Categories {
		cs = append(cs, c.Amounts)
		checkAmountsAddUp(t, "category "+string(c.Category), byCat[c.Category], c.Amounts)
	}
	for _, p := range r.Periods {
		pers = append(pers, p.Amounts)
		checkAmountsAddUp(t, fmt.Sprint("period ", p.Period), byPer[p.Period], p.Amounts)
	}
	checkAmountsAddUp(t, "partners", ps, r.Total)
	checkAmountsAddUp(t, "categories", cs, r.Total)
	checkAmountsAddUp(t, "periods", pers, r.Total)

	// Against the raw records.
	rawBudget, rawSpent := socialsvc.NewTotal(r.Currency), socialsvc.NewTotal(r.Currency)
	for l, err := range s.ScanBudgetLines(ctx, store.BudgetFilter{ProjectID: r.ProjectID}) {
		require.NoError(t, err)
		require.NoError(t, rawBudget.Add(l.Amount))
	}
	for e, err := range s.ScanExpenditure(ctx, store.ExpenditureFilter{ProjectID: r.ProjectID}) {
		require.NoError(t, err)
		require.NoError(t, rawSpent.Add(e.Converted))
	}
	// Flat-rate spending is computed, not recorded: the report adds it.
	for _, f := range r.FlatRates {
		require.NoError(t, rawSpent.Add(f.Spent))
	}
	wb, err := rawBudget.Money()
	require.NoError(t, err)
	ws, err := rawSpent.Money()
	require.NoError(t, err)
	assert.Equal(t, wb, r.Total.Budget)
	assert.Equal(t, ws, r.Total.Spent)

	// Co-financing: per partner funds + own = total; fund totals are sums
	// of partners' shares; everything adds to the total.
	f := r.Funding
	assert.Equal(t, r.Total.Budget, f.Total)
	fundSums := map[socialsvc.FundID]socialsvc.Money{}
	var partnerTotals, owns []socialsvc.Money
	for _, pf := range f.Partners {
		parts := []socialsvc.Money{pf.Own}
		for _, sh := range pf.Funds {
			parts = append(parts, sh.Amount)
			prev, ok := fundSums[sh.FundID]
			if !ok {
				prev = socialsvc.Zero(r.Currency)
			}
			fundSums[sh.FundID], err = prev.Add(sh.Amount)
			require.NoError(t, err)
		}
		assert.Equal(t, pf.Total, sumMoney(t, parts...))
		partnerTotals, owns = append(partnerTotals, pf.Total), append(owns, pf.Own)
	}
	assert.Equal(t, f.Total, sumMoney(t, partnerTotals...))
	assert.Equal(t, f.Own, sumMoney(t, owns...))
	all := []socialsvc.Money{f.Own}
	for _, ft := range f.Funds {
		assert.Equal(t, fundSums[ft.FundID], ft.Amount)
		all = append(all, ft.Amount)
	}
	assert.Equal(t, f.Total, sumMoney(t, all...))

	if dc := r.DualCheck; dc != nil {
		for _, d := range []DualDifference{dc.Budget, dc.Spent} {
			diff, err := d.ConvertedTotal.Sub(d.SumOfLines)
			require.NoError(t, err)
			assert.Equal(t, diff, d.Difference)
		}
	}
	for _, ct := range r.ConversionTotals {
		var amounts, conv []socialsvc.Money
		for _, c := range r.Conversions {
			if c.Amount.Currency() == ct.Currency {
				amounts, conv = append(amounts, c.Amount), append(conv, c.Converted)
			}
		}
		assert.Equal(t, ct.Amount, sumMoney(t, amounts...))
		assert.Equal(t, ct.Converted, sumMoney(t, conv...))
	}
}

// checkPublished checks a beneficiary report: no shown count between 1
// and 4 (zeros are published), withheld counts carry no value, figures
// shared between tables are published alike, and published rows of
// additive tables add up. That no withheld figure can be derived is
// TestAttackerCannotNarrowWithheldCells's.
func checkPublished(t *testing.T, r *BeneficiaryReport, want randomWant) {
	t.Helper()
	shown := func(c Count, what string) {
		if !c.Suppressed {
			assert.True(t, c.Value == 0 || c.Value >= MinCount, "%s: %d", what, c.Value)
		} else {
			assert.Zero(t, c.Value, "%s: a suppressed count carries no value", what)
		}
	}
	shown(r.Individuals, "individuals")
	shown(r.Visits, "visits")
	if !r.Individuals.Suppressed {
		assert.Equal(t, want.individuals, r.Individuals.Value)
	}
	if !r.Visits.Suppressed {
		assert.Equal(t, want.visits, r.Visits.Value)
	}
	totals := map[string]Count{}
	cols := map[string][]Count{}
	for _, b := range r.Breakdowns {
		for i := range b.Rows {
			for j, c := range b.Cells[i] {
				shown(c, fmt.Sprintf("%s[%d][%d]", b.ID, i, j))
			}
			shown(b.RowTotals[i], fmt.Sprintf("%s row total %d", b.ID, i))
		}
		for j := range b.Columns {
			shown(b.ColumnTotals[j], fmt.Sprintf("%s column total %d", b.ID, j))
		}
		// Figures shared between tables are published alike.
		if prev, ok := totals[b.Measure]; ok {
			assert.Equal(t, prev, b.Total, "%s: total differs from another %s table", b.ID, b.Measure)
			assert.Equal(t, cols[b.Measure], b.ColumnTotals, "%s: gender totals differ from another %s table", b.ID, b.Measure)
		}
		totals[b.Measure], cols[b.Measure] = b.Total, b.ColumnTotals
		// Published rows of additive tables add up to a published total.
		if b.RowsAddUp && !b.Total.Suppressed {
			var sum int64
			all := true
			for _, c := range b.RowTotals {
				if c.Suppressed {
					all = false
				}
				sum += c.Value
			}
			if all {
				assert.Equal(t, b.Total.Value, sum, "%s: rows add up", b.ID)
			}
		}
	}
	assert.Equal(t, r.Individuals, totals["individuals"])
	assert.Equal(t, r.Visits, totals["visits"])
}

func TestReportsAddUpOnRandomProjects(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2024, 1))
	n := 200
	if raceEnabled {
		n = 20
	}
	for it := 0; it < n; it++ {
		s := memory.New()
		want := randomProject(t, ctx, s, rng, it)
		fin, err := Financial(ctx, s, want.project, Options{Now: fixedNow})
		require.NoError(t, err)
		checkFinancial(t, ctx, s, fin)
		p, err := s.GetProject(ctx, want.project)
		require.NoError(t, err)
		for _, per := range p.Periods {
			fp, err := Financial(ctx, s, want.project, Options{Period: per.Number})
			require.NoError(t, err)
			var lines []Amounts
			for _, l := range fp.Lines {
				assert.Equal(t, per.Number, l.Period)
				lines = append(lines, l.Amounts)
			}
			checkAmountsAddUp(t, "period report", lines, fp.Total)
		}

		ben, err := Beneficiaries(ctx, s, want.project, Options{})
		require.NoError(t, err)
		checkPublished(t, ben, want)

		ind, err := Indicators(ctx, s, want.project, Options{Disclosure: Exact})
		require.NoError(t, err)
		for _, ip := range ind.Indicators {
			if ip.Computation == socialsvc.CountVisits || ip.Computation == socialsvc.CountEvents {
				sum := decimal.Zero
				for _, pv := range ip.Periods {
					sum = sum.Add(pv.Value)
				}
				assert.True(t, sum.Equal(ip.Achieved), "%s: periods %s, achieved %s", ip.Code, sum, ip.Achieved)
				require.NotNil(t, ip.Trace)
			}
			if ip.Computation == socialsvc.CountVisits {
				assert.Equal(t, want.visits, ip.Trace.AttendanceRecords)
			}
		}

		pf, err := Portfolio(ctx, s, want.org, Options{Disclosure: Exact})
		require.NoError(t, err)
		require.Len(t, pf.Projects, 1)
		require.Len(t, pf.Totals, 1)
		assert.Equal(t, fin.Total.Budget, pf.Totals[0].Budget)
		var fundParts, yearParts []socialsvc.Money
		for _, f := range pf.ByFund {
			fundParts = append(fundParts, f.Amount)
		}
		for _, y := range pf.ByYear {
			yearParts = append(yearParts, y.Spent)
		}
		assert.Equal(t, pf.Totals[0].Budget, sumMoney(t, fundParts...))
		assert.Equal(t, pf.Totals[0].Spent, sumMoney(t, yearParts...))
		if t.Failed() {
			t.Fatalf("iteration %d failed", it)
		}
	}
}

func TestReportsUnknownAndBadScope(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	want := randomProject(t, ctx, s, rand.New(rand.NewPCG(1, 2)), 0)
	type call func(socialsvc.ProjectID, Options) error
	calls := map[string]call{
		"financial":     func(id socialsvc.ProjectID, o Options) error { _, err := Financial(ctx, s, id, o); return err },
		"indicators":    func(id socialsvc.ProjectID, o Options) error { _, err := Indicators(ctx, s, id, o); return err },
		"beneficiaries": func(id socialsvc.ProjectID, o Options) error { _, err := Beneficiaries(ctx, s, id, o); return err },
		"iati":          func(id socialsvc.ProjectID, o Options) error { _, err := IATI(ctx, s, id, IATIOptions{}); return err },
	}
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		c := calls[name]
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(c("nope", Options{})))
			if name == "iati" {
				return
			}
			err := c(want.project, Options{Period: 99})
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			assert.Equal(t, "period", socialsvc.ErrorFields(err)[0].Field)
			err = c(want.project, Options{From: socialsvc.MustDate("2024-02-01"), To: socialsvc.MustDate("2024-01-01")})
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			assert.Equal(t, "to", socialsvc.ErrorFields(err)[0].Field)
		})
	}
	_, err := Portfolio(ctx, s, "nope", Options{})
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
	_, err = Portfolio(ctx, s, want.org, Options{Period: 1})
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
}
