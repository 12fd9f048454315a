// Load parses and validates a market document (market.json in the contract).
// Every error is an *input.Error naming the JSON path and quoting the value.
package market

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

// DefaultStaleAfter is how old an oracle time may be before as_of.
const DefaultStaleAfter = time.Hour

// Limits on the document, so a hostile file cannot make us slow.
const (
	maxAssets        = 10_000
	maxSmilePoints   = 1_000
	maxSmiles        = 200
	maxPrice         = 1e30
	maxVol           = 100.0 // 10,000% a year
	maxRateMagnitude = 10.0
)

// Options tune validation.
type Options struct {
	StaleAfter time.Duration // 0 means DefaultStaleAfter
	AllowStale bool          // stale oracles become warnings instead of errors
}

// Load parses a market document.
func Load(data []byte, opts Options) (*Snapshot, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	if opts.StaleAfter == 0 {
		opts.StaleAfter = DefaultStaleAfter
	}
	obj, err := root.Object()
	if err != nil {
		return nil, err
	}
	s := &Snapshot{
		Assets: map[string]*Asset{}, Surfaces: map[string]*Surface{}, Rates: map[string]float64{},
		Correlations: map[string]float64{}, Forwards: map[string][]ForwardPoint{},
		VenuePrices: map[string]map[string]float64{},
	}
	steps := []func(*input.Object, *Snapshot) error{
		readAsOf, readAssets, readSurfaces, readRates, readCorrelations, readForwards, readVenuePrices,
		readFunding,
	}
	for _, step := range steps {
		if err := step(obj, s); err != nil {
			return nil, err
		}
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	if err := checkOracles(s, opts); err != nil {
		return nil, err
	}
	if err := checkBackingCycles(s); err != nil {
		return nil, err
	}
	return s, nil
}

func readAsOf(obj *input.Object, s *Snapshot) error {
	n, err := obj.Required("as_of")
	if err != nil {
		return err
	}
	s.AsOf, err = n.Time()
	return err
}

func readAssets(obj *input.Object, s *Snapshot) error {
	n, err := obj.Required("assets")
	if err != nil {
		return err
	}
	assets, err := n.Object()
	if err != nil {
		return err
	}
	entries := assets.Entries()
	if len(entries) > maxAssets {
		return input.Errorf(n.Path, "has %d assets, more than the limit of %d", len(entries), maxAssets)
	}
	for _, e := range entries {
		if err := checkSymbol(e.Node.Path, e.Key); err != nil {
			return err
		}
		a, err := readAsset(e.Key, e.Node)
		if err != nil {
			return err
		}
		s.Assets[e.Key] = a
	}
	for _, sym := range s.Symbols() {
		for _, b := range s.Assets[sym].BackedBy {
			if s.Assets[b.Asset] == nil {
				return input.Invalid(input.Join(input.Join("assets", sym), "backed_by"), b.Asset,
					"names an asset missing from the market")
			}
		}
	}
	return nil
}

func checkSymbol(path, sym string) error {
	if sym == "" || len(sym) > 32 || strings.ContainsAny(sym, " \t\n/\"") {
		return input.Invalid(path, sym, "is not a valid asset symbol")
	}
	return nil
}

// PositiveDecimal parses a decimal string that must be > 0 and ≤ limit.
func PositiveDecimal(n input.Node, limit float64) (money.Decimal, float64, error) {
	d, err := n.Decimal()
	if err != nil {
		return money.Decimal{}, 0, err
	}
	text := n.Text()
	if d.Sign() <= 0 {
		return money.Decimal{}, 0, input.Invalid(n.Path, text, "must be > 0")
	}
	f := d.Float64()
	if f > limit {
		return money.Decimal{}, 0, input.Invalid(n.Path, text, "must be ≤ %g", limit)
	}
	return d, f, nil
}

// NonNegativeFloat parses a number or decimal string that must be ≥ 0 and ≤ limit.
func NonNegativeFloat(n input.Node, limit float64) (float64, error) {
	f, err := n.Float()
	if err != nil {
		return 0, err
	}
	if f < 0 {
		return 0, input.Invalid(n.Path, n.Text(), "must be ≥ 0")
	}
	if f > limit {
		return 0, input.Invalid(n.Path, n.Text(), "must be ≤ %g", limit)
	}
	return f, nil
}

func readAsset(sym string, n input.Node) (*Asset, error) {
	obj, err := n.Object()
	if err != nil {
		return nil, err
	}
	a := &Asset{Asset: money.Asset{Symbol: sym, Decimals: money.DefaultDecimals}, Class: DefaultClass(sym)}
	if d, ok := money.BuiltinDecimals(sym); ok {
		a.Decimals = d
	}
	pn, err := obj.Required("price")
	if err != nil {
		return nil, err
	}
	if a.PriceExact, a.Price, err = PositiveDecimal(pn, maxPrice); err != nil {
		return nil, err
	}
	a.exactFloat, a.exactKnown = a.Price, true // PositiveDecimal's float is PriceExact.Float64()
	if vn, ok := obj.Optional("vol"); ok {
		if a.Vol, err = NonNegativeFloat(vn, maxVol); err != nil {
			return nil, err
		}
		a.HasVol = true
	}
	for _, read := range []func(*input.Object, *Asset) error{readAssetClass, readAssetDecimals, readAssetOracle, readAssetDepth, readAssetBacking, readAssetAPRs} {
		if err := read(obj, a); err != nil {
			return nil, err
		}
	}
	return a, obj.Finish()
}

func readAssetClass(obj *input.Object, a *Asset) error {
	n, ok := obj.Optional("class")
	if !ok {
		return nil
	}
	c, err := n.String()
	if err != nil {
		return err
	}
	switch Class(c) {
	case ClassStable, ClassMajor, ClassLongTail:
		a.Class = Class(c)
		return nil
	}
	return input.Invalid(n.Path, c, "must be one of stable, major, long_tail")
}

func readAssetDecimals(obj *input.Object, a *Asset) error {
	n, ok := obj.Optional("decimals")
	if !ok {
		return nil
	}
	d, err := n.Int()
	if err != nil {
		return err
	}
	if d < 0 || d > 36 {
		return input.Invalid(n.Path, n.Text(), "must be between 0 and 36")
	}
	a.Decimals, a.DecimalsGiven = uint8(d), true
	return nil
}

func readAssetOracle(obj *input.Object, a *Asset) error {
	n, ok := obj.Optional("oracle_time")
	if !ok {
		return nil
	}
	t, err := n.Time()
	a.OracleTime = t
	return err
}

func readAssetDepth(obj *input.Object, a *Asset) error {
	if n, ok := obj.Optional("depth_usd"); ok {
		_, f, err := PositiveDecimal(n, maxPrice)
		if err != nil {
			return err
		}
		a.DepthUSD, a.HasDepth = f, true
	}
	if n, ok := obj.Optional("spread_bps"); ok {
		f, err := NonNegativeFloat(n, 10_000)
		if err != nil {
			return err
		}
		a.SpreadBps = f
	}
	return nil
}

func readAssetBacking(obj *input.Object, a *Asset) error {
	n, ok := obj.Optional("backed_by")
	if !ok {
		return nil
	}
	bo, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range bo.Entries() {
		if e.Key == a.Symbol {
			return input.Invalid(e.Node.Path, e.Key, "backing cycle: %s is backed by itself", a.Symbol)
		}
		d, f, err := PositiveDecimal(e.Node, 1e18)
		if err != nil {
			return err
		}
		a.BackedBy = append(a.BackedBy, Backing{Asset: e.Key, PerUnit: f, Exact: d})
	}
	return nil
}

func readSurfaces(obj *input.Object, s *Snapshot) error {
	n, ok := obj.Optional("vol_surfaces")
	if !ok {
		return nil
	}
	so, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range so.Entries() {
		if s.Assets[e.Key] == nil {
			return input.Invalid(e.Node.Path, e.Key, "names an asset missing from the market")
		}
		surf, err := readSurface(s, e.Node)
		if err != nil {
			return err
		}
		s.Surfaces[e.Key] = surf
	}
	return nil
}

func readSurface(s *Snapshot, n input.Node) (*Surface, error) {
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	if len(items) == 0 || len(items) > maxSmiles {
		return nil, input.Errorf(n.Path, "must have between 1 and %d expiries", maxSmiles)
	}
	surf := &Surface{}
	for _, it := range items {
		sm, err := readSmile(s, it)
		if err != nil {
			return nil, err
		}
		if k := len(surf.Smiles); k > 0 && !sm.Expiry.After(surf.Smiles[k-1].Expiry) {
			return nil, input.Invalid(input.Join(it.Path, "expiry"), sm.Expiry.Format(time.RFC3339),
				"must be after the previous expiry (expiries strictly ascending)")
		}
		surf.Smiles = append(surf.Smiles, sm)
	}
	return surf, nil
}

func readSmile(s *Snapshot, n input.Node) (Smile, error) {
	obj, err := n.Object()
	if err != nil {
		return Smile{}, err
	}
	var sm Smile
	en, err := obj.Required("expiry")
	if err != nil {
		return Smile{}, err
	}
	if sm.Expiry, err = en.Time(); err != nil {
		return Smile{}, err
	}
	if sm.ExpiryYears = s.YearsTo(sm.Expiry); sm.ExpiryYears <= 0 {
		return Smile{}, input.Invalid(en.Path, en.Text(), "must be after as_of (the expiry has passed)")
	}
	if sm.Strikes, sm.Vols, err = readSmilePoints(obj); err != nil {
		return Smile{}, err
	}
	return sm, obj.Finish()
}

func readSmilePoints(obj *input.Object) ([]float64, []float64, error) {
	kn, err := obj.Required("strikes")
	if err != nil {
		return nil, nil, err
	}
	vn, err := obj.Required("vols")
	if err != nil {
		return nil, nil, err
	}
	ks, err := kn.Array()
	if err != nil {
		return nil, nil, err
	}
	vs, err := vn.Array()
	if err != nil {
		return nil, nil, err
	}
	if len(ks) == 0 || len(ks) > maxSmilePoints {
		return nil, nil, input.Errorf(kn.Path, "must have between 1 and %d strikes", maxSmilePoints)
	}
	if len(vs) != len(ks) {
		return nil, nil, input.Errorf(vn.Path, "has %d vols for %d strikes", len(vs), len(ks))
	}
	strikes, vols := make([]float64, len(ks)), make([]float64, len(vs))
	for i := range ks {
		if _, strikes[i], err = PositiveDecimal(ks[i], maxPrice); err != nil {
			return nil, nil, err
		}
		if i > 0 && strikes[i] <= strikes[i-1] {
			return nil, nil, input.Invalid(ks[i].Path, ks[i].Text(), "must be above the previous strike (strikes strictly ascending)")
		}
		if vols[i], err = NonNegativeFloat(vs[i], maxVol); err != nil {
			return nil, nil, err
		}
	}
	return strikes, vols, nil
}

func readRates(obj *input.Object, s *Snapshot) error {
	n, ok := obj.Optional("rates")
	if !ok {
		return nil
	}
	ro, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range ro.Entries() {
		r, err := e.Node.Float()
		if err != nil {
			return err
		}
		if math.Abs(r) > maxRateMagnitude {
			return input.Invalid(e.Node.Path, e.Node.Text(), "must be between -%g and %g", maxRateMagnitude, maxRateMagnitude)
		}
		s.Rates[e.Key] = r
	}
	return nil
}

func readCorrelations(obj *input.Object, s *Snapshot) error {
	n, ok := obj.Optional("correlations")
	if !ok {
		return nil
	}
	co, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range co.Entries() {
		a, b, found := strings.Cut(e.Key, "/")
		if !found || s.Assets[a] == nil || s.Assets[b] == nil || a == b {
			return input.Invalid(e.Node.Path, e.Key, "must name two different market assets as \"A/B\"")
		}
		c, err := e.Node.Float()
		if err != nil {
			return err
		}
		if c < -1 || c > 1 {
			return input.Invalid(e.Node.Path, e.Node.Text(), "must be between -1 and 1")
		}
		if b < a {
			a, b = b, a
		}
		s.Correlations[a+"/"+b] = c
	}
	return nil
}

func readForwards(obj *input.Object, s *Snapshot) error {
	n, ok := obj.Optional("forwards")
	if !ok {
		return nil
	}
	fo, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range fo.Entries() {
		if s.Assets[e.Key] == nil {
			return input.Invalid(e.Node.Path, e.Key, "names an asset missing from the market")
		}
		pts, err := readForwardPoints(s, e.Node)
		if err != nil {
			return err
		}
		s.Forwards[e.Key] = pts
	}
	return nil
}

func readForwardPoints(s *Snapshot, n input.Node) ([]ForwardPoint, error) {
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	var pts []ForwardPoint
	for _, it := range items {
		obj, err := it.Object()
		if err != nil {
			return nil, err
		}
		en, err := obj.Required("expiry")
		if err != nil {
			return nil, err
		}
		var p ForwardPoint
		if p.Expiry, err = en.Time(); err != nil {
			return nil, err
		}
		if p.ExpiryYears = s.YearsTo(p.Expiry); p.ExpiryYears <= 0 {
			return nil, input.Invalid(en.Path, en.Text(), "must be after as_of (the expiry has passed)")
		}
		pn, err := obj.Required("price")
		if err != nil {
			return nil, err
		}
		if _, p.Price, err = PositiveDecimal(pn, maxPrice); err != nil {
			return nil, err
		}
		if err := obj.Finish(); err != nil {
			return nil, err
		}
		pts = append(pts, p)
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].ExpiryYears < pts[j].ExpiryYears })
	for i := 1; i < len(pts); i++ {
		if pts[i].Expiry.Equal(pts[i-1].Expiry) {
			return nil, input.Errorf(n.Path, "lists expiry %s twice", pts[i].Expiry.Format(time.RFC3339))
		}
	}
	return pts, nil
}

