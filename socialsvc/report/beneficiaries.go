package report

import (
	"context"
	"slices"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// BeneficiaryReport counts the people a project served: unique
// individuals and visits (attendance records), by target group, age band,
// region and period, each against gender. It holds only published counts:
// every count below MinCount, and every count that would let one be
// derived from the totals, is suppressed (see Suppress) before the report
// is built, so no renderer and no caller can show it.
type BeneficiaryReport struct {
	Header
	// Individuals is the number of unique people; Visits the number of
	// attendance records. A person who came ten times is one individual
	// and ten visits.
	Individuals Count `json:"individuals"`
	Visits      Count `json:"visits"`
	// Breakdowns are the tables, in a fixed order: individuals and
	// visits by target group, age band, region and period, each with
	// gender as columns.
	Breakdowns []Breakdown `json:"breakdowns"`
}

// Breakdown is one published table of counts.
type Breakdown struct {
	// ID is "<measure>_by_<dimension>".
	ID string `json:"id"`
	// Measure is "individuals" or "visits".
	Measure string `json:"measure"`
	// Dimension is "target_group", "age_band", "region" or "period".
	Dimension string     `json:"dimension"`
	Rows      []Category `json:"rows"`
	// Columns are the genders, with "unknown_or_erased" last.
	Columns      []Category `json:"columns"`
	Cells        [][]Count  `json:"cells"`
	RowTotals    []Count    `json:"row_totals"`
	ColumnTotals []Count    `json:"column_totals"`
	Total        Count      `json:"total"`
	// RowsAddUp is false where one person counts in several rows (target
	// groups; individuals by period), so the rows do not add up to the
	// total.
	RowsAddUp bool `json:"rows_add_up"`
}

// Category is a row or column of a Breakdown.
type Category struct {
	Key   string         `json:"key"`
	Label socialsvc.I18n `json:"label"`
}

// UnknownOrErased is the key of the bucket for people whose attribute is
// not recorded and for people erased under GDPR Art. 17: they count in
// the totals and in this bucket only, never in a cell that names an
// attribute.
const UnknownOrErased = "unknown_or_erased"

var unknownCat = Category{Key: UnknownOrErased, Label: catalogueID("domain.bucket.unknown_or_erased")}

var genderCats = []Category{
	{Key: string(socialsvc.GenderFemale), Label: catalogueID("domain.gender.female")},
	{Key: string(socialsvc.GenderMale), Label: catalogueID("domain.gender.male")},
	{Key: string(socialsvc.GenderOther), Label: catalogueID("domain.gender.other")},
	unknownCat,
}

// Beneficiaries computes the beneficiary report of a project from its
// events and attendance.
//
// With the default Options (Disclosure Protected) it is the public
// release: Options may ask for the whole project, a reporting period
// (Period, or From and To equal to its dates) or, for a project without
// periods, a calendar year (From and To equal to 1 January and 31
// December); any other filter is an invalid error naming the parameter.
// Every figure has passed the disclosure control of this package,
// computed over the whole family of releases at once.
//
// With Disclosure Exact, Period and From/To select events (by their first
// day) freely, every count is exact and the report is marked
// confidential.
func Beneficiaries(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*BeneficiaryReport, error) {
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, o)
	if err != nil {
		return nil, err
	}
	fam := releaseFamily(&p)
	rel := 0
	if o.Disclosure != Exact {
		if rel, err = fam.pick(o); err != nil {
			return nil, err
		}
		sc = fam.scope(rel)
	}
	var (
		bd   *beneficiaryData
		rows *tableRows
		tab  *tabulation
		pr   *protector
	)
	if o.Disclosure == Exact {
		if bd, err = loadBeneficiaryData(ctx, s, &p, fam, sc, true); err != nil {
			return nil, err
		}
		rows = beneficiaryRows(&p, o.catalogue())
		tab = tabulate(bd.people, len(fam.scopes), rows.sizes())
	} else {
		rl, err := protectedRelease(ctx, s, &p, o.catalogue(), nil)
		if err != nil {
			return nil, err
		}
		bd, rows, tab, pr = rl.bd, rl.rows, rl.tab, rl.pr
	}
	r := &BeneficiaryReport{Header: newHeader(KindBeneficiaries, &p, sc, o), Breakdowns: []Breakdown{}}
	publishTables(r, &p, fam, rows, tab, pr, rel)
	if o.Disclosure != Exact {
		bd.attended = int(tab.val[qkey{rel, dimTotal, -1, -1}][mInd])
	}

	h := &r.Header
	if bd.attended == 0 {
		h.note("no_attendance", nil)
	}
	if o.Disclosure == Exact {
		h.markConfidential()
	} else {
		h.note("suppression", nil)
	}
	h.note("individuals_and_visits", nil)
	h.note("groups_overlap", nil)
	h.note("erased", nil)
	if bd.reportedOnly > 0 {
		h.note("reported_participants", nil)
	}
	return r, nil
}

