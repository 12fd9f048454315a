// The corpus test: every published PMRM_2 portfolio case in
// testdata/pmrm2 runs through the conformance path (Conform, the code behind
// `unimargin conform derive-pmrm2`) and every figure of its Result is
// compared at Derive's driver tolerance (1e-8 relative). A case that cannot
// be matched stays in knownMismatches with the reason; the test fails if it
// mismatches in any other figure, or if it starts to match (so the list
// stays true). Nothing is skipped.
package derive

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// knownMismatch is a case the model does not match, and why.
type knownMismatch struct {
	// refused: the case is rejected at parse time with an error containing
	// this text (PMRM_2 itself would refuse the parameters).
	refused string
	// figures: the only figures allowed to differ (report-only figures,
	// never one Derive's driver asserts).
	figures []string
	reason  string
}

var knownMismatches = map[string]knownMismatch{
	"test_44_skews_abs_as_worst_case_complex": {
		figures: []string{"VolShockUpEvaluated[0]", "VolShockDownEvaluated[0]"},
		reason:  svicap,
	},
	"test_45_skews_linear_skew_revert_to_2": {
		figures: []string{"VolShockUpEvaluated[0]", "VolShockDownEvaluated[0]"},
		reason:  svicap,
	},
	"test_66_misc_post_expiry": {
		figures: []string{"VolShockUpEvaluated[0]", "VolShockDownEvaluated[0]", "discount_factors[0][0]"},
		reason: "its option has expired (T = 0, so the vol does not enter any price), and its SVI total variance " +
			"exceeds 20: lyra-utils SVI.sol caps it at 144, the files' Python reference at 20, so the reported " +
			"shocked vols differ; and PMRM_2's static discount for a non-negative MTM is " +
			"long_base_static_discount × e^0 = 0.95 at T = 0 where the file reports 1 (the MTM is negative, " +
			"so no margin figure uses it)",
	},
	"test_67_misc_skew_scenario_with_spot_move": {
		refused: "LINEAR scenario must have spot shock 1",
		reason: "its LINEAR scenario moves spot by +18% (with dampening 5): PMRM_2.setScenarios reverts on that " +
			"(PMRM_2_InvalidScenarios), Derive's own driver comments the case out ('Invalid param setup'), " +
			"and the file's LINEAR_SPOT_SHOCK P&L (−31.4301486) comes from a Python rule the repository does " +
			"not publish: the contract's skew rule with the spot shock applied to the forward, to k or to both, " +
			"dampening 1 or 5, gives −34.89 (shock ignored), −377.14, −363.82, −1,885.71 …, none within 0.8 of " +
			"it (docs/DERIVATIONS.md, Derive test_67), while the same inputs reproduce the file's ABS P&L " +
			"(−7.43837001507) to 1e-12. No margin figure depends on it: the case's worst scenario is a regular " +
			"one (worst_reg_loss −468.03)",
	},
}

const svicap = "the option's SVI total variance exceeds 20: lyra-utils SVI.sol caps it at 144 (MAX_TOTAL_VAR; " +
	"lyra-utils 759e962, the version v2-core pinned when the cases were written), " +
	"the files' Python reference at 20, so the reported shocked vols differ; the option's σ√T is far above " +
	"Black-76's saturation either way, so every price and margin figure agrees"

func caseFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/pmrm2/test_*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	number := func(f string) int {
		n, _ := strconv.Atoi(strings.Split(filepath.Base(f), "_")[1])
		return n
	}
	sort.Slice(files, func(i, j int) bool { return number(files[i]) < number(files[j]) })
	return files
}

func caseName(file string) string { return strings.TrimSuffix(filepath.Base(file), ".json") }

func TestPortfolioCases(t *testing.T) {
	files := caseFiles(t)
	var all, asserted int
	for _, file := range files {
		name := caseName(file)
		known, isKnown := knownMismatches[name]
		passAll, passAsserted := false, false
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Conform(data)
			if err != nil {
				if isKnown && known.refused != "" && strings.Contains(err.Error(), known.refused) {
					t.Logf("KNOWN MISMATCH (refused: %v): %s", err, known.reason)
					return
				}
				t.Fatalf("refused: %v", err)
			}
			logTable(t, c)
			passAsserted, passAll = c.AssertedOK(), len(c.Failed) == 0
			switch {
			case isKnown && passAll:
				t.Errorf("listed in knownMismatches but now matches every figure: remove it")
			case isKnown:
				if extra := without(c.Failed, known.figures); len(extra) > 0 {
					t.Errorf("mismatches beyond the known ones: %v", extra)
				}
				t.Logf("KNOWN MISMATCH in %v: %s", c.Failed, known.reason)
			case !passAll:
				for _, ch := range c.Checks {
					if !ch.OK {
						t.Errorf("%s: got %s, published %s", ch.Figure, checkValue(ch.Got, ch.GotText), checkValue(ch.Want, ch.WantText))
					}
				}
			}
		})
		if passAll {
			all++
		}
		if passAsserted {
			asserted++
		}
	}
	t.Logf("corpus: %d/%d cases match every figure; %d/%d match every figure Derive's driver asserts "+
		"(IM, MM, OptionMTM, CollateralMTM, every scenario P&L); known mismatches: %d",
		all, len(files), asserted, len(files), len(knownMismatches))
}

// logTable writes the case's headline figures, computed against published.
func logTable(t *testing.T, c *Conformance) {
	var b strings.Builder
	fmt.Fprintf(&b, "%-20s %22s %22s\n", "figure", "computed", "published")
	for _, ch := range c.Checks {
		switch ch.Figure {
		case "IM", "MM", "PortfolioMTM", "OptionMTM", "CollateralMTM", "ForwardContingency",
			"worst_reg_loss", "worst_tail_loss", "worst_skew_loss", "worst_all_scenarios":
			fmt.Fprintf(&b, "%-20s %22s %22s\n", ch.Figure, checkValue(ch.Got, ch.GotText), checkValue(ch.Want, ch.WantText))
		}
	}
	t.Log("\n" + b.String())
}

func checkValue(x float64, text string) string {
	if text != "" {
		return text
	}
	return strconv.FormatFloat(x, 'g', 15, 64)
}

func without(xs, drop []string) []string {
	var out []string
	for _, x := range xs {
		found := false
		for _, d := range drop {
			found = found || x == d
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

// TestKnownMismatchesExist keeps the list in step with the corpus.
func TestKnownMismatchesExist(t *testing.T) {
	have := map[string]bool{}
	for _, f := range caseFiles(t) {
		have[caseName(f)] = true
	}
	for name := range knownMismatches {
		if !have[name] {
			t.Errorf("knownMismatches lists %s, which is not in testdata/pmrm2", name)
		}
	}
	if len(have) != 139 {
		t.Errorf("corpus has %d cases, want the 139 of v2-core@7736900d", len(have))
	}
}
