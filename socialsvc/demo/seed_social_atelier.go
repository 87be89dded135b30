package demo

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Social Atelier (seed 000): a community centre of the City of Osijek and
// DKolektiv, winner of the European Social Services Award 2023
// (Excellence in Cities). The seed publishes no budget, funder or dates;
// it publishes "over 300 activities", "more than 4,000 visits" and "over
// 700 individuals". The events, beneficiaries and attendance below are
// generated to reproduce those three figures with a realistic spread: many
// people came once, a few came very often. The period 2021–2023 is an
// assumption (the award application was made in 2023).
const (
	saLead    socialsvc.PartnerID = "social-atelier-lp"
	saPartner socialsvc.PartnerID = "social-atelier-pp2"
	saOrgCity socialsvc.OrgID     = "grad-osijek"
	saOrgDK   socialsvc.OrgID     = "dkolektiv"
	saPlace                       = "Socijalni atelje, Osijek"
	// saBeneficiaries is the number of people generated; every one of
	// them attends at least once.
	saBeneficiaries = 742
)

func seedSocialAtelier(ds *Dataset) {
	const p = ProjectSocialAtelier
	ds.Organisations = append(ds.Organisations,
		socialsvc.Organisation{ID: saOrgCity, Name: "Grad Osijek", ShortName: "Osijek", LegalStatus: socialsvc.LegalPublicBody,
			Country: "HR", TaxID: syntheticOIB(1), Region: regionPtr("HR025"), City: "Osijek", Website: "https://www.osijek.hr"},
		socialsvc.Organisation{ID: saOrgDK, Name: "DKolektiv – organizacija za društveni razvoj", ShortName: "DKolektiv", LegalStatus: socialsvc.LegalNGO,
			Country: "HR", TaxID: syntheticOIB(2), Region: regionPtr("HR025"), City: "Osijek"},
	)
	start, end := day("2021-01-01"), day("2023-12-31")
	ds.Projects = append(ds.Projects, socialsvc.Project{
		ID: p, Acronym: "Socijalni atelje",
		Title: i18n("Socijalni atelje – centar zajednice", "Social Atelier – community centre"),
		Description: i18n(
			"Socijalni atelje nastao je iz uspješne suradnje Grada Osijeka i DKolektiva – organizacije za društveni razvoj. Centar zajednice pruža prostor za dijalog "+
				"i osnaživanje ranjivih, podzastupljenih i marginaliziranih skupina te omogućuje stručnjacima različitih disciplina bližu suradnju. "+
				"Kroz više od 300 aktivnosti ostvareno je više od 4.000 posjeta centru zajednice, a sudjelovalo je više od 700 osoba. "+
				"Dobitnik Europske nagrade za socijalne usluge 2023. (Excellence in Cities).",
			"The Social Atelier was established through an ongoing successful collaboration between the City of Osijek and DKolektiv – organisation for social development. "+
				"This community centre provides a platform fostering dialogue and empowering disadvantaged, underrepresented and vulnerable groups, enabling professionals "+
				"from different disciplines to work more closely together. Over 300 activities led to more than 4,000 visits to the community centre, "+
				"with over 700 individuals participating. Winner of the European Social Services Awards 2023 (Excellence in Cities)."),
		Start: start, End: end, Status: socialsvc.StatusClosed, Currency: socialsvc.EUR,
		Regions: []socialsvc.Region{region("HR025")},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGMarginalised, socialsvc.TGElderly, socialsvc.TGYouth, socialsvc.TGDisability,
			socialsvc.TGRoma, socialsvc.TGUnemployed},
		Periods: []socialsvc.Period{
			{Number: 1, Start: day("2021-01-01"), End: day("2021-12-31")},
			{Number: 2, Start: day("2022-01-01"), End: day("2022-12-31")},
			{Number: 3, Start: day("2023-01-01"), End: day("2023-12-31")},
		},
	})
	ds.Partners = append(ds.Partners,
		socialsvc.Partner{ID: saLead, ProjectID: p, OrgID: saOrgCity, Role: socialsvc.RoleLead, Number: 1},
		socialsvc.Partner{ID: saPartner, ProjectID: p, OrgID: saOrgDK, Role: socialsvc.RolePartner, Number: 2},
	)

	rng := newRand(0)
	events := saEvents(rng)
	ds.Events = append(ds.Events, events...)
	bens, att := saPeople(rng, events)
	ds.Beneficiaries = append(ds.Beneficiaries, bens...)
	ds.Attendance = append(ds.Attendance, att...)

	ds.Indicators = append(ds.Indicators,
		socialsvc.Indicator{ID: "sa-activities", ProjectID: p, Kind: socialsvc.KindOutput, Code: "SA-O1",
			Name: i18n("Aktivnosti u centru zajednice", "Activities in the community centre"), Unit: "activities",
			Baseline: dec("0"), Target: dec("300"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents},
		socialsvc.Indicator{ID: "sa-visits", ProjectID: p, Kind: socialsvc.KindOutput, Code: "SA-O2",
			Name: i18n("Posjeti centru zajednice", "Visits to the community centre"), Unit: "visits",
			Baseline: dec("0"), Target: dec("4000"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits},
		socialsvc.Indicator{ID: "sa-individuals", ProjectID: p, Kind: socialsvc.KindOutput, Code: "SA-O3",
			Name: i18n("Osobe koje su sudjelovale", "Individuals participating"), Unit: "people",
			Baseline: dec("0"), Target: dec("700"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountIndividuals},
		socialsvc.Indicator{ID: "sa-counselling-people", ProjectID: p, Kind: socialsvc.KindOutput, Code: "SA-O4",
			Name: i18n("Osobe uključene u savjetovanje", "Individuals in counselling"), Unit: "people",
			Baseline: dec("0"), Target: dec("50"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountIndividuals,
			EventTypes: []socialsvc.EventType{socialsvc.EventCounselling}},
	)
}

// saKind is a kind of activity in the community centre.
type saKind struct {
	typ    socialsvc.EventType
	weight int
	titles []socialsvc.I18n
}

var saKinds = []saKind{
	{socialsvc.EventCommunity, 55, []socialsvc.I18n{
		i18n("Druženje u zajednici", "Community get-together"),
		i18n("Kreativna radionica u zajednici", "Community creative session"),
		i18n("Susret susjeda", "Neighbours' meeting"),
		i18n("Zajedničko planiranje aktivnosti", "Planning activities together"),
	}},
	{socialsvc.EventWorkshop, 25, []socialsvc.I18n{
		i18n("Radionica digitalnih vještina", "Digital skills workshop"),
		i18n("Radionica osnaživanja", "Empowerment workshop"),
		i18n("Radionica za roditelje", "Workshop for parents"),
	}},
	{socialsvc.EventCounselling, 10, []socialsvc.I18n{
		i18n("Grupno savjetovanje", "Group counselling"),
		i18n("Savjetovanje o pravima iz sustava socijalne skrbi", "Counselling on social welfare rights"),
	}},
	{socialsvc.EventSeminar, 6, []socialsvc.I18n{
		i18n("Tribina: dijalog u zajednici", "Public forum: community dialogue"),
	}},
	{socialsvc.EventTraining, 4, []socialsvc.I18n{
		i18n("Interdisciplinarna edukacija stručnjaka", "Interdisciplinary training for professionals"),
	}},
}

// saEvents generates the centre's activities from January 2021 to June
// 2023: two or three a week on distinct working days, fewer in August,
// none over the Christmas holidays.
func saEvents(rng *rand.Rand) []socialsvc.Event {
	var out []socialsvc.Event
	totalWeight := 0
	for _, k := range saKinds {
		totalWeight += k.weight
	}
	for week := day("2021-01-11"); week.Before(day("2023-07-01")); week = week.AddDays(7) {
		if (week.Month == time.December && week.Day > 20) || (week.Month == time.January && week.Day < 7) {
			continue
		}
		n := 2 + rng.IntN(2)
		if week.Month == time.August {
			n = 1 + rng.IntN(2)
		}
		days := rng.Perm(5)[:n]
		slices.Sort(days)
		for _, d := range days {
			date := week.AddDays(d)
			if !date.Before(day("2023-07-01")) {
				continue
			}
			w := rng.IntN(totalWeight)
			var k saKind
			for _, k = range saKinds {
				if w < k.weight {
					break
				}
				w -= k.weight
			}
			e := socialsvc.Event{
				ID: socialsvc.EventID("sa-evt-" + pad(len(out)+1, 4)), ProjectID: ProjectSocialAtelier, Type: k.typ,
				Title: k.titles[rng.IntN(len(k.titles))], Start: date, Place: saPlace, Country: "HR", Organiser: saPartner,
			}
			if k.typ == socialsvc.EventSeminar || k.typ == socialsvc.EventTraining {
				// Forums and professional training were run with the city.
				e.CoOrganisers = []socialsvc.PartnerID{saLead}
			}
			out = append(out, e)
		}
	}
	return out
}

// visitBuckets is how often people come: weight in thousandths, and the
// range of the number of visits. About half come once; one in a hundred
// comes more than 60 times.
var visitBuckets = []struct{ weight, lo, hi int }{
	{480, 1, 1},
	{140, 2, 2},
	{80, 3, 3},
	{110, 4, 6},
	{90, 7, 12},
	{60, 13, 25},
	{30, 26, 60},
	{10, 61, 120},
}

// saPeople generates the beneficiaries and their attendance. Each person
// comes a number of times drawn from visitBuckets, to distinct events
// within a window of the centre's calendar (regulars come over a longer
// time); every event gets at least one visitor.
func saPeople(rng *rand.Rand, events []socialsvc.Event) ([]socialsvc.Beneficiary, []socialsvc.Attendance) {
	nev := len(events)
	attendees := make([][]int, nev) // event index -> beneficiary indexes
	first := make([]int, saBeneficiaries)
	visits := make([]int, saBeneficiaries)
	scratch := make([]int, nev)
	for b := range saBeneficiaries {
		w := rng.IntN(1000)
		v := 1
		for _, bk := range visitBuckets {
			if w < bk.weight {
				v = bk.lo + rng.IntN(bk.hi-bk.lo+1)
				break
			}
			w -= bk.weight
		}
		window := min(nev, max(4*v, 12))
		start := rng.IntN(nev - window + 1)
		for i := range window {
			scratch[i] = start + i
		}
		// Partial Fisher–Yates: the first v of the window, at random.
		for i := range v {
			j := i + rng.IntN(window-i)
			scratch[i], scratch[j] = scratch[j], scratch[i]
		}
		chosen := slices.Clone(scratch[:v])
		slices.Sort(chosen)
		for _, e := range chosen {
			attendees[e] = append(attendees[e], b)
		}
		first[b] = chosen[0]
		visits[b] = v
	}
	// An event nobody was drawn to gets one of the regulars.
	var regulars []int
	for b, v := range visits {
		if v > 25 {
			regulars = append(regulars, b)
		}
	}
	for e := range attendees {
		if len(attendees[e]) == 0 {
			attendees[e] = append(attendees[e], regulars[e%len(regulars)])
		}
	}

	bens := make([]socialsvc.Beneficiary, saBeneficiaries)
	for b := range bens {
		bens[b] = pseudonymousPerson(rng, "SA-"+pad(b+1, 4), socialsvc.BeneficiaryID("sa-ben-"+pad(b+1, 4)), saOrgDK, ProjectSocialAtelier,
			events[first[b]].Start, day("2028-12-31"), "HR025", saTargetGroups)
	}
	var att []socialsvc.Attendance
	for e, bs := range attendees {
		slices.Sort(bs)
		for _, b := range bs {
			att = append(att, socialsvc.Attendance{EventID: events[e].ID, BeneficiaryID: bens[b].ID, ProjectID: ProjectSocialAtelier})
		}
	}
	return bens, att
}

// saTargetGroups are the groups recorded for Social Atelier's visitors,
// with how often (per thousand) each is recorded beside the age-derived
// ones.
var saTargetGroups = []groupShare{
	{socialsvc.TGUnemployed, 120},
	{socialsvc.TGMarginalised, 80},
	{socialsvc.TGDisability, 60},
	{socialsvc.TGRoma, 50},
	{socialsvc.TGHomeless, 20},
}

// groupShare is a target group and how often, per thousand people, it is
// recorded.
type groupShare struct {
	group socialsvc.TargetGroup
	per   int
}

// pseudonymousPerson generates a beneficiary with the minimum a project
// records: a case reference, and optionally gender, an age band or a birth
// year (never both), a region and target groups. People in a
// special-category group (disability, Roma, LGBTIQ+, homelessness) are
// always recorded on the basis of consent, given at their first visit;
// others on consent or on the organisation's legitimate interest.
func pseudonymousPerson(rng *rand.Rand, ref string, id socialsvc.BeneficiaryID, org socialsvc.OrgID, project socialsvc.ProjectID,
	firstVisit, retainUntil socialsvc.Date, nuts string, groups []groupShare) socialsvc.Beneficiary {
	b := socialsvc.Beneficiary{ID: id, OrgID: org, ProjectID: project, Reference: ref, RetainUntil: retainUntil}
	switch g := rng.IntN(100); {
	case g < 56:
		b.Gender = socialsvc.GenderFemale
	case g < 95:
		b.Gender = socialsvc.GenderMale
	case g < 97:
		b.Gender = socialsvc.GenderOther
	}
	var band socialsvc.AgeBand
	switch a := rng.IntN(100); {
	case a < 25:
		band = socialsvc.Age18to29
	case a < 65:
		band = socialsvc.Age30to54
	case a < 80:
		band = socialsvc.Age55to64
	default:
		band = socialsvc.Age65Plus
	}
	switch r := rng.IntN(100); {
	case r < 60:
		b.AgeBand = band
	case r < 85:
		b.BirthYear = birthYearIn(rng, band, firstVisit.Year)
	default:
		band = socialsvc.AgeUnknown
	}
	if rng.IntN(10) < 9 {
		b.Region = nuts
	}
	if band == socialsvc.Age65Plus && rng.IntN(10) < 7 {
		b.TargetGroups = append(b.TargetGroups, socialsvc.TGElderly)
	}
	if band == socialsvc.Age18to29 && rng.IntN(2) == 0 {
		b.TargetGroups = append(b.TargetGroups, socialsvc.TGYouth)
	}
	for _, g := range groups {
		if rng.IntN(1000) < g.per && !slices.Contains(b.TargetGroups, g.group) {
			b.TargetGroups = append(b.TargetGroups, g.group)
		}
	}
	special := false
	for _, g := range b.TargetGroups {
		special = special || specialGroups[g]
	}
	if special || rng.IntN(4) != 0 {
		b.LegalBasis = socialsvc.BasisConsent
		b.ConsentDate = firstVisit
	} else {
		b.LegalBasis = socialsvc.BasisLegitimate
	}
	return b
}

// specialGroups are the catalogue's special-category groups (GDPR Art. 9).
// It is read-only after initialisation.
var specialGroups = func() map[socialsvc.TargetGroup]bool {
	m := map[socialsvc.TargetGroup]bool{}
	for _, info := range socialsvc.DefaultTargetGroups().All() {
		if info.Special {
			m[info.Code] = true
		}
	}
	return m
}()

// birthYearIn returns a birth year that puts a person in band during year.
func birthYearIn(rng *rand.Rand, band socialsvc.AgeBand, year int) int {
	lo, hi := 18, 29
	switch band {
	case socialsvc.Age30to54:
		lo, hi = 30, 54
	case socialsvc.Age55to64:
		lo, hi = 55, 64
	case socialsvc.Age65Plus:
		lo, hi = 65, 89
	}
	return year - lo - rng.IntN(hi-lo+1)
}
