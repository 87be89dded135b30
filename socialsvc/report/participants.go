package report

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"maps"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// KindParticipants is the ESF+ participants report.
const KindParticipants Kind = "participants"

// ParticipantsReport holds the ESF+ common indicators of participants
// (Regulation (EU) 2021/1057 Annex I: EECO01–EECO17 at entry, EECR01–EECR06
// at exit and six months after) of a project or a portfolio, each by
// gender. The figures are socialsvc.ComputeESF's over the participations
// whose entry date lies in the report's scope; they count participations
// (a person entering twice counts twice), while the disclosure control
// counts the distinct people behind each figure.
//
// A protected report holds only published figures (see ParticipantsOf);
// an exact one is marked confidential.
type ParticipantsReport struct {
	Header
	// Projects are the projects of a portfolio's report, in ID order;
	// empty for a project's.
	Projects []socialsvc.ProjectID `json:"projects,omitempty"`
	// Indicators are the common indicators in the order of Annex I.
	Indicators []ParticipantFigure `json:"indicators"`
}

// ParticipantFigure is one common indicator by gender. Total includes the
// participants without a recorded gender, who are in no column, so the
// columns add up to at most the total.
type ParticipantFigure struct {
	Code socialsvc.ESFCode       `json:"code"`
	Kind socialsvc.IndicatorKind `json:"kind"`
	// Name is the indicator's name in the report's language.
	Name      string `json:"name"`
	Women     Count  `json:"women"`
	Men       Count  `json:"men"`
	NonBinary Count  `json:"non_binary"`
	Total     Count  `json:"total"`
}

// esfColumns are the published gender columns in order, then the
// unpublished unknown-gender part of the total.
var esfColumns = []socialsvc.ESFGender{socialsvc.ESFWomen, socialsvc.ESFMen, socialsvc.ESFNonBinary, socialsvc.ESFUnknown}

const (
	dimESF     = 1 // the qkey dimension of the participants' figures
	colUnknown = 3 // esfColumns index of the unknown-gender part
)

// ParticipantsOf computes the participants report of a project from its
// participations (the store must hold them: store.Participations).
//
// With the default Options (Disclosure Protected) it is the public
// release: the whole project, a reporting period (Period, or From and To
// equal to its dates) or, for a project without periods, a calendar year;
// any other filter is an invalid error naming the parameter. Participations
// count in the release their entry date falls in. Every figure of every
// release is protected together by this package's disclosure control,
// with the distinct beneficiaries behind a figure as its contributors
// (a figure of 6 participations of 4 people is withheld as "<5"), the
// relations between the indicators (EECO03 ≤ EECO02 ≤ EECO01, the genders
// adding up to the total, the releases to the whole project) known to an
// attacker; the unknown-gender part of a total is never published.
//
// With Disclosure Exact, Period and From/To select participations by
// entry date freely, every figure is exact and the report is marked
// confidential: for the programme and the project's partners only.
func ParticipantsOf(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*ParticipantsReport, error) {
	ps, err := store.AsParticipations(s)
	if err != nil {
		return nil, err
	}
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, o)
	if err != nil {
		return nil, err
	}
	r := &ParticipantsReport{Header: newHeader(KindParticipants, &p, sc, o)}
	if o.Disclosure == Exact {
		scope := socialsvc.ESFScope{ProjectIDs: []socialsvc.ProjectID{p.ID}, From: sc.From, To: sc.To}
		if sc.Period > 0 {
			scope.From, scope.To = laterDate(sc.PeriodStart, sc.From), earlierDate(sc.PeriodEnd, sc.To)
		}
		res, err := store.ComputeESF(ctx, s, store.ParticipationFilter{ProjectID: p.ID, From: scope.From, To: scope.To})
		if err != nil {
			return nil, err
		}
		r.exact(res, o.lang())
		r.markConfidential()
		r.notes(int64(res.Figure(socialsvc.EECO01).Total))
		return r, nil
	}
	fam := releaseFamily(&p)
	rel, err := fam.pick(o)
	if err != nil {
		return nil, err
	}
	r.Scope = fam.scope(rel)
	er, err := participantsRelease(ctx, s, ps, &p, fam)
	if err != nil {
		return nil, err
	}
	r.Indicators = er.figures(rel, o.lang())
	r.note("participants_suppression", nil)
	r.notes(int64(er.total(rel)))
	return r, nil
}

