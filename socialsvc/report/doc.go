// Package report computes the reports that funders, city councils and
// project managers ask for, from the domain types (package socialsvc) and
// the store interfaces (package store), and renders them as JSON, CSV,
// XLSX, HTML, PDF and IATI 2.03 XML.
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
//     are the sums of the partners' rounded shares); flat-rate lines on
//     the budget (with a check against the rate) and on spending: a
//     category a flat rate computes counts as spent the rate on its
//     reported base (socialsvc.ComputeFlatRates), shown beside that base;
//     unit costs and lump sums budgeted and claimed; warnings for a
//     category overspent beyond the flexibility margin, a partner over its
//     total and expenditure dated outside the project; expenditure paid in other currencies, in
//     the project currency at the rates stored with each line. When a
//     project with a Croatian region or partner lies in the dual-display
//     window (5.9.2022 – 31.12.2023, socialsvc.OverlapsDualDisplay), or
//     any project holds kuna expenditure, every amount also has its kuna
//     value, each line
//     converted on its own, and DualCheck shows the difference between the
//     sum of the converted lines and the converted total.
//   - Indicators: baseline, target, achieved and percent of target,
//     overall and by period (with cumulative values); computed indicators
//     recomputed from events and attendance (or participations) with the records behind them
//     (event IDs, attendance records, reported head counts); warnings for
//     a result above the output it depends on and for measurements that
//     differ from the recomputed value.
//   - Beneficiaries: unique individuals and visits by target group, age
//     band, region and period, each by gender, through the disclosure
//     control below. Rows are the project's declared target groups and
//     regions and the fixed age bands, each with one "other or not
//     declared" bucket; erased people count in totals and that bucket
//     only.
//   - Participants (ParticipantsOf, PortfolioParticipants; the store
//     must hold store.Participations): the ESF+ common indicators
//     EECO01–EECO17 and EECR01–EECR06 by gender (women, men, non-binary,
//     total) over the participations whose entry date lies in the scope,
//     exact and confidential for the programme and the project's
//     partners, through the disclosure control below for everyone else,
//     with the distinct people behind each figure as its contributors.
//     Indicators computed from participations (socialsvc.CountParticipants)
//     take their figures from the same computation and release.
//   - Portfolio: every project of an organisation, with totals per
//     currency by fund, status, year and region, and indicators summed
//     across projects where code and unit agree.
//   - The reporting cycle (socialsvc's PartnerReport to Payment; the
//     store must be a store.Cycle): PartnerReportOf gives a partner
//     report's declared, certified and deducted amounts by cost category
//     (flat rates computed by socialsvc.SumPartnerReport from the declared
//     resp. certified lines), its lines with the controller's decisions
//     and the deductions by error type; ControlCertificateOf the
//     certificate of a certified report (control body, date, sample,
//     totals and the signed statement); ProjectReportOf a project report's
//     partner reports and totals; PaymentStatementOf a project's payments
//     per partner and fund with the advances they settle. The financial
//     report's Cycle adds each partner's declared, certified and paid
//     amounts beside budget and spent. These hold exact amounts and no
//     personal data; they are for the partners, their controllers and the
//     programme. Their labels are the catalogue area cyclereports.
//
// Each takes Options (language, a reporting period or a date range, a
// clock, and which figures to compute: Disclosure). Bad input is an *socialsvc.Error: not_found for an unknown
// project or organisation, invalid for a period the project does not
// have, an empty date range, or amounts that cannot be expressed in the
// project currency. Missing data is not an error: a project without
// budget or attendance gives a report whose Notes say why it is empty.
//
// # Disclosure control
//
// Every figure of people that leaves the library for the public or for
// another organisation (the beneficiary report in every format, the
// dashboard, indicator values that count people or visits, IATI actual
// values, portfolio sums) is computed by one protection layer, and is
// the default (Options.Disclosure Protected). Options.Disclosure Exact
// gives exact counts for any period or range, for the programme (admins)
// and the project's own partners only; such reports are marked
// confidential in every format (Header.Confidential, the first line of
// every CSV, the first row of the XLSX info sheet, a banner in HTML).
//
// The rules (DOMAIN.md, "Statistical disclosure control"):
//
//   - Threshold on contributors: a figure is published only when at
//     least MinCount (5) distinct people stand behind it, whatever it
//     counts; 12 visits by 3 people is a figure of 3 ("<5", reason
//     primary). Zeros are published: nobody stands behind them.
//   - No derivation across releases. The method is a fixed family of
//     public releases with complementary suppression chosen over the
//     family at once and an audit by linear programming. The family is
//     the whole project and each reporting period (each calendar year for
//     a project without periods); Protected Options can ask for nothing
//     else: another period, or a from/to that is not exactly a release's
//     dates, is an invalid error naming the parameter, never another
//     table. Every figure of every release, and the figures of events
//     outside every release (never published one by one), is one
//     quantity of one model, with the relations an attacker knows:
//     genders, age bands and regions partition people and visits; target
//     groups overlap (each lies below the column total, which lies below
//     their sum); visits of the whole project are the sum of the
//     releases', its individuals lie between the largest release and the
//     sum (a person comes in several periods); visits are at least
//     individuals, cell by cell; indicators lie below, or for every event
//     type equal, the totals of their scope; everything is non-negative.
//     Suppression is per figure key, for individuals and visits alike
//     (the same people stand behind both).
//   - Block step first. A figure withheld to protect others must be
//     protected like a small one (the audit criterion below holds for
//     every withheld figure), and a withheld 35 needs room of 30 that no
//     single figure beside it gives. So small figures of the tables are
//     protected by whole lines: a row of a dimension (with its gender
//     columns and total) or a gender column (in every table, with its
//     total), withheld in every release of the family and in the totals
//     of events outside them, together with a second line of its kind
//     (the smallest). The people of one line can then be moved into the
//     other in every release at once without changing a published
//     figure, so every figure on both lines, "<5" or "x", keeps a range
//     that holds 0. A small row total blocks its row, a small gender
//     total its column; the other small cells are covered greedily by the
//     line that covers most of them per figure it withholds (on Social
//     Atelier: the columns "other" and "not recorded", which hold small
//     cells in nearly every row, and three target groups). Target groups
//     overlap: a lone blocked group is not derived from its column totals
//     and is left to the audit as single figures, and a group's moves are
//     kept only where they fit below the column totals. Each move (and
//     for a target group the points that set its withheld figures to the
//     column totals or to 0) is a seed: a point checked exactly against
//     every relation, which is the audit's evidence without an LP.
//   - The audit then computes, with the simplex method (lp.go), the range
//     of every checked figure the seeds do not settle (in a large system
//     first within the 40 unknowns nearest to it, the others held at
//     their true values: any point found there is a point of the whole
//     system). A narrowed figure of 1 to 4 people gets the published
//     figure beside it that gives it the room it lacks (the classic pass
//     over the additive relations has withheld the obvious ones); a
//     narrowed "x" figure, or a narrowed indicator figure, has its whole
//     line (row, then column; an indicator's figures in every release)
//     blocked, and the protection starts over with it. Withholding more
//     only widens ranges, and there are finitely many lines, so this
//     ends. A system of more than 250 unknowns that the seeds do not
//     settle is not solved (the dense simplex takes tens of seconds on
//     one). The protection then starts over once more with every gender
//     column blocked, a coarser release whose totals and row totals stay
//     published: the moves between the columns settle nearly every
//     figure, and the release is audited like any other. Only when that
//     does not finish either does it fall back to withholding every
//     figure, which is safe by construction. The seed projects never
//     need either; of the 200 tiny random projects of the property tests
//     (up to 60 people spread evenly over four genders and several
//     periods, so nearly every line holds small cells) 21 get the
//     coarser release (11 to 51 people) and 41 fall back (1 to 50
//     people), where 62 fell back before there was a coarser release
//     (TestCoarserReleaseWhenTheAuditCannotFinish).
//   - Audit criterion, precisely: every withheld figure that a release
//     shows, "<5" or "x", whatever it counts (people, visits, an
//     indicator value), and every figure that 1 to 4 people stand behind
//     and no release shows (the hidden scope), must keep a range that
//     holds 0, or holds 5, given every published figure, the relations
//     above and non-negativity. A figure passes on evidence: a feasible
//     point with it at 0, or points with it at most 5 and at least 5 (5
//     lies between them, the feasible set being convex); the true
//     figures are one such point, and so are the seeds. The other points
//     are where the simplex (floating point) stopped, and count only once
//     they are checked exactly: scaled by a small common denominator (1,
//     2, ..., 27720), rounded to integers, every relation verified in
//     integer arithmetic; a figure unbounded above needs a direction
//     checked the same way. A figure without exact evidence is treated as
//     narrowed (withholding more is the safe side), so a rounding error
//     of the simplex can cost a published figure but cannot publish a
//     release that narrows one.
//     A withheld figure that the published ones determine (its smallest
//     and largest values are the same integer: a zero the margins reveal)
//     protects nobody and is published (publishDetermined): publishing it
//     adds nothing an attacker does not know. A figure that an equality
//     with one unknown left fixes, or that a relation leaving its
//     unknowns no room fixes at 0 (a withheld part of a published 0), is
//     determined exactly, one relation after another (propagate). In a
//     system of up to 150 unknowns the others are bounded by LP: a seed,
//     or any point a bound stops at, that has a candidate at a value 1 or
//     more from its own rules it out, and the sums of all candidates are
//     bounded first. As that rests on floating-point bounds, the audit
//     then runs once more over every checked figure with exactly checked
//     evidence, and if it would not confirm every one nothing is
//     published this way; in a larger system only the exactly propagated
//     figures are.
//     The cumulative value of an indicator of people to the end of a
//     period after the first (the Achieved of that period's indicator
//     report, and the Cumulative of its row) is a figure of the release
//     of its own, related to the periods' values (at least the
//     cumulative value before it and the period's, at most their sum; the
//     last one between the whole project less the hidden scope and the
//     whole project; visits add up): a cumulative value of 1 to 4 people
//     is "<5" and audited, one of 5 or more is published unless the audit
//     withholds it.
//     The property test asks the range of every withheld figure: over
//     its default 12 data sets (53 beneficiary reports, 53 indicator
//     reports, 12 IATI files, 24 portfolios) 3,006 figures, 1,762 "<5"
//     and 1,244 "x", none narrowed.
//   - The audit is bounded: after 200 rounds (auditRoundLimit), if a
//     narrowed figure has nothing left beside it to withhold, or if it
//     needs an LP beyond auditLimit (above), the release is the coarser
//     one with every gender column withheld; if its audit does not
//     finish either, the release falls back to withholding every figure
//     it would publish ("x";
//     the "<5" ones stay "<5"). With nothing published every relation
//     has a zero right-hand side, so the point with every figure at 0 is
//     feasible and every range holds 0: the coarse release is safe by
//     construction, never one that narrows a figure
//     (TestAuditRoundLimitFallsBack). Social Atelier needs 1 round.
//   - Why this method and not the cell key method: published figures stay
//     exact (funders add them up and compare them with the indicators),
//     tables add up, and the guarantee is checked, not statistical: the
//     property test TestAttackerCannotNarrowWithheldCells collects every
//     public output an anonymous caller can get (the beneficiary report
//     and the indicator report of every filter it tries, the IATI
//     file's actual values, the organisation's portfolio and a portfolio
//     of the project) and attacks them in one linear program written
//     apart from the library's; TestAttackerNarrowsPerResponseSuppression
//     shows that the same attacker does narrow cells of suppression that
//     is consistent inside each response only (the library before the
//     release family: the 3 Roma women are found exactly). The
//     price is that anonymous callers get only the fixed family, and
//     that protecting a project solves LPs (see
//     BenchmarkProtectSocialAtelier and BenchmarkProtectTenPeriods,
//     which report the rounds and LPs of the audit besides the time).
//     The simplex is dense but pivots over the non-zero entries of the
//     pivot row only (the relations name a few figures each), and an
//     audited figure whose true value is 5 or more needs no LP for its
//     upper bound (the true figures are a feasible point).
//   - Marks: "<5" for a figure of 1 to 4 people, "x" for one withheld to
//     protect others, each table saying what its marks mean; JSON has
//     {"suppressed":true,"reason":"primary"|"complementary"} and no
//     value, indicator values null with a *_withheld reason.
//
// # One renderer per format
//
// Every report implements Report: its Header, its sections as Tables of
// typed cells (text, money, count, decimal, percent, date, suppressed)
// and its Charts. WriteCSV, WriteXLSX, WriteHTML and WritePDF render any
// Report, so a new report gets every format and a new format serves every
// report.
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
// {"suppressed":true,"reason":"primary","display":"<5"} and
// {"suppressed":true,"reason":"complementary","display":"x"} when
// withheld: the withheld value is not in the report at all.
//
// # CSV, XLSX, HTML
//
// Every table has a stable ID (TableIDs lists them per kind: financial
// lines, partners, categories, periods, cofinancing, funds, flat_rates,
// cost_options, conversions, planning_rate, cycle, dual_check; indicators
// indicators, indicator_periods, indicator_sources; beneficiaries
// summary and individuals_by_ / visits_by_ target_group, age_band,
// region, period; portfolio projects, totals, by_fund, by_status,
// by_year, by_region, indicators).
//
// WriteCSV writes one table as a flat file a spreadsheet filters and
// sorts: a header row and the rows, nothing stacked above or below. The
// table is chosen by ID; none chosen is the report's main table
// (MainTable: lines, indicators, individuals_by_target_group,
// projects). WriteCSVZip writes every table at once, one CSV per table,
// with an info file holding the titles, notes, legends and warnings.
// Every CSV starts with a UTF-8 byte-order mark; CSVOptionsFor gives the
// dialect Excel opens correctly in the reader's locale (';' separators
// and decimal commas for hr, sl, sr-Latn, sq). FileName names a download
// (CSV, ZIP, XLSX, PDF) after its subject, report, table and language
// (2SoKroG-financial-partners-sl.csv); ASCIIFileName folds it for the
// plain filename of Content-Disposition.
//
// WriteXLSX writes one sheet per table with excelize's StreamWriter:
// sheets named within Excel's 31 characters, never cut inside a word; an
// autofilter on every table; numbers stored as numbers, amounts with
// currency formats, counts as grouped integers and years ungrouped
// (2018); codes shown with their labels (a fund's kind by name); frozen
// header rows; fitted column widths. WriteHTML writes a print-friendly
// page with accessible tables and inline SVG charts, without
// JavaScript, from templates embedded in the package. Its print rules fit A4 in either orientation: tables of seven columns
// or more print in a smaller type (amounts may wrap between currency and
// number) on pages of their own that are landscape where the browser
// supports named pages (@page wide), so that the last column is never
// cut off even on portrait paper; headers repeat on every page and no row
// is split (TestPrintA4Unclipped checks this in Chromium).
//
// # PDF
//
// WritePDF writes an A4 document with github.com/go-pdf/fpdf, pure Go,
// chosen over github.com/signintech/gopdf because it has what a report
// needs built in: UTF-8 TrueType fonts subset into the file with a
// ToUnicode map (so the text can be searched and extracted), per-page
// orientation, an alias for the page count ("Page 2 of 5"), outlines and
// document metadata (/Lang, dates); gopdf would need page counting and
// orientation changes written by hand. The layout (column widths,
// portrait or landscape per table, page breaks with repeated headings,
// the bar charts) is this package's, measured with the fonts' own
// advance widths, and does not use fpdf's automatic page breaks. The
// fonts are the Go fonts (golang.org/x/image/font/gofont, BSD licence,
// GO-FONTS-LICENSE beside this file): they cover WGL4 (Latin-1, Latin
// Extended-A, Greek, Cyrillic, €), so every letter of Croatian,
// Slovenian, Serbian in Latin script, Albanian and English, and add
// 300 kB to a binary for two faces, where DejaVu Sans would add 1.4 MB.
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
