package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Role is what an actor may write. The store knows four; an actor with
// any other role, or with an ID but no role, may write nothing.
//
// Reading is not the store's to restrict: callers (httpapi) decide what
// an actor may see. Who may write what:
//
//   - RoleSystem (trusted host code: a write whose context carries no
//     actor, or an actor with this role, such as the demo loader) and
//     RoleAdmin (the programme) may write everything the rules allow
//     anyone: they alone create and delete projects, organisations and
//     funds, set exchange rates, make the status decisions (approve,
//     reject, contract, start implementation, close), name or change a
//     project's lead partner, and correct the money, attendance and
//     measurements of a closed project, with a reason (WithReason).
//   - RoleEditor of an organisation writes as its organisation's
//     partnerships allow: the lead partner's editors write the project's
//     data (the project record, partners, work packages, activities,
//     indicators; once the project is submitted, its terms — period,
//     modifications, eligibility, reporting periods, currency, rate rule,
//     flat rates, unit costs, lump sums — are the programme's), add and remove partners other than the lead (the lead
//     partner is never removed, except by the programme from a draft),
//     and submit or withdraw the project; each partner's editors write that
//     partner's budget lines, expenditure and co-financing, and not
//     another partner's; the editors of any partner write the project's
//     events and measurements, and the attendance and ESF+
//     participations of their own organisation's beneficiaries; editors
//     write their own
//     organisation's record and the beneficiaries it controls.
//   - RoleViewer writes nothing.
//
// Whatever the role, a project that is closed, rejected or withdrawn
// takes no new money (budget lines, expenditure, a change of flat rates),
// attendance, participations or measurements: on a rejected or withdrawn project such
// writes fail with conflict (deleting them is still allowed to whoever may
// write them); on a closed project only the programme (admin or system)
// may correct them, and only with a reason, which the audit log records.
type Role string

// The roles the store knows.
const (
	RoleSystem Role = "system"
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
	// RoleController is a first-level controller of a control body (the
	// actor's OrgID): it moves into control, certifies and returns the
	// reports of partners that name its body (socialsvc.Partner
	// ControlBody), through the cycle's steps (TransitionPartnerReport,
	// ControlPartnerReport), and writes nothing else.
	RoleController Role = "controller"
)

// Roles lists the roles the store knows.
var Roles = []Role{RoleSystem, RoleAdmin, RoleEditor, RoleViewer, RoleController}

// Valid reports whether r is a role the store knows.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ruleActor is the actor the rules apply to: ActorFrom, except that an
// actor given without an ID keeps the rights of its role and
// organisation (the log records it as "system", but it is not trusted
// code).
func ruleActor(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.ID == "" && (a.Role != "" || a.OrgID != "") {
		return a
	}
	return ActorFrom(ctx)
}

// effectiveRole is the role the rules apply to a: the system actor (no
// actor in the context) has RoleSystem.
func (a Actor) effectiveRole() Role {
	if a.Role == "" && a.ID == SystemID {
		return RoleSystem
	}
	return a.Role
}

// Programme reports whether a writes for the programme: an admin or
// trusted system code.
func (a Actor) Programme() bool {
	r := a.effectiveRole()
	return r == RoleAdmin || r == RoleSystem
}

// forbidden is the error of a write the actor's role or organisation does
// not allow.
func forbidden(field, rule, id string, args socialsvc.Args) error {
	return socialsvc.NewError(socialsvc.Forbidden, id, args, socialsvc.NewFieldError(field, rule, id, args))
}

var (
	errProgrammeOnly = forbidden("", "programme", "err.programme", nil)
	errLeadOnly      = forbidden("project_id", "lead_partner", "err.project_id.lead_partner", nil)
	errOwnPartner    = forbidden("partner_id", "own_partner", "err.partner_id.own_partner", nil)
	errPartnerOnly   = forbidden("project_id", "partner", "err.project_id.partner", nil)
	errOwnOrg        = forbidden("org_id", "own_organisation", "err.org_id.own_organisation", nil)
	errNoRole        = forbidden("", "role", "err.role", nil)
	errStatusDecide  = forbidden("status", "programme_decision", "err.status.programme_decision", nil)
	errLeadRole      = forbidden("role", "lead_partner", "err.role.lead_partner", nil)
	errClosedPartner = forbidden("project_id", "closed", "err.project_id.closed", nil)
)

