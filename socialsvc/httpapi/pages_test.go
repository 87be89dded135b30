package httpapi

import (
	"context"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// node helpers over golang.org/x/net/html.

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func elements(doc *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
	})
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func byID(doc *html.Node) map[string]*html.Node {
	ids := map[string]*html.Node{}
	walk(doc, func(n *html.Node) {
		if id, ok := attr(n, "id"); ok && n.Type == html.ElementNode {
			ids[id] = n
		}
	})
	return ids
}

// personalData finds the beneficiaries' IDs and pseudonymous references
// of the seed in a text. Tokens are split at anything but letters, digits,
// '-' and '_', so that "SA-0001" in a cell or in JSON is found.
type personalData map[string]bool

func newPersonalData(ds *demo.Dataset) personalData {
	p := personalData{}
	for _, b := range ds.Beneficiaries {
		p[string(b.ID)] = true
		if b.Reference != "" {
			p[b.Reference] = true
		}
	}
	return p
}

func (p personalData) find(s string) string {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		if p[tok] {
			return tok
		}
	}
	return ""
}

// checkPage asserts what every dashboard page must have: the language of
// the page, one h1, the language switch, labelled form controls, named
// SVGs and images, progress bars with a label, and in-page links that
// land on an element. It returns the document.
func checkPage(t *testing.T, target, body, lang string) *html.Node {
	t.Helper()
	for _, bad := range []string{"ZgotmplZ", "template:", "<no value>", "%!"} {
		assert.NotContains(t, body, bad, "%s: template output", target)
	}
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err, target)
	htmlEl := elements(doc, "html")
	require.Len(t, htmlEl, 1, target)
	l, _ := attr(htmlEl[0], "lang")
	assert.Equal(t, lang, l, "%s: <html lang>", target)
	assert.Len(t, elements(doc, "h1"), 1, "%s: one h1", target)
	ids := byID(doc)

	// The language switcher: one navigation landmark with a link to this
	// page in every shipped language, each in its own language, the
	// current one marked for assistive technology.
	var switchLinks []string
	current := ""
	for _, a := range elements(doc, "a") {
		if hl, ok := attr(a, "hreflang"); ok {
			switchLinks = append(switchLinks, hl)
			al, _ := attr(a, "lang")
			assert.Equal(t, hl, al, "%s: a switcher link is in its language", target)
			href, _ := attr(a, "href")
			assert.Contains(t, href, "lang="+url.QueryEscape(hl), "%s: switcher link", target)
			if c, _ := attr(a, "aria-current"); c == "true" {
				assert.Empty(t, current, "%s: one current language", target)
				current = hl
			}
		}
		assert.NotEmpty(t, textOf(a), "%s: a link has text", target)
	}
	assert.Equal(t, []string{"hr", "en", "sl", "sr-Latn", "sq"}, switchLinks, "%s: the language switcher", target)
	assert.Equal(t, lang, current, "%s: the switcher marks the page's language", target)

	labelFor := map[string]bool{}
	for _, lb := range elements(doc, "label") {
		if f, ok := attr(lb, "for"); ok {
			labelFor[f] = true
			assert.NotEmpty(t, textOf(lb), "%s: label text", target)
		}
	}
	for _, tag := range []string{"input", "select", "textarea"} {
		for _, n := range elements(doc, tag) {
			if typ, _ := attr(n, "type"); typ == "hidden" || typ == "submit" {
				continue
			}
			id, _ := attr(n, "id")
			_, aria := attr(n, "aria-label")
			assert.True(t, labelFor[id] && id != "" || aria, "%s: %s %q has a label", target, tag, id)
		}
	}
	for _, b := range elements(doc, "button") {
		assert.NotEmpty(t, textOf(b), "%s: button text", target)
	}
	named := func(n *html.Node, what string) {
		if v, ok := attr(n, "aria-label"); ok && strings.TrimSpace(v) != "" {
			return
		}
		ref, ok := attr(n, "aria-labelledby")
		if assert.True(t, ok, "%s: %s has an accessible name", target, what) {
			for _, id := range strings.Fields(ref) {
				if assert.Contains(t, ids, id, "%s: %s label %q exists", target, what, id) {
					assert.NotEmpty(t, textOf(ids[id]), "%s: %s label %q has text", target, what, id)
				}
			}
		}
	}
	for _, svg := range elements(doc, "svg") {
		role, _ := attr(svg, "role")
		assert.Equal(t, "img", role, "%s: svg role", target)
		named(svg, "svg")
	}
	for _, p := range elements(doc, "progress") {
		named(p, "progress")
	}
	for _, img := range elements(doc, "img") {
		_, ok := attr(img, "alt")
		assert.True(t, ok, "%s: img alt", target)
	}
	for _, a := range elements(doc, "a") {
		if href, _ := attr(a, "href"); strings.HasPrefix(href, "#") {
			assert.Contains(t, ids, href[1:], "%s: in-page link %s", target, href)
		}
	}
	return doc
}

// links returns the href and src values of a page.
func links(doc *html.Node) []string {
	var out []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, k := range []string{"href", "src"} {
			if v, ok := attr(n, k); ok {
				out = append(out, v)
			}
		}
	})
	return out
}

