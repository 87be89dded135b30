package httpapi

import (
	"context"
	"net/http"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ESF+ participations (issue 15): one beneficiary's participation in one
// project, with the data at entry and the results at exit and six months
// after. They are personal data of the organisation that controls the
// beneficiary, so they are read and written as beneficiaries are: its own
// staff read them, its editors write them, admins do everything, other
// organisations and anonymous callers get nothing (the published figures
// are the participants report's). What makes a participation valid, and
// who may write it, is the store's rule (store.Participations); the
// handlers translate a record the caller may not read into the answer
// for one that does not exist.

// participationStore is the store's participations capability, or an
// internal error when the store has none.
func participationStore(s store.Store) (store.ParticipationStore, error) {
	return store.AsParticipations(s)
}

func participationEntity() *entity[socialsvc.Participation] {
	return &entity[socialsvc.Participation]{
		label: "participation", path: "/api/v1/participations", readOnly: []string{"org_id", "anonymous"},
		get: func(ctx context.Context, s store.Store, id string) (socialsvc.Participation, error) {
			ps, err := participationStore(s)
			if err != nil {
				return socialsvc.Participation{}, err
			}
			return ps.GetParticipation(ctx, socialsvc.ParticipationID(id))
		},
		create: func(s store.Store, ctx context.Context, v *socialsvc.Participation) error {
			ps, err := participationStore(s)
			if err != nil {
				return err
			}
			return ps.CreateParticipation(ctx, v)
		},
		update: func(s store.Store, ctx context.Context, v *socialsvc.Participation) error {
			ps, err := participationStore(s)
			if err != nil {
				return err
			}
			return ps.UpdateParticipation(ctx, v)
		},
		del: func(ctx context.Context, s store.Store, id string, v int64) error {
			ps, err := participationStore(s)
			if err != nil {
				return err
			}
			return ps.DeleteParticipation(ctx, socialsvc.ParticipationID(id), v)
		},
		id:  func(v *socialsvc.Participation) string { return string(v.ID) },
		ver: func(v *socialsvc.Participation) int64 { return v.Version },
		keys: func(v, cur *socialsvc.Participation) error {
			v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
			if err := keepParent(&v.ProjectID, cur.ProjectID, "project_id"); err != nil {
				return err
			}
			// The participation is one person's: recording another person
			// is another participation, not a correction of this one.
			if err := keepParent(&v.BeneficiaryID, cur.BeneficiaryID, "beneficiary_id"); err != nil {
				return err
			}
			v.OrgID, v.Anonymous = cur.OrgID, cur.Anonymous
			return nil
		},
		access: func(ctx context.Context, h *Handler, v *socialsvc.Participation, write bool) error {
			return h.canParticipation(ctx, v, write)
		},
	}
}

// canParticipation checks access to a participation. A stored one carries
// its beneficiary's organisation (OrgID): its staff read it and its
// editors write it (canBeneficiaries). A new one names a beneficiary: the
// caller must be in the project and may write that beneficiary's records;
// a beneficiary the caller may not read is answered as one that does not
// exist (the store reports a missing one the same way), so that an editor
// cannot learn which IDs another organisation uses.
func (h *Handler) canParticipation(ctx context.Context, v *socialsvc.Participation, write bool) error {
	if v.OrgID != "" {
		return h.canBeneficiaries(ctx, v.OrgID, write)
	}
	if !write {
		return h.canBeneficiaries(ctx, v.OrgID, false)
	}
	if err := h.canProject(ctx, v.ProjectID, false, false); err != nil {
		return err
	}
	if err := h.canAttendee(ctx, v.BeneficiaryID); err != nil {
		if socialsvc.ErrorCode(err) == socialsvc.NotFound {
			return store.MissingRef("beneficiary_id", "beneficiary")
		}
		return err
	}
	if PrincipalFrom(ctx).Role != RoleAdmin && PrincipalFrom(ctx).Role != RoleEditor {
		return errForbidden
	}
	return nil
}

// listParticipations lists a project's participations: the staff of a
// partner see those of their own organisation's beneficiaries, admins
// all of them (or one organisation's with org_id).
func (h *Handler) listParticipations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, o, err := h.projectList(r, store.EntityParticipation)
	if err != nil {
		return err
	}
	ps, err := participationStore(h.store)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ParticipationFilter{ListOptions: o, ProjectID: id, OrgID: socialsvc.OrgID(q.Get("org_id")),
		BeneficiaryID: socialsvc.BeneficiaryID(q.Get("beneficiary_id"))}
	if p := PrincipalFrom(ctx); p.Role != RoleAdmin {
		if f.OrgID == "" {
			f.OrgID = p.OrgID
		}
		if err := h.canBeneficiaries(ctx, f.OrgID, false); err != nil {
			return err
		}
	}
	if f.From, err = queryDate(q, "from"); err != nil {
		return err
	}
	if f.To, err = queryDate(q, "to"); err != nil {
		return err
	}
	pg, err := ps.ListParticipations(ctx, f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

// participationRoutes are the routes of participations: list and create
// under the project, the rest under /api/v1/participations/{id}.
func (h *Handler) participationRoutes() []*route {
	e := participationEntity()
	rs := []*route{
		{Method: "GET", Path: "/api/v1/projects/{id}/participations", Op: "listParticipations", Summary: "List the ESF+ participations of a project", Tag: "participants",
			Desc: "The participations of the caller's own organisation's beneficiaries (any for an admin): personal data, read as beneficiaries are. " +
				"from and to select by entry date.",
			Auth: authUser, Query: withPage(store.EntityParticipation,
				param{Name: "org_id", Type: "string", Desc: "the caller's own organisation unless admin"},
				param{Name: "beneficiary_id", Type: "string"},
				param{Name: "from", Type: "date"}, param{Name: "to", Type: "date"}),
			Resp: typeOf[store.Page[socialsvc.Participation]](), Status: 200, handle: h.listParticipations},
		{Method: "POST", Path: "/api/v1/projects/{id}/participations", Op: "createParticipation", Summary: "Record a beneficiary's ESF+ participation in a project", Tag: "participants",
			Desc: "The data at entry (labour-market status, ISCED level, the special categories, which may be refused) and, once the person has left, the results at exit and six months after. " +
				"Editors record the participations of their own organisation's beneficiaries only; a beneficiary may not have two overlapping participations in one project.",
			Auth: authUser, Body: typeOf[socialsvc.Participation](), Resp: typeOf[socialsvc.Participation](), Status: 201, ETag: true,
			handle: e.createH(h, func(r *http.Request, v *socialsvc.Participation) error {
				v.OrgID = "" // the store copies it from the beneficiary
				return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
			})},
	}
	return append(rs, crud(e, h, "participants", authUser)...)
}
