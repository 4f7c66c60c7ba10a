package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos/site"
)

// publishedProfiles is what the API answers: one profile with Markdown, an
// attempted script and a shortcode, one in English with no job offers.
const publishedProfiles = `{"profiles": [
 {"ine_code": "49123", "name": "Peñaverde del Monte", "province": "Zamora", "region": "Castilla y León",
  "population": 312, "homes": 3, "rent_min": 250, "rent_max": 400,
  "services": ["school", "broadband"],
  "jobs": [{"sector": "livestock", "count": 2, "description": "Pastoreo de ovejas churras"}],
  "offers": {"jobs": [{"sector": "agriculture", "vacancies": 2}], "homes": [{"bedrooms": 3, "rent": 350, "furnished": true, "step_free": false, "with_job": true}]},
  "description": "## Nuestro pueblo\n\nTenemos **escuela rural** y mucho monte.\n\n<script>alert('xss-from-profile')</script>\n\n<img src=x onerror=alert(2)> Más en <https://example.org/pueblo>.\n\n![La plaza](javascript:alert(3)) ![El río](https://example.org/rio.jpg)\n\n{{< youtube abc >}}\n",
  "lang": "es", "published_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-03T10:00:00Z"},
 {"ine_code": "10234", "name": "Villaprueba de Arriba", "province": "Cáceres", "region": "Extremadura",
  "population": 95, "homes": 0, "rent_min": 0, "rent_max": 0,
  "services": ["pharmacy"], "jobs": [],
  "description": "A *quiet* village by the river.",
  "lang": "en", "published_at": "2026-11-04T10:00:00Z", "updated_at": "2026-11-04T10:00:00Z"}
]}`

// profilePage is what the test expects of one published profile.
type profilePage struct {
	slug     string // path under /municipalities/
	name     string
	service  string // a service term it links to
	job      string // text of a job offer, "" for none
	offers   bool   // it has open offers (2 jobs in agriculture, a home with 3 bedrooms for 350 €)
	markdown string // HTML the description renders to
}

var profilePages = []profilePage{
	{"penaverde-del-monte-49123", "Peñaverde del Monte", "school", "Pastoreo de ovejas churras", true, "<strong>escuela rural</strong>"},
	{"villaprueba-de-arriba-10234", "Villaprueba de Arriba", "pharmacy", "", false, "<em>quiet</em>"},
}

// offerWords are words the offers' lines must have in each language.
var offerWords = map[string]struct{ sector, jobs, bedrooms, furnished string }{
	"es": {"Agricultura", "2 puestos", "3 dormitorios", "amueblada"},
	"en": {"Farming", "2 jobs", "3 bedrooms", "furnished"},
	"fr": {"Agriculture", "2 emplois", "3 chambres", "meublé"},
	"ar": {"الزراعة", "وظيفتان", "3 غرف نوم", "مفروش"},
}

