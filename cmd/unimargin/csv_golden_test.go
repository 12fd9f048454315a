// Goal: a change in the shape of a reporting command's CSV (a row added,
// renamed or dropped, a figure changed) fails a test. Method: each file
// under testdata/csv is a data-driven golden: `file name=F` writes its
// input into the test's directory, `setup` runs the command line of its
// input (e.g. filling a store) without checking its output, `run` runs
// the command line of its input and expects its stdout byte for byte
// ($DIR is that directory in both).
// Every golden opens with the derivation of at least one of its figures
// (internal/lint's golden rule). Regenerate with -rewrite after checking
// the derivations still hold.
package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

func TestCSVGoldens(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "csv", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			dir := t.TempDir()
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				switch d.Cmd {
				case "file":
					var name string
					d.ScanArgs(t, "name", &name)
					if err := os.WriteFile(filepath.Join(dir, name), []byte(d.Input), 0o600); err != nil {
						t.Fatal(err)
					}
					return ""
				case "setup":
					mustSucceed(t, strings.Fields(strings.ReplaceAll(d.Input, "$DIR", dir))...)
					return ""
				case "run":
					args := strings.Fields(strings.ReplaceAll(d.Input, "$DIR", dir))
					if !strings.Contains(d.Input, "--format csv") {
						t.Fatalf("%s: a CSV golden runs with --format csv", d.Pos)
					}
					return mustSucceed(t, args...)
				}
				t.Fatalf("%s: unknown directive %q", d.Pos, d.Cmd)
				return ""
			})
		})
	}
}
