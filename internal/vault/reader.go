// Reader answers State, or just the unified margin, for many accounts of one
// transaction with the stored market parsed once, for bulk re-margin.
package vault

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Reader is State over one transaction with the market parsed once. It is
// not safe for concurrent use (one transaction is not either).
type Reader struct {
	tx        Tx
	c         Config
	market    *market.Snapshot
	hasMarket bool
	marketErr error // a stored market that does not parse: every answer returns it
	// compiled is the market compiled with each parameter set on first
	// use: every account of the batch that runs under the same version
	// (the current one, or a configuration key's) shares its scenario set
	// and instruments.
	compiled map[*margin.RiskParams]*margin.Compiled
}

// NewReader reads and parses the stored market of tx. Errors: store errors
// reading the market (a market that does not parse is returned by each
// answer, as State(tx, c, account) would; a failure to read it is not, so
// that it is never taken for every account's own error).
func NewReader(tx Tx, c Config) (*Reader, error) {
	doc, ok, err := tx.Market()
	if err != nil || !ok {
		return &Reader{tx: tx, c: c}, err
	}
	return NewReaderOn(tx, c, doc), nil
}

// NewReaderOn is a Reader on the market document doc instead of the stored
// one (a re-margin tick carries the market every shard margins on). A doc
// that does not parse is returned by each answer.
func NewReaderOn(tx Tx, c Config, doc []byte) *Reader {
	r := &Reader{tx: tx, c: c, hasMarket: true}
	var err error
	if r.market, err = market.Load(doc, readOptions); err != nil {
		r.marketErr = fmt.Errorf("stored market: %w", err)
	}
	return r
}

func (r *Reader) loaded() (*market.Snapshot, bool, error) { return r.market, r.hasMarket, r.marketErr }

// State returns what State(tx, c, account) returns: the same figures and
// the same errors.
func (r *Reader) State(account string) (AccountState, error) {
	if err := accountKnown(r.tx, account); err != nil {
		return AccountState{}, err
	}
	v, err := evaluateWith(r.tx, r.c, account, false, r.loaded)
	if v == nil {
		return AccountState{}, err
	}
	return v.AccountState, err
}

// Unified returns the account's unified margin, equal to State's Unified
// (nil without a stored market), at a fraction of the cost: it runs every
// venue's isolated model (so a book a model refuses is refused as State
// refuses it) and the unified model, but not the parts of the report a
// re-margin does not read (liquidation prices, rebalance moves, stress, the
// collateral-only pass). Errors: those of State.
func (r *Reader) Unified(account string) (*margin.Unified, error) {
	u, _, err := r.UnifiedWithParams(account)
	return u, err
}

// UnifiedWithParams is Unified and the governed parameter version the
// figures used (nil for an ungoverned store): every margin result names
// its version (issue 16).
func (r *Reader) UnifiedWithParams(account string) (*margin.Unified, *ParamsRef, error) {
	u, ref, err := r.unified(account)
	if err != nil || u == nil {
		return u, nil, err
	}
	return u, ref, nil
}

// Prepared is an account's unified book as a re-margin margins it: the
// stored book with the governed venue overrides applied and the vault's
// custody venues appended, checked against the reader's market and accepted
// by every venue's own model, and the parameters it runs under.
type Prepared struct {
	Book *portfolio.Portfolio
	// Params are the risk parameters of the account's version (nil: the
	// defaults); the pointer is the Config's, shared by every account of
	// the same version, so books can be grouped by it.
	Params *margin.RiskParams
	Ref    *ParamsRef // the governed version (nil for an ungoverned store)
}

// Prepare returns the account's Prepared book (Book nil without a stored
// market): what Unified margins, for callers that keep books compiled
// across market ticks (cluster's shard workers, margin.Population). Its
// unified margin on the reader's market equals Unified's. Errors: those of
// Unified.
func (r *Reader) Prepare(account string) (Prepared, error) {
	if err := accountKnown(r.tx, account); err != nil {
		return Prepared{}, err
	}
	v := &view{AccountState: AccountState{Account: account, Balances: map[string]Balance{}}}
	if err := v.loadBalances(r.tx, account); err != nil {
		return Prepared{}, err
	}
	book, err := storedBook(r.tx, account)
	if err != nil {
		return Prepared{}, err
	}
	c, ref, err := r.c.resolve(r.tx, account)
	if err != nil {
		return Prepared{}, err
	}
	if err := ApplyVenueOverrides(book, c.Governed.VenueParams); err != nil {
		return Prepared{}, err
	}
	m, ok, err := r.loaded()
	if err != nil || !ok {
		return Prepared{}, err
	}
	vaultVenues, _, err := v.custodyVenues(m)
	if err != nil {
		return Prepared{}, err
	}
	all := withCustody(book, vaultVenues...)
	if err := portfolio.Check(all, m); err != nil {
		return Prepared{}, marginInput(err)
	}
	for i := range all.Venues {
		if _, err := venue.Margin(&all.Venues[i], m); err != nil {
			return Prepared{}, marginInput(err)
		}
	}
	return Prepared{Book: all, Params: c.RiskParams, Ref: ref}, nil
}

func (r *Reader) unified(account string) (*margin.Unified, *ParamsRef, error) {
	p, err := r.Prepare(account)
	if err != nil || p.Book == nil {
		return nil, nil, err
	}
	m, _, _ := r.loaded()
	c := r.c
	c.RiskParams = p.Params
	key := p.Params // nil: the defaults, one compilation for them too
	compiled := r.compiled[key]
	if compiled == nil {
		if compiled, err = c.compile(r.tx, m); err != nil {
			return nil, nil, marginInput(err)
		}
		if r.compiled == nil {
			r.compiled = map[*margin.RiskParams]*margin.Compiled{}
		}
		r.compiled[key] = compiled
	}
	s, err := compiled.Prepare(p.Book)
	if err != nil {
		return nil, nil, marginInput(err)
	}
	u := s.Unified()
	return &u, p.Ref, nil
}

// ParseMarket parses a market document as a Reader reads the stored one (a
// stale oracle is a warning, not a failure), for callers that margin a
// market carried with a tick on books a Reader prepared.
func ParseMarket(doc []byte) (*market.Snapshot, error) {
	m, err := market.Load(doc, readOptions)
	if err != nil {
		return nil, fmt.Errorf("market: %w", err)
	}
	return m, nil
}
