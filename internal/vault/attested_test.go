package vault

import (
	"errors"
	"testing"
	"time"
)

// Goal: Attest states exactly what State and the lien rules see. Method: an
// account with WETH and a lien; Attest's figures are State's, its
// collateral is the haircut value rounded down, its liens the ledger's,
// its provenance the market's as_of and the report's params_version;
// DrawAssets is DrawLien's conversion (rounded up).
func TestAttest(t *testing.T) {
	m := NewMemory()
	if _, err := Attest(m, Config{}, "acc"); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: %v", err)
	}
	if _, err := Deposit(m, "d1", "acc", "WETH", "10"); err != nil {
		t.Fatal(err)
	}
	if _, err := Attest(m, Config{}, "acc"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("without a market: %v", err)
	}
	if _, err := DrawAssets(m, "WETH", "1"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("draw assets without a market: %v", err)
	}
	if err := SetMarket(m, marketAt("3000")); err != nil {
		t.Fatal(err)
	}
	if _, err := GrantLien(m, Config{}, "l1", "acc", "dydx", "1000"); err != nil {
		t.Fatal(err)
	}
	a, err := Attest(m, Config{}, "acc")
	if err != nil {
		t.Fatal(err)
	}
	st, err := State(m, Config{}, "acc")
	if err != nil {
		t.Fatal(err)
	}
	if a.Unified != *st.Unified {
		t.Fatalf("unified %+v, State's %+v", a.Unified, *st.Unified)
	}
	if got := a.LiensUSD.Units(LienDecimals); got != "1000" {
		t.Fatalf("liens %s, want 1000", got)
	}
	if got := a.CollateralUSD.Float64(LienDecimals); got > *st.CollateralValue || *st.CollateralValue-got > 1e-9 {
		t.Fatalf("collateral %v, State's %v", got, *st.CollateralValue)
	}
	if !a.AsOf.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) || len(a.ParamsVersion) != len("sha256:")+64 {
		t.Fatalf("provenance %s %q", a.AsOf, a.ParamsVersion)
	}
	got, err := DrawAssets(m, "WETH", "1000")
	if err != nil {
		t.Fatal(err)
	}
	// 1000 USD at 3000 USD/WETH = 0.333… WETH, rounded up in wei.
	if got.Units(18) != "0.333333333333333334" {
		t.Fatalf("draw of 1000 USD takes %s WETH", got.Units(18))
	}
	if _, err := DrawAssets(m, "NOPE", "1"); !errors.Is(err, ErrUnknownAsset) {
		t.Fatalf("unknown asset: %v", err)
	}
}
