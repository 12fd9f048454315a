// loadtest: an open-loop, constant-rate generator of POST /v1/margin
// requests. Request i is due at start + i/rate whether or not earlier ones
// have answered, and its latency runs from that due time (not from when it
// was actually sent), so a stalled server cannot hide its queue
// (coordinated omission). --serve-demo starts the server in process on
// loopback, so the test needs nothing else. --distinct sends a book never
// sent before with each request (internal/demo/books.go), so that a server-side memo
// of identical requests cannot answer any of them; --no-memo turns the
// in-process server's memo off as well (serve --no-memo for a remote one).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

type loadtestCmd struct {
	formatFlag
	URL         string        `help:"Base URL of the server." default:"http://127.0.0.1:8080"`
	Token       string        `help:"Bearer token (an admin or account token), or several separated by commas: requests are spread over them in turn, so the server's per-token rate limit must allow --rate divided by their number (or raise it: serve --rate-limit), and each token has at most serve --max-compute-per-token margins in flight (default 4; raise it for more connections per token)." env:"UNIMARGIN_TOKEN"`
	Rate        float64       `help:"Requests per second (open loop)." default:"1000"`
	Duration    time.Duration `help:"How long to send at --rate (measured)." default:"30s"`
	Warmup      time.Duration `help:"Sending at --rate before the measured window (not counted): connections and caches warm up." default:"2s"`
	Body        string        `help:"Request body file ({portfolio, market, risk_params?}); the demo book when absent." placeholder:"FILE" xor:"body"`
	DemoBody    bool          `help:"Send the demo book and market (the default)." xor:"body"`
	Books       int           `help:"Distinct books to cycle through (the body's portfolio account renamed), so a server-side cache of identical requests hits only when --books is small." default:"1"`
	Distinct    bool          `help:"Send a different random book with every request (2–8 venues of ten kinds on the demo market, internal/demo/books.go; book i of --seed is always the same): no request repeats, so every one is computed." xor:"body"`
	Seed        uint64        `help:"With --distinct: the seed of the books." default:"1"`
	PrintBook   int           `name:"print-book" help:"Print book I of --seed (the portfolio --distinct sends as request I, warm-up included, from 0) and exit." default:"-1" placeholder:"I"`
	NoMemo      bool          `name:"no-memo" help:"With --serve-demo: start the server without its report memo (serve --no-memo), so that every request is computed."`
	ServeDemo   bool          `help:"Start the server in process on loopback with the demo market and an admin token (ignores --url and --token)."`
	Connections int           `help:"Keep-alive connections (senders); a request due while all are busy waits, and the wait counts in its latency." default:"64"`
	Timeout     time.Duration `help:"Per-request timeout; a timed-out request counts as an error." default:"10s"`
	MaxP99      time.Duration `name:"max-p99" help:"Fail (exit 1) when p99 exceeds this or any request errs; 0 reports only." default:"0"`
	Mix         bool          `help:"Send a mix of the API (account reads, margin, deposits, withdrawals, lien grants and releases, vault reads) with an admin token, then settle every move whose answer was lost and check that none was lost or applied twice (loadmix.go)."`
	Accounts    int           `help:"With --mix: accounts the moves are spread over (created by a first deposit each)." default:"32"`
	JSON        bool          `help:"Print the report as JSON."`
	CPUProfile  string        `name:"cpuprofile" help:"Write a CPU profile of this process (with --serve-demo: client and server) to FILE." placeholder:"FILE"`
}

