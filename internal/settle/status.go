// What settlement reports: an account's vault collateral by chain (home,
// located off it, in flight) with its moves and how long collateral at
// home takes to reach each chain (what a liquidation there must wait);
// and the whole store's collateral by chain with the bridges' states.
// Money at rest is decimal strings in whole units; USD values are numbers
// (computed figures, at the stored market's prices).
package settle

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/vault"
)

// Holding is shares of one asset in one place: the home chain, a chain
// they arrived on over Bridge, or in flight over Bridge (Chain "in-flight").
type Holding struct {
	Chain    string  `json:"chain"`
	Bridge   string  `json:"bridge,omitempty"`
	Asset    string  `json:"asset"`
	Shares   string  `json:"shares"`
	Assets   string  `json:"assets"`
	ValueUSD float64 `json:"value_usd"`
}

// ETA is how long collateral at home takes to be usable on a chain: the
// home chain's finality, then the fastest route's median delay.
type ETA struct {
	Chain   string `json:"chain"`
	Asset   string `json:"asset"`
	Bridge  string `json:"bridge"`
	Seconds int64  `json:"seconds"`
}

// AccountStatus is `settle status --account A`.
type AccountStatus struct {
	Account  string             `json:"account"`
	Holdings []Holding          `json:"holdings"`
	ByChain  map[string]float64 `json:"by_chain_usd"` // "in-flight" included
	ETAs     []ETA              `json:"etas"`
	Moves    []*ChainMove       `json:"moves"` // newest first
}

// Overview is the whole store's vault collateral by chain.
type Overview struct {
	ByChain  map[string]float64 `json:"by_chain_usd"`
	Holdings []Holding          `json:"holdings"` // summed over accounts
	Bridges  []BridgeStatus     `json:"bridges"`
	Pending  int                `json:"pending_moves"`
	Home     string             `json:"home_chain"`
}

// prices reads the stored market (nil when none: values are then 0).
func prices(tx Tx) (*market.Snapshot, error) {
	doc, ok, err := tx.Market()
	if err != nil || !ok {
		return nil, err
	}
	m, err := market.Load(doc, marketOptions)
	if err != nil {
		return nil, fmt.Errorf("stored market: %w", err)
	}
	return m, nil
}

// holdings reads the share accounts under prefix into holdings by place
// and asset, summed (several accounts when prefix is "shares:").
func holdings(tx Tx, prefix string, m *market.Snapshot) ([]Holding, error) {
	accts, err := tx.LedgerAccounts(prefix)
	if err != nil {
		return nil, err
	}
	type key struct{ chain, bridge, asset string }
	sum := map[key]vault.Shares{}
	for _, a := range accts {
		chain, bridge := vault.HomeChain, ""
		shares := vault.Shares(a.CreditBalance())
		if where, _, ok := strings.Cut(strings.TrimPrefix(a.ID, "shares:"), ":"); ok && strings.Contains(where, "#") {
			parts := strings.Split(where, "#")
			if len(parts) != 3 {
				continue
			}
			chain, bridge = parts[1], parts[2]
			if chain == vault.InFlight {
				shares = vault.Shares(a.CreditsPending)
			}
		}
		if shares.IsZero() {
			continue
		}
		k := key{chain, bridge, strings.TrimPrefix(a.Asset, "uct")}
		s, err := sum[k].Add(shares)
		if err != nil {
			return nil, err
		}
		sum[k] = s
	}
	out := make([]Holding, 0, len(sum))
	for k, s := range sum {
		vt, ok, err := tx.Vault(k.asset)
		if err != nil || !ok {
			return nil, fmt.Errorf("vault %s: %v", k.asset, err)
		}
		assets := vt.AssetsForSharesFloor(s)
		h := Holding{Chain: k.chain, Bridge: k.bridge, Asset: k.asset, Shares: s.Units(vt.ShareDecimals()),
			Assets: assets.Units(vt.Asset.Decimals)}
		if m != nil {
			if a := m.Asset(k.asset); a != nil {
				v := new(big.Rat).SetFrac(assets.Big(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(vt.Asset.Decimals)), nil))
				h.ValueUSD, _ = v.Mul(v, a.PriceExact.Rat()).Float64()
			}
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Chain+"#"+a.Bridge+"#"+a.Asset < b.Chain+"#"+b.Bridge+"#"+b.Asset
	})
	return out, nil
}

func byChain(hs []Holding) map[string]float64 {
	out := map[string]float64{}
	for _, h := range hs {
		out[h.Chain] += h.ValueUSD
	}
	return out
}

// StatusOf reports an account's collateral by chain, its moves and the
// time collateral at home takes to reach each other chain.
func StatusOf(tx Tx, reg *Registry, account string) (*AccountStatus, error) {
	if err := vaultID("account", account); err != nil {
		return nil, err
	}
	if ok, err := tx.AccountExists(account); err != nil {
		return nil, err
	} else if !ok {
		return nil, refuse(ErrInvalid, "account", account, "is not an account of the vault")
	}
	m, err := prices(tx)
	if err != nil {
		return nil, err
	}
	st := &AccountStatus{Account: account, ETAs: []ETA{}, Moves: []*ChainMove{}}
	home, err := holdings(tx, "shares:"+account+":", m)
	if err != nil {
		return nil, err
	}
	away, err := holdings(tx, "shares:"+account+"#", m)
	if err != nil {
		return nil, err
	}
	st.Holdings = append(home, away...)
	st.ByChain = byChain(st.Holdings)
	var assets []string
	for _, h := range home {
		if !slices.Contains(assets, h.Asset) {
			assets = append(assets, h.Asset)
		}
	}
	for _, c := range reg.chainNames() {
		if c == reg.HomeChain {
			continue
		}
		for _, a := range assets {
			if b, rt, ok := reg.FastestRoute(reg.HomeChain, c, a); ok {
				st.ETAs = append(st.ETAs, ETA{Chain: c, Asset: a, Bridge: b, Seconds: reg.ETA(rt)})
			}
		}
	}
	if st.Moves, err = Moves(tx, MoveFilter{Account: account}); err != nil {
		return nil, err
	}
	return st, nil
}

// OverviewOf reports the store's vault collateral by chain, including in
// flight, the bridges' states and the pending moves.
func OverviewOf(tx Tx, reg *Registry) (*Overview, error) {
	m, err := prices(tx)
	if err != nil {
		return nil, err
	}
	hs, err := holdings(tx, "shares:", m)
	if err != nil {
		return nil, err
	}
	ov := &Overview{Holdings: hs, ByChain: byChain(hs), Home: reg.HomeChain, Bridges: []BridgeStatus{}}
	for _, name := range reg.bridgeNames() {
		st, err := BridgeState(tx, name)
		if err != nil {
			return nil, err
		}
		ov.Bridges = append(ov.Bridges, st)
	}
	pending, err := tx.SettleMoves(MoveFilter{PendingOnly: true})
	ov.Pending = len(pending)
	return ov, err
}

// Moves lists the moves that pass f, newest first.
func Moves(tx Tx, f MoveFilter) ([]*ChainMove, error) {
	rows, err := tx.SettleMoves(f)
	if err != nil {
		return nil, err
	}
	out := make([]*ChainMove, 0, len(rows))
	for i := len(rows) - 1; i >= 0; i-- {
		mv, err := decodeMove(rows[i].Record)
		if err != nil {
			return nil, err
		}
		out = append(out, mv)
	}
	return out, nil
}
