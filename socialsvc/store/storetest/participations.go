package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// ESF+ participations (store.Participations), an optional capability: a
// store without it skips the group, saying so. Every test also runs on a
// combined store whose beneficiaries are custom (RunBeneficiaries), since
// participations name beneficiaries.

func participationTests() []test {
	return []test{
		{"RoundTrip", testParticipationRoundTrip, true},
		{"FiltersAndPaging", testParticipationFilters, true},
		{"ValidationNamesFields", testParticipationValidation, true},
		{"References", testParticipationReferences, true},
		{"OverlapRefused", testParticipationOverlap, true},
		{"OtherOrganisationRefused", testParticipationOtherOrg, true},
		{"FrozenProject", testParticipationFrozen, true},
		{"ErasureKeepsAnonymousCounts", testParticipationErasure, true},
		{"AuditWithoutAttributes", testParticipationAudit, true},
		{"ComputeESF", testParticipationCompute, true},
		{"AgeAtEntryByMonth", testParticipationBirthMonth, false},
		{"ConcurrentOverlap", testParticipationConcurrent, true},
	}
}

// testParticipationBirthMonth stores a beneficiary's month of birth and
// counts the age at entry with it: born in October 2002, 17 at an entry
// in September 2020 and 18 at one in October. (A custom beneficiary
// store may keep no month: the test is not in RunBeneficiaries.)
func testParticipationBirthMonth(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	b := w.f.beneficiary(w.orgA.ID, func(b *socialsvc.Beneficiary) { b.BirthYear = 2002; b.BirthMonth = 10 })
	got, err := s.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, time.October, got.BirthMonth)
	w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: b.ID, EntryDate: d("2020-09-30"), ExitDate: d("2020-09-30")})
	w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: b.ID, EntryDate: d("2020-10-01")})
	r, err := store.ComputeESF(ctx, s, store.ParticipationFilter{BeneficiaryID: b.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, r.Figure(socialsvc.EECO06).Total)
	assert.Equal(t, 1, r.Figure(socialsvc.EECO07).Total)
	bad := newBeneficiary(w.orgA.ID)
	bad.BirthMonth = 3
	requireInvalid(t, s.CreateBeneficiary(ctx, &bad), "birth_month")
}

// participations returns s as a ParticipationStore or skips the test.
func participations(t *testing.T, s store.Store) store.ParticipationStore {
	t.Helper()
	ps, ok := s.(store.ParticipationStore)
	if !ok {
		t.Skip("the store does not implement store.Participations (an optional capability): the participation tests do not apply")
	}
	return ps
}

// partWorld is a project with two partners' organisations A and B, a
// third organisation X that is no partner, and a beneficiary of each.
type partWorld struct {
	f          *fixture
	ps         store.ParticipationStore
	prj        socialsvc.Project
	orgA, orgB socialsvc.Organisation
	orgX       socialsvc.Organisation
	benA, benB socialsvc.Beneficiary
	benX       socialsvc.Beneficiary
	edA, edB   context.Context
	viewer     context.Context
}

func newPartWorld(t *testing.T, s store.Store) *partWorld {
	ps := participations(t, s)
	f := newFixture(t, s)
	w := &partWorld{f: f, ps: ps}
	w.prj = f.project()
	w.orgA, w.orgB, w.orgX = f.org(), f.org(), f.org()
	f.partner(w.prj.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgA.ID })
	f.partner(w.prj.ID, socialsvc.RolePartner, func(p *socialsvc.Partner) { p.OrgID = w.orgB.ID })
	w.benA = f.beneficiary(w.orgA.ID, func(b *socialsvc.Beneficiary) { b.Gender = socialsvc.GenderFemale; b.BirthYear = 1990 })
	w.benB = f.beneficiary(w.orgB.ID, func(b *socialsvc.Beneficiary) { b.Gender = socialsvc.GenderMale; b.AgeBand = socialsvc.Age55to64 })
	w.benX = f.beneficiary(w.orgX.ID)
	w.edA = as(f.ctx, "ed-a", w.orgA.ID, store.RoleEditor)
	w.edB = as(f.ctx, "ed-b", w.orgB.ID, store.RoleEditor)
	w.viewer = as(f.ctx, "viewer-a", w.orgA.ID, store.RoleViewer)
	return w
}

