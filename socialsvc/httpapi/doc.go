// Package httpapi serves the library as a REST API: an http.Handler that
// another program can mount under its own mux and middleware, and that
// cmd/refserver serves on its own.
//
// # Routes
//
// Everything lives under /api/v1 (organisations, funds, projects with
// their partners, work packages, activities, events, attendance,
// beneficiaries, budget lines, funding, expenditure, indicators and
// measurements, the audit log, reports and imports). GET /api/v1/openapi.json
// is the OpenAPI 3.1 description of exactly these routes: it is generated
// from the same route table that registers the handlers, and the tests
// validate real responses against it. /healthz, /readyz and /metrics
// (Prometheus) sit beside the API. "/" serves Options.Pages when set, else
// a small index page; Dashboard is the HTML dashboard made for it
// (portfolio, project pages, report downloads, token sign-in and an event
// form, in Croatian and English), which cmd/refserver serves.
//
// Imports (POST /api/v1/projects/{id}/imports/{kind}) and their templates
// (GET /api/v1/imports/{kind}/template.csv or .xlsx) are package tabular
// behind HTTP: the handler checks that the caller may write in the
// project, limits an editor to its own organisation's records
// (tabular.Options.Org) and answers with tabular's row errors, as a
// problem document or, with Accept: text/csv or ?errors=csv, as a CSV.
//
// # Errors
//
// Every error is an RFC 9457 application/problem+json document carrying
// the library's error code and per-field errors, in English or Croatian
// by Accept-Language. One table (StatusOf) maps codes to statuses:
//
//	invalid          400  malformed JSON, wrong types, unknown fields and
//	                      values the library rejects alike: one code, one
//	                      status; clients branch on code and errors[].field
//	unauthenticated  401
//	forbidden        403
//	not_found        404
//	conflict         409  (a stale version is 412, see below)
//	internal         500
//
// Besides the table: 412 when If-Match names a version that is no longer
// current (nothing changes), 428 when If-Match is missing on PUT, PATCH
// or DELETE, 413 when a body exceeds its limit, 415 for a body of another
// media type, 405 for a method a path does not have.
//
// Input is strict, and every refusal names the field by its JSON path: a
// key given twice, invalid UTF-8, a key that matches a field only without
// regard to case, an amount or decimal given as a JSON number, a date
// that is not YYYY-MM-DD ("2023-02-30"; "15.03.2023." gets a hint) are
// 400. So is a query parameter the route does not list in the OpenAPI
// document, or one given twice: the route table both checks parameters
// and generates the document.
//
// # Versions and ETags
//
// Every entity carries a version; responses carry it as a strong ETag
// ("v3"). PUT, PATCH and DELETE require If-Match with the ETag the client
// read; a request whose ETag is stale fails with 412 and changes nothing,
// even when two servers on one database race (the store compares versions
// in the same statement that writes).
//
// PUT replaces the whole record: a field left out takes its empty value.
// PATCH takes a JSON Merge Patch (RFC 7396, application/merge-patch+json)
// and changes only the fields it names (null removes one); the fields the
// server sets (id, version, time stamps, converted amounts, erasure) are
// refused in a patch, and the result is checked as a PUT would be.
//
// # Who may do what
//
// Requests authenticate with a bearer token (Tokens) or, in a host
// application, with Options.Authenticate. With the dashboard, a signed-in
// browser is also accepted by the HttpOnly SameSite=Strict cookie
// socialsvc_session, which holds the random secret of a server-side
// session (store.Sessions, kept under its SHA-256 with the token's ID and
// an expiry of eight hours), never the token: every server on the store
// shares the session, signing out revokes it everywhere, and revoking the
// token ends it. The cookie is Secure over TLS and behind a reverse proxy
// listed in Options.TrustedProxies that sends X-Forwarded-Proto: https. A
// write authenticated by that cookie must be same-origin (403 otherwise).
//
// A Principal has a role and an
// organisation. Reading: admins read everything; viewers and editors read
// the projects their organisation is a partner of (all of each, from the
// moment it is added as a partner) and the beneficiaries it controls;
// anonymous callers see published aggregates only (projects past
// approval, suppressed beneficiary statistics, IATI). A record the caller
// may not read is answered with the same 404 as a record that does not
// exist (a 403 would confirm that an ID is taken); 403 is for a record the
// caller can read but may not change that way. Writing: the
// principal becomes the store's actor (store.WithActor), and the store's
// write rules decide (store.Role, store.CheckWrite): the handler only
// translates them into 403 (and 409 for a project's status) and refuses
// early a caller who may write nothing in a project. The actor of every
// write, and the Change-Reason header as its reason (store.WithReason),
// are recorded in the audit log.
//
// A controller (RoleController) is a first-level controller of a control
// body, its organisation: it reads the reports of the partners that name
// its body once they are submitted (GET /api/v1/partner-reports is its
// queue), their lines and figures, makes the control steps the store
// allows it, and reads nothing else: no project records, no
// beneficiaries, not even its own organisation's. Everything else of a
// report it cannot read is not found.
//
// # Headers
//
// Every response carries X-Content-Type-Options: nosniff, Referrer-Policy:
// same-origin and a Content-Security-Policy with frame-ancestors 'none'
// (HTML, the reports included, may use its own inline style and no
// script); every response to a request with credentials carries
// Cache-Control: no-store. /metrics can require a token
// (Options.MetricsToken) or be left out for another address
// (Options.MetricsElsewhere, MetricsHandler).
//
// # Lists
//
// Lists are paged with an opaque cursor (?limit=&cursor=, next_cursor in
// the body and a Link header to the next page that keeps the other
// parameters), which stays stable under concurrent inserts: a cursor
// holds the position of the last item, not an offset. ?sort= orders a
// list: every list accepts "id" (the default) and "-id" (descending);
// projects and events accept "start" and "-start" (the start date),
// expenditure "date" and "-date", measurements "period" and "-period".
// Items with the same date or period are ordered by id in the same
// direction. A cursor belongs to the sort it was made with; using it with
// another is a 400 naming "cursor". The OpenAPI document lists each
// route's sort values as an enum, and any other value is a 400 naming
// "sort" rather than silently ignored. Filters are query parameters named
// after the JSON fields.
package httpapi
