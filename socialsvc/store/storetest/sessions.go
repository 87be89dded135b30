package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// sessionTests check store.Sessions: what a dashboard behind several
// servers on one database relies on. They need nothing but the store, so
// a combined store runs them too.
func sessionTests() []test {
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))
	valid := func(id string) store.Session {
		return store.Session{ID: id, Subject: "tok-1", CreatedAt: t0, ExpiresAt: t0.Add(8 * time.Hour)}
	}
	return []test{
		{name: "RoundTrip", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			require.NoError(t, s.CreateSession(ctx, valid("h1")))
			got, err := s.GetSession(ctx, "h1")
			require.NoError(t, err)
			assert.Equal(t, store.Session{ID: "h1", Subject: "tok-1",
				CreatedAt: time.Date(2024, 3, 1, 11, 0, 0, 123456000, time.UTC),
				ExpiresAt: time.Date(2024, 3, 1, 19, 0, 0, 123456000, time.UTC)}, got)
			assert.True(t, got.Active(t0.Add(8*time.Hour-time.Second)))
			assert.False(t, got.Active(t0.Add(8*time.Hour)))
		}},
		{name: "DuplicateIsConflict", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			require.NoError(t, s.CreateSession(ctx, valid("h1")))
			other := valid("h1")
			other.Subject = "tok-2"
			err := s.CreateSession(ctx, other)
			assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err), "%v", err)
			got, err := s.GetSession(ctx, "h1")
			require.NoError(t, err)
			assert.Equal(t, "tok-1", got.Subject, "the first session is unchanged")
		}},
		{name: "Invalid", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			for _, tc := range []struct {
				field string
				edit  func(*store.Session)
			}{
				{"id", func(ss *store.Session) { ss.ID = "" }},
				{"id", func(ss *store.Session) { ss.ID = strings.Repeat("a", 129) }},
				{"id", func(ss *store.Session) { ss.ID = "a\r\nSet-Cookie: x=1" }},
				{"id", func(ss *store.Session) { ss.ID = "ž" }},
				{"subject", func(ss *store.Session) { ss.Subject = "" }},
				{"subject", func(ss *store.Session) { ss.Subject = "a b" }},
				{"created_at", func(ss *store.Session) { ss.CreatedAt = time.Time{} }},
				{"expires_at", func(ss *store.Session) { ss.ExpiresAt = ss.CreatedAt }},
				{"revoked_at", func(ss *store.Session) { ss.RevokedAt = ss.CreatedAt }},
			} {
				ss := valid("bad")
				tc.edit(&ss)
				err := s.CreateSession(ctx, ss)
				requireInvalid(t, err, tc.field)
				_, err = s.GetSession(ctx, ss.ID)
				assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err), "nothing was stored")
			}
			ok := valid(strings.Repeat("a", 128))
			require.NoError(t, s.CreateSession(ctx, ok), "128 bytes is the limit, inclusive")
		}},
		{name: "Revoke", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			require.NoError(t, s.CreateSession(ctx, valid("h1")))
			require.NoError(t, s.CreateSession(ctx, valid("h2")))
			at := t0.Add(time.Hour)
			require.NoError(t, s.RevokeSession(ctx, "h1", at))
			require.NoError(t, s.RevokeSession(ctx, "h1", at.Add(time.Hour)), "revoking twice is not an error")
			got, err := s.GetSession(ctx, "h1")
			require.NoError(t, err)
			assert.Equal(t, at.UTC().Truncate(time.Microsecond), got.RevokedAt, "the first revocation counts")
			assert.False(t, got.Active(t0.Add(time.Minute)))
			other, err := s.GetSession(ctx, "h2")
			require.NoError(t, err)
			assert.True(t, other.Active(t0.Add(time.Minute)), "only the named session ends")
			err = s.RevokeSession(ctx, "nobody", at)
			assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
			_, err = s.GetSession(ctx, "nobody")
			assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
		}},
		{name: "DeleteExpired", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			for i, h := range []time.Duration{1, 2, 3} {
				ss := valid(string(rune('a' + i)))
				ss.ExpiresAt = t0.Add(h * time.Hour)
				require.NoError(t, s.CreateSession(ctx, ss))
			}
			n, err := s.DeleteSessions(ctx, t0.Add(2*time.Hour))
			require.NoError(t, err)
			assert.Equal(t, 1, n, "only the session that expired before the time")
			_, err = s.GetSession(ctx, "a")
			assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
			for _, id := range []string{"b", "c"} {
				_, err = s.GetSession(ctx, id)
				assert.NoError(t, err, id)
			}
		}},
		{name: "InTransaction", ben: true, fn: func(t *testing.T, s store.Store) {
			ctx := t.Context()
			err := s.WithTx(ctx, func(tx store.Store) error {
				require.NoError(t, tx.CreateSession(ctx, valid("h1")))
				_, err := tx.GetSession(ctx, "h1")
				require.NoError(t, err)
				return socialsvc.FieldErr("x", "rollback", "err.rule.invalid")
			})
			require.Error(t, err)
			_, err = s.GetSession(ctx, "h1")
			assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err), "a rolled back session is gone")
		}},
	}
}
