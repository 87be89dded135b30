package socialsvc

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// I18n is a text of the data (a title, a description, the name of a fund,
// an indicator, a unit cost...) in any number of languages: a map from a
// BCP 47 language tag to the text in that language.
//
//	socialsvc.I18n{"sl": "Socialna aktivacija", "hr": "Socijalna aktivacija", "en": "Social activation"}
//
// In JSON it is the same object, {"sl": "…", "hr": "…", "en": "…"}, so the
// Croatian/English pair of earlier versions ({"hr": "…", "en": "…"}) is
// read unchanged. An empty text is no text: In skips it, IsZero ignores
// it, and JSON input and Clone drop it, so "" and a missing language are
// one thing in every store.
//
// Keys are checked by ValidTextLang when the record holding the text is
// validated (the field error names the key: "title.xx"), and each text may
// be at most MaxTextLength characters. A nil I18n is the empty text and is
// written as {}.
//
// An I18n is a map: a value read from a store is the caller's own copy, and
// two records never share one, but assigning one I18n to another shares it
// (use Clone).
type I18n map[Lang]string

// MaxTextLength is the longest text, in characters, of one language of an
// I18n.
const MaxTextLength = 10000

// MaxTextLanguages is the most languages one I18n may hold: more than any
// project publishes in, and a bound on what one field can make the server
// store.
const MaxTextLanguages = 32

// In returns the text in the first language of the fallback order that has
// one: lang, then the project's own languages own in their order (a
// project's Languages), then English (i18n.Fallback), then any language
// the text has, in the order of their tags, so that a text that exists is
// never shown as empty. It returns "" only for a text in no language.
//
// Tags are compared exactly: a text in "sr-Latn" is not taken for "sr".
func (t I18n) In(lang Lang, own ...Lang) string {
	if len(t) == 0 {
		return ""
	}
	for _, l := range i18n.Fallback(lang, own) {
		if s := t[l]; s != "" {
			return s
		}
	}
	for _, l := range slices.Sorted(maps.Keys(t)) {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// Has reports whether t has a text in lang itself, without falling back.
func (t I18n) Has(lang Lang) bool { return t[lang] != "" }

// Langs returns the languages t has a text in, in the order of their tags.
func (t I18n) Langs() []Lang {
	out := make([]Lang, 0, len(t))
	for l, s := range t {
		if s != "" {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// IsZero reports whether t has no text in any language.
func (t I18n) IsZero() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// Clone returns a copy of t that shares no memory with it, without the
// empty texts; nil when t has no text.
func (t I18n) Clone() I18n {
	var out I18n
	for l, s := range t {
		if s == "" {
			continue
		}
		if out == nil {
			out = make(I18n, len(t))
		}
		out[l] = s
	}
	return out
}

// Equal reports whether t and u have the same texts (empty texts count as
// missing).
func (t I18n) Equal(u I18n) bool {
	for l, s := range t {
		if u[l] != s {
			return false
		}
	}
	for l, s := range u {
		if t[l] != s {
			return false
		}
	}
	return true
}

// MarshalJSON writes t as an object of its non-empty texts, keys in order;
// the empty text is {}.
func (t I18n) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("{}"), nil
	}
	return json.Marshal(map[Lang]string(t.Clone()))
}

// UnmarshalJSON reads an object of texts by language. A null or empty
// member is no text; a member that is not a JSON string is an Invalid
// error naming its key. Keys are not checked here but by validation, which
// reports every wrong key at once.
func (t *I18n) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*t = nil
		return nil
	}
	var raw map[string]json.RawMessage
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &raw) != nil {
		return &Error{Code: Invalid, Message: "invalid text", Fields: []FieldError{NewFieldError("", "type", "err.text.object", nil)}}
	}
	var out I18n
	for k, v := range raw {
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return FieldErr(textKeyPath("", k), "type", "err.text.string")
		}
		if s == "" {
			continue
		}
		if out == nil {
			out = make(I18n, len(raw))
		}
		out[Lang(k)] = s
	}
	*t = out
	return nil
}

// ValidTextLang reports whether tag may be a language of a text: a BCP 47
// tag of a language, optionally with a script and a region ("hr", "sl",
// "sr-Latn", "pt-BR"), written in the canonical form golang.org/x/text
// prints ("sr-Latn", not "sr-latn" or "sr_Latn": nothing is repaired), of
// a language that has a two-letter ISO 639-1 code. Languages the library
// has no catalogue for are allowed (a Norwegian partner's texts in "nb"):
// a text may be in a language the interface is not. The ISO 639-1 rule
// keeps every text publishable where two-letter codes are the standard
// (IATI narratives), and variants, extensions and private-use subtags are
// left out because no publication format carries them.
func ValidTextLang(tag Lang) bool {
	s := string(tag)
	if len(s) < 2 || len(s) > 16 {
		return false
	}
	t, err := language.Parse(s)
	if err != nil || t.String() != s {
		return false
	}
	base, script, region := t.Raw()
	if len(base.String()) != 2 {
		return false
	}
	composed, err := language.Compose(base, script, region)
	return err == nil && composed.String() == s
}

