package sqlstore

import (
	"context"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Rows is a result set being read, as database/sql and pgx both offer it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// Querier runs statements: a pool or a transaction.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
}

// Tx is a transaction.
type Tx interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	// CopyFrom loads rows into table: COPY in PostgreSQL, one prepared
	// INSERT executed per row in SQLite. next returns the arguments of the
	// following row, or nil at the end.
	CopyFrom(ctx context.Context, table string, cols []string, next func() ([]any, error)) (int64, error)
}

// DB is a connection pool.
type DB interface {
	Querier
	Begin(ctx context.Context) (Tx, error)
	Ping(ctx context.Context) error
	Close() error
}

// FailureKind classifies a database error.
type FailureKind int

// Failure kinds.
const (
	// FailOther is any error the dialect does not recognise: internal.
	FailOther FailureKind = iota
	// FailUnique is a unique or primary key violation.
	FailUnique
	// FailForeignKey is a foreign key violation.
	FailForeignKey
	// FailCheck is a CHECK or NOT NULL violation.
	FailCheck
	// FailData is a value the database cannot hold (bad encoding, out of
	// range).
	FailData
	// FailRetry is a serialisation failure, deadlock or busy database:
	// running the transaction again may succeed.
	FailRetry
	// FailTimeout is a statement that ran past the statement timeout.
	FailTimeout
)

// Failure is what a dialect makes of a database error. Constraint names
// the violated constraint in the PostgreSQL naming of the schema
// ("organisations_tax_id_key", "attendance_pkey"); Table is the table the
// constraint belongs to when known.
type Failure struct {
	Kind       FailureKind
	Constraint string
	Table      string
}

// Dialect is what differs between the SQL databases.
type Dialect interface {
	// Name is "sqlite" or "postgres", for messages.
	Name() string
	// Time returns the argument form of a timestamp (already UTC and
	// truncated to microseconds).
	Time(t time.Time) any
	// MoneyColumns lists the columns that hold the money column col,
	// the canonical amount first (SQLite adds integer cents).
	MoneyColumns(col string) []string
	// AppendMoney appends the arguments of m for MoneyColumns.
	AppendMoney(args []any, m socialsvc.Money) []any
	// SumMoney is an exact SQL sum of money column col; its value scans as
	// integer cents or a decimal string.
	SumMoney(col string) string
	// In is the condition "col is one of the IDs in parameter $n", whose
	// argument ListArg makes.
	In(col string, n int) string
	ListArg(ids []string) any
	// LockUpdate, LockDelete and LockShare are the row-lock clauses
	// appended to a SELECT of a row about to be updated, deleted, or
	// referenced ("" where the whole database is locked by a write).
	LockUpdate() string
	LockDelete() string
	LockShare() string
	// Classify tells what kind of failure err is.
	Classify(err error) Failure
	// LockMigrations serialises migrations between processes inside tx.
	LockMigrations(ctx context.Context, tx Querier) error
}
