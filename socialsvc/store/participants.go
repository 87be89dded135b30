package store

import (
	"context"
	"iter"
	"maps"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Participant is one participation with what the ESF+ indicators read of
// its beneficiary (socialsvc.ESFCounter.Add). Person holds the
// beneficiary's ID, gender, age band and birth year and month, and no
// other field of the record; it is nil when the participation is
// anonymous (its Anonymous holds what counts of the person) or when the
// store has no record of the beneficiary (gender and age then count as
// unknown).
type Participant struct {
	Participation socialsvc.Participation
	Person        *socialsvc.Beneficiary
}

// ParticipantScanner is an optional capability of a store that holds
// both participations and beneficiaries: it streams the participations f
// selects (f's paging ignored), each with its Participant.Person, in one
// pass (the SQL drivers: one query joining the beneficiaries), instead of
// the participations first and their beneficiaries after. It only reads:
// the indicators are counted by socialsvc.ESFCounter, whatever the store.
//
// A store that keeps beneficiaries elsewhere (Combine) must not claim it;
// ScanParticipants then reads the two apart.
type ParticipantScanner interface {
	ScanParticipants(ctx context.Context, f ParticipationFilter) iter.Seq2[Participant, error]
}

// ScanParticipants streams the participations f selects with their
// beneficiaries' counting data (Participant), by the store's
// ParticipantScanner when it has one. Otherwise it reads the
// participations (ScanParticipations), then their beneficiaries: one by
// one when they are few, else one scan per organisation controlling them
// (the participations carry it), and one by one those not found there.
// The order is the store's ScanParticipations order.
func ScanParticipants(ctx context.Context, s Store, f ParticipationFilter) iter.Seq2[Participant, error] {
	f.ListOptions = ListOptions{}
	if ps, ok := s.(ParticipantScanner); ok {
		return ps.ScanParticipants(ctx, f)
	}
	return func(yield func(Participant, error) bool) {
		ps, err := AsParticipations(s)
		if err != nil {
			yield(Participant{}, err)
			return
		}
		var parts []socialsvc.Participation
		for p, err := range ps.ScanParticipations(ctx, f) {
			if err != nil {
				yield(Participant{}, err)
				return
			}
			parts = append(parts, p)
		}
		people, err := peopleOf(ctx, s, parts)
		if err != nil {
			yield(Participant{}, err)
			return
		}
		for i := range parts {
			var person *socialsvc.Beneficiary
			if parts[i].Anonymous == nil {
				person = people[parts[i].BeneficiaryID]
			}
			if !yield(Participant{Participation: parts[i], Person: person}, nil) {
				return
			}
		}
	}
}

// fewBeneficiaries is how many beneficiaries peopleOf reads one by one;
// more are read by organisation.
const fewBeneficiaries = 64

// peopleOf reads the beneficiaries of the participations that are not
// anonymous, reduced to their counting data (Participant.Person).
func peopleOf(ctx context.Context, s Store, parts []socialsvc.Participation) (map[socialsvc.BeneficiaryID]*socialsvc.Beneficiary, error) {
	need := map[socialsvc.BeneficiaryID]*socialsvc.Beneficiary{}
	orgs := map[socialsvc.OrgID]bool{}
	for i := range parts {
		if p := &parts[i]; p.Anonymous == nil && p.BeneficiaryID != "" {
			need[p.BeneficiaryID] = nil
			if p.OrgID != "" {
				orgs[p.OrgID] = true
			}
		}
	}
	if len(need) > fewBeneficiaries {
		for _, org := range slices.Sorted(maps.Keys(orgs)) {
			for b, err := range s.ScanBeneficiaries(ctx, BeneficiaryFilter{OrgID: org}) {
				if err != nil {
					return nil, err
				}
				if _, ok := need[b.ID]; ok {
					need[b.ID] = PersonOf(&b)
				}
			}
		}
	}
	for id, b := range need {
		if b != nil {
			continue
		}
		got, err := s.GetBeneficiary(ctx, id)
		switch {
		case err == nil:
			need[id] = PersonOf(&got)
		case socialsvc.ErrorCode(err) != socialsvc.NotFound:
			return nil, err
		}
	}
	return need, nil
}

// PersonOf reduces b to what Participant.Person holds: its ID, gender,
// age band and birth year and month.
func PersonOf(b *socialsvc.Beneficiary) *socialsvc.Beneficiary {
	return &socialsvc.Beneficiary{ID: b.ID, Gender: b.Gender, AgeBand: b.AgeBand, BirthYear: b.BirthYear, BirthMonth: b.BirthMonth}
}
