package site_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos/site"
)

// publicResults is what the API answers at /api/v1/results: a year with
// nothing yet, and a year with two regions, some figures under 5.
const publicResults = `{"years": [
 {"year": 2024, "regions": []},
 {"year": 2025, "regions": [
  {"region": "02", "name": "Aragón", "families": {"n": 0, "fewer_than_5": true}, "people": {"n": 0, "fewer_than_5": true},
   "job_offers": {"n": 1234, "fewer_than_5": false}, "placed": {"n": 5, "fewer_than_5": false},
   "municipalities": {"n": 0, "fewer_than_5": true}},
  {"region": "14", "name": "Región de Murcia", "families": {"n": 6, "fewer_than_5": false}, "people": {"n": 24, "fewer_than_5": false},
   "job_offers": {"n": 0, "fewer_than_5": true}, "placed": {"n": 0, "fewer_than_5": true},
   "municipalities": {"n": 0, "fewer_than_5": true}}]}
], "at": "2026-12-07T08:00:00Z"}`

// resultsPage is what the results page says in one language.
type resultsPage struct {
	fewer   string // "fewer than 5"
	big     string // 1234 as the language writes it
	region  string // Murcia's name
	history string // the first published figure
}

var resultsPages = map[string]resultsPage{
	"es": {"menos de 5", "1.234", "Región de Murcia", "1.000+"},
	"en": {"fewer than 5", "1,234", "Murcia", "1,000+"},
	"fr": {"moins de 5", "1 234", "Murcie", "1 000+"},
	"ar": {"أقل من 5", "1,234", "مرسية", "1000+"},
}

func resultsPath(l string) string {
	if l == "es" {
		return "/results/"
	}
	return "/" + l + "/results/"
}

func TestPublicResults(t *testing.T) {
	var requests atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/results":
			requests.Add(1)
			w.Write([]byte(publicResults))
		case "/api/v1/municipalities/published":
			w.Write([]byte(`{"profiles": []}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()

	res, pages := buildWithAPI(t, api.URL)
	for _, w := range res.Warnings {
		t.Errorf("warning: %s", w)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("the API was asked %d times, want once for all languages", n)
	}
	for _, l := range site.Languages {
		want := resultsPages[l]
		t.Run(l, func(t *testing.T) {
			p := pages[resultsPath(l)]
			if p == nil {
				t.Fatalf("no page %s", resultsPath(l))
			}
			root := find(p.doc, isElement("html"))
			if l == "ar" && attr(root, "dir") != "rtl" {
				t.Errorf("dir=%q, want rtl", attr(root, "dir"))
			}
			tables := findAll(p.doc, isElement("table"))
			if len(tables) != 1 {
				t.Fatalf("%d tables, want one (2025; 2024 has no figures)", len(tables))
			}
			tb := tables[0]
			if c := find(tb, isElement("caption")); c == nil || !strings.Contains(text(c), "2025") {
				t.Error("the table has no caption naming its year")
			}
			cols, rows := 0, 0
			for _, th := range findAll(tb, isElement("th")) {
				switch attr(th, "scope") {
				case "col":
					cols++
				case "row":
					rows++
				default:
					t.Errorf("<th> %q without scope", text(th))
				}
			}
			if cols != 6 || rows != 2 {
				t.Errorf("%d column and %d row headers, want 6 and 2", cols, rows)
			}
			body := text(tb)
			for _, s := range []string{want.fewer, want.big, want.region, "24"} {
				if !strings.Contains(strings.ReplaceAll(body, "\u202f", " "), strings.ReplaceAll(s, "\u202f", " ")) {
					t.Errorf("the table does not say %q: %s", s, body)
				}
			}
			murcia := findAll(tb, isElement("tr"))[2]
			cells := findAll(murcia, isElement("td"))
			if len(cells) != 5 || strings.TrimSpace(text(cells[0])) != "6" || strings.TrimSpace(text(cells[2])) != want.fewer {
				t.Errorf("Murcia's row: %s", text(murcia))
			}
			for _, wrap := range findAll(p.doc, hasClass("table-scroll")) {
				if attr(wrap, "tabindex") != "0" || attr(wrap, "aria-labelledby") == "" {
					t.Error("the table's scrolling region cannot be reached by keyboard or has no name")
				}
			}
			if find(p.doc, func(n *html.Node) bool { return n.Data == "script" && attr(n, "type") != "application/ld+json" }) != nil {
				t.Error("the page has a script")
			}
			history := find(p.doc, hasClass("figures"))
			if history == nil || !strings.Contains(text(history), want.history) {
				t.Errorf("no published 2019–2023 figures (%s)", want.history)
			}
			prefix := strings.TrimSuffix(resultsPath(l), "results/")
			for _, from := range []string{prefix, prefix + "programme/"} {
				if q := pages[from]; q == nil || !linksTo(q.doc, resultsPath(l)) {
					t.Errorf("%s does not link to the results", from)
				}
			}
		})
	}
}

// Without an API the page still builds, with the history.
func TestPublicResultsWithoutAPI(t *testing.T) {
	pages := mustBuild(t)
	for _, l := range site.Languages {
		p := pages[resultsPath(l)]
		if p == nil {
			t.Fatalf("no page %s", resultsPath(l))
		}
		if find(p.doc, isElement("table")) != nil {
			t.Errorf("%s: a table of figures without an API", l)
		}
		if h := find(p.doc, hasClass("figures")); h == nil || !strings.Contains(text(h), resultsPages[l].history) {
			t.Errorf("%s: no published 2019–2023 figures", l)
		}
	}
}
