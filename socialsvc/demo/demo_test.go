package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func project(t *testing.T, ds *Dataset, id socialsvc.ProjectID) socialsvc.Project {
	t.Helper()
	for _, p := range ds.Projects {
		if p.ID == id {
			return p
		}
	}
	require.FailNow(t, "no project "+string(id))
	return socialsvc.Project{}
}

func partnersOf(ds *Dataset, id socialsvc.ProjectID) []socialsvc.Partner {
	var out []socialsvc.Partner
	for _, p := range ds.Partners {
		if p.ProjectID == id {
			out = append(out, p)
		}
	}
	return out
}

func eventsOf(ds *Dataset, id socialsvc.ProjectID) []socialsvc.Event {
	var out []socialsvc.Event
	for _, e := range ds.Events {
		if e.ProjectID == id {
			out = append(out, e)
		}
	}
	return out
}

func linesOf(ds *Dataset, id socialsvc.ProjectID) []socialsvc.BudgetLine {
	var out []socialsvc.BudgetLine
	for _, l := range ds.BudgetLines {
		if l.ProjectID == id {
			out = append(out, l)
		}
	}
	return out
}

func expenditureOf(ds *Dataset, id socialsvc.ProjectID) []socialsvc.Expenditure {
	var out []socialsvc.Expenditure
	for _, e := range ds.Expenditure {
		if e.ProjectID == id {
			out = append(out, e)
		}
	}
	return out
}

