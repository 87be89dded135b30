package socialsvc

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"
)

// The validator is the package's only global state: building it parses
// and caches struct tags, which is too costly to repeat per call, and it
// is safe for concurrent use once built.
var (
	validatorOnce sync.Once
	validatorInst *validator.Validate
)

// structValidator returns the package's validator, building it on first
// use.
func structValidator() *validator.Validate {
	validatorOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		// Field errors name the JSON field ("tax_id"), not the Go one
		// (TaxID): API clients point at their input with them.
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			if name := jsonName(f); name != "-" {
				return name
			}
			return snakeCase(f.Name)
		})
		registerRules(v)
		validatorInst = v
	})
	return validatorInst
}

// Validate checks the validate tags of a struct (or a pointer to one) and
// returns nil or an *Error with code Invalid, the message "invalid <type>"
// (the type name in snake_case, e.g. "invalid budget_line") and one
// FieldError for every failing field, not only the first, so that a form
// can mark all its mistakes at once. Field paths are JSON paths from the
// top value ("periods[1].end"). nil and values that are not structs are
// refused with an Invalid error rather than a panic.
//
// Validate checks single fields; the rules that relate fields or values to
// each other are in the ValidateXxx functions, which call it first.
func Validate(v any) error {
	fields, name, err := structFields(v)
	if err != nil {
		return err
	}
	return invalidFields(name, fields)
}

// structFields runs the validator on v and returns the failing fields and
// the snake_case name of v's type.
func structFields(v any) ([]FieldError, string, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil, "", &Error{Code: Invalid, Message: "invalid value: nothing to validate"}
	}
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, "", &Error{Code: Invalid, Message: "invalid " + typeName(rv.Type()) + ": nothing to validate"}
		}
		rv = rv.Elem()
	}
	name := typeName(rv.Type())
	if rv.Kind() != reflect.Struct {
		return nil, "", &Error{Code: Invalid, Message: "invalid value: expected a record (struct), got " + name}
	}
	target := rv.Interface()
	if rv.CanAddr() {
		target = rv.Addr().Interface()
	}
	err := structValidator().Struct(target)
	var ves validator.ValidationErrors
	if err != nil && !errors.As(err, &ves) {
		// InvalidValidationError: a value validator does not take as a
		// struct (time.Time).
		return nil, "", &Error{Code: Invalid, Message: "invalid value: expected a record (struct), got " + name, Err: err}
	}
	prefix := ""
	if rv.Type().Name() != "" {
		prefix = rv.Type().Name() + "."
	}
	var fields []FieldError
	for _, fe := range ves {
		m := tagMessage(fe)
		fields = append(fields, NewFieldError(strings.TrimPrefix(fe.Namespace(), prefix), fe.Tag(), m.id, m.args))
	}
	// The texts' languages and lengths are checked on every I18n the
	// record holds, tagged or not: a map has no fields for tags.
	walkTexts(rv, "", 0, func(path string, t I18n) { fields = append(fields, textFields(path, t)...) })
	return fields, name, nil
}

// typeName returns the snake_case name of t (of its element for
// pointers), or "value" for unnamed types.
func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "" {
		return "value"
	}
	return snakeCase(t.Name())
}

// invalid returns nil for no fields, else the Invalid error about name.
func invalidFields(name string, fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "invalid " + name, Fields: fields}
}

// checker collects the field errors of one value: those of its tags, then
// those of the cross-field rules. A field that already failed gets no
// second error, so that one mistake is reported once.
type checker struct {
	name   string
	fields []FieldError
}

// check starts a checker with the tag errors of v. It returns an error
// only when v cannot be validated at all (nil, not a struct).
func checkTags(v any) (*checker, error) {
	fields, name, err := structFields(v)
	if err != nil {
		return nil, err
	}
	return &checker{name: name, fields: fields}, nil
}

func (c *checker) has(field string) bool {
	return slices.ContainsFunc(c.fields, func(f FieldError) bool { return f.Field == field })
}

