// worker: `unimargin worker` runs a re-margin worker against a NATS
// JetStream server and the shared store until SIGTERM or SIGINT: it answers
// the service's batches of accounts (stateless) and the ticks of the shards
// it owns (--shards; it keeps them compiled between ticks), then finishes
// what it holds and exits 0.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/unimargin/unimargin/internal/cluster"
)

type workerCmd struct {
	NATS        string `name:"nats" env:"UNIMARGIN_NATS" required:"" help:"NATS server URL with JetStream (nats://host:4222; a comma-separated list for a cluster)." placeholder:"URL"`
	NATSNkey    string `name:"nats-nkey" env:"UNIMARGIN_NATS_NKEY" help:"An nkey seed file to authenticate with (serve --demo's embedded server: the file its workers line names)." placeholder:"FILE"`
	DB          string `name:"db" env:"UNIMARGIN_DB" help:"Store: sqlite:PATH or postgres://… (default: SQLite file unimargin.db under --data-dir)." placeholder:"DSN"`
	DataDir     string `name:"data-dir" env:"UNIMARGIN_DATA_DIR" default:".unimargin" help:"Directory of the default SQLite store." placeholder:"DIR"`
	Concurrency int    `help:"Batches margined at once (default: the number of CPUs)." placeholder:"N"`
	Prefix      string `help:"Stream and subject prefix; must match the coordinator's." default:"unimargin"`
	Shards      string `help:"Shards of 'remargin --nats' ticks this worker owns and keeps compiled: numbers and ranges, e.g. 0-3,7 (several workers may own one: a standby)." default:"0" placeholder:"LIST"`
}

func (c *workerCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	shards, err := cluster.ParseShards(c.Shards)
	if err != nil {
		return usagef("worker: --shards: %v", err)
	}
	sf := storeFlags{DB: c.DB, DataDir: c.DataDir}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	auth, err := cluster.NkeyOption(c.NATSNkey)
	if err != nil {
		return usagef("worker: --nats-nkey: %v", err)
	}
	nc, err := cluster.Dial(c.NATS, "unimargin-worker", append(auth, cluster.WorkerInbox(c.Prefix))...)
	if err != nil {
		return usagef("worker: %v", err)
	}
	defer nc.Close()
	cfg, err := storedConfig(ctx, db)
	if err != nil {
		return err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	w := &cluster.Worker{
		Conn: nc, Source: db, Config: cfg,
		Options:     cluster.Options{Prefix: c.Prefix},
		Concurrency: c.Concurrency,
		Logf:        logf,
	}
	sw := &cluster.ShardWorker{Conn: nc, Source: db, Config: cfg, Options: cluster.Options{Prefix: c.Prefix},
		Shards: shards, Logf: logf}
	// Either ending (the connection closed) ends both.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	shardErr := make(chan error, 1)
	go func() {
		err := sw.Run(ctx)
		cancel()
		shardErr <- err
	}()
	err = w.Run(ctx)
	cancel()
	if serr := <-shardErr; err == nil {
		err = serr
	}
	if err != nil {
		return usagef("%v", err)
	}
	s, ss := w.Stats(), sw.Stats()
	fmt.Fprintf(e.out, "worker stopped: %d batches, %d accounts answered, %d batches left to redelivery; "+
		"%d shard ticks, %d accounts answered, %d shard loads, %d ticks left to redelivery\n",
		s.Batches, s.Accounts, s.Failures, ss.Ticks, ss.Accounts, ss.Loads, ss.Failures)
	return nil
}
