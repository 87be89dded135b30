package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"unicode/utf8"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

type handlerFunc func(http.ResponseWriter, *http.Request) error

// authLevel is the least a caller must be to reach a route; the handler
// then checks the records themselves.
type authLevel int

const (
	// authPublic routes serve anonymous callers too (published data).
	authPublic authLevel = iota
	// authUser routes need a token of any role.
	authUser
	// authAdmin routes need an admin.
	authAdmin
)

func (a authLevel) String() string {
	return [...]string{"public", "user", "admin"}[a]
}

// ifMatchRule says whether a route reads If-Match.
type ifMatchRule int

const (
	ifMatchNone ifMatchRule = iota
	ifMatchOptional
	ifMatchRequired
)

// param is a query parameter, for the OpenAPI document.
type param struct {
	Name string
	Type string // "string", "integer", "date"
	Desc string
	Enum []string
}

// commonParams are accepted by every route: the language of messages
// (problem documents, reports).
var commonParams = []param{
	{Name: "lang", Type: "string", Enum: langTags(), Desc: langDesc},
}

// langDesc documents ?lang=, the first of the negotiation.
const langDesc = "The language of messages and reports, a shipped BCP 47 tag (letter case and a region such as hr-HR do not matter). " +
	"Without it: the lang cookie the dashboard's language switcher sets, then Accept-Language, then English. " +
	"A tag of a language that is not shipped is a 400 naming lang, never a silent fallback. The response's Content-Language says which was used."

// langTags returns the shipped language tags, for the OpenAPI enum.
func langTags() []string {
	var out []string
	for _, l := range i18n.Languages() {
		out = append(out, string(l))
	}
	return out
}

// withCommon returns ps with the common parameters it does not declare
// itself.
func withCommon(ps []param) []param {
	out := append([]param{}, ps...)
	for _, c := range commonParams {
		if !slices.ContainsFunc(ps, func(p param) bool { return p.Name == c.Name }) {
			out = append(out, c)
		}
	}
	return out
}

// checkQuery refuses a query parameter the route does not declare (a
// misspelt filter such as ?stauts=closed would otherwise be ignored and
// widen the answer to every record) and a parameter given twice (the
// handler would read one and ignore the other). The route table is the one
// list: the OpenAPI document is generated from it too, so what the
// document promises and what the server accepts cannot drift apart.
func checkQuery(rt *route, q url.Values) error {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	var errs []error
	for _, name := range names {
		field := name
		if !utf8.ValidString(name) || len(name) > 64 || name == "" {
			field = "query"
		}
		switch {
		case !slices.ContainsFunc(rt.Query, func(p param) bool { return p.Name == name }):
			errs = append(errs, socialsvc.FieldErr(field, "unknown_parameter", "err.unknown_parameter"))
		case len(q[name]) > 1:
			errs = append(errs, socialsvc.FieldErr(field, "repeated", "err.repeated"))
		}
	}
	errs = append(errs, checkLang(q))
	return socialsvc.JoinInvalid("invalid query parameters", errs...)
}

