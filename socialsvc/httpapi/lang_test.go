package httpapi

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// TestLanguageNegotiation checks the order ?lang=, the lang cookie,
// Accept-Language, English, on a problem document: its title, its field
// message and Content-Language.
func TestLanguageNegotiation(t *testing.T) {
	f := newFixture(t)
	const body = `{"code":"","title":{"en":"x"}}` // code is required
	tests := []struct {
		name, query string
		hdr         []string
		lang        string
		title, msg  string
	}{
		{"default", "", nil, "en", "Invalid request", "is required"},
		{"lang sl", "?lang=sl", nil, "sl", "Neveljavna zahteva", "je obvezno"},
		{"lang in any case", "?lang=SR-latn", nil, "sr-Latn", "Neispravan zahtev", "obavezno je"},
		{"lang with a region", "?lang=sq-XK", nil, "sq", "Kërkesë e pavlefshme", "është i detyrueshëm"},
		{"lang before Accept-Language", "?lang=hr", []string{"Accept-Language", "sl"}, "hr", "Neispravan zahtjev", "je obavezno"},
		{"cookie", "", []string{"Cookie", "lang=sq"}, "sq", "Kërkesë e pavlefshme", "është i detyrueshëm"},
		{"cookie before Accept-Language", "", []string{"Cookie", "lang=sl", "Accept-Language", "hr"}, "sl", "Neveljavna zahteva", "je obvezno"},
		{"lang before cookie", "?lang=en", []string{"Cookie", "lang=sl"}, "en", "Invalid request", "is required"},
		{"a cookie of no shipped language is ignored", "", []string{"Cookie", "lang=de", "Accept-Language", "sl-SI,sl;q=0.9"}, "sl", "Neveljavna zahteva", "je obvezno"},
		{"Accept-Language by weight", "", []string{"Accept-Language", "de;q=0.9,sr-RS;q=0.8"}, "sr-Latn", "Neispravan zahtev", "obavezno je"},
		{"Accept-Language sq", "", []string{"Accept-Language", "sq-AL"}, "sq", "Kërkesë e pavlefshme", "është i detyrueshëm"},
		{"Accept-Language of no shipped language", "", []string{"Accept-Language", "de-DE,fr;q=0.5"}, "en", "Invalid request", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do("admin", "POST", "/api/v1/projects/prj-a/work-packages"+tt.query, body, tt.hdr...)
			require.Equal(t, 400, r.Status, string(r.Body))
			assert.Equal(t, tt.lang, r.Header.Get("Content-Language"))
			p := r.json(t)
			assert.Equal(t, tt.title, p["title"])
			errs := p["errors"].([]any)
			require.Len(t, errs, 1)
			assert.Equal(t, "code", errs[0].(map[string]any)["field"])
			assert.Equal(t, tt.msg, errs[0].(map[string]any)["message"])
			detail := tt.msg // a single field's message is the detail outside English
			if tt.lang == "en" {
				detail = "invalid work_package" // English keeps the summary
			}
			assert.Equal(t, detail, p["detail"])
		})
	}
}

// TestUnknownLang checks that ?lang= of a language that is not shipped is
// a 400 naming lang, in the language the rest of the request negotiates,
// rather than a silent answer in Croatian or English.
func TestUnknownLang(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"de", "sr-Cyrl", "x", "hr_HR!", "klingon-tlh"} {
		r := f.do("admin", "GET", "/api/v1/projects?lang="+v, nil, "Accept-Language", "sl")
		require.Equal(t, 400, r.Status, v)
		p := r.json(t)
		errs := p["errors"].([]any)
		require.Len(t, errs, 1, v)
		e := errs[0].(map[string]any)
		assert.Equal(t, "lang", e["field"], v)
		assert.Equal(t, "oneof", e["rule"], v)
		assert.Equal(t, "mora biti eden od dobavljenih jezikov: hr, en, sl, sr-Latn, sq", e["message"], v)
		assert.Equal(t, "sl", r.Header.Get("Content-Language"))
	}
	r := f.do("admin", "GET", "/api/v1/projects?lang=sl", nil)
	assert.Equal(t, 200, r.Status)
}

func TestShippedLang(t *testing.T) {
	for in, want := range map[string]socialsvc.Lang{"hr": "hr", "HR": "hr", "hr-HR": "hr", "en-GB": "en", "sl": "sl", "sl-SI": "sl",
		"sr-Latn": "sr-Latn", "sr-latn-rs": "sr-Latn", "sq": "sq", "sq-XK": "sq"} {
		got, ok := shippedLang(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "de", "sr-Cyrl", "*", "en;q=1", "zz-ZZ"} {
		_, ok := shippedLang(in)
		assert.False(t, ok, in)
	}
}

// TestProblemTitlesInCatalogues checks every title key of the problem
// documents against the catalogues (the ids are built at run time, out of
// the reach of the source scan of package socialsvc).
func TestProblemTitlesInCatalogues(t *testing.T) {
	keys := []string{"precondition_failed", "precondition_required", "too_large", "method_not_allowed", "unsupported_media_type"}
	for code := range statusOf {
		keys = append(keys, code)
	}
	for _, k := range keys {
		for _, lang := range []socialsvc.Lang{socialsvc.HR, socialsvc.EN, socialsvc.SL, socialsvc.SRLatn, socialsvc.SQ} {
			assert.NotEqual(t, k, title(k, lang), "%s: err.title.%s", lang, k)
		}
	}
	assert.Equal(t, "Preduvjet nije ispunjen", title("precondition_failed", socialsvc.HR))
	assert.Equal(t, "Predpogoj ni izpolnjen", title("precondition_failed", socialsvc.SL))
}
