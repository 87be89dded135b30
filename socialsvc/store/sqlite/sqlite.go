package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

func init() {
	store.Register("sqlite", func(ctx context.Context, u *url.URL) (store.Store, error) {
		return OpenURL(ctx, u)
	})
}

// Store is a store.Store in a SQLite database. It also implements
// store.Aggregator (sums in SQL over integer cents) and store.BulkImporter
// (one transaction, one prepared INSERT). A Store is safe for concurrent
// use; writes are serialised by SQLite (BEGIN IMMEDIATE, waiting up to the
// busy timeout for the lock).
type Store struct {
	*sqlstore.Store
	db *sql.DB
	// keep holds one connection of an in-memory database open, which
	// keeps the database alive while the pool closes idle connections.
	keep  *sql.Conn
	stmts *stmtCache
}

// Option changes how Open opens the database.
type Option func(*options)

type options struct {
	busyTimeout time.Duration
	maxConns    int
}

// BusyTimeout sets how long a write waits for another writer (another
// connection or process) to finish before failing; the default is 5s.
func BusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// MaxConns bounds the pool of connections (readers run in parallel, one
// writer at a time); the default is GOMAXPROCS+2, at least 4.
func MaxConns(n int) Option { return func(o *options) { o.maxConns = n } }

// MemoryPath is the path that opens a new, empty in-memory database
// (sqlite://:memory:). Its data lives as long as the Store.
const MemoryPath = ":memory:"

func invalidURL(id string, args socialsvc.Args) error {
	return socialsvc.FieldErrf("db", "url", id, args)
}

// OpenURL opens the database of a sqlite:// URL: sqlite:///abs/path.db,
// sqlite://relative/path.db or sqlite://:memory:, with the options
// busy_timeout (a Go duration such as 10s) and max_conns in the query.
func OpenURL(ctx context.Context, u *url.URL) (*Store, error) {
	path := u.Opaque
	if path == "" {
		path = u.Host + u.Path
	}
	if path == "/"+MemoryPath {
		path = MemoryPath
	}
	var opts []Option
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "busy_timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return nil, invalidURL("err.db.sqlite_busy_timeout", nil)
			}
			opts = append(opts, BusyTimeout(d))
		case "max_conns":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, invalidURL("err.db.sqlite_max_conns", nil)
			}
			opts = append(opts, MaxConns(n))
		default:
			return nil, invalidURL("err.db.sqlite_option", socialsvc.Args{"Option": strconv.Quote(k)})
		}
	}
	return Open(ctx, path, opts...)
}

// Open opens (creating it if needed) the SQLite database at path, or a new
// in-memory database for MemoryPath, and applies the embedded migrations
// that it lacks. Connections use WAL, foreign keys, a busy timeout and
// BEGIN IMMEDIATE for writes, so that concurrent writers wait for each
// other instead of failing.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	o := options{busyTimeout: 5 * time.Second, maxConns: max(4, runtime.GOMAXPROCS(0)+2)}
	for _, opt := range opts {
		opt(&o)
	}
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, invalidURL("err.db.sqlite_path", nil)
	}
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(o.busyTimeout.Milliseconds(), 10))
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	memory := path == MemoryPath
	dsn := path
	if memory {
		// The memdb VFS shares one in-memory database between the
		// connections of the pool (plain :memory: gives each its own).
		var b [8]byte
		_, _ = rand.Read(b[:])
		dsn = "file:/socialsvc-" + hex.EncodeToString(b[:])
		q.Set("vfs", "memdb")
	} else {
		q.Set("_journal_mode", "WAL")
		// With WAL, NORMAL keeps the database consistent through crashes
		// of the process or the machine; only the last commits before a
		// power loss may be lost.
		q.Set("_synchronous", "NORMAL")
	}
	db, err := sql.Open("sqlite", dsn+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(o.maxConns)
	db.SetMaxIdleConns(o.maxConns)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	s := &Store{db: db}
	fail := func(err error) (*Store, error) {
		_ = s.close()
		return nil, err
	}
	if memory {
		if s.keep, err = db.Conn(ctx); err != nil {
			return fail(err)
		}
	} else if err := db.PingContext(ctx); err != nil {
		return fail(err)
	}
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		return fail(err)
	}
	// Migrations run without the statement cache: they change the schema
	// and run once.
	if _, err := sqlstore.Migrate(ctx, sqlDB{db: db}, dialect{}, ms); err != nil {
		return fail(err)
	}
	s.stmts = &stmtCache{m: map[string]*sql.Stmt{}}
	s.Store = sqlstore.New(sqlDB{db: db, stmts: s.stmts}, dialect{}, sqlstore.Options{})
	return s, nil
}

func (s *Store) close() error {
	s.stmts.close()
	if s.keep != nil {
		_ = s.keep.Close()
	}
	return s.db.Close()
}

// Close closes the database.
func (s *Store) Close() error { return s.close() }

// ---- database/sql adapter ----

type sqlDB struct {
	db    *sql.DB
	stmts *stmtCache
}

// stmtCache keeps the SELECT statements the store runs prepared: SQLite
// spends more time compiling a statement than running a point lookup, so
// reading one project is about twice as fast with them. database/sql
// prepares a statement on each connection the first time it runs there.
// The store builds its queries from a fixed set of shapes, so the cache
// stays small; it stops growing at maxStmts all the same.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

