// chain: the on-chain UCT (internal/chain) from the command line — a
// development chain to talk to, deployment (to a simulated chain in this
// process, mirroring the store's vaults and liens and showing both sides;
// or to a chain over JSON-RPC), engine-signed margin attestations, and an
// address's on-chain state beside the ledger's.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/unimargin/unimargin/internal/chain"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

type chainCmd struct {
	Node   chainNodeCmd   `cmd:"" help:"Run a development chain (JSON-RPC on loopback, mines each transaction) and print its dev keys."`
	Deploy chainDeployCmd `cmd:"" help:"Deploy the master vault: to a simulated chain in this process, mirroring the store (ledger and chain side by side), or with --rpc to a chain."`
	Attest chainAttestCmd `cmd:"" help:"Sign an account's unified margin as an EIP-712 attestation (withdraw, lien or draw) for the master vault."`
	State  chainStateCmd  `cmd:"" help:"An address's shares, claims, liens and nonce on a master vault, beside the ledger account's."`
}

// Dev keys of the development and simulated chains (never hold value).
var (
	chainGovernance = chain.DevKey("governance")
	chainSigner     = chain.DevKey("engine signer")
)

// Where chain node writes its lines; tests read them.
var chainNodeStdout io.Writer = os.Stdout

type chainNodeCmd struct {
	Addr string   `default:"127.0.0.1:8545" help:"Listen address (loopback only; port 0 picks a free one)." placeholder:"HOST:PORT"`
	Fund []string `help:"Also fund this address with 10^6 ether (repeatable)." placeholder:"0x…"`
}

func (c *chainNodeCmd) Run(e *env) error {
	funded := []chain.Address{chain.KeyAddress(chainGovernance), chain.KeyAddress(chainSigner)}
	for _, f := range c.Fund {
		a, err := chain.ParseAddress(f)
		if err != nil {
			return usagef("--fund: %v", err)
		}
		funded = append(funded, a)
	}
	n, err := chain.StartDevNode(c.Addr, funded...)
	if errors.Is(err, chain.ErrNotLoopback) {
		return usagef("--addr: %v", err)
	}
	if err != nil {
		return fmt.Errorf("starting the development chain: %w", err)
	}
	defer n.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	fmt.Fprintf(chainNodeStdout, "rpc %s\nchain-id 1337\nkey governance %s\nkey signer %s\n",
		n.URL, chain.KeyHex(chainGovernance), chain.KeyHex(chainSigner))
	<-ctx.Done()
	return nil
}

type chainDeployCmd struct {
	storeFlags
	RPC    string        `name:"rpc" help:"JSON-RPC URL of the chain (default: a simulated chain in this process that mirrors the store)." placeholder:"URL"`
	Key    string        `env:"UNIMARGIN_CHAIN_KEY" help:"Governance private key (hex), with --rpc." placeholder:"HEX"`
	Signer []string      `help:"Engine signer address (repeatable; default: the governance key's), with --rpc." placeholder:"0x…"`
	Venue  []string      `help:"Venue address allowed to hold liens (repeatable), with --rpc." placeholder:"0x…"`
	Asset  []string      `help:"A vault: SYMBOL:DECIMALS[:TOKEN] (repeatable; default: the store's vaults, over test tokens), with --rpc." placeholder:"SPEC"`
	MaxAge time.Duration `name:"max-age" default:"10m" help:"How long an attestation stays fresh after its market time (1s to 24h)."`
}

// chainDeployOut is chain deploy --json.
type chainDeployOut struct {
	Chain      string           `json:"chain"` // "simulated" or "rpc"
	Deployment chain.Deployment `json:"deployment"`
	SideBySide []chain.Side     `json:"side_by_side"`
	Warnings   []string         `json:"warnings"`
	Gas        []chain.GasStat  `json:"gas"`
}

func (c *chainDeployCmd) Run(e *env) error {
	if c.MaxAge < time.Second || c.MaxAge > 24*time.Hour {
		return usagef("--max-age %s: want 1s to 24h", c.MaxAge)
	}
	var l chain.Ledger
	if err := c.view("chain deploy", func(tx vault.Tx) error {
		cfg, err := vault.StoredConfig(tx)
		if err != nil {
			return err
		}
		l, err = chain.ReadLedger(tx, cfg)
		return err
	}); err != nil {
		return err
	}
	ctx := context.Background()
	var out chainDeployOut
	var err error
	if c.RPC == "" {
		out, err = c.simulated(ctx, l)
	} else {
		out, err = c.remote(ctx, l)
	}
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "chain", out); done {
		return err
	}
	writeDeploy(e.out, out)
	return nil
}

