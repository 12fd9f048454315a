// Golden tables: each testdata/*.txt case feeds a GMX Reader output (the
// body) to import through importertest.Golden. Update with -rewrite.
package gmx

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func TestGolden(t *testing.T) { importertest.Golden(t, importertest.Options{Source: Source}) }
