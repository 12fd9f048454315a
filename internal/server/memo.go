// Request memo for POST /v1/margin: margin.Compute is a pure function of
// its documents (same inputs, byte-identical report), so a request whose
// market, portfolio and risk-parameter bytes equal an earlier one's gets
// that report again instead of a recomputation (~2–5 ms of CPU, most of it
// the liquidation-price search). Markets are also parsed once per distinct
// document, since a bot margining many books sends one market with each.
// Both caches are bounded; neither can change a result: the key is a hash
// of every input byte plus the governed parameters in force. Config.NoMemo
// (serve --no-memo) turns the report memo off; the market cache stays.
package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
)

// Sizes of the caches: a report of the demo book is ~30 KB in memory.
const (
	memoReports = 256
	memoMarkets = 32
)

type memoKey [sha256.Size]byte

// fifo is a bounded map evicting the oldest entry.
type fifo[V any] struct {
	mu   sync.Mutex
	max  int
	m    map[memoKey]V
	keys []memoKey
}

func (c *fifo[V]) get(k memoKey) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *fifo[V]) put(k memoKey, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[memoKey]V, c.max)
	}
	if _, ok := c.m[k]; ok {
		c.m[k] = v // a newer answer (the governed parameters changed)
		return
	}
	if len(c.keys) >= c.max {
		delete(c.m, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.m[k] = v
	c.keys = append(c.keys, k)
}

// memos is shared by the servers of a process (like grants): an entry
// names the server and governed parameters it was computed under.
var memos = newMemo()

// memo holds the reports (with the governed parameters they used) and the
// parsed markets.
type memo struct {
	reports fifo[memoReport]
	markets fifo[*market.Snapshot]
}

type memoReport struct {
	srv    *Server
	params *margin.RiskParams // the server's governed parameters then (nil: defaults)
	report ReportJSON
}

func newMemo() *memo {
	return &memo{reports: fifo[memoReport]{max: memoReports}, markets: fifo[*market.Snapshot]{max: memoMarkets}}
}

// hashDocs hashes length-prefixed documents and a flag.
func hashDocs(flag bool, docs ...[]byte) memoKey {
	h := sha256.New()
	var n [9]byte
	if flag {
		n[8] = 1
	}
	_, _ = h.Write(n[8:])
	for _, d := range docs {
		binary.LittleEndian.PutUint64(n[:8], uint64(len(d)))
		_, _ = h.Write(n[:8])
		_, _ = h.Write(d)
	}
	var k memoKey
	h.Sum(k[:0])
	return k
}

// loadMarket is market.Load through the parsed-market cache. A snapshot is
// never modified after Load (shifted copies are new snapshots), so sharing
// it between requests is safe.
func (s *Server) loadMarket(doc []byte, allowStale bool) (*market.Snapshot, error) {
	k := hashDocs(allowStale, doc)
	if m, ok := memos.markets.get(k); ok {
		return m, nil
	}
	m, err := market.Load(doc, marketOptions(allowStale))
	if err != nil {
		return nil, err
	}
	memos.markets.put(k, m)
	return m, nil
}

// ReportJSON is a margin.Report with its JSON encoding done once: a
// memoised answer is written as those bytes (encoding/json would re-encode
// a report, or re-scan a Marshaler's output: a fifth of a memoised
// request's CPU either way). The bytes are what huma's JSON format writes
// for the report (HTML not escaped, a final newline).
type ReportJSON struct {
	Report *margin.Report
	raw    []byte
}

func newReportJSON(rep *margin.Report) (ReportJSON, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return ReportJSON{}, err
	}
	return ReportJSON{Report: rep, raw: b.Bytes()}, nil
}

// write is the response body. Its length is known, so it is announced:
// net/http would otherwise send a body over 2 KB in chunks, and a
// 4–8 KB report took an extra write system call on the server and a
// chunked read on the client.
func (r ReportJSON) write(ctx huma.Context) {
	ctx.SetHeader("Content-Type", "application/json")
	ctx.SetHeader("Content-Length", strconv.Itoa(len(r.raw)))
	ctx.SetStatus(http.StatusOK)
	_, _ = ctx.BodyWriter().Write(r.raw)
}

// reportResponse documents a 200 whose body is written by ReportJSON.write
// as margin.Report's schema (huma cannot see through a body function).
func reportResponse(api huma.API) map[string]*huma.Response {
	schema := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[margin.Report](), true, "Report")
	return map[string]*huma.Response{"200": {Description: http.StatusText(http.StatusOK),
		Content: map[string]*huma.MediaType{"application/json": {Schema: schema}}}}
}

// bookRequestBody documents a required BookBody, the body of an operation
// whose input leaves the body to strictInput (marginInput): what huma
// writes for an input's `Body BookBody`.
func bookRequestBody(api huma.API) *huma.RequestBody {
	schema := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[BookBody](), true, "BookBody")
	return &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"application/json": {Schema: schema}}}
}

// marginReport answers a POST /v1/margin body from the memo or computes it.
func (s *Server) marginReport(ctx context.Context, b *BookBody) (ReportJSON, error) {
	if err := requireDocs(b); err != nil {
		return ReportJSON{}, err
	}
	governed := s.params.Load()
	memo := !s.cfg.NoMemo
	var k memoKey
	if memo {
		k = hashDocs(b.AllowStale, b.Market, b.Portfolio, b.RiskParams)
		if e, ok := memos.reports.get(k); ok && e.srv == s && e.params == governed {
			return e.report, nil
		}
	}
	bk, err := s.parseBook(b)
	if err != nil {
		return ReportJSON{}, err
	}
	rep, err := s.computeReport(ctx, "request", bk)
	if err != nil {
		return ReportJSON{}, err
	}
	enc, err := newReportJSON(rep)
	if err != nil {
		return ReportJSON{}, problemFor(err, "")
	}
	if memo {
		memos.reports.put(k, memoReport{srv: s, params: governed, report: enc})
	}
	return enc, nil
}

// requireDocs does the schema's required-property check, which the margin
// operation skips (SkipValidateBody), naming each missing document.
func requireDocs(b *BookBody) error {
	var missing []*ProblemField
	for _, d := range []struct {
		name string
		doc  []byte
	}{{"market", b.Market}, {"portfolio", b.Portfolio}} {
		if len(d.doc) == 0 || string(d.doc) == "null" {
			missing = append(missing, &ProblemField{Location: "body." + d.name,
				Message: "expected required property " + d.name + " to be present"})
		}
	}
	if missing == nil {
		return nil
	}
	return problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "validation failed", missing...)
}
