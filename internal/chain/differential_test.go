// Goal: the on-chain UCTVault and the Go engine's vault.Vault are one
// state machine — the same shares, assets, totals, maxima and refusals,
// with the same rounding, after every step of thousands of random
// operation sequences.
//
// Method: a sequence is a list of deposit, mint, withdraw, redeem,
// donation (Go's Accrue) and gated withdraw and redeem (through the
// master's withdrawFor and redeemFor) steps by three actors on one vault (WETH with 18
// decimals or USDC with 6), with amounts drawn to hit the edges: zero,
// dust, the exact maximum and one above it, owned shares, amounts near the
// u128 bound, and large donations (the inflation attack's move). Each step
// is applied to a vault.Vault value and, on the chain, as the actor's call
// of the real contract; after each step the vault's totals, the actor's
// shares and maxMint are read back. Most sequences run as one
// eth_simulateV1 request (the node executes the calls in order on the real
// state, each seeing the previous one's writes, without mining); a few run
// as mined transactions, one per step, to show that the two paths agree.
// Randomness is a seeded PCG; a failure prints the seed and the trace.
//
// UNIMARGIN_CHAIN_SEQUENCES sets the number of simulated sequences (default
// 2000; 200 with -short); UNIMARGIN_CHAIN_SEED another seed (default
// 0x5eed, so CI checks the same sequences every run).
package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/unimargin/unimargin/internal/chain/binding"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

type opKind int

const (
	opDeposit opKind = iota
	opMint
	opWithdraw
	opRedeem
	opDonate
	opGatedWithdraw // through the master (an account without a lien needs no attestation)
	opGatedRedeem
	opKinds
)

func (o opKind) String() string {
	return [...]string{"deposit", "mint", "withdraw", "redeem", "donate", "gated withdraw", "gated redeem"}[o]
}

// base is the vault operation a step's op performs (a gated exit is the
// vault's withdraw or redeem through the master's withdrawFor/redeemFor).
func (o opKind) base() opKind {
	switch o {
	case opGatedWithdraw:
		return opWithdraw
	case opGatedRedeem:
		return opRedeem
	}
	return o
}

// step is one operation: an actor moves amount (assets for deposit,
// withdraw and donate; shares for mint and redeem).
type step struct {
	op     opKind
	actor  int
	amount money.Amount
}

func (s step) String() string { return fmt.Sprintf("%s(actor %d, %s)", s.op, s.actor, s.amount.Big()) }

// outcome is what a step did and the state after it.
type outcome struct {
	err     error
	assets  money.Amount // deposit, mint, withdraw, redeem: the event's
	shares  vault.Shares
	total   vault.Vault
	owned   vault.Shares // the actor's shares afterwards
	maxMint vault.Shares
}

// model is the Go engine's side: a vault.Vault value and each actor's shares.
type model struct {
	v     vault.Vault
	owned []vault.Shares
}

func newModel(a money.Asset, actors int) *model {
	return &model{v: vault.New(a), owned: make([]vault.Shares, actors)}
}

// apply runs s on the model; a refused step changes nothing.
func (m *model) apply(s step) outcome {
	var o outcome
	var nv vault.Vault
	own := m.owned[s.actor]
	switch s.op.base() {
	case opDeposit:
		nv, o.shares, o.err = m.v.Deposit(s.amount)
		o.assets = s.amount
		if o.err == nil {
			own = mustAdd(own, o.shares)
		}
	case opMint:
		nv, o.assets, o.err = m.v.Mint(vault.Shares(s.amount))
		o.shares = vault.Shares(s.amount)
		if o.err == nil {
			own = mustAdd(own, o.shares)
		}
	case opWithdraw:
		nv, o.shares, o.err = m.v.Withdraw(s.amount, own)
		o.assets = s.amount
		if o.err == nil {
			own = mustSub(own, o.shares)
		}
	case opRedeem:
		nv, o.assets, o.err = m.v.Redeem(vault.Shares(s.amount), own)
		o.shares = vault.Shares(s.amount)
		if o.err == nil {
			own = mustSub(own, o.shares)
		}
	case opDonate:
		nv, o.err = m.v.Accrue(s.amount)
		o.assets = s.amount
	}
	if o.err == nil {
		m.v, m.owned[s.actor] = nv, own
	}
	o.total, o.owned, o.maxMint = m.v, m.owned[s.actor], m.v.MaxMint()
	return o
}

