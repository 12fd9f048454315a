// Package server is unimargin's HTTP service: the /v1 API described by an
// OpenAPI 3.1 document generated from the code (huma), live margins over
// server-sent events, bearer-token auth, Prometheus metrics, health probes
// and the embedded dashboard. Domain work is delegated to margin, vault,
// liquidation and cascade; this package only translates HTTP.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"golang.org/x/time/rate"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// Config is what the service needs. Zero values take the defaults below.
type Config struct {
	Store      *store.DB
	Remarginer cluster.Remarginer // nil: cluster.Local over Store
	Logger     *slog.Logger       // nil: slog.Default()
	Version    string             // reported in the OpenAPI document and /healthz

	MaxBodyBytes   int64         // request body limit; default 8 MiB
	RequestTimeout time.Duration // per request, except event streams; default 30 s
	// BodyReadTimeout bounds reading a request's body (strict.go); the
	// connection's read deadline is cleared once it is read, so the work
	// after it is bounded by RequestTimeout alone. Default 5 s.
	BodyReadTimeout time.Duration
	RateLimit       rate.Limit // requests per second per token; default 200
	RateBurst       int        // default 400
	// AuthFailureLimit and AuthFailureBurst limit failed authentications
	// per client address (ratelimit.go); default 1 per second, burst 20.
	AuthFailureLimit rate.Limit
	AuthFailureBurst int
	// TrustedProxyHeader names a header (X-Forwarded-For) whose last
	// element is the client address, as the proxy in front appended it.
	// Empty (the default): the header is ignored and the remote address
	// is the client's. Set it only behind a proxy that appends to it.
	TrustedProxyHeader string
	// MaxStreams and MaxStreamsPerToken cap open event streams in all
	// and per token (events.go); defaults 1000 and 8.
	MaxStreams         int
	MaxStreamsPerToken int
	// MaxJobsPerSubject caps the jobs (cascade and backtest) one subject
	// (the admin, or one account) may have queued or running (jobs.go);
	// default 2.
	MaxJobsPerSubject int
	// MaxComputePerToken caps the analyses (compute.go) one token may
	// have in flight at once; one more is 429. Default 4.
	MaxComputePerToken int
	// DataDir holds cascade job outputs (plots, reports); "" uses a
	// temporary directory removed on Close. Job records and results are
	// in Store either way.
	DataDir string
	Cascade CascadeRunner // runs cascade jobs; nil: the built-in runner (jobs.go)
	// AllowSelfDeposit lets an account token deposit into its own account
	// (serve --demo, --allow-self-deposit); otherwise deposits are credited
	// only by admin and custodian tokens.
	AllowSelfDeposit bool
	// NoMemo turns off the report memo of POST /v1/margin (memo.go):
	// every request is computed, as a book never seen before would be
	// (serve --no-memo; loadtest measures the compiled path with it).
	// Parsed and compiled markets are still shared: they are keyed by
	// the market document, not by the book.
	NoMemo bool
	// HistoryKeep is how many margin history entries each account keeps
	// (history.go); 0: 1000; negative: history is not recorded.
	HistoryKeep int
	// HistoryMaxAge drops history entries older than this (serve
	// --history-retention), as well as those beyond HistoryKeep; 0: no age
	// bound. Pruning is batched (store.HistoryAgeSlack).
	HistoryMaxAge time.Duration
	// WebhookAllowPrivate lets webhooks target loopback, private and
	// link-local addresses (serve --webhook-allow-private); refused by
	// default, so a subscriber cannot make the server call its own
	// network (SSRF).
	WebhookAllowPrivate bool
	// WebhookKeys seal webhook secrets at rest (alert.Keyring; serve
	// --webhook-key-file, or --demo's key in its data dir). Without it the
	// server refuses new subscriptions, and New refuses a store that
	// holds any (ErrWebhookKeyRequired): it could neither sign with their
	// secrets nor keep them sealed.
	WebhookKeys *alert.Keyring
	// AlertKeep is how many alerts each account keeps (alerts.go); 0: 1000.
	AlertKeep int
}

