package socialsvc

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// CostCategory is a budget category, following the Interreg/Jems
// convention.
type CostCategory string

// Cost categories.
const (
	CatStaff          CostCategory = "staff"
	CatOffice         CostCategory = "office_administration"
	CatTravel         CostCategory = "travel_accommodation"
	CatExternal       CostCategory = "external_expertise"
	CatEquipment      CostCategory = "equipment"
	CatInfrastructure CostCategory = "infrastructure_works"
	// CatOther holds the "all other costs" flat rate (FlatOtherOnStaff),
	// which replaces office, travel, external expertise, equipment and
	// infrastructure; it is computed, never entered.
	CatOther    CostCategory = "other_costs"
	CatLumpSum  CostCategory = "lump_sum"
	CatUnitCost CostCategory = "unit_cost"
)

// CostCategories lists the categories in reporting order.
var CostCategories = []CostCategory{CatStaff, CatOffice, CatTravel, CatExternal, CatEquipment, CatInfrastructure, CatOther, CatLumpSum, CatUnitCost}

// Valid reports whether c is known.
func (c CostCategory) Valid() bool { return slices.Contains(CostCategories, c) }

// Label returns the category for people reading lang, from the catalogue
// ids domain.cost_category.<category>; the code itself for an unknown one.
func (c CostCategory) Label(lang Lang) string { return codeLabel("domain.cost_category.", c, lang) }

