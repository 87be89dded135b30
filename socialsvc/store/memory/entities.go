package memory

import (
	"bytes"
	"context"
	"iter"
	"slices"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func all[V any](*V) bool { return true }

func matchAll[V any](*state) func(*V) bool { return all[V] }

// view is the store rule checks read through (store.View).
func (s *Store) view(ctx context.Context) store.Store { return store.View(ctx, s) }

// ---- organisations ----

// CreateOrganisation stores o. A non-empty tax ID is unique per country.
func (s *Store) CreateOrganisation(ctx context.Context, o *socialsvc.Organisation) error {
	return create(ctx, s, kOrg, o, func(ctx context.Context, tx *Store, o *socialsvc.Organisation) error {
		if err := store.CheckOrganisation(ctx, tx.view(ctx), o); err != nil {
			return err
		}
		return uniqueTaxID(tx.st, o)
	}, nil)
}

func uniqueTaxID(st *state, o *socialsvc.Organisation) error {
	if o.TaxID == "" {
		return nil
	}
	if st.orgs.any(func(x *socialsvc.Organisation) bool {
		return x.ID != o.ID && x.Country == o.Country && x.TaxID == o.TaxID
	}) {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "another organisation of the country has this tax identifier",
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("tax_id", "unique", "err.tax_id.unique", nil)}}
	}
	return nil
}

// GetOrganisation returns the organisation id.
func (s *Store) GetOrganisation(ctx context.Context, id socialsvc.OrgID) (socialsvc.Organisation, error) {
	return get(ctx, s, kOrg, string(id))
}

// UpdateOrganisation replaces o at its version.
func (s *Store) UpdateOrganisation(ctx context.Context, o *socialsvc.Organisation) error {
	return update(ctx, s, kOrg, o, func(ctx context.Context, tx *Store, _, o *socialsvc.Organisation) error {
		if err := store.CheckOrganisation(ctx, tx.view(ctx), o); err != nil {
			return err
		}
		return uniqueTaxID(tx.st, o)
	}, nil)
}

// DeleteOrganisation deletes an organisation no partner or beneficiary
// refers to.
func (s *Store) DeleteOrganisation(ctx context.Context, id socialsvc.OrgID, version int64) error {
	return remove(ctx, s, kOrg, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Organisation) error {
		switch {
		case tx.st.partners.any(func(p *socialsvc.Partner) bool { return p.OrgID == id || p.ControlBody == id }):
			return referenced("organisation", "partners")
		case tx.st.beneficiaries.any(func(b *socialsvc.Beneficiary) bool { return b.OrgID == id }):
			return referenced("organisation", "beneficiaries")
		}
		return nil
	}, nil)
}

// ListOrganisations lists organisations by ID ("id", "-id").
func (s *Store) ListOrganisations(ctx context.Context, f store.OrgFilter) (store.Page[socialsvc.Organisation], error) {
	return list(ctx, s, kOrg, f.ListOptions, func(*state) func(*socialsvc.Organisation) bool {
		return func(o *socialsvc.Organisation) bool {
			return (f.Country == "" || o.Country == f.Country) && (f.TaxID == "" || o.TaxID == f.TaxID)
		}
	})
}

// ---- funds ----

// CreateFund stores f.
func (s *Store) CreateFund(ctx context.Context, f *socialsvc.Fund) error {
	return create(ctx, s, kFund, f, func(ctx context.Context, tx *Store, f *socialsvc.Fund) error {
		return store.CheckFund(ctx, tx.view(ctx), f)
	}, nil)
}

// GetFund returns the fund id.
func (s *Store) GetFund(ctx context.Context, id socialsvc.FundID) (socialsvc.Fund, error) {
	return get(ctx, s, kFund, string(id))
}

// UpdateFund replaces f at its version.
func (s *Store) UpdateFund(ctx context.Context, f *socialsvc.Fund) error {
	return update(ctx, s, kFund, f, func(ctx context.Context, tx *Store, _, f *socialsvc.Fund) error {
		return store.CheckFund(ctx, tx.view(ctx), f)
	}, nil)
}

// DeleteFund deletes a fund no partner is financed by.
func (s *Store) DeleteFund(ctx context.Context, id socialsvc.FundID, version int64) error {
	return remove(ctx, s, kFund, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Fund) error {
		if tx.st.partners.any(func(p *socialsvc.Partner) bool {
			return slices.ContainsFunc(p.Funding, func(c socialsvc.CoFinancing) bool { return c.FundID == id })
		}) {
			return referenced("fund", "partners' co-financing")
		}
		return nil
	}, nil)
}

