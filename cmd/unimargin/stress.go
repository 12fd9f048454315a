// stress: named scenarios (the built-in historical library, or a user's
// scenario file) and reverse stress on one book. Wiring only: the
// scenarios are run by margin.RunScenarios, the search by
// margin.ReverseStress.
package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/vault"
)

type stressCmd struct {
	bookFlags
	Scenarios string  `help:"Scenario file (scenarios.json contract); without it the built-in historical library runs." placeholder:"FILE"`
	Library   bool    `help:"Print the built-in historical library on the market's assets as a scenario file, and run nothing."`
	Reverse   bool    `help:"Reverse stress: the smallest spot, vol, joint or depeg move that makes a venue or the unified account liquidatable."`
	Tolerance float64 `default:"1e-6" help:"Reverse stress: width of the final bracket, in move."`
	JSON      bool    `help:"Print the result as JSON."`
	Stored    bool    `help:"Run the scenarios on every stored account (its book plus vault collateral, the store's governed parameters) against the stored market, as POST /v1/scenarios/run-all."`
	DB        string  `name:"db" env:"UNIMARGIN_DB" help:"With --stored: sqlite:PATH or postgres://… (default: SQLite file unimargin.db under --data-dir)." placeholder:"DSN"`
	DataDir   string  `name:"data-dir" env:"UNIMARGIN_DATA_DIR" default:".unimargin" help:"With --stored: directory of the default SQLite store." placeholder:"DIR"`
	formatFlag
}

func (c *stressCmd) Run(e *env) error {
	if c.Stored {
		return c.runStored(e)
	}
	b, err := c.load(!c.Library)
	if err != nil {
		return err
	}
	if c.Library {
		if c.Scenarios != "" || c.Reverse {
			return usagef("--library cannot be combined with --scenarios or --reverse")
		}
		return c.render(e, true, "library", struct {
			Scenarios []scenario.Named `json:"scenarios"`
		}{margin.LibraryScenarios(b.market, b.params)}, nil, nil)
	}
	if c.Reverse {
		if c.Scenarios != "" {
			return usagef("--reverse cannot be combined with --scenarios")
		}
		if !(c.Tolerance > 0 && c.Tolerance <= 0.01) {
			return input.Invalid("--tolerance", fmt.Sprint(c.Tolerance), "must be in (0, 0.01]")
		}
		opt := margin.DefaultReverseOptions()
		opt.Tolerance = c.Tolerance
		res, err := margin.ReverseStress(context.Background(), b.portfolio, b.market, b.params, opt)
		if err != nil {
			return b.inFileOf(err)
		}
		if done, err := c.machine(e, c.JSON, "stress", res); done {
			return err
		}
		writeReverse(e.out, res)
		return nil
	}
	scs := margin.LibraryScenarios(b.market, b.params)
	if c.Scenarios != "" {
		doc, err := readDocument(c.Scenarios)
		if err != nil {
			return err
		}
		if scs, err = scenario.ParseNamed(doc.data, b.market); err != nil {
			return input.InFile(err, doc.name)
		}
		if err := margin.CheckFailures(scs, []*portfolio.Portfolio{b.portfolio}, b.params); err != nil {
			return input.InFile(err, doc.name)
		}
	}
	run, err := margin.RunScenarios(b.portfolio, b.market, b.params, scs)
	if err != nil {
		return b.inFileOf(err)
	}
	if done, err := c.machine(e, c.JSON, "stress", run); done {
		return err
	}
	writeScenarioRun(e.out, run)
	return nil
}

// runStored is --stored: server.RunScenariosStored, the route's code, on
// the selected store.
func (c *stressCmd) runStored(e *env) error {
	if c.Portfolio != "" || c.Market != "" || c.RiskParams != "" || c.Demo || c.Library || c.Reverse {
		return usagef("--stored runs on the store's books and market: it takes no --portfolio, --market, --risk-params, --demo, --library or --reverse")
	}
	var doc document
	if c.Scenarios != "" {
		var err error
		if doc, err = readDocument(c.Scenarios); err != nil {
			return err
		}
	}
	ctx := context.Background()
	sf := storeFlags{DB: c.DB, DataDir: c.DataDir}
	db, err := sf.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var cfg vault.Config
	if err := db.View(ctx, func(tx vault.Tx) error { cfg, err = govern.StoredConfig(tx, time.Now()); return err }); err != nil {
		return refusal("stress --stored", err)
	}
	all, err := server.RunScenariosStored(ctx, db, cfg, doc.data)
	if ferr, ok := server.IsScenarioFileError(err); ok {
		return input.InFile(ferr, doc.name)
	}
	if err != nil {
		return refusal("stress --stored", err)
	}
	if done, err := c.machine(e, c.JSON, "stress", all); done {
		return err
	}
	writeStoredRuns(e.out, all)
	return nil
}