// scope returns the Scope of release i.
func (f *family) scope(i int) Scope {
	s := f.scopes[i]
	switch {
	case i == 0:
		return Scope{}
	case f.byYear:
		return Scope{From: s.start, To: s.end}
	}
	return Scope{Period: s.number, PeriodStart: s.start, PeriodEnd: s.end}
}

// beneficiaryData is what the tables are counted from.
type beneficiaryData struct {
	people       []*tperson
	attended     int
	reportedOnly int64
}

// loadBeneficiaryData reads the project's events, attendance and
// beneficiaries. Scope 0 of each person's visits is the report's scope
// (exact) or the whole project (protected); scopes 1.. are the family's.
// Attributes are fixed for the whole project (the age band at the first
// visit), so that a person is in the same rows in every release.
func loadBeneficiaryData(ctx context.Context, s store.Store, p *socialsvc.Project, fam *family, sc Scope, exact bool) (*beneficiaryData, error) {
	events, err := loadEvents(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	type evInfo struct {
		fam     int
		in      bool
		day     socialsvc.Date
		records bool
	}
	info := make(map[socialsvc.EventID]*evInfo, len(events))
	for _, e := range events {
		in := true
		if exact {
			in = (sc.Period == 0 || periodOf(p, e.Start) == sc.Period) && sc.inRange(e.Start)
		}
		info[e.ID] = &evInfo{fam: fam.scopeOf(p, e.Start), in: in, day: e.Start}
	}
	type acc struct {
		visits []int64
		first  socialsvc.Date
	}
	people := map[socialsvc.BeneficiaryID]*acc{}
	for a, err := range s.ScanAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID}) {
		if err != nil {
			return nil, err
		}
		ev, ok := info[a.EventID]
		if !ok {
			continue
		}
		ev.records = true
		pp := people[a.BeneficiaryID]
		if pp == nil {
			pp = &acc{visits: make([]int64, len(fam.scopes)), first: ev.day}
			people[a.BeneficiaryID] = pp
		}
		if ev.day.Before(pp.first) {
			pp.first = ev.day
		}
		if ev.in {
			pp.visits[0]++
			pp.visits[ev.fam]++
		}
	}
	d := &beneficiaryData{}
	for _, e := range events {
		if ev := info[e.ID]; ev.in && !ev.records {
			d.reportedOnly += int64(e.ReportedParticipants)
		}
	}
	rows := beneficiaryRows(p, nil)
	described := map[socialsvc.BeneficiaryID]bool{}
	out := map[socialsvc.BeneficiaryID]*tperson{}
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p.ID}) {
		if err != nil {
			return nil, err
		}
		if pp := people[b.ID]; pp != nil {
			out[b.ID] = rows.describe(&b, pp.first, pp.visits)
			described[b.ID] = true
		}
	}
	ids := make([]socialsvc.BeneficiaryID, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pp := people[id]
		if !described[id] {
			b, err := s.GetBeneficiary(ctx, id)
			switch {
			case err == nil:
			case socialsvc.ErrorCode(err) == socialsvc.NotFound:
				b = socialsvc.Beneficiary{Erased: true}
			default:
				return nil, err
			}
			out[id] = rows.describe(&b, pp.first, pp.visits)
		}
		if pp.visits[0] > 0 {
			d.attended++
		}
		d.people = append(d.people, out[id])
	}
	return d, nil
}

// tableRows are the fixed row lists of the beneficiary tables: the
// project's declared target groups and regions, the age bands, each
// with the "other or not declared" bucket last; never rows from the
// data, so that a row's existence reveals nobody.
type tableRows struct {
	groups, ages, regions []Category
	groupIdx, regionIdx   map[string]int
}

var otherCat = Category{Key: UnknownOrErased, Label: catalogueID("domain.bucket.other_or_not_declared")}

func beneficiaryRows(p *socialsvc.Project, cat *socialsvc.TargetGroupCatalogue) *tableRows {
	if cat == nil {
		cat = socialsvc.DefaultTargetGroups()
	}
	t := &tableRows{groupIdx: map[string]int{}, regionIdx: map[string]int{}}
	for _, g := range p.TargetGroups {
		if _, dup := t.groupIdx[string(g)]; dup {
			continue
		}
		t.groupIdx[string(g)] = len(t.groups)
		label := catalogueText(func(l socialsvc.Lang) string { return cat.Label(g, l) })
		t.groups = append(t.groups, Category{Key: string(g), Label: label})
	}
	t.groups = append(t.groups, otherCat)
	for _, b := range socialsvc.AgeBands {
		t.ages = append(t.ages, Category{Key: string(b), Label: catalogueText(func(socialsvc.Lang) string { return string(b) })})
	}
	t.ages = append(t.ages, unknownCat)
	for _, rg := range p.Regions {
		if _, dup := t.regionIdx[rg.Code]; dup {
			continue
		}
		t.regionIdx[rg.Code] = len(t.regions)
		label := rg.Code
		if n := regionName(p, rg.Code); n != "" {
			label = rg.Code + " " + n
		}
		t.regions = append(t.regions, Category{Key: rg.Code, Label: catalogueText(func(socialsvc.Lang) string { return label })})
	}
	t.regions = append(t.regions, otherCat)
	return t
}

