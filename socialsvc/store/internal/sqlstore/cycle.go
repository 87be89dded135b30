package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The reporting cycle's tables (store.Cycle). The rules are the store
// package's: CheckWrite, the CheckXxx functions the methods call, and the
// steps (store.TransitionPartnerReport and its siblings).

type (
	prep  = socialsvc.PartnerReport
	rlin  = socialsvc.ReportExpenditure
	prep2 = socialsvc.ProjectReport
	paym  = socialsvc.Payment
	advc  = socialsvc.Advance
)

// monthF stores a month as the date of its first day; the zero month is
// NULL.
func monthF[T any](col string, p func(*T) *socialsvc.Month) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any {
			if m := *p(v); !m.IsZero() {
				return append(a, m.FirstDay().String())
			}
			return append(a, nil)
		},
		dst: func(v *T) sql.Scanner { return monthDst{p(v)} }}
}

type monthDst struct{ p *socialsvc.Month }

func (m monthDst) Scan(src any) error {
	var d socialsvc.Date
	if err := (dateDst{&d}).Scan(src); err != nil {
		return err
	}
	*m.p = socialsvc.Month{}
	if !d.IsZero() {
		*m.p = d.MonthOf()
	}
	return nil
}

var partnerReportEntity = &entity[prep]{
	table: "partner_reports", entity: store.EntityPartnerReport, label: "partner report", prefix: "prp",
	fields: fieldsOf[prep](
		textF("id", func(v *prep) *socialsvc.PartnerReportID { return &v.ID }),
		textF("project_id", func(v *prep) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("partner_id", func(v *prep) *socialsvc.PartnerID { return &v.PartnerID }),
		intF("number", func(v *prep) *int { return &v.Number }),
		intF("period", func(v *prep) *int { return &v.Period }),
		textF("status", func(v *prep) *socialsvc.ReportStatus { return &v.Status }),
		monthF("rate_month", func(v *prep) *socialsvc.Month { return &v.RateMonth }),
		dateF("submitted_on", func(v *prep) *socialsvc.Date { return &v.SubmittedOn }),
		dateF("control_on", func(v *prep) *socialsvc.Date { return &v.ControlOn }),
		dateF("certified_on", func(v *prep) *socialsvc.Date { return &v.CertifiedOn }),
		jsonF("contributions", func(v *prep) *[]socialsvc.Contribution { return &v.Contributions }),
		jsonF("history", func(v *prep) *[]socialsvc.ReportStep { return &v.History }),
		stamps(func(v *prep) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *prep) string { return string(v.ID) },
	setID: func(v *prep, id string) { v.ID = socialsvc.PartnerReportID(id) },
	stamp: func(v *prep) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var reportLineEntity = &entity[rlin]{
	table: "report_lines", entity: store.EntityReportLine, label: "report line", prefix: "rex",
	fields: fieldsOf[rlin](
		textF("id", func(v *rlin) *socialsvc.ExpenditureID { return &v.ID }),
		textF("report_id", func(v *rlin) *socialsvc.PartnerReportID { return &v.ReportID }),
		textF("category", func(v *rlin) *socialsvc.CostCategory { return &v.Category }),
		textF("description", func(v *rlin) *string { return &v.Description }),
		moneyF("amount", func(v *rlin) *socialsvc.Money { return &v.Amount }),
		textF("cost_option", func(v *rlin) *string { return &v.CostOption }),
		optDecF("units", func(v *rlin) **decimalT { return &v.Units }),
		textF("invoice_number", func(v *rlin) *string { return &v.InvoiceNumber }),
		dateF("invoice_date", func(v *rlin) *socialsvc.Date { return &v.InvoiceDate }),
		dateF("payment_date", func(v *rlin) *socialsvc.Date { return &v.PaymentDate }),
		moneyF("vat", func(v *rlin) *socialsvc.Money { return &v.VAT }),
		boolF("vat_recoverable", func(v *rlin) *bool { return &v.VATRecoverable }),
		textF("procurement_ref", func(v *rlin) *string { return &v.ProcurementRef }),
		textF("internal_ref", func(v *rlin) *string { return &v.InternalRef }),
		textF("parked_from", func(v *rlin) *socialsvc.ExpenditureID { return &v.ParkedFrom }),
		moneyF("converted", func(v *rlin) *socialsvc.Money { return &v.Converted }),
		memoJSONF("conversion", func(v *rlin) *socialsvc.Conversion { return &v.Conversion }),
		jsonF("control", func(v *rlin) **socialsvc.LineControl { return &v.Control }),
		stamps(func(v *rlin) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *rlin) string { return string(v.ID) },
	setID: func(v *rlin, id string) { v.ID = socialsvc.ExpenditureID(id) },
	stamp: func(v *rlin) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var projectReportEntity = &entity[prep2]{
	table: "project_reports", entity: store.EntityProjectReport, label: "project report", prefix: "prr",
	fields: fieldsOf[prep2](
		textF("id", func(v *prep2) *socialsvc.ProjectReportID { return &v.ID }),
		textF("project_id", func(v *prep2) *socialsvc.ProjectID { return &v.ProjectID }),
		intF("number", func(v *prep2) *int { return &v.Number }),
		intF("period", func(v *prep2) *int { return &v.Period }),
		jsonF("partner_report_ids", func(v *prep2) *[]socialsvc.PartnerReportID { return &v.PartnerReportIDs }),
		textF("status", func(v *prep2) *socialsvc.ProjectReportStatus { return &v.Status }),
		dateF("submitted_on", func(v *prep2) *socialsvc.Date { return &v.SubmittedOn }),
		dateF("verified_on", func(v *prep2) *socialsvc.Date { return &v.VerifiedOn }),
		jsonF("history", func(v *prep2) *[]socialsvc.ReportStep { return &v.History }),
		stamps(func(v *prep2) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *prep2) string { return string(v.ID) },
	setID: func(v *prep2, id string) { v.ID = socialsvc.ProjectReportID(id) },
	stamp: func(v *prep2) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var paymentEntity = &entity[paym]{
	table: "payments", entity: store.EntityPayment, label: "payment", prefix: "pay",
	fields: fieldsOf[paym](
		textF("id", func(v *paym) *socialsvc.PaymentID { return &v.ID }),
		textF("project_id", func(v *paym) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("project_report_id", func(v *paym) *socialsvc.ProjectReportID { return &v.ProjectReportID }),
		textF("partner_id", func(v *paym) *socialsvc.PartnerID { return &v.PartnerID }),
		textF("fund_id", func(v *paym) *socialsvc.FundID { return &v.FundID }),
		decF("rate_percent", func(v *paym) *decimalT { return &v.RatePercent }),
		moneyF("certified", func(v *paym) *socialsvc.Money { return &v.Certified }),
		moneyF("fund_amount", func(v *paym) *socialsvc.Money { return &v.FundAmount }),
		moneyF("own", func(v *paym) *socialsvc.Money { return &v.Own }),
		moneyF("advance_settled", func(v *paym) *socialsvc.Money { return &v.AdvanceSettled }),
		moneyF("due", func(v *paym) *socialsvc.Money { return &v.Due }),
		jsonF("paid", func(v *paym) **socialsvc.Money { return &v.Paid }),
		jsonF("paid_on", func(v *paym) **socialsvc.Date { return &v.PaidOn }),
		stamps(func(v *paym) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *paym) string { return string(v.ID) },
	setID: func(v *paym, id string) { v.ID = socialsvc.PaymentID(id) },
	stamp: func(v *paym) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var advanceEntity = &entity[advc]{
	table: "advances", entity: store.EntityAdvance, label: "advance", prefix: "adv",
	fields: fieldsOf[advc](
		textF("id", func(v *advc) *socialsvc.AdvanceID { return &v.ID }),
		textF("project_id", func(v *advc) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("partner_id", func(v *advc) *socialsvc.PartnerID { return &v.PartnerID }),
		textF("fund_id", func(v *advc) *socialsvc.FundID { return &v.FundID }),
		moneyF("amount", func(v *advc) *socialsvc.Money { return &v.Amount }),
		dateF("paid_on", func(v *advc) *socialsvc.Date { return &v.PaidOn }),
		moneyF("settled", func(v *advc) *socialsvc.Money { return &v.Settled }),
		stamps(func(v *advc) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *advc) string { return string(v.ID) },
	setID: func(v *advc, id string) { v.ID = socialsvc.AdvanceID(id) },
	stamp: func(v *advc) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

// cycleEntities holds the cycle's entity SQL prepared for one dialect.
type cycleEntities struct {
	prep  *entity[prep]
	rlin  *entity[rlin]
	prep2 *entity[prep2]
	paym  *entity[paym]
	advc  *entity[advc]
}

func prepareCycle(d Dialect) cycleEntities {
	return cycleEntities{prep: partnerReportEntity.prepare(d), rlin: reportLineEntity.prepare(d), prep2: projectReportEntity.prepare(d),
		paym: paymentEntity.prepare(d), advc: advanceEntity.prepare(d)}
}

var _ store.Cycle = (*Store)(nil)

// check is a store rule of a record of the cycle (store.CheckPartnerReport
// and its siblings): old is nil on create.
type check[T any] func(ctx context.Context, s store.Store, old, v *T) error

// createChecked creates v under the store's rule for it.
func createChecked[T any](ctx context.Context, s *Store, e *entity[T], v *T, rule check[T]) error {
	return create(ctx, s, e, v, func(ctx context.Context, tx *Store, v *T) error { return rule(ctx, tx.view(ctx), nil, v) }, nil)
}

// updateChecked replaces v at its version under the store's rule for it.
func updateChecked[T any](ctx context.Context, s *Store, e *entity[T], v *T, rule check[T]) error {
	return update(ctx, s, e, v, func(ctx context.Context, tx *Store, old, v *T) error { return rule(ctx, tx.view(ctx), old, v) }, nil)
}

// ---- partner reports ----

// CreatePartnerReport stores r as a draft with the partner's next number
// (a unique index on partner and number settles a race).
func (s *Store) CreatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return createChecked(ctx, s, s.e.cyc.prep, r, store.CheckPartnerReport)
}

// GetPartnerReport returns the partner report id.
func (s *Store) GetPartnerReport(ctx context.Context, id socialsvc.PartnerReportID) (socialsvc.PartnerReport, error) {
	return get(ctx, s, s.e.cyc.prep, string(id))
}

// UpdatePartnerReport replaces r at its version.
func (s *Store) UpdatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return updateChecked(ctx, s, s.e.cyc.prep, r, store.CheckPartnerReport)
}

// DeletePartnerReport deletes a draft report and its lines.
func (s *Store) DeletePartnerReport(ctx context.Context, id socialsvc.PartnerReportID, version int64) error {
	return remove(ctx, s, s.e.cyc.prep, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.PartnerReport) error {
		if err := store.CheckDeletePartnerReport(ctx, tx.view(ctx), old); err != nil {
			return err
		}
		var lines []socialsvc.ReportExpenditure
		for l, err := range scan(ctx, tx, tx.e.cyc.rlin.lister(), reportLineWhere(store.ReportLineFilter{ReportID: id})) {
			if err != nil {
				return err
			}
			lines = append(lines, l)
		}
		for _, l := range lines {
			if err := remove(ctx, tx, tx.e.cyc.rlin, string(l.ID), l.Version, nil, nil); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}

// ListPartnerReports lists partner reports by ID.
func (s *Store) ListPartnerReports(ctx context.Context, f store.PartnerReportFilter) (store.Page[socialsvc.PartnerReport], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("partner_id", string(f.PartnerID))
	w.eq("status", string(f.Status))
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			marks[i], args[i] = "$?", string(st)
		}
		w.add("status IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if f.ControlBody != "" {
		w.add("partner_id IN (SELECT id FROM partners WHERE control_body = $?)", string(f.ControlBody))
	}
	return list(ctx, s, s.e.cyc.prep.lister(), f.ListOptions, w)
}

// ---- report lines ----

// CreateReportLine stores a line of a draft report.
func (s *Store) CreateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return createChecked(ctx, s, s.e.cyc.rlin, l, store.CheckReportLine)
}

// GetReportLine returns the report line id.
func (s *Store) GetReportLine(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.ReportExpenditure, error) {
	return get(ctx, s, s.e.cyc.rlin, string(id))
}

// UpdateReportLine replaces l at its version.
func (s *Store) UpdateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return updateChecked(ctx, s, s.e.cyc.rlin, l, store.CheckReportLine)
}

// DeleteReportLine deletes a line of a draft report.
func (s *Store) DeleteReportLine(ctx context.Context, id socialsvc.ExpenditureID, version int64) error {
	return remove(ctx, s, s.e.cyc.rlin, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.ReportExpenditure) error {
		return store.CheckReportLine(ctx, tx.view(ctx), old, nil)
	}, nil)
}

func reportLineWhere(f store.ReportLineFilter) where {
	var w where
	w.eq("report_id", string(f.ReportID))
	return w
}

// ListReportLines lists the lines of a report by ID.
func (s *Store) ListReportLines(ctx context.Context, f store.ReportLineFilter) (store.Page[socialsvc.ReportExpenditure], error) {
	return list(ctx, s, s.e.cyc.rlin.lister(), f.ListOptions, reportLineWhere(f))
}

// ---- project reports ----

// CreateProjectReport stores a draft project report.
func (s *Store) CreateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return createChecked(ctx, s, s.e.cyc.prep2, r, store.CheckProjectReport)
}

// GetProjectReport returns the project report id.
func (s *Store) GetProjectReport(ctx context.Context, id socialsvc.ProjectReportID) (socialsvc.ProjectReport, error) {
	return get(ctx, s, s.e.cyc.prep2, string(id))
}

// UpdateProjectReport replaces r at its version.
func (s *Store) UpdateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return updateChecked(ctx, s, s.e.cyc.prep2, r, store.CheckProjectReport)
}

func projectWhere(f store.ProjectScope) where {
	var w where
	w.eq("project_id", string(f.ProjectID))
	return w
}

// ListProjectReports lists a project's reports by ID.
func (s *Store) ListProjectReports(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.ProjectReport], error) {
	return list(ctx, s, s.e.cyc.prep2.lister(), f.ListOptions, projectWhere(f))
}

// ---- payments ----

// CreatePayment stores a payment a verification computed.
func (s *Store) CreatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return createChecked(ctx, s, s.e.cyc.paym, p, store.CheckPayment)
}

// GetPayment returns the payment id.
func (s *Store) GetPayment(ctx context.Context, id socialsvc.PaymentID) (socialsvc.Payment, error) {
	return get(ctx, s, s.e.cyc.paym, string(id))
}

// UpdatePayment replaces p at its version.
func (s *Store) UpdatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return updateChecked(ctx, s, s.e.cyc.paym, p, store.CheckPayment)
}

// ListPayments lists a project's payments by ID.
func (s *Store) ListPayments(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Payment], error) {
	return list(ctx, s, s.e.cyc.paym.lister(), f.ListOptions, projectWhere(f))
}

// ---- advances ----

// CreateAdvance stores an advance the programme paid.
func (s *Store) CreateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return createChecked(ctx, s, s.e.cyc.advc, a, store.CheckAdvance)
}

// GetAdvance returns the advance id.
func (s *Store) GetAdvance(ctx context.Context, id socialsvc.AdvanceID) (socialsvc.Advance, error) {
	return get(ctx, s, s.e.cyc.advc, string(id))
}

// UpdateAdvance replaces a at its version.
func (s *Store) UpdateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return updateChecked(ctx, s, s.e.cyc.advc, a, store.CheckAdvance)
}

// ListAdvances lists a project's advances by ID.
func (s *Store) ListAdvances(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Advance], error) {
	return list(ctx, s, s.e.cyc.advc.lister(), f.ListOptions, projectWhere(f))
}