const maxStmts = 512

func cacheable(q string) bool {
	return len(q) > 6 && strings.EqualFold(q[:6], "SELECT")
}

// lookup returns the prepared statement of q, or nil.
func (c *stmtCache) lookup(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// get returns the prepared statement of q, preparing it when it is new;
// nil when q is not cached (not a SELECT, or the cache is full). It
// prepares on a connection of the pool, so a transaction, which holds its
// own connection and may hold the write lock, must not call it: SQLite
// would make the preparing connection wait for that lock.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, q string) (*sql.Stmt, error) {
	if c == nil || !cacheable(q) {
		return nil, nil
	}
	c.mu.RLock()
	st, ok := c.m[q]
	full := len(c.m) >= maxStmts
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[q]; ok {
		_ = st.Close()
		return prev, nil
	}
	if len(c.m) >= maxStmts {
		_ = st.Close()
		return nil, nil
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m = nil
}

func (d sqlDB) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := d.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (d sqlDB) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	st, err := d.stmts.get(ctx, d.db, q)
	if err != nil {
		return nil, err
	}
	if st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.db.QueryContext(ctx, q, args...)
}

func (d sqlDB) Begin(ctx context.Context) (sqlstore.Tx, error) {
	t, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return sqlTx{t, d}, nil
}

func (d sqlDB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }
func (d sqlDB) Close() error                   { return d.db.Close() }

type sqlTx struct {
	tx *sql.Tx
	db sqlDB
}

func (t sqlTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := t.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (t sqlTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	if st := t.db.stmts.lookup(q); st != nil {
		// The transaction's own copy of a statement the pool prepared,
		// prepared on the transaction's connection unless it already was
		// there; closed with the transaction. Statements not yet cached
		// run unprepared here (see stmtCache.get).
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t sqlTx) Commit(context.Context) error   { return t.tx.Commit() }
func (t sqlTx) Rollback(context.Context) error { return t.tx.Rollback() }

// CopyFrom runs one prepared INSERT per row in the transaction: SQLite's
// fastest way to load rows.
func (t sqlTx) CopyFrom(ctx context.Context, table string, cols []string, next func() ([]any, error)) (int64, error) {
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(i+1)
	}
	st, err := t.tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return 0, err
	}
	defer st.Close()
	var n int64
	for {
		args, err := next()
		if err != nil {
			return n, err
		}
		if args == nil {
			return n, nil
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return n, err
		}
		n++
	}
}

// ---- dialect ----

type dialect struct{}

func (dialect) Name() string { return "sqlite" }

const timeLayout = "2006-01-02T15:04:05.000000Z"

func (dialect) Time(t time.Time) any { return t.UTC().Format(timeLayout) }

func (dialect) MoneyColumns(col string) []string { return []string{col, col + "_cents"} }

func (dialect) AppendMoney(args []any, m socialsvc.Money) []any {
	return append(args, m.AmountString(), m.Cents())
}

func (dialect) SumMoney(col string) string { return "SUM(" + col + "_cents)" }

func (dialect) In(col string, n int) string {
	return col + " IN (SELECT value FROM json_each($" + strconv.Itoa(n) + "))"
}

func (dialect) ListArg(ids []string) any {
	b, _ := json.Marshal(ids) // strings always marshal
	return string(b)
}

// SQLite locks the whole database for a write transaction (BEGIN
// IMMEDIATE), so rows need no locks of their own.
func (dialect) LockUpdate() string { return "" }
func (dialect) LockDelete() string { return "" }
func (dialect) LockShare() string  { return "" }

// LockMigrations needs nothing: the migration transaction began with
// BEGIN IMMEDIATE, which holds the database's write lock.
func (dialect) LockMigrations(context.Context, sqlstore.Querier) error { return nil }

// uniqueConstraints names SQLite's unique violations ("UNIQUE constraint
// failed: " and the columns of the index) as the PostgreSQL schema names
// them.
var uniqueConstraints = map[string]string{
	"organisations.country, organisations.tax_id":    "organisations_tax_id_key",
	"partners.project_id":                            "partners_one_lead",
	"partners.project_id, partners.org_id":           "partners_org_key",
	"partners.project_id, partners.number":           "partners_number_key",
	"attendance.event_id, attendance.beneficiary_id": "attendance_pkey",
}

func (dialect) Classify(err error) sqlstore.Failure {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.Failure{}
	}
	switch code := e.Code(); code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		msg := e.Error()
		_, cols, _ := strings.Cut(msg, "UNIQUE constraint failed: ")
		cols, _, _ = strings.Cut(cols, " (")
		name, ok := uniqueConstraints[cols]
		if !ok {
			if table, col, found := strings.Cut(cols, "."); found && col == "id" {
				name = table + "_pkey"
			}
		}
		return sqlstore.Failure{Kind: sqlstore.FailUnique, Constraint: name}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.Failure{Kind: sqlstore.FailForeignKey}
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return sqlstore.Failure{Kind: sqlstore.FailCheck}
	case sqlite3.SQLITE_CONSTRAINT_DATATYPE, sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_RANGE:
		return sqlstore.Failure{Kind: sqlstore.FailData}
	default:
		switch code & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return sqlstore.Failure{Kind: sqlstore.FailRetry}
		}
	}
	return sqlstore.Failure{}
}
