package gmx

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func FuzzPositions(f *testing.F) {
	importertest.Seeds(f, "testdata/positions.txt", captureFile)
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, Source, data, importer.Options{}) })
}
