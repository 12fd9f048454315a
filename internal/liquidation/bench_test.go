package liquidation

import (
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
)

// BenchmarkRunFixture: the issue-7 fixture book (Aave, Comet, Hyperliquid,
// dYdX, all liquidatable; the unified engine clips until its budget).
func BenchmarkRunFixture(b *testing.B) {
	m, book := buildCase(b, `asset BTC {"price": "90000", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1}
asset ETH {"price": "1650", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 1}
asset WETH {"price": "1650", "backed_by": {"ETH": "1"}, "depth_usd": "80000000", "spread_bps": 2}
asset USDC {"price": "1", "depth_usd": "500000000"}
venue {"id": "aave", "model": "aave-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "14000"}]}
venue {"id": "comet", "model": "compound-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "15000"}]}
venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", "collateral": [{"asset": "USDC", "amount": "14000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "5", "entry_price": "92000"}]}
venue {"id": "dydx", "model": "dydx-v4", "chain": "dydx", "collateral": [{"asset": "USDC", "amount": "1200"}], "positions": [{"kind": "perp", "underlying": "ETH", "quantity": "-20", "entry_price": "1600"}]}`)
	rp := margin.DefaultRiskParams()
	for b.Loop() {
		if _, err := Run(book, m, rp, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
