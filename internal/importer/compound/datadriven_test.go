// Golden tables: each testdata/*.txt case feeds a subgraph query result (the
// body) to import through importertest.Golden. Update with -rewrite.
package compound

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func TestGolden(t *testing.T) { importertest.Golden(t, importertest.Options{Source: Source}) }
