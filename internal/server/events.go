// Live margins: GET /v1/events streams server-sent events. On connect the
// stream carries the current market and each visible account's margin; then
// a `market` event and one `margin` event per account after every market
// change (re-margined by s.remargin, bursts coalesced into one more run), a
// `margin` event after an account change, and a `: ping` comment every 15 s.
// Each subscriber has one bounded buffer: a client that cannot keep up is
// disconnected (it reconnects and gets a fresh snapshot), never waited for.
//
// Streams are capped per token and in all (Config.MaxStreamsPerToken,
// MaxStreams): one more is 429 rate_limited with Retry-After, and a stream
// that ends frees its slot. A client that reconnects with Last-Event-ID
// resumes: it gets the events after that id from a bounded replay history
// instead of the snapshot, or the snapshot when the id is older than the
// history (or from another run of the server: seqs start at a value above
// any earlier run's, so an old id is never mistaken for a recent one).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/vault"
)

// MarketEvent is the data of a `market` event: the stored market's as_of
// and every asset's USD price.
type MarketEvent struct {
	Seq    uint64             `json:"seq" doc:"Position in the server's event sequence (increasing, also across restarts of the server; a snapshot event keeps the seq it was published with). The event's SSE id."`
	AsOf   string             `json:"as_of" doc:"The market's as_of (RFC 3339)."`
	Prices map[string]float64 `json:"prices" doc:"USD price of each asset of the market."`
}

// MarginEvent is the data of a `margin` event: one account's unified margin
// (USD) against the market of as_of.
type MarginEvent struct {
	Seq          uint64           `json:"seq" doc:"Position in the server's event sequence."`
	Account      string           `json:"account"`
	Equity       float64          `json:"equity"`
	Initial      float64          `json:"initial"`
	Maintenance  float64          `json:"maintenance"`
	Excess       float64          `json:"excess" doc:"Equity minus initial margin."`
	Liquidatable bool             `json:"liquidatable" doc:"Equity below maintenance margin, or the margin is not computable (see error)."`
	AsOf         string           `json:"as_of" doc:"as_of of the market the figures were computed with."`
	Error        string           `json:"error,omitempty" doc:"Set when the account's stored book does not fit the market (margin_uncomputable): its figures are zero and it is liquidatable."`
	Params       *vault.ParamsRef `json:"params,omitempty" doc:"The governed parameter version the figures used (absent until governance is set up)."`
}

// Stream defaults; tests shorten them on the live state.
const (
	defaultPing         = 15 * time.Second
	defaultBuffer       = 1024 // events a subscriber may lag behind before it is dropped
	defaultWriteTimeout = 10 * time.Second
	accountHookTimeout  = 10 * time.Second
	// defaultHistory is how many recent events are kept for Last-Event-ID
	// resumption (a few re-margin runs of a thousand accounts).
	defaultHistory = 4096
	// streamRetryAfter is the Retry-After of a refused stream: a slot frees
	// when any stream ends, which no one can predict.
	streamRetryAfter = 10 * time.Second
)

// seqEpoch is the seq a server starts from: its start time in milliseconds
// times 2048, so every seq of a run is above every seq of an earlier run
// that published fewer than 2048 events per millisecond on average, and
// stays below 2^53 (exact as a JSON number in JavaScript) until 2100.
func seqEpoch(now time.Time) uint64 { return uint64(now.UnixMilli()) << 11 }

// event is one published event, encoded once for every subscriber.
type event struct {
	name    string // "market" or "margin"
	account string // "" for market events, which every subscriber sees
	seq     uint64
	data    []byte
}

// subscriber is one open stream.
type subscriber struct {
	subject access.Subject
	token   string // the token's hash: streams are capped per token
	ch      chan event
	gone    chan struct{} // closed when the broker drops the subscriber
	reason  string        // why it was dropped; written before gone is closed
}

func (s *subscriber) sees(ev event) bool { return ev.account == "" || s.subject.CanRead(ev.account) }

// broker fans events out. It never blocks on a subscriber: a full buffer
// drops that subscriber. It also keeps the last market and each account's
// last margin, the snapshot a new stream starts with.
type broker struct {
	mu       sync.Mutex
	subs     map[*subscriber]struct{}
	perToken map[string]int // open streams by token hash
	seq      uint64
	closed   bool
	buffer   int
	market   *event
	latest   map[string]event
	liq      map[string]bool // account → liquidatable at its last margin event
	onDrop   func(reason string)

	maxStreams, maxPerToken int // caps on open streams; 0: none

	// history holds every event published after seq base, oldest first,
	// at most historyMax of them (Last-Event-ID resumption).
	history    []event
	base       uint64
	historyMax int
}

