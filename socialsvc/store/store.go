package store

import (
	"context"
	"iter"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Organisations stores organisations. Tax IDs are unique per country.
type Organisations interface {
	CreateOrganisation(ctx context.Context, o *socialsvc.Organisation) error
	GetOrganisation(ctx context.Context, id socialsvc.OrgID) (socialsvc.Organisation, error)
	UpdateOrganisation(ctx context.Context, o *socialsvc.Organisation) error
	DeleteOrganisation(ctx context.Context, id socialsvc.OrgID, version int64) error
	ListOrganisations(ctx context.Context, f OrgFilter) (Page[socialsvc.Organisation], error)
}

// Funds stores the catalogue of co-financing funds.
type Funds interface {
	CreateFund(ctx context.Context, f *socialsvc.Fund) error
	GetFund(ctx context.Context, id socialsvc.FundID) (socialsvc.Fund, error)
	UpdateFund(ctx context.Context, f *socialsvc.Fund) error
	DeleteFund(ctx context.Context, id socialsvc.FundID, version int64) error
	ListFunds(ctx context.Context, f ListOptions) (Page[socialsvc.Fund], error)
}

// Projects stores projects. UpdateProject refuses a status change that
// the lifecycle does not allow (conflict), and moving past draft needs
// exactly one lead partner.
type Projects interface {
	CreateProject(ctx context.Context, p *socialsvc.Project) error
	GetProject(ctx context.Context, id socialsvc.ProjectID) (socialsvc.Project, error)
	UpdateProject(ctx context.Context, p *socialsvc.Project) error
	DeleteProject(ctx context.Context, id socialsvc.ProjectID, version int64) error
	ListProjects(ctx context.Context, f ProjectFilter) (Page[socialsvc.Project], error)
}

// Partners stores participations of organisations in projects. A project
// has at most one lead partner at any time.
type Partners interface {
	CreatePartner(ctx context.Context, p *socialsvc.Partner) error
	GetPartner(ctx context.Context, id socialsvc.PartnerID) (socialsvc.Partner, error)
	UpdatePartner(ctx context.Context, p *socialsvc.Partner) error
	DeletePartner(ctx context.Context, id socialsvc.PartnerID, version int64) error
	ListPartners(ctx context.Context, f PartnerFilter) (Page[socialsvc.Partner], error)
}

// Plans stores work packages and activities.
type Plans interface {
	CreateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error
	GetWorkPackage(ctx context.Context, id socialsvc.WorkPackageID) (socialsvc.WorkPackage, error)
	UpdateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error
	DeleteWorkPackage(ctx context.Context, id socialsvc.WorkPackageID, version int64) error
	ListWorkPackages(ctx context.Context, f ProjectScope) (Page[socialsvc.WorkPackage], error)

	CreateActivity(ctx context.Context, a *socialsvc.Activity) error
	GetActivity(ctx context.Context, id socialsvc.ActivityID) (socialsvc.Activity, error)
	UpdateActivity(ctx context.Context, a *socialsvc.Activity) error
	DeleteActivity(ctx context.Context, id socialsvc.ActivityID, version int64) error
	ListActivities(ctx context.Context, f ProjectScope) (Page[socialsvc.Activity], error)
}

// Events stores events. An event's days lie within its project's period.
type Events interface {
	CreateEvent(ctx context.Context, e *socialsvc.Event) error
	GetEvent(ctx context.Context, id socialsvc.EventID) (socialsvc.Event, error)
	UpdateEvent(ctx context.Context, e *socialsvc.Event) error
	DeleteEvent(ctx context.Context, id socialsvc.EventID, version int64) error
	ListEvents(ctx context.Context, f EventFilter) (Page[socialsvc.Event], error)
}

// Attendances stores attendance records: one per beneficiary and event.
// A record is immutable; it is created or deleted. Recording the same
// person at the same event twice is a conflict.
type Attendances interface {
	CreateAttendance(ctx context.Context, a *socialsvc.Attendance) error
	DeleteAttendance(ctx context.Context, event socialsvc.EventID, beneficiary socialsvc.BeneficiaryID) error
	ListAttendance(ctx context.Context, f AttendanceFilter) (Page[socialsvc.Attendance], error)
	// ScanAttendance streams every matching record without paging, for
	// reports over large data sets. The sequence stops at the first error.
	ScanAttendance(ctx context.Context, f AttendanceFilter) iter.Seq2[socialsvc.Attendance, error]
}

// Beneficiaries stores pseudonymous beneficiary records.
//
// EraseBeneficiary implements GDPR Art. 17: it clears every personal
// attribute (socialsvc.Beneficiary.Erase) and keeps the record and its
// attendance, so anonymous counts stay right. Erased records cannot be
// updated again.
type Beneficiaries interface {
	CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error
	GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error)
	UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error
	DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error
	EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error
	ListBeneficiaries(ctx context.Context, f BeneficiaryFilter) (Page[socialsvc.Beneficiary], error)
	ScanBeneficiaries(ctx context.Context, f BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error]
}

