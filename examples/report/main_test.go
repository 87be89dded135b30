package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var listing bytes.Buffer
	require.NoError(t, run(context.Background(), dir, &listing))
	for _, id := range []string{"2sokrog", "social-atelier"} {
		for _, kind := range []string{"financial", "indicators", "beneficiaries"} {
			for _, ext := range []string{".hr.html", ".en.html", ".xlsx"} {
				path := filepath.Join(dir, id+"-"+kind+ext)
				st, err := os.Stat(path)
				if assert.NoError(t, err) {
					assert.Positive(t, st.Size(), path)
				}
				assert.Contains(t, listing.String(), path)
			}
		}
	}
	xmlPath := filepath.Join(dir, "iati-activities.xml")
	b, err := os.ReadFile(xmlPath)
	require.NoError(t, err)
	assert.Equal(t, 2, bytes.Count(b, []byte("<iati-activity ")), "one activity per project")

	xsd := findSchema(t)
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	out, err := exec.Command(lint, "--noout", "--schema", xsd, xmlPath).CombinedOutput()
	require.NoError(t, err, "xmllint: %s", out)
}

// findSchema walks up from the working directory to shared/iati-2.03,
// the repository's sibling folder.
func findSchema(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		p := filepath.Join(dir, "shared", "iati-2.03", "iati-activities-schema.xsd")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("IATI 2.03 schema not found (../shared/iati-2.03)")
		}
		dir = parent
	}
}
