package sqlstore

import (
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// view is the store the rule checks read through (store.View): the
// transaction, or the combined store when the call came through
// store.Combine.
func (s *Store) view(ctx context.Context) store.Store { return store.View(ctx, s) }

// ---- organisations ----

// CreateOrganisation stores o. A non-empty tax ID is unique per country
// (a unique index).
func (s *Store) CreateOrganisation(ctx context.Context, o *socialsvc.Organisation) error {
	return create(ctx, s, s.e.org, o, func(ctx context.Context, tx *Store, o *socialsvc.Organisation) error {
		return store.CheckOrganisation(ctx, tx.view(ctx), o)
	}, nil)
}

// GetOrganisation returns the organisation id.
func (s *Store) GetOrganisation(ctx context.Context, id socialsvc.OrgID) (socialsvc.Organisation, error) {
	return get(ctx, s, s.e.org, string(id))
}

// UpdateOrganisation replaces o at its version.
func (s *Store) UpdateOrganisation(ctx context.Context, o *socialsvc.Organisation) error {
	return update(ctx, s, s.e.org, o, func(ctx context.Context, tx *Store, _, o *socialsvc.Organisation) error {
		return store.CheckOrganisation(ctx, tx.view(ctx), o)
	}, nil)
}

// DeleteOrganisation deletes an organisation no partner or beneficiary
// refers to.
func (s *Store) DeleteOrganisation(ctx context.Context, id socialsvc.OrgID, version int64) error {
	return remove(ctx, s, s.e.org, string(id), version, nil, nil)
}

// ListOrganisations lists organisations by ID ("id", "-id").
func (s *Store) ListOrganisations(ctx context.Context, f store.OrgFilter) (store.Page[socialsvc.Organisation], error) {
	var w where
	w.eq("country", f.Country)
	w.eq("tax_id", f.TaxID)
	return list(ctx, s, s.e.org.lister(), f.ListOptions, w)
}

// ---- funds ----

// CreateFund stores f.
func (s *Store) CreateFund(ctx context.Context, f *socialsvc.Fund) error {
	return create(ctx, s, s.e.fund, f, func(ctx context.Context, tx *Store, f *socialsvc.Fund) error {
		return store.CheckFund(ctx, tx.view(ctx), f)
	}, nil)
}

// GetFund returns the fund id.
func (s *Store) GetFund(ctx context.Context, id socialsvc.FundID) (socialsvc.Fund, error) {
	return get(ctx, s, s.e.fund, string(id))
}

// UpdateFund replaces f at its version.
func (s *Store) UpdateFund(ctx context.Context, f *socialsvc.Fund) error {
	return update(ctx, s, s.e.fund, f, func(ctx context.Context, tx *Store, _, f *socialsvc.Fund) error {
		return store.CheckFund(ctx, tx.view(ctx), f)
	}, nil)
}

// DeleteFund deletes a fund no partner is financed by.
func (s *Store) DeleteFund(ctx context.Context, id socialsvc.FundID, version int64) error {
	return remove(ctx, s, s.e.fund, string(id), version, nil, nil)
}

// ListFunds lists funds by ID ("id", "-id").
func (s *Store) ListFunds(ctx context.Context, o store.ListOptions) (store.Page[socialsvc.Fund], error) {
	return list(ctx, s, s.e.fund.lister(), o, where{})
}

// ---- projects ----

// CreateProject stores p (status draft and currency EUR when empty).
func (s *Store) CreateProject(ctx context.Context, p *socialsvc.Project) error {
	return create(ctx, s, s.e.prj, p, func(ctx context.Context, tx *Store, p *socialsvc.Project) error {
		return store.CheckProject(ctx, tx.view(ctx), nil, p)
	}, nil)
}

// GetProject returns the project id.
func (s *Store) GetProject(ctx context.Context, id socialsvc.ProjectID) (socialsvc.Project, error) {
	return get(ctx, s, s.e.prj, string(id))
}

// UpdateProject replaces p at its version; a change of flat rates
// recomputes the computed budget lines in the same transaction.
func (s *Store) UpdateProject(ctx context.Context, p *socialsvc.Project) error {
	return update(ctx, s, s.e.prj, p, func(ctx context.Context, tx *Store, old, p *socialsvc.Project) error {
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
	return remove(ctx, s, s.e.prj, string(id), version, nil, nil)
}

// ListProjects lists projects by ID or start date (f.Sort); OrgID selects the projects the
// organisation is a partner of, in any role.
func (s *Store) ListProjects(ctx context.Context, f store.ProjectFilter) (store.Page[socialsvc.Project], error) {
	var w where
	w.eq("status", string(f.Status))
	if f.OrgID != "" {
		w.add("id IN (SELECT project_id FROM partners WHERE org_id = $?)", string(f.OrgID))
	}
	return list(ctx, s, s.e.prj.lister(), f.ListOptions, w)
}

// ---- partners ----

// CreatePartner stores p. One lead per project, one participation per
// organisation and one number per partner are unique indexes as well as
// rule checks, so that concurrent writers cannot break them.
func (s *Store) CreatePartner(ctx context.Context, p *socialsvc.Partner) error {
	return create(ctx, s, s.e.ptn, p, func(ctx context.Context, tx *Store, p *socialsvc.Partner) error {
		return store.CheckPartner(ctx, tx.view(ctx), p)
	}, func(ctx context.Context, tx *Store, p *socialsvc.Partner) error {
		return tx.linkFunds(ctx, p)
	})
}

// linkFunds keeps partner_funds, the foreign keys of the funds a
// partner's co-financing (JSON) names, so that a fund in use cannot be
// deleted.
func (tx *Store) linkFunds(ctx context.Context, p *socialsvc.Partner) error {
	if _, err := tx.exec(ctx, "DELETE FROM partner_funds WHERE partner_id = $1", string(p.ID)); err != nil {
		return err
	}
	for _, f := range p.Funding {
		if _, err := tx.exec(ctx, "INSERT INTO partner_funds (partner_id, fund_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", string(p.ID), string(f.FundID)); err != nil {
			return err
		}
	}
	return nil
}

// GetPartner returns the partner id.
func (s *Store) GetPartner(ctx context.Context, id socialsvc.PartnerID) (socialsvc.Partner, error) {
	return get(ctx, s, s.e.ptn, string(id))
}

// UpdatePartner replaces p at its version.
func (s *Store) UpdatePartner(ctx context.Context, p *socialsvc.Partner) error {
	return update(ctx, s, s.e.ptn, p, func(ctx context.Context, tx *Store, _, p *socialsvc.Partner) error {
		return store.CheckPartner(ctx, tx.view(ctx), p)
	}, func(ctx context.Context, tx *Store, _, p *socialsvc.Partner) error {
		return tx.linkFunds(ctx, p)
	})
}

// DeletePartner deletes a partner without budget, expenditure, events or
// work packages.
func (s *Store) DeletePartner(ctx context.Context, id socialsvc.PartnerID, version int64) error {
	return remove(ctx, s, s.e.ptn, string(id), version, nil, nil)
}

// ListPartners lists partners by ID ("id", "-id").
func (s *Store) ListPartners(ctx context.Context, f store.PartnerFilter) (store.Page[socialsvc.Partner], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("org_id", string(f.OrgID))
	w.eq("role", string(f.Role))
	return list(ctx, s, s.e.ptn.lister(), f.ListOptions, w)
}

// ---- work packages and activities ----

// CreateWorkPackage stores w.
func (s *Store) CreateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error {
	return create(ctx, s, s.e.wp, w, func(ctx context.Context, tx *Store, w *socialsvc.WorkPackage) error {
		return store.CheckWorkPackage(ctx, tx.view(ctx), w)
	}, nil)
}

// GetWorkPackage returns the work package id.
func (s *Store) GetWorkPackage(ctx context.Context, id socialsvc.WorkPackageID) (socialsvc.WorkPackage, error) {
	return get(ctx, s, s.e.wp, string(id))
}

// UpdateWorkPackage replaces w at its version.
func (s *Store) UpdateWorkPackage(ctx context.Context, w *socialsvc.WorkPackage) error {
	return update(ctx, s, s.e.wp, w, func(ctx context.Context, tx *Store, _, w *socialsvc.WorkPackage) error {
		return store.CheckWorkPackage(ctx, tx.view(ctx), w)
	}, nil)
}

// DeleteWorkPackage deletes a work package without activities.
func (s *Store) DeleteWorkPackage(ctx context.Context, id socialsvc.WorkPackageID, version int64) error {
	return remove(ctx, s, s.e.wp, string(id), version, nil, nil)
}

// ListWorkPackages lists work packages by ID ("id", "-id").
func (s *Store) ListWorkPackages(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.WorkPackage], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	return list(ctx, s, s.e.wp.lister(), f.ListOptions, w)
}

// CreateActivity stores a.
func (s *Store) CreateActivity(ctx context.Context, a *socialsvc.Activity) error {
	return create(ctx, s, s.e.act, a, func(ctx context.Context, tx *Store, a *socialsvc.Activity) error {
		return store.CheckActivity(ctx, tx.view(ctx), a)
	}, nil)
}

// GetActivity returns the activity id.
func (s *Store) GetActivity(ctx context.Context, id socialsvc.ActivityID) (socialsvc.Activity, error) {
	return get(ctx, s, s.e.act, string(id))
}

// UpdateActivity replaces a at its version.
func (s *Store) UpdateActivity(ctx context.Context, a *socialsvc.Activity) error {
	return update(ctx, s, s.e.act, a, func(ctx context.Context, tx *Store, _, a *socialsvc.Activity) error {
		return store.CheckActivity(ctx, tx.view(ctx), a)
	}, nil)
}

// DeleteActivity deletes an activity without events.
func (s *Store) DeleteActivity(ctx context.Context, id socialsvc.ActivityID, version int64) error {
	return remove(ctx, s, s.e.act, string(id), version, nil, nil)
}

// ListActivities lists activities by ID ("id", "-id").
func (s *Store) ListActivities(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Activity], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	return list(ctx, s, s.e.act.lister(), f.ListOptions, w)
}

// ---- events ----

// CreateEvent stores e.
func (s *Store) CreateEvent(ctx context.Context, e *socialsvc.Event) error {
	return create(ctx, s, s.e.evt, e, func(ctx context.Context, tx *Store, e *socialsvc.Event) error {
		return store.CheckEvent(ctx, tx.view(ctx), e)
	}, func(ctx context.Context, tx *Store, e *socialsvc.Event) error {
		return tx.linkCoOrganisers(ctx, e)
	})
}

// linkCoOrganisers keeps event_co_organisers, the foreign keys of the
// partners an event's co-organisers (JSON) name.
func (tx *Store) linkCoOrganisers(ctx context.Context, e *socialsvc.Event) error {
	if _, err := tx.exec(ctx, "DELETE FROM event_co_organisers WHERE event_id = $1", string(e.ID)); err != nil {
		return err
	}
	for _, p := range e.CoOrganisers {
		if _, err := tx.exec(ctx, "INSERT INTO event_co_organisers (event_id, partner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", string(e.ID), string(p)); err != nil {
			return err
		}
	}
	return nil
}

// GetEvent returns the event id.
func (s *Store) GetEvent(ctx context.Context, id socialsvc.EventID) (socialsvc.Event, error) {
	return get(ctx, s, s.e.evt, string(id))
}

// UpdateEvent replaces e at its version.
func (s *Store) UpdateEvent(ctx context.Context, e *socialsvc.Event) error {
	return update(ctx, s, s.e.evt, e, func(ctx context.Context, tx *Store, _, e *socialsvc.Event) error {
		return store.CheckEvent(ctx, tx.view(ctx), e)
	}, func(ctx context.Context, tx *Store, _, e *socialsvc.Event) error {
		return tx.linkCoOrganisers(ctx, e)
	})
}

// DeleteEvent deletes an event without attendance.
func (s *Store) DeleteEvent(ctx context.Context, id socialsvc.EventID, version int64) error {
	return remove(ctx, s, s.e.evt, string(id), version, nil, nil)
}

// ListEvents lists events by ID or start date (f.Sort); From and To bound the start date.
func (s *Store) ListEvents(ctx context.Context, f store.EventFilter) (store.Page[socialsvc.Event], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("activity_id", string(f.ActivityID))
	w.eq("type", string(f.Type))
	w.eq("organiser", string(f.Organiser))
	if !f.From.IsZero() {
		w.add("start_date >= $?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("start_date <= $?", f.To.String())
	}
	return list(ctx, s, s.e.evt.lister(), f.ListOptions, w)
}

// ---- attendance ----

// attendanceAuditID is the entity ID of attendance records in the audit
// log: the event and beneficiary IDs joined by a slash, as the memory
// store writes it.
func attendanceAuditID(a *socialsvc.Attendance) string {
	return string(a.EventID) + "/" + string(a.BeneficiaryID)
}

// CreateAttendance records a visit; the same person at the same event
// twice is a conflict. The beneficiary may live outside the database
// (store.Combine), so its existence is a rule check, not a foreign key; in
// the database the beneficiary row is locked for share until the
// transaction ends, so that a concurrent delete cannot orphan the record.
func (s *Store) CreateAttendance(ctx context.Context, a *socialsvc.Attendance) error {
	var c socialsvc.Attendance
	err := s.write(ctx, func(tx *Store) error {
		c = *a
		if lock := tx.d.LockShare(); lock != "" && c.BeneficiaryID != "" {
			if _, err := tx.exists(ctx, "SELECT 1 FROM beneficiaries WHERE id = $1"+lock, string(c.BeneficiaryID)); err != nil {
				return err
			}
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), nil, &c); err != nil {
			return err
		}
		if err := store.CheckAttendance(ctx, tx.view(ctx), &c); err != nil {
			return err
		}
		c.CreatedAt = now()
		if _, err := tx.q.Exec(ctx, "INSERT INTO attendance ("+attendanceCols+") VALUES ($1, $2, $3, $4)",
			string(c.EventID), string(c.BeneficiaryID), string(c.ProjectID), tx.d.Time(c.CreatedAt)); err != nil {
			return tx.fail(ctx, err)
		}
		return tx.audit(ctx, store.ActionCreate, store.EntityAttendance, attendanceAuditID(&c), nil, &c, c.CreatedAt)
	})
	if err != nil {
		return err
	}
	*a = c
	return nil
}

// DeleteAttendance deletes one attendance record.
func (s *Store) DeleteAttendance(ctx context.Context, event socialsvc.EventID, beneficiary socialsvc.BeneficiaryID) error {
	return s.write(ctx, func(tx *Store) error {
		var old socialsvc.Attendance
		ok, err := tx.queryOne(ctx, "SELECT "+attendanceCols+" FROM attendance WHERE event_id = $1 AND beneficiary_id = $2"+tx.d.LockDelete(),
			[]any{string(event), string(beneficiary)}, attendanceDests(&old)...)
		if err != nil {
			return err
		}
		if !ok {
			return notFound("attendance record")
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, nil); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM attendance WHERE event_id = $1 AND beneficiary_id = $2", string(event), string(beneficiary)); err != nil {
			return err
		}
		return tx.audit(ctx, store.ActionDelete, store.EntityAttendance, attendanceAuditID(&old), &old, nil, now())
	})
}

