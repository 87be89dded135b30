package report

import (
	"cmp"
	"context"
	"encoding/xml"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// IATIVersion is the version of the IATI activity standard written.
const IATIVersion = "2.03"

// SectorSocialProtection is the OECD DAC 5-digit purpose code 16010,
// Social Protection: the default sector of the projects this library
// models.
const SectorSocialProtection = "16010"

// IATIOrg names an organisation in IATI terms: its organisation
// identifier (org-id.guide), its IATI OrganisationType code and name.
type IATIOrg struct {
	Ref  string
	Type string
	Name string
}

// IATIOptions configure the IATI export of a project.
type IATIOptions struct {
	// ReportingOrg is the publisher. When nil it is the project's lead
	// partner.
	ReportingOrg *IATIOrg
	// ExtendingOrg, when set, is added with role 3 (extending): the
	// body that manages the funds for the funder (an Interreg joint
	// secretariat, a ministry).
	ExtendingOrg *IATIOrg
	// OrgRef returns the IATI organisation identifier of an
	// organisation, or "" when it has none; socialsvc.OrgIdentifier (the
	// registered iati_ref, else one derived from the tax identifier with
	// an org-id.guide prefix) when nil. An organisation without one is
	// written without @ref, by name only.
	OrgRef func(socialsvc.Organisation) string
	// IdentifierPrefix is the prefix of iati-identifier; the reporting
	// organisation's ref when empty. The identifier is prefix-<project
	// ID>: the ID never changes, so neither does the identifier when the
	// acronym is edited.
	IdentifierPrefix string
	// Sectors are DAC 5-digit purpose codes; SectorSocialProtection
	// when empty.
	Sectors []string
	// Now is used to tell actual from planned dates and to date
	// expenditure transactions; time.Now when nil.
	Now func() time.Time
}

// IATIActivity is one iati-activity element, a plain value that
// encoding/xml writes in the order the 2.03 schema requires.
type IATIActivity struct {
	XMLName            xml.Name               `xml:"iati-activity"`
	LastUpdated        string                 `xml:"last-updated-datetime,attr,omitempty"`
	Lang               string                 `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	DefaultCurrency    string                 `xml:"default-currency,attr,omitempty"`
	Identifier         string                 `xml:"iati-identifier"`
	ReportingOrg       IATIReportingOrg       `xml:"reporting-org"`
	Title              IATIText               `xml:"title"`
	Descriptions       []IATIDescription      `xml:"description"`
	ParticipatingOrgs  []IATIParticipatingOrg `xml:"participating-org"`
	Status             IATICode               `xml:"activity-status"`
	Dates              []IATIDate             `xml:"activity-date"`
	RecipientCountries []IATIRecipientCountry `xml:"recipient-country"`
	Locations          []IATILocation         `xml:"location"`
	Sectors            []IATISector           `xml:"sector"`
	Budgets            []IATIBudget           `xml:"budget"`
	Transactions       []IATITransaction      `xml:"transaction"`
	Results            []IATIResult           `xml:"result"`
}

// IATINarrative is a text in one language.
type IATINarrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// IATIText is an element made of narratives.
type IATIText struct {
	Narratives []IATINarrative `xml:"narrative"`
}

// IATIDescription is a typed description (1 general).
type IATIDescription struct {
	Type       string          `xml:"type,attr,omitempty"`
	Narratives []IATINarrative `xml:"narrative"`
}

// IATIReportingOrg is the publisher; the activity schema lets @ref be
// left out (the organisation file requires it, and always has it).
type IATIReportingOrg struct {
	Ref        string          `xml:"ref,attr,omitempty"`
	Type       string          `xml:"type,attr"`
	Narratives []IATINarrative `xml:"narrative"`
}

// IATIParticipatingOrg is an organisation with a role: 1 funding, 2
// accountable, 3 extending, 4 implementing.
type IATIParticipatingOrg struct {
	Ref        string          `xml:"ref,attr,omitempty"`
	Type       string          `xml:"type,attr,omitempty"`
	Role       string          `xml:"role,attr"`
	Narratives []IATINarrative `xml:"narrative"`
}

// IATICode is an element with a code attribute.
type IATICode struct {
	Code string `xml:"code,attr"`
}

// IATIDate is an activity date: 1 planned start, 2 actual start, 3
// planned end, 4 actual end.
type IATIDate struct {
	Type    string `xml:"type,attr"`
	ISODate string `xml:"iso-date,attr"`
}

// IATIRecipientCountry is an ISO 3166-1 country with its share.
type IATIRecipientCountry struct {
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr,omitempty"`
}

// IATILocation is a NUTS region: IATI has no NUTS vocabulary, so the code
// is the location's ref and is named in its description.
type IATILocation struct {
	Ref         string    `xml:"ref,attr,omitempty"`
	Reach       IATICode  `xml:"location-reach"`
	Name        IATIText  `xml:"name"`
	Description *IATIText `xml:"description,omitempty"`
}

// IATISector is a sector (vocabulary 1: DAC 5-digit).
type IATISector struct {
	Vocabulary string          `xml:"vocabulary,attr,omitempty"`
	Code       string          `xml:"code,attr"`
	Percentage string          `xml:"percentage,attr,omitempty"`
	Narratives []IATINarrative `xml:"narrative"`
}

// IATIPeriodDate is a period-start or period-end.
type IATIPeriodDate struct {
	ISODate string `xml:"iso-date,attr"`
}

// IATIValue is an amount with its currency and value date.
type IATIValue struct {
	Currency  string `xml:"currency,attr,omitempty"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

// IATIBudget is the budget of a period (type 1 original; status 1
// indicative, 2 committed).
type IATIBudget struct {
	Type        string         `xml:"type,attr,omitempty"`
	Status      string         `xml:"status,attr,omitempty"`
	PeriodStart IATIPeriodDate `xml:"period-start"`
	PeriodEnd   IATIPeriodDate `xml:"period-end"`
	Value       IATIValue      `xml:"value"`
}

// IATITransaction is a transaction; the export writes expenditure (type
// 4), one per partner and period.
type IATITransaction struct {
	Type        IATICode       `xml:"transaction-type"`
	Date        IATIPeriodDate `xml:"transaction-date"`
	Value       IATIValue      `xml:"value"`
	Description *IATIText      `xml:"description,omitempty"`
	ProviderOrg *IATITxOrg     `xml:"provider-org,omitempty"`
	ReceiverOrg *IATITxOrg     `xml:"receiver-org,omitempty"`
}

// IATITxOrg is a provider or receiver of a transaction.
type IATITxOrg struct {
	Ref        string          `xml:"ref,attr,omitempty"`
	Type       string          `xml:"type,attr,omitempty"`
	Narratives []IATINarrative `xml:"narrative"`
}

// IATIResult is a result (type 1 output, 2 outcome) with its indicators.
type IATIResult struct {
	Type       string          `xml:"type,attr"`
	Title      IATIText        `xml:"title"`
	Indicators []IATIIndicator `xml:"indicator"`
}

// IATIIndicator is an indicator (measure 1 unit, 2 percentage).
type IATIIndicator struct {
	Measure   string                `xml:"measure,attr"`
	Ascending string                `xml:"ascending,attr,omitempty"`
	Title     IATIText              `xml:"title"`
	Reference []IATIIndicatorRef    `xml:"reference"`
	Baseline  []IATIBaseline        `xml:"baseline"`
	Periods   []IATIIndicatorPeriod `xml:"period"`
}

// IATIIndicatorRef is an indicator code in a vocabulary (99: the
// reporting organisation's own).
type IATIIndicatorRef struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
}

// IATIBaseline is an indicator's baseline.
type IATIBaseline struct {
	Year    int    `xml:"year,attr"`
	ISODate string `xml:"iso-date,attr,omitempty"`
	Value   string `xml:"value,attr,omitempty"`
}

// IATIIndicatorPeriod holds a target and an actual value for a period.
type IATIIndicatorPeriod struct {
	PeriodStart IATIPeriodDate    `xml:"period-start"`
	PeriodEnd   IATIPeriodDate    `xml:"period-end"`
	Target      []IATIResultValue `xml:"target"`
	Actual      []IATIResultValue `xml:"actual"`
}

// IATIResultValue is a target or actual value. An actual value that the
// disclosure control withholds has no value, only a comment saying why.
type IATIResultValue struct {
	Value   string    `xml:"value,attr,omitempty"`
	Comment *IATIText `xml:"comment,omitempty"`
}

// iatiActual is the actual value of a people-counting figure: its value,
// or, when withheld, a comment instead, in the project's languages.
func iatiActual(p *socialsvc.Project, v decimal.Decimal, withheld string) IATIResultValue {
	if withheld == "" {
		return IATIResultValue{Value: v.String()}
	}
	return IATIResultValue{Comment: &IATIText{Narratives: libNarratives(p, func(l socialsvc.Lang) string {
		return i18n.T(l, "domain.iati.withheld")
	})}}
}

// IATIOrgType maps a legal status to the IATI OrganisationType code:
// 10 government, 15 other public sector, 21 international NGO, 22
// national NGO (one based in the reporting organisation's country), 24
// partner-country-based NGO, 60 foundation, 70 private sector, 80
// academic, 90 other.
func IATIOrgType(o socialsvc.Organisation, reportingCountry string) string {
	switch o.LegalStatus {
	case socialsvc.LegalGovernment:
		return "10"
	case socialsvc.LegalPublicBody, socialsvc.LegalPublicEquivalent:
		return "15"
	case socialsvc.LegalInternational:
		return "21"
	case socialsvc.LegalNGO:
		if reportingCountry == "" || strings.EqualFold(o.Country, reportingCountry) {
			return "22"
		}
		return "24"
	case socialsvc.LegalFoundation:
		return "60"
	case socialsvc.LegalPrivateCompany, socialsvc.LegalSocialEnterprise:
		return "70"
	case socialsvc.LegalAcademic:
		return "80"
	}
	return "90"
}

func fundOrgType(k socialsvc.FundKind) string {
	switch k {
	case socialsvc.FundEU:
		return "40"
	case socialsvc.FundNational, socialsvc.FundForeignGov:
		return "10"
	case socialsvc.FundRegional, socialsvc.FundCity:
		return "11"
	case socialsvc.FundPrivate:
		return "60"
	}
	return "90"
}

// IATIStatus maps the project lifecycle to the IATI ActivityStatus code:
// draft, submitted and approved are 1 (pipeline); contracted and in
// implementation 2 (implementation), or 3 (finalisation) once the end
// date has passed; closed 4 (closed); rejected and withdrawn 5
// (cancelled).
//
// The end is the end in force (extensions included), not the contracted
// one: an extended project is still in implementation.
func IATIStatus(p *socialsvc.Project, today socialsvc.Date) string {
	switch p.Status {
	case socialsvc.StatusContracted, socialsvc.StatusInImplementation:
		if p.End.Before(today) {
			return "3"
		}
		return "2"
	case socialsvc.StatusClosed:
		return "4"
	case socialsvc.StatusRejected, socialsvc.StatusWithdrawn:
		return "5"
	}
	return "1"
}

// narratives writes a text as one narrative per language it has, in the
// project's fallback order (its own languages, English, then the others in
// the order of their tags), each marked with the ISO 639-1 code of IATI's
// Language codelist ("sr" for a text in "sr-Latn"). Where two of a text's
// tags share a code (sr and sr-Latn, en and en-GB) the first in that order
// is written, since a narrative per language is what the Standard allows;
// a language the codelist does not have is left out.
func narratives(t socialsvc.I18n, own []socialsvc.Lang) []IATINarrative {
	order := make([]socialsvc.Lang, 0, len(t))
	order = append(order, own...)
	order = append(order, socialsvc.EN)
	order = append(order, t.Langs()...)
	var out []IATINarrative
	seen := map[string]bool{}
	for _, l := range order {
		text := t[l]
		code := iatiLang(l)
		if text == "" || code == "" || seen[code] {
			continue
		}
		seen[code] = true
		out = append(out, IATINarrative{Lang: code, Text: text})
	}
	return out
}

// iatiLang returns the IATI Language code of a text language, or "" when
// the codelist has none.
func iatiLang(l socialsvc.Lang) string {
	code := socialsvc.TextLangBase(l)
	if !strings.Contains(iatiLanguages, " "+code+" ") {
		return ""
	}
	return code
}

// iatiDefaultLang is the default language of a project's activity: the
// first of its own languages IATI has a code for, else English.
func iatiDefaultLang(p *socialsvc.Project) string {
	for _, l := range p.Languages {
		if code := iatiLang(l); code != "" {
			return code
		}
	}
	return "en"
}

// iatiLanguages are the codes of the IATI 2.03 Language codelist (ISO
// 639-1 without the withdrawn codes and ia, ie), space-delimited on both
// sides; a test compares them with the codelist file.
const iatiLanguages = " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cv cy da de dv dz ee el en eo es et eu " +
	"fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz id ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky " +
	"la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw " +
	"sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu "

func plain(s string) []IATINarrative { return []IATINarrative{{Text: s}} }

// recipientCountry turns a NUTS country code into ISO 3166-1 (NUTS writes
// Greece EL and the United Kingdom UK).
func recipientCountry(nuts string) string {
	if len(nuts) < 2 {
		return ""
	}
	switch c := nuts[:2]; c {
	case "EL":
		return "GR"
	case "UK":
		return "GB"
	default:
		return c
	}
}

// IATI builds the IATI 2.03 activity of a project: identification,
// organisations and their roles, status and dates, countries, NUTS
// regions as locations, sector, budget per reporting period, expenditure
// per partner and period as transactions of type 4 (in the project
// currency at the rates stored with the expenditure), and indicators as
// results with baseline, target and actual values.
func IATI(ctx context.Context, s store.Store, project socialsvc.ProjectID, o IATIOptions) (*IATIActivity, error) {
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	ropts := Options{Now: now}
	fin, err := financialFor(ctx, s, &p, Scope{}, ropts)
	if err != nil {
		return nil, err
	}
	partners, err := loadPartners(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	orgs, err := loadOrgs(ctx, s, partners)
	if err != nil {
		return nil, err
	}
	funds, err := loadFunds(ctx, s, partners)
	if err != nil {
		return nil, err
	}
	d, err := loadIndicatorData(ctx, s, &p)
	if err != nil {
		return nil, err
	}
	ind := &IndicatorReport{Header: newHeader(KindIndicators, &p, Scope{}, ropts)}
	computeIndicators(ind, &p, Scope{}, d)
	// The IATI file is public: values that count people are the
	// protected ones.
	rl, err := protectedRelease(ctx, s, &p, nil, d)
	if err != nil {
		return nil, err
	}
	rl.protectIndicators(ind, 0)
	return buildIATI(&p, o, now(), partners, orgs, funds, fin, ind)
}

func buildIATI(p *socialsvc.Project, o IATIOptions, now time.Time, partners []socialsvc.Partner, orgs map[socialsvc.OrgID]socialsvc.Organisation,
	funds []socialsvc.Fund, fin *FinancialReport, ind *IndicatorReport) (*IATIActivity, error) {
	orgRef := o.OrgRef
	if orgRef == nil {
		orgRef = socialsvc.OrgIdentifier
	}
	today := socialsvc.DateOf(now.UTC())
	sorted := slices.Clone(partners)
	slices.SortFunc(sorted, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	var lead *socialsvc.Organisation
	for _, pt := range sorted {
		if pt.Role == socialsvc.RoleLead {
			org := orgs[pt.OrgID]
			lead = &org
		}
	}
	rep := o.ReportingOrg
	if rep == nil {
		if lead == nil {
			return nil, socialsvc.FieldErr("reporting_org", "required", "err.reporting_org.required")
		}
		rep = &IATIOrg{Ref: orgRef(*lead), Type: IATIOrgType(*lead, lead.Country), Name: lead.Name}
	}
	if rep.Ref == "" && o.IdentifierPrefix == "" {
		// The activity identifier starts with the publisher's
		// identifier; without one there is nothing true to write.
		return nil, socialsvc.FieldErr("reporting_org.iati_ref", "required",
			"err.reporting_org_iati_ref.required")
	}
	// Identifiers given by the caller are checked like stored ones: a
	// typo would otherwise be published.
	given := [][2]string{{"reporting_org.iati_ref", rep.Ref}, {"identifier_prefix", o.IdentifierPrefix}}
	if e := o.ExtendingOrg; e != nil {
		given = append(given, [2]string{"extending_org.ref", e.Ref})
	}
	for _, g := range given {
		if g[1] != "" {
			if err := socialsvc.CheckOrgIdentifier(g[0], g[1]); err != nil {
				return nil, err
			}
		}
	}
	repCountry := ""
	if lead != nil {
		repCountry = lead.Country
	}
	prefix := o.IdentifierPrefix
	if prefix == "" {
		prefix = rep.Ref
	}
	// The activity key is the project ID, which never changes (the
	// acronym may be edited). Characters the Standard's rule 1.3.13 does
	// not allow in identifiers (/ & | ? and spaces) become hyphens.
	local := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '/', '&', '|', '?':
			return '-'
		}
		return r
	}, string(p.ID))
	cur := string(fin.Currency)
	a := &IATIActivity{
		Lang: iatiDefaultLang(p), DefaultCurrency: cur,
		Identifier:   prefix + "-" + local,
		ReportingOrg: IATIReportingOrg{Ref: rep.Ref, Type: rep.Type, Narratives: plain(rep.Name)},
		Title:        IATIText{Narratives: narratives(p.Title, p.Languages)},
		Status:       IATICode{Code: IATIStatus(p, today)},
	}
	if !p.UpdatedAt.IsZero() {
		a.LastUpdated = p.UpdatedAt.UTC().Format(time.RFC3339)
	}
	if len(a.Title.Narratives) == 0 {
		a.Title.Narratives = plain(p.Acronym)
	}
	desc := narratives(p.Description, p.Languages)
	if len(desc) == 0 {
		desc = narratives(p.Title, p.Languages)
	}
	if len(desc) == 0 {
		desc = plain(p.Acronym)
	}
	a.Descriptions = []IATIDescription{{Type: "1", Narratives: desc}}

	// Organisations: funders (1), the lead partner (2), the extending
	// body (3) and every partner (4).
	fundByID := map[socialsvc.FundID]socialsvc.Fund{}
	for _, f := range funds {
		fundByID[f.ID] = f
	}
	for _, ft := range fin.Funding.Funds {
		f := fundByID[ft.FundID]
		name := f.Name
		if name.IsZero() {
			name = socialsvc.I18n{"en": f.Code}
		}
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, IATIParticipatingOrg{Ref: f.IATIRef, Role: "1", Type: fundOrgType(f.Kind), Narratives: narratives(name, p.Languages)})
	}
	if lead != nil {
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, IATIParticipatingOrg{Ref: orgRef(*lead), Type: IATIOrgType(*lead, repCountry), Role: "2", Narratives: plain(lead.Name)})
	}
	if e := o.ExtendingOrg; e != nil {
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, IATIParticipatingOrg{Ref: e.Ref, Type: e.Type, Role: "3", Narratives: plain(e.Name)})
	}
	for _, pt := range sorted {
		org := orgs[pt.OrgID]
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, IATIParticipatingOrg{Ref: orgRef(org), Type: IATIOrgType(org, repCountry), Role: "4", Narratives: plain(org.Name)})
	}
	if len(a.ParticipatingOrgs) == 0 {
		a.ParticipatingOrgs = []IATIParticipatingOrg{{Ref: rep.Ref, Type: rep.Type, Role: "2", Narratives: plain(rep.Name)}}
	}

	// Every organisation identifier written, whatever OrgRef returned,
	// is one CheckOrgIdentifier accepts (transactions name the same
	// partners).
	for _, po := range a.ParticipatingOrgs {
		if po.Ref != "" {
			if err := socialsvc.CheckOrgIdentifier("participating_org.ref", po.Ref); err != nil {
				return nil, err
			}
		}
	}

	// Planned dates (1, 3) are the contract's; actual ones (2, 4) what
	// happened, extensions included: the end in force once the project
	// is closed.
	a.Dates = []IATIDate{{Type: "1", ISODate: p.Start.String()}, {Type: "3", ISODate: p.ContractEnd().String()}}
	started := p.Status == socialsvc.StatusInImplementation || p.Status == socialsvc.StatusClosed
	if started && !p.Start.After(today) {
		a.Dates = append(a.Dates, IATIDate{Type: "2", ISODate: p.Start.String()})
	}
	if p.Status == socialsvc.StatusClosed && !p.End.After(today) {
		a.Dates = append(a.Dates, IATIDate{Type: "4", ISODate: p.End.String()})
	}
	slices.SortStableFunc(a.Dates, func(x, y IATIDate) int { return cmp.Compare(x.Type, y.Type) })

	var countries []string
	for _, rg := range p.Regions {
		if c := recipientCountry(rg.Code); c != "" && !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
	}
	if len(countries) == 0 && lead != nil && lead.Country != "" {
		countries = []string{strings.ToUpper(lead.Country)}
	}
	for i, c := range countries {
		rc := IATIRecipientCountry{Code: c}
		if len(countries) > 1 {
			// Equal shares in hundredths; the last takes the remainder so
			// that they add up to exactly 100.
			share := 10000 / len(countries)
			if i == len(countries)-1 {
				share = 10000 - share*(len(countries)-1)
			}
			rc.Percentage = strconv.Itoa(share/100) + "." + strconv.Itoa(share%100/10) + strconv.Itoa(share%10)
		}
		a.RecipientCountries = append(a.RecipientCountries, rc)
	}
	for _, rg := range p.Regions {
		name := rg.Name
		if name == "" {
			name = socialsvc.RegionName(rg.Code, rg.Version)
		}
		if name == "" {
			name = rg.Code
		}
		a.Locations = append(a.Locations, IATILocation{Ref: rg.Code, Reach: IATICode{Code: "1"}, Name: IATIText{Narratives: plain(name)},
			Description: &IATIText{Narratives: libNarratives(p, func(l socialsvc.Lang) string {
				return i18n.Tf(l, "domain.iati.region", map[string]any{"Version": string(rg.Version), "Code": rg.Code})
			})}})
	}
	sectors := o.Sectors
	if len(sectors) == 0 {
		sectors = []string{SectorSocialProtection}
	}
	for i, sc := range sectors {
		sec := IATISector{Vocabulary: "1", Code: sc}
		if len(sectors) > 1 {
			share := 10000 / len(sectors)
			if i == len(sectors)-1 {
				share = 10000 - share*(len(sectors)-1)
			}
			sec.Percentage = strconv.Itoa(share/100) + "." + strconv.Itoa(share%100/10) + strconv.Itoa(share%10)
		} else {
			sec.Percentage = "100"
		}
		if sc == SectorSocialProtection {
			sec.Narratives = []IATINarrative{{Lang: "en", Text: "Social Protection"}, {Lang: "hr", Text: "Socijalna zaštita"}}
		}
		a.Sectors = append(a.Sectors, sec)
	}

	// Budget: one per reporting period, or one for the whole project for
	// budget not tied to a period.
	periodDates := func(n int) (socialsvc.Date, socialsvc.Date) {
		for _, per := range p.Periods {
			if per.Number == n {
				return per.Start, per.End
			}
		}
		return p.Start, p.End
	}
	status := "1"
	switch p.Status {
	case socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed:
		status = "2"
	}
	// A budget covers at most a year (the Standard's rule 7.5.3): a
	// budget without a period, or a period longer than a year, is split
	// by calendar year with socialsvc.SplitByYear (by days, to the cent,
	// the remainder to the last year).
	for _, ps := range fin.Periods {
		if ps.Budget.IsZero() {
			continue
		}
		start, end := periodDates(ps.Period)
		parts := []socialsvc.YearShare{{Start: start, End: end, Amount: ps.Budget}}
		if end.After(aYearAfter(start)) {
			var err error
			if parts, err = socialsvc.SplitByYear(start, end, ps.Budget); err != nil {
				return nil, err
			}
		}
		for _, part := range parts {
			a.Budgets = append(a.Budgets, IATIBudget{Type: "1", Status: status, PeriodStart: IATIPeriodDate{part.Start.String()}, PeriodEnd: IATIPeriodDate{part.End.String()},
				Value: IATIValue{Currency: cur, ValueDate: part.Start.String(), Amount: part.Amount.AmountString()}})
		}
	}

	// Expenditure per partner and period.
	type txKey struct {
		p   socialsvc.PartnerID
		per int
	}
	spent := map[txKey]socialsvc.Money{}
	counts := map[txKey]int64{}
	var order []txKey
	for _, l := range fin.Lines {
		if l.Spent.IsZero() {
			continue
		}
		k := txKey{l.PartnerID, l.Period}
		if _, ok := spent[k]; !ok {
			spent[k] = socialsvc.Zero(fin.Currency)
			order = append(order, k)
		}
		m, err := spent[k].Add(l.Spent)
		if err != nil {
			return nil, err
		}
		spent[k] = m
		counts[k] += l.ExpenditureLines
	}
	slices.SortStableFunc(order, func(x, y txKey) int { return cmp.Compare(x.per, y.per) })
	partnerByID := map[socialsvc.PartnerID]socialsvc.Partner{}
	for _, pt := range partners {
		partnerByID[pt.ID] = pt
	}
	for _, k := range order {
		_, end := periodDates(k.per)
		if end.After(today) {
			end = today
		}
		org := orgs[partnerByID[k.p].OrgID]
		name := org.Name
		if name == "" {
			name = string(k.p)
		}
		id, data := "domain.iati.expenditure", map[string]any{"Partner": name}
		if k.per > 0 {
			id, data["Period"] = "domain.iati.expenditure_period", k.per
		}
		desc := libNarratives(p, func(l socialsvc.Lang) string { return i18n.Nf(l, id, int(counts[k]), data) })
		a.Transactions = append(a.Transactions, IATITransaction{
			Type:        IATICode{Code: "4"},
			Date:        IATIPeriodDate{end.String()},
			Value:       IATIValue{Currency: cur, ValueDate: end.String(), Amount: spent[k].AmountString()},
			Description: &IATIText{Narratives: desc},
			ProviderOrg: &IATITxOrg{Ref: orgRef(org), Type: IATIOrgType(org, repCountry), Narratives: plain(name)},
		})
	}

	for _, ip := range ind.Indicators {
		typ := "1"
		if ip.Kind == socialsvc.KindResult {
			typ = "2"
		}
		measure := "1"
		if ip.Unit == "%" {
			measure = "2"
		}
		title := ip.Name
		if title.IsZero() {
			title = socialsvc.I18n{"en": ip.Code}
		}
		ii := IATIIndicator{Measure: measure, Ascending: "1", Title: IATIText{Narratives: narratives(title, p.Languages)},
			Reference: []IATIIndicatorRef{{Vocabulary: "99", Code: ip.Code}},
			Baseline:  []IATIBaseline{{Year: p.Start.Year, ISODate: p.Start.String(), Value: ip.Baseline.String()}}}
		for _, pv := range ip.Periods {
			if pv.Period == 0 {
				continue
			}
			ii.Periods = append(ii.Periods, IATIIndicatorPeriod{PeriodStart: IATIPeriodDate{pv.Start.String()}, PeriodEnd: IATIPeriodDate{pv.End.String()},
				Actual: []IATIResultValue{iatiActual(p, pv.Value, pv.ValueWithheld)}})
		}
		ii.Periods = append(ii.Periods, IATIIndicatorPeriod{PeriodStart: IATIPeriodDate{p.Start.String()}, PeriodEnd: IATIPeriodDate{p.End.String()},
			Target: []IATIResultValue{{Value: ip.Target.String()}}, Actual: []IATIResultValue{iatiActual(p, ip.Achieved, ip.AchievedWithheld)}})
		a.Results = append(a.Results, IATIResult{Type: typ, Title: IATIText{Narratives: narratives(title, p.Languages)}, Indicators: []IATIIndicator{ii}})
	}
	return a, nil
}

// aYearAfter returns the same day a year after d (28 February for 29
// February), the latest end a budget starting on d may have.
func aYearAfter(d socialsvc.Date) socialsvc.Date {
	y := socialsvc.NewDate(d.Year+1, d.Month, d.Day)
	if !y.Valid() {
		y = socialsvc.NewDate(d.Year+1, d.Month, 28)
	}
	return y
}

type iatiActivities struct {
	XMLName    xml.Name        `xml:"iati-activities"`
	Version    string          `xml:"version,attr"`
	Generated  string          `xml:"generated-datetime,attr,omitempty"`
	Activities []*IATIActivity `xml:"iati-activity"`
}

// WriteIATI writes an iati-activities document (version 2.03) holding the
// activities; generated, when not zero, is its generated-datetime. The
// schema needs at least one activity: none is an invalid error.
func WriteIATI(w io.Writer, generated time.Time, acts ...*IATIActivity) error {
	if len(acts) == 0 {
		return socialsvc.FieldErr("activities", "required", "err.activities.required")
	}
	doc := iatiActivities{Version: IATIVersion, Activities: acts}
	if !generated.IsZero() {
		doc.Generated = generated.UTC().Format(time.RFC3339)
	}
	return writeXMLDoc(w, doc)
}
