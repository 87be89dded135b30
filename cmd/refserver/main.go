// Command refserver is the reference server of go-socialsvc: it wires
// configuration, a store and the httpapi handler, and nothing else.
//
//	go run ./cmd/refserver                       SQLite file socialsvc.db, demo data on first run
//	go run ./cmd/refserver -db postgres://...    PostgreSQL (or SOCIALSVC_DB)
//	go run ./cmd/refserver -h                    the commands and every flag
//	go run ./cmd/refserver -db URL migrate       apply migrations and exit
//	go run ./cmd/refserver -db URL token create --org dkolektiv --role editor
//	go run ./cmd/refserver -db URL token revoke <id>
//	go run ./cmd/refserver -db URL token list
//	go run ./cmd/refserver -db URL import --project 2sokrog --kind expenditure troskovi.csv
//	go run ./cmd/refserver -db URL rates import --month 2022-12 inforeuro-2022-12.json
//	go run ./cmd/refserver -db URL rates import --format csv --source HNB rates.csv
//
// Global flags (-db and the server's) come before the command or after
// it. Flags of the server: -db, -addr (SOCIALSVC_ADDR), -demo=false,
// -log-level, -log-format, -upload-limit, -shutdown-timeout,
// -metrics-addr and -metrics-token (SOCIALSVC_METRICS_ADDR,
// SOCIALSVC_METRICS_TOKEN), -trusted-proxies (SOCIALSVC_TRUSTED_PROXIES).
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
	"slices"
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
	metricsAddr       string
	metricsToken      string
	trustedProxies    string
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

// commands are the subcommands, for -h and for the error of an unknown
// one.
var commands = []struct{ name, usage string }{
	{"serve", "serve the API and the dashboard (what refserver does without a command)"},
	{"migrate", "apply the store's migrations and exit"},
	{"token create", "--role admin|editor|viewer [--org ID] [--name TEXT]: make an API token, printed once"},
	{"token revoke", "ID|TOKEN: revoke a token"},
	{"token list", "list the tokens (never the tokens themselves)"},
	{"import", "--project ID --kind attendance|beneficiaries|expenditure|participations [--org ID] [--lang hr|en|sl|sr-Latn|sq] [--errors-csv FILE] FILE: import a CSV or XLSX file, all rows or none"},
	{"rates import", "[--format inforeuro] --month YYYY-MM FILE | --format csv --source TEXT FILE: load the Commission's monthly InforEuro rates or currency;month;rate lines, all or none"},
}

