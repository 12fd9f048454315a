package alert

// Webhook secrets at rest. Signing (Sign) needs the secret itself, so it
// cannot be hashed: it is sealed with AES-256-GCM under a server key and
// stored with the key's id, so keys can be rotated (a keyring holds the
// current key, which seals, and older ones, which only open). The
// additional data binds a sealed secret to its account and webhook id
// (ids are each account's own): a sealed value copied onto another
// subscription, of the same account or another, does not open. Sealed
// form: base64(nonce ‖ ciphertext ‖ tag), 12-byte random nonce. A key id
// "id:K" (LegacyKeyPrefix; ':' is outside key ids) marks a value sealed
// under K before store migration 00017, bound to the webhook id alone; it
// opens, and the server re-seals it at start.

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// KeySize is the length of a webhook key (AES-256).
const KeySize = 32

// ErrUnknownKey: a secret is sealed under a key id the keyring does not hold.
var ErrUnknownKey = errors.New("webhook secret sealed under a key this server was not given")

// ErrSealed: a sealed secret does not open under its key (the wrong key
// under that id, or a damaged or moved value).
var ErrSealed = errors.New("webhook secret does not open under its key")

// Keyring holds the server's webhook keys by id.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
}

var keyID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// ParseKeyring reads a key file: one key a line, `ID:BASE64` (ID 1 to 32
// of A-Z a-z 0-9 _ -, BASE64 the standard encoding of 32 random bytes, as
// `head -c 32 /dev/urandom | base64` prints), blank lines and # comments
// ignored. The first key is current (it seals); the others only open, for
// rotation. Errors name the line and never quote a key.
func ParseKeyring(data []byte) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, b64, ok := strings.Cut(line, ":")
		if !ok || !keyID.MatchString(id) {
			return nil, fmt.Errorf("line %d: want ID:BASE64 with ID of 1 to 32 letters, digits, _ or -", n)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("line %d: key id %s appears twice", n, id)
		}
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("line %d: key %s: want %d bytes in standard base64", n, id, KeySize)
		}
		if err := k.add(id, key); err != nil {
			return nil, fmt.Errorf("line %d: key %s: %v", n, id, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if k.current == "" {
		return nil, errors.New("no key (want a line ID:BASE64)")
	}
	return k, nil
}

// NewKeyLine returns a key file line (ParseKeyring's ID:BASE64) of one fresh
// key from random (crypto/rand in production) named id: the key `serve
// --demo` keeps in its data directory.
func NewKeyLine(id string, random io.Reader) (string, error) {
	if !keyID.MatchString(id) {
		return "", fmt.Errorf("key id %q: want 1 to 32 letters, digits, _ or -", id)
	}
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(random, key); err != nil {
		return "", err
	}
	return id + ":" + base64.StdEncoding.EncodeToString(key) + "\n", nil
}

// NewKeyring returns a keyring of one fresh key from random (crypto/rand
// in production) named id, kept in memory only.
func NewKeyring(id string, random io.Reader) (*Keyring, error) {
	if !keyID.MatchString(id) {
		return nil, fmt.Errorf("key id %q: want 1 to 32 letters, digits, _ or -", id)
	}
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(random, key); err != nil {
		return nil, err
	}
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	return k, k.add(id, key)
}

func (k *Keyring) add(id string, key []byte) error {
	block, err := aes.NewCipher(key)
	if err != nil {
		return err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return err
	}
	k.aeads[id] = aead
	if k.current == "" {
		k.current = id
	}
	return nil
}

// Current is the id of the key that seals.
func (k *Keyring) Current() string { return k.current }

// LegacyKeyPrefix prefixes the key id of a secret sealed bound to its
// webhook id alone (before store migration 00017).
const LegacyKeyPrefix = "id:"

// boundTo is the additional data of account's webhook hook. Hook ids have
// no '/' (the API's pattern), so the last '/' splits it unambiguously.
func boundTo(account, hook string) []byte {
	return []byte("unimargin webhook " + account + "/" + hook)
}

// Seal encrypts account's webhook hook's secret under the current key and
// returns the key id and the sealed value to store.
func (k *Keyring) Seal(account, hook, secret string) (keyID, sealed string, err error) {
	aead := k.aeads[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(secret)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", "", err
	}
	out := aead.Seal(nonce, nonce, []byte(secret), boundTo(account, hook))
	return k.current, base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts account's webhook hook's secret sealed under key id (an
// id with LegacyKeyPrefix: bound to hook alone). Errors: ErrUnknownKey
// (the keyring lacks id), ErrSealed (it does not open).
func (k *Keyring) Open(account, hook, id, sealed string) (string, error) {
	ad := boundTo(account, hook)
	if key, legacy := strings.CutPrefix(id, LegacyKeyPrefix); legacy {
		id, ad = key, []byte("unimargin webhook "+hook)
	}
	aead, ok := k.aeads[id]
	if !ok {
		return "", fmt.Errorf("%w: webhook %s, key id %q", ErrUnknownKey, hook, id)
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("%w: webhook %s, key id %s: not a sealed value", ErrSealed, hook, id)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], ad)
	if err != nil {
		return "", fmt.Errorf("%w: webhook %s, key id %s", ErrSealed, hook, id)
	}
	return string(plain), nil
}

// NewSecret returns a fresh webhook secret (130 random bits, 32
// characters): the server's when a subscription gives none.
func NewSecret() string { return "whsec_" + rand.Text() }
