package socialsvc_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

func TestI18nInFallsBackInTheProjectsOrder(t *testing.T) {
	// 2SoKroG's languages: Slovenian, Croatian, English.
	own := []socialsvc.Lang{"sl", "hr", "en"}
	full := socialsvc.I18n{"sl": "Zaključna konferenca", "hr": "Završna konferencija", "en": "Final conference"}
	hrOnly := socialsvc.I18n{"hr": "Završna konferencija", "sq": "Konferenca përfundimtare"}
	noOwn := socialsvc.I18n{"sq": "Konferenca përfundimtare", "de": "Abschlusskonferenz"}
	for _, c := range []struct {
		name string
		text socialsvc.I18n
		lang socialsvc.Lang
		own  []socialsvc.Lang
		want string
	}{
		{"the requested language", full, "sl", own, "Zaključna konferenca"},
		{"the requested language before the project's", full, "en", own, "Final conference"},
		{"a language the text lacks: the project's first", full, "sq", own, "Zaključna konferenca"},
		{"the project's next language", hrOnly, "sl", own, "Završna konferencija"},
		{"the requested language though not the project's", hrOnly, "sq", own, "Konferenca përfundimtare"},
		{"no own languages: English", full, "sq", nil, "Final conference"},
		{"then any, in the order of the tags", noOwn, "sl", own, "Abschlusskonferenz"},
		{"an empty text in the requested language is no text", socialsvc.I18n{"sl": "", "hr": "Naslov"}, "sl", nil, "Naslov"},
		{"tags compare exactly", socialsvc.I18n{"sr-Latn": "Završna konferencija", "en": "Final conference"}, "sr", nil, "Final conference"},
		{"nil", nil, "hr", own, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.text.In(c.lang, c.own...))
		})
	}
}

func TestI18nJSON(t *testing.T) {
	// The Croatian/English pair of earlier versions reads as it was.
	var old socialsvc.I18n
	require.NoError(t, json.Unmarshal([]byte(`{"hr":"Socijalni atelier","en":"Social Atelier"}`), &old))
	assert.Equal(t, socialsvc.I18n{"hr": "Socijalni atelier", "en": "Social Atelier"}, old)

	var three socialsvc.I18n
	require.NoError(t, json.Unmarshal([]byte(`{"sl":"Socialni atelje","hr":"Socijalni atelier","en":"","sq":null}`), &three))
	assert.Equal(t, socialsvc.I18n{"sl": "Socialni atelje", "hr": "Socijalni atelier"}, three, "empty and null texts are no text")
	b, err := json.Marshal(three)
	require.NoError(t, err)
	assert.JSONEq(t, `{"hr":"Socijalni atelier","sl":"Socialni atelje"}`, string(b))
	assert.Equal(t, `{"hr":"Socijalni atelier","sl":"Socialni atelje"}`, string(b), "keys in order")

	for _, empty := range []socialsvc.I18n{nil, {}, {"en": ""}} {
		b, err := json.Marshal(empty)
		require.NoError(t, err)
		assert.Equal(t, `{}`, string(b), "the empty text is an empty object")
	}
	var none socialsvc.I18n
	require.NoError(t, json.Unmarshal([]byte(`{}`), &none))
	assert.Nil(t, none)
	require.NoError(t, json.Unmarshal([]byte(`null`), &none))
	assert.Nil(t, none)

	var bad socialsvc.I18n
	err = json.Unmarshal([]byte(`{"hr":"Naslov","en":5}`), &bad)
	requireFields(t, err, socialsvc.Invalid, []vField{{"en", "type"}})
	err = json.Unmarshal([]byte(`"Naslov"`), &bad)
	requireFields(t, err, socialsvc.Invalid, []vField{{"", "type"}})
}

