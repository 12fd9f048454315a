package portfolio

import (
	"errors"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

func TestParseDemo(t *testing.T) {
	p, err := Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(p, m); err != nil {
		t.Fatal(err)
	}
	if p.Account != "fund-a" || len(p.Venues) < 5 || !p.Venues[0].HasEMode || p.Venues[0].EMode != 1 {
		t.Fatalf("parsed %+v", p)
	}
	put := p.Venues[2].Positions[0]
	if put.Kind != KindOption || put.QuantityF != -20 || put.StrikeF != 31000 || put.Right.String() != "put" {
		t.Fatalf("option = %+v", put)
	}
}

const venueTmpl = `{"account": "a", "venues": [{"id": "v", "model": "custody", "chain": "ethereum",
  "collateral": [%s], "positions": [%s]}]}`

func book(collateral, positions string) []byte {
	s := strings.Replace(venueTmpl, "%s", collateral, 1)
	return []byte(strings.Replace(s, "%s", positions, 1))
}

func TestParseErrors(t *testing.T) {
	opt := `{"kind": "option", "underlying": "BTC", "right": "put", "expiry": "2027-01-01T00:00:00Z", "quantity": "-1", "strike": %s}`
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"negative strike", book("", strings.Replace(opt, "%s", `"-90000"`, 1)), `venues[0].positions[0].strike: "-90000" must be > 0`},
		{"zero strike", book("", strings.Replace(opt, "%s", `"0"`, 1)), `strike: "0" must be > 0`},
		{"numeric strike", book("", strings.Replace(opt, "%s", `90000`, 1)), `strike: "90000" must be a decimal string`},
		{"NaN strike", book("", strings.Replace(opt, "%s", `"NaN"`, 1)), `strike: "NaN" is not a plain decimal`},
		{"overflow quantity", book("", `{"kind": "perp", "underlying": "BTC", "quantity": "10000000000000000"}`), `quantity: "10000000000000000" overflows`},
		{"negative amount", book(`{"asset": "BTC", "amount": "-1"}`, ""), `venues[0].collateral[0].amount: "-1" must be ≥ 0`},
		{"huge amount", book(`{"asset": "BTC", "amount": "2000000000000000000000000000000"}`, ""), `overflows`},
		// Just above the limits: float64 rounds these to 1e30 and 1e15 exactly.
		{"amount a hair over 1e30", book(`{"asset": "BTC", "amount": "1000000000000000000000000000000.000000000000000001"}`, ""), `amount: "1000000000000000000000000000000.000000000000000001" overflows`},
		{"strike a hair over 1e30", book("", strings.Replace(opt, "%s", `"1000000000000000000000000000000.000000000000000001"`, 1)), `strike: "1000000000000000000000000000000.000000000000000001" overflows`},
		{"funding a hair under -1e30", book("", `{"kind": "perp", "underlying": "BTC", "quantity": "1", "funding": "-1000000000000000000000000000000.000000000000000001"}`), `funding: "-1000000000000000000000000000000.000000000000000001" overflows`},
		{"quantity a hair under -1e15", book("", `{"kind": "perp", "underlying": "BTC", "quantity": "-1000000000000000.0000001"}`), `quantity: "-1000000000000000.0000001" overflows`},
		{"unknown kind", book("", `{"kind": "swap", "asset": "BTC", "amount": "1"}`), `venues[0].positions[0].kind: "swap" is not a position kind`},
		{"unknown field", book("", `{"kind": "borrow", "asset": "BTC", "amount": "1", "rate": "5"}`), `venues[0].positions[0].rate: unknown field`},
		{"field of other kind", book("", `{"kind": "perp", "underlying": "BTC", "quantity": "1", "strike": "5"}`), `positions[0].strike: unknown field`},
		{"bad right", book("", `{"kind": "option", "underlying": "BTC", "right": "straddle", "strike": "1", "expiry": "2027-01-01T00:00:00Z", "quantity": "1"}`), `right: "straddle" must be call or put`},
		{"missing quantity", book("", `{"kind": "perp", "underlying": "BTC"}`), `positions[0].quantity: is required`},
		{"malformed", []byte(`{"account": "a", "venues": [`), `malformed JSON`},
		{"duplicate venue", []byte(`{"account": "a", "venues": [{"id": "v", "model": "custody", "chain": "c", "collateral": [], "positions": []}, {"id": "v", "model": "custody", "chain": "c", "collateral": [], "positions": []}]}`), `venues[1].id: "v" is used by another venue`},
		{"bad params", []byte(`{"account": "a", "venues": [{"id": "v", "model": "custody", "chain": "c", "params": 5, "collateral": [], "positions": []}]}`), `venues[0].params: "5" must be a parameter-set name or an object`},
		{"funding on a future", book("", `{"kind": "future", "underlying": "BTC", "quantity": "1", "expiry": "2027-01-01T00:00:00Z", "funding": "5"}`), `positions[0].funding: unknown field`},
		{"bad funding", book("", `{"kind": "perp", "underlying": "BTC", "quantity": "1", "funding": "1e3"}`), `funding: "1e3" is not a plain decimal`},
		{"american", book("", `{"kind": "option", "underlying": "BTC", "right": "put", "strike": "1", "expiry": "2027-01-01T00:00:00Z", "quantity": "1", "style": "american"}`), `style: "american" is not supported`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.data)
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

func TestCheckAgainstMarket(t *testing.T) {
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"BTC": {"price": "90000"}, "USDC": {"price": "1"}, "ETH": {"price": "3000", "vol": 0.6}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, collateral, positions, want string
	}{
		{"missing asset", `{"asset": "DOGE", "amount": "1"}`, "", `venues[0].collateral[0].asset: "DOGE" is an asset missing from the market`},
		{"too precise", `{"asset": "USDC", "amount": "1.0000001"}`, "", `has 7 decimal places, more than USDC's 6`},
		{"expired", "", `{"kind": "future", "underlying": "BTC", "quantity": "1", "expiry": "2026-11-25T00:00:00Z"}`, `expiry: "2026-11-25T00:00:00Z" is expired`},
		{"no vol", "", `{"kind": "option", "underlying": "BTC", "right": "call", "strike": "1", "expiry": "2027-01-01T00:00:00Z", "quantity": "1"}`, `"BTC" has no vol`},
		{"unknown underlying", "", `{"kind": "perp", "underlying": "XYZ", "quantity": "1"}`, `underlying: "XYZ" is an asset missing`},
		// A horizon beyond the model's numbers: at a 1000% rate a forward
		// 77 years out is infinite (POST /v1/margin answered 500).
		{"too far", "", `{"kind": "future", "underlying": "BTC", "quantity": "1", "expiry": "2056-11-25T00:00:01Z"}`,
			`expiry: "2056-11-25T00:00:01Z" is more than 30 years after as_of 2026-11-25T00:00:00Z`},
		{"option too far", "", `{"kind": "option", "underlying": "ETH", "right": "put", "strike": "1", "expiry": "2199-01-01T00:00:00Z", "quantity": "1"}`,
			`expiry: "2199-01-01T00:00:00Z" is more than 30 years after as_of`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(book(c.collateral, c.positions))
			if err != nil {
				t.Fatal(err)
			}
			err = Check(p, m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

// The horizon itself is allowed.
func TestExpiryHorizonIsInclusive(t *testing.T) {
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"BTC": {"price": "90000"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(book("", `{"kind": "future", "underlying": "BTC", "quantity": "1", "expiry": "2056-11-25T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(p, m); err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(demo.PortfolioJSON)
	f.Add(book(`{"asset": "BTC", "amount": "1"}`, `{"kind": "perp", "underlying": "BTC", "quantity": "-1.5"}`))
	f.Add([]byte(`{"account": "a", "venues": [{"id": "v", "model": "m", "chain": "c", "collateral": [], "positions": [],
	  "reported": {"equity": "-5", "initial": "1", "maintenance": "0.5", "health": "2", "tolerance": "0.1", "source": "s"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("non-input error %T: %v", err, err)
			}
			return
		}
		for _, v := range p.Venues {
			if r := v.Reported; r != nil {
				for _, x := range []*float64{r.Initial, r.Maintenance, r.Health} {
					if x != nil && *x < 0 {
						t.Fatalf("reported figure %v < 0 passed", *x)
					}
				}
				if r.Tolerance != nil && !(*r.Tolerance > 0 && *r.Tolerance <= 1) {
					t.Fatalf("reported tolerance %v passed", *r.Tolerance)
				}
			}
			for _, c := range v.Collateral {
				if c.AmountF < 0 || c.AmountF > MaxAmount {
					t.Fatalf("amount %v passed", c.AmountF)
				}
			}
			for _, q := range v.Positions {
				if q.QuantityF > MaxQuantity || q.QuantityF < -MaxQuantity {
					t.Fatalf("quantity %v passed", q.QuantityF)
				}
			}
		}
	})
}

// The limits themselves are allowed: the comparison is exact both ways.
func TestLimitsAreInclusive(t *testing.T) {
	for _, doc := range [][]byte{
		book(`{"asset": "BTC", "amount": "1000000000000000000000000000000.000000000000000000"}`, ""),
		book("", `{"kind": "perp", "underlying": "BTC", "quantity": "-1000000000000000", "funding": "-1000000000000000000000000000000"}`),
	} {
		if _, err := Parse(doc); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
}
