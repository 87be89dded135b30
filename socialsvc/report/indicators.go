package report

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// IndicatorReport is the progress of a project's indicators: baseline,
// target and achieved values, overall and by period, with computed
// indicators recomputed from events and attendance and traceable to them.
type IndicatorReport struct {
	Header
	Periods    []PeriodInfo        `json:"periods"`
	Indicators []IndicatorProgress `json:"indicators"`
	// esf is the protected release of the project's participants'
	// figures, when an indicator is computed from them: protectIndicators
	// publishes those indicators from it.
	esf *esfRelease
}

// PeriodInfo is a reporting period.
type PeriodInfo struct {
	Number int            `json:"number"`
	Start  socialsvc.Date `json:"start,omitzero"`
	End    socialsvc.Date `json:"end,omitzero"`
}

// IndicatorProgress is one indicator.
type IndicatorProgress struct {
	IndicatorID socialsvc.IndicatorID   `json:"indicator_id"`
	Code        string                  `json:"code"`
	Name        socialsvc.I18n          `json:"name"`
	Kind        socialsvc.IndicatorKind `json:"kind"`
	Unit        string                  `json:"unit"`
	Source      socialsvc.ValueSource   `json:"source"`
	Computation socialsvc.Computation   `json:"computation,omitempty"`
	EventTypes  []socialsvc.EventType   `json:"event_types,omitempty"`
	DependsOn   socialsvc.IndicatorID   `json:"depends_on,omitempty"`
	Baseline    decimal.Decimal         `json:"baseline"`
	Target      decimal.Decimal         `json:"target"`
	// Achieved is the value reached: for the whole project, or up to the
	// end of the period when the report is for one period. Computed
	// indicators count unique individuals and organisations once
	// overall, so their total is not the sum of the periods.
	Achieved decimal.Decimal `json:"achieved"`
	// PercentOfTarget is Achieved / Target × 100 (two decimals, half
	// up); null when the target is zero.
	PercentOfTarget *decimal.Decimal `json:"percent_of_target"`
	// AchievedWithheld is the reason (ReasonPrimary, ReasonComplementary)
	// a people-counting Achieved is withheld in a protected report; then
	// achieved is null in JSON and PercentOfTarget nil.
	AchievedWithheld string            `json:"achieved_withheld,omitempty"`
	Periods          []IndicatorPeriod `json:"periods"`
	// Trace lists the records behind a computed Achieved value.
	Trace    *Trace `json:"trace,omitempty"`
	Warnings []Note `json:"warnings"`
}

// IndicatorPeriod is an indicator's value in one reporting period (0:
// events or measurements not tied to a period).
type IndicatorPeriod struct {
	Period int            `json:"period"`
	Start  socialsvc.Date `json:"start,omitzero"`
	End    socialsvc.Date `json:"end,omitzero"`
	// Value is what was achieved in the period; Cumulative up to its end.
	Value           decimal.Decimal  `json:"value"`
	Cumulative      decimal.Decimal  `json:"cumulative"`
	PercentOfTarget *decimal.Decimal `json:"percent_of_target"`
	// ValueWithheld and CumulativeWithheld are the reasons a
	// people-counting value is withheld in a protected report (null
	// values in JSON).
	ValueWithheld      string `json:"value_withheld,omitempty"`
	CumulativeWithheld string `json:"cumulative_withheld,omitempty"`
	// Entered is the measurement entered for the period, if any;
	// Computed the value recomputed from the records (computed
	// indicators only).
	Entered  *decimal.Decimal `json:"entered"`
	Computed *decimal.Decimal `json:"computed"`
	Trace    *Trace           `json:"trace,omitempty"`
}

// Trace is the evidence of a computed value: the events counted, how many
// attendance records and reported head counts were used, and for
// organisation counts the organisations.
type Trace struct {
	EventIDs             []socialsvc.EventID `json:"event_ids"`
	AttendanceRecords    int64               `json:"attendance_records"`
	ReportedParticipants int64               `json:"reported_participants"`
	Individuals          int64               `json:"individuals"`
	OrganisationIDs      []socialsvc.OrgID   `json:"organisation_ids,omitempty"`
	// ParticipationIDs are the participations an indicator computed from
	// them counts (computation participants); EventIDs is then empty and
	// Individuals counts the distinct beneficiaries behind them.
	ParticipationIDs []socialsvc.ParticipationID `json:"participation_ids,omitempty"`
}

