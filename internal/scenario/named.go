// Named scenarios: a user's (or the built-in library's) joint move of risk
// factors, written as a list of shocks and applied to a market snapshot, so
// that a book is re-margined on the moved market by the one margin path
// (margin.RunScenarios). This file owns the scenario file format, its
// validation against a market, and the move of every asset a scenario
// implies (a wrapper follows its backing, DESIGN.md "market.json").
//
// File (DESIGN.md, "scenarios.json"):
//
//	{"scenarios": [{"name": "BTC crash, USDC wobble", "source": "desk, 2026-12",
//	  "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.3, "source": "…"},
//	             {"kind": "vol", "asset": "BTC", "move": 0.5},
//	             {"kind": "depeg", "asset": "USDC", "discount": 0.08},
//	             {"kind": "venue", "venue": "deribit"},
//	             {"kind": "bridge", "bridge": "wbtc-custodian"},
//	             {"kind": "correlation", "pair": "BTC/WETH", "value": -0.2}]}]}
//
// Units: spot and vol moves are relative (−0.3 = −30%; a vol move of 0.5
// multiplies every vol of the asset by 1.5); a depeg discount is the
// fraction of its price the asset loses on top of its backing's move.
package scenario

import (
	"math"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

// ShockKind names what a shock moves.
type ShockKind string

// The shock kinds of the scenario file.
const (
	ShockSpot        ShockKind = "spot"        // an asset's price by a relative move
	ShockVol         ShockKind = "vol"         // an asset's vols by a relative move
	ShockDepeg       ShockKind = "depeg"       // a stablecoin's or wrapper's own discount
	ShockVenue       ShockKind = "venue"       // a venue fails: its holdings are lost
	ShockBridge      ShockKind = "bridge"      // a bridge fails: what came over it counts 0
	ShockCorrelation ShockKind = "correlation" // a market correlation replaced
)

// Limits of a scenario file (STYLE: a limit on everything).
const (
	MaxNamedScenarios = 256
	MaxShocks         = 256
	// MaxSpotMove bounds an upward spot or vol move (+10000%).
	MaxSpotMove = 100.0
)

// Shock is one move of a named scenario, in the file's own shape (so a list
// of scenarios marshalled under "scenarios" is a valid scenario file).
// Which fields are set depends on Kind: Asset and Move (spot, vol), Asset
// and Discount (depeg), Venue, Bridge, or Pair and Value (correlation).
type Shock struct {
	Kind     ShockKind `json:"kind" enum:"spot,vol,depeg,venue,bridge,correlation"`
	Asset    string    `json:"asset,omitempty"`
	Venue    string    `json:"venue,omitempty"`
	Bridge   string    `json:"bridge,omitempty"`
	Pair     string    `json:"pair,omitempty"`
	Move     *float64  `json:"move,omitempty" doc:"spot, vol: the relative move (-0.3 = -30%)"`
	Discount *float64  `json:"discount,omitempty" doc:"depeg: the fraction of its price the asset loses"`
	Value    *float64  `json:"value,omitempty" doc:"correlation: the new correlation"`
	Source   string    `json:"source,omitempty"`
	// Path is where the shock sits in its file (scenarios[0].shocks[2]),
	// for errors found later against a book; "" for the library.
	Path string `json:"-"`
}

// Named is one named scenario.
type Named struct {
	Name   string  `json:"name"`
	Source string  `json:"source,omitempty"`
	Shocks []Shock `json:"shocks"`
}

// ParseNamed reads a scenario file and checks it against m: every asset is
// a market asset (a vol shock's asset has a vol), every move is finite and
// in range, names are unique. Venue and bridge names are checked against a
// book by the caller (margin.RunScenarios), which has the book. Errors are
// *input.Error values naming the JSON path and quoting the value.
func ParseNamed(data []byte, m *market.Snapshot) ([]Named, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	list, err := obj.Required("scenarios")
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	nodes, err := list.Array()
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 || len(nodes) > MaxNamedScenarios {
		return nil, input.Errorf(list.Path, "must list between 1 and %d scenarios, not %d", MaxNamedScenarios, len(nodes))
	}
	out := make([]Named, 0, len(nodes))
	seen := map[string]bool{}
	for _, n := range nodes {
		sc, err := parseOne(n, m)
		if err != nil {
			return nil, err
		}
		if seen[sc.Name] {
			return nil, input.Invalid(input.Join(n.Path, "name"), sc.Name, "repeats an earlier scenario's name")
		}
		seen[sc.Name] = true
		out = append(out, sc)
	}
	return out, nil
}

func parseOne(n input.Node, m *market.Snapshot) (Named, error) {
	var sc Named
	obj, err := n.Object()
	if err != nil {
		return sc, err
	}
	if sc.Name, err = nonEmpty(obj, "name"); err != nil {
		return sc, err
	}
	if sn, ok := obj.Optional("source"); ok {
		if sc.Source, err = sn.String(); err != nil {
			return sc, err
		}
	}
	list, err := obj.Required("shocks")
	if err != nil {
		return sc, err
	}
	if err := obj.Finish(); err != nil {
		return sc, err
	}
	nodes, err := list.Array()
	if err != nil {
		return sc, err
	}
	if len(nodes) == 0 || len(nodes) > MaxShocks {
		return sc, input.Errorf(list.Path, "must list between 1 and %d shocks, not %d", MaxShocks, len(nodes))
	}
	seen := map[string]string{}
	for _, sn := range nodes {
		s, err := parseShock(sn, m)
		if err != nil {
			return sc, err
		}
		key := string(s.Kind) + "|" + s.Asset + s.Venue + s.Bridge + s.Pair
		if first, ok := seen[key]; ok {
			return sc, input.Errorf(sn.Path, "repeats the %s shock of %s", s.Kind, first)
		}
		seen[key] = sn.Path
		sc.Shocks = append(sc.Shocks, s)
	}
	return sc, nil
}

func nonEmpty(obj *input.Object, name string) (string, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", err
	}
	s, err := n.String()
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" || len(s) > 200 {
		return "", input.Invalid(n.Path, s, "must be a non-empty name of at most 200 bytes")
	}
	return s, nil
}

