package sqlstore

import (
	"context"
	"database/sql"
	"iter"
	"strings"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ESF+ participations (store.Participations). The rules are the store
// package's: CheckWrite and CheckParticipation; erasing a beneficiary
// anonymises its participations (store.AnonymiseParticipations). The
// beneficiary_id column has no foreign key, as attendance's has none:
// store.Combine may keep beneficiaries outside the database.

type part = socialsvc.Participation

// optIntF stores an optional integer; nil is NULL.
func optIntF[T any](col string, p func(*T) **int) field[T] {
	return field[T]{col: col,
		args: func(_ Dialect, v *T, a []any) []any {
			if n := *p(v); n != nil {
				return append(a, int64(*n))
			}
			return append(a, nil)
		},
		dst: func(v *T) sql.Scanner { return optIntDst{p(v)} }}
}

type optIntDst struct{ p **int }

func (d optIntDst) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	var n int
	if err := (intDst[int]{&n}).Scan(src); err != nil {
		return err
	}
	*d.p = &n
	return nil
}

var participationEntity = &entity[part]{
	table: "participations", entity: store.EntityParticipation, label: "participation", prefix: "par",
	fields: fieldsOf[part](
		textF("id", func(v *part) *socialsvc.ParticipationID { return &v.ID }),
		textF("project_id", func(v *part) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("beneficiary_id", func(v *part) *socialsvc.BeneficiaryID { return &v.BeneficiaryID }),
		textF("org_id", func(v *part) *socialsvc.OrgID { return &v.OrgID }),
		dateF("entry_date", func(v *part) *socialsvc.Date { return &v.EntryDate }),
		dateF("exit_date", func(v *part) *socialsvc.Date { return &v.ExitDate }),
		textF("labour_status", func(v *part) *socialsvc.LabourStatus { return &v.LabourStatus }),
		optIntF("isced", func(v *part) **int { return &v.ISCED }),
		textF("disability", func(v *part) *socialsvc.Answer { return &v.Disability }),
		textF("third_country_national", func(v *part) *socialsvc.Answer { return &v.ThirdCountryNational }),
		textF("foreign_background", func(v *part) *socialsvc.Answer { return &v.ForeignBackground }),
		textF("minority", func(v *part) *socialsvc.Answer { return &v.Minority }),
		textF("homeless", func(v *part) *socialsvc.Answer { return &v.Homeless }),
		textF("rural", func(v *part) *socialsvc.Answer { return &v.Rural }),
		jsonF("anonymous", func(v *part) **socialsvc.AnonymousPerson { return &v.Anonymous }),
		jsonF("exit_situation", func(v *part) *[]socialsvc.Result { return &v.ExitSituation }),
		jsonF("six_month_situation", func(v *part) *[]socialsvc.Result { return &v.SixMonthSituation }),
		stamps(func(v *part) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *part) string { return string(v.ID) },
	setID: func(v *part, id string) { v.ID = socialsvc.ParticipationID(id) },
	stamp: func(v *part) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var _ store.ParticipationStore = (*Store)(nil)

// CreateParticipation stores p (see store.Participations). The
// beneficiary row, where the database holds it, is locked until the
// transaction ends, before the checks read anything: two writes of the
// same person's participations, or a write and the person's erasure, run
// one after the other, so that the overlap check and the anonymisation
// see every participation. (A beneficiary kept outside the database by
// store.Combine has no row here; see Combine for what holds then.)
func (s *Store) CreateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return create(ctx, s, s.e.par, p, func(ctx context.Context, tx *Store, p *socialsvc.Participation) error {
		if err := tx.lockBeneficiary(ctx, p.BeneficiaryID); err != nil {
			return err
		}
		return store.CheckParticipation(ctx, tx.view(ctx), nil, p)
	}, nil)
}

// lockBeneficiary locks the beneficiary's row for update where the
// dialect can (PostgreSQL; SQLite runs one writer at a time).
func (s *Store) lockBeneficiary(ctx context.Context, id socialsvc.BeneficiaryID) error {
	if lock := s.d.LockUpdate(); lock != "" && id != "" {
		if _, err := s.exists(ctx, "SELECT 1 FROM beneficiaries WHERE id = $1"+lock, string(id)); err != nil {
			return err
		}
	}
	return nil
}

// GetParticipation returns the participation id.
func (s *Store) GetParticipation(ctx context.Context, id socialsvc.ParticipationID) (socialsvc.Participation, error) {
	return get(ctx, s, s.e.par, string(id))
}

// UpdateParticipation replaces p at its version.
func (s *Store) UpdateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return update(ctx, s, s.e.par, p, func(ctx context.Context, tx *Store, old, p *socialsvc.Participation) error {
		if err := tx.lockBeneficiary(ctx, p.BeneficiaryID); err != nil {
			return err
		}
		return store.CheckParticipation(ctx, tx.view(ctx), old, p)
	}, nil)
}

// DeleteParticipation deletes the participation id at version.
func (s *Store) DeleteParticipation(ctx context.Context, id socialsvc.ParticipationID, version int64) error {
	return remove(ctx, s, s.e.par, string(id), version, nil, nil)
}

func participationWhere(f store.ParticipationFilter) where {
	var w where
	w.eq("project_id", string(f.ProjectID))
	w.eq("beneficiary_id", string(f.BeneficiaryID))
	w.eq("org_id", string(f.OrgID))
	if len(f.ProjectIDs) > 0 {
		marks := make([]string, len(f.ProjectIDs))
		args := make([]any, len(f.ProjectIDs))
		for i, id := range f.ProjectIDs {
			marks[i], args[i] = "$?", string(id)
		}
		w.add("project_id IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if !f.From.IsZero() {
		w.add("entry_date >= $?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("entry_date <= $?", f.To.String())
	}
	return w
}

// ListParticipations lists participations by ID ("id", "-id").
func (s *Store) ListParticipations(ctx context.Context, f store.ParticipationFilter) (store.Page[socialsvc.Participation], error) {
	return list(ctx, s, s.e.par.lister(), f.ListOptions, participationWhere(f))
}

// ScanParticipations streams every matching participation in ID order.
func (s *Store) ScanParticipations(ctx context.Context, f store.ParticipationFilter) iter.Seq2[socialsvc.Participation, error] {
	return scan(ctx, s, s.e.par.lister(), participationWhere(f))
}
