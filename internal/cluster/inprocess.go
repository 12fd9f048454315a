// InProcess is the embedded default of DESIGN.md ("serve --demo"): an
// embedded JetStream server, a coordinator and in-process workers in one
// value, whose URL remote `unimargin worker` processes may also join.
// InProcessShards is the same for sharded ticks (`remargin --nats
// embedded`): a Ticker and in-process shard workers.
package cluster

import (
	"context"
	"fmt"
	"runtime"

	"github.com/nats-io/nats.go"

	"github.com/unimargin/unimargin/internal/vault"
)

// embeddedRun is an embedded server, the coordinator's in-process
// connection and the goroutines of in-process workers, each on its own
// worker connection.
type embeddedRun struct {
	srv     *Embedded
	nc      *nats.Conn // the coordinator's
	wctx    context.Context
	stop    context.CancelFunc
	done    chan error
	started int
}

// startEmbeddedRun starts the server (file streams under dir, memory when
// dir is "") with room for workers workers, connects the coordinator, and
// returns opts with the server's storage.
func startEmbeddedRun(ctx context.Context, dir string, workers int, opts Options) (*embeddedRun, Options, error) {
	srv, err := StartEmbedded(ctx, dir, opts)
	if err != nil {
		return nil, opts, err
	}
	opts.Storage = srv.Storage()
	r := &embeddedRun{srv: srv, done: make(chan error, workers)}
	r.wctx, r.stop = context.WithCancel(context.Background())
	if r.nc, err = srv.Connect(); err != nil {
		r.Close()
		return nil, opts, err
	}
	return r, opts, nil
}

// spawn runs a worker on a new worker connection until Close.
func (r *embeddedRun) spawn(run func(ctx context.Context, wc *nats.Conn) error) error {
	wc, err := r.srv.ConnectWorker()
	if err != nil {
		return fmt.Errorf("in-process worker: %w", err)
	}
	r.started++
	go func() {
		err := run(r.wctx, wc)
		wc.Close()
		r.done <- err
	}()
	return nil
}

// Close stops the workers (each finishes what it holds), then the server.
// It returns the first error a worker stopped with.
func (r *embeddedRun) Close() error {
	r.stop()
	var first error
	for range r.started {
		if err := <-r.done; err != nil && first == nil {
			first = err
		}
	}
	if r.nc != nil {
		r.nc.Close()
	}
	r.srv.Shutdown()
	return first
}

// URL is the embedded server's loopback client URL, for remote workers.
func (r *embeddedRun) URL() string { return r.srv.URL() }

// InProcess is a running embedded server with workers; it is a Remarginer.
type InProcess struct {
	*JetStream
	*embeddedRun
	workers []*Worker
}

// StartInProcess starts an embedded server (file streams under dir, memory
// when dir is ""), workers in-process workers of one goroutine each
// (GOMAXPROCS when zero) on their own in-process connections, and a
// coordinator. opts.Storage is set to suit the server. Close stops it all.
// Errors: those of StartEmbedded and NewJetStream.
func StartInProcess(ctx context.Context, dir string, src Source, cfg func() vault.Config, workers int, opts Options) (*InProcess, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	run, opts, err := startEmbeddedRun(ctx, dir, workers, opts)
	if err != nil {
		return nil, err
	}
	p := &InProcess{embeddedRun: run}
	if p.JetStream, err = NewJetStream(ctx, run.nc, opts); err != nil {
		run.Close()
		return nil, err
	}
	for range workers {
		w := &Worker{Source: src, Config: cfg, Options: opts, Concurrency: 1}
		p.workers = append(p.workers, w)
		if err := run.spawn(func(ctx context.Context, wc *nats.Conn) error { w.Conn = wc; return w.Run(ctx) }); err != nil {
			run.Close()
			return nil, err
		}
	}
	return p, nil
}

// Stats sums the in-process workers' counters.
func (p *InProcess) Stats() WorkerStats {
	var s WorkerStats
	for _, w := range p.workers {
		ws := w.Stats()
		s.Batches += ws.Batches
		s.Accounts += ws.Accounts
		s.Failures += ws.Failures
	}
	return s
}

// InProcessShards is sharded re-margin in one process: an embedded server
// (memory streams), a Ticker over shards shards, and in-process shard
// workers, worker i owning the shards s with s mod workers = i.
type InProcessShards struct {
	*Ticker
	*embeddedRun
	workers []*ShardWorker
}

// StartInProcessShards starts it (workers: GOMAXPROCS when zero; shards:
// workers when zero, and at least workers). Close stops it all. Errors:
// those of StartEmbedded and NewTicker.
func StartInProcessShards(ctx context.Context, src Source, cfg func() vault.Config, workers, shards int, opts Options) (*InProcessShards, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if shards <= 0 {
		shards = workers
	}
	if shards < workers {
		return nil, fmt.Errorf("cluster: %d shards for %d workers: a worker would own none", shards, workers)
	}
	run, opts, err := startEmbeddedRun(ctx, "", workers, opts)
	if err != nil {
		return nil, err
	}
	p := &InProcessShards{embeddedRun: run}
	if p.Ticker, err = NewTicker(ctx, run.nc, shards, opts); err != nil {
		run.Close()
		return nil, err
	}
	for i := range workers {
		var own []int
		for s := i; s < shards; s += workers {
			own = append(own, s)
		}
		w := &ShardWorker{Source: src, Config: cfg, Options: opts, Shards: own}
		p.workers = append(p.workers, w)
		if err := run.spawn(func(ctx context.Context, wc *nats.Conn) error { w.Conn = wc; return w.Run(ctx) }); err != nil {
			run.Close()
			return nil, err
		}
	}
	return p, nil
}

// Stats sums the in-process shard workers' counters.
func (p *InProcessShards) Stats() ShardStats {
	var s ShardStats
	for _, w := range p.workers {
		ws := w.Stats()
		s.Ticks += ws.Ticks
		s.Accounts += ws.Accounts
		s.Loads += ws.Loads
		s.Failures += ws.Failures
	}
	return s
}
