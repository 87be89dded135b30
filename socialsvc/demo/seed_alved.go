package demo

import (
	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ALVED (seed 001): "Amplifying Local Voices for Equitable Development",
// funded by the UK Government's Conflict, Stability and Security Fund and
// implemented by Peaceful Change initiative (a UK charity), People in Need
// (CZ), NGO Aktiv and Peer Educators Network (Kosovo) and Civic
// Initiatives (Serbia). The seed is an article of 14 Sep 2022 on a
// week-long study visit to Prague and Liberec by 13 representatives from
// southern Serbia, and announces a similar visit for stakeholders from
// five municipalities in Kosovo in the first week of October.
//
// The seed gives no project period, budget or partner numbers. The period
// (two UK financial years, April 2021 – March 2023), the budget and the
// expenditure are illustrative. The budget is kept in EUR, the consortium's
// common currency; the partners pay in pounds (PCi), Serbian dinars (Civic
// Initiatives), Czech crowns (PIN's costs of the visit) and euro (PIN and
// the Kosovo partners: Kosovo uses the euro), converted at monthly rates.
const (
	alvedLP   socialsvc.PartnerID = "alved-lp"
	alvedPIN  socialsvc.PartnerID = "alved-pp2"
	alvedAKT  socialsvc.PartnerID = "alved-pp3"
	alvedPEN  socialsvc.PartnerID = "alved-pp4"
	alvedCIVI socialsvc.PartnerID = "alved-pp5"
)

// alvedPartners lists the consortium with each partner's illustrative
// yearly budget by category (EUR cents) and the currency it pays in.
var alvedPartners = []struct {
	id                      socialsvc.PartnerID
	org                     socialsvc.OrgID
	number                  int
	role                    socialsvc.Role
	staff, travel, external int64
	currency                socialsvc.Currency
}{
	{alvedLP, "peaceful-change-initiative", 1, socialsvc.RoleLead, 6_400_000, 1_200_000, 1_500_000, "GBP"},
	{alvedPIN, "people-in-need", 2, socialsvc.RolePartner, 4_800_000, 1_800_000, 1_100_000, socialsvc.EUR},
	{alvedAKT, "ngo-aktiv", 3, socialsvc.RolePartner, 3_000_000, 400_000, 1_600_000, socialsvc.EUR},
	{alvedPEN, "peer-educators-network", 4, socialsvc.RolePartner, 3_000_000, 400_000, 1_600_000, socialsvc.EUR},
	{alvedCIVI, "civic-initiatives", 5, socialsvc.RolePartner, 3_600_000, 500_000, 2_200_000, "RSD"},
}

func seedALVED(ds *Dataset) {
	const p = ProjectALVED
	ds.Organisations = append(ds.Organisations,
		// PCi is a charity of England and Wales (register GB-CHC), but the
		// seed does not give its charity number, and an identifier is never
		// invented: PCi has none here, so IATI leaves its @ref out.
		socialsvc.Organisation{ID: "peaceful-change-initiative", Name: "Peaceful Change initiative", ShortName: "PCi",
			LegalStatus: socialsvc.LegalNGO, Country: "GB"},
		socialsvc.Organisation{ID: "people-in-need", Name: "People in Need (Člověk v tísni)", ShortName: "PIN",
			LegalStatus: socialsvc.LegalNGO, Country: "CZ", Region: regionPtr("CZ010"), City: "Praha", Website: "https://www.peopleinneed.net",
			// People in Need's own IATI identifier, as it publishes its
			// activities (CZ-ICO-25755277-...).
			IATIRef: "CZ-ICO-25755277"},
		socialsvc.Organisation{ID: "ngo-aktiv", Name: "NGO Aktiv", ShortName: "Aktiv", LegalStatus: socialsvc.LegalNGO, Country: "XK"},
		socialsvc.Organisation{ID: "peer-educators-network", Name: "Peer Educators Network", ShortName: "PEN", LegalStatus: socialsvc.LegalNGO, Country: "XK"},
		socialsvc.Organisation{ID: "civic-initiatives", Name: "Civic Initiatives (Građanske inicijative)", ShortName: "CI",
			LegalStatus: socialsvc.LegalNGO, Country: "RS", City: "Beograd"},
	)
	ds.Funds = append(ds.Funds, socialsvc.Fund{ID: FundCSSF, Code: "CSSF",
		Name: i18n("Fond za sukobe, stabilnost i sigurnost Vlade Ujedinjenog Kraljevstva (CSSF)", "UK Government Conflict, Stability and Security Fund (CSSF)"),
		Kind: socialsvc.FundForeignGov, MaxRatePercent: dec("100"),
		// The CSSF's activities are published to IATI by the Foreign,
		// Commonwealth and Development Office, GB-GOV-1 (e.g. activity
		// GB-GOV-3-CSSF-03-000012, reporting-org GB-GOV-1).
		IATIRef: "GB-GOV-1"})

	ds.Projects = append(ds.Projects, socialsvc.Project{
		ID: p, Acronym: "ALVED",
		Title: i18n("Jačanje lokalnih glasova za pravedan razvoj", "Amplifying Local Voices for Equitable Development"),
		Description: i18n(
			"Projekt nastoji osigurati da ljudi u ciljanim sredinama u Srbiji i na Kosovu razumiju perspektive jedni drugih, aktivno sudjeluju u društvu i slave različitost. "+
				"Kroz participativno planiranje socijalnih usluga projekt povezuje stručnost članica konzorcija s civilnim društvom i predstavnicima općina kako bi kvalitetne "+
				"socijalne usluge bile dostupne svima, a lokalne organizacije civilnog društva dobivaju jačanje kapaciteta i sredstva za lokalne inicijative koje unapređuju "+
				"suradnju lokalnih vlasti i stanovnika. Projekt podržava Fond za sukobe, stabilnost i sigurnost (CSSF) Vlade Ujedinjenog Kraljevstva.",
			"The project aims to ensure that people in targeted localities in Serbia and Kosovo can empathise with one another's perspectives, play active civic roles "+
				"in society, and celebrate diversity. Through a focus on participatory social service planning, the project engages the expertise of the consortium members "+
				"with civil society and municipal representatives to ensure that high-quality social services are available to all, and grassroots civil society actors are "+
				"offered capacity-building opportunities as well as funding for local initiatives that aim to improve cooperation between local authorities and residents. "+
				"Supported by the UK Government's Conflict, Stability and Security Fund (CSSF)."),
		Programme: "UK Conflict, Stability and Security Fund (CSSF)",
		Start:     day("2021-04-01"), End: day("2023-03-31"), Status: socialsvc.StatusClosed, Currency: socialsvc.EUR,
		Regions: []socialsvc.Region{region("RS"), regionIn("XK", socialsvc.NUTS2024)},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGElderly, socialsvc.TGDisability, socialsvc.TGHomeless, socialsvc.TGRoma,
			socialsvc.TGCivilSociety},
		Periods: []socialsvc.Period{
			{Number: 1, Start: day("2021-04-01"), End: day("2022-03-31")},
			{Number: 2, Start: day("2022-04-01"), End: day("2023-03-31")},
		},
	})
	for _, ap := range alvedPartners {
		ds.Partners = append(ds.Partners, socialsvc.Partner{ID: ap.id, ProjectID: p, OrgID: ap.org, Role: ap.role, Number: ap.number,
			// CSSF grants are taken to cover the whole budget: the seed does
			// not give a co-financing rate.
			Funding: []socialsvc.CoFinancing{{FundID: FundCSSF, RatePercent: dec("100")}}})
	}

	// The study visit. The article of 14 Sep 2022 reports it as past and
	// week-long; the exact days are not given, so Monday to Friday of the
	// week before publication is an assumption.
	visit := socialsvc.Event{ID: "alved-study-visit-cz", ProjectID: p, Type: socialsvc.EventStudyVisit,
		Title: i18n("Studijsko putovanje u Češku: socijalne usluge kao primjer dobre prakse za Balkan (Prag i Liberec)",
			"Study visit to Czechia: social services as an example of best practices for the Balkans (Prague and Liberec)"),
		Start: day("2022-09-05"), End: day("2022-09-09"), Place: "Praha, Liberec", Country: "CZ",
		Organiser: alvedPIN, CoOrganisers: []socialsvc.PartnerID{alvedCIVI}, ReportedParticipants: 13}
	// The announced visit of stakeholders from five municipalities in
	// Kosovo, "during the first week of October" 2022; the seed says it is
	// "similar", so we place it in Czechia with PIN as host. No head count
	// is known.
	planned := socialsvc.Event{ID: "alved-study-visit-kosovo", ProjectID: p, Type: socialsvc.EventStudyVisit,
		Title: i18n("Studijsko putovanje za dionike iz pet općina na Kosovu (planirano)",
			"Study visit for stakeholders from five municipalities in Kosovo (planned)"),
		Start: day("2022-10-03"), End: day("2022-10-07"), Country: "CZ", Organiser: alvedPIN}
	ds.Events = append(ds.Events, visit, planned)

	ds.Indicators = append(ds.Indicators,
		socialsvc.Indicator{ID: "alved-study-visits", ProjectID: p, Kind: socialsvc.KindOutput, Code: "ALVED-O1",
			Name: i18n("Studijska putovanja", "Study visits"), Unit: "visits", Baseline: dec("0"), Target: dec("2"),
			Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents, EventTypes: []socialsvc.EventType{socialsvc.EventStudyVisit}},
		socialsvc.Indicator{ID: "alved-study-visit-participants", ProjectID: p, Kind: socialsvc.KindOutput, Code: "ALVED-O2",
			Name: i18n("Sudionici studijskih putovanja", "Participants in study visits"), Unit: "participations", Baseline: dec("0"), Target: dec("26"),
			Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits, EventTypes: []socialsvc.EventType{socialsvc.EventStudyVisit}},
		socialsvc.Indicator{ID: "alved-municipalities", ProjectID: p, Kind: socialsvc.KindOutput, Code: "ALVED-O3",
			Name: i18n("Općine čiji su predstavnici sudjelovali u studijskim putovanjima", "Municipalities whose representatives took part in study visits"),
			Unit: "municipalities", Baseline: dec("0"), Target: dec("8"), Source: socialsvc.SourceEntered},
	)
	ds.Measurements = append(ds.Measurements,
		socialsvc.Measurement{ID: "alved-municipalities-p2", IndicatorID: "alved-municipalities", ProjectID: p, Period: 2, Value: dec("3"),
			Source:   socialsvc.SourceEntered,
			Evidence: "People in Need, \"Social services in Czechia as an example of best practices for the Balkans\", 14 Sep 2022: representatives of local administrations and CSOs from three municipalities in southern Serbia",
			Note:     "The visit of five municipalities in Kosovo was planned for the first week of October 2022."},
	)

	alvedBudgetAndSpending(ds)
}