// frozen reports whether a project in status s takes no new money,
// attendance or measurements.
func frozen(s socialsvc.Status) bool {
	return s == socialsvc.StatusClosed || s == socialsvc.StatusRejected || s == socialsvc.StatusWithdrawn
}

// CheckWrite applies the write rules (see Role) to a write that replaces
// old with v: a create has old nil, a delete has v nil; an erasure passes
// the record as both. old and v are pointers to the library's types
// (*socialsvc.Project, *socialsvc.Expenditure, ..., *socialsvc.Rate for
// PutRate). Drivers call it inside the write's transaction, through View,
// before the CheckXxx rules and before anything is written, so that a
// refused write changes nothing, the audit log included. It returns a
// forbidden *socialsvc.Error when the actor (ActorFrom) may not make the
// write, conflict when the project's status refuses it, and invalid for a
// reason that is too long.
//
// References that do not exist are left to the CheckXxx functions, which
// report them as invalid. The writes RecomputeFlatRates makes are not
// checked again: they follow from a write that was.
func CheckWrite(ctx context.Context, s Store, old, v any) error {
	if isRecomputing(ctx) || inCycleStep(ctx) || anonymising(ctx) {
		return nil
	}
	if len(ReasonFrom(ctx)) > MaxReasonLen {
		return socialsvc.FieldErr("reason", "max", "err.reason.max")
	}
	a := ruleActor(ctx)
	if !a.Programme() && a.effectiveRole() != RoleEditor {
		return errNoRole
	}
	p := policy{ctx: ctx, s: s, a: a}
	rec := v
	if rec == nil {
		rec = old
	}
	switch rec.(type) {
	case *socialsvc.Organisation:
		return p.organisation(ptr[socialsvc.Organisation](old), ptr[socialsvc.Organisation](v))
	case *socialsvc.Fund, *socialsvc.Rate:
		return p.programme()
	case *socialsvc.Project:
		return p.project(ptr[socialsvc.Project](old), ptr[socialsvc.Project](v))
	case *socialsvc.Partner:
		return p.partner(ptr[socialsvc.Partner](old), ptr[socialsvc.Partner](v))
	case *socialsvc.WorkPackage:
		return each(old, v, func(w *socialsvc.WorkPackage) error { return p.lead(w.ProjectID) })
	case *socialsvc.Activity:
		return each(old, v, func(w *socialsvc.Activity) error { return p.lead(w.ProjectID) })
	case *socialsvc.Indicator:
		return each(old, v, func(w *socialsvc.Indicator) error { return p.lead(w.ProjectID) })
	case *socialsvc.Event:
		return each(old, v, func(e *socialsvc.Event) error { return p.member(e.ProjectID) })
	case *socialsvc.Measurement:
		return each(old, v, func(m *socialsvc.Measurement) error { return p.measurement(m, v == nil) })
	case *socialsvc.BudgetLine:
		return each(old, v, func(l *socialsvc.BudgetLine) error { return p.money(l.ProjectID, l.PartnerID, v == nil) })
	case *socialsvc.Expenditure:
		return each(old, v, func(e *socialsvc.Expenditure) error { return p.money(e.ProjectID, e.PartnerID, v == nil) })
	case *socialsvc.Attendance:
		return each(old, v, func(at *socialsvc.Attendance) error { return p.attendance(at, v == nil) })
	case *socialsvc.Beneficiary:
		return each(old, v, func(b *socialsvc.Beneficiary) error { return p.beneficiary(b) })
	case *socialsvc.Participation:
		return each(old, v, func(x *socialsvc.Participation) error { return p.participation(x, v == nil) })
	case *socialsvc.PartnerReport:
		return each(old, v, func(r *socialsvc.PartnerReport) error { return p.report(r.PartnerID, r.ProjectID, v == nil) })
	case *socialsvc.ReportExpenditure:
		return each(old, v, func(l *socialsvc.ReportExpenditure) error { return p.reportLine(l) })
	case *socialsvc.ProjectReport:
		return each(old, v, func(r *socialsvc.ProjectReport) error { return p.lead(r.ProjectID) })
	case *socialsvc.Payment, *socialsvc.Advance:
		return p.programme()
	}
	// Fail closed: a record type the rules do not know is written by
	// nobody until its rule is added here.
	return &socialsvc.Error{Code: socialsvc.Internal, Message: fmt.Sprintf("store.CheckWrite: no write rule for %T", rec)}
}

