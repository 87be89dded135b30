package sqlite

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/internal/sqlstore"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	"github.com/zajednica/go-socialsvc/socialsvc/store/storetest"
)

// openTemp opens a fresh database file in the test's temporary directory.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "socialsvc.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestConformanceMemory runs the suite on sqlite://:memory:, whose
// connections share one in-memory database.
func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(t.Context(), MemoryPath)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

// TestCombine runs the beneficiary subset of the suite with the
// beneficiaries outside the database: attendance refers to people the
// foreign keys cannot see, and the rule checks and imports must look them
// up through store.Combine.
func TestCombine(t *testing.T) {
	storetest.RunBeneficiaries(t, func(t *testing.T) store.Store {
		own := memory.New()
		t.Cleanup(func() { _ = own.Close() })
		return store.Combine(openTemp(t), own)
	})
}

// pragma reads a PRAGMA on n connections of the pool at once, so that a
// setting missing on some connection shows.
func pragma(t *testing.T, s *Store, name string, n int) []string {
	t.Helper()
	ctx := t.Context()
	var out []string
	for range n {
		c, err := s.db.Conn(ctx)
		require.NoError(t, err)
		defer c.Close()
		var v string
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v))
		out = append(out, v)
	}
	return out
}

func TestPragmas(t *testing.T) {
	s := openTemp(t)
	for _, tc := range []struct{ pragma, want string }{
		{"foreign_keys", "1"},
		{"journal_mode", "wal"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
	} {
		assert.Equal(t, []string{tc.want, tc.want, tc.want}, pragma(t, s, tc.pragma, 3), tc.pragma)
	}
	mem, err := Open(t.Context(), MemoryPath)
	require.NoError(t, err)
	defer mem.Close()
	assert.Equal(t, []string{"1", "1", "1"}, pragma(t, mem, "foreign_keys", 3), "in-memory databases check foreign keys too")
}

func versions(t *testing.T, s *Store) []int {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), "SELECT version FROM schema_migrations ORDER BY version")
	require.NoError(t, err)
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

func TestReopenKeepsDataAndMigrationsOnce(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "data.db")
	// Every embedded migration, in ascending order. Numbers may have gaps:
	// they are handed out to changes developed side by side, and Migrate
	// applies whatever a database has not recorded.
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	require.NoError(t, err)
	var want []int
	for _, m := range ms {
		want = append(want, m.Version)
	}
	assert.Subset(t, want, []int{1, 2, 4, 8})
	s, err := Open(ctx, path)
	require.NoError(t, err)
	assert.Equal(t, want, versions(t, s), "migrations are recorded")
	o := socialsvc.Organisation{Name: "Zaklada Zajednički put", LegalStatus: socialsvc.LegalFoundation, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &o))
	require.NoError(t, s.Close())

	again, err := Open(ctx, path)
	require.NoError(t, err)
	defer again.Close()
	assert.Equal(t, want, versions(t, again), "reopening applies nothing twice")
	got, err := again.GetOrganisation(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Name, got.Name)
	assert.Equal(t, o.CreatedAt, got.CreatedAt)
	entries, err := again.ListAudit(ctx, store.AuditFilter{})
	require.NoError(t, err)
	assert.Len(t, entries.Items, 1)
}

func TestMemoryDatabasesAreSeparate(t *testing.T) {
	ctx := t.Context()
	a, err := Open(ctx, MemoryPath)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, MemoryPath)
	require.NoError(t, err)
	defer b.Close()
	o := socialsvc.Organisation{Name: "DKolektiv", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	require.NoError(t, a.CreateOrganisation(ctx, &o))
	_, err = b.GetOrganisation(ctx, o.ID)
	assert.Equal(t, socialsvc.NotFound, socialsvc.ErrorCode(err), "each :memory: store is its own database")
}

func TestOpenURL(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	for _, tc := range []struct {
		name, url string
		file      string // the database file the URL names, "" for memory
	}{
		{"absolute path", "sqlite://" + filepath.ToSlash(filepath.Join(dir, "abs.db")), "abs.db"},
		{"with options", "sqlite://" + filepath.ToSlash(filepath.Join(dir, "opts.db")) + "?busy_timeout=2s&max_conns=3", "opts.db"},
		{"memory", "sqlite://:memory:", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(ctx, tc.url)
			require.NoError(t, err)
			defer s.Close()
			require.IsType(t, &Store{}, s)
			require.NoError(t, s.Ping(ctx))
			if tc.file != "" {
				assert.FileExists(t, filepath.Join(dir, tc.file))
			}
		})
	}
	for _, bad := range []string{"sqlite://" + dir + "/x.db?busy_timeout=soon", "sqlite://" + dir + "/x.db?max_conns=0", "sqlite://" + dir + "/x.db?cache=shared", "sqlite://"} {
		_, err := store.Open(ctx, bad)
		require.Error(t, err, bad)
		assert.Equal(t, socialsvc.Invalid, socialsvc.ErrorCode(err), bad)
		fields := socialsvc.ErrorFields(err)
		require.Len(t, fields, 1, bad)
		assert.Equal(t, "db", fields[0].Field)
	}
}

func TestOpenURLRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	u, err := url.Parse("sqlite://data/rel.db")
	require.NoError(t, err)
	_, err = OpenURL(t.Context(), u)
	require.Error(t, err, "the directory data/ does not exist yet")
	u, err = url.Parse("sqlite://rel.db")
	require.NoError(t, err)
	s, err := OpenURL(t.Context(), u)
	require.NoError(t, err)
	defer s.Close()
	assert.FileExists(t, "rel.db")
}

// TestMoneyColumnsAgree checks the CHECK constraint that keeps the text
// amount and its integer cents equal: SQL sums use the cents, so a row
// whose two disagree must not get in.
func TestMoneyColumnsAgree(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	// One connection without foreign keys, so that the rows need no
	// project or partner.
	c, err := s.db.Conn(ctx)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
	require.NoError(t, err)
	for i, tc := range []struct {
		text  string
		cents int64
		ok    bool
	}{
		{"1234.56", 123456, true},
		{"-0.05", -5, true},
		{"0.00", 0, true},
		{"999999999.99", 99999999999, true},
		{"1234.56", 123457, false},
		{"1234.5", 123450, false},
		{"0.05", -5, false},
		{"1234.560", 123456, false},
	} {
		_, err = c.ExecContext(ctx, `INSERT INTO budget_lines (id, project_id, partner_id, category, period, amount, amount_cents, amount_currency, description, computed, version, created_at, updated_at)
			VALUES ($1, 'p', 'q', 'staff', 0, $2, $3, 'EUR', '', 0, 1, 'x', 'x')`, "bud_"+strconv.Itoa(i), tc.text, tc.cents)
		if tc.ok {
			assert.NoError(t, err, "%s = %d", tc.text, tc.cents)
		} else {
			assert.ErrorContains(t, err, "CHECK constraint failed", "%s = %d", tc.text, tc.cents)
		}
	}
	_, err = c.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	require.NoError(t, err)
}

func TestClose(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.Error(t, s.Ping(context.Background()), "a closed store does not answer")
}
