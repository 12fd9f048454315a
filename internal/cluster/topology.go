// The JetStream topology of bulk re-margin, shared by the coordinator
// (JetStream) and the workers (Worker): a work-queue stream of account
// batches with one durable pull consumer that every worker shares, a results
// stream keyed by job, and the two wire messages. Both sides create the same
// topology idempotently, so whichever starts first sets it up.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of Options.
const (
	DefaultPrefix     = "unimargin"
	DefaultBatchSize  = 256
	DefaultAckWait    = 30 * time.Second
	DefaultStall      = 60 * time.Second
	DefaultMaxDeliver = 20
	// dedupWindow is how long the streams remember message ids: a publish
	// retried within it is stored once.
	dedupWindow = 2 * time.Minute
	// leftoverAge drops work and results a crashed coordinator left behind.
	leftoverAge = time.Hour
	// workersConsumer is the durable consumer all workers pull from.
	workersConsumer = "workers"
	// apiTimeout bounds one JetStream API request (stream and consumer
	// set-up, purges, info) when the caller's ctx has no deadline; the
	// library's 5 s is short for a loaded machine.
	apiTimeout = 20 * time.Second
)

// Options name and tune the topology. The zero value is the default. The
// coordinator's Storage, Replicas, AckWait and MaxDeliver set the topology;
// a worker's apply only when it finds none. Both must agree on Prefix.
type Options struct {
	// Prefix namespaces streams and subjects, so several deployments can
	// share one NATS (letters, digits, '_' and '-'; "unimargin" when empty).
	Prefix string
	// Storage of both streams: jetstream.FileStorage (the zero value) or
	// MemoryStorage (Embedded.Storage tells which suits the embedded server).
	Storage jetstream.StorageType
	// Replicas of both streams in a NATS cluster (1 when zero).
	Replicas int
	// BatchSize is the number of accounts per work message (256 when zero).
	BatchSize int
	// AckWait is how long a worker may hold a batch without acknowledging
	// or reporting progress before JetStream gives it to another worker
	// (30 s when zero). Workers report progress every AckWait/3.
	AckWait time.Duration
	// Stall is how long the coordinator waits without any new result before
	// it gives up with ErrStalled (60 s when zero). Keep it above AckWait so
	// that the redelivery of a crashed worker's batch can arrive.
	Stall time.Duration
	// MaxDeliver bounds deliveries of one batch (20 when zero), so a batch
	// that kills every worker does not circulate forever.
	MaxDeliver int
}

var prefixPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// withDefaults fills the zero fields and validates the prefix.
func (o Options) withDefaults() (Options, error) {
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if !prefixPattern.MatchString(o.Prefix) {
		return o, fmt.Errorf("cluster options: prefix %q: want 1 to 64 of A-Z a-z 0-9 _ -", o.Prefix)
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if o.Stall <= 0 {
		o.Stall = DefaultStall
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = DefaultMaxDeliver
	}
	return o, nil
}

func (o Options) workStream() string { return strings.ToUpper(o.Prefix) + "_REMARGIN_WORK" }

// workerInbox is the inbox prefix of workers' connections, apart from
// the coordinator's (_INBOX.), so that credentials allowed to receive a
// worker's replies cannot receive the coordinator's (Embedded).
func (o Options) workerInbox() string { return "_INBOX_" + o.Prefix + "_worker" }

// WorkerInbox is the connection option every worker connection uses: its
// replies arrive under the workers' inbox prefix for this prefix ("" is
// the default prefix), the only inboxes an embedded server's worker
// credentials may subscribe to.
func WorkerInbox(prefix string) nats.Option {
	o := Options{Prefix: prefix}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	return nats.CustomInboxPrefix(o.workerInbox())
}
func (o Options) resultsStream() string { return strings.ToUpper(o.Prefix) + "_REMARGIN_RESULTS" }

// workSubject carries a job's batches; resultsSubject its answers.
func (o Options) workSubject(job string) string    { return o.Prefix + ".remargin.work." + job }
func (o Options) resultsSubject(job string) string { return o.Prefix + ".remargin.results." + job }

// jetStreamOn returns the JetStream context of nc for opts with their
// defaults (the API timeout of a loaded machine), as every coordinator and
// worker opens it. Errors: invalid options.
func jetStreamOn(nc *nats.Conn, opts Options) (jetstream.JetStream, Options, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, o, err
	}
	js, err := jetstream.New(nc, jetstream.WithDefaultTimeout(apiTimeout))
	if err != nil {
		return nil, o, fmt.Errorf("jetstream: %w", err)
	}
	return js, o, nil
}

