package market

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
)

const minimal = `{"as_of": "2026-11-25T00:00:00Z", "assets": {%s}%s}`

func doc(assets, extra string) []byte {
	return []byte(strings.Replace(strings.Replace(minimal, "%s", assets, 1), "%s", extra, 1))
}

func TestLoadDemo(t *testing.T) {
	s, err := Load(demo.MarketJSON, Options{})
	if err != nil {
		t.Fatalf("demo market: %v", err)
	}
	if s.Spot("WETH") != 1816.85499606 || s.Asset("USDC").Class != ClassStable || s.Asset("USDC").Decimals != 6 {
		t.Fatalf("demo market fields: %+v", s.Asset("WETH"))
	}
	if w := s.RootWeights("wstETH"); w["ETH"] != 1.14512 {
		t.Fatalf("wstETH roots = %v", w)
	}
}

// Each bad input gives one *input.Error naming the JSON path and quoting the value.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, assets, extra, want string
	}{
		{"negative price", `"BTC": {"price": "-1"}`, "", `assets.BTC.price: "-1" must be > 0`},
		{"zero price", `"BTC": {"price": "0"}`, "", `assets.BTC.price: "0" must be > 0`},
		{"number price", `"BTC": {"price": 5}`, "", `assets.BTC.price: "5" must be a decimal string`},
		{"negative vol", `"BTC": {"price": "1", "vol": -0.2}`, "", `assets.BTC.vol: "-0.2" must be ≥ 0`},
		{"NaN vol", `"BTC": {"price": "1", "vol": "NaN"}`, "", `assets.BTC.vol: "NaN" is not a finite decimal number`},
		{"Inf vol", `"BTC": {"price": "1", "vol": "Inf"}`, "", `assets.BTC.vol: "Inf"`},
		{"unknown field", `"BTC": {"price": "1", "colour": "red"}`, "", `assets.BTC.colour: unknown field`},
		{"unknown top field", `"BTC": {"price": "1"}`, `, "extra": 1`, `extra: unknown field`},
		{"bad class", `"BTC": {"price": "1", "class": "gold"}`, "", `assets.BTC.class: "gold" must be one of`},
		{"stale", `"BTC": {"price": "1", "oracle_time": "2026-11-24T22:00:00Z"}`, "", `stale`},
		{"future oracle", `"BTC": {"price": "1", "oracle_time": "2026-11-25T00:00:01Z"}`, "", `is later than as_of`},
		{"cycle", `"A": {"price": "1", "backed_by": {"B": "1"}}, "B": {"price": "1", "backed_by": {"A": "1"}}`, "", `backing cycle: A -> B -> A`},
		{"self backing", `"A": {"price": "1", "backed_by": {"A": "1"}}`, "", `cycle`},
		{"unknown backing", `"A": {"price": "1", "backed_by": {"Z": "1"}}`, "", `assets.A.backed_by: "Z" names an asset missing`},
		{"expired smile", `"BTC": {"price": "1"}`, `, "vol_surfaces": {"BTC": [{"expiry": "2026-11-24T00:00:00Z", "strikes": ["1"], "vols": [0.5]}]}`, `the expiry has passed`},
		{"strikes unsorted", `"BTC": {"price": "1"}`, `, "vol_surfaces": {"BTC": [{"expiry": "2026-12-24T00:00:00Z", "strikes": ["2","1"], "vols": [0.5,0.5]}]}`, `vol_surfaces.BTC[0].strikes[1]: "1" must be above the previous strike`},
		{"vols length", `"BTC": {"price": "1"}`, `, "vol_surfaces": {"BTC": [{"expiry": "2026-12-24T00:00:00Z", "strikes": ["1","2"], "vols": [0.5]}]}`, `has 1 vols for 2 strikes`},
		{"correlation range", `"A": {"price": "1"}, "B": {"price": "1"}`, `, "correlations": {"A/B": 1.5}`, `must be between -1 and 1`},
		{"bad time", `"BTC": {"price": "1", "oracle_time": "yesterday"}`, "", `"yesterday" is not an RFC 3339 time`},
		{"offset time", `"BTC": {"price": "1", "oracle_time": "2026-11-25T00:00:00+01:00"}`, "", `assets.BTC.oracle_time: "2026-11-25T00:00:00+01:00" is not in UTC`},
		{"duplicate key", `"BTC": {"price": "1", "Price": "2"}`, "", `assets.BTC.Price: duplicate key`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(doc(c.assets, c.extra), Options{})
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *input.Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err.Error(), c.want)
			}
		})
	}
}

func TestLoadMalformed(t *testing.T) {
	_, err := Load([]byte("{\n  \"as_of\": \"2026-11-25T00:00:00Z\",\n  \"assets\": {,}\n}"), Options{})
	if err == nil || !strings.Contains(err.Error(), "malformed JSON at line 3") {
		t.Fatalf("got %v", err)
	}
}