func (t *tableRows) sizes() [nDims]int {
	return [nDims]int{dimTotal: 1, dimGroup: len(t.groups), dimAge: len(t.ages), dimRegion: len(t.regions)}
}

// describe places a person in the rows.
func (t *tableRows) describe(b *socialsvc.Beneficiary, first socialsvc.Date, visits []int64) *tperson {
	other := func(rows []Category) int { return len(rows) - 1 }
	pp := &tperson{gender: len(genderCats) - 1, age: other(t.ages), region: other(t.regions), visits: visits}
	if b.Erased {
		pp.groups = []int{other(t.groups)}
		return pp
	}
	for i, g := range genderCats[:len(genderCats)-1] {
		if string(b.Gender) == g.Key {
			pp.gender = i
		}
	}
	if band := b.AgeBandOn(first); band != socialsvc.AgeUnknown {
		pp.age = slices.Index(socialsvc.AgeBands, band)
	}
	if i, ok := t.regionIdx[b.Region]; ok {
		pp.region = i
	}
	seen := map[int]bool{}
	for _, g := range b.TargetGroups {
		i, ok := t.groupIdx[string(g)]
		if !ok {
			i = other(t.groups)
		}
		if !seen[i] {
			seen[i] = true
			pp.groups = append(pp.groups, i)
		}
	}
	if len(pp.groups) == 0 {
		pp.groups = []int{other(t.groups)}
	}
	slices.Sort(pp.groups)
	return pp
}

func regionName(p *socialsvc.Project, code string) string {
	for _, rg := range p.Regions {
		if rg.Code == code {
			if rg.Name != "" {
				return rg.Name
			}
			return socialsvc.RegionName(code, rg.Version)
		}
	}
	return socialsvc.RegionName(code, socialsvc.NUTS2021)
}

// publishTables turns the tabulation of release rel into published
// breakdowns: exact counts when pr is nil, the protected ones otherwise.
// The table by period is part of the whole project's release only (in a
// period's release it would repeat the totals).
func publishTables(r *BeneficiaryReport, p *socialsvc.Project, fam *family, rows *tableRows, tab *tabulation, pr *protector, rel int) {
	nc := len(genderCats)
	count := func(k qkey, m int) Count { return pr.count(k, m, tab.val) }
	type dim struct {
		name  string
		rows  []Category
		keyOf func(row, col int) qkey
		addUp [2]bool
	}
	cellKey := func(d int) func(row, col int) qkey {
		return func(row, col int) qkey { return qkey{rel, d, row, col} }
	}
	dims := []dim{
		{"target_group", rows.groups, cellKey(dimGroup), [2]bool{false, false}},
		{"age_band", rows.ages, cellKey(dimAge), [2]bool{true, true}},
		{"region", rows.regions, cellKey(dimRegion), [2]bool{true, true}},
	}
	if rel == 0 && r.Scope.Period == 0 {
		var perRows []Category
		for i := 1; i < fam.outside(); i++ {
			sc := fam.scopes[i]
			k := strconv.Itoa(sc.number)
			label := catalogueText(func(l socialsvc.Lang) string {
				return i18n.Tf(l, "domain.period.range", map[string]any{"Number": k, "Start": sc.start.Format(l), "End": sc.end.Format(l)})
			})

			if fam.byYear {
				label = catalogueText(func(l socialsvc.Lang) string {
					return i18n.Tf(l, "domain.period.numbered", map[string]any{"Number": k})
				})
			}
			perRows = append(perRows, Category{Key: k, Label: label})
		}
		perRows = append(perRows, Category{Key: "0", Label: catalogueID("domain.bucket.outside_periods")})
		dims = append(dims, dim{"period", perRows, func(row, col int) qkey { return qkey{row + 1, dimTotal, -1, col} }, [2]bool{false, true}})
	}
	for m, measure := range []string{"individuals", "visits"} {
		for _, d := range dims {
			b := Breakdown{ID: measure + "_by_" + d.name, Measure: measure, Dimension: d.name, Rows: d.rows, Columns: genderCats,
				Cells: make([][]Count, len(d.rows)), RowTotals: make([]Count, len(d.rows)), ColumnTotals: make([]Count, nc),
				Total: count(qkey{rel, dimTotal, -1, -1}, m), RowsAddUp: d.addUp[m]}
			for ri := range d.rows {
				b.Cells[ri] = make([]Count, nc)
				for ci := 0; ci < nc; ci++ {
					b.Cells[ri][ci] = count(d.keyOf(ri, ci), m)
				}
				b.RowTotals[ri] = count(d.keyOf(ri, -1), m)
			}
			for ci := 0; ci < nc; ci++ {
				b.ColumnTotals[ci] = count(qkey{rel, dimTotal, -1, ci}, m)
			}
			r.Breakdowns = append(r.Breakdowns, b)
		}
	}
	r.Individuals = count(qkey{rel, dimTotal, -1, -1}, mInd)
	r.Visits = count(qkey{rel, dimTotal, -1, -1}, mVis)
}
