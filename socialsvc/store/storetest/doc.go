// Package storetest is the conformance suite of store.Store: what
// "correct" means for a store. Every driver runs it from a test of its
// own (memory, sqlite, postgres, and yours):
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s := openFreshStore(t) // empty, closed with t.Cleanup
//			return s
//		})
//	}
//
// open is called once per subtest and must return an empty store. The
// subtests are grouped by subject (RoundTrip, Validation, Conflicts,
// Pagination, Filters, Transactions, Concurrency, Audit, Erasure, Import,
// FlatRates, Conversion, Rates, Aggregation, Cancellation, Copies), so that
// `go test -run 'Conformance/Pagination'` runs one group.
//
// A system that implements only store.Beneficiaries and combines it with
// a driver for the rest (store.Combine, examples/customstore) runs
// RunBeneficiaries on the combined store: the beneficiary and attendance
// subset, which needs nothing of the custom part but beneficiaries.
//
// The suite asserts exact values: money to the cent in EUR and HRK at
// both ends of the range, Croatian letters and emoji in text, dates,
// decimals that keep their value ("7.53450"), slices in order, empty
// values left empty. Times are compared to the microsecond: drivers
// store CreatedAt and UpdatedAt in UTC truncated to microseconds.
package storetest
