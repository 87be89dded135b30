package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// participantsFixture is a project of 2024 with two reporting periods
// (January–June, July–December), six beneficiaries of its lead partner
// and seven participations, one person (b1) entering twice:
//
//	p1 b1 woman, born 1990  2024-02-01 long-term unemployed, ISCED 3, disability refused, rural; left 2024-05-31 employed, employed six months later
//	p2 b2 woman, born 2010  2024-03-01 inactive in education, ISCED 2, minority
//	p5 b5 no gender, 1980   2024-04-01 long-term unemployed, third-country national; left 2024-06-30 job searching
//	p6 b1 again             2024-07-01 self-employed, ISCED 3, rural
//	p3 b3 man, born 1960    2024-08-01 unemployed, ISCED 6, disability
//	p4 b4 non-binary, 2000  2024-09-01 employed, ISCED 4, foreign background
//	p7 b6 woman, born 1998  2024-10-01 unemployed, ISCED 7, rural refused
func participantsFixture(t *testing.T) store.Store {
	t.Helper()
	s := memory.New()
	ctx := context.Background()
	day := socialsvc.MustDate
	require.NoError(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: "org", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: "12345678903"}))
	require.NoError(t, s.CreateProject(ctx, &socialsvc.Project{ID: "esf", Acronym: "ESF", Title: socialsvc.I18n{"en": "ESF project"}, Programme: "ESF+",
		Start: day("2024-01-01"), End: day("2024-12-31"), Currency: socialsvc.EUR,
		Periods: []socialsvc.Period{{Number: 1, Start: day("2024-01-01"), End: day("2024-06-30")}, {Number: 2, Start: day("2024-07-01"), End: day("2024-12-31")}}}))
	require.NoError(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: "esf-lp", ProjectID: "esf", OrgID: "org", Role: socialsvc.RoleLead, Number: 1}))
	for _, b := range []struct {
		id   string
		g    socialsvc.Gender
		year int
	}{{"b1", socialsvc.GenderFemale, 1990}, {"b2", socialsvc.GenderFemale, 2010}, {"b3", socialsvc.GenderMale, 1960},
		{"b4", socialsvc.GenderOther, 2000}, {"b5", "", 1980}, {"b6", socialsvc.GenderFemale, 1998}} {
		require.NoError(t, s.CreateBeneficiary(ctx, &socialsvc.Beneficiary{ID: socialsvc.BeneficiaryID(b.id), OrgID: "org", ProjectID: "esf",
			Gender: b.g, BirthYear: b.year, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: day("2034-12-31")}))
	}
	lvl := func(n int) *int { return &n }
	res := func(o socialsvc.Outcome, on string) []socialsvc.Result {
		return []socialsvc.Result{{Outcome: o, ObservedOn: day(on), Source: socialsvc.SourceAsked}}
	}
	for _, p := range []socialsvc.Participation{
		{ID: "p1", BeneficiaryID: "b1", EntryDate: day("2024-02-01"), ExitDate: day("2024-05-31"), LabourStatus: socialsvc.LabourLongTermUnemployed, ISCED: lvl(3),
			Disability: socialsvc.Refused, Rural: socialsvc.AnswerYes, ExitSituation: res(socialsvc.OutcomeEmployed, "2024-05-31"),
			SixMonthSituation: res(socialsvc.OutcomeEmployed, "2024-12-05")},
		{ID: "p2", BeneficiaryID: "b2", EntryDate: day("2024-03-01"), LabourStatus: socialsvc.LabourInactiveEducation, ISCED: lvl(2), Minority: socialsvc.AnswerYes},
		{ID: "p5", BeneficiaryID: "b5", EntryDate: day("2024-04-01"), ExitDate: day("2024-06-30"), LabourStatus: socialsvc.LabourLongTermUnemployed,
			ThirdCountryNational: socialsvc.AnswerYes, ExitSituation: res(socialsvc.OutcomeJobSearching, "2024-06-30")},
		{ID: "p6", BeneficiaryID: "b1", EntryDate: day("2024-07-01"), LabourStatus: socialsvc.LabourSelfEmployed, ISCED: lvl(3), Rural: socialsvc.AnswerYes},
		{ID: "p3", BeneficiaryID: "b3", EntryDate: day("2024-08-01"), LabourStatus: socialsvc.LabourUnemployed, ISCED: lvl(6), Disability: socialsvc.AnswerYes, Homeless: socialsvc.AnswerNo},
		{ID: "p4", BeneficiaryID: "b4", EntryDate: day("2024-09-01"), LabourStatus: socialsvc.LabourEmployed, ISCED: lvl(4), ForeignBackground: socialsvc.AnswerYes},
		{ID: "p7", BeneficiaryID: "b6", EntryDate: day("2024-10-01"), LabourStatus: socialsvc.LabourUnemployed, ISCED: lvl(7), Rural: socialsvc.Refused},
	} {
		p.ProjectID = "esf"
		require.NoError(t, s.CreateParticipation(ctx, &p))
	}
	return s
}

