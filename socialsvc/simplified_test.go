package socialsvc_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func costAmount(cat socialsvc.CostCategory, period int, cents int64) socialsvc.CostAmount {
	return socialsvc.CostAmount{PartnerID: "lp", Category: cat, Period: period, Amount: eur(cents)}
}

// flatRow is one expected computed amount: period, kind, base, amount (cents).
type flatRow struct {
	period       int
	kind         socialsvc.FlatRateKind
	base, amount int64
}

// TestComputeFlatRates: each kind on a base of two periods, period 2 being
// the closing period that takes the remainder. The same function computes
// budget and spending, so each case reads as either. Hand-computed:
//
//	staff 1.000,04 + 1.000,04; 15 % of each is 150,006 → 150,00; of the
//	total 2.000,08 it is 300,012 → 300,01, so period 2 gets 150,01.
func TestComputeFlatRates(t *testing.T) {
	staff := []socialsvc.CostAmount{costAmount(socialsvc.CatStaff, 1, 100004), costAmount(socialsvc.CatStaff, 2, 100004)}
	direct := append([]socialsvc.CostAmount{
		costAmount(socialsvc.CatTravel, 1, 33333),
		costAmount(socialsvc.CatExternal, 1, 50000), costAmount(socialsvc.CatExternal, 2, 5),
		costAmount(socialsvc.CatEquipment, 2, 20000),
		costAmount(socialsvc.CatInfrastructure, 1, 0),
		costAmount(socialsvc.CatLumpSum, 1, 999999), // never a flat-rate base
	}, staff...)
	nonStaff := direct[:6]
	rate := func(k socialsvc.FlatRateKind, pct string) socialsvc.FlatRate {
		return socialsvc.FlatRate{Kind: k, RatePercent: dec(pct)}
	}
	tests := []struct {
		name    string
		rates   []socialsvc.FlatRate
		amounts []socialsvc.CostAmount
		closing int
		want    []flatRow
	}{
		{"office 15% of staff", []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15")}, staff, 2,
			[]flatRow{{1, socialsvc.FlatOfficeOnStaff, 100004, 15000}, {2, socialsvc.FlatOfficeOnStaff, 100004, 15001}}},
		{"closing period not reported: each period rounded down", []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15")}, staff, 3,
			[]flatRow{{1, socialsvc.FlatOfficeOnStaff, 100004, 15000}, {2, socialsvc.FlatOfficeOnStaff, 100004, 15000}}},
		// 7% of 1.833,37 = 128,3359 → 128,33; of 3.033,46 = 212,3422 →
		// 212,34, so period 2 gets 84,01 (7% of 1.200,09 alone is 84,0063).
		{"office 7% of direct costs", []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnDirect, "7")}, direct, 2,
			[]flatRow{{1, socialsvc.FlatOfficeOnDirect, 183337, 12833}, {2, socialsvc.FlatOfficeOnDirect, 120009, 8401}}},
		{"travel 15% of staff", []socialsvc.FlatRate{rate(socialsvc.FlatTravelOnStaff, "15")}, staff, 2,
			[]flatRow{{1, socialsvc.FlatTravelOnStaff, 100004, 15000}, {2, socialsvc.FlatTravelOnStaff, 100004, 15001}}},
		// 20% of 833,33 = 166,666 → 166,66; of 1.033,38 = 206,676 → 206,67:
		// period 2 gets 40,01 (20% of 200,05 alone is 40,01 too).
		{"staff 20% of direct costs other than staff", []socialsvc.FlatRate{rate(socialsvc.FlatStaff, "20")}, nonStaff, 2,
			[]flatRow{{1, socialsvc.FlatStaff, 83333, 16666}, {2, socialsvc.FlatStaff, 20005, 4001}}},
		// Travel on staff costs leaves travel out of the staff base (it
		// cannot be both); travel is then 15% of the computed staff costs:
		// staff 20% of 500,00 = 100,00 and of 200,05 = 40,01; travel 15% of
		// 100,00 = 15,00 and of 140,01 in total = 21,0015 → 21,00, less 15,00.
		{"staff 20% and travel 15% of the computed staff", []socialsvc.FlatRate{rate(socialsvc.FlatTravelOnStaff, "15"), rate(socialsvc.FlatStaff, "20")},
			[]socialsvc.CostAmount{costAmount(socialsvc.CatExternal, 1, 50000), costAmount(socialsvc.CatExternal, 2, 5), costAmount(socialsvc.CatEquipment, 2, 20000)}, 2,
			[]flatRow{{1, socialsvc.FlatStaff, 50000, 10000}, {2, socialsvc.FlatStaff, 20005, 4001},
				{1, socialsvc.FlatTravelOnStaff, 10000, 1500}, {2, socialsvc.FlatTravelOnStaff, 4001, 600}}},
		// 40% of 1.000,04 = 400,016 → 400,01; of 2.000,08 = 800,032 → 800,03.
		{"all other costs 40% of staff", []socialsvc.FlatRate{rate(socialsvc.FlatOtherOnStaff, "40")}, staff, 2,
			[]flatRow{{1, socialsvc.FlatOtherOnStaff, 100004, 40001}, {2, socialsvc.FlatOtherOnStaff, 100004, 40002}}},
		{"a project without periods", []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15")}, []socialsvc.CostAmount{costAmount(socialsvc.CatStaff, 0, 100004)}, 0,
			[]flatRow{{0, socialsvc.FlatOfficeOnStaff, 100004, 15000}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := socialsvc.ComputeFlatRates(socialsvc.EUR, tc.rates, tc.amounts, tc.closing)
			require.NoError(t, err)
			var rows []flatRow
			for _, g := range got {
				assert.Equal(t, socialsvc.PartnerID("lp"), g.PartnerID)
				assert.Equal(t, g.Kind.Category(), g.Category)
				rows = append(rows, flatRow{g.Period, g.Kind, g.Base.Cents(), g.Amount.Cents()})
			}
			assert.Equal(t, tc.want, rows)
		})
	}

	t.Run("an entered line in a computed or replaced category is rejected", func(t *testing.T) {
		_, err := socialsvc.ComputeFlatRates(socialsvc.EUR, []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15")},
			append(staff, costAmount(socialsvc.CatOffice, 1, 100)), 2)
		requireInvalid(t, err, "amounts[2].category", "flat_rate")
		_, err = socialsvc.ComputeFlatRates(socialsvc.EUR, []socialsvc.FlatRate{rate(socialsvc.FlatOtherOnStaff, "40")}, direct, 2)
		requireInvalid(t, err, "amounts[0].category", "flat_rate")
	})
	t.Run("combinations that exclude each other are rejected", func(t *testing.T) {
		_, err := socialsvc.ComputeFlatRates(socialsvc.EUR, []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15"), rate(socialsvc.FlatOtherOnStaff, "40")}, staff, 2)
		requireInvalid(t, err, "flat_rates[1].kind", "flat_rate_combination")
	})
	t.Run("a cap is the kind's", func(t *testing.T) {
		_, err := socialsvc.ComputeFlatRates(socialsvc.EUR, []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnDirect, "7.01")}, staff, 2)
		requireInvalid(t, err, "flat_rates[0].rate_percent", "max")
	})
	t.Run("another currency is rejected", func(t *testing.T) {
		_, err := socialsvc.ComputeFlatRates(socialsvc.EUR, []socialsvc.FlatRate{rate(socialsvc.FlatOfficeOnStaff, "15")},
			[]socialsvc.CostAmount{{PartnerID: "lp", Category: socialsvc.CatStaff, Period: 1, Amount: hrk(100)}}, 2)
		requireInvalid(t, err, "amounts[0].amount.currency", "project_currency")
	})
}

