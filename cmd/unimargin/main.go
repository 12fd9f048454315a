// Command unimargin is the cross-venue margin engine's one binary. This
// package is wiring only: it parses flags, reads files, calls the domain
// packages and renders their results; every figure is computed elsewhere.
//
// Exit status (DESIGN.md, File formats): 0 ok; 1 a usage or input error or a
// refusal, with exactly one line on stderr; 2 an internal error (a bug),
// also one line. Nothing is written to stdout unless the command succeeds
// (or fails with a report that is its output: reportedError, simulate's
// violations): each command renders into a buffer copied out at the end.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/alecthomas/kong"

	_ "github.com/unimargin/unimargin/internal/venue/catalog" // links every venue model
)

// cli is the command tree. Every reporting command has --json; --json output
// carries no paths, timings or other run-dependent values.
type cli struct {
	Margin     marginCmd     `cmd:"" help:"Fragmented (per-venue) versus unified margin of one account."`
	Price      priceCmd      `cmd:"" help:"Price a European option and its Greeks (Black-76 or Black-Scholes)."`
	IV         ivCmd         `cmd:"" name:"iv" help:"Implied volatility of a European option price."`
	Scenarios  scenariosCmd  `cmd:"" help:"List the scenario set the unified margin uses."`
	Stress     stressCmd     `cmd:"" help:"Named scenarios (the historical library or --scenarios FILE) on a book; --reverse: the smallest move that makes a venue or the account liquidatable."`
	Venues     venuesCmd     `cmd:"" help:"List the isolated venue models with their parameters."`
	RiskParams riskParamsCmd `cmd:"" name:"risk-params" help:"Show the unified model's risk parameters."`
	Conform    conformCmd    `cmd:"" help:"Evaluate a venue's published test vector (derive-pmrm2 CASE.json) with unimargin's model of it."`
	Vault      vaultCmd      `cmd:"" help:"The UCT master vault: deposit, mint, withdraw, redeem, accrue, state, caps."`
	Lien       lienCmd       `cmd:"" help:"Liens from an account's vault collateral to venues: grant, release, draw, settle."`
	Ledger     ledgerCmd     `cmd:"" help:"The double-entry ledger: verify every invariant."`
	Account    accountCmd    `cmd:"" help:"Accounts of the collateral layer: set-portfolio."`
	MarketData marketCmd     `cmd:"" name:"market" help:"The market snapshot margin checks use: set."`
	Whatif     whatifCmd     `cmd:"" name:"whatif" help:"Unified margin before and after one trade (--trade FILE)."`
	Import     importCmd     `cmd:"" help:"Convert a venue's API output (Deribit, Aave, dYdX, Hyperliquid, …) into portfolio.json or market.json."`
	Hedge      hedgeCmd      `cmd:"" help:"Trades (perps, futures, listed options) that lower unified initial margin most per unit of cost."`
	Cascade    cascadeGroup  `cmd:"" help:"Liquidation cascades on a population and price path: isolated venues vs hub vs UCT; wick: the 24 Dec 2025 replay."`
	Backtest   backtestCmd   `cmd:"" help:"Backtest the unified and the venues' margins on the embedded 2021-2023 ETH and BTC prices (reference books, or --books)."`
	History    historyCmd    `cmd:"" help:"An account's recorded margins (the service records one on every re-margin and account change)."`
	Alerts     alertsCmd     `cmd:"" help:"An account's stored alerts (limits breached or cleared), newest first, in pages."`
	Limits     limitsCmd     `cmd:"" help:"An account's limits on health, excess, liquidation distance and concentration: show, set, clear."`
	Explain    explainCmd    `cmd:"" help:"Why margin changed between two book+market pairs: price, vol, time, trades and params steps that sum to the change."`
	VaR        varCmd        `cmd:"" name:"var" help:"Historical and filtered-historical VaR and ES of a book (99%/97.5%, 1 and 10 days) beside its scenario margin."`
	Liquidate  liquidateCmd  `cmd:"" help:"What each venue would liquidate now by its own rules, and what the unified engine would do instead."`
	Serve      serveCmd      `cmd:"" help:"Serve the HTTP API, live margins over server-sent events, metrics and the dashboard (--demo: everything embedded)."`
	Loadtest   loadtestCmd   `cmd:"" help:"Drive a running server with margin requests at a fixed rate and report latency percentiles."`
	Simulate   simulateCmd   `cmd:"" help:"Deterministic simulation: seeded runs of hostile accounts, venues and faults against the service, audited after every step."`
	Worker     workerCmd     `cmd:"" help:"Run a stateless re-margin worker on a NATS JetStream work queue."`
	Remargin   remarginCmd   `cmd:"" help:"Re-margin every account in the store (in process, or over NATS JetStream) and report counts."`
	Token      tokenCmd      `cmd:"" help:"API tokens: issue one for the admin, a custodian, an account or a venue."`
	Bench      benchCmd      `cmd:"" help:"Benchmarks of the engine on generated data: remargin."`
	Chain      chainCmd      `cmd:"" help:"The on-chain UCT: development chain, deploy (simulated or --rpc), margin attestations, on-chain state."`
	Govern     governCmd     `cmd:"" help:"Governed risk parameters: proposals, impact previews, signed votes, timelock, execution, guardian, audit log."`
	Settle     settleCmd     `cmd:"" help:"Cross-chain settlement: move vault shares between chains, relayers' reports, collateral by chain, the simulator."`
}

// env is what every command's Run receives: the buffer its output goes to.
type env struct {
	out *bytes.Buffer
}

// exitRequest unwinds a kong exit (after --help) back to run.
type exitRequest struct{ code int }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return protect(stderr, func() int { return execute(args, stdout, stderr) })
}

// protect calls body and turns a panic into an internal error (exit 2, one
// line; UNIMARGIN_DEBUG=1 adds the stack). A kong exit request (after
// --help) unwinds to here and becomes the status.
func protect(stderr io.Writer, body func() int) (code int) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(exitRequest); ok {
			code = e.code
			return
		}
		if os.Getenv("UNIMARGIN_DEBUG") != "" {
			fmt.Fprintf(stderr, "%s\n", debug.Stack())
		}
		code = report(stderr, fmt.Errorf("%w: panic: %v", errInternal, r))
	}()
	return body()
}

func execute(args []string, stdout, stderr io.Writer) int {
	parser, err := kong.New(&cli{},
		kong.Name("unimargin"),
		kong.Description("Cross-venue margin engine: what fragmentation costs, how safe the whole book is."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitRequest{code}) }),
		kong.WithHyphenPrefixedParameters(true),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		return report(stderr, fmt.Errorf("%w: building the command line: %v", errInternal, err))
	}
	ctx, err := parser.Parse(args)
	if err != nil {
		return report(stderr, usageFromKong(err))
	}
	e := &env{out: &bytes.Buffer{}}
	if err := ctx.Run(e); err != nil {
		var withOutput *reportedError
		if errors.As(err, &withOutput) {
			_, _ = stdout.Write(e.out.Bytes())
		}
		return report(stderr, err)
	}
	if _, err := stdout.Write(e.out.Bytes()); err != nil {
		return report(stderr, fmt.Errorf("%w: writing the output: %v", errInternal, err))
	}
	return exitOK
}
