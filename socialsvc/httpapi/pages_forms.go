package httpapi

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/i18n"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// Tr returns the catalogue text id (socialsvc/i18n) in the page's
// language: the forms' labels live in the catalogue area "forms".
func (p *page) Tr(id string) string { return i18n.T(p.Lang, id) }

// inputField is one field of a form, with its value as typed and its
// error in the page's language ("input-field" in partials.html).
type inputField struct {
	Name    string // the form's field name, also the element's id suffix
	Label   string
	Hint    string
	Type    string // text, date, url, select, textarea
	Value   string
	Error   string
	Options []option
	// MaxLength is the control's maxlength (0: none), the domain's limit.
	MaxLength int
}

// formView is what the organisation form and the modification forms
// render: the fields in order, the error summary, and the version the
// form was read at (a write made by someone else meanwhile is refused).
type formView struct {
	Heading   string // of the error summary
	Action    string
	Fields    []inputField
	Version   int64
	HasErrors bool
	Errors    []formError
	Other     []string
	Submit    string
}

// setErrors puts the field errors of err beside the fields field maps
// them to ("" for none: the summary lists them without a link), in lang.
func (v *formView) setErrors(err error, lang socialsvc.Lang, field func(string) string, otherPrefix func(string) string) {
	v.HasErrors = true
	for _, fe := range socialsvc.ErrorFields(err) {
		msg := fieldMessage(fe, lang)
		if f := field(fe.Field); f != "" {
			for i := range v.Fields {
				if v.Fields[i].Name == f && v.Fields[i].Error == "" {
					v.Fields[i].Error = msg
				}
			}
			continue
		}
		if otherPrefix != nil {
			msg = joinNonEmpty(": ", otherPrefix(fe.Field), msg)
		}
		v.Other = append(v.Other, msg)
	}
	for _, f := range v.Fields {
		if f.Error != "" {
			v.Errors = append(v.Errors, formError{Field: f.Name, Label: f.Label, Message: f.Error})
		}
	}
	if len(v.Errors) == 0 && len(v.Other) == 0 {
		v.Other = append(v.Other, errorText(err, lang))
	}
}

// fieldMessage is a field error's message for people reading lang.
func fieldMessage(fe socialsvc.FieldError, lang socialsvc.Lang) string { return fe.MessageIn(lang) }

// staleError is the error of a form posted from a version of the record
// that is no longer current: nothing is written.
func staleError(lang socialsvc.Lang) error {
	return &socialsvc.Error{Code: socialsvc.Conflict, Message: "the record changed while the form was open",
		Fields: []socialsvc.FieldError{socialsvc.NewFieldError("version", "stale", "forms.stale", nil)}}
}

