package compound

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The embedded configuration is the upstream file byte for byte
// (params/README.md records the same digest).
func TestEmbeddedConfigurationDigest(t *testing.T) {
	data, err := paramFiles.ReadFile("params/mainnet_usdc_configuration.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got, want := hex.EncodeToString(sum[:]), "28825ee92d6b91d0f3d3bbfbf6d8b39f2761f464722bffe629288f7efd69e6f8"; got != want {
		t.Fatalf("sha256 = %s, want %s", got, want)
	}
}

// The set holds the published launch parameters (defi-venues.md §2, the
// configuration file and the launch proposal's caps).
func TestDefaultSetValues(t *testing.T) {
	s := sets.Default()
	if s.Base != "USDC" || s.BaseDecimals != 6 || s.BorrowMin.Uint64() != 100e6 ||
		s.TargetReserves.Uint64() != 5_000_000e6 || factorText(s.StoreFrontPriceFactor) != "0.5" {
		t.Fatalf("market: %+v", s)
	}
	want := map[string][4]string{
		"COMP": {"0.65", "0.7", "0.93", "200000"}, "WBTC": {"0.7", "0.77", "0.95", "2100"},
		"WETH": {"0.825", "0.895", "0.95", "27000"}, "UNI": {"0.75", "0.81", "0.93", "1250000"},
		"LINK": {"0.79", "0.85", "0.93", "1250000"},
	}
	if len(s.Assets) != len(want) {
		t.Fatalf("%d assets, want %d", len(s.Assets), len(want))
	}
	for sym, w := range want {
		a := s.Assets[sym]
		got := [4]string{factorText(a.BorrowCF), factorText(a.LiquidateCF), factorText(a.LiquidationFactor), uintText(a.SupplyCap)}
		if got != w {
			t.Errorf("%s: %v, want %v", sym, got, w)
		}
	}
	if d := s.Assets["WBTC"].Decimals; d != 8 {
		t.Errorf("WBTC decimals %d", d)
	}
	if len(Model{}.Params()) != 3+4*len(want) {
		t.Errorf("Params() lists %d entries", len(Model{}.Params()))
	}
}

func uintText(x uint64) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + x%10)}, b...)
		x /= 10
		if x == 0 {
			return string(b)
		}
	}
}
