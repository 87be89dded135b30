package socialsvc

import "math/big"

// YearShare is the part of an amount that falls into one calendar year of
// a span of days.
type YearShare struct {
	Start  Date  `json:"start"`
	End    Date  `json:"end"`
	Amount Money `json:"amount"`
}

// SplitByYear splits amount, spread over the days start..end (both
// inclusive), into one share per calendar year the span touches, so that
// no share covers more than a year (IATI's rule for budgets). The rule,
// to the cent: each share but the last gets amount × its days ÷ all days,
// rounded toward zero; the last gets the remainder, so that the shares add
// up to amount exactly. A span within one year is one share, the whole
// amount. An invalid or reversed span is an invalid error.
func SplitByYear(start, end Date, amount Money) ([]YearShare, error) {
	if !start.Valid() || !end.Valid() || end.Before(start) {
		return nil, FieldErr("period", "date_order", "err.period.date_order")
	}
	total := days(start, end)
	var out []YearShare
	var given int64
	for y := start.Year; y <= end.Year; y++ {
		s, e := NewDate(y, 1, 1), NewDate(y, 12, 31)
		if y == start.Year {
			s = start
		}
		if y == end.Year {
			e = end
		}
		share := YearShare{Start: s, End: e}
		if y == end.Year {
			share.Amount = Cents(amount.Cents()-given, amount.Currency())
		} else {
			// cents × days can pass int64 for the largest amounts over long
			// spans only in theory; big.Int keeps it exact regardless.
			n := new(big.Int).Mul(big.NewInt(amount.Cents()), big.NewInt(days(s, e)))
			c := n.Quo(n, big.NewInt(total)).Int64()
			given += c
			share.Amount = Cents(c, amount.Currency())
		}
		out = append(out, share)
	}
	return out, nil
}

// days returns the number of days from s to e, both inclusive.
func days(s, e Date) int64 {
	return int64(e.Time().Sub(s.Time()).Hours()/24) + 1
}
