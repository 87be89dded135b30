package store

import (
	"context"
	"iter"
	"reflect"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Combine returns a Store that serves beneficiaries from own and
// everything else from base: the way a municipal system that keeps its
// service users in its own registry reuses a driver for the rest. own may
// be a custom Beneficiaries (see examples/customstore) or a whole driver
// (a memory store, another database) of which only the beneficiaries are
// used; it needs no organisations or projects of its own, because its rule
// checks (CheckBeneficiary through View) read them from base.
//
// Cross-store rules hold as in a single store: a beneficiary's
// organisation and project must exist in base, attendance may only name
// beneficiaries that own knows and that are not erased, a beneficiary with
// attendance cannot be deleted (conflict), nor can an organisation or a
// project with beneficiaries in own. Every write of a beneficiary, and
// every delete that checks own, runs in a transaction of base (see
// WithTx). With a base that runs one write transaction at a time (memory,
// SQLite) a check and the write it guards therefore cannot interleave
// with another write through the combined store. PostgreSQL runs write
// transactions side by side, so there a delete of an organisation or
// project racing the creation of its first beneficiary can let both
// succeed.
//
// When base holds the reporting cycle (Cycle), so does the combined
// store, and AsCycle finds it (inside WithTx too): the cycle's records
// name no beneficiary, so they are all base's. When base holds
// participations (Participations), so does the combined store, and
// AsParticipations finds it: participations are base's records that name
// own's beneficiaries, so their rule checks read own (the beneficiary
// exists, belongs to the project and to the writer's organisation), a
// beneficiary with participations cannot be deleted, and erasing one in
// own anonymises its participations in base in the same transaction.
// The SQL drivers serialise the writes of one person's participations by
// locking the beneficiary's row; a beneficiary in own has no row in
// base, so with a PostgreSQL base two concurrent writes of overlapping
// participations of one person in own can both pass the overlap check.
//
// The audit log (ListAudit) is base's. own records its writes in its own
// log if it keeps one (a memory or SQL driver does), and otherwise the
// system that owns the table is responsible for them.
//
// # Transactions
//
// WithTx begins base's transaction and, when own is a Store, own's
// transaction inside it; fn's calls take part in both. There is no
// two-phase commit between the two, so the guarantees are these:
//
//   - fn returns an error or panics: both transactions roll back and
//     nothing is written to either store.
//   - own's commit fails: base's transaction rolls back; nothing is
//     written.
//   - own has committed and base's commit then fails: own's writes stay and
//     base's are lost. WithTx returns an error with code internal that
//     says so. Committing own first means that such a failure can leave
//     beneficiaries that no attendance names, never attendance that names
//     a missing beneficiary. Between the two commits another reader can
//     see own's writes without base's.
//   - A driver that runs a failed transaction again (the SQL drivers do,
//     on a busy or serialisation failure) is refused a second run once own
//     has kept writes, so that they are not applied twice; a second run of
//     own's transaction is refused with conflict, nothing kept, and the
//     caller may try again.
//   - own that is only Beneficiaries (no WithTx): each of its writes is
//     atomic by itself and commits at once; base's rollback does not undo
//     it. ImportBeneficiaries checks every row before it writes any, so a
//     row that fails its checks still writes nothing, but a write that
//     fails after the checks leaves the rows before it in own.
//
// A memory store's commit cannot fail, so with a memory store as base
// WithTx is all or nothing on both sides.
//
// # Lock order
//
// The combined store always takes base before own: WithTx and every
// beneficiary write begin base's transaction and then own's; base's own
// writes (attendance) read own while holding base's lock; own's rule
// checks read base only through base's running transaction, never by
// taking base's lock again. A program that also uses base and own
// directly must keep that order: do not call the combined store or base
// from inside own.WithTx, and do not hold own's transaction while waiting
// for base.
func Combine(base Store, own Beneficiaries) Store {
	if same(base, own) {
		// Nothing to combine; opening own's transaction inside base's
		// would wait for itself.
		return base
	}
	return (&combined{Store: base, own: own}).wrap()
}

// same reports whether own is the very store base is, without comparing
// values whose type == would panic on.
func same(base Store, own Beneficiaries) bool {
	o, ok := own.(Store)
	if !ok || reflect.TypeOf(o) != reflect.TypeOf(base) || !reflect.TypeOf(base).Comparable() {
		return false
	}
	return o == base
}

// combined is the Store that Combine returns. Inside WithTx, Store is
// base's transaction, own is own's transaction (or own itself when it has
// none) and tx is set.
type combined struct {
	Store
	own Beneficiaries
	tx  *txState
}

// txState is shared by the calls of one combined transaction.
type txState struct {
	// kept is set once own holds writes that rolling back base cannot
	// undo: own's transaction committed, or a write of an own without
	// transactions succeeded.
	kept bool
	// ran is set when fn and own's commit succeeded: an error after it
	// is base's commit.
	ran bool
	// refused is set when a second run of fn was refused because of kept.
	refused bool
}

var (
	_ Store      = (*combined)(nil)
	_ Aggregator = (*combined)(nil)
	_ Cycle      = (*cycleCombined)(nil)
)

// wrap returns c as the Store callers see: with the optional
// capabilities of base that the combined store passes through, the
// reporting cycle (Cycle) and participations (Participations), so that
// AsCycle and AsParticipations find them through Combine, inside WithTx
// and in the view a driver's rule checks read.
func (c *combined) wrap() Store {
	_, cyc := c.Store.(Cycle)
	_, par := c.Store.(Participations)
	switch {
	case cyc && par:
		return &cycleParticipationsCombined{&cycleCombined{c}, participationOps{c}}
	case cyc:
		return &cycleCombined{c}
	case par:
		return &participationsCombined{c, participationOps{c}}
	}
	return c
}

// unwrap returns the combined store behind a Store that wrap returned.
func unwrap(s Store) *combined {
	switch x := s.(type) {
	case *cycleCombined:
		return x.combined
	case *participationsCombined:
		return x.combined
	case *cycleParticipationsCombined:
		return x.cycleCombined.combined
	}
	return s.(*combined)
}

// participationsCombined is a combined store whose base holds
// participations; cycleParticipationsCombined one whose base holds the
// cycle too.
type (
	participationsCombined struct {
		*combined
		participationOps
	}
	cycleParticipationsCombined struct {
		*cycleCombined
		participationOps
	}
)

var (
	_ ParticipationStore = (*participationsCombined)(nil)
	_ ParticipationStore = (*cycleParticipationsCombined)(nil)
	_ Cycle              = (*cycleParticipationsCombined)(nil)
)

// participationOps passes participations through to base. They name a
// beneficiary, so each call reaches base with the context marked: base's
// rule checks (CheckWrite, CheckParticipation through View) then find
// the beneficiary in own, while the participation itself is base's.
type participationOps struct{ c *combined }

func (o participationOps) par() Participations { return o.c.Store.(Participations) }

func (o participationOps) CreateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return o.par().CreateParticipation(o.c.baseCtx(ctx), p)
}

