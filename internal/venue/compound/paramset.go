// Built-in parameter sets: Comet deployment configurations embedded in the
// binary (params/README.md says where each comes from), stored the way the
// contract stores them: factors as 1e18 fixed point truncated to 4 decimals,
// supply caps in whole units.
package compound

import (
	"embed"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/venue"
)

// DefaultSet is the parameter set used when a venue names none.
const DefaultSet = "compound-v3-ethereum-usdc"

// WETHSet is the cWETHv3 market on Ethereum at its launch. A venue names it
// (`"params": "compound-v3-ethereum-weth"`); it is never chosen by date,
// since it is another market, not a later state of the default one.
const WETHSet = "compound-v3-ethereum-weth"

// BaseWETHSet is the cWETHv3 market on Base, PolygonUSDCSet the cUSDCv3
// market on Polygon, each at its launch; like WETHSet, chosen by name only.
const (
	BaseWETHSet    = "compound-v3-base-weth"
	PolygonUSDCSet = "compound-v3-polygon-usdc"
)

//go:embed params/*_configuration.json
var paramFiles embed.FS

// factorScale is CometCore.FACTOR_SCALE: factors are 1e18 fixed point.
const factorScale = 1e18

// factorDescale is FACTOR_SCALE / 1e4: Comet keeps 4 decimals of each asset
// factor (getPackedAssetInternal truncates, getAssetInfo rescales).
const factorDescale = factorScale / 1e4

// Asset is one collateral asset as Comet stores it.
type Asset struct {
	Symbol            string
	Decimals          uint8
	BorrowCF          uint64 // borrowCollateralFactor, 1e18, 4 decimals kept
	LiquidateCF       uint64 // liquidateCollateralFactor, 1e18, 4 decimals kept
	LiquidationFactor uint64 // 1e18, 4 decimals kept
	SupplyCap         uint64 // whole units (Comet truncates the configured cap)
}

// Set is one Comet market: its base asset and collateral assets.
type Set struct {
	Name                  string
	Source                string
	Base                  string
	BaseDecimals          uint8
	BorrowMin             uint256.Int // base units (baseBorrowMin)
	TargetReserves        uint256.Int // base units
	StoreFrontPriceFactor uint64      // 1e18, ≤ 1e18 (the constructor's BadDiscount)
	Assets                map[string]*Asset
}

// sets holds the built-in parameter sets (venue.ParamSets, dated by the day
// they took effect); parsed once, never mutated.
var sets = venue.NewParamSets[Set](ModelName, DefaultSet)

// launchSupplyCaps are the caps of the proposal that opened the cUSDCv3
// market (migration 1659582050_raise_supply_caps_and_seed_reserves.ts); the
// configuration file deploys every cap at 0 (params/README.md).
var launchSupplyCaps = map[string]uint64{
	"COMP": 200_000, "WBTC": 2_100, "WETH": 27_000, "UNI": 1_250_000, "LINK": 1_250_000,
}

// cometAt is the repository commit of compound-finance/comet every
// embedded file was read at (params/README.md).
const cometAt = "d5a30b0aaeff7755f1431e87f818990902237b03"

// builtin lists the embedded sets: the file, the base asset's decimals
// (the files do not give them), the supply caps that replace a file's zero
// caps, the day a set takes effect ("": chosen by name only) and where it
// comes from.
var builtin = []struct {
	name, file   string
	baseDecimals uint8
	caps         map[string]uint64
	from, source string
}{
	{DefaultSet, "params/mainnet_usdc_configuration.json", 6, launchSupplyCaps, "2022-08-26",
		"deployments/mainnet/usdc/configuration.json (last changed 4efc3aef, 2022-08-26), supply caps of " +
			"migration 1659582050_raise_supply_caps_and_seed_reserves.ts: the cUSDCv3 market on Ethereum at its " +
			"August 2022 launch"},
	{WETHSet, "params/mainnet_weth_configuration.json", 18, nil, "",
		"deployments/mainnet/weth/configuration.json (last changed 63e98e5d, 2023-01-24, \"Mainnet WETH " +
			"Deployment\"): the cWETHv3 market on Ethereum (Comet 0xA17581A9E3356d9A858b789D68B4d866e593aE94) at " +
			"its launch, before migration 1674835242_bump_supply_caps.ts raised the cbETH cap from 7,100 to 20,000"},
	{BaseWETHSet, "params/base_weth_configuration.json", 18, nil, "",
		"deployments/base/weth/configuration.json (last changed 55eb52c8, 2023-08-23, \"Base Mainnet cWETHv3 " +
			"deploy and proposal\"): the cWETHv3 market on Base (Comet 0x46e6b214b524310239732D51387075E0e70970bf) " +
			"at its launch, cbETH its only collateral; later migrations added wstETH, ezETH, USDC, weETH, wrsETH " +
			"and cbBTC"},
	{PolygonUSDCSet, "params/polygon_usdc_configuration.json", 6, nil, "",
		"deployments/polygon/usdc/configuration.json (last changed 9ce9aa93, 2023-03-07, \"Polygon cUSDCv3 " +
			"deploy\"): the cUSDCv3 market on Polygon (Comet 0xF25212E676D1F7F89Cd72fFEe66158f541246445, base " +
			"bridged USDC, 6 decimals) at its launch, collateral WETH, WBTC and WMATIC; migration " +
			"1689168483_add_maticx_collateral.ts added MaticX later"},
}

