package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n/i18ntest"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
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

// lastAuditOf returns the newest audit entry of an entity type.
func lastAuditOf(t *testing.T, f *dashFixture, entity string) store.AuditEntry {
	t.Helper()
	o := store.AuditFilter{Entity: entity, ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	var last store.AuditEntry
	for {
		pg, err := f.store.ListAudit(context.Background(), o)
		require.NoError(t, err)
		if len(pg.Items) > 0 {
			last = pg.Items[len(pg.Items)-1]
		}
		if pg.NextCursor == "" {
			return last
		}
		o.Cursor = pg.NextCursor
	}
}

// orgForm is the organisation form as the page fills it, with changes.
func orgForm(c *client, o socialsvc.Organisation, kv ...string) url.Values {
	v := url.Values{"csrf": {c.csrf()}, "version": {strconv.FormatInt(o.Version, 10)}, "name": {o.Name}, "short_name": {o.ShortName},
		"legal_status": {string(o.LegalStatus)}, "country": {o.Country}, "tax_id": {o.TaxID}, "iati_ref": {o.IATIRef}, "city": {o.City}, "website": {o.Website}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestOrganisationForm edits an organisation's record, its IATI
// identifier included, with the API's rules: admins and the
// organisation's own editors; an invalid identifier is shown beside its
// field in the page's language and changes nothing; a stale form is
// refused.
func TestOrganisationForm(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	const pci socialsvc.OrgID = "peaceful-change-initiative"
	form := "/organisations/" + string(pci) + "/edit"

	// Who may open it.
	r := f.signIn("").get(form + "?lang=en")
	assert.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/signin?next=%2Forganisations%2Fpeaceful-change-initiative%2Fedit&lang=en", r.Header.Get("Location"))
	viewer, editor, admin := f.signIn("viewer"), f.signIn("editor"), f.signIn("admin")
	assert.Equal(t, http.StatusForbidden, viewer.get("/organisations/"+string(dashViewerOrg)+"/edit?lang=en").Status, "viewers write nothing")
	assert.Equal(t, http.StatusForbidden, editor.get(form+"?lang=en").Status, "another organisation's record")
	assert.Equal(t, http.StatusNotFound, admin.get("/organisations/no-such-org/edit?lang=en").Status)
	r = editor.get("/organisations/" + string(dashEditorOrg) + "/edit?lang=hr")
	require.Equal(t, http.StatusOK, r.Status)
	checkPage(t, "editor's own organisation", r.Body, "hr")
	assert.Contains(t, r.Body, "IATI identifikator organizacije")

	// The partners table links the form for those who may use it.
	r = editor.get("/projects/social-atelier?lang=en")
	assert.Contains(t, r.Body, `href="/organisations/dkolektiv/edit?lang=en"`)
	assert.NotContains(t, r.Body, `href="/organisations/grad-osijek/edit`)

	// ALVED's downloads page sends the admin to PCi's identifier.
	r = admin.get("/projects/alved/reports?lang=en")
	assert.Contains(t, r.Body, `href="/organisations/peaceful-change-initiative/edit?lang=en#f-iati_ref"`)

	org, err := f.store.GetOrganisation(ctx, pci)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, lang, ref string
	}{
		{"too short for GB-CHC hr", "hr", "GB-CHC-12"},
		{"unknown prefix en", "en", "GB-XYZ-1090095"},
		{"no number en", "en", "GB-CHC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			audit := auditLen(t, f)
			r := admin.post(form+"?lang="+tc.lang, orgForm(admin, org, "iati_ref", tc.ref, "city", "London"))
			require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
			doc := checkPage(t, tc.name, r.Body, tc.lang)
			ids := byID(doc)
			require.Contains(t, ids, "errors")
			want := socialsvc.ErrorFields(socialsvc.CheckOrgIdentifier("iati_ref", tc.ref))
			require.Len(t, want, 1)
			require.Contains(t, ids, "e-iati_ref")
			assert.Equal(t, fieldMessage(want[0], socialsvc.Lang(tc.lang)), textOf(ids["e-iati_ref"]))
			assert.Contains(t, r.Body, `value="`+tc.ref+`"`, "what was typed is kept")
			assert.Contains(t, r.Body, `value="London"`)
			got, err := f.store.GetOrganisation(ctx, pci)
			require.NoError(t, err)
			assert.Equal(t, org, got, "nothing was written")
			assert.Equal(t, audit, auditLen(t, f))
		})
	}
	// A name is required, like every other field's rule.
	r = admin.post(form+"?lang=en", orgForm(admin, org, "name", ""))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "is required", textOf(byID(checkPage(t, "no name", r.Body, "en"))["e-name"]))

	// Saved: the identifier is PCi's from now on, IATI publishes it.
	r = admin.post(form+"?lang=en", orgForm(admin, org, "iati_ref", "GB-CHC-1090095"))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, form+"?saved=organisation&lang=en", r.Header.Get("Location"))
	got, err := f.store.GetOrganisation(ctx, pci)
	require.NoError(t, err)
	assert.Equal(t, "GB-CHC-1090095", got.IATIRef)
	assert.Equal(t, org.Version+1, got.Version)
	assert.Equal(t, org.Name, got.Name, "the other fields as they were")
	last := lastAuditOf(t, f, store.EntityOrganisation)
	assert.Equal(t, store.Actor{ID: "token:" + f.ids["admin"], Role: "admin"}, last.Actor)
	assert.Equal(t, string(pci), last.EntityID)
	r = admin.get(form + "?saved=organisation&lang=en")
	assert.Contains(t, r.Body, "The organisation has been saved.")
	r = f.signIn("").get("/projects/alved/reports?lang=en")
	assert.Contains(t, r.Body, "/api/v1/projects/alved/reports/iati.xml?lang=en")
	api := f.signIn("").get("/api/v1/projects/alved/reports/iati.xml")
	require.Equal(t, http.StatusOK, api.Status, api.Body)
	assert.Contains(t, api.Body, "<iati-identifier>GB-CHC-1090095-alved</iati-identifier>")

	// The form read before that save is stale now.
	audit := auditLen(t, f)
	r = admin.post(form+"?lang=hr", orgForm(admin, org, "city", "London"))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body, "Netko je drugi promijenio ove podatke dok ste ih uređivali.")
	assert.Equal(t, audit, auditLen(t, f))

	// An editor changes its own organisation.
	own, err := f.store.GetOrganisation(ctx, dashEditorOrg)
	require.NoError(t, err)
	r = editor.post("/organisations/dkolektiv/edit?lang=en", orgForm(editor, own, "city", "Osijek", "iati_ref", ""))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	own2, err := f.store.GetOrganisation(ctx, dashEditorOrg)
	require.NoError(t, err)
	assert.Equal(t, "Osijek", own2.City)
	// and not another's, even by posting.
	r = editor.post(form+"?lang=en", orgForm(editor, got, "city", "Leeds"))
	assert.Equal(t, http.StatusForbidden, r.Status)
}

