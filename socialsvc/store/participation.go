package store

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"reflect"
	"slices"
	"strings"

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

type anonymiseKey struct{}

// anonymising reports whether ctx belongs to AnonymiseParticipations.
func anonymising(ctx context.Context) bool {
	v, _ := ctx.Value(anonymiseKey{}).(bool)
	return v
}

var (
	errAnonymousReadOnly = socialsvc.FieldErr("anonymous", "read_only", "err.anonymous.read_only")
	errAnonymousChanged  = &socialsvc.Error{Code: socialsvc.Conflict, Message: "the participation is anonymous (its beneficiary was erased) and cannot be changed",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("anonymous", "erased", "err.anonymous.erased", nil)}}
)

// CheckParticipation validates a participation before create (old ==
// nil) or update, reading through s (a driver passes View of its
// transaction), and sets p.OrgID to the beneficiary's organisation:
//
//   - socialsvc.ValidateParticipation (invalid, every field named);
//   - the project exists and an update keeps it (a participation does
//     not move between projects);
//   - the beneficiary exists, is not erased, and belongs to the project:
//     its record names the project, or its organisation is a partner of
//     the project (field "beneficiary_id");
//   - the same beneficiary has no other participation in the project
//     whose time overlaps this one (conflict, field "entry_date"): a
//     participation lasts from its entry date to its exit date, both
//     days included, and one without an exit date lasts from its entry
//     on, so that a re-entry must begin after the previous exit;
//   - Anonymous is the store's (AnonymiseParticipations): a caller cannot
//     set or change it, and an anonymous participation cannot be changed
//     any more (conflict). Deleting it stays possible.
//
// Who may write (the beneficiary's own organisation, the project's
// status) is CheckWrite's.
func CheckParticipation(ctx context.Context, s Store, old, p *socialsvc.Participation) error {
	if err := socialsvc.CheckID("id", string(p.ID)); err != nil {
		return err
	}
	if anonymising(ctx) {
		// The erasure changes Anonymous and nothing else.
		if old == nil || p.Anonymous == nil {
			return errAnonymousReadOnly
		}
		q := p.Clone()
		q.Anonymous, q.Version, q.CreatedAt, q.UpdatedAt = old.Anonymous, old.Version, old.CreatedAt, old.UpdatedAt
		if !reflect.DeepEqual(q, old.Clone()) {
			return errAnonymousReadOnly
		}
		return nil
	}
	if old != nil && old.Anonymous != nil {
		return errAnonymousChanged
	}
	if p.Anonymous != nil {
		return errAnonymousReadOnly
	}
	if err := socialsvc.ValidateParticipation(p); err != nil {
		return err
	}
	if old != nil && old.ProjectID != p.ProjectID {
		return socialsvc.FieldErr("project_id", "same_project", "err.project_id.same_project")
	}
	if _, err := s.GetProject(ctx, p.ProjectID); err != nil {
		return missing(err, "project_id", "project")
	}
	b, err := s.GetBeneficiary(ctx, p.BeneficiaryID)
	if err != nil {
		return missing(err, "beneficiary_id", "beneficiary")
	}
	if b.Erased {
		return socialsvc.FieldErr("beneficiary_id", "erased", "err.beneficiary_id.erased_2")
	}
	if b.ProjectID != p.ProjectID {
		pg, err := s.ListPartners(ctx, PartnerFilter{ProjectID: p.ProjectID, OrgID: b.OrgID, ListOptions: ListOptions{Limit: 1}})
		if err != nil {
			return err
		}
		if len(pg.Items) == 0 {
			return socialsvc.FieldErr("beneficiary_id", "project", "err.beneficiary_id.project")
		}
	}
	p.OrgID = b.OrgID
	ps, err := AsParticipations(s)
	if err != nil {
		return err
	}
	for o, err := range ps.ScanParticipations(ctx, ParticipationFilter{ProjectID: p.ProjectID, BeneficiaryID: p.BeneficiaryID}) {
		if err != nil {
			return err
		}
		if o.ID != p.ID && Overlap(&o, p) {
			return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary already takes part in the project in this time",
				Fields: []socialsvc.FieldError{socialsvc.NewFieldError("entry_date", "overlap", "err.entry_date.overlap", nil)}}
		}
	}
	return nil
}

// Overlap reports whether two participations share a day: each lasts
// from its entry date to its exit date, both included, or from its entry
// on when it has no exit date.
func Overlap(a, b *socialsvc.Participation) bool {
	endsBefore := func(x, y *socialsvc.Participation) bool {
		return !x.ExitDate.IsZero() && x.ExitDate.Before(y.EntryDate)
	}
	return !endsBefore(a, b) && !endsBefore(b, a)
}

// AnonymiseParticipations turns every participation of the beneficiary
// before (its record as it was before erasure) into an anonymous one
// (socialsvc.Participation.Anonymise): the record stays, attached to the
// erased beneficiary's ID, with the labour status, education, answers
// and results it had, and keeps of the person only the gender and the
// age band at entry. Drivers call it from EraseBeneficiary in the
// erasure's transaction, after CheckWrite allowed the erasure; s is the
// store of that transaction. A store without the capability has nothing
// to anonymise.
//
// Why the answers stay: the figures already reported for past periods
// (EECO12–EECO17 among them) must stay reproducible, and after erasure
// nothing links the record to a person any more (the beneficiary's
// reference, birth year and region are gone; the age band is coarse).
// Each participation changed gets an audit entry (update) that names
// the field anonymous as changed and holds no attribute.
func AnonymiseParticipations(ctx context.Context, s Store, before *socialsvc.Beneficiary) error {
	ps, ok := s.(Participations)
	if !ok {
		return nil
	}
	var todo []socialsvc.Participation
	for p, err := range ps.ScanParticipations(ctx, ParticipationFilter{BeneficiaryID: before.ID}) {
		if err != nil {
			return err
		}
		if p.Anonymous == nil {
			todo = append(todo, p)
		}
	}
	actx := context.WithValue(ctx, anonymiseKey{}, true)
	for _, p := range todo {
		a := p.Anonymise(before)
		if err := ps.UpdateParticipation(actx, &a); err != nil {
			return err
		}
	}
	return nil
}

