// The Deribit solvers' cushion bounds (venue.CushionBound): how far the
// cushion of a coin-settled book can move when its coin's price moves from
// P to P′, so that the search steps over the grid points where it provably
// keeps its sign. The derivation is docs/DERIVATIONS.md §14 ("Deribit's
// liquidation-price search: a bound on the cushion's move"); in short, in
// coins every price-dependent figure of the book moves by at most a
// constant × |1/P − 1/P′|:
//
//	|c(P′) − c(P)| ≤ A·|1/P − 1/P′| + 2δ
//
// where c is the cushion in coins (equity − maintenance), A is summed from
// the book (options: |q|·D·K × N(±d₂) at worst over the stretch, per
// figure they enter, with deribit-pm's
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

// bound is the CushionBound of s's search moving the assets moved: none
// that the book reads (its cushion is the same at every factor), its coin
// bound when its settlement coin moves, or nil (every grid point is
// evaluated: a USDC book, or a coin book the bound does not cover).
func (s *bookSolver) bound(moved []string) venue.CushionBound {
	if !s.b.movedBy(moved) {
		return unmoved{}
	}
	if s.hasCoin && slices.Contains(moved, s.b.settle) {
		return &s.coin
	}
	return nil
}

// movedBy reports whether moving the assets moved moves any price b
// reads: its settlement's or an underlying's.
func (b *book) movedBy(moved []string) bool {
	if slices.Contains(moved, b.settle) {
		return true
	}
	for _, g := range b.groups {
		if slices.Contains(moved, g.underlying) {
			return true
		}
	}
	return false
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
	// A over a stretch = fixed + Σ options' dk × weight × ν (boundOption),
	// + the delta shock's terms when it can be charged on the stretch:
	// deltaShockRate × (Σ options' dk × (ν + φ/σ√T) + threshold).
	fixed          float64
	options        []boundOption
	few            [8]boundOption // options' storage for a book of up to 8 positions
	deltaShockRate float64        // mm_factor × max_delta_shock (deribit-pm)
	// ln(1 + m) of the largest and the smallest move an option is priced
	// at (deribit-pm's scenarios; 0 for marks only).
	lnMoveUp, lnMoveDown float64
	// The delta shock is 0 at every price P with optionsDK + |deltaOne|·P
	// ≤ threshold (|delta total|·P never exceeds it; +Inf: no delta shock).
	optionsDK, deltaOne, threshold float64
	// δ(P) = boundRelErr·(scale0 + scale1/P) + roundMM: the float error
	// and the worst case's rounding, at a price P.
	scale0, scale1, roundMM float64
}

// boundOption is one option's share of A: dk = |q|·D·K times weight (its
// figures' move coefficients: 1 for its value in the equity, plus the
// model's maintenance coefficients) times ν, a bound on N(ω·d₂) over the
// stretch at every forward and vol it is priced at (nu).
type boundOption struct {
	call     bool
	dk       float64
	weight   float64
	lnRhoK   float64 // ln(ρ/K), ρ = forward/index: ln(F/K) = ln P + lnRhoK
	stdDev   float64 // σ√T at the largest vol it is priced at
	stdDevAt float64 // σ√T at its mark vol (the delta total's)
}

// start sets cb to what both models' coin bounds of b share: the
// collateral, futures' and perpetuals' P&L and funding in the equity
// (A: |q|·entry/ρ per position with an entry, |funding|), and their scale;
// no options yet (room for them in cb's own array when they fit).
func (cb *coinBound) start(b *book) {
	*cb = coinBound{priceUSD: b.settleUSD, scale0: math.Abs(b.collateral), threshold: math.Inf(1)}
	cb.options = cb.few[:0]
	if len(b.slots) > len(cb.few) {
		cb.options = make([]boundOption, 0, len(b.slots))
	}
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
}

// valid reports whether the bound's terms are finite and its price
// positive (a book it does not cover otherwise: then no bound).
func (cb *coinBound) valid() bool {
	return finite(cb.fixed, cb.scale0, cb.scale1, cb.priceUSD, cb.roundMM) && cb.priceUSD > 0
}

// newBoundOption is in's boundOption of weight (vols: the vols it is
// priced at, its mark vol first), and |q|·D·ρ (its scale), or ok false for
// an option the bound does not cover (a negative or non-finite expiry or
// vol).
func newBoundOption(g *group, in *instrument, rate, weight float64, vols ...float64) (bo boundOption, drho float64, ok bool) {
	if !(in.expiryYears >= 0) || !(in.vol >= 0) {
		return boundOption{}, 0, false
	}
	qd := math.Abs(in.quantity) * math.Exp(-rate*in.expiryYears)
	rho := in.forwardUSD / g.indexUSD
	sqrtT := math.Sqrt(in.expiryYears)
	bo = boundOption{call: in.right > 0, dk: qd * in.strike, weight: weight, lnRhoK: math.Log(rho / in.strike),
		stdDevAt: in.vol * sqrtT}
	for _, v := range vols {
		bo.stdDev = math.Max(bo.stdDev, v*sqrtT)
	}
	return bo, qd * rho, finite(bo.dk, bo.lnRhoK, bo.stdDev)
}