func isced(n int) *int { return &n }

// full is a participation with every field set: a long-term unemployed
// woman with upper secondary education, who refused the disability
// question, is Roma and lives in a rural area; employed at exit and six
// months after.
func (w *partWorld) full(b socialsvc.BeneficiaryID) socialsvc.Participation {
	return socialsvc.Participation{
		ProjectID: w.prj.ID, BeneficiaryID: b,
		EntryDate: d("2019-03-01"), ExitDate: d("2019-08-31"),
		LabourStatus: socialsvc.LabourLongTermUnemployed, ISCED: isced(3),
		Disability: socialsvc.Refused, ThirdCountryNational: socialsvc.AnswerNo, ForeignBackground: socialsvc.AnswerNo,
		Minority: socialsvc.AnswerYes, Homeless: socialsvc.Unanswered, Rural: socialsvc.AnswerYes,
		ExitSituation: []socialsvc.Result{
			{Outcome: socialsvc.OutcomeQualification, ObservedOn: d("2019-08-31"), Source: socialsvc.SourceAsked},
			{Outcome: socialsvc.OutcomeEmployed, ObservedOn: d("2019-09-02"), Source: socialsvc.SourceRegister},
		},
		SixMonthSituation: []socialsvc.Result{
			{Outcome: socialsvc.OutcomeEmployed, ObservedOn: d("2020-02-29"), Source: socialsvc.SourceRegister},
		},
	}
}

func (w *partWorld) create(ctx context.Context, p socialsvc.Participation) socialsvc.Participation {
	w.f.t.Helper()
	require.NoError(w.f.t, w.ps.CreateParticipation(ctx, &p))
	return p
}

func (w *partWorld) count(t *testing.T) int {
	t.Helper()
	pg, err := w.ps.ListParticipations(t.Context(), store.ParticipationFilter{ListOptions: store.ListOptions{Limit: store.MaxLimit}})
	require.NoError(t, err)
	return len(pg.Items)
}

