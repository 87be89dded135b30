// Package i18n holds the languages the library writes: their message
// catalogues, their CLDR plural rules and their number, currency and date
// formats.
//
// It is a leaf package (the standard library, golang.org/x/text,
// github.com/nicksnyder/go-i18n/v2 and a TOML parser), so that the domain
// package socialsvc can import it: socialsvc.Lang is an alias of Lang.
//
// # Languages
//
// A language is a BCP 47 tag (Lang). The shipped languages, in the order
// Languages returns them, are listed in languages.json; each has
//
//   - one catalogue file per area, catalog/<area>.<tag>.toml (reports,
//     errors, pages, cycle...), in the go-i18n v2 TOML format, and
//   - one locale data file, locale/<tag>.json, written from the Unicode
//     CLDR by `go generate` (internal/cldrgen): decimal and group symbols,
//     the minus sign, grouping, the currency pattern and symbols, the
//     numeric date pattern (yMd) and the language's name in itself.
//
// Adding a language is adding those files; the tests fail when a language
// lacks a key another language has, or uses other placeholders.
//
// # Messages
//
// Message ids are stable dotted names ("report.budget"). T returns a text,
// Tf fills its {{.Field}} placeholders, N picks the CLDR plural form for a
// count ({{.Count}} is the count written in the language's digits). A text
// missing in a language falls back to English, then to the id itself, so
// that an incomplete translation shows something rather than nothing;
// TestCataloguesComplete keeps the shipped ones complete, and package
// i18ntest lets other packages check that the ids their code uses exist.
//
// # Formats
//
// FormatCents, FormatAmount, FormatInt and FormatDate write numbers,
// amounts and dates with integer arithmetic only, from the CLDR data, with
// CLDR's own characters: sl writes 1234567.89 euro as "1.234.567,89 €"
// where the space is U+00A0 (no break between amount and symbol), and
// negative amounts with CLDR's minus sign (U+2212 in hr and sl).
// ExcelDateFormat gives FormatDate's pattern as a spreadsheet number
// format ("d. m. yyyy" in sl), for date cells that read as the rest of
// the output does.
//
// English uses the formats of CLDR's en-GB rather than en (en-US): the
// readers of this library are European programme staff, for whom CLDR
// en's month-first dates (12/31/2023) would be misread.
package i18n
