// The unified book of an account as the margin rules see it (the stored
// portfolio plus the vault collateral as one custody venue) and its full
// margin report, for callers that need more than State's summary: the
// service's report, hedge and liquidation endpoints.
package vault

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Report returns the margin report State computes for the account:
// margin.Compute on UnifiedBook (fragmented versus unified per venue,
// greeks, liquidation prices, rebalance). Errors: those of State, and
// ErrNoMarket when no market is stored.
func Report(tx Tx, c Config, account string) (*margin.Report, error) {
	if err := accountKnown(tx, account); err != nil {
		return nil, err
	}
	v, err := evaluate(tx, c, account, false)
	if err != nil {
		return nil, err
	}
	if v.report == nil {
		return nil, fmt.Errorf("margin report of %s: %w", account, ErrNoMarket)
	}
	return v.report, nil
}

// UnifiedBook returns the book the account's unified margin is computed on
// (the stored portfolio with the vault collateral appended as the custody
// venue VaultVenueID — and one per chain and bridge of collateral located
// off the home chain or in flight — holdings the market does not price
// left out) and the
// stored market it is computed against. Errors: ErrUnknownAccount,
// ErrNoMarket, ErrMarginUncomputable (the book does not fit the market),
// stored-document and store errors.
func UnifiedBook(tx Tx, account string) (*portfolio.Portfolio, *market.Snapshot, error) {
	book, m, _, err := UnifiedBookUnder(tx, Config{}, account)
	return book, m, err
}

// UnifiedBookUnder is UnifiedBook as the account's figures under c see it:
// the governed venue overrides applied to its venues, and the risk
// parameters it runs under (its configuration key's, or c's). Errors as
// UnifiedBook.
func UnifiedBookUnder(tx Tx, c Config, account string) (*portfolio.Portfolio, *market.Snapshot, *margin.RiskParams, error) {
	if err := accountKnown(tx, account); err != nil {
		return nil, nil, nil, err
	}
	v := &view{AccountState: AccountState{Account: account, Balances: map[string]Balance{}}}
	if err := v.loadBalances(tx, account); err != nil {
		return nil, nil, nil, err
	}
	book, err := storedBook(tx, account)
	if err != nil {
		return nil, nil, nil, err
	}
	c, _, err = c.resolve(tx, account)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ApplyVenueOverrides(book, c.Governed.VenueParams); err != nil {
		return nil, nil, nil, err
	}
	m, ok, err := storedMarket(tx)
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		return nil, nil, nil, fmt.Errorf("book of %s: %w", account, ErrNoMarket)
	}
	vaultVenues, _, err := v.custodyVenues(m)
	if err != nil {
		return nil, nil, nil, err
	}
	all := withCustody(book, vaultVenues...)
	if err := portfolio.Check(all, m); err != nil {
		return nil, nil, nil, marginInput(err)
	}
	return all, m, c.params(), nil
}