func TestI18nCloneLangsEqual(t *testing.T) {
	t1 := socialsvc.I18n{"sl": "a", "hr": "b", "en": ""}
	c := t1.Clone()
	assert.Equal(t, socialsvc.I18n{"sl": "a", "hr": "b"}, c, "Clone drops empty texts")
	c["sl"] = "changed"
	assert.Equal(t, "a", t1["sl"], "a clone shares no memory")
	assert.Nil(t, socialsvc.I18n{"en": ""}.Clone())
	assert.Equal(t, []socialsvc.Lang{"hr", "sl"}, t1.Langs())
	assert.True(t, t1.Equal(socialsvc.I18n{"hr": "b", "sl": "a"}))
	assert.False(t, t1.Equal(socialsvc.I18n{"hr": "b"}))
	assert.True(t, socialsvc.I18n{"en": ""}.IsZero())
	assert.True(t, t1.Has("sl"))
	assert.False(t, t1.Has("en"))
}

func TestValidTextLang(t *testing.T) {
	for tag, want := range map[socialsvc.Lang]bool{
		"hr": true, "en": true, "sl": true, "sr-Latn": true, "sq": true, // shipped
		"nb": true, "cs": true, "de": true, "pt-BR": true, "sr-Cyrl": true, "zh-Hant-TW": true, "es-419": true,
		"": false, "x": false, "xx": false, "HR": false, "sr-latn": false, "sr_Latn": false, "en-us": false,
		"rom": false, "hrv": false, "und": false, "sl-rozaj": false, "en-x-foo": false, "en-u-nu-latn": false,
		"iw": false, "sh": false, "en-": false, " hr": false,
	} {
		assert.Equal(t, want, socialsvc.ValidTextLang(tag), "%q", tag)
	}
	assert.Equal(t, "sr", socialsvc.TextLangBase("sr-Latn"))
	assert.Equal(t, "pt", socialsvc.TextLangBase("pt-BR"))
	assert.Equal(t, "", socialsvc.TextLangBase("xx"))
}

func FuzzI18nJSON(f *testing.F) {
	for _, s := range []string{`{"hr":"a","en":"b"}`, `{"sl":"č","sr-Latn":""}`, `{}`, `null`, `{"hr":1}`, `[]`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v socialsvc.I18n
		if err := json.Unmarshal(b, &v); err != nil {
			return
		}
		out, err := json.Marshal(v)
		require.NoError(t, err)
		var again socialsvc.I18n
		require.NoError(t, json.Unmarshal(out, &again))
		assert.True(t, v.Equal(again))
		assert.Equal(t, v.Clone(), again, "what is read is canonical")
		_ = socialsvc.Validate(&socialsvc.Fund{Code: "F", Kind: socialsvc.FundEU, Name: v})
	})
}

func TestDefaultTargetGroupsInEveryLanguage(t *testing.T) {
	c := socialsvc.DefaultTargetGroups()
	shipped := i18n.Languages()
	slices.Sort(shipped)
	for _, e := range c.All() {
		assert.Equal(t, shipped, e.Name.Langs(), e.Code)
	}
	assert.Equal(t, "dolgotrajno brezposelne osebe", c.Label(socialsvc.TGLongTermUnemployed, socialsvc.SL))
	assert.Equal(t, "të moshuarit", c.Label(socialsvc.TGElderly, socialsvc.SQ))
	assert.Equal(t, "osobe sa invaliditetom", c.Label(socialsvc.TGDisability, socialsvc.SRLatn))
	assert.Equal(t, "elderly", c.Label(socialsvc.TGElderly, "de"), "a language the catalogue lacks: English")

	all := c.All()
	all[0].Name["sl"] = "changed"
	assert.Equal(t, "starejši", c.Label(socialsvc.TGElderly, socialsvc.SL), "All returns copies")

	err := c.Add(socialsvc.TargetGroupInfo{Code: "seasonal_workers", Name: socialsvc.I18n{"sl": "sezonski delavci", "slo": "?"}})
	requireFields(t, err, socialsvc.Invalid, []vField{{"name.slo", "lang"}})
	name := socialsvc.I18n{"sl": "sezonski delavci", "en": "seasonal workers"}
	require.NoError(t, c.Add(socialsvc.TargetGroupInfo{Code: "seasonal_workers", Name: name}))
	name["sl"] = "changed"
	assert.Equal(t, "sezonski delavci", c.Label("seasonal_workers", socialsvc.SL), "Add copies the name")
}
