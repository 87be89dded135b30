package report

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// tableIDs lists, for each report kind of this package, every table its
// Tables can return, in that order. Some appear only when the data has
// them (a financial report has flat_rates only when a flat rate is
// budgeted or spent). The IDs are stable: CSV downloads are chosen by
// them and file names carry them.
var tableIDs = map[Kind][]string{
	KindFinancial: {"lines", "partners", "categories", "periods", "cofinancing", "funds",
		"flat_rates", "cost_options", "conversions", "planning_rate", "cycle", "dual_check"},
	KindIndicators: {"indicators", "indicator_periods", "indicator_sources"},
	KindBeneficiaries: {"summary",
		"individuals_by_target_group", "individuals_by_age_band", "individuals_by_region", "individuals_by_period",
		"visits_by_target_group", "visits_by_age_band", "visits_by_region", "visits_by_period"},
	KindPortfolio:    {"projects", "totals", "by_fund", "by_status", "by_year", "by_region", "indicators"},
	KindParticipants: {"participants"},
}

// mainTables is the table a CSV download of each kind holds when none is
// chosen: the one most people filter (the budget lines of a financial
// report, not its one-row summaries).
var mainTables = map[Kind]string{
	KindFinancial:     "lines",
	KindIndicators:    "indicators",
	KindBeneficiaries: "individuals_by_target_group",
	KindPortfolio:     "projects",
	KindParticipants:  "participants",
}

// TableIDs returns the IDs of every table a report of kind k can have,
// in the order its Tables returns them (a report has those its data
// calls for); nil for a kind this package does not build.
func TableIDs(k Kind) []string { return slices.Clone(tableIDs[k]) }

// MainTable returns the ID of the table a single CSV of rep holds when
// the caller chooses none: the kind's main table (financial: lines,
// indicators: indicators, beneficiaries: individuals_by_target_group,
// portfolio: projects), else rep's first table; "" for a report without
// tables.
func MainTable(rep Report) string {
	return mainTable(rep.ReportHeader().Kind, rep.Tables(socialsvc.EN))
}

// MainTableID returns the ID of the main table of kind k (see
// MainTable); "" for a kind this package does not build.
func MainTableID(k Kind) string { return mainTables[k] }

func mainTable(k Kind, tables []Table) string {
	for _, t := range tables {
		if t.ID == mainTables[k] {
			return t.ID
		}
	}
	if len(tables) == 0 {
		return ""
	}
	return tables[0].ID
}

// findTable returns the table of tables with id, or an invalid error
// naming the field "table" that lists the tables there are. Nothing is
// written before this check.
func findTable(tables []Table, id string) (Table, error) {
	ids := make([]string, len(tables))
	for i, t := range tables {
		if t.ID == id {
			return t, nil
		}
		ids[i] = t.ID
	}
	list := strings.Join(ids, ", ")
	return Table{}, socialsvc.FieldErrf("table", "oneof", "err.table.oneof", socialsvc.Args{"Table": id, "Tables": list})
}

// maxSheetName is Excel's limit on the length of a sheet name.
const maxSheetName = 31

// sheetLabel returns the text of "sheet."+key in lang from the "sheets"
// catalogues (socialsvc/i18n/catalog/sheets.<lang>.toml), or "" when no
// catalogue has it. sheet.<kind>.<table> is the sheet name of a table,
// at most 31 characters in every language, so that a name is never cut
// inside a word (a table without one, of a report added later, is named
// after its title, cut at a word); sheet.info names the info sheet,
// sheet.tables the list of tables in the info file of a CSV ZIP, and
// sheet.col.* are column headings reworded when the headings of every
// table were checked in each language.
func sheetLabel(lang socialsvc.Lang, key string) string {
	id := "sheet." + key
	if !i18n.Has(i18n.EN, id) {
		return ""
	}
	return i18n.T(lang, id)
}

// sheetLabelf is sheetLabel with the {{.Field}}s of the text filled.
func sheetLabelf(lang socialsvc.Lang, key string, data map[string]any) string {
	return i18n.Tf(lang, "sheet."+key, data)
}

// upperFirst capitalises the first letter of a category used as a
// column heading ("žene" heads its column as "Žene").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}

// tableSheetName is the name of t's sheet before it is made unique.
func tableSheetName(lang socialsvc.Lang, kind Kind, t Table) string {
	if s := sheetLabel(lang, string(kind)+"."+t.ID); s != "" {
		return s
	}
	return t.Title
}

// sheetName makes a valid, unique sheet name: none of []:*?/\, at most 31
// characters, cut after a whole word rather than inside one, and unique
// within the workbook without regard to case (as Excel compares them),
// with " (2)", " (3)" ... after a name already used.
func sheetName(title string, used map[string]bool) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, title)
	s = strings.Trim(s, "' ")
	if s == "" {
		s = "Sheet"
	}
	name := cutAtWord(s, maxSheetName)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = cutAtWord(s, maxSheetName-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// cutAtWord shortens s to at most n characters, ending after the last
// whole word that fits (and without a dangling comma, colon or dash); a
// first word longer than n is cut, as nothing else fits.
func cutAtWord(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := -1
	for i := n; i > 0; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	if cut <= 0 {
		return strings.TrimSpace(string(r[:n]))
	}
	return strings.TrimRight(string(r[:cut]), " ,;:–—-(")
}

// FileName returns the name under which a download of rep is saved:
// subject, report kind, table (when one is given) and language, joined
// by "-", and ext ("csv", "xlsx", "zip"), e.g.
// "2SoKroG-financial-partners-sl.csv". The subject is the project's
// acronym (the organisation's short name for a portfolio), else its ID;
// spaces and characters file systems refuse become "-", letters keep
// their diacritics (ASCIIFileName folds them). Underscores of table IDs
// become "-".
func FileName(rep Report, table string, lang socialsvc.Lang, ext string) string {
	h := rep.ReportHeader()
	subject := h.Acronym
	if subject == "" {
		subject = string(h.ProjectID)
	}
	if subject == "" {
		subject = string(h.OrgID)
	}
	parts := []string{fileSafe(subject), string(h.Kind)}
	if table != "" {
		parts = append(parts, strings.ReplaceAll(table, "_", "-"))
	}
	parts = append(parts, fileSafe(string(lang)))
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "-") + "." + ext
}

// fileSafe keeps letters, digits, '.' and '_' and turns every run of
// other characters into one "-".
func fileSafe(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return strings.Trim(b.String(), ".")
}

// asciiFold spells letters that do not decompose into a base letter and
// marks.
var asciiFold = map[rune]string{'đ': "d", 'Đ': "D", 'ß': "ss", 'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O",
	'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ı': "i", 'þ': "th", 'Þ': "Th"}

// ASCIIFileName returns name in ASCII for the plain filename parameter of
// Content-Disposition: diacritics dropped (č to c, ë to e, đ to d), any
// other character outside letters, digits, '.', '_' and '-' as "-".
// The UTF-8 name goes in filename* (RFC 6266, RFC 5987).
func ASCIIFileName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r < utf8.RuneSelf && (r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		case asciiFold[r] != "":
			b.WriteString(asciiFold[r])
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
