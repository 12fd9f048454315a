package deribit

// Golden tables: each testdata/*.txt case feeds an API response (the body)
// to an importer through importer.Run, which also parses the output back as
// the engine would, and prints the document or the input error:
//
//	import source=NAME [account=] [venue=] [chain=] [as_of=] [model=]
//
// model= calls ImportPositions with that model. Update with -rewrite.

import (
	"encoding/json"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func TestGolden(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "import" {
				t.Fatalf("unknown command %q", d.Cmd)
			}
			var source, model string
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
				case "model":
					model = a.Vals[0]
				}
			}
			if model != "" {
				doc, err := ImportPositions([]byte(d.Input), opts, model)
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				out, _ := json.MarshalIndent(doc, "", "  ")
				if _, err := portfolio.Parse(out); err != nil {
					t.Fatalf("output refused: %v", err)
				}
				return string(out) + "\n"
			}
			out, err := importer.Run(source, []byte(d.Input), opts)
			if err != nil {
				return "error: " + err.Error() + "\n"
			}
			return string(out)
		})
	})
}
