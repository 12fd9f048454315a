// Historical stress episodes: joint crash moves measured from market data.
package scenario

import (
	"math"

	"github.com/unimargin/unimargin/internal/market"
)

// Episode is one crash: the peak-to-trough move of BTC and ETH within a
// window. The 2021–2023 episodes are measured from hourly CoinGecko USD
// prices of WBTC and WETH (../shared/data/eth-btc-prices-2021-2023; the peak
// is the highest price of the window before the trough); the others are
// documented moves, each with its Source.
type Episode struct {
	Name     string
	Window   string // UTC, inclusive start, exclusive end
	BTC, ETH float64
	// Other, when not 0, is the move of every other non-stable root (a
	// documented altcoin move); when 0 the ETH move is scaled by range.
	Other float64
	// StETH, when not 0, is stETH's discount to ETH in the episode (a
	// relative move): stETH and what wraps it move by the ETH move plus
	// this, next to the price moves (the liquid-staking depeg).
	StETH  float64
	Source string
	// Extra are documented moves of named assets beyond BTC, ETH and the
	// rest (Terra's UST and LUNA, FTX's FTT, USDe on 10 Oct 2025), each with
	// its source. They apply in the named library when the market has the
	// asset; the scenario set's historical family does not use them.
	Extra []Shock
	// LibraryOnly keeps an episode out of the scenario set's historical
	// family (a counterfactual, not a market move): it is in the named
	// library only.
	LibraryOnly bool
}

// measured is the source of the episodes measured from the shared data.
const measured = "measured: peak to trough of hourly CoinGecko USD prices of WBTC and WETH " +
	"(../shared/data/eth-btc-prices-2021-2023)"

// episodes are the built-in historical scenarios, oldest first.
var episodes = []Episode{
	// Black Thursday. BTC spot fell from about $7,300 (10:00 UTC, 12 March)
	// to about $3,900 (02:15 UTC, 13 March): −46.6% peak to trough (BitMEX's
	// perpetual went from $7,353 to $3,596, below spot). ETH fell from
	// about $190 to $87 over the two days: −54%. Daily closes were gentler
	// (BTC about −37% close to close), so these intraday figures are the
	// conservative reading.
	{Name: "2020-03-12 Black Thursday", Window: "2020-03-12/2020-03-14", BTC: -0.466, ETH: -0.54,
		Source: "BTCMEX, \"Black Thursday: what actually happened to Bitcoin\" " +
			"(blog.btcmex.com/black-thursday-what-actually-happened-to-bitcoin); LedgerPrime, \"Crypto's " +
			"Black Thursday: the market crash of March 2020\" (research.ledgerprime.com); BlockBeats " +
			"fifth-anniversary recap of 12 March 2020 (ETH $190 to $87)"},
	{Name: "2021-05 crash", Window: "2021-05-18/2021-05-21", BTC: -0.2623, ETH: -0.3565,
		Source: measured},
	// Terra: UST lost its peg from 7 May 2022 (low about $0.22 on Binance)
	// and LUNA fell from above $80 to below $1 in five days.
	{Name: "2022-05 LUNA collapse", Window: "2022-05-05/2022-05-13", BTC: -0.3280, ETH: -0.3841,
		Source: measured, Extra: []Shock{
			DepegShock("UST", 0.78, terraSource),
			SpotShock("LUNA", -0.99, terraSource)}},
	// The stETH discount of June 2022: as Celsius froze withdrawals and 3AC
	// unwound, stETH traded at about 0.94 ETH (0.93 on 13 June; the record
	// discount of about 8% was on single venues; Curve's stETH/ETH pool
	// stood near 78/22): shared/reference/model-validation.md §7 (CoinDesk
	// 2022-07-13, cryptosty), issue 14.
	{Name: "2022-06 3AC and Celsius", Window: "2022-06-10/2022-06-19", BTC: -0.4118, ETH: -0.5008,
		StETH: -0.06, Source: measured + "; stETH/ETH ≈ 0.94 (documented: CoinDesk 2022-07-13, " +
			"cryptosty.com on the Celsius stETH de-peg)"},
	{Name: "2022-11 FTX collapse", Window: "2022-11-07/2022-11-11", BTC: -0.2526, ETH: -0.3197,
		Source: measured, Extra: []Shock{SpotShock("FTT", -0.90,
			"FTT −90%: shared/reference/model-validation.md §7 (coinstelegram.com, \"Bitcoin has "+
				"fallen below $17,000 amid the FTX exchange's liquidity crisis; the FTT token collapsed by 90%\")")}},
	// The tariff wick: after the 100% tariff announcement on Friday
	// 10 October 2025, BTC fell from $123,000 to $102,000 (−16.9%) and ETH
	// from $4,346 to $3,574 (−17.8%) within three hours, as $19 billion of
	// leveraged positions were liquidated (CoinGlass); SOL and ADA fell
	// about 30% and an altcoin index almost 40%, which Other takes.
	// Stablecoins held their pegs on aggregate prices.
	{Name: "2025-10-10 tariff liquidation cascade", Window: "2025-10-10/2025-10-12", BTC: -0.169, ETH: -0.178,
		Other: -0.40, Source: "Blockscope Research, \"Beyond the Candle: the crypto apocalypse of " +
			"October 10\" (research.blockscope.co/the-october-crash); Yellow Research on the $19 billion " +
			"liquidation (yellow.com/research)", Extra: []Shock{DepegShock("USDe", 0.35,
			"USDe at about $0.65 on Binance's internal oracle (about $1.00 on Curve): "+
				"shared/reference/model-validation.md §7 and cascades.md table A11 (followin, Binance Square)")}},
	// The 24 December 2025 wick: one pair, Binance BTC/USD1, printed
	// 24,111.22 at about 09:15 UTC while BTC/USDT held about 86,400:
	// 24,111.22 / 86,400 − 1 = −72.09%. No oracle followed it (the Aave
	// feed's lowest was 85,858.59, −1.2%), so this is the counterfactual
	// of docs/WICK-2025-12-24.md, "the print on the BTC feed": library only.
	{Name: "2025-12-24 BTC wick (counterfactual)", Window: "2025-12-24/2025-12-25", BTC: -0.7209,
		LibraryOnly: true, Source: "docs/WICK-2025-12-24.md (Binance BTC/USD1 24,111.22 against " +
			"BTC/USDT about 86,400); shared/reference/model-validation.md"},
}

