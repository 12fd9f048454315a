// Liens, draws and gated exits on the simulated chain, by DESIGN.md's
// collateral-layer rules: only the venue (or governance for it) releases a
// lien; a venue draws only up to its lien and only on a fresh attestation
// that the account is liquidatable; an account with a lien exits only with
// a fresh attestation of the state after the exit.
package chain

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/unimargin/unimargin/internal/chain/binding"

	"github.com/unimargin/unimargin/internal/vault"
)

// Goal: the whole life of a lien. Method: alice deposits, grants the venue
// a lien, finds her shares locked, exits through the master with an
// attestation, cannot release the lien herself; the venue and then
// governance release it; her shares are free again.
func TestLienLifecycle(t *testing.T) {
	f := newFixture(t)
	alice, venue := KeyAddress(f.alice), KeyAddress(f.venue)
	_, err := f.weth.Deposit(f.ctx, f.alice, units(t, "10", assetWETH))
	f.must(t, err)

	lien := usd(t, "5000")
	got, err := f.m.GrantLien(f.ctx, f.alice, venue, lien, f.lienAttestation(t, f.alice, f.venue, lien, healthy(t)))
	f.must(t, err)
	if got.Lien.Cmp(lien) != 0 {
		t.Fatalf("lien after grant %s, want %s", got.Lien.Big(), lien.Big())
	}

	// Locked: no transfer, no plain exit, maxWithdraw 0.
	wantErr(t, f.weth.TransferShares(f.ctx, f.alice, KeyAddress(f.bob), vault.Shares(units(t, "1", assetWETH))), ErrSharesLocked)
	_, err = f.weth.Withdraw(f.ctx, f.alice, units(t, "1", assetWETH))
	wantErr(t, err, vault.ErrInsufficientShares)
	if mw, err := f.weth.MaxWithdraw(f.ctx, alice); err != nil || !mw.IsZero() {
		t.Fatalf("maxWithdraw of a locked account = %v, %v; want 0", mw.Big(), err)
	}
	// Through the master without an attestation: refused.
	_, err = f.m.Withdraw(f.ctx, f.alice, f.weth, units(t, "1", assetWETH), Signed{})
	wantErr(t, err, ErrMismatch)
	// With one for the state after withdrawing 2 WETH: 1 WETH goes.
	s := f.attest(t, f.signer, KindWithdraw, f.alice, healthy(t), func(a *Attestation) {
		a.Vault, a.Assets = f.weth.Address, units(t, "2", assetWETH)
	})
	before, err := f.weth.State(f.ctx)
	f.must(t, err)
	shares, err := f.m.Withdraw(f.ctx, f.alice, f.weth, units(t, "1", assetWETH), s)
	f.must(t, err)
	if want := before.PreviewWithdraw(units(t, "1", assetWETH)); shares.Cmp(want) != 0 {
		t.Fatalf("gated withdraw burnt %s shares, the engine's PreviewWithdraw %s", shares.Big(), want.Big())
	}
	// More than attested: refused.
	s = f.attest(t, f.signer, KindWithdraw, f.alice, healthy(t), func(a *Attestation) {
		a.Vault, a.Assets = f.weth.Address, units(t, "1", assetWETH)
	})
	_, err = f.m.Withdraw(f.ctx, f.alice, f.weth, units(t, "1.5", assetWETH), s)
	wantErr(t, err, ErrMismatch)
	// After the exit the liens must stay covered and excess ≥ 0.
	short := healthy(t)
	short.Collateral = usd(t, "4999")
	s = f.attest(t, f.signer, KindWithdraw, f.alice, short, func(a *Attestation) {
		a.Vault, a.Assets = f.weth.Address, units(t, "1", assetWETH)
	})
	_, err = f.m.Withdraw(f.ctx, f.alice, f.weth, units(t, "1", assetWETH), s)
	wantErr(t, err, vault.ErrLiensExceedCollateral)

	// The account never releases or shrinks a lien; another venue neither.
	_, err = f.m.ReleaseLien(f.ctx, f.alice, alice, usd(t, "1"))
	wantErr(t, err, vault.ErrExceedsLien)
	_, err = f.m.ReleaseLien(f.ctx, f.venue2, alice, usd(t, "1"))
	wantErr(t, err, vault.ErrExceedsLien)
	_, err = f.m.ReleaseLienFor(f.ctx, f.alice, alice, venue, usd(t, "1"))
	wantErr(t, err, ErrUnauthorized)
	if l, _ := f.m.Lien(f.ctx, alice, venue); l.Cmp(lien) != 0 {
		t.Fatalf("lien moved to %s", l.Big())
	}

	// The venue releases part, governance the rest for it.
	rel, err := f.m.ReleaseLien(f.ctx, f.venue, alice, usd(t, "3000"))
	f.must(t, err)
	if rel.Lien.Cmp(usd(t, "2000")) != 0 {
		t.Fatalf("lien after release %s, want 2000 USD", rel.Lien.Big())
	}
	_, err = f.m.ReleaseLien(f.ctx, f.venue, alice, usd(t, "2000.000000000000000001"))
	wantErr(t, err, vault.ErrExceedsLien)
	_, err = f.m.ReleaseLienFor(f.ctx, f.gov, alice, venue, usd(t, "2000"))
	f.must(t, err)
	if l, _ := f.m.Liens(f.ctx, alice); !l.IsZero() {
		t.Fatalf("Σ liens %s after releasing all", l.Big())
	}
	// Free again: a plain withdrawal works.
	_, err = f.weth.Withdraw(f.ctx, f.alice, units(t, "1", assetWETH))
	f.must(t, err)
}

