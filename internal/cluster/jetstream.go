// JetStream is the Remarginer that spreads a re-margin over workers: it
// publishes a job's accounts in batches to the work-queue stream (dedup ids,
// so a retried publish is stored once), collects the workers' answers from
// the results stream, and calls each exactly once per account even when a
// batch is redelivered and answered twice.
package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
)

// ErrStalled is returned when no worker answered for Options.Stall: no
// worker is connected, or every worker is stuck.
var ErrStalled = errors.New("no re-margin result arrived in time (is a `unimargin worker` connected to the same NATS?)")

// publishWindow bounds the batches published but not yet stored.
const publishWindow = 256

// purgeEvery is how many answered batches the coordinator reads before it
// purges them from the results stream, so a million-account job does not
// hold every answer in the stream.
const purgeEvery = 64

// cleanupTimeout bounds the purges after a job ends.
const cleanupTimeout = 5 * time.Second

// JetStream re-margins through NATS JetStream workers (Worker). It is safe
// for concurrent use: each call is its own job.
type JetStream struct {
	js   jetstream.JetStream
	opts Options
	topo topology
}

// NewJetStream sets up the topology (streams and the workers' consumer) on
// nc and returns the coordinator. Workers may connect before or after.
// Errors: invalid options, JetStream not enabled on the server, a stream
// that cannot be created.
func NewJetStream(ctx context.Context, nc *nats.Conn, opts Options) (*JetStream, error) {
	js, o, err := jetStreamOn(nc, opts)
	if err != nil {
		return nil, err
	}
	t, err := ensureTopology(ctx, js, o, true)
	if err != nil {
		return nil, err
	}
	return &JetStream{js: js, opts: o, topo: t}, nil
}

// Remargin implements Remarginer. Errors: ctx's error; ErrStalled when no
// answer arrives for Options.Stall; a publish the server refused; a worker
// answer that does not match its batch.
func (j *JetStream) Remargin(ctx context.Context, accounts []string, each func(Result)) error {
	if len(accounts) == 0 {
		return nil
	}
	job := nuid.Next()
	err := j.run(ctx, job, accounts, each)
	j.cleanup(ctx, job, err != nil)
	if err != nil {
		return fmt.Errorf("re-margin job %s (%d accounts): %w", job, len(accounts), err)
	}
	return nil
}

// collector is one job's state: which batches are answered.
type collector struct {
	accounts []string
	size     int
	answered []bool
	left     int
	read     int    // answers read since the last purge
	lastSeq  uint64 // stream sequence of the last answer read
}

func (j *JetStream) run(ctx context.Context, job string, accounts []string, each func(Result)) error {
	cons, err := j.js.OrderedConsumer(ctx, j.opts.resultsStream(), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{j.opts.resultsSubject(job)},
	})
	if err != nil {
		return fmt.Errorf("results consumer: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("results consumer: %w", err)
	}
	defer it.Stop()
	pubCtx, stopPub := context.WithCancel(ctx)
	published := make(chan error, 1)
	go func() { published <- j.publish(pubCtx, job, accounts) }()
	defer func() { // the publisher has stopped before cleanup purges the job
		stopPub()
		if published != nil {
			<-published
		}
	}()

	n := (len(accounts) + j.opts.BatchSize - 1) / j.opts.BatchSize
	c := &collector{accounts: accounts, size: j.opts.BatchSize, answered: make([]bool, n), left: n}
	last := time.Now()
	tick := min(j.opts.Stall, time.Second)
	for c.left > 0 {
		select {
		case err := <-published:
			published = nil // publishing is done: stop selecting on it
			if err != nil {
				return err
			}
			last = time.Now()
		default:
		}
		msg, idle, err := awaitNext(ctx, it, tick)
		if err != nil {
			return err
		}
		if idle {
			if time.Since(last) > j.opts.Stall {
				return j.stalled(ctx, c, time.Since(last))
			}
			continue
		}
		fresh, err := c.take(job, msg, each)
		if err != nil {
			return err
		}
		if fresh {
			last = time.Now()
		}
		j.purgeRead(ctx, job, c)
	}
	return nil
}

// awaitNext waits up to d for the next answer. idle reports that none
// came (the wait ended, or the ordered consumer recreates itself after
// missed heartbeats and resumes); err is ctx's error or a failed read.
func awaitNext(ctx context.Context, it jetstream.MessagesContext, d time.Duration) (msg jetstream.Msg, idle bool, err error) {
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	msg, err = it.Next(jetstream.NextContext(wctx))
	switch {
	case ctx.Err() != nil:
		return nil, false, ctx.Err()
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, jetstream.ErrNoHeartbeat):
		return nil, true, nil
	case err != nil:
		return nil, false, fmt.Errorf("reading answers: %w", err)
	}
	return msg, false, nil
}