var reportNow = func() time.Time { return time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC) }

// figures returns the report's figures as code -> women, men,
// non-binary, total (-1 for a withheld count).
func figures(r *ParticipantsReport) map[socialsvc.ESFCode][4]int64 {
	v := func(c Count) int64 {
		if c.Suppressed {
			return -1
		}
		return c.Value
	}
	out := map[socialsvc.ESFCode][4]int64{}
	for _, f := range r.Indicators {
		out[f.Code] = [4]int64{v(f.Women), v(f.Men), v(f.NonBinary), v(f.Total)}
	}
	return out
}

// TestParticipantsExact checks every indicator of the fixture against
// the hand count in its comment: participations count, so b1's two
// entries count twice; b5 (no gender) is in the totals only; refusals
// count nowhere.
func TestParticipantsExact(t *testing.T) {
	s := participantsFixture(t)
	r, err := ParticipantsOf(context.Background(), s, "esf", Options{Disclosure: Exact, Now: reportNow})
	require.NoError(t, err)
	assert.True(t, r.Confidential)
	require.Len(t, r.Indicators, len(socialsvc.ESFCodes))
	want := map[socialsvc.ESFCode][4]int64{
		socialsvc.EECO01: {4, 1, 1, 7}, socialsvc.EECO02: {2, 1, 0, 4}, socialsvc.EECO03: {1, 0, 0, 2},
		socialsvc.EECO04: {1, 0, 0, 1}, socialsvc.EECO05: {1, 0, 1, 2}, socialsvc.EECO06: {1, 0, 0, 1},
		socialsvc.EECO07: {1, 0, 1, 2}, socialsvc.EECO08: {0, 1, 0, 1}, socialsvc.EECO09: {1, 0, 0, 1},
		socialsvc.EECO10: {2, 0, 1, 3}, socialsvc.EECO11: {1, 1, 0, 2}, socialsvc.EECO12: {0, 1, 0, 1},
		socialsvc.EECO13: {0, 0, 0, 1}, socialsvc.EECO14: {0, 0, 1, 1}, socialsvc.EECO15: {1, 0, 0, 1},
		socialsvc.EECO16: {0, 0, 0, 0}, socialsvc.EECO17: {2, 0, 0, 2},
		socialsvc.EECR01: {0, 0, 0, 1}, socialsvc.EECR02: {0, 0, 0, 0}, socialsvc.EECR03: {0, 0, 0, 0},
		socialsvc.EECR04: {1, 0, 0, 1}, socialsvc.EECR05: {1, 0, 0, 1}, socialsvc.EECR06: {0, 0, 0, 0},
	}
	assert.Equal(t, want, figures(r))
	assert.Equal(t, "long-term unemployed", r.Indicators[2].Name)
	assert.Equal(t, socialsvc.KindResult, r.Indicators[len(r.Indicators)-1].Kind)

	// Period 1 (January–June) holds p1, p2 and p5.
	r1, err := ParticipantsOf(context.Background(), s, "esf", Options{Disclosure: Exact, Period: 1, Now: reportNow})
	require.NoError(t, err)
	got := figures(r1)
	assert.Equal(t, [4]int64{2, 0, 0, 3}, got[socialsvc.EECO01])
	assert.Equal(t, [4]int64{1, 0, 0, 2}, got[socialsvc.EECO03])
	// A date range selects by entry date too.
	rr, err := ParticipantsOf(context.Background(), s, "esf", Options{Disclosure: Exact, From: socialsvc.MustDate("2024-07-01"), To: socialsvc.MustDate("2024-08-31"), Now: reportNow})
	require.NoError(t, err)
	assert.Equal(t, [4]int64{1, 1, 0, 2}, figures(rr)[socialsvc.EECO01])
}

