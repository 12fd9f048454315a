// The demo's cross-chain settlement: the treasury has moved 100 WETH of
// its vault shares to Arbitrum over the canonical bridge (posted, after
// Ethereum's finality and two relayers' attestations) and has 50 WETH in
// flight to Base, so the dashboard shows collateral by chain including in
// flight. Idempotent: a move already made is not made again.
package server

import (
	"fmt"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/settle"
	"github.com/unimargin/unimargin/internal/vault"
)

var demoMoves = []settle.MoveRequest{
	{ID: "demo-move-treasury-arbitrum", Account: "treasury", Asset: "WETH", Shares: "100", From: "ethereum",
		To: "arbitrum", Bridge: "arbitrum-canonical", SourceTx: "demo-lock-1"},
	{ID: "demo-move-treasury-base", Account: "treasury", Asset: "WETH", Shares: "50", From: "ethereum",
		To: "base", Bridge: "base-canonical", SourceTx: "demo-lock-2"},
}

// seedSettlement makes the demo moves at now: the first an hour ago and
// relayed since, the second in flight.
func seedSettlement(tx vault.Tx, now time.Time) error {
	st, ok := tx.(settle.Tx)
	if !ok {
		return errNoRecords
	}
	cfg, err := govern.StoredConfig(tx, now)
	if err != nil {
		return err
	}
	start := []time.Time{now.Add(-time.Hour), now}
	for i, req := range demoMoves {
		m, err := settle.Initiate(st, registry, cfg, req, start[i])
		if err != nil {
			return fmt.Errorf("demo move %s: %w", req.ID, err)
		}
		if i > 0 || m.Status != settle.StatusPending {
			continue
		}
		at := now.Add(-30 * time.Minute)
		for _, r := range registry.Relayers[:registry.AttestationsRequired] {
			msg := settle.RelayMessage{ID: "demo-relay-" + r, Relayer: r, Move: m.ID, Event: settle.EventFinalized,
				SourceTx: m.SourceTx, Shares: m.Shares, ExpiresAt: at.Add(10 * time.Minute).Format(time.RFC3339)}
			if _, err := settle.Relay(st, registry, msg, at); err != nil {
				return fmt.Errorf("demo relay %s: %w", msg.ID, err)
			}
		}
	}
	return nil
}
