// Goal: measure sharded ticks at scale (issue 13 step 3): accounts/s and
// latency per tick with one and two in-process shard workers, the first
// tick (which reads and compiles the shards) apart from the warm ones, and
// the heap the compiled shards hold. Method: the scale store of
// scale_test.go (UNIMARGIN_SCALE_ACCOUNTS small demo books), ticks on the
// demo market moved by a different factor each time, each tick's results
// counted once per account. Skipped unless the variable is set:
//
//	UNIMARGIN_SCALE_ACCOUNTS=200000 go test ./internal/cluster -run ShardedScale -v -timeout 1h
package cluster

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

func TestShardedScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("UNIMARGIN_SCALE_ACCOUNTS"))
	if n <= 0 {
		t.Skip("set UNIMARGIN_SCALE_ACCOUNTS=N to tick N accounts")
	}
	ticks := 5
	start := time.Now()
	db, ids := seedSQLite(t, t.TempDir(), n, demoBooks(t, true))
	t.Logf("seeded %d accounts in %s", n, time.Since(start).Round(time.Millisecond))
	markets := make([][]byte, ticks)
	for k := range markets {
		markets[k] = movedMarket(t, fmt.Sprintf("1.00%d", k))
	}
	for _, workers := range []int{1, 2} {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p, err := StartInProcessShards(context.Background(), db, defaultConfig, workers, workers,
			Options{Stall: 10 * time.Minute, AckWait: 5 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		var warm []time.Duration
		for k := range ticks {
			answered := 0
			t0, cpu0 := time.Now(), cpuTime(t)
			_, err := p.Tick(context.Background(), Tick{Epoch: "scale", Market: markets[k], Accounts: ids},
				func(r Result) {
					answered++
					if r.Error != "" {
						t.Errorf("%s: %s", r.Account, r.Error)
					}
				})
			d, cpu := time.Since(t0), cpuTime(t)-cpu0
			if err != nil || answered != n {
				t.Fatalf("%d workers tick %d: %d of %d answered, %v", workers, k, answered, n, err)
			}
			what := "warm"
			if k == 0 {
				what = "first (load)"
				var after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&after)
				t.Logf("%d workers: heap after the first tick +%.0f MiB, %.0f bytes per account",
					workers, float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20),
					float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/float64(n))
			} else {
				warm = append(warm, d)
			}
			t.Logf("%d workers, tick %d %-12s %s: %.0f accounts/s; CPU %s", workers, k, what,
				d.Round(time.Millisecond), float64(n)/d.Seconds(), cpu.Round(time.Millisecond))
		}
		best := slices.Min(warm)
		t.Logf("%d workers: warm tick best %s (%.0f accounts/s); stats %+v", workers,
			best.Round(time.Millisecond), float64(n)/best.Seconds(), p.Stats())
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