// writeStoredRuns is --stored's table: one row per account and scenario.
func writeStoredRuns(w io.Writer, all server.ScenariosAll) {
	t := newTable([]string{"account", "scenario", "P&L", "unified equity", "initial", "maintenance", "liquidatable after"},
		left, left, right, right, right, right, left)
	for _, a := range all.Accounts {
		if a.Run == nil {
			t.add(a.ID, "—", "", "", "", "", a.Status+": "+a.Error)
			continue
		}
		for _, s := range a.Run.Scenarios {
			t.add(a.ID, s.Name, usd(s.PnL), usd(s.Unified.Equity), usd(s.Unified.Initial), usd(s.Unified.Maintenance),
				listOrNone(s.Liquidatable))
		}
	}
	t.write(w, "")
}

func writeScenarioRun(w io.Writer, run *margin.ScenarioRun) {
	fmt.Fprintf(w, "Named scenarios for %s (market as of %s)\n", run.Account, run.AsOf)
	fmt.Fprintf(w, "before: unified equity %s, initial %s, maintenance %s; liquidatable: %s\n\n",
		usd(run.Before.Unified.Equity), usd(run.Before.Unified.Initial), usd(run.Before.Unified.Maintenance),
		listOrNone(run.Before.Liquidatable))
	t := newTable([]string{"scenario", "P&L", "unified equity", "initial", "maintenance", "liquidatable after"},
		left, right, right, right, right, left)
	for _, s := range run.Scenarios {
		t.add(s.Name, usd(s.PnL), usd(s.Unified.Equity), usd(s.Unified.Initial), usd(s.Unified.Maintenance),
			listOrNone(s.Liquidatable))
	}
	t.write(w, "")
	section(w, "Health by venue after each scenario (— no requirement; failed: the venue's holdings are lost)")
	header := []string{"scenario"}
	aligns := []align{left}
	if len(run.Scenarios) > 0 {
		for _, v := range run.Scenarios[0].Venues {
			header = append(header, v.ID)
			aligns = append(aligns, right)
		}
	}
	vt := newTable(header, aligns...)
	for _, s := range run.Scenarios {
		row := []string{s.Name}
		for _, v := range s.Venues {
			cell := optional(v.Health, func(x float64) string { return sig(x, 4) })
			if v.Failed {
				cell = "failed"
			} else if v.Liquidatable {
				cell += " LIQ"
			}
			row = append(row, cell)
		}
		vt.add(row...)
	}
	vt.write(w, "")
}

func writeReverse(w io.Writer, res *margin.ReverseResult) {
	fmt.Fprintf(w, "Reverse stress for %s (market as of %s)\n", res.Account, res.AsOf)
	fmt.Fprintf(w, "method: %s; tolerance %g\n", res.Method, res.Tolerance)
	fmt.Fprintf(w, "already liquidatable: %s\n", listOrNone(res.AlreadyLiquidatable))
	if s := res.Smallest; s != nil {
		fmt.Fprintf(w, "smallest: %s by %s breaks %s; unified equity %s, maintenance %s\n", s.Name,
			moveText(s), listOrNone(s.Breaks), usd(s.At.Unified.Equity), usd(s.At.Unified.Maintenance))
	} else {
		fmt.Fprintln(w, "smallest: nothing breaks within the searched moves")
	}
	fmt.Fprintln(w)
	t := newTable([]string{"direction", "move", "breaks first", "unified equity", "unified maintenance"},
		left, right, left, right, right)
	for i := range res.Moves {
		mv := &res.Moves[i]
		if mv.Move == nil {
			t.add(mv.Name, "—", "nothing", "—", "—")
			continue
		}
		t.add(mv.Name, moveText(mv), listOrNone(mv.Breaks), usd(mv.At.Unified.Equity), usd(mv.At.Unified.Maintenance))
	}
	t.write(w, "")
}

func moveText(mv *margin.ReverseMove) string {
	if mv.Move == nil {
		return "—"
	}
	if mv.Kind == "vol" {
		return "vol " + fmt.Sprintf("%+.4f%%", *mv.Move*100)
	}
	return fmt.Sprintf("%+.4f%%", *mv.Move*100)
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
