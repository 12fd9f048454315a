// settle: cross-chain settlement (internal/settle) from the command line,
// acting on the store as the operator: move an account's vault shares to
// another chain, relay the relayers' reports, void timed-out moves, halt
// or reopen a bridge, report collateral by chain, list moves and the
// chains and bridges, and run the deterministic simulator (exit 1 when it
// finds a violation, after printing its figures).
package main

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/settle"
	"github.com/unimargin/unimargin/internal/vault"
)

type settleCmd struct {
	Move     settleMoveCmd     `cmd:"" help:"Move an account's vault shares to another chain over a bridge (pending until the source is final and relayers attest it)."`
	Relay    settleRelayCmd    `cmd:"" help:"A relayer's report on a move: finalized, reorged or failed."`
	Expire   settleExpireCmd   `cmd:"" help:"Void every pending move past its deadline (the shares return to their source)."`
	Bridge   settleBridgeCmd   `cmd:"" help:"Halt a bridge (--halt --reason) or reopen it (--reopen)."`
	Status   settleStatusCmd   `cmd:"" help:"Collateral by chain including in flight: one account's (--account), or every account's."`
	List     settleListCmd     `cmd:"" help:"List moves, newest first (--account A: its own)."`
	Chains   settleChainsCmd   `cmd:"" help:"The chains and bridges settlement runs on, with the source of every figure."`
	Simulate settleSimulateCmd `cmd:"" help:"Run the deterministic simulator: chains, bridges, relayers, reorgs, halts, exploits; exit 1 on any violation."`
}

// settle runs fn in one transaction as settlement's.
func (f *timedFlags) settle(what string, readOnly bool, fn func(tx settle.Tx, now time.Time) error) error {
	now, err := f.now()
	if err != nil {
		return err
	}
	return governRefusal(what, f.transactRaw(readOnly, func(tx vault.Tx) error {
		s, ok := tx.(settle.Tx)
		if !ok {
			return fmt.Errorf("%w: the store keeps no settlement records", errInternal)
		}
		return fn(s, now)
	}))
}

type settleMoveCmd struct {
	timedFlags
	Account    string `required:"" help:"Account id." placeholder:"A"`
	Asset      string `required:"" help:"Vault asset (WETH, USDC, …)." placeholder:"SYM"`
	Shares     string `required:"" help:"Vault shares in whole share units." placeholder:"S"`
	From       string `required:"" help:"The chain the shares are on." placeholder:"CHAIN"`
	FromBridge string `name:"from-bridge" help:"Off the home chain: the bridge the holding there arrived over." placeholder:"BRIDGE"`
	To         string `required:"" help:"Destination chain." placeholder:"CHAIN"`
	Bridge     string `required:"" help:"Bridge to move over." placeholder:"BRIDGE"`
	SourceTx   string `name:"source-tx" required:"" help:"The source-chain transaction (lock or burn) the relayers will attest." placeholder:"TX"`
	ID         string `name:"id" required:"" help:"Move id: a retry with the same id and body returns the same move." placeholder:"ID"`
}

func (c *settleMoveCmd) Run(e *env) error {
	req := settle.MoveRequest{ID: c.ID, Account: c.Account, Asset: c.Asset, Shares: c.Shares, From: c.From,
		FromBridge: c.FromBridge, To: c.To, Bridge: c.Bridge, SourceTx: c.SourceTx}
	var m *settle.ChainMove
	err := c.settle("settle move", false, func(tx settle.Tx, now time.Time) error {
		cfg, err := govern.StoredConfig(tx, now)
		if err != nil {
			return err
		}
		m, err = settle.Initiate(tx, settle.Default(), cfg, req, now)
		return err
	})
	if err != nil {
		return err
	}
	return writeMove(e, c.formatFlag, c.JSON, m)
}

type settleRelayCmd struct {
	timedFlags
	File     string `help:"A relay message file ({id, relayer, move, event, source_tx, shares, expires_at})." placeholder:"FILE" xor:"message"`
	ID       string `name:"id" help:"Message id (without --file)." placeholder:"ID" xor:"message"`
	Relayer  string `help:"The relayer reporting (a relayer of the data file)." placeholder:"NAME"`
	Move     string `help:"The move reported on." placeholder:"ID"`
	Event    string `help:"finalized, reorged or failed." placeholder:"EVENT"`
	SourceTx string `name:"source-tx" help:"The move's source transaction as the relayer saw it." placeholder:"TX"`
	Shares   string `help:"The move's amount as the relayer saw it." placeholder:"S"`
	Expires  string `help:"How long the message stays valid." default:"10m" placeholder:"DURATION"`
}

