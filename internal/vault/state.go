// An account's view of the master vault and its unified margin: balances per
// asset, liens, haircut collateral value, and margin.Compute on the stored
// portfolio plus the vault collateral as one custody venue.
package vault

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// LienDecimals is the scale of lien amounts: USD in base units of 1e-18.
const LienDecimals = 18

// LienAsset is the ledger asset of liens.
const LienAsset = "USD"

// VaultVenueID is the id of the custody venue that holds an account's vault
// collateral in its unified margin.
const VaultVenueID = "uct-vault"

// Refusals of the margin rules.
var (
	ErrInitialMargin         = errors.New("would break unified initial margin")
	ErrLiensExceedCollateral = errors.New("liens would exceed the haircut collateral value")
	// ErrMarginUncomputable: the account's stored book does not fit the
	// stored market (e.g. debt or a derivative in an asset it does not
	// price, which cannot count 0 without hiding risk). Moves that need the
	// margin are refused; a venue may draw on its lien as from a
	// liquidatable account: such an account is never reported safe.
	ErrMarginUncomputable = errors.New("margin not computable: the stored book does not fit the stored market")
)

// Staleness is judged against the market's own as_of, so a stored market
// gives the same answer every time. storeOptions judge a market being
// stored: a stale oracle is refused. readOptions read the stored market: a
// stale oracle in it (stored before that rule, or by another path) is a
// warning in every figure, as --allow-stale makes it, never a failure of an
// account's reads or moves; the market's as_of, which no check ages, is the
// operator's to keep fresh.
var (
	storeOptions = market.Options{StaleAfter: time.Hour}
	readOptions  = market.Options{StaleAfter: time.Hour, AllowStale: true}
)

// Config is what the margin rules need besides the stored documents.
type Config struct {
	RiskParams *margin.RiskParams // nil: margin.DefaultRiskParams()
	Governed   Governed           // zero for an ungoverned store (governed.go)
	// Compiled, when set, keeps the stored market compiled across calls
	// (a service margins every account on the same market between ticks);
	// nil compiles it for each call.
	Compiled *margin.CompileCache
}

// compile returns m (the stored market of tx) compiled with c's
// parameters, from c.Compiled when set (keyed by the stored document's
// bytes and the parameters).
func (c Config) compile(tx Tx, m *market.Snapshot) (*margin.Compiled, error) {
	if c.Compiled == nil {
		return margin.Compile(m, c.params())
	}
	doc, _, err := tx.Market()
	if err != nil {
		return nil, err
	}
	return c.Compiled.Get(margin.CompileKey(doc, c.RiskParams), m, c.RiskParams)
}

func (c Config) params() *margin.RiskParams {
	if c.RiskParams == nil {
		return margin.DefaultRiskParams()
	}
	return c.RiskParams
}

// Balance is one asset's vault balance of an account (whole units).
type Balance struct {
	Shares string `json:"shares"`
	Assets string `json:"assets"`
}

// Lien is one venue's lien on an account (whole USD).
type Lien struct {
	Venue     string `json:"venue"`
	AmountUSD string `json:"amount_usd"`
}

// AccountState is `vault state`: money at rest as decimal strings, computed
// figures as numbers (USD); collateral_value, unified and excess are null
// when no market is stored.
type AccountState struct {
	Account         string             `json:"account"`
	Balances        map[string]Balance `json:"balances"`
	Liens           []Lien             `json:"liens"`
	LiensUSD        string             `json:"liens_usd"`
	CollateralValue *float64           `json:"collateral_value"`
	// Located is the vault collateral off the home chain or in flight
	// (internal/settle; absent when there is none): counted in
	// collateral_value and the unified margin, never withdrawable.
	Located []Located `json:"located,omitempty"`
	// Params names the governed parameter version the figures used
	// (absent for an ungoverned store).
	Params   *ParamsRef      `json:"params,omitempty"`
	Unified  *margin.Unified `json:"unified"`
	Excess   *float64        `json:"excess"`
	Warnings []string        `json:"warnings"`
}

// view is an account's state with the exact figures the rules compare.
type view struct {
	AccountState
	liens         money.Amount // Σ liens, USD base units
	collateralUSD money.Amount // haircut vault collateral, USD base units, rounded down
	claims        []portfolio.Collateral
	located       []locatedClaim // off the home chain or in flight
	book          *portfolio.Portfolio
	market        *market.Snapshot
	report        *margin.Report // nil without a market
}

