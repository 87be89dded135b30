package httpapi

import "strings"

// The words of the OpenAPI document: what each schema and each property
// means, which properties the server sets (readOnly), and what a request
// body must hold (required). The schemas themselves come from the Go
// types by reflection (openapi.go); these tables add what reflection
// cannot know. TestOpenAPIGeneratorReady fails for a schema or property
// without a description, so a type or field added later must be described
// here too; an entry that no schema uses fails as well, so that the table
// does not keep words for fields that are gone.
//
// Keys are the Go type's component name ("Organisation", "Page" types as
// "OrganisationPage") and, for properties, "Type.json_name"; a bare
// "json_name" describes the property wherever no typed entry does.

// schemaDocs describes each component schema. Input components
// ("OrganisationInput") share their type's entry.
var schemaDocs = map[string]string{
	"Activity":         "An activity of a work package, the unit events are reported under (T1.1, T1.2 ...).",
	"Actor":            "Who made a change: the token or host user, its role and organisation.",
	"Attendance":       "That a beneficiary attended an event: one record per person and event, with no version.",
	"AuditEntry":       "One change in the audit log: who, when, what, and the record before and after.",
	"Beneficiary":      "A person (or household) the project serves, registered pseudonymously by the organisation that controls the data.",
	"BudgetLine":       "A planned amount of a partner for a cost category and reporting period.",
	"CoFinancing":      "A fund that co-finances a partner, at a rate of its eligible costs.",
	"Contact":          "An organisation's contact point: a role, or a person who agreed to be named.",
	"Conversion":       "How the library converted an amount to the project currency: the rate used, its date and source.",
	"Event":            "A workshop, training, meeting or other event of a project, which attendance is recorded at.",
	"Expenditure":      "A cost a partner incurred; the library converts it to the project currency.",
	"FlatRate":         "A flat-rate cost category computed from another (for example indirect costs as 15% of staff costs).",
	"Fund":             "A source of co-financing: an EU fund, a national or city budget, a private donor.",
	"FundTotal":        "What one fund co-finances over the whole project.",
	"FundingShare":     "What one fund co-finances of a partner's budget.",
	"FundingTable":     "The co-financing table of a project, computed by the library from partners, budget lines and funds.",
	"I18n":             "A text in Croatian (hr) and English (en); at least one where the text is required.",
	"ImportResult":     "The outcome of an import that succeeded: every row was stored.",
	"Indicator":        "An output or result indicator of a project, with its baseline and target.",
	"Measurement":      "A value of an indicator for a reporting period, entered with evidence or computed by the library.",
	"Modification":     "A contract modification that moved the project's end date.",
	"Money":            "An amount in a currency. The amount is a decimal string with two decimals, never a JSON number; more decimals are rejected, not rounded.",
	"Organisation":     "An organisation taking part in projects: a partner, an associated body or a funder's counterpart.",
	"Partner":          "An organisation's part in a project: lead partner, partner or associated partner, with its co-financing.",
	"PartnerFunding":   "The co-financing of one partner: its total budget, each fund's share and its own contribution.",
	"Period":           "A reporting period of a project.",
	"Principal":        "The caller as the server sees it; anonymous callers have an empty role.",
	"Problem":          "An RFC 9457 problem document: every error of the API, with the library's error code and the fields at fault.",
	"ProblemField":     "One field at fault, named by its JSON path (and, for imports, the row and column of the file).",
	"Project":          "An EU-co-financed project: its contract data, periods, regions and lifecycle status.",
	"Rate":             "A monthly exchange rate from the project currency (EUR) to another currency, as the programme publishes it (InforEuro).",
	"Region":           "A NUTS region, by code and NUTS version.",
	"Transition":       "A change of a project's lifecycle status.",
	"WorkPackage":      "A work package of a project (T1, T2 ...).",
	"ContractRate":     "An exchange rate fixed in the grant agreement for one currency.",
	"IgnoredRow":       "A line of a rate file that was not imported, and why.",
	"LumpSum":          "A lump sum of the project: a fixed amount paid for a deliverable.",
	"PlanningRate":     "The kuna rate the euro budget was planned with.",
	"RateImportResult": "The outcome of a rate import that succeeded.",
	"RateRule":         "Where the rate of a cost paid in another currency comes from.",
	"Span":             "A span of days, first and last included.",
	"UnitCost":         "A unit cost of the project: a price per unit (a participant-day, a counselling hour).",
	"ratesPage":        "Every stored exchange rate, by currency and month.",
	"ActivityPage":     "A page of activities.",
	"AttendancePage":   "A page of attendance records.",
	"AuditEntryPage":   "A page of the audit log.",
	"BeneficiaryPage":  "A page of beneficiaries.",
	"BudgetLinePage":   "A page of budget lines.",
	"EventPage":        "A page of events.",
	"ExpenditurePage":  "A page of expenditure.",
	"FundPage":         "A page of funds.",
	"IndicatorPage":    "A page of indicators.",
	"MeasurementPage":  "A page of measurements.",
	"OrganisationPage": "A page of organisations.",
	"PartnerPage":      "A page of partners.",
	"ProjectPage":      "A page of projects.",
	"WorkPackagePage":  "A page of work packages.",
}

