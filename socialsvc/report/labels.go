package report

import (
	"strconv"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// labels holds the fixed texts of reports: {Croatian, English}.
var labels = map[string][2]string{
	"kind_financial":     {"Financijski izvještaj", "Financial report"},
	"kind_indicators":    {"Napredak pokazatelja", "Indicator progress"},
	"kind_beneficiaries": {"Korisnici", "Beneficiaries"},
	"kind_portfolio":     {"Portfelj projekata", "Project portfolio"},

	"project":      {"Projekt", "Project"},
	"organisation": {"Organizacija", "Organisation"},
	"generated":    {"Izrađeno", "Generated"},
	"scope":        {"Obuhvat", "Scope"},
	"whole":        {"cijeli projekt", "whole project"},
	"period_n":     {"razdoblje", "period"},
	"from":         {"od", "from"},
	"to":           {"do", "to"},
	"notes":        {"Napomene", "Notes"},
	"warnings":     {"Upozorenja", "Warnings"},
	"info":         {"Podaci", "Info"},
	"field":        {"Podatak", "Field"},
	"value":        {"Vrijednost", "Value"},

	"partner":            {"Partner", "Partner"},
	"category":           {"Kategorija troška", "Cost category"},
	"period":             {"Razdoblje", "Period"},
	"budget":             {"Proračun", "Budget"},
	"spent":              {"Utrošeno", "Spent"},
	"remaining":          {"Preostalo", "Remaining"},
	"absorption":         {"Iskorištenost", "Absorption"},
	"lines":              {"Broj troškova", "Expenditure lines"},
	"subtotal":           {"Ukupno partner", "Partner total"},
	"total":              {"Ukupno", "Total"},
	"no_period":          {"bez razdoblja", "no period"},
	"role":               {"Uloga", "Role"},
	"number":             {"Br.", "No."},
	"fund":               {"Fond", "Fund"},
	"fund_kind":          {"Vrsta izvora", "Kind of source"},
	"rate":               {"Stopa", "Rate"},
	"amount":             {"Iznos", "Amount"},
	"share":              {"Udio", "Share"},
	"own":                {"Vlastiti doprinos", "Own contribution"},
	"eligible_total":     {"Prihvatljivi iznos", "Eligible total"},
	"base":               {"Osnovica", "Base"},
	"base_amount":        {"Iznos osnovice", "Base amount"},
	"stored":             {"Pohranjeni iznos", "Stored amount"},
	"expected":           {"Iznos po stopi", "Amount by rate"},
	"stale":              {"Zastarjelo", "Stale"},
	"flat_kind":          {"Vrsta paušala", "Flat-rate kind"},
	"base_spent":         {"Prijavljena osnovica", "Reported base"},
	"spent_computed":     {"Izračunati trošak", "Computed spending"},
	"cost_option":        {"Opcija troška", "Cost option"},
	"unit_price":         {"Cijena po jedinici / iznos", "Unit price / amount"},
	"units":              {"Jedinice", "Units"},
	"due_period":         {"Razdoblje isporuke", "Due in period"},
	"claims":             {"Potraživanja", "Claims"},
	"yes":                {"da", "yes"},
	"no":                 {"ne", "no"},
	"currency":           {"Valuta", "Currency"},
	"paid":               {"Plaćeno", "Paid"},
	"converted":          {"Preračunato (pohranjeni tečaj)", "Converted (stored rate)"},
	"at_fixed":           {"Po fiksnom tečaju", "At the fixed rate"},
	"planning_rate":      {"Planski tečaj (kn za 1 EUR)", "Planning rate (kn per EUR)"},
	"rate_date":          {"Datum tečaja", "Date of the rate"},
	"budget_at_planning": {"Proračun u kunama po planskom tečaju", "Budget in kuna at the planning rate"},
	"difference":         {"Razlika", "Difference"},
	"count":              {"Broj", "Count"},
	"sum_of_lines":       {"Zbroj preračunatih stavki", "Sum of converted lines"},
	"conv_total":         {"Preračunati ukupni iznos", "Converted total"},
	"measure":            {"Iznos", "Amount"},

	"t_lines":        {"Proračun i troškovi po partneru, kategoriji i razdoblju", "Budget and expenditure by partner, category and period"},
	"t_partners":     {"Po partnerima", "By partner"},
	"t_categories":   {"Po kategorijama troška", "By cost category"},
	"t_periods":      {"Po razdobljima", "By period"},
	"t_cofinancing":  {"Sufinanciranje po partnerima", "Co-financing by partner"},
	"t_funds":        {"Izvori financiranja", "Sources of funding"},
	"t_flat":         {"Paušalne stavke", "Flat-rate lines"},
	"t_cost_options": {"Jedinični troškovi i jednokratni iznosi", "Unit costs and lump sums"},
	"t_conversions":  {"Troškovi u drugim valutama", "Expenditure in other currencies"},
	"t_planning":     {"Planski tečaj proračuna", "The budget's planning rate"},
	"t_dual":         {"Preračunavanje u drugu valutu: razlika zaokruživanja", "Conversion to the second currency: rounding difference"},
	"c_budget":       {"Proračun i utrošeno po partneru", "Budget and spent per partner"},

	"code":            {"Oznaka", "Code"},
	"indicator":       {"Pokazatelj", "Indicator"},
	"kind":            {"Vrsta", "Kind"},
	"unit":            {"Jedinica", "Unit"},
	"baseline":        {"Polazna vrijednost", "Baseline"},
	"target":          {"Ciljna vrijednost", "Target"},
	"achieved":        {"Ostvareno", "Achieved"},
	"pct_target":      {"% cilja", "% of target"},
	"source":          {"Izvor", "Source"},
	"in_period":       {"U razdoblju", "In period"},
	"cumulative":      {"Kumulativno", "Cumulative"},
	"entered":         {"Uneseno", "Entered"},
	"computed":        {"Izračunato", "Computed"},
	"computation":     {"Način izračuna", "Computation"},
	"event_types":     {"Vrste događaja", "Event types"},
	"events":          {"Događaji", "Events"},
	"attendance":      {"Zapisi o dolascima", "Attendance records"},
	"reported":        {"Prijavljeni sudionici", "Reported participants"},
	"individuals":     {"Osobe", "Individuals"},
	"visits":          {"Posjeti", "Visits"},
	"event_ids":       {"Događaji (ID)", "Event IDs"},
	"start":           {"Početak", "Start"},
	"end":             {"Kraj", "End"},
	"output":          {"ostvarenje", "output"},
	"result":          {"rezultat", "result"},
	"src_computed":    {"izračunato", "computed"},
	"src_entered":     {"uneseno", "entered"},
	"all_types":       {"sve vrste", "all types"},
	"t_progress":      {"Napredak pokazatelja", "Indicator progress"},
	"t_ind_periods":   {"Pokazatelji po razdobljima", "Indicators by period"},
	"t_ind_sources":   {"Izvori izračunatih pokazatelja", "Sources of computed indicators"},
	"c_progress":      {"Ostvareno u odnosu na cilj", "Achieved against target"},
	"comp_events":     {"broj događaja", "events"},
	"comp_visits":     {"broj posjeta", "visits"},
	"comp_individual": {"broj osoba", "individuals"},
	"comp_orgs":       {"broj organizacija", "organisations"},

	"t_summary":     {"Ukupno korisnika", "Beneficiaries in total"},
	"target_group":  {"Ciljna skupina", "Target group"},
	"age_band":      {"Dobna skupina", "Age band"},
	"region":        {"Regija", "Region"},
	"gender_total":  {"Ukupno", "Total"},
	"by":            {"po", "by"},
	"dim_target":    {"ciljnim skupinama", "target group"},
	"dim_age":       {"dobnim skupinama", "age band"},
	"dim_region":    {"regijama", "region"},
	"dim_period":    {"razdobljima", "period"},
	"m_individuals": {"Osobe", "Individuals"},
	"m_visits":      {"Posjeti", "Visits"},
	"c_groups":      {"Osobe po ciljnim skupinama", "Individuals by target group"},
	"legend_lt5":    {"<5: iza brojke stoji 1 do 4 osobe.", "<5: 1 to 4 people stand behind the figure."},
	"legend_x":      {"x: skriveno radi zaštite drugih ćelija.", "x: withheld to protect other cells."},
	"confidential":  {"POVJERLJIVO: sadrži nezaštićene brojeve", "CONFIDENTIAL: contains unprotected counts"},
	"rows_overlap":  {"Retci se ne zbrajaju u ukupno: osoba se broji u svakom retku u koji pripada.", "Rows do not add up to the total: a person counts in every row they belong to."},

	"status":         {"Status", "Status"},
	"year":           {"Godina", "Year"},
	"projects":       {"Projekti", "Projects"},
	"acronym":        {"Akronim", "Acronym"},
	"title":          {"Naziv", "Title"},
	"other_years":    {"izvan godina projekata", "outside the project years"},
	"t_pf_projects":  {"Projekti", "Projects"},
	"t_pf_totals":    {"Ukupno po valutama", "Totals by currency"},
	"t_pf_funds":     {"Po izvorima financiranja", "By source of funding"},
	"t_pf_status":    {"Po statusu", "By status"},
	"t_pf_years":     {"Troškovi po godinama", "Expenditure by year"},
	"t_pf_regions":   {"Po regijama", "By region"},
	"t_pf_indicator": {"Pokazatelji (zbrojeni po oznaci i jedinici)", "Indicators (summed by code and unit)"},
	"c_pf_projects":  {"Proračun i utrošeno po projektu", "Budget and spent per project"},
}

// tr returns the label key in lang (the key itself when unknown, which a
// test catches).
func tr(lang socialsvc.Lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == socialsvc.HR {
		return l[0]
	}
	return l[1]
}

// withCur appends the currency to a column label: "Budget (EUR)".
func withCur(label string, c socialsvc.Currency) string {
	if c == "" {
		return label
	}
	return label + " (" + string(c) + ")"
}

// periodLabel names a period in a table cell.
func periodCell(n int, lang socialsvc.Lang) Cell {
	if n == 0 {
		return TextCell(tr(lang, "no_period"))
	}
	return IntCell(int64(n))
}

func yesNo(b bool, lang socialsvc.Lang) string {
	if b {
		return tr(lang, "yes")
	}
	return tr(lang, "no")
}

func itoa(n int) string { return strconv.Itoa(n) }