// TextLangBase returns the ISO 639-1 code of the language of a valid text
// language tag ("sr" for "sr-Latn"), or "" for a tag ValidTextLang
// refuses.
func TextLangBase(tag Lang) string {
	if !ValidTextLang(tag) {
		return ""
	}
	t, _ := language.Parse(string(tag))
	base, _, _ := t.Raw()
	return base.String()
}

var (
	msgTextLang      = ruleMessage{"err.rule.lang", nil}
	msgTextLength    = ruleMessage{"err.text.max_length", Args{"Max": MaxTextLength}}
	msgTextLanguages = ruleMessage{"err.text.languages", Args{"Max": MaxTextLanguages}}
)

// textFields returns the field errors of one text at path: a wrong
// language tag names its key ("title.xx"), a text too long names its key
// too, and too many languages names the field.
func textFields(path string, t I18n) []FieldError {
	var out []FieldError
	if len(t) > MaxTextLanguages {
		out = append(out, NewFieldError(pathOrBody(path), "max", msgTextLanguages.id, msgTextLanguages.args))
	}
	for _, l := range slices.Sorted(maps.Keys(t)) {
		at := pathOrBody(textKeyPath(path, string(l)))
		if !ValidTextLang(l) {
			out = append(out, NewFieldError(at, "lang", msgTextLang.id, msgTextLang.args))
			continue
		}
		if utf8.RuneCountInString(t[l]) > MaxTextLength {
			out = append(out, NewFieldError(at, "max", msgTextLength.id, msgTextLength.args))
		}
	}
	return out
}

// textKeyPath is the path of a language key of the text at path. A key
// that cannot be a language tag at all (too long, or with characters no
// tag has) is not repeated: the path names the text.
func textKeyPath(path, key string) string {
	ok := len(key) > 0 && len(key) <= 16
	for i := 0; ok && i < len(key); i++ {
		c := key[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if !ok {
		return path
	}
	return jsonPath(path, key)
}

func pathOrBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

var typeI18n = reflect.TypeFor[I18n]()

// holdsText caches, per type, whether a value of it can hold an I18n, so
// that validating records without texts walks nothing.
var holdsText sync.Map // reflect.Type → bool

func typeHoldsText(t reflect.Type) bool {
	if v, ok := holdsText.Load(t); ok {
		return v.(bool)
	}
	holdsText.Store(t, false) // against recursive types while computing
	r := computeHoldsText(t, 0)
	holdsText.Store(t, r)
	return r
}

func computeHoldsText(t reflect.Type, depth int) bool {
	if t == typeI18n {
		return true
	}
	if depth > 8 {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return computeHoldsText(t.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && computeHoldsText(f.Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// walkTexts calls fn with the JSON path of every I18n in v (a struct, and
// the structs, pointers and slices in it), so that every text of a record
// is validated without a tag on each field.
func walkTexts(v reflect.Value, path string, depth int, fn func(path string, t I18n)) {
	if depth > 16 || !v.IsValid() || !typeHoldsText(v.Type()) {
		return
	}
	if v.Type() == typeI18n {
		fn(path, v.Interface().(I18n))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkTexts(v.Elem(), path, depth+1, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkTexts(v.Index(i), indexPath(path, i), depth+1, fn)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := jsonName(f)
			if name == "-" {
				continue
			}
			at := path
			if !f.Anonymous {
				at = jsonPath(path, name)
			}
			walkTexts(v.Field(i), at, depth+1, fn)
		}
	}
}

// jsonName is the name a struct field has in JSON and in field errors: its
// json tag's name, else its Go name in snake_case (as the validator names
// it).
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return snakeCase(f.Name)
	}
	return name
}

// codeLabel returns the catalogue text of prefix+code in lang (falling back
// to English), or the code itself when no catalogue has the id, so that a
// code a newer caller stored still reads as something.
func codeLabel[K ~string](prefix string, code K, lang Lang) string {
	id := prefix + string(code)
	if !i18n.Has(EN, id) {
		return string(code)
	}
	return i18n.T(lang, id)
}
