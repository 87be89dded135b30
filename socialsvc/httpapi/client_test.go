package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// The generated-client test. openapi-typescript (npm, pinned in
// testdata/tsclient/package.json and its lock file) generates TypeScript
// types from the document a live handler serves; tsc checks the
// newcomer's flow (testdata/tsclient/flow.ts, calls through openapi-fetch)
// against them, and node runs it against the handler. The types are made
// at test time from the document of the code under test, so a route or
// field added later is in them, and a change that breaks the flow's calls
// fails here. .ci/run installs node and runs npm ci first; without them
// the test is skipped outside CI.

const tsclientDir = "testdata/tsclient"

// tsTools returns node and the installed packages' directory, skipping
// the test (failing it in CI) when they are missing.
func tsTools(t *testing.T) (string, string) {
	t.Helper()
	modules, err := filepath.Abs(filepath.Join(tsclientDir, "node_modules"))
	require.NoError(t, err)
	node, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(modules, "openapi-typescript"))
	if nodeErr != nil || modErr != nil {
		msg := "node and the packages of " + tsclientDir + " are needed: install Node.js 18+ and run npm ci in " + tsclientDir + " (.ci/run does)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return node, modules
}

// run runs node with args in dir and returns its output; it fails the test
// unless the exit status is what ok says.
func runNode(t *testing.T, node, dir string, env []string, wantOK bool, args ...string) string {
	t.Helper()
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if wantOK {
		require.NoError(t, err, "node %s:\n%s", strings.Join(args, " "), out)
	} else {
		require.Error(t, err, "node %s should have failed:\n%s", strings.Join(args, " "), out)
	}
	return string(out)
}

func TestGeneratedTypeScriptClient(t *testing.T) {
	node, modules := tsTools(t)
	s := memory.New()
	ts := NewMemoryTokens()
	admin, _, err := Issue(context.Background(), ts, RoleAdmin, "", "generated client")
	require.NoError(t, err)
	srv := httptest.NewServer(New(Options{Store: s, Tokens: ts, Logger: slog.New(slog.DiscardHandler)}))
	defer srv.Close()

	work := t.TempDir()
	for _, f := range []string{"flow.ts", "bad.ts", "tsconfig.json", "package.json"} {
		b, err := os.ReadFile(filepath.Join(tsclientDir, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(work, f), b, 0o644))
	}
	require.NoError(t, os.Symlink(modules, filepath.Join(work, "node_modules")))

	// The document, as a client fetches it.
	res, err := http.Get(srv.URL + "/api/v1/openapi.json")
	require.NoError(t, err)
	doc, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, 200, res.StatusCode)
	require.NoError(t, os.WriteFile(filepath.Join(work, "openapi.json"), doc, 0o644))

	runNode(t, node, work, nil, true, filepath.Join(modules, "openapi-typescript", "bin", "cli.js"), "openapi.json", "-o", "gen/schema.d.ts")
	gen, err := os.ReadFile(filepath.Join(work, "gen", "schema.d.ts"))
	require.NoError(t, err)
	assert.Contains(t, string(gen), `"/api/v1/projects/{id}/imports/expenditure"`)
	tsc := filepath.Join(modules, "typescript", "bin", "tsc")
	runNode(t, node, work, nil, true, tsc, "-p", "tsconfig.json")

	// The types are the document's: a misspelt property and a report
	// format the enum does not list do not compile.
	bad := runNode(t, node, work, nil, false, tsc, "--noEmit", "--strict", "--module", "NodeNext", "--moduleResolution", "NodeNext",
		"--target", "ES2022", "--skipLibCheck", "bad.ts")
	assert.Contains(t, bad, "legal_staus")
	assert.Contains(t, bad, `"financial.docx"`)

	out := runNode(t, node, work, []string{"SOCIALSVC_URL=" + srv.URL, "SOCIALSVC_TOKEN=" + admin}, true, filepath.Join("out", "flow.js"))
	var result struct {
		OK      bool              `json:"ok"`
		Project string            `json:"project"`
		Spent   map[string]string `json:"spent"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out)), &result), out)
	assert.True(t, result.OK)
	assert.Equal(t, "most-zajednice", result.Project)
	assert.Equal(t, map[string]string{"amount": "4984.56", "currency": "EUR"}, result.Spent)

	// What the flow did is in the store, as the library sees it.
	ctx := context.Background()
	pg, err := s.ListExpenditure(ctx, store.ExpenditureFilter{ProjectID: "most-zajednice", ListOptions: store.ListOptions{Limit: 10}})
	require.NoError(t, err)
	require.Len(t, pg.Items, 2)
	var amounts []string
	for _, e := range pg.Items {
		amounts = append(amounts, e.Amount.String())
	}
	assert.ElementsMatch(t, []string{"3750.00 EUR", "1234.56 EUR"}, amounts)
}
