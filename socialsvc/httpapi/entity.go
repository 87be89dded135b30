package httpapi

import (
	"context"
	"net/http"
	"net/url"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// entity describes one versioned record type to the generic handlers:
// how to read and write it in the store, what a PUT may not change, and
// who may see or write it.
type entity[T any] struct {
	label string
	// missing is the store's not-found message of the entity, when it is
	// not label + " not found".
	missing string
	// readOnly are the fields besides id, version and the time stamps
	// that the server sets: a merge patch may not name them.
	readOnly []string
	path     string // collection path of single records, e.g. /api/v1/partners
	get      func(context.Context, store.Store, string) (T, error)
	create   func(store.Store, context.Context, *T) error // method expressions
	update   func(store.Store, context.Context, *T) error
	del      func(context.Context, store.Store, string, int64) error
	id       func(*T) string
	ver      func(*T) int64
	// keys copies what a PUT may not change (id, version, stamps, parent)
	// from cur into v, or reports the client's attempt to change a parent.
	keys func(v, cur *T) error
	// access checks that the caller may read (write false) or write v.
	access func(ctx context.Context, h *Handler, v *T, write bool) error
}

// denied turns a refused access to the stored record cur into what the
// caller may learn: a caller that may not read the record gets the same
// 404 as for a record that does not exist (a 403 would confirm that the ID
// is taken, and let an editor enumerate another organisation's
// beneficiaries); a caller that may read it but not write it gets the
// refusal itself.
func (e *entity[T]) denied(ctx context.Context, h *Handler, cur *T, err error, write bool) error {
	switch socialsvc.ErrorCode(err) {
	case socialsvc.Forbidden, socialsvc.NotFound:
	default:
		return err
	}
	if write && e.access(ctx, h, cur, false) == nil {
		return err
	}
	msg := e.missing
	if msg == "" {
		msg = e.label + " not found"
	}
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: msg}
}

func (e *entity[T]) getH(h *Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		v, err := e.get(ctx, h.store, r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := e.access(ctx, h, &v, false); err != nil {
			return e.denied(ctx, h, &v, err, false)
		}
		return writeEntity(w, http.StatusOK, v, e.ver(&v))
	}
}

func (e *entity[T]) putH(h *Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		if len(r.Header.Values("If-Match")) == 0 {
			return errPreconditionRequired()
		}
		cur, err := e.get(ctx, h.store, r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := e.access(ctx, h, &cur, true); err != nil {
			return e.denied(ctx, h, &cur, err, true)
		}
		if _, err := ifMatch(r, e.ver(&cur)); err != nil {
			return err
		}
		var v T
		if err := decodeJSON(r, &v); err != nil {
			return err
		}
		if err := e.keys(&v, &cur); err != nil {
			return err
		}
		if err := e.access(ctx, h, &v, true); err != nil {
			return err
		}
		if err := e.update(h.store, ctx, &v); err != nil {
			return err
		}
		return writeEntity(w, http.StatusOK, v, e.ver(&v))
	}
}

