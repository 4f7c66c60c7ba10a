package record

import (
	"crypto/rand"
	"fmt"
)

// alphabet is Crockford's base32 alphabet: digits and capitals without I,
// L, O and U, so a reference read over the phone cannot be misheard as
// 1, 0 or a rude word.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ReferenceAttempts is how many references a store tries before giving up
// on a run of collisions, which with 40 random bits means something else
// is wrong.
const ReferenceAttempts = 8

// NewReference returns a random reference of the form NS-XXXX-XXXX: 40 bits
// from crypto/rand written in Crockford's base32.
func NewReference() (string, error) {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("read random reference: %w", err)
	}
	n := uint64(b[0])<<32 | uint64(b[1])<<24 | uint64(b[2])<<16 | uint64(b[3])<<8 | uint64(b[4])

	ref := []byte("NS-XXXX-XXXX")
	for _, i := range []int{11, 10, 9, 8, 6, 5, 4, 3} {
		ref[i] = alphabet[n&31]
		n >>= 5
	}
	return string(ref), nil
}
