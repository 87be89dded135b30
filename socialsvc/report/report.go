package report

import (
	"context"
	"fmt"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Options select what a report covers and how it is labelled.
type Options struct {
	// Lang is the language the report is meant for, recorded in the
	// header (English unless HR). Renderers take a language of their own,
	// so one report value can be rendered in both.
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

func (o Options) lang() socialsvc.Lang {
	if o.Lang == socialsvc.HR {
		return socialsvc.HR
	}
	return socialsvc.EN
}

// Kind names a report kind.
type Kind string

// Report kinds.
const (
	KindFinancial     Kind = "financial"
	KindIndicators    Kind = "indicators"
	KindBeneficiaries Kind = "beneficiaries"
	KindPortfolio     Kind = "portfolio"
)

// Note is an explanation or warning attached to a report, in both
// languages. Code is stable and machine-readable (e.g. "no_budget",
// "indicator_mismatch"). Notes never carry personal data.
type Note struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageHR string `json:"message_hr"`
}

// Text returns the note in lang.
func (n Note) Text(lang socialsvc.Lang) string {
	if lang == socialsvc.HR && n.MessageHR != "" {
		return n.MessageHR
	}
	return n.Message
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
	// Confidential is true when the report holds unprotected counts of
	// people (Options.Disclosure Exact): it is for the programme and the
	// project's partners only, and every format says so first.
	Confidential bool `json:"confidential"`
}

// markConfidential marks a report that holds exact counts of people.
func (h *Header) markConfidential() {
	h.Confidential = true
	h.Notes = append([]Note{{Code: "confidential", Message: ConfidentialText[1], MessageHR: ConfidentialText[0]}}, h.Notes...)
}

// ConfidentialText is the mark of a report with exact counts, in Croatian
// and English.
var ConfidentialText = [2]string{"povjerljivo: sadrži nezaštićene brojeve", "confidential: contains unprotected counts"}

// ReportHeader returns h; it is promoted to every report type, which is
// how renderers reach the header through the Report interface.
func (h *Header) ReportHeader() *Header { return h }

func (h *Header) note(code, en, hr string) {
	h.Notes = append(h.Notes, Note{Code: code, Message: en, MessageHR: hr})
}

func (h *Header) warn(code, en, hr string) {
	h.Warnings = append(h.Warnings, Note{Code: code, Message: en, MessageHR: hr})
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
		subject = h.Title.In(lang)
	}
	if subject == "" {
		return name
	}
	return name + ": " + subject
}

// newHeader starts the header of a project report.
func newHeader(kind Kind, p *socialsvc.Project, sc Scope, o Options) Header {
	return Header{Kind: kind, ProjectID: p.ID, Acronym: p.Acronym, Title: p.Title, Lang: o.lang(), Scope: sc,
		GeneratedAt: o.now().UTC().Truncate(time.Second), Notes: []Note{}, Warnings: []Note{}}
}

// resolveScope checks Options against the project.
func resolveScope(p *socialsvc.Project, o Options) (Scope, error) {
	sc := Scope{Period: o.Period, From: o.From, To: o.To}
	if o.Period < 0 {
		return Scope{}, socialsvc.FieldErr("period", "min", "period must be 0 (whole project) or a period number", "razdoblje mora biti 0 (cijeli projekt) ili broj razdoblja")
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
			return Scope{}, socialsvc.FieldErr("period", "exists", fmt.Sprintf("the project has no reporting period %d", o.Period), fmt.Sprintf("projekt nema izvještajno razdoblje %d", o.Period))
		}
	}
	if err := checkRange(o.From, o.To); err != nil {
		return Scope{}, err
	}
	return sc, nil
}

func checkRange(from, to socialsvc.Date) error {
	if !from.IsZero() && !from.Valid() {
		return socialsvc.FieldErr("from", "date", "from is not a valid date", "datum od nije ispravan")
	}
	if !to.IsZero() && !to.Valid() {
		return socialsvc.FieldErr("to", "date", "to is not a valid date", "datum do nije ispravan")
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return socialsvc.FieldErr("to", "gte", "the date range is empty: to is before from", "raspon datuma je prazan: datum do je prije datuma od")
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
