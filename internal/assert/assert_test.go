package assert

import (
	"errors"
	"testing"

	"github.com/unimargin/unimargin/internal/invariants"
)

func failure(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(*Failure).Message
		}
	}()
	f()
	return ""
}

func TestThat(t *testing.T) {
	if m := failure(func() { That(true, "never %d", 1) }); m != "" {
		t.Fatalf("a true assertion panicked: %q", m)
	}
	if m := failure(func() { That(false, "x = %d", 7) }); m != "x = 7" {
		t.Fatalf("a false assertion: %q", m)
	}
	if m := failure(func() { NoError(errors.New("boom"), "post") }); m != "post: boom" {
		t.Fatalf("NoError: %q", m)
	}
}

// TestInvariant: the check runs, and fails loudly, exactly in builds with
// the invariants tag (run this package both ways: CI does).
func TestInvariant(t *testing.T) {
	called := false
	m := failure(func() {
		Invariant("ledger", func() error { called = true; return errors.New("unbalanced") })
	})
	if called != invariants.Enabled {
		t.Fatalf("check called = %v with invariants.Enabled = %v", called, invariants.Enabled)
	}
	if invariants.Enabled && m != "ledger: unbalanced" {
		t.Fatalf("Invariant: %q", m)
	}
	if !invariants.Enabled && m != "" {
		t.Fatalf("Invariant panicked without the tag: %q", m)
	}
}