// crawl visits every page reachable from start in the start's language
// and checks every internal link of each: dashboard pages of the language
// are parsed and checked (checkPage) and followed; pages in the other
// language, the stylesheet and the API's downloads must answer 200. It
// returns the bodies by URL.
func crawl(t *testing.T, c *client, start, lang string, pd personalData) map[string]pageResp {
	t.Helper()
	seen := map[string]pageResp{}
	queue := []string{start}
	for len(queue) > 0 {
		target := queue[0]
		queue = queue[1:]
		if _, ok := seen[target]; ok {
			continue
		}
		r := c.get(target)
		seen[target] = r
		if !assert.Equal(t, http.StatusOK, r.Status, "GET %s", target) {
			continue
		}
		if c.cookie == "" {
			if leak := pd.find(r.Body); leak != "" {
				t.Errorf("%s shows the beneficiary %q to an anonymous visitor", target, leak)
			}
		}
		u, err := url.Parse(target)
		require.NoError(t, err)
		isPage := strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && !strings.HasPrefix(u.Path, "/api/")
		if !isPage || u.Query().Get("lang") != lang {
			continue
		}
		doc := checkPage(t, target, r.Body, lang)
		for _, href := range links(doc) {
			if strings.HasPrefix(href, "#") || strings.HasPrefix(href, "data:") || strings.HasPrefix(href, "mailto:") {
				continue
			}
			ref, err := url.Parse(href)
			if !assert.NoError(t, err, "%s: href %q", target, href) {
				continue
			}
			abs := u.ResolveReference(ref)
			if abs.Host != "" && abs.Host != "example.com" {
				t.Errorf("%s links to another site: %s", target, href)
				continue
			}
			abs.Fragment = ""
			next := abs.RequestURI()
			if _, ok := seen[next]; !ok {
				queue = append(queue, next)
			}
		}
	}
	return seen
}

func TestPersonalDataDetectorFinds(t *testing.T) {
	f := newDashFixture(t)
	pd := newPersonalData(f.ds)
	require.NotEmpty(t, pd)
	for _, tc := range []struct{ text, want string }{
		{`<td>SA-0001</td>`, "SA-0001"},
		{`{"id":"cz-ben-0002"}`, "cz-ben-0002"},
		{`SA-00011 SA-000`, ""},
		{`<p>no one here</p>`, ""},
	} {
		assert.Equal(t, tc.want, pd.find(tc.text), tc.text)
	}
}

// TestDashboardCrawl renders every page reachable from "/" for each
// language and role, checks each one and every link on it, and checks
// what each role gets to see.
func TestDashboardCrawl(t *testing.T) {
	f := newDashFixture(t)
	pd := newPersonalData(f.ds)
	for _, tc := range []struct {
		role, lang string
		// pages that must (and must not) have been reached
		want, not []string
		// at least this many distinct URLs answered 200
		min int
	}{
		{role: "", lang: "hr", want: []string{"/projects/2sokrog?lang=hr", "/projects/2sokrog/reports?lang=hr", "/signin?lang=hr",
			"/api/v1/projects/2sokrog/reports/iati.xml?lang=hr", "/api/v1/projects/2sokrog/reports/beneficiaries.csv?lang=hr"},
			not: []string{"/api/v1/projects/2sokrog/reports/financial.html?lang=hr", "/projects/2sokrog/events/new?lang=hr"}, min: 40},
		{role: "", lang: "en", want: []string{"/projects/social-atelier?lang=en", "/api/v1/projects/social-atelier/reports/beneficiaries.xlsx?lang=en"},
			not: []string{"/api/v1/projects/social-atelier/reports/indicators.json?lang=en"}, min: 40},
		{role: "viewer", lang: "hr", want: []string{"/api/v1/projects/2sokrog/reports/financial.xlsx?lang=hr", "/api/v1/projects/2sokrog/reports/indicators.csv?lang=hr",
			"/api/v1/organisations/zrs-bistra-ptuj/reports/portfolio.html?lang=hr"},
			not: []string{"/api/v1/projects/social-atelier/reports/financial.xlsx?lang=hr", "/projects/2sokrog/events/new?lang=hr"}, min: 50},
		{role: "editor", lang: "en", want: []string{"/projects/social-atelier/events/new?lang=en", "/api/v1/projects/social-atelier/reports/financial.json?lang=en"},
			not: []string{"/projects/2sokrog/events/new?lang=en", "/api/v1/projects/2sokrog/reports/financial.json?lang=en"}, min: 50},
		{role: "admin", lang: "hr", want: []string{"/projects/2sokrog/events/new?lang=hr", "/projects/alved/events/new?lang=hr",
			"/api/v1/projects/alved/reports/financial.csv?lang=en", "/api/v1/projects/2sokrog/reports/indicators.html?lang=hr"}, min: 100},
		{role: "admin", lang: "en", want: []string{"/projects/centri-zajednice/events/new?lang=en", "/api/v1/projects/centri-zajednice/reports/financial.csv?lang=hr"}, min: 100},
	} {
		name := tc.role
		if name == "" {
			name = "anonymous"
		}
		t.Run(name+"-"+tc.lang, func(t *testing.T) {
			c := f.signIn(tc.role)
			seen := crawl(t, c, "/?lang="+tc.lang, tc.lang, pd)
			for _, w := range tc.want {
				assert.Contains(t, seen, w)
			}
			for _, n := range tc.not {
				assert.NotContains(t, seen, n)
			}
			assert.GreaterOrEqual(t, len(seen), tc.min)
			assert.Contains(t, seen, cssPath, "the stylesheet is linked")
		})
	}
}