// route is one API operation: the handler and what the OpenAPI document
// says about it. The document is generated from this table, so the two
// cannot drift apart.
type route struct {
	Method, Path string
	Op, Summary  string
	Desc         string // the operation's description, when the summary is not enough
	Tag          string
	Auth         authLevel
	Query        []param
	Body         reflect.Type // JSON request body, nil for none
	MergePatch   bool         // Body is sent as a JSON Merge Patch of its type
	ReadOnly     []string     // fields of Body a merge patch may not name
	Upload       bool         // CSV or XLSX upload
	UploadJSON   bool         // the upload may also be a JSON file (InforEuro)
	Resp         reflect.Type // JSON success body, nil for none or non-JSON
	Status       int          // success status
	Produces     []string     // success content types besides JSON (reports)
	File         bool         // the success body is a file of Produces only, never JSON
	// Reports lists the reports of {report} and their formats, for the
	// parameter's enum.
	Reports reportCatalogue
	ETag    bool
	IfMatch ifMatchRule
	handle  handlerFunc
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// withPage adds the paging parameters of the list of entity to ps: the
// sort parameter's enum is the orders store.SortKeys says the list has.
func withPage(entity string, ps ...param) []param {
	return append(append([]param{}, ps...),
		param{Name: "limit", Type: "integer", Desc: "page size, 1 to 1000 (default 50)"},
		param{Name: "cursor", Type: "string", Desc: "next_cursor of the previous page, listed with the same sort"},
		param{Name: "sort", Type: "string", Enum: store.SortKeys(entity),
			Desc: "order of the list: a key ascending, or with a leading - descending; ties are ordered by id in the same direction (default id)"},
	)
}

func enumOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// crud adds the single-record routes of an entity (GET, PUT, DELETE on
// path/{id}).
func crud[T any](e *entity[T], h *Handler, tag string, deleteAuth authLevel) []*route {
	t := typeOf[T]()
	return []*route{
		{Method: "GET", Path: e.path + "/{id}", Op: "get" + t.Name(), Summary: "Get " + withArticle(noun(e.label)), Tag: tag, Auth: authUser,
			Resp: t, Status: 200, ETag: true, handle: e.getH(h)},
		{Method: "PUT", Path: e.path + "/{id}", Op: "update" + t.Name(), Summary: "Replace " + withArticle(noun(e.label)), Tag: tag, Auth: authUser,
			Desc: "PUT replaces the whole record: a field left out of the body takes its empty value (an organisation sent without short_name loses it). " +
				"To change some fields and keep the others, use PATCH with a JSON Merge Patch. Needs If-Match with the ETag read (428 without it, 412 when it is stale).",
			Body: t, Resp: t, Status: 200, ETag: true, IfMatch: ifMatchRequired, handle: e.putH(h)},
		{Method: "PATCH", Path: e.path + "/{id}", Op: "patch" + t.Name(), Summary: "Change some fields of " + withArticle(noun(e.label)), Tag: tag, Auth: authUser,
			Desc: "The body is a JSON Merge Patch (RFC 7396, " + ctMergePatch + "): a member with a value replaces that field (objects merge member by member, " +
				"arrays are replaced whole), a member with null removes the field, fields left out keep their values. " +
				"id, version, created_at, updated_at and the other fields the server sets cannot be patched; the result is checked as a PUT of the whole record. " +
				"Needs If-Match with the ETag read (428 without it, 412 when it is stale).",
			Body: t, MergePatch: true, ReadOnly: append(slices.Clone(readOnlyFields), e.readOnly...), Resp: t, Status: 200, ETag: true, IfMatch: ifMatchRequired, handle: e.patchH(h)},
		{Method: "DELETE", Path: e.path + "/{id}", Op: "delete" + t.Name(), Summary: "Delete " + withArticle(noun(e.label)), Tag: tag, Auth: deleteAuth,
			Desc:   "Needs If-Match with the ETag read (428 without it, 412 when it is stale); 409 while other records refer to it.",
			Status: 204, IfMatch: ifMatchRequired, handle: e.deleteH(h)},
	}
}

func (h *Handler) apiRoutes() []*route {
	e := h.entities()
	var rs []*route
	add := func(r ...*route) { rs = append(rs, r...) }

	add(&route{Method: "GET", Path: "/api/v1/openapi.json", Op: "openapi", Summary: "Get the OpenAPI document", Tag: "meta",
		Desc: "This API described in OpenAPI 3.1, generated from the route table that registers the handlers.",
		Auth: authPublic, Status: 200, handle: h.openapiH})
	add(&route{Method: "GET", Path: "/api/v1/me", Op: "me", Summary: "Get the caller", Tag: "meta",
		Desc: "Who the server takes the caller to be: the token's role and organisation, or anonymous.",
		Auth: authPublic, Resp: typeOf[Principal](), Status: 200, handle: h.meH})

	// Organisations and funds.
	add(&route{Method: "GET", Path: "/api/v1/organisations", Op: "listOrganisations", Summary: "List organisations", Tag: "organisations",
		Auth: authUser, Query: withPage(store.EntityOrganisation, param{Name: "country", Type: "string"}, param{Name: "tax_id", Type: "string"}),
		Resp: typeOf[store.Page[socialsvc.Organisation]](), Status: 200, handle: h.listOrganisations})
	add(&route{Method: "POST", Path: "/api/v1/organisations", Op: "createOrganisation", Summary: "Create an organisation", Tag: "organisations",
		Auth: authAdmin, Body: typeOf[socialsvc.Organisation](), Resp: typeOf[socialsvc.Organisation](), Status: 201, ETag: true,
		handle: e.org.createH(h, nil)})
	add(crud(e.org, h, "organisations", authAdmin)...)
	add(&route{Method: "GET", Path: "/api/v1/funds", Op: "listFunds", Summary: "List funds", Tag: "funds",
		Auth: authUser, Query: withPage(store.EntityFund), Resp: typeOf[store.Page[socialsvc.Fund]](), Status: 200, handle: h.listFunds})
	add(&route{Method: "POST", Path: "/api/v1/funds", Op: "createFund", Summary: "Create a fund", Tag: "funds",
		Auth: authAdmin, Body: typeOf[socialsvc.Fund](), Resp: typeOf[socialsvc.Fund](), Status: 201, ETag: true,
		handle: e.fund.createH(h, nil)})
	add(crud(e.fund, h, "funds", authAdmin)...)
	for _, r := range rs[len(rs)-4:] {
		if r.Method != "GET" {
			r.Auth = authAdmin // PUT, PATCH and DELETE of funds
		}
	}
	add(&route{Method: "GET", Path: "/api/v1/rates", Op: "listRates", Summary: "List monthly exchange rates", Tag: "funds",
		Auth: authUser, Resp: typeOf[ratesPage](), Status: 200, handle: h.listRates})
	add(&route{Method: "PUT", Path: "/api/v1/rates", Op: "putRate", Summary: "Set the exchange rate of a currency for a month", Tag: "funds",
		Desc: "Adds the rate, or replaces the rate of the same currency and month.",
		Auth: authAdmin, Body: typeOf[socialsvc.Rate](), Resp: typeOf[socialsvc.Rate](), Status: 200, handle: h.putRate})
	add(&route{Method: "POST", Path: "/api/v1/rates/import", Op: "importRates",
		Summary: "Import exchange rates from a file", Tag: "funds",
		Desc: "The Commission's monthly InforEuro list (JSON or CSV) or a plain currency;month;rate CSV; all rates are stored or none.",
		Auth: authAdmin, Upload: true, UploadJSON: true, Status: 201, Resp: typeOf[RateImportResult](),
		Query: []param{
			{Name: "format", Type: "string", Enum: []string{"inforeuro", "csv"}, Desc: "inforeuro: the Commission's monthly list (needs month); csv: currency;month;rate lines (needs source)"},
			{Name: "month", Type: "string", Desc: "the month of an InforEuro file, YYYY-MM"},
			{Name: "source", Type: "string", Desc: "the source recorded with the rates of a plain CSV"},
		},
		handle: h.importRates})

	// Projects.
	add(&route{Method: "GET", Path: "/api/v1/projects", Op: "listProjects", Summary: "List projects", Tag: "projects",
		Desc: "Anonymous callers see the published projects only (past approval).",
		Auth: authPublic, Query: withPage(store.EntityProject, param{Name: "status", Type: "string", Enum: enumOf(socialsvc.Statuses)}, param{Name: "org_id", Type: "string"}),
		Resp: typeOf[store.Page[socialsvc.Project]](), Status: 200, handle: h.listProjects})
	add(&route{Method: "POST", Path: "/api/v1/projects", Op: "createProject", Summary: "Create a project", Tag: "projects",
		Auth: authAdmin, Body: typeOf[socialsvc.Project](), Resp: typeOf[socialsvc.Project](), Status: 201, ETag: true,
		handle: e.project.createH(h, nil)})
	pc := crud(e.project, h, "projects", authAdmin)
	pc[0].Auth = authPublic // published projects are public
	add(pc...)
	add(&route{Method: "POST", Path: "/api/v1/projects/{id}/transitions", Op: "transitionProject", Summary: "Move a project to another status", Tag: "projects",
		Desc: "Only the lifecycle's next steps are allowed (draft to submitted, submitted to approved ...); leaving draft needs exactly one lead partner.",
		Auth: authUser, Body: typeOf[Transition](), Resp: typeOf[socialsvc.Project](), Status: 200, ETag: true, IfMatch: ifMatchOptional,
		handle: h.transition})
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/funding", Op: "getFunding", Summary: "Get the co-financing table of a project", Tag: "budget",
		Desc: "Computed by the library (socialsvc.ComputeFunding) from the partners' co-financing, the budget lines and the funds.",
		Auth: authUser, Resp: typeOf[socialsvc.FundingTable](), Status: 200, handle: h.funding})

	// Records of a project: list and create under the project, the rest
	// under their own path.
	scope := func(name, path, label, tag, entity string, list handlerFunc, query []param, body, page reflect.Type, create handlerFunc) {
		add(&route{Method: "GET", Path: "/api/v1/projects/{id}/" + path, Op: "list" + name, Summary: "List the " + label + " of a project", Tag: tag,
			Auth: authUser, Query: withPage(entity, query...), Resp: page, Status: 200, handle: list})
		add(&route{Method: "POST", Path: "/api/v1/projects/{id}/" + path, Op: "create" + body.Name(), Summary: "Add " + withArticle(noun(label)) + " to a project", Tag: tag,
			Auth: authUser, Body: body, Resp: body, Status: 201, ETag: true, handle: create})
	}
	scope("Partners", "partners", "partners", "partners", store.EntityPartner, h.listPartners,
		[]param{{Name: "role", Type: "string", Enum: []string{"lead", "partner", "associated"}}, {Name: "org_id", Type: "string"}},
		typeOf[socialsvc.Partner](), typeOf[store.Page[socialsvc.Partner]](),
		e.partner.createH(h, func(r *http.Request, v *socialsvc.Partner) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.partner, h, "partners", authUser)...)
	scope("WorkPackages", "work-packages", "work packages", "plan", store.EntityWorkPackage, h.listWorkPackages, nil,
		typeOf[socialsvc.WorkPackage](), typeOf[store.Page[socialsvc.WorkPackage]](),
		e.workPackage.createH(h, func(r *http.Request, v *socialsvc.WorkPackage) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.workPackage, h, "plan", authUser)...)
	scope("Activities", "activities", "activities", "plan", store.EntityActivity, h.listActivities, nil,
		typeOf[socialsvc.Activity](), typeOf[store.Page[socialsvc.Activity]](),
		e.activity.createH(h, func(r *http.Request, v *socialsvc.Activity) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.activity, h, "plan", authUser)...)
	scope("Events", "events", "events", "events", store.EntityEvent, h.listEvents,
		[]param{{Name: "type", Type: "string", Enum: enumOf(socialsvc.EventTypes)}, {Name: "activity_id", Type: "string"},
			{Name: "organiser", Type: "string"}, {Name: "from", Type: "date"}, {Name: "to", Type: "date"}},
		typeOf[socialsvc.Event](), typeOf[store.Page[socialsvc.Event]](),
		e.event.createH(h, func(r *http.Request, v *socialsvc.Event) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.event, h, "events", authUser)...)
	add(&route{Method: "GET", Path: "/api/v1/events/{id}/attendance", Op: "listAttendance", Summary: "List the attendance of an event", Tag: "events",
		Auth: authUser, Query: withPage(store.EntityAttendance), Resp: typeOf[store.Page[socialsvc.Attendance]](), Status: 200, handle: h.listAttendance})
	add(&route{Method: "POST", Path: "/api/v1/events/{id}/attendance", Op: "createAttendance", Summary: "Record that a beneficiary attended an event", Tag: "events",
		Auth: authUser, Body: typeOf[socialsvc.Attendance](), Resp: typeOf[socialsvc.Attendance](), Status: 201, handle: h.createAttendance})
	add(&route{Method: "DELETE", Path: "/api/v1/events/{id}/attendance/{beneficiary_id}", Op: "deleteAttendance",
		Summary: "Delete an attendance record", Desc: "Attendance records have no versions: no If-Match.", Tag: "events",
		Auth: authUser, Status: 204, handle: h.deleteAttendance})

	scope("Indicators", "indicators", "indicators", "indicators", store.EntityIndicator, h.listIndicators, nil,
		typeOf[socialsvc.Indicator](), typeOf[store.Page[socialsvc.Indicator]](),
		e.indicator.createH(h, func(r *http.Request, v *socialsvc.Indicator) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.indicator, h, "indicators", authUser)...)
	add(&route{Method: "GET", Path: "/api/v1/indicators/{id}/measurements", Op: "listMeasurements", Summary: "List the measurements of an indicator", Tag: "indicators",
		Auth: authUser, Query: withPage(store.EntityMeasurement, param{Name: "period", Type: "integer"}), Resp: typeOf[store.Page[socialsvc.Measurement]](), Status: 200, handle: h.listMeasurements})
	add(&route{Method: "POST", Path: "/api/v1/indicators/{id}/measurements", Op: "createMeasurement", Summary: "Add a measurement to an indicator", Tag: "indicators",
		Auth: authUser, Body: typeOf[socialsvc.Measurement](), Resp: typeOf[socialsvc.Measurement](), Status: 201, ETag: true,
		handle: e.measurement.createH(h, func(r *http.Request, v *socialsvc.Measurement) error {
			if err := setParent(&v.IndicatorID, r.PathValue("id"), "indicator_id"); err != nil {
				return err
			}
			ind, err := h.store.GetIndicator(r.Context(), v.IndicatorID)
			if err != nil {
				return err
			}
			if err := h.canRecordOf(r.Context(), ind.ProjectID, true, "indicator"); err != nil {
				return err
			}
			return setParent(&v.ProjectID, string(ind.ProjectID), "project_id")
		})})
	add(crud(e.measurement, h, "indicators", authUser)...)

	scope("BudgetLines", "budget-lines", "budget lines", "budget", store.EntityBudgetLine, h.listBudgetLines,
		[]param{{Name: "partner_id", Type: "string"}, {Name: "category", Type: "string", Enum: enumOf(socialsvc.CostCategories)}, {Name: "period", Type: "integer"}},
		typeOf[socialsvc.BudgetLine](), typeOf[store.Page[socialsvc.BudgetLine]](),
		e.budgetLine.createH(h, func(r *http.Request, v *socialsvc.BudgetLine) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.budgetLine, h, "budget", authUser)...)
	scope("Expenditure", "expenditure", "expenditure", "budget", store.EntityExpenditure, h.listExpenditure,
		[]param{{Name: "partner_id", Type: "string"}, {Name: "category", Type: "string", Enum: enumOf(socialsvc.CostCategories)}, {Name: "period", Type: "integer"},
			{Name: "from", Type: "date"}, {Name: "to", Type: "date"}},
		typeOf[socialsvc.Expenditure](), typeOf[store.Page[socialsvc.Expenditure]](),
		e.expenditure.createH(h, func(r *http.Request, v *socialsvc.Expenditure) error {
			return setParent(&v.ProjectID, r.PathValue("id"), "project_id")
		}))
	add(crud(e.expenditure, h, "budget", authUser)...)

	// The reporting and payment cycle (cycle.go).
	add(h.cycleRoutes()...)

	// Beneficiaries: controlled by an organisation, not a project.
	add(&route{Method: "GET", Path: "/api/v1/beneficiaries", Op: "listBeneficiaries", Summary: "List beneficiaries", Desc: "The beneficiaries of an organisation: the caller's own, or any for an admin.", Tag: "beneficiaries",
		Auth: authUser, Query: withPage(store.EntityBeneficiary, param{Name: "org_id", Type: "string", Desc: "the caller's own organisation unless admin"}, param{Name: "project_id", Type: "string"}),
		Resp: typeOf[store.Page[socialsvc.Beneficiary]](), Status: 200, handle: h.listBeneficiaries})
	add(&route{Method: "POST", Path: "/api/v1/beneficiaries", Op: "createBeneficiary", Summary: "Register a beneficiary", Desc: "Beneficiaries are pseudonymous: a reference of the organisation's, never a name or a personal ID number.", Tag: "beneficiaries",
		Auth: authUser, Body: typeOf[socialsvc.Beneficiary](), Resp: typeOf[socialsvc.Beneficiary](), Status: 201, ETag: true,
		handle: e.beneficiary.createH(h, func(r *http.Request, v *socialsvc.Beneficiary) error {
			if p := PrincipalFrom(r.Context()); v.OrgID == "" && p.Role != RoleAdmin {
				v.OrgID = p.OrgID
			}
			return nil
		})})
	add(crud(e.beneficiary, h, "beneficiaries", authUser)...)
	add(&route{Method: "POST", Path: "/api/v1/beneficiaries/{id}/erasure", Op: "eraseBeneficiary", Summary: "Erase the personal data of a beneficiary", Desc: "GDPR Art. 17: the personal attributes go, the record and its attendance stay for anonymous counts.", Tag: "beneficiaries",
		Auth: authUser, Resp: typeOf[socialsvc.Beneficiary](), Status: 200, ETag: true, IfMatch: ifMatchOptional, handle: h.erase})

	// ESF+ participations (participations.go).
	add(h.participationRoutes()...)

	// Imports.
	for _, k := range tabular.Kinds() {
		add(&route{Method: "POST", Path: "/api/v1/projects/{id}/imports/" + k.Name(), Op: "import" + opName(k),
			Summary: "Import " + k.Name() + " from a CSV or XLSX file", Tag: "imports", Desc: importDoc(k),
			Auth: authUser, Upload: true, Query: append([]param{{Name: "errors", Type: "string", Enum: []string{"csv"},
				Desc: "csv: the error report of a refused file as CSV (as Accept: text/csv)"}}, importQuery(k)...), Resp: typeOf[ImportResult](), Status: 201, Produces: []string{"text/csv"},
			handle: h.importH(k)})
		for _, f := range []struct{ ext, ct, op string }{{"csv", "text/csv", "CSV"}, {"xlsx", ctXLSX, "XLSX"}} {
			add(&route{Method: "GET", Path: "/api/v1/imports/" + k.Name() + "/template." + f.ext, Op: "template" + opName(k) + f.op,
				Summary: "Download the " + k.Name() + " import template as " + f.op, Tag: "imports",
				Desc: "The header, each column's format and an example row. " + importDoc(k) + " The formats line below the header may stay: it is skipped when unchanged. Messages and formats in the language of ?lang= or Accept-Language (hr or en).",
				Auth: authPublic, Status: 200, Produces: []string{f.ct}, File: true, handle: h.templateH(k, f.ext),
				Query: []param{{Name: "lang", Type: "string", Desc: langDesc + " The CSV in hr uses ';' and decimal commas.", Enum: langTags()}}})
		}
	}

	// Reports.
	add(&route{Method: "GET", Path: "/api/v1/projects/{id}/reports/{report}", Op: "projectReport",
		Summary: "Get a report of a project", Tag: "reports", Reports: projectReports,
		Desc: "financial, indicators and payment-statement (the payments of the project's verified project reports per partner and fund and its advances; ?period= for one period's) need access to the project; beneficiaries and participants (the ESF+ common indicators EECO01–EECR06 by gender; protected statistics for the public, exact and marked confidential for the programme and the project's partners) and iati are public for published projects. The format is the name's suffix (.json .csv .xlsx .html .pdf .xml), or Accept without one (application/pdf: an A4 PDF with the charts, tables breaking across pages with their headings repeated, wide tables in landscape, the disclosure marks and their legend, and page numbers). " + spreadsheetDoc,
		Auth: authPublic, Query: reportParams, Status: 200, Produces: reportTypes, handle: h.projectReport})
	add(&route{Method: "GET", Path: "/api/v1/organisations/{id}/reports/{report}", Op: "portfolioReport",
		Summary: "Get a report of an organisation", Tag: "reports", Reports: portfolioReports,
		Desc: "portfolio: the organisation's projects and figures; participants: the ESF+ common indicators of participants over its projects, exact (confidential), from and to by entry date; iati.xml: its IATI 2.03 organisation file (total budget and expenditure per year of the projects it leads). The format is the name's suffix (.json .csv .xlsx .html .pdf .xml), or Accept without one (application/pdf: the portfolio as an A4 PDF). " + spreadsheetDoc,
		Auth: authUser, Query: reportParams, Status: 200, Produces: reportTypes, handle: h.portfolioReport})

	add(&route{Method: "GET", Path: "/api/v1/audit", Op: "listAudit", Summary: "List the audit log", Tag: "audit",
		Auth: authAdmin, Query: withPage(auditList, param{Name: "entity", Type: "string"}, param{Name: "entity_id", Type: "string"}),
		Resp: typeOf[store.Page[store.AuditEntry]](), Status: 200, handle: h.listAudit})
	return rs
}