func commandNames() string {
	var names []string
	for _, c := range commands {
		name, _, _ := strings.Cut(c.name, " ")
		if len(names) == 0 || names[len(names)-1] != name {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// defaults is the configuration before any flag: the built-in values and
// the environment.
func (m *Main) defaults() config {
	return config{
		db:                orDefault(m.getenv("SOCIALSVC_DB"), DefaultDB),
		addr:              orDefault(m.getenv("SOCIALSVC_ADDR"), "127.0.0.1:8080"),
		demo:              true,
		logLevel:          orDefault(m.getenv("SOCIALSVC_LOG_LEVEL"), "info"),
		logFmt:            "text",
		uploadLimit:       httpapi.DefaultMaxUploadBytes,
		shutdownTimeout:   15 * time.Second,
		readHeaderTimeout: 5 * time.Second,
		readTimeout:       60 * time.Second,
		writeTimeout:      120 * time.Second,
		idleTimeout:       120 * time.Second,
		metricsAddr:       m.getenv("SOCIALSVC_METRICS_ADDR"),
		metricsToken:      m.getenv("SOCIALSVC_METRICS_TOKEN"),
		trustedProxies:    m.getenv("SOCIALSVC_TRUSTED_PROXIES"),
	}
}

// flags defines the global flags on fs with the values of c as defaults:
// they may come before a command (refserver -db URL token list) and, for
// serve, after it too.
func flags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.db, "db", c.db, "store URL: sqlite://file.db, sqlite:///abs/path.db, postgres://user:pass@host/db, memory:// (env SOCIALSVC_DB)")
	fs.StringVar(&c.addr, "addr", c.addr, "address to listen on (env SOCIALSVC_ADDR)")
	fs.BoolVar(&c.demo, "demo", c.demo, "load the five seed projects into an empty store and create demo tokens")
	fs.StringVar(&c.logLevel, "log-level", c.logLevel, "debug, info, warn or error (env SOCIALSVC_LOG_LEVEL)")
	fs.StringVar(&c.logFmt, "log-format", c.logFmt, "text or json")
	fs.Int64Var(&c.uploadLimit, "upload-limit", c.uploadLimit, "largest CSV/XLSX upload in bytes")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", c.shutdownTimeout, "how long in-flight requests may take to finish on shutdown")
	fs.DurationVar(&c.readHeaderTimeout, "read-header-timeout", c.readHeaderTimeout, "server read-header timeout")
	fs.DurationVar(&c.readTimeout, "read-timeout", c.readTimeout, "server read timeout (uploads included)")
	fs.DurationVar(&c.writeTimeout, "write-timeout", c.writeTimeout, "server write timeout (large reports included)")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", c.idleTimeout, "keep-alive idle timeout")
	fs.StringVar(&c.metricsAddr, "metrics-addr", c.metricsAddr, "serve /metrics on this address only (an internal port), not on -addr (env SOCIALSVC_METRICS_ADDR)")
	fs.StringVar(&c.metricsToken, "metrics-token", c.metricsToken, "bearer token /metrics requires; prefer the env SOCIALSVC_METRICS_TOKEN, which ps does not show")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", c.trustedProxies,
		"comma-separated addresses or CIDR prefixes of reverse proxies that terminate TLS; only their X-Forwarded-Proto: https makes the session cookie Secure (env SOCIALSVC_TRUSTED_PROXIES)")
}

// newFlagSet returns a flag set named name whose -h lists the commands.
func (m *Main) newFlagSet(name string, c *config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	flags(fs, c)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: refserver [flags] [command [command flags]]\n\nCommands:\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range commands {
			fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.usage)
		}
		_ = tw.Flush()
		fmt.Fprintf(w, "\nFlags (before the command, or after it):\n")
		fs.PrintDefaults()
	}
	return fs
}

// Run runs the command in args until ctx is cancelled (the server) or the
// command is done (migrate, token). Global flags come first; the command
// after them; the command's own flags after it.
func (m *Main) Run(ctx context.Context, args []string) error {
	c := m.defaults()
	fs := m.newFlagSet("refserver", &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return m.serve(ctx, c)
	}
	switch rest[0] {
	case "serve":
		sfs := m.newFlagSet("refserver serve", &c)
		if err := sfs.Parse(rest[1:]); err != nil {
			return err
		}
		if sfs.NArg() > 0 {
			return fmt.Errorf("unexpected argument %q after serve", sfs.Arg(0))
		}
		return m.serve(ctx, c)
	case "migrate":
		return m.migrate(ctx, c, rest[1:])
	case "token":
		return m.token(ctx, c, rest[1:])
	case "import":
		return m.importFile(ctx, c, rest[1:])
	case "rates":
		return m.rates(ctx, c, rest[1:])
	}
	return fmt.Errorf("unknown command %q (commands: %s; see refserver -h)", rest[0], commandNames())
}

// parseServe reads the flags of the server (refserver [flags]).
func (m *Main) parseServe(args []string) (config, error) {
	c := m.defaults()
	fs := m.newFlagSet("refserver", &c)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (commands: %s)", fs.Arg(0), commandNames())
	}
	return c, nil
}

