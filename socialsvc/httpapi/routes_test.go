package httpapi

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Who calls, in the order of routeCase.want: anonymous (on org A's
// records), org A's viewer on A's records (own) and on B's (other), org
// A's editor on own and other, and an admin (on A's records).
var callers = [6]struct {
	name  string
	token string
	other bool
}{
	{"anonymous", "", false},
	{"viewer/own", "viewer-a", false},
	{"viewer/other", "viewer-a", true},
	{"editor/own", "editor-a", false},
	{"editor/other", "editor-a", true},
	{"admin", "admin", false},
}

// routeCase is one route called by every caller. URL and Body are
// templates: {P} is the target project, {O} its organisation. A PUT
// without Body sends back the record as an admin reads it; PUT and DELETE
// send the record's current ETag.
type routeCase struct {
	Method, Route string // the route's pattern, as registered
	URL           string
	Body          string
	CT            string // content type of Body; JSON by default
	Want          [6]int
}

var (
	readOwn   = [6]int{401, 200, 403, 200, 403, 200} // project records
	writeOwn  = [6]int{401, 403, 403, 200, 403, 200}
	createOwn = [6]int{401, 403, 403, 201, 403, 201}
	deleteOwn = [6]int{401, 403, 403, 204, 403, 204}
	// A record the caller may not read is not found, as a missing one is:
	// other organisations' staff get 404, never 403, for single records.
	readRec    = [6]int{401, 200, 404, 200, 404, 200}
	writeRec   = [6]int{401, 403, 404, 200, 404, 200}
	deleteRec  = [6]int{401, 403, 404, 204, 404, 204}
	readAll    = [6]int{401, 200, 200, 200, 200, 200}
	public     = [6]int{200, 200, 200, 200, 200, 200}
	adminOnly  = [6]int{401, 403, 403, 403, 403, 200}
	adminMake  = [6]int{401, 403, 403, 403, 403, 201}
	adminClash = [6]int{401, 403, 403, 403, 403, 409} // allowed, but the record is referenced
	createRec  = [6]int{401, 403, 404, 201, 404, 201} // under a record of the project
	stepRec    = [6]int{401, 403, 404, 200, 404, 200} // a step of a record of the project
)

var routeCases = []routeCase{
	{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "", "", public},
	{"GET", "/api/v1/me", "/api/v1/me", "", "", public},

	{"GET", "/api/v1/organisations", "/api/v1/organisations?country=HR", "", "", readAll},
	{"POST", "/api/v1/organisations", "/api/v1/organisations", `{"id":"org-new","name":"New","legal_status":"ngo","country":"SI"}`, "", adminMake},
	{"GET", "/api/v1/organisations/{id}", "/api/v1/organisations/{O}", "", "", readAll},
	{"PUT", "/api/v1/organisations/{id}", "/api/v1/organisations/{O}", "", "", writeOwn},
	{"PATCH", "/api/v1/organisations/{id}", "/api/v1/organisations/{O}", `{"short_name":"OA","city":null}`, ctMergePatch, writeOwn},
	{"DELETE", "/api/v1/organisations/{id}", "/api/v1/organisations/{O}", "", "", adminClash},
	{"GET", "/api/v1/funds", "/api/v1/funds", "", "", readAll},
	{"POST", "/api/v1/funds", "/api/v1/funds", `{"id":"esf","code":"ESF+","name":{"en":"ESF+"},"kind":"eu","max_rate_percent":"85"}`, "", adminMake},
	{"GET", "/api/v1/funds/{id}", "/api/v1/funds/erdf", "", "", readAll},
	{"PUT", "/api/v1/funds/{id}", "/api/v1/funds/erdf", "", "", adminOnly},
	{"PATCH", "/api/v1/funds/{id}", "/api/v1/funds/erdf", `{"name":{"hr":"EFRR"}}`, ctMergePatch, adminOnly},
	{"DELETE", "/api/v1/funds/{id}", "/api/v1/funds/erdf", "", "", adminClash},
	{"GET", "/api/v1/rates", "/api/v1/rates", "", "", readAll},
	{"PUT", "/api/v1/rates", "/api/v1/rates", `{"currency":"GBP","month":"2023-05","rate":"0.87","source":"InforEuro"}`, "", adminOnly},
	{"POST", "/api/v1/rates/import", "/api/v1/rates/import?format=csv&source=HNB", "currency;month;rate\nGBP;2023-05;0,8700\nRSD;2023-05;117,32\n", "text/csv", adminMake},

	{"GET", "/api/v1/projects", "/api/v1/projects?limit=2", "", "", public},
	{"POST", "/api/v1/projects", "/api/v1/projects", `{"id":"prj-new","acronym":"NEW","title":{"en":"New"},"programme":"Test","start":"2024-01-01","end":"2024-12-31","currency":"EUR"}`, "", adminMake},
	{"GET", "/api/v1/projects/{id}", "/api/v1/projects/{P}", "", "", public},
	{"PUT", "/api/v1/projects/{id}", "/api/v1/projects/{P}", "", "", writeOwn},
	{"PATCH", "/api/v1/projects/{id}", "/api/v1/projects/{P}", `{"description":{"en":"Patched"}}`, ctMergePatch, writeOwn},
	{"DELETE", "/api/v1/projects/{id}", "/api/v1/projects/{P}", "", "", adminClash},
	{"POST", "/api/v1/projects/{id}/transitions", "/api/v1/projects/{P}/transitions", `{"to":"in_implementation"}`, "", adminOnly},
	{"GET", "/api/v1/projects/{id}/funding", "/api/v1/projects/{P}/funding", "", "", readOwn},

	{"GET", "/api/v1/projects/{id}/partners", "/api/v1/projects/{P}/partners?role=lead", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/partners", "/api/v1/projects/{P}/partners", `{"org_id":"org-d","role":"partner","number":3}`, "", createOwn},
	{"GET", "/api/v1/partners/{id}", "/api/v1/partners/{P}-lp", "", "", readRec},
	{"PUT", "/api/v1/partners/{id}", "/api/v1/partners/{P}-lp", "", "", writeRec},
	{"PATCH", "/api/v1/partners/{id}", "/api/v1/partners/{P}-lp", `{"number":7}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/partners/{id}", "/api/v1/partners/{P}-ap", "", "", deleteRec},

	{"GET", "/api/v1/projects/{id}/work-packages", "/api/v1/projects/{P}/work-packages", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/work-packages", "/api/v1/projects/{P}/work-packages", `{"code":"T9","title":{"en":"New"}}`, "", createOwn},
	{"GET", "/api/v1/work-packages/{id}", "/api/v1/work-packages/{P}-wp", "", "", readRec},
	{"PUT", "/api/v1/work-packages/{id}", "/api/v1/work-packages/{P}-wp", "", "", writeRec},
	{"PATCH", "/api/v1/work-packages/{id}", "/api/v1/work-packages/{P}-wp", `{"title":{"hr":"Rad"}}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/work-packages/{id}", "/api/v1/work-packages/{P}-wp2", "", "", deleteRec},
	{"GET", "/api/v1/projects/{id}/activities", "/api/v1/projects/{P}/activities", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/activities", "/api/v1/projects/{P}/activities", `{"work_package_id":"{P}-wp","code":"T1.9","title":{"en":"New"}}`, "", createOwn},
	{"GET", "/api/v1/activities/{id}", "/api/v1/activities/{P}-act", "", "", readRec},
	{"PUT", "/api/v1/activities/{id}", "/api/v1/activities/{P}-act", "", "", writeRec},
	{"PATCH", "/api/v1/activities/{id}", "/api/v1/activities/{P}-act", `{"code":"T1.2"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/activities/{id}", "/api/v1/activities/{P}-act", "", "", deleteRec},

	{"GET", "/api/v1/projects/{id}/events", "/api/v1/projects/{P}/events?type=workshop&from=2023-01-01", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/events", "/api/v1/projects/{P}/events", `{"type":"workshop","title":{"en":"New"},"start":"2023-07-01"}`, "", createOwn},
	{"GET", "/api/v1/events/{id}", "/api/v1/events/{P}-ev", "", "", readRec},
	{"PUT", "/api/v1/events/{id}", "/api/v1/events/{P}-ev", "", "", writeRec},
	{"PATCH", "/api/v1/events/{id}", "/api/v1/events/{P}-ev", `{"place":"Osijek"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/events/{id}", "/api/v1/events/{P}-ev2", "", "", deleteRec},
	{"GET", "/api/v1/events/{id}/attendance", "/api/v1/events/{P}-ev/attendance", "", "", readRec},
	{"POST", "/api/v1/events/{id}/attendance", "/api/v1/events/{P}-ev/attendance", `{"beneficiary_id":"{O}-b2"}`, "", [6]int{401, 403, 404, 201, 404, 201}},
	{"DELETE", "/api/v1/events/{id}/attendance/{beneficiary_id}", "/api/v1/events/{P}-ev/attendance/{O}-b1", "", "", deleteRec},

	{"GET", "/api/v1/projects/{id}/indicators", "/api/v1/projects/{P}/indicators", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/indicators", "/api/v1/projects/{P}/indicators", `{"kind":"output","code":"X1","name":{"en":"New"},"unit":"items","baseline":"0","target":"4","source":"entered"}`, "", createOwn},
	{"GET", "/api/v1/indicators/{id}", "/api/v1/indicators/{P}-ind", "", "", readRec},
	{"PUT", "/api/v1/indicators/{id}", "/api/v1/indicators/{P}-ind", "", "", writeRec},
	{"PATCH", "/api/v1/indicators/{id}", "/api/v1/indicators/{P}-ind", `{"target":"12"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/indicators/{id}", "/api/v1/indicators/{P}-ind2", "", "", deleteRec},
	{"GET", "/api/v1/indicators/{id}/measurements", "/api/v1/indicators/{P}-ind/measurements?period=1", "", "", readRec},
	{"POST", "/api/v1/indicators/{id}/measurements", "/api/v1/indicators/{P}-ind/measurements", `{"period":0,"value":"2","source":"entered","evidence":"minutes"}`, "", [6]int{401, 403, 404, 201, 404, 201}},
	{"GET", "/api/v1/measurements/{id}", "/api/v1/measurements/{P}-m", "", "", readRec},
	{"PUT", "/api/v1/measurements/{id}", "/api/v1/measurements/{P}-m", "", "", writeRec},
	{"PATCH", "/api/v1/measurements/{id}", "/api/v1/measurements/{P}-m", `{"note":"checked"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/measurements/{id}", "/api/v1/measurements/{P}-m", "", "", deleteRec},

	{"GET", "/api/v1/projects/{id}/budget-lines", "/api/v1/projects/{P}/budget-lines?category=staff&period=1", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/budget-lines", "/api/v1/projects/{P}/budget-lines", `{"partner_id":"{P}-lp","category":"travel_accommodation","period":1,"amount":{"amount":"250.00","currency":"EUR"}}`, "", createOwn},
	{"GET", "/api/v1/budget-lines/{id}", "/api/v1/budget-lines/{P}-bl", "", "", readRec},
	{"PUT", "/api/v1/budget-lines/{id}", "/api/v1/budget-lines/{P}-bl", "", "", writeRec},
	{"PATCH", "/api/v1/budget-lines/{id}", "/api/v1/budget-lines/{P}-bl", `{"description":"salaries"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/budget-lines/{id}", "/api/v1/budget-lines/{P}-bl", "", "", deleteRec},
	{"GET", "/api/v1/projects/{id}/expenditure", "/api/v1/projects/{P}/expenditure?from=2023-01-01&to=2023-12-31", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/expenditure", "/api/v1/projects/{P}/expenditure", `{"partner_id":"{P}-lp","category":"staff","period":1,"date":"2023-06-01","amount":{"amount":"40.00","currency":"EUR"}}`, "", createOwn},
	{"GET", "/api/v1/expenditure/{id}", "/api/v1/expenditure/{P}-ex", "", "", readRec},
	{"PUT", "/api/v1/expenditure/{id}", "/api/v1/expenditure/{P}-ex", "", "", writeRec},
	{"PATCH", "/api/v1/expenditure/{id}", "/api/v1/expenditure/{P}-ex", `{"amount":{"amount":"120.00","currency":"EUR"}}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/expenditure/{id}", "/api/v1/expenditure/{P}-ex", "", "", deleteRec},

	{"GET", "/api/v1/beneficiaries", "/api/v1/beneficiaries?org_id={O}", "", "", readOwn},
	{"POST", "/api/v1/beneficiaries", "/api/v1/beneficiaries", `{"org_id":"{O}","project_id":"{P}","legal_basis":"public_task","retain_until":"2030-01-01"}`, "", createOwn},
	{"GET", "/api/v1/beneficiaries/{id}", "/api/v1/beneficiaries/{O}-b1", "", "", readRec},
	{"PUT", "/api/v1/beneficiaries/{id}", "/api/v1/beneficiaries/{O}-b1", "", "", writeRec},
	{"PATCH", "/api/v1/beneficiaries/{id}", "/api/v1/beneficiaries/{O}-b1", `{"gender":null,"birth_year":1987}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/beneficiaries/{id}", "/api/v1/beneficiaries/{O}-b2", "", "", deleteRec},
	{"POST", "/api/v1/beneficiaries/{id}/erasure", "/api/v1/beneficiaries/{O}-b1/erasure", "", "", writeRec},

	{"GET", "/api/v1/projects/{id}/participations", "/api/v1/projects/{P}/participations?from=2023-01-01&to=2023-12-31", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/participations", "/api/v1/projects/{P}/participations", `{"beneficiary_id":"{O}-b2","entry_date":"2023-03-01","labour_status":"long_term_unemployed","isced":2,"minority":"refused"}`, "", createOwn},
	{"GET", "/api/v1/participations/{id}", "/api/v1/participations/{O}-p1", "", "", readRec},
	{"PUT", "/api/v1/participations/{id}", "/api/v1/participations/{O}-p1", "", "", writeRec},
	{"PATCH", "/api/v1/participations/{id}", "/api/v1/participations/{O}-p1", `{"rural":"yes","isced":null}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/participations/{id}", "/api/v1/participations/{O}-p2", "", "", deleteRec},

	{"POST", "/api/v1/projects/{id}/imports/attendance", "/api/v1/projects/{P}/imports/attendance", "event_id,beneficiary_id\n{P}-ev2,{O}-b1\n{P}-ev2,{O}-b2\n", "text/csv", createOwn},
	{"POST", "/api/v1/projects/{id}/imports/beneficiaries", "/api/v1/projects/{P}/imports/beneficiaries", "org_id;reference;gender;legal_basis;retain_until\n{O};K-1;female;public_task;31.12.2030.\n", "text/csv", createOwn},
	{"POST", "/api/v1/projects/{id}/imports/expenditure", "/api/v1/projects/{P}/imports/expenditure", "partner_id;category;period;date;amount\n{P}-lp;staff;1;15.05.2023.;1.234,56\n", "text/csv", createOwn},

	{"POST", "/api/v1/projects/{id}/imports/participations", "/api/v1/projects/{P}/imports/participations", "beneficiary_id;entry_date;labour_status;isced;minority\n{O}-b2;01.03.2023.;long_term_unemployed;2;odbijeno\n", "text/csv", createOwn},
	{"GET", "/api/v1/imports/participations/template.csv", "/api/v1/imports/participations/template.csv?lang=sl", "", "", public},
	{"GET", "/api/v1/imports/participations/template.xlsx", "/api/v1/imports/participations/template.xlsx", "", "", public},
	{"GET", "/api/v1/imports/attendance/template.csv", "/api/v1/imports/attendance/template.csv", "", "", public},
	{"GET", "/api/v1/imports/attendance/template.xlsx", "/api/v1/imports/attendance/template.xlsx?lang=hr", "", "", public},
	{"GET", "/api/v1/imports/beneficiaries/template.csv", "/api/v1/imports/beneficiaries/template.csv?lang=hr", "", "", public},
	{"GET", "/api/v1/imports/beneficiaries/template.xlsx", "/api/v1/imports/beneficiaries/template.xlsx", "", "", public},
	{"GET", "/api/v1/imports/expenditure/template.csv", "/api/v1/imports/expenditure/template.csv", "", "", public},
	{"GET", "/api/v1/imports/expenditure/template.xlsx", "/api/v1/imports/expenditure/template.xlsx?lang=en", "", "", public},

	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/financial.json", "", "", readOwn},
	{"GET", "/api/v1/organisations/{id}/reports/{report}", "/api/v1/organisations/{O}/reports/portfolio.json", "", "", readOwn},
	{"GET", "/api/v1/audit", "/api/v1/audit?entity=project", "", "", adminOnly},

	// The reporting cycle (cycle_fixture_test.go lists the records).
	{"GET", "/api/v1/projects/{id}/partner-reports", "/api/v1/projects/{P}/partner-reports?status=certified", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/partner-reports", "/api/v1/projects/{P}/partner-reports", `{"partner_id":"{P}-lp","period":1}`, "", createOwn},
	{"GET", "/api/v1/partner-reports", "/api/v1/partner-reports?project_id={P}", "", "", adminOnly},
	{"GET", "/api/v1/partner-reports/{id}", "/api/v1/partner-reports/{P}-rep3", "", "", readRec},
	{"PUT", "/api/v1/partner-reports/{id}", "/api/v1/partner-reports/{P}-rep3", "", "", writeRec},
	{"PATCH", "/api/v1/partner-reports/{id}", "/api/v1/partner-reports/{P}-rep3", `{"contributions":null}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/partner-reports/{id}", "/api/v1/partner-reports/{P}-rep3", "", "", deleteRec},
	{"GET", "/api/v1/partner-reports/{id}/summary", "/api/v1/partner-reports/{P}-rep1/summary", "", "", readRec},
	{"POST", "/api/v1/partner-reports/{id}/transitions", "/api/v1/partner-reports/{P}-rep3/transitions", `{"to":"submitted"}`, "", stepRec},
	// Only the partner's controllers decide (TestCycleRulesByRole).
	{"POST", "/api/v1/partner-reports/{id}/control", "/api/v1/partner-reports/{P}-rep4/control",
		`{"lines":[{"expenditure_id":"{P}-rl4","in_sample":true,"certified":{"amount":"80.00","currency":"EUR"}}]}`, "", [6]int{401, 403, 404, 403, 404, 403}},
	{"GET", "/api/v1/partner-reports/{id}/expenditure", "/api/v1/partner-reports/{P}-rep1/expenditure", "", "", readRec},
	{"POST", "/api/v1/partner-reports/{id}/expenditure", "/api/v1/partner-reports/{P}-rep3/expenditure",
		`{"category":"staff","amount":{"amount":"40.00","currency":"EUR"},"invoice_date":"2023-06-01"}`, "", createRec},
	{"POST", "/api/v1/partner-reports/{id}/imports/expenditure", "/api/v1/partner-reports/{P}-rep3/imports/expenditure",
		"category;amount;invoice_date;invoice_number\nstaff;1.234,56;15.05.2023.;R-9\n", "text/csv", createRec},
	{"POST", "/api/v1/partner-reports/{id}/carried-lines", "/api/v1/partner-reports/{P}-rep3/carried-lines", `{"from":"{P}-rep1"}`, "", createRec},
	{"GET", "/api/v1/report-lines/{id}", "/api/v1/report-lines/{P}-rl3", "", "", readRec},
	{"PUT", "/api/v1/report-lines/{id}", "/api/v1/report-lines/{P}-rl3", "", "", writeRec},
	{"PATCH", "/api/v1/report-lines/{id}", "/api/v1/report-lines/{P}-rl3", `{"description":"corrected"}`, ctMergePatch, writeRec},
	{"DELETE", "/api/v1/report-lines/{id}", "/api/v1/report-lines/{P}-rl3", "", "", deleteRec},
	{"GET", "/api/v1/projects/{id}/project-reports", "/api/v1/projects/{P}/project-reports", "", "", readOwn},
	{"POST", "/api/v1/projects/{id}/project-reports", "/api/v1/projects/{P}/project-reports", `{"period":1,"partner_report_ids":["{P}-rep1"]}`, "", createOwn},
	{"GET", "/api/v1/project-reports/{id}", "/api/v1/project-reports/{P}-prr", "", "", readRec},
	{"POST", "/api/v1/project-reports/{id}/transitions", "/api/v1/project-reports/{P}-prr2/transitions", `{"to":"submitted"}`, "", stepRec},
	{"GET", "/api/v1/projects/{id}/payments", "/api/v1/projects/{P}/payments", "", "", readOwn},
	{"GET", "/api/v1/payments/{id}", "/api/v1/payments/{PAY}", "", "", readRec},
	{"PUT", "/api/v1/payments/{id}", "/api/v1/payments/{PAY}", `{"paid":{"amount":"10.00","currency":"EUR"},"paid_on":"2030-01-02"}`, "", adminOnly},
	{"GET", "/api/v1/projects/{id}/advances", "/api/v1/projects/{P}/advances", "", "", readOwn},
	{"GET", "/api/v1/partner-reports/{id}/reports/{report}", "/api/v1/partner-reports/{P}-rep1/reports/partner-report.json", "", "", readRec},
	{"GET", "/api/v1/project-reports/{id}/reports/{report}", "/api/v1/project-reports/{P}-prr/reports/project-report.json", "", "", readRec},
	{"POST", "/api/v1/projects/{id}/advances", "/api/v1/projects/{P}/advances",
		`{"partner_id":"{P}-lp","fund_id":"erdf","amount":{"amount":"100.00","currency":"EUR"},"paid_on":"2023-02-01"}`, "", adminMake},
}

// extraCases call routes again where a single call per caller does not
// show every rule: public reports, formats, and the unpublished project.
var extraCases = []routeCase{
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/beneficiaries.json", "", "", public},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/iati.xml", "", "", public},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/participants.json", "", "", public},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/participants.pdf", "", "", public},
	{"GET", "/api/v1/organisations/{id}/reports/{report}", "/api/v1/organisations/{O}/reports/participants.csv", "", "", readOwn},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/indicators.csv", "", "", readOwn},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/financial.xlsx", "", "", readOwn},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/beneficiaries.html", "", "", public},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/beneficiaries.pdf", "", "", public},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/financial.pdf", "", "", readOwn},
	{"GET", "/api/v1/organisations/{id}/reports/{report}", "/api/v1/organisations/{O}/reports/portfolio.pdf", "", "", readOwn},
	{"GET", "/api/v1/organisations/{id}/reports/{report}", "/api/v1/organisations/{O}/reports/portfolio.csv", "", "", readOwn},
	{"GET", "/api/v1/organisations/{id}/reports/{report}", "/api/v1/organisations/{O}/reports/iati.xml", "", "", readOwn},
	// The cycle's reports in their other formats.
	{"GET", "/api/v1/partner-reports/{id}/reports/{report}", "/api/v1/partner-reports/{P}-rep1/reports/control-certificate.csv?lang=hr", "", "", readRec},
	{"GET", "/api/v1/partner-reports/{id}/reports/{report}", "/api/v1/partner-reports/{P}-rep1/reports/partner-report.xlsx", "", "", readRec},
	{"GET", "/api/v1/partner-reports/{id}/reports/{report}", "/api/v1/partner-reports/{P}-rep1/reports/control-certificate.pdf", "", "", readRec},
	{"GET", "/api/v1/partner-reports/{id}/reports/{report}", "/api/v1/partner-reports/{P}-rep1/reports/partner-report.csv?table=all", "", "", readRec},
	{"GET", "/api/v1/project-reports/{id}/reports/{report}", "/api/v1/project-reports/{P}-prr/reports/project-report.html", "", "", readRec},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/payment-statement.json", "", "", readOwn},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/{P}/reports/payment-statement.csv", "", "", readOwn},
	// org A's draft: "own" for org A; B's staff and the public do not see it.
	{"GET", "/api/v1/projects/{id}", "/api/v1/projects/prj-draft", "", "", [6]int{404, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/projects/{id}/reports/{report}", "/api/v1/projects/prj-draft/reports/iati.xml", "", "", [6]int{404, 200, 200, 200, 200, 200}},
}

func target(other bool) (string, string) {
	if other {
		return string(prjB), string(orgB)
	}
	return string(prjA), string(orgA)
}

// TestRoutesByRole calls every route as every caller, checks the status
// and, for refused writes, that the audit log (which every write extends)
// did not change; every response is validated against the OpenAPI
// document.
func TestRoutesByRole(t *testing.T) {
	loadSpec(t)
	covered := map[string]bool{}
	shared := newFixture(t)
	for _, c := range append(append([]routeCase{}, routeCases...), extraCases...) {
		covered[c.Method+" "+c.Route] = true
		for i, who := range callers {
			t.Run(c.Method+" "+c.URL+" "+who.name, func(t *testing.T) {
				f := shared
				if c.Method != "GET" {
					f = newFixture(t)
				}
				prj, org := target(who.other)
				rep := strings.NewReplacer("{P}", prj, "{O}", org)
				url := expandIDs(t, f.store, prj, rep.Replace(c.URL))
				if c.URL == "/api/v1/projects/prj-draft" || strings.HasPrefix(c.URL, "/api/v1/projects/prj-draft/") {
					// The draft has one target; "other" callers are org B's.
					who.token = strings.Replace(who.token, "-a", map[bool]string{true: "-b", false: "-a"}[who.other], 1)
					if who.other {
						c.Want[i] = 404 // B's staff may not see A's draft at all
					}
				}
				var body any
				var hdr []string
				if c.Body != "" {
					body = rep.Replace(c.Body)
				}
				if c.CT != "" {
					hdr = append(hdr, "Content-Type", c.CT)
				}
				if c.Method == "PUT" || c.Method == "PATCH" || c.Method == "DELETE" {
					if cur := f.do("admin", "GET", url, nil); cur.Status == 200 {
						hdr = append(hdr, "If-Match", cur.Header.Get("ETag"))
						if c.Body == "" && c.Method == "PUT" {
							body = writableAs(t, f.h, c.Method, c.Route, cur.Body)
						}
					}
				}
				before := f.auditCount()
				r := f.do(who.token, c.Method, url, body, hdr...)
				assert.Equal(t, c.Want[i], r.Status, string(r.Body))
				conforms(t, c.Method, c.Route, url, body, hdr, r)
				if c.Method == "GET" {
					return
				}
				after := f.auditCount()
				if r.Status >= 400 {
					assert.Equal(t, before, after, "a refused write changed data")
					return
				}
				require.Greater(t, after, before, "a write left no audit entry")
				last := lastAudit(t, f)
				assert.Equal(t, "token:"+tokenIDOf(f.tokens[who.token]), last.Actor.ID)
			})
		}
	}
	f := newFixture(t)
	for _, rt := range f.h.routes {
		assert.True(t, covered[rt.Method+" "+rt.Path], "route %s %s has no case in routeCases", rt.Method, rt.Path)
	}
}

func tokenIDOf(tok string) string {
	id, _ := tokenID(tok)
	return id
}

func lastAudit(t *testing.T, f *fixture) store.AuditEntry {
	t.Helper()
	var last store.AuditEntry
	o := store.AuditFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}}
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

// conforms checks an exchange against the OpenAPI document (see
// checkResponse): the request is rebuilt as the fixture sent it.
func conforms(t *testing.T, method, route, url string, body any, hdr []string, r resp) {
	t.Helper()
	assert.NoError(t, checkResponse(t, route, newRequest(t, method, url, body, hdr...), r), string(r.Body))
}
