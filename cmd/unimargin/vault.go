// vault: the master vault's commands (deposit, mint, withdraw, redeem,
// accrue, state; caps in vaultcaps.go) and what every collateral-layer command shares: the store
// flags, one transaction per command, and the exit status of a refusal.
package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/postgres"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// storeFlags select the store and the output of a collateral-layer command.
type storeFlags struct {
	DB      string `name:"db" env:"UNIMARGIN_DB" help:"Store: sqlite:PATH or postgres://… (default: SQLite file unimargin.db under --data-dir)." placeholder:"DSN"`
	DataDir string `name:"data-dir" env:"UNIMARGIN_DATA_DIR" default:".unimargin" help:"Directory of the default SQLite store." placeholder:"DIR"`
	JSON    bool   `help:"Print the result as JSON (money at rest as decimal strings in whole units)."`
	formatFlag
}

// open opens the selected store.
func (f *storeFlags) open(ctx context.Context) (*store.DB, error) {
	var db *store.DB
	var err error
	switch dsn := f.DB; {
	case dsn == "":
		db, err = sqlite.Open(ctx, filepath.Join(f.DataDir, "unimargin.db"))
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, usagef("--db sqlite:PATH needs a path")
		}
		db, err = sqlite.Open(ctx, path)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = postgres.Open(ctx, dsn)
	default:
		return nil, usagef("--db %q: want sqlite:PATH or postgres://…", dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: opening the store: %v", errInternal, err)
	}
	return db, nil
}

// openExisting opens the selected store for a command that reads it, or
// needs rows it already holds: a SQLite store that does not exist is
// refused, naming the flag, and nothing is created (sqlite.Open would make
// the directory and an empty store, left behind by a mistyped path).
func (f *storeFlags) openExisting(ctx context.Context) (*store.DB, error) {
	flag, path := "--data-dir "+f.DataDir, filepath.Join(f.DataDir, "unimargin.db")
	if f.DB != "" {
		flag, path = "--db "+f.DB, strings.TrimPrefix(f.DB, "sqlite:")
		if !strings.HasPrefix(f.DB, "sqlite:") || path == "" {
			return f.open(ctx) // Postgres, or a --db open refuses
		}
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("%s: no store there (%s does not exist); this command reads a store and creates none", flag, path)
	}
	return f.open(ctx)
}

// openAccount opens the selected store (openExisting) for a read of
// account's rows (history, alerts, limits): an unknown account is refused
// as what's refusal and the store is closed again.
func (f *storeFlags) openAccount(ctx context.Context, what, account string) (*store.DB, error) {
	db, err := f.openExisting(ctx)
	if err != nil {
		return nil, err
	}
	if err := db.View(ctx, func(tx vault.Tx) error { return vault.AccountKnown(tx, account) }); err != nil {
		db.Close()
		return nil, refusal(what, err)
	}
	return db, nil
}

// update runs f in one write transaction of the selected store.
func (f *storeFlags) update(what string, fn func(tx vault.Tx) error) error {
	return f.transact(what, false, fn)
}

// view runs f in one read-only transaction.
func (f *storeFlags) view(what string, fn func(tx vault.Tx) error) error {
	return f.transact(what, true, fn)
}

func (f *storeFlags) transact(what string, readOnly bool, fn func(tx vault.Tx) error) error {
	return refusal(what, f.transactRaw(readOnly, fn))
}

// transactRaw opens the store and runs fn in one transaction, returning
// its error unclassified. A read-only transaction needs a store that
// exists (openExisting: a read creates nothing).
func (f *storeFlags) transactRaw(readOnly bool, fn func(tx vault.Tx) error) error {
	ctx := context.Background()
	open := f.open
	if readOnly {
		open = f.openExisting
	}
	db, err := open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if readOnly {
		return db.View(ctx, fn)
	}
	err = db.Update(ctx, func(tx vault.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		crashAt("before-commit") // every write done, nothing committed
		return nil
	})
	if err == nil {
		crashAt("after-commit") // committed, nothing printed
	}
	return err
}

