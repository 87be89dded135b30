package httpapi

import (
	"mime"
	"net/http"
)

// The security headers of every response are set in one place, when the
// response's header is written (statusWriter), so that no route, page,
// report or error can forget them, and a route added later gets them too:
//
//   - X-Content-Type-Options: nosniff on every response, so that a CSV or
//     a JSON body is never run as HTML or script by a browser that sniffs.
//   - Referrer-Policy: same-origin on every response, so that the paths of
//     records (and the query of a list) do not leave for other sites.
//   - Content-Security-Policy on every response, with frame-ancestors
//     'none' so that no other site frames a page (clickjacking). HTML that
//     did not set a policy of its own (the reports under
//     /api/v1/.../reports/*.html, the index page, problem pages) gets
//     htmlCSP: no script at all, only its own inline style and data:
//     images; the dashboard sets the stricter dashboardCSP. Everything
//     else gets apiCSP, which lets a browser render nothing of it.
//   - Cache-Control: no-store on every response to a request that carries
//     credentials or was authenticated (markPersonal), since only such
//     responses can hold personal data or data that is not published; a
//     route may still say otherwise for a response it knows to be public
//     (the dashboard's stylesheet).
const (
	apiCSP       = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
	htmlCSP      = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	dashboardCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

// setSecurityHeaders adds the headers above to h, keeping a
// Content-Security-Policy or Referrer-Policy a handler set itself.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("Referrer-Policy") == "" {
		h.Set("Referrer-Policy", "same-origin")
	}
	if h.Get("Content-Security-Policy") == "" {
		if isHTML(h.Get("Content-Type")) {
			h.Set("Content-Security-Policy", htmlCSP)
		} else {
			h.Set("Content-Security-Policy", apiCSP)
		}
	}
}

// isHTML reports whether a Content-Type is one a browser renders as a
// document that can run script.
func isHTML(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "image/svg+xml":
		return true
	}
	return false
}

// carriesCredentials reports whether r comes with a bearer token or the
// dashboard's session cookie, valid or not: its response may be personal.
func carriesCredentials(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && c.Value != ""
}

// markPersonal sets Cache-Control: no-store on w, for a response that may
// hold personal data: neither the browser nor a proxy keeps it.
func markPersonal(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}
