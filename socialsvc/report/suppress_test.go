package report

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuppress(t *testing.T) {
	tests := []struct {
		name string
		g    Grid
		want Mask
	}{
		{
			name: "nothing small",
			g:    Grid{Cells: [][]int64{{5, 10}, {7, 20}}, RowTotals: []int64{15, 27}, ColTotals: []int64{12, 30}, Total: 42},
			want: Mask{Cells: [][]bool{{false, false}, {false, false}}, RowTotals: []bool{false, false}, ColTotals: []bool{false, false}},
		},
		{
			name: "one small cell spreads to the whole 2x2",
			g:    Grid{Cells: [][]int64{{3, 10}, {7, 20}}, RowTotals: []int64{13, 27}, ColTotals: []int64{10, 30}, Total: 40},
			want: Mask{Cells: [][]bool{{true, true}, {true, true}}, RowTotals: []bool{false, false}, ColTotals: []bool{false, false}},
		},
		{
			name: "next smallest in row and column",
			g: Grid{Cells: [][]int64{{2, 50, 9}, {30, 40, 60}, {6, 70, 80}},
				RowTotals: []int64{61, 130, 156}, ColTotals: []int64{38, 160, 149}, Total: 347},
			// (0,0) primary; row 0 → 9 at (0,2); column 0 → 6 at (2,0);
			// column 2 → 60 at (1,2); then row 1 → 30 at (1,0), row 2 →
			// 70 at (2,1), column 1 → 40 at (1,1): stable.
			want: Mask{Cells: [][]bool{{true, false, true}, {true, true, true}, {true, true, false}}, RowTotals: []bool{false, false, false}, ColTotals: []bool{false, false, false}},
		},
		{
			name: "one column: the row total equals the cell",
			g:    Grid{Cells: [][]int64{{3}, {12}, {20}}, RowTotals: []int64{3, 12, 20}, ColTotals: []int64{35}, Total: 35},
			want: Mask{Cells: [][]bool{{true}, {true}, {false}}, RowTotals: []bool{true, true, false}, ColTotals: []bool{false}},
		},
		{
			name: "small total is suppressed too",
			g:    Grid{Cells: [][]int64{{1, 2}}, RowTotals: []int64{3}, ColTotals: []int64{1, 2}, Total: 3},
			want: Mask{Cells: [][]bool{{true, true}}, RowTotals: []bool{true}, ColTotals: []bool{true, true}, Total: true},
		},
		{
			name: "zero is below five",
			g:    Grid{Cells: [][]int64{{0, 10}, {10, 10}}, RowTotals: []int64{10, 20}, ColTotals: []int64{10, 20}, Total: 30},
			want: Mask{Cells: [][]bool{{true, true}, {true, true}}, RowTotals: []bool{false, false}, ColTotals: []bool{false, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Suppress(tt.g, nil)
			assert.Equal(t, tt.want, got)
			assertProtected(t, tt.g, got)
		})
	}
}

func TestSuppressForced(t *testing.T) {
	g := Grid{Cells: [][]int64{{10, 20}, {30, 40}}, RowTotals: []int64{30, 70}, ColTotals: []int64{40, 60}, Total: 100}
	f := NewMask(g)
	f.ColTotals[0] = true
	got := Suppress(g, &f)
	// The forced column total needs a partner in the totals row: the
	// other column total (the only part left).
	assert.Equal(t, []bool{true, true}, got.ColTotals)
	assert.False(t, got.Total)
	assertProtected(t, g, got)
}

// assertProtected checks the publication rules: nothing shown below
// MinCount, and every relation (row, column, the totals row and column)
// has zero or at least two withheld entries, so that in every row and
// column with a withheld cell at least two cells are withheld or the
// total is.
func assertProtected(t *testing.T, g Grid, m Mask) {
	t.Helper()
	for i := range g.Cells {
		for j := range g.Cells[i] {
			if !m.Cells[i][j] {
				assert.GreaterOrEqual(t, g.Cells[i][j], int64(MinCount), "cell %d,%d shown", i, j)
			}
		}
		if !m.RowTotals[i] {
			assert.GreaterOrEqual(t, g.RowTotals[i], int64(MinCount), "row total %d shown", i)
		}
	}
	for j := range g.ColTotals {
		if !m.ColTotals[j] {
			assert.GreaterOrEqual(t, g.ColTotals[j], int64(MinCount), "column total %d shown", j)
		}
	}
	if !m.Total {
		assert.GreaterOrEqual(t, g.Total, int64(MinCount), "total shown")
	}
	count := func(flags ...bool) int {
		n := 0
		for _, f := range flags {
			if f {
				n++
			}
		}
		return n
	}
	for i := range g.Cells {
		cells := count(m.Cells[i]...)
		if cells > 0 {
			assert.True(t, cells >= 2 || m.RowTotals[i], "row %d: one withheld cell and a shown total", i)
		}
		assert.NotEqual(t, 1, cells+count(m.RowTotals[i]), "row %d has exactly one withheld entry", i)
	}
	for j := range g.ColTotals {
		col := make([]bool, len(g.Cells))
		for i := range g.Cells {
			col[i] = m.Cells[i][j]
		}
		cells := count(col...)
		if cells > 0 {
			assert.True(t, cells >= 2 || m.ColTotals[j], "column %d: one withheld cell and a shown total", j)
		}
		assert.NotEqual(t, 1, cells+count(m.ColTotals[j]), "column %d has exactly one withheld entry", j)
	}
	assert.NotEqual(t, 1, count(m.RowTotals...)+count(m.Total), "totals column has exactly one withheld entry")
	assert.NotEqual(t, 1, count(m.ColTotals...)+count(m.Total), "totals row has exactly one withheld entry")
}

func TestSuppressRandomGrids(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for it := 0; it < 500; it++ {
		nr, nc := 1+rng.IntN(6), 1+rng.IntN(5)
		g := Grid{Cells: make([][]int64, nr), RowTotals: make([]int64, nr), ColTotals: make([]int64, nc)}
		for i := range g.Cells {
			g.Cells[i] = make([]int64, nc)
			for j := range g.Cells[i] {
				v := int64(rng.IntN(12))
				if rng.IntN(4) == 0 {
					v = int64(rng.IntN(200))
				}
				g.Cells[i][j] = v
				g.RowTotals[i] += v
				g.ColTotals[j] += v
				g.Total += v
			}
		}
		m := Suppress(g, nil)
		assertProtected(t, g, m)
		if t.Failed() {
			t.Fatalf("iteration %d: grid %+v mask %+v", it, g, m)
		}
	}
}

func TestCountJSON(t *testing.T) {
	tests := []struct {
		c    Count
		want string
	}{
		{Count{Value: 12}, `{"value":12}`},
		{Count{Value: 0}, `{"value":0}`},
		{Count{Suppressed: true}, `{"suppressed":true,"display":"<5"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.c)
		require.NoError(t, err)
		assert.JSONEq(t, tt.want, string(b))
		var back Count
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tt.c, back)
	}
}
