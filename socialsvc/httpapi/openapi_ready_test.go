package httpapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// servedDoc returns the document as GET /api/v1/openapi.json serves it.
func servedDoc(t *testing.T, f *fixture) map[string]any {
	t.Helper()
	r := f.do("", "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, r.Status)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	return doc
}

// summaryVerbs are the words a summary may start with: each summary is an
// English imperative sentence ("Delete an activity").
var summaryVerbs = []string{"Get", "List", "Create", "Add", "Replace", "Update", "Delete", "Set", "Move", "Record", "Register", "Erase", "Import", "Export", "Check", "Download", "Merge", "Change"}

// TestOpenAPIGeneratorReady enforces, over the whole served document (so
// over every route and field added later too), what a client generator
// and its reader need: every schema and property described; every input
// schema with its required list and an example; server-set properties
// readOnly and never required; report names and formats as enums;
// import routes that document their file; summaries that read as
// English; every parameter described. It also checks that the tables of
// openapi_docs.go hold no entry that nothing uses.
func TestOpenAPIGeneratorReady(t *testing.T) {
	f := newFixture(t)
	doc := servedDoc(t, f)
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	sent := sentSchemas(comps)
	serverSet := []string{"version", "created_at", "updated_at", "converted", "conversion", "erased", "erased_at", "computed"}
	for name, c := range comps {
		cm := c.(map[string]any)
		if cm["type"] != "object" {
			continue
		}
		assert.NotEmpty(t, cm["description"], "schema %s has no description (schemaDocs)", name)
		props, _ := cm["properties"].(map[string]any)
		for pn, p := range props {
			pm := p.(map[string]any)
			assert.NotEmpty(t, pm["description"], "property %s.%s has no description (fieldDocs)", name, pn)
		}
		if !strings.HasSuffix(name, "Input") {
			continue
		}
		req, ok := cm["required"].([]any)
		assert.True(t, ok, "input schema %s has no required list", name)
		ex, _ := cm["examples"].([]any)
		if sent[name] {
			assert.Len(t, ex, 1, "input schema %s has no example: give a request body that holds it one (bodyExamples)", name)
		}
		for pn, p := range props {
			pm := p.(map[string]any)
			if slices.Contains(serverSet, pn) && !(name == "RegionInput" && pn == "version") {
				assert.Equal(t, true, pm["readOnly"], "%s.%s is set by the server: readOnly", name, pn)
			}
			if pm["readOnly"] == true {
				assert.NotContains(t, req, pn, "%s.%s is readOnly and required", name, pn)
				for _, e := range ex {
					assert.NotContains(t, e, pn, "the example of %s sends the readOnly %s", name, pn)
				}
			}
		}
		for _, r := range req {
			assert.Contains(t, props, r, "%s requires %s, which it does not have", name, r)
		}
	}

	paramRE := regexp.MustCompile(`^[a-z_]+$`)
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			what := strings.ToUpper(method) + " " + path
			sum, _ := op["summary"].(string)
			first, _, _ := strings.Cut(sum, " ")
			assert.Contains(t, summaryVerbs, first, "%s: the summary %q does not start with a verb", what, sum)
			assert.LessOrEqual(t, len(sum), 60, "%s: the summary is longer than 60 characters; put the rest in the description", what)
			assert.NotRegexp(t, `[()\[\];:.]`, sum, "%s: the summary %q is a phrase, not notes; details go in the description", what, sum)
			assert.NotRegexp(t, `\ba [aeiouAEIOU]`, sum, "%s: %q: 'an' before a vowel", what, sum)
			assert.NotRegexp(t, `\ban [^aeiouAEIOU]`, sum, "%s: %q: 'a' before a consonant", what, sum)
			for _, p := range op["parameters"].([]any) {
				pm := p.(map[string]any)
				assert.NotEmpty(t, pm["description"], "%s: parameter %s has no description", what, pm["name"])
				if pm["in"] != "header" {
					assert.Regexp(t, paramRE, pm["name"], what)
				}
				if pm["name"] == "report" {
					enum, _ := pm["schema"].(map[string]any)["enum"].([]any)
					assert.NotEmpty(t, enum, "%s: the report names and formats are not an enum", what)
				}
			}
			body, _ := op["requestBody"].(map[string]any)
			if body == nil {
				continue
			}
			content := body["content"].(map[string]any)
			if js, ok := content["application/json"].(map[string]any); ok {
				assert.NotNil(t, js["example"], "%s: the JSON body has no example (bodyExamples)", what)
			}
			if _, ok := content["text/csv"]; ok && strings.Contains(path, "/imports/") {
				desc, _ := op["description"].(string)
				for _, want := range []string{"Columns", "separated by", "decimal comma", "header", "XLSX", "UTF-8"} {
					assert.Contains(t, desc, want, "%s: the import's description does not document %q", what, want)
				}
				k, err := tabular.Lookup(path[strings.LastIndexByte(path, '/')+1:])
				if strings.HasPrefix(path, "/api/v1/partner-reports/") {
					k = tabular.ReportExpenditure // a report's lines, not a project's
				}
				if assert.NoError(t, err, what) {
					for _, c := range k.Columns() {
						assert.Contains(t, desc, c.Name+"", "%s: column %s undocumented", what, c.Name)
					}
				}
				if strings.HasSuffix(path, "/expenditure") {
					for _, want := range []string{"2024-12-31", "31.12.2024.", "1.234,56"} {
						assert.Contains(t, desc, want, "%s: the formats of dates and amounts are not documented (%q)", what, want)
					}
				}
			}
		}
	}

	// No entry of the tables is left over from a field that is gone.
	has := func(comp, prop string) bool {
		for _, n := range []string{comp, comp + "Input"} {
			if c, ok := comps[n].(map[string]any); ok {
				if props, ok := c["properties"].(map[string]any); ok && props[prop] != nil {
					return true
				}
			}
		}
		return false
	}
	hasAnywhere := func(prop string) bool {
		for n := range comps {
			if has(n, prop) {
				return true
			}
		}
		return false
	}
	for _, table := range []map[string]bool{keysOf(fieldDocs), readOnlyDocs, notRequiredInput, requiredInput, keysOf(requiredWhen)} {
		for key := range table {
			comp, prop, typed := strings.Cut(key, ".")
			if typed {
				assert.True(t, has(comp, prop), "openapi_docs.go: %s names no property of the document", key)
			} else {
				assert.True(t, hasAnywhere(key), "openapi_docs.go: no schema has a property %s", key)
			}
		}
	}
	for name := range schemaDocs {
		_, out := comps[name]
		_, in := comps[name+"Input"]
		assert.True(t, out || in, "schemaDocs: no schema %s", name)
	}
}

