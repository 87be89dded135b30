package httpapi

import (
	"context"
	"net/http"
	"net/url"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// The reporting and payment cycle (issue 14): partner reports and their
// lines, control, project reports, payments and advances. The handlers
// only translate: who may make a step, and every money rule, is the
// store's (store.TransitionPartnerReport, store.ControlPartnerReport,
// store.TransitionProjectReport, store.RecordPayment, store.CarryParked
// and the CheckXxx functions the drivers call).

// ReportTransition is the body of a partner report's status change: the
// status to move to, and the reason a return or a reopening needs.
type ReportTransition struct {
	To     socialsvc.ReportStatus `json:"to"`
	Reason string                 `json:"reason,omitempty"`
}

// ProjectReportTransition is the body of a project report's status
// change: the status to move to, and the reason a return needs.
type ProjectReportTransition struct {
	To     socialsvc.ProjectReportStatus `json:"to"`
	Reason string                        `json:"reason,omitempty"`
}

// ControlDecisions is the body of POST /api/v1/partner-reports/{id}/control:
// the controller's decision on each line it decides on.
type ControlDecisions struct {
	Lines []store.LineDecision `json:"lines"`
}

// PaymentRecord is the body of PUT /api/v1/payments/{id}: what the
// programme paid and when.
type PaymentRecord struct {
	Paid   socialsvc.Money `json:"paid"`
	PaidOn socialsvc.Date  `json:"paid_on"`
}

// CarryRequest is the body of POST /api/v1/partner-reports/{id}/carried-lines:
// the earlier certified report whose parked lines are carried.
type CarryRequest struct {
	From socialsvc.PartnerReportID `json:"from"`
}

// linesPage is a page of report lines.
type linesPage = store.Page[socialsvc.ReportExpenditure]

// controlQueue are the statuses a controller's queue lists by default.
var controlQueue = []socialsvc.ReportStatus{socialsvc.ReportSubmitted, socialsvc.ReportInControl}

func (h *Handler) cycle() (store.Cycle, error) { return store.AsCycle(h.store) }

var errReportNotFound = &socialsvc.Error{Code: socialsvc.NotFound, Message: "partner report not found"}

// controlsReport reports whether p controls the reports of the partner of
// r: a controller of the partner's control body, for a report its partner
// has submitted (a draft is the partner's own work).
func (h *Handler) controlsReport(ctx context.Context, p Principal, r *socialsvc.PartnerReport) (bool, error) {
	if p.Role != RoleController || p.OrgID == "" || r.Status == socialsvc.ReportDraft {
		return false, nil
	}
	part, err := h.store.GetPartner(ctx, r.PartnerID)
	if err != nil {
		return false, err
	}
	return part.ControlBody == p.OrgID, nil
}

// canPartnerReport checks access to a partner report: the project's
// staff read it (canProject), the controllers of its partner's control
// body read it once submitted; writes are refused here only to those who
// may write nothing in the project, since which report a partner may
// write is the store's rule. A caller that may not read the report gets
// not found, as for one that does not exist.
func (h *Handler) canPartnerReport(ctx context.Context, r *socialsvc.PartnerReport, write bool) error {
	p := PrincipalFrom(ctx)
	if ok, err := h.controlsReport(ctx, p, r); err != nil || ok {
		if ok && write {
			return errForbidden
		}
		return err
	}
	if p.Role == RoleController {
		return errReportNotFound
	}
	err := h.canProject(ctx, r.ProjectID, write, false)
	switch socialsvc.ErrorCode(err) {
	case socialsvc.Forbidden, socialsvc.NotFound:
	default:
		return err
	}
	if write && h.canProject(ctx, r.ProjectID, false, false) == nil {
		return err
	}
	return errReportNotFound
}

// reportFor reads the partner report of the path and checks that the
// caller may act on it: to read it, or to make a step (step true), which
// controllers of its body may and the store then decides.
func (h *Handler) reportFor(r *http.Request, step bool) (socialsvc.PartnerReport, error) {
	ctx := r.Context()
	c, err := h.cycle()
	if err != nil {
		return socialsvc.PartnerReport{}, err
	}
	rep, err := c.GetPartnerReport(ctx, socialsvc.PartnerReportID(r.PathValue("id")))
	if err != nil {
		return rep, err
	}
	p := PrincipalFrom(ctx)
	if step {
		if ok, err := h.controlsReport(ctx, p, &rep); err != nil || ok {
			return rep, err
		}
		if p.Role == RoleController {
			return rep, errReportNotFound
		}
		// Anyone who may read the report reaches the store, which says
		// who may make which step.
		if err := h.canPartnerReport(ctx, &rep, false); err != nil {
			return rep, err
		}
		if p.Role != RoleEditor && p.Role != RoleAdmin {
			return rep, errForbidden
		}
		return rep, nil
	}
	return rep, h.canPartnerReport(ctx, &rep, false)
}

// stepVersion is the version a step applies to: the one If-Match names
// (412 when stale), else the current one.
func stepVersion(r *http.Request, current int64) (int64, error) {
	if err := optionalIfMatch(r, current); err != nil {
		return 0, err
	}
	return current, nil
}

// cycleEntities are the generic handlers' descriptions of the cycle's
// records that are written as records: partner reports and their lines.
func (h *Handler) cycleEntities() (*entity[socialsvc.PartnerReport], *entity[socialsvc.ReportExpenditure]) {
	cyc := func(s store.Store) store.Cycle {
		c, err := store.AsCycle(s)
		if err != nil {
			return nil
		}
		return c
	}
	noCycle := func() error { _, err := store.AsCycle(h.store); return err }
	rep := &entity[socialsvc.PartnerReport]{
		label: "partner report", path: "/api/v1/partner-reports",
		readOnly: []string{"number", "status", "rate_month", "submitted_on", "control_on", "certified_on", "history"},
		get: func(ctx context.Context, s store.Store, id string) (socialsvc.PartnerReport, error) {
			if c := cyc(s); c != nil {
				return c.GetPartnerReport(ctx, socialsvc.PartnerReportID(id))
			}
			return socialsvc.PartnerReport{}, noCycle()
		},
		create: func(s store.Store, ctx context.Context, v *socialsvc.PartnerReport) error {
			if c := cyc(s); c != nil {
				return c.CreatePartnerReport(ctx, v)
			}
			return noCycle()
		},
		update: func(s store.Store, ctx context.Context, v *socialsvc.PartnerReport) error {
			if c := cyc(s); c != nil {
				return c.UpdatePartnerReport(ctx, v)
			}
			return noCycle()
		},
		del: func(ctx context.Context, s store.Store, id string, v int64) error {
			if c := cyc(s); c != nil {
				return c.DeletePartnerReport(ctx, socialsvc.PartnerReportID(id), v)
			}
			return noCycle()
		},
		id:  func(v *socialsvc.PartnerReport) string { return string(v.ID) },
		ver: func(v *socialsvc.PartnerReport) int64 { return v.Version },
		keys: func(v, cur *socialsvc.PartnerReport) error {
			if v.Status != "" && v.Status != cur.Status {
				return socialsvc.FieldErr("status", "transition", "err.status.transition_3")
			}
			v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
			v.Number, v.Status, v.RateMonth, v.History = cur.Number, cur.Status, cur.RateMonth, cur.History
			v.SubmittedOn, v.ControlOn, v.CertifiedOn = cur.SubmittedOn, cur.ControlOn, cur.CertifiedOn
			if err := keepParent(&v.ProjectID, cur.ProjectID, "project_id"); err != nil {
				return err
			}
			return keepParent(&v.PartnerID, cur.PartnerID, "partner_id")
		},
		access: func(ctx context.Context, h *Handler, v *socialsvc.PartnerReport, write bool) error {
			if v.ID == "" || v.CreatedAt.IsZero() {
				// A report being created: the project's rule.
				return h.canProject(ctx, v.ProjectID, write, false)
			}
			return h.canPartnerReport(ctx, v, write)
		},
	}
	line := &entity[socialsvc.ReportExpenditure]{
		label: "report line", path: "/api/v1/report-lines", readOnly: []string{"report_id", "parked_from", "converted", "conversion", "control"},
		get: func(ctx context.Context, s store.Store, id string) (socialsvc.ReportExpenditure, error) {
			if c := cyc(s); c != nil {
				return c.GetReportLine(ctx, socialsvc.ExpenditureID(id))
			}
			return socialsvc.ReportExpenditure{}, noCycle()
		},
		create: func(s store.Store, ctx context.Context, v *socialsvc.ReportExpenditure) error {
			if c := cyc(s); c != nil {
				return c.CreateReportLine(ctx, v)
			}
			return noCycle()
		},
		update: func(s store.Store, ctx context.Context, v *socialsvc.ReportExpenditure) error {
			if c := cyc(s); c != nil {
				return c.UpdateReportLine(ctx, v)
			}
			return noCycle()
		},
		del: func(ctx context.Context, s store.Store, id string, v int64) error {
			if c := cyc(s); c != nil {
				return c.DeleteReportLine(ctx, socialsvc.ExpenditureID(id), v)
			}
			return noCycle()
		},
		id:  func(v *socialsvc.ReportExpenditure) string { return string(v.ID) },
		ver: func(v *socialsvc.ReportExpenditure) int64 { return v.Version },
		keys: func(v, cur *socialsvc.ReportExpenditure) error {
			v.ID, v.Version, v.CreatedAt, v.UpdatedAt = cur.ID, cur.Version, cur.CreatedAt, cur.UpdatedAt
			v.ParkedFrom, v.Converted, v.Conversion, v.Control = cur.ParkedFrom, cur.Converted, cur.Conversion, cur.Control
			return keepParent(&v.ReportID, cur.ReportID, "report_id")
		},
		access: func(ctx context.Context, h *Handler, v *socialsvc.ReportExpenditure, write bool) error {
			c, err := h.cycle()
			if err != nil {
				return err
			}
			rep, err := c.GetPartnerReport(ctx, v.ReportID)
			if err != nil {
				if socialsvc.ErrorCode(err) == socialsvc.NotFound {
					return &socialsvc.Error{Code: socialsvc.NotFound, Message: "report line not found"}
				}
				return err
			}
			if err := h.canPartnerReport(ctx, &rep, write); err != nil {
				if socialsvc.ErrorCode(err) == socialsvc.NotFound {
					return &socialsvc.Error{Code: socialsvc.NotFound, Message: "report line not found"}
				}
				return err
			}
			return nil
		},
	}
	return rep, line
}

// cycleRoutes are the routes of the reporting and payment cycle.
func (h *Handler) cycleRoutes() []*route {
	rep, line := h.cycleEntities()
	var rs []*route
	add := func(r ...*route) { rs = append(rs, r...) }
	const tag = "cycle"

	// Partner reports.
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/partner-reports", Op: "listPartnerReports", Summary: "List the partner reports of a project", Tag: tag,
		Desc: "The reports of the project's partners, each of one reporting period, with their status in the cycle (draft, submitted, in_control, certified).",
		Auth: authUser, Query: withPage(store.EntityPartnerReport, param{Name: "partner_id", Type: "string"},
			param{Name: "status", Type: "string", Enum: enumOf(socialsvc.ReportStatuses), Desc: "Only reports in this status."}),
		Resp: typeOf[store.Page[socialsvc.PartnerReport]](), Status: 200, handle: h.listPartnerReports})
	add(&route{Method: "POST", Path: "/api/v1/projects/{id}/partner-reports", Op: "createPartnerReport", Summary: "Add a partner report to a project", Tag: tag,
		Desc: "A new draft of the partner's costs for one reporting period, numbered after the partner's earlier reports. Written by the partner's own editors (or an admin); associated partners report no costs.",
		Auth: authUser, Body: typeOf[socialsvc.PartnerReport](), Resp: typeOf[socialsvc.PartnerReport](), Status: 201, ETag: true,
		handle: rep.createH(h, func(r *http.Request, v *socialsvc.PartnerReport) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		})})
	add(&route{Method: "GET", Path: "/api/v1/partner-reports", Op: "listControlQueue", Summary: "List the partner reports to control", Tag: tag,
		Desc: "A controller's queue: the reports of the partners that name the controller's organisation as their control body, submitted or in control unless ?status= says otherwise (never drafts). " +
			"Admins see every report. Other roles list a project's reports under the project.",
		Auth: authUser, Query: withPage(store.EntityPartnerReport, param{Name: "project_id", Type: "string"}, param{Name: "partner_id", Type: "string"},
			param{Name: "status", Type: "string", Enum: enumOf(socialsvc.ReportStatuses), Desc: "Only reports in this status (default for controllers: submitted and in_control)."}),
		Resp: typeOf[store.Page[socialsvc.PartnerReport]](), Status: 200, handle: h.listControlQueue})
	rc := crud(rep, h, tag, authUser)
	rc[0].Desc = "The partner's staff and the project's read it; the controllers of the partner's control body read it once submitted."
	rc[1].Desc = "Only a draft changes, and only its period and contributions; its status moves with POST /transitions. " + rc[1].Desc
	rc[2].Desc = "Only a draft changes, and only its period and contributions. " + rc[2].Desc
	rc[3].Desc = "Only a draft is deleted, with its lines (409 otherwise). Needs If-Match with the ETag read (428 without it, 412 when it is stale)."
	add(rc...)
	add(&route{Method: "GET", Path: "/api/v1/partner-reports/{id}/summary", Op: "getPartnerReportSummary", Summary: "Get the figures of a partner report", Tag: tag,
		Desc: "Declared, certified, deducted and parked amounts by cost category, with the flat rates computed by the library from the declared and from the certified lines, and the deductions by error type: the figures of the control certificate.",
		Auth: authUser, Resp: typeOf[socialsvc.ReportSums](), Status: 200, handle: h.reportSummary})
	add(&route{Method: "POST", Path: "/api/v1/partner-reports/{id}/transitions", Op: "transitionPartnerReport", Summary: "Move a partner report to another status", Tag: tag,
		Desc: "submitted: by the partner's editors, which converts and freezes the lines; in_control and certified: by the controllers of the partner's control body (certified settles lines without a decision as declared); " +
			"draft: returned by the controller, or withdrawn by the partner before control, with a reason; in_control from certified: reopened by an admin, with a reason. If-Match, when sent, must be the report's ETag.",
		Auth: authUser, Body: typeOf[ReportTransition](), Resp: typeOf[socialsvc.PartnerReport](), Status: 200, ETag: true, IfMatch: ifMatchOptional, handle: h.transitionPartnerReport})
	add(&route{Method: "POST", Path: "/api/v1/partner-reports/{id}/control", Op: "controlPartnerReport", Summary: "Record the control decisions on a report", Tag: tag,
		Desc: "By the controllers of the partner's control body, on a report in control: per line, in sample or not, the certified and deducted amounts (certified + deducted = declared, to the cent), " +
			"the error type of a deduction, a comment, or parked (neither certified nor deducted, carried to a later report). Any wrong decision changes nothing. Then move the report to certified.",
		Auth: authUser, Body: typeOf[ControlDecisions](), Resp: typeOf[socialsvc.PartnerReport](), Status: 200, ETag: true, IfMatch: ifMatchOptional, handle: h.controlPartnerReport})
	add(&route{Method: "GET", Path: "/api/v1/partner-reports/{id}/expenditure", Op: "listReportLines", Summary: "List the lines of a partner report", Tag: tag,
		Desc: "Each line with its conversion once submitted and the controller's decision once controlled. Controllers of the partner's body read them once the report is submitted.",
		Auth: authUser, Query: withPage(store.EntityReportLine), Resp: typeOf[linesPage](), Status: 200, handle: h.listReportLines})
	add(&route{Method: "POST", Path: "/api/v1/partner-reports/{id}/expenditure", Op: "createReportExpenditure", Summary: "Add an expenditure line to a partner report", Tag: tag,
		Desc: "Lines belong to a draft: a report that is submitted takes none (409). A unit cost or lump sum is priced by the library from cost_option and units.",
		Auth: authUser, Body: typeOf[socialsvc.ReportExpenditure](), Resp: typeOf[socialsvc.ReportExpenditure](), Status: 201, ETag: true,
		handle: line.createH(h, func(r *http.Request, v *socialsvc.ReportExpenditure) error {
			return setParent(&v.ReportID, r.PathValue("id"), "report_id")
		})})
	add(&route{Method: "POST", Path: "/api/v1/partner-reports/{id}/imports/expenditure", Op: "importReportExpenditure",
		Summary: "Import the lines of a partner report from a file", Tag: "imports", Desc: importDoc(tabular.ReportExpenditure) + " Lines go into a draft report only (409 otherwise).",
		Auth: authUser, Upload: true, Query: []param{{Name: "errors", Type: "string", Enum: []string{"csv"},
			Desc: "csv: the error report of a refused file as CSV (as Accept: text/csv)"}}, Resp: typeOf[ImportResult](), Status: 201, Produces: []string{"text/csv"},
		handle: h.importReportLines})
	add(&route{Method: "POST", Path: "/api/v1/partner-reports/{id}/carried-lines", Op: "carryParkedLines", Summary: "Add the parked lines of an earlier report", Tag: tag,
		Desc: "Carries the lines the controller parked in an earlier certified report of the same partner into this draft: each becomes a new line, unconverted and without a decision, whose parked_from names the line it carries. " +
			"A parked line is carried once. By the partner's editors. If-Match, when sent, must be this report's ETag.",
		Auth: authUser, Body: typeOf[CarryRequest](), Resp: typeOf[linesPage](), Status: 201, IfMatch: ifMatchOptional, handle: h.carryParked})
	lc := crud(line, h, tag, authUser)
	lc[1].Desc = "Lines of a draft report only (409 otherwise). " + lc[1].Desc
	lc[2].Desc = "Lines of a draft report only (409 otherwise). " + lc[2].Desc
	lc[3].Desc = "Lines of a draft report only (409 otherwise). Needs If-Match with the ETag read (428 without it, 412 when it is stale)."
	add(lc...)

	// Project reports.
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/project-reports", Op: "listProjectReports", Summary: "List the project reports of a project", Tag: tag,
		Auth: authUser, Query: withPage(store.EntityProjectReport), Resp: typeOf[store.Page[socialsvc.ProjectReport]](), Status: 200, handle: h.listProjectReports})
	add(&route{Method: "POST", Path: "/api/v1/projects/{id}/project-reports", Op: "createProjectReport", Summary: "Add a project report to a project", Tag: tag,
		Desc: "The lead partner's bundle of certified partner reports of one period, as a draft. By the lead partner's editors (or an admin); each partner report must be certified, of the period, and in no other project report that was not returned.",
		Auth: authUser, Body: typeOf[socialsvc.ProjectReport](), Resp: typeOf[socialsvc.ProjectReport](), Status: 201, ETag: true, handle: h.createProjectReport})
	add(&route{Method: "GET", Path: "/api/v1/project-reports/{id}", Op: "getProjectReport", Summary: "Get a project report", Tag: tag,
		Auth: authUser, Resp: typeOf[socialsvc.ProjectReport](), Status: 200, ETag: true, handle: h.getProjectReport})
	add(&route{Method: "POST", Path: "/api/v1/project-reports/{id}/transitions", Op: "transitionProjectReport", Summary: "Move a project report to another status", Tag: tag,
		Desc: "submitted: by the lead partner's editors; verified or returned (with a reason): by an admin for the programme. Verification creates the payments, one per partner and fund, and settles advances. If-Match, when sent, must be the report's ETag.",
		Auth: authUser, Body: typeOf[ProjectReportTransition](), Resp: typeOf[socialsvc.ProjectReport](), Status: 200, ETag: true, IfMatch: ifMatchOptional, handle: h.transitionProjectReport})

	// Payments and advances.
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/payments", Op: "listPayments", Summary: "List the payments of a project", Tag: tag,
		Desc: "One payment per partner and fund of each verified project report: the fund's share of the partner's certified total, rounded down per partner and fund, less the advance it settles.",
		Auth: authUser, Query: withPage(store.EntityPayment), Resp: typeOf[store.Page[socialsvc.Payment]](), Status: 200, handle: h.listPayments})
	add(&route{Method: "GET", Path: "/api/v1/payments/{id}", Op: "getPayment", Summary: "Get a payment", Tag: tag,
		Auth: authUser, Resp: typeOf[socialsvc.Payment](), Status: 200, ETag: true, handle: h.getPayment})
	add(&route{Method: "PUT", Path: "/api/v1/payments/{id}", Op: "recordPayment", Summary: "Record what was paid of a payment", Tag: tag,
		Desc: "By an admin for the programme, once (409 the second time): an amount from zero up to the amount due, on a day not before the project report's verification. Needs If-Match with the ETag read (428 without it, 412 when it is stale).",
		Auth: authAdmin, Body: typeOf[PaymentRecord](), Resp: typeOf[socialsvc.Payment](), Status: 200, ETag: true, IfMatch: ifMatchRequired, handle: h.recordPayment})
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/advances", Op: "listAdvances", Summary: "List the advances of a project", Tag: tag,
		Auth: authUser, Query: withPage(store.EntityAdvance), Resp: typeOf[store.Page[socialsvc.Advance]](), Status: 200, handle: h.listAdvances})
	add(&route{Method: "POST", Path: "/api/v1/projects/{id}/advances", Op: "createAdvance", Summary: "Record an advance paid to a partner", Tag: tag,
		Desc: "By an admin for the programme: an amount paid to a partner for a fund before any report, settled against its later payments. A partner's advances for a fund stay within its share of the fund in the budget.",
		Auth: authAdmin, Body: typeOf[socialsvc.Advance](), Resp: typeOf[socialsvc.Advance](), Status: 201, ETag: true, handle: h.createAdvance})

	// The reports of partner and project reports (cyclereports.go).
	add(h.cycleReportRoutes()...)
	return rs
}