func (o participationOps) GetParticipation(ctx context.Context, id socialsvc.ParticipationID) (socialsvc.Participation, error) {
	return o.par().GetParticipation(o.c.baseCtx(ctx), id)
}

func (o participationOps) UpdateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return o.par().UpdateParticipation(o.c.baseCtx(ctx), p)
}

func (o participationOps) DeleteParticipation(ctx context.Context, id socialsvc.ParticipationID, version int64) error {
	return o.par().DeleteParticipation(o.c.baseCtx(ctx), id, version)
}

func (o participationOps) ListParticipations(ctx context.Context, f ParticipationFilter) (Page[socialsvc.Participation], error) {
	return o.par().ListParticipations(o.c.baseCtx(ctx), f)
}

func (o participationOps) ScanParticipations(ctx context.Context, f ParticipationFilter) iter.Seq2[socialsvc.Participation, error] {
	return o.par().ScanParticipations(o.c.baseCtx(ctx), f)
}

// cycleCombined is a combined store whose base holds the reporting
// cycle. The cycle's records are all base's (they name beneficiaries
// nowhere), so each call goes to base, marked so that base's rule checks
// read through View.
type cycleCombined struct{ *combined }

func (c *cycleCombined) cyc() Cycle { return c.Store.(Cycle) }

func (c *cycleCombined) CreatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return c.cyc().CreatePartnerReport(c.baseCtx(ctx), r)
}

func (c *cycleCombined) GetPartnerReport(ctx context.Context, id socialsvc.PartnerReportID) (socialsvc.PartnerReport, error) {
	return c.cyc().GetPartnerReport(c.baseCtx(ctx), id)
}

func (c *cycleCombined) UpdatePartnerReport(ctx context.Context, r *socialsvc.PartnerReport) error {
	return c.cyc().UpdatePartnerReport(c.baseCtx(ctx), r)
}

func (c *cycleCombined) DeletePartnerReport(ctx context.Context, id socialsvc.PartnerReportID, version int64) error {
	return c.cyc().DeletePartnerReport(c.baseCtx(ctx), id, version)
}

