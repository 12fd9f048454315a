// InProcess is the embedded default of DESIGN.md ("serve --demo"): an
// embedded JetStream server, a coordinator and in-process workers in one
// value, whose URL remote `unimargin worker` processes may also join.
package cluster

import (
	"context"
	"fmt"
	"runtime"

	"github.com/nats-io/nats.go"

	"github.com/unimargin/unimargin/internal/vault"
)

// InProcess is a running embedded server with workers; it is a Remarginer.
type InProcess struct {
	*JetStream
	srv     *Embedded
	nc      *nats.Conn // the coordinator's
	stop    context.CancelFunc
	done    chan error
	workers []*Worker
}

// StartInProcess starts an embedded server (file streams under dir, memory
// when dir is ""), workers in-process workers of one goroutine each
// (GOMAXPROCS when zero) on their own in-process connections, and a
// coordinator. opts.Storage is set to suit the server. Close stops it all.
// Errors: those of StartEmbedded and NewJetStream.
func StartInProcess(ctx context.Context, dir string, src Source, cfg func() vault.Config, workers int, opts Options) (*InProcess, error) {
	srv, err := StartEmbedded(ctx, dir, opts)
	if err != nil {
		return nil, err
	}
	opts.Storage = srv.Storage()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	wctx, stop := context.WithCancel(context.Background())
	p := &InProcess{srv: srv, stop: stop, done: make(chan error, workers)}
	p.nc, err = srv.Connect()
	if err == nil {
		p.JetStream, err = NewJetStream(ctx, p.nc, opts)
	}
	if err != nil {
		p.Close()
		return nil, err
	}
	for range workers {
		wc, err := srv.ConnectWorker()
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("in-process worker: %w", err)
		}
		w := &Worker{Conn: wc, Source: src, Config: cfg, Options: opts, Concurrency: 1}
		p.workers = append(p.workers, w)
		go func() {
			err := w.Run(wctx)
			wc.Close()
			p.done <- err
		}()
	}
	return p, nil
}

// URL is the embedded server's loopback client URL, for remote workers.
func (p *InProcess) URL() string { return p.srv.URL() }

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

// Close stops the workers (each finishes the batch it holds), then the
// server. It returns the first error a worker stopped with.
func (p *InProcess) Close() error {
	p.stop()
	var first error
	for range p.workers {
		if err := <-p.done; err != nil && first == nil {
			first = err
		}
	}
	if p.nc != nil {
		p.nc.Close()
	}
	p.srv.Shutdown()
	return first
}

// InProcessShards is sharded re-margin in one process: an embedded server
// (memory streams), a Ticker over shards shards, and in-process shard
// workers, worker i owning the shards s with s mod workers = i, each on
// its own worker connection.
type InProcessShards struct {
	*Ticker
	srv     *Embedded
	nc      *nats.Conn
	stop    context.CancelFunc
	done    chan error
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
	srv, err := StartEmbedded(ctx, "", opts)
	if err != nil {
		return nil, err
	}
	opts.Storage = srv.Storage()
	wctx, stop := context.WithCancel(context.Background())
	p := &InProcessShards{srv: srv, stop: stop, done: make(chan error, workers)}
	p.nc, err = srv.Connect()
	if err == nil {
		p.Ticker, err = NewTicker(ctx, p.nc, shards, opts)
	}
	if err != nil {
		p.Close()
		return nil, err
	}
	for i := range workers {
		wc, err := srv.ConnectWorker()
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("in-process shard worker: %w", err)
		}
		var own []int
		for s := i; s < shards; s += workers {
			own = append(own, s)
		}
		w := &ShardWorker{Conn: wc, Source: src, Config: cfg, Options: opts, Shards: own}
		p.workers = append(p.workers, w)
		go func() {
			err := w.Run(wctx)
			wc.Close()
			p.done <- err
		}()
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

// Close stops the workers, then the server; it returns the first error a
// worker stopped with.
func (p *InProcessShards) Close() error {
	p.stop()
	var first error
	for range p.workers {
		if err := <-p.done; err != nil && first == nil {
			first = err
		}
	}
	if p.nc != nil {
		p.nc.Close()
	}
	p.srv.Shutdown()
	return first
}
