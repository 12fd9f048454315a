// Goal: deposits, mints and accruals stay within the deposit caps, exactly.
// Method: boundary cases on the in-memory store, exactly at a cap (accepted)
// and one base unit above it (refused, changing nothing), for USD caps at a
// price that does not divide them, caps in units, the unpriced caps and the
// defaults; then a rapid property: no sequence of deposits, mints,
// withdrawals and accruals under random caps leaves a vault above its cap
// or an account above its cap after its own deposit or mint.
package vault

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

// capsDoc is a caps document with the given USD caps and no asset caps.
func capsDoc(vaultUSD, accountUSD string) []byte {
	return []byte(fmt.Sprintf(`{"vault_usd": %q, "account_usd": %q,
 "unpriced": {"vault": "1000", "account": "100"}}`, vaultUSD, accountUSD))
}

// refusedUnchanged runs a move that must fail with want and change nothing.
func refusedUnchanged(t *testing.T, m *Memory, want error, f func(tx Tx) (Movement, error)) error {
	t.Helper()
	before := snapshot(m)
	c := m.Clone()
	_, err := f(c)
	if !errors.Is(err, want) {
		t.Fatalf("error %v, want %v", err, want)
	}
	if snapshot(m) != before {
		t.Fatal("a refusal changed the store")
	}
	return err
}

func deposit(id, account, asset, amount string) func(tx Tx) (Movement, error) {
	return func(tx Tx) (Movement, error) { return Deposit(tx, id, account, asset, amount) }
}

// USDC at 0.99997427 USD: a cap of USD 1,000,000 is 1000025.730662… USDC,
// so 1000025.730662 is the most a deposit may bring (floor, computed by
// hand: 10^12 / 0.99997427 = 1000025730662.06…).
func TestCapUSDBoundary(t *testing.T) {
	for _, c := range []struct {
		name, vaultUSD, accountUSD string
	}{
		{"vault cap", "1000000", "5000000"},
		{"account cap", "5000000", "1000000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewMemory()
			mkt := strings.Replace(testMarket, `"USDC": {"price": "1"`, `"USDC": {"price": "0.99997427"`, 1)
			if err := SetMarket(m, []byte(strings.Replace(mkt, "PRICE", "3000", 1))); err != nil {
				t.Fatal(err)
			}
			if err := SetCaps(m, capsDoc(c.vaultUSD, c.accountUSD)); err != nil {
				t.Fatal(err)
			}
			err := refusedUnchanged(t, m, ErrCapExceeded, deposit("d0", "a", "USDC", "1000025.730663"))
			if !strings.Contains(err.Error(), "1000025.730662 USDC") || !strings.Contains(err.Error(), "at 0.99997427 USD") {
				t.Fatalf("refusal does not give the cap and its source: %v", err)
			}
			do(t, &m, deposit("d1", "a", "USDC", "1000025.730662"))
			refusedUnchanged(t, m, ErrCapExceeded, deposit("d2", "a", "USDC", "0.000001"))
		})
	}
}

// The per-account cap is per account: another account has its own room
// until the vault's cap, which is shared.
func TestCapAccountAndVault(t *testing.T) {
	m := NewMemory()
	if err := SetMarket(m, marketAt("2000")); err != nil {
		t.Fatal(err)
	}
	// USD 1,000,000 per vault = 500 WETH; USD 600,000 per account = 300 WETH.
	if err := SetCaps(m, capsDoc("1000000", "600000")); err != nil {
		t.Fatal(err)
	}
	refusedUnchanged(t, m, ErrCapExceeded, deposit("a0", "a", "WETH", "300.000000000000000001"))
	do(t, &m, deposit("a1", "a", "WETH", "300"))
	refusedUnchanged(t, m, ErrCapExceeded, deposit("a2", "a", "WETH", "0.000000000000000001"))
	refusedUnchanged(t, m, ErrCapExceeded, deposit("b0", "b", "WETH", "200.000000000000000001"))
	do(t, &m, deposit("b1", "b", "WETH", "200"))
	err := refusedUnchanged(t, m, ErrCapExceeded, deposit("c1", "c", "WETH", "0.000000000000000001"))
	if !strings.Contains(err.Error(), "the WETH vault would hold") {
		t.Fatalf("want the vault cap named: %v", err)
	}
	// Room freed by a withdrawal can be taken again.
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, Config{}, "w1", "b", "WETH", "50") })
	do(t, &m, deposit("c2", "c", "WETH", "50"))
}

