package socialsvc_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ---- fixtures: a 2SoKroG-like project and valid values of every type ----

func vday(s string) socialsvc.Date       { return socialsvc.MustDate(s) }
func vdec(s string) decimal.Decimal      { return decimal.RequireFromString(s) }
func veur(cents int64) socialsvc.Money   { return socialsvc.Cents(cents, socialsvc.EUR) }
func vi18n(hr, en string) socialsvc.I18n { return socialsvc.I18n{"hr": hr, "en": en} }

// vProject is seed 004 (2SoKroG) as the validation rules see it.
func vProject() socialsvc.Project {
	return socialsvc.Project{
		ID:      "2sokrog",
		Acronym: "2SoKroG",
		Title: vi18n("Socijalna aktivacija za osiguranje zdravog, sigurnog i pristupačnog pograničnog područja",
			"Social activation for a healthy, safe and accessible border area"),
		Programme:    "Interreg V-A Slovenia–Croatia 2014–2020",
		PriorityAxis: "3",
		Start:        vday("2018-09-01"),
		End:          vday("2020-08-31"),
		Status:       socialsvc.StatusInImplementation,
		Currency:     socialsvc.EUR,
		Regions: []socialsvc.Region{
			{Code: "SI032", Version: socialsvc.NUTS2021, Name: "Podravska"},
			{Code: "HR062", Version: socialsvc.NUTS2021, Name: "Varaždinska županija"},
		},
		TargetGroups: []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed, socialsvc.TGPublicSectorStaff},
		Periods: []socialsvc.Period{
			{Number: 1, Start: vday("2018-09-01"), End: vday("2019-02-28")},
			{Number: 2, Start: vday("2019-03-01"), End: vday("2019-08-31")},
			{Number: 3, Start: vday("2019-09-01"), End: vday("2020-02-29")},
			{Number: 4, Start: vday("2020-03-01"), End: vday("2020-08-31")},
		},
		FlatRates: []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: vdec("15")}},
		Website:   "https://2sokrog.bistra.si",
	}
}

func vOrg() socialsvc.Organisation {
	return socialsvc.Organisation{
		Name: "Grad Varaždin", LegalStatus: socialsvc.LegalPublicBody, Country: "HR",
		Region: &socialsvc.Region{Code: "HR062", Version: socialsvc.NUTS2021},
		City:   "Varaždin", Website: "https://varazdin.hr",
		Contact: &socialsvc.Contact{Name: "Ured za EU projekte", Email: "eu@varazdin.hr", Phone: "+385 42 000 000"},
	}
}

func vPartner(id string, role socialsvc.Role, number int, funding ...socialsvc.CoFinancing) socialsvc.Partner {
	return socialsvc.Partner{ID: socialsvc.PartnerID(id), ProjectID: "2sokrog", OrgID: socialsvc.OrgID("org-" + id), Role: role, Number: number, Funding: funding}
}

func vRate(fund socialsvc.FundID, pct string) socialsvc.CoFinancing {
	return socialsvc.CoFinancing{FundID: fund, RatePercent: vdec(pct)}
}

func vFund() socialsvc.Fund {
	return socialsvc.Fund{ID: "erdf", Code: "ERDF", Name: vi18n("EFRR", "ERDF"), Kind: socialsvc.FundEU, MaxRatePercent: vdec("85")}
}

func vEvent() socialsvc.Event {
	return socialsvc.Event{ProjectID: "2sokrog", Type: socialsvc.EventConference, Title: vi18n("Završna konferencija", "Final conference"),
		Start: vday("2020-06-17"), Place: "Ptuj", Country: "SI", ReportedParticipants: 180}
}

func vBeneficiary() socialsvc.Beneficiary {
	return socialsvc.Beneficiary{OrgID: "org-csd", ProjectID: "2sokrog", Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age55to64,
		Region: "HR061", TargetGroups: []socialsvc.TargetGroup{socialsvc.TGLongTermUnemployed},
		LegalBasis: socialsvc.BasisConsent, ConsentDate: vday("2019-03-01"), RetainUntil: vday("2030-12-31")}
}

func vIndicator() socialsvc.Indicator {
	return socialsvc.Indicator{ProjectID: "2sokrog", Kind: socialsvc.KindOutput, Code: "RCO81",
		Name: vi18n("Sudjelovanja u zajedničkim aktivnostima", "Participations in joint actions across borders"), Unit: "participations",
		Baseline: vdec("0"), Target: vdec("180"), Source: socialsvc.SourceComputed, Computation: socialsvc.CountVisits,
		EventTypes: []socialsvc.EventType{socialsvc.EventWorkshop}}
}

func vMeasurement() socialsvc.Measurement {
	return socialsvc.Measurement{IndicatorID: "ind-1", Period: 2, Value: vdec("12"), Source: socialsvc.SourceEntered, Evidence: "potpisne liste"}
}

func vLine() socialsvc.BudgetLine {
	return socialsvc.BudgetLine{ProjectID: "2sokrog", PartnerID: "lp", Category: socialsvc.CatStaff, Period: 1, Amount: veur(1_234_56)}
}

func vExpenditure() socialsvc.Expenditure {
	return socialsvc.Expenditure{ProjectID: "2sokrog", PartnerID: "lp", Category: socialsvc.CatTravel, Period: 2, Date: vday("2019-04-10"),
		Amount: socialsvc.Cents(7534_50, socialsvc.HRK), Converted: veur(1000_00),
		Conversion: socialsvc.Conversion{Rate: socialsvc.HRKPerEUR, RateDate: vday("2019-04-10"), Source: socialsvc.RateSourceFixedHRK}}
}

func vExRate() socialsvc.Rate {
	return socialsvc.Rate{Currency: socialsvc.HRK, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("7.40"), Source: "InforEuro"}
}

// vOIB returns the valid OIB that completes ten digits, found with
// ValidOIB itself rather than typed in.
func vOIB(t *testing.T, first10 string) string {
	t.Helper()
	for c := '0'; c <= '9'; c++ {
		if s := first10 + string(c); socialsvc.ValidOIB(s) {
			return s
		}
	}
	require.FailNow(t, "no check digit completes "+first10)
	return ""
}

// vBadCheckDigit returns id with its last digit changed.
func vBadCheckDigit(id string) string {
	last := id[len(id)-1]
	return id[:len(id)-1] + string(rune('0'+(last-'0'+1)%10))
}

// vSITax returns the valid Slovenian tax number that completes seven digits.
func vSITax(t *testing.T, first7 string) string {
	t.Helper()
	for c := '0'; c <= '9'; c++ {
		if s := first7 + string(c); socialsvc.ValidSITaxNumber(s) {
			return s
		}
	}
	require.FailNow(t, "no check digit completes "+first7)
	return ""
}

// ---- assertions ----

// vField is an expected field error.
type vField struct{ field, rule string }

// requireFields asserts that err is an Invalid (or code) *Error whose
// fields are exactly want, in any order, that every message is given in
// both languages, and that no message repeats a rejected value.
func requireFields(t *testing.T, err error, code string, want []vField, rejected ...string) {
	t.Helper()
	require.Error(t, err)
	var e *socialsvc.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, code, e.Code, "error: %v", err)
	var got []vField
	for _, f := range e.Fields {
		got = append(got, vField{f.Field, f.Rule})
		assert.NotEmpty(t, f.Message, "%s: English message", f.Field)
		assert.NotEmpty(t, f.MessageHR, "%s: Croatian message", f.Field)
		for _, r := range rejected {
			if r == "" {
				continue
			}
			assert.NotContains(t, f.Message, r, "%s: the message must not repeat the rejected value", f.Field)
			assert.NotContains(t, f.MessageHR, r, "%s: the message must not repeat the rejected value", f.Field)
		}
	}
	for _, r := range rejected {
		if r != "" {
			assert.NotContains(t, err.Error(), r, "the error text must not repeat the rejected value")
		}
	}
	assert.ElementsMatch(t, want, got, "error: %v", err)
}

func one(field, rule string) []vField { return []vField{{field, rule}} }

// ---- struct tags ----

// tagCase mutates a valid value so that exactly one field fails.
type tagCase struct {
	name      string
	value     func() any
	field     string
	rule      string
	rejected  string // the value that must not appear in messages
	message   string // expected English message, when the case pins it
	messageHR string
}

