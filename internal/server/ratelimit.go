// Per-token rate limiting: a token bucket per token hash (or per remote
// address for unauthenticated calls); over the limit is 429 with
// Retry-After, before any work is done.
package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"golang.org/x/time/rate"

	"github.com/unimargin/unimargin/internal/access"
)

type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	m     map[string]*rate.Limiter
}

func newLimiter(every rate.Limit, burst int) *limiter {
	return &limiter{every: every, burst: burst, m: map[string]*rate.Limiter{}}
}

// reserve takes one token from key's bucket; ok false says how long to wait.
func (l *limiter) reserve(key string, now time.Time) (wait time.Duration, ok bool) {
	l.mu.Lock()
	lim, found := l.m[key]
	if !found {
		if len(l.m) >= 100_000 { // bound memory: forget idle buckets wholesale
			l.m = map[string]*rate.Limiter{}
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[key] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// rateLimit is the huma middleware; it runs before authenticate, so a flood
// of bad tokens is limited too.
func (s *Server) rateLimit(ctx huma.Context, next func(huma.Context)) {
	key := ctx.RemoteAddr()
	if tok := bearer(ctx.Header("Authorization"), ctx.Query("access_token")); access.WellFormed(tok) {
		key = access.Hash(tok)
	}
	wait, ok := s.limits.reserve(key, time.Now())
	if !ok {
		ctx.SetHeader("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		s.metrics.rateLimited.Inc()
		s.writeErr(ctx, problemf(http.StatusTooManyRequests, CodeRateLimited, "rate limit exceeded; retry after "+wait.Round(time.Millisecond).String()))
		return
	}
	next(ctx)
}
