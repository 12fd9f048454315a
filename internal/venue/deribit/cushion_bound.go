// The Deribit solvers' cushion bounds (venue.CushionBound): how far the
// cushion of a coin-settled book can move when its coin's price moves from
// P to P′, so that the search steps over the grid points where it provably
// keeps its sign. The derivation is docs/DERIVATIONS.md, "Deribit: a bound
// on the cushion's move"; in short, in coins every price-dependent figure
// of the book moves by at most a constant × |1/P − 1/P′|:
//
//	|c(P′) − c(P)| ≤ A·|1/P − 1/P′| + 2δ
//
// where c is the cushion in coins (equity − maintenance), A is summed from
// the book once (options: |q|·D·K per figure they enter, with deribit-pm's
// risk-matrix and delta-shock coefficients, or deribit-standard's
// maintenance rates; futures and perpetuals: |q|·entry/ρ; funding; the
// dampener, offset cap and delta-shock threshold in USD) and δ covers
// float error and deribit-pm's rounding of the worst case to 1e-9.
package deribit

import (
	"math"
	"slices"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// boundRelErr is δ's share of the book's scale (the magnitudes its
// figures are sums of): its float error is a few hundred machine epsilons
// of that at most (2.2e-14 for 100 roundings a term), and the bound allows
// 1e-8, a million times more; so a bound that says a sign holds holds it
// for the computed cushion, not only for the exact one.
const boundRelErr = 1e-8

// bounds is what the bounds of a book's searches take from the book as
// built (factor 1): which assets move it, and for a coin-settled book the
// coefficients of its coin bound (coinBound; nil when the model's bound
// does not cover the book).
type bounds struct {
	touched []string // the assets the book's prices read: settlement and underlyings
	coin    *coinBound
}

// newBounds prepares the bounds of b (just built, at factor 1), with
// coin the model's coin bound of b (nil for a USDC book).
func newBounds(b *book, coin func() *coinBound) *bounds {
	bs := &bounds{touched: []string{b.settle}}
	for _, g := range b.groups {
		bs.touched = append(bs.touched, g.underlying)
	}
	if b.inverse {
		bs.coin = coin()
		if bs.coin != nil && !bs.coin.valid() {
			bs.coin = nil
		}
	}
	return bs
}

// bound is the CushionBound of a search moving the assets moved: none
// that the book reads (its cushion is the same at every factor), the coin
// bound when its settlement coin moves, or nil (every grid point is
// evaluated: a USDC book, or a coin book the bound does not cover).
func (bs *bounds) bound(moved []string) venue.CushionBound {
	if !slices.ContainsFunc(bs.touched, func(a string) bool { return slices.Contains(moved, a) }) {
		return unmoved{}
	}
	if bs.coin != nil && slices.Contains(moved, bs.touched[0]) {
		return bs.coin
	}
	return nil
}

// unmoved bounds the cushion of a book that the search's moves do not
// reach: the book reprices on identical inputs at every factor, so its
// cushion is the same to the bit, on gap's side everywhere.
type unmoved struct{}

func (unmoved) Holds(_, _, _ float64) bool { return true }

// coinBound is the bound of a coin-settled book whose coin moves (its only
// underlying). Figures in coins; the price P is the coin's at the venue.
// deribit-standard's has no delta shock and no rounding (zero terms).
type coinBound struct {
	priceUSD float64 // P at factor 1 (the search's factor f puts it at f·P)
	// A = fixed, + deltaShock when the delta shock can be charged between
	// the two prices (deltaShockFrom).
	fixed, deltaShock float64
	// The delta shock is 0 at every price P with optionsDK + |deltaOne|·P
	// ≤ threshold (|delta total|·P never exceeds it; +Inf: no delta shock).
	optionsDK, deltaOne, threshold float64
	// δ(P) = boundRelErr·(scale0 + scale1/P) + roundMM: the float error
	// and the worst case's rounding, at a price P.
	scale0, scale1, roundMM float64
}

// newCoinBound starts b's coin bound with what both models share: the
// collateral, futures' and perpetuals' P&L and funding in the equity
// (A: |q|·entry/ρ per position with an entry, |funding|), and their scale.
func newCoinBound(b *book) *coinBound {
	cb := &coinBound{priceUSD: b.settleUSD, scale0: math.Abs(b.collateral), threshold: math.Inf(1)}
	for j := range b.venue.Positions {
		pos := &b.venue.Positions[j]
		g, in := b.slots[j].group, &b.slots[j].group.insts[b.slots[j].inst]
		equity := math.Abs(pos.FundingF)
		if pos.HasEntry && in.kind != portfolio.KindOption {
			equity += math.Abs(pos.QuantityF) * pos.EntryF * g.indexUSD / in.forwardUSD
		}
		cb.fixed += equity
		cb.scale1 += equity
	}
	return cb
}

// valid reports whether the bound's terms are finite and its price
// positive (a book it does not cover otherwise: then no bound).
func (cb *coinBound) valid() bool {
	return finite(cb.fixed, cb.scale0, cb.scale1, cb.priceUSD, cb.roundMM) && cb.priceUSD > 0 && !(cb.deltaShock < 0)
}

// optionDK is |q|·D·K of an option of b, D its discount factor at rate,
// and |q|·D·ρ (ρ = forward/index), or ok false for an option the bound
// does not cover (a negative or non-finite expiry or vol).
func optionDK(g *group, in *instrument, rate float64) (dk, drho float64, ok bool) {
	if !(in.expiryYears >= 0) || !(in.vol >= 0) {
		return 0, 0, false
	}
	qd := math.Abs(in.quantity) * math.Exp(-rate*in.expiryYears)
	return qd * in.strike, qd * in.forwardUSD / g.indexUSD, true
}

// pmCoinBound is deribit-pm's coin bound of b (a coin book: one group, its
// coin) with params and the USD rate: the options' coin values in the
// equity (|q|·D·K), the risk matrix's worst case (the options' entries by
// riskMatrixCoef, the offset cap when gains count, the dampener), the
// delta shock (when it can be charged) and the rounding of the worst case.
func pmCoinBound(b *book, params map[string]pmParams, rate float64) *coinBound {
	cb := newCoinBound(b)
	for _, g := range b.groups {
		p := params[g.underlying]
		// Σ|q|·D·K, and with the delta total's (1 + 1/(σ√(2πT))).
		var optionsDK, optionsDKShock float64
		for k := range g.insts {
			in := &g.insts[k]
			if in.kind != portfolio.KindOption {
				cb.deltaOne += in.quantity
				cb.scale0 += 3 * math.Abs(in.quantity)
				continue
			}
			dk, drho, ok := optionDK(g, in, rate)
			if !ok {
				return nil
			}
			optionsDK += dk
			optionsDKShock += dk * (1 + 1/(in.vol*math.Sqrt(2*math.Pi*in.expiryYears)))
			cb.scale0 += 2 * drho
		}
		offsetCap := 0.0
		if p.PnlOffset > 0 {
			offsetCap = p.MaxOffsetablePnl
		}
		mm := p.MmFactor
		cb.fixed += optionsDK*(1+mm*riskMatrixCoef(&p)) + mm*(offsetCap+p.ExtendedDampener)
		cb.deltaShock += mm * p.MaxDeltaShock * (optionsDKShock + p.DeltaTotalLiqShockThreshold)
		cb.optionsDK, cb.threshold = optionsDK, p.DeltaTotalLiqShockThreshold
		cb.scale0 += b.rollShock(g, &p)
		cb.scale1 += 3*optionsDK + offsetCap + p.ExtendedDampener + p.DeltaTotalLiqShockThreshold
		cb.roundMM += 2 * mm / reportedScale
	}
	if len(b.groups) > 1 {
		return nil // a coin book has one underlying, its coin
	}
	return cb
}

// standardCoinBound is deribit-standard's coin bound of b with params and
// the USD rate. A long option's maintenance in equity terms is its mark,
// which its value in the equity cancels: it adds nothing to A. A short
// one adds |q|·D·K for its value, and a put |q|·D·K × option_maintenance
// more for max(option_maintenance, option_maintenance × mark); futures'
// and perpetuals' maintenance does not depend on the price.
func standardCoinBound(b *book, params map[string]stdParams, rate float64) *coinBound {
	cb := newCoinBound(b)
	for _, g := range b.groups {
		p := params[g.underlying]
		for k := range g.insts {
			in := &g.insts[k]
			q := math.Abs(in.quantity)
			if in.kind != portfolio.KindOption {
				cb.scale0 += 3 * (1 + p.FuturesMaintenance + p.MInc*q) * q
				continue
			}
			dk, drho, ok := optionDK(g, in, rate)
			if !ok {
				return nil
			}
			cb.scale0 += 2*drho + 2*q*p.OptionMaintenance
			cb.scale1 += 3 * dk * (1 + p.OptionMaintenance)
			if in.quantity >= 0 {
				continue
			}
			cb.fixed += dk
			if in.right < 0 {
				cb.fixed += dk * p.OptionMaintenance
			}
		}
	}
	return cb
}

// riskMatrixCoef is the most an option's per-unit entry of the risk matrix
// moves, in coins, per D·K·|1/P − 1/P′|: a standard entry at move m by
// max(1, 1/(1+m)), at most 1/(1 − price_range); an extended one by its
// fraction × (1+m)/edge × max(1, 1/(1+m)).
func riskMatrixCoef(p *pmParams) float64 {
	coef := 1 / (1 - p.PriceRange)
	ext := newExtendedScales(p)
	for k := range ext {
		coef = math.Max(coef, ext[k].fraction/ext[k].edge*math.Max(1, ext[k].moved))
	}
	return coef
}

// Holds is venue.CushionBound's: gap is the cushion in USD at factor
// from, gap/P in coins; it holds when that exceeds the most the cushion
// can move from there to factor to (move).
func (cb *coinBound) Holds(from, gap, to float64) bool {
	pFrom := cb.priceUSD * from
	return math.Abs(gap/pFrom) > cb.move(pFrom, cb.priceUSD*to)
}

// move is the most the computed cushion in coins can differ between the
// coin prices p and p2 (either order) and every price between them:
// A·|1/p − 1/p2| + 2δ, δ's largest on the stretch (at its lower price).
func (cb *coinBound) move(p, p2 float64) float64 {
	lo, hi := math.Min(p, p2), math.Max(p, p2)
	a := cb.fixed
	if cb.optionsDK+math.Abs(cb.deltaOne)*hi > cb.threshold*(1-boundRelErr) {
		a += cb.deltaShock // may be Inf (an option with σ√T = 0): then nothing holds
	}
	delta := boundRelErr*(cb.scale0+cb.scale1/lo) + cb.roundMM
	return a*(1/lo-1/hi)*(1+boundRelErr) + 2*delta
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
