package httpapi

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// cycleUsers signs in, on the dashboard fixture, the people of the
// cycle's pages: the lead partner's editor of 2SoKroG (ZRS Bistra Ptuj),
// a controller of its control body (SVRK) and the programme's admin.
func cycleUsers(t *testing.T, f *dashFixture) (editor, controller, admin *client) {
	t.Helper()
	ts, ok := f.h.opts.Tokens.(TokenStore)
	require.True(t, ok, "the fixture's tokens are a TokenStore")
	as := func(role Role, org socialsvc.OrgID) *client {
		tok, _, err := Issue(context.Background(), ts, role, org, "test cycle "+string(role))
		require.NoError(t, err)
		f.tokens["cycle-"+string(role)] = tok
		return f.signIn("cycle-" + string(role))
	}
	return as(RoleEditor, dashViewerOrg), as(RoleController, "si-svrk-flc"), f.signIn("admin")
}

// formOf returns the values of the form with id in a page, as a browser
// would send them without changes (hidden fields, values, checked boxes,
// selected options).
func formOf(t *testing.T, body, id string) (string, url.Values) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	form := byID(doc)[id]
	require.NotNil(t, form, "form %s on the page", id)
	action, _ := attr(form, "action")
	v := url.Values{}
	for _, in := range elements(form, "input") {
		name, _ := attr(in, "name")
		typ, _ := attr(in, "type")
		val, _ := attr(in, "value")
		if name == "" || typ == "file" || typ == "submit" {
			continue
		}
		if typ == "checkbox" {
			if _, on := attr(in, "checked"); !on {
				continue
			}
		}
		v.Add(name, val)
	}
	for _, ta := range elements(form, "textarea") {
		name, _ := attr(ta, "name")
		v.Add(name, textOf(ta))
	}
	for _, sel := range elements(form, "select") {
		name, _ := attr(sel, "name")
		first := ""
		chosen := ""
		for i, o := range elements(sel, "option") {
			val, _ := attr(o, "value")
			if i == 0 {
				first = val
			}
			if _, on := attr(o, "selected"); on {
				chosen = val
			}
		}
		v.Add(name, cmpOr(chosen, first))
	}
	return strings.ReplaceAll(action, "&amp;", "&"), v
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cellText returns the text of the element with id, spaces folded.
func cellText(t *testing.T, body, id string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	n := byID(doc)[id]
	require.NotNil(t, n, "element %s on the page", id)
	return strings.Join(strings.Fields(textOf(n)), " ")
}

// cycleFixture is the dashboard fixture with 2SoKroG as it was while it
// ran (in implementation, so that its partners still report), after the
// demo's four periods went through the cycle.
func cycleFixture(t *testing.T) *dashFixture {
	t.Helper()
	return newDashFixtureWith(t, func(ds *demo.Dataset) {
		for i := range ds.Projects {
			if ds.Projects[i].ID == demo.Project2SoKroG {
				ds.Projects[i].Status = socialsvc.StatusInImplementation
			}
		}
	})
}

// cellsOf returns the texts of the cells (th, td) inside the element
// with id, spaces folded, joined with " | ".
func cellsOf(t *testing.T, body, id string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	n := byID(doc)[id]
	require.NotNil(t, n, "element %s on the page", id)
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th") {
			out = append(out, strings.Join(strings.Fields(textOf(n)), " "))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(out, " | ")
}

var reportLink = regexp.MustCompile(`/partner-reports/([a-z0-9_-]+)\?`)

