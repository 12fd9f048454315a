// The user's Comet account built from a venue, and its integer liquidity:
// the reproduction of Comet.isBorrowCollateralized and Comet.isLiquidatable.
package compound

import (
	"errors"
	"fmt"
	"strings"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// priceDecimals is CometCore.PRICE_FEED_DECIMALS: prices are USD × 1e8.
const priceDecimals = 8

// errRevert marks amounts the contract cannot hold or would overflow on.
var errRevert = errors.New("overflows Comet's integer arithmetic (the contract would revert)")

// Limits of Comet's storage: UserCollateral.balance is a uint128 and
// UserBasic.principal an int104.
var (
	maxCollateralBalance = new(uint256.Int).Sub(new(uint256.Int).Lsh(uint256.NewInt(1), 128), uint256.NewInt(1))
	maxPrincipal         = new(uint256.Int).Sub(new(uint256.Int).Lsh(uint256.NewInt(1), 103), uint256.NewInt(1))
)

// line is one collateral asset of the account.
type line struct {
	asset   *Asset
	priceE8 uint256.Int // oracle price, 8 decimals
	scale   uint256.Int // 10^decimals
	balance uint256.Int // base units
	valueE8 uint256.Int // mulPrice(balance, price, scale)
	// liquidateE8 is mulFactor(valueE8, liquidateCF): the line's share of
	// LiquidateE8, set by liquidity (the liquidation form reads it).
	liquidateE8 uint256.Int
}

// account is what Comet knows of one user.
type account struct {
	set       *Set
	lines     []*line // collateral assets in order of first appearance
	supplied  uint256.Int
	borrowed  uint256.Int
	principal uint256.Int // |supplied − borrowed|, base units (presentValue: balances are current)
	borrower  bool        // principal < 0
	// supplies and borrows say whether an entry supplied or borrowed base;
	// both is the error at conflictAt, the JSON path (asset field) of the
	// first entry that made it so.
	supplies, borrows bool
	conflictAt        func() string
	basePriceE8       uint256.Int
	baseScale         uint256.Int
	warnings          []string
}

// Liquidity is the account's integer figures in USD × 1e8 ("price quantity").
type Liquidity struct {
	CollateralE8 uint256.Int // Σ mulPrice(balance_i, price_i, scale_i)
	BorrowCFE8   uint256.Int // Σ mulFactor(value_i, borrowCF_i)
	LiquidateE8  uint256.Int // Σ mulFactor(value_i, liquidateCF_i)
	BaseE8       uint256.Int // |signedMulPrice(presentValue(principal), basePrice, baseScale)|
	Borrower     bool        // the base balance is negative (principal < 0)
}

// BorrowCollateralized is Comet.isBorrowCollateralized.
func (l *Liquidity) BorrowCollateralized() bool { return !l.Borrower || !l.BorrowCFE8.Lt(&l.BaseE8) }

// Liquidatable is Comet.isLiquidatable.
func (l *Liquidity) Liquidatable() bool { return l.Borrower && l.LiquidateE8.Lt(&l.BaseE8) }

// builder turns a portfolio venue into an account.
type builder struct {
	venue  *portfolio.Venue
	market *market.Snapshot
	acct   account
	index  map[string]*line
}

func (b *builder) warn(format string, args ...any) {
	b.acct.warnings = append(b.acct.warnings, fmt.Sprintf(format, args...))
}

// path returns a lazy JSON path venues[i].<list>[j].<field> (built only for
// errors: paths would be most of the allocations otherwise).
func (b *builder) path(list string, j int, field string) func() string {
	return func() string { return input.Join(input.Index(input.Join(b.venue.Path, list), j), field) }
}

func buildAccount(v *portfolio.Venue, m *market.Snapshot, s *Set) (*account, error) {
	b := &builder{venue: v, market: m, acct: account{set: s}, index: map[string]*line{}}
	b.acct.baseScale.Exp(uint256.NewInt(10), uint256.NewInt(uint64(s.BaseDecimals)))
	for i := range v.Collateral {
		if err := b.addCollateral(i); err != nil {
			return nil, err
		}
	}
	for i := range v.Positions {
		if err := b.addPosition(i); err != nil {
			return nil, err
		}
	}
	if err := b.settleBase(); err != nil {
		return nil, err
	}
	b.checkCaps()
	return &b.acct, nil
}

func (b *builder) addCollateral(i int) error {
	c := &b.venue.Collateral[i]
	s := b.acct.set
	if c.Asset == s.Base {
		b.baseEntry(&b.acct.supplies, b.acct.borrows, c.Amount, b.path("collateral", i, "asset"))
		return b.addBase(&b.acct.supplied, c.Amount, b.path("collateral", i, "amount"))
	}
	a := s.Assets[c.Asset]
	if a == nil {
		b.warn("collateral[%d] %s is not a collateral asset of Comet %s (assets: %s): valued 0 at this venue",
			i, c.Asset, s.Name, strings.Join(s.symbols(), ", "))
		return nil
	}
	l := b.index[c.Asset]
	if l == nil {
		price, ok := oraclePriceE8Floor(b.market, b.venue.ID, c.Asset)
		if !ok {
			return input.Invalid(b.path("collateral", i, "asset")(), c.Asset, "is an asset missing from the market")
		}
		l = &line{asset: a, priceE8: price}
		l.scale.Exp(uint256.NewInt(10), uint256.NewInt(uint64(a.Decimals)))
		b.index[c.Asset] = l
		b.acct.lines = append(b.acct.lines, l)
	}
	amt, err := baseUnits(c.Amount, a.Symbol, a.Decimals, b.path("collateral", i, "amount"))
	if err != nil {
		return err
	}
	if _, overflow := l.balance.AddOverflow(&l.balance, &amt); overflow || l.balance.Gt(maxCollateralBalance) {
		return input.Invalid(b.path("collateral", i, "amount")(), c.Amount.String(),
			"%s (a collateral balance is a uint128)", errRevert.Error())
	}
	return nil
}

func (b *builder) addPosition(j int) error {
	p := &b.venue.Positions[j]
	s := b.acct.set
	switch {
	case p.Kind != portfolio.KindSupply && p.Kind != portfolio.KindBorrow:
		return input.Invalid(b.path("positions", j, "kind")(), string(p.Kind),
			"is not a position kind of compound-v3 (supply or borrow of the base asset %s; collateral "+
				"entries are supplied collateral)", s.Base)
	case p.Asset == s.Base && p.Kind == portfolio.KindSupply:
		b.baseEntry(&b.acct.supplies, b.acct.borrows, p.Amount, b.path("positions", j, "asset"))
		return b.addBase(&b.acct.supplied, p.Amount, b.path("positions", j, "amount"))
	case p.Asset == s.Base:
		b.baseEntry(&b.acct.borrows, b.acct.supplies, p.Amount, b.path("positions", j, "asset"))
		return b.addBase(&b.acct.borrowed, p.Amount, b.path("positions", j, "amount"))
	case p.Kind == portfolio.KindBorrow:
		return input.Invalid(b.path("positions", j, "asset")(), p.Asset,
			"cannot be borrowed on Comet %s: only its base asset %s can", s.Name, s.Base)
	case s.Assets[p.Asset] != nil:
		return input.Invalid(b.path("positions", j, "asset")(), p.Asset,
			"is a collateral asset of Comet: every supplied collateral asset counts as collateral, "+
				"so list it under collateral")
	}
	return input.Invalid(b.path("positions", j, "asset")(), p.Asset,
		"is neither the base asset %s nor a collateral asset of Comet %s", s.Base, s.Name)
}

func (b *builder) addBase(dst *uint256.Int, d money.Decimal, path func() string) error {
	s := b.acct.set
	amt, err := baseUnits(d, s.Base, s.BaseDecimals, path)
	if err != nil {
		return err
	}
	if _, overflow := dst.AddOverflow(dst, &amt); overflow || dst.Gt(maxPrincipal) {
		return input.Invalid(path(), d.String(), "%s (the base principal is an int104)", errRevert.Error())
	}
	return nil
}

// baseEntry notes an entry that moves the base balance one way (*this);
// when an earlier entry moved it the other way, this one is the conflict.
func (b *builder) baseEntry(this *bool, other bool, amount money.Decimal, path func() string) {
	if amount.Sign() == 0 {
		return
	}
	*this = true
	if other && b.acct.conflictAt == nil {
		b.acct.conflictAt = path
	}
}

// settleBase makes Comet's single signed principal and prices the base asset
// when the balance is not zero. A book that both supplies and borrows the
// base asset is an input error naming the later entry: Comet's base balance
// is one signed number (a supply repays the borrow first), so such a book
// is not a state the venue can be in, and netting it silently would let a
// base supply stand as collateral it never is.
func (b *builder) settleBase() error {
	a := &b.acct
	if a.conflictAt != nil {
		return input.Invalid(a.conflictAt(), a.set.Base, "is both supplied and borrowed at this venue: Comet "+
			"keeps one signed base balance (a supply repays the borrow first); list the net balance")
	}
	if a.borrowed.Gt(&a.supplied) {
		a.principal.Sub(&a.borrowed, &a.supplied)
		a.borrower = true
	} else {
		a.principal.Sub(&a.supplied, &a.borrowed)
	}
	if a.principal.IsZero() {
		return nil
	}
	price, ok := oraclePriceE8Floor(b.market, b.venue.ID, a.set.Base)
	if !ok {
		return input.Errorf(b.venue.Path, "the base asset %s is missing from the market", a.set.Base)
	}
	a.basePriceE8 = price
	if a.borrower && a.principal.Lt(&a.set.BorrowMin) {
		b.warn("the borrow of %s %s is below Comet's borrowMin %s: Comet would refuse to open it "+
			"(an existing smaller borrow may stay)", units(&a.principal, a.set.BaseDecimals), a.set.Base,
			units(&a.set.BorrowMin, a.set.BaseDecimals))
	}
	return nil
}

// checkCaps warns where one account alone holds more than the market's
// supply cap: Comet would refuse the supply (a cap lowered after it leaves
// the balance in place), and no figure changes.
func (b *builder) checkCaps() {
	for _, l := range b.acct.lines {
		var cap uint256.Int
		cap.Mul(uint256.NewInt(l.asset.SupplyCap), &l.scale)
		if l.balance.Gt(&cap) {
			b.warn("the %s balance %s exceeds Comet's supply cap of %d %s for the whole market: Comet would "+
				"refuse to supply it", l.asset.Symbol, units(&l.balance, l.asset.Decimals), l.asset.SupplyCap, l.asset.Symbol)
		}
	}
}

// baseUnits converts a whole-unit amount into integer base units.
func baseUnits(d money.Decimal, symbol string, decimals uint8, path func() string) (uint256.Int, error) {
	a, err := money.AmountExact(d, decimals)
	switch {
	case errors.Is(err, money.ErrAmountPrecision):
		return uint256.Int{}, input.Invalid(path(), d.String(), "has more decimal places than %s's %d", symbol, decimals)
	case err != nil:
		return uint256.Int{}, input.Invalid(path(), d.String(), "%s", err.Error())
	}
	return *a.Uint256(), nil
}

// units renders base units as whole units.
func units(x *uint256.Int, decimals uint8) string {
	a, _ := money.AmountFromBig(x.ToBig()) // a uint256 always fits
	return a.Units(decimals)
}

// liquidity runs Comet's liquidity arithmetic (Comet.sol at d5a30b0a):
//
//	mulPrice(n, price, scale)       = n·price / scale          (floor)
//	mulFactor(n, factor)            = n·factor / 1e18          (floor)
//	signedMulPrice(n, price, scale) = n·price / scale          (toward zero)
//
// Every product is checked (Solidity 0.8 reverts on overflow). The
// early exits of isBorrowCollateralized / isLiquidatable (return as soon as
// liquidity ≥ 0) cannot change the answer: every collateral term is ≥ 0.
func (a *account) liquidity() (Liquidity, error) {
	var l Liquidity
	var t uint256.Int
	for _, ln := range a.lines {
		if _, overflow := ln.valueE8.MulOverflow(&ln.balance, &ln.priceE8); overflow {
			return l, errRevert
		}
		ln.valueE8.Div(&ln.valueE8, &ln.scale)
		if _, overflow := l.CollateralE8.AddOverflow(&l.CollateralE8, &ln.valueE8); overflow {
			return l, errRevert
		}
		for _, f := range []struct {
			factor uint64
			sum    *uint256.Int
			term   *uint256.Int
		}{{ln.asset.BorrowCF, &l.BorrowCFE8, &t}, {ln.asset.LiquidateCF, &l.LiquidateE8, &ln.liquidateE8}} {
			if _, overflow := f.term.MulOverflow(&ln.valueE8, uint256.NewInt(f.factor)); overflow {
				return l, errRevert
			}
			f.term.Div(f.term, uint256.NewInt(factorScale))
			if _, overflow := f.sum.AddOverflow(f.sum, f.term); overflow {
				return l, errRevert
			}
		}
	}
	if _, overflow := l.BaseE8.MulOverflow(&a.principal, &a.basePriceE8); overflow {
		return l, errRevert
	}
	l.BaseE8.Div(&l.BaseE8, &a.baseScale)
	l.Borrower = a.borrower
	return l, nil
}

// oraclePriceE8Floor returns the venue's oracle price of symbol as an 8-decimal
// integer, rounding down (market.Snapshot.OraclePriceFloor says how the
// written price is kept exact).
func oraclePriceE8Floor(m *market.Snapshot, venueID, symbol string) (uint256.Int, bool) {
	return m.OraclePriceFloor(venueID, symbol, priceDecimals)
}
