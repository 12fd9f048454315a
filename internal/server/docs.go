// The local API docs: GET /docs serves an embedded page (docspage/, no CDN)
// that fetches /openapi.json and renders every operation, its parameters,
// request body, responses and the schemas they name. No token is needed to
// read the docs; the page calls nothing else.
package server

import (
	"bytes"
	"embed"
	"net/http"
)

//go:embed docspage
var docsFiles embed.FS

// docsAssets maps the page's URL paths to its embedded files.
var docsAssets = map[string]struct{ file, contentType string }{
	"/docs":          {"docspage/index.html", "text/html; charset=utf-8"},
	"/docs/docs.js":  {"docspage/docs.js", "text/javascript; charset=utf-8"},
	"/docs/docs.css": {"docspage/docs.css", "text/css; charset=utf-8"},
}

func (s *Server) registerDocs() {
	for path, a := range docsAssets {
		data, err := docsFiles.ReadFile(a.file)
		if err != nil {
			panic(err) // embedded at build time
		}
		name, ct := a.file, a.contentType
		s.mux.Handle("GET "+path, pageHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			http.ServeContent(w, r, name, startTime, bytes.NewReader(data))
		})))
	}
}