// TestProjectFigures checks the published 2SoKroG figures on its page, in
// both languages, for the roles that may read its funding, and that the
// public view has none of them.
func TestProjectFigures(t *testing.T) {
	f := newDashFixture(t)
	for _, tc := range []struct {
		role, lang string
		want, not  []string
	}{
		{"admin", "hr", []string{"574.947,17 €", "488.705,06 €", "86.242,11 €", "85,00\u00a0%", "= 4.254.609,06 kn po planskom tečaju 7,40 (2SoKroG planning documents: 574.947,17 EUR = 4.254.609,06 kn)", "1.9.2018. – 30.9.2020.", "ZRS Bistra Ptuj", "SI032 Podravska", "vodeći partner"}, []string{"€574,947.17", "4.331.939"}},
		{"admin", "en", []string{"€574,947.17", "€488,705.06", "€86,242.11", "85.00%", "= HRK 4,254,609.06 at the planning rate 7.40 (2SoKroG planning documents: 574.947,17 EUR = 4.254.609,06 kn)", "1\u00a0Sep\u00a02018 – 30\u00a0Sep\u00a02020", "lead partner"}, []string{"574.947,17 €", "4,331,939"}},
		{"viewer", "hr", []string{"574.947,17 €", "488.705,06 €"}, nil},
		{"viewer", "en", []string{"€574,947.17", "€488,705.06"}, nil},
		{"", "hr", []string{"2SoKroG", "1.9.2018. – 30.9.2020.", "Prijava"}, []string{"574.947,17 €", "488.705,06 €", "ZRS Bistra Ptuj", "id=\"partners\""}},
		{"", "en", []string{"Sign in"}, []string{"€574,947.17", "€488,705.06", "id=\"funding\"", "id=\"events\""}},
		{"editor", "en", []string{"Sign out"}, []string{"€574,947.17", "Record an event"}},
	} {
		t.Run(tc.role+"-"+tc.lang, func(t *testing.T) {
			r := f.signIn(tc.role).get("/projects/2sokrog?lang=" + tc.lang)
			require.Equal(t, http.StatusOK, r.Status)
			for _, w := range tc.want {
				assert.Contains(t, r.Body, w)
			}
			for _, n := range tc.not {
				assert.NotContains(t, r.Body, n)
			}
		})
	}
}

// TestBeneficiaryStatisticsSuppressed checks that the statistics on a
// project page are the report's published counts, "<5" included, and that
// no role sees a person on any page.
func TestBeneficiaryStatisticsSuppressed(t *testing.T) {
	f := newDashFixture(t)
	pd := newPersonalData(f.ds)
	for _, role := range []string{"", "viewer", "editor", "admin"} {
		for _, id := range []string{"social-atelier", "centri-zajednice", "aktivno-cesi", "alved", "2sokrog"} {
			r := f.signIn(role).get("/projects/" + id + "?lang=hr")
			require.Equal(t, http.StatusOK, r.Status, id)
			assert.Empty(t, pd.find(r.Body), "%s as %q", id, role)
			assert.Contains(t, r.Body, `id="beneficiaries"`)
		}
	}
	r := f.signIn("").get("/projects/social-atelier?lang=hr")
	assert.Contains(t, r.Body, "&lt;5", "small cells are shown as <5")
	assert.Contains(t, r.Body, `class="num suppressed"`)
	assert.Contains(t, r.Body, "x: skriveno radi zaštite drugih ćelija.", "the neutral mark has its legend")
	assert.NotContains(t, r.Body, "povjerljivo: sadrži nezaštićene brojeve")
	r = f.signIn("").get("/projects/social-atelier?lang=en")
	assert.Contains(t, r.Body, "x: withheld to protect other cells.")
	// The viewer's organisation is no partner of Social Atelier: the
	// public release. DKolektiv's editor and the admin get exact counts,
	// marked confidential.
	r = f.signIn("viewer").get("/projects/social-atelier?lang=en")
	assert.NotContains(t, r.Body, "confidential: contains unprotected counts")
	for _, role := range []string{"editor", "admin"} {
		r = f.signIn(role).get("/projects/social-atelier?lang=en")
		assert.Contains(t, r.Body, "confidential: contains unprotected counts", role)
		assert.NotContains(t, r.Body, "x: withheld to protect other cells.", role)
	}
}

func TestPageLanguage(t *testing.T) {
	f := newDashFixture(t)
	c := f.signIn("")
	for _, tc := range []struct {
		query, accept, want string
	}{
		{"", "", "hr"},
		{"?lang=en", "", "en"},
		{"?lang=hr", "en-GB,en;q=0.9", "hr"},
		{"", "en-GB,en;q=0.9", "en"},
		{"", "de-DE,de;q=0.9", "hr"},
		{"", "hr;q=0.5, en;q=0.8", "en"},
		{"", "de, en;q=0.3, hr;q=0.2", "en"},
		{"?lang=fr", "en", "en"},
		{"?lang=sl", "", "sl"},
		{"?lang=sr-Latn", "hr", "sr-Latn"},
		{"?lang=SQ", "", "sq"},
		{"", "sl-SI,sl;q=0.9,en;q=0.5", "sl"},
		{"", "sr-RS", "sr-Latn"},
		{"", "sq-XK", "sq"},
		{"?lang=xx", "sl", "sl"},
	} {
		r := c.request("GET", "/"+tc.query, nil, "Accept-Language", tc.accept)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, r.Body, `<html lang="`+tc.want+`">`, "%+v", tc)
		assert.Equal(t, tc.want, r.Header.Get("Content-Language"), "%+v", tc)
	}
}

