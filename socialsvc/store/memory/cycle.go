package memory

import (
	"context"
	"slices"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The reporting cycle's records (store.Cycle). The rules are the store
// package's: CheckWrite and the CheckXxx functions here, the steps in
// store.TransitionPartnerReport and its siblings.

func clonePartnerReport(r socialsvc.PartnerReport) socialsvc.PartnerReport {
	r.Contributions = slices.Clone(r.Contributions)
	r.History = slices.Clone(r.History)
	return r
}

func cloneReportLine(l socialsvc.ReportExpenditure) socialsvc.ReportExpenditure {
	if l.Units != nil {
		u := *l.Units
		l.Units = &u
	}
	if l.Control != nil {
		c := *l.Control
		l.Control = &c
	}
	return l
}

func cloneProjectReport(r socialsvc.ProjectReport) socialsvc.ProjectReport {
	r.PartnerReportIDs = slices.Clone(r.PartnerReportIDs)
	r.History = slices.Clone(r.History)
	return r
}

func clonePayment(p socialsvc.Payment) socialsvc.Payment {
	if p.Paid != nil {
		m := *p.Paid
		p.Paid = &m
	}
	if p.PaidOn != nil {
		d := *p.PaidOn
		p.PaidOn = &d
	}
	return p
}

var kPartnerReport = &kind[socialsvc.PartnerReport]{
	entity: store.EntityPartnerReport, label: "partner report", prefix: "prp",
	table: func(st *state) *table[socialsvc.PartnerReport] { return &st.partnerReports },
	id:    func(v *socialsvc.PartnerReport) string { return string(v.ID) },
	setID: func(v *socialsvc.PartnerReport, id string) { v.ID = socialsvc.PartnerReportID(id) },
	stamp: func(v *socialsvc.PartnerReport) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: clonePartnerReport,
}

var kReportLine = &kind[socialsvc.ReportExpenditure]{
	entity: store.EntityReportLine, label: "report line", prefix: "rex",
	table: func(st *state) *table[socialsvc.ReportExpenditure] { return &st.reportLines },
	id:    func(v *socialsvc.ReportExpenditure) string { return string(v.ID) },
	setID: func(v *socialsvc.ReportExpenditure, id string) { v.ID = socialsvc.ExpenditureID(id) },
	stamp: func(v *socialsvc.ReportExpenditure) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneReportLine,
}

var kProjectReport = &kind[socialsvc.ProjectReport]{
	entity: store.EntityProjectReport, label: "project report", prefix: "prr",
	table: func(st *state) *table[socialsvc.ProjectReport] { return &st.projectReports },
	id:    func(v *socialsvc.ProjectReport) string { return string(v.ID) },
	setID: func(v *socialsvc.ProjectReport, id string) { v.ID = socialsvc.ProjectReportID(id) },
	stamp: func(v *socialsvc.ProjectReport) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneProjectReport,
}

var kPayment = &kind[socialsvc.Payment]{
	entity: store.EntityPayment, label: "payment", prefix: "pay",
	table: func(st *state) *table[socialsvc.Payment] { return &st.payments },
	id:    func(v *socialsvc.Payment) string { return string(v.ID) },
	setID: func(v *socialsvc.Payment, id string) { v.ID = socialsvc.PaymentID(id) },
	stamp: func(v *socialsvc.Payment) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: clonePayment,
}

var kAdvance = &kind[socialsvc.Advance]{
	entity: store.EntityAdvance, label: "advance", prefix: "adv",
	table: func(st *state) *table[socialsvc.Advance] { return &st.advances },
	id:    func(v *socialsvc.Advance) string { return string(v.ID) },
	setID: func(v *socialsvc.Advance, id string) { v.ID = socialsvc.AdvanceID(id) },
	stamp: func(v *socialsvc.Advance) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: same[socialsvc.Advance],
}

// ---- partner reports ----

// CreatePartnerReport stores r as a draft with the partner's next number.
func (s *Store) CreatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return create(ctx, s, kPartnerReport, r, func(ctx context.Context, tx *Store, r *socialsvc.PartnerReport) error {
		return store.CheckPartnerReport(ctx, tx.view(ctx), nil, r)
	}, nil)
}

