package report

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Disclosure says which figures a report computes: the protected public
// release (the default) or exact counts for those entitled to them.
type Disclosure uint8

const (
	// Protected computes the public release: counts of people, visits and
	// sessions pass the disclosure control of this package (see the
	// package documentation, "Disclosure control"), and only the fixed
	// family of public releases can be asked for.
	Protected Disclosure = iota
	// Exact computes exact counts for any period or date range. Only the
	// programme (admins) and the project's own partners may receive them;
	// every report computed so is marked confidential.
	Exact
)

// Reasons a count is withheld, as Count.Reason gives them.
const (
	// ReasonPrimary: 1 to 4 people stand behind the figure. Shown "<5".
	ReasonPrimary = "primary"
	// ReasonComplementary: the figure is withheld only so that no primary
	// one can be derived. Shown "x".
	ReasonComplementary = "complementary"
)

// WithheldText is how a complementary (protecting) withheld count is
// shown in every format.
const WithheldText = "x"

// Release family. A project's public releases are the whole project and
// each of its reporting periods, or, for a project without periods, each
// calendar year of its dates. Events outside every release form a hidden
// scope: its figures are never published one by one, but the audit
// treats them as unknowns so that none can be derived.
type famScope struct {
	// number is the period number, or the year; 0 for the whole project
	// and -1 for the hidden scope outside every release.
	number     int
	start, end socialsvc.Date
	public     bool
}

type family struct {
	byYear bool
	scopes []famScope // 0: whole project; 1..n: releases; n+1: outside
}

func releaseFamily(p *socialsvc.Project) *family {
	f := &family{scopes: []famScope{{number: 0, public: true}}}
	pers := slices.Clone(p.Periods)
	slices.SortFunc(pers, func(a, b socialsvc.Period) int { return cmp.Compare(a.Number, b.Number) })
	for _, per := range pers {
		f.scopes = append(f.scopes, famScope{number: per.Number, start: per.Start, end: per.End, public: true})
	}
	if len(pers) == 0 && !p.Start.IsZero() && !p.End.IsZero() {
		f.byYear = true
		for y := p.Start.Year; y <= p.End.Year; y++ {
			f.scopes = append(f.scopes, famScope{number: y, start: socialsvc.NewDate(y, 1, 1), end: socialsvc.NewDate(y, 12, 31), public: true})
		}
	}
	f.scopes = append(f.scopes, famScope{number: -1})
	return f
}

func (f *family) outside() int { return len(f.scopes) - 1 }

// scopeOf returns the release (1..n) an event day belongs to, or the
// hidden scope.
func (f *family) scopeOf(p *socialsvc.Project, d socialsvc.Date) int {
	if f.byYear {
		for i := 1; i < f.outside(); i++ {
			if f.scopes[i].number == d.Year {
				return i
			}
		}
		return f.outside()
	}
	if n := p.PeriodOf(d); n != 0 {
		for i := 1; i < f.outside(); i++ {
			if f.scopes[i].number == n {
				return i
			}
		}
	}
	return f.outside()
}

// pick returns the release that protected Options ask for: the whole
// project, a reporting period, or from and to equal to the dates of one
// release. Anything else is not a public release and is refused, naming
// the parameter, instead of silently giving another table.
func (f *family) pick(o Options) (int, error) {
	if o.From.IsZero() && o.To.IsZero() {
		if o.Period == 0 {
			return 0, nil
		}
		for i := 1; i < f.outside(); i++ {
			if !f.byYear && f.scopes[i].number == o.Period {
				return i, nil
			}
		}
		return 0, socialsvc.FieldErr("period", "release", "err.period.release")
	}
	for i := 1; i < f.outside(); i++ {
		s := f.scopes[i]
		if o.From == s.start && o.To == s.end && (o.Period == 0 || !f.byYear && o.Period == s.number) {
			return i, nil
		}
	}
	// Name the parameter that does not fit: the one given alone, or the
	// second when the first is the start of a release.
	field := "from"
	switch {
	case o.From.IsZero():
		field = "to"
	case o.To.IsZero():
	default:
		for i := 1; i < f.outside(); i++ {
			if o.From == f.scopes[i].start {
				field = "to"
			}
		}
	}
	id := "err.release.period_bounds"
	if f.byYear {
		id = "err.release.year_bounds"
	}
	return 0, socialsvc.FieldErr(field, "release", id)
}

// Quantities. A qkey names one figure of the beneficiary tables: a scope
// of the family, a dimension and row (dimTotal with row -1 for the gender
// totals), and a gender column (-1 for the row total). Both measures
// (individuals, visits) have a figure at each key and share its
// suppression: the same people stand behind both.
type qkey struct {
	scope int
	dim   int
	row   int
	col   int
}

const (
	dimTotal = iota
	dimGroup
	dimAge
	dimRegion
	nDims
	// dimIndicator+i is computed indicator i: row -1 its value in the
	// scope, row rowCumulative its cumulative value from the first
	// release to the scope (col -1).
	dimIndicator = 16
)

const rowCumulative = 1

// cumKey is the key of indicator i's cumulative value to release k.
func cumKey(k, i int) qkey { return qkey{k, dimIndicator + i, rowCumulative, -1} }

const (
	mInd = 0
	mVis = 1
)

// tabulation is every figure of a project's beneficiary tables over the
// scopes of a family: val[key] = {individuals, visits}.
type tabulation struct {
	nScopes int
	rows    [nDims]int // number of rows of each dimension
	val     map[qkey][2]int64
}

// tperson is what the tables keep of one person: row indexes and visits
// per scope of the family (0: the report's whole scope).
type tperson struct {
	gender, age, region int
	groups              []int
	visits              []int64
}

func tabulate(people []*tperson, nScopes int, rows [nDims]int) *tabulation {
	t := &tabulation{nScopes: nScopes, rows: rows, val: map[qkey][2]int64{}}
	nc := len(genderCats)
	// Every key exists, zero or not, so that rows come from the lists.
	for s := 0; s < nScopes; s++ {
		for _, col := range []int{-1, 0, 1, 2, 3}[:nc+1] {
			t.val[qkey{s, dimTotal, -1, col}] = [2]int64{}
			for d := dimGroup; d < nDims; d++ {
				for r := 0; r < rows[d]; r++ {
					t.val[qkey{s, d, r, col}] = [2]int64{}
				}
			}
		}
	}
	add := func(k qkey, v int64) {
		x := t.val[k]
		x[mInd]++
		x[mVis] += v
		t.val[k] = x
	}
	for _, pp := range people {
		for s := 0; s < nScopes; s++ {
			v := pp.visits[s]
			if v == 0 {
				continue
			}
			for _, col := range []int{-1, pp.gender} {
				add(qkey{s, dimTotal, -1, col}, v)
				add(qkey{s, dimAge, pp.age, col}, v)
				add(qkey{s, dimRegion, pp.region, col}, v)
				for _, g := range pp.groups {
					add(qkey{s, dimGroup, g, col}, v)
				}
			}
		}
	}
	return t
}

// Audit model. Every figure of both measures, in every scope, is a
// quantity; relations between quantities are the ones an attacker knows
// from the published tables and their documentation. Units are what is
// suppressed together (a key's individuals and visits).
type qty struct {
	key     qkey
	measure int
	value   int64
	contrib int64 // distinct people behind the figure
	unit    int
	public  bool // appears in a published table
}

type unitState uint8