// ListFunds lists funds by ID ("id", "-id").
func (s *Store) ListFunds(ctx context.Context, f store.ListOptions) (store.Page[socialsvc.Fund], error) {
	return list(ctx, s, kFund, f, matchAll[socialsvc.Fund])
}

// ---- projects ----

// CreateProject stores p (status draft and currency EUR when empty).
func (s *Store) CreateProject(ctx context.Context, p *socialsvc.Project) error {
	return create(ctx, s, kProject, p, func(ctx context.Context, tx *Store, p *socialsvc.Project) error {
		return store.CheckProject(ctx, tx.view(ctx), nil, p)
	}, nil)
}

// GetProject returns the project id.
func (s *Store) GetProject(ctx context.Context, id socialsvc.ProjectID) (socialsvc.Project, error) {
	return get(ctx, s, kProject, string(id))
}

// UpdateProject replaces p at its version; a change of flat rates
// recomputes the computed budget lines in the same transaction.
func (s *Store) UpdateProject(ctx context.Context, p *socialsvc.Project) error {
	return update(ctx, s, kProject, p, func(ctx context.Context, tx *Store, old, p *socialsvc.Project) error {
		return store.CheckProject(ctx, tx.view(ctx), old, p)
	}, func(ctx context.Context, tx *Store, old, p *socialsvc.Project) error {
		if store.IsRecomputing(ctx) || flatRatesEqual(old.FlatRates, p.FlatRates) && old.ClosingPeriod() == p.ClosingPeriod() {
			return nil
		}
		return store.RecomputeFlatRates(ctx, tx, p.ID)
	})
}

func flatRatesEqual(a, b []socialsvc.FlatRate) bool {
	return slices.EqualFunc(a, b, func(x, y socialsvc.FlatRate) bool {
		return x.Kind == y.Kind && x.RatePercent.Equal(y.RatePercent)
	})
}

// DeleteProject deletes a project nothing refers to any more.
func (s *Store) DeleteProject(ctx context.Context, id socialsvc.ProjectID, version int64) error {
	return remove(ctx, s, kProject, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Project) error {
		st := tx.st
		switch {
		case st.partners.any(func(v *socialsvc.Partner) bool { return v.ProjectID == id }):
			return referenced("project", "partners")
		case st.workPackages.any(func(v *socialsvc.WorkPackage) bool { return v.ProjectID == id }):
			return referenced("project", "work packages")
		case st.activities.any(func(v *socialsvc.Activity) bool { return v.ProjectID == id }):
			return referenced("project", "activities")
		case st.events.any(func(v *socialsvc.Event) bool { return v.ProjectID == id }):
			return referenced("project", "events")
		case st.indicators.any(func(v *socialsvc.Indicator) bool { return v.ProjectID == id }):
			return referenced("project", "indicators")
		case st.budget.any(func(v *socialsvc.BudgetLine) bool { return v.ProjectID == id }):
			return referenced("project", "budget lines")
		case st.expenditure.any(func(v *socialsvc.Expenditure) bool { return v.ProjectID == id }):
			return referenced("project", "expenditure")
		case st.beneficiaries.any(func(v *socialsvc.Beneficiary) bool { return v.ProjectID == id }):
			return referenced("project", "beneficiaries")
		case st.participations.any(func(v *socialsvc.Participation) bool { return v.ProjectID == id }):
			return referenced("project", "participations")
		case st.partnerReports.any(func(v *socialsvc.PartnerReport) bool { return v.ProjectID == id }):
			return referenced("project", "partner reports")
		case st.projectReports.any(func(v *socialsvc.ProjectReport) bool { return v.ProjectID == id }):
			return referenced("project", "project reports")
		}
		return nil
	}, nil)
}

// ListProjects lists projects by ID or start date (f.Sort); OrgID selects the projects the
// organisation is a partner of, in any role.
func (s *Store) ListProjects(ctx context.Context, f store.ProjectFilter) (store.Page[socialsvc.Project], error) {
	return list(ctx, s, kProject, f.ListOptions, func(st *state) func(*socialsvc.Project) bool {
		var of map[socialsvc.ProjectID]bool
		if f.OrgID != "" {
			of = map[socialsvc.ProjectID]bool{}
			for p := range st.partners.all {
				if p.OrgID == f.OrgID {
					of[p.ProjectID] = true
				}
			}
		}
		return func(p *socialsvc.Project) bool {
			return (f.Status == "" || p.Status == f.Status) && (of == nil || of[p.ID])
		}
	})
}

