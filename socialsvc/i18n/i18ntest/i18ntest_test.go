package i18ntest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
)

// recorder is a testing.TB that keeps the errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(strings.ReplaceAll(format, "%", "")))
	_ = args
}

func TestUsedIDs(t *testing.T) {
	uses, err := i18ntest.UsedIDs(filepath.Join("testdata", "uses"))
	require.NoError(t, err)
	var ids []string
	for _, u := range uses {
		ids = append(ids, u.ID)
		assert.Contains(t, u.Pos, "uses.go:")
	}
	assert.Equal(t, []string{"report.n_events", "report.n_expenditure_lines", "no.such.id"}, ids)
}

func TestCheckSource(t *testing.T) {
	r := &recorder{TB: t}
	i18ntest.CheckSource(r, filepath.Join("testdata", "uses"))
	assert.Len(t, r.errs, 5, "no.such.id, once per shipped language")
	r = &recorder{TB: t}
	i18ntest.CheckIDs(r, "report.n_events", "nope")
	assert.Len(t, r.errs, 5)
}

// The i18n package's own literal ids exist.
func TestI18nSource(t *testing.T) {
	i18ntest.CheckSource(t, "..")
}