func (h *Handler) listPartnerReports(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityPartnerReport)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.PartnerReportFilter{ProjectID: id, PartnerID: socialsvc.PartnerID(q.Get("partner_id")), ListOptions: o}
	if f.Status, err = queryReportStatus(q); err != nil {
		return err
	}
	pg, err := c.ListPartnerReports(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func queryReportStatus(q url.Values) (socialsvc.ReportStatus, error) {
	s := socialsvc.ReportStatus(q.Get("status"))
	if s != "" && !s.Valid() {
		return "", socialsvc.FieldErr("status", "oneof", "err.status.oneof")
	}
	return s, nil
}

func (h *Handler) listControlQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	o, err := listOptions(q, store.EntityPartnerReport)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	f := store.PartnerReportFilter{ProjectID: socialsvc.ProjectID(q.Get("project_id")), PartnerID: socialsvc.PartnerID(q.Get("partner_id")), ListOptions: o}
	if f.Status, err = queryReportStatus(q); err != nil {
		return err
	}
	switch p := PrincipalFrom(ctx); p.Role {
	case RoleAdmin:
	case RoleController:
		f.ControlBody = p.OrgID
		if f.Status == "" {
			f.Statuses = controlQueue
		} else if f.Status == socialsvc.ReportDraft {
			// Drafts are the partner's own work: never the controller's.
			return writePage(w, r, store.Page[socialsvc.PartnerReport]{})
		}
	default:
		return &socialsvc.Error{Code: socialsvc.Forbidden, Message: "the queue is the controllers' and the programme's: list a project's reports with GET /api/v1/projects/{id}/partner-reports"}
	}
	pg, err := c.ListPartnerReports(ctx, f)
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) reportSummary(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.reportFor(r, false)
	if err != nil {
		return err
	}
	sums, err := store.SumPartnerReport(r.Context(), h.store, rep.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sums)
}

