package postgres

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/internal/pgtest"
	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore"
	"github.com/zajednica/go-socialsvc/socialsvc/store/storetest"
)

func openFresh(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.Schema(t, "socialsvc_test"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestOpenByURL(t *testing.T) {
	u := pgtest.Schema(t, "socialsvc_test")
	for _, scheme := range []string{"postgres", "postgresql"} {
		v, err := url.Parse(u)
		require.NoError(t, err)
		v.Scheme = scheme
		s, err := store.Open(t.Context(), v.String())
		require.NoError(t, err, scheme)
		assert.IsType(t, &Store{}, s)
		require.NoError(t, s.Ping(t.Context()))
		require.NoError(t, s.Close())
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := Open(t.Context(), "postgres://user:secret@localhost:notaport/db")
	require.Error(t, err)
	assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err))
	assert.NotContains(t, err.Error(), "secret", "the error does not repeat the password")
}

func migrations(t *testing.T, s *Store) []int64 {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), "SELECT version FROM schema_migrations ORDER BY version")
	require.NoError(t, err)
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	return vs
}

// embeddedVersions returns the numbers of the embedded migrations, which a
// migrated schema must have recorded, each once.
func embeddedVersions(t *testing.T) []int64 {
	t.Helper()
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	require.NoError(t, err)
	// Numbers may have gaps: they are handed out to changes developed side
	// by side, and Migrate applies whatever a database has not recorded.
	var out []int64
	for _, m := range ms {
		out = append(out, int64(m.Version))
	}
	return out
}

func TestMigrationsRecordedAndIdempotent(t *testing.T) {
	u := pgtest.Schema(t, "socialsvc_test")
	ctx := t.Context()
	s, err := Open(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, embeddedVersions(t), migrations(t, s))
	o := socialsvc.Organisation{Name: "K-zona", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &o))
	require.NoError(t, s.Close())

	again, err := Open(ctx, u)
	require.NoError(t, err, "reopening applies nothing and fails on nothing")
	defer again.Close()
	assert.Equal(t, embeddedVersions(t), migrations(t, again), "each migration is recorded once")
	got, err := again.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "K-zona", got.Name)
}

// TestConcurrentOpen starts several servers on one empty database at once:
// the advisory lock lets one apply the migrations and the others find
// them applied.
func TestConcurrentOpen(t *testing.T) {
	u := pgtest.Schema(t, "socialsvc_test")
	const n = 4
	stores := make([]*Store, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			stores[i], errs[i] = Open(context.Background(), u)
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "server %d", i)
		defer stores[i].Close()
	}
	assert.Equal(t, embeddedVersions(t), migrations(t, stores[0]))
	o := socialsvc.Organisation{Name: "RASR", LegalStatus: socialsvc.LegalPublicBody, Country: "SI"}
	require.NoError(t, stores[0].CreateOrganisation(t.Context(), &o))
	_, err := stores[n-1].GetOrganisation(t.Context(), o.ID)
	require.NoError(t, err, "every server sees the same tables")
}

// TestConnectionDroppedMidTransaction terminates the backend of a
// transaction after some writes: the transaction fails with an error and
// nothing of it is left.
func TestConnectionDroppedMidTransaction(t *testing.T) {
	s := openFresh(t)
	ctx := t.Context()
	before, err := s.ListAudit(ctx, store.AuditFilter{})
	require.NoError(t, err)
	var writes int
	err = s.WithTx(ctx, func(tx store.Store) error {
		for i := range 3 {
			o := socialsvc.Organisation{Name: "Udruga " + string(rune('A'+i)), LegalStatus: socialsvc.LegalNGO, Country: "HR"}
			if err := tx.CreateOrganisation(ctx, &o); err != nil {
				return err
			}
			writes++
		}
		var pid int64
		rows, err := tx.(*sqlstore.Store).Raw().Query(ctx, "SELECT pg_backend_pid()")
		require.NoError(t, err)
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&pid))
		require.NoError(t, rows.Close())
		_, err = s.pool.Exec(ctx, "SELECT pg_terminate_backend($1)", pid)
		require.NoError(t, err)
		o := socialsvc.Organisation{Name: "Udruga D", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
		return tx.CreateOrganisation(ctx, &o)
	})
	require.Error(t, err, "a write on a terminated connection fails")
	assert.Equal(t, 3, writes, "the transaction had written before the connection went")
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err, "the pool replaces the dead connection")
	assert.Empty(t, pg.Items, "nothing of the transaction was committed")
	after, err := s.ListAudit(ctx, store.AuditFilter{})
	require.NoError(t, err)
	assert.Equal(t, len(before.Items), len(after.Items), "no audit entry either")
}