// add records the catalogue message id (with args) for field.
func (c *checker) add(field, rule, id string, args Args) {
	c.addField(NewFieldError(field, rule, id, args))
}

// addField records f unless its field already failed.
func (c *checker) addField(f FieldError) {
	if !c.has(f.Field) {
		c.fields = append(c.fields, f)
	}
}

// merge adds the fields of an Invalid error found by another function.
func (c *checker) merge(err error) {
	for _, f := range ErrorFields(err) {
		c.addField(f)
	}
}

func (c *checker) err() error { return invalidFields(c.name, c.fields) }

// path joins a prefix and a field name into a JSON path.
func jsonPath(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// index returns "name[i]".
func indexPath(name string, i int) string { return name + "[" + itoa(i) + "]" }

var (
	msgWithinProject = ruleMessage{"err.rule.within_project", nil}
	msgNotPeriod     = ruleMessage{"err.rule.not_period", nil}
	msgWithinElig    = ruleMessage{"err.rule.within_eligibility", nil}
	msgAssociated    = ruleMessage{"err.rule.associated_no_budget", nil}
)

// projectPeriodValid reports whether p has a usable implementation period.
func projectPeriodValid(p *Project) bool {
	return p != nil && p.Start.Valid() && p.End.Valid() && !p.End.Before(p.Start)
}

func projectHasPeriod(p *Project, n int) bool {
	return slices.ContainsFunc(p.Periods, func(per Period) bool { return per.Number == n })
}

// flatRateCategory reports whether c is computed by one of p's flat rates
// or replaced by its "all other costs" flat rate.
func flatRateCategory(p *Project, c CostCategory) bool { return flatRateCovers(p.FlatRates, c) }

// ValidateProject validates a project: its tags (acronym, title, dates,
// status, currency, regions...), end not before start, an eligibility
// period, when set, that contains the implementation period (rule
// "contains_project"), and the rules that relate its parts (DOMAIN.md):
// reporting periods have unique numbers, lie within the eligible period
// (the eligibility period when set, else the project period) and do not
// overlap, because budgets and
// expenditure are assigned to exactly one period; an office and
// administration flat rate is at most 15% (MaxFlatRateOffice); a flat rate
// is not computed from its own category nor from another computed one
// (ApplyFlatRates would find no base), and a category is computed by at
// most one flat rate.
func ValidateProject(p *Project) error {
	c, err := checkTags(p)
	if err != nil {
		return err
	}
	c.checkEligibility(p)
	c.checkLanguages(p)
	c.checkPeriods(p)
	c.checkFlatRates(p)
	c.checkRates(p)
	c.checkModifications(p)
	return c.err()
}

// eligibilityValid reports whether p's eligibility period, if any, has
// usable dates.
func eligibilityValid(p *Project) bool {
	e := p.Eligibility
	return e == nil || (e.Start.Valid() && e.End.Valid() && !e.End.Before(e.Start))
}

// checkEligibility checks that an eligibility period contains the
// implementation period: it widens the days costs may be dated in, never
// narrows them below the days the project runs.
func (c *checker) checkEligibility(p *Project) {
	if p.Eligibility == nil || !eligibilityValid(p) || !projectPeriodValid(p) {
		return // missing or malformed dates are reported by the tags
	}
	if p.Eligibility.Start.After(p.Start) {
		c.add("eligibility.start", "contains_project", "err.eligibility_start.contains_project", nil)
	}
	if p.Eligibility.End.Before(p.End) {
		c.add("eligibility.end", "contains_project", "err.eligibility_end.contains_project", nil)
	}
}

// checkLanguages checks that each of the project's languages is listed
// once: the list is an order of preference.
func (c *checker) checkLanguages(p *Project) {
	seen := make(map[Lang]bool, len(p.Languages))
	for i, l := range p.Languages {
		if seen[l] {
			c.add(indexPath("languages", i), "unique", "err.languages.unique", nil)
		}
		seen[l] = true
	}
}

// checkModifications checks that the modifications form one chain from
// the contracted end to End: in date order, each starting from the end the
// one before left (the first from the contracted end, not before Start),
// each moving the end, and the last ending on End. A break would make the
// contracted (planned) end or the actual end a guess.
func (c *checker) checkModifications(p *Project) {
	n := len(p.Modifications)
	for i, m := range p.Modifications {
		at := indexPath("modifications", i)
		if !m.Date.Valid() || !m.PreviousEnd.Valid() || !m.NewEnd.Valid() {
			continue // reported by the tags
		}
		if i > 0 {
			prev := p.Modifications[i-1]
			if m.Date.Before(prev.Date) {
				c.add(at+".date", "order", "err.order", nil)
			}
			if prev.NewEnd.Valid() && m.PreviousEnd != prev.NewEnd {
				c.add(at+".previous_end", "chain", "err.chain", nil)
			}
		}
		if p.Start.Valid() && m.PreviousEnd.Before(p.Start) {
			c.add(at+".previous_end", "within_project", "err.within_project", nil)
		}
		if m.NewEnd == m.PreviousEnd {
			c.add(at+".new_end", "nefield", "err.nefield", nil)
		}
		if i == n-1 && p.End.Valid() && m.NewEnd != p.End {
			c.add(at+".new_end", "project_end", "err.project_end", nil)
		}
	}
}

// checkRates validates the project's rate rule and planning rate. A
// planning rate gives the kuna equivalent of a euro budget, so it needs a
// euro project.
func (c *checker) checkRates(p *Project) {
	if err := p.RateRule.Validate(); err != nil {
		c.merge(PrefixFields(err, "rate_rule"))
	}
	if p.PlanningRate == nil {
		return
	}
	if err := p.PlanningRate.Validate(); err != nil {
		c.merge(PrefixFields(err, "planning_rate"))
	}
	if p.Currency != EUR {
		c.add("planning_rate", "eur_budget", "err.planning_rate.eur_budget", nil)
	}
}

func (c *checker) checkPeriods(p *Project) {
	type span struct {
		i          int
		start, end Date
	}
	var spans []span
	numbers := map[int]bool{}
	within := projectPeriodValid(p) && eligibilityValid(p)
	msg := msgWithinProject
	if p.Eligibility != nil {
		msg = msgWithinElig
	}
	for i, per := range p.Periods {
		at := indexPath("periods", i)
		if per.Number >= 1 {
			if numbers[per.Number] {
				c.add(at+".number", "unique", "err.unique_7", nil)
			}
			numbers[per.Number] = true
		}
		if !per.Start.Valid() || !per.End.Valid() || per.End.Before(per.Start) {
			continue // reported by the tags
		}
		if within {
			if !p.Eligible(per.Start) {
				c.add(at+".start", "within_project", msg.id, msg.args)
			}
			if !p.Eligible(per.End) {
				c.add(at+".end", "within_project", msg.id, msg.args)
			}
		}
		spans = append(spans, span{i, per.Start, per.End})
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.start.Compare(b.start) })
	// Sorted by start, a period overlaps an earlier one exactly when it
	// starts on or before the latest end so far.
	var latest Date
	for k, s := range spans {
		if k > 0 && !s.start.After(latest) {
			c.add(indexPath("periods", s.i)+".start", "overlap", "err.overlap", nil)
		}
		if k == 0 || s.end.After(latest) {
			latest = s.end
		}
	}
}