func orgName(ds *Dataset, id socialsvc.OrgID) string {
	for _, o := range ds.Organisations {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// counts returns the visits (attendance records) and unique individuals of
// a project's events, counted from the Dataset.
func counts(ds *Dataset, id socialsvc.ProjectID) (visits, individuals int, perPerson map[socialsvc.BeneficiaryID]int) {
	events := map[socialsvc.EventID]bool{}
	for _, e := range eventsOf(ds, id) {
		events[e.ID] = true
	}
	perPerson = map[socialsvc.BeneficiaryID]int{}
	for _, a := range ds.Attendance {
		if events[a.EventID] {
			visits++
			perPerson[a.BeneficiaryID]++
		}
	}
	return visits, len(perPerson), perPerson
}

func sumEUR(t *testing.T, ms ...socialsvc.Money) socialsvc.Money {
	t.Helper()
	tot := socialsvc.NewTotal(socialsvc.EUR)
	for _, m := range ms {
		require.NoError(t, tot.Add(m))
	}
	m, err := tot.Money()
	require.NoError(t, err)
	return m
}

func TestSeedIsDeterministicWithFreshSlices(t *testing.T) {
	a, b := Seed(), Seed()
	require.Equal(t, a, b)
	a.Projects[0].Acronym = "changed"
	a.Events[0].Place = "changed"
	// Every slice inside the values is the caller's too: none is shared
	// with the package or with another call.
	for i := range a.Events {
		for j := range a.Events[i].CoOrganisers {
			a.Events[i].CoOrganisers[j] = "changed"
		}
	}
	for i := range a.Partners {
		for j := range a.Partners[i].Funding {
			a.Partners[i].Funding[j].FundID = "changed"
		}
	}
	for i := range a.Projects {
		a.Projects[i].Regions[0].Code = "XX"
		a.Projects[i].TargetGroups[0] = "changed"
		a.Projects[i].Periods[0].Number = 99
	}
	for i := range a.Indicators {
		for j := range a.Indicators[i].EventTypes {
			a.Indicators[i].EventTypes[j] = "changed"
		}
	}
	for i := range a.Beneficiaries {
		for j := range a.Beneficiaries[i].TargetGroups {
			a.Beneficiaries[i].TargetGroups[j] = "changed"
		}
	}
	c := Seed()
	assert.Equal(t, b, c, "changing one Seed() result changes no other")
	for _, ds := range []*Dataset{b, c} {
		dump := fmt.Sprint(*ds)
		// Not assert.NotContains: its failure message would print the dump.
		assert.False(t, strings.Contains(dump, "changed"), "no slice is shared with the package or another call")
		assert.False(t, strings.Contains(dump, "XX"), "no region is shared with the package or another call")
	}
}

func TestSeedProjects(t *testing.T) {
	ds := Seed()
	tests := []struct {
		id           socialsvc.ProjectID
		acronym      string
		start, end   string
		currency     socialsvc.Currency
		regions      []string
		targetGroups []socialsvc.TargetGroup
		lead         string
		partners     []string // non-lead, non-associated, in order
		associated   int
	}{
		{ProjectSocialAtelier, "Socijalni atelje", "2021-01-01", "2023-12-31", socialsvc.EUR, []string{"HR025"},
			[]socialsvc.TargetGroup{"marginalised_groups", "elderly", "youth", "people_with_disabilities", "roma", "unemployed"},
			"Grad Osijek", []string{"DKolektiv – organizacija za društveni razvoj"}, 0},
		{ProjectALVED, "ALVED", "2021-04-01", "2023-03-31", socialsvc.EUR, []string{"RS", "XK"},
			[]socialsvc.TargetGroup{"elderly", "people_with_disabilities", "homeless", "roma", "civil_society_organisations"},
			"Peaceful Change initiative", []string{"People in Need (Člověk v tísni)", "NGO Aktiv", "Peer Educators Network", "Civic Initiatives (Građanske inicijative)"}, 0},
		{ProjectCentriZajednice, "Centri zajednice", "2022-10-01", "2023-12-31", socialsvc.EUR, []string{"HR050"},
			[]socialsvc.TargetGroup{"lgbtiq", "youth", "elderly"},
			"Prostor rodne i medijske kulture K-zona", []string{"Zaklada Zajednički put", "Udruga Vestigium", "JM Norway"}, 0},
		{ProjectBADGE, "Aktivno", "2018-01-01", "2019-06-30", socialsvc.EUR, []string{"HR050"},
			[]socialsvc.TargetGroup{"women_entrepreneurs", "women", "unemployed", "victims_of_discrimination"},
			"CESI – Centar za edukaciju, savjetovanje i istraživanje", []string{
				"Partnerska organizacija 1 (naziv nije naveden u izvoru)", "Partnerska organizacija 2 (naziv nije naveden u izvoru)",
				"Partnerska organizacija 3 (naziv nije naveden u izvoru)"}, 0},
		{Project2SoKroG, "2SoKroG", "2018-09-01", "2020-09-30", socialsvc.EUR, []string{"SI032", "SI034", "SI041", "HR062", "HR061"},
			[]socialsvc.TargetGroup{"long_term_unemployed", "minimum_income_recipients", "public_sector_staff"},
			"Znanstveno-raziskovalno središče Bistra Ptuj", []string{
				"Razvojna agencija Savinjske regije d.o.o.", "Center ponovne uporabe d.o.o., so.p.",
				"Javna ustanova za regionalni razvoj Varaždinske županije", "Centar za socijalnu skrb Čakovec",
				"Javna ustanova za razvoj Međimurske županije REDEA", "Zavod Republike Slovenije za zaposlovanje – območna enota Ptuj"}, 8},
	}
	require.Len(t, ds.Projects, len(tests))
	for i, tt := range tests {
		t.Run(string(tt.id), func(t *testing.T) {
			p := ds.Projects[i]
			require.Equal(t, tt.id, p.ID)
			assert.Equal(t, tt.acronym, p.Acronym)
			assert.Equal(t, day(tt.start), p.Start)
			assert.Equal(t, day(tt.end), p.End)
			assert.Equal(t, tt.currency, p.Currency)
			assert.Equal(t, socialsvc.StatusClosed, p.Status)
			assert.NotEmpty(t, p.Title["hr"])
			assert.NotEmpty(t, p.Title["en"])
			assert.NotEmpty(t, p.Description["hr"])
			assert.NotEmpty(t, p.Description["en"])
			var codes []string
			for _, r := range p.Regions {
				codes = append(codes, r.Code)
				want := socialsvc.NUTS2021
				if r.Code == "XK" {
					want = socialsvc.NUTS2024 // Kosovo's first NUTS edition
				}
				assert.Equal(t, want, r.Version, r.Code)
				assert.True(t, socialsvc.KnownNUTSCode(r.Code, r.Version), "%s is a code of NUTS %s", r.Code, r.Version)
				assert.NotEmpty(t, socialsvc.RegionName(r.Code, r.Version), r.Code)
			}
			assert.Equal(t, tt.regions, codes)
			assert.Equal(t, tt.targetGroups, p.TargetGroups)

			var lead []string
			var partners []string
			associated := 0
			for _, pa := range partnersOf(ds, tt.id) {
				switch pa.Role {
				case socialsvc.RoleLead:
					lead = append(lead, orgName(ds, pa.OrgID))
				case socialsvc.RolePartner:
					partners = append(partners, orgName(ds, pa.OrgID))
				case socialsvc.RoleAssociated:
					associated++
					assert.Empty(t, pa.Funding, "associated partners carry no budget")
				}
			}
			assert.Equal(t, []string{tt.lead}, lead, "exactly one lead partner")
			assert.Equal(t, tt.partners, partners)
			assert.Equal(t, tt.associated, associated)
		})
	}
}

func TestSeed2SoKroGProject(t *testing.T) {
	ds := Seed()
	p := project(t, ds, Project2SoKroG)
	assert.Equal(t, "Interreg V-A Slovenia–Croatia 2014–2020", p.Programme)
	assert.Contains(t, p.PriorityAxis, "3 – Zdrava, sigurna i pristupačna pogranična područja")
	assert.Contains(t, p.SpecificObjective, "TC 11 – IP 11")
	assert.Equal(t, "Socijalna aktivacija za osiguranje zdravog, sigurnog i pristupačnog pograničnog područja", p.Title["hr"])
	// A Slovenian–Croatian project: Slovenian first, then Croatian and
	// English, and every text of the project and its records in all three.
	assert.Equal(t, []socialsvc.Lang{"sl", "hr", "en"}, p.Languages)
	assert.Equal(t, "Socialna aktivacija za zagotavljanje zdravega, varnega in dostopnega obmejnega območja", p.Title.In("sl", p.Languages...))
	assert.Contains(t, p.Description["sl"], "Projekt razvija in preizkuša inovativen model javnih storitev socialne aktivacije")
	three := []socialsvc.Lang{"en", "hr", "sl"}
	for _, w := range ds.WorkPackages {
		if w.ProjectID == Project2SoKroG {
			assert.Equal(t, three, w.Title.Langs(), w.Code)
		}
	}
	for _, a := range ds.Activities {
		if a.ProjectID == Project2SoKroG {
			assert.Equal(t, three, a.Title.Langs(), a.Code)
		}
	}
	for _, e := range eventsOf(ds, Project2SoKroG) {
		assert.Equal(t, three, e.Title.Langs(), e.ID)
	}
	for _, i := range ds.Indicators {
		if i.ProjectID == Project2SoKroG {
			assert.Equal(t, three, i.Name.Langs(), i.Code)
		}
	}
	assert.Equal(t, []socialsvc.Period{
		{Number: 1, Start: day("2018-09-01"), End: day("2019-02-28")},
		{Number: 2, Start: day("2019-03-01"), End: day("2019-08-31")},
		{Number: 3, Start: day("2019-09-01"), End: day("2020-02-29")},
		{Number: 4, Start: day("2020-03-01"), End: day("2020-09-30")},
	}, p.Periods)

	var associated []string
	for _, pa := range partnersOf(ds, Project2SoKroG) {
		if pa.Role == socialsvc.RoleAssociated {
			associated = append(associated, orgName(ds, pa.OrgID))
			continue
		}
		assert.Equal(t, []socialsvc.CoFinancing{{FundID: FundERDF, RatePercent: dec("85")}}, pa.Funding, pa.ID)
	}
	assert.Equal(t, []string{
		"Ministarstvo za demografiju, obitelj, mlade i socijalnu politiku",
		"Ministrstvo za delo, družino, socialne zadeve in enake možnosti",
		"Ministrstvo za gospodarski razvoj in tehnologijo",
		"Ministrstvo za okolje in prostor",
		"Hrvatski zavod za zapošljavanje, Regionalni ured Varaždin",
		"Center za socialno delo Laško",
		"Pučko otvoreno učilište Čakovec",
		"Ljudska univerza Ormož",
	}, associated)

	var wps []string
	for _, w := range ds.WorkPackages {
		if w.ProjectID == Project2SoKroG {
			wps = append(wps, w.Code+" "+w.Title["hr"])
		}
	}
	assert.Equal(t, []string{"M Upravljanje projektom", "C Komunikacijske aktivnosti", "T3 Razvoj vještina i kompetencija"}, wps)
	var t3 []string
	for _, a := range ds.Activities {
		if a.WorkPackageID == "2sokrog-wp-t3" {
			t3 = append(t3, a.Code)
		}
	}
	assert.Equal(t, []string{"T3.1", "T3.2", "T3.3"}, t3)
}

func TestSeed2SoKroGEvents(t *testing.T) {
	ds := Seed()
	type row struct {
		date  string
		typ   socialsvc.EventType
		place string
		org   socialsvc.PartnerID
	}
	want := []row{
		{"2018-09-27", socialsvc.EventMeeting, "Ptuj", sokrogLP},
		{"2018-11-28", socialsvc.EventWorkshop, "Ljubljana", ""},
		{"2018-12-06", socialsvc.EventPeerReview, "Ormož", sokrogCPU},
		{"2019-02-12", socialsvc.EventPeerReview, "Tehnološko-inovacijski centar Međimurje, Čakovec", sokrogRED},
		{"2019-03-22", socialsvc.EventInfoDay, "Centar za socijalnu skrb Čakovec", sokrogRED},
		{"2019-06-13", socialsvc.EventSeminar, "Center za socialno delo Celje, Opekarniška cesta 15b, Celje", sokrogRASR},
		{"2019-09-18", socialsvc.EventSeminar, "Hotel Castellum, Vladimira Nazora 16, Čakovec", sokrogCZSS},
		{"2019-09-20", socialsvc.EventPress, "Varaždin", sokrogJURA},
		{"2019-09-24", socialsvc.EventInfoDay, "Sajam sigurnosti i prevencije, Čakovec", sokrogCZSS},
		{"2019-10-04", socialsvc.EventInfoDay, "Varaždin", sokrogJURA},
		{"2019-10-17", socialsvc.EventTraining, "Ptuj", sokrogZRSZ},
		{"2019-11-06", socialsvc.EventTraining, "Čakovec", sokrogCZSS},
		{"2019-12-05", socialsvc.EventTraining, "Celje", sokrogRASR},
		{"2020-01-28", socialsvc.EventTraining, "Šalovci", sokrogCPU},
		{"2020-02-19", socialsvc.EventTraining, "Varaždin", sokrogJURA},
		{"2020-09-17", socialsvc.EventConference, "Ptuj", sokrogLP},
	}
	evs := eventsOf(ds, Project2SoKroG)
	var got []row
	byType := map[socialsvc.EventType]int{}
	p := project(t, ds, Project2SoKroG)
	for _, e := range evs {
		got = append(got, row{e.Start.String(), e.Type, e.Place, e.Organiser})
		byType[e.Type]++
		assert.True(t, p.Contains(e.LastDay()), "%s lies in the project period", e.ID)
		assert.NotEmpty(t, e.ActivityID, e.ID)
	}
	assert.Equal(t, want, got)
	assert.Equal(t, map[socialsvc.EventType]int{
		socialsvc.EventMeeting: 1, socialsvc.EventWorkshop: 1, socialsvc.EventPeerReview: 2, socialsvc.EventInfoDay: 3,
		socialsvc.EventSeminar: 2, socialsvc.EventPress: 1, socialsvc.EventTraining: 5, socialsvc.EventConference: 1,
	}, byType)

	final := evs[len(evs)-1]
	assert.Equal(t, 180, final.ReportedParticipants)
	assert.Equal(t, "SI", final.Country)
	assert.True(t, final.Start.After(day("2020-08-31")), "the final conference is after the published end: why End is 2020-09-30")
	for _, e := range evs[10:15] {
		assert.Equal(t, "2sokrog-t33", string(e.ActivityID), "the five modules belong to T3")
	}
}

func TestSeed2SoKroGFunding(t *testing.T) {
	ds := Seed()
	p := project(t, ds, Project2SoKroG)
	lines := linesOf(ds, Project2SoKroG)
	tbl, err := socialsvc.ComputeFunding(p.Currency, partnersOf(ds, Project2SoKroG), lines, ds.Funds)
	require.NoError(t, err)
	assert.Equal(t, eur("574947.17"), tbl.Total)
	assert.Equal(t, eur("488705.06"), tbl.FundAmount(FundERDF))
	assert.Equal(t, eur("86242.11"), tbl.Own)
	// Total × 85% would give 488.705,09: the published figure is the sum of
	// the partners' amounts rounded down.
	naive, _, err := socialsvc.CoFinance(eur("574947.17"), dec("85"))
	require.NoError(t, err)
	assert.Equal(t, eur("488705.09"), naive)

	want := []struct {
		partner     socialsvc.PartnerID
		total, erdf string
	}{
		{sokrogLP, "118420.35", "100657.29"},
		{sokrogRASR, "95310.61", "81014.01"},
		{sokrogCPU, "68905.12", "58569.35"},
		{sokrogJURA, "81774.40", "69508.24"},
		{sokrogCZSS, "91262.08", "77572.76"},
		{sokrogRED, "76580.90", "65093.76"},
		{sokrogZRSZ, "42693.71", "36289.65"},
	}
	require.Len(t, tbl.Partners, len(want))
	for i, w := range want {
		row := tbl.Partners[i]
		assert.Equal(t, w.partner, row.PartnerID)
		assert.Equal(t, eur(w.total), row.Total, w.partner)
		require.Len(t, row.Funds, 1)
		assert.Equal(t, eur(w.erdf), row.Funds[0].Amount, w.partner)
	}

	// The computed office lines are what ApplyFlatRates makes from the
	// entered ones, as a store would recompute them.
	var entered, computed []socialsvc.BudgetLine
	for _, l := range lines {
		if l.Computed {
			computed = append(computed, l)
		} else {
			entered = append(entered, l)
			assert.NotEqual(t, socialsvc.CatOffice, l.Category)
		}
	}
	assert.Len(t, entered, 7*(4*3+1))
	require.Len(t, computed, 7*4)
	again, err := socialsvc.ApplyFlatRates(entered, p.FlatRates, p.ClosingPeriod())
	require.NoError(t, err)
	var recomputed []socialsvc.BudgetLine
	for _, l := range again {
		if l.Computed {
			recomputed = append(recomputed, l)
		}
	}
	for i := range computed {
		assert.Equal(t, recomputed[i].Amount, computed[i].Amount)
		assert.Equal(t, recomputed[i].PartnerID, computed[i].PartnerID)
		assert.Equal(t, recomputed[i].Period, computed[i].Period)
		assert.NotEmpty(t, computed[i].ID)
	}

	// The planning documents' 7.40 kn/EUR is the project's planning rate,
	// not a table rate, and gives the published kuna total.
	p = project(t, ds, Project2SoKroG)
	require.NotNil(t, p.PlanningRate)
	require.NoError(t, p.PlanningRate.Validate())
	assert.Equal(t, "7.4", p.PlanningRate.Rate.String())
	for _, r := range ds.Rates {
		assert.False(t, r.Currency == socialsvc.HRK && r.Month.String() == "2018-09", "the planning rate is not in the rate table")
	}
	kn, conv, err := socialsvc.KunaEquivalent(&p, tbl.Total)
	require.NoError(t, err)
	assert.Equal(t, "4.254.609,06 kn", kn.Format(socialsvc.HR), "574.947,17 × 7,40 = 4.254.609,058")
	assert.Equal(t, socialsvc.RateBasisPlanning, conv.Basis)
}

func TestSeed2SoKroGExpenditure(t *testing.T) {
	ds := Seed()
	exp := expenditureOf(ds, Project2SoKroG)
	require.Len(t, exp, 91)
	rt, err := socialsvc.NewRateTable(ds.Rates...)
	require.NoError(t, err)
	byCurrency := map[socialsvc.Currency]int{}
	croatian := map[socialsvc.PartnerID]bool{sokrogJURA: true, sokrogCZSS: true, sokrogRED: true}
	for _, e := range exp {
		byCurrency[e.Amount.Currency()]++
		assert.Equal(t, croatian[e.PartnerID], e.Amount.Currency() == socialsvc.HRK, "%s: Croatian partners pay in kuna", e.ID)
		want, conv, err := rt.ToEUR(e.Amount, e.Date)
		require.NoError(t, err)
		assert.Equal(t, want, e.Converted, e.ID)
		assert.Equal(t, conv, e.Conversion, e.ID)
		if e.Amount.Currency() == socialsvc.HRK {
			assert.Equal(t, demoRateSource, e.Conversion.Source, "monthly rate, not the fixed one")
		}
	}
	assert.Equal(t, map[socialsvc.Currency]int{socialsvc.EUR: 52, socialsvc.HRK: 39}, byCurrency)
	var conv []socialsvc.Money
	for _, e := range exp {
		conv = append(conv, e.Converted)
	}
	// Office spending is not entered: the flat rate computes it in the
	// report (36.860,70 on top of this).
	assert.Equal(t, eur("451573.42"), sumEUR(t, conv...))
}

func TestSeedCentriZajednice(t *testing.T) {
	ds := Seed()
	p := project(t, ds, ProjectCentriZajednice)
	var amounts []socialsvc.Money
	for _, l := range linesOf(ds, ProjectCentriZajednice) {
		amounts = append(amounts, l.Amount)
	}
	assert.Equal(t, eur("87608.79"), sumEUR(t, amounts...))
	assert.True(t, socialsvc.OverlapsDualDisplay(p.Start, p.End))
	assert.Equal(t, "Neighbourhood community centres", p.Title["en"])
	assert.Contains(t, p.Description["hr"], "4 Centra zajednice u 3 gradske četvrti")
	assert.Contains(t, p.Description["en"], "replicated in 8 local committees")

	exp := expenditureOf(ds, ProjectCentriZajednice)
	byCurrency := map[socialsvc.Currency]int{}
	for _, e := range exp {
		byCurrency[e.Amount.Currency()]++
		if e.Date.Year == 2022 && e.PartnerID != czJMN {
			require.Equal(t, socialsvc.HRK, e.Amount.Currency(), e.ID)
			want, err := e.Amount.ToEUR()
			require.NoError(t, err)
			assert.Equal(t, want, e.Converted, e.ID)
			cr := p.RateRule.ContractRates[0]
			assert.Equal(t, socialsvc.Conversion{Rate: socialsvc.HRKPerEUR, RateDate: cr.Date, Source: cr.Source, Basis: socialsvc.RateBasisContract}, e.Conversion, e.ID)
		} else {
			require.Equal(t, socialsvc.EUR, e.Amount.Currency(), e.ID)
			assert.Equal(t, e.Amount, e.Converted)
			assert.Equal(t, "1", e.Conversion.Rate.String())
		}
		assert.Equal(t, p.PeriodOf(e.Date), e.Period, e.ID)
	}
	assert.Equal(t, map[socialsvc.Currency]int{socialsvc.EUR: 97, socialsvc.HRK: 18}, byCurrency)

	places := map[string]int{}
	for _, e := range eventsOf(ds, ProjectCentriZajednice) {
		places[e.Place]++
		assert.True(t, p.Contains(e.LastDay()), e.ID)
	}
	assert.Equal(t, map[string]int{
		"Centar zajednice 1, Zagreb (gradska četvrt 1)": 32,
		"Centar zajednice 2, Zagreb (gradska četvrt 1)": 30,
		"Centar zajednice 3, Zagreb (gradska četvrt 2)": 30,
		"Centar zajednice 4, Zagreb (gradska četvrt 3)": 30,
	}, places, "4 centres in 3 city districts")

	visits, individuals, _ := counts(ds, ProjectCentriZajednice)
	assert.Equal(t, 317, visits)
	assert.Equal(t, 96, individuals)
	lgbtiq := 0
	for _, b := range ds.Beneficiaries {
		if b.ProjectID == ProjectCentriZajednice && slices.Contains(b.TargetGroups, socialsvc.TGLGBTIQ) {
			lgbtiq++
			assert.Equal(t, socialsvc.BasisConsent, b.LegalBasis, "special-category data only with consent")
		}
	}
	assert.Equal(t, 27, lgbtiq)
}

func TestSeedSocialAtelierCounts(t *testing.T) {
	ds := Seed()
	evs := eventsOf(ds, ProjectSocialAtelier)
	visits, individuals, perPerson := counts(ds, ProjectSocialAtelier)
	// The published figures are lower bounds; the generated data exceeds
	// each of them.
	assert.Greater(t, len(evs), 300)
	assert.Greater(t, visits, 4000)
	assert.Greater(t, individuals, 700)
	assert.Equal(t, 308, len(evs))
	assert.Equal(t, 4563, visits)
	assert.Equal(t, 742, individuals)

	// Visits and people differ: many came once, a few very often.
	once, regulars, most := 0, 0, 0
	for _, n := range perPerson {
		if n == 1 {
			once++
		}
		if n > 25 {
			regulars++
		}
		most = max(most, n)
	}
	assert.Equal(t, 350, once)
	assert.Equal(t, 33, regulars)
	assert.Equal(t, 108, most)

	people := 0
	for _, b := range ds.Beneficiaries {
		if b.ProjectID == ProjectSocialAtelier {
			people++
			assert.Equal(t, socialsvc.OrgID("dkolektiv"), b.OrgID)
		}
	}
	assert.Equal(t, 742, people, "every generated person attended")
	p := project(t, ds, ProjectSocialAtelier)
	attended := map[socialsvc.EventID]bool{}
	for _, a := range ds.Attendance {
		attended[a.EventID] = true
	}
	for _, e := range evs {
		assert.True(t, p.Contains(e.Start), e.ID)
		assert.True(t, attended[e.ID], "%s has a visitor", e.ID)
	}
}

func TestSeedALVED(t *testing.T) {
	ds := Seed()
	evs := eventsOf(ds, ProjectALVED)
	require.Len(t, evs, 2)
	visit, planned := evs[0], evs[1]
	assert.Equal(t, socialsvc.EventStudyVisit, visit.Type)
	assert.Equal(t, 13, visit.ReportedParticipants)
	assert.Equal(t, "Praha, Liberec", visit.Place)
	assert.Equal(t, "CZ", visit.Country)
	assert.Equal(t, day("2022-09-05"), visit.Start)
	assert.Equal(t, day("2022-09-09"), visit.End, "a working week")
	assert.True(t, visit.LastDay().Before(day("2022-09-14")), "reported as past on 14 Sep 2022")
	assert.Equal(t, alvedPIN, visit.Organiser)
	assert.Equal(t, socialsvc.EventStudyVisit, planned.Type)
	assert.Equal(t, day("2022-10-03"), planned.Start, "first week of October")
	assert.Equal(t, day("2022-10-07"), planned.End)

	var cssf socialsvc.Fund
	for _, f := range ds.Funds {
		if f.ID == FundCSSF {
			cssf = f
		}
	}
	assert.Equal(t, socialsvc.FundForeignGov, cssf.Kind)
	countries := map[string]int{}
	for _, pa := range partnersOf(ds, ProjectALVED) {
		for _, o := range ds.Organisations {
			if o.ID == pa.OrgID {
				countries[o.Country]++
			}
		}
		assert.Equal(t, FundCSSF, pa.Funding[0].FundID)
	}
	assert.Equal(t, map[string]int{"GB": 1, "CZ": 1, "XK": 2, "RS": 1}, countries)

	rt, err := socialsvc.NewRateTable(ds.Rates...)
	require.NoError(t, err)
	byCurrency := map[socialsvc.Currency]int{}
	for _, e := range expenditureOf(ds, ProjectALVED) {
		byCurrency[e.Amount.Currency()]++
		want, conv, err := rt.ToEUR(e.Amount, e.Date)
		require.NoError(t, err)
		assert.Equal(t, want, e.Converted, e.ID)
		assert.Equal(t, conv, e.Conversion, e.ID)
		assert.Equal(t, socialsvc.EUR, e.Converted.Currency())
	}
	assert.Equal(t, map[socialsvc.Currency]int{socialsvc.EUR: 72, "GBP": 24, "RSD": 24, "CZK": 2}, byCurrency)
	gbp := 0
	for _, r := range ds.Rates {
		if r.Currency == "GBP" {
			gbp++
			assert.Equal(t, demoRateSource, r.Source)
		}
	}
	assert.Equal(t, 24, gbp, "a pound rate for every month of the project")
}

func TestSeedCESI(t *testing.T) {
	ds := Seed()
	byType := map[socialsvc.EventType]int{}
	p := project(t, ds, ProjectBADGE)
	for _, e := range eventsOf(ds, ProjectBADGE) {
		byType[e.Type]++
		assert.True(t, p.Contains(e.Start), e.ID)
	}
	assert.Equal(t, map[socialsvc.EventType]int{
		socialsvc.EventTraining: 5, socialsvc.EventMeeting: 4, socialsvc.EventWorkshop: 16,
		socialsvc.EventCounselling: 91, socialsvc.EventConference: 1,
	}, byType)
	visits, individuals, _ := counts(ds, ProjectBADGE)
	assert.Equal(t, 203, visits)
	assert.Equal(t, 64, individuals)
	for _, b := range ds.Beneficiaries {
		if b.ProjectID == ProjectBADGE {
			assert.Equal(t, socialsvc.GenderFemale, b.Gender)
		}
	}
	var codes []string
	for _, ind := range ds.Indicators {
		if ind.ProjectID == ProjectBADGE {
			codes = append(codes, ind.Code+":"+string(ind.Source))
		}
	}
	assert.Equal(t, []string{"CESI-O1:computed", "CESI-O2:computed", "CESI-O3:computed", "CESI-O4:entered", "CESI-R1:entered", "CESI-O5:entered"}, codes)
}

// TestSeedIndicators recomputes every computed indicator from the Dataset,
// so that the figures a report shows can be traced to records.
func TestSeedIndicators(t *testing.T) {
	ds := Seed()
	compute := func(ind socialsvc.Indicator) int {
		events := map[socialsvc.EventID]socialsvc.Event{}
		for _, e := range eventsOf(ds, ind.ProjectID) {
			if len(ind.EventTypes) == 0 || slices.Contains(ind.EventTypes, e.Type) {
				events[e.ID] = e
			}
		}
		records := map[socialsvc.EventID]int{}
		people := map[socialsvc.BeneficiaryID]bool{}
		for _, a := range ds.Attendance {
			if _, ok := events[a.EventID]; ok {
				records[a.EventID]++
				people[a.BeneficiaryID] = true
			}
		}
		switch ind.Computation {
		case socialsvc.CountEvents:
			return len(events)
		case socialsvc.CountIndividuals:
			return len(people)
		case socialsvc.CountVisits:
			n := 0
			for id, e := range events {
				if records[id] > 0 {
					n += records[id]
				} else {
					n += e.ReportedParticipants
				}
			}
			return n
		case socialsvc.CountOrganisations:
			orgs := map[socialsvc.PartnerID]bool{}
			for _, e := range events {
				if e.Organiser != "" {
					orgs[e.Organiser] = true
				}
				for _, c := range e.CoOrganisers {
					orgs[c] = true
				}
			}
			return len(orgs)
		}
		return -1
	}
	want := map[socialsvc.IndicatorID]int{
		"sa-activities": 308, "sa-visits": 4563, "sa-individuals": 742, "sa-counselling-people": 204,
		"alved-study-visits": 2, "alved-study-visit-participants": 13,
		"cz-activities": 122, "cz-individuals": 96, "cz-visits": 317,
		"aktivno-cesi-badge-modules": 5, "aktivno-cesi-badge-women": 64, "aktivno-cesi-counselling": 91,
		"2sokrog-rco81": 180, "2sokrog-rco87": 7, "2sokrog-t3-modules": 5, "2sokrog-c-infodays": 3,
	}
	got := map[socialsvc.IndicatorID]int{}
	entered := 0
	for _, ind := range ds.Indicators {
		if ind.Source == socialsvc.SourceComputed {
			got[ind.ID] = compute(ind)
		} else {
			entered++
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 8, entered)
	for _, m := range ds.Measurements {
		assert.Equal(t, socialsvc.SourceEntered, m.Source)
		assert.NotEmpty(t, m.Evidence, m.ID)
		assert.NotZero(t, m.Period, m.ID)
	}
}

// TestSeedReferences checks that every ID a value refers to exists, that
// IDs are unique, and that references stay within one project.
func TestSeedReferences(t *testing.T) {
	checkReferences(t, Seed())
}

func checkReferences(t *testing.T, ds *Dataset) {
	t.Helper()
	assert.Empty(t, referenceProblems(ds))
}

// referenceProblems lists every broken reference of ds. Problems are
// collected rather than asserted one by one: the data has thousands of
// references, and one assertion each would be slow.
func referenceProblems(ds *Dataset) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	unique := func(kind string, ids []string) map[string]bool {
		set := map[string]bool{}
		for _, id := range ids {
			if id == "" || set[id] {
				bad("%s %q is empty or not unique", kind, id)
			}
			set[id] = true
		}
		return set
	}
	ids := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	orgs := unique("organisation", ids(len(ds.Organisations), func(i int) string { return string(ds.Organisations[i].ID) }))
	funds := unique("fund", ids(len(ds.Funds), func(i int) string { return string(ds.Funds[i].ID) }))
	projects := unique("project", ids(len(ds.Projects), func(i int) string { return string(ds.Projects[i].ID) }))
	unique("partner", ids(len(ds.Partners), func(i int) string { return string(ds.Partners[i].ID) }))
	unique("work package", ids(len(ds.WorkPackages), func(i int) string { return string(ds.WorkPackages[i].ID) }))
	unique("activity", ids(len(ds.Activities), func(i int) string { return string(ds.Activities[i].ID) }))
	unique("event", ids(len(ds.Events), func(i int) string { return string(ds.Events[i].ID) }))
	unique("beneficiary", ids(len(ds.Beneficiaries), func(i int) string { return string(ds.Beneficiaries[i].ID) }))
	unique("indicator", ids(len(ds.Indicators), func(i int) string { return string(ds.Indicators[i].ID) }))
	unique("measurement", ids(len(ds.Measurements), func(i int) string { return string(ds.Measurements[i].ID) }))
	unique("budget line", ids(len(ds.BudgetLines), func(i int) string { return string(ds.BudgetLines[i].ID) }))
	unique("expenditure", ids(len(ds.Expenditure), func(i int) string { return string(ds.Expenditure[i].ID) }))
	unique("rate", ids(len(ds.Rates), func(i int) string { return string(ds.Rates[i].Currency) + " " + ds.Rates[i].Month.String() }))
	unique("attendance", ids(len(ds.Attendance), func(i int) string {
		return string(ds.Attendance[i].EventID) + " " + string(ds.Attendance[i].BeneficiaryID)
	}))

	partnerProject := map[socialsvc.PartnerID]socialsvc.ProjectID{}
	partnerRole := map[socialsvc.PartnerID]socialsvc.Role{}
	orgInProject := map[string]bool{}
	for _, p := range ds.Partners {
		if !projects[string(p.ProjectID)] || !orgs[string(p.OrgID)] {
			bad("partner %s: project or organisation missing", p.ID)
		}
		key := string(p.ProjectID) + "/" + string(p.OrgID)
		if orgInProject[key] {
			bad("organisation %s takes part twice", key)
		}
		orgInProject[key] = true
		for _, f := range p.Funding {
			if !funds[string(f.FundID)] {
				bad("partner %s: fund %s missing", p.ID, f.FundID)
			}
		}
		partnerProject[p.ID] = p.ProjectID
		partnerRole[p.ID] = p.Role
	}
	samePartner := func(what string, id socialsvc.PartnerID, project socialsvc.ProjectID) {
		if pp, ok := partnerProject[id]; id != "" && (!ok || pp != project) {
			bad("%s: partner %s missing or of another project", what, id)
		}
	}
	budgeted := func(what string, id socialsvc.PartnerID) {
		if partnerRole[id] == socialsvc.RoleAssociated {
			bad("%s: associated partner %s carries no budget", what, id)
		}
	}
	periods := map[socialsvc.ProjectID]map[int]bool{}
	for _, p := range ds.Projects {
		periods[p.ID] = map[int]bool{0: true}
		for _, per := range p.Periods {
			periods[p.ID][per.Number] = true
		}
	}
	wpProject := map[socialsvc.WorkPackageID]socialsvc.ProjectID{}
	for _, w := range ds.WorkPackages {
		if !projects[string(w.ProjectID)] {
			bad("work package %s: project missing", w.ID)
		}
		samePartner("work package "+string(w.ID), w.LeadPartner, w.ProjectID)
		wpProject[w.ID] = w.ProjectID
	}
	actProject := map[socialsvc.ActivityID]socialsvc.ProjectID{}
	for _, a := range ds.Activities {
		if wpProject[a.WorkPackageID] != a.ProjectID {
			bad("activity %s: work package missing or of another project", a.ID)
		}
		actProject[a.ID] = a.ProjectID
	}
	evProject := map[socialsvc.EventID]socialsvc.ProjectID{}
	for _, e := range ds.Events {
		if !projects[string(e.ProjectID)] {
			bad("event %s: project missing", e.ID)
		}
		if e.ActivityID != "" && actProject[e.ActivityID] != e.ProjectID {
			bad("event %s: activity missing or of another project", e.ID)
		}
		samePartner("event "+string(e.ID), e.Organiser, e.ProjectID)
		for _, c := range e.CoOrganisers {
			samePartner("event "+string(e.ID), c, e.ProjectID)
		}
		evProject[e.ID] = e.ProjectID
	}
	benProject := map[socialsvc.BeneficiaryID]socialsvc.ProjectID{}
	for _, b := range ds.Beneficiaries {
		if !orgs[string(b.OrgID)] || (b.ProjectID != "" && !projects[string(b.ProjectID)]) {
			bad("beneficiary %s: organisation or project missing", b.ID)
		}
		benProject[b.ID] = b.ProjectID
	}
	for _, a := range ds.Attendance {
		ep, okE := evProject[a.EventID]
		bp, okB := benProject[a.BeneficiaryID]
		if !okE || !okB || ep != a.ProjectID || bp != a.ProjectID {
			bad("attendance %s/%s: event or beneficiary missing or of another project", a.EventID, a.BeneficiaryID)
		}
	}
	indProject := map[socialsvc.IndicatorID]socialsvc.ProjectID{}
	for _, ind := range ds.Indicators {
		if !projects[string(ind.ProjectID)] {
			bad("indicator %s: project missing", ind.ID)
		}
		indProject[ind.ID] = ind.ProjectID
	}
	for _, ind := range ds.Indicators {
		if ind.DependsOn != "" && indProject[ind.DependsOn] != ind.ProjectID {
			bad("indicator %s: depends on a missing indicator or one of another project", ind.ID)
		}
	}
	for _, m := range ds.Measurements {
		if p, ok := indProject[m.IndicatorID]; !ok || p != m.ProjectID || !periods[p][m.Period] {
			bad("measurement %s: indicator or period missing", m.ID)
		}
	}
	for _, l := range ds.BudgetLines {
		samePartner("budget line "+string(l.ID), l.PartnerID, l.ProjectID)
		budgeted("budget line "+string(l.ID), l.PartnerID)
		if !periods[l.ProjectID][l.Period] {
			bad("budget line %s: period missing", l.ID)
		}
	}
	for _, e := range ds.Expenditure {
		samePartner("expenditure "+string(e.ID), e.PartnerID, e.ProjectID)
		budgeted("expenditure "+string(e.ID), e.PartnerID)
		if !periods[e.ProjectID][e.Period] {
			bad("expenditure %s: period missing", e.ID)
		}
	}
	return problems
}

// TestReferenceProblemsFindsBreaks breaks one reference at a time, so that
// the check above is known to catch what it claims to.
func TestReferenceProblemsFindsBreaks(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(ds *Dataset)
		want    string
	}{
		{"partner's organisation", func(ds *Dataset) { ds.Partners[0].OrgID = "missing" }, "partner social-atelier-lp: project or organisation missing"},
		{"organiser of another project", func(ds *Dataset) { ds.Events[0].Organiser = sokrogLP }, "event sa-evt-0001: partner 2sokrog-lp missing or of another project"},
		{"attendance event", func(ds *Dataset) { ds.Attendance[0].EventID = "missing" }, "attendance missing/sa-ben-"},
		{"duplicate attendance", func(ds *Dataset) { ds.Attendance[1] = ds.Attendance[0] }, "attendance \"sa-evt-0001 sa-ben-"},
		{"budget of an associated partner", func(ds *Dataset) { ds.BudgetLines[len(ds.BudgetLines)-1].PartnerID = "2sokrog-ap1" }, "associated partner 2sokrog-ap1 carries no budget"},
		{"measurement period", func(ds *Dataset) { ds.Measurements[0].Period = 99 }, "measurement alved-municipalities-p2: indicator or period missing"},
		{"duplicate rate", func(ds *Dataset) { ds.Rates = append(ds.Rates, ds.Rates[0]) }, "rate \"GBP 2021-04\" is empty or not unique"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Seed()
			tt.breakIt(ds)
			problems := referenceProblems(ds)
			require.NotEmpty(t, problems)
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p, tt.want)
			}
			assert.True(t, found, "want a problem containing %q, got %v", tt.want, problems)
		})
	}
}

