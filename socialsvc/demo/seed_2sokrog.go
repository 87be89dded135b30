package demo

import (
	"github.com/zajednica/go-socialsvc/socialsvc"
)

// 2SoKroG published figures (seed 004).
const (
	// sokrogTotalCents is the project budget, 574.947,17 EUR.
	sokrogTotalCents = 57_494_717
	// sokrogERDFCents is the ERDF amount, 488.705,06 EUR: the sum of the
	// partners' amounts rounded down, 3 cents below 85% of the total.
	sokrogERDFCents = 48_870_506
)

// The 2SoKroG partners' IDs.
const (
	sokrogLP   socialsvc.PartnerID = "2sokrog-lp"
	sokrogRASR socialsvc.PartnerID = "2sokrog-pp2"
	sokrogCPU  socialsvc.PartnerID = "2sokrog-pp3"
	sokrogJURA socialsvc.PartnerID = "2sokrog-pp4"
	sokrogCZSS socialsvc.PartnerID = "2sokrog-pp5"
	sokrogRED  socialsvc.PartnerID = "2sokrog-pp6"
	sokrogZRSZ socialsvc.PartnerID = "2sokrog-pp7"
)

// sokrogPartner is a budgeted 2SoKroG partner with its budget total.
//
// The seed publishes only the project total and the ERDF total, not the
// split by partner. The split below is illustrative, chosen so that the
// published figures come out exactly: the totals add up to 574.947,17,
// and ERDF at 85% of each total, rounded down to the cent per partner
// (DOMAIN.md), adds up to 488.705,06. For that the rounding losses must
// add up to 3.45 cents, i.e. Σ (85 × total_i mod 100) = 345 over the
// totals in cents; with these totals the losses are 0.45, 0.85, 0.20,
// 0, 0.80, 0.50 and 0.65 cents.
type sokrogPartner struct {
	id      socialsvc.PartnerID
	org     socialsvc.OrgID
	number  int
	role    socialsvc.Role
	total   int64 // cents
	croatia bool  // pays in kuna
}

var sokrogPartners = []sokrogPartner{
	{sokrogLP, "zrs-bistra-ptuj", 1, socialsvc.RoleLead, 11_842_035, false},
	{sokrogRASR, "rasr", 2, socialsvc.RolePartner, 9_531_061, false},
	{sokrogCPU, "cpu-ormoz", 3, socialsvc.RolePartner, 6_890_512, false},
	{sokrogJURA, "jura-varazdin", 4, socialsvc.RolePartner, 8_177_440, true},
	{sokrogCZSS, "czss-cakovec", 5, socialsvc.RolePartner, 9_126_208, true},
	{sokrogRED, "redea", 6, socialsvc.RolePartner, 7_658_090, true},
	{sokrogZRSZ, "zrsz-oe-ptuj", 7, socialsvc.RolePartner, 4_269_371, false},
}

