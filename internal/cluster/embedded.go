// Embedded runs a nats-server with JetStream inside this process: file
// storage under a directory, or memory when none is given, a loopback
// listener on a random port for remote `unimargin worker` processes, and
// in-process connections (no socket) for this process's own clients.
//
// The server admits no client without credentials. Two nkey users are made
// at each start, their seeds held in memory: the coordinator, which owns
// the topology (the JetStream API, publishing work, its own inboxes, and
// what a worker does, for a process that is both), and
// the workers, which may only create the topology when it is absent, read
// the work stream's shared consumer and the shard consumers of the shards
// stream (shards.go; never create or change them), acknowledge their
// messages, publish answers, and receive replies on the workers' inbox (Options.workerInbox). A worker cannot read the results
// stream, the coordinator's inboxes (whose replies carry every account's
// margins) or any other subject. Workers of other processes are given the
// worker seed as a file (WriteWorkerSeed, mode 0600): nkey authentication
// is a signed challenge, so the seed never crosses the connection.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// embeddedReadyTimeout bounds how long the server may take to accept clients.
const embeddedReadyTimeout = 10 * time.Second

// Embedded is a running in-process nats-server with JetStream enabled.
type Embedded struct {
	srv                 *server.Server
	tmp                 string // JetStream directory to remove on Shutdown ("" when the caller owns it)
	storage             jetstream.StorageType
	opts                Options       // the prefix the permissions are written for
	coordinator, worker nkeys.KeyPair // the two users' keys, made at start
}

// StartEmbedded starts a nats-server with JetStream in this process. With dir
// set, streams are file-backed under dir (created when absent) and survive a
// restart; with dir "", streams live in memory (the server's own metadata
// goes to a temporary directory removed on Shutdown). The server listens on
// 127.0.0.1 at a random port (URL) and admits the coordinator (Connect) and
// the workers (ConnectWorker, WriteWorkerSeed) of opts.Prefix only. Errors:
// an invalid prefix, the directory cannot be made, the server does not
// start, or ctx ends first.
func StartEmbedded(ctx context.Context, dir string, opts Options) (*Embedded, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	e := &Embedded{storage: jetstream.FileStorage, opts: o}
	if e.coordinator, err = nkeys.CreateUser(); err == nil {
		e.worker, err = nkeys.CreateUser()
	}
	if err != nil {
		return nil, fmt.Errorf("embedded nats: making credentials: %w", err)
	}
	users, err := e.users()
	if err != nil {
		return nil, err
	}
	storeDir := dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "unimargin-nats-")
		if err != nil {
			return nil, fmt.Errorf("embedded nats: temporary JetStream directory: %w", err)
		}
		e.tmp, storeDir, e.storage = tmp, tmp, jetstream.MemoryStorage
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("embedded nats: JetStream directory %s: %w", dir, err)
	}
	sopts := &server.Options{
		ServerName: "unimargin-embedded",
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   storeDir,
		NoSigs:     true,
		NoLog:      true,
		// Results of one batch are one message; leave room above the 1 MiB
		// default for long account ids.
		MaxPayload: 8 << 20,
		Nkeys:      users,
	}
	srv, err := server.NewServer(sopts)
	if err != nil {
		e.removeTmp()
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	e.srv = srv
	srv.Start()
	deadline := embeddedReadyTimeout
	if d, ok := ctx.Deadline(); ok {
		deadline = min(deadline, time.Until(d))
	}
	if !srv.ReadyForConnections(deadline) {
		e.Shutdown()
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("embedded nats: starting: %w", err)
		}
		return nil, errors.New("embedded nats: not ready for connections within " + deadline.String())
	}
	return e, nil
}

// URL is the server's client URL (nats://127.0.0.1:port), for workers in
// other processes.
func (e *Embedded) URL() string { return e.srv.ClientURL() }

// Storage is the stream storage matching how the server was started: file
// with a directory, memory without.
func (e *Embedded) Storage() jetstream.StorageType { return e.storage }