// modForm is a modification form's fields.
func modForm(c *client, version int64, kv ...string) url.Values {
	v := url.Values{"csrf": {c.csrf()}, "version": {strconv.FormatInt(version, 10)}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestModificationsForm lists, adds, edits and deletes a project's
// contract modifications through the store's UpdateProject: the end in
// force follows the last modification, the store's rules decide who may
// (the programme, after submission) and the store's validation speaks in
// the page's language.
func TestModificationsForm(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	page := "/projects/2sokrog/modifications"
	get := func() socialsvc.Project {
		p, err := f.store.GetProject(ctx, demo.Project2SoKroG)
		require.NoError(t, err)
		return p
	}

	// Who sees what.
	r := f.signIn("").get(page + "?lang=en")
	assert.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, http.StatusForbidden, f.signIn("editor").get(page+"?lang=en").Status, "DKolektiv is no partner of 2SoKroG")
	viewer := f.signIn("viewer")
	r = viewer.get(page + "?lang=en")
	require.Equal(t, http.StatusOK, r.Status)
	doc := checkPage(t, "viewer", r.Body, "en")
	ids := byID(doc)
	assert.Equal(t, "31 Aug 2020", textOf(ids["contract-end"]))
	assert.Equal(t, "30 Sep 2020", textOf(ids["current-end"]))
	require.Contains(t, ids, "mod-1")
	assert.Contains(t, textOf(ids["mod-1"]), "Extension for the final cross-border conference")
	assert.Equal(t, "You may read the modifications but not change them: "+labelsFor(socialsvc.EN)["forbidden_text"], textOf(ids["mods-locked"]))
	assert.Empty(t, elements(doc, "form")[1:], "no form but sign-out")
	r = viewer.get("/projects/2sokrog?lang=en")
	assert.Contains(t, r.Body, `href="/projects/2sokrog/modifications?lang=en"`)
	assert.Contains(t, r.Body, "Contracted end")
	assert.Equal(t, http.StatusForbidden, viewer.post(page+"?lang=en", modForm(viewer, get().Version, "date", "2020-09-01", "new_end", "2020-10-31")).Status)

	// Social Atelier's partner DKolektiv is not its lead, and the
	// project is past submission: the store says why it may not.
	editor := f.signIn("editor")
	r = editor.get("/projects/social-atelier/modifications?lang=hr")
	require.Equal(t, http.StatusOK, r.Status)
	locked := textOf(byID(checkPage(t, "editor", r.Body, "hr"))["mods-locked"])
	assert.Equal(t, "Izmjene možete čitati, ali ne i mijenjati: podatke i partnere projekta mijenjaju samo urednici vodećeg partnera ili administrator", locked)

	admin := f.signIn("admin")
	r = admin.get(page + "?lang=en")
	require.Equal(t, http.StatusOK, r.Status)
	checkPage(t, "admin", r.Body, "en")
	assert.Contains(t, r.Body, "Add a modification")

	for _, tc := range []struct {
		name, lang, target string
		form               []string
		field, message     string
	}{
		{"new end not moved en", "en", page, []string{"date", "2020-09-25", "new_end", "2020-09-30"}, "e-new_end", "must differ from previous_end"},
		{"no date hr", "hr", page, []string{"new_end", "2020-10-31"}, "e-date", "je obavezno"},
		{"not a date hr", "hr", page, []string{"date", "25.9.2020.", "new_end", "2020-10-31"}, "e-date", "mora biti datum (GGGG-MM-DD)"},
		{"older than the one before en", "en", page, []string{"date", "2020-08-01", "new_end", "2020-10-31"}, "e-date", "modifications are listed oldest first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, audit := get(), auditLen(t, f)
			r := admin.post(tc.target+"?lang="+tc.lang, modForm(admin, before.Version, tc.form...))
			require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
			ids := byID(checkPage(t, tc.name, r.Body, tc.lang))
			require.Contains(t, ids, "errors")
			if tc.field != "" {
				require.Contains(t, ids, tc.field, r.Body)
				assert.Equal(t, tc.message, textOf(ids[tc.field]))
			}
			assert.Equal(t, before, get(), "nothing was written")
			assert.Equal(t, audit, auditLen(t, f))
		})
	}

	// Added: the end in force moves, the contracted end stays.
	before := get()
	r = admin.post(page+"?lang=en", modForm(admin, before.Version, "date", "2020-09-25", "new_end", "2020-10-31", "reference", "Addendum 2", "reason", "Final report"))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, page+"?saved=modification&lang=en", r.Header.Get("Location"))
	after := get()
	assert.Equal(t, socialsvc.MustDate("2020-10-31"), after.End)
	assert.Equal(t, socialsvc.MustDate("2020-08-31"), after.ContractEnd())
	require.Len(t, after.Modifications, 2)
	assert.Equal(t, socialsvc.Modification{Date: socialsvc.MustDate("2020-09-25"), PreviousEnd: socialsvc.MustDate("2020-09-30"),
		NewEnd: socialsvc.MustDate("2020-10-31"), Reference: "Addendum 2", Reason: "Final report"}, after.Modifications[1])
	last := lastAuditOf(t, f, store.EntityProject)
	assert.Equal(t, store.Actor{ID: "token:" + f.ids["admin"], Role: "admin"}, last.Actor)
	assert.Equal(t, store.ActionUpdate, last.Action)
	r = admin.get(page + "?saved=modification&lang=en")
	assert.Contains(t, r.Body, "The modification has been saved.")
	assert.Contains(t, r.Body, "Addendum 2")

	// A stale form changes nothing.
	r = admin.post(page+"?lang=en", modForm(admin, before.Version, "date", "2020-10-01", "new_end", "2020-11-30"))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body, "<li>Someone else changed this record while you were editing it.")
	assert.Equal(t, after, get())

	// An edit that breaks the chain is refused beside its field.
	r = admin.post(page+"/2/edit?lang=en", modForm(admin, after.Version, "date", "2020-09-25", "previous_end", "2020-09-29", "new_end", "2020-10-31"))
	require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
	assert.Equal(t, "must be the new end of the modification before", textOf(byID(checkPage(t, "chain", r.Body, "en"))["e-previous_end"]))
	assert.Equal(t, after, get())

	// Edited: the last one's new end is the project's end.
	r = admin.get(page + "/2/edit?lang=hr")
	require.Equal(t, http.StatusOK, r.Status)
	checkPage(t, "edit form", r.Body, "hr")
	assert.Contains(t, r.Body, `value="Addendum 2"`)
	assert.Equal(t, http.StatusNotFound, admin.get(page+"/3/edit?lang=hr").Status)
	assert.Equal(t, http.StatusNotFound, admin.get(page+"/02/edit?lang=hr").Status)
	r = admin.post(page+"/2/edit?lang=en", modForm(admin, after.Version, "date", "2020-09-25", "previous_end", "2020-09-30", "new_end", "2020-11-15", "reference", "Addendum 2a"))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	edited := get()
	assert.Equal(t, socialsvc.MustDate("2020-11-15"), edited.End)
	assert.Equal(t, "Addendum 2a", edited.Modifications[1].Reference)
	assert.Empty(t, edited.Modifications[1].Reason)

	// Deleting an earlier one would move the contracted end: refused.
	r = admin.post(page+"/1/delete?lang=en", modForm(admin, edited.Version))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body, "Only the last modification can be deleted")
	assert.Equal(t, edited, get())
	r = admin.get(page + "?lang=en")
	assert.NotContains(t, r.Body, `action="/projects/2sokrog/modifications/1/delete`)
	assert.Contains(t, r.Body, `action="/projects/2sokrog/modifications/2/delete?lang=en"`)
	// Deleting the last brings the end back to the one before it.
	r = admin.post(page+"/2/delete?lang=en", modForm(admin, edited.Version))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, page+"?saved=deleted&lang=en", r.Header.Get("Location"))
	back := get()
	assert.Equal(t, socialsvc.MustDate("2020-09-30"), back.End)
	assert.Equal(t, before.Modifications, back.Modifications)
	// Deleting the only one would bring the end back to 31.8.2020, before
	// the end of the last reporting period: the store refuses, nothing
	// changes.
	r = admin.post(page+"/1/delete?lang=en", modForm(admin, back.Version))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, textOf(byID(checkPage(t, "delete the only one", r.Body, "en"))["errors"]), "periods[3].end: must lie within the project period")
	assert.Equal(t, back, get())

	r = admin.get("/projects/social-atelier/modifications?lang=en")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, r.Body, "The contract has not been modified.")
}

// The forms' texts are catalogue ids (area "forms", all five
// languages): every id the Go code and the page templates use exists.
func TestFormsMessageIDs(t *testing.T) {
	i18ntest.CheckSource(t, ".")
	files, err := filepath.Glob("templates/pages/*.html")
	require.NoError(t, err)
	var ids []string
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`\.Tr "([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
			ids = append(ids, m[1])
		}
	}
	require.NotEmpty(t, ids)
	i18ntest.CheckIDs(t, ids...)
}
