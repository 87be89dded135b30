package main

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"net/url"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Korisnici is a store.Beneficiaries over the city's own table of service
// users, korisnici. It implements nothing else: store.Combine takes
// organisations, projects, events and attendance from a driver.
//
// The table is the city's: its columns keep their Croatian names and the
// city's own codes (spol Ž/M/O, pravna_osnova javna_zadaca ...), and the
// mapping lives in two functions, korisnikValues and scanKorisnik.
type Korisnici struct {
	db *sql.DB
}

var _ store.Beneficiaries = (*Korisnici)(nil)

// schema is the city's table. A city that already has one drops this and
// keeps its own; what the store needs of it is a unique text key (sifra),
// a version (verzija) and personal columns that may be NULL, so that an
// erased person's row stays and only the attributes go.
const schema = `CREATE TABLE IF NOT EXISTS korisnici (
	sifra           TEXT PRIMARY KEY, -- the person's code in the city's registry
	ustanova        TEXT NOT NULL,    -- organisation that serves the person
	projekt         TEXT,             -- project, if any
	broj_predmeta   TEXT,             -- the organisation's case number
	kucanstvo       INTEGER,          -- 1 when the record is a household
	spol            TEXT,             -- Ž, M or O
	godina_rodjenja INTEGER,
	dobna_skupina   TEXT,             -- 0-17, 18-29, 30-54, 55-64, 65+
	zupanija        TEXT,             -- NUTS code of the county, e.g. HR025
	skupine         TEXT,             -- target groups, comma-separated
	pravna_osnova   TEXT NOT NULL,    -- privola, ugovor, zakonska_obveza ...
	privola_dana    TEXT,             -- date consent was given, YYYY-MM-DD
	privola_do      TEXT,             -- date until which the data may be kept
	izbrisan        TEXT,             -- when the person's data was erased
	verzija         INTEGER NOT NULL,
	stvoren         TEXT NOT NULL,
	izmijenjen      TEXT NOT NULL
)`

// columns is the order of korisnikValues and scanKorisnik.
const columns = "sifra, ustanova, projekt, broj_predmeta, kucanstvo, spol, godina_rodjenja, dobna_skupina, " +
	"zupanija, skupine, pravna_osnova, privola_dana, privola_do, izbrisan, verzija, stvoren, izmijenjen"

// The city's codes and the library's values.
var (
	spolKodovi = map[socialsvc.Gender]string{
		socialsvc.GenderFemale: "Ž",
		socialsvc.GenderMale:   "M",
		socialsvc.GenderOther:  "O",
	}
	osnovaKodovi = map[socialsvc.LegalBasis]string{
		socialsvc.BasisConsent:         "privola",
		socialsvc.BasisContract:        "ugovor",
		socialsvc.BasisLegalObligation: "zakonska_obveza",
		socialsvc.BasisVitalInterest:   "vitalni_interes",
		socialsvc.BasisPublicTask:      "javna_zadaca",
		socialsvc.BasisLegitimate:      "legitimni_interes",
	}
)

// OpenKorisnici opens the city's SQLite database at path and creates the
// table if it is missing.
func OpenKorisnici(ctx context.Context, path string) (*Korisnici, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	// BEGIN IMMEDIATE: a transaction that reads and then writes holds
	// the write lock from its start, so two of them wait for each other
	// instead of failing.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Korisnici{db: db}, nil
}

// Close closes the database.
func (k *Korisnici) Close() error { return k.db.Close() }

// ---- errors: the library's codes, no personal data ----

func notFound() error {
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: "beneficiary not found"}
}

func staleVersion() error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary was changed by someone else: reload it and retry",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("version", "version", "err.version.version", nil)}}
}

func erasedRecord() error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary's data was erased and cannot be changed",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("erased", "erased", "err.erased.erased", nil)}}
}

func duplicateID() error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a beneficiary with this id already exists",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("id", "unique", "err.id.unique", nil)}}
}

