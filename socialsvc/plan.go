package socialsvc

import (
	"slices"
	"time"
)

// WorkPackage groups a project's activities (Interreg: T1, T2, T3, C, M).
type WorkPackage struct {
	ID          WorkPackageID `json:"id"`
	ProjectID   ProjectID     `json:"project_id" validate:"required"`
	Code        string        `json:"code" validate:"required,max=20"`
	Title       I18n          `json:"title" validate:"i18n_required"`
	LeadPartner PartnerID     `json:"lead_partner,omitempty"`
	Version     int64         `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// Activity is a planned activity within a work package (T3.1 ...).
type Activity struct {
	ID            ActivityID    `json:"id"`
	ProjectID     ProjectID     `json:"project_id" validate:"required"`
	WorkPackageID WorkPackageID `json:"work_package_id" validate:"required"`
	Code          string        `json:"code" validate:"required,max=20"`
	Title         I18n          `json:"title" validate:"i18n_required"`
	Version       int64         `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// EventType is the kind of an event.
type EventType string

// Event types.
const (
	EventWorkshop    EventType = "workshop"
	EventConference  EventType = "conference"
	EventInfoDay     EventType = "info_day"
	EventPeerReview  EventType = "peer_review"
	EventStudyVisit  EventType = "study_visit"
	EventCounselling EventType = "counselling_session"
	EventTraining    EventType = "training_module"
	EventMeeting     EventType = "meeting"
	EventSeminar     EventType = "seminar"
	EventPress       EventType = "press_conference"
	EventCommunity   EventType = "community_activity"
)

// EventTypes lists every event type.
var EventTypes = []EventType{EventWorkshop, EventConference, EventInfoDay, EventPeerReview, EventStudyVisit, EventCounselling, EventTraining, EventMeeting, EventSeminar, EventPress, EventCommunity}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return slices.Contains(EventTypes, t) }

// Label returns the type for people reading lang, from the catalogue ids
// domain.event_type.<type>; the code itself for an unknown one.
func (t EventType) Label(lang Lang) string { return codeLabel("domain.event_type.", t, lang) }

// Event is something that happened on dates at a place: a workshop module,
// a conference, a counselling session. Attendance records link
// beneficiaries to it; ReportedParticipants holds a head count for events
// where people were counted but not registered (a conference of 180+).
type Event struct {
	ID         EventID    `json:"id"`
	ProjectID  ProjectID  `json:"project_id" validate:"required"`
	ActivityID ActivityID `json:"activity_id,omitempty"`
	Type       EventType  `json:"type" validate:"required,event_type"`
	Title      I18n       `json:"title" validate:"i18n_required"`
	Start      Date       `json:"start" validate:"date_required"`
	// End is the last day of a multi-day event; zero for one day.
	End     Date   `json:"end,omitempty" validate:"omitempty_date,gtefield_date=Start"`
	Place   string `json:"place,omitempty" validate:"max=300"`
	Country string `json:"country,omitempty" validate:"omitempty,country"`
	// Organiser is the partner that organised the event; CoOrganisers
	// the others that took part in organising it.
	Organiser            PartnerID   `json:"organiser,omitempty"`
	CoOrganisers         []PartnerID `json:"co_organisers,omitempty"`
	ReportedParticipants int         `json:"reported_participants,omitempty" validate:"min=0,max=1000000"`
	Online               bool        `json:"online,omitempty"`
	Version              int64       `json:"version"`
	CreatedAt            time.Time   `json:"created_at"`
	UpdatedAt            time.Time   `json:"updated_at"`
}

// LastDay returns End, or Start for a one-day event.
func (e *Event) LastDay() Date {
	if e.End.IsZero() {
		return e.Start
	}
	return e.End
}
