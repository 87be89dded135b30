package socialsvc_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

func TestCheckOrgIdentifier(t *testing.T) {
	for _, tc := range []struct {
		id   string
		rule string // "" valid
	}{
		{"HR-OIB-82229652860", ""},              // org-id.guide's example
		{"HR-OIB-82229652861", "org_id"},        // wrong check digit
		{"HR-OIB-8222965286", "org_id"},         // 10 digits
		{"SI-TIN-90493826", ""},                 // org-id.guide's example
		{"SI-TIN-SI99190591", ""},               // with the VAT prefix, as org-id.guide allows
		{"SI-TIN-90493827", "org_id"},           // wrong check digit
		{"GB-CHC-1090095", ""},                  // org-id.guide's example
		{"GB-CHC-10900", "org_id"},              // too short
		{"GB-COH-09506232", ""},                 // org-id.guide's example
		{"GB-COH-RC000346", ""},                 // letters and six digits
		{"GB-COH-9506232", "org_id"},            // leading zero dropped
		{"CZ-ICO-25755277", ""},                 // People in Need, as it publishes to IATI
		{"CZ-ICO-2575527", "org_id"},            // 7 digits
		{"RS-APR-06115403", ""},                 // org-id.guide's example
		{"RS-PIB-100000709", ""},                // org-id.guide's example
		{"NO-BRC-972417920", ""},                // org-id.guide's example
		{"XK-CR-810000000", ""},                 // nine digits
		{"XI-IATI-EC_NEAR", ""},                 // the IATI Secretariat's list
		{"GB-GOV-1", ""},                        // FCDO
		{"XM-DAC-41301", ""},                    // FAO, org-id.guide's example
		{"HR-TAX-82229652860", "org_id_prefix"}, // the invented prefix the export used to build
		{"82229652860", "org_id_prefix"},
		{"", "org_id_prefix"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			err := socialsvc.CheckOrgIdentifier("iati_ref", tc.id)
			if tc.rule == "" {
				assert.NoError(t, err)
				return
			}
			requireFields(t, err, socialsvc.Invalid, one("iati_ref", tc.rule), tc.id)
		})
	}
}

func TestOrgIdentifier(t *testing.T) {
	for _, tc := range []struct {
		name string
		org  socialsvc.Organisation
		want string
	}{
		{"registered identifier wins", socialsvc.Organisation{Country: "HR", TaxID: "82229652860", IATIRef: "HR-MBS-080229250"}, "HR-MBS-080229250"},
		{"Croatian OIB", socialsvc.Organisation{Country: "HR", TaxID: "82229652860"}, "HR-OIB-82229652860"},
		{"Croatian VAT form", socialsvc.Organisation{Country: "HR", TaxID: "HR82229652860"}, "HR-OIB-82229652860"},
		{"Slovenian tax number with spaces", socialsvc.Organisation{Country: "SI", TaxID: "904 938 26"}, "SI-TIN-90493826"},
		{"Serbian PIB", socialsvc.Organisation{Country: "RS", TaxID: "100000709"}, "RS-PIB-100000709"},
		{"Norwegian organisation number", socialsvc.Organisation{Country: "NO", TaxID: "972417920"}, "NO-BRC-972417920"},
		{"no tax-number register for the UK", socialsvc.Organisation{Country: "GB", TaxID: "GB123456789"}, ""},
		{"Czech tax id is not the IČO register", socialsvc.Organisation{Country: "CZ", TaxID: "CZ25755277"}, ""},
		{"a tax id that fails the pattern", socialsvc.Organisation{Country: "RS", TaxID: "12"}, ""},
		{"nothing to derive from", socialsvc.Organisation{Country: "XK"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, socialsvc.OrgIdentifier(tc.org))
		})
	}
}