// validationErrors validates every value of ds with the socialsvc
// functions a store runs before a write, and returns the failures.
func validationErrors(ds *Dataset) []string {
	var problems []string
	check := func(what string, id any, err error) {
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %v: %v", what, id, err))
		}
	}
	projects := map[socialsvc.ProjectID]*socialsvc.Project{}
	for i := range ds.Projects {
		p := &ds.Projects[i]
		projects[p.ID] = p
		check("project", p.ID, socialsvc.ValidateProject(p))
		check("partners of", p.ID, socialsvc.ValidatePartners(partnersOf(ds, p.ID)))
	}
	for i := range ds.Organisations {
		check("organisation", ds.Organisations[i].ID, socialsvc.ValidateOrganisation(&ds.Organisations[i]))
	}
	funds := map[socialsvc.FundID]socialsvc.Fund{}
	for i := range ds.Funds {
		funds[ds.Funds[i].ID] = ds.Funds[i]
		check("fund", ds.Funds[i].ID, socialsvc.ValidateFund(&ds.Funds[i]))
	}
	for i := range ds.Rates {
		check("rate", ds.Rates[i].Currency, socialsvc.ValidateRate(&ds.Rates[i]))
	}
	roles := map[socialsvc.PartnerID]socialsvc.Role{}
	for i := range ds.Partners {
		roles[ds.Partners[i].ID] = ds.Partners[i].Role
		check("partner funding", ds.Partners[i].ID, socialsvc.ValidateFunding(&ds.Partners[i], funds))
	}
	for i := range ds.WorkPackages {
		check("work package", ds.WorkPackages[i].ID, socialsvc.Validate(&ds.WorkPackages[i]))
	}
	for i := range ds.Activities {
		check("activity", ds.Activities[i].ID, socialsvc.Validate(&ds.Activities[i]))
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		check("event", e.ID, socialsvc.ValidateEvent(e, projects[e.ProjectID]))
	}
	for i := range ds.Beneficiaries {
		check("beneficiary", ds.Beneficiaries[i].ID, socialsvc.ValidateBeneficiary(&ds.Beneficiaries[i]))
	}
	for i := range ds.Attendance {
		check("attendance", ds.Attendance[i].EventID, socialsvc.Validate(&ds.Attendance[i]))
	}
	for i := range ds.Indicators {
		check("indicator", ds.Indicators[i].ID, socialsvc.ValidateIndicator(&ds.Indicators[i]))
	}
	for i := range ds.Measurements {
		check("measurement", ds.Measurements[i].ID, socialsvc.ValidateMeasurement(&ds.Measurements[i]))
	}
	for i := range ds.BudgetLines {
		l := &ds.BudgetLines[i]
		p := projects[l.ProjectID]
		if l.Computed {
			// Computed lines are checked as a store checks them: like
			// entered ones, except that their category is a flat-rate one.
			q := *p
			q.FlatRates = nil
			p = &q
		}
		check("budget line", l.ID, socialsvc.ValidateBudgetLine(l, roles[l.PartnerID], p))
	}
	for i := range ds.Expenditure {
		e := &ds.Expenditure[i]
		check("expenditure", e.ID, socialsvc.ValidateExpenditure(e, projects[e.ProjectID]))
	}
	return problems
}

