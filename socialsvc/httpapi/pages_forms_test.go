package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ALVED's lead partner has no IATI organisation identifier in the demo
// (the seeds give none and none is invented): the downloads page says so
// instead of linking to a file the API refuses, and the API names the
// field to fill in.
func TestReportsPageIATIWithoutIdentifier(t *testing.T) {
	f := newDashFixture(t)
	c := f.signIn("")
	r := c.get("/projects/alved/reports?lang=en")
	require.Equal(t, http.StatusOK, r.Status)
	checkPage(t, "alved reports", r.Body, "en")
	assert.Contains(t, r.Body, "The lead partner has no IATI organisation identifier (iati_ref), nor a tax number to derive one from, so the IATI file cannot be made.")
	assert.NotContains(t, r.Body, "iati.xml")

	r = c.get("/projects/alved/reports?lang=hr")
	assert.Contains(t, r.Body, "Vodeći partner nema IATI identifikator organizacije (iati_ref)")

	api := c.get("/api/v1/projects/alved/reports/iati.xml")
	assert.Equal(t, http.StatusBadRequest, api.Status)
	assert.Contains(t, api.Body, `"field":"reporting_org.iati_ref"`)

	r = c.get("/projects/2sokrog/reports?lang=en")
	assert.Contains(t, r.Body, "/api/v1/projects/2sokrog/reports/iati.xml?lang=en")
	assert.NotContains(t, r.Body, "no IATI organisation identifier")
}
