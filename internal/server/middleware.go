// The HTTP-level chain around every request: a request id, Cache-Control:
// no-store on the API, panic recovery, the body-size limit, the per-request
// timeout (event streams excepted) and one structured access-log line with
// the latency the metrics also record.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keySubject
)

// statusRecorder remembers the status a handler wrote; it passes Flush
// through so event streams keep working.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// streaming reports whether a request is a long-lived stream, exempt from
// the request timeout.
func streaming(r *http.Request) bool {
	return r.URL.Path == "/v1/events" || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// requestIDPattern is the client-chosen request id the server adopts: a
// 5xx repeats it and the log records it, so it is a token, not free text.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// outer wraps the mux in the HTTP-level chain.
func (s *Server) outer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			// API answers carry account data (or may, by token), fresh at each
			// request: no cache, shared or private, may keep them.
			w.Header().Set("Cache-Control", "no-store")
		}
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		if !streaming(r) {
			// The deadline bounds the computation too: long work checks
			// ctx and ends with 503 timeout (margin, previews, liquidation).
			var cancel context.CancelFunc
			ctx, cancel = s.deadline(ctx)
			defer cancel()
		}
		r = r.WithContext(ctx)
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", id, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					s.writeProblem(rec, r, problemf(http.StatusInternalServerError, CodeInternal, "panic"))
				}
			}
			elapsed := time.Since(start)
			s.metrics.observeRequest(r, rec.status, elapsed)
			s.log.LogAttrs(r.Context(), levelFor(rec.status), "request", slogAttrs(r, id, rec, elapsed)...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// writeProblem writes p outside huma (middleware, plain handlers).
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	s.finish(r.Context(), r.URL.Path, p)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
