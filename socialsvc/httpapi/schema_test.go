package httpapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// validateSchema checks v (decoded JSON) against a JSON Schema of the
// OpenAPI document. It implements the keywords the generator uses and
// nothing else: $ref (local), type (a name or a list), properties,
// required, additionalProperties (false or a schema), items, enum,
// pattern, minimum, anyOf and format date and date-time. A schema using
// any other keyword fails, so the check cannot silently pass over
// something it does not understand.
func validateSchema(doc map[string]any, schema map[string]any, v any, path string) error {
	for k := range schema {
		switch k {
		case "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "pattern", "minimum",
			"anyOf", "format", "description", "contentEncoding", "contentMediaType":
		default:
			return fmt.Errorf("%s: schema keyword %q not understood by the test validator", path, k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved $ref %s", path, ref)
		}
		return validateSchema(doc, target, v, path)
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		var errs []string
		for _, s := range alts {
			err := validateSchema(doc, s.(map[string]any), v, path)
			if err == nil {
				return nil
			}
			errs = append(errs, err.Error())
		}
		return fmt.Errorf("%s: matches no anyOf alternative: %s", path, strings.Join(errs, " | "))
	}
	if t, ok := schema["type"]; ok {
		var types []string
		switch tt := t.(type) {
		case string:
			types = []string{tt}
		case []any:
			for _, x := range tt {
				types = append(types, x.(string))
			}
		}
		if !slices.Contains(types, jsonTypeOf(v)) && !(jsonTypeOf(v) == "integer" && slices.Contains(types, "number")) {
			return fmt.Errorf("%s: type %s, want %v", path, jsonTypeOf(v), types)
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v not in enum", path, v)
	}
	switch x := v.(type) {
	case string:
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(x) {
			return fmt.Errorf("%s: does not match %s", path, p)
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
				return fmt.Errorf("%s: not a date-time", path)
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, x); err != nil {
				return fmt.Errorf("%s: not a date", path)
			}
		}
	case float64:
		if m, ok := schema["minimum"].(float64); ok && x < m {
			return fmt.Errorf("%s: below minimum", path)
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range x {
				if err := validateSchema(doc, items, e, path+"["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := x[r.(string)]; !ok {
					return fmt.Errorf("%s: required property %q missing", path, r)
				}
			}
		}
		for k, e := range x {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validateSchema(doc, ps, e, path+"."+k); err != nil {
					return err
				}
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					return fmt.Errorf("%s: property %q not in the schema", path, k)
				}
			case map[string]any:
				if err := validateSchema(doc, ap, e, path+"."+k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func jsonTypeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// roundTrip turns a Go value into its decoded-JSON form.
func roundTrip(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}
