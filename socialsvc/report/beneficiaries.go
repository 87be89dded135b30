package report

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
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

var unknownCat = Category{Key: UnknownOrErased, Label: socialsvc.I18n{HR: "nepoznato ili izbrisano", EN: "unknown or erased"}}

var genderCats = []Category{
	{Key: string(socialsvc.GenderFemale), Label: socialsvc.I18n{HR: "žene", EN: "women"}},
	{Key: string(socialsvc.GenderMale), Label: socialsvc.I18n{HR: "muškarci", EN: "men"}},
	{Key: string(socialsvc.GenderOther), Label: socialsvc.I18n{HR: "drugo", EN: "other"}},
	unknownCat,
}

// person is what the report keeps of one beneficiary while counting: the
// buckets it falls in, never its identity beyond the map key.
type person struct {
	gender  int // index into genderCats
	age     string
	region  string
	groups  []string
	visits  int64
	periods map[int]int64 // visits per period
	first   socialsvc.Date
}

// Beneficiaries computes the beneficiary report of a project from its
// events and attendance. Options.Period and From/To select events (by
// their first day).
func Beneficiaries(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*BeneficiaryReport, error) {
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, o)
	if err != nil {
		return nil, err
	}
	events, err := loadEvents(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	type evInfo struct {
		period int
		day    socialsvc.Date
	}
	inScope := map[socialsvc.EventID]evInfo{}
	var reportedOnly int64
	for _, e := range events {
		n := periodOf(&p, e.Start)
		if sc.Period != 0 && n != sc.Period || !sc.inRange(e.Start) {
			continue
		}
		inScope[e.ID] = evInfo{n, e.Start}
	}
	people := map[socialsvc.BeneficiaryID]*person{}
	withRecords := map[socialsvc.EventID]bool{}
	for a, err := range s.ScanAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID}) {
		if err != nil {
			return nil, err
		}
		ev, ok := inScope[a.EventID]
		if !ok {
			continue
		}
		withRecords[a.EventID] = true
		pp := people[a.BeneficiaryID]
		if pp == nil {
			pp = &person{periods: map[int]int64{}, first: ev.day}
			people[a.BeneficiaryID] = pp
		}
		pp.visits++
		pp.periods[ev.period]++
		if ev.day.Before(pp.first) {
			pp.first = ev.day
		}
	}
	for _, e := range events {
		if _, ok := inScope[e.ID]; ok && !withRecords[e.ID] {
			reportedOnly += int64(e.ReportedParticipants)
		}
	}
	// Attributes: scan the project's beneficiaries, then fetch those
	// served under another project or none.
	found := map[socialsvc.BeneficiaryID]bool{}
	cat := o.catalogue()
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p.ID}) {
		if err != nil {
			return nil, err
		}
		if pp := people[b.ID]; pp != nil {
			pp.describe(&b)
			found[b.ID] = true
		}
	}
	ids := make([]socialsvc.BeneficiaryID, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pp := people[id]
		if found[id] {
			continue
		}
		b, err := s.GetBeneficiary(ctx, id)
		switch {
		case err == nil:
			pp.describe(&b)
		case socialsvc.ErrorCode(err) == socialsvc.NotFound:
			pp.describe(&socialsvc.Beneficiary{Erased: true})
		default:
			return nil, err
		}
	}

	r := &BeneficiaryReport{Header: newHeader(KindBeneficiaries, &p, sc, o), Breakdowns: []Breakdown{}}
	list := make([]*person, 0, len(ids))
	for _, id := range ids {
		list = append(list, people[id])
	}
	grids := buildGrids(&p, sc, cat, list)
	publishGrids(r, grids)

	h := &r.Header
	if len(list) == 0 {
		h.note("no_attendance", "No attendance has been recorded in the scope of this report.", "U obuhvatu ovog izvještaja nije evidentiran nijedan dolazak.")
	}
	h.note("suppression", "Counts below 5 are shown as <5, and further counts are withheld so that none can be derived from the totals.",
		"Brojevi manji od 5 prikazani su kao <5, a dodatni su brojevi skriveni kako se nijedan ne bi mogao izračunati iz zbrojeva.")
	h.note("individuals_and_visits", "Individuals are unique people; visits are attendance records. A person who came ten times is one individual and ten visits.",
		"Osobe su jedinstvene osobe; posjeti su evidentirani dolasci. Osoba koja je došla deset puta jedna je osoba i deset posjeta.")
	h.note("groups_overlap", "A person in several target groups counts in each of them: the target-group rows do not add up to the total. Individuals by period do not add up either: a person who came in two periods counts in both.",
		"Osoba u više ciljnih skupina broji se u svakoj od njih: retci ciljnih skupina ne zbrajaju se u ukupan broj. Ni osobe po razdobljima se ne zbrajaju: osoba koja je došla u dva razdoblja broji se u oba.")
	h.note("erased", "People whose data was erased (GDPR Art. 17) or not recorded count in the totals and in the 'unknown or erased' row or column only.",
		"Osobe čiji su podaci izbrisani (čl. 17. GDPR-a) ili nisu zabilježeni broje se u ukupnim brojevima i samo u retku ili stupcu 'nepoznato ili izbrisano'.")
	if reportedOnly > 0 {
		h.note("reported_participants", "Events with a reported head count but no attendance records are not included: their participants are not registered beneficiaries.",
			"Događaji s prijavljenim brojem sudionika bez evidencije dolazaka nisu uključeni: njihovi sudionici nisu evidentirani korisnici.")
	}
	return r, nil
}