func ptr[T any](v any) *T {
	t, _ := v.(*T)
	return t
}

// each applies rule to old and v where they are set (and to v only when
// both are the same record).
func each[T any](old, v any, rule func(*T) error) error {
	o, n := ptr[T](old), ptr[T](v)
	if o != nil {
		if err := rule(o); err != nil {
			return err
		}
	}
	if n != nil && n != o {
		return rule(n)
	}
	return nil
}

// policy evaluates the rules for one actor, reading through s.
type policy struct {
	ctx context.Context
	s   Store
	a   Actor
}

func (p policy) programme() error {
	if p.a.Programme() {
		return nil
	}
	return errProgrammeOnly
}

// partners returns the partners of a project whose organisation is the
// actor's.
func (p policy) ownPartners(project socialsvc.ProjectID) ([]socialsvc.Partner, error) {
	if p.a.OrgID == "" || project == "" {
		return nil, nil
	}
	f := PartnerFilter{ProjectID: project, OrgID: p.a.OrgID, ListOptions: ListOptions{Limit: MaxLimit}}
	var out []socialsvc.Partner
	for {
		pg, err := p.s.ListPartners(p.ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out, nil
		}
		f.Cursor = pg.NextCursor
	}
}

// isLead reports whether the actor is an editor of the project's lead
// partner.
func (p policy) isLead(project socialsvc.ProjectID) (bool, error) {
	own, err := p.ownPartners(project)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(own, func(x socialsvc.Partner) bool { return x.Role == socialsvc.RoleLead }), nil
}

// lead allows the programme and the lead partner's editors.
func (p policy) lead(project socialsvc.ProjectID) error {
	if p.a.Programme() {
		return nil
	}
	ok, err := p.isLead(project)
	if err != nil || ok {
		return err
	}
	return errLeadOnly
}

// member allows the programme and the editors of any partner.
func (p policy) member(project socialsvc.ProjectID) error {
	if p.a.Programme() {
		return nil
	}
	own, err := p.ownPartners(project)
	if err != nil || len(own) > 0 {
		return err
	}
	return errPartnerOnly
}

// project returns the project id, or ok false when it does not exist (the
// CheckXxx rules report the reference).
func (p policy) getProject(id socialsvc.ProjectID) (socialsvc.Project, bool, error) {
	if id == "" {
		return socialsvc.Project{}, false, nil
	}
	prj, err := p.s.GetProject(p.ctx, id)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return socialsvc.Project{}, false, nil
	}
	return prj, err == nil, err
}

// status applies the lifecycle rule to a write of money, attendance or
// measurements in a project: closed, rejected and withdrawn projects take
// none, except the programme's corrections of a closed project, which
// need a reason. del is true for deletes, which rejected and withdrawn
// projects allow.
func (p policy) status(project socialsvc.ProjectID, del bool) error {
	return p.statusOf(project, del, "money, attendance or measurements", "err.project_id.status")
}

