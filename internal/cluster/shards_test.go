// Goal: sharded ticks (Ticker, ShardWorker) answer every account exactly
// once per tick with the figures of the stateless path on the tick's
// market, keep each shard compiled between ticks of one epoch, and survive
// a worker killed mid-tick. Method: a real embedded nats-server with
// JetStream, the shared SQLite store of varied demo books, shard workers as
// goroutines on their own worker connections; a kill closes the worker's
// connection after it stored part of its answer, as a killed process's
// would be, and the tick is redelivered (after AckWait) to a standby. The
// reference figures are vault.Reader's (UnifiedWithParams, each account
// revalued on its own) on the same market document.
package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/vault"
)

// stateless is every account's Result on market doc through vault.Reader
// (the path of Local and the batch workers), in ids' order.
func stateless(t *testing.T, src Source, doc []byte, ids []string) []Result {
	t.Helper()
	return statelessWith(t, src, defaultConfig(), doc, ids)
}

// movedMarket is the demo market with every asset's price times factor
// (a decimal string, computed exactly).
func movedMarket(t *testing.T, factor string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(demo.MarketJSON, &doc); err != nil {
		t.Fatal(err)
	}
	f, _ := new(big.Rat).SetString(factor)
	for _, a := range doc["assets"].(map[string]any) {
		asset := a.(map[string]any)
		p, ok := new(big.Rat).SetString(asset["price"].(string))
		if !ok {
			t.Fatalf("price %v", asset["price"])
		}
		asset["price"] = p.Mul(p, f).FloatString(8)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tickOnce runs a tick and returns its results in call order, failing the
// test when an account is answered more than once.
func tickOnce(t *testing.T, tk *Ticker, tick Tick) ([]Result, TickStats) {
	t.Helper()
	seen := map[string]int{}
	var out []Result
	st, err := tk.Tick(context.Background(), tick, func(r Result) {
		seen[r.Account]++
		out = append(out, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("account %s answered %d times in tick %s", id, n, st.ID)
		}
	}
	return out, st
}

// startShardWorker runs w until the test ends; the returned channel
// yields Run's error.
func startShardWorker(t *testing.T, w *ShardWorker) (context.CancelFunc, chan error) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("shard worker did not stop within 10 s")
		}
	})
	return stop, done
}

func TestShardedTicksAnswerLikeTheStatelessPathAndKeepShardsCompiled(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), Stall: 30 * time.Second}
	tk, err := NewTicker(context.Background(), connect(t, e), 3, opts)
	if err != nil {
		t.Fatal(err)
	}
	a := &ShardWorker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Shards: []int{0, 2}, Chunk: 50}
	b := &ShardWorker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Shards: []int{1}, Chunk: 50}
	startShardWorker(t, a)
	startShardWorker(t, b)

	got, st := tickOnce(t, tk, Tick{Epoch: "e1", Market: demo.MarketJSON, Accounts: ids})
	checkSame(t, got, stateless(t, db, demo.MarketJSON, ids))
	if st.Messages != 3 || st.Duplicates != 0 || st.Missing != 0 {
		t.Fatalf("tick stats %+v, want 3 messages (one per shard), no duplicates, none missing", st)
	}
	liquidatable := 0
	for _, r := range got {
		if r.Liquidatable {
			liquidatable++
		}
	}
	if liquidatable == 0 || liquidatable == len(got) {
		t.Fatalf("%d of %d liquidatable: the books do not vary", liquidatable, len(got))
	}

	// The next market tick, same books: no shard is read again, and the
	// figures are the stateless path's on the moved market.
	moved := movedMarket(t, "1.05")
	got, _ = tickOnce(t, tk, Tick{Epoch: "e1", Market: moved, Accounts: ids})
	checkSame(t, got, stateless(t, db, moved, ids))
	if loads := a.Stats().Loads + b.Stats().Loads; loads != 3 {
		t.Fatalf("%d shard loads after two ticks of one epoch, want 3 (one per shard)", loads)
	}
	// A new epoch reads the books again.
	tickOnce(t, tk, Tick{Epoch: "e2", Market: moved, Accounts: ids})
	if loads := a.Stats().Loads + b.Stats().Loads; loads != 6 {
		t.Fatalf("%d shard loads after a new epoch, want 6", loads)
	}
}