// sentSchemas returns the input schemas a client may send: those a request
// body refers to through properties that are not readOnly.
func sentSchemas(comps map[string]any) map[string]bool {
	sent := map[string]bool{}
	var visit func(name string)
	var walk func(s any)
	walk = func(s any) {
		m, ok := s.(map[string]any)
		if !ok || m["readOnly"] == true {
			return
		}
		if ref, ok := m["$ref"].(string); ok {
			visit(strings.TrimPrefix(ref, "#/components/schemas/"))
		}
		for _, k := range []string{"items", "additionalProperties"} {
			walk(m[k])
		}
		for _, k := range []string{"anyOf", "oneOf", "allOf"} {
			if alts, ok := m[k].([]any); ok {
				for _, a := range alts {
					walk(a)
				}
			}
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for _, p := range props {
				walk(p)
			}
		}
	}
	visit = func(name string) {
		if sent[name] {
			return
		}
		sent[name] = true
		walk(comps[name])
	}
	for name := range comps {
		if strings.HasSuffix(name, "Input") && !strings.Contains(name, "Page") {
			// Bodies are the Input schemas no other Input schema needs
			// to reach; visiting every Input root is the same walk.
			if isBodyRoot(comps, name) {
				visit(name)
			}
		}
	}
	return sent
}

// isBodyRoot reports whether no input schema refers to name: it is a
// request body's schema.
func isBodyRoot(comps map[string]any, name string) bool {
	ref := `"#/components/schemas/` + name + `"`
	for other, c := range comps {
		if other == name || !strings.HasSuffix(other, "Input") {
			continue
		}
		b, _ := json.Marshal(c)
		if strings.Contains(string(b), ref) {
			return false
		}
	}
	return true
}

