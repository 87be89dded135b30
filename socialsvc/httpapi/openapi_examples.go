package httpapi

import (
	"encoding/json"
	"reflect"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// bodyExamples is the example of each request body: one small project of
// a Split NGO, from the organisation to its first expenditure, whose
// records refer to each other, so that the examples in the order of
// exampleOrder can be sent as they are (TestOpenAPIExamplesAreAccepted
// does: each is created with 201 and nothing else). The nested schemas
// (Money, I18n, Period ...) take their examples from these values. Server
// set properties (readOnly) are left out of the examples.
var bodyExamples = map[reflect.Type]any{
	typeOf[socialsvc.Organisation](): socialsvc.Organisation{ID: "udruga-most", Name: "Udruga Most", ShortName: "Most",
		LegalStatus: socialsvc.LegalNGO, Country: "HR", TaxID: "69483227195", City: "Split", Website: "https://most.example.org",
		Region:  &socialsvc.Region{Code: "HR03", Version: "2021", Name: "Jadranska Hrvatska"},
		Contact: &socialsvc.Contact{Name: "Ured projekta", Email: "projekti@most.example.org", Phone: "+385 21 000 000"}},
	typeOf[socialsvc.Fund](): socialsvc.Fund{ID: "esf-plus", Code: "ESF+", Kind: socialsvc.FundEU, MaxRatePercent: decimal.NewFromInt(85),
		Name: socialsvc.I18n{"hr": "Europski socijalni fond plus", "en": "European Social Fund Plus"}},
	typeOf[socialsvc.Rate](): socialsvc.Rate{Currency: "GBP", Month: mustMonth("2024-03"), Rate: decimal.RequireFromString("0.8551"), Source: "InforEuro"},
	typeOf[socialsvc.Project](): socialsvc.Project{ID: "most-zajednice", Acronym: "MOST", Status: socialsvc.StatusDraft,
		Title:       socialsvc.I18n{"hr": "Most zajednice", "en": "Community bridge"},
		Description: socialsvc.I18n{"en": "Workshops and counselling for long-term unemployed women in Split."},
		Languages:   []socialsvc.Lang{"hr", "en"},
		Programme:   "Učinkoviti ljudski potencijali 2021.-2027.", Call: "SOC-2023-01",
		Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2025-12-31"), Currency: socialsvc.EUR,
		Regions: []socialsvc.Region{{Code: "HR03", Version: "2021"}},
		Periods: []socialsvc.Period{{Number: 1, Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31")},
			{Number: 2, Start: socialsvc.MustDate("2025-01-01"), End: socialsvc.MustDate("2025-12-31")}},
		FlatRates:   []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: decimal.NewFromInt(15)}},
		Eligibility: &socialsvc.Span{Start: socialsvc.MustDate("2023-10-01"), End: socialsvc.MustDate("2026-01-31")},
		RateRule: socialsvc.RateRule{Kind: socialsvc.RateContract,
			ContractRates: []socialsvc.ContractRate{{Currency: "GBP", Rate: decimal.RequireFromString("0.86"), Date: socialsvc.MustDate("2023-12-15"), Source: "Grant agreement SOC-2023-01-07"}}},
		PlanningRate: &socialsvc.PlanningRate{Rate: decimal.RequireFromString("7.53450"), Date: socialsvc.MustDate("2022-07-12"), Source: "Council Regulation (EU) 2022/1208"},
		UnitCosts: []socialsvc.UnitCost{{Code: "UC-DAY", Name: socialsvc.I18n{"hr": "Dan sudjelovanja", "en": "Participant-day"}, Unit: "participant-day",
			Price: socialsvc.MustMoney("42.00", socialsvc.EUR)}},
		LumpSums: []socialsvc.LumpSum{{Code: "LS-GUIDE", Name: socialsvc.I18n{"en": "Employer guide"}, Deliverable: socialsvc.I18n{"en": "The published guide"},
			Amount: socialsvc.MustMoney("3000.00", socialsvc.EUR), Period: 2}},
		Modifications: []socialsvc.Modification{{Date: socialsvc.MustDate("2025-06-30"), PreviousEnd: socialsvc.MustDate("2025-09-30"),
			NewEnd: socialsvc.MustDate("2025-12-31"), Reason: "Later start of the workshops", Reference: "A1"}}},
	typeOf[Transition](): Transition{To: socialsvc.StatusSubmitted},
	typeOf[socialsvc.Partner](): socialsvc.Partner{ID: "most-zajednice-lp", OrgID: "udruga-most", Role: socialsvc.RoleLead, Number: 1,
		Funding: []socialsvc.CoFinancing{{FundID: "esf-plus", RatePercent: decimal.NewFromInt(85)}}},
	typeOf[socialsvc.WorkPackage](): socialsvc.WorkPackage{ID: "most-zajednice-t1", Code: "T1",
		Title: socialsvc.I18n{"hr": "Radionice", "en": "Workshops"}, LeadPartner: "most-zajednice-lp"},
	typeOf[socialsvc.Activity](): socialsvc.Activity{ID: "most-zajednice-t1-1", WorkPackageID: "most-zajednice-t1", Code: "T1.1",
		Title: socialsvc.I18n{"hr": "Radionice zapošljivosti", "en": "Employability workshops"}},
	typeOf[socialsvc.Event](): socialsvc.Event{ID: "most-zajednice-ev1", ActivityID: "most-zajednice-t1-1", Type: socialsvc.EventWorkshop,
		Title: socialsvc.I18n{"hr": "Radionica 1: životopis", "en": "Workshop 1: the CV"}, Start: socialsvc.MustDate("2024-03-12"),
		End: socialsvc.MustDate("2024-03-12"), Place: "Split", Country: "HR", Organiser: "most-zajednice-lp", ReportedParticipants: 2},
	typeOf[socialsvc.Beneficiary](): socialsvc.Beneficiary{ID: "most-b-0001", OrgID: "udruga-most", ProjectID: "most-zajednice",
		Reference: "K-2024-001", Gender: socialsvc.GenderFemale, BirthYear: 1987, Region: "HR03",
		LegalBasis: socialsvc.BasisConsent, ConsentDate: socialsvc.MustDate("2024-03-01"), RetainUntil: socialsvc.MustDate("2030-12-31")},
	typeOf[socialsvc.Attendance](): socialsvc.Attendance{BeneficiaryID: "most-b-0001"},
	typeOf[socialsvc.Participation](): socialsvc.Participation{ID: "most-zajednice-p0001", BeneficiaryID: "most-b-0001",
		EntryDate: socialsvc.MustDate("2024-03-12"), ExitDate: socialsvc.MustDate("2024-06-28"),
		LabourStatus: socialsvc.LabourLongTermUnemployed, ISCED: new(3), Disability: socialsvc.AnswerNo,
		ThirdCountryNational: socialsvc.AnswerNo, ForeignBackground: socialsvc.AnswerNo, Minority: socialsvc.Refused,
		Homeless: socialsvc.AnswerNo, Rural: socialsvc.AnswerNo,
		ExitSituation: []socialsvc.Result{{Outcome: socialsvc.OutcomeJobSearching, ObservedOn: socialsvc.MustDate("2024-06-28"), Source: socialsvc.SourceAsked},
			{Outcome: socialsvc.OutcomeQualification, ObservedOn: socialsvc.MustDate("2024-06-28"), Source: socialsvc.SourceAsked}},
		SixMonthSituation: []socialsvc.Result{{Outcome: socialsvc.OutcomeEmployed, ObservedOn: socialsvc.MustDate("2025-01-15"), Source: socialsvc.SourceRegister}}},
	typeOf[socialsvc.Indicator](): socialsvc.Indicator{ID: "most-zajednice-rco81", Kind: socialsvc.KindOutput, Code: "RCO81",
		Name: socialsvc.I18n{"hr": "Sudjelovanja u zajedničkim aktivnostima", "en": "Participations in joint actions"}, Unit: "participations",
		Baseline: decimal.Zero, Target: decimal.NewFromInt(120), Source: socialsvc.SourceEntered},
	typeOf[socialsvc.Measurement](): socialsvc.Measurement{ID: "most-zajednice-rco81-p1", Period: 1, Value: decimal.NewFromInt(34),
		Source: socialsvc.SourceEntered, Evidence: "Attendance lists of workshops 1 to 3", Note: "First quarter"},
	typeOf[socialsvc.BudgetLine](): socialsvc.BudgetLine{ID: "most-zajednice-bl1", PartnerID: "most-zajednice-lp", Category: socialsvc.CatStaff,
		Period: 1, Amount: socialsvc.MustMoney("45000.00", socialsvc.EUR), Description: "Two workshop leaders, part time"},
	typeOf[socialsvc.Expenditure](): socialsvc.Expenditure{ID: "most-zajednice-ex1", PartnerID: "most-zajednice-lp", Category: socialsvc.CatStaff,
		Period: 1, Date: socialsvc.MustDate("2024-03-31"), Amount: socialsvc.MustMoney("3750.00", socialsvc.EUR), Description: "March salaries"},

	// The reporting cycle of the same project: the lead partner's first
	// report, a line, its submission and control, the project report,
	// its verification, the payment recorded, and an advance.
	typeOf[socialsvc.PartnerReport](): socialsvc.PartnerReport{ID: "most-zajednice-pr1", PartnerID: "most-zajednice-lp", Period: 1,
		// The own contribution of 4.312,50 declared (3.750,00 staff and
		// 562,50 office at 15 %) less ESF+'s 85 % share, 3.665,62.
		Contributions: []socialsvc.Contribution{{Source: socialsvc.ContributionPublic, Name: "Grad Split", Amount: socialsvc.MustMoney("400.00", socialsvc.EUR)},
			{Source: socialsvc.ContributionPrivate, Name: "Udruga Most", Amount: socialsvc.MustMoney("246.88", socialsvc.EUR)}}},
	typeOf[socialsvc.ReportExpenditure](): socialsvc.ReportExpenditure{ID: "most-zajednice-pr1-1", Category: socialsvc.CatStaff,
		Description: "March salaries", Amount: socialsvc.MustMoney("3750.00", socialsvc.EUR), InvoiceNumber: "PL-03/2024",
		InvoiceDate: socialsvc.MustDate("2024-03-31"), PaymentDate: socialsvc.MustDate("2024-04-05"), InternalRef: "GK-2024-118"},
	typeOf[ReportTransition](): ReportTransition{To: socialsvc.ReportSubmitted},
	typeOf[ControlDecisions](): ControlDecisions{Lines: []store.LineDecision{{ExpenditureID: "most-zajednice-pr1-1",
		LineControl: socialsvc.LineControl{InSample: true, Certified: socialsvc.MustMoney("3500.00", socialsvc.EUR), Deducted: socialsvc.MustMoney("250.00", socialsvc.EUR),
			ErrorType: socialsvc.ErrIneligibleCost, Comment: "Overtime outside the project's tasks"}}}},
	typeOf[CarryRequest](): CarryRequest{From: "most-zajednice-pr1"},
	typeOf[socialsvc.ProjectReport](): socialsvc.ProjectReport{ID: "most-zajednice-prr1", Period: 1,
		PartnerReportIDs: []socialsvc.PartnerReportID{"most-zajednice-pr1"}},
	typeOf[ProjectReportTransition](): ProjectReportTransition{To: socialsvc.ProjectReportVerified},
	typeOf[PaymentRecord]():           PaymentRecord{Paid: socialsvc.MustMoney("2000.00", socialsvc.EUR), PaidOn: socialsvc.MustDate("2024-06-14")},
	typeOf[socialsvc.Advance](): socialsvc.Advance{ID: "most-zajednice-adv1", PartnerID: "most-zajednice-lp", FundID: "esf-plus",
		Amount: socialsvc.MustMoney("5000.00", socialsvc.EUR), PaidOn: socialsvc.MustDate("2024-02-01")},
}