// LoadReport is the outcome of a run.
type LoadReport struct {
	URL          string         `json:"url"`
	Book         string         `json:"book"`
	Books        int            `json:"books"`
	TargetRate   float64        `json:"target_rate"`
	DurationSec  float64        `json:"duration_seconds"`
	Sent         int            `json:"sent"`
	Completed    int            `json:"completed"`
	OK           int            `json:"ok"`
	Errors       int            `json:"errors"`
	ErrorsBy     map[string]int `json:"errors_by_status"`
	AchievedRate float64        `json:"achieved_rate"`
	LatencyMS    Percentiles    `json:"latency_ms"`
	// CPUMSPerRequest is this process's CPU time over the measured window
	// per completed request (with --serve-demo: client and server), and
	// LoadAverage the machine's 1-minute load before and after: together
	// they tell a slow server from a machine busy with other work.
	CPUMSPerRequest float64    `json:"cpu_ms_per_request"`
	LoadAverage     [2]float64 `json:"load_average"`
	// RunQueueWaitSec is how long this process's threads were runnable but
	// not running (waiting for a CPU) over the measured window (Linux
	// schedstat; 0 elsewhere): latency a faster server cannot remove.
	RunQueueWaitSec float64 `json:"run_queue_wait_seconds"`
	// GCCycles is how many garbage collections this process ran over the
	// measured window, and GCCPUMSPerRequest their CPU per completed
	// request (the runtime's estimate, runtime/metrics; with --serve-demo
	// mostly the server's allocation, under serve's --gc-percent).
	GCCycles          uint64  `json:"gc_cycles"`
	GCCPUMSPerRequest float64 `json:"gc_cpu_ms_per_request"`
	// With --mix: requests and latency by kind, and the audit of the
	// moves (Refused counts moves the rules refused: 409 and 422 answers,
	// which are not errors).
	Refused       int                    `json:"refused,omitempty"`
	ByKind        map[string]int         `json:"requests_by_kind,omitempty"`
	LatencyByKind map[string]Percentiles `json:"latency_ms_by_kind,omitempty"`
	Audit         *MixAudit              `json:"audit,omitempty"`
}

// Percentiles of latency in milliseconds, from each request's due time.
type Percentiles struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p99_9"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// loadBufferBytes is the client's read and write buffer per connection.
const loadBufferBytes = 64 << 10

// maxLoadRequests bounds the requests of one window (--warmup or
// --duration) at --rate: 10 million, ~400 MB of schedule.
const maxLoadRequests = 10_000_000

