// Package storetest is the contract every store passes: Run(t, open) checks
// each Tx method's round trip, rollback on error, serialized concurrent
// writers, the fault hook (store.Fault), and a randomized model-based run of the collateral layer against
// vault.Memory with crashes injected inside and between steps, and the
// service documents, governance, settlement and jobs tables.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// Open returns a new, empty, migrated store; Run closes it.
type Open func(t *testing.T) *store.DB

// Run runs the whole contract suite.
func Run(t *testing.T, open Open) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open) })
	t.Run("Rollback", func(t *testing.T) { testRollback(t, open) })
	t.Run("IdempotentAcrossTransactions", func(t *testing.T) { testIdempotent(t, open) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testConcurrent(t, open) })
	t.Run("Faults", func(t *testing.T) { testFaults(t, open) })
	t.Run("Model", func(t *testing.T) { testModel(t, open, modelSteps(t)) })
	t.Run("ServiceDocuments", func(t *testing.T) { testServiceDocuments(t, open) })
	t.Run("Governance", func(t *testing.T) { testGovernance(t, open) })
	t.Run("Settlement", func(t *testing.T) { testSettlement(t, open) })
	t.Run("Jobs", func(t *testing.T) { testJobs(t, open) })
	t.Run("History", func(t *testing.T) { testHistory(t, open) })
	t.Run("HistoryRetentionBatches", func(t *testing.T) { testHistoryRetentionBatches(t, open) })
	t.Run("HistoryRetentionAge", func(t *testing.T) { testHistoryRetentionAge(t, open) })
	t.Run("Limits", func(t *testing.T) { testLimits(t, open) })
	t.Run("Alerts", func(t *testing.T) { testAlerts(t, open) })
}

func modelSteps(t *testing.T) int {
	if testing.Short() {
		return 300
	}
	return 3000
}

func update(t *testing.T, db *store.DB, f func(tx vault.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), f); err != nil {
		t.Fatal(err)
	}
}

