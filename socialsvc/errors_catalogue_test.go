package socialsvc_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// errorID is what a catalogue id of an error message looks like in code.
var errorID = regexp.MustCompile(`^err\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// TestErrorIDsInCatalogues scans every Go file of the module for string
// literals that are error message ids ("err.tax_id.oib") and fails for
// one that a shipped language's catalogue lacks, so that a typo in an id
// or a message added to code without its catalogue entries is a test
// failure, not an id shown to a reader. Ids built at run time have their
// own tests (MissingRef below, the problem titles in httpapi).
func TestErrorIDsInCatalogues(t *testing.T) {
	ids := map[string]string{} // id -> first place it is used
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && errorID.MatchString(s) {
				if _, seen := ids[s]; !seen {
					ids[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(ids), 300, "the scan found the error ids of the code")
	for id, at := range ids {
		for _, lang := range i18n.Languages() {
			assert.True(t, i18n.Has(lang, id), "%s: the catalogue errors.%s.toml has no message %s", at, lang, id)
		}
	}
}

// TestMissingRefKinds checks the ids MissingRef builds from its kinds.
func TestMissingRefKinds(t *testing.T) {
	for _, kind := range []string{"activity", "beneficiary", "event", "indicator", "organisation", "partner", "partner_report", "project", "work_package"} {
		for _, lang := range i18n.Languages() {
			assert.True(t, i18n.Has(lang, "err.missing."+kind), "%s: err.missing.%s", lang, kind)
		}
	}
}

// TestMessagesInEveryLanguage checks that a field error is written in the
// reader's language from its id and arguments, with the plural form each
// language needs, while Message and Error() stay English.
func TestMessagesInEveryLanguage(t *testing.T) {
	err := socialsvc.FieldErrf("period", "exists", "err.period.exists", socialsvc.Args{"Period": 3})
	f := socialsvc.ErrorFields(err)[0]
	assert.Equal(t, "the project has no reporting period 3", f.Message)
	assert.Equal(t, "invalid: invalid period (period: the project has no reporting period 3)", err.Error())
	want := map[socialsvc.Lang]string{
		socialsvc.HR:     "projekt nema izvještajno razdoblje 3",
		socialsvc.EN:     "the project has no reporting period 3",
		socialsvc.SL:     "projekt nima poročevalskega obdobja 3",
		socialsvc.SRLatn: "projekat nema izveštajni period 3",
		socialsvc.SQ:     "projekti nuk ka periudhën e raportimit 3",
	}
	for lang, w := range want {
		assert.Equal(t, w, f.MessageIn(lang), lang)
	}
	assert.Equal(t, want[socialsvc.HR], f.MessageHR, "the deprecated MessageHR is still filled")

	// A Count argument picks the CLDR plural form.
	rows := func(lang socialsvc.Lang, n int) string {
		return socialsvc.ErrorMessageIn(socialsvc.NewError(socialsvc.Invalid, "err.import.rows", socialsvc.Args{"Count": n}), lang)
	}
	assert.Equal(t, "1 row has errors; nothing was imported", rows(socialsvc.EN, 1))
	assert.Equal(t, "2 rows have errors; nothing was imported", rows(socialsvc.EN, 2))
	assert.Equal(t, "2 retka imaju pogreške; ništa nije uvezeno", rows(socialsvc.HR, 2))
	assert.Equal(t, "5 redaka ima pogreške; ništa nije uvezeno", rows(socialsvc.HR, 5))
	assert.Equal(t, "1 vrstica ima napake; nič ni bilo uvoženo", rows(socialsvc.SL, 1))
	assert.Equal(t, "2 vrstici imata napake; nič ni bilo uvoženo", rows(socialsvc.SL, 2))
	assert.Equal(t, "3 vrstice imajo napake; nič ni bilo uvoženo", rows(socialsvc.SL, 3))
	assert.Equal(t, "5 vrstic ima napake; nič ni bilo uvoženo", rows(socialsvc.SL, 5))
	assert.Equal(t, "22 reda imaju greške; ništa nije uvezeno", rows(socialsvc.SRLatn, 22))
	assert.Equal(t, "1 rresht ka gabime; asgjë nuk u importua", rows(socialsvc.SQ, 1))
	assert.Equal(t, "7 rreshta kanë gabime; asgjë nuk u importua", rows(socialsvc.SQ, 7))

	// Values with a Label(Lang) method are written in the reader's
	// language; a MessageID is a message of its own.
	xl := socialsvc.NewFieldError("file", "xlsx_content", "err.xlsx_content", socialsvc.Args{"What": socialsvc.MessageID("err.xlsx_part.vba")})
	assert.Contains(t, xl.MessageIn(socialsvc.SL), "vsebuje makre (VBA)")
	assert.Contains(t, xl.Message, "holds macros (VBA)")
}

// TestMessageInWithoutID checks the errors an embedder builds by hand,
// with English and the deprecated Croatian text and no catalogue id.
func TestMessageInWithoutID(t *testing.T) {
	f := socialsvc.FieldError{Field: "x", Rule: "y", Message: "the id is taken", MessageHR: "oznaka je zauzeta"}
	assert.Equal(t, "oznaka je zauzeta", f.MessageIn(socialsvc.HR))
	assert.Equal(t, "the id is taken", f.MessageIn(socialsvc.SL), "no catalogue text: the English one")
	e := &socialsvc.Error{Code: socialsvc.Conflict, Message: "the id is taken", MessageHR: "oznaka je zauzeta"}
	assert.Equal(t, "oznaka je zauzeta", socialsvc.ErrorMessageIn(e, socialsvc.HR))
	assert.Equal(t, "the id is taken", socialsvc.ErrorMessageIn(e, socialsvc.EN))
	assert.Equal(t, "", socialsvc.ErrorMessageIn(e, socialsvc.SQ), "an English-only summary is no message for an Albanian reader")
}
