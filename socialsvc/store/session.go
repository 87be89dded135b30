package store

import (
	"context"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Session is a signed-in browser session of the dashboard (or of a host
// application's own pages). It lives in the store, not in a server's
// memory, so that several servers on one database share it: a person
// signed in through one instance is signed in on all of them, and a
// sign-out on one ends the session everywhere.
//
// ID is the key the store looks the session up by. Callers store a hash
// of the secret they give the browser (httpapi keeps the SHA-256 of its
// random cookie value), never the secret itself, so that a copy of the
// table does not let anyone in.
type Session struct {
	ID string `json:"id"`
	// Subject is whom the session signs in: for httpapi, the ID of the
	// API token the person signed in with, which is checked again on every
	// request, so that revoking the token ends its sessions.
	Subject   string    `json:"subject"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// RevokedAt is set when the session was ended (signed out) before
	// ExpiresAt; zero while it is valid.
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Active reports whether s may still be used at now: not revoked and not
// expired.
func (s Session) Active(now time.Time) bool {
	return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt)
}

// Sessions stores dashboard sessions. Every driver implements it.
type Sessions interface {
	// CreateSession stores a new session (CheckSession first); conflict
	// when a session with its ID exists.
	CreateSession(ctx context.Context, s Session) error
	// GetSession returns the session with the ID, expired and revoked ones
	// included (the caller decides with Active), or not_found.
	GetSession(ctx context.Context, id string) (Session, error)
	// RevokeSession ends a session at at; not_found when there is none. A
	// session revoked already keeps its first RevokedAt.
	RevokeSession(ctx context.Context, id string, at time.Time) error
	// DeleteSessions removes the sessions that expired before before (and
	// the revoked ones that would have), and returns how many.
	DeleteSessions(ctx context.Context, before time.Time) (int, error)
}

// MaxSessionIDLen bounds Session.ID and Session.Subject.
const MaxSessionIDLen = 128

// CheckSession validates a session before CreateSession: an ID and a
// subject of printable ASCII of at most MaxSessionIDLen bytes, a creation
// time, and an expiry after it. Times are kept in UTC to the microsecond,
// what both SQL databases hold.
func CheckSession(s *Session) error {
	if err := checkKey(s.ID, "id"); err != nil {
		return err
	}
	if err := checkKey(s.Subject, "subject"); err != nil {
		return err
	}
	if s.CreatedAt.IsZero() {
		return socialsvc.FieldErr("created_at", "required", "err.created_at.required")
	}
	if !s.ExpiresAt.After(s.CreatedAt) {
		return socialsvc.FieldErr("expires_at", "gtfield", "err.expires_at.gtfield")
	}
	if !s.RevokedAt.IsZero() {
		return socialsvc.FieldErr("revoked_at", "empty", "err.revoked_at.empty")
	}
	s.CreatedAt = s.CreatedAt.UTC().Truncate(time.Microsecond)
	s.ExpiresAt = s.ExpiresAt.UTC().Truncate(time.Microsecond)
	return nil
}

func checkKey(v, field string) error {
	if v == "" {
		return socialsvc.FieldErr(field, "required", "err.required_2")
	}
	if len(v) > MaxSessionIDLen {
		return socialsvc.FieldErr(field, "max", "err.max_4")
	}
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] > '~' {
			return socialsvc.FieldErr(field, "printascii", "err.printascii")
		}
	}
	return nil
}

// ErrSessionNotFound is the error of GetSession and RevokeSession for an
// unknown ID.
var ErrSessionNotFound = &socialsvc.Error{Code: socialsvc.NotFound, Message: "session not found"}
