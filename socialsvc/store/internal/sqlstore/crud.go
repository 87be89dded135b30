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

// lister pages through a table in key order.
type lister[T any] struct {
	from  string // SELECT ... FROM ...
	order string // the key columns
	// after adds the condition "key > cursor" for a decoded cursor.
	after func(w *where, cursor string) error
	key   func(*T) string
	scan  func(Rows) (T, error)
}

func (e *entity[T]) lister() lister[T] {
	return lister[T]{
		from:  "SELECT " + e.cols + " FROM " + e.table,
		order: "id",
		after: func(w *where, c string) error { w.add("id > $?", c); return nil },
		key:   e.id,
		scan:  e.scanRow,
	}
}

func errCursor() error {
	return socialsvc.FieldErr("cursor", "cursor", "invalid cursor: pass the next_cursor of the previous page", "neispravan kursor: proslijedite next_cursor prethodne stranice")
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

func (l lister[T]) page(ctx context.Context, s *Store, w where, after string, limit int) ([]T, error) {
	if after != "" {
		if err := l.after(&w, after); err != nil {
			return nil, err
		}
	}
	var items []T
	q := l.from + w.sql() + " ORDER BY " + l.order + " LIMIT " + strconv.Itoa(limit)
	err := s.collect(ctx, q, w.args, func(r Rows) error {
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
	after, err := o.After()
	if err != nil {
		return store.Page[T]{}, err
	}
	limit := o.EffectiveLimit()
	items, err := l.page(ctx, s, w, after, limit+1)
	if err != nil {
		return store.Page[T]{}, err
	}
	return store.PageOf(items, limit, l.key), nil
}

// scan streams the matching rows in key order. Outside a transaction it
// reads one result set row by row; inside one it reads pages of
// opts.ScanPage rows by key, because a connection in a transaction cannot
// run the caller's other calls while a result set is open on it.
func scan[T any](ctx context.Context, s *Store, l lister[T], w where) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.usable(ctx); err != nil {
			yield(zero, err)
			return
		}
		if s.tx != nil {
			after := ""
			for {
				items, err := l.page(ctx, s, w.clone(), after, s.opts.ScanPage)
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
				after = l.key(&items[len(items)-1])
			}
		}
		rows, err := s.q.Query(ctx, l.from+w.sql()+" ORDER BY "+l.order, w.args...)
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
	_, err = s.exec(ctx, "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		s.d.Time(e.At), string(actor), e.Action, e.Entity, e.EntityID, rawArg(e.Before), rawArg(e.After))
	return err
}

func rawArg(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// ListAudit lists audit entries by sequence number. The cursor carries the
// last sequence number of the previous page.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) (store.Page[store.AuditEntry], error) {
	var w where
	w.eq("entity", f.Entity)
	w.eq("entity_id", f.EntityID)
	l := lister[store.AuditEntry]{
		from:  "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log",
		order: "seq",
		after: func(w *where, c string) error {
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil || n < 0 {
				return errCursor()
			}
			w.add("seq > $?", n)
			return nil
		},
		key: func(e *store.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) },
		scan: func(r Rows) (store.AuditEntry, error) {
			var e store.AuditEntry
			err := r.Scan(intDst[int64]{&e.Seq}, timeDst{&e.At}, jsonDst[store.Actor]{&e.Actor}, strDst[string]{&e.Action},
				strDst[string]{&e.Entity}, strDst[string]{&e.EntityID}, rawJSONDst{&e.Before}, rawJSONDst{&e.After})
			return e, err
		},
	}
	return list(ctx, s, l, f.ListOptions, w)
}
