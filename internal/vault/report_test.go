package vault

import (
	"context"
	"errors"
	"testing"

	"github.com/unimargin/unimargin/internal/deadline"
	"github.com/unimargin/unimargin/internal/margin"
)

// Report is the report behind State's figures, and UnifiedBook is the book
// it margins: computing it again gives the same unified margin.
func TestReportAndUnifiedBookAgreeWithState(t *testing.T) {
	m := NewMemory()
	c := Config{}
	if _, err := Report(m, c, "fund-a"); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: %v", err)
	}
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "USDC", "50000") })
	if _, err := Report(m, c, "fund-a"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("no market: %v", err)
	}
	if _, _, err := UnifiedBook(m, "fund-a"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("no market: %v", err)
	}
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	st, err := State(m, c, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Report(m, c, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unified != *st.Unified {
		t.Fatalf("report unified %+v != state %+v", rep.Unified, *st.Unified)
	}
	book, mk, err := UnifiedBook(m, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	last := book.Venues[len(book.Venues)-1]
	if len(book.Venues) != 2 || last.ID != VaultVenueID || len(last.Collateral) != 1 || last.Collateral[0].Asset != "USDC" {
		t.Fatalf("unified book venues %+v", book.Venues)
	}
	again, err := margin.Compute(book, mk, c.params())
	if err != nil {
		t.Fatal(err)
	}
	if again.Unified != rep.Unified {
		t.Fatalf("recomputed unified %+v != report %+v", again.Unified, rep.Unified)
	}
}

// ctxTx is a Tx running under a context, as a store's transaction does.
type ctxTx struct {
	Tx
	ctx context.Context
}

func (t ctxTx) Context() context.Context { return t.ctx }

// The margin an account's report, state and moves compute inside a
// transaction stops when the transaction's context ends (a request's
// deadline), with the context's error — not ErrMarginUncomputable, which a
// lien draw would take for liquidatable. The end is counted in checks
// (internal/deadline): the same point of the work on every run.
func TestReportStopsWithItsTransactionsContext(t *testing.T) {
	m := NewMemory()
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "USDC", "50000") })
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	full := deadline.AfterChecks(context.Background(), 1<<30)
	if _, err := Report(ctxTx{m, full}, Config{}, "fund-a"); err != nil {
		t.Fatal(err)
	}
	total := full.Checks()
	// The test book's venues have closed-form liquidation prices (the
	// registry's solvers, no search): the checks are margin's own, a few per
	// venue; a cut in the middle still falls inside the computation.
	if total < 4 {
		t.Fatalf("the report made %d checks: margin checks its context per venue and stage", total)
	}
	cut := deadline.AfterChecks(context.Background(), total/2)
	_, err := Report(ctxTx{m, cut}, Config{}, "fund-a")
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("a report past its deadline: %v, want context.DeadlineExceeded alone", err)
	}
	if ended, after := cut.Ended(); !ended || after > 2 {
		t.Fatalf("the margin went on after the deadline: %d more checks (ended %v)", after, ended)
	}
}
