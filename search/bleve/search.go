package bleve

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// Weights of the ways a query word can match a word of a field, times the
// weight of the field: a form of the word (its stem), with a bonus for the
// word exactly as typed (after normalisation), beats a word with typos.
const (
	boostStem  = 1.0
	boostExact = 0.5
	boostTypo  = 0.2 // divided by the number of edits
)

// maxFacetValues bounds the values counted, over all facets: far more
// types, topics and provinces than the site has.
const maxFacetValues = 1000

var facetNames = []string{search.FacetType, search.FacetTopic, search.FacetProvince}

// Search returns the page q asks for of the documents of q.Lang matching
// every word of q.Q, best first, with the facets of all of them. It returns
// EINVALID for a query that search.ValidateQuery refuses.
func (x *Index) Search(ctx context.Context, q senderos.SearchQuery) (*senderos.SearchResult, error) {
	q, err := search.ValidateQuery(q)
	if err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return nil, errClosed
	}

	result := &senderos.SearchResult{Page: q.Page, Hits: []senderos.SearchHit{}, Facets: map[string][]senderos.FacetCount{}}
	for _, name := range facetNames {
		result.Facets[name] = []senderos.FacetCount{}
	}
	p, err := x.plan(q.Lang, q.Q)
	if err != nil {
		return nil, err
	}
	if len(p.words) == 0 { // only stop words
		return result, nil
	}
	filters := []query.Query{termQuery(fieldLang, q.Lang)}
	if q.Type != "" {
		filters = append(filters, termQuery(fieldType, q.Type))
	}
	if q.Topic != "" {
		filters = append(filters, termQuery(fieldTopic, q.Topic))
	}
	if q.Province != "" {
		filters = append(filters, termQuery(fieldProvince, q.Province))
	}
	bq := query.NewBooleanQuery([]query.Query{p.query()}, nil, nil)
	bq.AddFilter(query.NewConjunctionQuery(filters))

	req := blevesearch.NewSearchRequestOptions(bq, q.PerPage, (q.Page-1)*q.PerPage, false)
	// Ties keep the order of the documents in the index, the same from
	// page to page; sorting them by ID would cost more than the search.
	req.Fields = []string{fieldDoc}
	req.AddFacet(fieldFacet, blevesearch.NewFacetRequest(fieldFacet, maxFacetValues))
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Q, err)
	}

	result.Total = int(res.Total)
	if result.Total == 0 {
		if err := x.checkValues(ctx, q); err != nil {
			return nil, err
		}
	}
	for _, h := range res.Hits {
		hit, err := p.hit(h)
		if err != nil {
			return nil, err
		}
		result.Hits = append(result.Hits, hit)
	}
	if fr := res.Facets[fieldFacet]; fr != nil {
		for _, t := range fr.Terms.Terms() {
			name, value := parseFacetValue(t.Term)
			if counts, ok := result.Facets[name]; ok {
				result.Facets[name] = append(counts, senderos.FacetCount{Value: value, Count: t.Count})
			}
		}
	}
	for _, counts := range result.Facets {
		search.SortFacets(counts)
	}
	return result, nil
}

// checkValues returns EINVALID for a topic or province filter that no
// document in any language has. Searches run it only when they found
// nothing, so a known value costs nothing.
func (x *Index) checkValues(ctx context.Context, q senderos.SearchQuery) error {
	for _, f := range []struct{ field, name, value string }{
		{fieldTopic, "topic", q.Topic}, {fieldProvince, "province", q.Province},
	} {
		if f.value == "" {
			continue
		}
		res, err := x.idx.SearchInContext(ctx, blevesearch.NewSearchRequestOptions(termQuery(f.field, f.value), 0, 0, false))
		if err != nil {
			return fmt.Errorf("check %s %q: %w", f.name, f.value, err)
		}
		if res.Total == 0 {
			return search.ErrUnknownValue(f.name, f.value)
		}
	}
	return nil
}