// TestCyclePages takes a new partner report of 2SoKroG through the
// dashboard's forms, as the browser test does in Chromium: the lead
// partner's editor enters two lines and submits; the controller of its
// body deducts 50,00 of the travel line with a reason and certifies; the
// admin bundles, verifies and records the payment. The figures, by
// hand: staff 1.000,03, office 15% = 150,0045 → 150,00, travel 200,00:
// declared 1.350,03; certified 1.300,03; ERDF 85% = 1.105,0255 →
// 1.105,02.
func TestCyclePages(t *testing.T) {
	f := cycleFixture(t)
	editor, controller, admin := cycleUsers(t, f)
	editor.lang, controller.lang, admin.lang = "hr", "hr", "hr"

	list := editor.get("/projects/2sokrog/partner-reports?lang=hr")
	require.Equal(t, http.StatusOK, list.Status, list.Body)
	assert.Contains(t, list.Body, "Partnerska izvješća: 2SoKroG")
	assert.Equal(t, 28, strings.Count(list.Body, `class="status-certified"`), "the demo's 28 certified reports")
	action, form := formOf(t, list.Body, "new-report")
	assert.Equal(t, []string{"2sokrog-lp"}, form["partner_id"], "the editor reports for its own partner only")
	form.Set("period", "4")
	r := editor.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	m := reportLink.FindStringSubmatch(r.Header.Get("Location"))
	require.NotNil(t, m, r.Header.Get("Location"))
	id := m[1]
	page := "/partner-reports/" + id + "?lang=hr"

	// A wrong line first: the errors come from the catalogue, in Croatian,
	// and nothing is written.
	rep := editor.get(page)
	require.Equal(t, http.StatusOK, rep.Status, rep.Body)
	action, form = formOf(t, rep.Body, "line-form")
	form.Set("category", string(socialsvc.CatStaff))
	form.Set("amount", "1000.034")
	form.Set("invoice_date", "2031-01-01")
	r = editor.post(action, form)
	require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
	assert.Contains(t, r.Body, `id="e-amount"`)
	assert.Contains(t, cellText(t, r.Body, "e-invoice_date"), "razdoblj")
	c, err := store.AsCycle(f.store)
	require.NoError(t, err)
	lines, err := c.ListReportLines(context.Background(), store.ReportLineFilter{ReportID: socialsvc.PartnerReportID(id)})
	require.NoError(t, err)
	assert.Empty(t, lines.Items)

	for _, l := range []struct{ cat, no, amount string }{{"staff", "R-2020-31", "1.000,03"}, {"travel_accommodation", "R-2020-32", "200,00"}} {
		action, form = formOf(t, editor.get(page).Body, "line-form")
		form.Set("category", l.cat)
		form.Set("invoice_number", l.no)
		form.Set("invoice_date", "2020-09-10")
		form.Set("payment_date", "2020-09-15")
		form.Set("amount", l.amount)
		form.Set("procurement_ref", "JN-7/2020")
		r = editor.post(action, form)
		require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	}
	rep = editor.get(page)
	assert.Contains(t, cellText(t, rep.Body, "t-categories"), "1.350,03")
	action, form = formOf(t, rep.Body, "step-submit")
	r = editor.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	rep = editor.get(page)
	assert.Equal(t, socialsvc.ReportSubmitted.Label(socialsvc.HR), cellText(t, rep.Body, "report-status"))
	assert.NotContains(t, rep.Body, `id="line-form"`, "a submitted report takes no lines")

	// The controller's queue has the report; the controller starts
	// control and deducts 50,00 of the travel line.
	q := controller.get("/control?lang=hr")
	require.Equal(t, http.StatusOK, q.Status, q.Body)
	assert.Contains(t, q.Body, "/partner-reports/"+id+"?")
	assert.Equal(t, 1, strings.Count(q.Body, `class="status-submitted"`))
	rep = controller.get(page)
	assert.Contains(t, rep.Body, `<p class="breadcrumb"><a href="/control?lang=hr">`, "a controller goes back to its queue, not to the project")
	action, form = formOf(t, rep.Body, "step-start_control")
	r = controller.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	rep = controller.get(page)
	action, form = formOf(t, rep.Body, "control-form")
	lines, err = c.ListReportLines(context.Background(), store.ReportLineFilter{ReportID: socialsvc.PartnerReportID(id)})
	require.NoError(t, err)
	var travel socialsvc.ExpenditureID
	for _, l := range lines.Items {
		if l.Category == socialsvc.CatTravel {
			travel = l.ID
		}
	}
	assert.Equal(t, "200,00", form.Get("certified_"+string(travel)), "the form offers the declared amount")
	form.Set("in_sample_"+string(travel), "1")
	form.Set("deducted_"+string(travel), "50,00")
	// certified + deducted ≠ declared: refused with the catalogue's text.
	r = controller.post(action, form)
	require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
	assert.Contains(t, r.Body, `class="field-error"`)
	form.Set("certified_"+string(travel), "150,00")
	form.Set("error_type_"+string(travel), string(socialsvc.ErrIneligibleCost))
	form.Set("comment_"+string(travel), "Taksi bez putnog naloga")
	r = controller.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	rep = controller.get(page)
	action, form = formOf(t, rep.Body, "step-certify")
	r = controller.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	rep = controller.get(page)
	assert.Equal(t, socialsvc.ReportCertified.Label(socialsvc.HR), cellText(t, rep.Body, "report-status"))
	cats := cellsOf(t, rep.Body, "t-categories")
	assert.Contains(t, cats, socialsvc.CatStaff.Label(socialsvc.HR)+" | ne | 1.000,03 € | 1.000,03 € | 0,00 € | 0,00 €")
	assert.Contains(t, cats, socialsvc.CatOffice.Label(socialsvc.HR)+" | da | 150,00 € | 150,00 € | 0,00 € | 0,00 €")
	assert.Contains(t, cats, socialsvc.CatTravel.Label(socialsvc.HR)+" | ne | 200,00 € | 150,00 € | 50,00 € | 0,00 €")
	assert.Contains(t, cats, "Ukupno |  | 1.350,03 € | 1.300,03 € | 50,00 € | 0,00 €")
	assert.Equal(t, "Vrsta pogreške | Broj stavki | Umanjeno | "+socialsvc.ErrIneligibleCost.Label(socialsvc.HR)+" | 1 | 50,00 € | Ukupno | 1 | 50,00 €", cellsOf(t, rep.Body, "t-deductions"))

	// The admin bundles period 4's new report, submits and verifies the
	// project report, and records the payment.
	pays := admin.get("/projects/2sokrog/payments?lang=hr")
	require.Equal(t, http.StatusOK, pays.Status, pays.Body)
	action, form = formOf(t, pays.Body, "bundle-4")
	assert.Equal(t, []string{id}, form["partner_report_ids"])
	r = admin.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	pays = admin.get("/projects/2sokrog/payments?lang=hr")
	action, form = formOf(t, pays.Body, "prr-5-submit_prr")
	r = admin.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	pays = admin.get("/projects/2sokrog/payments?lang=hr")
	action, form = formOf(t, pays.Body, "prr-5-verify")
	r = admin.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	pg, err := c.ListPayments(context.Background(), store.ProjectScope{ProjectID: "2sokrog", ListOptions: store.ListOptions{Limit: 100}})
	require.NoError(t, err)
	var pay socialsvc.Payment
	for _, p := range pg.Items {
		if p.Paid == nil {
			pay = p
		}
	}
	require.NotEmpty(t, pay.ID, "verification created the payment")
	assert.Equal(t, "1300.03", pay.Certified.AmountString())
	assert.Equal(t, "1105.02", pay.FundAmount.AmountString())
	pays = admin.get("/projects/2sokrog/payments?lang=hr")
	row := cellsOf(t, pays.Body, "pay-"+string(pay.ID))
	assert.True(t, strings.HasPrefix(row, "ZRS Bistra Ptuj | ERDF | 5 | 1.300,03 € | 1.105,02 € | 0,00 € | 1.105,02 € |  |  |"), row)
	doc, err := html.Parse(strings.NewReader(pays.Body))
	require.NoError(t, err)
	var rec *html.Node
	for _, fm := range elements(byID(doc)["pay-"+string(pay.ID)], "form") {
		rec = fm
	}
	require.NotNil(t, rec)
	fv := url.Values{}
	for _, in := range elements(rec, "input") {
		n, _ := attr(in, "name")
		v, _ := attr(in, "value")
		fv.Set(n, v)
	}
	act, _ := attr(rec, "action")
	assert.Equal(t, "1105,02", fv.Get("paid"), "the form offers the amount due")
	prr, err := c.GetProjectReport(context.Background(), pay.ProjectReportID)
	require.NoError(t, err)
	require.True(t, socialsvc.DateOf(fixedNow).Before(prr.VerifiedOn))
	assert.Equal(t, prr.VerifiedOn.String(), fv.Get("paid_on"), "paid today, but not before the verification")
	stale := url.Values{}
	for k, v := range fv {
		stale[k] = v
	}
	stale.Set("version", "0")
	r = admin.post(act, stale)
	require.Equal(t, http.StatusConflict, r.Status, "a form read at another version changes nothing")
	r = admin.post(act, fv)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	r = admin.post(act, fv)
	require.Equal(t, http.StatusConflict, r.Status, "a payment is recorded once")
	got, err := c.GetPayment(context.Background(), pay.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Paid)
	assert.Equal(t, "1105.02", got.Paid.AmountString())
	pays = admin.get("/projects/2sokrog/payments?lang=sl")
	assert.Contains(t, pays.Body, "Poročila projekta in plačila: 2SoKroG")
	assert.Contains(t, cellText(t, pays.Body, "pay-"+string(pay.ID)), "1.105,02 €")
}