// raise returns SQL that fails with the given SQLSTATE.
func raise(code string) string {
	return "DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '" + code + "'; END $$"
}

func TestClassifyErrorCodes(t *testing.T) {
	s := openFresh(t)
	ctx := t.Context()
	_, err := s.pool.Exec(ctx, "CREATE TABLE classify (id TEXT PRIMARY KEY, n INTEGER CHECK (n > 0), ref TEXT REFERENCES classify (id))")
	require.NoError(t, err)
	_, err = s.pool.Exec(ctx, "INSERT INTO classify VALUES ('a', 1, NULL), ('b', 1, 'a')")
	require.NoError(t, err)
	for _, tc := range []struct {
		name, sql string
		want      sqlstore.FailureKind
	}{
		{"unique 23505", "INSERT INTO classify VALUES ('a', 1, NULL)", sqlstore.FailUnique},
		{"foreign key on insert 23503", "INSERT INTO classify VALUES ('c', 1, 'missing')", sqlstore.FailForeignKey},
		{"foreign key on delete 23503", "DELETE FROM classify WHERE id = 'a'", sqlstore.FailForeignKey},
		{"check 23514", "INSERT INTO classify VALUES ('d', -1, NULL)", sqlstore.FailCheck},
		{"not null 23502", "INSERT INTO classify VALUES (NULL, 1, NULL)", sqlstore.FailCheck},
		{"serialization 40001", raise("40001"), sqlstore.FailRetry},
		{"deadlock 40P01", raise("40P01"), sqlstore.FailRetry},
		{"statement timeout 57014", "SET LOCAL statement_timeout = '10ms'; SELECT pg_sleep(1)", sqlstore.FailTimeout},
		{"data 22P02", "SELECT 'x'::integer", sqlstore.FailData},
		{"other", "SELECT * FROM no_such_table", sqlstore.FailOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := s.pool.Begin(ctx)
			require.NoError(t, err)
			defer tx.Rollback(ctx)
			_, err = tx.Exec(ctx, tc.sql)
			require.Error(t, err)
			assert.Equal(t, tc.want, dialect{}.Classify(err).Kind, "%v", err)
		})
	}
}

func TestStatementTimeoutIsInternal(t *testing.T) {
	u := pgtest.Schema(t, "socialsvc_test")
	v, err := url.Parse(u)
	require.NoError(t, err)
	q := v.Query()
	q.Set("statement_timeout", "50ms")
	v.RawQuery = q.Encode()
	s, err := Open(t.Context(), v.String())
	require.NoError(t, err)
	defer s.Close()
	err = s.WithTx(t.Context(), func(tx store.Store) error {
		// A rule check that takes too long: the lookups of a store call
		// run as one statement each, so a slow statement is simulated.
		_, err := tx.(*sqlstore.Store).Raw().Exec(t.Context(), "SELECT pg_sleep(1)")
		require.Error(t, err)
		return tx.(*sqlstore.Store).Fail(t.Context(), err)
	})
	require.Error(t, err)
	assert.Equal(t, socialsvc.Internal, socialsvc.ErrorCode(err))
	assert.Contains(t, socialsvc.ErrorMessage(err), "statement timeout")
}

