package httpapi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// Exact counts reach admins and the project's own partners (editors and
// viewers of its organisations) in every format, marked confidential;
// anonymous callers and other organisations get the protected release.
func TestDisclosureByRouteAndRole(t *testing.T) {
	f := newFixture(t)
	entitled := map[string]bool{"admin": true, "editor-a": true, "viewer-a": true, "editor-b": false, "viewer-b": false, "": false}
	confidential := func(t *testing.T, format string, body []byte) bool {
		t.Helper()
		switch format {
		case "json":
			return bytes.Contains(body, []byte(`"confidential": true`))
		case "csv":
			return strings.HasPrefix(string(body), "\uFEFFCONFIDENTIAL: contains unprotected counts,")
		case "html":
			return bytes.Contains(body, []byte(`class="confidential"`))
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(body))
			require.NoError(t, err)
			defer x.Close()
			v, err := x.GetCellValue(x.GetSheetList()[0], "A1")
			require.NoError(t, err)
			return v == "CONFIDENTIAL: contains unprotected counts"
		case "pdf":
			return strings.Contains(pdfText(t, string(body)), "CONFIDENTIAL: contains unprotected counts")
		}
		t.Fatalf("format %s", format)
		return false
	}
	for who, want := range entitled {
		for _, format := range []string{"json", "csv", "html", "xlsx", "pdf"} {
			r := f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries."+format+"?lang=en", nil)
			require.Equal(t, 200, r.Status, "%s %s: %s", who, format, r.Body)
			assert.Equal(t, want, confidential(t, format, r.Body), "%q, %s", who, format)
		}
	}
	// Indicator and portfolio reports are for partners and admins only,
	// so always exact.
	r := f.do("viewer-a", "GET", "/api/v1/projects/prj-a/reports/indicators.json", nil)
	require.Equal(t, 200, r.Status)
}

// A filter the protected release does not offer is a bad request naming
// the parameter for anonymous callers and other organisations; those
// entitled to exact counts may filter freely.
func TestDisclosureFilters(t *testing.T) {
	f := newFixture(t)
	for _, who := range []string{"", "viewer-b"} {
		r := f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries.json?to=2023-06-30", nil)
		require.Equal(t, 400, r.Status, "%q: %s", who, r.Body)
		assert.Contains(t, string(r.Body), `"field":"to"`)
		r = f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries.json?from=2023-07-01&to=2023-12-31", nil)
		require.Equal(t, 400, r.Status, "%q: %s", who, r.Body)
		assert.Contains(t, string(r.Body), `"field":"from"`)
		r = f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries.json?period=1", nil)
		assert.Equal(t, 200, r.Status, "%q: a period is a release", who)
		r = f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries.json?from=2023-01-01&to=2024-12-31", nil)
		assert.Equal(t, 200, r.Status, "%q: the dates of a period are that release", who)
	}
	for _, who := range []string{"admin", "viewer-a"} {
		r := f.do(who, "GET", "/api/v1/projects/prj-a/reports/beneficiaries.json?to=2023-06-30", nil)
		assert.Equal(t, 200, r.Status, "%q: %s", who, r.Body)
	}
}
