// Goal: the JetStream Remarginer answers like Local, exactly once per
// account, through worker crashes, cancellation, missing workers and
// several workers. Method: a real embedded nats-server with JetStream
// (memory streams unless a test needs files), a real SQLite store of varied
// demo books, workers as goroutines on their own in-process connections; a
// crash is a worker whose connection is closed mid-batch, as a killed
// process's would be.
package cluster

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// fixture is one store shared by the tests of this file (read-only).
var fixture struct {
	once sync.Once
	dir  string
	db   *store.DB
	ids  []string
	err  error
}

// fixtureAccounts is the size of the shared store: enough for several
// batches of every book variant.
const fixtureAccounts = 300

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.db != nil {
		fixture.db.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// sharedStore returns the shared SQLite store and its account ids.
func sharedStore(t *testing.T) (*store.DB, []string) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "unimargin-cluster-")
		if fixture.err != nil {
			return
		}
		// The fixture outlives t: TestMain closes and removes it.
		fixture.db, fixture.ids, fixture.err = seedStore(fixture.dir, fixtureAccounts, demoBooks(t, false))
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.db, fixture.ids
}

// embedded starts an embedded server for one test.
func embedded(t *testing.T, dir string) *Embedded {
	t.Helper()
	e, err := StartEmbedded(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	return e
}

// connect opens an in-process connection closed at the end of the test.
func connect(t *testing.T, e *Embedded) *nats.Conn {
	t.Helper()
	nc, err := e.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// connectWorker opens an in-process worker connection (the workers'
// credentials) closed at the end of the test.
func connectWorker(t *testing.T, e *Embedded) *nats.Conn {
	t.Helper()
	nc, err := e.ConnectWorker()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func defaultConfig() vault.Config { return vault.Config{} }

// workerRun is a running worker: Done is closed when Run returns, Err is
// then its error.
type workerRun struct {
	Stop context.CancelFunc
	Done chan struct{}
	Err  error
}

// startWorker runs w until the test ends (or Stop).
func startWorker(t *testing.T, w *Worker) *workerRun {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	r := &workerRun{Stop: stop, Done: make(chan struct{})}
	go func() {
		defer close(r.Done)
		r.Err = w.Run(ctx)
	}()
	t.Cleanup(func() {
		stop()
		select {
		case <-r.Done:
			if r.Err != nil {
				t.Logf("worker stopped with: %v", r.Err) // expected of a crashed worker only
			}
		case <-time.After(10 * time.Second):
			t.Error("worker did not stop within 10 s")
		}
	})
	return r
}

// collect runs one re-margin and returns the results and how many times
// each account position was answered.
func collect(t *testing.T, r Remarginer, ctx context.Context, ids []string) ([]Result, error) {
	t.Helper()
	var out []Result
	err := r.Remargin(ctx, ids, func(res Result) { out = append(out, res) })
	return out, err
}

// eventually polls get until ok holds or 5 s pass, and returns the last value.
func eventually[T any](get func() T, ok func(T) bool) T {
	v := get()
	for deadline := time.Now().Add(5 * time.Second); !ok(v) && time.Now().Before(deadline); v = get() {
		time.Sleep(10 * time.Millisecond)
	}
	return v
}

// fataler is what checkSame needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkSame fails unless got and want hold the same results, each account
// as often (results compared whole, in any order).
func checkSame(t fataler, got, want []Result) {
	t.Helper()
	key := func(r Result) string { return r.Account }
	sortResults := func(rs []Result) []Result {
		rs = slices.Clone(rs)
		slices.SortStableFunc(rs, func(a, b Result) int { return strings.Compare(key(a), key(b)) })
		return rs
	}
	g, w := sortResults(got), sortResults(want)
	if len(g) != len(w) {
		t.Fatalf("%d results, want %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("result %d: got %+v, want %+v", i, g[i], w[i])
		}
	}
}

func TestJetStreamAnswersEveryAccountOnceLikeLocal(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), BatchSize: 16, Stall: 20 * time.Second}
	for range 2 {
		startWorker(t, &Worker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Concurrency: 2})
	}
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	// An unknown account and a repeated one are answered like any other.
	accounts := append(slices.Clone(ids), "nobody", ids[0])
	got, err := collect(t, js, context.Background(), accounts)
	if err != nil {
		t.Fatal(err)
	}
	local, err := collect(t, &Local{Source: db, Config: defaultConfig, Workers: 3}, context.Background(), accounts)
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, got, local)
	// The batch path agrees with the per-account path (vault.State) on
	// every book variant.
	var perAccount []Result
	for _, id := range accounts {
		perAccount = append(perAccount, MarginAccount(context.Background(), db, vault.Config{}, id))
	}
	checkSame(t, got, perAccount)
	liquidatable, failed := 0, 0
	for _, r := range got {
		switch {
		case r.Error != "":
			failed++
		case r.Liquidatable:
			liquidatable++
		}
	}
	if failed != 1 {
		t.Fatalf("%d results with an error, want 1 (nobody)", failed)
	}
	if liquidatable == 0 || liquidatable == len(got)-1 {
		t.Fatalf("%d of %d liquidatable: the books do not vary", liquidatable, len(got))
	}
}

