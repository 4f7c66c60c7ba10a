package backoffice

import (
	"testing"

	"github.com/cepaim/senderos/voice"
)

// TestStaffTextsHoldTheVoice runs the glossary's rules over the
// back-office texts as the program holds them, whichever file registers
// them (the voice package's test reads the same texts from the source, with
// their file and line).
func TestStaffTextsHoldTheVoice(t *testing.T) {
	staffTextMu.RLock()
	defer staffTextMu.RUnlock()
	for key, texts := range staffTextAll {
		for i, text := range texts {
			l := voice.Langs[i]
			for _, h := range voice.Check(l, false, text) {
				t.Errorf("staff text %s (%s): %s «%s»: %s", key, l, h.Rule.Name, h.Match, h.Rule.Why)
			}
		}
	}
}