// terraSource documents the Terra episode's UST and LUNA moves.
const terraSource = "shared/reference/model-validation.md §7: UST low about $0.22 on Binance, " +
	"LUNA from above $80 to below $1 in five days (wiki.defillama.com/wiki/LUNA_Collapse_in_May_2022)"

// Episodes returns the built-in historical episodes.
func Episodes() []Episode { return append([]Episode(nil), episodes...) }

// btcFamily and ethFamily are root symbols that take the episode's BTC or
// ETH move (a wrapper such as WBTC follows its backing instead).
var (
	btcFamily = map[string]bool{"BTC": true, "WBTC": true, "cbBTC": true, "tBTC": true}
	ethFamily = map[string]bool{"ETH": true, "WETH": true, "stETH": true, "wstETH": true,
		"rETH": true, "weETH": true, "cbETH": true}
)

// ethRangeDefault is the range an episode's ETH move is scaled by.
const ethRangeDefault = 0.18

// EpisodeMove returns the episode's move of a non-stable root asset. Assets
// outside the BTC and ETH families take the episode's Other move when it
// documents one, else the ETH move scaled by their range
// relative to ETH's default 18% (a long-tail asset at 40% falls 2.2 times as
// far), at most −95%. This scaling is our inference, not measured data.
// Stablecoins do not move in the built-in episodes.
func (e *Episode) EpisodeMove(symbol string, priceRange float64) float64 {
	switch {
	case btcFamily[symbol]:
		return e.BTC
	case ethFamily[symbol]:
		return e.ETH
	case e.Other != 0:
		return e.Other
	}
	return math.Max(e.ETH*priceRange/ethRangeDefault, -0.95)
}

// stETHFamily are the liquid-staking symbols that carry an episode's stETH
// discount: stETH and its wrapper wstETH (when the market backs wstETH by
// stETH, it inherits the discount through its backing instead).
var stETHFamily = map[string]bool{"stETH": true, "wstETH": true}

func (b *builder) historical(f factors, p *Params) {
	for ei := range episodes {
		e := &episodes[ei]
		if e.LibraryOnly {
			continue
		}
		shocks := make([]shock, 0, len(f.nonStable))
		for _, i := range f.nonStable {
			sym := b.set.Assets[i]
			if mv := e.EpisodeMove(sym, p.Range(sym)); mv != 0 {
				shocks = append(shocks, shock{i, mv})
			}
		}
		if e.StETH != 0 {
			shocks = append(shocks, b.stETHShocks(e.StETH)...)
		}
		b.add(Scenario{Kind: KindHistorical, Asset: -1, Episode: int16(ei), Vol: VolUp, Fraction: 1,
			InRequirement: p.Historical}, shocks)
	}
}

