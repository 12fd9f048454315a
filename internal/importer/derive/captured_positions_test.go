package derive

// Goal: the captured private/get_positions response (testdata/
// get_positions_ccxt.json, SOURCES.md) is read position by position as a
// sub-account's positions are, and the perp's entry reproduces Derive's own
// unrealised P&L: quantity × (mark − entry) = unrealized_pnl, the identity
// DESIGN.md asks of importers.

import (
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

func TestCapturedPositionsReproduceDerivesPnL(t *testing.T) {
	data, err := os.ReadFile("testdata/get_positions_ccxt.json")
	if err != nil {
		t.Fatal(err)
	}
	root, err := input.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := subaccountObject(root)
	if err != nil {
		t.Fatal(err)
	}
	var v importer.VenueDoc
	if err := readPositions(sub, &v); err != nil {
		t.Fatal(err)
	}
	want := importer.PositionDoc{Kind: "perp", Underlying: "BTC", Quantity: "-0.02", EntryPrice: "102632.9105389869500088"}
	if len(v.Positions) != 1 || v.Positions[0] != want {
		t.Fatalf("positions %+v, want [%+v]", v.Positions, want)
	}
	// −0.02 × (102765.190337908177752979… − 102632.9105389869500088)
	// = −0.02 × 132.279798921227744179… = −2.645595978424554883…, Derive's
	// unrealized_pnl −2.6455959784245548835819950103759765625. Checked in
	// exact decimals (mark cut to its first 18 places) to 1e-15 USD.
	pnl := money.MustDecimal("102765.190337908177752979").Rat() // the mark
	pnl.Sub(pnl, money.MustDecimal(want.EntryPrice).Rat())
	pnl.Mul(pnl, money.MustDecimal(want.Quantity).Rat())
	got, _ := pnl.Float64()
	if math.Abs(got-(-2.6455959784245548835819950103759765625)) > 1e-15 {
		t.Fatalf("q·(mark − entry) = %v, want Derive's unrealized_pnl −2.6455959784245548…", got)
	}
}