// crashAt kills this process with SIGKILL (no deferred cleanup, as kill -9)
// when UNIMARGIN_TEST_CRASH names point. The kill tests use it to crash a
// command exactly inside its transaction, which a kill from outside at a
// random time almost never hits. Unset in normal use: a no-op.
func crashAt(point string) {
	if os.Getenv("UNIMARGIN_TEST_CRASH") != point {
		return
	}
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		_ = p.Signal(syscall.SIGKILL)
	}
	time.Sleep(time.Minute) // the signal is on its way
}

// refusal classifies an error of a collateral-layer command: a failure of
// the store or a broken invariant is internal (exit 2); anything else is a
// refusal by the rules (exit 1), reported as "<what>: <reason>". Input
// errors (a bad portfolio or market file) keep their contract shape.
func refusal(what string, err error) error {
	if err == nil || exitCode(err) == exitInput {
		return err
	}
	if errors.Is(err, store.ErrStorage) || errors.Is(err, ledger.ErrInvariant) || errors.Is(err, errInternal) {
		return fmt.Errorf("%w: %s: %v", errInternal, what, err)
	}
	return usagef("%s: %v", what, err)
}

// render prints a result as JSON or as "key  value" lines.
func render(e *env, asJSON bool, v any, rows [][2]string) error {
	if asJSON {
		return writeJSON(e.out, v)
	}
	t := newTable([]string{"field", "value"}, left, right)
	for _, r := range rows {
		t.add(r[0], r[1])
	}
	t.write(e.out, "")
	return nil
}

type vaultCmd struct {
	Deposit  vaultDepositCmd  `cmd:"" help:"Deposit assets into the master vault (creates the account when absent); prints the shares minted."`
	Mint     vaultMintCmd     `cmd:"" help:"Mint an exact number of shares, paying the assets they cost (rounded up)."`
	Withdraw vaultWithdrawCmd `cmd:"" help:"Withdraw assets (burns shares, rounded up); refused if it would break unified initial margin."`
	Redeem   vaultRedeemCmd   `cmd:"" help:"Redeem shares for assets (rounded down); refused if it would break unified initial margin."`
	Accrue   vaultAccrueCmd   `cmd:"" help:"Add yield or a direct transfer to an asset's vault: the share price rises."`
	State    vaultStateCmd    `cmd:"" help:"An account's balances, liens, collateral value and unified margin."`
	Caps     vaultCapsCmd     `cmd:"" help:"The deposit caps per asset and per account: show, or set from a caps.json file."`
}

// moveFlags are the flags of an account's vault movement.
type moveFlags struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
	Asset   string `required:"" help:"Asset symbol (WETH, USDC, …)." placeholder:"SYM"`
	ID      string `name:"id" required:"" help:"Client request id: a retry with the same id and body returns the first result." placeholder:"REQ"`
}

type vaultDepositCmd struct {
	moveFlags
	Amount string `required:"" help:"Assets in whole units (decimal)." placeholder:"N"`
}

type vaultMintCmd struct {
	moveFlags
	Shares string `required:"" help:"Shares in whole share units (decimal)." placeholder:"S"`
}

type vaultWithdrawCmd struct {
	moveFlags
	Amount string `required:"" help:"Assets in whole units (decimal)." placeholder:"N"`
}

type vaultRedeemCmd struct {
	moveFlags
	Shares string `required:"" help:"Shares in whole share units (decimal)." placeholder:"S"`
}

type vaultAccrueCmd struct {
	storeFlags
	Asset  string `required:"" help:"Asset symbol." placeholder:"SYM"`
	Amount string `required:"" help:"Assets in whole units (decimal)." placeholder:"N"`
	ID     string `name:"id" required:"" help:"Client request id." placeholder:"REQ"`
}

func (c *vaultDepositCmd) Run(e *env) error {
	return c.movement(e, "vault deposit", func(tx vault.Tx) (vault.Movement, error) {
		return vault.Deposit(tx, c.ID, c.Account, c.Asset, c.Amount)
	})
}