// crashSource closes a worker's connection on its first View, as if the
// process died while margining a batch.
type crashSource struct {
	Source
	conn    func() *nats.Conn
	crashed atomic.Bool
}

func (s *crashSource) View(ctx context.Context, f func(tx vault.Tx) error) error {
	if s.crashed.CompareAndSwap(false, true) {
		s.conn().Close()
		return errors.New("worker died")
	}
	return s.Source.View(ctx, f)
}

func TestJetStreamWorkerCrashMidBatchIsRedelivered(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), BatchSize: 32, AckWait: 300 * time.Millisecond, Stall: 20 * time.Second}
	dying := connectWorker(t, e)
	src := &crashSource{Source: db, conn: func() *nats.Conn { return dying }}
	crashed := startWorker(t, &Worker{Conn: dying, Source: src, Config: defaultConfig, Options: opts, Concurrency: 1})
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var got []Result
	var jobErr error
	go func() {
		defer close(done)
		got, jobErr = collect(t, js, context.Background(), ids)
	}()
	// The dying worker takes the first batch and dies; only then does a
	// healthy worker join, so the batch can only be answered by redelivery.
	select {
	case <-crashed.Done:
		if crashed.Err == nil {
			t.Fatal("crashed worker's Run returned nil")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the dying worker never took a batch")
	}
	healthy := &Worker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Concurrency: 2}
	startWorker(t, healthy)
	<-done
	if jobErr != nil {
		t.Fatal(jobErr)
	}
	local, err := collect(t, &Local{Source: db, Config: defaultConfig}, context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, got, local)
	// A worker counts a batch after its ack, which may follow the answer.
	// It may answer a batch twice (redelivered while it was slow): the
	// coordinator counted each account once all the same (checkSame).
	if s := eventually(func() WorkerStats { return healthy.Stats() }, func(s WorkerStats) bool {
		return s.Accounts >= int64(len(ids))
	}); s.Accounts < int64(len(ids)) {
		t.Fatalf("healthy worker answered %d accounts, want all %d", s.Accounts, len(ids))
	}
}

func TestJetStreamAnswerTwiceBeforeAckIsCountedOnce(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), BatchSize: 32, AckWait: 300 * time.Millisecond, Stall: 20 * time.Second}
	// The first worker publishes its first answer, publishes it again
	// without a dedup id (the stream keeps both), then dies before the ack:
	// the coordinator sees that batch answered three times.
	dying := connectWorker(t, e)
	o, err := opts.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	w1 := &Worker{Conn: dying, Source: db, Config: defaultConfig, Options: opts, Concurrency: 1}
	w1.afterPublish = func(b batchMsg, answer []byte) {
		once.Do(func() {
			if err := dying.Publish(o.resultsSubject(b.Job), answer); err != nil {
				t.Error(err)
			}
			dying.Flush()
			dying.Close()
		})
	}
	startWorker(t, w1)
	startWorker(t, &Worker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Concurrency: 1})
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, js, context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	local, err := collect(t, &Local{Source: db, Config: defaultConfig}, context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, got, local)
}

