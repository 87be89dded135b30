package main

import (
	"context"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pgtest"
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
		checkTokenTable(t, pgtest.Schema(t, "refserver_test"))
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

// TestServeOnPostgres runs the server on PostgreSQL with the demo data.
func TestServeOnPostgres(t *testing.T) {
	db := pgtest.Schema(t, "refserver_test")
	s := start(t, map[string]string{"SOCIALSVC_DB": db}, "-addr", "127.0.0.1:0", "-log-level", "warn")
	assert.Contains(t, s.out.String(), "demo data loaded")
	code, body := get(t, s.base+"/api/v1/projects/centri-zajednice", "")
	assert.Equal(t, 200, code, string(body))
	code, _ = get(t, s.base+"/readyz", "")
	assert.Equal(t, 200, code)
	s.stop(t)
}
