package storetest

import (
	"testing"

	"github.com/cepaim/senderos/store/seal"
)

// TestKey is the data key the stores' tests seal with. It is fixed, so
// that a test's child processes open what their parent sealed; it seals
// nothing but test data.
const TestKey = "1YOb8kvJvKYzOQ4uxwjNzTBP0yOtggkRtpk621aakyg="

// Keys returns a keyring holding TestKey.
func Keys() *seal.Keyring {
	return MustKeys(TestKey)
}

// MustKeys parses a keyring and panics if text holds none: it is for
// fixed test keys.
func MustKeys(text string) *seal.Keyring {
	k, err := seal.Parse(text)
	if err != nil {
		panic(err)
	}
	return k
}

// NewKey returns a keyring of one new key, for a test that rotates keys.
func NewKey(tb testing.TB) (*seal.Keyring, string) {
	tb.Helper()
	text := seal.Generate()
	return MustKeys(text), text
}
