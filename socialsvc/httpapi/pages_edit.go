package httpapi

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// option is one choice of a select.
type option struct {
	Value, Text string
	Selected    bool
}

// eventFormView is the body of the event form: the values as typed, the
// choices, and the errors per field in the page's language.
type eventFormView struct {
	ID       socialsvc.ProjectID
	Acronym  string
	Period   string
	MinDate  string
	MaxDate  string
	Types    []option
	Partners []option
	// Titles are the title inputs of the project's own languages and
	// English; MoreTitles those of the other shipped languages, folded
	// away until someone adds a title in one of them.
	Titles, MoreTitles []titleInput
	MoreOpen           bool
	Values             map[string]string
	Online             bool
	Errors             map[string]string
	ErrorList          []formError
	Other              []string // errors that belong to no field of the form
	HasErrors          bool
}

// titleInput is the input of the title in one language: its field name
// is title_<tag> (title_hr, title_sl, title_sr-Latn).
type titleInput struct {
	Tag, Name, Label string
}

// titleLangs splits the languages of the title inputs: the project's own
// languages (in its order) and English first, then every other shipped
// language.
func titleLangs(prj *socialsvc.Project) (main, more []socialsvc.Lang) {
	for _, l := range append(slices.Clone(prj.Languages), socialsvc.EN) {
		if socialsvc.ValidTextLang(l) && !slices.Contains(main, l) {
			main = append(main, l)
		}
	}
	if len(prj.Languages) == 0 {
		main = []socialsvc.Lang{socialsvc.HR, socialsvc.EN}
	}
	for _, l := range i18n.Languages() {
		if !slices.Contains(main, l) {
			more = append(more, l)
		}
	}
	return main, more
}

// formError is an error of the summary above the form.
type formError struct {
	Field, Label, Message string
}

// eventFields are the form's fields, in the order their errors are listed.
var eventFields = []string{"type", "title", "start", "end", "place", "organiser", "reported_participants"}

// fieldLabels are the label keys of the form's fields.
var fieldLabels = map[string]string{"type": "f_type", "title": "f_title", "start": "f_start", "end": "f_end", "place": "f_place",
	"organiser": "f_organiser", "reported_participants": "f_participants"}

// formField maps a field of the domain's errors (a JSON name) to the
// form's field.
func formField(f string) string {
	switch {
	case f == "title" || strings.HasPrefix(f, "title."):
		return "title"
	case slices.Contains(eventFields, f):
		return f
	}
	return ""
}

// editable loads the project of an editing view and checks, with the
// API's rules, that the caller may write in it.
func (d *dashboard) editable(w http.ResponseWriter, r *http.Request) (socialsvc.Project, bool) {
	ctx := r.Context()
	id := socialsvc.ProjectID(r.PathValue("id"))
	if PrincipalFrom(ctx).Anonymous() {
		a, err := d.accessTo(ctx, id)
		if err != nil {
			d.fail(w, r, err)
			return socialsvc.Project{}, false
		}
		if !a.Public {
			d.notFound(w, r)
			return socialsvc.Project{}, false
		}
		http.Redirect(w, r, d.base+withLang("/signin?next="+url.QueryEscape(r.URL.Path), pageLang(r)), http.StatusSeeOther)
		return socialsvc.Project{}, false
	}
	if err := d.h.canProject(ctx, id, true, false); err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, false
	}
	prj, err := d.h.store.GetProject(ctx, id)
	if err != nil {
		d.fail(w, r, err)
		return socialsvc.Project{}, false
	}
	return prj, true
}