// PortfolioParticipants computes the participants report over the
// projects of an organisation's portfolio (those it is a partner of, as
// Portfolio lists them): every participation counts, once per project, so
// a person who took part in two projects counts in both (ESF+ counts
// participations). From and To select by entry date; Period is refused,
// as the projects' periods differ.
//
// With Disclosure Exact the sums are exact and marked confidential. A
// protected portfolio publishes, for the whole projects only, the sum of
// the projects' published figures: a sum is withheld (x) where any of its
// parts is, and over a date range, which is no public release, every
// figure is withheld; so it discloses nothing the projects' own releases
// do not.
func PortfolioParticipants(ctx context.Context, s store.Store, org socialsvc.OrgID, o Options) (*ParticipantsReport, error) {
	if err := checkPortfolioOptions(o); err != nil {
		return nil, err
	}
	ps, err := store.AsParticipations(s)
	if err != nil {
		return nil, err
	}
	organisation, err := s.GetOrganisation(ctx, org)
	if err != nil {
		return nil, err
	}
	projects, err := listAll(ctx, func(c string) (store.Page[socialsvc.Project], error) {
		return s.ListProjects(ctx, store.ProjectFilter{OrgID: org, ListOptions: page(c)})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(projects, func(a, b socialsvc.Project) int { return cmp.Compare(a.ID, b.ID) })
	h := Header{Kind: KindParticipants, OrgID: org, Acronym: organisation.ShortName, Title: socialsvc.I18n{"hr": organisation.Name, "en": organisation.Name},
		Lang: o.lang(), Scope: Scope{From: o.From, To: o.To}, GeneratedAt: o.now().UTC().Truncate(1e9), Notes: []Note{}, Warnings: []Note{}}
	r := &ParticipantsReport{Header: h, Projects: []socialsvc.ProjectID{}}
	ids := make([]socialsvc.ProjectID, len(projects))
	for i := range projects {
		ids[i] = projects[i].ID
	}
	r.Projects = ids
	if o.Disclosure == Exact {
		res := socialsvc.ComputeESF(nil, nil, socialsvc.ESFScope{ProjectIDs: ids, From: o.From, To: o.To})
		if len(ids) > 0 {
			// Without projects the filter would select every project's.
			res, err = store.ComputeESF(ctx, s, store.ParticipationFilter{ProjectIDs: ids, From: o.From, To: o.To})
		}
		if err != nil {
			return nil, err
		}
		r.exact(res, o.lang())
		r.markConfidential()
		r.notes(int64(res.Figure(socialsvc.EECO01).Total))
		return r, nil
	}
	sums := make([]ParticipantFigure, len(socialsvc.ESFCodes))
	for i, code := range socialsvc.ESFCodes {
		sums[i] = ParticipantFigure{Code: code, Kind: code.Kind(), Name: code.Label(o.lang())}
	}
	withheld := Count{Suppressed: true, Reason: ReasonComplementary}
	add := func(sum *Count, c Count) {
		switch {
		case sum.Suppressed:
		case c.Suppressed:
			*sum = withheld
		default:
			sum.Value += c.Value
		}
	}
	var total int
	for i := range projects {
		er, err := participantsRelease(ctx, s, ps, &projects[i], releaseFamily(&projects[i]))
		if err != nil {
			return nil, err
		}
		total += er.total(0)
		for j, f := range er.figures(0, o.lang()) {
			add(&sums[j].Women, f.Women)
			add(&sums[j].Men, f.Men)
			add(&sums[j].NonBinary, f.NonBinary)
			add(&sums[j].Total, f.Total)
		}
	}
	if !o.From.IsZero() || !o.To.IsZero() {
		for j := range sums {
			sums[j].Women, sums[j].Men, sums[j].NonBinary, sums[j].Total = withheld, withheld, withheld, withheld
		}
	}
	r.Indicators = sums
	r.note("participants_suppression", nil)
	r.notes(int64(total))
	return r, nil
}

// notes adds the notes every participants report carries.
func (r *ParticipantsReport) notes(participations int64) {
	if participations == 0 {
		r.note("no_participations", nil)
	}
	r.note("participants_unit", nil)
	r.note("participants_refusals", nil)
}

// exact fills the figures from an exact computation.
func (r *ParticipantsReport) exact(res socialsvc.ESFResult, lang socialsvc.Lang) {
	r.Indicators = make([]ParticipantFigure, 0, len(socialsvc.ESFCodes))
	for _, code := range socialsvc.ESFCodes {
		f := res.Figure(code)
		r.Indicators = append(r.Indicators, ParticipantFigure{Code: code, Kind: code.Kind(), Name: code.Label(lang),
			Women: Count{Value: int64(f.Women)}, Men: Count{Value: int64(f.Men)}, NonBinary: Count{Value: int64(f.NonBinary)}, Total: Count{Value: int64(f.Total)}})
	}
}

func laterDate(a, b socialsvc.Date) socialsvc.Date {
	if a.IsZero() || (!b.IsZero() && b.After(a)) {
		return b
	}
	return a
}

func earlierDate(a, b socialsvc.Date) socialsvc.Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// participationData streams the participations of projects with their
// beneficiaries to fn. The beneficiaries are read once per organisation
// that controls them (the participations carry it), not one by one; a
// beneficiary that is gone is nil (socialsvc.ESFCounter counts it with
// unknown gender and age, or by what an erased record kept).
func participationData(ctx context.Context, s store.Store, ps store.Participations, projects []socialsvc.ProjectID,
	fn func(p *socialsvc.Participation, b *socialsvc.Beneficiary)) error {
	var parts []socialsvc.Participation
	orgs := map[socialsvc.OrgID]bool{}
	for _, id := range projects {
		for p, err := range ps.ScanParticipations(ctx, store.ParticipationFilter{ProjectID: id}) {
			if err != nil {
				return err
			}
			parts = append(parts, p)
			if p.OrgID != "" {
				orgs[p.OrgID] = true
			}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	need := make(map[socialsvc.BeneficiaryID]*socialsvc.Beneficiary, len(parts))
	for i := range parts {
		need[parts[i].BeneficiaryID] = nil
	}
	for _, org := range slices.Sorted(maps.Keys(orgs)) {
		for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: org}) {
			if err != nil {
				return err
			}
			if _, ok := need[b.ID]; ok {
				need[b.ID] = &b
			}
		}
	}
	for id, b := range need {
		if b != nil || id == "" {
			continue
		}
		got, err := s.GetBeneficiary(ctx, id)
		switch {
		case err == nil:
			need[id] = &got
		case socialsvc.ErrorCode(err) != socialsvc.NotFound:
			return err
		}
	}
	for i := range parts {
		fn(&parts[i], need[parts[i].BeneficiaryID])
	}
	return nil
}

// esfRelease is a project's protected release of participants' figures:
// every indicator, gender column and scope of the project's release
// family, protected together.
type esfRelease struct {
	fam  *family
	vals map[qkey][2]int64 // value, contributors
	pr   *protector
}

// participantsRelease computes (or takes from the cache) the protection
// of a project's participants' figures over its release family.
func participantsRelease(ctx context.Context, s store.Store, ps store.Participations, p *socialsvc.Project, fam *family) (*esfRelease, error) {
	n := len(fam.scopes)
	counters := make([]*socialsvc.ESFCounter, n)
	for i := range counters {
		counters[i] = socialsvc.NewESFCounter(socialsvc.ESFScope{})
	}
	err := participationData(ctx, s, ps, []socialsvc.ProjectID{p.ID}, func(pt *socialsvc.Participation, b *socialsvc.Beneficiary) {
		counters[0].Add(pt, b)
		counters[fam.scopeOf(p, pt.EntryDate)].Add(pt, b)
	})
	if err != nil {
		return nil, err
	}
	er := &esfRelease{fam: fam, vals: map[qkey][2]int64{}}
	for sIdx, c := range counters {
		res := c.Result()
		for i, code := range socialsvc.ESFCodes {
			f := res.Figure(code)
			d := f.Distinct()
			er.vals[qkey{sIdx, dimESF, i, -1}] = [2]int64{int64(f.Total), int64(d.Total)}
			for col, g := range esfColumns {
				er.vals[qkey{sIdx, dimESF, i, col}] = [2]int64{int64(f.Of(g)), int64(d.Of(g))}
			}
		}
	}
	key := er.fingerprint()
	if pr, ok := protections.get(key); ok {
		er.pr = pr
		return er, nil
	}
	er.protect()
	protections.put(key, er.pr)
	return er, nil
}

// total is the number of participations of release s.
func (er *esfRelease) total(s int) int {
	return int(er.vals[qkey{s, dimESF, 0, -1}][0])
}

// hidden reports whether participations lie outside every release: their
// figures are then unknowns of the audit, else known zeros.
func (er *esfRelease) hidden() bool { return er.total(er.fam.outside()) > 0 }

func (er *esfRelease) keys() []qkey {
	keys := make([]qkey, 0, len(er.vals))
	for k := range er.vals {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b qkey) int {
		return cmp.Or(cmp.Compare(a.scope, b.scope), cmp.Compare(a.dim, b.dim), cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	return keys
}

// fingerprint identifies the protection's input; "participants" keeps it
// apart from the beneficiary tables' in the shared cache.
func (er *esfRelease) fingerprint() [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte("participants"))
	var b [8]byte
	w := func(vs ...int64) {
		for _, v := range vs {
			binary.LittleEndian.PutUint64(b[:], uint64(v))
			h.Write(b[:])
		}
	}
	keys := er.keys()
	w(int64(len(er.fam.scopes)), int64(len(keys)))
	for _, k := range keys {
		v := er.vals[k]
		w(int64(k.scope), int64(k.row), int64(k.col), v[0], v[1])
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// protect builds the audit model of the figures and runs the package's
// disclosure control over it (primary suppression of 1 to 4 people,
// complementary suppression and the audit of every withheld figure).
func (er *esfRelease) protect() {
	pr := newProtector()
	outside, hide := er.fam.outside(), er.hidden()
	for _, k := range er.keys() {
		if k.scope == outside && !hide {
			continue // a known zero in every figure
		}
		v := er.vals[k]
		public := k.scope != outside && k.col != colUnknown
		pr.addQty(k, mInd, v[0], v[1], public)
		if k.scope == outside {
			pr.units[pr.keyUnit[k]] = unitHidden
		}
	}
	id := func(s, row, col int) int { return pr.id(qkey{s, dimESF, row, col}, mInd) }
	idx := func(c socialsvc.ESFCode) int { return slices.Index(socialsvc.ESFCodes, c) }
	below := func(s, col int, total socialsvc.ESFCode, parts ...socialsvc.ESFCode) {
		terms := []int{-1, id(s, idx(total), col)}
		for _, p := range parts {
			terms = append(terms, 1, id(s, idx(p), col))
		}
		pr.rel(false, terms...)
	}
	nCodes := len(socialsvc.ESFCodes)
	for s := range er.fam.scopes {
		if s == outside && !hide {
			continue
		}
		for i := range nCodes {
			parts := make([]int, len(esfColumns))
			for col := range esfColumns {
				parts[col] = id(s, i, col)
			}
			pr.sum(true, id(s, i, -1), parts)
		}
		for col := -1; col < len(esfColumns); col++ {
			// What Annex I and the data at entry make known: the nested
			// and exclusive groups, and every indicator within the
			// participants.
			below(s, col, socialsvc.EECO02, socialsvc.EECO03)
			below(s, col, socialsvc.EECO01, socialsvc.EECO02, socialsvc.EECO04, socialsvc.EECO05)
			below(s, col, socialsvc.EECO01, socialsvc.EECO06, socialsvc.EECO07, socialsvc.EECO08)
			below(s, col, socialsvc.EECO01, socialsvc.EECO09, socialsvc.EECO10, socialsvc.EECO11)
			for _, c := range socialsvc.ESFCodes[idx(socialsvc.EECO12):] {
				below(s, col, socialsvc.EECO01, c)
			}
		}
	}
	// Every participation counts in the release of its entry date: the
	// whole project's figures are the sums of the releases'.
	if len(er.fam.scopes) > 2 || hide {
		for i := range nCodes {
			for col := -1; col < len(esfColumns); col++ {
				var parts []int
				for s := 1; s < len(er.fam.scopes); s++ {
					if s == outside && !hide {
						continue
					}
					parts = append(parts, id(s, i, col))
				}
				pr.sum(true, id(0, i, col), parts)
			}
		}
	}
	pr.protect()
	er.pr = pr
}

// figure returns the published form of indicator row, column col (-1 the
// total) in release s.
func (er *esfRelease) figure(s, row, col int) Count {
	return er.pr.count(qkey{s, dimESF, row, col}, mInd, nil)
}

// figures returns the published figures of release s.
func (er *esfRelease) figures(s int, lang socialsvc.Lang) []ParticipantFigure {
	out := make([]ParticipantFigure, 0, len(socialsvc.ESFCodes))
	for i, code := range socialsvc.ESFCodes {
		out = append(out, ParticipantFigure{Code: code, Kind: code.Kind(), Name: code.Label(lang),
			Women: er.figure(s, i, 0), Men: er.figure(s, i, 1), NonBinary: er.figure(s, i, 2), Total: er.figure(s, i, -1)})
	}
	return out
}

// Tables implements Report: one table of the indicators, outputs then
// results, with the gender columns and the total.
func (r *ParticipantsReport) Tables(lang socialsvc.Lang) []Table {
	t := Table{ID: "participants", Title: tr(lang, "participants.title"), RowHeaders: 2, Columns: []Column{
		{Key: "code", Label: tr(lang, "participants.code"), Kind: CellText},
		{Key: "indicator", Label: tr(lang, "participants.indicator"), Kind: CellText},
		{Key: "women", Label: tr(lang, "participants.women"), Kind: CellInt},
		{Key: "men", Label: tr(lang, "participants.men"), Kind: CellInt},
		{Key: "non_binary", Label: tr(lang, "participants.non_binary"), Kind: CellInt},
		{Key: "total", Label: tr(lang, "participants.total"), Kind: CellInt},
	}}
	for _, f := range r.Indicators {
		t.Rows = append(t.Rows, Row{Cells: []Cell{TextCell(string(f.Code)), TextCell(f.Code.Label(lang)),
			CountCell(f.Women), CountCell(f.Men), CountCell(f.NonBinary), CountCell(f.Total)}})
	}
	t.Notes = append(t.Notes, tr(lang, "participants.unknown_gender"))
	t.addLegend(lang)
	return []Table{t}
}

// Charts implements Report: the participants at entry (EECO01) by gender.
func (r *ParticipantsReport) Charts(lang socialsvc.Lang) []Chart {
	if len(r.Indicators) == 0 {
		return nil
	}
	f := r.Indicators[0]
	c := Chart{ID: "participants_by_gender", Title: tr(lang, "participants.chart"), Kind: ChartBars, Series: []string{tr(lang, "participants.total")}}
	for _, x := range []struct {
		key string
		n   Count
	}{{"women", f.Women}, {"men", f.Men}, {"non_binary", f.NonBinary}} {
		c.Items = append(c.Items, ChartItem{Label: tr(lang, "participants."+x.key),
			Bars: []ChartBar{{Value: x.n.Value, Display: CountCell(x.n).DisplayText(lang), Suppressed: x.n.Suppressed}}})
	}
	return []Chart{c}
}
