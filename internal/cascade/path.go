// Price paths: historical hourly windows, documented shocks, instant
// shocks, CSV files and Monte Carlo with jumps and fat tails.
package cascade

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/scenario"
)

// Assets are the markets the simulator models, named as in market data.
// stETH is a wrapper of WETH: its price is WETH's (with the cascade's
// impact on WETH) times its own peg, which only its own path and its own
// sales move. wstETH holdings are carried as stETH at the wrapping ratio.
var Assets = [NumAssets]string{"WETH", "WBTC", "stETH"}

// NumAssets is the number of modelled risky assets.
const NumAssets = 3

// Asset indices.
const (
	aWETH = iota
	aWBTC
	aStETH
)

// backing is the asset each one is pegged to (−1: a root). A wrapper comes
// after its backing, so prices can be set in index order.
var backing = [NumAssets]int{-1, -1, aWETH}

// aliases are other market-data names a path may use for a modelled asset.
var aliases = map[string]int{"ETH": aWETH, "BTC": aWBTC, "wstETH": aStETH}

//go:embed data
var dataFS embed.FS

// Path is an exogenous price path: Prices[t][a] for t = 0..Steps, the
// primary asset (the first one the path moves) and the hours one step
// spans (for the decay of impact).
type Path struct {
	Name         string
	Prices       [][NumAssets]float64
	Primary      int
	HoursPerStep float64
}

// ErrUnknownPath is returned for a path name that is none of the forms.
var ErrUnknownPath = fmt.Errorf("unknown path")

// PathNames lists the built-in named paths.
func PathNames() []string {
	return []string{"2021-05-19", "2022-11-08", "2020-03-12", "2025-10-10", "mc",
		"shock:ASSET:MOVE", "FILE.csv"}
}

// defaultStart are start prices for paths that do not carry their own
// (instant shocks, Monte Carlo): the last hourly prices of the shared
// data set (2023-02-25), stETH at par.
var defaultStart = [NumAssets]float64{1600, 23000, 1600}

// AssetIndex returns the index of a market-data asset name (or an alias:
// ETH, BTC, wstETH), or -1.
func AssetIndex(sym string) int {
	for i, s := range Assets {
		if s == sym {
			return i
		}
	}
	if a, ok := aliases[sym]; ok {
		return a
	}
	return -1
}

// follow sets every wrapper the path does not name to its backing's path
// (stETH at par with WETH: a peg that holds).
func (p *Path) follow(named [NumAssets]bool) {
	for a := range NumAssets {
		b := backing[a]
		if b < 0 || named[a] {
			continue
		}
		for t := range p.Prices {
			p.Prices[t][a] = p.Prices[t][b]
		}
	}
}

// LoadPath builds the path named by spec with steps steps. readFile reads
// a CSV path file; seed drives Monte Carlo. Errors: ErrUnknownPath wrapped
// with the name, or a CSV problem.
func LoadPath(spec string, steps int, seed uint64, readFile func(string) ([]byte, error)) (*Path, error) {
	if steps <= 0 {
		return nil, fmt.Errorf("steps must be > 0, got %d", steps)
	}
	switch {
	case spec == "2021-05-19":
		return historical(spec, "2021-05-18T00:00:00Z", "2021-05-21T00:00:00Z", steps)
	case spec == "2022-11-08":
		return historical(spec, "2022-11-06T00:00:00Z", "2022-11-12T00:00:00Z", steps)
	case spec == "2020-03-12" || spec == "2025-10-10":
		return documented(spec, steps)
	case spec == "mc":
		return MonteCarlo(steps, seed), nil
	case strings.HasPrefix(spec, "shock:"):
		return shockPath(spec, steps)
	case strings.HasSuffix(strings.ToLower(spec), ".csv"):
		data, err := readFile(spec)
		if err != nil {
			return nil, err
		}
		return csvPath(spec, data, steps)
	}
	return nil, fmt.Errorf("%w %q (want one of %s)", ErrUnknownPath, spec, strings.Join(PathNames(), ", "))
}

// historical resamples the embedded hourly WETH and WBTC prices of
// [from, to) to steps steps by linear interpolation in time.
func historical(name, from, to string, steps int) (*Path, error) {
	t0, _ := time.Parse(time.RFC3339, from)
	t1, _ := time.Parse(time.RFC3339, to)
	var series [NumAssets][]PricePoint
	for a, sym := range Assets {
		if backing[a] >= 0 {
			continue // no wrapper prices in the data set: the peg holds (follow)
		}
		data, err := dataFS.ReadFile("data/" + sym + "_usd.csv")
		if err != nil {
			return nil, err
		}
		pts, err := readHourly(data, t0.UnixMilli(), t1.UnixMilli())
		if err != nil {
			return nil, fmt.Errorf("embedded %s prices: %w", sym, err)
		}
		series[a] = pts
	}
	p := &Path{Name: name, Prices: make([][NumAssets]float64, steps+1),
		HoursPerStep: t1.Sub(t0).Hours() / float64(steps)}
	for t := 0; t <= steps; t++ {
		ms := float64(t0.UnixMilli()) + float64(t)/float64(steps)*float64(t1.UnixMilli()-t0.UnixMilli())
		for a := range NumAssets {
			if backing[a] < 0 {
				p.Prices[t][a] = interpolate(series[a], ms)
			} else {
				p.Prices[t][a] = 1 // set by follow
			}
		}
	}
	p.follow([NumAssets]bool{})
	p.Primary = primaryOf(p)
	return p, nil
}