// TestCyclePagesRefuse: the pages keep the store's rules. Who may not
// act gets no form, a refused post changes nothing, and a post without
// the session's CSRF token is refused before anything is read.
func TestCyclePagesRefuse(t *testing.T) {
	f := cycleFixture(t)
	editor, controller, admin := cycleUsers(t, f)
	ts := f.h.opts.Tokens.(TokenStore)
	tok, _, err := Issue(context.Background(), ts, RoleController, "hr-arr-flc", "test other body")
	require.NoError(t, err)
	f.tokens["other-body"] = tok
	other := f.signIn("other-body")
	viewer := f.signIn("viewer")
	anon := f.signIn("")
	c, err := store.AsCycle(f.store)
	require.NoError(t, err)
	ctx := context.Background()

	// A draft of the lead partner with one line, and its submission.
	draft := editor.post("/projects/2sokrog/partner-reports?lang=en", url.Values{"csrf": {editor.csrf()}, "partner_id": {"2sokrog-lp"}, "period": {"4"}})
	require.Equal(t, http.StatusSeeOther, draft.Status, draft.Body)
	id := reportLink.FindStringSubmatch(draft.Header.Get("Location"))[1]
	page := "/partner-reports/" + id + "?lang=en"
	line := url.Values{"csrf": {editor.csrf()}, "category": {"staff"}, "invoice_number": {"R-1"}, "invoice_date": {"2020-09-10"},
		"amount": {"100.00"}, "currency": {"EUR"}}
	require.Equal(t, http.StatusSeeOther, editor.post("/partner-reports/"+id+"/lines?lang=en", line).Status)
	count := func() int {
		pg, err := c.ListReportLines(ctx, store.ReportLineFilter{ReportID: socialsvc.PartnerReportID(id)})
		require.NoError(t, err)
		return len(pg.Items)
	}
	require.Equal(t, 1, count())

	for _, tc := range []struct {
		name   string
		c      *client
		status int
	}{
		{"anonymous is sent to sign in", anon, http.StatusSeeOther},
		{"a controller of another body does not see a draft", other, http.StatusNotFound},
		{"the partner's controller does not see a draft", controller, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.status, tc.c.get(page).Status)
		})
	}
	// The viewer reads the report but gets no form, and its post is refused.
	r := viewer.get(page)
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	assert.NotContains(t, r.Body, `id="line-form"`)
	assert.NotContains(t, r.Body, `id="step-submit"`)
	line.Set("csrf", viewer.csrf())
	assert.Equal(t, http.StatusForbidden, viewer.post("/partner-reports/"+id+"/lines?lang=en", line).Status)
	// Without the CSRF token: refused, nothing written.
	line.Set("csrf", "")
	assert.Equal(t, http.StatusForbidden, editor.post("/partner-reports/"+id+"/lines?lang=en", line).Status)
	assert.Equal(t, 1, count(), "no refused post wrote a line")

	// Submitted: the other body's controller still sees nothing, its
	// step is refused; the admin may not control (not the body).
	rep, err := c.GetPartnerReport(ctx, socialsvc.PartnerReportID(id))
	require.NoError(t, err)
	step := url.Values{"csrf": {editor.csrf()}, "version": {itoa64(rep.Version)}, "to": {"submitted"}}
	require.Equal(t, http.StatusSeeOther, editor.post("/partner-reports/"+id+"/transition?lang=en", step).Status)
	assert.Equal(t, http.StatusNotFound, other.get(page).Status)
	rep, err = c.GetPartnerReport(ctx, socialsvc.PartnerReportID(id))
	require.NoError(t, err)
	step = url.Values{"csrf": {other.csrf()}, "version": {itoa64(rep.Version)}, "to": {"in_control"}}
	assert.Equal(t, http.StatusNotFound, other.post("/partner-reports/"+id+"/transition?lang=en", step).Status)
	step.Set("csrf", admin.csrf())
	r = admin.post("/partner-reports/"+id+"/transition?lang=en", step)
	assert.Equal(t, http.StatusForbidden, r.Status, "only the partner's control body controls")
	// Lines of a submitted report cannot change: the store's conflict,
	// in the page's language.
	line.Set("csrf", editor.csrf())
	line.Set("amount", "100,00")
	r = editor.post("/partner-reports/"+id+"/lines?lang=sl", line)
	assert.Equal(t, http.StatusConflict, r.Status, r.Body)
	assert.Contains(t, r.Body, `<html lang="sl">`)
	assert.Contains(t, cellText(t, r.Body, "errors"), socialsvc.ErrorFields(socialsvc.ErrReportNotDraft)[0].MessageIn("sl"))
	got, err := c.GetPartnerReport(ctx, socialsvc.PartnerReportID(id))
	require.NoError(t, err)
	assert.Equal(t, socialsvc.ReportSubmitted, got.Status, "nothing moved the report")
	assert.Equal(t, 1, count())
	// The queue is the controllers' and the programme's.
	assert.Equal(t, http.StatusForbidden, editor.get("/control?lang=en").Status)
	assert.Equal(t, http.StatusOK, controller.get("/control?lang=en").Status)
	assert.Equal(t, http.StatusOK, admin.get("/control?lang=en").Status)
	// Payments: the viewer reads them without the forms; a recording
	// by a non-admin is refused.
	r = viewer.get("/projects/2sokrog/payments?lang=en")
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	assert.NotContains(t, r.Body, `class="record-form"`)
	assert.NotContains(t, r.Body, `id="advance-form"`)
	adv := url.Values{"csrf": {editor.csrf()}, "partner_id": {"2sokrog-lp"}, "fund_id": {"erdf"}, "amount": {"100.00"}, "paid_on": {"2020-01-01"}}
	assert.Equal(t, http.StatusForbidden, editor.post("/projects/2sokrog/advances?lang=en", adv).Status)
	// An advance beyond the partner's share of the fund: the field error
	// beside the amount.
	adv.Set("csrf", admin.csrf())
	adv.Set("amount", "999999.00")
	r = admin.post("/projects/2sokrog/advances?lang=en", adv)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body, `id="e-amount"`)
	advs, err := c.ListAdvances(ctx, store.ProjectScope{ProjectID: "2sokrog"})
	require.NoError(t, err)
	assert.Empty(t, advs.Items)
}

