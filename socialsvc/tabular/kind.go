package tabular

import (
	"context"
	"errors"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Column is one column a kind of import reads. Columns are named after
// the JSON fields of the record they fill.
type Column struct {
	Name string
	// Required columns must be in the header and have a value in every
	// row.
	Required bool
	// Hint is the catalogue id of what the column accepts
	// (import.hint.<name> in socialsvc/i18n/catalog/imports.<lang>.toml),
	// which the templates show below the header in the reader's language;
	// HintArgs fill its placeholders ({{.Values}}: a list of codes), and
	// HintRequired appends import.hint.required (" (required)").
	Hint         string
	HintArgs     map[string]any
	HintRequired bool
	// Format is what the column accepts in English and Croatian, for a
	// Column without a Hint.
	//
	// Deprecated: set Hint, which every shipped language reads.
	Format [2]string
	// Example is the value of the templates' example row.
	Example string
}

// FormatIn returns what the column accepts, for readers of lang: its Hint
// from the catalogues, or else the deprecated Format (Croatian for hr,
// English otherwise).
func (c Column) FormatIn(lang socialsvc.Lang) string {
	if c.Hint == "" {
		if lang == socialsvc.HR && c.Format[1] != "" {
			return c.Format[1]
		}
		return c.Format[0]
	}
	s := i18n.Tf(lang, c.Hint, c.HintArgs)
	if c.HintRequired {
		s += i18n.T(lang, "import.hint.required")
	}
	return s
}

// Options say where rows go and what the importer may touch.
type Options struct {
	// Project receives the rows (required). A row's project_id column,
	// when present, must name it.
	Project socialsvc.ProjectID
	// Org, when set, limits the import to the records of one
	// organisation, as for an editor: beneficiaries must be its own, and
	// attendance may name only its beneficiaries. Empty means no limit
	// (an administrator, or a host program importing a city's file).
	Org socialsvc.OrgID
	// DefaultOrg is the organisation of beneficiary rows without org_id
	// (Org when empty).
	DefaultOrg socialsvc.OrgID
	// Report is the partner report whose lines ReportExpenditure imports
	// (required for that kind; Project must be the report's project).
	Report socialsvc.PartnerReportID
	// Read bounds the file (Import only).
	Read ReadOptions
}

// Importer is a kind of import without its record type: what httpapi and
// the command line list and run.
type Importer interface {
	// Name is the kind's name in URLs and on the command line.
	Name() string
	// Columns lists the columns, in the order of the templates.
	Columns() []Column
	// Import reads t's rows and writes them to st, all or none (see
	// Kind.Import).
	Import(ctx context.Context, st store.Store, t *Table, o Options) (int, error)
}

// Spec defines a kind of import. A new kind (participations, a partner
// report's expenditure) is one more Spec given to NewKind and listed in
// Kinds.
type Spec[T any] struct {
	Name    string
	Columns []Column
	// Parse turns one row into a record; it reports bad cells with
	// Cells.Fail (or the typed getters, which do). Required cells are
	// checked before Parse is called.
	Parse func(c *Cells) T
	// Key, when set, names a record for finding the same record twice in
	// one file: the column to blame and the key ("" for records without
	// one).
	Key func(v *T) (column, key string)
	// Check, when set, looks the parsed records up in the store (whose
	// project an event is, whose organisation a beneficiary) and reports
	// with Env.Fail. Records whose row already failed are left out.
	Check func(ctx context.Context, st store.Store, env *Env, recs []Record[T]) error
	// Save writes the records, all or none, reporting bad ones by their
	// 1-based position (store.ImportAttendance and its siblings).
	Save func(ctx context.Context, st store.Store, rows iter.Seq[T]) (int, error)
}

// Kind is a kind of import with its record type T.
type Kind[T any] struct{ spec Spec[T] }

// NewKind returns the kind spec defines.
func NewKind[T any](spec Spec[T]) *Kind[T] {
	spec.Columns = slices.Clone(spec.Columns)
	return &Kind[T]{spec: spec}
}

// Name implements Importer.
func (k *Kind[T]) Name() string { return k.spec.Name }

// Columns implements Importer.
func (k *Kind[T]) Columns() []Column { return slices.Clone(k.spec.Columns) }

// Record is a record read from a row, with the row's line.
type Record[T any] struct {
	Line  int
	Value T
}

// Env is what a kind's Check works with: the project and options of the
// import, and the row errors found so far.
type Env struct {
	Project socialsvc.Project
	Options Options
	errs    []socialsvc.FieldError
}

// Fail records an error of column col on line.
// The message is the catalogue message id with args (see
// socialsvc.FieldError).
func (e *Env) Fail(line int, col, rule, id string, args socialsvc.Args) {
	e.failField(socialsvc.NewFieldError(col, rule, id, args).AtRow(line))
}

func (e *Env) failField(f socialsvc.FieldError) { e.errs = append(e.errs, f) }

func (e *Env) failed() map[int]bool {
	bad := map[int]bool{}
	for _, f := range e.errs {
		bad[f.Row] = true
	}
	return bad
}

// Read turns t's rows into records of kind k for the project of o, with
// the errors of every row (reading only: the store's rules run in Import).
// The error is an invalid *socialsvc.Error whose fields carry the file's
// line numbers; records are returned either way so that Import can check
// the good ones too.
func (k *Kind[T]) Read(ctx context.Context, st store.Store, t *Table, o Options) ([]Record[T], error) {
	recs, env, err := k.read(ctx, st, t, o)
	if err != nil {
		return nil, err
	}
	return recs, rowsErr(env.errs)
}

func (k *Kind[T]) read(ctx context.Context, st store.Store, t *Table, o Options) ([]Record[T], *Env, error) {
	if o.Project == "" {
		return nil, nil, socialsvc.FieldErr("project_id", "required", "err.project_id.required_2")
	}
	prj, err := st.GetProject(ctx, o.Project)
	if err != nil {
		return nil, nil, err
	}
	cols, err := k.header(t)
	if err != nil {
		return nil, nil, err
	}
	if len(t.Rows) == 0 {
		return nil, nil, errEmpty
	}
	env := &Env{Project: prj, Options: o, errs: slices.Clone(t.problems)}
	c := &Cells{cols: cols, table: t, env: env}
	recs := make([]Record[T], 0, len(t.Rows))
	seen := map[string]int{}
	ragged := map[int]bool{}
	for _, f := range t.problems {
		if f.Rule == "field_count" {
			ragged[f.Row] = true
		}
	}
	for i, row := range t.Rows {
		if ragged[row.Line] {
			continue // its values sit in the wrong columns: the count error alone
		}
		if i == 0 && k.formatsRow(cols, row.Cells) {
			continue
		}
		c.Line, c.cells = row.Line, row.Cells
		if v := c.Get("project_id"); v != "" && v != string(prj.ID) {
			c.Fail("project_id", "path", "err.project_id.path", nil)
		}
		for _, col := range k.spec.Columns {
			if col.Required && c.Get(col.Name) == "" {
				c.Fail(col.Name, "required", "err.required_3", socialsvc.Args{"Name": col.Name})
			}
		}
		v := k.spec.Parse(c)
		if k.spec.Key != nil {
			if col, key := k.spec.Key(&v); key != "" {
				if first, dup := seen[key]; dup {
					n := strconv.Itoa(first)
					c.Fail(col, "duplicate", "err.duplicate_2", socialsvc.Args{"First": n})
				} else {
					seen[key] = row.Line
				}
			}
		}
		recs = append(recs, Record[T]{Line: row.Line, Value: v})
	}
	if len(recs) == 0 && len(env.errs) == 0 {
		return nil, nil, errEmpty
	}
	if k.spec.Check != nil {
		bad := env.failed()
		var clean []Record[T]
		for _, r := range recs {
			if !bad[r.Line] {
				clean = append(clean, r)
			}
		}
		if err := k.spec.Check(ctx, st, env, clean); err != nil {
			return nil, nil, err
		}
	}
	return recs, env, nil
}

// formatsRow reports whether cells are the formats line the templates
// write below the header: every cell of a known column is exactly its
// Format (in either language) and every other cell is empty. It carries
// no data and is skipped, so that a filled-in template imports as it is.
func (k *Kind[T]) formatsRow(cols map[string]int, cells []string) bool {
	known := map[int]bool{}
	for _, col := range k.spec.Columns {
		i, ok := cols[col.Name]
		if !ok {
			continue
		}
		known[i] = true
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(cells[i])
		}
		if !col.isFormat(v) {
			return false
		}
	}
	for i, v := range cells {
		if !known[i] && strings.TrimSpace(v) != "" {
			return false
		}
	}
	return len(known) > 0
}