func newBroker(buffer, history int, start uint64) *broker {
	return &broker{subs: map[*subscriber]struct{}{}, perToken: map[string]int{}, buffer: buffer,
		latest: map[string]event{}, liq: map[string]bool{}, seq: start, base: start, historyMax: history}
}

var errBrokerClosed = errors.New("the server is shutting down")

// streamCapError is a refused subscription: which cap is full.
type streamCapError struct{ what string }

func (e *streamCapError) Error() string { return e.what }

// subscribe registers a stream for a token (its hash) and returns the
// events it starts with, taken under the same lock, so no event is missed
// or sent twice: with resume, those after lastID when the history still
// holds them all (resumed true); otherwise the snapshot. Errors:
// errBrokerClosed, *streamCapError.
func (b *broker) subscribe(sub access.Subject, token string, lastID uint64, resume bool) (s *subscriber, start []event, resumed bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, false, errBrokerClosed
	}
	if b.maxStreams > 0 && len(b.subs) >= b.maxStreams {
		return nil, nil, false, &streamCapError{fmt.Sprintf("the server has %d event streams open, its limit", len(b.subs))}
	}
	if b.maxPerToken > 0 && b.perToken[token] >= b.maxPerToken {
		return nil, nil, false, &streamCapError{fmt.Sprintf("this token has %d event streams open, its limit", b.perToken[token])}
	}
	size := b.buffer
	if sub.Admin {
		// An admin sees one event per account per run: room for two runs,
		// so a large store does not drop every admin stream by design.
		size = max(size, 2*len(b.latest)+2)
	}
	s = &subscriber{subject: sub, token: token, ch: make(chan event, size), gone: make(chan struct{})}
	b.subs[s] = struct{}{}
	b.perToken[token]++
	if resume && b.base <= lastID && lastID <= b.seq {
		// Every event after lastID is in the history (it starts at base).
		for _, ev := range b.history[len(b.history)-int(b.seq-lastID):] {
			if s.sees(ev) {
				start = append(start, ev)
			}
		}
		return s, start, true, nil
	}
	return s, b.snapshot(sub), false, nil
}

// snapshot is the last market and the last margin of every account sub
// may see, by account id. b.mu is held.
func (b *broker) snapshot(sub access.Subject) []event {
	var snap []event
	if b.market != nil {
		snap = append(snap, *b.market)
	}
	ids := make([]string, 0, len(b.latest))
	for id := range b.latest {
		if sub.CanRead(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		snap = append(snap, b.latest[id])
	}
	return snap
}

// unsubscribe removes a stream that ended on its own.
func (b *broker) unsubscribe(s *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[s]; ok {
		b.drop(s, "closed")
	}
}

// drop removes s and tells its stream why; b.mu is held.
func (b *broker) drop(s *subscriber, reason string) {
	delete(b.subs, s)
	if b.perToken[s.token]--; b.perToken[s.token] <= 0 {
		delete(b.perToken, s.token)
	}
	s.reason = reason
	close(s.gone)
	if b.onDrop != nil {
		b.onDrop(reason)
	}
}

// publish assigns the next seq, encodes the event with it, remembers it for
// snapshots and hands it to every subscriber allowed to see it.
func (b *broker) publish(name, account string, data func(seq uint64) any, liquidatable bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.seq++
	raw, err := json.Marshal(data(b.seq))
	if err != nil {
		panic(err) // the event types always encode
	}
	ev := event{name: name, account: account, seq: b.seq, data: raw}
	b.remember(ev)
	switch {
	case account == "":
		b.market = &ev
	case name == "margin": // alerts are not part of the snapshot
		b.latest[account] = ev
		b.liq[account] = liquidatable
	}
	for s := range b.subs {
		if !s.sees(ev) {
			continue
		}
		select {
		case s.ch <- ev:
		default:
			b.drop(s, "slow")
		}
	}
}

// remember appends ev to the history, forgetting the oldest beyond
// historyMax (copied down only when twice as long, so appends stay cheap).
// b.mu is held.
func (b *broker) remember(ev event) {
	if b.historyMax <= 0 {
		b.base = ev.seq
		return
	}
	b.history = append(b.history, ev)
	if len(b.history) >= 2*b.historyMax {
		b.history = append([]event(nil), b.history[len(b.history)-b.historyMax:]...)
	}
	b.base = b.history[max(0, len(b.history)-b.historyMax)].seq - 1
}

func (b *broker) publishMarket(m MarketEvent) {
	b.publish("market", "", func(seq uint64) any { m.Seq = seq; return m }, false)
}

func (b *broker) publishMargin(e MarginEvent) {
	b.publish("margin", e.Account, func(seq uint64) any { e.Seq = seq; return e }, e.Liquidatable)
}

// lastAsOf is the as_of of the last market event ("" before the first).
func (b *broker) lastAsOf() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.market == nil {
		return ""
	}
	var m MarketEvent
	_ = json.Unmarshal(b.market.data, &m)
	return m.AsOf
}

