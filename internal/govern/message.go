// Signed messages: a vote, a cancellation or a guardian action is a JSON
// message signed with the member's (or guardian's) ed25519 key. The bytes
// signed are a fixed prefix and the message's canonical JSON (fields in
// declaration order); the message names what it acts on by hash (the
// proposal's, or the version's for a guardian), carries a nonce and an
// expiry, and is accepted once: its hash is kept, so a replay is refused.
package govern

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/unimargin/unimargin/internal/input"
)

// Message kinds.
const (
	KindVote     = "vote"
	KindCancel   = "cancel"
	KindGuardian = "guardian"
)

// Vote choices.
const (
	ChoiceYes     = "yes"
	ChoiceNo      = "no"
	ChoiceAbstain = "abstain"
)

// Guardian actions.
const (
	ActionTighten = "tighten" // parameters stricter, within bounds, at once for new risk
	ActionPause   = "pause"   // pause new risk
)

// signingPrefix separates governance signatures from any other use of a key.
const signingPrefix = "unimargin governance message v1\n"

// Message is what a member or the guardian signs.
type Message struct {
	Kind         string   `json:"kind"`
	Signer       string   `json:"signer"`
	Proposal     string   `json:"proposal,omitempty"`
	ProposalHash string   `json:"proposal_hash,omitempty"`
	Choice       string   `json:"choice,omitempty"`
	Action       string   `json:"action,omitempty"`
	BaseHash     string   `json:"base_hash,omitempty"`
	Changes      []Change `json:"changes,omitempty"`
	Nonce        string   `json:"nonce"`
	ExpiresAt    string   `json:"expires_at"`
}

// Signed is a message and its signature (base64), as submitted.
type Signed struct {
	Message   json.RawMessage `json:"message"`
	Signature string          `json:"signature"`
}

// bytesToSign is the prefix and the canonical JSON of m.
func (m *Message) bytesToSign() []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("govern: a message does not encode: %v", err))
	}
	return append([]byte(signingPrefix), b...)
}

// Sign signs m with key and returns the submission.
func Sign(m Message, key ed25519.PrivateKey) (Signed, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return Signed{}, err
	}
	sig := ed25519.Sign(key, m.bytesToSign())
	return Signed{Message: raw, Signature: base64.StdEncoding.EncodeToString(sig)}, nil
}

// NewNonce returns a random nonce (hex).
func NewNonce() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("govern: no randomness: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// accepted is a message that verified: its decoded form and its hash.
type accepted struct {
	msg  Message
	hash string
}

// verify decodes s, checks its kind, that the signer's key (found by
// signerKey, which refuses non-members) signed it, that it has not
// expired and is not valid for longer than the rules allow, and that it
// was never accepted before. It records nothing: the caller keeps the
// hash (keep) once the act it carries succeeds.
func verify(tx Tx, r *Rules, s Signed, kind string, now time.Time,
	signerKey func(name string) (ed25519.PublicKey, error)) (*accepted, error) {
	if len(s.Message) == 0 {
		return nil, refusef(ErrInvalid, "message", "is required")
	}
	if _, err := input.Decode(s.Message); err != nil {
		return nil, refusef(ErrInvalid, "message", "%v", err)
	}
	var m Message
	dec := json.NewDecoder(bytes.NewReader(s.Message))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, refusef(ErrInvalid, "message", "is not a governance message: %v", err)
	}
	if m.Kind != kind {
		return nil, refuse(ErrInvalid, "message.kind", m.Kind, "must be %q here", kind)
	}
	key, err := signerKey(m.Signer)
	if err != nil {
		return nil, err
	}
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize || !ed25519.Verify(key, m.bytesToSign(), sig) {
		return nil, refuse(ErrBadSignature, "signature", abbreviate(s.Signature), "is not %s's signature of this message", m.Signer)
	}
	if m.Nonce == "" || len(m.Nonce) > 128 {
		return nil, refuse(ErrInvalid, "message.nonce", m.Nonce, "must be 1 to 128 characters")
	}
	exp, err := time.Parse(time.RFC3339, m.ExpiresAt)
	if err != nil {
		return nil, refuse(ErrInvalid, "message.expires_at", m.ExpiresAt, "must be an RFC 3339 time")
	}
	if !now.Before(exp) {
		return nil, refuse(ErrExpired, "message.expires_at", m.ExpiresAt, "has passed (now %s)", now.UTC().Format(time.RFC3339))
	}
	if exp.Sub(now) > r.seconds(r.MessageMaxSeconds) {
		return nil, refuse(ErrInvalid, "message.expires_at", m.ExpiresAt, "is more than %d seconds away (message_max_seconds)", r.MessageMaxSeconds)
	}
	sum := sha256.Sum256(m.bytesToSign())
	h := hex.EncodeToString(sum[:])
	seen, err := tx.GovMessageSeen(h)
	if err != nil {
		return nil, err
	}
	if seen {
		return nil, refuse(ErrReplayed, "message.nonce", m.Nonce, "this signed message was already accepted (replay)")
	}
	return &accepted{msg: m, hash: h}, nil
}

// keep records an accepted message's hash, refusing any replay of it.
func (a *accepted) keep(tx Tx) error { return tx.PutGovMessage(a.hash) }

// memberKey is signerKey for members.
func (r *Rules) memberKey(name string) (ed25519.PublicKey, error) {
	m, ok := r.member(name)
	if !ok {
		return nil, refuse(ErrNotMember, "message.signer", name, "is not a member of the governance rules")
	}
	return m.key, nil
}

func abbreviate(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

// KeyFile is a member's or guardian's key as `govern keygen` writes it.
type KeyFile struct {
	Name       string `json:"name"`
	PublicKey  string `json:"public_key"`
	PrivateKey string `json:"private_key"` // base64 of the 64-byte ed25519 private key
}

// NewKeyFile generates a key pair for name.
func NewKeyFile(name string) (KeyFile, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, err
	}
	return KeyFile{Name: name, PublicKey: base64.StdEncoding.EncodeToString(pub),
		PrivateKey: base64.StdEncoding.EncodeToString(priv)}, nil
}

// ReadKeyFile reads a key file. Errors are *input.Error naming the file.
func ReadKeyFile(path string) (KeyFile, ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return KeyFile{}, nil, input.InFile(input.Errorf("", "cannot read the key file: %v", err), path)
	}
	var k KeyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return KeyFile{}, nil, input.InFile(input.Errorf("", "not a key file (unimargin govern keygen): %v", err), path)
	}
	priv, err := base64.StdEncoding.DecodeString(k.PrivateKey)
	if err != nil || len(priv) != ed25519.PrivateKeySize {
		return KeyFile{}, nil, input.InFile(input.Errorf("private_key", "must be the base64 of a 64-byte ed25519 private key"), path)
	}
	return k, ed25519.PrivateKey(priv), nil
}
