package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs refserver with args and returns stdout and stderr.
func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err := m.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

// TestHelpListsCommands checks that -h names every command and flag, in
// front of a command too.
func TestHelpListsCommands(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"serve", "-h"}} {
		_, stderr, err := runCLI(t, nil, args...)
		require.ErrorIs(t, err, flag.ErrHelp, args)
		for _, want := range []string{"Usage: refserver [flags] [command", "Commands:", "serve", "migrate", "token create", "token revoke", "token list", "import", "rates import",
			"-db", "-addr", "-metrics-addr", "-metrics-token", "-trusted-proxies", "SOCIALSVC_TRUSTED_PROXIES"} {
			assert.Contains(t, stderr, want, args)
		}
	}
	_, _, err := runCLI(t, nil, "frobnicate")
	assert.EqualError(t, err, `unknown command "frobnicate" (commands: serve, migrate, token, import, rates; see refserver -h)`)
	_, _, err = runCLI(t, nil, "migrate", "extra")
	assert.EqualError(t, err, `unexpected argument "extra" after migrate`)
	_, _, err = runCLI(t, nil, "-nosuchflag")
	assert.ErrorContains(t, err, "flag provided but not defined: -nosuchflag")
	_, _, err = runCLI(t, nil, "token")
	assert.ErrorContains(t, err, "usage: refserver [-db URL] token create")
	_, _, err = runCLI(t, nil, "token", "frob", "-db", "memory://")
	assert.ErrorContains(t, err, "usage:")
	_, _, err = runCLI(t, nil, "-trusted-proxies", "10.0.0.0/33", "-addr", "127.0.0.1:0", "-db", "memory://")
	assert.ErrorContains(t, err, "-trusted-proxies")
}

// TestGlobalFlagsBeforeCommand checks that -db works before a command as
// after it, and that the environment is the default of both.
func TestGlobalFlagsBeforeCommand(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "g.db")
	out, _, err := runCLI(t, nil, "-db", db, "migrate")
	require.NoError(t, err)
	assert.Equal(t, "migrations applied to "+db+"\n", out)
	tok, stderr, err := runCLI(t, nil, "-db", db, "token", "create", "--role", "admin", "--name", "ops")
	require.NoError(t, err)
	id := strings.Split(strings.TrimSpace(tok), "_")[1]
	assert.Contains(t, stderr, "Revoke it with: go run ./cmd/refserver -db "+db+" token revoke "+id, "the hint names the -db in use")
	list, _, err := runCLI(t, nil, "-db", db, "token", "list")
	require.NoError(t, err)
	assert.Contains(t, list, id+"  admin")
	list, _, err = runCLI(t, map[string]string{"SOCIALSVC_DB": db}, "token", "list")
	require.NoError(t, err)
	assert.Contains(t, list, id+"  admin", "SOCIALSVC_DB is the default")
	list, _, err = runCLI(t, map[string]string{"SOCIALSVC_DB": "memory://"}, "-db", db, "token", "list")
	require.NoError(t, err)
	assert.Contains(t, list, id+"  admin", "-db before the command wins over the environment")
	_, _, err = runCLI(t, nil, "-db", "sqlite://"+filepath.Join(dir, "g.db"), "token", "list", "-db", "memory://")
	assert.ErrorContains(t, err, "memory:// do not outlive the process", "a -db after the command wins over one before it")
	out, _, err = runCLI(t, nil, "-db", db, "token", "revoke", id)
	require.NoError(t, err)
	assert.Equal(t, "token "+id+" revoked\n", out)
}

// TestEmptyStoreWithoutDemo checks what -demo=false on an empty store
// prints: how to make the first admin token (with the -db in use) and the
// first organisation, and no links to demo projects.
func TestEmptyStoreWithoutDemo(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "empty.db")
	s := start(t, nil, "-db", db, "-demo=false", "-addr", "127.0.0.1:0", "-log-level", "warn")
	out := s.out.String()
	s.stop(t)
	assert.Contains(t, out, "No API token exists yet. Create the first admin token (it is printed once):\n  go run ./cmd/refserver -db "+db+" token create --role admin --name ops\n")
	assert.Contains(t, out, "The store holds no projects yet.")
	assert.Contains(t, out, s.base+"/api/v1/organisations")
	assert.NotContains(t, out, "2sokrog")
	assert.NotContains(t, out, "Demo tokens")
	_, err := os.Stat(filepath.Join(dir, "empty.db.demo-tokens"))
	assert.True(t, errors.Is(err, os.ErrNotExist))

	// Once a token exists the banner says how to list them instead.
	_, _, err = runCLI(t, nil, "-db", db, "token", "create", "--role", "admin")
	require.NoError(t, err)
	s = start(t, nil, "-demo=false", "-addr", "127.0.0.1:0", "-log-level", "warn", "-db", db)
	out = s.out.String()
	s.stop(t)
	assert.NotContains(t, out, "No API token exists yet")
	assert.Contains(t, out, "Tokens: go run ./cmd/refserver -db "+db+" token list")
}

// TestMetricsFlags checks -metrics-token and -metrics-addr.
func TestMetricsFlags(t *testing.T) {
	s := start(t, map[string]string{"SOCIALSVC_METRICS_TOKEN": "m-secret"}, "-db", "memory://", "-demo=false", "-addr", "127.0.0.1:0", "-log-level", "warn")
	code, _ := get(t, s.base+"/metrics", "")
	assert.Equal(t, 401, code)
	code, body := get(t, s.base+"/metrics", "m-secret")
	assert.Equal(t, 200, code)
	assert.Contains(t, string(body), "socialsvc_http_requests_total")
	assert.Contains(t, s.out.String(), "metrics: "+s.base+"/metrics (needs the metrics token)")
	s.stop(t)

	s = start(t, nil, "-db", "memory://", "-demo=false", "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0", "-log-level", "warn")
	defer s.stop(t)
	code, _ = get(t, s.base+"/metrics", "")
	assert.Equal(t, 404, code, "not on the public address")
	m := regexp.MustCompile(`metrics: (http://\S+/metrics)`).FindStringSubmatch(s.out.String())
	require.Len(t, m, 2, s.out.String())
	assert.NotEqual(t, s.base+"/metrics", m[1])
	code, body = get(t, m[1], "")
	assert.Equal(t, 200, code)
	assert.Contains(t, string(body), `socialsvc_http_requests_total{method="GET",route="/",status="404"} 1`, "the refused public /metrics is counted")
	res, err := http.Get(strings.TrimSuffix(m[1], "/metrics") + "/api/v1/projects")
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	assert.Equal(t, 404, res.StatusCode, "the metrics address serves nothing else")
}

// TestDemoTokensFileIgnored checks that git ignores the demo token file
// the server writes beside an SQLite database.
func TestDemoTokensFileIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not in a git checkout")
	}
	for _, f := range []string{"socialsvc.db.demo-tokens", "data/city.db.demo-tokens"} {
		cmd := exec.Command("git", "check-ignore", "-q", "--no-index", f)
		cmd.Dir = strings.TrimSpace(string(root))
		assert.NoError(t, cmd.Run(), "%s is not in .gitignore", f)
	}
}
