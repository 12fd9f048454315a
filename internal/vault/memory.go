// Memory is an in-memory Tx: the reference for tests and models.
package vault

import (
	"maps"
	"sort"

	"github.com/unimargin/unimargin/internal/ledger"
)

// Memory implements Tx in maps. Clone gives an independent copy, so a test
// can throw a transaction away.
type Memory struct {
	*ledger.Memory
	vaults     map[string]Vault
	accounts   map[string]bool
	requests   map[string]Request
	portfolios map[string][]byte
	market     []byte
	params     []byte
	caps       []byte
	keys       map[string]int
}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{Memory: ledger.NewMemory(), vaults: map[string]Vault{}, accounts: map[string]bool{},
		requests: map[string]Request{}, portfolios: map[string][]byte{}, keys: map[string]int{}}
}

// Clone returns a deep copy (documents are immutable once stored).
func (m *Memory) Clone() *Memory {
	return &Memory{Memory: m.Memory.Clone(), vaults: maps.Clone(m.vaults), accounts: maps.Clone(m.accounts),
		requests: maps.Clone(m.requests), portfolios: maps.Clone(m.portfolios), market: m.market, params: m.params, caps: m.caps,
		keys: maps.Clone(m.keys)}
}

// LedgerAccounts implements Tx.
func (m *Memory) LedgerAccounts(prefix string) ([]ledger.Account, error) { return m.Accounts(prefix) }

// Vault implements Tx.
func (m *Memory) Vault(asset string) (Vault, bool, error) {
	v, ok := m.vaults[asset]
	return v, ok, nil
}

// PutVault implements Tx.
func (m *Memory) PutVault(v Vault) error { m.vaults[v.Asset.Symbol] = v; return nil }

// Vaults implements Tx.
func (m *Memory) Vaults() ([]Vault, error) {
	out := make([]Vault, 0, len(m.vaults))
	for _, v := range m.vaults {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Asset.Symbol < out[j].Asset.Symbol })
	return out, nil
}

// AccountExists implements Tx.
func (m *Memory) AccountExists(id string) (bool, error) { return m.accounts[id], nil }

// CreateAccount implements Tx.
func (m *Memory) CreateAccount(id string) error { m.accounts[id] = true; return nil }

// Request implements Tx.
func (m *Memory) Request(id string) (Request, bool, error) {
	r, ok := m.requests[id]
	return r, ok, nil
}

// PutRequest implements Tx.
func (m *Memory) PutRequest(r Request) error { m.requests[r.ID] = r; return nil }

// Portfolio implements Tx.
func (m *Memory) Portfolio(account string) ([]byte, bool, error) {
	d, ok := m.portfolios[account]
	return d, ok, nil
}

// PutPortfolio implements Tx.
func (m *Memory) PutPortfolio(account string, doc []byte) error {
	m.portfolios[account] = doc
	return nil
}

// Market implements Tx.
func (m *Memory) Market() ([]byte, bool, error) { return m.market, m.market != nil, nil }

// PutMarket implements Tx.
func (m *Memory) PutMarket(doc []byte) error { m.market = doc; return nil }

// AccountIDs implements Tx.
func (m *Memory) AccountIDs() ([]string, error) {
	ids := make([]string, 0, len(m.accounts))
	for id := range m.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// RiskParams implements Tx.
func (m *Memory) RiskParams() ([]byte, bool, error) { return m.params, m.params != nil, nil }

// PutRiskParams implements Tx.
func (m *Memory) PutRiskParams(doc []byte) error { m.params = doc; return nil }

// Caps implements Tx.
func (m *Memory) Caps() ([]byte, bool, error) { return m.caps, m.caps != nil, nil }

// PutCaps implements Tx.
func (m *Memory) PutCaps(doc []byte) error { m.caps = doc; return nil }

// ParamsKey implements Tx.
func (m *Memory) ParamsKey(account string) (int, bool, error) {
	v, ok := m.keys[account]
	return v, ok, nil
}

// PutParamsKey implements Tx.
func (m *Memory) PutParamsKey(account string, version int) error {
	m.keys[account] = version
	return nil
}

// DeleteParamsKey implements Tx.
func (m *Memory) DeleteParamsKey(account string) error { delete(m.keys, account); return nil }