// users are the server's two nkey users and their permissions.
func (e *Embedded) users() ([]*server.NkeyUser, error) {
	coord, err := e.coordinator.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("embedded nats: coordinator key: %w", err)
	}
	work, err := e.worker.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("embedded nats: worker key: %w", err)
	}
	o := e.opts
	ws, rs, ss := o.workStream(), o.resultsStream(), o.shardStream()
	return []*server.NkeyUser{
		// The coordinator may also work batches itself (serve --nats runs
		// its worker on the coordinator's connection).
		{Nkey: coord, Permissions: &server.Permissions{
			Publish: &server.SubjectPermission{Allow: []string{"$JS.API.>", o.Prefix + ".remargin.>",
				"$JS.ACK." + ws + "." + workersConsumer + ".>", "$JS.ACK." + ss + ".>"}},
			Subscribe: &server.SubjectPermission{Allow: []string{nats.InboxPrefix + ">"}},
		}},
		{Nkey: work, Permissions: &server.Permissions{
			Publish: &server.SubjectPermission{Allow: []string{
				"$JS.API.STREAM.INFO." + ws,
				"$JS.API.STREAM.INFO." + rs,
				// A worker that starts first creates what is absent (never
				// updates: an existing stream or consumer stays as it is).
				"$JS.API.STREAM.CREATE." + ws,
				"$JS.API.STREAM.CREATE." + rs,
				"$JS.API.CONSUMER.CREATE." + ws + "." + workersConsumer + ".>",
				"$JS.API.CONSUMER.INFO." + ws + "." + workersConsumer,
				"$JS.API.CONSUMER.MSG.NEXT." + ws + "." + workersConsumer,
				"$JS.ACK." + ws + "." + workersConsumer + ".>",
				// Shard ticks: look up a shard's consumer (the coordinator
				// creates them), take its ticks, acknowledge them.
				"$JS.API.CONSUMER.INFO." + ss + ".*",
				"$JS.API.CONSUMER.MSG.NEXT." + ss + ".*",
				"$JS.ACK." + ss + ".>",
				o.Prefix + ".remargin.results.>",
			}},
			Subscribe: &server.SubjectPermission{Allow: []string{o.workerInbox() + ".>"}},
		}},
	}, nil
}

// Connect opens an in-process client connection (no socket) as the
// coordinator. Extra options follow the defaults (a name; unlimited
// reconnects are pointless in-process).
func (e *Embedded) Connect(opts ...nats.Option) (*nats.Conn, error) {
	return e.connect(e.coordinator, append([]nats.Option{nats.Name("unimargin-in-process")}, opts...))
}

// ConnectWorker opens an in-process connection as a worker (its
// permissions, its inbox).
func (e *Embedded) ConnectWorker(opts ...nats.Option) (*nats.Conn, error) {
	return e.connect(e.worker, append([]nats.Option{nats.Name("unimargin-in-process-worker"),
		WorkerInbox(e.opts.Prefix)}, opts...))
}

func (e *Embedded) connect(kp nkeys.KeyPair, opts []nats.Option) (*nats.Conn, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	all := append([]nats.Option{nats.InProcessServer(e.srv), nats.Nkey(pub, kp.Sign)}, opts...)
	nc, err := nats.Connect("", all...)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: in-process connection: %w", err)
	}
	return nc, nil
}

// WriteWorkerSeed writes the workers' nkey seed to path (mode 0600,
// replacing a file left by an earlier run), for `unimargin worker
// --nats-nkey path`. The seed is good until the server shuts down.
func (e *Embedded) WriteWorkerSeed(path string) error { return writeSeed(e.worker, path) }

// WriteCoordinatorSeed writes the coordinator's seed to path (mode 0600),
// for a coordinator in another process (`unimargin remargin --nats`).
func (e *Embedded) WriteCoordinatorSeed(path string) error { return writeSeed(e.coordinator, path) }

// writeSeed writes kp's seed to a new file only its owner may read: an
// existing file is removed first, since rewriting it would keep its mode.
func writeSeed(kp nkeys.KeyPair, path string) error {
	seed, err := kp.Seed()
	if err != nil {
		return fmt.Errorf("embedded nats: seed: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("embedded nats: seed file: %w", err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("embedded nats: seed file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("embedded nats: seed file: %w", err)
	}
	_, err = f.Write(append(seed, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("embedded nats: seed file %s: %w", path, err)
	}
	return nil
}

// Shutdown stops the server, waits for it to finish, and removes its
// temporary directory when it made one.
func (e *Embedded) Shutdown() {
	if e.srv != nil {
		e.srv.Shutdown()
		e.srv.WaitForShutdown()
	}
	e.removeTmp()
}

func (e *Embedded) removeTmp() {
	if e.tmp != "" {
		_ = os.RemoveAll(e.tmp)
		e.tmp = ""
	}
}
