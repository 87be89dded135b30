package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running Main.
type server struct {
	base   string
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	ready := make(chan string, 1)
	s := &server{out: &syncBuffer{}, done: make(chan error, 1)}
	m := &Main{Stdout: s.out, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }, Ready: func(a string) { ready <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() { s.done <- m.Run(ctx, args) }()
	select {
	case a := <-ready:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("refserver stopped before serving: %v", err)
	}
	return s
}

func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	require.NoError(t, <-s.done)
}

func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, b
}

func TestRunServesDemoDataAndShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "data.db")
	env := map[string]string{"SOCIALSVC_DB": db}

	s := start(t, env, "-addr", "127.0.0.1:0", "-log-level", "warn")
	out := s.out.String()
	assert.Contains(t, out, "demo data loaded: the five seed projects")
	assert.Contains(t, out, "listen: "+s.base+"/")
	assert.Contains(t, out, s.base+"/api/v1/projects/2sokrog")
	toks, err := readDemoTokens(filepath.Join(dir, "data.db.demo-tokens"))
	require.NoError(t, err)
	require.Len(t, toks, 3)
	admin := toks[0].Token
	assert.Equal(t, httpapi.RoleAdmin, toks[0].Role)
	assert.Contains(t, out, admin)
	fi, err := os.Stat(filepath.Join(dir, "data.db.demo-tokens"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	code, body := get(t, s.base+"/healthz", "")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"status":"ok"}`, string(body))
	code, body = get(t, s.base+"/readyz", "")
	assert.Equal(t, 200, code)
	code, body = get(t, s.base+"/api/v1/projects/2sokrog", "")
	require.Equal(t, 200, code, string(body))
	var p struct {
		Acronym string `json:"acronym"`
		Status  string `json:"status"`
	}
	require.NoError(t, json.Unmarshal(body, &p))
	assert.Equal(t, "2SoKroG", p.Acronym)
	assert.Equal(t, "closed", p.Status)
	code, _ = get(t, s.base+"/api/v1/projects/2sokrog/funding", "")
	assert.Equal(t, 401, code)
	code, body = get(t, s.base+"/api/v1/projects/2sokrog/funding", admin)
	assert.Equal(t, 200, code, string(body))

	// A request in flight when the server is told to stop is finished:
	// its body is still being sent when the context is cancelled.
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", s.base+"/api/v1/projects/2sokrog/imports/attendance", pr)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Content-Type", "text/csv")
	type result struct {
		code int
		err  error
	}
	resc := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			resc <- result{err: err}
			return
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		resc <- result{code: res.StatusCode}
	}()
	_, err = pw.Write([]byte("event_id,beneficiary_id\n"))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // let the handler start reading: not a timing assertion
	s.cancel()
	select {
	case err := <-s.done:
		t.Fatalf("Run returned with a request in flight: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	_, _ = pw.Write([]byte("2sokrog-nonexistent-event,nobody\n"))
	require.NoError(t, pw.Close())
	r := <-resc
	require.NoError(t, r.err)
	assert.Equal(t, 400, r.code, "the in-flight import finished with its row errors")
	require.NoError(t, <-s.done)

	// A second run keeps the data and does not load the demo again.
	s2 := start(t, env, "-addr", "127.0.0.1:0", "-log-level", "warn")
	out2 := s2.out.String()
	assert.NotContains(t, out2, "demo data loaded")
	assert.Contains(t, out2, admin, "the demo tokens are printed again")
	code, body = get(t, s2.base+"/api/v1/projects?limit=100", admin)
	require.Equal(t, 200, code)
	var pg struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(body, &pg))
	var ids []string
	for _, it := range pg.Items {
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []string{"2sokrog", "aktivno-cesi", "alved", "centri-zajednice", "social-atelier"}, ids)
	s2.stop(t)
}

func TestTokenCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "t.db")
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		m := &Main{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		err := m.Run(context.Background(), args)
		return out.String(), err
	}
	out, err := run("migrate", "-db", db)
	require.NoError(t, err)
	assert.Equal(t, "migrations applied to "+db+"\n", out)
	_, err = run("token", "create", "-db", db, "--role", "editor", "--org", "nowhere")
	assert.ErrorContains(t, err, `organisation "nowhere"`)
	tok, err := run("token", "create", "-db", db, "--role", "admin", "--name", "ops")
	require.NoError(t, err)
	tok = strings.TrimSpace(tok)
	require.True(t, strings.HasPrefix(tok, "ssv_"), tok)
	id := strings.Split(tok, "_")[1]

	ts, closeTS, err := openTokens(context.Background(), db)
	require.NoError(t, err)
	defer closeTS()
	rec, err := ts.LookupToken(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, httpapi.RoleAdmin, rec.Role)
	assert.Equal(t, "ops", rec.Name)
	assert.Len(t, rec.Hash, 32)
	assert.True(t, rec.RevokedAt.IsZero())

	list, err := run("token", "list", "-db", db)
	require.NoError(t, err)
	assert.Contains(t, list, id+"  admin")
	assert.NotContains(t, list, tok, "the list never shows tokens")

	out, err = run("token", "revoke", "-db", db, tok)
	require.NoError(t, err)
	assert.Equal(t, "token "+id+" revoked\n", out)
	rec, err = ts.LookupToken(context.Background(), id)
	require.NoError(t, err)
	assert.False(t, rec.RevokedAt.IsZero())
	_, err = run("token", "revoke", "-db", db, "0000000000000000")
	assert.ErrorContains(t, err, "not found")
	_, err = run("token", "create", "-db", "memory://", "--role", "admin")
	assert.ErrorContains(t, err, "do not outlive the process")
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://app:secret@db:5432/x": "postgres://app:***@db:5432/x",
		"postgres://db/x":                 "postgres://db/x",
		"sqlite://socialsvc.db":           "sqlite://socialsvc.db",
	} {
		assert.Equal(t, want, redact(in))
	}
}

// TestRunServesTheDashboard checks that the reference server serves the
// HTML dashboard on the demo data, in both languages, and that a demo
// token signs a browser in: the cookie opens the full project page and
// the API's downloads.
func TestRunServesTheDashboard(t *testing.T) {
	dir := t.TempDir()
	s := start(t, map[string]string{"SOCIALSVC_DB": "sqlite://" + filepath.Join(dir, "data.db")}, "-addr", "127.0.0.1:0", "-log-level", "warn")
	defer s.stop(t)
	assert.Contains(t, s.out.String(), s.base+"/signin")
	toks, err := readDemoTokens(filepath.Join(dir, "data.db.demo-tokens"))
	require.NoError(t, err)
	require.Equal(t, httpapi.RoleAdmin, toks[0].Role)

	for _, tc := range []struct {
		path, want string
	}{
		{"/", `<html lang="hr">`},
		{"/", "Portfelj projekata"},
		{"/?lang=en", "Project portfolio"},
		{"/projects/2sokrog?lang=en", "Social activation for a healthy, safe and accessible border area"},
		{"/projects/2sokrog/reports?lang=hr", "iati.xml"},
	} {
		code, body := get(t, s.base+tc.path, "")
		assert.Equal(t, http.StatusOK, code, tc.path)
		assert.Contains(t, string(body), tc.want, tc.path)
	}

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequest("POST", s.base+"/signin?lang=en", strings.NewReader("token="+toks[0].Token))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.base)
	res, err := client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/?lang=en", res.Header.Get("Location"))

	for _, tc := range []struct {
		path, want string
	}{
		{"/projects/2sokrog?lang=en", "€574,947.17"},
		{"/projects/2sokrog?lang=hr", "488.705,06 €"},
		{"/api/v1/projects/2sokrog/reports/financial.html?lang=hr", "574.947,17 €"},
	} {
		res, err := client.Get(s.base + tc.path)
		require.NoError(t, err)
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, res.StatusCode, tc.path)
		assert.Contains(t, string(b), tc.want, tc.path)
	}
}

func TestRatesImport(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "r.db")
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		m := &Main{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		err := m.Run(context.Background(), args)
		return out.String(), err
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	inforeuro := write("2022-12.json", `[
  {"country":"Croatia","currency":"Kuna","isoA3Code":"HRK","isoA2Code":"HR","value":7.5365,"comment":null},
  {"country":"Slovenia","currency":"Euro","isoA3Code":"EUR","isoA2Code":"SI","value":1,"comment":null},
  {"country":"United Kingdom","currency":"Pound sterling","isoA3Code":"GBP","isoA2Code":"GB","value":0.8731,"comment":null}
]`)
	out, err := run("rates", "import", "-db", db, "--format", "inforeuro", "--month", "2022-12", inforeuro)
	require.NoError(t, err)
	assert.Equal(t, "2 rates imported into "+db+"\n", out)

	bad := write("bad.csv", "currency;month;rate\nGBP;2023-05;0.87\nEUR;2023-05;1\nHRK;2023-13;7.5\n")
	_, err = run("rates", "import", "-db", db, "--format", "csv", "--source", "HNB", bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+":3: currency:")
	assert.Contains(t, err.Error(), bad+":4: month:")
	_, err = run("rates", "import", "-db", db, "--format", "inforeuro", inforeuro)
	assert.ErrorContains(t, err, "--month")
	_, err = run("rates", "list")
	assert.ErrorContains(t, err, "usage: refserver [-db URL] rates import")

	s, err := store.Open(context.Background(), db)
	require.NoError(t, err)
	defer s.Close()
	rt, err := s.RateTable(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, rt.Len(), "the bad file stored nothing")
	r, ok := rt.Lookup(socialsvc.HRK, socialsvc.Month{Year: 2022, Month: 12})
	require.True(t, ok)
	assert.Equal(t, "7.5365", r.Rate.String())
	assert.Equal(t, "InforEuro 2022-12", r.Source)
}
