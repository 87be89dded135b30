package tabular

import (
	"bytes"
	"context"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"=1+1":                "'=1+1",
		"=1+1 (EUR)":          "'=1+1 (EUR)",
		`=HYPERLINK("x","y")`: `'=HYPERLINK("x","y")`,
		"+385 1 234":          "'+385 1 234",
		"+12":                 "'+12",
		"-x":                  "'-x",
		"-1+2":                "'-1+2",
		"-12,50":              "-12,50",
		"-1234.5":             "-1234.5",
		"-12":                 "-12",
		"-1.234,56":           "'-1.234,56",
		"-12,":                "'-12,",
		"-,5":                 "'-,5",
		"-":                   "'-",
		"@SUM(A1)":            "'@SUM(A1)",
		"\tcmd":               "'\tcmd",
		"\r=1":                "'\r=1",
		"K-zona":              "K-zona",
		"12,50":               "12,50",
		"Plaća =1":            "Plaća =1",
	} {
		assert.Equal(t, want, SafeCell(in), "%q", in)
	}
}

// formulaKind is a kind whose template cells all start like formulas.
var formulaKind = NewKind(Spec[string]{
	Name:    "formulas",
	Columns: []Column{{Name: "=a", Format: [2]string{"+b", "@c"}, Example: "-d"}},
	Parse:   func(c *Cells) string { return "" },
	Save:    func(context.Context, store.Store, iter.Seq[string]) (int, error) { return 0, nil },
})

// TestCSVWritersNeutralise: the error report and the templates (the
// report CSV is tested in package report) write formula-leading cells as
// text.
func TestCSVWritersNeutralise(t *testing.T) {
	var b bytes.Buffer
	err := &socialsvc.Error{Code: socialsvc.Invalid, Fields: []socialsvc.FieldError{{Row: 2, Field: "=f", Rule: "+r", Message: "@m", MessageHR: "-h"}}}
	require.NoError(t, WriteErrorsCSV(&b, err, socialsvc.EN))
	assert.Equal(t, "\uFEFFrow,column,rule,message\n2,'=f,'+r,'@m\n", b.String())
	b.Reset()
	require.NoError(t, WriteErrorsCSV(&b, err, socialsvc.HR))
	assert.Equal(t, "\uFEFFrow,column,rule,message\n2,'=f,'+r,'-h\n", b.String())

	b.Reset()
	require.NoError(t, WriteTemplateCSV(&b, formulaKind, socialsvc.EN))
	assert.Equal(t, "\uFEFF'=a\n'+b\n'-d\n", b.String())
	b.Reset()
	require.NoError(t, WriteTemplateCSV(&b, formulaKind, socialsvc.HR))
	assert.Equal(t, "\uFEFF'=a\r\n'@c\r\n'-d\r\n", b.String())
	// Slovenian writes decimal commas, so its template is the ';' dialect
	// too; a column without a catalogue hint shows its English format.
	b.Reset()
	require.NoError(t, WriteTemplateCSV(&b, formulaKind, socialsvc.SL))
	assert.Equal(t, "\uFEFF'=a\r\n'+b\r\n'-d\r\n", b.String())
}

// TestTemplates: every kind's template has its columns, the formats line
// and an example row, in both languages.
func TestTemplates(t *testing.T) {
	for _, k := range Kinds() {
		for _, lang := range i18n.Languages() {
			var b bytes.Buffer
			require.NoError(t, WriteTemplateCSV(&b, k, lang))
			tbl, err := ReadBytes(b.Bytes(), ReadOptions{})
			require.NoError(t, err, k.Name())
			require.Len(t, tbl.Rows, 2)
			if lang != socialsvc.EN {
				assert.Equal(t, ';', tbl.Separator)
			}
			for i, c := range k.Columns() {
				assert.Equal(t, c.Name, tbl.Header[i])
				assert.Equal(t, c.FormatIn(lang), tbl.Rows[0].Cells[i])
				assert.Equal(t, c.Example, tbl.Rows[1].Cells[i])
				require.NotEmpty(t, c.Hint, "%s.%s has its hint in the catalogues", k.Name(), c.Name)
				assert.True(t, i18n.Has(lang, c.Hint), "%s lacks %s", lang, c.Hint)
			}
		}
	}
}
