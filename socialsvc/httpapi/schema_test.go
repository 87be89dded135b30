package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The OpenAPI document is checked by an independent implementation,
// github.com/getkin/kin-openapi: the document itself must pass its
// OpenAPI 3.1 validation, and every response the route tests see must
// match the operation its URL resolves to (status documented, content
// type listed, body valid against the schema under JSON Schema 2020-12).

var apiSpec struct {
	once   sync.Once
	router routers.Router
	err    error
}

// loadSpec loads the document the handler serves and validates it.
func loadSpec(t *testing.T) routers.Router {
	t.Helper()
	apiSpec.once.Do(func() {
		f := newFixture(t)
		r := f.do("", "GET", "/api/v1/openapi.json", nil)
		if r.Status != http.StatusOK {
			apiSpec.err = fmt.Errorf("GET /api/v1/openapi.json: status %d", r.Status)
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(r.Body)
		if err != nil {
			apiSpec.err = err
			return
		}
		if apiSpec.err = doc.Validate(context.Background()); apiSpec.err != nil {
			return
		}
		registerStringBodies(doc)
		apiSpec.router, apiSpec.err = legacy.NewRouter(doc)
	})
	require.NoError(t, apiSpec.err, "the OpenAPI document does not load and validate")
	return apiSpec.router
}

// registerStringBodies lets the validator read the bodies the document
// lists without a decoder of kin-openapi's (XLSX, HTML, XML) as the
// strings they are documented as. text/csv is read that way too: kin's
// CSV decoder parses with comma separators, and the Croatian variant uses
// semicolons.
func registerStringBodies(doc *openapi3.T) {
	register := func(content openapi3.Content) {
		for ct := range content {
			if ct == "text/csv" || openapi3filter.RegisteredBodyDecoder(ct) == nil {
				openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil {
				register(op.RequestBody.Value.Content)
			}
			for _, r := range op.Responses.Map() {
				register(r.Value.Content)
			}
		}
	}
}

// checkResponse validates one exchange against the document: the URL
// resolves to the operation of route, the response matches it, and when
// the handler accepted the request (2xx), the request matches it too.
func checkResponse(t *testing.T, route string, req *http.Request, r resp) error {
	t.Helper()
	router := loadSpec(t)
	rt, params, err := router.FindRoute(req)
	if err != nil {
		return err
	}
	if rt.Path != route {
		return fmt.Errorf("URL %s resolves to %s in the document, the test meant %s", req.URL.Path, rt.Path, route)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: rt,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if r.Status/100 == 2 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return err
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(r.Body)
	return openapi3filter.ValidateResponse(context.Background(), out)
}

// TestOpenAPIValidatorCatchesDrift proves the response check can fail:
// responses that differ from the document in each way that matters are
// rejected, and the unchanged response passes.
func TestOpenAPIValidatorCatchesDrift(t *testing.T) {
	f := newFixture(t)
	const url = "/api/v1/projects/" + string(prjA)
	good := f.do("admin", "GET", url, nil)
	require.Equal(t, 200, good.Status)
	require.NoError(t, checkResponse(t, "/api/v1/projects/{id}", httptest.NewRequest("GET", url, nil), good))

	edit := func(change func(m map[string]any)) resp {
		var m map[string]any
		require.NoError(t, json.Unmarshal(good.Body, &m))
		change(m)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		return resp{Status: good.Status, Header: good.Header, Body: b}
	}
	for name, c := range map[string]struct {
		r    resp
		want string
	}{
		"unknown property":            {edit(func(m map[string]any) { m["colour"] = "red" }), "colour"},
		"missing required":            {edit(func(m map[string]any) { delete(m, "version") }), "version"},
		"value outside the enum":      {edit(func(m map[string]any) { m["status"] = "lost" }), "status"},
		"wrong type":                  {edit(func(m map[string]any) { m["version"] = "seven" }), "version"},
		"date in the Croatian format": {edit(func(m map[string]any) { m["start"] = "30.9.2020" }), "start"},
		"malformed date-time":         {edit(func(m map[string]any) { m["created_at"] = "yesterday" }), "created_at"},
		"undocumented status":         {resp{Status: 418, Header: good.Header, Body: good.Body}, "status is not supported"},
		"undocumented content type": {resp{Status: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("x")},
			"text/plain"},
	} {
		t.Run(name, func(t *testing.T) {
			err := checkResponse(t, "/api/v1/projects/{id}", httptest.NewRequest("GET", url, nil), c.r)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// A request the handler accepted (2xx) must match the document too.
	put := func(body string) *http.Request {
		req := httptest.NewRequest("PUT", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", good.Header.Get("ETag"))
		return req
	}
	require.NoError(t, checkResponse(t, "/api/v1/projects/{id}", put(string(writable(t, f.h, good.Body))), good))
	assert.ErrorContains(t, checkResponse(t, "/api/v1/projects/{id}", put(string(good.Body)), good), `readOnly property "`,
		"a request that sends what the server sets breaks the document")
	var m map[string]any
	require.NoError(t, json.Unmarshal(writable(t, f.h, good.Body), &m))
	m["colour"] = "red"
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.ErrorContains(t, checkResponse(t, "/api/v1/projects/{id}", put(string(b)), good), "colour")

	err = checkResponse(t, "/api/v1/projects/{id}/events", httptest.NewRequest("GET", url+"/events", nil), good)
	require.Error(t, err, "a project body is not a page of events")
	err = checkResponse(t, "/api/v1/projects/{id}", httptest.NewRequest("GET", url+"/events", nil), good)
	assert.ErrorContains(t, err, "resolves to /api/v1/projects/{id}/events")
}

// writable returns body (a record as GET returns it) without the
// properties the document marks readOnly, at any depth: what a client
// generated from the document sends back in a PUT. The server ignores
// them anyway; the document asks clients not to send them.
func writable(t testing.TB, h *Handler, body []byte) []byte {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	doc := h.OpenAPI()
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if readOnlyAnywhere(comps, k, e) {
					delete(x, k)
					continue
				}
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(v)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// readOnlyAnywhere reports whether the input components mark property k
// readOnly: some marks it and none has it writable. Such names mean the
// same in every component (version, created_at, converted ...), except
// Region.version, which is an object's string and never readOnly: a
// string value of "version" is the NUTS version. A name some component
// writes (number: a period's and a partner's, the server's in a partner
// report) is kept; the server ignores it where it sets it.
func readOnlyAnywhere(comps map[string]any, k string, v any) bool {
	if _, isString := v.(string); isString && k == "version" {
		return false
	}
	marked := false
	for name, c := range comps {
		if !strings.HasSuffix(name, "Input") || (name == "RegionInput" && k == "version") {
			continue
		}
		props, _ := c.(map[string]any)["properties"].(map[string]any)
		if p, ok := props[k].(map[string]any); ok {
			if p["readOnly"] != true {
				return false
			}
			marked = true
		}
	}
	return marked
}

// writableAs is writable for a body of the route method path: it drops
// what that body's schema marks readOnly, following the schema (a name
// the server sets in one record and the caller in another, such as a
// partner report's number beside a period's, is told apart).
func writableAs(t testing.TB, h *Handler, method, path string, body []byte) []byte {
	t.Helper()
	var rt *route
	for _, x := range h.routes {
		if x.Method == method && x.Path == path {
			rt = x
		}
	}
	require.NotNil(t, rt, "%s %s", method, path)
	if rt.Body == nil {
		return writable(t, h, body)
	}
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	comps := h.OpenAPI()["components"].(map[string]any)["schemas"].(map[string]any)
	var strip func(s map[string]any, v any)
	strip = func(s map[string]any, v any) {
		if ref, ok := s["$ref"].(string); ok {
			c, _ := comps[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
			if c != nil {
				strip(c, v)
			}
			return
		}
		for _, key := range []string{"anyOf", "oneOf"} {
			if alts, ok := s[key].([]any); ok {
				for _, a := range alts {
					if am, ok := a.(map[string]any); ok && am["$ref"] != nil {
						strip(am, v)
					}
				}
			}
		}
		switch x := v.(type) {
		case map[string]any:
			props, _ := s["properties"].(map[string]any)
			for k, e := range x {
				p, _ := props[k].(map[string]any)
				if p == nil {
					continue
				}
				if p["readOnly"] == true {
					delete(x, k)
					continue
				}
				strip(p, e)
			}
		case []any:
			if items, ok := s["items"].(map[string]any); ok {
				for _, e := range x {
					strip(items, e)
				}
			}
		}
	}
	strip(map[string]any{"$ref": "#/components/schemas/" + componentName(rt.Body) + "Input"}, v)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
