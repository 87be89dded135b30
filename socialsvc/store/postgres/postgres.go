package postgres

import (
	"context"
	"embed"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

func init() {
	open := func(ctx context.Context, u *url.URL) (store.Store, error) {
		return Open(ctx, u.String())
	}
	store.Register("postgres", open)
	store.Register("postgresql", open)
}

// Store is a store.Store in a PostgreSQL database, over a pgx connection
// pool. It also implements store.Aggregator (sums in SQL over NUMERIC)
// and store.BulkImporter (COPY in one transaction). A Store is safe for
// concurrent use, and any number of stateless servers may share one
// database.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
}

// Options tune a Store beyond what the connection URL says.
type Options struct {
	// MaxRetries bounds how often a transaction is run again after a
	// serialisation failure or deadlock (0: 4).
	MaxRetries int
	// Backoff is the first wait before such a retry, doubled on each
	// (0: 20ms).
	Backoff time.Duration
}

// Open connects to the database of a postgres:// URL and applies the
// embedded migrations that it lacks. Besides the libpq settings the URL
// takes pgxpool's (pool_max_conns, pool_min_conns,
// pool_max_conn_lifetime, pool_max_conn_idle_time ...) and any server
// setting, sent when a connection starts: statement_timeout=30s bounds
// every statement, search_path=socialsvc puts the tables in a schema.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, socialsvc.FieldErrf("db", "url", "err.db.postgres_url", socialsvc.Args{"Problem": urlProblem(err)})
	}
	return OpenConfig(ctx, cfg, Options{})
}

// urlProblem says what is wrong with a URL without repeating it (it may
// hold a password).
func urlProblem(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap().Error()
	}
	return "expected postgres://user:password@host:5432/database?sslmode=..."
}

// OpenConfig is Open for a pool configuration the caller built (to set
// AfterConnect, a TLS configuration, a tracer ...).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config, o Options) (*Store, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := pgDB{pool}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		pool.Close()
		return nil, err
	}
	if _, err := sqlstore.Migrate(ctx, db, dialect{}, ms); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{Store: sqlstore.New(db, dialect{}, sqlstore.Options{MaxRetries: o.MaxRetries, Backoff: o.Backoff}), pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// ---- pgx adapter ----

type pgDB struct{ pool *pgxpool.Pool }

func (d pgDB) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := d.pool.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func (d pgDB) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	r, err := d.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgRows{r}, nil
}

func (d pgDB) Begin(ctx context.Context) (sqlstore.Tx, error) {
	t, err := d.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return pgTx{t}, nil
}

func (d pgDB) Ping(ctx context.Context) error { return d.pool.Ping(ctx) }

func (d pgDB) Close() error {
	d.pool.Close()
	return nil
}

type pgRows struct{ pgx.Rows }

func (r pgRows) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}

type pgTx struct{ tx pgx.Tx }

func (t pgTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func (t pgTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	r, err := t.tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgRows{r}, nil
}

func (t pgTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// CopyFrom loads the rows with COPY ... FROM STDIN (binary).
func (t pgTx) CopyFrom(ctx context.Context, table string, cols []string, next func() ([]any, error)) (int64, error) {
	return t.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, &copySource{next: next})
}

type copySource struct {
	next func() ([]any, error)
	vals []any
	err  error
}

func (c *copySource) Next() bool {
	c.vals, c.err = c.next()
	return c.err == nil && c.vals != nil
}

func (c *copySource) Values() ([]any, error) { return c.vals, c.err }
func (c *copySource) Err() error             { return c.err }

// ---- dialect ----

type dialect struct{}

func (dialect) Name() string { return "postgres" }

func (dialect) Time(t time.Time) any { return t }

func (dialect) MoneyColumns(col string) []string { return []string{col} }

// AppendMoney sends the canonical text, which PostgreSQL reads into
// NUMERIC(17,2) exactly.
func (dialect) AppendMoney(args []any, m socialsvc.Money) []any {
	return append(args, m.AmountString())
}

func (dialect) SumMoney(col string) string { return "SUM(" + col + ")" }

func (dialect) In(col string, n int) string { return col + " = ANY($" + strconv.Itoa(n) + ")" }

func (dialect) ListArg(ids []string) any { return ids }

// Rows about to be updated take FOR NO KEY UPDATE, which does not block
// inserts of rows that refer to them (foreign key checks take KEY SHARE).
func (dialect) LockUpdate() string { return " FOR NO KEY UPDATE" }
func (dialect) LockDelete() string { return " FOR UPDATE" }
func (dialect) LockShare() string  { return " FOR SHARE" }

// LockMigrations takes a transaction-level advisory lock, per schema, so
// that servers starting at once apply the migrations one after another.
// The statement timeout of the URL is for requests: waiting for another
// server's migrations, or a migration itself, may take longer.
func (dialect) LockMigrations(ctx context.Context, tx sqlstore.Querier) error {
	if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('socialsvc migrations ' || current_schema()))")
	return err
}

func (dialect) Classify(err error) sqlstore.Failure {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return sqlstore.Failure{}
	}
	switch {
	case pe.Code == "23505":
		return sqlstore.Failure{Kind: sqlstore.FailUnique, Constraint: pe.ConstraintName, Table: pe.TableName}
	case pe.Code == "23503":
		return sqlstore.Failure{Kind: sqlstore.FailForeignKey, Constraint: pe.ConstraintName, Table: pe.TableName}
	case pe.Code == "23514" || pe.Code == "23502":
		return sqlstore.Failure{Kind: sqlstore.FailCheck, Constraint: pe.ConstraintName, Table: pe.TableName}
	case pe.Code == "40001" || pe.Code == "40P01":
		return sqlstore.Failure{Kind: sqlstore.FailRetry}
	case pe.Code == "57014":
		return sqlstore.Failure{Kind: sqlstore.FailTimeout}
	case strings.HasPrefix(pe.Code, "22"):
		return sqlstore.Failure{Kind: sqlstore.FailData}
	}
	return sqlstore.Failure{}
}
