package httpapi

import (
	"encoding"
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The OpenAPI document is generated from the route table and from the Go
// types the handlers decode and encode, by reflection over their JSON
// tags, so that it describes what the code does rather than what someone
// remembered to write down. Response schemas are strict (required fields,
// no additional properties), which is what lets the tests catch a type
// that changed without the document following.

// OpenAPI returns the OpenAPI 3.1 document of the handler's routes.
func (h *Handler) OpenAPI() map[string]any {
	g := &schemaGen{components: map[string]any{}}
	paths := map[string]any{}
	for _, rt := range h.routes {
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = g.operation(rt)
	}
	g.components["Problem"] = g.structSchema(reflect.TypeFor[Problem](), true)
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "go-socialsvc API",
			"version": "1.0.0",
			"summary": "EU-co-financed social-service projects: partners, budgets, co-financing, events, beneficiaries, indicators and reports.",
			"description": "Errors are RFC 9457 problem documents (application/problem+json) with the library's error code. " +
				"Entities carry a version as a strong ETag (\"v3\"); PUT and DELETE need If-Match (428 without, 412 when stale). " +
				"Who may write what is the store's rule (store.Role): the lead partner's editors write the project's data and partners, each partner's editors its own budget, expenditure and co-financing, admins (the programme) decide the project's status; a refused write is 403 and changes nothing. " +
				"Lists are paged by cursor in the order ?sort= names (each list route's enum: id and -id everywhere; projects and events also by start date, " +
				"expenditure by date, measurements by period; ties by id in the same direction).",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{}, map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": g.components,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "ssv_<id>_<secret> tokens, or the host application's own authentication"},
			},
		},
	}
}

// openapiDoc is the document, built once per Handler on first request.
type openapiDoc struct {
	once sync.Once
	b    []byte
	err  error
}