func (c *settleRelayCmd) Run(e *env) error {
	var msg settle.RelayMessage
	if c.File != "" {
		doc, err := readDocument(c.File)
		if err != nil {
			return err
		}
		if msg, err = settle.ParseRelayMessage(doc.data); err != nil {
			return input.InFile(err, doc.name)
		}
	} else if c.ID == "" {
		return usagef("give --file MESSAGE or --id with --relayer, --move, --event, --source-tx, --shares")
	}
	var m *settle.ChainMove
	err := c.settle("settle relay", false, func(tx settle.Tx, now time.Time) error {
		if c.File == "" {
			d, err := time.ParseDuration(c.Expires)
			if err != nil || d <= 0 {
				return usagef("--expires %q: want a positive duration such as 10m", c.Expires)
			}
			msg = settle.RelayMessage{ID: c.ID, Relayer: c.Relayer, Move: c.Move, Event: c.Event, SourceTx: c.SourceTx,
				Shares: c.Shares, ExpiresAt: now.Add(d).UTC().Format(time.RFC3339)}
		}
		var err error
		m, err = settle.Relay(tx, settle.Default(), msg, now)
		return err
	})
	if err != nil {
		return err
	}
	return writeMove(e, c.formatFlag, c.JSON, m)
}

type settleExpireCmd struct{ timedFlags }

func (c *settleExpireCmd) Run(e *env) error {
	var voided []*settle.ChainMove
	err := c.settle("settle expire", false, func(tx settle.Tx, now time.Time) (err error) {
		voided, err = settle.Expire(tx, now)
		return err
	})
	if err != nil {
		return err
	}
	if voided == nil {
		voided = []*settle.ChainMove{}
	}
	if done, err := c.machine(e, c.JSON, "settle", map[string]any{"voided": voided}); done {
		return err
	}
	return writeMoves(e, voided)
}

type settleBridgeCmd struct {
	timedFlags
	Bridge string `required:"" help:"The bridge." placeholder:"BRIDGE"`
	Halt   bool   `xor:"state" required:"" help:"No new move over it; moves in flight wait, and time out unless it reopens."`
	Reopen bool   `xor:"state" required:"" help:"Reopen it."`
	Reason string `help:"Why (required to halt)." placeholder:"TEXT"`
}

func (c *settleBridgeCmd) Run(e *env) error {
	var st settle.BridgeStatus
	err := c.settle("settle bridge", false, func(tx settle.Tx, now time.Time) (err error) {
		st, err = settle.SetBridge(tx, settle.Default(), c.Bridge, c.Halt, c.Reason, now)
		return err
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", st, [][2]string{{"bridge", st.Bridge}, {"halted", fmt.Sprint(st.Halted)},
		{"since", st.Since.Format(time.RFC3339)}, {"reason", st.Reason}})
}

type settleStatusCmd struct {
	timedFlags
	Account string `help:"One account (default: every account's collateral by chain)." placeholder:"A"`
}

