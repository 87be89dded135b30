package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// TestTextsInAnyLanguage stores and reads texts through the API: the
// Croatian/English pair of earlier clients, a Slovenian title, merge
// patches of one language that keep the others, and wrong language tags
// named by their key. Every response is checked against the document.
func TestTextsInAnyLanguage(t *testing.T) {
	loadSpec(t)
	f := newFixture(t)
	// served checks an exchange against the document: the request as
	// sent and the response.
	served := func(route, method, url, body, ct string, r resp) {
		t.Helper()
		req := newRequest(t, method, url, body, "Content-Type", ct, "If-Match", `"v1"`)
		require.NoError(t, checkResponse(t, route, req, r))
	}
	readProject := func(r resp) socialsvc.Project {
		t.Helper()
		var p socialsvc.Project
		require.NoError(t, json.Unmarshal(r.Body, &p), string(r.Body))
		return p
	}

	// A client of the two-language API posts the old shape.
	body := `{"id":"susjedi","acronym":"SUSJEDI","title":{"hr":"Susjedski centri","en":"Neighbourhood centres"},` +
		`"description":{"hr":"Četiri centra","en":""},"programme":"ESF+","start":"2024-01-01","end":"2025-12-31","status":"draft","currency":"EUR"}`
	r := f.do("admin", "POST", "/api/v1/projects", body)
	require.Equal(t, 201, r.Status, string(r.Body))
	served("/api/v1/projects", "POST", "/api/v1/projects", body, "application/json", r)
	p := readProject(r)
	assert.Equal(t, socialsvc.I18n{"hr": "Susjedski centri", "en": "Neighbourhood centres"}, p.Title)
	assert.Equal(t, socialsvc.I18n{"hr": "Četiri centra"}, p.Description, "an empty text is no text")
	assert.JSONEq(t, `{"hr":"Četiri centra"}`, string(mustJSON(t, r.json(t)["description"])))
	assert.NotContains(t, r.json(t), "languages", "no languages of its own")

	// A Slovenian partner adds the Slovenian title and the project's
	// languages: the other languages are kept.
	const path = "/api/v1/projects/susjedi"
	body = `{"title":{"sl":"Sosedski centri"},"languages":["sl","hr","en"]}`
	r = f.do("admin", "PATCH", path, body, "Content-Type", ctMergePatch, "If-Match", `"v1"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	served("/api/v1/projects/{id}", "PATCH", path, body, ctMergePatch, r)
	p = readProject(r)
	assert.Equal(t, socialsvc.I18n{"sl": "Sosedski centri", "hr": "Susjedski centri", "en": "Neighbourhood centres"}, p.Title)
	assert.Equal(t, []socialsvc.Lang{"sl", "hr", "en"}, p.Languages)
	assert.Equal(t, "Četiri centra", p.Description.In("sl", p.Languages...), "sl falls back to the project's next language")

	// null removes one language and keeps the others.
	body = `{"title":{"en":null},"description":{"sl":"Štirje centri"}}`
	r = f.do("admin", "PATCH", path, body, "Content-Type", ctMergePatch, "If-Match", `"v2"`)
	require.Equal(t, 200, r.Status, string(r.Body))
	served("/api/v1/projects/{id}", "PATCH", path, body, ctMergePatch, r)
	p = readProject(r)
	assert.Equal(t, socialsvc.I18n{"sl": "Sosedski centri", "hr": "Susjedski centri"}, p.Title)
	assert.Equal(t, socialsvc.I18n{"sl": "Štirje centri", "hr": "Četiri centra"}, p.Description)

	// Read back, as stored.
	r = f.do("admin", "GET", path, nil)
	require.Equal(t, 200, r.Status)
	require.NoError(t, checkResponse(t, "/api/v1/projects/{id}", newRequest(t, "GET", path, nil), r))
	assert.Equal(t, socialsvc.I18n{"sl": "Sosedski centri", "hr": "Susjedski centri"}, readProject(r).Title)

	// Wrong tags are named by their key, and nothing is written.
	for _, c := range []struct {
		name, method, body, field, rule string
	}{
		{"an unknown language", "PATCH", `{"title":{"xx":"?"}}`, "title.xx", "lang"},
		{"a tag not in canonical form", "PATCH", `{"title":{"sr-latn":"Susedski centri"}}`, "title.sr-latn", "lang"},
		{"a text that is not a string", "PATCH", `{"title":{"sl":5}}`, "title.sl", "type"},
		{"a text that is a string", "PATCH", `{"description":"Štirje centri"}`, "description", "type"},
		{"a key given twice", "PATCH", `{"title":{"sl":"A","sl":"B"}}`, "title.sl", "duplicate"},
		{"a project language", "PATCH", `{"languages":["sl","slovenski"]}`, "languages[1]", "lang"},
		{"a project language twice", "PATCH", `{"languages":["sl","hr","sl"]}`, "languages[2]", "unique"},
		{"removing every language of a required text", "PATCH", `{"title":{"sl":null,"hr":null}}`, "title", "i18n_required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := f.do("admin", c.method, path, c.body, "Content-Type", ctMergePatch, "If-Match", `"v3"`)
			require.Equal(t, 400, r.Status, string(r.Body))
			fields := problemFields(t, r)
			require.NotEmpty(t, fields)
			assert.Equal(t, c.field, fields[0].Field)
			assert.Equal(t, c.rule, fields[0].Rule)
		})
	}
	r = f.do("admin", "GET", path, nil)
	assert.Equal(t, `"v3"`, r.Header.Get("ETag"), "no wrong patch was written")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestTextSchema checks how the document describes a text: the shipped
// languages by name, any other language as additionalProperties, and a
// patch of a text whose languages may be null.
func TestTextSchema(t *testing.T) {
	f := newFixture(t)
	comps := servedDoc(t, f)["components"].(map[string]any)["schemas"].(map[string]any)
	text := comps["I18n"].(map[string]any)
	props := text["properties"].(map[string]any)
	assert.Len(t, props, 5)
	assert.Equal(t, "The text in Serbian (Latin).", props["sr-Latn"].(map[string]any)["description"])
	assert.Equal(t, "The text in Slovenian.", props["sl"].(map[string]any)["description"])
	assert.Equal(t, "string", props["sq"].(map[string]any)["type"])
	other := text["additionalProperties"].(map[string]any)
	assert.Equal(t, "string", other["type"])
	assert.EqualValues(t, socialsvc.MaxTextLength, other["maxLength"])
	assert.EqualValues(t, socialsvc.MaxTextLanguages, text["maxProperties"])
	patch := comps["I18nPatch"].(map[string]any)
	assert.Equal(t, "The text in Albanian; null removes it.", patch["properties"].(map[string]any)["sq"].(map[string]any)["description"])
	assert.Contains(t, string(mustJSON(t, comps["ProjectPatch"])), `"#/components/schemas/I18nPatch"`)
	lang := comps["ProjectInput"].(map[string]any)["properties"].(map[string]any)["languages"]
	assert.Contains(t, string(mustJSON(t, lang)), `"pattern"`)
}