func tagCases() []tagCase {
	project := func(mod func(*socialsvc.Project)) func() any {
		return func() any { p := vProject(); mod(&p); return &p }
	}
	org := func(mod func(*socialsvc.Organisation)) func() any {
		return func() any { o := vOrg(); mod(&o); return &o }
	}
	partner := func(mod func(*socialsvc.Partner)) func() any {
		return func() any { p := vPartner("lp", socialsvc.RoleLead, 1, vRate("erdf", "85")); mod(&p); return &p }
	}
	event := func(mod func(*socialsvc.Event)) func() any {
		return func() any { e := vEvent(); mod(&e); return &e }
	}
	ben := func(mod func(*socialsvc.Beneficiary)) func() any {
		return func() any { b := vBeneficiary(); mod(&b); return &b }
	}
	ind := func(mod func(*socialsvc.Indicator)) func() any {
		return func() any { i := vIndicator(); mod(&i); return &i }
	}
	meas := func(mod func(*socialsvc.Measurement)) func() any {
		return func() any { m := vMeasurement(); mod(&m); return &m }
	}
	line := func(mod func(*socialsvc.BudgetLine)) func() any {
		return func() any { l := vLine(); mod(&l); return &l }
	}
	fund := func(mod func(*socialsvc.Fund)) func() any {
		return func() any { f := vFund(); mod(&f); return &f }
	}
	exp := func(mod func(*socialsvc.Expenditure)) func() any {
		return func() any { e := vExpenditure(); mod(&e); return &e }
	}
	rate := func(mod func(*socialsvc.Rate)) func() any {
		return func() any { r := vExRate(); mod(&r); return &r }
	}
	return []tagCase{
		// builtin tags
		{name: "required string", value: project(func(p *socialsvc.Project) { p.Acronym = "" }), field: "acronym", rule: "required",
			message: "is required", messageHR: "je obavezno"},
		{name: "required id", value: partner(func(p *socialsvc.Partner) { p.OrgID = "" }), field: "org_id", rule: "required"},
		{name: "max on a string", value: project(func(p *socialsvc.Project) { p.Acronym = strings.Repeat("Ž", 51) }), field: "acronym", rule: "max",
			rejected: strings.Repeat("Ž", 51), message: "must be at most 50 characters", messageHR: "smije imati najviše 50 znakova"},
		{name: "max counts characters, not bytes", value: project(func(p *socialsvc.Project) { p.Acronym = strings.Repeat("Ž", 50) + "x" }), field: "acronym", rule: "max"},
		{name: "max inside I18n", value: project(func(p *socialsvc.Project) { p.Description = socialsvc.I18n{"en": strings.Repeat("a", 10001)} }), field: "description.en", rule: "max"},
		{name: "max on a list", value: ben(func(b *socialsvc.Beneficiary) {
			b.TargetGroups = nil
			for range 21 {
				b.TargetGroups = append(b.TargetGroups, socialsvc.TGYouth)
			}
		}), field: "target_groups", rule: "max", message: "must have at most 20 items", messageHR: "smije imati najviše 20 stavki"},
		{name: "max on a number", value: event(func(e *socialsvc.Event) { e.ReportedParticipants = 1_000_001 }), field: "reported_participants", rule: "max",
			rejected: "1000001", message: "must be at most 1000000", messageHR: "smije biti najviše 1000000"},
		{name: "min on a number", value: partner(func(p *socialsvc.Partner) { p.Number = -3 }), field: "number", rule: "min", rejected: "-3",
			message: "must be at least 0", messageHR: "mora biti najmanje 0"},
		{name: "min in a period (dive)", value: project(func(p *socialsvc.Project) { p.Periods[1].Number = 0 }), field: "periods[1].number", rule: "min"},
		{name: "min on birth year", value: ben(func(b *socialsvc.Beneficiary) { b.AgeBand = ""; b.BirthYear = 1850 }), field: "birth_year", rule: "min", rejected: "1850"},
		{name: "http_url", value: project(func(p *socialsvc.Project) { p.Website = "2sokrog bistra" }), field: "website", rule: "http_url", rejected: "2sokrog bistra",
			message: "must be an http or https address such as https://example.org"},
		{name: "http_url javascript", value: project(func(p *socialsvc.Project) { p.Website = "javascript:alert(1)" }), field: "website", rule: "http_url", rejected: "javascript:alert(1)"},
		{name: "http_url ftp", value: org(func(o *socialsvc.Organisation) { o.Website = "ftp://bistra.si/" }), field: "website", rule: "http_url", rejected: "ftp://bistra.si/"},
		{name: "http_url data", value: org(func(o *socialsvc.Organisation) { o.Website = "data:text/html,<b>x</b>" }), field: "website", rule: "http_url"},
		{name: "http_url file", value: org(func(o *socialsvc.Organisation) { o.Website = "file:///etc/passwd" }), field: "website", rule: "http_url", rejected: "/etc/passwd"},
		{name: "http_url no host", value: org(func(o *socialsvc.Organisation) { o.Website = "https:///path" }), field: "website", rule: "http_url"},
		{name: "http_url user info", value: org(func(o *socialsvc.Organisation) { o.Website = "https://bank.hr@evil.example/" }), field: "website", rule: "http_url", rejected: "evil.example"},
		{name: "http_url CRLF", value: org(func(o *socialsvc.Organisation) { o.Website = "https://bistra.si/\r\nSet-Cookie:x=1" }), field: "website", rule: "http_url"},
		{name: "email in a nested pointer", value: org(func(o *socialsvc.Organisation) { o.Contact.Email = "ana.horvat-at-varazdin" }), field: "contact.email", rule: "email",
			rejected: "ana.horvat-at-varazdin"},
		{name: "required_if", value: meas(func(m *socialsvc.Measurement) { m.Evidence = "" }), field: "evidence", rule: "required_if",
			message: "is required when source is entered"},
		// dates
		{name: "date_required zero", value: project(func(p *socialsvc.Project) { p.Start = socialsvc.Date{} }), field: "start", rule: "date_required",
			message: "is required", messageHR: "je obavezno"},
		{name: "date_required not a date", value: project(func(p *socialsvc.Project) { p.Start = socialsvc.NewDate(2018, 2, 30) }), field: "start", rule: "date_required",
			rejected: "2018-02-30", message: "must be a real calendar date (YYYY-MM-DD)"},
		{name: "date_required in a period", value: project(func(p *socialsvc.Project) { p.Periods[2].End = socialsvc.Date{} }), field: "periods[2].end", rule: "date_required"},
		{name: "date_required retention", value: ben(func(b *socialsvc.Beneficiary) { b.RetainUntil = socialsvc.Date{} }), field: "retain_until", rule: "date_required"},
		{name: "date_required expenditure", value: exp(func(e *socialsvc.Expenditure) { e.Date = socialsvc.NewDate(2019, 13, 1) }), field: "date", rule: "date_required"},
		{name: "omitempty_date", value: event(func(e *socialsvc.Event) { e.End = socialsvc.NewDate(2020, 6, 31) }), field: "end", rule: "omitempty_date", rejected: "2020-06-31"},
		{name: "gtefield_date project", value: project(func(p *socialsvc.Project) { p.End = vday("2018-08-31") }), field: "end", rule: "gtefield_date",
			rejected: "2018-08-31", message: "must not be before start"},
		{name: "gtefield_date period", value: project(func(p *socialsvc.Project) { p.Periods[0].End = vday("2018-08-31") }), field: "periods[0].end", rule: "gtefield_date"},
		{name: "gtefield_date event", value: event(func(e *socialsvc.Event) { e.End = vday("2020-06-16") }), field: "end", rule: "gtefield_date"},
		// I18n
		{name: "i18n_required empty", value: project(func(p *socialsvc.Project) { p.Title = socialsvc.I18n{} }), field: "title", rule: "i18n_required"},
		{name: "i18n_required blank", value: fund(func(f *socialsvc.Fund) { f.Name = vi18n(" ", "\t") }), field: "name", rule: "i18n_required"},
		{name: "i18n_required in any language", value: fund(func(f *socialsvc.Fund) { f.Name = socialsvc.I18n{"sl": " "} }), field: "name", rule: "i18n_required",
			message: "is required in at least one language"},
		// languages of texts (BCP 47, canonical, ISO 639-1 languages)
		{name: "lang key of a text", value: project(func(p *socialsvc.Project) { p.Title["xx"] = "?" }), field: "title.xx", rule: "lang",
			message: "must be a language tag such as hr, sl, en or sr-Latn (BCP 47 in canonical form, of a language with a two-letter ISO 639-1 code)"},
		{name: "lang key not canonical", value: project(func(p *socialsvc.Project) { p.Title["sr-latn"] = "Naslov" }), field: "title.sr-latn", rule: "lang"},
		{name: "lang key with underscore", value: project(func(p *socialsvc.Project) { p.Title["sr_Latn"] = "Naslov" }), field: "title.sr_Latn", rule: "lang"},
		{name: "lang key upper case", value: project(func(p *socialsvc.Project) { p.Title["HR"] = "Naslov" }), field: "title.HR", rule: "lang"},
		{name: "lang key of a three-letter language", value: fund(func(f *socialsvc.Fund) { f.Name["rom"] = "Romani" }), field: "name.rom", rule: "lang"},
		{name: "lang key with a variant", value: fund(func(f *socialsvc.Fund) { f.Name["sl-rozaj"] = "x" }), field: "name.sl-rozaj", rule: "lang"},
		{name: "lang key in a list", value: project(func(p *socialsvc.Project) {
			p.UnitCosts = []socialsvc.UnitCost{{Code: "UC", Name: socialsvc.I18n{"en": "Day", "en-": "?"}, Unit: "day", Price: veur(1000)}}
		}), field: "unit_costs[0].name.en-", rule: "lang"},
		{name: "lang key not a tag at all", value: project(func(p *socialsvc.Project) { p.Description = socialsvc.I18n{"a b/c": "x"} }), field: "description", rule: "lang"},
		{name: "max of a text in another language", value: project(func(p *socialsvc.Project) { p.Description = socialsvc.I18n{"sl": strings.Repeat("č", 10001)} }),
			field: "description.sl", rule: "max", message: "must be at most 10000 characters"},
		{name: "max languages of a text", value: project(func(p *socialsvc.Project) {
			p.Description = socialsvc.I18n{}
			for _, l := range strings.Fields("aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cv cy da de dv dz ee") {
				p.Description[socialsvc.Lang(l)] = "x"
			}
		}), field: "description", rule: "max", message: "may hold texts in at most 32 languages"},
		{name: "lang of the project", value: project(func(p *socialsvc.Project) { p.Languages = []socialsvc.Lang{"sl", "slovenščina"} }), field: "languages[1]", rule: "lang",
			rejected: "slovenščina"},
		// enumerations
		{name: "status", value: project(func(p *socialsvc.Project) { p.Status = "finished_maybe" }), field: "status", rule: "status", rejected: "finished_maybe"},
		{name: "currency unknown", value: project(func(p *socialsvc.Project) { p.Currency = "XYZ" }), field: "currency", rule: "currency", rejected: "XYZ"},
		{name: "currency lower case", value: rate(func(r *socialsvc.Rate) { r.Currency = "hrk" }), field: "currency", rule: "currency", rejected: "hrk"},
		{name: "nuts on a region", value: project(func(p *socialsvc.Project) { p.Regions[1].Code = "hr062" }), field: "regions[1].code", rule: "nuts", rejected: "hr062"},
		{name: "nuts on a string field", value: ben(func(b *socialsvc.Beneficiary) { b.Region = "Zagreb" }), field: "region", rule: "nuts", rejected: "Zagreb"},
		{name: "nuts_version", value: project(func(p *socialsvc.Project) { p.Regions[0].Version = "2010" }), field: "regions[0].version", rule: "nuts_version", rejected: "2010"},
		{name: "nuts_version on a pointer", value: org(func(o *socialsvc.Organisation) { o.Region.Version = "1999" }), field: "region.version", rule: "nuts_version", rejected: "1999"},
		{name: "legal_status", value: org(func(o *socialsvc.Organisation) { o.LegalStatus = "charity_trust" }), field: "legal_status", rule: "legal_status", rejected: "charity_trust"},
		{name: "country unassigned", value: org(func(o *socialsvc.Organisation) { o.Country = "QZ" }), field: "country", rule: "country", rejected: "QZ"},
		{name: "country lower case", value: org(func(o *socialsvc.Organisation) { o.Country = "hr"; o.Region = nil }), field: "country", rule: "country"},
		{name: "country reserved", value: org(func(o *socialsvc.Organisation) { o.Country = "EU"; o.Region = nil }), field: "country", rule: "country"},
		{name: "country on an event", value: event(func(e *socialsvc.Event) { e.Country = "SLO" }), field: "country", rule: "country", rejected: "SLO"},
		{name: "role", value: partner(func(p *socialsvc.Partner) { p.Role = "sponsor" }), field: "role", rule: "role", rejected: "sponsor"},
		{name: "event_type", value: event(func(e *socialsvc.Event) { e.Type = "garden_party" }), field: "type", rule: "event_type", rejected: "garden_party"},
		{name: "event_type in a list", value: ind(func(i *socialsvc.Indicator) { i.EventTypes = append(i.EventTypes, "garden_party") }), field: "event_types[1]", rule: "event_type", rejected: "garden_party"},
		{name: "gender", value: ben(func(b *socialsvc.Beneficiary) { b.Gender = "undisclosed_g" }), field: "gender", rule: "gender", rejected: "undisclosed_g"},
		{name: "age_band", value: ben(func(b *socialsvc.Beneficiary) { b.AgeBand = "40-50" }), field: "age_band", rule: "age_band", rejected: "40-50"},
		{name: "target_group on a project", value: project(func(p *socialsvc.Project) { p.TargetGroups[1] = "Roma People" }), field: "target_groups[1]", rule: "target_group", rejected: "Roma People"},
		{name: "target_group on a beneficiary", value: ben(func(b *socialsvc.Beneficiary) { b.TargetGroups[0] = "9lives" }), field: "target_groups[0]", rule: "target_group", rejected: "9lives"},
		{name: "legal_basis required", value: ben(func(b *socialsvc.Beneficiary) { b.LegalBasis = "" }), field: "legal_basis", rule: "required"},
		{name: "legal_basis unknown", value: ben(func(b *socialsvc.Beneficiary) { b.LegalBasis = "because_we_can" }), field: "legal_basis", rule: "legal_basis", rejected: "because_we_can"},
		{name: "indicator_kind", value: ind(func(i *socialsvc.Indicator) { i.Kind = "impact" }), field: "kind", rule: "indicator_kind", rejected: "impact"},
		{name: "value_source", value: meas(func(m *socialsvc.Measurement) { m.Source = "guessed" }), field: "source", rule: "value_source", rejected: "guessed"},
		{name: "computation", value: ind(func(i *socialsvc.Indicator) { i.Computation = "average" }), field: "computation", rule: "computation", rejected: "average"},
		{name: "cost_category", value: line(func(l *socialsvc.BudgetLine) { l.Category = "catering" }), field: "category", rule: "cost_category", rejected: "catering"},
		{name: "flat_rate_kind", value: project(func(p *socialsvc.Project) { p.FlatRates[0].Kind = "salaries" }), field: "flat_rates[0].kind", rule: "flat_rate_kind", rejected: "salaries"},
		{name: "fund_kind", value: fund(func(f *socialsvc.Fund) { f.Kind = "lottery" }), field: "kind", rule: "fund_kind", rejected: "lottery"},
		// decimals
		{name: "dec_nonneg target", value: ind(func(i *socialsvc.Indicator) { i.Target = vdec("-1") }), field: "target", rule: "dec_nonneg", rejected: "-1"},
		{name: "dec_nonneg baseline", value: ind(func(i *socialsvc.Indicator) { i.Baseline = vdec("-0.5") }), field: "baseline", rule: "dec_nonneg", rejected: "-0.5"},
		{name: "dec_nonneg measurement", value: meas(func(m *socialsvc.Measurement) { m.Value = vdec("-7") }), field: "value", rule: "dec_nonneg", rejected: "-7"},
		{name: "dec_positive zero", value: rate(func(r *socialsvc.Rate) { r.Rate = decimal.Decimal{} }), field: "rate", rule: "dec_positive"},
		{name: "dec_positive negative", value: rate(func(r *socialsvc.Rate) { r.Rate = vdec("-7.4") }), field: "rate", rule: "dec_positive", rejected: "-7.4"},
		{name: "percent above 100", value: partner(func(p *socialsvc.Partner) { p.Funding[0].RatePercent = vdec("100.01") }), field: "funding[0].rate_percent", rule: "percent",
			rejected: "100.01", message: "must be between 0 and 100 percent"},
		{name: "percent negative", value: fund(func(f *socialsvc.Fund) { f.MaxRatePercent = vdec("-1") }), field: "max_rate_percent", rule: "percent"},
		{name: "percent in a flat rate", value: project(func(p *socialsvc.Project) { p.FlatRates[0].RatePercent = vdec("150") }), field: "flat_rates[0].rate_percent", rule: "percent", rejected: "150"},
		// money
		{name: "money unknown currency", value: line(func(l *socialsvc.BudgetLine) { l.Amount = socialsvc.Cents(100, "XYZ") }), field: "amount", rule: "money", rejected: "XYZ"},
		{name: "money without currency", value: line(func(l *socialsvc.BudgetLine) { l.Amount = socialsvc.Money{} }), field: "amount", rule: "money"},
		{name: "money negative", value: line(func(l *socialsvc.BudgetLine) { l.Amount = veur(-1) }), field: "amount", rule: "money", rejected: "-0.01",
			message: "must not be negative", messageHR: "ne smije biti negativan"},
		{name: "money out of range", value: line(func(l *socialsvc.BudgetLine) { l.Amount = socialsvc.Cents(100_000_000_000, socialsvc.EUR) }), field: "amount", rule: "money",
			rejected: "1000000000", message: "must be at most 999,999,999.99"},
		{name: "money converted", value: exp(func(e *socialsvc.Expenditure) { e.Converted = veur(-100) }), field: "converted", rule: "money"},
	}
}