// TestRetrySerializationFailure makes the first run of a transaction fail
// as a serialisation failure does: WithTx runs it again and succeeds.
func TestRetrySerializationFailure(t *testing.T) {
	s := openFresh(t)
	ctx := t.Context()
	runs := 0
	var org socialsvc.Organisation
	err := s.WithTx(ctx, func(tx store.Store) error {
		runs++
		org = socialsvc.Organisation{Name: "CZSS Čakovec", LegalStatus: socialsvc.LegalPublicBody, Country: "HR"}
		if err := tx.CreateOrganisation(ctx, &org); err != nil {
			return err
		}
		if runs == 1 {
			_, err := tx.(*sqlstore.Store).Raw().Exec(ctx, raise("40001"))
			return err
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, runs)
	pg, err := s.ListOrganisations(ctx, store.OrgFilter{})
	require.NoError(t, err)
	require.Len(t, pg.Items, 1, "the first run was rolled back")
	assert.Equal(t, org.ID, pg.Items[0].ID)

	// A failure that persists is retried a bounded number of times.
	runs = 0
	err = s.WithTx(ctx, func(tx store.Store) error {
		runs++
		_, err := tx.(*sqlstore.Store).Raw().Exec(ctx, raise("40P01"))
		return err
	})
	require.Error(t, err)
	assert.Equal(t, 5, runs, "one run and four retries")
}

func TestDeleteReferencedNamesTheReference(t *testing.T) {
	s := openFresh(t)
	ctx := t.Context()
	p := socialsvc.Project{Acronym: "2SoKroG", Title: socialsvc.I18n{"hr": "Socijalna kohezija"}, Start: socialsvc.MustDate("2018-09-01"), End: socialsvc.MustDate("2020-08-31")}
	require.NoError(t, s.CreateProject(ctx, &p))
	e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventConference, Title: socialsvc.I18n{"hr": "Završna konferencija"}, Start: socialsvc.MustDate("2020-06-10")}
	require.NoError(t, s.CreateEvent(ctx, &e))
	err := s.DeleteProject(ctx, p.ID, p.Version)
	require.Error(t, err)
	assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(err))
	assert.Equal(t, "the project is referenced by events and cannot be deleted", socialsvc.ErrorMessage(err))
}

// TestConcurrentAttendanceAndDelete races recording attendance against
// deleting the beneficiary: either the delete wins (and the attendance
// is refused) or the attendance wins (and the delete is a conflict), never
// attendance of a deleted person.
func TestConcurrentAttendanceAndDelete(t *testing.T) {
	s := openFresh(t)
	ctx := t.Context()
	org := socialsvc.Organisation{Name: "Udruga Vestigium", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{Acronym: "CZ", Title: socialsvc.I18n{"hr": "Centri zajednice"}, Start: socialsvc.MustDate("2022-10-01"), End: socialsvc.MustDate("2023-12-31")}
	require.NoError(t, s.CreateProject(ctx, &p))
	e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventWorkshop, Title: socialsvc.I18n{"hr": "Radionica"}, Start: socialsvc.MustDate("2023-03-01")}
	require.NoError(t, s.CreateEvent(ctx, &e))
	for i := range 20 {
		b := socialsvc.Beneficiary{OrgID: org.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")}
		require.NoError(t, s.CreateBeneficiary(ctx, &b))
		var attErr, delErr error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			attErr = s.CreateAttendance(ctx, &socialsvc.Attendance{EventID: e.ID, BeneficiaryID: b.ID})
		}()
		go func() {
			defer wg.Done()
			delErr = s.DeleteBeneficiary(ctx, b.ID, b.Version)
		}()
		wg.Wait()
		_, getErr := s.GetBeneficiary(ctx, b.ID)
		c, err := s.CountAttendance(ctx, store.AttendanceFilter{BeneficiaryID: b.ID})
		require.NoError(t, err)
		switch {
		case attErr == nil:
			assert.Equal(t, socialsvc.Conflict, socialsvc.ErrorCode(delErr), "round %d: the delete must refuse a person with attendance", i)
			assert.NoError(t, getErr)
			assert.Equal(t, int64(1), c.Visits)
		default:
			assert.NoError(t, delErr, "round %d", i)
			assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(attErr), "round %d: attendance of a deleted person is refused", i)
			assert.True(t, errors.Is(getErr, socialsvc.ErrNotFound))
			assert.Equal(t, int64(0), c.Visits)
		}
	}
}
