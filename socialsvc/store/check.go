package store

import (
	"context"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// The CheckXxx functions hold the cross-entity rules every driver applies
// before a write, so that the rules live in one place and a custom store
// gets them by calling the same functions. Each takes the Store of the
// running transaction, so that what it reads is what the write will see.
// Each checks first that a caller-chosen ID follows socialsvc.ValidID, so
// that no driver stores "../../etc/passwd", a NUL byte or 5000 characters
// as a key. They return *socialsvc.Error: invalid for bad input (a reference to a
// missing record is a bad field), conflict for rules about current state.

// missing turns a not_found lookup into an invalid field error; other
// errors pass through.
func missing(err error, field, what string) error {
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return MissingRef(field, what)
	}
	return err
}

// MissingRef is the error of a field that refers to a record that does
// not exist ("beneficiary_id" of an attendance). An API answering for a
// record the caller may not read uses it too, so that the answer is the
// same as for a missing one. what is the kind of record, one of
// activity, beneficiary, event, indicator, organisation, partner,
// partner_report, project and work_package: the message is the catalogue
// message err.missing.<what>.
func MissingRef(field, what string) error {
	return socialsvc.FieldErr(field, "exists", "err.missing."+what)
}

// CheckOrganisation validates an organisation before create or update.
// Uniqueness of (country, tax_id) is the driver's to enforce.
func CheckOrganisation(ctx context.Context, s Store, o *socialsvc.Organisation) error {
	if err := socialsvc.CheckID("id", string(o.ID)); err != nil {
		return err
	}
	return socialsvc.ValidateOrganisation(o)
}

// CheckFund validates a fund.
func CheckFund(ctx context.Context, s Store, f *socialsvc.Fund) error {
	if err := socialsvc.CheckID("id", string(f.ID)); err != nil {
		return err
	}
	return socialsvc.ValidateFund(f)
}

// CheckProject validates a project before create (old == nil) or update.
// On update, a status change must be an allowed transition (conflict
// otherwise), and moving a project out of draft needs exactly one lead
// partner.
func CheckProject(ctx context.Context, s Store, old, p *socialsvc.Project) error {
	if err := socialsvc.CheckID("id", string(p.ID)); err != nil {
		return err
	}
	if p.Currency == "" {
		p.Currency = socialsvc.EUR
	}
	if p.Status == "" {
		p.Status = socialsvc.StatusDraft
	}
	if err := socialsvc.ValidateProject(p); err != nil {
		return err
	}
	if old != nil && !programmeActor(ctx) {
		// The rate rule and the planning rate are the programme's decision:
		// a partner that could change them would choose its own rate.
		if !socialsvc.RateRulesEqual(old.RateRule, p.RateRule) {
			return forbiddenField("rate_rule", "err.rate_rule", nil)
		}
		if !socialsvc.PlanningRatesEqual(old.PlanningRate, p.PlanningRate) {
			return forbiddenField("planning_rate", "err.planning_rate", nil)
		}
	}
	if old == nil || old.Status == p.Status {
		return nil
	}
	if err := socialsvc.ValidateTransition(old.Status, p.Status); err != nil {
		return err
	}
	if old.Status == socialsvc.StatusDraft {
		parts, err := allPartners(ctx, s, p.ID)
		if err != nil {
			return err
		}
		if err := socialsvc.ValidatePartners(parts); err != nil {
			return err
		}
	}
	return nil
}