func TestSeedValidates(t *testing.T) {
	assert.Empty(t, validationErrors(Seed()))
}

func TestSyntheticValidates(t *testing.T) {
	ds := Synthetic(SyntheticOptions{Projects: 12, PartnersPerProject: 5, Beneficiaries: 300, EventsPerProject: 15, AttendancePerBeneficiary: 5, ExpenditurePerProject: 40, Seed: 9})
	assert.Empty(t, validationErrors(ds))
}

// TestValidationErrorsFindsBreaks makes sure the validation test above
// can fail.
func TestValidationErrorsFindsBreaks(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(ds *Dataset)
		want    string
	}{
		{"event after the project", func(ds *Dataset) { ds.Events[len(ds.Events)-1].Start = day("2020-10-01") }, "event 2sokrog-final-conference"},
		{"consent without date", func(ds *Dataset) { ds.Beneficiaries[0].ConsentDate = socialsvc.Date{} }, "beneficiary sa-ben-0001"},
		{"bad OIB", func(ds *Dataset) { ds.Organisations[0].TaxID = "90000000010" }, "organisation grad-osijek"},
		{"office line entered", func(ds *Dataset) {
			for i := range ds.BudgetLines {
				if ds.BudgetLines[i].Computed {
					ds.BudgetLines[i].Computed = false
					return
				}
			}
		}, "budget line 2sokrog-lp-office_administration-p1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Seed()
			tt.breakIt(ds)
			problems := validationErrors(ds)
			require.Len(t, problems, 1)
			assert.True(t, strings.HasPrefix(problems[0], tt.want), problems[0])
		})
	}
}

