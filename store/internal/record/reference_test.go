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
