package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
)

// TestTokenTable runs the token table on SQLite and, with
// SOCIALSVC_TEST_POSTGRES, on PostgreSQL (skipped without it, except on
// CI).
func TestTokenTable(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		checkTokenTable(t, "sqlite://"+filepath.Join(t.TempDir(), "tok.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		checkTokenTable(t, postgresSchema(t))
	})
}

func checkTokenTable(t *testing.T, db string) {
	ctx := context.Background()
	ts, closeTS, err := openTokens(ctx, db)
	require.NoError(t, err)
	defer closeTS()
	// Opening twice (a second server) finds the table in place.
	ts2, close2, err := openTokens(ctx, db)
	require.NoError(t, err)
	defer close2()
	tok, rec, err := httpapi.Issue(ctx, ts, httpapi.RoleEditor, "k-zona", "desk")
	require.NoError(t, err)
	got, err := ts2.LookupToken(ctx, rec.ID)
	require.NoError(t, err)
	assert.Equal(t, rec.Hash, got.Hash)
	assert.Equal(t, httpapi.RoleEditor, got.Role)
	assert.Equal(t, socialsvc.OrgID("k-zona"), got.OrgID)
	assert.True(t, rec.CreatedAt.Equal(got.CreatedAt))
	assert.NotContains(t, hex.EncodeToString(got.Hash), tok)
	_, err = ts2.LookupToken(ctx, "ffffffffffffffff")
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err))
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, ts.RevokeToken(ctx, rec.ID, at))
	got, err = ts2.LookupToken(ctx, rec.ID)
	require.NoError(t, err)
	assert.True(t, at.Equal(got.RevokedAt))
	list, err := ts2.ListTokens(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, rec.ID, list[0].ID)
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(ts.RevokeToken(ctx, "nope", at)))
}

// postgresSchema returns SOCIALSVC_TEST_POSTGRES with a fresh schema,
// dropped at the end; skipped without the variable except on CI.
func postgresSchema(t *testing.T) string {
	t.Helper()
	raw := os.Getenv("SOCIALSVC_TEST_POSTGRES")
	onCI := os.Getenv("CI") == "true"
	if raw == "" {
		if onCI {
			t.Fatal("SOCIALSVC_TEST_POSTGRES is not set on CI")
		}
		t.Skip("SOCIALSVC_TEST_POSTGRES is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		if onCI {
			t.Fatalf("PostgreSQL of SOCIALSVC_TEST_POSTGRES cannot be reached on CI: %v", err)
		}
		t.Skipf("PostgreSQL of SOCIALSVC_TEST_POSTGRES cannot be reached: %v", err)
	}
	defer conn.Close(context.Background())
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "refserver_test_" + hex.EncodeToString(b[:])
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), raw)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(raw)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestServeOnPostgres runs the server on PostgreSQL with the demo data.
func TestServeOnPostgres(t *testing.T) {
	db := postgresSchema(t)
	s := start(t, map[string]string{"SOCIALSVC_DB": db}, "-addr", "127.0.0.1:0", "-log-level", "warn")
	assert.Contains(t, s.out.String(), "demo data loaded")
	code, body := get(t, s.base+"/api/v1/projects/centri-zajednice", "")
	assert.Equal(t, 200, code, string(body))
	code, _ = get(t, s.base+"/readyz", "")
	assert.Equal(t, 200, code)
	s.stop(t)
}
