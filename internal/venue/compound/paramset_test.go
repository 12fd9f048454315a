package compound

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The embedded configuration is the upstream file byte for byte
// (params/README.md records the same digest).
func TestEmbeddedConfigurationDigest(t *testing.T) {
	for file, want := range map[string]string{
		"params/mainnet_usdc_configuration.json": "28825ee92d6b91d0f3d3bbfbf6d8b39f2761f464722bffe629288f7efd69e6f8",
		"params/mainnet_weth_configuration.json": "09be60277f5d4a39a99ca33b7934d4fd57cdd0f1e4c1ec622a85b623ff48f782",
		"params/base_weth_configuration.json":    "72f1c519f085d2a29e9aa19ae0976e9abe1763db9e23461a9fc355660ea13bcf",
		"params/polygon_usdc_configuration.json": "d0780883021c0ac2caa9863844217a86921cc88bdd63cb66af86e977e62911cc",
	} {
		data, err := paramFiles.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 = %s, want %s", file, got, want)
		}
	}
}

// The cWETHv3 set holds the file's launch parameters (params/README.md):
// the caps written with JavaScript digit separators ("64_500e18") are read
// exactly, borrowMin "0.1e18" is 1e17 wei, and the set is chosen by name
// only (a date never selects another market).
func TestWETHSetValues(t *testing.T) {
	s, ok := LookupSet(WETHSet)
	if !ok {
		t.Fatal("no cWETHv3 set")
	}
	if s.Base != "WETH" || s.BaseDecimals != 18 || s.BorrowMin.Uint64() != 1e17 ||
		s.TargetReserves.Dec() != "5000000000000000000000" || factorText(s.StoreFrontPriceFactor) != "0.5" {
		t.Fatalf("market: %+v", s)
	}
	want := map[string][4]string{"cbETH": {"0.9", "0.93", "0.95", "7100"}, "wstETH": {"0.9", "0.93", "0.95", "64500"}}
	if len(s.Assets) != len(want) {
		t.Fatalf("%d assets, want %d", len(s.Assets), len(want))
	}
	for sym, w := range want {
		a := s.Assets[sym]
		got := [4]string{factorText(a.BorrowCF), factorText(a.LiquidateCF), factorText(a.LiquidationFactor), uintText(a.SupplyCap)}
		if got != w || a.Decimals != 18 {
			t.Errorf("%s: %v (decimals %d), want %v", sym, got, a.Decimals, w)
		}
	}
	for _, d := range sets.Dated() {
		if d.Name == WETHSet {
			t.Errorf("%s is chosen by date", WETHSet)
		}
	}
}

// The Base cWETHv3 and Polygon cUSDCv3 sets hold their files' launch
// parameters (params/README.md), read exactly: Base's borrowMin "1e0" is
// one wei and its storeFrontPriceFactor the integer 1; Polygon's caps are
// written with digit separators ("11_000e18"). Both are chosen by name
// only.
func TestL2SetValues(t *testing.T) {
	for _, c := range []struct {
		set, base                  string
		decimals                   uint8
		borrowMin, reserves, front string
		assets                     map[string][4]string
	}{
		{BaseWETHSet, "WETH", 18, "1", "5000000000000000000000", "1",
			map[string][4]string{"cbETH": {"0.9", "0.93", "0.975", "7500"}}},
		{PolygonUSDCSet, "USDC", 6, "100000000", "5000000000000", "0.6", map[string][4]string{
			"WETH": {"0.775", "0.825", "0.95", "11000"}, "WBTC": {"0.7", "0.75", "0.95", "400"},
			"WMATIC": {"0.65", "0.7", "0.93", "10000000"}}},
	} {
		s, ok := LookupSet(c.set)
		if !ok {
			t.Fatalf("no set %s", c.set)
		}
		if s.Base != c.base || s.BaseDecimals != c.decimals || s.BorrowMin.Dec() != c.borrowMin ||
			s.TargetReserves.Dec() != c.reserves || factorText(s.StoreFrontPriceFactor) != c.front {
			t.Errorf("%s market: %+v", c.set, s)
		}
		if len(s.Assets) != len(c.assets) {
			t.Errorf("%s: %d assets, want %d", c.set, len(s.Assets), len(c.assets))
		}
		for sym, w := range c.assets {
			a, ok := s.Assets[sym]
			if !ok {
				t.Errorf("%s: no %s", c.set, sym)
				continue
			}
			got := [4]string{factorText(a.BorrowCF), factorText(a.LiquidateCF), factorText(a.LiquidationFactor), uintText(a.SupplyCap)}
			if got != w {
				t.Errorf("%s %s: %v, want %v", c.set, sym, got, w)
			}
		}
		for _, d := range sets.Dated() {
			if d.Name == c.set {
				t.Errorf("%s is chosen by date", c.set)
			}
		}
	}
}

// withoutSeparators drops only separators between digits.
func TestWithoutSeparators(t *testing.T) {
	for in, want := range map[string]string{"64_500e18": "64500e18", "7_100_000": "7100000", "_1": "_1", "1_": "1_",
		"1__0": "1__0", "1_e5": "1_e5", "100e6": "100e6"} {
		if got := withoutSeparators(in); got != want {
			t.Errorf("withoutSeparators(%q) = %q, want %q", in, got, want)
		}
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
