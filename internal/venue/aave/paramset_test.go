package aave

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/venue"
)

// The embedded report is the bgd-labs file byte for byte (params/README.md).
const reportSHA256 = "5d6abfd4ad5e5cfe4633f44dc5dbab279c27a92011fdc53bd99df71c814f1268"

func TestEmbeddedReportUnchanged(t *testing.T) {
	data, err := paramFiles.ReadFile("params/aave_v3_ethereum_20231031_after.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != reportSHA256 {
		t.Fatalf("embedded report sha256 = %s, want %s", got, reportSHA256)
	}
}

// Spot checks of the parsed set against the report (figures in
// params/README.md and the governance report itself).
func TestDefaultSetParsed(t *testing.T) {
	s, ok := LookupSet(DefaultSet)
	if !ok {
		t.Fatal("default set missing")
	}
	if len(s.Reserves) != 25 || len(s.EModes) != 1 {
		t.Fatalf("%d reserves, %d e-modes; want 25 and 1", len(s.Reserves), len(s.EModes))
	}
	want := map[string]Reserve{
		"WETH": {Symbol: "WETH", Decimals: 18, LTV: 8050, LiquidationThreshold: 8300, LiquidationBonus: 10500,
			UsageAsCollateral: true, BorrowingEnabled: true, Active: true, OracleE8: 181685499606,
			EModeCollateral: categorySet{1 << 1}, EModeBorrowable: categorySet{1 << 1}}, // eModeCategory 1
		"USDC": {Symbol: "USDC", Decimals: 6, LTV: 7700, LiquidationThreshold: 8000, LiquidationBonus: 10450,
			UsageAsCollateral: true, BorrowingEnabled: true, Active: true, BorrowableInIsolation: true,
			OracleE8: 99997427},
		"GHO": {Symbol: "GHO", Decimals: 18, BorrowingEnabled: true, Active: true, OracleE8: 100000000},
		"UNI": {Symbol: "UNI", Decimals: 18, LTV: 6500, LiquidationThreshold: 7700, LiquidationBonus: 11000,
			UsageAsCollateral: true, BorrowingEnabled: true, Active: true, DebtCeiling: 1700000000,
			OracleE8: 453615000},
	}
	for sym, w := range want {
		if got := *s.Reserves[sym]; got != w {
			t.Errorf("%s = %+v, want %+v", sym, got, w)
		}
	}
	e := *s.EModes[1]
	if e.LTV != 9000 || e.LiquidationThreshold != 9300 || e.LiquidationBonus != 10100 || e.Label != "ETH correlated" {
		t.Errorf("e-mode 1 = %+v", e)
	}
	if s.Arithmetic != ArithmeticV302 || arithmetics[s.Arithmetic] == nil {
		t.Errorf("arithmetic %q", s.Arithmetic)
	}
}

// Every built-in set passes the configurator's rules (it was live on chain).
func TestBuiltinSetsValid(t *testing.T) {
	for _, name := range sets.Names() {
		if s, _ := sets.Lookup(name); s.validate() != nil {
			err := s.validate()
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Params lists every reserve field and the e-mode names; the registry has the
// model; the defaults marshal to JSON (venues --json).
func TestParamsAndRegistry(t *testing.T) {
	m, ok := venue.Lookup(ModelName)
	if !ok {
		t.Fatal("aave-v3 not registered")
	}
	ps := m.Params()
	if want := 25*len(reserveFields) + len(emodeFields) + len(emodeListFields) + 3; len(ps) != want {
		t.Fatalf("%d params, want %d", len(ps), want)
	}
	byName := map[string]any{}
	for _, p := range ps {
		byName[p.Name] = p.Default
	}
	checks := map[string]any{"WETH.ltv": 8050, "wstETH.emode_category": 1, "emodes.1.liquidation_threshold": 9300,
		"UNI.debt_ceiling": uint64(1700000000), "GHO.usage_as_collateral_enabled": false}
	for k, v := range checks {
		if byName[k] != v {
			t.Errorf("%s default = %v, want %v", k, byName[k], v)
		}
	}
	// Category 1's sets: the reserves whose emode_category is 1 (the
	// v3.0.2 default set's one category, collateral and borrowable alike).
	for _, f := range emodeListFields {
		if got := byName["emodes.1."+f]; !slices.Equal(got.([]string), []string{"WETH", "cbETH", "rETH", "wstETH"}) {
			t.Errorf("emodes.1.%s default = %v", f, got)
		}
	}
	if _, err := json.Marshal(byName); err != nil {
		t.Fatal(err)
	}
	if m.Source() == "" {
		t.Fatal("empty source")
	}
}

// The arithmetic primitives against PercentageMath / WadRayMath of v3.0.2,
// including the revert guards.
func TestArithmeticV302(t *testing.T) {
	cases := []struct{ value, bps, want uint64 }{
		{10000, 5000, 5000}, {1, 5000, 1}, {1, 4999, 0}, {3, 5000, 2}, {20805248952400, 9300, 19348881525732},
	}
	for _, c := range cases {
		var z uint256.Int
		if err := percentMulHalfUp(&z, uint256.NewInt(c.value), uint256.NewInt(c.bps)); err != nil || z.Uint64() != c.want {
			t.Errorf("percentMul(%d, %d) = %d, %v; want %d", c.value, c.bps, z.Uint64(), err, c.want)
		}
	}
	var z uint256.Int
	if err := wadDivHalfUp(&z, uint256.NewInt(2), uint256.NewInt(3)); err != nil || z.Dec() != "666666666666666667" {
		t.Errorf("wadDiv(2, 3) = %s, %v (half up)", z.Dec(), err)
	}
	if err := wadDivHalfUp(&z, uint256.NewInt(1), new(uint256.Int)); err == nil {
		t.Error("wadDiv by 0 must revert")
	}
	if err := wadDivHalfUp(&z, maxUint256, uint256.NewInt(1)); err == nil {
		t.Error("wadDiv overflow must revert")
	}
	if err := percentMulHalfUp(&z, maxUint256, uint256.NewInt(2)); err == nil {
		t.Error("percentMul overflow must revert")
	}
	if err := percentMulHalfUp(&z, maxUint256, new(uint256.Int)); err != nil || !z.IsZero() {
		t.Errorf("percentMul(max, 0) = %s, %v; want 0", z.Dec(), err)
	}
}

func TestDecimalE8Floor(t *testing.T) {
	cases := map[string]string{"1816.85499606": "181685499606", "1": "100000000", "0.000000019": "1",
		"0.000000009": "0", "1800.123456789": "180012345678", "0": "0", "12": "1200000000"}
	for in, want := range cases {
		got := decimalE8Floor(in)
		if got.Dec() != want {
			t.Errorf("decimalE8Floor(%q) = %s, want %s", in, got.Dec(), want)
		}
	}
}
