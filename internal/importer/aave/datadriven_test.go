// Golden tables: each testdata/*.txt case feeds an Aave API response (the
// body) to import source=NAME through importertest.Golden. Update with
// -rewrite.
package aave

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func TestGolden(t *testing.T) { importertest.Golden(t, importertest.Options{}) }
