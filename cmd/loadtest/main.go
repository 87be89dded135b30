// Command loadtest measures the reference server's API on loopback: GET
// of one project against a bare net/http handler serving fixed JSON in the
// same run, and a mixed load of reads and If-Match writes that must lose
// no update. It is bounded in requests and time, and talks to 127.0.0.1
// only.
//
//	go run ./cmd/loadtest                        the figures of BENCHMARKS.md
//	go run ./cmd/loadtest -requests 2000 -mixed 3s   a quick look
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	_ "github.com/zajednica/go-socialsvc/socialsvc/store/sqlite"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	conns    int
	requests int
	maxTime  time.Duration
	mixed    time.Duration
	db       string
}

// result is what one phase measured.
type result struct {
	name     string
	requests int
	elapsed  time.Duration
	p50, p99 time.Duration
	statuses map[int]int
}

func (r result) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	c := config{}
	fs.IntVar(&c.conns, "conns", 64, "concurrent connections")
	fs.IntVar(&c.requests, "requests", 50000, "requests per GET phase (an upper bound)")
	fs.DurationVar(&c.maxTime, "max-time", 20*time.Second, "time limit of each GET phase")
	fs.DurationVar(&c.mixed, "mixed", 30*time.Second, "duration of the mixed read/write phase")
	fs.StringVar(&c.db, "db", "", "SQLite file (a temporary one when empty)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if c.db == "" {
		dir, err := os.MkdirTemp("", "socialsvc-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.db = filepath.Join(dir, "load.db")
	}
	s, err := store.Open(ctx, "sqlite://"+c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		return err
	}
	ts := httpapi.NewMemoryTokens()
	admin, _, err := httpapi.Issue(ctx, ts, httpapi.RoleAdmin, "", "loadtest")
	if err != nil {
		return err
	}
	api := httpapi.New(httpapi.Options{Store: s, Tokens: ts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	// The bare handler serves the same project JSON, fixed.
	fixed, err := json.Marshal(mustProject(ctx, s, demo.Project2SoKroG))
	if err != nil {
		return err
	}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fixed)
	})
	bareURL, stopBare, err := serve(bare)
	if err != nil {
		return err
	}
	defer stopBare()
	apiURL, stopAPI, err := serve(api)
	if err != nil {
		return err
	}
	defer stopAPI()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: c.conns * 2, MaxIdleConnsPerHost: c.conns * 2, MaxConnsPerHost: c.conns}}

	get := func(base, who string) func() (int, error) {
		return func() (int, error) {
			req, _ := http.NewRequest("GET", base+"/api/v1/projects/2sokrog", nil)
			if who != "" {
				req.Header.Set("Authorization", "Bearer "+who)
			}
			return do(client, req)
		}
	}
	warm := func(f func() (int, error)) { _, _ = phase("warm-up", c.conns, 2000, 5*time.Second, f) }
	warm(get(bareURL, ""))
	warm(get(apiURL, ""))
	bareRes, err := phase("bare net/http, fixed JSON", c.conns, c.requests, c.maxTime, get(bareURL, ""))
	if err != nil {
		return err
	}
	anonRes, err := phase("API GET /api/v1/projects/2sokrog, anonymous", c.conns, c.requests, c.maxTime, get(apiURL, ""))
	if err != nil {
		return err
	}
	adminRes, err := phase("API GET /api/v1/projects/2sokrog, bearer token", c.conns, c.requests, c.maxTime, get(apiURL, admin))
	if err != nil {
		return err
	}

	mixed, lost, heap, err := mixedPhase(ctx, client, apiURL, admin, s, c)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "| phase | requests | req/s | p50 | p99 | statuses |\n|---|---|---|---|---|---|\n")
	for _, r := range []result{bareRes, anonRes, adminRes, mixed} {
		fmt.Fprintf(out, "| %s | %d | %.0f | %s | %s | %s |\n", r.name, r.requests, r.rps(), ms(r.p50), ms(r.p99), statusList(r.statuses))
	}
	fmt.Fprintf(out, "\nAPI/bare throughput: %.0f%% anonymous, %.0f%% with a token (target >= 25%%); p99 %s and %s (target < 20 ms) at %d connections.\n",
		100*anonRes.rps()/bareRes.rps(), 100*adminRes.rps()/bareRes.rps(), ms(anonRes.p99), ms(adminRes.p99), c.conns)
	fmt.Fprintf(out, "Mixed: lost updates %d; heap after GC, sampled every 5 s: %s.\n", lost, heap)
	for st := range mixed.statuses {
		if st != 200 && st != 412 {
			return fmt.Errorf("mixed phase: unexpected status %d", st)
		}
	}
	if lost != 0 {
		return fmt.Errorf("mixed phase: %d lost updates", lost)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func statusList(m map[int]int) string {
	var keys []int
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func mustProject(ctx context.Context, s store.Store, id socialsvc.ProjectID) socialsvc.Project {
	p, err := s.GetProject(ctx, id)
	if err != nil {
		panic(err) // the demo data was just loaded: a programming error
	}
	return p
}

// serve starts h on a loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

func do(c *http.Client, req *http.Request) (int, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// phase runs f from conns goroutines until n requests are done or max
// has passed, recording each latency.
func phase(name string, conns, n int, max time.Duration, f func() (int, error)) (result, error) {
	var next atomic.Int64
	deadline := time.Now().Add(max)
	lat := make([][]time.Duration, conns)
	stats := make([]map[int]int, conns)
	errs := make(chan error, conns)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conns {
		stats[w] = map[int]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) {
				t0 := time.Now()
				st, err := f()
				if err != nil {
					errs <- err
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
				stats[w][st]++
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return result{}, fmt.Errorf("%s: %w", name, err)
	default:
	}
	return summarise(name, elapsed, lat, stats), nil
}

func summarise(name string, elapsed time.Duration, lat [][]time.Duration, stats []map[int]int) result {
	var all []time.Duration
	r := result{name: name, elapsed: elapsed, statuses: map[int]int{}}
	for w := range lat {
		all = append(all, lat[w]...)
		for k, v := range stats[w] {
			r.statuses[k] += v
		}
	}
	slices.Sort(all)
	r.requests = len(all)
	if len(all) > 0 {
		r.p50 = all[len(all)*50/100]
		r.p99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return r
}

// mixedPhase runs 80% reads and 20% writes (read, then PUT with If-Match)
// on the seed projects for c.mixed, then checks that every successful
// write is in the data: each appends one "+" to a project's English
// description, so the number of "+" added equals the writes that
// succeeded.
func mixedPhase(ctx context.Context, client *http.Client, base, token string, s store.Store, c config) (result, int, string, error) {
	ids := []socialsvc.ProjectID{demo.Project2SoKroG, demo.ProjectALVED, demo.ProjectCentriZajednice, demo.ProjectBADGE, demo.ProjectSocialAtelier}
	before := map[socialsvc.ProjectID]int{}
	for _, id := range ids {
		before[id] = strings.Count(mustProject(ctx, s, id).Description["en"], "+")
	}
	var okWrites sync.Map // ProjectID -> *atomic.Int64
	for _, id := range ids {
		okWrites.Store(id, new(atomic.Int64))
	}
	deadline := time.Now().Add(c.mixed)
	lat := make([][]time.Duration, c.conns)
	stats := make([]map[int]int, c.conns)
	errc := make(chan error, c.conns)
	var heap []string
	stopHeap := make(chan struct{})
	heapDone := make(chan struct{})
	go func() {
		defer close(heapDone)
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		sample := func() {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			heap = append(heap, fmt.Sprintf("%.1f", float64(m.HeapAlloc)/(1<<20)))
		}
		sample()
		for {
			select {
			case <-tick.C:
				sample()
			case <-stopHeap:
				sample()
				return
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range c.conns {
		stats[w] = map[int]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 42))
			for time.Now().Before(deadline) {
				id := ids[rnd.IntN(len(ids))]
				t0 := time.Now()
				req, _ := http.NewRequest("GET", base+"/api/v1/projects/"+string(id), nil)
				req.Header.Set("Authorization", "Bearer "+token)
				res, err := client.Do(req)
				if err != nil {
					errc <- err
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if rnd.IntN(100) >= 20 || res.StatusCode != 200 {
					lat[w] = append(lat[w], time.Since(t0))
					stats[w][res.StatusCode]++
					continue
				}
				var p map[string]any
				if err := json.Unmarshal(body, &p); err != nil {
					errc <- err
					return
				}
				desc, _ := p["description"].(map[string]any)
				if desc == nil {
					desc = map[string]any{}
				}
				en, _ := desc["en"].(string)
				desc["en"] = en + "+"
				p["description"] = desc
				nb, _ := json.Marshal(p)
				put, _ := http.NewRequest("PUT", base+"/api/v1/projects/"+string(id), bytes.NewReader(nb))
				put.Header.Set("Authorization", "Bearer "+token)
				put.Header.Set("Content-Type", "application/json")
				put.Header.Set("If-Match", res.Header.Get("ETag"))
				t1 := time.Now()
				st, err := do(client, put)
				if err != nil {
					errc <- err
					return
				}
				lat[w] = append(lat[w], time.Since(t1))
				stats[w][st]++
				if st == 200 {
					v, _ := okWrites.Load(id)
					v.(*atomic.Int64).Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopHeap)
	<-heapDone
	select {
	case err := <-errc:
		return result{}, 0, "", err
	default:
	}
	lost := 0
	for _, id := range ids {
		v, _ := okWrites.Load(id)
		got := strings.Count(mustProject(ctx, s, id).Description["en"], "+") - before[id]
		if want := int(v.(*atomic.Int64).Load()); got != want {
			lost += want - got
		}
	}
	if lost < 0 {
		return result{}, 0, "", errors.New("more updates in the data than succeeded")
	}
	r := summarise(fmt.Sprintf("mixed 80%% GET / 20%% PUT with If-Match, %s", c.mixed), elapsed, lat, stats)
	return r, lost, strings.Join(heap, " → ") + " MiB", nil
}
