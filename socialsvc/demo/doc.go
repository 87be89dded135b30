// Package demo holds the five seed projects of the library as domain
// values, and a generator of large synthetic data sets.
//
// Seed returns the seed projects (Social Atelier, ALVED, Centri zajednice,
// the CESI project and 2SoKroG) as one self-consistent Dataset: every ID a
// value refers to exists in the same Dataset, and the values pass the
// validation of package socialsvc. It is what the reference server loads
// so that someone evaluating the library can click through real-looking
// projects, and what reports are tested against: the published figures of
// the seed documents (2SoKroG's 574.947,17 EUR of which ERDF 488.705,06
// EUR, Centri zajednice's 87.608,79 EUR, Social Atelier's 300+ activities,
// 4,000+ visits and 700+ individuals) come out of the data exactly.
//
// What the seed documents state (names, roles, countries, dates, places,
// totals, target groups) is reproduced as stated. What they do not state
// but a working data set needs (budget splits by partner and cost category,
// expenditure lines, exchange rates, beneficiaries and their attendance,
// some project periods, tax identifiers) is illustrative, generated
// deterministically, and marked as such in comments next to it. No tax
// identifier in this package is a real one: they are synthetic numbers that
// pass the checksum, so that validation runs as it would on real data.
// Beneficiaries are pseudonymous references ("SA-0001"), never people.
//
// Synthetic and SyntheticExpenditure generate data sets of any size with
// readable, deterministic IDs ("syn-prj-0001"), for load tests and
// benchmarks of stores and reports. SyntheticExpenditure streams lines
// without holding them, so a benchmark over a million lines measures the
// code under test rather than the generator's memory.
//
// The package imports only socialsvc and the standard library (and
// shopspring/decimal for rates): it sits beside the domain, not above it.
package demo
