package socialsvc

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// Simplified cost options (Regulation (EU) 2021/1060 Art. 53–56, Interreg
// Regulation (EU) 2021/1059 Art. 39–41, and the way Jems applies them):
// flat rates, unit costs and lump sums. A flat-rate amount is computed from
// its base, never entered, by the one function ComputeFlatRates, both for a
// budget and for reported spending; a unit-cost or lump-sum amount is
// computed by PriceCostOption from the project's definition.

// FlatRateKind is one of the flat rates the regulations define. Each kind
// computes one cost category from a base of other categories, up to a cap.
type FlatRateKind string

// Flat-rate kinds, named as Jems names them.
const (
	// FlatStaff: staff costs up to 20 % of the direct costs other than
	// staff costs (travel unless travel is itself a flat rate, external
	// expertise, equipment, infrastructure). CPR Art. 55(1).
	FlatStaff FlatRateKind = "staff_costs"
	// FlatOfficeOnStaff: office and administration up to 15 % of direct
	// staff costs. CPR Art. 54(b); Interreg Art. 41(5).
	FlatOfficeOnStaff FlatRateKind = "office_on_staff"
	// FlatOfficeOnDirect: office and administration (indirect costs) up
	// to 7 % of eligible direct costs (staff, travel, external expertise,
	// equipment, infrastructure). CPR Art. 54(a).
	FlatOfficeOnDirect FlatRateKind = "office_on_direct"
	// FlatTravelOnStaff: travel and accommodation up to 15 % of direct
	// staff costs. Interreg Art. 41(1).
	FlatTravelOnStaff FlatRateKind = "travel_on_staff"
	// FlatOtherOnStaff: all costs other than staff costs up to 40 % of
	// direct staff costs (CPR Art. 56(1)): it replaces office and
	// administration, travel, external expertise, equipment and
	// infrastructure, which then cannot be budgeted or reported.
	FlatOtherOnStaff FlatRateKind = "other_on_staff"
)

// FlatRateKinds lists the kinds in the order ComputeFlatRates applies them:
// a kind's base may hold the amount of a kind before it (travel on staff
// costs computed by the staff flat rate), never of one after it.
var FlatRateKinds = []FlatRateKind{FlatStaff, FlatTravelOnStaff, FlatOfficeOnStaff, FlatOfficeOnDirect, FlatOtherOnStaff}

type flatRateSpec struct {
	category CostCategory
	cap      int64 // percent
	// excludes are the kinds that cannot be combined with this one.
	excludes []FlatRateKind
}

var flatRateSpecs = map[FlatRateKind]flatRateSpec{
	FlatStaff: {CatStaff, 20,
		[]FlatRateKind{FlatOtherOnStaff}},
	FlatOfficeOnStaff: {CatOffice, 15,
		[]FlatRateKind{FlatOfficeOnDirect, FlatOtherOnStaff}},
	FlatOfficeOnDirect: {CatOffice, 7,
		[]FlatRateKind{FlatOfficeOnStaff, FlatOtherOnStaff}},
	FlatTravelOnStaff: {CatTravel, 15,
		[]FlatRateKind{FlatOtherOnStaff}},
	FlatOtherOnStaff: {CatOther, 40,
		[]FlatRateKind{FlatStaff, FlatOfficeOnStaff, FlatOfficeOnDirect, FlatTravelOnStaff}},
}

// OtherCostsReplace are the categories the "all other costs" flat rate
// covers: under FlatOtherOnStaff none of them is budgeted or reported.
var OtherCostsReplace = []CostCategory{CatOffice, CatTravel, CatExternal, CatEquipment, CatInfrastructure}

// Valid reports whether k is known.
func (k FlatRateKind) Valid() bool { _, ok := flatRateSpecs[k]; return ok }

// Category is the cost category the kind computes.
func (k FlatRateKind) Category() CostCategory { return flatRateSpecs[k].category }

// Cap is the highest rate the regulations allow for the kind, in percent.
func (k FlatRateKind) Cap() decimal.Decimal { return decimal.NewFromInt(flatRateSpecs[k].cap) }

// Excludes reports whether k and o cannot both be used in one project.
func (k FlatRateKind) Excludes(o FlatRateKind) bool {
	return slices.Contains(flatRateSpecs[k].excludes, o)
}

// Label returns the kind for people reading lang, from the catalogue ids
// domain.flat_rate.<kind>; the code itself for an unknown one.
func (k FlatRateKind) Label(lang Lang) string { return codeLabel("domain.flat_rate.", k, lang) }