// isFormat reports whether v is what the column accepts in one of the
// shipped languages (or its deprecated Format), as a template writes it.
func (c Column) isFormat(v string) bool {
	if c.Hint == "" {
		return v == c.Format[0] || v == c.Format[1]
	}
	for _, l := range i18n.Languages() {
		if v == c.FormatIn(l) {
			return true
		}
	}
	return false
}

// header maps column names to positions. Unknown columns are named by
// their spreadsheet letter, never by their text: a file without a header
// line has a person's data on line 1.
func (k *Kind[T]) header(t *Table) (map[string]int, error) {
	names := make([]string, len(k.spec.Columns))
	for i, c := range k.spec.Columns {
		names[i] = c.Name
	}
	expected := strings.Join(names, ", ")
	cols := map[string]int{}
	var fields []socialsvc.FieldError
	var unknown []socialsvc.FieldError
	for i, h := range t.Header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		letter := columnLetter(i)
		if !slices.Contains(names, h) && h != "project_id" {
			unknown = append(unknown, socialsvc.NewFieldError(letter, "unknown_column", "err.unknown_column", socialsvc.Args{"Letter": letter, "Expected": expected}).AtRow(1))
			continue
		}
		if _, dup := cols[h]; dup {
			fields = append(fields, socialsvc.NewFieldError(h, "duplicate_column", "err.duplicate_column", socialsvc.Args{"Letter": letter}).AtRow(1))
			continue
		}
		cols[h] = i
	}
	if len(cols) == 0 {
		return nil, socialsvc.NewError(socialsvc.Invalid, "err.import.no_header", socialsvc.Args{"Name": k.spec.Name},
			socialsvc.NewFieldError("header", "header", "err.header.header", socialsvc.Args{"Expected": expected}).AtRow(1))
	}
	fields = append(fields, unknown...)
	for _, c := range k.spec.Columns {
		if _, ok := cols[c.Name]; c.Required && !ok {
			fields = append(fields, socialsvc.NewFieldError(c.Name, "required_column", "err.required_column", nil).AtRow(1))
		}
	}
	if len(fields) == 0 {
		return cols, nil
	}
	return nil, socialsvc.NewError(socialsvc.Invalid, "err.import.header_mismatch", socialsvc.Args{"Name": k.spec.Name}, fields...)
}

