package markdown_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// FuzzRender checks that nothing typed yields script, event handlers,
// styles or javascript: links.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"**hola**", "<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<a href='x' style='color:red'>y</a>", "# título\n\n- uno\n- dos"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := markdown.Render(src)
		if err != nil {
			return
		}
		lower := strings.ToLower(string(out))
		for _, bad := range []string{"<script", "<img", "<iframe", "<style", " style=", " onerror=", " onclick=", "href=\"javascript:", "<h1"} {
			if strings.Contains(lower, bad) {
				t.Fatalf("Render(%q) = %q contains %s", src, out, bad)
			}
		}
	})
}