// simulated deploys on a chain in this process and mirrors the ledger.
func (c *chainDeployCmd) simulated(ctx context.Context, l chain.Ledger) (chainDeployOut, error) {
	if c.Key != "" || len(c.Signer)+len(c.Venue)+len(c.Asset) > 0 {
		return chainDeployOut{}, usagef("--key, --signer, --venue and --asset go with --rpc (the simulated chain uses dev keys and the store's vaults)")
	}
	sim := chain.NewSimulated(l.Addresses(chainGovernance, chainSigner)...)
	defer sim.Close()
	m, warnings, err := chain.Mirror(ctx, sim, chainGovernance, chainSigner, c.MaxAge, l)
	if err != nil {
		return chainDeployOut{}, fmt.Errorf("%w: mirroring the ledger: %v", errInternal, err)
	}
	sides, err := chain.Compare(ctx, m, l)
	if err != nil {
		return chainDeployOut{}, fmt.Errorf("%w: reading the chain: %v", errInternal, err)
	}
	if warnings == nil {
		warnings = []string{}
	}
	if sides == nil {
		sides = []chain.Side{}
	}
	return chainDeployOut{Chain: "simulated", Deployment: m.Describe(), SideBySide: sides, Warnings: warnings, Gas: sim.Gas()}, nil
}

// remote deploys over JSON-RPC with the governance key.
func (c *chainDeployCmd) remote(ctx context.Context, l chain.Ledger) (chainDeployOut, error) {
	if c.Key == "" {
		return chainDeployOut{}, usagef("--rpc needs --key (or UNIMARGIN_CHAIN_KEY): the governance key")
	}
	gov, err := chain.ParseKey(c.Key)
	if err != nil {
		return chainDeployOut{}, usagef("--key: %v", err)
	}
	cfg := chain.DeployConfig{MaxAge: c.MaxAge}
	if cfg.Signers, err = addresses("--signer", c.Signer); err != nil {
		return chainDeployOut{}, err
	}
	if len(cfg.Signers) == 0 {
		cfg.Signers = []chain.Address{chain.KeyAddress(gov)}
	}
	if cfg.Venues, err = addresses("--venue", c.Venue); err != nil {
		return chainDeployOut{}, err
	}
	if cfg.Assets, err = assetSpecs(c.Asset, l); err != nil {
		return chainDeployOut{}, err
	}
	cn, err := chain.Dial(ctx, c.RPC)
	if err != nil {
		return chainDeployOut{}, usagef("--rpc: %v", err)
	}
	defer cn.Close()
	m, err := chain.Deploy(ctx, cn, gov, cfg)
	if err != nil {
		return chainDeployOut{}, usagef("chain deploy: %v", err)
	}
	return chainDeployOut{Chain: "rpc", Deployment: m.Describe(), SideBySide: []chain.Side{}, Warnings: []string{}, Gas: cn.Gas()}, nil
}