// columnLetter is the spreadsheet name of the 0-based column i (A, B, ..., AA).
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// errDryRun ends the checking transaction of Import.
var errDryRun = errors.New("tabular: dry run")

// Import reads t's rows and writes them to st, all or none: when any row
// is wrong nothing is written, and the error lists every wrong row by its
// line in the file. Rows that read cleanly go through the store's rules
// even then (in a transaction that is rolled back), so one report lists
// every error of the file.
func (k *Kind[T]) Import(ctx context.Context, st store.Store, t *Table, o Options) (int, error) {
	recs, env, err := k.read(ctx, st, t, o)
	if err != nil {
		return 0, err
	}
	bad := env.failed()
	var clean []T
	var lines []int
	for _, r := range recs {
		if !bad[r.Line] {
			clean = append(clean, r.Value)
			lines = append(lines, r.Line)
		}
	}
	if len(bad) == 0 {
		n, err := k.spec.Save(ctx, st, slices.Values(clean))
		if err != nil {
			return 0, toLines(err, lines)
		}
		return n, nil
	}
	if len(clean) > 0 {
		var saveErr error
		err := st.WithTx(ctx, func(tx store.Store) error {
			_, saveErr = k.spec.Save(ctx, tx, slices.Values(clean))
			return errDryRun
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return 0, err
		}
		if saveErr != nil {
			if socialsvc.ErrorCode(saveErr) != socialsvc.Invalid {
				return 0, saveErr
			}
			env.errs = append(env.errs, socialsvc.ErrorFields(toLines(saveErr, lines))...)
		}
	}
	return 0, rowsErr(env.errs)
}

// toLines turns the row positions of a store import (1-based in the rows
// passed) into the file's lines, and recounts the summary by lines.
func toLines(err error, lines []int) error {
	var e *socialsvc.Error
	if !errors.As(err, &e) || e.Code != socialsvc.Invalid {
		return err
	}
	fields := make([]socialsvc.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Row >= 1 && f.Row <= len(lines) {
			f.Row = lines[f.Row-1]
		}
		fields[i] = f
	}
	return rowsErr(fields)
}

// rowsErr is nil for no fields, or the invalid error of an import that
// wrote nothing, with every row's errors in line order.
func rowsErr(fields []socialsvc.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	fields = slices.Clone(fields)
	slices.SortStableFunc(fields, func(a, b socialsvc.FieldError) int { return a.Row - b.Row })
	rows := map[int]bool{}
	for _, f := range fields {
		rows[f.Row] = true
	}
	if len(fields) > store.MaxRowErrors {
		more := len(fields) - store.MaxRowErrors
		fields = fields[:store.MaxRowErrors]
		return socialsvc.NewError(socialsvc.Invalid, "err.import.rows_more", socialsvc.Args{
			"Rows": socialsvc.Plural{ID: "err.import.rows", Count: len(rows)},
			"More": socialsvc.Plural{ID: "err.import.more", Count: more}}, fields...)
	}
	return socialsvc.NewError(socialsvc.Invalid, "err.import.rows", socialsvc.Args{"Count": len(rows)}, fields...)
}

// RowsHaveErrors is the summary of a failed import of n rows with errors
// in lang, with the plural form the language needs: "1 row has errors",
// "2 rows have errors"; "1 redak ima", "2 retka imaju", "5 redaka ima",
// "21 redak ima".
func RowsHaveErrors(lang socialsvc.Lang, n int) string {
	return i18n.N(lang, "err.import.rows", n)
}

// Kinds lists the kinds of import, in the order of the API and the
// templates.
func Kinds() []Importer { return []Importer{Attendance, Beneficiaries, Expenditure, Participations} }

// Lookup returns the kind named name, or an invalid error naming the
// kinds there are.
func Lookup(name string) (Importer, error) {
	var names []string
	for _, k := range Kinds() {
		if k.Name() == name {
			return k, nil
		}
		names = append(names, k.Name())
	}
	list := strings.Join(names, ", ")
	return nil, socialsvc.FieldErrf("kind", "enum", "err.kind.enum", socialsvc.Args{"List": list})
}

// Import reads the file r and imports its rows of the named kind into
// o.Project, all or none: what httpapi and `refserver import` do. The
// store records the actor of ctx (store.WithActor) in the audit log.
func Import(ctx context.Context, st store.Store, kind string, r io.Reader, o Options) (int, error) {
	k, err := Lookup(kind)
	if err != nil {
		return 0, err
	}
	t, err := Read(r, o.Read)
	if err != nil {
		return 0, err
	}
	return k.Import(ctx, st, t, o)
}
