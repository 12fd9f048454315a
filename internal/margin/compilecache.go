// A small cache of compiled markets for services that margin many books on
// the same few markets (the stored market between ticks, a posted market
// sent again). The caller names each entry by a key that identifies the
// market's content and the parameters (CompileKey), so an entry can never
// answer for another market: the cache is safe to share between stores.
package margin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/unimargin/unimargin/internal/market"
)

// CompileCache keeps the most recently used compiled markets, at most n.
// It is safe for concurrent use.
type CompileCache struct {
	mu      sync.Mutex
	n       int
	entries map[string]*Compiled
	order   []string // least recently used first
}

// NewCompileCache returns a cache of at most n compiled markets (n ≥ 1).
func NewCompileCache(n int) *CompileCache {
	return &CompileCache{n: max(n, 1), entries: map[string]*Compiled{}}
}

// CompileKey names a market document (its exact bytes) with parameters rp:
// nil rp stands for the defaults; otherwise rp's identity, which cannot be
// reused while an entry holds it (parameters are never changed in place).
func CompileKey(marketDoc []byte, rp *RiskParams) string {
	sum := sha256.Sum256(marketDoc)
	params := "default"
	if rp != nil {
		params = fmt.Sprintf("%p", rp)
	}
	return hex.EncodeToString(sum[:]) + "/" + params
}

// Get returns the compiled market of key, compiling m with rp (the
// defaults when nil) on a miss. m and rp must be what key names. Errors:
// Compile's.
func (cc *CompileCache) Get(key string, m *market.Snapshot, rp *RiskParams) (*Compiled, error) {
	cc.mu.Lock()
	if c, ok := cc.entries[key]; ok {
		cc.touch(key)
		cc.mu.Unlock()
		return c, nil
	}
	cc.mu.Unlock()
	if rp == nil {
		rp = DefaultRiskParams()
	}
	c, err := Compile(m, rp)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if prev, ok := cc.entries[key]; ok {
		return prev, nil
	}
	if len(cc.order) >= cc.n {
		delete(cc.entries, cc.order[0])
		cc.order = cc.order[1:]
	}
	cc.entries[key] = c
	cc.order = append(cc.order, key)
	return c, nil
}

func (cc *CompileCache) touch(key string) {
	for i, k := range cc.order {
		if k == key {
			copy(cc.order[i:], cc.order[i+1:])
			cc.order[len(cc.order)-1] = key
			return
		}
	}
}
