package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed catalog/*.toml
var catalogFS embed.FS

// catalogue is everything loaded from catalog/: the go-i18n bundle, one
// localizer per shipped language, and the messages per language for Has,
// the completeness test and i18ntest.
type catalogue struct {
	bundle     *goi18n.Bundle
	localizers map[Lang]*goi18n.Localizer
	messages   map[Lang]map[string]*goi18n.Message
	areas      map[string]map[Lang]bool   // area -> languages that have a file
	areaOf     map[Lang]map[string]string // language -> id -> area of the file
}

var cat = mustLoadCatalogue(catalogFS)

func mustLoadCatalogue(fsys fs.FS) *catalogue {
	c, err := loadCatalogue(fsys)
	if err != nil {
		panic("i18n: " + err.Error())
	}
	return c
}

// loadCatalogue reads every catalog/<area>.<lang>.toml. The files are part
// of the binary, so an error is a build mistake that the tests catch.
func loadCatalogue(fsys fs.FS) (*catalogue, error) {
	c := &catalogue{
		bundle:     goi18n.NewBundle(language.English),
		localizers: map[Lang]*goi18n.Localizer{},
		messages:   map[Lang]map[string]*goi18n.Message{},
		areas:      map[string]map[Lang]bool{},
		areaOf:     map[Lang]map[string]string{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, "catalog/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		area, tag, ok := strings.Cut(strings.TrimSuffix(path.Base(f), ".toml"), ".")
		lang := Lang(tag)
		if !ok || area == "" || strings.Contains(tag, ".") {
			return nil, fmt.Errorf("%s: want catalog/<area>.<lang>.toml", f)
		}
		if _, shipped := locales[lang]; !shipped {
			return nil, fmt.Errorf("%s: language %s is not in languages.json", f, tag)
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		mf, err := c.bundle.ParseMessageFileBytes(b, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if mf.Tag.String() != tag {
			return nil, fmt.Errorf("%s: go-i18n read the language as %s", f, mf.Tag)
		}
		if c.messages[lang] == nil {
			c.messages[lang] = map[string]*goi18n.Message{}
			c.areaOf[lang] = map[string]string{}
		}
		for _, m := range mf.Messages {
			if _, dup := c.messages[lang][m.ID]; dup {
				return nil, fmt.Errorf("%s: message %q is defined twice", f, m.ID)
			}
			c.messages[lang][m.ID] = m
			c.areaOf[lang][m.ID] = area
		}
		if c.areas[area] == nil {
			c.areas[area] = map[Lang]bool{}
		}
		c.areas[area][lang] = true
	}
	for _, l := range languages {
		c.localizers[l] = goi18n.NewLocalizer(c.bundle, string(l))
	}
	return c, nil
}

// localizer returns the localizer of lang, or of the shipped language that
// matches it best.
func (c *catalogue) localizer(lang Lang) (Lang, *goi18n.Localizer) {
	if lc, ok := c.localizers[lang]; ok {
		return lang, lc
	}
	m := Match(string(lang))
	return m, c.localizers[m]
}

func (c *catalogue) localize(lang Lang, id string, data map[string]any, count *int) string {
	lang, lc := c.localizer(lang)
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if count != nil {
		cfg.PluralCount = *count
		d := make(map[string]any, len(data)+1)
		for k, v := range data {
			d[k] = v
		}
		d["Count"] = FormatInt(lang, int64(*count))
		data = d
	}
	if data != nil {
		cfg.TemplateData = data
	}
	// go-i18n answers the English text together with a MessageNotFoundErr
	// when lang lacks the id: that is the fallback wanted, so the text
	// counts and the error does not.
	s, _ := lc.Localize(cfg)
	if s == "" && !c.has(EN, id) && !c.has(lang, id) {
		return id
	}
	return s
}

func (c *catalogue) has(lang Lang, id string) bool {
	_, ok := c.messages[lang][id]
	return ok
}

// T returns the text of id in lang; the English text when lang lacks it;
// id itself when no catalogue has it.
func T(lang Lang, id string) string { return cat.localize(lang, id, nil, nil) }

// Tf is T with the {{.Field}} placeholders of the text filled from data.
func Tf(lang Lang, id string, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	return cat.localize(lang, id, data, nil)
}

// N returns the plural form of id for count by lang's CLDR plural rules
// (hr: 1 događaj, 2 događaja, 5 događaja; sl: 1 dogodek, 2 dogodka,
// 3 dogodki, 5 dogodkov), with {{.Count}} written by FormatInt.
func N(lang Lang, id string, count int) string { return cat.localize(lang, id, nil, &count) }

// Nf is N with further placeholders filled from data.
func Nf(lang Lang, id string, count int, data map[string]any) string {
	return cat.localize(lang, id, data, &count)
}

// Has reports whether lang's own catalogue has id (without falling back).
func Has(lang Lang, id string) bool { return cat.has(lang, id) }

// IDs returns the ids of every message of any language, sorted.
func IDs() []string {
	var ids []string
	for _, msgs := range cat.messages {
		for id := range msgs {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
