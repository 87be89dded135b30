package socialsvc

import (
	"time"

	"github.com/shopspring/decimal"
)

// IndicatorKind tells outputs (what was produced) from results (what
// changed).
type IndicatorKind string

// Indicator kinds.
const (
	KindOutput IndicatorKind = "output"
	KindResult IndicatorKind = "result"
)

// Valid reports whether k is known.
func (k IndicatorKind) Valid() bool { return k == KindOutput || k == KindResult }

// ValueSource says where a figure comes from.
type ValueSource string

// Value sources.
const (
	// SourceComputed figures are recomputed from events and attendance,
	// the same data giving the same figure.
	SourceComputed ValueSource = "computed"
	// SourceEntered figures are entered by staff with evidence.
	SourceEntered ValueSource = "entered"
)

// Valid reports whether s is known.
func (s ValueSource) Valid() bool { return s == SourceComputed || s == SourceEntered }

// Computation says how a computed indicator is counted.
type Computation string

// Computations.
const (
	// CountEvents counts events (of EventTypes, if set).
	CountEvents Computation = "events"
	// CountVisits counts attendance records plus reported participants of
	// events without records.
	CountVisits Computation = "visits"
	// CountIndividuals counts unique beneficiaries who attended.
	CountIndividuals Computation = "individuals"
	// CountOrganisations counts partner organisations that organised or
	// co-organised events.
	CountOrganisations Computation = "organisations"
	// CountParticipants counts the ESF+ common indicator of participants
	// that the indicator's Code names (EECO01–EECO17, EECR01–EECR06), over
	// the project's participations by entry date (ComputeESF), every
	// gender included: a programme indicator defined as a common one has
	// the same figures as the participants report.
	CountParticipants Computation = "participants"
)

// Valid reports whether c is known.
func (c Computation) Valid() bool {
	switch c {
	case CountEvents, CountVisits, CountIndividuals, CountOrganisations, CountParticipants:
		return true
	}
	return false
}

// Indicator is an output or result indicator of a project.
type Indicator struct {
	ID        IndicatorID   `json:"id"`
	ProjectID ProjectID     `json:"project_id" validate:"required"`
	Kind      IndicatorKind `json:"kind" validate:"required,indicator_kind"`
	// Code is the programme's code (RCO81, CO01...) or the project's own.
	Code     string          `json:"code" validate:"required,max=30"`
	Name     I18n            `json:"name" validate:"i18n_required"`
	Unit     string          `json:"unit" validate:"required,max=50"`
	Baseline decimal.Decimal `json:"baseline" validate:"dec_nonneg"`
	Target   decimal.Decimal `json:"target" validate:"dec_nonneg"`
	Source   ValueSource     `json:"source" validate:"required,value_source"`
	// Computation and EventTypes define a computed indicator.
	Computation Computation `json:"computation,omitempty" validate:"omitempty,computation"`
	EventTypes  []EventType `json:"event_types,omitempty" validate:"dive,event_type"`
	// DependsOn names the output indicator a result cannot exceed (RCR79
	// joint strategies taken up cannot exceed RCO83 developed).
	DependsOn IndicatorID `json:"depends_on,omitempty"`
	Version   int64       `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Measurement is an achieved value of an indicator in a reporting period
// (Period 0 is "not tied to a period", e.g. a final figure).
type Measurement struct {
	ID          MeasurementID   `json:"id"`
	IndicatorID IndicatorID     `json:"indicator_id" validate:"required"`
	ProjectID   ProjectID       `json:"project_id,omitempty"`
	Period      int             `json:"period" validate:"min=0,max=1000"`
	Value       decimal.Decimal `json:"value" validate:"dec_nonneg"`
	Source      ValueSource     `json:"source" validate:"required,value_source"`
	// Evidence says where an entered value can be checked (attendance list,
	// minutes, a document reference). Required for entered values.
	Evidence  string    `json:"evidence,omitempty" validate:"required_if=Source entered,max=1000"`
	Note      string    `json:"note,omitempty" validate:"max=2000"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
