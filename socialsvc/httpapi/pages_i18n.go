package httpapi

import "github.com/zajednica/go-socialsvc/socialsvc"

// pageLabels are the dashboard's texts: Croatian first, English second.
// Templates read them as .T.key and fail on a key that is missing, so a
// typo is a test failure rather than an empty label.
var pageLabels = map[string][2]string{
	// Layout.
	"skip":        {"Preskoči na sadržaj", "Skip to content"},
	"nav_label":   {"Glavna navigacija", "Main navigation"},
	"projects":    {"Projekti", "Projects"},
	"signed_in":   {"Prijavljeni ste", "Signed in"},
	"role_":       {"anonimno", "anonymous"},
	"role_viewer": {"pregled", "viewer"},
	"role_editor": {"uređivanje", "editor"},
	"role_admin":  {"administrator", "admin"},
	"signin":      {"Prijava", "Sign in"},
	"signout":     {"Odjava", "Sign out"},
	"footer": {"go-socialsvc – biblioteka otvorenog koda za projekte socijalnih usluga sufinancirane iz fondova EU.",
		"go-socialsvc – open-source library for EU co-financed social-service projects."},
	"api_doc": {"Opis API-ja (OpenAPI 3.1)", "API description (OpenAPI 3.1)"},

	// Error pages.
	"request_id":      {"Oznaka zahtjeva", "Request ID"},
	"back_home":       {"Natrag na popis projekata", "Back to the list of projects"},
	"nf_title":        {"Stranica nije pronađena", "Page not found"},
	"nf_text":         {"Ova stranica ne postoji ili nemate pravo vidjeti je.", "This page does not exist, or you may not see it."},
	"forbidden_title": {"Pristup nije dopušten", "Access denied"},
	"forbidden_text":  {"Vaša uloga ne dopušta ovu radnju.", "Your role does not allow this."},
	"unauth_title":    {"Potrebna je prijava", "Sign-in required"},
	"unauth_text":     {"Prijavite se tokenom da biste nastavili.", "Sign in with a token to continue."},
	"bad_title":       {"Neispravan zahtjev", "Bad request"},
	"bad_text":        {"Zahtjev nije moguće obraditi.", "The request could not be processed."},
	"err_title":       {"Pogreška na poslužitelju", "Server error"},
	"err_text": {"Nešto je pošlo po zlu. Pokušajte ponovno; ako se ponovi, javite oznaku zahtjeva.",
		"Something went wrong. Try again; if it happens again, report the request ID."},

	// Sign-in.
	"signin_already": {"Već ste prijavljeni. Odjavite se u zaglavlju stranice.", "You are signed in. Sign out in the page header."},
	"signin_lead": {"Za uređivanje i za cjelovite podatke projekata vaše organizacije prijavite se tokenom koji ste dobili od administratora.",
		"To edit, and to see the full records of your organisation's projects, sign in with the token your administrator gave you."},
	"signin_failed":   {"Prijava nije uspjela", "Sign-in failed"},
	"signin_bad":      {"Token nije valjan ili je opozvan. Provjerite jeste li ga kopirali u cijelosti.", "The token is not valid or has been revoked. Check that you copied all of it."},
	"signin_empty":    {"Upišite token.", "Enter a token."},
	"token":           {"Token", "Token"},
	"token_hint":      {"Počinje s ssv_. Ne dijelite ga s drugima.", "It starts with ssv_. Do not share it."},
	"signin_cookie":   {"Prijava se pamti u kolačiću (HttpOnly, SameSite=Strict) najviše 8 sati.", "The sign-in is kept in a cookie (HttpOnly, SameSite=Strict) for at most 8 hours."},
	"signin_external": {"Prijavom upravlja aplikacija u koju je ova nadzorna ploča ugrađena.", "Sign-in is handled by the application this dashboard is part of."},

	// Downloads.
	"downloads":      {"Preuzimanja", "Downloads"},
	"downloads_lead": {"Izvještaji projekta u svim formatima koje API nudi.", "The project's reports in every format the API serves."},
	"locked_reports": {"Financijski izvještaj i izvještaj o pokazateljima dostupni su partnerima projekta nakon prijave.",
		"The financial and indicator reports are available to the project's partners after signing in."},
	"rep_financial":           {"Financijski izvještaj", "Financial report"},
	"rep_financial_about":     {"Proračun i troškovi po partneru, kategoriji i razdoblju; sufinanciranje.", "Budget and expenditure by partner, cost category and period; co-financing."},
	"rep_indicators":          {"Pokazatelji", "Indicators"},
	"rep_indicators_about":    {"Polazna, ciljna i ostvarena vrijednost, po razdobljima.", "Baseline, target and achieved values, by period."},
	"rep_beneficiaries":       {"Korisnici", "Beneficiaries"},
	"rep_beneficiaries_about": {"Broj osoba i posjeta; brojevi manji od 5 prikazuju se kao <5.", "People and visits; counts below 5 are shown as <5."},
	"rep_iati":                {"IATI 2.03", "IATI 2.03"},
	"rep_iati_about":          {"Podaci o projektu u međunarodnom otvorenom standardu.", "The project's data in the international open standard."},
	"fmt_html":                {"za čitanje i ispis", "for reading and printing"},
	"fmt_xlsx":                {"proračunska tablica", "spreadsheet"},
	"fmt_pdf":                 {"za ispis i slanje", "to print and send"},
	"fmt_csv":                 {"zarez, decimalna točka", "comma, decimal point"},
	"fmt_csv_hr":              {"točka-zarez, decimalni zarez (Excel na hrvatskom)", "semicolon, decimal comma (Excel in Croatian)"},
	"fmt_json":                {"za programe", "for programs"},
	"fmt_xml":                 {"za objavu u registru IATI", "for publishing in the IATI Registry"},

	// Portfolio.
	"portfolio": {"Portfelj projekata", "Project portfolio"},
	"portfolio_lead": {"Projekti socijalnih usluga sufinancirani iz fondova EU i drugih izvora.",
		"Social-service projects co-financed by EU funds and other sources."},
	"hidden_figures": {"Proračun i izvori financiranja prikazuju se partnerima projekta nakon prijave.",
		"Budgets and funding are shown to the project's partners after signing in."},
	"programme":          {"Program", "Programme"},
	"status":             {"Status", "Status"},
	"period":             {"Razdoblje provedbe", "Implementation period"},
	"total_budget":       {"Ukupni proračun", "Total budget"},
	"not_recorded":       {"nije zabilježen", "not recorded"},
	"funded_by":          {"Izvori", "Funded by"},
	"eu_share":           {"Udio EU", "EU share"},
	"no_projects":        {"Nema projekata za prikaz.", "No projects to show."},
	"totals":             {"Ukupno", "Totals"},
	"totals_hint":        {"Zbrojevi projekata čiji su vam financijski podaci dostupni, po valuti.", "Sums over the projects whose figures you may see, per currency."},
	"org_portfolio":      {"Portfelj vaše organizacije", "Your organisation's portfolio"},
	"org_portfolio_lead": {"Izvještaj o svim projektima u kojima vaša organizacija sudjeluje.", "The report on every project your organisation takes part in."},
	"spent":              {"Utrošeno", "Spent"},
	"currency":           {"Valuta", "Currency"},
	"own":                {"Vlastiti doprinos partnera", "Partners' own contribution"},

	// Project.
	"event_saved":   {"Događaj je zabilježen.", "The event has been recorded."},
	"key_figures":   {"Ključni podaci", "Key figures"},
	"on_page":       {"Na ovoj stranici", "On this page"},
	"summary":       {"Sažetak", "Summary"},
	"partners":      {"Partneri", "Partners"},
	"funding":       {"Financiranje", "Funding"},
	"indicators":    {"Pokazatelji", "Indicators"},
	"beneficiaries": {"Korisnici", "Beneficiaries"},
	"events":        {"Događaji", "Events"},
	"regions":       {"Regije (NUTS)", "Regions (NUTS)"},
	"target_groups": {"Ciljne skupine", "Target groups"},
	"public_view": {"Prikazan je javni sažetak. Partneri, financiranje, pokazatelji i događaji dostupni su partnerima projekta nakon prijave.",
		"This is the public summary. Partners, funding, indicators and events are available to the project's partners after signing in."},
	"notes":              {"Napomene", "Notes"},
	"partners_caption":   {"Partneri projekta s ulogom, državom i NUTS regijom", "Project partners with role, country and NUTS region"},
	"no":                 {"Br.", "No."},
	"organisation":       {"Organizacija", "Organisation"},
	"role":               {"Uloga", "Role"},
	"country":            {"Država", "Country"},
	"nuts_region":        {"NUTS regija", "NUTS region"},
	"city":               {"Mjesto", "City"},
	"none":               {"Nema.", "None."},
	"partners_by_region": {"Partneri po regijama", "Partners by region"},
	"achieved":           {"Ostvareno", "Achieved"},
	"of_target":          {"od ciljanih", "of a target of"},
	"baseline":           {"polazna vrijednost", "baseline"},
	"no_budget":          {"Za projekt nije zabilježen proračun ni troškovi.", "No budget or expenditure is recorded for the project."},
	"no_indicators":      {"Projekt nema pokazatelja.", "The project has no indicators."},
	"suppression": {"Brojevi manji od 5 prikazuju se kao <5, a povezani zbrojevi skriveni su tako da se skriveni broj ne može izračunati.",
		"Counts below 5 are shown as <5, and related totals are withheld so that a hidden count cannot be worked out."},
	"new_event":          {"Zabilježi događaj", "Record an event"},
	"events_n":           {"događaja", "events"},
	"online":             {"online", "online"},
	"organiser":          {"organizator", "organiser"},
	"participants":       {"sudionika", "participants"},
	"no_events":          {"Nema zabilježenih događaja.", "No events recorded."},
	"call":               {"Poziv", "Call"},
	"priority_axis":      {"Prioritetna os", "Priority axis"},
	"specific_objective": {"Specifični cilj", "Specific objective"},
	"individuals":        {"Osoba (jedinstvenih)", "Unique individuals"},
	"visits":             {"Posjeta", "Visits"},
	"absorption":         {"apsorpcija", "absorption"},
	"figures_problem":    {"Iznosi se ne mogu zbrojiti:", "The figures cannot be totalled:"},
	"at_fixed_rate":      {"po fiksnom tečaju 7,53450", "at the fixed rate 7.53450"},
	"at_planning_rate":   {"po planskom tečaju", "at the planning rate"},
	"kind_output":        {"pokazatelj ostvarenja", "output"},
	"kind_result":        {"pokazatelj rezultata", "result"},

	// Event form.
	"event_lead":          {"Novi događaj projekta. Datumi moraju biti unutar razdoblja provedbe", "A new event of the project. Dates must lie within the implementation period"},
	"form_errors":         {"Ispravite sljedeće", "Please correct the following"},
	"f_type":              {"Vrsta događaja", "Type of event"},
	"f_title":             {"Naziv", "Title"},
	"f_title_hint":        {"Na hrvatskom, engleskom ili oba jezika.", "In Croatian, English or both."},
	"f_title_hr":          {"Naziv na hrvatskom", "Title in Croatian"},
	"f_title_en":          {"Naziv na engleskom", "Title in English"},
	"f_start":             {"Datum početka", "Start date"},
	"f_date_hint":         {"Obavezno.", "Required."},
	"f_end":               {"Datum završetka", "End date"},
	"f_end_hint":          {"Samo za višednevne događaje.", "Only for events of several days."},
	"f_place":             {"Mjesto", "Place"},
	"f_organiser":         {"Organizator (partner)", "Organiser (partner)"},
	"f_none":              {"– nije navedeno –", "– not given –"},
	"f_participants":      {"Broj sudionika", "Number of participants"},
	"f_participants_hint": {"Ukupan broj prisutnih, ako se nisu bilježili pojedinačno.", "The head count, where people were not registered one by one."},
	"f_online":            {"Održano online", "Held online"},
	"save_event":          {"Spremi događaj", "Save event"},
	"cancel":              {"Odustani", "Cancel"},
	"err_date":            {"mora biti datum (GGGG-MM-DD)", "must be a date (YYYY-MM-DD)"},
	"err_int":             {"mora biti cijeli broj", "must be a whole number"},
}

