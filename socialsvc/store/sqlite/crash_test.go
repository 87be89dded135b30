//go:build unix

package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
)

// The crash test imports a large batch of attendance in a child process
// (this test binary, run as TestHelperProcess) and kills it with SIGKILL
// while the import writes: the database must come back with the whole
// batch or none of it, and pass PRAGMA integrity_check.

const (
	envCrashDB = "SOCIALSVC_SQLITE_CRASH_DB"
	crashBens  = 1000
	crashEvts  = 200 // 200 × 1000 = 200,000 rows
)

// TestHelperProcess is the child of TestKillDuringImport; run on its own
// it does nothing.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(envCrashDB)
	if path == "" {
		t.Skip("the child process of TestKillDuringImport")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	rows, err := crashRows(ctx, s)
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	n, err := store.ImportAttendance(ctx, s, rows)
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	fmt.Println("DONE", n)
	os.Exit(0)
}

// crashRows pairs every event with every beneficiary. When the import
// has read the last row it prints READ: checks and writes follow.
func crashRows(ctx context.Context, s *Store) (iter.Seq[socialsvc.Attendance], error) {
	var events []socialsvc.EventID
	for e, err := range pages(ctx, s.ListEvents, store.EventFilter{}) {
		if err != nil {
			return nil, err
		}
		events = append(events, e.ID)
	}
	var bens []socialsvc.BeneficiaryID
	for b, err := range s.ScanBeneficiaries(ctx, store.BeneficiaryFilter{}) {
		if err != nil {
			return nil, err
		}
		bens = append(bens, b.ID)
	}
	return func(yield func(socialsvc.Attendance) bool) {
		for _, e := range events {
			for _, b := range bens {
				if !yield(socialsvc.Attendance{EventID: e, BeneficiaryID: b}) {
					return
				}
			}
		}
		fmt.Println("READ")
	}, nil
}

func pages[T any](ctx context.Context, list func(context.Context, store.EventFilter) (store.Page[T], error), f store.EventFilter) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		f.Limit = store.MaxLimit
		for {
			pg, err := list(ctx, f)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range pg.Items {
				if !yield(v, nil) {
					return
				}
			}
			if pg.NextCursor == "" {
				return
			}
			f.Cursor = pg.NextCursor
		}
	}
}

// seedCrashDB makes the events and beneficiaries the child pairs.
func seedCrashDB(t *testing.T, path string) {
	t.Helper()
	ctx := t.Context()
	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	org := socialsvc.Organisation{Name: "Socijalni atelje", LegalStatus: socialsvc.LegalNGO, Country: "HR"}
	require.NoError(t, s.CreateOrganisation(ctx, &org))
	p := socialsvc.Project{Acronym: "Atelje", Title: socialsvc.I18n{"hr": "Socijalni atelje"}, Start: socialsvc.MustDate("2021-01-01"), End: socialsvc.MustDate("2023-12-31")}
	require.NoError(t, s.CreateProject(ctx, &p))
	var bens []socialsvc.Beneficiary
	for range crashBens {
		bens = append(bens, socialsvc.Beneficiary{OrgID: org.ID, LegalBasis: socialsvc.BasisPublicTask, RetainUntil: socialsvc.MustDate("2030-12-31")})
	}
	n, err := store.ImportBeneficiaries(ctx, s, slices.Values(bens))
	require.NoError(t, err)
	require.Equal(t, crashBens, n)
	require.NoError(t, s.WithTx(ctx, func(tx store.Store) error {
		for i := range crashEvts {
			e := socialsvc.Event{ProjectID: p.ID, Type: socialsvc.EventCommunity, Title: socialsvc.I18n{"hr": fmt.Sprintf("Radionica %d", i)}, Start: socialsvc.MustDate("2022-05-01").AddDays(i)}
			if err := tx.CreateEvent(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	}))
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 200,000 rows in a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	seedCrashDB(t, path)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDB+"="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()

	// Wait until the child has read every row, then until the write
	// transaction has spilled a few megabytes into the WAL: the import is
	// writing. Then kill it.
	deadline := time.After(2 * time.Minute)
	read := false
	for !read {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "the child ended before reading its rows")
			require.False(t, strings.HasPrefix(l, "ERROR"), l)
			read = l == "READ"
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatal("the child did not read its rows in time")
		}
	}
	wal := path + "-wal"
	base := fileSize(wal)
	killedMidway := false
	for !killedMidway {
		select {
		case l, ok := <-lines:
			if !ok || strings.HasPrefix(l, "DONE") {
				t.Fatalf("the import finished (%q) before the test could kill it: import more rows", l)
			}
			require.False(t, strings.HasPrefix(l, "ERROR"), l)
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatal("the WAL did not grow: the import is not writing")
		case <-time.After(time.Millisecond):
			if fileSize(wal) > base+4<<20 {
				require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
				killedMidway = true
			}
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	ws, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the child was killed by SIGKILL: %v", err)

	s, err := Open(t.Context(), path)
	require.NoError(t, err, "the database opens after the crash")
	defer s.Close()
	var check string
	require.NoError(t, s.db.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&check))
	assert.Equal(t, "ok", check)
	var fk int
	require.NoError(t, s.db.QueryRowContext(t.Context(), "SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk))
	assert.Zero(t, fk, "no foreign key is broken")
	c, err := s.CountAttendance(t.Context(), store.AttendanceFilter{})
	require.NoError(t, err)
	assert.Contains(t, []int64{0, crashBens * crashEvts}, c.Visits, "all of the batch or none of it")
	imports, err := s.ListAudit(t.Context(), store.AuditFilter{Entity: store.EntityAttendance})
	require.NoError(t, err)
	if c.Visits == 0 {
		assert.Empty(t, imports.Items, "no audit entry for an import that did not happen")
	} else {
		assert.Len(t, imports.Items, 1)
	}
}