// stepH serves a step of a cycle record, the same for every step: decode
// the body B and check it (check), read the record T the path names with
// the caller's access (load), take the version If-Match names (412 when
// stale, else the current one: version), make the step in the store
// (run) and answer with the record as the step left it and its ETag.
func stepH[B, T any](w http.ResponseWriter, r *http.Request, check func(*B) error, load func(*http.Request) (T, error),
	version func(*T) int64, run func(ctx context.Context, cur *T, ver int64, b *B) (T, error)) error {
	var b B
	if err := decodeJSON(r, &b); err != nil {
		return err
	}
	if err := check(&b); err != nil {
		return err
	}
	cur, err := load(r)
	if err != nil {
		return err
	}
	ver, err := stepVersion(r, version(&cur))
	if err != nil {
		return err
	}
	out, err := run(r.Context(), &cur, ver, &b)
	if err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, out, version(&out))
}

func requireTo(empty bool) error {
	if empty {
		return socialsvc.FieldErr("to", "required", "err.to.required")
	}
	return nil
}

func partnerReportVersion(r *socialsvc.PartnerReport) int64 { return r.Version }

// partnerReportStep reads the partner report of a step's path.
func (h *Handler) partnerReportStep(r *http.Request) (socialsvc.PartnerReport, error) {
	return h.reportFor(r, true)
}

