package httpapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pdftest"
)

// pdfText is the text of a PDF response, white space collapsed.
func pdfText(t *testing.T, body string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range pdftest.Read(t, []byte(body)) {
		b.WriteString(p.Flat())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestReportPDF: every report that has HTML comes as a PDF too, by its
// .pdf suffix or by Accept: application/pdf, named after the project (or
// organisation), the report and the language, with the figures in that
// language; anonymous callers get the protected release, partners and
// admins exact counts marked confidential.
func TestReportPDF(t *testing.T) {
	f := newDashFixture(t)
	admin := f.signIn("admin")
	for _, tt := range []struct {
		c      *client
		target string
		accept string
		file   string
		want   []string
	}{
		{admin, "/api/v1/projects/2sokrog/reports/financial.pdf?lang=hr", "", "2SoKroG-financial-hr.pdf",
			[]string{"Financijski izvještaj: 2SoKroG", "574.947,17 €", "488.705,06 €", "CZSS Čakovec", "Stranica 1 od"}},
		{admin, "/api/v1/projects/2sokrog/reports/financial?lang=en", "application/pdf", "2SoKroG-financial-en.pdf",
			[]string{"Financial report: 2SoKroG", "€574,947.17", "Page 1 of"}},
		{admin, "/api/v1/projects/2sokrog/reports/indicators.pdf?lang=en", "", "2SoKroG-indicators-en.pdf",
			[]string{"Indicator progress: 2SoKroG", "RCO81"}},
		{f.signIn("viewer"), "/api/v1/organisations/zrs-bistra-ptuj/reports/portfolio.pdf?lang=hr", "", "ZRS-Bistra-Ptuj-portfolio-hr.pdf",
			[]string{"Portfelj projekata: ZRS Bistra Ptuj", "574.947,17 €"}},
		{f.signIn(""), "/api/v1/projects/social-atelier/reports/beneficiaries.pdf?lang=en", "", "Socijalni-atelje-beneficiaries-en.pdf",
			[]string{"Beneficiaries: Socijalni atelje", "<5: 1 to 4 people stand behind the figure."}},
		{admin, "/api/v1/projects/social-atelier/reports/beneficiaries.pdf?lang=hr", "", "Socijalni-atelje-beneficiaries-hr.pdf",
			[]string{"POVJERLJIVO: sadrži nezaštićene brojeve", "HR025 Osječko-baranjska županija"}},
	} {
		var hdr []string
		if tt.accept != "" {
			hdr = []string{"Accept", tt.accept}
		}
		r := tt.c.request("GET", tt.target, nil, hdr...)
		require.Equal(t, 200, r.Status, "%s: %s", tt.target, r.Body)
		assert.Equal(t, "application/pdf", r.Header.Get("Content-Type"), tt.target)
		assert.Equal(t, `attachment; filename="`+tt.file+`"; filename*=UTF-8''`+tt.file, r.Header.Get("Content-Disposition"), tt.target)
		text := pdfText(t, r.Body)
		for _, want := range tt.want {
			assert.Contains(t, text, want, tt.target)
		}
		if tt.c.cookie == "" {
			assert.NotContains(t, text, "CONFIDENTIAL", "the public gets the protected release")
		}
	}
	// IATI has no PDF.
	r := admin.get("/api/v1/projects/2sokrog/reports/iati.pdf")
	assert.Equal(t, 400, r.Status)
	assert.Contains(t, r.Body, ".pdf")
}