func (c *checker) checkFlatRates(p *Project) {
	c.checkFlatRateSet(p.FlatRates)
	codes := map[string]bool{}
	for i, u := range p.UnitCosts {
		at := indexPath("unit_costs", i)
		if u.Code != "" {
			if codes[u.Code] {
				c.add(at+".code", "unique", "err.unique_8", nil)
			}
			codes[u.Code] = true
		}
		c.checkProjectCurrency(at+".price", u.Price, p)
		if !c.has(at+".price") && u.Price.Sign() <= 0 {
			c.add(at+".price", "dec_positive", fixedMessages["dec_positive"].id, fixedMessages["dec_positive"].args)
		}
	}
	for i, l := range p.LumpSums {
		at := indexPath("lump_sums", i)
		if l.Code != "" {
			if codes[l.Code] {
				c.add(at+".code", "unique", "err.unique_8", nil)
			}
			codes[l.Code] = true
		}
		c.checkProjectCurrency(at+".amount", l.Amount, p)
		if !c.has(at+".amount") && l.Amount.Sign() <= 0 {
			c.add(at+".amount", "dec_positive", fixedMessages["dec_positive"].id, fixedMessages["dec_positive"].args)
		}
		if l.Period != 0 && !c.has(at+".period") && !projectHasPeriod(p, l.Period) {
			c.add(at+".period", "period", msgNotPeriod.id, msgNotPeriod.args)
		}
	}
}

