package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for the token table
	_ "modernc.org/sqlite"             // database/sql driver "sqlite" for the token table

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
)

// The store interfaces have no place for API tokens: tokens are the
// server's business, not the library's. refserver keeps them in a table
// of its own, refserver_tokens, in the same database as the data, so that
// several servers on one PostgreSQL share them and a SQLite file carries
// them along. Only the SHA-256 of a token is stored.

// sqlTokens is an httpapi.TokenStore in a SQL table.
type sqlTokens struct {
	db       *sql.DB
	postgres bool
}

var _ httpapi.TokenStore = (*sqlTokens)(nil)

// openTokens opens the token table of the database at dbURL: a separate
// connection to the same SQLite file or PostgreSQL database. In-memory
// stores get in-memory tokens.
func openTokens(ctx context.Context, dbURL string) (httpapi.TokenStore, func() error, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, nil, err
	}
	var db *sql.DB
	pg := false
	switch strings.ToLower(u.Scheme) {
	case "sqlite":
		path := sqlitePath(u)
		if path == ":memory:" {
			return httpapi.NewMemoryTokens(), func() error { return nil }, nil
		}
		db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	case "postgres", "postgresql":
		pg = true
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(k, "pool_") { // pgxpool's options, not PostgreSQL's
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
		db, err = sql.Open("pgx", u.String())
		if err == nil {
			db.SetMaxOpenConns(4)
		}
	default:
		return httpapi.NewMemoryTokens(), func() error { return nil }, nil
	}
	if err != nil {
		return nil, nil, err
	}
	t := &sqlTokens{db: db, postgres: pg}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS refserver_tokens (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		role TEXT NOT NULL,
		org_id TEXT NOT NULL,
		hash TEXT NOT NULL,
		created_at TEXT NOT NULL,
		revoked_at TEXT NOT NULL DEFAULT ''
	)`); err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	return t, db.Close, nil
}

// sqlitePath is the file of a sqlite:// URL, read as the sqlite driver
// reads it.
func sqlitePath(u *url.URL) string {
	path := u.Opaque
	if path == "" {
		path = u.Host + u.Path
	}
	if path == "/:memory:" {
		path = ":memory:"
	}
	return path
}

// q rewrites ? placeholders as $1, $2 ... for PostgreSQL.
func (t *sqlTokens) q(s string) string {
	if !t.postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for _, c := range s {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func scanToken(sc interface{ Scan(...any) error }) (httpapi.TokenRecord, error) {
	var rec httpapi.TokenRecord
	var role, org, hash, created, revoked string
	if err := sc.Scan(&rec.ID, &rec.Name, &role, &org, &hash, &created, &revoked); err != nil {
		return rec, err
	}
	rec.Role, rec.OrgID = httpapi.Role(role), socialsvc.OrgID(org)
	var err error
	if rec.Hash, err = hex.DecodeString(hash); err != nil {
		return rec, err
	}
	if rec.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return rec, err
	}
	if revoked != "" {
		if rec.RevokedAt, err = time.Parse(time.RFC3339Nano, revoked); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

const tokenCols = "id, name, role, org_id, hash, created_at, revoked_at"

// LookupToken implements httpapi.Tokens.
func (t *sqlTokens) LookupToken(ctx context.Context, id string) (httpapi.TokenRecord, error) {
	rec, err := scanToken(t.db.QueryRowContext(ctx, t.q("SELECT "+tokenCols+" FROM refserver_tokens WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return rec, &socialsvc.Error{Code: socialsvc.NotFound, Message: "token not found"}
	}
	return rec, err
}

// SaveToken implements httpapi.TokenStore.
func (t *sqlTokens) SaveToken(ctx context.Context, rec httpapi.TokenRecord) error {
	_, err := t.db.ExecContext(ctx, t.q("INSERT INTO refserver_tokens ("+tokenCols+") VALUES (?, ?, ?, ?, ?, ?, '')"),
		rec.ID, rec.Name, string(rec.Role), string(rec.OrgID), hex.EncodeToString(rec.Hash), rec.CreatedAt.UTC().Format(time.RFC3339Nano))
	return err
}

// RevokeToken implements httpapi.TokenStore.
func (t *sqlTokens) RevokeToken(ctx context.Context, id string, at time.Time) error {
	res, err := t.db.ExecContext(ctx, t.q("UPDATE refserver_tokens SET revoked_at = ? WHERE id = ?"), at.UTC().Format(time.RFC3339Nano), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &socialsvc.Error{Code: socialsvc.NotFound, Message: "token not found"}
	}
	return nil
}

// ListTokens implements httpapi.TokenStore.
func (t *sqlTokens) ListTokens(ctx context.Context) ([]httpapi.TokenRecord, error) {
	rows, err := t.db.QueryContext(ctx, "SELECT "+tokenCols+" FROM refserver_tokens ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []httpapi.TokenRecord
	for rows.Next() {
		rec, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

func urlParse(s string) (*url.URL, error) { return url.Parse(s) }
