package search_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// readFixture decodes testdata/name into v.
func readFixture(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestNormalize(t *testing.T) {
	var cases []struct{ Name, Lang, In, Want string }
	readFixture(t, "normalize.json", &cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if got := search.Normalize(c.Lang, c.In); got != c.Want {
				t.Errorf("Normalize(%q, %q) = %q, want %q", c.Lang, c.In, got, c.Want)
			}
		})
	}
}

// queryCase is a case of testdata/query.json: In validates to Want, or
// fails with EINVALID and the message Err.
type queryCase struct {
	Name string
	In   senderos.SearchQuery
	Want senderos.SearchQuery
	Err  string
}

func TestValidateQuery(t *testing.T) {
	var cases []queryCase
	readFixture(t, "query.json", &cases)
	long := strings.Repeat("á", search.MaxQueryLength)
	cases = append(cases,
		queryCase{Name: "MaxLengthCountsCharacters", In: senderos.SearchQuery{Q: long, Lang: "es"},
			Want: senderos.SearchQuery{Q: long, Lang: "es", Page: 1, PerPage: 10}},
		queryCase{Name: "ErrQueryTooLongByOneCharacter", In: senderos.SearchQuery{Q: long + "a", Lang: "es"},
			Err: "The search text is too long (at most 200 characters)."},
		queryCase{Name: "ErrInvalidUTF8", In: senderos.SearchQuery{Q: "pad\xffrón", Lang: "es"},
			Err: "The search text is not valid UTF-8."},
	)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got, err := search.ValidateQuery(c.In)
			if c.Err != "" {
				if code := senderos.ErrorCode(err); code != senderos.EINVALID {
					t.Fatalf("error code = %q (%v), want %q", code, err, senderos.EINVALID)
				}
				if msg := senderos.ErrorMessage(err); msg != c.Err {
					t.Errorf("message = %q, want %q", msg, c.Err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.Want {
				t.Errorf("got %+v, want %+v", got, c.Want)
			}
		})
	}
}

func TestValidateDocuments(t *testing.T) {
	ok := senderos.Document{ID: "es:/a/", Type: "guide", Lang: "es"}
	for _, c := range []struct {
		name string
		docs []senderos.Document
		err  string
	}{
		{"AcceptsValid", []senderos.Document{ok, {ID: "ar:/a/", Type: "municipality", Lang: "ar"}}, ""},
		{"AcceptsEmpty", nil, ""},
		{"ErrIDRequired", []senderos.Document{{Type: "guide", Lang: "es"}}, "Document 0 has no ID."},
		{"ErrDuplicateID", []senderos.Document{ok, ok}, `Document ID "es:/a/" appears twice.`},
		{"ErrUnknownLang", []senderos.Document{{ID: "x", Type: "guide", Lang: "de"}}, `Document "x" has unknown language "de".`},
		{"ErrUnknownType", []senderos.Document{{ID: "x", Type: "video", Lang: "es"}}, `Document "x" has unknown type "video".`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := search.ValidateDocuments(c.docs)
			if c.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if senderos.ErrorCode(err) != senderos.EINVALID || senderos.ErrorMessage(err) != c.err {
				t.Errorf("got %v, want EINVALID %q", err, c.err)
			}
		})
	}
}

