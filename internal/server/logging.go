// Access-log fields and levels: one line per request, warnings for client
// errors that suggest misuse, errors for server faults.
package server

import (
	"log/slog"
	"net/http"
	"time"
)

func levelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusTooManyRequests:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func slogAttrs(r *http.Request, id string, rec *statusRecorder, elapsed time.Duration) []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.Int("bytes", rec.bytes),
		slog.Float64("ms", float64(elapsed.Microseconds())/1000),
	}
}
