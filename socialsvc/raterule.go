package socialsvc

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// The kuna changeover (Council Regulation (EU) 2022/1208, Croatian Euro
// Introduction Act NN 57/2022): from EuroChangeover every kuna amount is
// converted at the fixed rate; after DualCirculationEnd kuna was no longer
// legal tender, so a kuna payment dated later is not a real payment.
var (
	EuroChangeover     = Date{2023, time.January, 1}
	DualCirculationEnd = Date{2023, time.January, 14}
)

// RateRuleKind names where the rate of a foreign-currency cost comes from.
type RateRuleKind string

// The rate rules a funder may set. The zero value of RateRule means
// RateInforEuroIncurred.
const (
	// RateInforEuroIncurred: the Commission's monthly accounting rate
	// (InforEuro) of the month the cost was incurred.
	RateInforEuroIncurred RateRuleKind = "inforeuro_incurred"
	// RateInforEuroSubmitted: the InforEuro rate of the month the cost is
	// submitted for control (Interreg 2021–2027, Regulation (EU) 2021/1059
	// Art. 38(5)). Until a reporting cycle submits a line, the month it is
	// recorded stands in for the month of submission.
	RateInforEuroSubmitted RateRuleKind = "inforeuro_submitted"
	// RateContract: a rate per currency fixed in the grant agreement (a UK
	// fund paying in pounds, a grant converting kuna at the fixed rate).
	RateContract RateRuleKind = "contract"
)

// Valid reports whether k is a known kind (the empty kind is the default).
func (k RateRuleKind) Valid() bool {
	switch k {
	case "", RateInforEuroIncurred, RateInforEuroSubmitted, RateContract:
		return true
	}
	return false
}

// RateBasis records which rule produced a conversion, so that reports and
// later writes can tell a hand-entered rate from a table rate.
type RateBasis string

// The bases of a conversion.
const (
	RateBasisSameCurrency RateBasis = "same_currency" // EUR, or the project's own currency: rate 1
	RateBasisFixedHRK     RateBasis = "fixed_hrk"     // kuna from 1.1.2023 at 7.53450
	RateBasisInforEuro    RateBasis = "inforeuro"     // the rate table's month
	RateBasisContract     RateBasis = "contract"      // the grant agreement's rate
	RateBasisEntered      RateBasis = "entered"       // entered by an admin, with its source
)

// ContractRate is a rate fixed in a grant agreement: units of Currency per
// 1 EUR, agreed on Date, with the clause it comes from.
type ContractRate struct {
	Currency Currency        `json:"currency"`
	Rate     decimal.Decimal `json:"rate"`
	Date     Date            `json:"date"`
	Source   string          `json:"source"`
}

// RateRule is a project's (or its programme's) rule for converting costs
// paid in another currency to euro. The library applies it to every
// expenditure line; callers never supply the converted amount.
//
// AllowEntered lets an admin (the programme) enter a rate by hand, with
// its source, as an exception; without it no rate can be entered at all.
type RateRule struct {
	Kind          RateRuleKind   `json:"kind,omitempty"`
	ContractRates []ContractRate `json:"contract_rates,omitempty"`
	AllowEntered  bool           `json:"allow_entered,omitempty"`
}

// Effective returns the rule's kind, RateInforEuroIncurred for the zero
// value.
func (r RateRule) Effective() RateRuleKind {
	if r.Kind == "" {
		return RateInforEuroIncurred
	}
	return r.Kind
}

// Label returns the rule for people reading lang, from the catalogue ids
// domain.rate_rule.<kind>; an unknown kind reads as the default rule
// (InforEuro of the month incurred), as RateRule.Effective treats it.
func (k RateRuleKind) Label(lang Lang) string {
	if !i18n.Has(EN, "domain.rate_rule."+string(k)) {
		k = RateInforEuroIncurred
	}
	return i18n.T(lang, "domain.rate_rule."+string(k))
}

// ContractRate returns the agreement's rate for c.
func (r RateRule) ContractRate(c Currency) (ContractRate, bool) {
	for _, cr := range r.ContractRates {
		if cr.Currency == c {
			return cr, true
		}
	}
	return ContractRate{}, false
}

// Bounds a rate must lie in to be believed. Rates are units per 1 EUR:
// the smallest published InforEuro rates are around 0.3 (KWD), the largest
// near 100,000 (LBP, IRR); a rate outside 0.0001..10,000,000 or with more
// than six decimals is a typing error. A kuna rate must lie within 10 % of
// the fixed rate: the kuna moved between 7.1 and 7.9 per euro from 1999 to
// 2022. A hand-entered rate must lie within EnteredRateTolerancePercent of
// the reference rate the table or the agreement holds.
var (
	minRate = decimal.New(1, -4)
	maxRate = decimal.New(1, 7)
	minHRK  = decimal.RequireFromString("6.78")
	maxHRK  = decimal.RequireFromString("8.29")
)