// badRow reports a row of the city's table that the mapping cannot read,
// naming the column and never its value.
func badRow(column string) error {
	return &socialsvc.Error{Code: socialsvc.Internal, Message: "a row of korisnici has a value in " + column + " that the mapping does not know"}
}

// fail turns a database error into the library's: the context's own
// error when the call was cancelled, internal otherwise. The database's
// text stays only as the unexported cause.
func fail(ctx context.Context, err error) error {
	var se *socialsvc.Error
	switch {
	case err == nil || errors.As(err, &se):
		return err
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return &socialsvc.Error{Code: socialsvc.Internal, Message: "the korisnici table could not be read or written", Err: err}
}

// ---- the mapping: change these two for another table ----

// korisnikValues returns b's columns in the order of columns.
func korisnikValues(b *socialsvc.Beneficiary) []any {
	var erased any
	if b.Erased {
		erased = timeText(b.ErasedAt)
	}
	var household any
	if b.Household {
		household = 1
	}
	var groups []string
	for _, g := range b.TargetGroups {
		groups = append(groups, string(g))
	}
	return []any{
		string(b.ID), string(b.OrgID), orNull(string(b.ProjectID)), orNull(b.Reference), household,
		orNull(spolKodovi[b.Gender]), orNull(b.BirthYear), orNull(string(b.AgeBand)), orNull(b.Region),
		orNull(strings.Join(groups, ",")), osnovaKodovi[b.LegalBasis], dateText(b.ConsentDate), dateText(b.RetainUntil),
		erased, b.Version, timeText(b.CreatedAt), timeText(b.UpdatedAt),
	}
}

// scanKorisnik reads one row selected with columns.
func scanKorisnik(row interface{ Scan(...any) error }) (socialsvc.Beneficiary, error) {
	var (
		b                                                             socialsvc.Beneficiary
		id, org, basis, created, updated                              string
		project, ref, spol, band, region, groups, consent, keep, gone sql.NullString
		household, birthYear                                          sql.NullInt64
	)
	err := row.Scan(&id, &org, &project, &ref, &household, &spol, &birthYear, &band,
		&region, &groups, &basis, &consent, &keep, &gone, &b.Version, &created, &updated)
	if err != nil {
		return b, err
	}
	b.ID, b.OrgID, b.ProjectID = socialsvc.BeneficiaryID(id), socialsvc.OrgID(org), socialsvc.ProjectID(project.String)
	b.Reference, b.Household = ref.String, household.Int64 == 1
	b.BirthYear, b.AgeBand, b.Region = int(birthYear.Int64), socialsvc.AgeBand(band.String), region.String
	if groups.String != "" {
		for g := range strings.SplitSeq(groups.String, ",") {
			b.TargetGroups = append(b.TargetGroups, socialsvc.TargetGroup(g))
		}
	}
	var ok bool
	if spol.Valid {
		if b.Gender, ok = decode(spolKodovi, spol.String); !ok {
			return b, badRow("spol")
		}
	}
	if b.LegalBasis, ok = decode(osnovaKodovi, basis); !ok {
		return b, badRow("pravna_osnova")
	}
	if b.ConsentDate, ok = parseDate(consent); !ok {
		return b, badRow("privola_dana")
	}
	if b.RetainUntil, ok = parseDate(keep); !ok {
		return b, badRow("privola_do")
	}
	if gone.Valid {
		b.Erased = true
		if b.ErasedAt, ok = parseTime(gone.String); !ok {
			return b, badRow("izbrisan")
		}
	}
	if b.CreatedAt, ok = parseTime(created); !ok {
		return b, badRow("stvoren")
	}
	if b.UpdatedAt, ok = parseTime(updated); !ok {
		return b, badRow("izmijenjen")
	}
	return b, nil
}

// orNull stores a zero value as NULL.
func orNull[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// decode finds the library's value of a city code.
func decode[K comparable](codes map[K]string, code string) (K, bool) {
	for k, c := range codes {
		if c == code {
			return k, true
		}
	}
	var zero K
	return zero, false
}

func dateText(d socialsvc.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func parseDate(s sql.NullString) (socialsvc.Date, bool) {
	if !s.Valid {
		return socialsvc.Date{}, true
	}
	d, err := socialsvc.ParseDate(s.String)
	return d, err == nil
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

// now is the time of a write: UTC to the microsecond, as the library's
// drivers keep it.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// ---- store.Beneficiaries ----

// CreateBeneficiary validates b with the library's rules and inserts it,
// with a new ID when b has none and version 1. b changes only when the
// insert succeeds.
func (k *Korisnici) CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	c := *b
	c.TargetGroups = slices.Clone(b.TargetGroups)
	if err := validate(&c); err != nil {
		return err
	}
	if c.ID == "" {
		c.ID = socialsvc.BeneficiaryID(socialsvc.NewID("ben"))
	}
	at := now()
	c.Version, c.CreatedAt, c.UpdatedAt = 1, at, at
	res, err := k.db.ExecContext(ctx, "INSERT INTO korisnici ("+columns+") VALUES (?"+strings.Repeat(", ?", 16)+
		") ON CONFLICT (sifra) DO NOTHING", korisnikValues(&c)...)
	if err != nil {
		return fail(ctx, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fail(ctx, err)
	}
	if n == 0 {
		return duplicateID()
	}
	*b = c
	return nil
}

// validate applies the library's rules to a record about to be written.
// The rules that need other records (the organisation and project exist)
// are store.Combine's, which checks them before calling Korisnici.
func validate(b *socialsvc.Beneficiary) error {
	if b.Erased {
		return socialsvc.FieldErr("erased", "erase_endpoint", "err.erased.erase_endpoint")
	}
	if b.BirthMonth != 0 {
		// The city's table has no column for it: refused, not dropped.
		return socialsvc.FieldErr("birth_month", "not_stored", "err.birth_month.not_stored")
	}
	return socialsvc.ValidateBeneficiary(b)
}

// GetBeneficiary returns the beneficiary id.
func (k *Korisnici) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return get(ctx, k.db, id)
}

// querier is what get needs: the database or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func get(ctx context.Context, q querier, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	b, err := scanKorisnik(q.QueryRowContext(ctx, "SELECT "+columns+" FROM korisnici WHERE sifra = ?", string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return socialsvc.Beneficiary{}, notFound()
	}
	if err != nil {
		return socialsvc.Beneficiary{}, fail(ctx, err)
	}
	return b, nil
}

// write runs fn in a transaction that holds the table's write lock from
// its start, with the current row of id: the read and the write it
// decides cannot be split by another writer.
func (k *Korisnici) write(ctx context.Context, id socialsvc.BeneficiaryID, fn func(tx *sql.Tx, old socialsvc.Beneficiary) error) error {
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(ctx, err)
	}
	defer func() { _ = tx.Rollback() }()
	old, err := get(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := fn(tx, old); err != nil {
		return err
	}
	return fail(ctx, tx.Commit())
}

// UpdateBeneficiary replaces b when b.Version is the stored version
// (conflict otherwise) and the record is not erased (conflict).
func (k *Korisnici) UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	c := *b
	c.TargetGroups = slices.Clone(b.TargetGroups)
	err := k.write(ctx, c.ID, func(tx *sql.Tx, old socialsvc.Beneficiary) error {
		switch {
		case old.Version != c.Version:
			return staleVersion()
		case old.Erased:
			return erasedRecord()
		}
		if err := validate(&c); err != nil {
			return err
		}
		c.Version, c.CreatedAt, c.UpdatedAt = old.Version+1, old.CreatedAt, now()
		return replace(ctx, tx, &c)
	})
	if err != nil {
		return err
	}
	*b = c
	return nil
}