func (h *Handler) openapiH(w http.ResponseWriter, r *http.Request) error {
	h.doc.once.Do(func() { h.doc.b, h.doc.err = json.MarshalIndent(h.OpenAPI(), "", "  ") })
	if h.doc.err != nil {
		return h.doc.err
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(h.doc.b)
	return nil
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

func problemResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
}

func (g *schemaGen) operation(rt *route) map[string]any {
	op := map[string]any{"operationId": rt.Op, "summary": rt.Summary, "tags": []any{rt.Tag}}
	if rt.Desc != "" {
		op["description"] = rt.Desc
	}
	var params []any
	for _, m := range pathParamRE.FindAllStringSubmatch(rt.Path, -1) {
		p := map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"},
			"description": pathParamDocs[m[1]]}
		if m[1] == "report" && rt.Reports != nil {
			p["schema"] = map[string]any{"type": "string", "enum": toAny(rt.Reports.values())}
		}
		params = append(params, p)
	}
	for _, q := range rt.Query {
		s := map[string]any{"type": "string"}
		switch q.Type {
		case "integer":
			s = map[string]any{"type": "integer", "minimum": 0}
		case "date":
			s = map[string]any{"type": "string", "format": "date"}
		}
		if len(q.Enum) > 0 {
			s["enum"] = toAny(q.Enum)
		}
		p := map[string]any{"name": q.Name, "in": "query", "required": false, "schema": s, "description": queryParamDocs[q.Name]}
		if q.Desc != "" {
			p["description"] = q.Desc
		}
		params = append(params, p)
	}
	switch rt.IfMatch {
	case ifMatchRequired:
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true, "schema": map[string]any{"type": "string"},
			"description": "the ETag of the version read"})
	case ifMatchOptional:
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": false, "schema": map[string]any{"type": "string"},
			"description": "the ETag of the version read; when given, a stale one is refused with 412"})
	}
	if rt.Method != "GET" {
		params = append(params, map[string]any{"name": reasonHeader, "in": "header", "required": false,
			"schema":      map[string]any{"type": "string", "maxLength": store.MaxReasonLen},
			"description": "why the write is made, recorded in the audit log (store.WithReason); required for an admin's correction of a closed project's money, attendance or measurements"})
	}
	params = append(params, map[string]any{"name": "Accept-Language", "in": "header", "required": false, "schema": map[string]any{"type": "string"},
		"description": "the reader's languages; used when neither ?lang= nor the lang cookie names a shipped language (hr, en, sl, sr-Latn, sq), matched by golang.org/x/text/language; English when none matches"})
	if len(params) > 0 {
		op["parameters"] = params
	}
	switch {
	case rt.Body != nil && rt.MergePatch:
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			ctMergePatch: map[string]any{"schema": g.patchSchema(rt.Body, rt.ReadOnly)}}}
	case rt.Body != nil:
		media := map[string]any{"schema": g.schema(rt.Body, false)}
		if ex := g.exampleOf(rt.Body); ex != nil {
			media["example"] = ex
		}
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": media}}
	case rt.Upload:
		file := map[string]any{"type": "string", "contentMediaType": "application/octet-stream", "description": "the CSV or XLSX file"}
		op["requestBody"] = map[string]any{"required": true, "description": rt.Desc, "content": map[string]any{
			"text/csv": map[string]any{"schema": map[string]any{"type": "string", "description": "the CSV file, UTF-8"}},
			ctXLSX:     map[string]any{"schema": file},
			"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []any{"file"},
				"properties": map[string]any{"file": file}}},
		}}
		if rt.UploadJSON {
			op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"] = map[string]any{"schema": map[string]any{"type": "array",
				"description": "the Commission's monthly InforEuro list as its public API returns it: rows of country, currency, isoA3Code, isoA2Code, value, comment"},
				"example": []any{map[string]any{"country": "United Kingdom", "currency": "Pound sterling", "isoA3Code": "GBP", "isoA2Code": "GB", "value": 0.8731, "comment": nil}}}
		}
	}
	success := map[string]any{"description": http.StatusText(rt.Status)}
	content := map[string]any{}
	switch {
	case rt.Resp != nil:
		content["application/json"] = map[string]any{"schema": g.schema(rt.Resp, true)}
	case rt.Op == "openapi":
		content["application/json"] = map[string]any{"schema": map[string]any{"type": "object", "required": []any{"openapi", "paths"}}}
	case len(rt.Produces) > 0 && !rt.File:
		// A report's JSON has the common head below and the report's own
		// tables beside it (see the report package).
		content["application/json"] = map[string]any{"schema": map[string]any{"type": "object",
			"description": "A report: the common head below, and the report's own tables beside it (the report package documents each).",
			"required":    []any{"kind", "title", "lang", "generated_at", "notes", "warnings"},
			"properties": map[string]any{
				"kind":         map[string]any{"type": "string", "description": "The report's name (financial, indicators, beneficiaries, participants, portfolio)."},
				"title":        map[string]any{"description": "The report's title."},
				"lang":         map[string]any{"type": "string", "description": "The language of the labels and notes: one of hr, en, sl, sr-Latn, sq."},
				"generated_at": map[string]any{"type": "string", "format": "date-time", "description": "When the report was made (UTC)."},
				"notes":        map[string]any{"type": "array", "description": "What a reader must know to read the figures."},
				"warnings":     map[string]any{"type": "array", "description": "What is wrong or missing in the data behind the figures."},
			}}}
	}
	for _, ct := range rt.Produces {
		if rt.Upload {
			continue
		}
		content[ct] = map[string]any{"schema": map[string]any{"type": "string"}}
	}
	if len(content) > 0 {
		success["content"] = content
	}
	if rt.ETag {
		success["headers"] = map[string]any{"ETag": map[string]any{"description": "the version, as \"v<version>\"", "schema": map[string]any{"type": "string"}}}
	}
	responses := map[string]any{strconv.Itoa(rt.Status): success}
	for _, st := range rt.errorStatuses() {
		resp := problemResponse(http.StatusText(st))
		if rt.Upload && st == 400 {
			// A media type object has no description (OpenAPI 3.1 §4.8.14);
			// the schema carries it.
			resp["content"].(map[string]any)["text/csv"] = map[string]any{"schema": map[string]any{"type": "string",
				"description": "the row errors as CSV (row, column, rule, message) when asked for with Accept: text/csv or ?errors=csv"}}
		}
		responses[strconv.Itoa(st)] = resp
	}
	op["responses"] = responses
	if rt.Auth == authPublic {
		op["security"] = []any{map[string]any{}, map[string]any{"bearer": []any{}}}
	} else {
		op["security"] = []any{map[string]any{"bearer": []any{}}}
	}
	return op
}