// take checks one answer and calls each for its results unless the batch
// was already answered (a redelivered batch answered twice). It reports
// whether the answer was new.
func (c *collector) take(job string, msg jetstream.Msg, each func(Result)) (bool, error) {
	if md, err := msg.Metadata(); err == nil {
		c.lastSeq = md.Sequence.Stream
	}
	c.read++
	var a resultsMsg
	if err := json.Unmarshal(msg.Data(), &a); err != nil {
		return false, fmt.Errorf("decoding a worker's answer: %w", err)
	}
	if a.Job != job || a.Seq < 0 || a.Seq >= len(c.answered) {
		return false, fmt.Errorf("worker answered batch %d of job %q, want a batch 0..%d of %s",
			a.Seq, a.Job, len(c.answered)-1, job)
	}
	if c.answered[a.Seq] {
		return false, nil
	}
	start := a.Seq * c.size
	want := c.accounts[start:min(start+c.size, len(c.accounts))]
	if len(a.Results) != len(want) {
		return false, fmt.Errorf("worker answered batch %d with %d results for %d accounts", a.Seq, len(a.Results), len(want))
	}
	for i, r := range a.Results {
		if r.Account != want[i] {
			return false, fmt.Errorf("worker answered batch %d position %d for account %q, want %q", a.Seq, i, r.Account, want[i])
		}
	}
	c.answered[a.Seq] = true
	c.left--
	for _, r := range a.Results {
		each(r)
	}
	return true, nil
}

// purgeRead drops the answers read so far from the results stream, every
// purgeEvery answers (best effort: the stream's MaxAge drops leftovers).
func (j *JetStream) purgeRead(ctx context.Context, job string, c *collector) {
	if c.read < purgeEvery || c.lastSeq == 0 {
		return
	}
	c.read = 0
	_ = j.topo.results.Purge(ctx, jetstream.WithPurgeSubject(j.opts.resultsSubject(job)),
		jetstream.WithPurgeSequence(c.lastSeq+1))
}

// stalled builds the ErrStalled error with what the workers' consumer shows.
func (j *JetStream) stalled(ctx context.Context, c *collector, idle time.Duration) error {
	done := len(c.answered) - c.left
	what := fmt.Sprintf("%d of %d batches answered, none in the last %s", done, len(c.answered), idle.Round(time.Millisecond))
	if info, err := j.topo.workers.Info(ctx); err == nil {
		what += fmt.Sprintf("; consumer %s: %d batches waiting, %d held by workers, %d pull requests waiting",
			workersConsumer, info.NumPending, info.NumAckPending, info.NumWaiting)
	}
	return fmt.Errorf("%w: %s", ErrStalled, what)
}

// publish stores the job's batches in the work stream, keeping at most
// publishWindow unacknowledged; a publish that fails is retried once with
// the same dedup id (stored once even if the first attempt was stored).
func (j *JetStream) publish(ctx context.Context, job string, accounts []string) error {
	type pending struct {
		seq  int
		data []byte
		ack  jetstream.PubAckFuture
	}
	var window []pending
	settle := func(p pending) error {
		select {
		case <-p.ack.Ok():
			return nil
		case err := <-p.ack.Err():
			if _, err2 := j.js.Publish(ctx, j.opts.workSubject(job), p.data,
				jetstream.WithMsgID(workMsgID(job, p.seq))); err2 != nil {
				return fmt.Errorf("publishing batch %d: %w (retry: %v)", p.seq, err, err2)
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for seq, start := 0, 0; start < len(accounts); seq, start = seq+1, start+j.opts.BatchSize {
		b := batchMsg{Job: job, Seq: seq, Accounts: accounts[start:min(start+j.opts.BatchSize, len(accounts))]}
		data, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("encoding batch %d: %w", seq, err)
		}
		if len(window) == publishWindow {
			if err := settle(window[0]); err != nil {
				return err
			}
			window = window[1:]
		}
		f, err := j.js.PublishAsync(j.opts.workSubject(job), data, jetstream.WithMsgID(workMsgID(job, seq)))
		if err != nil {
			return fmt.Errorf("publishing batch %d: %w", seq, err)
		}
		window = append(window, pending{seq: seq, data: data, ack: f})
	}
	for _, p := range window {
		if err := settle(p); err != nil {
			return err
		}
	}
	return nil
}

// cleanup purges the job's answers and, when it failed, its unanswered
// batches, so workers stop spending time on a job nobody waits for.
func (j *JetStream) cleanup(ctx context.Context, job string, failed bool) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_ = j.topo.results.Purge(cctx, jetstream.WithPurgeSubject(j.opts.resultsSubject(job)))
	if failed {
		_ = j.topo.work.Purge(cctx, jetstream.WithPurgeSubject(j.opts.workSubject(job)))
	}
}
