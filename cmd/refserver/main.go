// Command refserver is the reference server of go-socialsvc: it wires
// configuration, a store and the httpapi handler, and nothing else.
//
//	go run ./cmd/refserver                       SQLite file socialsvc.db, demo data on first run
//	go run ./cmd/refserver -db postgres://...    PostgreSQL (or SOCIALSVC_DB)
//	go run ./cmd/refserver migrate              apply migrations and exit
//	go run ./cmd/refserver token create --org dkolektiv --role editor
//	go run ./cmd/refserver token revoke <id>
//	go run ./cmd/refserver token list
//
// Flags of the server: -db, -addr (SOCIALSVC_ADDR), -demo=false, -log-level,
// -log-format, -upload-limit, -shutdown-timeout. Run with -h for all.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/memory"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/postgres"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "refserver:", err)
		os.Exit(1)
	}
}

// Main is the program, separate from main so that tests can start it,
// talk to it and stop it.
type Main struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
	// Ready, when set, is called with the address the server listens on
	// once it accepts connections (tests listen on 127.0.0.1:0).
	Ready func(addr string)
}

// NewMain returns a Main on the process's standard streams and
// environment.
func NewMain() *Main { return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv} }

// DefaultDB is where the server keeps its data when nothing else is said:
// an SQLite file in the working directory.
const DefaultDB = "sqlite://socialsvc.db"

// config is the server's configuration from flags and environment.
type config struct {
	db, addr          string
	demo              bool
	logLevel, logFmt  string
	uploadLimit       int64
	shutdownTimeout   time.Duration
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
}

func (m *Main) getenv(k string) string {
	if m.Getenv == nil {
		return ""
	}
	return m.Getenv(k)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Run runs the command in args until ctx is cancelled (the server) or the
// command is done (migrate, token).
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			return m.serve(ctx, args[1:])
		case "migrate":
			return m.migrate(ctx, args[1:])
		case "token":
			return m.token(ctx, args[1:])
		}
	}
	return m.serve(ctx, args)
}

func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", orDefault(m.getenv("SOCIALSVC_DB"), DefaultDB), "store URL: sqlite://file.db, sqlite:///abs/path.db, postgres://user:pass@host/db, memory:// (env SOCIALSVC_DB)")
}

func (m *Main) parseServe(args []string) (config, error) {
	fs := flag.NewFlagSet("refserver", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	c := config{}
	db := m.dbFlag(fs)
	fs.StringVar(&c.addr, "addr", orDefault(m.getenv("SOCIALSVC_ADDR"), "127.0.0.1:8080"), "address to listen on (env SOCIALSVC_ADDR)")
	fs.BoolVar(&c.demo, "demo", true, "load the five seed projects into an empty store and create demo tokens")
	fs.StringVar(&c.logLevel, "log-level", orDefault(m.getenv("SOCIALSVC_LOG_LEVEL"), "info"), "debug, info, warn or error")
	fs.StringVar(&c.logFmt, "log-format", "text", "text or json")
	fs.Int64Var(&c.uploadLimit, "upload-limit", httpapi.DefaultMaxUploadBytes, "largest CSV/XLSX upload in bytes")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 15*time.Second, "how long in-flight requests may take to finish on shutdown")
	fs.DurationVar(&c.readHeaderTimeout, "read-header-timeout", 5*time.Second, "server read-header timeout")
	fs.DurationVar(&c.readTimeout, "read-timeout", 60*time.Second, "server read timeout (uploads included)")
	fs.DurationVar(&c.writeTimeout, "write-timeout", 120*time.Second, "server write timeout (large reports included)")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", 120*time.Second, "keep-alive idle timeout")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (commands: serve, migrate, token)", fs.Arg(0))
	}
	c.db = *db
	return c, nil
}

