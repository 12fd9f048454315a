// Worker is a stateless re-margin worker: it pulls batches of account ids
// from the shared work consumer, margins them against the store (the same
// marginBatch as Local), publishes the answer, and only then acknowledges
// the batch, so a worker that dies mid-batch leaves it to be redelivered.
// On ctx's end it stops pulling and finishes the batches it holds.
package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/unimargin/unimargin/internal/vault"
)

// Worker margins batches from the work stream. Set the fields, then Run.
type Worker struct {
	Conn   *nats.Conn
	Source Source
	// Config is read once per batch, so a parameter change reaches the
	// next batch.
	Config func() vault.Config
	// Options: Prefix must match the coordinator's; the rest applies only
	// when the worker is first and creates the topology.
	Options Options
	// Concurrency is the number of batches margined at once (GOMAXPROCS
	// when zero).
	Concurrency int
	// Logf, when set, receives a line per batch that could not be answered.
	Logf func(format string, args ...any)

	// afterPublish, when set (tests), runs between publishing a batch's
	// answer and acknowledging the batch.
	afterPublish func(b batchMsg, answer []byte)

	batches, accounts, failures atomic.Int64
}

// WorkerStats counts what a worker has done since Run started.
type WorkerStats struct {
	Batches  int64 // batches answered and acknowledged
	Accounts int64 // accounts in those batches
	Failures int64 // batches left unacknowledged (answer not published) or refused
}

// Stats returns the worker's counters (safe to call while it runs).
func (w *Worker) Stats() WorkerStats {
	return WorkerStats{Batches: w.batches.Load(), Accounts: w.accounts.Load(), Failures: w.failures.Load()}
}

// RunWorker runs a Worker with default Options and concurrency until ctx
// ends; see Worker.Run.
func RunWorker(ctx context.Context, nc *nats.Conn, src Source, cfg func() vault.Config) error {
	w := &Worker{Conn: nc, Source: src, Config: cfg}
	return w.Run(ctx)
}

