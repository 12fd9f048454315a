// The deployed master vault: deployment, governance (signer set, venues,
// maxAge, params version), liens, draws and gated exits, and the views an
// operator reads. Each method is one transaction (or one read) and returns
// what the contract's events say it did.
package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/unimargin/unimargin/internal/chain/binding"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// Roles of the master vault (AccessControl).
var (
	roleSigner = crypto.Keccak256Hash([]byte("SIGNER_ROLE"))
	roleVenue  = crypto.Keccak256Hash([]byte("VENUE_ROLE"))
)

// Master is a deployed master vault and its asset vaults.
type Master struct {
	c       *Chain
	Address Address
	m       *binding.MasterVault
	vaults  map[string]*Vault // by asset symbol
}

// Vault is one asset's UCTVault and its token.
type Vault struct {
	c       *Chain
	Asset   money.Asset
	Address Address
	Token   Address
	v       *binding.UCTVault
	t       *binding.TestToken // the ERC-20 methods of any token; Mint only on a TestToken
}

// DeployConfig is what a deployment sets up.
type DeployConfig struct {
	MaxAge  time.Duration // attestation freshness (1 s … 1 day)
	Signers []Address     // the engine's signing keys
	Venues  []Address     // venues that may hold liens
	Assets  []AssetToken  // one vault per asset
}

// AssetToken is an asset and its ERC-20 token; a zero Token deploys a
// TestToken (anyone may mint it: for the simulated chain and test nets).
type AssetToken struct {
	Asset money.Asset
	Token Address
}

// Deploy deploys a master vault governed by gov's address, with a vault per
// asset, and grants the signer and venue roles. Errors: a refused or failed
// transaction, a maxAge out of bounds.
func Deploy(ctx context.Context, c *Chain, gov *ecdsa.PrivateKey, cfg DeployConfig) (*Master, error) {
	opts := c.opts(ctx, gov)
	addr, tx, m, err := binding.DeployMasterVault(opts, c.client, KeyAddress(gov), uint64(cfg.MaxAge/time.Second))
	if _, err := c.deployed(ctx, "deploy master", addr, tx, err); err != nil {
		return nil, err
	}
	mv := &Master{c: c, Address: addr, m: m, vaults: map[string]*Vault{}}
	for _, s := range cfg.Signers {
		if err := mv.GrantSigner(ctx, gov, s); err != nil {
			return nil, err
		}
	}
	for _, v := range cfg.Venues {
		if err := mv.GrantVenue(ctx, gov, v); err != nil {
			return nil, err
		}
	}
	for _, a := range cfg.Assets {
		if _, err := mv.AddVault(ctx, gov, a); err != nil {
			return nil, err
		}
	}
	return mv, nil
}

// Open binds a deployed master vault and its registered vaults, reading
// each vault's asset symbol and decimals from its token. Errors: no code at
// the address, read errors.
func Open(ctx context.Context, c *Chain, addr Address) (*Master, error) {
	code, err := c.client.CodeAt(ctx, addr, nil)
	if err != nil {
		return nil, err
	}
	if len(code) == 0 {
		return nil, fmt.Errorf("master %s: %w", addr, ErrNoContractCode)
	}
	m, err := binding.NewMasterVault(addr, c.client)
	if err != nil {
		return nil, err
	}
	mv := &Master{c: c, Address: addr, m: m, vaults: map[string]*Vault{}}
	list, err := m.Vaults(c.call(ctx))
	if err != nil {
		return nil, fmt.Errorf("master %s: reading vaults: %w", addr, err)
	}
	for _, va := range list {
		v, err := openVault(ctx, c, va)
		if err != nil {
			return nil, err
		}
		mv.vaults[v.Asset.Symbol] = v
	}
	return mv, nil
}