func mustMonth(s string) socialsvc.Month {
	m, err := socialsvc.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// exampleOf returns the JSON example of request body t: bodyExamples'
// value without the properties schema marks readOnly, or nil when there
// is none.
func (g *schemaGen) exampleOf(t reflect.Type) any {
	v, ok := bodyExamples[t]
	if !ok {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("httpapi: example of " + t.String() + ": " + err.Error())
	}
	var ex any
	if err := json.Unmarshal(b, &ex); err != nil {
		panic("httpapi: example of " + t.String() + ": " + err.Error())
	}
	return g.writableExample(g.schema(t, false), ex)
}

// writableExample removes from ex what schema s marks readOnly, and
// gives each component it passes through that has no example yet the
// part of ex it describes.
func (g *schemaGen) writableExample(s map[string]any, ex any) any {
	if ref, ok := s["$ref"].(string); ok {
		name := ref[len("#/components/schemas/"):]
		c, _ := g.components[name].(map[string]any)
		if c == nil {
			return ex
		}
		ex = g.writableExample(c, ex)
		if _, has := c["examples"]; !has && ex != nil {
			c["examples"] = []any{ex}
		}
		return ex
	}
	switch x := ex.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for k, v := range x {
			p, _ := props[k].(map[string]any)
			if p == nil {
				continue
			}
			if p["readOnly"] == true {
				delete(x, k)
				continue
			}
			x[k] = g.writableExample(p, v)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, v := range x {
				x[i] = g.writableExample(items, v)
			}
		}
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		if alts, ok := s[key].([]any); ok {
			for _, a := range alts {
				if am, ok := a.(map[string]any); ok && am["$ref"] != nil {
					ex = g.writableExample(am, ex)
				}
			}
		}
	}
	return ex
}
