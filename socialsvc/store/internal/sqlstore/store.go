package sqlstore

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Options tune a Store.
type Options struct {
	// MaxRetries bounds how often a transaction is run again after a
	// serialisation failure, deadlock or busy database (0: 4).
	MaxRetries int
	// Backoff is the first wait before a retry, doubled on each one and
	// jittered (0: 20ms).
	Backoff time.Duration
	// ScanPage is how many rows a Scan inside a transaction reads per
	// query (0: 500). Outside a transaction a Scan streams one result set.
	ScanPage int
}

// Store is a store.Store over a SQL database. The Store given to the
// function of WithTx is a Store bound to the transaction.
type Store struct {
	db   DB
	d    Dialect
	e    *entities
	opts Options

	// q runs statements: db, or tx inside a transaction.
	q  Querier
	tx Tx
	// user is set on a transaction opened by WithTx, whose writes each
	// run in a savepoint so that a failed call leaves the transaction
	// usable, as it does in the memory store.
	user bool
	// done is set when the transaction of a tx Store has ended, so that a
	// tx Store kept past its function fails instead of reaching the pool.
	done *atomic.Bool
}

// New returns a Store over db. The schema must be migrated (Migrate).
func New(db DB, d Dialect, o Options) *Store {
	if o.MaxRetries <= 0 {
		o.MaxRetries = 4
	}
	if o.Backoff <= 0 {
		o.Backoff = 20 * time.Millisecond
	}
	if o.ScanPage <= 0 {
		o.ScanPage = 500
	}
	return &Store{db: db, d: d, e: prepareEntities(d), opts: o, q: db}
}

var (
	_ store.Store        = (*Store)(nil)
	_ store.Aggregator   = (*Store)(nil)
	_ store.BulkImporter = (*Store)(nil)
)

var errTxDone = &socialsvc.Error{Code: socialsvc.Internal, Message: "the transaction has ended: use the Store passed to WithTx only inside its function"}

// Raw returns what runs the Store's statements (the pool, or the
// transaction), for driver tests and tools that need SQL of their own.
func (s *Store) Raw() Querier { return s.q }

// now is the time of a write: UTC to the microsecond, what both databases
// keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func (s *Store) usable(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.done != nil && s.done.Load() {
		return errTxDone
	}
	return nil
}

// write runs fn in a transaction: the running one (in a savepoint when
// the transaction is the caller's), or a new one.
func (s *Store) write(ctx context.Context, fn func(tx *Store) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if s.tx == nil {
		return s.run(ctx, false, fn)
	}
	if !s.user {
		return fn(s)
	}
	if _, err := s.tx.Exec(ctx, "SAVEPOINT sqlstore_write"); err != nil {
		return s.fail(ctx, err)
	}
	inner := *s
	inner.user = false
	if err := fn(&inner); err != nil {
		bg := context.WithoutCancel(ctx)
		// Errors here mean the transaction itself is gone (a cancelled
		// context or a dropped connection); fn's error says more.
		if _, rerr := s.tx.Exec(bg, "ROLLBACK TO SAVEPOINT sqlstore_write"); rerr == nil {
			_, _ = s.tx.Exec(bg, "RELEASE SAVEPOINT sqlstore_write")
		}
		return err
	}
	if _, err := s.tx.Exec(ctx, "RELEASE SAVEPOINT sqlstore_write"); err != nil {
		return s.fail(ctx, err)
	}
	return nil
}

// WithTx runs fn in a transaction. Every call on the Store passed to fn
// takes part in it; fn's error or panic rolls everything back (the panic
// is re-raised). Calls on a transaction's Store nest into it. A failed
// call inside fn changes nothing and leaves the transaction usable.
//
// When the database reports a serialisation failure, deadlock or busy
// database, the whole transaction is run again (a few times, with
// backoff), so fn must have no effects outside the transaction.
func (s *Store) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if s.tx != nil {
		return fn(s)
	}
	return s.run(ctx, true, func(tx *Store) error { return fn(tx) })
}