// buildWithAPI builds the site reading profiles from apiURL.
func buildWithAPI(t *testing.T, apiURL string) (*site.Result, map[string]*page) {
	t.Helper()
	dir := t.TempDir()
	h := &site.Hugo{Root: ".."}
	res, err := h.Build(context.Background(), site.BuildOptions{
		Destination: filepath.Join(dir, "public"), BaseURL: baseURL, APIURL: apiURL,
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	pages, err := parsePages(filepath.Join(dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	return res, pages
}

func TestPublishedProfiles(t *testing.T) {
	var requests atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/results" {
			w.Write([]byte(publicResults)) // read by the results page
			return
		}
		if r.URL.Path != "/api/v1/municipalities/published" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(publishedProfiles))
	}))
	defer api.Close()

	res, pages := buildWithAPI(t, api.URL)

	t.Run("PrintsNoWarnings", func(t *testing.T) {
		for _, w := range res.Warnings {
			t.Error(w)
		}
	})
	t.Run("ReadsTheAPIOnce", func(t *testing.T) {
		if n := requests.Load(); n != 1 {
			t.Errorf("the API was asked %d times, want once for all languages", n)
		}
	})
	notes := map[string]bool{}
	for _, l := range site.Languages {
		prefix := "/"
		if l != "es" {
			prefix = "/" + l + "/"
		}
		list := pages[prefix+"municipalities/"]
		if list == nil {
			t.Fatalf("no list page %smunicipalities/", prefix)
		}
		for _, want := range profilePages {
			path := prefix + "municipalities/" + want.slug + "/"
			t.Run(l+"/"+want.slug, func(t *testing.T) {
				p := pages[path]
				if p == nil {
					t.Fatalf("no page %s", path)
				}
				if root := find(p.doc, isElement("html")); attr(root, "lang") != locales[l] {
					t.Errorf("lang=%q, want %q", attr(root, "lang"), locales[l])
				}
				if h1 := find(p.doc, isElement("h1")); h1 == nil || strings.TrimSpace(text(h1)) != want.name {
					t.Errorf("no <h1> with the name %q", want.name)
				}
				if !linksTo(p.doc, prefix+"services/"+want.service+"/") {
					t.Errorf("no link to the service %s", want.service)
				}
				if !linksUnder(p.doc, prefix+"provinces/", false) || !linksUnder(p.doc, prefix+"regions/", false) {
					t.Error("no link to its province and region")
				}
				body := mustRead(t, p.file)
				if want.job != "" {
					jobs := find(p.doc, hasClass("jobs"))
					if jobs == nil || !strings.Contains(text(jobs), want.job) {
						t.Errorf("no job offer %q", want.job)
					}
					if !linksTo(p.doc, prefix+"sectors/livestock/") {
						t.Error("the job's sector is not a term of the page")
					}
				}
				offers := find(p.doc, hasClass("offers"))
				switch {
				case !want.offers && offers != nil:
					t.Errorf("offers shown for a village with none: %s", text(offers))
				case want.offers && offers == nil:
					t.Error("no offers")
				case want.offers:
					items := findAll(offers, isElement("li"))
					if len(items) != 2 {
						t.Fatalf("%d offers, want a line for the jobs and one for the home", len(items))
					}
					jobs, home := text(items[0]), text(items[1])
					if !strings.Contains(jobs, offerWords[l].sector) || !strings.Contains(jobs, offerWords[l].jobs) {
						t.Errorf("jobs line %q, want %q in %s", jobs, offerWords[l].jobs, offerWords[l].sector)
					}
					for _, w := range []string{"350", offerWords[l].bedrooms, offerWords[l].furnished} {
						if !strings.Contains(home, w) {
							t.Errorf("home line %q lacks %q", home, w)
						}
					}
				}
				if !strings.Contains(body, want.markdown) {
					t.Errorf("the description is not rendered as Markdown (%s)", want.markdown)
				}
				for _, s := range findAll(p.doc, isElement("script")) {
					if strings.Contains(text(s), "xss-from-profile") || attr(s, "src") == "" && attr(s, "type") != "application/ld+json" {
						t.Error("a <script> from the description reached the page")
					}
				}
				if strings.Contains(body, "alert(") {
					t.Error("the script's code reached the page")
				}
				if want.job != "" {
					if !strings.Contains(text(p.doc), "{{< youtube abc >}}") {
						t.Error("a shortcode in the description was not shown as text")
					}
					if find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "https://example.org/pueblo" }) == nil {
						t.Error("an autolink in the description was lost")
					}
					if find(p.doc, func(n *html.Node) bool { return hasAttr(n, "onerror") }) != nil {
						t.Error("an event handler from the description reached the page")
					}
					if find(p.doc, func(n *html.Node) bool { return n.Data == "img" && attr(n, "src") == "https://example.org/rio.jpg" }) == nil {
						t.Error("an image from an https address in the description was lost")
					}
					if img := find(p.doc, func(n *html.Node) bool { return n.Data == "img" && strings.Contains(attr(n, "alt"), "La plaza") }); img != nil {
						t.Errorf("an image from a javascript: address reached the page as <img src=%q>", attr(img, "src"))
					}
				}
				alts := 0
				for _, n := range findAll(p.doc, isElement("link")) {
					if attr(n, "rel") == "alternate" && attr(n, "hreflang") != "" {
						alts++
						if !strings.HasSuffix(attr(n, "href"), "/municipalities/"+want.slug+"/") {
							t.Errorf("alternate %s → %s is another page", attr(n, "hreflang"), attr(n, "href"))
						}
					}
				}
				if alts != len(site.Languages)+1 {
					t.Errorf("%d hreflang alternates, want one per language and x-default", alts)
				}
				if find(p.doc, hasClass("example-label")) != nil {
					t.Error("a published profile is marked as an example")
				}
				note := find(p.doc, hasClass("profile-note"))
				if note == nil || strings.TrimSpace(text(note)) == "" {
					t.Error("no line saying the municipality wrote the text")
				} else {
					notes[strings.TrimSpace(text(note))] = true
				}
				if !linksTo(list.doc, path) {
					t.Errorf("%smunicipalities/ does not list it", prefix)
				}
			})
		}
	}
	t.Run("NoteInEachLanguage", func(t *testing.T) {
		if len(notes) != len(site.Languages) {
			t.Errorf("the note has %d wordings, want one per language: %v", len(notes), notes)
		}
	})
	t.Run("ExamplesStillThere", func(t *testing.T) {
		if pages["/municipalities/fuentelirio/"] == nil {
			t.Error("the example profiles are gone")
		}
	})
}

func TestPublishedProfilesAPIDown(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	apiURL := closed.URL
	closed.Close()

	res, pages := buildWithAPI(t, apiURL)
	var about []string
	for _, w := range res.Warnings {
		if strings.Contains(w, "municipality profiles") {
			about = append(about, w)
		}
	}
	if len(about) != 1 {
		t.Errorf("%d warnings about the profiles, want exactly one: %q", len(about), res.Warnings)
	}
	for path := range pages {
		for _, want := range profilePages {
			if strings.Contains(path, want.slug) {
				t.Errorf("page %s without an API", path)
			}
		}
	}
	if pages["/municipalities/"] == nil || pages["/en/municipalities/"] == nil {
		t.Error("the municipalities list is missing")
	}
}

// linksTo reports whether doc has an <a> whose internal path is target.
func linksTo(doc *html.Node, target string) bool {
	return linksUnder(doc, target, true)
}

// linksUnder reports whether doc has an <a> whose internal path is
// prefix, or (exact false) starts with it.
func linksUnder(doc *html.Node, prefix string, exact bool) bool {
	for _, a := range findAll(doc, isElement("a")) {
		p := internalPath(attr(a, "href"))
		if p == prefix || (!exact && strings.HasPrefix(p, prefix)) {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