func allPartners(ctx context.Context, s Partners, project socialsvc.ProjectID) ([]socialsvc.Partner, error) {
	var out []socialsvc.Partner
	f := PartnerFilter{ProjectID: project, ListOptions: ListOptions{Limit: MaxLimit}}
	for {
		pg, err := s.ListPartners(ctx, f)
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

// CheckPartner validates a partner before create or update: the project and
// organisation exist, the funds exist and the rates are within limits, at
// most one lead, one participation per organisation and one number per
// partner in a project.
func CheckPartner(ctx context.Context, s Store, p *socialsvc.Partner) error {
	if err := socialsvc.CheckID("id", string(p.ID)); err != nil {
		return err
	}
	if err := socialsvc.Validate(p); err != nil {
		return err
	}
	if _, err := s.GetProject(ctx, p.ProjectID); err != nil {
		return missing(err, "project_id", "project")
	}
	if _, err := s.GetOrganisation(ctx, p.OrgID); err != nil {
		return missing(err, "org_id", "organisation")
	}
	if p.ControlBody != "" {
		if p.ControlBody == p.OrgID {
			return socialsvc.FieldErr("control_body", "independent", "err.control_body.independent")
		}
		if _, err := s.GetOrganisation(ctx, p.ControlBody); err != nil {
			return missing(err, "control_body", "organisation")
		}
	}
	funds := map[socialsvc.FundID]socialsvc.Fund{}
	for _, cf := range p.Funding {
		f, err := s.GetFund(ctx, cf.FundID)
		if err != nil && socialsvc.ErrorCode(err) != socialsvc.NotFound {
			return err
		}
		if err == nil {
			funds[f.ID] = f
		}
	}
	if err := socialsvc.ValidateFunding(p, funds); err != nil {
		return err
	}
	others, err := allPartners(ctx, s, p.ProjectID)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID == p.ID {
			continue
		}
		switch {
		case p.Role == socialsvc.RoleLead && o.Role == socialsvc.RoleLead:
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the project already has a lead partner",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("role", "one_lead", "err.role.one_lead", nil)}}
		case o.OrgID == p.OrgID:
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the organisation is already a partner in this project",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("org_id", "unique", "err.org_id.unique", nil)}}
		case o.Number == p.Number && p.Number != 0:
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "another partner has this number",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("number", "unique", "err.number.unique", nil)}}
		}
	}
	return nil
}

// CheckWorkPackage validates a work package: its project exists and its
// lead partner, if any, is a partner of that project.
func CheckWorkPackage(ctx context.Context, s Store, w *socialsvc.WorkPackage) error {
	if err := socialsvc.CheckID("id", string(w.ID)); err != nil {
		return err
	}
	if err := socialsvc.Validate(w); err != nil {
		return err
	}
	if _, err := s.GetProject(ctx, w.ProjectID); err != nil {
		return missing(err, "project_id", "project")
	}
	if w.LeadPartner != "" {
		return checkPartnerOf(ctx, s, w.ProjectID, w.LeadPartner, "lead_partner")
	}
	return nil
}

func checkPartnerOf(ctx context.Context, s Store, project socialsvc.ProjectID, id socialsvc.PartnerID, field string) error {
	p, err := s.GetPartner(ctx, id)
	if err != nil {
		return missing(err, field, "partner")
	}
	if p.ProjectID != project {
		return socialsvc.FieldErr(field, "same_project", "err.same_project_3")
	}
	return nil
}

// CheckActivity validates an activity: its work package exists in the
// same project.
func CheckActivity(ctx context.Context, s Store, a *socialsvc.Activity) error {
	if err := socialsvc.CheckID("id", string(a.ID)); err != nil {
		return err
	}
	if err := socialsvc.Validate(a); err != nil {
		return err
	}
	w, err := s.GetWorkPackage(ctx, a.WorkPackageID)
	if err != nil {
		return missing(err, "work_package_id", "work_package")
	}
	if w.ProjectID != a.ProjectID {
		return socialsvc.FieldErr("work_package_id", "same_project", "err.work_package_id.same_project")
	}
	return nil
}

