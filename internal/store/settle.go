// sqlTx as settle.Tx: moves (with the columns their filters read), relay
// messages and bridge states, in the tables of migration 00011_settlement.
package store

import (
	"database/sql"
	"fmt"

	"time"

	"github.com/unimargin/unimargin/internal/settle"
)

var _ settle.Tx = (*sqlTx)(nil)

// sortableTime is a fixed-width UTC time, so text order is time order.
const sortableTime = "2006-01-02T15:04:05.000000000Z"

// Filter conditions of settle_moves, one bit each: the query for every
// combination is prepared with the others (settlemoves.<mask>).
var moveConditions = []string{"account = ?", "status = 'pending'", "bridge = ?", "initiated_at > ?", "deadline <= ?"}

func init() {
	for k, q := range map[string]string{
		"settlemove.get": `SELECT record FROM settle_moves WHERE id = ?`,
		"settlemove.put": `INSERT INTO settle_moves (id, seq, account, status, bridge, initiated_at, deadline, value_usd, record)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
		"settlemove.last":  `SELECT COALESCE(MAX(seq), 0) FROM settle_moves`,
		"settlemsg.get":    `SELECT record FROM settle_messages WHERE id = ?`,
		"settlemsg.put":    `INSERT INTO settle_messages (id, record) VALUES (?, ?)`,
		"settlebridge.get": `SELECT record FROM settle_bridges WHERE name = ?`,
		"settlebridge.put": `INSERT INTO settle_bridges (name, record) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET record = excluded.record`,
	} {
		queries[k] = q
	}
	for mask := range 1 << len(moveConditions) {
		q := `SELECT id, account, status, bridge, seq, initiated_at, deadline, value_usd, record FROM settle_moves WHERE 1 = 1`
		for i, c := range moveConditions {
			if mask&(1<<i) != 0 {
				q += " AND " + c
			}
		}
		queries[fmt.Sprintf("settlemoves.%d", mask)] = q + " ORDER BY seq"
	}
}

// SettleMove implements settle.Tx.
func (t *sqlTx) SettleMove(id string) ([]byte, bool, error) {
	var rec string
	ok, err := t.one("settlemove.get", []any{id}, &rec)
	return []byte(rec), ok, err
}

// SettleMoves implements settle.Tx.
func (t *sqlTx) SettleMoves(f settle.MoveFilter) ([]settle.MoveRow, error) {
	mask, args := 0, []any{}
	for i, c := range []struct {
		on  bool
		arg any
	}{{f.Account != "", f.Account}, {f.PendingOnly, nil}, {f.Bridge != "", f.Bridge},
		{!f.Since.IsZero(), f.Since.UTC().Format(sortableTime)}, {!f.DeadlineBy.IsZero(), f.DeadlineBy.UTC().Format(sortableTime)}} {
		if c.on {
			mask |= 1 << i
			if c.arg != nil {
				args = append(args, c.arg)
			}
		}
	}
	name := fmt.Sprintf("settlemoves.%d", mask)
	rows, err := t.tx.QueryContext(t.ctx, t.q[name], args...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	defer rows.Close()
	var out []settle.MoveRow
	for rows.Next() {
		r, err := scanMove(rows)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanMove(rows *sql.Rows) (settle.MoveRow, error) {
	var r settle.MoveRow
	var initiated, deadline, rec string
	if err := rows.Scan(&r.ID, &r.Account, &r.Status, &r.Bridge, &r.Seq, &initiated, &deadline, &r.ValueUSD, &rec); err != nil {
		return r, err
	}
	var err error
	if r.InitiatedAt, err = time.Parse(sortableTime, initiated); err != nil {
		return r, fmt.Errorf("%w: move %s initiated_at %q", ErrCorrupt, r.ID, initiated)
	}
	if r.Deadline, err = time.Parse(sortableTime, deadline); err != nil {
		return r, fmt.Errorf("%w: move %s deadline %q", ErrCorrupt, r.ID, deadline)
	}
	r.Record = []byte(rec)
	return r, nil
}

// PutSettleMove implements settle.Tx. A move's identity, account, bridge,
// times and value never change; its status and record do.
func (t *sqlTx) PutSettleMove(r settle.MoveRow) error {
	return t.exec("settlemove.put", r.ID, r.Seq, r.Account, r.Status, r.Bridge,
		r.InitiatedAt.UTC().Format(sortableTime), r.Deadline.UTC().Format(sortableTime), r.ValueUSD, string(r.Record))
}

// SettleLastSeq implements settle.Tx.
func (t *sqlTx) SettleLastSeq() (int, error) {
	var n int
	_, err := t.one("settlemove.last", nil, &n)
	return n, err
}

// SettleMessage implements settle.Tx.
func (t *sqlTx) SettleMessage(id string) ([]byte, bool, error) {
	var rec string
	ok, err := t.one("settlemsg.get", []any{id}, &rec)
	return []byte(rec), ok, err
}

// PutSettleMessage implements settle.Tx.
func (t *sqlTx) PutSettleMessage(id string, rec []byte) error {
	return t.exec("settlemsg.put", id, string(rec))
}

// SettleBridge implements settle.Tx.
func (t *sqlTx) SettleBridge(name string) ([]byte, bool, error) {
	var rec string
	ok, err := t.one("settlebridge.get", []any{name}, &rec)
	return []byte(rec), ok, err
}

// PutSettleBridge implements settle.Tx.
func (t *sqlTx) PutSettleBridge(name string, rec []byte) error {
	return t.exec("settlebridge.put", name, string(rec))
}
