// Package readmetest keeps the README's Go quick start compiling and its
// printed output true.
package readmetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadmeQuickStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program with the go tool")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	require.NotEmpty(t, blocks, "README has a ```go block")
	// Every Go example of the README (the quick start, the ESF+
	// participants ...) runs and prints what its last comment says.
	for i, m := range blocks {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) { runExample(t, root, string(m[1])) })
	}
}

func runExample(t *testing.T, root, src string) {
	want := regexp.MustCompile(`(?m)^\s*// (.+)\n\}\s*$`).FindStringSubmatch(src)
	require.NotNil(t, want, "the example ends with the expected output as a comment")

	// A directory inside the module, so the program resolves the module's
	// own packages; a leading dot keeps it out of ./... patterns.
	dir, err := os.MkdirTemp(root, ".readme-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))

	cmd := exec.Command("go", "run", "./"+filepath.Base(dir))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, want[1], strings.TrimSpace(string(out)))
}
