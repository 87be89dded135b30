package socialsvc

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The reporting and payment cycle (DOMAIN.md "The reporting and payment
// cycle"; Jems: partner report, control, project report, payments): a
// partner declares its costs of a period in a PartnerReport, an
// independent controller decides per line (LineControl), the lead partner
// bundles certified partner reports in a ProjectReport, and once the
// programme verifies it, ComputePayments gives each partner its fund
// shares of the certified total, less what advances still cover.
//
// The functions here hold every money and state rule of the cycle; who
// may make a step is the store's (store.CheckWrite and the CheckXxx
// functions), because it depends on the actor.

// Identifiers of the cycle's records.
type (
	PartnerReportID string
	ProjectReportID string
	PaymentID       string
	AdvanceID       string
)

// ReportStatus is a partner report's place in the cycle.
type ReportStatus string

// The statuses of a partner report: draft → submitted → in_control →
// certified. A controller may return a submitted report or one in control
// to draft, with a reason; a certified report is reopened (back to
// in_control, so that the controller decides again on the frozen lines)
// only by the programme, with a reason.
const (
	ReportDraft     ReportStatus = "draft"
	ReportSubmitted ReportStatus = "submitted"
	ReportInControl ReportStatus = "in_control"
	ReportCertified ReportStatus = "certified"
)

// ReportStatuses lists the statuses in cycle order.
var ReportStatuses = []ReportStatus{ReportDraft, ReportSubmitted, ReportInControl, ReportCertified}

var reportTransitions = map[ReportStatus][]ReportStatus{
	ReportDraft:     {ReportSubmitted},
	ReportSubmitted: {ReportInControl, ReportDraft},
	ReportInControl: {ReportCertified, ReportDraft},
	ReportCertified: {ReportInControl},
}

// Valid reports whether s is known.
func (s ReportStatus) Valid() bool { return slices.Contains(ReportStatuses, s) }

// CanTransition reports whether a report in s may move to to.
func (s ReportStatus) CanTransition(to ReportStatus) bool {
	return slices.Contains(reportTransitions[s], to)
}

// NeedsReason reports whether the move from s to to needs a reason: a
// return to draft and the reopening of a certified report.
func (s ReportStatus) NeedsReason(to ReportStatus) bool {
	return to == ReportDraft || s == ReportCertified
}

// Label returns the status for people reading lang, from the catalogue
// ids domain.report_status.<status>.
func (s ReportStatus) Label(lang Lang) string { return codeLabel("domain.report_status.", s, lang) }

// ReportStep is one move of a report in its cycle, kept in its history.
type ReportStep struct {
	From   string `json:"from"`
	To     string `json:"to"`
	On     Date   `json:"on"`
	Reason string `json:"reason,omitempty"`
}

// MaxCycleReason bounds the reason of a return or reopening, in bytes.
const MaxCycleReason = 1000

// ContributionSource is where a part of a partner's own contribution
// comes from, as Interreg programmes classify it.
type ContributionSource string

// The sources of own contribution.
const (
	ContributionPublic          ContributionSource = "public"
	ContributionAutomaticPublic ContributionSource = "automatic_public"
	ContributionPrivate         ContributionSource = "private"
)

// Valid reports whether s is known.
func (s ContributionSource) Valid() bool {
	return s == ContributionPublic || s == ContributionAutomaticPublic || s == ContributionPrivate
}

// Label returns the source for people reading lang, from the catalogue
// ids domain.contribution.<source>.
func (s ContributionSource) Label(lang Lang) string {
	return codeLabel("domain.contribution.", s, lang)
}

// Contribution is one source of the own contribution a partner declares in
// a report.
type Contribution struct {
	Source ContributionSource `json:"source"`
	Name   string             `json:"name,omitempty"`
	Amount Money              `json:"amount"`
}

// PartnerReport is a partner's report of its costs for one reporting
// period. Number counts the partner's reports from 1. RateMonth is the
// month of submission, frozen with the lines' conversions; the dates of
// the last step into each status are kept beside the full History.
type PartnerReport struct {
	ID            PartnerReportID `json:"id"`
	ProjectID     ProjectID       `json:"project_id"`
	PartnerID     PartnerID       `json:"partner_id"`
	Number        int             `json:"number"`
	Period        int             `json:"period"`
	Status        ReportStatus    `json:"status"`
	RateMonth     Month           `json:"rate_month,omitzero"`
	SubmittedOn   Date            `json:"submitted_on,omitzero"`
	ControlOn     Date            `json:"control_on,omitzero"`
	CertifiedOn   Date            `json:"certified_on,omitzero"`
	Contributions []Contribution  `json:"contributions,omitempty"`
	History       []ReportStep    `json:"history,omitempty"`
	Version       int64           `json:"version"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// ErrorType is the kind of error a controller finds in a line, from the
// catalogue programmes use for deductions.
type ErrorType string

// The error types of a deduction.
const (
	ErrIneligibleCost   ErrorType = "ineligible_cost"
	ErrMissingDocument  ErrorType = "missing_document"
	ErrProcurement      ErrorType = "procurement_error"
	ErrOutsidePeriod    ErrorType = "outside_period"
	ErrDoubleFinancing  ErrorType = "double_financing"
	ErrOtherControlType ErrorType = "other"
)

// ErrorTypes lists the catalogue in reporting order.
var ErrorTypes = []ErrorType{ErrIneligibleCost, ErrMissingDocument, ErrProcurement, ErrOutsidePeriod, ErrDoubleFinancing, ErrOtherControlType}

// Valid reports whether t is in the catalogue.
func (t ErrorType) Valid() bool { return slices.Contains(ErrorTypes, t) }

// Label returns the error type for people reading lang, from the
// catalogue ids domain.error_type.<type>.
func (t ErrorType) Label(lang Lang) string { return codeLabel("domain.error_type.", t, lang) }

// LineControl is the controller's decision on one line. Certified +
// Deducted equals the line's declared (converted) amount to the cent,
// unless the line is Parked: then both are zero and the line is carried
// to a later report (CarryParked). A deduction names its ErrorType.
type LineControl struct {
	InSample  bool      `json:"in_sample"`
	Certified Money     `json:"certified"`
	Deducted  Money     `json:"deducted"`
	ErrorType ErrorType `json:"error_type,omitempty"`
	Comment   string    `json:"comment,omitempty"`
	Parked    bool      `json:"parked,omitempty"`
}

// ReportExpenditure is an expenditure line of a partner report, with what
// controllers ask for. Amount is what was paid, in its own currency (for a
// unit cost or a lump sum it is priced by PriceCostOption from CostOption
// and Units, never entered). Converted and Conversion are computed when
// the report is submitted, under the project's rate rule, and frozen.
type ReportExpenditure struct {
	ID             ExpenditureID    `json:"id"`
	ReportID       PartnerReportID  `json:"report_id"`
	Category       CostCategory     `json:"category"`
	Description    string           `json:"description,omitempty"`
	Amount         Money            `json:"amount"`
	CostOption     string           `json:"cost_option,omitempty"`
	Units          *decimal.Decimal `json:"units,omitempty"`
	InvoiceNumber  string           `json:"invoice_number,omitempty"`
	InvoiceDate    Date             `json:"invoice_date"`
	PaymentDate    Date             `json:"payment_date,omitzero"`
	VAT            Money            `json:"vat,omitzero"`
	VATRecoverable bool             `json:"vat_recoverable,omitempty"`
	ProcurementRef string           `json:"procurement_ref,omitempty"`
	InternalRef    string           `json:"internal_ref,omitempty"`
	ParkedFrom     ExpenditureID    `json:"parked_from,omitempty"`
	Converted      Money            `json:"converted,omitzero"`
	Conversion     Conversion       `json:"conversion,omitzero"`
	Control        *LineControl     `json:"control,omitempty"`
	Version        int64            `json:"version"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
}

// Incurred is the date the cost was incurred: the invoice date.
func (l *ReportExpenditure) Incurred() Date { return l.InvoiceDate }

// errReportState is the conflict of a change the report's status refuses.
func errReportState(field, rule, id string, args Args) error {
	return NewError(Conflict, id, args, NewFieldError(field, rule, id, args))
}

// ErrReportNotDraft is the error for a change to the lines of a report
// that is not a draft.
var ErrReportNotDraft = errReportState("status", "not_draft", "err.status.not_draft", nil)

// ValidatePartnerReport checks a report's own fields against its project:
// a period of the project, a number from 1, a known status and valid
// contributions.
func ValidatePartnerReport(r *PartnerReport, p *Project) error {
	c := &checker{name: "partner report"}
	if r.ProjectID == "" {
		c.add("project_id", "required", fixedMessages["required"].id, fixedMessages["required"].args)
	}
	if r.PartnerID == "" {
		c.add("partner_id", "required", fixedMessages["required"].id, fixedMessages["required"].args)
	}
	if r.Number < 1 {
		c.add("number", "min", "err.number.min", nil)
	}
	if !r.Status.Valid() {
		c.add("status", "oneof", "err.status.oneof", nil)
	}
	if p != nil && !projectHasPeriod(p, r.Period) {
		c.add("period", "period", msgNotPeriod.id, msgNotPeriod.args)
	}
	for i, ct := range r.Contributions {
		at := indexPath("contributions", i)
		if !ct.Source.Valid() {
			c.add(at+".source", "oneof", "err.oneof", nil)
		}
		if len(ct.Name) > 300 {
			c.add(at+".name", "max", "err.max", nil)
		}
		if p != nil && ct.Amount.Currency() != p.Currency {
			c.add(at+".amount.currency", "project_currency", "err.project_currency", Args{"Currency": string(p.Currency)})
		} else if ct.Amount.IsNegative() {
			c.add(at+".amount", "gte", "err.gte", nil)
		}
	}
	return c.err()
}

// ValidateReportExpenditure checks a line of a report of project p and
// prices a unit-cost or lump-sum claim (PriceCostOption). The invoice date
// must lie in the project's eligible period; the payment date, when
// given, not before it; the VAT in the line's currency and not above the
// amount; categories a flat rate computes cannot be entered; Converted is
// the library's and cannot be given.
func ValidateReportExpenditure(l *ReportExpenditure, p *Project) error {
	c := &checker{name: "expenditure line"}
	if !l.Category.Valid() {
		c.add("category", "cost_category", "err.category.cost_category", nil)
	} else if flatRateCategory(p, l.Category) {
		c.add("category", "flat_rate", "err.category.flat_rate", Args{"Category": string(l.Category)})
	}
	if err := PriceCostOption(p, l.Category, l.CostOption, l.Units, &l.Amount); err != nil && !c.has("category") {
		c.merge(err)
	}
	switch {
	case !l.Amount.Currency().Valid():
		c.add("amount.currency", "currency", fixedMessages["currency"].id, fixedMessages["currency"].args)
	case !l.Amount.IsPositive():
		c.add("amount", "gt", "err.amount.gt", nil)
	case l.Amount.Cents() > maxCents:
		c.add("amount", "max", "err.amount.max", nil)
	}
	switch {
	case !l.InvoiceDate.Valid():
		c.add("invoice_date", "date_required", "err.invoice_date.date_required", nil)
	case projectPeriodValid(p) && !p.Eligible(l.InvoiceDate):
		c.add("invoice_date", "within_project", msgWithinElig.id, msgWithinElig.args)
	}
	if !l.PaymentDate.IsZero() {
		switch {
		case !l.PaymentDate.Valid():
			c.add("payment_date", "date", "err.payment_date.date", nil)
		case l.InvoiceDate.Valid() && l.PaymentDate.Before(l.InvoiceDate):
			c.add("payment_date", "gte_invoice_date", "err.payment_date.gte_invoice_date", nil)
		}
	}
	if l.VAT != (Money{}) {
		switch {
		case l.VAT.Currency() != l.Amount.Currency():
			c.add("vat.currency", "same_currency", "err.vat_currency.same_currency", nil)
		case l.VAT.IsNegative() || l.VAT.Cents() > l.Amount.Cents():
			c.add("vat", "vat_bounds", "err.vat.vat_bounds", nil)
		}
	}
	for _, f := range []struct {
		name, v string
		n       int
	}{{"description", l.Description, 1000}, {"invoice_number", l.InvoiceNumber, 100}, {"procurement_ref", l.ProcurementRef, 200}, {"internal_ref", l.InternalRef, 200}} {
		if len(f.v) > f.n {
			c.add(f.name, "max", "err.max_2", Args{"Max": itoa(f.n)})
		}
	}
	if l.Control != nil {
		c.add("control", "read_only", "err.control.read_only", nil)
	}
	return c.err()
}

// Declared is the line's declared amount in the project currency: the
// frozen conversion once the report is submitted, the amount itself while
// a draft line is in the project currency, and false for a draft line in
// another currency (converted only at submission).
func (l *ReportExpenditure) Declared(cur Currency) (Money, bool) {
	if l.Converted.Currency() == cur && l.Converted != (Money{}) {
		return l.Converted, true
	}
	if l.Amount.Currency() == cur {
		return l.Amount, true
	}
	return Money{}, false
}

// moveReport records the step from r's status to to on on.
func (r *PartnerReport) moveReport(to ReportStatus, on Date, reason string) error {
	if !to.Valid() {
		return FieldErr("to", "oneof", "err.status.oneof")
	}
	if !r.Status.CanTransition(to) {
		return errReportState("to", "transition", "err.to.transition", Args{"Status": r.Status, "To": to})
	}
	reason = strings.TrimSpace(reason)
	if r.Status.NeedsReason(to) && reason == "" {
		return FieldErr("reason", "required", "err.reason.required")
	}
	if len(reason) > MaxCycleReason {
		return FieldErr("reason", "max", "err.reason.max")
	}
	if !on.Valid() {
		return FieldErr("on", "date_required", "err.on.date_required")
	}
	r.History = append(r.History, ReportStep{From: string(r.Status), To: string(to), On: on, Reason: reason})
	r.Status = to
	return nil
}

// TransitionPartnerReport moves r to status to on date on, with its lines
// (changed in place), and returns nothing changed on error:
//
//   - submitted: every line valid (ValidateReportExpenditure); each line
//     converted under the project's rate rule with on as the month of
//     submission (RateRule.ToEUR), frozen; RateMonth is on's month; the
//     declared own contribution, when the report declares contributions,
//     must equal their sum;
//   - in_control: the controller takes the report;
//   - certified: every line has a decision (lines without one are outside
//     the sample and certified as declared), each checked by CheckControl;
//   - draft (return by the controller) and in_control from certified
//     (reopening): a reason is required. A return clears conversions and
//     decisions, so that the next submission converts again; a reopening
//     keeps both for the controller to revise.
//
// funds and partner are needed for the own-contribution check at
// submission (partner's co-financing); rt is the rate table.
func TransitionPartnerReport(p *Project, partner *Partner, funds []Fund, r *PartnerReport, lines []ReportExpenditure, rt *RateTable, to ReportStatus, on Date, reason string) error {
	next := *r
	next.History = slices.Clone(r.History)
	work := slices.Clone(lines)
	if err := next.moveReport(to, on, reason); err != nil {
		return err
	}
	switch {
	case to == ReportSubmitted:
		var errs []error
		for i := range work {
			l := &work[i]
			l.Control = nil
			if err := ValidateReportExpenditure(l, p); err != nil {
				errs = append(errs, PrefixFields(err, indexPath("lines", i)))
				continue
			}
			eur, conv, err := convertLine(p, rt, l, on)
			if err != nil {
				errs = append(errs, PrefixFields(err, indexPath("lines", i)))
				continue
			}
			l.Converted, l.Conversion = eur, conv
		}
		if err := JoinInvalid("the report cannot be submitted", errs...); err != nil {
			return err
		}
		next.RateMonth = on.MonthOf()
		next.SubmittedOn = on
		if err := checkContributions(p, partner, funds, &next, work); err != nil {
			return err
		}
	case to == ReportInControl && r.Status == ReportSubmitted:
		next.ControlOn = on
	case to == ReportCertified:
		for i := range work {
			l := &work[i]
			if l.Control == nil {
				d, _ := l.Declared(p.Currency)
				l.Control = &LineControl{Certified: d, Deducted: Zero(p.Currency)}
			}
			if err := CheckControl(p.Currency, l, *l.Control); err != nil {
				return PrefixFields(err, indexPath("lines", i)+".control")
			}
		}
		next.CertifiedOn = on
	case to == ReportDraft:
		for i := range work {
			work[i].Converted, work[i].Conversion, work[i].Control = Money{}, Conversion{}, nil
		}
		next.RateMonth, next.SubmittedOn, next.ControlOn, next.CertifiedOn = Month{}, Date{}, Date{}, Date{}
	case to == ReportInControl && r.Status == ReportCertified:
		next.CertifiedOn = Date{}
	}
	*r = next
	copy(lines, work)
	return nil
}

// convertLine converts l, submitted on on, under the project's rule: the
// project's own currency at rate 1, otherwise RateRule.ToEUR.
func convertLine(p *Project, rt *RateTable, l *ReportExpenditure, on Date) (Money, Conversion, error) {
	if l.Amount.Currency() == p.Currency {
		return l.Amount, Conversion{Rate: decimal.NewFromInt(1), RateDate: l.InvoiceDate, Source: string(p.Currency), Basis: RateBasisSameCurrency}, nil
	}
	if p.Currency != EUR {
		return Money{}, Conversion{}, FieldErrf("amount.currency", "project_currency", "err.amount_currency.project_currency", Args{"Currency": string(p.Currency)})
	}
	return p.RateRule.ToEUR(rt, l.Amount, l.InvoiceDate, on)
}

// checkContributions checks, when r declares contributions, that their
// sum is the own contribution of the declared total (the total less the
// partner's fund shares, ComputeFunding).
func checkContributions(p *Project, partner *Partner, funds []Fund, r *PartnerReport, lines []ReportExpenditure) error {
	if len(r.Contributions) == 0 {
		return nil
	}
	sums, err := SumPartnerReport(p, r, lines)
	if err != nil {
		return err
	}
	tbl, err := fundShares(p.Currency, *partner, sums.Declared, funds)
	if err != nil {
		return err
	}
	t := NewTotal(p.Currency)
	for _, c := range r.Contributions {
		if err := t.Add(c.Amount); err != nil {
			return PrefixFields(err, "contributions")
		}
	}
	got, err := t.Money()
	if err != nil {
		return err
	}
	if got != tbl.Partners[0].Own {
		return FieldErrf("contributions", "own_contribution", "err.contributions.own_contribution", Args{"Got": got.AmountString(), "Own": tbl.Partners[0].Own.AmountString()})
	}
	return nil
}

// fundShares is ComputeFunding on one partner's amount.
func fundShares(cur Currency, partner Partner, total Money, funds []Fund) (FundingTable, error) {
	return ComputeFunding(cur, []Partner{partner}, []BudgetLine{{ProjectID: partner.ProjectID, PartnerID: partner.ID, Amount: total}}, funds)
}

// CheckControl checks a controller's decision on line l in a project of
// currency cur: a parked line has neither a certified nor a deducted
// amount; otherwise both are in cur, not negative, and add up to the
// declared amount to the cent (rule "certified_plus_deducted" on
// "deducted"); a deduction names its error type from the catalogue.
// Fields are those of LineControl.
func CheckControl(cur Currency, l *ReportExpenditure, d LineControl) error {
	c := &checker{name: "control"}
	declared, ok := l.Declared(cur)
	if !ok {
		return FieldErr("certified", "not_converted", "err.certified.not_converted")
	}
	if d.ErrorType != "" && !d.ErrorType.Valid() {
		c.add("error_type", "oneof", "err.error_type.oneof", nil)
	}
	if len(d.Comment) > 2000 {
		c.add("comment", "max", "err.comment.max", nil)
	}
	if d.Parked {
		if !d.Certified.IsZero() || !d.Deducted.IsZero() {
			c.add("parked", "parked", "err.parked.parked", nil)
		}
		return c.err()
	}
	for _, f := range []struct {
		name string
		m    Money
	}{{"certified", d.Certified}, {"deducted", d.Deducted}} {
		switch {
		case f.m.Currency() != cur:
			c.add(f.name+".currency", "project_currency", "err.project_currency_2", Args{"Currency": string(cur)})
		case f.m.IsNegative():
			c.add(f.name, "gte", "err.gte", nil)
		}
	}
	if c.has("certified.currency") || c.has("deducted.currency") || c.has("certified") || c.has("deducted") {
		return c.err()
	}
	if sum, over := add64(d.Certified.Cents(), d.Deducted.Cents()); over || sum != declared.Cents() {
		c.add("deducted", "certified_plus_deducted", "err.deducted.certified_plus_deducted", Args{"Declared": declared.AmountString()})
	}
	if d.Deducted.IsPositive() && d.ErrorType == "" {
		c.add("error_type", "required", "err.error_type.required", nil)
	}
	return c.err()
}

// CategorySum is a report's amounts in one cost category.
type CategorySum struct {
	Category  CostCategory `json:"category"`
	Declared  Money        `json:"declared"`
	Certified Money        `json:"certified"`
	Deducted  Money        `json:"deducted"`
	Parked    Money        `json:"parked"`
	// FlatRate marks a category computed by a flat rate.
	FlatRate bool `json:"flat_rate,omitempty"`
}

// ErrorSum is what a report's controller deducted for one error type.
type ErrorSum struct {
	ErrorType ErrorType `json:"error_type"`
	Lines     int       `json:"lines"`
	Deducted  Money     `json:"deducted"`
}

// ReportSums are the figures of a partner report: per category, the flat
// rates computed from the declared and from the certified lines, the
// totals and the deductions by error type. Unconverted counts draft lines
// in another currency, which have no declared amount until submission.
type ReportSums struct {
	Categories  []CategorySum `json:"categories"`
	Declared    Money         `json:"declared"`
	Certified   Money         `json:"certified"`
	Deducted    Money         `json:"deducted"`
	Parked      Money         `json:"parked"`
	Deductions  []ErrorSum    `json:"deductions,omitempty"`
	Unconverted int           `json:"unconverted,omitempty"`
}

// Category returns the sums of category c (zero sums when absent).
func (s ReportSums) Category(c CostCategory) CategorySum {
	for _, cs := range s.Categories {
		if cs.Category == c {
			return cs
		}
	}
	z := Zero(s.Declared.Currency())
	return CategorySum{Category: c, Declared: z, Certified: z, Deducted: z, Parked: z}
}

// SumPartnerReport computes the figures of report r from its lines. The
// flat-rate categories are computed by ComputeFlatRates from the declared
// lines and, separately, from the certified lines (lines with a decision),
// each floored on its own for this report, so that a report never moves
// when another is certified; they are never entered. A flat-rate
// category's deduction is the difference of the two.
func SumPartnerReport(p *Project, r *PartnerReport, lines []ReportExpenditure) (ReportSums, error) {
	cur := p.Currency
	type acc struct{ declared, certified, deducted, parked Total }
	by := map[CostCategory]*acc{}
	get := func(c CostCategory) *acc {
		a, ok := by[c]
		if !ok {
			a = &acc{NewTotal(cur), NewTotal(cur), NewTotal(cur), NewTotal(cur)}
			by[c] = a
		}
		return a
	}
	var declaredBase, certifiedBase []CostAmount
	errs := map[ErrorType]*struct {
		n int
		t Total
	}{}
	out := ReportSums{}
	for i := range lines {
		l := &lines[i]
		d, ok := l.Declared(cur)
		if !ok {
			out.Unconverted++
			continue
		}
		a := get(l.Category)
		if err := a.declared.Add(d); err != nil {
			return ReportSums{}, PrefixFields(err, indexPath("lines", i))
		}
		declaredBase = append(declaredBase, CostAmount{PartnerID: r.PartnerID, Category: l.Category, Period: r.Period, Amount: d})
		if l.Control == nil {
			continue
		}
		ctl := l.Control
		if ctl.Parked {
			_ = a.parked.Add(d)
			continue
		}
		if err := a.certified.Add(ctl.Certified); err != nil {
			return ReportSums{}, PrefixFields(err, indexPath("lines", i)+".control")
		}
		if err := a.deducted.Add(ctl.Deducted); err != nil {
			return ReportSums{}, PrefixFields(err, indexPath("lines", i)+".control")
		}
		certifiedBase = append(certifiedBase, CostAmount{PartnerID: r.PartnerID, Category: l.Category, Period: r.Period, Amount: ctl.Certified})
		if ctl.Deducted.IsPositive() {
			e, ok := errs[ctl.ErrorType]
			if !ok {
				e = &struct {
					n int
					t Total
				}{t: NewTotal(cur)}
				errs[ctl.ErrorType] = e
			}
			e.n++
			_ = e.t.Add(ctl.Deducted)
		}
	}
	flat := map[CostCategory]bool{}
	if len(p.FlatRates) > 0 {
		// -1: no period of a report is the closing one; each report is
		// floored on its own.
		dec, err := ComputeFlatRates(cur, p.FlatRates, declaredBase, -1)
		if err != nil {
			return ReportSums{}, err
		}
		cert, err := ComputeFlatRates(cur, p.FlatRates, certifiedBase, -1)
		if err != nil {
			return ReportSums{}, err
		}
		for _, fr := range p.FlatRates {
			flat[fr.Category()] = true
			get(fr.Category())
		}
		for _, f := range dec {
			_ = get(f.Category).declared.Add(f.Amount)
		}
		for _, f := range cert {
			_ = get(f.Category).certified.Add(f.Amount)
		}
	}
	var totals acc = acc{NewTotal(cur), NewTotal(cur), NewTotal(cur), NewTotal(cur)}
	for _, c := range CostCategories {
		a, ok := by[c]
		if !ok {
			continue
		}
		cs := CategorySum{Category: c, FlatRate: flat[c]}
		var err error
		if cs.Declared, err = a.declared.Money(); err != nil {
			return ReportSums{}, err
		}
		if cs.Certified, err = a.certified.Money(); err != nil {
			return ReportSums{}, err
		}
		if cs.Parked, err = a.parked.Money(); err != nil {
			return ReportSums{}, err
		}
		if flat[c] {
			if r.Status == ReportCertified || hasControl(lines) {
				cs.Deducted = Cents(cs.Declared.Cents()-cs.Certified.Cents(), cur)
			} else {
				cs.Deducted = Zero(cur)
			}
		} else if cs.Deducted, err = a.deducted.Money(); err != nil {
			return ReportSums{}, err
		}
		_ = totals.declared.Add(cs.Declared)
		_ = totals.certified.Add(cs.Certified)
		_ = totals.deducted.Add(cs.Deducted)
		_ = totals.parked.Add(cs.Parked)
		out.Categories = append(out.Categories, cs)
	}
	var err error
	if out.Declared, err = totals.declared.Money(); err != nil {
		return ReportSums{}, err
	}
	if out.Certified, err = totals.certified.Money(); err != nil {
		return ReportSums{}, err
	}
	if out.Deducted, err = totals.deducted.Money(); err != nil {
		return ReportSums{}, err
	}
	if out.Parked, err = totals.parked.Money(); err != nil {
		return ReportSums{}, err
	}
	for _, t := range ErrorTypes {
		if e, ok := errs[t]; ok {
			m, _ := e.t.Money()
			out.Deductions = append(out.Deductions, ErrorSum{ErrorType: t, Lines: e.n, Deducted: m})
		}
	}
	return out, nil
}

func hasControl(lines []ReportExpenditure) bool {
	return slices.ContainsFunc(lines, func(l ReportExpenditure) bool { return l.Control != nil })
}

// CarryParked returns, for a later draft report, a copy of every parked
// line of lines: unconverted, without a decision, pointing back at the
// line it carries (ParkedFrom) and with a new ID left to the store.
func CarryParked(lines []ReportExpenditure, to PartnerReportID) []ReportExpenditure {
	var out []ReportExpenditure
	for _, l := range lines {
		if l.Control == nil || !l.Control.Parked {
			continue
		}
		n := l
		n.ID, n.ReportID, n.ParkedFrom = "", to, l.ID
		n.Converted, n.Conversion, n.Control = Money{}, Conversion{}, nil
		n.Version, n.CreatedAt, n.UpdatedAt = 0, time.Time{}, time.Time{}
		out = append(out, n)
	}
	return out
}

// ProjectReportStatus is a project report's place in the cycle.
type ProjectReportStatus string

// The statuses of a project report: the lead partner assembles a draft
// and submits it; the programme verifies it or returns it (with a
// reason), and a returned report is submitted again.
const (
	ProjectReportDraft     ProjectReportStatus = "draft"
	ProjectReportSubmitted ProjectReportStatus = "submitted"
	ProjectReportVerified  ProjectReportStatus = "verified"
	ProjectReportReturned  ProjectReportStatus = "returned"
)

var projectReportTransitions = map[ProjectReportStatus][]ProjectReportStatus{
	ProjectReportDraft:     {ProjectReportSubmitted},
	ProjectReportSubmitted: {ProjectReportVerified, ProjectReportReturned},
	ProjectReportReturned:  {ProjectReportSubmitted},
}

// Valid reports whether s is known.
func (s ProjectReportStatus) Valid() bool {
	switch s {
	case ProjectReportDraft, ProjectReportSubmitted, ProjectReportVerified, ProjectReportReturned:
		return true
	}
	return false
}

// CanTransition reports whether a project report in s may move to to.
func (s ProjectReportStatus) CanTransition(to ProjectReportStatus) bool {
	return slices.Contains(projectReportTransitions[s], to)
}

// Label returns the status for people reading lang, from the catalogue
// ids domain.project_report_status.<status>.
func (s ProjectReportStatus) Label(lang Lang) string {
	return codeLabel("domain.project_report_status.", s, lang)
}

// ProjectReport is the lead partner's bundle of certified partner reports
// of one period.
type ProjectReport struct {
	ID               ProjectReportID     `json:"id"`
	ProjectID        ProjectID           `json:"project_id"`
	Number           int                 `json:"number"`
	Period           int                 `json:"period"`
	PartnerReportIDs []PartnerReportID   `json:"partner_report_ids"`
	Status           ProjectReportStatus `json:"status"`
	SubmittedOn      Date                `json:"submitted_on,omitzero"`
	VerifiedOn       Date                `json:"verified_on,omitzero"`
	History          []ReportStep        `json:"history,omitempty"`
	Version          int64               `json:"version"`
	CreatedAt        time.Time           `json:"created_at"`
	UpdatedAt        time.Time           `json:"updated_at"`
}

// ValidateProjectReport checks a project report of project p against the
// partner reports it bundles (reports, in the order of PartnerReportIDs):
// at least one, none twice, each of the project and the period and
// certified (rule "certified" on partner_report_ids[i]).
func ValidateProjectReport(pr *ProjectReport, p *Project, reports []PartnerReport) error {
	c := &checker{name: "project report"}
	if !projectHasPeriod(p, pr.Period) {
		c.add("period", "period", msgNotPeriod.id, msgNotPeriod.args)
	}
	if pr.Number < 1 {
		c.add("number", "min", "err.number.min", nil)
	}
	if len(pr.PartnerReportIDs) == 0 {
		c.add("partner_report_ids", "required", "err.partner_report_ids.required", nil)
	}
	if len(reports) != len(pr.PartnerReportIDs) {
		c.add("partner_report_ids", "exists", "err.partner_report_ids.exists", nil)
		return c.err()
	}
	seen := map[PartnerReportID]bool{}
	for i, r := range reports {
		at := indexPath("partner_report_ids", i)
		switch {
		case seen[r.ID]:
			c.add(at, "unique", "err.unique_2", nil)
		case r.ProjectID != pr.ProjectID:
			c.add(at, "same_project", "err.same_project_2", nil)
		case r.Period != pr.Period:
			c.add(at, "same_period", "err.same_period", nil)
		case r.Status != ReportCertified:
			c.add(at, "certified", "err.certified", nil)
		}
		seen[r.ID] = true
	}
	return c.err()
}

// TransitionProjectReport moves pr to to on on; a return needs a reason.
// Submitting checks the bundled reports again (ValidateProjectReport),
// since a partner report may have been reopened in between.
func TransitionProjectReport(pr *ProjectReport, p *Project, reports []PartnerReport, to ProjectReportStatus, on Date, reason string) error {
	if !to.Valid() {
		return FieldErr("to", "oneof", "err.to.oneof")
	}
	if !pr.Status.CanTransition(to) {
		return errReportState("to", "transition", "err.to.transition_2", Args{"Status": pr.Status, "To": to})
	}
	reason = strings.TrimSpace(reason)
	if to == ProjectReportReturned && reason == "" {
		return FieldErr("reason", "required", "err.reason.required_2")
	}
	if len(reason) > MaxCycleReason {
		return FieldErr("reason", "max", "err.reason.max")
	}
	if !on.Valid() {
		return FieldErr("on", "date_required", "err.on.date_required")
	}
	if to != ProjectReportReturned {
		if err := ValidateProjectReport(pr, p, reports); err != nil {
			return err
		}
	}
	pr.History = append(slices.Clone(pr.History), ReportStep{From: string(pr.Status), To: string(to), On: on, Reason: reason})
	switch to {
	case ProjectReportSubmitted:
		pr.SubmittedOn = on
	case ProjectReportVerified:
		pr.VerifiedOn = on
	}
	pr.Status = to
	return nil
}

// Advance is an amount paid to a partner for a fund before any report.
// Later payments of that partner and fund settle it until it is used up:
// Settled is how much of it they have settled.
type Advance struct {
	ID        AdvanceID `json:"id"`
	ProjectID ProjectID `json:"project_id"`
	PartnerID PartnerID `json:"partner_id"`
	FundID    FundID    `json:"fund_id"`
	Amount    Money     `json:"amount"`
	PaidOn    Date      `json:"paid_on"`
	Settled   Money     `json:"settled"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Outstanding is the part of a not yet settled.
func (a *Advance) Outstanding() Money {
	return Cents(a.Amount.Cents()-a.Settled.Cents(), a.Amount.Currency())
}

// ValidateAdvance checks a new advance to partner of project p for fund
// fundID: a positive amount in the project currency, a date, a fund that
// co-finances the partner, and, with the partner's earlier advances for
// the fund (others), no more than the partner's share of the fund in the
// budget (budget, the project's ComputeFunding table): rule
// "fund_share" on "amount".
func ValidateAdvance(a *Advance, p *Project, partner *Partner, budget FundingTable, others []Advance) error {
	c := &checker{name: "advance"}
	if !slices.ContainsFunc(partner.Funding, func(cf CoFinancing) bool { return cf.FundID == a.FundID }) {
		c.add("fund_id", "partner_fund", "err.fund_id.partner_fund", nil)
	}
	switch {
	case a.Amount.Currency() != p.Currency:
		c.add("amount.currency", "project_currency", "err.project_currency", Args{"Currency": string(p.Currency)})
	case !a.Amount.IsPositive():
		c.add("amount", "gt", "err.amount.gt", nil)
	}
	if !a.PaidOn.Valid() {
		c.add("paid_on", "date_required", "err.paid_on.date_required", nil)
	}
	if err := c.err(); err != nil {
		return err
	}
	share := Zero(p.Currency)
	for _, row := range budget.Partners {
		if row.PartnerID == partner.ID {
			for _, f := range row.Funds {
				if f.FundID == a.FundID {
					share = f.Amount
				}
			}
		}
	}
	total := a.Amount.Cents()
	for _, o := range others {
		if o.PartnerID == a.PartnerID && o.FundID == a.FundID && o.ID != a.ID {
			total += o.Amount.Cents()
		}
	}
	if total > share.Cents() {
		return FieldErrf("amount", "fund_share", "err.amount.fund_share", Args{"Share": share.AmountString()})
	}
	return nil
}

// Payment is what a partner receives from one fund for a verified project
// report: FundAmount is ComputeFunding's share of the partner's certified
// total (rounded down per partner and fund), AdvanceSettled what of its
// advances this payment settles, Due the rest. Paid and PaidOn are set
// once, when the programme records the payment (RecordPayment).
type Payment struct {
	ID              PaymentID       `json:"id"`
	ProjectID       ProjectID       `json:"project_id"`
	ProjectReportID ProjectReportID `json:"project_report_id"`
	PartnerID       PartnerID       `json:"partner_id"`
	FundID          FundID          `json:"fund_id"`
	RatePercent     decimal.Decimal `json:"rate_percent"`
	Certified       Money           `json:"certified"`
	FundAmount      Money           `json:"fund_amount"`
	Own             Money           `json:"own_contribution"`
	AdvanceSettled  Money           `json:"advance_settled"`
	Due             Money           `json:"due"`
	Paid            *Money          `json:"paid"`
	PaidOn          *Date           `json:"paid_on"`
	Version         int64           `json:"version"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
}

// PartnerCertified is a partner's certified total in a project report.
type PartnerCertified struct {
	PartnerID PartnerID
	Certified Money
}

// ComputePayments computes the payments of a verified project report pr:
// for each partner of certified (their certified totals in pr; a partner
// with several partner reports is given once, with their sum) and each
// fund co-financing it, ComputeFunding's share of the partner's certified
// total, rounded down per partner and fund (never a share of the project
// total), less what of the partner's advances for the fund is still
// outstanding, oldest first. It returns the payments in the order of
// certified and the fund order of each partner, and the advances with
// their Settled updated (only those that changed). partners are the
// project's partners (for their co-financing), funds the fund catalogue.
func ComputePayments(p *Project, pr *ProjectReport, partners []Partner, funds []Fund, certified []PartnerCertified, advances []Advance) ([]Payment, []Advance, error) {
	byID := map[PartnerID]Partner{}
	for _, pt := range partners {
		byID[pt.ID] = pt
	}
	var sel []Partner
	var lines []BudgetLine
	seen := map[PartnerID]bool{}
	for i, pc := range certified {
		pt, ok := byID[pc.PartnerID]
		if !ok {
			return nil, nil, FieldErr(indexPath("certified", i)+".partner_id", "exists", "err.exists_3")
		}
		if seen[pc.PartnerID] {
			return nil, nil, FieldErr(indexPath("certified", i)+".partner_id", "unique", "err.unique")
		}
		seen[pc.PartnerID] = true
		sel = append(sel, pt)
		lines = append(lines, BudgetLine{ProjectID: p.ID, PartnerID: pc.PartnerID, Amount: pc.Certified})
	}
	tbl, err := ComputeFunding(p.Currency, sel, lines, funds)
	if err != nil {
		return nil, nil, err
	}
	adv := slices.Clone(advances)
	slices.SortStableFunc(adv, func(a, b Advance) int {
		if c := a.PaidOn.Compare(b.PaidOn); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	changed := map[AdvanceID]bool{}
	var out []Payment
	for _, row := range tbl.Partners {
		for _, f := range row.Funds {
			left := f.Amount.Cents()
			var settled int64
			for i := range adv {
				a := &adv[i]
				if a.PartnerID != row.PartnerID || a.FundID != f.FundID || left == 0 {
					continue
				}
				take := min(a.Outstanding().Cents(), left)
				if take <= 0 {
					continue
				}
				a.Settled = Cents(a.Settled.Cents()+take, p.Currency)
				left -= take
				settled += take
				changed[a.ID] = true
			}
			out = append(out, Payment{ProjectID: p.ID, ProjectReportID: pr.ID, PartnerID: row.PartnerID, FundID: f.FundID, RatePercent: f.RatePercent,
				Certified: row.Total, FundAmount: f.Amount, Own: row.Own, AdvanceSettled: Cents(settled, p.Currency), Due: Cents(left, p.Currency)})
		}
	}
	var upd []Advance
	for _, a := range adv {
		if changed[a.ID] {
			upd = append(upd, a)
		}
	}
	return out, upd, nil
}

// ErrPaymentRecorded is the conflict of recording a payment twice.
var ErrPaymentRecorded = errReportState("paid", "recorded", "err.paid.recorded", nil)

// RecordPayment records what was paid of pay and when: once (conflict
// otherwise), an amount in the project currency from zero up to the
// amount due, and a real date not before the project report was verified.
func RecordPayment(pay *Payment, paid Money, on Date, verified Date) error {
	if pay.Paid != nil {
		return ErrPaymentRecorded
	}
	c := &checker{name: "payment"}
	switch {
	case paid.Currency() != pay.Due.Currency():
		c.add("paid.currency", "project_currency", "err.project_currency", Args{"Currency": string(pay.Due.Currency())})
	case paid.IsNegative() || paid.Cents() > pay.Due.Cents():
		c.add("paid", "due", "err.paid.due", Args{"Due": pay.Due.AmountString()})
	}
	switch {
	case !on.Valid():
		c.add("paid_on", "date_required", "err.paid_on.date_required", nil)
	case verified.Valid() && on.Before(verified):
		c.add("paid_on", "after_verification", "err.paid_on.after_verification", nil)
	}
	if err := c.err(); err != nil {
		return err
	}
	pay.Paid, pay.PaidOn = &paid, &on
	return nil
}