// ---- partners ----

// CreatePartner stores p.
func (s *Store) CreatePartner(ctx context.Context, p *socialsvc.Partner) error {
	return create(ctx, s, kPartner, p, func(ctx context.Context, tx *Store, p *socialsvc.Partner) error {
		return store.CheckPartner(ctx, tx.view(ctx), p)
	}, nil)
}

// GetPartner returns the partner id.
func (s *Store) GetPartner(ctx context.Context, id socialsvc.PartnerID) (socialsvc.Partner, error) {
	return get(ctx, s, kPartner, string(id))
}

// UpdatePartner replaces p at its version.
func (s *Store) UpdatePartner(ctx context.Context, p *socialsvc.Partner) error {
	return update(ctx, s, kPartner, p, func(ctx context.Context, tx *Store, _, p *socialsvc.Partner) error {
		return store.CheckPartner(ctx, tx.view(ctx), p)
	}, nil)
}

// DeletePartner deletes a partner without budget, expenditure, events or
// work packages.
func (s *Store) DeletePartner(ctx context.Context, id socialsvc.PartnerID, version int64) error {
	return remove(ctx, s, kPartner, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Partner) error {
		st := tx.st
		switch {
		case st.budget.any(func(v *socialsvc.BudgetLine) bool { return v.PartnerID == id }):
			return referenced("partner", "budget lines")
		case st.expenditure.any(func(v *socialsvc.Expenditure) bool { return v.PartnerID == id }):
			return referenced("partner", "expenditure")
		case st.partnerReports.any(func(v *socialsvc.PartnerReport) bool { return v.PartnerID == id }):
			return referenced("partner", "partner reports")
		case st.advances.any(func(v *socialsvc.Advance) bool { return v.PartnerID == id }):
			return referenced("partner", "advances")
		case st.events.any(func(v *socialsvc.Event) bool {
			return v.Organiser == id || slices.Contains(v.CoOrganisers, id)
		}):
			return referenced("partner", "events it organised")
		case st.workPackages.any(func(v *socialsvc.WorkPackage) bool { return v.LeadPartner == id }):
			return referenced("partner", "work packages it leads")
		}
		return nil
	}, nil)
}

// ListPartners lists partners by ID ("id", "-id").
func (s *Store) ListPartners(ctx context.Context, f store.PartnerFilter) (store.Page[socialsvc.Partner], error) {
	return list(ctx, s, kPartner, f.ListOptions, func(*state) func(*socialsvc.Partner) bool {
		return func(p *socialsvc.Partner) bool {
			return (f.ProjectID == "" || p.ProjectID == f.ProjectID) && (f.OrgID == "" || p.OrgID == f.OrgID) && (f.Role == "" || p.Role == f.Role)
		}
	})
}

// ---- work packages and activities ----

// CreateWorkPackage stores w.
func (s *Store) CreateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error {
	return create(ctx, s, kWorkPackage, w, func(ctx context.Context, tx *Store, w *socialsvc.WorkPackage) error {
		return store.CheckWorkPackage(ctx, tx.view(ctx), w)
	}, nil)
}

// GetWorkPackage returns the work package id.
func (s *Store) GetWorkPackage(ctx context.Context, id socialsvc.WorkPackageID) (socialsvc.WorkPackage, error) {
	return get(ctx, s, kWorkPackage, string(id))
}

// UpdateWorkPackage replaces w at its version.
func (s *Store) UpdateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error {
	return update(ctx, s, kWorkPackage, w, func(ctx context.Context, tx *Store, _, w *socialsvc.WorkPackage) error {
		return store.CheckWorkPackage(ctx, tx.view(ctx), w)
	}, nil)
}

// DeleteWorkPackage deletes a work package without activities.
func (s *Store) DeleteWorkPackage(ctx context.Context, id socialsvc.WorkPackageID, version int64) error {
	return remove(ctx, s, kWorkPackage, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.WorkPackage) error {
		if tx.st.activities.any(func(v *socialsvc.Activity) bool { return v.WorkPackageID == id }) {
			return referenced("work package", "activities")
		}
		return nil
	}, nil)
}

// ListWorkPackages lists work packages by ID ("id", "-id").
func (s *Store) ListWorkPackages(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.WorkPackage], error) {
	return list(ctx, s, kWorkPackage, f.ListOptions, func(*state) func(*socialsvc.WorkPackage) bool {
		return func(v *socialsvc.WorkPackage) bool { return f.ProjectID == "" || v.ProjectID == f.ProjectID }
	})
}