// typosOf returns the stems of the indexed words that word may be a typo
// of, nearest and most frequent first. They depend only on the language,
// the word and the index's generation, so they are remembered: building
// the automaton that finds them is the dearest part of a search, and
// people type the same words again and again.
func (x *Index) typosOf(fuzzy index.IndexReaderFuzzy, p *plan, word string) ([]typo, error) {
	k := search.Fuzziness(word)
	if k == 0 {
		return nil, nil
	}
	key := x.gen + "\x00" + p.lang + "\x00" + word
	if typos, ok := x.typos.get(key); ok {
		return typos, nil
	}
	dict, err := fuzzy.FieldDictFuzzy(wordsField(p.lang), word, k, "")
	if err != nil {
		return nil, fmt.Errorf("typos of %q: %w", word, err)
	}
	type candidate struct {
		term     string
		distance int
		count    uint64
	}
	var cands []candidate
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			return nil, errors.Join(fmt.Errorf("typos of %q: %w", word, err), dict.Close())
		}
		if e.Term == word {
			continue
		}
		d := k
		if k > 1 && search.WithinDistance(e.Term, word, 1) {
			d = 1
		}
		cands = append(cands, candidate{e.Term, d, e.Count})
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.distance != b.distance {
			return a.distance - b.distance
		}
		return cmp.Compare(b.count, a.count)
	})
	var typos []typo
	for _, c := range cands[:min(len(cands), maxTypos)] {
		for _, t := range p.stemmer.Analyze([]byte(c.term)) {
			typos = append(typos, typo{string(t.Term), c.distance})
		}
	}
	x.typos.put(key, typos)
	return typos, nil
}

// typoCache remembers the typo candidates of query words. It is emptied
// when it holds maxCachedWords, which a site's vocabulary of searches
// rarely reaches.
type typoCache struct {
	mu sync.Mutex
	m  map[string][]typo
}

const maxCachedWords = 10_000

func (c *typoCache) get(key string) ([]typo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	typos, ok := c.m[key]
	return typos, ok
}

func (c *typoCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = nil
}

func (c *typoCache) put(key string, typos []typo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedWords {
		c.m = make(map[string][]typo)
	}
	c.m[key] = typos
}

// plan is a query once analysed: the words that documents must all
// contain, each with its stems and those of the indexed words it may be a
// typo of, and the analyzers that made them, to find the same words in the
// hits.
type plan struct {
	lang           string
	words          []planWord
	stems          map[string]bool // of the words and of their typo candidates
	stemmer, plain analysis.Analyzer
}

type planWord struct {
	word  string // normalised, unstemmed
	stems []string
	typos []typo
}

// typo is the stem of an indexed word within the typo distance of a query
// word.
type typo struct {
	stem     string
	distance int
}

// maxTypos bounds the indexed words that one query word may be a typo of:
// the nearest, then the most frequent, are kept.
const maxTypos = 20

// plan analyses text with the analyzers of lang. Stop words are left out.
func (x *Index) plan(lang, text string) (plan, error) {
	m := x.idx.Mapping()
	p := plan{
		lang:    lang,
		stems:   map[string]bool{},
		stemmer: m.AnalyzerNamed(analyzerName(lang, false)),
		plain:   m.AnalyzerNamed(analyzerName(lang, true)),
	}
	if p.stemmer == nil || p.plain == nil {
		return p, fmt.Errorf("no analyzer for language %q", lang)
	}
	stems := map[int][]string{} // by position of the word in text
	for _, t := range p.stemmer.Analyze([]byte(text)) {
		stems[t.Position] = append(stems[t.Position], string(t.Term))
		p.stems[string(t.Term)] = true
	}
	seen := map[string]bool{}
	for _, t := range p.plain.Analyze([]byte(text)) {
		word := string(t.Term)
		if len(stems[t.Position]) == 0 || seen[word] {
			continue // a stop word, or said already
		}
		seen[word] = true
		p.words = append(p.words, planWord{word: word, stems: stems[t.Position]})
	}
	if err := x.addTypos(&p); err != nil {
		return p, err
	}
	return p, nil
}