func (c *cycleCombined) ListPartnerReports(ctx context.Context, f PartnerReportFilter) (Page[socialsvc.PartnerReport], error) {
	return c.cyc().ListPartnerReports(c.baseCtx(ctx), f)
}

func (c *cycleCombined) CreateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return c.cyc().CreateReportLine(c.baseCtx(ctx), l)
}

func (c *cycleCombined) GetReportLine(ctx context.Context, id socialsvc.ExpenditureID) (socialsvc.ReportExpenditure, error) {
	return c.cyc().GetReportLine(c.baseCtx(ctx), id)
}

func (c *cycleCombined) UpdateReportLine(ctx context.Context, l *socialsvc.ReportExpenditure) error {
	return c.cyc().UpdateReportLine(c.baseCtx(ctx), l)
}

func (c *cycleCombined) DeleteReportLine(ctx context.Context, id socialsvc.ExpenditureID, version int64) error {
	return c.cyc().DeleteReportLine(c.baseCtx(ctx), id, version)
}

func (c *cycleCombined) ListReportLines(ctx context.Context, f ReportLineFilter) (Page[socialsvc.ReportExpenditure], error) {
	return c.cyc().ListReportLines(c.baseCtx(ctx), f)
}

func (c *cycleCombined) CreateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return c.cyc().CreateProjectReport(c.baseCtx(ctx), r)
}

func (c *cycleCombined) GetProjectReport(ctx context.Context, id socialsvc.ProjectReportID) (socialsvc.ProjectReport, error) {
	return c.cyc().GetProjectReport(c.baseCtx(ctx), id)
}

func (c *cycleCombined) UpdateProjectReport(ctx context.Context, r *socialsvc.ProjectReport) error {
	return c.cyc().UpdateProjectReport(c.baseCtx(ctx), r)
}

func (c *cycleCombined) ListProjectReports(ctx context.Context, f ProjectScope) (Page[socialsvc.ProjectReport], error) {
	return c.cyc().ListProjectReports(c.baseCtx(ctx), f)
}

func (c *cycleCombined) CreatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return c.cyc().CreatePayment(c.baseCtx(ctx), p)
}

func (c *cycleCombined) GetPayment(ctx context.Context, id socialsvc.PaymentID) (socialsvc.Payment, error) {
	return c.cyc().GetPayment(c.baseCtx(ctx), id)
}

func (c *cycleCombined) UpdatePayment(ctx context.Context, p *socialsvc.Payment) error {
	return c.cyc().UpdatePayment(c.baseCtx(ctx), p)
}

func (c *cycleCombined) ListPayments(ctx context.Context, f ProjectScope) (Page[socialsvc.Payment], error) {
	return c.cyc().ListPayments(c.baseCtx(ctx), f)
}

func (c *cycleCombined) CreateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return c.cyc().CreateAdvance(c.baseCtx(ctx), a)
}

func (c *cycleCombined) GetAdvance(ctx context.Context, id socialsvc.AdvanceID) (socialsvc.Advance, error) {
	return c.cyc().GetAdvance(c.baseCtx(ctx), id)
}

func (c *cycleCombined) UpdateAdvance(ctx context.Context, a *socialsvc.Advance) error {
	return c.cyc().UpdateAdvance(c.baseCtx(ctx), a)
}

func (c *cycleCombined) ListAdvances(ctx context.Context, f ProjectScope) (Page[socialsvc.Advance], error) {
	return c.cyc().ListAdvances(c.baseCtx(ctx), f)
}

func errPartial(err error) error {
	return &socialsvc.Error{Code: socialsvc.Internal,
		Message: "the beneficiary store committed its part of the transaction and the main store did not: the two stores disagree until the writes are repeated or undone",
		Err:     err}
}

var errOwnRetry = &socialsvc.Error{Code: socialsvc.Conflict,
	Message: "the write collided with concurrent writes in the beneficiary store; nothing was written: retry"}

// viewKey marks the context of a call that the combined store makes on
// base or own, so that View can hand the driver's rule checks a store that
// reads the other side too.
type viewKey struct{}

type view struct {
	c *combined
	// own is set on calls made on own: the store passed to View is then
	// own's, not base's.
	own bool
}

// View returns the store that rule checks inside a driver must read
// through. Drivers pass it to CheckXxx with the Store of their running
// transaction as tx. For a call that came through Combine it is the
// combined store with tx in place of the side the call was made on: base's
// transaction with own's beneficiaries for a call on base, own's
// transaction with base's data (inside base's transaction) for a call on
// own. Otherwise it is tx itself.
func View(ctx context.Context, tx Store) Store {
	v, ok := ctx.Value(viewKey{}).(view)
	if !ok {
		return tx
	}
	if v.own {
		return (&combined{Store: v.c.Store, own: tx, tx: v.c.tx}).wrap()
	}
	return (&combined{Store: tx, own: v.c.own, tx: v.c.tx}).wrap()
}

