package meilisearch

import (
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// fakeSearchRequest holds the search parameters the fake understands; like
// Meilisearch it refuses any other.
type fakeSearchRequest struct {
	Q                     string          `json:"q"`
	Filter                json.RawMessage `json:"filter"`
	Facets                []string        `json:"facets"`
	Locales               []string        `json:"locales"`
	AttributesToSearchOn  []string        `json:"attributesToSearchOn"`
	AttributesToRetrieve  []string        `json:"attributesToRetrieve"`
	AttributesToHighlight []string        `json:"attributesToHighlight"`
	HighlightPreTag       *string         `json:"highlightPreTag"`
	HighlightPostTag      *string         `json:"highlightPostTag"`
	AttributesToCrop      []string        `json:"attributesToCrop"`
	CropLength            *int            `json:"cropLength"`
	CropMarker            *string         `json:"cropMarker"`
	ShowRankingScore      bool            `json:"showRankingScore"`
	Page                  *int            `json:"page"`
	HitsPerPage           *int            `json:"hitsPerPage"`
	Offset                *int            `json:"offset"`
	Limit                 *int            `json:"limit"`
	Hybrid                json.RawMessage `json:"hybrid"`
}

// filterCond is one `attr = "value"` of a filter joined by AND, the only
// form this fake (and this package) uses.
var filterCond = regexp.MustCompile(`^([A-Za-z_]+) = "((?:[^"\\]|\\.)*)"$`)

type fakeScored struct {
	doc   map[string]any
	score float64
}

// search answers a search the way Meilisearch does for a small corpus:
// every query word must match a word of the searched attributes (the last
// one as a prefix); title matches rank before summary, before text.
func (f *fakeMeili) search(uid string, body []byte) (int, any) {
	var req fakeSearchRequest
	if e := decodeStrict(body, &req); e != nil {
		return fail(e)
	}
	ix := f.indexes[uid]
	if ix == nil {
		return fail(errorf(http.StatusNotFound, "index_not_found", "Index `%s` not found.", uid))
	}
	var searchable, filterable []string
	_ = json.Unmarshal(ix.settings["searchableAttributes"], &searchable)
	_ = json.Unmarshal(ix.settings["filterableAttributes"], &filterable)

	if len(req.Hybrid) > 0 && string(req.Hybrid) != "null" {
		return fail(errorf(http.StatusBadRequest, "invalid_search_hybrid_query", "No embedder is configured."))
	}
	for _, l := range req.Locales {
		if !slices.Contains(fakeLocales, l) {
			return fail(errorf(http.StatusBadRequest, "invalid_search_locales", "Unknown value `%s` at `.locales`.", l))
		}
	}
	for _, a := range req.AttributesToSearchOn {
		if !slices.Contains(searchable, a) {
			return fail(errorf(http.StatusBadRequest, "invalid_search_attributes_to_search_on",
				"Attribute `%s` is not searchable. Available searchable attributes are: %v.", a, searchable))
		}
	}
	for _, a := range req.Facets {
		if !slices.Contains(filterable, a) {
			return fail(errorf(http.StatusBadRequest, "invalid_search_facets",
				"Invalid facet distribution, attribute `%s` is not filterable.", a))
		}
	}
	conds, e := parseFilter(req.Filter, filterable)
	if e != nil {
		return fail(e)
	}
	if req.Offset != nil || req.Limit != nil {
		return fail(errorf(http.StatusBadRequest, "bad_request", "This fake only serves page/hitsPerPage pagination."))
	}

	on := req.AttributesToSearchOn
	if len(on) == 0 {
		on = searchable
	}
	terms := words(strings.ToLower(req.Q))
	var matched []fakeScored
	for _, d := range ix.docs {
		if !matchesFilter(d, conds) {
			continue
		}
		if score, ok := scoreDoc(d, on, terms); ok {
			matched = append(matched, fakeScored{d, score})
		}
	}
	slices.SortFunc(matched, func(a, b fakeScored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.doc["id"].(string), b.doc["id"].(string)))
	})

	dist := map[string]map[string]int{}
	for _, a := range req.Facets {
		dist[a] = map[string]int{}
		for _, m := range matched {
			for _, v := range values(m.doc[a]) {
				dist[a][v]++
			}
		}
	}

	page, perPage := 1, 20
	if req.Page != nil {
		page = *req.Page
	}
	if req.HitsPerPage != nil {
		perPage = *req.HitsPerPage
	}
	pre, post, marker, crop := "<em>", "</em>", "…", 10
	if req.HighlightPreTag != nil {
		pre = *req.HighlightPreTag
	}
	if req.HighlightPostTag != nil {
		post = *req.HighlightPostTag
	}
	if req.CropMarker != nil {
		marker = *req.CropMarker
	}
	if req.CropLength != nil {
		crop = *req.CropLength
	}
	hits := []map[string]any{}
	for i := (page - 1) * perPage; page >= 1 && i < min(page*perPage, len(matched)); i++ {
		d := matched[i].doc
		hit, formatted := map[string]any{}, map[string]any{}
		for k, v := range d {
			hit[k], formatted[k] = v, v
		}
		for _, a := range req.AttributesToCrop {
			if s, ok := d[a].(string); ok {
				formatted[a] = cropText(s, terms, crop, marker)
			}
		}
		for _, a := range req.AttributesToHighlight {
			if s, ok := formatted[a].(string); ok {
				formatted[a] = highlight(s, terms, pre, post)
			}
		}
		hit["_formatted"] = formatted
		if req.ShowRankingScore {
			hit["_rankingScore"] = matched[i].score
		}
		hits = append(hits, hit)
	}
	totalPages := 0
	if perPage > 0 {
		totalPages = (len(matched) + perPage - 1) / perPage
	}
	return http.StatusOK, map[string]any{
		"hits": hits, "query": req.Q, "processingTimeMs": 0, "facetDistribution": dist,
		"page": page, "hitsPerPage": perPage, "totalHits": len(matched), "totalPages": totalPages,
	}
}