func addresses(flag string, xs []string) ([]chain.Address, error) {
	var out []chain.Address
	for _, x := range xs {
		a, err := chain.ParseAddress(x)
		if err != nil {
			return nil, usagef("%s: %v", flag, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// assetSpecs parses SYMBOL:DECIMALS[:TOKEN]; without any, the ledger's
// vaults over test tokens.
func assetSpecs(specs []string, l chain.Ledger) ([]chain.AssetToken, error) {
	var out []chain.AssetToken
	for _, s := range specs {
		parts := strings.Split(s, ":")
		if len(parts) < 2 || len(parts) > 3 || parts[0] == "" {
			return nil, usagef("--asset %q: want SYMBOL:DECIMALS[:TOKEN]", s)
		}
		dec, err := strconv.ParseUint(parts[1], 10, 8)
		if err != nil || dec > 36 {
			return nil, usagef("--asset %q: decimals must be 0 to 36", s)
		}
		a := chain.AssetToken{Asset: money.Asset{Symbol: parts[0], Decimals: uint8(dec)}}
		if len(parts) == 3 {
			if a.Token, err = chain.ParseAddress(parts[2]); err != nil {
				return nil, usagef("--asset %q: %v", s, err)
			}
		}
		out = append(out, a)
	}
	if len(specs) == 0 {
		for _, v := range l.Vaults {
			out = append(out, chain.AssetToken{Asset: v.Asset})
		}
	}
	return out, nil
}

func writeDeploy(w io.Writer, out chainDeployOut) {
	section(w, "Master vault ("+out.Chain+" chain, id "+out.Deployment.ChainID+")")
	t := newTable([]string{"contract", "address"}, left, left)
	t.add("master", out.Deployment.Master)
	for _, sym := range slices.Sorted(maps.Keys(out.Deployment.Vaults)) {
		v := out.Deployment.Vaults[sym]
		t.add("vault "+sym, v.Vault)
		t.add("token "+sym, v.Token)
	}
	t.write(w, "  ")
	if len(out.SideBySide) > 0 {
		section(w, "Ledger and chain")
		s := newTable([]string{"account", "what", "ledger", "chain", "equal"}, left, left, right, right, left)
		for _, x := range out.SideBySide {
			s.add(x.Account, x.What, x.Ledger, x.Chain, yesNo(x.Equal))
		}
		s.write(w, "  ")
	}
	section(w, "Gas per operation")
	g := newTable([]string{"operation", "count", "min", "mean", "max"}, left, right, right, right, right)
	for _, x := range out.Gas {
		g.add(x.Op, strconv.Itoa(x.Count), strconv.FormatUint(x.Min, 10), strconv.FormatUint(x.Mean, 10), strconv.FormatUint(x.Max, 10))
	}
	g.write(w, "  ")
	for _, x := range out.Warnings {
		fmt.Fprintln(w, "warning: "+x)
	}
}

type chainAttestCmd struct {
	storeFlags
	Account   string `required:"" help:"Ledger account whose unified margin is attested." placeholder:"A"`
	Kind      string `required:"" enum:"withdraw,lien,draw" help:"What it authorises: withdraw (figures after the exit), lien or draw (the account must be liquidatable)."`
	Address   string `required:"" help:"The account's on-chain address." placeholder:"0x…"`
	Venue     string `help:"Venue address (lien, draw)." placeholder:"0x…"`
	Asset     string `help:"Vault asset symbol (withdraw, draw)." placeholder:"SYM"`
	Amount    string `help:"Assets in whole units (withdraw: the most that leaves)." placeholder:"N"`
	AmountUSD string `name:"amount-usd" help:"USD in whole units (lien: granted; draw: drawn, converted to assets at the stored market's price, rounded up)." placeholder:"X"`
	Master    string `required:"" help:"Master vault address." placeholder:"0x…"`
	Vault     string `help:"The asset's vault address (default: the master's, read with --rpc)." placeholder:"0x…"`
	RPC       string `name:"rpc" help:"JSON-RPC URL: reads the chain id, the account's nonce and the vault." placeholder:"URL"`
	ChainID   string `name:"chain-id" help:"Chain id (without --rpc)." placeholder:"N"`
	Nonce     string `help:"The account's next nonce on the master (without --rpc)." placeholder:"N"`
	Key       string `env:"UNIMARGIN_CHAIN_SIGNER_KEY" required:"" help:"The engine signer's private key (hex)." placeholder:"HEX"`
}

// errRollback ends a transaction whose writes were only a what-if.
var errRollback = errors.New("rolled back")

func (c *chainAttestCmd) Run(e *env) error {
	kind, err := chain.ParseKind(c.Kind)
	if err != nil {
		return usagef("--kind: %v", err)
	}
	if err := c.check(kind); err != nil {
		return err
	}
	key, err := chain.ParseKey(c.Key)
	if err != nil {
		return usagef("--key: %v", err)
	}
	a := chain.Attestation{Kind: kind}
	if a.Account, err = chain.ParseAddress(c.Address); err != nil {
		return usagef("--address: %v", err)
	}
	if c.Venue != "" {
		if a.Venue, err = chain.ParseAddress(c.Venue); err != nil {
			return usagef("--venue: %v", err)
		}
	}
	master, err := chain.ParseAddress(c.Master)
	if err != nil {
		return usagef("--master: %v", err)
	}
	var decimals uint8
	err = c.transactRaw(false, func(tx vault.Tx) error {
		var err error
		if decimals, err = c.figures(tx, &a); err != nil {
			return err
		}
		return errRollback // what-if writes (a withdrawal) are never kept
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	if err := refusal("chain attest", err); err != nil {
		return err
	}
	d, err := c.onChain(&a, master)
	if err != nil {
		return err
	}
	sig, err := chain.Sign(d, a, key)
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	v := chain.Signed{Attestation: a, Signature: sig}.View(d, chain.KeyAddress(key), decimals)
	return c.rows(e, c.JSON, "result", v, [][2]string{{"kind", v.Kind}, {"account", v.Account}, {"initial", v.Initial},
		{"maintenance", v.Maintenance}, {"excess", v.Excess}, {"collateral", v.Collateral},
		{"liquidatable", yesNo(v.Liquidatable)}, {"market time", strconv.FormatUint(v.MarketTime, 10)},
		{"nonce", strconv.FormatUint(v.Nonce, 10)}, {"digest", v.Digest}, {"signature", v.Signature}})
}

// check holds the flags each kind needs.
func (c *chainAttestCmd) check(kind chain.Kind) error {
	need := map[chain.Kind][]struct{ flag, value string }{
		chain.KindWithdraw: {{"--asset", c.Asset}, {"--amount", c.Amount}},
		chain.KindLien:     {{"--venue", c.Venue}, {"--amount-usd", c.AmountUSD}},
		chain.KindDraw:     {{"--venue", c.Venue}, {"--asset", c.Asset}, {"--amount-usd", c.AmountUSD}},
	}
	for _, n := range need[kind] {
		if n.value == "" {
			return usagef("--kind %s needs %s", kind, n.flag)
		}
	}
	if c.RPC == "" && (c.ChainID == "" || c.Nonce == "") {
		return usagef("without --rpc, --chain-id and --nonce are needed")
	}
	if c.RPC == "" && kind != chain.KindLien && c.Vault == "" {
		return usagef("without --rpc, --kind %s needs --vault", kind)
	}
	return nil
}

// figures fills a's margin figures and amounts from the store: for a
// withdrawal, after applying it (the transaction is rolled back). Returns
// the asset's decimals.
func (c *chainAttestCmd) figures(tx vault.Tx, a *chain.Attestation) (uint8, error) {
	cfg, err := vault.StoredConfig(tx)
	if err != nil {
		return 0, err
	}
	var decimals uint8
	if c.Asset != "" {
		v, ok, err := tx.Vault(c.Asset)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, fmt.Errorf("%w %q (no vault holds it)", vault.ErrUnknownAsset, c.Asset)
		}
		decimals = v.Asset.Decimals
	}
	if a.Kind == chain.KindWithdraw {
		sum := sha256.Sum256([]byte(c.Account + " " + c.Asset + " " + c.Amount))
		if _, err := vault.Withdraw(tx, cfg, "chain-attest-"+hex.EncodeToString(sum[:8]), c.Account, c.Asset, c.Amount); err != nil {
			return 0, err
		}
		if a.Assets, err = parseUnits("--amount", c.Amount, decimals); err != nil {
			return 0, err
		}
	}
	if c.AmountUSD != "" {
		if a.USD, err = parseUnits("--amount-usd", c.AmountUSD, vault.LienDecimals); err != nil {
			return 0, err
		}
	}
	at, err := vault.Attest(tx, cfg, c.Account)
	if err != nil {
		return 0, err
	}
	if a.Figures, err = chain.FiguresOf(at); err != nil {
		return 0, err
	}
	if a.Kind == chain.KindDraw {
		if !a.Liquidatable() {
			return 0, vault.ErrNotLiquidatable
		}
		if a.Assets, err = vault.DrawAssets(tx, c.Asset, c.AmountUSD); err != nil {
			return 0, err
		}
	}
	return decimals, nil
}

func parseUnits(flag, text string, decimals uint8) (money.Amount, error) {
	d, err := money.ParseDecimal(text)
	if err == nil && d.Sign() > 0 {
		var a money.Amount
		if a, err = money.AmountExact(d, decimals); err == nil {
			return a, nil
		}
	}
	if err == nil {
		err = errors.New("must be greater than 0")
	}
	return money.Amount{}, usagef("%s %q: %v", flag, text, err)
}

// onChain fills the nonce and vault, from the chain with --rpc or from the
// flags, and returns the master's EIP-712 domain.
func (c *chainAttestCmd) onChain(a *chain.Attestation, master chain.Address) (chain.Domain, error) {
	d := chain.Domain{Master: master}
	var err error
	if c.Vault != "" {
		if a.Vault, err = chain.ParseAddress(c.Vault); err != nil {
			return d, usagef("--vault: %v", err)
		}
	}
	if c.RPC == "" {
		id, ok := new(big.Int).SetString(c.ChainID, 10)
		if !ok || id.Sign() <= 0 {
			return d, usagef("--chain-id %q: want a positive integer", c.ChainID)
		}
		d.ChainID = id
		if a.Nonce, err = strconv.ParseUint(c.Nonce, 10, 64); err != nil {
			return d, usagef("--nonce %q: want a non-negative integer", c.Nonce)
		}
		return d, nil
	}
	ctx := context.Background()
	cn, err := chain.Dial(ctx, c.RPC)
	if err != nil {
		return d, usagef("--rpc: %v", err)
	}
	defer cn.Close()
	m, err := chain.Open(ctx, cn, master)
	if err != nil {
		return d, usagef("--master: %v", err)
	}
	if a.Nonce, err = m.Nonce(ctx, a.Account); err != nil {
		return d, fmt.Errorf("reading the nonce: %w", err)
	}
	if c.Vault == "" && c.Asset != "" && a.Kind != chain.KindLien {
		v := m.Vault(c.Asset)
		if v == nil {
			return d, usagef("--asset %s: the master has no vault for it (give --vault)", c.Asset)
		}
		a.Vault = v.Address
	}
	return m.Domain(), nil
}

type chainStateCmd struct {
	storeFlags
	RPC     string `name:"rpc" required:"" help:"JSON-RPC URL of the chain." placeholder:"URL"`
	Master  string `required:"" help:"Master vault address." placeholder:"0x…"`
	Address string `required:"" help:"The on-chain address to read." placeholder:"0x…"`
	Account string `help:"A ledger account to show beside it." placeholder:"A"`
}

// chainStateOut is chain state --json.
type chainStateOut struct {
	Chain  chain.OnChainAccount `json:"chain"`
	Ledger *vault.AccountState  `json:"ledger"`
}

func (c *chainStateCmd) Run(e *env) error {
	who, err := chain.ParseAddress(c.Address)
	if err != nil {
		return usagef("--address: %v", err)
	}
	master, err := chain.ParseAddress(c.Master)
	if err != nil {
		return usagef("--master: %v", err)
	}
	var out chainStateOut
	if c.Account != "" {
		if err := c.view("chain state", func(tx vault.Tx) error {
			cfg, err := vault.StoredConfig(tx)
			if err != nil {
				return err
			}
			st, err := vault.State(tx, cfg, c.Account)
			out.Ledger = &st
			return err
		}); err != nil {
			return err
		}
	}
	ctx := context.Background()
	cn, err := chain.Dial(ctx, c.RPC)
	if err != nil {
		return usagef("--rpc: %v", err)
	}
	defer cn.Close()
	m, err := chain.Open(ctx, cn, master)
	if err != nil {
		return usagef("--master: %v", err)
	}
	if out.Chain, err = m.ReadAccount(ctx, who); err != nil {
		return fmt.Errorf("%w: reading the chain: %v", errInternal, err)
	}
	if done, err := c.machine(e, c.JSON, "chain", out); done {
		return err
	}
	section(e.out, "On-chain balances of "+out.Chain.Address)
	t := newTable([]string{"asset", "shares", "assets", "ledger shares", "ledger assets"}, left, right, right, right, right)
	assets := slices.Collect(maps.Keys(out.Chain.Balances))
	if out.Ledger != nil {
		for a := range out.Ledger.Balances {
			if _, ok := out.Chain.Balances[a]; !ok {
				assets = append(assets, a)
			}
		}
	}
	slices.Sort(assets)
	for _, a := range assets {
		ls, la := "", ""
		if out.Ledger != nil {
			ls, la = out.Ledger.Balances[a].Shares, out.Ledger.Balances[a].Assets
		}
		t.add(a, out.Chain.Balances[a].Shares, out.Chain.Balances[a].Assets, ls, la)
	}
	t.write(e.out, "  ")
	fmt.Fprintf(e.out, "  liens %s USD, next attestation nonce %d\n", out.Chain.LiensUSD, out.Chain.Nonce)
	return nil
}
