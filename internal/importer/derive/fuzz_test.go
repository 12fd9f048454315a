// Fuzzing the parser: any bytes either import to a document the engine
// accepts (importer.Run parses it back) or fail with one *input.Error.
package derive

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func FuzzImport(f *testing.F) {
	importertest.Seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, Source, data, importer.Options{}) })
}
