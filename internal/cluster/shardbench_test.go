// Benchmark of a warm sharded tick (the books compiled in the workers): the
// cost per account of the whole round trip (tick message, kernel, answer
// encoding, JetStream, the coordinator's decoding and bookkeeping).
package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
)

func BenchmarkShardedTick(b *testing.B) {
	db, ids := seedSQLite(b, b.TempDir(), 20_000, demoBooks(b, true))
	p, err := StartInProcessShards(context.Background(), db, defaultConfig, 1, 1, Options{Stall: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	tick := Tick{Epoch: "bench", Market: demo.MarketJSON, Accounts: ids}
	answered := 0
	each := func(Result) { answered++ }
	if _, err := p.Tick(context.Background(), tick, each); err != nil { // loads the shard
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Tick(context.Background(), tick, each); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ids)), "ns/account")
}
