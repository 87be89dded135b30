package sqlstore

import (
	"context"
	"iter"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The store.BulkImporter methods check every row with the same CheckXxx
// functions as the single writes, report every bad row (store.RowErrors),
// and only then load the batch with CopyFrom (COPY, or a prepared INSERT)
// in one transaction: all or nothing. The records the rows refer to are
// read once per batch, not once per row, through a cachedView.

// idChunk bounds the IDs of one list parameter.
const idChunk = 5000

// collectRows reads the caller's rows before the transaction starts, so
// that a transaction run again after a serialisation failure does not
// need the sequence a second time.
func collectRows[T any](ctx context.Context, rows iter.Seq[T]) ([]T, error) {
	var out []T
	for v := range rows {
		out = append(out, v)
		if len(out)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, ctx.Err()
}

// memo remembers lookups (found, or not found) for one import.
type memo[K comparable, V any] map[K]memoEntry[V]

type memoEntry[V any] struct {
	v   V
	err error
}

func (m memo[K, V]) get(k K, fetch func() (V, error)) (V, error) {
	if e, ok := m[k]; ok {
		return e.v, e.err
	}
	v, err := fetch()
	if err == nil || socialsvc.ErrorCode(err) == socialsvc.NotFound {
		m[k] = memoEntry[V]{v, err}
	}
	return v, err
}

// cachedView is the store the rule checks of an import read through: the
// transaction's view, with the lookups the checks make remembered.
type cachedView struct {
	store.Store
	orgs     memo[socialsvc.OrgID, socialsvc.Organisation]
	projects memo[socialsvc.ProjectID, socialsvc.Project]
	partners memo[socialsvc.PartnerID, socialsvc.Partner]
	events   memo[socialsvc.EventID, socialsvc.Event]
	bens     memo[socialsvc.BeneficiaryID, socialsvc.Beneficiary]
	// memberships are the first pages of partner lists by project and
	// organisation: what the write rules (store.CheckWrite) ask for each
	// row of an editor's import.
	memberships memo[store.PartnerFilter, store.Page[socialsvc.Partner]]
	rates       *socialsvc.RateTable
}

func newCachedView(v store.Store) *cachedView {
	return &cachedView{Store: v, orgs: memo[socialsvc.OrgID, socialsvc.Organisation]{}, projects: memo[socialsvc.ProjectID, socialsvc.Project]{},
		partners: memo[socialsvc.PartnerID, socialsvc.Partner]{}, events: memo[socialsvc.EventID, socialsvc.Event]{},
		bens: memo[socialsvc.BeneficiaryID, socialsvc.Beneficiary]{}, memberships: memo[store.PartnerFilter, store.Page[socialsvc.Partner]]{}}
}

// ListPartners remembers the lists the write rules make: one project and
// organisation, first page, default order. Others go to the store.
func (c *cachedView) ListPartners(ctx context.Context, f store.PartnerFilter) (store.Page[socialsvc.Partner], error) {
	if f.Cursor != "" || f.Sort != "" || f.Role != "" || f.OrgID == "" {
		return c.Store.ListPartners(ctx, f)
	}
	return c.memberships.get(f, func() (store.Page[socialsvc.Partner], error) { return c.Store.ListPartners(ctx, f) })
}

func (c *cachedView) GetOrganisation(ctx context.Context, id socialsvc.OrgID) (socialsvc.Organisation, error) {
	return c.orgs.get(id, func() (socialsvc.Organisation, error) { return c.Store.GetOrganisation(ctx, id) })
}

func (c *cachedView) GetProject(ctx context.Context, id socialsvc.ProjectID) (socialsvc.Project, error) {
	return c.projects.get(id, func() (socialsvc.Project, error) { return c.Store.GetProject(ctx, id) })
}

func (c *cachedView) GetPartner(ctx context.Context, id socialsvc.PartnerID) (socialsvc.Partner, error) {
	return c.partners.get(id, func() (socialsvc.Partner, error) { return c.Store.GetPartner(ctx, id) })
}

func (c *cachedView) GetEvent(ctx context.Context, id socialsvc.EventID) (socialsvc.Event, error) {
	return c.events.get(id, func() (socialsvc.Event, error) { return c.Store.GetEvent(ctx, id) })
}

func (c *cachedView) GetBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) (socialsvc.Beneficiary, error) {
	return c.bens.get(id, func() (socialsvc.Beneficiary, error) { return c.Store.GetBeneficiary(ctx, id) })
}

func (c *cachedView) RateTable(ctx context.Context) (*socialsvc.RateTable, error) {
	if c.rates != nil {
		return c.rates, nil
	}
	rt, err := c.Store.RateTable(ctx)
	c.rates = rt
	return rt, err
}

// prefetch reads the rows of e whose IDs are in ids into m, in chunks,
// and remembers the IDs that do not exist.
func prefetch[T any, K ~string](ctx context.Context, tx *Store, e *entity[T], ids []K, m memo[K, T]) error {
	for len(ids) > 0 {
		chunk := ids[:min(idChunk, len(ids))]
		ids = ids[len(chunk):]
		strs := make([]string, len(chunk))
		for i, id := range chunk {
			strs[i] = string(id)
		}
		err := tx.collect(ctx, "SELECT "+e.cols+" FROM "+e.table+" WHERE "+tx.d.In("id", 1), []any{tx.d.ListArg(strs)}, func(r Rows) error {
			v, err := e.scanRow(r)
			m[K(e.id(&v))] = memoEntry[T]{v: v}
			return err
		})
		if err != nil {
			return err
		}
		for _, id := range chunk {
			if _, ok := m[id]; !ok {
				m[id] = memoEntry[T]{err: notFound(e.label)}
			}
		}
	}
	return nil
}

// distinct returns the distinct non-empty keys of rows in first-seen
// order.
func distinct[T any, K ~string](rows []T, key func(*T) K) []K {
	seen := map[K]bool{}
	var out []K
	for i := range rows {
		k := key(&rows[i])
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// forEachChunk runs fn on ids in chunks of idChunk.
func forEachChunk(ids []string, fn func([]string) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(idChunk, len(ids))]
		ids = ids[len(chunk):]
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return nil
}

func strs[K ~string](ks []K) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// auditImport records one entry for a whole import: the entity, how many
// rows and the import's own ID.
func (tx *Store) auditImport(ctx context.Context, entity string, n int) error {
	return tx.audit(ctx, store.ActionImport, entity, socialsvc.NewID("imp"), nil, map[string]int{"rows": n}, now())
}

// ImportAttendance imports attendance records, all or none: every row is
// checked (store.CheckAttendance), every bad row is reported, including
// repeated rows and rows already stored, and nothing is written unless all
// are good. The records are loaded with CopyFrom in one transaction.
func (s *Store) ImportAttendance(ctx context.Context, rows iter.Seq[socialsvc.Attendance]) (int, error) {
	if err := s.usable(ctx); err != nil {
		return 0, err
	}
	batch, err := collectRows(ctx, rows)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.write(ctx, func(tx *Store) error {
		n = 0
		view := tx.view(ctx)
		cv := newCachedView(view)
		events := distinct(batch, func(a *socialsvc.Attendance) socialsvc.EventID { return a.EventID })
		if err := prefetch(ctx, tx, tx.e.evt, events, cv.events); err != nil {
			return err
		}
		bens := distinct(batch, func(a *socialsvc.Attendance) socialsvc.BeneficiaryID { return a.BeneficiaryID })
		if lock := tx.d.LockShare(); lock != "" {
			// Hold the beneficiaries until commit, as CreateAttendance does.
			err := forEachChunk(strs(bens), func(ids []string) error {
				return tx.collect(ctx, "SELECT id FROM beneficiaries WHERE "+tx.d.In("id", 1)+lock, []any{tx.d.ListArg(ids)}, func(Rows) error { return nil })
			})
			if err != nil {
				return err
			}
		}
		if view == store.Store(tx) {
			// The beneficiaries are in this database (not a custom store
			// joined by store.Combine): read them in one go too.
			if err := prefetch(ctx, tx, tx.e.ben, bens, cv.bens); err != nil {
				return err
			}
		}
		var errs store.RowErrors
		seen := make(map[[2]string]int, len(batch))
		for i := range batch {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			a := &batch[i]
			if err := store.CheckWrite(ctx, cv, nil, a); err != nil {
				return err
			}
			if err := store.CheckAttendance(ctx, cv, a); err != nil {
				if err := errs.Add(i+1, err); err != nil {
					return err
				}
				continue
			}
			k := [2]string{string(a.EventID), string(a.BeneficiaryID)}
			if first, dup := seen[k]; dup {
				_ = errs.Add(i+1, socialsvc.FieldErrf("beneficiary_id", "duplicate", "err.beneficiary_id.duplicate", socialsvc.Args{"First": strconv.Itoa(first)}))
				continue
			}
			seen[k] = i + 1
		}
		// Rows already stored.
		err := forEachChunk(strs(events), func(ids []string) error {
			return tx.collect(ctx, "SELECT event_id, beneficiary_id FROM attendance WHERE "+tx.d.In("event_id", 1), []any{tx.d.ListArg(ids)}, func(r Rows) error {
				var k [2]string
				if err := r.Scan(strDst[string]{&k[0]}, strDst[string]{&k[1]}); err != nil {
					return err
				}
				if row, ok := seen[k]; ok {
					_ = errs.Add(row, socialsvc.FieldErr("beneficiary_id", "unique", "err.beneficiary_id.unique"))
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		at := tx.d.Time(now())
		i := 0
		args := make([]any, 4)
		copied, err := tx.tx.CopyFrom(ctx, "attendance", []string{"event_id", "beneficiary_id", "project_id", "created_at"}, func() ([]any, error) {
			if i >= len(batch) {
				return nil, nil
			}
			a := &batch[i]
			i++
			args[0], args[1], args[2], args[3] = string(a.EventID), string(a.BeneficiaryID), string(a.ProjectID), at
			return args, nil
		})
		if err != nil {
			return tx.fail(ctx, err)
		}
		n = int(copied)
		return tx.auditImport(ctx, store.EntityAttendance, n)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ImportBeneficiaries imports beneficiaries, all or none, with the rules
// of ImportAttendance. IDs left empty are generated.
func (s *Store) ImportBeneficiaries(ctx context.Context, rows iter.Seq[socialsvc.Beneficiary]) (int, error) {
	return importRows(ctx, s, func(tx *Store) *entity[socialsvc.Beneficiary] { return tx.e.ben }, rows,
		func(ctx context.Context, v store.Store, b *socialsvc.Beneficiary) error {
			return store.CheckBeneficiary(ctx, v, nil, b)
		})
}

// ImportExpenditure imports expenditure lines, all or none, with the rules
// of ImportAttendance. Conversions are filled as CreateExpenditure does.
func (s *Store) ImportExpenditure(ctx context.Context, rows iter.Seq[socialsvc.Expenditure]) (int, error) {
	return importRows(ctx, s, func(tx *Store) *entity[socialsvc.Expenditure] { return tx.e.expnd }, rows,
		func(ctx context.Context, v store.Store, e *socialsvc.Expenditure) error {
			return store.CheckExpenditure(ctx, v, nil, e)
		})
}

// copyRows loads rows of e, whole, with CopyFrom.
func copyRows[T any](ctx context.Context, tx *Store, e *entity[T], rows []T) (int64, error) {
	i := 0
	args := make([]any, 0, e.nargs)
	n, err := tx.tx.CopyFrom(ctx, e.table, e.insertCols(tx.d), func() ([]any, error) {
		if i >= len(rows) {
			return nil, nil
		}
		args = args[:0]
		for _, f := range e.fields {
			args = f.args(tx.d, &rows[i], args)
		}
		i++
		return args, nil
	})
	if err != nil {
		return n, tx.fail(ctx, err)
	}
	return n, nil
}

// importRows is the import of a versioned entity: check every row, give
// new rows IDs, refuse IDs that repeat or exist, then copy.
func importRows[T any](ctx context.Context, s *Store, ent func(*Store) *entity[T], rows iter.Seq[T],
	check func(ctx context.Context, v store.Store, x *T) error) (int, error) {
	if err := s.usable(ctx); err != nil {
		return 0, err
	}
	input, err := collectRows(ctx, rows)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.write(ctx, func(tx *Store) error {
		n = 0
		e := ent(tx)
		batch := make([]T, len(input))
		copy(batch, input)
		cv := newCachedView(tx.view(ctx))
		var errs store.RowErrors
		ids := map[string]int{}
		var given []string
		for i := range batch {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v := &batch[i]
			if err := store.CheckWrite(ctx, cv, nil, v); err != nil {
				return err
			}
			if err := check(ctx, cv, v); err != nil {
				if err := errs.Add(i+1, err); err != nil {
					return err
				}
				continue
			}
			if id := e.id(v); id != "" {
				if first, dup := ids[id]; dup {
					_ = errs.Add(i+1, socialsvc.FieldErrf("id", "duplicate", "err.id.duplicate", socialsvc.Args{"First": strconv.Itoa(first)}))
					continue
				}
				ids[id] = i + 1
				given = append(given, id)
			}
		}
		err := forEachChunk(given, func(chunk []string) error {
			return tx.collect(ctx, "SELECT id FROM "+e.table+" WHERE "+tx.d.In("id", 1), []any{tx.d.ListArg(chunk)}, func(r Rows) error {
				var id string
				if err := r.Scan(strDst[string]{&id}); err != nil {
					return err
				}
				_ = errs.Add(ids[id], socialsvc.FieldErr("id", "unique", "err.id.unique_2"))
				return nil
			})
		})
		if err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		at := now()
		for i := range batch {
			v := &batch[i]
			if e.id(v) == "" {
				e.setID(v, socialsvc.NewID(e.prefix))
			}
			ver, created, updated := e.stamp(v)
			*ver, *created, *updated = 1, at, at
		}
		copied, err := copyRows(ctx, tx, e, batch)
		if err != nil {
			return err
		}
		n = int(copied)
		return tx.auditImport(ctx, e.entity, n)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
