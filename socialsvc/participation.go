package socialsvc

import (
	"slices"
	"strconv"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// ESF+ participants (Regulation (EU) 2021/1057 Annex I; DOMAIN.md
// "Indicators"): a Participation is one beneficiary's participation in
// one project, with the data collected at entry and the results observed
// at exit and six months after. The ESF+ common indicators (EECO01–EECO17,
// EECR01–EECR06) are computed from a set of participations, broken down
// by gender; nobody enters them by hand.
//
// Special-category answers (disability, origin, minority, housing) may be
// refused: a refusal is recorded as such and counts in no category. An
// answer that was not collected is Unanswered, which counts in no category
// either; neither is ever guessed.

// ParticipationID identifies a participation.
type ParticipationID string

// LabourStatus is a participant's labour-market status at entry.
type LabourStatus string

// Labour-market statuses at entry. Long-term unemployed people are
// unemployed too (EECO02 includes EECO03); people inactive in education or
// training are inactive (EECO04). Self-employed people are employed
// (EECO05).
const (
	LabourUnknown            LabourStatus = ""
	LabourEmployed           LabourStatus = "employed"
	LabourSelfEmployed       LabourStatus = "self_employed"
	LabourUnemployed         LabourStatus = "unemployed"
	LabourLongTermUnemployed LabourStatus = "long_term_unemployed"
	LabourInactive           LabourStatus = "inactive"
	LabourInactiveEducation  LabourStatus = "inactive_education"
)

// LabourStatuses lists the known statuses in order.
var LabourStatuses = []LabourStatus{
	LabourEmployed, LabourSelfEmployed, LabourUnemployed,
	LabourLongTermUnemployed, LabourInactive, LabourInactiveEducation,
}

// Valid reports whether s is a known status or unknown (not collected).
func (s LabourStatus) Valid() bool { return s == LabourUnknown || slices.Contains(LabourStatuses, s) }

// Employed reports whether s counts as employed, self-employment included.
func (s LabourStatus) Employed() bool { return s == LabourEmployed || s == LabourSelfEmployed }

// Unemployed reports whether s counts as unemployed, long-term included.
func (s LabourStatus) Unemployed() bool {
	return s == LabourUnemployed || s == LabourLongTermUnemployed
}

// Inactive reports whether s counts as inactive, in education or
// training included.
func (s LabourStatus) Inactive() bool { return s == LabourInactive || s == LabourInactiveEducation }

// MaxISCED is the highest ISCED 2011 level (doctoral or equivalent).
const MaxISCED = 8

// Answer is the answer to a special-category question at entry.
type Answer string

// Answers. Unanswered means the question was not asked or the answer is
// not recorded; Refused means the person declined to answer. Both count
// in no category.
const (
	Unanswered Answer = ""
	AnswerYes  Answer = "yes"
	AnswerNo   Answer = "no"
	Refused    Answer = "refused"
)

// Valid reports whether a is a known answer.
func (a Answer) Valid() bool {
	return a == Unanswered || a == AnswerYes || a == AnswerNo || a == Refused
}

// Outcome is a result observed at exit or six months after it.
type Outcome string

// Results at exit (EECR01–EECR04) and six months after exit (EECR05,
// EECR06). Employment includes self-employment.
const (
	OutcomeJobSearching  Outcome = "job_searching" // EECR01, at exit
	OutcomeInEducation   Outcome = "in_education"  // EECR02, at exit
	OutcomeQualification Outcome = "qualification" // EECR03, at exit
	OutcomeEmployed      Outcome = "employed"      // EECR04 at exit, EECR05 six months after
	OutcomeImproved      Outcome = "improved"      // EECR06, six months after
)

// ExitOutcomes lists the results that may be observed at exit.
var ExitOutcomes = []Outcome{OutcomeJobSearching, OutcomeInEducation, OutcomeQualification, OutcomeEmployed}

// SixMonthOutcomes lists the results that may be observed six months
// after exit.
var SixMonthOutcomes = []Outcome{OutcomeEmployed, OutcomeImproved}

// ResultSource says how a result was learnt.
type ResultSource string

// Sources of a result: the participant was asked, or a register (the
// employment service, the pension insurance) was consulted.
const (
	SourceAsked    ResultSource = "asked"
	SourceRegister ResultSource = "register"
)

// Valid reports whether s is a known source.
func (s ResultSource) Valid() bool { return s == SourceAsked || s == SourceRegister }

// Result is one result of a participant with the date it was observed
// and how it was learnt.
type Result struct {
	Outcome    Outcome      `json:"outcome"`
	ObservedOn Date         `json:"observed_on"`
	Source     ResultSource `json:"source"`
}

// Participation is one beneficiary's participation in one project. The
// attributes are those at entry; the person's gender and birth year are
// the beneficiary record's (they are not copied here: minimum data).
// ExitDate is zero while the person still takes part; results may be
// recorded only after it.
type Participation struct {
	ID            ParticipationID `json:"id"`
	ProjectID     ProjectID       `json:"project_id"`
	BeneficiaryID BeneficiaryID   `json:"beneficiary_id"`
	// OrgID is the beneficiary's organisation, copied by the store from
	// the beneficiary record: its staff alone record the participation.
	OrgID     OrgID `json:"org_id,omitempty"`
	EntryDate Date  `json:"entry_date"`
	ExitDate  Date  `json:"exit_date,omitzero"`

	LabourStatus LabourStatus `json:"labour_status,omitempty"`
	// ISCED is the highest ISCED 2011 level attained at entry, 0 to
	// MaxISCED; nil when not known.
	ISCED                *int   `json:"isced,omitempty"`
	Disability           Answer `json:"disability,omitempty"`
	ThirdCountryNational Answer `json:"third_country_national,omitempty"`
	ForeignBackground    Answer `json:"foreign_background,omitempty"`
	// Minority includes marginalised communities such as the Roma.
	Minority Answer `json:"minority,omitempty"`
	// Homeless includes housing exclusion.
	Homeless Answer `json:"homeless,omitempty"`
	// Rural is yes when the residence lies in a rural area by the degree
	// of urbanisation (DEGURBA 3), no for cities, towns and suburbs.
	Rural Answer `json:"rural,omitempty"`

	// Anonymous is set by the store when the beneficiary is erased (GDPR
	// Art. 17): the participation stays, attached to the erased
	// beneficiary's ID, so that the indicators of past periods stay
	// right, and it keeps of the person only the gender and the age band
	// at entry that the indicators are broken down by (the beneficiary
	// record no longer has them). It is read-only: callers never set it,
	// and an anonymous participation is not changed any more.
	Anonymous *AnonymousPerson `json:"anonymous,omitempty"`

	ExitSituation     []Result `json:"exit_situation,omitempty"`
	SixMonthSituation []Result `json:"six_month_situation,omitempty"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Label returns the status for people reading lang ("long-term
// unemployed"); an unknown status is "not recorded".
func (s LabourStatus) Label(lang Lang) string {
	if s == LabourUnknown {
		return i18n.T(lang, "esf.not_recorded")
	}
	return codeLabel("esf.labour.", s, lang)
}

// Label returns the answer for people reading lang; Unanswered is "not
// recorded".
func (a Answer) Label(lang Lang) string {
	switch a {
	case Unanswered:
		return i18n.T(lang, "esf.not_recorded")
	case Refused:
		return i18n.T(lang, "esf.answer.refused")
	}
	return codeLabel("esf.answer.", a, lang)
}

// Label returns the result for people reading lang.
func (o Outcome) Label(lang Lang) string { return codeLabel("esf.outcome.", o, lang) }

// Label returns the source for people reading lang.
func (s ResultSource) Label(lang Lang) string { return codeLabel("esf.source.", s, lang) }

// ISCEDLabel returns the ISCED 2011 level for people reading lang
// ("upper secondary education"), or "not recorded" for nil.
func ISCEDLabel(level *int, lang Lang) string {
	if level == nil {
		return i18n.T(lang, "esf.not_recorded")
	}
	switch *level {
	case 0:
		return i18n.T(lang, "esf.isced.0")
	case 1:
		return i18n.T(lang, "esf.isced.1")
	case 2:
		return i18n.T(lang, "esf.isced.2")
	case 3:
		return i18n.T(lang, "esf.isced.3")
	case 4:
		return i18n.T(lang, "esf.isced.4")
	case 5:
		return i18n.T(lang, "esf.isced.5")
	case 6:
		return i18n.T(lang, "esf.isced.6")
	case 7:
		return i18n.T(lang, "esf.isced.7")
	case 8:
		return i18n.T(lang, "esf.isced.8")
	}
	return strconv.Itoa(*level)
}

// ExitOutcome reports whether o may be observed at exit.
func (o Outcome) ExitOutcome() bool { return slices.Contains(ExitOutcomes, o) }

// SixMonthOutcome reports whether o may be observed six months after
// exit.
func (o Outcome) SixMonthOutcome() bool { return slices.Contains(SixMonthOutcomes, o) }

// SixMonthsAfter returns the day six calendar months after d: the same
// day of the month, or the month's last day when it is shorter (31
// August gives 28 or 29 February), never a day in the month after.
func SixMonthsAfter(d Date) Date { return AddMonths(d, 6) }

// AddMonths returns d plus n calendar months, clamped to the last day of
// the resulting month.
func AddMonths(d Date, n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return Date{y, time.Month(m + 1), min(d.Day, last)}
}

// Answers returns the special-category answers of p by their JSON field
// names, in the order of the indicators (EECO12 to EECO17).
func (p *Participation) Answers() []NamedAnswer {
	return []NamedAnswer{
		{"disability", p.Disability}, {"third_country_national", p.ThirdCountryNational},
		{"foreign_background", p.ForeignBackground}, {"minority", p.Minority},
		{"homeless", p.Homeless}, {"rural", p.Rural},
	}
}

// NamedAnswer is an answer with the JSON name of its field.
type NamedAnswer struct {
	Field  string
	Answer Answer
}

// ValidateParticipation checks a participation on its own: the IDs of
// the project and the beneficiary and the entry date are required; the
// labour status, the answers, the outcomes and the sources are known
// values; ISCED is 0 to MaxISCED; the exit is not before the entry;
// results at exit need an exit date, are observed on or after it and are
// exit outcomes (EECR01–EECR04); results six months after need an exit
// date, are observed six calendar months after it or later
// (SixMonthsAfter) and are six-month outcomes (EECR05, EECR06); no
// outcome appears twice in one list. Every mistake is reported, each as
// a FieldError naming its JSON path ("exit_date",
// "exit_situation[0].observed_on"); messages never repeat a value.
//
// The rules that need the store (the beneficiary exists and belongs to
// the project's partners, no overlapping participation) are
// store.CheckParticipation's.
func ValidateParticipation(p *Participation) error {
	if p == nil {
		return &Error{Code: Invalid, Message: "invalid participation: nothing to validate"}
	}
	c := &checker{name: "participation"}
	if p.ProjectID == "" {
		c.add("project_id", "required", "err.rule.required", nil)
	}
	if p.BeneficiaryID == "" {
		c.add("beneficiary_id", "required", "err.rule.required", nil)
	}
	switch {
	case p.EntryDate.IsZero():
		c.add("entry_date", "required", "err.rule.required", nil)
	case !p.EntryDate.Valid():
		c.add("entry_date", "date", "err.rule.omitempty_date", nil)
	}
	exitOK := false
	switch {
	case p.ExitDate.IsZero():
	case !p.ExitDate.Valid():
		c.add("exit_date", "date", "err.rule.omitempty_date", nil)
	case p.EntryDate.Valid() && p.ExitDate.Before(p.EntryDate):
		c.add("exit_date", "after_entry", "err.exit_date.after_entry", nil)
	default:
		exitOK = true
	}
	if !p.LabourStatus.Valid() {
		c.add("labour_status", "oneof", "err.labour_status.oneof", nil)
	}
	if p.ISCED != nil && (*p.ISCED < 0 || *p.ISCED > MaxISCED) {
		c.add("isced", "range", "err.isced.range", Args{"Max": MaxISCED})
	}
	for _, a := range p.Answers() {
		if !a.Answer.Valid() {
			c.add(a.Field, "oneof", "err.answer.oneof", nil)
		}
	}
	c.checkResults("exit_situation", p.ExitSituation, p.ExitDate, exitOK, false)
	c.checkResults("six_month_situation", p.SixMonthSituation, p.ExitDate, exitOK, true)
	return c.err()
}

// checkResults checks the results of one list (see ValidateParticipation).
// exitOK says whether exit is a valid exit date.
func (c *checker) checkResults(name string, rs []Result, exit Date, exitOK, sixMonth bool) {
	if len(rs) > 0 && exit.IsZero() {
		c.add(name, "exit_date", "err.results.exit_date", nil)
	}
	seen := map[Outcome]bool{}
	for i, r := range rs {
		at := indexPath(name, i)
		switch {
		case !sixMonth && !r.Outcome.ExitOutcome():
			c.add(at+".outcome", "exit_outcome", "err.outcome.exit_outcome", nil)
		case sixMonth && !r.Outcome.SixMonthOutcome():
			c.add(at+".outcome", "six_month_outcome", "err.outcome.six_month_outcome", nil)
		case seen[r.Outcome]:
			c.add(at+".outcome", "unique", "err.outcome.unique", nil)
		}
		seen[r.Outcome] = true
		if !r.Source.Valid() {
			c.add(at+".source", "oneof", "err.source.oneof", nil)
		}
		switch {
		case r.ObservedOn.IsZero():
			c.add(at+".observed_on", "required", "err.rule.required", nil)
		case !r.ObservedOn.Valid():
			c.add(at+".observed_on", "date", "err.rule.omitempty_date", nil)
		case !exitOK:
		case !sixMonth && r.ObservedOn.Before(exit):
			c.add(at+".observed_on", "after_exit", "err.observed_on.after_exit", nil)
		case sixMonth && r.ObservedOn.Before(SixMonthsAfter(exit)):
			c.add(at+".observed_on", "six_months", "err.observed_on.six_months", nil)
		}
	}
}

// AnonymousPerson is what an anonymous participation keeps of its erased
// beneficiary: the gender and the age band at entry, no birth date.
type AnonymousPerson struct {
	Gender  Gender  `json:"gender,omitempty"`
	AgeBand AgeBand `json:"age_band,omitempty"`
}

// Anonymise returns the participation as it stays after its beneficiary
// b (the record before erasure) is erased: attached to b's ID, with b's
// gender and age band at entry in Anonymous. An anonymous participation
// is returned unchanged.
func (p Participation) Anonymise(b *Beneficiary) Participation {
	if p.Anonymous != nil {
		return p
	}
	p.Anonymous = &AnonymousPerson{}
	if b != nil && !b.Erased {
		p.Anonymous.Gender = b.Gender
		p.Anonymous.AgeBand = b.AgeBandOn(p.EntryDate)
	}
	return p
}

// Clone returns a copy of p that shares no memory with it.
func (p Participation) Clone() Participation {
	if p.ISCED != nil {
		v := *p.ISCED
		p.ISCED = &v
	}
	if p.Anonymous != nil {
		a := *p.Anonymous
		p.Anonymous = &a
	}
	p.ExitSituation = slices.Clone(p.ExitSituation)
	p.SixMonthSituation = slices.Clone(p.SixMonthSituation)
	return p
}