// State returns the account's vault state. Vault holdings the stored
// market does not price count 0, each with a warning; a stale oracle in the
// stored market is a warning. Errors: ErrUnknownAccount,
// ErrMarginUncomputable (the stored book does not fit the stored market),
// a stored-market error, store errors.
func State(tx Tx, c Config, account string) (AccountState, error) {
	if err := accountKnown(tx, account); err != nil {
		return AccountState{}, err
	}
	v, err := evaluate(tx, c, account, false)
	if v == nil {
		return AccountState{}, err // a document or store error before any figure
	}
	return v.AccountState, err
}

// evaluate builds the view; with need set, a missing market is ErrNoMarket
// when the account has positions or liens.
func evaluate(tx Tx, c Config, account string, need bool) (*view, error) {
	return evaluateWith(tx, c, account, need, func() (*market.Snapshot, bool, error) { return storedMarket(tx) })
}

// storedMarket parses the stored market (false when none is stored).
func storedMarket(tx Tx) (*market.Snapshot, bool, error) {
	doc, ok, err := tx.Market()
	if err != nil || !ok {
		return nil, ok, err
	}
	m, err := market.Load(doc, readOptions)
	if err != nil {
		return nil, true, fmt.Errorf("stored market: %w", err)
	}
	return m, true, nil
}

// evaluateWith is evaluate with the market supplied by loaded, which is
// called after the account's own documents are read (so errors come in the
// same order whichever way the market is obtained).
func evaluateWith(tx Tx, c Config, account string, need bool,
	loaded func() (*market.Snapshot, bool, error)) (*view, error) {
	v := &view{AccountState: AccountState{Account: account, Balances: map[string]Balance{}, Liens: []Lien{}, Warnings: []string{}}}
	if err := v.loadBalances(tx, account); err != nil {
		return nil, err
	}
	if err := v.loadLiens(tx, account); err != nil {
		return nil, err
	}
	// A stored book that does not parse is not computable, but the market
	// is still read: a venue may draw on such an account (DrawLien).
	book, bookErr := storedBook(tx, account)
	if bookErr != nil && !errors.Is(bookErr, ErrMarginUncomputable) {
		return nil, bookErr
	}
	v.book = book
	var err error
	if c, v.Params, err = c.resolve(tx, account); err != nil {
		return nil, err
	}
	if bookErr == nil {
		if err := ApplyVenueOverrides(book, c.Governed.VenueParams); err != nil {
			return nil, err
		}
	}
	m, ok, err := loaded()
	if err != nil {
		return nil, err
	}
	if !ok {
		if bookErr != nil {
			return nil, bookErr
		}
		if need && (len(book.Venues) > 0 || !v.liens.IsZero()) {
			return nil, fmt.Errorf("margin check: %w", ErrNoMarket)
		}
		return v, nil
	}
	v.market = m
	if bookErr != nil {
		return v, bookErr
	}
	return v, v.compute(tx, c)
}

func (v *view) loadBalances(tx Tx, account string) error {
	held, err := tx.LedgerAccounts(sharesPrefix(account))
	if err != nil {
		return err
	}
	for _, h := range held {
		asset := strings.TrimPrefix(h.Asset, "uct")
		vt, ok, err := tx.Vault(asset)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: share account %s without a vault", ledger.ErrInvariant, h.ID)
		}
		owned := Shares(h.CreditBalance())
		claim := vt.AssetsForSharesFloor(owned)
		v.Balances[asset] = Balance{Shares: owned.Units(vt.ShareDecimals()), Assets: claim.Units(vt.Asset.Decimals)}
		if !claim.IsZero() {
			d := claim.Decimal(vt.Asset.Decimals)
			v.claims = append(v.claims, portfolio.Collateral{Asset: asset, Amount: d, AmountF: d.Float64()})
		}
	}
	return v.loadLocated(tx, account)
}

func (v *view) loadLiens(tx Tx, account string) error {
	ls, err := tx.LedgerAccounts(lienPrefix(account))
	if err != nil {
		return err
	}
	for _, l := range ls {
		amt := l.CreditBalance()
		if amt.IsZero() {
			continue
		}
		venue := strings.TrimPrefix(l.ID, lienPrefix(account))
		v.Liens = append(v.Liens, Lien{Venue: venue, AmountUSD: amt.Units(LienDecimals)})
		if v.liens, err = v.liens.Add(amt); err != nil {
			return err
		}
	}
	sort.Slice(v.Liens, func(i, j int) bool { return v.Liens[i].Venue < v.Liens[j].Venue })
	v.LiensUSD = v.liens.Units(LienDecimals)
	return nil
}