func (pp *person) describe(b *socialsvc.Beneficiary) {
	pp.gender = len(genderCats) - 1
	pp.age, pp.region, pp.groups = UnknownOrErased, UnknownOrErased, nil
	if b.Erased {
		pp.groups = []string{UnknownOrErased}
		return
	}
	for i, g := range genderCats[:len(genderCats)-1] {
		if string(b.Gender) == g.Key {
			pp.gender = i
		}
	}
	if band := b.AgeBandOn(pp.first); band != socialsvc.AgeUnknown {
		pp.age = string(band)
	}
	if b.Region != "" {
		pp.region = b.Region
	}
	seen := map[string]bool{}
	for _, g := range b.TargetGroups {
		if !seen[string(g)] {
			seen[string(g)] = true
			pp.groups = append(pp.groups, string(g))
		}
	}
	if len(pp.groups) == 0 {
		pp.groups = []string{UnknownOrErased}
	}
}

// grid is a breakdown before suppression.
type grid struct {
	id, measure, dim string
	rows             []Category
	g                Grid
	addUp            bool
}

// buildGrids counts every breakdown.
func buildGrids(p *socialsvc.Project, sc Scope, cat *socialsvc.TargetGroupCatalogue, list []*person) []*grid {
	// Rows: fixed classifications in full, data-driven ones from the
	// project's declaration and the data, and the unknown bucket last.
	var groupRows []Category
	present := map[string]bool{}
	for _, pp := range list {
		for _, g := range pp.groups {
			present[g] = true
		}
	}
	for _, g := range p.TargetGroups {
		present[string(g)] = true
	}
	for _, info := range cat.All() {
		if present[string(info.Code)] {
			groupRows = append(groupRows, Category{Key: string(info.Code), Label: info.Name})
			delete(present, string(info.Code))
		}
	}
	delete(present, UnknownOrErased)
	var extra []string
	for g := range present {
		extra = append(extra, g)
	}
	slices.Sort(extra)
	for _, g := range extra {
		groupRows = append(groupRows, Category{Key: g, Label: socialsvc.I18n{HR: g, EN: g}})
	}
	groupRows = append(groupRows, unknownCat)

	var ageRows []Category
	for _, b := range socialsvc.AgeBands {
		ageRows = append(ageRows, Category{Key: string(b), Label: socialsvc.I18n{HR: string(b), EN: string(b)}})
	}
	ageRows = append(ageRows, unknownCat)

	regions := map[string]bool{}
	for _, pp := range list {
		if pp.region != UnknownOrErased {
			regions[pp.region] = true
		}
	}
	for _, rg := range p.Regions {
		regions[rg.Code] = true
	}
	var regionCodes []string
	for c := range regions {
		regionCodes = append(regionCodes, c)
	}
	slices.Sort(regionCodes)
	var regionRows []Category
	for _, c := range regionCodes {
		label := c
		if n := regionName(p, c); n != "" {
			label = c + " " + n
		}
		regionRows = append(regionRows, Category{Key: c, Label: socialsvc.I18n{HR: label, EN: label}})
	}
	regionRows = append(regionRows, unknownCat)

	var periodRows []Category
	hasZero := false
	for _, pp := range list {
		if pp.periods[0] > 0 {
			hasZero = true
		}
	}
	pers := slices.Clone(p.Periods)
	slices.SortFunc(pers, func(a, b socialsvc.Period) int { return cmp.Compare(a.Number, b.Number) })
	for _, per := range pers {
		if sc.Period == 0 || per.Number == sc.Period {
			k := strconv.Itoa(per.Number)
			periodRows = append(periodRows, Category{Key: k, Label: socialsvc.I18n{
				HR: k + ". (" + per.Start.Format(socialsvc.HR) + " – " + per.End.Format(socialsvc.HR) + ")",
				EN: k + " (" + per.Start.Format(socialsvc.EN) + " – " + per.End.Format(socialsvc.EN) + ")"}})
		}
	}
	if hasZero {
		periodRows = append(periodRows, Category{Key: "0", Label: socialsvc.I18n{HR: "izvan izvještajnih razdoblja", EN: "outside reporting periods"}})
	}

	type dim struct {
		name string
		rows []Category
		// of returns the rows a person counts in, with the visits
		// counted in each.
		of    func(pp *person) map[string]int64
		addUp bool // individuals add up over rows
	}
	one := func(key string, pp *person) map[string]int64 { return map[string]int64{key: pp.visits} }
	dims := []dim{
		{"target_group", groupRows, func(pp *person) map[string]int64 {
			m := map[string]int64{}
			for _, g := range pp.groups {
				m[g] = pp.visits
			}
			return m
		}, false},
		{"age_band", ageRows, func(pp *person) map[string]int64 { return one(pp.age, pp) }, true},
		{"region", regionRows, func(pp *person) map[string]int64 { return one(pp.region, pp) }, true},
		{"period", periodRows, func(pp *person) map[string]int64 {
			m := map[string]int64{}
			for n, v := range pp.periods {
				m[strconv.Itoa(n)] = v
			}
			return m
		}, false},
	}
	nc := len(genderCats)
	var out []*grid
	for _, measure := range []string{"individuals", "visits"} {
		for _, d := range dims {
			idx := map[string]int{}
			for i, c := range d.rows {
				idx[c.Key] = i
			}
			g := Grid{Cells: make([][]int64, len(d.rows)), RowTotals: make([]int64, len(d.rows)), ColTotals: make([]int64, nc)}
			for i := range g.Cells {
				g.Cells[i] = make([]int64, nc)
			}
			for _, pp := range list {
				n := int64(1)
				if measure == "visits" {
					n = pp.visits
				}
				g.ColTotals[pp.gender] += n
				g.Total += n
				for key, v := range d.of(pp) {
					i, ok := idx[key]
					if !ok {
						continue
					}
					c := int64(1)
					if measure == "visits" {
						c = v
					}
					g.Cells[i][pp.gender] += c
					g.RowTotals[i] += c
				}
			}
			out = append(out, &grid{id: measure + "_by_" + d.name, measure: measure, dim: d.name, rows: d.rows, g: g,
				addUp: measure == "visits" && d.name != "target_group" || measure == "individuals" && d.addUp})
		}
	}
	return out
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

// publishGrids suppresses every grid and turns them into published
// breakdowns. Tables of one measure share their column totals (people or
// visits by gender) and grand total, so a figure withheld in one is
// withheld in all: the suppression is repeated with those shared entries
// forced until no table adds to them.
func publishGrids(r *BeneficiaryReport, grids []*grid) {
	type shared struct {
		cols  []bool
		total bool
	}
	forcedBy := map[string]*shared{}
	for _, gr := range grids {
		if forcedBy[gr.measure] == nil {
			forcedBy[gr.measure] = &shared{cols: make([]bool, len(genderCats))}
		}
	}
	masks := make([]Mask, len(grids))
	for {
		changed := false
		for i, gr := range grids {
			sh := forcedBy[gr.measure]
			f := NewMask(gr.g)
			copy(f.ColTotals, sh.cols)
			f.Total = sh.total
			masks[i] = Suppress(gr.g, &f)
		}
		for i, gr := range grids {
			sh := forcedBy[gr.measure]
			for j, s := range masks[i].ColTotals {
				if s && !sh.cols[j] {
					sh.cols[j], changed = true, true
				}
			}
			if masks[i].Total && !sh.total {
				sh.total, changed = true, true
			}
		}
		if !changed {
			break
		}
	}
	r.Individuals = Count{}
	r.Visits = Count{}
	for i, gr := range grids {
		m := masks[i]
		b := Breakdown{ID: gr.id, Measure: gr.measure, Dimension: gr.dim, Rows: gr.rows, Columns: genderCats,
			Cells: make([][]Count, len(gr.rows)), RowTotals: make([]Count, len(gr.rows)), ColumnTotals: make([]Count, len(genderCats)),
			Total: publish(gr.g.Total, m.Total), RowsAddUp: gr.addUp}
		for ri := range gr.rows {
			b.Cells[ri] = make([]Count, len(genderCats))
			for ci := range genderCats {
				b.Cells[ri][ci] = publish(gr.g.Cells[ri][ci], m.Cells[ri][ci])
			}
			b.RowTotals[ri] = publish(gr.g.RowTotals[ri], m.RowTotals[ri])
		}
		for ci := range genderCats {
			b.ColumnTotals[ci] = publish(gr.g.ColTotals[ci], m.ColTotals[ci])
		}
		switch gr.measure {
		case "individuals":
			r.Individuals = b.Total
		case "visits":
			r.Visits = b.Total
		}
		r.Breakdowns = append(r.Breakdowns, b)
	}
}
