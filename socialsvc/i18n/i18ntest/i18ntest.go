// Package i18ntest lets the tests of other packages check that the message
// ids their code uses exist in the catalogues of socialsvc/i18n, so that a
// misspelt or forgotten id fails a test instead of showing the bare id.
//
//	func TestMessageIDs(t *testing.T) {
//		i18ntest.CheckSource(t, ".")                    // literal ids in this package
//		i18ntest.CheckIDs(t, "report.kind_"+name, ...)  // ids built at run time
//	}
package i18ntest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

const importPath = "github.com/zajednica/go-socialsvc/socialsvc/i18n"

// idArg is the position of the id among the arguments of each i18n
// function that takes one.
var idArg = map[string]int{"T": 1, "Tf": 1, "N": 1, "Nf": 1, "Has": 1}

// Use is one literal id passed to an i18n function.
type Use struct {
	ID  string
	Pos string // file:line
}

// UsedIDs returns the ids the non-test Go files of dir (not its
// subdirectories) pass as string literals to i18n.T, Tf, N, Nf and Has,
// in file order. Ids computed at run time are not seen; check them with
// CheckIDs.
func UsedIDs(dir string) ([]Use, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	var uses []Use
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		names := map[string]bool{}
		local := af.Name.Name == "i18n" && strings.HasSuffix(filepath.ToSlash(mustAbs(dir)), "socialsvc/i18n")
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if p != importPath {
				continue
			}
			if im.Name != nil {
				names[im.Name.Name] = true
			} else {
				names["i18n"] = true
			}
		}
		if len(names) == 0 && !local {
			continue
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch f := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := f.X.(*ast.Ident); ok && names[x.Name] {
					fn = f.Sel.Name
				}
			case *ast.Ident:
				if local {
					fn = f.Name
				}
			}
			i, ok := idArg[fn]
			if !ok || len(call.Args) <= i {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			p := fset.Position(lit.Pos())
			uses = append(uses, Use{ID: id, Pos: fmt.Sprintf("%s:%d", p.Filename, p.Line)})
			return true
		})
	}
	return uses, nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// CheckSource fails t for every literal id the Go files of each dir use
// (see UsedIDs) that a shipped language's catalogue lacks.
func CheckSource(t testing.TB, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		uses, err := UsedIDs(dir)
		if err != nil {
			t.Errorf("i18ntest: %v", err)
			continue
		}
		for _, u := range uses {
			for _, l := range i18n.Languages() {
				if !i18n.Has(l, u.ID) {
					t.Errorf("%s: message id %q is not in the %s catalogue", u.Pos, u.ID, l)
				}
			}
		}
	}
}

// CheckIDs fails t for every id that a shipped language's catalogue lacks.
// It is for ids the code builds at run time ("report.kind_" + name).
func CheckIDs(t testing.TB, ids ...string) {
	t.Helper()
	for _, id := range ids {
		for _, l := range i18n.Languages() {
			if !i18n.Has(l, id) {
				t.Errorf("message id %q is not in the %s catalogue", id, l)
			}
		}
	}
}
