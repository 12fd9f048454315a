// The 24 December 2025 BTC flash wick replayed on the real Aave v3 whale
// positions (data/wick_2025_12_24, copies of the shared data set
// aave-v3-whales-2025-12: 05 collateral and USDT debt per address, 12 the
// export's own health factor and ETH/BTC liquidation price per address, 02
// the per-block DEX trades, 09 the CEX minute benchmark).
//
// Contract. Every health factor and liquidation price of an address is the
// engine's Aave v3 model (venue.Margin, venue.LiquidationPrices on the
// aave-v3 model) on a portfolio.json book built from the data, at the
// cascade's embedded market moved to the prices named; no margin
// arithmetic here. The simulation is Simulate on ParsePopulation of the same
// books, per account (so each account's first liquidation step is its own)
// and for the whole population (Compare). The replay is of an observed
// oracle path, so it runs without price impact (the prints already carry
// the selling there was). Deterministic: no clock, no randomness.
package cascade

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const wickDir = "data/wick_2025_12_24/"

// WickUSD1Low is the print of Binance's BTC/USD1 pair at about 09:15 UTC on
// 24 December 2025 (shared reference model-validation.md: that pair only,
// recovered in seconds, BTC/USDT held about 86.4k, no market-wide
// liquidations). No oracle followed it; the counterfactual run asks what
// would have happened had Aave's BTC feed printed it for one slot.
const WickUSD1Low = 24111.22

// wickUSD1Time is the slot the counterfactual prints WickUSD1Low in.
const wickUSD1Time = "2025-12-24T09:15:11Z"

// wickSlot is Ethereum's slot time: the path's step.
const wickSlot = 12 * time.Second

// WickValuation are the prices the data set's USD estimates use: in 05,
// collateral_usd_estimate / token_amount is 3,000.00 for every WETH,
// weETH and wstETH row and 90,000.00 for WBTC (TestWickValuationPrices
// reads them back). The engine is compared with the export at these.
var WickValuation = [NumAssets]float64{3000, 90000, 3000}

// wickNoPrice is the export's liquidation price for an account whose
// health factor it gives below 1 (it could not value the collateral).
const wickNoPrice = 999999

// wickAssets are the 05 asset names the engine margins, as market symbols;
// why every other name is left out.
var wickAssets = map[string]string{"WETH": "WETH", "WBTC": "WBTC", "wstETH": "wstETH", "USDC": "USDC", "USDT": "USDT"}

var wickLeftOut = map[string]string{
	"weETH":            "weETH is not a reserve of the engine's Aave parameter set (aave-v3-ethereum-2023-10-31; listed later)",
	"sDAI":             "sDAI has no price in the cascade's market",
	"Other Collateral": "the export does not name the asset",
}

// WickRecord is one address of 12_whale_liquidation_triggers.csv.
type WickRecord struct {
	Address  string  `json:"address"`
	DebtUSDT float64 `json:"outstanding_debt_usdt"`
	HF       float64 `json:"health_factor"`
	// Liq is the recorded liquidation price of WETH and WBTC (index by
	// asset; 0: none, as the export writes for an asset not held);
	// LiquidationPrice the same by asset name, for JSON.
	Liq              [NumAssets]float64 `json:"-"`
	LiquidationPrice map[string]float64 `json:"liquidation_price"`
	// NoPrice: the export writes 999999 for both prices (its health factor
	// is below 1: it could not value the collateral).
	NoPrice bool `json:"no_price"`
}

