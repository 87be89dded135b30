package report

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Options select what a report covers and how it is labelled.
type Options struct {
	// Lang is the language the report is meant for, recorded in the
	// header: any of i18n.Languages (hr, en, sl, sr-Latn, sq), the closest
	// of them for other tags ("sl-SI"), English when empty or unknown.
	// Renderers take a language of their own, so one report value can be
	// rendered in every language.
	Lang socialsvc.Lang
	// Period restricts the report to one reporting period (1, 2, ...);
	// 0 means the whole project.
	Period int
	// From and To restrict dated records (expenditure by its date, events
	// by their start) to a range, both inclusive; zero means open.
	From, To socialsvc.Date
	// Now returns the time recorded as the report's generation time;
	// time.Now when nil. Tests set it for reproducible output.
	Now func() time.Time
	// TargetGroups labels target groups; DefaultTargetGroups when nil.
	TargetGroups *socialsvc.TargetGroupCatalogue
	// Disclosure selects the protected public release (the default) or
	// exact counts, for the programme and the project's own partners
	// only. Reports with exact counts of people are marked confidential.
	Disclosure Disclosure
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) catalogue() *socialsvc.TargetGroupCatalogue {
	if o.TargetGroups != nil {
		return o.TargetGroups
	}
	return socialsvc.DefaultTargetGroups()
}

// lang is the shipped language closest to Options.Lang, English when it
// is empty or unknown.
func (o Options) lang() socialsvc.Lang { return socialsvc.ParseLang(string(o.Lang)) }

// Kind names a report kind.
type Kind string

// Report kinds.
const (
	KindFinancial     Kind = "financial"
	KindIndicators    Kind = "indicators"
	KindBeneficiaries Kind = "beneficiaries"
	KindPortfolio     Kind = "portfolio"
)

// Note is an explanation or warning attached to a report. Code is stable
// and machine-readable (e.g. "no_budget", "indicator_mismatch"); Messages
// holds the text in every shipped language (socialsvc/i18n), Message and
// MessageHR repeat the English and the Croatian one for readers of the
// first JSON format. Notes never carry personal data.
type Note struct {
	Code      string                    `json:"code"`
	Message   string                    `json:"message"`
	MessageHR string                    `json:"message_hr"`
	Messages  map[socialsvc.Lang]string `json:"messages,omitempty"`
}

// Text returns the note in lang: its text in that language, else the
// Croatian one for hr, else the English one.
func (n Note) Text(lang socialsvc.Lang) string {
	if t := n.Messages[lang]; t != "" {
		return t
	}
	if lang == socialsvc.HR && n.MessageHR != "" {
		return n.MessageHR
	}
	return n.Message
}

// newNote writes the catalogue message id in every shipped language, with
// args formatted for each (noteArg); count, when not nil, picks the CLDR
// plural form and fills {{.Count}}.
func newNote(code, id string, count *int, args map[string]any) Note {
	n := Note{Code: code, Messages: make(map[socialsvc.Lang]string, len(i18n.Languages()))}
	for _, l := range i18n.Languages() {
		data := make(map[string]any, len(args))
		for k, v := range args {
			data[k] = noteArg(v, l)
		}
		if count != nil {
			n.Messages[l] = i18n.Nf(l, id, *count, data)
		} else {
			n.Messages[l] = i18n.Tf(l, id, data)
		}
	}
	n.Message, n.MessageHR = n.Messages[socialsvc.EN], n.Messages[socialsvc.HR]
	return n
}

// prefixed returns n with p before its text in every language.
func (n Note) prefixed(p string) Note {
	out := Note{Code: n.Code, Message: p + n.Message, MessageHR: p + n.MessageHR}
	if n.Messages != nil {
		out.Messages = make(map[socialsvc.Lang]string, len(n.Messages))
		for l, t := range n.Messages {
			out.Messages[l] = p + t
		}
	}
	return out
}

// percentArg is a percentage for a note ("15" for 15 %).
type percentArg decimal.Decimal

// decimalText is a plain decimal number for a note, written with its
// decimals as given ("7.53450").
type decimalText string

// noteArg formats one argument of a note for lang: amounts, dates,
// decimals and percentages by lang's CLDR formats, codes with labels by
// their label in lang.
func noteArg(v any, lang socialsvc.Lang) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case socialsvc.Money:
		return formatMoney(v, lang)
	case socialsvc.Date:
		return formatDate(v, lang)
	case decimal.Decimal:
		return formatDecimal(v, lang)
	case percentArg:
		return i18n.FormatPercent(lang, decimal.Decimal(v).String())
	case decimalText:
		return i18n.FormatDecimal(lang, string(v))
	case interface{ Label(socialsvc.Lang) string }:
		return v.Label(lang)
	}
	return fmt.Sprint(v)
}