// TestCyclePagesImport: a partner's editor imports a CSV into a draft
// from the report page; a file with a wrong row adds nothing and names
// the row.
func TestCyclePagesImport(t *testing.T) {
	f := cycleFixture(t)
	editor, _, _ := cycleUsers(t, f)
	r := editor.post("/projects/2sokrog/partner-reports?lang=en", url.Values{"csrf": {editor.csrf()}, "partner_id": {"2sokrog-lp"}, "period": {"4"}})
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	id := reportLink.FindStringSubmatch(r.Header.Get("Location"))[1]
	upload := func(csv string) pageResp {
		var body strings.Builder
		mw := multipart.NewWriter(&body)
		require.NoError(t, mw.WriteField("csrf", editor.csrf()))
		fw, err := mw.CreateFormFile("file", "lines.csv")
		require.NoError(t, err)
		_, err = fw.Write([]byte(csv))
		require.NoError(t, err)
		require.NoError(t, mw.Close())
		return editor.send("POST", "/partner-reports/"+id+"/import?lang=en", mw.FormDataContentType(), body.String(), "Origin", "http://example.com")
	}
	c, err := store.AsCycle(f.store)
	require.NoError(t, err)
	count := func() int {
		pg, err := c.ListReportLines(context.Background(), store.ReportLineFilter{ReportID: socialsvc.PartnerReportID(id)})
		require.NoError(t, err)
		return len(pg.Items)
	}
	bad := "category,amount,invoice_number,invoice_date\nstaff,100.00,R-1,2020-09-10\nstaff,12.345,R-2,2020-09-11\n"
	r = upload(bad)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, cellText(t, r.Body, "errors"), "Row 3: amount: amount has more than two decimals", "the spreadsheet's row, below the header")
	assert.Equal(t, 0, count(), "a file with a wrong row adds nothing")
	r = upload("category,amount,invoice_number,invoice_date\nstaff,100.00,R-1,2020-09-10\ntravel_accommodation,20.50,R-2,2020-09-11\n")
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, 2, count())
	page := editor.get("/partner-reports/" + id + "?lang=en&saved=import")
	assert.Equal(t, "The file's lines have been added.", cellText(t, page.Body, "saved"))
	// staff 100,00 + office 15,00 + travel 20,50 = 135,50
	assert.Contains(t, cellsOf(t, page.Body, "t-categories"), "Total |  | €135.50")
}

