package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// checkJSON walks one JSON value against the Go type it will be decoded
// into, before encoding/json sees it, and reports what encoding/json would
// let through or report without a field:
//
//   - a key given twice in one object (encoding/json keeps the last one
//     silently, so two readers of one body could disagree);
//   - a key that matches a field only case-insensitively ("Name" for
//     "name"): it is an unknown field, not an alias;
//   - invalid UTF-8, and escapes of lone surrogates ("\ud800"), in strings
//     and keys (encoding/json replaces them with U+FFFD and stores that);
//   - a JSON type that does not fit the field, named by its full path
//     ("partners[2].number"), not only its last name;
//   - the errors of the types that parse themselves (socialsvc.Money,
//     socialsvc.Date, decimals) with the path of the value in front, so
//     that an amount given as a JSON number is "amount.amount" and a date
//     that does not exist is "start".
//
// Field paths are JSON paths as socialsvc.FieldError uses them; values are
// never repeated in messages. data must be one complete JSON value (the
// caller checks trailing data).
func checkJSON(data []byte, t reflect.Type) error {
	c := &jsonChecker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	c.dec.UseNumber()
	return c.value(t, "", 0)
}

// maxJSONDepth bounds nesting: the records of this API are at most four
// levels deep, and a bound keeps the walk's recursion small whatever a
// client sends.
const maxJSONDepth = 32

type jsonChecker struct {
	data []byte
	dec  *json.Decoder
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
)

// token reads the next token and the bytes it was read from.
func (c *jsonChecker) token() (json.Token, []byte, error) {
	start := c.dec.InputOffset()
	tok, err := c.dec.Token()
	if errors.Is(err, io.EOF) {
		// The walk only asks for a token inside a value.
		return nil, nil, io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, nil, err
	}
	return tok, c.data[start:c.dec.InputOffset()], nil
}

// value checks the value that starts at the next token against t (nil: any
// JSON, checked for keys and strings only).
func (c *jsonChecker) value(t reflect.Type, path string, depth int) error {
	if depth > maxJSONDepth {
		return socialsvc.FieldErr(pathOr(path), "depth", "err.depth")
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t != rawMessageType && t.Kind() != reflect.Interface {
		if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
			return c.selfParsed(t, path, depth, false)
		}
		if reflect.PointerTo(t).Implements(textUnmarshaler) {
			return c.selfParsed(t, path, depth, true)
		}
	} else {
		t = nil
	}
	tok, raw, err := c.token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			if t != nil && t.Kind() != reflect.Struct && t.Kind() != reflect.Map {
				return typeErr(path, t)
			}
			return c.object(t, path, depth)
		case '[':
			if t != nil && t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
				return typeErr(path, t)
			}
			var elem reflect.Type
			if t != nil {
				elem = t.Elem()
			}
			for i := 0; c.dec.More(); i++ {
				if err := c.value(elem, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
			_, _, err := c.token() // ']'
			return err
		}
	case string:
		if err := checkString(v, raw, pathOr(path)); err != nil {
			return err
		}
		if t != nil && t.Kind() != reflect.String {
			return typeErr(path, t)
		}
	case json.Number:
		if t == nil {
			return nil
		}
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if _, err := strconv.ParseInt(v.String(), 10, 64); err != nil {
				return socialsvc.FieldErr(pathOr(path), "type", "err.type")
			}
		case reflect.Float32, reflect.Float64:
		default:
			return typeErr(path, t)
		}
	case bool:
		if t != nil && t.Kind() != reflect.Bool {
			return typeErr(path, t)
		}
	case nil:
		// null leaves a field as it is, for every type.
	}
	return nil
}

// object checks the members of an object whose '{' was read.
func (c *jsonChecker) object(t reflect.Type, path string, depth int) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	} else if t != nil {
		elem = t.Elem()
	}
	seen := map[string]bool{}
	for c.dec.More() {
		tok, raw, err := c.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		at := key
		if path != "" {
			at = path + "." + key
		}
		if key == "" || len(key) > 64 || !utf8.ValidString(key) {
			// No field of the API has such a name; the error names the
			// enclosing object rather than repeat an odd key.
			at = pathOr(path)
		}
		if err := checkString(key, raw, pathOr(path)); err != nil {
			return err
		}
		if seen[key] {
			return socialsvc.FieldErr(at, "duplicate", "err.duplicate")
		}
		seen[key] = true
		ft := elem
		if fields != nil {
			var ok bool
			if ft, ok = fields[key]; !ok {
				return socialsvc.FieldErr(at, "unknown", "err.unknown")
			}
		}
		if err := c.value(ft, at, depth+1); err != nil {
			return err
		}
	}
	_, _, err := c.token() // '}'
	return err
}

// selfParsed checks a value of a type that parses itself: its keys and
// strings like any JSON, then the type's own parser on the value's bytes,
// whose field errors get the value's path in front.
func (c *jsonChecker) selfParsed(t reflect.Type, path string, depth int, text bool) error {
	start := c.dec.InputOffset()
	if err := c.value(nil, path, depth); err != nil {
		return err
	}
	raw := bytes.TrimLeft(c.data[start:c.dec.InputOffset()], " \t\r\n,:")
	if bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if t == decimalType && len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		// As for amounts: a JSON number may have passed through a float
		// in the client and be wrong already. The document says string.
		return socialsvc.FieldErr(pathOr(path), "type", "err.type_2")
	}
	v := reflect.New(t)
	var err error
	if text {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return typeErr(path, reflect.TypeFor[string]())
		}
		err = v.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	} else {
		err = v.Interface().(json.Unmarshaler).UnmarshalJSON(raw)
	}
	if err == nil {
		return nil
	}
	var se *socialsvc.Error
	if errors.As(err, &se) && len(se.Fields) > 0 {
		return socialsvc.PrefixFields(se, path)
	}
	// A parser outside the library (decimal) says nothing we may show:
	// name the field and the expected form.
	return socialsvc.FieldErr(pathOr(path), "format", "err.format")
}

// checkString rejects a string or key whose bytes are not valid UTF-8 or
// that escapes a lone surrogate: encoding/json would store U+FFFD in its
// place, a silent repair.
func checkString(s string, raw []byte, path string) error {
	if !utf8.Valid(raw) {
		return socialsvc.FieldErr(path, "utf8", "err.utf8")
	}
	if strings.ContainsRune(s, utf8.RuneError) && !bytes.Contains(raw, []byte("\uFFFD")) &&
		!bytes.Contains(bytes.ToLower(raw), []byte(`\ufffd`)) {
		return socialsvc.FieldErr(path, "utf8", "err.utf8_2")
	}
	return nil
}

func pathOr(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

func typeErr(path string, t reflect.Type) error {
	kind := jsonType(t.Kind().String())
	return socialsvc.FieldErrf(pathOr(path), "type", "err.type_3", socialsvc.Args{"Kind": kind})
}

// jsonFields maps the exact JSON names of a struct's fields (the ones
// encoding/json decodes, embedded structs flattened) to their types.
var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	addJSONFields(t, m, 0)
	fieldCache.Store(t, m)
	return m
}

func addJSONFields(t reflect.Type, m map[string]reflect.Type, depth int) {
	if depth > 8 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addJSONFields(ft, m, depth+1)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := m[name]; !dup || depth == 0 {
			m[name] = f.Type
		}
	}
}
