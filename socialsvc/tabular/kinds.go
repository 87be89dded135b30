package tabular

import (
	"context"
	"iter"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

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
		{Name: "event_id", Required: true, Hint: "import.hint.id", HintRequired: true, Example: "radionica-2024-03"},
		{Name: "beneficiary_id", Required: true, Hint: "import.hint.id", HintRequired: true, Example: "k-0001"},
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
		{Name: "id", Hint: "import.hint.id_optional", Example: "k-0001"},
		{Name: "org_id", Hint: "import.hint.org_id", Example: "udruga-most"},
		{Name: "reference", Hint: "import.hint.reference", Example: "K-2024-001"},
		{Name: "household", Hint: "import.hint.household", Example: "ne"},
		{Name: "gender", Hint: "import.hint.gender", Example: "female"},
		{Name: "birth_year", Hint: "import.hint.birth_year", Example: "1980"},
		{Name: "age_band", Hint: "import.hint.age_band", HintArgs: map[string]any{"Values": joinEnum(socialsvc.AgeBands)}, Example: ""},
		{Name: "region", Hint: "import.hint.region", Example: "HR050"},
		{Name: "target_groups", Hint: "import.hint.target_groups", Example: "women|long_term_unemployed"},
		{Name: "legal_basis", Required: true, Hint: "import.hint.legal_basis", HintRequired: true, Example: "public_task"},
		{Name: "consent_date", Hint: "import.hint.date", Example: "15.01.2024."},
		{Name: "retain_until", Required: true, Hint: "import.hint.date_required", Example: "31.12.2034."},
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
		{Name: "id", Hint: "import.hint.id_optional", Example: "tr-2024-0001"},
		{Name: "partner_id", Required: true, Hint: "import.hint.id", HintRequired: true, Example: "udruga-most"},
		{Name: "category", Required: true, Hint: "import.hint.codes", HintArgs: map[string]any{"Values": joinEnum(socialsvc.CostCategories)}, HintRequired: true, Example: "staff"},
		{Name: "period", Hint: "import.hint.period", Example: "1"},
		{Name: "date", Required: true, Hint: "import.hint.date_required", Example: "15.03.2024."},
		{Name: "description", Hint: "import.hint.text", Example: "Plaća koordinatorice, ožujak"},
		{Name: "amount", Required: true, Hint: "import.hint.amount", HintRequired: true, Example: "1234,56"},
		{Name: "currency", Hint: "import.hint.currency_hrk", Example: "EUR"},
		{Name: "rate", Hint: "import.hint.rate", Example: ""},
		{Name: "rate_date", Hint: "import.hint.rate_date", Example: ""},
		{Name: "rate_source", Hint: "import.hint.rate_source", Example: ""},
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
		{Name: "id", Hint: "import.hint.id_optional", Example: "pr1-0001"},
		{Name: "category", Required: true, Hint: "import.hint.codes", HintArgs: map[string]any{"Values": joinEnum(socialsvc.CostCategories)}, HintRequired: true, Example: "staff"},
		{Name: "description", Hint: "import.hint.text", Example: "Plaća koordinatorice, ožujak"},
		{Name: "amount", Hint: "import.hint.amount_paid", Example: "1234,56"},
		{Name: "currency", Hint: "import.hint.currency_gbp", Example: "EUR"},
		{Name: "cost_option", Hint: "import.hint.cost_option", Example: ""},
		{Name: "units", Hint: "import.hint.units", Example: ""},
		{Name: "invoice_number", Hint: "import.hint.text", Example: "R-7/2024"},
		{Name: "invoice_date", Required: true, Hint: "import.hint.date_required", Example: "15.03.2024."},
		{Name: "payment_date", Hint: "import.hint.date", Example: "31.03.2024."},
		{Name: "vat", Hint: "import.hint.vat", Example: ""},
		{Name: "vat_recoverable", Hint: "import.hint.vat_recoverable", Example: "ne"},
		{Name: "procurement_ref", Hint: "import.hint.text", Example: "JN-2024/3"},
		{Name: "internal_ref", Hint: "import.hint.text", Example: "K-33"},
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

// Participations imports ESF+ participations of the project's
// beneficiaries: one row per participation, with the data at entry and
// the results, a result being the day it was observed in its column
// (exit_qualification: the day the qualification was confirmed) and how
// it was learnt in exit_source or six_month_source. With Options.Org set,
// every beneficiary must be that organisation's.
var Participations = NewKind(Spec[socialsvc.Participation]{
	Name: "participations",
	Columns: []Column{
		{Name: "id", Hint: "import.hint.id_optional", Example: "sud-0001"},
		{Name: "beneficiary_id", Required: true, Hint: "import.hint.id", HintRequired: true, Example: "k-0001"},
		{Name: "entry_date", Required: true, Hint: "import.hint.date_required", Example: "04.03.2024."},
		{Name: "exit_date", Hint: "import.hint.exit_date", Example: "28.06.2024."},
		{Name: "labour_status", Hint: "import.hint.labour_status", HintArgs: map[string]any{"Values": joinEnum(socialsvc.LabourStatuses)}, Example: "long_term_unemployed"},
		{Name: "isced", Hint: "import.hint.isced", Example: "3"},
		{Name: "disability", Hint: "import.hint.answer", Example: "ne"},
		{Name: "third_country_national", Hint: "import.hint.answer", Example: "ne"},
		{Name: "foreign_background", Hint: "import.hint.answer", Example: "ne"},
		{Name: "minority", Hint: "import.hint.answer", Example: "odbijeno"},
		{Name: "homeless", Hint: "import.hint.answer", Example: "ne"},
		{Name: "rural", Hint: "import.hint.rural", Example: "da"},
		{Name: "exit_job_searching", Hint: "import.hint.exit_result", Example: "28.06.2024."},
		{Name: "exit_in_education", Hint: "import.hint.exit_result", Example: ""},
		{Name: "exit_qualification", Hint: "import.hint.exit_result", Example: "28.06.2024."},
		{Name: "exit_employed", Hint: "import.hint.exit_employed", Example: ""},
		{Name: "exit_source", Hint: "import.hint.exit_source", Example: "asked"},
		{Name: "six_month_employed", Hint: "import.hint.six_month_employed", Example: "15.01.2025."},
		{Name: "six_month_improved", Hint: "import.hint.six_month_improved", Example: ""},
		{Name: "six_month_source", Hint: "import.hint.six_month_source", Example: "register"},
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
