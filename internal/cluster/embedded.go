// Embedded runs a nats-server with JetStream inside this process: file
// storage under a directory, or memory when none is given, a loopback
// listener on a random port for remote `unimargin worker` processes, and
// in-process connections (no socket) for this process's own clients.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// embeddedReadyTimeout bounds how long the server may take to accept clients.
const embeddedReadyTimeout = 10 * time.Second

// Embedded is a running in-process nats-server with JetStream enabled.
type Embedded struct {
	srv     *server.Server
	tmp     string // JetStream directory to remove on Shutdown ("" when the caller owns it)
	storage jetstream.StorageType
}

// StartEmbedded starts a nats-server with JetStream in this process. With dir
// set, streams are file-backed under dir (created when absent) and survive a
// restart; with dir "", streams live in memory (the server's own metadata
// goes to a temporary directory removed on Shutdown). The server listens on
// 127.0.0.1 at a random port (URL). Errors: the directory cannot be made,
// the server does not start, or ctx ends first.
func StartEmbedded(ctx context.Context, dir string) (*Embedded, error) {
	e := &Embedded{storage: jetstream.FileStorage}
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
	opts := &server.Options{
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
	}
	srv, err := server.NewServer(opts)
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

// Connect opens an in-process client connection (no socket). Extra options
// follow the defaults (a name, unlimited reconnects are pointless in-process).
func (e *Embedded) Connect(opts ...nats.Option) (*nats.Conn, error) {
	all := append([]nats.Option{nats.InProcessServer(e.srv), nats.Name("unimargin-in-process")}, opts...)
	nc, err := nats.Connect("", all...)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: in-process connection: %w", err)
	}
	return nc, nil
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
