package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultSnippetLength is the length, in characters, of a snippet when
// Snippet is given no positive max.
const DefaultSnippetLength = 180

// Snippet returns an excerpt of text, at most max characters long (not
// counting the markup), around the first words that match terms, as HTML:
// matching words are wrapped in <mark>…</mark> and everything else is
// escaped, so the result can go into a page as is and no markup of the
// text survives.
//
// A word of text matches a term when both normalise (Normalize) to the same
// string, or when the term has at least four letters and the word starts
// with it, so that "escuela" marks "escuelas" and the stem "municipi" marks
// "municipios". Backends that know which words of the text matched (from
// their engine's term locations) pass those words; others pass the words
// of the query.
//
// Runs of white space become one space, and an excerpt that does not reach
// the start or end of the text shows "…" there. Without any match the
// excerpt is the start of text.
func Snippet(text string, terms []string, max int) string {
	if max <= 0 {
		max = DefaultSnippetLength
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return ""
	}
	want := foldTerms(terms)
	spans := splitWords(text)

	total := 0
	first := -1
	for i := range spans {
		s := &spans[i]
		s.runeStart = total
		total += utf8.RuneCountInString(text[s.start:s.end])
		if s.word && len(want) > 0 && matches(text[s.start:s.end], want) {
			s.mark = true
			if first < 0 {
				first = i
			}
		}
	}

	// Start a little before the first match, on a word, and move back if
	// the rest of the text would leave the excerpt short. An excerpt that
	// can start with the text keeps what the text starts with ("¿", "«").
	from := 0
	if first >= 0 {
		startRune := spans[first].runeStart - max/3
		if total-startRune < max {
			startRune = total - max
		}
		for startRune > 0 && from < first && (spans[from].runeStart < startRune || !spans[from].word) {
			from++
		}
	}

	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	used := 0
	to := from
	cut := false
	for ; to < len(spans); to++ {
		s := spans[to]
		seg := text[s.start:s.end]
		n := utf8.RuneCountInString(seg)
		if used+n > max {
			if used == 0 { // a single word longer than max: cut it
				seg = cutRunes(seg, max)
				writeSpan(&b, seg, s.mark)
				cut = true
			}
			break
		}
		writeSpan(&b, seg, s.mark)
		used += n
	}
	out := b.String()
	if cut || to < len(spans) {
		out = strings.TrimRight(out, " ") + "…"
	}
	return out
}

type span struct {
	start, end int // byte offsets in the text
	runeStart  int
	word       bool
	mark       bool
}

// splitWords cuts text into alternating runs of word characters (letters,
// digits, combining marks) and of anything else.
func splitWords(text string) []span {
	var spans []span
	start := 0
	inWord := false
	for i, r := range text {
		w := isWordRune(r)
		if i == 0 {
			inWord = w
			continue
		}
		if w != inWord {
			spans = append(spans, span{start: start, end: i, word: inWord})
			start = i
			inWord = w
		}
	}
	return append(spans, span{start: start, end: len(text), word: inWord})
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// foldTerms normalises the words of terms. Of a term of several words
// ("l'école", "children's", "sierra de Gúdar") the words of one or two
// letters are left out: elided articles, possessives and particles would
// otherwise mark every "l" or "de" of the text.
func foldTerms(terms []string) map[string]bool {
	want := map[string]bool{}
	for _, t := range terms {
		var words []string
		for _, s := range splitWords(t) {
			if f := Normalize("", t[s.start:s.end]); s.word && f != "" {
				words = append(words, f)
			}
		}
		for _, w := range words {
			if len(words) == 1 || utf8.RuneCountInString(w) > 2 {
				want[w] = true
			}
		}
	}
	return want
}

func matches(word string, want map[string]bool) bool {
	w := Normalize("", word)
	if want[w] {
		return true
	}
	for t := range want {
		if utf8.RuneCountInString(t) >= 4 && strings.HasPrefix(w, t) {
			return true
		}
	}
	return false
}

func writeSpan(b *strings.Builder, s string, mark bool) {
	if s == "" {
		return
	}
	if mark {
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s))
		b.WriteString("</mark>")
		return
	}
	b.WriteString(html.EscapeString(s))
}

func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
