package memory

import (
	"context"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// CreateSession implements store.Sessions.
func (s *Store) CreateSession(ctx context.Context, ss store.Session) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if err := store.CheckSession(&ss); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Store) error {
		if _, ok := tx.st.sessions.get(ss.ID); ok {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a session with this id exists",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("id", "unique", "err.id.unique_3", nil)}}
		}
		tx.st.sessions.put(tx.st, ss.ID, ss)
		return nil
	})
}

// GetSession implements store.Sessions.
func (s *Store) GetSession(ctx context.Context, id string) (store.Session, error) {
	var ss store.Session
	err := s.read(ctx, func(st *state) error {
		v, ok := st.sessions.get(id)
		if !ok {
			return store.ErrSessionNotFound
		}
		ss = v
		return nil
	})
	return ss, err
}

// RevokeSession implements store.Sessions.
func (s *Store) RevokeSession(ctx context.Context, id string, at time.Time) error {
	return s.write(ctx, func(tx *Store) error {
		v, ok := tx.st.sessions.get(id)
		if !ok {
			return store.ErrSessionNotFound
		}
		if v.RevokedAt.IsZero() {
			v.RevokedAt = at.UTC().Truncate(time.Microsecond)
			tx.st.sessions.put(tx.st, id, v)
		}
		return nil
	})
}

// DeleteSessions implements store.Sessions.
func (s *Store) DeleteSessions(ctx context.Context, before time.Time) (int, error) {
	n := 0
	before = before.UTC().Truncate(time.Microsecond) // as stored
	err := s.write(ctx, func(tx *Store) error {
		var gone []string
		tx.st.sessions.all(func(v *store.Session) bool {
			if v.ExpiresAt.Before(before) {
				gone = append(gone, v.ID)
			}
			return true
		})
		for _, id := range gone {
			tx.st.sessions.del(tx.st, id)
		}
		n = len(gone)
		return nil
	})
	return n, err
}