// replace writes every column of b over its row.
func replace(ctx context.Context, tx *sql.Tx, b *socialsvc.Beneficiary) error {
	set := strings.ReplaceAll(columns, ",", " = ?,") + " = ?"
	_, err := tx.ExecContext(ctx, "UPDATE korisnici SET "+set+" WHERE sifra = ?", append(korisnikValues(b), string(b.ID))...)
	return fail(ctx, err)
}

// DeleteBeneficiary deletes the row at version. Korisnici does not know
// attendance: store.Combine refuses to delete a person who has some.
func (k *Korisnici) DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error {
	return k.write(ctx, id, func(tx *sql.Tx, old socialsvc.Beneficiary) error {
		if old.Version != version {
			return staleVersion()
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM korisnici WHERE sifra = ?", string(id))
		return fail(ctx, err)
	})
}

// EraseBeneficiary erases the person (GDPR Art. 17): every personal
// column becomes NULL, izbrisan records when, and the row stays, so that
// the attendance that names it still counts. Erasing an erased record
// changes nothing.
func (k *Korisnici) EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	return k.write(ctx, id, func(tx *sql.Tx, b socialsvc.Beneficiary) error {
		if b.Erased {
			return nil
		}
		at := now()
		b.Erase(at)
		b.Version++
		b.UpdatedAt = at
		return replace(ctx, tx, &b)
	})
}