func TestValidateTags(t *testing.T) {
	for _, tc := range tagCases() {
		t.Run(tc.name, func(t *testing.T) {
			err := socialsvc.Validate(tc.value())
			requireFields(t, err, socialsvc.Invalid, one(tc.field, tc.rule), tc.rejected)
			f := socialsvc.ErrorFields(err)[0]
			if tc.message != "" {
				assert.Equal(t, tc.message, f.Message)
			}
			if tc.messageHR != "" {
				assert.Equal(t, tc.messageHR, f.MessageHR)
			}
		})
	}
}

// TestEveryTagIsTested walks the struct definitions and fails for any
// validate tag that no case of TestValidateTags makes fail: a tag that is
// never seen failing may be one that never runs.
func TestEveryTagIsTested(t *testing.T) {
	tested := map[string]bool{"omitempty": true, "dive": true} // modifiers, exercised by the cases around them
	for _, tc := range tagCases() {
		tested[tc.rule] = true
	}
	used := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[socialsvc.Project]().PkgPath() {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			for tag := range strings.SplitSeq(f.Tag.Get("validate"), ",") {
				if name, _, _ := strings.Cut(tag, "="); name != "" {
					used[name] = true
				}
			}
			walk(f.Type)
		}
	}
	for _, v := range zeroValues() {
		walk(reflect.TypeOf(v))
	}
	require.NotEmpty(t, used)
	for name := range used {
		assert.True(t, tested[name], "validate tag %q is used in a struct but no test makes it fail", name)
	}
	for _, want := range []string{"i18n_required", "date_required", "omitempty_date", "gtefield_date", "money", "dec_nonneg", "dec_positive", "percent", "country", "nuts"} {
		assert.True(t, used[want], "the walk found %s", want)
	}
}

