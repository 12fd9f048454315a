// serve: the HTTP service (internal/server) on a store, until SIGTERM or
// SIGINT, then a graceful drain and exit 0. --demo seeds the store with the
// demo accounts, prints their tokens and replays the 19 May 2021 crash so
// margins move. Tokens and URLs go to stdout as they are known (not at the
// end, like other commands' output); logs go to stderr. The embedded NATS
// server of --demo admits only credentials made at start: the line
// `workers unimargin worker --nats URL --nats-nkey FILE` names the file
// (mode 0600, under --data-dir, removed at exit) holding the workers' seed;
// the seed itself is never printed or logged.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/postgres"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

type serveCmd struct {
	Demo           bool          `help:"Seed the store with the demo accounts, print a token for each and replay the 19 May 2021 crash on the demo market."`
	Addr           string        `help:"Listen address (port 0: a free port, printed)." default:"127.0.0.1:8080"`
	DB             string        `name:"db" env:"UNIMARGIN_DB" help:"Store: a SQLite path (or sqlite:PATH) or postgres://… (default: unimargin.db under --data-dir)." placeholder:"DSN"`
	DataDir        string        `name:"data-dir" env:"UNIMARGIN_DATA_DIR" default:".unimargin" help:"Directory of the default SQLite store and of cascade job outputs: .unimargin in the working directory by default, as for the other store commands (created when absent)." placeholder:"DIR"`
	ReplayInterval time.Duration `help:"--demo: wall time per hour of the replayed price path." default:"2s"`
	NoChain        bool          `name:"no-chain" help:"--demo: do not deploy the master vault on a simulated chain in this process (by default it is deployed in the background and mirrors the seeded store, for the dashboard's ledger-and-chain panel)."`
	NATS           string        `name:"nats" env:"UNIMARGIN_NATS" help:"Re-margin through NATS JetStream at this URL (workers: unimargin worker --nats URL); --demo without it starts an embedded JetStream, which only its own workers may join (see the workers line)." placeholder:"URL"`
	NATSNkey       string        `name:"nats-nkey" env:"UNIMARGIN_NATS_NKEY" help:"With --nats: an nkey seed file to authenticate with." placeholder:"FILE"`
	Local          bool          `help:"Re-margin in this process (cluster.Local) even with --demo."`
	AdminToken     bool          `help:"Issue and print an admin token at start (always with --demo)."`
	SelfDeposit    bool          `name:"allow-self-deposit" help:"Let an account token deposit into its own account (always with --demo); otherwise only admin and custodian tokens credit deposits."`
	Grace          time.Duration `help:"How long a shutdown waits for in-flight requests." default:"20s"`
	RequestTimeout time.Duration `help:"Per-request timeout (event streams excepted)." default:"30s"`
	RateLimit      float64       `help:"Requests per second per token (burst: twice as many)." default:"200"`
	HistoryKeep    int           `name:"history-keep" default:"1000" help:"Margin history entries kept per account (GET /v1/accounts/{id}/history); 0: record no history."`
	HistoryAge     time.Duration `name:"history-retention" default:"0s" help:"Drop margin history entries older than this (e.g. 720h), besides --history-keep's bound; 0: no age bound." placeholder:"AGE"`
	WebhookKeyFile string        `name:"webhook-key-file" env:"UNIMARGIN_WEBHOOK_KEY_FILE" help:"Keys sealing webhook secrets at rest (AES-256-GCM): lines ID:BASE64 of 32 random bytes, the first sealing, the others only opening (rotation). Required once subscriptions exist; --demo without it keeps its key in --data-dir (demo-webhook.key, 0600)." placeholder:"FILE"`
	WebhookPrivate bool          `name:"webhook-allow-private" help:"Let alert webhooks target loopback, private and link-local addresses (refused by default: SSRF)."`
	NoMemo         bool          `name:"no-memo" help:"Compute every POST /v1/margin instead of answering a request identical to a recent one from the report memo (for measuring; parsed and compiled markets are still shared)."`
	TrustedProxy   string        `name:"trusted-proxy-header" help:"Behind a reverse proxy: the header whose last element is the client address the proxy appended (X-Forwarded-For, X-Real-IP). Failed authentications are limited per client address; without this flag the header is ignored and the address is the connection's." placeholder:"HEADER"`
	MaxStreams     int           `help:"Open event streams (GET /v1/events) at most, in all; one more is 429." default:"1000"`
	MaxStreamsTok  int           `name:"max-streams-per-token" help:"Open event streams at most per token; one more is 429." default:"8"`
	MaxJobs        int           `name:"max-jobs-per-subject" help:"Jobs (cascade and backtest) queued or running at most per subject (the admin, or one account); one more is 429." default:"2"`
	MaxCompute     int           `name:"max-compute-per-token" help:"Analyses (margin, VaR, scenarios, reverse stress, what-if, liquidation preview, explain, an account's state, report and hedges, storing a book) in flight at most per token; one more is 429." default:"4"`
	LogFormat      string        `help:"Log format on stderr." enum:"text,json" default:"text"`
	LogLevel       string        `help:"Log level." enum:"debug,info,warn,error" default:"info"`
	GCPercent      int           `name:"gc-percent" default:"400" help:"The garbage collector's target (GOGC: the heap grows to 1 + N/100 times what is live before a collection; -1: never collect). The default trades memory for fewer collections: margin requests allocate ~130 KB each (docs/SCALING.md, the service). A GOGC environment variable, when set, wins." placeholder:"N"`
}

