package aave

// Goal: on real reserves the contract route computes what the chain does.
// testdata/optimism_aave_interface_20240720.json carries three reserves of
// Aave v3 Optimism as aave-utilities returned them to the Aave interface
// (SOURCES.md). The capture also holds each reserve's total variable debt as
// aave-utilities computed it at the second it was taken, 2024-07-20T04:01:02Z:
// the importer, given the reserve's whole scaled debt as one account, must
// find the same figure. It does to the base unit for USDC; for LUSD it finds
// 5,469,109 wei (5.5e-12 LUSD) less, because aave-utilities compounds
// rate/year per second (its calculateCompoundedInterest, the v2 form) where
// aave-v3-core's MathUtils, which VariableDebtToken.balanceOf uses, divides
// by year² after squaring: over 25 seconds both give the same USDC figure,
// over LUSD's 5,617 seconds they part in the last digits.

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/venue"
)

const captureFile = "testdata/optimism_aave_interface_20240720.json"

// captureAsOf is when aave-utilities computed the capture's totals: the one
// second at which its USDC totalDebt follows from the USDC indices and rate
// (lastUpdateTimestamp 1721448037 + 25; no other second in 200,000 fits,
// and LUSD's total fits the same second).
const captureAsOf = "2024-07-20T04:01:02Z"

// withUserReserves returns the capture with its userReserves replaced.
func withUserReserves(t *testing.T, rows []map[string]any) []byte {
	t.Helper()
	data, err := os.ReadFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["userReserves"] = rows
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestUIPoolDataCaptureTotalDebt(t *testing.T) {
	debtRow := func(asset, scaled string) map[string]any {
		return map[string]any{"underlyingAsset": asset, "scaledATokenBalance": "0", "usageAsCollateralEnabledOnUser": false,
			"scaledVariableDebt": scaled, "principalStableDebt": "0", "stableBorrowRate": "0"}
	}
	for _, c := range []struct {
		name, asset, scaled string // scaled: the reserve's totalScaledVariableDebt
		want                string
	}{
		// The capture's totalDebt "31785524.131661", to the base unit.
		{"USDC", "0x0b2c639c533813f4aa9d7837caf62653d097ff85", "29651324699962", "31785524.131661"},
		// The capture's totalDebt is 185264.799087474053271217 (aave-utilities'
		// compounding); the chain's, recomputed in Python integer arithmetic
		// from aave-v3-core MathUtils (compounded 1000014412528137379584692790
		// over dt 5,617, debt index 1120892113332758148575578777):
		{"LUSD", "0xc40f949f8a4e094d1b49a23ea9241d289b7b2819", "165283346081028823841682", "185264.799087474047802108"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := withUserReserves(t, []map[string]any{debtRow(c.asset, c.scaled)})
			out, err := importer.Run("aave-ui-pool-data", body, importer.Options{AsOf: captureAsOf})
			if err != nil {
				t.Fatal(err)
			}
			var doc importer.PortfolioDoc
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			pos := doc.Venues[0].Positions
			if len(pos) != 1 || pos[0].Kind != "borrow" || pos[0].Asset != c.name || pos[0].Amount != c.want {
				t.Fatalf("positions %+v, want a borrow of %s %s", pos, c.want, c.name)
			}
		})
	}
}

// The golden account (ui_pool_data.txt, "Real reserves"), at the stored
// indices (the case without --as-of), margined with the capture's own prices (priceInMarketReferenceCurrency, USD with 8
// decimals). Health as GenericLogic computes it: the average liquidation
// threshold is a whole number of basis points, Σ value·LT / Σ value
// truncated, then HF = collateral × avgLT / debt.
func TestUIPoolDataCaptureHealth(t *testing.T) {
	body, err := os.ReadFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	const mkt = `{"as_of": "2024-07-20T04:01:02Z", "assets": {"AAVE": {"price": "100.05830559"},
	  "USDC": {"price": "1.00000974", "class": "stable"}, "LUSD": {"price": "0.99794956", "class": "stable"}}}`
	p, m := importertest.ImportAndLoad(t, "aave-ui-pool-data", body, mkt)
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	aave := 25.001950161785695412 * 100.05830559 // 2,501.65…
	usdc := 2114.275379 * 1.00000974             // 2,114.30…
	debt := 1681.313938014697817556 * 0.99794956 // 1,677.87…
	avgLT := math.Floor((aave*6500+usdc*7800)/(aave+usdc)) / 10000
	if avgLT != 0.7095 {
		t.Fatalf("average threshold %v, want 0.7095 (hand: 7095.4… bps truncated)", avgLT)
	}
	want := (aave + usdc) * avgLT / debt // 1.951892…; untruncated 0.65/0.78 would give 1.952017…
	if r.Health == nil || math.Abs(*r.Health-want) > 1e-9 {
		t.Fatalf("health %v, want %v", r.Health, want)
	}
}