// linksOf returns the label and href of each link inside the element
// with id.
func linksOf(t *testing.T, body, id string) [][2]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	n := byID(doc)[id]
	require.NotNil(t, n, "element %s on the page", id)
	var out [][2]string
	for _, a := range elements(n, "a") {
		href, _ := attr(a, "href")
		out = append(out, [2]string{textOf(a), href})
	}
	return out
}

// TestCyclePagesDownloads: the report page links the partner report's
// files, and the control certificate's only once the report is
// certified; the payments page links the payment statement and each
// project report. The links are the API's report routes: the signed-in
// partner's session cookie opens them, an anonymous request is refused.
func TestCyclePagesDownloads(t *testing.T) {
	f := cycleFixture(t)
	editor, _, _ := cycleUsers(t, f)
	editor.lang = "sl"
	ctx := context.Background()
	c, err := store.AsCycle(f.store)
	require.NoError(t, err)
	certified, err := c.ListPartnerReports(ctx, store.PartnerReportFilter{ProjectID: demo.Project2SoKroG, PartnerID: "2sokrog-lp",
		Status: socialsvc.ReportCertified, ListOptions: store.ListOptions{Limit: 1}})
	require.NoError(t, err)
	require.Len(t, certified.Items, 1)
	id := string(certified.Items[0].ID)
	base := "/api/v1/partner-reports/" + id + "/reports/"
	links := func(name string) [][2]string {
		return [][2]string{{"HTML", base + name + ".html?lang=sl"}, {"PDF", base + name + ".pdf?lang=sl"},
			{"XLSX", base + name + ".xlsx?lang=sl"}, {"CSV", base + name + ".csv?lang=sl"}}
	}

	page := editor.get("/partner-reports/" + id + "?lang=sl")
	require.Equal(t, http.StatusOK, page.Status, page.Body)
	assert.Equal(t, "Prenosi", cellText(t, page.Body, "downloads-h"))
	assert.Equal(t, "Poročilo partnerja", cellText(t, page.Body, "dl-partner-report-h"))
	assert.Equal(t, links("partner-report"), linksOf(t, page.Body, "dl-partner-report"))
	assert.Equal(t, "Potrdilo o kontroli", cellText(t, page.Body, "dl-control-certificate-h"))
	assert.Equal(t, links("control-certificate"), linksOf(t, page.Body, "dl-control-certificate"))
	assert.NotContains(t, page.Body, `id="certificate-later"`)

	anon := f.signIn("")
	for _, tc := range []struct{ link, ct string }{
		{base + "control-certificate.pdf?lang=sl", "application/pdf"},
		{base + "partner-report.xlsx?lang=sl", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{base + "partner-report.html?lang=sl", "text/html; charset=utf-8"},
		{base + "partner-report.csv?lang=sl", "text/csv; charset=utf-8"},
	} {
		r := editor.get(tc.link)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", tc.link, r.Body)
		assert.Equal(t, tc.ct, r.Header.Get("Content-Type"), tc.link)
		r = anon.get(tc.link)
		assert.Equal(t, http.StatusUnauthorized, r.Status, tc.link)
		assert.NotEqual(t, tc.ct, r.Header.Get("Content-Type"), tc.link)
	}

	// A draft has no certificate yet: no link, a hint instead.
	action, form := formOf(t, editor.get("/projects/2sokrog/partner-reports?lang=sl").Body, "new-report")
	form.Set("period", "4")
	r := editor.post(action, form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	m := reportLink.FindStringSubmatch(r.Header.Get("Location"))
	require.NotNil(t, m, r.Header.Get("Location"))
	draft := editor.get("/partner-reports/" + m[1] + "?lang=sl")
	require.Equal(t, http.StatusOK, draft.Status, draft.Body)
	assert.Len(t, linksOf(t, draft.Body, "dl-partner-report"), 4)
	assert.NotContains(t, draft.Body, `id="dl-control-certificate"`)
	assert.Equal(t, "Potrdilo o kontroli je na voljo za prenos, ko je poročilo potrjeno.", cellText(t, draft.Body, "certificate-later"))

	pays := editor.get("/projects/2sokrog/payments?lang=sl")
	require.Equal(t, http.StatusOK, pays.Status, pays.Body)
	assert.Equal(t, "Pregled plačil", cellText(t, pays.Body, "dl-payment-statement-h"))
	st := "/api/v1/projects/2sokrog/reports/payment-statement"
	assert.Equal(t, [][2]string{{"HTML", st + ".html?lang=sl"}, {"PDF", st + ".pdf?lang=sl"}, {"XLSX", st + ".xlsx?lang=sl"}, {"CSV", st + ".csv?lang=sl"}},
		linksOf(t, pays.Body, "dl-payment-statement"))
	prs, err := c.ListProjectReports(ctx, store.ProjectScope{ProjectID: demo.Project2SoKroG, ListOptions: store.ListOptions{Limit: 100}})
	require.NoError(t, err)
	require.NotEmpty(t, prs.Items)
	for _, x := range prs.Items {
		n := strconv.Itoa(x.Number)
		assert.Equal(t, "Poročilo projekta "+n, cellText(t, pays.Body, "dl-prr-"+n+"-h"))
		got := linksOf(t, pays.Body, "dl-prr-"+n)
		require.Len(t, got, 4)
		assert.Equal(t, [2]string{"PDF", "/api/v1/project-reports/" + string(x.ID) + "/reports/project-report.pdf?lang=sl"}, got[1])
	}
	for _, link := range []string{st + ".xlsx?lang=sl", "/api/v1/project-reports/" + string(prs.Items[0].ID) + "/reports/project-report.pdf?lang=sl"} {
		r := editor.get(link)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", link, r.Body)
		assert.NotEmpty(t, r.Body)
		assert.Equal(t, http.StatusUnauthorized, anon.get(link).Status, link)
	}
}
