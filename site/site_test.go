package site_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos/site"
)

// baseURL is what the test build is published at; links to it are internal.
const baseURL = "https://portal.example/"

// maxPageBytes is the weight budget: HTML, CSS and JS of one page, gzip-compressed.
const maxPageBytes = 50 * 1024

var locales = map[string]string{"es": "es-ES", "en": "en", "fr": "fr", "ar": "ar"}

// built is the site, built once for all tests of this package.
var built struct {
	once  sync.Once
	dir   string
	res   *site.Result
	err   error
	pages map[string]*page // by URL path, e.g. /en/guide/

	reported bool
}

// page is one generated HTML page.
type page struct {
	path string // URL path
	file string
	lang string // language of the URL prefix
	doc  *html.Node
	size int
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// mustBuild builds the site with the pinned Hugo (compiling it on first use)
// and parses every page.
func mustBuild(t *testing.T) map[string]*page {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "senderos-site-")
		if built.err != nil {
			return
		}
		h := &site.Hugo{Root: ".."}
		built.res, built.err = h.Build(context.Background(), site.BuildOptions{
			Destination: filepath.Join(built.dir, "public"), BaseURL: baseURL, Minify: true,
		})
		if built.err != nil {
			return
		}
		built.pages, built.err = parsePages(filepath.Join(built.dir, "public"))
	})
	if built.err != nil {
		if !built.reported {
			built.reported = true
			t.Fatalf("build: %v", built.err)
		}
		t.Fatal("the build failed (reported above)")
	}
	return built.pages
}

func parsePages(root string) (map[string]*page, error) {
	pages := map[string]*page{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		urlPath := "/" + filepath.ToSlash(rel)
		urlPath = strings.TrimSuffix(urlPath, "index.html")
		if strings.HasPrefix(urlPath, "/admin/") {
			return nil // the Decap CMS editor, not a page of the site
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("%s: %w", urlPath, err)
		}
		lang := "es"
		for l := range locales {
			if strings.HasPrefix(urlPath, "/"+l+"/") {
				lang = l
			}
		}
		pages[urlPath] = &page{path: urlPath, file: p, lang: lang, doc: doc, size: len(body)}
		return nil
	})
	return pages, err
}

func publicDir() string { return filepath.Join(built.dir, "public") }

// sortedPages returns the pages in a stable order for readable failures.
func sortedPages(pages map[string]*page) []*page {
	out := make([]*page, 0, len(pages))
	for _, p := range pages {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

func TestBuild(t *testing.T) {
	pages := mustBuild(t)
	t.Run("PrintsNoWarnings", func(t *testing.T) {
		for _, w := range built.res.Warnings {
			t.Error(w)
		}
	})
	t.Run("HasEverySectionInEveryLanguage", func(t *testing.T) {
		sections := []string{"", "programme/", "move/", "join/", "guide/", "magazine/", "testimonials/",
			"municipalities/", "library/", "privacy/", "accessibility/", "contact/", "404.html",
			"move/form/", "move/thanks/", "join/form/", "join/thanks/", "search/"}
		for l := range locales {
			prefix := "/"
			if l != "es" {
				prefix = "/" + l + "/"
			}
			for _, s := range sections {
				if _, ok := pages[prefix+s]; !ok {
					t.Errorf("no page %s%s", prefix, s)
				}
			}
		}
	})
	t.Run("HasMagazineFeed", func(t *testing.T) {
		for _, prefix := range []string{"/", "/en/", "/fr/", "/ar/"} {
			if _, err := os.Stat(filepath.Join(publicDir(), prefix, "magazine", "index.xml")); err != nil {
				t.Errorf("no RSS feed for %smagazine/", prefix)
			}
		}
	})
}

func TestPagesDeclareLanguage(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		root := find(p.doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "html" })
		if root == nil {
			t.Errorf("%s: no <html>", p.path)
			continue
		}
		wantDir := "ltr"
		if p.lang == "ar" {
			wantDir = "rtl"
		}
		if got := attr(root, "lang"); got != locales[p.lang] {
			t.Errorf("%s: lang=%q, want %q", p.path, got, locales[p.lang])
		}
		if got := attr(root, "dir"); got != wantDir {
			t.Errorf("%s: dir=%q, want %q", p.path, got, wantDir)
		}
	}
}

func TestPagesHaveHreflangAlternates(t *testing.T) {
	pages := mustBuild(t)
	for _, p := range sortedPages(pages) {
		if strings.HasSuffix(p.path, "404.html") {
			continue
		}
		alts := map[string]string{}
		for _, n := range findAll(p.doc, isElement("link")) {
			if attr(n, "rel") == "alternate" && attr(n, "hreflang") != "" {
				alts[attr(n, "hreflang")] = attr(n, "href")
			}
		}
		self := alts[locales[p.lang]]
		if self == "" {
			self = alts[p.lang]
		}
		if internalPath(self) != p.path {
			t.Errorf("%s: no hreflang alternate pointing to itself (have %v)", p.path, alts)
		}
		if _, ok := alts["x-default"]; !ok {
			t.Errorf("%s: no x-default alternate", p.path)
		}
		for lang, href := range alts {
			target, ok := pages[internalPath(href)]
			if !ok {
				t.Errorf("%s: alternate %s → %s does not exist", p.path, lang, href)
				continue
			}
			if lang != "x-default" && locales[target.lang] != lang && target.lang != lang {
				t.Errorf("%s: alternate %s → %s is a %s page", p.path, lang, href, target.lang)
			}
		}
	}
}

