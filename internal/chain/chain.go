// A connection to an EVM chain — go-ethereum's simulated backend in
// process, or a node over JSON-RPC — that sends each transaction, waits for
// its receipt, decodes refusals and keeps the gas each operation used.
package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
)

// Address is an EVM address (an alias, so callers need not import
// go-ethereum).
type Address = common.Address

// ParseAddress parses a 0x-prefixed hex address. Errors: a malformed one.
func ParseAddress(s string) (Address, error) {
	if !common.IsHexAddress(s) {
		return Address{}, fmt.Errorf("%q is not a 0x-prefixed 20-byte hex address", s)
	}
	return common.HexToAddress(s), nil
}

// ParseKey parses a hex secp256k1 private key (with or without 0x).
func ParseKey(s string) (*ecdsa.PrivateKey, error) {
	if len(s) >= 2 && s[:2] == "0x" {
		s = s[2:]
	}
	k, err := crypto.HexToECDSA(s)
	if err != nil {
		return nil, fmt.Errorf("private key: %v", err)
	}
	return k, nil
}

// KeyAddress is the address of key.
func KeyAddress(key *ecdsa.PrivateKey) Address { return crypto.PubkeyToAddress(key.PublicKey) }

// DevKey is a deterministic key derived from a name, for the simulated
// chain and tests only: never hold value with it.
func DevKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("unimargin dev key " + name)))
	if err != nil {
		panic(fmt.Sprintf("chain: dev key %q: %v", name, err)) // a keccak digest is a valid key but with probability 2^-128
	}
	return k
}

// backend is what both the simulated chain's client and ethclient offer.
type backend interface {
	bind.ContractBackend
	bind.DeployBackend
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
}

// Chain is a connection to one chain. It is not safe for concurrent use.
type Chain struct {
	client  backend
	sim     *simulated.Backend // nil over RPC
	rpc     *ethclient.Client  // nil on the simulated chain
	chainID *big.Int
	gas     map[string][]uint64 // operation → gas used by each of its transactions
}

// simGasLimit is the simulated chain's block gas limit: large, so that a
// whole differential sequence never runs out.
const simGasLimit = 100_000_000

// NewSimulated starts a simulated chain (chain id 1337) in process with
// each of funded holding 10^6 ether for gas.
func NewSimulated(funded ...Address) *Chain {
	alloc := types.GenesisAlloc{}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil)
	for _, a := range funded {
		alloc[a] = types.Account{Balance: eth}
	}
	sim := simulated.NewBackend(alloc, simulated.WithBlockGasLimit(simGasLimit),
		func(_ *node.Config, ec *ethconfig.Config) {
			ec.RPCGasCap = simGasLimit
			ec.Genesis.Config = osaka(ec.Genesis.Config)
		})
	return &Chain{client: sim.Client(), sim: sim, chainID: big.NewInt(1337), gas: map[string][]uint64{}}
}

// Dial connects to a node's JSON-RPC endpoint. Errors: the connection, or
// reading its chain id.
func Dial(ctx context.Context, url string) (*Chain, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", url, err)
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("reading the chain id of %s: %w", url, err)
	}
	return &Chain{client: c, rpc: c, chainID: id, gas: map[string][]uint64{}}, nil
}

// Close stops the simulated chain or closes the connection.
func (c *Chain) Close() error {
	if c.sim != nil {
		return c.sim.Close()
	}
	c.rpc.Close()
	return nil
}

// ChainID is the chain's EIP-155 id.
func (c *Chain) ChainID() *big.Int { return new(big.Int).Set(c.chainID) }

// Simulated reports whether the chain is the in-process simulated one.
func (c *Chain) Simulated() bool { return c.sim != nil }

// AdjustTime moves the simulated chain's clock forward by d and seals a
// block (no sleeping). Errors: ErrNotSimulated.
func (c *Chain) AdjustTime(d time.Duration) error {
	if c.sim == nil {
		return ErrNotSimulated
	}
	return c.sim.AdjustTime(d)
}

// BlockTime is the latest block's timestamp (unix seconds): what the
// contracts compare an attestation's market time with.
func (c *Chain) BlockTime(ctx context.Context) (uint64, error) {
	h, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, err
	}
	return h.Time, nil
}

