// Goal: the replay measures what it says and refuses what it cannot do.
// Method: a custody book's realised loss against the daily closes directly
// (10 WETH: 10 · (S_t − S_{t+1}), 10 days likewise); the unified IM of a
// day against margin.Compute on that day's market; bad windows and books
// against their exact one-line errors naming the field.
package backtest

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReplayCustodyLoss(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	books := []Book{{Name: "weth", Portfolio: custodyBook(t, "WETH", "10")}}
	// 19 May 2021 inside the window: the crash day is replayed
	res, err := Run(context.Background(), h, books, Window{From: day("2021-05-10"), To: day("2021-05-25")}, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	b := res.Books[0]
	if len(b.Days) != 16 {
		t.Fatalf("%d days, want 16", len(b.Days))
	}
	worst := 0.0
	for _, d := range b.Days {
		i := h.DayIndex(day(d.Date))
		c := h.Close[0]
		if want := 10 * (c[i] - c[i+1]); math.Abs(d.Loss1-want) > 1e-6 {
			t.Errorf("%s: 1-day loss %v, want %v", d.Date, d.Loss1, want)
		}
		if want := 10 * (c[i] - c[i+LongHorizonDays]); d.Loss10 == nil || math.Abs(*d.Loss10-want) > 1e-6 {
			t.Errorf("%s: 10-day loss %v, want %v", d.Date, d.Loss10, want)
		}
		m, err := h.DayMarket(i)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := margin.Compute(books[0].Portfolio, m, margin.DefaultRiskParams())
		if err != nil {
			t.Fatal(err)
		}
		if d.UnifiedIM != rep.Unified.Initial || d.FragmentedIM != rep.Fragmented.Initial {
			t.Errorf("%s: IMs %v/%v, margin.Compute says %v/%v", d.Date, d.UnifiedIM, d.FragmentedIM,
				rep.Unified.Initial, rep.Fragmented.Initial)
		}
		worst = math.Max(worst, d.Loss1/(10*c[i]))
	}
	// 18→19 May 2021 at 00:00 UTC: WETH fell more than 15% (data README: −35.7% over 18–20 May)
	if worst < 0.15 {
		t.Errorf("worst 1-day fall %.1f%%: the crash is not in the window", 100*worst)
	}
	if b.Venues[0].Liquidates || b.Fragmented1.Exceedances != 0 {
		t.Errorf("custody counted as a defaulting venue: %+v %+v", b.Venues[0], b.Fragmented1)
	}
}

func TestReplayReferenceBooksRun(t *testing.T) {
	data, err := os.ReadFile("../../docs/backtest/books.json")
	if err != nil {
		t.Fatal(err)
	}
	books, err := ParseBooks(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(books) != 6 {
		t.Fatalf("%d reference books, want 6", len(books))
	}
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), h, books, Window{From: day("2022-11-01"), To: day("2022-11-12")}, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Books {
		if b.Hedged && b.Unified1.Exceedances != 0 {
			t.Errorf("%s: hedged, %d unified exceedances over the FTX week", b.Name, b.Unified1.Exceedances)
		}
		if b.VaR == nil || len(b.VaR.Rows) != 8 {
			t.Errorf("%s: VaR table %+v", b.Name, b.VaR)
		}
	}
}

func TestReplayRefusals(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	rp := margin.DefaultRiskParams()
	book := []Book{{Name: "w", Portfolio: custodyBook(t, "WETH", "1")}}
	for _, c := range []struct {
		name  string
		books []Book
		w     Window
		want  string
	}{
		{"before the data", book, Window{From: day("2020-06-01")},
			`--from: "2020-06-01" is outside the price data: the data allows 2021-02-01 to 2023-02-24`},
		{"inside the vol window", book, Window{From: day("2021-01-10")},
			`--from: "2021-01-10" is outside the price data: the data allows 2021-02-01 to 2023-02-24`},
		{"after the data", book, Window{To: day("2023-03-01")},
			`--to: "2023-03-01" is outside the price data: the data allows 2021-02-01 to 2023-02-24`},
		{"to before from", book, Window{From: day("2022-01-10"), To: day("2022-01-05")},
			`--to: "2022-01-05" must be after --from (2022-01-10)`},
		{"unknown asset", []Book{{Name: "s", Portfolio: custodyBook(t, "SOL", "1")}}, Window{},
			`venues[0].collateral[0].asset: "SOL" is an asset missing from the market (the backtest's markets price ETH, WETH, stETH, wstETH, BTC, WBTC, USDC, USDT, DAI: the embedded data is ETH and BTC)`},
	} {
		_, err := Run(context.Background(), h, c.books, c.w, rp)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: err = %v\nwant %s", c.name, err, c.want)
		}
		// Check refuses what Run refuses, with the same error, unreplayed.
		if err := Check(h, c.books, c.w); err == nil || err.Error() != c.want {
			t.Errorf("%s: Check: err = %v\nwant %s", c.name, err, c.want)
		}
	}
	if err := Check(h, book, Window{From: day("2022-01-05"), To: day("2022-01-10")}); err != nil {
		t.Errorf("Check refuses a valid book and window: %v", err)
	}
}

