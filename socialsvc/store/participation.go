package store

import (
	"context"
	"iter"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Participations stores ESF+ participations (socialsvc.Participation).
// Create and Update check the participation (socialsvc.ValidateParticipation),
// that the beneficiary belongs to the project's partners and the writer's
// organisation, and that the same beneficiary has no overlapping
// participation in the project; they copy the beneficiary's organisation
// into OrgID. Erasing the beneficiary keeps its participations as anonymous
// records, so the indicators of past periods stay right.
//
// It is an optional capability: a Store is asked for it with a type
// assertion (AsParticipations), so that stores written before it keep
// working.
type Participations interface {
	CreateParticipation(ctx context.Context, p *socialsvc.Participation) error
	GetParticipation(ctx context.Context, id socialsvc.ParticipationID) (socialsvc.Participation, error)
	UpdateParticipation(ctx context.Context, p *socialsvc.Participation) error
	DeleteParticipation(ctx context.Context, id socialsvc.ParticipationID, version int64) error
	ListParticipations(ctx context.Context, f ParticipationFilter) (Page[socialsvc.Participation], error)
	ScanParticipations(ctx context.Context, f ParticipationFilter) iter.Seq2[socialsvc.Participation, error]
}

// ParticipationStore is a Store that holds participations.
type ParticipationStore interface {
	Store
	Participations
}

// AsParticipations returns s as a ParticipationStore, or an internal error
// naming what is missing.
func AsParticipations(s Store) (ParticipationStore, error) {
	p, ok := s.(ParticipationStore)
	if !ok {
		return nil, &socialsvc.Error{Code: socialsvc.Internal, Message: "the store does not hold participations (store.Participations)"}
	}
	return p, nil
}

// ParticipationFilter selects participations. ProjectIDs, when set, keeps
// the participations of any of those projects (a portfolio); From and To,
// when set, keep the participations whose entry date lies in [From, To].
type ParticipationFilter struct {
	ProjectID     socialsvc.ProjectID
	ProjectIDs    []socialsvc.ProjectID
	BeneficiaryID socialsvc.BeneficiaryID
	OrgID         socialsvc.OrgID
	From, To      socialsvc.Date
	ListOptions
}

// EntityParticipation is the participation's name in the audit log.
const EntityParticipation = "participation"