// Base returns the categories whose amounts form the base of k when the
// project uses the flat rates rates: the base is what the regulation
// names, less any category computed by another of the project's rates
// that does not come before k (FlatStaff's base leaves out travel when
// travel is a flat rate on staff costs, as Jems does).
func (k FlatRateKind) Base(rates []FlatRate) []CostCategory {
	computedLater := func(c CostCategory) bool {
		ki := slices.Index(FlatRateKinds, k)
		for _, fr := range rates {
			if fr.Kind.Category() == c && slices.Index(FlatRateKinds, fr.Kind) > ki {
				return true
			}
		}
		return false
	}
	var base []CostCategory
	switch k {
	case FlatStaff:
		base = []CostCategory{CatTravel, CatExternal, CatEquipment, CatInfrastructure}
	case FlatOfficeOnDirect:
		base = []CostCategory{CatStaff, CatTravel, CatExternal, CatEquipment, CatInfrastructure}
	case FlatOfficeOnStaff, FlatTravelOnStaff, FlatOtherOnStaff:
		base = []CostCategory{CatStaff}
	}
	return slices.DeleteFunc(base, computedLater)
}

// FlatRate is a flat rate a project uses: its kind and the rate, at most
// the kind's cap.
type FlatRate struct {
	Kind        FlatRateKind    `json:"kind" validate:"required,flat_rate_kind"`
	RatePercent decimal.Decimal `json:"rate_percent" validate:"percent"`
}

// Category is the cost category the flat rate computes.
func (fr FlatRate) Category() CostCategory { return fr.Kind.Category() }

// ValidateFlatRates checks a set of flat rates on their own: known kinds,
// a rate within 0 and the kind's cap, each kind at most once, no two kinds
// that exclude each other (rule "flat_rate_combination" on the later one)
// and no two rates computing one category. Fields are
// flat_rates[i].kind and flat_rates[i].rate_percent.
func ValidateFlatRates(rates []FlatRate) error {
	var c checker
	c.checkFlatRateSet(rates)
	return c.err()
}

func (c *checker) checkFlatRateSet(rates []FlatRate) {
	for i, fr := range rates {
		at := indexPath("flat_rates", i)
		if !fr.Kind.Valid() {
			if fr.Kind != "" && !c.has(at+".kind") {
				c.add(at+".kind", "flat_rate_kind", fixedMessages["flat_rate_kind"].id, fixedMessages["flat_rate_kind"].args)
			}
			continue
		}
		switch {
		case c.has(at + ".rate_percent"):
		case fr.RatePercent.IsNegative() || fr.RatePercent.GreaterThan(hundredPercent):
			c.add(at+".rate_percent", "percent", fixedMessages["percent"].id, fixedMessages["percent"].args)
		case fr.RatePercent.GreaterThan(fr.Kind.Cap()):
			c.add(at+".rate_percent", "max", "err.max_3", Args{"Kind": fr.Kind, "Cap": fr.Kind.Cap().String()})
		}
		for j := range i {
			o := rates[j].Kind
			switch {
			case o == fr.Kind:
				c.add(at+".kind", "unique", "err.unique_4", nil)
			case fr.Kind.Excludes(o):
				c.add(at+".kind", "flat_rate_combination", "err.flat_rate_combination", Args{"Kind": string(o)})
			case o.Valid() && o.Category() == fr.Category():
				c.add(at+".kind", "unique", "err.unique_5", nil)
			}
		}
	}
}

// flatRateCovers reports whether c is computed by one of rates or replaced
// by the "all other costs" flat rate, so that no amount of it is entered.
func flatRateCovers(rates []FlatRate, c CostCategory) bool {
	for _, fr := range rates {
		if fr.Kind.Category() == c || fr.Kind == FlatOtherOnStaff && slices.Contains(OtherCostsReplace, c) {
			return true
		}
	}
	return false
}

// CostAmount is an amount of one partner, cost category and period: a
// budget line (or a sum of them) or reported spending.
type CostAmount struct {
	PartnerID PartnerID
	Category  CostCategory
	Period    int
	Amount    Money
}

// FlatRateAmount is one amount ComputeFlatRates computed: a partner's flat
// rate in one period, with the base it was computed from.
type FlatRateAmount struct {
	PartnerID   PartnerID       `json:"partner_id"`
	Period      int             `json:"period"`
	Kind        FlatRateKind    `json:"kind"`
	Category    CostCategory    `json:"category"`
	RatePercent decimal.Decimal `json:"rate_percent"`
	Base        Money           `json:"base"`
	Amount      Money           `json:"amount"`
}

