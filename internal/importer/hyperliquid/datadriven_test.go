// Golden tables: each testdata/*.txt case feeds a clearinghouseState response (the
// body; "file=NAME" reads testdata/NAME instead) to the importer through
// importer.Run, which also parses the output back as the engine would, and
// prints the document or the input error:
//
//	import [file=] [account=] [venue=] [chain=]
//
// Update with -rewrite.
package hyperliquid

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/importer"
)

func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "import" {
				t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
			}
			body := []byte(d.Input)
			var opts importer.Options
			for _, a := range d.CmdArgs {
				switch a.Key {
				case "file":
					var err error
					if body, err = os.ReadFile(filepath.Join("testdata", a.Vals[0])); err != nil {
						t.Fatal(err)
					}
				case "account":
					opts.Account = a.Vals[0]
				case "venue":
					opts.VenueID = a.Vals[0]
				case "chain":
					opts.Chain = a.Vals[0]
				}
			}
			out, err := importer.Run(Source, body, opts)
			if err != nil {
				return "error: " + err.Error() + "\n"
			}
			return string(out)
		})
	}
}