// checkCostOption checks the simplified-cost fields of a line: a unit-cost
// or lump-sum line names one of p's cost options and carries the amount
// PriceCostOption computes; other lines name none.
func (c *checker) checkCostOption(p *Project, cat CostCategory, code string, units *decimal.Decimal, amount Money) {
	var want Money
	if err := PriceCostOption(p, cat, code, units, &want); err != nil {
		c.merge(err)
		return
	}
	if (cat == CatUnitCost || cat == CatLumpSum) && amount != want {
		c.add("amount", "computed", "err.amount.computed_2", Args{"Amount": want.AmountString(), "Currency": string(want.Currency())})
	}
}

// ValidateOrganisation validates an organisation: its tags, the tax
// identifier with CheckTaxID for the country when one is given (OIB and
// Slovenian check digits), and a region, when given, that belongs to the
// organisation's country (NUTS writes Greece EL and the United Kingdom UK).
func ValidateOrganisation(o *Organisation) error {
	c, err := checkTags(o)
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.TaxID) != "" && !c.has("tax_id") && !c.has("country") {
		c.merge(CheckTaxID(o.Country, o.TaxID))
	}
	if o.IATIRef != "" && !c.has("iati_ref") {
		c.merge(CheckOrgIdentifier("iati_ref", o.IATIRef))
	}
	if o.Region != nil && ValidNUTSCode(o.Region.Code) && ValidCountry(o.Country) && !c.has("region.code") {
		if nutsCountry(o.Region.Code) != o.Country {
			c.add("region.code", "region_country", "err.region_code.region_country", nil)
		}
	}
	return c.err()
}

// nutsCountry returns the ISO 3166 country of a NUTS code.
func nutsCountry(code string) string {
	switch cc := code[:2]; cc {
	case "EL":
		return "GR"
	case "UK":
		return "GB"
	default:
		return cc
	}
}

// ValidatePartners validates the partners of one project together: each
// partner's own fields, exactly one lead partner (field "partners", rule
// "one_lead"), no co-financing for associated partners, at most 100% of
// co-financing rates per partner, each organisation once, each partner
// number (other than 0, "not numbered") once, and one project for all.
// Field paths are "partners[i]....".
func ValidatePartners(partners []Partner) error {
	c := &checker{name: "partners"}
	leads := 0
	orgs := map[OrgID]bool{}
	numbers := map[int]bool{}
	for i := range partners {
		p := &partners[i]
		at := indexPath("partners", i)
		fields, _, err := structFields(p)
		if err != nil {
			return err
		}
		for _, f := range fields {
			f.Field = jsonPath(at, f.Field)
			c.addField(f)
		}
		if p.Role == RoleLead {
			leads++
		}
		if p.OrgID != "" {
			if orgs[p.OrgID] {
				c.add(at+".org_id", "unique", "err.org_id.unique", nil)
			}
			orgs[p.OrgID] = true
		}
		if p.Number != 0 {
			if numbers[p.Number] {
				c.add(at+".number", "unique", "err.number.unique", nil)
			}
			numbers[p.Number] = true
		}
		if i > 0 && p.ProjectID != "" && partners[0].ProjectID != "" && p.ProjectID != partners[0].ProjectID {
			c.add(at+".project_id", "same_project", "err.same_project_4", nil)
		}
		c.checkFunding(at, p, nil)
	}
	switch {
	case leads == 0:
		c.add("partners", "one_lead", "err.partners.one_lead", nil)
	case leads > 1:
		c.add("partners", "one_lead", "err.partners.one_lead_2", nil)
	}
	return c.err()
}

