// Golden tables: each testdata/*.txt case feeds a CSV book (the body;
// "file=NAME" reads testdata/NAME instead) through importertest.Golden.
// Update with -rewrite. testdata/SOURCES.md says where each document is from.
package csvbook

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func TestGolden(t *testing.T) { importertest.Golden(t, importertest.Options{Source: Source}) }