// where builds the filter of lists and scans.
func where(f store.BeneficiaryFilter) (string, []any) {
	var conds []string
	var args []any
	if f.OrgID != "" {
		conds, args = append(conds, "ustanova = ?"), append(args, string(f.OrgID))
	}
	if f.ProjectID != "" {
		conds, args = append(conds, "projekt = ?"), append(args, string(f.ProjectID))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(conds, " AND "), args
}

// ListBeneficiaries returns one page ordered by sifra. The cursor is the
// last sifra of the previous page (keyset pagination), so pages stay
// stable while others insert.
func (k *Korisnici) ListBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) (store.Page[socialsvc.Beneficiary], error) {
	after, err := f.After()
	if err != nil {
		return store.Page[socialsvc.Beneficiary]{}, err
	}
	limit := f.EffectiveLimit()
	cond, args := where(f)
	rows, err := k.db.QueryContext(ctx, "SELECT "+columns+" FROM korisnici WHERE sifra > ?"+cond+" ORDER BY sifra LIMIT ?",
		append(append([]any{after}, args...), limit+1)...)
	if err != nil {
		return store.Page[socialsvc.Beneficiary]{}, fail(ctx, err)
	}
	defer rows.Close()
	var items []socialsvc.Beneficiary
	for rows.Next() {
		b, err := scanKorisnik(rows)
		if err != nil {
			return store.Page[socialsvc.Beneficiary]{}, fail(ctx, err)
		}
		items = append(items, b)
	}
	if err := rows.Err(); err != nil {
		return store.Page[socialsvc.Beneficiary]{}, fail(ctx, err)
	}
	return store.PageOf(items, limit, func(b *socialsvc.Beneficiary) string { return string(b.ID) }), nil
}

// ScanBeneficiaries streams every matching row ordered by sifra; the
// sequence stops at the first error.
func (k *Korisnici) ScanBeneficiaries(ctx context.Context, f store.BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error] {
	return func(yield func(socialsvc.Beneficiary, error) bool) {
		cond, args := where(f)
		rows, err := k.db.QueryContext(ctx, "SELECT "+columns+" FROM korisnici WHERE 1 = 1"+cond+" ORDER BY sifra", args...)
		if err != nil {
			yield(socialsvc.Beneficiary{}, fail(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanKorisnik(rows)
			if err != nil {
				yield(socialsvc.Beneficiary{}, fail(ctx, err))
				return
			}
			if !yield(b, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(socialsvc.Beneficiary{}, fail(ctx, err))
		}
	}
}