// statusOf is status with the words (English, for the summary) and the
// catalogue id of what the project takes no more.
func (p policy) statusOf(project socialsvc.ProjectID, del bool, what, id string) error {
	prj, ok, err := p.getProject(project)
	if err != nil || !ok || !frozen(prj.Status) {
		return err
	}
	if prj.Status != socialsvc.StatusClosed {
		if del {
			return nil
		}
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a " + string(prj.Status) + " project takes no new " + what,
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("project_id", "status", id, socialsvc.Args{"Status": prj.Status})}}
	}
	if !p.a.Programme() {
		return errClosedPartner
	}
	if ReasonFrom(p.ctx) == "" {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the project is closed: a correction needs a reason",
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("reason", "required", "err.reason.required_3", nil)}}
	}
	return nil
}

func (p policy) organisation(old, v *socialsvc.Organisation) error {
	switch {
	case p.a.Programme():
		return nil
	case old == nil || v == nil:
		// Creating and deleting organisations is the programme's.
		return errProgrammeOnly
	case p.a.OrgID != "" && old.ID == p.a.OrgID && v.ID == old.ID:
		return nil
	}
	return errOwnOrg
}

// project: the programme creates and deletes projects and decides their
// status; the lead partner's editors change the project's data and submit
// or withdraw it.
func (p policy) project(old, v *socialsvc.Project) error {
	if old == nil || v == nil {
		return p.programme()
	}
	// A move the lifecycle does not allow is CheckProject's conflict,
	// whoever tries it.
	if old.Status != v.Status && old.Status.CanTransition(v.Status) &&
		v.Status != socialsvc.StatusSubmitted && v.Status != socialsvc.StatusWithdrawn {
		if err := p.programme(); err != nil {
			return errStatusDecide
		}
	}
	if err := p.lead(old.ID); err != nil {
		return err
	}
	if old.Status != socialsvc.StatusDraft && !p.a.Programme() {
		if field := changedTerm(old, v); field != "" {
			return forbidden(field, "contract_terms", "err.contract_terms", nil)
		}
	}
	if frozen(old.Status) && !flatRatesSame(old.FlatRates, v.FlatRates) {
		// Flat rates move the computed budget: money.
		return p.status(old.ID, false)
	}
	return nil
}

// changedTerm returns the JSON name of the first of a project's terms
// that differs between old and v, or "". The terms are what the money
// rules are computed from: in Jems the applicant proposes them, and once
// the application is submitted only the programme changes them (by a
// contract modification).
func changedTerm(old, v *socialsvc.Project) string {
	terms := []struct {
		field string
		a, b  any
	}{
		{"programme", old.Programme, v.Programme}, {"call", old.Call, v.Call},
		{"start", old.Start, v.Start}, {"end", old.End, v.End}, {"modifications", old.Modifications, v.Modifications},
		{"eligibility", old.Eligibility, v.Eligibility}, {"currency", old.Currency, v.Currency}, {"periods", old.Periods, v.Periods},
		{"flat_rates", old.FlatRates, v.FlatRates}, {"rate_rule", old.RateRule, v.RateRule}, {"planning_rate", old.PlanningRate, v.PlanningRate},
		{"unit_costs", old.UnitCosts, v.UnitCosts}, {"lump_sums", old.LumpSums, v.LumpSums}, {"flexibility_percent", old.FlexibilityPercent, v.FlexibilityPercent},
	}
	for _, t := range terms {
		a, errA := json.Marshal(t.a)
		b, errB := json.Marshal(t.b)
		if errA != nil || errB != nil || !bytes.Equal(normalJSON(a), normalJSON(b)) {
			return t.field
		}
	}
	return ""
}

// normalJSON makes an empty list and an absent one the same term.
func normalJSON(b []byte) []byte {
	if string(b) == "[]" {
		return []byte("null")
	}
	return b
}

func flatRatesSame(a, b []socialsvc.FlatRate) bool {
	return slices.EqualFunc(a, b, func(x, y socialsvc.FlatRate) bool {
		return x.Kind == y.Kind && x.RatePercent.Equal(y.RatePercent)
	})
}

