// remargin: `unimargin remargin` re-margins every account of the store, in
// this process (cluster.Local), or as sharded ticks over an embedded
// JetStream with in-process shard workers (--nats embedded) or over
// `unimargin worker --shards` processes (--nats URL): one message per shard
// per tick, each worker keeping its shards compiled between the --ticks of
// one run. It prints the counts (of the last tick); --json output has no
// timings, the text output has each tick's.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

type remarginCmd struct {
	storeFlags
	NATS    string        `name:"nats" env:"UNIMARGIN_NATS" help:"Spread the work over JetStream: a NATS URL where 'unimargin worker' processes listen, or 'embedded' for an in-process server and workers (default: goroutines in this process)." placeholder:"URL"`
	Workers int           `help:"Goroutines (in this process or --nats embedded); default: the number of CPUs." placeholder:"N"`
	Stall   time.Duration `help:"With --nats: give up when no worker answers for this long." default:"60s"`
	Prefix  string        `help:"With --nats: stream and subject prefix; must match the workers'." default:"unimargin"`
	NKey    string        `name:"nats-nkey" env:"UNIMARGIN_NATS_NKEY" help:"With --nats URL: an nkey seed file to authenticate with." placeholder:"FILE"`
	Shards  int           `help:"With --nats: shards the accounts are split into by id, one tick message each (default: --workers with embedded, 1 with a URL; workers own them with 'unimargin worker --shards')." placeholder:"N"`
	Ticks   int           `help:"With --nats: ticks to run on the stored market; the workers keep their shards compiled between them and the text output times each." default:"1"`
}

// remarginFailure is one account the rules could not margin.
type remarginFailure struct {
	Account string `json:"account"`
	Error   string `json:"error"`
}

// remarginReport is the --json output: counts and the account lists, by id.
type remarginReport struct {
	Accounts             int               `json:"accounts"`
	Liquidatable         int               `json:"liquidatable"`
	Errors               int               `json:"errors"`
	LiquidatableAccounts []string          `json:"liquidatable_accounts"`
	Failed               []remarginFailure `json:"failed"`
}

