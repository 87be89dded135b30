package socialsvc

import (
	"regexp"
	"slices"
	"time"
)

// TargetGroup is a code from a catalogue of target groups. The library
// ships a catalogue (DefaultTargetGroups) and callers may use their own
// codes: any lower-case slug is accepted.
type TargetGroup string

// Target groups named in the seed projects and in ESF+ reporting.
const (
	TGElderly             TargetGroup = "elderly"
	TGYouth               TargetGroup = "youth"
	TGDisability          TargetGroup = "people_with_disabilities"
	TGHomeless            TargetGroup = "homeless"
	TGRoma                TargetGroup = "roma"
	TGLGBTIQ              TargetGroup = "lgbtiq"
	TGLongTermUnemployed  TargetGroup = "long_term_unemployed"
	TGWomenEntrepreneurs  TargetGroup = "women_entrepreneurs"
	TGMinimumIncome       TargetGroup = "minimum_income_recipients"
	TGPublicSectorStaff   TargetGroup = "public_sector_staff"
	TGMarginalised        TargetGroup = "marginalised_groups"
	TGCivilSociety        TargetGroup = "civil_society_organisations"
	TGWomen               TargetGroup = "women"
	TGUnemployed          TargetGroup = "unemployed"
	TGVictimsDiscriminate TargetGroup = "victims_of_discrimination"
)

var slugRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Valid reports whether g is a well-formed code.
func (g TargetGroup) Valid() bool { return slugRE.MatchString(string(g)) }

// TargetGroupInfo describes a catalogue entry. Special marks groups whose
// membership reveals special-category data under GDPR Art. 9 (ethnic
// origin, health, sexual orientation): reports must never let a person in
// them be singled out.
type TargetGroupInfo struct {
	Code    TargetGroup `json:"code"`
	Name    I18n        `json:"name"`
	Special bool        `json:"special"`
}

// TargetGroupCatalogue is a set of target groups. Callers extend the
// default one with Add.
type TargetGroupCatalogue struct {
	entries []TargetGroupInfo
}

// DefaultTargetGroups returns a new catalogue with the groups of DOMAIN.md,
// named in every shipped language.
func DefaultTargetGroups() *TargetGroupCatalogue {
	return &TargetGroupCatalogue{entries: []TargetGroupInfo{
		{TGElderly, I18n{"hr": "starije osobe", "en": "elderly", "sl": "starejši", "sr-Latn": "stariji", "sq": "të moshuarit"}, false},
		{TGYouth, I18n{"hr": "mladi", "en": "youth", "sl": "mladi", "sr-Latn": "mladi", "sq": "të rinjtë"}, false},
		{TGDisability, I18n{"hr": "osobe s invaliditetom", "en": "people with disabilities", "sl": "osebe z invalidnostjo", "sr-Latn": "osobe sa invaliditetom", "sq": "personat me aftësi të kufizuara"}, true},
		{TGHomeless, I18n{"hr": "beskućnici", "en": "homeless people", "sl": "brezdomci", "sr-Latn": "beskućnici", "sq": "të pastrehët"}, true},
		{TGRoma, I18n{"hr": "Romi", "en": "Roma", "sl": "Romi", "sr-Latn": "Romi", "sq": "romët"}, true},
		{TGLGBTIQ, I18n{"hr": "LGBTIQ+ osobe", "en": "LGBTIQ+ people", "sl": "LGBTIQ+ osebe", "sr-Latn": "LGBTIQ+ osobe", "sq": "personat LGBTIQ+"}, true},
		{TGLongTermUnemployed, I18n{"hr": "dugotrajno nezaposlene osobe", "en": "long-term unemployed", "sl": "dolgotrajno brezposelne osebe", "sr-Latn": "dugoročno nezaposlena lica", "sq": "të papunët afatgjatë"}, false},
		{TGWomenEntrepreneurs, I18n{"hr": "poduzetnice", "en": "women entrepreneurs", "sl": "podjetnice", "sr-Latn": "preduzetnice", "sq": "gratë sipërmarrëse"}, false},
		{TGMinimumIncome, I18n{"hr": "korisnici zajamčene minimalne naknade", "en": "minimum-income recipients", "sl": "prejemniki denarne socialne pomoči", "sr-Latn": "korisnici novčane socijalne pomoći", "sq": "përfituesit e ndihmës sociale"}, false},
		{TGPublicSectorStaff, I18n{"hr": "djelatnici javnog sektora", "en": "public-sector staff", "sl": "zaposleni v javnem sektorju", "sr-Latn": "zaposleni u javnom sektoru", "sq": "punonjësit e sektorit publik"}, false},
		{TGMarginalised, I18n{"hr": "marginalizirane skupine", "en": "marginalised groups", "sl": "marginalizirane skupine", "sr-Latn": "marginalizovane grupe", "sq": "grupet e margjinalizuara"}, false},
		{TGCivilSociety, I18n{"hr": "organizacije civilnog društva", "en": "civil society organisations", "sl": "organizacije civilne družbe", "sr-Latn": "organizacije civilnog društva", "sq": "organizatat e shoqërisë civile"}, false},
		{TGWomen, I18n{"hr": "žene", "en": "women", "sl": "ženske", "sr-Latn": "žene", "sq": "gratë"}, false},
		{TGUnemployed, I18n{"hr": "nezaposlene osobe", "en": "unemployed people", "sl": "brezposelne osebe", "sr-Latn": "nezaposlena lica", "sq": "personat e papunë"}, false},
		{TGVictimsDiscriminate, I18n{"hr": "osobe izložene diskriminaciji", "en": "people facing discrimination", "sl": "osebe, izpostavljene diskriminaciji", "sr-Latn": "osobe izložene diskriminaciji", "sq": "personat që përballen me diskriminim"}, true},
	}}
}

