package socialsvc

import (
	"slices"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// ESFCode is the code of an ESF+ common indicator, as SFC2021 writes it
// ("EECO01").
type ESFCode string

// The output indicators: participants at entry.
const (
	EECO01 ESFCode = "EECO01" // total number of participants
	EECO02 ESFCode = "EECO02" // unemployed, including long-term unemployed
	EECO03 ESFCode = "EECO03" // long-term unemployed
	EECO04 ESFCode = "EECO04" // inactive
	EECO05 ESFCode = "EECO05" // employed, including self-employed
	EECO06 ESFCode = "EECO06" // children below 18 years of age
	EECO07 ESFCode = "EECO07" // young people between 18 and 29 years of age
	EECO08 ESFCode = "EECO08" // participants 55 years of age and above
	EECO09 ESFCode = "EECO09" // lower secondary education or less (ISCED 0–2)
	EECO10 ESFCode = "EECO10" // upper secondary or post-secondary (ISCED 3–4)
	EECO11 ESFCode = "EECO11" // tertiary education (ISCED 5–8)
	EECO12 ESFCode = "EECO12" // participants with disabilities
	EECO13 ESFCode = "EECO13" // third-country nationals
	EECO14 ESFCode = "EECO14" // participants with a foreign background
	EECO15 ESFCode = "EECO15" // minorities (including marginalised communities such as Roma)
	EECO16 ESFCode = "EECO16" // homeless or affected by housing exclusion
	EECO17 ESFCode = "EECO17" // participants from rural areas
)

// The result indicators: at exit and six months after.
const (
	EECR01 ESFCode = "EECR01" // engaged in job searching upon leaving
	EECR02 ESFCode = "EECR02" // in education or training upon leaving
	EECR03 ESFCode = "EECR03" // gaining a qualification upon leaving
	EECR04 ESFCode = "EECR04" // in employment, including self-employment, upon leaving
	EECR05 ESFCode = "EECR05" // in employment six months after leaving
	EECR06 ESFCode = "EECR06" // improved labour market situation six months after leaving
)

// ESFCodes lists every common indicator of participants in the order of
// Annex I: the outputs EECO01–EECO17, then the results EECR01–EECR06.
var ESFCodes = []ESFCode{
	EECO01, EECO02, EECO03, EECO04, EECO05, EECO06, EECO07, EECO08, EECO09,
	EECO10, EECO11, EECO12, EECO13, EECO14, EECO15, EECO16, EECO17,
	EECR01, EECR02, EECR03, EECR04, EECR05, EECR06,
}

// Valid reports whether c is one of ESFCodes.
func (c ESFCode) Valid() bool { return slices.Contains(ESFCodes, c) }

// Result reports whether c is a result indicator (EECR).
func (c ESFCode) Result() bool { return strings.HasPrefix(string(c), "EECR") && c.Valid() }

// Kind returns the kind of indicator c is: output or result.
func (c ESFCode) Kind() IndicatorKind {
	if c.Result() {
		return KindResult
	}
	return KindOutput
}

// Label returns the indicator's name in lang ("long-term unemployed"),
// from the catalogue area "esf"; an unknown code is returned as it is.
func (c ESFCode) Label(lang Lang) string {
	if !c.Valid() {
		return string(c)
	}
	return i18n.T(lang, "esf.indicator."+strings.ToLower(string(c)))
}

// ESFIndicatorInfo describes one common indicator: its code, its kind and
// its name in every shipped language.
type ESFIndicatorInfo struct {
	Code ESFCode       `json:"code"`
	Kind IndicatorKind `json:"kind"`
	Name I18n          `json:"name"`
}

// ESFCatalogue returns the common indicators of ESFCodes with their names
// in every shipped language, for reports and for programme indicators
// defined as one of them.
func ESFCatalogue() []ESFIndicatorInfo {
	out := make([]ESFIndicatorInfo, len(ESFCodes))
	for i, c := range ESFCodes {
		name := I18n{}
		for _, l := range i18n.Languages() {
			name[l] = c.Label(l)
		}
		out[i] = ESFIndicatorInfo{Code: c, Kind: c.Kind(), Name: name}
	}
	return out
}

// ESFGender is a column of the gender breakdown.
type ESFGender string

// The columns of the breakdown. Unknown counts in the total only.
const (
	ESFWomen     ESFGender = "women"
	ESFMen       ESFGender = "men"
	ESFNonBinary ESFGender = "non_binary"
	ESFUnknown   ESFGender = "unknown"
)

// ESFGenderOf returns the column of a recorded gender.
func ESFGenderOf(g Gender) ESFGender {
	switch g {
	case GenderFemale:
		return ESFWomen
	case GenderMale:
		return ESFMen
	case GenderOther:
		return ESFNonBinary
	}
	return ESFUnknown
}

// ESFRecord is one participation behind a figure.
type ESFRecord struct {
	Participation ParticipationID `json:"participation_id"`
	Beneficiary   BeneficiaryID   `json:"beneficiary_id"`
	Gender        ESFGender       `json:"gender"`
}

// ESFFigure is the value of one indicator, by gender. Records lists the
// participations counted, in the order they were added, so that the
// project's own staff can see which records make a figure; it is left
// out of JSON, because IDs are not for every reader.
type ESFFigure struct {
	Code      ESFCode `json:"code"`
	Women     int     `json:"women"`
	Men       int     `json:"men"`
	NonBinary int     `json:"non_binary"`
	// Unknown counts the participations of people without a recorded
	// gender: they are in Total and in no column.
	Unknown int         `json:"unknown"`
	Total   int         `json:"total"`
	Records []ESFRecord `json:"-"`
}

// Of returns the count of one column (ESFUnknown included).
func (f ESFFigure) Of(g ESFGender) int {
	switch g {
	case ESFWomen:
		return f.Women
	case ESFMen:
		return f.Men
	case ESFNonBinary:
		return f.NonBinary
	case ESFUnknown:
		return f.Unknown
	}
	return 0
}

// RecordsOf returns the records of one column; "" returns all of them.
func (f ESFFigure) RecordsOf(g ESFGender) []ESFRecord {
	if g == "" {
		return slices.Clone(f.Records)
	}
	var out []ESFRecord
	for _, r := range f.Records {
		if r.Gender == g {
			out = append(out, r)
		}
	}
	return out
}

// Contributors returns the number of distinct beneficiaries behind one
// column ("" for the total): a person who entered twice counts once
// here, which is what disclosure protection must know.
func (f ESFFigure) Contributors(g ESFGender) int {
	seen := map[BeneficiaryID]struct{}{}
	for _, r := range f.Records {
		if g == "" || r.Gender == g {
			seen[r.Beneficiary] = struct{}{}
		}
	}
	return len(seen)
}

// ESFDistinct is the number of distinct beneficiaries behind a figure,
// in total and by column.
type ESFDistinct struct {
	Women, Men, NonBinary, Unknown, Total int
}

// Of returns the count of one column ("" for the total).
func (d ESFDistinct) Of(g ESFGender) int {
	switch g {
	case ESFWomen:
		return d.Women
	case ESFMen:
		return d.Men
	case ESFNonBinary:
		return d.NonBinary
	case ESFUnknown:
		return d.Unknown
	case "":
		return d.Total
	}
	return 0
}

// Distinct counts the distinct beneficiaries behind f in one pass over
// its records: what Contributors gives for each column and the total,
// for a caller that needs them all (the disclosure protection).
func (f ESFFigure) Distinct() ESFDistinct {
	seen := make(map[BeneficiaryID]uint8, len(f.Records))
	var d ESFDistinct
	for _, r := range f.Records {
		var bit uint8
		switch r.Gender {
		case ESFWomen:
			bit = 1
		case ESFMen:
			bit = 2
		case ESFNonBinary:
			bit = 4
		default:
			bit = 8
		}
		m, ok := seen[r.Beneficiary]
		if !ok {
			d.Total++
		}
		if m&bit == 0 {
			switch bit {
			case 1:
				d.Women++
			case 2:
				d.Men++
			case 4:
				d.NonBinary++
			default:
				d.Unknown++
			}
			seen[r.Beneficiary] = m | bit
		}
	}
	return d
}

func (f *ESFFigure) add(r ESFRecord) {
	switch r.Gender {
	case ESFWomen:
		f.Women++
	case ESFMen:
		f.Men++
	case ESFNonBinary:
		f.NonBinary++
	default:
		f.Unknown++
	}
	f.Total++
	f.Records = append(f.Records, r)
}

// ESFScope selects the participations of a computation: those of the
// projects listed (all when none is), whose entry date lies in [From, To]
// (either bound may be zero: open).
type ESFScope struct {
	ProjectIDs []ProjectID `json:"project_ids,omitempty"`
	From       Date        `json:"from,omitzero"`
	To         Date        `json:"to,omitzero"`
}

// Contains reports whether p is in the scope.
func (s *ESFScope) Contains(p *Participation) bool {
	if len(s.ProjectIDs) > 0 && !slices.Contains(s.ProjectIDs, p.ProjectID) {
		return false
	}
	if !s.From.IsZero() && p.EntryDate.Before(s.From) {
		return false
	}
	return s.To.IsZero() || !p.EntryDate.After(s.To)
}

// ESFResult holds the figures of every indicator of ESFCodes, in that
// order, and the populations behind the result indicators.
type ESFResult struct {
	Scope   ESFScope    `json:"scope"`
	Figures []ESFFigure `json:"indicators"`
	// Exited counts the participations of the scope that have an exit
	// date, SixMonthData those with results six months after exit:
	// EECR01–EECR04 cannot exceed Exited, EECR05 and EECR06 cannot
	// exceed SixMonthData.
	Exited       int `json:"exited"`
	SixMonthData int `json:"six_month_data"`
}

// Figure returns the figure of code (a zero figure of that code for an
// unknown one).
func (r *ESFResult) Figure(code ESFCode) ESFFigure {
	if i := slices.Index(ESFCodes, code); i >= 0 && i < len(r.Figures) {
		return r.Figures[i]
	}
	return ESFFigure{Code: code}
}

// ESFCounter computes the indicators one participation at a time, so
// that a caller can stream participations from a store without holding
// them all. The zero value is not usable: call NewESFCounter.
type ESFCounter struct {
	res ESFResult
	pos map[ESFCode]int
}

// NewESFCounter returns a counter over scope.
func NewESFCounter(scope ESFScope) *ESFCounter {
	scope.ProjectIDs = slices.Clone(scope.ProjectIDs)
	c := &ESFCounter{res: ESFResult{Scope: scope, Figures: make([]ESFFigure, len(ESFCodes))}, pos: make(map[ESFCode]int, len(ESFCodes))}
	for i, code := range ESFCodes {
		c.res.Figures[i].Code = code
		c.pos[code] = i
	}
	return c
}

// Add counts participation p of beneficiary b (nil when the record
// cannot be found: gender and age then count as unknown). It reports
// whether p is in the counter's scope; a participation outside it is
// not counted.
func (c *ESFCounter) Add(p *Participation, b *Beneficiary) bool {
	if !c.res.Scope.Contains(p) {
		return false
	}
	gender, band := GenderUnknown, AgeUnknown
	switch {
	case p.Anonymous != nil:
		gender, band = p.Anonymous.Gender, p.Anonymous.AgeBand
	case b != nil:
		gender, band = b.Gender, b.AgeBandOn(p.EntryDate)
	}
	r := ESFRecord{Participation: p.ID, Beneficiary: p.BeneficiaryID, Gender: ESFGenderOf(gender)}
	for _, code := range esfCodesOf(p, band) {
		c.res.Figures[c.pos[code]].add(r)
	}
	if !p.ExitDate.IsZero() {
		c.res.Exited++
	}
	if len(p.SixMonthSituation) > 0 {
		c.res.SixMonthData++
	}
	return true
}

// Result returns the figures counted so far. The result shares no memory
// with the counter.
func (c *ESFCounter) Result() ESFResult {
	out := c.res
	out.Scope.ProjectIDs = slices.Clone(c.res.Scope.ProjectIDs)
	out.Figures = slices.Clone(c.res.Figures)
	for i := range out.Figures {
		out.Figures[i].Records = slices.Clone(out.Figures[i].Records)
	}
	return out
}

// ComputeESF computes every indicator of ESFCodes over the participations
// in scope. people holds the beneficiaries by ID (their gender and birth
// data); a participation whose beneficiary is missing counts with unknown
// gender and age. The package documentation ("ESF+ participants") says
// what is counted.
func ComputeESF(parts []Participation, people map[BeneficiaryID]Beneficiary, scope ESFScope) ESFResult {
	c := NewESFCounter(scope)
	for i := range parts {
		p := &parts[i]
		if b, ok := people[p.BeneficiaryID]; ok {
			c.Add(p, &b)
		} else {
			c.Add(p, nil)
		}
	}
	// The counter is not used again: its figures need no copy.
	return c.res
}

// esfCodesOf returns the indicators p counts in, given the age band at
// entry.
func esfCodesOf(p *Participation, band AgeBand) []ESFCode {
	codes := make([]ESFCode, 0, 8)
	codes = append(codes, EECO01)
	switch s := p.LabourStatus; {
	case s.Unemployed():
		codes = append(codes, EECO02)
		if s == LabourLongTermUnemployed {
			codes = append(codes, EECO03)
		}
	case s.Inactive():
		codes = append(codes, EECO04)
	case s.Employed():
		codes = append(codes, EECO05)
	}
	switch band {
	case AgeUnder18:
		codes = append(codes, EECO06)
	case Age18to29:
		codes = append(codes, EECO07)
	case Age55to64, Age65Plus:
		codes = append(codes, EECO08)
	}
	if p.ISCED != nil {
		switch l := *p.ISCED; {
		case l >= 0 && l <= 2:
			codes = append(codes, EECO09)
		case l >= 3 && l <= 4:
			codes = append(codes, EECO10)
		case l >= 5 && l <= MaxISCED:
			codes = append(codes, EECO11)
		}
	}
	answers := [...]struct {
		a    Answer
		code ESFCode
	}{{p.Disability, EECO12}, {p.ThirdCountryNational, EECO13}, {p.ForeignBackground, EECO14},
		{p.Minority, EECO15}, {p.Homeless, EECO16}, {p.Rural, EECO17}}
	for _, x := range answers {
		if x.a == AnswerYes {
			codes = append(codes, x.code)
		}
	}
	if has(p.ExitSituation, OutcomeJobSearching) {
		codes = append(codes, EECR01)
	}
	if has(p.ExitSituation, OutcomeInEducation) {
		codes = append(codes, EECR02)
	}
	if has(p.ExitSituation, OutcomeQualification) {
		codes = append(codes, EECR03)
	}
	if has(p.ExitSituation, OutcomeEmployed) {
		codes = append(codes, EECR04)
	}
	if has(p.SixMonthSituation, OutcomeEmployed) {
		codes = append(codes, EECR05)
	}
	if has(p.SixMonthSituation, OutcomeImproved) {
		codes = append(codes, EECR06)
	}
	return codes
}

func has(rs []Result, o Outcome) bool {
	return slices.ContainsFunc(rs, func(r Result) bool { return r.Outcome == o })
}
