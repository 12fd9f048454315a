package server

import (
	"context"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// TestDemoSettlement: the demo treasury holds WETH on Arbitrum (posted)
// and in flight to Base, each counted once; a second seed changes nothing.
func TestDemoSettlement(t *testing.T) {
	h, _ := demoServer(t)
	state := func() vault.AccountState {
		var st vault.AccountState
		if err := h.db.View(context.Background(), func(tx vault.Tx) (err error) {
			st, err = vault.State(tx, h.srv.vaultConfig(), "treasury")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := state()
	if st.Balances["WETH"].Assets != "250" || len(st.Located) != 2 ||
		st.Located[0] != (vault.Located{Chain: "arbitrum", Bridge: "arbitrum-canonical", Asset: "WETH", Shares: "100", Assets: "100"}) ||
		st.Located[1] != (vault.Located{Chain: vault.InFlight, Bridge: "base-canonical", Asset: "WETH", Shares: "50", Assets: "50"}) {
		t.Fatalf("treasury %+v %+v", st.Balances, st.Located)
	}
	if _, err := SeedDemo(context.Background(), h.db); err != nil {
		t.Fatal(err)
	}
	if again := state(); len(again.Located) != 2 || again.Balances["WETH"] != st.Balances["WETH"] {
		t.Fatalf("reseeding moved again: %+v %+v", again.Balances, again.Located)
	}
}