func (c *loadtestCmd) Run(e *env) error {
	if c.Rate <= 0 || math.IsInf(c.Rate, 0) || c.Rate > 1e6 {
		return usagef("--rate: must be in (0, 1e6], got %g", c.Rate)
	}
	if c.Duration <= 0 || c.Warmup < 0 || c.Timeout <= 0 {
		return usagef("--duration and --timeout must be > 0, --warmup ≥ 0")
	}
	// A window's requests are scheduled up front (loadGen.run: a latency
	// slot and a queue slot each, ~40 bytes), so the count is bounded.
	for _, w := range []struct {
		flag string
		d    time.Duration
	}{{"--duration", c.Duration}, {"--warmup", c.Warmup}} {
		if n := c.Rate * w.d.Seconds(); n > maxLoadRequests {
			return usagef("%s %s at --rate %g is %.3g requests: want at most %d (lower --rate or %s)",
				w.flag, w.d, c.Rate, n, maxLoadRequests, w.flag)
		}
	}
	if c.MaxP99 < 0 {
		return usagef("--max-p99 %s: must be ≥ 0 (0: report only)", c.MaxP99)
	}
	if c.PrintBook < -1 {
		return usagef("--print-book %d: must be ≥ 0", c.PrintBook)
	}
	if c.Connections < 1 || c.Connections > 10_000 {
		return usagef("--connections: must be in [1, 10000], got %d", c.Connections)
	}
	if c.Books < 1 || c.Books > 1_000_000 {
		return usagef("--books: must be in [1, 1000000], got %d", c.Books)
	}
	if c.Accounts < 1 || c.Accounts > 100_000 {
		return usagef("--accounts: must be in [1, 100000], got %d", c.Accounts)
	}
	if c.PrintBook >= 0 {
		_, err := e.out.Write(append(demo.Book(c.Seed, c.PrintBook), '\n'))
		return err
	}
	if c.Distinct && (c.Mix || c.Books != 1) {
		return usagef("--distinct: not with --mix or --books")
	}
	bodies, book, err := c.bodies()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	var verify func(context.Context) error // the store's invariants, with --serve-demo
	if c.ServeDemo {
		setServeGC(serveGCPercent) // as serve runs it
		url, token, check, shutdown, err := serveDemo(ctx, c.NoMemo)
		if err != nil {
			return fmt.Errorf("%w: starting the demo server: %v", errInternal, err)
		}
		defer shutdown()
		c.URL, c.Token, verify = url, token, check
	}
	if c.Token == "" {
		return usagef("--token (or UNIMARGIN_TOKEN) is required unless --serve-demo")
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return usagef("--cpuprofile: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return usagef("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	next := marginRequests(bodies)
	books := c.Books
	if c.Distinct {
		total := int(math.Round(c.Rate*c.Warmup.Seconds())) + int(math.Round(c.Rate*c.Duration.Seconds()))
		next, books = distinctRequests(c.Seed, total), total
		book = fmt.Sprintf("distinct (internal/demo/books.go, seed %d) on the demo market", c.Seed)
	}
	var mix *mixer
	if c.Mix {
		mix = newMixer(c.Accounts, bodies[0])
		next = mix.next
		book = "mix: " + mixKinds
	}
	lg := newLoadGen(c.URL, c.Token, next, c.Connections, c.Timeout)
	defer lg.client.CloseIdleConnections()
	if mix != nil {
		if err := mix.setUp(ctx, lg); err != nil {
			return err
		}
	}
	if c.Warmup > 0 {
		lg.run(ctx, c.Rate, c.Warmup, nil)
	}
	bar := progressBar("loadtest", int(c.Rate*c.Duration.Seconds()))
	load0, cpu0, wait0 := loadAverage(), processCPU(), runQueueWait()
	gcs0, gcCPU0 := gcTotals()
	rep := lg.run(ctx, c.Rate, c.Duration, bar)
	rep.RunQueueWaitSec = math.Round((runQueueWait()-wait0).Seconds()*1000) / 1000
	gcs, gcCPU := gcTotals()
	rep.GCCycles = gcs - gcs0
	if rep.Completed > 0 {
		rep.CPUMSPerRequest = ms((processCPU() - cpu0) / time.Duration(rep.Completed))
		rep.GCCPUMSPerRequest = ms((gcCPU - gcCPU0) / time.Duration(rep.Completed))
	}
	rep.LoadAverage = [2]float64{load0, loadAverage()}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	rep.URL, rep.Book, rep.Books = c.URL, book, books
	if ctx.Err() != nil {
		return usagef("interrupted")
	}
	if mix != nil {
		if rep.Audit, err = mix.audit(ctx, lg, verify); err != nil {
			return err
		}
		if rep.Audit.Mismatches > 0 {
			return usagef("load test: %d balances or liens differ from the moves the server accepted (lost or duplicated transfers): %s",
				rep.Audit.Mismatches, strings.Join(rep.Audit.Differences, "; "))
		}
	}
	if c.MaxP99 > 0 && (rep.Errors > 0 || rep.LatencyMS.P99 > float64(c.MaxP99)/1e6) {
		return usagef("load test failed: %d errors %v, p99 %.3f ms (bound %v), achieved %.1f/s of %g/s",
			rep.Errors, rep.ErrorsBy, rep.LatencyMS.P99, c.MaxP99, rep.AchievedRate, rep.TargetRate)
	}
	if done, err := c.machine(e, c.JSON, "loadtest", rep); done {
		return err
	}
	writeLoadText(e.out, rep)
	return nil
}

// bodies are the request bodies: the demo book or --body, renamed per
// --books so each variant is a different request with the same figures.
func (c *loadtestCmd) bodies() ([][]byte, string, error) {
	book := "demo (internal/demo portfolio.json and market.json)"
	raw, err := json.Marshal(map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON})
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", errInternal, err)
	}
	if c.Body != "" {
		doc, err := readDocument(c.Body)
		if err != nil {
			return nil, "", err
		}
		raw, book = doc.data, c.Body
	}
	if c.Books == 1 {
		return [][]byte{raw}, book, nil
	}
	var body map[string]json.RawMessage
	var pf map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, "", usagef("--body: not a JSON object: %v", err)
	}
	if err := json.Unmarshal(body["portfolio"], &pf); err != nil {
		return nil, "", usagef("--body: portfolio is not a JSON object: %v", err)
	}
	base, _ := pf["account"].(string)
	out := make([][]byte, c.Books)
	for i := range out {
		pf["account"] = base + "-" + strconv.Itoa(i)
		p, _ := json.Marshal(pf)
		body["portfolio"] = p
		out[i], _ = json.Marshal(body)
	}
	return out, book, nil
}

