// Package pgtest gives tests a PostgreSQL database to work in: the one
// named by SOCIALSVC_TEST_POSTGRES (a postgres:// URL), with a fresh schema
// per test so that tests and packages running at once never see each
// other's rows.
//
// Without the variable, or when the database cannot be reached, the test
// is skipped, so that `go test ./...` passes on a laptop with nothing
// installed; on CI (CI=true) both fail the test instead, because CI must
// run these tests, not skip them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the variable that holds the test database's URL.
const EnvVar = "SOCIALSVC_TEST_POSTGRES"

// URL returns the URL of the test database after checking that it
// answers; it skips (or on CI fails) the test otherwise.
func URL(t testing.TB) string {
	t.Helper()
	raw := os.Getenv(EnvVar)
	onCI := os.Getenv("CI") == "true"
	if raw == "" {
		if onCI {
			t.Fatal(EnvVar + " is not set on CI: set it to a postgres:// URL")
		}
		t.Skip(EnvVar + " is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, raw)
	if err == nil {
		err = conn.Ping(ctx)
		_ = conn.Close(ctx)
	}
	if err != nil {
		if onCI {
			t.Fatalf("PostgreSQL of %s cannot be reached on CI: %v", EnvVar, err)
		}
		t.Skipf("PostgreSQL of %s cannot be reached: %v", EnvVar, err)
	}
	return raw
}

// Schema creates an empty schema named prefix_<random>, dropped when the
// test ends, and returns the URL whose connections use it (search_path).
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	raw := URL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s must be a postgres:// URL: %v", EnvVar, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := prefix + "_" + hex.EncodeToString(b[:])
	if err := exec(raw, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if err := exec(raw, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// exec runs one statement on a connection of its own.
func exec(raw, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
