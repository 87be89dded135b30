package sqlstore

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ---- statements ----

// queryOne runs a query expected to return at most one row, scanning it
// into dests; it reports whether there was a row.
func (s *Store) queryOne(ctx context.Context, sql string, args []any, dests ...any) (bool, error) {
	rows, err := s.q.Query(ctx, sql, args...)
	if err != nil {
		return false, s.fail(ctx, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, s.fail(ctx, rows.Err())
	}
	if err := rows.Scan(dests...); err != nil {
		return false, s.fail(ctx, err)
	}
	if err := rows.Close(); err != nil {
		return false, s.fail(ctx, err)
	}
	return true, nil
}

func (s *Store) exec(ctx context.Context, sql string, args ...any) (int64, error) {
	n, err := s.q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, s.fail(ctx, err)
	}
	return n, nil
}

func (s *Store) exists(ctx context.Context, sql string, args ...any) (bool, error) {
	var one int64
	return s.queryOne(ctx, sql, args, intDst[int64]{&one})
}

// where builds a WHERE clause; "$?" in a condition is replaced by the
// number of its argument.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "$?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// eq adds col = v when v is not empty (an empty filter field selects all).
func (w *where) eq(col, v string) {
	if v != "" {
		w.add(col+" = $?", v)
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func (w where) clone() where {
	return where{conds: append([]string(nil), w.conds...), args: append([]any(nil), w.args...)}
}

// ---- lists ----

// lister pages through a table in the order a list asks for: by the ID
// columns, or by a sort column and then the ID columns (store.Order).
type lister[T any] struct {
	from   string // SELECT ... FROM ...
	entity string // names the sort keys the list accepts (store.SortKeys)
	ids    []string
	// idArgs turns the ID of a cursor into the arguments compared with
	// the ID columns.
	idArgs func(id string) ([]any, error)
	id     func(*T) string
	sorts  []sortCol[T]
	scan   func(Rows) (T, error)
}

// sortCol is a sort key other than the ID and its column.
type sortCol[T any] struct {
	key, col string
	// value is an item's value as a cursor holds it; arg turns a cursor's
	// value back into an argument, reporting whether it is well formed.
	value func(*T) string
	arg   func(string) (any, bool)
}

// dateSort sorts by a date column (never NULL in the lists sorted by it:
// validation requires the date).
func dateSort[T any](key, col string, p func(*T) socialsvc.Date) sortCol[T] {
	return sortCol[T]{key: key, col: col,
		value: func(v *T) string { return p(v).String() },
		arg: func(s string) (any, bool) {
			d, err := socialsvc.ParseDate(s)
			return d.String(), err == nil && !d.IsZero()
		}}
}

// intSort sorts by an integer column.
func intSort[T any](key, col string, p func(*T) int) sortCol[T] {
	return sortCol[T]{key: key, col: col,
		value: func(v *T) string { return strconv.Itoa(p(v)) },
		arg: func(s string) (any, bool) {
			n, err := strconv.ParseInt(s, 10, 64)
			return n, err == nil
		}}
}

func (e *entity[T]) lister() lister[T] {
	return lister[T]{
		from:   "SELECT " + e.cols + " FROM " + e.table,
		entity: e.entity,
		ids:    []string{"id"},
		idArgs: func(id string) ([]any, error) { return []any{id}, nil },
		id:     e.id,
		sorts:  e.sorts,
		scan:   e.scanRow,
	}
}

// idOrder is the order of scans: ascending by ID.
var idOrder = store.Order{Sort: store.SortID, Key: store.SortID}

// sortCol returns the sort column of key, nil for the ID.
func (l *lister[T]) sortCol(key string) (*sortCol[T], error) {
	if key == store.SortID {
		return nil, nil
	}
	for i := range l.sorts {
		if l.sorts[i].key == key {
			return &l.sorts[i], nil
		}
	}
	return nil, &socialsvc.Error{Code: socialsvc.Internal, Message: "sqlstore: the list of " + l.entity + " has no column for sort key " + key}
}

// keyset adds the condition that starts a page after cur and returns the
// ORDER BY list: (col, id) > (value, id) for an ascending order, < for a
// descending one, as a row value that both SQLite and PostgreSQL compare
// column by column and can answer from an index on the same columns.
func (l *lister[T]) keyset(w *where, ord store.Order, cur *store.Cursor) (string, error) {
	sc, err := l.sortCol(ord.Key)
	if err != nil {
		return "", err
	}
	cols := l.ids
	if sc != nil {
		cols = append([]string{sc.col}, l.ids...)
	}
	if cur != nil {
		var args []any
		if sc != nil {
			a, ok := sc.arg(cur.Value)
			if !ok {
				return "", errCursor()
			}
			args = append(args, a)
		}
		ia, err := l.idArgs(cur.ID)
		if err != nil {
			return "", err
		}
		args = append(args, ia...)
		op := " > "
		if ord.Desc {
			op = " < "
		}
		if len(cols) == 1 {
			w.add(cols[0]+op+"$?", args...)
		} else {
			w.add("("+strings.Join(cols, ", ")+")"+op+"("+strings.Repeat("$?, ", len(cols)-1)+"$?)", args...)
		}
	}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c
		if ord.Desc {
			order[i] += " DESC"
		}
	}
	return strings.Join(order, ", "), nil
}

// at returns an item's position for a cursor in the order ord.
func (l *lister[T]) at(ord store.Order) func(*T) (string, string) {
	sc, _ := l.sortCol(ord.Key)
	return func(v *T) (string, string) {
		if sc == nil {
			return "", l.id(v)
		}
		return sc.value(v), l.id(v)
	}
}

func errCursor() error {
	return socialsvc.FieldErr("cursor", "cursor", "err.cursor.cursor")
}

func (s *Store) collect(ctx context.Context, sql string, args []any, scan func(Rows) error) error {
	rows, err := s.q.Query(ctx, sql, args...)
	if err != nil {
		return s.fail(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return s.fail(ctx, err)
		}
	}
	return s.fail(ctx, rows.Err())
}

func (l lister[T]) page(ctx context.Context, s *Store, w where, ord store.Order, cur *store.Cursor, limit int) ([]T, error) {
	order, err := l.keyset(&w, ord, cur)
	if err != nil {
		return nil, err
	}
	var items []T
	q := l.from + w.sql() + " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit)
	err = s.collect(ctx, q, w.args, func(r Rows) error {
		v, err := l.scan(r)
		items = append(items, v)
		return err
	})
	return items, err
}

func list[T any](ctx context.Context, s *Store, l lister[T], o store.ListOptions, w where) (store.Page[T], error) {
	if err := s.usable(ctx); err != nil {
		return store.Page[T]{}, err
	}
	ord, cur, err := o.Resolve(store.SortKeys(l.entity))
	if err != nil {
		return store.Page[T]{}, err
	}
	limit := o.EffectiveLimit()
	items, err := l.page(ctx, s, w, ord, cur, limit+1)
	if err != nil {
		return store.Page[T]{}, err
	}
	return store.SortedPageOf(items, limit, ord, l.at(ord)), nil
}

// scan streams the matching rows in ID order. Outside a transaction it
// reads one result set row by row; inside one it reads pages of
// opts.ScanPage rows by ID, because a connection in a transaction cannot
// run the caller's other calls while a result set is open on it.
func scan[T any](ctx context.Context, s *Store, l lister[T], w where) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.usable(ctx); err != nil {
			yield(zero, err)
			return
		}
		if s.tx != nil {
			var cur *store.Cursor
			for {
				items, err := l.page(ctx, s, w.clone(), idOrder, cur, s.opts.ScanPage)
				if err != nil {
					yield(zero, err)
					return
				}
				for _, v := range items {
					if !yield(v, nil) {
						return
					}
				}
				if len(items) < s.opts.ScanPage {
					return
				}
				cur = &store.Cursor{Sort: store.SortID, ID: l.id(&items[len(items)-1])}
			}
		}
		rows, err := s.q.Query(ctx, l.from+w.sql()+" ORDER BY "+strings.Join(l.ids, ", "), w.args...)
		if err != nil {
			yield(zero, s.fail(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			v, err := l.scan(rows)
			if err != nil {
				yield(zero, s.fail(ctx, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, s.fail(ctx, err))
		}
	}
}

// ---- versioned entities ----

func getRow[T any](ctx context.Context, s *Store, e *entity[T], id, lock string) (T, bool, error) {
	var v T
	ok, err := s.queryOne(ctx, e.get+lock, []any{id}, e.dests(&v)...)
	return v, ok, err
}

func get[T any](ctx context.Context, s *Store, e *entity[T], id string) (T, error) {
	var zero T
	if err := s.usable(ctx); err != nil {
		return zero, err
	}
	v, ok, err := getRow(ctx, s, e, id, "")
	if err != nil {
		return zero, err
	}
	if !ok {
		return zero, notFound(e.label)
	}
	return v, nil
}

// create checks v, gives it an ID, version 1 and times, inserts it and
// audits it; v is changed only when the write succeeds.
func create[T any](ctx context.Context, s *Store, e *entity[T], v *T,
	check func(ctx context.Context, tx *Store, v *T) error,
	after func(ctx context.Context, tx *Store, v *T) error) error {
	var c T
	err := s.write(ctx, func(tx *Store) error {
		c = *v
		if err := store.CheckWrite(ctx, tx.view(ctx), nil, &c); err != nil {
			return err
		}
		if err := check(ctx, tx, &c); err != nil {
			return err
		}
		if e.id(&c) == "" {
			e.setID(&c, socialsvc.NewID(e.prefix))
		}
		at := now()
		ver, created, updated := e.stamp(&c)
		*ver, *created, *updated = 1, at, at
		if _, err := tx.q.Exec(ctx, e.insert, e.args(tx.d, &c, 0)...); err != nil {
			return tx.fail(ctx, err)
		}
		if err := tx.audit(ctx, store.ActionCreate, e.entity, e.id(&c), nil, &c, at); err != nil {
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

// update replaces the stored row when v names its current version.
func update[T any](ctx context.Context, s *Store, e *entity[T], v *T,
	check func(ctx context.Context, tx *Store, old, v *T) error,
	after func(ctx context.Context, tx *Store, old, v *T) error) error {
	var c T
	err := s.write(ctx, func(tx *Store) error {
		c = *v
		id := e.id(&c)
		old, ok, err := getRow(ctx, tx, e, id, tx.d.LockUpdate())
		if err != nil {
			return err
		}
		if !ok {
			return notFound(e.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, &c); err != nil {
			return err
		}
		oldVer, oldCreated, _ := e.stamp(&old)
		ver, created, updated := e.stamp(&c)
		if *ver != *oldVer {
			return staleVersion(e.label)
		}
		if err := check(ctx, tx, &old, &c); err != nil {
			return err
		}
		at := now()
		read := *oldVer
		*ver, *created, *updated = read+1, *oldCreated, at
		n, err := tx.q.Exec(ctx, e.update, append(e.args(tx.d, &c, 1), read)...)
		if err != nil {
			return tx.fail(ctx, err)
		}
		if n == 0 {
			// Changed since it was read (where the read takes no lock).
			return staleVersion(e.label)
		}
		if err := tx.audit(ctx, store.ActionUpdate, e.entity, id, &old, &c, at); err != nil {
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

// remove deletes id at version. Rows that refer to it make the delete
// fail with conflict: the foreign keys, and refs for references the
// schema cannot hold.
func remove[T any](ctx context.Context, s *Store, e *entity[T], id string, version int64,
	refs func(ctx context.Context, tx *Store, old *T) error,
	after func(ctx context.Context, tx *Store, old *T) error) error {
	return s.write(ctx, func(tx *Store) error {
		old, ok, err := getRow(ctx, tx, e, id, tx.d.LockDelete())
		if err != nil {
			return err
		}
		if !ok {
			return notFound(e.label)
		}
		if err := store.CheckWrite(ctx, tx.view(ctx), &old, nil); err != nil {
			return err
		}
		if ver, _, _ := e.stamp(&old); *ver != version {
			return staleVersion(e.label)
		}
		if refs != nil {
			if err := refs(ctx, tx, &old); err != nil {
				return err
			}
		}
		if _, err := tx.q.Exec(ctx, "DELETE FROM "+e.table+" WHERE id = $1", id); err != nil {
			if f := tx.d.Classify(err); f.Kind == FailForeignKey && ctx.Err() == nil {
				return referenced(e.label, f)
			}
			return tx.fail(ctx, err)
		}
		if err := tx.audit(ctx, store.ActionDelete, e.entity, id, &old, nil, now()); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx, &old)
		}
		return nil
	})
}

// ---- audit ----

// audit records a write in the transaction that makes it.
func (s *Store) audit(ctx context.Context, action, entity, id string, before, after any, at time.Time) error {
	e, err := store.NewAuditEntry(ctx, action, entity, id, before, after, at)
	if err != nil {
		return &socialsvc.Error{Code: socialsvc.Internal, Message: "cannot encode the audit entry", Err: err}
	}
	actor, err := json.Marshal(e.Actor)
	if err != nil {
		return &socialsvc.Error{Code: socialsvc.Internal, Message: "cannot encode the audit actor", Err: err}
	}
	_, err = s.exec(ctx, "INSERT INTO audit_log (at, actor, action, entity, entity_id, reason, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		s.d.Time(e.At), string(actor), e.Action, e.Entity, e.EntityID, e.Reason, rawArg(e.Before), rawArg(e.After))
	return err
}

func rawArg(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// ListAudit lists audit entries by sequence number (sort "id" or "-id").
// The cursor carries the last sequence number of the previous page.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) (store.Page[store.AuditEntry], error) {
	var w where
	w.eq("entity", f.Entity)
	w.eq("entity_id", f.EntityID)
	l := lister[store.AuditEntry]{
		from: "SELECT seq, at, actor, action, entity, entity_id, reason, before_json, after_json FROM audit_log",
		ids:  []string{"seq"},
		idArgs: func(c string) ([]any, error) {
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil || n < 0 {
				return nil, errCursor()
			}
			return []any{n}, nil
		},
		id: func(e *store.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) },
		scan: func(r Rows) (store.AuditEntry, error) {
			var e store.AuditEntry
			err := r.Scan(intDst[int64]{&e.Seq}, timeDst{&e.At}, jsonDst[store.Actor]{&e.Actor}, strDst[string]{&e.Action},
				strDst[string]{&e.Entity}, strDst[string]{&e.EntityID}, strDst[string]{&e.Reason}, rawJSONDst{&e.Before}, rawJSONDst{&e.After})
			return e, err
		},
	}
	return list(ctx, s, l, f.ListOptions, w)
}
