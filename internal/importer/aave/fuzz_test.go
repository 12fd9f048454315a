package aave

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
)

// fuzzOptions fix as_of, which the reserve importers need.
var fuzzOptions = importer.Options{AsOf: "2023-10-31T12:00:00Z"}

func FuzzReserves(f *testing.F) {
	importertest.Seeds(f, "testdata/reserves.txt")
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, "aave-reserves", data, fuzzOptions) })
}

func FuzzUserReserves(f *testing.F) {
	importertest.Seeds(f, "testdata/user_reserves.txt")
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, "aave-user-reserves", data, fuzzOptions) })
}

func FuzzUIPoolData(f *testing.F) {
	importertest.Seeds(f, "testdata/ui_pool_data.txt", "testdata/ui_pool_emodes.txt", captureFile)
	f.Fuzz(func(t *testing.T, data []byte) {
		importertest.Check(t, "aave-ui-pool-data", data, importer.Options{})
		importertest.Check(t, "aave-ui-pool-data", data, importer.Options{AsOf: "2024-10-30T00:00:00Z"})
	})
}
