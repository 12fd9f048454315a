// Venue replicas of the portfolio cases: a case's sub-account written as
// portfolio.json and market.json (its parameters as overrides under the case
// files' own names, its collateral as assets with per-asset overrides) and
// run through the derive-pm venue model. equity − maintenance and equity −
// initial, in USDC, must be the case's MM and IM: the venue mapping (forwards,
// vols, cash, perps, collateral, units) is the engine the corpus verifies.
//
// The contract cannot express everything a case can: markets carry no oracle
// confidences, one USD rate serves every expiry, and a perp is marked at spot.
// So each case is first normalised (confidences 1, the first expiry's rate
// everywhere, the perp price set to spot) and the normalised case, evaluated
// by the engine, is what the venue must reproduce; the engine itself is held
// to the published figures by TestPortfolioCases. Cases with expired options
// (the contract refuses them) are not replicated.
package derive

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// decimal writes x as a plain decimal string (no exponent).
func decimal(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// normalised returns a copy of c that the contract can express, or why not.
func normalised(c *Case) (*Case, string) {
	n := *c
	a := &n.acct
	a.expiries = append([]expiry(nil), c.acct.expiries...)
	a.collaterals = append([]collateral(nil), c.acct.collaterals...)
	a.spotConfidence, a.perpConfidence, a.perpPrice = 1, 1, a.spot
	a.cash = math.Round(a.cash*1e6) / 1e6 // USDC has 6 decimals
	rate := -1.0
	sort.SliceStable(a.expiries, func(i, j int) bool { return a.expiries[i].secToExpiry < a.expiries[j].secToExpiry })
	n.optionRef, n.feeds = nil, nil // per-option reports are not compared
	for i := range a.expiries {
		x := &a.expiries[i]
		if len(x.options) > 0 && x.secToExpiry <= 0 {
			return nil, "expired option"
		}
		for _, o := range x.options {
			if o.vol > 100 {
				return nil, "vol above market.json's limit of 100"
			}
		}
		if rate < 0 && len(x.options) > 0 {
			rate = x.rate
		}
		x.confidence = 1
	}
	for i := range a.expiries {
		a.expiries[i].rate = math.Max(rate, 0)
	}
	for i := range a.collaterals {
		a.collaterals[i].confidence = 1
	}
	if a.stablePrice == 0 {
		return nil, "stable price 0"
	}
	return &n, ""
}

// replica returns the case as (market.json, portfolio.json).
func replica(c *Case) (mkt, book string) {
	a := &c.acct
	rate := 0.0
	for _, x := range a.expiries {
		rate = x.rate
	}
	assets := map[string]any{"ETH": map[string]any{"price": decimal(a.spot)}, "USDC": map[string]any{"price": decimal(a.stablePrice)}}
	var surfaces, forwards []any
	var positions, collateral []any
	for _, x := range a.expiries {
		if len(x.options) == 0 {
			continue
		}
		expiry := refTime.Add(time.Duration(x.secToExpiry) * time.Second).Format(time.RFC3339)
		vols := map[float64]float64{}
		for _, o := range x.options {
			vols[o.strike] = o.vol
			right := map[bool]string{true: "call", false: "put"}[o.right > 0]
			positions = append(positions, map[string]any{"kind": "option", "underlying": "ETH", "right": right,
				"strike": decimal(o.strike), "expiry": expiry, "quantity": decimal(o.amount)})
		}
		strikes := make([]float64, 0, len(vols))
		for k := range vols {
			strikes = append(strikes, k)
		}
		sort.Float64s(strikes)
		var ks []string
		var vs []float64
		for _, k := range strikes {
			ks, vs = append(ks, decimal(k)), append(vs, vols[k])
		}
		surfaces = append(surfaces, map[string]any{"expiry": expiry, "strikes": ks, "vols": vs})
		forwards = append(forwards, map[string]any{"expiry": expiry, "price": decimal(x.forwardFixed + x.forwardVariable)})
	}
	if a.perpPosition != 0 {
		// Perp value = unrealised P&L (from an entry price) + funding.
		p := map[string]any{"kind": "perp", "underlying": "ETH", "quantity": decimal(a.perpPosition)}
		if c.perpPnL != 0 {
			p["entry_price"] = decimal(a.spot - c.perpPnL/a.perpPosition)
		}
		if c.funding != 0 {
			p["funding"] = decimal(c.funding)
		}
		positions = append(positions, p)
	}
	switch {
	case a.cash > 0:
		collateral = append(collateral, map[string]any{"asset": "USDC", "amount": decimal(a.cash)})
	case a.cash < 0:
		positions = append(positions, map[string]any{"kind": "borrow", "asset": "USDC", "amount": decimal(-a.cash)})
	}
	overrides := map[string]any{}
	collaterals := map[string]any{}
	for i, k := range a.collaterals {
		if k.value == 0 {
			continue // nothing to value, nothing to charge
		}
		name := fmt.Sprintf("COLL%d", i)
		price := k.value * a.stablePrice // amount 1 at this price has the case's value
		assets[name] = map[string]any{"price": decimal(price)}
		collateral = append(collateral, map[string]any{"asset": name, "amount": "1"})
		collaterals[name] = map[string]any{"mm_haircut": k.mmHaircut, "im_haircut": k.imHaircut, "risk_cancelling": k.riskCancelling}
	}
	overrides[paramCollaterals] = collaterals
	for _, s := range paramSpecs {
		overrides[s.caseName] = *s.field(&c.params) // the case files' spelling, an alias
	}
	var scenarios []any
	for _, s := range c.params.Scenarios {
		scenarios = append(scenarios, map[string]any{"spotShock": s.SpotShock, "volShock": s.Vol.String(), "dampeningFactor": s.Dampening})
	}
	overrides[paramScenarios] = scenarios
	m := map[string]any{"as_of": refTime.Format(time.RFC3339), "assets": assets, "rates": map[string]any{"USD": rate}}
	if len(surfaces) > 0 {
		m["vol_surfaces"] = map[string]any{"ETH": surfaces}
		m["forwards"] = map[string]any{"ETH": forwards}
	}
	if positions == nil {
		positions = []any{}
	}
	if collateral == nil {
		collateral = []any{}
	}
	b := map[string]any{"account": "replica", "venues": []any{map[string]any{"id": "derive", "model": modelName,
		"chain": "derive", "params": overrides, "collateral": collateral, "positions": positions}}}
	mj, _ := json.Marshal(m)
	bj, _ := json.Marshal(b)
	return string(mj), string(bj)
}

// runReplica loads the replica and runs the venue model.
func runReplica(t *testing.T, mkt, book string) venue.Result {
	t.Helper()
	m, err := market.Load([]byte(mkt), market.Options{AllowStale: true})
	if err != nil {
		t.Fatalf("market: %v\n%s", err, mkt)
	}
	p, err := portfolio.Parse([]byte(book))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("portfolio: %v\n%s", err, book)
	}
	res, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatalf("margin: %v\n%s", err, book)
	}
	return res
}