// A mint is capped by the assets it costs (rounded up): the first mint
// into an empty vault costs shares/10^6 exactly, and the least share
// amount one can write (10^-18 whole shares, 10^6 share base units) more
// costs one asset base unit more.
func TestCapMintBoundary(t *testing.T) {
	m := NewMemory()
	if err := SetMarket(m, marketAt("2000")); err != nil {
		t.Fatal(err)
	}
	if err := SetCaps(m, capsDoc("1000000", "600000")); err != nil {
		t.Fatal(err)
	}
	mint := func(id, shares string) func(tx Tx) (Movement, error) {
		return func(tx Tx) (Movement, error) { return Mint(tx, id, "a", "WETH", shares) }
	}
	refusedUnchanged(t, m, ErrCapExceeded, mint("m0", "300.000000000000000001"))
	mv := do(t, &m, mint("m1", "300"))
	if mv.Assets != "300" {
		t.Fatalf("mint cost %s", mv.Assets)
	}
	refusedUnchanged(t, m, ErrCapExceeded, mint("m2", "0.000000000000000001"))
}

// Caps in units of the asset take precedence over the USD caps; without a
// market the unpriced caps apply; accruals are held to the vault's cap but
// not to the per-account caps.
func TestCapSources(t *testing.T) {
	m := NewMemory()
	doc := `{"vault_usd": "1000000000", "account_usd": "1000000000",
	  "unpriced": {"vault": "20", "account": "5"},
	  "assets": {"WETH": {"vault": "12"}, "USDC": {"account": "7.5"}}}`
	if err := SetCaps(m, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	// No market: WETH's vault cap is its own (12), its account cap the unpriced 5.
	refusedUnchanged(t, m, ErrCapExceeded, deposit("w0", "a", "WETH", "5.000000000000000001"))
	do(t, &m, deposit("w1", "a", "WETH", "5"))
	do(t, &m, deposit("w2", "b", "WETH", "5"))
	err := refusedUnchanged(t, m, ErrCapExceeded, deposit("w3", "c", "WETH", "2.000000000000000001"))
	if !strings.Contains(err.Error(), "the WETH vault would hold") || !strings.Contains(err.Error(), "assets.WETH.vault 12") {
		t.Fatalf("want the vault's own cap named: %v", err)
	}
	do(t, &m, deposit("w4", "c", "WETH", "2"))
	// An accrual is held to the vault's cap, but may lift a holder above
	// its own cap (then only its further deposits are refused).
	accrue := func(id, amount string) func(tx Tx) (Movement, error) {
		return func(tx Tx) (Movement, error) { return Accrue(tx, id, "WETH", amount) }
	}
	refusedUnchanged(t, m, ErrCapExceeded, accrue("y0", "0.000000000000000001"))
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, Config{}, "wc", "c", "WETH", "2") })
	do(t, &m, accrue("y1", "1"))
	err = refusedUnchanged(t, m, ErrCapExceeded, deposit("w5", "a", "WETH", "0.000000000000000001"))
	if !strings.Contains(err.Error(), "account a would hold 5.5 WETH") || !strings.Contains(err.Error(), "unpriced.account 5: no market is stored") {
		t.Fatalf("want a's account cap named: %v", err)
	}
	// USDC: its own account cap 7.5, the unpriced vault cap 20.
	refusedUnchanged(t, m, ErrCapExceeded, deposit("u0", "a", "USDC", "7.500001"))
	do(t, &m, deposit("u1", "a", "USDC", "7.5"))
	do(t, &m, deposit("u2", "b", "USDC", "7.5"))
	refusedUnchanged(t, m, ErrCapExceeded, deposit("u3", "c", "USDC", "7.5"))
	// With a market, the USD caps replace the unpriced ones.
	if err := SetMarket(m, marketAt("2000")); err != nil {
		t.Fatal(err)
	}
	do(t, &m, deposit("u3", "c", "USDC", "7.5"))
}

// The defaults refuse absurd deposits with or without a market, and admit
// ordinary ones.
func TestCapDefaults(t *testing.T) {
	for _, withMarket := range []bool{false, true} {
		m := NewMemory()
		if withMarket {
			if err := SetMarket(m, marketAt("3000")); err != nil {
				t.Fatal(err)
			}
		}
		refusedUnchanged(t, m, ErrCapExceeded, deposit("x", "a", "WETH", "340000000000000"))
		do(t, &m, deposit("d", "a", "WETH", "1000"))
		do(t, &m, deposit("e", "a", "USDC", "100000"))
	}
}

