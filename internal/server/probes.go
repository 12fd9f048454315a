// Liveness, readiness and metrics: plain handlers outside the /v1 API and
// outside auth, for orchestrators and Prometheus.
package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

func (s *Server) registerProbes() {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = writeJSONTo(w, map[string]string{"status": "ok", "version": s.cfg.Version})
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if !s.ready.Load() {
			s.writeProblem(w, r, problemf(http.StatusServiceUnavailable, CodeUnavailable, "shutting down"))
			return
		}
		if err := s.db.Ping(ctx); err != nil {
			s.writeProblem(w, r, problemFor(err, ""))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = writeJSONTo(w, map[string]string{"status": "ready"})
	})
	s.mux.Handle("GET /metrics", s.metrics.handler())
}

// writeJSONTo writes v as one JSON document and a newline.
func writeJSONTo(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