// Add adds or replaces an entry; its name is checked as every text is
// (ValidTextLang keys, MaxTextLength) and copied.
func (c *TargetGroupCatalogue) Add(info TargetGroupInfo) error {
	if !info.Code.Valid() {
		return FieldErr("code", "slug", "err.code.slug")
	}
	if fields := textFields("name", info.Name); len(fields) > 0 {
		return &Error{Code: Invalid, Message: "invalid target_group_info", Fields: fields}
	}
	info.Name = info.Name.Clone()
	for i := range c.entries {
		if c.entries[i].Code == info.Code {
			c.entries[i] = info
			return nil
		}
	}
	c.entries = append(c.entries, info)
	return nil
}

// Lookup returns the entry for code.
func (c *TargetGroupCatalogue) Lookup(code TargetGroup) (TargetGroupInfo, bool) {
	for _, e := range c.entries {
		if e.Code == code {
			e.Name = e.Name.Clone()
			return e, true
		}
	}
	return TargetGroupInfo{}, false
}

// All returns copies of the entries in catalogue order.
func (c *TargetGroupCatalogue) All() []TargetGroupInfo {
	out := slices.Clone(c.entries)
	for i := range out {
		out[i].Name = out[i].Name.Clone()
	}
	return out
}

// Label returns the name of code in lang, or the code itself.
func (c *TargetGroupCatalogue) Label(code TargetGroup, lang Lang) string {
	for _, e := range c.entries {
		if e.Code == code {
			return e.Name.In(lang)
		}
	}
	return string(code)
}

// Gender as recorded for ESF+ disaggregation. Unknown is the default:
// people are not required to state it.
type Gender string

// Genders.
const (
	GenderUnknown Gender = ""
	GenderFemale  Gender = "female"
	GenderMale    Gender = "male"
	GenderOther   Gender = "other"
)

// Valid reports whether g is a known value.
func (g Gender) Valid() bool {
	return g == GenderUnknown || g == GenderFemale || g == GenderMale || g == GenderOther
}

// AgeBand is an age bracket, recorded instead of a birth year where less
// precision is enough (it is less identifying).
type AgeBand string

// Age bands as ESF+ reports them, plus finer adult bands.
const (
	AgeUnknown AgeBand = ""
	AgeUnder18 AgeBand = "0-17"
	Age18to29  AgeBand = "18-29"
	Age30to54  AgeBand = "30-54"
	Age55to64  AgeBand = "55-64"
	Age65Plus  AgeBand = "65+"
)

// AgeBands lists the bands in order.
var AgeBands = []AgeBand{AgeUnder18, Age18to29, Age30to54, Age55to64, Age65Plus}

// Valid reports whether b is a known band or unknown.
func (b AgeBand) Valid() bool { return b == AgeUnknown || slices.Contains(AgeBands, b) }

// AgeBandAt returns the band of a person born in birthYear on date on.
// Only the birth year is known, so the age is the age reached during the
// year of on.
func AgeBandAt(birthYear int, on Date) AgeBand {
	if birthYear == 0 {
		return AgeUnknown
	}
	return AgeBandOf(on.Year - birthYear)
}

// LegalBasis is the GDPR basis on which a beneficiary's data is processed.
// Special-category data needs an Art. 9(2) condition as well; the library
// records the one the controller relies on.
type LegalBasis string

// Legal bases.
const (
	BasisConsent         LegalBasis = "consent"          // Art. 6(1)(a) + 9(2)(a)
	BasisContract        LegalBasis = "contract"         // Art. 6(1)(b)
	BasisLegalObligation LegalBasis = "legal_obligation" // Art. 6(1)(c)
	BasisVitalInterest   LegalBasis = "vital_interest"   // Art. 6(1)(d) + 9(2)(c)
	BasisPublicTask      LegalBasis = "public_task"      // Art. 6(1)(e) + 9(2)(g)/(h)
	BasisLegitimate      LegalBasis = "legitimate_interest"
)

