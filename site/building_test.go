package site_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos/site"
)

func TestBuildingPage(t *testing.T) {
	h := site.Building()
	for _, tc := range []struct {
		name, path, acceptLanguage string
		lang, dir                  string
		says                       string // a phrase in the page's language and voice
	}{
		{"SpanishByDefault", "/", "", "es", "ltr", "no tienes que hacer nada"},
		{"SpanishForSpanishBrowsers", "/move/", "es-ES,es;q=0.9", "es", "ltr", "no tienes que hacer nada"},
		{"EnglishFromThePath", "/en/guide/", "es", "en", "ltr", "you do not need to do anything"},
		{"FrenchFromThePath", "/fr/", "", "fr", "ltr", "vous n’avez rien à faire"},
		{"ArabicFromThePath", "/ar/", "es", "ar", "rtl", "لا تحتاجون"},
		{"ArabicFromTheBrowser", "/", "ar-MA,ar;q=0.9,fr;q=0.5", "ar", "rtl", "لا تحتاجون"},
		{"FrenchFromTheBrowser", "/", "fr-CA,fr;q=0.8,en;q=0.5", "fr", "ltr", "vous n’avez rien à faire"},
		{"EnglishFromTheBrowser", "/guide/", "de-DE,en-GB;q=0.7", "en", "ltr", "you do not need to do anything"},
		{"SpanishForOtherLanguages", "/", "de-DE,de;q=0.9", "es", "ltr", "no tienes que hacer nada"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(h, http.MethodGet, tc.path, "Accept-Language", tc.acceptLanguage)
			if rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", rec.Code)
			}
			hd := rec.Header()
			if hd.Get("Retry-After") == "" || hd.Get("Cache-Control") != "no-store" ||
				!strings.HasPrefix(hd.Get("Content-Type"), "text/html") || hd.Get("Content-Language") != tc.lang ||
				!strings.Contains(hd.Get("Vary"), "Accept-Language") {
				t.Errorf("headers %v", hd)
			}
			if csp := hd.Get("Content-Security-Policy"); csp != site.SecurityHeaders["Content-Security-Policy"] {
				t.Errorf("CSP %q", csp)
			}
			body := rec.Body.String()
			if !strings.HasPrefix(body, "<!doctype html>") {
				t.Errorf("no doctype: %.40q", body)
			}
			if !strings.Contains(body, tc.says) {
				t.Errorf("the page does not say %q:\n%s", tc.says, body)
			}
			if tc.lang == "es" && strings.Contains(strings.ToLower(body), "usted") {
				t.Errorf("the Spanish page says usted")
			}
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var refresh, title, h1, css bool
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				switch n.Data {
				case "html":
					if l := attr(n, "lang"); l != tc.lang {
						t.Errorf("lang %q, want %q", l, tc.lang)
					}
					if d := attr(n, "dir"); d != tc.dir {
						t.Errorf("dir %q, want %q", d, tc.dir)
					}
				case "meta":
					if v := attr(n, "http-equiv"); strings.EqualFold(v, "refresh") {
						c := attr(n, "content")
						refresh = c == hd.Get("Retry-After")
					}
				case "title":
					title = n.FirstChild != nil && strings.TrimSpace(n.FirstChild.Data) != ""
				case "h1":
					h1 = true
				case "script", "style":
					t.Errorf("<%s> is refused by the CSP", n.Data)
				case "link":
					if rel := attr(n, "rel"); rel == "stylesheet" {
						href := attr(n, "href")
						res := serve(h, http.MethodGet, href)
						css = res.Code == http.StatusOK && strings.HasPrefix(res.Header().Get("Content-Type"), "text/css")
					}
				}
				if hasAttr(n, "style") {
					t.Errorf("<%s style=…> is refused by the CSP", n.Data)
				}
			}
			if !refresh || !title || !h1 || !css {
				t.Errorf("refresh as Retry-After %v, title %v, h1 %v, its stylesheet served %v", refresh, title, h1, css)
			}
		})
	}
	t.Run("HeadHasNoBody", func(t *testing.T) {
		rec := serve(h, http.MethodHead, "/", "")
		if rec.Code != http.StatusServiceUnavailable || rec.Body.Len() != 0 {
			t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
		}
	})
}
