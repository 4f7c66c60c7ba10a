package voice_test

import (
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/voice"
)

// TestRepositoryHoldsTheVoice runs the glossary's rules over every text
// file of each language: the pages, the interface texts, the templates and
// the API's messages and the back-office's texts.
func TestRepositoryHoldsTheVoice(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []struct {
		name string
		read func(string) ([]voice.Line, error)
	}{
		{"Content", voice.Content},
		{"Catalogues", voice.Catalogues},
		{"Templates", voice.Templates},
		{"ServerTexts", voice.ServerTexts},
	} {
		t.Run(src.name, func(t *testing.T) {
			lines, err := src.read(root)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) == 0 {
				t.Fatal("no lines read")
			}
			for _, l := range lines {
				for _, h := range voice.CheckLine(l) {
					t.Errorf("%s:%d: %s «%s»: %s", l.File, l.N, h.Rule.Name, h.Match, h.Rule.Why)
				}
			}
		})
	}
}
