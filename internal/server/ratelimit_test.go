// Goal: requests are limited per valid token, failed authentications per
// client address (IP, not port; a trusted proxy's last hop when one is
// configured), both with 429 and Retry-After, in bounded memory. Method:
// the token buckets on testing/synctest's fake clock; the middleware
// through a real server, each request on a new connection (a new port).
package server

import (
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/access"
)

func TestLimiterRefillsOnTheClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(2, 3) // 2 per second, burst 3
		for i := range 3 {
			if _, ok := l.reserve("k", time.Now()); !ok {
				t.Fatalf("take %d refused within the burst", i)
			}
		}
		wait, ok := l.reserve("k", time.Now())
		if ok || wait != 500*time.Millisecond {
			t.Fatalf("over the burst: ok %v, wait %s; want a refusal for 500ms", ok, wait)
		}
		if w, empty := l.empty("k", time.Now()); !empty || w != 500*time.Millisecond {
			t.Fatalf("empty: %v %s", empty, w)
		}
		if retryAfter(wait) != "1" || retryAfter(1500*time.Millisecond) != "2" || retryAfter(0) != "1" {
			t.Fatalf("Retry-After rounds up to whole seconds, at least 1")
		}
		time.Sleep(wait)
		if _, empty := l.empty("k", time.Now()); empty {
			t.Fatal("still empty after the wait")
		}
		if _, ok := l.reserve("k", time.Now()); !ok {
			t.Fatal("refused after the wait")
		}
		if _, empty := l.empty("other", time.Now()); empty || l.size() != 1 {
			t.Fatal("empty() made or reported a bucket for an unseen key")
		}
	})
}

func TestLimiterMemoryIsBoundedAndEvictsFullBucketsFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(1, 2)
		l.max = 100
		for i := range 99 {
			l.reserve("old"+strconv.Itoa(i), time.Now())
		}
		time.Sleep(10 * time.Second) // the old buckets refill: as good as new
		l.reserve("victim", time.Now())
		l.reserve("victim", time.Now())
		for i := range 1000 {
			l.reserve("flood"+strconv.Itoa(i), time.Now())
			if l.size() > l.max {
				t.Fatalf("%d buckets after %d new keys, max %d", l.size(), i+1, l.max)
			}
		}
		// The drained bucket survived the first sweep (the full ones went),
		// so the victim is still limited rather than handed a fresh burst.
		l2 := newLimiter(1, 2)
		l2.max = 100
		for i := range 99 {
			l2.reserve("old"+strconv.Itoa(i), time.Now())
		}
		time.Sleep(10 * time.Second)
		l2.reserve("victim", time.Now())
		l2.reserve("victim", time.Now())
		l2.reserve("new", time.Now()) // the 101st key: a sweep
		if _, empty := l2.empty("victim", time.Now()); !empty {
			t.Fatal("the sweep evicted a drained bucket while full ones were there")
		}
		if l2.size() != 2 {
			t.Fatalf("%d buckets after the sweep, want the victim and the new key", l2.size())
		}
	})
}

func TestClientAddress(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"192.0.2.7:51234", "192.0.2.7"},
		{"192.0.2.7", "192.0.2.7"},
		{"[::ffff:192.0.2.7]:80", "192.0.2.7"},
		{"[2001:db8:1:2:aaaa::1]:443", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
		{"[2001:db8:1:3::1]", "2001:db8:1:3::/64"},
	} {
		a, ok := parseAddress(c.in)
		if !ok || clientBlock(a) != c.want {
			t.Errorf("%s: %v %v, want %s", c.in, ok, a, c.want)
		}
	}
	if _, ok := parseAddress("not an address"); ok {
		t.Error("parsed garbage")
	}
}

