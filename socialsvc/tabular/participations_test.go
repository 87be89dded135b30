package tabular

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

const partHead = "beneficiary_id;entry_date;exit_date;labour_status;isced;disability;minority;rural;exit_qualification;exit_employed;exit_source;six_month_employed;six_month_source\n"

func participationsOf(t *testing.T, s store.Store) []socialsvc.Participation {
	t.Helper()
	ps, err := store.AsParticipations(s)
	require.NoError(t, err)
	var out []socialsvc.Participation
	for p, err := range ps.ScanParticipations(bg, store.ParticipationFilter{ProjectID: "prj-a"}) {
		require.NoError(t, err)
		out = append(out, p)
	}
	return out
}

// TestImportParticipations imports two participations of one person,
// one after the other, with results in their columns; answers in
// Croatian or English.
func TestImportParticipations(t *testing.T) {
	s := newStore(t)
	n, err := Import(bg, s, "participations", strings.NewReader(partHead+
		"org-a-b1;01.03.2023.;30.06.2023.;long_term_unemployed;3;odbijeno;ne;da;30.06.2023.;;asked;15.01.2024.;register\n"+
		"org-a-b1;2023-09-01;;self_employed;;no;;yes;;;;;\n"), Options{Project: "prj-a", Org: "org-a"})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	got := participationsOf(t, s)
	require.Len(t, got, 2)
	first := got[0]
	if first.EntryDate != socialsvc.MustDate("2023-03-01") {
		first = got[1]
	}
	assert.Equal(t, socialsvc.LabourLongTermUnemployed, first.LabourStatus)
	require.NotNil(t, first.ISCED)
	assert.Equal(t, 3, *first.ISCED)
	assert.Equal(t, socialsvc.Refused, first.Disability)
	assert.Equal(t, socialsvc.AnswerNo, first.Minority)
	assert.Equal(t, socialsvc.AnswerYes, first.Rural)
	assert.Equal(t, socialsvc.OrgID("org-a"), first.OrgID)
	assert.Equal(t, []socialsvc.Result{{Outcome: socialsvc.OutcomeQualification, ObservedOn: socialsvc.MustDate("2023-06-30"), Source: socialsvc.SourceAsked}}, first.ExitSituation)
	assert.Equal(t, []socialsvc.Result{{Outcome: socialsvc.OutcomeEmployed, ObservedOn: socialsvc.MustDate("2024-01-15"), Source: socialsvc.SourceRegister}}, first.SixMonthSituation)
}

// TestImportParticipationsRowErrors: every wrong row is named with its
// line and column, and nothing is imported, not even the good row.
func TestImportParticipationsRowErrors(t *testing.T) {
	s := newStore(t)
	_, err := Import(bg, s, "participations", strings.NewReader(partHead+
		"org-a-b2;01.03.2023.;;unemployed;;;;;;;;;\n"+ // good
		"org-a-b1;01.03.2023.;;retired;9;;;;;;;;\n"+ // unknown status, ISCED 9
		"org-a-b1;01.03.2023.;;;;;maybe;;;;;;\n"+ // unknown answer
		"org-a-b1;01.03.2023.;28.02.2023.;;;;;;;;;;\n"+ // exit before entry
		"org-a-b1;01.03.2023.;30.06.2023.;;;;;;29.06.2023.;;asked;;\n"+ // result before exit
		"org-a-b1;01.03.2023.;30.06.2023.;;;;;;;30.06.2023.;;;\n"+ // result without its source
		"org-b-b1;01.03.2023.;;;;;;;;;;;\n"+ // another organisation's beneficiary
		"org-a-b2;01.05.2023.;;;;;;;;;;;\n"), // overlaps line 2
		Options{Project: "prj-a", Org: "org-a"})
	require.Error(t, err)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	lines := map[int][]string{}
	for _, f := range socialsvc.ErrorFields(err) {
		lines[f.Row] = append(lines[f.Row], f.Field)
	}
	assert.NotContains(t, lines, 2, "the good row")
	assert.Contains(t, lines[3], "labour_status")
	assert.Contains(t, lines[3], "isced")
	assert.Equal(t, []string{"minority"}, lines[4])
	assert.Contains(t, lines[5], "exit_date")
	assert.NotEmpty(t, lines[6], "a result before exit")
	assert.Equal(t, []string{"exit_source"}, lines[7])
	assert.Equal(t, []string{"beneficiary_id"}, lines[8])
	assert.Equal(t, []string{"entry_date"}, lines[9], "overlaps the row on line 2")
	assert.Empty(t, participationsOf(t, s), "nothing was imported")
}
