package vault

import (
	"testing"

	"github.com/unimargin/unimargin/internal/assert"
	"github.com/unimargin/unimargin/internal/invariants"
	"github.com/unimargin/unimargin/internal/money"
)

// TestInvariantsCatchCorruption: with the invariants tag (CI runs this
// package's tests with it), a vault whose stored totals no longer match its
// ledger accounts stops the next operation with an assertion failure; in a
// normal build the same operation runs (the check is on demand: Verify,
// `ledger verify`).
func TestInvariantsCatchCorruption(t *testing.T) {
	m := NewMemory()
	if _, err := Deposit(m, "d1", "a", "USDC", "100"); err != nil {
		t.Fatal(err)
	}
	v, _, err := m.Vault("USDC")
	if err != nil {
		t.Fatal(err)
	}
	v.TotalAssets = money.AmountFromUint64(1) // the ledger's vault account still holds 100 USDC
	if err := m.PutVault(v); err != nil {
		t.Fatal(err)
	}
	var failure *assert.Failure
	func() {
		defer func() {
			if r := recover(); r != nil {
				failure, _ = r.(*assert.Failure)
				if failure == nil {
					panic(r)
				}
			}
		}()
		_, _ = Deposit(m, "d2", "b", "USDC", "5")
	}()
	if invariants.Enabled != (failure != nil) {
		t.Fatalf("invariants.Enabled = %v, assertion failure = %v", invariants.Enabled, failure)
	}
}