func TestSeedTaxIDs(t *testing.T) {
	ds := Seed()
	withTaxID := map[string]int{}
	for _, o := range ds.Organisations {
		if o.TaxID == "" {
			continue
		}
		withTaxID[o.Country]++
		assert.NoError(t, socialsvc.CheckTaxID(o.Country, o.TaxID), o.ID)
		switch o.Country {
		case "HR":
			assert.True(t, socialsvc.ValidOIB(o.TaxID), o.ID)
			assert.Equal(t, byte('9'), o.TaxID[0], "synthetic OIBs start with 9: %s", o.ID)
		case "SI":
			assert.True(t, socialsvc.ValidSITaxNumber(o.TaxID), o.ID)
		}
	}
	assert.Equal(t, map[string]int{"HR": 12, "SI": 4}, withTaxID)

	tests := []struct {
		n    int
		want string
	}{
		{1, "90000000019"},
		{402, "90000004022"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, syntheticOIB(tt.n))
		assert.True(t, socialsvc.ValidOIB(tt.want))
	}
	for n := range 2000 {
		assert.True(t, socialsvc.ValidSITaxNumber(syntheticSITaxNumber(n)), n)
	}
}

// TestSeedBeneficiaries checks the GDPR rules the data must follow: a
// legal basis always, a consent date exactly when the basis is consent,
// special-category groups only with consent, and an age band or a birth
// year, never both.
func TestSeedBeneficiaries(t *testing.T) {
	ds := Seed()
	byBasis := map[socialsvc.LegalBasis]int{}
	birthYears, bands, neither := 0, 0, 0
	for _, b := range ds.Beneficiaries {
		byBasis[b.LegalBasis]++
		assert.Equal(t, b.LegalBasis == socialsvc.BasisConsent, !b.ConsentDate.IsZero(), b.ID)
		assert.True(t, b.RetainUntil.After(b.ConsentDate), b.ID)
		assert.False(t, b.BirthYear != 0 && b.AgeBand != "", "%s: birth year or age band, not both", b.ID)
		switch {
		case b.BirthYear != 0:
			birthYears++
		case b.AgeBand != "":
			bands++
		default:
			neither++
		}
		for _, g := range b.TargetGroups {
			if specialGroups[g] {
				assert.Equal(t, socialsvc.BasisConsent, b.LegalBasis, b.ID)
			}
		}
		assert.NotEmpty(t, b.Reference, b.ID)
		assert.False(t, b.Erased)
	}
	// The people of events, and the 48 of 2SoKroG's social activation pilot.
	assert.Equal(t, 902+48, len(ds.Beneficiaries))
	assert.Equal(t, 902+48, byBasis[socialsvc.BasisConsent]+byBasis[socialsvc.BasisLegitimate])
	assert.Greater(t, birthYears, 0)
	assert.Greater(t, bands, 0)
	assert.Greater(t, neither, 0)
}