// addTypos finds, for each word of p long enough to allow typos
// (search.Fuzziness), the indexed words of its language within that
// distance, and adds their stems. Expanding the typos here, once in the
// dictionary of all words, lets them match the stemmed fields with the
// weight of each field.
func (x *Index) addTypos(p *plan) error {
	adv, err := x.idx.Advanced()
	if err != nil {
		return fmt.Errorf("search index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("search index reader: %w", err)
	}
	defer r.Close()
	fuzzy, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return fmt.Errorf("search index reader %T cannot look up typos", r)
	}

	for i := range p.words {
		w := &p.words[i]
		typos, err := x.typosOf(fuzzy, p, w.word)
		if err != nil {
			return err
		}
		for _, t := range typos {
			if p.stems[t.stem] {
				continue // a stem of a query word, or a typo seen already
			}
			p.stems[t.stem] = true
			w.typos = append(w.typos, t)
		}
	}
	return nil
}

// query matches the documents that contain every word of p. A word
// matches one of its stems in a text field, weighted by the field, itself
// in any field (a small bonus for the exact form), or the stem of a word
// it may be a typo of, weighted less the more edits it takes.
func (p plan) query() query.Query {
	var all []query.Query
	for _, w := range p.words {
		var clauses []query.Query
		for _, f := range textFields {
			for _, s := range w.stems {
				tq := termQuery(textField(f.name, p.lang), s)
				tq.SetBoost(f.boost * boostStem)
				clauses = append(clauses, tq)
			}
			for _, t := range w.typos {
				tq := termQuery(textField(f.name, p.lang), t.stem)
				tq.SetBoost(f.boost * boostTypo / float64(t.distance))
				clauses = append(clauses, tq)
			}
		}
		exact := termQuery(wordsField(p.lang), w.word)
		exact.SetBoost(boostExact)
		clauses = append(clauses, exact)
		all = append(all, query.NewDisjunctionQuery(clauses))
	}
	return query.NewConjunctionQuery(all)
}

func termQuery(field, term string) *query.TermQuery {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	return tq
}

// hit decodes the stored document of h and builds its snippet.
func (p plan) hit(h *bsearch.DocumentMatch) (senderos.SearchHit, error) {
	raw, ok := h.Fields[fieldDoc].(string)
	if !ok {
		return senderos.SearchHit{}, fmt.Errorf("search hit %q has no stored document", h.ID)
	}
	var d senderos.Document
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return senderos.SearchHit{}, fmt.Errorf("decode search hit %q: %w", h.ID, err)
	}
	return senderos.SearchHit{Document: d, Snippet: p.snippet(d), Score: h.Score}, nil
}

// snippet marks the words that matched in the text of d, or in its
// summary if none did there; when only the title matched, it shows the
// summary.
func (p plan) snippet(d senderos.Document) string {
	for _, src := range []string{d.Text, d.Summary} {
		if words := p.matched(src); len(words) > 0 {
			return search.Snippet(src, words, search.DefaultSnippetLength)
		}
	}
	src := d.Summary
	if src == "" {
		src = d.Text
	}
	return search.Snippet(src, nil, search.DefaultSnippetLength)
}

// matched returns the words of text, as written there, that the query
// matches: those whose stem, as the index analyses them, is the stem of a
// query word or of a word it may be a typo of. Finding them here, for the
// hits of one page, is cheaper than asking the index for the term
// locations of every match.
func (p plan) matched(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range p.stemmer.Analyze([]byte(text)) {
		if int(t.End) > len(text) || t.Start >= t.End || !p.stems[string(t.Term)] {
			continue
		}
		if surface := text[t.Start:t.End]; !seen[surface] {
			seen[surface] = true
			out = append(out, surface)
		}
	}
	return out
}