// Transition is the body of a status change.
type Transition struct {
	To socialsvc.Status `json:"to"`
}

func (h *Handler) meH(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, PrincipalFrom(r.Context()))
}

func (h *Handler) transition(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var t Transition
	if err := decodeJSON(r, &t); err != nil {
		return err
	}
	if t.To == "" {
		return socialsvc.FieldErr("to", "required", "err.to.required")
	}
	id := socialsvc.ProjectID(r.PathValue("id"))
	p, err := h.store.GetProject(ctx, id)
	if err != nil {
		return err
	}
	if err := h.canProject(ctx, id, true, false); err != nil {
		return err
	}
	if err := optionalIfMatch(r, p.Version); err != nil {
		return err
	}
	if err := p.Transition(t.To); err != nil {
		return err
	}
	if err := h.store.UpdateProject(ctx, &p); err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, p, p.Version)
}

func (h *Handler) funding(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.ProjectID(r.PathValue("id"))
	if err := h.canProject(ctx, id, false, false); err != nil {
		return err
	}
	p, err := h.store.GetProject(ctx, id)
	if err != nil {
		return err
	}
	partners, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return h.store.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: id})
	})
	if err != nil {
		return err
	}
	var lines []socialsvc.BudgetLine
	for l, err := range h.store.ScanBudgetLines(ctx, store.BudgetFilter{ProjectID: id}) {
		if err != nil {
			return err
		}
		lines = append(lines, l)
	}
	var funds []socialsvc.Fund
	seen := map[socialsvc.FundID]bool{}
	for _, pt := range partners {
		for _, cf := range pt.Funding {
			if seen[cf.FundID] {
				continue
			}
			seen[cf.FundID] = true
			f, err := h.store.GetFund(ctx, cf.FundID)
			if err != nil {
				return err
			}
			funds = append(funds, f)
		}
	}
	tbl, err := socialsvc.ComputeFunding(p.Currency, partners, lines, funds)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tbl)
}