// fieldDocs describes properties: "Type.name" first, then "name".
var fieldDocs = map[string]string{
	// Shared by many types.
	"id":               "The record's identifier. On create the caller may choose it (lower-case letters, digits, - and _); the server generates one when it is empty. On PUT it is the path's.",
	"version":          "The record's version, set by the server: 1 on create, one more on every change. Send it back as If-Match: \"v<version>\".",
	"created_at":       "When the record was created, set by the server (UTC).",
	"updated_at":       "When the record last changed, set by the server (UTC).",
	"project_id":       "The project the record belongs to. Taken from the path on create; on PUT it may be repeated but not changed.",
	"partner_id":       "The partner (of the same project) the amount belongs to.",
	"org_id":           "The organisation's identifier.",
	"fund_id":          "The fund's identifier.",
	"category":         "The cost category (EU simplified cost categories).",
	"period":           "The reporting period's number (Period.number); 0 for none.",
	"amount":           "The amount.",
	"title":            "The title, in Croatian and/or English.",
	"name":             "The name.",
	"code":             "The code, unique in its project.",
	"description":      "A free-text description.",
	"source":           "Where the value comes from.",
	"start":            "The first day (YYYY-MM-DD).",
	"end":              "The last day (YYYY-MM-DD), not before start.",
	"country":          "The ISO 3166-1 alpha-2 country code (HR, SI ...; XK for Kosovo).",
	"website":          "The website: an http or https URL.",
	"iati_ref":         "The registered IATI organisation identifier (<org-id.guide prefix>-<number>), when there is one.",
	"role":             "The role.",
	"items":            "The records of this page, in the order of ?sort=.",
	"next_cursor":      "The cursor of the next page (?cursor=); absent on the last page.",
	"rate_percent":     "The rate in percent of the eligible costs, a decimal string (\"85\", \"7.5\").",
	"target_groups":    "The target groups (codes of the target group catalogue).",
	"currency":         "The ISO 4217 currency code.",
	"funds":            "The share of each fund.",
	"own_contribution": "What the partner (or the partners together) pay themselves: the total less the funds' shares.",
	"total":            "The total budget.",
	"rate":             "The exchange rate: units of the currency per 1 EUR, a decimal string.",

	"Activity.work_package_id":    "The work package the activity belongs to (of the same project).",
	"Activity.code":               "The activity's code, unique in its project (T1.1).",
	"Actor.id":                    "The token (token:<id>) or host user that made the change.",
	"Actor.org_id":                "The actor's organisation.",
	"Actor.role":                  "The actor's role.",
	"Attendance.event_id":         "The event. Taken from the path on create.",
	"Attendance.beneficiary_id":   "The beneficiary who attended; an editor may name only its own organisation's beneficiaries.",
	"Attendance.project_id":       "The event's project, set by the server.",
	"Attendance.created_at":       "When the attendance was recorded, set by the server (UTC).",
	"AuditEntry.seq":              "The entry's position in the log, increasing.",
	"AuditEntry.at":               "When the change was made (UTC).",
	"AuditEntry.actor":            "Who made the change.",
	"AuditEntry.action":           "What was done: create, update, delete, erase ...",
	"AuditEntry.entity":           "The kind of record changed (project, partner, beneficiary ...).",
	"AuditEntry.entity_id":        "The identifier of the record changed.",
	"AuditEntry.before":           "The record before the change (absent on create); personal fields of erased beneficiaries are not kept.",
	"AuditEntry.after":            "The record after the change (absent on delete).",
	"Beneficiary.org_id":          "The organisation that controls the person's data. Required of admins; an editor that leaves it out gets its own organisation.",
	"Beneficiary.project_id":      "The project the person takes part in, when one.",
	"Beneficiary.reference":       "The organisation's own pseudonymous reference (a case number), never a name or a personal ID number.",
	"Beneficiary.household":       "Whether the record stands for a household rather than one person.",
	"Beneficiary.gender":          "Gender, when the person gave it.",
	"Beneficiary.birth_year":      "Year of birth (1900 to 2100), when known; the age band is derived from it for reports.",
	"Beneficiary.age_band":        "Age band, when the year of birth is not recorded.",
	"Beneficiary.region":          "The NUTS code of the region the person lives in.",
	"Beneficiary.legal_basis":     "The GDPR Art. 6 legal basis of the processing.",
	"Beneficiary.consent_date":    "When the person consented (YYYY-MM-DD), for legal_basis consent.",
	"Beneficiary.retain_until":    "Until when the data may be kept (YYYY-MM-DD); then it is erased.",
	"Beneficiary.erased":          "Whether the person's data was erased (GDPR Art. 17), set by the server; anonymous counts remain.",
	"Beneficiary.erased_at":       "When the data was erased, set by the server (UTC).",
	"BudgetLine.amount":           "The planned amount, in the project currency.",
	"BudgetLine.computed":         "Whether the line is computed by the library from a flat rate (FlatRate), set by the server; such lines cannot be edited.",
	"CoFinancing.fund_id":         "The co-financing fund.",
	"Contact.name":                "A role (\"Project office\") or a person who agreed to be named.",
	"Contact.email":               "An e-mail address.",
	"Contact.phone":               "A telephone number.",
	"Conversion.rate":             "The rate used: units of the original currency per 1 EUR.",
	"Conversion.rate_date":        "The month of the rate, as its first day (YYYY-MM-DD).",
	"Conversion.source":           "Where the rate comes from (InforEuro).",
	"Event.activity_id":           "The activity the event reports under, when one.",
	"Event.type":                  "The kind of event.",
	"Event.place":                 "Where the event took place.",
	"Event.country":               "The country of the event (ISO 3166-1 alpha-2).",
	"Event.organiser":             "The partner that organised the event.",
	"Event.co_organisers":         "Other partners that organised the event.",
	"Event.reported_participants": "Participants counted at the event without registering each (0 to 1000000).",
	"Event.online":                "Whether the event took place online.",
	"Expenditure.date":            "When the cost was incurred (YYYY-MM-DD); the month's exchange rate converts it.",
	"Expenditure.amount":          "The amount as paid, in its original currency.",
	"Expenditure.converted":       "The amount in the project currency, computed by the library from amount, date and the project's rate rule; refused on input.",
	"Expenditure.conversion":      "How the amount was converted, set by the server.",
	"Fund.code":                   "The fund's short code (ERDF, ESF+, CSSF ...).",
	"Fund.name":                   "The fund's name.",
	"Fund.kind":                   "The kind of fund.",
	"Fund.max_rate_percent":       "The highest co-financing rate the fund allows, in percent, a decimal string.",
	"FundTotal.amount":            "What the fund co-finances.",
	"FundingShare.amount":         "What the fund co-finances of the partner's budget.",
	"FundingTable.currency":       "The project currency all amounts are in.",
	"FundingTable.partners":       "The co-financing of each partner.",
	"FundingTable.funds":          "What each fund co-finances over the project.",
	"FundingTable.total":          "The project's total budget.",
	"I18n.hr":                     "The Croatian text.",
	"I18n.en":                     "The English text.",
	"ImportResult.kind":           "What was imported: attendance, beneficiaries or expenditure.",
	"ImportResult.imported":       "How many rows were stored.",
	"Indicator.kind":              "Output or result indicator.",
	"Indicator.code":              "The indicator's code (RCO81, RCR...), unique in its project.",
	"Indicator.name":              "The indicator's name.",
	"Indicator.unit":              "The unit of measurement (participants, organisations ...).",
	"Indicator.baseline":          "The value before the project, a non-negative decimal string.",
	"Indicator.target":            "The value to reach, a non-negative decimal string.",
	"Indicator.source":            "entered: measurements are entered with evidence; computed: the library counts them.",
	"Indicator.computation":       "For computed indicators, what is counted.",
	"Indicator.event_types":       "For computed indicators, the event types counted (all when empty).",
	"Indicator.depends_on":        "An indicator of the same project this one builds on.",
	"Measurement.indicator_id":    "The indicator. Taken from the path on create.",
	"Measurement.project_id":      "The indicator's project, set by the server.",
	"Measurement.value":           "The measured value, a non-negative decimal string.",
	"Measurement.source":          "entered or computed.",
	"Measurement.evidence":        "What proves the value (an attendance list, minutes); required when source is entered.",
	"Measurement.note":            "A note.",
	"Modification.date":           "When the modification was signed (YYYY-MM-DD).",
	"Modification.previous_end":   "The end date before the modification (YYYY-MM-DD).",
	"Modification.new_end":        "The end date after the modification (YYYY-MM-DD).",
	"Modification.reason":         "Why the end date moved.",
	"Modification.reference":      "The modification's reference number.",
	"Money.amount":                "The amount with exactly two decimals, as a string (\"1234.50\", \"-10.00\").",
	"Money.currency":              "The ISO 4217 currency code.",
	"Organisation.name":           "The organisation's full name.",
	"Organisation.short_name":     "A short name or acronym.",
	"Organisation.legal_status":   "The organisation's legal form.",
	"Organisation.tax_id":         "The tax number (OIB in Croatia), checked for the country; optional for associated and foreign bodies.",
	"Organisation.region":         "The NUTS region of the organisation's seat.",
	"Organisation.city":           "The city of the organisation's seat.",
	"Organisation.contact":        "The organisation's contact point.",
	"Partner.org_id":              "The organisation taking part.",
	"Partner.role":                "lead (exactly one per project once it leaves draft), partner or associated.",
	"Partner.number":              "The partner's number in the application form (PP1, PP2 ...), 0 for none.",
	"Partner.funding":             "The funds that co-finance the partner.",
	"Partner.control_body":        "The organisation whose controllers check the partner's reports (first-level control); not the partner's own.",
	"PartnerFunding.partner_id":   "The partner.",
	"PartnerFunding.total":        "The partner's total budget.",
	"Period.number":               "The period's number, from 1.",
	"Principal.id":                "The token (token:<id>) or host user; empty for anonymous callers.",
	"Principal.name":              "What the token is called.",
	"Principal.role":              "The caller's role; empty for anonymous callers.",
	"Principal.org_id":            "The caller's organisation (editors and viewers).",
	"Problem.type":                "A URI naming the kind of problem.",
	"Problem.title":               "A short summary of the kind of problem.",
	"Problem.status":              "The HTTP status.",
	"Problem.detail":              "What went wrong in this request.",
	"Problem.instance":            "The path of the request.",
	"Problem.code":                "The library's error code: invalid, unauthenticated, forbidden, not_found, conflict or internal; clients branch on it.",
	"Problem.errors":              "The fields at fault, for invalid requests.",
	"Problem.request_id":          "The request's ID (X-Request-ID), to quote when reporting a problem.",
	"ProblemField.row":            "For imports: the line of the file (1 is the header).",
	"ProblemField.column":         "For imports: the column of the file.",
	"ProblemField.field":          "The JSON path of the field at fault (amount.currency, periods[1].end).",
	"ProblemField.rule":           "The rule that failed (required, max, oneof ...).",
	"ProblemField.message":        "What is wrong, in the negotiated language (?lang=, the lang cookie, Accept-Language; see Content-Language). The problem document has no message_hr: ?lang=hr gives the Croatian text here.",
	"Project.acronym":             "The project's acronym.",
	"Project.title":               "The project's title.",
	"Project.description":         "A summary of the project.",
	"Project.programme":           "The programme that finances the project (Interreg Slovenia-Croatia ...).",
	"Project.call":                "The call for proposals.",
	"Project.priority_axis":       "The programme's priority axis.",
	"Project.specific_objective":  "The programme's specific objective.",
	"Project.start":               "The first day of the project (YYYY-MM-DD).",
	"Project.end":                 "The contracted last day (YYYY-MM-DD), not before start; modifications move the end in force.",
	"Project.modifications":       "Contract modifications that moved the end date.",
	"Project.status":              "The lifecycle status (draft when empty); change it with POST /transitions.",
	"Project.currency":            "The project currency (EUR when empty).",
	"Project.regions":             "The NUTS regions the project works in.",
	"Project.periods":             "The reporting periods.",
	"Project.flat_rates":          "The flat-rate cost categories the library computes.",
	"Rate.currency":               "The currency the rate converts to.",
	"Rate.month":                  "The month the rate applies to (YYYY-MM).",
	"Rate.source":                 "Where the rate comes from (InforEuro).",
	"Region.code":                 "The NUTS code (HR03, SI034 ...).",
	"Region.version":              "The NUTS version the code belongs to (2013, 2016, 2021, 2024).",
	"Region.name":                 "The region's name.",
	"AuditEntry.reason":           "Why the write was made, when the writer said (the X-Reason header, store.WithReason).",
	"cost_option":                 "The code of the project's unit cost (category unit_cost) or lump sum (category lump_sum) the line uses; the amount is then computed.",
	"units":                       "The number of units of a unit cost, a decimal string with at most two decimals.",
	"Conversion.basis":            "Which rule gave the rate (same_currency, fixed_hrk, inforeuro, contract, entered, planning), set by the library.",
	"FlatRate.kind":               "Which flat rate: the category it computes and the base it is applied to (office_on_staff: office and administration as a rate of staff costs ...).",
	"IgnoredRow.line":             "The line of the file.",
	"IgnoredRow.currency":         "The currency of the line.",
	"IgnoredRow.reason":           "Why the line was not imported.",
	"LumpSum.code":                "The lump sum's code, which budget and expenditure lines name (cost_option).",
	"LumpSum.name":                "The lump sum's name.",
	"LumpSum.deliverable":         "What must be delivered for the lump sum to be paid.",
	"LumpSum.amount":              "The fixed amount.",
	"ContractRate.currency":       "The currency the rate converts.",
	"ContractRate.rate":           "Units of the currency per 1 EUR, a decimal string.",
	"ContractRate.date":           "The date of the agreement that fixed the rate (YYYY-MM-DD).",
	"ContractRate.source":         "The agreement that fixed the rate.",
	"PlanningRate.rate":           "Kuna per 1 EUR, a decimal string.",
	"PlanningRate.date":           "The date of the rate (YYYY-MM-DD).",
	"PlanningRate.source":         "Where the rate comes from.",
	"Project.eligibility":         "The span in which costs are eligible, when the programme sets one other than start to end; it contains start..end.",
	"Project.rate_rule":           "Where the rate of a cost paid in another currency comes from (empty: InforEuro of the month incurred).",
	"Project.planning_rate":       "The kuna rate the euro budget was planned with, when recorded.",
	"Project.unit_costs":          "The unit costs budget and expenditure lines of category unit_cost name by code.",
	"Project.lump_sums":           "The lump sums budget and expenditure lines of category lump_sum name by code.",
	"Project.flexibility_percent": "By how much of its budget a cost category may be overspent, in percent, before the financial report warns (the programme's rule; a default when empty).",
	"RateImportResult.imported":   "How many rates were stored.",
	"RateImportResult.ignored":    "The lines that were not imported (currencies the file lists but the programme does not use).",
	"RateRule.kind":               "inforeuro_incurred (the default): InforEuro of the month the cost was incurred; inforeuro_submitted: of the month it is submitted; contract: the agreement's rates.",
	"RateRule.contract_rates":     "For kind contract, the agreement's rate of each currency.",
	"RateRule.allow_entered":      "Whether an admin may enter the rate of a line by hand, with its source.",
	"Span.start":                  "The first day (YYYY-MM-DD).",
	"Span.end":                    "The last day (YYYY-MM-DD), not before start.",
	"UnitCost.code":               "The unit cost's code, which budget and expenditure lines name (cost_option).",
	"UnitCost.name":               "The unit cost's name.",
	"UnitCost.unit":               "What one unit is (participant-day, hour ...).",
	"UnitCost.price":              "The price of one unit.",
	"Transition.to":               "The status to move to; only the lifecycle's next steps are allowed.",
	"WorkPackage.code":            "The work package's code, unique in its project (T1).",
	"WorkPackage.lead_partner":    "The partner that leads the work package.",
}

