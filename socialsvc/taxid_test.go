package socialsvc_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// The check-digit rules of DOMAIN.md, written here again from the
// standard's verification form rather than copied from taxid.go, so that a
// mistake there is not repeated here.

// oibRef verifies an OIB with ISO 7064 MOD 11,10 (hybrid system): run all
// eleven digits, check digit included, through P = (S mod 10 or 10) × 2
// mod 11 with S = P + digit, starting from P = 10; the number is valid when
// the last S is 1 modulo 10.
func oibRef(s string) bool {
	if len(s) != 11 {
		return false
	}
	p := 10
	for i := range 11 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum := p + int(s[i]-'0')
		if i == 10 {
			return sum%10 == 1
		}
		sum %= 10
		if sum == 0 {
			sum = 10
		}
		p = sum * 2 % 11
	}
	return false
}

// siRef verifies a Slovenian tax number: r = (8,7,6,5,4,3,2 · first seven)
// mod 11; r == 0 would need check digit 11 and no number with that prefix
// is valid; otherwise the check digit is (11 − r) mod 10, which turns 10
// into 0.
func siRef(s string) bool {
	if len(s) != 8 {
		return false
	}
	sum := 0
	for i := range 8 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 7 {
			sum += int(s[i]-'0') * (8 - i)
		}
	}
	r := sum % 11
	return r != 0 && int(s[7]-'0') == (11-r)%10
}

// completeOIB returns the one valid OIB for a ten-digit prefix, found by
// trying every check digit against oibRef.
func completeOIB(t testing.TB, prefix string) string {
	t.Helper()
	var found []string
	for c := '0'; c <= '9'; c++ {
		if s := prefix + string(c); oibRef(s) {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "exactly one check digit completes %s", prefix)
	return found[0]
}

// siSum is the weighted sum of a seven-digit prefix, mod 11.
func siSum(prefix string) int {
	sum := 0
	for i := range 7 {
		sum += int(prefix[i]-'0') * (8 - i)
	}
	return sum % 11
}

func TestOIBReferenceAgainstValidOIB(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 10))
	prefixes := []string{"0000000000", "9999999999", "1234567890", "0000000001"}
	for range 5000 {
		prefixes = append(prefixes, fmt.Sprintf("%010d", rng.Int64N(1e10)))
	}
	for _, p := range prefixes {
		for c := '0'; c <= '9'; c++ {
			s := p + string(c)
			require.Equal(t, oibRef(s), socialsvc.ValidOIB(s), "ValidOIB(%s)", s)
		}
	}
}

func TestSITaxNumberReferenceAgainstValidSITaxNumber(t *testing.T) {
	// Every eight-digit number would be 10^8 calls; every prefix with all
	// check digits from a stride through the space covers each sum mod 11.
	for p := 0; p < 10_000_000; p += 997 {
		prefix := fmt.Sprintf("%07d", p)
		for c := '0'; c <= '9'; c++ {
			s := prefix + string(c)
			require.Equal(t, siRef(s), socialsvc.ValidSITaxNumber(s), "ValidSITaxNumber(%s)", s)
		}
	}
}

func TestCheckTaxIDCroatia(t *testing.T) {
	oib := completeOIB(t, "6943515153")
	require.Equal(t, "69435151530", oib)
	assert.True(t, socialsvc.ValidOIB("12345678903"), "the example in CheckTaxID's doc comment")

	valid := []struct{ country, id string }{
		{"HR", oib},
		{"hr", oib},
		{" HR ", " " + oib + " "},
		{"HR", "HR" + oib},
		{"HR", "HR12345678903"},
		{"HR", completeOIB(t, "0000000000")},
		{"HR", completeOIB(t, "9999999999")},
	}
	for _, tc := range valid {
		assert.NoError(t, socialsvc.CheckTaxID(tc.country, tc.id), "%q %q", tc.country, tc.id)
	}

	// Every wrong check digit is rejected.
	for c := '0'; c <= '9'; c++ {
		s := oib[:10] + string(c)
		if s == oib {
			continue
		}
		requireInvalid(t, socialsvc.CheckTaxID("HR", s), "tax_id", "oib")
	}

	invalid := []struct{ name, id string }{
		{"ten digits", oib[:10]},
		{"twelve digits", oib + "0"},
		{"letter", oib[:10] + "A"},
		{"letters", "ABCDEFGHIJK"},
		{"prefix and ten digits", "HR" + oib[:10]},
		{"inner space", oib[:5] + " " + oib[5:]},
		{"Slovenian number", "SI12345679"},
		{"unicode digits", "٦٩٤٣٥١٥١٥٣٠"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			requireInvalid(t, socialsvc.CheckTaxID("HR", tc.id), "tax_id", "oib")
		})
	}
}

