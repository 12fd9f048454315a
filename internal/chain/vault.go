// One asset's on-chain vault: the ERC-4626 operations of internal/vault's
// Vault (Deposit, Mint, Withdraw, Redeem; a donation is Accrue), each one
// transaction returning what the vault's events say it did, and its state.
package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// MintTokens mints assets of a TestToken to who (simulated chain and test
// nets only: a real token refuses).
func (v *Vault) MintTokens(ctx context.Context, key *ecdsa.PrivateKey, who Address, assets money.Amount) error {
	_, err := v.c.transact(ctx, "mint token", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.t.Mint(o, who, assets.Big())
	})
	return err
}

// Approve lets the vault take up to assets of key's tokens.
func (v *Vault) Approve(ctx context.Context, key *ecdsa.PrivateKey, assets *big.Int) error {
	_, err := v.c.transact(ctx, "approve", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.t.Approve(o, v.Address, assets)
	})
	return err
}

// Deposit deposits assets for key's address; returns the shares minted.
// Errors as vault.Vault.Deposit: vault.ErrZeroAmount, vault.ErrExceedsMax,
// vault.ErrZeroShares.
func (v *Vault) Deposit(ctx context.Context, key *ecdsa.PrivateKey, assets money.Amount) (vault.Shares, error) {
	r, err := v.c.transact(ctx, "deposit", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.v.Deposit(o, assets.Big(), KeyAddress(key))
	})
	if err != nil {
		return vault.Shares{}, err
	}
	_, shares, err := v.entered(r)
	return shares, err
}

// Mint mints shares for key's address; returns the assets taken. Errors as
// vault.Vault.Mint.
func (v *Vault) Mint(ctx context.Context, key *ecdsa.PrivateKey, shares vault.Shares) (money.Amount, error) {
	r, err := v.c.transact(ctx, "mint", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.v.Mint(o, shares.Big(), KeyAddress(key))
	})
	if err != nil {
		return money.Amount{}, err
	}
	assets, _, err := v.entered(r)
	return assets, err
}

// Withdraw withdraws assets of key's own shares (an account without a
// lien); returns the shares burnt. Errors as vault.Vault.Withdraw.
func (v *Vault) Withdraw(ctx context.Context, key *ecdsa.PrivateKey, assets money.Amount) (vault.Shares, error) {
	me := KeyAddress(key)
	r, err := v.c.transact(ctx, "withdraw", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.v.Withdraw(o, assets.Big(), me, me)
	})
	if err != nil {
		return vault.Shares{}, err
	}
	_, shares, err := v.exited(r)
	return shares, err
}

// Redeem redeems shares of key's own; returns the assets paid. Errors as
// vault.Vault.Redeem.
func (v *Vault) Redeem(ctx context.Context, key *ecdsa.PrivateKey, shares vault.Shares) (money.Amount, error) {
	me := KeyAddress(key)
	r, err := v.c.transact(ctx, "redeem", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.v.Redeem(o, shares.Big(), me, me)
	})
	if err != nil {
		return money.Amount{}, err
	}
	assets, _, err := v.exited(r)
	return assets, err
}

// Donate transfers assets straight to the vault (no shares): Go's Accrue,
// and the first move of a donation (inflation) attack.
func (v *Vault) Donate(ctx context.Context, key *ecdsa.PrivateKey, assets money.Amount) error {
	_, err := v.c.transact(ctx, "donate", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.t.Transfer(o, v.Address, assets.Big())
	})
	return err
}

// TransferShares transfers shares from key to to (refused while key's
// account has a lien: ErrSharesLocked).
func (v *Vault) TransferShares(ctx context.Context, key *ecdsa.PrivateKey, to Address, shares vault.Shares) error {
	_, err := v.c.transact(ctx, "transfer shares", key, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return v.v.Transfer(o, to, shares.Big())
	})
	return err
}

func (v *Vault) entered(r *types.Receipt) (money.Amount, vault.Shares, error) {
	for _, l := range r.Logs {
		if l.Address != v.Address {
			continue
		}
		if e, err := v.v.ParseDeposit(*l); err == nil {
			return amount(e.Assets), vault.Shares(amount(e.Shares)), nil
		}
	}
	return money.Amount{}, vault.Shares{}, fmt.Errorf("vault %s: no Deposit event", v.Asset.Symbol)
}

func (v *Vault) exited(r *types.Receipt) (money.Amount, vault.Shares, error) {
	for _, l := range r.Logs {
		if l.Address != v.Address {
			continue
		}
		if e, err := v.v.ParseWithdraw(*l); err == nil {
			return amount(e.Assets), vault.Shares(amount(e.Shares)), nil
		}
	}
	return money.Amount{}, vault.Shares{}, fmt.Errorf("vault %s: no Withdraw event", v.Asset.Symbol)
}

// State reads the vault as a vault.Vault value (total assets = the vault's
// token balance, total shares = the share supply), to compare with the Go
// engine's.
func (v *Vault) State(ctx context.Context) (vault.Vault, error) {
	ta, err := v.v.TotalAssets(v.c.call(ctx))
	if err != nil {
		return vault.Vault{}, err
	}
	ts, err := v.v.TotalSupply(v.c.call(ctx))
	if err != nil {
		return vault.Vault{}, err
	}
	out := vault.New(v.Asset)
	out.TotalAssets, out.TotalShares = amount(ta), vault.Shares(amount(ts))
	return out, nil
}

// SharesOf is who's share balance.
func (v *Vault) SharesOf(ctx context.Context, who Address) (vault.Shares, error) {
	b, err := v.v.BalanceOf(v.c.call(ctx), who)
	if err != nil {
		return vault.Shares{}, err
	}
	return vault.Shares(amount(b)), nil
}

// TokensOf is who's token balance.
func (v *Vault) TokensOf(ctx context.Context, who Address) (money.Amount, error) {
	b, err := v.t.BalanceOf(v.c.call(ctx), who)
	if err != nil {
		return money.Amount{}, err
	}
	return amount(b), nil
}

// MaxWithdraw is the vault's maxWithdraw(who): 0 while who has a lien.
func (v *Vault) MaxWithdraw(ctx context.Context, who Address) (money.Amount, error) {
	b, err := v.v.MaxWithdraw(v.c.call(ctx), who)
	if err != nil {
		return money.Amount{}, err
	}
	return amount(b), nil
}
