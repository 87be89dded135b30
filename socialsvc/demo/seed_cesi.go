package demo

import (
	"math/rand/v2"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// "Aktivno za socijalnu sigurnost i jednake mogućnosti u svijetu rada"
// (seed 003), run by CESI (Centar za edukaciju, savjetovanje i
// istraživanje) with partner organisations: CESI trained the partners to
// run the BADGE programme (counselling and training for women
// entrepreneurs), analysed the situation in 4 counties, set up a mentoring
// network, and gave end users education, psychosocial support, mentoring
// and free legal advice, with new volunteers.
//
// The seed names neither the partner organisations, nor the counties, nor
// the dates or the budget. The partners are therefore placeholders named
// as such, the period (January 2018 – June 2019) is an assumption, and
// the events, people and indicator values are illustrative; the activities
// are those the seed describes.
const (
	cesiLead socialsvc.PartnerID = "aktivno-cesi-lp"
	// cesiBeneficiaries is the number of women generated as end users.
	cesiBeneficiaries = 64
)

var cesiPartnerIDs = []socialsvc.PartnerID{cesiLead, "aktivno-cesi-pp2", "aktivno-cesi-pp3", "aktivno-cesi-pp4"}

var cesiOrgIDs = []socialsvc.OrgID{"cesi", "cesi-partner-1", "cesi-partner-2", "cesi-partner-3"}

func seedCESI(ds *Dataset) {
	const p = ProjectBADGE
	ds.Organisations = append(ds.Organisations,
		socialsvc.Organisation{ID: "cesi", Name: "CESI – Centar za edukaciju, savjetovanje i istraživanje", ShortName: "CESI",
			LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: syntheticOIB(301), Region: regionPtr("HR050"), City: "Zagreb"},
	)
	for i := 1; i <= 3; i++ {
		n := pad(i, 1)
		ds.Organisations = append(ds.Organisations, socialsvc.Organisation{ID: cesiOrgIDs[i],
			Name:      "Partnerska organizacija " + n + " (naziv nije naveden u izvoru)",
			ShortName: "PO" + n, LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: syntheticOIB(301 + i)})
	}
	start, end := day("2018-01-01"), day("2019-06-30")
	ds.Projects = append(ds.Projects, socialsvc.Project{
		ID: p, Acronym: "Aktivno",
		Title: i18n("Aktivno za socijalnu sigurnost i jednake mogućnosti u svijetu rada",
			"Active for social security and equal opportunities in the world of work"),
		Description: i18n(
			"Projekt je osmišljen u skladu s potrebama društava i lokalnih zajednica te je utjecao na povećanje učinkovitosti i sposobnosti partnerskih organizacija za "+
				"pružanje socijalnih usluga. CESI je osposobio partnerske organizacije za provođenje edukativnog programa BADGE – Savjetovanje i trening za poduzetnice u "+
				"njihovim lokalnim zajednicama. Analizom stanja u 4 županije dobiveni su podaci na temelju kojih su izrađene preporuke za unapređenje postojećih i kreiranje "+
				"novih socijalnih usluga. Krajnje korisnice dobile su edukaciju, psihosocijalnu podršku, mentorstvo i besplatne pravne savjete. Uspostavljena je mentorska "+
				"mreža čije članice pružaju savjete i podršku ženama u pokretanju poduzetničkih inicijativa, a organizacije su dobile nove, osposobljene volonterke.",
			"The project was designed around the needs of society and local communities and made the partner organisations more effective and capable in providing "+
				"social services. CESI trained the partner organisations to run the BADGE programme – counselling and training for women entrepreneurs – in their local "+
				"communities. A situation analysis in 4 counties gave the data for recommendations to improve existing and create new social services. End users received "+
				"education, psychosocial support, mentoring and free legal advice. A mentoring network was set up whose members advise and support women starting "+
				"entrepreneurial initiatives, and the organisations gained new trained volunteers."),
		// The seed speaks of building capacity "in implementing an EU
		// project" but does not name the programme.
		Programme: "EU-funded (programme not named in the source)",
		Start:     start, End: end, Status: socialsvc.StatusClosed, Currency: socialsvc.EUR,
		Regions: []socialsvc.Region{region("HR050")},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGWomenEntrepreneurs, socialsvc.TGWomen, socialsvc.TGUnemployed,
			socialsvc.TGVictimsDiscriminate},
		Periods: sixMonthPeriods(start, end),
	})
	for i, id := range cesiPartnerIDs {
		role := socialsvc.RolePartner
		if i == 0 {
			role = socialsvc.RoleLead
		}
		ds.Partners = append(ds.Partners, socialsvc.Partner{ID: id, ProjectID: p, OrgID: cesiOrgIDs[i], Role: role, Number: i + 1})
	}
	ds.WorkPackages = append(ds.WorkPackages, socialsvc.WorkPackage{ID: "aktivno-cesi-wp1", ProjectID: p, Code: "1",
		Title: i18n("Socijalne usluge za (samo)zapošljavanje žena", "Social services for women's (self-)employment"), LeadPartner: cesiLead})
	acts := []struct {
		id, code string
		title    socialsvc.I18n
	}{
		{"aktivno-cesi-a1", "1.1", i18n("Analiza stanja u 4 županije i preporuke", "Situation analysis in 4 counties and recommendations")},
		{"aktivno-cesi-a2", "1.2", i18n("Osposobljavanje partnerskih organizacija i volonterki za program BADGE", "Training partner organisations and volunteers for the BADGE programme")},
		{"aktivno-cesi-a3", "1.3", i18n("BADGE – savjetovanje i trening za poduzetnice", "BADGE – counselling and training for women entrepreneurs")},
		{"aktivno-cesi-a4", "1.4", i18n("Psihosocijalna podrška, mentorstvo i besplatno pravno savjetovanje", "Psychosocial support, mentoring and free legal advice")},
		{"aktivno-cesi-a5", "1.5", i18n("Mentorska mreža i promocija", "Mentoring network and promotion")},
	}
	for _, a := range acts {
		ds.Activities = append(ds.Activities, socialsvc.Activity{ID: socialsvc.ActivityID(a.id), ProjectID: p, WorkPackageID: "aktivno-cesi-wp1",
			Code: a.code, Title: a.title})
	}

	rng := newRand(3)
	cesiEventsAndPeople(ds, rng)

	ds.Indicators = append(ds.Indicators,
		socialsvc.Indicator{ID: "aktivno-cesi-badge-modules", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CESI-O1",
			Name: i18n("Moduli osposobljavanja partnerskih organizacija za program BADGE", "BADGE training modules for partner organisations"), Unit: "modules",
			Baseline: dec("0"), Target: dec("5"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents,
			EventTypes: []socialsvc.EventType{socialsvc.EventTraining}},
		socialsvc.Indicator{ID: "aktivno-cesi-badge-women", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CESI-O2",
			Name: i18n("Žene uključene u BADGE radionice", "Women taking part in BADGE workshops"), Unit: "people",
			Baseline: dec("0"), Target: dec("60"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountIndividuals,
			EventTypes: []socialsvc.EventType{socialsvc.EventWorkshop}},
		socialsvc.Indicator{ID: "aktivno-cesi-counselling", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CESI-O3",
			Name: i18n("Savjetovanja: psihosocijalna podrška, mentorstvo i besplatni pravni savjeti", "Counselling sessions: psychosocial support, mentoring and free legal advice"), Unit: "sessions",
			Baseline: dec("0"), Target: dec("80"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents,
			EventTypes: []socialsvc.EventType{socialsvc.EventCounselling}},
		socialsvc.Indicator{ID: "aktivno-cesi-counties", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CESI-O4",
			Name: i18n("Županije obuhvaćene analizom stanja", "Counties covered by the situation analysis"), Unit: "counties",
			Baseline: dec("0"), Target: dec("4"), Source: socialsvc.SourceEntered},
		socialsvc.Indicator{ID: "aktivno-cesi-mentoring-network", ProjectID: p, Kind: socialsvc.KindResult, Code: "CESI-R1",
			Name: i18n("Uspostavljena mentorska mreža", "Mentoring network established"), Unit: "networks",
			Baseline: dec("0"), Target: dec("1"), Source: socialsvc.SourceEntered},
		socialsvc.Indicator{ID: "aktivno-cesi-volunteers", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CESI-O5",
			Name: i18n("Osposobljene volonterke", "Volunteers trained"), Unit: "volunteers",
			Baseline: dec("0"), Target: dec("12"), Source: socialsvc.SourceEntered},
	)
	ds.Measurements = append(ds.Measurements,
		socialsvc.Measurement{ID: "aktivno-cesi-counties-p1", IndicatorID: "aktivno-cesi-counties", ProjectID: p, Period: 1, Value: dec("4"),
			Source: socialsvc.SourceEntered, Evidence: "Situation analysis report; CESI: \"analizom stanja u 4 županije dobile relevantne podatke\""},
		socialsvc.Measurement{ID: "aktivno-cesi-mentoring-network-p3", IndicatorID: "aktivno-cesi-mentoring-network", ProjectID: p, Period: 3, Value: dec("1"),
			Source: socialsvc.SourceEntered, Evidence: "CESI: \"Uspostavljena je mentorska mreža\"; partners continue cooperating through the Mentoring network"},
		socialsvc.Measurement{ID: "aktivno-cesi-volunteers-p1", IndicatorID: "aktivno-cesi-volunteers", ProjectID: p, Period: 1, Value: dec("8"),
			Source: socialsvc.SourceEntered, Evidence: "Attendance lists of the BADGE training modules",
			Note: "Illustrative demo value: the seed reports new trained volunteers without a number."},
		socialsvc.Measurement{ID: "aktivno-cesi-volunteers-p2", IndicatorID: "aktivno-cesi-volunteers", ProjectID: p, Period: 2, Value: dec("4"),
			Source: socialsvc.SourceEntered, Evidence: "Volunteer agreements of the partner organisations",
			Note: "Illustrative demo value: the seed reports new trained volunteers without a number."},
	)
}

// cesiEventsAndPeople generates the project's events and the women it
// served: the five BADGE modules for partners' staff and volunteers, four
// focus groups of the situation analysis (one per county), four BADGE
// workshops run by each of the four organisations, individual counselling
// sessions (one person each), and the final conference.
func cesiEventsAndPeople(ds *Dataset, rng *rand.Rand) {
	const p = ProjectBADGE
	var events []socialsvc.Event
	add := func(e socialsvc.Event) int {
		e.ProjectID = p
		e.Country = "HR"
		events = append(events, e)
		return len(events) - 1
	}
	for i, d := range []string{"2018-02-15", "2018-02-16", "2018-03-08", "2018-03-09", "2018-03-22"} {
		add(socialsvc.Event{ID: socialsvc.EventID("aktivno-cesi-badge-module-" + pad(i+1, 1)), ActivityID: "aktivno-cesi-a2", Type: socialsvc.EventTraining,
			Title: i18n("BADGE osposobljavanje partnerskih organizacija, modul "+pad(i+1, 1), "BADGE training for partner organisations, module "+pad(i+1, 1)),
			Start: day(d), Place: "Zagreb", Organiser: cesiLead, CoOrganisers: slices.Clone(cesiPartnerIDs[1:])})
	}
	for i, d := range []string{"2018-04-12", "2018-04-19", "2018-04-26", "2018-05-10"} {
		// The seed does not name the counties: the focus group of each
		// organisation was held in its own.
		add(socialsvc.Event{ID: socialsvc.EventID("aktivno-cesi-focus-group-" + pad(i+1, 1)), ActivityID: "aktivno-cesi-a1", Type: socialsvc.EventMeeting,
			Title: i18n("Fokus grupa analize stanja, županija "+pad(i+1, 1), "Situation analysis focus group, county "+pad(i+1, 1)),
			Start: day(d), Organiser: cesiPartnerIDs[i]})
	}
	workshops := make([][]int, len(cesiPartnerIDs)) // per organisation, event indexes
	for k := 0; k < 4; k++ {
		for o, id := range cesiPartnerIDs {
			date := day("2018-09-10").AddDays(k*42 + o*3 + rng.IntN(3))
			workshops[o] = append(workshops[o], add(socialsvc.Event{
				ID: socialsvc.EventID("aktivno-cesi-badge-ws-" + pad(o+1, 1) + "-" + pad(k+1, 1)), ActivityID: "aktivno-cesi-a3", Type: socialsvc.EventWorkshop,
				Title: i18n("BADGE radionica za poduzetnice", "BADGE workshop for women entrepreneurs"), Start: date, Organiser: id}))
		}
	}
	sessionKinds := []socialsvc.I18n{
		i18n("Psihosocijalna podrška", "Psychosocial support"),
		i18n("Besplatno pravno savjetovanje", "Free legal advice"),
		i18n("Mentorstvo za pokretanje poduzetničke inicijative", "Mentoring for starting an enterprise"),
	}
	type visit struct{ event, person int }
	var visits []visit
	first := make([]int, cesiBeneficiaries)
	for b := range cesiBeneficiaries {
		o := b % len(cesiPartnerIDs)
		// Every woman joins her organisation's BADGE cycle from one of its
		// workshops on, and stays for one to all of the remaining ones.
		from := rng.IntN(len(workshops[o]))
		n := 1 + rng.IntN(len(workshops[o])-from)
		for _, e := range workshops[o][from : from+n] {
			visits = append(visits, visit{e, b})
		}
		first[b] = workshops[o][from]
		// Up to three individual counselling sessions after the first
		// workshop.
		after := events[workshops[o][from]].Start
		for s := range rng.IntN(4) {
			kind := sessionKinds[rng.IntN(len(sessionKinds))]
			e := add(socialsvc.Event{ID: socialsvc.EventID("aktivno-cesi-session-" + pad(b+1, 3) + "-" + pad(s+1, 1)), ActivityID: "aktivno-cesi-a4",
				Type: socialsvc.EventCounselling, Title: kind, Start: after.AddDays(7 + s*21 + rng.IntN(7)), Organiser: cesiPartnerIDs[o]})
			visits = append(visits, visit{e, b})
		}
	}
	add(socialsvc.Event{ID: "aktivno-cesi-conference", ActivityID: "aktivno-cesi-a5", Type: socialsvc.EventConference,
		Title: i18n("Završna konferencija: socijalne usluge za (samo)zapošljavanje žena", "Final conference: social services for women's (self-)employment"),
		Start: day("2019-06-13"), Place: "Zagreb", Organiser: cesiLead, CoOrganisers: slices.Clone(cesiPartnerIDs[1:])})

	bens := make([]socialsvc.Beneficiary, cesiBeneficiaries)
	groups := []groupShare{{socialsvc.TGWomenEntrepreneurs, 600}, {socialsvc.TGUnemployed, 450}, {socialsvc.TGVictimsDiscriminate, 80}}
	for b := range bens {
		ben := pseudonymousPerson(rng, "CESI-"+pad(b+1, 4), socialsvc.BeneficiaryID("aktivno-cesi-ben-"+pad(b+1, 4)),
			cesiOrgIDs[b%len(cesiOrgIDs)], p, events[first[b]].Start, day("2029-06-30"), "", groups)
		// The programme serves women; the elderly and youth groups do not
		// apply to it.
		ben.Gender = socialsvc.GenderFemale
		ben.TargetGroups = slices.DeleteFunc(ben.TargetGroups, func(g socialsvc.TargetGroup) bool {
			return g == socialsvc.TGElderly || g == socialsvc.TGYouth
		})
		if len(ben.TargetGroups) == 0 {
			ben.TargetGroups = nil
		}
		bens[b] = ben
	}
	slices.SortStableFunc(visits, func(a, b visit) int {
		if c := events[a.event].Start.Compare(events[b.event].Start); c != 0 {
			return c
		}
		return a.person - b.person
	})
	ds.Events = append(ds.Events, events...)
	ds.Beneficiaries = append(ds.Beneficiaries, bens...)
	for _, v := range visits {
		ds.Attendance = append(ds.Attendance, socialsvc.Attendance{EventID: events[v.event].ID, BeneficiaryID: bens[v.person].ID, ProjectID: p})
	}
}