func TestValidateValidValues(t *testing.T) {
	for name, v := range map[string]any{
		"project": new(vProject()), "organisation": new(vOrg()), "partner": new(vPartner("lp", socialsvc.RoleLead, 1, vRate("erdf", "85"))),
		"fund": new(vFund()), "event": new(vEvent()), "beneficiary": new(vBeneficiary()), "indicator": new(vIndicator()),
		"measurement": new(vMeasurement()), "budget line": new(vLine()), "expenditure": new(vExpenditure()), "rate": new(vExRate()),
		"value, not pointer":     vProject(),
		"website omitted":        func() socialsvc.Project { p := vProject(); p.Website = ""; return p }(),
		"XK is a country":        func() socialsvc.Organisation { o := vOrg(); o.Country, o.Region = "XK", nil; return o }(),
		"one-day event":          func() socialsvc.Event { e := vEvent(); e.End = socialsvc.Date{}; return e }(),
		"event end equals start": func() socialsvc.Event { e := vEvent(); e.End = e.Start; return e }(),
		"event without country":  func() socialsvc.Event { e := vEvent(); e.Country = ""; return e }(),
		"largest amount":         func() socialsvc.BudgetLine { l := vLine(); l.Amount = veur(socialsvc.MaxAmount); return l }(),
		"zero amount":            func() socialsvc.BudgetLine { l := vLine(); l.Amount = veur(0); return l }(),
		"computed without evidence": func() socialsvc.Measurement {
			m := vMeasurement()
			m.Source, m.Evidence = socialsvc.SourceComputed, ""
			return m
		}(),
		"rates 0 and 100":              socialsvc.Partner{ProjectID: "p", OrgID: "o", Role: socialsvc.RolePartner, Funding: []socialsvc.CoFinancing{vRate("a", "0"), vRate("b", "100")}},
		"fund without maximum":         func() socialsvc.Fund { f := vFund(); f.MaxRatePercent = decimal.Decimal{}; return f }(),
		"gender and age band unknown":  func() socialsvc.Beneficiary { b := vBeneficiary(); b.Gender, b.AgeBand = "", ""; return b }(),
		"contact and region not given": func() socialsvc.Organisation { o := vOrg(); o.Contact, o.Region = nil, nil; return o }(),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, socialsvc.Validate(v))
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	err := socialsvc.Validate(&socialsvc.Project{})
	requireFields(t, err, socialsvc.Invalid, []vField{
		{"acronym", "required"}, {"title", "i18n_required"}, {"start", "date_required"},
		{"end", "date_required"}, {"status", "required"}, {"currency", "required"},
	})
	assert.Equal(t, "invalid project", socialsvc.ErrorMessage(err))

	for _, c := range []struct {
		v   any
		msg string
	}{
		{&socialsvc.BudgetLine{}, "invalid budget_line"},
		{socialsvc.WorkPackage{}, "invalid work_package"},
		{&socialsvc.Organisation{}, "invalid organisation"},
		{&socialsvc.CoFinancing{}, "invalid co_financing"},
	} {
		assert.Equal(t, c.msg, socialsvc.ErrorMessage(socialsvc.Validate(c.v)))
	}
}

func TestValidateNilAndNonStruct(t *testing.T) {
	var nilProject *socialsvc.Project
	for name, v := range map[string]any{
		"nil":            nil,
		"nil pointer":    nilProject,
		"int":            42,
		"string":         "2SoKroG",
		"slice":          []socialsvc.Project{vProject()},
		"map":            map[string]int{},
		"time":           time.Now(),
		"pointer to nil": &nilProject,
		"pointer to int": new(7),
		"Money":          veur(100),
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = socialsvc.Validate(v) })
			if name == "Money" {
				// Money is a struct with no tags of its own: nothing fails.
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
		})
	}
}

// zeroValues holds a zero value of every entity type.
func zeroValues() []any {
	return []any{
		&socialsvc.Project{}, &socialsvc.Period{}, &socialsvc.Region{}, &socialsvc.Organisation{}, &socialsvc.Contact{},
		&socialsvc.Partner{}, &socialsvc.CoFinancing{}, &socialsvc.WorkPackage{}, &socialsvc.Activity{}, &socialsvc.Event{},
		&socialsvc.Beneficiary{}, &socialsvc.Attendance{}, &socialsvc.Indicator{}, &socialsvc.Measurement{},
		&socialsvc.BudgetLine{}, &socialsvc.FlatRate{}, &socialsvc.Fund{}, &socialsvc.Expenditure{}, &socialsvc.Rate{},
		&socialsvc.Conversion{},
	}
}