func TestFuzziness(t *testing.T) {
	for word, want := range map[string]int{"de": 0, "bar": 0, "casa": 1, "escuala": 1, "vivenda": 1, "integrasion": 2, "escuelas": 2, "مدرسة": 1, "اسبانيا": 1} {
		if got := search.Fuzziness(word); got != want {
			t.Errorf("Fuzziness(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestSortFacets(t *testing.T) {
	got := []senderos.FacetCount{{Value: "b", Count: 1}, {Value: "c", Count: 3}, {Value: "a", Count: 1}}
	search.SortFacets(got)
	want := []senderos.FacetCount{{Value: "c", Count: 3}, {Value: "a", Count: 1}, {Value: "b", Count: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSnippet(t *testing.T) {
	var cases []struct {
		Name, Text string
		Terms      []string
		Max        int
		Want       string
	}
	readFixture(t, "snippet.json", &cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if got := search.Snippet(c.Text, c.Terms, c.Max); got != c.Want {
				t.Errorf("Snippet(%q, %q, %d)\n got %q\nwant %q", c.Text, c.Terms, c.Max, got, c.Want)
			}
		})
	}
}

// FuzzNormalize checks that Normalize is idempotent, always returns UTF-8
// and leaves no upper-case letter, tatweel or combining mark.
func FuzzNormalize(f *testing.F) {
	var cases []struct{ Name, Lang, In, Want string }
	b, err := os.ReadFile("testdata/normalize.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		f.Add(c.Lang, c.In)
	}
	// Bytes that are not UTF-8 become U+FFFD, even after ASCII alone.
	for _, s := range []string{"a\x80", "PADRON\x80", "\xff\xfe", "ø\xc3"} {
		f.Add("es", s)
	}
	f.Fuzz(func(t *testing.T, lang, s string) {
		got := search.Normalize(lang, s)
		if again := search.Normalize(lang, got); again != got {
			t.Errorf("not idempotent: %q → %q → %q", s, got, again)
		}
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8 from %q: %q", s, got)
		}
		for _, r := range got {
			if unicode.ToLower(r) != r || r == '\u0640' || unicode.Is(unicode.Mn, r) {
				t.Errorf("Normalize(%q) = %q keeps %q", s, got, r)
			}
		}
	})
}

// FuzzSnippet checks that whatever the text and terms, the only elements of
// a snippet are well-nested <mark> elements without attributes, and that it
// holds at most max characters of text.
func FuzzSnippet(f *testing.F) {
	for _, s := range []string{"La integración en el pueblo", "<script>alert(1)</script>", "<mark onclick=x>padrón</mark>",
		"a < b && c > d", "إِسْبَانِيَا <b>", "&lt;mark&gt;", "\xff\xfe padrón"} {
		f.Add(s, "padron", 40)
	}
	f.Add("mark <mark> mark", "<mark>", 10)
	f.Fuzz(func(t *testing.T, text, term string, max int) {
		if max > 1000 || max < -1000 {
			max %= 1000
		}
		out := search.Snippet(text, []string{term}, max)
		z := html.NewTokenizer(strings.NewReader(out))
		depth := 0
		var visible strings.Builder
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			tok := z.Token()
			switch tt {
			case html.TextToken:
				visible.WriteString(tok.Data)
			case html.StartTagToken:
				if tok.Data != "mark" || len(tok.Attr) > 0 || depth > 0 {
					t.Fatalf("unexpected %q in %q", tok.String(), out)
				}
				depth++
			case html.EndTagToken:
				if tok.Data != "mark" || depth != 1 {
					t.Fatalf("unexpected %q in %q", tok.String(), out)
				}
				depth--
			default:
				t.Fatalf("unexpected token %v %q in %q", tt, tok.String(), out)
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed <mark> in %q", out)
		}
		stripped := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(stripped, "<>") {
			t.Fatalf("raw angle bracket in %q", out)
		}
		limit := max
		if limit <= 0 {
			limit = search.DefaultSnippetLength
		}
		shown := strings.Trim(visible.String(), "…")
		if n := utf8.RuneCountInString(shown); n > limit {
			t.Fatalf("%d characters shown, max %d: %q", n, limit, out)
		}
	})
}

func TestWithinDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"escuela", "escuela", 0, true},
		{"escuala", "escuela", 1, true},
		{"vivenda", "vivienda", 1, true},
		{"integrasion", "integracion", 2, true},
		{"escuelas", "escuala", 1, false},
		{"escuelas", "escuala", 2, true},
		{"padron", "patron", 1, true},
		{"padron", "patrones", 1, false},
		{"", "ab", 2, true},
		{"", "abc", 2, false},
		{"امينه", "امينة", 1, true},
		{"abc", "cab", 1, false},
		{"abc", "ab", 1, true}, // a longer by exactly k
		{"ab", "abc", 1, true}, // b longer by exactly k
		{"abcd", "ab", 1, false},
		{"ab", "abcd", 1, false},
		{"casa", "casa", 0, true},
		{"casa", "cosa", 0, false},
		{"casa", "cosa", 1, true},
		{"padron", "padrón", 1, true},
		{"xbcdef", "abcdef", 1, true},
		{"abcdex", "abcdef", 1, true},
		{"abcdef", "badcfe", 2, false},
	} {
		if got := search.WithinDistance(c.a, c.b, c.k); got != c.want {
			t.Errorf("WithinDistance(%q, %q, %d) = %v, want %v", c.a, c.b, c.k, got, c.want)
		}
	}
}
