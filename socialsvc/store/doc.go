// Package store defines the persistence interfaces the library needs, the
// query types they take, and the behaviour every implementation shares.
//
// The interfaces are small, one per aggregate (Organisations, Projects,
// Partners, Budgets, Expenditures, Events, Attendances, Beneficiaries,
// Indicators, Audit ...), and Store composes them. A municipal system that
// keeps its service users in its own registry implements Beneficiaries
// alone and combines it with a driver for the rest (see Combine and
// examples/customstore).
//
// Drivers live in sub-packages named after what they depend on: memory,
// sqlite (pure Go, the embedded default) and postgres (pgx). They register
// themselves with Register, and Open picks one by URL:
//
//	memory://
//	sqlite:///var/lib/socialsvc/data.db     sqlite://:memory:
//	postgres://user:pass@host:5432/db?pool_max_conns=20
//
// Every driver passes the conformance suite in storetest, which is what
// "correct" means for a store.
//
// Shared rules every implementation follows:
//
//   - Every call takes a context.Context first and honours cancellation.
//   - Writes are authorised by the store itself: CheckWrite applies the
//     write rules to the actor in the context (ActorFrom; see Role for
//     who may write what: the programme decides, the lead partner keeps
//     the project's data, each partner its own money), before anything
//     is written, so a refused write (forbidden, or conflict for a
//     project's status) changes nothing, the audit log included. Writes
//     without an actor are trusted system code (RoleSystem). Reading is
//     not restricted here: callers such as httpapi decide who sees what.
//   - Writes validate with the socialsvc rules (CheckXxx in this package
//     holds the cross-entity checks) and return *socialsvc.Error.
//   - Mutable entities carry a Version. Create sets it to 1; Update and
//     Delete name the version the caller read, and a stale version fails
//     with code conflict and changes nothing.
//   - Every write records an audit entry (actor from the context, time,
//     action, entity, the reason given with WithReason, before and after)
//     in the same transaction. Personal attributes of beneficiaries and
//     of participations are never copied into the log: the entry keeps
//     their IDs and, for an update of a participation, the names of the
//     fields that changed (BeneficiaryAuditView, ParticipationAuditView).
//   - Deleting what others reference fails with conflict; references to
//     missing records fail with invalid (or not_found for the target of
//     the call itself).
//   - Lists are ordered by ListOptions.Sort (ID by default; "-id" for
//     descending; a date or period where a list has one, see SortKeys,
//     ties broken by ID) and paginated with an opaque cursor that stays
//     stable under concurrent inserts (keyset pagination).
//
// Optional capabilities are separate interfaces found by type assertion,
// as in database/sql: a store that can aggregate in SQL implements
// Aggregator; one that can load rows in bulk implements BulkImporter; one
// that writes a partner report's lines in one go implements
// ReportLineWriter, which the cycle's steps write through (the steps keep
// every rule: the capability only writes what they checked); one that
// reads participations with their beneficiaries in one pass implements
// ParticipantScanner, which ScanParticipants and ComputeESF read through
// (the indicators stay socialsvc.ESFCounter's: the capability only reads).
// The functions of this package (ImportAttendance, SumExpenditure,
// TransitionPartnerReport, ...) use them when present and fall back to the
// required interfaces when not.
// Two capabilities hold records of their own: the reporting and payment
// cycle (Cycle, found with AsCycle) and ESF+ participations
// (Participations, found with AsParticipations). Every driver of the
// module implements both, and Combine passes them through; a store
// written before them keeps working, and storetest skips the
// participation tests for a store without the capability.
//
// Participations name beneficiaries, so their rules are those of
// attendance and more (CheckParticipation, CheckWrite): the beneficiary
// belongs to the project (its record names it, or its organisation is a
// partner), editors record their own organisation's beneficiaries only,
// one person's participations in a project do not overlap, and closed,
// rejected and withdrawn projects take no new ones. A beneficiary with
// participations is erased, not deleted; erasure anonymises its
// participations (AnonymiseParticipations) and keeps them, so that the
// ESF+ indicators of past periods (ComputeESF) stay as they were.
package store
