// What settlement reads and writes: the collateral layer's transaction
// (vault.Tx: the ledger, whose share accounts moves reserve, post and void)
// plus its own records as JSON documents — moves, relay messages (by id:
// idempotency and replay protection) and bridge states. Memory implements
// it for tests and the simulator.
package settle

import (
	"maps"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/vault"
)

// Tx is one database transaction as settlement sees it.
type Tx interface {
	vault.Tx
	SettleMove(id string) ([]byte, bool, error)
	// SettleMoves lists the moves that pass the filter, in the order they
	// were made.
	SettleMoves(f MoveFilter) ([]MoveRow, error)
	// PutSettleMove stores a move record with the columns filters use.
	PutSettleMove(row MoveRow) error
	// SettleLastSeq is the largest move sequence number (0 before any).
	SettleLastSeq() (int, error)
	SettleMessage(id string) ([]byte, bool, error)
	PutSettleMessage(id string, record []byte) error
	SettleBridge(name string) ([]byte, bool, error)
	PutSettleBridge(name string, record []byte) error
}

// MoveFilter selects moves: of one account, only pending ones, over one
// bridge, initiated after a time, with a deadline by a time (each
// condition when set).
type MoveFilter struct {
	Account     string
	PendingOnly bool
	Bridge      string
	Since       time.Time // initiated strictly after; zero: any time
	DeadlineBy  time.Time // deadline at or before; zero: any
}

// MoveRow is a stored move: its record and the columns filters and the
// bridge limits read (so a limit check decodes no record).
type MoveRow struct {
	ID, Account, Status, Bridge string
	Seq                         int
	InitiatedAt, Deadline       time.Time
	ValueUSD                    string
	Record                      []byte
}

func (f MoveFilter) passes(r MoveRow) bool {
	return (f.Account == "" || r.Account == f.Account) && (!f.PendingOnly || r.Status == StatusPending) &&
		(f.Bridge == "" || r.Bridge == f.Bridge) && (f.Since.IsZero() || r.InitiatedAt.After(f.Since)) &&
		(f.DeadlineBy.IsZero() || !r.Deadline.After(f.DeadlineBy))
}

// Memory is an in-memory Tx over vault.Memory.
type Memory struct {
	*vault.Memory
	moves    map[string]MoveRow
	messages map[string][]byte
	bridges  map[string][]byte
	lastSeq  int
}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{Memory: vault.NewMemory(), moves: map[string]MoveRow{}, messages: map[string][]byte{},
		bridges: map[string][]byte{}}
}

// Clone returns an independent copy (records are immutable once stored).
func (m *Memory) Clone() *Memory {
	return &Memory{Memory: m.Memory.Clone(), moves: maps.Clone(m.moves), messages: maps.Clone(m.messages),
		bridges: maps.Clone(m.bridges), lastSeq: m.lastSeq}
}

// SettleMove implements Tx.
func (m *Memory) SettleMove(id string) ([]byte, bool, error) {
	r, ok := m.moves[id]
	return r.Record, ok, nil
}

// SettleMoves implements Tx.
func (m *Memory) SettleMoves(f MoveFilter) ([]MoveRow, error) {
	var rows []MoveRow
	for _, r := range m.moves {
		if f.passes(r) {
			rows = append(rows, r)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Seq < rows[j].Seq })
	return rows, nil
}

// PutSettleMove implements Tx.
func (m *Memory) PutSettleMove(r MoveRow) error {
	m.moves[r.ID] = r
	m.lastSeq = max(m.lastSeq, r.Seq)
	return nil
}

// SettleLastSeq implements Tx.
func (m *Memory) SettleLastSeq() (int, error) { return m.lastSeq, nil }

// SettleMessage implements Tx.
func (m *Memory) SettleMessage(id string) ([]byte, bool, error) {
	r, ok := m.messages[id]
	return r, ok, nil
}

// PutSettleMessage implements Tx.
func (m *Memory) PutSettleMessage(id string, rec []byte) error { m.messages[id] = rec; return nil }

// SettleBridge implements Tx.
func (m *Memory) SettleBridge(name string) ([]byte, bool, error) {
	r, ok := m.bridges[name]
	return r, ok, nil
}

// PutSettleBridge implements Tx.
func (m *Memory) PutSettleBridge(name string, rec []byte) error { m.bridges[name] = rec; return nil }
