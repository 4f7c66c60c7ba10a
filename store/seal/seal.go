// Package seal encrypts personal data at rest with AES-256-GCM under a
// keyring: the first key seals, every key opens, so keys can be rotated by
// putting a new key first, re-sealing (senderos rekey) and then dropping
// the old one.
//
// A sealed value is a version byte, the 8-byte id of the key that sealed it
// (the first 8 bytes of the key's SHA-256), a 12-byte random nonce and the
// GCM ciphertext. The caller's label (e.g. "submission.private") is the
// additional data, so a value moved to another column does not open.
package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key: 32 bytes, for AES-256.
const KeySize = 32

// version is the first byte of every sealed value.
const version = 1

// Sizes of the parts of a sealed value.
const (
	idSize    = 8
	nonceSize = 12
	overhead  = 1 + idSize + nonceSize + 16 // version, key id, nonce, GCM tag
)

// ErrOpen is returned when a value cannot be opened: it is damaged, was
// sealed under another label, or by a key the keyring does not hold. It
// names neither the key nor the value.
var ErrOpen = errors.New("seal: cannot open sealed value")

// key is one key of a keyring.
type key struct {
	id   [idSize]byte
	aead cipher.AEAD
}

// Keyring holds the keys that seal and open values. The zero Keyring holds
// none and fails every call; use Parse or New.
type Keyring struct {
	keys []key // the primary first
}

// New returns a keyring of the given 32-byte keys, the first the primary.
func New(keys ...[]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("seal: no key given")
	}
	k := &Keyring{}
	seen := map[[idSize]byte]bool{}
	for i, raw := range keys {
		if len(raw) != KeySize {
			return nil, fmt.Errorf("seal: key %d is %d bytes, want %d", i+1, len(raw), KeySize)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("seal: key %d: %w", i+1, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("seal: key %d: %w", i+1, err)
		}
		id := keyID(raw)
		if seen[id] {
			return nil, fmt.Errorf("seal: key %d is given twice", i+1)
		}
		seen[id] = true
		k.keys = append(k.keys, key{id: id, aead: aead})
	}
	return k, nil
}

// Parse reads a keyring from text: base64 keys separated by commas or new
// lines, the first the primary. Blank lines and lines starting with # are
// ignored. Errors say which key is wrong, never what it holds.
func Parse(text string) (*Keyring, error) {
	var keys [][]byte
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, field := range strings.Split(line, ",") {
			field = strings.TrimSpace(field)
			if field == "" {
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(field)
			if err != nil {
				// Keys written without padding or URL-safe are
				// accepted too; the error hides the text.
				if raw, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(field, "=")); err != nil {
					return nil, fmt.Errorf("seal: key %d is not base64", len(keys)+1)
				}
			}
			keys = append(keys, raw)
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("seal: no key found")
	}
	return New(keys...)
}

// Generate returns a new random key, in base64.
func Generate() string {
	return base64.StdEncoding.EncodeToString(randomBytes(KeySize))
}

// randomBytes returns n bytes from crypto/rand, which never fails.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// keyID returns the id of a raw key: the first bytes of its SHA-256.
func keyID(raw []byte) [idSize]byte {
	sum := sha256.Sum256(raw)
	return [idSize]byte(sum[:idSize])
}

// Seal encrypts plaintext with the primary key, bound to label.
func (k *Keyring) Seal(label string, plaintext []byte) ([]byte, error) {
	if k == nil || len(k.keys) == 0 {
		return nil, errors.New("seal: empty keyring")
	}
	p := k.keys[0]
	out := make([]byte, 0, overhead+len(plaintext))
	out = append(out, version)
	out = append(out, p.id[:]...)
	out = append(out, randomBytes(nonceSize)...)
	return p.aead.Seal(out, out[1+idSize:], plaintext, []byte(label)), nil
}

// Open decrypts a value sealed under label by any key of the keyring. It
// returns ErrOpen when the value is damaged, has another label or was
// sealed by an unknown key.
func (k *Keyring) Open(label string, sealed []byte) ([]byte, error) {
	kk, ok := k.find(sealed)
	if !ok {
		return nil, ErrOpen
	}
	nonce := sealed[1+idSize : 1+idSize+nonceSize]
	plain, err := kk.aead.Open(nil, nonce, sealed[1+idSize+nonceSize:], []byte(label))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// IsPrimary reports whether sealed was sealed by the primary key; a value
// that was not must be re-sealed before its key is dropped.
func (k *Keyring) IsPrimary(sealed []byte) bool {
	kk, ok := k.find(sealed)
	return ok && kk == &k.keys[0]
}

// find returns the key that sealed sealed, by the id it carries.
func (k *Keyring) find(sealed []byte) (*key, bool) {
	if k == nil || len(sealed) < overhead || sealed[0] != version {
		return nil, false
	}
	id := sealed[1 : 1+idSize]
	for i := range k.keys {
		if bytes.Equal(k.keys[i].id[:], id) {
			return &k.keys[i], true
		}
	}
	return nil, false
}

// Len returns how many keys the keyring holds.
func (k *Keyring) Len() int {
	if k == nil {
		return 0
	}
	return len(k.keys)
}

// String describes the keyring without revealing its keys, so that
// printing or logging one by mistake leaks nothing.
func (k *Keyring) String() string {
	return fmt.Sprintf("seal.Keyring(%d keys)", k.Len())
}

// GoString is String, for %#v.
func (k *Keyring) GoString() string { return k.String() }
