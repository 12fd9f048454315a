package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
)

// served is a `unimargin serve` process under test.
type served struct {
	cmd    *exec.Cmd
	base   string
	admin  string
	tokens map[string]string // account → token
	nats   []string          // the embedded server's URL and worker seed file (the workers line)
	stderr *bytes.Buffer
	exited chan error
}

var (
	tokenLine     = regexp.MustCompile(`^token (admin|account=([A-Za-z0-9_.@-]+)) ([A-Za-z0-9_-]+)$`)
	dashboardLine = regexp.MustCompile(`^dashboard (http://[^/]+)/`)
	workersLine   = regexp.MustCompile(`^workers unimargin worker --nats (nats://\S+) --nats-nkey (\S+)$`)
)

// startServe runs the binary with args on a free port and reads its token
// lines up to the dashboard line.
func startServe(t *testing.T, dir string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, tokens: map[string]string{}, stderr: &bytes.Buffer{}, exited: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(60 * time.Second)
	for s.base == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("serve ended before the dashboard line; stderr:\n%s", s.stderr)
			}
			if m := tokenLine.FindStringSubmatch(line); m != nil {
				if m[1] == "admin" {
					s.admin = m[3]
				} else {
					s.tokens[m[2]] = m[3]
				}
			} else if m := dashboardLine.FindStringSubmatch(line); m != nil {
				s.base = m[1]
			} else if m := workersLine.FindStringSubmatch(line); m != nil {
				s.nats = m[1:]
			}
		case <-timeout:
			t.Fatalf("no dashboard line; stderr:\n%s", s.stderr)
		}
	}
	go func() { // keep stdout drained
		for range lines {
		}
	}()
	return s
}