// WickAddress is one address with positions in 05, as the engine margins it.
type WickAddress struct {
	Address  string `json:"address"`
	Nickname string `json:"nickname"`
	// Book is the portfolio.json the engine margins: one aave-v3 venue on
	// Ethereum with the collateral rows it can value and the USDT debt.
	Book json.RawMessage `json:"book"`
	// DebtUSDT is the debt the book carries: 12's outstanding debt when the
	// address is there (the debt its recorded health factor uses), else
	// 05's; Debt05 is 05's figure.
	DebtUSDT float64           `json:"debt_usdt"`
	Debt05   float64           `json:"debt_05_usdt"`
	LeftOut  []string          `json:"left_out"`
	amounts  map[string]string // 05's amount per symbol in the book
	Record   *WickRecord       `json:"recorded"`
	// HF and Liq (WETH, WBTC) at WickValuation; HFStart at the path's start.
	HF      *float64            `json:"health_factor"`
	HFStart *float64            `json:"health_factor_at_path_start"`
	Liq     [NumAssets]*float64 `json:"-"`
	// LiquidationPrice is Liq by asset name (WETH, WBTC; null: none), for JSON.
	LiquidationPrice map[string]*float64 `json:"liquidation_price"`
	// Reading is the engine on the export's own reading of the address
	// (nil when 12 has no price for it): see ExportReading.
	Reading *ExportReading `json:"export_reading"`
}

// ExportReading is the engine run on what the export's health factor and
// liquidation price count: only the collateral of the asset whose
// liquidation price 12 records (its 05 amount), at that row's liquidation
// threshold in 06 (a parameter override of the engine's set), at
// WickValuation. Where it matches 12 and the full book does not, the
// difference is what the export leaves out (other collateral) and its
// thresholds; where it does not match either, the export's files disagree.
type ExportReading struct {
	Asset  string   `json:"asset"`
	Amount string   `json:"amount"`
	LTBps  int      `json:"liquidation_threshold_bps"`
	HF     *float64 `json:"health_factor"`
	Liq    *float64 `json:"liquidation_price"`
}

// Crossing is an address whose liquidation price of Asset the path goes
// below, first at Step.
type Crossing struct {
	Address string  `json:"address"`
	Asset   string  `json:"asset"`
	Price   float64 `json:"liquidation_price"`
	Step    int     `json:"step"`
}

// WickOutcome is one address's simulation under one architecture.
type WickOutcome struct {
	Address       string  `json:"address"`
	FirstStep     int     `json:"first_liquidation_step"` // −1: never liquidated
	LiquidatedUSD float64 `json:"liquidated_usd"`
	BadDebtUSD    float64 `json:"bad_debt_usd"`
	ResizedUSD    float64 `json:"resized_usd"` // hub and uct: notional given up at the start
}

// WickRun is one path: the crossings the recorded and the engine's
// liquidation prices predict, and what each architecture did.
type WickRun struct {
	Path *Path  `json:"-"`
	Name string `json:"path"`
	// MinPrice is the path's lowest WETH and WBTC.
	MinPrice map[string]float64 `json:"min_price"`
	// Recorded: every 12 address whose recorded price the path crosses;
	// Engine: every address with positions whose engine price it crosses.
	Recorded []Crossing `json:"recorded_crossings"`
	Engine   []Crossing `json:"engine_crossings"`
	// Liquidated are the addresses the isolated architecture liquidated,
	// in order (first step, then the higher engine liquidation price).
	Liquidated []string                 `json:"isolated_liquidated"`
	Outcomes   map[string][]WickOutcome `json:"outcomes"`
	Report     *Report                  `json:"comparison"`
}

// WickReport is the whole replay.
type WickReport struct {
	Records   []WickRecord  `json:"recorded"`
	Addresses []WickAddress `json:"addresses"`
	Runs      []WickRun     `json:"runs"`
	// CEXMin is the CEX minute benchmark's lowest WBTC and WETH.
	CEXMin map[string]float64 `json:"cex_min_price"`
}

