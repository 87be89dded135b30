package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/cdptest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// TestBrowserCycle runs the reporting cycle through the dashboard in a
// real headless Chromium driven over the DevTools protocol: the forms are
// filled and submitted in the browser, as a person would. 2SoKroG's lead
// partner's editor opens a report for period 4, enters a staff line of
// 1.000,03 and a travel line of 200,00 and submits; the controller of
// its control body (SVRK) finds the report in the queue, starts control,
// deducts 50,00 of the travel line as ineligible with a reason and
// certifies; the admin bundles the report into a project report, submits
// and verifies it and records the payment. The figures, by hand: office
// 15% of 1.000,03 = 150,0045 → 150,00; declared 1.350,03; certified
// 1.300,03; ERDF 85% = 1.105,0255 → 1.105,02. The payments page is then
// checked in Slovenian.
func TestBrowserCycle(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no chromium, chromium-browser or google-chrome on PATH (apt-get install -y chromium)")
		}
		t.Skip("no chromium on PATH")
	}
	f := cycleFixture(t)
	editor, controller, admin := cycleUsers(t, f)
	// Each person's browser: every request carries the session cookie
	// signing in set.
	serve := func(c *client) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.cookie})
			f.h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	ed, ctl, adm := serve(editor), serve(controller), serve(admin)
	b := cdptest.Start(t, bin)

	str := func(js string) string {
		t.Helper()
		var s string
		b.Eval(t, js, &s)
		return s
	}
	// submit runs js, which submits a form, and waits for the page the
	// browser is sent to (the marker is gone once a new document loaded).
	submit := func(js string) {
		t.Helper()
		var ok bool
		b.Eval(t, "window.__before = true; "+js+"; true", &ok)
		for range 600 {
			var done bool
			b.Eval(t, `typeof window.__before === "undefined" && document.readyState === "complete"`, &done)
			if done {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("the form's next page did not load")
	}
	set := func(id, value string) string {
		v, err := json.Marshal(value)
		require.NoError(t, err)
		return `document.getElementById(` + jsString(id) + `).value = ` + string(v) + `;`
	}
	click := func(id string) string { return `document.getElementById(` + jsString(id) + `).click();` }
	// cells is the text of the cells of an element, as cellsOf reads them.
	cells := func(id string) string {
		t.Helper()
		return str(`Array.from(document.getElementById(` + jsString(id) + `).querySelectorAll("th, td")).map(c => c.textContent.trim().split(/\s+/).join(" ")).join(" | ")`)
	}
	text := func(id string) string {
		t.Helper()
		return str(`document.getElementById(` + jsString(id) + `).textContent.trim()`)
	}
	noTemplateErrors := func() {
		t.Helper()
		body := str(`document.documentElement.outerHTML`)
		for _, bad := range []string{"ZgotmplZ", "template:", "internal error"} {
			assert.NotContains(t, body, bad)
		}
	}

	// The partner's editor: from the project page to a new report.
	b.Open(t, ed.URL+"/projects/2sokrog?lang=hr")
	submit(click("partner-reports-link"))
	assert.Equal(t, "Partnerska izvješća: 2SoKroG", str(`document.querySelector("h1").textContent.trim()`))
	submit(set("f-period", "4") + `document.getElementById("new-report").submit()`)
	report := str(`location.pathname`)
	require.True(t, strings.HasPrefix(report, "/partner-reports/"), report)
	id := socialsvc.PartnerReportID(strings.TrimPrefix(report, "/partner-reports/"))
	for _, l := range []struct{ cat, no, amount string }{{"staff", "R-2020-31", "1.000,03"}, {"travel_accommodation", "R-2020-32", "200,00"}} {
		submit(set("f-category", l.cat) + set("f-invoice_number", l.no) + set("f-invoice_date", "2020-09-10") +
			set("f-payment_date", "2020-09-15") + set("f-amount", l.amount) + set("f-procurement_ref", "JN-7/2020") +
			`document.getElementById("line-form").querySelector("button[type=submit]").click()`)
		assert.Equal(t, "Stavka je dodana.", text("saved"))
	}
	assert.Contains(t, cells("t-categories"), "Ukupno |  | 1.350,03 € | 0,00 € | 0,00 € | 0,00 €", "declared, nothing certified yet")
	noTemplateErrors()
	submit(click("button-submit"))
	assert.Equal(t, socialsvc.ReportSubmitted.Label(socialsvc.HR), text("report-status"))

	// The controller: the queue, control, one deduction, certification.
	b.Open(t, ctl.URL+"/control?lang=hr")
	assert.Contains(t, cells("partner-reports"), "2SoKroG | ZRS Bistra Ptuj | 5 | 4 | "+socialsvc.ReportSubmitted.Label(socialsvc.HR)+" | 1.350,03 € |")
	submit(`document.querySelector("#partner-reports a").click()`)
	submit(click("button-start_control"))
	assert.Equal(t, socialsvc.ReportInControl.Label(socialsvc.HR), text("report-status"))
	c, err := store.AsCycle(f.store)
	require.NoError(t, err)
	lines, err := c.ListReportLines(context.Background(), store.ReportLineFilter{ReportID: id})
	require.NoError(t, err)
	var travel string
	for _, l := range lines.Items {
		if l.Category == socialsvc.CatTravel {
			travel = string(l.ID)
		}
	}
	require.NotEmpty(t, travel)
	submit(click("f-in_sample_"+travel) + set("f-certified_"+travel, "150,00") + set("f-deducted_"+travel, "50,00") +
		set("f-error_type_"+travel, string(socialsvc.ErrIneligibleCost)) + set("f-comment_"+travel, "Taksi bez putnog naloga") + click("save-control"))
	assert.Equal(t, "Odluke su spremljene.", text("saved"))
	submit(click("button-certify"))
	assert.Equal(t, socialsvc.ReportCertified.Label(socialsvc.HR), text("report-status"))
	cats := cells("t-categories")
	assert.Contains(t, cats, socialsvc.CatTravel.Label(socialsvc.HR)+" | ne | 200,00 € | 150,00 € | 50,00 € | 0,00 €")
	assert.Contains(t, cats, "Ukupno |  | 1.350,03 € | 1.300,03 € | 50,00 € | 0,00 €")
	assert.Equal(t, "Vrsta pogreške | Broj stavki | Umanjeno | "+socialsvc.ErrIneligibleCost.Label(socialsvc.HR)+" | 1 | 50,00 € | Ukupno | 1 | 50,00 €", cells("t-deductions"))
	assert.Contains(t, cells("line-"+travel), "Taksi bez putnog naloga")
	noTemplateErrors()

	// The programme: bundle, submit, verify, record the payment.
	b.Open(t, adm.URL+"/projects/2sokrog/payments?lang=hr")
	submit(click("button-bundle-4"))
	assert.Equal(t, "Izvješće projekta je izrađeno.", text("saved"))
	submit(click("button-prr-5-submit_prr"))
	submit(click("button-prr-5-verify"))
	assert.Equal(t, "5 | 4 | 1 | "+socialsvc.ProjectReportVerified.Label(socialsvc.HR)+" | 1.300,03 € | ", cells("prr-5"))
	var pay socialsvc.Payment
	pg, err := c.ListPayments(context.Background(), store.ProjectScope{ProjectID: "2sokrog", ListOptions: store.ListOptions{Limit: 100}})
	require.NoError(t, err)
	for _, p := range pg.Items {
		if p.Paid == nil {
			pay = p
		}
	}
	require.NotEmpty(t, pay.ID, "verification created the payment")
	row := "pay-" + string(pay.ID)
	assert.True(t, strings.HasPrefix(cells(row), "ZRS Bistra Ptuj | ERDF | 5 | 1.300,03 € | 1.105,02 € | 0,00 € | 1.105,02 € |  |  |"), cells(row))
	submit(click("record-" + string(pay.ID)))
	assert.Equal(t, "Isplata je evidentirana.", text("saved"))
	assert.True(t, strings.HasPrefix(cells(row), "ZRS Bistra Ptuj | ERDF | 5 | 1.300,03 € | 1.105,02 € | 0,00 € | 1.105,02 € | 1.105,02 € |"), cells(row))
	got, err := c.GetPayment(context.Background(), pay.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Paid)
	assert.Equal(t, "1105.02", got.Paid.AmountString())
	// The demo's 28 payments, 415.066,78, and this one: 416.171,80.
	assert.Contains(t, cells("payments"), "Ukupno | ERDF |  |  | 416.171,80 € | 0,00 € | 416.171,80 € | 416.171,80 € |")
	noTemplateErrors()

	// The same page in Slovenian.
	b.Open(t, adm.URL+"/projects/2sokrog/payments?lang=sl")
	assert.Equal(t, "sl", str(`document.documentElement.lang`))
	assert.Equal(t, "Poročila projekta in plačila: 2SoKroG", str(`document.querySelector("h1").textContent.trim()`))
	assert.True(t, strings.HasPrefix(cells(row), "ZRS Bistra Ptuj | ERDF | 5 | 1.300,03 € | 1.105,02 € | 0,00 € | 1.105,02 € | 1.105,02 € |"), cells(row))
	assert.Contains(t, cells("project-reports"), "5 | 4 | 1 | "+socialsvc.ProjectReportVerified.Label("sl")+" | 1.300,03 € |")
	assert.Contains(t, text("payments-h"), "Poročila projekta in plačila")
	noTemplateErrors()
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