// serveGCPercent is serve --gc-percent's default (its tag says it again;
// TestServeGCPercentDefault holds them equal). Measured on the open-loop
// load (docs/SCALING.md, the service): 400 collects ~4.5 times less often
// than Go's 100, for ~8% less CPU a request, with the heap up to ~5 times
// what is live.
const serveGCPercent = 400

// maxGCPercent bounds --gc-percent: a heap 1,000 times what is live is
// no tuning any more, only a slower way to run out of memory.
const maxGCPercent = 100_000

// setServeGC sets the collector's target to percent (serve --gc-percent)
// unless the GOGC environment variable is set, which then stays in force.
// loadtest --serve-demo runs its server under serve's default.
func setServeGC(percent int) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(percent)
	}
}

// Where serve writes; tests replace them.
var (
	serveStdout io.Writer = os.Stdout
	serveStderr io.Writer = os.Stderr
)

func (c *serveCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return c.serve(ctx, serveStdout, serveStderr)
}

// demoWebhookKeyFile is the key file --demo uses without --webhook-key-file,
// under --data-dir: made at the demo's first start (mode 0600) and read at
// every later one, so the subscriptions made on a demo survive its restart
// on the same data directory (the key sits beside the demo's store: a demo
// is not where secrets need sealing against a copy of the store).
const demoWebhookKeyFile = "demo-webhook.key"

// webhookKeys reads --webhook-key-file; --demo without it reads (or first
// makes) demoWebhookKeyFile.
func (c *serveCmd) webhookKeys() (*alert.Keyring, error) {
	file := c.webhookKeyFile()
	if file == "" {
		return nil, nil
	}
	if c.WebhookKeyFile == "" {
		if err := makeKeyFile(file); err != nil {
			return nil, fmt.Errorf("%w: the demo's webhook key %s: %v", errInternal, file, err)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, c.webhookKeyError(file, errors.Unwrap(err).Error())
	}
	keys, err := alert.ParseKeyring(data)
	if err != nil {
		return nil, c.webhookKeyError(file, err.Error())
	}
	return keys, nil
}

// webhookKeyFile is the file the webhook keys come from: --webhook-key-file,
// or --demo's own under --data-dir; "" for none.
func (c *serveCmd) webhookKeyFile() string {
	if c.WebhookKeyFile == "" && c.Demo {
		return filepath.Join(c.DataDir, demoWebhookKeyFile)
	}
	return c.WebhookKeyFile
}

// webhookKeyError is the usage error of a webhook key file that could not
// be read, or whose keys do not open the stored secrets: it names the flag
// the user passed, or, for the key serve --demo keeps on its own, the file
// and what to do (the user never named --webhook-key-file).
func (c *serveCmd) webhookKeyError(file, problem string) error {
	if c.WebhookKeyFile != "" {
		return usagef("--webhook-key-file %s: %s", file, problem)
	}
	return usagef("%s: %s (the webhook key serve --demo keeps beside its store): put back the file that sealed "+
		"the stored webhook secrets, or remove it for a new key if no webhook is subscribed, or start the demo on "+
		"another --data-dir", file, problem)
}

// webhookKeyProblem is why the stored webhook secrets did not open
// (server.ErrWebhookKey), without the flag's name that error begins with.
func webhookKeyProblem(err error) string {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			if !errors.Is(e, server.ErrWebhookKey) {
				return e.Error()
			}
		}
	}
	return err.Error()
}

