package socialsvc_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// Fuzz targets for every parser of outside input. Each checks that the
// parser never panics, that a rejection is an Invalid *socialsvc.Error,
// and that an accepted value is within range, round-trips through its
// canonical form, and agrees with an independent parser (shopspring's).
//
//	go test ./socialsvc/ -run '^$' -fuzz '^FuzzParseMoney$' -fuzztime 30s

func checkInvalid(t *testing.T, err error) {
	t.Helper()
	var e *socialsvc.Error
	if !errors.As(err, &e) || e.Code != socialsvc.Invalid {
		t.Fatalf("rejection is not an Invalid *socialsvc.Error: %#v", err)
	}
}

func checkMoneyInRange(t *testing.T, m socialsvc.Money) {
	t.Helper()
	if c := m.Cents(); c > socialsvc.MaxAmount || c < -socialsvc.MaxAmount {
		t.Fatalf("accepted %d cents, beyond ±MaxAmount", c)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1234.56", "0.01", "999999999.99", "-999999999.99", "1000000000.00", "-5", "1.500",
		"1.234", "1e3", "", "abc", " 1", "1,5", "-", "-0", ".5", "5.", "+1", "007.10", "0.000000000000000000000001",
		"99999999999999999999", "9223372036854775807", "-9223372036854775808", "1.2.3", "\x00", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := socialsvc.ParseMoney(s, socialsvc.EUR)
		if err != nil {
			checkInvalid(t, err)
			return
		}
		checkMoneyInRange(t, m)
		if m.Currency() != socialsvc.EUR {
			t.Fatalf("currency %q", m.Currency())
		}
		// The independent parser agrees on the value.
		d, derr := decimal.NewFromString(s)
		if derr != nil || !d.Equal(m.Amount()) {
			t.Fatalf("ParseMoney(%q) = %s, decimal says %v (%v)", s, m.AmountString(), d, derr)
		}
		// The canonical form parses back to the same value.
		back, err := socialsvc.ParseMoney(m.AmountString(), socialsvc.EUR)
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %v, its AmountString %q parses to %v, %v", s, m, m.AmountString(), back, err)
		}
		// So does the Croatian display form.
		hr, err := socialsvc.ParseMoneyHR(socialsvc.FormatNumberHR(m.Cents()), socialsvc.EUR)
		if err != nil || hr != m {
			t.Fatalf("FormatNumberHR(%v) = %q parses to %v, %v", m, socialsvc.FormatNumberHR(m.Cents()), hr, err)
		}
	})
}

func FuzzParseMoneyHR(f *testing.F) {
	for _, s := range []string{"4.254.609,06", "87.608,79", "1 234,50", "1\u00a0234,50", "1\u202f234,50", "1234,5",
		"1234.56", "1.23.456,00", "1.234 567,00", "-1.234,56", ".123,00", "1..234,00", "1.234.,00", "1,234",
		"999.999.999,99", "1.000.000.000,00", "12 345 678,90", "1.234", "0,001", "-", ",", " ", "1 ", " 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := socialsvc.ParseMoneyHR(s, socialsvc.HRK)
		if err != nil {
			checkInvalid(t, err)
			return
		}
		checkMoneyInRange(t, m)
		// Without its grouping and with a decimal point, the input is a
		// plain number the independent parser reads to the same value.
		plain := strings.NewReplacer(".", "", " ", "", "\u00a0", "", "\u202f", "", ",", ".").Replace(s)
		d, derr := decimal.NewFromString(plain)
		if derr != nil || !d.Equal(m.Amount()) {
			t.Fatalf("ParseMoneyHR(%q) = %s, decimal(%q) says %v (%v)", s, m.AmountString(), plain, d, derr)
		}
		formatted := socialsvc.FormatNumberHR(m.Cents())
		back, err := socialsvc.ParseMoneyHR(formatted, socialsvc.HRK)
		if err != nil || back != m {
			t.Fatalf("ParseMoneyHR(%q) = %v, its format %q parses to %v, %v", s, m, formatted, back, err)
		}
		canon, err := socialsvc.ParseMoney(m.AmountString(), socialsvc.HRK)
		if err != nil || canon != m {
			t.Fatalf("AmountString %q of %v parses to %v, %v", m.AmountString(), m, canon, err)
		}
	})
}

