package api

import (
	"testing"

	"github.com/cepaim/senderos/voice"
)

// TestMessagesHoldTheVoice runs the glossary's rules over the API's
// messages as the program holds them, whichever file registers them (the
// voice package's test reads the same texts from the source, with their
// file and line).
func TestMessagesHoldTheVoice(t *testing.T) {
	for l, texts := range messages {
		for key, text := range texts {
			for _, h := range voice.Check(l, true, text) {
				t.Errorf("message %s (%s): %s «%s»: %s", key, l, h.Rule.Name, h.Match, h.Rule.Why)
			}
		}
	}
}
