// The simulated world: who acts (accounts honest and hostile, venues, the
// admin, a custodian, a token forger, the operator's CLI), which assets
// exist (priced ones and built-in ones the market never prices), and the
// documents they store (markets, books, deposit caps).
package sim

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/access"
)

// Accounts, venues and assets of every run. Names say who is who in a
// trace.
var (
	honest  = []string{"alice", "bob", "carol"}
	hostile = []string{"mallory", "trudy"}
	venues  = []string{"dydx", "aave"}
	// priced are the assets every generated market prices, with their
	// starting prices; unpriced are built-in assets it never prices (the
	// unpriced-dust probe).
	priced   = []string{"BTC", "WETH", "USDC"}
	unpriced = []string{"DAI", "USDT"}
	// epoch is the simulated clock's start.
	epoch = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
)

func allAccounts() []string { return append(append([]string{}, honest...), hostile...) }

func isHostile(account string) bool {
	for _, h := range hostile {
		if h == account {
			return true
		}
	}
	return false
}

// ActorKind is what an actor is to the service.
type ActorKind uint8

// The actors.
const (
	Admin     ActorKind = iota + 1 // an admin token
	Custodian                      // a custodian token: credits deposits it received
	Account                        // an account's own token
	Venue                          // a venue's token
	Forger                         // a made-up token of the right shape
	Operator                       // the operator's CLI, acting for a venue (draws) or the admin (accrual)
)

// Actor is who takes a step.
type Actor struct {
	Kind ActorKind
	ID   string // the account or venue
}

func (a Actor) String() string {
	switch a.Kind {
	case Admin:
		return "admin"
	case Custodian:
		return "custodian"
	case Account:
		if isHostile(a.ID) {
			return a.ID + "(hostile)"
		}
		return a.ID
	case Venue:
		return "venue:" + a.ID
	case Forger:
		return "forger"
	case Operator:
		if a.ID != "" {
			return "cli(venue " + a.ID + ")"
		}
		return "cli(admin)"
	}
	return "?"
}

// subject is the token subject an actor presents; ok is false for the
// forger and the operator, who present no token of the store.
func (a Actor) subject() (access.Subject, bool) {
	switch a.Kind {
	case Admin:
		return access.AdminSubject, true
	case Custodian:
		return access.CustodianSubject, true
	case Account:
		return access.AccountSubject(a.ID), true
	case Venue:
		return access.VenueSubject(a.ID), true
	}
	return access.Subject{}, false
}

// actors are every token holder of a run, for the template store.
func actors() []Actor {
	out := []Actor{{Kind: Admin}, {Kind: Custodian}}
	for _, a := range allAccounts() {
		out = append(out, Actor{Kind: Account, ID: a})
	}
	for _, v := range venues {
		out = append(out, Actor{Kind: Venue, ID: v})
	}
	return out
}

// prices is a market state the generator moves: asset → price.
type prices map[string]float64

func startPrices() prices { return prices{"BTC": 90000, "WETH": 3000, "USDC": 1} }

// marketDoc renders a market.json at the clock: every asset of p (sorted,
// so the document is the same for the same prices), oracle times lag
// behind as_of by lag. A price of NaN is written as the string "NaN".
func marketDoc(at time.Time, p prices, lag time.Duration) string {
	syms := make([]string, 0, len(p))
	for s := range p {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	var b strings.Builder
	fmt.Fprintf(&b, `{"as_of": %q, "assets": {`, at.Format(time.RFC3339))
	for i, s := range syms {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `%q: {"price": %q, "oracle_time": %q`, s, priceText(p[s]), at.Add(-lag).Format(time.RFC3339))
		switch s {
		case "BTC":
			b.WriteString(`, "vol": 0.55, "depth_usd": "250000000"`)
		case "WETH":
			b.WriteString(`, "vol": 0.70, "depth_usd": "80000000"`)
		case "USDC":
			b.WriteString(`, "depth_usd": "500000000"`)
		}
		b.WriteString("}")
	}
	b.WriteString(`}, "rates": {"USD": 0.04}`)
	if _, ok := p["BTC"]; ok {
		if _, ok := p["WETH"]; ok {
			b.WriteString(`, "correlations": {"BTC/WETH": 0.8}`)
		}
	}
	b.WriteString("}")
	return b.String()
}

// priceText writes a price as the contract's decimal string, 6 significant
// decimals at most.
func priceText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NaN"
	case math.IsInf(p, 0):
		return "Infinity"
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", p), "0"), ".")
}

// bookDoc is a portfolio.json: a BTC perp of qty opened at entry on venue
// dydx (none when qty is ""), and, when withAave, a WETH borrow on aave
// against USDC.
func bookDoc(account, qty string, entry float64, withAave bool) string {
	var vs []string
	if qty != "" {
		vs = append(vs, fmt.Sprintf(`{"id": "dydx", "model": "dydx-v4", "chain": "dydx", "collateral": [], `+
			`"positions": [{"kind": "perp", "underlying": "BTC", "quantity": %q, "entry_price": %q}]}`, qty, priceText(entry)))
	}
	if withAave {
		vs = append(vs, `{"id": "aave", "model": "aave-v3", "chain": "ethereum", "collateral": [{"asset": "USDC", "amount": "20000"}], `+
			`"positions": [{"kind": "borrow", "asset": "WETH", "amount": "2"}]}`)
	}
	return fmt.Sprintf(`{"account": %q, "venues": [%s]}`, account, strings.Join(vs, ", "))
}

// capsDoc is the world's caps.json: per-asset caps in whole units for the
// priced assets, and the unpriced caps that apply to any other asset while
// no market is stored. tight lowers them so that ordinary deposits meet
// them.
func capsDoc(tight bool) string {
	if tight {
		return `{"vault_usd": "1000000000", "account_usd": "100000000", "unpriced": {"vault": "50", "account": "10"},
 "assets": {"WETH": {"vault": "200", "account": "40"}, "BTC": {"vault": "10", "account": "3"},
            "USDC": {"vault": "600000", "account": "150000"}}}`
	}
	return `{"vault_usd": "1000000000", "account_usd": "100000000", "unpriced": {"vault": "1000", "account": "100"},
 "assets": {"WETH": {"vault": "5000", "account": "1000"}, "BTC": {"vault": "200", "account": "40"},
            "USDC": {"vault": "50000000", "account": "5000000"}}}`
}
