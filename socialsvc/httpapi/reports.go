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
	ctZIP  = "application/zip"
)

var reportTypes = []string{"text/csv", ctXLSX, "text/html", ctPDF, ctXML, ctZIP}

// allTables is the value of ?table= that asks for every table of a
// report at once: a ZIP of one CSV per table.
const allTables = "all"

var reportParams = []param{
	{Name: "period", Type: "integer", Desc: "reporting period (project reports)"},
	{Name: "from", Type: "date"}, {Name: "to", Type: "date"},
	{Name: "lang", Type: "string", Desc: langDesc + " CSV in hr uses ';' and decimal commas.", Enum: langTags()},
	{Name: "table", Type: "string", Desc: tableParamDoc()},
}

// spreadsheetDoc is what the report routes say about their files.
const spreadsheetDoc = "A CSV is one flat table (?table=, else the report's main table; ?table=all gives a ZIP of one CSV per table), " +
	"UTF-8 with a byte-order mark; in a language with decimal commas (hr, sl, sr-Latn, sq) with ';' between fields; an XLSX has one sheet per table, each with an autofilter. " +
	"Files (CSV, ZIP, XLSX, PDF) download as attachments named after the project's acronym (or the organisation's short name), report, table and language, " +
	"e.g. 2SoKroG-financial-partners-en.csv or 2SoKroG-financial-en.pdf, with an ASCII filename and a UTF-8 filename*. " +
	"A report with exact counts of people starts with its confidential mark (the first line of a CSV, the first row of the XLSX info sheet)."

// tableParamDoc describes ?table= with the table IDs of every report,
// from the report package's own list.
func tableParamDoc() string {
	var b strings.Builder
	b.WriteString("CSV only: the table to download, one flat table per file (a header row, then the rows); " +
		"without it the report's main table (the first ID below). " + allTables + ": a ZIP (application/zip) of one CSV per table " +
		"and an info file with the titles, notes and warnings. An ID the report does not have is a 400 naming table. Tables:")
	for _, k := range []report.Kind{report.KindFinancial, report.KindIndicators, report.KindBeneficiaries, report.KindParticipants, report.KindPortfolio,
		report.KindPartnerReport, report.KindControlCertificate, report.KindProjectReport, report.KindPaymentStatement} {
		ids := report.TableIDs(k)
		if len(ids) == 0 {
			continue
		}
		main := report.MainTableID(k)
		ids = slices.DeleteFunc(ids, func(id string) bool { return id == main })
		b.WriteString(" " + string(k) + ": " + strings.Join(append([]string{main}, ids...), ", ") + ";")
	}
	return strings.TrimSuffix(b.String(), ";") + "."
}

var suffixFormats = map[string]string{".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".pdf": "pdf", ".xml": "xml"}

// reportCatalogue lists the reports of a route and the formats each comes
// in: what the handler accepts and what the document's {report} enum
// lists, from one table.
type reportCatalogue map[string][]string

var tabularFormats = []string{"json", "csv", "xlsx", "html", "pdf"}

var (
	projectReports = reportCatalogue{"financial": tabularFormats, "indicators": tabularFormats, "beneficiaries": tabularFormats, "participants": tabularFormats, "iati": {"xml"},
		"payment-statement": tabularFormats}
	portfolioReports = reportCatalogue{"portfolio": tabularFormats, "participants": tabularFormats, "iati": {"xml"}}
	// The reports of the reporting cycle's records (cycle.go).
	partnerReportReports = reportCatalogue{"partner-report": tabularFormats, "control-certificate": tabularFormats}
	projectReportReports = reportCatalogue{"project-report": tabularFormats}
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

// reportRequest reads what every report route takes, in this order: the
// report and its format from {report} (the name's suffix, else Accept),
// which must be one of reports (names lists them in the error); ?table=
// only with CSV; the caller's access to report name (access); the options
// of the query.
func (h *Handler) reportRequest(r *http.Request, reports reportCatalogue, names string, access func(name string) error) (string, string, report.Options, error) {
	name, format, err := reportFormat(r, r.PathValue("report"))
	if err != nil {
		return "", "", report.Options{}, err
	}
	if !reports.has(name, format) {
		return "", "", report.Options{}, unknownReport(names)
	}
	if err := checkTable(r, format); err != nil {
		return "", "", report.Options{}, err
	}
	if err := access(name); err != nil {
		return "", "", report.Options{}, err
	}
	o, err := h.reportOptions(r)
	return name, format, o, err
}

// projectReport serves the reports of a project. Beneficiary statistics
// (suppressed) and IATI are public for published projects; financial and
// indicator reports need access to the project.
func (h *Handler) projectReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.ProjectID(r.PathValue("id"))
	const names = "financial, indicators, beneficiaries, participants, payment-statement (.json .csv .xlsx .html .pdf) or iati(.xml)"
	name, format, o, err := h.reportRequest(r, projectReports, names, func(name string) error {
		// The payment statement is read as the payments are (the
		// project's staff and the programme).
		public := name == "beneficiaries" || name == "participants" || name == "iati"
		return h.canProject(ctx, id, false, public)
	})
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
	case "payment-statement":
		rep, err = report.PaymentStatementOf(ctx, h.store, id, o)
	case "participants":
		rep, err = report.ParticipantsOf(ctx, h.store, id, o)
	}
	if err != nil {
		return err
	}
	return writeReport(w, r, rep, format, o.Lang)
}