// CheckEvent validates an event: the project exists and contains the
// event's days; the activity and organisers belong to the project.
func CheckEvent(ctx context.Context, s Store, e *socialsvc.Event) error {
	if err := socialsvc.CheckID("id", string(e.ID)); err != nil {
		return err
	}
	p, err := s.GetProject(ctx, e.ProjectID)
	if err != nil {
		if verr := socialsvc.Validate(e); verr != nil {
			return verr
		}
		return missing(err, "project_id", "project")
	}
	if err := socialsvc.ValidateEvent(e, &p); err != nil {
		return err
	}
	if e.ActivityID != "" {
		a, err := s.GetActivity(ctx, e.ActivityID)
		if err != nil {
			return missing(err, "activity_id", "activity")
		}
		if a.ProjectID != e.ProjectID {
			return socialsvc.FieldErr("activity_id", "same_project", "err.activity_id.same_project")
		}
	}
	if e.Organiser != "" {
		if err := checkPartnerOf(ctx, s, e.ProjectID, e.Organiser, "organiser"); err != nil {
			return err
		}
	}
	for i, id := range e.CoOrganisers {
		if err := checkPartnerOf(ctx, s, e.ProjectID, id, "co_organisers["+itoa(i)+"]"); err != nil {
			return err
		}
	}
	return nil
}

// CheckAttendance validates an attendance record and sets its ProjectID
// to the event's. The event and the beneficiary must exist, and the
// beneficiary must not be erased: an erased person keeps their past
// attendance but gets no new records.
func CheckAttendance(ctx context.Context, s Store, a *socialsvc.Attendance) error {
	if err := socialsvc.Validate(a); err != nil {
		return err
	}
	e, err := s.GetEvent(ctx, a.EventID)
	if err != nil {
		return missing(err, "event_id", "event")
	}
	b, err := s.GetBeneficiary(ctx, a.BeneficiaryID)
	if err != nil {
		return missing(err, "beneficiary_id", "beneficiary")
	}
	if b.Erased {
		return socialsvc.FieldErr("beneficiary_id", "erased", "err.beneficiary_id.erased")
	}
	a.ProjectID = e.ProjectID
	return nil
}

// CheckBeneficiary validates a beneficiary before create or update
// (old == nil on create). Erased records cannot be changed.
func CheckBeneficiary(ctx context.Context, s Store, old, b *socialsvc.Beneficiary) error {
	if err := socialsvc.CheckID("id", string(b.ID)); err != nil {
		return err
	}
	if old != nil && old.Erased {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary's data was erased and cannot be changed",
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("erased", "erased", "err.erased.erased", nil)}}
	}
	if b.Erased {
		return socialsvc.FieldErr("erased", "erase_endpoint", "err.erased.erase_endpoint")
	}
	if err := socialsvc.ValidateBeneficiary(b); err != nil {
		return err
	}
	if _, err := s.GetOrganisation(ctx, b.OrgID); err != nil {
		return missing(err, "org_id", "organisation")
	}
	if b.ProjectID != "" {
		if _, err := s.GetProject(ctx, b.ProjectID); err != nil {
			return missing(err, "project_id", "project")
		}
	}
	return nil
}

// CheckIndicator validates an indicator: the project exists and the output
// it depends on belongs to the same project and is an output.
func CheckIndicator(ctx context.Context, s Store, ind *socialsvc.Indicator) error {
	if err := socialsvc.CheckID("id", string(ind.ID)); err != nil {
		return err
	}
	if err := socialsvc.ValidateIndicator(ind); err != nil {
		return err
	}
	if _, err := s.GetProject(ctx, ind.ProjectID); err != nil {
		return missing(err, "project_id", "project")
	}
	if ind.DependsOn != "" {
		dep, err := s.GetIndicator(ctx, ind.DependsOn)
		if err != nil {
			return missing(err, "depends_on", "indicator")
		}
		if dep.ProjectID != ind.ProjectID || dep.ID == ind.ID {
			return socialsvc.FieldErr("depends_on", "same_project", "err.depends_on.same_project")
		}
	}
	return nil
}