// CreateActivity stores a.
func (s *Store) CreateActivity(ctx context.Context, a *socialsvc.Activity) error {
	return create(ctx, s, kActivity, a, func(ctx context.Context, tx *Store, a *socialsvc.Activity) error {
		return store.CheckActivity(ctx, tx.view(ctx), a)
	}, nil)
}

// GetActivity returns the activity id.
func (s *Store) GetActivity(ctx context.Context, id socialsvc.ActivityID) (socialsvc.Activity, error) {
	return get(ctx, s, kActivity, string(id))
}

// UpdateActivity replaces a at its version.
func (s *Store) UpdateActivity(ctx context.Context, a *socialsvc.Activity) error {
	return update(ctx, s, kActivity, a, func(ctx context.Context, tx *Store, _, a *socialsvc.Activity) error {
		return store.CheckActivity(ctx, tx.view(ctx), a)
	}, nil)
}

// DeleteActivity deletes an activity without events.
func (s *Store) DeleteActivity(ctx context.Context, id socialsvc.ActivityID, version int64) error {
	return remove(ctx, s, kActivity, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Activity) error {
		if tx.st.events.any(func(v *socialsvc.Event) bool { return v.ActivityID == id }) {
			return referenced("activity", "events")
		}
		return nil
	}, nil)
}

// ListActivities lists activities by ID ("id", "-id").
func (s *Store) ListActivities(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Activity], error) {
	return list(ctx, s, kActivity, f.ListOptions, func(*state) func(*socialsvc.Activity) bool {
		return func(v *socialsvc.Activity) bool { return f.ProjectID == "" || v.ProjectID == f.ProjectID }
	})
}

// ---- events ----

// CreateEvent stores e.
func (s *Store) CreateEvent(ctx context.Context, e *socialsvc.Event) error {
	return create(ctx, s, kEvent, e, func(ctx context.Context, tx *Store, e *socialsvc.Event) error {
		return store.CheckEvent(ctx, tx.view(ctx), e)
	}, nil)
}

// GetEvent returns the event id.
func (s *Store) GetEvent(ctx context.Context, id socialsvc.EventID) (socialsvc.Event, error) {
	return get(ctx, s, kEvent, string(id))
}

// UpdateEvent replaces e at its version.
func (s *Store) UpdateEvent(ctx context.Context, e *socialsvc.Event) error {
	return update(ctx, s, kEvent, e, func(ctx context.Context, tx *Store, _, e *socialsvc.Event) error {
		return store.CheckEvent(ctx, tx.view(ctx), e)
	}, nil)
}

// DeleteEvent deletes an event without attendance.
func (s *Store) DeleteEvent(ctx context.Context, id socialsvc.EventID, version int64) error {
	return remove(ctx, s, kEvent, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Event) error {
		if tx.st.attendance.any(func(v *socialsvc.Attendance) bool { return v.EventID == id }) {
			return referenced("event", "attendance records")
		}
		return nil
	}, nil)
}

// ListEvents lists events by ID or start date (f.Sort); From and To bound the start date.
func (s *Store) ListEvents(ctx context.Context, f store.EventFilter) (store.Page[socialsvc.Event], error) {
	return list(ctx, s, kEvent, f.ListOptions, func(*state) func(*socialsvc.Event) bool {
		return func(e *socialsvc.Event) bool {
			return (f.ProjectID == "" || e.ProjectID == f.ProjectID) &&
				(f.ActivityID == "" || e.ActivityID == f.ActivityID) &&
				(f.Type == "" || e.Type == f.Type) &&
				(f.Organiser == "" || e.Organiser == f.Organiser) &&
				(f.From.IsZero() || !e.Start.Before(f.From)) &&
				(f.To.IsZero() || !e.Start.After(f.To))
		}
	})
}

// ---- attendance ----

// AttendanceAuditID is the entity ID of attendance records in the audit
// log: the event and beneficiary IDs joined by a slash.
func AttendanceAuditID(a *socialsvc.Attendance) string {
	return string(a.EventID) + "/" + string(a.BeneficiaryID)
}