// checkReplica runs the replica of c (normalised) and compares it with the
// engine's report of the normalised case; it returns why not when the case
// cannot be written in the contract.
func checkReplica(t *testing.T, c *Case) string {
	t.Helper()
	c, why := normalised(c)
	if why != "" {
		return why
	}
	r := c.Evaluate()
	mkt, book := replica(c)
	res := runReplica(t, mkt, book)
	usdc := c.acct.stablePrice
	agree := func(what string, got, want float64) {
		t.Helper()
		// The replica's figures pass through decimal strings and a USD round
		// trip; relative 1e-9, or 1e-9 absolute against the account's size.
		scale := math.Max(math.Abs(want), 1e-9*math.Abs(r.PortfolioMTM))
		if math.Abs(got-want) > 1e-9*math.Max(scale, 1) {
			t.Errorf("%s: venue %.12g, case %.12g", what, got, want)
		}
	}
	agree("equity − maintenance = MM", (res.Equity-res.Maintenance)/usdc, r.MM)
	agree("equity − initial = IM", (res.Equity-res.Initial)/usdc, r.IM)
	agree("equity = PortfolioMTM", res.Equity/usdc, r.PortfolioMTM)
	return ""
}

func TestVenueReplicatesCases(t *testing.T) {
	replicated := 0
	var skipped []string
	for _, file := range caseFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Conform(data)
		if err != nil {
			skipped = append(skipped, caseName(file)+" (refused)")
			continue
		}
		t.Run(caseName(file), func(t *testing.T) {
			if why := checkReplica(t, c.Case); why != "" {
				skipped = append(skipped, caseName(file)+" ("+why+")")
				return
			}
			replicated++
		})
	}
	t.Logf("%d cases replicated through derive-pm; not expressible in portfolio.json/market.json: %d: %s",
		replicated, len(skipped), strings.Join(skipped, ", "))
	if replicated < 130 {
		t.Errorf("only %d cases replicated", replicated)
	}
}
