// End-to-end tests of `backtest` and `var`: they run from any directory
// (prices and reference books are embedded), --out writes the report, the
// JSON and the plots, and bad input is one line naming the field.
package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestBacktestCLI(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out := mustSucceed(t, "backtest", "--from", "2022-11-01", "--to", "2022-11-15", "--out", "rep", "--json")
	var doc struct {
		Days  int `json:"days"`
		Books []struct {
			Name string            `json:"name"`
			Days []json.RawMessage `json:"days"`
			VaR  struct {
				Rows []json.RawMessage `json:"rows"`
			} `json:"var"`
		} `json:"books"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Days != 15 || len(doc.Books) != 6 || len(doc.Books[0].Days) != 15 || len(doc.Books[0].VaR.Rows) != 8 {
		t.Fatalf("days %d, books %d", doc.Days, len(doc.Books))
	}
	for _, f := range []string{"backtest.md", "backtest.json", "efficiency.png", "efficiency.svg",
		"margin_cash-and-carry.png", "margin_steth-loop.svg"} {
		if st, err := os.Stat(filepath.Join(dir, "rep", f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestBacktestRefusals(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	sol := filepath.Join(dir, "sol.json")
	if err := os.WriteFile(sol, []byte(`{"account": "s", "venues": [{"id": "w", "model": "custody", "chain": "solana",
		"collateral": [{"asset": "SOL", "amount": "1"}], "positions": []}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backtest", "--from", "2020-01-01", "--out", "x"},
			`--from: "2020-01-01" is outside the price data: the data allows 2021-02-01 to 2023-02-24`},
		{[]string{"backtest", "--to", "2024-01-01", "--out", "x"},
			`--to: "2024-01-01" is outside the price data: the data allows 2021-02-01 to 2023-02-24`},
		{[]string{"backtest", "--from", "1 May 2022", "--out", "x"}, `--from: "1 May 2022" is not a date (want YYYY-MM-DD)`},
		{[]string{"backtest", "--books", sol, "--out", "x"},
			`sol.json: venues[0].collateral[0].asset: "SOL" is an asset missing from the market (the backtest's markets price ETH, WETH, stETH, wstETH, BTC, WBTC, USDC, USDT, DAI: the embedded data is ETH and BTC)`},
	} {
		if got := mustFail(t, exitInput, c.args...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.args, got, c.want)
		}
	}
}

func TestVaRCLI(t *testing.T) {
	out := mustSucceed(t, "var", "--demo", "--json")
	var doc struct {
		Rows []struct {
			Method      string  `json:"method"`
			HorizonDays int     `json:"horizon_days"`
			Scenarios   int     `json:"scenarios"`
			VaR         float64 `json:"var"`
			ES          float64 `json:"es"`
		} `json:"rows"`
		Unified float64 `json:"unified_initial"`
		To      string  `json:"lookback_to"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// the demo's as_of (2023-10-31) is after the data: every move is used
	if len(doc.Rows) != 8 || doc.To != "2023-02-25" || doc.Unified <= 0 {
		t.Fatalf("%+v", doc)
	}
	for _, r := range doc.Rows {
		if !(r.VaR > 0 && r.ES >= r.VaR) {
			t.Errorf("row %+v: want 0 < VaR ≤ ES", r)
		}
	}
	dir := t.TempDir()
	mkt, pf := filepath.Join(dir, "m.json"), filepath.Join(dir, "p.json")
	os.WriteFile(mkt, []byte(`{"as_of": "2020-06-01T00:00:00Z", "assets": {"WETH": {"price": "240"}}}`), 0o644)
	os.WriteFile(pf, []byte(`{"account": "a", "venues": [{"id": "w", "model": "custody", "chain": "ethereum",
		"collateral": [{"asset": "WETH", "amount": "1"}], "positions": []}]}`), 0o644)
	want := `m.json: as_of: "2020-06-01T00:00:00Z" is before the price data has 40 days of moves (from 2021-02-12)`
	if got := mustFail(t, exitInput, "var", "--market", mkt, "--portfolio", pf); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// The API's backtest job is the CLI's backtest: a job on a short window of
// the reference books, run by `unimargin serve`, has for result the very
// JSON value `backtest --json` prints for the same window (both call
// backtest.Replay), and its artifacts are the CLI's report files.
func TestBacktestJobEqualsCLI(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cli := mustSucceed(t, "backtest", "--from", "2022-06-01", "--to", "2022-06-10", "--out", "rep", "--json")
	s := startServe(t, filepath.Join(dir, "data"), "--demo", "--local")
	defer s.stop(t)
	code, body := s.send(t, http.MethodPost, "/v1/jobs/backtest", s.admin, "", `{"from": "2022-06-01", "to": "2022-06-10"}`)
	if code != http.StatusAccepted {
		t.Fatalf("create: %d %s", code, body)
	}
	var j struct {
		ID, Kind, Status string
	}
	decode(t, string(body), &j)
	if j.Kind != "backtest" {
		t.Fatalf("job %s", body)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for j.Status != "done" {
		if j.Status == "failed" || j.Status == "cancelled" || time.Now().After(deadline) {
			t.Fatalf("job %+v", j)
		}
		time.Sleep(50 * time.Millisecond)
		code, body = s.get(t, "/v1/jobs/"+j.ID, s.admin)
		if code != http.StatusOK {
			t.Fatalf("status: %d %s", code, body)
		}
		decode(t, string(body), &j)
	}
	code, body = s.get(t, "/v1/jobs/"+j.ID+"/result", s.admin)
	if code != http.StatusOK {
		t.Fatalf("result: %d %s", code, body)
	}
	var fromCLI, fromJob any
	decode(t, cli, &fromCLI)
	decode(t, string(body), &fromJob)
	if !reflect.DeepEqual(fromCLI, fromJob) {
		t.Fatalf("the job's result differs from `backtest --json`:\njob %.400s\ncli %.400s", body, cli)
	}
	if code, body = s.get(t, "/v1/jobs/"+j.ID+"/artifacts/margin_steth-loop.svg", s.admin); code != http.StatusOK {
		t.Fatalf("artifact: %d %.200s", code, body)
	}
	if want, err := os.ReadFile(filepath.Join(dir, "rep", "margin_steth-loop.svg")); err != nil || !bytes.Equal(want, body) {
		t.Fatalf("the job's plot differs from the CLI's (%v)", err)
	}
}