func seed2SoKroG(ds *Dataset) {
	const p = Project2SoKroG

	// Organisations. The Slovenian tax numbers and Croatian OIBs are
	// synthetic (see syntheticOIB): the seed does not publish them.
	ds.Organisations = append(ds.Organisations,
		socialsvc.Organisation{ID: "zrs-bistra-ptuj", Name: "Znanstveno-raziskovalno središče Bistra Ptuj", ShortName: "ZRS Bistra Ptuj",
			LegalStatus: socialsvc.LegalPublicEquivalent, Country: "SI", TaxID: syntheticSITaxNumber(100), Region: regionPtr("SI032"), City: "Ptuj",
			Website: "https://2sokrog.bistra.si"},
		socialsvc.Organisation{ID: "rasr", Name: "Razvojna agencija Savinjske regije d.o.o.", ShortName: "RASR",
			LegalStatus: socialsvc.LegalPublicEquivalent, Country: "SI", TaxID: syntheticSITaxNumber(200), Region: regionPtr("SI034"), City: "Celje"},
		socialsvc.Organisation{ID: "cpu-ormoz", Name: "Center ponovne uporabe d.o.o., so.p.", ShortName: "CPU",
			LegalStatus: socialsvc.LegalSocialEnterprise, Country: "SI", TaxID: syntheticSITaxNumber(300), Region: regionPtr("SI032"), City: "Ormož"},
		socialsvc.Organisation{ID: "jura-varazdin", Name: "Javna ustanova za regionalni razvoj Varaždinske županije", ShortName: "JURA",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", TaxID: syntheticOIB(401), Region: regionPtr("HR062"), City: "Varaždin"},
		socialsvc.Organisation{ID: "czss-cakovec", Name: "Centar za socijalnu skrb Čakovec", ShortName: "CZSS Čakovec",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", TaxID: syntheticOIB(402), Region: regionPtr("HR061"), City: "Čakovec",
			Website: "https://www.czss-ck.hr"},
		socialsvc.Organisation{ID: "redea", Name: "Javna ustanova za razvoj Međimurske županije REDEA", ShortName: "REDEA",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", TaxID: syntheticOIB(403), Region: regionPtr("HR061"), City: "Čakovec"},
		socialsvc.Organisation{ID: "zrsz-oe-ptuj", Name: "Zavod Republike Slovenije za zaposlovanje – območna enota Ptuj", ShortName: "ZRSZ – OE Ptuj",
			LegalStatus: socialsvc.LegalPublicBody, Country: "SI", TaxID: syntheticSITaxNumber(400), Region: regionPtr("SI032"), City: "Ptuj"},
		// The eight associated partners, as the seed lists them. They
		// carry no budget and give no tax number.
		socialsvc.Organisation{ID: "hr-mdomsp", Name: "Ministarstvo za demografiju, obitelj, mlade i socijalnu politiku",
			LegalStatus: socialsvc.LegalGovernment, Country: "HR", City: "Zagreb"},
		socialsvc.Organisation{ID: "si-mddsz", Name: "Ministrstvo za delo, družino, socialne zadeve in enake možnosti",
			LegalStatus: socialsvc.LegalGovernment, Country: "SI", City: "Ljubljana"},
		socialsvc.Organisation{ID: "si-mgrt", Name: "Ministrstvo za gospodarski razvoj in tehnologijo",
			LegalStatus: socialsvc.LegalGovernment, Country: "SI", City: "Ljubljana"},
		socialsvc.Organisation{ID: "si-mop", Name: "Ministrstvo za okolje in prostor",
			LegalStatus: socialsvc.LegalGovernment, Country: "SI", City: "Ljubljana"},
		socialsvc.Organisation{ID: "hzz-varazdin", Name: "Hrvatski zavod za zapošljavanje, Regionalni ured Varaždin", ShortName: "HZZ RU Varaždin",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", Region: regionPtr("HR062"), City: "Varaždin"},
		socialsvc.Organisation{ID: "csd-lasko", Name: "Center za socialno delo Laško", ShortName: "CSD Laško",
			LegalStatus: socialsvc.LegalPublicBody, Country: "SI", Region: regionPtr("SI034"), City: "Laško"},
		socialsvc.Organisation{ID: "pou-cakovec", Name: "Pučko otvoreno učilište Čakovec", ShortName: "POU Čakovec",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", Region: regionPtr("HR061"), City: "Čakovec"},
		socialsvc.Organisation{ID: "lu-ormoz", Name: "Ljudska univerza Ormož", ShortName: "LU Ormož",
			LegalStatus: socialsvc.LegalPublicBody, Country: "SI", Region: regionPtr("SI032"), City: "Ormož"},
	)

	ds.Funds = append(ds.Funds, socialsvc.Fund{ID: FundERDF, Code: "ERDF",
		Name: texts("Evropski sklad za regionalni razvoj (ESRR)", "Europski fond za regionalni razvoj (EFRR)", "European Regional Development Fund (ERDF)"),
		Kind: socialsvc.FundEU, MaxRatePercent: dec("85")})
	// No IATIRef: the ERDF is managed by the Commission's DG REGIO, which
	// has no registered IATI organisation identifier (the IATI
	// Secretariat's list has the Commission's EC_DEVCO, EC_ECHO, EC_FPI
	// and EC_NEAR only), and none is invented.

	start := day("2018-09-01")
	// The seed publishes the contracted period 1.9.2018 – 31.8.2020, yet
	// reports the final conference on 17.09.2020 in Ptuj, held in person
	// and online "because of the COVID-19 situation". An event after the
	// contracted end means the implementation period was extended: the
	// project keeps its contracted end (IATI's planned end) and carries
	// the extension as a modification, whose new end is the end in force
	// (IATI's actual end). The seed says neither when the extension was
	// agreed nor to when, so both are assumptions: the new end is
	// 30.9.2020, the least extension that holds the reported conference,
	// and the modification is dated on the contracted end, the last day
	// an extension can be agreed.
	contractEnd := day("2020-08-31")
	end := day("2020-09-30")
	extension := socialsvc.Modification{Date: contractEnd, PreviousEnd: contractEnd, NewEnd: end,
		Reason: "Extension for the final cross-border conference, held on 17.9.2020 in Ptuj in person and online because of COVID-19 (date and new end assumed: the seed gives neither)"}
	ds.Projects = append(ds.Projects, socialsvc.Project{
		ID:      p,
		Acronym: "2SoKroG",
		Title: texts("Socialna aktivacija za zagotavljanje zdravega, varnega in dostopnega obmejnega območja",
			"Socijalna aktivacija za osiguranje zdravog, sigurnog i pristupačnog pograničnog područja",
			"Social activation for a healthy, safe and accessible border area"),
		Description: texts(
			"Na čezmejnem območju obstaja velika potreba po razvoju celostnih programov socialne aktivacije, saj se obe strani meje soočata z enakimi težavami, "+
				"kot so dolgotrajna socialna šibkost ranljivih ciljnih skupin zaradi brezposelnosti, od zdravstvenih težav do slabe obveščenosti in vključenosti v družbo. "+
				"Skupni izziv programskega območja Slovenije in Hrvaške je vzpostavitev aktivnejših in učinkovitejših ukrepov in pristopov socialne politike, ki so nujni "+
				"za zmanjševanje in preprečevanje revščine in socialne izključenosti. Projekt razvija in preizkuša inovativen model javnih storitev socialne aktivacije za opolnomočenje "+
				"ranljivih ciljnih skupin za socialno aktivacijo in zaposlitev v socialnem podjetništvu ter razvija kompetence in veščine javnih organov. "+
				"Pogodba je bila podpisana 13. 9. 2018; objavljeno trajanje 1. 9. 2018 – 31. 8. 2020; proračun 574.947,17 EUR (4.254.609,06 HRK), ESRR 488.705,06 EUR.",
			"Na prekograničnom području postoji velika potreba za razvojem integriranih socijalno aktivacijskih programa zbog jednakih poteškoća na obje strane granice, "+
				"kao što su dugotrajna socijalna slabost ranjivih ciljnih grupa zbog nezaposlenosti, od zdravstvenih poteškoća do slabe informiranosti i uključenosti u društvo. "+
				"Zajednički izazov u programskom području Slovenije i Hrvatske je uspostava aktivnijih i učinkovitijih mjera i pristupa unutar socijalne politike, koji su nužni "+
				"za smanjenje i sprečavanje siromaštva i socijalne isključenosti. Projekt razvija i testira inovativni model javnih usluga socijalne aktivacije za osnaživanje "+
				"ranjivih ciljnih skupina za socijalnu aktivaciju i zapošljavanje u socijalnom poduzetništvu, te razvija kompetencije i vještine javnih tijela. "+
				"Ugovor je potpisan 13.9.2018.; objavljeno trajanje 1.9.2018. – 31.8.2020.; proračun 574.947,17 EUR (4.254.609,06 kn), EFRR 488.705,06 EUR.",
			"In the cross-border area there is a great need for integrated social activation programmes, because both sides of the border face the same difficulties: "+
				"long-term social weakness of vulnerable groups through unemployment, health problems, poor information and little inclusion in society. "+
				"The common challenge of the Slovenian and Croatian programme area is to establish more active and effective measures and approaches in social policy, "+
				"needed to reduce and prevent poverty and social exclusion. The project develops and tests an innovative model of public social activation services "+
				"that empowers vulnerable groups for social activation and employment in social enterprises, and builds the competences and skills of public bodies. "+
				"Grant contract signed 13 Sep 2018; published duration 1 Sep 2018 – 31 Aug 2020; budget EUR 574,947.17 (HRK 4,254,609.06), ERDF EUR 488,705.06."),
		Programme:         "Interreg V-A Slovenia–Croatia 2014–2020",
		PriorityAxis:      "3 – Zdrava, sigurna i pristupačna pogranična područja / Healthy, safe and accessible border areas",
		SpecificObjective: "TC 11 – IP 11: Jačanje institucionalnih kapaciteta javnih vlasti i dionika te učinkovita javna uprava kroz promicanje pravne i administrativne suradnje i suradnje između građana i institucija",
		Start:             start,
		End:               end,
		Modifications:     []socialsvc.Modification{extension},
		Status:            socialsvc.StatusClosed,
		Currency:          socialsvc.EUR,
		// The budget's own kuna figure: the seed publishes 574.947,17 EUR
		// as 4.254.609,06 kn, exactly 7,40 kn/EUR.
		PlanningRate: &socialsvc.PlanningRate{Rate: dec("7.40"), Date: day("2018-09-13"),
			Source: "2SoKroG planning documents: 574.947,17 EUR = 4.254.609,06 kn"},
		// NUTS 2021 codes, as everywhere in the demo, so that regions of
		// all projects compare. In NUTS 2016, in force while the project
		// ran, the Croatian counties were HR044 (Varaždinska) and HR046
		// (Međimurska); the Slovenian codes are the same in both editions.
		Regions:      []socialsvc.Region{region("SI032"), region("SI034"), region("SI041"), region("HR062"), region("HR061")},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed, socialsvc.TGMinimumIncome, socialsvc.TGPublicSectorStaff},
		Periods:      sixMonthPeriods(start, end),
		FlatRates:    []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}},
		Website:      "https://2sokrog.bistra.si",
		// A Slovenian–Croatian project led from Ptuj, published in English
		// too: its texts are in all three, and fall back in this order.
		Languages: []socialsvc.Lang{"sl", "hr", "en"},
	})

	for _, sp := range sokrogPartners {
		ds.Partners = append(ds.Partners, socialsvc.Partner{ID: sp.id, ProjectID: p, OrgID: sp.org, Role: sp.role, Number: sp.number,
			Funding: []socialsvc.CoFinancing{{FundID: FundERDF, RatePercent: dec("85")}}})
	}
	for i, org := range []socialsvc.OrgID{"hr-mdomsp", "si-mddsz", "si-mgrt", "si-mop", "hzz-varazdin", "csd-lasko", "pou-cakovec", "lu-ormoz"} {
		ds.Partners = append(ds.Partners, socialsvc.Partner{ID: socialsvc.PartnerID("2sokrog-ap" + pad(i+1, 1)), ProjectID: p, OrgID: org, Role: socialsvc.RoleAssociated})
	}

	// Work packages. The seed names T3 ("Razvoj vještina i kompetencija");
	// M and C are the management and communication packages every
	// Interreg V-A project has.
	ds.WorkPackages = append(ds.WorkPackages,
		socialsvc.WorkPackage{ID: "2sokrog-wp-m", ProjectID: p, Code: "M", Title: texts("Upravljanje projekta", "Upravljanje projektom", "Project management"), LeadPartner: sokrogLP},
		socialsvc.WorkPackage{ID: "2sokrog-wp-c", ProjectID: p, Code: "C", Title: texts("Komunikacijske aktivnosti", "Komunikacijske aktivnosti", "Communication activities"), LeadPartner: sokrogLP},
		socialsvc.WorkPackage{ID: "2sokrog-wp-t3", ProjectID: p, Code: "T3", Title: texts("Razvoj veščin in kompetenc", "Razvoj vještina i kompetencija", "Development of skills and competences"), LeadPartner: sokrogRASR},
	)
	ds.Activities = append(ds.Activities,
		socialsvc.Activity{ID: "2sokrog-m1", ProjectID: p, WorkPackageID: "2sokrog-wp-m", Code: "M.1", Title: texts("Koordinacija in poročanje", "Koordinacija i izvještavanje", "Coordination and reporting")},
		socialsvc.Activity{ID: "2sokrog-c1", ProjectID: p, WorkPackageID: "2sokrog-wp-c", Code: "C.1", Title: texts("Informativni dnevi in mediji", "Informativni dani i mediji", "Info days and media")},
		socialsvc.Activity{ID: "2sokrog-c2", ProjectID: p, WorkPackageID: "2sokrog-wp-c", Code: "C.2", Title: texts("Zaključna čezmejna konferenca", "Završna prekogranična konferencija", "Final cross-border conference")},
		socialsvc.Activity{ID: "2sokrog-t31", ProjectID: p, WorkPackageID: "2sokrog-wp-t3", Code: "T3.1", Title: texts("Strokovna presoja (peer review)", "Stručna procjena (peer review)", "Peer reviews")},
		socialsvc.Activity{ID: "2sokrog-t32", ProjectID: p, WorkPackageID: "2sokrog-wp-t3", Code: "T3.2", Title: texts("Seminarji socialne aktivacije za javne uslužbence", "Seminari socijalne aktivacije za javne službenike", "Social activation seminars for public officials")},
		socialsvc.Activity{ID: "2sokrog-t33", ProjectID: p, WorkPackageID: "2sokrog-wp-t3", Code: "T3.3",
			Title: texts("Čezmejna strokovna delavnica »Socialna aktivacija kot nov izziv za dolgotrajno brezposelne osebe« (5 modulov)", "Pogranična stručna radionica »Socijalna aktivacija kao novi izazov za dugotrajno nezaposlene osobe« (5 modula)",
				"Cross-border workshop \"Social activation as a new challenge for the long-term unemployed\" (5 modules)")},
	)

	// Every dated event of the seed, with its date, place and organiser.
	// Where the seed does not name the organiser, the comment says whom we
	// chose and why.
	ev := func(id string, t socialsvc.EventType, act socialsvc.ActivityID, date, place, country string, title socialsvc.I18n, org socialsvc.PartnerID, co ...socialsvc.PartnerID) socialsvc.Event {
		return socialsvc.Event{ID: socialsvc.EventID("2sokrog-" + id), ProjectID: p, ActivityID: act, Type: t, Title: title,
			Start: day(date), Place: place, Country: country, Organiser: org, CoOrganisers: co}
	}
	const (
		module   = "Modul pogranične stručne radionice"
		moduleSL = "Modul čezmejne strokovne delavnice"
	)
	final := ev("final-conference", socialsvc.EventConference, "2sokrog-c2", "2020-09-17", "Ptuj", "SI",
		texts("Zaključna čezmejna konferenca »SOCIALNA AKTIVACIJA – nov izziv za dolgotrajno brezposelne osebe« (v živo in prek spleta)", "Završna prekogranična konferencija »SOCIJALNA AKTIVACIJA – novi izazov za dugotrajno nezaposlene osobe« (uživo i online)",
			"Final cross-border conference \"SOCIAL ACTIVATION – a new challenge for the long-term unemployed\" (in person and online)"),
		// Held in Ptuj, the lead partner's town; the seed does not name the
		// organiser.
		sokrogLP)
	final.ReportedParticipants = 180 // "Konferenciju je pratilo preko 180 sudionika."
	ds.Events = append(ds.Events,
		ev("partner-meeting-1", socialsvc.EventMeeting, "2sokrog-m1", "2018-09-27", "Ptuj", "SI",
			texts("Prvi sestanek projektnih partnerjev", "Prvi sastanak projektnih partnera", "First partner meeting"), sokrogLP),
		// An information workshop on reporting for projects of the
		// programme ("Delavnica o poročanju"): the programme held it, not a
		// partner, so there is no organiser; CZSS Čakovec and REDEA took
		// part.
		ev("reporting-workshop", socialsvc.EventWorkshop, "2sokrog-m1", "2018-11-28", "Ljubljana", "SI",
			texts("Delavnica o poročanju", "Informativna radionica o izvještavanju (Delavnica o poročanju)", "Information workshop on reporting"), ""),
		// First peer review in Ormož, the seat of CPU; the seed does not
		// name the organiser.
		ev("peer-review-1", socialsvc.EventPeerReview, "2sokrog-t31", "2018-12-06", "Ormož", "SI",
			texts("Strokovni dogodek »Peer Review« – vloga socialne aktivacije na obmejnem območju", "Stručno događanje »Peer Review« – uloga socijalne aktivacije na pograničnom području", "Peer review: the role of social activation in the border area"), sokrogCPU),
		ev("peer-review-2", socialsvc.EventPeerReview, "2sokrog-t31", "2019-02-12", "Tehnološko-inovacijski centar Međimurje, Čakovec", "HR",
			texts("Drugi »Peer Review« – proces strokovne presoje", "Drugi »Peer Review« – proces stručne procjene", "Second peer review"), sokrogRED),
		ev("info-day-1", socialsvc.EventInfoDay, "2sokrog-c1", "2019-03-22", "Centar za socijalnu skrb Čakovec", "HR",
			texts("Informativni dnevi (svetovni dan socialnega dela)", "Informativni dani (Svjetski dan socijalnih radnika)", "Info days (World Social Work Day)"), sokrogRED, sokrogCZSS),
		// Held at the Centre for Social Work Celje; the seed does not name
		// the organiser, RASR is the partner from Celje.
		ev("seminar-celje", socialsvc.EventSeminar, "2sokrog-t32", "2019-06-13", "Center za socialno delo Celje, Opekarniška cesta 15b, Celje", "SI",
			texts("Seminar »SOCIALNA AKTIVACIJA« – razvoj veščin in kompetenc javnih uslužbencev za uporabo modela socialne aktivacije", "Seminar »SOCIJALNA AKTIVACIJA« – razvoj vještina i kompetencija javnih službenika za uporabu modela socijalne aktivacije",
				"Seminar \"SOCIAL ACTIVATION\" – skills and competences of public officials for using the social activation model"), sokrogRASR),
		// Second seminar, Hotel Castellum, Čakovec; reported by CZSS
		// Čakovec, which we take as organiser (the seed does not say).
		ev("seminar-cakovec", socialsvc.EventSeminar, "2sokrog-t32", "2019-09-18", "Hotel Castellum, Vladimira Nazora 16, Čakovec", "HR",
			texts("Seminar socialne aktivacije »Razvoj veščin in kompetenc javnih uslužbencev za uporabo modela socialne aktivacije«", "Seminar socijalne aktivacije »Razvoj vještina i kompetencija javnih službenika za uporabu modela socijalne aktivacije«",
				"Social activation seminar \"Skills and competences of public officials for using the social activation model\""), sokrogCZSS),
		// The press coverage says JURA presented the project.
		ev("press-varazdin", socialsvc.EventPress, "2sokrog-c1", "2019-09-20", "Varaždin", "HR",
			texts("Novinarska konferenca v Varaždinu", "Novinarska konferencija u Varaždinu", "Press conference in Varaždin"), sokrogJURA),
		ev("info-day-2", socialsvc.EventInfoDay, "2sokrog-c1", "2019-09-24", "Sajam sigurnosti i prevencije, Čakovec", "HR",
			texts("Informativni dan na sejmu varnosti in preventive", "Informativni dan na Sajmu sigurnosti i prevencije", "Info day at the Safety and Prevention Fair"), sokrogCZSS, sokrogRED),
		ev("info-day-3", socialsvc.EventInfoDay, "2sokrog-c1", "2019-10-04", "Varaždin", "HR",
			texts("Informativni dnevi s CZSS Varaždin in HZZ, regionalni urad Varaždin", "Informativni dani s CZSS Varaždin i HZZ Regionalni ured Varaždin", "Info days with CZSS Varaždin and the Croatian Employment Service, Varaždin"), sokrogJURA, sokrogCZSS),
		// The five modules were coordinated by RASR and organised by a
		// local partner each. Module 1 (Ptuj): the seed names speakers from
		// the employment office Ptuj, which we take as organiser.
		ev("module-1", socialsvc.EventTraining, "2sokrog-t33", "2019-10-17", "Ptuj", "SI",
			texts(moduleSL+", 1. modul: »Socialna aktivacija za socialno vključenost in zaposljivost«", module+", 1. modul: »Socijalna aktivacija za socijalnu uključenost i mogućnost zapošljavanja«",
				"Cross-border workshop, module 1: \"Social activation for social inclusion and employability\""), sokrogZRSZ, sokrogRASR),
		ev("module-2", socialsvc.EventTraining, "2sokrog-t33", "2019-11-06", "Čakovec", "HR",
			texts(moduleSL+", 2. modul: »Vloga socialnega mentorja pri izvajanju socialne aktivacije«", module+", 2. modul: »Uloga socijalnog mentora u provedbi socijalne aktivacije«",
				"Cross-border workshop, module 2: \"The role of the social mentor in social activation\""), sokrogCZSS, sokrogRASR),
		ev("module-3", socialsvc.EventTraining, "2sokrog-t33", "2019-12-05", "Celje", "SI",
			texts(moduleSL+", 3. modul: »Vpliv socialne aktivacije na zdravje in socialni status uporabnikov«", module+", 3. modul: »Utjecaj socijalne aktivacije na zdravlje i socijalni status korisnika«",
				"Cross-border workshop, module 3: \"The impact of social activation on users' health and social status\""), sokrogRASR),
		ev("module-4", socialsvc.EventTraining, "2sokrog-t33", "2020-01-28", "Šalovci", "SI",
			texts(moduleSL+", 4. modul: »Socialno podjetništvo kot možnost uporabe praktičnega in učnega modula v socialni aktivaciji«", module+", 4. modul: »Socijalno poduzetništvo kao mogućnost primjene praktičnog i nastavnog modula u socijalnim aktivacijama«",
				"Cross-border workshop, module 4: \"Social entrepreneurship as a practical and teaching module in social activation\""), sokrogCPU, sokrogRASR),
		ev("module-5", socialsvc.EventTraining, "2sokrog-t33", "2020-02-19", "Varaždin", "HR",
			texts(moduleSL+", 5. modul: »Socialna aktivacija, ki preprečuje revščino in socialno izključenost«", module+", 5. modul: »Socijalna aktivacija kojom se sprečava siromaštvo i socijalna isključenost«",
				"Cross-border workshop, module 5: \"Social activation that prevents poverty and social exclusion\""), sokrogJURA, sokrogRASR),
		final,
	)

	sokrogBudget(ds)
	sokrogIndicators(ds)
	sokrogRates(ds)
	sokrogExpenditure(ds)
	sokrogCycle(ds)
}

// sokrogBudget writes each partner's budget by cost category and period so
// that the partner's lines, with the computed office-and-administration
// lines (15% of staff, rounded down per period, the last period taking
// the remainder: socialsvc.ComputeFlatRates), add up to its total
// exactly. The split is illustrative: half the budget on staff, 5% on
// travel, 3% on equipment in the first period, and external expertise
// taking the rest.
func sokrogBudget(ds *Dataset) {
	proj := ds.Projects[len(ds.Projects)-1]
	periods := len(proj.Periods)
	var entered []socialsvc.BudgetLine
	for _, sp := range sokrogPartners {
		staff := sp.total / 2 / 100 * 100 // whole euros
		travel := sp.total * 5 / 100 / 100 * 100
		equipment := sp.total * 3 / 100 / 100 * 100
		staffPer := splitCents(staff, periods)
		var staffAmounts []socialsvc.CostAmount
		for i, s := range staffPer {
			staffAmounts = append(staffAmounts, socialsvc.CostAmount{PartnerID: sp.id, Category: socialsvc.CatStaff, Period: i + 1, Amount: cents(s)})
		}
		flat, err := socialsvc.ComputeFlatRates(socialsvc.EUR, proj.FlatRates, staffAmounts, proj.ClosingPeriod())
		if err != nil {
			panic(err)
		}
		var office int64
		for _, f := range flat {
			office += f.Amount.Cents()
		}
		external := sp.total - staff - office - travel - equipment
		travelPer := splitCents(travel, periods)
		externalPer := splitCents(external, periods)
		line := func(cat socialsvc.CostCategory, per int, amount int64, desc string) {
			entered = append(entered, socialsvc.BudgetLine{
				ID:        socialsvc.BudgetLineID(string(sp.id) + "-" + string(cat) + "-p" + pad(per, 1)),
				ProjectID: proj.ID, PartnerID: sp.id, Category: cat, Period: per, Amount: cents(amount), Description: desc})
		}
		for i := range periods {
			line(socialsvc.CatStaff, i+1, staffPer[i], "")
			line(socialsvc.CatTravel, i+1, travelPer[i], "")
			line(socialsvc.CatExternal, i+1, externalPer[i], "")
		}
		line(socialsvc.CatEquipment, 1, equipment, "")
	}
	all, err := socialsvc.ApplyFlatRates(entered, proj.FlatRates, proj.ClosingPeriod())
	if err != nil {
		panic(err)
	}
	for i := range all {
		if all[i].Computed {
			l := &all[i]
			l.ID = socialsvc.BudgetLineID(string(l.PartnerID) + "-" + string(l.Category) + "-p" + pad(l.Period, 1))
		}
	}
	ds.BudgetLines = append(ds.BudgetLines, all...)
}

func sokrogIndicators(ds *Dataset) {
	const p = Project2SoKroG
	// Interreg 2021–2027 common indicator codes are used for the outputs
	// they describe, so that the 2014–2020 project compares with current
	// ones in reports; the programme's own 2014–2020 codes are not in the
	// seed.
	ds.Indicators = append(ds.Indicators,
		socialsvc.Indicator{ID: "2sokrog-rco81", ProjectID: p, Kind: socialsvc.KindOutput, Code: "RCO81",
			Name: texts("Udeležbe v skupnih čezmejnih aktivnostih", "Sudjelovanja u zajedničkim prekograničnim aktivnostima", "Participations in joint actions across borders"),
			Unit: "participations", Baseline: dec("0"), Target: dec("180"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits},
		socialsvc.Indicator{ID: "2sokrog-rco87", ProjectID: p, Kind: socialsvc.KindOutput, Code: "RCO87",
			Name: texts("Organizacije, ki sodelujejo čez mejo", "Organizacije koje surađuju preko granica", "Organisations cooperating across borders"),
			Unit: "organisations", Baseline: dec("0"), Target: dec("7"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountOrganisations},
		socialsvc.Indicator{ID: "2sokrog-t3-modules", ProjectID: p, Kind: socialsvc.KindOutput, Code: "T3-O1",
			Name: texts("Izvedeni moduli čezmejne strokovne delavnice", "Održani moduli pogranične stručne radionice", "Cross-border workshop modules held"),
			Unit: "modules", Baseline: dec("0"), Target: dec("5"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents,
			EventTypes: []socialsvc.EventType{socialsvc.EventTraining}},
		socialsvc.Indicator{ID: "2sokrog-c-infodays", ProjectID: p, Kind: socialsvc.KindOutput, Code: "C-O1",
			Name: texts("Izvedeni informativni dnevi", "Održani informativni dani", "Info days held"),
			Unit: "events", Baseline: dec("0"), Target: dec("3"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents,
			EventTypes: []socialsvc.EventType{socialsvc.EventInfoDay}},
		socialsvc.Indicator{ID: "2sokrog-rco83", ProjectID: p, Kind: socialsvc.KindOutput, Code: "RCO83",
			Name: texts("Skupno razvit model javnih storitev socialne aktivacije", "Zajednički razvijen model javnih usluga socijalne aktivacije", "Jointly developed model of public social activation services"),
			Unit: "models", Baseline: dec("0"), Target: dec("1"), Source: socialsvc.SourceEntered},
		socialsvc.Indicator{ID: "2sokrog-rco84", ProjectID: p, Kind: socialsvc.KindOutput, Code: "RCO84",
			Name: texts("Skupno razvite in izvedene pilotne aktivnosti socialne aktivacije", "Zajednički razvijene i provedene pilot aktivnosti socijalne aktivacije", "Pilot actions of social activation developed jointly and implemented"),
			Unit: "pilot actions", Baseline: dec("0"), Target: dec("1"), Source: socialsvc.SourceEntered},
	)
	ds.Measurements = append(ds.Measurements,
		socialsvc.Measurement{ID: "2sokrog-rco83-p3", IndicatorID: "2sokrog-rco83", ProjectID: p, Period: 3, Value: dec("1"), Source: socialsvc.SourceEntered,
			Evidence: "Peer reviews of 6.12.2018 (Ormož) and 12.2.2019 (Čakovec) evaluated results as the basis of guidelines for the model; model presented at the modules of T3.3",
			Note:     "Illustrative demo value: the seed describes the model but publishes no indicator figures."},
		socialsvc.Measurement{ID: "2sokrog-rco84-p4", IndicatorID: "2sokrog-rco84", ProjectID: p, Period: 4, Value: dec("1"), Source: socialsvc.SourceEntered,
			Evidence: "Final conference 17.9.2020, Ptuj: results of social activation presented, with participants' own accounts of their way to employment",
			Note:     "Illustrative demo value: the seed describes the pilot but publishes no indicator figures."},
	)
}

// sokrogRates adds the kuna rates 2SoKroG's data needs: monthly rates for
// the Croatian partners' expenditure, which Interreg 2014–2020 converted at
// the Commission's rate of the month. The 7.40 kn/EUR of the planning
// documents is not a table rate: it is the project's PlanningRate.
func sokrogRates(ds *Dataset) {
	ds.Rates = append(ds.Rates,
		monthRate(socialsvc.HRK, "2019-02", "7.4320", demoRateSource),
		monthRate(socialsvc.HRK, "2019-08", "7.3950", demoRateSource),
		monthRate(socialsvc.HRK, "2020-02", "7.4570", demoRateSource),
		monthRate(socialsvc.HRK, "2020-09", "7.5380", demoRateSource),
	)
}

// sokrogExpenditure reports costs against the budget: per partner, period
// and category, between 80% and 100% of the line (the last period less, as
// activities moved online in 2020). Croatian partners paid in kuna, so
// their lines are in HRK and converted at the month's rate. The amounts
// are illustrative.
func sokrogExpenditure(ds *Dataset) {
	rng := newRand(4)
	rt := ds.rateTable()
	croatian := map[socialsvc.PartnerID]bool{}
	for _, sp := range sokrogPartners {
		croatian[sp.id] = sp.croatia
	}
	var proj socialsvc.Project
	for _, p := range ds.Projects {
		if p.ID == Project2SoKroG {
			proj = p
		}
	}
	// The day of each period on which its costs are dated: the middle of
	// its last month, the month of the rate.
	dates := []socialsvc.Date{day("2019-02-15"), day("2019-08-14"), day("2020-02-14"), day("2020-09-15")}
	n := 0
	for _, l := range ds.BudgetLines {
		if l.ProjectID != Project2SoKroG || l.Computed {
			continue
		}
		share := int64(80 + rng.IntN(21))
		if l.Period == len(dates) {
			share = int64(60 + rng.IntN(21))
		}
		spent := l.Amount.Cents() * share / 100
		n++
		e := socialsvc.Expenditure{ID: socialsvc.ExpenditureID("2sokrog-exp-" + pad(n, 4)), ProjectID: Project2SoKroG, PartnerID: l.PartnerID,
			Category: l.Category, Period: l.Period, Date: dates[l.Period-1], Description: l.Category.Label(socialsvc.HR), Amount: cents(spent)}
		if croatian[l.PartnerID] {
			r, ok := rt.Lookup(socialsvc.HRK, e.Date.MonthOf())
			if !ok {
				panic("demo: no HRK rate for " + e.Date.String())
			}
			hrk, err := cents(spent).ConvertAt(socialsvc.HRK, r.Rate)
			if err != nil {
				panic(err)
			}
			e.Amount = hrk
		}
		if proj.PeriodOf(e.Date) != e.Period {
			panic("demo: expenditure date outside its period")
		}
		convert(proj.RateRule, rt, &e)
		ds.Expenditure = append(ds.Expenditure, e)
	}
}

// The 2SoKroG control bodies. The seed does not name the first-level
// controllers; these are the bodies that controlled Interreg V-A
// Slovenia–Croatia partners on each side of the border (an assumption of
// the demo data).
const (
	sokrogFLCSI socialsvc.OrgID = "si-svrk-flc"
	sokrogFLCHR socialsvc.OrgID = "hr-arr-flc"
)

// sokrogDeduction is the one deduction of the demo's control: in the first
// period, the controller of the lead partner finds 120,00 EUR of its
// travel line ineligible.
var sokrogDeduction = cents(12_000)

// sokrogCycle takes every 2SoKroG period through the reporting cycle:
// each partner reports the period's expenditure lines of the Dataset
// (same category, amount, currency and date, with an invoice number and
// a payment date five days later), its control body checks them, and the
// lead partner bundles the certified reports into one project report per
// period, which the programme verifies and pays in full. The store
// converts the kuna lines at the rate of their invoice month, as the
// loose expenditure was, and computes the 15% office and administration
// on the certified staff costs of each report.
//
// The dates are illustrative: submission 15 days after the period, control
// from the 20th day, certification on the 45th, the project report on the
// 55th, its verification on the 75th and payment on the 90th.
func sokrogCycle(ds *Dataset) {
	ds.Organisations = append(ds.Organisations,
		socialsvc.Organisation{ID: sokrogFLCSI, Name: "Služba Vlade Republike Slovenije za razvoj in evropsko kohezijsko politiko", ShortName: "SVRK",
			LegalStatus: socialsvc.LegalGovernment, Country: "SI", Region: regionPtr("SI041"), City: "Ljubljana"},
		socialsvc.Organisation{ID: sokrogFLCHR, Name: "Agencija za regionalni razvoj Republike Hrvatske", ShortName: "ARR",
			LegalStatus: socialsvc.LegalPublicBody, Country: "HR", Region: regionPtr("HR050"), City: "Zagreb"},
	)
	croatian := map[socialsvc.PartnerID]bool{}
	for _, sp := range sokrogPartners {
		croatian[sp.id] = sp.croatia
	}
	for i := range ds.Partners {
		pa := &ds.Partners[i]
		if pa.ProjectID != Project2SoKroG || pa.Role == socialsvc.RoleAssociated {
			continue
		}
		pa.ControlBody = sokrogFLCSI
		if croatian[pa.ID] {
			pa.ControlBody = sokrogFLCHR
		}
	}
	var proj socialsvc.Project
	for _, p := range ds.Projects {
		if p.ID == Project2SoKroG {
			proj = p
		}
	}
	for _, per := range proj.Periods {
		n := pad(per.Number, 1)
		rd := Round{ProjectID: Project2SoKroG, Period: per.Number, ProjectReportID: socialsvc.ProjectReportID("2sokrog-prr-" + n),
			Submitted: per.End.AddDays(15), InControl: per.End.AddDays(20), Certified: per.End.AddDays(45),
			Bundled: per.End.AddDays(55), Verified: per.End.AddDays(75), Paid: per.End.AddDays(90)}
		for _, sp := range sokrogPartners {
			rr := RoundReport{Report: socialsvc.PartnerReport{ID: socialsvc.PartnerReportID(string(sp.id) + "-r" + n),
				ProjectID: Project2SoKroG, PartnerID: sp.id, Period: per.Number}}
			for _, e := range ds.Expenditure {
				if e.ProjectID != Project2SoKroG || e.PartnerID != sp.id || e.Period != per.Number {
					continue
				}
				num := string(e.ID)[len("2sokrog-exp-"):]
				l := socialsvc.ReportExpenditure{ID: socialsvc.ExpenditureID("2sokrog-rl-" + num), Category: e.Category, Description: e.Description,
					Amount: e.Amount, InvoiceNumber: "R-" + pad(sp.number, 1) + "-" + n + "-" + num, InvoiceDate: e.Date, PaymentDate: e.Date.AddDays(5),
					InternalRef: string(e.ID)}
				rr.Lines = append(rr.Lines, l)
				if sp.id == sokrogLP && per.Number == 1 && e.Category == socialsvc.CatTravel {
					rr.Decisions = append(rr.Decisions, LineDecision{ExpenditureID: l.ID, LineControl: socialsvc.LineControl{
						InSample: true, Certified: cents(e.Amount.Cents() - sokrogDeduction.Cents()), Deducted: sokrogDeduction,
						ErrorType: socialsvc.ErrIneligibleCost,
						Comment:   "Taxi fares without a travel order (illustrative deduction of the demo)"}})
				}
			}
			rd.Reports = append(rd.Reports, rr)
		}
		ds.Rounds = append(ds.Rounds, rd)
	}
}