// labels holds the texts of each language, built once.
var labels = func() map[socialsvc.Lang]map[string]string {
	out := map[socialsvc.Lang]map[string]string{socialsvc.HR: {}, socialsvc.EN: {}}
	for k, v := range pageLabels {
		out[socialsvc.HR][k] = v[0]
		out[socialsvc.EN][k] = v[1]
	}
	return out
}()

// labelsFor returns the texts of lang (English unless Croatian).
func labelsFor(lang socialsvc.Lang) map[string]string {
	if lang == socialsvc.HR {
		return labels[socialsvc.HR]
	}
	return labels[socialsvc.EN]
}

// countries names the countries of the seed projects and their
// neighbours; other codes are shown as they are.
var countries = map[string][2]string{
	"HR": {"Hrvatska", "Croatia"}, "SI": {"Slovenija", "Slovenia"}, "CZ": {"Češka", "Czechia"},
	"GB": {"Ujedinjena Kraljevina", "United Kingdom"}, "RS": {"Srbija", "Serbia"}, "XK": {"Kosovo", "Kosovo"},
	"NO": {"Norveška", "Norway"}, "BA": {"Bosna i Hercegovina", "Bosnia and Herzegovina"}, "HU": {"Mađarska", "Hungary"},
	"IT": {"Italija", "Italy"}, "AT": {"Austrija", "Austria"}, "DE": {"Njemačka", "Germany"}, "ME": {"Crna Gora", "Montenegro"},
}

func countryName(code string, lang socialsvc.Lang) string {
	n, ok := countries[code]
	if !ok {
		return code
	}
	if lang == socialsvc.HR {
		return n[0]
	}
	return n[1]
}