// baseCtx marks ctx for a call on base.
func (c *combined) baseCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, viewKey{}, view{c: c})
}

// ownCtx marks ctx for a call on own.
func (c *combined) ownCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, viewKey{}, view{c: c, own: true})
}

// WithTx runs fn in base's transaction and, when own is a Store, in own's
// transaction begun inside it. See Combine for what holds when the two are
// different databases. Calls on a transaction's Store nest into it.
func (c *combined) WithTx(ctx context.Context, fn func(tx Store) error) error {
	if c.tx != nil {
		return fn(c.wrap())
	}
	st := &txState{}
	ownTx, hasTx := c.own.(Store)
	// ctx is passed unmarked: a check that ran with it would read own
	// outside own's transaction.
	err := c.Store.WithTx(ctx, func(btx Store) error {
		if st.kept {
			// base runs fn again (after a failed commit or a busy
			// database), but own's part is already written: running it
			// again would write it twice.
			st.refused = true
			return errPartial(nil)
		}
		st.ran = false
		if !hasTx {
			if err := fn((&combined{Store: btx, own: c.own, tx: st}).wrap()); err != nil {
				return err
			}
			st.ran = true
			return nil
		}
		runs := 0
		err := ownTx.WithTx(ctx, func(otx Store) error {
			if runs++; runs > 1 {
				// own runs fn again, but base keeps what the first run
				// wrote: give up instead of writing it twice.
				return errOwnRetry
			}
			return fn((&combined{Store: btx, own: otx, tx: st}).wrap())
		})
		if err != nil {
			return err
		}
		st.kept, st.ran = true, true
		return nil
	})
	if err != nil && st.kept && st.ran && !st.refused {
		return errPartial(err)
	}
	return err
}

// write runs fn in the running combined transaction or in a new one.
func (c *combined) write(ctx context.Context, fn func(t *combined) error) error {
	if c.tx != nil {
		return fn(c)
	}
	return c.WithTx(ctx, func(tx Store) error { return fn(unwrap(tx)) })
}

// ownWrote records a successful write of an own without transactions.
func (c *combined) ownWrote(err error) error {
	if _, hasTx := c.own.(Store); err == nil && !hasTx && c.tx != nil {
		c.tx.kept = true
	}
	return err
}

func (c *combined) CreateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return c.write(ctx, func(t *combined) error {
		if err := CheckWrite(ctx, t, nil, b); err != nil {
			return err
		}
		if err := CheckBeneficiary(ctx, t, nil, b); err != nil {
			return err
		}
		return t.ownWrote(t.own.CreateBeneficiary(t.ownCtx(ctx), b))
	})
}

func (c *combined) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return c.own.GetBeneficiary(c.ownCtx(ctx), id)
}

func (c *combined) UpdateBeneficiary(ctx context.Context, b *socialsvc.Beneficiary) error {
	return c.write(ctx, func(t *combined) error {
		old, err := t.own.GetBeneficiary(t.ownCtx(ctx), b.ID)
		if err != nil {
			return err
		}
		if err := CheckWrite(ctx, t, &old, b); err != nil {
			return err
		}
		// A stale version is own's to report (conflict), as a single
		// store reports it before the rules.
		if old.Version == b.Version {
			if err := CheckBeneficiary(ctx, t, &old, b); err != nil {
				return err
			}
		}
		return t.ownWrote(t.own.UpdateBeneficiary(t.ownCtx(ctx), b))
	})
}

func (c *combined) DeleteBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID, version int64) error {
	return c.write(ctx, func(t *combined) error {
		if err := t.checkOwn(ctx, id, false); err != nil {
			return err
		}
		pg, err := t.Store.ListAttendance(ctx, AttendanceFilter{BeneficiaryID: id, ListOptions: ListOptions{Limit: 1}})
		if err != nil {
			return err
		}
		if len(pg.Items) > 0 {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary has attendance records; erase the person instead of deleting"}
		}
		if ps, ok := t.Store.(Participations); ok {
			pg, err := ps.ListParticipations(t.baseCtx(ctx), ParticipationFilter{BeneficiaryID: id, ListOptions: ListOptions{Limit: 1}})
			if err != nil {
				return err
			}
			if len(pg.Items) > 0 {
				return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary has participations; erase the person instead of deleting"}
			}
		}
		return t.ownWrote(t.own.DeleteBeneficiary(t.ownCtx(ctx), id, version))
	})
}

