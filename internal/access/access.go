// Package access issues and checks API bearer tokens: a token is 32 random
// bytes shown once; only its SHA-256 is stored, with the subject it grants
// (the admin, or one account). A token's entropy makes a plain hash safe
// against offline guessing, so no slow KDF sits on every request's path.
package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Subject is what a token grants; exactly one kind:
//   - the Admin (every route, and acting for a venue, audited);
//   - a Custodian (credits deposits it has received into any account;
//     DESIGN.md, Collateral layer: deposits are not self-asserted);
//   - one Account (reads and moves only its own state);
//   - one Venue (holds and releases the liens granted to it; a lien is the
//     venue's claim, so the account it encumbers never releases it).
//
// Subject is comparable: jobs and streams compare owners with ==.
type Subject struct {
	Admin     bool
	Custodian bool
	Account   string
	Venue     string
}

// AdminSubject is the subject of admin tokens.
var AdminSubject = Subject{Admin: true}

// CustodianSubject is the subject of custodian tokens.
var CustodianSubject = Subject{Custodian: true}

// AccountSubject returns the subject of an account's tokens.
func AccountSubject(account string) Subject { return Subject{Account: account} }

// VenueSubject returns the subject of a venue's tokens.
func VenueSubject(venue string) Subject { return Subject{Venue: venue} }

// String is the stored and printed form: "admin", "custodian",
// "account=<id>" or "venue=<id>".
func (s Subject) String() string {
	switch {
	case s.Admin:
		return "admin"
	case s.Custodian:
		return "custodian"
	case s.Venue != "":
		return "venue=" + s.Venue
	}
	return "account=" + s.Account
}

// ErrBadSubject is returned by ParseSubject.
var ErrBadSubject = errors.New(`subject must be "admin", "custodian", "account=<id>" or "venue=<id>"`)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,128}$`)

// ParseSubject reads String's form back.
func ParseSubject(s string) (Subject, error) {
	switch s {
	case "admin":
		return AdminSubject, nil
	case "custodian":
		return CustodianSubject, nil
	}
	if id, ok := strings.CutPrefix(s, "account="); ok && validID(id) {
		return AccountSubject(id), nil
	}
	if id, ok := strings.CutPrefix(s, "venue="); ok && validID(id) {
		return VenueSubject(id), nil
	}
	return Subject{}, fmt.Errorf("%w, got %q", ErrBadSubject, s)
}

// validID accepts the collateral layer's id alphabet, never "." or ".."
// (which name no account and read as paths).
func validID(id string) bool { return idPattern.MatchString(id) && id != "." && id != ".." }

// CanRead reports whether the subject may read or move the account's state.
func (s Subject) CanRead(account string) bool {
	return s.Admin || s.Account != "" && s.Account == account
}

// CanCredit reports whether the subject may credit deposits to accounts
// it does not own: the admin and custodians.
func (s Subject) CanCredit() bool { return s.Admin || s.Custodian }

// ActsFor reports whether the subject may act for the venue (release or
// shrink its liens): the venue itself, or the admin (audited by the caller).
func (s Subject) ActsFor(venue string) bool {
	return s.Admin || s.Venue != "" && s.Venue == venue
}

// Grant is a stored token: its hash, subject and a label for people.
type Grant struct {
	Hash    string // hex SHA-256 of the token
	Subject Subject
	Label   string
}

// tokenPrefix marks unimargin tokens in logs and secret scanners.
const tokenPrefix = "um_"

var tokenPattern = regexp.MustCompile(`^um_[A-Za-z0-9_-]{43}$`)

// NewToken returns a fresh token and the grant to store for it. The token
// uses only [A-Za-z0-9_-] (DESIGN.md, Service).
func NewToken(s Subject, label string) (token string, g Grant, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", Grant{}, fmt.Errorf("token: %w", err)
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, Grant{Hash: Hash(token), Subject: s, Label: label}, nil
}

// WellFormed reports whether token has the shape NewToken gives, so a
// malformed header is refused before any lookup.
func WellFormed(token string) bool { return tokenPattern.MatchString(token) }

// Hash is the stored form of a token.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Matches compares a token with a stored hash in constant time.
func Matches(token, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(Hash(token)), []byte(hash)) == 1
}