func parseShock(n input.Node, m *market.Snapshot) (Shock, error) {
	s := Shock{Path: n.Path}
	obj, err := n.Object()
	if err != nil {
		return s, err
	}
	kind, err := nonEmpty(obj, "kind")
	if err != nil {
		return s, err
	}
	s.Kind = ShockKind(kind)
	if sn, ok := obj.Optional("source"); ok {
		if s.Source, err = sn.String(); err != nil {
			return s, err
		}
	}
	switch s.Kind {
	case ShockSpot, ShockVol:
		if s.Asset, err = marketAsset(obj, "asset", m); err != nil {
			return s, err
		}
		if s.Kind == ShockVol && !m.HasVol(s.Asset) {
			return s, input.Invalid(input.Join(n.Path, "asset"), s.Asset, "has no vol in the market to shock")
		}
		s.Move, err = number(obj, "move", func(x float64) bool { return x > -1 && x <= MaxSpotMove },
			"must be > -1 (the price or vol stays above 0) and at most 100")
	case ShockDepeg:
		if s.Asset, err = marketAsset(obj, "asset", m); err != nil {
			return s, err
		}
		s.Discount, err = number(obj, "discount", func(x float64) bool { return x > 0 && x < 1 },
			"must be in (0, 1): the fraction of its price the asset loses")
	case ShockVenue:
		s.Venue, err = nonEmpty(obj, "venue")
	case ShockBridge:
		s.Bridge, err = nonEmpty(obj, "bridge")
	case ShockCorrelation:
		if s.Pair, err = pair(obj, m); err != nil {
			return s, err
		}
		s.Value, err = number(obj, "value", func(x float64) bool { return x >= -1 && x <= 1 },
			"must be in [-1, 1]")
	default:
		return s, input.Invalid(input.Join(n.Path, "kind"), kind,
			"is not a shock kind (spot, vol, depeg, venue, bridge, correlation)")
	}
	if err != nil {
		return s, err
	}
	return s, obj.Finish()
}

func marketAsset(obj *input.Object, name string, m *market.Snapshot) (string, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", err
	}
	sym, err := n.String()
	if err != nil {
		return "", err
	}
	if m.Asset(sym) == nil {
		return "", input.Invalid(n.Path, sym, "is not an asset of the market")
	}
	return sym, nil
}

func number(obj *input.Object, name string, ok func(float64) bool, reason string) (*float64, error) {
	n, err := obj.Required(name)
	if err != nil {
		return nil, err
	}
	x, err := n.Float()
	if err != nil {
		return nil, err
	}
	if !ok(x) {
		return nil, input.Invalid(n.Path, n.Text(), "%s", reason)
	}
	return &x, nil
}

