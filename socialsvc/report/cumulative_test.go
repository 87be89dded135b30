package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCumulativeIndicatorAudited: the cumulative value of an indicator of
// people to the end of a period after the first is a figure of the
// release of its own. Here 2 people come in period 1, 2 in period 2 (one
// of them again) and 10 in period 3, 12 in all: the cumulative value to
// period 2 is 3 people, a figure of 1 to 4 people, so it is "<5" (it
// used to be "x" and was never audited); the cumulative value to period
// 3 is the whole project's 12 (nothing lies outside the periods), which
// is published.
func TestCumulativeIndicatorAudited(t *testing.T) {
	f := indFigure{
		id:      "counselled",
		measure: mInd,
		val:     []int64{12, 2, 2, 10, 0},
		contrib: []int64{12, 2, 2, 10, 0},
		cum:     []int64{0, 0, 3, 12},
	}
	f.cumContrib = f.cum
	pr := newProtector()
	pr.addIndicators([]indFigure{f}, 4, false)
	pr.protect()
	r := &release{figs: []indFigure{f}, pr: pr}
	assert.Equal(t, Count{Suppressed: true, Reason: ReasonPrimary}, r.cumulative("counselled", 1))
	assert.Equal(t, Count{Suppressed: true, Reason: ReasonPrimary}, r.cumulative("counselled", 2))
	assert.Equal(t, Count{Value: 12}, r.cumulative("counselled", 3))
	c, _ := r.indicator("counselled", 3)
	assert.Equal(t, Count{Value: 10}, c)
	c, _ = r.indicator("counselled", 0)
	assert.Equal(t, Count{Value: 12}, c)
}