// Indicators computes the indicator report of a project.
//
// Computed indicators (Source computed) are recomputed from the project's
// events of the indicator's EventTypes (all types when empty) and their
// attendance: events counts events, visits counts attendance records plus
// the reported head count of events without records, individuals counts
// unique beneficiaries, organisations counts unique organisations of the
// organising partners. Entered indicators take their measurements; a
// measurement of period 0 is the overall figure, otherwise the periods are
// summed. Warnings flag a result above the output it depends on and a
// measurement that differs from the recomputed value.
func Indicators(ctx context.Context, s store.Store, project socialsvc.ProjectID, o Options) (*IndicatorReport, error) {
	p, err := s.GetProject(ctx, project)
	if err != nil {
		return nil, err
	}
	sc, err := resolveScope(&p, o)
	if err != nil {
		return nil, err
	}
	d, err := loadIndicatorData(ctx, s, &p)
	if err != nil {
		return nil, err
	}
	rel := 0
	fam := releaseFamily(&p)
	if o.Disclosure != Exact {
		if rel, err = fam.pick(o); err != nil {
			return nil, err
		}
		sc = fam.scope(rel)
	}
	r := &IndicatorReport{Header: newHeader(KindIndicators, &p, sc, o), Periods: []PeriodInfo{}, Indicators: []IndicatorProgress{}}
	computeIndicators(r, &p, sc, d)
	if o.Disclosure == Exact {
		for _, ind := range d.indicators {
			if protectedIndicator(&ind) {
				r.markConfidential()
				break
			}
		}
		return r, nil
	}
	rl, err := protectedRelease(ctx, s, &p, o.catalogue(), d)
	if err != nil {
		return nil, err
	}
	rl.protectIndicators(r, rel)
	return r, nil
}

// protectIndicators replaces the exact figures of people-counting
// indicators by their published form in release rel, and drops every
// trace (its counts of records and individuals are exact figures).
// Cumulative figures to the end of a period are quantities of the
// release of their own, audited with the rest (release.cumulative).
func (rl *release) protectIndicators(r *IndicatorReport, rel int) {
	fam := rl.fam
	famIndex := func(period int) int {
		if period == 0 {
			if fam.byYear {
				// Without periods, "period 0" is every event of the
				// report: the whole project or the year asked for.
				return rel
			}
			return fam.outside()
		}
		for i := 1; i < fam.outside(); i++ {
			if !fam.byYear && fam.scopes[i].number == period {
				return i
			}
		}
		return fam.outside()
	}
	h := &r.Header
	withheld := false
	for i := range r.Indicators {
		ip := &r.Indicators[i]
		ip.Trace = nil
		for j := range ip.Periods {
			ip.Periods[j].Trace = nil
		}
		if _, ok := rl.indicator(ip.IndicatorID, 0); !ok {
			continue
		}
		cumulative := func(k int) Count { return rl.cumulative(ip.IndicatorID, k) }
		var achieved Count
		if rel == 0 || fam.byYear {
			achieved, _ = rl.indicator(ip.IndicatorID, rel)
		} else {
			achieved = cumulative(rel)
		}
		ip.setAchieved(achieved)
		for j := range ip.Periods {
			pv := &ip.Periods[j]
			k := famIndex(pv.Period)
			v, _ := rl.indicator(ip.IndicatorID, k)
			cum := cumulative(k)
			if pv.Period == 0 {
				cum = achieved
			}
			pv.setValues(v, cum, ip.Target)
			withheld = withheld || v.Suppressed || cum.Suppressed
		}
		withheld = withheld || achieved.Suppressed
	}
	// Data-quality warnings quote exact values: they are for the
	// project's staff, who get the exact report.
	keep := func(ns []Note) []Note {
		out := []Note{}
		for _, n := range ns {
			if n.Code != "computed_differs" && n.Code != "result_above_output" {
				out = append(out, n)
			}
		}
		return out
	}
	h.Warnings = keep(h.Warnings)
	for i := range r.Indicators {
		ip := &r.Indicators[i]
		ip.Warnings = keep(ip.Warnings)
		if _, ok := rl.indicator(ip.IndicatorID, 0); ok {
			for j := range ip.Periods {
				ip.Periods[j].Entered = nil
			}
		}
	}
	withheld = r.protectParticipants(rel) || withheld
	if withheld {
		h.Notes = append(h.Notes, newNote("suppression", "report.note.suppression_indicators", nil, nil))
	}
}

