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
// beyond simple text, links and images, a link to a script or an image
// from anywhere but http, https or a relative address.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"**hola**", "<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
		"<a href='x' style='color:red'>y</a>", "# título\n\n- uno\n- dos", "[a](JaVaScRiPt:x)", "<https://example.org>",
		"![i](javascript:alert(1))", "![i](JaVaScRiPt:alert(1) \"t\")", "![x](https://example.org/a.png \"título\")",
		"![x](data:image/png;base64,iVBORw0KGgo=)", "![x](mailto:a@example.org)", "![a\"b](x.png)", "[a](https://example.org \"t\")",
		"[a](https://example.org 'onclick=x')", "[![i](javascript:x)](https://example.org)", "ver https://example.org/a?b=1&c=2 y www.example.org",
		"~~tachado~~ y ~~**fuerte**~~", "![i](java&#115;cript:x)", "![i](<javascript:x>)"} {
		f.Add(s)
	}
	allowed := map[string]bool{"p": true, "br": true, "strong": true, "em": true, "del": true, "ul": true, "ol": true,
		"li": true, "blockquote": true, "code": true, "pre": true, "h2": true, "h3": true, "h4": true, "hr": true, "a": true, "img": true}
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
				case a.Key == "rel" && tok.Data == "a", a.Key == "alt" && tok.Data == "img":
				case a.Key == "src" && tok.Data == "img":
					u, err := url.Parse(strings.TrimSpace(a.Val))
					if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
						t.Fatalf("Render(%q) shows an image from %q", src, a.Val)
					}
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