// EnteredRateTolerancePercent is how far (in percent of the reference
// rate) a hand-entered rate may lie from the rate the rule would use.
const EnteredRateTolerancePercent = 20

// CheckRateBounds reports whether rate is a believable rate of c per 1 EUR,
// as an Invalid error on field.
func CheckRateBounds(field string, c Currency, rate decimal.Decimal) error {
	if !rate.IsPositive() || rate.LessThan(minRate) || rate.GreaterThan(maxRate) || rate.Exponent() < -6 {
		return FieldErr(field, "rate_bounds", "err.rate_bounds")
	}
	if c == HRK && (rate.LessThan(minHRK) || rate.GreaterThan(maxHRK)) {
		return FieldErr(field, "rate_bounds", "err.rate_bounds_2")
	}
	return nil
}

// Validate checks the rule: a known kind; contract rates only under the
// contract rule, which needs at least one; each with a known non-euro
// currency (once), a believable rate, a date and a source.
func (r RateRule) Validate() error {
	c := &checker{}
	if !r.Kind.Valid() {
		c.add("kind", "oneof", "err.kind.oneof", nil)
	}
	switch {
	case r.Kind == RateContract && len(r.ContractRates) == 0:
		c.add("contract_rates", "required", "err.contract_rates.required", nil)
	case r.Kind != RateContract && len(r.ContractRates) > 0:
		c.add("contract_rates", "contract_only", "err.contract_rates.contract_only", nil)
	}
	seen := map[Currency]bool{}
	for i, cr := range r.ContractRates {
		at := indexPath("contract_rates", i)
		switch {
		case !cr.Currency.Valid() || cr.Currency == EUR:
			c.add(at+".currency", "currency", "err.currency.currency_3", nil)
		case seen[cr.Currency]:
			c.add(at+".currency", "unique", "err.unique_3", nil)
		}
		seen[cr.Currency] = true
		if err := CheckRateBounds(at+".rate", cr.Currency, cr.Rate); err != nil {
			c.merge(err)
		}
		if !cr.Date.Valid() {
			c.add(at+".date", "date_required", "err.date_required", nil)
		}
		if cr.Source == "" || len(cr.Source) > 300 {
			c.add(at+".source", "required", "err.required", nil)
		}
	}
	return c.err()
}

// PlanningRate is the kuna rate a euro budget was planned with: kn per
// 1 EUR, the date it was taken and the document that gives it. It is the
// budget's own fact: seed 004 (2SoKroG) publishes 574.947,17 EUR as
// 4.254.609,06 kn, exactly 7,40, and that figure is not recomputed at the
// fixed rate, which did not exist when the budget was planned.
type PlanningRate struct {
	Rate   decimal.Decimal `json:"rate"`
	Date   Date            `json:"date"`
	Source string          `json:"source"`
}

// Validate checks a planning rate: a believable kuna rate, a date before
// the changeover (from 2023 every kuna figure is at the fixed rate) and a
// source.
func (pr PlanningRate) Validate() error {
	c := &checker{}
	if err := CheckRateBounds("rate", HRK, pr.Rate); err != nil {
		c.merge(err)
	}
	switch {
	case !pr.Date.Valid():
		c.add("date", "date_required", "err.date.date_required", nil)
	case !pr.Date.Before(EuroChangeover):
		c.add("date", "before_changeover", "err.date.before_changeover", nil)
	}
	if pr.Source == "" || len(pr.Source) > 300 {
		c.add("source", "required", "err.source.required_3", nil)
	}
	return c.err()
}

// ToHRK converts a euro amount at the planning rate, half up to the cent.
func (pr PlanningRate) ToHRK(eur Money) (Money, error) {
	if eur.Currency() != EUR {
		return Money{}, FieldErr("currency", "currency", "err.currency.currency_4")
	}
	return eur.ConvertAt(HRK, pr.Rate)
}

