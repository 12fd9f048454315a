// Dial connects a re-margin worker or coordinator to a NATS server by URL,
// reconnecting for as long as the process runs (a worker outlives a NATS
// restart; JetStream redelivers what was in flight).
package cluster

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// Conn is a NATS connection: cmd/ names it through this package, which
// alone imports the bus (internal/lint).
type Conn = nats.Conn

// dialTimeout bounds the first connection attempt.
const dialTimeout = 10 * time.Second

// Dial connects to url (nats://host:port, or a comma-separated list of
// servers) under a client name shown in the server's monitoring. Errors:
// the server is unreachable within 10 s.
func Dial(url, name string) (*nats.Conn, error) {
	nc, err := nats.Connect(url,
		nats.Name(name),
		nats.Timeout(dialTimeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
	)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", url, err)
	}
	return nc, nil
}
