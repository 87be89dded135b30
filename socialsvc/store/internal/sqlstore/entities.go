package sqlstore

import (
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The tables of the versioned entities. Every column that is filtered,
// joined, summed or referenced is a typed column; nested values are JSON.
// The schemas are in the drivers' migrations and must list the same
// columns.

type (
	org   = socialsvc.Organisation
	fund  = socialsvc.Fund
	prj   = socialsvc.Project
	ptn   = socialsvc.Partner
	wp    = socialsvc.WorkPackage
	act   = socialsvc.Activity
	evt   = socialsvc.Event
	ben   = socialsvc.Beneficiary
	ind   = socialsvc.Indicator
	msr   = socialsvc.Measurement
	bud   = socialsvc.BudgetLine
	expnd = socialsvc.Expenditure
)

func stamps[T any](f func(*T) (*int64, *time.Time, *time.Time)) []field[T] {
	return []field[T]{
		intF("version", func(v *T) *int64 { p, _, _ := f(v); return p }),
		timeF("created_at", func(v *T) *time.Time { _, c, _ := f(v); return c }),
		timeF("updated_at", func(v *T) *time.Time { _, _, u := f(v); return u }),
	}
}

var orgEntity = &entity[org]{
	table: "organisations", entity: store.EntityOrganisation, label: "organisation", prefix: "org",
	fields: fieldsOf[org](
		textF("id", func(v *org) *socialsvc.OrgID { return &v.ID }),
		textF("name", func(v *org) *string { return &v.Name }),
		textF("short_name", func(v *org) *string { return &v.ShortName }),
		textF("legal_status", func(v *org) *socialsvc.LegalStatus { return &v.LegalStatus }),
		textF("country", func(v *org) *string { return &v.Country }),
		textF("tax_id", func(v *org) *string { return &v.TaxID }),
		textF("iati_ref", func(v *org) *string { return &v.IATIRef }),
		jsonF("region", func(v *org) **socialsvc.Region { return &v.Region }),
		textF("city", func(v *org) *string { return &v.City }),
		textF("website", func(v *org) *string { return &v.Website }),
		jsonF("contact", func(v *org) **socialsvc.Contact { return &v.Contact }),
		stamps(func(v *org) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *org) string { return string(v.ID) },
	setID: func(v *org, id string) { v.ID = socialsvc.OrgID(id) },
	stamp: func(v *org) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var fundEntity = &entity[fund]{
	table: "funds", entity: store.EntityFund, label: "fund", prefix: "fund",
	fields: fieldsOf[fund](
		textF("id", func(v *fund) *socialsvc.FundID { return &v.ID }),
		textF("code", func(v *fund) *string { return &v.Code }),
		jsonF("name", func(v *fund) *socialsvc.I18n { return &v.Name }),
		textF("kind", func(v *fund) *socialsvc.FundKind { return &v.Kind }),
		decF("max_rate_percent", func(v *fund) *decimalT { return &v.MaxRatePercent }),
		textF("iati_ref", func(v *fund) *string { return &v.IATIRef }),
		stamps(func(v *fund) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *fund) string { return string(v.ID) },
	setID: func(v *fund, id string) { v.ID = socialsvc.FundID(id) },
	stamp: func(v *fund) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var projectEntity = &entity[prj]{
	table: "projects", entity: store.EntityProject, label: "project", prefix: "prj",
	fields: fieldsOf[prj](
		textF("id", func(v *prj) *socialsvc.ProjectID { return &v.ID }),
		textF("acronym", func(v *prj) *string { return &v.Acronym }),
		jsonF("title", func(v *prj) *socialsvc.I18n { return &v.Title }),
		jsonF("description", func(v *prj) *socialsvc.I18n { return &v.Description }),
		jsonF("languages", func(v *prj) *[]socialsvc.Lang { return &v.Languages }),
		textF("programme", func(v *prj) *string { return &v.Programme }),
		textF("call_name", func(v *prj) *string { return &v.Call }),
		textF("priority_axis", func(v *prj) *string { return &v.PriorityAxis }),
		textF("specific_objective", func(v *prj) *string { return &v.SpecificObjective }),
		dateF("start_date", func(v *prj) *socialsvc.Date { return &v.Start }),
		dateF("end_date", func(v *prj) *socialsvc.Date { return &v.End }),
		jsonF("eligibility", func(v *prj) **socialsvc.Span { return &v.Eligibility }),
		textF("status", func(v *prj) *socialsvc.Status { return &v.Status }),
		textF("currency", func(v *prj) *socialsvc.Currency { return &v.Currency }),
		jsonF("regions", func(v *prj) *[]socialsvc.Region { return &v.Regions }),
		jsonF("target_groups", func(v *prj) *[]socialsvc.TargetGroup { return &v.TargetGroups }),
		jsonF("periods", func(v *prj) *[]socialsvc.Period { return &v.Periods }),
		jsonF("flat_rates", func(v *prj) *[]socialsvc.FlatRate { return &v.FlatRates }),
		jsonF("rate_rule", func(v *prj) *socialsvc.RateRule { return &v.RateRule }),
		jsonF("planning_rate", func(v *prj) **socialsvc.PlanningRate { return &v.PlanningRate }),
		jsonF("unit_costs", func(v *prj) *[]socialsvc.UnitCost { return &v.UnitCosts }),
		jsonF("lump_sums", func(v *prj) *[]socialsvc.LumpSum { return &v.LumpSums }),
		optDecF("flexibility_percent", func(v *prj) **decimalT { return &v.FlexibilityPercent }),
		jsonF("modifications", func(v *prj) *[]socialsvc.Modification { return &v.Modifications }),
		textF("website", func(v *prj) *string { return &v.Website }),
		stamps(func(v *prj) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	sorts: []sortCol[prj]{dateSort(store.SortStart, "start_date", func(v *prj) socialsvc.Date { return v.Start })},
	id:    func(v *prj) string { return string(v.ID) },
	setID: func(v *prj, id string) { v.ID = socialsvc.ProjectID(id) },
	stamp: func(v *prj) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var partnerEntity = &entity[ptn]{
	table: "partners", entity: store.EntityPartner, label: "partner", prefix: "ptn",
	fields: fieldsOf[ptn](
		textF("id", func(v *ptn) *socialsvc.PartnerID { return &v.ID }),
		textF("project_id", func(v *ptn) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("org_id", func(v *ptn) *socialsvc.OrgID { return &v.OrgID }),
		textF("role", func(v *ptn) *socialsvc.Role { return &v.Role }),
		intF("number", func(v *ptn) *int { return &v.Number }),
		jsonF("funding", func(v *ptn) *[]socialsvc.CoFinancing { return &v.Funding }),
		refF("control_body", func(v *ptn) *socialsvc.OrgID { return &v.ControlBody }),
		stamps(func(v *ptn) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *ptn) string { return string(v.ID) },
	setID: func(v *ptn, id string) { v.ID = socialsvc.PartnerID(id) },
	stamp: func(v *ptn) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var workPackageEntity = &entity[wp]{
	table: "work_packages", entity: store.EntityWorkPackage, label: "work package", prefix: "wp",
	fields: fieldsOf[wp](
		textF("id", func(v *wp) *socialsvc.WorkPackageID { return &v.ID }),
		textF("project_id", func(v *wp) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("code", func(v *wp) *string { return &v.Code }),
		jsonF("title", func(v *wp) *socialsvc.I18n { return &v.Title }),
		refF("lead_partner", func(v *wp) *socialsvc.PartnerID { return &v.LeadPartner }),
		stamps(func(v *wp) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *wp) string { return string(v.ID) },
	setID: func(v *wp, id string) { v.ID = socialsvc.WorkPackageID(id) },
	stamp: func(v *wp) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var activityEntity = &entity[act]{
	table: "activities", entity: store.EntityActivity, label: "activity", prefix: "act",
	fields: fieldsOf[act](
		textF("id", func(v *act) *socialsvc.ActivityID { return &v.ID }),
		textF("project_id", func(v *act) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("work_package_id", func(v *act) *socialsvc.WorkPackageID { return &v.WorkPackageID }),
		textF("code", func(v *act) *string { return &v.Code }),
		jsonF("title", func(v *act) *socialsvc.I18n { return &v.Title }),
		stamps(func(v *act) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *act) string { return string(v.ID) },
	setID: func(v *act, id string) { v.ID = socialsvc.ActivityID(id) },
	stamp: func(v *act) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var eventEntity = &entity[evt]{
	table: "events", entity: store.EntityEvent, label: "event", prefix: "evt",
	fields: fieldsOf[evt](
		textF("id", func(v *evt) *socialsvc.EventID { return &v.ID }),
		textF("project_id", func(v *evt) *socialsvc.ProjectID { return &v.ProjectID }),
		refF("activity_id", func(v *evt) *socialsvc.ActivityID { return &v.ActivityID }),
		textF("type", func(v *evt) *socialsvc.EventType { return &v.Type }),
		jsonF("title", func(v *evt) *socialsvc.I18n { return &v.Title }),
		dateF("start_date", func(v *evt) *socialsvc.Date { return &v.Start }),
		dateF("end_date", func(v *evt) *socialsvc.Date { return &v.End }),
		textF("place", func(v *evt) *string { return &v.Place }),
		textF("country", func(v *evt) *string { return &v.Country }),
		refF("organiser", func(v *evt) *socialsvc.PartnerID { return &v.Organiser }),
		jsonF("co_organisers", func(v *evt) *[]socialsvc.PartnerID { return &v.CoOrganisers }),
		intF("reported_participants", func(v *evt) *int { return &v.ReportedParticipants }),
		boolF("online", func(v *evt) *bool { return &v.Online }),
		stamps(func(v *evt) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	sorts: []sortCol[evt]{dateSort(store.SortStart, "start_date", func(v *evt) socialsvc.Date { return v.Start })},
	id:    func(v *evt) string { return string(v.ID) },
	setID: func(v *evt, id string) { v.ID = socialsvc.EventID(id) },
	stamp: func(v *evt) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var beneficiaryEntity = &entity[ben]{
	table: "beneficiaries", entity: store.EntityBeneficiary, label: "beneficiary", prefix: "ben",
	fields: fieldsOf[ben](
		textF("id", func(v *ben) *socialsvc.BeneficiaryID { return &v.ID }),
		textF("org_id", func(v *ben) *socialsvc.OrgID { return &v.OrgID }),
		refF("project_id", func(v *ben) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("reference", func(v *ben) *string { return &v.Reference }),
		boolF("household", func(v *ben) *bool { return &v.Household }),
		textF("gender", func(v *ben) *socialsvc.Gender { return &v.Gender }),
		intF("birth_year", func(v *ben) *int { return &v.BirthYear }),
		intF("birth_month", func(v *ben) *time.Month { return &v.BirthMonth }),
		textF("age_band", func(v *ben) *socialsvc.AgeBand { return &v.AgeBand }),
		textF("region", func(v *ben) *string { return &v.Region }),
		jsonF("target_groups", func(v *ben) *[]socialsvc.TargetGroup { return &v.TargetGroups }),
		textF("legal_basis", func(v *ben) *socialsvc.LegalBasis { return &v.LegalBasis }),
		dateF("consent_date", func(v *ben) *socialsvc.Date { return &v.ConsentDate }),
		dateF("retain_until", func(v *ben) *socialsvc.Date { return &v.RetainUntil }),
		boolF("erased", func(v *ben) *bool { return &v.Erased }),
		timeF("erased_at", func(v *ben) *time.Time { return &v.ErasedAt }),
		stamps(func(v *ben) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *ben) string { return string(v.ID) },
	setID: func(v *ben, id string) { v.ID = socialsvc.BeneficiaryID(id) },
	stamp: func(v *ben) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var indicatorEntity = &entity[ind]{
	table: "indicators", entity: store.EntityIndicator, label: "indicator", prefix: "ind",
	fields: fieldsOf[ind](
		textF("id", func(v *ind) *socialsvc.IndicatorID { return &v.ID }),
		textF("project_id", func(v *ind) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("kind", func(v *ind) *socialsvc.IndicatorKind { return &v.Kind }),
		textF("code", func(v *ind) *string { return &v.Code }),
		jsonF("name", func(v *ind) *socialsvc.I18n { return &v.Name }),
		textF("unit", func(v *ind) *string { return &v.Unit }),
		decF("baseline", func(v *ind) *decimalT { return &v.Baseline }),
		decF("target", func(v *ind) *decimalT { return &v.Target }),
		textF("source", func(v *ind) *socialsvc.ValueSource { return &v.Source }),
		textF("computation", func(v *ind) *socialsvc.Computation { return &v.Computation }),
		jsonF("event_types", func(v *ind) *[]socialsvc.EventType { return &v.EventTypes }),
		refF("depends_on", func(v *ind) *socialsvc.IndicatorID { return &v.DependsOn }),
		stamps(func(v *ind) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *ind) string { return string(v.ID) },
	setID: func(v *ind, id string) { v.ID = socialsvc.IndicatorID(id) },
	stamp: func(v *ind) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var measurementEntity = &entity[msr]{
	table: "measurements", entity: store.EntityMeasurement, label: "measurement", prefix: "msr",
	fields: fieldsOf[msr](
		textF("id", func(v *msr) *socialsvc.MeasurementID { return &v.ID }),
		textF("indicator_id", func(v *msr) *socialsvc.IndicatorID { return &v.IndicatorID }),
		textF("project_id", func(v *msr) *socialsvc.ProjectID { return &v.ProjectID }),
		intF("period", func(v *msr) *int { return &v.Period }),
		decF("value", func(v *msr) *decimalT { return &v.Value }),
		textF("source", func(v *msr) *socialsvc.ValueSource { return &v.Source }),
		textF("evidence", func(v *msr) *string { return &v.Evidence }),
		textF("note", func(v *msr) *string { return &v.Note }),
		stamps(func(v *msr) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	sorts: []sortCol[msr]{intSort(store.SortPeriod, "period", func(v *msr) int { return v.Period })},
	id:    func(v *msr) string { return string(v.ID) },
	setID: func(v *msr, id string) { v.ID = socialsvc.MeasurementID(id) },
	stamp: func(v *msr) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var budgetEntity = &entity[bud]{
	table: "budget_lines", entity: store.EntityBudgetLine, label: "budget line", prefix: "bud",
	fields: fieldsOf[bud](
		textF("id", func(v *bud) *socialsvc.BudgetLineID { return &v.ID }),
		textF("project_id", func(v *bud) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("partner_id", func(v *bud) *socialsvc.PartnerID { return &v.PartnerID }),
		textF("category", func(v *bud) *socialsvc.CostCategory { return &v.Category }),
		intF("period", func(v *bud) *int { return &v.Period }),
		moneyF("amount", func(v *bud) *socialsvc.Money { return &v.Amount }),
		textF("description", func(v *bud) *string { return &v.Description }),
		textF("cost_option", func(v *bud) *string { return &v.CostOption }),
		optDecF("units", func(v *bud) **decimalT { return &v.Units }),
		boolF("computed", func(v *bud) *bool { return &v.Computed }),
		stamps(func(v *bud) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	id:    func(v *bud) string { return string(v.ID) },
	setID: func(v *bud, id string) { v.ID = socialsvc.BudgetLineID(id) },
	stamp: func(v *bud) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

var expenditureEntity = &entity[expnd]{
	table: "expenditure", entity: store.EntityExpenditure, label: "expenditure line", prefix: "exp",
	fields: fieldsOf[expnd](
		textF("id", func(v *expnd) *socialsvc.ExpenditureID { return &v.ID }),
		textF("project_id", func(v *expnd) *socialsvc.ProjectID { return &v.ProjectID }),
		textF("partner_id", func(v *expnd) *socialsvc.PartnerID { return &v.PartnerID }),
		textF("category", func(v *expnd) *socialsvc.CostCategory { return &v.Category }),
		intF("period", func(v *expnd) *int { return &v.Period }),
		dateF("spent_on", func(v *expnd) *socialsvc.Date { return &v.Date }),
		textF("description", func(v *expnd) *string { return &v.Description }),
		moneyF("amount", func(v *expnd) *socialsvc.Money { return &v.Amount }),
		textF("cost_option", func(v *expnd) *string { return &v.CostOption }),
		optDecF("units", func(v *expnd) **decimalT { return &v.Units }),
		moneyF("converted", func(v *expnd) *socialsvc.Money { return &v.Converted }),
		decF("rate", func(v *expnd) *decimalT { return &v.Conversion.Rate }),
		dateF("rate_date", func(v *expnd) *socialsvc.Date { return &v.Conversion.RateDate }),
		textF("rate_source", func(v *expnd) *string { return &v.Conversion.Source }),
		textF("rate_basis", func(v *expnd) *socialsvc.RateBasis { return &v.Conversion.Basis }),
		stamps(func(v *expnd) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt }),
	),
	sorts: []sortCol[expnd]{dateSort(store.SortDate, "spent_on", func(v *expnd) socialsvc.Date { return v.Date })},
	id:    func(v *expnd) string { return string(v.ID) },
	setID: func(v *expnd, id string) { v.ID = socialsvc.ExpenditureID(id) },
	stamp: func(v *expnd) (*int64, *time.Time, *time.Time) { return &v.Version, &v.CreatedAt, &v.UpdatedAt },
}

// attendanceCols are the columns of the attendance table, which has no
// ID or version: a record is created or deleted.
const attendanceCols = "event_id, beneficiary_id, project_id, created_at"

func attendanceDests(a *socialsvc.Attendance) []any {
	return []any{strDst[socialsvc.EventID]{&a.EventID}, strDst[socialsvc.BeneficiaryID]{&a.BeneficiaryID},
		strDst[socialsvc.ProjectID]{&a.ProjectID}, timeDst{&a.CreatedAt}}
}

// entities holds the entity SQL prepared for one dialect.
type entities struct {
	org   *entity[org]
	fund  *entity[fund]
	prj   *entity[prj]
	ptn   *entity[ptn]
	wp    *entity[wp]
	act   *entity[act]
	evt   *entity[evt]
	ben   *entity[ben]
	ind   *entity[ind]
	msr   *entity[msr]
	bud   *entity[bud]
	expnd *entity[expnd]
	cyc   cycleEntities
	par   *entity[part]
}

func prepareEntities(d Dialect) *entities {
	return &entities{
		org: orgEntity.prepare(d), fund: fundEntity.prepare(d), prj: projectEntity.prepare(d),
		ptn: partnerEntity.prepare(d), wp: workPackageEntity.prepare(d), act: activityEntity.prepare(d),
		evt: eventEntity.prepare(d), ben: beneficiaryEntity.prepare(d), ind: indicatorEntity.prepare(d),
		msr: measurementEntity.prepare(d), bud: budgetEntity.prepare(d), expnd: expenditureEntity.prepare(d),
		cyc: prepareCycle(d), par: participationEntity.prepare(d),
	}
}