// KunaEquivalent returns the kuna equivalent of the euro budget amount eur
// of project p and the rate it used: the project's planning rate where one
// is recorded and the project ends before the dual-display window (a
// budget planned before the changeover keeps its own kuna figure), the
// fixed rate otherwise (the dual-display window and amounts from 2023).
func KunaEquivalent(p *Project, eur Money) (Money, Conversion, error) {
	if p.PlanningRate != nil && p.End.Before(DualDisplayStart) {
		hrk, err := p.PlanningRate.ToHRK(eur)
		if err != nil {
			return Money{}, Conversion{}, err
		}
		return hrk, Conversion{Rate: p.PlanningRate.Rate, RateDate: p.PlanningRate.Date, Source: p.PlanningRate.Source, Basis: RateBasisPlanning}, nil
	}
	hrk, err := eur.ToHRK()
	if err != nil {
		return Money{}, Conversion{}, err
	}
	return hrk, Conversion{Rate: HRKPerEUR, RateDate: EuroChangeover, Source: RateSourceFixedHRK, Basis: RateBasisFixedHRK}, nil
}

// RateBasisPlanning marks a kuna equivalent at a budget's planning rate.
const RateBasisPlanning RateBasis = "planning"

// errKunaAfterChangeover is the error for kuna paid after dual circulation.
var errKunaAfterChangeover = FieldErr("date", "kuna_after_changeover",
	"err.date.kuna_after_changeover")

func errRateMissing(c Currency, m Month) error {
	return &Error{Code: Invalid, Message: "no InforEuro rate for " + string(c) + " in " + m.String() + ": load the month's rates first",
		Fields: []FieldError{NewFieldError("amount.currency", "rate_missing", "err.amount_currency.rate_missing", Args{"Currency": string(c), "Month": m.String()})}}
}

func errNoContractRate(c Currency) error {
	return &Error{Code: Invalid, Message: "the grant agreement fixes no rate for " + string(c),
		Fields: []FieldError{NewFieldError("amount.currency", "contract_rate_missing", "err.amount_currency.contract_rate_missing", Args{"Currency": string(c)})}}
}

// RateMonth returns the month whose table rate the rule names for a cost
// incurred on incurred and submitted for control on submitted (zero when
// not yet submitted: the incurred date stands in, which a caller under
// the submission rule replaces with the recording date).
func (r RateRule) RateMonth(incurred, submitted Date) Month {
	if r.Effective() == RateInforEuroSubmitted && !submitted.IsZero() {
		return submitted.MonthOf()
	}
	return incurred.MonthOf()
}

// ToEUR converts m, a cost incurred on incurred and submitted for control
// on submitted, to euro under the rule:
//
//   - EUR as it is, at rate 1;
//   - kuna dated after 14.1.2023 is refused; kuna dated from 1.1.2023, or
//     whose rule month is from 2023 (the kuna had no InforEuro rate then),
//     at the fixed rate 7.53450, half up;
//   - otherwise the agreement's rate (contract rule) or the table's rate of
//     the rule's month (InforEuro rules); a missing one is an error naming
//     the currency and month.
func (r RateRule) ToEUR(t *RateTable, m Money, incurred, submitted Date) (Money, Conversion, error) {
	if m.Currency() == EUR {
		return m, Conversion{Rate: decimal.NewFromInt(1), RateDate: incurred, Source: "EUR", Basis: RateBasisSameCurrency}, nil
	}
	month := r.RateMonth(incurred, submitted)
	if m.Currency() == HRK {
		if incurred.After(DualCirculationEnd) {
			return Money{}, Conversion{}, errKunaAfterChangeover
		}
		if !incurred.Before(EuroChangeover) || !month.FirstDay().Before(EuroChangeover) {
			eur, err := m.ToEUR()
			if err != nil {
				return Money{}, Conversion{}, err
			}
			on := incurred
			if on.Before(EuroChangeover) {
				on = EuroChangeover
			}
			return eur, Conversion{Rate: HRKPerEUR, RateDate: on, Source: RateSourceFixedHRK, Basis: RateBasisFixedHRK}, nil
		}
	}
	if r.Effective() == RateContract {
		cr, ok := r.ContractRate(m.Currency())
		if !ok {
			return Money{}, Conversion{}, errNoContractRate(m.Currency())
		}
		eur, err := m.ConvertAt(EUR, cr.Rate)
		if err != nil {
			return Money{}, Conversion{}, err
		}
		return eur, Conversion{Rate: cr.Rate, RateDate: cr.Date, Source: cr.Source, Basis: RateBasisContract}, nil
	}
	rate, ok := t.Lookup(m.Currency(), month)
	if !ok {
		return Money{}, Conversion{}, errRateMissing(m.Currency(), month)
	}
	eur, err := m.ConvertAt(EUR, rate.Rate)
	if err != nil {
		return Money{}, Conversion{}, err
	}
	return eur, Conversion{Rate: rate.Rate, RateDate: rate.Month.FirstDay(), Source: rate.Source, Basis: RateBasisInforEuro}, nil
}

