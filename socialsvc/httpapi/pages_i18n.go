package httpapi

import (
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// The dashboard's texts are the messages "page.<key>" of the catalogues
// (socialsvc/i18n/catalog/pages.<lang>.toml, one file per shipped
// language). Templates read them as .T.key and fail on a key that is
// missing (missingkey=error), so a typo is a test failure rather than an
// empty label; plural labels are written with .N "key" count.
const pagePrefix = "page."

// labels holds the texts of each shipped language, built once: every
// "page." id of the catalogues, in the language (with the catalogues'
// fallback to English for a text a language lacks).
var labels = func() map[socialsvc.Lang]map[string]string {
	var keys []string
	for _, id := range i18n.IDs() {
		if k, ok := strings.CutPrefix(id, pagePrefix); ok {
			keys = append(keys, k)
		}
	}
	out := map[socialsvc.Lang]map[string]string{}
	for _, lang := range i18n.Languages() {
		m := make(map[string]string, len(keys))
		for _, k := range keys {
			m[k] = i18n.T(lang, pagePrefix+k)
		}
		out[lang] = m
	}
	return out
}()

// labelsFor returns the texts of lang, English for a language that is not
// shipped.
func labelsFor(lang socialsvc.Lang) map[string]string {
	if m, ok := labels[lang]; ok {
		return m
	}
	return labels[socialsvc.EN]
}

// countryName names the countries of the seed projects and their
// neighbours (page.country.<code>); other codes are shown as they are.
func countryName(code string, lang socialsvc.Lang) string {
	id := pagePrefix + "country." + code
	if !i18n.Has(socialsvc.EN, id) {
		return code
	}
	return i18n.T(lang, id)
}
