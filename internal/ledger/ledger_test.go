// Goal: the journal never creates or destroys money and never breaks a
// constraint, whatever transfers are attempted. Method: a rapid state
// machine posts random single-phase, pending, post and void transfers
// (including retries and conflicting retries) over a few accounts of two
// assets, and after every step runs Verify and compares the balances with a
// model that applies only the accepted transfers.
package ledger

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/money"
)

func amt(n uint64) money.Amount { return money.AmountFromUint64(n) }

func openAll(t interface{ Fatal(...any) }, st State) {
	for _, a := range []struct {
		id, asset string
		f         Flags
	}{
		{"world:A", "A", 0}, {"vault:A", "A", CreditsMustNotExceedDebits},
		{"user1:A", "A", DebitsMustNotExceedCredits}, {"user2:A", "A", DebitsMustNotExceedCredits},
		{"world:B", "B", 0}, {"user1:B", "B", DebitsMustNotExceedCredits},
	} {
		if _, err := Open(st, a.id, a.asset, a.f); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPostIdempotent(t *testing.T) {
	m := NewMemory()
	openAll(t, m)
	tr := Transfer{ID: "t1", Debit: "world:A", Credit: "user1:A", Asset: "A", Amount: amt(10), Code: "fund"}
	first, replayed, err := Post(m, tr)
	if err != nil || replayed {
		t.Fatalf("first post: %v %v", replayed, err)
	}
	again, replayed, err := Post(m, tr)
	if err != nil || !replayed || again != first {
		t.Fatalf("retry: %+v %v %v", again, replayed, err)
	}
	u, _, _ := m.Account("user1:A")
	if u.CreditsPosted.Cmp(amt(10)) != 0 {
		t.Fatalf("retry changed the balance: %+v", u)
	}
	tr.Amount = amt(11)
	if _, _, err := Post(m, tr); !errors.Is(err, ErrIDConflict) {
		t.Fatalf("conflicting retry: want ErrIDConflict, got %v", err)
	}
}

func TestTwoPhase(t *testing.T) {
	m := NewMemory()
	openAll(t, m)
	mustPost(t, m, Transfer{ID: "f", Debit: "world:A", Credit: "user1:A", Asset: "A", Amount: amt(100)})
	mustPost(t, m, Transfer{ID: "p", Debit: "user1:A", Credit: "user2:A", Asset: "A", Amount: amt(60), Flags: Pending})
	// The reservation counts against user1: 50 more would exceed its credits.
	if _, _, err := Post(m, Transfer{ID: "x", Debit: "user1:A", Credit: "user2:A", Asset: "A", Amount: amt(50)}); !errors.Is(err, ErrExceedsCredits) {
		t.Fatalf("want ErrExceedsCredits, got %v", err)
	}
	mustPost(t, m, Transfer{ID: "q", PendingID: "p", Amount: amt(40), Flags: PostPending})
	if _, _, err := Post(m, Transfer{ID: "v", PendingID: "p", Flags: VoidPending}); !errors.Is(err, ErrPendingResolved) {
		t.Fatalf("void after post: want ErrPendingResolved, got %v", err)
	}
	u1, _, _ := m.Account("user1:A")
	u2, _, _ := m.Account("user2:A")
	if u1.CreditBalance().Cmp(amt(60)) != 0 || u2.CreditBalance().Cmp(amt(40)) != 0 || !u1.DebitsPending.IsZero() {
		t.Fatalf("after partial post: %+v %+v", u1, u2)
	}
	verify(t, m)
}

func mustPost(t *testing.T, st State, tr Transfer) Transfer {
	t.Helper()
	out, _, err := Post(st, tr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verify(t interface{ Fatalf(string, ...any) }, m *Memory) {
	as, _ := m.Accounts("")
	ts, _ := m.Transfers()
	if err := Verify(as, ts); err != nil {
		t.Fatalf("%v", err)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	m := NewMemory()
	openAll(t, m)
	mustPost(t, m, Transfer{ID: "f", Debit: "world:A", Credit: "user1:A", Asset: "A", Amount: amt(100)})
	a, _, _ := m.Account("user1:A")
	a.CreditsPosted = amt(101)
	_ = m.PutAccount(a)
	as, _ := m.Accounts("")
	ts, _ := m.Transfers()
	if err := Verify(as, ts); !errors.Is(err, ErrInvariant) {
		t.Fatalf("want ErrInvariant, got %v", err)
	}
}

func TestLedgerStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := NewMemory()
		openAll(t, m)
		ids := []string{"world:A", "vault:A", "user1:A", "user2:A"}
		var posted []Transfer // accepted, to retry
		var pendings []string
		n := 0
		t.Repeat(map[string]func(*rapid.T){
			"transfer": func(t *rapid.T) {
				n++
				tr := Transfer{
					ID:     fmt.Sprintf("t%d", n),
					Debit:  rapid.SampledFrom(ids).Draw(t, "dr"),
					Credit: rapid.SampledFrom(ids).Draw(t, "cr"),
					Asset:  "A",
					Amount: amt(rapid.Uint64Range(0, 200).Draw(t, "amount")),
				}
				if rapid.Bool().Draw(t, "pending") {
					tr.Flags = Pending
				}
				before := m.Clone()
				out, _, err := Post(m, tr)
				if err != nil {
					*m = *before // the caller's rollback
					return
				}
				posted = append(posted, tr)
				if out.Status == StatusPending {
					pendings = append(pendings, out.ID)
				}
			},
			"resolve": func(t *rapid.T) {
				if len(pendings) == 0 {
					t.Skip("no pending")
				}
				n++
				p := rapid.SampledFrom(pendings).Draw(t, "pending")
				tr := Transfer{ID: fmt.Sprintf("t%d", n), PendingID: p, Flags: VoidPending}
				if rapid.Bool().Draw(t, "post") {
					tr.Flags = PostPending
					tr.Amount = amt(rapid.Uint64Range(0, 200).Draw(t, "amount"))
				}
				before := m.Clone()
				if _, _, err := Post(m, tr); err != nil {
					*m = *before
				}
			},
			"retry": func(t *rapid.T) {
				if len(posted) == 0 {
					t.Skip("nothing posted")
				}
				tr := rapid.SampledFrom(posted).Draw(t, "transfer")
				before := m.Clone()
				if _, replayed, err := Post(m, tr); err != nil || !replayed {
					t.Fatalf("retry of %s: replayed=%v err=%v", tr.ID, replayed, err)
				}
				tr.Amount = amt(1000)
				if _, _, err := Post(m, tr); !errors.Is(err, ErrIDConflict) {
					t.Fatalf("conflicting retry of %s: %v", tr.ID, err)
				}
				as1, _ := before.Accounts("")
				as2, _ := m.Accounts("")
				if fmt.Sprint(as1) != fmt.Sprint(as2) {
					t.Fatalf("a retry changed balances")
				}
			},
			"": func(t *rapid.T) { verify(t, m) },
		})
	})
}

func FuzzParseUnits(f *testing.F) {
	for _, s := range []string{"10", "0.5", "0", "-1", "1e3", " 1", "1.", ".5", "1.0000000000000000001", "99999999999999999999999999999999999999999"} {
		f.Add(s, uint8(18))
	}
	f.Fuzz(func(t *testing.T, s string, dec uint8) {
		dec %= 31
		a, err := ParseUnits(s, dec)
		if err != nil {
			return
		}
		if a.IsZero() {
			t.Fatalf("%q parsed to zero", s)
		}
		// Round trip: the canonical text parses back to the same amount.
		back, err := ParseUnits(a.Units(dec), dec)
		if err != nil || back.Cmp(a) != 0 {
			t.Fatalf("%q → %s → %v (%v)", s, a.Units(dec), back, err)
		}
	})
}

func TestInvalidFlagsRefused(t *testing.T) {
	m := NewMemory()
	openAll(t, m)
	for _, f := range []TransferFlags{Pending | PostPending, PostPending | VoidPending, Pending | VoidPending, 1 << 5} {
		tr := Transfer{ID: fmt.Sprintf("f%d", f), Debit: "world:A", Credit: "user1:A", Asset: "A", Amount: amt(1), Flags: f}
		if _, _, err := Post(m, tr); !errors.Is(err, ErrInvalidTransfer) {
			t.Fatalf("flags %b: want ErrInvalidTransfer, got %v", f, err)
		}
	}
}

// BenchmarkPost is one transfer posted to the in-memory state (the ledger's
// own cost, without a store).
func BenchmarkPost(b *testing.B) {
	m := NewMemory()
	openAll(b, m)
	n := 0
	for b.Loop() {
		n++
		tr := Transfer{ID: fmt.Sprintf("b%d", n), Debit: "world:A", Credit: "user1:A", Asset: "A", Amount: amt(uint64(n))}
		if _, _, err := Post(m, tr); err != nil {
			b.Fatal(err)
		}
	}
}

// A balance below zero cannot come out of Post: reading one panics instead
// of passing for an empty account.
func TestNegativeBalancePanics(t *testing.T) {
	mustPanic := func(name string, f func() money.Amount) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		got := f()
		t.Errorf("%s = %v", name, got)
	}
	credit := &Account{ID: "shares:a", Flags: DebitsMustNotExceedCredits, CreditsPosted: amt(5), DebitsPosted: amt(3), DebitsPending: amt(3)}
	mustPanic("CreditBalance", credit.CreditBalance)
	debit := &Account{ID: "vault:USDC", Flags: CreditsMustNotExceedDebits, DebitsPosted: amt(1), CreditsPosted: amt(2)}
	mustPanic("DebitBalance", debit.DebitBalance)
	credit.DebitsPending = amt(2)
	debit.CreditsPosted = amt(1)
	if credit.CreditBalance().Cmp(amt(0)) != 0 || debit.DebitBalance().Cmp(amt(0)) != 0 {
		t.Fatal("a zero balance is not zero")
	}
}

// Amounts above the contract's 1e30 units are input errors (422 at the
// edge), compared exactly: 1e30 itself passes, one base unit more does not.
func TestParseUnitsRange(t *testing.T) {
	if _, err := ParseUnits("1"+strings.Repeat("0", 30), 6); err != nil {
		t.Fatalf("1e30 refused: %v", err)
	}
	for _, s := range []string{"1" + strings.Repeat("0", 30) + ".000001", "1" + strings.Repeat("0", 31)} {
		if _, err := ParseUnits(s, 6); !errors.Is(err, money.ErrDecimalRange) {
			t.Fatalf("%s: %v, want ErrDecimalRange", s, err)
		}
	}
}