func TestValidateZeroValuesNeverPanic(t *testing.T) {
	valid := map[string]bool{"*socialsvc.Contact": true, "*socialsvc.Conversion": true}
	for _, v := range zeroValues() {
		name := reflect.TypeOf(v).String()
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = socialsvc.Validate(v) })
			if valid[name] {
				assert.NoError(t, err, "every field of %s is optional", name)
				return
			}
			require.Error(t, err)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			for _, f := range socialsvc.ErrorFields(err) {
				assert.NotEmpty(t, f.Field)
				assert.NotEmpty(t, f.Rule)
				assert.NotEmpty(t, f.Message)
				assert.NotEmpty(t, f.MessageHR)
			}
		})
	}
	// The cross-field validators take zero values and nil pointers too.
	p := &socialsvc.Project{}
	calls := map[string]func() error{
		"project":          func() error { return socialsvc.ValidateProject(&socialsvc.Project{}) },
		"nil project":      func() error { return socialsvc.ValidateProject(nil) },
		"organisation":     func() error { return socialsvc.ValidateOrganisation(&socialsvc.Organisation{}) },
		"nil organisation": func() error { return socialsvc.ValidateOrganisation(nil) },
		"partners":         func() error { return socialsvc.ValidatePartners([]socialsvc.Partner{{}, {}}) },
		"no partners":      func() error { return socialsvc.ValidatePartners(nil) },
		"funding":          func() error { return socialsvc.ValidateFunding(&socialsvc.Partner{}, nil) },
		"nil funding":      func() error { return socialsvc.ValidateFunding(nil, nil) },
		"transition":       func() error { return socialsvc.ValidateTransition("", "") },
		"event":            func() error { return socialsvc.ValidateEvent(&socialsvc.Event{}, p) },
		"nil event":        func() error { return socialsvc.ValidateEvent(nil, nil) },
		"budget line":      func() error { return socialsvc.ValidateBudgetLine(&socialsvc.BudgetLine{}, "", p) },
		"nil budget line":  func() error { return socialsvc.ValidateBudgetLine(nil, "", nil) },
		"beneficiary":      func() error { return socialsvc.ValidateBeneficiary(&socialsvc.Beneficiary{}) },
		"nil beneficiary":  func() error { return socialsvc.ValidateBeneficiary(nil) },
		"indicator":        func() error { return socialsvc.ValidateIndicator(&socialsvc.Indicator{}) },
		"nil indicator":    func() error { return socialsvc.ValidateIndicator(nil) },
		"measurement":      func() error { return socialsvc.ValidateMeasurement(&socialsvc.Measurement{}) },
		"nil measurement":  func() error { return socialsvc.ValidateMeasurement(nil) },
		"expenditure":      func() error { return socialsvc.ValidateExpenditure(&socialsvc.Expenditure{}, p) },
		"nil expenditure":  func() error { return socialsvc.ValidateExpenditure(nil, nil) },
		"fund":             func() error { return socialsvc.ValidateFund(&socialsvc.Fund{}) },
		"nil fund":         func() error { return socialsvc.ValidateFund(nil) },
		"rate":             func() error { return socialsvc.ValidateRate(&socialsvc.Rate{}) },
		"nil rate":         func() error { return socialsvc.ValidateRate(nil) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = call() })
			require.Error(t, err)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
		})
	}
}

// TestCountryList checks the embedded ISO 3166-1 list against the one
// go-playground/validator ships (which also accepts XK), over every pair
// of capital letters.
func TestCountryList(t *testing.T) {
	ref := validator.New()
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			want := ref.Var(code, "iso3166_1_alpha2") == nil
			assert.Equal(t, want, socialsvc.ValidCountry(code), code)
			if socialsvc.ValidCountry(code) {
				n++
			}
		}
	}
	assert.Equal(t, 250, n, "249 assigned codes and XK")
	for _, code := range []string{"", "hr", "Hr", "HRV", "EL", "UK", "EU"} {
		assert.False(t, socialsvc.ValidCountry(code), code)
	}
}

// ---- cross-field rules ----

func TestValidateProject(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*socialsvc.Project)
		want []vField
	}{
		{"2SoKroG is valid", func(*socialsvc.Project) {}, nil},
		{"no periods and no flat rates", func(p *socialsvc.Project) { p.Periods, p.FlatRates = nil, nil }, nil},
		{"end on the start day", func(p *socialsvc.Project) { p.End, p.Periods = p.Start, nil }, nil},
		{"end before start", func(p *socialsvc.Project) { p.End = vday("2018-08-31") }, one("end", "gtefield_date")},
		{"period ends after the project", func(p *socialsvc.Project) { p.Periods[3].End = vday("2020-12-31") }, one("periods[3].end", "within_project")},
		{"period starts before the project", func(p *socialsvc.Project) { p.Periods[0].Start = vday("2018-08-01") }, one("periods[0].start", "within_project")},
		{"a closure period inside the eligibility period", func(p *socialsvc.Project) {
			p.Eligibility = &socialsvc.Span{Start: p.Start, End: vday("2020-11-30")}
			p.Periods = append(p.Periods, socialsvc.Period{Number: 5, Start: vday("2020-09-01"), End: vday("2020-11-30")})
		}, nil},
		{"a closure period after the eligibility period", func(p *socialsvc.Project) {
			p.Eligibility = &socialsvc.Span{Start: p.Start, End: vday("2020-10-31")}
			p.Periods = append(p.Periods, socialsvc.Period{Number: 5, Start: vday("2020-09-01"), End: vday("2020-11-30")})
		}, one("periods[4].end", "within_project")},
		{"eligibility starting after the project", func(p *socialsvc.Project) {
			p.Eligibility, p.Periods = &socialsvc.Span{Start: vday("2018-09-02"), End: p.End}, nil
		}, one("eligibility.start", "contains_project")},
		{"eligibility ending before the project", func(p *socialsvc.Project) {
			p.Eligibility, p.Periods = &socialsvc.Span{Start: p.Start, End: vday("2020-08-30")}, nil
		}, one("eligibility.end", "contains_project")},
		{"eligibility without an end", func(p *socialsvc.Project) {
			p.Eligibility = &socialsvc.Span{Start: p.Start}
		}, one("eligibility.end", "date_required")},
		{"period wholly after the project", func(p *socialsvc.Project) {
			p.Periods = append(p.Periods, socialsvc.Period{Number: 5, Start: vday("2020-09-01"), End: vday("2020-12-31")})
		}, []vField{{"periods[4].start", "within_project"}, {"periods[4].end", "within_project"}}},
		{"period numbers repeat", func(p *socialsvc.Project) { p.Periods[2].Number = 2 }, one("periods[2].number", "unique")},
		{"a language listed twice", func(p *socialsvc.Project) { p.Languages = []socialsvc.Lang{"sl", "hr", "sl"} }, one("languages[2]", "unique")},
		{"periods overlap", func(p *socialsvc.Project) { p.Periods[1].Start = vday("2019-02-28") }, one("periods[1].start", "overlap")},
		{"periods overlap out of order", func(p *socialsvc.Project) {
			p.Periods[0], p.Periods[3] = p.Periods[3], p.Periods[0]
			p.Periods[0].Start = vday("2020-02-01")
		}, one("periods[0].start", "overlap")},
		{"period inside a longer one", func(p *socialsvc.Project) {
			p.Periods = []socialsvc.Period{
				{Number: 1, Start: vday("2018-09-01"), End: vday("2020-08-31")},
				{Number: 2, Start: vday("2019-01-01"), End: vday("2019-02-01")},
				{Number: 3, Start: vday("2019-06-01"), End: vday("2019-07-01")},
			}
		}, []vField{{"periods[1].start", "overlap"}, {"periods[2].start", "overlap"}}},
		{"office flat rate of 15.01%", func(p *socialsvc.Project) { p.FlatRates[0].RatePercent = vdec("15.01") }, one("flat_rates[0].rate_percent", "max")},
		{"office flat rate above 100% reported once", func(p *socialsvc.Project) { p.FlatRates[0].RatePercent = vdec("101") }, one("flat_rates[0].rate_percent", "percent")},
		{"travel flat rate of 15% beside office", func(p *socialsvc.Project) {
			p.FlatRates = append(p.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatTravelOnStaff, RatePercent: vdec("15")})
		}, nil},
		{"travel flat rate of 20%", func(p *socialsvc.Project) {
			p.FlatRates = append(p.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatTravelOnStaff, RatePercent: vdec("20")})
		}, one("flat_rates[1].rate_percent", "max")},
		{"staff flat rate of 20.01%", func(p *socialsvc.Project) {
			p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatStaff, RatePercent: vdec("20.01")}}
		}, one("flat_rates[0].rate_percent", "max")},
		{"office on direct costs of 7.5%", func(p *socialsvc.Project) {
			p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOfficeOnDirect, RatePercent: vdec("7.5")}}
		}, one("flat_rates[0].rate_percent", "max")},
		{"all other costs of 40%", func(p *socialsvc.Project) {
			p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: vdec("40")}}
		}, nil},
		{"unknown kind", func(p *socialsvc.Project) { p.FlatRates[0].Kind = "office" }, one("flat_rates[0].kind", "flat_rate_kind")},
		{"two office flat rates", func(p *socialsvc.Project) {
			p.FlatRates = append(p.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatOfficeOnDirect, RatePercent: vdec("7")})
		}, one("flat_rates[1].kind", "flat_rate_combination")},
		{"all other costs beside office", func(p *socialsvc.Project) {
			p.FlatRates = append(p.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatOtherOnStaff, RatePercent: vdec("40")})
		}, one("flat_rates[1].kind", "flat_rate_combination")},
		{"staff flat rate beside all other costs", func(p *socialsvc.Project) {
			p.FlatRates = []socialsvc.FlatRate{{Kind: socialsvc.FlatOtherOnStaff, RatePercent: vdec("40")}, {Kind: socialsvc.FlatStaff, RatePercent: vdec("20")}}
		}, one("flat_rates[1].kind", "flat_rate_combination")},
		{"one kind twice", func(p *socialsvc.Project) {
			p.FlatRates = append(p.FlatRates, socialsvc.FlatRate{Kind: socialsvc.FlatOfficeOnStaff, RatePercent: vdec("10")})
		}, one("flat_rates[1].kind", "unique")},
		{"unit costs and lump sums", func(p *socialsvc.Project) {
			p.UnitCosts = []socialsvc.UnitCost{{Code: "WS-DAY", Name: socialsvc.I18n{"hr": "dan radionice", "en": "workshop day"}, Unit: "day", Price: socialsvc.MustMoney("1250.00", socialsvc.EUR)}}
			p.LumpSums = []socialsvc.LumpSum{{Code: "PREP", Name: socialsvc.I18n{"hr": "priprema", "en": "preparation"}, Amount: socialsvc.MustMoney("15000.00", socialsvc.EUR), Period: 1}}
		}, nil},
		{"cost options: one code twice, zero price, HRK amount, unknown period", func(p *socialsvc.Project) {
			p.UnitCosts = []socialsvc.UnitCost{{Code: "X", Name: socialsvc.I18n{"en": "x"}, Unit: "day", Price: socialsvc.MustMoney("0", socialsvc.EUR)}}
			p.LumpSums = []socialsvc.LumpSum{{Code: "X", Name: socialsvc.I18n{"en": "x"}, Amount: socialsvc.MustMoney("10.00", socialsvc.HRK), Period: 9}}
		}, []vField{{"unit_costs[0].price", "dec_positive"}, {"lump_sums[0].code", "unique"}, {"lump_sums[0].amount.currency", "project_currency"}, {"lump_sums[0].period", "period"}}},
		{"flexibility above 100%", func(p *socialsvc.Project) { d := vdec("120"); p.FlexibilityPercent = &d }, one("flexibility_percent", "percent")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := vProject()
			tc.mod(&p)
			err := socialsvc.ValidateProject(&p)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want)
			assert.Equal(t, "invalid project", socialsvc.ErrorMessage(err))
		})
	}
}