func (c *settleStatusCmd) Run(e *env) error {
	var st *settle.AccountStatus
	var ov *settle.Overview
	err := c.settle("settle status", true, func(tx settle.Tx, _ time.Time) (err error) {
		if c.Account != "" {
			st, err = settle.StatusOf(tx, settle.Default(), c.Account)
		} else {
			ov, err = settle.OverviewOf(tx, settle.Default())
		}
		return err
	})
	if err != nil {
		return err
	}
	if st != nil {
		if done, err := c.machine(e, c.JSON, "settle", st); done {
			return err
		}
	} else if done, err := c.machine(e, c.JSON, "settle", ov); done {
		return err
	}
	holdings, byChain := []settle.Holding(nil), map[string]float64(nil)
	if st != nil {
		holdings, byChain = st.Holdings, st.ByChain
	} else {
		holdings, byChain = ov.Holdings, ov.ByChain
	}
	section(e.out, "Vault collateral by chain (in-flight: on no chain, at the bridge's haircut)")
	t := newTable([]string{"chain", "bridge", "asset", "shares", "assets", "USD"}, left, left, left, right, right, right)
	for _, h := range holdings {
		t.add(h.Chain, h.Bridge, h.Asset, h.Shares, h.Assets, usd(h.ValueUSD))
	}
	t.write(e.out, "  ")
	chains := make([]string, 0, len(byChain))
	for ch := range byChain {
		chains = append(chains, ch)
	}
	sort.Strings(chains)
	tt := newTable([]string{"chain", "USD"}, left, right)
	for _, ch := range chains {
		tt.add(ch, usd(byChain[ch]))
	}
	tt.write(e.out, "  ")
	if st != nil {
		section(e.out, "Time for collateral at home to reach a chain (what a liquidation there waits)")
		et := newTable([]string{"chain", "asset", "bridge", "seconds"}, left, left, left, right)
		for _, x := range st.ETAs {
			et.add(x.Chain, x.Asset, x.Bridge, fmt.Sprint(x.Seconds))
		}
		et.write(e.out, "  ")
		section(e.out, "Moves")
		return writeMoves(e, st.Moves)
	}
	fmt.Fprintf(e.out, "\npending moves: %d\n", ov.Pending)
	return nil
}

type settleListCmd struct {
	timedFlags
	Account string `help:"Only this account's moves." placeholder:"A"`
}

func (c *settleListCmd) Run(e *env) error {
	var moves []*settle.ChainMove
	err := c.settle("settle list", true, func(tx settle.Tx, _ time.Time) (err error) {
		moves, err = settle.Moves(tx, settle.MoveFilter{Account: c.Account})
		return err
	})
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "settle", map[string]any{"moves": moves}); done {
		return err
	}
	return writeMoves(e, moves)
}

type settleChainsCmd struct {
	formatFlag
	JSON bool `help:"Print the data as JSON."`
}

func (c *settleChainsCmd) Run(e *env) error {
	reg := settle.Default()
	if done, err := c.machine(e, c.JSON, "settle", reg); done {
		return err
	}
	section(e.out, "Chains (home: "+reg.HomeChain+")")
	t := newTable([]string{"chain", "block s", "finality s", "reorg depth"}, left, right, right, right)
	names := make([]string, 0, len(reg.Chains))
	for n := range reg.Chains {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ch := reg.Chains[n]
		t.add(n, fmt.Sprint(ch.BlockSeconds), fmt.Sprint(ch.FinalitySeconds), fmt.Sprint(ch.ReorgDepth))
	}
	t.write(e.out, "  ")
	section(e.out, "Bridges")
	bt := newTable([]string{"bridge", "kind", "haircut", "routes", "max transfer USD", "window USD", "halts/yr", "exploits/yr"},
		left, left, right, left, right, right, right, right)
	names = names[:0]
	for n := range reg.Bridges {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := reg.Bridges[n]
		routes := ""
		for i, rt := range b.Routes {
			if i > 0 {
				routes += ", "
			}
			routes += fmt.Sprintf("%s→%s %ds", rt.From, rt.To, rt.MedianSeconds)
		}
		bt.add(n, b.Kind, fmt.Sprint(b.Haircut), routes, b.MaxTransferUSD, b.WindowUSD,
			fmt.Sprint(b.HaltsPerYear), fmt.Sprint(b.ExploitsPerYear))
	}
	bt.write(e.out, "  ")
	fmt.Fprintf(e.out, "\nrelayers %v, %d attestations required\n", reg.Relayers, reg.AttestationsRequired)
	return nil
}

type settleSimulateCmd struct {
	Seeds     int    `default:"200" help:"Schedules to run (at most 100,000)." placeholder:"N"`
	FirstSeed uint64 `name:"first-seed" default:"1" help:"The first schedule's seed." placeholder:"S"`
	Steps     int    `default:"300" help:"Steps per schedule (at most 10,000)." placeholder:"K"`
	JSON      bool   `help:"Print the figures as JSON (top-level seeds and violations)."`
	formatFlag
}

