// Webhook delivery: alert events go to each of the account's subscriptions
// as a signed POST (alert.Sign: HMAC-SHA256 of the body under the
// subscription's secret, in X-Unimargin-Signature; the body's "timestamp"
// also in X-Unimargin-Timestamp). Each subscription has its own queue and
// worker, so one slow or dead receiver delays only its own events (they go
// out one at a time, in order but for a limit held by its window). Events are coalesced per subscription and
// limit kind (deliverer): one delivery started per kind per
// webhookCoalesce, a newer crossing replacing the waiting one; so an
// account whose limits flap cannot make the server an amplifier toward a
// public host. The queues hold webhookQueue events in all
// and webhookQueuePerHook per subscription, and when they are full in all
// the subscription with the most waiting gives up its newest (enqueue). A
// failed attempt (no response, or not 2xx) is retried with doubling backoff
// up to webhookAttempts; every attempt, and every event dropped because a
// queue is full, goes to the delivery log, which names the kind of a
// failure only (deliveryError). Redirects are not followed, and unless
// Config.WebhookAllowPrivate the dialer refuses every address that is not
// public (alert.PublicAddr) at connect time (a public name that resolves
// to one is refused too).
package server

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

// Delivery settings.
const (
	webhookQueue = 1024
	// webhookQueuePerHook bounds one subscription's waiting events, so a
	// dead receiver cannot take the whole queue from the others. Coalescing
	// keeps them at one per limit kind (4) already; this is the backstop.
	webhookQueuePerHook = 64
	webhookAttempts     = 5
	webhookBackoff      = time.Second // doubled after each failed attempt
	webhookTimeout      = 10 * time.Second
	webhookLogKeep      = 200              // attempts kept per subscription
	maxWebhooks         = 5                // per account
	webhookCoalesce     = 30 * time.Second // one delivery per subscription and limit kind per window
)

// hookKey names a subscription: ids are each account's own.
type hookKey struct{ account, id string }

func keyOf(w store.WebhookRow) hookKey { return hookKey{w.Account, w.ID} }

// delivery is one event for one subscription.
type delivery struct {
	hook    store.WebhookRow // its Secret is the sealed one
	secret  []byte           // the opened secret, in memory only
	kind    alert.Kind
	eventID string
	body    []byte
	stamp   int64 // unix seconds, as in the body
}