func testParticipationRoundTrip(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	in := w.full(w.benA.ID)
	in.OrgID = w.orgX.ID // the store copies the beneficiary's organisation
	p := w.create(w.edA, in)
	require.NotEmpty(t, p.ID)
	assert.Equal(t, int64(1), p.Version)
	assert.Equal(t, w.orgA.ID, p.OrgID)
	got, err := w.ps.GetParticipation(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
	require.NotNil(t, got.ISCED)
	assert.Equal(t, 3, *got.ISCED)

	// Clearing a value stores it cleared: ISCED unknown, no six-month data.
	got.ISCED = nil
	got.SixMonthSituation = nil
	got.LabourStatus = socialsvc.LabourUnemployed
	require.NoError(t, w.ps.UpdateParticipation(w.edA, &got))
	assert.Equal(t, int64(2), got.Version)
	again, err := w.ps.GetParticipation(ctx, p.ID)
	require.NoError(t, err)
	same(t, got, again)
	assert.Nil(t, again.ISCED)

	stale := again
	stale.Version = 1
	requireCode(t, w.ps.UpdateParticipation(w.edA, &stale), socialsvc.Conflict)

	// A beneficiary with participations is erased, never deleted.
	requireCode(t, s.DeleteBeneficiary(ctx, w.benA.ID, w.benA.Version), socialsvc.Conflict)
	require.NoError(t, w.ps.DeleteParticipation(w.edA, p.ID, again.Version))
	_, err = w.ps.GetParticipation(ctx, p.ID)
	requireCode(t, err, socialsvc.NotFound)
}

func testParticipationFilters(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	other := w.f.project()
	w.f.partner(other.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgA.ID })
	open := func(b socialsvc.BeneficiaryID, prj socialsvc.ProjectID, entry string) socialsvc.Participation {
		return w.create(ctx, socialsvc.Participation{ProjectID: prj, BeneficiaryID: b, EntryDate: d(entry)})
	}
	a1 := open(w.benA.ID, w.prj.ID, "2019-01-10")
	b1 := open(w.benB.ID, w.prj.ID, "2019-06-01")
	a2 := open(w.benA.ID, other.ID, "2019-03-05") // the same person in another project
	c := w.f.beneficiary(w.orgA.ID, func(b *socialsvc.Beneficiary) { b.ProjectID = w.prj.ID })
	c1 := open(c.ID, w.prj.ID, "2020-02-01")

	ids := func(f store.ParticipationFilter) []socialsvc.ParticipationID {
		t.Helper()
		items := all(t, 2, func(o store.ListOptions) (store.Page[socialsvc.Participation], error) {
			f.ListOptions = o
			return w.ps.ListParticipations(ctx, f)
		})
		var out []socialsvc.ParticipationID
		for _, p := range items {
			out = append(out, p.ID)
		}
		var scanned []socialsvc.ParticipationID
		for p, err := range w.ps.ScanParticipations(ctx, f) {
			require.NoError(t, err)
			scanned = append(scanned, p.ID)
		}
		assert.Equal(t, out, scanned, "scan and list agree")
		return out
	}
	sorted := func(ps ...socialsvc.Participation) []socialsvc.ParticipationID {
		var out []socialsvc.ParticipationID
		for _, p := range ps {
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, sorted(a1, b1, a2, c1), ids(store.ParticipationFilter{}))
	assert.Equal(t, sorted(a1, b1, c1), ids(store.ParticipationFilter{ProjectID: w.prj.ID}))
	assert.Equal(t, sorted(a1, b1, a2, c1), ids(store.ParticipationFilter{ProjectIDs: []socialsvc.ProjectID{w.prj.ID, other.ID}}))
	assert.Equal(t, sorted(a2), ids(store.ParticipationFilter{ProjectIDs: []socialsvc.ProjectID{other.ID}}))
	assert.Equal(t, sorted(a1, a2), ids(store.ParticipationFilter{BeneficiaryID: w.benA.ID}))
	assert.Equal(t, sorted(b1), ids(store.ParticipationFilter{OrgID: w.orgB.ID}))
	assert.Equal(t, sorted(a2, b1), ids(store.ParticipationFilter{From: d("2019-03-05"), To: d("2019-06-01")}))
	assert.Equal(t, sorted(c1), ids(store.ParticipationFilter{ProjectID: w.prj.ID, From: d("2019-06-02")}))
	assert.Empty(t, ids(store.ParticipationFilter{ProjectID: w.prj.ID, BeneficiaryID: w.benX.ID}))

	desc, err := w.ps.ListParticipations(ctx, store.ParticipationFilter{ListOptions: store.ListOptions{Sort: "-id", Limit: 10}})
	require.NoError(t, err)
	want := sorted(a1, b1, a2, c1)
	for i, p := range desc.Items {
		assert.Equal(t, want[len(want)-1-i], p.ID)
	}
}

func testParticipationValidation(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	bad := w.full(w.benA.ID)
	bad.ExitDate = d("2019-02-28") // before the entry
	bad.LabourStatus = "retired"
	bad.ISCED = isced(9)
	bad.Minority = "maybe"
	bad.ExitSituation = []socialsvc.Result{
		{Outcome: socialsvc.OutcomeImproved, ObservedOn: d("2019-09-01"), Source: socialsvc.SourceAsked},
		{Outcome: socialsvc.OutcomeEmployed, ObservedOn: d("2019-09-01"), Source: "guess"},
	}
	err := w.ps.CreateParticipation(w.edA, &bad)
	requireCode(t, err, socialsvc.Invalid)
	assert.ElementsMatch(t, []string{"exit_date", "labour_status", "isced", "minority",
		"exit_situation[0].outcome", "exit_situation[1].source"}, fieldsOf(err))

	// Results need the exit they follow.
	early := w.full(w.benA.ID)
	early.ExitSituation[1].ObservedOn = d("2019-08-30")
	early.SixMonthSituation[0].ObservedOn = d("2020-02-28")
	err = w.ps.CreateParticipation(w.edA, &early)
	requireCode(t, err, socialsvc.Invalid)
	assert.ElementsMatch(t, []string{"exit_situation[1].observed_on", "six_month_situation[0].observed_on"}, fieldsOf(err))

	noExit := w.full(w.benA.ID)
	noExit.ExitDate = socialsvc.Date{}
	err = w.ps.CreateParticipation(w.edA, &noExit)
	requireInvalid(t, err, "exit_situation")
	requireInvalid(t, err, "six_month_situation")

	// Nothing was written, the audit log included.
	assert.Equal(t, 0, w.count(t))
	assert.Empty(t, auditOf(t, s, store.EntityParticipation, ""))

	// An update that breaks a rule changes nothing.
	p := w.create(w.edA, w.full(w.benA.ID))
	broken := p
	broken.ExitDate = d("2018-12-31")
	requireInvalid(t, w.ps.UpdateParticipation(w.edA, &broken), "exit_date")
	got, err := w.ps.GetParticipation(ctx, p.ID)
	require.NoError(t, err)
	same(t, p, got)
	assert.Len(t, auditOf(t, s, store.EntityParticipation, string(p.ID)), 1)
}

func testParticipationReferences(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	p := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: "ben-missing", EntryDate: d("2019-03-01")}
	requireInvalid(t, w.ps.CreateParticipation(ctx, &p), "beneficiary_id")
	p.BeneficiaryID = w.benX.ID // X is not a partner, and benX names no project
	err := w.ps.CreateParticipation(ctx, &p)
	requireInvalid(t, err, "beneficiary_id")
	assert.Equal(t, "project", socialsvc.ErrorFields(err)[0].Rule)
	p.ProjectID = "prj-missing"
	requireInvalid(t, w.ps.CreateParticipation(ctx, &p), "project_id")
	// A beneficiary whose record names the project may take part though
	// its organisation is no partner.
	y := w.f.beneficiary(w.orgX.ID, func(b *socialsvc.Beneficiary) { b.ProjectID = w.prj.ID })
	ok := w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: y.ID, EntryDate: d("2019-03-01")})
	assert.Equal(t, w.orgX.ID, ok.OrgID)
	// A participation stays in its project.
	other := w.f.project()
	moved := ok
	moved.ProjectID = other.ID
	requireInvalid(t, w.ps.UpdateParticipation(ctx, &moved), "project_id")
	assert.Equal(t, 1, w.count(t))
}