// RunWick replays the real oracle path and the BTC/USD1 counterfactual
// under isolated, hub and uct with cfg (its impact scale is set to 0: see
// the file comment). Errors: the embedded data unreadable, or a book the
// engine refuses (a bug in the data's translation).
func RunWick(ctx context.Context, cfg Config) (*WickReport, error) {
	cfg.ImpactScale = 0
	recs, err := wickRecords()
	if err != nil {
		return nil, err
	}
	addrs, err := wickAddresses(recs)
	if err != nil {
		return nil, err
	}
	real, t0, cexMin, err := wickPath()
	if err != nil {
		return nil, err
	}
	cf, err := wickCounterfactual(real, t0)
	if err != nil {
		return nil, err
	}
	rep := &WickReport{Records: recs, Addresses: addrs, CEXMin: cexMin}
	lts, err := wickThresholds()
	if err != nil {
		return nil, err
	}
	for i := range addrs {
		if err := addrs[i].margin(real.Prices[0], lts); err != nil {
			return nil, err
		}
	}
	for _, p := range []*Path{real, cf} {
		run, err := wickRun(ctx, rep, p, &cfg)
		if err != nil {
			return nil, err
		}
		rep.Runs = append(rep.Runs, *run)
	}
	return rep, nil
}

// EngineFigures are the engine's Aave health factor and WETH and WBTC
// liquidation prices (nil: none) of a book at prices p. For a book holding
// a wrapper (wstETH) but not WETH, the WETH price is the wrapper's divided
// by its exchange rate (Aave prices it so: venue.ExchangeRateOracle).
func EngineFigures(book []byte, p [NumAssets]float64) (hf *float64, liq [NumAssets]*float64, err error) {
	m, err := Market(p)
	if err != nil {
		return nil, liq, err
	}
	b, err := portfolio.Parse(book)
	if err != nil {
		return nil, liq, err
	}
	if err := portfolio.Check(b, m); err != nil {
		return nil, liq, err
	}
	v := &b.Venues[0]
	r, err := venue.Margin(v, m)
	if err != nil {
		return nil, liq, err
	}
	lp, err := venue.LiquidationPrices(v, m)
	if err != nil {
		return nil, liq, err
	}
	liq[aWETH], liq[aWBTC] = lp["WETH"], lp["WBTC"]
	if w := lp["wstETH"]; liq[aWETH] == nil && w != nil {
		x := *w * m.Spot("WETH") / m.Spot("wstETH")
		liq[aWETH] = &x
	}
	return r.Health, liq, nil
}

func (a *WickAddress) margin(start [NumAssets]float64, lts map[string]float64) error {
	var err error
	if a.HF, a.Liq, err = EngineFigures(a.Book, WickValuation); err != nil {
		return fmt.Errorf("address %s at the data's prices: %w", a.Address, err)
	}
	if a.HFStart, _, err = EngineFigures(a.Book, start); err != nil {
		return fmt.Errorf("address %s at the path start: %w", a.Address, err)
	}
	a.LiquidationPrice = map[string]*float64{"WETH": a.Liq[aWETH], "WBTC": a.Liq[aWBTC]}
	if a.Record == nil || a.Record.NoPrice {
		return nil
	}
	asset := -1
	for _, k := range []int{aWETH, aWBTC} {
		if a.Record.Liq[k] > 0 {
			asset = k
		}
	}
	if asset < 0 || a.amounts[Assets[asset]] == "" {
		return nil
	}
	sym := Assets[asset]
	r := &ExportReading{Asset: sym, Amount: a.amounts[sym], LTBps: int(math.Round(lts[a.Address+"/"+sym] * 1e4))}
	book, _ := json.Marshal(map[string]any{"account": a.Address, "venues": []any{map[string]any{
		"id": "aave-v3", "model": "aave-v3", "chain": "ethereum",
		"params":     map[string]int{sym + ".liquidation_threshold": r.LTBps},
		"collateral": []any{map[string]string{"asset": sym, "amount": r.Amount}},
		"positions": []any{map[string]string{"kind": "borrow", "asset": "USDT",
			"amount": strconv.FormatFloat(a.DebtUSDT, 'f', -1, 64)}}}}})
	var liq [NumAssets]*float64
	if r.HF, liq, err = EngineFigures(book, WickValuation); err != nil {
		return fmt.Errorf("address %s, the export's reading: %w", a.Address, err)
	}
	r.Liq, a.Reading = liq[asset], r
	return nil
}

