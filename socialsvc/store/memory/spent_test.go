package memory

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// TestDateKeyOrder: dateKey orders a valid date against any bound, valid
// or not, as Date.Compare does.
func TestDateKeyOrder(t *testing.T) {
	valid := []socialsvc.Date{
		socialsvc.NewDate(1, 1, 1), socialsvc.NewDate(2019, 1, 31), socialsvc.NewDate(2019, 2, 1),
		socialsvc.NewDate(2019, 12, 31), socialsvc.NewDate(2020, 1, 1), socialsvc.NewDate(9999, 12, 31),
	}
	bounds := append([]socialsvc.Date{
		{}, {Year: -5, Month: 3, Day: 3}, {Year: 10_000, Month: 1, Day: 1}, {Year: 1 << 40, Month: 1, Day: 1},
		{Year: 2019, Month: 0, Day: 40}, {Year: 2019, Month: -1, Day: 1}, {Year: 2019, Month: 13, Day: 1},
		{Year: 2019, Month: 99, Day: -1}, {Year: 2019, Month: 1, Day: 0}, {Year: 2019, Month: 1, Day: 32},
		{Year: 2019, Month: 2, Day: -7}, {Year: 2019, Month: 12, Day: 1 << 40},
	}, valid...)
	for _, d := range valid {
		for _, b := range bounds {
			want := d.Compare(b)
			got := 0
			switch kd, kb := dateKey(d), dateKey(b); {
			case kd < kb:
				got = -1
			case kd > kb:
				got = 1
			}
			assert.Equal(t, want, got, "%v against %#v", d, b)
		}
	}
}

// streamOnly hides the store's Aggregator, so that store.SumExpenditure
// takes its streaming path over the expenditure table.
type streamOnly struct{ store.Expenditures }

// TestSumExpenditureFollowsWrites: after creates, updates that move a
// line to another group or project, deletes, and transactions that
// commit or roll back, the sums read from the compact index equal the
// sums streamed from the expenditure table.
func TestSumExpenditureFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := New()
	p, pParts := testProject(t, s, "p")
	q, qParts := testProject(t, s, "q")
	rng := rand.New(rand.NewPCG(7, 7))
	cats := []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal}
	line := func(e *socialsvc.Expenditure) {
		pr, parts := p, pParts
		if rng.IntN(3) == 0 {
			pr, parts = q, qParts
		}
		date := pr.Start.AddDays(rng.IntN(700))
		e.ProjectID, e.PartnerID = pr.ID, parts[rng.IntN(len(parts))]
		e.Category, e.Period, e.Date = cats[rng.IntN(len(cats))], pr.PeriodOf(date), date
		e.Amount, e.Converted, e.Conversion = socialsvc.Cents(int64(1+rng.IntN(1_000_000)), socialsvc.EUR), socialsvc.Money{}, socialsvc.Conversion{}
		if rng.IntN(4) == 0 && date.Before(socialsvc.NewDate(2023, 1, 1)) {
			e.Amount = socialsvc.Cents(int64(1+rng.IntN(5_000_000)), socialsvc.HRK)
		}
	}
	filters := []store.ExpenditureFilter{
		{}, {ProjectID: p.ID}, {ProjectID: q.ID}, {ProjectID: "missing"}, {PartnerID: pParts[1]}, {ProjectID: q.ID, PartnerID: pParts[1]},
		{Category: socialsvc.CatTravel}, {Category: "none"}, {ProjectID: p.ID, Period: 2, HasPeriod: true}, {Period: 0, HasPeriod: true},
		{From: socialsvc.MustDate("2022-06-15")}, {To: socialsvc.MustDate("2022-06-15")},
		{ProjectID: p.ID, From: socialsvc.MustDate("2022-03-01"), To: socialsvc.MustDate("2023-02-28")},
		{From: socialsvc.Date{Year: 2022, Month: 13, Day: 0}}, {To: socialsvc.Date{Year: 2023, Month: 0, Day: 40}},
	}
	check := func(step string) {
		t.Helper()
		for _, f := range filters {
			got, err := s.SumExpenditure(ctx, f)
			require.NoError(t, err, step)
			want, err := store.SumExpenditure(ctx, streamOnly{s}, f)
			require.NoError(t, err, step)
			assert.Equal(t, want, got, "%s: %+v", step, f)
		}
	}

	var ids []socialsvc.ExpenditureID
	for range 300 {
		var e socialsvc.Expenditure
		line(&e)
		require.NoError(t, s.CreateExpenditure(ctx, &e))
		ids = append(ids, e.ID)
	}
	check("created")

	for _, id := range ids[:100] {
		e, err := s.GetExpenditure(ctx, id)
		require.NoError(t, err)
		line(&e)
		require.NoError(t, s.UpdateExpenditure(ctx, &e))
	}
	check("updated")

	for _, id := range ids[100:150] {
		e, err := s.GetExpenditure(ctx, id)
		require.NoError(t, err)
		require.NoError(t, s.DeleteExpenditure(ctx, id, e.Version))
	}
	check("deleted")

	before, err := s.SumExpenditure(ctx, store.ExpenditureFilter{})
	require.NoError(t, err)
	errAbort := errors.New("abort")
	err = s.WithTx(ctx, func(tx store.Store) error {
		for _, id := range ids[150:250] {
			e, err := tx.GetExpenditure(ctx, id)
			require.NoError(t, err)
			if id[len(id)-1]%2 == 0 {
				require.NoError(t, tx.DeleteExpenditure(ctx, id, e.Version))
				continue
			}
			line(&e)
			require.NoError(t, tx.UpdateExpenditure(ctx, &e))
		}
		for range 50 {
			var e socialsvc.Expenditure
			line(&e)
			require.NoError(t, tx.CreateExpenditure(ctx, &e))
		}
		return errAbort
	})
	require.ErrorIs(t, err, errAbort)
	after, err := s.SumExpenditure(ctx, store.ExpenditureFilter{})
	require.NoError(t, err)
	assert.Equal(t, before, after, "a rolled-back transaction leaves the sums as they were")
	check("rolled back")

	require.NoError(t, s.WithTx(ctx, func(tx store.Store) error {
		for _, id := range ids[150:] {
			e, err := tx.GetExpenditure(ctx, id)
			if err != nil {
				return err
			}
			if err := tx.DeleteExpenditure(ctx, id, e.Version); err != nil {
				return err
			}
		}
		return nil
	}))
	check("committed")
}

