package report

import "encoding/json"

// MinCount is the smallest count that may be published: anything below
// it, zero included, is shown as "<5". Publishing that nobody in a group
// has an attribute is itself a disclosure about the group, and a single
// rule ("nothing below 5 is ever shown") is one a reader can check.
const MinCount = 5

// Grid is a table of counts before publication: the cells, the total of
// each row and column, and the grand total. Totals are given, not derived,
// because they are not always sums: a person in two target groups counts
// in both rows but once in the total.
type Grid struct {
	Cells     [][]int64
	RowTotals []int64
	ColTotals []int64
	Total     int64
}

// Mask marks the suppressed entries of a Grid (same shape).
type Mask struct {
	Cells     [][]bool
	RowTotals []bool
	ColTotals []bool
	Total     bool
}

// NewMask returns an empty mask shaped like g.
func NewMask(g Grid) Mask {
	m := Mask{Cells: make([][]bool, len(g.Cells)), RowTotals: make([]bool, len(g.RowTotals)), ColTotals: make([]bool, len(g.ColTotals))}
	for i := range g.Cells {
		m.Cells[i] = make([]bool, len(g.Cells[i]))
	}
	return m
}

// Suppress decides which entries of g to withhold so that no count below
// MinCount is shown and no withheld count can be recovered from the
// others by subtraction.
//
// Primary suppression withholds every entry (cell or total) below
// MinCount. Complementary suppression then treats each row with its row
// total, each column with its column total, the row totals with the grand
// total and the column totals with the grand total as one relation
// (parts = total), and wherever a relation has exactly one withheld
// entry, withholds the smallest other part of it (the total only when no
// part is left), repeating until no relation has exactly one. Then in
// every row and column with a withheld cell at least two cells are
// withheld or the total is, and a withheld total is itself protected by
// the relation of the totals.
//
// forced, when not nil, marks entries that must be withheld whatever their
// value (a total withheld in another table that shows the same figure).
// Ties are broken by position, so the result is deterministic.
func Suppress(g Grid, forced *Mask) Mask {
	m := NewMask(g)
	nr, nc := len(g.Cells), len(g.ColTotals)
	for i := range g.Cells {
		for j := range g.Cells[i] {
			m.Cells[i][j] = g.Cells[i][j] < MinCount || forced != nil && forced.Cells[i][j]
		}
	}
	for i := range g.RowTotals {
		m.RowTotals[i] = g.RowTotals[i] < MinCount || forced != nil && forced.RowTotals[i]
	}
	for j := range g.ColTotals {
		m.ColTotals[j] = g.ColTotals[j] < MinCount || forced != nil && forced.ColTotals[j]
	}
	m.Total = g.Total < MinCount || forced != nil && forced.Total

	// entry addresses one value of the grid and its flag in the mask.
	type entry struct {
		v    int64
		flag *bool
	}
	var lines [][]entry // each line: parts..., total last
	for i := 0; i < nr; i++ {
		l := make([]entry, 0, nc+1)
		for j := 0; j < nc && j < len(g.Cells[i]); j++ {
			l = append(l, entry{g.Cells[i][j], &m.Cells[i][j]})
		}
		if i < len(g.RowTotals) {
			l = append(l, entry{g.RowTotals[i], &m.RowTotals[i]})
		}
		lines = append(lines, l)
	}
	for j := 0; j < nc; j++ {
		l := make([]entry, 0, nr+1)
		for i := 0; i < nr; i++ {
			if j < len(g.Cells[i]) {
				l = append(l, entry{g.Cells[i][j], &m.Cells[i][j]})
			}
		}
		l = append(l, entry{g.ColTotals[j], &m.ColTotals[j]})
		lines = append(lines, l)
	}
	if len(g.RowTotals) > 0 {
		l := make([]entry, 0, len(g.RowTotals)+1)
		for i := range g.RowTotals {
			l = append(l, entry{g.RowTotals[i], &m.RowTotals[i]})
		}
		lines = append(lines, append(l, entry{g.Total, &m.Total}))
	}
	if len(g.ColTotals) > 0 {
		l := make([]entry, 0, len(g.ColTotals)+1)
		for j := range g.ColTotals {
			l = append(l, entry{g.ColTotals[j], &m.ColTotals[j]})
		}
		lines = append(lines, append(l, entry{g.Total, &m.Total}))
	}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			n := 0
			for _, e := range l {
				if *e.flag {
					n++
				}
			}
			if n != 1 || len(l) < 2 {
				continue
			}
			// Withhold the smallest part still shown; the total (last)
			// only when every part is already withheld.
			best := -1
			for k := 0; k < len(l)-1; k++ {
				if !*l[k].flag && (best < 0 || l[k].v < l[best].v) {
					best = k
				}
			}
			if best < 0 {
				best = len(l) - 1
			}
			*l[best].flag = true
			changed = true
		}
	}
	return m
}

// Count is a published count: its value, or nothing when suppressed. The
// unsuppressed figure is not kept anywhere in a published report.
type Count struct {
	Value      int64
	Suppressed bool
}

// MarshalJSON writes {"value":12} or {"suppressed":true,"display":"<5"}.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return []byte(`{"suppressed":true,"display":"<5"}`), nil
	}
	return json.Marshal(struct {
		Value int64 `json:"value"`
	}{c.Value})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Count) UnmarshalJSON(b []byte) error {
	var v struct {
		Value      int64 `json:"value"`
		Suppressed bool  `json:"suppressed"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Count{Value: v.Value, Suppressed: v.Suppressed}
	if c.Suppressed {
		c.Value = 0
	}
	return nil
}

func publish(v int64, suppressed bool) Count {
	if suppressed {
		return Count{Suppressed: true}
	}
	return Count{Value: v}
}