func (e *entity[T]) deleteH(h *Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		if len(r.Header.Values("If-Match")) == 0 {
			return errPreconditionRequired()
		}
		cur, err := e.get(ctx, h.store, r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := e.access(ctx, h, &cur, true); err != nil {
			return e.denied(ctx, h, &cur, err, true)
		}
		ver, err := ifMatch(r, e.ver(&cur))
		if err != nil {
			return err
		}
		if err := e.del(ctx, h.store, e.id(&cur), ver); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// createH creates a record from the body; scope fills (or checks) the
// parent named by the path.
func (e *entity[T]) createH(h *Handler, scope func(r *http.Request, v *T) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		var v T
		if err := decodeJSON(r, &v); err != nil {
			return err
		}
		if scope != nil {
			if err := scope(r, &v); err != nil {
				return err
			}
		}
		if err := e.access(ctx, h, &v, true); err != nil {
			return err
		}
		if err := e.create(h.store, ctx, &v); err != nil {
			return err
		}
		w.Header().Set("Location", h.opts.Prefix+e.path+"/"+url.PathEscape(e.id(&v)))
		return writeEntity(w, http.StatusCreated, v, e.ver(&v))
	}
}

// setParent fills a record's parent ID from the path, refusing a body
// that names another one.
func setParent[ID ~string](field *ID, fromPath string, name string) error {
	if *field != "" && string(*field) != fromPath {
		return socialsvc.FieldErrf(name, "path", "err.path", socialsvc.Args{"Name": name})
	}
	*field = ID(fromPath)
	return nil
}

// keepParent is setParent for updates: the parent may be omitted or
// repeated, never changed.
func keepParent[ID ~string](field *ID, cur ID, name string) error {
	if *field != "" && *field != cur {
		return immutable(name)
	}
	*field = cur
	return nil
}

func projectAccess[T any](pid func(*T) socialsvc.ProjectID) func(context.Context, *Handler, *T, bool) error {
	return func(ctx context.Context, h *Handler, v *T, write bool) error {
		return h.canProject(ctx, pid(v), write, false)
	}
}

func (h *Handler) entities() *entities {
	return &entities{
		org: &entity[socialsvc.Organisation]{
			label: "organisation", path: "/api/v1/organisations",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Organisation, error) {
				return s.GetOrganisation(ctx, socialsvc.OrgID(id))
			},
			create: store.Store.CreateOrganisation, update: store.Store.UpdateOrganisation,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteOrganisation(ctx, socialsvc.OrgID(id), v)
			},
			id: func(v *socialsvc.Organisation) string { return string(v.ID) }, ver: func(v *socialsvc.Organisation) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Organisation) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return nil
			},
			access: func(ctx context.Context, h *Handler, v *socialsvc.Organisation, write bool) error {
				if !write {
					return nil
				}
				return h.canOrganisation(ctx, v.ID)
			},
		},
		fund: &entity[socialsvc.Fund]{
			label: "fund", path: "/api/v1/funds",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Fund, error) {
				return s.GetFund(ctx, socialsvc.FundID(id))
			},
			create: store.Store.CreateFund, update: store.Store.UpdateFund,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteFund(ctx, socialsvc.FundID(id), v)
			},
			id: func(v *socialsvc.Fund) string { return string(v.ID) }, ver: func(v *socialsvc.Fund) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Fund) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return nil
			},
			access: func(ctx context.Context, h *Handler, v *socialsvc.Fund, write bool) error {
				if write && PrincipalFrom(ctx).Role != RoleAdmin {
					return errForbidden
				}
				return nil
			},
		},
		project: &entity[socialsvc.Project]{
			label: "project", path: "/api/v1/projects",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Project, error) {
				return s.GetProject(ctx, socialsvc.ProjectID(id))
			},
			create: store.Store.CreateProject, update: store.Store.UpdateProject,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteProject(ctx, socialsvc.ProjectID(id), v)
			},
			id: func(v *socialsvc.Project) string { return string(v.ID) }, ver: func(v *socialsvc.Project) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Project) error {
				if v.Status != "" && v.Status != cur.Status {
					return socialsvc.FieldErr("status", "transition", "err.status.transition")
				}
				v.ID, v.Status, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Status, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return nil
			},
			access: func(ctx context.Context, h *Handler, v *socialsvc.Project, write bool) error {
				// A published project is public; v is the stored record,
				// so no second lookup is needed to know. Creating a project
				// is admin-only (the route says so), and canProject lets
				// admins through before any lookup.
				if !write && Published(v.Status) {
					return nil
				}
				return h.canProject(ctx, v.ID, write, !write)
			},
		},
		partner: &entity[socialsvc.Partner]{
			label: "partner", path: "/api/v1/partners",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Partner, error) {
				return s.GetPartner(ctx, socialsvc.PartnerID(id))
			},
			create: store.Store.CreatePartner, update: store.Store.UpdatePartner,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeletePartner(ctx, socialsvc.PartnerID(id), v)
			},
			id: func(v *socialsvc.Partner) string { return string(v.ID) }, ver: func(v *socialsvc.Partner) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Partner) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.Partner) socialsvc.ProjectID { return v.ProjectID }),
		},
		workPackage: &entity[socialsvc.WorkPackage]{
			label: "work package", path: "/api/v1/work-packages",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.WorkPackage, error) {
				return s.GetWorkPackage(ctx, socialsvc.WorkPackageID(id))
			},
			create: store.Store.CreateWorkPackage, update: store.Store.UpdateWorkPackage,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteWorkPackage(ctx, socialsvc.WorkPackageID(id), v)
			},
			id: func(v *socialsvc.WorkPackage) string { return string(v.ID) }, ver: func(v *socialsvc.WorkPackage) int64 { return v.Version },
			keys: func(v, cur *socialsvc.WorkPackage) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.WorkPackage) socialsvc.ProjectID { return v.ProjectID }),
		},
		activity: &entity[socialsvc.Activity]{
			label: "activity", path: "/api/v1/activities",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Activity, error) {
				return s.GetActivity(ctx, socialsvc.ActivityID(id))
			},
			create: store.Store.CreateActivity, update: store.Store.UpdateActivity,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteActivity(ctx, socialsvc.ActivityID(id), v)
			},
			id: func(v *socialsvc.Activity) string { return string(v.ID) }, ver: func(v *socialsvc.Activity) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Activity) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.Activity) socialsvc.ProjectID { return v.ProjectID }),
		},
		event: &entity[socialsvc.Event]{
			label: "event", path: "/api/v1/events",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Event, error) {
				return s.GetEvent(ctx, socialsvc.EventID(id))
			},
			create: store.Store.CreateEvent, update: store.Store.UpdateEvent,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteEvent(ctx, socialsvc.EventID(id), v)
			},
			id: func(v *socialsvc.Event) string { return string(v.ID) }, ver: func(v *socialsvc.Event) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Event) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.Event) socialsvc.ProjectID { return v.ProjectID }),
		},
		beneficiary: &entity[socialsvc.Beneficiary]{
			label: "beneficiary", path: "/api/v1/beneficiaries", readOnly: []string{"erased", "erased_at"},
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Beneficiary, error) {
				return s.GetBeneficiary(ctx, socialsvc.BeneficiaryID(id))
			},
			create: store.Store.CreateBeneficiary, update: store.Store.UpdateBeneficiary,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteBeneficiary(ctx, socialsvc.BeneficiaryID(id), v)
			},
			id: func(v *socialsvc.Beneficiary) string { return string(v.ID) }, ver: func(v *socialsvc.Beneficiary) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Beneficiary) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				v.Erased, v.ErasedAt = cur.Erased, cur.ErasedAt
				return keepParent(&v.OrgID, cur.OrgID, "org_id")
			},
			access: func(ctx context.Context, h *Handler, v *socialsvc.Beneficiary, write bool) error {
				if err := h.canBeneficiaries(ctx, v.OrgID, write); err != nil {
					return err
				}
				if write && v.ProjectID != "" {
					// Linking a person to a project needs the caller to
					// be in that project.
					return h.canProject(ctx, v.ProjectID, false, false)
				}
				return nil
			},
		},
		indicator: &entity[socialsvc.Indicator]{
			label: "indicator", path: "/api/v1/indicators",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Indicator, error) {
				return s.GetIndicator(ctx, socialsvc.IndicatorID(id))
			},
			create: store.Store.CreateIndicator, update: store.Store.UpdateIndicator,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteIndicator(ctx, socialsvc.IndicatorID(id), v)
			},
			id: func(v *socialsvc.Indicator) string { return string(v.ID) }, ver: func(v *socialsvc.Indicator) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Indicator) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.Indicator) socialsvc.ProjectID { return v.ProjectID }),
		},
		measurement: &entity[socialsvc.Measurement]{
			label: "measurement", path: "/api/v1/measurements",
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Measurement, error) {
				return s.GetMeasurement(ctx, socialsvc.MeasurementID(id))
			},
			create: store.Store.CreateMeasurement, update: store.Store.UpdateMeasurement,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteMeasurement(ctx, socialsvc.MeasurementID(id), v)
			},
			id: func(v *socialsvc.Measurement) string { return string(v.ID) }, ver: func(v *socialsvc.Measurement) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Measurement) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				if err := keepParent(&v.ProjectID, cur.ProjectID, "project_id"); err != nil {
					return err
				}
				return keepParent(&v.IndicatorID, cur.IndicatorID, "indicator_id")
			},
			access: func(ctx context.Context, h *Handler, v *socialsvc.Measurement, write bool) error {
				pid := v.ProjectID
				if pid == "" {
					ind, err := h.store.GetIndicator(ctx, v.IndicatorID)
					if err != nil {
						return err
					}
					pid = ind.ProjectID
				}
				return h.canProject(ctx, pid, write, false)
			},
		},
		budgetLine: &entity[socialsvc.BudgetLine]{
			label: "budget line", path: "/api/v1/budget-lines", readOnly: []string{"computed"},
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.BudgetLine, error) {
				return s.GetBudgetLine(ctx, socialsvc.BudgetLineID(id))
			},
			create: store.Store.CreateBudgetLine, update: store.Store.UpdateBudgetLine,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteBudgetLine(ctx, socialsvc.BudgetLineID(id), v)
			},
			id: func(v *socialsvc.BudgetLine) string { return string(v.ID) }, ver: func(v *socialsvc.BudgetLine) int64 { return v.Version },
			keys: func(v, cur *socialsvc.BudgetLine) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.BudgetLine) socialsvc.ProjectID { return v.ProjectID }),
		},
		expenditure: &entity[socialsvc.Expenditure]{
			label: "expenditure", missing: "expenditure line not found", path: "/api/v1/expenditure", readOnly: []string{"converted", "conversion"},
			get: func(ctx context.Context, s store.Store, id string) (socialsvc.Expenditure, error) {
				return s.GetExpenditure(ctx, socialsvc.ExpenditureID(id))
			},
			create: store.Store.CreateExpenditure, update: store.Store.UpdateExpenditure,
			del: func(ctx context.Context, s store.Store, id string, v int64) error {
				return s.DeleteExpenditure(ctx, socialsvc.ExpenditureID(id), v)
			},
			id: func(v *socialsvc.Expenditure) string { return string(v.ID) }, ver: func(v *socialsvc.Expenditure) int64 { return v.Version },
			keys: func(v, cur *socialsvc.Expenditure) error {
				v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
				return keepParent(&v.ProjectID, cur.ProjectID, "project_id")
			},
			access: projectAccess(func(v *socialsvc.Expenditure) socialsvc.ProjectID { return v.ProjectID }),
		},
	}
}

type entities struct {
	org         *entity[socialsvc.Organisation]
	fund        *entity[socialsvc.Fund]
	project     *entity[socialsvc.Project]
	partner     *entity[socialsvc.Partner]
	workPackage *entity[socialsvc.WorkPackage]
	activity    *entity[socialsvc.Activity]
	event       *entity[socialsvc.Event]
	beneficiary *entity[socialsvc.Beneficiary]
	indicator   *entity[socialsvc.Indicator]
	measurement *entity[socialsvc.Measurement]
	budgetLine  *entity[socialsvc.BudgetLine]
	expenditure *entity[socialsvc.Expenditure]
}