// alvedBudgetAndSpending writes the illustrative budget (per partner,
// category and year) and quarterly expenditure in each partner's currency.
func alvedBudgetAndSpending(ds *Dataset) {
	const p = ProjectALVED
	ds.Rates = append(ds.Rates, alvedRates()...)
	rt := ds.rateTable()
	rng := newRand(1)
	// The middle of each quarter of the two years: costs are dated there.
	quarters := []string{"2021-05-14", "2021-08-13", "2021-11-15", "2022-02-15", "2022-05-13", "2022-08-15", "2022-11-15", "2023-02-15"}
	n := 0
	for _, ap := range alvedPartners {
		for per := 1; per <= 2; per++ {
			for _, c := range []struct {
				cat    socialsvc.CostCategory
				amount int64
			}{{socialsvc.CatStaff, ap.staff}, {socialsvc.CatTravel, ap.travel}, {socialsvc.CatExternal, ap.external}} {
				ds.BudgetLines = append(ds.BudgetLines, socialsvc.BudgetLine{
					ID:        socialsvc.BudgetLineID(string(ap.id) + "-" + string(c.cat) + "-p" + pad(per, 1)),
					ProjectID: p, PartnerID: ap.id, Category: c.cat, Period: per, Amount: cents(c.amount)})
				for q := 0; q < 4; q++ {
					date := day(quarters[(per-1)*4+q])
					spentEUR := c.amount / 4 * int64(85+rng.IntN(16)) / 100
					amount := cents(spentEUR)
					if ap.currency != socialsvc.EUR {
						r, ok := rt.Lookup(ap.currency, date.MonthOf())
						if !ok {
							panic("demo: no " + string(ap.currency) + " rate for " + date.String())
						}
						var err error
						if amount, err = amount.ConvertAt(ap.currency, r.Rate); err != nil {
							panic(err)
						}
					}
					n++
					e := socialsvc.Expenditure{ID: socialsvc.ExpenditureID("alved-exp-" + pad(n, 4)), ProjectID: p, PartnerID: ap.id,
						Category: c.cat, Period: per, Date: date, Description: c.cat.Label(socialsvc.EN), Amount: amount}
					convert(socialsvc.RateRule{}, rt, &e)
					ds.Expenditure = append(ds.Expenditure, e)
				}
			}
		}
	}
	// People in Need's costs of the study visit, paid in Czech crowns.
	for _, c := range []struct {
		cat    socialsvc.CostCategory
		amount string
		desc   string
	}{
		{socialsvc.CatTravel, "286450.00", "Study visit Prague and Liberec: accommodation and transport of 13 participants"},
		{socialsvc.CatExternal, "48200.00", "Study visit Prague and Liberec: interpreting"},
	} {
		n++
		e := socialsvc.Expenditure{ID: socialsvc.ExpenditureID("alved-exp-" + pad(n, 4)), ProjectID: p, PartnerID: alvedPIN,
			Category: c.cat, Period: 2, Date: day("2022-09-09"), Description: c.desc, Amount: socialsvc.MustMoney(c.amount, "CZK")}
		convert(socialsvc.RateRule{}, rt, &e)
		ds.Expenditure = append(ds.Expenditure, e)
	}
}

