package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	o, err := listOptions(q, store.EntityOrganisation)
	if err != nil {
		return err
	}
	pg, err := h.store.ListOrganisations(r.Context(), store.OrgFilter{ListOptions: o, Country: q.Get("country"), TaxID: q.Get("tax_id")})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listFunds(w http.ResponseWriter, r *http.Request) error {
	o, err := listOptions(r.URL.Query(), store.EntityFund)
	if err != nil {
		return err
	}
	pg, err := h.store.ListFunds(r.Context(), o)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

// listProjects lists what the caller may see: admins everything, others
// the published projects and those of their own organisation (a page may
// then hold fewer items than the limit; the cursor still leads to the
// rest).
func (h *Handler) listProjects(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	o, err := listOptions(q, store.EntityProject)
	if err != nil {
		return err
	}
	f := store.ProjectFilter{ListOptions: o, OrgID: socialsvc.OrgID(q.Get("org_id"))}
	if s := q.Get("status"); s != "" {
		if !socialsvc.Status(s).Valid() {
			return socialsvc.FieldErr("status", "oneof", "err.status.oneof_2")
		}
		f.Status = socialsvc.Status(s)
	}
	pg, err := h.store.ListProjects(ctx, f)
	if err != nil {
		return err
	}
	p := PrincipalFrom(ctx)
	if p.Role != RoleAdmin {
		var ferr error
		pg.Items = slices.DeleteFunc(pg.Items, func(prj socialsvc.Project) bool {
			if Published(prj.Status) || ferr != nil {
				return false
			}
			ok, err := h.member(ctx, p, prj.ID)
			ferr = err
			return !ok
		})
		if ferr != nil {
			return ferr
		}
	}
	return writePage(w, r, pg)
}

func (h *Handler) projectList(r *http.Request, entity string) (socialsvc.ProjectID, store.ListOptions, error) {
	id := socialsvc.ProjectID(r.PathValue("id"))
	o, err := listOptions(r.URL.Query(), entity)
	if err != nil {
		return id, o, err
	}
	return id, o, h.canProject(r.Context(), id, false, false)
}

func (h *Handler) listPartners(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityPartner)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.PartnerFilter{ListOptions: o, ProjectID: id, OrgID: socialsvc.OrgID(q.Get("org_id"))}
	if s := q.Get("role"); s != "" {
		if !socialsvc.Role(s).Valid() {
			return socialsvc.FieldErr("role", "oneof", "err.role.oneof_2")
		}
		f.Role = socialsvc.Role(s)
	}
	pg, err := h.store.ListPartners(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listWorkPackages(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityWorkPackage)
	if err != nil {
		return err
	}
	pg, err := h.store.ListWorkPackages(r.Context(), store.ProjectScope{ListOptions: o, ProjectID: id})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listActivities(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityActivity)
	if err != nil {
		return err
	}
	pg, err := h.store.ListActivities(r.Context(), store.ProjectScope{ListOptions: o, ProjectID: id})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listIndicators(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityIndicator)
	if err != nil {
		return err
	}
	pg, err := h.store.ListIndicators(r.Context(), store.ProjectScope{ListOptions: o, ProjectID: id})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityEvent)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.EventFilter{ListOptions: o, ProjectID: id, ActivityID: socialsvc.ActivityID(q.Get("activity_id")),
		Organiser: socialsvc.PartnerID(q.Get("organiser"))}
	if s := q.Get("type"); s != "" {
		if !socialsvc.EventType(s).Valid() {
			return socialsvc.FieldErr("type", "oneof", "err.type.oneof")
		}
		f.Type = socialsvc.EventType(s)
	}
	if f.From, err = queryDate(q, "from"); err != nil {
		return err
	}
	if f.To, err = queryDate(q, "to"); err != nil {
		return err
	}
	pg, err := h.store.ListEvents(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listBudgetLines(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityBudgetLine)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.BudgetFilter{ListOptions: o, ProjectID: id, PartnerID: socialsvc.PartnerID(q.Get("partner_id"))}
	if f.Category, err = queryCategory(q.Get("category")); err != nil {
		return err
	}
	if f.Period, f.HasPeriod, err = queryInt(q, "period"); err != nil {
		return err
	}
	pg, err := h.store.ListBudgetLines(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func queryCategory(s string) (socialsvc.CostCategory, error) {
	if s == "" {
		return "", nil
	}
	if !socialsvc.CostCategory(s).Valid() {
		return "", socialsvc.FieldErr("category", "oneof", "err.category.oneof")
	}
	return socialsvc.CostCategory(s), nil
}

func (h *Handler) listExpenditure(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityExpenditure)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ExpenditureFilter{ListOptions: o, ProjectID: id, PartnerID: socialsvc.PartnerID(q.Get("partner_id"))}
	if f.Category, err = queryCategory(q.Get("category")); err != nil {
		return err
	}
	if f.Period, f.HasPeriod, err = queryInt(q, "period"); err != nil {
		return err
	}
	if f.From, err = queryDate(q, "from"); err != nil {
		return err
	}
	if f.To, err = queryDate(q, "to"); err != nil {
		return err
	}
	pg, err := h.store.ListExpenditure(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listMeasurements(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	o, err := listOptions(q, store.EntityMeasurement)
	if err != nil {
		return err
	}
	ind, err := h.store.GetIndicator(ctx, socialsvc.IndicatorID(r.PathValue("id")))
	if err != nil {
		return err
	}
	if err := h.canRecordOf(ctx, ind.ProjectID, false, "indicator"); err != nil {
		return err
	}
	f := store.MeasurementFilter{ListOptions: o, IndicatorID: ind.ID}
	if f.Period, f.HasPeriod, err = queryInt(q, "period"); err != nil {
		return err
	}
	pg, err := h.store.ListMeasurements(ctx, f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) listAttendance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := listOptions(r.URL.Query(), store.EntityAttendance)
	if err != nil {
		return err
	}
	ev, err := h.store.GetEvent(ctx, socialsvc.EventID(r.PathValue("id")))
	if err != nil {
		return err
	}
	if err := h.canRecordOf(ctx, ev.ProjectID, false, "event"); err != nil {
		return err
	}
	pg, err := h.store.ListAttendance(ctx, store.AttendanceFilter{ListOptions: o, EventID: ev.ID})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

// listBeneficiaries lists the beneficiaries of the caller's organisation
// (any organisation for admins).
func (h *Handler) listBeneficiaries(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	o, err := listOptions(q, store.EntityBeneficiary)
	if err != nil {
		return err
	}
	f := store.BeneficiaryFilter{ListOptions: o, OrgID: socialsvc.OrgID(q.Get("org_id")), ProjectID: socialsvc.ProjectID(q.Get("project_id"))}
	if p := PrincipalFrom(ctx); p.Role != RoleAdmin && f.OrgID == "" {
		f.OrgID = p.OrgID
	}
	if err := h.canBeneficiaries(ctx, f.OrgID, false); err != nil {
		return err
	}
	pg, err := h.store.ListBeneficiaries(ctx, f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

// auditList names the audit log for store.SortKeys, which sorts it by
// sequence number ("id", "-id") like any list without a date.
const auditList = "audit"

func (h *Handler) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	o, err := listOptions(q, auditList)
	if err != nil {
		return err
	}
	pg, err := h.store.ListAudit(r.Context(), store.AuditFilter{ListOptions: o, Entity: q.Get("entity"), EntityID: q.Get("entity_id")})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func sortRates(rs []socialsvc.Rate) {
	slices.SortFunc(rs, func(a, b socialsvc.Rate) int {
		if c := strings.Compare(string(a.Currency), string(b.Currency)); c != 0 {
			return c
		}
		return strings.Compare(a.Month.String(), b.Month.String())
	})
}
