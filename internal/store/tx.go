// sqlTx implements vault.Tx (and so ledger.State) in SQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// queries in portable form (see Dialect.rewrite). Numeric columns are read
// through CAST(… AS TEXT), which both databases accept.
var queries = map[string]string{
	"account.get": `SELECT asset, flags, CAST(debits_posted AS TEXT), CAST(credits_posted AS TEXT),
		CAST(debits_pending AS TEXT), CAST(credits_pending AS TEXT) FROM ledger_accounts WHERE id = ?`,
	"account.put": `INSERT INTO ledger_accounts (id, asset, flags, debits_posted, credits_posted, debits_pending, credits_pending)
		VALUES (?, ?, ?, ?n, ?n, ?n, ?n) ON CONFLICT (id) DO UPDATE SET asset = excluded.asset, flags = excluded.flags,
		debits_posted = excluded.debits_posted, credits_posted = excluded.credits_posted,
		debits_pending = excluded.debits_pending, credits_pending = excluded.credits_pending`,
	"account.range": `SELECT id, asset, flags, CAST(debits_posted AS TEXT), CAST(credits_posted AS TEXT),
		CAST(debits_pending AS TEXT), CAST(credits_pending AS TEXT) FROM ledger_accounts
		WHERE id >= ? AND id < ? ORDER BY id`,
	"account.all": `SELECT id, asset, flags, CAST(debits_posted AS TEXT), CAST(credits_posted AS TEXT),
		CAST(debits_pending AS TEXT), CAST(credits_pending AS TEXT) FROM ledger_accounts ORDER BY id`,
	"transfer.get": `SELECT id, debit, credit, asset, CAST(amount AS TEXT), flags, pending_id, code, status
		FROM transfers WHERE id = ?`,
	"transfer.insert": `INSERT INTO transfers (id, debit, credit, asset, amount, flags, pending_id, code, status)
		VALUES (?, ?, ?, ?, ?n, ?, ?, ?, ?)`,
	"transfer.status": `UPDATE transfers SET status = ? WHERE id = ?`,
	"transfer.all": `SELECT id, debit, credit, asset, CAST(amount AS TEXT), flags, pending_id, code, status
		FROM transfers ORDER BY seq`,
	"vault.get": `SELECT asset, decimals, offset_decimals, CAST(total_assets AS TEXT), CAST(total_shares AS TEXT)
		FROM vaults WHERE asset = ?`,
	"vault.all": `SELECT asset, decimals, offset_decimals, CAST(total_assets AS TEXT), CAST(total_shares AS TEXT)
		FROM vaults ORDER BY asset`,
	"vault.put": `INSERT INTO vaults (asset, decimals, offset_decimals, total_assets, total_shares) VALUES (?, ?, ?, ?n, ?n)
		ON CONFLICT (asset) DO UPDATE SET decimals = excluded.decimals, offset_decimals = excluded.offset_decimals,
		total_assets = excluded.total_assets, total_shares = excluded.total_shares`,
	"owner.get":     `SELECT id FROM accounts WHERE id = ?`,
	"owner.put":     `INSERT INTO accounts (id) VALUES (?) ON CONFLICT (id) DO NOTHING`,
	"request.get":   `SELECT body, result FROM requests WHERE id = ?`,
	"request.put":   `INSERT INTO requests (id, body, result) VALUES (?, ?, ?)`,
	"portfolio.get": `SELECT doc FROM portfolios WHERE account = ?`,
	"portfolio.put": `INSERT INTO portfolios (account, doc) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET doc = excluded.doc`,
	"market.get":    `SELECT doc FROM markets WHERE id = 1`,
	"market.put":    `INSERT INTO markets (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
	"owner.all":     `SELECT id FROM accounts ORDER BY id`,
	"params.get":    `SELECT doc FROM risk_params WHERE id = 1`,
	"params.put":    `INSERT INTO risk_params (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
	"caps.get":      `SELECT doc FROM deposit_caps WHERE id = 1`,
	"caps.put":      `INSERT INTO deposit_caps (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
	"grant.get":     `SELECT subject, label FROM api_tokens WHERE hash = ?`,
	"grant.put":     `INSERT INTO api_tokens (hash, subject, label) VALUES (?, ?, ?)`,
}

type sqlTx struct {
	ctx     context.Context
	tx      *sql.Tx
	q       map[string]string
	db      *DB                  // prepared statements shared by transactions (SQLite)
	prepare bool                 // use prepared statements (SQLite)
	stmts   map[string]*sql.Stmt // the shared statements bound to this transaction, closed with it
}

// stmt returns the transaction's prepared statement for query name: the
// DB's statement, prepared once, bound to the transaction (database/sql
// keeps it prepared on each connection, so a transaction compiles no SQL).
func (t *sqlTx) stmt(name string) (*sql.Stmt, error) {
	if st, ok := t.stmts[name]; ok {
		return st, nil
	}
	shared, err := t.db.prepared(t.ctx, name)
	if err != nil {
		return nil, err
	}
	st := t.tx.StmtContext(t.ctx, shared)
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[name] = st
	return st, nil
}

// queryRow runs a single-row query.
func (t *sqlTx) queryRow(name string, args ...any) (*sql.Row, error) {
	if !t.prepare {
		return t.tx.QueryRowContext(t.ctx, t.q[name], args...), nil
	}
	st, err := t.stmt(name)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(t.ctx, args...), nil
}

// query runs a multi-row query.
func (t *sqlTx) query(name string, args ...any) (*sql.Rows, error) {
	if !t.prepare {
		return t.tx.QueryContext(t.ctx, t.q[name], args...)
	}
	st, err := t.stmt(name)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(t.ctx, args...)
}

var _ vault.Tx = (*sqlTx)(nil)

// Context is the context the transaction runs under (its caller's): the
// vault stops a margin computation inside the transaction when it ends.
func (t *sqlTx) Context() context.Context { return t.ctx }

func (t *sqlTx) exec(name string, args ...any) error {
	var err error
	if t.prepare {
		var st *sql.Stmt
		if st, err = t.stmt(name); err != nil {
			return err
		}
		_, err = st.ExecContext(t.ctx, args...)
	} else {
		_, err = t.tx.ExecContext(t.ctx, t.q[name], args...)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	return nil
}

// one runs a single-row query; ok is false when there is no row.
func (t *sqlTx) one(name string, args []any, dest ...any) (bool, error) {
	row, err := t.queryRow(name, args...)
	if err != nil {
		return false, err
	}
	err = row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	return true, nil
}

func amount(s string) (money.Amount, error) {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return money.Amount{}, fmt.Errorf("%w: amount %q", ErrCorrupt, s)
	}
	a, err := money.AmountFromBig(b)
	if err != nil {
		return money.Amount{}, fmt.Errorf("%w: amount %q: %v", ErrCorrupt, s, err)
	}
	return a, nil
}

func text(a money.Amount) string { return a.Big().String() }

type scanner interface{ Scan(dest ...any) error }

func scanAccount(row scanner, a *ledger.Account, withID bool) error {
	var flags int
	var dp, cp, dq, cq string
	dest := []any{&a.Asset, &flags, &dp, &cp, &dq, &cq}
	if withID {
		dest = append([]any{&a.ID}, dest...)
	}
	if err := row.Scan(dest...); err != nil {
		return err
	}
	a.Flags = ledger.Flags(flags)
	var err error
	for _, f := range []struct {
		dst *money.Amount
		src string
	}{{&a.DebitsPosted, dp}, {&a.CreditsPosted, cp}, {&a.DebitsPending, dq}, {&a.CreditsPending, cq}} {
		if *f.dst, err = amount(f.src); err != nil {
			return err
		}
	}
	return nil
}

// Account implements ledger.State.
func (t *sqlTx) Account(id string) (ledger.Account, bool, error) {
	a := ledger.Account{ID: id}
	row, err := t.queryRow("account.get", id)
	if err != nil {
		return ledger.Account{}, false, err
	}
	err = scanAccount(row, &a, false)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Account{}, false, nil
	}
	if err != nil {
		return ledger.Account{}, false, fmt.Errorf("%w: ledger account %s: %w", ErrStorage, id, err)
	}
	return a, true, nil
}

// PutAccount implements ledger.State.
func (t *sqlTx) PutAccount(a ledger.Account) error {
	return t.exec("account.put", a.ID, a.Asset, int(a.Flags), text(a.DebitsPosted), text(a.CreditsPosted),
		text(a.DebitsPending), text(a.CreditsPending))
}

// LedgerAccounts implements vault.Tx.
func (t *sqlTx) LedgerAccounts(prefix string) ([]ledger.Account, error) {
	var rows *sql.Rows
	var err error
	if prefix == "" {
		rows, err = t.query("account.all")
	} else {
		// ids are ASCII; the upper bound bumps the prefix's last byte.
		upper := prefix[:len(prefix)-1] + string(prefix[len(prefix)-1]+1)
		rows, err = t.query("account.range", prefix, upper)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: ledger accounts: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []ledger.Account
	for rows.Next() {
		var a ledger.Account
		if err := scanAccount(rows, &a, true); err != nil {
			return nil, fmt.Errorf("%w: ledger accounts: %w", ErrStorage, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanTransfer(row scanner) (ledger.Transfer, error) {
	var tr ledger.Transfer
	var amt string
	var flags, status int
	if err := row.Scan(&tr.ID, &tr.Debit, &tr.Credit, &tr.Asset, &amt, &flags, &tr.PendingID, &tr.Code, &status); err != nil {
		return tr, err
	}
	tr.Flags, tr.Status = ledger.TransferFlags(flags), ledger.Status(status)
	var err error
	tr.Amount, err = amount(amt)
	return tr, err
}

// Transfer implements ledger.State.
func (t *sqlTx) Transfer(id string) (ledger.Transfer, bool, error) {
	row, err := t.queryRow("transfer.get", id)
	if err != nil {
		return ledger.Transfer{}, false, err
	}
	tr, err := scanTransfer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Transfer{}, false, nil
	}
	if err != nil {
		return ledger.Transfer{}, false, fmt.Errorf("%w: transfer %s: %w", ErrStorage, id, err)
	}
	return tr, true, nil
}

// InsertTransfer implements ledger.State.
func (t *sqlTx) InsertTransfer(tr ledger.Transfer) error {
	return t.exec("transfer.insert", tr.ID, tr.Debit, tr.Credit, tr.Asset, text(tr.Amount), int(tr.Flags),
		tr.PendingID, tr.Code, int(tr.Status))
}

// SetTransferStatus implements ledger.State.
func (t *sqlTx) SetTransferStatus(id string, s ledger.Status) error {
	return t.exec("transfer.status", int(s), id)
}

// Transfers implements vault.Tx.
func (t *sqlTx) Transfers() ([]ledger.Transfer, error) {
	rows, err := t.query("transfer.all")
	if err != nil {
		return nil, fmt.Errorf("%w: transfers: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []ledger.Transfer
	for rows.Next() {
		tr, err := scanTransfer(rows)
		if err != nil {
			return nil, fmt.Errorf("%w: transfers: %w", ErrStorage, err)
		}
		out = append(out, tr)
	}
	return out, rows.Err()
}

func scanVault(row scanner) (vault.Vault, error) {
	var v vault.Vault
	var dec, off int
	var ta, ts string
	if err := row.Scan(&v.Asset.Symbol, &dec, &off, &ta, &ts); err != nil {
		return v, err
	}
	if dec < 0 || dec > 77 || off < 0 || off > 18 {
		return v, fmt.Errorf("%w: vault %s decimals %d offset %d", ErrCorrupt, v.Asset.Symbol, dec, off)
	}
	v.Asset.Decimals, v.Offset = uint8(dec), uint8(off)
	var err error
	if v.TotalAssets, err = amount(ta); err != nil {
		return v, err
	}
	shares, err := amount(ts)
	v.TotalShares = vault.Shares(shares)
	return v, err
}

// Vault implements vault.Tx.
func (t *sqlTx) Vault(asset string) (vault.Vault, bool, error) {
	row, err := t.queryRow("vault.get", asset)
	if err != nil {
		return vault.Vault{}, false, err
	}
	v, err := scanVault(row)
	if errors.Is(err, sql.ErrNoRows) {
		return vault.Vault{}, false, nil
	}
	if err != nil {
		return vault.Vault{}, false, fmt.Errorf("%w: vault %s: %w", ErrStorage, asset, err)
	}
	return v, true, nil
}

// PutVault implements vault.Tx.
func (t *sqlTx) PutVault(v vault.Vault) error {
	return t.exec("vault.put", v.Asset.Symbol, int(v.Asset.Decimals), int(v.Offset), text(v.TotalAssets), text(v.TotalShares.Amount()))
}

// Vaults implements vault.Tx.
func (t *sqlTx) Vaults() ([]vault.Vault, error) {
	rows, err := t.query("vault.all")
	if err != nil {
		return nil, fmt.Errorf("%w: vaults: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []vault.Vault
	for rows.Next() {
		v, err := scanVault(rows)
		if err != nil {
			return nil, fmt.Errorf("%w: vaults: %w", ErrStorage, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AccountExists implements vault.Tx.
func (t *sqlTx) AccountExists(id string) (bool, error) {
	var got string
	return t.one("owner.get", []any{id}, &got)
}

// CreateAccount implements vault.Tx.
func (t *sqlTx) CreateAccount(id string) error { return t.exec("owner.put", id) }

// Request implements vault.Tx.
func (t *sqlTx) Request(id string) (vault.Request, bool, error) {
	r := vault.Request{ID: id}
	var result string
	ok, err := t.one("request.get", []any{id}, &r.Body, &result)
	r.Result = []byte(result)
	return r, ok, err
}

// PutRequest implements vault.Tx.
func (t *sqlTx) PutRequest(r vault.Request) error {
	return t.exec("request.put", r.ID, r.Body, string(r.Result))
}

// Portfolio implements vault.Tx.
func (t *sqlTx) Portfolio(account string) ([]byte, bool, error) {
	var doc string
	ok, err := t.one("portfolio.get", []any{account}, &doc)
	return []byte(doc), ok, err
}

// PutPortfolio implements vault.Tx.
func (t *sqlTx) PutPortfolio(account string, doc []byte) error {
	return t.exec("portfolio.put", account, string(doc))
}

// Market implements vault.Tx.
func (t *sqlTx) Market() ([]byte, bool, error) {
	var doc string
	ok, err := t.one("market.get", nil, &doc)
	return []byte(doc), ok, err
}

// PutMarket implements vault.Tx.
func (t *sqlTx) PutMarket(doc []byte) error { return t.exec("market.put", string(doc)) }

// AccountIDs implements vault.Tx.
func (t *sqlTx) AccountIDs() ([]string, error) {
	rows, err := t.query("owner.all")
	if err != nil {
		return nil, fmt.Errorf("%w: owner.all: %w", ErrStorage, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("%w: owner.all: %w", ErrStorage, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// RiskParams implements vault.Tx.
func (t *sqlTx) RiskParams() ([]byte, bool, error) {
	var doc string
	ok, err := t.one("params.get", nil, &doc)
	return []byte(doc), ok, err
}

// PutRiskParams implements vault.Tx.
func (t *sqlTx) PutRiskParams(doc []byte) error { return t.exec("params.put", string(doc)) }

// Caps implements vault.Tx.
func (t *sqlTx) Caps() ([]byte, bool, error) {
	var doc string
	ok, err := t.one("caps.get", nil, &doc)
	return []byte(doc), ok, err
}

// PutCaps implements vault.Tx.
func (t *sqlTx) PutCaps(doc []byte) error { return t.exec("caps.put", string(doc)) }
