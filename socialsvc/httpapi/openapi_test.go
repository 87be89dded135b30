package httpapi

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenAPIDocumentShape validates the served document with
// kin-openapi's OpenAPI 3.1 validation (loadSpec) and then checks the
// rules a generator most easily breaks, with messages that name the
// operation: version, unique operation IDs, declared path parameters,
// described responses, component names, and $refs that resolve.
func TestOpenAPIDocumentShape(t *testing.T) {
	loadSpec(t)
	f := newFixture(t)
	r := f.do("", "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, r.Status)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	assert.Equal(t, "3.1.0", doc["openapi"])
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	nameRE := regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	for name := range schemas {
		assert.Regexp(t, nameRE, name)
	}
	var refs []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				refs = append(refs, ref)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	require.NotEmpty(t, refs)
	for _, ref := range refs {
		_, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		assert.True(t, ok, "unresolved %s", ref)
	}
	ops := map[string]bool{}
	paramRE := regexp.MustCompile(`\{([a-z_]+)\}`)
	n := 0
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			n++
			op := o.(map[string]any)
			id := op["operationId"].(string)
			assert.False(t, ops[id], "operationId %s twice", id)
			ops[id] = true
			declared := map[string]bool{}
			for _, p := range op["parameters"].([]any) {
				pm := p.(map[string]any)
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
					assert.Equal(t, true, pm["required"])
				}
			}
			for _, m := range paramRE.FindAllStringSubmatch(path, -1) {
				assert.True(t, declared[m[1]], "%s %s: path parameter %s not declared", method, path, m[1])
				delete(declared, m[1])
			}
			assert.Empty(t, declared, "%s %s declares path parameters it does not have", method, path)
			for st, resp := range op["responses"].(map[string]any) {
				assert.Regexp(t, `^[1-5]\d\d$`, st)
				assert.NotEmpty(t, resp.(map[string]any)["description"], "%s %s %s", method, path, st)
			}
		}
	}
	assert.Equal(t, len(f.h.routes), n, "one operation per route")
}

// TestOpenAPIImports: the import routes and their templates say which
// columns, separators, encodings and formats a file may have, and the
// templates are files, not JSON.
func TestOpenAPIImports(t *testing.T) {
	f := newFixture(t)
	r := f.do("", "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, r.Status)
	var doc struct {
		Paths map[string]map[string]struct {
			Description string `json:"description"`
			Responses   map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	imp := doc.Paths["/api/v1/projects/{id}/imports/expenditure"]["post"].Description
	for _, want := range []string{"amount*: amount: 1234.56, or 1.234,56 in a ;-separated file; at most two decimals", "date*: date, required: 2024-12-31 or 31.12.2024.",
		"Windows-1250 and ISO-8859-2", "separated by ',', ';' or tab", "decimal commas", "no macros"} {
		assert.Contains(t, imp, want)
	}
	for _, ext := range []string{"csv", "xlsx"} {
		op, ok := doc.Paths["/api/v1/imports/beneficiaries/template."+ext]["get"]
		require.True(t, ok, ext)
		assert.Contains(t, op.Description, "legal_basis*")
		var types []string
		for ct := range op.Responses["200"].Content {
			types = append(types, ct)
		}
		want := map[string]string{"csv": "text/csv", "xlsx": ctXLSX}[ext]
		assert.Equal(t, []string{want}, types)
	}
}
