package tabular

import (
	"context"
	"iter"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Formats shared by several columns, in English and Croatian.
var (
	fmtID       = [2]string{"identifier (letters a-z, digits, - and _)", "identifikator (slova a-z, znamenke, - i _)"}
	fmtIDOpt    = [2]string{"identifier; empty: one is generated", "identifikator; prazno: generira se"}
	fmtDate     = [2]string{"date: 2024-12-31 or 31.12.2024.", "datum: 31.12.2024. ili 2024-12-31"}
	fmtDateReq  = [2]string{"date, required: 2024-12-31 or 31.12.2024.", "datum, obavezno: 31.12.2024. ili 2024-12-31"}
	fmtText     = [2]string{"text", "tekst"}
	fmtPeriod   = [2]string{"reporting period: whole number (1, 2, ...)", "izvještajno razdoblje: cijeli broj (1, 2, ...)"}
	fmtRequired = [2]string{" (required)", " (obavezno)"}
)

func req(f [2]string) [2]string { return [2]string{f[0] + fmtRequired[0], f[1] + fmtRequired[1]} }

func joinEnum[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Attendance imports who was at which event of the project: one row per
// person and event. Events must belong to the project; with Options.Org
// set, people must be beneficiaries of that organisation.
var Attendance = NewKind(Spec[socialsvc.Attendance]{
	Name: "attendance",
	Columns: []Column{
		{Name: "event_id", Required: true, Format: req(fmtID), Example: "radionica-2024-03"},
		{Name: "beneficiary_id", Required: true, Format: req(fmtID), Example: "k-0001"},
	},
	Parse: func(c *Cells) socialsvc.Attendance {
		return socialsvc.Attendance{EventID: socialsvc.EventID(c.Get("event_id")), BeneficiaryID: socialsvc.BeneficiaryID(c.Get("beneficiary_id"))}
	},
	Key: func(a *socialsvc.Attendance) (string, string) {
		if a.EventID == "" || a.BeneficiaryID == "" {
			return "", ""
		}
		return "beneficiary_id", store.AttendanceKey(a)
	},
	Check: checkAttendance,
	Save:  store.ImportAttendance,
})

func checkAttendance(ctx context.Context, st store.Store, env *Env, recs []Record[socialsvc.Attendance]) error {
	events := map[socialsvc.EventID]socialsvc.ProjectID{}
	orgOf := map[socialsvc.BeneficiaryID]socialsvc.OrgID{}
	for _, r := range recs {
		a := r.Value
		ep, ok := events[a.EventID]
		if !ok {
			ev, err := st.GetEvent(ctx, a.EventID)
			switch {
			case socialsvc.ErrorCode(err) == socialsvc.NotFound: // the store's import says so
			case err != nil:
				return err
			default:
				ep = ev.ProjectID
			}
			events[a.EventID] = ep
		}
		if ep != "" && ep != env.Project.ID {
			env.Fail(r.Line, "event_id", "same_project", "err.event_id.same_project", nil)
		}
		if env.Options.Org == "" {
			continue
		}
		org, ok := orgOf[a.BeneficiaryID]
		if !ok {
			b, err := st.GetBeneficiary(ctx, a.BeneficiaryID)
			switch {
			case socialsvc.ErrorCode(err) == socialsvc.NotFound:
			case err != nil:
				return err
			default:
				org = b.OrgID
			}
			orgOf[a.BeneficiaryID] = org
		}
		if org != "" && org != env.Options.Org {
			env.Fail(r.Line, "beneficiary_id", "forbidden", "err.beneficiary_id.forbidden", nil)
		}
	}
	return nil
}

// Beneficiaries imports pseudonymous beneficiaries of the project. Rows
// without org_id belong to Options.DefaultOrg (or Options.Org); with
// Options.Org set, every row must be of that organisation.
var Beneficiaries = NewKind(Spec[socialsvc.Beneficiary]{
	Name: "beneficiaries",
	Columns: []Column{
		{Name: "id", Format: fmtIDOpt, Example: "k-0001"},
		{Name: "org_id", Format: [2]string{"organisation identifier; empty: the importing organisation", "identifikator organizacije; prazno: organizacija koja uvozi"}, Example: "udruga-most"},
		{Name: "reference", Format: [2]string{"your own case reference (not a name or OIB)", "vaša oznaka predmeta (ne ime ni OIB)"}, Example: "K-2024-001"},
		{Name: "household", Format: [2]string{"da/ne (true/false): the row is a household", "da/ne (true/false): redak je kućanstvo"}, Example: "ne"},
		{Name: "gender", Format: [2]string{"female, male, other or empty", "female, male, other ili prazno"}, Example: "female"},
		{Name: "birth_year", Format: [2]string{"year, e.g. 1980", "godina, npr. 1980"}, Example: "1980"},
		{Name: "age_band", Format: [2]string{joinEnum(socialsvc.AgeBands) + " or empty (give it or birth_year, not both)", joinEnum(socialsvc.AgeBands) + " ili prazno (ili birth_year, ne oboje)"}, Example: ""},
		{Name: "region", Format: [2]string{"NUTS code, e.g. HR050", "NUTS oznaka, npr. HR050"}, Example: "HR050"},
		{Name: "target_groups", Format: [2]string{"target group codes separated by |", "oznake ciljnih skupina odvojene s |"}, Example: "women|long_term_unemployed"},
		{Name: "legal_basis", Required: true, Format: req([2]string{"consent, contract, legal_obligation, vital_interest, public_task or legitimate_interest", "consent, contract, legal_obligation, vital_interest, public_task ili legitimate_interest"}), Example: "public_task"},
		{Name: "consent_date", Format: fmtDate, Example: "15.01.2024."},
		{Name: "retain_until", Required: true, Format: fmtDateReq, Example: "31.12.2034."},
	},
	Parse: func(c *Cells) socialsvc.Beneficiary {
		env := c.Env()
		b := socialsvc.Beneficiary{
			ID: socialsvc.BeneficiaryID(c.Get("id")), OrgID: socialsvc.OrgID(c.Get("org_id")), ProjectID: env.Project.ID,
			Reference: c.Get("reference"), Household: c.Bool("household"), Gender: socialsvc.Gender(strings.ToLower(c.Get("gender"))),
			BirthYear: c.Int("birth_year"), AgeBand: socialsvc.AgeBand(c.Get("age_band")), Region: strings.ToUpper(c.Get("region")),
			LegalBasis:  socialsvc.LegalBasis(strings.ToLower(c.Get("legal_basis"))),
			ConsentDate: c.Date("consent_date"), RetainUntil: c.Date("retain_until"),
		}
		if b.OrgID == "" {
			b.OrgID = env.Options.DefaultOrg
			if b.OrgID == "" {
				b.OrgID = env.Options.Org
			}
		}
		if env.Options.Org != "" && b.OrgID != env.Options.Org {
			c.Fail("org_id", "forbidden", "err.org_id.forbidden", nil)
		}
		if v := c.Get("target_groups"); v != "" {
			for _, g := range strings.FieldsFunc(v, func(r rune) bool { return r == '|' || r == ',' || r == ';' }) {
				b.TargetGroups = append(b.TargetGroups, socialsvc.TargetGroup(strings.TrimSpace(g)))
			}
		}
		return b
	},
	Key:  func(b *socialsvc.Beneficiary) (string, string) { return "id", string(b.ID) },
	Save: store.ImportBeneficiaries,
})

// Expenditure imports expenditure lines of the project's partners, in the
// project's currency unless a row names another (then with the rate, or
// the store converts as CreateExpenditure does).
var Expenditure = NewKind(Spec[socialsvc.Expenditure]{
	Name: "expenditure",
	Columns: []Column{
		{Name: "id", Format: fmtIDOpt, Example: "tr-2024-0001"},
		{Name: "partner_id", Required: true, Format: req(fmtID), Example: "udruga-most"},
		{Name: "category", Required: true, Format: req([2]string{joinEnum(socialsvc.CostCategories), joinEnum(socialsvc.CostCategories)}), Example: "staff"},
		{Name: "period", Format: fmtPeriod, Example: "1"},
		{Name: "date", Required: true, Format: fmtDateReq, Example: "15.03.2024."},
		{Name: "description", Format: fmtText, Example: "Plaća koordinatorice, ožujak"},
		{Name: "amount", Required: true, Format: req([2]string{"amount: 1234.56, or 1.234,56 in a ;-separated file; at most two decimals", "iznos: 1.234,56 u datoteci odvojenoj s ; inače 1234.56; najviše dvije decimale"}), Example: "1234,56"},
		{Name: "currency", Format: [2]string{"ISO 4217 code (EUR, HRK); empty: the project's currency", "ISO 4217 oznaka (EUR, HRK); prazno: valuta projekta"}, Example: "EUR"},
		{Name: "rate", Format: [2]string{"leave empty: the library converts under the project's rate rule; a rate entered by hand (units per 1 EUR) is an admin's exception where the rule allows it, with rate_source", "ostavite prazno: knjižnica preračunava po pravilu tečaja projekta; ručno uneseni tečaj (jedinica za 1 EUR) iznimka je administratora gdje pravilo to dopušta, uz rate_source"}, Example: ""},
		{Name: "rate_date", Format: [2]string{"date of the rate; empty: the expenditure date", "datum tečaja; prazno: datum troška"}, Example: ""},
		{Name: "rate_source", Format: [2]string{"where an entered rate comes from (a decision, a document)", "izvor unesenog tečaja (odluka, dokument)"}, Example: ""},
	},
	Parse: func(c *Cells) socialsvc.Expenditure {
		env := c.Env()
		e := socialsvc.Expenditure{
			ID: socialsvc.ExpenditureID(c.Get("id")), ProjectID: env.Project.ID, PartnerID: socialsvc.PartnerID(c.Get("partner_id")),
			Category: socialsvc.CostCategory(c.Get("category")), Description: c.Get("description"),
			Period: c.Int("period"), Date: c.Date("date"),
		}
		cur := env.Project.Currency
		if v := c.Get("currency"); v != "" {
			k, err := socialsvc.ParseCurrency(v)
			if err != nil {
				c.Fail("currency", "currency", "err.currency.currency", nil)
			}
			cur = k
		}
		e.Amount = c.Money("amount", cur)
		if c.Get("rate") != "" {
			e.Conversion.Rate = c.Decimal("rate")
			e.Conversion.RateDate = e.Date
			if c.Get("rate_date") != "" {
				e.Conversion.RateDate = c.Date("rate_date")
			}
			e.Conversion.Source = c.Get("rate_source")
		}
		return e
	},
	Key:  func(e *socialsvc.Expenditure) (string, string) { return "id", string(e.ID) },
	Save: store.ImportExpenditure,
})

// ReportExpenditure imports the expenditure lines of one draft partner
// report (Options.Report), with what controllers ask for: invoice,
// payment date, VAT, procurement and internal references, and units of a
// unit cost. Amounts are as paid, in their own currency; the library
// converts them when the report is submitted, so the file has no rate.
// It is not in Kinds: it imports into a report, not into a project
// (POST /api/v1/partner-reports/{id}/imports/expenditure).
var ReportExpenditure = NewKind(Spec[socialsvc.ReportExpenditure]{
	Name: "expenditure",
	Columns: []Column{
		{Name: "id", Format: fmtIDOpt, Example: "pr1-0001"},
		{Name: "category", Required: true, Format: req([2]string{joinEnum(socialsvc.CostCategories), joinEnum(socialsvc.CostCategories)}), Example: "staff"},
		{Name: "description", Format: fmtText, Example: "Plaća koordinatorice, ožujak"},
		{Name: "amount", Format: [2]string{"amount as paid: 1234.56, or 1.234,56 in a ;-separated file; at most two decimals; empty for a unit cost or lump sum (computed)",
			"plaćeni iznos: 1.234,56 u datoteci odvojenoj s ; inače 1234.56; najviše dvije decimale; prazno za jedinični trošak ili paušal (izračunava se)"}, Example: "1234,56"},
		{Name: "currency", Format: [2]string{"ISO 4217 code (EUR, GBP); empty: the project's currency", "ISO 4217 oznaka (EUR, GBP); prazno: valuta projekta"}, Example: "EUR"},
		{Name: "cost_option", Format: [2]string{"code of the project's unit cost or lump sum the line claims", "oznaka jediničnog troška ili paušala projekta koji stavka potražuje"}, Example: ""},
		{Name: "units", Format: [2]string{"units of a unit cost: 2.5, or 2,5 in a ;-separated file", "broj jedinica jediničnog troška: 2,5 u datoteci odvojenoj s ; inače 2.5"}, Example: ""},
		{Name: "invoice_number", Format: fmtText, Example: "R-7/2024"},
		{Name: "invoice_date", Required: true, Format: fmtDateReq, Example: "15.03.2024."},
		{Name: "payment_date", Format: fmtDate, Example: "31.03.2024."},
		{Name: "vat", Format: [2]string{"VAT in the amount, in its currency", "PDV sadržan u iznosu, u njegovoj valuti"}, Example: ""},
		{Name: "vat_recoverable", Format: [2]string{"da/ne (true/false): the VAT can be recovered", "da/ne (true/false): PDV se može povratiti"}, Example: "ne"},
		{Name: "procurement_ref", Format: fmtText, Example: "JN-2024/3"},
		{Name: "internal_ref", Format: fmtText, Example: "K-33"},
	},
	Parse: func(c *Cells) socialsvc.ReportExpenditure {
		env := c.Env()
		l := socialsvc.ReportExpenditure{
			ID: socialsvc.ExpenditureID(c.Get("id")), ReportID: env.Options.Report,
			Category: socialsvc.CostCategory(c.Get("category")), Description: c.Get("description"),
			CostOption: c.Get("cost_option"), InvoiceNumber: c.Get("invoice_number"), InvoiceDate: c.Date("invoice_date"),
			PaymentDate: c.Date("payment_date"), VATRecoverable: c.Bool("vat_recoverable"),
			ProcurementRef: c.Get("procurement_ref"), InternalRef: c.Get("internal_ref"),
		}
		cur := env.Project.Currency
		if v := c.Get("currency"); v != "" {
			k, err := socialsvc.ParseCurrency(v)
			if err != nil {
				c.Fail("currency", "currency", "err.currency.currency_5", nil)
			}
			cur = k
		}
		if c.Get("amount") != "" {
			l.Amount = c.Money("amount", cur)
		}
		if c.Get("vat") != "" {
			l.VAT = c.Money("vat", cur)
		}
		if c.Get("units") != "" {
			u := c.Decimal("units")
			l.Units = &u
		}
		return l
	},
	Key: func(l *socialsvc.ReportExpenditure) (string, string) { return "id", string(l.ID) },
	Check: func(ctx context.Context, st store.Store, env *Env, recs []Record[socialsvc.ReportExpenditure]) error {
		if env.Options.Report == "" {
			return socialsvc.FieldErr("report_id", "required", "err.report_id.required")
		}
		return nil
	},
	Save: store.ImportReportLines,
})

// answerFormat is the format of a special-category answer column.
var answerFormat = [2]string{"yes, no or refused (da, ne, odbijeno); empty: not asked", "da, ne ili odbijeno (yes, no, refused); prazno: nije pitano"}

// Participations imports ESF+ participations of the project's
// beneficiaries: one row per participation, with the data at entry and
// the results, a result being the day it was observed in its column
// (exit_qualification: the day the qualification was confirmed) and how
// it was learnt in exit_source or six_month_source. With Options.Org set,
// every beneficiary must be that organisation's.
var Participations = NewKind(Spec[socialsvc.Participation]{
	Name: "participations",
	Columns: []Column{
		{Name: "id", Format: fmtIDOpt, Example: "sud-0001"},
		{Name: "beneficiary_id", Required: true, Format: req(fmtID), Example: "k-0001"},
		{Name: "entry_date", Required: true, Format: fmtDateReq, Example: "04.03.2024."},
		{Name: "exit_date", Format: [2]string{"date of leaving; empty while the person takes part", "datum izlaska; prazno dok osoba sudjeluje"}, Example: "28.06.2024."},
		{Name: "labour_status", Format: [2]string{joinEnum(socialsvc.LabourStatuses) + " at entry, or empty", joinEnum(socialsvc.LabourStatuses) + " pri ulasku, ili prazno"}, Example: "long_term_unemployed"},
		{Name: "isced", Format: [2]string{"highest ISCED 2011 level at entry, 0 to 8, or empty", "najviša razina ISCED 2011 pri ulasku, 0 do 8, ili prazno"}, Example: "3"},
		{Name: "disability", Format: answerFormat, Example: "ne"},
		{Name: "third_country_national", Format: answerFormat, Example: "ne"},
		{Name: "foreign_background", Format: answerFormat, Example: "ne"},
		{Name: "minority", Format: answerFormat, Example: "odbijeno"},
		{Name: "homeless", Format: answerFormat, Example: "ne"},
		{Name: "rural", Format: [2]string{"yes if the residence is in a rural area (DEGURBA 3), no, or refused", "da ako je prebivalište u ruralnom području (DEGURBA 3), ne, ili odbijeno"}, Example: "da"},
		{Name: "exit_job_searching", Format: [2]string{"result at exit: the day observed, or empty", "rezultat pri izlasku: datum utvrđivanja, ili prazno"}, Example: "28.06.2024."},
		{Name: "exit_in_education", Format: [2]string{"result at exit: the day observed, or empty", "rezultat pri izlasku: datum utvrđivanja, ili prazno"}, Example: ""},
		{Name: "exit_qualification", Format: [2]string{"result at exit: the day observed, or empty", "rezultat pri izlasku: datum utvrđivanja, ili prazno"}, Example: "28.06.2024."},
		{Name: "exit_employed", Format: [2]string{"result at exit (self-employment included): the day observed, or empty", "rezultat pri izlasku (uključujući samozapošljavanje): datum utvrđivanja, ili prazno"}, Example: ""},
		{Name: "exit_source", Format: [2]string{"asked or register: how the results at exit were learnt (required with one)", "asked ili register: kako su utvrđeni rezultati pri izlasku (obavezno uz rezultat)"}, Example: "asked"},
		{Name: "six_month_employed", Format: [2]string{"six months after exit: the day observed, or empty", "šest mjeseci nakon izlaska: datum utvrđivanja, ili prazno"}, Example: "15.01.2025."},
		{Name: "six_month_improved", Format: [2]string{"six months after exit, improved labour-market situation: the day observed, or empty", "šest mjeseci nakon izlaska, poboljšan položaj na tržištu rada: datum utvrđivanja, ili prazno"}, Example: ""},
		{Name: "six_month_source", Format: [2]string{"asked or register (required with a six-month result)", "asked ili register (obavezno uz rezultat nakon šest mjeseci)"}, Example: "register"},
	},
	Parse: parseParticipation,
	Key:   func(p *socialsvc.Participation) (string, string) { return "id", string(p.ID) },
	Check: checkParticipations,
	Save:  saveParticipations,
})

// parseAnswer reads a special-category answer.
func parseAnswer(c *Cells, col string) socialsvc.Answer {
	switch v := strings.ToLower(c.Get(col)); v {
	case "":
		return socialsvc.Unanswered
	case "yes", "da":
		return socialsvc.AnswerYes
	case "no", "ne":
		return socialsvc.AnswerNo
	case "refused", "odbijeno":
		return socialsvc.Refused
	}
	c.Fail(col, "oneof", "err.answer.import", nil)
	return socialsvc.Unanswered
}

func parseParticipation(c *Cells) socialsvc.Participation {
	p := socialsvc.Participation{
		ID: socialsvc.ParticipationID(c.Get("id")), ProjectID: c.Env().Project.ID, BeneficiaryID: socialsvc.BeneficiaryID(c.Get("beneficiary_id")),
		EntryDate: c.Date("entry_date"), ExitDate: c.Date("exit_date"),
		LabourStatus: socialsvc.LabourStatus(strings.ToLower(c.Get("labour_status"))),
		Disability:   parseAnswer(c, "disability"), ThirdCountryNational: parseAnswer(c, "third_country_national"),
		ForeignBackground: parseAnswer(c, "foreign_background"), Minority: parseAnswer(c, "minority"),
		Homeless: parseAnswer(c, "homeless"), Rural: parseAnswer(c, "rural"),
	}
	if c.Get("isced") != "" {
		n := c.Int("isced")
		p.ISCED = &n
	}
	results := func(source string, cols []string, outcomes []socialsvc.Outcome) []socialsvc.Result {
		var out []socialsvc.Result
		src := socialsvc.ResultSource(strings.ToLower(c.Get(source)))
		for i, col := range cols {
			if c.Get(col) == "" {
				continue
			}
			out = append(out, socialsvc.Result{Outcome: outcomes[i], ObservedOn: c.Date(col), Source: src})
		}
		switch {
		case len(out) > 0 && src == "":
			c.Fail(source, "required", "err.result_source.required", nil)
		case src != "" && !src.Valid():
			c.Fail(source, "oneof", "err.source.oneof", nil)
		}
		return out
	}
	p.ExitSituation = results("exit_source", []string{"exit_job_searching", "exit_in_education", "exit_qualification", "exit_employed"},
		[]socialsvc.Outcome{socialsvc.OutcomeJobSearching, socialsvc.OutcomeInEducation, socialsvc.OutcomeQualification, socialsvc.OutcomeEmployed})
	p.SixMonthSituation = results("six_month_source", []string{"six_month_employed", "six_month_improved"},
		[]socialsvc.Outcome{socialsvc.OutcomeEmployed, socialsvc.OutcomeImproved})
	return p
}

// checkParticipations refuses, with Options.Org set, a beneficiary of
// another organisation, as an editor's API call is refused; the store
// checks the rest.
func checkParticipations(ctx context.Context, st store.Store, env *Env, recs []Record[socialsvc.Participation]) error {
	if env.Options.Org == "" {
		return nil
	}
	orgOf := map[socialsvc.BeneficiaryID]socialsvc.OrgID{}
	for _, r := range recs {
		id := r.Value.BeneficiaryID
		org, ok := orgOf[id]
		if !ok {
			b, err := st.GetBeneficiary(ctx, id)
			switch {
			case socialsvc.ErrorCode(err) == socialsvc.NotFound:
			case err != nil:
				return err
			default:
				org = b.OrgID
			}
			orgOf[id] = org
		}
		if org != "" && org != env.Options.Org {
			env.Fail(r.Line, "beneficiary_id", "forbidden", "err.beneficiary_id.forbidden", nil)
		}
	}
	return nil
}

// saveParticipations writes participations, all or none, in one
// transaction, with the store's rules (store.CheckParticipation: the
// beneficiary is a partner's, no overlap with a stored participation) and
// no two rows of the file overlapping each other. Every row is checked
// before any is written, so that one report lists the errors of the whole
// file.
func saveParticipations(ctx context.Context, st store.Store, rows iter.Seq[socialsvc.Participation]) (int, error) {
	n := 0
	err := st.WithTx(ctx, func(tx store.Store) error {
		ps, err := store.AsParticipations(tx)
		if err != nil {
			return err
		}
		var errs store.RowErrors
		var good []socialsvc.Participation
		var at []int
		earlier := map[socialsvc.BeneficiaryID][]socialsvc.Participation{}
		i := 0
		for p := range rows {
			i++
			if err := ctx.Err(); err != nil {
				return err
			}
			c := p.Clone()
			if err := store.CheckParticipation(ctx, tx, nil, &c); err != nil {
				if err := errs.Add(i, err); err != nil {
					return err
				}
				continue
			}
			overlaps := false
			for _, o := range earlier[p.BeneficiaryID] {
				overlaps = overlaps || store.Overlap(&o, &p)
			}
			earlier[p.BeneficiaryID] = append(earlier[p.BeneficiaryID], p)
			if overlaps {
				_ = errs.Add(i, &socialsvc.Error{Code: socialsvc.Conflict, Message: "the beneficiary already takes part in the project in this time",
					Fields: []socialsvc.FieldError{socialsvc.NewFieldError("entry_date", "overlap", "err.entry_date.overlap", nil)}})
				continue
			}
			good, at = append(good, p), append(at, i)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		for j := range good {
			if err := ps.CreateParticipation(ctx, &good[j]); err != nil {
				var one store.RowErrors
				if e := one.Add(at[j], err); e != nil {
					return e
				}
				return one.Err()
			}
		}
		n = len(good)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