// stETHShocks are the discount's own shocks: one on each stETH-family asset
// of the set that does not already move with another one (wstETH backed by
// stETH takes stETH's). A wrapper's return is then its backing's move plus
// the discount; a root stETH's, the ETH move plus the discount.
func (b *builder) stETHShocks(discount float64) []shock {
	var out []shock
	for i, sym := range b.set.Assets {
		if !stETHFamily[sym] {
			continue
		}
		inherits := false
		for j, other := range b.set.Assets {
			if j == i || !stETHFamily[other] {
				continue
			}
			for _, d := range b.dependants[j] {
				inherits = inherits || d.Asset == i
			}
		}
		if !inherits {
			out = append(out, shock{i, discount})
		}
	}
	return out
}

// correlated adds, for each risk asset with a market correlation to another
// risk asset of the set, a move by its whole range down and up (vol up) in
// which each correlated asset j moves ρ·range_j the same way: the
// conditional mean move E[r_j | r_i] = ρ·(σ_j/σ_i)·r_i with the ranges
// standing for the vols. Assets without a given correlation stay put.
func (b *builder) correlated(f factors) {
	for x, i := range f.risk {
		if len(f.partners[x]) == 0 {
			continue
		}
		for _, sign := range [2]float64{-1, 1} {
			shocks := []shock{{i, sign * f.ranges[x]}}
			for _, pt := range f.partners[x] {
				shocks = append(shocks, shock{f.risk[pt.risk], sign * pt.rho * f.ranges[pt.risk]})
			}
			b.add(Scenario{Kind: KindCorrelated, Asset: int32(i), Move: sign * f.ranges[x], Episode: -1,
				Vol: VolUp, Fraction: 1, InRequirement: b.stressInRequirement}, shocks)
		}
	}
}

// libraryVolMove is the vol shock of every library scenario on each moved
// asset with a vol: the unified set's vol-up shock at 30 days (+50%
// relative; Deribit, Derive), which the historical family also applies.
// Inferred, not measured: the episodes' sources give price moves only.
const libraryVolMove = 0.5

const libraryVolSource = "inferred: the unified set's vol-up shock at 30 days (+50% relative; " +
	"Deribit, Derive), as the historical stress family applies it; the sources give price moves only"

// Library returns the built-in historical scenarios as named scenarios on
// m's assets, oldest first: every episode (the scenario set's historical
// family and the library-only ones). Each non-stable root asset of m moves
// by the episode's move (EpisodeMove, with rangeOf giving its scenario
// range), wrappers follow their backing (Named.Shift), the stETH discount
// is a depeg of each stETH-family asset not backed by another, and the
// Extra moves apply to the assets m has. Every shock carries its source.
func Library(m *market.Snapshot, rangeOf func(symbol string) float64) []Named {
	out := make([]Named, 0, len(episodes))
	for ei := range episodes {
		e := &episodes[ei]
		sc := Named{Name: e.Name, Source: e.Source + " (window " + e.Window + " UTC)"}
		extra := map[string]bool{}
		for _, x := range e.Extra {
			extra[x.Asset] = true
		}
		for _, sym := range m.Symbols() {
			a := m.Asset(sym)
			if !a.IsRoot() || a.Class == market.ClassStable || extra[sym] {
				continue
			}
			mv := e.EpisodeMove(sym, rangeOf(sym))
			if mv == 0 {
				continue
			}
			sc.Shocks = append(sc.Shocks, SpotShock(sym, mv, e.moveSource(sym)))
			if m.HasVol(sym) {
				sc.Shocks = append(sc.Shocks, VolMoveShock(sym, libraryVolMove, libraryVolSource))
			}
		}
		if e.StETH != 0 {
			for _, sym := range m.Symbols() {
				if stETHFamily[sym] && !backedByFamily(m, sym) {
					sc.Shocks = append(sc.Shocks, DepegShock(sym, -e.StETH, e.Source))
				}
			}
		}
		for _, x := range e.Extra {
			if m.Asset(x.Asset) != nil {
				sc.Shocks = append(sc.Shocks, x)
			}
		}
		out = append(out, sc)
	}
	return out
}

// moveSource is the source of the episode's move of sym.
func (e *Episode) moveSource(sym string) string {
	switch {
	case btcFamily[sym] || ethFamily[sym]:
		return e.Source
	case e.Other != 0:
		return e.Source + " (the altcoin move)"
	}
	return "inferred: the episode's ETH move scaled by the asset's range relative to ETH's 18%, " +
		"at most −95% (" + e.Source + ")"
}

// backedByFamily reports whether sym is backed (at any depth) by another
// stETH-family asset of m, whose discount it then inherits.
func backedByFamily(m *market.Snapshot, sym string) bool {
	a := m.Asset(sym)
	if a == nil {
		return false
	}
	for _, b := range a.BackedBy {
		if stETHFamily[b.Asset] || backedByFamily(m, b.Asset) {
			return true
		}
	}
	return false
}
