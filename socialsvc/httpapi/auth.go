package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Role is what a principal may do. The set is small on purpose: it is
// what municipal systems map their own users onto.
type Role string

// Roles.
const (
	// RoleAnonymous sees published aggregates only.
	RoleAnonymous Role = ""
	// RoleViewer reads its organisation's projects and beneficiaries.
	RoleViewer Role = "viewer"
	// RoleEditor writes in projects where its organisation is a partner,
	// and the beneficiaries its organisation controls.
	RoleEditor Role = "editor"
	// RoleAdmin may do everything.
	RoleAdmin Role = "admin"
	// RoleController is a first-level controller of a control body (its
	// organisation): it reads, takes into control, decides on and
	// certifies the reports of the partners that name its body
	// (store.RoleController), and reads nothing else: no project records,
	// no beneficiaries, not even its own organisation's.
	RoleController Role = "controller"
)

// Roles lists the roles a token may carry.
var Roles = []Role{RoleViewer, RoleEditor, RoleAdmin, RoleController}

// Valid reports whether r is a role a token may carry.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Principal is who makes a request. The zero value is anonymous.
type Principal struct {
	// ID identifies the principal in the audit log: a token ID, or the
	// host application's user ID.
	ID    string          `json:"id,omitempty"`
	Name  string          `json:"name,omitempty"`
	Role  Role            `json:"role"`
	OrgID socialsvc.OrgID `json:"org_id,omitempty"`
}

// Anonymous reports whether p is the anonymous principal.
func (p Principal) Anonymous() bool { return p.Role == RoleAnonymous }

func (p Principal) actor() store.Actor {
	return store.Actor{ID: p.ID, OrgID: p.OrgID, Role: store.Role(p.Role)}
}

type principalKey struct{}

// PrincipalFrom returns the principal of a request handled by the Handler
// (anonymous when none). Pages mounted with Options.Pages use it to show
// what the caller may see.
func PrincipalFrom(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}

// anonymousActor is the store actor of anonymous requests: it has no
// role, so the store refuses any write made on its behalf (the routes
// refuse them first).
var anonymousActor = store.Actor{ID: "anonymous"}

// WithPrincipal returns ctx carrying p, and the store actor of p (which
// the store's write rules apply to: store.Role).
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	ctx = context.WithValue(ctx, principalKey{}, p)
	if p.Anonymous() {
		return store.WithActor(ctx, anonymousActor)
	}
	return store.WithActor(ctx, p.actor())
}

// TokenRecord is what a token store keeps of a bearer token: never the
// token itself, only the SHA-256 of it, so that a leaked table does not
// leak working tokens.
type TokenRecord struct {
	ID        string          `json:"id"`
	Name      string          `json:"name,omitempty"`
	Role      Role            `json:"role"`
	OrgID     socialsvc.OrgID `json:"org_id,omitempty"`
	Hash      []byte          `json:"-"`
	CreatedAt time.Time       `json:"created_at"`
	RevokedAt time.Time       `json:"revoked_at,omitzero"`
}

// Tokens looks bearer tokens up. A token is "ssv_<id>_<secret>": the
// handler finds the record by the ID (which is not secret) and compares
// the SHA-256 of the whole token with the stored hash in constant time, so
// neither the lookup nor the comparison leaks the secret through timing.
type Tokens interface {
	// LookupToken returns the record with the given ID, or a not_found
	// *socialsvc.Error.
	LookupToken(ctx context.Context, id string) (TokenRecord, error)
}

// TokenStore is a Tokens that can also be managed: what refserver's token
// subcommands use.
type TokenStore interface {
	Tokens
	// SaveToken stores a new record.
	SaveToken(ctx context.Context, rec TokenRecord) error
	// RevokeToken marks a record revoked; not_found when it is unknown.
	RevokeToken(ctx context.Context, id string, at time.Time) error
	// ListTokens returns every record, revoked ones included, by ID.
	ListTokens(ctx context.Context) ([]TokenRecord, error)
}

const tokenPrefix = "ssv_"

