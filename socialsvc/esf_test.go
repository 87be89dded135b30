package socialsvc_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

func lvl(n int) *int { return &n }

func res(o socialsvc.Outcome, on string) socialsvc.Result {
	return socialsvc.Result{Outcome: o, ObservedOn: socialsvc.MustDate(on), Source: socialsvc.SourceAsked}
}

// esfPeople are the beneficiaries of the hand-counted set: W1 a woman
// born in June 1995, W2 a woman of 55–64, M1 a man born in 2008 (year
// only), M2 a man born in 1960, N1 a non-binary person of 18–29, U1 a
// person of unknown gender born in 1970. Z (ben-z) has no record.
var esfPeople = map[socialsvc.BeneficiaryID]socialsvc.Beneficiary{
	"ben-w1": {ID: "ben-w1", Gender: socialsvc.GenderFemale, BirthYear: 1995, BirthMonth: time.June},
	"ben-w2": {ID: "ben-w2", Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age55to64},
	"ben-m1": {ID: "ben-m1", Gender: socialsvc.GenderMale, BirthYear: 2008},
	"ben-m2": {ID: "ben-m2", Gender: socialsvc.GenderMale, BirthYear: 1960},
	"ben-n1": {ID: "ben-n1", Gender: socialsvc.GenderOther, AgeBand: socialsvc.Age18to29},
	"ben-u1": {ID: "ben-u1", BirthYear: 1970},
}