// protectedIndicator reports whether a computed indicator counts people
// (individuals, visits, participants) and so passes the disclosure
// control.
func protectedIndicator(ind *socialsvc.Indicator) bool {
	return countsPeople(ind) || ind.Source == socialsvc.SourceComputed && ind.Computation == socialsvc.CountParticipants
}

// protectParticipants publishes the indicators computed from
// participations from the participants report's protected release (so
// that the public gets the same figures there and here) for release rel:
// participations count in the period of their entry, so cumulative
// figures are sums of the published periods', withheld when one is. It
// reports whether a figure was withheld.
func (r *IndicatorReport) protectParticipants(rel int) bool {
	er := r.esf
	withheld := false
	if er == nil {
		return false
	}
	fam := er.fam
	famIndex := func(period int) int {
		if period == 0 {
			if fam.byYear {
				// As in protectIndicators: every participation of the
				// report, the whole project or the year asked for.
				return rel
			}
			return fam.outside()
		}
		for i := 1; i < fam.outside(); i++ {
			if !fam.byYear && fam.scopes[i].number == period {
				return i
			}
		}
		return fam.outside()
	}
	for i := range r.Indicators {
		ip := &r.Indicators[i]
		if ip.Source != socialsvc.SourceComputed || ip.Computation != socialsvc.CountParticipants {
			continue
		}
		row := slices.Index(socialsvc.ESFCodes, socialsvc.ESFCode(ip.Code))
		if row < 0 {
			continue
		}
		at := func(k int) Count { return er.figure(k, row, -1) }
		cumulative := func(k int) Count {
			if k == 0 || k == fam.outside() {
				return at(k)
			}
			var sum int64
			for j := 1; j <= k; j++ {
				c := at(j)
				if c.Suppressed {
					return Count{Suppressed: true, Reason: ReasonComplementary}
				}
				sum += c.Value
			}
			return Count{Value: sum}
		}
		// Achieved is the whole project's figure, a period's cumulative
		// one, or a calendar year's own (the exact report's).
		achieved := at(rel)
		if rel != 0 && !fam.byYear {
			achieved = cumulative(rel)
		}
		ip.setAchieved(achieved)
		withheld = withheld || achieved.Suppressed
		for j := range ip.Periods {
			pv := &ip.Periods[j]
			k := famIndex(pv.Period)
			v, cum := at(k), cumulative(k)
			if pv.Period == 0 {
				cum = achieved
			}
			pv.setValues(v, cum, ip.Target)
			pv.Entered = nil
			withheld = withheld || v.Suppressed || cum.Suppressed
		}
	}
	return withheld
}

// setAchieved publishes c as the achieved value.
func (ip *IndicatorProgress) setAchieved(c Count) {
	if c.Suppressed {
		ip.Achieved, ip.AchievedWithheld, ip.PercentOfTarget = decimal.Zero, c.Reason, nil
		return
	}
	ip.Achieved = decimal.NewFromInt(c.Value)
	ip.PercentOfTarget = percentOf(ip.Achieved, ip.Target)
}

// setValues publishes v and cum as the period's value and cumulative
// value (the computed value is the value).
func (pv *IndicatorPeriod) setValues(v, cum Count, target decimal.Decimal) {
	pv.Value, pv.ValueWithheld = decimal.NewFromInt(v.Value), v.Reason
	pv.Computed = &pv.Value
	if v.Suppressed {
		pv.Value, pv.Computed = decimal.Zero, nil
	}
	pv.Cumulative, pv.CumulativeWithheld = decimal.NewFromInt(cum.Value), cum.Reason
	pv.PercentOfTarget = percentOf(pv.Cumulative, target)
	if cum.Suppressed {
		pv.Cumulative, pv.PercentOfTarget = decimal.Zero, nil
	}
	if !v.Suppressed {
		c := pv.Value
		pv.Computed = &c
	}
}