func openVault(ctx context.Context, c *Chain, addr Address) (*Vault, error) {
	v, err := binding.NewUCTVault(addr, c.client)
	if err != nil {
		return nil, err
	}
	token, err := v.Asset(c.call(ctx))
	if err != nil {
		return nil, fmt.Errorf("vault %s: reading its asset: %w", addr, err)
	}
	t, err := binding.NewTestToken(token, c.client)
	if err != nil {
		return nil, err
	}
	sym, err := t.Symbol(c.call(ctx))
	if err != nil {
		return nil, fmt.Errorf("token %s: reading its symbol: %w", token, err)
	}
	dec, err := t.Decimals(c.call(ctx))
	if err != nil {
		return nil, fmt.Errorf("token %s: reading its decimals: %w", token, err)
	}
	return &Vault{c: c, Asset: money.Asset{Symbol: sym, Decimals: dec}, Address: addr, Token: token, v: v, t: t}, nil
}

// AddVault deploys a UCTVault for a (and a TestToken when a.Token is
// zero) and registers it with the master.
func (m *Master) AddVault(ctx context.Context, gov *ecdsa.PrivateKey, a AssetToken) (*Vault, error) {
	c := m.c
	token := a.Token
	if token == (Address{}) {
		addr, tx, _, err := binding.DeployTestToken(c.opts(ctx, gov), c.client, a.Asset.Symbol, a.Asset.Symbol, a.Asset.Decimals)
		if token, err = c.deployed(ctx, "deploy token", addr, tx, err); err != nil {
			return nil, err
		}
	}
	share := vault.New(a.Asset).ShareSymbol()
	addr, tx, _, err := binding.DeployUCTVault(c.opts(ctx, gov), c.client, token, m.Address, "UCT "+a.Asset.Symbol, share)
	if addr, err = c.deployed(ctx, "deploy vault", addr, tx, err); err != nil {
		return nil, err
	}
	if _, err := c.transact(ctx, "add vault", gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.AddVault(o, addr)
	}); err != nil {
		return nil, err
	}
	v, err := openVault(ctx, c, addr)
	if err != nil {
		return nil, err
	}
	v.Asset = a.Asset // the engine's symbol and decimals (a real token's symbol may differ)
	m.vaults[a.Asset.Symbol] = v
	return v, nil
}

// Vault returns the vault of an asset symbol, or nil.
func (m *Master) Vault(symbol string) *Vault { return m.vaults[symbol] }

// Vaults returns the vaults by asset symbol.
func (m *Master) Vaults() []*Vault {
	out := make([]*Vault, 0, len(m.vaults))
	for _, v := range m.vaults {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Asset.Symbol < out[j].Asset.Symbol })
	return out
}

// Domain is the master's EIP-712 domain.
func (m *Master) Domain() Domain { return Domain{ChainID: m.c.ChainID(), Master: m.Address} }

func (m *Master) role(ctx context.Context, gov *ecdsa.PrivateKey, op string, grant bool, role [32]byte, who Address) error {
	_, err := m.c.transact(ctx, op, gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		if grant {
			return m.m.GrantRole(o, role, who)
		}
		return m.m.RevokeRole(o, role, who)
	})
	return err
}

// GrantSigner adds who to the signer set (governance only).
func (m *Master) GrantSigner(ctx context.Context, gov *ecdsa.PrivateKey, who Address) error {
	return m.role(ctx, gov, "grant signer", true, roleSigner, who)
}

// RevokeSigner removes who from the signer set (governance only).
func (m *Master) RevokeSigner(ctx context.Context, gov *ecdsa.PrivateKey, who Address) error {
	return m.role(ctx, gov, "revoke signer", false, roleSigner, who)
}

// GrantVenue registers a venue that may hold liens (governance only).
func (m *Master) GrantVenue(ctx context.Context, gov *ecdsa.PrivateKey, who Address) error {
	return m.role(ctx, gov, "grant venue", true, roleVenue, who)
}

// IsSigner reports whether who is in the signer set.
func (m *Master) IsSigner(ctx context.Context, who Address) (bool, error) {
	return m.m.HasRole(m.c.call(ctx), roleSigner, who)
}

