// Fuzzing the parser: any bytes either import to a document the engine
// accepts (importer.Run parses it back) or fail with one *input.Error.
package hyperliquid

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if strings.HasSuffix(file, ".json") {
			f.Add(data)
			continue
		}
		// Golden files: every body between a command line and "----".
		for _, block := range strings.Split(string(data), "\nimport") {
			if body, _, ok := strings.Cut(block, "\n----"); ok {
				if _, after, ok := strings.Cut(body, "\n"); ok {
					f.Add([]byte(after))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := importer.Run(Source, data, importer.Options{})
		var ie *input.Error
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}
