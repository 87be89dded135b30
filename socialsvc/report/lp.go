package report

import "math"

// lpEps is the tolerance of the audit's simplex. Every coefficient is -1,
// 0 or 1 and every right-hand side a count of at most a few hundred
// thousand, so the tableau stays well conditioned. What the audit
// concludes is safe rests on points (and directions) the simplex stopped
// at, checked exactly in integer arithmetic (lpProblem.exactPoint); a
// bound that says a figure is narrowed only makes the audit withhold
// more, so its rounding (towards the attacker) cannot weaken it.
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
	ray      int   // the entering column of an unbounded phase 2
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
			t.ray = enter
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

// solution is where one phase 2 stopped: the objective, the point of
// the first n unknowns, or, when the objective is unbounded, the
// direction along which it falls without end.
type solution struct {
	value   float64
	bounded bool
	x       []float64 // the basic solution (bounded)
	ray     []float64 // a feasible direction (unbounded)
}

// solve minimises sign·Σ x[vs] from a copy of the tableau and returns
// where it stopped, for the first n unknowns.
func (t *lpTableau) solve(vs []int, sign float64, n int) solution {
	c := t.clone()
	obj := c.a[c.m]
	clear(obj)
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
	s := solution{bounded: c.iterate(c.cols)}
	if !s.bounded {
		s.ray = make([]float64, n)
		if c.ray < n {
			s.ray[c.ray] = 1
		}
		for i, b := range c.basis {
			if b >= 0 && b < n {
				s.ray[b] = -c.a[i][c.ray]
			}
		}
		return s
	}
	s.value = -obj[rhs]
	s.x = c.point(n)
	return s
}

// point returns the tableau's basic solution of the first n unknowns: a
// feasible point, up to rounding (see lpProblem.exact).
func (t *lpTableau) point(n int) []float64 {
	x := make([]float64, n)
	rhs := len(t.a[0]) - 1
	for i, b := range t.basis {
		if b >= 0 && b < n {
			x[b] = t.a[i][rhs]
		}
	}
	return x
}

// lpDenominators are the common denominators exact tries: the audit's
// vertices are integral or have small denominators (every coefficient is
// -1, 0 or 1), and a point that none of them makes exact is not used.
var lpDenominators = []int64{1, 2, 3, 4, 6, 12, 60, 420, 840, 2520, 27720}

// exact turns a float vector into an exact rational one, xs/den with a
// common denominator: x·den rounded to integers for the first of
// lpDenominators that is within 1e-6 of every entry and for which check
// holds in integer arithmetic. ok is false when none does.
func exact(x []float64, check func(xs []int64, den int64) bool) (xs []int64, den int64, ok bool) {
	xs = make([]int64, len(x))
	for _, d := range lpDenominators {
		fits := true
		for j, v := range x {
			r := math.Round(v * float64(d))
			if r < 0 || r > 1<<40 || math.Abs(v*float64(d)-r) > 1e-6*float64(d) {
				fits = false
				break
			}
			xs[j] = int64(r)
		}
		if fits && check(xs, d) {
			return xs, d, true
		}
	}
	return nil, 0, false
}

// exactPoint makes a point of the simplex exact: xs/den is non-negative
// and satisfies every row exactly, in integer arithmetic (the
// coefficients are -1, 0 or 1 and the right-hand sides integers), so no
// rounding error of the simplex can stand behind what the audit
// concludes from it.
func (p *lpProblem) exactPoint(x []float64) (xs []int64, den int64, ok bool) {
	return exact(x, func(xs []int64, den int64) bool {
		for _, r := range p.rows {
			var lhs int64
			for k, v := range r.vars {
				lhs += int64(r.coef[k]) * xs[v]
			}
			if !holds(r.eq, lhs, int64(r.rhs)*den) {
				return false
			}
		}
		return true
	})
}

// holds reports whether lhs = rhs (eq) or lhs ≤ rhs, the relation of
// a row.
func holds(eq bool, lhs, rhs int64) bool {
	return eq && lhs == rhs || !eq && lhs <= rhs
}

// exactRayUp reports whether d is, exactly, a direction that raises
// x[v] without bound: along it every equation stays equal, no
// inequality's left side grows and no unknown falls, so the true figures
// plus any multiple of it are feasible.
func (p *lpProblem) exactRayUp(d []float64, v int) bool {
	_, _, ok := exact(d, func(ds []int64, _ int64) bool {
		if ds[v] <= 0 {
			return false
		}
		for _, r := range p.rows {
			var lhs int64
			for k, j := range r.vars {
				lhs += int64(r.coef[k]) * ds[j]
			}
			if !holds(r.eq, lhs, 0) {
				return false
			}
		}
		return true
	})
	return ok
}