var attendanceLister = lister[socialsvc.Attendance]{
	from:   "SELECT " + attendanceCols + " FROM attendance",
	entity: store.EntityAttendance,
	ids:    []string{"event_id", "beneficiary_id"},
	idArgs: func(c string) ([]any, error) {
		e, b, ok := strings.Cut(c, "\x00")
		if !ok || e == "" || b == "" {
			return nil, errCursor()
		}
		return []any{e, b}, nil
	},
	id: store.AttendanceKey,
	scan: func(r Rows) (socialsvc.Attendance, error) {
		var a socialsvc.Attendance
		err := r.Scan(attendanceDests(&a)...)
		return a, err
	},
}

func attendanceWhere(f store.AttendanceFilter) where {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("event_id", string(f.EventID))
	w.eq("beneficiary_id", string(f.BeneficiaryID))
	return w
}

// ListAttendance lists attendance ordered by (event, beneficiary), ascending or descending ("id", "-id").
func (s *Store) ListAttendance(ctx context.Context, f store.AttendanceFilter) (store.Page[socialsvc.Attendance], error) {
	return list(ctx, s, attendanceLister, f.ListOptions, attendanceWhere(f))
}

// ScanAttendance streams every matching record.
func (s *Store) ScanAttendance(ctx context.Context, f store.AttendanceFilter) iter.Seq2[socialsvc.Attendance, error] {
	return scan(ctx, s, attendanceLister, attendanceWhere(f))
}