func testParticipationOverlap(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	first := w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2019-03-01")})
	// Open: it overlaps everything after its entry.
	later := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2020-06-01"), ExitDate: d("2020-07-01")}
	err := w.ps.CreateParticipation(ctx, &later)
	requireCode(t, err, socialsvc.Conflict)
	assert.Equal(t, []string{"entry_date"}, fieldsOf(err))
	// Before its entry there is room.
	before := w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2018-10-01"), ExitDate: d("2019-02-28")})
	// Closing the first makes room for a re-entry after its exit, not on
	// the exit day itself.
	first.ExitDate = d("2019-12-31")
	require.NoError(t, w.ps.UpdateParticipation(ctx, &first))
	sameDay := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2019-12-31")}
	requireCode(t, w.ps.CreateParticipation(ctx, &sameDay), socialsvc.Conflict)
	reentry := w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2020-01-01")})
	// Extending one over another is refused too.
	stretched := before
	stretched.ExitDate = d("2019-03-01")
	requireCode(t, w.ps.UpdateParticipation(ctx, &stretched), socialsvc.Conflict)
	// Other people and other projects do not overlap.
	w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benB.ID, EntryDate: d("2020-01-01")})
	other := w.f.project()
	w.f.partner(other.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgA.ID })
	w.create(ctx, socialsvc.Participation{ProjectID: other.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2020-01-01")})
	assert.Equal(t, 5, w.count(t))
	assert.NotEqual(t, first.ID, reentry.ID)
}

func testParticipationOtherOrg(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	p := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benB.ID, EntryDate: d("2019-03-01")}
	// A's editor may not record B's beneficiary, even naming A as the
	// organisation; a viewer writes nothing.
	p.OrgID = w.orgA.ID
	requireCode(t, w.ps.CreateParticipation(w.edA, &p), socialsvc.Forbidden)
	p.OrgID = ""
	requireCode(t, w.ps.CreateParticipation(w.viewer, &p), socialsvc.Forbidden)
	edX := as(ctx, "ed-x", w.orgX.ID, store.RoleEditor)
	x := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benX.ID, EntryDate: d("2019-03-01")}
	requireCode(t, w.ps.CreateParticipation(edX, &x), socialsvc.Forbidden) // X is no partner
	assert.Equal(t, 0, w.count(t))
	assert.Empty(t, auditOf(t, s, store.EntityParticipation, ""))

	own := w.create(w.edB, p)
	// A's editor can neither change nor delete it; B's can.
	own.LabourStatus = socialsvc.LabourInactive
	requireCode(t, w.ps.UpdateParticipation(w.edA, &own), socialsvc.Forbidden)
	requireCode(t, w.ps.DeleteParticipation(w.edA, own.ID, own.Version), socialsvc.Forbidden)
	require.NoError(t, w.ps.UpdateParticipation(w.edB, &own))
	// Moving it to A's beneficiary is A's to do, not B's.
	moved := own
	moved.BeneficiaryID = w.benA.ID
	requireCode(t, w.ps.UpdateParticipation(w.edB, &moved), socialsvc.Forbidden)
	admin := as(ctx, "admin", "", store.RoleAdmin)
	require.NoError(t, w.ps.DeleteParticipation(admin, own.ID, own.Version))
}

