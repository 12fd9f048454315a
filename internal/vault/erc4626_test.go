// Goal: the a16z ERC-4626 property suite (github.com/a16z/erc4626-tests,
// ERC4626.prop.sol), ported as rapid properties over arbitrary vault states,
// plus the project's own: no sequence of operations creates value, accrual
// raises the share price, and a front-run donation costs a depositor of at
// least the donated amount at most 0.1%.
// Method: states are drawn with arbitrary total assets and total shares
// (including lossy states with shares but few assets) and amounts up to
// 2^96 base units; every property is checked with exact integers.
package vault

import (
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/money"
)

func amountGen(max uint64) *rapid.Generator[money.Amount] {
	return rapid.Custom(func(t *rapid.T) money.Amount {
		hi := rapid.Uint64Range(0, max).Draw(t, "hi")
		lo := rapid.Uint64().Draw(t, "lo")
		if rapid.Bool().Draw(t, "small") {
			return money.AmountFromUint64(lo % 1_000_000)
		}
		b := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 32)
		b.Add(b, new(big.Int).SetUint64(lo>>32))
		a, _ := money.AmountFromBig(b)
		return a
	})
}

func vaultGen() *rapid.Generator[Vault] {
	return rapid.Custom(func(t *rapid.T) Vault {
		dec := rapid.SampledFrom([]uint8{0, 6, 8, 18}).Draw(t, "decimals")
		v := New(money.Asset{Symbol: "X", Decimals: dec})
		v.Offset = rapid.SampledFrom([]uint8{0, 3, 6}).Draw(t, "offset")
		v.TotalAssets = amountGen(1<<50).Draw(t, "assets")
		v.TotalShares = Shares(amountGen(1<<50).Draw(t, "shares"))
		return v
	})
}

func positive(t *rapid.T, label string) money.Amount {
	a := amountGen(1<<40).Draw(t, label)
	if a.IsZero() {
		a = money.AmountFromUint64(1)
	}
	return a
}

func le(a, b money.Amount) bool { return a.Cmp(b) <= 0 }

// prop_previewDeposit/Mint/Withdraw/Redeem: the preview is what happens.
func TestPreviewsMatchActions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := vaultGen().Draw(t, "vault")
		a := positive(t, "amount")
		if _, s, err := v.Deposit(a); err == nil && s.Cmp(v.PreviewDeposit(a)) != 0 {
			t.Fatalf("deposit minted %v, preview %v", s, v.PreviewDeposit(a))
		}
		sa := Shares(a)
		if _, x, err := v.Mint(sa); err == nil && x.Cmp(v.PreviewMint(sa)) != 0 {
			t.Fatalf("mint took %v, preview %v", x, v.PreviewMint(sa))
		}
		owned := v.TotalShares
		if _, s, err := v.Withdraw(a, owned); err == nil && s.Cmp(v.PreviewWithdraw(a)) != 0 {
			t.Fatalf("withdraw burnt %v, preview %v", s, v.PreviewWithdraw(a))
		}
		if _, x, err := v.Redeem(sa, owned); err == nil && x.Cmp(v.PreviewRedeem(sa)) != 0 {
			t.Fatalf("redeem paid %v, preview %v", x, v.PreviewRedeem(sa))
		}
	})
}

// Rounding directions: convert* round down, previewMint/previewWithdraw up,
// and the two differ by at most one unit.
func TestRoundingFavoursVault(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := vaultGen().Draw(t, "vault")
		a := amountGen(1<<40).Draw(t, "amount")
		exactShares := new(big.Rat).SetFrac(
			new(big.Int).Mul(a.Big(), v.virtualShares().ToBig()), v.virtualAssets().ToBig())
		down, up := new(big.Rat).SetInt(v.ConvertToShares(a).Big()), new(big.Rat).SetInt(v.PreviewWithdraw(a).Big())
		if down.Cmp(exactShares) > 0 || up.Cmp(exactShares) < 0 {
			t.Fatalf("shares for %v: floor %v ceil %v exact %v", a, down, up, exactShares)
		}
		diff := new(big.Rat).Sub(up, down)
		if diff.Cmp(big.NewRat(1, 1)) > 0 {
			t.Fatalf("ceil − floor = %v", diff)
		}
		if v.ConvertToAssets(Shares(a)).Cmp(v.PreviewMint(Shares(a))) > 0 {
			t.Fatalf("convertToAssets above previewMint")
		}
		if !v.ConvertToShares(money.Amount{}).IsZero() || !v.ConvertToAssets(Shares{}).IsZero() {
			t.Fatalf("converting 0 is not 0")
		}
	})
}

