// Compute: every venue's isolated model (fragmented) against the unified
// model on the whole account, in one report.
package margin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Compute checks book against m (portfolio.Check), runs every venue's
// isolated model and the unified model, and returns the report. The same
// inputs give a byte-identical report (every map-derived list is sorted).
//
// Errors: input problems are *input.Error values passed through unchanged
// (from portfolio.Check and the venue models, with JSON paths into the
// book); a model returning non-finite figures is an internal error.
//
// Capital efficiency is gross notional (Σ |quantity|·spot over derivatives
// + Σ debt value; collateral excluded) per unit of initial requirement,
// fragmented and unified; 0 when that requirement is 0 (nothing is required,
// so the ratio is undefined and the report keeps numbers, not null).
func Compute(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) (*Report, error) {
	if err := portfolio.Check(book, m); err != nil {
		return nil, err
	}
	c, err := Compile(m, rp)
	if err != nil {
		return nil, err
	}
	return c.compute(context.Background(), book)
}

// Compute is margin.Compute on c's market and parameters: the book is
// checked against the market, then margined. Errors as margin.Compute.
func (c *Compiled) Compute(book *portfolio.Portfolio) (*Report, error) {
	return c.ComputeContext(context.Background(), book)
}

// ComputeContext is Compute that stops when ctx ends (a request's
// deadline), returning ctx's error: ctx is checked before each venue, in
// every model evaluation of the liquidation-price search (the bulk of a
// large book's time), and before the unified, rebalance and stress parts.
func (c *Compiled) ComputeContext(ctx context.Context, book *portfolio.Portfolio) (*Report, error) {
	if err := portfolio.Check(book, c.m); err != nil {
		return nil, err
	}
	return c.compute(ctx, book)
}

// compute is Compute on a checked book.
func (c *Compiled) compute(ctx context.Context, book *portfolio.Portfolio) (*Report, error) {
	m, rp := c.m, c.rp
	var err error
	rep := &Report{
		Account: book.Account, AsOf: m.AsOf.Format(time.RFC3339),
		Venues: []VenueReport{}, Attribution: []Attribution{}, Rebalance: []Move{}, Stress: []Stress{},
	}
	warnings := append([]string{}, m.Warnings...)
	used := map[string]venueParams{}
	needsRebalance := false
	sole := soleVenue(book)
	carry := hasCarryRates(m)
	var soleResult venue.Result
	prices := startLiquidationPrices(ctx, book, m)
	for vi := range book.Venues {
		if err := ctx.Err(); err != nil {
			return nil, prices.firstError(vi, err)
		}
		v := &book.Venues[vi]
		res, err := venue.Margin(v, m)
		if err != nil {
			return nil, prices.firstError(vi, err)
		}
		if vi == sole {
			soleResult = res
		}
		vr := venueReport(v, &res)
		if carry {
			vr.Carry = carryOf(v, m)
		}
		var drift []string
		vr.Reported, drift = checkReported(v, &vr.VenueFigures)
		warnings = append(warnings, drift...)
		rep.Venues = append(rep.Venues, vr)
		if vr.Liquidatable || vr.Health != nil && *vr.Health < 1+rp.RebalanceBuffer {
			needsRebalance = true
		}
		for _, w := range res.Warnings {
			warnings = append(warnings, v.ID+": "+w)
		}
		used[v.ID] = venueParams{Model: v.Model, Params: res.ParamsUsed}
		f := &rep.Fragmented
		f.CollateralValue += res.CollateralValue
		f.Equity += res.Equity
		f.Initial += res.Initial
		f.Maintenance += res.Maintenance
	}

	n := len(book.Venues)
	if err := ctx.Err(); err != nil {
		return nil, prices.firstError(n, err)
	}
	a, u := computeUnified(book, c)
	rep.Unified = u.unified
	rep.Greeks, rep.ExposureByRootAsset = u.greeks, u.exposure
	rep.LongestBackingChain = a.longestBackingChain()
	rep.CollateralByChain = u.byChain
	if sole >= 0 {
		rep.Reconciliation = reconcile(a, u, sole, &soleResult)
	}
	if err := ctx.Err(); err != nil {
		return nil, prices.firstError(n, err)
	}
	if needsRebalance {
		moves, notes, err := Rebalance(book, m, rp)
		if err != nil {
			return nil, prices.firstError(n, err)
		}
		rep.Rebalance = append(rep.Rebalance, moves...)
		warnings = append(warnings, notes...)
	}
	if err := prices.firstError(n, nil); err != nil {
		return nil, err
	}
	for vi := range rep.Venues {
		rep.Venues[vi].LiquidationPrices = prices.byVenue[vi]
	}
	rep.Stress = a.stress()
	warnings = append(warnings, u.warnings...)
	for i := range a.items {
		it := &a.items[i]
		at := Attribution{Venue: book.Venues[it.venue].ID, Initial: u.attribution[i]}
		index := int(it.index)
		if it.kind == kindCollateral {
			at.Collateral = &index
		} else {
			at.Position = &index
		}
		rep.Attribution = append(rep.Attribution, at)
	}

	rep.Savings.Initial = rep.Fragmented.Initial - rep.Unified.Initial
	rep.Savings.Fraction = ratioOrZero(rep.Savings.Initial, rep.Fragmented.Initial)
	notional := a.grossNotional()
	rate, source := deadweightRate(book, m, rp.YieldRate)
	rep.CapitalEfficiency = CapitalEfficiency{
		Fragmented:            ratioOrZero(notional, rep.Fragmented.Initial),
		Unified:               ratioOrZero(notional, rep.Unified.Initial),
		DeadweightLossPerYear: rep.Savings.Initial * rate,
		DeadweightRate:        rate, DeadweightRateSource: source,
	}
	if rep.ParamsVersion, err = paramsVersion(used, c.riskParamsJSON); err != nil {
		return nil, fmt.Errorf("hashing parameters: %w", err)
	}
	sort.Strings(warnings)
	rep.Warnings = warnings
	return rep, nil
}