// Run pulls and answers batches until ctx ends (then it finishes the batches
// it holds and returns nil) or the connection fails. Errors: invalid
// options, the topology cannot be set up, the connection is closed.
func (w *Worker) Run(ctx context.Context) error {
	if w.Conn == nil || w.Source == nil || w.Config == nil {
		return errors.New("cluster.Worker: Conn, Source and Config are required")
	}
	js, o, err := jetStreamOn(w.Conn, w.Options)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	t, err := w.setUp(ctx, js, o)
	if err != nil {
		return err
	}
	// Report progress at a third of the consumer's AckWait, whoever set it.
	if info := t.workers.CachedInfo(); info != nil && info.Config.AckWait > 0 {
		o.AckWait = info.Config.AckWait
	}
	conc := w.Concurrency
	if conc <= 0 {
		conc = runtime.GOMAXPROCS(0)
	}
	// Each goroutine fetches one batch when it is free: nothing waits in a
	// buffer while its AckWait runs, and a free worker takes the next batch
	// before a busy one does.
	errs := make(chan error, conc)
	for range conc {
		go func() { errs <- w.loop(ctx, js, t.workers, o) }()
	}
	var first error
	for range conc {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// setUpRetries bounds the attempts to find or create the topology: a
// worker may start before NATS is ready, or while it is slow to answer.
const setUpRetries = 10

// setUp finds or creates the topology, retrying with backoff (1 s, 2 s, …
// up to 10 s) until it succeeds, ctx ends, or setUpRetries attempts fail.
func (w *Worker) setUp(ctx context.Context, js jetstream.JetStream, o Options) (topology, error) {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		t, err := ensureTopology(ctx, js, o, false)
		if err == nil {
			return t, nil
		}
		if attempt == setUpRetries || !sleep(ctx, wait) {
			return t, fmt.Errorf("worker: %w", err)
		}
		w.logf("worker: setting up (attempt %d of %d): %v", attempt, setUpRetries, err)
		wait = min(2*wait, 10*time.Second)
	}
}

// fetchWait is how long one fetch waits for a batch; ctx's end interrupts it.
const fetchWait = 5 * time.Second

// loop fetches and answers one batch at a time until ctx ends (nil) or the
// connection closes (an error).
func (w *Worker) loop(ctx context.Context, js jetstream.JetStream, cons jetstream.Consumer, o Options) error {
	err := pullLoop(ctx, w.Conn, cons, "a batch from "+o.workStream(), w.logf, func(ctx context.Context, m jetstream.Msg) bool {
		w.handle(ctx, js, o, m)
		return true
	})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

// pullLoop fetches one message at a time from cons and hands it to handle,
// with a context that outlives ctx (the message in hand is finished), until
// ctx ends or handle returns false (nil), or the connection closes (an
// error). what names the messages in the log line of a failed fetch.
func pullLoop(ctx context.Context, nc *nats.Conn, cons jetstream.Consumer, what string,
	logf func(format string, args ...any), handle func(context.Context, jetstream.Msg) bool) error {
	for ctx.Err() == nil {
		fctx, cancel := context.WithTimeout(ctx, fetchWait)
		batch, err := cons.Fetch(1, jetstream.FetchContext(fctx))
		if err == nil {
			for m := range batch.Messages() {
				if !handle(context.WithoutCancel(ctx), m) {
					cancel()
					return nil
				}
			}
			err = batch.Error()
		}
		cancel()
		switch {
		case err == nil, ctx.Err() != nil, errors.Is(err, context.DeadlineExceeded),
			errors.Is(err, nats.ErrTimeout), errors.Is(err, jetstream.ErrNoMessages):
		case errors.Is(err, nats.ErrConnectionClosed) || nc.IsClosed():
			return errors.New("the NATS connection closed")
		default:
			// A reconnect or a slow server: try again shortly.
			logf("fetching %s: %v", what, err)
			sleep(ctx, time.Second)
		}
	}
	return nil
}

// handle answers one batch: margin, publish the answer (dedup id), then ack.
// An answer that cannot be published is not acknowledged, so JetStream
// redelivers the batch after AckWait.
func (w *Worker) handle(ctx context.Context, js jetstream.JetStream, o Options, m jetstream.Msg) {
	var b batchMsg
	if err := json.Unmarshal(m.Data(), &b); err != nil {
		w.failures.Add(1)
		w.logf("worker: batch %s: not a batch message: %v", m.Subject(), err)
		_ = m.Term() // no worker can answer it
		return
	}
	stop := keepAlive(m, o.AckWait/3)
	rs := marginBatch(ctx, w.Source, w.Config(), b.Accounts, storeBackoff)
	data, err := json.Marshal(resultsMsg{Job: b.Job, Seq: b.Seq, Results: rs})
	if err == nil {
		_, err = js.Publish(ctx, o.resultsSubject(b.Job), data, jetstream.WithMsgID(resultsMsgID(b.Job, b.Seq)))
	}
	stop()
	if err != nil {
		w.failures.Add(1)
		w.logf("worker: job %s batch %d: publishing the answer: %v", b.Job, b.Seq, err)
		_ = m.Nak()
		return
	}
	if w.afterPublish != nil {
		w.afterPublish(b, data)
	}
	if err := m.Ack(); err != nil {
		w.logf("worker: job %s batch %d: ack: %v (the batch will be answered again)", b.Job, b.Seq, err)
	}
	w.batches.Add(1)
	w.accounts.Add(int64(len(b.Accounts)))
}

// keepAlive tells JetStream the batch is still being worked on every
// interval, so a long batch is not redelivered to another worker. The
// returned func stops it.
func keepAlive(m jetstream.Msg, every time.Duration) func() {
	_ = m.InProgress()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				_ = m.InProgress()
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

func (w *Worker) logf(format string, args ...any) {
	if w.Logf != nil {
		w.Logf(format, args...)
	}
}