// deliverer owns the queues and their workers: one worker per
// subscription with events waiting or in flight.
//
// Coalescing bounds what an account can make the server send: a
// subscription starts at most one delivery per limit kind per
// webhookCoalesce (from the start of the previous one), and holds at most
// one waiting per kind, which a newer crossing of that limit replaces (it
// keeps its place; the receiver gets the latest state, never a stale one).
// So a subscription waits with at most len(alert.Kinds) events, and sends
// at most len(alert.Kinds) alerts per webhookCoalesce however fast the
// account's limits flap; the stream and the stored alerts keep every
// crossing.
type deliverer struct {
	mu      sync.Mutex
	queues  map[hookKey]*hookQueue // by subscription; present while its worker runs
	started map[limitKey]time.Time // when each limit's last delivery started, for webhookCoalesce
	swept   time.Time              // when started was last cleared of entries older than window
	window  time.Duration          // webhookCoalesce
	waiting int                    // events waiting in all queues
	size    int                    // waiting events at most in all
	perHook int                    // waiting events at most per subscription
	post    func(ctx context.Context, url string, h http.Header, body []byte) (int, error)
	record  func(store.DeliveryRow)
	now     func() time.Time
	backoff time.Duration
	log     *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// hookQueue is one subscription's waiting events, in order, at most one
// per kind (coalesced); wake tells its worker, while it waits for a kind's
// window, that an event went in.
type hookQueue struct {
	waiting []delivery
	wake    chan struct{}
}

// limitKey names one limit kind of one subscription.
type limitKey struct {
	hook hookKey
	kind alert.Kind
}

func newDeliverer(size int, post func(context.Context, string, http.Header, []byte) (int, error),
	record func(store.DeliveryRow), log *slog.Logger) *deliverer {
	d := &deliverer{queues: map[hookKey]*hookQueue{}, started: map[limitKey]time.Time{}, window: webhookCoalesce,
		size: size, perHook: min(size, webhookQueuePerHook),
		post: post, record: record, now: time.Now, backoff: webhookBackoff, log: log}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	return d
}

// enqueue never blocks. An event of a kind already waiting for the same
// subscription replaces it in place (coalescing: the waiting count does
// not change). Otherwise a full queue (in all, or the subscription's own)
// drops a delivery (logged). When the queue is full in all, the newest
// waiting event of the subscription with the most waiting is dropped
// instead of x, if it has more than x's subscription would after x: so
// subscriptions whose receivers never answer cannot take the queue from
// the others (each keeps at least an equal share). It starts the
// subscription's worker when none runs, or wakes it.
func (d *deliverer) enqueue(x delivery) {
	d.mu.Lock()
	if d.ctx.Err() != nil {
		d.mu.Unlock()
		return // closed: no worker may start after close's Wait
	}
	q := d.queues[keyOf(x.hook)]
	if q != nil {
		for i, w := range q.waiting {
			if w.kind == x.kind {
				q.waiting[i] = x
				d.mu.Unlock()
				d.log.Debug("webhook: alert coalesced", "account", x.hook.Account, "webhook", x.hook.ID,
					"event", x.eventID, "replaces", w.eventID)
				return
			}
		}
	}
	var evicted []delivery
	if d.waiting >= d.size && (q == nil || len(q.waiting) < d.perHook) {
		if v := d.longest(); v != nil && len(v.waiting) > q.len()+1 {
			evicted, v.waiting = []delivery{v.waiting[len(v.waiting)-1]}, v.waiting[:len(v.waiting)-1]
			d.waiting--
		}
	}
	if d.waiting >= d.size || q.len() >= d.perHook {
		evicted = append(evicted, x)
	} else {
		if q == nil {
			q = &hookQueue{wake: make(chan struct{}, 1)}
			d.queues[keyOf(x.hook)] = q
			d.wg.Add(1)
			go d.run(keyOf(x.hook), q)
		}
		q.waiting = append(q.waiting, x)
		d.waiting++
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
	d.mu.Unlock()
	for _, x := range evicted {
		d.record(store.DeliveryRow{Account: x.hook.Account, WebhookID: x.hook.ID, EventID: x.eventID, Attempt: 0,
			Error: "dropped: the delivery queue is full", At: d.now()})
		d.log.Warn("webhook: queue full, delivery dropped", "account", x.hook.Account, "webhook", x.hook.ID, "event", x.eventID)
	}
}

// len is the number of events waiting (0 for no queue).
func (q *hookQueue) len() int {
	if q == nil {
		return 0
	}
	return len(q.waiting)
}

// longest is the queue with the most events waiting, nil when there is
// none (d.mu held).
func (d *deliverer) longest() *hookQueue {
	var out *hookQueue
	for _, q := range d.queues {
		if q.len() > out.len() {
			out = q
		}
	}
	return out
}

func (d *deliverer) close() {
	d.mu.Lock()
	d.cancel()
	d.mu.Unlock()
	d.wg.Wait()
}

// run delivers one subscription's events until its queue is empty (or the
// deliverer closes), then ends: each time the first waiting event whose
// kind's window has passed, else it waits for the earliest window's end or
// a new event.
func (d *deliverer) run(hook hookKey, q *hookQueue) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		if len(q.waiting) == 0 || d.ctx.Err() != nil {
			d.waiting -= len(q.waiting)
			delete(d.queues, hook)
			d.mu.Unlock()
			return
		}
		now := d.now()
		i, ready := d.next(hook, q, now)
		if i < 0 {
			d.mu.Unlock()
			t := time.NewTimer(ready.Sub(now))
			select {
			case <-d.ctx.Done():
			case <-q.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		x := q.waiting[i]
		q.waiting = append(q.waiting[:i:i], q.waiting[i+1:]...)
		d.waiting--
		d.markStarted(limitKey{hook, x.kind}, now)
		d.mu.Unlock()
		d.deliver(x)
	}
}

// next is the index of q's first event whose kind may start now, or -1 and
// the earliest time one may (d.mu held).
func (d *deliverer) next(hook hookKey, q *hookQueue, now time.Time) (int, time.Time) {
	var ready time.Time
	for i, x := range q.waiting {
		at, ok := d.started[limitKey{hook, x.kind}]
		if !ok || now.Sub(at) >= d.window {
			return i, now
		}
		if end := at.Add(d.window); ready.IsZero() || end.Before(ready) {
			ready = end
		}
	}
	return -1, ready
}

// markStarted records a delivery's start, and once a window clears the
// starts older than one (which no longer hold anything back), so the map
// holds the subscriptions that delivered within a window only (d.mu held).
func (d *deliverer) markStarted(k limitKey, now time.Time) {
	d.started[k] = now
	if now.Sub(d.swept) < d.window {
		return
	}
	for k, at := range d.started {
		if now.Sub(at) >= d.window {
			delete(d.started, k)
		}
	}
	d.swept = now
}

// deliver makes up to webhookAttempts attempts, waiting backoff, 2·backoff,
// … between them.
func (d *deliverer) deliver(x delivery) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "unimargin-webhook")
	h.Set("X-Unimargin-Event", "alert")
	h.Set("X-Unimargin-Delivery", x.eventID)
	h.Set("X-Unimargin-Timestamp", strconv.FormatInt(x.stamp, 10))
	h.Set("X-Unimargin-Signature", alert.Sign(x.secret, x.body))
	wait := d.backoff
	for attempt := 1; attempt <= webhookAttempts; attempt++ {
		ctx, cancel := context.WithTimeout(d.ctx, webhookTimeout)
		status, err := d.post(ctx, x.hook.URL, h, x.body)
		cancel()
		row := store.DeliveryRow{Account: x.hook.Account, WebhookID: x.hook.ID, EventID: x.eventID, Attempt: attempt, Status: status, At: d.now()}
		switch {
		case err != nil:
			row.Error = deliveryError(err)
		case status < 200 || status > 299:
			row.Error = fmt.Sprintf("HTTP %d", status)
		}
		d.record(row)
		if row.Error == "" {
			return
		}
		if attempt == webhookAttempts {
			d.log.Warn("webhook: giving up", "account", x.hook.Account, "webhook", x.hook.ID, "event", x.eventID, "err", row.Error, "cause", err)
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-d.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait *= 2
	}
}

// errPrivateTarget refuses a connection to a non-public address.
var errPrivateTarget = errors.New("webhook target is not a public address: loopback, private, link-local or special-purpose (serve --webhook-allow-private allows it)")

// webhookClient is the HTTP client of deliveries: no redirects, and unless
// allowPrivate a dialer that refuses non-public addresses after resolution.
func webhookClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: webhookTimeout}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !alert.PublicAddr(ap.Addr()) {
				return errPrivateTarget
			}
			return nil
		}
	}
	tr := &http.Transport{DialContext: dialer.DialContext, Proxy: nil, MaxIdleConnsPerHost: 2,
		ResponseHeaderTimeout: webhookTimeout, TLSHandshakeTimeout: webhookTimeout}
	return &http.Client{Transport: tr, Timeout: webhookTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// deliveryError is how a failed attempt reads in the delivery log, which
// the account reads: the kind of failure only. The error itself names the
// address a host name resolved to and the server's resolver, which would
// let an account map the server's network (internal names, one
// subscription at a time); the server's log keeps the last attempt's whole
// error.
func deliveryError(err error) string {
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, errPrivateTarget):
		return errPrivateTarget.Error()
	case errors.As(err, &dns) && dns.IsNotFound:
		return "the host name does not resolve"
	case errors.As(err, &dns):
		return "the host name could not be resolved"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer within %v", webhookTimeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	var tlsErr *tls.CertificateVerificationError
	var rec tls.RecordHeaderError
	if errors.As(err, &tlsErr) || errors.As(err, &rec) {
		return "TLS handshake failed"
	}
	return "the connection failed"
}

// httpPost is the deliverer's post over a client.
func httpPost(c *http.Client) func(context.Context, string, http.Header, []byte) (int, error) {
	return func(ctx context.Context, url string, h http.Header, body []byte) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header = h.Clone()
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
}
