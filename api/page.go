package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Pages gives the API the site's own built pages, so that a form sent
// without JavaScript is answered in the site's look and language: the form
// page again with the problems shown, or the thank-you page.
type Pages interface {
	// Page returns the HTML of the page at a URL path, e.g. /ar/move/form/.
	Page(path string) ([]byte, error)
}

// formPaths are where each form and its thank-you page live on the site.
var formPaths = map[senderos.Kind]struct{ form, thanks string }{
	senderos.KindInterest:     {"move/form/", "move/thanks/"},
	senderos.KindMunicipality: {"join/form/", "join/thanks/"},
	senderos.KindHost:         {"host/form/", "host/thanks/"},
}

func langPrefix(l string) string {
	if l == web.Languages[0] {
		return "/"
	}
	return "/" + l + "/"
}

// formPage returns the form page with what was typed and each problem.
func (s *Server) formPage(req *request, p problems) ([]byte, error) {
	if s.pages == nil {
		return nil, fmt.Errorf("no site pages configured")
	}
	src, err := s.pages.Page(langPrefix(req.lang) + formPaths[req.kind].form)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	form := findNode(doc, func(n *html.Node) bool { return n.DataAtom == atom.Form })
	if form == nil {
		return nil, fmt.Errorf("no form on the %s form page", req.kind)
	}
	fillForm(form, req.form)
	markProblems(doc, form, p.messages(req.lang), p, req.lang)
	return render(doc)
}

// thanksPage returns the thank-you page with the submission's reference.
func (s *Server) thanksPage(sub *senderos.Submission) ([]byte, error) {
	if s.pages == nil {
		return nil, fmt.Errorf("no site pages configured")
	}
	src, err := s.pages.Page(langPrefix(lang(sub.Lang)) + formPaths[sub.Kind].thanks)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	ref := findNode(doc, func(n *html.Node) bool { return attrOf(n, "id") == "reference" })
	if ref == nil {
		return nil, fmt.Errorf("no #reference on the %s thank-you page", sub.Kind)
	}
	removeChildren(ref)
	ref.AppendChild(&html.Node{Type: html.TextNode, Data: sub.Reference})
	return render(doc)
}

// fillForm puts back what was typed. A name used by several controls (the
// rows of children or jobs) takes its values in order.
func fillForm(form *html.Node, values url.Values) {
	used := map[string]int{}
	for _, n := range findNodes(form, isControl) {
		name := attrOf(n, "name")
		if name == "" || name == "form_token" || name == "website" {
			continue
		}
		vs := values[name]
		switch {
		case n.DataAtom == atom.Input && (attrOf(n, "type") == "checkbox" || attrOf(n, "type") == "radio"):
			setBoolAttr(n, "checked", slices.Contains(vs, attrOf(n, "value")))
		case n.DataAtom == atom.Input && attrOf(n, "type") == "hidden":
			// Hidden fields keep the page's own values.
		case n.DataAtom == atom.Select:
			v := nth(vs, used[name])
			used[name]++
			for _, o := range findNodes(n, func(o *html.Node) bool { return o.DataAtom == atom.Option }) {
				setBoolAttr(o, "selected", optionValue(o) == v)
			}
		case n.DataAtom == atom.Textarea:
			removeChildren(n)
			n.AppendChild(&html.Node{Type: html.TextNode, Data: nth(vs, used[name])})
			used[name]++
		default:
			setAttr(n, "value", nth(vs, used[name]))
			used[name]++
		}
	}
}