// readOnlyDocs lists the properties the server sets: a client may send
// them back (a PUT of what it read), and the server ignores them.
var readOnlyDocs = map[string]bool{
	"version":                true,
	"created_at":             true,
	"updated_at":             true,
	"Region.version":         false, // the NUTS version, the caller's
	"Attendance.project_id":  true,
	"Measurement.project_id": true,
	"Beneficiary.erased":     true,
	"Beneficiary.erased_at":  true,
	"BudgetLine.computed":    true,
	"Expenditure.converted":  true,
	"Expenditure.conversion": true,
}

// notRequiredInput lists the properties a body may leave out although
// the record must have them: the server fills them in (from the path, the
// caller, or a default).
var notRequiredInput = map[string]bool{
	"project_id":               true, // from the path
	"Measurement.indicator_id": true,
	"Attendance.event_id":      true,
	"Project.status":           true, // draft
	"Project.currency":         true, // EUR
}

// requiredWhen lists the properties a body must have when another holds a
// value: the schema says so with if/then, which JSON Schema 2020-12 has
// (generators that ignore it lose nothing else).
var requiredWhen = map[string][2]string{
	"Beneficiary.consent_date": {"legal_basis", "consent"},
	"Measurement.evidence":     {"source", "entered"},
}

// requiredRules are the validator rules (first in a validate tag) that
// make a property required in a request body.
var requiredRules = map[string]bool{"required": true, "date_required": true, "i18n_required": true, "money": true, "dec_positive": true}