func (c *remarginCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if c.Ticks < 1 || c.Ticks > 1000 || (c.Ticks > 1 && c.NATS == "") {
		return usagef("remargin: --ticks %d: want 1 to 1,000, and more than 1 only with --nats", c.Ticks)
	}
	if c.Shards < 0 || c.Shards > cluster.MaxShards {
		return usagef("remargin: --shards %d: want 1 to %d", c.Shards, cluster.MaxShards)
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var ids []string
	if err := db.View(ctx, func(tx vault.Tx) (err error) { ids, err = tx.AccountIDs(); return err }); err != nil {
		return refusal("remargin: listing accounts", err)
	}
	var rep remarginReport
	var bar *progressbar.ProgressBar
	each := func(res cluster.Result) {
		// An account whose book does not fit the market is both: it
		// failed, and it is liquidatable (never reported safe).
		if res.Error != "" {
			rep.Failed = append(rep.Failed, remarginFailure{res.Account, res.Error})
		}
		if res.Liquidatable {
			rep.LiquidatableAccounts = append(rep.LiquidatableAccounts, res.Account)
		}
		if bar != nil {
			_ = bar.Add(1)
		}
	}
	run, closeAll, err := c.runner(ctx, db, ids)
	if err != nil {
		return err
	}
	defer closeAll()
	var times []time.Duration
	for range c.Ticks {
		rep = remarginReport{Accounts: len(ids), LiquidatableAccounts: []string{}, Failed: []remarginFailure{}}
		bar = remarginBar(len(ids))
		start := time.Now()
		err = run(ctx, each)
		times = append(times, time.Since(start))
		if bar != nil {
			_ = bar.Finish()
		}
		if err != nil {
			return usagef("remargin: %v", err)
		}
	}
	elapsed := times[0]
	rep.Liquidatable, rep.Errors = len(rep.LiquidatableAccounts), len(rep.Failed)
	sort.Strings(rep.LiquidatableAccounts)
	sort.Slice(rep.Failed, func(i, j int) bool { return rep.Failed[i].Account < rep.Failed[j].Account })
	if done, err := c.machine(e, c.JSON, "remargin", rep); done {
		return err
	}
	rows := [][2]string{
		{"accounts", strconv.Itoa(rep.Accounts)},
		{"liquidatable", strconv.Itoa(rep.Liquidatable)},
		{"errors", strconv.Itoa(rep.Errors)},
		{"seconds", strconv.FormatFloat(elapsed.Seconds(), 'f', 3, 64)},
		{"accounts/s", strconv.FormatFloat(float64(rep.Accounts)/max(elapsed.Seconds(), 1e-9), 'f', 0, 64)},
	}
	if len(times) > 1 { // the first tick also reads and compiles the shards
		warm := slices.Min(times[1:])
		var sum time.Duration
		for _, d := range times[1:] {
			sum += d
		}
		rows = append(rows,
			[2]string{"ticks", strconv.Itoa(len(times))},
			[2]string{"warm tick seconds (best)", strconv.FormatFloat(warm.Seconds(), 'f', 3, 64)},
			[2]string{"warm tick seconds (mean)", strconv.FormatFloat(sum.Seconds()/float64(len(times)-1), 'f', 3, 64)},
			[2]string{"warm accounts/s", strconv.FormatFloat(float64(rep.Accounts)/max(warm.Seconds(), 1e-9), 'f', 0, 64)})
	}
	if len(rep.Failed) > 0 {
		rows = append(rows, [2]string{"first error", rep.Failed[0].Account + ": " + rep.Failed[0].Error})
	}
	return render(e, false, nil, rows)
}

// runner returns one re-margin of ids by the selected path (a tick, with
// --nats); closeAll stops what it started.
func (c *remarginCmd) runner(ctx context.Context, db *store.DB, ids []string) (func(context.Context, func(cluster.Result)) error, func(), error) {
	cfg, err := storedConfig(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	if c.NATS == "" {
		l := &cluster.Local{Source: db, Config: cfg, Workers: c.Workers}
		return func(ctx context.Context, each func(cluster.Result)) error { return l.Remargin(ctx, ids, each) }, func() {}, nil
	}
	var doc []byte
	var ok bool
	if err := db.View(ctx, func(tx vault.Tx) (err error) { doc, ok, err = tx.Market(); return err }); err != nil {
		return nil, nil, refusal("remargin: reading the market", err)
	}
	if !ok {
		return nil, nil, usagef("remargin --nats: the store has no market (unimargin market set)")
	}
	epoch, err := newEpoch()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: remargin: %v", errInternal, err)
	}
	tk, closeAll, err := c.ticker(ctx, db, cfg)
	if err != nil {
		return nil, nil, err
	}
	tick := cluster.Tick{Epoch: epoch, Market: doc, Accounts: ids}
	return func(ctx context.Context, each func(cluster.Result)) error {
		_, err := tk.Tick(ctx, tick, each)
		return err
	}, closeAll, nil
}

// ticker starts the embedded server and shard workers (--nats embedded) or
// connects to --nats URL, and returns the coordinator.
func (c *remarginCmd) ticker(ctx context.Context, db cluster.Source, cfg func() vault.Config) (*cluster.Ticker, func(), error) {
	opts := cluster.Options{Prefix: c.Prefix, Stall: c.Stall}
	if c.NATS == "embedded" {
		p, err := cluster.StartInProcessShards(ctx, db, cfg, c.Workers, c.Shards, opts)
		if err != nil {
			return nil, nil, usagef("remargin: %v", err)
		}
		return p.Ticker, func() { _ = p.Close() }, nil
	}
	auth, err := cluster.NkeyOption(c.NKey)
	if err != nil {
		return nil, nil, usagef("remargin: --nats-nkey: %v", err)
	}
	nc, err := cluster.Dial(c.NATS, "unimargin-remargin", auth...)
	if err != nil {
		return nil, nil, usagef("remargin: %v", err)
	}
	tk, err := cluster.NewTicker(ctx, nc, max(c.Shards, 1), opts)
	if err != nil {
		nc.Close()
		return nil, nil, usagef("remargin: %v", err)
	}
	return tk, nc.Close, nil
}

// newEpoch names this run's books: workers that outlive a run read their
// shards' books again for the next one.
func newEpoch() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// remarginBar is a progress bar on stderr when it is a terminal.
func remarginBar(total int) *progressbar.ProgressBar {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("remargin"), progressbar.OptionShowCount(),
		progressbar.OptionShowIts(), progressbar.OptionSetItsString("accounts"),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
}

// storedConfig returns a Config function that follows the risk parameters
// stored in db (govern.StoredConfig: the governed version, its ramps and
// keys), as the server's does, so a worker or a re-margin run margins with
// the governed parameters. It checks them once
// now; afterwards a read that fails keeps the last good configuration.
func storedConfig(ctx context.Context, db cluster.Source) (func() vault.Config, error) {
	read := func() (c vault.Config, err error) {
		err = db.View(ctx, func(tx vault.Tx) error { c, err = govern.StoredConfig(tx, time.Now()); return err })
		return c, err
	}
	first, err := read()
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	last := first
	return func() vault.Config {
		c, err := read()
		mu.Lock()
		defer mu.Unlock()
		if err == nil {
			last = c
		}
		return last
	}, nil
}
