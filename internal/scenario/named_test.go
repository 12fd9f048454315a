package scenario

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

const namedTestMarket = `{"as_of": "2026-11-25T00:00:00Z", "assets": {
  "BTC":    {"price": "100000", "vol": 0.5},
  "WBTC":   {"price": "100000", "backed_by": {"BTC": "1"}},
  "WETH":   {"price": "3000", "vol": 0.7},
  "stETH":  {"price": "3000", "backed_by": {"WETH": "1"}},
  "wstETH": {"price": "3600", "backed_by": {"stETH": "1.2"}},
  "LP":     {"price": "103000", "backed_by": {"BTC": "1", "WETH": "1"}},
  "SOL":    {"price": "150", "vol": 0.9},
  "USDC":   {"price": "1", "class": "stable"}},
  "vol_surfaces": {"BTC": [{"expiry": "2026-12-25T08:00:00Z", "strikes": ["90000", "110000"], "vols": [0.6, 0.5]}]},
  "correlations": {"BTC/WETH": 0.8}}`

func namedMarket(t testing.TB) *market.Snapshot {
	t.Helper()
	m, err := market.Load([]byte(namedTestMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Goal: every bad scenario file is an input error at the offending field's
// path, quoting the value where there is one, and nothing is returned.
func TestParseNamedErrorsNameTheField(t *testing.T) {
	m := namedMarket(t)
	wrap := func(shock string) string {
		return `{"scenarios": [{"name": "a", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.1}, ` + shock + `]}]}`
	}
	for _, tc := range []struct{ name, doc, path, value string }{
		{"unknown asset", wrap(`{"kind": "spot", "asset": "DOGE", "move": -0.1}`), "scenarios[0].shocks[1].asset", "DOGE"},
		{"NaN move", wrap(`{"kind": "spot", "asset": "WETH", "move": "NaN"}`), "scenarios[0].shocks[1].move", "NaN"},
		{"price to zero", wrap(`{"kind": "spot", "asset": "WETH", "move": -1}`), "scenarios[0].shocks[1].move", "-1"},
		{"negative depeg", wrap(`{"kind": "depeg", "asset": "USDC", "discount": -0.05}`), "scenarios[0].shocks[1].discount", "-0.05"},
		{"depeg of 100%", wrap(`{"kind": "depeg", "asset": "USDC", "discount": 1}`), "scenarios[0].shocks[1].discount", "1"},
		{"vol to zero", wrap(`{"kind": "vol", "asset": "BTC", "move": "-1"}`), "scenarios[0].shocks[1].move", "-1"},
		{"vol without vol", wrap(`{"kind": "vol", "asset": "USDC", "move": 0.5}`), "scenarios[0].shocks[1].asset", "USDC"},
		{"huge move", wrap(`{"kind": "spot", "asset": "WETH", "move": 1e300}`), "scenarios[0].shocks[1].move", "1e300"},
		{"unknown kind", wrap(`{"kind": "crash", "asset": "BTC"}`), "scenarios[0].shocks[1].kind", "crash"},
		{"unknown field", wrap(`{"kind": "spot", "asset": "WETH", "move": 0.1, "when": "now"}`), "scenarios[0].shocks[1].when", ""},
		{"missing move", wrap(`{"kind": "spot", "asset": "WETH"}`), "scenarios[0].shocks[1].move", ""},
		{"bad pair", wrap(`{"kind": "correlation", "pair": "BTC-WETH", "value": 0.1}`), "scenarios[0].shocks[1].pair", "BTC-WETH"},
		{"correlation above 1", wrap(`{"kind": "correlation", "pair": "WETH/BTC", "value": 1.5}`), "scenarios[0].shocks[1].value", "1.5"},
		{"empty venue", wrap(`{"kind": "venue", "venue": " "}`), "scenarios[0].shocks[1].venue", " "},
		{"repeated shock", wrap(`{"kind": "spot", "asset": "BTC", "move": -0.2}`), "scenarios[0].shocks[1]", ""},
		{"repeated name", `{"scenarios": [{"name": "a", "shocks": [{"kind": "venue", "venue": "x"}]},
		  {"name": "a", "shocks": [{"kind": "venue", "venue": "y"}]}]}`, "scenarios[1].name", "a"},
		{"no shocks", `{"scenarios": [{"name": "a", "shocks": []}]}`, "scenarios[0].shocks", ""},
		{"no scenarios", `{"scenarios": []}`, "scenarios", ""},
		{"top-level field", `{"scenarios": [], "extra": 1}`, "extra", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scs, err := ParseNamed([]byte(tc.doc), m)
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an input error", err)
			}
			if ie.Path != tc.path || tc.value != "" && (!ie.HasValue || ie.Value != tc.value) {
				t.Errorf("error %q, want path %s quoting %q", err, tc.path, tc.value)
			}
			if scs != nil {
				t.Errorf("returned %v with the error", scs)
			}
		})
	}
}

// Goal: the moves a scenario implies, by hand. BTC −20%, WETH +10%,
// stETH's own depeg 6%, SOL vol +50%, BTC/WETH correlation −0.3:
//   - WBTC (1 BTC) follows BTC: 0.8
//   - stETH (1 WETH): 1.1 × 0.94 = 1.034; wstETH (1.2 stETH) follows: 1.034
//   - LP (1 BTC + 1 WETH, value shares 100/103 and 3/103):
//     (100,000·0.8 + 3,000·1.1)/103,000 = 83,300/103,000
//   - USDC and SOL's price do not move; SOL's vols × 1.5
func TestNamedShiftByHand(t *testing.T) {
	m := namedMarket(t)
	scs, err := ParseNamed([]byte(`{"scenarios": [{"name": "x", "shocks": [
	  {"kind": "spot", "asset": "BTC", "move": -0.2}, {"kind": "spot", "asset": "WETH", "move": 0.1},
	  {"kind": "depeg", "asset": "stETH", "discount": 0.06}, {"kind": "vol", "asset": "SOL", "move": 0.5},
	  {"kind": "vol", "asset": "BTC", "move": 1}, {"kind": "correlation", "pair": "WETH/BTC", "value": -0.3}]}]}`), m)
	if err != nil {
		t.Fatal(err)
	}
	sh := scs[0].Shift(m)
	want := map[string]float64{"BTC": 0.8, "WBTC": 0.8, "WETH": 1.1, "stETH": 1.1 * 0.94, "wstETH": 1.1 * 0.94,
		"LP": 83300.0 / 103000}
	if len(sh.PriceFactor) != len(want) {
		t.Errorf("price factors %v, want exactly %v", sh.PriceFactor, want)
	}
	for sym, f := range want {
		if math.Abs(sh.PriceFactor[sym]-f) > 1e-15 {
			t.Errorf("%s factor %v, want %v", sym, sh.PriceFactor[sym], f)
		}
	}
	moved := m.Shifted(sh)
	if moved.Spot("LP") != 83300 || m.Spot("LP") != 103000 {
		t.Errorf("LP %v (original %v), want 83,300 and the original untouched", moved.Spot("LP"), m.Spot("LP"))
	}
	if got := moved.VolAt("SOL", 150, 0.1); math.Abs(got-1.35) > 1e-15 {
		t.Errorf("SOL vol %v, want 1.35", got)
	}
	if got := moved.VolAt("BTC", 90000, 0.1); math.Abs(got-1.2) > 1e-15 || m.VolAt("BTC", 90000, 0.1) != 0.6 {
		t.Errorf("BTC surface vol %v, want 1.2 (and the original 0.6)", got)
	}
	if c, _ := moved.Correlation("BTC", "WETH"); c != -0.3 {
		t.Errorf("correlation %v, want -0.3", c)
	}
	if c, _ := m.Correlation("BTC", "WETH"); c != 0.8 {
		t.Errorf("the original's correlation changed to %v", c)
	}
}

// Goal: the library ships the seven named episodes, each shock with a
// source, every move inside the file's bounds (it reads back as a scenario
// file, equal), the wick kept out of the scenario set's historical family.
func TestLibrary(t *testing.T) {
	m := namedMarket(t)
	lib := Library(m, func(string) float64 { return 0.25 })
	names := []string{"2020-03-12", "2021-05", "2022-05 LUNA", "2022-06", "2022-11 FTX", "2025-10-10", "2025-12-24"}
	if len(lib) != len(names) {
		t.Fatalf("%d library scenarios, want %d", len(lib), len(names))
	}
	for i, sc := range lib {
		if !strings.HasPrefix(sc.Name, names[i]) {
			t.Errorf("scenario %d is %q, want %s…", i, sc.Name, names[i])
		}
		for _, s := range sc.Shocks {
			if s.Source == "" {
				t.Errorf("%s: shock %+v has no source", sc.Name, s)
			}
		}
		if !finiteShift(sc.Shift(m)) {
			t.Errorf("%s: shift not finite", sc.Name)
		}
	}
	doc, err := json.Marshal(struct {
		Scenarios []Named `json:"scenarios"`
	}{lib})
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseNamed(doc, m)
	if err != nil {
		t.Fatalf("the library does not read back: %v", err)
	}
	for i := range back {
		for j := range back[i].Shocks {
			back[i].Shocks[j].Path = ""
		}
	}
	if !reflect.DeepEqual(back, lib) {
		t.Errorf("library read back differs:\n%+v\n%+v", back, lib)
	}
	// the wick: BTC −72.09% and WBTC follows; stETH is discounted in June 2022
	wick := lib[6]
	if sh := wick.Shift(m); math.Abs(sh.PriceFactor["WBTC"]-(1-0.7209)) > 1e-12 || sh.PriceFactor["WETH"] != 0 {
		t.Errorf("wick factors %v, want BTC and WBTC 0.2791 and WETH unmoved", sh.PriceFactor)
	}
	if sh := lib[3].Shift(m); math.Abs(sh.PriceFactor["stETH"]-(1-0.5008)*0.94) > 1e-12 {
		t.Errorf("June 2022 stETH factor %v, want 0.4992 × 0.94", sh.PriceFactor["stETH"])
	}
	set, err := Build(m, []string{"BTC", "WETH"}, &Params{Range: func(string) float64 { return 0.18 }, StepsPerSide: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set.Scenarios {
		if s.Kind == KindHistorical && episodes[s.Episode].LibraryOnly {
			t.Errorf("library-only episode %q in the scenario set", episodes[s.Episode].Name)
		}
	}
}

// FuzzParseNamed: any document either fails with an input error or gives
// scenarios whose moves are finite and in range and that read back equal.
func FuzzParseNamed(f *testing.F) {
	f.Add(`{"scenarios": [{"name": "a", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.3}]}]}`)
	f.Add(`{"scenarios": [{"name": "a", "source": "s", "shocks": [{"kind": "depeg", "asset": "USDC", "discount": "0.1"},
	  {"kind": "vol", "asset": "BTC", "move": 2}, {"kind": "venue", "venue": "d"}, {"kind": "bridge", "bridge": "b"},
	  {"kind": "correlation", "pair": "WETH/BTC", "value": -1}]}]}`)
	f.Add(`{"scenarios": [{"name": "a", "shocks": [{"kind": "spot", "asset": "BTC", "move": "1e-400"}]}]}`)
	f.Add(`{"scenarios": [{"name": "", "shocks": null}]}`)
	m := namedMarket(f)
	f.Fuzz(func(t *testing.T, doc string) {
		scs, err := ParseNamed([]byte(doc), m)
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) || scs != nil {
				t.Fatalf("error %v (%T) with %v, want an input error and nothing", err, err, scs)
			}
			return
		}
		for _, sc := range scs {
			if !finiteShift(sc.Shift(m)) {
				t.Fatalf("%s: shift not finite and positive: %+v", sc.Name, sc.Shift(m))
			}
		}
		out, err := json.Marshal(struct {
			Scenarios []Named `json:"scenarios"`
		}{scs})
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseNamed(out, m)
		if err != nil {
			t.Fatalf("does not read back: %v\n%s", err, out)
		}
		if len(back) != len(scs) {
			t.Fatalf("read back %d scenarios, want %d", len(back), len(scs))
		}
	})
}
