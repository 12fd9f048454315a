package main

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// priceJSON runs `price … --json` and decodes exactly the six contract keys.
func priceJSON(t *testing.T, args ...string) map[string]float64 {
	t.Helper()
	out := mustSucceed(t, append(append([]string{"price"}, args...), "--json")...)
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("price --json is not JSON: %v\n%s", err, out)
	}
	want := []string{"price", "delta", "gamma", "vega", "theta", "rho"}
	if len(raw) != len(want) {
		t.Fatalf("price --json: want exactly the keys %v, got %v", want, raw)
	}
	got := map[string]float64{}
	for _, k := range want {
		x, ok := raw[k].(float64)
		if !ok {
			t.Fatalf("price --json: %q must be a number, got %v", k, raw[k])
		}
		got[k] = x
	}
	return got
}

// Goal: the CLI prices the published textbook examples. Method: the figures
// as Hull and Haug print them, each to half a unit of its last printed digit.
// Units: vega and rho per 1.00, theta per year (DESIGN.md).
func TestPriceTextbookValues(t *testing.T) {
	cases := []struct {
		name   string
		args   string
		figure string
		want   float64
		tol    float64
	}{
		// Hull, Options, Futures and Other Derivatives, Example 15.6 (BSM).
		{"Hull 15.6 call", "--model bs --right call --spot 42 --strike 40 --vol 0.2 --expiry-years 0.5 --rate 0.1", "price", 4.76, 0.005},
		{"Hull 15.6 put", "--model bs --right put --spot 42 --strike 40 --vol 0.2 --expiry-years 0.5 --rate 0.1", "price", 0.81, 0.005},
		// Hull, chapter 19 (Greek letters): S=49, K=50, r=5%, σ=20%, T=20 weeks.
		{"Hull 19 price", hull19, "price", 2.40, 0.005},
		{"Hull 19 delta", hull19, "delta", 0.522, 0.0005},
		{"Hull 19 gamma", hull19, "gamma", 0.066, 0.0005},
		{"Hull 19 vega", hull19, "vega", 12.1, 0.05},
		{"Hull 19 theta", hull19, "theta", -4.31, 0.005},
		{"Hull 19 rho", hull19, "rho", 8.91, 0.005},
		// Hull, Example 18.? (Black's model): put on a futures price.
		{"Hull Black-76 put", "--model black76 --right put --forward 20 --strike 20 --vol 0.25 --expiry-years 0.3333333333333333 --rate 0.09", "price", 1.12, 0.005},
		// Haug, The Complete Guide to Option Pricing Formulas, 2nd ed.: Black-76 and BSM examples.
		{"Haug Black-76 call", "--model black76 --right call --forward 19 --strike 19 --vol 0.28 --expiry-years 0.75 --rate 0.1", "price", 1.7011, 0.00005},
		{"Haug Black-76 put", "--model black76 --right put --forward 19 --strike 19 --vol 0.28 --expiry-years 0.75 --rate 0.1", "price", 1.7011, 0.00005},
		{"Haug BSM call", "--model bs --right call --spot 60 --strike 65 --vol 0.3 --expiry-years 0.25 --rate 0.08", "price", 2.1334, 0.00005},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := priceJSON(t, strings.Fields(tc.args)...)
			if math.Abs(got[tc.figure]-tc.want) > tc.tol {
				t.Errorf("%s = %.6f, want %g ± %g", tc.figure, got[tc.figure], tc.want, tc.tol)
			}
		})
	}
}

const hull19 = "--model bs --right call --spot 49 --strike 50 --vol 0.2 --expiry-years 0.3846153846153846 --rate 0.05"

// Black-76 holds the forward fixed, so rho = −T·price exactly.
func TestPriceBlack76Rho(t *testing.T) {
	got := priceJSON(t, strings.Fields("--model black76 --right call --forward 90000 --strike 80000 --vol 0.55 --expiry-years 0.25 --rate 0.04")...)
	if want := -0.25 * got["price"]; math.Abs(got["rho"]-want) > 1e-9*math.Abs(want) {
		t.Errorf("rho = %g, want −T·price = %g", got["rho"], want)
	}
}

func TestPriceJSONIsByteIdentical(t *testing.T) {
	args := strings.Fields("price --model bs --right put --spot 90000 --strike 80000 --vol 0.55 --expiry-years 0.0833 --rate 0.04 --json")
	if a, b := mustSucceed(t, args...), mustSucceed(t, args...); a != b {
		t.Fatal("price --json differs between runs")
	}
}