func TestShardWorkerKilledMidTickIsRedeliveredAndEachAccountAnsweredOnce(t *testing.T) {
	for _, standbyChunk := range []int{20, 7} { // same chunks: deduplicated by the stream; others: by the coordinator
		t.Run(map[int]string{20: "same-chunks", 7: "other-chunks"}[standbyChunk], func(t *testing.T) {
			db, ids := sharedStore(t)
			e := embedded(t, "")
			opts := Options{Storage: e.Storage(), Stall: 30 * time.Second, AckWait: time.Second}
			tk, err := NewTicker(context.Background(), connect(t, e), 2, opts)
			if err != nil {
				t.Fatal(err)
			}
			died := make(chan int, 1)
			victimConn := connectWorker(t, e)
			victim := &ShardWorker{Conn: victimConn, Source: db, Config: defaultConfig, Options: opts,
				Shards: []int{0, 1}, Chunk: 20}
			victim.afterChunk = func(tm *tickMsg, chunk int) bool {
				if tm.Shard != 0 || chunk != 2 {
					return true
				}
				victimConn.Close() // killed after storing chunks 0..2 of shard 0: no ack, no nak
				died <- chunk
				return false
			}
			startShardWorker(t, victim)
			standby := &ShardWorker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts,
				Shards: []int{0, 1}, Chunk: standbyChunk}
			go func() {
				<-died
				startShardWorker(t, standby)
			}()

			got, st := tickOnce(t, tk, Tick{Epoch: "e", Market: demo.MarketJSON, Accounts: ids})
			checkSame(t, got, stateless(t, db, demo.MarketJSON, ids))
			if standby.Stats().Ticks == 0 {
				t.Fatal("the standby answered no tick: the victim's tick was not redelivered")
			}
			if standbyChunk == 20 && st.Duplicates != 0 {
				t.Fatalf("%d duplicate results reached the coordinator: the stream should have dropped the re-sent chunks", st.Duplicates)
			}
			if standbyChunk == 7 && st.Duplicates == 0 {
				t.Fatal("no duplicate results reached the coordinator: the redelivery did not overlap the victim's answer")
			}
		})
	}
}

func TestTickCollectorCountsEachAccountOnceAndNamesTheMissing(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	c, err := newTickCollector(ids, 1)
	if err != nil {
		t.Fatal(err)
	}
	st := &TickStats{ID: "t"}
	var calls []string
	each := func(r Result) { calls = append(calls, r.Account+":"+r.Error) }
	answer := func(digest string, chunk, chunks int, accounts ...string) {
		t.Helper()
		a := &shardAnswer{Tick: "t", Digest: digest, Chunk: chunk, Chunks: chunks}
		for _, id := range accounts {
			a.Results = append(a.Results, Result{Account: id})
		}
		if _, err := c.take(st, a, each); err != nil {
			t.Fatal(err)
		}
	}
	answer("x", 0, 2, "a", "b")
	answer("y", 0, 3, "a", "b", "zz") // a redelivery chunked otherwise; zz was not listed
	if st.Duplicates != 2 || c.open != 1 {
		t.Fatalf("stats %+v, open %d: want 2 duplicates, shard open", st, c.open)
	}
	answer("x", 1, 2, "c", "e") // x complete without d: d is answered with an error
	if c.open != 0 || st.Missing != 1 {
		t.Fatalf("open %d, stats %+v: want done with 1 missing", c.open, st)
	}
	want := "a: b: c: e: d:not margined: the worker of shard 0 did not find the account in the store"
	if got := strings.Join(calls, " "); got != want {
		t.Fatalf("calls %q, want %q", got, want)
	}
	if _, err := c.take(st, &shardAnswer{Tick: "other", Chunks: 1}, each); err == nil {
		t.Fatal("an answer to another tick was taken")
	}
	if _, err := newTickCollector([]string{"a", "a"}, 2); err == nil {
		t.Fatal("a repeated account was accepted")
	}
}

