// Memory is an in-memory State: the reference the store suite and the
// model-based tests compare against.
package ledger

import (
	"sort"
	"strings"
)

// Memory implements State in maps; Clone gives an independent copy (a
// transaction that can be thrown away).
type Memory struct {
	accounts  map[string]Account
	transfers map[string]Transfer
	order     []string
}

// NewMemory returns an empty ledger state.
func NewMemory() *Memory {
	return &Memory{accounts: map[string]Account{}, transfers: map[string]Transfer{}}
}

// Clone returns a deep copy.
func (m *Memory) Clone() *Memory {
	c := NewMemory()
	for k, v := range m.accounts {
		c.accounts[k] = v
	}
	for k, v := range m.transfers {
		c.transfers[k] = v
	}
	c.order = append([]string(nil), m.order...)
	return c
}

// Account implements State.
func (m *Memory) Account(id string) (Account, bool, error) {
	a, ok := m.accounts[id]
	return a, ok, nil
}

// PutAccount implements State.
func (m *Memory) PutAccount(a Account) error { m.accounts[a.ID] = a; return nil }

// Transfer implements State.
func (m *Memory) Transfer(id string) (Transfer, bool, error) {
	t, ok := m.transfers[id]
	return t, ok, nil
}

// InsertTransfer implements State.
func (m *Memory) InsertTransfer(t Transfer) error {
	m.transfers[t.ID] = t
	m.order = append(m.order, t.ID)
	return nil
}

// SetTransferStatus implements State.
func (m *Memory) SetTransferStatus(id string, s Status) error {
	t := m.transfers[id]
	t.Status = s
	m.transfers[id] = t
	return nil
}

// Accounts returns every account sorted by id; with a prefix, only those
// whose id starts with it.
func (m *Memory) Accounts(prefix string) ([]Account, error) {
	var out []Account
	for id, a := range m.accounts {
		if strings.HasPrefix(id, prefix) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Transfers returns the journal in order.
func (m *Memory) Transfers() ([]Transfer, error) {
	out := make([]Transfer, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.transfers[id])
	}
	return out, nil
}
