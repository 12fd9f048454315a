// Ticker is the coordinator of sharded re-margin: a tick publishes ONE
// message per shard (not per account) carrying the market, and collects the
// shard workers' answers, calling each exactly once per account of the tick
// whatever JetStream redelivers: answers are keyed by (tick, account), a
// repeated answer for an account already answered in this tick is dropped
// (and counted), and answer chunks carry dedup ids so a redelivered shard
// answered again is mostly stored once.
//
// A shard is done when every account the coordinator expects in it is
// answered, or when one complete answer of the shard (every chunk of one
// worker's account list) has arrived: an expected account missing from it
// (removed from the store since the coordinator listed it) is answered with
// an error.
package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/unimargin/unimargin/internal/vault"
)

// Ticker publishes shard ticks and collects their answers. Set up with
// NewTicker; safe for one Tick at a time.
type Ticker struct {
	js     jetstream.JetStream
	opts   Options
	shards int
	topo   shardTopology
}

// NewTicker sets up the shard topology for shards shards (the stream,
// one consumer per shard, the results stream) on nc. Workers may connect
// before or after. Errors: invalid options or shard count, JetStream not
// enabled, a stream or consumer that cannot be created.
func NewTicker(ctx context.Context, nc *nats.Conn, shards int, opts Options) (*Ticker, error) {
	if shards < 1 || shards > MaxShards {
		return nil, fmt.Errorf("cluster: %d shards: want 1 to %d", shards, MaxShards)
	}
	js, o, err := jetStreamOn(nc, opts)
	if err != nil {
		return nil, err
	}
	t, err := ensureShardTopology(ctx, js, o, shards)
	if err != nil {
		return nil, err
	}
	return &Ticker{js: js, opts: o, shards: shards, topo: t}, nil
}

// Shards is the tick's shard count.
func (t *Ticker) Shards() int { return t.shards }

// Tick is one re-margin of every account on one market.
type Tick struct {
	// Epoch names the books' version; workers holding a shard compiled
	// under another epoch read its books from the store again. Keep it for
	// ticks between which no book changed (market ticks), change it when
	// books may have.
	Epoch string
	// Market is the market document every shard margins on.
	Market []byte
	// Accounts are the accounts expected, each once.
	Accounts []string
}

// TickStats describes a finished tick.
type TickStats struct {
	ID         string // the tick's id (subjects, dedup ids)
	Messages   int    // tick messages published: one per shard
	Answers    int    // answer chunks read
	Duplicates int    // results dropped: their account was already answered in this tick
	Missing    int    // expected accounts no worker had (answered with an error)
}

// Tick publishes one message per shard and calls each once per account of
// tk.Accounts (from this goroutine). Errors: a market that does not parse
// (nothing is published), a repeated or empty account list entry, ctx's error, ErrStalled when no answer arrives for
// Options.Stall, a publish the server refused, an answer that does not
// decode.
func (t *Ticker) Tick(ctx context.Context, tk Tick, each func(Result)) (TickStats, error) {
	st := TickStats{ID: nuid.Next()}
	// A market no worker can parse would be redelivered until MaxDeliver.
	if _, err := vault.ParseMarket(tk.Market); err != nil {
		return st, fmt.Errorf("re-margin tick: %w", err)
	}
	c, err := newTickCollector(tk.Accounts, t.shards)
	if err != nil {
		return st, err
	}
	err = t.run(ctx, &st, tk, c, each)
	t.cleanup(ctx, st.ID, err != nil)
	if err != nil {
		return st, fmt.Errorf("re-margin tick %s (%d accounts, %d shards): %w", st.ID, len(tk.Accounts), t.shards, err)
	}
	return st, nil
}

func (t *Ticker) run(ctx context.Context, st *TickStats, tk Tick, c *tickCollector, each func(Result)) error {
	cons, err := t.js.OrderedConsumer(ctx, t.opts.resultsStream(), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{t.opts.resultsSubject(st.ID)},
	})
	if err != nil {
		return fmt.Errorf("results consumer: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("results consumer: %w", err)
	}
	defer it.Stop()
	for s := range t.shards {
		data, err := json.Marshal(tickMsg{Tick: st.ID, Shard: s, Shards: t.shards, Epoch: tk.Epoch,
			Accounts: c.expected[s], Market: tk.Market})
		if err != nil {
			return fmt.Errorf("encoding the tick of shard %d: %w", s, err)
		}
		if _, err := t.js.Publish(ctx, t.opts.shardSubject(s, st.ID), data, jetstream.WithMsgID(tickMsgID(st.ID, s))); err != nil {
			return fmt.Errorf("publishing the tick of shard %d: %w", s, err)
		}
		st.Messages++
	}
	last := time.Now()
	wait := min(t.opts.Stall, time.Second)
	for c.open > 0 {
		msg, idle, err := awaitNext(ctx, it, wait)
		if err != nil {
			return err
		}
		if idle {
			if time.Since(last) > t.opts.Stall {
				return t.stalled(ctx, c, time.Since(last))
			}
			continue
		}
		a, err := decodeAnswer(msg.Data())
		if err != nil {
			return fmt.Errorf("decoding a worker's answer: %w", err)
		}
		st.Answers++
		fresh, err := c.take(st, a, each)
		if err != nil {
			return err
		}
		if fresh {
			last = time.Now()
		}
	}
	return nil
}

