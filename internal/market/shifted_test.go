package market

import "testing"

// Goal: Shifted moves exactly what it is told and shares the rest: a price
// factor scales the market price, every venue's oracle price of the asset
// and its quoted forwards; a vol factor scales the flat vol and the
// surface; correlations are replaced; the original is untouched.
func TestShiftedScalesEveryQuoteOfTheAsset(t *testing.T) {
	m, err := Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {
	  "BTC": {"price": "100000", "vol": 0.5}, "WETH": {"price": "3000", "vol": 0.7}},
	  "forwards": {"BTC": [{"expiry": "2026-12-25T08:00:00Z", "price": "101000"}]},
	  "venue_prices": {"dydx": {"BTC": "100100", "WETH": "3001"}},
	  "vol_surfaces": {"WETH": [{"expiry": "2026-12-25T08:00:00Z", "strikes": ["2000", "4000"], "vols": [0.8, 0.6]}]},
	  "correlations": {"BTC/WETH": 0.8}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Shifted(Shift{PriceFactor: map[string]float64{"BTC": 0.5}, VolFactor: map[string]float64{"WETH": 2, "BTC": 1.5},
		Correlations: map[string]float64{"BTC/WETH": -0.2}})
	checks := []struct {
		name      string
		got, want float64
	}{
		{"BTC spot", s.Spot("BTC"), 50000},
		{"BTC at dydx", s.VenueSpot("dydx", "BTC"), 50050},
		{"WETH at dydx", s.VenueSpot("dydx", "WETH"), 3001},
		{"BTC forward", s.ForwardAt("BTC", s.Forwards["BTC"][0].ExpiryYears), 50500},
		{"BTC vol", s.VolAt("BTC", 50000, 0.1), 0.75},
		{"WETH surface", s.VolAt("WETH", 2000, 0.01), 1.6},
		{"WETH spot", s.Spot("WETH"), 3000},
		{"original BTC", m.Spot("BTC"), 100000},
		{"original BTC at dydx", m.VenueSpot("dydx", "BTC"), 100100},
		{"original forward", m.Forwards["BTC"][0].Price, 101000},
		{"original WETH surface", m.VolAt("WETH", 2000, 0.01), 0.8},
		{"original BTC vol", m.VolAt("BTC", 50000, 0.1), 0.5},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if c, _ := s.Correlation("WETH", "BTC"); c != -0.2 {
		t.Errorf("correlation %v, want -0.2", c)
	}
	if c, _ := m.Correlation("WETH", "BTC"); c != 0.8 {
		t.Errorf("original correlation %v, want 0.8", c)
	}
}
