package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// romaScenario is the project: 40 people (20 women, 20 men, all
// youth) who came in both periods, and 3 Roma women who came only after
// 15.10.2024.
func romaScenario(t *testing.T) (store.Store, *socialsvc.Project) {
	t.Helper()
	ctx := context.Background()
	s := memory.New()
	must := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	org := &socialsvc.Organisation{ID: "rs-o", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "AT", TaxID: "ATU1"}
	must(s.CreateOrganisation(ctx, org))
	p := &socialsvc.Project{ID: "rs", Acronym: "RS", Title: socialsvc.I18n{"hr": "Romkinje", "en": "Roma women"}, Programme: "Test", Currency: socialsvc.EUR,
		Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31"), Status: socialsvc.StatusInImplementation,
		Regions:      []socialsvc.Region{{Code: "HR050", Version: socialsvc.NUTS2021}},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGYouth, socialsvc.TGRoma},
		Periods: []socialsvc.Period{
			{Number: 1, Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-06-30")},
			{Number: 2, Start: socialsvc.MustDate("2024-07-01"), End: socialsvc.MustDate("2024-12-31")}}}
	must(s.CreateProject(ctx, p))
	pt := &socialsvc.Partner{ID: "rs-p", ProjectID: p.ID, OrgID: org.ID, Role: socialsvc.RoleLead, Number: 1}
	must(s.CreatePartner(ctx, pt))
	event := func(id, day string) socialsvc.EventID {
		e := &socialsvc.Event{ID: socialsvc.EventID(id), ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"hr": "R", "en": "W"},
			Start: socialsvc.MustDate(day), Organiser: pt.ID}
		must(s.CreateEvent(ctx, e))
		return e.ID
	}
	e1, e2, e3 := event("rs-e1", "2024-03-01"), event("rs-e2", "2024-09-01"), event("rs-e3", "2024-10-20")
	person := func(i int, g socialsvc.Gender, tg socialsvc.TargetGroup, events ...socialsvc.EventID) {
		b := &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(fmt.Sprintf("rs-b%02d", i)), OrgID: org.ID, ProjectID: p.ID, Gender: g,
			AgeBand: socialsvc.Age30to54, Region: "HR050", TargetGroups: []socialsvc.TargetGroup{tg},
			LegalBasis: socialsvc.BasisConsent, ConsentDate: p.Start, RetainUntil: socialsvc.MustDate("2030-12-31")}
		must(s.CreateBeneficiary(ctx, b))
		for _, e := range events {
			must(s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e, BeneficiaryID: b.ID}))
		}
	}
	for i := 0; i < 40; i++ {
		g := socialsvc.GenderFemale
		if i%2 == 1 {
			g = socialsvc.GenderMale
		}
		person(i, g, socialsvc.TGYouth, e1, e2)
	}
	for i := 40; i < 43; i++ {
		person(i, socialsvc.GenderFemale, socialsvc.TGRoma, e3)
	}
	return s, p
}

func breakdown(t *testing.T, r *BeneficiaryReport, id string) *Breakdown {
	t.Helper()
	for i := range r.Breakdowns {
		if r.Breakdowns[i].ID == id {
			return &r.Breakdowns[i]
		}
	}
	t.Fatalf("no breakdown %s", id)
	return nil
}

var (
	lt5 = Count{Suppressed: true, Reason: ReasonPrimary}
	xx  = Count{Suppressed: true, Reason: ReasonComplementary}
)

