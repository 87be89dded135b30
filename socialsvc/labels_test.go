package socialsvc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
)

// Every code of every list the library labels has its own text in every
// shipped language: a missing one would show English (or the code) on a
// Slovenian page.
func TestCodeLabelsInEveryLanguage(t *testing.T) {
	type coded struct {
		id    string
		label func(socialsvc.Lang) string
	}
	var all []coded
	add := func(prefix, code string, f func(socialsvc.Lang) string) {
		all = append(all, coded{prefix + code, f})
	}
	for _, c := range socialsvc.CostCategories {
		add("domain.cost_category.", string(c), c.Label)
	}
	for _, s := range socialsvc.Statuses {
		add("domain.status.", string(s), s.Label)
	}
	for _, e := range socialsvc.EventTypes {
		add("domain.event_type.", string(e), e.Label)
	}
	for _, r := range []socialsvc.Role{socialsvc.RoleLead, socialsvc.RolePartner, socialsvc.RoleAssociated} {
		add("domain.role.", string(r), r.Label)
	}
	for _, s := range socialsvc.ReportStatuses {
		add("domain.report_status.", string(s), s.Label)
	}
	for _, s := range []socialsvc.ProjectReportStatus{socialsvc.ProjectReportDraft, socialsvc.ProjectReportSubmitted, socialsvc.ProjectReportVerified, socialsvc.ProjectReportReturned} {
		add("domain.project_report_status.", string(s), s.Label)
	}
	for _, s := range []socialsvc.ContributionSource{socialsvc.ContributionPublic, socialsvc.ContributionAutomaticPublic, socialsvc.ContributionPrivate} {
		add("domain.contribution.", string(s), s.Label)
	}
	for _, e := range socialsvc.ErrorTypes {
		add("domain.error_type.", string(e), e.Label)
	}
	for _, k := range []socialsvc.RateRuleKind{socialsvc.RateInforEuroIncurred, socialsvc.RateInforEuroSubmitted, socialsvc.RateContract} {
		add("domain.rate_rule.", string(k), k.Label)
	}
	for _, k := range socialsvc.FlatRateKinds {
		add("domain.flat_rate.", string(k), k.Label)
	}
	for _, s := range socialsvc.LegalStatuses {
		add("domain.legal_status.", string(s), s.Label)
	}
	for _, lang := range i18n.Languages() {
		for _, c := range all {
			if assert.True(t, i18n.Has(lang, c.id), "%s lacks %s", lang, c.id) {
				assert.Equal(t, i18n.T(lang, c.id), c.label(lang), c.id)
			}
		}
	}
}

func TestCodeLabels(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{socialsvc.CatStaff.Label(socialsvc.SL), "stroški osebja"},
		{socialsvc.CatOffice.Label(socialsvc.SL), "pisarniški in upravni stroški"},
		{socialsvc.CatTravel.Label(socialsvc.SL), "potni stroški in stroški nastanitve"},
		{socialsvc.CatExternal.Label(socialsvc.SL), "stroški zunanjih strokovnjakov in storitev"},
		{socialsvc.CatEquipment.Label(socialsvc.SL), "oprema"},
		{socialsvc.CatStaff.Label(socialsvc.HR), "troškovi osoblja"},
		{socialsvc.CatStaff.Label(socialsvc.EN), "staff costs"},
		{socialsvc.CatStaff.Label(socialsvc.SQ), "kostot e personelit"},
		{socialsvc.CatTravel.Label(socialsvc.SRLatn), "putni troškovi i troškovi smeštaja"},
		{socialsvc.StatusInImplementation.Label(socialsvc.SL), "v izvajanju"},
		{socialsvc.StatusClosed.Label(socialsvc.SL), "zaključen"},
		{socialsvc.EventWorkshop.Label(socialsvc.SL), "delavnica"},
		{socialsvc.EventConference.Label(socialsvc.SQ), "konferencë"},
		{socialsvc.RoleLead.Label(socialsvc.SL), "vodilni partner"},
		{socialsvc.LegalPublicEquivalent.Label(socialsvc.SL), "oseba javnega prava"},
		{socialsvc.LegalPublicEquivalent.Label(socialsvc.HR), "tijelo javnog prava"},
		{socialsvc.LegalNGO.Label(socialsvc.EN), "non-governmental organisation"},
		{socialsvc.LegalPrivateCompany.Label(socialsvc.SRLatn), "privredno društvo"},
		{socialsvc.LegalFoundation.Label(socialsvc.SQ), "fondacion"},
		{socialsvc.LegalStatus("cooperative").Label(socialsvc.SL), "cooperative"},
		{socialsvc.RoleLead.Label(socialsvc.HR), "vodeći partner"},
		{socialsvc.ReportCertified.Label(socialsvc.SL), "potrjeno"},
		{socialsvc.ReportSubmitted.Label(socialsvc.HR), "podnesen"},
		{socialsvc.ErrProcurement.Label(socialsvc.SL), "napaka pri javnem naročanju"},
		{socialsvc.ContributionPublic.Label(socialsvc.SL), "javni prispevek"},
		{socialsvc.FlatOfficeOnStaff.Label(socialsvc.SL), "pisarniški in upravni stroški do 15 % neposrednih stroškov osebja"},
		{socialsvc.RateContract.Label(socialsvc.SL), "tečaj, določen v pogodbi o sofinanciranju"},
		// A language that is not shipped reads the closest shipped one
		// (or English); an unknown code reads as itself.
		{socialsvc.CatStaff.Label("sl-SI"), "stroški osebja"},
		{socialsvc.CatStaff.Label("de"), "staff costs"},
		{socialsvc.CostCategory("catering").Label(socialsvc.SL), "catering"},
		{socialsvc.RateRuleKind("").Label(socialsvc.EN), socialsvc.RateInforEuroIncurred.Label(socialsvc.EN)},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
}