func (s *served) get(t *testing.T, path, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// post sends a JSON body under an idempotency key.
func (s *served) post(t *testing.T, path, token, key, body string) (int, []byte) {
	t.Helper()
	return s.send(t, http.MethodPost, path, token, key, body)
}

// send sends a JSON body, under an idempotency key unless key is "".
func (s *served) send(t *testing.T, method, path, token, key, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// stop sends SIGTERM and waits for the exit status.
func (s *served) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.wait(t)
}

func (s *served) wait(t *testing.T) {
	t.Helper()
	select {
	case err := <-s.exited:
		if err != nil {
			t.Fatalf("serve exited with %v; stderr:\n%s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not exit after SIGTERM; stderr:\n%s", s.stderr)
	}
}

func TestServeDemoTokensAPIAndCleanExit(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--demo", "--replay-interval", "50ms")
	if s.admin == "" || len(s.tokens) < 8 {
		t.Fatalf("tokens: admin %q, %d accounts", s.admin, len(s.tokens))
	}
	if code, _ := s.get(t, "/readyz", ""); code != http.StatusOK {
		t.Fatalf("/readyz %d", code)
	}
	// An account token reads its own account and not another's.
	tok := s.tokens["treasury"]
	code, body := s.get(t, "/v1/accounts/treasury", tok)
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"treasury"`)) {
		t.Fatalf("GET /v1/accounts/treasury: %d %s", code, body)
	}
	if code, _ := s.get(t, "/v1/accounts/fund-a", tok); code != http.StatusForbidden {
		t.Fatalf("another account's state: %d, want 403", code)
	}
	// The demo lets an account deposit into its own account, within the
	// demo's caps, and not into another's.
	if code, body := s.post(t, "/v1/accounts/treasury/deposits", tok, "self-1", `{"asset": "USDC", "amount": "1000"}`); code != http.StatusOK {
		t.Fatalf("self-deposit on the demo: %d %s", code, body)
	}
	if code, body := s.post(t, "/v1/accounts/treasury/deposits", tok, "self-2", `{"asset": "WETH", "amount": "340000000000000"}`); code != http.StatusConflict || !bytes.Contains(body, []byte(`"cap_exceeded"`)) {
		t.Fatalf("an absurd self-deposit on the demo: %d %s", code, body)
	}
	if code, _ := s.post(t, "/v1/accounts/fund-a/deposits", tok, "other-1", `{"asset": "USDC", "amount": "1"}`); code != http.StatusForbidden {
		t.Fatalf("a deposit into another account: %d, want 403", code)
	}
	// The event stream follows the replay: the account's margins at two
	// different market times, and never another account's.
	asOf := readMargins(t, s.base+"/v1/events?access_token="+tok, "treasury", 2)
	if len(asOf) < 2 {
		t.Fatalf("margin events at %v", asOf)
	}
	// The replay moves the market: two reads see different as_of.
	waitMetric(t, s, "unimargin_accounts 9")
	// An open event stream does not hold the shutdown: it is closed, and
	// the process exits 0.
	resp, err := http.Get(s.base + "/v1/events?access_token=" + s.admin)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("event stream: %v", err)
	}
	defer resp.Body.Close()
	start := time.Now()
	s.stop(t)
	_, _ = io.Copy(io.Discard, resp.Body) // returns: the stream ended
	t.Logf("SIGTERM to exit with an open stream: %v", time.Since(start))
	if !strings.Contains(s.stderr.String(), "stopped") {
		t.Fatalf("no clean stop in the log:\n%s", s.stderr)
	}

	// A second start on the same data directory reseeds idempotently.
	again := startServe(t, dir, "--demo", "--local")
	if again.tokens["treasury"] == tok || again.tokens["treasury"] == "" {
		t.Fatal("a restart did not issue new tokens")
	}
	if code, _ := again.get(t, "/v1/events?access_token=bad", ""); code != http.StatusUnauthorized {
		t.Fatalf("bad token on the event stream: %d", code)
	}
	again.stop(t)
}

// Without --demo an account token may not credit deposits, even into its
// own account; --allow-self-deposit lets it, into its own account only. A
// custodian token credits any account either way.
func TestServeSelfDepositFlag(t *testing.T) {
	dir := t.TempDir()
	issue := func(subject string) string {
		var tok issuedToken
		decode(t, mustSucceed(t, "token", "issue", "--subject", subject, "--data-dir", dir, "--json"), &tok)
		return tok.Token
	}
	s := startServe(t, dir, "--local")
	alice, custodian := issue("account=alice"), issue("custodian")
	dep := `{"asset": "USDC", "amount": "10"}`
	if code, body := s.post(t, "/v1/accounts/alice/deposits", alice, "a1", dep); code != http.StatusForbidden || !bytes.Contains(body, []byte("--allow-self-deposit")) {
		t.Fatalf("self-deposit without the flag: %d %s", code, body)
	}
	if code, body := s.post(t, "/v1/accounts/alice/deposits", custodian, "c1", dep); code != http.StatusOK {
		t.Fatalf("custodian deposit: %d %s", code, body)
	}
	s.stop(t)
	s = startServe(t, dir, "--local", "--allow-self-deposit")
	if code, body := s.post(t, "/v1/accounts/alice/deposits", alice, "a1", dep); code != http.StatusOK {
		t.Fatalf("self-deposit with --allow-self-deposit: %d %s", code, body)
	}
	if code, _ := s.post(t, "/v1/accounts/bob/deposits", alice, "b1", dep); code != http.StatusForbidden {
		t.Fatalf("a deposit into another account: %d, want 403", code)
	}
	s.stop(t)
}

func TestServeFinishesAnInFlightRequestOnSIGTERM(t *testing.T) {
	s := startServe(t, t.TempDir(), "--admin-token")
	if s.admin == "" {
		t.Fatal("no admin token line")
	}
	body, _ := json.Marshal(map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON, "allow_stale": []byte("true")})
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/v1/margin", pr)
	req.Header.Set("Authorization", "Bearer "+s.admin)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(body))
	type answer struct {
		code int
		body []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- answer{code: resp.StatusCode, body: b}
	}()
	half := len(body) / 2
	if _, err := pw.Write(body[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request is in flight: headers read, body half sent
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := pw.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-done
	if a.err != nil || a.code != http.StatusOK || !bytes.Contains(a.body, []byte(`"unified"`)) {
		t.Fatalf("in-flight request: %v %d %.300s", a.err, a.code, a.body)
	}
	s.wait(t)
	// New connections are refused once it has stopped.
	if _, err := http.Get(s.base + "/healthz"); err == nil {
		t.Fatal("still serving after exit")
	}
}

// readMargins reads the stream until it has seen the account's margin at n
// distinct as_of times, failing on another account's event.
func readMargins(t *testing.T, url, account string, n int) map[string]bool {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/events: %d", resp.StatusCode)
	}
	seen := map[string]bool{}
	timer := time.AfterFunc(20*time.Second, func() { resp.Body.Close() })
	defer timer.Stop()
	sc := bufio.NewScanner(resp.Body)
	margin := false
	for len(seen) < n && sc.Scan() {
		line := sc.Text()
		switch {
		case line == "event: margin":
			margin = true
		case strings.HasPrefix(line, "data: ") && margin:
			var ev struct {
				Account string `json:"account"`
				AsOf    string `json:"as_of"`
			}
			if err := json.Unmarshal([]byte(line[6:]), &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Account != account {
				t.Fatalf("%s's stream carried %s's margin", account, ev.Account)
			}
			seen[ev.AsOf] = true
		case line == "":
			margin = false
		}
	}
	return seen
}

// metricValue reads an unlabelled metric from /metrics (0 when absent).
func metricValue(t *testing.T, s *served, name string) float64 {
	t.Helper()
	_, body := s.get(t, "/metrics", "")
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return 0
}

// waitMetric waits until /metrics has a line starting with want.
func waitMetric(t *testing.T, s *served, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body := s.get(t, "/metrics", "")
		for _, line := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(line, want) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no metric %q", want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeRemarginsThroughAnExternalNATS(t *testing.T) {
	e, err := cluster.StartEmbedded(context.Background(), "", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	seed := filepath.Join(t.TempDir(), "coordinator.nk")
	if err := e.WriteCoordinatorSeed(seed); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, t.TempDir(), "--demo", "--nats", e.URL(), "--nats-nkey", seed, "--replay-interval", "100ms")
	// Every demo account margined through the JetStream work queue, run after run.
	waitMetric(t, s, "unimargin_accounts 9")
	deadline := time.Now().Add(20 * time.Second)
	for runs := 0.0; runs < 3; runs = metricValue(t, s, "unimargin_remargin_seconds_count") {
		if time.Now().After(deadline) {
			t.Fatalf("%v re-margin runs through NATS", runs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop(t)
}

// Goal: serve --demo's embedded NATS admits no client without credentials,
// and a `unimargin worker` process joins with the seed file the workers
// line names; the seed is in no log and goes with the server. Method: the
// built binary, a NATS client of the test process, a worker process.
func TestServeDemoEmbeddedNATSAdmitsOnlyItsWorkers(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--demo", "--replay-interval", "100ms")
	if len(s.nats) != 2 {
		t.Fatal("no workers line")
	}
	url, seedFile := s.nats[0], s.nats[1]
	fi, err := os.Stat(seedFile)
	if err != nil || fi.Mode().Perm() != 0o600 || filepath.Base(seedFile) != "nats-worker.nk" {
		t.Fatalf("seed file %s: %v %v", seedFile, fi, err)
	}
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	if nc, err := nats.Connect(url, nats.Timeout(5*time.Second)); err == nil {
		nc.Close()
		t.Fatal("the embedded NATS admitted a client without credentials")
	}
	// Without the seed a worker is refused; with it, it joins and stays.
	if line := mustFail(t, 1, "worker", "--nats", url, "--data-dir", dir); !strings.Contains(strings.ToLower(line), "authorization") {
		t.Fatalf("worker without credentials: %q", line)
	}
	w := exec.Command(binary, "worker", "--nats", url, "--nats-nkey", seedFile, "--data-dir", dir, "--concurrency", "1")
	var out, stderr bytes.Buffer
	w.Stdout, w.Stderr = &out, &stderr
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Process.Kill()
	waited := make(chan error, 1)
	go func() { waited <- w.Wait() }()
	select {
	case err := <-waited:
		t.Fatalf("worker with the seed ended: %v\n%s", err, stderr.String())
	case <-time.After(2 * time.Second):
	}
	if err := w.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err != nil || !strings.Contains(out.String(), "worker stopped:") || stderr.Len() != 0 {
		t.Fatalf("worker after SIGTERM: %v\nstdout %s\nstderr %s", err, out.String(), stderr.String())
	}
	s.stop(t)
	if strings.Contains(s.stderr.String(), strings.TrimSpace(string(seed))) {
		t.Fatal("the worker seed is in serve's log")
	}
	if _, err := os.Stat(seedFile); !os.IsNotExist(err) {
		t.Fatalf("seed file left after exit: %v", err)
	}
}

// Goal: serve with stored webhook subscriptions and no key refuses to start
// with one line naming --webhook-key-file, as it does for a key file that
// is malformed or whose key does not open the stored secret; with the
// right key it starts (and seals the plaintext row, internal/server).
func TestServeWebhookKeyFile(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "unimargin.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "old", Account: "alice", URL: "https://hooks.example/a",
		Secret: "legacy-plaintext-secret", Created: time.Now()}, 5); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if line := serveRefused(t, "--data-dir", dir, "--local", "--addr", "127.0.0.1:0"); !strings.Contains(line, "--webhook-key-file") {
		t.Fatalf("start without a key: %s", line)
	}
	bad := writeFile(t, dir, "bad.keys", "k1 not-a-key\n")
	if line := serveRefused(t, "--data-dir", dir, "--local", "--addr", "127.0.0.1:0", "--webhook-key-file", bad); !strings.Contains(line, "--webhook-key-file") || !strings.Contains(line, "line 1") {
		t.Fatalf("malformed key file: %s", line)
	}
	key := func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return "k1:" + base64.StdEncoding.EncodeToString(b) + "\n"
	}
	good := writeFile(t, dir, "good.keys", key())
	s := startServe(t, dir, "--local", "--webhook-key-file", good)
	s.stop(t)
	other := writeFile(t, dir, "other.keys", key())
	if line := serveRefused(t, "--data-dir", dir, "--local", "--addr", "127.0.0.1:0", "--webhook-key-file", other); !strings.Contains(line, "--webhook-key-file") || !strings.Contains(line, "does not open") {
		t.Fatalf("wrong key: %s", line)
	}
}

// serveRefused runs serve expecting exit 1 and returns its last stderr line
// (serve logs the store it opened before it refuses).
func serveRefused(t *testing.T, args ...string) string {
	t.Helper()
	r := runCLI(t, "", append([]string{"serve"}, args...)...)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 {
		t.Fatalf("serve %v: exit %d, want 1: %s", args, r.code, r.stderr)
	}
	return lines[len(lines)-1]
}

// Goal: `serve --demo` restarted on its data directory keeps the webhook
// subscriptions made on it. Without --webhook-key-file the demo seals
// their secrets under a key it keeps in --data-dir (demo-webhook.key, mode
// 0600, made at the first start): an ephemeral key made the next start
// refuse the store ("does not open").
func TestServeDemoRestartKeepsWebhooks(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--demo", "--local", "--no-chain")
	tok := s.tokens["treasury"]
	if code, body := s.send(t, http.MethodPut, "/v1/accounts/treasury/webhooks/ops", tok, "",
		`{"url": "https://hooks.example.com/unimargin", "secret": "a-secret-of-20-bytes"}`); code != http.StatusOK {
		t.Fatalf("PUT webhook: %d %s", code, body)
	}
	s.stop(t)
	again := startServe(t, dir, "--demo", "--local", "--no-chain")
	code, body := again.get(t, "/v1/accounts/treasury/webhooks", again.tokens["treasury"])
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"ops"`)) {
		t.Fatalf("webhooks after a restart: %d %s", code, body)
	}
	again.stop(t)
	fi, err := os.Stat(filepath.Join(dir, "demo-webhook.key"))
	if err != nil {
		t.Fatalf("the demo's webhook key: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("demo-webhook.key mode %v, want 0600", fi.Mode().Perm())
	}
}

// Goal: a broken key file that serve --demo keeps for itself is named as
// what it is: the user never passed --webhook-key-file, so an error naming
// that flag sent them looking for an option they did not use. Method: make
// the demo's key file malformed, then a valid key that is not the one that
// sealed the stored subscription: each refusal names the file's path and
// what to do, and not the flag.
func TestServeDemoKeyFileErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "demo-webhook.key")
	writeFile(t, dir, "demo-webhook.key", "demo not-a-key\n")
	line := serveRefused(t, "--data-dir", dir, "--demo", "--local", "--no-chain", "--addr", "127.0.0.1:0")
	if !strings.Contains(line, file) || !strings.Contains(line, "line 1") || !strings.Contains(line, "put back") ||
		strings.Contains(line, "--webhook-key-file") {
		t.Fatalf("malformed demo key file: %s", line)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, dir, "--demo", "--local", "--no-chain")
	if code, body := s.send(t, http.MethodPut, "/v1/accounts/treasury/webhooks/ops", s.tokens["treasury"], "",
		`{"url": "https://hooks.example.com/unimargin", "secret": "a-secret-of-20-bytes"}`); code != http.StatusOK {
		t.Fatalf("PUT webhook: %d %s", code, body)
	}
	s.stop(t)
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	writeFile(t, dir, "demo-webhook.key", "demo:"+base64.StdEncoding.EncodeToString(b)+"\n")
	line = serveRefused(t, "--data-dir", dir, "--demo", "--local", "--no-chain", "--addr", "127.0.0.1:0")
	if !strings.Contains(line, file) || !strings.Contains(line, "does not open") || strings.Contains(line, "--webhook-key-file") {
		t.Fatalf("a demo key that does not open the stored secrets: %s", line)
	}
}

// TestServeRefusesNegativeHistoryRetention: a negative age bound is a
// usage error naming the flag, before anything is opened.
func TestServeRefusesNegativeHistoryRetention(t *testing.T) {
	line := mustFail(t, 1, "serve", "--data-dir", t.TempDir(), "--history-retention", "-1h")
	if !strings.Contains(line, "--history-retention") {
		t.Fatalf("refusal: %s", line)
	}
	// An age past 100 years overflowed the prune trigger (age + age/8 past
	// 2^63 ns: a trigger in the future, so every append ran the age
	// prune); a negative --history-keep was taken as 0 (no history); a
	// --gc-percent of 0 or below -1 (Go collects continuously or never)
	// or past 100,000 was applied as given.
	for _, c := range [][]string{{"--history-retention", "2562047h"}, {"--history-keep", "-5"},
		{"--gc-percent", "0"}, {"--gc-percent", "-2"}, {"--gc-percent", "100001"}} {
		line := mustFail(t, 1, append([]string{"serve", "--data-dir", t.TempDir()}, c...)...)
		if !strings.Contains(line, c[0]) {
			t.Errorf("%v: refusal %s, want it to name %s", c, line, c[0])
		}
	}
}