// BudgetLine is the planned amount of one partner in one cost category and
// reporting period.
type BudgetLine struct {
	ID        BudgetLineID `json:"id"`
	ProjectID ProjectID    `json:"project_id" validate:"required"`
	PartnerID PartnerID    `json:"partner_id" validate:"required"`
	Category  CostCategory `json:"category" validate:"required,cost_category"`
	// Period is the reporting period number; 0 means the whole project.
	Period      int    `json:"period" validate:"min=0,max=1000"`
	Amount      Money  `json:"amount" validate:"money"`
	Description string `json:"description,omitempty" validate:"max=1000"`
	// CostOption is the code of the project's unit cost (category
	// unit_cost) or lump sum (category lump_sum) the line budgets; Units
	// is the number of units of a unit cost, with at most two decimals.
	// The amount of such a line is computed (PriceCostOption).
	CostOption string           `json:"cost_option,omitempty" validate:"max=50"`
	Units      *decimal.Decimal `json:"units,omitempty"`
	// Computed marks lines derived from a flat rate: they are recomputed,
	// never entered.
	Computed  bool      `json:"computed,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ApplyFlatRates returns lines without previously computed lines, plus one
// computed line per partner, period and flat rate, as ComputeFlatRates
// gives them (rounded down per period, the closing period taking the
// remainder). Entered lines in a category a flat rate computes or
// replaces are an error: such a category is computed, not entered.
func ApplyFlatRates(lines []BudgetLine, rates []FlatRate, closing int) ([]BudgetLine, error) {
	if err := ValidateFlatRates(rates); err != nil {
		return nil, err
	}
	out := make([]BudgetLine, 0, len(lines)+len(rates))
	var amounts []CostAmount
	var proj ProjectID
	cur := Currency("")
	for _, l := range lines {
		if l.Computed {
			continue
		}
		if flatRateCovers(rates, l.Category) {
			return nil, FieldErrf("category", "flat_rate", "err.category.flat_rate", Args{"Category": string(l.Category)})
		}
		out = append(out, l)
		amounts = append(amounts, CostAmount{PartnerID: l.PartnerID, Category: l.Category, Period: l.Period, Amount: l.Amount})
		if cur == "" {
			cur = l.Amount.Currency()
		}
		proj = l.ProjectID
	}
	if len(rates) == 0 {
		return out, nil
	}
	if cur == "" {
		cur = EUR
	}
	computed, err := ComputeFlatRates(cur, rates, amounts, closing)
	if err != nil {
		return nil, err
	}
	for _, c := range computed {
		base := c.Kind.Base(rates)
		names := make([]string, len(base))
		for i, b := range base {
			names[i] = string(b)
		}
		out = append(out, BudgetLine{ProjectID: proj, PartnerID: c.PartnerID, Category: c.Category, Period: c.Period, Amount: c.Amount,
			Description: "flat rate " + c.RatePercent.String() + "% of " + strings.Join(names, ", "), Computed: true})
	}
	return out, nil
}

// FundKind classifies where money comes from.
type FundKind string

// Fund kinds.
const (
	FundEU         FundKind = "eu"
	FundNational   FundKind = "national"
	FundRegional   FundKind = "regional"
	FundCity       FundKind = "city"
	FundForeignGov FundKind = "foreign_government"
	FundPrivate    FundKind = "private"
	FundOther      FundKind = "other"
)

// Valid reports whether k is known.
func (k FundKind) Valid() bool {
	switch k {
	case FundEU, FundNational, FundRegional, FundCity, FundForeignGov, FundPrivate, FundOther:
		return true
	}
	return false
}

// Label returns the kind for people reading lang (reports show it
// instead of the code), from the catalogue ids fund_kind.<kind>; the code
// itself for a kind no catalogue has.
func (k FundKind) Label(lang Lang) string {
	id := "fund_kind." + string(k)
	if !i18n.Has(i18n.EN, id) {
		return string(k)
	}
	return i18n.T(lang, id)
}

// Fund is a source of co-financing: ERDF, ESF+, IPA, EEA and Norway
// Grants, a national or city budget, a foreign government fund (CSSF).
type Fund struct {
	ID   FundID   `json:"id"`
	Code string   `json:"code" validate:"required,max=30"`
	Name I18n     `json:"name" validate:"i18n_required"`
	Kind FundKind `json:"kind" validate:"required,fund_kind"`
	// MaxRatePercent is the call's maximum co-financing rate; a partner
	// rate above it is an error.
	MaxRatePercent decimal.Decimal `json:"max_rate_percent" validate:"percent"`
	// IATIRef is the published IATI organisation identifier of the body
	// that funds through this fund (CheckOrgIdentifier), written as the
	// funding participating-org of IATI activities; empty when the body
	// has none registered.
	IATIRef   string    `json:"iati_ref,omitempty" validate:"max=100"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CoFinancing is the rate at which a fund co-finances a partner's budget.
type CoFinancing struct {
	FundID      FundID          `json:"fund_id" validate:"required"`
	RatePercent decimal.Decimal `json:"rate_percent" validate:"percent"`
}

// FundingShare is one fund's share of one partner's budget.
type FundingShare struct {
	FundID      FundID          `json:"fund_id"`
	RatePercent decimal.Decimal `json:"rate_percent"`
	Amount      Money           `json:"amount"`
}

// PartnerFunding is one row of a funding table: a partner's eligible total,
// each fund's share rounded down to the cent, and the own contribution
// that takes the remainder.
type PartnerFunding struct {
	PartnerID PartnerID      `json:"partner_id"`
	Total     Money          `json:"total"`
	Funds     []FundingShare `json:"funds"`
	Own       Money          `json:"own_contribution"`
}

// FundTotal is a fund's project total: the sum of partners' rounded shares.
type FundTotal struct {
	FundID FundID `json:"fund_id"`
	Amount Money  `json:"amount"`
}

// FundingTable is a project's co-financing: per partner and fund, and the
// project totals computed as sums of the partners' rounded amounts (never
// total × rate). It is the one place co-financing is computed; reports
// render it and never recompute it.
type FundingTable struct {
	Currency Currency         `json:"currency"`
	Partners []PartnerFunding `json:"partners"`
	Funds    []FundTotal      `json:"funds"`
	Total    Money            `json:"total"`
	Own      Money            `json:"own_contribution"`
}

// FundAmount returns the project total of a fund, or zero.
func (t *FundingTable) FundAmount(id FundID) Money {
	for _, f := range t.Funds {
		if f.FundID == id {
			return f.Amount
		}
	}
	return Zero(t.Currency)
}

// ComputeFunding builds the funding table of a project from its partners
// (with their co-financing rates), the budget lines (computed flat-rate
// lines included) and the funds (for their maximum rates).
//
// Rules (DOMAIN.md): a partner's fund amount is the partner's total × rate
// rounded down to the cent; the own contribution is the remainder; the
// project's fund total is the sum of the partners' rounded amounts; the
// rates of one partner total at most 100%; a rate above the fund's maximum
// is an error; associated partners carry no budget.
func ComputeFunding(currency Currency, partners []Partner, lines []BudgetLine, funds []Fund) (FundingTable, error) {
	tbl := FundingTable{Currency: currency, Total: Zero(currency), Own: Zero(currency)}
	fundByID := make(map[FundID]Fund, len(funds))
	for _, f := range funds {
		fundByID[f.ID] = f
	}
	totals := make(map[PartnerID]*Total, len(partners))
	roles := make(map[PartnerID]Role, len(partners))
	for pi, p := range partners {
		if _, dup := totals[p.ID]; dup {
			return FundingTable{}, FieldErr("partners["+itoa(pi)+"].id", "unique", "err.unique")
		}
		if pi > 0 && p.ProjectID != partners[0].ProjectID {
			return FundingTable{}, FieldErr("partners["+itoa(pi)+"].project_id", "same_project", "err.same_project")
		}
		t := NewTotal(currency)
		totals[p.ID] = &t
		roles[p.ID] = p.Role
	}
	for i, l := range lines {
		t, ok := totals[l.PartnerID]
		if !ok {
			return FundingTable{}, FieldErr("budget_lines["+itoa(i)+"].partner_id", "exists", "err.exists")
		}
		if roles[l.PartnerID] == RoleAssociated && !l.Amount.IsZero() {
			return FundingTable{}, FieldErr("budget_lines["+itoa(i)+"].partner_id", "associated_no_budget", "err.associated_no_budget")
		}
		if err := t.Add(l.Amount); err != nil {
			return FundingTable{}, PrefixFields(err, "budget_lines["+itoa(i)+"]")
		}
	}
	fundTotals := map[FundID]*Total{}
	var fundOrder []FundID
	grand, own := NewTotal(currency), NewTotal(currency)
	for pi, p := range partners {
		if p.Role == RoleAssociated {
			if len(p.Funding) > 0 {
				return FundingTable{}, FieldErr("partners["+itoa(pi)+"].funding", "associated_no_budget", "err.associated_no_budget")
			}
			continue
		}
		total, err := totals[p.ID].Money()
		if err != nil {
			return FundingTable{}, err
		}
		row := PartnerFunding{PartnerID: p.ID, Total: total}
		sumRates := decimal.Zero
		remaining := total
		for fi, cf := range p.Funding {
			field := "partners[" + itoa(pi) + "].funding[" + itoa(fi) + "]"
			f, ok := fundByID[cf.FundID]
			if !ok {
				return FundingTable{}, FieldErr(field+".fund_id", "exists", "err.exists_2")
			}
			if err := ValidRate(field+".rate_percent", cf.RatePercent); err != nil {
				return FundingTable{}, err
			}
			if !f.MaxRatePercent.IsZero() && cf.RatePercent.GreaterThan(f.MaxRatePercent) {
				return FundingTable{}, FieldErrf(field+".rate_percent", "max_rate", "err.max_rate", Args{"MaxRatePercent": f.MaxRatePercent.String()})
			}
			sumRates = sumRates.Add(cf.RatePercent)
			if sumRates.GreaterThan(decimal.NewFromInt(100)) {
				return FundingTable{}, FieldErr("partners["+itoa(pi)+"].funding", "rates_total", "err.rates_total")
			}
			amount, _, err := CoFinance(total, cf.RatePercent)
			if err != nil {
				return FundingTable{}, PrefixFields(err, field)
			}
			remaining, _ = remaining.Sub(amount) // same currency, no overflow: amount <= total
			row.Funds = append(row.Funds, FundingShare{FundID: cf.FundID, RatePercent: cf.RatePercent, Amount: amount})
			ft, ok := fundTotals[cf.FundID]
			if !ok {
				nt := NewTotal(currency)
				ft = &nt
				fundTotals[cf.FundID] = ft
				fundOrder = append(fundOrder, cf.FundID)
			}
			_ = ft.Add(amount)
		}
		row.Own = remaining
		_ = grand.Add(total)
		_ = own.Add(remaining)
		tbl.Partners = append(tbl.Partners, row)
	}
	for _, id := range fundOrder {
		m, err := fundTotals[id].Money()
		if err != nil {
			return FundingTable{}, err
		}
		tbl.Funds = append(tbl.Funds, FundTotal{FundID: id, Amount: m})
	}
	var err error
	if tbl.Total, err = grand.Money(); err != nil {
		return FundingTable{}, err
	}
	if tbl.Own, err = own.Money(); err != nil {
		return FundingTable{}, err
	}
	return tbl, nil
}