// fresh sends a request on a new connection (a new source port) and
// returns its status and Retry-After.
func (h *harness) fresh(path, token string, headers ...string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.ts.URL+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

func randomToken(t *testing.T) string {
	t.Helper()
	tok, _, err := access.NewToken(access.AdminSubject, "never stored")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestFailedAuthenticationIsLimitedPerAddress(t *testing.T) {
	h := newHarness(t, Config{AuthFailureLimit: 0.01, AuthFailureBurst: 3}, "alice")
	// The admin authenticates before the flood; alice's token does not.
	if st, _ := h.fresh("/v1/venues", h.admin); st != 200 {
		t.Fatalf("admin before the flood: %d", st)
	}
	// A missing, a malformed and an unknown token, each on a new
	// connection: three failures of one address.
	for i, tok := range []string{"", "not-a-token", randomToken(t)} {
		if st, _ := h.fresh("/v1/venues", tok); st != 401 {
			t.Fatalf("failure %d: %d, want 401", i, st)
		}
	}
	for i, tok := range []string{"", randomToken(t), h.tokens["alice"]} {
		st, ra := h.fresh("/v1/venues", tok)
		if st != 429 || ra != "100" {
			t.Fatalf("after the burst, request %d: %d Retry-After %q; want 429 after 100 s", i, st, ra)
		}
	}
	h.do("GET", "/v1/venues", randomToken(t), nil).problem(t, 429, CodeRateLimited)
	// A token that authenticated before goes on working.
	if st, _ := h.fresh("/v1/venues", h.admin); st != 200 {
		t.Fatalf("admin during the flood: %d", st)
	}
}

func TestTrustedProxyHeaderIsBelievedOnlyWhenConfiguredAndOnlyItsLastHop(t *testing.T) {
	const xff = "X-Forwarded-For"
	h := newHarness(t, Config{AuthFailureLimit: 0.01, AuthFailureBurst: 2, TrustedProxyHeader: "x-forwarded-for"})
	// The client wrote the first element; the proxy appended the last.
	for i := range 2 {
		if st, _ := h.fresh("/v1/venues", "", xff, "10.9.9."+strconv.Itoa(i)+", 198.51.100.1"); st != 401 {
			t.Fatalf("failure %d: %d", i, st)
		}
	}
	if st, _ := h.fresh("/v1/venues", "", xff, "10.9.9.9, 198.51.100.1"); st != 429 {
		t.Fatalf("a spoofed first hop bought a new budget: %d", st)
	}
	// Another line of the header: the last line is the proxy's.
	if st, _ := h.fresh("/v1/venues", "", xff, "198.51.100.1", xff, "198.51.100.2"); st != 401 {
		t.Fatalf("another client behind the proxy: %d, want 401", st)
	}
	// The proxy itself (no header) is a client of its own.
	if st, _ := h.fresh("/v1/venues", ""); st != 401 {
		t.Fatalf("direct request: %d", st)
	}

	// Without the setting the header is ignored: every request is 127.0.0.1.
	d := newHarness(t, Config{AuthFailureLimit: 0.01, AuthFailureBurst: 2})
	for i := range 2 {
		d.fresh("/v1/venues", "", xff, "198.51.100."+strconv.Itoa(i))
	}
	if st, _ := d.fresh("/v1/venues", "", xff, "198.51.100.77"); st != 429 {
		t.Fatalf("an untrusted header bought a new budget: %d", st)
	}
}

func TestValidTokenKeepsItsOwnBucketAcrossAddresses(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 0.01, RateBurst: 2, TrustedProxyHeader: "X-Real-IP"}, "alice")
	h.fresh("/v1/venues", h.tokens["alice"], "X-Real-IP", "198.51.100.1")
	h.fresh("/v1/venues", h.tokens["alice"], "X-Real-IP", "198.51.100.2")
	if st, ra := h.fresh("/v1/venues", h.tokens["alice"], "X-Real-IP", "198.51.100.3"); st != 429 || ra != "100" {
		t.Fatalf("third request of a token with burst 2: %d %q", st, ra)
	}
	if st, _ := h.fresh("/v1/venues", h.admin, "X-Real-IP", "198.51.100.3"); st != 200 {
		t.Fatalf("another token from the same address: %d", st)
	}
}