// storedBook parses the account's stored portfolio (empty when none); one
// that no longer parses is ErrMarginUncomputable.
func storedBook(tx Tx, account string) (*portfolio.Portfolio, error) {
	doc, ok, err := tx.Portfolio(account)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &portfolio.Portfolio{Account: account}, nil
	}
	p, err := portfolio.Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: stored portfolio of %s: %v", ErrMarginUncomputable, account, err)
	}
	p.Account = account
	return p, nil
}

// contextual is a Tx that runs under a context: a store's transaction runs
// under its caller's (a request's), so the margin computed inside it stops
// with the request's deadline (the context's error is returned, never
// taken for a book that is not computable).
type contextual interface{ Context() context.Context }

// txContext is tx's context, or the background for a Tx without one.
func txContext(tx Tx) context.Context {
	if c, ok := tx.(contextual); ok {
		return c.Context()
	}
	return context.Background()
}

// compute runs margin.Compute twice on one compiled market (c.compile): on
// the vault collateral alone (its haircut value backs the liens) and on the portfolio plus that collateral
// (the unified margin). Vault holdings the market does not price count 0
// (custody); their warnings join the report's.
func (v *view) compute(tx Tx, c Config) error {
	vaultVenues, unpriced, err := v.custodyVenues(v.market)
	if err != nil {
		return err
	}
	compiled, err := c.compile(tx, v.market)
	if err != nil {
		return marginInput(err)
	}
	ctx := txContext(tx)
	only := &portfolio.Portfolio{Account: v.Account, Venues: vaultVenues}
	rep, err := compiled.ComputeContext(ctx, only)
	if err != nil {
		return marginInput(err)
	}
	cv := rep.Unified.CollateralValue
	v.CollateralValue = &cv
	if v.collateralUSD, err = money.FromFloatFloor(cv, LienDecimals); err != nil {
		return fmt.Errorf("collateral value %v: %w", cv, err)
	}
	if v.report, err = compiled.ComputeContext(ctx, withCustody(v.book, vaultVenues...)); err != nil {
		return marginInput(err)
	}
	if len(unpriced) > 0 {
		v.report.Warnings = append(unpriced, v.report.Warnings...)
		sort.Strings(v.report.Warnings)
	}
	u := v.report.Unified
	v.Unified = &u
	v.Excess = &u.Excess
	v.Warnings = append(v.Warnings, v.report.Warnings...)
	return nil
}

// marginInput turns an input error found while margining stored documents
// into ErrMarginUncomputable naming the offending path and value: the
// request that reads them is not at fault, the stored book is.
func marginInput(err error) error {
	var ie *input.Error
	if errors.As(err, &ie) {
		return fmt.Errorf("%w: %v", ErrMarginUncomputable, ie)
	}
	return err
}

// checkAfter applies the rules after collateral left or a lien grew:
// unified excess ≥ 0 (checked first: the more important rule), then
// Σ liens ≤ haircut collateral value.
//
// These moves are risk-increasing: they are checked under the current
// governed version whatever configuration key the account keeps, refused
// while new risk is paused, and once passed they drop the key.
func checkAfter(tx Tx, c Config, account, what string) error {
	c = c.forNewRisk()
	v, err := evaluate(tx, c, account, true)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := pausedFor(c, v); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := refreshKey(tx, account); err != nil {
		return err
	}
	if v.report == nil {
		return nil // no positions, no liens, no market: nothing to back
	}
	if u := v.report.Unified; u.Excess < 0 {
		return fmt.Errorf("%s: %w: equity %.2f USD < initial margin %.2f USD afterwards", what,
			ErrInitialMargin, u.Equity, u.Initial)
	}
	if v.liens.Cmp(v.collateralUSD) > 0 {
		return fmt.Errorf("%s: %w: liens %s USD > collateral value %s USD (margin check)", what,
			ErrLiensExceedCollateral, v.LiensUSD, v.collateralUSD.Units(LienDecimals))
	}
	return nil
}

// usdToAssetsCeil converts a USD amount (LienDecimals) into base units of
// an asset at its exact market price, rounded up (a draw takes enough).
func usdToAssetsCeil(usd money.Amount, a *market.Asset) (money.Amount, error) {
	r := new(big.Rat).SetFrac(usd.Big(), new(big.Int).Exp(big.NewInt(10), big.NewInt(LienDecimals), nil))
	r.Quo(r, a.PriceExact.Rat())
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(a.Decimals)), nil)))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return money.AmountFromBig(q)
}