func TestLanguageSwitcherOnEveryPage(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		langs := map[string]bool{}
		for _, a := range findAll(p.doc, isElement("a")) {
			if hl := attr(a, "hreflang"); hl != "" {
				langs[strings.SplitN(hl, "-", 2)[0]] = true
			}
		}
		for l := range locales {
			if !langs[l] {
				t.Errorf("%s: the language switcher has no link with hreflang %s", p.path, l)
			}
		}
	}
}

func TestInternalLinksResolve(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		for _, ref := range references(p.doc) {
			target := internalPath(ref.url)
			if target == "" || strings.HasPrefix(target, "/api/") || strings.HasPrefix(target, "/admin/") {
				continue
			}
			if !resolves(target) {
				t.Errorf("%s: <%s %s=%q> does not resolve", p.path, ref.tag, ref.attr, ref.url)
			}
		}
	}
}

func TestNoThirdPartyRequestsOnLoad(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		for _, ref := range references(p.doc) {
			if ref.tag == "a" || ref.tag == "form" || (ref.tag == "link" && ref.rel != "stylesheet" && ref.rel != "icon" && ref.rel != "preload" && ref.rel != "manifest") {
				continue
			}
			if u, err := url.Parse(ref.url); err == nil && u.Host != "" && !strings.HasPrefix(ref.url, baseURL) {
				t.Errorf("%s: <%s %s=%q> loads from another site", p.path, ref.tag, ref.attr, ref.url)
			}
		}
		if n := find(p.doc, isElement("iframe")); n != nil {
			t.Errorf("%s: has an iframe", p.path)
		}
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		for _, n := range findAll(p.doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
			if hasAttr(n, "style") {
				t.Errorf("%s: <%s style=…> is blocked by the CSP", p.path, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=…> is blocked by the CSP", p.path, n.Data, a.Key)
				}
			}
			if (n.Data == "script" && attr(n, "src") == "" && attr(n, "type") != "application/ld+json") || n.Data == "style" {
				t.Errorf("%s: inline <%s> is blocked by the CSP", p.path, n.Data)
			}
		}
	}
}

func TestPageWeight(t *testing.T) {
	for _, p := range sortedPages(mustBuild(t)) {
		total := gzipSize(t, p.file)
		for _, ref := range references(p.doc) {
			if (ref.tag == "link" && ref.rel == "stylesheet") || ref.tag == "script" {
				if target := internalPath(ref.url); target != "" {
					total += gzipSize(t, filepath.Join(publicDir(), filepath.FromSlash(target)))
				}
			}
		}
		if total > maxPageBytes {
			t.Errorf("%s weighs %d bytes compressed (HTML+CSS+JS), budget %d", p.path, total, maxPageBytes)
		}
	}
}

func TestExamplePagesShowLabel(t *testing.T) {
	pages := mustBuild(t)
	n := 0
	err := filepath.WalkDir(filepath.Join("..", "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !isExample(body) {
			return nil
		}
		n++
		urlPath := contentURL(t, p)
		pg, ok := pages[urlPath]
		if !ok {
			t.Errorf("%s: example page %s was not generated", p, urlPath)
			return nil
		}
		label := find(pg.doc, hasClass("example-label"))
		if label == nil || strings.TrimSpace(text(label)) == "" || hasAttr(label, "hidden") {
			t.Errorf("%s: example page shows no visible .example-label", urlPath)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no content file is marked example: true; the examples must be")
	}
}

// isExample reports whether a content file's front matter says example: true.
func isExample(body []byte) bool {
	parts := strings.SplitN(string(body), "---", 3)
	if len(parts) < 3 {
		return false
	}
	for _, line := range strings.Split(parts[1], "\n") {
		if strings.TrimSpace(line) == "example: true" {
			return true
		}
	}
	return false
}

// contentURL maps content/<dir>/<name>.<lang>.md to the URL Hugo gives it
// (translation by file name, no custom slugs).
func contentURL(t *testing.T, file string) string {
	rel, err := filepath.Rel(filepath.Join("..", "content"), file)
	if err != nil {
		t.Fatal(err)
	}
	rel = filepath.ToSlash(rel)
	dir, name := path.Split(rel)
	name = strings.TrimSuffix(name, ".md")
	lang := path.Ext(name)
	name = strings.TrimSuffix(name, lang)
	prefix := "/"
	if lang != ".es" {
		prefix = "/" + strings.TrimPrefix(lang, ".") + "/"
	}
	if name == "index" || name == "_index" {
		return prefix + dir
	}
	return prefix + dir + name + "/"
}

// reference is a URL a page refers to.
type reference struct{ tag, attr, rel, url string }

func references(doc *html.Node) []reference {
	var refs []reference
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			switch a.Key {
			case "href", "src", "poster", "action", "data":
				refs = append(refs, reference{n.Data, a.Key, attr(n, "rel"), a.Val})
			case "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						refs = append(refs, reference{n.Data, a.Key, "", f[0]})
					}
				}
			}
		}
	}
	return refs
}

// internalPath returns the path of an internal URL without query or
// fragment, or "" for an external one, a fragment or another scheme.
func internalPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || raw == "" || strings.HasPrefix(raw, "#") {
		return ""
	}
	if u.Scheme != "" || u.Host != "" {
		if !strings.HasPrefix(raw, baseURL) {
			return ""
		}
		return "/" + strings.TrimPrefix(u.Path, "/")
	}
	if !strings.HasPrefix(u.Path, "/") {
		return "" // relative links are not used by the theme
	}
	return u.Path
}

func resolves(urlPath string) bool {
	name := filepath.Join(publicDir(), filepath.FromSlash(urlPath))
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err = os.Stat(filepath.Join(name, "index.html"))
	}
	return err == nil
}

func gzipSize(t *testing.T, file string) int {
	t.Helper()
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	zw.Write(body)
	zw.Close()
	return b.Len()
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func isElement(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func hasClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	for _, t := range findAll(n, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return b.String()
}
