// Goal: JetStream and Local are interchangeable. Method: rapid draws random
// account lists (subsets of a real SQLite store, with repeats and unknown
// ids) and a batch size; one embedded JetStream with two workers answers
// each list, and the results must equal Local's, account for account.
package cluster

import (
	"context"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestJetStreamAgreesWithLocalOnRandomAccountLists(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	base := Options{Storage: e.Storage(), Stall: 20 * time.Second}
	for range 2 {
		startWorker(t, &Worker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: base, Concurrency: 2})
	}
	coordinators := map[int]*JetStream{}
	for _, size := range []int{1, 7, 64} {
		o := base
		o.BatchSize = size
		js, err := NewJetStream(context.Background(), connect(t, e), o)
		if err != nil {
			t.Fatal(err)
		}
		coordinators[size] = js
	}
	local := &Local{Source: db, Config: defaultConfig}
	pool := append([]string{"nobody", "ghost-7"}, ids...)
	rapid.Check(t, func(rt *rapid.T) {
		accounts := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 120).Draw(rt, "accounts")
		size := rapid.SampledFrom([]int{1, 7, 64}).Draw(rt, "batch size")
		var got, want []Result
		if err := coordinators[size].Remargin(context.Background(), accounts, func(r Result) { got = append(got, r) }); err != nil {
			rt.Fatalf("jetstream: %v", err)
		}
		if err := local.Remargin(context.Background(), accounts, func(r Result) { want = append(want, r) }); err != nil {
			rt.Fatalf("local: %v", err)
		}
		checkSame(rt, got, want)
	})
}