func testParticipationFrozen(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	p := w.create(w.edA, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2019-03-01")})
	advance(t, s, w.prj.ID, socialsvc.StatusSubmitted, socialsvc.StatusWithdrawn)
	q := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benB.ID, EntryDate: d("2019-03-01")}
	err := w.ps.CreateParticipation(w.edB, &q)
	requireCode(t, err, socialsvc.Conflict)
	assert.Equal(t, []string{"project_id"}, fieldsOf(err))
	requireCode(t, w.ps.CreateParticipation(ctx, &q), socialsvc.Conflict, "the system too")
	// Deleting is still allowed to whoever may write it.
	require.NoError(t, w.ps.DeleteParticipation(w.edA, p.ID, p.Version))
	assert.Equal(t, 0, w.count(t))
}

func testParticipationErasure(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	other := w.f.project()
	w.f.partner(other.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgA.ID })
	p1 := w.create(w.edA, w.full(w.benA.ID))
	p2 := w.create(w.edA, socialsvc.Participation{ProjectID: other.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2020-05-01"),
		LabourStatus: socialsvc.LabourInactiveEducation, Disability: socialsvc.AnswerYes})
	w.create(w.edB, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benB.ID, EntryDate: d("2019-04-01"), LabourStatus: socialsvc.LabourEmployed})
	portfolio := store.ParticipationFilter{ProjectIDs: []socialsvc.ProjectID{w.prj.ID, other.ID}}
	before, err := store.ComputeESF(ctx, s, portfolio)
	require.NoError(t, err)

	require.NoError(t, s.EraseBeneficiary(w.edA, w.benA.ID))
	after, err := store.ComputeESF(ctx, s, portfolio)
	require.NoError(t, err)
	assert.Equal(t, figures(before), figures(after), "the counts stay as they were")
	eeco07 := after.Figure(socialsvc.EECO07)
	assert.Equal(t, 1, eeco07.Women, "born 1990: 29 at the entry of 2019, 30 at the one of 2020")

	got, err := w.ps.GetParticipation(ctx, p1.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Anonymous)
	assert.Equal(t, socialsvc.AnonymousPerson{Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age18to29}, *got.Anonymous)
	assert.Equal(t, w.benA.ID, got.BeneficiaryID, "the record stays attached to the erased ID")
	assert.Equal(t, socialsvc.LabourLongTermUnemployed, got.LabourStatus)
	got2, err := w.ps.GetParticipation(ctx, p2.ID)
	require.NoError(t, err)
	require.NotNil(t, got2.Anonymous)
	assert.Equal(t, socialsvc.AnonymousPerson{Gender: socialsvc.GenderFemale, AgeBand: socialsvc.Age30to54}, *got2.Anonymous)

	// Anonymous participations are not changed any more; none can be
	// added for the erased person, and nobody sets Anonymous by hand.
	got.LabourStatus = socialsvc.LabourInactive
	requireCode(t, w.ps.UpdateParticipation(w.edA, &got), socialsvc.Conflict)
	n := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2020-05-01")}
	requireInvalid(t, w.ps.CreateParticipation(w.edA, &n), "beneficiary_id")
	n.BeneficiaryID = w.benB.ID
	n.Anonymous = &socialsvc.AnonymousPerson{Gender: socialsvc.GenderFemale}
	requireInvalid(t, w.ps.CreateParticipation(w.edB, &n), "anonymous")

	// Erasing again changes nothing.
	require.NoError(t, s.EraseBeneficiary(w.edA, w.benA.ID))
	again, err := w.ps.GetParticipation(ctx, p1.ID)
	require.NoError(t, err)
	assert.Equal(t, got.Version, again.Version)
}