// stalled builds ErrStalled naming the shards not done and what their
// consumers show.
func (t *Ticker) stalled(ctx context.Context, c *tickCollector, idle time.Duration) error {
	var open []string
	for s := range t.shards {
		if c.done[s] {
			continue
		}
		what := fmt.Sprintf("shard %d (%d of %d answered", s, c.expected[s]-c.pending[s], c.expected[s])
		if info, err := t.topo.consumers[s].Info(ctx); err == nil {
			what += fmt.Sprintf("; %d ticks waiting, %d held by a worker, %d pull requests waiting",
				info.NumPending, info.NumAckPending, info.NumWaiting)
		}
		open = append(open, what+")")
		if len(open) == 8 {
			open = append(open, "…")
			break
		}
	}
	return fmt.Errorf("%w: none in the last %s; not done: %s (is a `unimargin worker --shards` owning them connected?)",
		ErrStalled, idle.Round(time.Millisecond), strings.Join(open, ", "))
}

// cleanup purges the tick's answers and, when it failed, its tick
// messages not yet taken.
func (t *Ticker) cleanup(ctx context.Context, tick string, failed bool) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_ = t.topo.results.Purge(cctx, jetstream.WithPurgeSubject(t.opts.resultsSubject(tick)))
	if failed {
		for s := range t.shards {
			_ = t.topo.stream.Purge(cctx, jetstream.WithPurgeSubject(t.opts.shardSubject(s, tick)))
		}
	}
}

// tickCollector is one tick's bookkeeping: which accounts are answered,
// keyed by account (the tick is the collector's).
type tickCollector struct {
	index    map[string]int // account → position in accounts
	accounts []string
	answered []bool
	shardOf  []int32
	expected []int // per shard
	pending  []int // per shard: expected accounts not answered yet
	done     []bool
	open     int                    // shards not done
	chunks   []map[string]chunkSeen // per shard, by digest
}

// chunkSeen is which chunks of one worker account list arrived.
type chunkSeen struct {
	of   int
	seen map[int]bool
}

func newTickCollector(accounts []string, shards int) (*tickCollector, error) {
	c := &tickCollector{index: make(map[string]int, len(accounts)), accounts: accounts,
		answered: make([]bool, len(accounts)), shardOf: make([]int32, len(accounts)),
		expected: make([]int, shards), pending: make([]int, shards), done: make([]bool, shards),
		open: shards, chunks: make([]map[string]chunkSeen, shards)}
	for i, id := range accounts {
		if id == "" {
			return nil, fmt.Errorf("account %d of the tick is empty", i)
		}
		if _, dup := c.index[id]; dup {
			return nil, fmt.Errorf("account %q is listed twice in the tick", id)
		}
		c.index[id] = i
		s := ShardOf(id, shards)
		c.shardOf[i] = int32(s)
		c.expected[s]++
	}
	copy(c.pending, c.expected)
	for s := range shards {
		c.chunks[s] = map[string]chunkSeen{}
	}
	return c, nil
}

// take applies one answer chunk: each is called for every result whose
// account is expected in that shard and not yet answered in this tick; a
// result for an account already answered is dropped and counted. It
// reports whether anything new was learned.
func (c *tickCollector) take(st *TickStats, a *shardAnswer, each func(Result)) (bool, error) {
	if a.Tick != st.ID || a.Shard < 0 || a.Shard >= len(c.done) || a.Chunks < 1 || a.Chunk < 0 || a.Chunk >= a.Chunks {
		return false, fmt.Errorf("worker answered chunk %d/%d of shard %d of tick %q, want a shard 0..%d of %s",
			a.Chunk, a.Chunks, a.Shard, a.Tick, len(c.done)-1, st.ID)
	}
	s := a.Shard
	if c.done[s] {
		st.Duplicates += len(a.Results)
		return false, nil
	}
	fresh := false
	for _, r := range a.Results {
		i, ok := c.index[r.Account]
		if !ok || int(c.shardOf[i]) != s {
			continue // not expected in this tick (added since it was listed)
		}
		if c.answered[i] {
			st.Duplicates++
			continue
		}
		c.answered[i] = true
		c.pending[s]--
		fresh = true
		each(r)
	}
	cs := c.chunks[s][a.Digest]
	if cs.seen == nil {
		cs = chunkSeen{of: a.Chunks, seen: map[int]bool{}}
	}
	if !cs.seen[a.Chunk] {
		cs.seen[a.Chunk] = true
		fresh = true
	}
	c.chunks[s][a.Digest] = cs
	if c.pending[s] == 0 || len(cs.seen) == cs.of {
		c.finish(st, s, each)
	}
	return fresh, nil
}

// finish closes shard s: an expected account still unanswered is answered
// with an error (the worker's complete answer did not hold it).
func (c *tickCollector) finish(st *TickStats, s int, each func(Result)) {
	c.done[s] = true
	c.open--
	if c.pending[s] == 0 {
		return
	}
	var missing []int
	for i := range c.accounts {
		if int(c.shardOf[i]) == s && !c.answered[i] {
			missing = append(missing, i)
		}
	}
	slices.Sort(missing)
	for _, i := range missing {
		c.answered[i] = true
		st.Missing++
		each(Result{Account: c.accounts[i],
			Error: fmt.Sprintf("not margined: the worker of shard %d did not find the account in the store", s)})
	}
	c.pending[s] = 0
}
