// Package search holds the pieces that every search backend of the portal
// shares: the text normalisation used to match words whatever their accents,
// case or Arabic spelling variants, the validation of queries and documents,
// and the building of safe HTML snippets in which only <mark> survives.
//
// The backends (search/bleve, search/meilisearch) implement
// senderos.SearchIndex; search/searchtest holds the relevance table that both
// must pass. Nothing here depends on a search engine.
package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cepaim/senderos"
)

// Languages are the languages whose documents can be indexed and searched.
var Languages = []string{"es", "en", "fr", "ar"}

// IsLanguage reports whether lang is one of Languages.
func IsLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Facet names of senderos.SearchResult.Facets.
const (
	FacetType     = "type"
	FacetTopic    = "topic"
	FacetProvince = "province"
)

// Typo tolerance: how many edits a query word may be away from a word of a
// document. Words shorter than MinWordSizeOneTypo must match exactly.
const (
	MinWordSizeOneTypo  = 4
	MinWordSizeTwoTypos = 8
)

// Fuzziness returns the edit distance allowed for a normalised query word:
// 0 below MinWordSizeOneTypo characters, 1 up to MinWordSizeTwoTypos-1, 2
// from MinWordSizeTwoTypos on.
func Fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= MinWordSizeTwoTypos:
		return 2
	case n >= MinWordSizeOneTypo:
		return 1
	}
	return 0
}

// SortFacets orders counts as the portal shows them: most frequent first,
// then by value.
func SortFacets(counts []senderos.FacetCount) {
	slices.SortFunc(counts, func(a, b senderos.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// WithinDistance reports whether a and b are at most k edits apart, an
// edit being the insertion, deletion or substitution of one character
// (Levenshtein distance, as the engines count typos).
func WithinDistance(a, b string, k int) bool {
	if a == b {
		return true
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la-lb > k || lb-la > k {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[lb] <= k
}