// CreateAttendance records a visit; the same person at the same event
// twice is a conflict.
func (s *Store) CreateAttendance(ctx context.Context, a *socialsvc.Attendance) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := *a
	err := s.write(ctx, func(tx *Store) error {
		if err := store.CheckWrite(ctx, tx.view(ctx), nil, &c); err != nil {
			return err
		}
		if err := store.CheckAttendance(ctx, tx.view(ctx), &c); err != nil {
			return err
		}
		k := store.AttendanceKey(&c)
		if _, dup := tx.st.attendance.get(k); dup {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary is already recorded at this event",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("beneficiary_id", "unique", "err.beneficiary_id.unique", nil)}}
		}
		c.CreatedAt = now()
		tx.st.attendance.put(tx.st, k, c)
		return tx.st.appendAudit(ctx, store.ActionCreate, store.EntityAttendance, AttendanceAuditID(&c), nil, c, c.CreatedAt)
	})
	if err != nil {
		return err
	}
	*a = c
	return nil
}

// DeleteAttendance deletes one attendance record.
func (s *Store) DeleteAttendance(ctx context.Context, event socialsvc.EventID, beneficiary socialsvc.BeneficiaryID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		k := store.AttendanceKey(&socialsvc.Attendance{EventID: event, BeneficiaryID: beneficiary})
		old, ok := tx.st.attendance.get(k)
		if !ok {
			return notFound(kAttendance.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, nil); err != nil {
			return err
		}
		tx.st.attendance.del(tx.st, k)
		return tx.st.appendAudit(ctx, store.ActionDelete, store.EntityAttendance, AttendanceAuditID(&old), old, nil, now())
	})
}

func attendanceMatch(f store.AttendanceFilter) func(*state) func(*socialsvc.Attendance) bool {
	return func(*state) func(*socialsvc.Attendance) bool {
		return func(a *socialsvc.Attendance) bool {
			return (f.ProjectID == "" || a.ProjectID == f.ProjectID) &&
				(f.EventID == "" || a.EventID == f.EventID) &&
				(f.BeneficiaryID == "" || a.BeneficiaryID == f.BeneficiaryID)
		}
	}
}

// ListAttendance lists attendance ordered by (event, beneficiary), ascending or descending ("id", "-id").
func (s *Store) ListAttendance(ctx context.Context, f store.AttendanceFilter) (store.Page[socialsvc.Attendance], error) {
	return list(ctx, s, kAttendance, f.ListOptions, attendanceMatch(f))
}

// ScanAttendance streams every matching record.
func (s *Store) ScanAttendance(ctx context.Context, f store.AttendanceFilter) iter.Seq2[socialsvc.Attendance, error] {
	return scan(ctx, s, kAttendance, attendanceMatch(f))
}

// ---- beneficiaries ----

// CreateBeneficiary stores b.
func (s *Store) CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return create(ctx, s, kBeneficiary, b, func(ctx context.Context, tx *Store, b *socialsvc.Beneficiary) error {
		return store.CheckBeneficiary(ctx, tx.view(ctx), nil, b)
	}, nil)
}

// GetBeneficiary returns the beneficiary id.
func (s *Store) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return get(ctx, s, kBeneficiary, string(id))
}

// UpdateBeneficiary replaces b at its version; erased records cannot be
// changed.
func (s *Store) UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return update(ctx, s, kBeneficiary, b, func(ctx context.Context, tx *Store, old, b *socialsvc.Beneficiary) error {
		return store.CheckBeneficiary(ctx, tx.view(ctx), old, b)
	}, nil)
}

// DeleteBeneficiary deletes a beneficiary without attendance (a person
// with attendance is erased instead, so that the counts stay).
func (s *Store) DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error {
	return remove(ctx, s, kBeneficiary, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Beneficiary) error {
		if tx.st.attendance.any(func(v *socialsvc.Attendance) bool { return v.BeneficiaryID == id }) {
			return referenced("beneficiary", "attendance records (erase the person instead)")
		}
		if tx.st.participations.any(func(v *socialsvc.Participation) bool { return v.BeneficiaryID == id }) {
			return referenced("beneficiary", "participations (erase the person instead)")
		}
		return nil
	}, nil)
}

// EraseBeneficiary clears every personal attribute of the beneficiary
// (GDPR Art. 17) and keeps the record and its attendance. Erasing an
// erased record changes nothing.
func (s *Store) EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		old, ok := tx.st.beneficiaries.get(string(id))
		if !ok {
			return notFound(kBeneficiary.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, &old); err != nil {
			return err
		}
		if old.Erased {
			return nil
		}
		b := cloneBeneficiary(old)
		at := now()
		b.Erase(at)
		b.Version++
		b.UpdatedAt = at
		tx.st.beneficiaries.put(tx.st, string(id), b)
		if err := tx.st.appendAudit(ctx, store.ActionErase, store.EntityBeneficiary, string(id), &old, &b, at); err != nil {
			return err
		}
		return store.AnonymiseParticipations(ctx, tx, &old)
	})
}