// allPages reads every page of a list.
func allPages[T any](ctx context.Context, list func(store.ListOptions) (store.Page[T], error)) ([]T, error) {
	var out []T
	o := store.ListOptions{Limit: store.MaxLimit}
	for {
		pg, err := list(o)
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out, nil
		}
		o.Cursor = pg.NextCursor
	}
}

func (h *Handler) createAttendance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var a socialsvc.Attendance
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	if err := setParent(&a.EventID, r.PathValue("id"), "event_id"); err != nil {
		return err
	}
	ev, err := h.store.GetEvent(ctx, a.EventID)
	if err != nil {
		return err
	}
	if err := h.canRecordOf(ctx, ev.ProjectID, true, "event"); err != nil {
		return err
	}
	if err := setParent(&a.ProjectID, string(ev.ProjectID), "project_id"); err != nil {
		return err
	}
	if err := h.canAttendee(ctx, a.BeneficiaryID); err != nil {
		if socialsvc.ErrorCode(err) == socialsvc.NotFound {
			// Another organisation's beneficiary: answered as the store
			// answers for one that does not exist.
			return store.MissingRef("beneficiary_id", "beneficiary")
		}
		return err
	}
	if err := h.store.CreateAttendance(ctx, &a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

// canAttendee checks that an editor records only people of its own
// organisation. A beneficiary that does not exist is left to the store,
// which reports it as an invalid reference; one the caller may not read is
// not found (the callers answer as for a missing one).
func (h *Handler) canAttendee(ctx context.Context, id socialsvc.BeneficiaryID) error {
	if PrincipalFrom(ctx).Role == RoleAdmin || id == "" {
		return nil
	}
	b, err := h.store.GetBeneficiary(ctx, id)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return h.canBeneficiaryRecord(ctx, b, true)
}

// canBeneficiaryRecord is canBeneficiaries for one stored record: not
// found when the caller may not read it, as for a record that does not
// exist, forbidden when the caller may read it but not write it.
func (h *Handler) canBeneficiaryRecord(ctx context.Context, b socialsvc.Beneficiary, write bool) error {
	err := h.canBeneficiaries(ctx, b.OrgID, write)
	if socialsvc.ErrorCode(err) != socialsvc.Forbidden {
		return err
	}
	if write && h.canBeneficiaries(ctx, b.OrgID, false) == nil {
		return err
	}
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: "beneficiary not found"}
}