// topology is the created streams and the workers' consumer.
type topology struct {
	work, results jetstream.Stream
	workers       jetstream.Consumer
}

// ensureTopology sets up both streams and the workers' durable consumer.
// The coordinator owns the topology: it creates or updates them to o. A
// worker (owner false) uses them as they are when they exist, so that a
// worker with default options can join a coordinator's embedded memory
// streams, and creates them only when absent (a create, never an update:
// the embedded server's worker credentials allow no more). Errors name the stream or
// consumer that could not be set up (for example a stream that exists with
// another storage type, when the coordinator asks for a change).
func ensureTopology(ctx context.Context, js jetstream.JetStream, o Options, owner bool) (topology, error) {
	var t topology
	var err error
	t.work, err = ensureStream(ctx, js, owner, jetstream.StreamConfig{
		Name:        o.workStream(),
		Description: "unimargin bulk re-margin: batches of account ids awaiting a worker",
		Subjects:    []string{o.Prefix + ".remargin.work.>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     o.Storage,
		Replicas:    o.Replicas,
		Duplicates:  dedupWindow,
		MaxAge:      leftoverAge,
	})
	if err != nil {
		return t, err
	}
	t.results, err = ensureStream(ctx, js, owner, jetstream.StreamConfig{
		Name:        o.resultsStream(),
		Description: "unimargin bulk re-margin: one message of Results per answered batch",
		Subjects:    []string{o.Prefix + ".remargin.results.>"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     o.Storage,
		Replicas:    o.Replicas,
		Duplicates:  dedupWindow,
		MaxAge:      leftoverAge,
	})
	if err != nil {
		return t, err
	}
	cfg := jetstream.ConsumerConfig{
		Durable:       workersConsumer,
		Description:   "unimargin workers share this consumer: each batch goes to one of them",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       o.AckWait,
		MaxDeliver:    o.MaxDeliver,
		MaxAckPending: -1,
		FilterSubject: o.Prefix + ".remargin.work.>",
	}
	if !owner {
		if t.workers, err = t.work.Consumer(ctx, workersConsumer); err == nil {
			return t, nil
		} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return t, fmt.Errorf("jetstream consumer %s on %s: %w", workersConsumer, o.workStream(), err)
		}
		t.workers, err = t.work.CreateConsumer(ctx, cfg)
		if errors.Is(err, jetstream.ErrConsumerExists) { // created meanwhile by another
			t.workers, err = t.work.Consumer(ctx, workersConsumer)
		}
		if err != nil {
			return t, fmt.Errorf("jetstream consumer %s on %s: %w", workersConsumer, o.workStream(), err)
		}
		return t, nil
	}
	if t.workers, err = t.work.CreateOrUpdateConsumer(ctx, cfg); err != nil {
		return t, fmt.Errorf("jetstream consumer %s on %s: %w", workersConsumer, o.workStream(), err)
	}
	return t, nil
}

// ensureStream creates or updates the stream (owner), or looks it up and
// creates it only when absent (not owner).
func ensureStream(ctx context.Context, js jetstream.JetStream, owner bool, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	if !owner {
		s, err := js.Stream(ctx, cfg.Name)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, jetstream.ErrStreamNotFound) {
			return nil, fmt.Errorf("jetstream stream %s: %w", cfg.Name, err)
		}
		s, err = js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // created meanwhile by another
			s, err = js.Stream(ctx, cfg.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("jetstream stream %s: %w", cfg.Name, err)
		}
		return s, nil
	}
	s, err := js.CreateOrUpdateStream(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("jetstream stream %s: %w", cfg.Name, err)
	}
	return s, nil
}

// batchMsg is one work message: accounts [First, First+len(Accounts)) of a
// job's account list, batch number Seq.
type batchMsg struct {
	Job      string   `json:"job"`
	Seq      int      `json:"seq"`
	Accounts []string `json:"accounts"`
}

// resultsMsg is a worker's answer to one batch: one Result per account of
// the batch, in the batch's order.
type resultsMsg struct {
	Job     string   `json:"job"`
	Seq     int      `json:"seq"`
	Results []Result `json:"results"`
}

// workMsgID and resultsMsgID are the JetStream dedup ids: a retried publish
// of the same batch or the same answer is stored once.
func workMsgID(job string, seq int) string    { return fmt.Sprintf("w.%s.%d", job, seq) }
func resultsMsgID(job string, seq int) string { return fmt.Sprintf("r.%s.%d", job, seq) }