// TestLanguageCookie checks that a language chosen with ?lang= (the
// switcher's links) is kept in the lang cookie, which then wins over
// Accept-Language, and that ?lang= still wins over the cookie.
func TestLanguageCookie(t *testing.T) {
	f := newDashFixture(t)
	c := f.signIn("")
	r := c.request("GET", "/?lang=sl", nil, "Accept-Language", "hr")
	require.Equal(t, http.StatusOK, r.Status)
	cookies := (&http.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	ck := cookies[0]
	assert.Equal(t, "lang", ck.Name)
	assert.Equal(t, "sl", ck.Value)
	assert.Equal(t, "/", ck.Path)
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, ck.SameSite)
	assert.Equal(t, 365*24*3600, ck.MaxAge)
	assert.Contains(t, r.Body, "Portfelj projektov")

	r = c.request("GET", "/", nil, "Accept-Language", "hr", "Cookie", "lang=sl")
	assert.Contains(t, r.Body, `<html lang="sl">`)
	assert.Empty(t, r.Header.Values("Set-Cookie"), "no ?lang=: the cookie stays as it is")
	r = c.request("GET", "/?lang=sq", nil, "Cookie", "lang=sl")
	assert.Contains(t, r.Body, `<html lang="sq">`)
	assert.Contains(t, r.Header.Get("Set-Cookie"), "lang=sq")
	r = c.request("GET", "/?lang=klingon", nil, "Cookie", "lang=sl")
	assert.Contains(t, r.Body, `<html lang="sl">`, "an unknown ?lang= falls back on a page")
	assert.Empty(t, r.Header.Values("Set-Cookie"))
	// The API reads the cookie too.
	r2 := c.request("GET", "/api/v1/projects/nope", nil, "Cookie", "lang=sl")
	assert.Equal(t, "sl", r2.Header.Get("Content-Language"))
}

// TestPageLabelsPlural checks the plural labels of the timeline with the
// CLDR rules of each language.
func TestPageLabelsPlural(t *testing.T) {
	for _, tc := range []struct {
		lang socialsvc.Lang
		n    int
		want string
	}{
		{socialsvc.HR, 1, "1 događaj"}, {socialsvc.HR, 2, "2 događaja"}, {socialsvc.HR, 5, "5 događaja"}, {socialsvc.HR, 21, "21 događaj"},
		{socialsvc.EN, 1, "1 event"}, {socialsvc.EN, 2, "2 events"},
		{socialsvc.SL, 1, "1 dogodek"}, {socialsvc.SL, 2, "2 dogodka"}, {socialsvc.SL, 3, "3 dogodki"}, {socialsvc.SL, 5, "5 dogodkov"}, {socialsvc.SL, 101, "101 dogodek"},
		{socialsvc.SRLatn, 1, "1 događaj"}, {socialsvc.SRLatn, 3, "3 događaja"}, {socialsvc.SRLatn, 11, "11 događaja"},
		{socialsvc.SQ, 1, "1 ngjarje"}, {socialsvc.SQ, 7, "7 ngjarje"},
	} {
		p := &page{Lang: tc.lang}
		assert.Equal(t, tc.want, p.N("events_n", tc.n), "%s %d", tc.lang, tc.n)
	}
	assert.Equal(t, "12 sudionika", (&page{Lang: socialsvc.HR}).N("participants_n", 12))
	assert.Equal(t, "1 participant", (&page{Lang: socialsvc.EN}).N("participants_n", 1))
}

func TestNotFoundAndStylesheet(t *testing.T) {
	f := newDashFixture(t)
	ctx := store.WithActor(context.Background(), store.Actor{ID: "test", Role: store.RoleSystem})
	draft := socialsvc.Project{ID: "draft-x", Acronym: "DRAFT-X", Title: socialsvc.I18n{"en": "Unpublished"}, Programme: "Test",
		Start: socialsvc.MustDate("2024-01-01"), End: socialsvc.MustDate("2024-12-31"), Status: socialsvc.StatusDraft, Currency: socialsvc.EUR}
	require.NoError(t, f.store.CreateProject(ctx, &draft))
	for _, tc := range []struct {
		role, path, lang string
		status           int
		contains         string
	}{
		{"", "/nowhere?lang=en", "en", 404, "Page not found"},
		{"", "/nowhere", "hr", 404, "Stranica nije pronađena"},
		{"", "/projects/no-such-project?lang=en", "en", 404, "Page not found"},
		{"", "/projects/draft-x?lang=en", "en", 404, "Page not found"},
		{"", "/projects/draft-x/reports?lang=en", "en", 404, "Page not found"},
		{"", "/projects/draft-x/events/new?lang=en", "en", 404, "Page not found"},
		{"viewer", "/projects/draft-x?lang=en", "en", 404, "Page not found"},
		{"admin", "/projects/draft-x?lang=en", "en", 200, "DRAFT-X"},
		{"viewer", "/projects/social-atelier/events/new?lang=en", "en", 403, "Access denied"},
		{"editor", "/projects/2sokrog/events/new?lang=hr", "hr", 403, "Pristup nije dopušten"},
		{"", "/static/site.0000000000.css", "hr", 404, "Stranica nije pronađena"},
	} {
		r := f.signIn(tc.role).get(tc.path)
		assert.Equal(t, tc.status, r.Status, tc.path)
		assert.Contains(t, r.Body, tc.contains, tc.path)
		checkPage(t, tc.path, r.Body, tc.lang)
	}
	// The project list does not show the draft to others either.
	assert.NotContains(t, f.signIn("").get("/?lang=en").Body, "DRAFT-X")
	assert.Contains(t, f.signIn("admin").get("/?lang=en").Body, "DRAFT-X")

	r := f.signIn("").get(cssPath)
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "text/css; charset=utf-8", r.Header.Get("Content-Type"))
	assert.Equal(t, "public, max-age=31536000, immutable", r.Header.Get("Cache-Control"))
	assert.Contains(t, f.signIn("").get("/").Body, `<link rel="stylesheet" href="`+cssPath+`">`)
	assert.Regexp(t, `^/static/site\.[0-9a-f]{10}\.css$`, cssPath)
}

