package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// sessionCookie holds the token a person signed in with on the dashboard.
// It is HttpOnly (scripts cannot read it) and SameSite=Strict (other sites
// cannot make the browser send it); the API accepts it like a bearer token
// so that the dashboard's download links work for signed-in people.
const sessionCookie = "socialsvc_session"

// sessionMaxAge is how long a sign-in lasts, in seconds.
const sessionMaxAge = 8 * 60 * 60

// maxFormBytes bounds the dashboard's form bodies.
const maxFormBytes = 64 << 10

var errCrossSite = &socialsvc.Error{Code: socialsvc.Forbidden,
	Message: "a write authenticated by the dashboard cookie must come from the dashboard itself (same-origin Origin or Referer)"}

// cookiePrincipal authenticates a request that carries no Authorization
// header by the dashboard's session cookie. It is consulted only when the
// dashboard is mounted (Options.Pages) and bearer tokens are in use. A
// cookie that no longer holds a valid token counts as no cookie: the
// visitor is anonymous and may sign in again. A write (any method but GET,
// HEAD and OPTIONS) authenticated by the cookie must be same-origin, which
// is the CSRF protection of the API; the dashboard's own forms also carry
// a token derived from the cookie (csrfToken).
func (h *Handler) cookiePrincipal(r *http.Request) (Principal, error) {
	if h.opts.Pages == nil || h.opts.Tokens == nil {
		return Principal{}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return Principal{}, nil
	}
	p, err := authenticateToken(r.Context(), h.opts.Tokens, c.Value)
	if err != nil {
		if socialsvc.ErrorCode(err) == socialsvc.Unauthenticated {
			return Principal{}, nil
		}
		return Principal{}, err
	}
	if !safeMethod(r.Method) && !sameOrigin(r) {
		return Principal{}, errCrossSite
	}
	return p, nil
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sameOrigin reports whether r was sent by a page of this host: by
// Sec-Fetch-Site where the browser sends it, else by the host of Origin,
// else of Referer. A request with none of them is not same-origin.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "cross-site", "same-site":
		return false
	}
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
	}
	if src == "" || src == "null" {
		return false
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// csrfToken is the token the dashboard's forms carry for a session: a hash
// of the session cookie, which another site can neither read nor compute.
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("socialsvc dashboard csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// checkForm parses a dashboard form and checks that it came from the
// dashboard: same-origin always, and for a signed-in session the form's
// csrf field.
func checkForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		if isTooLarge(err) {
			return errTooLarge(maxFormBytes)
		}
		return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the form could not be read"}
	}
	if !sameOrigin(r) {
		return errCrossSite
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !PrincipalFrom(r.Context()).Anonymous() {
		want := csrfToken(c.Value)
		if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(want)) != 1 {
			return errCrossSite
		}
	}
	return nil
}

// signinView is the body of the sign-in page.
type signinView struct {
	Next  string
	Error string
}

func (d *dashboard) signinForm(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "")
	p.Title = p.T["signin"]
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	p.Body = signinView{Next: next}
	d.render(w, r, http.StatusOK, "signin", p)
}

// signin checks the token of the form and keeps it in the session cookie.
// A wrong token shows the form again with the error; the token itself is
// never logged nor shown back.
func (d *dashboard) signin(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	p := d.newPage(r, "")
	p.Title = p.T["signin"]
	next := r.PostForm.Get("next")
	if !localPath(next) {
		next = ""
	}
	if !p.CanSignIn {
		d.fail(w, r, &socialsvc.Error{Code: socialsvc.NotFound, Message: "sign-in with tokens is not configured"})
		return
	}
	tok := strings.TrimSpace(r.PostForm.Get("token"))
	if _, err := authenticateToken(r.Context(), d.h.opts.Tokens, tok); err != nil {
		if socialsvc.ErrorCode(err) != socialsvc.Unauthenticated {
			d.fail(w, r, err)
			return
		}
		msg := p.T["signin_bad"]
		if tok == "" {
			msg = p.T["signin_empty"]
		}
		p.Body = signinView{Next: next, Error: msg}
		d.render(w, r, http.StatusUnauthorized, "signin", p)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: d.base + "/", MaxAge: sessionMaxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	if next == "" {
		next = withLang("/", p.Lang)
	}
	http.Redirect(w, r, d.base+next, http.StatusSeeOther)
}

// signout clears the session cookie.
func (d *dashboard) signout(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: d.base + "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, d.base+withLang("/", pageLang(r)), http.StatusSeeOther)
}