// esfSet is the hand-counted set. The scope of the counts below is
// projects P1 and P2 with entries in 2024: p1–p8; p9 (W1 re-entering P1
// in 2025) and p10 (M2 in P2 in 2023) lie outside it.
func esfSet() []socialsvc.Participation {
	d := socialsvc.MustDate
	return []socialsvc.Participation{
		{ID: "p1", ProjectID: "P1", BeneficiaryID: "ben-w1", EntryDate: d("2024-05-31"), ExitDate: d("2024-10-31"),
			// 28 at entry: the birth month (June) is not reached.
			LabourStatus: socialsvc.LabourLongTermUnemployed, ISCED: lvl(2), Disability: socialsvc.AnswerYes, Minority: socialsvc.Refused,
			ExitSituation:     []socialsvc.Result{res(socialsvc.OutcomeJobSearching, "2024-10-31"), res(socialsvc.OutcomeQualification, "2024-11-05")},
			SixMonthSituation: []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2025-04-30"), res(socialsvc.OutcomeImproved, "2025-04-30")}},
		{ID: "p2", ProjectID: "P2", BeneficiaryID: "ben-w1", EntryDate: d("2024-07-01"), ExitDate: d("2024-09-30"),
			LabourStatus: socialsvc.LabourUnemployed, ISCED: lvl(3), ThirdCountryNational: socialsvc.AnswerYes, ForeignBackground: socialsvc.AnswerYes,
			ExitSituation: []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-10-01")}},
		{ID: "p3", ProjectID: "P1", BeneficiaryID: "ben-w2", EntryDate: d("2024-02-01"),
			LabourStatus: socialsvc.LabourInactive, ISCED: lvl(5), Homeless: socialsvc.AnswerYes, Rural: socialsvc.AnswerYes},
		{ID: "p4", ProjectID: "P1", BeneficiaryID: "ben-m1", EntryDate: d("2024-09-01"), ExitDate: d("2024-12-20"),
			// 16 in 2024 with the year only.
			LabourStatus: socialsvc.LabourInactiveEducation, ISCED: lvl(1), Disability: socialsvc.Refused, Minority: socialsvc.AnswerYes,
			ExitSituation: []socialsvc.Result{res(socialsvc.OutcomeInEducation, "2024-12-20")}},
		{ID: "p5", ProjectID: "P1", BeneficiaryID: "ben-m2", EntryDate: d("2024-03-15"), ExitDate: d("2024-06-30"),
			LabourStatus: socialsvc.LabourSelfEmployed, ISCED: lvl(4), Rural: socialsvc.AnswerYes,
			ExitSituation:     []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-06-30")},
			SixMonthSituation: []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-12-31")}},
		{ID: "p6", ProjectID: "P1", BeneficiaryID: "ben-n1", EntryDate: d("2024-04-01"), ExitDate: d("2024-05-31"),
			LabourStatus: socialsvc.LabourEmployed, ISCED: lvl(8), Disability: socialsvc.AnswerYes, Rural: socialsvc.AnswerNo,
			ExitSituation:     []socialsvc.Result{res(socialsvc.OutcomeQualification, "2024-05-31"), res(socialsvc.OutcomeEmployed, "2024-06-03")},
			SixMonthSituation: []socialsvc.Result{res(socialsvc.OutcomeImproved, "2024-11-30")}},
		{ID: "p7", ProjectID: "P1", BeneficiaryID: "ben-u1", EntryDate: d("2024-06-01"), ExitDate: d("2024-08-01"),
			// 54: in no age indicator; education not recorded.
			LabourStatus: socialsvc.LabourUnemployed, Homeless: socialsvc.AnswerYes,
			ExitSituation: []socialsvc.Result{res(socialsvc.OutcomeJobSearching, "2024-08-01")}},
		{ID: "p8", ProjectID: "P1", BeneficiaryID: "ben-z", EntryDate: d("2024-01-10"),
			LabourStatus: socialsvc.LabourLongTermUnemployed, ISCED: lvl(0),
			Disability: socialsvc.Refused, ThirdCountryNational: socialsvc.Refused, ForeignBackground: socialsvc.Refused,
			Minority: socialsvc.Refused, Homeless: socialsvc.Refused, Rural: socialsvc.Refused},
		{ID: "p9", ProjectID: "P1", BeneficiaryID: "ben-w1", EntryDate: d("2025-01-15"), LabourStatus: socialsvc.LabourEmployed, ISCED: lvl(2)},
		{ID: "p10", ProjectID: "P2", BeneficiaryID: "ben-m2", EntryDate: d("2023-12-31"), LabourStatus: socialsvc.LabourSelfEmployed},
	}
}

// wmnut is a figure as women, men, non-binary, unknown, total.
type wmnut [5]int

func figs(r socialsvc.ESFResult) map[socialsvc.ESFCode]wmnut {
	out := map[socialsvc.ESFCode]wmnut{}
	for _, f := range r.Figures {
		out[f.Code] = wmnut{f.Women, f.Men, f.NonBinary, f.Unknown, f.Total}
	}
	return out
}

func TestESFSetIsValid(t *testing.T) {
	for _, p := range esfSet() {
		assert.NoError(t, socialsvc.ValidateParticipation(&p), p.ID)
	}
}

// TestComputeESFHandCounted checks every indicator against the counts
// made by hand from the comments of esfSet.
func TestComputeESFHandCounted(t *testing.T) {
	scope := socialsvc.ESFScope{ProjectIDs: []socialsvc.ProjectID{"P1", "P2"}, From: socialsvc.MustDate("2024-01-01"), To: socialsvc.MustDate("2024-12-31")}
	r := socialsvc.ComputeESF(esfSet(), esfPeople, scope)
	want := map[socialsvc.ESFCode]wmnut{
		socialsvc.EECO01: {3, 2, 1, 2, 8}, // p1 p2 p3 | p4 p5 | p6 | p7 p8
		socialsvc.EECO02: {2, 0, 0, 2, 4}, // p1 p2 | p7 p8
		socialsvc.EECO03: {1, 0, 0, 1, 2}, // p1 | p8
		socialsvc.EECO04: {1, 1, 0, 0, 2}, // p3 | p4 (in education counts as inactive)
		socialsvc.EECO05: {0, 1, 1, 0, 2}, // p5 (self-employed) | p6
		socialsvc.EECO06: {0, 1, 0, 0, 1}, // p4
		socialsvc.EECO07: {2, 0, 1, 0, 3}, // p1 (28) p2 (29) | p6
		socialsvc.EECO08: {1, 1, 0, 0, 2}, // p3 (band) | p5 (64)
		socialsvc.EECO09: {1, 1, 0, 1, 3}, // p1 | p4 | p8
		socialsvc.EECO10: {1, 1, 0, 0, 2}, // p2 | p5
		socialsvc.EECO11: {1, 0, 1, 0, 2}, // p3 | p6
		socialsvc.EECO12: {1, 0, 1, 0, 2}, // p1 | p6; p4 and p8 refused
		socialsvc.EECO13: {1, 0, 0, 0, 1}, // p2; p8 refused
		socialsvc.EECO14: {1, 0, 0, 0, 1}, // p2
		socialsvc.EECO15: {0, 1, 0, 0, 1}, // p4; p1 refused
		socialsvc.EECO16: {1, 0, 0, 1, 2}, // p3 | p7
		socialsvc.EECO17: {1, 1, 0, 0, 2}, // p3 | p5; p6 answered no
		socialsvc.EECR01: {1, 0, 0, 1, 2}, // p1 | p7
		socialsvc.EECR02: {0, 1, 0, 0, 1}, // p4
		socialsvc.EECR03: {1, 0, 1, 0, 2}, // p1 | p6
		socialsvc.EECR04: {1, 1, 1, 0, 3}, // p2 | p5 | p6
		socialsvc.EECR05: {1, 1, 0, 0, 2}, // p1 | p5
		socialsvc.EECR06: {1, 0, 1, 0, 2}, // p1 | p6
	}
	got := figs(r)
	require.Len(t, r.Figures, len(socialsvc.ESFCodes))
	for i, code := range socialsvc.ESFCodes {
		assert.Equal(t, code, r.Figures[i].Code, "order of Annex I")
		assert.Equal(t, want[code], got[code], "%s", code)
	}
	assert.Equal(t, 6, r.Exited)
	assert.Equal(t, 3, r.SixMonthData)

	// The records behind a figure, by gender, for the project's staff and
	// for the disclosure protection: W1 is two participations and one
	// contributor.
	total := r.Figure(socialsvc.EECO01)
	women := total.RecordsOf(socialsvc.ESFWomen)
	assert.Equal(t, []socialsvc.ESFRecord{
		{Participation: "p1", Beneficiary: "ben-w1", Gender: socialsvc.ESFWomen},
		{Participation: "p2", Beneficiary: "ben-w1", Gender: socialsvc.ESFWomen},
		{Participation: "p3", Beneficiary: "ben-w2", Gender: socialsvc.ESFWomen},
	}, women)
	assert.Equal(t, 2, total.Contributors(socialsvc.ESFWomen))
	assert.Equal(t, 7, total.Contributors(""))
	assert.Equal(t, []socialsvc.ESFRecord{{Participation: "p7", Beneficiary: "ben-u1", Gender: socialsvc.ESFUnknown},
		{Participation: "p8", Beneficiary: "ben-z", Gender: socialsvc.ESFUnknown}}, total.RecordsOf(socialsvc.ESFUnknown))
	assert.Len(t, total.RecordsOf(""), 8)
	assert.Equal(t, socialsvc.ESFDistinct{Women: 2, Men: 2, NonBinary: 1, Unknown: 2, Total: 7}, total.Distinct())
	assert.Equal(t, 1, total.Of(socialsvc.ESFNonBinary))

	// One project: P1 without W1's participation in P2.
	p1 := socialsvc.ComputeESF(esfSet(), esfPeople, socialsvc.ESFScope{ProjectIDs: []socialsvc.ProjectID{"P1"}, From: scope.From, To: scope.To})
	assert.Equal(t, wmnut{2, 2, 1, 2, 7}, figs(p1)[socialsvc.EECO01])
	assert.Equal(t, wmnut{0, 1, 1, 0, 2}, figs(p1)[socialsvc.EECR04])
	// No period: W1's re-entry into P1 in 2025 counts again, as does M2 in
	// P2 in 2023.
	all := socialsvc.ComputeESF(esfSet(), esfPeople, socialsvc.ESFScope{})
	assert.Equal(t, wmnut{4, 3, 1, 2, 10}, figs(all)[socialsvc.EECO01])
	assert.Equal(t, wmnut{1, 1, 0, 0, 2}, figs(all)[socialsvc.EECO05].sub(figs(r)[socialsvc.EECO05]), "p9 (employed woman) and p10 (self-employed man)")
	// An empty scope's figures are zero, with their codes.
	none := socialsvc.ComputeESF(nil, nil, scope)
	assert.Equal(t, wmnut{}, figs(none)[socialsvc.EECO01])
	assert.Equal(t, socialsvc.EECR06, none.Figure(socialsvc.EECR06).Code)
}

func (a wmnut) sub(b wmnut) wmnut {
	for i := range a {
		a[i] -= b[i]
	}
	return a
}

// TestComputeESFAnonymous: an anonymous participation counts with the
// gender and age band it kept, whatever the (erased) record says.
func TestComputeESFAnonymous(t *testing.T) {
	p := socialsvc.Participation{ID: "p", ProjectID: "P1", BeneficiaryID: "ben-e", EntryDate: socialsvc.MustDate("2024-01-01"),
		Anonymous: &socialsvc.AnonymousPerson{Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age18to29}}
	erased := map[socialsvc.BeneficiaryID]socialsvc.Beneficiary{"ben-e": {ID: "ben-e", Erased: true}}
	r := socialsvc.ComputeESF([]socialsvc.Participation{p}, erased, socialsvc.ESFScope{})
	assert.Equal(t, wmnut{1, 0, 0, 0, 1}, figs(r)[socialsvc.EECO07])

	b := socialsvc.Beneficiary{ID: "ben-e", Gender: socialsvc.GenderMale, BirthYear: 1950}
	a := p
	a.Anonymous = nil
	a = a.Anonymise(&b)
	assert.Equal(t, socialsvc.AnonymousPerson{Gender: socialsvc.GenderMale, AgeBand: socialsvc.Age65Plus}, *a.Anonymous)
	assert.Same(t, a.Anonymous, a.Anonymise(&socialsvc.Beneficiary{Gender: socialsvc.GenderFemale}).Anonymous, "anonymised once")
}

// TestESFCounterStreams: the counter gives what ComputeESF gives and
// reports which participations are in scope.
func TestESFCounterStreams(t *testing.T) {
	scope := socialsvc.ESFScope{From: socialsvc.MustDate("2024-01-01"), To: socialsvc.MustDate("2024-12-31")}
	c := socialsvc.NewESFCounter(scope)
	var in []socialsvc.ParticipationID
	for _, p := range esfSet() {
		b, ok := esfPeople[p.BeneficiaryID]
		bp := &b
		if !ok {
			bp = nil
		}
		if c.Add(&p, bp) {
			in = append(in, p.ID)
		}
	}
	assert.Equal(t, []socialsvc.ParticipationID{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"}, in)
	got := c.Result()
	assert.Equal(t, socialsvc.ComputeESF(esfSet(), esfPeople, scope), got)
	got.Figures[0].Records[0].Participation = "changed"
	assert.Equal(t, socialsvc.ParticipationID("p1"), c.Result().Figures[0].Records[0].Participation, "the result shares no memory")
}

// TestESFProperties runs the computation over random valid sets (fixed
// seeds) and checks what must hold of any set.
func TestESFProperties(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		parts, people := randomESFSet(rng)
		for i := range parts {
			require.NoError(t, socialsvc.ValidateParticipation(&parts[i]), "seed %d: generated participation %d is valid", seed, i)
		}
		scope := socialsvc.ESFScope{}
		if rng.IntN(2) == 0 {
			scope.From = socialsvc.MustDate("2023-06-01")
			scope.To = socialsvc.MustDate("2024-06-30")
		}
		if rng.IntN(2) == 0 {
			scope.ProjectIDs = []socialsvc.ProjectID{"P1"}
		}
		r := socialsvc.ComputeESF(parts, people, scope)
		in := 0
		for i := range parts {
			if scope.Contains(&parts[i]) {
				in++
			}
		}
		f := func(c socialsvc.ESFCode) socialsvc.ESFFigure { return r.Figure(c) }
		cols := []socialsvc.ESFGender{socialsvc.ESFWomen, socialsvc.ESFMen, socialsvc.ESFNonBinary, socialsvc.ESFUnknown}
		msg := fmt.Sprintf("seed %d", seed)
		require.Equal(t, in, f(socialsvc.EECO01).Total, msg)
		for _, x := range r.Figures {
			require.Equal(t, x.Total, x.Women+x.Men+x.NonBinary+x.Unknown, "%s %s: the columns add up to the total", msg, x.Code)
			require.Len(t, x.Records, x.Total, "%s %s: a record for every count", msg, x.Code)
			dist := x.Distinct()
			require.Equal(t, x.Contributors(""), dist.Of(""), "%s %s", msg, x.Code)
			for _, g := range cols {
				require.Equal(t, x.Contributors(g), dist.Of(g), "%s %s %s", msg, x.Code, g)
				require.LessOrEqual(t, dist.Of(g), x.Of(g), "%s %s %s", msg, x.Code, g)
				require.Len(t, x.RecordsOf(g), x.Of(g), "%s %s %s", msg, x.Code, g)
				require.LessOrEqual(t, x.Of(g), f(socialsvc.EECO01).Of(g), "%s %s %s: EECO01 is the largest figure", msg, x.Code, g)
			}
		}
		for _, g := range cols {
			require.GreaterOrEqual(t, f(socialsvc.EECO02).Of(g), f(socialsvc.EECO03).Of(g), "%s %s: EECO02 includes EECO03", msg, g)
			sum := func(codes ...socialsvc.ESFCode) int {
				n := 0
				for _, c := range codes {
					n += f(c).Of(g)
				}
				return n
			}
			total := f(socialsvc.EECO01).Of(g)
			require.LessOrEqual(t, sum(socialsvc.EECO02, socialsvc.EECO04, socialsvc.EECO05), total, "%s: one status each", msg)
			require.LessOrEqual(t, sum(socialsvc.EECO06, socialsvc.EECO07, socialsvc.EECO08), total, "%s: one age each", msg)
			require.LessOrEqual(t, sum(socialsvc.EECO09, socialsvc.EECO10, socialsvc.EECO11), total, "%s: one level each", msg)
		}
		for _, c := range []socialsvc.ESFCode{socialsvc.EECR01, socialsvc.EECR02, socialsvc.EECR03, socialsvc.EECR04} {
			require.LessOrEqual(t, f(c).Total, r.Exited, "%s %s: results at exit only of those who left", msg, c)
		}
		for _, c := range []socialsvc.ESFCode{socialsvc.EECR05, socialsvc.EECR06} {
			require.LessOrEqual(t, f(c).Total, r.SixMonthData, "%s %s: six-month results only with six-month data", msg, c)
			for _, rec := range f(c).Records {
				i := slices.IndexFunc(parts, func(p socialsvc.Participation) bool { return p.ID == rec.Participation })
				require.NotEmpty(t, parts[i].SixMonthSituation, msg)
			}
		}
		require.LessOrEqual(t, r.SixMonthData, r.Exited, msg)
	}
}

// randomESFSet returns up to 60 valid participations of up to 20
// beneficiaries in two projects, each beneficiary's participations in a
// project one after another.
func randomESFSet(rng *rand.Rand) ([]socialsvc.Participation, map[socialsvc.BeneficiaryID]socialsvc.Beneficiary) {
	genders := []socialsvc.Gender{socialsvc.GenderUnknown, socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderOther}
	answers := []socialsvc.Answer{socialsvc.Unanswered, socialsvc.AnswerYes, socialsvc.AnswerNo, socialsvc.Refused}
	statuses := append([]socialsvc.LabourStatus{socialsvc.LabourUnknown}, socialsvc.LabourStatuses...)
	people := map[socialsvc.BeneficiaryID]socialsvc.Beneficiary{}
	nb := 1 + rng.IntN(20)
	for i := range nb {
		id := socialsvc.BeneficiaryID(fmt.Sprintf("ben-%d", i))
		if rng.IntN(10) == 0 {
			continue // no record
		}
		b := socialsvc.Beneficiary{ID: id, Gender: genders[rng.IntN(len(genders))]}
		switch rng.IntN(3) {
		case 0:
			b.BirthYear = 1940 + rng.IntN(75)
			if rng.IntN(2) == 0 {
				b.BirthMonth = time.Month(1 + rng.IntN(12))
			}
		case 1:
			b.AgeBand = socialsvc.AgeBands[rng.IntN(len(socialsvc.AgeBands))]
		}
		people[id] = b
	}
	var parts []socialsvc.Participation
	next := map[string]socialsvc.Date{}
	n := rng.IntN(61)
	for i := range n {
		b := socialsvc.BeneficiaryID(fmt.Sprintf("ben-%d", rng.IntN(nb)))
		prj := socialsvc.ProjectID([]string{"P1", "P2"}[rng.IntN(2)])
		key := string(b) + "/" + string(prj)
		start, ok := next[key]
		if !ok {
			start = socialsvc.MustDate("2023-01-01")
		}
		if start.IsZero() {
			continue // an open participation: nothing after it
		}
		entry := start.AddDays(rng.IntN(200))
		p := socialsvc.Participation{ID: socialsvc.ParticipationID(fmt.Sprintf("p%03d", i)), ProjectID: prj, BeneficiaryID: b, EntryDate: entry,
			LabourStatus: statuses[rng.IntN(len(statuses))],
			Disability:   answers[rng.IntN(4)], ThirdCountryNational: answers[rng.IntN(4)], ForeignBackground: answers[rng.IntN(4)],
			Minority: answers[rng.IntN(4)], Homeless: answers[rng.IntN(4)], Rural: answers[rng.IntN(4)]}
		if rng.IntN(5) > 0 {
			p.ISCED = lvl(rng.IntN(socialsvc.MaxISCED + 1))
		}
		if rng.IntN(3) > 0 {
			p.ExitDate = entry.AddDays(rng.IntN(300))
			for _, o := range socialsvc.ExitOutcomes {
				if rng.IntN(3) == 0 {
					p.ExitSituation = append(p.ExitSituation, socialsvc.Result{Outcome: o, ObservedOn: p.ExitDate.AddDays(rng.IntN(30)), Source: socialsvc.SourceRegister})
				}
			}
			for _, o := range socialsvc.SixMonthOutcomes {
				if rng.IntN(3) == 0 {
					p.SixMonthSituation = append(p.SixMonthSituation, socialsvc.Result{Outcome: o, ObservedOn: socialsvc.SixMonthsAfter(p.ExitDate).AddDays(rng.IntN(60)), Source: socialsvc.SourceAsked})
				}
			}
			next[key] = p.ExitDate.AddDays(1)
		} else {
			next[key] = socialsvc.Date{}
		}
		parts = append(parts, p)
	}
	return parts, people
}

func TestValidateParticipation(t *testing.T) {
	d := socialsvc.MustDate
	base := func() socialsvc.Participation {
		return socialsvc.Participation{ProjectID: "P1", BeneficiaryID: "ben-1", EntryDate: d("2024-01-15"), ExitDate: d("2024-08-31")}
	}
	type fe struct{ field, id string }
	tests := []struct {
		name string
		edit func(p *socialsvc.Participation)
		want []fe
	}{
		{"valid", func(p *socialsvc.Participation) {}, nil},
		{"open", func(p *socialsvc.Participation) { p.ExitDate = socialsvc.Date{} }, nil},
		{"exit on the entry day", func(p *socialsvc.Participation) { p.ExitDate = p.EntryDate }, nil},
		{"required", func(p *socialsvc.Participation) { *p = socialsvc.Participation{} },
			[]fe{{"project_id", "err.rule.required"}, {"beneficiary_id", "err.rule.required"}, {"entry_date", "err.rule.required"}}},
		{"no such day", func(p *socialsvc.Participation) {
			p.EntryDate = socialsvc.NewDate(2024, 2, 30)
			p.ExitDate = socialsvc.NewDate(2024, 13, 1)
		},
			[]fe{{"entry_date", "err.rule.omitempty_date"}, {"exit_date", "err.rule.omitempty_date"}}},
		{"exit before entry", func(p *socialsvc.Participation) { p.ExitDate = d("2024-01-14") }, []fe{{"exit_date", "err.exit_date.after_entry"}}},
		{"unknown status", func(p *socialsvc.Participation) { p.LabourStatus = "student" }, []fe{{"labour_status", "err.labour_status.oneof"}}},
		{"ISCED 9", func(p *socialsvc.Participation) { p.ISCED = lvl(9) }, []fe{{"isced", "err.isced.range"}}},
		{"ISCED -1", func(p *socialsvc.Participation) { p.ISCED = lvl(-1) }, []fe{{"isced", "err.isced.range"}}},
		{"ISCED 0 and 8", func(p *socialsvc.Participation) { p.ISCED = lvl(0) }, nil},
		{"unknown answers", func(p *socialsvc.Participation) { p.Disability = "unknown"; p.Rural = "town" },
			[]fe{{"disability", "err.answer.oneof"}, {"rural", "err.answer.oneof"}}},
		{"results without exit", func(p *socialsvc.Participation) {
			p.ExitDate = socialsvc.Date{}
			p.ExitSituation = []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-09-01")}
			p.SixMonthSituation = []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2025-03-01")}
		}, []fe{{"exit_situation", "err.results.exit_date"}, {"six_month_situation", "err.results.exit_date"}}},
		{"exit result before exit", func(p *socialsvc.Participation) {
			p.ExitSituation = []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-08-31"), res(socialsvc.OutcomeQualification, "2024-08-30")}
		}, []fe{{"exit_situation[1].observed_on", "err.observed_on.after_exit"}}},
		{"six-month result too early", func(p *socialsvc.Participation) {
			// Six calendar months after 31 August is 28 February.
			p.SixMonthSituation = []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2025-02-28"), res(socialsvc.OutcomeImproved, "2025-02-27")}
		}, []fe{{"six_month_situation[1].observed_on", "err.observed_on.six_months"}}},
		{"outcomes in the wrong list", func(p *socialsvc.Participation) {
			p.ExitSituation = []socialsvc.Result{res(socialsvc.OutcomeImproved, "2024-09-01")}
			p.SixMonthSituation = []socialsvc.Result{res(socialsvc.OutcomeQualification, "2025-03-01"), res("promoted", "2025-03-01")}
		}, []fe{{"exit_situation[0].outcome", "err.outcome.exit_outcome"}, {"six_month_situation[0].outcome", "err.outcome.six_month_outcome"},
			{"six_month_situation[1].outcome", "err.outcome.six_month_outcome"}}},
		{"duplicate outcome", func(p *socialsvc.Participation) {
			p.ExitSituation = []socialsvc.Result{res(socialsvc.OutcomeEmployed, "2024-09-01"), res(socialsvc.OutcomeEmployed, "2024-09-02")}
		}, []fe{{"exit_situation[1].outcome", "err.outcome.unique"}}},
		{"source and date of a result", func(p *socialsvc.Participation) {
			p.ExitSituation = []socialsvc.Result{{Outcome: socialsvc.OutcomeEmployed, Source: "neighbour"}}
		}, []fe{{"exit_situation[0].source", "err.source.oneof"}, {"exit_situation[0].observed_on", "err.rule.required"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.edit(&p)
			err := socialsvc.ValidateParticipation(&p)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			var got []fe
			for _, f := range socialsvc.ErrorFields(err) {
				got = append(got, fe{f.Field, f.ID})
				assert.NotEmpty(t, f.Message)
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}
	assert.Error(t, socialsvc.ValidateParticipation(nil))
}

func TestAgeAt(t *testing.T) {
	d := socialsvc.MustDate
	tests := []struct {
		year  int
		month time.Month
		on    string
		age   int
		ok    bool
	}{
		{1995, time.June, "2024-05-31", 28, true},
		{1995, time.June, "2024-06-01", 29, true}, // from the first day of the birth month
		{1995, 0, "2024-01-01", 29, true},         // year only: the age reached during the year
		{2008, 0, "2026-01-01", 18, true},
		{2008, time.December, "2026-11-30", 17, true},
		{2024, time.March, "2024-02-01", 0, false}, // born after the date
		{2025, 0, "2024-12-31", 0, false},
		{0, time.May, "2024-12-31", 0, false},
	}
	for _, tc := range tests {
		age, ok := socialsvc.AgeAt(tc.year, tc.month, d(tc.on))
		assert.Equal(t, tc.ok, ok, "%d-%d on %s", tc.year, tc.month, tc.on)
		assert.Equal(t, tc.age, age, "%d-%d on %s", tc.year, tc.month, tc.on)
	}
	b := socialsvc.Beneficiary{BirthYear: 2008, BirthMonth: time.October}
	assert.Equal(t, socialsvc.AgeUnder18, b.AgeBandOn(d("2026-09-30")))
	assert.Equal(t, socialsvc.Age18to29, b.AgeBandOn(d("2026-10-01")))
	b.BirthMonth = 0
	assert.Equal(t, socialsvc.Age18to29, b.AgeBandOn(d("2026-01-01")))
	assert.Equal(t, socialsvc.AgeUnknown, (&socialsvc.Beneficiary{}).AgeBandOn(d("2026-01-01")))
}

func TestValidateBeneficiaryBirthMonth(t *testing.T) {
	b := socialsvc.Beneficiary{OrgID: "org", LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-01-01"), BirthMonth: time.May}
	err := socialsvc.ValidateBeneficiary(&b)
	require.Error(t, err)
	assert.Equal(t, "birth_month", socialsvc.ErrorFields(err)[0].Field)
	assert.Equal(t, "err.birth_month.birth_year", socialsvc.ErrorFields(err)[0].ID)
	b.BirthYear = 1980
	assert.NoError(t, socialsvc.ValidateBeneficiary(&b))
	b.BirthMonth = 13
	assert.Equal(t, []string{"birth_month"}, fieldNames(socialsvc.ErrorFields(socialsvc.ValidateBeneficiary(&b))))
}

func fieldNames(fs []socialsvc.FieldError) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}

func TestAddMonths(t *testing.T) {
	d := socialsvc.MustDate
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-08-31", 6, "2025-02-28"},
		{"2023-08-31", 6, "2024-02-29"},
		{"2024-01-15", 6, "2024-07-15"},
		{"2024-07-31", 6, "2025-01-31"},
		{"2024-12-31", 6, "2025-06-30"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-01-31", -13, "2022-12-31"},
		{"2024-05-10", 0, "2024-05-10"},
	}
	for _, tc := range tests {
		assert.Equal(t, d(tc.want), socialsvc.AddMonths(d(tc.from), tc.n), "%s %+d", tc.from, tc.n)
	}
	assert.Equal(t, d("2025-02-28"), socialsvc.SixMonthsAfter(d("2024-08-31")))
}

// TestESFLabels: every code and every value has a name in every shipped
// language, none of them the catalogue id.
func TestESFLabels(t *testing.T) {
	cat := socialsvc.ESFCatalogue()
	require.Len(t, cat, 23)
	assert.Equal(t, socialsvc.EECO01, cat[0].Code)
	assert.Equal(t, socialsvc.KindOutput, cat[16].Kind)
	assert.Equal(t, socialsvc.EECR01, cat[17].Code)
	assert.Equal(t, socialsvc.KindResult, cat[17].Kind)
	assert.Equal(t, "long-term unemployed", cat[2].Name["en"])
	assert.Equal(t, "dugotrajno nezaposleni", cat[2].Name["hr"])
	for _, e := range cat {
		for _, l := range i18n.Languages() {
			assert.NotEmpty(t, e.Name[l], "%s %s", e.Code, l)
			assert.NotContains(t, e.Name[l], "esf.", "%s %s", e.Code, l)
		}
	}
	assert.Equal(t, "EECO99", socialsvc.ESFCode("EECO99").Label(socialsvc.EN))
	assert.False(t, socialsvc.ESFCode("EECR07").Result())

	labels := []interface{ Label(socialsvc.Lang) string }{socialsvc.Unanswered, socialsvc.AnswerYes, socialsvc.AnswerNo, socialsvc.Refused,
		socialsvc.SourceAsked, socialsvc.SourceRegister, socialsvc.LabourUnknown}
	for _, s := range socialsvc.LabourStatuses {
		labels = append(labels, s)
	}
	for _, o := range append(slices.Clone(socialsvc.ExitOutcomes), socialsvc.OutcomeImproved) {
		labels = append(labels, o)
	}
	for _, l := range i18n.Languages() {
		for _, x := range labels {
			got := x.Label(l)
			assert.NotEmpty(t, got)
			assert.NotContains(t, got, "esf.", "%v in %s", x, l)
		}
		for n := 0; n <= socialsvc.MaxISCED; n++ {
			assert.NotContains(t, socialsvc.ISCEDLabel(&n, l), "esf.", "ISCED %d in %s", n, l)
		}
		assert.Equal(t, socialsvc.Unanswered.Label(l), socialsvc.ISCEDLabel(nil, l))
	}
	assert.Equal(t, "long-term unemployed", socialsvc.LabourLongTermUnemployed.Label(socialsvc.EN))
	assert.Equal(t, "odbio odgovoriti", socialsvc.Refused.Label(socialsvc.HR))
}

// BenchmarkComputeESF counts 100,000 participations of 40,000 people in
// memory, with the distinct contributors of every figure: the part of
// the participants report that is the library's, beside the store's
// reading.
func BenchmarkComputeESF(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 15))
	people := map[socialsvc.BeneficiaryID]socialsvc.Beneficiary{}
	for i := range 40000 {
		id := socialsvc.BeneficiaryID(fmt.Sprintf("ben-%05d", i))
		people[id] = socialsvc.Beneficiary{ID: id, Gender: []socialsvc.Gender{"", socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderOther}[rng.IntN(4)],
			BirthYear: 1950 + rng.IntN(60), BirthMonth: time.Month(1 + rng.IntN(12))}
	}
	statuses := socialsvc.LabourStatuses
	parts := make([]socialsvc.Participation, 100000)
	for i := range parts {
		entry := socialsvc.MustDate("2022-01-01").AddDays(rng.IntN(900))
		exit := entry.AddDays(30 + rng.IntN(200))
		parts[i] = socialsvc.Participation{ID: socialsvc.ParticipationID(fmt.Sprintf("p%06d", i)), ProjectID: "P1",
			BeneficiaryID: socialsvc.BeneficiaryID(fmt.Sprintf("ben-%05d", rng.IntN(40000))), EntryDate: entry, ExitDate: exit,
			LabourStatus: statuses[rng.IntN(len(statuses))], ISCED: lvl(rng.IntN(9)), Disability: socialsvc.AnswerYes, Rural: socialsvc.Refused,
			ExitSituation: []socialsvc.Result{{Outcome: socialsvc.OutcomeEmployed, ObservedOn: exit, Source: socialsvc.SourceRegister}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		r := socialsvc.ComputeESF(parts, people, socialsvc.ESFScope{})
		for _, f := range r.Figures {
			_ = f.Distinct()
		}
	}
}