func TestValidateOrganisation(t *testing.T) {
	oib := vOIB(t, "6983076385")
	bad := vBadCheckDigit(oib)
	require.False(t, socialsvc.ValidOIB(bad))
	si := vSITax(t, "1234567")
	tests := []struct {
		name     string
		mod      func(*socialsvc.Organisation)
		want     []vField
		rejected string
	}{
		{"valid OIB", func(o *socialsvc.Organisation) { o.TaxID = oib }, nil, ""},
		{"valid OIB with HR prefix", func(o *socialsvc.Organisation) { o.TaxID = "HR" + oib }, nil, ""},
		{"no tax id", func(o *socialsvc.Organisation) { o.TaxID = "" }, nil, ""},
		{"OIB with a wrong check digit", func(o *socialsvc.Organisation) { o.TaxID = bad }, one("tax_id", "oib"), bad},
		{"OIB too short", func(o *socialsvc.Organisation) { o.TaxID = oib[:10] }, one("tax_id", "oib"), oib[:10]},
		{"valid Slovenian tax number", func(o *socialsvc.Organisation) {
			o.Country, o.TaxID, o.Region = "SI", si, &socialsvc.Region{Code: "SI032", Version: socialsvc.NUTS2021}
		}, nil, ""},
		{"Slovenian tax number with a wrong check digit", func(o *socialsvc.Organisation) {
			o.Country, o.TaxID, o.Region = "SI", vBadCheckDigit(si), nil
		}, one("tax_id", "si_tax"), vBadCheckDigit(si)},
		{"Serbian identifier without checksum rule", func(o *socialsvc.Organisation) { o.Country, o.TaxID, o.Region = "RS", "100000001-any", nil }, nil, ""},
		{"tax id too long reported once", func(o *socialsvc.Organisation) { o.TaxID = strings.Repeat("7", 65) }, one("tax_id", "max"), strings.Repeat("7", 65)},
		{"region of another country", func(o *socialsvc.Organisation) { o.Country = "SI" }, one("region.code", "region_country"), ""},
		{"Greek region is EL", func(o *socialsvc.Organisation) {
			o.Country, o.Region = "GR", &socialsvc.Region{Code: "EL301", Version: socialsvc.NUTS2021}
		}, nil, ""},
		{"British region is UK", func(o *socialsvc.Organisation) {
			o.Country, o.Region = "GB", &socialsvc.Region{Code: "UKI", Version: socialsvc.NUTS2016}
		}, nil, ""},
		{"Kosovo", func(o *socialsvc.Organisation) {
			o.Country, o.Region = "XK", &socialsvc.Region{Code: "XK", Version: socialsvc.NUTS2024}
		}, nil, ""},
		{"Kosovo is not in NUTS 2021", func(o *socialsvc.Organisation) {
			o.Country, o.Region = "XK", &socialsvc.Region{Code: "XK", Version: socialsvc.NUTS2021}
		}, one("region.code", "nuts_edition"), ""},
		{"HR999 has the shape of a code and is in no edition", func(o *socialsvc.Organisation) { o.Region.Code = "HR999" }, one("region.code", "nuts"), "HR999"},
		{"XX999 is in no edition", func(o *socialsvc.Organisation) { o.Region.Code = "XX999" }, one("region.code", "nuts"), "XX999"},
		{"HR044 is a 2016 code, not a 2021 one", func(o *socialsvc.Organisation) { o.Region.Code = "HR044" }, one("region.code", "nuts_edition"), ""},
		{"HR044 in its own edition", func(o *socialsvc.Organisation) {
			o.Region = &socialsvc.Region{Code: "HR044", Version: socialsvc.NUTS2016}
		}, nil, ""},
		{"invalid region code reported once", func(o *socialsvc.Organisation) { o.Region.Code = "Varaždin" }, one("region.code", "nuts"), "Varaždin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := vOrg()
			tc.mod(&o)
			err := socialsvc.ValidateOrganisation(&o)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, tc.rejected)
		})
	}
}

func TestValidatePartners(t *testing.T) {
	valid := func() []socialsvc.Partner {
		return []socialsvc.Partner{
			vPartner("lp", socialsvc.RoleLead, 1, vRate("erdf", "85")),
			vPartner("pp2", socialsvc.RolePartner, 2, vRate("erdf", "85"), vRate("national", "10")),
			vPartner("ap1", socialsvc.RoleAssociated, 0),
			vPartner("ap2", socialsvc.RoleAssociated, 0),
		}
	}
	tests := []struct {
		name string
		mod  func([]socialsvc.Partner) []socialsvc.Partner
		want []vField
	}{
		{"one lead, partners and associated", func(ps []socialsvc.Partner) []socialsvc.Partner { return ps }, nil},
		{"two leads", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[1].Role = socialsvc.RoleLead; return ps }, one("partners", "one_lead")},
		{"no lead", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[0].Role = socialsvc.RolePartner; return ps }, one("partners", "one_lead")},
		{"no partners at all", func([]socialsvc.Partner) []socialsvc.Partner { return nil }, one("partners", "one_lead")},
		{"associated partner with funding", func(ps []socialsvc.Partner) []socialsvc.Partner {
			ps[3].Funding = []socialsvc.CoFinancing{vRate("erdf", "85")}
			return ps
		}, one("partners[3].funding", "associated_no_budget")},
		{"rates 60 + 41", func(ps []socialsvc.Partner) []socialsvc.Partner {
			ps[1].Funding = []socialsvc.CoFinancing{vRate("erdf", "60"), vRate("national", "41")}
			return ps
		}, one("partners[1].funding", "rates_total")},
		{"rates 60 + 40", func(ps []socialsvc.Partner) []socialsvc.Partner {
			ps[1].Funding = []socialsvc.CoFinancing{vRate("erdf", "60"), vRate("national", "40")}
			return ps
		}, nil},
		{"one fund twice", func(ps []socialsvc.Partner) []socialsvc.Partner {
			ps[0].Funding = append(ps[0].Funding, vRate("erdf", "5"))
			return ps
		}, one("partners[0].funding[1].fund_id", "unique")},
		{"same organisation twice", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[2].OrgID = ps[1].OrgID; return ps }, one("partners[2].org_id", "unique")},
		{"same number twice", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[1].Number = 1; return ps }, one("partners[1].number", "unique")},
		{"partner of another project", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[2].ProjectID = "alved"; return ps }, one("partners[2].project_id", "same_project")},
		{"a partner's own field", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[1].Role = "sponsor"; return ps }, one("partners[1].role", "role")},
		{"a partner's rate", func(ps []socialsvc.Partner) []socialsvc.Partner { ps[1].Funding[1].RatePercent = vdec("-5"); return ps },
			one("partners[1].funding[1].rate_percent", "percent")},
		{"several mistakes at once", func(ps []socialsvc.Partner) []socialsvc.Partner {
			ps[0].Role = socialsvc.RoleAssociated
			ps[1].OrgID = ""
			return ps
		}, []vField{{"partners[0].funding", "associated_no_budget"}, {"partners[1].org_id", "required"}, {"partners", "one_lead"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := socialsvc.ValidatePartners(tc.mod(valid()))
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want)
			assert.Equal(t, "invalid partners", socialsvc.ErrorMessage(err))
		})
	}
}

