package deribit

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

// seeds returns every response body in a golden file.
func seeds(f *testing.F, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "\nimport ") {
		_, rest, ok := strings.Cut(block, "\n")
		if !ok {
			continue
		}
		body, _, _ := strings.Cut(rest, "\n----")
		f.Add([]byte(body))
	}
}

// fuzzRun checks that an importer never panics, refuses bad input with an
// *input.Error, and never emits a document the engine refuses.
func fuzzRun(t *testing.T, source string, data []byte) {
	_, err := importer.Run(source, data, importer.Options{})
	var ie *input.Error
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("%s: not an input error: %v", source, err)
	}
}

func FuzzPositions(f *testing.F) {
	seeds(f, "testdata/get_positions.txt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRun(t, "deribit-positions", data) })
}

func FuzzBookSummary(f *testing.F) {
	seeds(f, "testdata/book_summary.txt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRun(t, "deribit-book-summary", data) })
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
