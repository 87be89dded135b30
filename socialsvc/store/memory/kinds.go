package memory

import (
	"slices"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The clone functions copy everything a caller could mutate through a
// returned value (slices and pointers), so that the store never shares
// memory with its callers. Decimals are immutable values and are shared.
// Texts (socialsvc.I18n) are maps and are copied with Clone, which also
// drops empty texts as the SQL stores' JSON columns do.

func cloneFund(f socialsvc.Fund) socialsvc.Fund {
	f.Name = f.Name.Clone()
	return f
}

func cloneWorkPackage(w socialsvc.WorkPackage) socialsvc.WorkPackage {
	w.Title = w.Title.Clone()
	return w
}

func cloneActivity(a socialsvc.Activity) socialsvc.Activity {
	a.Title = a.Title.Clone()
	return a
}

func cloneOrg(o socialsvc.Organisation) socialsvc.Organisation {
	if o.Region != nil {
		r := *o.Region
		o.Region = &r
	}
	if o.Contact != nil {
		c := *o.Contact
		o.Contact = &c
	}
	return o
}

func cloneProject(p socialsvc.Project) socialsvc.Project {
	p.Title = p.Title.Clone()
	p.Description = p.Description.Clone()
	p.Languages = slices.Clone(p.Languages)
	p.Regions = slices.Clone(p.Regions)
	p.TargetGroups = slices.Clone(p.TargetGroups)
	p.Periods = slices.Clone(p.Periods)
	p.FlatRates = slices.Clone(p.FlatRates)
	p.RateRule.ContractRates = slices.Clone(p.RateRule.ContractRates)
	if p.PlanningRate != nil {
		pr := *p.PlanningRate
		p.PlanningRate = &pr
	}
	p.Modifications = slices.Clone(p.Modifications)
	p.UnitCosts = slices.Clone(p.UnitCosts)
	for i := range p.UnitCosts {
		p.UnitCosts[i].Name = p.UnitCosts[i].Name.Clone()
	}
	p.LumpSums = slices.Clone(p.LumpSums)
	for i := range p.LumpSums {
		p.LumpSums[i].Name = p.LumpSums[i].Name.Clone()
		p.LumpSums[i].Deliverable = p.LumpSums[i].Deliverable.Clone()
	}
	if p.Eligibility != nil {
		e := *p.Eligibility
		p.Eligibility = &e
	}
	return p
}

func clonePartner(p socialsvc.Partner) socialsvc.Partner {
	p.Funding = slices.Clone(p.Funding)
	return p
}

func cloneEvent(e socialsvc.Event) socialsvc.Event {
	e.CoOrganisers = slices.Clone(e.CoOrganisers)
	e.Title = e.Title.Clone()
	return e
}

func cloneBeneficiary(b socialsvc.Beneficiary) socialsvc.Beneficiary {
	b.TargetGroups = slices.Clone(b.TargetGroups)
	return b
}

func cloneIndicator(i socialsvc.Indicator) socialsvc.Indicator {
	i.EventTypes = slices.Clone(i.EventTypes)
	i.Name = i.Name.Clone()
	return i
}

func same[V any](v V) V { return v }

var kOrg = &kind[socialsvc.Organisation]{
	entity: store.EntityOrganisation, label: "organisation", prefix: "org",
	table: func(st *state) *table[socialsvc.Organisation] { return &st.orgs },
	id:    func(v *socialsvc.Organisation) string { return string(v.ID) },
	setID: func(v *socialsvc.Organisation, id string) { v.ID = socialsvc.OrgID(id) },
	stamp: func(v *socialsvc.Organisation) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneOrg,
}

var kFund = &kind[socialsvc.Fund]{
	entity: store.EntityFund, label: "fund", prefix: "fund",
	table: func(st *state) *table[socialsvc.Fund] { return &st.funds },
	id:    func(v *socialsvc.Fund) string { return string(v.ID) },
	setID: func(v *socialsvc.Fund, id string) { v.ID = socialsvc.FundID(id) },
	stamp: func(v *socialsvc.Fund) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneFund,
}

var kProject = &kind[socialsvc.Project]{
	entity: store.EntityProject, label: "project", prefix: "prj",
	table: func(st *state) *table[socialsvc.Project] { return &st.projects },
	id:    func(v *socialsvc.Project) string { return string(v.ID) },
	setID: func(v *socialsvc.Project, id string) { v.ID = socialsvc.ProjectID(id) },
	stamp: func(v *socialsvc.Project) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	sorts: []sortKey[socialsvc.Project]{dateSort(store.SortStart, func(v *socialsvc.Project) socialsvc.Date { return v.Start })},
	clone: cloneProject,
}

var kPartner = &kind[socialsvc.Partner]{
	entity: store.EntityPartner, label: "partner", prefix: "ptn",
	table: func(st *state) *table[socialsvc.Partner] { return &st.partners },
	id:    func(v *socialsvc.Partner) string { return string(v.ID) },
	setID: func(v *socialsvc.Partner, id string) { v.ID = socialsvc.PartnerID(id) },
	stamp: func(v *socialsvc.Partner) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: clonePartner,
}

var kWorkPackage = &kind[socialsvc.WorkPackage]{
	entity: store.EntityWorkPackage, label: "work package", prefix: "wp",
	table: func(st *state) *table[socialsvc.WorkPackage] { return &st.workPackages },
	id:    func(v *socialsvc.WorkPackage) string { return string(v.ID) },
	setID: func(v *socialsvc.WorkPackage, id string) { v.ID = socialsvc.WorkPackageID(id) },
	stamp: func(v *socialsvc.WorkPackage) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneWorkPackage,
}

var kActivity = &kind[socialsvc.Activity]{
	entity: store.EntityActivity, label: "activity", prefix: "act",
	table: func(st *state) *table[socialsvc.Activity] { return &st.activities },
	id:    func(v *socialsvc.Activity) string { return string(v.ID) },
	setID: func(v *socialsvc.Activity, id string) { v.ID = socialsvc.ActivityID(id) },
	stamp: func(v *socialsvc.Activity) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneActivity,
}

var kEvent = &kind[socialsvc.Event]{
	entity: store.EntityEvent, label: "event", prefix: "evt",
	table: func(st *state) *table[socialsvc.Event] { return &st.events },
	id:    func(v *socialsvc.Event) string { return string(v.ID) },
	setID: func(v *socialsvc.Event, id string) { v.ID = socialsvc.EventID(id) },
	stamp: func(v *socialsvc.Event) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	sorts: []sortKey[socialsvc.Event]{dateSort(store.SortStart, func(v *socialsvc.Event) socialsvc.Date { return v.Start })},
	clone: cloneEvent,
}

// kAttendance has no ID, version or update; only table, key and clone
// are used.
var kAttendance = &kind[socialsvc.Attendance]{
	entity: store.EntityAttendance, label: "attendance record",
	table: func(st *state) *table[socialsvc.Attendance] { return &st.attendance },
	id:    store.AttendanceKey,
	clone: same[socialsvc.Attendance],
}

var kBeneficiary = &kind[socialsvc.Beneficiary]{
	entity: store.EntityBeneficiary, label: "beneficiary", prefix: "ben",
	table: func(st *state) *table[socialsvc.Beneficiary] { return &st.beneficiaries },
	id:    func(v *socialsvc.Beneficiary) string { return string(v.ID) },
	setID: func(v *socialsvc.Beneficiary, id string) { v.ID = socialsvc.BeneficiaryID(id) },
	stamp: func(v *socialsvc.Beneficiary) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneBeneficiary,
}

var kIndicator = &kind[socialsvc.Indicator]{
	entity: store.EntityIndicator, label: "indicator", prefix: "ind",
	table: func(st *state) *table[socialsvc.Indicator] { return &st.indicators },
	id:    func(v *socialsvc.Indicator) string { return string(v.ID) },
	setID: func(v *socialsvc.Indicator, id string) { v.ID = socialsvc.IndicatorID(id) },
	stamp: func(v *socialsvc.Indicator) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: cloneIndicator,
}

var kMeasurement = &kind[socialsvc.Measurement]{
	entity: store.EntityMeasurement, label: "measurement", prefix: "msr",
	table: func(st *state) *table[socialsvc.Measurement] { return &st.measurements },
	id:    func(v *socialsvc.Measurement) string { return string(v.ID) },
	setID: func(v *socialsvc.Measurement, id string) { v.ID = socialsvc.MeasurementID(id) },
	stamp: func(v *socialsvc.Measurement) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	sorts: []sortKey[socialsvc.Measurement]{intSort(store.SortPeriod, func(v *socialsvc.Measurement) int { return v.Period })},
	clone: same[socialsvc.Measurement],
}

var kBudget = &kind[socialsvc.BudgetLine]{
	entity: store.EntityBudgetLine, label: "budget line", prefix: "bud",
	table: func(st *state) *table[socialsvc.BudgetLine] { return &st.budget },
	id:    func(v *socialsvc.BudgetLine) string { return string(v.ID) },
	setID: func(v *socialsvc.BudgetLine, id string) { v.ID = socialsvc.BudgetLineID(id) },
	stamp: func(v *socialsvc.BudgetLine) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	clone: same[socialsvc.BudgetLine],
}

var kExpenditure = &kind[socialsvc.Expenditure]{
	entity: store.EntityExpenditure, label: "expenditure line", prefix: "exp",
	table: func(st *state) *table[socialsvc.Expenditure] { return &st.expenditure },
	id:    func(v *socialsvc.Expenditure) string { return string(v.ID) },
	setID: func(v *socialsvc.Expenditure, id string) { v.ID = socialsvc.ExpenditureID(id) },
	stamp: func(v *socialsvc.Expenditure) (*int64, *time.Time, *time.Time) {
		return &v.Version, &v.CreatedAt, &v.UpdatedAt
	},
	sorts: []sortKey[socialsvc.Expenditure]{dateSort(store.SortDate, func(v *socialsvc.Expenditure) socialsvc.Date { return v.Date })},
	clone: same[socialsvc.Expenditure],
}

// rateKey is the key of a rate and its audit entity ID: "HRK/2019-02".
func rateKey(r *socialsvc.Rate) string { return string(r.Currency) + "/" + r.Month.String() }
