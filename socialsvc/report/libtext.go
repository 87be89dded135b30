package report

import (
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// catalogueText is a text the library writes itself (a bucket's label, a
// report title), written by f in every shipped language, so that a report
// read in any of them finds its own text rather than the English one.
func catalogueText(f func(lang socialsvc.Lang) string) socialsvc.I18n {
	t := make(socialsvc.I18n, len(i18n.Languages()))
	for _, l := range i18n.Languages() {
		t[l] = f(l)
	}
	return t
}

// catalogueID is catalogueText of a catalogue message without arguments.
func catalogueID(id string) socialsvc.I18n {
	return catalogueText(func(l socialsvc.Lang) string { return i18n.T(l, id) })
}

// narrativeLangs are the languages in which IATI gets the narratives the
// library writes (transaction descriptions, the note on a withheld value):
// each of the project's own languages that the library ships, then
// English; Croatian and English for a project without languages of its
// own, the library's defaults. Each IATI language code comes once.
func narrativeLangs(p *socialsvc.Project) []socialsvc.Lang {
	own := p.Languages
	if len(own) == 0 {
		own = []socialsvc.Lang{socialsvc.EN, socialsvc.HR}
	}
	var out []socialsvc.Lang
	seen := map[string]bool{}
	for _, l := range append(append([]socialsvc.Lang{}, own...), socialsvc.EN) {
		m := i18n.Match(string(l))
		code := iatiLang(m)
		if code == "" || code != iatiLang(l) || seen[code] {
			continue
		}
		seen[code] = true
		out = append(out, m)
	}
	return out
}

// libNarratives writes f in each of narrativeLangs(p), each narrative
// marked with its IATI language code.
func libNarratives(p *socialsvc.Project, f func(lang socialsvc.Lang) string) []IATINarrative {
	langs := narrativeLangs(p)
	out := make([]IATINarrative, 0, len(langs))
	for _, l := range langs {
		out = append(out, IATINarrative{Lang: iatiLang(l), Text: f(l)})
	}
	return out
}