func mustAdd(a, b vault.Shares) vault.Shares {
	r, err := a.Add(b)
	if err != nil {
		panic(err)
	}
	return r
}

func mustSub(a, b vault.Shares) vault.Shares {
	r, err := a.Sub(b)
	if err != nil {
		panic(err)
	}
	return r
}

func big2(x *big.Int) money.Amount {
	a, err := money.AmountFromBig(x)
	if err != nil {
		panic(err)
	}
	return a
}

// drawAmount picks an amount that exercises the rounding and the bounds,
// given the model's state (the exact maxima and balances).
func drawAmount(r *rand.Rand, m *model, s *step) {
	pow := func(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }
	rnd := func(limit *big.Int) *big.Int { // uniform in [1, limit]
		if limit.Sign() <= 0 {
			return big.NewInt(1)
		}
		x := new(big.Int)
		for i := 0; i <= limit.BitLen()/64+1; i++ { // 64 bits more than limit: the bias is < 2^-64
			x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(r.Uint64()))
		}
		return x.Mod(x, limit).Add(x, big.NewInt(1))
	}
	own := m.owned[s.actor]
	dec := int(m.v.Asset.Decimals)
	var x *big.Int
	switch c := r.IntN(40); {
	case c == 0:
		x = new(big.Int)
	case c <= 6:
		x = big.NewInt(int64(1 + r.IntN(1000))) // dust
	case c <= 18:
		x = rnd(pow(dec + r.IntN(7))) // up to a million whole units
	case c == 19:
		x = rnd(new(big.Int).Lsh(big.NewInt(1), 128)) // anywhere below the u128 bound
	case c == 20:
		x = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), rnd(pow(dec))) // at the bound
	default: // up to the operation's edge, the edge itself, or one past it
		var edge *big.Int
		switch s.op.base() {
		case opDeposit:
			edge = m.v.MaxDeposit().Big()
		case opMint:
			edge = m.v.MaxMint().Big()
		case opWithdraw:
			edge = m.v.MaxWithdraw(own).Big()
		case opRedeem:
			edge = own.Big()
		case opDonate:
			edge = new(big.Int).Add(m.v.TotalAssets.Big(), pow(dec))
		}
		far := s.op == opDeposit || s.op == opMint
		switch k := r.IntN(10); {
		case k < 8 && far:
			x = rnd(pow(dec + 6 + r.IntN(6))) // below the edge, far from the bound
		case k < 6:
			x = rnd(edge)
		case k < 9:
			x = edge
		default:
			x = new(big.Int).Add(edge, big.NewInt(1))
		}
	}
	s.amount = big2(x)
}

// drawSequence draws steps against a model that it advances (a donation
// the model refuses is not drawn: the chain cannot refuse a transfer).
func drawSequence(r *rand.Rand, a money.Asset, actors, n int) []step {
	m := newModel(a, actors)
	var out []step
	for len(out) < n {
		s := step{op: opKind(r.IntN(int(opKinds))), actor: r.IntN(actors)}
		if (s.op.base() == opWithdraw || s.op.base() == opRedeem) && m.owned[s.actor].IsZero() && r.IntN(4) > 0 {
			s.op = opKind(r.IntN(2)) // mostly let holders exit: a deposit or mint instead
		}
		drawAmount(r, m, &s)
		if s.op == opDonate {
			if _, err := m.v.Accrue(s.amount); err != nil {
				continue
			}
		}
		m.apply(s)
		out = append(out, s)
	}
	return out
}

