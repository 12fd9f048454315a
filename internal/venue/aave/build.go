// Building the pool's view of a venue: which reserves the user supplies,
// enables as collateral and borrows, under the protocol's rules on e-mode,
// isolation mode and siloed borrowing.
package aave

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// debtCeilingDecimals is ReserveConfiguration.DEBT_CEILING_DECIMALS: isolated
// debt is counted in units of 0.01 of the borrowed asset.
const debtCeilingDecimals = 2

// builder turns one portfolio venue into an account.
type builder struct {
	venue    *portfolio.Venue
	market   *market.Snapshot
	set      *Set
	acct     account
	symbols  []string // the asset of each line of acct.lines
	store    []line   // backing of acct.lines: one allocation a venue
	warnings []string
	isolated *line // the isolated collateral in isolation mode, else nil
}

func (b *builder) warn(format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf(format, args...))
}

func (b *builder) build() (*account, error) {
	if err := b.selectEMode(); err != nil {
		return nil, err
	}
	n := len(b.venue.Collateral) + len(b.venue.Positions) // at most one line an entry
	b.store, b.symbols = make([]line, 0, n), make([]string, 0, n)
	b.acct.lines = make([]*line, 0, n)
	if err := b.addCollateral(); err != nil {
		return nil, err
	}
	if err := b.addPositions(); err != nil {
		return nil, err
	}
	b.admitCollateral()
	if err := b.checkBorrows(); err != nil {
		return nil, err
	}
	b.reserveWarnings()
	return &b.acct, nil
}

func (b *builder) selectEMode() error {
	v := b.venue
	if !v.HasEMode || v.EMode == 0 {
		return nil
	}
	e := b.set.EModes[uint8(v.EMode)]
	if v.EMode > 255 || e == nil || e.LiquidationThreshold == 0 {
		known := make([]string, 0, len(b.set.EModes))
		for _, id := range b.set.emodeIDs() {
			known = append(known, fmt.Sprintf("%d (%s)", id, b.set.EModes[id].Label))
		}
		return input.Invalid(input.Join(v.Path, "emode"), strconv.Itoa(v.EMode),
			"is not an e-mode category of %s (known: %s)", b.setLabel(), strings.Join(known, ", "))
	}
	b.acct.emode = e
	return nil
}

func (b *builder) setLabel() string {
	return "aave-v3 parameter set " + b.set.Name
}

// lineFor returns the account line of asset, creating it (with its oracle
// price) on first use; path names the asset field for errors (built only
// then: paths are the bulk of the allocations otherwise).
func (b *builder) lineFor(asset string, path func() string) (*line, error) {
	if l := b.line(asset); l != nil {
		return l, nil
	}
	r := b.set.Reserves[asset]
	if r == nil {
		return nil, input.Invalid(path(), asset, "is not a reserve of %s (reserves: %s)",
			b.setLabel(), strings.Join(b.set.symbols(), ", "))
	}
	price, ok := oraclePriceE8Floor(b.market, b.venue.ID, asset)
	if !ok {
		return nil, input.Invalid(path(), asset, "is an asset missing from the market")
	}
	b.store = append(b.store, line{reserve: r, priceE8: price, unit: pow10[r.Decimals]}) // within capacity: never moves
	l := &b.store[len(b.store)-1]
	if price.IsZero() {
		b.warn("the %s price floors to 0 at the oracle's 8 decimals: valued 0", asset)
	}
	b.symbols = append(b.symbols, asset)
	b.acct.lines = append(b.acct.lines, l)
	return l, nil
}

// line returns the account line of asset, or nil (a venue touches a few
// reserves: a scan beats a map).
func (b *builder) line(asset string) *line {
	for i, s := range b.symbols {
		if s == asset {
			return b.acct.lines[i]
		}
	}
	return nil
}

// pow10 holds 10^0 … 10^255 where they fit (reserve decimals are a uint8;
// real ones are at most 18).
var pow10 = func() (t [256]uint256.Int) {
	t[0].SetOne()
	for i := 1; i < 78; i++ {
		t[i].Mul(&t[i-1], uint256.NewInt(10))
	}
	return t
}()

// baseUnits converts a whole-unit amount into the reserve's base units.
func baseUnits(d money.Decimal, r *Reserve, path func() string) (uint256.Int, error) {
	a, err := money.AmountExact(d, r.Decimals)
	switch {
	case errors.Is(err, money.ErrAmountPrecision):
		return uint256.Int{}, input.Invalid(path(), d.String(), "has more decimal places than %s's %d",
			r.Symbol, r.Decimals)
	case err != nil:
		return uint256.Int{}, input.Invalid(path(), d.String(), "%s", err.Error())
	}
	return *a.Uint256(), nil
}