// TestParticipantsProtected: the public release withholds every figure
// fewer than 5 people stand behind (contributors are distinct people:
// EECO01 women are 4 participations of 3 women), publishes the whole
// project's 7 participations of 6 people and the structural zeros, and
// offers only the release family.
func TestParticipantsProtected(t *testing.T) {
	s := participantsFixture(t)
	ctx := context.Background()
	r, err := ParticipantsOf(ctx, s, "esf", Options{Now: reportNow})
	require.NoError(t, err)
	assert.False(t, r.Confidential)
	got := figures(r)
	assert.Equal(t, int64(7), got[socialsvc.EECO01][3], "7 participations of 6 people")
	assert.Equal(t, Count{Suppressed: true, Reason: ReasonPrimary}, r.Indicators[0].Women, "4 participations of 3 women")
	assert.Equal(t, [4]int64{0, 0, 0, 0}, got[socialsvc.EECO16], "structural zeros are published")
	for _, f := range r.Indicators {
		for _, c := range []Count{f.Women, f.Men, f.NonBinary, f.Total} {
			if !c.Suppressed {
				assert.True(t, c.Value == 0 || c.Value >= MinCount, "%s: published %d", f.Code, c.Value)
			}
		}
	}
	// The periods are releases; another range is refused naming the field.
	r1, err := ParticipantsOf(ctx, s, "esf", Options{Period: 1, Now: reportNow})
	require.NoError(t, err)
	assert.True(t, r1.Indicators[0].Total.Suppressed, "3 participations in period 1")
	_, err = ParticipantsOf(ctx, s, "esf", Options{From: socialsvc.MustDate("2024-07-01"), To: socialsvc.MustDate("2024-08-31")})
	require.Error(t, err)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.Equal(t, "to", socialsvc.ErrorFields(err)[0].Field)
	// The same data gives the same release (the protection is cached by
	// its input, and is a pure function of it).
	again, err := ParticipantsOf(ctx, s, "esf", Options{Now: reportNow})
	require.NoError(t, err)
	assert.Equal(t, r.Indicators, again.Indicators)
}

// TestParticipantsRender renders the report in every format and
// language: the codes, the columns and the confidential mark are there.
func TestParticipantsRender(t *testing.T) {
	s := participantsFixture(t)
	r, err := ParticipantsOf(context.Background(), s, "esf", Options{Disclosure: Exact, Now: reportNow, Lang: socialsvc.SL})
	require.NoError(t, err)
	var js bytes.Buffer
	require.NoError(t, WriteJSON(&js, r))
	var m map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &m))
	first := m["indicators"].([]any)[0].(map[string]any)
	assert.Equal(t, "EECO01", first["code"])
	assert.Equal(t, map[string]any{"value": float64(4)}, first["women"])
	assert.Equal(t, map[string]any{"value": float64(1)}, first["non_binary"])
	assert.Equal(t, "participants", m["kind"])
	for _, lang := range []socialsvc.Lang{socialsvc.HR, socialsvc.EN, socialsvc.SL, socialsvc.SRLatn, socialsvc.SQ} {
		var c bytes.Buffer
		require.NoError(t, WriteCSV(&c, r, CSVOptionsFor(lang)))
		assert.Contains(t, c.String(), "EECO17", lang)
		assert.Contains(t, strings.ToLower(c.String()), strings.ToLower(ConfidentialMark(lang)), lang)
		var h, x, p bytes.Buffer
		require.NoError(t, WriteHTML(&h, r, lang))
		assert.Contains(t, h.String(), "EECR06")
		require.NoError(t, WriteXLSX(&x, r, lang))
		assert.NotZero(t, x.Len())
		require.NoError(t, WritePDF(&p, r, lang))
		assert.True(t, strings.HasPrefix(p.String(), "%PDF"))
	}
	var c bytes.Buffer
	require.NoError(t, WriteCSV(&c, r, CSVOptionsFor(socialsvc.EN)))
	assert.Contains(t, c.String(), "EECO01,total number of participants,4,1,1,7")
}

