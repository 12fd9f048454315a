package chain

import (
	"context"
	"errors"
	"testing"
)

// Goal: the development chain serves JSON-RPC and mines transactions as
// they come. Method: start it on a free loopback port, deploy the master
// vault over HTTP, deposit, read back; refuse a non-loopback address.
func TestDevNode(t *testing.T) {
	gov, alice := DevKey("gov"), DevKey("alice")
	n, err := StartDevNode("127.0.0.1:0", KeyAddress(gov), KeyAddress(alice))
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx := context.Background()
	c, err := Dial(ctx, n.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := Deploy(ctx, c, gov, DeployConfig{MaxAge: maxAgeTest, Signers: []Address{KeyAddress(gov)},
		Assets: []AssetToken{{Asset: assetUSDC}}})
	if err != nil {
		t.Fatal(err)
	}
	v := m.Vault("USDC")
	if err := v.MintTokens(ctx, gov, KeyAddress(alice), units(t, "100", assetUSDC)); err != nil {
		t.Fatal(err)
	}
	if err := v.Approve(ctx, alice, units(t, "100", assetUSDC).Big()); err != nil {
		t.Fatal(err)
	}
	shares, err := v.Deposit(ctx, alice, units(t, "100", assetUSDC))
	if err != nil {
		t.Fatal(err)
	}
	// Open finds the vault from the master's registry alone.
	m2, err := Open(ctx, c, m.Address)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m2.Vault("USDC").SharesOf(ctx, KeyAddress(alice))
	if err != nil || got.Cmp(shares) != 0 || shares.Units(12) != "100" {
		t.Fatalf("shares over RPC %v (%v), deposit minted %s", got.Big(), err, shares.Units(12))
	}
	if _, err := StartDevNode("0.0.0.0:0"); !errors.Is(err, ErrNotLoopback) {
		t.Fatalf("a node on 0.0.0.0: %v", err)
	}
}
