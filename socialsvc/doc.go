// Package socialsvc is the domain of social-service projects co-financed
// by EU funds, national and city budgets and foreign donors: projects and
// their partners, work packages, activities and events, beneficiaries and
// attendance, indicators, budgets, co-financing and expenditure in euro,
// kuna and other currencies.
//
// The package does no I/O and imports no other package of the module.
// Persistence is in socialsvc/store, reports in socialsvc/report.
//
// # Money
//
// Money is an amount of one currency held as integer cents. Every amount
// in this domain has exactly two decimals, and reports add up millions of
// lines: with decimal.Decimal each addition allocates (two allocations)
// and summing a million amounts is about 200 times slower than int64
// cents, while Money.Add is an overflow-checked integer addition with no
// allocation. Total accumulates in 128 bits so that any number of amounts
// at the 999,999,999.99 maximum sums exactly. decimal.Decimal is used
// where more than cents is needed: parsing, exchange and co-financing
// rates, and Amount() for callers. BENCHMARKS.md has the figures.
//
// Input with more than two decimals is rejected, never rounded. Rounding
// happens in three places only, each as DOMAIN.md prescribes:
//
//   - conversion between kuna and euro (ToEUR, ToHRK) and at an explicit
//     rate (ConvertAt): half up (away from zero) to the cent, each amount
//     on its own;
//   - co-financing shares (CoFinance, ComputeFunding): rounded down to
//     the cent, the remainder going to the partner's own contribution;
//   - flat rates, unit costs and lump sums (ComputeFlatRates,
//     ApplyFlatRates, PriceCostOption): rounded down to the cent, a flat
//     rate per partner and period with the project's closing period taking
//     the remainder, so that a partner's total is exactly its base × rate
//     rounded down; units × unit price rounded down per line;
//   - percentages for display (PercentOf): half up to two decimals.
//
// # Simplified cost options
//
// A project uses the flat rates of the Common Provisions and Interreg
// regulations as Jems has them (FlatRateKind: staff costs up to 20 % of
// the other direct costs, office and administration up to 15 % of staff
// costs or 7 % of direct costs, travel up to 15 % of staff costs, all other
// costs up to 40 % of staff costs), with their caps and the combinations
// that exclude each other (ValidateFlatRates). One function,
// ComputeFlatRates, computes a flat rate on a budget and on reported
// spending; a category a flat rate computes or replaces takes no entered
// line. Unit costs and lump sums are defined on the project (UnitCosts,
// LumpSums); lines that claim them are priced by PriceCostOption, never by
// the caller. Project.FlexibilityPercent is the programme's margin for
// overspending a category (DefaultFlexibilityPercent when unset).
//
// # Kuna and euro
//
// The kuna was replaced on 1 January 2023 at the fixed rate
// 1 EUR = 7.53450 HRK (Council Regulation (EU) 2022/1208), which is never
// rounded or inverted. Earlier conversions used other rates (Interreg
// 2014–2020 used the Commission's monthly InforEuro rate), so a converted
// amount always carries its Conversion: rate, date, source and basis.
//
// The library, not the caller, chooses every rate. A project's RateRule
// names it: the InforEuro rate of the month a cost was incurred (the
// default), of the month it is submitted for control (Interreg 2021–2027,
// Regulation (EU) 2021/1059 Art. 38(5)), or a contract rate of the grant
// agreement. Kuna from 1.1.2023 always converts at the fixed rate, and
// kuna paid after the dual circulation (14.1.2023) is refused. A rate is
// entered by hand only as an admin's exception the rule allows
// (RateRule.ApplyEntered). RateTable holds the monthly rates; ParseInforEuro
// and ParseRatesCSV read the Commission's monthly file and plain CSV. A
// euro budget planned in kuna keeps its PlanningRate (KunaEquivalent).
//
// # Errors and validation
//
// Every error the library returns for bad input or state is an *Error
// with a code (Invalid, NotFound, Conflict, Forbidden, Unauthenticated,
// Internal) and, for Invalid, the fields that were wrong, named by their
// JSON path, with messages in English and Croatian. Messages never carry
// the rejected value, which may be personal data. ErrorCode(err) gives the
// code of any error.
//
// # The reporting and payment cycle
//
// A partner declares its costs of a period in a PartnerReport
// (ReportExpenditure lines), which TransitionPartnerReport moves from
// draft to submitted (converting and freezing every line under the
// project's RateRule), in_control and certified (a LineControl per line:
// certified + deducted = declared, or parked). SumPartnerReport gives the
// declared and certified figures, flat rates computed by ComputeFlatRates.
// The lead partner bundles certified reports in a ProjectReport; once it
// is verified, ComputePayments gives each partner and fund the
// ComputeFunding share of its certified total, less outstanding Advances.
//
// # ESF+ participants
//
// A Participation is one beneficiary's participation in one project: the
// entry and exit dates, the data collected at entry (labour-market
// status, ISCED level, the special-category answers, which may be
// refused) and the results at exit and six months after, each with the
// date observed and its source. ValidateParticipation checks it on its
// own. ComputeESF (or an ESFCounter, one participation at a time)
// computes every ESF+ common indicator of Regulation (EU) 2021/1057 Annex
// I (ESFCodes: EECO01–EECO17 and EECR01–EECR06) over a project or a
// portfolio and an entry-date period, by gender (women, men, non-binary;
// unknown in the total only), each figure listing the participations and
// beneficiaries behind it. ESFCatalogue names the indicators in every
// shipped language; the Label methods name the statuses, answers,
// outcomes and sources.
//
// The counting unit: ESF+ counts participations, not people: a person who takes part in two
// operations (projects) is a participant of each, and counts once in each
// project's figures and twice in a portfolio's. A person may also leave
// a project and enter it again later (the store refuses only overlapping
// participations): every entry is a participation of its own and counts
// in the figures of the period it falls in, with the data collected at
// that entry. The figures are therefore counts of participation records;
// each figure lists the participations and the beneficiaries behind it
// (ESFFigure.Records), so that the records can be traced and the
// disclosure protection can count distinct people.
//
// A participation is in a computation when its project is one of the
// scope's (all projects when the scope names none) and its entry date
// lies in the scope's period. Output indicators (EECO) count the data at
// entry; result indicators (EECR) count, among the same participations,
// those whose results at exit or six months after name the outcome, so
// that no result indicator exceeds EECO01 of its population.
//
// Every figure is broken down by the beneficiary's gender: women
// (GenderFemale), men (GenderMale), non-binary (GenderOther); a
// participation whose beneficiary has no recorded gender (or cannot be
// found) counts in the total only (Unknown), so that Women + Men +
// NonBinary + Unknown = Total. The age at entry is taken from the
// beneficiary's birth year and month (AgeAt states the conventions), or
// from the recorded age band. An anonymous participation (its
// beneficiary was erased) uses the gender and age band it kept.
//
// Refused and unanswered questions count in no category, and an
// unrecorded labour status or education level counts in none of its
// indicators: nothing is guessed.
//
// # JSON
//
// Field names are snake_case throughout. Money is
// {"amount":"564683.66","currency":"EUR"}, the amount a string so that no
// client passes it through a float. Dates are "2006-01-02", months
// "2006-01", decimals (rates, indicator values) strings.
package socialsvc