// The scenario: no combination of public releases gives the 3.
func TestDisclosureRomaWomenAfterOctober(t *testing.T) {
	ctx := context.Background()
	s, p := romaScenario(t)

	// The differencing filters are not a public release.
	_, err := Beneficiaries(ctx, s, p.ID, Options{To: socialsvc.MustDate("2024-10-14")})
	require.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.Equal(t, "to", socialsvc.ErrorFields(err)[0].Field)
	_, err = Beneficiaries(ctx, s, p.ID, Options{From: socialsvc.MustDate("2024-10-15")})
	assert.Equal(t, "from", socialsvc.ErrorFields(err)[0].Field)
	_, err = Beneficiaries(ctx, s, p.ID, Options{From: socialsvc.MustDate("2024-07-01"), To: socialsvc.MustDate("2024-10-14")})
	assert.Equal(t, "to", socialsvc.ErrorFields(err)[0].Field)

	// The whole project: 43 people, 23 women; the Roma row is 3 women
	// (primary), shown "<5", and nothing else needs withholding: the
	// other rows are 0 or at least 5.
	whole, err := Beneficiaries(ctx, s, p.ID, Options{})
	require.NoError(t, err)
	assert.False(t, whole.Confidential)
	assert.Equal(t, Count{Value: 43}, whole.Individuals)
	assert.Equal(t, Count{Value: 83}, whole.Visits)
	g := breakdown(t, whole, "individuals_by_target_group")
	assert.Equal(t, []string{"youth", "roma", UnknownOrErased}, []string{g.Rows[0].Key, g.Rows[1].Key, g.Rows[2].Key})
	assert.Equal(t, [][]Count{
		{{Value: 20}, {Value: 20}, {Value: 0}, {Value: 0}},
		{lt5, {Value: 0}, {Value: 0}, {Value: 0}},
		{{Value: 0}, {Value: 0}, {Value: 0}, {Value: 0}},
	}, g.Cells)
	assert.Equal(t, []Count{{Value: 40}, lt5, {Value: 0}}, g.RowTotals)
	assert.Equal(t, []Count{{Value: 23}, {Value: 20}, {Value: 0}, {Value: 0}}, g.ColumnTotals)
	// 12 visits of 3 people would be a cell of 3: the Roma women's 3
	// visits are withheld like the women themselves.
	v := breakdown(t, whole, "visits_by_target_group")
	assert.Equal(t, lt5, v.Cells[1][0])
	per := breakdown(t, whole, "individuals_by_period")
	assert.Equal(t, []string{"1", "2", "0"}, []string{per.Rows[0].Key, per.Rows[1].Key, per.Rows[2].Key})
	assert.Equal(t, []Count{{Value: 40}, {Value: 43}, {Value: 0}}, per.RowTotals)

	p2, err := Beneficiaries(ctx, s, p.ID, Options{Period: 2})
	require.NoError(t, err)
	assert.Equal(t, lt5, breakdown(t, p2, "individuals_by_target_group").Cells[1][0])
	p2b, err := Beneficiaries(ctx, s, p.ID, Options{From: socialsvc.MustDate("2024-07-01"), To: socialsvc.MustDate("2024-12-31")})
	require.NoError(t, err)
	assert.Equal(t, p2.Breakdowns, p2b.Breakdowns, "from/to of a period is that period's release")

	// The attacker: from everything public the Roma women lie in [3, 23]
	// (23 women, 20 of them youth, groups overlap): the 3 are not exact,
	// and the range holds 5.
	a := newAttacker(p, collectReleases(t, ctx, s, p, "rs-o"))
	require.Empty(t, a.problems)
	a.fullRanges = true
	found := 0
	for _, r := range a.attack() {
		if r.q.pos == (attackPos{"individuals", "target_group", "roma", "female"}) {
			found++
			assert.Equal(t, int64(3), r.lo)
			assert.Equal(t, int64(23), r.hi)
		}
		assert.False(t, r.narrowed(), "%v narrowed to [%d, %d]", r.q, r.lo, r.hi)
	}
	assert.Equal(t, 2, found, "the whole project and period 2 withhold the cell")

	// Exact counts, for those entitled: any range, marked confidential.
	ex, err := Beneficiaries(ctx, s, p.ID, Options{Disclosure: Exact, To: socialsvc.MustDate("2024-10-14")})
	require.NoError(t, err)
	assert.True(t, ex.Confidential)
	assert.Equal(t, Count{Value: 40}, ex.Individuals)
	ex, err = Beneficiaries(ctx, s, p.ID, Options{Disclosure: Exact})
	require.NoError(t, err)
	assert.Equal(t, Count{Value: 3}, breakdown(t, ex, "individuals_by_target_group").Cells[1][0])
	assert.Equal(t, "confidential", ex.Notes[0].Code)
	for _, f := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteCSV(b, ex, CSVOptions{}) },
		func(b *bytes.Buffer) error { return WriteHTML(b, ex, socialsvc.EN) },
		func(b *bytes.Buffer) error { return WriteJSON(b, ex) },
	} {
		var b bytes.Buffer
		require.NoError(t, f(&b))
		assert.Contains(t, strings.ToLower(b.String()), "confidential")
	}
}

// Marks that do not lie, in every format and both languages.
func TestDisclosureMarksAndLegend(t *testing.T) {
	tab := Table{ID: "t", Rows: []Row{{Cells: []Cell{CountCell(lt5), CountCell(xx), CountCell(Count{Value: 7})}}}}
	tab.addLegend(socialsvc.EN)
	assert.Equal(t, []string{"<5: 1 to 4 people stand behind the figure.", "x: withheld to protect other cells."}, tab.Notes)
	hr := Table{Rows: tab.Rows}
	hr.addLegend(socialsvc.HR)
	assert.Equal(t, "x: skriveno radi zaštite drugih ćelija.", hr.Notes[1])
	assert.Equal(t, "<5", CountCell(lt5).DisplayText(socialsvc.EN))
	assert.Equal(t, "x", CountCell(xx).DisplayText(socialsvc.HR))
	assert.Equal(t, "x", CountCell(xx).plainText(',', true))
}