// Indicators stores indicators and their measurements.
type Indicators interface {
	CreateIndicator(ctx context.Context, i *socialsvc.Indicator) error
	GetIndicator(ctx context.Context, id socialsvc.IndicatorID) (socialsvc.Indicator, error)
	UpdateIndicator(ctx context.Context, i *socialsvc.Indicator) error
	DeleteIndicator(ctx context.Context, id socialsvc.IndicatorID, version int64) error
	ListIndicators(ctx context.Context, f ProjectScope) (Page[socialsvc.Indicator], error)

	CreateMeasurement(ctx context.Context, m *socialsvc.Measurement) error
	GetMeasurement(ctx context.Context, id socialsvc.MeasurementID) (socialsvc.Measurement, error)
	UpdateMeasurement(ctx context.Context, m *socialsvc.Measurement) error
	DeleteMeasurement(ctx context.Context, id socialsvc.MeasurementID, version int64) error
	ListMeasurements(ctx context.Context, f MeasurementFilter) (Page[socialsvc.Measurement], error)
}

// Budgets stores budget lines. Associated partners carry no budget, and
// lines of a flat-rate category are computed (Computed == true) by
// RecomputeFlatRates, never entered.
type Budgets interface {
	CreateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error
	GetBudgetLine(ctx context.Context, id socialsvc.BudgetLineID) (socialsvc.BudgetLine, error)
	UpdateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error
	DeleteBudgetLine(ctx context.Context, id socialsvc.BudgetLineID, version int64) error
	ListBudgetLines(ctx context.Context, f BudgetFilter) (Page[socialsvc.BudgetLine], error)
	ScanBudgetLines(ctx context.Context, f BudgetFilter) iter.Seq2[socialsvc.BudgetLine, error]
}

// Expenditures stores expenditure lines with their euro conversion.
type Expenditures interface {
	CreateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error
	GetExpenditure(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.Expenditure, error)
	UpdateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error
	DeleteExpenditure(ctx context.Context, id socialsvc.ExpenditureID, version int64) error
	ListExpenditure(ctx context.Context, f ExpenditureFilter) (Page[socialsvc.Expenditure], error)
	ScanExpenditure(ctx context.Context, f ExpenditureFilter) iter.Seq2[socialsvc.Expenditure, error]
}

// Rates stores monthly exchange rates (InforEuro or a funder's own).
type Rates interface {
	// PutRate adds or replaces the rate of a currency and month.
	PutRate(ctx context.Context, r socialsvc.Rate) error
	// RateTable returns every stored rate.
	RateTable(ctx context.Context) (*socialsvc.RateTable, error)
}

// AuditLog reads the audit log. Entries are written by the store itself.
type AuditLog interface {
	ListAudit(ctx context.Context, f AuditFilter) (Page[AuditEntry], error)
}

// Store is every aggregate interface together, plus transactions.
type Store interface {
	Organisations
	Funds
	Projects
	Partners
	Plans
	Events
	Attendances
	Beneficiaries
	Indicators
	Budgets
	Expenditures
	Rates
	AuditLog
	Sessions

	// WithTx runs fn in a transaction: every call on the Store passed to
	// fn takes part in it; fn's error (or a panic) rolls everything back.
	// Nested calls reuse the outer transaction.
	WithTx(ctx context.Context, fn func(tx Store) error) error
	// Ping reports whether the store is reachable (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}
