package meilisearch

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"

	meili "github.com/meilisearch/meilisearch-go"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// Meilisearch returns the original text with the highlight tags inserted
// and nothing escaped. We ask it for two private-use characters that never
// reach the index (stripMarkers), escape the whole snippet, then turn the
// characters into our markup: only <mark> and </mark> survive.
const (
	preMarker  = "\uE000"
	postMarker = "\uE001"
)

// cropLength is the length of a snippet in words.
const cropLength = 30

// facets maps the SearchResult facet names to the attributes they count.
var facets = []struct{ name, attr string }{
	{search.FacetType, "type"},
	{search.FacetTopic, "topics"},
	{search.FacetProvince, "province"},
}

// Search runs q against the live index; q is validated by
// search.ValidateQuery, so a bad query is EINVALID without a request.
func (idx *Index) Search(ctx context.Context, q senderos.SearchQuery) (*senderos.SearchResult, error) {
	q, err := search.ValidateQuery(q)
	if err != nil {
		return nil, err
	}

	resp, err := idx.search.Index(idx.name).Search(ctx, q.Q, searchRequest(q))
	if isIndexNotFound(err) {
		return emptyResult(q), nil
	} else if err != nil {
		return nil, fmt.Errorf("meilisearch: search: %w", err)
	}

	res := emptyResult(q)
	res.Total = int(cmp.Or(resp.TotalHits, resp.EstimatedTotalHits))
	if res.Total == 0 {
		if err := idx.checkValues(ctx, q); err != nil {
			return nil, err
		}
	}
	for _, raw := range resp.Hits {
		h, err := decodeHit(raw, q.Lang)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	if len(resp.FacetDistribution) > 0 {
		var dist map[string]map[string]int
		if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
			return nil, fmt.Errorf("meilisearch: facet distribution: %w", err)
		}
		for _, f := range facets {
			res.Facets[f.name] = facetCounts(dist[f.attr])
		}
	}
	return res, nil
}

// checkValues returns EINVALID for a topic or province filter that no
// document in any language has. Searches run it only when they found
// nothing, so a known value costs no request.
func (idx *Index) checkValues(ctx context.Context, q senderos.SearchQuery) error {
	none := int64(0)
	for _, f := range []struct{ attr, name, value string }{
		{"topics", "topic", q.Topic}, {"province", "province", q.Province},
	} {
		if f.value == "" {
			continue
		}
		resp, err := idx.search.Index(idx.name).Search(ctx, "", &meili.SearchRequest{
			Filter: f.attr + " = " + quote(f.value), HitsPerPage: &none, Page: 1,
		})
		if err != nil {
			return fmt.Errorf("meilisearch: check %s: %w", f.name, err)
		}
		if cmp.Or(resp.TotalHits, resp.EstimatedTotalHits) == 0 {
			return search.ErrUnknownValue(f.name, f.value)
		}
	}
	return nil
}

// searchRequest is the request for a validated query.
func searchRequest(q senderos.SearchQuery) *meili.SearchRequest {
	title, summary, text := "title_"+q.Lang, "summary_"+q.Lang, "text_"+q.Lang
	perPage := int64(q.PerPage)
	var attrs []string
	for _, f := range facets {
		attrs = append(attrs, f.attr)
	}
	return &meili.SearchRequest{
		Query:                 q.Q,
		Filter:                filter(q),
		Facets:                attrs,
		Locales:               []string{locales[q.Lang]},
		AttributesToSearchOn:  []string{title, summary, text, "topics"},
		AttributesToHighlight: []string{title, summary, text},
		HighlightPreTag:       preMarker,
		HighlightPostTag:      postMarker,
		AttributesToCrop:      []string{text},
		CropLength:            cropLength,
		ShowRankingScore:      true,
		Page:                  int64(q.Page),
		HitsPerPage:           &perPage,
	}
}

// filter restricts a search to the query's language and filters.
func filter(q senderos.SearchQuery) string {
	conds := []string{"lang = " + quote(q.Lang)}
	if q.Type != "" {
		conds = append(conds, "type = "+quote(q.Type))
	}
	if q.Topic != "" {
		conds = append(conds, "topics = "+quote(q.Topic))
	}
	if q.Province != "" {
		conds = append(conds, "province = "+quote(q.Province))
	}
	return strings.Join(conds, " AND ")
}

