package demo

import (
	"math/rand/v2"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Dataset is a self-consistent set of domain values: every ID a value
// refers to (a partner's project and organisation, an event's organiser,
// an attendance record's event and beneficiary...) is the ID of a value in
// the same Dataset.
//
// BudgetLines include the lines computed from a project's flat rates
// (Computed == true), made with socialsvc.ApplyFlatRates, so that a
// funding table can be computed from the Dataset alone. A loader that
// writes into a store skips them: stores compute those lines themselves
// from the project's FlatRates and the entered lines, and get the same
// amounts. Expenditure carries its euro conversion (Converted and
// Conversion) as the record of how it was converted.
type Dataset struct {
	Organisations []socialsvc.Organisation
	Funds         []socialsvc.Fund
	Projects      []socialsvc.Project
	Partners      []socialsvc.Partner
	WorkPackages  []socialsvc.WorkPackage
	Activities    []socialsvc.Activity
	Events        []socialsvc.Event
	Beneficiaries []socialsvc.Beneficiary
	Attendance    []socialsvc.Attendance
	// Participations are ESF+ participations (socialsvc.Participation),
	// loaded into stores that hold them (store.Participations).
	Participations []socialsvc.Participation
	Indicators     []socialsvc.Indicator
	Measurements   []socialsvc.Measurement
	BudgetLines    []socialsvc.BudgetLine
	Expenditure    []socialsvc.Expenditure
	Rates          []socialsvc.Rate
	// Rounds take projects through the reporting and payment cycle
	// (Round); a loader runs them through the store's steps after
	// everything else.
	Rounds []Round
}

// The IDs of the seed projects. They are readable and stable so that URLs
// of the reference server (/projects/2sokrog) and tests can name them.
const (
	// ProjectSocialAtelier is seed 000: the Social Atelier community
	// centre of the City of Osijek and DKolektiv.
	ProjectSocialAtelier socialsvc.ProjectID = "social-atelier"
	// ProjectALVED is seed 001: "Amplifying Local Voices for Equitable
	// Development", funded by the UK CSSF.
	ProjectALVED socialsvc.ProjectID = "alved"
	// ProjectCentriZajednice is seed 002: neighbourhood community centres
	// led by K-zona, across the kuna-to-euro changeover.
	ProjectCentriZajednice socialsvc.ProjectID = "centri-zajednice"
	// ProjectBADGE is seed 003: CESI's "Aktivno za socijalnu sigurnost i
	// jednake mogućnosti u svijetu rada" with the BADGE programme for women
	// entrepreneurs.
	ProjectBADGE socialsvc.ProjectID = "aktivno-cesi"
	// Project2SoKroG is seed 004: 2SoKroG, Interreg V-A Slovenia–Croatia
	// 2014–2020.
	Project2SoKroG socialsvc.ProjectID = "2sokrog"
)

// The IDs of the seed funds.
const (
	// FundERDF is the European Regional Development Fund, co-financing
	// 2SoKroG at 85%.
	FundERDF socialsvc.FundID = "erdf"
	// FundCSSF is the UK Government's Conflict, Stability and Security
	// Fund, funding ALVED.
	FundCSSF socialsvc.FundID = "uk-cssf"
)

// seedPCG is the fixed seed of the generator behind the seed data's
// generated parts (beneficiaries, attendance, expenditure). Each project
// draws from its own stream (the second PCG word), so that changing one
// project's generator does not change another project's data.
const seedPCG uint64 = 0x50C1A1_5EED

func newRand(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seedPCG, stream)) }

// Seed returns the five seed projects as one Dataset. It is deterministic:
// every call returns the same values, in fresh slices the caller may
// change.
func Seed() *Dataset {
	ds := &Dataset{}
	seedSocialAtelier(ds)
	seedALVED(ds)
	seedCentriZajednice(ds)
	seedCESI(ds)
	seed2SoKroG(ds)
	seedParticipations(ds)
	return ds
}

// Helpers for literals. They panic on malformed literals, which are
// programming errors in this file, never input.

func day(s string) socialsvc.Date { return socialsvc.MustDate(s) }

func eur(s string) socialsvc.Money { return socialsvc.MustMoney(s, socialsvc.EUR) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func cents(c int64) socialsvc.Money { return socialsvc.Cents(c, socialsvc.EUR) }

func i18n(hr, en string) socialsvc.I18n { return socialsvc.I18n{"hr": hr, "en": en} }

// texts is a text in Slovenian, Croatian and English (2SoKroG).
func texts(sl, hr, en string) socialsvc.I18n { return socialsvc.I18n{"sl": sl, "hr": hr, "en": en} }

func region(code string) socialsvc.Region { return regionIn(code, socialsvc.NUTS2021) }

// regionIn is a region of another edition: Kosovo (XK) is a statistical
// region of NUTS 2024 only.
func regionIn(code string, v socialsvc.NUTSVersion) socialsvc.Region {
	return socialsvc.Region{Code: code, Version: v, Name: socialsvc.RegionName(code, v)}
}

func regionPtr(code string) *socialsvc.Region {
	r := region(code)
	return &r
}

// pad returns n with leading zeros to width digits: the numbered part of
// readable IDs ("SA-0042", "syn-prj-0001").
func pad(n, width int) string {
	var buf [24]byte
	return string(appendPadded(buf[:0], n, width))
}

// appendPadded appends n with leading zeros to width digits to b; n >= 0.
func appendPadded(b []byte, n, width int) []byte {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := len(d); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, d...)
}