func TestTickRefusesAMarketNoWorkerCouldParse(t *testing.T) {
	e := embedded(t, "")
	tk, err := NewTicker(context.Background(), connect(t, e), 1, Options{Storage: e.Storage()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tk.Tick(context.Background(), Tick{Epoch: "e", Market: []byte(`{"as_of": "x"}`), Accounts: []string{"a"}},
		func(Result) { t.Fatal("answered") })
	if err == nil || !strings.Contains(err.Error(), "as_of") {
		t.Fatalf("error %v, want the market's field named", err)
	}
}

func TestShardWorkerCredentialsCannotChangeTheShards(t *testing.T) {
	e := embedded(t, "")
	opts := Options{Storage: e.Storage()}
	if _, err := NewTicker(context.Background(), connect(t, e), 2, opts); err != nil {
		t.Fatal(err)
	}
	onErr, errs := permissionErrors()
	spy, err := e.ConnectWorker(onErr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(spy.Close)
	for _, subject := range []string{"unimargin.remargin.shard.0.forged", "$JS.API.CONSUMER.CREATE.UNIMARGIN_REMARGIN_SHARDS.spy",
		"$JS.API.CONSUMER.DELETE.UNIMARGIN_REMARGIN_SHARDS.shard-0", "$JS.API.STREAM.PURGE.UNIMARGIN_REMARGIN_SHARDS"} {
		if err := spy.Publish(subject, []byte("{}")); err != nil {
			t.Fatal(err)
		}
		refused(t, errs, "publish to", subject)
	}
	// What a shard worker needs is allowed: its consumer can be looked up.
	js, err := jetstream.New(spy)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lookUpShard(context.Background(), js, opts.withDefaultsMust(t), 1); err != nil {
		t.Fatalf("worker credentials cannot look up shard 1: %v", err)
	}
}

func TestShardWorkerWaitsForTheCoordinator(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), Stall: 30 * time.Second}
	w := &ShardWorker{Conn: connectWorker(t, e), Source: db, Config: defaultConfig, Options: opts, Shards: []int{0}}
	startShardWorker(t, w) // before any topology exists
	tk, err := NewTicker(context.Background(), connect(t, e), 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := tickOnce(t, tk, Tick{Epoch: "e", Market: demo.MarketJSON, Accounts: ids[:40]})
	if len(got) != 40 {
		t.Fatalf("%d results, want 40", len(got))
	}
}

func TestShardOfIsStableAndInRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := rapid.String().Draw(t, "id")
		n := rapid.IntRange(1, MaxShards).Draw(t, "shards")
		s := ShardOf(id, n)
		if s < 0 || s >= n || s != ShardOf(id, n) {
			t.Fatalf("ShardOf(%q, %d) = %d", id, n, s)
		}
	})
	// Accounts spread: 10,000 ids over 4 shards, none below a fifth.
	counts := make([]int, 4)
	for i := range 10_000 {
		counts[ShardOf(accountID(i), 4)]++
	}
	for s, n := range counts {
		if n < 2000 {
			t.Fatalf("shard %d holds %d of 10,000 accounts: %v", s, n, counts)
		}
	}
}

func TestParseShards(t *testing.T) {
	got, err := ParseShards("0-2, 7,4")
	if err != nil || len(got) != 5 || got[0] != 0 || got[2] != 2 || got[3] != 7 || got[4] != 4 {
		t.Fatalf("ParseShards: %v %v", got, err)
	}
	for _, bad := range []string{"", "x", "3-1", "-1", "1,1", "0-2,2", "4096", "1-"} {
		if _, err := ParseShards(bad); err == nil {
			t.Fatalf("ParseShards(%q) accepted", bad)
		}
	}
}