// ---- beneficiaries ----

// CreateBeneficiary stores b.
func (s *Store) CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return create(ctx, s, s.e.ben, b, func(ctx context.Context, tx *Store, b *socialsvc.Beneficiary) error {
		return store.CheckBeneficiary(ctx, tx.view(ctx), nil, b)
	}, nil)
}

// GetBeneficiary returns the beneficiary id.
func (s *Store) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return get(ctx, s, s.e.ben, string(id))
}

// UpdateBeneficiary replaces b at its version; erased records cannot be
// changed.
func (s *Store) UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return update(ctx, s, s.e.ben, b, func(ctx context.Context, tx *Store, old, b *socialsvc.Beneficiary) error {
		return store.CheckBeneficiary(ctx, tx.view(ctx), old, b)
	}, nil)
}

// DeleteBeneficiary deletes a beneficiary without attendance (a person
// with attendance is erased instead, so that the counts stay). The row is
// locked first, so attendance cannot be added while the check runs.
func (s *Store) DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error {
	return remove(ctx, s, s.e.ben, string(id), version, func(ctx context.Context, tx *Store, _ *socialsvc.Beneficiary) error {
		has, err := tx.exists(ctx, "SELECT 1 FROM attendance WHERE beneficiary_id = $1 LIMIT 1", string(id))
		if err != nil {
			return err
		}
		if has {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary is referenced by attendance records (erase the person instead) and cannot be deleted"}
		}
		has, err = tx.exists(ctx, "SELECT 1 FROM participations WHERE beneficiary_id = $1 LIMIT 1", string(id))
		if err != nil {
			return err
		}
		if has {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary is referenced by participations (erase the person instead) and cannot be deleted"}
		}
		return nil
	}, nil)
}