// ComputeFlatRates is the one computation of flat-rate amounts, used for
// budgets and for reported spending alike.
//
// For each flat rate (in the order of FlatRateKinds) and partner, the base
// of a period is the sum of the partner's amounts in that period in the
// kind's Base categories, including amounts computed by an earlier kind
// (travel on staff costs computed by the staff flat rate). A period takes
// part when the partner has an amount in one of the base categories in it,
// even a zero one. Then:
//
//   - each period other than closing gets floor(base × rate) cents;
//   - the closing period, when it takes part, gets floor(total base × rate)
//     minus the amounts of the other periods (never negative, since a sum
//     of floors is at most the floor of the sum), so that the partner's
//     total is exactly its total base × rate rounded down.
//
// closing is the project's last reporting period (Project.ClosingPeriod),
// fixed in advance, so that reported spending of earlier periods never
// moves when a later period is reported; until the closing period is
// reported the partner's total is the sum of the per-period amounts.
//
// Amounts entered in a category a flat rate computes, or in one that the
// "all other costs" flat rate replaces, are an error (rule "flat_rate"
// on field amounts[i].category), as are amounts in another currency than
// cur. The result is ordered by kind (FlatRateKinds), partner ID and period.
func ComputeFlatRates(cur Currency, rates []FlatRate, amounts []CostAmount, closing int) ([]FlatRateAmount, error) {
	if err := ValidateFlatRates(rates); err != nil {
		return nil, err
	}
	for i, a := range amounts {
		if flatRateCovers(rates, a.Category) {
			return nil, FieldErrf("amounts["+itoa(i)+"].category", "flat_rate", "err.category.flat_rate", Args{"Category": string(a.Category)})
		}
		if a.Amount.Currency() != cur {
			return nil, FieldErrf("amounts["+itoa(i)+"].amount.currency", "project_currency", "err.project_currency_2", Args{"Currency": string(cur)})
		}
		if a.Amount.IsNegative() {
			return nil, FieldErr("amounts["+itoa(i)+"].amount", "gte", "err.gte_2")
		}
	}
	type pk struct {
		p   PartnerID
		per int
	}
	// computed holds, per category, the amounts of kinds applied so far.
	computed := map[CostCategory]map[pk]int64{}
	var out []FlatRateAmount
	ordered := slices.Clone(rates)
	slices.SortStableFunc(ordered, func(a, b FlatRate) int {
		return cmp.Compare(slices.Index(FlatRateKinds, a.Kind), slices.Index(FlatRateKinds, b.Kind))
	})
	for _, fr := range ordered {
		base := fr.Kind.Base(rates)
		sums := map[pk]int64{}
		var partners []PartnerID
		seenPartner := map[PartnerID]bool{}
		add := func(k pk, cents int64) error {
			s, over := add64(sums[k], cents)
			if over {
				return errOverflow
			}
			sums[k] = s
			if !seenPartner[k.p] {
				seenPartner[k.p] = true
				partners = append(partners, k.p)
			}
			return nil
		}
		for _, a := range amounts {
			if slices.Contains(base, a.Category) {
				if err := add(pk{a.PartnerID, a.Period}, a.Amount.Cents()); err != nil {
					return nil, err
				}
			}
		}
		for _, c := range base {
			for k, cents := range computed[c] {
				if err := add(k, cents); err != nil {
					return nil, err
				}
			}
		}
		slices.Sort(partners)
		mine := map[pk]int64{}
		for _, p := range partners {
			var periods []int
			var total int64
			for k, s := range sums {
				if k.p == p {
					periods = append(periods, k.per)
					t, over := add64(total, s)
					if over {
						return nil, errOverflow
					}
					total = t
				}
			}
			slices.Sort(periods)
			var others int64
			for _, per := range periods {
				if per != closing {
					v := percentDown(sums[pk{p, per}], fr.RatePercent)
					mine[pk{p, per}] = v
					others += v
				}
			}
			if slices.Contains(periods, closing) {
				mine[pk{p, closing}] = percentDown(total, fr.RatePercent) - others
			}
			for _, per := range periods {
				out = append(out, FlatRateAmount{PartnerID: p, Period: per, Kind: fr.Kind, Category: fr.Category(), RatePercent: fr.RatePercent,
					Base: Cents(sums[pk{p, per}], cur), Amount: Cents(mine[pk{p, per}], cur)})
			}
		}
		computed[fr.Category()] = mine
	}
	return out, nil
}

// UnitCost is a unit cost a project (or its programme) defines: a price
// per unit of output or activity. A budget line or expenditure line in
// category unit_cost names it by Code and gives the units; its amount is
// units × price rounded down to the cent, computed by PriceCostOption.
type UnitCost struct {
	Code  string `json:"code" validate:"required,max=50"`
	Name  I18n   `json:"name" validate:"i18n_required"`
	Unit  string `json:"unit" validate:"required,max=100"`
	Price Money  `json:"price" validate:"money"`
}

