// Package report computes the reports that funders, city councils and
// project managers ask for, from the domain types (package socialsvc) and
// the store interfaces (package store), and renders them as JSON, CSV,
// XLSX, HTML and IATI 2.03 XML.
//
// Reports are plain Go values first, rendered second, so that they are
// easy to test and to embed in another program:
//
//	rep, err := report.Financial(ctx, s, projectID, report.Options{Lang: socialsvc.HR})
//	// rep.Total.Budget, rep.Funding.Funds, rep.Lines ... are values
//	err = report.WriteHTML(w, rep, socialsvc.HR)
//
// # Reports
//
//   - Financial: budget against expenditure by partner × cost category ×
//     period, with subtotals by partner, category and period; remaining
//     budget and absorption (spent / budget, in percent); the co-financing
//     table of socialsvc.ComputeFunding, rendered as computed (fund totals
//     are the sums of the partners' rounded shares); flat-rate lines with
//     a check against the rate; expenditure paid in other currencies, in
//     the project currency at the rates stored with each line. When a
//     project with a Croatian region or partner lies in the dual-display
//     window (5.9.2022 – 31.12.2023, socialsvc.OverlapsDualDisplay), or
//     any project holds kuna expenditure, every amount also has its kuna
//     value, each line
//     converted on its own, and DualCheck shows the difference between the
//     sum of the converted lines and the converted total.
//   - Indicators: baseline, target, achieved and percent of target,
//     overall and by period (with cumulative values); computed indicators
//     recomputed from events and attendance with the records behind them
//     (event IDs, attendance records, reported head counts); warnings for
//     a result above the output it depends on and for measurements that
//     differ from the recomputed value.
//   - Beneficiaries: unique individuals and visits by target group, age
//     band, region and period, each by gender, with small-cell suppression
//     (see Suppress): no count below 5 is ever published, and no withheld
//     count can be derived from the totals. Erased people count in totals
//     and in the "unknown or erased" bucket only.
//   - Portfolio: every project of an organisation, with totals per
//     currency by fund, status, year and region, and indicators summed
//     across projects where code and unit agree.
//
// Each takes Options (language, a reporting period or a date range, a
// clock). Bad input is an *socialsvc.Error: not_found for an unknown
// project or organisation, invalid for a period the project does not
// have, an empty date range, or amounts that cannot be expressed in the
// project currency. Missing data is not an error: a project without
// budget or attendance gives a report whose Notes say why it is empty.
//
// # One renderer per format
//
// Every report implements Report: its Header, its sections as Tables of
// typed cells (text, money, count, decimal, percent, date, suppressed)
// and its Charts. WriteCSV, WriteXLSX and WriteHTML render any Report, so
// a new report gets every format and a new format serves every report.
// WriteJSON writes the report value itself.
//
// # JSON
//
// Field names are snake_case and stable (they change only by addition).
// The header fields (kind, project_id, acronym, title, lang, scope,
// generated_at, notes, warnings) are at the top level of every report.
// Money is {"amount":"1234.56","currency":"EUR"} with the amount as a
// string; decimals (indicator values, rates, percentages) are strings;
// dates are "2006-01-02"; absorption and percent of target are null
// where the base is zero. Published counts are {"value":12}, or
// {"suppressed":true,"display":"<5"} when withheld: the withheld value is
// not in the report at all.
//
// # CSV, XLSX, HTML
//
// WriteCSV writes UTF-8 CSV, or with CSVOptions.Croatian the dialect
// Excel opens correctly in a Croatian locale (';' separators, decimal
// commas, a byte-order mark). WriteXLSX writes one sheet per table with
// excelize's StreamWriter: numbers stored as numbers with currency and
// percent formats, frozen header rows, fitted column widths. WriteHTML
// writes a print-friendly page with accessible tables and inline SVG
// charts, without JavaScript, from templates embedded in the package.
//
// # IATI
//
// IATI builds the IATI 2.03 activity of a project (IATIActivity, a value
// encoding/xml writes in schema order) and WriteIATI writes an
// iati-activities file. The output validates against the 2.03 schema;
// the lifecycle maps to activity-status (draft, submitted, approved: 1;
// contracted, in implementation: 2, or 3 after the end date; closed: 4;
// rejected, withdrawn: 5); NUTS regions are written as locations, as IATI
// has no NUTS vocabulary; expenditure becomes transactions of type 4 per
// partner and period.
//
// Organisation identifiers come from org-id.guide registers
// (socialsvc.OrgIdentifier: an organisation's registered iati_ref, else
// HR-OIB, SI-TIN, RS-PIB or NO-BRC from its tax identifier); an
// organisation without one is named without @ref, and a project whose
// reporting organisation has none cannot be exported (no prefix is
// invented). A fund's iati_ref is its funder's published identifier. The
// iati-identifier is the reporting organisation's identifier, "-", and the
// project ID, which does not change when the acronym is edited. Planned
// dates (types 1 and 3) are the contract's, Project.ContractEnd before any
// modification; actual ones (2 and 4) what happened, extensions included.
// A budget covers at most a year: longer ones are split by calendar year
// with socialsvc.SplitByYear (by days, to the cent, remainder to the last
// year).
//
// IATIOrganisationFile builds the iati-organisation record of an
// organisation over the projects it leads (those it publishes): total
// budget and total expenditure per calendar year and currency, from its
// portfolio; WriteIATIOrganisations writes the iati-organisations file.
//
// The tests hold the IATI 2.03 schemas, the codelists the exports use and
// the Standard ruleset (IATI-Rulesets' standard.json) in
// testdata/iati, with their licences, and check every seed project's
// export against all three.
package report
