package socialsvc

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
)

// Identifiers are named string types so that a project ID cannot be passed
// where a partner ID is expected. Stores generate them with NewID when the
// caller leaves them empty, and callers may bring their own (demo data uses
// readable ones such as "2sokrog"), which follow the rule of CheckID.
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

// MaxIDLength is the longest identifier a caller may choose.
const MaxIDLength = 64

// ValidID reports whether id follows the one rule for identifiers that
// callers choose: 1 to 64 characters, lower-case ASCII letters, digits,
// '-' and '_', starting with a letter or a digit ([a-z0-9][a-z0-9_-]{0,63}).
//
// The rule keeps identifiers safe wherever they travel: in URL paths
// (no '/', '.', '%'), headers and logs (no CR, LF or NUL), file names of
// exports (no "../"), and in front of a reader (no look-alike letters from
// other scripts, no invisible characters). Nothing is repaired: upper case
// is refused rather than folded, so that "OS-1" and "os-1" can never be two
// spellings of one record, and because every character outside ASCII is
// refused, Unicode normalisation cannot make two different inputs equal.
// NewID's identifiers follow it.
func ValidID(id string) bool {
	if len(id) == 0 || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// CheckID returns nil for an identifier a store may take: an empty one
// (the store generates it) or one that follows ValidID. Otherwise it is an
// Invalid error naming field, saying what is wrong without repeating the
// value.
func CheckID(field, id string) error {
	if id == "" || ValidID(id) {
		return nil
	}
	switch {
	case len(id) > MaxIDLength:
		return FieldErr(field, "id", "err.id")
	case strings.ToLower(id) != id && ValidID(strings.ToLower(id)):
		return FieldErr(field, "id", "err.id_2")
	}
	return FieldErr(field, "id", "err.id_3")
}

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

func itoa(i int) string {
	if i >= 0 && i < 10 {
		return string(rune('0' + i))
	}
	return strconv.Itoa(i)
}
