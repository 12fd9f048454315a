// Bearer-token authentication and authorisation. Every operation declares
// its access in Metadata["access"]: "token" (any valid token), "account"
// (the admin, or the account named by the {id} path parameter), "credit"
// (an admin or custodian token for any {id}; the account's own token only
// when the server allows self-deposit), "venue" (the admin, or the venue
// named by the {venue} path parameter), or "admin". No valid token is 401
// (429 once the client address has failed too often, ratelimit.go); a
// valid token without the right is 403.
package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/access"
)

// Access levels of operations.
const (
	accessToken   = "token"
	accessAccount = "account"
	accessAdmin   = "admin"
	accessVenue   = "venue"
	accessCredit  = "credit"
)

// grantCache keeps grants already seen: grants never change once stored,
// so a hit needs no database round trip. Misses are not cached, so a flood
// of bad tokens cannot grow it.
type grantCache struct {
	mu sync.RWMutex
	m  map[string]access.Grant
}

func (c *grantCache) get(hash string) (access.Grant, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	g, ok := c.m[hash]
	return g, ok
}

func (c *grantCache) put(g access.Grant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 100_000 {
		c.m = map[string]access.Grant{}
	}
	c.m[g.Hash] = g
}

// queryTokenOps are the operations that take the token as the access_token
// query parameter: only the event stream, because EventSource cannot set
// headers. Elsewhere a token in the URL (which logs, proxies and browser
// history keep) is refused, even beside a valid header.
var queryTokenOps = map[string]bool{"events": true}

