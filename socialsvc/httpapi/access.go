package httpapi

import (
	"context"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Published reports whether a project in status s is public: approved or
// later in the lifecycle. Drafts, submissions under evaluation, rejected
// and withdrawn projects are seen by their partners and admins only.
func Published(s socialsvc.Status) bool {
	switch s {
	case socialsvc.StatusApproved, socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed:
		return true
	}
	return false
}

// projectOrgs returns the organisations that are partners (of any role)
// of a project.
func projectOrgs(ctx context.Context, s store.Store, id socialsvc.ProjectID) ([]socialsvc.OrgID, error) {
	var out []socialsvc.OrgID
	f := store.PartnerFilter{ProjectID: id, ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := s.ListPartners(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, p := range pg.Items {
			out = append(out, p.OrgID)
		}
		if pg.NextCursor == "" {
			return out, nil
		}
		f.Cursor = pg.NextCursor
	}
}

var errNotPublished = &socialsvc.Error{Code: socialsvc.NotFound, Message: "project not found"}

// canProject checks access to a project and what belongs to it. Admins
// may do everything; the staff of the project's partners read it (a newly
// added partner reads all of the project's records from the moment it is
// added, its partners' budgets and expenditure included, as every partner
// does); anonymous callers may read published projects where public is
// true (the routes that serve published aggregates) and are asked to
// authenticate elsewhere. For writes it applies the least of the store's
// rules (store.CheckProjectMember: an editor of a partner); which record
// a partner may write is the store's to decide when the write is made. A
// project the caller may not even see (unpublished, not a partner) is not
// found, as a missing one is; forbidden is for a project the caller can
// see but may not use that way.
func (h *Handler) canProject(ctx context.Context, id socialsvc.ProjectID, write, public bool) error {
	p := PrincipalFrom(ctx)
	if p.Role == RoleAdmin {
		return nil
	}
	if !write && public {
		// Published aggregates are public: anyone may read them, whatever
		// their organisation.
		prj, err := h.store.GetProject(ctx, id)
		if err != nil {
			return err
		}
		if Published(prj.Status) {
			return nil
		}
		if p.Anonymous() {
			return errNotPublished
		}
	}
	if p.Anonymous() {
		return &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "this needs a bearer token"}
	}
	member, err := h.member(ctx, p, id)
	if err != nil {
		return err
	}
	if !member {
		prj, err := h.store.GetProject(ctx, id)
		if err != nil {
			return err
		}
		if !Published(prj.Status) {
			// The caller may not read the project at all: it is not
			// found, exactly as one that does not exist, so that the
			// answer does not confirm that the ID is taken.
			return errNotPublished
		}
		return errForbidden
	}
	if write && p.Role != RoleEditor {
		return errForbidden
	}
	if write {
		// Who writes what is the store's rule (store.CheckWrite); here
		// only the least of it, so that a caller who may write nothing in
		// the project is refused before its body is read.
		return store.CheckProjectMember(ctx, h.store, id)
	}
	return nil
}

// canRecordOf is canProject for the routes addressed by the ID of a
// record of the project (an event's attendance, an indicator's
// measurements): a caller that may not read the record gets the store's
// not-found answer for it (label " not found"), as for an ID that does not
// exist; a caller that may read it but not write it is forbidden.
func (h *Handler) canRecordOf(ctx context.Context, id socialsvc.ProjectID, write bool, label string) error {
	err := h.canProject(ctx, id, write, false)
	switch socialsvc.ErrorCode(err) {
	case socialsvc.Forbidden, socialsvc.NotFound:
	default:
		return err
	}
	if write && h.canProject(ctx, id, false, false) == nil {
		return err
	}
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: label + " not found"}
}

// member reports whether p's organisation is a partner of a project.
//
// A controller is a member of no project, even one its organisation is a
// partner of: its token reads the reports it controls (canPartnerReport)
// and nothing else.
func (h *Handler) member(ctx context.Context, p Principal, id socialsvc.ProjectID) (bool, error) {
	if p.OrgID == "" || p.Role == RoleController {
		return false, nil
	}
	orgs, err := projectOrgs(ctx, h.store, id)
	if err != nil {
		return false, err
	}
	return slices.Contains(orgs, p.OrgID), nil
}

// canBeneficiaries checks access to the beneficiaries an organisation
// controls: its own staff read them, and writes follow the store's rule
// (store.CheckWrite: the organisation's editors and admins).
func (h *Handler) canBeneficiaries(ctx context.Context, org socialsvc.OrgID, write bool) error {
	p := PrincipalFrom(ctx)
	switch {
	case p.Role == RoleAdmin:
		return nil
	case p.Anonymous():
		return &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "this needs a bearer token"}
	case p.OrgID == "" || p.OrgID != org || p.Role == RoleController:
		return errForbidden
	case write:
		return store.CheckWrite(ctx, h.store, nil, &socialsvc.Beneficiary{OrgID: org})
	}
	return nil
}

// canOrganisation checks writes to an organisation's record with the
// store's rule (store.CheckWrite: admins, and editors of that
// organisation).
func (h *Handler) canOrganisation(ctx context.Context, org socialsvc.OrgID) error {
	o := socialsvc.Organisation{ID: org}
	return store.CheckWrite(ctx, h.store, &o, &o)
}

// canOrgReports checks access to an organisation's portfolio: admins and
// the organisation's own staff.
func (h *Handler) canOrgReports(ctx context.Context, org socialsvc.OrgID) error {
	p := PrincipalFrom(ctx)
	if p.Role == RoleAdmin || (p.OrgID != "" && p.OrgID == org && p.Role != RoleController) {
		return nil
	}
	if _, err := h.store.GetOrganisation(ctx, org); err != nil {
		return err
	}
	return errForbidden
}