// docKey returns the entry of m for property prop of component comp
// ("Type.prop", then "prop").
func docKey[V any](m map[string]V, comp, prop string) (V, bool) {
	comp = strings.TrimSuffix(strings.TrimSuffix(comp, "Input"), "Patch")
	if v, ok := m[comp+"."+prop]; ok {
		return v, true
	}
	v, ok := m[prop]
	return v, ok
}

// pathParamDocs describes the path parameters.
var pathParamDocs = map[string]string{
	"id":             "The identifier of the record the path names.",
	"beneficiary_id": "The beneficiary whose attendance is deleted.",
	"report":         "The report, with its format as a suffix (financial.csv); without one the format comes from Accept (JSON by default).",
}

// noun is how a summary names the records of an entity label.
func noun(label string) string {
	if label == "expenditure" {
		return "expenditure line"
	}
	return label
}

// withArticle puts "a" or "an" before a noun, by its first letter: the
// labels of this API have no silent h nor a vowel letter read as a
// consonant.
func withArticle(n string) string {
	if n != "" && strings.ContainsRune("aeiou", rune(n[0])) {
		return "an " + n
	}
	return "a " + n
}

// queryParamDocs describes the query parameters that do not say it in
// their route's table.
var queryParamDocs = map[string]string{
	"country":     "Only organisations of this country (ISO 3166-1 alpha-2).",
	"tax_id":      "Only the organisation with this tax number.",
	"status":      "Only projects in this lifecycle status.",
	"org_id":      "Only records of this organisation.",
	"project_id":  "Only records of this project.",
	"role":        "Only partners with this role.",
	"type":        "Only events of this type.",
	"activity_id": "Only events of this activity.",
	"organiser":   "Only events this partner organised.",
	"from":        "Only records on or after this day (YYYY-MM-DD).",
	"to":          "Only records on or before this day (YYYY-MM-DD).",
	"period":      "Only records of this reporting period.",
	"partner_id":  "Only records of this partner.",
	"category":    "Only records of this cost category.",
	"entity":      "Only entries about this kind of record (project, partner, beneficiary ...).",
	"entity_id":   "Only entries about the record with this identifier.",
	"errors":      "csv: report the row errors of a refused import as a CSV file instead of a problem document.",
	"event_id":    "The event of rows without event_id.",
}