// TestPortfolioParticipants sums the projects of an organisation; Period
// is refused, as the projects' periods differ.
func TestPortfolioParticipants(t *testing.T) {
	s := participantsFixture(t)
	ctx := context.Background()
	r, err := PortfolioParticipants(ctx, s, "org", Options{Disclosure: Exact, Now: reportNow})
	require.NoError(t, err)
	assert.Equal(t, []socialsvc.ProjectID{"esf"}, r.Projects)
	assert.Equal(t, [4]int64{4, 1, 1, 7}, figures(r)[socialsvc.EECO01])
	pub, err := PortfolioParticipants(ctx, s, "org", Options{Now: reportNow})
	require.NoError(t, err)
	assert.Equal(t, int64(7), figures(pub)[socialsvc.EECO01][3])
	assert.True(t, pub.Indicators[0].Women.Suppressed)
	_, err = PortfolioParticipants(ctx, s, "org", Options{Period: 1})
	assert.Equal(t, "period", socialsvc.ErrorFields(err)[0].Field)
}

// TestIndicatorFromParticipations: a programme indicator defined as
// EECO02 (computation participants) has the participants report's
// figures: exact per period with the participations behind them, and in
// the public release the protected figure, as in the participants report.
func TestIndicatorFromParticipations(t *testing.T) {
	s := participantsFixture(t)
	ctx := context.Background()
	require.NoError(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: "eeco02", ProjectID: "esf", Kind: socialsvc.KindOutput, Code: "EECO02",
		Name: socialsvc.I18n{"en": "Unemployed participants"}, Unit: "participants", Target: decimal.NewFromInt(8),
		Source: socialsvc.SourceComputed, Computation: socialsvc.CountParticipants}))
	require.NoError(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: "eeco01", ProjectID: "esf", Kind: socialsvc.KindOutput, Code: "EECO01",
		Name: socialsvc.I18n{"en": "Participants"}, Unit: "participants", Target: decimal.NewFromInt(10),
		Source: socialsvc.SourceComputed, Computation: socialsvc.CountParticipants}))
	r, err := Indicators(ctx, s, "esf", Options{Disclosure: Exact})
	require.NoError(t, err)
	assert.True(t, r.Confidential)
	byCode := map[string]IndicatorProgress{}
	for _, ip := range r.Indicators {
		byCode[ip.Code] = ip
	}
	ip := byCode["EECO02"]
	assert.Equal(t, "4", ip.Achieved.String())
	assert.Equal(t, "50", ip.PercentOfTarget.String())
	require.Len(t, ip.Periods, 2)
	assert.Equal(t, "2", ip.Periods[0].Value.String(), "p1 and p5 entered in period 1")
	assert.Equal(t, "4", ip.Periods[1].Cumulative.String())
	assert.ElementsMatch(t, []socialsvc.ParticipationID{"p1", "p5", "p3", "p7"}, ip.Trace.ParticipationIDs)
	assert.Equal(t, int64(4), ip.Trace.Individuals)

	pub, err := Indicators(ctx, s, "esf", Options{})
	require.NoError(t, err)
	part, err := ParticipantsOf(ctx, s, "esf", Options{})
	require.NoError(t, err)
	for _, ip := range pub.Indicators {
		assert.Nil(t, ip.Trace, "no trace in a public report")
		want := part.Indicators[slices.Index(socialsvc.ESFCodes, socialsvc.ESFCode(ip.Code))].Total
		if want.Suppressed {
			assert.NotEmpty(t, ip.AchievedWithheld, ip.Code)
		} else {
			assert.Empty(t, ip.AchievedWithheld, ip.Code)
			assert.Equal(t, decimal.NewFromInt(want.Value).String(), ip.Achieved.String(), ip.Code)
		}
	}
	assert.Equal(t, "7", pub.Indicators[0].Achieved.String(), "EECO01: 7 participations of 6 people are published")
	assert.NotEmpty(t, pub.Indicators[1].AchievedWithheld, "EECO02: 4 people")

	// The same figures reach the IATI results.
	act, err := IATI(ctx, s, "esf", IATIOptions{Now: reportNow})
	require.NoError(t, err)
	var xml bytes.Buffer
	require.NoError(t, WriteIATI(&xml, reportNow(), act))
	assert.Contains(t, xml.String(), "EECO01")
	assert.Contains(t, xml.String(), `<actual value="7"></actual>`, "the protected whole-project figure")

	// The code must name a common indicator.
	bad := socialsvc.Indicator{ID: "bad", ProjectID: "esf", Kind: socialsvc.KindOutput, Code: "RCO81", Name: socialsvc.I18n{"en": "x"}, Unit: "x",
		Source: socialsvc.SourceComputed, Computation: socialsvc.CountParticipants}
	err = s.CreateIndicator(ctx, &bad)
	require.Error(t, err)
	assert.Equal(t, "code", socialsvc.ErrorFields(err)[0].Field)
}

