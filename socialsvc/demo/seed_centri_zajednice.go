package demo

import (
	"math/rand/v2"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Centri zajednice / Neighbourhood community centres (seed 002): led by
// K-zona with Zaklada Zajednički put, Udruga Vestigium and JM Norway,
// 1.10.2022 – 31.12.2023, total value 87.608,79 EUR. The project spans the
// kuna-to-euro changeover: its 2022 costs were paid in kuna and are
// converted at the fixed rate, its 2023 costs in euro. Four community
// centres in three city districts (the seed names neither the districts
// nor the addresses, so the places below are numbered) serve LGBTIQ+
// people, youth and the elderly. The seed names no funder, so partners
// carry no co-financing; the budget split, the events, the people and the
// expenditure are illustrative, the total is the published one.
const (
	czLead socialsvc.PartnerID = "centri-zajednice-lp"
	czZP   socialsvc.PartnerID = "centri-zajednice-p1"
	czVest socialsvc.PartnerID = "centri-zajednice-p2"
	czJMN  socialsvc.PartnerID = "centri-zajednice-p3"
	// czTotalCents is the published total, 87.608,79 EUR.
	czTotalCents      = 8_760_879
	czBeneficiaries   = 96
	czEventsPerCentre = 30 // two a month for 15 months
)

// czCentres are the four centres, each in a partner's premises, and the
// partner organising its activities.
var czCentres = []struct {
	place     string
	organiser socialsvc.PartnerID
}{
	{"Centar zajednice 1, Zagreb (gradska četvrt 1)", czLead},
	{"Centar zajednice 2, Zagreb (gradska četvrt 1)", czVest},
	{"Centar zajednice 3, Zagreb (gradska četvrt 2)", czZP},
	{"Centar zajednice 4, Zagreb (gradska četvrt 3)", czLead},
}

// czBudget is each partner's illustrative share of the published total,
// in cents; JM Norway's has the largest travel share, for the exchange
// of practice in Zagreb.
var czBudget = []struct {
	id                             socialsvc.PartnerID
	staff, travel, external, equip int64
}{
	{czLead, 2_207_741, 183_978, 919_892, 367_958},                             // 36.795,69
	{czZP, 1_156_436, 96_370, 481_848, 192_739},                                // 19.273,93
	{czVest, 1_156_436, 96_370, 481_848, 192_739},                              // 19.273,93
	{czJMN, 490_610, 306_631, czTotalCents - 7_534_355 - 490_610 - 306_631, 0}, // 12.265,24
}

func seedCentriZajednice(ds *Dataset) {
	const p = ProjectCentriZajednice
	ds.Organisations = append(ds.Organisations,
		socialsvc.Organisation{ID: "k-zona", Name: "Prostor rodne i medijske kulture K-zona", ShortName: "K-zona", LegalStatus: socialsvc.LegalNGO,
			Country: "HR", TaxID: syntheticOIB(201), Region: regionPtr("HR050"), City: "Zagreb", Website: "https://voxfeminae.net/udruga-k-zona/"},
		socialsvc.Organisation{ID: "zaklada-zajednicki-put", Name: "Zaklada Zajednički put", LegalStatus: socialsvc.LegalFoundation,
			Country: "HR", TaxID: syntheticOIB(202)},
		socialsvc.Organisation{ID: "udruga-vestigium", Name: "Udruga Vestigium", ShortName: "Vestigium", LegalStatus: socialsvc.LegalNGO,
			Country: "HR", TaxID: syntheticOIB(203)},
		socialsvc.Organisation{ID: "jm-norway", Name: "JM Norway", LegalStatus: socialsvc.LegalNGO, Country: "NO"},
	)
	start, end := day("2022-10-01"), day("2023-12-31")
	ds.Projects = append(ds.Projects, socialsvc.Project{
		ID: p, Acronym: "Centri zajednice",
		Title: i18n("Centri zajednice", "Neighbourhood community centres"),
		Description: i18n(
			"Sustav podrške i pružanja usluga u zajednici destabiliziran je dugotrajnom krizom, pri čemu su osobito pogođene ranjive skupine. Istovremeno dolazi do jačanja "+
				"građanske solidarnosti i promjene urbanih dinamika, s naglaskom na gradska naselja. Projekt je usmjeren na jačanje kapaciteta lokalnih zajednica kroz razvoj "+
				"modela suradnje građana i organizacija civilnog društva, s posebnim fokusom na kvartove. U okviru projekta uspostavljaju se 4 Centra zajednice u 3 gradske "+
				"četvrti, koristeći infrastrukturu projektnih partnera. Ovi Centri će kroz umrežavanje OCD-a i aktivaciju građana jačati podršku za ranjive skupine poput "+
				"LGBTIQ+ osoba, mladih i starijih. Suradnja s norveškim partnerom omogućit će primjenu uspješnih inozemnih praksi rada u zajednici. Razvijeni model Centara "+
				"zajednice planira se replicirati u 8 mjesnih odbora i osigurati održivost uključivanjem gradskih vlasti. Daljnje širenje Mreže planirano je i za područje Brezovice.",
			"The community support and service delivery system has been destabilized by the prolonged crisis, disproportionately affecting vulnerable groups. "+
				"Simultaneously, there is a growing wave of citizen solidarity and a shift in urban dynamics focusing on urban neighbourhoods. The project aims to strengthen "+
				"local community capacities by developing a collaboration model between citizens and civil society organizations, with a specific focus on neighbourhoods. "+
				"Four Community Centers are being established in three city districts using the infrastructure of project partners. These Centers will enhance support for "+
				"vulnerable groups such as LGBTIQ+ individuals, youth, and the elderly through networking of CSOs and citizen activation. Collaboration with a Norwegian "+
				"partner will facilitate the adoption of successful international community work practices. The developed Community Centers model will be replicated in "+
				"8 local committees and ensure sustainability through engagement with city authorities. Future expansion of the Network is planned for the Brezovica area."),
		Start: start, End: end, Status: socialsvc.StatusClosed, Currency: socialsvc.EUR,
		Regions:      []socialsvc.Region{region("HR050")},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGLGBTIQ, socialsvc.TGYouth, socialsvc.TGElderly},
		Periods:      sixMonthPeriods(start, end),
		RateRule:     fixedRateAgreement(start),
		Website:      "https://voxfeminae.net/udruga-k-zona/",
	})
	ds.Partners = append(ds.Partners,
		socialsvc.Partner{ID: czLead, ProjectID: p, OrgID: "k-zona", Role: socialsvc.RoleLead, Number: 0},
		socialsvc.Partner{ID: czZP, ProjectID: p, OrgID: "zaklada-zajednicki-put", Role: socialsvc.RolePartner, Number: 1},
		socialsvc.Partner{ID: czVest, ProjectID: p, OrgID: "udruga-vestigium", Role: socialsvc.RolePartner, Number: 2},
		socialsvc.Partner{ID: czJMN, ProjectID: p, OrgID: "jm-norway", Role: socialsvc.RolePartner, Number: 3},
	)

	rng := newRand(2)
	events := czEvents(rng)
	ds.Events = append(ds.Events, events...)
	czPeople(ds, rng, events)

	ds.Indicators = append(ds.Indicators,
		socialsvc.Indicator{ID: "cz-centres", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CZ-O1",
			Name: i18n("Uspostavljeni centri zajednice", "Community centres established"), Unit: "centres",
			Baseline: dec("0"), Target: dec("4"), Source: socialsvc.SourceEntered},
		socialsvc.Indicator{ID: "cz-local-committees", ProjectID: p, Kind: socialsvc.KindResult, Code: "CZ-R1",
			Name: i18n("Mjesni odbori u kojima je model Centara zajednice repliciran", "Local committees replicating the Community Centres model"), Unit: "local committees",
			Baseline: dec("0"), Target: dec("8"), Source: socialsvc.SourceEntered},
		socialsvc.Indicator{ID: "cz-activities", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CZ-O2",
			Name: i18n("Aktivnosti centara zajednice", "Community centre activities"), Unit: "activities",
			Baseline: dec("0"), Target: dec("120"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents},
		socialsvc.Indicator{ID: "cz-individuals", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CZ-O3",
			Name: i18n("Osobe uključene u aktivnosti centara", "Individuals taking part in the centres' activities"), Unit: "people",
			Baseline: dec("0"), Target: dec("90"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountIndividuals},
		socialsvc.Indicator{ID: "cz-visits", ProjectID: p, Kind: socialsvc.KindOutput, Code: "CZ-O4",
			Name: i18n("Posjeti centrima zajednice", "Visits to the community centres"), Unit: "visits",
			Baseline: dec("0"), Target: dec("400"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits},
	)
	ds.Measurements = append(ds.Measurements,
		socialsvc.Measurement{ID: "cz-centres-p1", IndicatorID: "cz-centres", ProjectID: p, Period: 1, Value: dec("4"), Source: socialsvc.SourceEntered,
			Evidence: "Project summary: \"U okviru projekta uspostavljaju se 4 Centra zajednice u 3 gradske četvrti\""},
	)

	czBudgetAndSpending(ds)
}

// czEvents generates two activities a month in each centre from October
// 2022 to December 2023, plus the exchange of practice with JM Norway and
// the network meeting, both in centre 1.
func czEvents(rng *rand.Rand) []socialsvc.Event {
	titles := []struct {
		t     socialsvc.EventType
		title socialsvc.I18n
	}{
		{socialsvc.EventCommunity, i18n("Susret u kvartu", "Neighbourhood meeting")},
		{socialsvc.EventCommunity, i18n("Akcija susjedske solidarnosti", "Neighbourly solidarity action")},
		{socialsvc.EventWorkshop, i18n("Radionica za mlade", "Workshop for young people")},
		{socialsvc.EventWorkshop, i18n("Radionica za starije sugrađane", "Workshop for older residents")},
		{socialsvc.EventCommunity, i18n("Sigurni prostor: druženje LGBTIQ+ zajednice", "Safe space: LGBTIQ+ community gathering")},
		{socialsvc.EventCounselling, i18n("Savjetovanje i informiranje", "Counselling and information")},
	}
	var out []socialsvc.Event
	for m := 0; m < 15; m++ {
		month := socialsvc.DateOf(day("2022-10-01").Time().AddDate(0, m, 0))
		for _, centre := range czCentres {
			for k := 0; k < 2; k++ {
				t := titles[rng.IntN(len(titles))]
				date := month.AddDays(k*14 + rng.IntN(10))
				out = append(out, socialsvc.Event{ID: socialsvc.EventID("cz-evt-" + pad(len(out)+1, 4)), ProjectID: ProjectCentriZajednice,
					Type: t.t, Title: t.title, Start: date, Place: centre.place, Country: "HR", Organiser: centre.organiser})
			}
		}
	}
	out = append(out,
		socialsvc.Event{ID: "cz-exchange-norway", ProjectID: ProjectCentriZajednice, Type: socialsvc.EventWorkshop,
			Title: i18n("Razmjena iskustava rada u zajednici s JM Norway", "Exchange of community work practice with JM Norway"),
			Start: day("2023-05-16"), End: day("2023-05-17"), Place: czCentres[0].place, Country: "HR",
			Organiser: czJMN, CoOrganisers: []socialsvc.PartnerID{czLead}},
		socialsvc.Event{ID: "cz-network-meeting", ProjectID: ProjectCentriZajednice, Type: socialsvc.EventMeeting,
			Title: i18n("Sastanak Mreže centara zajednice s predstavnicima mjesnih odbora", "Community Centres Network meeting with local committee representatives"),
			Start: day("2023-12-05"), Place: czCentres[0].place, Country: "HR",
			Organiser: czLead, CoOrganisers: []socialsvc.PartnerID{czZP, czVest}},
	)
	slices.SortStableFunc(out, func(a, b socialsvc.Event) int { return a.Start.Compare(b.Start) })
	return out
}

// czPeople generates the centres' visitors: each comes to one centre, a
// few times at most, and is recorded with the minimum data; LGBTIQ+
// membership is recorded only with consent.
func czPeople(ds *Dataset, rng *rand.Rand, events []socialsvc.Event) {
	byCentre := make([][]int, len(czCentres))
	for i, e := range events {
		for c, centre := range czCentres {
			if e.Place == centre.place {
				byCentre[c] = append(byCentre[c], i)
			}
		}
	}
	attendees := make([][]int, len(events))
	first := make([]int, czBeneficiaries)
	for b := range czBeneficiaries {
		evs := byCentre[b%len(czCentres)]
		var v int
		switch w := rng.IntN(10); {
		case w < 4:
			v = 1
		case w < 7:
			v = 2 + rng.IntN(2)
		case w < 9:
			v = 4 + rng.IntN(5)
		default:
			v = 9 + rng.IntN(7)
		}
		picked := map[int]bool{}
		first[b] = len(events)
		for len(picked) < v {
			e := evs[rng.IntN(len(evs))]
			if picked[e] {
				continue
			}
			picked[e] = true
			attendees[e] = append(attendees[e], b)
			first[b] = min(first[b], e)
		}
	}
	for e := range attendees {
		if len(attendees[e]) == 0 {
			// Someone always comes: the centre's first visitor.
			for c := range czCentres {
				if events[e].Place == czCentres[c].place {
					attendees[e] = append(attendees[e], c)
					first[c] = min(first[c], e)
				}
			}
		}
	}
	groups := []groupShare{{socialsvc.TGLGBTIQ, 220}, {socialsvc.TGUnemployed, 80}}
	bens := make([]socialsvc.Beneficiary, czBeneficiaries)
	for b := range bens {
		serving := czCentres[b%len(czCentres)].organiser
		org := socialsvc.OrgID("k-zona")
		switch serving {
		case czZP:
			org = "zaklada-zajednicki-put"
		case czVest:
			org = "udruga-vestigium"
		}
		bens[b] = pseudonymousPerson(rng, "CZ-"+pad(b+1, 4), socialsvc.BeneficiaryID("cz-ben-"+pad(b+1, 4)), org, ProjectCentriZajednice,
			events[first[b]].Start, day("2028-12-31"), "HR050", groups)
	}
	ds.Beneficiaries = append(ds.Beneficiaries, bens...)
	for e, bs := range attendees {
		slices.Sort(bs)
		for _, b := range bs {
			ds.Attendance = append(ds.Attendance, socialsvc.Attendance{EventID: events[e].ID, BeneficiaryID: bens[b].ID, ProjectID: ProjectCentriZajednice})
		}
	}
}

// czBudgetAndSpending writes the budget (EUR, split evenly over the three
// periods) and monthly expenditure: Croatian partners' 2022 costs in kuna,
// converted at the fixed rate 7.53450 that the project's rate rule takes
// from its grant agreement (fixedRateAgreement), everything from 2023 in
// euro.
func czBudgetAndSpending(ds *Dataset) {
	const p = ProjectCentriZajednice
	var proj socialsvc.Project
	for _, pr := range ds.Projects {
		if pr.ID == p {
			proj = pr
		}
	}
	rt := ds.rateTable()
	rng := newRand(22)
	n := 0
	for _, pb := range czBudget {
		for _, c := range []struct {
			cat    socialsvc.CostCategory
			amount int64
		}{{socialsvc.CatStaff, pb.staff}, {socialsvc.CatTravel, pb.travel}, {socialsvc.CatExternal, pb.external}, {socialsvc.CatEquipment, pb.equip}} {
			if c.amount == 0 {
				continue
			}
			for i, amount := range splitCents(c.amount, len(proj.Periods)) {
				ds.BudgetLines = append(ds.BudgetLines, socialsvc.BudgetLine{
					ID:        socialsvc.BudgetLineID(string(pb.id) + "-" + string(c.cat) + "-p" + pad(i+1, 1)),
					ProjectID: p, PartnerID: pb.id, Category: c.cat, Period: i + 1, Amount: cents(amount)})
			}
			// Spending: staff monthly, other categories every third month;
			// 90–100% of the budget overall.
			months := []int{0, 3, 6, 9, 12}
			if c.cat == socialsvc.CatStaff {
				months = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
			}
			spent := c.amount * int64(90+rng.IntN(11)) / 100
			for i, amount := range splitCents(spent, len(months)) {
				date := socialsvc.DateOf(day("2022-10-20").Time().AddDate(0, months[i], 0))
				m := cents(amount)
				if date.Year == 2022 && pb.id != czJMN {
					hrk, err := m.ToHRK()
					if err != nil {
						panic(err)
					}
					m = hrk
				}
				n++
				e := socialsvc.Expenditure{ID: socialsvc.ExpenditureID("cz-exp-" + pad(n, 4)), ProjectID: p, PartnerID: pb.id,
					Category: c.cat, Period: proj.PeriodOf(date), Date: date, Description: c.cat.Label(socialsvc.HR), Amount: m}
				convert(proj.RateRule, rt, &e)
				ds.Expenditure = append(ds.Expenditure, e)
			}
		}
	}
}
