// ShardWorker owns some shards of the accounts (ShardOf) and keeps each
// compiled in memory between ticks: the shard's books are read from the
// store once (vault.Reader.Prepare: overrides, custody, checks, every
// venue's own model), compiled into one margin.Population per parameter
// version, and each tick only compiles the tick's market (a
// margin.CompileCache) and runs the kernel over the population. It reads
// the books again when they may have changed or may no longer fit: another
// epoch, another shard count, other governed parameters, a market whose
// assets, decimals or vols differ, or an as_of that reaches an expiry or
// goes back.
//
// A tick's answer is published in chunks (dedup ids keyed by tick, shard,
// account list and chunk) before the tick is acknowledged: a worker that
// dies mid-tick leaves it to be redelivered to a worker owning the shard,
// whose chunks already stored are deduplicated, and the coordinator drops
// any account answered twice in the tick (Ticker).
package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// ShardWorker answers the ticks of its shards. Set the fields, then Run.
type ShardWorker struct {
	Conn   *nats.Conn
	Source Source
	// Config is read once per tick; a change of parameters reloads the shard.
	Config func() vault.Config
	// Options: Prefix must match the coordinator's.
	Options Options
	// Shards are the shard numbers this worker owns (ParseShards). Several
	// workers may own a shard (a hot standby): each tick goes to one.
	Shards []int
	// Chunk is the number of Results per answer message (DefaultChunk
	// when zero).
	Chunk int
	Logf  func(format string, args ...any)

	// afterChunk, when set (tests), runs after each answer chunk is
	// stored; returning false abandons the tick there (no ack, no nak),
	// as a worker that died would.
	afterChunk func(t *tickMsg, chunk int) bool

	cache                     *margin.CompileCache
	ticks, accounts, failures atomic.Int64
	loads                     atomic.Int64
}

// ShardStats counts what a shard worker has done since Run started.
type ShardStats struct {
	Ticks    int64 // shard ticks answered and acknowledged
	Accounts int64 // accounts in those answers
	Loads    int64 // times a shard's books were read and compiled
	Failures int64 // ticks left to redelivery
}

// Stats returns the counters (safe while Run runs).
func (w *ShardWorker) Stats() ShardStats {
	return ShardStats{Ticks: w.ticks.Load(), Accounts: w.accounts.Load(), Loads: w.loads.Load(), Failures: w.failures.Load()}
}