// EraseBeneficiary clears every personal attribute of the beneficiary
// (GDPR Art. 17) and keeps the record and its attendance. Erasing an
// erased record changes nothing.
func (s *Store) EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	return s.write(ctx, func(tx *Store) error {
		e := tx.e.ben
		old, ok, err := getRow(ctx, tx, e, string(id), tx.d.LockUpdate())
		if err != nil {
			return err
		}
		if !ok {
			return notFound(e.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, &old); err != nil {
			return err
		}
		if old.Erased {
			return nil
		}
		b := old
		at := now()
		b.Erase(at)
		b.Version++
		b.UpdatedAt = at
		if _, err := tx.exec(ctx, e.update, append(e.args(tx.d, &b, 1), old.Version)...); err != nil {
			return err
		}
		if err := tx.audit(ctx, store.ActionErase, store.EntityBeneficiary, string(id), &old, &b, at); err != nil {
			return err
		}
		return store.AnonymiseParticipations(ctx, tx, &old)
	})
}

func beneficiaryWhere(f store.BeneficiaryFilter) where {
	var w where
	w.eq("org_id", string(f.OrgID))
	w.eq("project_id", string(f.ProjectID))
	return w
}

// ListBeneficiaries lists beneficiaries by ID ("id", "-id").
func (s *Store) ListBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) (store.Page[socialsvc.Beneficiary], error) {
	return list(ctx, s, s.e.ben.lister(), f.ListOptions, beneficiaryWhere(f))
}

