package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// ctMergePatch is the media type of a JSON Merge Patch (RFC 7396).
const ctMergePatch = "application/merge-patch+json"

// readOnlyFields are the fields of every entity that the server sets: a
// merge patch naming one is refused (a PUT body may carry them back as
// they were read, and they are ignored there).
var readOnlyFields = []string{"id", "version", "created_at", "updated_at"}

// patchH changes the fields a JSON Merge Patch (RFC 7396) names and keeps
// the others: a member with a value replaces the field (objects are merged
// member by member, arrays replaced whole), a member with null removes the
// field (it takes its zero value, and a required one is then reported as
// missing). The result is checked and written exactly as a PUT of the whole
// record would be, at the version If-Match names.
func (e *entity[T]) patchH(h *Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		if len(r.Header.Values("If-Match")) == 0 {
			return errPreconditionRequired()
		}
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != ctMergePatch {
			return &httpError{http.StatusUnsupportedMediaType, "unsupported_media_type", socialsvc.FieldErrf("Content-Type", "media_type",
				"err.content_type.media_type", socialsvc.Args{"MediaType": ctMergePatch})}
		}
		cur, err := e.get(ctx, h.store, r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := e.access(ctx, h, &cur, true); err != nil {
			return e.denied(ctx, h, &cur, err, true)
		}
		if _, err := ifMatch(r, e.ver(&cur)); err != nil {
			return err
		}
		patch, err := readPatch(r, reflect.TypeFor[T](), append(slices.Clone(readOnlyFields), e.readOnly...))
		if err != nil {
			return err
		}
		v, err := applyPatch(cur, patch)
		if err != nil {
			return err
		}
		if err := e.keys(&v, &cur); err != nil {
			return err
		}
		if err := e.access(ctx, h, &v, true); err != nil {
			return err
		}
		if err := e.update(h.store, ctx, &v); err != nil {
			return err
		}
		return writeEntity(w, http.StatusOK, v, e.ver(&v))
	}
}

// readPatch reads a merge patch for a record of type t: one JSON object,
// checked as a body of t is (duplicate keys, invalid UTF-8, unknown fields,
// types, with the field's path), whose members may also be null, and which
// names none of the read-only fields.
func readPatch(r *http.Request, t reflect.Type, readOnly []string) (map[string]any, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, socialsvc.FieldErr("body", "required", "err.body.required")
	}
	if err := checkJSON(body, t); err != nil {
		return nil, jsonError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var patch any
	if err := dec.Decode(&patch); err != nil {
		return nil, jsonError(err)
	}
	if dec.More() {
		return nil, socialsvc.FieldErr("body", "json", "err.body.json")
	}
	obj, ok := patch.(map[string]any)
	if !ok {
		// A patch that is not an object would replace the whole record
		// (RFC 7396 §2): that is a PUT.
		return nil, socialsvc.FieldErr("body", "type", "err.body.type")
	}
	var errs []error
	for _, name := range readOnly {
		if _, ok := obj[name]; ok {
			errs = append(errs, socialsvc.FieldErr(name, "read_only", "err.read_only"))
		}
	}
	if err := socialsvc.JoinInvalid("invalid merge patch", errs...); err != nil {
		return nil, err
	}
	return obj, nil
}

// applyPatch merges patch into the JSON form of cur and decodes the result
// strictly into a new value.
func applyPatch[T any](cur T, patch map[string]any) (T, error) {
	var zero T
	b, err := json.Marshal(cur)
	if err != nil {
		return zero, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return zero, err
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		return zero, err
	}
	if err := checkJSON(merged, reflect.TypeFor[T]()); err != nil {
		return zero, jsonError(err)
	}
	var v T
	strict := json.NewDecoder(bytes.NewReader(merged))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&v); err != nil {
		return zero, jsonError(err)
	}
	return v, nil
}

// mergePatch is RFC 7396 §2 MergePatch(target, patch).
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}