// Run answers ticks of each owned shard until ctx ends (nil) or the
// connection closes. It waits for the coordinator to set the shards up.
// Errors: missing fields, invalid options, the connection closed.
func (w *ShardWorker) Run(ctx context.Context) error {
	if w.Conn == nil || w.Source == nil || w.Config == nil || len(w.Shards) == 0 {
		return errors.New("cluster.ShardWorker: Conn, Source, Config and Shards are required")
	}
	js, o, err := jetStreamOn(w.Conn, w.Options)
	if err != nil {
		return fmt.Errorf("shard worker: %w", err)
	}
	// Two compiled markets per parameter version: the tick's and the last.
	w.cache = margin.NewCompileCache(4)
	errs := make(chan error, len(w.Shards))
	for _, s := range w.Shards {
		go func() { errs <- w.serve(ctx, js, o, s) }()
	}
	var first error
	for range w.Shards {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// serve answers shard s's ticks one at a time, keeping its state.
func (w *ShardWorker) serve(ctx context.Context, js jetstream.JetStream, o Options, s int) error {
	var cons jetstream.Consumer
	wait := 100 * time.Millisecond
	for cons == nil {
		c, err := lookUpShard(ctx, js, o, s)
		switch {
		case err == nil:
			cons = c
			continue
		case ctx.Err() != nil:
			return nil
		case w.Conn.IsClosed():
			return errors.New("shard worker: the NATS connection closed")
		case !notSetUp(err):
			w.logf("shard worker: %v", err)
		}
		if !sleep(ctx, wait) {
			return nil
		}
		wait = min(2*wait, 5*time.Second)
	}
	ackWait := o.AckWait
	if info := cons.CachedInfo(); info != nil && info.Config.AckWait > 0 {
		ackWait = info.Config.AckWait
	}
	var st *shardState
	err := pullLoop(ctx, w.Conn, cons, fmt.Sprintf("a tick of shard %d", s), w.logf, func(ctx context.Context, m jetstream.Msg) bool {
		var alive bool
		st, alive = w.handle(ctx, js, o, m, st, ackWait)
		return alive
	})
	if err != nil {
		return fmt.Errorf("shard worker: %w", err)
	}
	return nil
}

// handle answers one tick and returns the shard's state for the next, and
// false when the test hook abandoned the tick.
func (w *ShardWorker) handle(ctx context.Context, js jetstream.JetStream, o Options, m jetstream.Msg, st *shardState, ackWait time.Duration) (*shardState, bool) {
	var t tickMsg
	if err := json.Unmarshal(m.Data(), &t); err != nil || t.Shards < 1 || t.Shard < 0 || t.Shard >= t.Shards {
		w.failures.Add(1)
		w.logf("shard worker: %s: not a tick message (%v)", m.Subject(), err)
		_ = m.Term() // no worker can answer it
		return st, true
	}
	stop := keepAlive(m, ackWait/3)
	results, st, err := w.margin(ctx, &t, st)
	if err != nil {
		stop()
		w.failures.Add(1)
		w.logf("shard worker: tick %s shard %d: %v (left to redelivery)", t.Tick, t.Shard, err)
		_ = m.Nak()
		return st, true
	}
	alive, err := w.publish(ctx, js, o, &t, st.digest, results)
	stop()
	if !alive {
		return st, false
	}
	if err != nil {
		w.failures.Add(1)
		w.logf("shard worker: tick %s shard %d: publishing the answer: %v", t.Tick, t.Shard, err)
		_ = m.Nak()
		return st, true
	}
	if err := m.Ack(); err != nil {
		w.logf("shard worker: tick %s shard %d: ack: %v (the tick will be answered again)", t.Tick, t.Shard, err)
	}
	w.ticks.Add(1)
	w.accounts.Add(int64(len(results)))
	return st, true
}

// publish stores the answer in chunks, all sent before any is awaited; a
// chunk whose store failed is sent once more with the same dedup id.
func (w *ShardWorker) publish(ctx context.Context, js jetstream.JetStream, o Options, t *tickMsg, digest string, results []Result) (bool, error) {
	size := w.Chunk
	if size <= 0 {
		size = DefaultChunk
	}
	n := max(1, (len(results)+size-1)/size)
	subject := o.resultsSubject(t.Tick)
	// The chunk size is part of the list's name: chunk k of another size
	// holds other accounts, and must not share its dedup id.
	digest = fmt.Sprintf("%s-%d", digest, size)
	for k := range n {
		a := shardAnswer{Tick: t.Tick, Shard: t.Shard, Digest: digest, Chunk: k, Chunks: n,
			Results: results[min(k*size, len(results)):min((k+1)*size, len(results))]}
		if _, err := js.Publish(ctx, subject, encodeAnswer(&a), jetstream.WithMsgID(shardAnswerID(&a))); err != nil {
			return true, fmt.Errorf("chunk %d of %d: %w", k, n, err)
		}
		if w.afterChunk != nil && !w.afterChunk(t, k) {
			return false, nil
		}
	}
	return true, nil
}

// shardState is one shard compiled: the accounts in answer order, each
// either in a parameter group's population or failed with its Result.
type shardState struct {
	shard, shards int
	epoch, config string
	shape         string    // marketShape of the market it was checked on
	asOf          time.Time // that market's as_of
	expiry        time.Time // earliest expiry of a dated derivative held (zero: none)
	digest        string    // names ids
	ids           []string
	fixed         map[int]Result // accounts whose books could not be margined
	groups        []*shardGroup
	results       []Result // reused per tick
}

// shardGroup is the accounts of one parameter version, compiled.
type shardGroup struct {
	params *margin.RiskParams
	pop    *margin.Population
	out    []margin.Unified
	at     []int // position in ids of each book
	refs   []*vault.ParamsRef
}

// margin answers tick t from st, reloading it first when it does not fit.
func (w *ShardWorker) margin(ctx context.Context, t *tickMsg, st *shardState) ([]Result, *shardState, error) {
	m, err := vault.ParseMarket(t.Market)
	if err != nil {
		return nil, st, err // the coordinator's market does not parse: every worker would fail
	}
	cfg := w.Config()
	ck, err := configKey(cfg)
	if err != nil {
		return nil, st, err
	}
	if !st.fits(t, ck, m) {
		if st, err = w.load(ctx, t, cfg, ck, m); err != nil {
			return nil, nil, err
		}
	}
	out, err := st.remargin(w.cache, t.Market, m)
	if errors.Is(err, margin.ErrAssetDropped) { // cannot happen once fits checked the shape; reload to be sure
		if st, err = w.load(ctx, t, cfg, ck, m); err == nil {
			out, err = st.remargin(w.cache, t.Market, m)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return out, st, nil
}

// fits reports whether st may answer t on m under configuration ck.
func (st *shardState) fits(t *tickMsg, ck string, m *market.Snapshot) bool {
	return st != nil && st.shard == t.Shard && st.shards == t.Shards && st.epoch == t.Epoch &&
		st.config == ck && st.shape == marketShape(m) && !m.AsOf.Before(st.asOf) &&
		(st.expiry.IsZero() || st.expiry.After(m.AsOf))
}

// remargin margins every group on the tick's market (compiled once per
// version) and returns the shard's Results in id order.
func (st *shardState) remargin(cache *margin.CompileCache, doc []byte, m *market.Snapshot) ([]Result, error) {
	out := st.results[:0]
	for i, id := range st.ids {
		r, failed := st.fixed[i]
		if !failed {
			r = Result{Account: id}
		}
		out = append(out, r)
	}
	for _, g := range st.groups {
		c, err := cache.Get(margin.CompileKey(doc, g.params), m, g.params)
		if err != nil {
			return nil, fmt.Errorf("compiling the tick's market: %w", err)
		}
		if err := g.pop.Remargin(c, g.out); err != nil {
			return nil, err
		}
		for j, i := range g.at {
			r := &out[i]
			r.set(&g.out[j])
			if r.Error == "" {
				r.Params = g.refs[j]
			}
		}
	}
	st.results = out
	return out, nil
}

// load reads shard t.Shard's books from the store (one read transaction)
// and compiles them on m.
func (w *ShardWorker) load(ctx context.Context, t *tickMsg, cfg vault.Config, ck string, m *market.Snapshot) (*shardState, error) {
	st := &shardState{shard: t.Shard, shards: t.Shards, epoch: t.Epoch, config: ck,
		shape: marketShape(m), asOf: m.AsOf, fixed: map[int]Result{}}
	byParams := map[*margin.RiskParams]*shardGroup{}
	builders := map[*margin.RiskParams]*margin.PopulationBuilder{}
	err := w.Source.View(ctx, func(tx vault.Tx) error {
		all, err := tx.AccountIDs()
		if err != nil {
			return err
		}
		st.ids = st.ids[:0]
		for _, id := range all {
			if ShardOf(id, t.Shards) == t.Shard {
				st.ids = append(st.ids, id)
			}
		}
		rd := vault.NewReaderOn(tx, cfg, t.Market)
		for i, id := range st.ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := rd.Prepare(id)
			if errors.Is(err, store.ErrStorage) {
				return err
			}
			if err == nil && p.Book == nil {
				err = errors.New("no market") // NewReaderOn always has one
			}
			if err != nil {
				r := Result{Account: id}
				r.fail(err)
				st.fixed[i] = r
				continue
			}
			b := builders[p.Params]
			if b == nil {
				c, err := w.cache.Get(margin.CompileKey(t.Market, p.Params), m, p.Params)
				if err != nil {
					return fmt.Errorf("compiling the tick's market: %w", err)
				}
				b = c.NewPopulationBuilder(0)
				builders[p.Params] = b
				byParams[p.Params] = &shardGroup{params: p.Params}
			}
			if err := b.Add(p.Book); err != nil {
				r := Result{Account: id}
				r.fail(fmt.Errorf("%w: %v", vault.ErrMarginUncomputable, err))
				st.fixed[i] = r
				continue
			}
			g := byParams[p.Params]
			g.at = append(g.at, i)
			g.refs = append(g.refs, p.Ref)
			st.expiry = earliestExpiry(st.expiry, p.Book)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading shard %d of %d: %w", t.Shard, t.Shards, err)
	}
	for p, g := range byParams {
		g.pop = builders[p].Population()
		g.out = make([]margin.Unified, g.pop.Len())
		st.groups = append(st.groups, g)
	}
	// Groups in the order of their first account: answers do not depend on map order.
	slices.SortFunc(st.groups, func(a, b *shardGroup) int { return a.at[0] - b.at[0] })
	h := sha256.New()
	for _, id := range st.ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	st.digest = hex.EncodeToString(h.Sum(nil)[:8])
	w.loads.Add(1)
	return st, nil
}

// earliestExpiry is the earlier of e (zero: none) and the expiries of
// book's futures and options.
func earliestExpiry(e time.Time, book *portfolio.Portfolio) time.Time {
	for vi := range book.Venues {
		for _, p := range book.Venues[vi].Positions {
			if !p.Kind.IsDerivative() || p.Kind == portfolio.KindPerp {
				continue
			}
			if e.IsZero() || p.Expiry.Before(e) {
				e = p.Expiry
			}
		}
	}
	return e
}

// marketShape is what a book's check against a market reads besides as_of
// (portfolio.Check, the vault's custody venues): the assets, their
// decimals, which have a vol.
func marketShape(m *market.Snapshot) string {
	syms := m.Symbols()
	slices.Sort(syms)
	var b strings.Builder
	for _, s := range syms {
		fmt.Fprintf(&b, "%s:%d:%t;", s, m.Asset(s).Decimals, m.HasVol(s))
	}
	return b.String()
}

// configKey names a configuration's content (parameters, governed version,
// overrides, keyed versions): a change reloads the shard.
func configKey(c vault.Config) (string, error) {
	b, err := json.Marshal(struct {
		R *margin.RiskParams
		G vault.Governed
	}{c.RiskParams, c.Governed})
	if err != nil {
		return "", fmt.Errorf("configuration: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func (w *ShardWorker) logf(format string, args ...any) {
	if w.Logf != nil {
		w.Logf(format, args...)
	}
}
