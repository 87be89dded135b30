package report

import "math"

// lpEps is the tolerance of the audit's simplex. Every coefficient is -1,
// 0 or 1 and every right-hand side a count of at most a few hundred
// thousand, so the tableau stays well conditioned; bounds are rounded
// towards the attacker (see lpRange).
const lpEps = 1e-9

// lpRow is Σ coef·x (= or ≤) rhs over the audit's unknowns.
type lpRow struct {
	vars []int
	coef []float64
	eq   bool
	rhs  float64
}

// lpProblem is a system of rows over n non-negative unknowns. It is
// solved by the dense two-phase simplex method with Bland's rule, which
// cannot cycle and gives the same answer on every run.
type lpProblem struct {
	n    int
	rows []lpRow
}

// lpTableau is a phase-1 feasible tableau, kept so that each bound of an
// audit costs only a phase 2.
type lpTableau struct {
	m, cols int // rows; structural + slack columns (artificials follow)
	a       [][]float64
	basis   []int
	nArt    int
	// feasible is false when the rows have no non-negative solution.
	feasible bool
	nz       []int // scratch: the non-zero columns of a pivot row
}

// newTableau runs phase 1. A ≤ row with a non-negative right-hand side
// starts with its slack in the basis; only the other rows need an
// artificial variable. The artificial columns are dropped after phase 1.
func (p *lpProblem) newTableau() *lpTableau {
	m := len(p.rows)
	nSlack, nArt := 0, 0
	for _, r := range p.rows {
		if !r.eq {
			nSlack++
		}
		if r.eq || r.rhs < 0 {
			nArt++
		}
	}
	t := &lpTableau{m: m, cols: p.n + nSlack, nArt: nArt, basis: make([]int, m)}
	width := t.cols + nArt + 1
	t.a = make([][]float64, m+1)
	for i := range t.a {
		t.a[i] = make([]float64, width)
	}
	rhs := width - 1
	slack, art := p.n, t.cols
	obj := t.a[m]
	for i, r := range p.rows {
		sign := 1.0
		if r.rhs < 0 {
			sign = -1
		}
		row := t.a[i]
		for k, v := range r.vars {
			row[v] += sign * r.coef[k]
		}
		row[rhs] = sign * r.rhs
		if !r.eq {
			row[slack] = sign
			if sign > 0 {
				t.basis[i] = slack
			}
			slack++
		}
		if r.eq || r.rhs < 0 {
			row[art] = 1
			t.basis[i] = art
			art++
			for j := 0; j < t.cols; j++ {
				obj[j] -= row[j]
			}
			obj[rhs] -= row[rhs]
		}
	}
	t.iterate(width - 1)
	t.feasible = obj[rhs] > -1e-7
	if !t.feasible {
		return t
	}
	// Pivot remaining artificials out where a structural column allows;
	// the others sit on redundant rows at zero.
	for i := 0; i < m; i++ {
		if t.basis[i] < t.cols {
			continue
		}
		for j := 0; j < t.cols; j++ {
			if math.Abs(t.a[i][j]) > 1e-7 {
				t.pivot(i, j)
				break
			}
		}
	}
	for i := range t.a {
		r := t.a[i]
		r[t.cols] = r[rhs]
		t.a[i] = r[:t.cols+1]
	}
	for i, b := range t.basis {
		if b >= t.cols {
			t.basis[i] = -1
		}
	}
	return t
}

// iterate pivots by Bland's rule over the first n columns until the
// objective row has no negative reduced cost; it reports false when the
// objective is unbounded.
func (t *lpTableau) iterate(n int) bool {
	obj := t.a[t.m]
	rhs := len(obj) - 1
	for iter := 0; ; iter++ {
		// Dantzig's rule (the most negative reduced cost) is fast; after
		// many pivots Bland's rule (the first negative one) takes over,
		// which cannot cycle.
		bland := iter > 50*(t.m+1)
		enter := -1
		for j := 0; j < n; j++ {
			if obj[j] < -lpEps && (enter < 0 || !bland && obj[j] < obj[enter]) {
				enter = j
				if bland {
					break
				}
			}
		}
		if enter < 0 {
			return true
		}
		leave := -1
		best := 0.0
		for i := 0; i < t.m; i++ {
			if t.a[i][enter] <= lpEps {
				continue
			}
			r := t.a[i][rhs] / t.a[i][enter]
			if leave < 0 || r < best-lpEps || r <= best+lpEps && t.basis[i] < t.basis[leave] {
				leave, best = i, r
			}
		}
		if leave < 0 {
			return false
		}
		t.pivot(leave, enter)
	}
}