// opts are the transaction options of key.
func (c *Chain) opts(ctx context.Context, key *ecdsa.PrivateKey) *bind.TransactOpts {
	o, err := bind.NewKeyedTransactorWithChainID(key, c.chainID)
	if err != nil {
		panic(err) // only for a nil chain id
	}
	o.Context = ctx
	return o
}

// call is a read of the latest state.
func (c *Chain) call(ctx context.Context) *bind.CallOpts { return &bind.CallOpts{Context: ctx} }

// transact sends the transaction send builds (gas estimated, so a refusal
// comes back as a *RevertError before anything is sent), mines it on the
// simulated chain or waits for it over RPC, and records its gas under op.
func (c *Chain) transact(ctx context.Context, op string, key *ecdsa.PrivateKey,
	send func(*bind.TransactOpts) (*types.Transaction, error)) (*types.Receipt, error) {
	tx, err := send(c.opts(ctx, key))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, decodeRevert(err))
	}
	r, err := c.mined(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("%s: waiting for %s: %w", op, tx.Hash(), err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("%s: %w (transaction %s)", op, ErrReverted, tx.Hash())
	}
	c.gas[op] = append(c.gas[op], r.GasUsed)
	return r, nil
}

// receiptPoll is how often a receipt is asked for over RPC (bind.WaitMined
// asks once a second, which a development chain mining on demand makes the
// whole cost of a transaction).
const receiptPoll = 20 * time.Millisecond

// mined seals a block on the simulated chain, or waits for the node to
// mine tx, and returns its receipt.
func (c *Chain) mined(ctx context.Context, tx *types.Transaction) (*types.Receipt, error) {
	if c.sim != nil {
		c.sim.Commit()
		return c.client.TransactionReceipt(ctx, tx.Hash())
	}
	tick := time.NewTicker(receiptPoll)
	defer tick.Stop()
	for {
		r, err := c.client.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			return r, c.caughtUp(ctx, r.BlockNumber.Uint64(), tick)
		}
		// Not mined yet, or the node's transaction index not caught up
		// (geth answers that with this message and no error code).
		if !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "indexing is in progress") {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// caughtUp waits until the node's latest block is at least block, so that
// reads of the latest state after a transaction see it (a node under load
// can answer a receipt before its head moves).
func (c *Chain) caughtUp(ctx context.Context, block uint64, tick *time.Ticker) error {
	for {
		head, err := c.client.BlockNumber(ctx)
		if err != nil || head >= block {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// deployed waits for a deployment and checks that code is there.
func (c *Chain) deployed(ctx context.Context, op string, addr Address, tx *types.Transaction, err error) (Address, error) {
	if err != nil {
		return Address{}, fmt.Errorf("%s: %w", op, decodeRevert(err))
	}
	r, err := c.mined(ctx, tx)
	if err != nil {
		return Address{}, fmt.Errorf("%s: %w", op, err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return Address{}, fmt.Errorf("%s: %w", op, ErrReverted)
	}
	// At the receipt's block, not "latest": a node under load may answer
	// the receipt before its latest header includes that block.
	code, err := c.client.CodeAt(ctx, addr, r.BlockNumber)
	if err != nil {
		return Address{}, fmt.Errorf("%s: %w", op, err)
	}
	if len(code) == 0 {
		return Address{}, fmt.Errorf("%s: %w %s", op, ErrNoContractCode, addr)
	}
	c.gas[op] = append(c.gas[op], r.GasUsed)
	return addr, nil
}

// GasStat is the gas one kind of operation used over the chain's life.
type GasStat struct {
	Op    string `json:"op"`
	Count int    `json:"count"`
	Min   uint64 `json:"min"`
	Mean  uint64 `json:"mean"`
	Max   uint64 `json:"max"`
}

// Gas reports the gas used per operation, by operation name.
func (c *Chain) Gas() []GasStat {
	out := make([]GasStat, 0, len(c.gas))
	for op, gs := range c.gas {
		s := GasStat{Op: op, Count: len(gs), Min: gs[0]}
		var sum uint64
		for _, g := range gs {
			sum += g
			s.Min, s.Max = min(s.Min, g), max(s.Max, g)
		}
		s.Mean = sum / uint64(len(gs))
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Op < out[j].Op })
	return out
}

// isRevert reports whether err is a contract refusal (as opposed to a
// connection or programming error).
func isRevert(err error) bool {
	var re *RevertError
	return errors.As(err, &re) || errors.Is(err, ErrReverted)
}