// alvedRates returns monthly rates (units per 1 EUR) for the currencies
// ALVED's partners pay in: pounds for every month of the project, dinars
// and crowns for the months they are used in. The values approximate the
// InforEuro rates of the time (see demoRateSource).
func alvedRates() []socialsvc.Rate {
	gbp := []string{
		"2021-04", "0.8680", "2021-05", "0.8620", "2021-06", "0.8600", "2021-07", "0.8560", "2021-08", "0.8570", "2021-09", "0.8540",
		"2021-10", "0.8610", "2021-11", "0.8470", "2021-12", "0.8540", "2022-01", "0.8410", "2022-02", "0.8360", "2022-03", "0.8350",
		"2022-04", "0.8430", "2022-05", "0.8310", "2022-06", "0.8510", "2022-07", "0.8520", "2022-08", "0.8440", "2022-09", "0.8650",
		"2022-10", "0.8850", "2022-11", "0.8640", "2022-12", "0.8730", "2023-01", "0.8820", "2023-02", "0.8860", "2023-03", "0.8860",
	}
	var out []socialsvc.Rate
	for i := 0; i < len(gbp); i += 2 {
		out = append(out, monthRate("GBP", gbp[i], gbp[i+1], demoRateSource))
	}
	for _, m := range []string{"2021-05", "2021-08", "2021-11", "2022-02", "2022-05", "2022-08", "2022-11", "2023-02"} {
		out = append(out, monthRate("RSD", m, "117.50", demoRateSource))
	}
	out = append(out, monthRate("CZK", "2022-09", "24.55", demoRateSource))
	return out
}
