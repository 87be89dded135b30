package socialsvc

import (
	"bytes"
	"embed"
	"encoding/csv"
	"strconv"
	"sync"
)

// NUTSVersion is the edition of the NUTS classification a code belongs to.
type NUTSVersion string

// NUTS editions that appear in project documents of this field.
const (
	NUTS2013 NUTSVersion = "2013"
	NUTS2016 NUTSVersion = "2016"
	NUTS2021 NUTSVersion = "2021"
	NUTS2024 NUTSVersion = "2024"
)

// NUTSVersions lists the editions the library knows, oldest first.
var NUTSVersions = []NUTSVersion{NUTS2013, NUTS2016, NUTS2021, NUTS2024}

// Valid reports whether v is a known NUTS edition.
func (v NUTSVersion) Valid() bool {
	switch v {
	case NUTS2013, NUTS2016, NUTS2021, NUTS2024:
		return true
	}
	return false
}

// ValidNUTSCode checks the shape of a NUTS code: a two-letter country code
// (EL for Greece, as NUTS writes it) followed by up to three levels of one
// character each (digits or capital letters), e.g. HR, HR0, HR06, HR062.
// Statistical regions outside the EU use the same shape (RS, XK, UK...).
// A code of the right shape may still not exist: KnownNUTSCode checks it
// against the lists of each edition.
func ValidNUTSCode(code string) bool {
	if len(code) < 2 || len(code) > 5 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		upper := c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		if i < 2 && !upper || i >= 2 && !upper && !digit {
			return false
		}
	}
	return true
}

// NUTSRegion is an entry of a NUTS list: a code of an edition, its level
// (0 for a country to 3) and its name.
type NUTSRegion struct {
	Code    string
	Version NUTSVersion
	Name    string
	Level   int
}

// The lists of every edition are shipped in nutsdata/ (see SOURCE.md
// there: Eurostat GISCO) and parsed once, on first use, into read-only
// tables.
//
//go:embed nutsdata/*.csv
var nutsFiles embed.FS

var nutsTables = sync.OnceValue(func() map[NUTSVersion]map[string]NUTSRegion {
	out := make(map[NUTSVersion]map[string]NUTSRegion, len(NUTSVersions))
	for _, v := range NUTSVersions {
		b, err := nutsFiles.ReadFile("nutsdata/nuts" + string(v) + ".csv")
		if err != nil {
			panic("socialsvc: NUTS " + string(v) + " list missing from the build: " + err.Error())
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) < 2 {
			panic("socialsvc: NUTS " + string(v) + " list unreadable")
		}
		t := make(map[string]NUTSRegion, len(recs)-1)
		for _, r := range recs[1:] {
			lvl, err := strconv.Atoi(r[1])
			if err != nil || !ValidNUTSCode(r[0]) {
				panic("socialsvc: NUTS " + string(v) + " list has a malformed row")
			}
			t[r[0]] = NUTSRegion{Code: r[0], Version: v, Name: r[2], Level: lvl}
		}
		out[v] = t
	}
	return out
})

// LookupNUTS returns the region a code names in edition v, and whether
// the edition has that code. HR044 is Varaždinska in NUTS 2013 and 2016
// and no code at all in NUTS 2021; HR999 and XX999 are in no edition.
func LookupNUTS(code string, v NUTSVersion) (NUTSRegion, bool) {
	r, ok := nutsTables()[v][code]
	return r, ok
}

// KnownNUTSCode reports whether code is a region of edition v.
func KnownNUTSCode(code string, v NUTSVersion) bool {
	_, ok := LookupNUTS(code, v)
	return ok
}

// KnownNUTSCodeAny reports whether code is a region of at least one
// edition: the check for a code given without its edition (a
// beneficiary's region).
func KnownNUTSCodeAny(code string) bool {
	for _, v := range NUTSVersions {
		if KnownNUTSCode(code, v) {
			return true
		}
	}
	return false
}

// NUTSList returns every region of edition v, in no particular order, or
// nil for an unknown edition.
func NUTSList(v NUTSVersion) []NUTSRegion {
	t := nutsTables()[v]
	if t == nil {
		return nil
	}
	out := make([]NUTSRegion, 0, len(t))
	for _, r := range t {
		out = append(out, r)
	}
	return out
}

// KnownRegions returns the regions the seed projects and Croatian and
// Slovenian cross-border programmes use, with their local names. It is a
// short list for pickers and labels; every code of the NUTS lists is
// accepted (LookupNUTS), and no code outside them.
func KnownRegions() []NUTSRegion {
	return []NUTSRegion{
		{"HR025", NUTS2021, "Osječko-baranjska županija", 3},
		{"HR050", NUTS2021, "Grad Zagreb", 3},
		{"HR061", NUTS2021, "Međimurska županija", 3},
		{"HR062", NUTS2021, "Varaždinska županija", 3},
		{"HR063", NUTS2021, "Koprivničko-križevačka županija", 3},
		{"HR064", NUTS2021, "Krapinsko-zagorska županija", 3},
		{"HR065", NUTS2021, "Zagrebačka županija", 3},
		{"HR031", NUTS2021, "Primorsko-goranska županija", 3},
		{"HR035", NUTS2021, "Splitsko-dalmatinska županija", 3},
		{"HR044", NUTS2016, "Varaždinska županija", 3},
		{"HR046", NUTS2016, "Međimurska županija", 3},
		{"HR041", NUTS2016, "Grad Zagreb", 3},
		{"HR04B", NUTS2016, "Osječko-baranjska županija", 3},
		{"SI031", NUTS2021, "Pomurska", 3},
		{"SI032", NUTS2021, "Podravska", 3},
		{"SI033", NUTS2021, "Koroška", 3},
		{"SI034", NUTS2021, "Savinjska", 3},
		{"SI041", NUTS2021, "Osrednjeslovenska", 3},
		{"SI032", NUTS2016, "Podravska", 3},
		{"SI034", NUTS2016, "Savinjska", 3},
		{"SI041", NUTS2016, "Osrednjeslovenska", 3},
		{"CZ010", NUTS2021, "Hlavní město Praha", 3},
		{"CZ051", NUTS2021, "Liberecký kraj", 3},
		{"RS", NUTS2021, "Srbija", 0},
		{"XK", NUTS2024, "Kosovo", 0},
		{"NO081", NUTS2021, "Oslo", 3},
	}
}

// RegionName returns the name of a code in a version: the local name of
// the short list (KnownRegions) where it has one, else the name in the
// NUTS list, or "" for a code the edition does not have.
func RegionName(code string, v NUTSVersion) string {
	for _, r := range KnownRegions() {
		if r.Code == code && r.Version == v {
			return r.Name
		}
	}
	r, _ := LookupNUTS(code, v)
	return r.Name
}
