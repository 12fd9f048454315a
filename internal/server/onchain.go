// The ledger beside the chain (issue 18): GET /v1/chain/balances reads, for
// each account the token may see, its vault balances (shares and assets)
// and liens in the ledger and on the on-chain master vault (internal/chain),
// side by side, each pair flagged when they differ. A server has a chain
// when one is attached: `serve --demo` deploys a master vault on a
// simulated chain in this process and mirrors the store onto it in the
// background (StartChainMirror, chain.Mirror), so start-up never waits for
// it and a failure only shows in this view. Moves made through the API
// after the mirror stay in the ledger (the chain is a snapshot of it), so
// the view shows where the two have drifted apart.
package server

import (
	"context"
	"crypto/ecdsa"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/chain"
	"github.com/unimargin/unimargin/internal/vault"
)

// Chain states of the view.
const (
	chainNone      = "none"      // no chain attached
	chainDeploying = "deploying" // the mirror is being deployed
	chainReady     = "ready"
	chainFailed    = "failed" // the mirror failed; the log says why
)

// maxChainAccounts bounds the accounts one read compares (each costs a
// few contract calls per vault and lien).
const maxChainAccounts = 200

// onChain is the attached chain, if any: its state, the master vault and
// the mirror's warnings (liens the contracts refused, with why).
type onChain struct {
	state    string
	kind     string // "simulated"
	master   *chain.Master
	warnings []string
}

// chainHolder is the server's attached chain (nil: none) and, once a
// mirror is started, a channel closed when it is ready or has failed.
type chainHolder struct {
	p       atomic.Pointer[onChain]
	settled chan struct{}
}

// Dev keys of the simulated chain the demo mirrors to (never hold value),
// the same as `unimargin chain deploy`'s.
var (
	demoChainGovernance = chain.DevKey("governance")
	demoChainSigner     = chain.DevKey("engine signer")
)

// StartChainMirror deploys a master vault on a simulated chain in this
// process and mirrors the store onto it (chain.Mirror: each account's
// exact shares, each vault's totals, each lien under an engine-signed
// attestation), in the background: the view says "deploying" until it is
// done, "failed" if it fails (logged). maxAge is the attestations'
// freshness window (1 s to 24 h, the contract's bounds). The chain closes
// with the server.
func (s *Server) StartChainMirror(maxAge time.Duration) {
	s.chain.p.Store(&onChain{state: chainDeploying, kind: "simulated"})
	ctx, cancel := context.WithCancel(context.Background())
	done, settled := make(chan struct{}), make(chan struct{})
	s.chain.settled = settled
	s.onClose(func() { cancel(); <-done })
	go func() {
		defer close(done)
		start := time.Now()
		oc, sim, err := s.mirror(ctx, maxAge)
		if sim != nil {
			defer sim.Close()
		}
		if err != nil {
			s.log.Error("chain mirror", "error", err.Error())
			s.chain.p.Store(&onChain{state: chainFailed, kind: "simulated"})
			close(settled)
			return
		}
		s.chain.p.Store(oc)
		close(settled)
		s.log.Info("chain mirror", "master", oc.master.Address.Hex(), "warnings", len(oc.warnings), "took", time.Since(start).Round(time.Millisecond))
		<-ctx.Done() // the chain lives until the server closes
	}()
}

// mirror reads the ledger and mirrors it onto a new simulated chain.
func (s *Server) mirror(ctx context.Context, maxAge time.Duration) (*onChain, *chain.Chain, error) {
	var l chain.Ledger
	if err := s.db.View(ctx, func(tx vault.Tx) (err error) {
		l, err = chain.ReadLedger(tx, s.vaultConfig())
		return err
	}); err != nil {
		return nil, nil, err
	}
	keys := []*ecdsa.PrivateKey{demoChainGovernance, demoChainSigner}
	sim := chain.NewSimulated(l.Addresses(keys[0], keys[1])...)
	m, warnings, err := chain.Mirror(ctx, sim, keys[0], keys[1], maxAge, l)
	if err != nil {
		return nil, sim, err
	}
	return &onChain{state: chainReady, kind: "simulated", master: m, warnings: warnings}, sim, nil
}

// ChainBalances is GET /v1/chain/balances.
type ChainBalances struct {
	State      string         `json:"state" enum:"none,deploying,ready,failed" doc:"none: this server has no chain; deploying: the mirror is being deployed; ready; failed: the deployment failed (the server's log says why)."`
	Chain      string         `json:"chain,omitempty" doc:"simulated: a master vault on a simulated chain in the server's process (serve --demo)."`
	ChainID    string         `json:"chain_id,omitempty"`
	Master     string         `json:"master,omitempty" doc:"The master vault's address."`
	Balances   []ChainBalance `json:"balances" doc:"Each account's balance of each asset in the ledger and on the chain, by account then asset."`
	Liens      []ChainLien    `json:"liens" doc:"Each account's lien to each venue in the ledger and on the chain, by account then venue."`
	Mismatches int            `json:"mismatches" doc:"How many balances and liens differ between the ledger and the chain."`
	Truncated  bool           `json:"truncated" doc:"true when more accounts exist than one read compares (200, by id)."`
	Warnings   []string       `json:"warnings" doc:"The mirror's warnings (a lien the contracts refused, with why); for an admin only."`
}