func beneficiaryMatch(f store.BeneficiaryFilter) func(*state) func(*socialsvc.Beneficiary) bool {
	return func(*state) func(*socialsvc.Beneficiary) bool {
		return func(b *socialsvc.Beneficiary) bool {
			return (f.OrgID == "" || b.OrgID == f.OrgID) && (f.ProjectID == "" || b.ProjectID == f.ProjectID)
		}
	}
}

// ListBeneficiaries lists beneficiaries by ID ("id", "-id").
func (s *Store) ListBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) (store.Page[socialsvc.Beneficiary], error) {
	return list(ctx, s, kBeneficiary, f.ListOptions, beneficiaryMatch(f))
}

// ScanBeneficiaries streams every matching beneficiary.
func (s *Store) ScanBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error] {
	return scan(ctx, s, kBeneficiary, beneficiaryMatch(f))
}

// ---- indicators and measurements ----

// CreateIndicator stores i.
func (s *Store) CreateIndicator(ctx context.Context, i *socialsvc.Indicator) error {
	return create(ctx, s, kIndicator, i, func(ctx context.Context, tx *Store, i *socialsvc.Indicator) error {
		return store.CheckIndicator(ctx, tx.view(ctx), i)
	}, nil)
}

// GetIndicator returns the indicator id.
func (s *Store) GetIndicator(ctx context.Context, id socialsvc.IndicatorID) (socialsvc.Indicator, error) {
	return get(ctx, s, kIndicator, string(id))
}

// UpdateIndicator replaces i at its version.
func (s *Store) UpdateIndicator(ctx context.Context, i *socialsvc.Indicator) error {
	return update(ctx, s, kIndicator, i, func(ctx context.Context, tx *Store, _, i *socialsvc.Indicator) error {
		return store.CheckIndicator(ctx, tx.view(ctx), i)
	}, nil)
}

// DeleteIndicator deletes an indicator without measurements and that no
// other indicator depends on.
func (s *Store) DeleteIndicator(ctx context.Context, id socialsvc.IndicatorID, version int64) error {
	return remove(ctx, s, kIndicator, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Indicator) error {
		switch {
		case tx.st.measurements.any(func(v *socialsvc.Measurement) bool { return v.IndicatorID == id }):
			return referenced("indicator", "measurements")
		case tx.st.indicators.any(func(v *socialsvc.Indicator) bool { return v.DependsOn == id }):
			return referenced("indicator", "indicators that depend on it")
		}
		return nil
	}, nil)
}

// ListIndicators lists indicators by ID ("id", "-id").
func (s *Store) ListIndicators(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Indicator], error) {
	return list(ctx, s, kIndicator, f.ListOptions, func(*state) func(*socialsvc.Indicator) bool {
		return func(v *socialsvc.Indicator) bool { return f.ProjectID == "" || v.ProjectID == f.ProjectID }
	})
}

// CreateMeasurement stores m (its ProjectID taken from the indicator).
func (s *Store) CreateMeasurement(ctx context.Context, m *socialsvc.Measurement) error {
	return create(ctx, s, kMeasurement, m, func(ctx context.Context, tx *Store, m *socialsvc.Measurement) error {
		return store.CheckMeasurement(ctx, tx.view(ctx), m)
	}, nil)
}

// GetMeasurement returns the measurement id.
func (s *Store) GetMeasurement(ctx context.Context, id socialsvc.MeasurementID) (socialsvc.Measurement, error) {
	return get(ctx, s, kMeasurement, string(id))
}

// UpdateMeasurement replaces m at its version.
func (s *Store) UpdateMeasurement(ctx context.Context, m *socialsvc.Measurement) error {
	return update(ctx, s, kMeasurement, m, func(ctx context.Context, tx *Store, _, m *socialsvc.Measurement) error {
		return store.CheckMeasurement(ctx, tx.view(ctx), m)
	}, nil)
}

// DeleteMeasurement deletes a measurement.
func (s *Store) DeleteMeasurement(ctx context.Context, id socialsvc.MeasurementID, version int64) error {
	return remove(ctx, s, kMeasurement, string(id), version, nil, nil)
}

