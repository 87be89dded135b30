package socialsvc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestSplitByYear(t *testing.T) {
	eur := func(c int64) socialsvc.Money { return socialsvc.Cents(c, socialsvc.EUR) }
	type share struct {
		start, end string
		cents      int64
	}
	for _, tc := range []struct {
		name       string
		start, end string
		cents      int64
		want       []share
	}{
		{"within one year", "2019-03-01", "2019-08-31", 100_00, []share{{"2019-03-01", "2019-08-31", 100_00}}},
		// 2SoKroG: 1.9.2018 – 30.9.2020 is 122 + 365 + 274 = 761 days.
		// 2018: 57 494 717 × 122 / 761 = 9 217 287.09 → 9 217 287;
		// 2019: × 365 / 761 = 27 576 309.73 → 27 576 309; 2020 the rest,
		// 57 494 717 − 9 217 287 − 27 576 309 = 20 701 121.
		{"three calendar years by days", "2018-09-01", "2020-09-30", 57_494_717, []share{
			{"2018-09-01", "2018-12-31", 9_217_287}, {"2019-01-01", "2019-12-31", 27_576_309}, {"2020-01-01", "2020-09-30", 20_701_121}}},
		// One cent over two days of two years: the first day gets 0, the
		// last the remainder.
		{"remainder to the last share", "2019-12-31", "2020-01-01", 1, []share{{"2019-12-31", "2019-12-31", 0}, {"2020-01-01", "2020-01-01", 1}}},
		{"zero", "2021-01-01", "2022-12-31", 0, []share{{"2021-01-01", "2021-12-31", 0}, {"2022-01-01", "2022-12-31", 0}}},
		// 2024 is a leap year: 366 of 731 days.
		{"leap year", "2024-01-01", "2025-12-31", 731_00, []share{{"2024-01-01", "2024-12-31", 366_00}, {"2025-01-01", "2025-12-31", 365_00}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := socialsvc.SplitByYear(socialsvc.MustDate(tc.start), socialsvc.MustDate(tc.end), eur(tc.cents))
			require.NoError(t, err)
			var sum int64
			var have []share
			for _, s := range got {
				have = append(have, share{s.Start.String(), s.End.String(), s.Amount.Cents()})
				assert.Equal(t, socialsvc.EUR, s.Amount.Currency())
				sum += s.Amount.Cents()
			}
			assert.Equal(t, tc.want, have)
			assert.Equal(t, tc.cents, sum, "the shares add up exactly")
		})
	}
	_, err := socialsvc.SplitByYear(socialsvc.MustDate("2020-01-02"), socialsvc.MustDate("2020-01-01"), eur(1))
	requireFields(t, err, socialsvc.Invalid, one("period", "date_order"))
}