// ComputeESF computes the ESF+ common indicators (socialsvc.ComputeESF)
// of the participations f selects: its project (or projects: a
// portfolio) and its entry-date period; f's paging is ignored. The
// beneficiaries' gender and birth data are read from s.
func ComputeESF(ctx context.Context, s Store, f ParticipationFilter) (socialsvc.ESFResult, error) {
	ps, err := AsParticipations(s)
	if err != nil {
		return socialsvc.ESFResult{}, err
	}
	// The store selects; the scope records what was selected (its
	// projects may hold more than the store returned when both
	// ProjectID and ProjectIDs are set).
	scope := socialsvc.ESFScope{ProjectIDs: slices.Clone(f.ProjectIDs), From: f.From, To: f.To}
	if f.ProjectID != "" && !slices.Contains(scope.ProjectIDs, f.ProjectID) {
		scope.ProjectIDs = append(scope.ProjectIDs, f.ProjectID)
	}
	f.ListOptions = ListOptions{}
	var parts []socialsvc.Participation
	need := map[socialsvc.BeneficiaryID]struct{}{}
	for p, err := range ps.ScanParticipations(ctx, f) {
		if err != nil {
			return socialsvc.ESFResult{}, err
		}
		parts = append(parts, p)
		if p.Anonymous == nil {
			need[p.BeneficiaryID] = struct{}{}
		}
	}
	people, err := beneficiariesOf(ctx, s, need)
	if err != nil {
		return socialsvc.ESFResult{}, err
	}
	return socialsvc.ComputeESF(parts, people, scope), nil
}

// fewBeneficiaries is how many beneficiaries beneficiariesOf reads one by
// one; more are read in one scan of all.
const fewBeneficiaries = 64

// beneficiariesOf reads the beneficiaries named in need.
func beneficiariesOf(ctx context.Context, s Store, need map[socialsvc.BeneficiaryID]struct{}) (map[socialsvc.BeneficiaryID]socialsvc.Beneficiary, error) {
	out := make(map[socialsvc.BeneficiaryID]socialsvc.Beneficiary, len(need))
	if len(need) <= fewBeneficiaries {
		for id := range need {
			b, err := s.GetBeneficiary(ctx, id)
			if socialsvc.ErrorCode(err) == socialsvc.NotFound {
				continue
			}
			if err != nil {
				return nil, err
			}
			out[id] = b
		}
		return out, nil
	}
	for b, err := range s.ScanBeneficiaries(ctx, BeneficiaryFilter{}) {
		if err != nil {
			return nil, err
		}
		if _, ok := need[b.ID]; ok {
			out[b.ID] = b
		}
	}
	return out, nil
}

// ParticipationAudit is what the audit log keeps of a participation: its
// identity in the system and which fields a write changed, never the
// attributes (labour status, education, the special-category answers and
// the results are personal data, most of them of a special category).
type ParticipationAudit struct {
	ID            socialsvc.ParticipationID `json:"id"`
	ProjectID     socialsvc.ProjectID       `json:"project_id"`
	BeneficiaryID socialsvc.BeneficiaryID   `json:"beneficiary_id"`
	OrgID         socialsvc.OrgID           `json:"org_id,omitempty"`
	Version       int64                     `json:"version"`
	Anonymous     bool                      `json:"anonymous,omitempty"`
	// Changed lists the JSON names of the fields an update changed, in
	// the record's order; it is set on the entry's after view only.
	Changed []string `json:"changed,omitempty"`
}

// ParticipationAuditView reduces p to what the audit log may hold.
func ParticipationAuditView(p *socialsvc.Participation) ParticipationAudit {
	return ParticipationAudit{ID: p.ID, ProjectID: p.ProjectID, BeneficiaryID: p.BeneficiaryID, OrgID: p.OrgID,
		Version: p.Version, Anonymous: p.Anonymous != nil}
}

// participationChanges returns the JSON names of the fields in which
// before and after differ, the write's stamps (version, times) left out.
func participationChanges(before, after *socialsvc.Participation) []string {
	var a, b map[string]json.RawMessage
	ja, errA := json.Marshal(before)
	jb, errB := json.Marshal(after)
	if errA != nil || errB != nil || json.Unmarshal(ja, &a) != nil || json.Unmarshal(jb, &b) != nil {
		return nil
	}
	var out []string
	t := reflect.TypeFor[socialsvc.Participation]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		switch name {
		case "", "-", "version", "created_at", "updated_at":
			continue
		}
		if !bytes.Equal(a[name], b[name]) {
			out = append(out, name)
		}
	}
	return out
}

func participationOf(v any) *socialsvc.Participation {
	switch p := v.(type) {
	case *socialsvc.Participation:
		return p
	case socialsvc.Participation:
		return &p
	}
	return nil
}