// checkFunding checks a partner's co-financing: associated partners take
// none, a fund appears once, rates total at most 100% and, when funds is
// not nil, every fund exists and the rate is within its maximum.
func (c *checker) checkFunding(prefix string, p *Partner, funds map[FundID]Fund) {
	at := jsonPath(prefix, "funding")
	if p.Role == RoleAssociated && len(p.Funding) > 0 {
		c.add(at, "associated_no_budget", "err.associated_no_budget_2", nil)
	}
	total := decimal.Zero
	seen := map[FundID]bool{}
	for i, cf := range p.Funding {
		fat := indexPath(at, i)
		if cf.FundID != "" {
			if seen[cf.FundID] {
				c.add(fat+".fund_id", "unique", "err.unique_9", nil)
			}
			seen[cf.FundID] = true
		}
		if funds != nil && cf.FundID != "" {
			f, ok := funds[cf.FundID]
			switch {
			case !ok:
				c.add(fat+".fund_id", "exists", "err.exists_5", nil)
			case !f.MaxRatePercent.IsZero() && cf.RatePercent.GreaterThan(f.MaxRatePercent):
				c.add(fat+".rate_percent", "max_rate", "err.max_rate_2", Args{"MaxRatePercent": f.MaxRatePercent.String()})
			}
		}
		if !cf.RatePercent.IsNegative() && !cf.RatePercent.GreaterThan(hundredPercent) {
			total = total.Add(cf.RatePercent)
		}
	}
	if total.GreaterThan(hundredPercent) {
		c.add(at, "rates_total", "err.rates_total", nil)
	}
}

// ValidateFunding validates one partner and its co-financing against the
// funds it names: every fund exists in funds (rule "exists"), each rate is
// within 0..100 and at most the fund's MaxRatePercent when that is set
// (rule "max_rate"), the rates total at most 100% (field "funding", rule
// "rates_total"), and associated partners take none. Field paths are
// relative to the partner ("funding[0].rate_percent").
func ValidateFunding(partner *Partner, funds map[FundID]Fund) error {
	c, err := checkTags(partner)
	if err != nil {
		return err
	}
	if funds == nil {
		funds = map[FundID]Fund{}
	}
	c.checkFunding("", partner, funds)
	return c.err()
}

// ValidateTransition checks that a project may move from status from to
// status to: a Conflict error (as Project.Transition words it) when the
// lifecycle does not allow it, Invalid for an unknown status. Staying in
// the same known status is not a move and is allowed.
func ValidateTransition(from, to Status) error {
	if from == to && to.Valid() {
		return nil
	}
	return (&Project{Status: from}).Transition(to)
}

// ValidateEvent validates an event of project p: its tags (type, title,
// start, end not before start...) and that its days lie within the project
// period (fields "start" and "end", rule "within_project"), because
// activities outside it are not project activities. A nil p, or one without
// a valid period, skips the period check.
func ValidateEvent(e *Event, p *Project) error {
	c, err := checkTags(e)
	if err != nil {
		return err
	}
	if projectPeriodValid(p) {
		if e.Start.Valid() && !p.Contains(e.Start) {
			c.add("start", "within_project", msgWithinProject.id, msgWithinProject.args)
		}
		if !e.End.IsZero() && e.End.Valid() && !p.Contains(e.End) {
			c.add("end", "within_project", msgWithinProject.id, msgWithinProject.args)
		}
	}
	return c.err()
}

