package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

// Goal: the delivery log (GET /v1/accounts/{id}/webhooks/{hook}/deliveries,
// read by the account) tells why an attempt failed without telling the
// account what the server's network looks like. The raw dial error names
// the address a host name resolved to ("dial tcp 10.1.2.3:443: …"), so an
// account could subscribe internal names one by one and read the server's
// internal DNS back, and a resolver error names the server's resolver.
// Method: a real delivery to a loopback target through the production
// client (the dialer refuses it) logs the refusal without the address; a
// resolver failure, a timeout and a refused connection log their kind
// only.
func TestDeliveryLogDoesNotLeakTheNetwork(t *testing.T) {
	rows := make(chan store.DeliveryRow, webhookAttempts)
	d := newDeliverer(1, httpPost(webhookClient(false)), func(r store.DeliveryRow) { rows <- r },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.backoff = time.Millisecond
	defer d.close()
	d.enqueue(delivery{hook: store.WebhookRow{ID: "h", URL: "http://127.0.0.1:9/hook"}, secret: []byte("k"),
		eventID: "e1", body: []byte("{}")})
	r := <-rows
	if r.Error != errPrivateTarget.Error() {
		t.Errorf("a refused private target is logged as %q, want %q", r.Error, errPrivateTarget.Error())
	}
	wrap := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://internal.corp.example/x", Err: &net.OpError{Op: "dial", Net: "tcp",
			Addr: &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 443}, Err: err}}
	}
	for _, err := range []error{
		wrap(errPrivateTarget),
		wrap(errors.New("connect: connection refused")),
		&url.Error{Op: "Post", URL: "https://internal.corp.example/x", Err: &net.DNSError{Err: "no such host",
			Name: "internal.corp.example", Server: "10.0.0.2:53", IsNotFound: true}},
		&url.Error{Op: "Post", URL: "https://internal.corp.example/x", Err: &net.DNSError{Err: "server misbehaving",
			Name: "internal.corp.example", Server: "10.0.0.2:53"}},
		wrap(context.DeadlineExceeded),
	} {
		got := deliveryError(err)
		for _, leak := range []string{"10.1.2.3", "10.0.0.2", ":53", ":443"} {
			if strings.Contains(got, leak) {
				t.Errorf("%v is logged as %q, which names %s", err, got, leak)
			}
		}
		if got == "" {
			t.Errorf("%v is logged as no error", err)
		}
	}
}