// With a market stored, an asset it does not price is refused before
// anything is written (built-in or not); without a market a built-in asset
// is taken, under the unpriced caps.
func TestUnpricedAssetRefused(t *testing.T) {
	m := NewMemory()
	do(t, &m, deposit("d0", "a", "DAI", "10"))
	if err := SetMarket(m, marketAt("3000")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(tx Tx) (Movement, error){
		deposit("d1", "a", "DAI", "10"),
		deposit("d2", "b", "USDT", "0.01"),
		func(tx Tx) (Movement, error) { return Mint(tx, "m1", "b", "USDT", "1") },
		func(tx Tx) (Movement, error) { return Accrue(tx, "y1", "DAI", "1") },
	} {
		err := refusedUnchanged(t, m, ErrUnpricedAsset, f)
		if !strings.Contains(err.Error(), "not priced by the stored market") {
			t.Fatal(err)
		}
	}
	refusedUnchanged(t, m, ErrUnknownAsset, deposit("d3", "a", "NOPE", "1"))
	// Leaving with an unpriced asset is not a deposit: it stays possible.
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, Config{}, "w", "a", "DAI", "10") })
}

func TestSetCapsRefusesBadDocuments(t *testing.T) {
	m := NewMemory()
	for _, c := range []struct{ doc, path string }{
		{`{"account_usd": "1", "unpriced": {"vault": "1", "account": "1"}}`, "vault_usd"},
		{`{"vault_usd": "-1", "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}}`, "vault_usd"},
		{`{"vault_usd": 1, "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}}`, "vault_usd"},
		{`{"vault_usd": "1", "account_usd": "1e3", "unpriced": {"vault": "1", "account": "1"}}`, "account_usd"},
		{`{"vault_usd": "1", "account_usd": "1", "unpriced": {"vault": "1"}}`, "unpriced.account"},
		{`{"vault_usd": "1", "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}, "asset": {}}`, "asset"},
		{`{"vault_usd": "1", "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}, "assets": {"NOPE": {"vault": "1"}}}`, "assets.NOPE"},
		{`{"vault_usd": "1", "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}, "assets": {"USDC": {"vault": "0.0000001"}}}`, "assets.USDC.vault"},
		{`{"vault_usd": "1", "account_usd": "1", "unpriced": {"vault": "1", "account": "1"}, "assets": {"USDC": {"cap": "1"}}}`, "assets.USDC.cap"},
	} {
		err := SetCaps(m, []byte(c.doc))
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Path != c.path {
			t.Errorf("%s: error %v, want an input error at %s", c.doc, err, c.path)
		}
	}
	if _, ok, _ := m.Caps(); ok {
		t.Fatal("a refused caps document was stored")
	}
	if _, err := ParseCaps(DefaultCapsJSON()); err != nil {
		t.Fatalf("the defaults do not parse: %v", err)
	}
}

