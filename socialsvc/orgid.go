package socialsvc

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
)

// OrgIDPrefix is a registration agency of org-id.guide: organisation
// identifiers it issues are written "<Prefix>-<number>" (IATI
// organisation identifiers).
type OrgIDPrefix struct {
	Prefix string `json:"prefix"`
	// Country is the ISO 3166-1 country of the register; empty for
	// international lists (XI-IATI, XM-DAC).
	Country string `json:"country"`
	Name    string `json:"name"`
	// Pattern is the regular expression the number must match.
	Pattern string `json:"pattern"`
	// Check names the check-digit rule of the number, if any: "oib"
	// (ValidOIB) or "si_tax" (ValidSITaxNumber).
	Check string `json:"check,omitempty"`
	// FromTaxID is true when the number is the organisation's tax
	// identifier, so that the identifier can be derived from TaxID.
	FromTaxID bool     `json:"from_tax_id,omitempty"`
	Note      string   `json:"note,omitempty"`
	Examples  []string `json:"examples"`

	re *regexp.Regexp
}

// The list is data (orgid/prefixes.json, with its source and licence in
// orgid/README.md), parsed once: read-only state like the validator.
//
//go:embed orgid/prefixes.json
var orgIDPrefixesJSON []byte

var orgIDPrefixes = func() []OrgIDPrefix {
	var doc struct {
		Prefixes []OrgIDPrefix `json:"prefixes"`
	}
	if err := json.Unmarshal(orgIDPrefixesJSON, &doc); err != nil {
		panic("socialsvc: orgid/prefixes.json: " + err.Error())
	}
	for i := range doc.Prefixes {
		doc.Prefixes[i].re = regexp.MustCompile(doc.Prefixes[i].Pattern)
	}
	// Longest prefix first, so that lookups find the most specific one.
	slices.SortStableFunc(doc.Prefixes, func(a, b OrgIDPrefix) int { return len(b.Prefix) - len(a.Prefix) })
	return doc.Prefixes
}()

// OrgIDPrefixes returns the registration agencies the library knows, as
// shipped in orgid/prefixes.json.
func OrgIDPrefixes() []OrgIDPrefix {
	out := slices.Clone(orgIDPrefixes)
	for i := range out {
		out[i].Examples = slices.Clone(out[i].Examples)
	}
	return out
}

// match reports whether number is a valid number of the agency.
func (p *OrgIDPrefix) match(number string) bool {
	if !p.re.MatchString(number) {
		return false
	}
	switch p.Check {
	case "oib":
		return ValidOIB(number)
	case "si_tax":
		return ValidSITaxNumber(strings.TrimPrefix(number, "SI"))
	}
	return true
}

// CheckOrgIdentifier checks an IATI organisation identifier: it must be
// "<prefix>-<number>" with a prefix of OrgIDPrefixes and a number that
// matches the prefix's pattern and check digit. field names the field in
// the error (e.g. "iati_ref").
func CheckOrgIdentifier(field, id string) error {
	for i := range orgIDPrefixes {
		p := &orgIDPrefixes[i]
		number, ok := strings.CutPrefix(id, p.Prefix+"-")
		if !ok {
			continue
		}
		if !p.match(number) {
			return FieldErrf(field, "org_id", "err.org_id", Args{"Prefix": p.Prefix, "Name": p.Name, "Pattern": p.Pattern})
		}
		return nil
	}
	return FieldErr(field, "org_id_prefix", "err.org_id_prefix")
}

// OrgIdentifier returns the IATI organisation identifier of o: its
// registered IATIRef when it has one, otherwise one derived from its tax
// identifier where the country's org-id.guide register numbers
// organisations by it (HR-OIB, SI-TIN, RS-PIB, NO-BRC), otherwise "".
// Nothing is invented: a country without such a register gives "".
func OrgIdentifier(o Organisation) string {
	if o.IATIRef != "" {
		return o.IATIRef
	}
	tax := strings.ReplaceAll(strings.TrimSpace(o.TaxID), " ", "")
	country := strings.ToUpper(o.Country)
	if tax == "" {
		return ""
	}
	for i := range orgIDPrefixes {
		p := &orgIDPrefixes[i]
		if !p.FromTaxID || p.Country != country {
			continue
		}
		number := strings.TrimPrefix(tax, country) // the VAT form "HR123..."
		if p.match(number) {
			return p.Prefix + "-" + number
		}
	}
	return ""
}