// TestSignIn covers the sign-in form: a good token sets the session
// cookie and opens the editing view; a bad one shows the error in the
// page's language and sets nothing.
func TestSignIn(t *testing.T) {
	f := newDashFixture(t)
	// A wrong secret: the last hex digit changed (setting it to a fixed
	// digit would leave it right one time in sixteen).
	tok := f.tokens["editor"]
	last := "0"
	if strings.HasSuffix(tok, "0") {
		last = "1"
	}
	wrong := tok[:len(tok)-1] + last
	for _, tc := range []struct {
		name, token, lang, origin string
		status                    int
		location, message         string
	}{
		{"good", f.tokens["editor"], "en", "http://example.com", 303, "/?lang=en", ""},
		{"good with spaces", "  " + f.tokens["editor"] + "\n", "hr", "http://example.com", 303, "/?lang=hr", ""},
		{"bad hr", wrong, "hr", "http://example.com", 401, "",
			"Token nije valjan ili je opozvan. Provjerite jeste li ga kopirali u cijelosti."},
		{"bad en", "ssv_nonsense", "en", "http://example.com", 401, "", "The token is not valid or has been revoked. Check that you copied all of it."},
		{"empty", "", "en", "http://example.com", 401, "", "Enter a token."},
		{"cross-site", f.tokens["editor"], "en", "https://evil.example", 403, "", "Access denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &client{f: f}
			r := c.request("POST", "/signin?lang="+tc.lang, url.Values{"token": {tc.token}}, "Origin", tc.origin)
			assert.Equal(t, tc.status, r.Status, r.Body)
			assert.Equal(t, tc.location, r.Header.Get("Location"))
			cookies := (&http.Response{Header: r.Header}).Cookies()
			if tc.status != 303 {
				for _, ck := range cookies {
					assert.NotEqual(t, sessionCookie, ck.Name, "no session for a failed sign-in")
				}
				assert.Contains(t, r.Body, tc.message)
				assert.NotContains(t, r.Body, f.tokens["editor"], "the token is never shown back")
				return
			}
			require.Len(t, cookies, 1)
			ck := cookies[0]
			assert.Equal(t, sessionCookie, ck.Name)
			assert.NotContains(t, ck.Value, f.tokens["editor"], "the cookie holds a session, not the token")
			assert.Len(t, ck.Value, 43)
			assert.True(t, ck.HttpOnly)
			assert.Equal(t, http.SameSiteStrictMode, ck.SameSite)
			assert.Equal(t, "/", ck.Path)
			assert.Equal(t, 8*60*60, ck.MaxAge)
			c.cookie = ck.Value
			form := c.get("/projects/social-atelier/events/new?lang=en")
			assert.Equal(t, http.StatusOK, form.Status)
			assert.Contains(t, form.Body, "Record an event: Socijalni atelje")
			assert.Contains(t, form.Body, `name="csrf" value="`+c.csrf()+`"`)
		})
	}

	// next= brings the person back; a foreign next is ignored.
	c := &client{f: f}
	r := c.post("/signin?lang=en", url.Values{"token": {f.tokens["admin"]}, "next": {"/projects/2sokrog?lang=en"}})
	assert.Equal(t, "/projects/2sokrog?lang=en", r.Header.Get("Location"))
	r = c.post("/signin?lang=en", url.Values{"token": {f.tokens["admin"]}, "next": {"//evil.example/x"}})
	assert.Equal(t, "/?lang=en", r.Header.Get("Location"))

	// Signing out clears the cookie; it needs the form's CSRF field.
	s := f.signIn("admin")
	r = s.post("/signout?lang=en", url.Values{})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = s.post("/signout?lang=en", url.Values{"csrf": {s.csrf()}})
	assert.Equal(t, http.StatusSeeOther, r.Status)
	cookies := (&http.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	assert.Equal(t, -1, cookies[0].MaxAge)

	// A cookie whose token was revoked is no sign-in: the visitor is
	// anonymous again.
	stale := &client{f: f, cookie: "ssv_0000000000000000_000000000000000000000000000000000000000000000000"}
	r = stale.get("/projects/2sokrog?lang=en")
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, r.Body, "This is the public summary.")
}

