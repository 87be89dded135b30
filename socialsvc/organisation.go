package socialsvc

import (
	"slices"
	"time"
)

// LegalStatus is the legal form of an organisation, as funders classify it.
type LegalStatus string

// Legal statuses.
const (
	LegalPublicBody       LegalStatus = "public_body"
	LegalPublicEquivalent LegalStatus = "body_governed_by_public_law"
	LegalNGO              LegalStatus = "ngo"
	LegalFoundation       LegalStatus = "foundation"
	LegalPrivateCompany   LegalStatus = "private_company"
	LegalSocialEnterprise LegalStatus = "social_enterprise"
	LegalInternational    LegalStatus = "international_org"
	LegalGovernment       LegalStatus = "government"
	LegalAcademic         LegalStatus = "academic"
	LegalOther            LegalStatus = "other"
)

// LegalStatuses lists every legal status.
var LegalStatuses = []LegalStatus{LegalPublicBody, LegalPublicEquivalent, LegalNGO, LegalFoundation, LegalPrivateCompany, LegalSocialEnterprise, LegalInternational, LegalGovernment, LegalAcademic, LegalOther}

// Valid reports whether s is a known legal status.
func (s LegalStatus) Valid() bool { return slices.Contains(LegalStatuses, s) }

// Label returns the legal status for people reading lang ("nevladna
// organizacija" in sl), from the catalogue ids domain.legal_status.<status>;
// the code itself for an unknown one.
func (s LegalStatus) Label(lang Lang) string { return codeLabel("domain.legal_status.", s, lang) }

// Organisation is a legal entity that takes part in projects. The same
// organisation takes part in many projects: participation is Partner.
type Organisation struct {
	ID          OrgID       `json:"id"`
	Name        string      `json:"name" validate:"required,max=300"`
	ShortName   string      `json:"short_name,omitempty" validate:"max=50"`
	LegalStatus LegalStatus `json:"legal_status" validate:"required,legal_status"`
	// Country is an ISO 3166-1 alpha-2 code; XK is accepted for Kosovo.
	Country string `json:"country" validate:"required,country"`
	// TaxID is checked by CheckTaxID for the country. It is optional for
	// associated partners and foreign bodies that have none to give.
	TaxID string `json:"tax_id,omitempty" validate:"max=64"`
	// IATIRef is the organisation's registered IATI organisation
	// identifier ("<org-id.guide prefix>-<number>", CheckOrgIdentifier).
	// It wins over the identifier OrgIdentifier derives from TaxID.
	IATIRef   string    `json:"iati_ref,omitempty" validate:"max=100"`
	Region    *Region   `json:"region,omitempty"`
	City      string    `json:"city,omitempty" validate:"max=200"`
	Website   string    `json:"website,omitempty" validate:"omitempty,max=500,http_url"`
	Contact   *Contact  `json:"contact,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Contact is an organisation's contact point (a role, or a person who
// agreed to be named as such).
type Contact struct {
	Name  string `json:"name,omitempty" validate:"max=200"`
	Email string `json:"email,omitempty" validate:"omitempty,email,max=254"`
	Phone string `json:"phone,omitempty" validate:"max=50"`
}

// Role is a partner's role in a project.
type Role string

// Partner roles. A project has exactly one lead partner; associated
// partners take part without a budget.
const (
	RoleLead       Role = "lead"
	RolePartner    Role = "partner"
	RoleAssociated Role = "associated"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleLead || r == RolePartner || r == RoleAssociated }

// Label returns the role for people reading lang, from the catalogue ids
// domain.role.<role>; the code itself for an unknown one.
func (r Role) Label(lang Lang) string { return codeLabel("domain.role.", r, lang) }

// Partner is an organisation's participation in a project.
type Partner struct {
	ID        PartnerID `json:"id"`
	ProjectID ProjectID `json:"project_id" validate:"required"`
	OrgID     OrgID     `json:"org_id" validate:"required"`
	Role      Role      `json:"role" validate:"required,role"`
	// Number is the partner's number in the project (LP = 0 or 1, PP2...),
	// as the application form numbers them.
	Number int `json:"number" validate:"min=0,max=1000"`
	// Funding lists the funds co-financing this partner's budget.
	Funding []CoFinancing `json:"funding,omitempty" validate:"dive"`
	// ControlBody is the organisation whose controllers check the
	// partner's reports (first-level control); it is not the partner's own.
	ControlBody OrgID     `json:"control_body,omitempty"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}