// MarshalJSON writes a withheld achieved value as null beside its
// achieved_withheld reason, so that no reader takes it for a zero.
func (ip IndicatorProgress) MarshalJSON() ([]byte, error) {
	type plain IndicatorProgress
	if ip.AchievedWithheld == "" {
		return json.Marshal(plain(ip))
	}
	return json.Marshal(struct {
		plain
		Achieved *decimal.Decimal `json:"achieved"`
	}{plain: plain(ip)})
}

// MarshalJSON writes withheld values as null beside their reasons.
func (pv IndicatorPeriod) MarshalJSON() ([]byte, error) {
	type plain IndicatorPeriod
	out := struct {
		plain
		Value      *decimal.Decimal `json:"value"`
		Cumulative *decimal.Decimal `json:"cumulative"`
	}{plain: plain(pv)}
	if pv.ValueWithheld == "" {
		out.Value = &pv.Value
	}
	if pv.CumulativeWithheld == "" {
		out.Cumulative = &pv.Cumulative
	}
	return json.Marshal(out)
}

// indicatorData is what indicator computation reads from the store.
type indicatorData struct {
	indicators   []socialsvc.Indicator
	measurements []socialsvc.Measurement
	events       []socialsvc.Event
	// attendance maps an event to the beneficiaries recorded at it.
	attendance map[socialsvc.EventID][]socialsvc.BeneficiaryID
	partnerOrg map[socialsvc.PartnerID]socialsvc.OrgID
	// parts are the project's participations with their beneficiaries
	// (nil when gone), and esf their protected release, read when an
	// indicator is computed from them.
	parts []esfEntry
	esf   *esfRelease
}

// esfEntry is a participation with its beneficiary.
type esfEntry struct {
	p *socialsvc.Participation
	b *socialsvc.Beneficiary
}

func loadIndicatorData(ctx context.Context, s store.Store, p *socialsvc.Project) (*indicatorData, error) {
	d := &indicatorData{attendance: map[socialsvc.EventID][]socialsvc.BeneficiaryID{}, partnerOrg: map[socialsvc.PartnerID]socialsvc.OrgID{}}
	var err error
	if d.indicators, err = loadIndicators(ctx, s, p.ID); err != nil {
		return nil, err
	}
	if d.measurements, err = loadMeasurements(ctx, s, p.ID); err != nil {
		return nil, err
	}
	computed := false
	for _, ind := range d.indicators {
		if ind.Source == socialsvc.SourceComputed {
			computed = true
		}
	}
	if !computed {
		return d, nil
	}
	if slices.ContainsFunc(d.indicators, func(ind socialsvc.Indicator) bool { return protectedIndicator(&ind) && !countsPeople(&ind) }) {
		ps, err := store.AsParticipations(s)
		if err != nil {
			return nil, err
		}
		err = participationData(ctx, s, []socialsvc.ProjectID{p.ID}, func(pt *socialsvc.Participation, b *socialsvc.Beneficiary) {
			d.parts = append(d.parts, esfEntry{pt, b})
		})
		if err != nil {
			return nil, err
		}
		if d.esf, err = participantsRelease(ctx, s, ps, p, releaseFamily(p)); err != nil {
			return nil, err
		}
	}
	if d.events, err = loadEvents(ctx, s, p.ID); err != nil {
		return nil, err
	}
	for a, err := range s.ScanAttendance(ctx, store.AttendanceFilter{ProjectID: p.ID}) {
		if err != nil {
			return nil, err
		}
		d.attendance[a.EventID] = append(d.attendance[a.EventID], a.BeneficiaryID)
	}
	partners, err := loadPartners(ctx, s, p.ID)
	if err != nil {
		return nil, err
	}
	for _, pt := range partners {
		d.partnerOrg[pt.ID] = pt.OrgID
	}
	return d, nil
}

// tally accumulates what a computation counts over a set of events.
type tally struct {
	events      []socialsvc.EventID
	records     int64
	reported    int64
	individuals map[socialsvc.BeneficiaryID]struct{}
	orgs        map[socialsvc.OrgID]struct{}
}

func newTally() *tally {
	return &tally{individuals: map[socialsvc.BeneficiaryID]struct{}{}, orgs: map[socialsvc.OrgID]struct{}{}}
}