func FuzzParseShards(f *testing.F) {
	for _, s := range []string{"0", "0-3,7", "1,1", "4095", "2-1", " 5 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		got, err := ParseShards(list)
		if err != nil {
			if got != nil {
				t.Fatalf("error %v with shards %v", err, got)
			}
			return
		}
		seen := map[int]bool{}
		for _, s := range got {
			if s < 0 || s >= MaxShards || seen[s] {
				t.Fatalf("ParseShards(%q) = %v", list, got)
			}
			seen[s] = true
		}
		if len(got) == 0 {
			t.Fatalf("ParseShards(%q) accepted no shard", list)
		}
	})
}

// agedMarket is the demo market with as_of moved to asOf (RFC 3339): books
// holding options or futures that expired by then no longer fit it.
func agedMarket(t *testing.T, asOf string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(demo.MarketJSON, &doc); err != nil {
		t.Fatal(err)
	}
	doc["as_of"] = asOf
	for sym, slices := range doc["vol_surfaces"].(map[string]any) { // the slices that expired go
		var keep []any
		for _, sl := range slices.([]any) {
			if sl.(map[string]any)["expiry"].(string) > asOf {
				keep = append(keep, sl)
			}
		}
		doc["vol_surfaces"].(map[string]any)[sym] = keep
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vault.ParseMarket(out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestShardWorkerReloadsWhenTheMarketOrTheParametersNoLongerFit(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	opts := Options{Storage: e.Storage(), Stall: 30 * time.Second}
	tk, err := NewTicker(context.Background(), connect(t, e), 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	cfg := vault.Config{Governed: vault.Governed{Version: 3, Hash: "v3"}}
	config := func() vault.Config { mu.Lock(); defer mu.Unlock(); return cfg }
	w := &ShardWorker{Conn: connectWorker(t, e), Source: db, Config: config, Options: opts, Shards: []int{0}}
	startShardWorker(t, w)
	tick := func(doc []byte) []Result {
		t.Helper()
		got, _ := tickOnce(t, tk, Tick{Epoch: "e", Market: doc, Accounts: ids})
		want := statelessWith(t, db, config(), doc, ids)
		checkSameDeep(t, got, want)
		return got
	}
	got := tick(demo.MarketJSON)
	if got[0].Params == nil || got[0].Params.Version != 3 {
		t.Fatalf("result %+v does not name version 3", got[0])
	}
	// The options of 2023-12-29 have expired: the shard is read again, and
	// the books holding them fail as on the stateless path.
	aged := agedMarket(t, "2024-01-02T12:00:00Z")
	failed := 0
	for _, r := range tick(aged) {
		if r.Error != "" {
			failed++
		}
	}
	if failed == 0 || w.Stats().Loads != 2 {
		t.Fatalf("%d accounts failed on the aged market, %d loads: want some failed and 2 loads", failed, w.Stats().Loads)
	}
	// A new governed version reloads too, and the results name it.
	mu.Lock()
	cfg = vault.Config{Governed: vault.Governed{Version: 4, Hash: "v4"}}
	mu.Unlock()
	got = tick(aged)
	if w.Stats().Loads != 3 {
		t.Fatalf("%d loads after a new version, want 3", w.Stats().Loads)
	}
	for _, r := range got {
		if r.Error == "" && (r.Params == nil || r.Params.Version != 4) {
			t.Fatalf("result %+v does not name version 4", r)
		}
	}
}

// statelessWith is stateless under configuration c.
func statelessWith(t *testing.T, src Source, c vault.Config, doc []byte, ids []string) []Result {
	t.Helper()
	out := make([]Result, 0, len(ids))
	err := src.View(context.Background(), func(tx vault.Tx) error {
		rd := vault.NewReaderOn(tx, c, doc)
		for _, id := range ids {
			r, err := resultOf(id, rd)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSameDeep is checkSame comparing parameter references by value.
func checkSameDeep(t *testing.T, got, want []Result) {
	t.Helper()
	strip := func(rs []Result) []Result {
		out := make([]Result, len(rs))
		for i, r := range rs {
			if r.Params != nil {
				r.Account += fmt.Sprintf("@%d/%s/%t", r.Params.Version, r.Params.Hash, r.Params.Keyed)
				r.Params = nil
			}
			out[i] = r
		}
		return out
	}
	checkSame(t, strip(got), strip(want))
}
