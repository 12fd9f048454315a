// remargin: `unimargin remargin` re-margins every account of the store, in
// this process (cluster.Local), over an embedded JetStream with in-process
// workers (--nats embedded), or over `unimargin worker` processes (--nats
// URL), and prints the counts. --json output has no timings.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
)

type remarginCmd struct {
	storeFlags
	NATS    string        `name:"nats" env:"UNIMARGIN_NATS" help:"Spread the work over JetStream: a NATS URL where 'unimargin worker' processes listen, or 'embedded' for an in-process server and workers (default: goroutines in this process)." placeholder:"URL"`
	Workers int           `help:"Goroutines (in this process or --nats embedded); default: the number of CPUs." placeholder:"N"`
	Stall   time.Duration `help:"With --nats: give up when no worker answers for this long." default:"60s"`
	Prefix  string        `help:"With --nats: stream and subject prefix; must match the workers'." default:"unimargin"`
	NKey    string        `name:"nats-nkey" env:"UNIMARGIN_NATS_NKEY" help:"With --nats URL: an nkey seed file to authenticate with." placeholder:"FILE"`
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
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var ids []string
	if err := db.View(ctx, func(tx vault.Tx) (err error) { ids, err = tx.AccountIDs(); return err }); err != nil {
		return refusal("remargin: listing accounts", err)
	}
	r, closeAll, err := c.remarginer(ctx, db)
	if err != nil {
		return err
	}
	defer closeAll()
	rep := remarginReport{Accounts: len(ids), LiquidatableAccounts: []string{}, Failed: []remarginFailure{}}
	bar := remarginBar(len(ids))
	start := time.Now()
	err = r.Remargin(ctx, ids, func(res cluster.Result) {
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
	})
	elapsed := time.Since(start)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return usagef("remargin: %v", err)
	}
	rep.Liquidatable, rep.Errors = len(rep.LiquidatableAccounts), len(rep.Failed)
	sort.Strings(rep.LiquidatableAccounts)
	sort.Slice(rep.Failed, func(i, j int) bool { return rep.Failed[i].Account < rep.Failed[j].Account })
	if c.JSON {
		return writeJSON(e.out, rep)
	}
	rows := [][2]string{
		{"accounts", strconv.Itoa(rep.Accounts)},
		{"liquidatable", strconv.Itoa(rep.Liquidatable)},
		{"errors", strconv.Itoa(rep.Errors)},
		{"seconds", strconv.FormatFloat(elapsed.Seconds(), 'f', 3, 64)},
		{"accounts/s", strconv.FormatFloat(float64(rep.Accounts)/max(elapsed.Seconds(), 1e-9), 'f', 0, 64)},
	}
	if len(rep.Failed) > 0 {
		rows = append(rows, [2]string{"first error", rep.Failed[0].Account + ": " + rep.Failed[0].Error})
	}
	return render(e, false, nil, rows)
}

// remarginer builds the selected Remarginer; closeAll stops what it started.
func (c *remarginCmd) remarginer(ctx context.Context, db cluster.Source) (cluster.Remarginer, func(), error) {
	cfg, err := storedConfig(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	switch c.NATS {
	case "":
		return &cluster.Local{Source: db, Config: cfg, Workers: c.Workers}, func() {}, nil
	case "embedded":
		return c.embedded(ctx, db, cfg)
	}
	auth, err := cluster.NkeyOption(c.NKey)
	if err != nil {
		return nil, nil, usagef("remargin: --nats-nkey: %v", err)
	}
	nc, err := cluster.Dial(c.NATS, "unimargin-remargin", auth...)
	if err != nil {
		return nil, nil, usagef("remargin: %v", err)
	}
	js, err := cluster.NewJetStream(ctx, nc, cluster.Options{Prefix: c.Prefix, Stall: c.Stall})
	if err != nil {
		nc.Close()
		return nil, nil, usagef("remargin: %v", err)
	}
	return js, nc.Close, nil
}

// embedded starts an in-memory JetStream server, --workers in-process
// workers of one goroutine each, and a coordinator.
func (c *remarginCmd) embedded(ctx context.Context, db cluster.Source, cfg func() vault.Config) (cluster.Remarginer, func(), error) {
	p, err := cluster.StartInProcess(ctx, "", db, cfg, c.Workers, cluster.Options{Prefix: c.Prefix, Stall: c.Stall})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: remargin: %v", errInternal, err)
	}
	return p, func() { _ = p.Close() }, nil
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