func FuzzCheckTaxID(f *testing.F) {
	for _, tc := range []struct{ country, id string }{
		{"HR", "69435151530"}, {"HR", "HR69435151530"}, {"HR", "69435151531"}, {"HR", "6943515153"}, {"hr", " 12345678903 "},
		{"SI", "12345679"}, {"SI", "SI12345679"}, {"SI", "12345670"}, {"si", "1234567"}, {"RS", "100002887"},
		{"XK", ""}, {"", " "}, {"HR", "HRHR"}, {"SI", "SI"}, {"HR", strings.Repeat("1", 65)},
	} {
		f.Add(tc.country, tc.id)
	}
	// The only messages CheckTaxID may produce: none of them can carry the
	// identifier, whatever it is.
	allowed := map[string]bool{}
	for _, tc := range []struct{ country, id string }{{"HR", ""}, {"HR", strings.Repeat("1", 65)}, {"HR", "1"}, {"SI", "1"}} {
		allowed[socialsvc.CheckTaxID(tc.country, tc.id).Error()] = true
	}
	f.Fuzz(func(t *testing.T, country, id string) {
		err := socialsvc.CheckTaxID(country, id)
		if err != nil {
			checkInvalid(t, err)
			if !allowed[err.Error()] {
				t.Fatalf("unexpected message %q", err.Error())
			}
		}
		trimmed := strings.TrimSpace(id)
		want := trimmed != "" && len(trimmed) <= 64
		switch strings.ToUpper(strings.TrimSpace(country)) {
		case "HR":
			want = want && oibRef(strings.TrimPrefix(trimmed, "HR"))
		case "SI":
			want = want && siRef(strings.TrimPrefix(trimmed, "SI"))
		}
		if (err == nil) != want {
			t.Fatalf("CheckTaxID(%q, %q) = %v, want valid=%v", country, id, err, want)
		}
	})
}

func FuzzMoneyJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":"564683.66","currency":"EUR"}`, `{"amount":"-0.05","currency":"hrk"}`, `{"amount":564683.66,"currency":"EUR"}`,
		`{"amount":"1.00","currency":"EUR","x":1}`, `{"amount":"1.00"}`, `{"amount":"1.005","currency":"EUR"}`,
		`{"amount":null,"currency":"EUR"}`, `{"amount":"1e3","currency":"EUR"}`, `{"currency":"EUR"}`, `null`, `[]`, `"1"`,
		`{"amount":"999999999.99","currency":"GBP"}`, `{"amount":"1000000000","currency":"GBP"}`, `{"amount":"1.00","currency":" eur "}`,
		`{"amount":"1.00","amount":"2.00","currency":"EUR"}`, `{"amount":"\u0031.00","currency":"EUR"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m socialsvc.Money
		if err := json.Unmarshal(b, &m); err != nil {
			if m != (socialsvc.Money{}) {
				t.Fatalf("a rejected document changed the value to %v", m)
			}
			return
		}
		if strings.TrimSpace(string(b)) == "null" {
			return // json leaves the value alone for null
		}
		checkMoneyInRange(t, m)
		if !m.Currency().Valid() {
			t.Fatalf("accepted currency %q", m.Currency())
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back socialsvc.Money
		if err := json.Unmarshal(out, &back); err != nil || back != m {
			t.Fatalf("%s decodes to %v, which encodes to %s and decodes to %v, %v", b, m, out, back, err)
		}
		want := `{"amount":"` + m.AmountString() + `","currency":"` + string(m.Currency()) + `"}`
		if string(out) != want {
			t.Fatalf("encoded %s, want %s", out, want)
		}
	})
}

func FuzzCheckOrgIdentifier(f *testing.F) {
	for _, id := range []string{"HR-OIB-82229652860", "HR-OIB-82229652861", "SI-TIN-SI99190591", "GB-CHC-1090095", "GB-COH-RC000346",
		"CZ-ICO-25755277", "XI-IATI-EC_NEAR", "XM-DAC-1-8", "HR-TAX-1", "HR-OIB-", "-", "", "HR-OIB-8222965286\n0"} {
		f.Add(id)
	}
	// The only messages it may produce, none carrying the identifier: an
	// unknown prefix, or a number that breaks one prefix's pattern.
	allowed := map[string]bool{socialsvc.CheckOrgIdentifier("iati_ref", "").Error(): true}
	for _, p := range socialsvc.OrgIDPrefixes() {
		allowed[socialsvc.CheckOrgIdentifier("iati_ref", p.Prefix+"--").Error()] = true
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := socialsvc.CheckOrgIdentifier("iati_ref", id)
		if err != nil {
			checkInvalid(t, err)
			if !allowed[err.Error()] {
				t.Fatalf("unexpected message %q", err.Error())
			}
			return
		}
		// Accepted: a known prefix, and an identifier the derivation
		// gives back unchanged when it is registered.
		known := false
		for _, p := range socialsvc.OrgIDPrefixes() {
			if strings.HasPrefix(id, p.Prefix+"-") {
				known = true
			}
		}
		if !known {
			t.Fatalf("CheckOrgIdentifier(%q) accepted an unknown prefix", id)
		}
		if got := socialsvc.OrgIdentifier(socialsvc.Organisation{IATIRef: id}); got != id {
			t.Fatalf("OrgIdentifier with iati_ref %q = %q", id, got)
		}
	})
}