func (c *Config) defaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 8 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.BodyReadTimeout <= 0 {
		c.BodyReadTimeout = 5 * time.Second
	}
	if c.RateLimit <= 0 {
		c.RateLimit = 200
	}
	if c.RateBurst <= 0 {
		c.RateBurst = 400
	}
	if c.AuthFailureLimit <= 0 {
		c.AuthFailureLimit = 1
	}
	if c.AuthFailureBurst <= 0 {
		c.AuthFailureBurst = 20
	}
	if c.MaxStreams <= 0 {
		c.MaxStreams = 1000
	}
	if c.MaxStreamsPerToken <= 0 {
		c.MaxStreamsPerToken = 8
	}
	if c.MaxJobsPerSubject <= 0 {
		c.MaxJobsPerSubject = 2
	}
	if c.MaxComputePerToken <= 0 {
		c.MaxComputePerToken = 4
	}
	if c.HistoryKeep == 0 {
		c.HistoryKeep = defaultHistoryKeep
	}
}

// Server is the service. Create it with New; it is safe for concurrent use.
type Server struct {
	cfg       Config
	log       *slog.Logger
	db        *store.DB
	mux       *http.ServeMux
	api       huma.API
	handler   http.Handler
	metrics   *metrics
	limits    *limiter   // requests, per token (or client address)
	computing *slots     // analyses in flight, per token (compute.go)
	failures  *limiter   // failed authentications, per client address
	grants    grantCache // per server: a grant is only good for the store it was read from
	remargin  cluster.Remarginer

	live   *live                             // event broker and re-margin loop (events.go)
	hooks  *deliverer                        // webhook deliveries (webhooks.go)
	chain  chainHolder                       // the on-chain master vault beside the ledger (onchain.go)
	params atomic.Pointer[margin.RiskParams] // governed risk parameters; nil: defaults
	gov    governState                       // the governed configuration (governance.go)
	ready  atomic.Bool
	// compiled keeps the stored market (and posted ones) compiled: every
	// account read and re-margin between ticks shares one compiled market.
	compiled *margin.CompileCache
	// defaults are margin.DefaultRiskParams, built once: parameters are
	// shared read-only, as the governed ones are (11 allocations a request).
	defaults *margin.RiskParams
	jobsErr  error // the job pool could not start (jobs.go); New returns it
	// backtest is the embedded history and reference books; refSummary the
	// reference books' coverage, computed once (backtest.go).
	backtest   backtestData
	refSummary referenceSummary
	// deadline gives a request its context: RequestTimeout from now (a
	// test replaces it to end a computation at a chosen point).
	deadline func(context.Context) (context.Context, context.CancelFunc)

	hooksMu       sync.Mutex
	marketHooks   []func(ctx context.Context)                 // run after the stored market or risk parameters change
	accountHooks  []func(ctx context.Context, account string) // run after an account's book or vault balances change
	shutdownHooks []func()                                    // run on Close, last registered first
}

// New builds the service on an open store.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	cfg.defaults()
	s := &Server{cfg: cfg, log: cfg.Logger, db: cfg.Store, mux: http.NewServeMux(), remargin: cfg.Remarginer,
		compiled: margin.NewCompileCache(8), defaults: margin.DefaultRiskParams()}
	s.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) {
		return context.WithTimeout(ctx, cfg.RequestTimeout)
	}
	if s.remargin == nil {
		s.remargin = &cluster.Local{Source: cfg.Store, Config: s.vaultConfig}
	}
	if err := s.loadParams(context.Background()); err != nil {
		return nil, err
	}
	if err := s.sealWebhookSecrets(context.Background()); err != nil { // alerts.go
		return nil, err
	}
	s.metrics = newMetrics(s)
	s.limits = newLimiter(cfg.RateLimit, cfg.RateBurst)
	s.computing = newSlots(cfg.MaxComputePerToken)
	s.failures = newLimiter(cfg.AuthFailureLimit, cfg.AuthFailureBurst)
	s.api = humago.New(s.mux, s.apiConfig())
	s.api.UseMiddleware(s.authenticate, s.strictInput, s.csvOutput) // csv.go: text/csv answers of report routes
	s.startDeliveries()
	s.routes()
	if s.jobsErr != nil {
		s.Close()
		return nil, s.jobsErr
	}
	s.handler = s.outer(s.apiRouting(s.mux))
	s.ready.Store(true)
	return s, nil
}

