package demo

import (
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// SyntheticOptions sizes a synthetic data set. Negative values count as
// zero.
type SyntheticOptions struct {
	// Projects is the number of projects.
	Projects int
	// PartnersPerProject is the number of partners of each project: the
	// first is the lead, and from four partners on the last one is an
	// associated partner (no budget).
	PartnersPerProject int
	// Beneficiaries is the total number of beneficiaries, spread over the
	// projects in turn.
	Beneficiaries int
	// EventsPerProject is the number of events of each project.
	EventsPerProject int
	// AttendancePerBeneficiary is the number of events each beneficiary
	// attends, at most EventsPerProject (one attendance per event and
	// person).
	AttendancePerBeneficiary int
	// ExpenditurePerProject is the number of expenditure lines of each
	// project that has a budgeted partner.
	ExpenditurePerProject int
	// Seed makes the data set: the same options give the same data.
	Seed uint64
}

func (o SyntheticOptions) normalised() SyntheticOptions {
	for _, v := range []*int{&o.Projects, &o.PartnersPerProject, &o.Beneficiaries, &o.EventsPerProject, &o.AttendancePerBeneficiary, &o.ExpenditurePerProject} {
		*v = max(*v, 0)
	}
	o.AttendancePerBeneficiary = min(o.AttendancePerBeneficiary, o.EventsPerProject)
	return o
}

// The synthetic funds; their IDs differ from the seed's so that both data
// sets can be loaded into one store.
const (
	synFundERDF socialsvc.FundID = "syn-fund-erdf"
	synFundESF  socialsvc.FundID = "syn-fund-esf"
)

// PCG streams of the synthetic generators, so that the data set and the
// expenditure stream draw independently from the same Seed.
const (
	streamSynthetic   = 0x5EED_DA7A
	streamExpenditure = 0x5EED_E4E4
)

var synRegions = []string{"HR050", "HR061", "HR062", "HR025", "SI032", "SI034", "SI041"}

var synEventTypes = []socialsvc.EventType{socialsvc.EventWorkshop, socialsvc.EventCommunity, socialsvc.EventCounselling,
	socialsvc.EventTraining, socialsvc.EventInfoDay, socialsvc.EventConference}

// Synthetic returns a data set of the given size, for load tests and
// benchmarks of stores and reports. IDs are readable and deterministic
// ("syn-prj-0001", "syn-prt-0001-01", "syn-ben-0000001"...); the same
// options always give the same data. Every value refers only to IDs in the
// data set, so it loads into an empty store; organisations are shared
// between projects as they are in real portfolios. Expenditure is
// SyntheticExpenditure collected; for a million lines, use the stream
// instead and leave ExpenditurePerProject at zero here.
func Synthetic(o SyntheticOptions) *Dataset {
	o = o.normalised()
	rng := rand.New(rand.NewPCG(o.Seed, streamSynthetic))
	ds := &Dataset{
		Funds: []socialsvc.Fund{
			{ID: synFundERDF, Code: "ERDF", Name: i18n("Europski fond za regionalni razvoj", "European Regional Development Fund"),
				Kind: socialsvc.FundEU, MaxRatePercent: dec("85")},
			{ID: synFundESF, Code: "ESF+", Name: i18n("Europski socijalni fond plus", "European Social Fund Plus"),
				Kind: socialsvc.FundEU, MaxRatePercent: dec("85")},
		},
	}
	// A pool of organisations large enough for every project to have
	// distinct partners, shared by neighbouring projects.
	nOrgs := 0
	if o.Projects > 0 && o.PartnersPerProject > 0 {
		nOrgs = o.Projects + o.PartnersPerProject
	}
	ds.Organisations = make([]socialsvc.Organisation, nOrgs)
	for i := range ds.Organisations {
		id := i + 1
		org := socialsvc.Organisation{ID: socialsvc.OrgID("syn-org-" + pad(id, 4)), Name: "Sintetska organizacija " + pad(id, 4),
			LegalStatus: []socialsvc.LegalStatus{socialsvc.LegalNGO, socialsvc.LegalPublicBody, socialsvc.LegalFoundation, socialsvc.LegalSocialEnterprise}[i%4]}
		reg := synRegions[i%len(synRegions)]
		org.Region = regionPtr(reg)
		if reg[:2] == "SI" {
			org.Country, org.TaxID = "SI", syntheticSITaxNumber(500_000+i)
		} else {
			org.Country, org.TaxID = "HR", syntheticOIB(500_000_000+i)
		}
		ds.Organisations[i] = org
	}

	startBase := day("2019-01-01")
	for pi := range o.Projects {
		pn := pad(pi+1, 4)
		pid := socialsvc.ProjectID("syn-prj-" + pn)
		s := startBase.AddDays((pi * 97) % 1826)
		start := socialsvc.Date{Year: s.Year, Month: s.Month, Day: 1}
		end := socialsvc.DateOf(start.Time().AddDate(2, 0, -1))
		status := socialsvc.StatusClosed
		if !end.Before(day("2025-01-01")) {
			status = socialsvc.StatusInImplementation
		}
		reg := synRegions[pi%len(synRegions)]
		proj := socialsvc.Project{ID: pid, Acronym: "SYN-" + pn,
			Title:       i18n("Sintetski projekt "+pn, "Synthetic project "+pn),
			Description: i18n("Sintetski podaci za testiranje opterećenja.", "Synthetic data for load tests."),
			Programme:   "Synthetic programme", Start: start, End: end, Status: status, Currency: socialsvc.EUR,
			Regions:      []socialsvc.Region{region(reg)},
			TargetGroups: []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed, socialsvc.TGYouth},
			Periods:      sixMonthPeriods(start, end),
			RateRule:     fixedRateAgreement(start),
		}
		if pi%2 == 0 {
			proj.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: dec("15")}}
		}
		ds.Projects = append(ds.Projects, proj)

		fund := synFundERDF
		if pi%2 == 1 {
			fund = synFundESF
		}
		var budgeted []socialsvc.PartnerID
		var lines []socialsvc.BudgetLine
		for k := range o.PartnersPerProject {
			part := socialsvc.Partner{ID: socialsvc.PartnerID("syn-prt-" + pn + "-" + pad(k+1, 2)), ProjectID: pid,
				OrgID: ds.Organisations[(pi+k)%nOrgs].ID, Role: socialsvc.RolePartner, Number: k + 1}
			switch {
			case k == 0:
				part.Role = socialsvc.RoleLead
			case k == o.PartnersPerProject-1 && o.PartnersPerProject >= 4:
				part.Role = socialsvc.RoleAssociated
			}
			if part.Role != socialsvc.RoleAssociated {
				part.Funding = []socialsvc.CoFinancing{{FundID: fund, RatePercent: dec("85")}}
				budgeted = append(budgeted, part.ID)
				for _, per := range proj.Periods {
					for _, cat := range []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal} {
						lines = append(lines, socialsvc.BudgetLine{
							ID:        socialsvc.BudgetLineID("syn-bl-" + pn + "-" + pad(k+1, 2) + "-" + pad(per.Number, 2) + "-" + string(cat)),
							ProjectID: pid, PartnerID: part.ID, Category: cat, Period: per.Number,
							Amount: cents(100_000 + rng.Int64N(4_900_000))})
					}
				}
			}
			ds.Partners = append(ds.Partners, part)
		}
		lines, err := socialsvc.ApplyFlatRates(lines, proj.FlatRates, proj.ClosingPeriod())
		if err != nil {
			panic("demo: synthetic flat rates: " + err.Error())
		}
		for i := range lines {
			if l := &lines[i]; l.Computed {
				l.ID = socialsvc.BudgetLineID("syn-bl-" + string(l.PartnerID)[len("syn-prt-"):] + "-" + pad(l.Period, 2) + "-" + string(l.Category))
			}
		}
		ds.BudgetLines = append(ds.BudgetLines, lines...)

		days := int(end.Time().Sub(start.Time()).Hours()/24) + 1
		for k := range o.EventsPerProject {
			e := socialsvc.Event{ID: socialsvc.EventID("syn-evt-" + pn + "-" + pad(k+1, 4)), ProjectID: pid,
				Type:  synEventTypes[k%len(synEventTypes)],
				Title: i18n("Sintetski događaj "+pad(k+1, 4), "Synthetic event "+pad(k+1, 4)),
				Start: start.AddDays(k * days / o.EventsPerProject), Place: "Synthetic place", Country: reg[:2]}
			if len(budgeted) > 0 {
				e.Organiser = budgeted[k%len(budgeted)]
			}
			ds.Events = append(ds.Events, e)
		}

		ds.Indicators = append(ds.Indicators,
			socialsvc.Indicator{ID: socialsvc.IndicatorID("syn-ind-" + pn + "-1"), ProjectID: pid, Kind: socialsvc.KindOutput, Code: "SYN-O1",
				Name: i18n("Događaji", "Events"), Unit: "events", Baseline: decimal.Zero, Target: decimal.NewFromInt(int64(o.EventsPerProject)),
				Source: socialsvc.SourceComputed, Computation: socialsvc.CountEvents},
			socialsvc.Indicator{ID: socialsvc.IndicatorID("syn-ind-" + pn + "-2"), ProjectID: pid, Kind: socialsvc.KindOutput, Code: "SYN-O2",
				Name: i18n("Posjeti", "Visits"), Unit: "visits", Baseline: decimal.Zero, Target: decimal.NewFromInt(100),
				Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits},
			socialsvc.Indicator{ID: socialsvc.IndicatorID("syn-ind-" + pn + "-3"), ProjectID: pid, Kind: socialsvc.KindOutput, Code: "SYN-O3",
				Name: i18n("Osobe", "Individuals"), Unit: "people", Baseline: decimal.Zero, Target: decimal.NewFromInt(50),
				Source: socialsvc.SourceComputed, Computation: socialsvc.CountIndividuals},
			socialsvc.Indicator{ID: socialsvc.IndicatorID("syn-ind-" + pn + "-4"), ProjectID: pid, Kind: socialsvc.KindResult, Code: "SYN-R1",
				Name: i18n("Zaposleni 6 mjeseci nakon", "In employment six months after"), Unit: "people", Baseline: decimal.Zero, Target: decimal.NewFromInt(20),
				Source: socialsvc.SourceEntered},
		)
		ds.Measurements = append(ds.Measurements, socialsvc.Measurement{ID: socialsvc.MeasurementID("syn-msr-" + pn + "-4-1"),
			IndicatorID: socialsvc.IndicatorID("syn-ind-" + pn + "-4"), ProjectID: pid, Period: 1, Value: decimal.NewFromInt(int64(rng.IntN(21))),
			Source: socialsvc.SourceEntered, Evidence: "Synthetic evidence " + pn})
	}

	if o.Projects > 0 {
		synBeneficiaries(ds, o, rng)
	}
	for e := range SyntheticExpenditure(o, ds.Projects, ds.Partners) {
		ds.Expenditure = append(ds.Expenditure, e)
	}
	return ds
}

