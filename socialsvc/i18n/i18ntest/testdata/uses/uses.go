package uses

import (
	tr "github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

func labels(l tr.Lang, id string) []string {
	return []string{
		tr.T(l, "report.n_events"),
		tr.N(l, "report.n_expenditure_lines", 2),
		tr.Tf(l, "no.such.id", nil),
		tr.T(l, id), // computed: not seen
	}
}
