package store

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// DefaultLimit and MaxLimit bound page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// ListOptions pages through a list in the order Sort names. Cursor is
// the NextCursor of the previous page ("" for the first), which must have
// been listed with the same Sort.
type ListOptions struct {
	Limit  int
	Cursor string
	// Sort is a sort key the list accepts (SortKeys), ascending, or with
	// a leading "-" descending: "id", "-id", "start", "-date" ... "" is
	// "id". Items with equal keys are ordered by ID in the same direction,
	// so that the order is total and a cursor is a stable position:
	// items inserted while a client pages through appear once or not at
	// all, and never push others off the pages.
	Sort string
}

// The sort keys. Every list accepts SortID; the lists with a natural
// date or period accept one more key, named after the JSON field it
// sorts by.
const (
	// SortID orders by ID: an attendance list by (event, beneficiary)
	// and the audit log by sequence number, which are their IDs.
	SortID = "id"
	// SortStart orders projects and events by their start date.
	SortStart = "start"
	// SortDate orders expenditure by the date of the spending.
	SortDate = "date"
	// SortPeriod orders measurements by reporting period.
	SortPeriod = "period"
)

// SortKeys returns the values of ListOptions.Sort that the list of entity
// (one of the Entity constants; any other name, such as "audit", is a list
// sorted by ID only) accepts, ascending before descending, the default
// first: "id", "-id" and, for projects and events, "start", "-start"; for
// expenditure "date", "-date"; for measurements "period", "-period".
func SortKeys(entity string) []string {
	keys := []string{SortID, "-" + SortID}
	var extra string
	switch entity {
	case EntityProject, EntityEvent:
		extra = SortStart
	case EntityExpenditure:
		extra = SortDate
	case EntityMeasurement:
		extra = SortPeriod
	}
	if extra != "" {
		keys = append(keys, extra, "-"+extra)
	}
	return keys
}

// Order is a list's order as a driver applies it: the sort key without
// its sign and the direction. Sort is ListOptions.Sort, never "".
type Order struct {
	Sort string
	Key  string
	Desc bool
}

// Cursor is a decoded ListOptions.Cursor: the page starts after the item
// whose sort key has Value and whose ID is ID, in the order Sort. Value
// is "" for the sort by ID; dates are "2006-01-02" and periods decimal.
type Cursor struct {
	Sort  string
	Value string
	ID    string
}

// Encode returns the opaque form of c, which Resolve decodes. The cursor
// of the ascending sort by ID is the one EncodeCursor makes, so that the
// cursors of earlier versions and of stores that page by ID alone stay
// valid.
func (c Cursor) Encode() string {
	if c.Sort == SortID && c.Value == "" {
		return EncodeCursor(c.ID)
	}
	b := make([]byte, 0, 3+len(c.Sort)+len(c.Value)+len(c.ID))
	b = append(b, 's')
	b = append(b, c.Sort...)
	b = append(b, 0)
	b = append(b, c.Value...)
	b = append(b, 0)
	b = append(b, c.ID...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func errCursor() error {
	return socialsvc.FieldErr("cursor", "cursor", "err.cursor.cursor")
}

// decodeCursor decodes a non-empty cursor. The ID is last, so that it may
// hold a NUL byte (AttendanceKey); a sort never does.
func decodeCursor(s string) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 {
		return Cursor{}, errCursor()
	}
	switch b[0] {
	case 'k':
		return Cursor{Sort: SortID, ID: string(b[1:])}, nil
	case 's':
		parts := strings.SplitN(string(b[1:]), "\x00", 3)
		if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
			return Cursor{}, errCursor()
		}
		return Cursor{Sort: parts[0], Value: parts[1], ID: parts[2]}, nil
	}
	return Cursor{}, errCursor()
}

// Resolve checks o.Sort against keys, the values a list accepts
// (SortKeys), and decodes o.Cursor for it. The cursor is nil on the first
// page. A sort the list does not accept is invalid with field "sort",
// naming the accepted values; a cursor made for another sort is invalid
// with field "cursor".
func (o ListOptions) Resolve(keys []string) (Order, *Cursor, error) {
	sort := o.Sort
	if sort == "" {
		sort = SortID
	}
	if !slices.Contains(keys, sort) {
		list := `"` + strings.Join(keys, `", "`) + `"`
		return Order{}, nil, socialsvc.FieldErrf("sort", "oneof", "err.sort.oneof", socialsvc.Args{"List": list})
	}
	ord := Order{Sort: sort, Key: strings.TrimPrefix(sort, "-"), Desc: strings.HasPrefix(sort, "-")}
	if o.Cursor == "" {
		return ord, nil, nil
	}
	c, err := decodeCursor(o.Cursor)
	if err != nil {
		return ord, nil, err
	}
	if c.Sort != sort {
		return ord, nil, socialsvc.FieldErr("cursor", "sort", "err.cursor.sort")
	}
	if (ord.Key == SortID) != (c.Value == "") {
		return ord, nil, errCursor()
	}
	return ord, &c, nil
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

// After returns the ID the page starts after ("" for the first page), for
// a store that lists by ID in ascending order only. A cursor that was not
// made by EncodeCursor is invalid, and so is any sort but "id" (with
// field "sort"): such a store cannot honour it and must not ignore it.
func (o ListOptions) After() (string, error) {
	_, c, err := o.Resolve([]string{SortID})
	if err != nil || c == nil {
		return "", err
	}
	return c.ID, nil
}

// EncodeCursor makes the cursor of the page that starts after id, in the
// ascending order by ID.
func EncodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString(append([]byte{'k'}, id...))
}

// PageOf builds a page from up to limit+1 items ordered by ID: drivers
// fetch one more than the limit to learn whether a next page exists.
func PageOf[T any](items []T, limit int, id func(*T) string) Page[T] {
	return SortedPageOf(items, limit, Order{Sort: SortID, Key: SortID}, func(v *T) (string, string) { return "", id(v) })
}

// SortedPageOf builds a page from up to limit+1 items in the order ord;
// at returns an item's value of the sort key ("" for the sort by ID, as
// in Cursor) and its ID.
func SortedPageOf[T any](items []T, limit int, ord Order, at func(*T) (value, id string)) Page[T] {
	if len(items) > limit {
		items = items[:limit]
		value, id := at(&items[limit-1])
		return Page[T]{Items: items, NextCursor: Cursor{Sort: ord.Sort, Value: value, ID: id}.Encode()}
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
