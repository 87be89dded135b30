package socialsvc

import (
	"github.com/shopspring/decimal"
	"slices"
	"time"
)

// Status is a project's place in its lifecycle.
type Status string

// The lifecycle: draft → submitted → approved → contracted →
// in_implementation → closed, with rejected (after submission) and
// withdrawn (before implementation) as ends.
const (
	StatusDraft            Status = "draft"
	StatusSubmitted        Status = "submitted"
	StatusApproved         Status = "approved"
	StatusContracted       Status = "contracted"
	StatusInImplementation Status = "in_implementation"
	StatusClosed           Status = "closed"
	StatusRejected         Status = "rejected"
	StatusWithdrawn        Status = "withdrawn"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusApproved, StatusContracted, StatusInImplementation, StatusClosed, StatusRejected, StatusWithdrawn}

var transitions = map[Status][]Status{
	StatusDraft:            {StatusSubmitted, StatusWithdrawn},
	StatusSubmitted:        {StatusApproved, StatusRejected, StatusWithdrawn},
	StatusApproved:         {StatusContracted, StatusWithdrawn},
	StatusContracted:       {StatusInImplementation, StatusWithdrawn},
	StatusInImplementation: {StatusClosed},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Next returns the statuses s may move to.
func (s Status) Next() []Status { return slices.Clone(transitions[s]) }

// CanTransition reports whether a project in s may move to to.
func (s Status) CanTransition(to Status) bool { return slices.Contains(transitions[s], to) }

// Label returns the status for people reading lang, from the catalogue
// ids domain.status.<status>; the code itself for an unknown one.
func (s Status) Label(lang Lang) string { return codeLabel("domain.status.", s, lang) }

func (s Status) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler and rejects unknown values.
func (s *Status) UnmarshalText(b []byte) error {
	v := Status(b)
	if !v.Valid() {
		return FieldErr("status", "oneof", "err.status.oneof_2")
	}
	*s = v
	return nil
}

// Project is a funded project: what it is, who funds it, when and where it
// runs, and whom it serves. Partners, budget, events and indicators are
// separate values that refer to it by ID.
type Project struct {
	ID                ProjectID `json:"id"`
	Acronym           string    `json:"acronym" validate:"required,max=50"`
	Title             I18n      `json:"title" validate:"i18n_required"`
	Description       I18n      `json:"description"`
	Programme         string    `json:"programme" validate:"max=300"`
	Call              string    `json:"call,omitempty" validate:"max=300"`
	PriorityAxis      string    `json:"priority_axis,omitempty" validate:"max=300"`
	SpecificObjective string    `json:"specific_objective,omitempty" validate:"max=300"`
	// Start and End are the implementation period in force, both
	// inclusive: the contracted period as amended by Modifications
	// (ContractEnd gives the end before them).
	Start Date `json:"start" validate:"date_required"`
	End   Date `json:"end" validate:"date_required,gtefield_date=Start"`
	// Modifications are the dated changes of the contract that moved the
	// end (extensions), oldest first; see ValidateProject for how they
	// chain.
	Modifications []Modification `json:"modifications,omitempty" validate:"dive"`
	// Eligibility is the period in which costs are eligible, where the
	// programme sets one that differs from the implementation period: it
	// contains Start..End and may begin earlier (preparation costs) or end
	// later (closure costs). Nil means the implementation period.
	// Reporting periods, and so the preparation or closure periods a
	// programme has, lie within it.
	Eligibility *Span  `json:"eligibility,omitempty"`
	Status      Status `json:"status" validate:"required,status"`
	// Currency is the reporting currency of the budget, EUR unless a
	// funder reports in its own (seed 001: a UK fund).
	Currency     Currency      `json:"currency" validate:"required,currency"`
	Regions      []Region      `json:"regions,omitempty" validate:"dive"`
	TargetGroups []TargetGroup `json:"target_groups,omitempty" validate:"dive,target_group"`
	// Periods are the reporting periods budgets and expenditure refer to,
	// numbered from 1 and not overlapping.
	Periods []Period `json:"periods,omitempty" validate:"dive"`
	// FlatRates are the simplified-cost flat rates the project uses (e.g.
	// office and administration as 15% of staff costs): their categories
	// are computed, in the budget and in reported spending, never entered.
	FlatRates []FlatRate `json:"flat_rates,omitempty" validate:"dive"`
	// RateRule says where the rate of a cost paid in another currency
	// comes from (the zero value: InforEuro of the month incurred).
	RateRule RateRule `json:"rate_rule"`
	// PlanningRate is the kuna rate the euro budget was planned with,
	// where one was recorded; kuna equivalents of the budget use it
	// (KunaEquivalent).
	PlanningRate *PlanningRate `json:"planning_rate,omitempty"`
	// UnitCosts and LumpSums are the project's (or its programme's)
	// simplified-cost definitions that budget and expenditure lines of
	// categories unit_cost and lump_sum name by code.
	UnitCosts []UnitCost `json:"unit_costs,omitempty" validate:"dive"`
	LumpSums  []LumpSum  `json:"lump_sums,omitempty" validate:"dive"`
	// Languages are the project's own languages (BCP 47 tags that
	// ValidTextLang accepts, each once), the main one first: its texts and
	// those of its records fall back to them, in this order, before
	// English (I18n.In), and the first is the default language of its IATI
	// activity. 2SoKroG, a Slovenian–Croatian project that also publishes
	// in English, has ["sl", "hr", "en"]. Empty: none of its own, and texts
	// fall back to English, then to any language they have.
	Languages []Lang `json:"languages,omitempty" validate:"max=32,dive,lang"`
	// FlexibilityPercent is the programme's flexibility rule: by how much
	// of its budget a cost category may be overspent while the partner's
	// total is not exceeded, before the financial report warns. Unset means
	// DefaultFlexibilityPercent.
	FlexibilityPercent *decimal.Decimal `json:"flexibility_percent,omitempty" validate:"omitempty,percent"`
	Website            string           `json:"website,omitempty" validate:"omitempty,max=500,http_url"`
	Version            int64            `json:"version"`
	CreatedAt          time.Time        `json:"created_at"`
	UpdatedAt          time.Time        `json:"updated_at"`
}

// Transition moves p to status to, or returns a conflict error naming the
// allowed next statuses.
func (p *Project) Transition(to Status) error {
	if !to.Valid() {
		return FieldErr("status", "oneof", "err.status.oneof_2")
	}
	if !p.Status.CanTransition(to) {
		return &Error{Code: Conflict, Message: "a project in status " + string(p.Status) + " cannot move to " + string(to),
			Fields: []FieldError{NewFieldError("status", "transition", "err.status.transition_2", Args{"Status": p.Status, "To": to})}}
	}
	p.Status = to
	return nil
}

// ContractEnd returns the end of the contracted implementation period:
// the end before the first modification, or End when the project was
// never extended. IATI publishes it as the planned end (type 3) and End as
// the actual one (type 4).
func (p *Project) ContractEnd() Date {
	if len(p.Modifications) > 0 {
		return p.Modifications[0].PreviousEnd
	}
	return p.End
}

// Modification is a dated change of a project's contract (an addendum or
// a managing authority's decision) that moves the end of the
// implementation period from PreviousEnd to NewEnd.
type Modification struct {
	// Date is the day the change was decided or signed.
	Date        Date   `json:"date" validate:"date_required"`
	PreviousEnd Date   `json:"previous_end" validate:"date_required"`
	NewEnd      Date   `json:"new_end" validate:"date_required"`
	Reason      string `json:"reason,omitempty" validate:"max=2000"`
	// Reference is the addendum's or decision's number.
	Reference string `json:"reference,omitempty" validate:"max=200"`
}

// Contains reports whether d lies within the project period.
func (p *Project) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// EligiblePeriod returns the period costs of the project may be dated in:
// Eligibility when set, else the implementation period.
func (p *Project) EligiblePeriod() Span {
	if p.Eligibility != nil {
		return *p.Eligibility
	}
	return Span{Start: p.Start, End: p.End}
}

// Eligible reports whether a cost dated d lies in the eligible period.
func (p *Project) Eligible(d Date) bool { return p.EligiblePeriod().Contains(d) }

// Span is a period of days, both ends inclusive.
type Span struct {
	Start Date `json:"start" validate:"date_required"`
	End   Date `json:"end" validate:"date_required,gtefield_date=Start"`
}

// Contains reports whether d lies within s.
func (s Span) Contains(d Date) bool { return !d.Before(s.Start) && !d.After(s.End) }

// PeriodOf returns the number of the reporting period d falls in, or 0.
func (p *Project) PeriodOf(d Date) int {
	for _, per := range p.Periods {
		if !d.Before(per.Start) && !d.After(per.End) {
			return per.Number
		}
	}
	return 0
}

// Period is a reporting period of a project.
type Period struct {
	Number int  `json:"number" validate:"min=1,max=1000"`
	Start  Date `json:"start" validate:"date_required"`
	End    Date `json:"end" validate:"date_required,gtefield_date=Start"`
}

// Region is a NUTS region. The NUTS version is part of the code's meaning:
// HR044 is Varaždinska in NUTS 2013/2016 and not a code at all in NUTS 2021,
// where Varaždinska is HR062.
type Region struct {
	Code    string      `json:"code" validate:"required,nuts"`
	Version NUTSVersion `json:"version" validate:"required,nuts_version"`
	Name    string      `json:"name,omitempty" validate:"max=200"`
}
