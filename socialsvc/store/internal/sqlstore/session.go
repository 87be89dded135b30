package sqlstore

import (
	"context"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Sessions live in the sessions table (migration 0008). They are not
// audited: they are sign-ins, not records of the projects, and the audit
// log would fill with them.

// CreateSession implements store.Sessions.
func (s *Store) CreateSession(ctx context.Context, ss store.Session) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if err := store.CheckSession(&ss); err != nil {
		return err
	}
	n, err := s.exec(ctx, "INSERT INTO sessions (id, subject, created_at, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
		ss.ID, ss.Subject, s.d.Time(ss.CreatedAt), s.d.Time(ss.ExpiresAt))
	if err != nil {
		return err
	}
	if n == 0 {
		return conflictField("a session with this id exists", "id", "unique", "err.id.unique_3", nil)
	}
	return nil
}

// GetSession implements store.Sessions.
func (s *Store) GetSession(ctx context.Context, id string) (store.Session, error) {
	if err := s.usable(ctx); err != nil {
		return store.Session{}, err
	}
	var ss store.Session
	ok, err := s.queryOne(ctx, "SELECT id, subject, created_at, expires_at, revoked_at FROM sessions WHERE id = $1", []any{id},
		strDst[string]{&ss.ID}, strDst[string]{&ss.Subject}, timeDst{&ss.CreatedAt}, timeDst{&ss.ExpiresAt}, timeDst{&ss.RevokedAt})
	if err != nil {
		return store.Session{}, err
	}
	if !ok {
		return store.Session{}, store.ErrSessionNotFound
	}
	return ss, nil
}

// RevokeSession implements store.Sessions.
func (s *Store) RevokeSession(ctx context.Context, id string, at time.Time) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if _, err := s.exec(ctx, "UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
		id, s.d.Time(at.UTC().Truncate(time.Microsecond))); err != nil {
		return err
	}
	found, err := s.exists(ctx, "SELECT 1 FROM sessions WHERE id = $1", id)
	if err != nil {
		return err
	}
	if !found {
		return store.ErrSessionNotFound
	}
	return nil
}

// DeleteSessions implements store.Sessions.
func (s *Store) DeleteSessions(ctx context.Context, before time.Time) (int, error) {
	if err := s.usable(ctx); err != nil {
		return 0, err
	}
	n, err := s.exec(ctx, "DELETE FROM sessions WHERE expires_at < $1", s.d.Time(before.UTC().Truncate(time.Microsecond)))
	return int(n), err
}