// errorStatuses lists the statuses a route may answer with besides
// success.
func (rt *route) errorStatuses() []int {
	s := []int{400, 500}
	if rt.Auth != authPublic || rt.Method != "GET" || strings.Contains(rt.Path, "{") {
		s = append(s, 401, 403)
	}
	if strings.Contains(rt.Path, "{") || rt.Method == "POST" {
		s = append(s, 404)
	}
	if rt.Method != "GET" {
		s = append(s, 409)
	}
	if rt.Body != nil || rt.Upload {
		s = append(s, 413, 415)
	}
	switch rt.IfMatch {
	case ifMatchRequired:
		s = append(s, 412, 428)
	case ifMatchOptional:
		s = append(s, 412)
	}
	slices.Sort(s)
	return s
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// schemaGen builds JSON Schemas (2020-12, as OpenAPI 3.1 uses) for Go
// types, registering named structs as components.
type schemaGen struct {
	components map[string]any
}

var (
	typeTime     = reflect.TypeFor[time.Time]()
	typeDate     = reflect.TypeFor[socialsvc.Date]()
	typeMonth    = reflect.TypeFor[socialsvc.Month]()
	typeMoney    = reflect.TypeFor[socialsvc.Money]()
	typeDecimal  = reflect.TypeFor[decimal.Decimal]()
	typeRaw      = reflect.TypeFor[json.RawMessage]()
	typeTextMars = reflect.TypeFor[encoding.TextMarshaler]()
	typeI18n     = reflect.TypeFor[socialsvc.I18n]()
	typeLang     = reflect.TypeFor[socialsvc.Lang]()
)

// langPattern is the form of the language tags socialsvc.ValidTextLang
// accepts: an ISO 639-1 language, optionally a script and a region
// ("hr", "sr-Latn", "pt-BR", "es-419"). The pattern is the shape; the
// server also checks that the subtags exist.
const langPattern = `^[a-z]{2}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`

// englishName is a language's name in English from CLDR, with its script
// where the tag names one ("Serbian (Latin)"); CLDR's name for the whole
// tag sr-Latn is "Serbo-Croatian", which is not what it means here.
func englishName(l socialsvc.Lang) string {
	base, script, _ := language.Make(string(l)).Raw()
	name := display.English.Languages().Name(base)
	if strings.Contains(string(l), "-"+script.String()) {
		name += " (" + display.English.Scripts().Name(script) + ")"
	}
	return name
}

// textSchema is the schema of a text in any number of languages, as sent
// and read (patch false) or in a merge patch, where a language set to null
// is removed and the others are kept. The shipped languages are named
// properties and the others additionalProperties: a propertyNames pattern
// would be the exact rule, but kin-openapi validates a schema using it
// with a JSON Schema 2020 validator that ignores readOnly, which would
// blind the tests that check requests against the document. The server
// checks every key (socialsvc.ValidTextLang).
func textSchema(patch bool) map[string]any {
	value := func() any {
		text := map[string]any{"type": "string", "maxLength": socialsvc.MaxTextLength}
		if patch {
			return map[string]any{"anyOf": []any{text, map[string]any{"type": "null"}}}
		}
		return text
	}
	props := map[string]any{}
	// The shipped languages are the named properties, under their names
	// in English from CLDR ("Serbian (Latin)").
	for _, l := range i18n.Languages() {
		name := englishName(l)
		p := value().(map[string]any)
		p["description"] = "The text in " + name + "."
		if patch {
			p["description"] = "The text in " + name + "; null removes it."
		}
		props[string(l)] = p
	}
	desc := schemaDocs["I18n"]
	if patch {
		desc = schemaDocs["I18nPatch"]
	}
	other := value().(map[string]any)
	other["description"] = "The text in another language, under its BCP 47 tag (" + langPattern + ")."
	return map[string]any{"type": "object", "description": desc, "properties": props, "additionalProperties": other,
		"maxProperties": socialsvc.MaxTextLanguages,
		"examples":      []any{map[string]any{"sl": "Socialna aktivacija", "hr": "Socijalna aktivacija", "en": "Social activation"}}}
}

// enums lists the values of the domain's string types.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[socialsvc.Status]():        enumOf(socialsvc.Statuses),
	reflect.TypeFor[socialsvc.EventType]():     enumOf(socialsvc.EventTypes),
	reflect.TypeFor[socialsvc.LegalStatus]():   enumOf(socialsvc.LegalStatuses),
	reflect.TypeFor[socialsvc.CostCategory]():  enumOf(socialsvc.CostCategories),
	reflect.TypeFor[socialsvc.FlatRateKind]():  enumOf(socialsvc.FlatRateKinds),
	reflect.TypeFor[socialsvc.Role]():          {"lead", "partner", "associated"},
	reflect.TypeFor[socialsvc.FundKind]():      {"eu", "national", "regional", "city", "foreign_government", "private", "other"},
	reflect.TypeFor[socialsvc.Gender]():        {"", "female", "male", "other"},
	reflect.TypeFor[socialsvc.AgeBand]():       append([]string{""}, enumOf(socialsvc.AgeBands)...),
	reflect.TypeFor[socialsvc.LegalBasis]():    {"consent", "contract", "legal_obligation", "vital_interest", "public_task", "legitimate_interest"},
	reflect.TypeFor[socialsvc.IndicatorKind](): {"output", "result"},
	reflect.TypeFor[socialsvc.ValueSource]():   {"computed", "entered"},
	reflect.TypeFor[socialsvc.Computation]():   {"events", "visits", "individuals", "organisations", "participants"},
	reflect.TypeFor[Role]():                    {"", "viewer", "editor", "admin", "controller"},
	reflect.TypeFor[socialsvc.ReportStatus]():  enumOf(socialsvc.ReportStatuses),
	reflect.TypeFor[socialsvc.ProjectReportStatus](): {string(socialsvc.ProjectReportDraft), string(socialsvc.ProjectReportSubmitted),
		string(socialsvc.ProjectReportVerified), string(socialsvc.ProjectReportReturned)},
	reflect.TypeFor[socialsvc.ErrorType]():    append([]string{""}, enumOf(socialsvc.ErrorTypes)...),
	reflect.TypeFor[socialsvc.LabourStatus](): append([]string{""}, enumOf(socialsvc.LabourStatuses)...),
	reflect.TypeFor[socialsvc.Answer]():       {"", string(socialsvc.AnswerYes), string(socialsvc.AnswerNo), string(socialsvc.Refused)},
	reflect.TypeFor[socialsvc.Outcome]():      enumOf(append(slices.Clone(socialsvc.ExitOutcomes), socialsvc.OutcomeImproved)),
	reflect.TypeFor[socialsvc.ResultSource](): {string(socialsvc.SourceAsked), string(socialsvc.SourceRegister)},
	reflect.TypeFor[socialsvc.ContributionSource](): {string(socialsvc.ContributionPublic), string(socialsvc.ContributionAutomaticPublic),
		string(socialsvc.ContributionPrivate)},
	reflect.TypeFor[socialsvc.RateRuleKind](): {"", string(socialsvc.RateInforEuroIncurred), string(socialsvc.RateInforEuroSubmitted), string(socialsvc.RateContract)},
	reflect.TypeFor[socialsvc.RateBasis](): {"", string(socialsvc.RateBasisSameCurrency), string(socialsvc.RateBasisFixedHRK), string(socialsvc.RateBasisInforEuro),
		string(socialsvc.RateBasisContract), string(socialsvc.RateBasisEntered), string(socialsvc.RateBasisPlanning)},
}

