package site

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// BuildingSeconds is how often the building page reloads itself, and its
// Retry-After: a build takes seconds once Hugo is compiled.
const BuildingSeconds = 10

// buildingStylesheet is where the building page finds its stylesheet: the
// CSP refuses inline styles, and the site's own stylesheet is not built yet.
const buildingStylesheet = "/_building/building.css"

// The building page, one file per language so that each reads as written
// (Spanish "tú", French "vous", Arabic addressing readers in the plural).
//
//go:embed building/*.html building/building.css
var buildingFS embed.FS

var (
	buildingPages  = template.Must(template.ParseFS(buildingFS, "building/*.html"))
	buildingCSS, _ = buildingFS.ReadFile("building/building.css")

	// buildingMatcher picks the language of Accept-Language, default first.
	buildingMatcher = language.NewMatcher([]language.Tag{language.Spanish, language.English, language.French, language.Arabic})
)

// Building answers every request while the site's first build runs: a page
// in the visitor's language saying so, which reloads itself, with status
// 503 and Retry-After, so that neither people nor crawlers take it for the
// site.
func Building() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range SecurityHeaders {
			h.Set(k, v)
		}
		if r.URL.Path == buildingStylesheet {
			h.Set("Content-Type", "text/css; charset=utf-8")
			h.Set("Cache-Control", CacheRevalidate)
			w.Write(buildingCSS)
			return
		}
		lang := BuildingLang(r)
		var body bytes.Buffer
		err := buildingPages.ExecuteTemplate(&body, lang+".html", struct {
			Seconds    int
			Stylesheet string
		}{BuildingSeconds, buildingStylesheet})
		if err != nil { // the templates are embedded and tested
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Language", lang)
		h.Add("Vary", "Accept-Language")
		h.Set("Cache-Control", "no-store")
		h.Set("Retry-After", strconv.Itoa(BuildingSeconds))
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method != http.MethodHead {
			w.Write(body.Bytes())
		}
	})
}

// BuildingLang returns the language of the site a request is for: the
// language of its path (/en/…, /fr/…, /ar/…), else the one the browser
// prefers among the site's, else Spanish.
func BuildingLang(r *http.Request) string {
	for _, lang := range Languages[1:] {
		if r.URL.Path == "/"+lang || strings.HasPrefix(r.URL.Path, "/"+lang+"/") {
			return lang
		}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, i, conf := buildingMatcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}
