package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlockStepPairsLines: a project of 38 people with one release (all
// its events; nobody outside it), so the whole project and the release
// are the same tables. Age band 2 is 3 women, a small row
// total, so the block step withholds the whole row, and, as a lone line
// of a partition would be derived from the column totals, the smallest
// other band beside it: band 1 (17 people) rather than band 0 (18).
// Moving the people of either band into the other changes nothing
// published, so each withheld figure keeps a range that holds 0: the
// "x" figures of band 1 (10 women, 7 men, 17) are as protected as the
// "<5" ones. The zeros of columns nobody is in are fixed by their
// published column totals (0) and published (publishDetermined).
func TestBlockStepPairsLines(t *testing.T) {
	var people []*tperson
	add := func(n, gender, age int) {
		for range n {
			people = append(people, &tperson{gender: gender, age: age, groups: []int{0}, visits: []int64{2, 2, 0}})
		}
	}
	add(12, 0, 0)
	add(6, 1, 0)
	add(10, 0, 1)
	add(7, 1, 1)
	add(3, 0, 2)
	rows := [nDims]int{dimGroup: 1, dimAge: 3, dimRegion: 1}
	tab := tabulate(people, 3, rows)
	p := newProtector()
	p.addTables(tab, 2, false)
	p.protect()
	require.False(t, p.fellBack)

	assert.Equal(t, map[line]bool{{dimAge, 1}: true, {dimAge, 2}: true}, p.blocked)
	assert.Len(t, p.seeds, 2, "band 1 into band 2, and band 2 into band 1")
	state := func(row, col int) Count { return p.count(qkey{0, dimAge, row, col}, mInd, nil) }
	assert.Equal(t, []Count{{Value: 18}, {Value: 12}, {Value: 6}, {Value: 0}, {Value: 0}},
		[]Count{state(0, -1), state(0, 0), state(0, 1), state(0, 2), state(0, 3)})
	assert.Equal(t, []Count{xx, xx, xx, {Value: 0}, {Value: 0}},
		[]Count{state(1, -1), state(1, 0), state(1, 1), state(1, 2), state(1, 3)})
	// Band 2's men are 0, but the 7 men of bands 1 and 2 can be in
	// either: withheld.
	assert.Equal(t, []Count{lt5, lt5, xx, {Value: 0}, {Value: 0}},
		[]Count{state(2, -1), state(2, 0), state(2, 1), state(2, 2), state(2, 3)})
	// Every withheld figure above 5 is at 0 in a seed, which is exact
	// evidence; the seeds keep every published figure.
	for q, x := range p.qs {
		if p.units[x.unit] == unitComplementary && x.value > MinCount {
			zero, _, _ := p.seeded(q)
			assert.True(t, zero, "%+v", x)
		}
	}
	for _, s := range p.seeds {
		assert.True(t, p.feasible(s))
	}
	// Band 2's 3 women in band 1 are 13 women there, the 10 women of
	// band 1 in band 2 are 13 there.
	w1, w2 := p.id(qkey{0, dimAge, 1, 0}, mInd), p.id(qkey{0, dimAge, 2, 0}, mInd)
	assert.ElementsMatch(t, [][2]int64{{13, 0}, {0, 13}}, [][2]int64{{p.seeds[0][w1], p.seeds[0][w2]}, {p.seeds[1][w1], p.seeds[1][w2]}})
}
