package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// demoServer seeds a fresh SQLite store and runs a server on it.
func demoServer(t *testing.T) (*harness, []string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ids, err := SeedDemo(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, db: db, tokens: map[string]string{}}
	h.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); h.ts.Close() })
	if h.admin, err = IssueToken(ctx, db, access.AdminSubject, "demo admin"); err != nil {
		t.Fatal(err)
	}
	return h, ids
}

func TestSeedDemoMarginsEveryAccountAndIsIdempotent(t *testing.T) {
	h, ids := demoServer(t)
	if len(ids) < 8 {
		t.Fatalf("%d demo accounts", len(ids))
	}
	results := remarginAll(t, h.db, h.srv)
	for _, id := range ids {
		r, ok := results[id]
		if !ok || r.Error != "" || r.Initial <= 0 {
			t.Errorf("demo account %s: %+v", id, r)
		}
	}
	// Liens were granted and deposits made.
	var st vault.AccountState
	if err := h.db.View(context.Background(), func(tx vault.Tx) error {
		var err error
		st, err = vault.State(tx, vault.Config{}, "treasury")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if st.LiensUSD != "750000" || st.Balances["USDC"].Assets != "2000000" {
		t.Fatalf("treasury state %+v", st)
	}
	// A second seed on the same store changes nothing and does not fail,
	// even after the market moved.
	h.storeMarket(0.8, 0.9, 3)
	if _, err := SeedDemo(context.Background(), h.db); err != nil {
		t.Fatal(err)
	}
	if again := remarginAll(t, h.db, h.srv); len(again) != len(results) {
		t.Fatalf("%d accounts after reseeding, %d before", len(again), len(results))
	}
}

// remarginAll margins every stored account in process.
func remarginAll(t *testing.T, db *store.DB, s *Server) map[string]cluster.Result {
	t.Helper()
	var ids []string
	if err := db.View(context.Background(), func(tx vault.Tx) error {
		var err error
		ids, err = tx.AccountIDs()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	out := map[string]cluster.Result{}
	start := time.Now()
	l := &cluster.Local{Source: db, Config: s.vaultConfig}
	if err := l.Remargin(context.Background(), ids, func(r cluster.Result) { out[r.Account] = r }); err != nil {
		t.Fatal(err)
	}
	t.Logf("re-margined %d accounts in %v", len(ids), time.Since(start))
	return out
}

func TestReplayPathIsTheMay2021Crash(t *testing.T) {
	p, err := LoadReplayPath()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ETH) != 73 || p.ETH[0] != 1 || p.BTC[0] != 1 {
		t.Fatalf("path of %d hours starting %v %v", len(p.ETH), p.ETH[0], p.BTC[0])
	}
	minETH, minBTC := 1.0, 1.0
	for i := range p.ETH {
		minETH, minBTC = math.Min(minETH, p.ETH[i]), math.Min(minBTC, p.BTC[i])
	}
	// At the 19 May hourly low ETH was about 28% below its 18 May 00:00
	// level, BTC about 21%.
	if minETH > 0.75 || minETH < 0.65 || minBTC > 0.82 || minBTC < 0.72 {
		t.Fatalf("lows ETH %.3f BTC %.3f", minETH, minBTC)
	}
}

func TestScaleMarketMovesFamiliesAndTime(t *testing.T) {
	doc, err := scaleMarket(demo.MarketJSON, 0.5, 0.8, 5*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := market.Load(demo.MarketJSON, marketOptions(true))
	m, err := market.Load(doc, marketOptions(false)) // oracle ages unchanged: not stale
	if err != nil {
		t.Fatal(err)
	}
	for sym, f := range map[string]float64{"ETH": 0.5, "WETH": 0.5, "wstETH": 0.5, "BTC": 0.8, "WBTC": 0.8, "USDC": 1} {
		if got := m.Spot(sym) / base.Spot(sym); math.Abs(got-f) > 1e-6 {
			t.Errorf("%s scaled by %v, want %v", sym, got, f)
		}
	}
	if !m.AsOf.Equal(base.AsOf.Add(5 * time.Hour)) {
		t.Fatalf("as_of %v", m.AsOf)
	}
}

func TestReplayMovesMarginsOverEvents(t *testing.T) {
	h, _ := demoServer(t)
	path, err := LoadReplayPath()
	if err != nil {
		t.Fatal(err)
	}
	c := h.openEvents(h.admin, false)
	h.srv.StartReplay(path, 20*time.Millisecond)
	asOf := map[string]bool{}
	for len(asOf) < 4 {
		ev := c.next(t, 10*time.Second)
		if ev.name != "market" {
			continue
		}
		var m MarketEvent
		if err := json.Unmarshal(ev.data, &m); err != nil {
			t.Fatal(err)
		}
		asOf[m.AsOf] = true
	}
	if got := gaugeValue(t, h, "unimargin_accounts"); got != float64(len(DemoAccounts)) {
		t.Fatalf("accounts gauge %v", got)
	}
}

func TestTheThinAccountBecomesLiquidatableInTheCrashAndRecovers(t *testing.T) {
	h, _ := demoServer(t)
	path, err := LoadReplayPath()
	if err != nil {
		t.Fatal(err)
	}
	low := 0
	for i := range path.ETH {
		if path.ETH[i] < path.ETH[low] {
			low = i
		}
	}
	liquidatable := func(hour int) []string {
		if err := h.srv.replayStep(context.Background(), path, hour); err != nil {
			t.Fatal(err)
		}
		var out []string
		for id, r := range remarginAll(t, h.db, h.srv) {
			if r.Liquidatable {
				out = append(out, id)
			}
		}
		return out
	}
	if got := liquidatable(0); len(got) != 0 {
		t.Fatalf("liquidatable before the crash: %v", got)
	}
	if got := liquidatable(low); len(got) != 1 || got[0] != "lender-perps" {
		t.Fatalf("liquidatable at the low (hour %d): %v, want [lender-perps]", low, got)
	}
	if got := liquidatable(len(path.ETH) - 1); len(got) != 0 {
		t.Fatalf("liquidatable after the rebound: %v", got)
	}
}