// synBeneficiaries adds o.Beneficiaries people, in turn to each project,
// each attending o.AttendancePerBeneficiary consecutive events of the
// project from a random one (wrapping round), so no event is attended
// twice by one person.
func synBeneficiaries(ds *Dataset, o SyntheticOptions, rng *rand.Rand) {
	index := make(map[socialsvc.ProjectID]int, len(ds.Projects))
	for i, p := range ds.Projects {
		index[p.ID] = i
	}
	leadOrg := make([]socialsvc.OrgID, len(ds.Projects))
	for _, p := range ds.Partners {
		if p.Role == socialsvc.RoleLead {
			leadOrg[index[p.ProjectID]] = p.OrgID
		}
	}
	ds.Beneficiaries = make([]socialsvc.Beneficiary, 0, o.Beneficiaries)
	ds.Attendance = make([]socialsvc.Attendance, 0, o.Beneficiaries*o.AttendancePerBeneficiary)
	genders := []socialsvc.Gender{socialsvc.GenderFemale, socialsvc.GenderMale, socialsvc.GenderUnknown}
	for b := range o.Beneficiaries {
		pi := b % len(ds.Projects)
		proj := &ds.Projects[pi]
		org := leadOrg[pi]
		if org == "" {
			// A project without partners: the person is served by the
			// first organisation, or the data set has none to give.
			if len(ds.Organisations) == 0 {
				return
			}
			org = ds.Organisations[0].ID
		}
		id := socialsvc.BeneficiaryID("syn-ben-" + pad(b+1, 7))
		ben := socialsvc.Beneficiary{ID: id, OrgID: org, ProjectID: proj.ID, Reference: "SYN-" + pad(b+1, 7),
			Gender: genders[b%len(genders)], LegalBasis: socialsvc.BasisConsent, ConsentDate: proj.Start,
			RetainUntil: socialsvc.DateOf(proj.End.Time().AddDate(5, 0, 0)), Region: proj.Regions[0].Code}
		if b%2 == 0 {
			ben.AgeBand = socialsvc.AgeBands[1+(b/2)%4]
		} else {
			ben.BirthYear = 1950 + b%50
		}
		if b%5 == 0 {
			ben.TargetGroups = []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed}
		}
		ds.Beneficiaries = append(ds.Beneficiaries, ben)
		if o.AttendancePerBeneficiary == 0 {
			continue
		}
		first := rng.IntN(o.EventsPerProject)
		evBase := pi * o.EventsPerProject
		for j := range o.AttendancePerBeneficiary {
			e := ds.Events[evBase+(first+j)%o.EventsPerProject]
			ds.Attendance = append(ds.Attendance, socialsvc.Attendance{EventID: e.ID, BeneficiaryID: id, ProjectID: proj.ID})
		}
	}
}

