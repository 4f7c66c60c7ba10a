// Package markdown turns Markdown typed by people outside the programme (a
// municipality's description) into HTML that is safe to show: goldmark
// renders it, with raw HTML left out, and bluemonday keeps only the
// elements and attributes of simple text.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))

	policy = func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr")
		p.AllowStandardURLs()
		p.AllowURLSchemes("http", "https", "mailto")
		p.AllowAttrs("href").OnElements("a")
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		return p
	}()
)

// Render returns src as sanitised HTML. Headings of level 1 become level 2,
// since the page around it has its own title.
func Render(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	out := bytes.ReplaceAll(b.Bytes(), []byte("<h1"), []byte("<h2"))
	out = bytes.ReplaceAll(out, []byte("</h1>"), []byte("</h2>"))
	return template.HTML(policy.SanitizeBytes(out)), nil
}