func TestCheckTaxIDSlovenia(t *testing.T) {
	// A valid number for an ordinary prefix.
	var ordinary, tenToZero, elevenInvalid string
	for p := 1000000; p < 10_000_000 && (ordinary == "" || tenToZero == "" || elevenInvalid == ""); p++ {
		prefix := strconv.Itoa(p)
		switch r := siSum(prefix); {
		case r == 0 && elevenInvalid == "":
			elevenInvalid = prefix
		case r == 1 && tenToZero == "":
			tenToZero = prefix
		case r > 1 && ordinary == "":
			ordinary = prefix
		}
	}
	require.NotEmpty(t, ordinary)
	require.NotEmpty(t, tenToZero)
	require.NotEmpty(t, elevenInvalid)

	complete := func(prefix string) []string {
		var out []string
		for c := '0'; c <= '9'; c++ {
			if siRef(prefix + string(c)) {
				out = append(out, prefix+string(c))
			}
		}
		return out
	}
	ord := complete(ordinary)
	require.Len(t, ord, 1)
	ten := complete(tenToZero)
	require.Equal(t, []string{tenToZero + "0"}, ten, "check 11 − 1 = 10 becomes 0")
	require.Empty(t, complete(elevenInvalid), "check 11 − 0 = 11: no number with this prefix is valid")

	assert.True(t, socialsvc.ValidSITaxNumber("12345679"), "the example in CheckTaxID's doc comment")
	for _, id := range []string{ord[0], ten[0], "SI" + ord[0], "SI" + ten[0], "SI12345679", " 12345679 "} {
		assert.NoError(t, socialsvc.CheckTaxID("SI", id), id)
		assert.NoError(t, socialsvc.CheckTaxID("si", id), id)
	}

	for c := '0'; c <= '9'; c++ {
		requireInvalid(t, socialsvc.CheckTaxID("SI", elevenInvalid+string(c)), "tax_id", "si_tax")
		if s := tenToZero + string(c); c != '0' {
			requireInvalid(t, socialsvc.CheckTaxID("SI", s), "tax_id", "si_tax")
		}
		if s := ordinary + string(c); s != ord[0] {
			requireInvalid(t, socialsvc.CheckTaxID("SI", s), "tax_id", "si_tax")
		}
	}
	for _, id := range []string{"1234567", "123456790", "1234567A", "SI1234567", "HR12345679"} {
		requireInvalid(t, socialsvc.CheckTaxID("SI", id), "tax_id", "si_tax")
	}
}

func TestCheckTaxIDOtherCountries(t *testing.T) {
	for _, tc := range []struct{ country, id string }{
		{"RS", "100002887"}, {"XK", "810123456"}, {"GB", "GB123456789"}, {"CZ", "CZ00064581"},
		{"NO", "x"}, {"", "anything"}, {"RS", strings.Repeat("9", 64)},
	} {
		assert.NoError(t, socialsvc.CheckTaxID(tc.country, tc.id), "%q %q", tc.country, tc.id)
	}
	for _, country := range []string{"HR", "SI", "RS", "XK", ""} {
		requireInvalid(t, socialsvc.CheckTaxID(country, ""), "tax_id", "required")
		requireInvalid(t, socialsvc.CheckTaxID(country, " \t "), "tax_id", "required")
		requireInvalid(t, socialsvc.CheckTaxID(country, strings.Repeat("1", 65)), "tax_id", "max")
	}
}

// TestCheckTaxIDErrorOmitsTheID: a tax identifier may be a person's (a sole
// trader's OIB), so the error must not repeat it.
func TestCheckTaxIDErrorOmitsTheID(t *testing.T) {
	oib := completeOIB(t, "5738291046")
	wrong := oib[:10] + strconv.Itoa((int(oib[10]-'0')+1)%10)
	for _, tc := range []struct{ country, id string }{
		{"HR", wrong}, {"HR", "HR" + wrong}, {"HR", "57382910"}, {"HR", "QZJX-5738"},
		{"SI", "57382910"}, {"SI", "SI5738291"}, {"SI", "QZJX-5738"},
		{"RS", strings.Repeat("5738", 17)},
	} {
		err := socialsvc.CheckTaxID(tc.country, tc.id)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), strings.TrimPrefix(strings.TrimPrefix(tc.id, "HR"), "SI"))
		assert.NotContains(t, err.Error(), "5738")
		for _, f := range socialsvc.ErrorFields(err) {
			assert.NotContains(t, f.Message, "5738")
			assert.NotContains(t, f.MessageHR, "5738")
		}
	}
}