func (h *Handler) transitionPartnerReport(w http.ResponseWriter, r *http.Request) error {
	return stepH(w, r, func(t *ReportTransition) error { return requireTo(t.To == "") }, h.partnerReportStep, partnerReportVersion,
		func(ctx context.Context, rep *socialsvc.PartnerReport, ver int64, t *ReportTransition) (socialsvc.PartnerReport, error) {
			return store.TransitionPartnerReport(ctx, h.store, rep.ID, ver, t.To, t.Reason)
		})
}

func (h *Handler) controlPartnerReport(w http.ResponseWriter, r *http.Request) error {
	return stepH(w, r, func(d *ControlDecisions) error {
		if len(d.Lines) == 0 {
			return socialsvc.FieldErr("lines", "required", "err.lines.required")
		}
		return nil
	}, h.partnerReportStep, partnerReportVersion,
		func(ctx context.Context, rep *socialsvc.PartnerReport, ver int64, d *ControlDecisions) (socialsvc.PartnerReport, error) {
			return store.ControlPartnerReport(ctx, h.store, rep.ID, ver, d.Lines)
		})
}

func (h *Handler) listReportLines(w http.ResponseWriter, r *http.Request) error {
	o, err := listOptions(r.URL.Query(), store.EntityReportLine)
	if err != nil {
		return err
	}
	rep, err := h.reportFor(r, false)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	pg, err := c.ListReportLines(r.Context(), store.ReportLineFilter{ReportID: rep.ID, ListOptions: o})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) importReportLines(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rep, err := h.reportFor(r, false)
	if err != nil {
		return err
	}
	if err := h.canPartnerReport(ctx, &rep, true); err != nil {
		return err
	}
	body, err := readUpload(r)
	if err != nil {
		return err
	}
	o := tabular.Options{Project: rep.ProjectID, Report: rep.ID, Read: tabular.ReadOptions{MaxBytes: h.opts.MaxUploadBytes}}
	k := tabular.ReportExpenditure
	n, err := func() (int, error) {
		t, err := tabular.ReadBytes(body, o.Read)
		if err != nil {
			return 0, err
		}
		return k.Import(ctx, h.store, t, o)
	}()
	if err != nil {
		if socialsvc.ErrorCode(err) == socialsvc.Invalid && wantsCSV(r) {
			return writeImportErrorsCSV(w, err, langOf(r))
		}
		return err
	}
	return writeJSON(w, http.StatusCreated, ImportResult{Kind: k.Name(), Imported: n})
}

