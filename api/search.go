package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gorilla/mux"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// searchParams are the query parameters GET /search understands.
var searchParams = []string{"q", "lang", "type", "topic", "province", "page", "per_page", "format"}

// SearchResponse is the JSON body of GET /api/v1/search.
type SearchResponse struct {
	Total   int                              `json:"total"`
	Page    int                              `json:"page"`
	PerPage int                              `json:"per_page"`
	Hits    []SearchHit                      `json:"hits"`
	Facets  map[string][]senderos.FacetCount `json:"facets"`
}

// SearchHit is one result; Snippet is HTML in which only <mark> appears.
type SearchHit struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Lang     string   `json:"lang"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	URL      string   `json:"url"`
	Snippet  string   `json:"snippet"`
	Topics   []string `json:"topics,omitempty"`
	Province string   `json:"province,omitempty"`
	// Example is true for invented content (an example village, person or
	// publication), which the results label as such.
	Example bool `json:"example"`
}

func (s *Server) registerSearchRoutes(r *mux.Router) {
	r.HandleFunc("/search", s.handleSearch).Methods(http.MethodGet)
}

// handleSearch searches the library: JSON for scripts, or the site's own
// search page with the results for a form sent without JavaScript.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	asHTML := params.Get("format") == "html"
	l := web.Negotiate(r, params.Get("lang"))
	q, err := parseSearchQuery(params, l)
	if err == nil && s.search == nil {
		err = web.LocalError(senderos.ENOTIMPLEMENTED, text(l, msgSearchOff))
	}
	var res *senderos.SearchResult
	if err == nil {
		res, err = s.search.Search(r.Context(), q)
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		// What the index refuses beyond what parseSearchQuery checks
		// (a topic or province no document has) is a bad request,
		// in the query's language.
		err = web.LocalError(senderos.EBADREQUEST, text(l, codeMessages[senderos.EBADREQUEST]))
	}
	if asHTML {
		s.searchPage(w, r, q, params, res, err)
		return
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := SearchResponse{Total: res.Total, Page: res.Page, PerPage: q.PerPage, Hits: []SearchHit{}, Facets: res.Facets}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, SearchHit{ID: h.ID, Type: h.Type, Lang: h.Lang, Title: h.Title, Summary: h.Summary,
			URL: h.URL, Snippet: cleanSnippet(h.Snippet), Topics: h.Topics, Province: h.Province, Example: h.Example})
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// maxSearchQuery and maxPerPage bound a search, as the index does.
const (
	maxSearchQuery = 200
	maxPerPage     = 50
)

// parseSearchQuery reads the query parameters; unknown ones, and values
// the index would refuse, are an error in language l (the request's). The
// documents searched are those in ?lang= (any case), Spanish by default.
func parseSearchQuery(params url.Values, l string) (senderos.SearchQuery, error) {
	q := senderos.SearchQuery{
		Q: strings.TrimSpace(params.Get("q")), Lang: web.Languages[0], Type: params.Get("type"),
		Topic: params.Get("topic"), Province: params.Get("province"), Page: 1, PerPage: 10,
	}
	if v, ok := web.SiteLanguage(params.Get("lang")); ok {
		q.Lang = v
	}
	bad := func(key string, args ...any) (senderos.SearchQuery, error) {
		return q, web.LocalError(senderos.EBADREQUEST, text(l, key, args...))
	}
	for name := range params {
		if !slices.Contains(searchParams, name) {
			return bad(msgUnknownParam, name, strings.Join(searchParams, ", "))
		}
	}
	if v := params.Get("lang"); v != "" {
		if _, ok := web.SiteLanguage(v); !ok {
			return bad(msgNotInList)
		}
	}
	for name, dst := range map[string]*int{"page": &q.Page, "per_page": &q.PerPage} {
		if v := params.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return bad(msgWholeNumber, name)
			}
			*dst = n
		}
	}
	switch {
	case q.PerPage > maxPerPage:
		return bad(msgPerPageMax, maxPerPage)
	case q.Q == "":
		return bad(msgRequired)
	case senderos.ValidText(q.Q, false) != "":
		return bad(textMessage(senderos.ValidText(q.Q, false)))
	case utf8.RuneCountInString(q.Q) > maxSearchQuery:
		return bad(msgTooLong, maxSearchQuery)
	case q.Type != "" && !slices.Contains(senderos.DocumentTypes, q.Type):
		return bad(msgNotInList)
	}
	return q, nil
}

// cleanSnippet keeps the text of a snippet and its <mark> elements and
// escapes everything else, whatever the index returned.
func cleanSnippet(snippet string) string {
	var b bytes.Buffer
	for _, n := range snippetNodes(snippet) {
		html.Render(&b, n)
	}
	return b.String()
}

// snippetNodes parses a snippet into text nodes and <mark> elements only.
func snippetNodes(snippet string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	nodes, err := html.ParseFragment(strings.NewReader(snippet), ctx)
	if err != nil {
		return []*html.Node{textNode(snippet)}
	}
	var out []*html.Node
	var walk func(n *html.Node, inMark bool)
	walk = func(n *html.Node, inMark bool) {
		switch {
		case n.Type == html.TextNode:
			out = append(out, textNode(n.Data))
		case n.Type == html.ElementNode && n.DataAtom == atom.Mark && !inMark:
			out = append(out, element("mark", nil, textNode(textContent(n))))
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inMark)
			}
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	return out
}

// searchPage answers a search form sent without JavaScript: the site's
// search page in the query's language, with the query, the results, the
// facets as links and the pages.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, q senderos.SearchQuery, params url.Values, res *senderos.SearchResult, searchErr error) {
	l := lang(q.Lang)
	status := http.StatusOK
	if searchErr != nil {
		status = web.ErrorStatus(senderos.ErrorCode(searchErr))
	}
	page, err := s.renderSearchPage(l, q, params, res, searchErr)
	if err != nil {
		s.logger.Error("search page", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		msg := text(l, msgNoResults, q.Q)
		if searchErr != nil {
			msg = userMessage(l, searchErr)
		}
		page = s.plainPage(l, text(l, msgSearchTitle), msg, nil)
	}
	s.writeHTML(w, status, page)
}

func (s *Server) renderSearchPage(l string, q senderos.SearchQuery, params url.Values, res *senderos.SearchResult, searchErr error) ([]byte, error) {
	if s.pages == nil {
		return nil, fmt.Errorf("no site pages configured")
	}
	src, err := s.pages.Page(langPrefix(l) + "search/")
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	var labels filterLabels
	if form := findNode(doc, func(n *html.Node) bool { return n.DataAtom == atom.Form }); form != nil {
		labels = filterLabelsOf(form)
		fillForm(form, params)
	}
	target := findNode(doc, func(n *html.Node) bool { return attrOf(n, "id") == "search-results" })
	if target == nil {
		return nil, fmt.Errorf("no #search-results on the search page")
	}
	example := attrOf(target, "data-example")
	if example == "" {
		example = text(l, msgExample)
	}
	removeChildren(target)
	switch {
	case searchErr != nil:
		target.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "search-error"}, {Key: "role", Val: "alert"}}, textNode(userMessage(l, searchErr))))
	case res.Total == 0:
		target.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "search-total"}}, textNode(text(l, msgNoResults, q.Q))))
	default:
		target.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "search-total"}}, textNode(text(l, msgResults, res.Total))))
		list := element("ol", []html.Attribute{{Key: "class", Val: "search-hits"}, {Key: "start", Val: strconv.Itoa((res.Page-1)*q.PerPage + 1)}})
		for _, h := range res.Hits {
			item := element("li", []html.Attribute{{Key: "class", Val: "search-hit"}},
				element("h2", nil, element("a", []html.Attribute{{Key: "href", Val: h.URL}}, textNode(h.Title))))
			if h.Example {
				item.AppendChild(element("span", []html.Attribute{{Key: "class", Val: "example-label"}}, textNode(example)))
			}
			item.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "search-type"}}, textNode(text(l, "type_"+h.Type))))
			item.AppendChild(element("p", []html.Attribute{{Key: "class", Val: "search-snippet"}}, snippetNodes(h.Snippet)...))
			list.AppendChild(item)
		}
		target.AppendChild(list)
		target.AppendChild(facetNav(l, params, res, labels))
		if nav := pagesNav(l, params, res, q.PerPage); nav != nil {
			target.AppendChild(nav)
		}
	}
	if title := findNode(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); title != nil && title.FirstChild != nil && q.Q != "" {
		title.FirstChild.Data = q.Q + " · " + title.FirstChild.Data
	}
	return render(doc)
}

// facetNav lists the facets as links that narrow the search, each value
// labelled as the page's own filter labels it.
func facetNav(l string, params url.Values, res *senderos.SearchResult, labels filterLabels) *html.Node {
	nav := element("nav", []html.Attribute{{Key: "class", Val: "search-facets"}, {Key: "aria-label", Val: text(l, msgRefine)}})
	for _, facet := range []struct{ key, param string }{{"type", "type"}, {"topic", "topic"}, {"province", "province"}} {
		counts := res.Facets[facet.key]
		if len(counts) == 0 {
			continue
		}
		list := element("ul", nil)
		for _, c := range counts {
			label := labels.label(l, facet.param, c.Value)
			link := withParams(params, facet.param, c.Value, "page", "")
			a := element("a", []html.Attribute{{Key: "href", Val: link}}, textNode(fmt.Sprintf("%s (%d)", label, c.Count)))
			if params.Get(facet.param) == c.Value {
				a.Attr = append(a.Attr, html.Attribute{Key: "aria-current", Val: "true"})
			}
			list.AppendChild(element("li", nil, a))
		}
		nav.AppendChild(element("h2", nil, textNode(text(l, "facet_"+facet.key))))
		nav.AppendChild(list)
	}
	return nav
}

// pagesNav links to the previous and next pages of results.
func pagesNav(l string, params url.Values, res *senderos.SearchResult, perPage int) *html.Node {
	last := (res.Total + perPage - 1) / perPage
	if last <= 1 {
		return nil
	}
	nav := element("nav", []html.Attribute{{Key: "class", Val: "pagination"}, {Key: "aria-label", Val: text(l, msgPages)}})
	if res.Page > 1 {
		nav.AppendChild(element("a", []html.Attribute{{Key: "href", Val: withParams(params, "page", strconv.Itoa(res.Page-1))}, {Key: "rel", Val: "prev"}}, textNode(text(l, msgPrevious))))
	}
	nav.AppendChild(element("span", nil, textNode(fmt.Sprintf("%d / %d", res.Page, last))))
	if res.Page < last {
		nav.AppendChild(element("a", []html.Attribute{{Key: "href", Val: withParams(params, "page", strconv.Itoa(res.Page+1))}, {Key: "rel", Val: "next"}}, textNode(text(l, msgNext))))
	}
	return nav
}

// withParams returns the search URL with some parameters set ("" removes).
func withParams(params url.Values, kv ...string) string {
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	v.Set("format", "html")
	return "/api/v1/search?" + v.Encode()
}
