package httpapi

import (
	"net/http"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
)

// The reports of the reporting cycle (report.PartnerReportOf,
// report.ControlCertificateOf, report.ProjectReportOf;
// report.PaymentStatementOf is a report of the project, under
// projectReport): served as every other report (reportRequest,
// writeReport), to those who may read the record they are of.

// cycleReportParams are the query parameters of the reports of one
// partner or project report, which has its own period.
var cycleReportParams = []param{reportParams[3], reportParams[4]}

// cycleReportRoutes are the routes of the cycle's reports.
func (h *Handler) cycleReportRoutes() []*route {
	const formats = " The format is the name's suffix (.json .csv .xlsx .html .pdf), or Accept without one. "
	return []*route{
		{Method: "GET", Path: "/api/v1/partner-reports/{id}/reports/{report}", Op: "partnerReportReport",
			Summary: "Get a report or the certificate of a partner report", Tag: "reports", Reports: partnerReportReports,
			Desc: "partner-report: declared against certified by cost category (the flat rates computed by the library), the lines with their conversions and decisions, the deductions by error type; " +
				"control-certificate: the controller's certificate of a certified report (409 before). Read as the partner report is: the project's staff and the programme, " +
				"and the controllers of the partner's control body once it is submitted (404 for anyone else)." + formats + spreadsheetDoc,
			Auth: authUser, Query: cycleReportParams, Status: 200, Produces: reportTypes, handle: h.partnerReportReport},
		{Method: "GET", Path: "/api/v1/project-reports/{id}/reports/{report}", Op: "projectReportReport",
			Summary: "Get the report of a project report", Tag: "reports", Reports: projectReportReports,
			Desc: "project-report: the certified partner reports the lead partner bundled, declared, certified and deducted per partner report and in total. " +
				"Read as the project report is: the project's staff and the programme (404 for anyone else)." + formats + spreadsheetDoc,
			Auth: authUser, Query: cycleReportParams, Status: 200, Produces: reportTypes, handle: h.projectReportReport},
	}
}

func (h *Handler) partnerReportReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	const names = "partner-report or control-certificate (.json .csv .xlsx .html .pdf)"
	var id socialsvc.PartnerReportID
	name, format, o, err := h.reportRequest(r, partnerReportReports, names, func(string) error {
		rep, err := h.reportFor(r, false)
		id = rep.ID
		return err
	})
	if err != nil {
		return err
	}
	var rep report.Report
	switch name {
	case "partner-report":
		rep, err = report.PartnerReportOf(ctx, h.store, id, o)
	case "control-certificate":
		rep, err = report.ControlCertificateOf(ctx, h.store, id, o)
	}
	if err != nil {
		return err
	}
	return writeReport(w, r, rep, format, o.Lang)
}

func (h *Handler) projectReportReport(w http.ResponseWriter, r *http.Request) error {
	const names = "project-report (.json .csv .xlsx .html .pdf)"
	var id socialsvc.ProjectReportID
	_, format, o, err := h.reportRequest(r, projectReportReports, names, func(string) error {
		pr, err := h.projectReportFor(r)
		id = pr.ID
		return err
	})
	if err != nil {
		return err
	}
	rep, err := report.ProjectReportOf(r.Context(), h.store, id, o)
	if err != nil {
		return err
	}
	return writeReport(w, r, rep, format, o.Lang)
}
