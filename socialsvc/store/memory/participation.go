package memory

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ESF+ participations (store.Participations). The rules are the store
// package's: CheckWrite and CheckParticipation; erasing a beneficiary
// anonymises its participations (store.AnonymiseParticipations).

var _ store.ParticipationStore = (*Store)(nil)

var kParticipation = &kind[socialsvc.Participation]{
	entity: store.EntityParticipation, label: "participation", prefix: "par",
	table: func(st *state) *table[socialsvc.Participation] { return &st.participations },
	id:    func(v *socialsvc.Participation) string { return string(v.ID) },
	setID: func(v *socialsvc.Participation, id string) { v.ID = socialsvc.ParticipationID(id) },
	stamp: func(v *socialsvc.Participation) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: socialsvc.Participation.Clone,
}

// CreateParticipation stores p (see store.Participations).
func (s *Store) CreateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return create(ctx, s, kParticipation, p, func(ctx context.Context, tx *Store, p *socialsvc.Participation) error {
		return store.CheckParticipation(ctx, tx.view(ctx), nil, p)
	}, nil)
}

// GetParticipation returns the participation id.
func (s *Store) GetParticipation(ctx context.Context, id socialsvc.ParticipationID) (socialsvc.Participation, error) {
	return get(ctx, s, kParticipation, string(id))
}

// UpdateParticipation replaces p at its version.
func (s *Store) UpdateParticipation(ctx context.Context, p *socialsvc.Participation) error {
	return update(ctx, s, kParticipation, p, func(ctx context.Context, tx *Store, old, p *socialsvc.Participation) error {
		return store.CheckParticipation(ctx, tx.view(ctx), old, p)
	}, nil)
}

// DeleteParticipation deletes the participation id at version.
func (s *Store) DeleteParticipation(ctx context.Context, id socialsvc.ParticipationID, version int64) error {
	return remove(ctx, s, kParticipation, string(id), version, nil, nil)
}

func participationMatch(f store.ParticipationFilter) func(*state) func(*socialsvc.Participation) bool {
	return func(*state) func(*socialsvc.Participation) bool {
		return func(p *socialsvc.Participation) bool {
			return (f.ProjectID == "" || p.ProjectID == f.ProjectID) &&
				(len(f.ProjectIDs) == 0 || slices.Contains(f.ProjectIDs, p.ProjectID)) &&
				(f.BeneficiaryID == "" || p.BeneficiaryID == f.BeneficiaryID) &&
				(f.OrgID == "" || p.OrgID == f.OrgID) &&
				(f.From.IsZero() || !p.EntryDate.Before(f.From)) &&
				(f.To.IsZero() || !p.EntryDate.After(f.To))
		}
	}
}

// ListParticipations lists participations by ID ("id", "-id").
func (s *Store) ListParticipations(ctx context.Context, f store.ParticipationFilter) (store.Page[socialsvc.Participation], error) {
	return list(ctx, s, kParticipation, f.ListOptions, participationMatch(f))
}

// ScanParticipations streams every matching participation in ID order.
func (s *Store) ScanParticipations(ctx context.Context, f store.ParticipationFilter) iter.Seq2[socialsvc.Participation, error] {
	return scan(ctx, s, kParticipation, participationMatch(f))
}