func (h *Handler) deleteAttendance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ev, err := h.store.GetEvent(ctx, socialsvc.EventID(r.PathValue("id")))
	if err != nil {
		return err
	}
	if err := h.canRecordOf(ctx, ev.ProjectID, true, "event"); err != nil {
		return err
	}
	bid := socialsvc.BeneficiaryID(r.PathValue("beneficiary_id"))
	if err := h.canAttendee(ctx, bid); err != nil {
		if socialsvc.ErrorCode(err) == socialsvc.NotFound {
			return &socialsvc.Error{Code: socialsvc.NotFound, Message: "attendance record not found"}
		}
		return err
	}
	if err := h.store.DeleteAttendance(ctx, ev.ID, bid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) erase(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.BeneficiaryID(r.PathValue("id"))
	b, err := h.store.GetBeneficiary(ctx, id)
	if err != nil {
		return err
	}
	if err := h.canBeneficiaryRecord(ctx, b, true); err != nil {
		return err
	}
	if err := optionalIfMatch(r, b.Version); err != nil {
		return err
	}
	if err := h.store.EraseBeneficiary(ctx, id); err != nil {
		return err
	}
	if b, err = h.store.GetBeneficiary(ctx, id); err != nil {
		return err
	}
	return writeEntity(w, http.StatusOK, b, b.Version)
}