// newEventForm fills the choices of the form for prj.
func (d *dashboard) newEventForm(r *http.Request, prj *socialsvc.Project, lang socialsvc.Lang) (eventFormView, error) {
	ctx := r.Context()
	v := eventFormView{ID: prj.ID, Acronym: prj.Acronym, Period: period(prj.Start, prj.End, lang),
		MinDate: prj.Start.String(), MaxDate: prj.End.String(), Values: map[string]string{}, Errors: map[string]string{}}
	main, more := titleLangs(prj)
	input := func(l socialsvc.Lang) titleInput {
		return titleInput{Tag: string(l), Name: "title_" + string(l), Label: i18n.Tf(lang, "page.f_title_lang", map[string]any{"Language": i18n.Name(l)})}
	}
	for _, l := range main {
		v.Titles = append(v.Titles, input(l))
	}
	for _, l := range more {
		v.MoreTitles = append(v.MoreTitles, input(l))
	}
	for _, t := range socialsvc.EventTypes {
		v.Types = append(v.Types, option{Value: string(t), Text: t.Label(lang)})
	}
	partners, err := allPages(ctx, func(o store.ListOptions) (store.Page[socialsvc.Partner], error) {
		return d.h.store.ListPartners(ctx, store.PartnerFilter{ListOptions: o, ProjectID: prj.ID})
	})
	if err != nil {
		return v, err
	}
	slices.SortFunc(partners, func(a, b socialsvc.Partner) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	for _, pt := range partners {
		org, err := d.h.store.GetOrganisation(ctx, pt.OrgID)
		if err != nil {
			return v, err
		}
		name := org.Name
		if org.ShortName != "" {
			name = org.ShortName
		}
		v.Partners = append(v.Partners, option{Value: string(pt.ID), Text: name})
	}
	return v, nil
}

func (v *eventFormView) selectChoices() {
	for i := range v.Types {
		v.Types[i].Selected = v.Types[i].Value == v.Values["type"]
	}
	for i := range v.Partners {
		v.Partners[i].Selected = v.Partners[i].Value == v.Values["organiser"]
	}
}

func (d *dashboard) eventForm(w http.ResponseWriter, r *http.Request) {
	prj, ok := d.editable(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.T["new_event"] + ": " + prj.Acronym
	v, err := d.newEventForm(r, &prj, p.Lang)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	v.Values["type"] = string(socialsvc.EventWorkshop)
	v.selectChoices()
	p.Body = v
	d.render(w, r, http.StatusOK, "event_form", p)
}

// eventPost records an event from the form. Invalid input shows the form
// again with each error beside its field, in the page's language, and
// changes nothing; a recorded event goes into the audit log with the
// signed-in actor (the store does that from the request's context) and
// the browser is sent back to the project page.
func (d *dashboard) eventPost(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	prj, ok := d.editable(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	lang := p.Lang
	p.Title = p.T["new_event"] + ": " + prj.Acronym
	v, err := d.newEventForm(r, &prj, lang)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	f := r.PostForm
	for _, k := range []string{"type", "start", "end", "place", "organiser", "reported_participants"} {
		v.Values[k] = strings.TrimSpace(f.Get(k))
	}
	title := socialsvc.I18n{}
	for _, ti := range slices.Concat(v.Titles, v.MoreTitles) {
		if s := strings.TrimSpace(f.Get(ti.Name)); s != "" {
			v.Values[ti.Name] = s
			title[socialsvc.Lang(ti.Tag)] = s
		}
	}
	for _, ti := range v.MoreTitles {
		v.MoreOpen = v.MoreOpen || v.Values[ti.Name] != ""
	}
	v.Online = f.Get("online") != ""
	v.selectChoices()

	ev := socialsvc.Event{ProjectID: prj.ID, Type: socialsvc.EventType(v.Values["type"]),
		Title: title,
		Place: v.Values["place"], Organiser: socialsvc.PartnerID(v.Values["organiser"]), Online: v.Online}
	var parseErrs []socialsvc.FieldError
	date := func(field string, dst *socialsvc.Date) {
		s := v.Values[field]
		if s == "" {
			return
		}
		d, err := socialsvc.ParseDate(s)
		if err != nil {
			parseErrs = append(parseErrs, socialsvc.NewFieldError(field, "date", "err.form.date", nil))
			return
		}
		*dst = d
	}
	date("start", &ev.Start)
	date("end", &ev.End)
	if s := v.Values["reported_participants"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			parseErrs = append(parseErrs, socialsvc.NewFieldError("reported_participants", "int", "err.form.int", nil))
		} else {
			ev.ReportedParticipants = n
		}
	}
	if len(parseErrs) > 0 {
		err = &socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid form", Fields: parseErrs}
		if verr := socialsvc.ValidateEvent(&ev, &prj); verr != nil {
			for _, fe := range socialsvc.ErrorFields(verr) {
				if !slices.ContainsFunc(parseErrs, func(pe socialsvc.FieldError) bool { return pe.Field == fe.Field }) {
					parseErrs = append(parseErrs, fe)
				}
			}
			err = &socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid form", Fields: parseErrs}
		}
	} else {
		err = d.h.store.CreateEvent(r.Context(), &ev)
	}
	if err != nil {
		code := socialsvc.ErrorCode(err)
		if code != socialsvc.Invalid && code != socialsvc.Conflict {
			d.fail(w, r, err)
			return
		}
		v.HasErrors = true
		for _, fe := range socialsvc.ErrorFields(err) {
			msg := fe.MessageIn(lang)
			if ff := formField(fe.Field); ff != "" {
				if v.Errors[ff] == "" {
					v.Errors[ff] = msg
				}
				continue
			}
			v.Other = append(v.Other, msg)
		}
		for _, ff := range eventFields {
			if msg := v.Errors[ff]; msg != "" {
				v.ErrorList = append(v.ErrorList, formError{Field: ff, Label: p.T[fieldLabels[ff]], Message: msg})
			}
		}
		if len(v.Errors) == 0 && len(v.Other) == 0 {
			v.Other = append(v.Other, errorText(err, lang))
		}
		p.Body = v
		d.render(w, r, http.StatusBadRequest, "event_form", p)
		return
	}
	http.Redirect(w, r, d.base+withLang("/projects/"+url.PathEscape(string(prj.ID))+"?saved=event#events", lang), http.StatusSeeOther)
}