func readHourly(data []byte, from, to int64) ([]PricePoint, error) {
	r := csv.NewReader(bytes.NewReader(data))
	var out []PricePoint
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if i == 0 || len(rec) < 3 {
			continue
		}
		ms, err1 := strconv.ParseInt(rec[1], 10, 64)
		px, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("row %d: bad number", i+1)
		}
		// keep one point before and after the window for interpolation
		if ms >= from-2*3600_000 && ms <= to+2*3600_000 {
			out = append(out, PricePoint{ms, px})
		}
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("no prices in the window")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ms < out[j].Ms })
	return out, nil
}

func interpolate(pts []PricePoint, ms float64) float64 {
	i := sort.Search(len(pts), func(i int) bool { return float64(pts[i].Ms) >= ms })
	if i == 0 {
		return pts[0].Price
	}
	if i == len(pts) {
		return pts[len(pts)-1].Price
	}
	a, b := pts[i-1], pts[i]
	w := (ms - float64(a.Ms)) / float64(b.Ms-a.Ms)
	return a.Price + w*(b.Price-a.Price)
}

// documented builds a path from a scenario episode's measured peak-to-trough
// moves: a fall (log-linear) over the first 60% of the window, then flat.
// Start prices are those the episode's sources give (BTC about 7,300 and
// ETH about 190 on 12 March 2020; BTC 123,000 and ETH 4,346 on 10 October
// 2025). The 2025 fall took about three hours of a two-day window.
func documented(name string, steps int) (*Path, error) {
	var ep *scenario.Episode
	for _, e := range scenario.Episodes() {
		if strings.HasPrefix(e.Name, name) {
			e := e
			ep = &e
		}
	}
	if ep == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownPath, name)
	}
	start := [NumAssets]float64{190, 7300, 190}
	fallFrac, hours := 0.6, 48.0
	if name == "2025-10-10" {
		start = [NumAssets]float64{4346, 123000, 4346}
		fallFrac, hours = 3.0/48, 48
	}
	moves := [NumAssets]float64{ep.ETH, ep.BTC, ep.ETH} // stETH held its peg in both
	p := &Path{Name: name, Prices: make([][NumAssets]float64, steps+1), HoursPerStep: hours / float64(steps)}
	for t := 0; t <= steps; t++ {
		x := math.Min(1, float64(t)/(fallFrac*float64(steps)))
		for a := range NumAssets {
			p.Prices[t][a] = start[a] * math.Exp(x*math.Log1p(moves[a]))
		}
	}
	p.Primary = primaryOf(p)
	return p, nil
}

// maxShockMove bounds a shock's rise: +1000%, beyond any scenario (a move
// of 1e308 ran until the plots met an infinite price).
const maxShockMove = 10.0

// shockPath parses shock:ASSET:MOVE: an instant move of one asset at step 1.
func shockPath(spec string, steps int) (*Path, error) {
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w %q (want shock:ASSET:MOVE, e.g. shock:WETH:-0.30)", ErrUnknownPath, spec)
	}
	a := AssetIndex(parts[1])
	if a < 0 {
		return nil, fmt.Errorf("path %q: unknown asset %q (want one of %s, or ETH, BTC, wstETH)", spec, parts[1],
			strings.Join(Assets[:], ", "))
	}
	move, err := strconv.ParseFloat(parts[2], 64)
	if err != nil || !(move > -1 && move <= maxShockMove) {
		return nil, fmt.Errorf("path %q: move %q must be a number between -1 (excluded) and %g (+%g%%)", spec, parts[2],
			maxShockMove, 100*maxShockMove)
	}
	return Shock(a, move, steps), nil
}

// Shock is an instant move of asset a by move (−0.3 = −30%) at step 1 from
// the default start prices; wrappers of a move with it (their peg holds),
// every other asset stays flat. A shock to a wrapper is a depeg.
func Shock(a int, move float64, steps int) *Path {
	p := &Path{Name: fmt.Sprintf("shock:%s:%g", Assets[a], move), Prices: make([][NumAssets]float64, steps+1),
		Primary: a, HoursPerStep: 1}
	for t := range p.Prices {
		p.Prices[t] = defaultStart
		if t >= 1 {
			p.Prices[t][a] *= 1 + move
		}
	}
	var named [NumAssets]bool
	named[a] = true
	p.follow(named)
	return p
}

