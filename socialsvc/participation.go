package socialsvc

import (
	"slices"
	"time"
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

	ExitSituation     []Result `json:"exit_situation,omitempty"`
	SixMonthSituation []Result `json:"six_month_situation,omitempty"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
