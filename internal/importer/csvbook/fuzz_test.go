// Fuzzing the parser: any bytes either import to a document the engine
// accepts (importer.Run parses it back) or fail with one *input.Error.
package csvbook

import (
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
)

func FuzzImport(f *testing.F) {
	importertest.Seeds(f)
	f.Add([]byte("venue,model,chain,kind,asset,amount\nw,custody,ethereum,collateral,USDC,1\n"))
	// "-0" (and other spellings of a decimal) must come out canonical: "0".
	f.Add([]byte("venue,model,chain,kind,asset,amount,underlying,quantity,entry_price,funding\n" +
		"hl,hyperliquid,hyperliquid,collateral,USDC,-0,,,,\nhl,,,perp,,,ETH,-0.0,3050.50,-0\n"))
	f.Fuzz(func(t *testing.T, data []byte) { importertest.Check(t, Source, data, importer.Options{}) })
}