// partner: the lead partner's editors add, change and remove partners
// other than the lead; the lead partner itself is the programme's to name
// or change and cannot be removed; a partner's co-financing is written by
// its own editors (and the programme), not by the lead's for it.
func (p policy) partner(old, v *socialsvc.Partner) error {
	switch {
	case old == nil: // create
		if v.Role == socialsvc.RoleLead && !p.a.Programme() {
			return errLeadRole
		}
		if err := p.lead(v.ProjectID); err != nil {
			return err
		}
		return p.funding(nil, v)
	case v == nil: // delete
		if err := p.lead(old.ProjectID); err != nil {
			return err
		}
		if old.Role == socialsvc.RoleLead {
			if p.a.Programme() {
				// Before submission nothing has been decided about the
				// partnership: the programme may take a draft apart.
				prj, ok, err := p.getProject(old.ProjectID)
				if err != nil || (ok && prj.Status == socialsvc.StatusDraft) {
					return err
				}
			}
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the lead partner cannot be removed from its project",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("role", "lead_partner", "err.role.lead_partner_2", nil)}}
		}
		return nil
	}
	structural := old.ProjectID != v.ProjectID || old.OrgID != v.OrgID || old.Role != v.Role || old.Number != v.Number
	if structural {
		if (old.Role == socialsvc.RoleLead || v.Role == socialsvc.RoleLead) && (old.Role != v.Role || old.OrgID != v.OrgID || old.ProjectID != v.ProjectID) && !p.a.Programme() {
			return errLeadRole
		}
		if err := p.lead(old.ProjectID); err != nil {
			return err
		}
		if err := p.lead(v.ProjectID); err != nil {
			return err
		}
	}
	if err := p.funding(old, v); err != nil {
		return err
	}
	if !structural && fundingSame(old.Funding, v.Funding) {
		// Nothing the rules tell apart changed: the partner's own editors
		// or the lead's may save it.
		if err := p.own(old); err == nil {
			return nil
		}
		return p.lead(old.ProjectID)
	}
	return nil
}

func fundingSame(a, b []socialsvc.CoFinancing) bool {
	return slices.EqualFunc(a, b, func(x, y socialsvc.CoFinancing) bool {
		return x.FundID == y.FundID && x.RatePercent.Equal(y.RatePercent)
	})
}

// funding allows a change of a partner's co-financing to the programme
// and the partner's own editors. A new partner's co-financing is its
// creator's (the lead partner's editors, who add it).
func (p policy) funding(old, v *socialsvc.Partner) error {
	if old == nil || fundingSame(old.Funding, v.Funding) {
		return nil
	}
	return p.own(old)
}

// own allows the programme and the editors of the partner's organisation.
func (p policy) own(part *socialsvc.Partner) error {
	if p.a.Programme() || (p.a.OrgID != "" && p.a.OrgID == part.OrgID) {
		return nil
	}
	return errOwnPartner
}

// money: budget lines and expenditure of a partner are its own editors'
// (and the programme's), in a project whose status takes them.
func (p policy) money(project socialsvc.ProjectID, partner socialsvc.PartnerID, del bool) error {
	if !p.a.Programme() {
		part, err := p.s.GetPartner(p.ctx, partner)
		if socialsvc.ErrorCode(err) == socialsvc.NotFound {
			// Only an existing partner of the actor's organisation can be
			// written; whether the reference exists is CheckXxx's to say.
			return p.member(project)
		}
		if err != nil {
			return err
		}
		if err := p.own(&part); err != nil {
			return err
		}
	}
	return p.status(project, del)
}

// report: a partner's reports are its own editors' (and the
// programme's), in a project whose status takes money.
func (p policy) report(partner socialsvc.PartnerID, project socialsvc.ProjectID, del bool) error {
	return p.money(project, partner, del)
}

