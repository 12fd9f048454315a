// The dashboard: one page and its modules (dashboard/), embedded in the
// binary and served at / and /assets/ without a token — the page asks for
// one and calls the /v1 API with it. GET /v1/session tells the page whose
// token it holds (an admin, or which account).
package server

import (
	"bytes"
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

//go:embed dashboard
var dashboardFiles embed.FS

// dashboardFS is the page's source tree, rooted at dashboard/.
var dashboardFS = func() fs.FS {
	sub, err := fs.Sub(dashboardFiles, "dashboard")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}()

// pageSecurity keeps the page self-contained: scripts, styles and data come
// only from this origin (no CDN, no external fonts); plots arrive as blobs.
const pageSecurity = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// pageHeaders sets the headers of every dashboard response. no-cache makes
// the browser revalidate, so a new binary's page is never mixed with an
// old one's modules.
func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		next.ServeHTTP(w, r)
	})
}

// noListing answers 404 for directories: the page's files are served, not
// listed.
func noListing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, "/index.html") {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// startTime stamps the embedded files for conditional requests.
var startTime = time.Now()

func (s *Server) registerDashboard() {
	index, err := fs.ReadFile(dashboardFS, "index.html")
	if err != nil {
		panic(err) // embedded at build time
	}
	s.mux.Handle("GET /{$}", pageHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", startTime, bytes.NewReader(index))
	})))
	s.mux.Handle("GET /assets/", pageHeaders(noListing(http.StripPrefix("/assets/", http.FileServerFS(dashboardFS)))))
	s.registerSession()
}

// Session is whose token the caller holds.
type Session struct {
	Subject string `json:"subject" doc:"\"admin\" or \"account=<id>\"."`
	Admin   bool   `json:"admin"`
	Account string `json:"account,omitempty" doc:"The account an account token may use."`
}

type sessionOutput struct {
	Body Session
}

// registerSession adds GET /v1/session: a token cannot be read by the page
// (only its hash is stored), so the page asks whose it is.
func (s *Server) registerSession() {
	huma.Register(s.api, huma.Operation{
		OperationID: "session", Method: http.MethodGet, Path: "/v1/session", Tags: []string{"auth"},
		Summary:  "Whose token this is: the admin or one account",
		Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429},
	}, func(ctx context.Context, _ *struct{}) (*sessionOutput, error) {
		sub, _ := subjectOf(ctx)
		return &sessionOutput{Body: Session{Subject: sub.String(), Admin: sub.Admin, Account: sub.Account}}, nil
	})
}