func TestSyntheticSizes(t *testing.T) {
	tests := []struct {
		name string
		o    SyntheticOptions
		want map[string]int
	}{
		{"small", SyntheticOptions{Projects: 3, PartnersPerProject: 5, Beneficiaries: 100, EventsPerProject: 20, AttendancePerBeneficiary: 4, ExpenditurePerProject: 50, Seed: 1},
			map[string]int{"orgs": 8, "projects": 3, "partners": 15, "events": 60, "beneficiaries": 100, "attendance": 400, "expenditure": 150,
				"indicators": 12, "measurements": 3, "entered lines": 3 * 4 * 4 * 3, "computed lines": 2 * 4 * 4}},
		{"attendance capped at events", SyntheticOptions{Projects: 2, PartnersPerProject: 2, Beneficiaries: 10, EventsPerProject: 3, AttendancePerBeneficiary: 9, Seed: 2},
			map[string]int{"orgs": 4, "projects": 2, "partners": 4, "events": 6, "beneficiaries": 10, "attendance": 30, "expenditure": 0,
				"indicators": 8, "measurements": 2, "entered lines": 2 * 2 * 4 * 3, "computed lines": 1 * 2 * 4}},
		{"empty", SyntheticOptions{Projects: -1, Beneficiaries: 10, Seed: 3},
			map[string]int{"orgs": 0, "projects": 0, "partners": 0, "events": 0, "beneficiaries": 0, "attendance": 0, "expenditure": 0,
				"indicators": 0, "measurements": 0, "entered lines": 0, "computed lines": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Synthetic(tt.o)
			entered, computed := 0, 0
			for _, l := range ds.BudgetLines {
				if l.Computed {
					computed++
				} else {
					entered++
				}
			}
			assert.Equal(t, tt.want, map[string]int{
				"orgs": len(ds.Organisations), "projects": len(ds.Projects), "partners": len(ds.Partners), "events": len(ds.Events),
				"beneficiaries": len(ds.Beneficiaries), "attendance": len(ds.Attendance), "expenditure": len(ds.Expenditure),
				"indicators": len(ds.Indicators), "measurements": len(ds.Measurements), "entered lines": entered, "computed lines": computed,
			})
			checkReferences(t, ds)
			assert.Equal(t, ds, Synthetic(tt.o), "deterministic")
		})
	}
}