func (t *tally) add(e *socialsvc.Event, d *indicatorData) {
	t.events = append(t.events, e.ID)
	recs := d.attendance[e.ID]
	t.records += int64(len(recs))
	if len(recs) == 0 {
		t.reported += int64(e.ReportedParticipants)
	}
	for _, b := range recs {
		t.individuals[b] = struct{}{}
	}
	for _, pid := range append([]socialsvc.PartnerID{e.Organiser}, e.CoOrganisers...) {
		if org, ok := d.partnerOrg[pid]; ok {
			t.orgs[org] = struct{}{}
		}
	}
}

func (t *tally) value(c socialsvc.Computation) (decimal.Decimal, bool) {
	switch c {
	case socialsvc.CountEvents:
		return decimal.NewFromInt(int64(len(t.events))), true
	case socialsvc.CountVisits:
		return decimal.NewFromInt(t.records + t.reported), true
	case socialsvc.CountIndividuals:
		return decimal.NewFromInt(int64(len(t.individuals))), true
	case socialsvc.CountOrganisations:
		return decimal.NewFromInt(int64(len(t.orgs))), true
	}
	return decimal.Zero, false
}

func (t *tally) trace(c socialsvc.Computation) *Trace {
	tr := &Trace{EventIDs: slices.Clone(t.events), AttendanceRecords: t.records, Individuals: int64(len(t.individuals))}
	if tr.EventIDs == nil {
		tr.EventIDs = []socialsvc.EventID{}
	}
	slices.Sort(tr.EventIDs)
	if c == socialsvc.CountVisits {
		tr.ReportedParticipants = t.reported
	}
	if c == socialsvc.CountOrganisations {
		for o := range t.orgs {
			tr.OrganisationIDs = append(tr.OrganisationIDs, o)
		}
		slices.Sort(tr.OrganisationIDs)
	}
	return tr
}

func percentOf(v, target decimal.Decimal) *decimal.Decimal {
	if !target.IsPositive() {
		return nil
	}
	p := v.Mul(decimal.NewFromInt(100)).DivRound(target, 2)
	return &p
}

