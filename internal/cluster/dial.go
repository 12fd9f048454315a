// Dial connects a re-margin worker or coordinator to a NATS server by URL,
// reconnecting for as long as the process runs (a worker outlives a NATS
// restart; JetStream redelivers what was in flight).
package cluster

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Conn is a NATS connection: cmd/ names it through this package, which
// alone imports the bus (internal/lint).
type Conn = nats.Conn

// dialTimeout bounds the first connection attempt.
const dialTimeout = 10 * time.Second

// Dial connects to url (nats://host:port, or a comma-separated list of
// servers) under a client name shown in the server's monitoring; opts
// follow (credentials: NkeyOption; a worker's WorkerInbox). Errors: the
// server is unreachable within 10 s or refuses the credentials. The
// error names the server without any user information the URL holds.
func Dial(url, name string, opts ...nats.Option) (*nats.Conn, error) {
	all := append([]nats.Option{
		nats.Name(name),
		nats.Timeout(dialTimeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
	}, opts...)
	nc, err := nats.Connect(url, all...)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", redactURL(url), err)
	}
	return nc, nil
}

// NkeyOption is the credentials option of an nkey seed file (as written
// by Embedded.WriteWorkerSeed); "" is no option (no credentials).
func NkeyOption(seedFile string) ([]nats.Option, error) {
	if seedFile == "" {
		return nil, nil
	}
	o, err := nats.NkeyOptionFromSeed(seedFile)
	if err != nil {
		return nil, fmt.Errorf("nkey seed file %s: %w", seedFile, err)
	}
	return []nats.Option{o}, nil
}

// redactURL drops user information (user:password@, token@) from each
// server of a NATS URL list, for error messages and logs.
func redactURL(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		if u, err := url.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			u.User = nil
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}
