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

// Subject is what a token grants: Admin, or the one Account it names.
type Subject struct {
	Admin   bool
	Account string
}

// AdminSubject is the subject of admin tokens.
var AdminSubject = Subject{Admin: true}

// AccountSubject returns the subject of an account's tokens.
func AccountSubject(account string) Subject { return Subject{Account: account} }

// String is the stored and printed form: "admin" or "account=<id>".
func (s Subject) String() string {
	if s.Admin {
		return "admin"
	}
	return "account=" + s.Account
}

// ErrBadSubject is returned by ParseSubject.
var ErrBadSubject = errors.New(`subject must be "admin" or "account=<id>"`)

var accountPattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,128}$`)

// ParseSubject reads String's form back.
func ParseSubject(s string) (Subject, error) {
	if s == "admin" {
		return AdminSubject, nil
	}
	id, ok := strings.CutPrefix(s, "account=")
	if !ok || !accountPattern.MatchString(id) {
		return Subject{}, fmt.Errorf("%w, got %q", ErrBadSubject, s)
	}
	return AccountSubject(id), nil
}

// CanRead reports whether the subject may read or move the account's state.
func (s Subject) CanRead(account string) bool { return s.Admin || s.Account == account }

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