func computeIndicators(r *IndicatorReport, p *socialsvc.Project, sc Scope, d *indicatorData) {
	r.esf = d.esf
	periods := slices.Clone(p.Periods)
	slices.SortFunc(periods, func(a, b socialsvc.Period) int { return cmp.Compare(a.Number, b.Number) })
	for _, per := range periods {
		if sc.Period == 0 || per.Number == sc.Period {
			r.Periods = append(r.Periods, PeriodInfo{Number: per.Number, Start: per.Start, End: per.End})
		}
	}
	h := &r.Header
	if len(d.indicators) == 0 {
		h.note("no_indicators", nil)
	}
	if !sc.From.IsZero() || !sc.To.IsZero() {
		h.note("entered_not_dated", nil)
	}
	inds := slices.Clone(d.indicators)
	slices.SortFunc(inds, func(a, b socialsvc.Indicator) int {
		return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID))
	})
	achieved := map[socialsvc.IndicatorID]decimal.Decimal{}
	for _, ind := range inds {
		ip := IndicatorProgress{IndicatorID: ind.ID, Code: ind.Code, Name: ind.Name, Kind: ind.Kind, Unit: ind.Unit, Source: ind.Source,
			Computation: ind.Computation, EventTypes: ind.EventTypes, DependsOn: ind.DependsOn, Baseline: ind.Baseline, Target: ind.Target,
			Periods: []IndicatorPeriod{}, Warnings: []Note{}}
		entered := map[int]decimal.Decimal{}
		for _, m := range d.measurements {
			if m.IndicatorID == ind.ID {
				entered[m.Period] = entered[m.Period].Add(m.Value)
			}
		}
		var perVal map[int]decimal.Decimal
		var cumVal map[int]decimal.Decimal
		var perTrace map[int]*Trace
		var total decimal.Decimal
		switch {
		case ind.Source == socialsvc.SourceComputed && ind.Computation.Valid():
			perVal, cumVal, perTrace, total, ip.Trace = computeOne(&ind, p, periods, sc, d)
			ip.Achieved = total
		case ind.Source == socialsvc.SourceComputed:
			ip.warn("no_computation", "report.warn.no_computation", map[string]any{"Code": ind.Code})
		default:
			perVal, cumVal = map[int]decimal.Decimal{}, map[int]decimal.Decimal{}
			run := decimal.Zero
			for _, per := range periods {
				v := entered[per.Number]
				perVal[per.Number] = v
				run = run.Add(v)
				cumVal[per.Number] = run
			}
			if v, ok := entered[0]; ok {
				total = v
			} else {
				total = run
			}
			ip.Achieved = total
			if sc.Period > 0 {
				ip.Achieved = cumVal[sc.Period]
			}
		}
		for _, per := range periods {
			if sc.Period != 0 && per.Number != sc.Period {
				continue
			}
			row := IndicatorPeriod{Period: per.Number, Start: per.Start, End: per.End, Value: perVal[per.Number], Cumulative: cumVal[per.Number]}
			row.PercentOfTarget = percentOf(row.Cumulative, ind.Target)
			if v, ok := entered[per.Number]; ok {
				row.Entered = &v
			}
			if ind.Source == socialsvc.SourceComputed && perVal != nil {
				v := perVal[per.Number]
				row.Computed = &v
				row.Trace = perTrace[per.Number]
				if row.Entered != nil && !row.Entered.Equal(v) {
					ip.warn("computed_differs", "report.warn.computed_differs", map[string]any{"Code": ind.Code, "Period": per.Number, "Entered": *row.Entered, "Computed": v})
				}
			}
			ip.Periods = append(ip.Periods, row)
		}
		if sc.Period == 0 {
			// Period 0: events outside the reporting periods, or the
			// overall measurement.
			v0, has0 := entered[0]
			if ind.Source == socialsvc.SourceComputed && perVal != nil {
				if tr := perTrace[0]; tr != nil && (len(tr.EventIDs) > 0 || len(tr.ParticipationIDs) > 0) || has0 {
					v := perVal[0]
					row := IndicatorPeriod{Period: 0, Value: v, Cumulative: total, PercentOfTarget: percentOf(total, ind.Target), Computed: &v, Trace: perTrace[0]}
					if has0 {
						row.Entered = &v0
						if !v0.Equal(total) {
							ip.warn("computed_differs", "report.warn.computed_differs_total", map[string]any{"Code": ind.Code, "Entered": v0, "Computed": total})
						}
					}
					ip.Periods = append(ip.Periods, row)
				}
			} else if has0 && ind.Source != socialsvc.SourceComputed {
				ip.Periods = append(ip.Periods, IndicatorPeriod{Period: 0, Value: v0, Cumulative: v0, PercentOfTarget: percentOf(v0, ind.Target), Entered: &v0})
			}
		}
		ip.PercentOfTarget = percentOf(ip.Achieved, ind.Target)
		achieved[ind.ID] = ip.Achieved
		r.Indicators = append(r.Indicators, ip)
	}
	// A result cannot exceed the output it depends on (RCR79 ≤ RCO83).
	codes := map[socialsvc.IndicatorID]string{}
	for _, ind := range inds {
		codes[ind.ID] = ind.Code
	}
	for i := range r.Indicators {
		ip := &r.Indicators[i]
		if ip.DependsOn == "" {
			continue
		}
		out, ok := achieved[ip.DependsOn]
		if ok && ip.Achieved.GreaterThan(out) {
			ip.warn("result_above_output", "report.warn.result_above_output", map[string]any{"Code": ip.Code, "Achieved": ip.Achieved, "Output": codes[ip.DependsOn], "OutputValue": out})
		}
	}
	for _, ip := range r.Indicators {
		h.Warnings = append(h.Warnings, ip.Warnings...)
	}
}

// warn adds the warning id of the catalogue, with code as its code.
func (ip *IndicatorProgress) warn(code, id string, args map[string]any) {
	ip.Warnings = append(ip.Warnings, newNote(code, id, nil, args))
}

func kindRank(k socialsvc.IndicatorKind) int {
	if k == socialsvc.KindOutput {
		return 0
	}
	return 1
}