// makeKeyFile writes a new key line (alert.NewKeyLine) to path, mode 0600,
// unless path exists.
func makeKeyFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	line, err := alert.NewKeyLine("demo", rand.Reader)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(line)
	return errors.Join(err, f.Close())
}

// serve runs the service until ctx ends.
func (c *serveCmd) serve(ctx context.Context, stdout, stderr io.Writer) error {
	if c.ReplayInterval <= 0 || c.RateLimit <= 0 || c.RequestTimeout <= 0 || c.Grace <= 0 {
		return usagef("--replay-interval, --rate-limit, --request-timeout and --grace must be > 0")
	}
	if c.MaxStreams <= 0 || c.MaxStreamsTok <= 0 || c.MaxJobs <= 0 || c.MaxCompute <= 0 {
		return usagef("--max-streams, --max-streams-per-token, --max-jobs-per-subject and --max-compute-per-token must be > 0")
	}
	if c.HistoryAge < 0 || c.HistoryAge > maxHistoryAge {
		return usagef("--history-retention %s: must be 0 (no age bound) to %s (100 years)", c.HistoryAge, maxHistoryAge)
	}
	if c.HistoryKeep < 0 {
		return usagef("--history-keep %d: must be ≥ 0 (0: record no history)", c.HistoryKeep)
	}
	if c.GCPercent != -1 && (c.GCPercent < 1 || c.GCPercent > maxGCPercent) {
		return usagef("--gc-percent %d: want 1 to %d, or -1 (never collect; then set GOMEMLIMIT)", c.GCPercent, maxGCPercent)
	}
	setServeGC(c.GCPercent)
	log := c.logger(stderr)
	db, where, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("store", "db", where)
	var accounts []string
	if c.Demo {
		if accounts, err = server.SeedDemo(ctx, db); err != nil {
			return fmt.Errorf("%w: %v", errInternal, err)
		}
	}
	keys, err := c.webhookKeys()
	if err != nil {
		return err
	}
	cl, err := c.remarginer(ctx, log)
	if err != nil {
		return err
	}
	defer cl.stop()
	if cl.emb != nil {
		fmt.Fprintf(stdout, "workers unimargin worker --nats %s --nats-nkey %s\n", cl.emb.URL(), cl.seed)
	}
	srv, err := server.New(server.Config{Store: db, Remarginer: cl.js, Logger: log, Version: version(),
		DataDir: filepath.Join(c.DataDir, "jobs"), RequestTimeout: c.RequestTimeout,
		RateLimit: rate.Limit(c.RateLimit), RateBurst: int(2 * c.RateLimit), AllowSelfDeposit: c.SelfDeposit || c.Demo,
		TrustedProxyHeader: c.TrustedProxy, NoMemo: c.NoMemo, HistoryKeep: historyKeep(c.HistoryKeep),
		HistoryMaxAge:       c.HistoryAge,
		WebhookAllowPrivate: c.WebhookPrivate, WebhookKeys: keys,
		MaxStreams: c.MaxStreams, MaxStreamsPerToken: c.MaxStreamsTok, MaxJobsPerSubject: c.MaxJobs,
		MaxComputePerToken: c.MaxCompute})
	if errors.Is(err, server.ErrWebhookKey) {
		return c.webhookKeyError(c.webhookKeyFile(), webhookKeyProblem(err))
	}
	if errors.Is(err, server.ErrWebhookKeyRequired) {
		return usagef("%v", err)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	cl.startWorker(db, srv.VaultConfig)
	if c.SelfDeposit || c.Demo {
		log.Info("self-deposit: account tokens may deposit into their own accounts, within the deposit caps")
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		srv.Close()
		return usagef("--addr %s: %v", c.Addr, err)
	}
	base := "http://" + ln.Addr().String()
	if err := c.printTokens(ctx, db, stdout, base, accounts); err != nil {
		ln.Close()
		srv.Close()
		return err
	}
	if c.Demo {
		path, err := server.LoadReplayPath()
		if err != nil {
			ln.Close()
			srv.Close()
			return fmt.Errorf("%w: %v", errInternal, err)
		}
		if !c.NoChain {
			// In the background: start-up does not wait for the deployment.
			srv.StartChainMirror(10 * time.Minute)
		}
		srv.StartReplay(path, c.ReplayInterval)
		log.Info("replaying", "path", path.Name, "hours", len(path.ETH), "per_hour", c.ReplayInterval)
	}
	log.Info("listening", "url", base, "docs", base+"/docs", "metrics", base+"/metrics")
	if err := srv.Serve(ctx, ln, c.Grace); err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	log.Info("stopped")
	return nil
}

func (c *serveCmd) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens --db, or the SQLite file under --data-dir (created).
func (c *serveCmd) openStore(ctx context.Context) (*store.DB, string, error) {
	dsn := c.DB
	var db *store.DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = postgres.Open(ctx, dsn)
		dsn = "postgres"
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
				return nil, "", usagef("--data-dir %s: %v", c.DataDir, err)
			}
			path = filepath.Join(c.DataDir, "unimargin.db")
		}
		if abs, e := filepath.Abs(path); e == nil {
			path = abs
		}
		db, err = sqlite.Open(ctx, path)
		dsn = path
	}
	if err != nil {
		return nil, "", fmt.Errorf("%w: opening the store: %v", errInternal, err)
	}
	return db, dsn, nil
}