// nu bounds N(ω·d₂) over the coin prices e^lnLo … e^lnHi at every forward
// F = ρ·P·(1+m), e^lnDown ≤ 1+m ≤ e^lnUp, and vol up to stdDev's, and
// density bounds φ(d₂) there (φ's largest at such d₂). A call's d₂ =
// ln(F/K)/σ√T − σ√T/2 is at most z/σ√T with z = ln(F/K) at the largest
// F when z < 0 (and then at most that at any smaller vol); a put's −d₂ =
// ln(K/F)/σ√T + σ√T/2 at most z/σ√T + σ√T/2 with z = ln(K/F) at the
// smallest F when z < 0. Otherwise N ≤ 1, φ ≤ φ(0).
func (bo *boundOption) nu(lnLo, lnHi, lnDown, lnUp float64) (n, density float64) {
	z := lnHi + bo.lnRhoK + lnUp
	shift := 0.0
	if !bo.call {
		z, shift = -(lnLo + bo.lnRhoK + lnDown), bo.stdDev/2
	}
	if !(z < 0) {
		return 1, invSqrt2Pi
	}
	if bo.stdDev == 0 {
		return 0, 0 // intrinsic value, out of the money on the whole stretch: flat
	}
	d := z/bo.stdDev + shift
	if d >= 0 {
		return normCDF(d), invSqrt2Pi
	}
	return normCDF(d), invSqrt2Pi * math.Exp(-d*d/2)
}

const invSqrt2Pi = 0.3989422804014327 // 1/√(2π)

func normCDF(d float64) float64 { return math.Erfc(-d/math.Sqrt2) / 2 }

// pm sets cb to deribit-pm's coin bound of b (a coin book: one group, its
// coin) with params and the USD rate: the options' coin values in the
// equity (|q|·D·K), the risk matrix's worst case (the options' entries by
// riskMatrixCoef, the offset cap when gains count, the dampener), the
// delta shock (when it can be charged) and the rounding of the worst case.
func (cb *coinBound) pm(b *book, params map[string]pmParams, rate float64) bool {
	cb.start(b)
	for _, g := range b.groups {
		p := params[g.underlying]
		mm := p.MmFactor
		weight := 1 + mm*riskMatrixCoef(&p)
		for k := range g.insts {
			in := &g.insts[k]
			if in.kind != portfolio.KindOption {
				cb.deltaOne += in.quantity
				cb.scale0 += 3 * math.Abs(in.quantity)
				continue
			}
			vols := shockedVols(in.vol, in.expiryYears, &p)
			bo, drho, ok := newBoundOption(g, in, rate, weight, vols[:]...)
			if !ok {
				return false
			}
			cb.options = append(cb.options, bo)
			cb.optionsDK += bo.dk
			cb.scale0 += 2 * drho
		}
		offsetCap := 0.0
		if p.PnlOffset > 0 {
			offsetCap = p.MaxOffsetablePnl
		}
		cb.fixed += mm * (offsetCap + p.ExtendedDampener)
		cb.deltaShockRate = mm * p.MaxDeltaShock
		cb.threshold = p.DeltaTotalLiqShockThreshold
		cb.lnMoveUp = math.Log(1 + math.Max(p.PriceRange, extendedMoves[extendedLen-1]))
		cb.lnMoveDown = math.Log(1 + math.Min(-p.PriceRange, extendedMoves[0]))
		cb.scale0 += b.rollShock(g, &p)
		cb.scale1 += 3*cb.optionsDK + offsetCap + p.ExtendedDampener + p.DeltaTotalLiqShockThreshold
		cb.roundMM += 2 * mm / reportedScale
	}
	return len(b.groups) <= 1 && cb.valid() // a coin book has one underlying, its coin
}

// standard sets cb to deribit-standard's coin bound of b with params and
// the USD rate. A long option's maintenance in equity terms is its mark,
// which its value in the equity cancels: it adds nothing to A. A short
// one adds |q|·D·K for its value, and a put |q|·D·K × option_maintenance
// more for max(option_maintenance, option_maintenance × mark); futures'
// and perpetuals' maintenance does not depend on the price.
func (cb *coinBound) standard(b *book, params map[string]stdParams, rate float64) bool {
	cb.start(b)
	for _, g := range b.groups {
		p := params[g.underlying]
		for k := range g.insts {
			in := &g.insts[k]
			q := math.Abs(in.quantity)
			if in.kind != portfolio.KindOption {
				cb.scale0 += 3 * (1 + p.FuturesMaintenance + p.MInc*q) * q
				continue
			}
			weight := 0.0 // long: the value and the maintenance cancel
			if in.quantity < 0 {
				weight = 1
				if in.right < 0 {
					weight += p.OptionMaintenance
				}
			}
			bo, drho, ok := newBoundOption(g, in, rate, weight, in.vol)
			if !ok {
				return false
			}
			if weight > 0 {
				cb.options = append(cb.options, bo)
			}
			cb.scale0 += 2*drho + 2*q*p.OptionMaintenance
			cb.scale1 += 3 * bo.dk * (1 + p.OptionMaintenance)
		}
	}
	return cb.valid()
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
// A·|1/p − 1/p2| + 2δ, A over the stretch, δ's largest on it (at its
// lower price).
func (cb *coinBound) move(p, p2 float64) float64 {
	lo, hi := math.Min(p, p2), math.Max(p, p2)
	shock := cb.optionsDK+math.Abs(cb.deltaOne)*hi > cb.threshold*(1-boundRelErr)
	a, shockDK := cb.fixed, 0.0
	lnLo, lnHi := math.Log(lo), math.Log(hi)
	for k := range cb.options {
		bo := &cb.options[k]
		n, density := bo.nu(lnLo, lnHi, cb.lnMoveDown, cb.lnMoveUp)
		a += bo.dk * bo.weight * n
		if shock && density > 0 {
			shockDK += bo.dk * (n + density/bo.stdDevAt) // Inf at σ√T = 0: then nothing holds
		}
	}
	if shock {
		a += cb.deltaShockRate * (shockDK + cb.threshold)
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
