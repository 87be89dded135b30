package memory

import (
	"context"
	"iter"
	"net/url"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func init() {
	store.Register("memory", func(ctx context.Context, u *url.URL) (store.Store, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return New(), nil
	})
}

// Store is an in-memory store.Store. The zero value is not usable: call
// New.
type Store struct {
	mu     *sync.RWMutex
	st     *state
	closed *atomic.Bool
	// tx is set on the Store handed to a transaction's function: the
	// transaction holds mu, so its calls do not lock again.
	tx bool
	// done is set when the transaction of a tx Store has ended, so that a
	// tx Store kept past its function fails instead of racing.
	done *atomic.Bool
}

// New returns an empty store.
func New() *Store {
	return &Store{mu: new(sync.RWMutex), st: newState(), closed: new(atomic.Bool)}
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.Aggregator = (*Store)(nil)
	_ store.Cycle      = (*Store)(nil)
)

// state is the data. Every change goes through table.put, table.del or
// state.appendAudit, which record their inverse in undo while a
// transaction runs.
type state struct {
	orgs          table[socialsvc.Organisation]
	funds         table[socialsvc.Fund]
	projects      table[socialsvc.Project]
	partners      table[socialsvc.Partner]
	workPackages  table[socialsvc.WorkPackage]
	activities    table[socialsvc.Activity]
	events        table[socialsvc.Event]
	attendance    table[socialsvc.Attendance]
	beneficiaries table[socialsvc.Beneficiary]
	indicators    table[socialsvc.Indicator]
	measurements  table[socialsvc.Measurement]
	budget        table[socialsvc.BudgetLine]
	expenditure   table[socialsvc.Expenditure]
	rates         table[socialsvc.Rate]
	// The reporting cycle.
	partnerReports table[socialsvc.PartnerReport]
	reportLines    table[socialsvc.ReportExpenditure]
	projectReports table[socialsvc.ProjectReport]
	payments       table[socialsvc.Payment]
	advances       table[socialsvc.Advance]
	// ESF+ participations.
	participations table[socialsvc.Participation]
	sessions       table[store.Session]
	audit          []store.AuditEntry
	undo           []func()
	// spent is the compact copy of expenditure that SumExpenditure
	// ranges over; the expenditure table keeps it in step.
	spent spentIndex
}

// newState returns empty data whose expenditure table keeps spent in
// step.
func newState() *state {
	st := &state{}
	st.expenditure.index = &st.spent
	return st
}

// table holds rows in blocks of up to rowBlock, in no particular order,
// so that scans range over contiguous memory and a growing table never
// copies the rows it has; pos maps a key to its position, and keys are
// kept sorted for keyset pagination.
type table[V any] struct {
	blocks [][]V
	ids    [][]string // ids[b][i] is the key of blocks[b][i]
	n      int
	pos    map[string]int
	keys   []string
	// index, when set, is told of every row stored and removed.
	index secondary[V]
}

// rowBlock is the number of rows in a full block: 1<<rowShift.
const (
	rowShift = 10
	rowBlock = 1 << rowShift
)

// secondary is an index kept in step with a table: add is called after
// v is stored under id, remove before it goes (an update is a remove of
// the old value and an add of the new one).
type secondary[V any] interface {
	add(id string, v *V)
	remove(id string, v *V)
}

// row returns the row at position i.
func (t *table[V]) row(i int) *V { return &t.blocks[i>>rowShift][i&(rowBlock-1)] }

// all yields every row, in storage order.
func (t *table[V]) all(yield func(*V) bool) {
	for _, b := range t.blocks {
		for i := range b {
			if !yield(&b[i]) {
				return
			}
		}
	}
}

func (t *table[V]) get(k string) (V, bool) {
	if i, ok := t.pos[k]; ok {
		return *t.row(i), true
	}
	var zero V
	return zero, false
}

// at returns the row stored under a key that t.keys holds.
func (t *table[V]) at(k string) *V { return t.row(t.pos[k]) }

func (t *table[V]) insertKey(k string) {
	i, _ := slices.BinarySearch(t.keys, k)
	t.keys = slices.Insert(t.keys, i, k)
}

func (t *table[V]) removeKey(k string) {
	if i, ok := slices.BinarySearch(t.keys, k); ok {
		t.keys = slices.Delete(t.keys, i, i+1)
	}
}

// set stores v under k without recording an undo.
func (t *table[V]) set(k string, v V) {
	if i, ok := t.pos[k]; ok {
		r := t.row(i)
		if t.index != nil {
			t.index.remove(k, r)
		}
		*r = v
		if t.index != nil {
			t.index.add(k, r)
		}
		return
	}
	if t.pos == nil {
		t.pos = map[string]int{}
	}
	b := t.n >> rowShift
	if b == len(t.blocks) {
		// The first block grows as a small table needs; later ones
		// start full size.
		c := 0
		if b > 0 {
			c = rowBlock
		}
		t.blocks = append(t.blocks, make([]V, 0, c))
		t.ids = append(t.ids, make([]string, 0, c))
	}
	t.blocks[b] = append(t.blocks[b], v)
	t.ids[b] = append(t.ids[b], k)
	t.pos[k] = t.n
	t.n++
	t.insertKey(k)
	if t.index != nil {
		t.index.add(k, t.row(t.n-1))
	}
}

// unset removes k without recording an undo: the last row takes its
// place.
func (t *table[V]) unset(k string) {
	i, ok := t.pos[k]
	if !ok {
		return
	}
	r := t.row(i)
	if t.index != nil {
		t.index.remove(k, r)
	}
	last := t.n - 1
	lb, li := last>>rowShift, last&(rowBlock-1)
	*r = t.blocks[lb][li]
	id := t.ids[lb][li]
	t.ids[i>>rowShift][i&(rowBlock-1)] = id
	t.pos[id] = i
	var zero V
	t.blocks[lb][li], t.ids[lb][li] = zero, ""
	t.blocks[lb], t.ids[lb] = t.blocks[lb][:li], t.ids[lb][:li]
	if li == 0 {
		t.blocks, t.ids = t.blocks[:lb], t.ids[:lb]
	}
	t.n--
	delete(t.pos, k)
	t.removeKey(k)
}

// put stores v under k and records how to undo it. Undo works by key,
// not position, because unset moves rows.
func (t *table[V]) put(st *state, k string, v V) {
	old, existed := t.get(k)
	t.set(k, v)
	if existed {
		st.undo = append(st.undo, func() { t.set(k, old) })
		return
	}
	st.undo = append(st.undo, func() { t.unset(k) })
}

// del removes k and records how to undo it.
func (t *table[V]) del(st *state, k string) {
	old, existed := t.get(k)
	if !existed {
		return
	}
	t.unset(k)
	st.undo = append(st.undo, func() { t.set(k, old) })
}

// any reports whether some row matches.
func (t *table[V]) any(match func(*V) bool) bool {
	for v := range t.all {
		if match(v) {
			return true
		}
	}
	return false
}

// from returns the index of the first key after after.
func (t *table[V]) from(after string) int {
	return sort.Search(len(t.keys), func(i int) bool { return t.keys[i] > after })
}

func (st *state) appendAudit(ctx context.Context, action, entity, id string, before, after any, at time.Time) error {
	e, err := store.NewAuditEntry(ctx, action, entity, id, before, after, at)
	if err != nil {
		return err
	}
	e.Seq = int64(len(st.audit)) + 1
	st.audit = append(st.audit, e)
	st.undo = append(st.undo, func() { st.audit = st.audit[:len(st.audit)-1] })
	return nil
}

// rollback undoes every change recorded since mark, newest first.
func (st *state) rollback(mark int) {
	for i := len(st.undo) - 1; i >= mark; i-- {
		st.undo[i]()
	}
	clear(st.undo[mark:])
	st.undo = st.undo[:mark]
}

var (
	errClosed = &socialsvc.Error{Code: socialsvc.Internal, Message: "the memory store is closed"}
	errTxDone = &socialsvc.Error{Code: socialsvc.Internal, Message: "the transaction has ended: use the Store passed to WithTx only inside its function"}
)

func (s *Store) usable(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed.Load() {
		return errClosed
	}
	if s.tx && s.done.Load() {
		return errTxDone
	}
	return nil
}

// read runs fn with the data under the read lock (or inside the running
// transaction).
func (s *Store) read(ctx context.Context, fn func(st *state) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if !s.tx {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	return fn(s.st)
}

// write runs fn in a transaction: the running one for a tx Store, a new
// one otherwise.
func (s *Store) write(ctx context.Context, fn func(tx *Store) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if s.tx {
		return fn(s)
	}
	return s.atomic(ctx, fn)
}

// atomic takes the write lock and runs fn; fn's error or panic undoes
// every change it made, audit entries included.
func (s *Store) atomic(ctx context.Context, fn func(tx *Store) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(ctx); err != nil {
		return err
	}
	mark := len(s.st.undo)
	tx := &Store{mu: s.mu, st: s.st, closed: s.closed, tx: true, done: new(atomic.Bool)}
	committed := false
	defer func() {
		// Runs on error and while a panic unwinds, before the unlock.
		tx.done.Store(true)
		if !committed {
			s.st.rollback(mark)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	committed = true
	clear(s.st.undo[mark:])
	s.st.undo = s.st.undo[:mark]
	return nil
}

// WithTx runs fn in a transaction. Every call on the Store passed to fn
// takes part in it; fn's error or panic rolls everything back (the panic
// is then re-raised). Calls on a transaction's Store nest into it.
func (s *Store) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if s.tx {
		return fn(s)
	}
	return s.atomic(ctx, func(tx *Store) error { return fn(tx) })
}

// Ping reports an error only when the store is closed or ctx is done.
func (s *Store) Ping(ctx context.Context) error { return s.usable(ctx) }

// Close marks the store closed; later calls fail. The data is dropped
// with the last reference to the Store.
func (s *Store) Close() error {
	s.closed.Store(true)
	return nil
}

// now is the time of a write: UTC, to the microsecond, as the SQL
// drivers store it, so that the same test passes on every driver.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// kind describes one entity type for the generic operations below.
type kind[V any] struct {
	entity string // audit entity name
	label  string // for messages
	prefix string // of generated IDs
	table  func(*state) *table[V]
	id     func(*V) string
	setID  func(*V, string)
	stamp  func(*V) (version *int64, created, updated *time.Time)
	clone  func(V) V
	// sorts are the sort keys besides the ID (store.SortKeys).
	sorts []sortKey[V]
}

func notFound(label string) error {
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: label + " not found"}
}

func staleVersion(label string) error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the " + label + " was changed by someone else: reload it and retry",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("version", "version", "err.version.version", nil)}}
}

func referenced(label, by string) error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the " + label + " is referenced by " + by + " and cannot be deleted"}
}

