// The Importer interface, its options and output, and the registry by source.
package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Options carry what the API output does not say.
type Options struct {
	Account string // portfolio account id ("imported" when empty)
	VenueID string // venue id ("" = the source's default, e.g. "deribit")
	Chain   string // chain of the venue ("" = the source's default)
	AsOf    string // RFC 3339 time for market documents ("" = from the data, else an error)
	Model   string // venue model when the source can map to several ("" = the source decides)
}

// Kind says which document an importer produces.
type Kind string

// Document kinds.
const (
	KindPortfolio Kind = "portfolio"
	KindMarket    Kind = "market"
)

// Importer converts one source format.
type Importer interface {
	// Source is the name on the command line ("deribit-positions").
	Source() string
	// Produces says which document Import returns.
	Produces() Kind
	// Describe is one line for --help: the API endpoint and its documentation.
	Describe() string
	// Import converts data. Input problems are *input.Error values.
	Import(data []byte, opts Options) (any, error)
}

var registry = map[string]Importer{}

// Register adds an importer; sub-packages call it from init.
func Register(im Importer) {
	if _, dup := registry[im.Source()]; dup {
		panic("importer: source registered twice: " + im.Source())
	}
	registry[im.Source()] = im
}

// Sources returns every registered importer, sorted by source name.
func Sources() []Importer {
	out := make([]Importer, 0, len(registry))
	for _, im := range registry {
		out = append(out, im)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source() < out[j].Source() })
	return out
}

// Lookup returns the importer of a source.
func Lookup(source string) (Importer, bool) {
	im, ok := registry[source]
	return im, ok
}

// Run imports data with the named source and returns the document as
// indented JSON, after checking it parses as the contract says and that
// its decimals are canonical (canonical.go).
func Run(source string, data []byte, opts Options) ([]byte, error) {
	im, ok := registry[source]
	if !ok {
		var names []string
		for _, s := range Sources() {
			names = append(names, s.Source())
		}
		return nil, fmt.Errorf("unknown import source %q (known: %s)", source, strings.Join(names, ", "))
	}
	doc, err := im.Import(data, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("import %s: encode: %w", source, err)
	}
	if err := verify(im.Produces(), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("import %s produced a document the engine refuses (a bug): %w", source, err)
	}
	if err := checkCanonical(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("import %s produced a non-canonical decimal (a bug): %w", source, err)
	}
	return buf.Bytes(), nil
}

func verify(kind Kind, doc []byte) error {
	switch kind {
	case KindPortfolio:
		_, err := portfolio.Parse(doc)
		return err
	case KindMarket:
		_, err := market.Load(doc, market.Options{AllowStale: true})
		return err
	}
	return fmt.Errorf("unknown document kind %q", kind)
}