func TestFlatRateKindBase(t *testing.T) {
	all := func(ks ...socialsvc.FlatRateKind) []socialsvc.FlatRate {
		var out []socialsvc.FlatRate
		for _, k := range ks {
			out = append(out, socialsvc.FlatRate{Kind: k, RatePercent: dec("1")})
		}
		return out
	}
	assert.Equal(t, []socialsvc.CostCategory{socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment, socialsvc.CatInfrastructure},
		socialsvc.FlatStaff.Base(all(socialsvc.FlatStaff)))
	assert.Equal(t, []socialsvc.CostCategory{socialsvc.CatExternal, socialsvc.CatEquipment, socialsvc.CatInfrastructure},
		socialsvc.FlatStaff.Base(all(socialsvc.FlatStaff, socialsvc.FlatTravelOnStaff)), "travel computed from staff is not in the staff base")
	assert.Equal(t, []socialsvc.CostCategory{socialsvc.CatStaff, socialsvc.CatTravel, socialsvc.CatExternal, socialsvc.CatEquipment, socialsvc.CatInfrastructure},
		socialsvc.FlatOfficeOnDirect.Base(all(socialsvc.FlatOfficeOnDirect, socialsvc.FlatStaff, socialsvc.FlatTravelOnStaff)), "computed staff and travel are direct costs")
	for _, k := range []socialsvc.FlatRateKind{socialsvc.FlatOfficeOnStaff, socialsvc.FlatTravelOnStaff, socialsvc.FlatOtherOnStaff} {
		assert.Equal(t, []socialsvc.CostCategory{socialsvc.CatStaff}, k.Base(all(k)), k)
	}
	caps := map[socialsvc.FlatRateKind]string{socialsvc.FlatStaff: "20", socialsvc.FlatOfficeOnStaff: "15", socialsvc.FlatOfficeOnDirect: "7",
		socialsvc.FlatTravelOnStaff: "15", socialsvc.FlatOtherOnStaff: "40"}
	for k, c := range caps {
		assert.True(t, dec(c).Equal(k.Cap()), k)
	}
}

