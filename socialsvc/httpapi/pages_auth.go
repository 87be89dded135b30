package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// sessionCookie holds the secret of a dashboard session: 32 random bytes,
// base64url. The session itself (store.Session) is kept in the store under
// the SHA-256 of that secret, with the ID of the token the person signed
// in with and an expiry, so that several servers on one database share
// it, a sign-out ends it everywhere, and neither the cookie nor the table
// holds the API token. The cookie is HttpOnly (scripts cannot read it),
// SameSite=Strict (other sites cannot make the browser send it) and
// Secure when the browser reached the server over TLS, directly or through
// a trusted proxy (Options.TrustedProxies). The API accepts it like a
// bearer token so that the dashboard's download links work for signed-in
// people.
const sessionCookie = "socialsvc_session"

// sessionMaxAge is how long a sign-in lasts: the store's expiry and the
// cookie's Max-Age.
const sessionMaxAge = 8 * time.Hour

// maxFormBytes bounds the dashboard's form bodies.
const maxFormBytes = 64 << 10

var errCrossSite = &socialsvc.Error{Code: socialsvc.Forbidden,
	Message: "a write authenticated by the dashboard cookie must come from the dashboard itself (same-origin Origin or Referer)"}

// sessionKey is the store's ID of the session whose cookie holds secret.
func sessionKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newSession makes a session for the token record rec, stores it and
// returns the secret for the cookie. Sessions that expired are removed on
// the way, so that the table holds only live ones.
func (h *Handler) newSession(ctx context.Context, rec string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	secret := base64.RawURLEncoding.EncodeToString(b[:])
	now := h.opts.Now()
	if _, err := h.store.DeleteSessions(ctx, now); err != nil {
		return "", err
	}
	err := h.store.CreateSession(ctx, store.Session{ID: sessionKey(secret), Subject: rec, CreatedAt: now, ExpiresAt: now.Add(sessionMaxAge)})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// sessionPrincipal returns the principal of the session whose cookie
// holds secret: anonymous when there is no such session, when it expired
// or was revoked, or when the token it was opened with is no longer valid.
func (h *Handler) sessionPrincipal(ctx context.Context, secret string) (Principal, error) {
	if len(secret) != 43 { // 32 bytes, base64url without padding
		return Principal{}, nil
	}
	ss, err := h.store.GetSession(ctx, sessionKey(secret))
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return Principal{}, nil
	}
	if err != nil {
		return Principal{}, err
	}
	if !ss.Active(h.opts.Now()) {
		return Principal{}, nil
	}
	rec, err := h.opts.Tokens.LookupToken(ctx, ss.Subject)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return Principal{}, nil
	}
	if err != nil {
		return Principal{}, err
	}
	p, err := tokenPrincipal(rec)
	if err != nil {
		return Principal{}, nil
	}
	return p, nil
}

// cookiePrincipal authenticates a request that carries no Authorization
// header by the dashboard's session cookie. It is consulted only when the
// dashboard is mounted (Options.Pages) and bearer tokens are in use. A
// cookie that names no valid session counts as no cookie: the visitor is
// anonymous and may sign in again. A write (any method but GET, HEAD and
// OPTIONS) authenticated by the cookie must be same-origin, which is the
// CSRF protection of the API; the dashboard's own forms also carry a token
// derived from the cookie (csrfToken).
func (h *Handler) cookiePrincipal(r *http.Request) (Principal, error) {
	if h.opts.Pages == nil || h.opts.Tokens == nil {
		return Principal{}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return Principal{}, nil
	}
	p, err := h.sessionPrincipal(r.Context(), c.Value)
	if err != nil || p.Anonymous() {
		return p, err
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
	return checkCSRF(r)
}

// checkCSRF refuses a form posted from another site: a cross-origin
// request, or a signed-in caller's form without the CSRF token of its
// session.
func checkCSRF(r *http.Request) error {
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

// checkUpload reads a multipart form with a file of at most limit bytes
// (DefaultMaxUploadBytes when 0) and checks it like checkForm.
func checkUpload(w http.ResponseWriter, r *http.Request, limit int64) error {
	if limit <= 0 {
		limit = DefaultMaxUploadBytes
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+maxFormBytes)
	if err := r.ParseMultipartForm(limit + maxFormBytes); err != nil {
		if isTooLarge(err) {
			return errTooLarge(limit)
		}
		return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the form could not be read"}
	}
	return checkCSRF(r)
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
	pr, err := authenticateToken(r.Context(), d.h.opts.Tokens, tok)
	if err != nil {
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
	secret, err := d.h.newSession(r.Context(), strings.TrimPrefix(pr.ID, "token:"))
	if err != nil {
		d.fail(w, r, err)
		return
	}
	markPersonal(w)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: d.base + "/", MaxAge: int(sessionMaxAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: d.h.secure(r)})
	if next == "" {
		next = withLang("/", p.Lang)
	}
	http.Redirect(w, r, d.base+next, http.StatusSeeOther)
}

// signout ends the session in the store (on every server at once) and
// clears the cookie.
func (d *dashboard) signout(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		err := d.h.store.RevokeSession(r.Context(), sessionKey(c.Value), d.h.opts.Now())
		if err != nil && socialsvc.ErrorCode(err) != socialsvc.NotFound {
			d.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: d.base + "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: d.h.secure(r)})
	http.Redirect(w, r, d.base+withLang("/", pageLang(r)), http.StatusSeeOther)
}
