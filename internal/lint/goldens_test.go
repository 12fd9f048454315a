// Goldens carry their derivation (issue 15, test hygiene): every
// data-driven golden file under a testdata directory (cases separated by
// "----") opens with a comment that says where its figures come from — a
// venue's published example, a source document, or the hand arithmetic —
// and each case's own comment carries the rest (docs/DERIVATIONS.md,
// "Golden files"). Third-party fixtures copied unmodified (JSON, with a
// README naming their source) are not data-driven goldens.
package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenProblem reports what a data-driven golden file lacks, or "".
func goldenProblem(content string) string {
	if !strings.Contains(content, "\n----\n") {
		return "" // not a data-driven golden
	}
	if !strings.HasPrefix(content, "#") {
		return "does not open with a comment giving the source or derivation of its figures"
	}
	return ""
}

func TestGoldensOpenWithTheirSource(t *testing.T) {
	root, _ := moduleRoot(t)
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.Contains(filepath.ToSlash(path), "/testdata/") || filepath.Ext(path) != ".txt" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "\n----\n") {
			n++
		}
		if p := goldenProblem(string(data)); p != "" {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s: %s", filepath.ToSlash(rel), p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("found %d data-driven goldens; the walk is not reading the tree", n)
	}
}

func TestGoldenRuleCatchesAHeaderlessFile(t *testing.T) {
	for _, c := range []struct {
		content string
		bad     bool
	}{
		{"market\nBTC price=1\n----\nok\n", true},
		{"\n# a comment after a blank line\nmargin\n----\n1\n", true},
		{"# 10 × 450 = 4,500\nmargin\n----\n4500\n", false},
		{`{"not": "a golden"}`, false},
	} {
		if got := goldenProblem(c.content) != ""; got != c.bad {
			t.Errorf("%q: problem %v, want %v", c.content, got, c.bad)
		}
	}
}
