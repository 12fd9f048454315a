package chain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// Goal: the gas of every operation of the on-chain UCT, on Osaka rules.
// Method: one run through each operation on the simulated chain; the table
// is logged (go test -v -run GasPerOperation) and every operation must have
// been measured.
func TestGasPerOperation(t *testing.T) {
	f := newFixture(t)
	alice, venue := KeyAddress(f.alice), KeyAddress(f.venue)
	_, err := f.weth.Deposit(f.ctx, f.alice, units(t, "10", assetWETH))
	f.must(t, err)
	_, err = f.weth.Deposit(f.ctx, f.bob, units(t, "10", assetWETH))
	f.must(t, err)
	_, err = f.weth.Mint(f.ctx, f.bob, vault.Shares(units(t, "1", assetWETH)))
	f.must(t, err)
	_, err = f.weth.Withdraw(f.ctx, f.bob, units(t, "1", assetWETH))
	f.must(t, err)
	_, err = f.weth.Redeem(f.ctx, f.bob, vault.Shares(units(t, "1", assetWETH)))
	f.must(t, err)
	f.must(t, f.weth.Donate(f.ctx, f.bob, units(t, "1", assetWETH)))
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, usd(t, "5000"), f.lienAttestation(t, f.alice, f.venue, usd(t, "5000"), healthy(t)))
	f.must(t, err)
	s := f.attest(t, f.signer, KindWithdraw, f.alice, healthy(t), func(a *Attestation) { a.Vault, a.Assets = f.weth.Address, units(t, "1", assetWETH) })
	_, err = f.m.Withdraw(f.ctx, f.alice, f.weth, units(t, "1", assetWETH), s)
	f.must(t, err)
	s = f.attest(t, f.signer, KindWithdraw, f.alice, healthy(t), func(a *Attestation) { a.Vault, a.Assets = f.weth.Address, units(t, "1", assetWETH) })
	_, err = f.m.Redeem(f.ctx, f.alice, f.weth, vault.Shares(units(t, "0.5", assetWETH)), s)
	f.must(t, err)
	s = f.attest(t, f.signer, KindDraw, f.alice, liquidatable(t), func(a *Attestation) {
		a.Venue, a.Vault, a.USD, a.Assets = venue, f.weth.Address, usd(t, "1000"), units(t, "0.3", assetWETH)
	})
	_, err = f.m.Draw(f.ctx, f.venue, alice, f.weth, s)
	f.must(t, err)
	_, err = f.m.ReleaseLien(f.ctx, f.venue, alice, usd(t, "1000"))
	f.must(t, err)
	_, err = f.m.ReleaseLienFor(f.ctx, f.gov, alice, venue, usd(t, "1000"))
	f.must(t, err)
	f.must(t, f.m.RevokeSigner(f.ctx, f.gov, KeyAddress(f.venue2)))
	f.must(t, f.m.SetMaxAge(f.ctx, f.gov, maxAgeTest))

	var b strings.Builder
	fmt.Fprintf(&b, "%-26s %6s %9s %9s\n", "operation", "count", "mean", "max")
	seen := map[string]bool{}
	for _, g := range f.c.Gas() {
		seen[g.Op] = true
		fmt.Fprintf(&b, "%-26s %6d %9d %9d\n", g.Op, g.Count, g.Mean, g.Max)
	}
	t.Log("gas per operation (Osaka):\n" + b.String())
	for _, op := range []string{"deploy master", "deploy vault", "add vault", "grant signer", "grant venue",
		"deposit", "mint", "withdraw", "redeem", "donate", "grant lien", "withdraw (gated)", "redeem (gated)",
		"draw", "release lien", "release lien (governance)", "revoke signer", "set max age"} {
		if !seen[op] {
			t.Errorf("no gas measured for %q", op)
		}
	}
}