// TestPriceCostOption: a unit cost is units × price rounded down to the
// cent; a lump sum is its amount; the caller's amount is never taken.
func TestPriceCostOption(t *testing.T) {
	p := &socialsvc.Project{Currency: socialsvc.EUR,
		UnitCosts: []socialsvc.UnitCost{{Code: "WS-DAY", Name: socialsvc.I18n{"en": "participant-day"}, Unit: "day", Price: eur(3333)}},
		LumpSums:  []socialsvc.LumpSum{{Code: "PREP", Name: socialsvc.I18n{"en": "preparation"}, Amount: eur(1500000), Period: 1}}}
	units := func(s string) *decimal.Decimal { d := dec(s); return &d }
	tests := []struct {
		name  string
		cat   socialsvc.CostCategory
		code  string
		units *decimal.Decimal
		in    socialsvc.Money
		want  socialsvc.Money
		field string
		rule  string
	}{
		{name: "12.5 units of 33,33", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("12.5"), want: eur(41662)}, // 416,625 → 416,62
		{name: "3 units of 33,33", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("3"), want: eur(9999)},
		{name: "the same amount given back", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("3"), in: eur(9999), want: eur(9999)},
		{name: "an entered amount", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("3"), in: eur(10000), field: "amount", rule: "computed"},
		{name: "units with three decimals", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("1.005"), field: "units", rule: "decimals"},
		{name: "no units", cat: socialsvc.CatUnitCost, code: "WS-DAY", field: "units", rule: "required"},
		{name: "zero units", cat: socialsvc.CatUnitCost, code: "WS-DAY", units: units("0"), field: "units", rule: "units"},
		{name: "unknown unit cost", cat: socialsvc.CatUnitCost, code: "PREP", units: units("1"), field: "cost_option", rule: "unit_cost"},
		{name: "a lump sum", cat: socialsvc.CatLumpSum, code: "PREP", want: eur(1500000)},
		{name: "a lump sum with units", cat: socialsvc.CatLumpSum, code: "PREP", units: units("1"), field: "units", rule: "excluded"},
		{name: "a lump sum at another amount", cat: socialsvc.CatLumpSum, code: "PREP", in: eur(1), field: "amount", rule: "computed"},
		{name: "staff naming a cost option", cat: socialsvc.CatStaff, code: "PREP", in: eur(1), field: "cost_option", rule: "excluded"},
		{name: "staff with units", cat: socialsvc.CatStaff, units: units("1"), in: eur(1), field: "units", rule: "excluded"},
		{name: "staff as entered", cat: socialsvc.CatStaff, in: eur(1), want: eur(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.in
			err := socialsvc.PriceCostOption(p, tc.cat, tc.code, tc.units, &m)
			if tc.field != "" {
				requireInvalid(t, err, tc.field, tc.rule)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, m)
		})
	}
}