// ScanBeneficiaries streams every matching beneficiary.
func (s *Store) ScanBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error] {
	return scan(ctx, s, s.e.ben.lister(), beneficiaryWhere(f))
}

// ---- indicators and measurements ----

// CreateIndicator stores i.
func (s *Store) CreateIndicator(ctx context.Context, i *socialsvc.Indicator) error {
	return create(ctx, s, s.e.ind, i, func(ctx context.Context, tx *Store, i *socialsvc.Indicator) error {
		return store.CheckIndicator(ctx, tx.view(ctx), i)
	}, nil)
}

// GetIndicator returns the indicator id.
func (s *Store) GetIndicator(ctx context.Context, id socialsvc.IndicatorID) (socialsvc.Indicator, error) {
	return get(ctx, s, s.e.ind, string(id))
}

// UpdateIndicator replaces i at its version.
func (s *Store) UpdateIndicator(ctx context.Context, i *socialsvc.Indicator) error {
	return update(ctx, s, s.e.ind, i, func(ctx context.Context, tx *Store, _, i *socialsvc.Indicator) error {
		return store.CheckIndicator(ctx, tx.view(ctx), i)
	}, nil)
}

// DeleteIndicator deletes an indicator without measurements and that no
// other indicator depends on.
func (s *Store) DeleteIndicator(ctx context.Context, id socialsvc.IndicatorID, version int64) error {
	return remove(ctx, s, s.e.ind, string(id), version, nil, nil)
}

