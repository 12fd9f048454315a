// Chains and bridges as data (data/chains.json, each figure with its
// source): a chain's block time, finality and reorg depth; a bridge's
// routes with their delay distribution, a reference haircut, a timeout,
// transfer and window limits, and its failure modes (halts and exploits a
// year). Also the deployment's relayers and how many of them must attest
// before a move posts.
package settle

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"sort"

	"github.com/unimargin/unimargin/internal/input"
)

//go:embed data/chains.json
var dataFS embed.FS

// Chain is one chain's settlement figures.
type Chain struct {
	Name            string  `json:"name"`
	BlockSeconds    float64 `json:"block_seconds"`
	FinalitySeconds int64   `json:"finality_seconds"`
	ReorgDepth      int     `json:"reorg_depth"` // blocks a reorg may drop before finality
	Source          string  `json:"source"`
}

// Route is one direction a bridge carries, with its delay after the
// source's finality: lognormal with this median and 95th percentile.
type Route struct {
	From          string `json:"from"`
	To            string `json:"to"`
	MedianSeconds int64  `json:"median_seconds"`
	P95Seconds    int64  `json:"p95_seconds"`
}

// Bridge is one bridge's figures. Haircut is the reference value (the
// unified margin uses the governed risk parameters' haircut of the bridge,
// which a move requires).
type Bridge struct {
	Name            string   `json:"name"`
	Kind            string   `json:"kind"`
	Haircut         float64  `json:"haircut"`
	Assets          []string `json:"assets,omitempty"` // empty: any vault asset
	Routes          []Route  `json:"routes"`
	TimeoutSeconds  int64    `json:"timeout_seconds"`
	MaxTransferUSD  string   `json:"max_transfer_usd"`
	WindowSeconds   int64    `json:"window_seconds"`
	WindowUSD       string   `json:"window_usd"`
	HaltsPerYear    float64  `json:"halts_per_year"`
	HaltHours       float64  `json:"halt_hours"`
	ExploitsPerYear float64  `json:"exploits_per_year"`
	Source          string   `json:"source"`

	maxTransfer, window *big.Rat
}

// Registry is the data file, checked.
type Registry struct {
	About                string            `json:"_about"`
	HomeChain            string            `json:"home_chain"`
	Relayers             []string          `json:"relayers"`
	AttestationsRequired int               `json:"attestations_required"`
	AttestationsSource   string            `json:"attestations_source"`
	MessageMaxSeconds    int64             `json:"message_max_seconds"`
	Chains               map[string]Chain  `json:"chains"`
	Bridges              map[string]Bridge `json:"bridges"`
}

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// Default returns the embedded registry. It panics if the embedded file is
// invalid (a build defect, caught by the package's tests).
func Default() *Registry {
	data, err := dataFS.ReadFile("data/chains.json")
	if err != nil {
		panic(err)
	}
	r, err := ParseRegistry(data)
	if err != nil {
		panic(fmt.Sprintf("settle: the embedded chains.json: %v", err))
	}
	return r
}

// ParseRegistry reads and checks a chains file: names of lowercase letters,
// digits and dashes; positive times; every route between known chains;
// limits as decimal strings; at least as many relayers as attestations.
// Errors are *input.Error naming the path.
func ParseRegistry(data []byte) (*Registry, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	if _, err := root.Object(); err != nil {
		return nil, err
	}
	var r Registry
	if err := decodeStrict(data, &r); err != nil {
		return nil, input.Errorf("", "%v", err)
	}
	for name, c := range r.Chains {
		path := "chains." + name
		c.Name = name
		switch {
		case !nameRe.MatchString(name):
			return nil, input.Invalid(path, name, "must be lowercase letters, digits and dashes")
		case !(c.BlockSeconds > 0):
			return nil, input.Errorf(path+".block_seconds", "must be above 0")
		case c.FinalitySeconds <= 0:
			return nil, input.Errorf(path+".finality_seconds", "must be above 0")
		case c.ReorgDepth < 0:
			return nil, input.Errorf(path+".reorg_depth", "must be at least 0")
		case c.Source == "":
			return nil, input.Errorf(path+".source", "is required: every figure names its source")
		}
		r.Chains[name] = c
	}
	if _, ok := r.Chains[r.HomeChain]; !ok {
		return nil, input.Invalid("home_chain", r.HomeChain, "is not a chain of the file")
	}
	for name, b := range r.Bridges {
		if err := r.checkBridge(name, &b); err != nil {
			return nil, err
		}
		r.Bridges[name] = b
	}
	if r.AttestationsRequired < 1 || r.AttestationsRequired > len(r.Relayers) {
		return nil, input.Errorf("attestations_required", "must be between 1 and the %d relayers", len(r.Relayers))
	}
	for i, name := range r.Relayers {
		if !nameRe.MatchString(name) || slices.Contains(r.Relayers[:i], name) {
			return nil, input.Invalid(input.Index("relayers", i), name, "must be a distinct name of lowercase letters, digits and dashes")
		}
	}
	if r.MessageMaxSeconds <= 0 {
		return nil, input.Errorf("message_max_seconds", "must be above 0")
	}
	return &r, nil
}