func (h *Handler) portfolioReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := socialsvc.OrgID(r.PathValue("id"))
	const names = "portfolio, participants (.json .csv .xlsx .html .pdf) or iati(.xml), the IATI organisation file"
	name, format, o, err := h.reportRequest(r, portfolioReports, names, func(string) error { return h.canOrgReports(ctx, id) })
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
	var rep report.Report
	if name == "participants" {
		rep, err = report.PortfolioParticipants(ctx, h.store, id, o)
	} else {
		rep, err = report.Portfolio(ctx, h.store, id, o)
	}
	if err != nil {
		return err
	}
	return writeReport(w, r, rep, format, o.Lang)
}

// checkTable refuses ?table= where it means nothing: it chooses the
// table of a CSV, as every other format holds all tables.
func checkTable(r *http.Request, format string) error {
	q := r.URL.Query()
	if !q.Has("table") {
		return nil
	}
	if format != "csv" {
		return socialsvc.FieldErrf("table", "excluded", "err.table.csv_only", socialsvc.Args{"Format": format})
	}
	if q.Get("table") == "" {
		return socialsvc.FieldErrf("table", "required", "err.table.empty", socialsvc.Args{"All": allTables})
	}
	return nil
}

// writeReport renders rep into a buffer first, so that a rendering error
// becomes a problem document instead of a truncated file. CSV is one
// table (?table=, else the main table) or, with ?table=all, a ZIP of
// every table; downloads are named by report.FileName (project, report,
// table, language).
func writeReport(w http.ResponseWriter, r *http.Request, rep report.Report, format string, lang socialsvc.Lang) error {
	table := r.URL.Query().Get("table")
	var buf bytes.Buffer
	var ct, file string
	var err error
	csvOpts := report.CSVOptionsFor(lang)
	switch {
	case format == "json":
		ct, err = ctJSON, report.WriteJSON(&buf, rep)
	case format == "csv" && table == allTables:
		ct, file = ctZIP, report.FileName(rep, "", lang, "zip")
		err = report.WriteCSVZip(&buf, rep, csvOpts)
	case format == "csv":
		if table == "" {
			table = report.MainTable(rep)
		}
		csvOpts.Table = table
		ct, file = ctCSV, report.FileName(rep, table, lang, "csv")
		err = report.WriteCSV(&buf, rep, csvOpts)
	case format == "xlsx":
		ct, file = ctXLSX, report.FileName(rep, "", lang, "xlsx")
		err = report.WriteXLSX(&buf, rep, lang)
	case format == "html":
		ct, err = ctHTML, report.WriteHTML(&buf, rep, lang)
	case format == "pdf":
		// The PDF is a document people keep and send on: its name says
		// which project, report and language it is.
		ct, file = ctPDF, report.FileName(rep, "", lang, "pdf")
		err = report.WritePDF(&buf, rep, lang)
	}
	if err != nil {
		return err
	}
	return writeBytes(w, ct, file, buf.Bytes())
}

func writeBytes(w http.ResponseWriter, ct, attachment string, b []byte) error {
	w.Header().Set("Content-Type", ct)
	if attachment != "" {
		w.Header().Set("Content-Disposition", contentDisposition(attachment))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}

// contentDisposition makes an attachment header with both names of RFC
// 6266: filename in ASCII for every client, and filename* in UTF-8
// (RFC 5987), which browsers prefer, so that "Čakovec" stays "Čakovec".
func contentDisposition(name string) string {
	return `attachment; filename="` + report.ASCIIFileName(name) + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes every byte of s outside RFC 5987's attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