// TestSumExpenditureCancelled: a long sum stops when its context is done.
func TestSumExpenditureCancelled(t *testing.T) {
	x := &spentIndex{}
	e := socialsvc.Expenditure{ProjectID: "p", PartnerID: "a", Category: socialsvc.CatStaff, Period: 1,
		Date: socialsvc.MustDate("2022-01-01"), Amount: socialsvc.Cents(1, socialsvc.EUR), Converted: socialsvc.Cents(1, socialsvc.EUR)}
	for i := range spentChunk + 1 {
		x.add(fmt.Sprint(i), &e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := x.sum(ctx, store.ExpenditureFilter{ProjectID: "p"})
	require.ErrorIs(t, err, context.Canceled)
	sums, err := x.sum(context.Background(), store.ExpenditureFilter{ProjectID: "p"})
	require.NoError(t, err)
	assert.Equal(t, []store.ExpenditureSum{{PartnerID: "a", Category: socialsvc.CatStaff, Period: 1,
		Amount: socialsvc.Cents(spentChunk+1, socialsvc.EUR), Converted: socialsvc.Cents(spentChunk+1, socialsvc.EUR), Count: spentChunk + 1,
		First: socialsvc.MustDate("2022-01-01"), Last: socialsvc.MustDate("2022-01-01")}}, sums)
}

// testProject creates a project of two years in four periods with two
// partners.
func testProject(t *testing.T, s *Store, name string) (socialsvc.Project, []socialsvc.PartnerID) {
	t.Helper()
	ctx := context.Background()
	fund := &socialsvc.Fund{ID: socialsvc.FundID(name + "-fund"), Code: "ERDF", Name: socialsvc.I18n{"hr": "EFRR", "en": "ERDF"}, Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85)}
	require.NoError(t, s.CreateFund(ctx, fund))
	p := socialsvc.Project{ID: socialsvc.ProjectID(name), Acronym: "P" + name, Title: socialsvc.I18n{"hr": "Projekt", "en": "Project"}, Programme: "Test", Currency: socialsvc.EUR,
		Start: socialsvc.MustDate("2022-01-01"), End: socialsvc.MustDate("2023-12-31"),
		RateRule: socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{
			{Currency: socialsvc.HRK, Rate: socialsvc.HRKPerEUR, Date: socialsvc.MustDate("2021-12-01"), Source: "test agreement"}}}}
	for i, d := 0, p.Start; i < 4; i++ {
		end := d.AddDays(181)
		if i == 3 {
			end = p.End
		}
		p.Periods = append(p.Periods, socialsvc.Period{Number: i + 1, Start: d, End: end})
		d = end.AddDays(1)
	}
	require.NoError(t, s.CreateProject(ctx, &p))
	var ids []socialsvc.PartnerID
	for i := range 2 {
		o := &socialsvc.Organisation{ID: socialsvc.OrgID(fmt.Sprintf("%s-o%d", name, i)), Name: fmt.Sprintf("Partner %s%d", name, i), LegalStatus: socialsvc.LegalNGO, Country: "AT", TaxID: fmt.Sprintf("ATU%s%d", name, i)}
		require.NoError(t, s.CreateOrganisation(ctx, o))
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
		}
		pt := &socialsvc.Partner{ID: socialsvc.PartnerID(fmt.Sprintf("%s-p%d", name, i)), ProjectID: p.ID, OrgID: o.ID, Role: role, Number: i + 1,
			Funding: []socialsvc.CoFinancing{{FundID: fund.ID, RatePercent: decimal.NewFromInt(85)}}}
		require.NoError(t, s.CreatePartner(ctx, pt))
		ids = append(ids, pt.ID)
	}
	return p, ids
}
