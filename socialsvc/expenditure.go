package socialsvc

import (
	"time"

	"github.com/shopspring/decimal"
)

// Conversion records how an amount was converted to euro: the rate (units
// of the original currency per 1 EUR), the date it applied to, and where it
// came from. Historical conversions are not the fixed kuna rate: Interreg
// 2014–2020 used the Commission's monthly InforEuro rate, planning
// documents whatever rate was current. So every converted amount carries
// its own rate and reports reuse it instead of reconverting.
type Conversion struct {
	Rate     decimal.Decimal `json:"rate"`
	RateDate Date            `json:"rate_date"`
	Source   string          `json:"source"`
	// Basis says which rule gave the rate (table, agreement, fixed rate,
	// entered by an admin).
	Basis RateBasis `json:"basis,omitempty"`
}

// Expenditure is a cost a partner reports against its budget, in the
// currency it was paid in, with its euro equivalent and how that was
// obtained.
type Expenditure struct {
	ID        ExpenditureID `json:"id"`
	ProjectID ProjectID     `json:"project_id" validate:"required"`
	PartnerID PartnerID     `json:"partner_id" validate:"required"`
	Category  CostCategory  `json:"category" validate:"required,cost_category"`
	Period    int           `json:"period" validate:"min=0,max=1000"`
	// Date is when the cost was incurred (the invoice or payment date).
	Date        Date   `json:"date" validate:"date_required"`
	Description string `json:"description,omitempty" validate:"max=1000"`
	// Amount is what was paid, in its own currency. For a claim of a unit
	// cost or a lump sum it is computed from the project's definition
	// (PriceCostOption), never entered.
	Amount Money `json:"amount" validate:"money"`
	// CostOption is the code of the project's unit cost (category
	// unit_cost) or lump sum (category lump_sum) the line claims; Units
	// is the number of units claimed of a unit cost.
	CostOption string           `json:"cost_option,omitempty" validate:"max=50"`
	Units      *decimal.Decimal `json:"units,omitempty"`
	// Converted is Amount in the project currency (EUR), and Conversion
	// says how; for amounts already in EUR the rate is 1. The library
	// computes both under the project's RateRule: Converted is read-only
	// (a store refuses a value it did not compute), and a Conversion given
	// on input is a rate entered by hand, which only an admin may enter
	// where the rule allows it (RateRule.ApplyEntered).
	Converted  Money      `json:"converted" validate:"money"`
	Conversion Conversion `json:"conversion"`
	Version    int64      `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// Rate is a monthly exchange rate: units of Currency per 1 EUR in Month.
type Rate struct {
	Currency Currency        `json:"currency" validate:"required,currency"`
	Month    Month           `json:"month"`
	Rate     decimal.Decimal `json:"rate" validate:"dec_positive"`
	Source   string          `json:"source" validate:"required,max=200"`
}

// RateTable holds monthly rates (InforEuro or a funder's own). The zero
// value is an empty table ready for use.
type RateTable struct {
	rates map[rateKey]Rate
}

type rateKey struct {
	c Currency
	m Month
}

// NewRateTable returns a table holding rates; a later rate for the same
// currency and month replaces an earlier one.
func NewRateTable(rates ...Rate) (*RateTable, error) {
	t := &RateTable{}
	for i, r := range rates {
		if err := t.Set(r); err != nil {
			return nil, PrefixFields(err, "rates["+itoa(i)+"]")
		}
	}
	return t, nil
}

// Set adds or replaces a rate.
func (t *RateTable) Set(r Rate) error {
	if !r.Currency.Valid() || r.Currency == EUR {
		return FieldErr("currency", "currency", "err.currency.currency_2")
	}
	if !r.Rate.IsPositive() {
		return errRate
	}
	if r.Month.Month < 1 || r.Month.Month > 12 || r.Month.Year < 1 {
		return FieldErr("month", "month", "err.month.month")
	}
	if r.Source == "" {
		return FieldErr("source", "required", "err.source.required")
	}
	if t.rates == nil {
		t.rates = map[rateKey]Rate{}
	}
	t.rates[rateKey{r.Currency, r.Month}] = r
	return nil
}

// Lookup returns the rate of c for month m.
func (t *RateTable) Lookup(c Currency, m Month) (Rate, bool) {
	if t == nil {
		return Rate{}, false
	}
	r, ok := t.rates[rateKey{c, m}]
	return r, ok
}

// Len returns the number of rates.
func (t *RateTable) Len() int {
	if t == nil {
		return 0
	}
	return len(t.rates)
}

// Rates returns every rate, in no particular order.
func (t *RateTable) Rates() []Rate {
	if t == nil {
		return nil
	}
	out := make([]Rate, 0, len(t.rates))
	for _, r := range t.rates {
		out = append(out, r)
	}
	return out
}

// Nearest returns the rate of c for the month closest to m (the earlier
// one on a tie), for checking a hand-entered rate against.
func (t *RateTable) Nearest(c Currency, m Month) (Rate, bool) {
	if t == nil {
		return Rate{}, false
	}
	var best Rate
	bestDist, found := 0, false
	at := m.Year*12 + int(m.Month)
	for k, r := range t.rates {
		if k.c != c {
			continue
		}
		d := k.m.Year*12 + int(k.m.Month) - at
		ad := max(d, -d)
		if !found || ad < bestDist || ad == bestDist && d < 0 {
			best, bestDist, found = r, ad, true
		}
	}
	return best, found
}

// ToEUR converts m, dated on, under the default rate rule (InforEuro of
// the month): EUR as it is; kuna from 1.1.2023 at the fixed rate (and
// refused after 14.1.2023); any other amount at the table's rate of the
// month, a missing one being an error naming currency and month. See
// RateRule.ToEUR.
func (t *RateTable) ToEUR(m Money, on Date) (Money, Conversion, error) {
	return RateRule{}.ToEUR(t, m, on, Date{})
}

// Convert fills e.Converted and e.Conversion from e.Amount and e.Date
// under the default rate rule, whatever they held before.
func (t *RateTable) Convert(e *Expenditure) error {
	eur, conv, err := t.ToEUR(e.Amount, e.Date)
	if err != nil {
		return err
	}
	e.Converted, e.Conversion = eur, conv
	return nil
}