// ListIndicators lists indicators by ID ("id", "-id").
func (s *Store) ListIndicators(ctx context.Context, f store.ProjectScope) (store.Page[socialsvc.Indicator], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	return list(ctx, s, s.e.ind.lister(), f.ListOptions, w)
}

// CreateMeasurement stores m (its ProjectID taken from the indicator).
func (s *Store) CreateMeasurement(ctx context.Context, m *socialsvc.Measurement) error {
	return create(ctx, s, s.e.msr, m, func(ctx context.Context, tx *Store, m *socialsvc.Measurement) error {
		return store.CheckMeasurement(ctx, tx.view(ctx), m)
	}, nil)
}

// GetMeasurement returns the measurement id.
func (s *Store) GetMeasurement(ctx context.Context, id socialsvc.MeasurementID) (socialsvc.Measurement, error) {
	return get(ctx, s, s.e.msr, string(id))
}

// UpdateMeasurement replaces m at its version.
func (s *Store) UpdateMeasurement(ctx context.Context, m *socialsvc.Measurement) error {
	return update(ctx, s, s.e.msr, m, func(ctx context.Context, tx *Store, _, m *socialsvc.Measurement) error {
		return store.CheckMeasurement(ctx, tx.view(ctx), m)
	}, nil)
}

// DeleteMeasurement deletes a measurement.
func (s *Store) DeleteMeasurement(ctx context.Context, id socialsvc.MeasurementID, version int64) error {
	return remove(ctx, s, s.e.msr, string(id), version, nil, nil)
}

// ListMeasurements lists measurements by ID or period (f.Sort).
func (s *Store) ListMeasurements(ctx context.Context, f store.MeasurementFilter) (store.Page[socialsvc.Measurement], error) {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("indicator_id", string(f.IndicatorID))
	if f.HasPeriod {
		w.add("period = $?", int64(f.Period))
	}
	return list(ctx, s, s.e.msr.lister(), f.ListOptions, w)
}

// ---- budget ----

var errComputedLine = socialsvc.FieldErr("computed", "computed", "err.computed.computed_2")

// recompute recomputes the flat-rate lines of the projects, unless the
// write is itself part of a recomputation.
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

// CreateBudgetLine stores l and recomputes the project's flat-rate lines.
func (s *Store) CreateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error {
	return create(ctx, s, s.e.bud, l, func(ctx context.Context, tx *Store, l *socialsvc.BudgetLine) error {
		return store.CheckBudgetLine(ctx, tx.view(ctx), l)
	}, func(ctx context.Context, tx *Store, l *socialsvc.BudgetLine) error {
		return recompute(ctx, tx, l.ProjectID)
	})
}

// GetBudgetLine returns the budget line id.
func (s *Store) GetBudgetLine(ctx context.Context, id socialsvc.BudgetLineID) (socialsvc.BudgetLine, error) {
	return get(ctx, s, s.e.bud, string(id))
}