// wickThresholds reads 06 (embedded as aave_v3_whales_2025_12.csv): the
// liquidation threshold of each address's WETH and WBTC row, keyed
// "address/SYMBOL".
func wickThresholds() (map[string]float64, error) {
	data, err := dataFS.ReadFile("data/aave_v3_whales_2025_12.csv")
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("embedded whale file: %w", err)
	}
	out := map[string]float64{}
	for i, rec := range rows[1:] {
		if rec[1] != "WETH" && rec[1] != "WBTC" {
			continue
		}
		lt, err := wickNumber("aave_v3_whales_2025_12.csv", i, "liquidation_threshold", rec[2])
		if err != nil {
			return nil, err
		}
		out[strings.ToLower(rec[6])+"/"+rec[1]] = lt
	}
	return out, nil
}

func wickRun(ctx context.Context, rep *WickReport, p *Path, cfg *Config) (*WickRun, error) {
	run := &WickRun{Path: p, Name: p.Name, MinPrice: map[string]float64{}, Outcomes: map[string][]WickOutcome{}}
	for _, a := range []int{aWETH, aWBTC} {
		lo := p.Prices[0][a]
		for t := range p.Prices {
			lo = math.Min(lo, p.Prices[t][a])
		}
		run.MinPrice[Assets[a]] = lo
	}
	ids := make([]string, len(rep.Records))
	prices := make([][NumAssets]float64, len(rep.Records))
	for i, r := range rep.Records {
		ids[i] = r.Address
		if !r.NoPrice {
			prices[i] = r.Liq
		}
	}
	run.Recorded = Crossings(ids, prices, p)
	ids, prices = ids[:0], prices[:0]
	for _, a := range rep.Addresses {
		ids = append(ids, a.Address)
		var lp [NumAssets]float64
		for k, x := range a.Liq {
			if x != nil {
				lp[k] = *x
			}
		}
		prices = append(prices, lp)
	}
	run.Engine = Crossings(ids, prices, p)
	books := make([]json.RawMessage, len(rep.Addresses))
	for i := range rep.Addresses {
		books[i] = rep.Addresses[i].Book
	}
	doc, _ := json.Marshal(map[string]any{"accounts": books})
	pop, err := ParsePopulation(doc, p.Prices[0])
	if err != nil {
		return nil, err
	}
	archs := []Arch{Isolated, Hub, UCT}
	if run.Report, err = Run(ctx, &Job{Population: pop, Path: p, Archs: archs, Config: *cfg}, nil); err != nil {
		return nil, err
	}
	for _, arch := range archs {
		if run.Outcomes[arch.String()], err = outcomes(ctx, pop, p, arch, cfg); err != nil {
			return nil, err
		}
	}
	run.Liquidated = liquidatedOrder(run.Outcomes[Isolated.String()], run.Engine)
	return run, nil
}

// outcomes simulates every account of pop alone along p under arch.
func outcomes(ctx context.Context, pop *Population, p *Path, arch Arch, cfg *Config) ([]WickOutcome, error) {
	out := make([]WickOutcome, len(pop.Accounts))
	for i := range pop.Accounts {
		one := &Population{Accounts: pop.Accounts[i : i+1], Start: pop.Start}
		r, err := simulate(ctx, one, p, arch, cfg, nil)
		if err != nil {
			return nil, err
		}
		o := WickOutcome{Address: pop.Accounts[i].ID, FirstStep: -1, LiquidatedUSD: r.Metrics.LiquidatedUSD,
			BadDebtUSD: r.Metrics.BadDebtUSD, ResizedUSD: r.Metrics.ResizedUSD}
		for t, x := range r.Series.CumLiquidatedUSD {
			if x > 0 {
				o.FirstStep = t
				break
			}
		}
		out[i] = o
	}
	return out, nil
}

