// sqlTx as govern.Tx: governance's records (rules, versions, proposals,
// accepted messages, the audit log) and the configuration keys vault.Tx
// reads, in the tables of migration 00010_governance.
package store

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/govern"
)

var _ govern.Tx = (*sqlTx)(nil)

func init() {
	for k, q := range map[string]string{
		"govrules.get":   `SELECT doc FROM gov_rules WHERE id = 1`,
		"govrules.put":   `INSERT INTO gov_rules (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
		"govversion.all": `SELECT record FROM gov_versions ORDER BY number`,
		"govversion.put": `INSERT INTO gov_versions (number, record) VALUES (?, ?) ON CONFLICT (number) DO UPDATE SET record = excluded.record`,
		"govprop.get":    `SELECT record FROM gov_proposals WHERE id = ?`,
		"govprop.all":    `SELECT record FROM gov_proposals ORDER BY seq`,
		"govprop.put":    `INSERT INTO gov_proposals (id, seq, record) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record`,
		"govmsg.get":     `SELECT hash FROM gov_messages WHERE hash = ?`,
		"govmsg.put":     `INSERT INTO gov_messages (hash) VALUES (?)`,
		"govlog.all":     `SELECT seq, prev, hash, entry FROM gov_log ORDER BY seq`,
		"govlog.put":     `INSERT INTO gov_log (seq, prev, hash, entry) VALUES (?, ?, ?, ?)`,
		"paramskey.get":  `SELECT version FROM account_params WHERE account = ?`,
		"paramskey.put":  `INSERT INTO account_params (account, version) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET version = excluded.version`,
		"paramskey.del":  `DELETE FROM account_params WHERE account = ?`,
		"paramskey.dist": `SELECT DISTINCT version FROM account_params ORDER BY version`,
	} {
		queries[k] = q
	}
}

// docs runs a query returning one TEXT column per row.
func (t *sqlTx) docs(name string, args ...any) ([][]byte, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.q[name], args...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
		}
		out = append(out, []byte(s))
	}
	return out, rows.Err()
}

// GovRules implements govern.Tx.
func (t *sqlTx) GovRules() ([]byte, bool, error) {
	var doc string
	ok, err := t.one("govrules.get", nil, &doc)
	return []byte(doc), ok, err
}

// PutGovRules implements govern.Tx.
func (t *sqlTx) PutGovRules(doc []byte) error { return t.exec("govrules.put", string(doc)) }

// GovVersions implements govern.Tx.
func (t *sqlTx) GovVersions() ([][]byte, error) { return t.docs("govversion.all") }

// PutGovVersion implements govern.Tx.
func (t *sqlTx) PutGovVersion(n int, rec []byte) error {
	return t.exec("govversion.put", n, string(rec))
}

// GovProposal implements govern.Tx.
func (t *sqlTx) GovProposal(id string) ([]byte, bool, error) {
	var doc string
	ok, err := t.one("govprop.get", []any{id}, &doc)
	return []byte(doc), ok, err
}

// GovProposals implements govern.Tx.
func (t *sqlTx) GovProposals() ([][]byte, error) { return t.docs("govprop.all") }

// PutGovProposal implements govern.Tx.
func (t *sqlTx) PutGovProposal(id string, seq int, rec []byte) error {
	return t.exec("govprop.put", id, seq, string(rec))
}

// GovMessageSeen implements govern.Tx.
func (t *sqlTx) GovMessageSeen(hash string) (bool, error) {
	var got string
	return t.one("govmsg.get", []any{hash}, &got)
}

// PutGovMessage implements govern.Tx.
func (t *sqlTx) PutGovMessage(hash string) error { return t.exec("govmsg.put", hash) }

// GovLog implements govern.Tx.
func (t *sqlTx) GovLog() ([]govern.LogRow, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.q["govlog.all"])
	if err != nil {
		return nil, fmt.Errorf("%w: govlog.all: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []govern.LogRow
	for rows.Next() {
		var r govern.LogRow
		var entry string
		if err := rows.Scan(&r.Seq, &r.Prev, &r.Hash, &entry); err != nil {
			return nil, fmt.Errorf("%w: govlog.all: %w", ErrStorage, err)
		}
		r.Entry = []byte(entry)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AppendGovLog implements govern.Tx.
func (t *sqlTx) AppendGovLog(r govern.LogRow) error {
	return t.exec("govlog.put", r.Seq, r.Prev, r.Hash, string(r.Entry))
}

// ParamsKey implements vault.Tx.
func (t *sqlTx) ParamsKey(account string) (int, bool, error) {
	var v int
	ok, err := t.one("paramskey.get", []any{account}, &v)
	return v, ok, err
}

// PutParamsKey implements vault.Tx.
func (t *sqlTx) PutParamsKey(account string, version int) error {
	return t.exec("paramskey.put", account, version)
}

// DeleteParamsKey implements vault.Tx.
func (t *sqlTx) DeleteParamsKey(account string) error { return t.exec("paramskey.del", account) }

// ParamsKeyVersions implements govern.Tx.
func (t *sqlTx) ParamsKeyVersions() ([]int, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.q["paramskey.dist"])
	if err != nil {
		return nil, fmt.Errorf("%w: paramskey.dist: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%w: paramskey.dist: %w", ErrStorage, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
