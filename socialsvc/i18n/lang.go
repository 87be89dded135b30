package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"slices"

	"golang.org/x/text/language"
)

// Lang is a BCP 47 language tag as the library spells it ("hr", "sr-Latn"):
// the language of labels, messages and number and date formats.
type Lang string

// The shipped languages.
const (
	HR     Lang = "hr"      // Croatian
	EN     Lang = "en"      // English
	SL     Lang = "sl"      // Slovenian
	SRLatn Lang = "sr-Latn" // Serbian in the Latin script
	SQ     Lang = "sq"      // Albanian
)

// String returns the tag.
func (l Lang) String() string { return string(l) }

//go:embed languages.json locale/*.json
var localeFS embed.FS

// languages is the shipped list in the order of languages.json, read once
// at start-up; it never changes afterwards.
var languages, locales, matcher = loadLanguages()

func loadLanguages() ([]Lang, map[Lang]*locale, language.Matcher) {
	b, err := localeFS.ReadFile("languages.json")
	if err != nil {
		panic("i18n: " + err.Error())
	}
	var list []struct {
		Tag string `json:"tag"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		panic("i18n: languages.json: " + err.Error())
	}
	langs := make([]Lang, 0, len(list))
	locs := make(map[Lang]*locale, len(list))
	// English goes first in the matcher: language.Matcher answers its first
	// tag when nothing matches, and English is the fallback.
	tags := []language.Tag{language.English}
	for _, l := range list {
		lang := Lang(l.Tag)
		b, err := localeFS.ReadFile("locale/" + l.Tag + ".json")
		if err != nil {
			panic(fmt.Sprintf("i18n: language %s has no locale data: run go generate ./socialsvc/i18n", l.Tag))
		}
		loc, err := parseLocale(bytes.NewReader(b))
		if err != nil {
			panic(fmt.Sprintf("i18n: locale/%s.json: %v", l.Tag, err))
		}
		langs = append(langs, lang)
		locs[lang] = loc
		if lang != EN {
			tags = append(tags, language.MustParse(l.Tag))
		}
	}
	if !slices.Contains(langs, EN) {
		panic("i18n: English must be shipped: it is the fallback")
	}
	return langs, locs, language.NewMatcher(tags)
}

// Languages returns the shipped languages in their fixed order (hr, en,
// sl, sr-Latn, sq, then any added later). The slice is the caller's.
func Languages() []Lang { return slices.Clone(languages) }

// Shipped reports whether l is one of Languages.
func Shipped(l Lang) bool {
	_, ok := locales[l]
	return ok
}

// Name returns the language's name in itself, from CLDR ("slovenščina",
// "srpski (latinica)"), for language switchers; the tag for a language
// that is not shipped.
func Name(l Lang) string {
	if loc, ok := locales[l]; ok {
		return loc.Name
	}
	return string(l)
}

// matcherLang maps the matcher's index back to the language.
func matcherLang(i int) Lang {
	if i == 0 {
		return EN
	}
	n := 0
	for _, l := range languages {
		if l == EN {
			continue
		}
		n++
		if n == i {
			return l
		}
	}
	return EN
}

// Match returns the shipped language that best serves a reader who gave
// tags, in order of preference: each is a tag ("sl", "hr-HR") or a whole
// Accept-Language header ("sl-SI,sl;q=0.9,en;q=0.5"); empty and malformed
// ones are skipped. httpapi passes ?lang=, the lang cookie and
// Accept-Language in that order. It answers English when nothing matches.
//
// The matching is golang.org/x/text/language's, which knows CLDR's
// likely subtags and mutual intelligibility: "sr-RS" and "sr-Latn-ME"
// give sr-Latn, "sq-XK" gives sq.
func Match(tags ...string) Lang {
	var want []language.Tag
	for _, s := range tags {
		if s == "" || len(s) > 1024 {
			continue
		}
		// A single tag is tried exactly first so that a well-formed one
		// with an unusual subtag is not lost to the header parser's limits.
		if t, err := language.Parse(s); err == nil {
			want = append(want, t)
			continue
		}
		ts, _, err := language.ParseAcceptLanguage(s)
		if err != nil {
			continue
		}
		want = append(want, ts...)
	}
	if len(want) == 0 {
		return EN
	}
	_, i, conf := matcher.Match(want...)
	if conf == language.No {
		return EN
	}
	return matcherLang(i)
}

// Fallback returns the order in which a text kept in several languages is
// tried for a reader of lang: lang itself, then the project's own
// languages in their order, then English; each once, empty tags left out.
func Fallback(lang Lang, own []Lang) []Lang {
	out := make([]Lang, 0, len(own)+2)
	add := func(l Lang) {
		if l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	add(lang)
	for _, l := range own {
		add(l)
	}
	add(EN)
	return out
}