// pivot makes column c basic in row r. The audit's rows are sparse (a
// relation names a few figures), and so stay most pivot rows: the
// update runs over the pivot row's non-zero entries only, collected
// once, instead of over the full width for every row it changes.
func (t *lpTableau) pivot(r, c int) {
	row := t.a[r]
	pv := row[c]
	nz := t.nz[:0]
	for j, v := range row {
		if v != 0 {
			row[j] = v / pv
			nz = append(nz, j)
		}
	}
	t.nz = nz
	row[c] = 1
	for i := range t.a {
		if i == r {
			continue
		}
		ai := t.a[i]
		f := ai[c]
		if f == 0 {
			continue
		}
		for _, j := range nz {
			ai[j] -= f * row[j]
		}
		ai[c] = 0
	}
	t.basis[r] = c
}

// clone copies the tableau for one phase 2.
func (t *lpTableau) clone() *lpTableau {
	c := *t
	c.a = make([][]float64, len(t.a))
	for i := range t.a {
		c.a[i] = append([]float64(nil), t.a[i]...)
	}
	c.basis = append([]int(nil), t.basis...)
	c.nz = nil
	return &c
}

// zeros marks the unknowns that are 0 at the tableau's basic solution: a
// feasible point, so each of them can be 0 and needs no LP of its own.
func (t *lpTableau) zeros(n int, into []bool) {
	for j := 0; j < n; j++ {
		into[j] = true
	}
	rhs := len(t.a[0]) - 1
	for i, b := range t.basis {
		if b >= 0 && b < n && t.a[i][rhs] > 1e-9 {
			into[b] = false
		}
	}
}

// minimize returns the minimum of sign·x[v] over the feasible set, and
// false when it is unbounded. When at is not nil, it also marks in at
// the unknowns that are 0 at the optimum found.
func (t *lpTableau) minimize(v int, sign float64) (float64, bool) {
	return t.minimizeAt(v, sign, nil)
}

func (t *lpTableau) minimizeAt(v int, sign float64, at []bool) (float64, bool) {
	return t.minimizeObj([]int{v}, sign, at)
}

// minimizeObj minimises sign·Σ x[vs].
func (t *lpTableau) minimizeObj(vs []int, sign float64, at []bool) (float64, bool) {
	c := t.clone()
	obj := c.a[c.m]
	for j := range obj {
		obj[j] = 0
	}
	for _, v := range vs {
		obj[v] = sign
	}
	rhs := len(obj) - 1
	for i := 0; i < c.m; i++ {
		if b := c.basis[i]; b >= 0 && obj[b] != 0 {
			f := obj[b]
			for j := range obj {
				obj[j] -= f * c.a[i][j]
			}
		}
	}
	if !c.iterate(c.cols) {
		return 0, false
	}
	if at != nil {
		zero := make([]bool, len(at))
		c.zeros(len(at), zero)
		for j, z := range zero {
			at[j] = at[j] || z
		}
	}
	return -obj[rhs], true
}

// lowest returns the smallest integer value of x[v] the rows allow (the
// LP bound rounded up, with a tolerance that favours the attacker).
func (t *lpTableau) lowest(v int, zero []bool) int64 {
	l, _ := t.minimizeAt(v, 1, zero)
	return max(int64(math.Ceil(l-1e-6)), 0)
}

// highest returns the largest integer value of x[v], or -1 when it is
// unbounded.
func (t *lpTableau) highest(v int) int64 {
	h, ok := t.minimize(v, -1)
	if !ok {
		return -1
	}
	return int64(math.Floor(-h + 1e-6))
}

// lpRange returns the integer range of x[v] that the rows allow: the LP
// bounds rounded inwards with a tolerance that favours the attacker (a
// bound within 1e-6 of an integer is taken as that integer). hi is -1
// when x[v] is unbounded above.
func (t *lpTableau) lpRange(v int) (lo, hi int64) {
	l, _ := t.minimize(v, 1)
	lo = int64(math.Ceil(l - 1e-6))
	if lo < 0 {
		lo = 0
	}
	h, ok := t.minimize(v, -1)
	if !ok {
		return lo, -1
	}
	return lo, int64(math.Floor(-h + 1e-6))
}