// loadRequest is one request of a run: what to send, and what to do with
// the answer (done, when set, receives the status, 0 for a transport
// failure or timeout, and the Idempotent-Replayed header).
type loadRequest struct {
	kind         string
	method, path string
	body         []byte
	key          string // Idempotency-Key ("" none)
	done         func(status int, replayed bool)
}

// marginRequests is the plain load: POST /v1/margin with the bodies in turn.
func marginRequests(bodies [][]byte) func(i int) *loadRequest {
	return func(i int) *loadRequest {
		return &loadRequest{kind: "margin", method: http.MethodPost, path: "/v1/margin", body: bodies[i%len(bodies)]}
	}
}

// distinctRequests is the --distinct load: request i carries book i of
// seed with the demo market. The first n portfolios are drawn before the
// run (the client shares the machine with the server: drawing them while
// sending would take CPU from it); later ones, if any, as they are sent.
func distinctRequests(seed uint64, n int) func(i int) *loadRequest {
	books := make([][]byte, n)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 2 {
				books[i] = demo.Book(seed, i)
			}
		}()
	}
	wg.Wait()
	const head, mid = `{"market":`, `,"portfolio":`
	return func(i int) *loadRequest {
		var pf []byte
		if i < len(books) {
			pf = books[i]
		} else {
			pf = demo.Book(seed, i)
		}
		body := make([]byte, 0, len(head)+len(demo.MarketJSON)+len(mid)+len(pf)+1)
		body = append(append(append(append(append(body, head...), demo.MarketJSON...), mid...), pf...), '}')
		return &loadRequest{kind: "margin", method: http.MethodPost, path: "/v1/margin", body: body}
	}
}

// loadGen sends the requests and collects their outcomes.
type loadGen struct {
	client *http.Client
	base   string
	token  string   // the first token (the mix's admin)
	tokens []string // margin requests go to each in turn
	turn   atomic.Uint64
	next   func(i int) *loadRequest // request i of the run (warm-up included)

	conns  int
	offset int // requests already sent (by the warm-up)

	mu      sync.Mutex
	lat     []time.Duration
	latBy   map[string][]time.Duration
	byCode  map[string]int
	refused int
	lastEnd time.Time
}

func newLoadGen(base, token string, next func(i int) *loadRequest, conns int, timeout time.Duration) *loadGen {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     90 * time.Second,
		// A request (headers and a 4–8 KB body) leaves in one write and an
		// answer is read in one: net/http's 4 KB buffers took two of each
		// (the client's CPU is taken from the server it shares a machine with).
		WriteBufferSize: loadBufferBytes,
		ReadBufferSize:  loadBufferBytes,
	}
	tokens := strings.Split(token, ",")
	return &loadGen{client: &http.Client{Transport: tr, Timeout: timeout}, base: base, token: tokens[0], tokens: tokens,
		next: next, conns: conns}
}

// run sends rate requests a second for d and reports. A dispatcher puts
// each request's due time on a queue as it falls due and never waits for
// an answer; conns workers (one keep-alive connection each, as wrk2 does)
// send them. When every connection is busy a request waits in the queue,
// and that wait counts in its latency, which runs from its due time.
func (g *loadGen) run(ctx context.Context, rate float64, d time.Duration, bar *progressbar.ProgressBar) *LoadReport {
	n := int(math.Round(rate * d.Seconds()))
	g.lat, g.latBy, g.byCode, g.refused = make([]time.Duration, 0, n), map[string][]time.Duration{}, map[string]int{}, 0
	interval := time.Duration(float64(time.Second) / rate)
	type due struct {
		i int
		t time.Time
	}
	queue := make(chan due, n)
	var wg sync.WaitGroup
	for range g.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range queue {
				g.one(ctx, g.next(g.offset+r.i), r.t)
				if bar != nil {
					_ = bar.Add(1)
				}
			}
		}()
	}
	start := time.Now()
	sent := 0
	for sent < n && ctx.Err() == nil {
		now := time.Now()
		for ; sent < n; sent++ {
			t := start.Add(time.Duration(sent) * interval)
			if t.After(now) {
				break
			}
			queue <- due{sent, t}
		}
		if sent < n {
			sleepUntil(ctx, start.Add(time.Duration(sent)*interval))
		}
	}
	close(queue)
	wg.Wait()
	g.offset += sent // the measured run continues after the warm-up's requests
	return g.report(rate, sent, start)
}

