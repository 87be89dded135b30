package store

import (
	"encoding/base64"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// DefaultLimit and MaxLimit bound page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// ListOptions pages through a list ordered by ID. Cursor is the NextCursor
// of the previous page ("" for the first).
type ListOptions struct {
	Limit  int
	Cursor string
}

// Page is one page of a list. NextCursor is "" on the last page.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// EffectiveLimit returns the limit a driver must use: DefaultLimit for 0,
// MaxLimit at most.
func (o ListOptions) EffectiveLimit() int {
	switch {
	case o.Limit <= 0:
		return DefaultLimit
	case o.Limit > MaxLimit:
		return MaxLimit
	}
	return o.Limit
}

// After returns the ID the page starts after ("" for the first page).
// A cursor that was not made by EncodeCursor is invalid.
func (o ListOptions) After() (string, error) {
	if o.Cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(o.Cursor)
	if err != nil || len(b) < 2 || b[0] != 'k' {
		return "", socialsvc.FieldErr("cursor", "cursor", "invalid cursor: pass the next_cursor of the previous page", "neispravan kursor: proslijedite next_cursor prethodne stranice")
	}
	return string(b[1:]), nil
}

// EncodeCursor makes the cursor of the page that starts after id.
func EncodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString(append([]byte{'k'}, id...))
}

// PageOf builds a page from up to limit+1 items ordered by ID: drivers
// fetch one more than the limit to learn whether a next page exists.
func PageOf[T any](items []T, limit int, id func(*T) string) Page[T] {
	if len(items) > limit {
		items = items[:limit]
		return Page[T]{Items: items, NextCursor: EncodeCursor(id(&items[limit-1]))}
	}
	if items == nil {
		items = []T{}
	}
	return Page[T]{Items: items}
}

// OrgFilter selects organisations.
type OrgFilter struct {
	ListOptions
	Country string
	TaxID   string
}

// ProjectFilter selects projects. OrgID selects the projects in which the
// organisation is a partner of any role.
type ProjectFilter struct {
	ListOptions
	OrgID  socialsvc.OrgID
	Status socialsvc.Status
}

// PartnerFilter selects partners.
type PartnerFilter struct {
	ListOptions
	ProjectID socialsvc.ProjectID
	OrgID     socialsvc.OrgID
	Role      socialsvc.Role
}

// ProjectScope selects the records of one project (or all when empty).
type ProjectScope struct {
	ListOptions
	ProjectID socialsvc.ProjectID
}

// EventFilter selects events. From and To bound the start date, inclusive.
type EventFilter struct {
	ListOptions
	ProjectID  socialsvc.ProjectID
	ActivityID socialsvc.ActivityID
	Type       socialsvc.EventType
	Organiser  socialsvc.PartnerID
	From, To   socialsvc.Date
}

// AttendanceFilter selects attendance records. Attendance pages are
// ordered by (event, beneficiary); the cursor encodes both.
type AttendanceFilter struct {
	ListOptions
	ProjectID     socialsvc.ProjectID
	EventID       socialsvc.EventID
	BeneficiaryID socialsvc.BeneficiaryID
}

// AttendanceKey is the sort key of attendance pages: event ID and
// beneficiary ID joined by a NUL byte, which neither ID may contain.
func AttendanceKey(a *socialsvc.Attendance) string {
	return string(a.EventID) + "\x00" + string(a.BeneficiaryID)
}

// BeneficiaryFilter selects beneficiaries. OrgID restricts to the
// organisation that controls the records.
type BeneficiaryFilter struct {
	ListOptions
	OrgID     socialsvc.OrgID
	ProjectID socialsvc.ProjectID
}

// MeasurementFilter selects measurements.
type MeasurementFilter struct {
	ListOptions
	ProjectID   socialsvc.ProjectID
	IndicatorID socialsvc.IndicatorID
	// Period filters to one period when HasPeriod is true (0 is a period).
	Period    int
	HasPeriod bool
}

// BudgetFilter selects budget lines.
type BudgetFilter struct {
	ListOptions
	ProjectID socialsvc.ProjectID
	PartnerID socialsvc.PartnerID
	Category  socialsvc.CostCategory
	Period    int
	HasPeriod bool
}

// ExpenditureFilter selects expenditure lines. From and To bound the date,
// inclusive.
type ExpenditureFilter struct {
	ListOptions
	ProjectID socialsvc.ProjectID
	PartnerID socialsvc.PartnerID
	Category  socialsvc.CostCategory
	Period    int
	HasPeriod bool
	From, To  socialsvc.Date
}

// AuditFilter selects audit entries; ordered by sequence number.
type AuditFilter struct {
	ListOptions
	Entity   string
	EntityID string
}