// CheckMeasurement validates a measurement and sets its ProjectID from the
// indicator; the period must be 0 or one of the project's periods.
func CheckMeasurement(ctx context.Context, s Store, m *socialsvc.Measurement) error {
	if err := socialsvc.CheckID("id", string(m.ID)); err != nil {
		return err
	}
	if err := socialsvc.ValidateMeasurement(m); err != nil {
		return err
	}
	ind, err := s.GetIndicator(ctx, m.IndicatorID)
	if err != nil {
		return missing(err, "indicator_id", "indicator")
	}
	m.ProjectID = ind.ProjectID
	if m.Period != 0 {
		p, err := s.GetProject(ctx, ind.ProjectID)
		if err != nil {
			return err
		}
		if !hasPeriod(&p, m.Period) {
			return socialsvc.FieldErr("period", "period", "err.period.period")
		}
	}
	return nil
}

func hasPeriod(p *socialsvc.Project, n int) bool {
	for _, per := range p.Periods {
		if per.Number == n {
			return true
		}
	}
	return false
}

// CheckBudgetLine validates a budget line against its partner and project.
func CheckBudgetLine(ctx context.Context, s Store, l *socialsvc.BudgetLine) error {
	if err := socialsvc.CheckID("id", string(l.ID)); err != nil {
		return err
	}
	p, err := s.GetProject(ctx, l.ProjectID)
	if err != nil {
		if verr := socialsvc.Validate(l); verr != nil {
			return verr
		}
		return missing(err, "project_id", "project")
	}
	part, err := s.GetPartner(ctx, l.PartnerID)
	if err != nil {
		return missing(err, "partner_id", "partner")
	}
	if part.ProjectID != l.ProjectID {
		return socialsvc.FieldErr("partner_id", "same_project", "err.same_project_3")
	}
	if l.Computed && !isRecomputing(ctx) {
		return socialsvc.FieldErr("computed", "computed", "err.computed.computed")
	}
	// A unit-cost or lump-sum line is priced from the project's
	// definition; a price the caller sends is never taken.
	if err := socialsvc.PriceCostOption(&p, l.Category, l.CostOption, l.Units, &l.Amount); err != nil && !l.Computed {
		return err
	}
	if l.Computed {
		// A computed line is checked like an entered one except for the
		// rule that its category is a flat-rate one.
		q := p
		q.FlatRates = nil
		return socialsvc.ValidateBudgetLine(l, part.Role, &q)
	}
	return socialsvc.ValidateBudgetLine(l, part.Role, &p)
}

func forbiddenField(field, id string, args socialsvc.Args) error {
	return socialsvc.NewError(socialsvc.Forbidden, id, args, socialsvc.NewFieldError(field, "admin_only", id, args))
}

// CheckExpenditure validates an expenditure line before create (old ==
// nil) or update, and computes its conversion to the project currency
// under the project's rate rule (socialsvc.RateRule), so that no caller
// chooses a rate. A line that names no period (0) in a project with
// reporting periods takes the period its date falls in; a period that is
// given must be that one (socialsvc.ValidateExpenditure).
//
//   - Converted is read-only: a value other than the stored one is refused.
//   - Without a conversion given (or with the stored one given back), the
//     rule converts: EUR and the project's own currency at rate 1, kuna
//     from 1.1.2023 at the fixed rate, other amounts at the agreement's
//     rate or the InforEuro rate of the rule's month from the rate table.
//     An update that changes neither amount nor date keeps the stored
//     conversion: historical figures do not move when the table does.
//   - A conversion given on input is a rate entered by hand:
//     RateRule.ApplyEntered decides (the rule must allow it, the actor must
//     act for the programme, Actor.IsAdmin, with a source, within bounds).
func CheckExpenditure(ctx context.Context, s Store, old, e *socialsvc.Expenditure) error {
	if err := socialsvc.CheckID("id", string(e.ID)); err != nil {
		return err
	}
	p, err := s.GetProject(ctx, e.ProjectID)
	if err != nil {
		if verr := socialsvc.Validate(e); verr != nil {
			return verr
		}
		return missing(err, "project_id", "project")
	}
	part, err := s.GetPartner(ctx, e.PartnerID)
	if err != nil {
		return missing(err, "partner_id", "partner")
	}
	if part.ProjectID != e.ProjectID {
		return socialsvc.FieldErr("partner_id", "same_project", "err.same_project_3")
	}
	if part.Role == socialsvc.RoleAssociated {
		return socialsvc.FieldErr("partner_id", "associated_no_budget", "err.partner_id.associated_no_budget")
	}
	if e.Period == 0 && len(p.Periods) > 0 && e.Date.Valid() {
		// The period of a cost is the one its date falls in: left out, it
		// is computed; given, ValidateExpenditure checks it.
		e.Period = p.PeriodOf(e.Date)
	}
	// A claim of a unit cost or a lump sum is priced from the project's
	// definition, in the project currency; the caller's amount is never
	// taken.
	if err := socialsvc.PriceCostOption(&p, e.Category, e.CostOption, e.Units, &e.Amount); err != nil {
		return err
	}
	if err := convertExpenditure(ctx, s, &p, old, e); err != nil {
		return err
	}
	return socialsvc.ValidateExpenditure(e, &p)
}