// TestCapProperty: no deposit, mint or accrual takes a vault above its cap,
// and no deposit or mint takes its account above its cap; every refusal
// changes nothing; and a move below both caps is never refused for a cap.
func TestCapProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := NewMemory()
		withMarket := rapid.Bool().Draw(t, "market")
		if withMarket {
			if err := SetMarket(m, marketAt("2500")); err != nil {
				t.Fatal(err)
			}
		}
		vaultUSD := rapid.IntRange(0, 200_000).Draw(t, "vault_usd")
		accountUSD := rapid.IntRange(0, 100_000).Draw(t, "account_usd")
		unV, unA := rapid.IntRange(0, 60).Draw(t, "unpriced.vault"), rapid.IntRange(0, 30).Draw(t, "unpriced.account")
		doc := fmt.Sprintf(`{"vault_usd": "%d", "account_usd": "%d", "unpriced": {"vault": "%d", "account": "%d"},
		  "assets": {"USDC": {"vault": "150000.5"}}}`, vaultUSD, accountUSD, unV, unA)
		if err := SetCaps(m, []byte(doc)); err != nil {
			t.Fatal(err)
		}
		// The caps in base units, computed here from the draw.
		e18, e6 := pow10Big(18), pow10Big(6)
		limit := map[string][2]*big.Int{}
		if withMarket {
			limit["WETH"] = [2]*big.Int{ratFloor(big.NewInt(int64(vaultUSD)), e18, 2500), ratFloor(big.NewInt(int64(accountUSD)), e18, 2500)}
			limit["USDC"] = [2]*big.Int{big.NewInt(150_000_500_000), ratFloor(big.NewInt(int64(accountUSD)), e6, 1)}
		} else {
			limit["WETH"] = [2]*big.Int{ratFloor(big.NewInt(int64(unV)), e18, 1), ratFloor(big.NewInt(int64(unA)), e18, 1)}
			limit["USDC"] = [2]*big.Int{big.NewInt(150_000_500_000), ratFloor(big.NewInt(int64(unA)), e6, 1)}
		}
		n := 0
		for range rapid.IntRange(1, 30).Draw(t, "steps") {
			n++
			id := fmt.Sprintf("r%d", n)
			acct := rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "account")
			asset := rapid.SampledFrom([]string{"WETH", "USDC"}).Draw(t, "asset")
			whole := rapid.IntRange(1, 60_000).Draw(t, "amount")
			amount := fmt.Sprintf("%d.%d", whole/1000, whole%1000)
			if asset == "WETH" {
				amount = fmt.Sprintf("%d.%03d", whole/2000, whole%1000)
			}
			kind := rapid.SampledFrom([]string{"deposit", "mint", "accrue", "withdraw"}).Draw(t, "kind")
			before := snapshot(m)
			c := m.Clone()
			var err error
			switch kind {
			case "deposit":
				_, err = Deposit(c, id, acct, asset, amount)
			case "mint":
				_, err = Mint(c, id, acct, asset, amount)
			case "accrue":
				_, err = Accrue(c, id, asset, amount)
			case "withdraw":
				_, err = Withdraw(c, Config{}, id, acct, asset, amount)
			}
			if err != nil {
				if snapshot(m) != before {
					t.Fatalf("refused %s changed the store: %v", kind, err)
				}
				if errors.Is(err, ErrCapExceeded) && !wouldExceed(t, m, kind, acct, asset, amount, limit[asset]) {
					t.Fatalf("%s %s %s %s refused for a cap it does not break: %v", kind, acct, amount, asset, err)
				}
				continue
			}
			if kind != "withdraw" && wouldExceed(t, m, kind, acct, asset, amount, limit[asset]) {
				t.Fatalf("%s %s %s %s accepted above a cap", kind, acct, amount, asset)
			}
			m = c
			if err := Verify(m); err != nil {
				t.Fatal(err)
			}
			if v, _, _ := m.Vault(asset); kind != "withdraw" && v.TotalAssets.Big().Cmp(limit[asset][0]) > 0 {
				t.Fatalf("the %s vault ended above its cap", asset)
			}
		}
	})
}

// wouldExceed is the model of the caps: whether kind (deposit, mint or
// accrue) of amount, applied to m by the ERC-4626 arithmetic alone, takes
// the vault above limit[0] or (deposit, mint) the account's assets above
// limit[1].
func wouldExceed(t *rapid.T, m *Memory, kind, acct, asset, amount string, limit [2]*big.Int) bool {
	v, ok, err := m.Vault(asset)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		d, _ := money.BuiltinDecimals(asset)
		v = New(money.Asset{Symbol: asset, Decimals: d})
	}
	var owned Shares
	if a, ok, _ := m.Account(sharesAccount(acct, v.ShareSymbol())); ok {
		owned = Shares(a.CreditBalance())
	}
	var nv Vault
	var minted Shares
	switch kind {
	case "deposit":
		assets, err := ledger.ParseUnits(amount, v.Asset.Decimals)
		if err != nil {
			t.Fatal(err)
		}
		nv, minted, err = v.Deposit(assets)
		if err != nil {
			t.Fatal(err)
		}
	case "mint":
		s, err := ledger.ParseUnits(amount, v.ShareDecimals())
		if err != nil {
			t.Fatal(err)
		}
		minted = Shares(s)
		if nv, _, err = v.Mint(minted); err != nil {
			t.Fatal(err)
		}
	case "accrue":
		assets, err := ledger.ParseUnits(amount, v.Asset.Decimals)
		if err != nil {
			t.Fatal(err)
		}
		if nv, err = v.Accrue(assets); err != nil {
			t.Fatal(err)
		}
		return nv.TotalAssets.Big().Cmp(limit[0]) > 0
	}
	after, err := owned.Add(minted)
	if err != nil {
		t.Fatal(err)
	}
	return nv.TotalAssets.Big().Cmp(limit[0]) > 0 || nv.AssetsForSharesFloor(after).Big().Cmp(limit[1]) > 0
}

func pow10Big(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }

// ratFloor is usd × unit / price, rounded down.
func ratFloor(usd, unit *big.Int, price int64) *big.Int {
	return new(big.Int).Quo(new(big.Int).Mul(usd, unit), big.NewInt(price))
}
