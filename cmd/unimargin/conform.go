// conform: evaluate a venue's published test vector with unimargin's model of
// that venue and set the figures beside the published ones. One suite so far:
// derive-pmrm2, Derive's PMRM_2 portfolio cases.
package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/venue/derive"
)

type conformCmd struct {
	DerivePMRM2 conformDeriveCmd `cmd:"" name:"derive-pmrm2" help:"A Derive PMRM_2 portfolio case (derivexyz/v2-core test/risk-managers/unit-tests/PMRM_2/portfolio_cases/*.json)."`
}

type conformDeriveCmd struct {
	Case string `arg:"" help:"The portfolio case file." placeholder:"CASE.json"`
	JSON bool   `help:"Print the computed figures as JSON under the case file's own names."`
	formatFlag
}

func (c *conformDeriveCmd) Run(e *env) error {
	doc, err := readDocument(c.Case)
	if err != nil {
		return err
	}
	res, err := derive.Conform(doc.data)
	if err != nil {
		return input.InFile(err, doc.name)
	}
	if done, err := c.machine(e, c.JSON, "conform", res.Report); done {
		return err
	}
	writeConformance(e, doc.name, res)
	return nil
}

// writeConformance prints the headline, every figure against the published
// one, and the scenario P&L table.
func writeConformance(e *env, name string, res *derive.Conformance) {
	r := res.Report
	fmt.Fprintf(e.out, "Derive PMRM_2 case %s (figures in the sub-account's cash unit, USDC)\n", name)
	fmt.Fprintf(e.out, "IM %s  MM %s  worst %s\n", fixed(r.IM, 6), fixed(r.MM, 6), r.WorstAllScenarios)
	if res.Checks == nil {
		section(e.out, "figures (the file has no Result to compare with)")
		writeFigures(e, res)
		return
	}
	agree, asserted, assertedAgree := 0, 0, 0
	for _, ch := range res.Checks {
		if ch.OK {
			agree++
		}
		if ch.Asserted {
			asserted++
			if ch.OK {
				assertedAgree++
			}
		}
	}
	fmt.Fprintf(e.out, "%d of %d published figures agree within %g relative; %d of %d that Derive's driver asserts\n",
		agree, len(res.Checks), derive.TolRelative, assertedAgree, asserted)
	section(e.out, "figures")
	t := newTable([]string{"figure", "computed", "published", "Δ relative", ""}, left, right, right, right, left)
	for _, ch := range res.Checks {
		if ch.OK && isLossRow(ch.Figure) {
			continue // in the scenario table
		}
		t.add(ch.Figure, figureText(ch.Got, ch.GotText), figureText(ch.Want, ch.WantText), relText(ch), verdict(ch))
	}
	t.write(e.out, "  ")
	section(e.out, "scenario P&L")
	writeScenarios(e, r, res.Case.Published)
}

// isLossRow reports whether a figure is a cell of reg_losses, tail_losses or
// skew_losses (shown in the scenario table).
func isLossRow(figure string) bool {
	return strings.HasPrefix(figure, "reg_losses[") || strings.HasPrefix(figure, "tail_losses[") ||
		strings.HasPrefix(figure, "skew_losses[")
}

// writeFigures lists the computed figures when there is nothing to compare.
func writeFigures(e *env, res *derive.Conformance) {
	t := newTable([]string{"figure", "computed"}, left, right)
	for _, f := range res.Report.Figures() {
		if !isLossRow(f.Figure) {
			t.add(f.Figure, figureText(f.Got, f.GotText))
		}
	}
	t.write(e.out, "  ")
	section(e.out, "scenario P&L")
	writeScenarios(e, res.Report, nil)
}

// writeScenarios is one row per scenario, in the order PMRM_2 runs them.
func writeScenarios(e *env, r, published *derive.Report) {
	t := newTable([]string{"group", "#", "spot move", "vol", "P&L computed", "P&L published", ""},
		left, right, right, left, right, right, left)
	rows := func(group string, got []derive.Loss, want []derive.Loss) {
		for i, l := range got {
			move, vol := signedPercent(l.Move), volName(l.Direction)
			if l.Skew != "" {
				move, vol = "—", l.Skew
			}
			pub, ok := "", ""
			if published != nil && i < len(want) {
				pub = figureText(want[i].PnL, "")
				ok = "ok"
				if !derive.Agree(l.PnL, want[i].PnL) {
					ok = "MISMATCH"
				}
			}
			t.add(group, strconv.Itoa(i+1), move, vol, figureText(l.PnL, ""), pub, ok)
		}
	}
	var want derive.Report
	if published != nil {
		want = *published
	}
	rows("regular", r.RegLosses, want.RegLosses)
	rows("tail", r.TailLosses, want.TailLosses)
	rows("skew", r.SkewLosses, want.SkewLosses)
	t.write(e.out, "  ")
	fmt.Fprintf(e.out, "\n  forward (basis) contingency %s\n", figureText(r.ForwardContingency, ""))
}

func volName(direction float64) string {
	switch {
	case direction > 0:
		return "up"
	case direction < 0:
		return "down"
	}
	return "none"
}

func figureText(x float64, text string) string {
	if text != "" {
		return text
	}
	if x == 0 {
		return "0" // and not "-0"
	}
	return strconv.FormatFloat(x, 'g', 12, 64)
}

func relText(ch derive.Check) string {
	if ch.GotText != "" || ch.WantText != "" || ch.Want == 0 {
		return ""
	}
	d := (ch.Got - ch.Want) / ch.Want
	if d == 0 {
		return "0"
	}
	return strconv.FormatFloat(d, 'e', 1, 64)
}

func verdict(ch derive.Check) string {
	switch {
	case !ch.OK:
		return "MISMATCH"
	case ch.Asserted:
		return "ok (asserted)"
	}
	return "ok"
}
