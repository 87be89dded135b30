package socialsvc

import "strings"

// Currency is an ISO 4217 alphabetic code. EUR and HRK are first-class:
// the kuna was replaced by the euro on 1 January 2023 at a fixed rate, and
// Croatian projects hold data in both. Other codes (GBP, RSD, CZK, NOK...)
// appear in real projects and are converted through an explicit rate.
type Currency string

// The currencies the library treats specially.
const (
	EUR Currency = "EUR"
	HRK Currency = "HRK"
)

// iso4217 lists the active ISO 4217 codes plus HRK, which was withdrawn in
// 2023 but is needed for Croatian data before then. Fund codes (XDR, XAU...)
// and testing codes are left out: no project budget is kept in them.
var iso4217 = func() map[Currency]struct{} {
	const codes = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD " +
		"CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD " +
		"HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD " +
		"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR " +
		"RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS " +
		"UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG"
	m := make(map[Currency]struct{}, 170)
	for _, c := range strings.Fields(codes) {
		m[Currency(c)] = struct{}{}
	}
	return m
}()

// Valid reports whether c is a known ISO 4217 code (upper case).
func (c Currency) Valid() bool {
	_, ok := iso4217[c]
	return ok
}

// String returns the code.
func (c Currency) String() string { return string(c) }

// ParseCurrency returns the currency for a code, accepting lower case.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(strings.ToUpper(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", FieldErr("currency", "currency", "err.currency.currency")
	}
	return c, nil
}

// MarshalText implements encoding.TextMarshaler.
func (c Currency) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText implements encoding.TextUnmarshaler and rejects unknown codes.
func (c *Currency) UnmarshalText(b []byte) error {
	v, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
