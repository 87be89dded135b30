package httpapi

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/report"
)

// Report formats and their content types.
const (
	ctJSON = "application/json"
	ctCSV  = "text/csv; charset=utf-8"
	ctXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ctHTML = "text/html; charset=utf-8"
	ctXML  = "application/xml"
	ctPDF  = "application/pdf"
)

var reportTypes = []string{"text/csv", ctXLSX, "text/html", ctPDF, ctXML}

var reportParams = []param{
	{Name: "period", Type: "integer", Desc: "reporting period (project reports)"},
	{Name: "from", Type: "date"}, {Name: "to", Type: "date"},
	{Name: "lang", Type: "string", Desc: langDesc + " CSV in hr uses ';' and decimal commas.", Enum: langTags()},
}

var suffixFormats = map[string]string{".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".pdf": "pdf", ".xml": "xml"}

// reportCatalogue lists the reports of a route and the formats each comes
// in: what the handler accepts and what the document's {report} enum
// lists, from one table.
type reportCatalogue map[string][]string

var tabularFormats = []string{"json", "csv", "xlsx", "html", "pdf"}

var (
	projectReports   = reportCatalogue{"financial": tabularFormats, "indicators": tabularFormats, "beneficiaries": tabularFormats, "iati": {"xml"}}
	portfolioReports = reportCatalogue{"portfolio": tabularFormats, "iati": {"xml"}}
)

// has reports whether the catalogue has report name in format.
func (c reportCatalogue) has(name, format string) bool { return slices.Contains(c[name], format) }

// values lists every value {report} may take: each name alone (the format
// then comes from Accept) and with each format's suffix.
func (c reportCatalogue) values() []string {
	var out []string
	for name, formats := range c {
		out = append(out, name)
		for _, f := range formats {
			out = append(out, name+"."+f)
		}
	}
	slices.Sort(out)
	return out
}

// reportFormat splits "financial.csv" into the report and its format; a
// name without a suffix takes the format from Accept (JSON by default).
func reportFormat(r *http.Request, name string) (string, string, error) {
	for suf, f := range suffixFormats {
		if base, ok := strings.CutSuffix(name, suf); ok {
			return base, f, nil
		}
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/json", "*/*":
			return name, "json", nil
		case "text/csv":
			return name, "csv", nil
		case ctXLSX:
			return name, "xlsx", nil
		case "text/html":
			return name, "html", nil
		case ctPDF:
			return name, "pdf", nil
		case "application/xml", "text/xml":
			return name, "xml", nil
		}
	}
	if name == "iati" {
		return name, "xml", nil
	}
	return name, "json", nil
}

func (h *Handler) reportOptions(r *http.Request) (report.Options, error) {
	q := r.URL.Query()
	o := report.Options{Lang: langOf(r), Now: h.opts.Now, TargetGroups: h.opts.TargetGroups}
	var err error
	if o.Period, _, err = queryInt(q, "period"); err != nil {
		return o, err
	}
	if o.From, err = queryDate(q, "from"); err != nil {
		return o, err
	}
	if o.To, err = queryDate(q, "to"); err != nil {
		return o, err
	}
	return o, nil
}

// disclosure returns report.Exact for callers entitled to exact counts
// of a project's beneficiaries (admins, and editors and viewers of a
// partner organisation) and report.Protected for everyone else.
func (h *Handler) disclosure(ctx context.Context, id socialsvc.ProjectID) (report.Disclosure, error) {
	switch err := h.canProject(ctx, id, false, false); {
	case err == nil:
		return report.Exact, nil
	case denied(err):
		return report.Protected, nil
	default:
		return report.Protected, err
	}
}

func unknownReport(names string) error {
	return socialsvc.FieldErrf("report", "oneof", "err.report.oneof", socialsvc.Args{"Names": names})
}

// projectReport serves the reports of a project. Beneficiary statistics
// (suppressed) and IATI are public for published projects; financial and
// indicator reports need access to the project.
func (h *Handler) projectReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.ProjectID(r.PathValue("id"))
	name, format, err := reportFormat(r, r.PathValue("report"))
	if err != nil {
		return err
	}
	const names = "financial, indicators, beneficiaries (.json .csv .xlsx .html .pdf) or iati(.xml)"
	if !projectReports.has(name, format) {
		return unknownReport(names)
	}
	public := name == "beneficiaries" || name == "iati"
	if err := h.canProject(ctx, id, false, public); err != nil {
		return err
	}
	o, err := h.reportOptions(r)
	if err != nil {
		return err
	}
	// Exact counts of people go to the programme and the project's own
	// partners only (every such report is marked confidential); anyone
	// else gets the protected public release, which offers only its
	// fixed family of tables: another filter is a bad request.
	if name != "iati" {
		if o.Disclosure, err = h.disclosure(ctx, id); err != nil {
			return err
		}
	}
	if name == "iati" {
		act, err := report.IATI(ctx, h.store, id, report.IATIOptions{Now: h.opts.Now})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := report.WriteIATI(&buf, h.opts.Now(), act); err != nil {
			return err
		}
		return writeBytes(w, ctXML, "", buf.Bytes())
	}
	var rep report.Report
	switch name {
	case "financial":
		rep, err = report.Financial(ctx, h.store, id, o)
	case "indicators":
		rep, err = report.Indicators(ctx, h.store, id, o)
	case "beneficiaries":
		rep, err = report.Beneficiaries(ctx, h.store, id, o)
	}
	if err != nil {
		return err
	}
	return writeReport(w, rep, format, o.Lang, string(id)+"-"+name)
}

func (h *Handler) portfolioReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.OrgID(r.PathValue("id"))
	name, format, err := reportFormat(r, r.PathValue("report"))
	if err != nil {
		return err
	}
	const names = "portfolio (.json .csv .xlsx .html .pdf) or iati(.xml), the IATI organisation file"
	if !portfolioReports.has(name, format) {
		return unknownReport(names)
	}
	if err := h.canOrgReports(ctx, id); err != nil {
		return err
	}
	o, err := h.reportOptions(r)
	if err != nil {
		return err
	}
	if name == "iati" {
		org, err := report.IATIOrganisationFile(ctx, h.store, id, report.IATIOrgFileOptions{Now: h.opts.Now})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := report.WriteIATIOrganisations(&buf, h.opts.Now(), org); err != nil {
			return err
		}
		return writeBytes(w, ctXML, "", buf.Bytes())
	}
	// Only the organisation's own staff and admins get here, and the
	// organisation is a partner of every project of its portfolio.
	o.Disclosure = report.Exact
	rep, err := report.Portfolio(ctx, h.store, id, o)
	if err != nil {
		return err
	}
	return writeReport(w, rep, format, o.Lang, string(id)+"-portfolio")
}

// writeReport renders rep into a buffer first, so that a rendering error
// becomes a problem document instead of a truncated file.
func writeReport(w http.ResponseWriter, rep report.Report, format string, lang socialsvc.Lang, file string) error {
	var buf bytes.Buffer
	var ct, ext string
	var err error
	switch format {
	case "json":
		ct, err = ctJSON, report.WriteJSON(&buf, rep)
	case "csv":
		ct, ext = ctCSV, ".csv"
		err = report.WriteCSV(&buf, rep, report.CSVOptions{Croatian: lang == socialsvc.HR, Lang: lang})
	case "xlsx":
		ct, ext = ctXLSX, ".xlsx"
		err = report.WriteXLSX(&buf, rep, lang)
	case "html":
		ct, err = ctHTML, report.WriteHTML(&buf, rep, lang)
	case "pdf":
		// The PDF is a document people keep and send on: its name says
		// which project, report and language it is.
		ct, ext = ctPDF, "-"+string(lang)+".pdf"
		err = report.WritePDF(&buf, rep, lang)
	}
	if err != nil {
		return err
	}
	disp := ""
	if ext != "" {
		disp = file + ext
	}
	return writeBytes(w, ct, disp, buf.Bytes())
}

func writeBytes(w http.ResponseWriter, ct, attachment string, b []byte) error {
	w.Header().Set("Content-Type", ct)
	if attachment != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": attachment}))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}
