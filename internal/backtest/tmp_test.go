package backtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

func TestTmpSmoke(t *testing.T) {
	data, _ := os.ReadFile("../../docs/backtest/books.json")
	books, err := ParseBooks(data)
	if err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	ai := h.DayIndex(books[0].Anchor)
	am, _ := h.DayMarket(ai)
	t.Log(am.Assets["ETH"].Vol, am.Spot("ETH"), am.Spot("BTC"), len(h.Days))
	rep, err := margin.Compute(books[4].Portfolio, am, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.Greeks["ETH"].Delta)
	start := time.Now()
	res, err := Run(context.Background(), h, books, Window{From: books[0].Anchor, To: books[0].Anchor.AddDate(0, 0, 30)}, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(time.Since(start))
	for _, b := range res.Books {
		t.Log(b.Name, b.MeanUnifiedIM, b.MeanFragmentedIM, b.Unified1.Exceedances, b.Fragmented1.Exceedances, b.VaR.Rows[0])
	}
}
