// The test fixture: a simulated chain with a master vault (WETH 18 and USDC
// 6 decimals, TestTokens), a governance key, an engine signer, two venues
// and two accounts funded with tokens and approvals.
package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/money"
)

type fixture struct {
	ctx                                    context.Context
	c                                      *Chain
	gov, signer, venue, venue2, alice, bob *ecdsa.PrivateKey
	m                                      *Master
	weth, usdc                             *Vault
	gasSim                                 map[string][]uint64 // gas of simulated calls, by operation
}

var (
	assetWETH = money.Asset{Symbol: "WETH", Decimals: 18}
	assetUSDC = money.Asset{Symbol: "USDC", Decimals: 6}
)

// maxAgeTest is the fixture's attestation freshness.
const maxAgeTest = 10 * time.Minute

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(),
		gov: DevKey("gov"), signer: DevKey("signer"), venue: DevKey("venue"), venue2: DevKey("venue2"),
		alice: DevKey("alice"), bob: DevKey("bob"), gasSim: map[string][]uint64{}}
	f.c = NewSimulated(KeyAddress(f.gov), KeyAddress(f.signer), KeyAddress(f.venue), KeyAddress(f.venue2),
		KeyAddress(f.alice), KeyAddress(f.bob))
	t.Cleanup(func() { f.c.Close() })
	m, err := Deploy(f.ctx, f.c, f.gov, DeployConfig{
		MaxAge:  maxAgeTest,
		Signers: []Address{KeyAddress(f.signer)},
		Venues:  []Address{KeyAddress(f.venue), KeyAddress(f.venue2)},
		Assets:  []AssetToken{{Asset: assetWETH}, {Asset: assetUSDC}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.m, f.weth, f.usdc = m, m.Vault("WETH"), m.Vault("USDC")
	maxU := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for _, k := range []*ecdsa.PrivateKey{f.alice, f.bob, f.venue} {
		for _, v := range []*Vault{f.weth, f.usdc} {
			f.must(t, v.MintTokens(f.ctx, f.gov, KeyAddress(k), units(t, "1000000000", v.Asset)))
			f.must(t, v.Approve(f.ctx, k, maxU))
		}
	}
	return f
}

func (f *fixture) must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// units parses whole units of an asset into base units.
func units(t testing.TB, s string, a money.Asset) money.Amount {
	t.Helper()
	d, err := money.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	x, err := money.AmountExact(d, a.Decimals)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// usd parses whole USD into base units of 10^-18.
func usd(t testing.TB, s string) money.Amount {
	return units(t, s, money.Asset{Symbol: "USD", Decimals: 18})
}

// healthy are figures of a well-margined account with ample collateral.
func healthy(t testing.TB) Figures {
	return Figures{Initial: usd(t, "1000"), Maintenance: usd(t, "800"), Excess: usd(t, "5000").Big(),
		Collateral: usd(t, "100000")}
}

// liquidatable are figures with equity (700) below maintenance (800).
func liquidatable(t testing.TB) Figures {
	return Figures{Initial: usd(t, "1000"), Maintenance: usd(t, "800"),
		Excess: new(big.Int).Neg(usd(t, "300").Big()), Collateral: usd(t, "100000")}
}

// attest builds an attestation of kind for account with figures, the
// account's next nonce and the latest block's time, lets edit change it,
// and signs it with signer.
func (f *fixture) attest(t testing.TB, signer *ecdsa.PrivateKey, kind Kind, account *ecdsa.PrivateKey,
	figures Figures, edit func(*Attestation)) Signed {
	t.Helper()
	nonce, err := f.m.Nonce(f.ctx, KeyAddress(account))
	f.must(t, err)
	now, err := f.c.BlockTime(f.ctx)
	f.must(t, err)
	a := Attestation{Kind: kind, Account: KeyAddress(account), Figures: figures, Nonce: nonce}
	a.MarketTime = now
	if edit != nil {
		edit(&a)
	}
	sig, err := Sign(f.m.Domain(), a, signer)
	f.must(t, err)
	return Signed{Attestation: a, Signature: sig}
}

// lienAttestation is a signed KindLien attestation for venue and amount.
func (f *fixture) lienAttestation(t testing.TB, account, venue *ecdsa.PrivateKey, amount money.Amount, figures Figures) Signed {
	return f.attest(t, f.signer, KindLien, account, figures, func(a *Attestation) {
		a.Venue, a.USD = KeyAddress(venue), amount
	})
}

// wantErr fails unless err is (wraps) want.
func wantErr(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want %v", err, want)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func errorsAs(err error, target any) bool { return errors.As(err, target) }
