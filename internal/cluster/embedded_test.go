// Goal: the embedded server admits only its own credentials, and the
// workers' credentials reach only what a worker needs: no subscription to
// every subject, to the results or to the coordinator's inboxes, no
// publishing work or JetStream API calls beyond the work consumer, while
// a worker with them, connecting over TCP with the seed file as `unimargin
// worker` does, still answers jobs. Method: a real embedded server; the
// server's permission errors arrive asynchronously, so each probe waits
// for its error on the connection's error handler.
package cluster

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

func TestEmbeddedRefusesClientsWithoutItsCredentials(t *testing.T) {
	e := embedded(t, "")
	if nc, err := nats.Connect(e.URL(), nats.Timeout(5*time.Second)); err == nil {
		nc.Close()
		t.Fatal("an unauthenticated client was admitted")
	} else if !errors.Is(err, nats.ErrAuthorization) {
		t.Fatalf("unauthenticated: %v, want an authorization violation", err)
	}
	stranger, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := stranger.PublicKey()
	if nc, err := nats.Connect(e.URL(), nats.Nkey(pub, stranger.Sign), nats.Timeout(5*time.Second)); err == nil {
		nc.Close()
		t.Fatal("a client with another nkey was admitted")
	}
}

// permissionErrors is a connection option collecting the server's
// permission violations.
func permissionErrors() (nats.Option, chan string) {
	ch := make(chan string, 100)
	return nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		if errors.Is(err, nats.ErrPermissionViolation) {
			ch <- err.Error()
		}
	}), ch
}

// refused waits for the violation naming subject.
func refused(t *testing.T, errs chan string, what, subject string) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case msg := <-errs:
			if strings.Contains(msg, `"`+subject+`"`) {
				return
			}
		case <-timeout:
			t.Fatalf("%s %q was not refused", what, subject)
		}
	}
}

func TestEmbeddedWorkerCredentialsReachOnlyTheWorkersSubjects(t *testing.T) {
	db, ids := sharedStore(t)
	e := embedded(t, "")
	seed := filepath.Join(t.TempDir(), "data", "nats-worker.nk")
	if err := e.WriteWorkerSeed(seed); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(seed); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("seed file: %v %v, want mode 0600", fi.Mode(), err)
	}
	if err := os.WriteFile(seed, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := e.WriteWorkerSeed(seed); err != nil { // replaces a stale file, and its mode
		t.Fatal(err)
	}
	if fi, _ := os.Stat(seed); fi.Mode().Perm() != 0o600 {
		t.Fatalf("rewritten seed file mode %v", fi.Mode())
	}
	auth, err := nats.NkeyOptionFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	// As `unimargin worker --nats URL --nats-nkey FILE` connects.
	dial := func(opts ...nats.Option) *nats.Conn {
		t.Helper()
		nc, err := Dial(e.URL(), "test-worker", append([]nats.Option{auth, WorkerInbox("")}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		return nc
	}
	opts := Options{Storage: e.Storage(), Stall: 20 * time.Second}
	js, err := NewJetStream(context.Background(), connect(t, e), opts)
	if err != nil {
		t.Fatal(err)
	}
	startWorker(t, &Worker{Conn: dial(), Source: db, Config: defaultConfig, Options: opts})

	onErr, errs := permissionErrors()
	spy := dial(onErr)
	seen := make(chan string, 1000)
	for _, subject := range []string{">", "unimargin.remargin.results.>", "_INBOX.>", "$JS.API.>"} {
		if _, err := spy.Subscribe(subject, func(m *nats.Msg) { seen <- m.Subject }); err != nil {
			t.Fatal(err)
		}
		refused(t, errs, "subscription to", subject)
	}
	for _, subject := range []string{"unimargin.remargin.work.forged", "$JS.API.STREAM.DELETE.UNIMARGIN_REMARGIN_RESULTS",
		"$JS.API.STREAM.UPDATE.UNIMARGIN_REMARGIN_WORK", "$JS.API.CONSUMER.CREATE.UNIMARGIN_REMARGIN_RESULTS.spy"} {
		if err := spy.Publish(subject, []byte("{}")); err != nil {
			t.Fatal(err)
		}
		refused(t, errs, "publish to", subject)
	}
	// The results stream cannot be read through the JetStream API either.
	sjs, err := jetstream.New(spy)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := sjs.OrderedConsumer(ctx, opts.withDefaultsMust(t).resultsStream(), jetstream.OrderedConsumerConfig{}); err == nil {
		t.Fatal("worker credentials created a consumer on the results stream")
	}

	// The worker with the same credentials answers a job; the spy sees none of it.
	got, err := collect(t, js, context.Background(), ids[:30])
	if err != nil || len(got) != 30 {
		t.Fatalf("%d results, %v", len(got), err)
	}
	select {
	case subject := <-seen:
		t.Fatalf("worker credentials received a message on %s", subject)
	case <-time.After(200 * time.Millisecond):
	}
}

func (o Options) withDefaultsMust(t *testing.T) Options {
	t.Helper()
	d, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDialErrorsNameTheServerWithoutCredentials(t *testing.T) {
	_, err := Dial("nats://worker:s3cret@127.0.0.1:1,nats://tok3n@127.0.0.1:2", "test", nats.Timeout(time.Second), nats.MaxReconnects(0))
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "tok3n") ||
		!strings.Contains(err.Error(), "nats://127.0.0.1:1") {
		t.Fatalf("dial error %v", err)
	}
}
