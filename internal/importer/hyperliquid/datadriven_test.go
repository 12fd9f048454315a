// Golden tables: each testdata/*.txt case feeds an API response (the body;
// "file=NAME" reads testdata/NAME instead) through importertest.Golden.
// Update with -rewrite.
package hyperliquid

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func TestGolden(t *testing.T) { importertest.Golden(t, importertest.Options{Source: Source}) }
