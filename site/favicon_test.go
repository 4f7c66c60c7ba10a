package site_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

// TestFavicon: browsers ask for an icon on every page; none may get a 404.
func TestFavicon(t *testing.T) {
	pages := mustBuild(t)
	t.Run("EveryPageLinksTheSVGIcon", func(t *testing.T) {
		for _, p := range sortedPages(pages) {
			icon := find(p.doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "link" && attr(n, "rel") == "icon"
			})
			if icon == nil || attr(icon, "href") != "/favicon.svg" || attr(icon, "type") != "image/svg+xml" {
				t.Errorf("%s: no <link rel=icon href=/favicon.svg type=image/svg+xml>", p.path)
			}
		}
	})
	t.Run("BothIconsAreBuilt", func(t *testing.T) {
		svg, err := os.ReadFile(filepath.Join(publicDir(), "favicon.svg"))
		if err != nil || !bytes.Contains(svg, []byte(`xmlns="http://www.w3.org/2000/svg"`)) {
			t.Errorf("favicon.svg: %v", err)
		}
		// Browsers that ask for /favicon.ico whatever the page says get
		// an icon file too: a PNG in an ICO header.
		ico, err := os.ReadFile(filepath.Join(publicDir(), "favicon.ico"))
		if err != nil || !bytes.HasPrefix(ico, []byte{0, 0, 1, 0, 1, 0}) || !bytes.Contains(ico, []byte("\x89PNG")) {
			t.Errorf("favicon.ico: not an icon (%v)", err)
		}
	})
}
