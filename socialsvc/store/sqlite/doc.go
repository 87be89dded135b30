// Package sqlite is the embedded default store: store.Store in a SQLite
// database file, in pure Go (modernc.org/sqlite, no cgo), so that the
// reference server runs on a fresh machine with nothing to install.
//
// Importing the package registers the URL scheme "sqlite":
//
//	sqlite:///var/lib/socialsvc/data.db   an absolute path
//	sqlite://data/socialsvc.db            a path relative to the working directory
//	sqlite://:memory:                     a new in-memory database
//	sqlite:///var/lib/socialsvc/data.db?busy_timeout=10s&max_conns=8
//
// Connections run in WAL mode (readers never wait for the writer), with
// foreign keys on, a busy timeout, and BEGIN IMMEDIATE for writes, so that
// concurrent writers (goroutines or processes) queue instead of failing.
// The schema is a set of numbered migrations (migrations/0001_init.sql
// ...) embedded in the binary, applied on Open and recorded in the table
// schema_migrations.
//
// Amounts are stored as their canonical text ("1234.56") with integer
// cents beside them, kept equal by a CHECK constraint: sums in SQL
// (store.Aggregator) add the integers, never floating point. Bulk imports
// (store.BulkImporter) check every row first and then insert the batch in
// one transaction, so a crash leaves all of it or none. The reporting
// cycle's steps write a report's lines through store.ReportLineWriter (a
// temporary table loaded by a prepared INSERT, then one UPDATE ... FROM).
package sqlite