func (h *Handler) carryParked(w http.ResponseWriter, r *http.Request) error {
	var cr CarryRequest
	if err := decodeJSON(r, &cr); err != nil {
		return err
	}
	if cr.From == "" {
		return socialsvc.FieldErr("from", "required", "err.from.required")
	}
	rep, err := h.reportFor(r, false)
	if err != nil {
		return err
	}
	if err := h.canPartnerReport(r.Context(), &rep, true); err != nil {
		return err
	}
	ver, err := stepVersion(r, rep.Version)
	if err != nil {
		return err
	}
	lines, err := store.CarryParked(r.Context(), h.store, cr.From, rep.ID, ver)
	if err != nil {
		return err
	}
	if lines == nil {
		lines = []socialsvc.ReportExpenditure{}
	}
	return writeJSON(w, http.StatusCreated, linesPage{Items: lines})
}

func (h *Handler) listProjectReports(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityProjectReport)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	pg, err := c.ListProjectReports(r.Context(), store.ProjectScope{ProjectID: id, ListOptions: o})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) createProjectReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var pr socialsvc.ProjectReport
	if err := decodeJSON(r, &pr); err != nil {
		return err
	}
	if err := setParent(&pr.ProjectID, r.PathValue("id"), "project_id"); err != nil {
		return err
	}
	if err := h.canProject(ctx, pr.ProjectID, true, false); err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	if err := c.CreateProjectReport(ctx, &pr); err != nil {
		return err
	}
	w.Header().Set("Location", h.opts.Prefix+"/api/v1/project-reports/"+url.PathEscape(string(pr.ID)))
	return writeEntity(w, http.StatusCreated, pr, pr.Version)
}

