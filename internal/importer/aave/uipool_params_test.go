package aave

// Goal: a UiPoolDataProvider document margins with its own reserve
// parameters, not the built-in Ethereum set's. The two golden cases of
// ui_pool_data.txt that carry other parameters are imported, loaded with a
// market, and margined through the aave-v3 model; the health factor is
// computed by hand from the document's liquidation thresholds. Before the
// importer carried the parameters, the first case gave the set's health
// (WETH threshold 83%: 1.66) and the second failed (no e-mode category 2).

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/aave" // aave-v3
)

// goldenBody returns the body of the ui_pool_data.txt case after the
// comment line starting with marker.
func goldenBody(t *testing.T, marker string) []byte {
	return caseBody(t, "testdata/ui_pool_data.txt", marker)
}

// caseBody returns the body of the first case of a golden file after marker:
// the text between its import line and "----".
func caseBody(t *testing.T, file, marker string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), marker)
	if !ok {
		t.Fatalf("%s: no case %q", file, marker)
	}
	_, rest, _ = strings.Cut(rest, "\nimport ")
	_, rest, _ = strings.Cut(rest, "\n")
	body, _, _ := strings.Cut(rest, "\n----")
	return []byte(body)
}

func TestUIPoolDataMarginsWithTheDocumentsParameters(t *testing.T) {
	const tolHealth = 1e-12
	const tolInitial = 1e-6 // the model rounds the requirement up to its base unit
	for _, c := range []struct {
		name, marker, market string
		health, initial      float64
	}{
		// 10 WETH × 2000 × 0.75 (the document's threshold) / 10,000 USDC.
		{"reserve threshold", "# A document from a market whose parameters differ",
			`{"as_of": "2023-11-01T00:00:00Z", "assets": {"WETH": {"price": "2000"}, "USDC": {"price": "1", "class": "stable"}}}`,
			// initial from the document's LTV 70%: D·(C − BC)/BC with C = 20,000,
			// BC = 14,000, D = 10,000 (the lending rule in equity terms).
			10 * 2000 * 0.75 / 10000, 10000.0 * 6000 / 14000},
		// e-mode 2: 10 wstETH × 2300 × 0.95 / (8 WETH × 2000).
		{"e-mode category", "# E-mode values as a v3.0–v3.1 reserve entry",
			`{"as_of": "2023-11-01T00:00:00Z", "assets": {"WETH": {"price": "2000"}, "wstETH": {"price": "2300"}}}`,
			// initial from the category's LTV 93%: C = 23,000, BC = 21,390, D = 16,000.
			10 * 2300 * 0.95 / (8 * 2000), 16000.0 * 1610 / 21390},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, m := importertest.ImportAndLoad(t, "aave-ui-pool-data", goldenBody(t, c.marker), c.market)
			r, err := venue.Margin(&p.Venues[0], m)
			if err != nil {
				t.Fatal(err)
			}
			if r.Health == nil {
				t.Fatal("no health")
			}
			if math.Abs(*r.Health-c.health) > tolHealth || math.Abs(r.Initial-c.initial) > tolInitial {
				t.Fatalf("health %v initial %v, want %v and %v", *r.Health, r.Initial, c.health, c.initial)
			}
		})
	}
}