// csvPath reads a CSV whose header names asset columns (WETH, WBTC; other
// columns such as time or step are ignored) and resamples its rows to steps.
func csvPath(name string, data []byte, steps int) (*Path, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(rows) < 3 {
		return nil, fmt.Errorf("%s: want a header and at least two rows of prices", name)
	}
	col := [NumAssets]int{-1, -1, -1}
	var named [NumAssets]bool
	for i, h := range rows[0] {
		if a := AssetIndex(strings.TrimSpace(h)); a >= 0 && Assets[a] == strings.TrimSpace(h) {
			col[a], named[a] = i, true
		}
	}
	if col[aWETH] < 0 && col[aWBTC] < 0 && col[aStETH] < 0 {
		return nil, fmt.Errorf("%s: header names no asset column (want WETH, WBTC and/or stETH)", name)
	}
	raw := make([][NumAssets]float64, 0, len(rows)-1)
	for r, rec := range rows[1:] {
		var px [NumAssets]float64
		for a := range NumAssets {
			px[a] = defaultStart[a]
			if col[a] < 0 {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[col[a]]), 64)
			if err != nil || !(v > 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: row %d: %s price %q must be a number > 0", name, r+2, Assets[a], rec[col[a]])
			}
			px[a] = v
		}
		raw = append(raw, px)
	}
	p := &Path{Name: name, Prices: make([][NumAssets]float64, steps+1), HoursPerStep: float64(len(raw)-1) / float64(steps)}
	for t := 0; t <= steps; t++ {
		x := float64(t) / float64(steps) * float64(len(raw)-1)
		i := min(int(x), len(raw)-2)
		w := x - float64(i)
		for a := range NumAssets {
			p.Prices[t][a] = raw[i][a] + w*(raw[i+1][a]-raw[i][a])
		}
	}
	p.follow(named)
	p.Primary = primaryOf(p)
	return p, nil
}

// MonteCarlo is a two-root hourly path (stETH keeps its peg): Student-t (5 degrees of freedom)
// diffusion with 80% correlation, annual vols 75% (ETH) and 60% (BTC), and
// downward Poisson jumps (0.5% a step, mean −8%, with ETH falling 1.3 times
// as far), from the default start prices. Deterministic for seed.
func MonteCarlo(steps int, seed uint64) *Path {
	r := rand.New(rand.NewPCG(seed, 0x6d63))
	p := &Path{Name: "mc", Prices: make([][NumAssets]float64, steps+1), HoursPerStep: 1}
	p.Prices[0] = defaultStart
	const nu, rho, jumpP, jumpMean = 5.0, 0.8, 0.005, -0.08
	vol := [NumAssets]float64{0.75, 0.60, 0.75}
	dt := 1.0 / (365 * 24)
	scale := math.Sqrt((nu - 2) / nu)
	for t := 1; t <= steps; t++ {
		chi := 0.0
		for range int(nu) {
			z := r.NormFloat64()
			chi += z * z
		}
		w := math.Sqrt(nu/chi) * scale
		z1, z2 := r.NormFloat64(), r.NormFloat64()
		z := [NumAssets]float64{z1 * w, (rho*z1 + math.Sqrt(1-rho*rho)*z2) * w, z1 * w}
		jump := 0.0
		if r.Float64() < jumpP {
			jump = jumpMean * (0.5 + r.ExpFloat64()*0.5)
		}
		for a := range NumAssets {
			j := jump
			if a == 0 {
				j *= 1.3
			}
			lr := vol[a]*math.Sqrt(dt)*z[a] - 0.5*vol[a]*vol[a]*dt + math.Log1p(math.Max(j, -0.9))
			p.Prices[t][a] = p.Prices[t-1][a] * math.Exp(lr)
		}
	}
	p.follow([NumAssets]bool{})
	p.Primary = primaryOf(p)
	return p
}

// primaryOf is the first asset the path moves (the earliest step with a
// change; ties to the larger relative move), WETH when nothing moves.
func primaryOf(p *Path) int {
	for t := 1; t < len(p.Prices); t++ {
		best, bestMove := -1, 0.0
		for a := range NumAssets {
			m := math.Abs(p.Prices[t][a]/p.Prices[0][a] - 1)
			if m > 1e-12 && m > bestMove {
				best, bestMove = a, m
			}
		}
		if best >= 0 {
			return best
		}
	}
	return 0
}

// Scaled returns the path with every move from the start scaled by k in
// log terms (k = 1 is the path itself); used by the shock-size sweep.
func (p *Path) Scaled(k float64) *Path {
	q := &Path{Name: p.Name, Prices: make([][NumAssets]float64, len(p.Prices)), Primary: p.Primary,
		HoursPerStep: p.HoursPerStep}
	for t := range p.Prices {
		for a := range NumAssets {
			q.Prices[t][a] = p.Prices[0][a] * math.Exp(k*math.Log(p.Prices[t][a]/p.Prices[0][a]))
		}
	}
	return q
}

// Flat says whether the path is one move then constant (a shock): every
// price from step 1 on equals step 1's.
func (p *Path) Flat() bool {
	for t := 2; t < len(p.Prices); t++ {
		if p.Prices[t] != p.Prices[1] {
			return false
		}
	}
	return true
}
