package record

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewReference(t *testing.T) {
	pattern := regexp.MustCompile(`^NS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

	t.Run("IsCrockfordBase32", func(t *testing.T) {
		used := map[rune]bool{}
		for range 10000 {
			ref, err := NewReference()
			if err != nil {
				t.Fatal(err)
			}
			if !pattern.MatchString(ref) {
				t.Fatalf("reference %q does not match %s", ref, pattern)
			}
			for _, r := range ref[3:] {
				used[r] = true
			}
		}
		// 80,000 random characters leave none of the 32 unused.
		for _, r := range alphabet {
			if !used[r] {
				t.Errorf("character %c never used", r)
			}
		}
		if strings.ContainsAny(alphabet, "ILOU") {
			t.Errorf("alphabet %s contains I, L, O or U", alphabet)
		}
	})

	// Each of the eight characters carries five of the 40 random bits: with
	// fewer bits (a byte shifted out, | turned into &) some position is
	// stuck at a few values, or some bit never changes.
	t.Run("HasFortyRandomBits", func(t *testing.T) {
		var used [8]map[byte]bool
		for i := range used {
			used[i] = map[byte]bool{}
		}
		var ones, zeros uint64 // bits seen set and seen clear
		for range 5000 {
			ref, err := NewReference()
			if err != nil {
				t.Fatal(err)
			}
			chars := ref[3:7] + ref[8:12]
			var n uint64
			for i := range len(chars) {
				used[i][chars[i]] = true
				n = n<<5 | uint64(strings.IndexByte(alphabet, chars[i]))
			}
			ones |= n
			zeros |= ^n
		}
		for i, u := range used {
			if len(u) != len(alphabet) {
				t.Errorf("character %d of the reference takes %d values in 5,000, want all %d", i+1, len(u), len(alphabet))
			}
		}
		const all = 1<<40 - 1
		if ones&all != all || zeros&all != all {
			t.Errorf("bits that never change: set %040b, clear %040b", ones&all, zeros&all)
		}
	})

	t.Run("DoesNotRepeat", func(t *testing.T) {
		// 2,000 draws from 2^40 repeat with probability about 2e-6;
		// a repeat here means the randomness is broken.
		seen := make(map[string]bool, 2000)
		for range 2000 {
			ref, err := NewReference()
			if err != nil {
				t.Fatal(err)
			}
			if seen[ref] {
				t.Fatalf("reference %s repeated", ref)
			}
			seen[ref] = true
		}
	})
}
