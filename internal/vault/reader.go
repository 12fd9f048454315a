// Reader answers State for many accounts of one transaction with the stored
// market parsed once, for bulk re-margin; each answer equals State's.
package vault

import "github.com/unimargin/unimargin/internal/market"

// Reader is State over one transaction with the market parsed once. It is
// not safe for concurrent use (one transaction is not either).
type Reader struct {
	tx        Tx
	c         Config
	market    *market.Snapshot
	hasMarket bool
	marketErr error // a stored market that does not parse: every State returns it
}

// NewReader reads and parses the stored market of tx. Errors: store errors
// reading the market (a market that does not parse is returned by State, as
// State(tx, c, account) would).
func NewReader(tx Tx, c Config) (*Reader, error) {
	r := &Reader{tx: tx, c: c}
	if _, ok, err := tx.Market(); err != nil {
		return nil, err
	} else if !ok {
		return r, nil
	}
	r.market, r.hasMarket, r.marketErr = storedMarket(tx)
	return r, nil
}

// State returns what State(tx, c, account) returns: the same figures and
// the same errors.
func (r *Reader) State(account string) (AccountState, error) {
	if err := accountKnown(r.tx, account); err != nil {
		return AccountState{}, err
	}
	v, err := evaluateWith(r.tx, r.c, account, false, func() (*market.Snapshot, bool, error) {
		return r.market, r.hasMarket, r.marketErr
	})
	if v == nil {
		return AccountState{}, err
	}
	return v.AccountState, err
}