// liquidatable counts accounts liquidatable at their last margin event.
func (b *broker) liquidatable() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, l := range b.liq {
		if l {
			n++
		}
	}
	return n
}

// close drops every subscriber and refuses new ones.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for s := range b.subs {
		b.drop(s, "shutdown")
	}
}

// live is a server's event state: the broker, the re-margin loop and the
// stream settings.
type live struct {
	s            *Server
	b            *broker
	kick         chan struct{} // capacity 1: pending market changes coalesce into one token
	ctx          context.Context
	cancel       context.CancelFunc
	done         chan struct{}
	runs         atomic.Int64 // re-margin runs finished
	ping         time.Duration
	writeTimeout time.Duration
}

// events returns s's live state (set once by registerEvents, in New).
func (s *Server) events() *live { return s.live }

func (s *Server) registerEvents() {
	l := &live{s: s, b: newBroker(defaultBuffer, defaultHistory, seqEpoch(time.Now())), kick: make(chan struct{}, 1),
		done: make(chan struct{}), ping: defaultPing, writeTimeout: defaultWriteTimeout}
	l.b.maxStreams, l.b.maxPerToken = s.cfg.MaxStreams, s.cfg.MaxStreamsPerToken
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.b.onDrop = func(reason string) {
		if reason == "slow" {
			s.log.Warn("event stream dropped: the client does not keep up", "buffer", l.b.buffer)
		}
	}
	s.live = l
	s.OnMarketChange(func(context.Context) { l.marketChanged() })
	s.OnAccountChange(l.accountChanged)
	s.onClose(l.close)
	go l.loop()
	l.marketChanged() // the first run fills the snapshot new streams start with
	l.register()
}

// register declares GET /v1/events: a huma operation, so rate limit, auth
// and the OpenAPI document apply as to every other route.
func (l *live) register() {
	op := huma.Operation{
		OperationID: "events", Method: http.MethodGet, Path: "/v1/events", Tags: []string{"events"},
		Summary: "Live market and margin events (server-sent events)",
		Description: "A text/event-stream. On connect: the current `market` and each visible account's `margin`; " +
			"then a `market` event and one `margin` event per account after every market change, a `margin` event " +
			"after an account change, and a `: ping` comment every 15 s. An admin token sees every account, an " +
			"account token only its own. A client that falls too far behind is disconnected and should reconnect. " +
			"A reconnect with `Last-Event-ID` (EventSource sends it) resumes after that event when the server still " +
			"holds every later one, and otherwise starts with the current state as a new stream does. Streams are " +
			"capped per token and in all: one more is 429 with Retry-After.",
		Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429, 503},
		Responses: map[string]*huma.Response{"200": {Description: "The event stream.", Content: map[string]*huma.MediaType{
			"text/event-stream": {Schema: eventStreamSchema(l.s.api)},
		}}},
	}
	huma.Register(l.s.api, op, func(ctx context.Context, in *eventsInput) (*huma.StreamResponse, error) {
		sub, ok := subjectOf(ctx)
		if !ok {
			return nil, problemf(http.StatusUnauthorized, CodeUnauthenticated, "a bearer token is required")
		}
		lastID, err := strconv.ParseUint(in.LastEventID, 10, 64)
		if in.LastEventID != "" && err != nil {
			return nil, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "Last-Event-ID: not an event id",
				&ProblemField{Location: "header.Last-Event-ID", Message: "an event's seq, at most 20 digits", Value: in.LastEventID})
		}
		sb, start, resumed, err := l.b.subscribe(sub, tokenHashOf(ctx), lastID, in.LastEventID != "")
		var capped *streamCapError
		switch {
		case errors.As(err, &capped):
			return nil, l.s.tooManyErr(streamRetryAfter, capped.Error())
		case err != nil:
			return nil, problemf(http.StatusServiceUnavailable, CodeUnavailable, err.Error())
		}
		return &huma.StreamResponse{Body: func(hc huma.Context) { l.stream(hc, sb, start, resumed) }}, nil
	})
}