func testRoundTrip(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	big := money.AmountFromUint64(1)
	for range 250 { // 2^250: a uint256 value far beyond int64 and float64
		big, _ = big.Add(big)
	}
	acct := ledger.Account{ID: "shares:a:uctWETH", Asset: "uctWETH", Flags: ledger.DebitsMustNotExceedCredits,
		DebitsPosted: money.AmountFromUint64(1), CreditsPosted: big, DebitsPending: money.AmountFromUint64(3)}
	tr := ledger.Transfer{ID: "t#1", Debit: "x", Credit: "y", Asset: "WETH", Amount: big, Flags: ledger.Pending,
		PendingID: "", Code: "deposit", Status: ledger.StatusPending}
	v := vault.Vault{Asset: money.Asset{Symbol: "WETH", Decimals: 18}, Offset: 6, TotalAssets: big, TotalShares: vault.Shares(money.AmountFromUint64(7))}
	update(t, db, func(tx vault.Tx) error {
		for _, id := range []string{"shares:a:", "shares:a;", "shares:b:uctWETH", "shares:"} {
			if err := tx.PutAccount(ledger.Account{ID: id, Asset: "uctWETH"}); err != nil {
				return err
			}
		}
		if err := tx.PutAccount(acct); err != nil {
			return err
		}
		if err := tx.InsertTransfer(tr); err != nil {
			return err
		}
		if err := tx.InsertTransfer(ledger.Transfer{ID: "t#2", Debit: "x", Credit: "y", Asset: "WETH", Amount: big}); err != nil {
			return err
		}
		if err := tx.SetTransferStatus("t#1", ledger.StatusVoided); err != nil {
			return err
		}
		if err := tx.PutVault(v); err != nil {
			return err
		}
		if err := tx.CreateAccount("a"); err != nil {
			return err
		}
		if err := tx.CreateAccount("a"); err != nil { // twice is fine
			return err
		}
		if err := tx.PutRequest(vault.Request{ID: "r", Body: "b", Result: []byte(`{"x":"1"}`)}); err != nil {
			return err
		}
		if err := tx.PutPortfolio("a", []byte(`{"p":1}`)); err != nil {
			return err
		}
		if err := tx.PutPortfolio("a", []byte(`{"p":2}`)); err != nil {
			return err
		}
		return tx.PutMarket([]byte(`{"m":1}`))
	})
	err := db.View(context.Background(), func(tx vault.Tx) error {
		got, ok, err := tx.Account(acct.ID)
		if err != nil || !ok || !reflect.DeepEqual(got, acct) {
			return fmt.Errorf("account: %+v %v %v", got, ok, err)
		}
		if _, ok, _ := tx.Account("nope"); ok {
			return errors.New("missing account found")
		}
		list, err := tx.LedgerAccounts("shares:a:")
		if err != nil || len(list) != 2 || list[0].ID != "shares:a:" || list[1].ID != acct.ID {
			return fmt.Errorf("prefix listing: %+v %v", list, err)
		}
		gt, ok, err := tx.Transfer("t#1")
		tr.Status = ledger.StatusVoided
		if err != nil || !ok || !reflect.DeepEqual(gt, tr) {
			return fmt.Errorf("transfer: %+v %v", gt, err)
		}
		all, err := tx.Transfers()
		if err != nil || len(all) != 2 || all[0].ID != "t#1" || all[1].ID != "t#2" {
			return fmt.Errorf("journal order: %+v %v", all, err)
		}
		gv, ok, err := tx.Vault("WETH")
		if err != nil || !ok || !reflect.DeepEqual(gv, v) {
			return fmt.Errorf("vault: %+v %v", gv, err)
		}
		if ex, _ := tx.AccountExists("a"); !ex {
			return errors.New("account a missing")
		}
		if ex, _ := tx.AccountExists("b"); ex {
			return errors.New("account b present")
		}
		r, ok, err := tx.Request("r")
		if err != nil || !ok || r.Body != "b" || string(r.Result) != `{"x":"1"}` {
			return fmt.Errorf("request: %+v %v", r, err)
		}
		p, ok, err := tx.Portfolio("a")
		if err != nil || !ok || string(p) != `{"p":2}` {
			return fmt.Errorf("portfolio: %s %v", p, err)
		}
		m, ok, err := tx.Market()
		if err != nil || !ok || string(m) != `{"m":1}` {
			return fmt.Errorf("market: %s %v", m, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testRollback(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	boom := errors.New("boom")
	err := db.Update(context.Background(), func(tx vault.Tx) error {
		if _, err := vault.Deposit(tx, "d1", "a", "WETH", "1"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("want boom, got %v", err)
	}
	if d := dump(t, db); len(d.Accounts) != 0 || len(d.Transfers) != 0 || len(d.Vaults) != 0 {
		t.Fatalf("rolled-back transaction left %+v", d)
	}
}

func testIdempotent(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	var first, again vault.Movement
	update(t, db, func(tx vault.Tx) (err error) { first, err = vault.Deposit(tx, "d1", "a", "USDC", "5"); return })
	before := dump(t, db)
	update(t, db, func(tx vault.Tx) (err error) { again, err = vault.Deposit(tx, "d1", "a", "USDC", "5"); return })
	if first != again || !reflect.DeepEqual(before, dump(t, db)) {
		t.Fatalf("retry changed something: %+v vs %+v", first, again)
	}
	err := db.Update(context.Background(), func(tx vault.Tx) error {
		_, err := vault.Deposit(tx, "d1", "a", "USDC", "6")
		return err
	})
	if !errors.Is(err, vault.ErrRequestConflict) {
		t.Fatalf("reused id: %v", err)
	}
}

func testConcurrent(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- db.Update(context.Background(), func(tx vault.Tx) error {
					_, err := vault.Deposit(tx, fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("acct%d", w), "USDC", "1")
					return err
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent deposit: %v", err)
		}
	}
	err := db.View(context.Background(), func(tx vault.Tx) error {
		v, _, err := tx.Vault("USDC")
		if err != nil {
			return err
		}
		if got := v.TotalAssets.Units(6); got != fmt.Sprint(workers*each) {
			return fmt.Errorf("total assets %s after %d deposits of 1", got, workers*each)
		}
		return vault.Verify(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// State is everything a store holds, for comparison with the model.
type State struct {
	Accounts  []ledger.Account
	Transfers []ledger.Transfer
	Vaults    []vault.Vault
}

func dump(t *testing.T, db *store.DB) State {
	t.Helper()
	var s State
	err := db.View(context.Background(), func(tx vault.Tx) error { return dumpTx(tx, &s) })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dumpTx(tx vault.Tx, s *State) error {
	var err error
	if s.Accounts, err = tx.LedgerAccounts(""); err != nil {
		return err
	}
	if s.Transfers, err = tx.Transfers(); err != nil {
		return err
	}
	if s.Vaults, err = tx.Vaults(); err != nil {
		return err
	}
	// Empty is empty, whether a store says nil or [].
	if len(s.Accounts) == 0 {
		s.Accounts = nil
	}
	if len(s.Transfers) == 0 {
		s.Transfers = nil
	}
	if len(s.Vaults) == 0 {
		s.Vaults = nil
	}
	return nil
}
