// cascade wick: the 24 December 2025 BTC flash wick replayed on the real
// Aave v3 whale books (internal/cascade RunWick), and the cascade command
// group it sits in beside the comparison (cascade [compare]).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/unimargin/unimargin/internal/cascade"
)

// cascadeGroup is `cascade`: the comparison (the default, so `cascade
// --path …` is unchanged) and the wick replay.
type cascadeGroup struct {
	Compare cascadeCmd `cmd:"" default:"withargs" help:"Liquidation cascades on a population and price path: isolated venues vs hub vs UCT (the default)."`
	Wick    wickCmd    `cmd:"" help:"Replay the 24 Dec 2025 BTC flash wick on the real Aave v3 whale books: engine vs recorded health factors and liquidation prices, and what isolated, hub and UCT did."`
}

type wickCmd struct {
	Out  string `help:"Directory for wick.md and the plots (wick_btc, wick_eth as PNG and SVG)." placeholder:"DIR"`
	JSON bool   `help:"Print the replay as JSON."`
	formatFlag
}

func (c *wickCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := cascade.RunWick(ctx, cascade.DefaultConfig())
	if err != nil {
		return fmt.Errorf("%w: wick replay: %v", errInternal, err)
	}
	if c.Out != "" {
		files, err := cascade.WickFiles(rep)
		if err != nil {
			return fmt.Errorf("%w: rendering the wick report: %v", errInternal, err)
		}
		if err := writeOut(c.Out, files); err != nil {
			return err
		}
	}
	if done, err := c.machine(e, c.JSON, "wick", rep); done {
		return err
	}
	fmt.Fprint(e.out, cascade.WickMarkdown(rep))
	return nil
}

// writeOut writes files (name → content) into dir, creating it, in name
// order; a problem is a usage error naming --out.
func writeOut(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("--out: %v", err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return usagef("--out: %v", err)
		}
	}
	return nil
}