type eventsInput struct {
	AccessToken string `query:"access_token" doc:"The token, for EventSource clients that cannot set the Authorization header."`
	LastEventID string `header:"Last-Event-ID" pattern:"^[0-9]{1,20}$" doc:"The id of the last event the client received: the stream resumes after it (see the operation's description)."`
}

// eventStreamSchema documents the stream as huma's sse package does: an
// array of oneOf {event, data, id}.
func eventStreamSchema(api huma.API) *huma.Schema {
	reg := api.OpenAPI().Components.Schemas
	one := func(name string, data *huma.Schema) *huma.Schema {
		return &huma.Schema{Title: "Event " + name, Type: huma.TypeObject, Required: []string{"event", "data"},
			Properties: map[string]*huma.Schema{
				"id":    {Type: huma.TypeInteger, Description: "The event's seq."},
				"event": {Type: huma.TypeString, Description: "The event name.", Extensions: map[string]any{"const": name}},
				"data":  data,
			}}
	}
	return &huma.Schema{
		Title:       "Server-sent events",
		Description: "Each oneOf object is one possible event, serialized as UTF-8 text per the SSE specification.",
		Type:        huma.TypeArray,
		Items: &huma.Schema{Extensions: map[string]any{"oneOf": []*huma.Schema{
			one("margin", reg.Schema(reflect.TypeFor[MarginEvent](), true, "margin")),
			one("market", reg.Schema(reflect.TypeFor[MarketEvent](), true, "market")),
			one("alert", reg.Schema(reflect.TypeFor[AlertEvent](), true, "alert")),
		}}},
	}
}

// stream writes the start events (the snapshot, or what a resumed client
// missed), then events and pings until the subscriber is dropped (slow
// client, shutdown) or the client goes away.
func (l *live) stream(hc huma.Context, sub *subscriber, start []event, resumed bool) {
	l.s.metrics.subscribers.Inc()
	defer l.s.metrics.subscribers.Dec()
	defer l.b.unsubscribe(sub)
	ctx := hc.Context()
	hc.SetHeader("Content-Type", "text/event-stream")
	hc.SetHeader("Cache-Control", "no-store")
	hc.SetHeader("X-Accel-Buffering", "no")
	w := newEventWriter(hc, l.writeTimeout)
	if err := w.line("retry: 3000"); err != nil {
		return
	}
	for _, ev := range start {
		if w.send(ev) != nil {
			return
		}
		l.s.metrics.events.Inc()
	}
	if !resumed && sub.subject.Account != "" && !l.has(start, sub.subject.Account) {
		// Not margined yet (a new account): compute it now; the event
		// arrives through sub.ch like any other.
		l.accountChanged(ctx, sub.subject.Account)
	}
	tick := time.NewTicker(l.ping)
	defer tick.Stop()
	for {
		select {
		case ev := <-sub.ch:
			if w.send(ev) != nil {
				return
			}
			l.s.metrics.events.Inc()
		case <-tick.C:
			if w.line(": ping") != nil {
				return
			}
		case <-sub.gone:
			return
		case <-ctx.Done():
			return
		}
	}
}

// has reports whether the snapshot holds account's margin.
func (l *live) has(snap []event, account string) bool {
	for _, ev := range snap {
		if ev.account == account {
			return true
		}
	}
	return false
}

// eventWriter writes SSE frames with a write deadline, flushing each.
type eventWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func newEventWriter(hc huma.Context, timeout time.Duration) *eventWriter {
	_, w := humago.Unwrap(hc)
	return &eventWriter{w: w, rc: http.NewResponseController(w), timeout: timeout}
}

func (w *eventWriter) write(frame []byte) error {
	// A client that stopped reading must not hold the goroutine forever.
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
	if _, err := w.w.Write(frame); err != nil {
		return err
	}
	return w.rc.Flush()
}