// liquidatedOrder lists the liquidated addresses by first step, then by
// the higher engine liquidation price (within one step a falling price
// passes the higher threshold first), then by address.
func liquidatedOrder(outs []WickOutcome, engine []Crossing) []string {
	price := map[string]float64{}
	for _, c := range engine {
		price[c.Address] = math.Max(price[c.Address], c.Price)
	}
	var hit []Crossing
	for _, o := range outs {
		if o.FirstStep >= 0 {
			hit = append(hit, Crossing{Address: o.Address, Price: price[o.Address], Step: o.FirstStep})
		}
	}
	sort.SliceStable(hit, func(i, j int) bool { return crossedFirst(&hit[i], &hit[j]) })
	out := make([]string, len(hit))
	for i, c := range hit {
		out[i] = c.Address
	}
	return out
}

// crossedFirst orders crossings by step, then the higher price (a falling
// price passes it first), then address.
func crossedFirst(a, b *Crossing) bool {
	if a.Step != b.Step {
		return a.Step < b.Step
	}
	if a.Price != b.Price {
		return a.Price > b.Price
	}
	return a.Address < b.Address
}

// Crossings lists the ids whose liquidation price (prices[i][a] > 0, long
// collateral: liquidated when the price falls below it) path p goes below,
// ordered by the first step it is below, then the higher price, then id.
// An id crossed on two assets is listed once, at its first crossing.
func Crossings(ids []string, prices [][NumAssets]float64, p *Path) []Crossing {
	var out []Crossing
	for i, id := range ids {
		best := Crossing{Step: -1}
		for a := range NumAssets {
			l := prices[i][a]
			if !(l > 0) {
				continue
			}
			for t := range p.Prices {
				if p.Prices[t][a] < l {
					if best.Step < 0 || t < best.Step || t == best.Step && l > best.Price {
						best = Crossing{Address: id, Asset: Assets[a], Price: l, Step: t}
					}
					break
				}
			}
		}
		if best.Step >= 0 {
			out = append(out, best)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return crossedFirst(&out[i], &out[j]) })
	return out
}