// NewToken makes a random token for role and org and the record to store
// for it. The token is shown once to whoever asked for it; only its hash
// is kept.
func NewToken(role Role, org socialsvc.OrgID, name string, now time.Time) (string, TokenRecord, error) {
	if !role.Valid() {
		return "", TokenRecord{}, socialsvc.FieldErr("role", "oneof", "role must be admin, editor, viewer or controller", "uloga mora biti admin, editor, viewer ili controller")
	}
	if role != RoleAdmin && org == "" {
		return "", TokenRecord{}, socialsvc.FieldErr("org", "required", "editor, viewer and controller tokens need an organisation (a controller's: its control body)",
			"tokeni uloga editor, viewer i controller trebaju organizaciju (kontrolor: svoje kontrolno tijelo)")
	}
	var idb [8]byte
	var sec [24]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return "", TokenRecord{}, err
	}
	if _, err := rand.Read(sec[:]); err != nil {
		return "", TokenRecord{}, err
	}
	id := hex.EncodeToString(idb[:])
	tok := tokenPrefix + id + "_" + hex.EncodeToString(sec[:])
	sum := sha256.Sum256([]byte(tok))
	return tok, TokenRecord{ID: id, Name: name, Role: role, OrgID: org, Hash: sum[:], CreatedAt: now.UTC()}, nil
}

// tokenID returns the ID part of a well-formed token.
func tokenID(tok string) (string, bool) {
	rest, ok := strings.CutPrefix(tok, tokenPrefix)
	if !ok {
		return "", false
	}
	id, sec, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 16 || len(sec) != 48 {
		return "", false
	}
	return id, true
}

var errBadToken = &socialsvc.Error{Code: socialsvc.Unauthenticated, Message: "the bearer token is not valid"}

// authenticateToken checks a bearer token against ts.
func authenticateToken(ctx context.Context, ts Tokens, tok string) (Principal, error) {
	id, ok := tokenID(tok)
	if !ok || ts == nil {
		return Principal{}, errBadToken
	}
	rec, err := ts.LookupToken(ctx, id)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		// Compare anyway, so that an unknown ID takes as long as a wrong
		// secret.
		sum := sha256.Sum256([]byte(tok))
		subtle.ConstantTimeCompare(sum[:], make([]byte, sha256.Size))
		return Principal{}, errBadToken
	}
	if err != nil {
		return Principal{}, err
	}
	sum := sha256.Sum256([]byte(tok))
	if subtle.ConstantTimeCompare(sum[:], rec.Hash) != 1 {
		return Principal{}, errBadToken
	}
	return tokenPrincipal(rec)
}

// tokenPrincipal is the principal of a token record that has been found
// and matched: unauthenticated when the token was revoked or its role is
// unknown.
func tokenPrincipal(rec TokenRecord) (Principal, error) {
	if !rec.RevokedAt.IsZero() || !rec.Role.Valid() {
		return Principal{}, errBadToken
	}
	return Principal{ID: "token:" + rec.ID, Name: rec.Name, Role: rec.Role, OrgID: rec.OrgID}, nil
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(tok), true
}

// MemoryTokens is a TokenStore in memory, for tests and for programs that
// configure their tokens at start-up.
type MemoryTokens struct {
	mu   sync.RWMutex
	recs map[string]TokenRecord
}

// NewMemoryTokens returns an empty MemoryTokens.
func NewMemoryTokens() *MemoryTokens { return &MemoryTokens{recs: map[string]TokenRecord{}} }

// LookupToken implements Tokens.
func (m *MemoryTokens) LookupToken(ctx context.Context, id string) (TokenRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	rec, ok := m.recs[id]
	if !ok {
		return TokenRecord{}, &socialsvc.Error{Code: socialsvc.NotFound, Message: "token not found"}
	}
	return rec, nil
}

// SaveToken implements TokenStore.
func (m *MemoryTokens) SaveToken(ctx context.Context, rec TokenRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.recs[rec.ID]; dup {
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a token with this id exists"}
	}
	m.recs[rec.ID] = rec
	return nil
}

// RevokeToken implements TokenStore.
func (m *MemoryTokens) RevokeToken(ctx context.Context, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	rec, ok := m.recs[id]
	if !ok {
		return &socialsvc.Error{Code: socialsvc.NotFound, Message: "token not found"}
	}
	rec.RevokedAt = at.UTC()
	m.recs[id] = rec
	return nil
}

// ListTokens implements TokenStore.
func (m *MemoryTokens) ListTokens(ctx context.Context) ([]TokenRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]TokenRecord, 0, len(m.recs))
	for _, r := range m.recs {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b TokenRecord) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Issue makes a token with NewToken, saves it in ts and returns the token.
func Issue(ctx context.Context, ts TokenStore, role Role, org socialsvc.OrgID, name string) (string, TokenRecord, error) {
	tok, rec, err := NewToken(role, org, name, time.Now())
	if err != nil {
		return "", TokenRecord{}, err
	}
	if err := ts.SaveToken(ctx, rec); err != nil {
		return "", TokenRecord{}, err
	}
	return tok, rec, nil
}