func TestParseBooksRefusals(t *testing.T) {
	const pf = `{"account": "a", "venues": []}`
	for _, c := range []struct{ doc, want string }{
		{`{"anchor": "2021-02-01T00:00:00Z", "books": []}`, `books: has 0 books, want 1 to 100`},
		{`{"anchor": "2021-02-01T12:00:00Z", "books": [{"name": "a", "portfolio": ` + pf + `}]}`,
			`anchor: "2021-02-01T12:00:00Z" must be a day at 00:00:00Z`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a"}]}`, `books[0].portfolio: is required`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a", "portfolio": ` + pf + `}, {"name": "a", "portfolio": ` + pf + `}]}`,
			`books[1].name: "a" is used by another book`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a", "portfolio": {"account": "a", "venues": [{"id": "x"}]}}]}`,
			`books[0].portfolio.venues[0].model: is required`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a", "colour": 1, "portfolio": ` + pf + `}]}`,
			`books[0].colour: unknown field`},
		// A book's name names its plot file (margin_NAME.png) and a row of
		// backtest.md: a NUL made the whole run fail at the end (open
		// out/margin_a\x00b.png: invalid argument), an escape sequence
		// reached the terminal, and | = @ broke or armed the markdown table.
		// Names follow the portfolio identifier rule.
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a\u0000b", "portfolio": ` + pf + `}]}`,
			`books[0].name: "a\x00b" must be 1-64 characters of letters, digits`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "\u001b[31mred", "portfolio": ` + pf + `}]}`,
			`books[0].name: "\x1b[31mred" must be 1-64 characters of letters, digits`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "=1+1", "portfolio": ` + pf + `}]}`,
			`books[0].name: "=1+1" must be 1-64 characters of letters, digits`},
		{`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a|b", "portfolio": ` + pf + `}]}`,
			`books[0].name: "a|b" must be 1-64 characters of letters, digits`},
	} {
		_, err := ParseBooks([]byte(c.doc))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s\n err = %v\nwant %s", c.doc, err, c.want)
		}
	}
}