// ValidateBudgetLine validates a budget line of a partner with role in
// project p: its tags (category, amount within 0..999,999,999.99 in a known
// currency), no amount for associated partners (rule
// "associated_no_budget"; a zero line is accepted), the project's currency
// (field "amount.currency", rule "project_currency"), period 0 or one of the
// project's periods, and a category that is not computed by one of the
// project's flat rates (rule "flat_rate"). A nil p skips the project rules.
func ValidateBudgetLine(l *BudgetLine, role Role, p *Project) error {
	c, err := checkTags(l)
	if err != nil {
		return err
	}
	if role == RoleAssociated && !l.Amount.IsZero() {
		c.add("amount", "associated_no_budget", msgAssociated.id, msgAssociated.args)
	}
	if p != nil {
		c.checkProjectCurrency("amount", l.Amount, p)
		if l.Period != 0 && !c.has("period") && !projectHasPeriod(p, l.Period) {
			c.add("period", "period", msgNotPeriod.id, msgNotPeriod.args)
		}
		if flatRateCategory(p, l.Category) {
			c.add("category", "flat_rate", "err.category.flat_rate_2", nil)
		}
		if !c.has("category") {
			c.checkCostOption(p, l.Category, l.CostOption, l.Units, l.Amount)
		}
	}
	return c.err()
}

// checkProjectCurrency checks that m, when in a known currency, is in p's.
func (c *checker) checkProjectCurrency(field string, m Money, p *Project) {
	if m.Currency().Valid() && p.Currency.Valid() && m.Currency() != p.Currency {
		c.add(field+".currency", "project_currency", "err.project_currency", Args{"Currency": string(p.Currency)})
	}
}

// ValidateBeneficiary validates a beneficiary record: its tags (a legal
// basis is required: data without one must not be held), a consent date
// when the basis is consent (GDPR Art. 7(1): the controller must be able to
// show consent), a retention date after the consent date, a birth month
// only with a birth year (rule "required_with"), and not both a
// birth year and an age band (rule "one_of"): storing both is more than
// the minimum the indicators need. An erased record has lost its dates by
// design (Erase) and is not asked for them.
func ValidateBeneficiary(b *Beneficiary) error {
	c, err := checkTags(b)
	if err != nil {
		return err
	}
	if b.Erased && b.RetainUntil.IsZero() {
		c.fields = slices.DeleteFunc(c.fields, func(f FieldError) bool { return f.Field == "retain_until" })
	}
	if !b.ConsentDate.IsZero() && !b.ConsentDate.Valid() {
		c.add("consent_date", "omitempty_date", fixedMessages["omitempty_date"].id, fixedMessages["omitempty_date"].args)
	}
	if b.LegalBasis == BasisConsent && b.ConsentDate.IsZero() && !b.Erased {
		c.add("consent_date", "required_if", "err.consent_date.required_if", nil)
	}
	if b.ConsentDate.Valid() && b.RetainUntil.Valid() && !b.RetainUntil.After(b.ConsentDate) {
		c.add("retain_until", "gtfield_date", "err.retain_until.gtfield_date", nil)
	}
	if b.BirthMonth != 0 && b.BirthYear == 0 && !c.has("birth_month") {
		c.add("birth_month", "required_with", "err.birth_month.birth_year", nil)
	}
	if b.BirthYear != 0 && b.AgeBand != AgeUnknown {
		c.add("age_band", "one_of", "err.age_band.one_of", nil)
	}
	return c.err()
}

// ValidateIndicator validates an indicator: its tags (kind, code, name,
// unit, non-negative baseline and target, source), a computation for
// computed indicators (they must be reproducible from the data), and
// neither computation nor event types for entered ones, whose figures come
// with evidence instead.
func ValidateIndicator(ind *Indicator) error {
	c, err := checkTags(ind)
	if err != nil {
		return err
	}
	switch ind.Source {
	case SourceComputed:
		if ind.Computation == "" {
			c.add("computation", "required_if", "err.computation.required_if", nil)
		}
		if ind.Computation == CountParticipants {
			// The code says which common indicator is counted, and the
			// participations have no event types.
			if !ESFCode(ind.Code).Valid() && !c.has("code") {
				c.add("code", "esf_code", "err.code.esf_code", nil)
			}
			if len(ind.EventTypes) > 0 {
				c.add("event_types", "excluded_if", "err.event_types.participants", nil)
			}
		}
	case SourceEntered:
		if ind.Computation != "" {
			c.add("computation", "excluded_if", "err.computation.excluded_if", nil)
		}
		if len(ind.EventTypes) > 0 {
			c.add("event_types", "excluded_if", "err.computation.excluded_if", nil)
		}
	}
	return c.err()
}

