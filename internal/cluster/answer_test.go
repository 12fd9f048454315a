// Goal: the binary answer form carries every field of a shard answer
// exactly (figures to the bit, shared parameter versions, errors) and its
// decoder refuses what a worker would never send, naming the field,
// without panicking on any input. Method: rapid round trips of random
// answers; a fuzz of the decoder seeded with real encodings.
package cluster

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/vault"
)

// drawAnswer draws an answer whose results share a few parameter versions.
func drawAnswer(t *rapid.T) *shardAnswer {
	finite := rapid.Float64().Filter(func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) })
	refs := []*vault.ParamsRef{nil,
		{Version: rapid.IntRange(1, 1<<20).Draw(t, "v1"), Hash: rapid.StringN(0, 64, 64).Draw(t, "h1")},
		{Version: 2, Hash: "x", Keyed: true}}
	a := &shardAnswer{Tick: rapid.String().Draw(t, "tick"), Shard: rapid.IntRange(0, MaxShards).Draw(t, "shard"),
		Digest: rapid.String().Draw(t, "digest"), Chunk: rapid.IntRange(0, 1000).Draw(t, "chunk")}
	a.Chunks = a.Chunk + rapid.IntRange(1, 10).Draw(t, "more")
	for i := range rapid.IntRange(0, 40).Draw(t, "n") {
		r := Result{Account: rapid.String().Draw(t, "account"), Equity: finite.Draw(t, "e"), Initial: finite.Draw(t, "i"),
			Maintenance: finite.Draw(t, "m"), Excess: finite.Draw(t, "x"), Liquidatable: rapid.Bool().Draw(t, "l"),
			Uncomputable: rapid.Bool().Draw(t, "u"), Error: rapid.SampledFrom([]string{"", "no book"}).Draw(t, "err")}
		if p := refs[rapid.IntRange(0, 2).Draw(t, "params")]; p != nil {
			cp := *p
			r.Params = &cp // a pointer of its own: the encoding shares equal versions
		}
		_ = i
		a.Results = append(a.Results, r)
	}
	return a
}

func TestAnswerRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := drawAnswer(t)
		got, err := decodeAnswer(encodeAnswer(a))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) && !(len(a.Results) == 0 && len(got.Results) == 0 && got.Tick == a.Tick) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, a)
		}
		for i := range a.Results { // figures to the bit (DeepEqual would equate 0 and -0)
			if math.Float64bits(got.Results[i].Equity) != math.Float64bits(a.Results[i].Equity) {
				t.Fatalf("result %d equity %v, want %v", i, got.Results[i].Equity, a.Results[i].Equity)
			}
		}
	})
}

func TestAnswerDecoderRefusesMalformedInput(t *testing.T) {
	good := encodeAnswer(&shardAnswer{Tick: "t", Digest: "d", Chunks: 1,
		Results: []Result{{Account: "a", Equity: 1, Error: "e"}}})
	nan := encodeAnswer(&shardAnswer{Tick: "t", Digest: "d", Chunks: 1, Results: []Result{{Account: "a", Equity: math.NaN()}}})
	cases := map[string][]byte{
		"bad magic":  []byte("UMA2" + string(good[4:])),
		"truncated":  good[:len(good)-1],
		"after":      append(append([]byte{}, good...), 0),
		"not finite": nan,
		"too many":   append([]byte(answerMagic), 1, 't', 0, 1, 'd', 0, 1, 0, 200),
	}
	for name, data := range cases {
		if _, err := decodeAnswer(data); err == nil || !strings.HasPrefix(err.Error(), "answer: ") {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func FuzzDecodeAnswer(f *testing.F) {
	f.Add(encodeAnswer(&shardAnswer{Tick: "t", Digest: "d", Chunks: 1}))
	f.Add(encodeAnswer(&shardAnswer{Tick: "tick", Shard: 3, Digest: "abc-4", Chunk: 1, Chunks: 2,
		Results: []Result{{Account: "a", Equity: 1, Initial: 2, Liquidatable: true, Params: &vault.ParamsRef{Version: 1, Hash: "h"}},
			{Account: "b", Error: "no", Uncomputable: true}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := decodeAnswer(data)
		if err != nil {
			return
		}
		// What decodes encodes back to the same bytes (one form per answer).
		if again := encodeAnswer(a); string(again) != string(data) {
			t.Fatalf("re-encoding differs:\n%x\n%x", again, data)
		}
	})
}

// BenchmarkAnswer measures the wire form per result: encoding (worker) and
// decoding (coordinator) of a full chunk of governed results.
func BenchmarkAnswer(b *testing.B) {
	ref := &vault.ParamsRef{Version: 7, Hash: strings.Repeat("ab", 32)}
	a := &shardAnswer{Tick: "3Tn8yqZ0dbVgS6RxWc1lP2", Shard: 17, Digest: "0123456789abcdef-4096", Chunks: 10}
	for i := range DefaultChunk {
		a.Results = append(a.Results, Result{Account: accountID(i), Equity: 196310.709475 + float64(i),
			Initial: 41787.59, Maintenance: 33430.07, Excess: 154523.11, Params: ref})
	}
	data := encodeAnswer(a)
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			encodeAnswer(a)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*DefaultChunk), "ns/result")
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeAnswer(data); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*DefaultChunk), "ns/result")
	})
	b.ReportMetric(float64(len(data))/DefaultChunk, "bytes/result")
}
