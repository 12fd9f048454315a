package access

import (
	"testing"

	"pgregory.net/rapid"
)

func TestNewTokenShapeAndHash(t *testing.T) {
	tok, g, err := NewToken(AccountSubject("alice"), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !WellFormed(tok) {
		t.Fatalf("token %q is not well formed", tok)
	}
	if g.Hash == tok || len(g.Hash) != 64 || !Matches(tok, g.Hash) {
		t.Fatalf("grant hash %q does not match token", g.Hash)
	}
	if Matches(tok+"x", g.Hash) {
		t.Fatal("a different token matched")
	}
	tok2, _, _ := NewToken(AdminSubject, "")
	if tok2 == tok {
		t.Fatal("two tokens are equal")
	}
}

func TestSubjectRoundTrip(t *testing.T) {
	for _, s := range []Subject{AdminSubject, CustodianSubject, AccountSubject("alice"), AccountSubject("mm-1.desk@x"), VenueSubject("dydx")} {
		got, err := ParseSubject(s.String())
		if err != nil || got != s {
			t.Fatalf("ParseSubject(%q) = %v, %v", s.String(), got, err)
		}
	}
	for _, bad := range []string{"", "Admin", "account=", "account=a b", "acct=alice", "account=.", "account=..",
		"venue=", "venue=..", "Custodian", "venue=a:b"} {
		if _, err := ParseSubject(bad); err == nil {
			t.Fatalf("ParseSubject(%q) accepted", bad)
		}
	}
}

func TestCanRead(t *testing.T) {
	if !AdminSubject.CanRead("x") || !AccountSubject("a").CanRead("a") || AccountSubject("a").CanRead("b") {
		t.Fatal("CanRead rules broken")
	}
	// Venue and custodian tokens read no account, not even the empty id.
	for _, s := range []Subject{VenueSubject("a"), CustodianSubject} {
		if s.CanRead("a") || s.CanRead("") {
			t.Fatalf("%s reads an account", s)
		}
	}
}

// TestAuthorityByKind: who credits deposits and who acts for a venue.
func TestAuthorityByKind(t *testing.T) {
	cases := []struct {
		s              Subject
		credit, actsV1 bool
	}{
		{AdminSubject, true, true},
		{CustodianSubject, true, false},
		{AccountSubject("v1"), false, false}, // an account named like the venue is not the venue
		{VenueSubject("v1"), false, true},
		{VenueSubject("v2"), false, false},
	}
	for _, c := range cases {
		if c.s.CanCredit() != c.credit || c.s.ActsFor("v1") != c.actsV1 {
			t.Errorf("%s: CanCredit %v ActsFor(v1) %v, want %v %v", c.s, c.s.CanCredit(), c.s.ActsFor("v1"), c.credit, c.actsV1)
		}
	}
	if VenueSubject("").ActsFor("") {
		t.Fatal("the empty venue acts for the empty venue")
	}
}

func FuzzParseSubject(f *testing.F) {
	f.Add("admin")
	f.Add("account=alice")
	f.Add("venue=dydx")
	f.Add("custodian")
	f.Fuzz(func(t *testing.T, s string) {
		sub, err := ParseSubject(s)
		if err != nil {
			return
		}
		if sub.String() != s {
			t.Fatalf("round trip %q -> %q", s, sub.String())
		}
	})
}

func TestWellFormedRejectsOthers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		if WellFormed(s) && (len(s) != 46 || s[:3] != "um_") {
			t.Fatalf("accepted %q", s)
		}
	})
}