// Scope records what a report covers.
type Scope struct {
	// Period is the reporting period, 0 for the whole project.
	Period int `json:"period"`
	// PeriodStart and PeriodEnd are the dates of Period.
	PeriodStart socialsvc.Date `json:"period_start,omitzero"`
	PeriodEnd   socialsvc.Date `json:"period_end,omitzero"`
	// From and To are the date range of Options, when given.
	From socialsvc.Date `json:"from,omitzero"`
	To   socialsvc.Date `json:"to,omitzero"`
}

// Header is what every report carries: what it is about, when it was made
// and the notes and warnings a reader must see. Reports embed it, so its
// fields appear at the top level of their JSON.
type Header struct {
	Kind      Kind                `json:"kind"`
	ProjectID socialsvc.ProjectID `json:"project_id,omitempty"`
	OrgID     socialsvc.OrgID     `json:"org_id,omitempty"`
	// Acronym and Title name the project (or the organisation of a
	// portfolio).
	Acronym     string         `json:"acronym,omitempty"`
	Title       socialsvc.I18n `json:"title"`
	Lang        socialsvc.Lang `json:"lang"`
	Scope       Scope          `json:"scope"`
	GeneratedAt time.Time      `json:"generated_at"`
	// Notes explain how figures were obtained or why a report is empty.
	Notes []Note `json:"notes"`
	// Warnings flag data that looks wrong (an indicator above the output
	// it depends on, a stale flat-rate line).
	Warnings []Note `json:"warnings"`
	// Languages are the project's own languages, the order its texts
	// fall back in after Lang (socialsvc.I18n.In).
	Languages []socialsvc.Lang `json:"languages,omitempty"`
	// Confidential is true when the report holds unprotected counts of
	// people (Options.Disclosure Exact): it is for the programme and the
	// project's partners only, and every format says so first.
	Confidential bool `json:"confidential"`
}

// markConfidential marks a report that holds exact counts of people.
func (h *Header) markConfidential() {
	h.Confidential = true
	h.Notes = append([]Note{newNote("confidential", "report.note.confidential", nil, nil)}, h.Notes...)
}

// ConfidentialText is the mark of a report with exact counts, in Croatian
// and English (ConfidentialMark has it in every language).
var ConfidentialText = [2]string{ConfidentialMark(socialsvc.HR), ConfidentialMark(socialsvc.EN)}

// ConfidentialMark is the mark of a report with exact counts in lang.
func ConfidentialMark(lang socialsvc.Lang) string { return i18n.T(lang, "report.note.confidential") }

// ReportHeader returns h; it is promoted to every report type, which is
// how renderers reach the header through the Report interface.
func (h *Header) ReportHeader() *Header { return h }

// note adds the note report.note.<code> of the catalogue.
func (h *Header) note(code string, args map[string]any) {
	h.Notes = append(h.Notes, newNote(code, "report.note."+code, nil, args))
}

// warn adds the warning report.warn.<code> of the catalogue.
func (h *Header) warn(code string, args map[string]any) {
	h.Warnings = append(h.Warnings, newNote(code, "report.warn."+code, nil, args))
}

// warnN adds the plural warning report.warn.<code> for count.
func (h *Header) warnN(code string, count int, args map[string]any) {
	h.Warnings = append(h.Warnings, newNote(code, "report.warn."+code, &count, args))
}

// Report is what every report value implements, and all the renderers
// need: the header, the sections as typed tables, and the charts.
type Report interface {
	ReportHeader() *Header
	// Tables returns the sections with labels in lang.
	Tables(lang socialsvc.Lang) []Table
	// Charts returns the charts with labels in lang.
	Charts(lang socialsvc.Lang) []Chart
}

// heading returns the report's title line in lang.
func heading(h *Header, lang socialsvc.Lang) string {
	name := tr(lang, "kind_"+string(h.Kind))
	if id, ok := cycleKinds[h.Kind]; ok {
		name = i18n.T(lang, id)
	}
	subject := h.Acronym
	if subject == "" {
		subject = h.Title.In(lang, h.Languages...)
	}
	if subject == "" {
		return name
	}
	return name + ": " + subject
}

// newHeader starts the header of a project report.
func newHeader(kind Kind, p *socialsvc.Project, sc Scope, o Options) Header {
	return Header{Kind: kind, ProjectID: p.ID, Acronym: p.Acronym, Title: p.Title, Lang: o.lang(), Scope: sc, Languages: p.Languages,
		GeneratedAt: o.now().UTC().Truncate(time.Second), Notes: []Note{}, Warnings: []Note{}}
}