func duplicateID(label string) error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a " + label + " with this id already exists",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("id", "unique", "err.id.unique", nil)}}
}

func get[V any](ctx context.Context, s *Store, k *kind[V], id string) (V, error) {
	var out V
	err := s.read(ctx, func(st *state) error {
		v, ok := k.table(st).get(id)
		if !ok {
			return notFound(k.label)
		}
		out = k.clone(v)
		return nil
	})
	if err != nil {
		var zero V
		return zero, err
	}
	return out, nil
}

// create checks v, gives it an ID, version 1 and times, stores a copy and
// audits it; v is changed only when the write succeeds.
func create[V any](ctx context.Context, s *Store, k *kind[V], v *V,
	check func(ctx context.Context, tx *Store, v *V) error,
	after func(ctx context.Context, tx *Store, v *V) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := k.clone(*v)
	err := s.write(ctx, func(tx *Store) error {
		if err := store.CheckWrite(ctx, tx.view(ctx), nil, &c); err != nil {
			return err
		}
		if err := check(ctx, tx, &c); err != nil {
			return err
		}
		if k.id(&c) == "" {
			k.setID(&c, socialsvc.NewID(k.prefix))
		}
		t := k.table(tx.st)
		id := k.id(&c)
		if _, dup := t.get(id); dup {
			return duplicateID(k.label)
		}
		at := now()
		ver, created, updated := k.stamp(&c)
		*ver, *created, *updated = 1, at, at
		t.put(tx.st, id, k.clone(c))
		if err := tx.st.appendAudit(ctx, store.ActionCreate, k.entity, id, nil, c, at); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx, &c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*v = c
	return nil
}

// update replaces the stored value when v names its current version.
func update[V any](ctx context.Context, s *Store, k *kind[V], v *V,
	check func(ctx context.Context, tx *Store, old, v *V) error,
	after func(ctx context.Context, tx *Store, old, v *V) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := k.clone(*v)
	err := s.write(ctx, func(tx *Store) error {
		t := k.table(tx.st)
		id := k.id(&c)
		old, ok := t.get(id)
		if !ok {
			return notFound(k.label)
		}
		old = k.clone(old) // check functions may keep what they are given
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, &c); err != nil {
			return err
		}
		oldVer, oldCreated, _ := k.stamp(&old)
		ver, created, updated := k.stamp(&c)
		if *ver != *oldVer {
			return staleVersion(k.label)
		}
		if err := check(ctx, tx, &old, &c); err != nil {
			return err
		}
		at := now()
		*ver, *created, *updated = *oldVer+1, *oldCreated, at
		t.put(tx.st, id, k.clone(c))
		if err := tx.st.appendAudit(ctx, store.ActionUpdate, k.entity, id, old, c, at); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx, &old, &c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*v = c
	return nil
}

// remove deletes id at version when nothing references it.
func remove[V any](ctx context.Context, s *Store, k *kind[V], id string, version int64,
	refs func(ctx context.Context, tx *Store, old *V) error,
	after func(ctx context.Context, tx *Store, old *V) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		t := k.table(tx.st)
		old, ok := t.get(id)
		if !ok {
			return notFound(k.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, nil); err != nil {
			return err
		}
		if ver, _, _ := k.stamp(&old); *ver != version {
			return staleVersion(k.label)
		}
		if refs != nil {
			if err := refs(ctx, tx, &old); err != nil {
				return err
			}
		}
		t.del(tx.st, id)
		if err := tx.st.appendAudit(ctx, store.ActionDelete, k.entity, id, old, nil, now()); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx, &old)
		}
		return nil
	})
}

// snapshot copies every matching row in key order under the read lock.
func snapshot[V any](ctx context.Context, s *Store, k *kind[V], match func(st *state) func(*V) bool) ([]V, error) {
	var items []V
	err := s.read(ctx, func(st *state) error {
		t := k.table(st)
		m := match(st)
		for _, key := range t.keys {
			if v := t.at(key); m(v) {
				items = append(items, k.clone(*v))
			}
		}
		return nil
	})
	return items, err
}

// scan streams a snapshot of the matching rows. The snapshot is taken
// when iteration starts, so a caller may write while iterating.
func scan[V any](ctx context.Context, s *Store, k *kind[V], match func(st *state) func(*V) bool) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		var zero V
		items, err := snapshot(ctx, s, k, match)
		if err != nil {
			yield(zero, err)
			return
		}
		for _, v := range items {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}
