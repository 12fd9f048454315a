// Helpers for store tests and the shared benchmarks.
package storetest

import (
	"context"
	"fmt"
	"testing"

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
