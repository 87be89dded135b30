package httpapi

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	f := newFixture(t)
	r := f.do("admin", "GET", "/api/v1/projects/prj-a", nil)
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, `"v4"`, r.Header.Get("ETag"))
	r = f.do("", "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, r.Status, string(r.Body))
	t.Log(len(r.Body))
}
