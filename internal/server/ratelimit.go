// Rate limiting, in two kinds of token bucket (golang.org/x/time/rate):
//
//   - requests: one bucket per valid token (its hash), so a token's budget
//     does not depend on where it calls from; an operation without access
//     (none under /v1 today) takes from its client address's bucket;
//   - failed authentications (a missing, malformed or unknown token, DESIGN.md
//     "Service"): one bucket per client address, so neither new connections
//     nor fresh random tokens buy new attempts.
//
// Over either limit is 429 rate_limited with Retry-After (whole seconds,
// rounded up), before any work is done. The client address is the remote
// IP without its port (an IPv6 client by its /64, the block one host is
// usually given), or, when Config.TrustedProxyHeader names a header, the
// last element of that header: the hop the trusted proxy itself appended.
// Elements to its left were written by the client and are never believed.
// Each limiter holds at most limiterKeys buckets, so a flood of distinct
// addresses or tokens cannot grow memory without bound.
package server

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"golang.org/x/time/rate"
)

// limiterKeys bounds the buckets of one limiter (about 100 bytes each).
const limiterKeys = 100_000

// limiter is a set of token buckets by key.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	max   int // buckets kept at most; limiterKeys outside tests
	m     map[string]*rate.Limiter
}

func newLimiter(every rate.Limit, burst int) *limiter {
	return &limiter{every: every, burst: burst, max: limiterKeys, m: map[string]*rate.Limiter{}}
}

// bucket returns key's bucket, creating it (and making room) when absent.
// l.mu is held.
func (l *limiter) bucket(key string, now time.Time) *rate.Limiter {
	lim, ok := l.m[key]
	if !ok {
		if len(l.m) >= l.max {
			l.evict(now)
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[key] = lim
	}
	return lim
}

// evict makes room. A bucket that has refilled to its burst is the same as
// a new one, so dropping it changes nothing: those go first. If that frees
// less than a quarter, arbitrary buckets go too (a flood of more live keys
// than the limiter holds is forgiven a little rather than let memory grow);
// evicting down to three quarters keeps the sweep's cost amortised. l.mu is
// held.
func (l *limiter) evict(now time.Time) {
	for k, lim := range l.m {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) <= l.max*3/4 {
			break
		}
		delete(l.m, k)
	}
}

// reserve takes one token from key's bucket; ok false says how long to wait
// for one (and takes nothing).
func (l *limiter) reserve(key string, now time.Time) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.bucket(key, now).ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// empty reports whether key's bucket has no whole token now, and how long
// until it has one, without taking anything or creating a bucket.
func (l *limiter) empty(key string, now time.Time) (wait time.Duration, isEmpty bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[key]
	if !ok {
		return 0, false
	}
	tokens := lim.TokensAt(now)
	if tokens >= 1 {
		return 0, false
	}
	return time.Duration((1 - tokens) / float64(l.every) * float64(time.Second)), true
}

// size is the number of buckets held.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// addressKey is the limiter key of a client address ("ip:" keeps it apart
// from token hashes in the request limiter).
func addressKey(addr string) string { return "ip:" + addr }

// clientAddress is the address a request is limited by (package comment).
func (s *Server) clientAddress(ctx huma.Context) string {
	if name := s.cfg.TrustedProxyHeader; name != "" {
		var last string
		ctx.EachHeader(func(n, v string) {
			if strings.EqualFold(n, name) {
				last = v // the last line is the proxy's own
			}
		})
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = last[i+1:]
		}
		if a, ok := parseAddress(strings.TrimSpace(last)); ok {
			return clientBlock(a)
		}
	}
	if a, ok := parseAddress(ctx.RemoteAddr()); ok {
		return clientBlock(a)
	}
	return ctx.RemoteAddr()
}

// parseAddress reads "ip", "ip:port", "[ipv6]" or "[ipv6]:port".
func parseAddress(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	return a, err == nil
}

// clientBlock is the address an IPv4 client is limited by, or the /64 of
// an IPv6 one (a host usually holds a whole /64, so per address would let
// it pick a fresh one per request).
func clientBlock(a netip.Addr) string {
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := netip.AddrFrom16(a.As16()).Prefix(64)
	return p.String()
}

// take takes one token from key's bucket in l, or answers 429 with
// Retry-After and returns false.
func (s *Server) take(ctx huma.Context, l *limiter, key, what string) bool {
	wait, ok := l.reserve(key, time.Now())
	if !ok {
		s.tooMany(ctx, wait, what)
	}
	return ok
}

// tooMany writes 429 rate_limited with Retry-After.
func (s *Server) tooMany(ctx huma.Context, wait time.Duration, what string) {
	ctx.SetHeader("Retry-After", retryAfter(wait))
	s.metrics.rateLimited.Inc()
	s.writeErr(ctx, problemf(http.StatusTooManyRequests, CodeRateLimited,
		what+"; retry after "+wait.Round(time.Millisecond).String()))
}

// tooManyErr is tooMany for a handler: the 429 problem as an error that
// carries its Retry-After header.
func (s *Server) tooManyErr(wait time.Duration, what string) error {
	s.metrics.rateLimited.Inc()
	return huma.ErrorWithHeaders(problemf(http.StatusTooManyRequests, CodeRateLimited,
		what+"; retry after "+wait.Round(time.Second).String()), http.Header{"Retry-After": {retryAfter(wait)}})
}

// retryAfter is a Retry-After value: whole seconds, rounded up, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