func (w *eventWriter) send(ev event) error {
	frame := make([]byte, 0, len(ev.data)+48)
	frame = append(frame, "id: "...)
	frame = strconv.AppendUint(frame, ev.seq, 10)
	frame = append(frame, "\nevent: "...)
	frame = append(frame, ev.name...)
	frame = append(frame, "\ndata: "...)
	frame = append(frame, ev.data...)
	frame = append(frame, "\n\n"...)
	return w.write(frame)
}

// line writes a comment (": ping") or a field ("retry: 3000") as a frame.
func (w *eventWriter) line(text string) error { return w.write([]byte(text + "\n\n")) }

// marketChanged asks the loop for one more re-margin; while one runs, any
// number of changes collapse into a single further run.
func (l *live) marketChanged() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// loop runs re-margins until close.
func (l *live) loop() {
	defer close(l.done)
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-l.kick:
			l.remarginAll(l.ctx)
			l.runs.Add(1)
		}
	}
}

// remarginAll publishes the stored market and re-margins every account,
// publishing one margin event each and updating the gauges.
func (l *live) remarginAll(ctx context.Context) {
	s := l.s
	start := time.Now()
	var ids []string
	var doc []byte
	var has bool
	err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		if ids, err = tx.AccountIDs(); err != nil {
			return err
		}
		doc, has, err = tx.Market()
		return err
	})
	if err != nil || !has {
		if err != nil && ctx.Err() == nil {
			s.log.Error("re-margin: reading the store", "err", err)
		}
		return
	}
	m, err := marketEventOf(doc)
	if err != nil {
		s.log.Error("re-margin: stored market", "err", err)
		return
	}
	l.b.publishMarket(m)
	failed := 0
	var margined []cluster.Result
	err = s.remargin.Remargin(ctx, ids, func(r cluster.Result) {
		if r.Error != "" && !r.Uncomputable {
			failed++
			s.log.Warn("re-margin: account not margined", "account", r.Account, "err", r.Error)
			return
		}
		l.b.publishMargin(marginEventOf(r, m.AsOf))
		margined = append(margined, r)
	})
	s.margined(ctx, margined)
	elapsed := time.Since(start)
	s.metrics.remargin.Observe(elapsed.Seconds())
	s.metrics.accounts.Set(float64(len(ids)))
	s.metrics.liquidatable.Set(float64(l.b.liquidatable()))
	if err != nil && ctx.Err() == nil {
		s.log.Error("re-margin", "accounts", len(ids), "err", err)
	}
	s.log.Debug("re-margined", "accounts", len(ids), "failed", failed, "ms", float64(elapsed.Microseconds())/1000)
}

// accountChanged publishes one account's fresh margin.
func (l *live) accountChanged(ctx context.Context, account string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), accountHookTimeout)
	defer cancel()
	r := cluster.MarginAccount(ctx, l.s.db, l.s.vaultConfig(), account)
	if r.Error != "" && !r.Uncomputable {
		l.s.log.Warn("margin event: account not margined", "account", account, "err", r.Error)
		return
	}
	l.b.publishMargin(marginEventOf(r, l.b.lastAsOf()))
	l.s.metrics.liquidatable.Set(float64(l.b.liquidatable()))
	l.s.margined(ctx, []cluster.Result{r})
}

// close stops the loop (an in-flight re-margin is cancelled) and ends every
// stream, so a graceful shutdown does not wait on them.
func (l *live) close() {
	l.cancel()
	<-l.done
	l.b.close()
}

// marginEventOf is the event of a margined account, or of one whose book
// is not computable (liquidatable, with its reason). A failure to read is
// not published: the stream keeps the account's last figures.
func marginEventOf(r cluster.Result, asOf string) MarginEvent {
	e := MarginEvent{Account: r.Account, Equity: r.Equity, Initial: r.Initial, Maintenance: r.Maintenance,
		Excess: r.Excess, Liquidatable: r.Liquidatable, AsOf: asOf, Params: r.Params}
	if r.Uncomputable {
		e.Error = r.Error
	}
	return e
}

// marketEventOf reads a stored market document's as_of and prices.
func marketEventOf(doc []byte) (MarketEvent, error) {
	m, err := market.Load(doc, marketOptions(true))
	if err != nil {
		return MarketEvent{}, fmt.Errorf("stored market: %w", err)
	}
	ev := MarketEvent{AsOf: m.AsOf.UTC().Format(time.RFC3339), Prices: map[string]float64{}}
	for _, sym := range m.Symbols() {
		ev.Prices[sym] = m.Spot(sym)
	}
	return ev, nil
}
