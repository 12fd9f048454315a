// Golden tables: each testdata/*.txt case feeds a Deribit API response (the
// body) to import source=NAME through importertest.Golden; model=NAME calls
// ImportPositions with that model. Update with -rewrite.
package deribit

import (
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func TestGolden(t *testing.T) {
	importertest.Golden(t, importertest.Options{Model: importPositionsDoc})
}

// importPositionsDoc is ImportPositions as a document the engine accepts.
func importPositionsDoc(t *testing.T, body []byte, opts importer.Options, model string) ([]byte, error) {
	doc, err := ImportPositions(body, opts, model)
	if err != nil {
		return nil, err
	}
	out, _ := json.MarshalIndent(doc, "", "  ")
	if _, err := portfolio.Parse(out); err != nil {
		t.Fatalf("output refused: %v", err)
	}
	return append(out, '\n'), nil
}