func (c *vaultMintCmd) Run(e *env) error {
	return c.movement(e, "vault mint", func(tx vault.Tx) (vault.Movement, error) {
		return vault.Mint(tx, c.ID, c.Account, c.Asset, c.Shares)
	})
}

func (c *vaultWithdrawCmd) Run(e *env) error {
	return c.movement(e, "vault withdraw", func(tx vault.Tx) (vault.Movement, error) {
		cfg, err := govern.StoredConfig(tx, time.Now())
		if err != nil {
			return vault.Movement{}, err
		}
		return vault.Withdraw(tx, cfg, c.ID, c.Account, c.Asset, c.Amount)
	})
}

func (c *vaultRedeemCmd) Run(e *env) error {
	return c.movement(e, "vault redeem", func(tx vault.Tx) (vault.Movement, error) {
		cfg, err := govern.StoredConfig(tx, time.Now())
		if err != nil {
			return vault.Movement{}, err
		}
		return vault.Redeem(tx, cfg, c.ID, c.Account, c.Asset, c.Shares)
	})
}

func (c *vaultAccrueCmd) Run(e *env) error {
	return c.storeFlags.movement(e, "vault accrue", func(tx vault.Tx) (vault.Movement, error) {
		return vault.Accrue(tx, c.ID, c.Asset, c.Amount)
	})
}

func (f *storeFlags) movement(e *env, what string, op func(tx vault.Tx) (vault.Movement, error)) error {
	var m vault.Movement
	err := f.update(what, func(tx vault.Tx) (err error) { m, err = op(tx); return err })
	if err != nil {
		return err
	}
	rows := [][2]string{{"asset", m.Asset}, {"assets", m.Assets}, {"shares", m.Shares},
		{"vault total assets", m.TotalAssets}, {"vault total shares", m.TotalShares}}
	if m.Account != "" {
		rows = append([][2]string{{"account", m.Account}}, rows...)
	}
	return f.rows(e, f.JSON, "result", m, rows)
}

type vaultStateCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
}

func (c *vaultStateCmd) Run(e *env) error {
	var st vault.AccountState
	err := c.view("vault state", func(tx vault.Tx) (err error) {
		cfg, err := govern.StoredConfig(tx, time.Now())
		if err != nil {
			return err
		}
		st, err = vault.State(tx, cfg, c.Account)
		return err
	})
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "vault", st); done {
		return err
	}
	writeVaultState(e, &st)
	return nil
}

func writeVaultState(e *env, st *vault.AccountState) {
	section(e.out, "Vault balances of "+st.Account)
	t := newTable([]string{"asset", "shares", "assets"}, left, right, right)
	for _, asset := range slices.Sorted(maps.Keys(st.Balances)) {
		t.add(asset, st.Balances[asset].Shares, st.Balances[asset].Assets)
	}
	t.write(e.out, "  ")
	section(e.out, "Liens (USD)")
	l := newTable([]string{"venue", "amount"}, left, right)
	for _, x := range st.Liens {
		l.add(x.Venue, x.AmountUSD)
	}
	l.add("total", st.LiensUSD)
	l.write(e.out, "  ")
	section(e.out, "Unified margin (USD)")
	if st.Unified == nil {
		fmt.Fprintln(e.out, "  no market is set (unimargin market set --market M.json)")
		return
	}
	u := newTable([]string{"figure", "value"}, left, right)
	u.add("vault collateral value", usd(*st.CollateralValue))
	u.add("equity", usd(st.Unified.Equity))
	u.add("initial", usd(st.Unified.Initial))
	u.add("maintenance", usd(st.Unified.Maintenance))
	u.add("excess", usd(st.Unified.Excess))
	u.add("liquidatable", yesNo(st.Unified.Liquidatable))
	u.write(e.out, "  ")
	for _, w := range st.Warnings {
		fmt.Fprintln(e.out, "warning: "+w)
	}
}