// UpdateBudgetLine replaces l at its version and recomputes the flat-rate
// lines. Computed lines cannot be updated by hand.
func (s *Store) UpdateBudgetLine(ctx context.Context, l *socialsvc.BudgetLine) error {
	return update(ctx, s, s.e.bud, l, func(ctx context.Context, tx *Store, old, l *socialsvc.BudgetLine) error {
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
	return remove(ctx, s, s.e.bud, string(id), version, func(ctx context.Context, tx *Store, old *socialsvc.BudgetLine) error {
		if old.Computed && !store.IsRecomputing(ctx) {
			return errComputedLine
		}
		return nil
	}, func(ctx context.Context, tx *Store, old *socialsvc.BudgetLine) error {
		return recompute(ctx, tx, old.ProjectID)
	})
}

func budgetWhere(f store.BudgetFilter) where {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("partner_id", string(f.PartnerID))
	w.eq("category", string(f.Category))
	if f.HasPeriod {
		w.add("period = $?", int64(f.Period))
	}
	return w
}

// ListBudgetLines lists budget lines by ID ("id", "-id").
func (s *Store) ListBudgetLines(ctx context.Context, f store.BudgetFilter) (store.Page[socialsvc.BudgetLine], error) {
	return list(ctx, s, s.e.bud.lister(), f.ListOptions, budgetWhere(f))
}

// ScanBudgetLines streams every matching budget line.
func (s *Store) ScanBudgetLines(ctx context.Context, f store.BudgetFilter) iter.Seq2[socialsvc.BudgetLine, error] {
	return scan(ctx, s, s.e.bud.lister(), budgetWhere(f))
}

// ---- expenditure ----

// CreateExpenditure stores e with its conversion to the project currency.
func (s *Store) CreateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error {
	return create(ctx, s, s.e.expnd, e, func(ctx context.Context, tx *Store, e *socialsvc.Expenditure) error {
		return store.CheckExpenditure(ctx, tx.view(ctx), nil, e)
	}, nil)
}

// GetExpenditure returns the expenditure line id.
func (s *Store) GetExpenditure(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.Expenditure, error) {
	return get(ctx, s, s.e.expnd, string(id))
}

// UpdateExpenditure replaces e at its version.
func (s *Store) UpdateExpenditure(ctx context.Context, e *socialsvc.Expenditure) error {
	return update(ctx, s, s.e.expnd, e, func(ctx context.Context, tx *Store, old, e *socialsvc.Expenditure) error {
		return store.CheckExpenditure(ctx, tx.view(ctx), old, e)
	}, nil)
}

// DeleteExpenditure deletes an expenditure line.
func (s *Store) DeleteExpenditure(ctx context.Context, id socialsvc.ExpenditureID, version int64) error {
	return remove(ctx, s, s.e.expnd, string(id), version, nil, nil)
}

func expenditureWhere(f store.ExpenditureFilter) where {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("partner_id", string(f.PartnerID))
	w.eq("category", string(f.Category))
	if f.HasPeriod {
		w.add("period = $?", int64(f.Period))
	}
	if !f.From.IsZero() {
		w.add("spent_on >= $?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("spent_on <= $?", f.To.String())
	}
	return w
}

// ListExpenditure lists expenditure lines by ID or date (f.Sort).
func (s *Store) ListExpenditure(ctx context.Context, f store.ExpenditureFilter) (store.Page[socialsvc.Expenditure], error) {
	return list(ctx, s, s.e.expnd.lister(), f.ListOptions, expenditureWhere(f))
}

// ScanExpenditure streams every matching expenditure line.
func (s *Store) ScanExpenditure(ctx context.Context, f store.ExpenditureFilter) iter.Seq2[socialsvc.Expenditure, error] {
	return scan(ctx, s, s.e.expnd.lister(), expenditureWhere(f))
}

// ---- rates ----

// rateKey is the key of a rate and its audit entity ID: "HRK/2019-02".
func rateKey(r *socialsvc.Rate) string { return string(r.Currency) + "/" + r.Month.String() }

func rateDests(r *socialsvc.Rate, month *string) []any {
	return []any{strDst[socialsvc.Currency]{&r.Currency}, strDst[string]{month}, decDst{&r.Rate}, strDst[string]{&r.Source}}
}

// PutRate adds or replaces the rate of a currency and month.
func (s *Store) PutRate(ctx context.Context, r socialsvc.Rate) error {
	if err := s.usable(ctx); err != nil {
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
		var old socialsvc.Rate
		var month string
		existed, err := tx.queryOne(ctx, "SELECT currency, month, rate, source FROM rates WHERE currency = $1 AND month = $2"+tx.d.LockUpdate(),
			[]any{string(r.Currency), r.Month.String()}, rateDests(&old, &month)...)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO rates (currency, month, rate, source) VALUES ($1, $2, $3, $4) ON CONFLICT (currency, month) DO UPDATE SET rate = excluded.rate, source = excluded.source",
			string(r.Currency), r.Month.String(), decText(r.Rate), r.Source); err != nil {
			return err
		}
		action, before := store.ActionCreate, any(nil)
		if existed {
			old.Month = r.Month
			action, before = store.ActionUpdate, old
		}
		return tx.audit(ctx, action, store.EntityRate, rateKey(&r), before, r, now())
	})
}

// RateTable returns every stored rate.
func (s *Store) RateTable(ctx context.Context) (*socialsvc.RateTable, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	var rates []socialsvc.Rate
	err := s.collect(ctx, "SELECT currency, month, rate, source FROM rates ORDER BY currency, month", nil, func(rows Rows) error {
		var r socialsvc.Rate
		var month string
		if err := rows.Scan(rateDests(&r, &month)...); err != nil {
			return err
		}
		m, err := socialsvc.ParseMonth(month)
		if err != nil {
			return err
		}
		r.Month = m
		rates = append(rates, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return socialsvc.NewRateTable(rates...)
}
