// The JetStream topology of sharded re-margin ticks, shared by the
// coordinator (Ticker) and the shard workers (ShardWorker): accounts are
// split into shards by id (ShardOf), a work-queue stream holds one tick
// message per shard (subject <prefix>.remargin.shard.<shard>.<tick>), and
// each shard has its own durable pull consumer (shard-<n>, at most one tick
// in flight), so the workers that own a shard, and only they, receive its
// ticks and can keep its books compiled between them. Answers go to the
// results stream of the batch topology (topology.go), in chunks whose
// dedup ids are keyed by tick, shard, the worker's account list and chunk
// number: a redelivered tick answered again is stored once.
//
// The coordinator creates the stream and the consumers; a worker only
// looks them up (the embedded server's worker credentials allow no more).
package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
)

// MaxShards bounds the shard count of a tick.
const MaxShards = 4096

// DefaultChunk is the number of Results per answer message of a shard tick
// (about 50 bytes each on the wire, answer.go: ~200 KiB, under NATS's
// 1 MiB default payload).
const DefaultChunk = 4096

// ShardOf is the shard of account id among shards (FNV-1a of the id, mod
// shards): the coordinator and every worker agree on it without asking
// anyone. shards must be ≥ 1.
func ShardOf(id string, shards int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % uint32(shards))
}

func (o Options) shardStream() string { return strings.ToUpper(o.Prefix) + "_REMARGIN_SHARDS" }

// shardSubject carries tick of shard; shardFilter is every tick of shard.
func (o Options) shardSubject(shard int, tick string) string {
	return o.Prefix + ".remargin.shard." + strconv.Itoa(shard) + "." + tick
}
func (o Options) shardFilter(shard int) string {
	return o.Prefix + ".remargin.shard." + strconv.Itoa(shard) + ".>"
}

// shardConsumer is the durable consumer of shard's ticks.
func shardConsumer(shard int) string { return "shard-" + strconv.Itoa(shard) }

// tickMsg is one shard's tick: margin every account of shard (of Shards)
// on Market. Epoch names the books' version: a worker holding the shard
// compiled under another epoch reads its books again. Accounts is how many
// accounts the coordinator expects in the shard (for logs; the answer
// names each account).
type tickMsg struct {
	Tick     string          `json:"tick"`
	Shard    int             `json:"shard"`
	Shards   int             `json:"shards"`
	Epoch    string          `json:"epoch"`
	Accounts int             `json:"accounts"`
	Market   json.RawMessage `json:"market"`
}

// shardAnswer is one chunk of a worker's answer to a shard tick: Results
// of chunk Chunk of Chunks over the worker's account list of the shard,
// which Digest names (two deliveries with the same list chunk it the same
// way, and their chunks share dedup ids). Its wire form is binary
// (answer.go).
type shardAnswer struct {
	Tick    string
	Shard   int
	Digest  string
	Chunk   int
	Chunks  int
	Results []Result
}

// shardAnswerID is the dedup id of one answer chunk.
func shardAnswerID(a *shardAnswer) string {
	return fmt.Sprintf("s.%s.%d.%s.%d", a.Tick, a.Shard, a.Digest, a.Chunk)
}

// tickMsgID is the dedup id of a shard's tick message.
func tickMsgID(tick string, shard int) string { return fmt.Sprintf("t.%s.%d", tick, shard) }

// shardTopology is the shards stream, the results stream and the shards'
// consumers (by shard number).
type shardTopology struct {
	stream, results jetstream.Stream
	consumers       map[int]jetstream.Consumer
}

// shardStreamConfig is the shards stream of o.
func shardStreamConfig(o Options) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        o.shardStream(),
		Description: "unimargin sharded re-margin: one tick message per shard",
		Subjects:    []string{o.Prefix + ".remargin.shard.>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     o.Storage,
		Replicas:    o.Replicas,
		Duplicates:  dedupWindow,
		MaxAge:      leftoverAge,
	}
}

// ensureShardTopology creates or updates (the coordinator's part) the
// shards stream, the results stream and consumers for shards 0..shards-1.
func ensureShardTopology(ctx context.Context, js jetstream.JetStream, o Options, shards int) (shardTopology, error) {
	t := shardTopology{consumers: map[int]jetstream.Consumer{}}
	var err error
	if t.stream, err = ensureStream(ctx, js, true, shardStreamConfig(o)); err != nil {
		return t, err
	}
	bt, err := ensureTopology(ctx, js, o, true)
	if err != nil {
		return t, err
	}
	t.results = bt.results
	for s := range shards {
		c, err := t.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
			Durable:       shardConsumer(s),
			Description:   "unimargin: ticks of shard " + strconv.Itoa(s) + ", to the workers that own it",
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       o.AckWait,
			MaxDeliver:    o.MaxDeliver,
			MaxAckPending: 1, // one tick of a shard at a time, in order
			FilterSubject: o.shardFilter(s),
		})
		if err != nil {
			return t, fmt.Errorf("jetstream consumer %s on %s: %w", shardConsumer(s), o.shardStream(), err)
		}
		t.consumers[s] = c
	}
	return t, nil
}

// lookUpShard finds shard's consumer (the worker's part: the coordinator
// creates it). Errors: jetstream.ErrStreamNotFound or ErrConsumerNotFound
// when no coordinator has set it up yet, or a request that failed.
func lookUpShard(ctx context.Context, js jetstream.JetStream, o Options, shard int) (jetstream.Consumer, error) {
	c, err := js.Consumer(ctx, o.shardStream(), shardConsumer(shard))
	if err != nil {
		return nil, fmt.Errorf("jetstream consumer %s on %s: %w", shardConsumer(shard), o.shardStream(), err)
	}
	return c, nil
}

// notSetUp reports whether err says the coordinator has not created the
// shard topology yet (a worker waits for it).
func notSetUp(err error) bool {
	return errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, jetstream.ErrConsumerNotFound)
}

// ParseShards parses a list of shard numbers: comma-separated numbers and
// ranges ("0-3,7"), each in 0..MaxShards-1, listed once. Errors name the
// item.
func ParseShards(list string) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		lo, hi, isRange := strings.Cut(item, "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || a < 0 || b < a || b >= MaxShards {
			return nil, fmt.Errorf("shard list %q: item %q: want a shard number or a range lo-hi within 0..%d", list, item, MaxShards-1)
		}
		for s := a; s <= b; s++ {
			if seen[s] {
				return nil, fmt.Errorf("shard list %q: shard %d is listed twice", list, s)
			}
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}
