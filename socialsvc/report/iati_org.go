package report

import (
	"cmp"
	"context"
	"encoding/xml"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// IATIOrgFileOptions configure the IATI organisation file.
type IATIOrgFileOptions struct {
	// OrgRef returns the IATI organisation identifier of an
	// organisation; socialsvc.OrgIdentifier when nil.
	OrgRef func(socialsvc.Organisation) string
	// Now dates the file; time.Now when nil.
	Now func() time.Time
}

// IATIOrganisation is one iati-organisation element (IATI 2.03
// organisation standard), a plain value that encoding/xml writes in the
// order the schema requires.
type IATIOrganisation struct {
	XMLName          xml.Name             `xml:"iati-organisation"`
	LastUpdated      string               `xml:"last-updated-datetime,attr,omitempty"`
	Lang             string               `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	DefaultCurrency  string               `xml:"default-currency,attr,omitempty"`
	Identifier       string               `xml:"organisation-identifier"`
	Name             IATIText             `xml:"name"`
	ReportingOrg     IATIReportingOrg     `xml:"reporting-org"`
	TotalBudgets     []IATIOrgBudget      `xml:"total-budget"`
	TotalExpenditure []IATIOrgExpenditure `xml:"total-expenditure"`
}

// IATIOrgBudget is the organisation's total budget of one calendar year
// in one currency (status 1 indicative, 2 committed).
type IATIOrgBudget struct {
	Status      string         `xml:"status,attr,omitempty"`
	PeriodStart IATIPeriodDate `xml:"period-start"`
	PeriodEnd   IATIPeriodDate `xml:"period-end"`
	Value       IATIValue      `xml:"value"`
}

// IATIOrgExpenditure is the organisation's total expenditure of one
// calendar year in one currency.
type IATIOrgExpenditure struct {
	PeriodStart IATIPeriodDate `xml:"period-start"`
	PeriodEnd   IATIPeriodDate `xml:"period-end"`
	Value       IATIValue      `xml:"value"`
}

// IATIOrganisationFile builds the IATI organisation record of org over
// the activities it publishes: the projects of its portfolio (Portfolio)
// in which it is the lead partner, as IATI's activity export makes the
// lead partner the reporting organisation. For each calendar year and
// currency it gives
//
//   - the total budget: each project's budget per reporting period (and
//     its budget without a period) split by calendar year with
//     socialsvc.SplitByYear (by days, to the cent), committed (status 2)
//     for contracted, running and closed projects and indicative (1) for
//     those not yet contracted; rejected and withdrawn projects have no
//     budget;
//   - the total expenditure: the portfolio's expenditure per year
//     (PortfolioOf over those projects).
//
// An organisation without an IATI identifier (socialsvc.OrgIdentifier)
// cannot publish: an invalid error naming iati_ref.
func IATIOrganisationFile(ctx context.Context, s store.Store, org socialsvc.OrgID, o IATIOrgFileOptions) (*IATIOrganisation, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	orgRef := o.OrgRef
	if orgRef == nil {
		orgRef = socialsvc.OrgIdentifier
	}
	organisation, err := s.GetOrganisation(ctx, org)
	if err != nil {
		return nil, err
	}
	ref := orgRef(organisation)
	if ref == "" {
		return nil, socialsvc.FieldErr("iati_ref", "required",
			"err.iati_ref.required")
	}
	if err := socialsvc.CheckOrgIdentifier("iati_ref", ref); err != nil {
		return nil, err
	}
	ropts := Options{Now: now}
	pf, err := Portfolio(ctx, s, org, ropts)
	if err != nil {
		return nil, err
	}
	var ids []socialsvc.ProjectID
	for _, pp := range pf.Projects {
		if pp.Role == socialsvc.RoleLead {
			ids = append(ids, pp.ProjectID)
		}
	}
	out := &IATIOrganisation{
		Lang: "en", Identifier: ref,
		Name:         IATIText{Narratives: plain(organisation.Name)},
		ReportingOrg: IATIReportingOrg{Ref: ref, Type: IATIOrgType(organisation, organisation.Country), Narratives: plain(organisation.Name)},
	}
	if !organisation.UpdatedAt.IsZero() {
		out.LastUpdated = organisation.UpdatedAt.UTC().Format(time.RFC3339)
	}
	if len(ids) == 0 {
		return out, nil
	}

	type budgetKey struct {
		year   int
		cur    socialsvc.Currency
		status string
	}
	budgets := map[budgetKey]socialsvc.Money{}
	currencies := map[socialsvc.Currency]bool{}
	for _, id := range ids {
		p, err := s.GetProject(ctx, id)
		if err != nil {
			return nil, err
		}
		status := ""
		switch p.Status {
		case socialsvc.StatusRejected, socialsvc.StatusWithdrawn:
			continue
		case socialsvc.StatusContracted, socialsvc.StatusInImplementation, socialsvc.StatusClosed:
			status = "2"
		default:
			status = "1"
		}
		fin, err := financialFor(ctx, s, &p, Scope{}, ropts)
		if err != nil {
			return nil, err
		}
		for _, ps := range fin.Periods {
			if ps.Budget.IsZero() {
				continue
			}
			start, end := p.Start, p.End
			for _, per := range p.Periods {
				if per.Number == ps.Period {
					start, end = per.Start, per.End
				}
			}
			parts, err := socialsvc.SplitByYear(start, end, ps.Budget)
			if err != nil {
				return nil, err
			}
			for _, part := range parts {
				k := budgetKey{part.Start.Year, fin.Currency, status}
				sum, ok := budgets[k]
				if !ok {
					sum = socialsvc.Zero(fin.Currency)
				}
				if budgets[k], err = sum.Add(part.Amount); err != nil {
					return nil, err
				}
				currencies[fin.Currency] = true
			}
		}
	}
	keys := make([]budgetKey, 0, len(budgets))
	for k := range budgets {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b budgetKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.cur, b.cur), cmp.Compare(a.status, b.status))
	})
	for _, k := range keys {
		out.TotalBudgets = append(out.TotalBudgets, IATIOrgBudget{Status: k.status, PeriodStart: yearStart(k.year), PeriodEnd: yearEnd(k.year),
			Value: IATIValue{Currency: string(k.cur), ValueDate: yearStart(k.year).ISODate, Amount: budgets[k].AmountString()}})
	}

	spent, err := PortfolioOf(ctx, s, ids, ropts)
	if err != nil {
		return nil, err
	}
	years := slices.Clone(spent.ByYear)
	slices.SortStableFunc(years, func(a, b YearRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Currency, b.Currency))
	})
	for _, y := range years {
		if y.Year == 0 {
			// Expenditure is validated to lie within its project, so a
			// year-0 row means stored data broke that rule; publishing it in
			// some year would be a guess.
			if !y.Spent.IsZero() {
				return nil, &socialsvc.Error{Code: socialsvc.Conflict, Message: "expenditure of " + string(y.Currency) + " " + y.Spent.AmountString() + " is dated outside its projects' years and cannot be published by year"}
			}
			continue
		}
		out.TotalExpenditure = append(out.TotalExpenditure, IATIOrgExpenditure{PeriodStart: yearStart(y.Year), PeriodEnd: yearEnd(y.Year),
			Value: IATIValue{Currency: string(y.Currency), ValueDate: yearEnd(y.Year).ISODate, Amount: y.Spent.AmountString()}})
		currencies[y.Currency] = true
	}
	if len(currencies) == 1 {
		for c := range currencies {
			out.DefaultCurrency = string(c)
		}
	}
	return out, nil
}

func yearStart(y int) IATIPeriodDate { return IATIPeriodDate{strconv.Itoa(y) + "-01-01"} }
func yearEnd(y int) IATIPeriodDate   { return IATIPeriodDate{strconv.Itoa(y) + "-12-31"} }

type iatiOrganisations struct {
	XMLName       xml.Name            `xml:"iati-organisations"`
	Version       string              `xml:"version,attr"`
	Generated     string              `xml:"generated-datetime,attr,omitempty"`
	Organisations []*IATIOrganisation `xml:"iati-organisation"`
}

// WriteIATIOrganisations writes an iati-organisations document (version
// 2.03) holding the organisations; generated, when not zero, is its
// generated-datetime. The schema needs at least one organisation: none is
// an invalid error.
func WriteIATIOrganisations(w io.Writer, generated time.Time, orgs ...*IATIOrganisation) error {
	if len(orgs) == 0 {
		return socialsvc.FieldErr("organisations", "required", "err.organisations.required")
	}
	doc := iatiOrganisations{Version: IATIVersion, Organisations: orgs}
	if !generated.IsZero() {
		doc.Generated = generated.UTC().Format(time.RFC3339)
	}
	return writeXMLDoc(w, doc)
}

func writeXMLDoc(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