func sleepUntil(ctx context.Context, t time.Time) {
	tm := time.NewTimer(time.Until(t))
	defer tm.Stop()
	select {
	case <-tm.C:
	case <-ctx.Done():
	}
}

// one sends a request and records its outcome; latency is from due. A
// move the rules refuse (409, 422) is an answer, not an error.
func (g *loadGen) one(ctx context.Context, r *loadRequest, due time.Time) {
	status, replayed, err := g.send(ctx, r)
	code := ""
	switch {
	case err != nil:
		code = transportError(err)
	case status == http.StatusConflict || status == http.StatusUnprocessableEntity:
	case status >= 300:
		code = strconv.Itoa(status)
	}
	if r.done != nil {
		r.done(status, replayed)
	}
	end := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lat = append(g.lat, end.Sub(due))
	g.latBy[r.kind] = append(g.latBy[r.kind], end.Sub(due))
	if code != "" {
		g.byCode[code]++
	} else if status >= 300 {
		g.refused++
	}
	if end.After(g.lastEnd) {
		g.lastEnd = end
	}
}

// send sends one request; status is 0 when err is set.
func (g *loadGen) send(ctx context.Context, r *loadRequest) (status int, replayed bool, err error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, g.base+r.path, body)
	if err != nil {
		return 0, false, err
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+g.tokens[(g.turn.Add(1)-1)%uint64(len(g.tokens))])
	if r.key != "" {
		req.Header.Set("Idempotency-Key", r.key)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, false, err
	}
	return resp.StatusCode, resp.Header.Get("Idempotent-Replayed") == "true", nil
}

// transportError names a failure without a status: timeout or transport.
func transportError(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "transport"
}

func (g *loadGen) report(rate float64, sent int, start time.Time) *LoadReport {
	g.mu.Lock()
	defer g.mu.Unlock()
	rep := &LoadReport{TargetRate: rate, Sent: sent, Completed: len(g.lat), ErrorsBy: g.byCode, Refused: g.refused}
	for _, n := range g.byCode {
		rep.Errors += n
	}
	rep.OK = rep.Completed - rep.Errors
	if len(g.latBy) > 1 {
		rep.ByKind, rep.LatencyByKind = map[string]int{}, map[string]Percentiles{}
		for kind, lat := range g.latBy {
			rep.ByKind[kind], rep.LatencyByKind[kind] = len(lat), percentiles(lat)
		}
	}
	if elapsed := g.lastEnd.Sub(start).Seconds(); elapsed > 0 {
		rep.DurationSec = elapsed
		rep.AchievedRate = float64(rep.OK) / elapsed
	}
	rep.LatencyMS = percentiles(g.lat)
	return rep
}

