package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Actor is who performs a write: a user or token of the calling system,
// or trusted host code. The store records it in the audit log and applies
// the write rules to it (CheckWrite): what an actor may write follows from
// its Role and its organisation's partnerships, see Role.
type Actor struct {
	ID    string          `json:"id"`
	OrgID socialsvc.OrgID `json:"org_id,omitempty"`
	Role  Role            `json:"role,omitempty"`
}

type actorKey struct{}

// WithActor returns a context carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// SystemID is the ID of the actor of writes whose context carries none.
const SystemID = "system"

// ActorFrom returns the actor in ctx; writes without one (or with an
// actor without ID) are recorded as "system" and have the system's
// rights (RoleSystem).
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.ID != "" {
		return a
	}
	return Actor{ID: SystemID}
}

type reasonKey struct{}

// MaxReasonLen bounds the reason of a write, in bytes.
const MaxReasonLen = 1000

// WithReason returns a context whose writes record reason in the audit
// log. A correction of a closed project's money, attendance or
// measurements needs one (CheckWrite); any other write may carry one.
// The reason is free text for auditors: it must not hold personal data.
func WithReason(ctx context.Context, reason string) context.Context {
	return context.WithValue(ctx, reasonKey{}, reason)
}

// ReasonFrom returns the reason in ctx, trimmed of surrounding space, or "".
func ReasonFrom(ctx context.Context) string {
	r, _ := ctx.Value(reasonKey{}).(string)
	return strings.TrimSpace(r)
}

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionErase  = "erase"
	ActionImport = "import"
)

// Entity names used in the audit log.
const (
	EntityOrganisation = "organisation"
	EntityFund         = "fund"
	EntityProject      = "project"
	EntityPartner      = "partner"
	EntityWorkPackage  = "work_package"
	EntityActivity     = "activity"
	EntityEvent        = "event"
	EntityAttendance   = "attendance"
	EntityBeneficiary  = "beneficiary"
	EntityIndicator    = "indicator"
	EntityMeasurement  = "measurement"
	EntityBudgetLine   = "budget_line"
	EntityExpenditure  = "expenditure"
	EntityRate         = "rate"
)

// AuditEntry is one write. Before and After are the entity's JSON before
// and after the write (null for create and delete respectively); for
// beneficiaries they are AuditView, without personal attributes.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    Actor     `json:"actor"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	// Reason is why the write was made, when the writer gave one
	// (WithReason): required for corrections of closed projects.
	Reason string          `json:"reason,omitempty"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// NewAuditEntry builds the entry for a write of entity id by the actor in
// ctx. before and after are the values (nil when absent); beneficiaries are
// reduced to BeneficiaryAuditView so that no personal attribute enters the
// log. Drivers fill Seq and persist it.
func NewAuditEntry(ctx context.Context, action, entity, id string, before, after any, at time.Time) (AuditEntry, error) {
	e := AuditEntry{At: at.UTC(), Actor: ActorFrom(ctx), Action: action, Entity: entity, EntityID: id, Reason: ReasonFrom(ctx)}
	var err error
	if pb, pa := participationOf(before), participationOf(after); pb != nil || pa != nil {
		// A participation's attributes never reach the log: its IDs,
		// and for an update the names of the fields that changed.
		var bv, av any
		if pb != nil {
			bv = ParticipationAuditView(pb)
		}
		if pa != nil {
			v := ParticipationAuditView(pa)
			if pb != nil {
				v.Changed = participationChanges(pb, pa)
			}
			av = v
		}
		before, after = bv, av
	}
	if e.Before, err = auditJSON(before); err != nil {
		return AuditEntry{}, err
	}
	if e.After, err = auditJSON(after); err != nil {
		return AuditEntry{}, err
	}
	return e, nil
}

func auditJSON(v any) (json.RawMessage, error) {
	switch b := v.(type) {
	case nil:
		return nil, nil
	case *socialsvc.Beneficiary:
		if b == nil {
			return nil, nil
		}
		v = BeneficiaryAuditView(b)
	case socialsvc.Beneficiary:
		v = BeneficiaryAuditView(&b)
	}
	return json.Marshal(v)
}

// BeneficiaryAudit is what the audit log keeps of a beneficiary: its
// identity in the system and the fact of changes, never its attributes
// (gender, age, region, target groups reveal special-category data).
type BeneficiaryAudit struct {
	ID        socialsvc.BeneficiaryID `json:"id"`
	OrgID     socialsvc.OrgID         `json:"org_id"`
	ProjectID socialsvc.ProjectID     `json:"project_id,omitempty"`
	Version   int64                   `json:"version"`
	Erased    bool                    `json:"erased,omitempty"`
}

// BeneficiaryAuditView reduces b to what the audit log may hold.
func BeneficiaryAuditView(b *socialsvc.Beneficiary) BeneficiaryAudit {
	return BeneficiaryAudit{ID: b.ID, OrgID: b.OrgID, ProjectID: b.ProjectID, Version: b.Version, Erased: b.Erased}
}