// The simulator's bounds: 10,000 steps take about 10 s per seed.
const (
	maxSimSteps = 10_000
	maxSimSeeds = 100_000
)

// errViolations marks a simulation that found violations: its figures are
// printed, then the command exits 1.
var errViolations = errors.New("the simulator found violations")

func (c *settleSimulateCmd) Run(e *env) error {
	if c.Seeds < 1 || c.Steps < 1 {
		return usagef("--seeds and --steps must be at least 1")
	}
	// A schedule's cost grows with the square of its steps (the auditor
	// checks every move after every step), the run's with the seeds.
	if c.Steps > maxSimSteps || c.Seeds > maxSimSeeds {
		return usagef("--steps must be at most %d and --seeds at most %d (got --steps %d, --seeds %d)",
			maxSimSteps, maxSimSeeds, c.Steps, c.Seeds)
	}
	rep, err := settle.Simulate(settle.SimConfig{Seeds: c.Seeds, FirstSeed: c.FirstSeed, Steps: c.Steps})
	if err != nil {
		return fmt.Errorf("%w: simulate: %v", errInternal, err)
	}
	return reportSimulation(e, rep, c.formatFlag, c.JSON)
}

// reportSimulation prints the figures; violations make it a reportedError
// (the figures are printed, then one line, exit 1).
func reportSimulation(e *env, rep *settle.SimReport, f formatFlag, asJSON bool) error {
	if done, err := f.machine(e, asJSON, "simulate", rep); done {
		if err != nil {
			return err
		}
	} else {
		t := newTable([]string{"figure", "value"}, left, right)
		for _, r := range [][2]any{{"seeds", rep.Seeds}, {"steps", rep.Steps}, {"moves", rep.Moves}, {"posted", rep.Posted},
			{"voided", rep.Voided}, {"refused requests", rep.Refused}, {"reorgs", rep.Reorgs}, {"moves whose source a reorg dropped", rep.ReorgedMoves},
			{"bridge halts", rep.Halts}, {"bridge exploits", rep.Exploits}, {"unbacked mints", rep.UnbackedMinted},
			{"forged messages refused", rep.ForgedRefused}, {"forged attestations without effect", rep.ForgedIgnored},
			{"relayer crashes", rep.RelayerCrashes}, {"expired messages refused", rep.ExpiredRefused},
			{"replays refused", rep.ReplaysRefused}, {"timeouts", rep.Timeouts}, {"audits", rep.Audits}, {"violations", rep.Violations}} {
			t.add(fmt.Sprint(r[0]), fmt.Sprint(r[1]))
		}
		t.write(e.out, "")
	}
	if rep.Violations > 0 {
		v := rep.FirstViolation
		return &reportedError{err: &usageError{msg: fmt.Errorf("settle simulate: %w: %d, the first at seed %d step %d: %s", errViolations, rep.Violations, v.Seed, v.Step, v.What).Error()}}
	}
	return nil
}

func writeMove(e *env, f formatFlag, asJSON bool, m *settle.ChainMove) error {
	if done, err := f.machine(e, asJSON, "move", m); done {
		return err
	}
	rows := [][2]string{{"move", m.ID}, {"account", m.Account}, {"shares", m.Shares + " " + m.Asset},
		{"route", fmt.Sprintf("%s → %s over %s", m.From, m.To, m.Bridge)}, {"status", m.Status},
		{"source final at", m.FinalAt.Format(time.RFC3339)}, {"expected at", m.ExpectedAt.Format(time.RFC3339)},
		{"deadline", m.Deadline.Format(time.RFC3339)}, {"attestations", fmt.Sprint(len(m.Attestations))}}
	if m.Reason != "" {
		rows = append(rows, [2]string{"reason", m.Reason})
	}
	return render(e, false, nil, rows)
}

func writeMoves(e *env, moves []*settle.ChainMove) error {
	t := newTable([]string{"move", "account", "shares", "asset", "route", "status", "expected at"}, left, left, right, left, left, left, left)
	for _, m := range moves {
		t.add(m.ID, m.Account, m.Shares, m.Asset, fmt.Sprintf("%s→%s %s", m.From, m.To, m.Bridge), m.Status, m.ExpectedAt.Format(time.RFC3339))
	}
	t.write(e.out, "  ")
	return nil
}