// ListMeasurements lists measurements by ID or period (f.Sort).
func (s *Store) ListMeasurements(ctx context.Context, f store.MeasurementFilter) (store.Page[socialsvc.Measurement], error) {
	return list(ctx, s, kMeasurement, f.ListOptions, func(*state) func(*socialsvc.Measurement) bool {
		return func(m *socialsvc.Measurement) bool {
			return (f.ProjectID == "" || m.ProjectID == f.ProjectID) &&
				(f.IndicatorID == "" || m.IndicatorID == f.IndicatorID) &&
				(!f.HasPeriod || m.Period == f.Period)
		}
	})
}

// ---- budget ----

var errComputedLine = socialsvc.FieldErr("computed", "computed", "err.computed.computed_2")

// CreateBudgetLine stores l and recomputes the project's flat-rate lines.
func (s *Store) CreateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error {
	return create(ctx, s, kBudget, l, func(ctx context.Context, tx *Store, l *socialsvc.BudgetLine) error {
		return store.CheckBudgetLine(ctx, tx.view(ctx), l)
	}, func(ctx context.Context, tx *Store, l *socialsvc.BudgetLine) error {
		return recompute(ctx, tx, l.ProjectID)
	})
}

func recompute(ctx context.Context, tx *Store, ids ...socialsvc.ProjectID) error {
	if store.IsRecomputing(ctx) {
		return nil
	}
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			continue
		}
		if err := store.RecomputeFlatRates(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// GetBudgetLine returns the budget line id.
func (s *Store) GetBudgetLine(ctx context.Context, id socialsvc.BudgetLineID) (socialsvc.BudgetLine, error) {
	return get(ctx, s, kBudget, string(id))
}

// UpdateBudgetLine replaces l at its version and recomputes the flat-rate
// lines. Computed lines cannot be updated by hand.
func (s *Store) UpdateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error {
	return update(ctx, s, kBudget, l, func(ctx context.Context, tx *Store, old, l *socialsvc.BudgetLine) error {
		if old.Computed && !store.IsRecomputing(ctx) {
			return errComputedLine
		}
		return store.CheckBudgetLine(ctx, tx.view(ctx), l)
	}, func(ctx context.Context, tx *Store, old, l *socialsvc.BudgetLine) error {
		return recompute(ctx, tx, old.ProjectID, l.ProjectID)
	})
}

// DeleteBudgetLine deletes an entered line and recomputes the flat-rate
// lines. Computed lines go when their base does.
func (s *Store) DeleteBudgetLine(ctx context.Context, id socialsvc.BudgetLineID, version int64) error {
	return remove(ctx, s, kBudget, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.BudgetLine) error {
		if old.Computed && !store.IsRecomputing(ctx) {
			return errComputedLine
		}
		return nil
	}, func(ctx context.Context, tx *Store, old *socialsvc.BudgetLine) error {
		return recompute(ctx, tx, old.ProjectID)
	})
}

func budgetMatch(f store.BudgetFilter) func(*state) func(*socialsvc.BudgetLine) bool {
	return func(*state) func(*socialsvc.BudgetLine) bool {
		return func(l *socialsvc.BudgetLine) bool {
			return (f.ProjectID == "" || l.ProjectID == f.ProjectID) &&
				(f.PartnerID == "" || l.PartnerID == f.PartnerID) &&
				(f.Category == "" || l.Category == f.Category) &&
				(!f.HasPeriod || l.Period == f.Period)
		}
	}
}

// ListBudgetLines lists budget lines by ID ("id", "-id").
func (s *Store) ListBudgetLines(ctx context.Context, f store.BudgetFilter) (store.Page[socialsvc.BudgetLine], error) {
	return list(ctx, s, kBudget, f.ListOptions, budgetMatch(f))
}

// ScanBudgetLines streams every matching budget line.
func (s *Store) ScanBudgetLines(ctx context.Context, f store.BudgetFilter) iter.Seq2[socialsvc.BudgetLine, error] {
	return scan(ctx, s, kBudget, budgetMatch(f))
}

// ---- expenditure ----

// CreateExpenditure stores e with its conversion to the project currency.
func (s *Store) CreateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error {
	return create(ctx, s, kExpenditure, e, func(ctx context.Context, tx *Store, e *socialsvc.Expenditure) error {
		return store.CheckExpenditure(ctx, tx.view(ctx), nil, e)
	}, nil)
}

// GetExpenditure returns the expenditure line id.
func (s *Store) GetExpenditure(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.Expenditure, error) {
	return get(ctx, s, kExpenditure, string(id))
}

