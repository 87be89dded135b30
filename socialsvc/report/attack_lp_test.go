package report

import "math"

// This file is the attacker's own linear programming, written apart from
// the library's audit (protect.go, lp.go) so that a mistake in one is not
// repeated in the other: a plain two-phase tableau with an artificial
// variable on every row and the relations the attacker derives from the
// published reports only.

// atkRow is a constraint Σ coef·x (op) rhs over the attacker's unknowns.
type atkRow struct {
	coef map[int]int64
	eq   bool // = when true, ≤ otherwise
	rhs  int64
}

// atkLP is a set of constraints over n non-negative unknowns.
type atkLP struct {
	n    int
	rows []atkRow
	// phase1 is the feasible tableau after phase 1, shared by every
	// bound asked of the system.
	tab     [][]float64
	basis   []int
	nStruct int
	solved  bool
	ok      bool
	// zero marks unknowns seen at 0 in a feasible point: they can be 0.
	// low and high mark those seen at most and at least 5.
	zero, low, high []bool
}

const atkEps = 1e-9

// atkPivot is the smallest pivot element: the true tableau entries are
// small rationals (every coefficient is -1, 0 or 1), so an entry below it
// is rounding noise, and dividing by it would blow the error up.
const atkPivot = 1e-7

// feasible runs phase 1 once.
func (lp *atkLP) feasible() bool {
	if lp.solved {
		return lp.ok
	}
	lp.solved = true
	m := len(lp.rows)
	nSlack := 0
	for _, r := range lp.rows {
		if !r.eq {
			nSlack++
		}
	}
	lp.nStruct = lp.n + nSlack
	nCols := lp.nStruct + m
	tab := make([][]float64, m+1)
	for i := range tab {
		tab[i] = make([]float64, nCols+1)
	}
	basis := make([]int, m)
	slack := lp.n
	for i, r := range lp.rows {
		s := 1.0
		if r.rhs < 0 {
			s = -1
		}
		for j, c := range r.coef {
			tab[i][j] = s * float64(c)
		}
		tab[i][nCols] = s * float64(r.rhs)
		if !r.eq {
			tab[i][slack] = s
			slack++
		}
		tab[i][lp.nStruct+i] = 1
		basis[i] = lp.nStruct + i
		for j := 0; j < lp.nStruct; j++ {
			tab[m][j] -= tab[i][j]
		}
		tab[m][nCols] -= tab[i][nCols]
	}
	atkIterate(tab, basis, nCols)
	lp.ok = tab[m][nCols] > -1e-7
	// Artificials may not re-enter: drop their columns (those still
	// basic, at 0 on redundant rows, keep their place in the basis).
	for i := range tab {
		tab[i][lp.nStruct] = tab[i][nCols]
		tab[i] = tab[i][:lp.nStruct+1]
	}
	lp.tab, lp.basis = tab, basis
	if lp.ok {
		lp.record(tab, basis)
	}
	return lp.ok
}

// minimize returns min of sign·x[target] subject to the rows and x ≥ 0;
// unbounded is true when it has no finite minimum.
func (lp *atkLP) minimize(target int, sign float64) (val float64, unbounded bool) {
	return lp.minimizeSum([]int{target}, sign)
}

// minimizeSum minimises sign·Σ x[targets].
func (lp *atkLP) minimizeSum(targets []int, sign float64) (val float64, unbounded bool) {
	m := len(lp.rows)
	tab := make([][]float64, m+1)
	for i := range tab {
		tab[i] = append([]float64(nil), lp.tab[i]...)
	}
	basis := append([]int(nil), lp.basis...)
	nCols := len(tab[0]) - 1
	obj := tab[m]
	for j := range obj {
		obj[j] = 0
	}
	for _, t := range targets {
		obj[t] = sign
	}
	for i := 0; i < m; i++ {
		if basis[i] >= lp.nStruct {
			continue // an artificial at 0
		}
		if c := obj[basis[i]]; c != 0 {
			for j := range obj {
				obj[j] -= c * tab[i][j]
			}
		}
	}
	if !atkIterate(tab, basis, lp.nStruct) {
		return 0, true
	}
	lp.record(tab, basis)
	return -obj[nCols], false
}

// record notes what the feasible point of a tableau shows: the unknowns
// at 0 there, and those at most and at least 5 (MinCount); a range that
// holds a point at or below 5 and one at or above it holds 5.
func (lp *atkLP) record(tab [][]float64, basis []int) {
	if lp.zero == nil {
		lp.zero = make([]bool, lp.n)
		lp.low = make([]bool, lp.n)
		lp.high = make([]bool, lp.n)
	}
	x := make([]float64, lp.n)
	rhs := len(tab[0]) - 1
	for i, b := range basis {
		if b < lp.n {
			x[b] = tab[i][rhs]
		}
	}
	for j, v := range x {
		lp.zero[j] = lp.zero[j] || v <= 1e-9
		lp.low[j] = lp.low[j] || v <= MinCount+1e-9
		lp.high[j] = lp.high[j] || v >= MinCount-1e-9
	}
}

// drive minimises sign·Σ of the unknowns of vars that done does not mark
// yet, again while a pass leaves one more marked (record marks them).
func (lp *atkLP) drive(vars []int, sign float64, done func(v int) bool) {
	for {
		var rest []int
		for _, v := range vars {
			if !done(v) {
				rest = append(rest, v)
			}
		}
		if len(rest) < 2 {
			return
		}
		if _, unb := lp.minimizeSum(rest, sign); unb {
			return
		}
		n := 0
		for _, v := range rest {
			if done(v) {
				n++
			}
		}
		if n == 0 {
			return
		}
	}
}

// atkIterate pivots until the objective row (last) has no negative
// reduced cost among the first n columns; false when unbounded.
func atkIterate(tab [][]float64, basis []int, n int) bool {
	m := len(basis)
	obj := tab[m]
	rhs := len(obj) - 1
	for it := 0; ; it++ {
		enter := -1
		for j := 0; j < n; j++ {
			if obj[j] < -atkEps && (enter < 0 || it < 20*m && obj[j] < obj[enter]) {
				enter = j
				if it >= 20*m {
					break // Bland's rule from here on: no cycling
				}
			}
		}
		if enter < 0 {
			return true
		}
		leave := -1
		var best float64
		for i := 0; i < m; i++ {
			if basis[i] >= n && math.Abs(tab[i][enter]) > atkPivot {
				// An artificial still in the basis after phase 1 (at
				// 0): it leaves first, whatever the sign, or it would
				// rise above 0 and relax its row.
				leave, best = i, 0
				break
			}
			if tab[i][enter] <= atkPivot {
				continue
			}
			r := tab[i][rhs] / tab[i][enter]
			if leave < 0 || r < best-atkEps || math.Abs(r-best) <= atkEps && basis[i] < basis[leave] {
				leave, best = i, r
			}
		}
		if leave < 0 {
			return false
		}
		p := tab[leave][enter]
		var nz []int // the pivot row's non-zero columns
		for j, v := range tab[leave] {
			if v != 0 {
				tab[leave][j] = v / p
				nz = append(nz, j)
			}
		}
		for i := range tab {
			if i == leave || tab[i][enter] == 0 {
				continue
			}
			f := tab[i][enter]
			for _, j := range nz {
				tab[i][j] -= f * tab[leave][j]
			}
		}
		basis[leave] = enter
	}
}