// SyntheticExpenditure streams o.ExpenditurePerProject expenditure lines
// for each project that has a budgeted (lead or partner) partner among
// partners, without holding them: a benchmark over a million lines costs
// the memory of one. The stream is the same every time it is iterated and
// for the same options.
//
// Amounts are between 1.00 and 50,000.00. One line in four dated before
// 2023 is in kuna, converted at the fixed rate 7.53450 that the synthetic
// projects' rate rule takes from their agreement (fixedRateAgreement); the
// rest are in euro at rate 1.
func SyntheticExpenditure(o SyntheticOptions, projects []socialsvc.Project, partners []socialsvc.Partner) iter.Seq[socialsvc.Expenditure] {
	o = o.normalised()
	return func(yield func(socialsvc.Expenditure) bool) {
		if o.ExpenditurePerProject == 0 {
			return
		}
		budgeted := map[socialsvc.ProjectID][]socialsvc.PartnerID{}
		for _, p := range partners {
			if p.Role != socialsvc.RoleAssociated {
				budgeted[p.ProjectID] = append(budgeted[p.ProjectID], p.ID)
			}
		}
		rng := rand.New(rand.NewPCG(o.Seed, streamExpenditure))
		one := decimal.NewFromInt(1)
		cats := []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment}
		idBuf := make([]byte, 0, 64)
		for pi := range projects {
			proj := &projects[pi]
			parts := budgeted[proj.ID]
			if len(parts) == 0 {
				continue
			}
			// The days of the project and their reporting periods, worked
			// out once rather than per line.
			n := int(proj.End.Time().Sub(proj.Start.Time())/(24*time.Hour)) + 1
			if n < 1 {
				n = 1
			}
			days := make([]socialsvc.Date, n)
			periods := make([]int, n)
			for d := range days {
				days[d] = proj.Start.AddDays(d)
				periods[d] = proj.PeriodOf(days[d])
			}
			// One buffer for the IDs: each line's ID costs one allocation.
			id := append(idBuf[:0], "syn-exp-"...)
			id = append(id, strings.TrimPrefix(string(proj.ID), "syn-prj-")...)
			id = append(id, '-')
			prefix := len(id)
			for k := range o.ExpenditurePerProject {
				d := rng.IntN(n)
				date := days[d]
				amount := socialsvc.Cents(100+rng.Int64N(4_999_901), socialsvc.EUR)
				e := socialsvc.Expenditure{
					ID:        socialsvc.ExpenditureID(appendPadded(id[:prefix], k+1, 7)),
					ProjectID: proj.ID, PartnerID: parts[k%len(parts)], Category: cats[k%len(cats)],
					Period: periods[d], Date: date, Description: "Synthetic expenditure",
					Amount: amount, Converted: amount,
					Conversion: socialsvc.Conversion{Rate: one, RateDate: date, Source: "EUR", Basis: socialsvc.RateBasisSameCurrency},
				}
				if date.Year < 2023 && k%4 == 3 {
					e.Amount = socialsvc.Cents(amount.Cents(), socialsvc.HRK)
					eur, err := e.Amount.ToEUR()
					if err != nil {
						panic("demo: synthetic conversion: " + err.Error())
					}
					e.Converted = eur
					cr := proj.RateRule.ContractRates[0]
					e.Conversion = socialsvc.Conversion{Rate: cr.Rate, RateDate: cr.Date, Source: cr.Source, Basis: socialsvc.RateBasisContract}
				}
				if !yield(e) {
					return
				}
			}
		}
	}
}
