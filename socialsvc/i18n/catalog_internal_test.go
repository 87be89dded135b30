package i18n

import (
	"regexp"
	"slices"
	"sort"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var placeholderRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)
var actionRE = regexp.MustCompile(`{{[^}]*}}`)

// placeholders returns the template fields any form of m uses.
func placeholders(m *goi18n.Message) []string {
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		for _, a := range actionRE.FindAllString(s, -1) {
			for _, p := range placeholderRE.FindAllStringSubmatch(a, -1) {
				out = append(out, p[1])
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func plural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// TestCataloguesComplete fails when a shipped language lacks a message
// another language has, keeps it in another area's file, uses other
// placeholders, or lacks a plural form its CLDR rules need.
func TestCataloguesComplete(t *testing.T) {
	for area, langs := range cat.areas {
		for _, l := range languages {
			assert.True(t, langs[l], "catalog/%s.%s.toml is missing", area, l)
		}
	}
	all := IDs()
	require.NotEmpty(t, all)
	for _, id := range all {
		var ref *goi18n.Message
		var refLang Lang
		for _, l := range languages {
			m, ok := cat.messages[l][id]
			if !assert.True(t, ok, "%s lacks %q", l, id) {
				continue
			}
			if ref == nil {
				ref, refLang = m, l
				continue
			}
			assert.Equal(t, cat.areaOf[refLang][id], cat.areaOf[l][id], "%q is in another area in %s than in %s", id, l, refLang)
			assert.Equal(t, placeholders(ref), placeholders(m), "%q: placeholders of %s differ from %s", id, l, refLang)
			assert.Equal(t, plural(ref), plural(m), "%q: plural in %s but not in %s (or the other way round)", id, refLang, l)
		}
		for _, l := range languages {
			m, ok := cat.messages[l][id]
			if !ok {
				continue
			}
			assert.NotEmpty(t, m.Other, "%s %q has no other form", l, id)
			if !plural(m) {
				continue
			}
			// Every count reaches a form the language has: go-i18n
			// reports a missing form as an error.
			for _, n := range []int{0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 102, 103, 105, 111, 1000, 1001} {
				_, err := cat.localizers[l].Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
				assert.NoError(t, err, "%s %q count %d", l, id, n)
			}
		}
	}
}

func TestLoadCatalogueRejects(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"no language":      {"catalog/reports.toml": `a = "x"`},
		"unknown language": {"catalog/reports.de.toml": `a = "x"`},
		"bad toml":         {"catalog/reports.en.toml": `a = `},
		"twice":            {"catalog/a.en.toml": `x = "1"`, "catalog/b.en.toml": `x = "2"`},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := mapFS(files)
			_, err := loadCatalogue(fsys)
			assert.Error(t, err)
		})
	}
}

func TestParsePatternsRejects(t *testing.T) {
	for _, p := range []string{"", "y", "d.M", "dd.MMM.y", "d.M.y G", "d.M.y'"} {
		_, err := parseDatePattern(p)
		assert.Error(t, err, "%q", p)
	}
	for _, p := range []string{"", "¤", "#,##0,.00"} {
		_, err := parseNumberPattern(p)
		assert.Error(t, err, "%q", p)
	}
	fs, err := parseDatePattern("d 'de' M 'o''' y")
	require.NoError(t, err)
	assert.Len(t, fs, 5)
}