func readVenuePrices(obj *input.Object, s *Snapshot) error {
	n, ok := obj.Optional("venue_prices")
	if !ok {
		return nil
	}
	vo, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range vo.Entries() {
		po, err := e.Node.Object()
		if err != nil {
			return err
		}
		prices := map[string]float64{}
		for _, pe := range po.Entries() {
			if s.Assets[pe.Key] == nil {
				return input.Invalid(pe.Node.Path, pe.Key, "names an asset missing from the market")
			}
			if _, prices[pe.Key], err = PositiveDecimal(pe.Node, maxPrice); err != nil {
				return err
			}
		}
		s.VenuePrices[e.Key] = prices
	}
	return nil
}

// checkOracles refuses oracle times after as_of and (unless allowed) stale ones.
func checkOracles(s *Snapshot, opts Options) error {
	for _, sym := range s.Symbols() {
		a := s.Assets[sym]
		if a.OracleTime.IsZero() {
			continue
		}
		path := input.Join(input.Join("assets", sym), "oracle_time")
		text := a.OracleTime.Format(time.RFC3339)
		if a.OracleTime.After(s.AsOf) {
			return input.Invalid(path, text, "is later than as_of %s", s.AsOf.Format(time.RFC3339))
		}
		age := s.AsOf.Sub(a.OracleTime)
		if age <= opts.StaleAfter {
			continue
		}
		msg := fmt.Sprintf("is stale: %s old at as_of, more than the allowed %s", age, opts.StaleAfter)
		if !opts.AllowStale {
			return input.Invalid(path, text, "%s", msg)
		}
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s: %q %s (allowed by --allow-stale)", path, text, msg))
	}
	return nil
}

// checkBackingCycles walks the backing graph depth-first and names the first cycle.
func checkBackingCycles(s *Snapshot) error {
	const (
		unseen = iota
		onStack
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(sym string) error
	visit = func(sym string) error {
		state[sym] = onStack
		stack = append(stack, sym)
		for _, b := range s.Assets[sym].BackedBy {
			switch state[b.Asset] {
			case onStack:
				start := indexOf(stack, b.Asset)
				cycle := append(append([]string{}, stack[start:]...), b.Asset)
				return input.Errorf(input.Join(input.Join("assets", sym), "backed_by"),
					"backing cycle: %s", strings.Join(cycle, " -> "))
			case unseen:
				if err := visit(b.Asset); err != nil {
					return err
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[sym] = done
		return nil
	}
	for _, sym := range s.Symbols() {
		if state[sym] == unseen {
			if err := visit(sym); err != nil {
				return err
			}
		}
	}
	return nil
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
