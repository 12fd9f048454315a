// One path per concept (issue 13, step 6): the cascade simulator keeps no
// liquidation mechanics of its own. Each isolated liquidation is run by
// internal/liquidation's form of the rule's mechanism (liquidation.Fast),
// beside the exact executor; a second copy in internal/cascade would drift
// from it unseen. Method: parse internal/cascade's non-test files and refuse
// any use of a rule's mechanism figures (close factor, full-close health,
// partial threshold and fraction, cooldown, stop rule, backstop, clip, step
// bound, auction terms): the cascade may hand a rule to liquidation.Fast
// and read who it is counted under, never act on its figures. The rule is
// also checked on a synthetic source, so that it cannot silently stop
// matching.
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
	var uses []string
	fast := false
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
	}
	sort.Strings(uses)
	for _, u := range uses {
		t.Errorf("internal/cascade/%s: a liquidation rule's mechanism figure; run the rule with liquidation.Fast "+
			"(internal/liquidation owns each mechanism)", u)
	}
	if !fast {
		t.Error("internal/cascade never calls liquidation.Fast: its isolated legs must liquidate through it")
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