func TestSyntheticIDsAndRoles(t *testing.T) {
	ds := Synthetic(SyntheticOptions{Projects: 2, PartnersPerProject: 4, Beneficiaries: 3, EventsPerProject: 2, AttendancePerBeneficiary: 1, ExpenditurePerProject: 2, Seed: 7})
	assert.Equal(t, socialsvc.ProjectID("syn-prj-0001"), ds.Projects[0].ID)
	var roles []string
	for _, p := range ds.Partners[:4] {
		roles = append(roles, string(p.ID)+":"+string(p.Role))
	}
	assert.Equal(t, []string{"syn-prt-0001-01:lead", "syn-prt-0001-02:partner", "syn-prt-0001-03:partner", "syn-prt-0001-04:associated"}, roles)
	assert.Equal(t, socialsvc.BeneficiaryID("syn-ben-0000001"), ds.Beneficiaries[0].ID)
	assert.Equal(t, socialsvc.ExpenditureID("syn-exp-0001-0000001"), ds.Expenditure[0].ID)
	assert.NotEqual(t, Synthetic(SyntheticOptions{Projects: 2, PartnersPerProject: 4, Seed: 8}).BudgetLines,
		Synthetic(SyntheticOptions{Projects: 2, PartnersPerProject: 4, Seed: 7}).BudgetLines, "the seed matters")
	for _, o := range ds.Organisations {
		assert.NoError(t, socialsvc.CheckTaxID(o.Country, o.TaxID), o.ID)
	}
}