var (
	vaultABI  = mustABI(binding.UCTVaultMetaData)
	tokenABI  = mustABI(binding.TestTokenMetaData)
	masterABI = mustABI(binding.MasterVaultMetaData)
)

func mustABI(md interface{ GetAbi() (*abi.ABI, error) }) *abi.ABI {
	a, err := md.GetAbi()
	if err != nil {
		panic(err)
	}
	return a
}

// simulator is the eth_simulateV1 method of the simulated chain's client.
type simulator interface {
	SimulateV1(ctx context.Context, opts ethclient.SimulateOptions, block *rpc.BlockNumberOrHash) ([]ethclient.SimulateBlockResult, error)
}

// callsPerStep: the step, then totalAssets, totalSupply, balanceOf(actor)
// and maxMint(actor).
const callsPerStep = 5

// runSimulated applies steps to v on top of the latest block in one
// eth_simulateV1 request and returns each step's outcome.
func (f *fixture) runSimulated(t testing.TB, v *Vault, actors []Address, steps []step) []outcome {
	t.Helper()
	pack := func(a *abi.ABI, name string, args ...any) *hexutil.Bytes {
		b, err := a.Pack(name, args...)
		if err != nil {
			t.Fatal(err)
		}
		h := hexutil.Bytes(b)
		return &h
	}
	var calls []ethereum.CallMsg
	for _, s := range steps {
		who := actors[s.actor]
		to := v.Address
		var data *hexutil.Bytes
		switch s.op {
		case opDeposit:
			data = pack(vaultABI, "deposit", s.amount.Big(), who)
		case opMint:
			data = pack(vaultABI, "mint", s.amount.Big(), who)
		case opWithdraw:
			data = pack(vaultABI, "withdraw", s.amount.Big(), who, who)
		case opRedeem:
			data = pack(vaultABI, "redeem", s.amount.Big(), who, who)
		case opDonate:
			to, data = v.Token, pack(tokenABI, "transfer", v.Address, s.amount.Big())
		case opGatedWithdraw:
			to, data = f.m.Address, pack(masterABI, "withdraw", v.Address, s.amount.Big(), who, Attestation{}.binding(), []byte{})
		case opGatedRedeem:
			to, data = f.m.Address, pack(masterABI, "redeem", v.Address, s.amount.Big(), who, Attestation{}.binding(), []byte{})
		}
		calls = append(calls,
			ethereum.CallMsg{From: who, To: &to, Data: *data},
			ethereum.CallMsg{From: who, To: &v.Address, Data: *pack(vaultABI, "totalAssets")},
			ethereum.CallMsg{From: who, To: &v.Address, Data: *pack(vaultABI, "totalSupply")},
			ethereum.CallMsg{From: who, To: &v.Address, Data: *pack(vaultABI, "balanceOf", who)},
			ethereum.CallMsg{From: who, To: &v.Address, Data: *pack(vaultABI, "maxMint", who)})
	}
	sim, ok := f.c.client.(simulator)
	if !ok {
		t.Fatal("the simulated chain's client has no SimulateV1")
	}
	latest := rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber)
	res, err := sim.SimulateV1(f.ctx, ethclient.SimulateOptions{
		BlockStateCalls: []ethclient.SimulateBlock{{Calls: calls}}}, &latest)
	if err != nil {
		t.Fatalf("eth_simulateV1: %v", err)
	}
	if len(res) != 1 || len(res[0].Calls) != len(calls) {
		t.Fatalf("eth_simulateV1 answered %d blocks", len(res))
	}
	rs := res[0].Calls
	out := make([]outcome, len(steps))
	for i, s := range steps {
		r := rs[i*callsPerStep : (i+1)*callsPerStep]
		o := &out[i]
		if r[0].Status == types.ReceiptStatusSuccessful {
			o.assets = s.amount
			if s.op != opDonate {
				logs := make([]*types.Log, len(r[0].Logs))
				copy(logs, r[0].Logs)
				var err error
				if b := s.op.base(); b == opDeposit || b == opMint {
					o.assets, o.shares, err = v.entered(&types.Receipt{Logs: logs})
				} else {
					o.assets, o.shares, err = v.exited(&types.Receipt{Logs: logs})
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			f.gasSim[s.op.String()] = append(f.gasSim[s.op.String()], r[0].GasUsed)
		} else {
			o.err = simulatedRevert(r[0].Error)
		}
		word := func(c ethclient.SimulateCallResult) money.Amount {
			if c.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("a read reverted: %+v", c.Error)
			}
			return big2(new(big.Int).SetBytes(c.ReturnValue))
		}
		o.total = vault.New(v.Asset)
		o.total.TotalAssets, o.total.TotalShares = word(r[1]), vault.Shares(word(r[2]))
		o.owned, o.maxMint = vault.Shares(word(r[3])), vault.Shares(word(r[4]))
	}
	return out
}

