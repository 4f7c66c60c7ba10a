// Package searchtest holds the relevance table that every backend of
// senderos.SearchIndex must pass: a fixed corpus of documents in Spanish,
// English, French and Arabic (Documents), the cases that search it (Cases),
// and Run, which indexes the corpus into a backend and checks every case,
// pagination, and Replace.
//
// A backend's test calls it with a function that opens a fresh, empty
// index and closes it when the test ends:
//
//	func TestIndex(t *testing.T) {
//		searchtest.Run(t, func(t *testing.T) senderos.SearchIndex {
//			idx, err := bleve.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { idx.Close() })
//			return idx
//		})
//	}
package searchtest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos"
)

// Documents returns the corpus of the relevance table, a new copy on each
// call. It is written for the tests, not read from the site, so that the
// cases know exactly which words each document holds.
func Documents() []senderos.Document {
	var docs []senderos.Document
	for _, part := range [][]senderos.Document{documentsES, documentsEN, documentsFR, documentsAR} {
		for _, d := range part {
			d.Topics = slices.Clone(d.Topics)
			docs = append(docs, d)
		}
	}
	return docs
}

// Run indexes Documents into an index made by open and checks every case
// of Cases, pagination, and that Replace never shows an empty or mixed
// index. open must return a new, empty index and close it at the end of
// the test (t.Cleanup); Run calls it more than once.
func Run(t *testing.T, open func(t *testing.T) senderos.SearchIndex) {
	t.Helper()
	ctx := context.Background()
	docs := Documents()
	idx := open(t)

	var calls [][2]int
	if err := idx.Replace(ctx, docs, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatalf("Replace: %v", err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{len(docs), len(docs)} {
		t.Errorf("progress calls %v, want the last to be (%d, %d)", calls, len(docs), len(docs))
	}
	if n, err := idx.Count(ctx); err != nil || n != len(docs) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(docs))
	}

	t.Run("Relevance", func(t *testing.T) {
		for _, c := range Cases() {
			t.Run(c.Name, func(t *testing.T) { c.check(t, idx) })
		}
	})
	t.Run("HitsSayWhichAreExamples", func(t *testing.T) { testExamples(t, idx) })
	t.Run("PagesAreStableAndDisjoint", func(t *testing.T) { testPagination(t, idx) })
	t.Run("ReplaceNeverShowsEmptyOrMixedIndex", func(t *testing.T) { testReplace(t, open(t)) })
	t.Run("ReplaceRefusesInvalidDocumentsAndKeepsIndex", func(t *testing.T) { testReplaceInvalid(t, open(t)) })
}

// Search runs q on idx and checks what holds for every result: hits in
// q's language and filters, at most a page of them, a total and facets
// that count all matching documents, and snippets whose only markup is
// <mark>.
func Search(t *testing.T, idx senderos.SearchIndex, q senderos.SearchQuery) *senderos.SearchResult {
	t.Helper()
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	perPage := q.PerPage
	if perPage == 0 {
		perPage = 10
	}
	page := max(q.Page, 1)
	if res.Page != page {
		t.Errorf("Page = %d, want %d", res.Page, page)
	}
	if len(res.Hits) > perPage {
		t.Errorf("%d hits on a page of %d", len(res.Hits), perPage)
	}
	if len(res.Hits) > 0 && res.Total < (page-1)*perPage+len(res.Hits) {
		t.Errorf("Total %d is less than the hits up to page %d", res.Total, page)
	}
	for _, h := range res.Hits {
		switch {
		case h.Lang != strings.TrimSpace(q.Lang):
			t.Errorf("hit %s is in %q, the query in %q", h.ID, h.Lang, q.Lang)
		case q.Type != "" && h.Type != q.Type:
			t.Errorf("hit %s has type %q, filter %q", h.ID, h.Type, q.Type)
		case q.Province != "" && h.Province != q.Province:
			t.Errorf("hit %s is in %q, filter %q", h.ID, h.Province, q.Province)
		case q.Topic != "" && !slices.Contains(h.Topics, q.Topic):
			t.Errorf("hit %s has topics %q, filter %q", h.ID, h.Topics, q.Topic)
		}
		if err := checkMarkup(h.Snippet); err != nil {
			t.Errorf("snippet of %s: %v: %q", h.ID, err, h.Snippet)
		}
	}
	sum := 0
	for _, f := range res.Facets["type"] {
		sum += f.Count
	}
	if sum != res.Total {
		t.Errorf("type facet counts add up to %d, Total is %d: %v", sum, res.Total, res.Facets["type"])
	}
	for name, counts := range res.Facets {
		for _, f := range counts {
			if f.Count <= 0 || f.Count > res.Total {
				t.Errorf("facet %s %q counts %d of %d", name, f.Value, f.Count, res.Total)
			}
		}
	}
	return res
}

// checkMarkup returns an error if s holds any markup but well-nested
// <mark> elements without attributes.
func checkMarkup(s string) error {
	z := html.NewTokenizer(strings.NewReader(s))
	open := false
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			if open {
				return fmt.Errorf("unclosed <mark>")
			}
			return nil
		case html.TextToken:
		case html.StartTagToken:
			tok := z.Token()
			if tok.Data != "mark" || len(tok.Attr) > 0 || open {
				return fmt.Errorf("unexpected %s", tok)
			}
			open = true
		case html.EndTagToken:
			tok := z.Token()
			if tok.Data != "mark" || !open {
				return fmt.Errorf("unexpected %s", tok)
			}
			open = false
		default:
			return fmt.Errorf("unexpected %s", z.Token())
		}
	}
}