// readWickCSV reads an embedded file of the data set (byte-order mark
// dropped) as rows keyed by header name.
func readWickCSV(name string) ([]map[string]string, error) {
	data, err := dataFS.ReadFile(wickDir + name)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 2 {
		return nil, fmt.Errorf("embedded %s: want a header and rows (%v)", name, err)
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, rec := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(rec) {
				m[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

func wickNumber(file string, row int, field, s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return 0, fmt.Errorf("embedded %s: row %d: %s %q is not a number ≥ 0", file, row+2, field, s)
	}
	return x, nil
}

func wickRecords() ([]WickRecord, error) {
	const file = "12_whale_liquidation_triggers.csv"
	rows, err := readWickCSV(file)
	if err != nil {
		return nil, err
	}
	out := make([]WickRecord, 0, len(rows))
	for i, r := range rows {
		rec := WickRecord{Address: strings.ToLower(r["user_address"])}
		var eth, btc float64
		for _, f := range []struct {
			name string
			dst  *float64
		}{{"outstanding_debt_usdt", &rec.DebtUSDT}, {"current_hf", &rec.HF},
			{"eth_liquidation_price", &eth}, {"btc_liquidation_price", &btc}} {
			if *f.dst, err = wickNumber(file, i, f.name, r[f.name]); err != nil {
				return nil, err
			}
		}
		rec.LiquidationPrice = map[string]float64{}
		if eth == wickNoPrice && btc == wickNoPrice {
			rec.NoPrice = true
		} else {
			rec.Liq[aWETH], rec.Liq[aWBTC] = eth, btc
			for _, a := range []int{aWETH, aWBTC} {
				if rec.Liq[a] > 0 {
					rec.LiquidationPrice[Assets[a]] = rec.Liq[a]
				}
			}
		}
		out = append(out, rec)
	}
	return out, nil
}

// wickAddresses builds each 05 address's book: the rows the engine can
// value (wickAssets; rows above whaleMaxCollateralUSD are implausible for
// one address and left out as Whales does), and the USDT debt.
func wickAddresses(recs []WickRecord) ([]WickAddress, error) {
	const file = "05_whale_exposure_mapping.csv"
	rows, err := readWickCSV(file)
	if err != nil {
		return nil, err
	}
	byAddr := map[string]*WickAddress{}
	colls := map[string][]map[string]string{}
	var order []string
	for i, r := range rows {
		addr := strings.ToLower(r["original_user_address"])
		a := byAddr[addr]
		if a == nil {
			a = &WickAddress{Address: addr, Nickname: r["whale_nickname"], LeftOut: []string{},
				amounts: map[string]string{}}
			if a.Debt05, err = wickNumber(file, i, "debt_amount_usdt", r["debt_amount_usdt"]); err != nil {
				return nil, err
			}
			byAddr[addr] = a
			order = append(order, addr)
		}
		amount, usd := r["token_amount"], r["collateral_usd_estimate"]
		u, err := wickNumber(file, i, "collateral_usd_estimate", usd)
		if err != nil {
			return nil, err
		}
		sym, ok := wickAssets[r["asset_name"]]
		switch {
		case u == 0:
			continue
		case !ok:
			reason := wickLeftOut[r["asset_name"]]
			if reason == "" {
				reason = "not modelled"
			}
			a.LeftOut = append(a.LeftOut, fmt.Sprintf("%s %s ($%s): %s", amount, r["asset_name"], Human(u), reason))
		case u > whaleMaxCollateralUSD:
			a.LeftOut = append(a.LeftOut, fmt.Sprintf("%s %s ($%s): implausible for one address (over $%s)",
				amount, r["asset_name"], Human(u), Human(whaleMaxCollateralUSD)))
		default:
			if a.amounts[sym] != "" {
				return nil, fmt.Errorf("embedded %s: row %d: %s repeats %s", file, i+2, addr, sym)
			}
			a.amounts[sym] = amount
			colls[addr] = append(colls[addr], map[string]string{"asset": sym, "amount": amount})
		}
	}
	debt := map[string]WickRecord{}
	for _, r := range recs {
		debt[r.Address] = r
	}
	out := make([]WickAddress, 0, len(order))
	for _, addr := range order {
		a := byAddr[addr]
		a.DebtUSDT = a.Debt05
		if r, ok := debt[addr]; ok {
			r := r
			a.Record, a.DebtUSDT = &r, r.DebtUSDT
		}
		book := map[string]any{"account": addr, "venues": []any{map[string]any{
			"id": "aave-v3", "model": "aave-v3", "chain": "ethereum", "collateral": colls[addr],
			"positions": []any{map[string]string{"kind": "borrow", "asset": "USDT",
				"amount": strconv.FormatFloat(a.DebtUSDT, 'f', -1, 64)}}}}}
		a.Book, _ = json.Marshal(book)
		out = append(out, *a)
	}
	return out, nil
}

// wickPath is the oracle path of the morning: WBTC at each 12-second slot
// is the lowest DEX print of the block in it (02's MIN_PRICE; a slot with
// no swap keeps the last print), WETH the CEX minute benchmark (09; flat
// before its first and after its last minute), stETH at par with WETH. It
// also returns the time of its first step and the benchmark's lowest WBTC
// and WETH.
func wickPath() (*Path, time.Time, map[string]float64, error) {
	blocks, err := readWickCSV("02_block_aggregation.csv")
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	type blockLow struct {
		t     time.Time
		price float64
	}
	var btc []blockLow
	for i, b := range blocks {
		t, err := time.Parse(time.RFC3339, b["BLOCK_TIMESTAMP"])
		if err != nil {
			return nil, time.Time{}, nil, fmt.Errorf("embedded 02_block_aggregation.csv: row %d: BLOCK_TIMESTAMP: %v", i+2, err)
		}
		px, err := wickNumber("02_block_aggregation.csv", i, "MIN_PRICE", b["MIN_PRICE"])
		if err != nil {
			return nil, time.Time{}, nil, err
		}
		btc = append(btc, blockLow{t, px})
	}
	sort.SliceStable(btc, func(i, j int) bool { return btc[i].t.Before(btc[j].t) })
	cex, cexMin, err := wickCEX()
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	t0 := btc[0].t
	steps := int(btc[len(btc)-1].t.Sub(t0) / wickSlot)
	p := &Path{Name: "2025-12-24 oracle path (DEX block lows, CEX minute ETH)", Primary: aWBTC,
		Prices: make([][NumAssets]float64, steps+1), HoursPerStep: wickSlot.Hours()}
	j := 0
	for t := 0; t <= steps; t++ {
		at := t0.Add(time.Duration(t) * wickSlot)
		if t > 0 {
			p.Prices[t][aWBTC] = p.Prices[t-1][aWBTC]
		}
		// several blocks in a slot (none here: 12-second slots) keep the lowest
		for first := true; j < len(btc) && !btc[j].t.After(at); j++ {
			if first || btc[j].price < p.Prices[t][aWBTC] {
				p.Prices[t][aWBTC] = btc[j].price
			}
			first = false
		}
		p.Prices[t][aWETH] = cex.at(at)
	}
	p.follow([NumAssets]bool{})
	return p, t0, cexMin, nil
}

// minuteSeries is a CEX minute series of one symbol.
type minuteSeries struct {
	t  []time.Time
	px []float64
}

// at is the price of the minute containing t (flat outside the series).
func (s *minuteSeries) at(t time.Time) float64 {
	i := sort.Search(len(s.t), func(i int) bool { return s.t[i].After(t) })
	return s.px[max(0, i-1)]
}

func wickCEX() (*minuteSeries, map[string]float64, error) {
	const file = "09_oracle_market_benchmarking.csv"
	rows, err := readWickCSV(file)
	if err != nil {
		return nil, nil, err
	}
	eth := &minuteSeries{}
	type pt struct {
		t  time.Time
		px float64
	}
	var pts []pt
	lo := map[string]float64{}
	for i, r := range rows {
		t, err := time.Parse("02/01/2006 15:04", r["minute"])
		if err != nil {
			return nil, nil, fmt.Errorf("embedded %s: row %d: minute: %v", file, i+2, err)
		}
		px, err := wickNumber(file, i, "price", r["price"])
		if err != nil {
			return nil, nil, err
		}
		sym := r["symbol"]
		if v, ok := lo[sym]; !ok || px < v {
			lo[sym] = px
		}
		if sym == "WETH" {
			pts = append(pts, pt{t, px})
		}
	}
	if len(pts) == 0 {
		return nil, nil, fmt.Errorf("embedded %s: no WETH rows", file)
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].t.Before(pts[j].t) })
	for _, q := range pts {
		eth.t, eth.px = append(eth.t, q.t), append(eth.px, q.px)
	}
	return eth, map[string]float64{"WBTC": lo["WBTC"], "WETH": lo["WETH"]}, nil
}

// wickCounterfactual is the real path (first step at t0) with WBTC at
// WickUSD1Low for the one slot of wickUSD1Time.
func wickCounterfactual(real *Path, t0 time.Time) (*Path, error) {
	at, _ := time.Parse(time.RFC3339, wickUSD1Time)
	k := int(at.Sub(t0) / wickSlot)
	if k <= 0 || k >= len(real.Prices) {
		return nil, fmt.Errorf("counterfactual slot %s outside the path", wickUSD1Time)
	}
	p := &Path{Name: "counterfactual: Aave's BTC feed prints BTC/USD1's 24,111.22 for the slot of 09:15:11",
		Primary: aWBTC, HoursPerStep: real.HoursPerStep, Prices: append([][NumAssets]float64(nil), real.Prices...)}
	p.Prices[k][aWBTC] = WickUSD1Low
	return p, nil
}