// TestCookieWritesNeedSameOrigin checks the CSRF protection of writes
// authenticated by the dashboard's cookie, on the dashboard's form and on
// the API: nothing changes unless the request comes from the dashboard.
func TestCookieWritesNeedSameOrigin(t *testing.T) {
	f := newDashFixture(t)
	editor := f.signIn("editor")
	event := url.Values{"csrf": {editor.csrf()}, "type": {"workshop"}, "title_en": {"Cross-site"}, "start": {"2022-03-01"}}
	apiBody := `{"type":"workshop","title":{"en":"Via the API"},"start":"2022-03-01"}`
	for _, tc := range []struct {
		name   string
		method string
		path   string
		form   url.Values
		body   string
		hdr    []string
		status int
	}{
		{"form from another site", "POST", "/projects/social-atelier/events/new?lang=en", event, "", []string{"Origin", "https://evil.example"}, 403},
		{"form without origin or referer", "POST", "/projects/social-atelier/events/new?lang=en", event, "", nil, 403},
		{"form with a foreign referer", "POST", "/projects/social-atelier/events/new?lang=en", event, "", []string{"Referer", "https://evil.example/page"}, 403},
		{"form marked cross-site by the browser", "POST", "/projects/social-atelier/events/new?lang=en", event, "", []string{"Sec-Fetch-Site", "cross-site", "Origin", "http://example.com"}, 403},
		{"form without the csrf field", "POST", "/projects/social-atelier/events/new?lang=en",
			url.Values{"type": {"workshop"}, "title_en": {"No token"}, "start": {"2022-03-01"}}, "", []string{"Origin", "http://example.com"}, 403},
		{"form with another session's csrf field", "POST", "/projects/social-atelier/events/new?lang=en",
			url.Values{"csrf": {csrfToken("other")}, "type": {"workshop"}, "title_en": {"Wrong token"}, "start": {"2022-03-01"}}, "", []string{"Origin", "http://example.com"}, 403},
		{"API write without origin", "POST", "/api/v1/projects/social-atelier/events", nil, apiBody, nil, 403},
		{"API write from another site", "POST", "/api/v1/projects/social-atelier/events", nil, apiBody, []string{"Origin", "https://evil.example"}, 403},
		{"API delete from another site", "DELETE", "/api/v1/events/x", nil, "", []string{"Origin", "https://evil.example", "If-Match", `"v1"`}, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countEvents(t, f)
			audit := auditLen(t, f)
			var r pageResp
			if tc.form != nil {
				r = editor.request(tc.method, tc.path, tc.form, tc.hdr...)
			} else {
				r = editor.requestBody(tc.method, tc.path, tc.body, tc.hdr...)
			}
			assert.Equal(t, tc.status, r.Status, r.Body)
			assert.Equal(t, before, countEvents(t, f), "nothing was written")
			assert.Equal(t, audit, auditLen(t, f), "nothing was written")
		})
	}
	// Same-origin writes and cookie reads work on the API.
	r := editor.requestBody("POST", "/api/v1/projects/social-atelier/events", apiBody, "Origin", "http://example.com")
	assert.Equal(t, http.StatusCreated, r.Status, r.Body)
	assert.Equal(t, http.StatusOK, editor.get("/api/v1/projects/social-atelier/events").Status)
	assert.Equal(t, http.StatusUnauthorized, f.signIn("").get("/api/v1/projects/social-atelier/events").Status)
}

// requestBody sends a JSON body.
func (c *client) requestBody(method, target, body string, hdr ...string) pageResp {
	c.f.t.Helper()
	ct := "application/json"
	if body == "" {
		ct = ""
	}
	return c.send(method, target, ct, body, hdr...)
}

func countEvents(t *testing.T, f *dashFixture) int {
	t.Helper()
	n := 0
	o := store.EventFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}, ProjectID: demo.ProjectSocialAtelier}
	for {
		pg, err := f.store.ListEvents(context.Background(), o)
		require.NoError(t, err)
		n += len(pg.Items)
		if pg.NextCursor == "" {
			return n
		}
		o.Cursor = pg.NextCursor
	}
}

func auditLen(t *testing.T, f *dashFixture) int {
	t.Helper()
	n := 0
	o := store.AuditFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
	for {
		pg, err := f.store.ListAudit(context.Background(), o)
		require.NoError(t, err)
		n += len(pg.Items)
		if pg.NextCursor == "" {
			return n
		}
		o.Cursor = pg.NextCursor
	}
}