// LumpSum is a fixed amount a project (or its programme) defines, paid
// when its deliverable is reported: a budget or expenditure line in
// category lump_sum names it by Code and its amount is the lump sum's,
// all or nothing. Period is the reporting period whose report delivers
// it (0: any).
type LumpSum struct {
	Code        string `json:"code" validate:"required,max=50"`
	Name        I18n   `json:"name" validate:"i18n_required"`
	Deliverable I18n   `json:"deliverable"`
	Amount      Money  `json:"amount" validate:"money"`
	Period      int    `json:"period" validate:"min=0,max=1000"`
}

// UnitCostByCode returns the project's unit cost with code.
func (p *Project) UnitCostByCode(code string) (UnitCost, bool) {
	for _, u := range p.UnitCosts {
		if u.Code == code {
			return u, true
		}
	}
	return UnitCost{}, false
}

// LumpSumByCode returns the project's lump sum with code.
func (p *Project) LumpSumByCode(code string) (LumpSum, bool) {
	for _, l := range p.LumpSums {
		if l.Code == code {
			return l, true
		}
	}
	return LumpSum{}, false
}

// ClosingPeriod is the project's last reporting period, the one that takes
// the rounding remainder of a flat rate (ComputeFlatRates); 0 for a
// project without periods.
func (p *Project) ClosingPeriod() int {
	last := 0
	for _, per := range p.Periods {
		last = max(last, per.Number)
	}
	return last
}

// DefaultFlexibilityPercent is the flexibility margin used when a project
// records none: a cost category may exceed its budget by 10 % of it as
// long as the partner's total is not exceeded. Programmes allow 10 % or
// 20 %; the smaller margin warns early rather than late.
var DefaultFlexibilityPercent = decimal.NewFromInt(10)

// Flexibility returns the project's flexibility margin in percent.
func (p *Project) Flexibility() decimal.Decimal {
	if p.FlexibilityPercent != nil {
		return *p.FlexibilityPercent
	}
	return DefaultFlexibilityPercent
}

// MaxUnits is the largest number of units a line may claim.
var MaxUnits = decimal.NewFromInt(1_000_000_000)

// UnitsTimesPrice returns units × price rounded down to the cent. Units
// have at most two decimals and are positive.
func UnitsTimesPrice(units decimal.Decimal, price Money) (Money, error) {
	if !units.IsPositive() || units.GreaterThan(MaxUnits) {
		return Money{}, FieldErr("units", "units", "err.units.units")
	}
	if units.Exponent() < -2 && !units.Equal(units.Truncate(2)) {
		return Money{}, FieldErr("units", "decimals", "err.units.decimals")
	}
	n := new(big.Int).Mul(units.Shift(2).BigInt(), big.NewInt(price.Cents()))
	n.Quo(n, big.NewInt(100)) // non-negative operands: Quo is floor
	if !n.IsInt64() || n.Int64() > maxCents {
		return Money{}, FieldErr("units", "overflow", "err.units.overflow")
	}
	return Cents(n.Int64(), price.Currency()), nil
}

// maxCents is the largest amount a line carries: 999,999,999.99.
const maxCents = 99_999_999_999

// PriceCostOption fills the amount of a line in category unit_cost or
// lump_sum from the project's definition: units × unit price rounded down
// for a unit cost, the lump sum's amount for a lump sum. The amount is
// computed, never entered: a line that carries another non-zero amount is
// an error (rule "computed"), so that a caller cannot set its own price.
// Lines of other categories must not name a cost option or units. Field
// names are those of the line: cost_option, units, amount.
func PriceCostOption(p *Project, category CostCategory, code string, units *decimal.Decimal, amount *Money) error {
	switch category {
	case CatUnitCost:
		u, ok := p.UnitCostByCode(code)
		if !ok {
			return FieldErr("cost_option", "unit_cost", "err.cost_option.unit_cost")
		}
		if units == nil {
			return FieldErr("units", "required", "err.units.required")
		}
		m, err := UnitsTimesPrice(*units, u.Price)
		if err != nil {
			return err
		}
		return setComputed(amount, m)
	case CatLumpSum:
		l, ok := p.LumpSumByCode(code)
		if !ok {
			return FieldErr("cost_option", "lump_sum", "err.cost_option.lump_sum")
		}
		if units != nil {
			return FieldErr("units", "excluded", "err.units.excluded")
		}
		return setComputed(amount, l.Amount)
	}
	if code != "" {
		return FieldErr("cost_option", "excluded", "err.cost_option.excluded")
	}
	if units != nil {
		return FieldErr("units", "excluded", "err.units.excluded_2")
	}
	return nil
}

func setComputed(amount *Money, m Money) error {
	if !amount.IsZero() && *amount != m {
		return FieldErrf("amount", "computed", "err.amount.computed", Args{"Amount": m.AmountString(), "Currency": string(m.Currency())})
	}
	*amount = m
	return nil
}
