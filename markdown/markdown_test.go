package markdown_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos/markdown"
)

// TestRender renders each testdata/*.md and compares with the .html beside it.
func TestRender(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".md") + ".html")
			if err != nil {
				t.Fatal(err)
			}
			got, err := markdown.Render(string(src))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// FuzzRender checks that nothing typed yields an element or attribute
// beyond simple text, or a link to a script.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"**hola**", "<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<a href='x' style='color:red'>y</a>", "# título\n\n- uno\n- dos", "[a](JaVaScRiPt:x)", "<https://example.org>"} {
		f.Add(s)
	}
	allowed := map[string]bool{"p": true, "br": true, "strong": true, "em": true, "del": true, "ul": true, "ol": true,
		"li": true, "blockquote": true, "code": true, "pre": true, "h2": true, "h3": true, "h4": true, "hr": true, "a": true}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := markdown.Render(src)
		if err != nil {
			return
		}
		z := html.NewTokenizer(strings.NewReader(string(out)))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("Render(%q) has <%s>", src, tok.Data)
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "rel" && tok.Data == "a":
				case a.Key == "href" && tok.Data == "a":
					u, err := url.Parse(strings.TrimSpace(a.Val))
					if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						t.Fatalf("Render(%q) links to %q", src, a.Val)
					}
				default:
					t.Fatalf("Render(%q) has <%s %s>", src, tok.Data, a.Key)
				}
			}
		}
	})
}