// clusterRun is the JetStream side of re-margining: the coordinator the
// server uses, the in-process worker and what to shut down.
type clusterRun struct {
	js         cluster.Remarginer // nil: server.New's default, cluster.Local
	nc         *cluster.Conn      // the coordinator's connection
	wc         *cluster.Conn      // the in-process worker's (nc, but for the embedded server)
	emb        *cluster.Embedded
	seed       string // the embedded server's worker seed file, removed on stop
	opts       cluster.Options
	log        *slog.Logger
	stopWorker func()
}

// remarginer picks how market changes re-margin the accounts: NATS
// JetStream at --nats, an embedded JetStream with --demo, else in process.
// With JetStream one worker runs in this process (startWorker), so nothing
// else is needed; `unimargin worker` processes on the same NATS add capacity.
func (c *serveCmd) remarginer(ctx context.Context, log *slog.Logger) (*clusterRun, error) {
	r := &clusterRun{log: log, stopWorker: func() {}}
	if c.Local || (c.NATS == "" && !c.Demo) {
		return r, nil
	}
	var err error
	if c.NATS != "" {
		auth, err := cluster.NkeyOption(c.NATSNkey)
		if err != nil {
			return nil, usagef("--nats-nkey: %v", err)
		}
		if r.nc, err = cluster.Dial(c.NATS, "unimargin-serve", auth...); err != nil {
			return nil, usagef("--nats: %v", err)
		}
		r.wc = r.nc
	} else {
		if r.emb, err = cluster.StartEmbedded(ctx, "", r.opts); err != nil {
			return nil, fmt.Errorf("%w: %v", errInternal, err)
		}
		r.opts.Storage = r.emb.Storage()
		if err := r.connectEmbedded(c.DataDir); err != nil {
			r.stop()
			return nil, fmt.Errorf("%w: %v", errInternal, err)
		}
		log.Info("embedded NATS JetStream", "url", r.emb.URL(), "worker_nkey", r.seed,
			"workers", "unimargin worker --nats "+r.emb.URL()+" --nats-nkey "+r.seed)
	}
	js, err := cluster.NewJetStream(ctx, r.nc, r.opts)
	if err != nil {
		r.stop()
		return nil, fmt.Errorf("%w: %v", errInternal, err)
	}
	r.js = js
	return r, nil
}

