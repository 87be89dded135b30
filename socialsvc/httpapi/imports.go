package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ImportResult is the body of a successful import.
type ImportResult struct {
	Kind     string `json:"kind"`
	Imported int    `json:"imported"`
}

// importKind describes one kind of import: its columns and how a row
// becomes a record.
type importKind struct {
	name, op string
	columns  []string // accepted columns, in the order of the template
	required []string
	query    []param
}

var importKinds = []*importKind{
	{name: "attendance", op: "Attendance", columns: []string{"event_id", "beneficiary_id"}, required: []string{"event_id", "beneficiary_id"}},
	{name: "beneficiaries", op: "Beneficiaries",
		columns:  []string{"id", "org_id", "reference", "household", "gender", "birth_year", "age_band", "region", "target_groups", "legal_basis", "consent_date", "retain_until"},
		required: []string{"legal_basis", "retain_until"},
		query:    []param{{Name: "org_id", Type: "string", Desc: "organisation of rows without org_id (the caller's own by default)"}}},
	{name: "expenditure", op: "Expenditure",
		columns:  []string{"id", "partner_id", "category", "period", "date", "description", "amount", "currency", "rate", "rate_date", "rate_source"},
		required: []string{"partner_id", "category", "date", "amount"}},
}

// sheet is an uploaded table: the header and the rows with the line
// number each had in the file (the header is line 1).
type sheet struct {
	cols     map[string]int
	rows     [][]string
	lines    []int
	croatian bool // decimal commas (a ';'-separated CSV)
	xlsx     bool
}

func (s *sheet) get(row []string, col string) string {
	i, ok := s.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
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
				return nil, socialsvc.FieldErr("file", "required", "send the spreadsheet in a form field named file", "pošaljite tablicu u polju obrasca file")
			}
			if err != nil {
				if isTooLarge(err) {
					return nil, err
				}
				return nil, socialsvc.FieldErr("body", "multipart", "malformed multipart body", "neispravno multipart tijelo")
			}
			if part.FormName() == "file" {
				return io.ReadAll(part)
			}
		}
	}
	return io.ReadAll(r.Body)
}

var errEmptyUpload = socialsvc.FieldErr("file", "required", "the file is empty: it needs a header line and rows", "datoteka je prazna: treba zaglavlje i retke")

// parseSheet reads CSV (',', ';' or tab, detected from the header line)
// or XLSX (the first sheet).
func parseSheet(b []byte) (*sheet, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return parseXLSX(b)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errEmptyUpload
	}
	header := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		header = b[:i]
	}
	sep := detectSeparator(header)
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	s := &sheet{croatian: sep == ';'}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &socialsvc.Error{Code: socialsvc.Invalid, Message: "the CSV file is malformed",
				Fields: []socialsvc.FieldError{{Row: line, Field: "file", Rule: "csv", Message: "malformed CSV (check quotes)", MessageHR: "neispravan CSV (provjerite navodnike)"}}}
		}
		line, _ := cr.FieldPos(0)
		if first {
			if err := s.setHeader(rec); err != nil {
				return nil, err
			}
			first = false
			continue
		}
		if blank(rec) {
			continue
		}
		s.rows = append(s.rows, rec)
		s.lines = append(s.lines, line)
	}
	if first {
		return nil, errEmptyUpload
	}
	return s, nil
}

// detectSeparator picks the separator that occurs most often outside
// quotes in the header line: ';' is what Excel writes in a Croatian
// locale, ',' elsewhere.
func detectSeparator(header []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(header) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func parseXLSX(b []byte) (*sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, socialsvc.FieldErr("file", "xlsx", "the file is not a readable XLSX workbook", "datoteka nije ispravna XLSX radna knjiga")
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, errEmptyUpload
	}
	rows, err := f.GetRows(names[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, socialsvc.FieldErr("file", "xlsx", "the first sheet cannot be read", "prvi list nije moguće pročitati")
	}
	s := &sheet{xlsx: true}
	for i, rec := range rows {
		if i == 0 {
			if err := s.setHeader(rec); err != nil {
				return nil, err
			}
			continue
		}
		if blank(rec) {
			continue
		}
		s.rows = append(s.rows, rec)
		s.lines = append(s.lines, i+1)
	}
	if len(rows) == 0 {
		return nil, errEmptyUpload
	}
	return s, nil
}

func (s *sheet) setHeader(rec []string) error {
	s.cols = map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if _, dup := s.cols[h]; dup {
			return &socialsvc.Error{Code: socialsvc.Invalid, Message: "a column appears twice",
				Fields: []socialsvc.FieldError{{Row: 1, Field: h, Rule: "duplicate_column", Message: "the column appears twice", MessageHR: "stupac se ponavlja"}}}
		}
		s.cols[h] = i
	}
	return nil
}

