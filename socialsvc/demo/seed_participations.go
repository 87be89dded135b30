package demo

import (
	"math/rand/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ESF+ participations of the seed projects (issue 15). The seeds publish
// no participant data at all: the labour-market status, education,
// special categories and results below are generated, deterministically,
// to look like what such projects report, so that the participants report
// shows plausible, internally consistent figures (the long-term
// unemployed among the unemployed, results among those who left). They
// are illustrative, not the projects' figures.

// Streams of the participations' generators, apart from the projects'
// own (newRand), so that the existing generated data stays as it was.
const (
	streamCESIParticipations   = 31
	streamSoKroGParticipations = 41
)

// seedParticipations adds the participations of CESI's BADGE programme and
// of 2SoKroG's social activation pilot (with the pilot's participants,
// which the rest of the seed has no beneficiaries for).
func seedParticipations(ds *Dataset) {
	cesiParticipations(ds)
	sokrogPilot(ds)
}

// isced returns a pointer to level, for Participation.ISCED.
func isced(level int) *int { return &level }

// answer returns yes with probability per/1000, refused with
// refused/1000, no otherwise.
func answer(rng *rand.Rand, per, refused int) socialsvc.Answer {
	switch r := rng.IntN(1000); {
	case r < per:
		return socialsvc.AnswerYes
	case r < per+refused:
		return socialsvc.Refused
	}
	return socialsvc.AnswerNo
}

// sixMonthsAfter is the first day six months after d, and a few days
// more: when a six-month result is observed.
func sixMonthsAfter(rng *rand.Rand, d socialsvc.Date) socialsvc.Date {
	return socialsvc.DateOf(d.Time().AddDate(0, 6, 0)).AddDays(rng.IntN(15))
}

// cesiParticipations gives every woman of the BADGE programme one
// participation, from her first workshop to the end of her cycle: women
// entrepreneurs in four counties, most unemployed or inactive at entry,
// some self-employed when they leave and six months later.
func cesiParticipations(ds *Dataset) {
	rng := newRand(streamCESIParticipations)
	first := firstVisits(ds, ProjectBADGE)
	end := day("2019-06-30")
	for _, b := range ds.Beneficiaries {
		if b.ProjectID != ProjectBADGE {
			continue
		}
		entry, ok := first[b.ID]
		if !ok {
			continue
		}
		p := socialsvc.Participation{ID: socialsvc.ParticipationID("aktivno-cesi-part-" + string(b.ID[len("aktivno-cesi-ben-"):])),
			ProjectID: ProjectBADGE, BeneficiaryID: b.ID, EntryDate: entry}
		switch r := rng.IntN(100); {
		case r < 24:
			p.LabourStatus = socialsvc.LabourLongTermUnemployed
		case r < 52:
			p.LabourStatus = socialsvc.LabourUnemployed
		case r < 74:
			p.LabourStatus = socialsvc.LabourInactive
		case r < 80:
			p.LabourStatus = socialsvc.LabourInactiveEducation
		case r < 88:
			p.LabourStatus = socialsvc.LabourEmployed
		case r < 96:
			p.LabourStatus = socialsvc.LabourSelfEmployed
		}
		switch r := rng.IntN(100); {
		case r < 14:
			p.ISCED = isced(2)
		case r < 58:
			p.ISCED = isced(3)
		case r < 66:
			p.ISCED = isced(4)
		case r < 80:
			p.ISCED = isced(6)
		case r < 94:
			p.ISCED = isced(7)
		}
		p.Disability = answer(rng, 60, 40)
		p.ThirdCountryNational = answer(rng, 15, 0)
		p.ForeignBackground = answer(rng, 50, 30)
		p.Minority = answer(rng, 45, 90)
		p.Homeless = answer(rng, 0, 20)
		// The four counties are largely rural.
		p.Rural = answer(rng, 420, 0)
		exit := entry.AddDays(90 + rng.IntN(120))
		if exit.After(end) {
			exit = end
		}
		// A few women are still in the programme's follow-up when the
		// project ends: no exit is recorded for them.
		if rng.IntN(100) < 8 {
			ds.Participations = append(ds.Participations, p)
			continue
		}
		p.ExitDate = exit
		res := func(o socialsvc.Outcome, on socialsvc.Date, src socialsvc.ResultSource) socialsvc.Result {
			return socialsvc.Result{Outcome: o, ObservedOn: on, Source: src}
		}
		// BADGE ends with a certificate most women earn.
		if rng.IntN(100) < 70 {
			p.ExitSituation = append(p.ExitSituation, res(socialsvc.OutcomeQualification, exit, socialsvc.SourceAsked))
		}
		employed := p.LabourStatus.Employed()
		started := !employed && rng.IntN(100) < 22 // started her own business
		switch {
		case employed || started:
			p.ExitSituation = append(p.ExitSituation, res(socialsvc.OutcomeEmployed, exit, socialsvc.SourceAsked))
		case p.LabourStatus.Unemployed() && rng.IntN(100) < 55:
			p.ExitSituation = append(p.ExitSituation, res(socialsvc.OutcomeJobSearching, exit, socialsvc.SourceAsked))
		case p.LabourStatus == socialsvc.LabourInactiveEducation:
			p.ExitSituation = append(p.ExitSituation, res(socialsvc.OutcomeInEducation, exit, socialsvc.SourceAsked))
		}
		// Six months later: asked by the mentors, for four in five women.
		if rng.IntN(100) < 80 {
			on := sixMonthsAfter(rng, exit)
			if employed || started || rng.IntN(100) < 12 {
				p.SixMonthSituation = append(p.SixMonthSituation, res(socialsvc.OutcomeEmployed, on, socialsvc.SourceAsked))
			}
			if !employed && (started || rng.IntN(100) < 25) {
				p.SixMonthSituation = append(p.SixMonthSituation, res(socialsvc.OutcomeImproved, on, socialsvc.SourceAsked))
			}
		}
		ds.Participations = append(ds.Participations, p)
	}
}

// firstVisits returns each beneficiary's first event day in project.
func firstVisits(ds *Dataset, project socialsvc.ProjectID) map[socialsvc.BeneficiaryID]socialsvc.Date {
	days := map[socialsvc.EventID]socialsvc.Date{}
	for _, e := range ds.Events {
		if e.ProjectID == project {
			days[e.ID] = e.Start
		}
	}
	out := map[socialsvc.BeneficiaryID]socialsvc.Date{}
	for _, a := range ds.Attendance {
		d, ok := days[a.EventID]
		if !ok {
			continue
		}
		if cur, seen := out[a.BeneficiaryID]; !seen || d.Before(cur) {
			out[a.BeneficiaryID] = d
		}
	}
	return out
}

// sokrogPilotPeople is the number of people in 2SoKroG's social activation
// pilot: half referred by CZSS Čakovec (HR), half by ZRSZ OE Ptuj (SI).
const sokrogPilotPeople = 48

// sokrogPilot adds the participants of 2SoKroG's social activation pilot:
// long-term unemployed people and minimum-income recipients referred by
// the centre for social welfare in Čakovec and the employment service in
// Ptuj, entering in spring 2019 and leaving after six to nine months,
// with their results at exit and six months after (from the employment
// services' registers). They are pseudonymous beneficiaries of the
// referring partner, like every demo beneficiary.
func sokrogPilot(ds *Dataset) {
	rng := newRand(streamSoKroGParticipations)
	groups := []groupShare{{socialsvc.TGLongTermUnemployed, 700}, {socialsvc.TGMinimumIncome, 550}}
	for i := range sokrogPilotPeople {
		org, nuts := socialsvc.OrgID("czss-cakovec"), "HR061"
		if i%2 == 1 {
			org, nuts = "zrsz-oe-ptuj", "SI032"
		}
		entry := day("2019-03-04").AddDays(7*(i/4) + rng.IntN(5))
		n := pad(i+1, 3)
		b := pseudonymousPerson(rng, "2SKG-P-"+n, socialsvc.BeneficiaryID("2sokrog-pilot-ben-"+n), org, Project2SoKroG,
			entry, day("2030-09-30"), nuts, groups)
		// Social activation serves people of working age.
		if b.AgeBand == socialsvc.Age65Plus {
			b.AgeBand = socialsvc.Age55to64
		}
		if b.BirthYear != 0 && entry.Year-b.BirthYear > 64 {
			b.BirthYear = entry.Year - 60
		}
		if len(b.TargetGroups) == 0 {
			b.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed}
		}
		ds.Beneficiaries = append(ds.Beneficiaries, b)

		p := socialsvc.Participation{ID: socialsvc.ParticipationID("2sokrog-pilot-part-" + n), ProjectID: Project2SoKroG, BeneficiaryID: b.ID, EntryDate: entry}
		// Referred as long-term unemployed, else as minimum-income
		// recipients who are unemployed for less than a year or inactive.
		switch r := rng.IntN(100); {
		case r < 62:
			p.LabourStatus = socialsvc.LabourLongTermUnemployed
		case r < 80:
			p.LabourStatus = socialsvc.LabourUnemployed
		default:
			p.LabourStatus = socialsvc.LabourInactive
		}
		switch r := rng.IntN(100); {
		case r < 45:
			p.ISCED = isced(rng.IntN(3))
		case r < 90:
			p.ISCED = isced(3)
		case r < 95:
			p.ISCED = isced(4)
		}
		p.Disability = answer(rng, 150, 60)
		p.ThirdCountryNational = answer(rng, 20, 0)
		p.ForeignBackground = answer(rng, 80, 40)
		p.Minority = answer(rng, 170, 120) // Roma settlements in Međimurje
		p.Homeless = answer(rng, 60, 30)
		p.Rural = answer(rng, 600, 0)
		exit := entry.AddDays(180 + rng.IntN(90))
		p.ExitDate = exit
		reg := func(o socialsvc.Outcome, on socialsvc.Date) socialsvc.Result {
			return socialsvc.Result{Outcome: o, ObservedOn: on, Source: socialsvc.SourceRegister}
		}
		employed := rng.IntN(100) < 15
		switch {
		case employed:
			p.ExitSituation = append(p.ExitSituation, reg(socialsvc.OutcomeEmployed, exit))
		case p.LabourStatus.Unemployed() && rng.IntN(100) < 70:
			p.ExitSituation = append(p.ExitSituation, reg(socialsvc.OutcomeJobSearching, exit))
		case rng.IntN(100) < 30:
			p.ExitSituation = append(p.ExitSituation, reg(socialsvc.OutcomeInEducation, exit))
		}
		if rng.IntN(100) < 20 {
			p.ExitSituation = append(p.ExitSituation, socialsvc.Result{Outcome: socialsvc.OutcomeQualification, ObservedOn: exit, Source: socialsvc.SourceAsked})
		}
		on := sixMonthsAfter(rng, exit)
		if employed || rng.IntN(100) < 10 {
			p.SixMonthSituation = append(p.SixMonthSituation, reg(socialsvc.OutcomeEmployed, on))
		}
		if !employed && rng.IntN(100) < 30 {
			p.SixMonthSituation = append(p.SixMonthSituation, reg(socialsvc.OutcomeImproved, on))
		}
		ds.Participations = append(ds.Participations, p)
	}
}