// reference returns the rate a hand-entered rate is compared with: the
// agreement's rate, the table's rate of the month or, failing those, the
// nearest month the table holds; kuna falls back to the fixed rate.
func (r RateRule) reference(t *RateTable, c Currency, month Month) (decimal.Decimal, bool) {
	if cr, ok := r.ContractRate(c); ok && r.Effective() == RateContract {
		return cr.Rate, true
	}
	if rt, ok := t.Lookup(c, month); ok {
		return rt.Rate, true
	}
	if rt, ok := t.Nearest(c, month); ok {
		return rt.Rate, true
	}
	if c == HRK {
		return HRKPerEUR, true
	}
	return decimal.Decimal{}, false
}

// ApplyEntered converts m at a rate entered by hand (conv), which the rule
// allows only as the programme's exception: the rule must allow entered
// rates, the person entering it must be an admin, it needs a source and
// it must be believable (CheckRateBounds) and within
// EnteredRateTolerancePercent of the rate the rule would otherwise use.
// EUR is never converted, and kuna from 2023 only at the fixed rate.
// Errors name the fields under "conversion".
func (r RateRule) ApplyEntered(t *RateTable, m Money, incurred Date, conv Conversion, admin bool) (Money, Conversion, error) {
	switch {
	case m.Currency() == HRK && incurred.After(DualCirculationEnd):
		return Money{}, Conversion{}, errKunaAfterChangeover
	case !r.AllowEntered:
		return Money{}, Conversion{}, FieldErrf("conversion.rate", "rate_rule", "err.conversion_rate.rate_rule", Args{"Effective": r.Effective()})
	case !admin:
		return Money{}, Conversion{}, &Error{Code: Forbidden, Message: "only an admin (the programme) may enter a rate by hand",
			Fields: []FieldError{NewFieldError("conversion.rate", "admin_only", "err.conversion_rate.admin_only", nil)}}
	case m.Currency() == EUR:
		return Money{}, Conversion{}, FieldErr("conversion.rate", "same_currency", "err.conversion_rate.same_currency")
	case m.Currency() == HRK && !incurred.Before(EuroChangeover):
		return Money{}, Conversion{}, FieldErr("conversion.rate", "fixed_rate", "err.conversion_rate.fixed_rate")
	}
	c := &checker{}
	if err := CheckRateBounds("conversion.rate", m.Currency(), conv.Rate); err != nil {
		c.merge(err)
	} else if ref, ok := r.reference(t, m.Currency(), incurred.MonthOf()); !ok {
		c.add("conversion.rate", "reference_missing", "err.conversion_rate.reference_missing", Args{"Currency": string(m.Currency())})
	} else {
		tol := ref.Mul(decimal.NewFromInt(EnteredRateTolerancePercent)).Div(decimal.NewFromInt(100))
		if conv.Rate.LessThan(ref.Sub(tol)) || conv.Rate.GreaterThan(ref.Add(tol)) {
			c.add("conversion.rate", "rate_bounds", "err.conversion_rate.rate_bounds", Args{"Ref": ref.String(), "Currency": string(m.Currency())})
		}
	}
	if conv.Source == "" || len(conv.Source) > 200 {
		c.add("conversion.source", "required", "err.conversion_source.required", nil)
	}
	if !conv.RateDate.IsZero() && !conv.RateDate.Valid() {
		c.add("conversion.rate_date", "date", "err.payment_date.date", nil)
	}
	if err := c.err(); err != nil {
		return Money{}, Conversion{}, err
	}
	eur, err := m.ConvertAt(EUR, conv.Rate)
	if err != nil {
		return Money{}, Conversion{}, PrefixFields(err, "conversion")
	}
	on := conv.RateDate
	if on.IsZero() {
		on = incurred
	}
	return eur, Conversion{Rate: conv.Rate, RateDate: on, Source: conv.Source, Basis: RateBasisEntered}, nil
}

// RateRulesEqual reports whether a and b are the same rule (rates compared
// by value: 0.86 and 0.8600 are one rate).
func RateRulesEqual(a, b RateRule) bool {
	if a.Effective() != b.Effective() || a.AllowEntered != b.AllowEntered || len(a.ContractRates) != len(b.ContractRates) {
		return false
	}
	for i, x := range a.ContractRates {
		y := b.ContractRates[i]
		if x.Currency != y.Currency || !x.Rate.Equal(y.Rate) || x.Date != y.Date || x.Source != y.Source {
			return false
		}
	}
	return true
}

// PlanningRatesEqual reports whether a and b are the same planning rate
// (or both absent).
func PlanningRatesEqual(a, b *PlanningRate) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Rate.Equal(b.Rate) && a.Date == b.Date && a.Source == b.Source
}
