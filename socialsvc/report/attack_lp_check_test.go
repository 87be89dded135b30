package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The attacker's simplex must not let an artificial variable that phase
// 1 left in the basis (at 0) rise in phase 2: that relaxes its row and
// gives a bound weaker than the relations say, so the property test
// would miss narrowed figures. Here x0 + x1 + x2 ≤ 1, x0 ≥ 1, x1 ≤ 3:
// x0 is exactly 1 (before the fix the minimum came out 0; on data set 3
// of the property test a cumulative indicator of people known to be 10
// came out [6, 10]).
func TestAttackerLPKeepsArtificialsAtZero(t *testing.T) {
	lp := &atkLP{n: 3, rows: []atkRow{
		{coef: map[int]int64{0: 1, 1: 1, 2: 1}, rhs: 1},
		{coef: map[int]int64{0: -1}, rhs: -1},
		{coef: map[int]int64{1: 1}, rhs: 3},
	}}
	require.True(t, lp.feasible())
	lo, unb := lp.minimize(0, 1)
	require.False(t, unb)
	assert.InDelta(t, 1.0, lo, 1e-9)
	hi, unb := lp.minimize(0, -1)
	require.False(t, unb)
	assert.InDelta(t, 1.0, -hi, 1e-9)
	lo, unb = lp.minimize(1, 1)
	require.False(t, unb)
	assert.InDelta(t, 0.0, lo, 1e-9)
	hi, unb = lp.minimize(1, -1)
	require.False(t, unb)
	assert.InDelta(t, 0.0, -hi, 1e-9)
}
