package store_test

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func TestSortKeys(t *testing.T) {
	for _, tc := range []struct {
		entity string
		want   []string
	}{
		{store.EntityProject, []string{"id", "-id", "start", "-start"}},
		{store.EntityEvent, []string{"id", "-id", "start", "-start"}},
		{store.EntityExpenditure, []string{"id", "-id", "date", "-date"}},
		{store.EntityMeasurement, []string{"id", "-id", "period", "-period"}},
		{store.EntityOrganisation, []string{"id", "-id"}},
		{store.EntityAttendance, []string{"id", "-id"}},
		{"audit", []string{"id", "-id"}},
	} {
		assert.Equal(t, tc.want, store.SortKeys(tc.entity), tc.entity)
	}
}

func TestResolve(t *testing.T) {
	events := store.SortKeys(store.EntityEvent)
	for _, tc := range []struct {
		name   string
		o      store.ListOptions
		order  store.Order
		cursor *store.Cursor
		field  string // of the error, "" for none
	}{
		{"default", store.ListOptions{}, store.Order{Sort: "id", Key: "id"}, nil, ""},
		{"id", store.ListOptions{Sort: "id"}, store.Order{Sort: "id", Key: "id"}, nil, ""},
		{"descending", store.ListOptions{Sort: "-start"}, store.Order{Sort: "-start", Key: "start", Desc: true}, nil, ""},
		{"id cursor", store.ListOptions{Cursor: store.EncodeCursor("evt_1")}, store.Order{Sort: "id", Key: "id"},
			&store.Cursor{Sort: "id", ID: "evt_1"}, ""},
		{"start cursor", store.ListOptions{Sort: "start", Cursor: store.Cursor{Sort: "start", Value: "2019-03-15", ID: "evt_1"}.Encode()},
			store.Order{Sort: "start", Key: "start"}, &store.Cursor{Sort: "start", Value: "2019-03-15", ID: "evt_1"}, ""},
		{"-id cursor", store.ListOptions{Sort: "-id", Cursor: store.Cursor{Sort: "-id", ID: "evt_1"}.Encode()},
			store.Order{Sort: "-id", Key: "id", Desc: true}, &store.Cursor{Sort: "-id", ID: "evt_1"}, ""},
		{"unknown key", store.ListOptions{Sort: "date"}, store.Order{}, nil, "sort"},
		{"unknown key with a bad cursor", store.ListOptions{Sort: "title", Cursor: "%%"}, store.Order{}, nil, "sort"},
		{"cursor of another sort", store.ListOptions{Sort: "-start", Cursor: store.Cursor{Sort: "start", Value: "2019-03-15", ID: "evt_1"}.Encode()},
			store.Order{Sort: "-start", Key: "start", Desc: true}, nil, "cursor"},
		{"id cursor with start", store.ListOptions{Sort: "start", Cursor: store.EncodeCursor("evt_1")},
			store.Order{Sort: "start", Key: "start"}, nil, "cursor"},
		{"start cursor without a value", store.ListOptions{Sort: "start", Cursor: store.Cursor{Sort: "start", ID: "evt_1"}.Encode()},
			store.Order{Sort: "start", Key: "start"}, nil, "cursor"},
		{"id cursor with a value", store.ListOptions{Sort: "-id", Cursor: store.Cursor{Sort: "-id", Value: "x", ID: "evt_1"}.Encode()},
			store.Order{Sort: "-id", Key: "id", Desc: true}, nil, "cursor"},
		{"no ID", store.ListOptions{Sort: "start", Cursor: base64.RawURLEncoding.EncodeToString([]byte("sstart\x002019-03-15\x00"))},
			store.Order{Sort: "start", Key: "start"}, nil, "cursor"},
		{"one separator", store.ListOptions{Sort: "start", Cursor: base64.RawURLEncoding.EncodeToString([]byte("sstart\x00evt_1"))},
			store.Order{Sort: "start", Key: "start"}, nil, "cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			order, cursor, err := tc.o.Resolve(events)
			if tc.field != "" {
				require.Error(t, err)
				assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
				require.Len(t, socialsvc.ErrorFields(err), 1)
				assert.Equal(t, tc.field, socialsvc.ErrorFields(err)[0].Field)
				assert.Nil(t, cursor)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.order, order)
			assert.Equal(t, tc.cursor, cursor)
		})
	}
}