// checkColumns reports unknown and missing columns on line 1.
func (k *importKind) checkColumns(s *sheet) error {
	var fields []socialsvc.FieldError
	for c := range s.cols {
		if !slices.Contains(k.columns, c) && c != "project_id" {
			fields = append(fields, socialsvc.FieldError{Row: 1, Field: c, Rule: "unknown_column",
				Message: "unknown column; expected " + strings.Join(k.columns, ", "), MessageHR: "nepoznat stupac; očekuju se " + strings.Join(k.columns, ", ")})
		}
	}
	for _, c := range k.required {
		if _, ok := s.cols[c]; !ok {
			fields = append(fields, socialsvc.FieldError{Row: 1, Field: c, Rule: "required_column", Message: "the column is missing", MessageHR: "stupac nedostaje"})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	slices.SortFunc(fields, func(a, b socialsvc.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: "the header line does not match the " + k.name + " columns", Fields: fields}
}

// rowErrs collects errors met while reading rows (before the store sees
// any), with spreadsheet line numbers.
type rowErrs struct{ fields []socialsvc.FieldError }

func (e *rowErrs) add(line int, col, rule, en, hr string) {
	e.fields = append(e.fields, socialsvc.FieldError{Row: line, Field: col, Rule: rule, Message: en, MessageHR: hr})
}

func (e *rowErrs) err() error {
	if len(e.fields) == 0 {
		return nil
	}
	rows := map[int]bool{}
	for _, f := range e.fields {
		rows[f.Row] = true
	}
	return &socialsvc.Error{Code: socialsvc.Invalid, Message: strconv.Itoa(len(rows)) + " rows have errors; nothing was imported", Fields: e.fields}
}

// parseCellDate reads a date as YYYY-MM-DD, as Croatian 31.12.2023. (the
// final dot optional), or as an Excel serial number in an XLSX cell.
func parseCellDate(v string, xlsx bool) (socialsvc.Date, bool) {
	if d, err := socialsvc.ParseDate(v); err == nil {
		return d, true
	}
	if t, err := time.Parse("2.1.2006", strings.TrimSuffix(v, ".")); err == nil {
		return socialsvc.DateOf(t), true
	}
	if xlsx {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 2958466 {
			if t, err := excelize.ExcelDateToTime(f, false); err == nil {
				return socialsvc.DateOf(t), true
			}
		}
	}
	return socialsvc.Date{}, false
}

func (s *sheet) money(v string, c socialsvc.Currency) (socialsvc.Money, error) {
	if s.croatian {
		return socialsvc.ParseMoneyHR(v, c)
	}
	m, err := socialsvc.ParseMoney(v, c)
	if err != nil && strings.Contains(v, ",") {
		if m2, err2 := socialsvc.ParseMoneyHR(v, c); err2 == nil {
			return m2, nil
		}
	}
	return m, err
}

func (h *Handler) importH(k *importKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		pid := socialsvc.ProjectID(r.PathValue("id"))
		if err := h.canProject(ctx, pid, true, false); err != nil {
			return err
		}
		prj, err := h.store.GetProject(ctx, pid)
		if err != nil {
			return err
		}
		body, err := readUpload(r)
		if err != nil {
			return err
		}
		n, err := h.runImport(ctx, r, k, &prj, body)
		if err != nil {
			if socialsvc.ErrorCode(err) == socialsvc.Invalid && wantsCSV(r) {
				return writeImportErrorsCSV(w, err, langOf(r))
			}
			return err
		}
		return writeJSON(w, http.StatusCreated, ImportResult{Kind: k.name, Imported: n})
	}
}

func (h *Handler) runImport(ctx context.Context, r *http.Request, k *importKind, prj *socialsvc.Project, body []byte) (int, error) {
	s, err := parseSheet(body)
	if err != nil {
		return 0, err
	}
	if err := k.checkColumns(s); err != nil {
		return 0, err
	}
	if len(s.rows) == 0 {
		return 0, errEmptyUpload
	}
	var perr rowErrs
	for i, row := range s.rows {
		if v := s.get(row, "project_id"); v != "" && v != string(prj.ID) {
			perr.add(s.lines[i], "project_id", "path", "the row names another project than the URL", "redak navodi drugi projekt nego URL")
		}
	}
	switch k.name {
	case "attendance":
		rows, err := h.attendanceRows(ctx, s, prj, &perr)
		if err != nil {
			return 0, err
		}
		return importRows(ctx, h.store, s, &perr, rows, store.ImportAttendance)
	case "beneficiaries":
		rows, err := h.beneficiaryRows(ctx, r, s, prj, &perr)
		if err != nil {
			return 0, err
		}
		return importRows(ctx, h.store, s, &perr, rows, store.ImportBeneficiaries)
	default:
		return importRows(ctx, h.store, s, &perr, expenditureRows(s, prj, &perr), store.ImportExpenditure)
	}
}

// errRollback ends the dry run of importRows.
var errRollback = errors.New("httpapi: dry run")

// importRows imports rows (one per line of s) with the store's import,
// all or none. When reading the file already found errors, the rows that
// were read cleanly still go through the store's checks in a transaction
// that is rolled back, so that one report lists every error of the file,
// not just the first kind met.
func importRows[T any](ctx context.Context, st store.Store, s *sheet, perr *rowErrs,
	rows []T, imp func(context.Context, store.Store, iter.Seq[T]) (int, error)) (int, error) {
	if len(perr.fields) == 0 {
		n, err := imp(ctx, st, slices.Values(rows))
		if err != nil {
			return 0, s.lineErrors(err, s.lines)
		}
		return n, nil
	}
	bad := map[int]bool{}
	for _, f := range perr.fields {
		bad[f.Row] = true
	}
	var clean []T
	var lines []int
	for i, v := range rows {
		if !bad[s.lines[i]] {
			clean = append(clean, v)
			lines = append(lines, s.lines[i])
		}
	}
	if len(clean) > 0 {
		var storeErr error
		err := st.WithTx(ctx, func(tx store.Store) error {
			_, storeErr = imp(ctx, tx, slices.Values(clean))
			return errRollback
		})
		if err != nil && !errors.Is(err, errRollback) {
			return 0, err
		}
		if storeErr != nil {
			if socialsvc.ErrorCode(storeErr) != socialsvc.Invalid {
				return 0, storeErr
			}
			perr.fields = append(perr.fields, socialsvc.ErrorFields(s.lineErrors(storeErr, lines))...)
		}
	}
	slices.SortStableFunc(perr.fields, func(a, b socialsvc.FieldError) int { return a.Row - b.Row })
	return 0, perr.err()
}

func seqOf[T any](xs []T) iter.Seq[T] { return slices.Values(xs) }

// lineErrors turns the row numbers of a store import (1-based positions
// in the rows passed) into spreadsheet lines, and field paths into
// columns.
func (s *sheet) lineErrors(err error, lines []int) error {
	var e *socialsvc.Error
	if !errors.As(err, &e) || e.Code != socialsvc.Invalid {
		return err
	}
	out := *e
	out.Fields = make([]socialsvc.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Row >= 1 && f.Row <= len(lines) {
			f.Row = lines[f.Row-1]
		}
		out.Fields[i] = f
	}
	return &out
}

func (h *Handler) attendanceRows(ctx context.Context, s *sheet, prj *socialsvc.Project, perr *rowErrs) ([]socialsvc.Attendance, error) {
	events := map[socialsvc.EventID]socialsvc.ProjectID{}
	p := PrincipalFrom(ctx)
	orgOf := map[socialsvc.BeneficiaryID]socialsvc.OrgID{}
	out := make([]socialsvc.Attendance, 0, len(s.rows))
	for i, row := range s.rows {
		line := s.lines[i]
		a := socialsvc.Attendance{EventID: socialsvc.EventID(s.get(row, "event_id")), BeneficiaryID: socialsvc.BeneficiaryID(s.get(row, "beneficiary_id"))}
		if a.EventID != "" {
			ep, ok := events[a.EventID]
			if !ok {
				ev, err := h.store.GetEvent(ctx, a.EventID)
				switch {
				case socialsvc.ErrorCode(err) == socialsvc.NotFound:
				case err != nil:
					return nil, err
				default:
					ep = ev.ProjectID
				}
				events[a.EventID] = ep
			}
			if ep != "" && ep != prj.ID {
				perr.add(line, "event_id", "same_project", "the event belongs to another project", "događaj pripada drugom projektu")
			}
		}
		if p.Role != RoleAdmin && a.BeneficiaryID != "" {
			org, ok := orgOf[a.BeneficiaryID]
			if !ok {
				b, err := h.store.GetBeneficiary(ctx, a.BeneficiaryID)
				switch {
				case socialsvc.ErrorCode(err) == socialsvc.NotFound:
				case err != nil:
					return nil, err
				default:
					org = b.OrgID
				}
				orgOf[a.BeneficiaryID] = org
			}
			if org != "" && org != p.OrgID {
				perr.add(line, "beneficiary_id", "forbidden", "the beneficiary belongs to another organisation", "korisnik pripada drugoj organizaciji")
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func (h *Handler) beneficiaryRows(ctx context.Context, r *http.Request, s *sheet, prj *socialsvc.Project, perr *rowErrs) ([]socialsvc.Beneficiary, error) {
	p := PrincipalFrom(ctx)
	defOrg := socialsvc.OrgID(r.URL.Query().Get("org_id"))
	if defOrg == "" {
		defOrg = p.OrgID
	}
	out := make([]socialsvc.Beneficiary, 0, len(s.rows))
	for i, row := range s.rows {
		line := s.lines[i]
		b := socialsvc.Beneficiary{
			ID: socialsvc.BeneficiaryID(s.get(row, "id")), OrgID: socialsvc.OrgID(s.get(row, "org_id")), ProjectID: prj.ID,
			Reference: s.get(row, "reference"), Gender: socialsvc.Gender(strings.ToLower(s.get(row, "gender"))),
			AgeBand: socialsvc.AgeBand(s.get(row, "age_band")), Region: strings.ToUpper(s.get(row, "region")),
			LegalBasis: socialsvc.LegalBasis(strings.ToLower(s.get(row, "legal_basis"))),
		}
		if b.OrgID == "" {
			b.OrgID = defOrg
		}
		if p.Role != RoleAdmin && b.OrgID != p.OrgID {
			perr.add(line, "org_id", "forbidden", "you may import beneficiaries of your own organisation only", "smijete uvoziti samo korisnike vlastite organizacije")
		}
		switch v := strings.ToLower(s.get(row, "household")); v {
		case "", "0", "false", "ne", "no":
		case "1", "true", "da", "yes":
			b.Household = true
		default:
			perr.add(line, "household", "boolean", "must be true or false (da/ne)", "mora biti da ili ne (true/false)")
		}
		if v := s.get(row, "birth_year"); v != "" {
			y, err := strconv.Atoi(v)
			if err != nil {
				perr.add(line, "birth_year", "integer", "must be a year such as 1980", "mora biti godina, npr. 1980")
			}
			b.BirthYear = y
		}
		if v := s.get(row, "target_groups"); v != "" {
			for _, g := range strings.FieldsFunc(v, func(c rune) bool { return c == '|' || c == ',' || c == ';' }) {
				b.TargetGroups = append(b.TargetGroups, socialsvc.TargetGroup(strings.TrimSpace(g)))
			}
		}
		for _, c := range []struct {
			col string
			dst *socialsvc.Date
		}{{"consent_date", &b.ConsentDate}, {"retain_until", &b.RetainUntil}} {
			if v := s.get(row, c.col); v != "" {
				d, ok := parseCellDate(v, s.xlsx)
				if !ok {
					perr.add(line, c.col, "date", "must be a date (2024-12-31 or 31.12.2024.)", "mora biti datum (31.12.2024. ili 2024-12-31)")
				}
				*c.dst = d
			}
		}
		out = append(out, b)
	}
	return out, nil
}

func expenditureRows(s *sheet, prj *socialsvc.Project, perr *rowErrs) []socialsvc.Expenditure {
	out := make([]socialsvc.Expenditure, 0, len(s.rows))
	for i, row := range s.rows {
		line := s.lines[i]
		e := socialsvc.Expenditure{
			ID: socialsvc.ExpenditureID(s.get(row, "id")), ProjectID: prj.ID, PartnerID: socialsvc.PartnerID(s.get(row, "partner_id")),
			Category: socialsvc.CostCategory(s.get(row, "category")), Description: s.get(row, "description"),
		}
		if v := s.get(row, "period"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				perr.add(line, "period", "integer", "must be a whole number", "mora biti cijeli broj")
			}
			e.Period = n
		}
		if v := s.get(row, "date"); v != "" {
			d, ok := parseCellDate(v, s.xlsx)
			if !ok {
				perr.add(line, "date", "date", "must be a date (2024-12-31 or 31.12.2024.)", "mora biti datum (31.12.2024. ili 2024-12-31)")
			}
			e.Date = d
		}
		cur := prj.Currency
		if v := s.get(row, "currency"); v != "" {
			c, err := socialsvc.ParseCurrency(v)
			if err != nil {
				perr.add(line, "currency", "currency", "unknown currency: use an ISO 4217 code such as EUR or HRK", "nepoznata valuta: koristite ISO 4217 oznaku, npr. EUR ili HRK")
			}
			cur = c
		}
		if v := s.get(row, "amount"); v != "" && cur.Valid() {
			m, err := s.money(v, cur)
			if err != nil {
				for _, f := range socialsvc.ErrorFields(err) {
					perr.add(line, "amount", f.Rule, f.Message, f.MessageHR)
				}
				if len(socialsvc.ErrorFields(err)) == 0 {
					perr.add(line, "amount", "money", "not an amount", "nije iznos")
				}
			}
			e.Amount = m
		}
		if v := s.get(row, "rate"); v != "" {
			if s.croatian {
				v = strings.ReplaceAll(strings.ReplaceAll(v, ".", ""), ",", ".")
			}
			d, err := decimal.NewFromString(v)
			if err != nil || !d.IsPositive() {
				perr.add(line, "rate", "rate", "must be a positive number", "mora biti pozitivan broj")
			}
			e.Conversion.Rate = d
			if rd := s.get(row, "rate_date"); rd != "" {
				d, ok := parseCellDate(rd, s.xlsx)
				if !ok {
					perr.add(line, "rate_date", "date", "must be a date (2024-12-31 or 31.12.2024.)", "mora biti datum (31.12.2024. ili 2024-12-31)")
				}
				e.Conversion.RateDate = d
			} else {
				e.Conversion.RateDate = e.Date
			}
			e.Conversion.Source = s.get(row, "rate_source")
		}
		out = append(out, e)
	}
	return out
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
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"row", "column", "rule", "message"})
	msgOf := func(f socialsvc.FieldError) string {
		if lang == socialsvc.HR && f.MessageHR != "" {
			return f.MessageHR
		}
		return f.Message
	}
	for _, f := range importFields(err) {
		_ = cw.Write([]string{strconv.Itoa(f.Row), f.Column, f.Rule, msgOf(f.FieldError)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", ctCSV)
	w.Header().Set("Content-Disposition", `attachment; filename="import-errors.csv"`)
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(buf.Bytes())
	return nil
}

type importField struct {
	socialsvc.FieldError
	Column string
}

func importFields(err error) []importField {
	var out []importField
	for _, f := range socialsvc.ErrorFields(err) {
		out = append(out, importField{FieldError: f, Column: columnOf(f.Field)})
	}
	return out
}

// columnOf names the column of a field path of an imported record: the
// import columns are named after the JSON fields, so the first path
// element is the column ("amount.currency" is "amount"), except a
// currency inside money, which has its own column.
func columnOf(field string) string {
	if strings.HasSuffix(field, ".currency") {
		return "currency"
	}
	if i := strings.IndexAny(field, ".["); i >= 0 {
		return field[:i]
	}
	return field
}