const (
	unitPublished unitState = iota
	unitPrimary
	unitComplementary
	unitHidden
)

type relation struct {
	ids  []int
	coef []float64
	eq   bool // = 0, else ≤ 0
}

type protector struct {
	qs      []qty
	units   []unitState
	members [][]int // unit -> quantities
	rels    []relation
	byQty   [][]int // quantity -> relations
	ids     map[qmkey]int
	keyUnit map[qkey]int
	pending map[int]bool // checked figures not yet found safe
	// known marks withheld figures that the published ones determine:
	// they are published (publishDetermined).
	known []bool
	// tab, outside and hide are the tables the quantities come from, for
	// the block step (tab is nil when the protector holds no tables).
	tab     *tabulation
	outside int
	hide    bool
	// init is every unit's state before protection: published, or hidden.
	init []unitState
	// forced are the lines the audit asked the block step for: lines of
	// figures withheld to protect others that it found narrowed.
	forced map[line]bool
	// blocked are the lines the last block step withheld.
	blocked map[line]bool
	// seeds are feasible points the blocks give (every quantity's value,
	// published ones unchanged), checked exactly: each moves the people of
	// one withheld line into another, or an indicator's figures to 0.
	seeds [][]int64
	// Stats of the last protection, for tests and benchmarks.
	rounds, lps int
	fellBack    bool // the round bound was hit and everything is withheld
	coarser     bool // every gender column is withheld (coarsen)
	tooLarge    bool // a system beyond auditLimit was left unsolved
}

// auditRoundLimit bounds the rounds of the audit in one run of the
// protection; past it the release is the coarser one (protector.coarsen)
// and, past it again, withholds every figure (protector.fallBack). Each
// round withholds at least one more figure, so the audit ends anyway; the
// bound keeps its time in hand. A variable so that a test can hit it.
var auditRoundLimit = 200

func newProtector() *protector {
	return &protector{ids: map[qmkey]int{}, keyUnit: map[qkey]int{}}
}

// qmkey names one quantity: a key and a measure.
type qmkey struct {
	k qkey
	m int
}

func (p *protector) id(k qkey, m int) int {
	i, ok := p.ids[qmkey{k, m}]
	if !ok {
		return -1
	}
	return i
}

// addQty adds a quantity, in the suppression unit of its key.
func (p *protector) addQty(k qkey, m int, value, contrib int64, public bool) int {
	u, ok := p.keyUnit[k]
	if !ok {
		u = len(p.units)
		p.keyUnit[k] = u
		p.units = append(p.units, unitPublished)
		p.members = append(p.members, nil)
	}
	i := len(p.qs)
	p.qs = append(p.qs, qty{key: k, measure: m, value: value, contrib: contrib, unit: u, public: public})
	p.ids[qmkey{k, m}] = i
	p.members[u] = append(p.members[u], i)
	return i
}

// rel adds Σ coef·q (= or ≤) 0; terms are (coef, id) pairs, and ids < 0
// are left out.
func (p *protector) rel(eq bool, terms ...int) {
	r := relation{eq: eq}
	for i := 0; i < len(terms); i += 2 {
		if terms[i+1] < 0 {
			continue
		}
		r.coef = append(r.coef, float64(terms[i]))
		r.ids = append(r.ids, terms[i+1])
	}
	if len(r.ids) < 2 {
		return
	}
	p.rels = append(p.rels, r)
}

// sum adds total = Σ parts (eq) or, for parts that overlap (a person in
// several of them), part ≤ total for each part and total ≤ Σ parts.
func (p *protector) sum(additive bool, total int, parts []int) {
	if additive {
		t := []int{-1, total}
		for _, q := range parts {
			t = append(t, 1, q)
		}
		p.rel(true, t...)
		return
	}
	t := []int{1, total}
	for _, q := range parts {
		p.rel(false, 1, q, -1, total)
		t = append(t, -1, q)
	}
	p.rel(false, t...)
}

