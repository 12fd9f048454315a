package aave

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

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
	_, err := importer.Run(source, data, importer.Options{AsOf: "2023-10-31T12:00:00Z"})
	var ie *input.Error
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("%s: not an input error: %v", source, err)
	}
}

func FuzzReserves(f *testing.F) {
	seeds(f, "testdata/reserves.txt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRun(t, "aave-reserves", data) })
}

func FuzzUserReserves(f *testing.F) {
	seeds(f, "testdata/user_reserves.txt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRun(t, "aave-user-reserves", data) })
}
