// Package sqlstore is the SQL implementation of store.Store shared by the
// sqlite and postgres drivers, so that the entity SQL, the rules around it
// (versions, audit, flat rates, keyset pagination, imports) and the error
// mapping are written once.
//
// A driver supplies two small things: a DB (a connection pool that runs
// statements and begins transactions: database/sql for SQLite, pgx for
// PostgreSQL) and a Dialect (argument forms of times and money, exact
// money sums, list parameters, row locks, and the classification of
// driver errors). The SQL here is written in the PostgreSQL style with
// $1, $2 ... placeholders, which SQLite also understands.
//
// Schemas are the drivers' own (numbered migrations embedded in each
// driver package); Migrate applies them in one transaction, serialised by
// the dialect's migration lock, and records them in schema_migrations.
package sqlstore