// syntheticOIB returns an 11-digit number with a valid ISO 7064 MOD 11,10
// check digit, built from n. These are NOT the organisations' real OIBs
// (the seed documents do not publish them): they exist so that the demo
// data passes the same checksum validation real data does. The "9" prefix
// and counter make them easy to recognise in a database.
func syntheticOIB(n int) string {
	base := "9" + pad(n, 9)
	a := 10
	for i := 0; i < 10; i++ {
		a = (a + int(base[i]-'0')) % 10
		if a == 0 {
			a = 10
		}
		a = (a * 2) % 11
	}
	check := 11 - a
	if check == 10 {
		check = 0
	}
	return base + strconv.Itoa(check)
}

// syntheticSITaxNumber returns an 8-digit Slovenian tax number with a
// valid check digit, the first one at or after n that has one (a sum
// divisible by 11 gives no valid check digit). Like syntheticOIB, these
// are not the organisations' real numbers.
func syntheticSITaxNumber(n int) string {
	for ; ; n++ {
		base := "9" + pad(n%1_000_000, 6)
		sum := 0
		for i := 0; i < 7; i++ {
			sum += int(base[i]-'0') * (8 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			continue
		}
		if check == 10 {
			check = 0
		}
		return base + strconv.Itoa(check)
	}
}

// demoRateSource names the source of the monthly exchange rates of the
// seed data. The values approximate the Commission's InforEuro rates of
// those months but were not copied from InforEuro: the seed documents
// publish none, and the demo needs rates to show how conversions are
// recorded. Replace them with the real table before any real use.
const demoRateSource = "InforEuro (approximate demo value)"

// monthRate returns a rate of currency c in month "2006-01".
func monthRate(c socialsvc.Currency, month, rate, source string) socialsvc.Rate {
	m, err := socialsvc.ParseMonth(month)
	if err != nil {
		panic("demo: bad month literal " + month)
	}
	return socialsvc.Rate{Currency: c, Month: m, Rate: dec(rate), Source: source}
}

// convert fills e's conversion from the dataset's rates under the
// project's rate rule, as a store does on write. A failure is a bug in the
// seed data (a missing rate), not input.
func convert(rule socialsvc.RateRule, rt *socialsvc.RateTable, e *socialsvc.Expenditure) {
	eur, conv, err := rule.ToEUR(rt, e.Amount, e.Date, socialsvc.Date{})
	if err != nil {
		panic("demo: cannot convert " + string(e.ID) + ": " + err.Error())
	}
	e.Converted, e.Conversion = eur, conv
}

// fixedRateAgreement is the rate rule of the demo projects whose grant
// agreement converts kuna at the fixed rate 7.53450 (set by Council
// Regulation (EU) 2022/1208 of 12 July 2022) rather than at InforEuro: an
// assumption of the demo data, said so in the source.
func fixedRateAgreement(signed socialsvc.Date) socialsvc.RateRule {
	return socialsvc.RateRule{Kind: socialsvc.RateContract, ContractRates: []socialsvc.ContractRate{{
		Currency: socialsvc.HRK, Rate: socialsvc.HRKPerEUR, Date: signed,
		Source: "grant agreement: kuna costs at the fixed rate 7.53450 (demo assumption)"}}}
}

// rateTable builds the table of the rates added so far.
func (ds *Dataset) rateTable() *socialsvc.RateTable {
	rt, err := socialsvc.NewRateTable(ds.Rates...)
	if err != nil {
		panic("demo: bad rate: " + err.Error())
	}
	return rt
}

// sixMonthPeriods returns consecutive reporting periods of six months from
// start, the last one ending on end.
func sixMonthPeriods(start, end socialsvc.Date) []socialsvc.Period {
	var out []socialsvc.Period
	for s, n := start, 1; !s.After(end); n++ {
		next := socialsvc.DateOf(s.Time().AddDate(0, 6, 0))
		e := next.AddDays(-1)
		if !next.Before(end) || next.AddDays(30).After(end) {
			// The last period absorbs a remainder of less than a month.
			e = end
		}
		out = append(out, socialsvc.Period{Number: n, Start: s, End: e})
		s = e.AddDays(1)
	}
	return out
}

// splitCents splits total into n parts that differ by at most a cent, the
// remainder going to the last parts, so that the parts sum to total
// exactly.
func splitCents(total int64, n int) []int64 {
	out := make([]int64, n)
	q, r := total/int64(n), total%int64(n)
	for i := range out {
		out[i] = q
		if int64(n-i) <= r {
			out[i]++
		}
	}
	return out
}