func TestSyntheticExpenditure(t *testing.T) {
	tests := []struct {
		name    string
		o       SyntheticOptions
		want    int
		wantHRK int
	}{
		{"one project", SyntheticOptions{Projects: 1, PartnersPerProject: 3, ExpenditurePerProject: 1000, Seed: 1}, 1000, 250},
		{"ten projects", SyntheticOptions{Projects: 10, PartnersPerProject: 4, ExpenditurePerProject: 2500, Seed: 2}, 25000, 6117},
		{"no partners, no lines", SyntheticOptions{Projects: 2, PartnersPerProject: 0, ExpenditurePerProject: 10, Seed: 3}, 0, 0},
		{"none asked", SyntheticOptions{Projects: 2, PartnersPerProject: 2, Seed: 4}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.o
			base.ExpenditurePerProject = 0
			ds := Synthetic(base)
			proj := map[socialsvc.ProjectID]socialsvc.Project{}
			for _, p := range ds.Projects {
				proj[p.ID] = p
			}
			role := map[socialsvc.PartnerID]socialsvc.Role{}
			for _, p := range ds.Partners {
				role[p.ID] = p.Role
			}
			n, hrk := 0, 0
			var first []socialsvc.Expenditure
			for e := range SyntheticExpenditure(tt.o, ds.Projects, ds.Partners) {
				n++
				if n <= 3 {
					first = append(first, e)
				}
				for _, m := range []socialsvc.Money{e.Amount, e.Converted} {
					require.Positive(t, m.Cents(), e.ID)
					require.LessOrEqual(t, m.Cents(), int64(socialsvc.MaxAmount), e.ID)
					_, err := socialsvc.ParseMoney(m.AmountString(), m.Currency())
					require.NoError(t, err, "two decimals: %s", e.ID)
				}
				require.LessOrEqual(t, e.Amount.Cents(), int64(5_000_000))
				require.NotEqual(t, socialsvc.RoleAssociated, role[e.PartnerID])
				p := proj[e.ProjectID]
				require.True(t, p.Contains(e.Date), e.ID)
				require.Equal(t, p.PeriodOf(e.Date), e.Period, e.ID)
				switch e.Amount.Currency() {
				case socialsvc.HRK:
					hrk++
					require.Less(t, e.Date.Year, 2023)
					want, err := e.Amount.ToEUR()
					require.NoError(t, err)
					require.Equal(t, want, e.Converted)
					require.Equal(t, socialsvc.RateBasisContract, e.Conversion.Basis)
					require.True(t, socialsvc.HRKPerEUR.Equal(e.Conversion.Rate))
				case socialsvc.EUR:
					require.Equal(t, e.Amount, e.Converted)
				default:
					require.Fail(t, "unexpected currency", e.ID)
				}
			}
			assert.Equal(t, tt.want, n)
			assert.Equal(t, tt.wantHRK, hrk)
			// Iterating again gives the same lines.
			var again []socialsvc.Expenditure
			for e := range SyntheticExpenditure(tt.o, ds.Projects, ds.Partners) {
				if len(again) == 3 {
					break
				}
				again = append(again, e)
			}
			assert.Equal(t, first, again)
		})
	}
}

func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		_ = Seed()
	}
}

// BenchmarkSyntheticExpenditure streams a million lines: the generator's
// cost per line, which benchmarks of stores and reports that consume the
// stream include.
func BenchmarkSyntheticExpenditure(b *testing.B) {
	o := SyntheticOptions{Projects: 10, PartnersPerProject: 5, ExpenditurePerProject: 100_000, Seed: 1}
	ds := Synthetic(SyntheticOptions{Projects: o.Projects, PartnersPerProject: o.PartnersPerProject, Seed: o.Seed})
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		tot := socialsvc.NewTotal(socialsvc.EUR)
		for e := range SyntheticExpenditure(o, ds.Projects, ds.Partners) {
			tot.AddCents(e.Converted.Cents())
			n++
		}
		if n != 1_000_000 {
			b.Fatal(fmt.Sprint("streamed ", n, " lines"))
		}
	}
}