// checkOwn applies CheckWrite to a delete (or, with erase, an erasure)
// of the beneficiary id in own. A beneficiary that does not exist is
// own's to report.
func (c *combined) checkOwn(ctx context.Context, id socialsvc.BeneficiaryID, erase bool) error {
	old, err := c.own.GetBeneficiary(c.ownCtx(ctx), id)
	if socialsvc.ErrorCode(err) == socialsvc.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if erase {
		return CheckWrite(ctx, c, &old, &old)
	}
	return CheckWrite(ctx, c, &old, nil)
}

// EraseBeneficiary erases the person in own and anonymises their
// participations in base (AnonymiseParticipations), in one combined
// transaction.
func (c *combined) EraseBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	return c.write(ctx, func(t *combined) error {
		if err := t.checkOwn(ctx, id, true); err != nil {
			return err
		}
		old, err := t.own.GetBeneficiary(t.ownCtx(ctx), id)
		if err != nil {
			return err
		}
		if err := t.ownWrote(t.own.EraseBeneficiary(t.ownCtx(ctx), id)); err != nil {
			return err
		}
		if old.Erased {
			return nil
		}
		return AnonymiseParticipations(t.baseCtx(ctx), t.Store, &old)
	})
}

func (c *combined) ListBeneficiaries(ctx context.Context, f BeneficiaryFilter) (Page[socialsvc.Beneficiary], error) {
	return c.own.ListBeneficiaries(c.ownCtx(ctx), f)
}

func (c *combined) ScanBeneficiaries(ctx context.Context, f BeneficiaryFilter) iter.Seq2[socialsvc.Beneficiary, error] {
	return c.own.ScanBeneficiaries(c.ownCtx(ctx), f)
}

// CreateAttendance reaches base with the context marked, so that base's
// rule check (CheckAttendance through View) looks the beneficiary up in
// own while base holds its lock.
func (c *combined) CreateAttendance(ctx context.Context, a *socialsvc.Attendance) error {
	return c.Store.CreateAttendance(c.baseCtx(ctx), a)
}

// DeleteAttendance reaches base with the context marked, so that the
// write rules (CheckWrite through View) find the beneficiary in own.
func (c *combined) DeleteAttendance(ctx context.Context, event socialsvc.EventID, beneficiary socialsvc.BeneficiaryID) error {
	return c.Store.DeleteAttendance(c.baseCtx(ctx), event, beneficiary)
}

// DeleteOrganisation refuses an organisation that has beneficiaries in
// own; base checks its own references.
func (c *combined) DeleteOrganisation(ctx context.Context, id socialsvc.OrgID, version int64) error {
	return c.write(ctx, func(t *combined) error {
		pg, err := t.own.ListBeneficiaries(t.ownCtx(ctx), BeneficiaryFilter{OrgID: id, ListOptions: ListOptions{Limit: 1}})
		if err != nil {
			return err
		}
		if len(pg.Items) > 0 {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the organisation has beneficiaries and cannot be deleted"}
		}
		return t.Store.DeleteOrganisation(t.baseCtx(ctx), id, version)
	})
}

// DeleteProject refuses a project that has beneficiaries in own; base
// checks its own references.
func (c *combined) DeleteProject(ctx context.Context, id socialsvc.ProjectID, version int64) error {
	return c.write(ctx, func(t *combined) error {
		pg, err := t.own.ListBeneficiaries(t.ownCtx(ctx), BeneficiaryFilter{ProjectID: id, ListOptions: ListOptions{Limit: 1}})
		if err != nil {
			return err
		}
		if len(pg.Items) > 0 {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the project has beneficiaries and cannot be deleted"}
		}
		return t.Store.DeleteProject(t.baseCtx(ctx), id, version)
	})
}

// The sums and counts read only base's data (attendance names
// beneficiaries by ID), so they are base's: in SQL when base is an
// Aggregator, by streaming otherwise.

func (c *combined) SumExpenditure(ctx context.Context, f ExpenditureFilter) ([]ExpenditureSum, error) {
	return SumExpenditure(ctx, c.Store, f)
}

func (c *combined) SumBudget(ctx context.Context, f BudgetFilter) ([]BudgetSum, error) {
	return SumBudget(ctx, c.Store, f)
}

func (c *combined) CountAttendance(ctx context.Context, f AttendanceFilter) (AttendanceCounts, error) {
	return CountAttendance(ctx, c.Store, f)
}