// figures returns the figures of r without their records' order.
func figures(r socialsvc.ESFResult) map[socialsvc.ESFCode][5]int {
	out := map[socialsvc.ESFCode][5]int{}
	for _, f := range r.Figures {
		out[f.Code] = [5]int{f.Women, f.Men, f.NonBinary, f.Unknown, f.Total}
	}
	return out
}

func testParticipationAudit(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	p := w.create(w.edA, w.full(w.benA.ID))
	p.ExitSituation = p.ExitSituation[:1]
	p.Homeless = socialsvc.AnswerYes
	require.NoError(t, w.ps.UpdateParticipation(w.edA, &p))
	require.NoError(t, s.EraseBeneficiary(w.edA, w.benA.ID))

	entries := auditOf(t, s, store.EntityParticipation, string(p.ID))
	require.Len(t, entries, 3)
	assert.Equal(t, []string{"create", "update", "update"}, []string{entries[0].Action, entries[1].Action, entries[2].Action})
	personal := []string{"labour_status", "isced", "disability", "third_country_national", "foreign_background",
		"minority", "homeless", "rural", "exit_situation", "six_month_situation", "entry_date", "exit_date", "gender", "age_band"}
	values := []string{"long_term_unemployed", "refused", "qualification", "employed", "register", "2019-03-01", "2019-08-31", "female", "18-29"}
	for _, e := range entries {
		for _, raw := range [][]byte{e.Before, e.After} {
			m := jsonMap(t, raw)
			for _, k := range personal {
				assert.NotContains(t, m, k, "%s entry holds %s", e.Action, k)
			}
			for _, v := range values {
				assert.NotContains(t, string(raw), `"`+v+`"`, "%s entry holds a personal value", e.Action)
			}
		}
	}
	created := jsonMap(t, entries[0].After)
	assert.Equal(t, string(p.ID), created["id"])
	assert.Equal(t, string(w.benA.ID), created["beneficiary_id"])
	assert.Equal(t, string(w.prj.ID), created["project_id"])
	assert.Equal(t, []any{"homeless", "exit_situation"}, jsonMap(t, entries[1].After)["changed"])
	erased := jsonMap(t, entries[2].After)
	assert.Equal(t, []any{"anonymous"}, erased["changed"])
	assert.Equal(t, true, erased["anonymous"])
}