// bearer extracts the token of an Authorization header, or of the
// access_token query parameter where the operation takes it.
func bearer(header, query string) string {
	if t, ok := strings.CutPrefix(header, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return query
}

// tokenHashKey is the context key of the caller's token hash (set by
// authenticate beside the subject), for limits kept per token.
type tokenHashKey struct{}

// lookup returns the subject of the token with this hash.
func (s *Server) lookup(ctx context.Context, hash string) (access.Subject, bool, error) {
	if g, ok := s.grants.get(hash); ok {
		return g.Subject, true, nil
	}
	g, ok, err := s.db.Grant(ctx, hash)
	if err != nil || !ok {
		return access.Subject{}, false, err
	}
	s.grants.put(g)
	return g.Subject, true, nil
}

// authenticate is the huma middleware enforcing Metadata["access"] and the
// rate limits (ratelimit.go). A failed authentication takes from its client
// address's failure bucket: 401 while it lasts, 429 after. While that
// bucket is empty, a token not already in the grant cache is refused with
// 429 unread, so a flood of guesses costs no store round trip; a token
// that authenticated before goes on working from the same address (behind
// a NAT shared with the flood). A valid token then takes from its own
// request bucket.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	level, _ := ctx.Operation().Metadata["access"].(string)
	addr := s.clientAddress(ctx)
	if level == "" {
		if s.take(ctx, s.limits, addressKey(addr), "rate limit exceeded") {
			next(ctx)
		}
		return
	}
	query := ctx.Query("access_token")
	if query != "" && !queryTokenOps[ctx.Operation().OperationID] {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="unimargin", error="invalid_request"`)
		s.writeErr(ctx, problemf(http.StatusUnauthorized, CodeUnauthenticated,
			"access_token is accepted on GET /v1/events only; send the token as Authorization: Bearer <token>",
			&ProblemField{Location: "query.access_token", Message: "not accepted on this route"}))
		return
	}
	token := bearer(ctx.Header("Authorization"), query)
	if token == "" {
		s.authFailed(ctx, addr, `Bearer realm="unimargin"`, "a bearer token is required (Authorization: Bearer <token>)")
		return
	}
	if !access.WellFormed(token) {
		s.authFailed(ctx, addr, `Bearer realm="unimargin", error="invalid_token"`, "unknown or malformed token")
		return
	}
	hash := access.Hash(token)
	if _, cached := s.grants.get(hash); !cached {
		if wait, empty := s.failures.empty(addr, time.Now()); empty {
			s.tooMany(ctx, wait, "too many failed authentications from this address")
			return
		}
	}
	sub, ok, err := s.lookup(ctx.Context(), hash)
	if err != nil {
		s.writeErr(ctx, problemFor(err, ""))
		return
	}
	if !ok {
		s.authFailed(ctx, addr, `Bearer realm="unimargin", error="invalid_token"`, "unknown or malformed token")
		return
	}
	if !s.take(ctx, s.limits, hash, "rate limit exceeded") {
		return
	}
	if p := s.authorise(level, sub, ctx.Param); p != nil {
		s.writeErr(ctx, p)
		return
	}
	if ctx.Operation().Metadata[metaCompute] == true {
		if !s.computing.acquire(hash) {
			s.tooMany(ctx, time.Second, "too many analyses in flight for this token")
			return
		}
		defer s.computing.release(hash)
	}
	next(huma.WithValue(huma.WithValue(ctx, keySubject, sub), tokenHashKey{}, hash))
}

// authFailed answers a failed authentication: 401 with WWW-Authenticate
// while the address's failure bucket lasts, 429 with Retry-After after.
func (s *Server) authFailed(ctx huma.Context, addr, challenge, detail string) {
	if !s.take(ctx, s.failures, addr, "too many failed authentications from this address") {
		return
	}
	ctx.SetHeader("WWW-Authenticate", challenge)
	s.writeErr(ctx, problemf(http.StatusUnauthorized, CodeUnauthenticated, detail))
}

// authorise applies an access level to a subject; param reads the
// operation's path parameters.
func (s *Server) authorise(level string, sub access.Subject, param func(string) string) *Problem {
	switch level {
	case accessToken:
		return nil
	case accessAccount:
		if sub.CanRead(param("id")) {
			return nil
		}
		if sub.Account == "" {
			return problemf(http.StatusForbidden, CodeForbidden, "this token ("+sub.String()+") may not use account routes")
		}
		return problemf(http.StatusForbidden, CodeForbidden, "this token may only use account "+sub.Account)
	case accessCredit:
		return s.authoriseCredit(sub, param("id"))
	case accessVenue:
		if sub.ActsFor(param("venue")) {
			return nil
		}
		return problemf(http.StatusForbidden, CodeForbidden, "only the venue holding the lien, or an admin, may use this route")
	case accessAdmin:
		if sub.Admin {
			return nil
		}
		return problemf(http.StatusForbidden, CodeForbidden, "an admin token is required")
	}
	return problemf(http.StatusInternalServerError, CodeInternal, "operation has unknown access level "+level)
}

// authoriseCredit decides who may credit a deposit to account (DESIGN.md,
// Collateral layer): an admin or custodian token, or the account's own
// token when the server allows self-deposit (serve --demo,
// --allow-self-deposit).
func (s *Server) authoriseCredit(sub access.Subject, account string) *Problem {
	own := sub.Account != "" && sub.Account == account
	if sub.CanCredit() || own && s.cfg.AllowSelfDeposit {
		return nil
	}
	if own {
		return problemf(http.StatusForbidden, CodeForbidden, "an account token may not credit deposits on this server: "+
			"deposits are credited by an admin or custodian token (serve --allow-self-deposit lets an account deposit into its own account)")
	}
	if sub.Account != "" && s.cfg.AllowSelfDeposit {
		return problemf(http.StatusForbidden, CodeForbidden, "this token may only deposit into account "+sub.Account)
	}
	return problemf(http.StatusForbidden, CodeForbidden, "only an admin or custodian token may credit a deposit to account "+account)
}

// subjectOf returns the caller's subject (set by authenticate).
func subjectOf(ctx context.Context) (access.Subject, bool) {
	sub, ok := ctx.Value(keySubject).(access.Subject)
	return sub, ok
}

// tokenHashOf returns the hash of the caller's token (set by authenticate).
func tokenHashOf(ctx context.Context) string {
	h, _ := ctx.Value(tokenHashKey{}).(string)
	return h
}

// writeErr writes a problem from a huma middleware.
func (s *Server) writeErr(ctx huma.Context, p *Problem) {
	s.finish(ctx.Context(), ctx.URL().Path, p)
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(p.Status)
	_ = writeJSONTo(ctx.BodyWriter(), p)
}