// TestEventForm records an event through the form, and checks that
// invalid input shows each error beside its field in the page's language
// and changes nothing.
func TestEventForm(t *testing.T) {
	f := newDashFixture(t)
	editor := f.signIn("editor")
	base := func(lang string, kv ...string) url.Values {
		v := url.Values{"csrf": {editor.csrf()}, "type": {"workshop"}, "title_hr": {"Radionica kuhanja"}, "title_en": {"Cooking workshop"},
			"start": {"2022-03-15"}, "place": {"Osijek"}, "organiser": {"social-atelier-pp2"}, "reported_participants": {"12"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, tc := range []struct {
		name, lang string
		form       url.Values
		field      string // the id of the error's element
		message    string
	}{
		{"outside the project hr", "hr", base("hr", "start", "2020-05-01"), "e-start", "mora biti unutar razdoblja provedbe projekta"},
		{"outside the project en", "en", base("en", "start", "2024-05-01"), "e-start", "must lie within the project period"},
		{"no title hr", "hr", base("hr", "title_hr", "", "title_en", " "), "e-title", "je obavezno barem na jednom jeziku"},
		{"no title en", "en", base("en", "title_hr", "", "title_en", ""), "e-title", "is required in at least one language"},
		{"no start en", "en", base("en", "start", ""), "e-start", "is required"},
		{"not a date hr", "hr", base("hr", "start", "15.3.2022."), "e-start", "mora biti datum (GGGG-MM-DD)"},
		{"end before start en", "en", base("en", "end", "2022-03-01"), "e-end", "must not be before start"},
		{"participants not a number en", "en", base("en", "reported_participants", "twelve"), "e-participants", "must be a whole number"},
		{"negative participants hr", "hr", base("hr", "reported_participants", "-3"), "e-participants", "mora biti najmanje 0"},
		{"organiser of another project en", "en", base("en", "organiser", "2sokrog-lp"), "", ""},
		{"unknown type en", "en", base("en", "type", "party"), "e-type", "is not a known event type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, audit := countEvents(t, f), auditLen(t, f)
			r := editor.post("/projects/social-atelier/events/new?lang="+tc.lang, tc.form)
			require.Equal(t, http.StatusBadRequest, r.Status, r.Body)
			doc := checkPage(t, tc.name, r.Body, tc.lang)
			ids := byID(doc)
			require.Contains(t, ids, "errors", "the error summary")
			if tc.field != "" {
				require.Contains(t, ids, tc.field)
				assert.Equal(t, tc.message, textOf(ids[tc.field]))
			} else {
				assert.NotEmpty(t, textOf(ids["errors"]))
			}
			// What was typed is kept.
			assert.Contains(t, r.Body, `value="Osijek"`)
			assert.Equal(t, before, countEvents(t, f), "nothing was written")
			assert.Equal(t, audit, auditLen(t, f), "nothing was written")
		})
	}

	before := countEvents(t, f)
	r := editor.post("/projects/social-atelier/events/new?lang=hr", base("hr", "end", "2022-03-16", "online", "1"))
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, "/projects/social-atelier?saved=event&lang=hr#events", r.Header.Get("Location"))
	assert.Equal(t, before+1, countEvents(t, f))

	pg, err := f.store.ListAudit(context.Background(), store.AuditFilter{Entity: store.EntityEvent, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	var last store.AuditEntry
	for {
		last = pg.Items[len(pg.Items)-1]
		if pg.NextCursor == "" {
			break
		}
		pg, err = f.store.ListAudit(context.Background(), store.AuditFilter{Entity: store.EntityEvent, ListOptions: store.ListOptions{Limit: store.MaxLimit, Cursor: pg.NextCursor}})
		require.NoError(t, err)
	}
	assert.Equal(t, store.Actor{ID: "token:" + f.ids["editor"], OrgID: dashEditorOrg, Role: "editor"}, last.Actor)
	assert.Equal(t, store.ActionCreate, last.Action)
	ev, err := f.store.GetEvent(context.Background(), socialsvc.EventID(last.EntityID))
	require.NoError(t, err)
	assert.Equal(t, socialsvc.Event{ID: ev.ID, ProjectID: demo.ProjectSocialAtelier, Type: socialsvc.EventWorkshop,
		Title: socialsvc.I18n{"hr": "Radionica kuhanja", "en": "Cooking workshop"}, Start: socialsvc.MustDate("2022-03-15"), End: socialsvc.MustDate("2022-03-16"),
		Place: "Osijek", Organiser: "social-atelier-pp2", ReportedParticipants: 12, Online: true,
		Version: 1, CreatedAt: ev.CreatedAt, UpdatedAt: ev.UpdatedAt}, ev)

	page := editor.get("/projects/social-atelier?saved=event&lang=hr")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "Događaj je zabilježen.")
	assert.Contains(t, page.Body, "Radionica kuhanja")
	assert.Contains(t, page.Body, "15.3.2022. – 16.3.2022.")

	// Anonymous visitors are sent to sign in first.
	r = f.signIn("").get("/projects/social-atelier/events/new?lang=en")
	assert.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/signin?next=%2Fprojects%2Fsocial-atelier%2Fevents%2Fnew&lang=en", r.Header.Get("Location"))
}

// TestDashboardUnderPrefix mounts the handler under /socialsvc the way a
// host application does (Options.Prefix and http.StripPrefix): every link,
// the stylesheet, the sign-in cookie and the redirects carry the prefix.
func TestDashboardUnderPrefix(t *testing.T) {
	f := newDashFixture(t)
	h := New(Options{Store: f.store, Tokens: f.h.opts.Tokens, Pages: Dashboard, Prefix: "/socialsvc", Logger: f.h.log})
	mux := http.NewServeMux()
	mux.Handle("/socialsvc/", http.StripPrefix("/socialsvc", h))
	do := func(method, target string, form url.Values, cookie string) pageResp {
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req := httptest.NewRequest(method, target, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "http://example.com")
		}
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		return pageResp{Status: w.Code, Header: w.Header(), Body: w.Body.String()}
	}
	r := do("GET", "/socialsvc/?lang=en", nil, "")
	require.Equal(t, http.StatusOK, r.Status)
	doc := checkPage(t, "/socialsvc/", r.Body, "en")
	n := 0
	for _, l := range links(doc) {
		if strings.HasPrefix(l, "/") {
			assert.True(t, strings.HasPrefix(l, "/socialsvc/"), l)
			n++
		}
	}
	assert.Greater(t, n, 5)
	assert.Equal(t, http.StatusOK, do("GET", "/socialsvc"+cssPath, nil, "").Status)

	r = do("POST", "/socialsvc/signin?lang=en", url.Values{"token": {f.tokens["admin"]}, "next": {"/projects/2sokrog?lang=en"}}, "")
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	assert.Equal(t, "/socialsvc/projects/2sokrog?lang=en", r.Header.Get("Location"))
	cookies := (&http.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	assert.Equal(t, "/socialsvc/", cookies[0].Path)
	r = do("GET", "/socialsvc/projects/2sokrog?lang=en", nil, cookies[0].Value)
	assert.Contains(t, r.Body, "€574,947.17")
	assert.Contains(t, r.Body, `href="/socialsvc/projects/2sokrog/reports?lang=en"`)
}

// badBudget is a store whose 2SoKroG budget holds a line in a currency the
// project has no conversion to (the stores refuse to write one; a store
// of a host application might hold one all the same).
type badBudget struct{ store.Store }

func (b badBudget) ScanBudgetLines(ctx context.Context, f store.BudgetFilter) iter.Seq2[socialsvc.BudgetLine, error] {
	return func(yield func(socialsvc.BudgetLine, error) bool) {
		for l, err := range b.Store.ScanBudgetLines(ctx, f) {
			if err == nil && l.ProjectID == demo.Project2SoKroG {
				l.Amount = socialsvc.Cents(l.Amount.Cents(), "GBP")
			}
			if !yield(l, err) {
				return
			}
		}
	}
}

// TestPortfolioFiguresProblem: when the portfolio report cannot total the
// projects, the portfolio page keeps its cards and says why, instead of
// failing or showing partial totals.
func TestPortfolioFiguresProblem(t *testing.T) {
	f := newDashFixture(t)
	ts := NewMemoryTokens()
	tok, _, err := Issue(context.Background(), ts, RoleAdmin, "", "admin")
	require.NoError(t, err)
	h := New(Options{Store: badBudget{f.store}, Tokens: ts, Pages: Dashboard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	req := httptest.NewRequest("GET", "/?lang=en", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "The figures cannot be totalled: GBP is not the project currency EUR and has no conversion to it")
	assert.Contains(t, body, ">2SoKroG</a>", "the cards stay")
	assert.NotContains(t, body, "not recorded", "a budget that could not be read is not called unrecorded")
	assert.NotContains(t, body, `id="totals-h"`, "no partial totals")
}

// TestEventFormLanguages: the form has a title input per language of the
// project and English, the other shipped languages folded away, and a
// title typed in any of them (Slovenian here) is stored under its tag.
func TestEventFormLanguages(t *testing.T) {
	f := newDashFixture(t)
	editor := f.signIn("editor")
	r := editor.get("/projects/social-atelier/events/new?lang=sl")
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	for _, want := range []string{
		`name="title_hr" type="text" lang="hr"`, `name="title_en" type="text" lang="en"`,
		`name="title_sl" type="text" lang="sl"`, `name="title_sr-Latn" type="text" lang="sr-Latn"`, `name="title_sq" type="text" lang="sq"`,
		"Naslov (slovenščina)", "Naslovi v drugih jezikih",
	} {
		assert.Contains(t, r.Body, want)
	}
	before := countEvents(t, f)
	form := url.Values{"csrf": {editor.csrf()}, "type": {"workshop"}, "title_sl": {"Kuharska delavnica"}, "title_en": {"Cooking workshop"},
		"start": {"2022-03-15"}, "place": {"Osijek"}}
	r = editor.post("/projects/social-atelier/events/new?lang=sl", form)
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	require.Equal(t, before+1, countEvents(t, f))
	pg, err := f.store.ListEvents(context.Background(), store.EventFilter{ProjectID: demo.ProjectSocialAtelier, ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	found := false
	for _, ev := range pg.Items {
		if ev.Title["sl"] == "Kuharska delavnica" {
			found = true
			assert.Equal(t, socialsvc.I18n{"sl": "Kuharska delavnica", "en": "Cooking workshop"}, ev.Title)
		}
	}
	assert.True(t, found, "the Slovenian title is stored")
}

// TestDashboardSlovenian2SoKroG: the 2SoKroG page in Slovenian shows the
// library's own words and formats in Slovenian: the project status, the
// partners' roles and the amounts.
func TestDashboardSlovenian2SoKroG(t *testing.T) {
	f := newDashFixture(t)
	r := f.signIn("viewer").get("/projects/2sokrog?lang=sl")
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	checkPage(t, "2sokrog sl", r.Body, "sl")
	nb := "\u00a0"
	for _, want := range []string{">vodilni partner", ">pridruženi partner", ">zaključen<", ">574.947,17" + nb + "€<", ">488.705,06" + nb + "€<"} {
		assert.Contains(t, r.Body, want)
	}
	for _, not := range []string{">lead partner", ">associated partner", ">closed<"} {
		assert.NotContains(t, r.Body, not)
	}
}
