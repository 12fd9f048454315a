// Test and benchmark fixtures: a real SQLite store (internal/store/sqlite)
// holding the demo market and many accounts whose books are varied subsets
// of the demo portfolio's venues (one venue, several, or all eleven).
package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// seedChunk is the number of accounts written per transaction when seeding.
const seedChunk = 5000

// demoBooks returns portfolio documents built from the demo portfolio:
// with small set, each demo venue alone; otherwise also every run of
// consecutive venues and the whole demo book.
func demoBooks(tb testing.TB, small bool) [][]byte {
	tb.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(demo.PortfolioJSON, &doc); err != nil {
		tb.Fatal(err)
	}
	var venues []json.RawMessage
	if err := json.Unmarshal(doc["venues"], &venues); err != nil {
		tb.Fatal(err)
	}
	book := func(vs []json.RawMessage) []byte {
		d := map[string]any{"account": "x", "venues": vs}
		b, err := json.Marshal(d)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	var books [][]byte
	for i := range venues {
		books = append(books, book(venues[i:i+1]))
	}
	if small {
		return books
	}
	for n := 2; n < len(venues); n++ {
		for i := 0; i+n <= len(venues); i += n {
			books = append(books, book(venues[i:i+n]))
		}
	}
	return append(books, demo.PortfolioJSON)
}

// accountID names the i-th seeded account.
func accountID(i int) string { return fmt.Sprintf("acct-%07d", i) }

// seedSQLite creates a SQLite store under dir with the demo market and n
// accounts, account i holding books[i%len(books)]. Each distinct book is
// stored once through vault.SetPortfolio (validated against the market);
// the copies go straight to the store, which is what SetPortfolio would
// write for them.
func seedSQLite(tb testing.TB, dir string, n int, books [][]byte) (*store.DB, []string) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "unimargin.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Update(ctx, func(tx vault.Tx) error { return vault.SetMarket(tx, demo.MarketJSON) }); err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, n)
	for start := 0; start < n; start += seedChunk {
		err := db.Update(ctx, func(tx vault.Tx) error {
			for i := start; i < min(start+seedChunk, n); i++ {
				ids[i] = accountID(i)
				book := books[i%len(books)]
				if i < len(books) {
					if err := vault.SetPortfolio(tx, ids[i], book); err != nil {
						return fmt.Errorf("book %d: %w", i, err)
					}
					continue
				}
				if err := tx.CreateAccount(ids[i]); err != nil {
					return err
				}
				if err := tx.PutPortfolio(ids[i], book); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return db, ids
}