func TestValidateFunding(t *testing.T) {
	erdf := vFund()
	national := socialsvc.Fund{ID: "national", Code: "DP", Name: vi18n("Državni proračun", "State budget"), Kind: socialsvc.FundNational}
	funds := map[socialsvc.FundID]socialsvc.Fund{erdf.ID: erdf, national.ID: national}
	tests := []struct {
		name     string
		role     socialsvc.Role
		funding  []socialsvc.CoFinancing
		funds    map[socialsvc.FundID]socialsvc.Fund
		want     []vField
		rejected string
	}{
		{"rate at the fund's maximum", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("erdf", "85")}, funds, nil, ""},
		{"rate of 85.01 with a maximum of 85", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("erdf", "85.01")}, funds,
			one("funding[0].rate_percent", "max_rate"), "85.01"},
		{"fund without a maximum takes 100", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("national", "100")}, funds, nil, ""},
		{"rates 60 + 41", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("erdf", "60"), vRate("national", "41")}, funds,
			one("funding", "rates_total"), "101"},
		{"rates 85 + 15", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("erdf", "85"), vRate("national", "15")}, funds, nil, ""},
		{"unknown fund", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("cssf", "50")}, funds, one("funding[0].fund_id", "exists"), "cssf"},
		{"no funds known", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("erdf", "50")}, nil, one("funding[0].fund_id", "exists"), ""},
		{"rate above 100", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("national", "100.5")}, funds,
			one("funding[0].rate_percent", "percent"), "100.5"},
		{"negative rate", socialsvc.RolePartner, []socialsvc.CoFinancing{vRate("national", "-1")}, funds, one("funding[0].rate_percent", "percent"), ""},
		{"associated partner with funding", socialsvc.RoleAssociated, []socialsvc.CoFinancing{vRate("erdf", "85")}, funds,
			one("funding", "associated_no_budget"), ""},
		{"associated partner without funding", socialsvc.RoleAssociated, nil, funds, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := vPartner("pp", tc.role, 2, tc.funding...)
			err := socialsvc.ValidateFunding(&p, tc.funds)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, tc.rejected)
		})
	}
}

func TestValidateTransition(t *testing.T) {
	tests := []struct {
		from, to socialsvc.Status
		code     string
	}{
		{socialsvc.StatusDraft, socialsvc.StatusSubmitted, ""},
		{socialsvc.StatusSubmitted, socialsvc.StatusRejected, ""},
		{socialsvc.StatusContracted, socialsvc.StatusInImplementation, ""},
		{socialsvc.StatusInImplementation, socialsvc.StatusClosed, ""},
		{socialsvc.StatusApproved, socialsvc.StatusApproved, ""},
		{socialsvc.StatusDraft, socialsvc.StatusClosed, socialsvc.Conflict},
		{socialsvc.StatusClosed, socialsvc.StatusDraft, socialsvc.Conflict},
		{socialsvc.StatusInImplementation, socialsvc.StatusWithdrawn, socialsvc.Conflict},
		{socialsvc.StatusRejected, socialsvc.StatusSubmitted, socialsvc.Conflict},
		{socialsvc.StatusDraft, "archived", socialsvc.Invalid},
		{"", "", socialsvc.Invalid},
	}
	for _, tc := range tests {
		t.Run(string(tc.from)+"->"+string(tc.to), func(t *testing.T) {
			err := socialsvc.ValidateTransition(tc.from, tc.to)
			if tc.code == "" {
				assert.NoError(t, err)
				return
			}
			rule := "transition"
			if tc.code == socialsvc.Invalid {
				rule = "oneof"
			}
			requireFields(t, err, tc.code, one("status", rule))
			if tc.code == socialsvc.Conflict {
				p := socialsvc.Project{Status: tc.from}
				assert.Equal(t, p.Transition(tc.to), err, "the wording of Project.Transition")
			}
		})
	}
}

func TestValidateEvent(t *testing.T) {
	p := vProject()
	tests := []struct {
		name       string
		start, end string
		project    *socialsvc.Project
		want       []vField
	}{
		{"inside the project", "2020-06-17", "", &p, nil},
		{"on the first and last days", "2018-09-01", "2020-08-31", &p, nil},
		{"starts before the project", "2018-08-31", "2018-09-02", &p, one("start", "within_project")},
		{"ends after the project", "2020-08-30", "2020-09-01", &p, one("end", "within_project")},
		{"one day after the project", "2020-09-17", "", &p, one("start", "within_project")},
		{"wholly after the project", "2020-09-17", "2020-09-18", &p, []vField{{"start", "within_project"}, {"end", "within_project"}}},
		{"end before start", "2020-06-17", "2020-06-16", &p, one("end", "gtefield_date")},
		{"without a project", "1999-01-01", "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := vEvent()
			e.Start = vday(tc.start)
			if tc.end != "" {
				e.End = vday(tc.end)
			}
			err := socialsvc.ValidateEvent(&e, tc.project)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, tc.start)
			assert.Equal(t, "invalid event", socialsvc.ErrorMessage(err))
		})
	}
}

func TestValidateBudgetLine(t *testing.T) {
	p := vProject()
	tests := []struct {
		name    string
		role    socialsvc.Role
		mod     func(*socialsvc.BudgetLine)
		project *socialsvc.Project
		want    []vField
	}{
		{"staff costs of the lead partner", socialsvc.RoleLead, func(*socialsvc.BudgetLine) {}, &p, nil},
		{"whole-project line (period 0)", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Period = 0 }, &p, nil},
		{"associated partner with an amount", socialsvc.RoleAssociated, func(*socialsvc.BudgetLine) {}, &p, one("amount", "associated_no_budget")},
		{"associated partner with zero", socialsvc.RoleAssociated, func(l *socialsvc.BudgetLine) { l.Amount = veur(0) }, &p, nil},
		{"kuna in a euro project", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Amount = socialsvc.Cents(100, socialsvc.HRK) }, &p,
			one("amount.currency", "project_currency")},
		{"unknown currency reported once", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Amount = socialsvc.Cents(100, "ABC") }, &p, one("amount", "money")},
		{"negative amount", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Amount = veur(-100) }, &p, one("amount", "money")},
		{"period the project does not have", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Period = 9 }, &p, one("period", "period")},
		{"entered office costs under a flat rate", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Category = socialsvc.CatOffice }, &p,
			one("category", "flat_rate")},
		{"office costs without a flat rate", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Category = socialsvc.CatOffice }, nil, nil},
		{"without a project", socialsvc.RolePartner, func(l *socialsvc.BudgetLine) { l.Period = 9 }, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := vLine()
			tc.mod(&l)
			err := socialsvc.ValidateBudgetLine(&l, tc.role, tc.project)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, "1234.56")
		})
	}
}