// entryPath returns a lazy JSON path: venues[i].<list>[j].<field>.
func (b *builder) entryPath(list string, j int, field string) func() string {
	return func() string {
		return input.Join(input.Index(input.Join(b.venue.Path, list), j), field)
	}
}

func (b *builder) addCollateral() error {
	for i := range b.venue.Collateral {
		c := &b.venue.Collateral[i]
		l, err := b.lineFor(c.Asset, b.entryPath("collateral", i, "asset"))
		if err != nil {
			return err
		}
		amountPath := b.entryPath("collateral", i, "amount")
		amt, err := baseUnits(c.Amount, l.reserve, amountPath)
		if err != nil {
			return err
		}
		if _, overflow := l.collateral.AddOverflow(&l.collateral, &amt); overflow {
			return input.Invalid(amountPath(), c.Amount.String(), "%s", errRevert.Error())
		}
	}
	return nil
}

func (b *builder) addPositions() error {
	posted := len(b.acct.lines) // lines [0, posted) come from collateral entries
	for i := range b.venue.Positions {
		p := &b.venue.Positions[i]
		if p.Kind != portfolio.KindSupply && p.Kind != portfolio.KindBorrow {
			return input.Invalid(b.entryPath("positions", i, "kind")(), string(p.Kind),
				"is not a position kind of aave-v3 (supply or borrow; collateral entries are "+
					"supplied and enabled as collateral)")
		}
		assetPath := b.entryPath("positions", i, "asset")
		l, err := b.lineFor(p.Asset, assetPath)
		if err != nil {
			return err
		}
		if p.Kind == portfolio.KindSupply && b.isPosted(l, posted) {
			return input.Invalid(assetPath(), p.Asset, "is also posted as collateral: "+
				"Aave enables a reserve as collateral for the whole supplied balance or not at all")
		}
		amountPath := b.entryPath("positions", i, "amount")
		amt, err := baseUnits(p.Amount, l.reserve, amountPath)
		if err != nil {
			return err
		}
		dst := &l.supply
		if p.Kind == portfolio.KindBorrow {
			dst = &l.debt
		}
		if _, overflow := dst.AddOverflow(dst, &amt); overflow {
			return input.Invalid(amountPath(), p.Amount.String(), "%s", errRevert.Error())
		}
	}
	return nil
}

// isPosted reports whether l is one of the first n lines (those created by
// collateral entries, zero amounts included).
func (b *builder) isPosted(l *line, n int) bool {
	for _, c := range b.acct.lines[:n] {
		if c == l {
			return true
		}
	}
	return false
}

// admitCollateral applies what the pool lets a user enable as collateral.
// A reserve with liquidation threshold 0 (or usageAsCollateralEnabled false)
// cannot be collateral: the balance stays supplied, so it counts in equity
// as supply that backs nothing (S in DESIGN.md's lending rule: weight 0 in
// LTV_w and LT_w), with a warning. An isolated asset (debt ceiling > 0) can
// be collateral only alone (ValidationLogic.validateUseAsCollateral: no
// other collateral may be enabled beside it, and it cannot join other
// collateral): when the list mixes them, the non-isolated collateral is kept
// and the isolated asset is supplied only; with several isolated assets only
// the first listed is collateral.
func (b *builder) admitCollateral() {
	var isolated []*line
	plain := false
	for _, l := range b.acct.lines {
		if l.collateral.IsZero() {
			continue
		}
		r := l.reserve
		switch {
		case !r.canBeCollateral():
			why := "usageAsCollateralEnabled false"
			if r.LiquidationThreshold == 0 {
				why = "liquidation threshold 0"
			}
			b.warn("%s cannot be collateral on Aave (%s): supplied only, it counts in equity and backs no debt",
				r.Symbol, why)
			notCollateral(l)
		case r.DebtCeiling > 0:
			isolated = append(isolated, l)
		default:
			plain = true
		}
	}
	for i, l := range isolated {
		if !plain && i == 0 {
			b.isolated = l
			continue
		}
		b.warn("%s is an isolated asset and cannot be collateral beside other collateral: "+
			"supplied only, it counts in equity and backs no debt", l.reserve.Symbol)
		notCollateral(l)
	}
}