// reportLine: the lines of a report are its partner's editors'.
func (p policy) reportLine(l *socialsvc.ReportExpenditure) error {
	c, ok := p.s.(Cycle)
	if !ok {
		return nil // CheckReportLine reports the missing capability
	}
	r, err := c.GetPartnerReport(p.ctx, l.ReportID)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		if p.a.Programme() {
			return nil // CheckReportLine reports the reference
		}
		return errOwnPartner
	}
	if err != nil {
		return err
	}
	return p.money(r.ProjectID, r.PartnerID, false)
}

func (p policy) measurement(m *socialsvc.Measurement, del bool) error {
	project := m.ProjectID
	if project == "" {
		ind, err := p.s.GetIndicator(p.ctx, m.IndicatorID)
		if socialsvc.ErrorCode(err) == socialsvc.NotFound {
			return nil // CheckMeasurement reports the reference
		}
		if err != nil {
			return err
		}
		project = ind.ProjectID
	}
	if err := p.member(project); err != nil {
		return err
	}
	return p.status(project, del)
}

// attendance: the editors of any partner record the attendance of their
// own organisation's beneficiaries.
func (p policy) attendance(at *socialsvc.Attendance, del bool) error {
	ev, err := p.s.GetEvent(p.ctx, at.EventID)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return nil // CheckAttendance reports the reference
	}
	if err != nil {
		return err
	}
	if !p.a.Programme() {
		if err := p.member(ev.ProjectID); err != nil {
			return err
		}
		b, err := p.s.GetBeneficiary(p.ctx, at.BeneficiaryID)
		if err != nil && socialsvc.ErrorCode(err) != socialsvc.NotFound {
			return err
		}
		if err == nil && b.OrgID != p.a.OrgID {
			return errOwnOrg
		}
	}
	return p.status(ev.ProjectID, del)
}

var errOwnBeneficiary = forbidden("beneficiary_id", "own_organisation", "err.beneficiary_id.forbidden", nil)

// participation: the editors of any partner record the participations of
// their own organisation's beneficiaries (as attendance), in a project
// whose status takes them: closed, rejected and withdrawn projects take
// no new participations (see Role).
func (p policy) participation(x *socialsvc.Participation, del bool) error {
	if !p.a.Programme() {
		if err := p.member(x.ProjectID); err != nil {
			return err
		}
		// The organisation is the beneficiary's, whatever a new record
		// says; a stored record keeps it in OrgID.
		org := x.OrgID
		b, err := p.s.GetBeneficiary(p.ctx, x.BeneficiaryID)
		switch {
		case err == nil:
			org = b.OrgID
		case socialsvc.ErrorCode(err) != socialsvc.NotFound:
			return err
		}
		// A beneficiary that does not exist is CheckParticipation's to
		// report.
		if org != "" && org != p.a.OrgID {
			return errOwnBeneficiary
		}
	}
	return p.statusOf(x.ProjectID, del, "participations", "err.project_id.status_participations")
}

// beneficiary: an organisation's editors write the beneficiaries it
// controls, and link them only to projects the organisation is a partner
// of.
func (p policy) beneficiary(b *socialsvc.Beneficiary) error {
	if p.a.Programme() {
		return nil
	}
	if p.a.OrgID == "" || b.OrgID != p.a.OrgID {
		return errOwnOrg
	}
	if b.ProjectID != "" {
		if _, ok, err := p.getProject(b.ProjectID); err != nil || !ok {
			return err
		}
		return p.member(b.ProjectID)
	}
	return nil
}

// CheckProjectMember reports whether the actor in ctx may write anything
// of project at all: the programme, or an editor of one of the project's
// partners (forbidden otherwise). It is the least every write of a
// project's records needs; CheckWrite then decides each record. Callers
// (httpapi, a host's own pages) use it to offer editing or to refuse a
// request before reading its body.
func CheckProjectMember(ctx context.Context, s Store, project socialsvc.ProjectID) error {
	a := ruleActor(ctx)
	if !a.Programme() && a.effectiveRole() != RoleEditor {
		return errNoRole
	}
	return policy{ctx: ctx, s: s, a: a}.member(project)
}
