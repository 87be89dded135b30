package report

import (
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// tr returns the report label key in lang, from the catalogue area
// "reports" of socialsvc/i18n (id "report."+key): the English text when
// lang lacks it, the id when no language has it, which
// TestReportMessageIDs catches.
func tr(lang socialsvc.Lang, key string) string { return i18n.T(lang, "report."+key) }

// trf is tr with the placeholders of the text filled from data.
func trf(lang socialsvc.Lang, key string, data map[string]any) string {
	return i18n.Tf(lang, "report."+key, data)
}

// The number, amount and date formats of reports are CLDR's for the
// report's language (socialsvc/i18n), the same in text, HTML, charts and
// notes.

// formatMoney writes m as lang's readers write money: sl "1.234,56 €".
func formatMoney(m socialsvc.Money, lang socialsvc.Lang) string {
	return i18n.FormatCents(lang, m.Cents(), string(m.Currency()))
}

// formatDate writes d by lang's numeric date pattern: sl "31. 12. 2023";
// the zero date as "".
func formatDate(d socialsvc.Date, lang socialsvc.Lang) string {
	if d.IsZero() {
		return ""
	}
	return i18n.FormatDate(lang, d.Year, d.Month, d.Day)
}

// withCur appends the currency to a column label: "Budget (EUR)".
func withCur(label string, c socialsvc.Currency) string {
	if c == "" {
		return label
	}
	return label + " (" + string(c) + ")"
}

// periodLabel names a period in a table cell.
func periodCell(n int, lang socialsvc.Lang) Cell {
	if n == 0 {
		return TextCell(tr(lang, "no_period"))
	}
	return IntCell(int64(n))
}

func yesNo(b bool, lang socialsvc.Lang) string {
	if b {
		return tr(lang, "yes")
	}
	return tr(lang, "no")
}

func itoa(n int) string { return strconv.Itoa(n) }