// projectReportFor reads the project report of the path: not found for a
// caller who may not read its project.
func (h *Handler) projectReportFor(r *http.Request) (socialsvc.ProjectReport, error) {
	c, err := h.cycle()
	if err != nil {
		return socialsvc.ProjectReport{}, err
	}
	pr, err := c.GetProjectReport(r.Context(), socialsvc.ProjectReportID(r.PathValue("id")))
	if err != nil {
		return pr, err
	}
	return pr, h.canRecordOf(r.Context(), pr.ProjectID, false, "project report")
}

func (h *Handler) getProjectReport(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.projectReportFor(r)
	if err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, pr, pr.Version)
}

func (h *Handler) transitionProjectReport(w http.ResponseWriter, r *http.Request) error {
	load := func(r *http.Request) (socialsvc.ProjectReport, error) {
		pr, err := h.projectReportFor(r)
		if err != nil {
			return pr, err
		}
		if p := PrincipalFrom(r.Context()); p.Role != RoleAdmin && p.Role != RoleEditor {
			return pr, errForbidden
		}
		return pr, nil
	}
	return stepH(w, r, func(t *ProjectReportTransition) error { return requireTo(t.To == "") }, load,
		func(pr *socialsvc.ProjectReport) int64 { return pr.Version },
		func(ctx context.Context, pr *socialsvc.ProjectReport, ver int64, t *ProjectReportTransition) (socialsvc.ProjectReport, error) {
			return store.TransitionProjectReport(ctx, h.store, pr.ID, ver, t.To, t.Reason)
		})
}