// quote makes s a double-quoted value of a Meilisearch filter.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func emptyResult(q senderos.SearchQuery) *senderos.SearchResult {
	res := &senderos.SearchResult{Page: q.Page, Hits: []senderos.SearchHit{}, Facets: map[string][]senderos.FacetCount{}}
	for _, f := range facets {
		res.Facets[f.name] = []senderos.FacetCount{}
	}
	return res
}

// decodeHit turns a Meilisearch hit of the language lang into a SearchHit.
func decodeHit(raw meili.Hit, lang string) (senderos.SearchHit, error) {
	var h hit
	var fields, formatted map[string]json.RawMessage
	var score float64
	if err := raw.Decode(&h); err != nil {
		return senderos.SearchHit{}, fmt.Errorf("meilisearch: decode hit: %w", err)
	} else if err := raw.Decode(&fields); err != nil {
		return senderos.SearchHit{}, fmt.Errorf("meilisearch: decode hit: %w", err)
	}
	if f, ok := raw["_formatted"]; ok {
		if err := json.Unmarshal(f, &formatted); err != nil {
			return senderos.SearchHit{}, fmt.Errorf("meilisearch: decode _formatted: %w", err)
		}
	}
	if s, ok := raw["_rankingScore"]; ok {
		if err := json.Unmarshal(s, &score); err != nil {
			return senderos.SearchHit{}, fmt.Errorf("meilisearch: decode _rankingScore: %w", err)
		}
	}
	str := func(m map[string]json.RawMessage, key string) string {
		var s string
		_ = json.Unmarshal(m[key], &s) // absent or null: ""
		return s
	}
	title, summary, text := "title_"+lang, "summary_"+lang, "text_"+lang
	doc := h.document(str(fields, title), str(fields, summary), str(fields, text))

	// The snippet is the cropped text around the matches; if the words
	// matched only the summary, the summary; else the start of the text.
	snippet := str(formatted, text)
	if !strings.Contains(snippet, preMarker) && strings.Contains(str(formatted, summary), preMarker) {
		snippet = str(formatted, summary)
	} else if snippet == "" {
		snippet = str(formatted, summary)
	}
	return senderos.SearchHit{Document: doc, Snippet: sanitize(snippet), Score: score}, nil
}

// sanitize escapes s and turns the highlight markers into <mark> tags.
func sanitize(s string) string {
	s = html.EscapeString(s)
	return strings.NewReplacer(preMarker, "<mark>", postMarker, "</mark>").Replace(s)
}

// stripMarkers removes the highlight markers from text to be indexed, so
// that every marker in a search response is one Meilisearch inserted.
// It works on runes: removing bytes could join the halves of invalid
// UTF-8 around a marker into a new one.
func stripMarkers(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(preMarker+postMarker, r) {
			return -1
		}
		return r
	}, s)
}

// facetCounts sorts a facet's distribution by count, then value.
func facetCounts(dist map[string]int) []senderos.FacetCount {
	counts := make([]senderos.FacetCount, 0, len(dist))
	for v, n := range dist {
		counts = append(counts, senderos.FacetCount{Value: v, Count: n})
	}
	search.SortFacets(counts)
	return counts
}

// hit is a record as a search returns it.
type hit struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Lang     string   `json:"lang"`
	URL      string   `json:"url"`
	Topics   []string `json:"topics"`
	Province string   `json:"province"`
	Date     *int64   `json:"date"`
	Example  bool     `json:"example"`
}

// document rebuilds the Document from a hit and its language's fields.
func (h hit) document(title, summary, text string) senderos.Document {
	d := senderos.Document{
		ID: h.ID, Type: h.Type, Lang: h.Lang, URL: h.URL,
		Title: title, Summary: summary, Text: text,
		Topics: h.Topics, Province: h.Province, Example: h.Example,
	}
	if len(d.Topics) == 0 {
		d.Topics = nil
	}
	if h.Date != nil {
		d.Date = time.Unix(*h.Date, 0).UTC()
	}
	return d
}