// GetPartnerReport returns the partner report id.
func (s *Store) GetPartnerReport(ctx context.Context, id socialsvc.PartnerReportID) (socialsvc.PartnerReport, error) {
	return get(ctx, s, kPartnerReport, string(id))
}

// UpdatePartnerReport replaces r at its version.
func (s *Store) UpdatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return update(ctx, s, kPartnerReport, r, func(ctx context.Context, tx *Store, old, r *socialsvc.PartnerReport) error {
		return store.CheckPartnerReport(ctx, tx.view(ctx), old, r)
	}, nil)
}

// DeletePartnerReport deletes a draft report and its lines.
func (s *Store) DeletePartnerReport(ctx context.Context, id socialsvc.PartnerReportID, version int64) error {
	return remove(ctx, s, kPartnerReport, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.PartnerReport) error {
		if err := store.CheckDeletePartnerReport(ctx, tx.view(ctx), old); err != nil {
			return err
		}
		var lines []socialsvc.ReportExpenditure
		for l := range tx.st.reportLines.all {
			if l.ReportID == id {
				lines = append(lines, *l)
			}
		}
		for _, l := range lines {
			if err := remove(ctx, tx, kReportLine, string(l.ID), l.Version, nil, nil); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}

// ListPartnerReports lists partner reports by ID.
func (s *Store) ListPartnerReports(ctx context.Context, f store.PartnerReportFilter) (store.Page[socialsvc.PartnerReport], error) {
	return list(ctx, s, kPartnerReport, f.ListOptions, func(st *state) func(*socialsvc.PartnerReport) bool {
		var body map[socialsvc.PartnerID]bool
		if f.ControlBody != "" {
			body = map[socialsvc.PartnerID]bool{}
			for p := range st.partners.all {
				if p.ControlBody == f.ControlBody {
					body[p.ID] = true
				}
			}
		}
		return func(r *socialsvc.PartnerReport) bool {
			return (f.ProjectID == "" || r.ProjectID == f.ProjectID) && (f.PartnerID == "" || r.PartnerID == f.PartnerID) &&
				(f.Status == "" || r.Status == f.Status) && (len(f.Statuses) == 0 || slices.Contains(f.Statuses, r.Status)) &&
				(body == nil || body[r.PartnerID])
		}
	})
}

// ---- report lines ----

// CreateReportLine stores a line of a draft report.
func (s *Store) CreateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return create(ctx, s, kReportLine, l, func(ctx context.Context, tx *Store, l *socialsvc.ReportExpenditure) error {
		return store.CheckReportLine(ctx, tx.view(ctx), nil, l)
	}, nil)
}

// GetReportLine returns the report line id.
func (s *Store) GetReportLine(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.ReportExpenditure, error) {
	return get(ctx, s, kReportLine, string(id))
}

// UpdateReportLine replaces l at its version.
func (s *Store) UpdateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return update(ctx, s, kReportLine, l, func(ctx context.Context, tx *Store, old, l *socialsvc.ReportExpenditure) error {
		return store.CheckReportLine(ctx, tx.view(ctx), old, l)
	}, nil)
}

// DeleteReportLine deletes a line of a draft report.
func (s *Store) DeleteReportLine(ctx context.Context, id socialsvc.ExpenditureID, version int64) error {
	return remove(ctx, s, kReportLine, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.ReportExpenditure) error {
		return store.CheckReportLine(ctx, tx.view(ctx), old, nil)
	}, nil)
}

