package store

import (
	"context"
	"iter"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// The reporting and payment cycle (socialsvc: PartnerReport, LineControl,
// ProjectReport, Payment, Advance). A driver stores five small kinds of
// record with versions and the audit log, as every other entity; the
// steps of the cycle, which read and write several records at once, are
// the functions below (TransitionPartnerReport, ControlPartnerReport,
// TransitionProjectReport, RecordPayment), written once over the
// interfaces and run in one transaction, so that every driver and every
// embedder gets the same rules.
//
// Outside those steps a report's status, dates, conversions and control
// decisions are read-only: a driver's Update refuses them (CheckXxx), so
// a caller cannot certify a report by writing its status.

// PartnerReports stores partner reports. Create gives a report the
// partner's next number and status draft; Update changes what a draft's
// partner may change (period, contributions); Delete removes a draft
// with its lines.
type PartnerReports interface {
	CreatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error
	GetPartnerReport(ctx context.Context, id socialsvc.PartnerReportID) (socialsvc.PartnerReport, error)
	UpdatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error
	DeletePartnerReport(ctx context.Context, id socialsvc.PartnerReportID, version int64) error
	ListPartnerReports(ctx context.Context, f PartnerReportFilter) (Page[socialsvc.PartnerReport], error)
}

// ReportLines stores the expenditure lines of partner reports. Lines of a
// report that is not a draft cannot be created, changed or deleted
// (conflict).
type ReportLines interface {
	CreateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error
	GetReportLine(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.ReportExpenditure, error)
	UpdateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error
	DeleteReportLine(ctx context.Context, id socialsvc.ExpenditureID, version int64) error
	ListReportLines(ctx context.Context, f ReportLineFilter) (Page[socialsvc.ReportExpenditure], error)
}

// ProjectReports stores project reports; their status moves only through
// TransitionProjectReport.
type ProjectReports interface {
	CreateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error
	GetProjectReport(ctx context.Context, id socialsvc.ProjectReportID) (socialsvc.ProjectReport, error)
	UpdateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error
	ListProjectReports(ctx context.Context, f ProjectScope) (Page[socialsvc.ProjectReport], error)
}

// Payments stores payments, which TransitionProjectReport creates when a
// project report is verified and RecordPayment completes.
type Payments interface {
	CreatePayment(ctx context.Context, p *socialsvc.Payment) error
	GetPayment(ctx context.Context, id socialsvc.PaymentID) (socialsvc.Payment, error)
	UpdatePayment(ctx context.Context, p *socialsvc.Payment) error
	ListPayments(ctx context.Context, f ProjectScope) (Page[socialsvc.Payment], error)
}

// Advances stores advances; only the programme creates them, and the
// payments of TransitionProjectReport settle them.
type Advances interface {
	CreateAdvance(ctx context.Context, a *socialsvc.Advance) error
	GetAdvance(ctx context.Context, id socialsvc.AdvanceID) (socialsvc.Advance, error)
	UpdateAdvance(ctx context.Context, a *socialsvc.Advance) error
	ListAdvances(ctx context.Context, f ProjectScope) (Page[socialsvc.Advance], error)
}

// Cycle is a Store that holds the reporting and payment cycle. It is an
// optional capability: a Store is asked for it with a type assertion
// (AsCycle), so that stores written before the cycle keep working.
type Cycle interface {
	Store
	PartnerReports
	ReportLines
	ProjectReports
	Payments
	Advances
}

// AsCycle returns s as a Cycle, or an internal error naming what is
// missing.
func AsCycle(s Store) (Cycle, error) {
	c, ok := s.(Cycle)
	if !ok {
		return nil, &socialsvc.Error{Code: socialsvc.Internal, Message: "the store does not hold the reporting cycle (store.Cycle)"}
	}
	return c, nil
}

// PartnerReportFilter selects partner reports. Statuses, when set, keeps
// the reports in any of them (beside Status, which keeps one); ControlBody
// keeps the reports of the partners that name that organisation as their
// control body: a controller's queue.
type PartnerReportFilter struct {
	ProjectID   socialsvc.ProjectID
	PartnerID   socialsvc.PartnerID
	Status      socialsvc.ReportStatus
	Statuses    []socialsvc.ReportStatus
	ControlBody socialsvc.OrgID
	ListOptions
}

// ReportLineFilter selects the lines of one report.
type ReportLineFilter struct {
	ReportID socialsvc.PartnerReportID
	ListOptions
}

// Entity names of the cycle in the audit log.
const (
	EntityPartnerReport = "partner_report"
	EntityReportLine    = "report_line"
	EntityProjectReport = "project_report"
	EntityPayment       = "payment"
	EntityAdvance       = "advance"
)

type cycleStepKey struct{}

// inCycleStep reports whether ctx belongs to the writes of a cycle step,
// whose rules the step applied itself.
func inCycleStep(ctx context.Context) bool {
	v, _ := ctx.Value(cycleStepKey{}).(bool)
	return v
}

// IsCycleStep reports whether ctx belongs to a cycle step's own writes,
// so that a driver's hooks do not apply a rule twice.
func IsCycleStep(ctx context.Context) bool { return inCycleStep(ctx) }

func cycleStep(ctx context.Context) context.Context {
	return context.WithValue(ctx, cycleStepKey{}, true)
}

// errReadOnly is the error for a field the cycle's steps own.
func errReadOnly(field string) error {
	return socialsvc.FieldErr(field, "read_only", "err.read_only_2")
}

// ---- checks the drivers call ----

// CheckPartnerReport validates a partner report before create (old nil)
// or update. On create the report is a draft and takes the partner's next
// number (a driver's unique index on partner and number settles a race);
// the partner must belong to the project and carry a budget. On update,
// only a draft changes, and only its period and contributions.
func CheckPartnerReport(ctx context.Context, s Store, old, r *socialsvc.PartnerReport) error {
	if inCycleStep(ctx) {
		return nil
	}
	if err := socialsvc.CheckID("id", string(r.ID)); err != nil {
		return err
	}
	c, err := AsCycle(s)
	if err != nil {
		return err
	}
	p, err := s.GetProject(ctx, r.ProjectID)
	if err != nil {
		if r.ProjectID == "" {
			return socialsvc.FieldErr("project_id", "required", "err.project_id.required")
		}
		return missing(err, "project_id", "project")
	}
	if old == nil {
		if r.Status != "" && r.Status != socialsvc.ReportDraft {
			return errReadOnly("status")
		}
		if r.Number != 0 {
			return errReadOnly("number")
		}
		if len(r.History) > 0 || !r.RateMonth.IsZero() || !r.SubmittedOn.IsZero() || !r.ControlOn.IsZero() || !r.CertifiedOn.IsZero() {
			return errReadOnly("history")
		}
		part, err := s.GetPartner(ctx, r.PartnerID)
		if err != nil {
			if r.PartnerID == "" {
				return socialsvc.FieldErr("partner_id", "required", "err.project_id.required")
			}
			return missing(err, "partner_id", "partner")
		}
		if part.ProjectID != r.ProjectID {
			return socialsvc.FieldErr("partner_id", "same_project", "err.same_project_3")
		}
		if part.Role == socialsvc.RoleAssociated {
			return socialsvc.FieldErr("partner_id", "associated_no_budget", "err.partner_id.associated_no_budget")
		}
		n := 0
		for x, err := range scanAll(ctx, func(o ListOptions) (Page[socialsvc.PartnerReport], error) {
			return c.ListPartnerReports(ctx, PartnerReportFilter{PartnerID: r.PartnerID, ListOptions: o})
		}) {
			if err != nil {
				return err
			}
			n = max(n, x.Number)
		}
		r.Status, r.Number = socialsvc.ReportDraft, n+1
		return socialsvc.ValidatePartnerReport(r, &p)
	}
	if old.Status != socialsvc.ReportDraft {
		return socialsvc.ErrReportNotDraft
	}
	switch {
	case r.Status != old.Status:
		return socialsvc.FieldErr("status", "transition_endpoint", "err.status.transition_endpoint")
	case r.ProjectID != old.ProjectID:
		return errReadOnly("project_id")
	case r.PartnerID != old.PartnerID:
		return errReadOnly("partner_id")
	case r.Number != old.Number:
		return errReadOnly("number")
	case len(r.History) != len(old.History) || r.RateMonth != old.RateMonth || r.SubmittedOn != old.SubmittedOn || r.ControlOn != old.ControlOn || r.CertifiedOn != old.CertifiedOn:
		return errReadOnly("history")
	}
	return socialsvc.ValidatePartnerReport(r, &p)
}

// CheckDeletePartnerReport allows deleting a draft only.
func CheckDeletePartnerReport(ctx context.Context, s Store, old *socialsvc.PartnerReport) error {
	if old.Status != socialsvc.ReportDraft {
		return errReportState("status", "not_draft", "err.status.not_draft_2", nil)
	}
	return nil
}

func errReportState(field, rule, id string, args socialsvc.Args) error {
	return socialsvc.NewError(socialsvc.Conflict, id, args, socialsvc.NewFieldError(field, rule, id, args))
}

// CheckReportLine validates a line before create (old nil), update or
// delete (l nil): its report exists and is a draft (conflict otherwise),
// the line is valid for the project (socialsvc.ValidateReportExpenditure,
// which prices unit costs and lump sums), and the conversion and control
// decision are left to the cycle's steps. A line's write moves its
// report's version, so that a step racing it on the report (a
// submission) loses with conflict instead of missing the line.
func CheckReportLine(ctx context.Context, s Store, old, l *socialsvc.ReportExpenditure) error {
	if inCycleStep(ctx) {
		return nil
	}
	rec := l
	if rec == nil {
		rec = old
	} else if err := socialsvc.CheckID("id", string(l.ID)); err != nil {
		return err
	}
	c, err := AsCycle(s)
	if err != nil {
		return err
	}
	r, err := c.GetPartnerReport(ctx, rec.ReportID)
	if err != nil {
		return missing(err, "report_id", "partner_report")
	}
	if old != nil && l != nil && l.ReportID != old.ReportID {
		return errReadOnly("report_id")
	}
	if r.Status != socialsvc.ReportDraft {
		return socialsvc.ErrReportNotDraft
	}
	if l != nil {
		if l.Converted != (socialsvc.Money{}) || !conversionEmpty(l.Conversion) {
			return errReadOnly("converted")
		}
		if l.ParkedFrom != "" && (old == nil || old.ParkedFrom != l.ParkedFrom) {
			return errReadOnly("parked_from")
		}
		p, err := s.GetProject(ctx, r.ProjectID)
		if err != nil {
			return err
		}
		if err := socialsvc.ValidateReportExpenditure(l, &p); err != nil {
			return err
		}
	}
	return c.UpdatePartnerReport(cycleStep(ctx), &r)
}

// CheckProjectReport validates a project report before create (old nil)
// or update: the bundled partner reports exist, are certified, of the
// project and period (socialsvc.ValidateProjectReport), and none is in
// another project report that was not returned (conflict). A new report
// is a draft with the project's next number; on update only a draft or a
// returned report changes its bundle, and the status only by
// TransitionProjectReport.
func CheckProjectReport(ctx context.Context, s Store, old, pr *socialsvc.ProjectReport) error {
	if inCycleStep(ctx) {
		return nil
	}
	if err := socialsvc.CheckID("id", string(pr.ID)); err != nil {
		return err
	}
	c, err := AsCycle(s)
	if err != nil {
		return err
	}
	p, err := s.GetProject(ctx, pr.ProjectID)
	if err != nil {
		return missing(err, "project_id", "project")
	}
	if old == nil {
		if pr.Status != "" && pr.Status != socialsvc.ProjectReportDraft {
			return errReadOnly("status")
		}
		if pr.Number != 0 || len(pr.History) > 0 || !pr.SubmittedOn.IsZero() || !pr.VerifiedOn.IsZero() {
			return errReadOnly("number")
		}
		n := 0
		for x, err := range scanAll(ctx, func(o ListOptions) (Page[socialsvc.ProjectReport], error) {
			return c.ListProjectReports(ctx, ProjectScope{ProjectID: pr.ProjectID, ListOptions: o})
		}) {
			if err != nil {
				return err
			}
			n = max(n, x.Number)
		}
		pr.Status, pr.Number = socialsvc.ProjectReportDraft, n+1
	} else {
		switch {
		case pr.Status != old.Status:
			return socialsvc.FieldErr("status", "transition_endpoint", "err.status.transition_endpoint")
		case old.Status != socialsvc.ProjectReportDraft && old.Status != socialsvc.ProjectReportReturned:
			return errReportState("status", "not_draft", "err.status.not_draft_3", nil)
		case pr.ProjectID != old.ProjectID || pr.Number != old.Number || len(pr.History) != len(old.History) || pr.SubmittedOn != old.SubmittedOn || pr.VerifiedOn != old.VerifiedOn:
			return errReadOnly("project_id")
		}
	}
	reports, err := bundled(ctx, c, pr)
	if err != nil {
		return err
	}
	return socialsvc.ValidateProjectReport(pr, &p, reports)
}

// bundled reads the partner reports pr names, in its order, and checks
// that no other live project report bundles one of them.
func bundled(ctx context.Context, c Cycle, pr *socialsvc.ProjectReport) ([]socialsvc.PartnerReport, error) {
	var reports []socialsvc.PartnerReport
	for i, id := range pr.PartnerReportIDs {
		r, err := c.GetPartnerReport(ctx, id)
		if err != nil {
			return nil, missing(err, "partner_report_ids["+itoa(i)+"]", "partner_report")
		}
		reports = append(reports, r)
	}
	for o, err := range scanAll(ctx, func(lo ListOptions) (Page[socialsvc.ProjectReport], error) {
		return c.ListProjectReports(ctx, ProjectScope{ProjectID: pr.ProjectID, ListOptions: lo})
	}) {
		if err != nil {
			return nil, err
		}
		if o.ID == pr.ID || o.Status == socialsvc.ProjectReportReturned {
			continue
		}
		for i, id := range pr.PartnerReportIDs {
			if slices.Contains(o.PartnerReportIDs, id) {
				return nil, errReportState("partner_report_ids["+itoa(i)+"]", "bundled", "err.bundled", socialsvc.Args{"ID": string(o.ID)})
			}
		}
	}
	return reports, nil
}

// CheckAdvance validates a new advance: the partner belongs to the
// project, the fund co-finances it, and the partner's advances for the
// fund stay within its share of the fund in the budget
// (socialsvc.ValidateAdvance). Settled is the payments' to change.
func CheckAdvance(ctx context.Context, s Store, old, a *socialsvc.Advance) error {
	if inCycleStep(ctx) {
		return nil
	}
	if old != nil {
		return errReadOnly("settled")
	}
	if err := socialsvc.CheckID("id", string(a.ID)); err != nil {
		return err
	}
	c, err := AsCycle(s)
	if err != nil {
		return err
	}
	p, err := s.GetProject(ctx, a.ProjectID)
	if err != nil {
		return missing(err, "project_id", "project")
	}
	part, err := s.GetPartner(ctx, a.PartnerID)
	if err != nil {
		return missing(err, "partner_id", "partner")
	}
	if part.ProjectID != a.ProjectID {
		return socialsvc.FieldErr("partner_id", "same_project", "err.same_project_3")
	}
	if a.Settled != (socialsvc.Money{}) {
		return errReadOnly("settled")
	}
	a.Settled = socialsvc.Zero(p.Currency)
	parts, err := allPartners(ctx, s, p.ID)
	if err != nil {
		return err
	}
	funds, err := allFunds(ctx, s)
	if err != nil {
		return err
	}
	var lines []socialsvc.BudgetLine
	for l, err := range s.ScanBudgetLines(ctx, BudgetFilter{ProjectID: p.ID}) {
		if err != nil {
			return err
		}
		lines = append(lines, l)
	}
	budget, err := socialsvc.ComputeFunding(p.Currency, parts, lines, funds)
	if err != nil {
		return err
	}
	var others []socialsvc.Advance
	for o, err := range scanAll(ctx, func(lo ListOptions) (Page[socialsvc.Advance], error) {
		return c.ListAdvances(ctx, ProjectScope{ProjectID: p.ID, ListOptions: lo})
	}) {
		if err != nil {
			return err
		}
		others = append(others, o)
	}
	return socialsvc.ValidateAdvance(a, &p, &part, budget, others)
}

// CheckPayment refuses every write of a payment outside the cycle's
// steps: payments are computed (TransitionProjectReport) and recorded
// (RecordPayment), never entered.
func CheckPayment(ctx context.Context, s Store, old, p *socialsvc.Payment) error {
	if inCycleStep(ctx) {
		return nil
	}
	return socialsvc.FieldErr("payment", "computed", "err.payment.computed")
}

func allFunds(ctx context.Context, s Store) ([]socialsvc.Fund, error) {
	var out []socialsvc.Fund
	for f, err := range scanAll(ctx, func(o ListOptions) (Page[socialsvc.Fund], error) { return s.ListFunds(ctx, o) }) {
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// scanAll pages through a list.
func scanAll[T any](ctx context.Context, list func(ListOptions) (Page[T], error)) func(func(T, error) bool) {
	return func(yield func(T, error) bool) {
		o := ListOptions{Limit: MaxLimit}
		for {
			pg, err := list(o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range pg.Items {
				if !yield(v, nil) {
					return
				}
			}
			if pg.NextCursor == "" {
				return
			}
			o.Cursor = pg.NextCursor
		}
	}
}

// reportLines returns every line of report id. The pages are joined
// once at the end, into a slice of the exact size: a report's lines are
// large values, and growing one slice line by line copied 10,000 of
// them about twice over.
func reportLines(ctx context.Context, c Cycle, id socialsvc.PartnerReportID) ([]socialsvc.ReportExpenditure, error) {
	var pages [][]socialsvc.ReportExpenditure
	o := ListOptions{Limit: MaxLimit}
	for {
		pg, err := c.ListReportLines(ctx, ReportLineFilter{ReportID: id, ListOptions: o})
		if err != nil {
			return nil, err
		}
		pages = append(pages, pg.Items)
		if pg.NextCursor == "" {
			return slices.Concat(pages...), nil
		}
		o.Cursor = pg.NextCursor
	}
}

// ---- who may make a step ----

var (
	errController   = forbidden("partner_id", "control_body", "err.partner_id.control_body", nil)
	errReopenAdmin  = forbidden("to", "programme", "err.to.programme", nil)
	errVerifyAdmin  = forbidden("to", "programme", "err.to.programme_2", nil)
	errControlState = errReportState("status", "in_control", "err.status.in_control", nil)
)

// controls reports whether the actor controls the reports of part: a
// controller of the partner's control body, or trusted system code.
func controls(a Actor, part *socialsvc.Partner) bool {
	if a.effectiveRole() == RoleSystem {
		return true
	}
	return a.effectiveRole() == RoleController && a.OrgID != "" && part.ControlBody == a.OrgID
}

// ownEditor reports whether the actor writes for part: an editor of the
// partner's organisation, or the programme.
func ownEditor(a Actor, part *socialsvc.Partner) bool {
	return a.Programme() || a.effectiveRole() == RoleEditor && a.OrgID != "" && a.OrgID == part.OrgID
}

// TransitionPartnerReport moves partner report id, read at version, to
// status to (socialsvc.TransitionPartnerReport), on today's date (Now):
//
//   - submitted: by the partner's own editors (or the programme); the
//     lines are converted under the project's rate rule and frozen;
//   - draft from submitted: the partner's editors may withdraw a
//     submission before control starts, with a reason; from submitted or
//     in_control the partner's controllers return it, with a reason;
//   - in_control and certified: the controllers of the partner's control
//     body (certified fills the decisions of lines outside the sample);
//   - in_control from certified: the programme reopens it, with a reason.
//
// Everything is one transaction: a stale version or a step another
// caller made first is a conflict, and a refused step changes nothing.
func TransitionPartnerReport(ctx context.Context, s Store, id socialsvc.PartnerReportID, version int64, to socialsvc.ReportStatus, reason string) (socialsvc.PartnerReport, error) {
	var out socialsvc.PartnerReport
	err := s.WithTx(ctx, func(tx Store) error {
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		r, err := c.GetPartnerReport(ctx, id)
		if err != nil {
			return err
		}
		if r.Version != version {
			return staleReport()
		}
		part, err := tx.GetPartner(ctx, r.PartnerID)
		if err != nil {
			return err
		}
		a := ruleActor(ctx)
		switch {
		case to == socialsvc.ReportSubmitted:
			if !ownEditor(a, &part) {
				return errOwnPartner
			}
		case to == socialsvc.ReportDraft && r.Status == socialsvc.ReportSubmitted && ownEditor(a, &part):
		case r.Status == socialsvc.ReportCertified:
			if !a.Programme() {
				return errReopenAdmin
			}
		default:
			if !controls(a, &part) {
				return errController
			}
		}
		p, err := tx.GetProject(ctx, r.ProjectID)
		if err != nil {
			return err
		}
		if err := (policy{ctx: ctx, s: tx, a: a}).status(p.ID, false); err != nil {
			return err
		}
		// Taking a report into control, or reopening it, changes no line
		// (socialsvc.TransitionPartnerReport): those steps read none.
		var lines []socialsvc.ReportExpenditure
		if to != socialsvc.ReportInControl {
			if lines, err = reportLines(ctx, c, r.ID); err != nil {
				return err
			}
		}
		before := slices.Clone(lines)
		var funds []socialsvc.Fund
		var rt *socialsvc.RateTable
		if to == socialsvc.ReportSubmitted {
			if funds, err = allFunds(ctx, tx); err != nil {
				return err
			}
			if rt, err = tx.RateTable(ctx); err != nil {
				return err
			}
		}
		if err := socialsvc.TransitionPartnerReport(&p, &part, funds, &r, lines, rt, to, socialsvc.DateOf(Now(ctx)), reason); err != nil {
			return err
		}
		step := cycleStep(WithReason(ctx, reason))
		// Counted first, so that the changes (two lines each) are
		// allocated once and not copied while a slice grows.
		n := 0
		for i := range lines {
			if !lineSame(&before[i], &lines[i]) {
				n++
			}
		}
		changes := make([]LineChange, 0, n)
		for i := range lines {
			if !lineSame(&before[i], &lines[i]) {
				changes = append(changes, LineChange{Before: before[i], After: lines[i]})
			}
		}
		if err := updateLines(step, c, r.ID, changes); err != nil {
			return err
		}
		if err := c.UpdatePartnerReport(step, &r); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// updateLines writes the lines a step changed, in one go when the store
// is a ReportLineWriter, else line by line.
func updateLines(ctx context.Context, c Cycle, report socialsvc.PartnerReportID, changes []LineChange) error {
	if len(changes) == 0 {
		return nil
	}
	if w, ok := c.(ReportLineWriter); ok {
		return w.UpdateReportLines(ctx, report, changes)
	}
	for i := range changes {
		if err := c.UpdateReportLine(ctx, &changes[i].After); err != nil {
			return err
		}
	}
	return nil
}

// createLines stores the new lines of report a step made, in one go when
// the store is a ReportLineWriter, else line by line; row, when set,
// attributes a single write's error to the line it stores.
func createLines(ctx context.Context, c Cycle, report socialsvc.PartnerReportID, lines []socialsvc.ReportExpenditure, row func(i int, err error) error) error {
	if len(lines) == 0 {
		return nil
	}
	if w, ok := c.(ReportLineWriter); ok {
		return w.CreateReportLines(ctx, report, lines)
	}
	for i := range lines {
		if err := c.CreateReportLine(ctx, &lines[i]); err != nil {
			if row != nil {
				return row(i, err)
			}
			return err
		}
	}
	return nil
}

func staleReport() error {
	return socialsvc.NewError(socialsvc.Conflict, "err.report.stale", nil, socialsvc.NewFieldError("version", "stale", "err.version.stale", nil))
}

func conversionEmpty(c socialsvc.Conversion) bool {
	return c.Rate.IsZero() && c.RateDate.IsZero() && c.Source == "" && c.Basis == ""
}

func lineSame(a, b *socialsvc.ReportExpenditure) bool {
	return a.Converted == b.Converted && conversionEqual(a.Conversion, b.Conversion) && a.Conversion.Basis == b.Conversion.Basis &&
		(a.Control == nil) == (b.Control == nil) && (a.Control == nil || *a.Control == *b.Control)
}

// LineDecision is a controller's decision on one line of a report.
type LineDecision struct {
	ExpenditureID socialsvc.ExpenditureID `json:"expenditure_id"`
	socialsvc.LineControl
}

// ControlPartnerReport records the decisions of the partner's controller
// on lines of report id (read at version), which must be in control. A
// certified or deducted amount left out is zero in the project currency.
// Each decision is checked by socialsvc.CheckControl (certified +
// deducted = declared to the cent; a deduction names its error type);
// any error changes nothing. Fields are lines[i].<field>.
func ControlPartnerReport(ctx context.Context, s Store, id socialsvc.PartnerReportID, version int64, decisions []LineDecision) (socialsvc.PartnerReport, error) {
	var out socialsvc.PartnerReport
	decisions = slices.Clone(decisions)
	err := s.WithTx(ctx, func(tx Store) error {
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		r, err := c.GetPartnerReport(ctx, id)
		if err != nil {
			return err
		}
		if r.Version != version {
			return staleReport()
		}
		part, err := tx.GetPartner(ctx, r.PartnerID)
		if err != nil {
			return err
		}
		if !controls(ruleActor(ctx), &part) {
			return errController
		}
		if r.Status != socialsvc.ReportInControl {
			return errControlState
		}
		p, err := tx.GetProject(ctx, r.ProjectID)
		if err != nil {
			return err
		}
		lines, err := reportLines(ctx, c, r.ID)
		if err != nil {
			return err
		}
		at := map[socialsvc.ExpenditureID]int{}
		for i, l := range lines {
			at[l.ID] = i
		}
		seen := map[socialsvc.ExpenditureID]bool{}
		var errs []error
		for i, d := range decisions {
			field := "lines[" + itoa(i) + "]"
			j, ok := at[d.ExpenditureID]
			switch {
			case !ok:
				errs = append(errs, socialsvc.FieldErr(field+".expenditure_id", "exists", "err.exists_4"))
				continue
			case seen[d.ExpenditureID]:
				errs = append(errs, socialsvc.FieldErr(field+".expenditure_id", "unique", "err.unique_6"))
				continue
			}
			seen[d.ExpenditureID] = true
			// An amount left out is zero in the project currency (a parked
			// line gives neither).
			var none socialsvc.Money
			if decisions[i].Certified == none {
				decisions[i].Certified = socialsvc.Zero(p.Currency)
			}
			if decisions[i].Deducted == none {
				decisions[i].Deducted = socialsvc.Zero(p.Currency)
			}
			d = decisions[i]
			if err := socialsvc.CheckControl(p.Currency, &lines[j], d.LineControl); err != nil {
				errs = append(errs, socialsvc.PrefixFields(err, field))
			}
		}
		if err := socialsvc.JoinInvalid("the control decisions are not valid", errs...); err != nil {
			return err
		}
		step := cycleStep(ctx)
		changes := make([]LineChange, len(decisions))
		for i, d := range decisions {
			l := lines[at[d.ExpenditureID]]
			ctl := d.LineControl
			changes[i].Before, changes[i].After = l, l
			changes[i].After.Control = &ctl
		}
		if err := updateLines(step, c, r.ID, changes); err != nil {
			return err
		}
		if err := c.UpdatePartnerReport(step, &r); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// SumPartnerReport returns the figures of report id
// (socialsvc.SumPartnerReport) as the store holds it.
func SumPartnerReport(ctx context.Context, s Store, id socialsvc.PartnerReportID) (socialsvc.ReportSums, error) {
	c, err := AsCycle(s)
	if err != nil {
		return socialsvc.ReportSums{}, err
	}
	r, err := c.GetPartnerReport(ctx, id)
	if err != nil {
		return socialsvc.ReportSums{}, err
	}
	p, err := s.GetProject(ctx, r.ProjectID)
	if err != nil {
		return socialsvc.ReportSums{}, err
	}
	lines, err := reportLines(ctx, c, id)
	if err != nil {
		return socialsvc.ReportSums{}, err
	}
	return socialsvc.SumPartnerReport(&p, &r, lines)
}

// TransitionProjectReport moves project report id (read at version) to
// to: submitted by the lead partner's editors, verified or returned (with
// a reason) by the programme. Verification creates the payments, one per
// partner and fund (socialsvc.ComputePayments on each partner's certified
// total), and settles the partners' advances, in the same transaction.
func TransitionProjectReport(ctx context.Context, s Store, id socialsvc.ProjectReportID, version int64, to socialsvc.ProjectReportStatus, reason string) (socialsvc.ProjectReport, error) {
	var out socialsvc.ProjectReport
	err := s.WithTx(ctx, func(tx Store) error {
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		pr, err := c.GetProjectReport(ctx, id)
		if err != nil {
			return err
		}
		if pr.Version != version {
			return staleReport()
		}
		a := ruleActor(ctx)
		pol := policy{ctx: ctx, s: tx, a: a}
		if to == socialsvc.ProjectReportSubmitted {
			if !a.Programme() && a.effectiveRole() != RoleEditor {
				return errLeadOnly
			}
			if err := pol.lead(pr.ProjectID); err != nil {
				return err
			}
		} else if !a.Programme() {
			return errVerifyAdmin
		}
		p, err := tx.GetProject(ctx, pr.ProjectID)
		if err != nil {
			return err
		}
		if err := pol.status(p.ID, false); err != nil {
			return err
		}
		var reports []socialsvc.PartnerReport
		if to != socialsvc.ProjectReportReturned {
			if reports, err = bundled(ctx, c, &pr); err != nil {
				return err
			}
		}
		on := socialsvc.DateOf(Now(ctx))
		if err := socialsvc.TransitionProjectReport(&pr, &p, reports, to, on, reason); err != nil {
			return err
		}
		step := cycleStep(WithReason(ctx, reason))
		if to == socialsvc.ProjectReportVerified {
			if err := createPayments(step, c, &p, &pr, reports); err != nil {
				return err
			}
		}
		if err := c.UpdateProjectReport(step, &pr); err != nil {
			return err
		}
		out = pr
		return nil
	})
	return out, err
}

func createPayments(ctx context.Context, c Cycle, p *socialsvc.Project, pr *socialsvc.ProjectReport, reports []socialsvc.PartnerReport) error {
	var certified []socialsvc.PartnerCertified
	idx := map[socialsvc.PartnerID]int{}
	for _, r := range reports {
		lines, err := reportLines(ctx, c, r.ID)
		if err != nil {
			return err
		}
		sums, err := socialsvc.SumPartnerReport(p, &r, lines)
		if err != nil {
			return err
		}
		if i, ok := idx[r.PartnerID]; ok {
			if certified[i].Certified, err = certified[i].Certified.Add(sums.Certified); err != nil {
				return err
			}
			continue
		}
		idx[r.PartnerID] = len(certified)
		certified = append(certified, socialsvc.PartnerCertified{PartnerID: r.PartnerID, Certified: sums.Certified})
	}
	parts, err := allPartners(ctx, c, p.ID)
	if err != nil {
		return err
	}
	funds, err := allFunds(ctx, c)
	if err != nil {
		return err
	}
	var advances []socialsvc.Advance
	for a, err := range scanAll(ctx, func(o ListOptions) (Page[socialsvc.Advance], error) {
		return c.ListAdvances(ctx, ProjectScope{ProjectID: p.ID, ListOptions: o})
	}) {
		if err != nil {
			return err
		}
		advances = append(advances, a)
	}
	pays, settled, err := socialsvc.ComputePayments(p, pr, parts, funds, certified, advances)
	if err != nil {
		return err
	}
	for i := range pays {
		if err := c.CreatePayment(ctx, &pays[i]); err != nil {
			return err
		}
	}
	for i := range settled {
		if err := c.UpdateAdvance(ctx, &settled[i]); err != nil {
			return err
		}
	}
	return nil
}

// RecordPayment records, for the programme, what was paid of payment id
// (read at version) and when (socialsvc.RecordPayment): once; a second
// recording is a conflict.
func RecordPayment(ctx context.Context, s Store, id socialsvc.PaymentID, version int64, paid socialsvc.Money, on socialsvc.Date) (socialsvc.Payment, error) {
	var out socialsvc.Payment
	err := s.WithTx(ctx, func(tx Store) error {
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		if !ruleActor(ctx).Programme() {
			return errProgrammeOnly
		}
		pay, err := c.GetPayment(ctx, id)
		if err != nil {
			return err
		}
		if pay.Paid != nil {
			return socialsvc.ErrPaymentRecorded
		}
		if pay.Version != version {
			return staleReport()
		}
		pr, err := c.GetProjectReport(ctx, pay.ProjectReportID)
		if err != nil {
			return err
		}
		if err := socialsvc.RecordPayment(&pay, paid, on, pr.VerifiedOn); err != nil {
			return err
		}
		if err := c.UpdatePayment(cycleStep(ctx), &pay); err != nil {
			return err
		}
		out = pay
		return nil
	})
	return out, err
}

// errCarry* are the refusals of CarryParked.
var (
	errCarryTarget = errReportState("to", "not_draft", "err.to.not_draft", nil)
	errCarrySource = errReportState("from", "certified", "err.from.certified", nil)
)

// CarryParked carries the parked lines of partner report from into the
// later draft report to of the same partner (socialsvc.CarryParked): each
// becomes a new line of to, unconverted and without a decision, whose
// ParkedFrom names the line it carries, so that the next control decides
// on it again. from must be certified (its decisions are final) and
// come before to (a lower number); to must be a draft at version (a stale
// version is a conflict). Only the partner's own editors (or the
// programme) carry, in a project that takes money. A line already carried
// into any report of the partner is carried again never (rule "carried"
// on lines[i], conflict); a report without parked lines carries nothing
// and changes nothing. It returns the new lines; everything is one
// transaction.
func CarryParked(ctx context.Context, s Store, from, to socialsvc.PartnerReportID, version int64) ([]socialsvc.ReportExpenditure, error) {
	var out []socialsvc.ReportExpenditure
	err := s.WithTx(ctx, func(tx Store) error {
		out = nil
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		src, err := c.GetPartnerReport(ctx, from)
		if err != nil {
			return missing(err, "from", "partner_report")
		}
		dst, err := c.GetPartnerReport(ctx, to)
		if err != nil {
			return err
		}
		if dst.Version != version {
			return staleReport()
		}
		part, err := tx.GetPartner(ctx, dst.PartnerID)
		if err != nil {
			return err
		}
		a := ruleActor(ctx)
		if !ownEditor(a, &part) {
			return errOwnPartner
		}
		if err := (policy{ctx: ctx, s: tx, a: a}).status(dst.ProjectID, false); err != nil {
			return err
		}
		switch {
		case src.PartnerID != dst.PartnerID:
			return socialsvc.FieldErr("from", "same_partner", "err.from.same_partner")
		case src.Number >= dst.Number:
			return socialsvc.FieldErr("from", "earlier", "err.from.earlier")
		case dst.Status != socialsvc.ReportDraft:
			return errCarryTarget
		case src.Status != socialsvc.ReportCertified:
			return errCarrySource
		}
		lines, err := reportLines(ctx, c, src.ID)
		if err != nil {
			return err
		}
		carry := socialsvc.CarryParked(lines, dst.ID)
		if len(carry) == 0 {
			return nil
		}
		carried := map[socialsvc.ExpenditureID]bool{}
		for r, err := range scanAll(ctx, func(o ListOptions) (Page[socialsvc.PartnerReport], error) {
			return c.ListPartnerReports(ctx, PartnerReportFilter{PartnerID: dst.PartnerID, ListOptions: o})
		}) {
			if err != nil {
				return err
			}
			if r.Number <= src.Number {
				continue
			}
			ls, err := reportLines(ctx, c, r.ID)
			if err != nil {
				return err
			}
			for _, l := range ls {
				if l.ParkedFrom != "" {
					carried[l.ParkedFrom] = true
				}
			}
		}
		p, err := tx.GetProject(ctx, dst.ProjectID)
		if err != nil {
			return err
		}
		var errs []error
		for i := range carry {
			field := "lines[" + itoa(i) + "]"
			if carried[carry[i].ParkedFrom] {
				return errReportState(field, "carried", "err.carried", socialsvc.Args{"ParkedFrom": string(carry[i].ParkedFrom)})
			}
			if err := socialsvc.ValidateReportExpenditure(&carry[i], &p); err != nil {
				errs = append(errs, socialsvc.PrefixFields(err, field))
			}
		}
		if err := socialsvc.JoinInvalid("the parked lines cannot be carried", errs...); err != nil {
			return err
		}
		// The step applied the rules itself: CheckReportLine would refuse
		// parked_from, which only this step sets.
		step := cycleStep(ctx)
		if err := createLines(step, c, dst.ID, carry, nil); err != nil {
			return err
		}
		if err := c.UpdatePartnerReport(step, &dst); err != nil {
			return err
		}
		out = carry
		return nil
	})
	return out, err
}

// ImportReportLines stores the lines rows, all of one draft partner
// report, all or nothing: each row is checked as CreateReportLine checks
// it (socialsvc.ValidateReportExpenditure, a draft report, the write
// rules), and the rows' errors come back together as one invalid
// *socialsvc.Error whose fields carry Row (1-based). A report that is not
// a draft is a conflict, whatever the rows.
func ImportReportLines(ctx context.Context, s Store, rows iter.Seq[socialsvc.ReportExpenditure]) (int, error) {
	n := 0
	err := s.WithTx(ctx, func(tx Store) error {
		n = 0
		c, err := AsCycle(tx)
		if err != nil {
			return err
		}
		reports := map[socialsvc.PartnerReportID]*socialsvc.PartnerReport{}
		projects := map[socialsvc.ProjectID]*socialsvc.Project{}
		var errs RowErrors
		good := map[socialsvc.PartnerReportID][]socialsvc.ReportExpenditure{}
		var order []socialsvc.PartnerReportID
		rowOf := map[socialsvc.PartnerReportID][]int{} // the rows of good's lines
		i := 0
		for l := range rows {
			i++
			if err := ctx.Err(); err != nil {
				return err
			}
			r, ok := reports[l.ReportID]
			if !ok {
				got, err := c.GetPartnerReport(ctx, l.ReportID)
				if err != nil {
					if err := errs.Add(i, missing(err, "report_id", "partner_report")); err != nil {
						return err
					}
					continue
				}
				if err := CheckWrite(ctx, tx, nil, &socialsvc.ReportExpenditure{ReportID: got.ID}); err != nil {
					return err
				}
				if got.Status != socialsvc.ReportDraft {
					return socialsvc.ErrReportNotDraft
				}
				r = &got
				reports[l.ReportID] = r
				if _, ok := projects[got.ProjectID]; !ok {
					p, err := tx.GetProject(ctx, got.ProjectID)
					if err != nil {
						return err
					}
					projects[got.ProjectID] = &p
				}
			}
			if err := socialsvc.CheckID("id", string(l.ID)); err != nil {
				if err := errs.Add(i, err); err != nil {
					return err
				}
				continue
			}
			if l.Converted != (socialsvc.Money{}) || !conversionEmpty(l.Conversion) {
				if err := errs.Add(i, errReadOnly("converted")); err != nil {
					return err
				}
				continue
			}
			if l.ParkedFrom != "" {
				if err := errs.Add(i, errReadOnly("parked_from")); err != nil {
					return err
				}
				continue
			}
			if err := socialsvc.ValidateReportExpenditure(&l, projects[r.ProjectID]); err != nil {
				if err := errs.Add(i, err); err != nil {
					return err
				}
				continue
			}
			if _, ok := good[l.ReportID]; !ok {
				order = append(order, l.ReportID)
			}
			good[l.ReportID] = append(good[l.ReportID], l)
			rowOf[l.ReportID] = append(rowOf[l.ReportID], i)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		// Every rule CheckReportLine applies to a line was applied above,
		// once per report for the write rules: the lines are written as a
		// step, and each report's version moves once, not once per line.
		step := cycleStep(ctx)
		for _, id := range order {
			if err := createLines(step, c, id, good[id], func(j int, err error) error {
				return rowErr(rowOf[id][j], err)
			}); err != nil {
				return err
			}
			n += len(good[id])
			if err := c.UpdatePartnerReport(step, reports[id]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