// formVersion is the version a form was read at.
func formVersion(r *http.Request) int64 {
	n, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// signInFirst sends an anonymous visitor to the sign-in page and reports
// whether it did.
func (d *dashboard) signInFirst(w http.ResponseWriter, r *http.Request) bool {
	if !PrincipalFrom(r.Context()).Anonymous() {
		return false
	}
	http.Redirect(w, r, d.base+withLang("/signin?next="+url.QueryEscape(r.URL.Path), pageLang(r)), http.StatusSeeOther)
	return true
}

// Organisation form.

// orgFormFields are the fields of the organisation form, by their JSON
// names, in the order the form shows them.
var orgFormFields = []string{"name", "short_name", "legal_status", "country", "tax_id", "iati_ref", "city", "website"}

// orgFormView is the body of the organisation form.
type orgFormView struct {
	Form  formView
	ID    socialsvc.OrgID
	Name  string
	Saved bool
}

func (d *dashboard) newOrgForm(p *page, org *socialsvc.Organisation, values map[string]string) orgFormView {
	v := orgFormView{ID: org.ID, Name: org.Name}
	v.Form = formView{Action: p.Href("/organisations/" + url.PathEscape(string(org.ID)) + "/edit"), Version: org.Version,
		Submit: p.Tr("forms.save"), Heading: p.T["form_errors"]}
	field := func(name, label, hint, typ string, maxLen int) inputField {
		f := inputField{Name: name, Label: p.Tr(label), Type: typ, Value: values[name], MaxLength: maxLen}
		if hint != "" {
			f.Hint = p.Tr(hint)
		}
		return f
	}
	status := field("legal_status", "forms.f_legal_status", "", "select", 0)
	for _, s := range socialsvc.LegalStatuses {
		status.Options = append(status.Options, option{Value: string(s), Text: s.Label(p.Lang), Selected: values["legal_status"] == string(s)})
	}
	v.Form.Fields = []inputField{
		field("name", "forms.f_name", "", "text", 300),
		field("short_name", "forms.f_short_name", "", "text", 50),
		status,
		field("country", "forms.f_country", "forms.f_country_hint", "text", 2),
		field("tax_id", "forms.f_tax_id", "forms.f_tax_id_hint", "text", 64),
		field("iati_ref", "forms.f_iati_ref", "forms.f_iati_ref_hint", "text", 100),
		field("city", "forms.f_city", "", "text", 200),
		field("website", "forms.f_website", "", "url", 500),
	}
	return v
}

func orgValues(o *socialsvc.Organisation) map[string]string {
	return map[string]string{"name": o.Name, "short_name": o.ShortName, "legal_status": string(o.LegalStatus), "country": o.Country,
		"tax_id": o.TaxID, "iati_ref": o.IATIRef, "city": o.City, "website": o.Website}
}

// editableOrg loads the organisation of the request's {id} when the caller
// may change it, by the API's rule (store.CheckWrite: admins, and the
// organisation's own editors); otherwise it answers and reports false.
func (d *dashboard) editableOrg(w http.ResponseWriter, r *http.Request) (socialsvc.Organisation, bool) {
	if d.signInFirst(w, r) {
		return socialsvc.Organisation{}, false
	}
	ctx := r.Context()
	org, err := d.h.store.GetOrganisation(ctx, socialsvc.OrgID(r.PathValue("id")))
	if err == nil {
		err = d.h.canOrganisation(ctx, org.ID)
	}
	if err != nil {
		d.fail(w, r, err)
		return socialsvc.Organisation{}, false
	}
	return org, true
}

func (d *dashboard) orgForm(w http.ResponseWriter, r *http.Request) {
	org, ok := d.editableOrg(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.Tr("forms.edit_org") + ": " + org.Name
	v := d.newOrgForm(p, &org, orgValues(&org))
	v.Saved = r.URL.Query().Get("saved") == "organisation"
	p.Body = v
	d.render(w, r, http.StatusOK, "org_form", p)
}

// orgPost saves the organisation form through the store's
// UpdateOrganisation, as PUT /api/v1/organisations/{id} does, with the
// fields of the form and the others (region, contact) as they are.
// Invalid input shows the form again with each error beside its field
// and changes nothing.
func (d *dashboard) orgPost(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	org, ok := d.editableOrg(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	lang := p.Lang
	p.Title = p.Tr("forms.edit_org") + ": " + org.Name
	values := map[string]string{}
	for _, k := range orgFormFields {
		values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	upd := org
	upd.Name, upd.ShortName, upd.LegalStatus, upd.Country = values["name"], values["short_name"], socialsvc.LegalStatus(values["legal_status"]), values["country"]
	upd.TaxID, upd.IATIRef, upd.City, upd.Website = values["tax_id"], values["iati_ref"], values["city"], values["website"]
	var err error
	if formVersion(r) != org.Version {
		err = staleError(lang)
	} else {
		err = d.h.store.UpdateOrganisation(r.Context(), &upd)
	}
	if err != nil {
		code := socialsvc.ErrorCode(err)
		if code != socialsvc.Invalid && code != socialsvc.Conflict {
			d.fail(w, r, err)
			return
		}
		v := d.newOrgForm(p, &org, values)
		v.Form.setErrors(err, lang, func(f string) string {
			if slices.Contains(orgFormFields, f) {
				return f
			}
			return ""
		}, nil)
		p.Body = v
		d.render(w, r, http.StatusBadRequest, "org_form", p)
		return
	}
	http.Redirect(w, r, d.base+withLang("/organisations/"+url.PathEscape(string(org.ID))+"/edit?saved=organisation", lang), http.StatusSeeOther)
}

// Contract modifications.

// modRow is one modification of the list; only the last can be deleted.
type modRow struct {
	Number                    int
	Last                      bool
	Date, PreviousEnd, NewEnd string
	Reference, Reason         string
	EditURL, DeleteURL        string
}

// modsView is the body of the modifications page: the list, and the form
// to add one or to edit one (Editing > 0).
type modsView struct {
	ID          socialsvc.ProjectID
	Acronym     string
	ContractEnd string
	CurrentEnd  string
	Rows        []modRow
	CanEdit     bool
	Locked      string // why the caller may not change them
	Editing     int
	Form        formView
	FormTitle   string
	Saved       string
}

// modFields are the form's fields, by the JSON names of Modification.
var modFields = []string{"date", "previous_end", "new_end", "reference", "reason"}

// modsAccess loads the project of a modifications page for a caller who
// may read it in full, and says whether the store's write rules let the
// caller change its modifications (the lead partner's editors while the
// project is a draft, the programme always: the same store.CheckWrite
// the API's PUT and PATCH go through), and if not, why.
func (d *dashboard) modsAccess(w http.ResponseWriter, r *http.Request) (socialsvc.Project, bool, string, bool) {
	if d.signInFirst(w, r) {
		return socialsvc.Project{}, false, "", false
	}
	prj, a, ok := d.visibleProject(w, r)
	if !ok {
		return socialsvc.Project{}, false, "", false
	}
	if !a.Full {
		d.fail(w, r, errForbidden)
		return socialsvc.Project{}, false, "", false
	}
	lang := pageLang(r)
	if !a.Write {
		return prj, false, labelsFor(lang)["forbidden_text"], true
	}
	probe := prj
	probe.Modifications = append(slices.Clone(prj.Modifications), socialsvc.Modification{})
	err := store.CheckWrite(r.Context(), d.h.store, &prj, &probe)
	switch {
	case err == nil:
		return prj, true, "", true
	case denied(err):
		return prj, false, errorText(err, lang), true
	}
	d.fail(w, r, err)
	return socialsvc.Project{}, false, "", false
}

func (d *dashboard) newModsView(p *page, prj *socialsvc.Project, canEdit bool, locked string) modsView {
	lang := p.Lang
	v := modsView{ID: prj.ID, Acronym: prj.Acronym, ContractEnd: prj.ContractEnd().Format(lang), CurrentEnd: prj.End.Format(lang),
		CanEdit: canEdit, Locked: locked}
	for i, m := range prj.Modifications {
		n := strconv.Itoa(i + 1)
		v.Rows = append(v.Rows, modRow{Number: i + 1, Date: m.Date.Format(lang), PreviousEnd: m.PreviousEnd.Format(lang), NewEnd: m.NewEnd.Format(lang),
			Reference: m.Reference, Reason: m.Reason, Last: i == len(prj.Modifications)-1,
			EditURL:   p.Project(prj.ID, "/modifications/"+n+"/edit"),
			DeleteURL: p.Project(prj.ID, "/modifications/"+n+"/delete")})
	}
	return v
}

// modForm fills the form of modification n (0 for a new one) with values.
func (v *modsView) modForm(p *page, prj *socialsvc.Project, n int, values map[string]string) {
	v.Editing = n
	v.Form = formView{Version: prj.Version, Submit: p.Tr("forms.save_mod"), Heading: p.T["form_errors"]}
	if n == 0 {
		v.FormTitle = p.Tr("forms.add_mod")
		v.Form.Action = p.Project(prj.ID, "/modifications")
	} else {
		v.FormTitle = p.Tr("forms.edit_mod") + " " + strconv.Itoa(n)
		v.Form.Action = p.Project(prj.ID, "/modifications/"+strconv.Itoa(n)+"/edit")
	}
	f := func(name, label, hint, typ string, maxLen int) inputField {
		in := inputField{Name: name, Label: p.Tr(label), Type: typ, Value: values[name], MaxLength: maxLen}
		if hint != "" {
			in.Hint = p.Tr(hint)
		}
		return in
	}
	v.Form.Fields = []inputField{f("date", "forms.f_mod_date", "forms.f_mod_date_hint", "date", 0)}
	if n > 0 {
		// A new modification moves the end in force; an existing one's
		// previous end can be corrected.
		v.Form.Fields = append(v.Form.Fields, f("previous_end", "forms.f_previous_end", "forms.f_previous_end_hint", "date", 0))
	}
	v.Form.Fields = append(v.Form.Fields,
		f("new_end", "forms.f_new_end", "forms.f_new_end_hint", "date", 0),
		f("reference", "forms.f_reference", "forms.f_reference_hint", "text", 200),
		f("reason", "forms.f_reason", "", "textarea", 2000))
}

func modValues(m *socialsvc.Modification) map[string]string {
	return map[string]string{"date": m.Date.String(), "previous_end": m.PreviousEnd.String(), "new_end": m.NewEnd.String(),
		"reference": m.Reference, "reason": m.Reason}
}

// modNumber is the {n} of the path (1-based) when prj has that
// modification, else 0.
func modNumber(r *http.Request, prj *socialsvc.Project) int {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(prj.Modifications) || strconv.Itoa(n) != r.PathValue("n") {
		return 0
	}
	return n
}

// mods renders the list and the form to add a modification (or, on
// /modifications/{n}/edit, to edit modification n).
func (d *dashboard) mods(w http.ResponseWriter, r *http.Request) {
	prj, canEdit, locked, ok := d.modsAccess(w, r)
	if !ok {
		return
	}
	p := d.newPage(r, "")
	p.Title = p.Tr("forms.modifications") + ": " + prj.Acronym
	v := d.newModsView(p, &prj, canEdit, locked)
	if r.PathValue("n") != "" {
		n := modNumber(r, &prj)
		if n == 0 {
			d.notFound(w, r)
			return
		}
		if !canEdit {
			d.fail(w, r, errForbidden)
			return
		}
		v.modForm(p, &prj, n, modValues(&prj.Modifications[n-1]))
	} else if canEdit {
		v.modForm(p, &prj, 0, map[string]string{})
	}
	switch r.URL.Query().Get("saved") {
	case "modification":
		v.Saved = p.Tr("forms.mod_saved")
	case "deleted":
		v.Saved = p.Tr("forms.mod_deleted")
	}
	p.Body = v
	d.render(w, r, http.StatusOK, "modifications", p)
}

// modPost adds (n = 0), edits or deletes a modification. The project's end
// follows the chain: it becomes the new end of the last modification, or
// the contracted end when none is left, so that the store's rule (the
// last modification ends on the project's end) holds; everything else is
// the store's UpdateProject, as for PUT /api/v1/projects/{id}: its write
// rules, its validation, its audit entry. Invalid input shows the form
// again with each error beside its field and changes nothing.
func (d *dashboard) modPost(w http.ResponseWriter, r *http.Request) {
	if err := checkForm(w, r); err != nil {
		d.fail(w, r, err)
		return
	}
	prj, canEdit, _, ok := d.modsAccess(w, r)
	if !ok {
		return
	}
	if !canEdit {
		d.fail(w, r, errForbidden)
		return
	}
	del := strings.HasSuffix(r.URL.Path, "/delete")
	n := 0
	if r.PathValue("n") != "" {
		if n = modNumber(r, &prj); n == 0 {
			d.notFound(w, r)
			return
		}
	}
	p := d.newPage(r, "")
	lang := p.Lang
	p.Title = p.Tr("forms.modifications") + ": " + prj.Acronym
	values := map[string]string{}
	for _, k := range modFields {
		values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}

	upd := prj
	mods := slices.Clone(prj.Modifications)
	var parseErrs []socialsvc.FieldError
	at := len(mods) // the index the form's modification has
	if del {
		mods = slices.Delete(mods, n-1, n)
	} else {
		var m socialsvc.Modification
		date := func(field string, dst *socialsvc.Date) {
			s := values[field]
			if s == "" {
				return // date_required reports it
			}
			dt, err := socialsvc.ParseDate(s)
			if err != nil {
				parseErrs = append(parseErrs, socialsvc.NewFieldError(field, "date", "err.form.date", nil))
				return
			}
			*dst = dt
		}
		date("date", &m.Date)
		if n == 0 {
			m.PreviousEnd = prj.End // a new modification moves the end in force
		} else {
			date("previous_end", &m.PreviousEnd)
		}
		date("new_end", &m.NewEnd)
		m.Reference, m.Reason = values["reference"], values["reason"]
		if n == 0 {
			mods = append(mods, m)
		} else {
			at = n - 1
			mods[at] = m
		}
	}
	upd.Modifications = mods
	switch {
	case len(mods) > 0:
		upd.End = mods[len(mods)-1].NewEnd
	default:
		upd.End = prj.ContractEnd()
	}
	if len(mods) == 0 {
		upd.Modifications = nil
	}

	var err error
	switch {
	case formVersion(r) != prj.Version:
		err = staleError(lang)
	case del && n != len(prj.Modifications):
		// The first modification's previous end is the contracted end:
		// deleting an earlier one would move it without anyone saying so.
		err = &socialsvc.Error{Code: socialsvc.Conflict, Message: "only the last modification can be deleted",
			Fields: []socialsvc.FieldError{socialsvc.NewFieldError("", "last_only", "forms.delete_last_only", nil)}}
	case len(parseErrs) > 0:
		err = &socialsvc.Error{Code: socialsvc.Invalid, Message: "invalid form", Fields: parseErrs}
	default:
		err = d.h.store.UpdateProject(r.Context(), &upd)
	}
	if err != nil {
		code := socialsvc.ErrorCode(err)
		if code != socialsvc.Invalid && code != socialsvc.Conflict {
			d.fail(w, r, err)
			return
		}
		v := d.newModsView(p, &prj, canEdit, "")
		if del {
			v.modForm(p, &prj, n, modValues(&prj.Modifications[n-1]))
		} else {
			v.modForm(p, &prj, n, values)
		}
		own := "modifications[" + strconv.Itoa(at) + "]."
		v.Form.setErrors(err, lang, func(f string) string {
			if !del {
				if rest, ok := strings.CutPrefix(f, own); ok && slices.Contains(modFields, rest) {
					return rest
				}
				if slices.Contains(modFields, f) {
					return f // a date the form could not read
				}
				if f == "end" {
					return "new_end"
				}
			}
			return ""
		}, func(f string) string {
			if i, ok := modIndex(f); ok {
				return p.Tr("forms.mod_other") + " " + strconv.Itoa(i+1)
			}
			if f == "version" {
				return "" // the stale form's message says it all
			}
			// A rule of another part of the project the change breaks
			// (a reporting period past the new end): its field path
			// says which.
			return f
		})
		p.Body = v
		d.render(w, r, http.StatusBadRequest, "modifications", p)
		return
	}
	saved := "modification"
	if del {
		saved = "deleted"
	}
	http.Redirect(w, r, d.base+withLang("/projects/"+url.PathEscape(string(prj.ID))+"/modifications?saved="+saved, lang), http.StatusSeeOther)
}

// modIndex returns i of a field "modifications[i]...".
func modIndex(f string) (int, bool) {
	rest, ok := strings.CutPrefix(f, "modifications[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil
}