func TestShortTenorRefused(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	books, err := ParseBooks([]byte(`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "o", "portfolio": {"account": "o",
		"venues": [{"id": "d", "model": "deribit-standard", "chain": "offchain", "collateral": [{"asset": "ETH", "amount": "10"}],
		"positions": [{"kind": "option", "underlying": "ETH", "right": "call", "strike": "1300",
		"expiry": "2021-02-08T08:00:00Z", "quantity": "1"}]}]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), h, books, Window{}, margin.DefaultRiskParams())
	want := `books[0].portfolio.venues[0].positions[0].expiry: "2021-02-08T08:00:00Z" is 7.3 days after the book's anchor 2021-02-01; the backtest holds the tenor and needs more than 10 days (the longest horizon)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if err := Check(h, books, Window{}); err == nil || err.Error() != want {
		t.Errorf("Check: err = %v\nwant %s", err, want)
	}
}

func FuzzParseBooks(f *testing.F) {
	data, err := os.ReadFile("../../docs/backtest/books.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"account": "a", "venues": []}`))
	f.Add([]byte(`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "a", "portfolio": {"account": "a", "venues": []}}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		books, err := ParseBooks(doc)
		if err != nil {
			return
		}
		if len(books) == 0 || len(books) > MaxBooks {
			t.Fatalf("%d books accepted", len(books))
		}
		for _, b := range books {
			if b.Portfolio == nil || b.Name == "" {
				t.Fatalf("book %+v accepted", b)
			}
		}
	})
}

// TestReestablish: on a later day the book keeps its units, its options'
// moneyness and tenor, and opens its perps at the day's spot (hand: the
// anchor's strike 1300 at the anchor's spot S₀ becomes 1300·S/S₀).
func TestReestablish(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	books, err := ParseBooks([]byte(`{"anchor": "2021-02-01T00:00:00Z", "books": [{"name": "o", "portfolio": {"account": "o",
		"venues": [{"id": "d", "model": "deribit-standard", "chain": "offchain", "collateral": [{"asset": "ETH", "amount": "10"}],
		"positions": [{"kind": "option", "underlying": "ETH", "right": "call", "strike": "1300",
		"expiry": "2021-03-03T08:00:00Z", "quantity": "2"},
		{"kind": "perp", "underlying": "ETH", "quantity": "-3", "entry_price": "1000", "funding": "5"}]}]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := h.DayMarket(h.DayIndex(day("2021-02-01")))
	m, _ := h.DayMarket(h.DayIndex(day("2022-06-15")))
	p := books[0].on(m, a)
	opt, perp := p.Venues[0].Positions[0], p.Venues[0].Positions[1]
	wantK := math.Round(1300*m.Spot("ETH")/a.Spot("ETH")*100) / 100
	if opt.StrikeF != wantK || opt.Strike.String() != strconvF(wantK) {
		t.Errorf("strike %v (%s), want %v", opt.StrikeF, opt.Strike.String(), wantK)
	}
	if want := day("2022-07-15").Add(8 * time.Hour); !opt.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v (30 days 8 hours on)", opt.Expiry, want)
	}
	if opt.QuantityF != 2 || perp.QuantityF != -3 {
		t.Errorf("units changed: %v %v", opt.QuantityF, perp.QuantityF)
	}
	if want := math.Round(m.Spot("ETH")*100) / 100; perp.EntryF != want || perp.FundingF != 0 {
		t.Errorf("perp entry %v funding %v, want %v and 0", perp.EntryF, perp.FundingF, want)
	}
	if books[0].Portfolio.Venues[0].Positions[0].StrikeF != 1300 {
		t.Error("the template book was changed")
	}
}

func strconvF(x float64) string { return strings.TrimRight(strings.TrimRight(fmtF(x), "0"), ".") }

func fmtF(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// Goal: the capital to add (Shortfall) is what each architecture needs
// added to the book as it stands, by hand. Book: dYdX v4 (genesis set, BTC
// IMF 5%) with 10,000 USDC and a long 10 BTC perpetual (re-opened each day
// at the day's spot, so its equity is 10,000), and a custody wallet of
// 100 WETH. With P the day's BTC close and S its ETH close:
//
//	fragmented: dYdX needs 0.05·10·P of equity and holds 10,000; custody
//	            requires nothing and funds no venue: 0.5·P − 10,000
//	            (P ≈ 37,000–58,000 on these days: positive);
//	unified:    one account of equity 10,000 + 100·S (S ≈ 2,100–4,200:
//	            ≥ 220,000) against its IM: 0 whenever IM < that equity,
//	            which the test checks from the day's IM.
//
// A book without the wallet needs IM − 10,000 unified: the pooled equity,
// not the model, is what the wallet changes. The perpetual re-opens at the
// day's spot to the cent (books.go), so its equity is 10,000 + 10·(P − E)
// with |P − E| ≤ 0.005: hand figures hold within 10 · 0.005 = 0.05 USD.
func TestShortfallByHand(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	perp := `{"id": "dydx", "model": "dydx-v4", "chain": "dydx", "params": "dydx-v4-genesis-2023-10-26",
		"collateral": [{"asset": "USDC", "amount": "10000"}],
		"positions": [{"kind": "perp", "underlying": "BTC", "quantity": "10", "entry_price": "50000"}]}`
	wallet := `{"id": "w", "model": "custody", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "100"}], "positions": []}`
	parse := func(venues string) *portfolio.Portfolio {
		p, err := portfolio.Parse([]byte(`{"account": "t", "venues": [` + venues + `]}`))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	books := []Book{{Name: "with-wallet", Portfolio: parse(perp + ", " + wallet)}, {Name: "perp-only", Portfolio: parse(perp)}}
	res, err := Run(context.Background(), h, books, Window{From: day("2021-05-10"), To: day("2021-05-14")}, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	const tol, cent = 1e-6, 0.05 + 1e-6
	for k, b := range res.Books {
		var sf float64
		for _, d := range b.Days {
			i := h.DayIndex(day(d.Date))
			p, s := h.Close[1][i], h.Close[0][i]
			want := 0.5*p - 10000
			if math.Abs(d.FragmentedShortfall-want) > cent {
				t.Errorf("%s %s: fragmented shortfall %v, want 0.5·%v − 10,000 = %v", b.Name, d.Date, d.FragmentedShortfall, p, want)
			}
			sf += d.FragmentedShortfall
			if k == 0 {
				if !(d.UnifiedIM < 10000+100*s) || d.UnifiedShortfall != 0 {
					t.Errorf("%s %s: unified shortfall %v with IM %v and equity %v, want 0", b.Name, d.Date,
						d.UnifiedShortfall, d.UnifiedIM, 10000+100*s)
				}
			} else if want := d.UnifiedIM - 10000; math.Abs(d.UnifiedShortfall-want) > cent {
				t.Errorf("%s %s: unified shortfall %v, want IM − 10,000 = %v", b.Name, d.Date, d.UnifiedShortfall, want)
			}
		}
		if b.FragmentedShortfallDays != 5 || b.ShortfallSaving == nil ||
			math.Abs(b.MeanFragmentedShortfall-sf/5) > tol*sf {
			t.Errorf("%s: summary %d days, mean %v (want %v), saving %v", b.Name, b.FragmentedShortfallDays,
				b.MeanFragmentedShortfall, sf/5, b.ShortfallSaving)
		}
	}
	if s := res.Books[0].ShortfallSaving; s == nil || *s != 1 {
		t.Errorf("with the wallet the unified account needs nothing: saving %v, want 100%%", s)
	}
	if res.Overall.BooksNeedingCapital != 2 || res.Overall.ShortfallAtTarget != 1 {
		t.Errorf("overall %+v", res.Overall)
	}
}

// Replay reports each day replayed, in order, out of the window's days,
// and renders the report (the CLI's and the API's path).
func TestReplayProgress(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	res, files, err := Replay(context.Background(), h, []Book{{Name: "w", Portfolio: custodyBook(t, "WETH", "1")}},
		Window{From: day("2022-01-01"), To: day("2022-01-05")}, margin.DefaultRiskParams(),
		func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}
	if fmt.Sprint(calls) != fmt.Sprint(want) || res.Days != 5 {
		t.Errorf("progress %v over %d days, want %v", calls, res.Days, want)
	}
	if len(files["backtest.md"]) == 0 || len(files["margin_w.svg"]) == 0 {
		t.Errorf("files %d", len(files))
	}
}