func (m *Main) logger(level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(m.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(m.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("-log-format must be text or json")
}

// redact hides the password of a database URL in what is printed.
func redact(db string) string {
	if i := strings.Index(db, "://"); i >= 0 {
		if j := strings.Index(db[i+3:], "@"); j >= 0 {
			cred := db[i+3 : i+3+j]
			if k := strings.Index(cred, ":"); k >= 0 {
				return db[:i+3] + cred[:k] + ":***" + db[i+3+j:]
			}
		}
	}
	return db
}

func (m *Main) serve(ctx context.Context, args []string) error {
	c, err := m.parseServe(args)
	if err != nil {
		return err
	}
	log, err := m.logger(c.logLevel, c.logFmt)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, c.db)
	if err != nil {
		return fmt.Errorf("opening %s: %w", redact(c.db), err)
	}
	defer s.Close()
	tokens, closeTokens, err := openTokens(ctx, c.db)
	if err != nil {
		return fmt.Errorf("opening the token table: %w", err)
	}
	defer closeTokens()

	loaded, demoTokens, err := m.loadDemo(ctx, c, s, tokens)
	if err != nil {
		return err
	}

	h := httpapi.New(httpapi.Options{Store: s, Tokens: tokens, Logger: log, MaxUploadBytes: c.uploadLimit, Pages: httpapi.Dashboard})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.readHeaderTimeout,
		ReadTimeout:       c.readTimeout,
		WriteTimeout:      c.writeTimeout,
		IdleTimeout:       c.idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	m.banner(c, ln.Addr().String(), loaded, demoTokens)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", c.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), c.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// demoToken is a token made for the demo data, with what it may do.
type demoToken struct {
	Role  httpapi.Role
	Org   socialsvc.OrgID
	Token string
	About string
}

// The demo tokens: an admin, an editor of DKolektiv (partner in Social
// Atelier) and a viewer of K-zona (lead partner of Centri zajednice).
var demoTokenSpecs = []demoToken{
	{Role: httpapi.RoleAdmin, About: "everything"},
	{Role: httpapi.RoleEditor, Org: "dkolektiv", About: "writes in Social Atelier (DKolektiv is a partner), DKolektiv's beneficiaries"},
	{Role: httpapi.RoleViewer, Org: "k-zona", About: "reads Centri zajednice (K-zona is the lead partner)"},
}

// demoTokensFile is where the demo tokens of an SQLite database are kept
// (mode 0600) so that a second run can print them again: they are demo
// credentials for demo data, and the table holds only their hashes.
func demoTokensFile(db string) string {
	if !strings.HasPrefix(db, "sqlite:") {
		return ""
	}
	u, err := urlParse(db)
	if err != nil {
		return ""
	}
	p := sqlitePath(u)
	if p == ":memory:" || p == "" {
		return ""
	}
	return p + ".demo-tokens"
}

// loadDemo loads the seed projects into an empty store and makes the demo
// tokens. A store that already holds projects is left alone.
func (m *Main) loadDemo(ctx context.Context, c config, s store.Store, ts httpapi.TokenStore) (bool, []demoToken, error) {
	file := demoTokensFile(c.db)
	if !c.demo {
		return false, nil, nil
	}
	pg, err := s.ListProjects(ctx, store.ProjectFilter{ListOptions: store.ListOptions{Limit: 1}})
	if err != nil {
		return false, nil, err
	}
	if len(pg.Items) > 0 {
		toks, _ := readDemoTokens(file)
		return false, toks, nil
	}
	ctx = store.WithActor(ctx, store.Actor{ID: "refserver:demo", Role: store.RoleSystem})
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		return false, nil, fmt.Errorf("loading demo data: %w", err)
	}
	var toks []demoToken
	for _, spec := range demoTokenSpecs {
		tok, _, err := httpapi.Issue(ctx, ts, spec.Role, spec.Org, "demo "+string(spec.Role))
		if err != nil {
			return false, nil, err
		}
		spec.Token = tok
		toks = append(toks, spec)
	}
	if file != "" {
		if err := writeDemoTokens(file, toks); err != nil {
			return false, nil, err
		}
	}
	return true, toks, nil
}

func writeDemoTokens(file string, toks []demoToken) error {
	var b strings.Builder
	for _, t := range toks {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", t.Role, t.Org, t.Token, t.About)
	}
	return os.WriteFile(file, []byte(b.String()), 0o600)
}

func readDemoTokens(file string) ([]demoToken, error) {
	if file == "" {
		return nil, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []demoToken
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 4 {
			out = append(out, demoToken{Role: httpapi.Role(f[0]), Org: socialsvc.OrgID(f[1]), Token: f[2], About: f[3]})
		}
	}
	return out, nil
}

// banner prints where the server is, the demo tokens and what to open
// first.
func (m *Main) banner(c config, addr string, loaded bool, toks []demoToken) {
	base := "http://" + addr
	w := m.Stdout
	fmt.Fprintf(w, "go-socialsvc reference server\n")
	fmt.Fprintf(w, "  data:   %s", redact(c.db))
	if loaded {
		fmt.Fprintf(w, " (demo data loaded: the five seed projects)")
	}
	fmt.Fprintf(w, "\n  listen: %s/\n", base)
	if len(toks) > 0 {
		fmt.Fprintf(w, "\nDemo tokens (send as Authorization: Bearer <token>)")
		if f := demoTokensFile(c.db); f != "" {
			fmt.Fprintf(w, "; kept in %s, readable by you only", filepath.Base(f))
		}
		fmt.Fprintln(w, ":")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, t := range toks {
			org := string(t.Org)
			if org == "" {
				org = "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", t.Role, org, t.Token, t.About)
		}
		_ = tw.Flush()
	} else if c.demo {
		fmt.Fprintln(w, "\nCreate a token with: go run ./cmd/refserver token create --role admin")
	}
	admin := "<admin token>"
	for _, t := range toks {
		if t.Role == httpapi.RoleAdmin {
			admin = t.Token
		}
	}
	fmt.Fprintf(w, "\nOpen first:\n")
	fmt.Fprintf(w, "  %s/                                             the dashboard: projects, funding, indicators, reports (hr/en)\n", base)
	fmt.Fprintf(w, "  %s/signin                                       sign in with a token above to see full records and edit\n", base)
	fmt.Fprintf(w, "  %s/api/v1/projects/2sokrog                      a project as JSON (public)\n", base)
	fmt.Fprintf(w, "  %s/api/v1/projects/2sokrog/reports/beneficiaries.html   suppressed statistics (public)\n", base)
	fmt.Fprintf(w, "  %s/api/v1/openapi.json                          the API (OpenAPI 3.1)\n", base)
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' %s/api/v1/projects/2sokrog/funding\n", admin, base)
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' -o 2sokrog.xlsx %s/api/v1/projects/2sokrog/reports/financial.xlsx\n", admin, base)
	fmt.Fprintf(w, "Stop with Ctrl-C; the data stays in the database for the next run.\n")
}

func (m *Main) migrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("refserver migrate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := m.dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Opening a store applies its embedded migrations.
	s, err := store.Open(ctx, *db)
	if err != nil {
		return fmt.Errorf("opening %s: %w", redact(*db), err)
	}
	defer s.Close()
	_, closeTokens, err := openTokens(ctx, *db)
	if err != nil {
		return err
	}
	defer closeTokens()
	fmt.Fprintf(m.Stdout, "migrations applied to %s\n", redact(*db))
	return nil
}

func (m *Main) token(ctx context.Context, args []string) error {
	usage := errors.New("usage: refserver token create --role admin|editor|viewer [--org ID] [--name TEXT] | token revoke ID | token list")
	if len(args) == 0 {
		return usage
	}
	fs := flag.NewFlagSet("refserver token "+args[0], flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := m.dbFlag(fs)
	role := fs.String("role", "", "admin, editor or viewer")
	org := fs.String("org", "", "organisation ID (editor and viewer)")
	name := fs.String("name", "", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	open := func() (httpapi.TokenStore, func() error, error) {
		if !strings.HasPrefix(*db, "sqlite:") && !strings.HasPrefix(*db, "postgres") {
			return nil, nil, fmt.Errorf("tokens of %s do not outlive the process: use an sqlite:// or postgres:// database", redact(*db))
		}
		// Open the store first, so that its migrations exist and an
		// organisation can be checked.
		return openTokens(ctx, *db)
	}
	switch args[0] {
	case "create":
		s, err := store.Open(ctx, *db)
		if err != nil {
			return err
		}
		defer s.Close()
		if *org != "" {
			if _, err := s.GetOrganisation(ctx, socialsvc.OrgID(*org)); err != nil {
				return fmt.Errorf("organisation %q: %w", *org, err)
			}
		}
		ts, closeTS, err := open()
		if err != nil {
			return err
		}
		defer closeTS()
		tok, rec, err := httpapi.Issue(ctx, ts, httpapi.Role(*role), socialsvc.OrgID(*org), *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s\n", tok)
		fmt.Fprintf(m.Stderr, "token %s (%s %s) created; it is shown only now\n", rec.ID, rec.Role, rec.OrgID)
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return usage
		}
		ts, closeTS, err := open()
		if err != nil {
			return err
		}
		defer closeTS()
		id := fs.Arg(0)
		if i := strings.Index(id, "_"); strings.HasPrefix(id, "ssv_") && i >= 0 {
			id = strings.SplitN(id, "_", 3)[1] // a whole token names its ID
		}
		if err := ts.RevokeToken(ctx, id, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "token %s revoked\n", id)
		return nil
	case "list":
		ts, closeTS, err := open()
		if err != nil {
			return err
		}
		defer closeTS()
		recs, err := ts.ListTokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tORG\tNAME\tCREATED\tREVOKED")
		for _, r := range recs {
			rev := ""
			if !r.RevokedAt.IsZero() {
				rev = r.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Role, r.OrgID, r.Name, r.CreatedAt.Format(time.RFC3339), rev)
		}
		return tw.Flush()
	}
	return usage
}