// Size is the shock's figure: Move, Discount or Value (0 for a failure).
func (s *Shock) Size() float64 {
	for _, p := range []*float64{s.Move, s.Discount, s.Value} {
		if p != nil {
			return *p
		}
	}
	return 0
}

// SpotShock, VolMoveShock and DepegShock build shocks (the library and reverse
// stress write them so).
func SpotShock(asset string, move float64, source string) Shock {
	return Shock{Kind: ShockSpot, Asset: asset, Move: &move, Source: source}
}

// VolMoveShock is a relative vol move of asset.
func VolMoveShock(asset string, move float64, source string) Shock {
	return Shock{Kind: ShockVol, Asset: asset, Move: &move, Source: source}
}

// DepegShock is asset's own discount.
func DepegShock(asset string, discount float64, source string) Shock {
	return Shock{Kind: ShockDepeg, Asset: asset, Discount: &discount, Source: source}
}

// pair reads "A/B" (two distinct market assets) and returns it as the
// market keys it, the lesser symbol first.
func pair(obj *input.Object, m *market.Snapshot) (string, error) {
	n, err := obj.Required("pair")
	if err != nil {
		return "", err
	}
	text, err := n.String()
	if err != nil {
		return "", err
	}
	a, b, found := strings.Cut(text, "/")
	if !found || a == b || m.Asset(a) == nil || m.Asset(b) == nil {
		return "", input.Invalid(n.Path, text, "must be two different market assets written A/B")
	}
	if b < a {
		a, b = b, a
	}
	return a + "/" + b, nil
}

// Shift returns the market moves of the scenario: per asset the price
// factor (its own spot move × (1 − its depeg discount), and for a wrapper
// × the value-weighted factor of its backing, recursively: a wrapper worth
// its basket moves as the basket does), the vol factors (1 + move) and the
// correlations. Assets that do not move are left out. Venue and bridge
// failures are not market moves (the caller applies them to the book and
// the risk parameters).
func (sc *Named) Shift(m *market.Snapshot) market.Shift {
	own := map[string]float64{}
	sh := market.Shift{}
	for _, s := range sc.Shocks {
		switch s.Kind {
		case ShockSpot:
			own[s.Asset] = factorOr1(own, s.Asset) * (1 + s.Size())
		case ShockDepeg:
			own[s.Asset] = factorOr1(own, s.Asset) * (1 - s.Size())
		case ShockVol:
			if sh.VolFactor == nil {
				sh.VolFactor = map[string]float64{}
			}
			sh.VolFactor[s.Asset] = 1 + s.Size()
		case ShockCorrelation:
			if sh.Correlations == nil {
				sh.Correlations = map[string]float64{}
			}
			sh.Correlations[s.Pair] = s.Size()
		}
	}
	if len(own) == 0 {
		return sh
	}
	memo := map[string]float64{}
	var factor func(sym string, depth int) float64
	factor = func(sym string, depth int) float64 {
		if f, ok := memo[sym]; ok {
			return f
		}
		f := factorOr1(own, sym)
		if a := m.Asset(sym); a != nil && !a.IsRoot() && depth < 64 {
			var total, moved float64
			for _, b := range a.BackedBy {
				v := b.PerUnit * m.Spot(b.Asset)
				total += v
				moved += v * factor(b.Asset, depth+1)
			}
			if total > 0 {
				f *= moved / total
			}
		}
		memo[sym] = f
		return f
	}
	sh.PriceFactor = map[string]float64{}
	for _, sym := range m.Symbols() {
		if f := factor(sym, 0); f != 1 {
			sh.PriceFactor[sym] = f
		}
	}
	return sh
}

func factorOr1(m map[string]float64, k string) float64 {
	if f, ok := m[k]; ok {
		return f
	}
	return 1
}

// Failures returns the venues and the bridges the scenario fails, sorted.
func (sc *Named) Failures() (venues, bridges []string) {
	for _, s := range sc.Shocks {
		switch s.Kind {
		case ShockVenue:
			venues = append(venues, s.Venue)
		case ShockBridge:
			bridges = append(bridges, s.Bridge)
		}
	}
	sort.Strings(venues)
	sort.Strings(bridges)
	return venues, bridges
}

// finiteShift reports whether every factor of sh is finite and positive
// (vols may reach 0): a guard the tests hold Shift to.
func finiteShift(sh market.Shift) bool {
	for _, f := range sh.PriceFactor {
		if !(f > 0) || math.IsInf(f, 0) {
			return false
		}
	}
	for _, f := range sh.VolFactor {
		if !(f >= 0) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}
