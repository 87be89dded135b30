package socialsvc

import "strings"

// CheckTaxID checks a tax identifier for a country (ISO 3166-1 alpha-2):
//
//   - HR: OIB, 11 digits, the last an ISO 7064 MOD 11,10 check digit.
//   - SI: davčna številka, 8 digits; weights 8..2 on the first seven;
//     check = 11 − (sum mod 11), 10 becomes 0, 11 is invalid.
//   - any other country: any non-empty identifier, because rejecting a
//     real foreign partner for want of its checksum rule is worse than
//     accepting a typo.
//
// A VAT form with the country prefix ("HR12345678903", "SI12345679") is
// accepted for HR and SI. The error never contains the identifier.
func CheckTaxID(country, id string) error {
	id = strings.TrimSpace(id)
	country = strings.ToUpper(strings.TrimSpace(country))
	if id == "" {
		return FieldErr("tax_id", "required", "err.tax_id.required")
	}
	if len(id) > 64 {
		return FieldErr("tax_id", "max", "err.tax_id.max")
	}
	switch country {
	case "HR":
		id = strings.TrimPrefix(id, "HR")
		if !ValidOIB(id) {
			return FieldErr("tax_id", "oib", "err.tax_id.oib")
		}
	case "SI":
		id = strings.TrimPrefix(id, "SI")
		if !ValidSITaxNumber(id) {
			return FieldErr("tax_id", "si_tax", "err.tax_id.si_tax")
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidOIB reports whether s is a Croatian OIB: 11 digits whose last digit
// is the ISO 7064 MOD 11,10 check digit of the first ten.
func ValidOIB(s string) bool {
	if len(s) != 11 || !allDigits(s) {
		return false
	}
	a := 10
	for i := 0; i < 10; i++ {
		a = (a + int(s[i]-'0')) % 10
		if a == 0 {
			a = 10
		}
		a = (a * 2) % 11
	}
	check := 11 - a
	if check == 10 {
		check = 0
	}
	return check == int(s[10]-'0')
}

// ValidSITaxNumber reports whether s is a Slovenian tax number.
func ValidSITaxNumber(s string) bool {
	if len(s) != 8 || !allDigits(s) {
		return false
	}
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(s[i]-'0') * (8 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return false
	case 10:
		check = 0
	}
	return check == int(s[7]-'0')
}
