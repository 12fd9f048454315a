package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Goal: the on-chain importers (Compound v3 subgraph positions, GMX v2
// Reader positions, Aave v3 UiPoolDataProvider data) are reachable from the
// CLI, listed by --list, and refuse bad input with the one-line contract
// naming the file and the field.
func TestImportOnChainSources(t *testing.T) {
	list := mustSucceed(t, "import", "--list")
	for _, s := range []string{"compound-v3-positions", "gmx-v2-positions", "aave-ui-pool-data"} {
		if !strings.Contains(list, s) {
			t.Errorf("--list lacks %s:\n%s", s, list)
		}
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ source, body, want string }{
		{"compound-v3-positions", `{"data": {"positions": [{"baseBalance": "-2000000",
		  "market": {"baseToken": {"token": {"symbol": "USDC", "decimals": 6}}},
		  "collateralBalances": [{"balance": "1000000000000000000", "collateralToken": {"token": {"symbol": "WETH", "decimals": 18}}}]}]}}`,
			`"amount": "2"`}, // borrow 2 USDC
		{"gmx-v2-positions", `[{"addresses": {"market": "0x70d95587d40A2caf56bd97485aB3Eec10Bee6336",
		  "collateralToken": "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"},
		  "numbers": {"sizeInUsd": "3000000000000000000000000000000000", "sizeInTokens": "1000000000000000000", "collateralAmount": "500000000"},
		  "flags": {"isLong": false}}]`,
			`"entry_price": "3000"`},
		{"aave-ui-pool-data", `{"reservesData": [{"underlyingAsset": "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "symbol": "WETH",
		  "decimals": 18, "liquidityIndex": "1100000000000000000000000000", "variableBorrowIndex": "1000000000000000000000000000"}],
		  "userReserves": [{"underlyingAsset": "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", "scaledATokenBalance": "1000000000000000000",
		  "usageAsCollateralEnabledOnUser": true, "scaledVariableDebt": "0"}], "userEmodeCategoryId": 0}`,
			`"amount": "1.1"`},
	} {
		out := mustSucceed(t, "import", c.source, write(c.source+".json", c.body))
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: output lacks %s:\n%s", c.source, c.want, out)
		}
	}
	bad := write("gmx.json", `[{"addresses": {"market": "0x0000000000000000000000000000000000000001"}}]`)
	if line := mustFail(t, 1, "import", "gmx-v2-positions", bad); !strings.HasPrefix(line, "gmx.json: [0].addresses.market") {
		t.Fatalf("bad market: %s", line)
	}
}