// percentiles are nearest-rank percentiles in milliseconds.
func percentiles(lat []time.Duration) Percentiles {
	if len(lat) == 0 {
		return Percentiles{}
	}
	s := append([]time.Duration(nil), lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(q float64) float64 {
		k := int(math.Ceil(q*float64(len(s)))) - 1
		return ms(s[max(0, min(k, len(s)-1))])
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Percentiles{P50: at(0.5), P90: at(0.9), P99: at(0.99), P999: at(0.999), Max: ms(s[len(s)-1]),
		Mean: ms(sum / time.Duration(len(s)))}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// progressBar is a progress bar on stderr when it is a terminal; nil
// otherwise.
func progressBar(desc string, total int) *progressbar.ProgressBar {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionClearOnFinish())
}

func writeLoadText(w io.Writer, r *LoadReport) {
	if r.Audit != nil {
		fmt.Fprintf(w, "%s, %s\n", r.URL, r.Book)
	} else {
		fmt.Fprintf(w, "POST %s/v1/margin, book %s (%d distinct)\n", r.URL, r.Book, r.Books)
	}
	fmt.Fprintf(w, "target %g/s for %.1f s: sent %d, completed %d, ok %d, errors %d", r.TargetRate, r.DurationSec,
		r.Sent, r.Completed, r.OK, r.Errors)
	if r.Errors > 0 {
		codes := make([]string, 0, len(r.ErrorsBy))
		for c := range r.ErrorsBy {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			fmt.Fprintf(w, " [%s: %d]", c, r.ErrorsBy[c])
		}
	}
	fmt.Fprintf(w, "\nachieved %.1f/s\n", r.AchievedRate)
	l := r.LatencyMS
	fmt.Fprintf(w, "latency ms (from due time): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n",
		l.P50, l.P90, l.P99, l.P999, l.Max, l.Mean)
	fmt.Fprintf(w, "this process: %.3f ms CPU per request (%d garbage collections, %.3f ms a request), %.3f s waiting for a CPU; machine load average %.2f → %.2f\n",
		r.CPUMSPerRequest, r.GCCycles, r.GCCPUMSPerRequest, r.RunQueueWaitSec, r.LoadAverage[0], r.LoadAverage[1])
	if r.Audit == nil {
		return
	}
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-12s %7d requests, p50 %.3f ms, p99 %.3f ms\n", k, r.ByKind[k], r.LatencyByKind[k].P50, r.LatencyByKind[k].P99)
	}
	a := r.Audit
	fmt.Fprintf(w, "moves: %d accepted, %d refused by the rules (%d answers), %d answers lost and settled by retrying the same key (%d replayed)\n",
		a.Accepted, a.Refused, r.Refused, a.Settled, a.Replayed)
	ledger := "not checked (a remote server)"
	if a.LedgerVerified != nil {
		ledger = fmt.Sprint(*a.LedgerVerified)
	}
	fmt.Fprintf(w, "audit: %d balances and %d liens read back, %d differ from the accepted moves (lost or duplicated transfers); ledger verified: %s\n",
		a.Balances, a.Liens, a.Mismatches, ledger)
}

// processCPU is this process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// gcTotals are the garbage collections this process has run so far and
// the runtime's estimate of their CPU time (runtime/metrics).
func gcTotals() (cycles uint64, cpu time.Duration) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		cycles = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindFloat64 {
		cpu = time.Duration(s[1].Value.Float64() * float64(time.Second))
	}
	return cycles, cpu
}

// runQueueWait is the time this process's threads have spent runnable but
// waiting for a CPU (Linux /proc/self/task/*/schedstat), or 0.
func runQueueWait() time.Duration {
	paths, _ := filepath.Glob("/proc/self/task/*/schedstat")
	var total time.Duration
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var run, wait int64
		if _, err := fmt.Sscan(string(data), &run, &wait); err == nil {
			total += time.Duration(wait)
		}
	}
	return total
}

// loadAverage is the 1-minute load average (Linux), or 0.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	_, _ = fmt.Sscan(string(data), &l)
	return l
}

// serveDemo starts the service in process on a loopback port over a
// temporary SQLite store holding the demo market, with an admin token and
// no practical per-token rate limit (the load is the point).
// verify checks the store's invariants (vault.Verify), for the mix's
// audit.
func serveDemo(ctx context.Context, noMemo bool) (url, token string, verify func(context.Context) error, shutdown func(), err error) {
	dir, err := os.MkdirTemp("", "unimargin-loadtest-")
	if err != nil {
		return "", "", nil, nil, err
	}
	cleanup := []func(){func() { os.RemoveAll(dir) }}
	undo := func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "unimargin.db"))
	if err != nil {
		undo()
		return "", "", nil, nil, err
	}
	cleanup = append(cleanup, func() { db.Close() })
	if err = db.Update(ctx, func(tx vault.Tx) error { return tx.PutMarket(demo.MarketJSON) }); err == nil {
		token, err = server.IssueToken(ctx, db, access.AdminSubject, "loadtest")
	}
	var srv *server.Server
	if err == nil {
		srv, err = server.New(server.Config{Store: db, DataDir: dir, RateLimit: 1e9, RateBurst: 1 << 30, NoMemo: noMemo,
			MaxComputePerToken: 1 << 30, // every connection may have a margin in flight
			Logger:             slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
	var ln net.Listener
	if err == nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		undo()
		return "", "", nil, nil, err
	}
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { _ = srv.Serve(sctx, ln, 5*time.Second); close(done) }()
	cleanup = append(cleanup, func() { stop(); <-done })
	verify = func(ctx context.Context) error { return db.View(ctx, vault.Verify) }
	return "http://" + ln.Addr().String(), token, verify, undo, nil
}
