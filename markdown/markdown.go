// Package markdown turns Markdown typed by people outside the programme (a
// municipality's description) into HTML that is safe to show: goldmark
// renders it, with raw HTML left out, and bluemonday keeps only the
// elements and attributes of simple text, links and images.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(imageRenderer{}, 100))),
	)

	policy = func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr")
		p.AllowStandardURLs()
		p.AllowURLSchemes("http", "https", "mailto")
		p.AllowAttrs("href").OnElements("a")
		// An image's src is checked as a link's href is (imageRenderer
		// has already left out what is not http, https or relative).
		p.AllowAttrs("src", "alt").OnElements("img")
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		return p
	}()
)

// Render returns src as sanitised HTML. Headings of level 1 become level 2,
// since the page around it has its own title. An image whose address is
// not http, https or relative is shown as its text.
func Render(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	out := bytes.ReplaceAll(b.Bytes(), []byte("<h1"), []byte("<h2"))
	out = bytes.ReplaceAll(out, []byte("</h1>"), []byte("</h2>"))
	return template.HTML(policy.SanitizeBytes(out)), nil
}

// imageRenderer renders Markdown images as <img src alt>, with no title,
// and an image whose address is not an image's (javascript:, data:…) as
// its text alone.
type imageRenderer struct{}

func (imageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, renderImage)
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	if !imageURL(n.Destination) {
		return ast.WalkContinue, nil // the text, rendered as any other
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	var alt bytes.Buffer
	plainText(&alt, source, n)
	w.WriteString(`<img src="`)
	w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	w.WriteString(`" alt="`)
	html.DefaultWriter.Write(w, alt.Bytes()) // resolves "&amp;" and "\*", escapes the rest
	w.WriteString(`">`)
	return ast.WalkSkipChildren, nil
}

// imageURL reports whether dest may be an image's address: http, https or
// relative.
func imageURL(dest []byte) bool {
	u, err := url.Parse(string(dest))
	return err == nil && (u.Scheme == "" || u.Scheme == "http" || u.Scheme == "https")
}

// plainText writes the text of n's descendants as typed, without markup.
func plainText(b *bytes.Buffer, source []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		default:
			plainText(b, source, c)
		}
	}
}