func simulatedRevert(e *ethclient.CallError) error {
	if e == nil {
		return ErrReverted
	}
	data, err := hexutil.Decode(e.Data)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrReverted, e.Message)
	}
	return revertOf(data)
}

// runMined applies steps as mined transactions, one per step.
func (f *fixture) runMined(t testing.TB, v *Vault, keys []*ecdsa.PrivateKey, steps []step) []outcome {
	t.Helper()
	out := make([]outcome, len(steps))
	for i, s := range steps {
		o := &out[i]
		k := keys[s.actor]
		switch s.op {
		case opDeposit:
			o.assets = s.amount
			o.shares, o.err = v.Deposit(f.ctx, k, s.amount)
		case opMint:
			o.shares = vault.Shares(s.amount)
			o.assets, o.err = v.Mint(f.ctx, k, o.shares)
		case opWithdraw:
			o.assets = s.amount
			o.shares, o.err = v.Withdraw(f.ctx, k, s.amount)
		case opRedeem:
			o.shares = vault.Shares(s.amount)
			o.assets, o.err = v.Redeem(f.ctx, k, o.shares)
		case opDonate:
			o.assets = s.amount
			o.err = v.Donate(f.ctx, k, s.amount)
		case opGatedWithdraw:
			o.assets = s.amount
			o.shares, o.err = f.m.Withdraw(f.ctx, k, v, s.amount, Signed{})
		case opGatedRedeem:
			o.shares = vault.Shares(s.amount)
			o.assets, o.err = f.m.Redeem(f.ctx, k, v, o.shares, Signed{})
		}
		if o.err != nil && !isRevert(o.err) {
			t.Fatal(o.err)
		}
		var err error
		if o.total, err = v.State(f.ctx); err != nil {
			t.Fatal(err)
		}
		if o.owned, err = v.SharesOf(f.ctx, KeyAddress(k)); err != nil {
			t.Fatal(err)
		}
		mm, err := v.v.MaxMint(f.c.call(f.ctx), KeyAddress(k))
		if err != nil {
			t.Fatal(err)
		}
		o.maxMint = vault.Shares(big2(mm))
	}
	return out
}

// agree reports the first difference between the engine's outcome and the
// chain's.
func agree(want, got outcome) error {
	switch {
	case want.err != nil && got.err == nil:
		return fmt.Errorf("engine refused (%v), chain accepted", want.err)
	case want.err == nil && got.err != nil:
		return fmt.Errorf("engine accepted, chain refused: %v", got.err)
	case want.err != nil && !errors.Is(got.err, want.err):
		return fmt.Errorf("engine refused with %v, chain with %v", want.err, got.err)
	case want.err == nil && (want.assets.Cmp(got.assets) != 0 || want.shares.Cmp(got.shares) != 0):
		return fmt.Errorf("moved assets %s shares %s, chain assets %s shares %s",
			want.assets.Big(), want.shares.Big(), got.assets.Big(), got.shares.Big())
	case want.total.TotalAssets.Cmp(got.total.TotalAssets) != 0 || want.total.TotalShares.Cmp(got.total.TotalShares) != 0:
		return fmt.Errorf("totals assets %s shares %s, chain %s %s", want.total.TotalAssets.Big(),
			want.total.TotalShares.Big(), got.total.TotalAssets.Big(), got.total.TotalShares.Big())
	case want.owned.Cmp(got.owned) != 0:
		return fmt.Errorf("actor holds %s shares, chain %s", want.owned.Big(), got.owned.Big())
	case want.maxMint.Cmp(got.maxMint) != 0:
		return fmt.Errorf("maxMint %s, chain %s", want.maxMint.Big(), got.maxMint.Big())
	}
	return nil
}