func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// exampleOrder is the order in which the request examples build on each
// other (bodyExamples), with the example whose ID the route's {id} takes.
var exampleOrder = []struct {
	body, parent string // component names
}{
	{"Organisation", ""}, {"Fund", ""}, {"Rate", ""}, {"Project", ""},
	{"Partner", "Project"}, {"WorkPackage", "Project"}, {"Activity", "Project"}, {"Event", "Project"},
	{"Beneficiary", ""}, {"Participation", "Project"}, {"Attendance", "Event"}, {"Indicator", "Project"}, {"Measurement", "Indicator"},
	{"BudgetLine", "Project"}, {"Expenditure", "Project"}, {"Transition", "Project"},
	{"PartnerReport", "Project"}, {"ReportExpenditure", "PartnerReport"}, {"Advance", "Project"},
}

// examplesElsewhere are the request examples that cannot be replayed as
// an admin in exampleOrder, because they need a step of the reporting
// cycle that only another role makes (a controller takes a report into
// control) or leave a report that the examples after them could no
// longer add lines to; TestCycleOverHTTP sends each of them.
var examplesElsewhere = map[string]string{
	"ReportTransition":        "submits the partner report, which then takes no more lines",
	"ControlDecisions":        "needs a report in control, which only its controller takes",
	"CarryRequest":            "needs a certified report with a parked line",
	"ProjectReport":           "needs a certified partner report",
	"ProjectReportTransition": "needs a submitted project report",
}

// TestOpenAPIExamplesAreAccepted sends the document's request examples,
// in exampleOrder, to the routes that create with them: each is accepted
// as it stands. Then, on each create route, leaving out a property the
// body schema requires is a 400 naming it, and leaving out one it does not
// require is never that: the required lists say what the server needs.
func TestOpenAPIExamplesAreAccepted(t *testing.T) {
	f := newFixture(t)
	doc := servedDoc(t, f)
	type creator struct {
		method, path string
		status       int
		example      map[string]any
		required     []any
	}
	creators := map[string]creator{}
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, rt := range f.h.routes {
		if rt.Body == nil || (rt.Method != "POST" && rt.Op != "putRate") {
			continue
		}
		name := componentName(rt.Body)
		op := doc["paths"].(map[string]any)[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		ex, _ := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"].(map[string]any)
		req, _ := comps[name+"Input"].(map[string]any)["required"].([]any)
		creators[name] = creator{rt.Method, rt.Path, rt.Status, ex, req}
	}
	done := map[string]bool{}
	for _, o := range exampleOrder {
		c, ok := creators[o.body]
		require.True(t, ok, "no route creates a %s", o.body)
		require.NotNil(t, c.example, "%s has no example", o.body)
		path := c.path
		if o.parent != "" {
			path = strings.Replace(path, "{id}", creators[o.parent].example["id"].(string), 1)
		}
		r := f.do("admin", c.method, path, c.example)
		require.Equal(t, c.status, r.Status, "%s %s with the document's example: %s", c.method, path, r.Body)
		conforms(t, c.method, c.path, path, c.example, nil, r)
		done[o.body] = true
	}
	for name := range creators {
		_, elsewhere := examplesElsewhere[name]
		assert.True(t, done[name] || elsewhere, "the example of %s is not in exampleOrder", name)
	}

	// Leave each property out in turn.
	for _, o := range exampleOrder {
		c := creators[o.body]
		if c.status != 201 {
			continue
		}
		path := c.path
		if o.parent != "" {
			path = strings.Replace(path, "{id}", creators[o.parent].example["id"].(string), 1)
		}
		for prop := range c.example {
			if prop == "id" {
				continue
			}
			body := map[string]any{}
			for k, v := range c.example {
				if k != prop && k != "id" {
					body[k] = v
				}
			}
			before := f.auditCount()
			r := f.do("admin", "POST", path, body)
			named := r.Status == 400 && strings.Contains(string(r.Body), fmt.Sprintf(`"field":"%s`, prop))
			if r.Status >= 400 {
				assert.Equal(t, before, f.auditCount(), "%s without %s: a refused create wrote something", o.body, prop)
			}
			cond, conditional := requiredWhen[o.body+"."+prop]
			if conditional && c.example[cond[0]] == cond[1] {
				assert.True(t, named, "%s without %s while %s is %s: want 400 naming it", o.body, prop, cond[0], cond[1])
				continue
			}
			if slices.Contains(c.required, any(prop)) {
				assert.True(t, named, "%s without %s: want 400 naming it (it is required), got %d %s", o.body, prop, r.Status, r.Body)
			} else {
				assert.False(t, named, "%s without %s is refused naming it: add it to required", o.body, prop)
			}
		}
	}
}
