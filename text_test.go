package senderos_test

import (
	"testing"
	"unicode/utf8"

	"github.com/cepaim/senderos"
)

func TestValidText(t *testing.T) {
	for _, tt := range []struct {
		name      string
		text      string
		multiline bool
		want      senderos.TextFault
	}{
		{"Empty", "", false, ""},
		{"Latin", "María José Núñez", false, ""},
		{"Arabic", "محمد بن علي", false, ""},
		{"ArabicWithMarksAndRLM", "مُحَمَّد\u200f", false, ""},
		{"EmojiFamilyWithJoiners", "👨\u200d👩\u200d👧", false, ""},
		{"LinesInMultiline", "línea 1\r\nlínea 2\tcon tabulador", true, ""},
		{"ErrNewlineInOneLine", "Ana\nMaría", false, senderos.TextMalformed},
		{"ErrTabInOneLine", "Ana\tMaría", false, senderos.TextMalformed},
		{"ErrNUL", "Ana\x00", false, senderos.TextMalformed},
		{"ErrNULInMultiline", "uno\x00dos", true, senderos.TextMalformed},
		{"ErrBell", "A\u0007B", false, senderos.TextMalformed},
		{"ErrEscape", "\x1b[31mrojo", true, senderos.TextMalformed},
		{"ErrDEL", "borrar\x7f", false, senderos.TextMalformed},
		{"ErrC1Control", "Ana\u0085", true, senderos.TextMalformed},
		{"ErrInvalidUTF8", "Jos\xe9", false, senderos.TextMalformed},
		{"ErrTruncatedUTF8", "caf\xc3", true, senderos.TextMalformed},
		{"ErrReplacementCharacter", "Jos\ufffd", false, senderos.TextMalformed},
		{"ErrNonCharacter", "Ana\ufffe", false, senderos.TextMalformed},
		{"ErrOnlyZeroWidthSpaces", "\u200b\u200b", false, senderos.TextInvisible},
		{"ErrOnlySpaces", "   ", false, senderos.TextInvisible},
		{"ErrOnlyNoBreakSpaces", "\u00a0\u3000", false, senderos.TextInvisible},
		{"ErrOnlyJoinersAndMarks", "\u200d\u200c\u200e\u2060\ufeff", false, senderos.TextInvisible},
		{"ErrOnlyCombiningMarks", "\u0301\u0308", false, senderos.TextInvisible},
		{"ErrOnlyHangulFillers", "\u3164\u115f", false, senderos.TextInvisible},
		{"ErrOnlyVariationSelectors", "\ufe0f\ufe0e", false, senderos.TextInvisible},
		{"ErrOnlyBlankLines", "\r\n\t\n", true, senderos.TextInvisible},
		{"MalformedBeatsInvisible", "\u200b\x00", false, senderos.TextMalformed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := senderos.ValidText(tt.text, tt.multiline); got != tt.want {
				t.Errorf("ValidText(%q, %v) = %q, want %q", tt.text, tt.multiline, got, tt.want)
			}
		})
	}
}

func FuzzValidText(f *testing.F) {
	for _, seed := range []string{"Ana", "\u200b\u200b", "A\u0007B", "Jos\xe9", "línea\r\nlínea", "مُحَمَّد", "\x00"} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		fault := senderos.ValidText(s, multiline)
		if fault == "" && !utf8.ValidString(s) {
			t.Errorf("ValidText(%q) accepts invalid UTF-8", s)
		}
		if fault == "" && multiline == false && senderos.ValidText(s, true) != "" {
			t.Errorf("ValidText(%q) accepts one line it refuses in a multi-line field", s)
		}
		for _, r := range s {
			if fault == "" && (r == 0 || r == utf8.RuneError) {
				t.Errorf("ValidText(%q) accepts %U", s, r)
			}
		}
	})
}