// resolveScope checks Options against the project.
func resolveScope(p *socialsvc.Project, o Options) (Scope, error) {
	sc := Scope{Period: o.Period, From: o.From, To: o.To}
	if o.Period < 0 {
		return Scope{}, socialsvc.FieldErr("period", "min", "err.period.min")
	}
	if o.Period > 0 {
		found := false
		for _, per := range p.Periods {
			if per.Number == o.Period {
				sc.PeriodStart, sc.PeriodEnd = per.Start, per.End
				found = true
			}
		}
		if !found {
			return Scope{}, socialsvc.FieldErrf("period", "exists", "err.period.exists", socialsvc.Args{"Period": o.Period})
		}
	}
	if err := checkRange(o.From, o.To); err != nil {
		return Scope{}, err
	}
	return sc, nil
}

func checkRange(from, to socialsvc.Date) error {
	if !from.IsZero() && !from.Valid() {
		return socialsvc.FieldErr("from", "date", "err.from.date")
	}
	if !to.IsZero() && !to.Valid() {
		return socialsvc.FieldErr("to", "date", "err.to.date")
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return socialsvc.FieldErr("to", "gte", "err.to.gte")
	}
	return nil
}

// inRange reports whether d lies within the scope's From..To.
func (sc Scope) inRange(d socialsvc.Date) bool {
	if !sc.From.IsZero() && d.Before(sc.From) {
		return false
	}
	if !sc.To.IsZero() && d.After(sc.To) {
		return false
	}
	return true
}

// listAll pages through a store list.
func listAll[T any](ctx context.Context, list func(cursor string) (store.Page[T], error)) ([]T, error) {
	var out []T
	cursor := ""
	for {
		pg, err := list(cursor)
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" || len(pg.Items) == 0 {
			return out, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cursor = pg.NextCursor
	}
}

func page(cursor string) store.ListOptions {
	return store.ListOptions{Limit: store.MaxLimit, Cursor: cursor}
}

func loadPartners(ctx context.Context, s store.Store, id socialsvc.ProjectID) ([]socialsvc.Partner, error) {
	return listAll(ctx, func(c string) (store.Page[socialsvc.Partner], error) {
		return s.ListPartners(ctx, store.PartnerFilter{ProjectID: id, ListOptions: page(c)})
	})
}

func loadEvents(ctx context.Context, s store.Store, id socialsvc.ProjectID) ([]socialsvc.Event, error) {
	return listAll(ctx, func(c string) (store.Page[socialsvc.Event], error) {
		return s.ListEvents(ctx, store.EventFilter{ProjectID: id, ListOptions: page(c)})
	})
}

func loadIndicators(ctx context.Context, s store.Store, id socialsvc.ProjectID) ([]socialsvc.Indicator, error) {
	return listAll(ctx, func(c string) (store.Page[socialsvc.Indicator], error) {
		return s.ListIndicators(ctx, store.ProjectScope{ProjectID: id, ListOptions: page(c)})
	})
}

func loadMeasurements(ctx context.Context, s store.Store, id socialsvc.ProjectID) ([]socialsvc.Measurement, error) {
	return listAll(ctx, func(c string) (store.Page[socialsvc.Measurement], error) {
		return s.ListMeasurements(ctx, store.MeasurementFilter{ProjectID: id, ListOptions: page(c)})
	})
}

// orgNames maps the partners of a project to their organisations.
func loadOrgs(ctx context.Context, s store.Store, partners []socialsvc.Partner) (map[socialsvc.OrgID]socialsvc.Organisation, error) {
	out := make(map[socialsvc.OrgID]socialsvc.Organisation, len(partners))
	for _, p := range partners {
		if _, ok := out[p.OrgID]; ok {
			continue
		}
		o, err := s.GetOrganisation(ctx, p.OrgID)
		if err != nil {
			if socialsvc.ErrorCode(err) == socialsvc.NotFound {
				out[p.OrgID] = socialsvc.Organisation{ID: p.OrgID, Name: string(p.OrgID)}
				continue
			}
			return nil, err
		}
		out[p.OrgID] = o
	}
	return out, nil
}

func orgLabel(o socialsvc.Organisation) string {
	if o.ShortName != "" {
		return o.ShortName
	}
	return o.Name
}

// periodOf returns the reporting period of a date, or 0.
func periodOf(p *socialsvc.Project, d socialsvc.Date) int { return p.PeriodOf(d) }