// TestParticipantsIndicatorByCalendarYear: in a project without periods
// the public releases are the whole project and each calendar year, and
// a year's indicator report shows the year's own figure of participants,
// in the protected release as in the exact one (the protected one showed
// the whole project's 16 for 2023, and 16 as 2024's Achieved).
func TestParticipantsIndicatorByCalendarYear(t *testing.T) {
	s := memory.New()
	ctx := context.Background()
	day := socialsvc.MustDate
	require.NoError(t, s.CreateOrganisation(ctx, &socialsvc.Organisation{ID: "org", Name: "Udruga", LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: "12345678903"}))
	require.NoError(t, s.CreateProject(ctx, &socialsvc.Project{ID: "esf", Acronym: "ESF", Title: socialsvc.I18n{"en": "ESF project"}, Programme: "ESF+",
		Start: day("2023-01-01"), End: day("2024-12-31"), Currency: socialsvc.EUR}))
	require.NoError(t, s.CreatePartner(ctx, &socialsvc.Partner{ID: "esf-lp", ProjectID: "esf", OrgID: "org", Role: socialsvc.RoleLead, Number: 1}))
	n := 0
	for _, y := range []struct{ year, count int }{{2023, 7}, {2024, 9}} {
		for range y.count {
			n++
			id := socialsvc.BeneficiaryID(fmt.Sprintf("b%d", n))
			require.NoError(t, s.CreateBeneficiary(ctx, &socialsvc.Beneficiary{ID: id, OrgID: "org", ProjectID: "esf",
				Gender: socialsvc.GenderFemale, BirthYear: 1990, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: day("2034-12-31")}))
			require.NoError(t, s.CreateParticipation(ctx, &socialsvc.Participation{ID: socialsvc.ParticipationID(fmt.Sprintf("p%d", n)), ProjectID: "esf",
				BeneficiaryID: id, EntryDate: socialsvc.NewDate(y.year, 3, 1), LabourStatus: socialsvc.LabourUnemployed}))
		}
	}
	require.NoError(t, s.CreateIndicator(ctx, &socialsvc.Indicator{ID: "eeco01", ProjectID: "esf", Kind: socialsvc.KindOutput, Code: "EECO01",
		Name: socialsvc.I18n{"en": "Participants"}, Unit: "participants", Target: decimal.NewFromInt(10),
		Source: socialsvc.SourceComputed, Computation: socialsvc.CountParticipants}))
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{}, "16"},
		{Options{From: day("2023-01-01"), To: day("2023-12-31")}, "7"},
		{Options{From: day("2024-01-01"), To: day("2024-12-31")}, "9"},
	} {
		for _, d := range []Disclosure{Exact, Protected} {
			o := c.o
			o.Disclosure = d
			r, err := Indicators(ctx, s, "esf", o)
			require.NoError(t, err)
			require.Len(t, r.Indicators, 1)
			ip := r.Indicators[0]
			assert.Equal(t, c.want, ip.Achieved.String(), "%v %v: achieved", d, o.From)
			require.Len(t, ip.Periods, 1)
			assert.Equal(t, c.want, ip.Periods[0].Value.String(), "%v %v: the year's row", d, o.From)
			assert.Equal(t, c.want, ip.Periods[0].Cumulative.String(), "%v %v: its cumulative value", d, o.From)
		}
	}
}
