package aave

// Golden tables: each testdata/*.txt case feeds an API response (the body)
// to an importer through importer.Run, which also parses the output back as
// the engine would, and prints the document or the input error:
//
//	import source=NAME [account=] [venue=] [chain=] [as_of=]
//
// Update with -rewrite.

import (
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/importer"
)

func TestGolden(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "import" {
				t.Fatalf("unknown command %q", d.Cmd)
			}
			var source string
			var opts importer.Options
			for _, a := range d.CmdArgs {
				switch a.Key {
				case "source":
					source = a.Vals[0]
				case "account":
					opts.Account = a.Vals[0]
				case "venue":
					opts.VenueID = a.Vals[0]
				case "chain":
					opts.Chain = a.Vals[0]
				case "as_of":
					opts.AsOf = a.Vals[0]
				}
			}
			out, err := importer.Run(source, []byte(d.Input), opts)
			if err != nil {
				return "error: " + err.Error() + "\n"
			}
			return string(out)
		})
	})
}