// markProblems writes each problem under its field, marks the field's
// controls invalid and fills the summary at #form-problems with links.
func markProblems(doc, form *html.Node, msgs map[string]string, p problems, l string) {
	var items []*html.Node
	seen := map[string]bool{}
	for _, q := range p {
		if seen[q.Field] {
			continue
		}
		seen[q.Field] = true
		msg := msgs[q.Field]
		errID := "error-" + q.Field
		wrapper := findNode(form, func(n *html.Node) bool { return attrOf(n, "data-field") == q.Field })
		target := ""
		if wrapper != nil {
			setAttr(wrapper, "class", strings.TrimSpace(attrOf(wrapper, "class")+" field-invalid"))
			for _, c := range findNodes(wrapper, isControl) {
				if target == "" {
					target = attrOf(c, "id")
				}
				setAttr(c, "aria-invalid", "true")
				setAttr(c, "aria-describedby", strings.TrimSpace(attrOf(c, "aria-describedby")+" "+errID))
			}
			wrapper.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "field-error"}, {Key: "id", Val: errID}}, textNode(msg)))
		}
		label := fieldLabel(form, wrapper, q.Field)
		var item *html.Node
		if target != "" {
			item = element("li", nil, element("a", []html.Attribute{{Key: "href", Val: "#" + target}}, textNode(label+": "+msg)))
		} else {
			item = element("li", nil, textNode(label+": "+msg))
		}
		items = append(items, item)
	}
	summary := findNode(doc, func(n *html.Node) bool { return attrOf(n, "id") == "form-problems" })
	if summary != nil {
		removeChildren(summary)
		delAttr(summary, "hidden")
		setAttr(summary, "role", "alert")
		setAttr(summary, "tabindex", "-1")
		summary.AppendChild(element("h2", nil, textNode(text(l, msgSummary))))
		summary.AppendChild(element("ul", nil, items...))
	}
	if title := findNode(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); title != nil && title.FirstChild != nil {
		title.FirstChild.Data = text(l, msgErrorTitle) + ": " + title.FirstChild.Data
	}
}

// fieldLabel is the visible name of a field: its legend or label.
func fieldLabel(form, wrapper *html.Node, field string) string {
	if wrapper != nil {
		if n := findNode(wrapper, func(n *html.Node) bool { return n.DataAtom == atom.Legend || n.DataAtom == atom.Label }); n != nil {
			return strings.TrimSpace(strings.Join(strings.Fields(labelText(n)), " "))
		}
	}
	return field
}

// labelText is the text of a label or legend without its "(required)"
// mark (span.req): the summary says what is wrong with the field already.
func labelText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if attrOf(n, "class") == "req" {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(labelText(c))
	}
	return b.String()
}

// plainPage is a minimal page in the person's language, for when the
// site's own page is not at hand.
func (s *Server) plainPage(l, title, message string, items []string) []byte {
	var b bytes.Buffer
	dir := "ltr"
	if l == "ar" {
		dir = "rtl"
	}
	plainTemplate.Execute(&b, map[string]any{"Lang": l, "Dir": dir, "Title": title, "Message": message, "Items": items, "Home": langPrefix(l)})
	return b.Bytes()
}

var plainTemplate = template.Must(template.New("plain").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Title}} · Nuevos Senderos</title></head>
<body><main><h1>{{.Title}}</h1>{{with .Message}}<p>{{.}}</p>{{end}}{{with .Items}}<ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}<p><a href="{{.Home}}">Nuevos Senderos</a></p></main></body></html>
`))

func problemList(l string, p problems) []string {
	var out []string
	for field, msg := range p.messages(l) {
		out = append(out, field+": "+msg)
	}
	slices.Sort(out)
	return out
}

func isControl(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Input || n.DataAtom == atom.Select || n.DataAtom == atom.Textarea)
}

func optionValue(o *html.Node) string {
	for _, a := range o.Attr {
		if a.Key == "value" {
			return a.Val
		}
	}
	return strings.TrimSpace(textContent(o))
}

func nth(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

func render(doc *html.Node) ([]byte, error) {
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func findNode(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findNode(c, match); f != nil {
			return f
		}
	}
	return nil
}

func findNodes(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
		out = append(out, findNodes(c, match)...)
	}
	return out
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func delAttr(n *html.Node, key string) {
	n.Attr = slices.DeleteFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func setBoolAttr(n *html.Node, key string, on bool) {
	delAttr(n, key)
	if on {
		n.Attr = append(n.Attr, html.Attribute{Key: key})
	}
}

func removeChildren(n *html.Node) {
	for n.FirstChild != nil {
		n.RemoveChild(n.FirstChild)
	}
}

func element(tag string, attrs []html.Attribute, children ...*html.Node) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag)), Attr: attrs}
	for _, c := range children {
		n.AppendChild(c)
	}
	return n
}

func textNode(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textContent(c))
	}
	return b.String()
}
