// Requests under /v1 that no route takes: a path no route has is 404
// not_found, a path whose route does not take the method is 405
// method_not_allowed with the Allow header, both RFC 9457 problem+json
// like every other API error (the ServeMux alone answers them in plain
// text). Redirects the mux makes (a path to clean) pass through unchanged.
package server

import (
	"net/http"
	"strings"
)

// apiRouting wraps the mux: a /v1 request the mux has no pattern for is
// answered here as a problem.
func (s *Server) apiRouting(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1" && !strings.HasPrefix(r.URL.Path, "/v1/") {
			mux.ServeHTTP(w, r)
			return
		}
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// No pattern: the mux's 404, its 405 (which sets Allow) or a
		// redirect to the cleaned path. Its answer is recorded, not sent.
		rec := &headRecorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		w.Header().Set("Cache-Control", "no-store")
		switch rec.status {
		case http.StatusNotFound:
			s.writeProblem(w, r, problemf(http.StatusNotFound, CodeNotFound, "no route has this path (GET /openapi.json lists them)"))
		case http.StatusMethodNotAllowed:
			allow := rec.header.Get("Allow")
			w.Header().Set("Allow", allow)
			s.writeProblem(w, r, problemf(http.StatusMethodNotAllowed, CodeMethodNotAllowed,
				"this route does not take this method; it takes "+allow))
		default:
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.status)
			_, _ = w.Write(rec.body)
		}
	})
}

// headRecorder keeps what a handler wrote, to be answered otherwise.
type headRecorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *headRecorder) Header() http.Header { return r.header }

func (r *headRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *headRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if len(r.body) < 4096 {
		r.body = append(r.body, b...)
	}
	return len(b), nil
}