// prop_maxWithdraw / prop_maxRedeem: the max is allowed, and one more is not.
func TestMaxBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := vaultGen().Draw(t, "vault")
		owned := Shares(amountGen(1<<40).Draw(t, "owned"))
		if owned.Cmp(v.TotalShares) > 0 {
			owned = v.TotalShares
		}
		if mw := v.MaxWithdraw(owned); mw.Cmp(v.ConvertToAssets(owned)) > 0 {
			t.Fatalf("maxWithdraw %v > convertToAssets(balance)", mw)
		}
		if mw := v.MaxWithdraw(owned); !mw.IsZero() && mw.Cmp(v.TotalAssets) <= 0 {
			if _, s, err := v.Withdraw(mw, owned); err != nil || s.Cmp(owned) > 0 {
				t.Fatalf("withdraw(maxWithdraw): %v burnt %v of %v", err, s, owned)
			}
			one, _ := mw.Add(money.AmountFromUint64(1))
			if _, _, err := v.Withdraw(one, owned); err == nil {
				t.Fatalf("withdraw above maxWithdraw succeeded")
			}
		}
		if v.MaxRedeem(owned).Cmp(owned) != 0 {
			t.Fatalf("maxRedeem ≠ balance")
		}
		if md := v.MaxDeposit(); !md.IsZero() {
			if nv, _, err := v.Deposit(md); err == nil && nv.TotalAssets.Uint256().Gt(maxTotal) {
				t.Fatalf("maxDeposit overflows the bound")
			}
		}
	})
}

// The a16z round trips: one cannot gain by going around. Each check runs
// only when both legs are allowed (err == nil), so the test also counts how
// often each check really ran and fails when one ran too rarely to mean
// anything: a round trip that is always refused would otherwise pass
// without checking a thing.
func TestRoundTrips(t *testing.T) {
	ran := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		v := vaultGen().Draw(t, "vault")
		x := positive(t, "x")
		// deposit → redeem: assets back ≤ assets in.
		if v1, s, err := v.Deposit(x); err == nil {
			if _, back, err := v1.Redeem(s, s); err == nil {
				ran["deposit_redeem"]++
				if !le(back, x) {
					t.Fatalf("RT_deposit_redeem: %v in, %v out", x, back)
				}
			}
			// deposit → withdraw(x): shares burnt ≥ shares minted.
			if _, s2, err := v1.Withdraw(x, v1.TotalShares); err == nil {
				ran["deposit_withdraw"]++
				if s2.Cmp(s) < 0 {
					t.Fatalf("RT_deposit_withdraw: minted %v, burnt %v", s, s2)
				}
			}
		}
		// mint → redeem: assets back ≤ assets paid; mint → withdraw: shares ≥ minted.
		xs := Shares(x)
		if v1, paid, err := v.Mint(xs); err == nil {
			if _, back, err := v1.Redeem(xs, xs); err == nil {
				ran["mint_redeem"]++
				if !le(back, paid) {
					t.Fatalf("RT_mint_redeem: paid %v, back %v", paid, back)
				}
			}
			if _, s2, err := v1.Withdraw(paid, v1.TotalShares); err == nil {
				ran["mint_withdraw"]++
				if s2.Cmp(xs) < 0 {
					t.Fatalf("RT_mint_withdraw: minted %v, burnt %v", x, s2)
				}
			}
		}
		owned := v.TotalShares
		// redeem → deposit: shares back ≤ shares redeemed; redeem → mint: assets ≥ paid out.
		if v1, out, err := v.Redeem(xs, owned); err == nil {
			if _, s2, err := v1.Deposit(out); err == nil {
				ran["redeem_deposit"]++
				if s2.Cmp(xs) > 0 {
					t.Fatalf("RT_redeem_deposit: redeemed %v, got back %v", x, s2)
				}
			}
			if _, a2, err := v1.Mint(xs); err == nil {
				ran["redeem_mint"]++
				if a2.Cmp(out) < 0 {
					t.Fatalf("RT_redeem_mint: paid out %v, mint costs %v", out, a2)
				}
			}
		}
		// withdraw → mint: assets ≥ withdrawn; withdraw → deposit: shares ≤ burnt.
		if v1, burnt, err := v.Withdraw(x, owned); err == nil {
			if _, a2, err := v1.Mint(burnt); err == nil {
				ran["withdraw_mint"]++
				if a2.Cmp(x) < 0 {
					t.Fatalf("RT_withdraw_mint: withdrew %v, mint costs %v", x, a2)
				}
			}
			if _, s2, err := v1.Deposit(x); err == nil {
				ran["withdraw_deposit"]++
				if s2.Cmp(burnt) > 0 {
					t.Fatalf("RT_withdraw_deposit: burnt %v, got %v", burnt, s2)
				}
			}
		}
	})
	if t.Failed() {
		return
	}
	// rapid runs 100 cases by default (-rapid.checks); each round trip must
	// have been exercised in at least a tenth of them.
	for _, name := range []string{"deposit_redeem", "deposit_withdraw", "mint_redeem", "mint_withdraw",
		"redeem_deposit", "redeem_mint", "withdraw_mint", "withdraw_deposit"} {
		if ran[name] < 10 {
			t.Errorf("round trip %s ran %d times: the property checked (almost) nothing", name, ran[name])
		}
	}
}

