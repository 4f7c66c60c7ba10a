package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as it is compared when matching, at index and at query
// time, so that "integracion" finds "integración" and "اسبانيا" finds
// "إسبانيا":
//
//   - letters are lower-cased;
//   - accents and other combining marks are removed (é→e, ñ→n, ç→c, ü→u) and
//     letters that do not decompose are spelt out (œ→oe, æ→ae, ß→ss, ø→o);
//   - compatibility forms are unfolded (ﬁ→fi, full-width letters, Arabic
//     presentation forms);
//   - for Arabic, the tashkeel (U+064B–U+0652), the superscript alef (U+0670)
//     and the tatweel (U+0640) are removed and the letter variants unified:
//     أ إ آ ٱ → ا, ى → ي, ئ → ي, ؤ → و, ة → ه.
//
// lang is the language of the text (es, en, fr or ar). Today the rules are the
// same for all four: the Latin rules never touch Arabic letters and the Arabic
// rules never touch Latin ones, so a Spanish place name inside an Arabic text
// (or the reverse) matches as well. Normalize is idempotent.
func Normalize(lang, s string) string {
	_ = lang
	lower := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return fold(s)
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if lower {
		return s
	}
	return strings.ToLower(s)
}

// maxFoldDepth bounds the recursion of foldRune; compatibility
// decompositions are complete after one step, lower-casing adds one more.
const maxFoldDepth = 8

func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r, 0)
	}
	return b.String()
}

func foldRune(b *strings.Builder, r rune, depth int) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	if unicode.Is(unicode.Mn, r) {
		return // accents, tashkeel, superscript alef
	}
	switch r {
	case '\u0640': // tatweel
		return
	case 'أ', 'إ', 'آ', 'ٱ':
		b.WriteRune('ا')
		return
	case 'ى', 'ئ':
		b.WriteRune('ي')
		return
	case 'ؤ':
		b.WriteRune('و')
		return
	case 'ة':
		b.WriteRune('ه')
		return
	case 'ß', 'ẞ':
		b.WriteString("ss")
		return
	case 'æ', 'Æ':
		b.WriteString("ae")
		return
	case 'œ', 'Œ':
		b.WriteString("oe")
		return
	case 'ø', 'Ø':
		b.WriteByte('o')
		return
	case 'đ', 'Đ':
		b.WriteByte('d')
		return
	case 'ł', 'Ł':
		b.WriteByte('l')
		return
	case 'ı':
		b.WriteByte('i')
		return
	}
	if depth >= maxFoldDepth {
		b.WriteRune(r)
		return
	}
	if l := unicode.ToLower(r); l != r {
		foldRune(b, l, depth+1)
		return
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if d := norm.NFKD.Properties(buf[:n]).Decomposition(); d != nil {
		for _, dr := range string(d) {
			foldRune(b, dr, depth+1)
		}
		return
	}
	b.WriteRune(r)
}