func TestValidateExpenditure(t *testing.T) {
	p := vProject()
	noPeriods := vProject()
	noPeriods.Periods = nil
	gap := vProject()
	gap.Periods = slices.Delete(slices.Clone(gap.Periods), 1, 2) // no period 2
	// A preparation period before the start, inside an eligibility period
	// from 1.6.2018.
	prep := vProject()
	prep.Eligibility = &socialsvc.Span{Start: vday("2018-06-01"), End: p.End}
	prep.Periods = append(slices.Clone(prep.Periods), socialsvc.Period{Number: 5, Start: vday("2018-06-01"), End: vday("2018-08-31")})
	require.NoError(t, socialsvc.ValidateProject(&prep))
	tests := []struct {
		name    string
		mod     func(*socialsvc.Expenditure)
		project *socialsvc.Project
		want    []vField
	}{
		{"kuna converted to euro", func(*socialsvc.Expenditure) {}, &p, nil},
		{"period 0 where the project has periods", func(e *socialsvc.Expenditure) { e.Period = 0 }, &p, one("period", "period_of_date")},
		{"another period than the date's", func(e *socialsvc.Expenditure) { e.Period = 1 }, &p, one("period", "period_of_date")},
		{"on the last day, in the last period", func(e *socialsvc.Expenditure) { e.Date, e.Period = p.End, 4 }, &p, nil},
		{"on the first day of a period", func(e *socialsvc.Expenditure) { e.Date, e.Period = vday("2019-09-01"), 3 }, &p, nil},
		{"period 0 without periods", func(e *socialsvc.Expenditure) { e.Period = 0 }, &noPeriods, nil},
		{"a period of a project without periods", func(e *socialsvc.Expenditure) { e.Period = 2 }, &noPeriods, one("period", "period")},
		{"in a gap between periods", func(e *socialsvc.Expenditure) { e.Date = vday("2019-04-10") }, &gap, one("date", "in_period")},
		{"before the start, in the eligibility period's preparation period", func(e *socialsvc.Expenditure) { e.Date, e.Period = vday("2018-06-15"), 5 }, &prep, nil},
		{"before the eligibility period", func(e *socialsvc.Expenditure) { e.Date, e.Period = vday("2018-05-31"), 5 }, &prep, one("date", "within_project")},
		{"converted to another currency", func(e *socialsvc.Expenditure) { e.Converted = socialsvc.Cents(876_50, "GBP") }, &p,
			one("converted.currency", "project_currency")},
		{"amount in an unknown currency", func(e *socialsvc.Expenditure) { e.Amount = socialsvc.Cents(100, "KNA") }, &p, one("amount", "money")},
		{"not converted", func(e *socialsvc.Expenditure) { e.Converted = socialsvc.Money{} }, &p, one("converted", "money")},
		{"dated before the project", func(e *socialsvc.Expenditure) { e.Date = vday("2018-08-31") }, &p, one("date", "within_project")},
		{"dated after the project", func(e *socialsvc.Expenditure) { e.Date = vday("2020-09-01") }, &p, one("date", "within_project")},
		{"period the project does not have", func(e *socialsvc.Expenditure) { e.Period = 5 }, &p, one("period", "period_of_date")},
		{"without a project", func(e *socialsvc.Expenditure) { e.Period = 5 }, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := vExpenditure()
			tc.mod(&e)
			err := socialsvc.ValidateExpenditure(&e, tc.project)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, "7534.50")
		})
	}
}

func TestValidateBeneficiary(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*socialsvc.Beneficiary)
		want []vField
	}{
		{"consent with its date", func(*socialsvc.Beneficiary) {}, nil},
		{"birth year instead of age band", func(b *socialsvc.Beneficiary) { b.AgeBand, b.BirthYear = "", 1961 }, nil},
		{"public task without consent date", func(b *socialsvc.Beneficiary) {
			b.LegalBasis, b.ConsentDate = socialsvc.BasisPublicTask, socialsvc.Date{}
		}, nil},
		{"without legal basis", func(b *socialsvc.Beneficiary) { b.LegalBasis = "" }, one("legal_basis", "required")},
		{"consent without its date", func(b *socialsvc.Beneficiary) { b.ConsentDate = socialsvc.Date{} }, one("consent_date", "required_if")},
		{"consent date that does not exist", func(b *socialsvc.Beneficiary) { b.ConsentDate = socialsvc.NewDate(2019, 2, 29) }, one("consent_date", "omitempty_date")},
		{"retained until before consent", func(b *socialsvc.Beneficiary) { b.RetainUntil = vday("2019-02-01") }, one("retain_until", "gtfield_date")},
		{"retained until the consent day", func(b *socialsvc.Beneficiary) { b.RetainUntil = b.ConsentDate }, one("retain_until", "gtfield_date")},
		{"both birth year and age band", func(b *socialsvc.Beneficiary) { b.BirthYear = 1961 }, one("age_band", "one_of")},
		{"erased record", func(b *socialsvc.Beneficiary) { b.Erase(time.Date(2031, 1, 2, 0, 0, 0, 0, time.UTC)) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := vBeneficiary()
			tc.mod(&b)
			err := socialsvc.ValidateBeneficiary(&b)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, "1961", "2019-03-01", "2019-02-29", "HR061")
			assert.Equal(t, "invalid beneficiary", socialsvc.ErrorMessage(err))
		})
	}
}

func TestValidateIndicator(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*socialsvc.Indicator)
		want []vField
	}{
		{"computed from visits", func(*socialsvc.Indicator) {}, nil},
		{"entered", func(i *socialsvc.Indicator) { i.Source, i.Computation, i.EventTypes = socialsvc.SourceEntered, "", nil }, nil},
		{"computed without computation", func(i *socialsvc.Indicator) { i.Computation = "" }, one("computation", "required_if")},
		{"entered with a computation", func(i *socialsvc.Indicator) { i.Source, i.EventTypes = socialsvc.SourceEntered, nil }, one("computation", "excluded_if")},
		{"entered with event types", func(i *socialsvc.Indicator) { i.Source, i.Computation = socialsvc.SourceEntered, "" }, one("event_types", "excluded_if")},
		{"negative target", func(i *socialsvc.Indicator) { i.Target = vdec("-180") }, one("target", "dec_nonneg")},
		{"negative baseline", func(i *socialsvc.Indicator) { i.Baseline = vdec("-3") }, one("baseline", "dec_nonneg")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ind := vIndicator()
			tc.mod(&ind)
			err := socialsvc.ValidateIndicator(&ind)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want, "-180")
		})
	}
}

func TestValidateMeasurementFundRate(t *testing.T) {
	tests := []struct {
		name string
		err  func() error
		want []vField
	}{
		{"entered measurement with evidence", func() error { m := vMeasurement(); return socialsvc.ValidateMeasurement(&m) }, nil},
		{"entered measurement without evidence", func() error {
			m := vMeasurement()
			m.Evidence = ""
			return socialsvc.ValidateMeasurement(&m)
		}, one("evidence", "required_if")},
		{"computed measurement without evidence", func() error {
			m := vMeasurement()
			m.Source, m.Evidence = socialsvc.SourceComputed, ""
			return socialsvc.ValidateMeasurement(&m)
		}, nil},
		{"fund", func() error { f := vFund(); return socialsvc.ValidateFund(&f) }, nil},
		{"fund without code", func() error { f := vFund(); f.Code = ""; return socialsvc.ValidateFund(&f) }, one("code", "required")},
		{"fund maximum above 100", func() error { f := vFund(); f.MaxRatePercent = vdec("101"); return socialsvc.ValidateFund(&f) }, one("max_rate_percent", "percent")},
		{"rate", func() error { r := vExRate(); return socialsvc.ValidateRate(&r) }, nil},
		{"rate of zero", func() error { r := vExRate(); r.Rate = vdec("0"); return socialsvc.ValidateRate(&r) }, one("rate", "dec_positive")},
		{"rate without source", func() error { r := vExRate(); r.Source = ""; return socialsvc.ValidateRate(&r) }, one("source", "required")},
		{"rate of the euro", func() error { r := vExRate(); r.Currency = socialsvc.EUR; return socialsvc.ValidateRate(&r) }, one("currency", "not_eur")},
		{"rate without month", func() error { r := vExRate(); r.Month = socialsvc.Month{}; return socialsvc.ValidateRate(&r) }, one("month", "month")},
		{"rate in month 13", func() error { r := vExRate(); r.Month.Month = 13; return socialsvc.ValidateRate(&r) }, one("month", "month")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, tc.want)
		})
	}
}

// TestValidateRateAgreesWithRateTable checks that ValidateRate accepts
// exactly the rates RateTable.Set stores.
func TestValidateRateAgreesWithRateTable(t *testing.T) {
	rates := []socialsvc.Rate{
		vExRate(),
		{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("0.8765"), Source: "InforEuro"},
		{Currency: socialsvc.EUR, Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("1"), Source: "x"},
		{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 0}, Rate: vdec("1"), Source: "x"},
		{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("-1"), Source: "x"},
		{Currency: "GBP", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("1")},
		{Currency: "XXX", Month: socialsvc.Month{Year: 2019, Month: 2}, Rate: vdec("1"), Source: "x"},
	}
	for i, r := range rates {
		var tbl socialsvc.RateTable
		setErr := tbl.Set(r)
		valErr := socialsvc.ValidateRate(&r)
		assert.Equal(t, setErr == nil, valErr == nil, "rate %d: Set %v, ValidateRate %v", i, setErr, valErr)
	}
}

// TestValidateConcurrent validates from many goroutines: the one validator
// is built once and shared (run with -race to check).
func TestValidateConcurrent(t *testing.T) {
	done := make(chan []string)
	for range 8 {
		go func() {
			var fields []string
			for range 50 {
				p := vProject()
				p.Acronym = ""
				for _, f := range socialsvc.ErrorFields(socialsvc.Validate(&p)) {
					fields = append(fields, f.Field)
				}
			}
			done <- fields
		}()
	}
	for range 8 {
		fields := <-done
		assert.Len(t, fields, 50)
		assert.Equal(t, []string{"acronym"}, slices.Compact(fields))
	}
}
