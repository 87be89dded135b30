package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunSmall runs the load test in miniature: it checks that the
// program works and that the mixed phase loses no update and sees no
// status but 200 and 412 (run returns an error otherwise). It asserts no
// speed: the figures are measured by running the command.
func TestRunSmall(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-conns", "8", "-requests", "200", "-mixed", "1s", "-db", t.TempDir() + "/l.db"}, &out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "Mixed: lost updates 0;")
	assert.Contains(t, out.String(), "| bare net/http, fixed JSON | 200 |")
}
