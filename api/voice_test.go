package api

import (
	"strings"
	"testing"

	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
	"github.com/cepaim/senderos/voice"
)

// TestMessagesHoldTheVoice runs the glossary's rules over the messages and
// the back-office texts as the program holds them: the catalogue, every
// plural form, and the closed lists' labels the back-office shows (the
// voice package's test reads the catalogue's files, with their lines).
func TestMessagesHoldTheVoice(t *testing.T) {
	c := texts.Default()
	for _, key := range c.Keys() {
		for _, l := range web.Languages {
			for form, text := range c.Forms(l, key) {
				if !c.Plural(key) {
					form = ""
				}
				line := voice.Line{Lang: l, Family: !strings.Contains(key, "."), Form: form, Text: text}
				for _, h := range voice.CheckLine(line) {
					t.Errorf("text %s (%s %s): %s «%s»: %s", key, l, form, h.Rule.Name, h.Match, h.Rule.Why)
				}
			}
		}
	}
}