// SetMaxAge sets the attestation freshness (governance only).
func (m *Master) SetMaxAge(ctx context.Context, gov *ecdsa.PrivateKey, d time.Duration) error {
	_, err := m.c.transact(ctx, "set max age", gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.SetMaxAge(o, uint64(d/time.Second))
	})
	return err
}

// SetParamsVersion sets the governed risk parameters' version (governance
// only); attestations must then carry it.
func (m *Master) SetParamsVersion(ctx context.Context, gov *ecdsa.PrivateKey, v [32]byte) error {
	_, err := m.c.transact(ctx, "set params version", gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.SetParamsVersion(o, v)
	})
	return err
}

// Nonce is the account's next attestation nonce.
func (m *Master) Nonce(ctx context.Context, account Address) (uint64, error) {
	return m.m.NonceOf(m.c.call(ctx), account)
}

// Lien is venue's lien on account (USD, LienDecimals).
func (m *Master) Lien(ctx context.Context, account, venue Address) (money.Amount, error) {
	b, err := m.m.LienOf(m.c.call(ctx), account, venue)
	if err != nil {
		return money.Amount{}, err
	}
	return money.AmountFromBig(b)
}

// Liens is Σ of the account's liens (USD, LienDecimals).
func (m *Master) Liens(ctx context.Context, account Address) (money.Amount, error) {
	b, err := m.m.LiensOf(m.c.call(ctx), account)
	if err != nil {
		return money.Amount{}, err
	}
	return money.AmountFromBig(b)
}

// Signed is an attestation with its signature.
type Signed struct {
	Attestation
	Signature []byte
}

func (a Attestation) binding() binding.AttestationVerifierAttestation {
	excess := a.Excess
	if excess == nil {
		excess = new(big.Int)
	}
	return binding.AttestationVerifierAttestation{
		Kind: uint8(a.Kind), Account: a.Account, Venue: a.Venue, Vault: a.Vault,
		Assets: a.Assets.Big(), Usd: a.USD.Big(), Initial: a.Initial.Big(), Maintenance: a.Maintenance.Big(),
		Excess: new(big.Int).Set(excess), Collateral: a.Collateral.Big(), ParamsVersion: a.ParamsVersion,
		MarketTime: a.MarketTime, Nonce: a.Nonce,
	}
}

// ContractDigest asks the contract for a's digest (Digest's twin).
func (m *Master) ContractDigest(ctx context.Context, a Attestation) ([32]byte, error) {
	return m.m.AttestationDigest(m.c.call(ctx), a.binding())
}

// LienChange is a lien after a grant, release or draw.
type LienChange struct {
	USD  money.Amount // the amount granted, released or drawn
	Lien money.Amount // the venue's lien afterwards
}

func amount(b *big.Int) money.Amount {
	a, err := money.AmountFromBig(b)
	if err != nil {
		panic(fmt.Sprintf("chain: a uint256 from the chain is not an amount: %v", err))
	}
	return a
}

// GrantLien: the account (key) grants venue a lien of usd under s (a
// KindLien attestation). Errors: the contract's refusals (ErrUnknownVenue,
// the attestation's, vault.ErrInitialMargin, vault.ErrLiensExceedCollateral).
func (m *Master) GrantLien(ctx context.Context, key *ecdsa.PrivateKey, venue Address, usd money.Amount, s Signed) (LienChange, error) {
	r, err := m.c.transact(ctx, "grant lien", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.GrantLien(o, venue, usd.Big(), s.binding(), s.Signature)
	})
	if err != nil {
		return LienChange{}, err
	}
	for _, l := range r.Logs {
		if e, err := m.m.ParseLienGranted(*l); err == nil {
			return LienChange{USD: amount(e.Usd), Lien: amount(e.Lien)}, nil
		}
	}
	return LienChange{}, fmt.Errorf("grant lien: no LienGranted event")
}

