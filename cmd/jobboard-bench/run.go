package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/web"
)

// benchRunOptions are the load's fixed parameters.
type benchRunOptions struct {
	Duration, Warmup time.Duration
	Connections      int
	Out              string
	Only             []string
	// Writes are the write rates (per second) of the write-mix runs.
	Writes []int
	// InProcess serves from this process instead of a child; the smoke
	// test uses it, since a test binary cannot run the server command.
	InProcess bool
	// Server is the jobboard binary the child runs; by default the one
	// next to this program.
	Server string
}

func cmdBenchRun(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("bench run", flag.ContinueOnError)
	o := benchRunOptions{}
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured time per endpoint")
	fs.DurationVar(&o.Warmup, "warmup", 2*time.Second, "unmeasured time per endpoint before it")
	fs.IntVar(&o.Connections, "connections", 64, "concurrent connections (one request in flight on each)")
	fs.StringVar(&o.Out, "out", "./bench-results", "directory for the Markdown and JSON reports")
	only := fs.String("only", "", "comma-separated endpoint names to run (default: all)")
	fs.BoolVar(&o.InProcess, "in-process", false, "serve from this process instead of a child process")
	fs.StringVar(&o.Server, "server", "", "the jobboard binary to serve with (default: jobboard next to this program)")
	writes := fs.String("writes", "1,10", "write rates per second for the write-mix runs, comma-separated (empty: none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.Duration <= 0 || o.Warmup < 0 || o.Connections < 1 {
		return badUsage("bench run: --duration must be positive, --warmup not negative, --connections at least 1")
	}
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	for _, w := range strings.Split(*writes, ",") {
		if w = strings.TrimSpace(w); w == "" {
			continue
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 1000 {
			return badUsage("bench run: --writes takes rates per second from 1 to 1000, like 1,10")
		}
		o.Writes = append(o.Writes, n)
	}
	_, err := benchRun(ctx, e, o)
	return err
}

// benchEndpoint is one thing the load generator asks for.
type benchEndpoint struct {
	Name   string `json:"name"`
	Board  string `json:"board,omitempty"`
	Method string `json:"method"`
	// Paths are requested in turn, one per request.
	Paths       []string `json:"-"`
	Path        string   `json:"path"`
	Body        []byte   `json:"-"`
	ContentType string   `json:"-"`
	// Cold endpoints hand every request the next of Paths, across all
	// workers, so that no URL repeats until the list runs out.
	Cold bool `json:"cold,omitempty"`
	bare bool
	next *atomic.Int64
	// writes is the write rate per second during the run (write mix).
	writes int
}

// benchResult is the measurement of one endpoint.
type benchResult struct {
	benchEndpoint
	Requests    int            `json:"requests"`
	Errors      int            `json:"errors"`
	Statuses    map[string]int `json:"statuses"`
	RPS         float64        `json:"rps"`
	P50         float64        `json:"p50_ms"`
	P95         float64        `json:"p95_ms"`
	P99         float64        `json:"p99_ms"`
	Max         float64        `json:"max_ms"`
	Mean        float64        `json:"mean_ms"`
	BytesPerReq int64          `json:"bytes_per_request"`
	RatioToBare float64        `json:"ratio_to_bare"`
	FirstError  string         `json:"first_error,omitempty"`
	// Load1 is the machine's one-minute load average after the run.
	Load1 float64 `json:"load_1m"`
	// Writes and WriteErrors count the writes made during a write-mix run.
	Writes      int64 `json:"writes,omitempty"`
	WriteErrors int64 `json:"write_errors,omitempty"`
}

// benchReport is the whole run, as written to JSON.
type benchReport struct {
	StartedAt   time.Time         `json:"started_at"`
	Machine     map[string]string `json:"machine"`
	Config      map[string]string `json:"config"`
	Data        benchDataInfo     `json:"data"`
	PeakRSSMiB  float64           `json:"server_peak_rss_mib"`
	BareRPS     float64           `json:"bare_fiber_rps"`
	Endpoints   []benchResult     `json:"endpoints"`
	MarkdownOut string            `json:"-"`
	JSONOut     string            `json:"-"`
}

// benchDataInfo describes the seeded data the run found.
type benchDataInfo struct {
	Database       string `json:"database"`
	Boards         int    `json:"boards"`
	Jobs           int    `json:"jobs"`
	Companies      int    `json:"companies"`
	BigBoard       string `json:"big_board"`
	BigBoardOpen   int    `json:"big_board_open_jobs"`
	SmallBoard     string `json:"small_board"`
	SmallBoardOpen int    `json:"small_board_open_jobs"`
}

// The searches: a selective word (a few dozen jobs on the largest board)
// and a common one narrowed by two filters.
const (
	benchSelectiveQuery = "/jobs?q=radiopharmaceutical"
	benchCommonQuery    = "/jobs?q=manager&workplace=hybrid&employment_type=FULL_TIME"
)

// benchFindData picks the boards and jobs to ask for.
func benchFindData(ctx context.Context, db *store.DB) (benchDataInfo, []string, error) {
	info := benchDataInfo{Database: db.Dialect()}
	now := time.Now().UTC()
	var sizes []struct {
		Slug string `bun:"slug"`
		N    int    `bun:"n"`
	}
	err := db.NewRaw(`SELECT b.slug, count(j.id) AS n FROM boards AS b
LEFT JOIN jobs AS j ON j.tenant_id = b.id AND j.status = 'published' AND j.expires_at > ?
WHERE b.slug LIKE ? GROUP BY b.slug ORDER BY n DESC, b.slug`, now, benchSlugPrefix+"%").Scan(ctx, &sizes)
	if err != nil {
		return info, nil, fmt.Errorf("bench run: read the bench boards: %w", err)
	}
	if len(sizes) == 0 || sizes[0].N == 0 {
		return info, nil, errors.New("bench run: no bench boards with open jobs; run `jobboard bench seed` first")
	}
	info.Boards = len(sizes)
	info.BigBoard, info.BigBoardOpen = sizes[0].Slug, sizes[0].N
	info.SmallBoard, info.SmallBoardOpen = sizes[len(sizes)-1].Slug, sizes[len(sizes)-1].N
	for i := len(sizes) - 1; i >= 0; i-- {
		if sizes[i].N >= 20 || i == 0 {
			info.SmallBoard, info.SmallBoardOpen = sizes[i].Slug, sizes[i].N
			break
		}
	}
	if err := db.NewRaw(`SELECT count(*) FROM jobs`).Scan(ctx, &info.Jobs); err != nil {
		return info, nil, err
	}
	if err := db.NewRaw(`SELECT count(*) FROM companies`).Scan(ctx, &info.Companies); err != nil {
		return info, nil, err
	}
	var jobs []struct {
		ID   string `bun:"id"`
		Slug string `bun:"slug"`
	}
	err = db.NewRaw(`SELECT j.id, j.slug FROM jobs AS j JOIN boards AS b ON b.id = j.tenant_id
WHERE b.slug = ? AND j.status = 'published' AND j.expires_at > ? AND j.taken_down_at IS NULL ORDER BY j.id LIMIT 200`,
		info.BigBoard, now.Add(time.Hour)).Scan(ctx, &jobs)
	if err != nil {
		return info, nil, err
	}
	paths := make([]string, len(jobs))
	for i, j := range jobs {
		paths[i] = "/jobs/" + j.ID + "/" + j.Slug
	}
	return info, paths, nil
}

// benchEndpoints lists what the run measures, in order.
func benchEndpoints(info benchDataInfo, jobPaths []string) []benchEndpoint {
	big, small := info.BigBoard, info.SmallBoard
	login, _ := json.Marshal(map[string]string{"email": benchOwnerEmail, "password": benchPassword})
	get := func(name, board string, paths ...string) benchEndpoint {
		return benchEndpoint{Name: name, Board: board, Method: http.MethodGet, Paths: paths}
	}
	return []benchEndpoint{
		{Name: "bare-fiber", Method: http.MethodGet, Paths: []string{"/"}, bare: true},
		get("home", big, "/"),
		get("jobs", big, "/jobs"),
		get("jobs-selective", big, benchSelectiveQuery),
		get("jobs-common-2-filters", big, benchCommonQuery),
		get("job-page", big, jobPaths...),
		get("companies", big, "/companies"),
		get("widget", big, "/embed/featured-jobs"),
		get("api-jobs", big, "/api/v1/jobs"),
		{Name: "login", Board: big, Method: http.MethodPost, Paths: []string{"/api/v1/auth/login"}, Body: login, ContentType: "application/json"},
		get("small:jobs", small, "/jobs"),
		get("small:jobs-selective", small, benchSelectiveQuery),
		get("small:jobs-common-2-filters", small, benchCommonQuery),
	}
}

// benchRun seeds nothing: it finds the bench data in DATABASE_URL, starts
// the servers, drives every endpoint and writes the reports.
func benchRun(ctx context.Context, e env, o benchRunOptions) (*benchReport, error) {
	cfg, db, err := openDB(ctx, e)
	if err != nil {
		return nil, err
	}
	info, jobPaths, err := benchFindData(ctx, db)
	var dbVersion string
	var bigJobs, smallJobs []benchColdJob
	if err == nil {
		if bigJobs, err = benchOpenJobs(ctx, db, info.BigBoard); err == nil {
			smallJobs, err = benchOpenJobs(ctx, db, info.SmallBoard)
		}
	}
	if err == nil {
		q := "SELECT sqlite_version()"
		if db.IsPostgres() {
			q = "SHOW server_version"
		}
		_ = db.NewRaw(q).Scan(ctx, &dbVersion)
	}
	_ = db.Close()
	if err != nil {
		return nil, err
	}
	if len(jobPaths) == 0 {
		return nil, errors.New("bench run: the largest board has no open job to show")
	}
	if err := os.MkdirAll(o.Out, 0o750); err != nil {
		return nil, err
	}
	rep := &benchReport{StartedAt: time.Now().UTC(), Data: info,
		Machine: benchMachine(dbVersion, db.Dialect()),
		Config: map[string]string{"duration": o.Duration.String(), "warmup": o.Warmup.String(), "connections": strconv.Itoa(o.Connections),
			"in_process": strconv.FormatBool(o.InProcess)}}

	logPath := filepath.Join(o.Out, "server.log")
	app, err := benchStartApp(ctx, e, o, cfg.BaseDomain, cfg.DatabaseURL, logPath)
	if err != nil {
		return nil, err
	}
	defer app.stop()
	bare, err := benchStartBare(ctx, o.InProcess, logPath)
	if err != nil {
		return nil, err
	}
	defer bare.stop()

	client := benchClient(o.Connections)
	defer client.CloseIdleConnections()
	endpoints := append(benchEndpoints(info, jobPaths), benchColdEndpoints(info, bigJobs, smallJobs)...)
	endpoints = append(endpoints, benchWriteMixEndpoints(endpoints, o.Writes)...)
	var token string
	var writeIDs []string
	for _, j := range bigJobs {
		writeIDs = append(writeIDs, j.ID)
	}
	for _, ep := range endpoints {
		if len(o.Only) > 0 && !slices.Contains(o.Only, ep.Name) && !ep.bare {
			continue
		}
		ep.Path = ep.Paths[0]
		target, host := app.addr, ep.Board+"."+cfg.BaseDomain
		if ep.bare {
			target, host = bare.addr, "localhost"
		}
		fmt.Fprintf(e.stdout, "%-28s %s %s ...", ep.Name, ep.Method, ep.Path)
		if o.Warmup > 0 {
			benchLoad(ctx, client, target, host, ep, o.Connections, o.Warmup)
		}
		var writer *benchWriter
		if ep.writes > 0 && len(writeIDs) > 0 {
			if token == "" {
				if token, err = benchOwnerToken(ctx, client, target, host); err != nil {
					return nil, err
				}
			}
			writer = startBenchWriter(ctx, client, target, host, token, writeIDs, ep.writes)
		}
		res := benchLoad(ctx, client, target, host, ep, o.Connections, o.Duration)
		res.Load1 = benchLoadAverage()
		if writer != nil {
			res.Writes, res.WriteErrors = writer.stop()
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if ep.bare {
			rep.BareRPS = res.RPS
		}
		if rep.BareRPS > 0 {
			res.RatioToBare = res.RPS / rep.BareRPS
		}
		fmt.Fprintf(e.stdout, " %8.0f req/s  p99 %7.1f ms  errors %d\n", res.RPS, res.P99, res.Errors)
		rep.Endpoints = append(rep.Endpoints, res)
	}
	rep.PeakRSSMiB = app.peakRSS()
	if err := benchWriteReports(rep, o.Out); err != nil {
		return nil, err
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprint(e.stdout, benchMarkdown(rep))
	fmt.Fprintf(e.stdout, "\nwritten: %s and %s (server log: %s)\n", rep.MarkdownOut, rep.JSONOut, logPath)
	return rep, nil
}

// benchClient keeps one idle connection per worker, so the run measures
// requests, not connection set-up.
func benchClient(conns int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     60 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// benchLoad keeps conns requests in flight for d and measures them. Any
// answer but 2xx is an error.
func benchLoad(ctx context.Context, client *http.Client, addr, host string, ep benchEndpoint, conns int, d time.Duration) benchResult {
	type sample struct {
		lat      []time.Duration
		statuses map[string]int
		errs     int
		bytes    int64
		firstErr string
	}
	samples := make([]sample, conns)
	deadline := time.Now().Add(d)
	lctx, cancel := context.WithDeadline(ctx, deadline.Add(30*time.Second))
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := &samples[w]
			s.statuses = map[string]int{}
			for i := w; time.Now().Before(deadline); i++ {
				path := ep.Paths[i%len(ep.Paths)]
				if ep.Cold {
					path = ep.Paths[int(ep.next.Add(1)-1)%len(ep.Paths)]
				}
				var body io.Reader
				if ep.Body != nil {
					body = bytes.NewReader(ep.Body)
				}
				req, err := http.NewRequestWithContext(lctx, ep.Method, "http://"+addr+path, body)
				if err != nil {
					s.errs++
					continue
				}
				req.Host = host
				if ep.ContentType != "" {
					req.Header.Set("Content-Type", ep.ContentType)
				}
				t := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					s.errs++
					s.statuses["transport"]++
					if s.firstErr == "" {
						s.firstErr = err.Error()
					}
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				s.lat = append(s.lat, time.Since(t))
				s.bytes += n
				s.statuses[strconv.Itoa(resp.StatusCode)]++
				if resp.StatusCode < 200 || resp.StatusCode > 299 {
					s.errs++
					if s.firstErr == "" {
						s.firstErr = resp.Status + " for " + path
					}
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := benchResult{benchEndpoint: ep, Statuses: map[string]int{}}
	var all []time.Duration
	var bytesTotal int64
	for _, s := range samples {
		all = append(all, s.lat...)
		res.Errors += s.errs
		bytesTotal += s.bytes
		for k, v := range s.statuses {
			res.Statuses[k] += v
		}
		if res.FirstError == "" {
			res.FirstError = s.firstErr
		}
	}
	slices.Sort(all)
	res.Requests = len(all) + res.Statuses["transport"]
	res.RPS = float64(len(all)) / elapsed.Seconds()
	if n := len(all); n > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		q := func(p float64) float64 { return ms(all[int(p*float64(n-1))]) }
		res.P50, res.P95, res.P99, res.Max = q(0.50), q(0.95), q(0.99), ms(all[n-1])
		var sum time.Duration
		for _, v := range all {
			sum += v
		}
		res.Mean = ms(sum / time.Duration(n))
		res.BytesPerReq = bytesTotal / int64(n)
	}
	return res
}

// benchServer is a server under load: a child process, or one in this
// process.
type benchServer struct {
	addr    string
	cmd     *exec.Cmd
	cancel  context.CancelFunc
	done    chan struct{}
	logFile *os.File
}

// peakRSS is the server's peak resident set (VmHWM) in MiB; for a server
// in this process, that of the whole process.
func (s *benchServer) peakRSS() float64 {
	path := "/proc/self/status"
	if s.cmd != nil && s.cmd.Process != nil {
		path = "/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/status"
	}
	return readVmHWM(path)
}

func readVmHWM(path string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func (s *benchServer) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	}
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
	if s.logFile != nil {
		_ = s.logFile.Close()
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// benchAddrAndLog picks a free loopback address for a server and opens its
// log file for appending.
func benchAddrAndLog(logPath string) (string, *os.File, error) {
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	return addr, logFile, err
}

// benchStartChild starts the program at bin with args and waits until
// path answers 200 on host.
func benchStartChild(ctx context.Context, bin string, args, extraEnv []string, host, path, logPath string) (*benchServer, error) {
	addr, logFile, err := benchAddrAndLog(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), extraEnv...), "ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("bench run: start %s: %w", strings.Join(args, " "), err)
	}
	s := &benchServer{addr: addr, cmd: cmd, done: make(chan struct{}), logFile: logFile}
	go func() { _ = cmd.Wait(); close(s.done) }()
	if err := benchWaitReady(ctx, addr, host, path, s.done); err != nil {
		s.stop()
		return nil, fmt.Errorf("bench run: %s did not come up (see %s): %w", args[0], logPath, err)
	}
	return s, nil
}

// benchWaitReady polls until the server answers 200.
func benchWaitReady(ctx context.Context, addr, host, path string, exited <-chan struct{}) error {
	c := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
		req.Host = host
		if resp, err := c.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("the process exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("timed out")
}

// benchStartApp serves the application on loopback. Request logs are
// turned down to warnings so that logging does not dominate the profile.
func benchStartApp(ctx context.Context, e env, o benchRunOptions, baseDomain, databaseURL string, logPath string) (*benchServer, error) {
	if !o.InProcess {
		bin := o.Server
		if bin == "" {
			self, err := os.Executable()
			if err != nil {
				return nil, err
			}
			bin = filepath.Join(filepath.Dir(self), "jobboard")
		}
		return benchStartChild(ctx, bin, []string{"serve", "--no-migrate"},
			[]string{"DATABASE_URL=" + databaseURL, "BASE_DOMAIN=" + baseDomain, "LOG_LEVEL=warn", "MIGRATE_ON_START=false", "SHUTDOWN_DRAIN=0"},
			baseDomain, "/readyz", logPath)
	}
	addr, logFile, err := benchAddrAndLog(logPath)
	if err != nil {
		return nil, err
	}
	getenv := func(k string) string {
		switch k {
		case "LOG_LEVEL":
			return "warn"
		case "ADDR":
			return addr
		}
		return e.getenv(k)
	}
	sctx, cancel := context.WithCancel(ctx)
	sys, err := benchSystem(sctx, getenv, logFile)
	if err != nil {
		cancel()
		_ = logFile.Close()
		return nil, err
	}
	srv, err := sys.WebServer(sctx)
	if err != nil {
		cancel()
		_ = sys.DB.Close()
		_ = logFile.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		cancel()
		_ = sys.DB.Close()
		_ = logFile.Close()
		return nil, err
	}
	s := &benchServer{addr: addr, cancel: cancel, done: make(chan struct{}), logFile: logFile}
	go func() {
		defer close(s.done)
		_ = srv.Serve(sctx, ln, web.Shutdown{Timeout: 5 * time.Second})
		_ = sys.DB.Close()
	}()
	if err := benchWaitReady(ctx, addr, baseDomain, "/readyz", s.done); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// benchStartBare serves the bare Fiber handler, the ceiling of what this
// machine does over HTTP.
func benchStartBare(ctx context.Context, inProcess bool, logPath string) (*benchServer, error) {
	if !inProcess {
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		return benchStartChild(ctx, self, []string{"bare"}, nil, "localhost", "/", logPath)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &benchServer{addr: addr, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = serveBare(sctx, addr)
	}()
	if err := benchWaitReady(ctx, addr, "localhost", "/", s.done); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// benchSystem builds the application as `jobboard serve` does, on the
// configured database, logging to w.
func benchSystem(ctx context.Context, getenv func(string) string, w io.Writer) (*system.System, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, err
	}
	logger := system.NewLogger(cfg, w)
	db, err := system.Open(ctx, cfg, false, logger)
	if err != nil {
		return nil, err
	}
	sys, err := system.New(ctx, cfg, db, system.Options{Logger: logger})
	if err != nil {
		_ = db.Close()
	}
	return sys, err
}

// cmdBenchBare is the hidden `bare --addr A`: a Fiber app with one
// trivial handler.
func cmdBenchBare(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("bench bare", flag.ContinueOnError)
	addr := fs.String("addr", "", "listen address (default: ADDR)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *addr == "" {
		*addr = e.getenv("ADDR")
	}
	return serveBare(ctx, *addr)
}

func serveBare(ctx context.Context, addr string) error {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	_ = app.ShutdownWithTimeout(2 * time.Second)
	return <-errc
}

// benchMachine describes where the run happened.
func benchMachine(dbVersion, dialect string) map[string]string {
	m := map[string]string{"nproc": strconv.Itoa(runtime.NumCPU()), "go": runtime.Version(), "os": runtime.GOOS + "/" + runtime.GOARCH,
		"database": dialect + " " + dbVersion}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
				m["memory"] = fmt.Sprintf("%.1f GiB", kb/1024/1024)
			}
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "model name"); ok {
				m["cpu"] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
				break
			}
		}
	}
	return m
}

// benchMarkdown renders the report as a Markdown table.
func benchMarkdown(r *benchReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Benchmark %s\n\n", r.StartedAt.Format(time.RFC3339))
	fmt.Fprintf(&b, "- Machine: %s CPUs (%s), %s, %s, %s\n", r.Machine["nproc"], r.Machine["cpu"], r.Machine["memory"], r.Machine["go"], r.Machine["database"])
	fmt.Fprintf(&b, "- Data: %d boards, %d companies, %d jobs; largest board %s (%d open jobs), small board %s (%d open jobs)\n",
		r.Data.Boards, r.Data.Companies, r.Data.Jobs, r.Data.BigBoard, r.Data.BigBoardOpen, r.Data.SmallBoard, r.Data.SmallBoardOpen)
	fmt.Fprintf(&b, "- Load: %s connections, %s warm-up then %s per endpoint; server and load generator on the same machine\n",
		r.Config["connections"], r.Config["warmup"], r.Config["duration"])
	fmt.Fprintf(&b, "- Server peak RSS (VmHWM): %.1f MiB\n\n", r.PeakRSSMiB)
	b.WriteString("| endpoint | request | req/s | p50 ms | p95 ms | p99 ms | errors | × bare | load 1m |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, e := range r.Endpoints {
		path := e.Method + " " + e.Path
		if len(e.Paths) > 1 {
			path += fmt.Sprintf(" (+%d more)", len(e.Paths)-1)
		}
		if e.Cold {
			path += ", every request a different URL"
		}
		if e.Writes+e.WriteErrors > 0 {
			path += fmt.Sprintf(", during %d writes (%d failed)", e.Writes, e.WriteErrors)
		}
		fmt.Fprintf(&b, "| %s | `%s` | %.0f | %.1f | %.1f | %.1f | %d | %.3f | %.1f |\n", e.Name, path, e.RPS, e.P50, e.P95, e.P99, e.Errors, e.RatioToBare, e.Load1)
	}
	return b.String()
}

// benchWriteReports writes <stamp>-<dialect>.md and .json, and copies them
// to latest.md and latest.json.
func benchWriteReports(r *benchReport, dir string) error {
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	md := benchMarkdown(r)
	stem := filepath.Join(dir, r.StartedAt.Format("20060102-150405")+"-"+r.Data.Database)
	r.MarkdownOut, r.JSONOut = stem+".md", stem+".json"
	for name, data := range map[string][]byte{r.MarkdownOut: []byte(md), r.JSONOut: js,
		filepath.Join(dir, "latest.md"): []byte(md), filepath.Join(dir, "latest.json"): js} {
		if err := os.WriteFile(name, data, 0o640); err != nil {
			return err
		}
	}
	return nil
}
