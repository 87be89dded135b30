package socialsvc

// NUTSVersion is the edition of the NUTS classification a code belongs to.
type NUTSVersion string

// NUTS editions that appear in project documents of this field.
const (
	NUTS2013 NUTSVersion = "2013"
	NUTS2016 NUTSVersion = "2016"
	NUTS2021 NUTSVersion = "2021"
	NUTS2024 NUTSVersion = "2024"
)

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

// NUTSRegion is an entry of the catalogue of known regions.
type NUTSRegion struct {
	Code    string
	Version NUTSVersion
	Name    string
}

// KnownRegions returns the regions the seed projects and Croatian and
// Slovenian cross-border programmes use, with their names. It is a
// convenience for pickers and labels; codes outside it are accepted when
// they have the right shape.
func KnownRegions() []NUTSRegion {
	return []NUTSRegion{
		{"HR025", NUTS2021, "Osječko-baranjska županija"},
		{"HR050", NUTS2021, "Grad Zagreb"},
		{"HR061", NUTS2021, "Međimurska županija"},
		{"HR062", NUTS2021, "Varaždinska županija"},
		{"HR063", NUTS2021, "Koprivničko-križevačka županija"},
		{"HR064", NUTS2021, "Krapinsko-zagorska županija"},
		{"HR065", NUTS2021, "Zagrebačka županija"},
		{"HR031", NUTS2021, "Primorsko-goranska županija"},
		{"HR035", NUTS2021, "Splitsko-dalmatinska županija"},
		{"HR044", NUTS2016, "Varaždinska županija"},
		{"HR046", NUTS2016, "Međimurska županija"},
		{"HR041", NUTS2016, "Grad Zagreb"},
		{"HR04B", NUTS2016, "Osječko-baranjska županija"},
		{"SI031", NUTS2021, "Pomurska"},
		{"SI032", NUTS2021, "Podravska"},
		{"SI033", NUTS2021, "Koroška"},
		{"SI034", NUTS2021, "Savinjska"},
		{"SI041", NUTS2021, "Osrednjeslovenska"},
		{"SI032", NUTS2016, "Podravska"},
		{"SI034", NUTS2016, "Savinjska"},
		{"SI041", NUTS2016, "Osrednjeslovenska"},
		{"CZ010", NUTS2021, "Hlavní město Praha"},
		{"CZ051", NUTS2021, "Liberecký kraj"},
		{"RS", NUTS2021, "Srbija"},
		{"XK", NUTS2021, "Kosovo"},
		{"NO081", NUTS2021, "Oslo"},
	}
}

// RegionName returns the catalogue name of a code in a version, or "".
func RegionName(code string, v NUTSVersion) string {
	for _, r := range KnownRegions() {
		if r.Code == code && r.Version == v {
			return r.Name
		}
	}
	return ""
}