func ids(hits []senderos.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// testPagination walks a query page by page and compares with one large
// page.
func testPagination(t *testing.T, idx senderos.SearchIndex) {
	q := senderos.SearchQuery{Q: "municipio", Lang: "es", PerPage: 50}
	all := Search(t, idx, q)
	if all.Total < 7 || len(all.Hits) != all.Total {
		t.Fatalf("Total %d, %d hits; the corpus has more than 7 documents about municipios", all.Total, len(all.Hits))
	}
	var walked []string
	q.PerPage = 3
	for q.Page = 1; ; q.Page++ {
		res := Search(t, idx, q)
		if res.Total != all.Total {
			t.Errorf("page %d: Total %d, want %d", q.Page, res.Total, all.Total)
		}
		if len(res.Hits) == 0 {
			break
		}
		walked = append(walked, ids(res.Hits)...)
	}
	if want := ids(all.Hits); !slices.Equal(walked, want) {
		t.Errorf("pages of 3 give\n%v\none page gives\n%v", walked, want)
	}
	if want := (all.Total + 2) / 3; q.Page != want+1 {
		t.Errorf("the first empty page is %d, want %d", q.Page, want+1)
	}
}

// generation returns copies copies of docs with IDs marked by gen.
func generation(docs []senderos.Document, gen, copies int) []senderos.Document {
	var out []senderos.Document
	for k := range copies {
		for _, d := range docs {
			d.ID = fmt.Sprintf("%s#%d.%d", d.ID, gen, k)
			out = append(out, d)
		}
	}
	return out
}

// testReplace searches without pause while Replace swaps a first
// generation of documents for a second, larger one.
func testReplace(t *testing.T, idx senderos.SearchIndex) {
	ctx := context.Background()
	first := generation(Documents(), 1, 1)
	second := generation(Documents(), 2, 30)
	if err := idx.Replace(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	q := senderos.SearchQuery{Q: "padrón", Lang: "es", PerPage: 50}

	// genOf returns the generation of the hits of res, or an error if it
	// has none or several.
	genOf := func(res *senderos.SearchResult) (string, error) {
		if res.Total == 0 || len(res.Hits) == 0 {
			return "", fmt.Errorf("no hits (Total %d)", res.Total)
		}
		gens := map[string]bool{}
		for _, h := range res.Hits {
			_, suffix, _ := strings.Cut(h.ID, "#")
			g, _, _ := strings.Cut(suffix, ".")
			gens[g] = true
		}
		if len(gens) != 1 {
			return "", fmt.Errorf("hits of generations %v", gens)
		}
		for g := range gens {
			return g, nil
		}
		return "", nil
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var searches int
	var failures []string
	seen := map[string]int{}
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := idx.Search(ctx, q)
				mu.Lock()
				searches++
				if err != nil {
					failures = append(failures, err.Error())
				} else if g, err := genOf(res); err != nil {
					failures = append(failures, err.Error())
				} else {
					seen[g]++
				}
				mu.Unlock()
			}
		})
	}

	var calls [][2]int
	err := idx.Replace(ctx, second, func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(failures) > 0 {
		t.Errorf("%d of %d searches during Replace failed, first: %s", len(failures), searches, failures[0])
	}
	t.Logf("%d searches during Replace saw generations %v", searches, seen)

	for i, c := range calls {
		if c[1] != len(second) || c[0] < 0 || c[0] > c[1] || i > 0 && c[0] < calls[i-1][0] {
			t.Errorf("progress calls %v: want done rising to total %d", calls, len(second))
			break
		}
	}
	if len(calls) == 0 || calls[len(calls)-1][0] != len(second) {
		t.Errorf("progress calls %v never reach %d", calls, len(second))
	}

	res := Search(t, idx, q)
	if g, err := genOf(res); err != nil || g != "2" {
		t.Errorf("after Replace: generation %q, %v; want 2", g, err)
	}
	if n, err := idx.Count(ctx); err != nil || n != len(second) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(second))
	}
}

// testReplaceInvalid checks that a bad document is refused before the
// index changes.
func testReplaceInvalid(t *testing.T, idx senderos.SearchIndex) {
	ctx := context.Background()
	docs := Documents()
	if err := idx.Replace(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]senderos.Document{
		"NoID":        {Type: "guide", Lang: "es", Title: "x"},
		"UnknownLang": {ID: "de:/x/", Type: "guide", Lang: "de", Title: "x"},
		"UnknownType": {ID: "es:/x/", Type: "video", Lang: "es", Title: "x"},
		"DuplicateID": docs[0],
	} {
		err := idx.Replace(ctx, append(Documents(), bad), nil)
		if senderos.ErrorCode(err) != senderos.EINVALID {
			t.Errorf("%s: Replace error %v, want %s", name, err, senderos.EINVALID)
		}
	}
	if n, err := idx.Count(ctx); err != nil || n != len(docs) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(docs))
	}
}

// testExamples checks that hits carry the Example flag of their document,
// so that invented content is labelled in the results.
func testExamples(t *testing.T, idx senderos.SearchIndex) {
	res := Search(t, idx, senderos.SearchQuery{Q: "municipio", Lang: "es", Type: "municipality", PerPage: 50})
	examples := map[string]bool{}
	for _, d := range Documents() {
		examples[d.ID] = d.Example
	}
	found := false
	for _, h := range res.Hits {
		if h.Example != examples[h.ID] {
			t.Errorf("hit %s: Example = %v, its document says %v", h.ID, h.Example, examples[h.ID])
		}
		found = found || h.ID == esGarrovillas
	}
	if !found {
		t.Fatalf("%s, an example, is not among the hits %v", esGarrovillas, ids(res.Hits))
	}
}