func TestAllowStaleWarns(t *testing.T) {
	data := doc(`"BTC": {"price": "1", "oracle_time": "2026-11-24T22:00:00Z"}`, "")
	s, err := Load(data, Options{AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "stale") {
		t.Fatalf("warnings = %v", s.Warnings)
	}
	if _, err := Load(data, Options{StaleAfter: 3 * time.Hour}); err != nil {
		t.Fatalf("3h allowance: %v", err)
	}
}

// Between two expiries the total variance σ²T is linear in T; flat outside.
func TestSurfaceTotalVarianceInterpolation(t *testing.T) {
	surf := &Surface{Smiles: []Smile{
		{ExpiryYears: 0.1, Strikes: []float64{100}, Vols: []float64{0.8}},
		{ExpiryYears: 0.5, Strikes: []float64{90, 110}, Vols: []float64{0.6, 0.4}},
	}}
	if v := surf.VolAt(100, 0.05); v != 0.8 {
		t.Fatalf("before first expiry: %v", v)
	}
	if v := surf.VolAt(100, 1); math.Abs(v-0.5) > 1e-15 {
		t.Fatalf("after last, strike midway: %v want 0.5", v)
	}
	if v := surf.VolAt(200, 1); v != 0.4 {
		t.Fatalf("flat in strike: %v", v)
	}
	w1, w2 := 0.8*0.8*0.1, 0.5*0.5*0.5
	want := math.Sqrt((w1 + (w2-w1)*0.5) / 0.3)
	if v := surf.VolAt(100, 0.3); math.Abs(v-want) > 1e-15 {
		t.Fatalf("midway: %v want %v", v, want)
	}
}

func TestForwardAt(t *testing.T) {
	s, err := Load(doc(`"BTC": {"price": "100"}`, `, "rates": {"USD": 0.05}, "forwards": {"BTC": [{"expiry": "2027-11-25T00:00:00Z", "price": "110"}]}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := s.ForwardAt("BTC", 1); math.Abs(f-110) > 1e-9 {
		t.Fatalf("quoted forward: %v", f)
	}
	if f := s.ForwardAt("BTC", 0.5); math.Abs(f-100*math.Sqrt(1.1)) > 1e-9 {
		t.Fatalf("flat log basis: %v", f)
	}
	plain, _ := Load(doc(`"ETH": {"price": "100"}`, `, "rates": {"USD": 0.05}`), Options{})
	if f := plain.ForwardAt("ETH", 2); math.Abs(f-100*math.Exp(0.1)) > 1e-9 {
		t.Fatalf("rate forward: %v", f)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(demo.MarketJSON)
	f.Add(doc(`"BTC": {"price": "1", "vol": 0.5}`, ""))
	f.Add(doc(`"BTC": {"price": "1", "supply_apr": 0.01, "borrow_apr": 0.03}`,
		`, "funding": {"BTC": -0.2}, "venue_funding": {"hl": {"BTC": 0.5}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load(data, Options{})
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("non-input error %T: %v", err, err)
			}
			return
		}
		for sym, a := range s.Assets {
			if !(a.Price > 0) || math.IsInf(a.Price, 0) || a.Vol < 0 {
				t.Fatalf("asset %s passed validation with price %v vol %v", sym, a.Price, a.Vol)
			}
			if !(a.SupplyAPR >= 0 && a.SupplyAPR <= maxAPR) || !(a.BorrowAPR >= 0 && a.BorrowAPR <= maxAPR) {
				t.Fatalf("asset %s passed validation with APRs %v/%v", sym, a.SupplyAPR, a.BorrowAPR)
			}
		}
		rates := []map[string]float64{s.Funding.ByAsset}
		for _, r := range s.Funding.ByVenue {
			rates = append(rates, r)
		}
		for _, r := range rates {
			for sym, x := range r {
				if !(math.Abs(x) <= maxAPR) || s.Assets[sym] == nil {
					t.Fatalf("funding %s %v passed validation", sym, x)
				}
			}
		}
	})
}

func TestWithPriceScaledLeavesOriginal(t *testing.T) {
	s, err := Load(doc(`"BTC": {"price": "100"}, "WBTC": {"price": "99", "backed_by": {"BTC": "1"}}`,
		`, "forwards": {"BTC": [{"expiry": "2027-11-25T00:00:00Z", "price": "110"}]}, "venue_prices": {"dex": {"BTC": "101"}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	up := s.WithPriceScaled("BTC", 2)
	if up.Spot("BTC") != 200 || up.VenueSpot("dex", "BTC") != 202 || up.Spot("WBTC") != 99 {
		t.Fatalf("shifted: BTC %v dex %v WBTC %v", up.Spot("BTC"), up.VenueSpot("dex", "BTC"), up.Spot("WBTC"))
	}
	if math.Abs(up.ForwardAt("BTC", 1)-220) > 1e-9 {
		t.Fatalf("forward %v", up.ForwardAt("BTC", 1))
	}
	if s.Spot("BTC") != 100 || s.VenueSpot("dex", "BTC") != 101 || math.Abs(s.ForwardAt("BTC", 1)-110) > 1e-9 {
		t.Fatal("original snapshot changed")
	}
}
