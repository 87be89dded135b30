package store_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, id := range []string{"prj_3f9a0c1d2e4b5a69", "2sokrog", "k", "evt_1\x00ben_2", "čćđšž 🎉", strings.Repeat("x", 500)} {
		c := store.EncodeCursor(id)
		assert.NotContains(t, c, "=", "cursors are unpadded")
		assert.NotContains(t, c, "/", "cursors are URL-safe")
		got, err := store.ListOptions{Cursor: c}.After()
		require.NoError(t, err)
		assert.Equal(t, id, got)
	}
	got, err := store.ListOptions{}.After()
	require.NoError(t, err)
	assert.Empty(t, got, "no cursor: the first page")
}

func TestCursorInvalid(t *testing.T) {
	for _, c := range []string{
		"not a cursor",
		"!!!!",
		store.EncodeCursor(""), // "k" alone: no ID
		base64.RawURLEncoding.EncodeToString([]byte("xprj_1")), // wrong tag
		base64.StdEncoding.EncodeToString([]byte("kprj_12")),   // padded
		"a",
	} {
		_, err := store.ListOptions{Cursor: c}.After()
		require.Error(t, err, c)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), c)
		require.Len(t, socialsvc.ErrorFields(err), 1)
		assert.Equal(t, "cursor", socialsvc.ErrorFields(err)[0].Field)
		if len(c) > 3 {
			assert.NotContains(t, err.Error(), c, "the error does not echo the input")
		}
	}
}

func TestEffectiveLimit(t *testing.T) {
	for _, tc := range []struct{ in, want int }{
		{0, store.DefaultLimit}, {-1, store.DefaultLimit}, {1, 1}, {50, 50}, {store.MaxLimit, store.MaxLimit}, {store.MaxLimit + 1, store.MaxLimit}, {1 << 40, store.MaxLimit},
	} {
		assert.Equal(t, tc.want, store.ListOptions{Limit: tc.in}.EffectiveLimit(), "limit %d", tc.in)
	}
}