// hint is a command line for the store in use, for messages that tell
// what to run next: the -db is always there, so that the line works from
// any directory and for any store (a password shows as ***).
func hint(db string, args ...string) string {
	return "go run ./cmd/refserver -db " + shellQuote(redact(db)) + " " + strings.Join(args, " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything but the
// characters of a plain URL.
func shellQuote(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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

func (m *Main) serve(ctx context.Context, c config) error {
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

	proxies, err := httpapi.ParseTrustedProxies(c.trustedProxies)
	if err != nil {
		return fmt.Errorf("-trusted-proxies: %w", err)
	}
	st, err := m.loadDemo(ctx, c, s, tokens)
	if err != nil {
		return err
	}

	h := httpapi.New(httpapi.Options{Store: s, Tokens: tokens, Logger: log, MaxUploadBytes: c.uploadLimit, Pages: httpapi.Dashboard,
		MetricsToken: c.metricsToken, MetricsElsewhere: c.metricsAddr != "", TrustedProxies: proxies})
	newServer := func(hd http.Handler) *http.Server {
		return &http.Server{
			Handler:           hd,
			ReadHeaderTimeout: c.readHeaderTimeout,
			ReadTimeout:       c.readTimeout,
			WriteTimeout:      c.writeTimeout,
			IdleTimeout:       c.idleTimeout,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
			BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		}
	}
	srvs := []*http.Server{newServer(h)}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	lns := []net.Listener{ln}
	st.metricsAddr = ln.Addr().String()
	if c.metricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", h.MetricsHandler())
		mln, err := net.Listen("tcp", c.metricsAddr)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("-metrics-addr: %w", err)
		}
		srvs, lns = append(srvs, newServer(mux)), append(lns, mln)
		st.metricsAddr = mln.Addr().String()
	}
	m.banner(c, ln.Addr().String(), st)
	errc := make(chan error, len(srvs))
	for i, srv := range srvs {
		go func() { errc <- srv.Serve(lns[i]) }()
	}
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", c.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), c.shutdownTimeout)
	defer cancel()
	for _, srv := range srvs {
		if err := srv.Shutdown(sctx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	if serveErr != nil {
		return serveErr
	}
	for range srvs {
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
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

// startState is what the banner says about the store at start-up.
type startState struct {
	loaded      bool        // the demo data was loaded now
	empty       bool        // the store holds no project
	noTokens    bool        // the token table is empty
	tokens      []demoToken // the demo tokens, when known
	metricsAddr string      // where /metrics is served
}

// loadDemo loads the seed projects into an empty store and makes the demo
// tokens. A store that already holds projects is left alone.
func (m *Main) loadDemo(ctx context.Context, c config, s store.Store, ts httpapi.TokenStore) (startState, error) {
	file := demoTokensFile(c.db)
	var st startState
	pg, err := s.ListProjects(ctx, store.ProjectFilter{ListOptions: store.ListOptions{Limit: 1}})
	if err != nil {
		return st, err
	}
	st.empty = len(pg.Items) == 0
	recs, err := ts.ListTokens(ctx)
	if err != nil {
		return st, err
	}
	st.noTokens = len(recs) == 0
	if !c.demo {
		return st, nil
	}
	if !st.empty {
		st.tokens, _ = readDemoTokens(file)
		return st, nil
	}
	ctx = store.WithActor(ctx, store.Actor{ID: "refserver:demo", Role: store.RoleSystem})
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		return st, fmt.Errorf("loading demo data: %w", err)
	}
	for _, spec := range demoTokenSpecs {
		tok, _, err := httpapi.Issue(ctx, ts, spec.Role, spec.Org, "demo "+string(spec.Role))
		if err != nil {
			return st, err
		}
		spec.Token = tok
		st.tokens = append(st.tokens, spec)
	}
	if file != "" {
		if err := writeDemoTokens(file, st.tokens); err != nil {
			return st, err
		}
	}
	st.loaded, st.empty, st.noTokens = true, false, false
	return st, nil
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
// first. Every command it suggests names the -db in use. An empty store
// (-demo=false on a new database) gets the steps to a first admin token
// and a first project instead of links to demo projects it does not have.
func (m *Main) banner(c config, addr string, st startState) {
	base := "http://" + addr
	w := m.Stdout
	fmt.Fprintf(w, "go-socialsvc reference server\n")
	fmt.Fprintf(w, "  data:   %s", redact(c.db))
	if st.loaded {
		fmt.Fprintf(w, " (demo data loaded: the five seed projects)")
	}
	fmt.Fprintf(w, "\n  listen: %s/\n", base)
	metrics := "http://" + st.metricsAddr + "/metrics"
	if c.metricsToken != "" {
		metrics += " (needs the metrics token)"
	}
	fmt.Fprintf(w, "  metrics: %s\n", metrics)
	toks := st.tokens
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
	} else if st.noTokens {
		fmt.Fprintf(w, "\nNo API token exists yet. Create the first admin token (it is printed once):\n  %s\n",
			hint(c.db, "token create --role admin --name ops"))
	} else {
		fmt.Fprintf(w, "\nTokens: %s; a new one: %s\n", hint(c.db, "token list"), hint(c.db, "token create --role admin"))
	}
	admin := "<admin token>"
	for _, t := range toks {
		if t.Role == httpapi.RoleAdmin {
			admin = t.Token
		}
	}
	if st.empty {
		fmt.Fprintf(w, "\nThe store holds no projects yet. With an admin token:\n")
		fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\\n", admin)
		fmt.Fprintf(w, "    -d '{\"id\":\"my-org\",\"name\":\"My organisation\",\"legal_status\":\"ngo\",\"country\":\"HR\"}' %s/api/v1/organisations\n", base)
		fmt.Fprintf(w, "  then POST %s/api/v1/projects and its partners, budget and expenditure: see %s/api/v1/openapi.json\n", base, base)
		fmt.Fprintf(w, "  (or start once with -demo on a new database to see five example projects)\n")
		fmt.Fprintf(w, "\nOpen:\n")
		fmt.Fprintf(w, "  %s/                       the dashboard (hr, en, sl, sr-Latn, sq)\n", base)
		fmt.Fprintf(w, "  %s/signin                 sign in with a token\n", base)
		fmt.Fprintf(w, "  %s/api/v1/openapi.json    the API (OpenAPI 3.1)\n", base)
		fmt.Fprintf(w, "Stop with Ctrl-C; the data stays in the database for the next run.\n")
		return
	}
	fmt.Fprintf(w, "\nOpen first:\n")
	fmt.Fprintf(w, "  %s/                                             the dashboard: projects, funding, indicators, reports (hr, en, sl, sr-Latn, sq)\n", base)
	fmt.Fprintf(w, "  %s/signin                                       sign in with a token above to see full records and edit\n", base)
	fmt.Fprintf(w, "  %s/api/v1/projects/2sokrog                      a project as JSON (public)\n", base)
	fmt.Fprintf(w, "  %s/api/v1/projects/2sokrog/reports/beneficiaries.html   suppressed statistics (public)\n", base)
	fmt.Fprintf(w, "  %s/api/v1/projects/aktivno-cesi/reports/participants.html   ESF+ common indicators (public, protected)\n", base)
	fmt.Fprintf(w, "  %s/projects/2sokrog/payments                    the reporting cycle: partner reports, control, payments (sign in as admin)\n", base)
	fmt.Fprintf(w, "  %s/api/v1/openapi.json                          the API (OpenAPI 3.1)\n", base)
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' %s/api/v1/projects/2sokrog/funding\n", admin, base)
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' -o 2sokrog.xlsx %s/api/v1/projects/2sokrog/reports/financial.xlsx\n", admin, base)
	fmt.Fprintf(w, "Stop with Ctrl-C; the data stays in the database for the next run.\n")
}

func (m *Main) migrate(ctx context.Context, c config, args []string) error {
	fs := flag.NewFlagSet("refserver migrate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", c.db, "store URL (as before the command)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q after migrate", fs.Arg(0))
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

// rates imports a rate file into the store: the Commission's monthly
// InforEuro list (JSON as its public API returns it, or its CSV form) or a
// plain currency;month;rate CSV. It is all or nothing: a bad row is
// reported with its line and nothing is stored.
func (m *Main) rates(ctx context.Context, c config, args []string) error {
	usage := errors.New("usage: refserver [-db URL] rates import [--format inforeuro] --month YYYY-MM FILE | rates import --format csv --source TEXT FILE")
	if len(args) == 0 || args[0] != "import" {
		return usage
	}
	fs := flag.NewFlagSet("refserver rates import", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", c.db, "store URL (as before the command)")
	format := fs.String("format", "inforeuro", "inforeuro (the Commission's monthly list) or csv (currency;month;rate lines)")
	month := fs.String("month", "", "the month of an InforEuro file, YYYY-MM")
	source := fs.String("source", "", "the source recorded with the rates of a plain CSV")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	var file socialsvc.RateFile
	switch *format {
	case "inforeuro":
		mo, err := socialsvc.ParseMonth(*month)
		if err != nil {
			return fmt.Errorf("--month: an InforEuro file needs its month, YYYY-MM")
		}
		file, err = socialsvc.ParseInforEuro(f, mo)
		if err != nil {
			return rowReport(fs.Arg(0), err)
		}
	case "csv":
		if file, err = socialsvc.ParseRatesCSV(f, *source); err != nil {
			return rowReport(fs.Arg(0), err)
		}
	default:
		return usage
	}
	s, err := store.Open(ctx, *db)
	if err != nil {
		return fmt.Errorf("opening %s: %w", redact(*db), err)
	}
	defer s.Close()
	ctx = store.WithActor(ctx, store.Actor{ID: "refserver:rates-import", Role: store.ActorRoleAdmin})
	n, err := store.ImportRates(ctx, s, slices.Values(file.Rates))
	if err != nil {
		return rowReport(fs.Arg(0), err)
	}
	for _, ig := range file.Ignored {
		fmt.Fprintf(m.Stderr, "%s:%d: %s left out: %s\n", fs.Arg(0), ig.Line, ig.Currency, ig.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d rates imported into %s\n", n, redact(*db))
	return nil
}

// rowReport turns row errors into one "file:line: field: message" line
// each, the way compilers report, so that the file can be fixed.
func rowReport(name string, err error) error {
	fields := socialsvc.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(socialsvc.ErrorMessage(err))
	for _, f := range fields {
		b.WriteString("\n")
		if f.Row > 0 {
			fmt.Fprintf(&b, "%s:%d: ", name, f.Row)
		}
		if f.Field != "" {
			b.WriteString(f.Field + ": ")
		}
		b.WriteString(f.Message)
	}
	return errors.New(b.String())
}

func (m *Main) token(ctx context.Context, c config, args []string) error {
	usage := errors.New("usage: refserver [-db URL] token create --role admin|editor|viewer [--org ID] [--name TEXT] | token revoke ID | token list")
	if len(args) == 0 {
		return usage
	}
	fs := flag.NewFlagSet("refserver token "+args[0], flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", c.db, "store URL (as before the command)")
	role := fs.String("role", "", "admin, editor, viewer or controller")
	org := fs.String("org", "", "organisation ID (editor and viewer)")
	name := fs.String("name", "", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	open := func() (httpapi.TokenStore, func() error, error) {
		if !strings.HasPrefix(*db, "sqlite:") && !strings.HasPrefix(*db, "postgres") {
			return nil, nil, fmt.Errorf("tokens of %s do not outlive the process: use an sqlite:// or postgres:// database (refserver -db sqlite://socialsvc.db token ...)", redact(*db))
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
		fmt.Fprintf(m.Stderr, "token %s (%s %s) created; it is shown only now. Revoke it with: %s\n", rec.ID, rec.Role, rec.OrgID, hint(*db, "token revoke", rec.ID))
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
