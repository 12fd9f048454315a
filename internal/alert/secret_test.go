package alert

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func keyLine(id string, b byte) string {
	return id + ":" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, KeySize))
}

// Goal: a sealed secret opens under its key, account and webhook id only, never
// shows in the sealed value, and the key file's errors name the line
// without quoting a key.
func TestSealOpen(t *testing.T) {
	k, err := ParseKeyring([]byte("# webhook keys\n" + keyLine("k2", 2) + "\n\n" + keyLine("k1", 1) + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if k.Current() != "k2" {
		t.Fatalf("current %q, want the first line's k2", k.Current())
	}
	const secret = "s3cret-s3cret-s3cret"
	id, sealed, err := k.Seal("alice", "hook-a", secret)
	if err != nil || id != "k2" {
		t.Fatalf("Seal: %q %v", id, err)
	}
	if strings.Contains(sealed, secret) || strings.Contains(sealed, base64.StdEncoding.EncodeToString([]byte(secret))) {
		t.Fatalf("sealed value %q shows the secret", sealed)
	}
	if _, again, _ := k.Seal("alice", "hook-a", secret); again == sealed {
		t.Fatal("two seals of one secret are equal: the nonce is not fresh")
	}
	if got, err := k.Open("alice", "hook-a", id, sealed); err != nil || got != secret {
		t.Fatalf("Open = %q %v", got, err)
	}
	if _, err := k.Open("alice", "hook-b", id, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened under another webhook's id: %v", err)
	}
	if _, err := k.Open("bob", "hook-a", id, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened as another account's webhook of the same id: %v", err)
	}
	if _, err := k.Open("alic", "e/hook-a", id, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened under a shifted account/id split: %v", err)
	}
	// A value sealed before migration 00017 (bound to the id alone) opens
	// under its key id with LegacyKeyPrefix, and only so.
	legacy := legacySeal(t, "k2", 2, "hook-a", secret)
	if got, err := k.Open("alice", "hook-a", LegacyKeyPrefix+"k2", legacy); err != nil || got != secret {
		t.Fatalf("legacy Open = %q %v", got, err)
	}
	if _, err := k.Open("alice", "hook-a", "k2", legacy); !errors.Is(err, ErrSealed) {
		t.Fatalf("a legacy value opened as account-bound: %v", err)
	}
	if _, err := k.Open("alice", "hook-a", LegacyKeyPrefix+"k2", sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("an account-bound value opened as legacy: %v", err)
	}
	other, _ := ParseKeyring([]byte(keyLine("k2", 9)))
	if _, err := other.Open("alice", "hook-a", id, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened under a wrong key of the same id: %v", err)
	}
	if _, err := k.Open("alice", "hook-a", "k3", sealed); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("opened under an unknown key id: %v", err)
	}
	if _, err := k.Open("alice", "hook-a", id, "not base64!"); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened garbage: %v", err)
	}
	// An old key still opens what it sealed (rotation).
	old, _ := ParseKeyring([]byte(keyLine("k1", 1)))
	_, byOld, _ := old.Seal("alice", "hook-a", secret)
	if got, err := k.Open("alice", "hook-a", "k1", byOld); err != nil || got != secret {
		t.Fatalf("the rotated keyring does not open k1's seal: %q %v", got, err)
	}
	eph, err := NewKeyring("demo", rand.Reader)
	if err != nil || eph.Current() != "demo" {
		t.Fatalf("NewKeyring: %v", err)
	}
	line, err := NewKeyLine("demo", rand.Reader)
	if err != nil {
		t.Fatalf("NewKeyLine: %v", err)
	}
	demo, err := ParseKeyring([]byte(line))
	if err != nil || demo.Current() != "demo" {
		t.Fatalf("NewKeyLine's %q does not parse: %v", line, err)
	}
	if got, err := demo.Open("alice", "hook-a", demo.Current(), mustSeal(t, demo, "hook-a", secret)); err != nil || got != secret {
		t.Fatalf("NewKeyLine's key does not round-trip: %q %v", got, err)
	}
	if s := NewSecret(); CheckSecret(s) != nil {
		t.Fatalf("NewSecret %q fails CheckSecret", s)
	}
}

func TestParseKeyringErrorsNameTheLine(t *testing.T) {
	short := "k:" + base64.StdEncoding.EncodeToString([]byte("short"))
	for _, c := range []struct{ name, text, want string }{
		{"empty", "# nothing\n", "no key"},
		{"no colon", "k1 AAAA\n", "line 1: want ID:BASE64"},
		{"bad id", "k 1:" + strings.Repeat("A", 44) + "\n", "line 1: want ID:BASE64"},
		{"short key", "\n" + short + "\n", "line 2: key k: want 32 bytes"},
		{"twice", keyLine("k", 1) + "\n" + keyLine("k", 2), "line 2: key id k appears twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseKeyring([]byte(c.text))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), "AAAA") {
				t.Fatalf("error quotes the key: %v", err)
			}
		})
	}
}

func mustSeal(t *testing.T, k *Keyring, hook, secret string) string {
	t.Helper()
	_, sealed, err := k.Seal("alice", hook, secret)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

// legacySeal seals as the keyring did before store migration 00017: under
// the key of keyLine(id, b), with the additional data "unimargin webhook "
// and the webhook id alone.
func legacySeal(t *testing.T, id string, b byte, hook, secret string) string {
	t.Helper()
	block, err := aes.NewCipher(bytes.Repeat([]byte{b}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(secret), []byte("unimargin webhook "+hook)))
}