// run runs fn in a new transaction, again when it fails in a way that
// may succeed on another try.
func (s *Store) run(ctx context.Context, user bool, fn func(tx *Store) error) error {
	wait := s.opts.Backoff
	for attempt := 0; ; attempt++ {
		err := s.once(ctx, user, fn)
		if err == nil || attempt >= s.opts.MaxRetries || ctx.Err() != nil || s.d.Classify(err).Kind != FailRetry {
			return err
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait *= 2
	}
}

func (s *Store) once(ctx context.Context, user bool, fn func(tx *Store) error) error {
	t, err := s.db.Begin(ctx)
	if err != nil {
		return s.fail(ctx, err)
	}
	tx := &Store{db: s.db, d: s.d, e: s.e, opts: s.opts, q: t, tx: t, user: user, done: new(atomic.Bool)}
	committed := false
	defer func() {
		// Runs on error and while a panic unwinds.
		tx.done.Store(true)
		if !committed {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			_ = t.Rollback(rctx)
			cancel()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := t.Commit(ctx); err != nil {
		return s.fail(ctx, err)
	}
	committed = true
	return nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	return s.fail(ctx, s.db.Ping(ctx))
}

// Close closes the connection pool. On the Store of a transaction it does
// nothing: the transaction ends with WithTx.
func (s *Store) Close() error {
	if s.tx != nil {
		return nil
	}
	return s.db.Close()
}

// ---- errors ----

// Fail maps an error of SQL run through Raw as the Store's own calls map
// theirs.
func (s *Store) Fail(ctx context.Context, err error) error { return s.fail(ctx, err) }

// fail turns a database error into a *socialsvc.Error (or the context's
// error when the context ended). Database texts are kept only as the
// unexported cause of internal errors: constraint messages can quote
// values, and values can be personal data.
func (s *Store) fail(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var se *socialsvc.Error
	if errors.As(err, &se) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	f := s.d.Classify(err)
	switch f.Kind {
	case FailUnique:
		return uniqueErr(f)
	case FailForeignKey:
		return &socialsvc.Error{Code: socialsvc.Invalid, Message: "a referenced record does not exist"}
	case FailCheck:
		return &socialsvc.Error{Code: socialsvc.Invalid, Message: "a value breaks a rule of the database schema"}
	case FailData:
		return &socialsvc.Error{Code: socialsvc.Invalid, Message: "a value cannot be stored: invalid text or out of range"}
	case FailRetry:
		return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the write collided with concurrent writes; retry", Err: err}
	case FailTimeout:
		return &socialsvc.Error{Code: socialsvc.Internal, Message: "the database statement ran past the statement timeout", Err: err}
	}
	return &socialsvc.Error{Code: socialsvc.Internal, Message: s.d.Name() + " database error", Err: err}
}

func conflictField(msg, field, rule, id string, args socialsvc.Args) *socialsvc.Error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: msg,
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError(field, rule, id, args)}}
}

// uniqueErr names the rule a unique violation broke; constraint names
// are those of the schemas.
func uniqueErr(f Failure) error {
	switch f.Constraint {
	case "organisations_tax_id_key":
		return conflictField("another organisation of the country has this tax identifier", "tax_id", "unique",
			"err.tax_id.unique", nil)
	case "partners_one_lead":
		return conflictField("the project already has a lead partner", "role", "one_lead",
			"err.role.one_lead", nil)
	case "partners_org_key":
		return conflictField("the organisation is already a partner in this project", "org_id", "unique",
			"err.org_id.unique", nil)
	case "partners_number_key":
		return conflictField("another partner has this number", "number", "unique",
			"err.number.unique", nil)
	case "attendance_pkey":
		return conflictField("the beneficiary is already recorded at this event", "beneficiary_id", "unique",
			"err.beneficiary_id.unique", nil)
	}
	if t, ok := strings.CutSuffix(f.Constraint, "_pkey"); ok && t != "" {
		return conflictField("a record with this id already exists", "id", "unique", "err.id.unique", nil)
	}
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "a record with the same key already exists"}
}

func notFound(label string) error {
	return &socialsvc.Error{Code: socialsvc.NotFound, Message: label + " not found"}
}

func staleVersion(label string) error {
	return conflictField("the "+label+" was changed by someone else: reload it and retry", "version", "version",
		"err.version.version", nil)
}

// referencedBy names the rows that still refer to a record being deleted,
// by the table the database reports (PostgreSQL does, SQLite does not).
var referencedBy = map[string]string{
	"partners": "partners", "partner_funds": "partners' co-financing", "work_packages": "work packages",
	"activities": "activities", "events": "events", "event_co_organisers": "events it co-organises",
	"beneficiaries": "beneficiaries", "attendance": "attendance records", "indicators": "indicators",
	"measurements": "measurements", "budget_lines": "budget lines", "expenditure": "expenditure",
	"partner_reports": "partner reports", "report_lines": "report lines", "project_reports": "project reports",
	"payments": "payments", "advances": "advances", "participations": "participations",
}

func referenced(label string, f Failure) error {
	by, ok := referencedBy[f.Table]
	if !ok {
		by = "other records"
	}
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the " + label + " is referenced by " + by + " and cannot be deleted"}
}
