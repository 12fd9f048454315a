// Fault injection: the failures a disk or a dying process inflicts on a
// transaction, struck at a chosen point, so that a test (storetest's model,
// the simulator internal/sim) can check that the store keeps all of a
// transaction or none of it, and that no caller carries on past a failed
// call. A DB with no fault armed pays one nil check per write transaction.
package store

import (
	"errors"
	"fmt"
	"sync"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/vault"
)

// FaultKind is what goes wrong.
type FaultKind uint8

// The kinds of fault.
const (
	// FaultCall: call At of the transaction (0 is its first call, read or
	// write) fails before doing anything: an I/O error, or the process
	// dying at that point.
	FaultCall FaultKind = iota + 1
	// FaultTorn: write call At (0 is the transaction's first write) is
	// done, then fails: the transaction dies with part of its work written.
	FaultTorn
	// FaultCommit: every call succeeds and the commit fails.
	FaultCommit
	// FaultLostReply: the transaction commits, then its caller is told it
	// failed: the process died after committing, before it could answer.
	FaultLostReply
	// FaultDiskFull: every write call fails as SQLite does on a full disk
	// (SQLITE_FULL), in every write transaction until the DB is disarmed.
	FaultDiskFull
)

var faultNames = map[FaultKind]string{FaultCall: "call", FaultTorn: "torn", FaultCommit: "commit",
	FaultLostReply: "lost-reply", FaultDiskFull: "disk-full"}

func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	return fmt.Sprintf("fault(%d)", uint8(k))
}

// ErrInjected marks every injected failure. Each is also ErrStorage: to
// its caller it is a failure of the database like any other.
var ErrInjected = errors.New("injected fault")

// Fault is one fault. The store sets Fired when it strikes, and Swallowed
// when a transaction it struck inside committed anyway: the caller ignored
// a failed call and carried on (a bug, whatever the caller's reason).
type Fault struct {
	Kind FaultKind
	At   int

	mu               sync.Mutex
	calls, writes    int
	fired, swallowed bool
}

// Fired reports whether the fault struck.
func (f *Fault) Fired() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.fired }

// Swallowed reports whether a transaction committed after the fault struck
// inside it.
func (f *Fault) Swallowed() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.swallowed }

func (f *Fault) strike(what string) error {
	f.fired = true
	if f.Kind == FaultDiskFull {
		return fmt.Errorf("%w: %w: %s: database or disk is full (13) (SQLITE_FULL)", ErrStorage, ErrInjected, what)
	}
	return fmt.Errorf("%w: %w (%s at %s)", ErrStorage, ErrInjected, f.Kind, what)
}

// before is called before each call: it fails the call when the fault
// strikes there.
func (f *Fault) before(name string, write bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.calls
	f.calls++
	switch {
	case f.Kind == FaultCall && n == f.At,
		f.Kind == FaultDiskFull && write:
		return f.strike(name)
	}
	return nil
}

// after is called after each write call that succeeded: it fails the call
// (its work done) when a torn write strikes there.
func (f *Fault) after(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.writes
	f.writes++
	if f.Kind == FaultTorn && n == f.At {
		return f.strike(name + ", written")
	}
	return nil
}

// Arm arms f for the next write transaction (DB.Update): FaultDiskFull
// stays armed for every write transaction until Arm(nil); the other kinds
// strike in that one transaction or never. Read transactions are not
// touched (wrap their Tx with f.Tx for that).
func (s *DB) Arm(f *Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.fault = f
}

// takeFault returns the fault for a write transaction starting now.
func (s *DB) takeFault() *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := s.fault
	if f != nil && f.Kind != FaultDiskFull {
		s.fault = nil
	}
	return f
}

// beforeCommit is run when the transaction's work succeeded: it records a
// swallowed failure and strikes a commit failure.
func (f *Fault) beforeCommit() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fired {
		f.swallowed = true
	}
	if f.Kind == FaultCommit {
		return f.strike("commit")
	}
	return nil
}

// afterCommit strikes a lost reply.
func (f *Fault) afterCommit() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Kind == FaultLostReply {
		return f.strike("reply, committed")
	}
	return nil
}

// Tx wraps tx so that its calls fail as f says (FaultCall, FaultTorn,
// FaultDiskFull; commit faults are the DB's, see Arm).
func (f *Fault) Tx(tx vault.Tx) vault.Tx { return &faultTx{tx: tx, f: f} }

type faultTx struct {
	tx vault.Tx
	f  *Fault
}

var _ vault.Tx = (*faultTx)(nil)

// get runs a read that answers (value, found).
func get[T any](t *faultTx, name string, call func() (T, bool, error)) (T, bool, error) {
	var zero T
	if err := t.f.before(name, false); err != nil {
		return zero, false, err
	}
	return call()
}