// ReleaseLien: the venue (key) releases usd of its lien on account.
// Errors: vault.ErrExceedsLien, vault.ErrZeroAmount.
func (m *Master) ReleaseLien(ctx context.Context, venueKey *ecdsa.PrivateKey, account Address, usd money.Amount) (LienChange, error) {
	return m.released(m.c.transact(ctx, "release lien", venueKey, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.ReleaseLien(o, account, usd.Big())
	}))
}

// ReleaseLienFor: governance releases usd of venue's lien on account, acting
// for the venue. Errors: ErrUnauthorized, vault.ErrExceedsLien.
func (m *Master) ReleaseLienFor(ctx context.Context, gov *ecdsa.PrivateKey, account, venue Address, usd money.Amount) (LienChange, error) {
	return m.released(m.c.transact(ctx, "release lien (governance)", gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.ReleaseLienFor(o, account, venue, usd.Big())
	}))
}

func (m *Master) released(r *types.Receipt, err error) (LienChange, error) {
	if err != nil {
		return LienChange{}, err
	}
	for _, l := range r.Logs {
		if e, err := m.m.ParseLienReleased(*l); err == nil {
			return LienChange{USD: amount(e.Usd), Lien: amount(e.Lien)}, nil
		}
	}
	return LienChange{}, fmt.Errorf("release lien: no LienReleased event")
}

// Drawn is a venue's draw: the lien consumed and the shares it received.
type Drawn struct {
	LienChange
	Assets money.Amount
	Shares vault.Shares
}

// Draw: the venue (key) draws s.USD of its lien on account as s.Assets of
// v, under s (a KindDraw attestation showing the account liquidatable).
// Errors: vault.ErrNotLiquidatable, vault.ErrExceedsLien,
// vault.ErrInsufficientShares, the attestation's.
func (m *Master) Draw(ctx context.Context, venueKey *ecdsa.PrivateKey, account Address, v *Vault, s Signed) (Drawn, error) {
	r, err := m.c.transact(ctx, "draw", venueKey, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.Draw(o, account, v.Address, s.USD.Big(), s.Assets.Big(), s.binding(), s.Signature)
	})
	if err != nil {
		return Drawn{}, err
	}
	for _, l := range r.Logs {
		if e, err := m.m.ParseLienDrawn(*l); err == nil {
			lien, err := m.Lien(ctx, account, KeyAddress(venueKey))
			if err != nil {
				return Drawn{}, err
			}
			return Drawn{LienChange: LienChange{USD: amount(e.Usd), Lien: lien}, Assets: amount(e.Assets),
				Shares: vault.Shares(amount(e.Shares))}, nil
		}
	}
	return Drawn{}, fmt.Errorf("draw: no LienDrawn event")
}

// Withdraw: the account (key) withdraws assets of v through the master; s
// (KindWithdraw) is needed when the account has a lien (else pass a zero
// Signed). Returns the shares burnt.
func (m *Master) Withdraw(ctx context.Context, key *ecdsa.PrivateKey, v *Vault, assets money.Amount, s Signed) (vault.Shares, error) {
	r, err := m.c.transact(ctx, "withdraw (gated)", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.Withdraw(o, v.Address, assets.Big(), KeyAddress(key), s.binding(), s.Signature)
	})
	if err != nil {
		return vault.Shares{}, err
	}
	_, shares, err := v.exited(r)
	return shares, err
}

// Redeem: the account (key) redeems shares of v through the master, as
// Withdraw. Returns the assets paid.
func (m *Master) Redeem(ctx context.Context, key *ecdsa.PrivateKey, v *Vault, shares vault.Shares, s Signed) (money.Amount, error) {
	r, err := m.c.transact(ctx, "redeem (gated)", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return m.m.Redeem(o, v.Address, shares.Big(), KeyAddress(key), s.binding(), s.Signature)
	})
	if err != nil {
		return money.Amount{}, err
	}
	assets, _, err := v.exited(r)
	return assets, err
}