// testParticipationCompute counts a small set through the store: two
// women (one of them twice, in two projects), a man, a person of unknown
// gender.
func testParticipationCompute(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	ctx := t.Context()
	other := w.f.project()
	w.f.partner(other.ID, socialsvc.RoleLead, func(p *socialsvc.Partner) { p.OrgID = w.orgA.ID })
	unknown := w.f.beneficiary(w.orgA.ID, func(b *socialsvc.Beneficiary) { b.BirthYear = 2004 })
	w.create(ctx, w.full(w.benA.ID))
	w.create(ctx, socialsvc.Participation{ProjectID: other.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2019-05-01"), LabourStatus: socialsvc.LabourUnemployed})
	w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benB.ID, EntryDate: d("2019-04-01"), LabourStatus: socialsvc.LabourEmployed, ISCED: isced(6)})
	// Born in 2004: 16 at the entry of 2020.
	w.create(ctx, socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: unknown.ID, EntryDate: d("2020-08-31"), LabourStatus: socialsvc.LabourInactiveEducation,
		ExitDate: d("2020-08-31"), ExitSituation: []socialsvc.Result{{Outcome: socialsvc.OutcomeInEducation, ObservedOn: d("2020-08-31"), Source: socialsvc.SourceAsked}}})

	r, err := store.ComputeESF(ctx, s, store.ParticipationFilter{ProjectID: w.prj.ID})
	require.NoError(t, err)
	want := map[socialsvc.ESFCode][5]int{ // women, men, non-binary, unknown, total
		socialsvc.EECO01: {1, 1, 0, 1, 3}, socialsvc.EECO02: {1, 0, 0, 0, 1}, socialsvc.EECO03: {1, 0, 0, 0, 1},
		socialsvc.EECO04: {0, 0, 0, 1, 1}, socialsvc.EECO05: {0, 1, 0, 0, 1}, socialsvc.EECO06: {0, 0, 0, 1, 1},
		socialsvc.EECO07: {1, 0, 0, 0, 1}, socialsvc.EECO08: {0, 1, 0, 0, 1}, socialsvc.EECO10: {1, 0, 0, 0, 1},
		socialsvc.EECO11: {0, 1, 0, 0, 1}, socialsvc.EECO15: {1, 0, 0, 0, 1}, socialsvc.EECO17: {1, 0, 0, 0, 1},
		socialsvc.EECR02: {0, 0, 0, 1, 1}, socialsvc.EECR03: {1, 0, 0, 0, 1}, socialsvc.EECR04: {1, 0, 0, 0, 1},
		socialsvc.EECR05: {1, 0, 0, 0, 1},
	}
	got := figures(r)
	for _, code := range socialsvc.ESFCodes {
		assert.Equal(t, want[code], got[code], "%s", code)
	}
	assert.Equal(t, 2, r.Exited)
	assert.Equal(t, 1, r.SixMonthData)

	portfolio, err := store.ComputeESF(ctx, s, store.ParticipationFilter{ProjectIDs: []socialsvc.ProjectID{w.prj.ID, other.ID}})
	require.NoError(t, err)
	total := portfolio.Figure(socialsvc.EECO01)
	assert.Equal(t, [5]int{2, 1, 0, 1, 4}, [5]int{total.Women, total.Men, total.NonBinary, total.Unknown, total.Total},
		"a person in two projects counts in each")
	assert.Equal(t, 1, total.Contributors(socialsvc.ESFWomen), "but is one contributor")
	assert.Equal(t, 3, total.Contributors(""))
	period, err := store.ComputeESF(ctx, s, store.ParticipationFilter{ProjectIDs: []socialsvc.ProjectID{w.prj.ID, other.ID}, From: d("2019-04-01"), To: d("2019-12-31")})
	require.NoError(t, err)
	assert.Equal(t, 2, period.Figure(socialsvc.EECO01).Total)
}

// testParticipationConcurrent races eight writers recording overlapping
// open participations of one person: exactly one wins, the others get
// the overlap conflict (or a retryable conflict), never two records.
func testParticipationConcurrent(t *testing.T, s store.Store) {
	w := newPartWorld(t, s)
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := socialsvc.Participation{ProjectID: w.prj.ID, BeneficiaryID: w.benA.ID, EntryDate: d("2019-03-01").AddDays(i)}
			errs <- w.ps.CreateParticipation(w.edA, &p)
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err == nil {
			ok++
			continue
		}
		requireCode(t, err, socialsvc.Conflict)
	}
	assert.Equal(t, 1, ok)
	assert.Equal(t, 1, w.count(t))
}
