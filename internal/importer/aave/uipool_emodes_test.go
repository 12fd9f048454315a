package aave

// Goal: a getEModes document margins as Aave v3.2 would: the user's
// category's ltv and threshold for the collateral in its collateral set,
// the reserve's own for the rest. Method: the documents of
// testdata/ui_pool_emodes.txt are imported, loaded with a market (WETH 2000,
// wstETH 2300) and margined through the aave-v3 model; the figures are the
// hand derivations of internal/venue/aave/testdata/liquid_emodes.txt (the
// same account), which the importer must reach through its overrides.

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/venue"
)

// emodesBody returns the body of the ui_pool_emodes.txt case whose comment
// contains marker.
func emodesBody(t *testing.T, marker string) []byte {
	return caseBody(t, "testdata/ui_pool_emodes.txt", marker)
}

func TestUIPoolEModesMargin(t *testing.T) {
	const mkt = `{"as_of": "2025-03-18T00:00:00Z", "assets": {"WETH": {"price": "2000"}, "wstETH": {"price": "2300"}}}`
	const tolHealth, tolUSD = 1e-12, 1e-6
	for _, c := range []struct {
		marker              string
		health, initial, mm float64
	}{
		// liquid_emodes.txt: wstETH at 9550, WETH at its own 8300 → avgLT 8968.
		{"# Category 7", 1.285413333333333333, 4305.31732419, 3452.27475469},
		// both at 9300.
		{"# Category 1", 1.333, 3333.33333334, 2258.06451613},
		// both at their own: avgLT 8193.
		{"# No category", 1.17433, 7769.10487222, 6616.62394728},
	} {
		t.Run(c.marker, func(t *testing.T) {
			p, m := importertest.ImportAndLoad(t, "aave-ui-pool-data", emodesBody(t, c.marker), mkt)
			r, err := venue.Margin(&p.Venues[0], m)
			if err != nil {
				t.Fatal(err)
			}
			if r.Health == nil || math.Abs(*r.Health-c.health) > tolHealth ||
				math.Abs(r.Initial-c.initial) > tolUSD || math.Abs(r.Maintenance-c.mm) > tolUSD {
				t.Fatalf("health %v initial %v maintenance %v, want %v %v %v", r.Health, r.Initial, r.Maintenance,
					c.health, c.initial, c.mm)
			}
		})
	}
}

// The humanized form (256 binary digits, no originalId) gives the venue the
// decimal form gives.
func TestUIPoolEModesHumanizedEqualsDecimal(t *testing.T) {
	run := func(marker string) []byte {
		out, err := importer.Run("aave-ui-pool-data", emodesBody(t, marker), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	dec, hum := run("# Category 7"), run("# The same category 7")
	if !bytes.Equal(dec, hum) {
		t.Fatalf("decimal:\n%s\nhumanized:\n%s", dec, hum)
	}
}

// FuzzReserveBitmap: any uint128 reads the same in its decimal and binary
// (aave-utilities) spellings, bit for bit; any other text is an
// *input.Error or a bitmap, never a panic.
func FuzzReserveBitmap(f *testing.F) {
	f.Add(uint64(43), uint64(0), "43")
	f.Add(uint64(0), uint64(1)<<63, strings.Repeat("1", 256))
	f.Add(uint64(1), uint64(0), "0x1")
	byID := map[int]*uiReserve{}
	for i := 0; i < maxReserves; i++ {
		byID[i] = &uiReserve{id: i}
	}
	f.Fuzz(func(t *testing.T, lo, hi uint64, text string) {
		v := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		v.Or(v, new(big.Int).SetUint64(lo))
		want := reserveBits{lo, hi}
		for _, s := range []string{v.String(), fmt.Sprintf("%0256b", v)} {
			got, err := reserveBitmap(input.NewNode("b", s), byID)
			if err != nil || got != want {
				t.Fatalf("%q: %v %v, want %v", s, got, err, want)
			}
		}
		if _, err := reserveBitmap(input.NewNode("b", text), byID); err != nil {
			if _, ok := err.(*input.Error); !ok {
				t.Fatalf("%q: error %T", text, err)
			}
		}
	})
}