func TestOrgIDPrefixesAreData(t *testing.T) {
	ps := socialsvc.OrgIDPrefixes()
	require.NotEmpty(t, ps)
	seen := map[string]bool{}
	for _, p := range ps {
		assert.False(t, seen[p.Prefix], "%s listed twice", p.Prefix)
		seen[p.Prefix] = true
		assert.Regexp(t, `^[A-Z]{2}-[A-Z0-9_]+$`, p.Prefix)
		re := regexp.MustCompile(p.Pattern)
		for _, ex := range p.Examples {
			assert.True(t, re.MatchString(ex), "%s: example %s matches %s", p.Prefix, ex, p.Pattern)
		}
	}
	for _, want := range []string{"HR-OIB", "SI-TIN", "GB-CHC", "GB-COH", "CZ-ICO", "RS-APR", "RS-PIB", "XK-CR", "NO-BRC", "XI-IATI", "GB-GOV"} {
		assert.True(t, seen[want], want)
	}
	ps[0].Examples = append(ps[0].Examples[:0], "changed")
	assert.NotEqual(t, "changed", socialsvc.OrgIDPrefixes()[0].Examples, "callers get a copy")
}

func TestValidateIATIRefs(t *testing.T) {
	o := vOrg()
	o.IATIRef = "HR-OIB-82229652861"
	requireFields(t, socialsvc.ValidateOrganisation(&o), socialsvc.Invalid, one("iati_ref", "org_id"), o.IATIRef)
	o.IATIRef = "HR-TAX-1"
	requireFields(t, socialsvc.ValidateOrganisation(&o), socialsvc.Invalid, one("iati_ref", "org_id_prefix"))
	o.IATIRef = "HR-OIB-82229652860"
	assert.NoError(t, socialsvc.ValidateOrganisation(&o))

	f := vFund()
	f.IATIRef = "EC-REGIO"
	requireFields(t, socialsvc.ValidateFund(&f), socialsvc.Invalid, one("iati_ref", "org_id_prefix"))
	f.IATIRef = "XI-IATI-EC_NEAR"
	assert.NoError(t, socialsvc.ValidateFund(&f))
}

func TestValidateModifications(t *testing.T) {
	ext := func(mods ...socialsvc.Modification) *socialsvc.Project {
		p := vProject()
		p.End = vday("2020-09-30")
		p.Modifications = mods
		return &p
	}
	m := func(date, prev, next string) socialsvc.Modification {
		return socialsvc.Modification{Date: vday(date), PreviousEnd: vday(prev), NewEnd: vday(next), Reference: "Aneks 1"}
	}
	p := ext(m("2020-07-01", "2020-08-31", "2020-09-30"))
	require.NoError(t, socialsvc.ValidateProject(p))
	assert.Equal(t, vday("2020-08-31"), p.ContractEnd())
	assert.Equal(t, vday("2020-09-30"), p.End)
	unchanged := vProject()
	assert.Equal(t, unchanged.End, unchanged.ContractEnd(), "a project never extended ends as contracted")

	require.NoError(t, socialsvc.ValidateProject(ext(m("2020-07-01", "2020-08-31", "2020-09-15"), m("2020-09-01", "2020-09-15", "2020-09-30"))), "a chain of two")

	for _, tc := range []struct {
		name string
		p    *socialsvc.Project
		want []vField
	}{
		{"last new end is not the project end", ext(m("2020-07-01", "2020-08-31", "2020-09-20")), one("modifications[0].new_end", "project_end")},
		{"no change", ext(m("2020-07-01", "2020-09-30", "2020-09-30")), one("modifications[0].new_end", "nefield")},
		{"broken chain", ext(m("2020-07-01", "2020-08-31", "2020-09-15"), m("2020-09-01", "2020-09-16", "2020-09-30")), one("modifications[1].previous_end", "chain")},
		{"out of order", ext(m("2020-09-01", "2020-08-31", "2020-09-15"), m("2020-07-01", "2020-09-15", "2020-09-30")), one("modifications[1].date", "order")},
		{"before the start", ext(m("2018-01-01", "2018-01-01", "2020-09-30")), one("modifications[0].previous_end", "within_project")},
		{"missing dates", ext(socialsvc.Modification{}), []vField{{"modifications[0].date", "date_required"}, {"modifications[0].previous_end", "date_required"}, {"modifications[0].new_end", "date_required"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireFields(t, socialsvc.ValidateProject(tc.p), socialsvc.Invalid, tc.want)
		})
	}
}