// decodeStrict decodes JSON into v, refusing unknown fields.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (r *Registry) checkBridge(name string, b *Bridge) error {
	path := "bridges." + name
	b.Name = name
	if !nameRe.MatchString(name) {
		return input.Invalid(path, name, "must be lowercase letters, digits and dashes")
	}
	if b.Kind != "lock-mint" && b.Kind != "burn-mint" {
		return input.Invalid(path+".kind", b.Kind, "must be lock-mint or burn-mint")
	}
	if b.Haircut < 0 || b.Haircut >= 1 {
		return input.Errorf(path+".haircut", "must be in [0, 1)")
	}
	if len(b.Routes) == 0 {
		return input.Errorf(path+".routes", "must list at least one route")
	}
	for i, rt := range b.Routes {
		rp := input.Index(path+".routes", i)
		if _, ok := r.Chains[rt.From]; !ok {
			return input.Invalid(rp+".from", rt.From, "is not a chain of the file")
		}
		if _, ok := r.Chains[rt.To]; !ok || rt.To == rt.From {
			return input.Invalid(rp+".to", rt.To, "is not another chain of the file")
		}
		if rt.MedianSeconds <= 0 || rt.P95Seconds < rt.MedianSeconds {
			return input.Errorf(rp, "needs 0 < median_seconds ≤ p95_seconds")
		}
	}
	if b.TimeoutSeconds <= 0 || b.WindowSeconds <= 0 {
		return input.Errorf(path, "needs timeout_seconds and window_seconds above 0")
	}
	var ok bool
	if b.maxTransfer, ok = new(big.Rat).SetString(b.MaxTransferUSD); !ok || b.maxTransfer.Sign() <= 0 {
		return input.Invalid(path+".max_transfer_usd", b.MaxTransferUSD, "must be a decimal above 0")
	}
	if b.window, ok = new(big.Rat).SetString(b.WindowUSD); !ok || b.window.Cmp(b.maxTransfer) < 0 {
		return input.Invalid(path+".window_usd", b.WindowUSD, "must be a decimal at least max_transfer_usd")
	}
	if b.Source == "" {
		return input.Errorf(path+".source", "is required: every figure names its source")
	}
	return nil
}

// route returns the bridge's route from → to.
func (b *Bridge) route(from, to string) (Route, bool) {
	for _, rt := range b.Routes {
		if rt.From == from && rt.To == to {
			return rt, true
		}
	}
	return Route{}, false
}

// carries reports whether the bridge carries asset.
func (b *Bridge) carries(asset string) bool {
	return len(b.Assets) == 0 || slices.Contains(b.Assets, asset)
}

// sigma is the lognormal's σ from its median and 95th percentile.
func (rt Route) sigma() float64 {
	return math.Log(float64(rt.P95Seconds)/float64(rt.MedianSeconds)) / 1.6448536269514722
}

// ETA is how long collateral on the source takes to be usable on the
// destination over the route: the source's finality, then the route's
// median delay.
func (r *Registry) ETA(rt Route) int64 {
	return r.Chains[rt.From].FinalitySeconds + rt.MedianSeconds
}

// FastestRoute returns the quickest route from → to carrying asset (ties:
// the bridge name), and false when none does.
func (r *Registry) FastestRoute(from, to, asset string) (string, Route, bool) {
	best, bestName, found := Route{}, "", false
	for _, name := range r.bridgeNames() {
		b := r.Bridges[name]
		rt, ok := b.route(from, to)
		if !ok || !b.carries(asset) {
			continue
		}
		if !found || r.ETA(rt) < r.ETA(best) {
			best, bestName, found = rt, name, true
		}
	}
	return bestName, best, found
}

func (r *Registry) bridgeNames() []string {
	out := make([]string, 0, len(r.Bridges))
	for n := range r.Bridges {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (r *Registry) chainNames() []string {
	out := make([]string, 0, len(r.Chains))
	for n := range r.Chains {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
