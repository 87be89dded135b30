// Package postgres is store.Store in PostgreSQL, through pgx and its
// connection pool, for deployments with several stateless servers, a
// managed database, backups and replicas.
//
// Importing the package registers the URL schemes "postgres" and
// "postgresql":
//
//	postgres://socialsvc:secret@db.example.hr:5432/socialsvc?sslmode=verify-full&pool_max_conns=20&statement_timeout=30s
//
// The URL carries the libpq settings, pgxpool's pool settings
// (pool_max_conns, pool_min_conns, pool_max_conn_lifetime,
// pool_max_conn_idle_time, pool_health_check_period) and any server
// setting to apply to each connection (statement_timeout, search_path,
// application_name ...).
//
// Money is NUMERIC(17,2) and rates NUMERIC: exact, never floating point.
// The schema is a set of numbered migrations (migrations/0001_init.sql
// ...) embedded in the binary and applied on Open inside one transaction
// that holds an advisory lock, so that servers starting at once apply
// each migration exactly once; they are recorded in schema_migrations.
//
// Errors are mapped to the library's codes: a unique violation is a
// conflict naming the field; a foreign key violation is a conflict when
// deleting (the record is still referenced) and invalid when writing; a
// CHECK violation is invalid; a statement past statement_timeout is
// internal with a message that says so. Serialisation failures and
// deadlocks are retried transparently (a few times, with backoff) by
// WithTx and by every single write, so functions given to WithTx must have
// no effects outside the transaction.
//
// Bulk imports (store.BulkImporter) check every row first and report every
// bad one, then load the batch with COPY in one transaction: all or
// nothing. The reporting cycle's steps write a report's lines through
// store.ReportLineWriter: COPY into a temporary table, then one
// UPDATE ... FROM, with one audit entry per step.
package postgres
