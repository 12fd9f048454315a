// One path per concept (issue 13, step 6): the cascade simulator keeps no
// liquidation mechanics of its own. Each isolated liquidation is run by
// internal/liquidation's form of the rule's mechanism (liquidation.Fast),
// beside the exact executor; a second copy in internal/cascade would drift
// from it unseen. Method: parse internal/cascade's non-test files and refuse
// any use of a rule's mechanism figures (close factor, full-close health,
// partial threshold and fraction, cooldown, stop rule, backstop, clip, step
// bound, auction terms): the cascade may hand a rule to liquidation.Fast
// and read who it is counted under, never act on its figures. Likewise the
// unified liquidation is liquidation.FastUnified (target, stop, penalty and
// close-out in internal/liquidation): the cascade may not loop while reading
// an account's equity or maintenance (a clip loop), nor weigh the unified
// engine's figures (penalty rate, clip fraction, rebalance buffer, a target
// health) against equity or maintenance in one function (a stop or penalty
// rule). The rules are also checked on synthetic sources, so that they
// cannot silently stop matching.
package lint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// mechanicsFields are venue.Liquidation's (and its Backstop's and
// Auction's) figures that only a mechanism acts on.
var mechanicsFields = map[string]bool{
	"CloseFactor": true, "FullCloseBelowHealth": true, "PartialAboveUSD": true, "PartialFraction": true,
	"CooldownSeconds": true, "StopWhenHealthy": true, "Backstop": true, "BelowMaintenance": true,
	"Clip": true, "MaxSteps": true, "Auction": true, "StartDiscount": true, "BufferMargin": true,
	"FeeRate": true,
}

// mechanicsUses lists "file:line: .Field" for every selector of a mechanism
// figure in src, and whether src calls liquidation.Fast.
func mechanicsUses(fset *token.FileSet, f *ast.File) (uses []string, callsFast bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "liquidation" && sel.Sel.Name == "Fast" {
			callsFast = true
		}
		if mechanicsFields[sel.Sel.Name] {
			p := fset.Position(sel.Sel.Pos())
			uses = append(uses, filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line)+": ."+sel.Sel.Name)
		}
		return true
	})
	return uses, callsFast
}

func TestCascadeKeepsNoLiquidationMechanics(t *testing.T) {
	root, _ := moduleRoot(t)
	dir := filepath.Join(root, "internal", "cascade")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var uses, policy []string
	fast, fastUnified := false, false
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		u, c := mechanicsUses(fset, f)
		uses, fast = append(uses, u...), fast || c
		p, fu := unifiedPolicyUses(fset, f)
		policy, fastUnified = append(policy, p...), fastUnified || fu
	}
	sort.Strings(uses)
	for _, u := range uses {
		t.Errorf("internal/cascade/%s: a liquidation rule's mechanism figure; run the rule with liquidation.Fast "+
			"(internal/liquidation owns each mechanism)", u)
	}
	if !fast {
		t.Error("internal/cascade never calls liquidation.Fast: its isolated legs must liquidate through it")
	}
	sort.Strings(policy)
	for _, u := range policy {
		t.Errorf("internal/cascade/%s; run the unified liquidation with liquidation.FastUnified "+
			"(internal/liquidation owns its target, stop, penalty and close-out)", u)
	}
	if !fastUnified {
		t.Error("internal/cascade never calls liquidation.FastUnified: its unified accounts must liquidate through it")
	}
}

// unifiedFigures are the unified engine's policy figures, which only
// liquidation.FastUnified weighs against an account's equity.
var unifiedFigures = map[string]bool{
	"PenaltyRate": true, "ClipFraction": true, "RebalanceBuffer": true, "TargetHealth": true,
}

// unifiedPolicyUses lists "file:line: …" for every loop whose condition
// reads .Equity or .Maintenance and every function that reads one of them
// and one of unifiedFigures, and whether src calls liquidation.FastUnified.
func unifiedPolicyUses(fset *token.FileSet, f *ast.File) (uses []string, callsFastUnified bool) {
	at := func(n ast.Node) string {
		p := fset.Position(n.Pos())
		return filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
	}
	reads := func(n ast.Node, names map[string]bool) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && names[sel.Sel.Name] {
				found = true
			}
			return !found
		})
		return found
	}
	figures := map[string]bool{"Equity": true, "Maintenance": true}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok && x.Name == "liquidation" && n.Sel.Name == "FastUnified" {
				callsFastUnified = true
			}
		case *ast.ForStmt:
			if n.Cond != nil && reads(n.Cond, figures) {
				uses = append(uses, at(n)+": a loop until an account's equity or maintenance (a clip loop)")
			}
		case *ast.FuncDecl:
			if n.Body != nil && reads(n.Body, figures) && reads(n.Body, unifiedFigures) {
				uses = append(uses, at(n)+": func "+n.Name.Name+" weighs the unified engine's figures against equity")
			}
		}
		return true
	})
	return uses, callsFastUnified
}

// TestUnifiedPolicyRuleMatches: the rule sees main's former unified clip
// loop in internal/cascade (liquidateUnified before FastUnified) and a
// call of FastUnified.
func TestUnifiedPolicyRuleMatches(t *testing.T) {
	src := `package cascade
func (s *sim) liquidateUnified(d *domain) (float64, bool) {
	u := s.margin(d)
	n := 0.0
	for d.size > dustUSD && u.Equity < s.cfg.TargetHealth*u.Maintenance {
		f := math.Min(1, s.cfg.ClipFraction/d.size)
		n += s.closeAll(d, f)
		u = s.margin(d)
	}
	above := u.Equity - s.cfg.TargetHealth*u.Maintenance
	pen := math.Min(s.cfg.PenaltyRate*n, math.Max(0, above))
	d.cash -= pen
	return n, true
}
func g(s *sim, d *domain) {
	for s.margin(d).Equity < 0 { s.closeAll(d, 0.1) }
	liquidation.FastUnified(nil, liquidation.Options{}, 0.1)
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	uses, fu := unifiedPolicyUses(fset, f)
	// liquidateUnified's loop and its figures against equity; g's loop
	// alone (g reads no figure of the engine)
	want := []string{"x.go:2: func liquidateUnified weighs the unified engine's figures against equity",
		"x.go:5: a loop until an account's equity or maintenance (a clip loop)",
		"x.go:16: a loop until an account's equity or maintenance (a clip loop)"}
	sort.Strings(uses)
	sort.Strings(want)
	if strings.Join(uses, "|") != strings.Join(want, "|") || !fu {
		t.Fatalf("uses %q, calls FastUnified %v; want %q and the call", uses, fu, want)
	}
}

// TestMechanicsRuleMatches: the rule sees a restated mechanism and a call.
func TestMechanicsRuleMatches(t *testing.T) {
	src := `package cascade
func f(r venue.Liquidation, h float64) float64 {
	cf := r.CloseFactor
	if h <= r.FullCloseBelowHealth { cf = 1 }
	liquidation.Fast(nil, &r)
	return cf * r.Backstop.BelowMaintenance
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	uses, fast := mechanicsUses(fset, f)
	if len(uses) != 4 || !fast {
		t.Fatalf("uses %v, calls Fast %v; want 4 uses and the call", uses, fast)
	}
}