// notCollateral turns a line's collateral into plain supply: still supplied
// at the pool, not enabled as collateral. Book amounts are at most 1e30
// units of at most 77 decimals' reserves that the pool could hold, and each
// balance was checked against 256 bits, so the sum cannot wrap in practice.
func notCollateral(l *line) {
	l.supply.Add(&l.supply, &l.collateral)
	l.collateral.Clear()
}

// checkBorrows applies ValidationLogic.validateBorrow's rules that depend on
// the account: in isolation mode only assets borrowable in isolation; a
// siloed asset only alone (breaking one is an input error: Aave would
// refuse the borrow). In e-mode only assets of the category's borrowable
// set may be borrowed, but a debt outside it is a state Aave keeps (the
// set changed after the borrow): a warning, like a reserve whose borrowing
// is disabled.
func (b *builder) checkBorrows() error {
	var siloed, first *line
	var isolatedDebt uint256.Int
	for i := range b.venue.Positions {
		p := &b.venue.Positions[i]
		if p.Kind != portfolio.KindBorrow || p.Amount.Sign() == 0 {
			continue
		}
		path := b.entryPath("positions", i, "asset")
		l := b.line(p.Asset)
		r := l.reserve
		if !b.acct.canBorrow(r) {
			// a state Aave keeps: governance may take an asset out of a
			// category's borrowable set (or, before v3.2, move it to
			// another category) while users owe it; the debt counts as any
			// other (GenericLogic reads no set), only a new borrow reverts
			e := b.acct.emode
			b.warn("%s is not borrowable in e-mode %d (%s), whose borrowable set is %s: Aave refuses a "+
				"new borrow of it; the debt can stay but not grow", p.Asset, e.ID, e.Label, orNone(b.set.members(e.ID, true)))
		}
		if b.isolated != nil && !r.BorrowableInIsolation {
			return input.Invalid(path(), p.Asset, "cannot be borrowed in isolation mode (collateral %s is "+
				"an isolated asset): it is not borrowable in isolation", b.isolated.reserve.Symbol)
		}
		switch {
		case first == nil:
			first = l
		case l != first && (r.Siloed || siloed != nil):
			s := siloed
			if s == nil {
				s = l
			}
			return input.Invalid(path(), p.Asset, "cannot be borrowed beside other debt: %s has siloed "+
				"borrowing on Aave", s.reserve.Symbol)
		}
		if r.Siloed {
			siloed = l
		}
		if !r.BorrowingEnabled {
			b.warn("borrowing %s is disabled on Aave: the debt can stay but not grow", p.Asset)
		}
	}
	if b.isolated == nil {
		return nil
	}
	for _, l := range b.acct.lines {
		if l.debt.IsZero() {
			continue
		}
		var q uint256.Int
		q.Exp(uint256.NewInt(10), uint256.NewInt(uint64(l.reserve.Decimals-min(l.reserve.Decimals, debtCeilingDecimals))))
		q.Div(&l.debt, &q)
		isolatedDebt.Add(&isolatedDebt, &q)
	}
	if ceiling := b.isolated.reserve.DebtCeiling; isolatedDebt.GtUint64(ceiling) {
		b.warn("the debt against isolated %s (%s USD) exceeds its debt ceiling of %s USD, which all "+
			"its borrowers share", b.isolated.reserve.Symbol, centsText(&isolatedDebt), centsText(uint256.NewInt(ceiling)))
	}
	return nil
}

// orNone joins symbols with ", ", or says "none".
func orNone(symbols []string) string {
	if len(symbols) == 0 {
		return "none"
	}
	return strings.Join(symbols, ", ")
}

// centsText renders an amount of 0.01 USD units as whole USD ("4500000").
func centsText(c *uint256.Int) string {
	a, _ := money.AmountFromBig(c.ToBig()) // a uint256 always fits
	return a.Units(debtCeilingDecimals)
}

// reserveWarnings notes reserves whose state limits what the user can do.
func (b *builder) reserveWarnings() {
	for _, l := range b.acct.lines {
		r := l.reserve
		if !r.Active {
			b.warn("reserve %s is not active on Aave: it can be neither supplied, withdrawn, "+
				"borrowed nor repaid", r.Symbol)
		} else if r.Frozen {
			b.warn("reserve %s is frozen on Aave: no new supply or borrow", r.Symbol)
		}
	}
}

func sortReserves(rs []reserveUsed) {
	slices.SortFunc(rs, func(a, b reserveUsed) int { return strings.Compare(a.Symbol, b.Symbol) })
}