// ratesPage is the body of GET /api/v1/rates.
type ratesPage struct {
	Items []socialsvc.Rate `json:"items"`
}

func (h *Handler) listRates(w http.ResponseWriter, r *http.Request) error {
	t, err := h.store.RateTable(r.Context())
	if err != nil {
		return err
	}
	items := t.Rates()
	sortRates(items)
	if items == nil {
		items = []socialsvc.Rate{}
	}
	return writeJSON(w, http.StatusOK, ratesPage{Items: items})
}

// RateImportResult is the body of POST /api/v1/rates/import: how many
// rates were stored, and the rows of an InforEuro file left out because
// their currency is not one the library knows.
type RateImportResult struct {
	Imported int                    `json:"imported"`
	Ignored  []socialsvc.IgnoredRow `json:"ignored"`
}

func (h *Handler) importRates(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	body, err := readUpload(r)
	if err != nil {
		return err
	}
	var file socialsvc.RateFile
	switch q.Get("format") {
	case "inforeuro":
		m, err := socialsvc.ParseMonth(q.Get("month"))
		if err != nil {
			return socialsvc.FieldErr("month", "month", "err.month.month_2")
		}
		file, err = socialsvc.ParseInforEuro(bytes.NewReader(body), m)
		if err != nil {
			return err
		}
	case "csv":
		if file, err = socialsvc.ParseRatesCSV(bytes.NewReader(body), q.Get("source")); err != nil {
			return err
		}
	default:
		return socialsvc.FieldErr("format", "oneof", "err.format.oneof")
	}
	n, err := store.ImportRates(r.Context(), h.store, slices.Values(file.Rates))
	if err != nil {
		return err
	}
	ignored := file.Ignored
	if ignored == nil {
		ignored = []socialsvc.IgnoredRow{}
	}
	return writeJSON(w, http.StatusCreated, RateImportResult{Imported: n, Ignored: ignored})
}

func (h *Handler) putRate(w http.ResponseWriter, r *http.Request) error {
	var rt socialsvc.Rate
	if err := decodeJSON(r, &rt); err != nil {
		return err
	}
	if err := h.store.PutRate(r.Context(), rt); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rt)
}