// parseFilter accepts a string of `attr = "value"` conditions joined by AND
// on filterable attributes.
func parseFilter(raw json.RawMessage, filterable []string) ([][2]string, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, errorf(http.StatusBadRequest, "invalid_search_filter", "This fake only understands string filters.")
	}
	var conds [][2]string
	for part := range strings.SplitSeq(s, " AND ") {
		m := filterCond.FindStringSubmatch(part)
		if m == nil {
			return nil, errorf(http.StatusBadRequest, "invalid_search_filter", "Was expecting a condition, found `%s`.", part)
		} else if !slices.Contains(filterable, m[1]) {
			return nil, errorf(http.StatusBadRequest, "invalid_search_filter",
				"Attribute `%s` is not filterable. Available filterable attributes are: %v.", m[1], filterable)
		}
		v := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[2])
		conds = append(conds, [2]string{m[1], v})
	}
	return conds, nil
}

func matchesFilter(d map[string]any, conds [][2]string) bool {
	for _, c := range conds {
		if !slices.Contains(values(d[c[0]]), c[1]) {
			return false
		}
	}
	return true
}

// values is a field's string values: the string itself or an array's.
func values(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var s []string
		for _, e := range v {
			if str, ok := e.(string); ok {
				s = append(s, str)
			}
		}
		return s
	}
	return nil
}

// scoreDoc reports whether every term matches one of the attributes and a
// score in [0,1] that favours matches in earlier attributes.
func scoreDoc(d map[string]any, attrs, terms []string) (float64, bool) {
	if len(terms) == 0 {
		return 1, true
	}
	total := 0.0
	for i, term := range terms {
		last := i == len(terms)-1
		best := 0.0
		for rank, a := range attrs {
			for _, v := range values(d[a]) {
				if slices.ContainsFunc(words(strings.ToLower(v)), func(w string) bool { return termMatches(w, term, last) }) {
					best = max(best, 1-float64(rank)/float64(len(attrs)+1))
				}
			}
		}
		if best == 0 {
			return 0, false
		}
		total += best
	}
	return total / float64(len(terms)), true
}

func termMatches(word, term string, prefix bool) bool {
	return word == term || (prefix && strings.HasPrefix(word, term))
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// wordSpans are the byte ranges of the words of s.
func wordSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if inWord && start < 0 {
			start = i
		} else if !inWord && start >= 0 {
			spans = append(spans, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}

// highlight wraps the words of s that match a term, leaving the rest of s
// as it is: unescaped, as Meilisearch does.
func highlight(s string, terms []string, pre, post string) string {
	var b strings.Builder
	prev := 0
	for _, sp := range wordSpans(s) {
		w := strings.ToLower(s[sp[0]:sp[1]])
		if slices.ContainsFunc(terms, func(t string) bool { return termMatches(w, t, true) }) {
			b.WriteString(s[prev:sp[0]] + pre + s[sp[0]:sp[1]] + post)
			prev = sp[1]
		}
	}
	b.WriteString(s[prev:])
	return b.String()
}

// cropText keeps n words of s around its first match, marking the cuts.
func cropText(s string, terms []string, n int, marker string) string {
	spans := wordSpans(s)
	if len(spans) <= n {
		return s
	}
	first := 0
	for i, sp := range spans {
		w := strings.ToLower(s[sp[0]:sp[1]])
		if slices.ContainsFunc(terms, func(t string) bool { return termMatches(w, t, true) }) {
			first = i
			break
		}
	}
	start := max(0, min(first-n/2, len(spans)-n))
	end := start + n
	out := s[spans[start][0]:spans[end-1][1]]
	if start > 0 {
		out = marker + out
	}
	if end < len(spans) {
		out += marker
	}
	return out
}