// connectEmbedded opens the coordinator's and the in-process worker's
// connections to the embedded server and writes the workers' seed file
// under dataDir for workers of other processes.
func (r *clusterRun) connectEmbedded(dataDir string) error {
	seed, err := filepath.Abs(filepath.Join(dataDir, "nats-worker.nk"))
	if err != nil {
		return err
	}
	if err := r.emb.WriteWorkerSeed(seed); err != nil {
		return err
	}
	r.seed = seed
	if r.nc, err = r.emb.Connect(); err != nil {
		return err
	}
	r.wc, err = r.emb.ConnectWorker()
	return err
}

// startWorker runs one worker in this process (after the server exists:
// it reads the server's current risk parameters).
func (r *clusterRun) startWorker(db *store.DB, cfg func() vault.Config) {
	if r.js == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &cluster.Worker{Conn: r.wc, Source: db, Config: cfg, Options: r.opts,
		Logf: func(f string, a ...any) { r.log.Warn(fmt.Sprintf(f, a...)) }}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	r.stopWorker = func() {
		cancel()
		if err := <-done; err != nil {
			r.log.Warn("re-margin worker", "err", err)
		}
	}
}

// stop ends the worker, then the connections, the embedded server and its
// seed file (good for this run only).
func (r *clusterRun) stop() {
	r.stopWorker()
	if r.wc != nil && r.wc != r.nc {
		r.wc.Close()
	}
	if r.nc != nil {
		r.nc.Close()
	}
	if r.emb != nil {
		r.emb.Shutdown()
	}
	if r.seed != "" {
		_ = os.Remove(r.seed)
	}
}

// printTokens issues and prints the tokens (DESIGN.md, Service) and the
// dashboard's address with the admin token.
func (c *serveCmd) printTokens(ctx context.Context, db *store.DB, w io.Writer, base string, accounts []string) error {
	if !c.Demo && !c.AdminToken {
		fmt.Fprintf(w, "dashboard %s/\n", base)
		return nil
	}
	admin, err := server.IssueToken(ctx, db, access.AdminSubject, "serve admin")
	if err != nil {
		return fmt.Errorf("%w: issuing a token: %v", errInternal, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "token admin %s\n", admin)
	for _, id := range accounts {
		tok, err := server.IssueToken(ctx, db, access.AccountSubject(id), "serve demo "+id)
		if err != nil {
			return fmt.Errorf("%w: issuing a token: %v", errInternal, err)
		}
		fmt.Fprintf(&b, "token account=%s %s\n", id, tok)
	}
	fmt.Fprintf(&b, "dashboard %s/?token=%s\n", base, admin)
	fmt.Fprintf(&b, "docs %s/docs\n", base)
	_, err = io.WriteString(w, b.String())
	return err
}

// version is the module version the binary was built from ("dev" in a
// work tree).
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// maxHistoryAge bounds --history-retention: the store's prune trigger is
// the age plus an eighth (store.HistoryAgeSlack), which must fit a
// time.Duration.
const maxHistoryAge = 100 * 365 * 24 * time.Hour

// historyKeep maps --history-keep to Config.HistoryKeep (0 there means the
// default, a negative value no history).
func historyKeep(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}
