// Package importertest is the importers' shared test harness: golden tables
// run through importer.Run (which parses the output back as the engine
// would), fuzz seeds taken from those tables, and the fuzz property that
// bad bytes are refused with an *input.Error and nothing else.
package importertest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// UnrealisedPnL sums q·(mark − entry) over the derivative positions of p
// with an entry price, by underlying, at m's prices (a perp's mark is its
// spot): the unrealised P&L the unified model values, in USD, which an
// importer must make equal to the venue's reported figure (DESIGN.md).
func UnrealisedPnL(p *portfolio.Portfolio, m *market.Snapshot) map[string]float64 {
	out := map[string]float64{}
	for _, v := range p.Venues {
		for _, pos := range v.Positions {
			if pos.Kind.IsDerivative() && pos.HasEntry {
				out[pos.Underlying] += pos.QuantityF * (m.Spot(pos.Underlying) - pos.EntryF)
			}
		}
	}
	return out
}

// Options configure Golden.
type Options struct {
	// Source is the importer a case without source= runs.
	Source string
	// Model, when set, handles cases with model=NAME (an importer entry
	// point that takes a venue model); nil refuses model=. It fails t on
	// output the engine refuses, as importer.Run does for the others.
	Model func(t *testing.T, body []byte, opts importer.Options, model string) ([]byte, error)
}

// Golden runs every testdata/*.txt file of the calling package. A case is
//
//	import [source=] [file=NAME] [account=] [venue=] [chain=] [as_of=] [model=]
//
// with the API response as its body (file= reads testdata/NAME instead); it
// prints the imported document or "error: …". Update with -rewrite.
func Golden(t *testing.T, o Options) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				return runCase(t, o, d)
			})
		})
	}
}

func runCase(t *testing.T, o Options, d *datadriven.TestData) string {
	if d.Cmd != "import" {
		t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	}
	source, model, body := o.Source, "", []byte(d.Input)
	var opts importer.Options
	for _, a := range d.CmdArgs {
		switch a.Key {
		case "source":
			source = a.Vals[0]
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
		case "as_of":
			opts.AsOf = a.Vals[0]
		case "model":
			model = a.Vals[0]
		default:
			t.Fatalf("%s: unknown argument %q", d.Pos, a.Key)
		}
	}
	var out []byte
	var err error
	switch {
	case model != "" && o.Model == nil:
		t.Fatalf("%s: model= is not supported here", d.Pos)
	case model != "":
		out, err = o.Model(t, body, opts, model)
	default:
		out, err = importer.Run(source, body, opts)
	}
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return string(out)
}

// Seeds adds to f each .json file whole and the body of every golden case
// in each .txt file: the files given, or every file in testdata.
func Seeds(f *testing.F, files ...string) {
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("testdata", "*"))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		switch filepath.Ext(file) {
		case ".json":
			f.Add(data)
		case ".txt":
			for _, block := range strings.Split(string(data), "\nimport") {
				if _, rest, ok := strings.Cut(block, "\n"); ok {
					body, _, _ := strings.Cut(rest, "\n----")
					f.Add([]byte(body))
				}
			}
		}
	}
}

// Check is the fuzz property: the importer never panics, and refuses bad
// input only with an *input.Error (importer.Run already refuses any output
// the engine would not accept).
func Check(t *testing.T, source string, data []byte, opts importer.Options) {
	_, err := importer.Run(source, data, opts)
	var ie *input.Error
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("%s: not an input error: %v", source, err)
	}
}

// ImportAndLoad imports body with source, loads marketDoc, and returns the
// portfolio parsed and checked against the market, failing t on any error:
// the set-up of every agreement test (imported account against the venue's
// own figures).
func ImportAndLoad(t *testing.T, source string, body []byte, marketDoc string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	return ImportAndLoadWith(t, source, body, importer.Options{}, marketDoc)
}

// ImportAndLoadWith is ImportAndLoad with the importer's options (a chain,
// an account).
func ImportAndLoadWith(t *testing.T, source string, body []byte, opts importer.Options, marketDoc string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	out, err := importer.Run(source, body, opts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(marketDoc), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Parse(out)
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p, m
}

// GoldenBody is the document of the first case in the golden file whose
// directive line is directive (e.g. "import account=fund-a"): the lines
// after it up to the case's "----". It fails t when the file or the case
// is missing. Agreement tests margin that document against the venue's own
// figures, so they read it from the golden instead of keeping a copy.
func GoldenBody(t *testing.T, file, directive string) []byte {
	t.Helper()
	golden, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(golden), directive+"\n")
	if !ok {
		t.Fatalf("%s: no case %q", file, directive)
	}
	body, _, _ := strings.Cut(rest, "\n----")
	return []byte(body)
}
