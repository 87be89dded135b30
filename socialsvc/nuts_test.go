package socialsvc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestNUTSLists(t *testing.T) {
	// The sizes of the GISCO tables shipped in nutsdata (levels 0 to 3).
	for v, n := range map[socialsvc.NUTSVersion]int{socialsvc.NUTS2013: 1951, socialsvc.NUTS2016: 2016, socialsvc.NUTS2021: 2010, socialsvc.NUTS2024: 1798} {
		assert.Len(t, socialsvc.NUTSList(v), n, "NUTS %s", v)
	}
	assert.Nil(t, socialsvc.NUTSList("2020"))
	tests := []struct {
		code  string
		v     socialsvc.NUTSVersion
		name  string
		level int
	}{
		{"HR050", socialsvc.NUTS2021, "Grad Zagreb", 3},
		{"HR062", socialsvc.NUTS2021, "Varaždinska županija", 3},
		{"HR044", socialsvc.NUTS2016, "Varaždinska županija", 3},
		{"HR044", socialsvc.NUTS2013, "Varaždinska županija", 3},
		{"HR04B", socialsvc.NUTS2016, "Osječko-baranjska županija", 3},
		{"SI032", socialsvc.NUTS2021, "Podravska", 3},
		{"EL301", socialsvc.NUTS2021, "Voreios Tomeas Athinon", 3},
		{"UKI", socialsvc.NUTS2016, "LONDON", 1},
		{"RS", socialsvc.NUTS2021, "Serbia", 0},
		{"XK001", socialsvc.NUTS2024, "Prishtinë", 3},
	}
	for _, tc := range tests {
		r, ok := socialsvc.LookupNUTS(tc.code, tc.v)
		require.True(t, ok, "%s in NUTS %s", tc.code, tc.v)
		assert.Equal(t, socialsvc.NUTSRegion{Code: tc.code, Version: tc.v, Name: tc.name, Level: tc.level}, r)
	}
	for _, tc := range []struct {
		code string
		v    socialsvc.NUTSVersion
	}{{"HR044", socialsvc.NUTS2021}, {"HR050", socialsvc.NUTS2016}, {"XK", socialsvc.NUTS2021}, {"HR999", socialsvc.NUTS2021}, {"XX999", socialsvc.NUTS2024},
		{"HRZZZ", socialsvc.NUTS2021}, {"hr050", socialsvc.NUTS2021}, {"UKI", socialsvc.NUTS2024}} {
		assert.False(t, socialsvc.KnownNUTSCode(tc.code, tc.v), "%s is not in NUTS %s", tc.code, tc.v)
	}
	assert.True(t, socialsvc.KnownNUTSCodeAny("HR044"))
	assert.False(t, socialsvc.KnownNUTSCodeAny("HR999"))
}

// TestKnownRegionsAreInTheLists keeps the short list of pickers and labels
// honest: each entry is a code of its own edition.
func TestKnownRegionsAreInTheLists(t *testing.T) {
	for _, r := range socialsvc.KnownRegions() {
		got, ok := socialsvc.LookupNUTS(r.Code, r.Version)
		if assert.True(t, ok, "%s is not a code of NUTS %s", r.Code, r.Version) {
			assert.Equal(t, got.Level, r.Level, r.Code)
		}
	}
	assert.Equal(t, "Srbija", socialsvc.RegionName("RS", socialsvc.NUTS2021), "the short list's local name first")
	assert.Equal(t, "Bjelovarsko-bilogorska županija", socialsvc.RegionName("HR021", socialsvc.NUTS2021), "else the list's name")
	assert.Empty(t, socialsvc.RegionName("HR044", socialsvc.NUTS2021))
}