// ValidateMeasurement validates a measurement: its tags, among them the
// evidence that an entered value requires.
func ValidateMeasurement(m *Measurement) error { return Validate(m) }

// ValidateExpenditure validates an expenditure line of project p: its tags
// (amount in a known currency, date...), the converted amount in the
// project currency (field "converted.currency"), a date within the
// project's eligible period (the eligibility period when set, else the
// implementation period; rule "within_project"), because costs outside it
// are not eligible, and, when the project has reporting periods, the
// period that contains the date (rule "period_of_date"; a date in none of
// them is rule "in_period"): a cost is reported in the period it was
// incurred. A project without periods takes period 0 only. A nil p skips
// the project rules.
func ValidateExpenditure(e *Expenditure, p *Project) error {
	c, err := checkTags(e)
	if err != nil {
		return err
	}
	if p != nil {
		c.checkProjectCurrency("converted", e.Converted, p)
		dated := e.Date.Valid() && projectPeriodValid(p) && eligibilityValid(p)
		switch {
		case dated && !p.Eligible(e.Date):
			if p.Eligibility != nil {
				c.add("date", "within_project", msgWithinElig.id, msgWithinElig.args)
			} else {
				c.add("date", "within_project", msgWithinProject.id, msgWithinProject.args)
			}
		case c.has("period"):
		case dated && len(p.Periods) > 0:
			c.checkPeriodOfDate(e, p)
		case e.Period != 0 && !projectHasPeriod(p, e.Period):
			c.add("period", "period", msgNotPeriod.id, msgNotPeriod.args)
		}
		if !c.has("category") && flatRateCategory(p, e.Category) {
			// Spending under a flat rate is computed from its base by
			// ComputeFlatRates; a line of its own would count it twice.
			c.add("category", "flat_rate", "err.category.flat_rate_3", nil)
		}
		if !c.has("category") {
			c.checkCostOption(p, e.Category, e.CostOption, e.Units, e.Amount)
		}
	}
	return c.err()
}

// checkPeriodOfDate checks that an expenditure line names the reporting
// period its date falls in: a cost belongs to the period in which it was
// incurred, and is reported with that period (or with the preparation or
// closure period, which a project declares as periods of their own).
func (c *checker) checkPeriodOfDate(e *Expenditure, p *Project) {
	want := p.PeriodOf(e.Date)
	switch {
	case want == 0:
		c.add("date", "in_period", "err.date.in_period", nil)
	case e.Period != want:
		n := strconv.Itoa(want)
		c.add("period", "period_of_date", "err.period.period_of_date", Args{"Period": n})
	}
}

// ValidateFund validates a fund: code, name, kind and a maximum rate
// within 0..100 (0 meaning no maximum), and an IATI identifier, when
// given, that CheckOrgIdentifier accepts.
func ValidateFund(f *Fund) error {
	c, err := checkTags(f)
	if err != nil {
		return err
	}
	if f.IATIRef != "" && !c.has("iati_ref") {
		c.merge(CheckOrgIdentifier("iati_ref", f.IATIRef))
	}
	return c.err()
}

// ValidateRate validates a monthly exchange rate: a known currency other
// than the euro (rates are units per 1 EUR), a real month, a positive rate
// and a source. It accepts exactly what RateTable.Set accepts, so a rate
// that passes here can be stored and used.
func ValidateRate(r *Rate) error {
	c, err := checkTags(r)
	if err != nil {
		return err
	}
	if r.Currency == EUR {
		c.add("currency", "not_eur", "err.currency.not_eur", nil)
	}
	if r.Month.Month < 1 || r.Month.Month > 12 || r.Month.Year < 1 || r.Month.Year > 9999 {
		c.add("month", "month", "err.month.month_3", nil)
	}
	return c.err()
}
