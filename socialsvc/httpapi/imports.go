package httpapi

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/tabular"
)

// ImportResult is the body of a successful import.
type ImportResult struct {
	Kind     string `json:"kind"`
	Imported int    `json:"imported"`
}

// importQuery are the query parameters of the import of a kind.
func importQuery(k tabular.Importer) []param {
	if k.Name() == tabular.Beneficiaries.Name() {
		return []param{{Name: "org_id", Type: "string", Desc: "organisation of rows without org_id (the caller's own by default)"}}
	}
	return nil
}

// opName is a kind's name in operation IDs: "attendance" is "Attendance".
func opName(k tabular.Importer) string {
	n := k.Name()
	return strings.ToUpper(n[:1]) + n[1:]
}

// importDoc describes the columns of a kind for the OpenAPI document.
func importDoc(k tabular.Importer) string {
	var b strings.Builder
	b.WriteString("Columns (header line 1, any order; * required): ")
	for i, c := range k.Columns() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Name)
		if c.Required {
			b.WriteString("*")
		}
		b.WriteString(": " + c.FormatIn(socialsvc.EN))
	}
	b.WriteString(". CSV in UTF-8 (Windows-1250 and ISO-8859-2 are detected), separated by ',', ';' or tab (from the header line); a ';' file uses decimal commas. XLSX: one sheet with data, no macros, links, hidden rows or columns, or formulas. Nothing is imported when any row is wrong; the error lists rows by their line in the file.")
	return b.String()
}

// readUpload reads a CSV or XLSX upload: a multipart form's "file" part
// or the raw body.
func readUpload(r *http.Request) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, socialsvc.FieldErr("file", "required", "err.file.required")
			}
			if err != nil {
				if isTooLarge(err) {
					return nil, err
				}
				return nil, socialsvc.FieldErr("body", "multipart", "err.body.multipart")
			}
			if part.FormName() == "file" {
				return io.ReadAll(part)
			}
		}
	}
	return io.ReadAll(r.Body)
}

func (h *Handler) importH(k tabular.Importer) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		pid := socialsvc.ProjectID(r.PathValue("id"))
		if err := h.canProject(ctx, pid, true, false); err != nil {
			return err
		}
		body, err := readUpload(r)
		if err != nil {
			return err
		}
		o := tabular.Options{Project: pid, Read: tabular.ReadOptions{MaxBytes: h.opts.MaxUploadBytes}}
		if p := PrincipalFrom(ctx); p.Role != RoleAdmin {
			o.Org = p.OrgID
		}
		if k.Name() == tabular.Beneficiaries.Name() {
			o.DefaultOrg = socialsvc.OrgID(r.URL.Query().Get("org_id"))
		}
		n, err := func() (int, error) {
			t, err := tabular.ReadBytes(body, o.Read)
			if err != nil {
				return 0, err
			}
			return k.Import(ctx, h.store, t, o)
		}()
		if err != nil {
			if socialsvc.ErrorCode(err) == socialsvc.Invalid && wantsCSV(r) {
				return writeImportErrorsCSV(w, err, langOf(r))
			}
			return err
		}
		return writeJSON(w, http.StatusCreated, ImportResult{Kind: k.Name(), Imported: n})
	}
}

// templateH serves the import template of a kind as CSV or XLSX, in the
// caller's language.
func (h *Handler) templateH(k tabular.Importer, format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var buf bytes.Buffer
		lang := langOf(r)
		ct := ctCSV
		var err error
		if format == "xlsx" {
			ct, err = ctXLSX, tabular.WriteTemplateXLSX(&buf, k, lang)
		} else {
			err = tabular.WriteTemplateCSV(&buf, k, lang)
		}
		if err != nil {
			return err
		}
		return writeBytes(w, ct, k.Name()+"-template."+format, buf.Bytes())
	}
}

// wantsCSV reports whether an import's error report should be CSV:
// ?errors=csv or an Accept header preferring text/csv.
func wantsCSV(r *http.Request) bool {
	if r.URL.Query().Get("errors") == "csv" {
		return true
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil {
			if mt == "text/csv" {
				return true
			}
			if mt == "application/json" || mt == "application/problem+json" {
				return false
			}
		}
	}
	return false
}

// writeImportErrorsCSV writes the row errors of a failed import as a CSV
// to download (status 400): row, column, rule, message.
func writeImportErrorsCSV(w http.ResponseWriter, err error, lang socialsvc.Lang) error {
	var buf bytes.Buffer
	if e := tabular.WriteErrorsCSV(&buf, err, lang); e != nil {
		return e
	}
	w.Header().Set("Content-Type", ctCSV)
	w.Header().Set("Content-Disposition", `attachment; filename="import-errors.csv"`)
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(buf.Bytes())
	return nil
}
