package memory

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// sortVal is the value of a sort key: a date as its text (which orders
// like the date) or a period as a number.
type sortVal struct {
	s string
	n int
}

func (a sortVal) compare(b sortVal) int {
	return cmp.Or(cmp.Compare(a.n, b.n), strings.Compare(a.s, b.s))
}

// sortKey is a sort key other than the ID (store.SortKeys): an item's
// value, its form in a cursor and the way back.
type sortKey[V any] struct {
	key   string
	get   func(*V) sortVal
	text  func(sortVal) string
	parse func(string) (sortVal, bool)
}

func dateSort[V any](key string, p func(*V) socialsvc.Date) sortKey[V] {
	return sortKey[V]{key: key,
		get:  func(v *V) sortVal { return sortVal{s: p(v).String()} },
		text: func(x sortVal) string { return x.s },
		parse: func(s string) (sortVal, bool) {
			d, err := socialsvc.ParseDate(s)
			return sortVal{s: d.String()}, err == nil && !d.IsZero()
		}}
}

func intSort[V any](key string, p func(*V) int) sortKey[V] {
	return sortKey[V]{key: key,
		get:  func(v *V) sortVal { return sortVal{n: p(v)} },
		text: func(x sortVal) string { return strconv.Itoa(x.n) },
		parse: func(s string) (sortVal, bool) {
			n, err := strconv.Atoi(s)
			return sortVal{n: n}, err == nil
		}}
}

func errCursor() error {
	return socialsvc.FieldErr("cursor", "cursor", "err.cursor.cursor")
}

// sortKey returns the sort key named key, nil for the ID.
func (k *kind[V]) sortKey(key string) (*sortKey[V], error) {
	if key == store.SortID {
		return nil, nil
	}
	for i := range k.sorts {
		if k.sorts[i].key == key {
			return &k.sorts[i], nil
		}
	}
	return nil, &socialsvc.Error{Code: socialsvc.Internal, Message: "memory: the list of " + k.entity + " has no sort key " + key}
}

// list returns one page of the rows that match, in the order o asks for.
// By ID it walks the sorted keys from the cursor on and stops at the
// page's end; by another key it compares every matching row with the
// cursor and sorts those after it, ties broken by ID in the same
// direction as the database drivers do.
func list[V any](ctx context.Context, s *Store, k *kind[V], o store.ListOptions, match func(st *state) func(*V) bool) (store.Page[V], error) {
	ord, cur, err := o.Resolve(store.SortKeys(k.entity))
	if err != nil {
		return store.Page[V]{}, err
	}
	sk, err := k.sortKey(ord.Key)
	if err != nil {
		return store.Page[V]{}, err
	}
	var after sortVal
	if sk != nil && cur != nil {
		var ok bool
		if after, ok = sk.parse(cur.Value); !ok {
			return store.Page[V]{}, errCursor()
		}
	}
	limit := o.EffectiveLimit()
	var items []V
	err = s.read(ctx, func(st *state) error {
		t := k.table(st)
		m := match(st)
		if sk == nil {
			items = pageByID(t, m, k.clone, ord.Desc, cur, limit+1)
			return nil
		}
		type row struct {
			v  sortVal
			id string
			p  *V
		}
		dir := 1
		if ord.Desc {
			dir = -1
		}
		compare := func(a, b row) int {
			return dir * cmp.Or(a.v.compare(b.v), strings.Compare(a.id, b.id))
		}
		var rows []row
		for p := range t.all {
			if !m(p) {
				continue
			}
			r := row{v: sk.get(p), id: k.id(p), p: p}
			if cur != nil && compare(r, row{v: after, id: cur.ID}) <= 0 {
				continue
			}
			rows = append(rows, r)
		}
		slices.SortFunc(rows, compare)
		for _, r := range rows[:min(len(rows), limit+1)] {
			items = append(items, k.clone(*r.p))
		}
		return nil
	})
	if err != nil {
		return store.Page[V]{}, err
	}
	return store.SortedPageOf(items, limit, ord, func(v *V) (string, string) {
		if sk == nil {
			return "", k.id(v)
		}
		return sk.text(sk.get(v)), k.id(v)
	}), nil
}

// pageByID returns up to n matching rows after cur in ascending or
// descending key order.
func pageByID[V any](t *table[V], m func(*V) bool, clone func(V) V, desc bool, cur *store.Cursor, n int) []V {
	var items []V
	if !desc {
		start := 0
		if cur != nil {
			start = t.from(cur.ID)
		}
		for i := start; i < len(t.keys) && len(items) < n; i++ {
			if v := t.at(t.keys[i]); m(v) {
				items = append(items, clone(*v))
			}
		}
		return items
	}
	end := len(t.keys)
	if cur != nil {
		end = sort.SearchStrings(t.keys, cur.ID)
	}
	for i := end - 1; i >= 0 && len(items) < n; i-- {
		if v := t.at(t.keys[i]); m(v) {
			items = append(items, clone(*v))
		}
	}
	return items
}