var errConvertedReadOnly = socialsvc.FieldErr("converted", "read_only",
	"err.converted.read_only")

// convertExpenditure fills e.Converted and e.Conversion (see
// CheckExpenditure).
func convertExpenditure(ctx context.Context, s Store, p *socialsvc.Project, old, e *socialsvc.Expenditure) error {
	var zero socialsvc.Money
	if e.Converted != zero && (old == nil || e.Converted != old.Converted) {
		return errConvertedReadOnly
	}
	if !e.Amount.Currency().Valid() || !e.Date.Valid() {
		return nil // ValidateExpenditure names the field
	}
	given := e.Conversion
	given.Basis = ""
	roundTrip := old != nil && conversionEqual(given, old.Conversion)
	unchanged := old != nil && e.Amount == old.Amount && e.Date == old.Date
	none := given.Rate.IsZero() && given.Source == "" && given.RateDate.IsZero()
	if unchanged && (roundTrip || none) {
		e.Converted, e.Conversion = old.Converted, old.Conversion
		return nil
	}
	entered := !none && (!roundTrip || old.Conversion.Basis == socialsvc.RateBasisEntered)
	if p.Currency != socialsvc.EUR && e.Amount.Currency() == p.Currency {
		if entered {
			return socialsvc.FieldErr("conversion.rate", "same_currency", "err.conversion_rate.same_currency_2")
		}
		e.Converted = e.Amount
		e.Conversion = socialsvc.Conversion{Rate: oneRate, RateDate: e.Date, Source: string(p.Currency), Basis: socialsvc.RateBasisSameCurrency}
		return nil
	}
	rt, err := s.RateTable(ctx)
	if err != nil {
		return err
	}
	if entered {
		eur, conv, err := p.RateRule.ApplyEntered(rt, e.Amount, e.Date, given, programmeActor(ctx))
		if err != nil {
			return err
		}
		e.Converted, e.Conversion = eur, conv
		return nil
	}
	var submitted socialsvc.Date
	if p.RateRule.Effective() == socialsvc.RateInforEuroSubmitted {
		// Until the reporting cycle submits lines, the month a line is
		// recorded stands in for the month it is submitted for control.
		submitted = socialsvc.DateOf(Now(ctx))
	}
	eur, conv, err := p.RateRule.ToEUR(rt, e.Amount, e.Date, submitted)
	if err != nil {
		return err
	}
	e.Converted, e.Conversion = eur, conv
	return nil
}

// conversionEqual compares conversions by value (1.5 and 1.50 are one
// rate). The basis is left out: it is the library's, not input.
func conversionEqual(a, b socialsvc.Conversion) bool {
	return a.Rate.Equal(b.Rate) && a.RateDate == b.RateDate && a.Source == b.Source
}