// Accrual raises (never lowers) the value of every share.
func TestAccrueRaisesSharePrice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := vaultGen().Draw(t, "vault")
		y := positive(t, "yield")
		probe := positive(t, "probe")
		v1, err := v.Accrue(y)
		if err != nil {
			t.Skip(err)
		}
		if v1.ConvertToAssets(Shares(probe)).Cmp(v.ConvertToAssets(Shares(probe))) < 0 {
			t.Fatalf("accrue lowered the share price")
		}
		if v1.TotalShares.Cmp(v.TotalShares) != 0 {
			t.Fatalf("accrue minted shares")
		}
	})
}

// DESIGN.md: a depositor of at least the donated amount loses at most 0.1%
// to a front-run donation. The attacker deposits a little first, donates D,
// the victim deposits V ≥ D and redeems at once.
func TestDonationAttackBounded(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := New(money.Asset{Symbol: "X", Decimals: rapid.SampledFrom([]uint8{6, 8, 18}).Draw(t, "dec")})
		seed := money.AmountFromUint64(rapid.Uint64Range(1, 1000).Draw(t, "seed"))
		v, _, err := v.Deposit(seed)
		if err != nil {
			t.Fatal(err)
		}
		d := positive(t, "donation")
		if v, err = v.Accrue(d); err != nil {
			t.Fatal(err)
		}
		extra := amountGen(1<<40).Draw(t, "extra")
		victim, _ := d.Add(extra)
		v2, s, err := v.Deposit(victim)
		if err != nil {
			t.Fatalf("victim deposit: %v", err)
		}
		_, back, _ := v2.Redeem(s, s)
		loss := new(big.Int).Sub(victim.Big(), back.Big())
		// loss ≤ victim/1000, plus the one base unit any integer vault may
		// round away (a 1-wei deposit can lose its wei).
		loss.Sub(loss, big.NewInt(1))
		if new(big.Int).Mul(loss, big.NewInt(1000)).Cmp(victim.Big()) > 0 {
			t.Fatalf("victim lost %v of %v (> 0.1%%)", loss, victim)
		}
	})
}

// No sequence of deposits, mints, withdrawals, redemptions and accruals by
// two holders leaves the holders' claims above the vault's assets, and
// without accrual the holders together never get back more than they put in.
func TestNoValueCreated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := New(money.Asset{Symbol: "X", Decimals: 6})
		held := [2]Shares{}
		in, out := [2]*big.Int{new(big.Int), new(big.Int)}, [2]*big.Int{new(big.Int), new(big.Int)}
		accrued := false
		for range rapid.IntRange(1, 40).Draw(t, "steps") {
			who := rapid.IntRange(0, 1).Draw(t, "who")
			x := positive(t, "x")
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0:
				if nv, s, err := v.Deposit(x); err == nil {
					v, held[who] = nv, must(held[who].Add(s))
					in[who].Add(in[who], x.Big())
				}
			case 1:
				if nv, a, err := v.Mint(Shares(x)); err == nil {
					v, held[who] = nv, must(held[who].Add(Shares(x)))
					in[who].Add(in[who], a.Big())
				}
			case 2:
				if nv, s, err := v.Withdraw(x, held[who]); err == nil {
					v, held[who] = nv, must(held[who].Sub(s))
					out[who].Add(out[who], x.Big())
				}
			case 3:
				if nv, a, err := v.Redeem(Shares(x), held[who]); err == nil {
					v, held[who] = nv, must(held[who].Sub(Shares(x)))
					out[who].Add(out[who], a.Big())
				}
			case 4:
				if nv, err := v.Accrue(x); err == nil {
					v, accrued = nv, true
				}
			}
			claims := new(big.Int).Add(v.ConvertToAssets(held[0]).Big(), v.ConvertToAssets(held[1]).Big())
			if claims.Cmp(v.TotalAssets.Big()) > 0 {
				t.Fatalf("claims %v exceed assets %v", claims, v.TotalAssets)
			}
			sum := must(held[0].Add(held[1]))
			if sum.Cmp(v.TotalShares) != 0 {
				t.Fatalf("shares held %v ≠ supply %v", sum, v.TotalShares)
			}
		}
		if !accrued {
			// Rounding dust one holder leaves behind raises the share price
			// for the other, so the bound is on both together.
			total, put := new(big.Int), new(big.Int)
			for i := range 2 {
				total.Add(total, out[i]).Add(total, v.ConvertToAssets(held[i]).Big())
				put.Add(put, in[i])
			}
			if total.Cmp(put) > 0 {
				t.Fatalf("holders put in %v and have %v", put, total)
			}
		}
	})
}

func must[A any](a A, err error) A {
	if err != nil {
		panic(err)
	}
	return a
}

func BenchmarkDeposit(b *testing.B) {
	v := New(money.Asset{Symbol: "WETH", Decimals: 18})
	v, _, _ = v.Deposit(money.AmountFromUint64(1e18))
	v, _ = v.Accrue(money.AmountFromUint64(3e17))
	x := money.AmountFromUint64(123456789)
	for b.Loop() {
		_, _, _ = v.Deposit(x)
	}
}