// list runs a read that answers a value.
func list[T any](t *faultTx, name string, call func() (T, error)) (T, error) {
	var zero T
	if err := t.f.before(name, false); err != nil {
		return zero, err
	}
	return call()
}

// put runs a write.
func (t *faultTx) put(name string, call func() error) error {
	if err := t.f.before(name, true); err != nil {
		return err
	}
	if err := call(); err != nil {
		return err
	}
	return t.f.after(name)
}

func (t *faultTx) Account(id string) (ledger.Account, bool, error) {
	return get(t, "Account", func() (ledger.Account, bool, error) { return t.tx.Account(id) })
}

func (t *faultTx) PutAccount(a ledger.Account) error {
	return t.put("PutAccount", func() error { return t.tx.PutAccount(a) })
}

func (t *faultTx) Transfer(id string) (ledger.Transfer, bool, error) {
	return get(t, "Transfer", func() (ledger.Transfer, bool, error) { return t.tx.Transfer(id) })
}

func (t *faultTx) InsertTransfer(tr ledger.Transfer) error {
	return t.put("InsertTransfer", func() error { return t.tx.InsertTransfer(tr) })
}

func (t *faultTx) SetTransferStatus(id string, st ledger.Status) error {
	return t.put("SetTransferStatus", func() error { return t.tx.SetTransferStatus(id, st) })
}

func (t *faultTx) LedgerAccounts(prefix string) ([]ledger.Account, error) {
	return list(t, "LedgerAccounts", func() ([]ledger.Account, error) { return t.tx.LedgerAccounts(prefix) })
}

func (t *faultTx) Transfers() ([]ledger.Transfer, error) {
	return list(t, "Transfers", t.tx.Transfers)
}

func (t *faultTx) Vault(asset string) (vault.Vault, bool, error) {
	return get(t, "Vault", func() (vault.Vault, bool, error) { return t.tx.Vault(asset) })
}

func (t *faultTx) PutVault(v vault.Vault) error {
	return t.put("PutVault", func() error { return t.tx.PutVault(v) })
}

func (t *faultTx) Vaults() ([]vault.Vault, error) { return list(t, "Vaults", t.tx.Vaults) }

func (t *faultTx) AccountExists(id string) (bool, error) {
	return list(t, "AccountExists", func() (bool, error) { return t.tx.AccountExists(id) })
}

func (t *faultTx) CreateAccount(id string) error {
	return t.put("CreateAccount", func() error { return t.tx.CreateAccount(id) })
}

func (t *faultTx) Request(id string) (vault.Request, bool, error) {
	return get(t, "Request", func() (vault.Request, bool, error) { return t.tx.Request(id) })
}

func (t *faultTx) PutRequest(r vault.Request) error {
	return t.put("PutRequest", func() error { return t.tx.PutRequest(r) })
}

func (t *faultTx) Portfolio(account string) ([]byte, bool, error) {
	return get(t, "Portfolio", func() ([]byte, bool, error) { return t.tx.Portfolio(account) })
}

func (t *faultTx) PutPortfolio(account string, doc []byte) error {
	return t.put("PutPortfolio", func() error { return t.tx.PutPortfolio(account, doc) })
}

func (t *faultTx) Market() ([]byte, bool, error) { return get(t, "Market", t.tx.Market) }

func (t *faultTx) PutMarket(doc []byte) error {
	return t.put("PutMarket", func() error { return t.tx.PutMarket(doc) })
}

func (t *faultTx) AccountIDs() ([]string, error) { return list(t, "AccountIDs", t.tx.AccountIDs) }

func (t *faultTx) RiskParams() ([]byte, bool, error) { return get(t, "RiskParams", t.tx.RiskParams) }

func (t *faultTx) PutRiskParams(doc []byte) error {
	return t.put("PutRiskParams", func() error { return t.tx.PutRiskParams(doc) })
}

func (t *faultTx) Caps() ([]byte, bool, error) { return get(t, "Caps", t.tx.Caps) }

func (t *faultTx) PutCaps(doc []byte) error {
	return t.put("PutCaps", func() error { return t.tx.PutCaps(doc) })
}

func (t *faultTx) ParamsKey(account string) (int, bool, error) {
	return get(t, "ParamsKey", func() (int, bool, error) { return t.tx.ParamsKey(account) })
}

func (t *faultTx) PutParamsKey(account string, version int) error {
	return t.put("PutParamsKey", func() error { return t.tx.PutParamsKey(account, version) })
}

func (t *faultTx) DeleteParamsKey(account string) error {
	return t.put("DeleteParamsKey", func() error { return t.tx.DeleteParamsKey(account) })
}