// computeOne recomputes a computed indicator: per period, cumulative to
// the end of each period, and in total over the scope.
func computeOne(ind *socialsvc.Indicator, p *socialsvc.Project, periods []socialsvc.Period, sc Scope, d *indicatorData) (
	perVal, cumVal map[int]decimal.Decimal, perTrace map[int]*Trace, total decimal.Decimal, totalTrace *Trace) {
	if ind.Computation == socialsvc.CountParticipants {
		return computeFromParticipations(ind, p, periods, sc, d)
	}
	per := map[int]*tally{}
	all := newTally()
	events := slices.Clone(d.events)
	slices.SortFunc(events, func(a, b socialsvc.Event) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	for i := range events {
		e := &events[i]
		if len(ind.EventTypes) > 0 && !slices.Contains(ind.EventTypes, e.Type) {
			continue
		}
		if !sc.inRange(e.Start) {
			continue
		}
		n := periodOf(p, e.Start)
		t := per[n]
		if t == nil {
			t = newTally()
			per[n] = t
		}
		t.add(e, d)
		if sc.Period == 0 || n != 0 && n <= sc.Period {
			all.add(e, d)
		}
	}
	perVal, cumVal, perTrace = map[int]decimal.Decimal{}, map[int]decimal.Decimal{}, map[int]*Trace{}
	cum := newTally()
	for _, pr := range periods {
		t := per[pr.Number]
		if t == nil {
			t = newTally()
		}
		perVal[pr.Number], _ = t.value(ind.Computation)
		perTrace[pr.Number] = t.trace(ind.Computation)
		cum.merge(t)
		cumVal[pr.Number], _ = cum.value(ind.Computation)
	}
	if t := per[0]; t != nil {
		perVal[0], _ = t.value(ind.Computation)
		perTrace[0] = t.trace(ind.Computation)
	}
	total, _ = all.value(ind.Computation)
	return perVal, cumVal, perTrace, total, all.trace(ind.Computation)
}

func (t *tally) merge(o *tally) {
	t.events = append(t.events, o.events...)
	t.records += o.records
	t.reported += o.reported
	for b := range o.individuals {
		t.individuals[b] = struct{}{}
	}
	for g := range o.orgs {
		t.orgs[g] = struct{}{}
	}
}

// computeFromParticipations computes an indicator defined as an ESF+
// common indicator (computation participants, the code naming it) with
// socialsvc.ESFCounter: per period of the entry dates, cumulative (the
// periods' sums: a participation counts in the period of its entry), and
// over the scope, each with the participations behind it.
func computeFromParticipations(ind *socialsvc.Indicator, p *socialsvc.Project, periods []socialsvc.Period, sc Scope, d *indicatorData) (
	perVal, cumVal map[int]decimal.Decimal, perTrace map[int]*Trace, total decimal.Decimal, totalTrace *Trace) {
	code := socialsvc.ESFCode(ind.Code)
	per := map[int]*socialsvc.ESFCounter{}
	counter := func(n int) *socialsvc.ESFCounter {
		if per[n] == nil {
			per[n] = socialsvc.NewESFCounter(socialsvc.ESFScope{})
		}
		return per[n]
	}
	all := socialsvc.NewESFCounter(socialsvc.ESFScope{})
	entries := slices.Clone(d.parts)
	slices.SortFunc(entries, func(a, b esfEntry) int {
		return cmp.Or(a.p.EntryDate.Compare(b.p.EntryDate), cmp.Compare(a.p.ID, b.p.ID))
	})
	for _, e := range entries {
		if !sc.inRange(e.p.EntryDate) {
			continue
		}
		n := periodOf(p, e.p.EntryDate)
		counter(n).Add(e.p, e.b)
		if sc.Period == 0 || n != 0 && n <= sc.Period {
			all.Add(e.p, e.b)
		}
	}
	trace := func(c *socialsvc.ESFCounter) (decimal.Decimal, *Trace) {
		res := c.Result()
		f := res.Figure(code)
		tr := &Trace{EventIDs: []socialsvc.EventID{}, Individuals: int64(f.Contributors(""))}
		for _, rec := range f.Records {
			tr.ParticipationIDs = append(tr.ParticipationIDs, rec.Participation)
		}
		return decimal.NewFromInt(int64(f.Total)), tr
	}
	perVal, cumVal, perTrace = map[int]decimal.Decimal{}, map[int]decimal.Decimal{}, map[int]*Trace{}
	run := decimal.Zero
	for _, pr := range periods {
		perVal[pr.Number], perTrace[pr.Number] = trace(counter(pr.Number))
		run = run.Add(perVal[pr.Number])
		cumVal[pr.Number] = run
	}
	if per[0] != nil {
		perVal[0], perTrace[0] = trace(per[0])
	}
	total, totalTrace = trace(all)
	return perVal, cumVal, perTrace, total, totalTrace
}