// ListReportLines lists the lines of a report by ID.
func (s *Store) ListReportLines(ctx context.Context, f store.ReportLineFilter) (store.Page[socialsvc.ReportExpenditure], error) {
	return list(ctx, s, kReportLine, f.ListOptions, func(*state) func(*socialsvc.ReportExpenditure) bool {
		return func(l *socialsvc.ReportExpenditure) bool { return f.ReportID == "" || l.ReportID == f.ReportID }
	})
}

// ---- project reports ----

// CreateProjectReport stores a draft project report.
func (s *Store) CreateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return create(ctx, s, kProjectReport, r, func(ctx context.Context, tx *Store, r *socialsvc.ProjectReport) error {
		return store.CheckProjectReport(ctx, tx.view(ctx), nil, r)
	}, nil)
}

// GetProjectReport returns the project report id.
func (s *Store) GetProjectReport(ctx context.Context, id socialsvc.ProjectReportID) (socialsvc.ProjectReport, error) {
	return get(ctx, s, kProjectReport, string(id))
}

// UpdateProjectReport replaces r at its version.
func (s *Store) UpdateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return update(ctx, s, kProjectReport, r, func(ctx context.Context, tx *Store, old, r *socialsvc.ProjectReport) error {
		return store.CheckProjectReport(ctx, tx.view(ctx), old, r)
	}, nil)
}

// ListProjectReports lists a project's reports by ID.
func (s *Store) ListProjectReports(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.ProjectReport], error) {
	return list(ctx, s, kProjectReport, f.ListOptions, func(*state) func(*socialsvc.ProjectReport) bool {
		return func(r *socialsvc.ProjectReport) bool { return f.ProjectID == "" || r.ProjectID == f.ProjectID }
	})
}

// ---- payments ----

// CreatePayment stores a payment a verification computed.
func (s *Store) CreatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return create(ctx, s, kPayment, p, func(ctx context.Context, tx *Store, p *socialsvc.Payment) error {
		return store.CheckPayment(ctx, tx.view(ctx), nil, p)
	}, nil)
}

// GetPayment returns the payment id.
func (s *Store) GetPayment(ctx context.Context, id socialsvc.PaymentID) (socialsvc.Payment, error) {
	return get(ctx, s, kPayment, string(id))
}

// UpdatePayment replaces p at its version.
func (s *Store) UpdatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return update(ctx, s, kPayment, p, func(ctx context.Context, tx *Store, old, p *socialsvc.Payment) error {
		return store.CheckPayment(ctx, tx.view(ctx), old, p)
	}, nil)
}

// ListPayments lists a project's payments by ID.
func (s *Store) ListPayments(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Payment], error) {
	return list(ctx, s, kPayment, f.ListOptions, func(*state) func(*socialsvc.Payment) bool {
		return func(p *socialsvc.Payment) bool { return f.ProjectID == "" || p.ProjectID == f.ProjectID }
	})
}

// ---- advances ----

// CreateAdvance stores an advance the programme paid.
func (s *Store) CreateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return create(ctx, s, kAdvance, a, func(ctx context.Context, tx *Store, a *socialsvc.Advance) error {
		return store.CheckAdvance(ctx, tx.view(ctx), nil, a)
	}, nil)
}

// GetAdvance returns the advance id.
func (s *Store) GetAdvance(ctx context.Context, id socialsvc.AdvanceID) (socialsvc.Advance, error) {
	return get(ctx, s, kAdvance, string(id))
}

// UpdateAdvance replaces a at its version.
func (s *Store) UpdateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return update(ctx, s, kAdvance, a, func(ctx context.Context, tx *Store, old, a *socialsvc.Advance) error {
		return store.CheckAdvance(ctx, tx.view(ctx), old, a)
	}, nil)
}

// ListAdvances lists a project's advances by ID.
func (s *Store) ListAdvances(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Advance], error) {
	return list(ctx, s, kAdvance, f.ListOptions, func(*state) func(*socialsvc.Advance) bool {
		return func(a *socialsvc.Advance) bool { return f.ProjectID == "" || a.ProjectID == f.ProjectID }
	})
}