func TestJetStreamWithoutWorkersStalls(t *testing.T) {
	db, ids := sharedStore(t)
	_ = db
	e := embedded(t, "")
	js, err := NewJetStream(context.Background(), connect(t, e),
		Options{Storage: e.Storage(), Stall: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = collect(t, js, context.Background(), ids[:10])
	if !errors.Is(err, ErrStalled) {
		t.Fatalf("error %v, want ErrStalled", err)
	}
	if !strings.Contains(err.Error(), "0 of 1 batches answered") || !strings.Contains(err.Error(), "1 batches waiting") {
		t.Fatalf("error %q does not say what is pending", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("stall detected after %s, want about 300ms", d)
	}
	// The abandoned job's batches were purged: a worker joining now finds
	// nothing to do.
	info, err := js.topo.work.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 0 {
		t.Fatalf("%d batches left in the work stream after the job failed", info.State.Msgs)
	}
}

func TestJetStreamStopsOnCancel(t *testing.T) {
	_, ids := sharedStore(t)
	e := embedded(t, "")
	js, err := NewJetStream(context.Background(), connect(t, e), Options{Storage: e.Storage()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = collect(t, js, ctx, ids)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("cancel took %s", d)
	}
}

// slowSource delays every View, so that batches outlast a pull.
type slowSource struct {
	Source
	delay   time.Duration
	started chan struct{} // closed at the first View
	once    sync.Once
}

func (s *slowSource) View(ctx context.Context, f func(tx vault.Tx) error) error {
	s.once.Do(func() { close(s.started) })
	time.Sleep(s.delay)
	return s.Source.View(ctx, f)
}

func TestJetStreamWorkersShareTheLoad(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), BatchSize: 10, Stall: 20 * time.Second}
	var ws []*Worker
	for range 2 {
		src := &slowSource{Source: db, delay: 5 * time.Millisecond, started: make(chan struct{})}
		w := &Worker{Conn: connectWorker(t, e), Source: src, Config: defaultConfig, Options: opts, Concurrency: 1}
		startWorker(t, w)
		ws = append(ws, w)
	}
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, js, context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("%d results for %d accounts", len(got), len(ids))
	}
	// A worker counts a batch after its ack, which may follow the answer.
	both := eventually(func() [2]int64 { return [2]int64{ws[0].Stats().Batches, ws[1].Stats().Batches} },
		func(n [2]int64) bool { return n[0]+n[1] == int64(len(ids)/10) })
	a, b := both[0], both[1]
	if a+b != int64(len(ids)/10) || a < 3 || b < 3 {
		t.Fatalf("workers answered %d and %d of %d batches: not shared", a, b, len(ids)/10)
	}
}

func TestWorkerFinishesItsBatchOnShutdown(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), BatchSize: 50, Stall: 20 * time.Second}
	src := &slowSource{Source: db, delay: 500 * time.Millisecond, started: make(chan struct{})}
	w := &Worker{Conn: connectWorker(t, e), Source: src, Config: defaultConfig, Options: opts, Concurrency: 1}
	run := startWorker(t, w)
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var got []Result
	go func() {
		var err error
		got, err = collect(t, js, context.Background(), ids[:50])
		done <- err
	}()
	<-src.started
	run.Stop() // SIGTERM while the batch is being margined
	<-run.Done
	if run.Err != nil {
		t.Fatalf("worker Run after shutdown: %v", run.Err)
	}
	// No other worker exists: the job completes only if the stopping
	// worker finished and answered its batch.
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("job not answered after the worker's graceful stop")
	}
	if len(got) != 50 || w.Stats().Batches != 1 {
		t.Fatalf("%d results, worker answered %d batches", len(got), w.Stats().Batches)
	}
}

func TestEmbeddedFileStorageSurvivesRestart(t *testing.T) {
	db, ids := sharedStore(t)
	dir := t.TempDir()
	for round := range 2 {
		e, err := StartEmbedded(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(e.URL(), "nats://127.0.0.1:") {
			t.Fatalf("URL %q, want a loopback nats:// URL", e.URL())
		}
		nc, err := e.Connect()
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Storage: e.Storage()}
		js, err := NewJetStream(context.Background(), nc, opts)
		if err != nil {
			t.Fatal(err)
		}
		info, err := js.topo.work.Info(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if round == 1 && info.Created.IsZero() {
			t.Fatal("stream not found after restart")
		}
		ctx, cancel := context.WithCancel(context.Background())
		wdone := make(chan error, 1)
		wc, err := e.ConnectWorker()
		if err != nil {
			t.Fatal(err)
		}
		go func() { wdone <- (&Worker{Conn: wc, Source: db, Config: defaultConfig, Options: opts}).Run(ctx) }()
		got, err := collect(t, js, context.Background(), ids[:40])
		cancel()
		if werr := <-wdone; werr != nil {
			t.Error(werr)
		}
		wc.Close()
		nc.Close()
		e.Shutdown()
		if err != nil || len(got) != 40 {
			t.Fatalf("round %d: %d results, %v", round, len(got), err)
		}
	}
	if _, err := os.Stat(dir + "/jetstream"); err != nil {
		t.Fatalf("no JetStream files under %s: %v", dir, err)
	}
}

func TestWorkerWithDefaultOptionsJoinsTheCoordinatorsTopology(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	// The coordinator sets memory streams and its AckWait; a worker started
	// with default options (file storage) must use them, not fail or change
	// them.
	js, err := NewJetStream(context.Background(), connect(t, e),
		Options{Storage: e.Storage(), AckWait: 7 * time.Second, Stall: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	startWorker(t, &Worker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig})
	got, err := collect(t, js, context.Background(), ids[:20])
	if err != nil || len(got) != 20 {
		t.Fatalf("%d results, %v", len(got), err)
	}
	info, err := js.topo.work.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cinfo, err := js.topo.workers.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.Storage != e.Storage() || cinfo.Config.AckWait != 7*time.Second {
		t.Fatalf("worker changed the topology: storage %v, ack wait %s", info.Config.Storage, cinfo.Config.AckWait)
	}
}

func TestInProcessRemarginsAndCloses(t *testing.T) {
	db, ids := sharedStore(t)
	p, err := StartInProcess(context.Background(), "", db, defaultConfig, 2, Options{BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, p, context.Background(), ids[:40])
	if err != nil || len(got) != 40 {
		t.Fatalf("%d results, %v", len(got), err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Accounts != 40 || s.Batches != 5 {
		t.Fatalf("workers answered %+v, want 40 accounts in 5 batches", s)
	}
}