func TestResolveMessage(t *testing.T) {
	_, _, err := store.ListOptions{Sort: "title"}.Resolve(store.SortKeys(store.EntityExpenditure))
	require.Len(t, socialsvc.ErrorFields(err), 1)
	f := socialsvc.ErrorFields(err)[0]
	assert.Equal(t, socialsvc.FieldError{Field: "sort", Rule: "oneof", ID: "err.sort.oneof",
		Args:      map[string]any{"List": `"id", "-id", "date", "-date"`},
		Message:   `sort must be one of "id", "-id", "date", "-date"`,
		MessageHR: `sort mora biti jedno od: "id", "-id", "date", "-date"`}, f)
}

// TestAfterRefusesOtherSorts: a store that pages by ID alone (After)
// refuses every other order instead of ignoring it.
func TestAfterRefusesOtherSorts(t *testing.T) {
	for _, sort := range []string{"-id", "start", "date"} {
		_, err := store.ListOptions{Sort: sort}.After()
		require.Error(t, err, sort)
		assert.Equal(t, "sort", socialsvc.ErrorFields(err)[0].Field, sort)
	}
	after, err := store.ListOptions{Sort: "id", Cursor: store.EncodeCursor("ben_1")}.After()
	require.NoError(t, err)
	assert.Equal(t, "ben_1", after)
	_, err = store.ListOptions{Cursor: store.Cursor{Sort: "-id", ID: "ben_1"}.Encode()}.After()
	require.Error(t, err)
	assert.Equal(t, "cursor", socialsvc.ErrorFields(err)[0].Field, "a cursor of the descending order")
}

func TestSortedPageOf(t *testing.T) {
	type item struct{ id, day string }
	items := []item{{"b", "2019-01-02"}, {"a", "2019-01-01"}, {"c", "2019-01-01"}}
	at := func(x *item) (string, string) { return x.day, x.id }
	ord := store.Order{Sort: "-start", Key: "start", Desc: true}
	pg := store.SortedPageOf(items, 2, ord, at)
	assert.Equal(t, items[:2], pg.Items)
	_, c, err := store.ListOptions{Sort: "-start", Cursor: pg.NextCursor}.Resolve(store.SortKeys(store.EntityEvent))
	require.NoError(t, err)
	assert.Equal(t, &store.Cursor{Sort: "-start", Value: "2019-01-01", ID: "a"}, c, "the cursor holds the last item's value and ID")
	assert.Empty(t, store.SortedPageOf(items, 3, ord, at).NextCursor)
}

// FuzzResolve: any cursor and sort either resolve or fail with invalid
// on "sort" or "cursor", and a resolved cursor encodes back to itself.
func FuzzResolve(f *testing.F) {
	f.Add("start", store.Cursor{Sort: "start", Value: "2019-03-15", ID: "evt_1"}.Encode())
	f.Add("", store.EncodeCursor("evt_1"))
	f.Add("-id", "c2lk")
	f.Add("title", "")
	keys := store.SortKeys(store.EntityEvent)
	f.Fuzz(func(t *testing.T, sort, cursor string) {
		_, c, err := store.ListOptions{Sort: sort, Cursor: cursor}.Resolve(keys)
		if err != nil {
			require.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
			require.Contains(t, []string{"sort", "cursor"}, socialsvc.ErrorFields(err)[0].Field)
			return
		}
		if c == nil {
			require.Empty(t, cursor)
			return
		}
		_, again, err := store.ListOptions{Sort: sort, Cursor: c.Encode()}.Resolve(keys)
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
