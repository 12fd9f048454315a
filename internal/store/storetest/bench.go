// Helpers for store tests and the shared benchmarks.
package storetest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// Deposit deposits through the store and fails the test on error.
func Deposit(t testing.TB, db *store.DB, id, account, asset, amount string) vault.Movement {
	t.Helper()
	var m vault.Movement
	err := db.Update(context.Background(), func(tx vault.Tx) (err error) {
		m, err = vault.Deposit(tx, id, account, asset, amount)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TotalAssets returns the vault's total assets in whole units ("" if none).
func TotalAssets(t testing.TB, db *store.DB, asset string) string {
	t.Helper()
	var out string
	err := db.View(context.Background(), func(tx vault.Tx) error {
		v, ok, err := tx.Vault(asset)
		if ok {
			out = v.TotalAssets.Units(v.Asset.Decimals)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkTransfers measures ledger transfers per second: one transfer per
// transaction (single) and 100 per transaction (batched), and vault state
// for an account with two assets and two liens.
func BenchmarkTransfers(b *testing.B, open func(b *testing.B) *store.DB) {
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			db := open(b)
			defer db.Close()
			ctx := context.Background()
			err := db.Update(ctx, func(tx vault.Tx) error {
				if _, err := ledger.Open(tx, "world", "USDC", 0); err != nil {
					return err
				}
				_, err := ledger.Open(tx, "user", "USDC", ledger.DebitsMustNotExceedCredits)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for b.Loop() {
				err := db.Update(ctx, func(tx vault.Tx) error {
					for range batch {
						n++
						t := ledger.Transfer{ID: fmt.Sprintf("t%d", n), Debit: "world", Credit: "user", Asset: "USDC",
							Amount: money.AmountFromUint64(uint64(n)), Code: "bench"}
						if _, _, err := ledger.Post(tx, t); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "transfers/s")
		})
	}
	b.Run("vault-state", func(b *testing.B) {
		db := open(b)
		defer db.Close()
		ctx := context.Background()
		err := db.Update(ctx, func(tx vault.Tx) error {
			if err := vault.SetMarket(tx, []byte(marketAt("3000"))); err != nil {
				return err
			}
			if _, err := vault.Deposit(tx, "d1", "a", "WETH", "10"); err != nil {
				return err
			}
			if _, err := vault.Deposit(tx, "d2", "a", "USDC", "10000"); err != nil {
				return err
			}
			if err := vault.SetPortfolio(tx, "a", []byte(bookWith("1"))); err != nil {
				return err
			}
			for i, v := range []string{"dydx", "aave"} {
				if _, err := vault.GrantLien(tx, vault.Config{}, fmt.Sprintf("l%d", i), "a", v, "5000"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			err := db.View(ctx, func(tx vault.Tx) error {
				_, err := vault.State(tx, vault.Config{}, "a")
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAppendHistory measures what recording the margin history costs
// the service per re-margin run (issue 17): a run of 9 accounts (the demo's
// count) after a market change appends 9 rows, each with its own book
// document (5 KB, the demo book's size), one new market document (2.7 KB)
// and the shared risk parameters, in one write transaction. keep=0 never
// prunes; keep=1000 (serve's default) starts full, so every run also
// deletes each account's oldest row and the documents only it referenced.
// It reports ns per row.
func BenchmarkAppendHistory(b *testing.B, open func(b *testing.B) *store.DB) {
	const accounts = 9
	book := func(a, i int) []byte {
		return fmt.Appendf(nil, `{"account": "acct-%d", "rev": %d, "venues": [%s]}`, a, i, bytes.Repeat([]byte(`{"asset": "WETH", "amount": "1.5"},`), 140))
	}
	mkt := func(i int) []byte {
		return fmt.Appendf(nil, `{"as_of": "%s", "assets": {%s}}`, time.Unix(int64(i)*3600, 0).UTC().Format(time.RFC3339),
			bytes.Repeat([]byte(`"WETH": {"price": "3000", "vol": 0.7},`), 70))
	}
	params := []byte(`{"spot_range": {"BTC": 0.16}}`)
	run := func(i int) []store.HistoryRow {
		rows := make([]store.HistoryRow, accounts)
		m := mkt(i)
		for a := range rows {
			rows[a] = store.HistoryRow{Account: fmt.Sprintf("acct-%d", a), Recorded: time.Unix(int64(i), 0), AsOf: "x",
				ParamsVersion: "v1", Equity: 1e6, Initial: 2e5, Maintenance: 1.6e5, Excess: 8e5,
				Book: book(a, i%3), Market: m, Params: params}
		}
		return rows
	}
	for _, keep := range []int{0, 1000} {
		b.Run(fmt.Sprintf("keep=%d", keep), func(b *testing.B) {
			db := open(b)
			defer db.Close()
			ctx := context.Background()
			n := 0
			for ; n < keep; n++ { // fill to the retention bound
				if err := db.AppendHistory(ctx, run(n), store.KeepAll); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if err := db.AppendHistory(ctx, run(n), store.Retention{Keep: keep}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*accounts), "ns/row")
		})
	}
}