func (h *Handler) listPayments(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityPayment)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	pg, err := c.ListPayments(r.Context(), store.ProjectScope{ProjectID: id, ListOptions: o})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) paymentFor(r *http.Request) (socialsvc.Payment, error) {
	c, err := h.cycle()
	if err != nil {
		return socialsvc.Payment{}, err
	}
	pay, err := c.GetPayment(r.Context(), socialsvc.PaymentID(r.PathValue("id")))
	if err != nil {
		return pay, err
	}
	return pay, h.canRecordOf(r.Context(), pay.ProjectID, false, "payment")
}

func (h *Handler) getPayment(w http.ResponseWriter, r *http.Request) error {
	pay, err := h.paymentFor(r)
	if err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, pay, pay.Version)
}

func (h *Handler) recordPayment(w http.ResponseWriter, r *http.Request) error {
	if len(r.Header.Values("If-Match")) == 0 {
		return errPreconditionRequired()
	}
	pay, err := h.paymentFor(r)
	if err != nil {
		return err
	}
	if pay.Paid != nil {
		// A second recording is a conflict, whatever the version says.
		return socialsvc.ErrPaymentRecorded
	}
	ver, err := ifMatch(r, pay.Version)
	if err != nil {
		return err
	}
	var rec PaymentRecord
	if err := decodeJSON(r, &rec); err != nil {
		return err
	}
	out, err := store.RecordPayment(r.Context(), h.store, pay.ID, ver, rec.Paid, rec.PaidOn)
	if err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, out, out.Version)
}

func (h *Handler) listAdvances(w http.ResponseWriter, r *http.Request) error {
	id, o, err := h.projectList(r, store.EntityAdvance)
	if err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	pg, err := c.ListAdvances(r.Context(), store.ProjectScope{ProjectID: id, ListOptions: o})
	if err != nil {
		return err
	}
	return writePage(w, r, pg)
}

func (h *Handler) createAdvance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var a socialsvc.Advance
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	if err := setParent(&a.ProjectID, r.PathValue("id"), "project_id"); err != nil {
		return err
	}
	if _, err := h.store.GetProject(ctx, a.ProjectID); err != nil {
		return err
	}
	c, err := h.cycle()
	if err != nil {
		return err
	}
	if err := c.CreateAdvance(ctx, &a); err != nil {
		return err
	}
	return writeEntity(w, http.StatusCreated, a, a.Version)
}
