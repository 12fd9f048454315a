// Bearer-token authentication and authorisation. Every operation declares
// its access in Metadata["access"]: "token" (any valid token), "account"
// (the admin, or the account named by the {id} path parameter), "venue"
// (the admin, or the venue named by the {venue} path parameter), or
// "admin". No token is 401; a valid token without the right is 403.
package server

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/access"
)

// Access levels of operations.
const (
	accessToken   = "token"
	accessAccount = "account"
	accessAdmin   = "admin"
	accessVenue   = "venue"
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

// lookup returns the token's subject.
func (s *Server) lookup(ctx context.Context, token string) (access.Subject, bool, error) {
	if !access.WellFormed(token) {
		return access.Subject{}, false, nil
	}
	hash := access.Hash(token)
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

// authenticate is the huma middleware enforcing Metadata["access"].
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	level, _ := ctx.Operation().Metadata["access"].(string)
	if level == "" {
		next(ctx)
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
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="unimargin"`)
		s.writeErr(ctx, problemf(http.StatusUnauthorized, CodeUnauthenticated, "a bearer token is required (Authorization: Bearer <token>)"))
		return
	}
	sub, ok, err := s.lookup(ctx.Context(), token)
	if err != nil {
		s.writeErr(ctx, problemFor(err, ""))
		return
	}
	if !ok {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="unimargin", error="invalid_token"`)
		s.writeErr(ctx, problemf(http.StatusUnauthorized, CodeUnauthenticated, "unknown or malformed token"))
		return
	}
	if p := authorise(level, sub, ctx.Param); p != nil {
		s.writeErr(ctx, p)
		return
	}
	next(huma.WithValue(ctx, keySubject, sub))
}

// authorise applies an access level to a subject; param reads the
// operation's path parameters.
func authorise(level string, sub access.Subject, param func(string) string) *Problem {
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

// subjectOf returns the caller's subject (set by authenticate).
func subjectOf(ctx context.Context) (access.Subject, bool) {
	sub, ok := ctx.Value(keySubject).(access.Subject)
	return sub, ok
}

// writeErr writes a problem from a huma middleware.
func (s *Server) writeErr(ctx huma.Context, p *Problem) {
	s.finish(ctx.Context(), ctx.URL().Path, p)
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(p.Status)
	_ = writeJSONTo(ctx.BodyWriter(), p)
}