// Goal: iv inverts price. Method: price at a known vol, read the price back
// through iv, compare to 1e-9 (the solver promises 1e-12 relative).
func TestImpliedVolRoundTrip(t *testing.T) {
	for _, base := range []string{
		"--model black76 --right call --forward 90000 --strike 110000 --expiry-years 0.0833 --rate 0.04",
		"--model bs --right put --spot 3000 --strike 2500 --expiry-years 1.5 --rate 0.05",
	} {
		for _, vol := range []float64{0.12, 0.55, 1.4} {
			p := priceJSON(t, append(strings.Fields(base), "--vol", strconv.FormatFloat(vol, 'g', -1, 64))...)
			out := mustSucceed(t, append(append([]string{"iv"}, strings.Fields(base)...),
				"--price", strconv.FormatFloat(p["price"], 'g', -1, 64), "--json")...)
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
				t.Fatalf("iv --json: want exactly {\"vol\"}, got %q (%v)", out, err)
			}
			if v, _ := got["vol"].(float64); math.Abs(v-vol) > 1e-9 {
				t.Errorf("%s vol %g: iv gives %v", base, vol, got["vol"])
			}
		}
	}
	mustSucceed(t, "iv", "--model", "bs", "--right", "call", "--spot", "42", "--strike", "40",
		"--price", "4.76", "--expiry-years", "0.5", "--rate", "0.1")
}

func TestImpliedVolWithoutSolution(t *testing.T) {
	// A call worth less than its discounted intrinsic value has no vol.
	line := mustFail(t, 1, "iv", "--model", "bs", "--right", "call", "--spot", "42", "--strike", "40",
		"--price", "1", "--expiry-years", "0.5", "--rate", "0.1", "--json")
	if !strings.HasPrefix(line, `--price: "1" `) {
		t.Errorf("want a line naming --price and quoting it, got %q", line)
	}
}

// Goal: every bad flag value is refused with exit 1 and one line naming the
// flag (and quoting the value where there is one).
func TestPriceRefusesBadFlags(t *testing.T) {
	const ok = "--right call --strike 100 --vol 0.5 --expiry-years 1 --rate 0.01"
	cases := []struct {
		name string
		args string
		want string
	}{
		{"forward with bs", "--model bs --forward 100 " + ok, `--forward: "100" `},
		{"spot with black76", "--model black76 --spot 100 " + ok, `--spot: "100" `},
		{"no underlying", "--model black76 " + ok, "--forward"},
		{"unknown model", "--model heston --forward 100 " + ok, `--model: "heston" `},
		{"no model", "--forward 100 " + ok, "--model"},
		{"unknown right", "--model black76 --forward 100 --right straddle --strike 100 --vol 0.5 --expiry-years 1", `--right: "straddle" `},
		{"NaN vol", "--model black76 --forward 100 --right call --strike 100 --vol NaN --expiry-years 1", `--vol: "NaN" `},
		{"Inf forward", "--model black76 --forward +Inf --right call --strike 100 --vol 0.5 --expiry-years 1", `--forward: "+Inf" `},
		{"negative vol", "--model black76 --forward 100 --right call --strike 100 --vol -0.5 --expiry-years 1", `--vol: "-0.5" `},
		{"zero strike", "--model black76 --forward 100 --right call --strike 0 --vol 0.5 --expiry-years 1", `--strike: "0" `},
		{"negative strike", "--model black76 --forward 100 --right call --strike -90000 --vol 0.5 --expiry-years 1", `--strike: "-90000" `},
		{"negative spot", "--model bs --spot -1 --right call --strike 100 --vol 0.5 --expiry-years 1", `--spot: "-1" `},
		{"zero expiry", "--model bs --spot 100 --right call --strike 100 --vol 0.5 --expiry-years 0", `--expiry-years: "0" `},
		{"hex number", "--model bs --spot 0x10 --right call --strike 100 --vol 0.5 --expiry-years 1", `--spot: "0x10" `},
		{"NaN rate", "--model bs --spot 100 " + ok + " --rate NaN", `--rate: "NaN" `},
		{"unknown flag", "--model bs --spot 100 " + ok + " --dividend 0.02", "--dividend"},
		{"csv with a model", "--csv testdata/options_spot.csv --model bs", "--model"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			line := mustFail(t, 1, append([]string{"price"}, strings.Fields(tc.args)...)...)
			if !strings.HasPrefix(line, tc.want) && !strings.Contains(line, tc.want) {
				t.Errorf("want the line to name %q, got %q", tc.want, line)
			}
		})
	}
}
