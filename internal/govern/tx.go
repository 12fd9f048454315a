// What governance reads and writes: the collateral layer's transaction
// (vault.Tx, whose risk_params document governance keeps in step with the
// current version) plus its own records, each a JSON document so the two
// SQL dialects store them alike. Memory implements it for tests.
package govern

import (
	"maps"
	"slices"
	"sort"

	"github.com/unimargin/unimargin/internal/vault"
)

// Tx is one database transaction as governance sees it.
type Tx interface {
	vault.Tx
	// GovRules is the governance rules document (rules.go), absent until
	// governance is set up.
	GovRules() ([]byte, bool, error)
	PutGovRules(doc []byte) error
	// GovVersions lists every version record, by number.
	GovVersions() ([][]byte, error)
	PutGovVersion(number int, record []byte) error
	GovProposal(id string) ([]byte, bool, error)
	// GovProposals lists every proposal record, in creation order.
	GovProposals() ([][]byte, error)
	PutGovProposal(id string, seq int, record []byte) error
	// GovMessageSeen reports whether a signed message (by its hash) was
	// already accepted: replay protection.
	GovMessageSeen(hash string) (bool, error)
	PutGovMessage(hash string) error
	// GovLog lists the audit log, by sequence number.
	GovLog() ([]LogRow, error)
	AppendGovLog(row LogRow) error
	// ParamsKeyVersions lists the distinct versions accounts keep under a
	// configuration key, ascending.
	ParamsKeyVersions() ([]int, error)
}

// LogRow is one stored audit-log row: the entry as canonical JSON and the
// chain hashes stored beside it.
type LogRow struct {
	Seq   int
	Prev  string
	Hash  string
	Entry []byte
}

// Memory is an in-memory Tx over vault.Memory.
type Memory struct {
	*vault.Memory
	rules     []byte
	versions  map[int][]byte
	proposals map[string][]byte
	order     map[string]int
	messages  map[string]bool
	log       []LogRow
	keys      map[string]int
}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{Memory: vault.NewMemory(), versions: map[int][]byte{}, proposals: map[string][]byte{},
		order: map[string]int{}, messages: map[string]bool{}, keys: map[string]int{}}
}

// Clone returns an independent copy.
func (m *Memory) Clone() *Memory {
	return &Memory{Memory: m.Memory.Clone(), rules: m.rules, versions: maps.Clone(m.versions),
		proposals: maps.Clone(m.proposals), order: maps.Clone(m.order), messages: maps.Clone(m.messages),
		log: slices.Clone(m.log), keys: maps.Clone(m.keys)}
}

// GovRules implements Tx.
func (m *Memory) GovRules() ([]byte, bool, error) { return m.rules, m.rules != nil, nil }

// PutGovRules implements Tx.
func (m *Memory) PutGovRules(doc []byte) error { m.rules = doc; return nil }

// GovVersions implements Tx.
func (m *Memory) GovVersions() ([][]byte, error) {
	out := make([][]byte, 0, len(m.versions))
	for _, n := range slices.Sorted(maps.Keys(m.versions)) {
		out = append(out, m.versions[n])
	}
	return out, nil
}

// PutGovVersion implements Tx.
func (m *Memory) PutGovVersion(n int, rec []byte) error { m.versions[n] = rec; return nil }

// GovProposal implements Tx.
func (m *Memory) GovProposal(id string) ([]byte, bool, error) {
	p, ok := m.proposals[id]
	return p, ok, nil
}

// GovProposals implements Tx.
func (m *Memory) GovProposals() ([][]byte, error) {
	ids := slices.Collect(maps.Keys(m.proposals))
	sort.Slice(ids, func(i, j int) bool { return m.order[ids[i]] < m.order[ids[j]] })
	out := make([][]byte, len(ids))
	for i, id := range ids {
		out[i] = m.proposals[id]
	}
	return out, nil
}

// PutGovProposal implements Tx.
func (m *Memory) PutGovProposal(id string, seq int, rec []byte) error {
	m.proposals[id], m.order[id] = rec, seq
	return nil
}

// GovMessageSeen implements Tx.
func (m *Memory) GovMessageSeen(hash string) (bool, error) { return m.messages[hash], nil }

// PutGovMessage implements Tx.
func (m *Memory) PutGovMessage(hash string) error { m.messages[hash] = true; return nil }

// GovLog implements Tx.
func (m *Memory) GovLog() ([]LogRow, error) { return slices.Clone(m.log), nil }

// AppendGovLog implements Tx.
func (m *Memory) AppendGovLog(row LogRow) error { m.log = append(m.log, row); return nil }

// TamperLog replaces the entry of row i (tests of Verify).
func (m *Memory) TamperLog(i int, entry []byte) { m.log[i].Entry = entry }

// ParamsKey implements vault.Tx (shadowing vault.Memory's, so that
// ParamsKeyVersions sees every key).
func (m *Memory) ParamsKey(account string) (int, bool, error) {
	v, ok := m.keys[account]
	return v, ok, nil
}

// PutParamsKey implements vault.Tx.
func (m *Memory) PutParamsKey(account string, version int) error {
	m.keys[account] = version
	return nil
}

// DeleteParamsKey implements vault.Tx.
func (m *Memory) DeleteParamsKey(account string) error { delete(m.keys, account); return nil }

// ParamsKeyVersions implements Tx.
func (m *Memory) ParamsKeyVersions() ([]int, error) {
	seen := map[int]bool{}
	for _, v := range m.keys {
		seen[v] = true
	}
	return slices.Sorted(maps.Keys(seen)), nil
}