// Goal: a lien is granted only under the rules. Method: one refusal per
// rule; the lien is unchanged after each.
func TestGrantLienRefusals(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	amount := usd(t, "5000")
	cases := []struct {
		name  string
		venue Address
		s     func() Signed
		want  error
	}{
		{"excess below zero", venue, func() Signed {
			fg := healthy(t)
			fg.Excess = usd(t, "1").Big().Neg(usd(t, "1").Big())
			return f.lienAttestation(t, f.alice, f.venue, amount, fg)
		}, vault.ErrInitialMargin},
		{"liens above collateral", venue, func() Signed {
			fg := healthy(t)
			fg.Collateral = usd(t, "4999.999999999999999999")
			return f.lienAttestation(t, f.alice, f.venue, amount, fg)
		}, vault.ErrLiensExceedCollateral},
		{"unregistered venue", KeyAddress(f.bob), func() Signed {
			return f.lienAttestation(t, f.alice, f.bob, amount, healthy(t))
		}, ErrUnknownVenue},
		{"attestation for another venue", venue, func() Signed {
			return f.lienAttestation(t, f.alice, f.venue2, amount, healthy(t))
		}, ErrMismatch},
		{"attestation for another amount", venue, func() Signed {
			return f.lienAttestation(t, f.alice, f.venue, usd(t, "4000"), healthy(t))
		}, ErrMismatch},
		{"withdrawal attestation", venue, func() Signed {
			return f.attest(t, f.signer, KindWithdraw, f.alice, healthy(t), func(a *Attestation) {
				a.Venue, a.USD = venue, amount
			})
		}, ErrWrongKind},
		{"another account's attestation", venue, func() Signed {
			return f.lienAttestation(t, f.bob, f.venue, amount, healthy(t))
		}, ErrMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.m.GrantLien(f.ctx, f.alice, c.venue, amount, c.s())
			wantErr(t, err, c.want)
			if l, _ := f.m.Liens(f.ctx, KeyAddress(f.alice)); !l.IsZero() {
				t.Fatalf("a refused grant left liens of %s", l.Big())
			}
		})
	}
}

// Goal: draws. Method: a venue with a lien on alice draws nothing while she
// is not liquidatable, nothing above its lien, nothing with another
// venue's attestation; when she is, it receives the shares the engine's
// SharesForAssetsCeil says, and its lien drops by the USD drawn.
func TestDraw(t *testing.T) {
	f := newFixture(t)
	alice, venue := KeyAddress(f.alice), KeyAddress(f.venue)
	_, err := f.weth.Deposit(f.ctx, f.alice, units(t, "10", assetWETH))
	f.must(t, err)
	// Yield: the share price is no round number, so rounding shows.
	f.must(t, f.weth.Donate(f.ctx, f.bob, units(t, "0.123456789012345678", assetWETH)))
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, usd(t, "5000"), f.lienAttestation(t, f.alice, f.venue, usd(t, "5000"), healthy(t)))
	f.must(t, err)

	drawOf := func(key any, fg Figures, usdAmt, assets string) Signed {
		return f.attest(t, f.signer, KindDraw, f.alice, fg, func(a *Attestation) {
			a.Venue, a.Vault = venue, f.weth.Address
			a.USD, a.Assets = usd(t, usdAmt), units(t, assets, assetWETH)
		})
	}
	_, err = f.m.Draw(f.ctx, f.venue, alice, f.weth, drawOf(nil, healthy(t), "3000", "1"))
	wantErr(t, err, vault.ErrNotLiquidatable)
	// Equity exactly at maintenance is not liquidatable.
	edge := liquidatable(t)
	edge.Excess = new(big.Int).Neg(usd(t, "200").Big())
	_, err = f.m.Draw(f.ctx, f.venue, alice, f.weth, drawOf(nil, edge, "3000", "1"))
	wantErr(t, err, vault.ErrNotLiquidatable)
	_, err = f.m.Draw(f.ctx, f.venue, alice, f.weth, drawOf(nil, liquidatable(t), "5000.000000000000000001", "1"))
	wantErr(t, err, vault.ErrExceedsLien)
	_, err = f.m.Draw(f.ctx, f.venue2, alice, f.weth, drawOf(nil, liquidatable(t), "3000", "1"))
	wantErr(t, err, ErrMismatch)
	// More shares than alice holds.
	_, err = f.m.Draw(f.ctx, f.venue, alice, f.weth, drawOf(nil, liquidatable(t), "3000", "11"))
	wantErr(t, err, vault.ErrInsufficientShares)

	before, err := f.weth.State(f.ctx)
	f.must(t, err)
	d, err := f.m.Draw(f.ctx, f.venue, alice, f.weth, drawOf(nil, liquidatable(t), "3000", "1"))
	f.must(t, err)
	want := before.SharesForAssetsCeil(units(t, "1", assetWETH))
	if d.Shares.Cmp(want) != 0 || want.Cmp(before.SharesForAssetsFloor(units(t, "1", assetWETH))) == 0 {
		t.Fatalf("draw moved %s shares, the engine's SharesForAssetsCeil %s (and it must differ from the floor)", d.Shares.Big(), want.Big())
	}
	if d.Lien.Cmp(usd(t, "2000")) != 0 {
		t.Fatalf("lien after the draw %s, want 2000 USD", d.Lien.Big())
	}
	held, err := f.weth.SharesOf(f.ctx, venue)
	f.must(t, err)
	if held.Cmp(d.Shares) != 0 {
		t.Fatalf("venue holds %s shares, drew %s", held.Big(), d.Shares.Big())
	}
	// The venue's shares are its own: it may redeem them (it has no lien).
	_, err = f.weth.Redeem(f.ctx, f.venue, held)
	f.must(t, err)
}