// Valid reports whether b is a known basis.
func (b LegalBasis) Valid() bool {
	switch b {
	case BasisConsent, BasisContract, BasisLegalObligation, BasisVitalInterest, BasisPublicTask, BasisLegitimate:
		return true
	}
	return false
}

// Beneficiary is a person served by a project, held pseudonymously: no
// name, no address, no identity number. Reference is the serving
// organisation's own case number, so staff can match records without the
// library holding who the person is. Every attribute beyond the ID is
// optional: store the minimum needed for the indicators reported.
//
// Erasure (GDPR Art. 17) clears every personal attribute and sets Erased;
// the record and its attendance remain as anonymous counts.
type Beneficiary struct {
	ID BeneficiaryID `json:"id"`
	// OrgID is the organisation that serves the person and controls the
	// data; only its staff see the record.
	OrgID     OrgID     `json:"org_id" validate:"required"`
	ProjectID ProjectID `json:"project_id,omitempty"`
	Reference string    `json:"reference,omitempty" validate:"max=100"`
	Household bool      `json:"household,omitempty"`
	Gender    Gender    `json:"gender,omitempty" validate:"gender"`
	BirthYear int       `json:"birth_year,omitempty" validate:"omitempty,min=1900,max=2100"`
	// BirthMonth (1–12), with BirthYear, makes the age at a date exact
	// to the month (AgeAt); 0 when not recorded.
	BirthMonth   time.Month    `json:"birth_month,omitempty" validate:"omitempty,min=1,max=12"`
	AgeBand      AgeBand       `json:"age_band,omitempty" validate:"age_band"`
	Region       string        `json:"region,omitempty" validate:"omitempty,nuts"`
	TargetGroups []TargetGroup `json:"target_groups,omitempty" validate:"max=20,dive,target_group"`
	// LegalBasis is required: data without one must not be held.
	LegalBasis  LegalBasis `json:"legal_basis" validate:"required,legal_basis"`
	ConsentDate Date       `json:"consent_date,omitempty"`
	// RetainUntil is the date after which the record must be erased.
	RetainUntil Date      `json:"retain_until" validate:"date_required"`
	Erased      bool      `json:"erased,omitempty"`
	ErasedAt    time.Time `json:"erased_at,omitzero"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Erase clears every personal attribute and marks b erased, keeping the ID
// so that attendance stays countable.
func (b *Beneficiary) Erase(at time.Time) {
	*b = Beneficiary{
		ID: b.ID, OrgID: b.OrgID, ProjectID: b.ProjectID,
		LegalBasis: b.LegalBasis, Erased: true, ErasedAt: at,
		Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
	}
}

// AgeBandOn returns the person's age band on a date: the recorded band, or
// the one derived from the birth year and, where recorded, the birth
// month (AgeAt).
func (b *Beneficiary) AgeBandOn(on Date) AgeBand {
	if b.AgeBand != AgeUnknown {
		return b.AgeBand
	}
	age, ok := AgeAt(b.BirthYear, b.BirthMonth, on)
	if !ok {
		return AgeUnknown
	}
	return AgeBandOf(age)
}

// AgeAt returns the age on the date on of a person born in birthYear and,
// when it is not 0, birthMonth; ok is false when the birth year is not
// known or lies after on.
//
// Only the month of birth is ever recorded, never the day, so the
// conventions are these: with the month, the person is a year older from
// the first day of the birth month (born in March 2008, 18 on 1 March
// 2026); with the year only, the age is the age reached during the year
// of on (born in 2008, 18 on any day of 2026), as AgeBandAt has always
// counted it.
func AgeAt(birthYear int, birthMonth time.Month, on Date) (int, bool) {
	if birthYear == 0 || on.Year < birthYear {
		return 0, false
	}
	age := on.Year - birthYear
	if birthMonth >= 1 && birthMonth <= 12 && on.Month < birthMonth {
		age--
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}

// AgeBandOf returns the band of an age in years.
func AgeBandOf(age int) AgeBand {
	switch {
	case age < 0:
		return AgeUnknown
	case age < 18:
		return AgeUnder18
	case age < 30:
		return Age18to29
	case age < 55:
		return Age30to54
	case age < 65:
		return Age55to64
	}
	return Age65Plus
}

// Attendance records that a beneficiary attended an event: one visit.
// A person at ten sessions is ten attendance records and one individual.
type Attendance struct {
	EventID       EventID       `json:"event_id" validate:"required"`
	BeneficiaryID BeneficiaryID `json:"beneficiary_id" validate:"required"`
	ProjectID     ProjectID     `json:"project_id,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`
}
