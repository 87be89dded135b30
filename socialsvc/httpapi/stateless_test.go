package httpapi

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pgtest"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/postgres"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
)

// TestTwoServersOneDatabase runs two handlers, each with its own
// connection pool (two servers), on one database, and races
// read-modify-write updates through both: every update that succeeds must
// build on the one before it (no lost update), and every other answer
// must be 412.
func TestTwoServersOneDatabase(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		u := "sqlite://" + filepath.Join(t.TempDir(), "shared.db")
		raceTwoServers(t, u)
	})
	t.Run("postgres", func(t *testing.T) {
		raceTwoServers(t, pgtest.Schema(t, "httpapi_test"))
	})
}

func raceTwoServers(t *testing.T, dbURL string) {
	ctx := context.Background()
	s1, err := store.Open(ctx, dbURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s1.Close() })
	s2, err := store.Open(ctx, dbURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s2.Close() })
	seedFixture(t, s1)
	f := newFixtureOn(t, s1)
	h2 := New(Options{Store: s2, Tokens: f.h.opts.Tokens, Logger: f.h.log})
	servers := []*Handler{f.h, h2}
	tok := f.tokens["editor-a"]

	const workers, rounds = 6, 15
	var mu sync.Mutex
	ok, stale := 0, 0
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				h := servers[(w+i)%2]
				req := httptest.NewRequest("GET", "/api/v1/projects/prj-a", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if !assert.Equal(t, 200, rec.Code, rec.Body.String()) {
					return
				}
				var p map[string]any
				if !assert.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p)) {
					return
				}
				desc, _ := p["description"].(map[string]any)
				if desc == nil {
					desc = map[string]any{}
				}
				en, _ := desc["en"].(string)
				desc["en"] = en + "x"
				p["description"] = desc
				body, _ := json.Marshal(p)
				// The other server writes what this one read.
				put := httptest.NewRequest("PUT", "/api/v1/projects/prj-a", strings.NewReader(string(body)))
				put.Header.Set("Authorization", "Bearer "+tok)
				put.Header.Set("Content-Type", "application/json")
				put.Header.Set("If-Match", rec.Header().Get("ETag"))
				prec := httptest.NewRecorder()
				servers[(w+i+1)%2].ServeHTTP(prec, put)
				mu.Lock()
				switch prec.Code {
				case 200:
					ok++
				case 412:
					stale++
				default:
					t.Errorf("unexpected %d: %s", prec.Code, prec.Body.String())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	require.Equal(t, workers*rounds, ok+stale)
	require.Positive(t, ok)
	p, err := s2.GetProject(ctx, prjA)
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("x", ok), p.Description["en"], "every successful update built on the one before")
	assert.Equal(t, int64(4+ok), p.Version)
	t.Logf("%d updates, %d refused as stale", ok, stale)
}