// sortedKeys returns the keys of a tabulation in a fixed order.
func sortedKeys(val map[qkey][2]int64) []qkey {
	return slices.SortedFunc(maps.Keys(val), func(a, b qkey) int {
		return cmp.Or(cmp.Compare(a.scope, b.scope), cmp.Compare(a.dim, b.dim), cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
}

// addTables adds every beneficiary figure of t and its relations. scope
// outside is hidden: only its totals are published (as a row of the
// whole project's table by period).
func (p *protector) addTables(t *tabulation, outside int, hideOutside bool) {
	p.tab, p.outside, p.hide = t, outside, hideOutside
	keys := sortedKeys(t.val)
	for _, k := range keys {
		v := t.val[k]
		public := k.scope != outside || k.dim == dimTotal
		for m := mInd; m <= mVis; m++ {
			p.addQty(k, m, v[m], v[mInd], public)
		}
	}
	for _, k := range keys {
		if k.scope == outside && k.dim != dimTotal && !hideOutside {
			// Nobody is outside every release, and the whole project's
			// table by period says so: every hidden figure is a known 0.
			continue
		}
		u := p.keyUnit[k]
		if k.scope == outside && k.dim != dimTotal {
			p.units[u] = unitHidden
		}
	}
	nc := len(genderCats)
	cols := func(s, d, r int, m int) []int {
		out := make([]int, nc)
		for c := 0; c < nc; c++ {
			out[c] = p.id(qkey{s, d, r, c}, m)
		}
		return out
	}
	for m := mInd; m <= mVis; m++ {
		for s := 0; s < t.nScopes; s++ {
			if s == outside && !hideOutside {
				continue
			}
			// Genders partition people and visits.
			p.sum(true, p.id(qkey{s, dimTotal, -1, -1}, m), cols(s, dimTotal, -1, m))
			for d := dimGroup; d < nDims; d++ {
				for r := 0; r < t.rows[d]; r++ {
					p.sum(true, p.id(qkey{s, d, r, -1}, m), cols(s, d, r, m))
				}
				// Age bands and regions partition people; target groups
				// overlap (everyone is in at least one row, the "other
				// or not declared" bucket for those in none).
				for c := -1; c < nc; c++ {
					parts := make([]int, t.rows[d])
					for r := range parts {
						parts[r] = p.id(qkey{s, d, r, c}, m)
					}
					p.sum(d != dimGroup, p.id(qkey{s, dimTotal, -1, c}, m), parts)
				}
			}
		}
	}
	// A person counted in a cell made at least one visit there.
	for _, k := range keys {
		if k.scope == outside && k.dim != dimTotal && !hideOutside {
			continue
		}
		p.rel(false, 1, p.id(k, mInd), -1, p.id(k, mVis))
	}
	// Across scopes: the whole project's visits are the sum of the
	// releases' and the hidden scope's; its individuals lie between the
	// largest part and the sum of the parts.
	if t.nScopes > 1 {
		for _, k := range keys {
			if k.scope != 0 {
				continue
			}
			for m := mInd; m <= mVis; m++ {
				var parts []int
				for s := 1; s < t.nScopes; s++ {
					kk := k
					kk.scope = s
					if s == outside && k.dim != dimTotal && !hideOutside {
						continue
					}
					parts = append(parts, p.id(kk, m))
				}
				p.sum(m == mVis, p.id(k, m), parts)
			}
		}
	}
}

// primary marks every unit with 1 to 4 contributors.
func (p *protector) primary() {
	for u, ms := range p.members {
		if p.units[u] == unitHidden {
			continue
		}
		for _, q := range ms {
			if c := p.qs[q].contrib; c > 0 && c < MinCount {
				p.units[u] = unitPrimary
			}
		}
	}
}

func (p *protector) unknown(q int) bool {
	return p.units[p.qs[q].unit] != unitPublished && (p.known == nil || !p.known[q])
}

// checked reports whether the audit criterion applies to q: every
// withheld figure that a release shows, and every figure that 1 to 4
// people stand behind and no release shows (hidden). A figure of 1 to 4
// people ("<5") is checked always; one withheld to protect others ("x")
// when it is above 5 (a true value of 0 or 5 is a point of its range
// already).
func (p *protector) checked(q int) bool {
	switch p.units[p.qs[q].unit] {
	case unitPrimary, unitHidden:
		c := p.qs[q].contrib
		return c > 0 && c < MinCount
	case unitComplementary:
		return p.qs[q].public && p.qs[q].value > MinCount
	}
	return false
}

// narrowed is the audit criterion: a range that excludes both 0 and 5.
func narrowed(lo, hi int64) bool {
	return lo > 0 && !(lo <= MinCount && (hi < 0 || hi >= MinCount))
}

// protect runs complementary suppression and the audit until no checked
// figure can be narrowed. When the audit finds a figure withheld to
// protect others ("x") narrowed, no single figure beside it is enough in
// general (a withheld 35 needs room of 30), so the protection starts over
// with that figure's whole line blocked as well (block); there are
// finitely many lines, so this ends.
func (p *protector) protect() {
	p.byQty = make([][]int, len(p.qs))
	for i, r := range p.rels {
		for _, q := range r.ids {
			p.byQty[q] = append(p.byQty[q], i)
		}
	}
	p.init = slices.Clone(p.units)
	p.forced = map[line]bool{}
	for !p.run() {
	}
	p.publishDetermined()
}

// run is one protection from the initial units with the forced lines; it
// returns false when the audit forced more lines, and the protection has
// to start over.
func (p *protector) run() bool {
	copy(p.units, p.init)
	p.seeds, p.known, p.tooLarge = nil, nil, false
	p.primary()
	p.pending = map[int]bool{}
	p.block()
	p.quickPass()
	p.pendAll()
	// The round bound is per run, so that the coarser release has its
	// own (each run ends, and there are finitely many runs).
	for start := p.rounds; ; {
		if p.rounds-start >= auditRoundLimit {
			return p.coarsen()
		}
		p.rounds++
		fixes, lines := p.auditRound()
		if p.tooLarge {
			return p.coarsen()
		}
		if len(lines) > 0 {
			grew := false
			for _, l := range lines {
				if l.dim >= 0 && !p.blocked[l] && !p.forced[l] {
					p.forced[l], grew = true, true
				}
			}
			if !grew {
				// No line is left to block around a narrowed figure.
				return p.coarsen()
			}
			return false
		}
		if len(fixes) == 0 {
			if len(p.pending) > 0 {
				// A narrowed figure with nothing left to withhold
				// beside it: cannot happen with the relations of the
				// tables.
				return p.coarsen()
			}
			return true
		}
		for _, u := range fixes {
			p.withhold(u)
		}
	}
}

// coarsen is what run does when the audit cannot finish: the first time
// it forces every gender column, a coarser release whose row totals stay
// published, and has the protection start over (false); the block
// step's moves between the columns are then seeds for every figure in
// them, so the audit has little left to solve, and that release is
// audited like any other. When that does not finish either it falls back
// (true).
func (p *protector) coarsen() bool {
	if p.tab == nil || p.coarser {
		p.fallBack()
		return true
	}
	p.coarser = true
	for c := range genderCats {
		p.forced[line{dimTotal, c}] = true
	}
	return false
}

// fallBack is the coarse release when the audit does not finish within
// its bound: every published figure is withheld ("x"). With no figure
// published every relation has a zero right-hand side, so the point with
// every figure at 0 is feasible and every range holds 0: the release is
// safe by construction, never one that narrows a figure.
func (p *protector) fallBack() {
	p.fellBack = true
	for u, st := range p.units {
		if st == unitPublished {
			p.units[u] = unitComplementary
		}
	}
	p.pending = map[int]bool{}
}

// pendAll makes every figure that the audit criterion applies to
// pending.
func (p *protector) pendAll() {
	for q := range p.qs {
		if p.checked(q) {
			p.pending[q] = true
		}
	}
}

// withhold withholds published unit u to protect others, and makes its
// figures that the audit criterion applies to pending.
func (p *protector) withhold(u int) {
	if p.units[u] != unitPublished {
		return
	}
	p.units[u] = unitComplementary
	for _, q := range p.members[u] {
		if p.checked(q) {
			p.pending[q] = true
		}
	}
}

// A line is what the block step withholds as a whole, in every scope of
// the family: a row of a dimension (target group, age band, region) with
// all its gender columns and its total; a gender column (dim dimTotal,
// idx the column) in every table with its total; or every figure of a
// computed indicator (dim dimIndicator+i).
type line struct {
	dim, idx int
}

// has reports whether the figure at k lies on l.
func (l line) has(k qkey) bool {
	switch {
	case l.dim == dimTotal:
		return k.dim < nDims && k.col == l.idx
	case l.dim >= dimIndicator:
		return k.dim == l.dim
	}
	return k.dim == l.dim && k.row == l.idx
}

// onto returns the figure of line to that k moves to.
func (l line) onto(to line, k qkey) qkey {
	if l.dim == dimTotal {
		k.col = to.idx
	} else {
		k.row = to.idx
	}
	return k
}

func lineLess(a, b line) int { return cmp.Or(cmp.Compare(a.dim, b.dim), cmp.Compare(a.idx, b.idx)) }

// escalate returns the line to block next for a narrowed figure at k,
// withheld to protect others: its row; a lone blocked target group's
// partner; its gender column; an indicator's figures together. dim -1
// when every such line is blocked already (a scope's grand total has
// none).
func (p *protector) escalate(k qkey) line {
	var cands []line
	switch {
	case k.dim >= dimIndicator:
		cands = []line{{k.dim, 0}}
	case k.dim > dimTotal:
		cands = append(cands, line{k.dim, k.row})
		if p.tab != nil && p.blocked[cands[0]] {
			if l, ok := p.partner(k.dim, p.blocked); ok {
				cands = append(cands, l)
			}
		}
		fallthrough
	case k.col >= 0:
		if k.col >= 0 {
			cands = append(cands, line{dimTotal, k.col})
		}
	}
	for _, l := range cands {
		if !p.blocked[l] {
			return l
		}
	}
	return line{-1, 0}
}

// block is the first step of complementary suppression, before the
// audit. A figure of 1 to 4 people in a table is protected by withholding
// its whole line (its row or its gender column, in every scope) and
// another line beside it: people can then be moved from one line into the
// other in every scope at once without changing anything published, so
// every figure on both lines keeps a range that holds 0, whatever its
// size. Each such move is recorded as a seed, checked exactly
// (feasible), and is the audit's evidence for those figures.
//
// Which lines: a small row total blocks its row, a small gender total its
// column; the other small figures are covered greedily by the line that
// covers the most of them per figure it withholds. A dimension (or the
// gender columns) with a single blocked line gets the smallest line
// beside it (a target group one whose figures fit beside its own below
// every column total, as groups overlap). The lines the audit forced
// (protect) are blocked too. A scope's grand total of 1 to 4 people, and
// figures of indicators, are left to the audit.
func (p *protector) block() {
	blocked := map[line]bool{}
	for l := range p.forced {
		blocked[l] = true
	}
	if t := p.tab; t != nil {
		p.blockTables(t, blocked)
	}
	p.blocked = blocked
	for q, x := range p.qs {
		for l := range blocked {
			if l.has(x.key) {
				p.withhold(p.qs[q].unit)
				break
			}
		}
	}
	p.seedLines()
}

func (p *protector) blockTables(t *tabulation, blocked map[line]bool) {
	nc := len(genderCats)
	keys := sortedKeys(t.val)
	inFamily := func(k qkey) bool { return k.scope != p.outside || p.hide }
	var need []qkey
	for _, k := range keys {
		c := t.val[k][mInd]
		if !inFamily(k) || c <= 0 || c >= MinCount {
			continue
		}
		switch {
		case k.dim == dimTotal && k.col < 0:
		case k.dim == dimTotal:
			blocked[line{dimTotal, k.col}] = true
		case k.col < 0:
			blocked[line{k.dim, k.row}] = true
		default:
			need = append(need, k)
		}
	}
	nScopes := t.nScopes
	if !p.hide {
		nScopes--
	}
	nRows := 1
	for d := dimGroup; d < nDims; d++ {
		nRows += t.rows[d]
	}
	cost := func(l line) int {
		if l.dim == dimTotal {
			return nScopes * nRows
		}
		return nScopes * (nc + 1)
	}
	for {
		gain := map[line]int{}
		for _, k := range need {
			row, col := line{k.dim, k.row}, line{dimTotal, k.col}
			if !blocked[row] && !blocked[col] {
				gain[row]++
				gain[col]++
			}
		}
		if len(gain) == 0 {
			break
		}
		var best line
		bestG, bestC := 0, 1
		for l, g := range gain {
			c := cost(l)
			if d := g*bestC - bestG*c; bestG == 0 || d > 0 || d == 0 && (c < bestC || c == bestC && lineLess(l, best) < 0) {
				best, bestG, bestC = l, g, c
			}
		}
		blocked[best] = true
	}
	// Partners: a lone blocked line gets the smallest line beside it,
	// except a target group. Groups overlap, so a lone one is not derived
	// from its column totals: it lies between the total less the other
	// groups and the total. Its figures are left to the audit, as figures
	// of a single cell (withholding its zeros would protect nobody).
	for d := dimTotal; d < nDims; d++ {
		if d == dimGroup {
			if l, ok := p.lone(d, blocked); ok && !p.forced[l] {
				delete(blocked, l)
			}
			continue
		}
		if l, ok := p.partner(d, blocked); ok {
			blocked[l] = true
		}
	}
}

// lone returns the blocked line of dimension d (dimTotal: the gender
// columns) when it is the only one.
func (p *protector) lone(d int, blocked map[line]bool) (line, bool) {
	n := len(genderCats)
	if d != dimTotal {
		n = p.tab.rows[d]
	}
	var in []line
	for i := 0; i < n; i++ {
		if blocked[line{d, i}] {
			in = append(in, line{d, i})
		}
	}
	if len(in) != 1 {
		return line{}, false
	}
	return in[0], true
}

// partner returns, when dimension d (dimTotal: the gender columns) has a
// single blocked line, the smallest other line its people can be moved
// into (for a target group, one whose figures fit beside its own).
func (p *protector) partner(d int, blocked map[line]bool) (line, bool) {
	only, ok := p.lone(d, blocked)
	if !ok {
		return line{}, false
	}
	n := len(genderCats)
	if d != dimTotal {
		n = p.tab.rows[d]
	}
	var cands []line
	for i := 0; i < n; i++ {
		if l := (line{d, i}); l != only && (d != dimGroup || p.fitsBeside(only, l)) {
			cands = append(cands, l)
		}
	}
	if len(cands) == 0 {
		return line{}, false
	}
	return slices.MinFunc(cands, func(a, b line) int { return cmp.Or(cmp.Compare(p.lineSize(a), p.lineSize(b)), lineLess(a, b)) }), true
}

// lineSize is the number of people on a table line in the whole project.
func (p *protector) lineSize(l line) int64 {
	if p.tab == nil || l.dim >= nDims {
		return 0
	}
	if l.dim == dimTotal {
		return p.tab.val[qkey{0, dimTotal, -1, l.idx}][mInd]
	}
	return p.tab.val[qkey{0, l.dim, l.idx, -1}][mInd]
}

// fitsBeside reports whether target group rows a and b, added up, stay
// below the column totals in every scope and for both measures: then the
// people of either can be moved into the other.
func (p *protector) fitsBeside(a, b line) bool {
	for k, v := range p.tab.val {
		if !a.has(k) {
			continue
		}
		w, tot := p.tab.val[a.onto(b, k)], p.tab.val[qkey{k.scope, dimTotal, -1, k.col}]
		for m := mInd; m <= mVis; m++ {
			if v[m]+w[m] > tot[m] {
				return false
			}
		}
	}
	return true
}

// seedLines records, for every blocked line, a feasible point that moves
// its people into another blocked line of its kind (the smallest that
// works), or sets a blocked indicator's figures to 0.
func (p *protector) seedLines() {
	lines := slices.SortedFunc(maps.Keys(p.blocked), lineLess)
	base := make([]int64, len(p.qs))
	for q := range p.qs {
		base[q] = p.qs[q].value
	}
	if p.tab != nil {
		for r := range p.tab.rows[dimGroup] {
			p.seedGroup(base, r, true)
			p.seedGroup(base, r, false)
		}
	}
	for _, l := range lines {
		if l.dim >= dimIndicator {
			x := slices.Clone(base)
			for q, v := range p.qs {
				if l.has(v.key) {
					x[q] = 0
				}
			}
			if p.feasible(x) {
				p.seeds = append(p.seeds, x)
			}
			continue
		}
		var to []line
		for _, o := range lines {
			if o.dim == l.dim && o != l {
				to = append(to, o)
			}
		}
		slices.SortStableFunc(to, func(a, b line) int { return cmp.Compare(p.lineSize(a), p.lineSize(b)) })
		for _, o := range to {
			x := slices.Clone(base)
			for q, v := range p.qs {
				if !l.has(v.key) {
					continue
				}
				if dst := p.id(l.onto(o, v.key), v.measure); dst >= 0 {
					x[dst] += v.value
					x[q] = 0
				}
			}
			if p.feasible(x) {
				p.seeds = append(p.seeds, x)
				break
			}
		}
	}
}

// seedGroup records, for target group row r, the point that sets every
// withheld figure of its cells to the column total beside it (fill) or to
// 0, and its withheld row totals to the sum of its cells, when that point
// is feasible. Groups overlap, so neither moves anyone elsewhere: a group
// can be everyone, or (when the other groups cover everyone) nobody.
func (p *protector) seedGroup(base []int64, r int, fill bool) {
	x := slices.Clone(base)
	changed := false
	for q, v := range p.qs {
		k := v.key
		if k.dim != dimGroup || k.row != r || k.col < 0 || !p.unknown(q) {
			continue
		}
		to := int64(0)
		if fill {
			to = p.qs[p.id(qkey{k.scope, dimTotal, -1, k.col}, v.measure)].value
		}
		changed = changed || to != x[q]
		x[q] = to
	}
	if !changed {
		return
	}
	for q, v := range p.qs {
		k := v.key
		if k.dim != dimGroup || k.row != r || k.col >= 0 || !p.unknown(q) {
			continue
		}
		x[q] = 0
		for c := range genderCats {
			x[q] += x[p.id(qkey{k.scope, dimGroup, r, c}, v.measure)]
		}
	}
	if p.feasible(x) {
		p.seeds = append(p.seeds, x)
	}
}

// feasible reports whether x, a value for every quantity, keeps every
// figure the release publishes and satisfies every relation, exactly.
func (p *protector) feasible(x []int64) bool {
	for q, v := range x {
		if v < 0 || !p.unknown(q) && v != p.qs[q].value {
			return false
		}
	}
	for _, r := range p.rels {
		var lhs int64
		for k, q := range r.ids {
			lhs += int64(r.coef[k]) * x[q]
		}
		if !holds(r.eq, lhs, 0) {
			return false
		}
	}
	return true
}

// seeded returns the evidence the seeds give for q: a point with it at 0,
// at most MinCount, at least MinCount.
func (p *protector) seeded(q int) (zero, low, high bool) {
	for _, x := range p.seeds {
		zero, low, high = zero || x[q] == 0, low || x[q] <= MinCount, high || x[q] >= MinCount
	}
	return
}

// quickPass is the classic complementary suppression, before the audit:
// wherever an additive relation has exactly one withheld figure, it
// withholds the smallest positive figure of the relation beside it. The
// audit would find each of these too, one LP at a time.
func (p *protector) quickPass() {
	for changed := true; changed; {
		changed = false
		for _, r := range p.rels {
			if !r.eq {
				continue
			}
			n := 0
			for _, q := range r.ids {
				if p.unknown(q) {
					n++
				}
			}
			if n != 1 {
				continue
			}
			if u := p.cheapest(r.ids); u >= 0 {
				p.withhold(u)
				changed = true
			}
		}
	}
}

// cheapest returns the published unit among qs with the smallest positive
// value (zeros only when nothing else is left), or -1.
func (p *protector) cheapest(qs []int) int {
	best, bestV := -1, int64(-1)
	for _, q := range qs {
		x := p.qs[q]
		if p.unknown(q) || !x.public {
			continue
		}
		v := x.value
		if v == 0 {
			v = 1 << 40 // a zero protects least: last resort
		}
		if best < 0 || v < bestV || v == bestV && x.unit < best {
			best, bestV = x.unit, v
		}
	}
	return best
}

// component is a set of unknown quantities linked by relations, with the
// relations that touch them.
type component struct {
	qs   []int
	rels []int
}

func (p *protector) components() []component {
	seen := make([]bool, len(p.qs))
	relSeen := make([]bool, len(p.rels))
	var out []component
	for start := range p.qs {
		if seen[start] || !p.unknown(start) {
			continue
		}
		c := component{}
		stack := []int{start}
		seen[start] = true
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			c.qs = append(c.qs, q)
			for _, ri := range p.byQty[q] {
				if relSeen[ri] {
					continue
				}
				relSeen[ri] = true
				c.rels = append(c.rels, ri)
				for _, o := range p.rels[ri].ids {
					if !seen[o] && p.unknown(o) {
						seen[o] = true
						stack = append(stack, o)
					}
				}
			}
		}
		slices.Sort(c.qs)
		slices.Sort(c.rels)
		out = append(out, c)
	}
	return out
}

// auditRound audits the pending figures and returns the units to
// withhold next: for each narrowed figure, the published figure beside it
// (in one of its relations) that can give it the room it lacks.
//
// Withholding more only widens every range (each figure's true value
// stays feasible, with more unknowns around it), so a figure that passed
// the audit passes it for good: only the narrowed figures stay pending.
//
// A narrowed figure withheld to protect others asks for lines instead
// (escalation): they are returned, and the protection starts over.
func (p *protector) auditRound() (fixes []int, lines []line) {
	next := map[int]bool{}
	for _, c := range p.components() {
		var todo []int
		for _, q := range c.qs {
			if p.pending[q] {
				todo = append(todo, q)
			}
		}
		if len(todo) == 0 {
			continue
		}
		for _, b := range p.auditComponent(c, todo) {
			next[b.q] = true
			if k := p.qs[b.q].key; p.units[p.qs[b.q].unit] == unitComplementary || k.dim >= dimIndicator && p.tab != nil {
				lines = append(lines, p.escalate(p.qs[b.q].key))
				continue
			}
			var around []int
			for _, ri := range p.byQty[b.q] {
				around = append(around, p.rels[ri].ids...)
			}
			u := p.roomFor(around, b.need)
			if u < 0 {
				for _, ri := range c.rels {
					around = append(around, p.rels[ri].ids...)
				}
				u = p.roomFor(around, b.need)
			}
			if u >= 0 && !slices.Contains(fixes, u) {
				fixes = append(fixes, u)
			}
		}
	}
	p.pending = next
	return fixes, lines
}

// roomFor returns the published unit among qs with the smallest value of
// at least need (the room a narrowed figure lacks), else the one with
// the largest value; zeros only when nothing else is left. -1 when every
// figure is withheld already.
func (p *protector) roomFor(qs []int, need int64) int {
	best, bestV := -1, int64(0)
	better := func(v, w int64) bool {
		switch {
		case v >= need && w >= need:
			return v < w
		case v >= need || w >= need:
			return v >= need
		}
		return v > w
	}
	for _, q := range qs {
		x := p.qs[q]
		if p.unknown(q) || !x.public {
			continue
		}
		v := x.value
		if best >= 0 && v == 0 {
			continue
		}
		if best < 0 || bestV == 0 && v > 0 || v > 0 && better(v, bestV) || v == bestV && x.unit < best {
			best, bestV = x.unit, v
		}
	}
	return best
}

// lpOf builds the LP of a component: its unknowns as variables, the
// published figures folded into the right-hand sides.
func (p *protector) lpOf(c component) (*lpProblem, map[int]int) {
	local := make(map[int]int, len(c.qs))
	for i, q := range c.qs {
		local[q] = i
	}
	lp := &lpProblem{n: len(c.qs)}
	for _, ri := range c.rels {
		r := p.rels[ri]
		row := lpRow{eq: r.eq}
		for k, q := range r.ids {
			if i, ok := local[q]; ok {
				row.vars = append(row.vars, i)
				row.coef = append(row.coef, r.coef[k])
			} else {
				row.rhs -= r.coef[k] * float64(p.qs[q].value)
			}
		}
		if len(row.vars) > 0 {
			lp.rows = append(lp.rows, row)
		}
	}
	return lp, local
}

// localLimit is the size of the neighbourhood in which the audit looks
// for evidence first, in a component larger than it.
const localLimit = 40

// neighbourhood returns up to limit unknowns nearest to q (by relations)
// with every relation that touches them. As an LP (lpOf) it keeps every
// other quantity at its true value; the true figures being feasible, any
// point it has is a feasible point of the whole system, so the evidence
// it gives is evidence for the component (only harder to find).
func (p *protector) neighbourhood(q, limit int) component {
	seen := map[int]bool{q: true}
	c := component{qs: []int{q}}
	for i := 0; i < len(c.qs) && len(c.qs) < limit; i++ {
		for _, ri := range p.byQty[c.qs[i]] {
			for _, o := range p.rels[ri].ids {
				if !seen[o] && p.unknown(o) && len(c.qs) < limit {
					seen[o] = true
					c.qs = append(c.qs, o)
				}
			}
		}
	}
	rels := map[int]bool{}
	for _, o := range c.qs {
		for _, ri := range p.byQty[o] {
			rels[ri] = true
		}
	}
	c.rels = slices.Sorted(maps.Keys(rels))
	return c
}

// settledNearby reports whether q's neighbourhood has evidence that it
// passes the audit criterion (see auditComponent).
func (p *protector) settledNearby(q int) bool {
	lp, local := p.lpOf(p.neighbourhood(q, localLimit))
	t := lp.newTableau()
	if !t.feasible {
		return false
	}
	v, i := p.qs[q].value, local[q]
	zero, low, high := v == 0, v <= MinCount, v >= MinCount
	evidence := func(x []float64) {
		if xs, den, ok := lp.exactPoint(x); ok {
			zero, low, high = zero || xs[i] == 0, low || xs[i] <= MinCount*den, high || xs[i] >= MinCount*den
		}
	}
	evidence(t.point(lp.n))
	if !zero && !(low && high) {
		p.lps++
		evidence(t.solve([]int{i}, 1, lp.n).x)
	}
	if !zero && !(low && high) {
		p.lps++
		sol := t.solve([]int{i}, -1, lp.n)
		if sol.bounded {
			evidence(sol.x)
		} else {
			high = high || lp.exactRayUp(sol.ray, i)
		}
	}
	return zero || low && high
}

// narrowing is a figure the audit found narrowed, and how much room it
// lacks.
type narrowing struct {
	q    int
	need int64
}

// auditComponent returns the checked quantities of c that can be
// narrowed.
func (p *protector) auditComponent(c component, todo []int) []narrowing {
	// The seeds are exact evidence already: a figure they settle needs
	// no LP.
	todo = slices.DeleteFunc(slices.Clone(todo), func(q int) bool {
		v := p.qs[q].value
		zero, low, high := p.seeded(q)
		return zero || v == 0 || (low || v <= MinCount) && (high || v >= MinCount)
	})
	if len(todo) == 0 {
		return nil
	}
	if len(c.qs) > localLimit {
		todo = slices.DeleteFunc(todo, p.settledNearby)
		if len(todo) == 0 {
			return nil
		}
	}
	if len(c.qs) > auditLimit {
		p.tooLarge = true
		return nil
	}
	lp, local := p.lpOf(c)

	t := lp.newTableau()
	var out []narrowing
	if !t.feasible {
		// The true figures always satisfy the relations; an infeasible
		// system is a bug in the model, and the safe answer is to
		// withhold more.
		for _, q := range c.qs {
			if p.checked(q) {
				return []narrowing{{q, 1}}
			}
		}
		return []narrowing{{c.qs[0], 1}}
	}
	// Evidence: a figure passes when some feasible point has it at 0, or
	// some has it at most 5 and some at least 5. The true figures are a
	// feasible point (exact), so a figure of 5 or more has half of the
	// evidence already. Every other point is one the simplex stopped at,
	// used only once it is checked exactly (lpProblem.exactPoint), so
	// that no rounding error can let a narrowed figure through.
	n := len(todo)
	vars := make([]int, n)
	zero, low, high := make([]bool, n), make([]bool, n), make([]bool, n)
	for i, q := range todo {
		vars[i] = local[q]
		v := p.qs[q].value
		zero[i], low[i], high[i] = v == 0, v <= MinCount, v >= MinCount
	}
	open := func(i int) bool { return !zero[i] && !(low[i] && high[i]) }
	evidence := func(x []float64) {
		xs, den, ok := lp.exactPoint(x)
		if !ok {
			return
		}
		for i, v := range vars {
			zero[i] = zero[i] || xs[v] == 0
			low[i] = low[i] || xs[v] <= MinCount*den
			high[i] = high[i] || xs[v] >= MinCount*den
		}
	}
	evidence(t.point(lp.n))
	for _, x := range p.seeds {
		for i, q := range todo {
			zero[i] = zero[i] || x[q] == 0
			low[i] = low[i] || x[q] <= MinCount
			high[i] = high[i] || x[q] >= MinCount
		}
	}
	// One LP that drives all the open figures down together finds most
	// of them at 0 at once; the rest get an LP each.
	for {
		var rest []int
		for i := range todo {
			if open(i) {
				rest = append(rest, vars[i])
			}
		}
		if len(rest) < 2 {
			break
		}
		before := len(rest)
		p.lps++
		sol := t.solve(rest, 1, lp.n)
		if !sol.bounded {
			break
		}
		evidence(sol.x)
		after := 0
		for i := range todo {
			if open(i) {
				after++
			}
		}
		if after == before {
			break
		}
	}
	for i, q := range todo {
		if !open(i) {
			continue
		}
		lo := int64(0)
		if !low[i] {
			p.lps++
			sol := t.solve([]int{vars[i]}, 1, lp.n)
			evidence(sol.x)
			lo = max(int64(math.Ceil(sol.value-1e-6)), 0)
			if !open(i) {
				continue
			}
			if !low[i] {
				// The LP's own bound excludes 0 and 5, or its point
				// could not be made exact: withhold more.
				out = append(out, narrowing{q, max(lo-MinCount, 1)})
				continue
			}
		}
		if !high[i] {
			p.lps++
			sol := t.solve([]int{vars[i]}, -1, lp.n)
			if sol.bounded {
				evidence(sol.x)
			} else {
				high[i] = lp.exactRayUp(sol.ray, vars[i])
			}
			if open(i) {
				hi := int64(math.Floor(-sol.value + 1e-6))
				if !sol.bounded {
					hi = 0
				}
				out = append(out, narrowing{q, max(min(max(lo, 1), MinCount-hi), 1)})
			}
		}
	}
	return out
}

// determineLimit is the largest system of unknowns in which
// publishDetermined bounds figures by LP; in a larger one only the figures
// that relations fix one by one (propagate) are published again. Both can
// only keep a figure withheld that could be published, never the other
// way round, and the LP of a system of several hundred unknowns takes
// seconds.
const determineLimit = 150

// auditLimit is the largest system of unknowns the audit solves by LP
// (the dense simplex takes seconds on a few hundred). A release whose
// checked figures need a larger one, which the block step's moves do not
// settle, is the coarse release (fallBack), safe by construction.
var auditLimit = 250

// propagate returns the withheld figures that the relations fix one at a
// time, exactly: an equality with one unknown left fixes it, and a
// relation whose unknowns all have the same sign and whose known part
// leaves them no room (a withheld part of a published 0) fixes them all at
// 0. Figures fixed so count as known for the next relations.
func (p *protector) propagate() map[int]int64 {
	fixed := map[int]int64{}
	val := func(q int) (int64, bool) {
		if !p.unknown(q) {
			return p.qs[q].value, true
		}
		v, ok := fixed[q]
		return v, ok
	}
	for changed := true; changed; {
		changed = false
		for _, r := range p.rels {
			var rest int64 // Σ coef·x over the known terms
			var free []int
			pos, neg := false, false
			for k, q := range r.ids {
				if v, ok := val(q); ok {
					rest += int64(r.coef[k]) * v
					continue
				}
				free = append(free, k)
				pos, neg = pos || r.coef[k] > 0, neg || r.coef[k] < 0
			}
			switch {
			case len(free) == 0:
			case r.eq && len(free) == 1:
				k := free[0]
				if x := -rest * int64(r.coef[k]); x >= 0 {
					fixed[r.ids[k]], changed = x, true
				}
			case rest == 0 && pos != neg && (r.eq || pos):
				for _, k := range free {
					fixed[r.ids[k]], changed = 0, true
				}
			}
		}
	}
	return fixed
}

// publishDetermined publishes the withheld figures ("x") whose value the
// published figures determine: one that an attacker can compute (a zero
// that the margins reveal, a gender total that is the grand total less
// the other genders) protects nobody, and showing it as withheld would
// say otherwise. A figure is determined when its smallest and largest
// values are the same integer; publishing it adds nothing an attacker
// does not know, so every range stays as the audit found it. That rests
// on floating-point bounds, so the audit then runs once more over every
// checked figure, with the exactly checked evidence of protect; if it
// would not confirm every one, nothing is published this way.
func (p *protector) publishDetermined() {
	known := make([]bool, len(p.qs))
	any := false
	fixed := p.propagate()
	for _, c := range p.components() {
		var cand []int
	figures:
		for _, q := range c.qs {
			if p.units[p.qs[q].unit] != unitComplementary || !p.qs[q].public {
				continue
			}
			if v, ok := fixed[q]; ok {
				if v == p.qs[q].value {
					known[q], any = true, true
				}
				continue
			}
			for _, x := range p.seeds {
				if x[q] != p.qs[q].value {
					continue figures // a feasible point with another value
				}
			}
			cand = append(cand, q)
		}
		if len(cand) == 0 || len(c.qs) > determineLimit {
			continue
		}
		lp, local := p.lpOf(c)
		t := lp.newTableau()
		if !t.feasible {
			continue
		}
		// open holds the candidates no point found so far rules out.
		// Every point a solve stops at is feasible, so a candidate it has
		// at a value 1 or more from its own is not determined: exactly the
		// bounds the figure's own LPs would find. The sums of all
		// candidates are bounded first, then one figure at a time.
		open := make(map[int]bool, len(cand))
		for _, q := range cand {
			open[q] = true
		}
		moved := func(s solution) {
			if !s.bounded {
				return
			}
			for q := range open {
				if math.Abs(s.x[local[q]]-float64(p.qs[q].value)) > 1-1e-6 {
					delete(open, q)
				}
			}
		}
		if len(cand) > 1 {
			vs := make([]int, len(cand))
			for i, q := range cand {
				vs[i] = local[q]
			}
			for _, sign := range []float64{1, -1} {
				p.lps++
				moved(t.solve(vs, sign, lp.n))
			}
		}
		for _, q := range cand {
			if !open[q] {
				continue
			}
			delete(open, q) // decided here
			v := p.qs[q].value
			p.lps++
			lo := t.solve([]int{local[q]}, 1, lp.n)
			moved(lo)
			if int64(math.Ceil(lo.value-1e-6)) < v {
				continue
			}
			p.lps++
			hi := t.solve([]int{local[q]}, -1, lp.n)
			moved(hi)
			if !hi.bounded || int64(math.Floor(-hi.value+1e-6)) > v {
				continue
			}
			known[q], any = true, true
		}
	}
	if !any {
		return
	}
	p.known = known
	// A seed that moves a figure now published is no evidence any more.
	seeds := p.seeds
	p.seeds = slices.DeleteFunc(slices.Clone(seeds), func(x []int64) bool { return !p.feasible(x) })
	p.pending = map[int]bool{}
	p.pendAll()
	if fixes, lines := p.auditRound(); len(fixes) > 0 || len(lines) > 0 || len(p.pending) > 0 || p.tooLarge {
		p.known, p.seeds, p.tooLarge = nil, seeds, false
	}
	p.pending = map[int]bool{}
}

// count returns the published form of quantity k, m.
func (p *protector) count(k qkey, m int, exact map[qkey][2]int64) Count {
	if p == nil {
		return Count{Value: exact[k][m]}
	}
	i := p.id(k, m)
	if i < 0 {
		return Count{Value: exact[k][m]}
	}
	if p.known != nil && p.known[i] {
		return Count{Value: p.qs[i].value}
	}
	switch p.units[p.qs[i].unit] {
	case unitPrimary:
		return Count{Suppressed: true, Reason: ReasonPrimary}
	case unitComplementary, unitHidden:
		return Count{Suppressed: true, Reason: ReasonComplementary}
	}
	return Count{Value: p.qs[i].value}
}

// indFigure is a computed indicator that counts people (individuals) or
// visits, by scope of the family: its figures are published through the
// same protection as the beneficiary tables, and related to them.
type indFigure struct {
	id       socialsvc.IndicatorID
	measure  int
	allTypes bool // every event type: the indicator is a beneficiary total
	reported bool // includes reported head counts of events without records
	val      []int64
	contrib  []int64
	// cum and cumContrib are, for a family of reporting periods, the
	// cumulative value from the first release to release k and its
	// contributors (index k; 0 and 1 unused: release 1's cumulative
	// value is its value). The indicator report of period k publishes it
	// as Achieved and each period row as Cumulative.
	cum, cumContrib []int64
}

// countsPeople reports whether a computed indicator counts people or
// their visits, and so passes the disclosure control.
func countsPeople(ind *socialsvc.Indicator) bool {
	return ind.Source == socialsvc.SourceComputed && (ind.Computation == socialsvc.CountIndividuals || ind.Computation == socialsvc.CountVisits)
}

func peopleIndicators(p *socialsvc.Project, fam *family, d *indicatorData) []indFigure {
	var out []indFigure
	inds := slices.Clone(d.indicators)
	slices.SortFunc(inds, func(a, b socialsvc.Indicator) int { return cmp.Compare(a.ID, b.ID) })
	for i := range inds {
		ind := &inds[i]
		if !countsPeople(ind) {
			continue
		}
		n := len(fam.scopes)
		tallies := make([]*tally, n)
		for s := range tallies {
			tallies[s] = newTally()
		}
		maxReported := make([]int64, n)
		f := indFigure{id: ind.ID, measure: mInd, allTypes: len(ind.EventTypes) == 0, val: make([]int64, n), contrib: make([]int64, n)}
		if ind.Computation == socialsvc.CountVisits {
			f.measure = mVis
		}
		for j := range d.events {
			e := &d.events[j]
			if len(ind.EventTypes) > 0 && !slices.Contains(ind.EventTypes, e.Type) {
				continue
			}
			s := fam.scopeOf(p, e.Start)
			for _, sc := range []int{0, s} {
				tallies[sc].add(e, d)
				if len(d.attendance[e.ID]) == 0 && e.ReportedParticipants > 0 {
					f.reported = f.reported || f.measure == mVis
					maxReported[sc] = max(maxReported[sc], int64(e.ReportedParticipants))
				}
			}
		}
		for s, t := range tallies {
			v, _ := t.value(ind.Computation)
			f.val[s] = v.IntPart()
			f.contrib[s] = int64(len(t.individuals))
			if f.measure == mVis {
				f.contrib[s] += maxReported[s]
			}
		}
		if !fam.byYear && fam.outside() > 2 {
			f.cum, f.cumContrib = make([]int64, fam.outside()), make([]int64, fam.outside())
			run, reported := newTally(), int64(0)
			for k := 1; k < fam.outside(); k++ {
				run.merge(tallies[k])
				reported = max(reported, maxReported[k])
				v, _ := run.value(ind.Computation)
				f.cum[k] = v.IntPart()
				f.cumContrib[k] = int64(len(run.individuals))
				if f.measure == mVis {
					f.cumContrib[k] += reported
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// addIndicators adds the indicator figures and their relations: across
// scopes as for the tables, below the beneficiary totals of their scope
// (equal to them for an indicator of every event type), and individuals
// below visits for indicators of the same events.
func (p *protector) addIndicators(figs []indFigure, outside int, hideOutside bool) {
	for i, f := range figs {
		for s := range f.val {
			k := qkey{s, dimIndicator + i, -1, -1}
			p.addQty(k, f.measure, f.val[s], f.contrib[s], s != outside)
			if s == outside && hideOutside {
				p.units[p.keyUnit[k]] = unitHidden
			}
		}
		for k := 2; k < len(f.cum); k++ {
			p.addQty(cumKey(k, i), f.measure, f.cum[k], f.cumContrib[k], true)
		}
	}
	for i, f := range figs {
		id := func(s int) int {
			if s == outside && !hideOutside {
				return -1
			}
			return p.id(qkey{s, dimIndicator + i, -1, -1}, f.measure)
		}
		var parts []int
		for s := 1; s < len(f.val); s++ {
			parts = append(parts, id(s))
		}
		p.sum(f.measure == mVis, id(0), parts)
		for s := range f.val {
			total := -1
			if s != outside || hideOutside {
				total = p.id(qkey{s, dimTotal, -1, -1}, f.measure)
			}
			if f.reported {
				continue
			}
			p.rel(f.allTypes, 1, id(s), -1, total)
		}
		p.addCumulative(f, i, outside, id)
	}
}

// addCumulative relates the cumulative values of indicator figure f
// (number i) to its values by release: the cumulative value to release
// k is the union of releases 1..k (their sum, for visits), so it lies
// between the larger of the cumulative value before it and release k,
// and their sum; the last one lies between the whole project less the
// hidden scope and the whole project. The other bounds an attacker can
// write (each earlier release, the later ones) follow from these.
func (p *protector) addCumulative(f indFigure, i, outside int, id func(s int) int) {
	n := len(f.cum)
	if n == 0 {
		return
	}
	cum := func(k int) int {
		if k == 1 {
			return id(1)
		}
		return p.id(cumKey(k, i), f.measure)
	}
	for k := 2; k < n; k++ {
		c, prev := cum(k), cum(k-1)
		if f.measure == mVis {
			p.rel(true, 1, c, -1, prev, -1, id(k))
			continue
		}
		p.rel(false, 1, prev, -1, c)
		p.rel(false, 1, id(k), -1, c)
		p.rel(false, 1, c, -1, prev, -1, id(k))
	}
	if f.measure == mInd {
		last := cum(n - 1)
		p.rel(false, 1, last, -1, id(0))
		p.rel(false, 1, id(0), -1, last, -1, id(outside))
	}
}

// release is a project's protected public release: the beneficiary
// tables and the people-counting indicators of every scope of its
// family, protected together.
type release struct {
	fam  *family
	rows *tableRows
	tab  *tabulation
	bd   *beneficiaryData
	figs []indFigure
	pr   *protector
}

func protectedRelease(ctx context.Context, s store.Store, p *socialsvc.Project, cat *socialsvc.TargetGroupCatalogue, d *indicatorData) (*release, error) {
	fam := releaseFamily(p)
	bd, err := loadBeneficiaryData(ctx, s, p, fam, Scope{}, false)
	if err != nil {
		return nil, err
	}
	if d == nil {
		if d, err = loadIndicatorData(ctx, s, p); err != nil {
			return nil, err
		}
	}
	r := &release{fam: fam, rows: beneficiaryRows(p, cat), bd: bd}
	r.tab = tabulate(bd.people, len(fam.scopes), r.rows.sizes())
	r.figs = peopleIndicators(p, fam, d)
	outside := fam.outside()
	hide := r.tab.val[qkey{outside, dimTotal, -1, -1}][mInd] > 0
	for _, f := range r.figs {
		hide = hide || f.val[outside] > 0
	}
	key := fingerprint(r.tab, r.figs, outside, hide)
	if pr, ok := protections.get(key); ok {
		r.pr = pr
		return r, nil
	}
	r.pr = newProtector()
	r.pr.addTables(r.tab, outside, hide)
	r.pr.addIndicators(r.figs, outside, hide)
	r.pr.protect()
	protections.put(key, r.pr)
	return r, nil
}

// fingerprint identifies the input of a protection: every figure and its
// contributors, in a fixed order. The protection is a pure function of
// it, so that equal data need not be audited twice.
func fingerprint(t *tabulation, figs []indFigure, outside int, hide bool) [sha256.Size]byte {
	keys := sortedKeys(t.val)
	h := sha256.New()
	w := func(vs ...int64) {
		var b [8]byte
		for _, v := range vs {
			binary.LittleEndian.PutUint64(b[:], uint64(v))
			h.Write(b[:])
		}
	}
	b2i := func(b bool) int64 {
		if b {
			return 1
		}
		return 0
	}
	w(int64(t.nScopes), int64(outside), b2i(hide), int64(len(keys)))
	for _, k := range keys {
		v := t.val[k]
		w(int64(k.scope), int64(k.dim), int64(k.row), int64(k.col), v[mInd], v[mVis])
	}
	w(int64(len(figs)))
	for _, f := range figs {
		w(int64(f.measure), b2i(f.allTypes), b2i(f.reported), int64(len(f.val)))
		w(f.val...)
		w(f.contrib...)
		w(int64(len(f.cum)))
		w(f.cum...)
		w(f.cumContrib...)
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// protectionCache keeps the last protections computed, by fingerprint:
// a dashboard page, its downloads and the IATI file of the same data share
// one audit. A protector is never changed after protect, so sharing it is
// safe.
type protectionCache struct {
	mu    sync.Mutex
	order [][sha256.Size]byte
	m     map[[sha256.Size]byte]*protector
}

const protectionCacheSize = 64

var protections = &protectionCache{m: map[[sha256.Size]byte]*protector{}}

func (c *protectionCache) get(k [sha256.Size]byte) (*protector, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p, ok
}

func (c *protectionCache) put(k [sha256.Size]byte, p *protector) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) >= protectionCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, k)
	c.m[k] = p
}

// indicator returns the published figure of indicator id in scope s, and
// false when the indicator is not one the release protects.
func (r *release) indicator(id socialsvc.IndicatorID, s int) (Count, bool) {
	for i, f := range r.figs {
		if f.id == id {
			return r.pr.count(qkey{s, dimIndicator + i, -1, -1}, f.measure, nil), true
		}
	}
	return Count{}, false
}

// cumulative returns the published cumulative figure of indicator id
// from the first release to release k of a family of reporting periods:
// release 1's own figure for k = 1.
func (r *release) cumulative(id socialsvc.IndicatorID, k int) Count {
	if k == 1 {
		c, _ := r.indicator(id, 1)
		return c
	}
	for i, f := range r.figs {
		if f.id == id && k < len(f.cum) {
			return r.pr.count(cumKey(k, i), f.measure, nil)
		}
	}
	// Not a quantity of the release (cannot happen for a release of
	// the family): withhold rather than publish an unaudited figure.
	return Count{Suppressed: true, Reason: ReasonComplementary}
}