// check applies steps to a fresh model and compares each outcome.
func check(t testing.TB, what string, a money.Asset, steps []step, got []outcome) {
	t.Helper()
	m := newModel(a, len(diffActors))
	var trace []string
	for i, s := range steps {
		want := m.apply(s)
		trace = append(trace, s.String())
		if err := agree(want, got[i]); err != nil {
			t.Fatalf("%s: step %d %s: %v\ntrace:\n  %s", what, i, s, err, strings.Join(trace, "\n  "))
		}
	}
}

// diffActors are the fixture's accounts that act in sequences.
var diffActors = []string{"alice", "bob", "venue"}

func sequences(t testing.TB) int {
	if s := os.Getenv("UNIMARGIN_CHAIN_SEQUENCES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("UNIMARGIN_CHAIN_SEQUENCES=%q: want a positive integer", s)
		}
		return n
	}
	if testing.Short() {
		return 200
	}
	return 2000
}

func TestDifferentialVault(t *testing.T) {
	f := newFixture(t)
	keys := []*ecdsa.PrivateKey{f.alice, f.bob, f.venue}
	actors := make([]Address, len(keys))
	for i, k := range keys {
		actors[i] = KeyAddress(k)
	}
	// Enough tokens to reach the u128 bound on the vault's totals.
	lots := big2(new(big.Int).Lsh(big.NewInt(1), 130))
	for _, a := range actors {
		for _, v := range []*Vault{f.weth, f.usdc} {
			f.must(t, v.MintTokens(f.ctx, f.gov, a, lots))
		}
	}
	n := sequences(t)
	seed := uint64(0x5eed)
	if s := os.Getenv("UNIMARGIN_CHAIN_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 0, 64); err != nil {
			t.Fatalf("UNIMARGIN_CHAIN_SEED=%q: want an unsigned integer", s)
		}
	}
	r := rand.New(rand.NewPCG(seed, 18))
	var steps, refusals int
	byKind := map[string]int{}
	for i := 0; i < n; i++ {
		v := []*Vault{f.weth, f.usdc}[i%2]
		seq := drawSequence(r, v.Asset, len(actors), 1+r.IntN(40))
		got := f.runSimulated(t, v, actors, seq)
		check(t, fmt.Sprintf("seed %#x sequence %d (%s, simulated)", seed, i, v.Asset.Symbol), v.Asset, seq, got)
		steps += len(seq)
		for j, o := range got {
			if o.err != nil {
				refusals++
				byKind[seq[j].op.String()+": "+errors.Unwrap(o.err).Error()]++
			}
		}
	}
	// One long sequence per vault as mined transactions, from empty (the
	// simulated ones mined nothing).
	const mined = 2
	for i, v := range []*Vault{f.weth, f.usdc} {
		seq := drawSequence(r, v.Asset, len(actors), 60)
		got := f.runMined(t, v, keys, seq)
		check(t, fmt.Sprintf("seed %#x mined sequence %d (%s)", seed, i, v.Asset.Symbol), v.Asset, seq, got)
		steps += len(seq)
	}
	t.Logf("refusals: %v", byKind)
	t.Logf("%d sequences (%d simulated, %d mined), %d steps, %d refusals, all equal", n+mined, n, mined, steps, refusals)
}
