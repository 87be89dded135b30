package socialsvc

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
)

// Identifiers are named string types so that a project ID cannot be passed
// where a partner ID is expected. They are opaque to the library: stores
// generate them with NewID when the caller leaves them empty, and callers
// may bring their own (demo data uses readable ones such as "2sokrog").
type (
	OrgID         string
	ProjectID     string
	PartnerID     string
	WorkPackageID string
	ActivityID    string
	EventID       string
	BeneficiaryID string
	IndicatorID   string
	MeasurementID string
	BudgetLineID  string
	FundID        string
	ExpenditureID string
)

// NewID returns a random identifier with a readable prefix, such as
// "prj_3f9a0c1d2e4b5a69". The 64 random bits make collisions negligible for
// the volumes of this domain; stores still enforce uniqueness.
func NewID(prefix string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms (Go 1.24+ panics
		// inside Read instead); keep the branch for older runtimes.
		panic("socialsvc: crypto/rand failed: " + err.Error())
	}
	return prefix + "_" + hex.EncodeToString(b[:])
}

// I18n is a text in Croatian and English. Projects in this field publish
// both; either may be empty where a source has only one.
type I18n struct {
	HR string `json:"hr,omitempty" validate:"max=10000"`
	EN string `json:"en,omitempty" validate:"max=10000"`
}

// In returns the text in lang, falling back to the other language.
func (t I18n) In(lang Lang) string {
	if lang == HR && t.HR != "" || t.EN == "" {
		return t.HR
	}
	return t.EN
}

// IsZero reports whether both texts are empty.
func (t I18n) IsZero() bool { return t.HR == "" && t.EN == "" }

func itoa(i int) string {
	if i >= 0 && i < 10 {
		return string(rune('0' + i))
	}
	return strconv.Itoa(i)
}
