package tabular

import (
	"context"
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