// Goal: the ERC-7575-style view. Method: each vault is its own share token
// and says so (share(), ERC-165 for ERC-7575's interface id); the master
// lists its vaults and gives one account's shares and claims across all of
// them, equal to each vault's own figures.
func TestSharedView(t *testing.T) {
	f := newFixture(t)
	_, err := f.weth.Deposit(f.ctx, f.alice, units(t, "2", assetWETH))
	f.must(t, err)
	_, err = f.usdc.Deposit(f.ctx, f.alice, units(t, "300", assetUSDC))
	f.must(t, err)
	f.must(t, f.usdc.Donate(f.ctx, f.bob, units(t, "1", assetUSDC)))
	call := f.c.call(f.ctx)
	for _, v := range []*Vault{f.weth, f.usdc} {
		share, err := v.v.Share(call)
		f.must(t, err)
		ok7575, err := v.v.SupportsInterface(call, [4]byte{0x2f, 0x0a, 0x18, 0xc5})
		f.must(t, err)
		okOther, err := v.v.SupportsInterface(call, [4]byte{0xde, 0xad, 0xbe, 0xef})
		f.must(t, err)
		if share != v.Address || !ok7575 || okOther {
			t.Fatalf("%s: share %s, ERC-7575 %v, other %v", v.Asset.Symbol, share, ok7575, okOther)
		}
		byAsset, err := f.m.m.VaultOf(call, v.Token)
		f.must(t, err)
		if byAsset != v.Address {
			t.Fatalf("vaultOf(%s) = %s", v.Asset.Symbol, byAsset)
		}
	}
	b, err := f.m.m.BalancesOf(call, KeyAddress(f.alice))
	f.must(t, err)
	if len(b.VaultList) != 2 {
		t.Fatalf("balancesOf lists %d vaults", len(b.VaultList))
	}
	for i, va := range b.VaultList {
		v := map[Address]*Vault{f.weth.Address: f.weth, f.usdc.Address: f.usdc}[va]
		shares, err := v.SharesOf(f.ctx, KeyAddress(f.alice))
		f.must(t, err)
		st, err := v.State(f.ctx)
		f.must(t, err)
		if b.Shares[i].Cmp(shares.Big()) != 0 || b.Assets[i].Cmp(st.ConvertToAssets(shares).Big()) != 0 {
			t.Fatalf("%s: balancesOf %s shares %s assets, vault %s %s", v.Asset.Symbol, b.Shares[i], b.Assets[i],
				shares.Big(), st.ConvertToAssets(shares).Big())
		}
	}
	// A vault of another master, or a second vault for an asset, is refused.
	var re *RevertError
	if _, err := f.m.AddVault(f.ctx, f.gov, AssetToken{Asset: assetWETH, Token: f.weth.Token}); !errorsAs(err, &re) || re.Name != "AssetHasVault" {
		t.Fatalf("a second WETH vault: %v", err)
	}
	if _, err := f.m.AddVault(f.ctx, f.alice, AssetToken{Asset: assetUSDC}); !errorsIs(err, ErrUnauthorized) {
		t.Fatalf("a vault added by an account: %v", err)
	}
	addr, tx, _, err := binding.DeployUCTVault(f.c.opts(f.ctx, f.gov), f.c.client, f.usdc.Token, KeyAddress(f.alice), "x", "x")
	addr, err = f.c.deployed(f.ctx, "deploy vault", addr, tx, err)
	f.must(t, err)
	_, err = f.c.transact(f.ctx, "add vault", f.gov, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return f.m.m.AddVault(o, addr)
	})
	if !errorsAs(err, &re) || re.Name != "VaultNotOwned" {
		t.Fatalf("another master's vault: %v", err)
	}
}