// componentName names a struct type in components: its Go name, and for
// generic pages the element's name plus "Page".
func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := name[i+1 : len(name)-1]
		if j := strings.LastIndexByte(inner, '.'); j >= 0 {
			inner = inner[j+1:]
		}
		return inner + name[:i]
	}
	return name
}

// schema returns the schema of t; strict schemas (responses) require the
// fields that are always written; both kinds forbid others.
func (g *schemaGen) schema(t reflect.Type, strict bool) map[string]any {
	switch t {
	case typeTime:
		return map[string]any{"type": "string", "format": "date-time"}
	case typeDate:
		return map[string]any{"type": "string", "pattern": `^(\d{4}-\d{2}-\d{2})?$`, "description": "a date YYYY-MM-DD, or empty"}
	case typeMonth:
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}$`}
	case typeDecimal:
		return map[string]any{"type": "string", "pattern": `^-?\d+(\.\d+)?$`, "description": "a decimal number as a string"}
	case typeRaw:
		return map[string]any{}
	case typeLang:
		return map[string]any{"type": "string", "pattern": langPattern, "description": "a BCP 47 language tag such as hr, sl, en or sr-Latn"}
	case typeI18n:
		if _, ok := g.components["I18n"]; !ok {
			g.components["I18n"] = textSchema(false)
		}
		return map[string]any{"$ref": "#/components/schemas/I18n"}
	case typeMoney:
		if _, ok := g.components["Money"]; !ok {
			g.components["Money"] = map[string]any{"type": "object", "additionalProperties": false, "required": []any{"amount", "currency"},
				"description": schemaDocs["Money"],
				"properties": map[string]any{
					"amount":   map[string]any{"type": "string", "pattern": `^-?\d+\.\d{2}$`, "description": fieldDocs["Money.amount"]},
					"currency": map[string]any{"type": "string", "pattern": `^[A-Z]{3}$`, "description": fieldDocs["Money.currency"]}}}
		}
		return map[string]any{"$ref": "#/components/schemas/Money"}
	}
	if vs, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": toAny(vs)}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.schema(t.Elem(), strict)
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": []any{"array", "null"}, "items": g.schema(t.Elem(), strict)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), strict)}
	case reflect.Struct:
		if t.Implements(typeTextMars) {
			return map[string]any{"type": "string"}
		}
		name := componentName(t)
		if !strict {
			name += "Input"
		}
		if _, ok := g.components[name]; !ok {
			g.components[name] = map[string]any{} // placeholder against recursion
			g.components[name] = g.structSchema(t, strict)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// patchSchema is the schema of a JSON Merge Patch of t (RFC 7396): the
// fields of t's input schema but readOnly, none required, each of which may
// be null (remove the field); objects nested in t are patches of their own
// type.
// Values that are one JSON value in the document (amounts, dates) are
// sent whole.
func (g *schemaGen) patchSchema(t reflect.Type, readOnly []string) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == typeI18n {
		// A patch of a text is merged language by language.
		if _, ok := g.components["I18nPatch"]; !ok {
			g.components["I18nPatch"] = textSchema(true)
		}
		return map[string]any{"$ref": "#/components/schemas/I18nPatch"}
	}
	if t.Kind() != reflect.Struct || t == typeMoney || t == typeTime || t == typeDate || t == typeMonth || t == typeDecimal || t == typeRaw ||
		t.Implements(typeTextMars) {
		return g.schema(t, false)
	}
	// The server-set fields are left out: a patch naming one is refused.
	name := componentName(t) + "Patch"
	if _, ok := g.components[name]; !ok {
		g.components[name] = map[string]any{} // placeholder against recursion
		input := map[string]any{}
		var required []any
		g.fields(componentName(t), t, false, input, &required)
		props := map[string]any{}
		for pname := range input {
			if slices.Contains(readOnly, pname) {
				continue
			}
			props[pname] = map[string]any{"anyOf": []any{g.patchSchema(fieldType(t, pname), nil), map[string]any{"type": "null"}}}
			if d, ok := input[pname].(map[string]any)["description"]; ok {
				props[pname].(map[string]any)["description"] = d
			}
		}
		g.components[name] = map[string]any{"type": "object", "properties": props, "additionalProperties": false,
			"description": "a JSON Merge Patch (RFC 7396): the fields to change; null removes a field"}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// fieldType is the type of the field of struct t whose JSON name is name.
func fieldType(t reflect.Type, name string) reflect.Type {
	if ft, ok := jsonFields(t)[name]; ok {
		return ft
	}
	return typeRaw
}

func (g *schemaGen) structSchema(t reflect.Type, strict bool) map[string]any {
	props := map[string]any{}
	var required []any
	comp := componentName(t)
	g.fields(comp, t, strict, props, &required)
	// Request bodies are decoded with DisallowUnknownFields, so input
	// schemas forbid unknown properties as response schemas do.
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if d := schemaDocs[comp]; d != "" {
		s["description"] = d
	}
	if !strict {
		var conds []any
		for _, key := range slices.Sorted(maps.Keys(requiredWhen)) {
			c := requiredWhen[key]
			if typ, prop, _ := strings.Cut(key, "."); typ == comp {
				conds = append(conds, map[string]any{
					"if":   map[string]any{"properties": map[string]any{c[0]: map[string]any{"const": c[1]}}, "required": []any{c[0]}},
					"then": map[string]any{"required": []any{prop}}})
			}
		}
		if len(conds) > 0 {
			s["allOf"] = conds
		}
	}
	// An input schema always says what it requires, an empty list
	// included, so that a reader (and a generator) need not guess.
	if len(required) > 0 || !strict {
		if required == nil {
			required = []any{}
		}
		s["required"] = required
	}
	return s
}

// fields adds the properties of struct t to props, with their
// descriptions and readOnly marks (openapi_docs.go). In responses (strict)
// a property is required when it is always written; in request bodies
// when the library rejects a record without it (its validate tag starts
// with a rule of requiredRules) and the server does not fill it in
// (notRequiredInput). Server-set properties are never required of a
// request.
func (g *schemaGen) fields(comp string, t reflect.Type, strict bool, props map[string]any, required *[]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(comp, ft, strict, props, required)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		p := g.schema(ft, strict)
		if d, ok := docKey(fieldDocs, comp, name); ok {
			p["description"] = d
		}
		ro, _ := docKey(readOnlyDocs, comp, name)
		if ro {
			p["readOnly"] = true
		}
		props[name] = p
		if strict {
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
				*required = append(*required, name)
			}
			continue
		}
		rule, _, _ := strings.Cut(f.Tag.Get("validate"), ",")
		must, _ := docKey(requiredInput, comp, name)
		if skip, _ := docKey(notRequiredInput, comp, name); (requiredRules[rule] || must) && !skip && !ro {
			*required = append(*required, name)
		}
	}
}
