// Analyses in flight per token. An analysis is an operation whose cost
// grows with the posted or stored book and can take the whole request
// timeout (RequestTimeout) of CPU: POST /v1/margin, the previews (POST /v1/whatif,
// /v1/liquidations/preview, /v1/var, /v1/scenarios/run,
// /v1/stress/reverse), POST /v1/scenarios/run-all, GET /v1/accounts/{id}
// (the state margins the stored book), /stress, /stress/reverse, /var,
// /explain, /report, /hedges and /liquidation, and PUT
// /v1/accounts/{id}/portfolio (storing margins the book; the slot is taken
// before the handler, so a refused PUT stores nothing). The request rate
// limit alone lets one token start hundreds of them together (its burst),
// which starves every other caller; so each token may have at most
// Config.MaxComputePerToken of them in flight, and one more is 429
// rate_limited with Retry-After before any work. POST /v1/margin is one
// margin pass and memoised, but a book never seen before (a thousand
// venues) is computed in full, so it takes a slot too: without one, a
// token's burst of large distinct books occupied every core.
package server

import "sync"

// metaCompute marks an analysis in huma.Operation.Metadata.
const metaCompute = "compute"

// computeMeta is the Metadata of an analysis with the given access level.
func computeMeta(access string) map[string]any {
	return map[string]any{"access": access, metaCompute: true}
}

// slots counts requests in flight per key, at most max each. A key with
// none in flight holds no memory.
type slots struct {
	mu  sync.Mutex
	max int
	n   map[string]int
}

func newSlots(max int) *slots { return &slots{max: max, n: map[string]int{}} }

// acquire takes one of key's slots; false when all are taken.
func (s *slots) acquire(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n[key] >= s.max {
		return false
	}
	s.n[key]++
	return true
}

// release returns one of key's slots.
func (s *slots) release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n[key]--; s.n[key] <= 0 {
		delete(s.n, key)
	}
}
