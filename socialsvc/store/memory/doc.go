// Package memory is an in-memory store.Store for tests, embedding and
// prototypes: everything the SQL drivers do (validation, referential
// integrity, optimistic versions, audit log, flat-rate recomputation,
// keyset pagination, transactions) without a database, and nothing kept
// after the process ends.
//
// Importing the package registers the scheme "memory", so that
// store.Open(ctx, "memory://") returns a new, empty store.
//
// A Store is safe for concurrent use. One read-write mutex guards the
// data: reads share it, and every write holds it exclusively for the
// length of its transaction, recording an undo log that rolls the data
// back when the write (or the function given to WithTx) fails or panics.
// Inside WithTx call the Store passed to the function, never the outer
// one: the transaction holds the lock, so a call on the outer Store from
// inside it would wait for itself.
//
// The store implements store.Aggregator (sums and counts computed in Go
// under one read lock) but not store.BulkImporter, so imports through it
// take the generic path of the store package. Expenditure is also kept
// per project as compact rows of integer cents and small group numbers,
// which SumExpenditure ranges over instead of the lines themselves: a
// write costs a little more, and summing a million lines takes a few
// milliseconds.
package memory