// UpdateExpenditure replaces e at its version.
func (s *Store) UpdateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error {
	return update(ctx, s, kExpenditure, e, func(ctx context.Context, tx *Store, old, e *socialsvc.Expenditure) error {
		return store.CheckExpenditure(ctx, tx.view(ctx), old, e)
	}, nil)
}

// DeleteExpenditure deletes an expenditure line.
func (s *Store) DeleteExpenditure(ctx context.Context, id socialsvc.ExpenditureID, version int64) error {
	return remove(ctx, s, kExpenditure, string(id), version, nil, nil)
}

func expenditureMatch(f store.ExpenditureFilter) func(*state) func(*socialsvc.Expenditure) bool {
	return func(*state) func(*socialsvc.Expenditure) bool {
		return func(e *socialsvc.Expenditure) bool {
			return (f.ProjectID == "" || e.ProjectID == f.ProjectID) &&
				(f.PartnerID == "" || e.PartnerID == f.PartnerID) &&
				(f.Category == "" || e.Category == f.Category) &&
				(!f.HasPeriod || e.Period == f.Period) &&
				(f.From.IsZero() || !e.Date.Before(f.From)) &&
				(f.To.IsZero() || !e.Date.After(f.To))
		}
	}
}

// ListExpenditure lists expenditure lines by ID or date (f.Sort).
func (s *Store) ListExpenditure(ctx context.Context, f store.ExpenditureFilter) (store.Page[socialsvc.Expenditure], error) {
	return list(ctx, s, kExpenditure, f.ListOptions, expenditureMatch(f))
}

// ScanExpenditure streams every matching expenditure line.
func (s *Store) ScanExpenditure(ctx context.Context, f store.ExpenditureFilter) iter.Seq2[socialsvc.Expenditure, error] {
	return scan(ctx, s, kExpenditure, expenditureMatch(f))
}

// ---- rates ----

// PutRate adds or replaces the rate of a currency and month.
func (s *Store) PutRate(ctx context.Context, r socialsvc.Rate) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckWrite(ctx, s, nil, &r); err != nil {
		return err
	}
	if err := socialsvc.ValidateRate(&r); err != nil {
		return err
	}
	if err := new(socialsvc.RateTable).Set(r); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		k := rateKey(&r)
		old, existed := tx.st.rates.get(k)
		tx.st.rates.put(tx.st, k, r)
		action, before := store.ActionCreate, any(nil)
		if existed {
			action, before = store.ActionUpdate, old
		}
		return tx.st.appendAudit(ctx, action, store.EntityRate, k, before, r, now())
	})
}

// RateTable returns every stored rate.
func (s *Store) RateTable(ctx context.Context) (*socialsvc.RateTable, error) {
	var rates []socialsvc.Rate
	err := s.read(ctx, func(st *state) error {
		for _, k := range st.rates.keys {
			rates = append(rates, *st.rates.at(k))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return socialsvc.NewRateTable(rates...)
}

// ---- audit ----

// ListAudit lists audit entries by sequence number (sort "id" or "-id").
// The cursor carries the last sequence number of the previous page.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) (store.Page[store.AuditEntry], error) {
	ord, cur, err := f.Resolve(store.SortKeys(""))
	if err != nil {
		return store.Page[store.AuditEntry]{}, err
	}
	var after int64
	if cur != nil {
		if after, err = strconv.ParseInt(cur.ID, 10, 64); err != nil || after < 0 {
			return store.Page[store.AuditEntry]{}, errCursor()
		}
	}
	limit := f.EffectiveLimit()
	var items []store.AuditEntry
	err = s.read(ctx, func(st *state) error {
		// Entries are in Seq order and Seq n is at index n-1.
		n := int64(len(st.audit))
		i, step := min(after, n), int64(1)
		if ord.Desc {
			i, step = n-1, -1
			if cur != nil {
				i = min(after-1, n) - 1
			}
		}
		for ; i >= 0 && i < n && len(items) <= limit; i += step {
			e := st.audit[i]
			if (f.Entity == "" || e.Entity == f.Entity) && (f.EntityID == "" || e.EntityID == f.EntityID) {
				e.Before, e.After = bytes.Clone(e.Before), bytes.Clone(e.After)
				items = append(items, e)
			}
		}
		return nil
	})
	if err != nil {
		return store.Page[store.AuditEntry]{}, err
	}
	return store.SortedPageOf(items, limit, ord, func(e *store.AuditEntry) (string, string) { return "", strconv.FormatInt(e.Seq, 10) }), nil
}
