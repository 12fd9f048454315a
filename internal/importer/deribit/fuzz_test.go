package deribit

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func FuzzPositions(f *testing.F) {
	importertest.Seeds(f, "testdata/get_positions.txt")
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, "deribit-positions", data, importer.Options{}) })
}

func FuzzBookSummary(f *testing.F) {
	importertest.Seeds(f, "testdata/book_summary.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		importertest.Check(t, "deribit-book-summary", data, importer.Options{})
	})
}

func FuzzInstrumentName(f *testing.F) {
	for _, s := range []string{"BTC-PERPETUAL", "BTC-27DEC24", "BTC-27DEC24-100000-C", "XRP_USDC-30AUG24-0d625-C", "BTC-5JAN24-1-P"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		in, err := parseInstrument("x", name)
		if err != nil {
			return
		}
		if in.kind == "option" && in.strike.Sign() <= 0 || in.kind != "perp" && in.expiry.Hour() != deliveryHourUTC {
			t.Fatalf("%q parsed to %+v", name, in)
		}
	})
}