func TestPageOf(t *testing.T) {
	id := func(s *string) string { return *s }
	pg := store.PageOf([]string{"a", "b", "c"}, 2, id)
	assert.Equal(t, []string{"a", "b"}, pg.Items)
	after, err := store.ListOptions{Cursor: pg.NextCursor}.After()
	require.NoError(t, err)
	assert.Equal(t, "b", after, "the cursor names the last item of the page")

	pg = store.PageOf([]string{"a", "b"}, 2, id)
	assert.Equal(t, []string{"a", "b"}, pg.Items)
	assert.Empty(t, pg.NextCursor)

	pg = store.PageOf[string](nil, 2, id)
	assert.NotNil(t, pg.Items)
	assert.Empty(t, pg.Items)
	b, err := json.Marshal(pg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"items":[]}`, string(b), "an empty page is [] in JSON, without a cursor")
}

func TestRowErrors(t *testing.T) {
	var r store.RowErrors
	require.NoError(t, r.Err(), "no rows failed")
	require.NoError(t, r.Add(1, nil))

	// Input errors are collected with their row.
	require.NoError(t, r.Add(3, socialsvc.FieldErr("event_id", "exists", "err.missing.event")))
	require.NoError(t, r.Add(7, &socialsvc.Error{Code: socialsvc.Invalid, Fields: []socialsvc.FieldError{
		{Field: "legal_basis", Rule: "required"}, {Field: "retain_until", Rule: "required"},
	}}))
	require.NoError(t, r.Add(9, &socialsvc.Error{Code: socialsvc.Conflict, Message: "duplicate"}))
	require.NoError(t, r.Add(10, &socialsvc.Error{Code: socialsvc.NotFound, Message: "gone"}))

	// Anything else stops the import.
	boom := errors.New("disk full")
	assert.Same(t, boom, r.Add(11, boom))
	internal := &socialsvc.Error{Code: socialsvc.Internal, Message: "db down"}
	assert.Equal(t, internal, r.Add(12, fmt.Errorf("wrapped: %w", internal)).(interface{ Unwrap() error }).Unwrap())

	err := r.Err()
	require.Error(t, err)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.Equal(t, "4 rows have errors; nothing was imported", socialsvc.ErrorMessage(err))
	var got []string
	for _, f := range socialsvc.ErrorFields(err) {
		got = append(got, fmt.Sprintf("%d:%s:%s", f.Row, f.Field, f.Rule))
	}
	assert.Equal(t, []string{"3:event_id:exists", "7:legal_basis:required", "7:retain_until:required", "9::conflict", "10::not_found"}, got)

	var one store.RowErrors
	require.NoError(t, one.Add(2, socialsvc.FieldErr("amount", "money", "err.amount.syntax")))
	assert.Equal(t, "1 row has errors; nothing was imported", socialsvc.ErrorMessage(one.Err()))
}

func TestRowErrorsCap(t *testing.T) {
	var r store.RowErrors
	for i := 1; i <= store.MaxRowErrors+5; i++ {
		require.NoError(t, r.Add(i, socialsvc.FieldErr("event_id", "exists", "err.missing.event")))
	}
	err := r.Err()
	fields := socialsvc.ErrorFields(err)
	require.Len(t, fields, store.MaxRowErrors)
	assert.Equal(t, 1, fields[0].Row)
	assert.Equal(t, store.MaxRowErrors, fields[len(fields)-1].Row)
	assert.Equal(t, fmt.Sprintf("%d rows have errors; nothing was imported (5 further errors not listed)", store.MaxRowErrors+5), socialsvc.ErrorMessage(err))
}

func TestOpen(t *testing.T) {
	ctx := t.Context()
	s, err := store.Open(ctx, "memory://")
	require.NoError(t, err)
	require.NoError(t, s.Ping(ctx))
	require.NoError(t, s.Close())

	s, err = store.Open(ctx, "MEMORY://")
	require.NoError(t, err, "schemes are case-insensitive")
	require.NoError(t, s.Close())

	for _, tc := range []struct{ url, field string }{
		{"nosuch://x", ""},
		{"", "db"},
		{"/var/lib/data.db", "db"},
		{"::not a url", "db"},
	} {
		_, err := store.Open(ctx, tc.url)
		require.Error(t, err, tc.url)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), tc.url)
		if tc.field != "" {
			require.Len(t, socialsvc.ErrorFields(err), 1)
			assert.Equal(t, tc.field, socialsvc.ErrorFields(err)[0].Field)
		}
	}
	_, err = store.Open(ctx, "nosuch://x")
	assert.Contains(t, err.Error(), "memory", "the error lists the registered schemes")
}

func TestRegisterTwicePanics(t *testing.T) {
	assert.Panics(t, func() {
		store.Register("memory", func(context.Context, *url.URL) (store.Store, error) { return memory.New(), nil })
	})
}

func TestActor(t *testing.T) {
	ctx := t.Context()
	assert.Equal(t, store.Actor{ID: "system"}, store.ActorFrom(ctx))
	assert.Equal(t, store.Actor{ID: "system"}, store.ActorFrom(store.WithActor(ctx, store.Actor{Role: "editor"})), "an actor without ID is the system")
	a := store.Actor{ID: "u1", OrgID: "org_1", Role: "admin"}
	assert.Equal(t, a, store.ActorFrom(store.WithActor(ctx, a)))
}

func TestNewAuditEntryBeneficiary(t *testing.T) {
	ctx := store.WithActor(t.Context(), store.Actor{ID: "u1"})
	b := socialsvc.Beneficiary{ID: "ben_1", OrgID: "org_1", ProjectID: "prj_1", Reference: "KZ-1", Gender: socialsvc.GenderFemale,
		BirthYear: 1957, AgeBand: socialsvc.Age65Plus, Region: "HR025", TargetGroups: []socialsvc.TargetGroup{socialsvc.TGRoma},
		LegalBasis: socialsvc.BasisConsent, Version: 3}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 7200))
	for _, v := range []any{b, &b} {
		e, err := store.NewAuditEntry(ctx, store.ActionUpdate, store.EntityBeneficiary, "ben_1", v, v, at)
		require.NoError(t, err)
		assert.JSONEq(t, `{"id":"ben_1","org_id":"org_1","project_id":"prj_1","version":3}`, string(e.Before))
		assert.JSONEq(t, string(e.Before), string(e.After))
		assert.Equal(t, time.UTC, e.At.Location())
		assert.True(t, e.At.Equal(at))
		assert.Equal(t, "u1", e.Actor.ID)
	}
	var none *socialsvc.Beneficiary
	e, err := store.NewAuditEntry(ctx, store.ActionCreate, store.EntityBeneficiary, "ben_1", none, &b, at)
	require.NoError(t, err)
	assert.Nil(t, e.Before)
}

func TestIsRecomputing(t *testing.T) {
	assert.False(t, store.IsRecomputing(t.Context()))
}

// fakeCapabilities wraps a store with both optional capabilities, each
// returning a recognisable result, to show that the functions of the
// store package use them when present.
type fakeCapabilities struct {
	store.Store
}

func (fakeCapabilities) SumExpenditure(context.Context, store.ExpenditureFilter) ([]store.ExpenditureSum, error) {
	return []store.ExpenditureSum{{PartnerID: "from-aggregator"}}, nil
}

func (fakeCapabilities) SumBudget(context.Context, store.BudgetFilter) ([]store.BudgetSum, error) {
	return []store.BudgetSum{{PartnerID: "from-aggregator"}}, nil
}

func (fakeCapabilities) CountAttendance(context.Context, store.AttendanceFilter) (store.AttendanceCounts, error) {
	return store.AttendanceCounts{Visits: 42, Individuals: 7}, nil
}

func (fakeCapabilities) ImportAttendance(context.Context, iter.Seq[socialsvc.Attendance]) (int, error) {
	return 101, nil
}

func (fakeCapabilities) ImportBeneficiaries(context.Context, iter.Seq[socialsvc.Beneficiary]) (int, error) {
	return 102, nil
}

func (fakeCapabilities) ImportExpenditure(context.Context, iter.Seq[socialsvc.Expenditure]) (int, error) {
	return 103, nil
}

func TestCapabilitiesAreUsed(t *testing.T) {
	ctx := t.Context()
	s := fakeCapabilities{memory.New()}
	es, err := store.SumExpenditure(ctx, s, store.ExpenditureFilter{})
	require.NoError(t, err)
	assert.Equal(t, socialsvc.PartnerID("from-aggregator"), es[0].PartnerID)
	bs, err := store.SumBudget(ctx, s, store.BudgetFilter{})
	require.NoError(t, err)
	assert.Equal(t, socialsvc.PartnerID("from-aggregator"), bs[0].PartnerID)
	c, err := store.CountAttendance(ctx, s, store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 42, Individuals: 7}, c)
	n, err := store.ImportAttendance(ctx, s, nil)
	require.NoError(t, err)
	assert.Equal(t, 101, n)
	n, err = store.ImportBeneficiaries(ctx, s, nil)
	require.NoError(t, err)
	assert.Equal(t, 102, n)
	n, err = store.ImportExpenditure(ctx, s, nil)
	require.NoError(t, err)
	assert.Equal(t, 103, n)
}

// fixture for the Combine tests: an organisation, a project and an event
// in base; own, a memory store, holds beneficiaries only.
func combineFixture(t *testing.T) (c store.Store, base, own *memory.Store, org socialsvc.Organisation, p socialsvc.Project, e socialsvc.Event) {
	ctx := t.Context()
	base, own = memory.New(), memory.New()
	org = socialsvc.Organisation{ID: "org-osijek", Name: "Grad Osijek", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
	p = socialsvc.Project{ID: "prj-atelier", Acronym: "Atelier", Title: socialsvc.I18n{"hr": "Socijalni atelier"}, Start: socialsvc.MustDate("2019-01-01"), End: socialsvc.MustDate("2021-12-31")}
	// Organisations and projects live in base only: own's checks see them
	// through Combine.
	require.NoError(t, base.CreateOrganisation(ctx, &org))
	require.NoError(t, base.CreateProject(ctx, &p))
	e = socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventCommunity, Title: socialsvc.I18n{"hr": "Radionica"}, Start: socialsvc.MustDate("2019-03-01")}
	require.NoError(t, base.CreateEvent(ctx, &e))
	return store.Combine(base, own), base, own, org, p, e
}

func TestCombine(t *testing.T) {
	ctx := t.Context()
	c, base, own, org, p, e := combineFixture(t)

	b := socialsvc.Beneficiary{OrgID: org.ID, ProjectID: p.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
	require.NoError(t, c.CreateBeneficiary(ctx, &b))
	_, err := own.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err, "beneficiaries are written to own")
	_, err = base.GetBeneficiary(ctx, b.ID)
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err), "and not to base")

	// Attendance is base's, checked against own's beneficiaries.
	require.NoError(t, c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID}))
	pg, err := base.ListAttendance(ctx, store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)
	err = c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: "ben_unknown"})
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.Equal(t, "beneficiary_id", socialsvc.ErrorFields(err)[0].Field)

	// Cross-store rules.
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(c.DeleteBeneficiary(ctx, b.ID, 1)), "a person with attendance")
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(c.DeleteOrganisation(ctx, org.ID, 1)), "an organisation with beneficiaries in own")
	p2 := socialsvc.Project{ID: "prj-2", Acronym: "P2", Title: socialsvc.I18n{"hr": "Drugi"}, Start: p.Start, End: p.End}
	require.NoError(t, base.CreateProject(ctx, &p2))
	b2 := socialsvc.Beneficiary{OrgID: org.ID, ProjectID: p2.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
	require.NoError(t, c.CreateBeneficiary(ctx, &b2))
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(c.DeleteProject(ctx, p2.ID, 1)), "a project with beneficiaries in own")
	_, err = base.GetProject(ctx, p2.ID)
	require.NoError(t, err)

	// Reads of beneficiaries come from own.
	list, err := c.ListBeneficiaries(ctx, store.BeneficiaryFilter{OrgID: org.ID})
	require.NoError(t, err)
	assert.Len(t, list.Items, 2)
	n := 0
	for _, err := range c.ScanBeneficiaries(ctx, store.BeneficiaryFilter{ProjectID: p2.ID}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)

	// Erasure goes to own; base's attendance and counts stay.
	require.NoError(t, c.EraseBeneficiary(ctx, b.ID))
	got, err := own.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	assert.True(t, got.Erased)
	counts, err := store.CountAttendance(ctx, c, store.AttendanceFilter{ProjectID: p.ID})
	require.NoError(t, err)
	assert.Equal(t, store.AttendanceCounts{Visits: 1, Individuals: 1}, counts)
	err = c.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b2.ID})
	require.NoError(t, err, "attendance at another project's event is allowed")

	// Updates go through the rules: an erased person cannot be changed.
	got.Gender = socialsvc.GenderMale
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(c.UpdateBeneficiary(ctx, &got)))
}

func TestCombineTx(t *testing.T) {
	ctx := t.Context()
	c, base, own, org, _, e := combineFixture(t)
	var b socialsvc.Beneficiary
	err := c.WithTx(ctx, func(tx store.Store) error {
		b = socialsvc.Beneficiary{OrgID: org.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
		if err := tx.CreateBeneficiary(ctx, &b); err != nil {
			return err
		}
		// Inside base's transaction the rules still see own's records.
		return tx.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID})
	})
	require.NoError(t, err)
	_, err = own.GetBeneficiary(ctx, b.ID)
	require.NoError(t, err)
	pg, err := base.ListAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)

	// View without Combine is the store itself.
	assert.Same(t, base, store.View(ctx, base))
}
