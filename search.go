package senderos

import (
	"context"
	"time"
)

// Document is one searchable thing of the public site: a guide chapter, a
// magazine article, a testimonial with its transcript, a village profile,
// a resource of the library or a programme page. The site decides what is
// searchable (its search output format); personal data never becomes a
// Document.
type Document struct {
	ID       string    `json:"id"`   // unique across languages, e.g. "es:/guide/01-introduction/"
	Type     string    `json:"type"` // one of DocumentTypes
	Lang     string    `json:"lang"` // es, en, fr or ar
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Text     string    `json:"text"` // plain text, no markup
	URL      string    `json:"url"`  // site-relative, e.g. /ar/guide/
	Topics   []string  `json:"topics,omitempty"`
	Province string    `json:"province,omitempty"`
	Date     time.Time `json:"date,omitzero"`
	Example  bool      `json:"example,omitempty"` // invented content (front matter example: true), labelled as such
}

// DocumentTypes are the kinds of documents the site emits.
var DocumentTypes = []string{"guide", "magazine", "testimonial", "municipality", "library", "page"}

// SearchQuery is what someone looks for. Q is required; the filters are
// optional and must name existing values.
type SearchQuery struct {
	Q        string
	Lang     string // search the documents of this language (required)
	Type     string
	Topic    string
	Province string
	Page     int // from 1
	PerPage  int // 1 to 50
}

// SearchResult is one page of hits, with the total and the facets of all
// matching documents.
type SearchResult struct {
	Total  int
	Page   int
	Hits   []SearchHit
	Facets map[string][]FacetCount // "type", "topic", "province"
}

// SearchHit is a matching document with a snippet of it in which the
// matched words are wrapped in <mark>…</mark>; everything else in the
// snippet is escaped text.
type SearchHit struct {
	Document
	Snippet string
	Score   float64
}

// FacetCount is how many matching documents have a value.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchIndex is where documents are indexed and searched.
type SearchIndex interface {
	// Replace makes docs the whole content of the index, without a moment
	// in which searches see an empty or partial index. progress, if not
	// nil, is called as documents are indexed.
	Replace(ctx context.Context, docs []Document, progress func(done, total int)) error

	// Search returns EINVALID for a query without text or with an unknown
	// language or filter value.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)

	// Count returns how many documents the index holds.
	Count(ctx context.Context) (int, error)

	Close() error
}
