package backoffice

import (
	"testing"

	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/voice"
)

// TestLabelsHoldTheVoice runs the glossary's rules over the closed lists'
// labels as the back-office shows them (the catalogue's texts are checked
// by api's and voice's tests, which read texts/<lang>.toml).
func TestLabelsHoldTheVoice(t *testing.T) {
	for _, v := range vocabTexts {
		for _, term := range v.list.Terms {
			for _, l := range web.Languages {
				for _, h := range voice.Check(l, false, staffText(l, v.prefix+term.Value)) {
					t.Errorf("label %s%s (%s): %s «%s»: %s", v.prefix, term.Value, l, h.Rule.Name, h.Match, h.Rule.Why)
				}
			}
		}
	}
}
