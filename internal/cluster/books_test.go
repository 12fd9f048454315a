// Test and benchmark fixtures: a real SQLite store (internal/store/sqlite)
// holding the demo market and many accounts whose books are varied subsets
// of the demo portfolio's venues (one venue, several, or all eleven).
package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
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
// with small set, each demo venue alone and thinned (a tenth of its
// collateral); otherwise also every run of consecutive venues and the whole
// demo book.
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
		books = append(books, book(venues[i:i+1]), book([]json.RawMessage{thinned(tb, venues[i])}))
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

// thinned returns the venue with a tenth of its collateral, so that books
// with debt or short positions become liquidatable.
func thinned(tb testing.TB, venue json.RawMessage) json.RawMessage {
	tb.Helper()
	var v map[string]any
	if err := json.Unmarshal(venue, &v); err != nil {
		tb.Fatal(err)
	}
	cs, _ := v["collateral"].([]any)
	for _, c := range cs {
		entry := c.(map[string]any)
		amount, ok := new(big.Rat).SetString(entry["amount"].(string))
		if !ok {
			tb.Fatalf("collateral amount %v", entry["amount"])
		}
		entry["amount"] = amount.Quo(amount, big.NewRat(10, 1)).FloatString(6)
	}
	out, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// accountID names the i-th seeded account.
func accountID(i int) string { return fmt.Sprintf("acct-%07d", i) }

// seedSQLite creates a SQLite store under dir with the demo market and n
// accounts, account i holding books[i%len(books)] (seedStore), closed when
// the test ends.
func seedSQLite(tb testing.TB, dir string, n int, books [][]byte) (*store.DB, []string) {
	tb.Helper()
	db, ids, err := seedStore(dir, n, books)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, ids
}

// seedStore creates the store of seedSQLite. Each distinct book is stored
// once through vault.SetPortfolio (validated against the market); the
// copies go straight to the store, which is what SetPortfolio would write
// for them.
func seedStore(dir string, n int, books [][]byte) (*store.DB, []string, error) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "unimargin.db"))
	if err != nil {
		return nil, nil, err
	}
	if err := db.Update(ctx, func(tx vault.Tx) error { return vault.SetMarket(tx, demo.MarketJSON) }); err != nil {
		db.Close()
		return nil, nil, err
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
			db.Close()
			return nil, nil, fmt.Errorf("seeding accounts from %d: %w", start, err)
		}
	}
	return db, ids, nil
}