// apiConfig is huma's configuration: OpenAPI at /openapi.json, no CDN docs
// renderer (the local docs page is served by docs.go), no $schema links in
// bodies (so /v1/margin's body equals `margin --json`).
func (s *Server) apiConfig() huma.Config {
	c := huma.DefaultConfig("unimargin", s.cfg.Version)
	c.CreateHooks = nil
	c.DocsPath = ""
	c.SchemasPath = ""
	c.Info.Description = apiDescription
	c.Formats = map[string]huma.Format{"application/json": jsonFormat, "json": jsonFormat} // strict.go
	c.Transformers = append(c.Transformers, s.transformProblem)                            // errors.go: what a problem may say
	// strictInput reads every body under Config.BodyReadTimeout and clears
	// the deadline. Huma's own (5 s by default) would be set after that read
	// and never cleared: the connection's background read then fails at it
	// and net/http cancels the request's context, so every request with a
	// body ended 5 s in as "client gone" (503 unavailable), whatever
	// RequestTimeout said. -1 makes huma clear the deadline instead.
	c.OnAddOperation = append(c.OnAddOperation, func(_ *huma.OpenAPI, op *huma.Operation) { op.BodyReadTimeout = -1 })
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API token: `token admin …` or `token account=<id> …` as printed by `unimargin serve`."},
	}
	return c
}

const apiDescription = `The unimargin API: fragmented versus unified margin, the master vault and
its liens, liquidation previews, cascade simulations, and live margins as server-sent events.
Amounts are decimal strings in whole asset units; computed figures are USD numbers. Every error is
RFC 9457 application/problem+json with a stable ` + "`code`" + ` and, for bad input, the location of each
offending field.`

// routes registers every endpoint. Each group lives in its own file.
func (s *Server) routes() {
	s.registerProbes()
	s.registerMargin()
	s.registerStress()
	s.registerAccounts()
	s.registerVenues()
	s.registerMarket()
	s.registerEvents()
	s.registerJobs()
	s.registerBacktest()
	s.registerDashboard()
	s.registerGovernance()
	s.registerChain()
	s.registerHistory()
	s.registerLimits()
	s.registerAlerts()
	s.documentCSV()
}

// Handler is the service's HTTP handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.handler }

// API is the huma API (for the OpenAPI document).
func (s *Server) API() huma.API { return s.api }

// OnMarketChange registers f to run after every stored-market change.
func (s *Server) OnMarketChange(f func(ctx context.Context)) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.marketHooks = append(s.marketHooks, f)
}

// OnAccountChange registers f to run after an account's stored book, vault
// balances or liens change.
func (s *Server) OnAccountChange(f func(ctx context.Context, account string)) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.accountHooks = append(s.accountHooks, f)
}

// accountChanged runs the account hooks (its margin event).
func (s *Server) accountChanged(ctx context.Context, account string) {
	s.hooksMu.Lock()
	hooks := append([]func(context.Context, string){}, s.accountHooks...)
	s.hooksMu.Unlock()
	for _, f := range hooks {
		f(ctx, account)
	}
}

// onClose registers f to run when the server closes.
func (s *Server) onClose(f func()) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.shutdownHooks = append(s.shutdownHooks, f)
}

// marketChanged runs the market hooks (re-margin, events).
func (s *Server) marketChanged(ctx context.Context) {
	s.hooksMu.Lock()
	hooks := append([]func(context.Context){}, s.marketHooks...)
	s.hooksMu.Unlock()
	for _, f := range hooks {
		f(ctx)
	}
}

// Close stops background work (event streams, jobs, replay).
func (s *Server) Close() {
	s.ready.Store(false)
	s.hooksMu.Lock()
	hooks := s.shutdownHooks
	s.shutdownHooks = nil
	s.hooksMu.Unlock()
	for i := len(hooks) - 1; i >= 0; i-- {
		hooks[i]()
	}
}

// Serve serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets in-flight requests finish (up to grace), closes event
// streams, and returns nil on a clean drain.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace)
	s.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	// Event streams never end on their own: close them first so Shutdown
	// only waits for ordinary requests.
	s.Close()
	err := hs.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// vaultConfig is the configuration the vault rules run with now.
func (s *Server) vaultConfig() vault.Config {
	c := s.currentConfig()
	c.Compiled = s.compiled
	return c
}

// VaultConfig is vaultConfig for re-margin workers running in the same
// process (cluster.Worker's Config), so they follow PUT /v1/risk-params as
// the server does.
func (s *Server) VaultConfig() vault.Config { return s.vaultConfig() }

// riskParams returns the governed risk parameters (the defaults when none
// are set).
func (s *Server) riskParams() *margin.RiskParams {
	if p := s.params.Load(); p != nil {
		return p
	}
	return s.defaults
}