// ChainBalance is one account's balance of one asset on both sides, in
// whole units as decimal strings.
type ChainBalance struct {
	Account      string `json:"account"`
	Address      string `json:"address" doc:"The account's address on the chain (the simulated chain's dev key of the account)."`
	Asset        string `json:"asset"`
	LedgerShares string `json:"ledger_shares"`
	ChainShares  string `json:"chain_shares"`
	LedgerAssets string `json:"ledger_assets"`
	ChainAssets  string `json:"chain_assets"`
	Match        bool   `json:"match" doc:"Both shares and assets are equal, exactly."`
}

// ChainLien is one account's lien to one venue on both sides, in whole USD
// as decimal strings.
type ChainLien struct {
	Account   string `json:"account"`
	Venue     string `json:"venue"`
	LedgerUSD string `json:"ledger_usd"`
	ChainUSD  string `json:"chain_usd"`
	Match     bool   `json:"match"`
}

type chainBalancesOutput struct{ Body ChainBalances }

func (s *Server) registerChain() {
	huma.Register(s.api, huma.Operation{
		OperationID: "chain-balances", Method: http.MethodGet, Path: "/v1/chain/balances", Tags: []string{"vault"},
		Summary: "Ledger and on-chain vault balances and liens, side by side",
		Description: "For each account the token may read (an admin: every account, at most 200; an account: its own), its vault shares and assets " +
			"and its liens in the ledger and on the on-chain master vault, each pair with `match`. `state` is `none` on a server without a chain " +
			"(serve --demo mirrors the store to a simulated chain at start). Moves made after the mirror are in the ledger only: they show as mismatches.",
		Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429, 503},
	}, func(ctx context.Context, _ *struct{}) (*chainBalancesOutput, error) {
		out, err := s.chainBalances(ctx)
		if err != nil {
			return nil, err
		}
		return &chainBalancesOutput{Body: out}, nil
	})
}

// chainBalances compares the ledger with the chain for the caller's
// accounts.
func (s *Server) chainBalances(ctx context.Context) (ChainBalances, error) {
	out := ChainBalances{State: chainNone, Balances: []ChainBalance{}, Liens: []ChainLien{}, Warnings: []string{}}
	oc := s.chain.p.Load()
	if oc == nil {
		return out, nil
	}
	out.State, out.Chain = oc.state, oc.kind
	if oc.state != chainReady {
		return out, nil
	}
	d := oc.master.Describe()
	out.ChainID, out.Master = d.ChainID, d.Master
	sub, _ := subjectOf(ctx)
	if sub.Admin {
		out.Warnings = append(out.Warnings, oc.warnings...)
	}
	var l chain.Ledger
	if err := s.db.View(ctx, func(tx vault.Tx) error {
		ids, err := tx.AccountIDs()
		if err != nil {
			return err
		}
		sort.Strings(ids)
		for _, id := range ids {
			if !sub.CanRead(id) {
				continue
			}
			if len(l.Accounts) == maxChainAccounts {
				out.Truncated = true
				break
			}
			st, err := vault.State(tx, s.vaultConfig(), id)
			if err != nil {
				return err
			}
			l.Accounts = append(l.Accounts, st)
		}
		return nil
	}); err != nil {
		return out, problemFor(err, "")
	}
	sides, err := chain.Compare(ctx, oc.master, l)
	if err != nil {
		return out, problemFor(err, "")
	}
	out.Balances, out.Liens = sidesByRow(sides)
	for _, b := range out.Balances {
		if !b.Match {
			out.Mismatches++
		}
	}
	for _, li := range out.Liens {
		if !li.Match {
			out.Mismatches++
		}
	}
	return out, nil
}

// sidesByRow groups chain.Compare's sides (shares:ASSET, assets:ASSET,
// lien:VENUE per account, in order) into one row per account and asset
// and one per account and lien.
func sidesByRow(sides []chain.Side) ([]ChainBalance, []ChainLien) {
	balances, liens := []ChainBalance{}, []ChainLien{}
	at := map[string]int{} // account + asset → index in balances
	for _, sd := range sides {
		kind, name, _ := strings.Cut(sd.What, ":")
		switch kind {
		case "lien":
			liens = append(liens, ChainLien{Account: sd.Account, Venue: name, LedgerUSD: sd.Ledger, ChainUSD: sd.Chain, Match: sd.Equal})
		case "shares", "assets":
			key := sd.Account + "\x00" + name
			i, ok := at[key]
			if !ok {
				i = len(balances)
				at[key] = i
				balances = append(balances, ChainBalance{Account: sd.Account, Address: sd.Address, Asset: name, Match: true})
			}
			b := &balances[i]
			if kind == "shares" {
				b.LedgerShares, b.ChainShares = sd.Ledger, sd.Chain
			} else {
				b.LedgerAssets, b.ChainAssets = sd.Ledger, sd.Chain
			}
			b.Match = b.Match && sd.Equal
		}
	}
	return balances, liens
}