// venuePrices computes every venue's liquidation prices
// (venue.LiquidationPricesContext, in venue order) on a goroutine of its own
// while compute margins the venues, the account and the rebalance: the
// search is the largest single part of a large book's report, so on two
// cores a request's latency drops by up to the search's share when the
// other core is free, which at the service's load it mostly is
// (docs/SCALING.md, the service section). The
// report and the error are the sequential loop's: the prices are the same
// pure function of the venue and the market, and firstError gives back the
// error the one-goroutine order (venue i's margin, then its prices, then
// venue i+1's, then the unified parts) met first. A panic in a model is
// re-raised on the caller's goroutine (the server's recovery answers it),
// never left to end the process.
type venuePrices struct {
	byVenue []map[string]*float64
	errs    []error
	stop    atomic.Int64 // venues from this index on are not searched
	done    sync.WaitGroup
	panic   any
}

func startLiquidationPrices(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot) *venuePrices {
	n := len(book.Venues)
	p := &venuePrices{byVenue: make([]map[string]*float64, n), errs: make([]error, n)}
	p.stop.Store(int64(n))
	p.done.Add(1)
	go func() {
		defer func() {
			p.panic = recover()
			p.done.Done()
		}()
		for vi := range n {
			if int64(vi) >= p.stop.Load() {
				return
			}
			if p.byVenue[vi], p.errs[vi] = venue.LiquidationPricesContext(ctx, &book.Venues[vi], m); p.errs[vi] != nil {
				return // the sequential loop stopped at this error
			}
		}
	}()
	return p
}

// firstError waits for the search, stopping it before venue at (the
// sequential loop had not reached it when err, the caller's, happened),
// and returns the first error in the sequential order: a search error of a
// venue before at, else err.
func (p *venuePrices) firstError(at int, err error) error {
	p.stop.Store(int64(at))
	p.done.Wait()
	if p.panic != nil {
		panic(p.panic)
	}
	for _, e := range p.errs[:min(at, len(p.errs))] {
		if e != nil {
			return e
		}
	}
	return err
}

func venueReport(v *portfolio.Venue, r *venue.Result) VenueReport {
	vr := VenueReport{
		ID: v.ID, Model: v.Model, Native: r.Native,
		VenueFigures: VenueFigures{CollateralValue: r.CollateralValue, Equity: r.Equity,
			Initial: r.Initial, Maintenance: r.Maintenance, Excess: r.Equity - r.Initial,
			Health: r.Health, Liquidatable: r.Liquidatable()},
	}
	if r.ParamsSet != "" {
		set := r.ParamsSet
		vr.ParamsSet = &set
	}
	return vr
}

// ratioOrZero is x/y, or 0 when y is 0 (the report keeps a number).
func ratioOrZero(x, y float64) float64 {
	if y == 0 {
		return 0
	}
	return x / y
}

// grossNotional is Σ |quantity|·spot over derivatives + Σ debt value (USD).
func (a *account) grossNotional() float64 {
	var total float64
	for i := range a.items {
		it := &a.items[i]
		switch {
		case it.kind == kindPerp || it.kind == kindFuture || it.kind == kindOption:
			total += math.Abs(it.quantity) * it.inst.spot
		case it.kind == kindHolding && it.value < 0:
			total -= it.value
		}
	}
	return total
}

// venueParams is one venue's entry in the parameter hash.
type venueParams struct {
	Model  string `json:"model"`
	Params any    `json:"params"`
}

// paramsVersion is "sha256:" + hex of the canonical JSON of every parameter
// used: each venue's resolved parameters (keyed by venue id, with its
// model) and the unified risk parameters. encoding/json sorts map keys and
// writes structs in field order, so the text is canonical.
//
// The risk parameters are the compiled market's, the same for every book:
// their JSON is written once per Compiled (riskParamsJSON) and spliced in
// after the venues' — the bytes json.Marshal writes for the document
// {"venues": …, "risk_params": …}, as the goldens' params_version shows.
func paramsVersion(venues map[string]venueParams, riskParamsJSON func() ([]byte, error)) (string, error) {
	rp, err := riskParamsJSON()
	if err != nil {
		return "", err
	}
	v, err := json.Marshal(venues)
	if err != nil {
		return "", err
	}
	b := make([]byte, 0, len(`{"venues":,"risk_params":}`)+len(v)+len(rp))
	b = append(append(append(append(append(b, `{"venues":`...), v...), `,"risk_params":`...), rp...), '}')
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