func init() {
	for _, b := range builtin {
		s, err := parseConfiguration(b.name, b.file, b.baseDecimals, b.caps,
			"compound-finance/comet "+b.source+" @ "+cometAt+" (BUSL-1.1, GPL-2.0-or-later after its change date)")
		if err != nil {
			panic("compound: embedded parameter set: " + err.Error())
		}
		sets.Add(s.Name, b.from, s)
	}
}

// LookupSet returns a built-in parameter set. Callers must not mutate it.
func LookupSet(name string) (*Set, bool) { return sets.Lookup(name) }

// symbols returns the collateral symbols, sorted.
func (s *Set) symbols() []string {
	out := make([]string, 0, len(s.Assets))
	for k := range s.Assets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// clone returns a deep copy that overrides may change.
func (s *Set) clone() *Set {
	c := *s
	c.Assets = make(map[string]*Asset, len(s.Assets))
	for k, a := range s.Assets {
		cp := *a
		c.Assets[k] = &cp
	}
	return &c
}

// parseConfiguration reads a Comet deployment configuration.json. Numbers
// are read from their literal text (never through float64): factors become
// 1e18 integers, "100e6"-style amounts integers of base units. Every field
// of the file must be known (the shape of compound-finance/comet
// deployments/*/*/configuration.json).
func parseConfiguration(name, file string, baseDecimals uint8, caps map[string]uint64, source string) (*Set, error) {
	data, err := paramFiles.ReadFile(file)
	if err != nil {
		return nil, err
	}
	root, err := input.Decode(data)
	if err != nil {
		return nil, input.InFile(err, file)
	}
	s, err := readConfiguration(root, baseDecimals, caps)
	if err != nil {
		return nil, input.InFile(err, file)
	}
	s.Name, s.Source = name, source
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

func readConfiguration(root input.Node, baseDecimals uint8, caps map[string]uint64) (*Set, error) {
	obj, err := root.Object()
	if err != nil {
		return nil, err
	}
	s := &Set{BaseDecimals: baseDecimals, Assets: map[string]*Asset{}}
	if s.Base, err = stringField(obj, "baseToken"); err != nil {
		return nil, err
	}
	if err := integerField(obj, "borrowMin", &s.BorrowMin); err != nil {
		return nil, err
	}
	if err := integerField(obj, "targetReserves", &s.TargetReserves); err != nil {
		return nil, err
	}
	n, err := obj.Required("storeFrontPriceFactor")
	if err != nil {
		return nil, err
	}
	if s.StoreFrontPriceFactor, err = factorNode(n); err != nil {
		return nil, err
	}
	for _, f := range []string{"name", "symbol", "baseTokenAddress", "baseTokenPriceFeed", "governor",
		"pauseGuardian", "rates", "tracking", "rewardTokenAddress"} {
		obj.Optional(f) // informational: interest and rewards are not modelled
	}
	an, err := obj.Required("assets")
	if err != nil {
		return nil, err
	}
	assets, err := an.Object()
	if err != nil {
		return nil, err
	}
	for _, e := range assets.Entries() {
		a, err := readAsset(e)
		if err != nil {
			return nil, err
		}
		if c, ok := caps[a.Symbol]; ok && a.SupplyCap == 0 {
			a.SupplyCap = c
		}
		s.Assets[a.Symbol] = a
	}
	return s, obj.Finish()
}

func readAsset(e input.Entry) (*Asset, error) {
	obj, err := e.Node.Object()
	if err != nil {
		return nil, err
	}
	a := &Asset{Symbol: e.Key}
	dn, err := obj.Required("decimals")
	if err != nil {
		return nil, err
	}
	d, err := dn.Int()
	if err != nil || d < 0 || d > 36 {
		return nil, input.Invalid(dn.Path, dn.Text(), "must be a number of decimals (0-36)")
	}
	a.Decimals = uint8(d)
	for _, f := range []struct {
		key string
		dst *uint64
	}{{"borrowCF", &a.BorrowCF}, {"liquidateCF", &a.LiquidateCF}, {"liquidationFactor", &a.LiquidationFactor}} {
		n, err := obj.Required(f.key)
		if err != nil {
			return nil, err
		}
		if *f.dst, err = factorNode(n); err != nil {
			return nil, err
		}
		*f.dst = *f.dst / factorDescale * factorDescale
	}
	var cap uint256.Int
	if err := integerField(obj, "supplyCap", &cap); err != nil {
		return nil, err
	}
	var unit uint256.Int
	unit.Exp(uint256.NewInt(10), uint256.NewInt(uint64(a.Decimals)))
	cap.Div(&cap, &unit)
	if !cap.IsUint64() {
		return nil, input.Invalid(input.Join(obj.Path, "supplyCap"), cap.Dec(), "overflows Comet's 64-bit supply cap")
	}
	a.SupplyCap = cap.Uint64()
	obj.Optional("address")
	obj.Optional("priceFeed")
	return a, obj.Finish()
}

func stringField(obj *input.Object, name string) (string, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", err
	}
	return n.String()
}

// integerField reads an integer written as a string or number, possibly with
// an exponent ("5000000e6") and JavaScript digit separators ("64_500e18",
// as the cWETHv3 file writes its caps), exactly.
func integerField(obj *input.Object, name string, dst *uint256.Int) error {
	n, err := obj.Required(name)
	if err != nil {
		return err
	}
	text, err := n.NumberText()
	if err != nil {
		return err
	}
	r, ok := exactRat(withoutSeparators(text))
	if !ok || r.Sign() < 0 || !r.IsInt() {
		return input.Invalid(n.Path, text, "must be a non-negative integer (digits, optional e<exponent>)")
	}
	if dst.SetFromBig(r.Num()) {
		return input.Invalid(n.Path, text, "overflows 256 bits")
	}
	return nil
}

// withoutSeparators drops each "_" between two digits (a JavaScript numeric
// separator); any other "_" stays, for exactRat to refuse.
func withoutSeparators(text string) string {
	isDigit := func(i int) bool { return i >= 0 && i < len(text) && text[i] >= '0' && text[i] <= '9' }
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '_' && isDigit(i-1) && isDigit(i+1) {
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// exactRat parses a plain decimal with an optional exponent exactly.
func exactRat(text string) (*big.Rat, bool) {
	if text == "" || strings.ContainsAny(text, " _xXpP") || strings.ContainsAny(text, "iInN") {
		return nil, false
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(text), "e")
	r, ok := new(big.Rat).SetString(mant)
	if !ok {
		return nil, false
	}
	if hasExp {
		var e big.Int
		if _, ok := e.SetString(exp, 10); !ok || e.CmpAbs(big.NewInt(80)) > 0 {
			return nil, false
		}
		p := new(big.Int).Exp(big.NewInt(10), new(big.Int).Abs(&e), nil)
		if e.Sign() >= 0 {
			r.Mul(r, new(big.Rat).SetInt(p))
		} else {
			r.Quo(r, new(big.Rat).SetInt(p))
		}
	}
	return r, true
}

// factorNode reads a factor (number or decimal string, 0 ≤ f, at most 18
// decimals) as a 1e18 integer, exactly.
func factorNode(n input.Node) (uint64, error) {
	text, err := n.NumberText()
	if err != nil {
		return 0, err
	}
	r, ok := exactRat(text)
	if !ok {
		return 0, input.Invalid(n.Path, text, "is not a finite decimal number")
	}
	if r.Sign() < 0 {
		return 0, input.Invalid(n.Path, text, "must be ≥ 0")
	}
	r.Mul(r, new(big.Rat).SetInt64(factorScale))
	if !r.IsInt() {
		return 0, input.Invalid(n.Path, text, "has more than 18 decimal places")
	}
	if !r.Num().IsUint64() {
		return 0, input.Invalid(n.Path, text, "is too large for a Comet factor")
	}
	return r.Num().Uint64(), nil
}

// validate applies the constructor's checks (Comet constructor and
// getPackedAssetInternal): storeFrontPriceFactor ≤ 1 (BadDiscount),
// borrowCF < liquidateCF after descaling (BorrowCFTooLarge), liquidateCF ≤ 1
// (LiquidateCFTooLarge); and unimargin's own: liquidationFactor ≤ 1 (Comet
// only needs it to fit 16 bits; a factor above 1 would pay a liquidated user
// more than the collateral is worth).
func (s *Set) validate() error {
	if s.StoreFrontPriceFactor > factorScale {
		return fmt.Errorf("storeFrontPriceFactor %s must be ≤ 1 (Comet's BadDiscount)", factorText(s.StoreFrontPriceFactor))
	}
	for _, sym := range s.symbols() {
		a := s.Assets[sym]
		switch {
		case sym == s.Base:
			return fmt.Errorf("asset %s is the base asset and cannot be collateral", sym)
		case a.BorrowCF >= a.LiquidateCF:
			return fmt.Errorf("asset %s: borrowCF %s must be below liquidateCF %s (Comet's BorrowCFTooLarge)",
				sym, factorText(a.BorrowCF), factorText(a.LiquidateCF))
		case a.LiquidateCF > factorScale:
			return fmt.Errorf("asset %s: liquidateCF %s must be ≤ 1 (Comet's LiquidateCFTooLarge)", sym, factorText(a.LiquidateCF))
		case a.LiquidationFactor > factorScale:
			return fmt.Errorf("asset %s: liquidationFactor %s must be ≤ 1", sym, factorText(a.LiquidationFactor))
		}
	}
	return nil
}

// factorText renders a 1e18 factor as a decimal ("0.825").
func factorText(f uint64) string {
	s := fmt.Sprintf("%d.%018d", f/factorScale, f%factorScale)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
