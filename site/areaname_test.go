package site_test

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/site"
)

// TestAreaNamesCoverTheAtlas checks the table of region and province names
// against the official list: every area, by code and official name, with a
// name in each language, the Arabic one in Arabic script, and no name or
// alias that could mean two areas.
func TestAreaNamesCoverTheAtlas(t *testing.T) {
	table, err := site.Areas()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []struct {
		name  string
		atlas []senderos.Area
		table []site.AreaName
	}{
		{"regions", atlas.Places{}.Regions(), table.Regions},
		{"provinces", atlas.Places{}.Provinces(), table.Provinces},
	} {
		t.Run(kind.name, func(t *testing.T) {
			if len(kind.table) != len(kind.atlas) {
				t.Fatalf("%d in the table, %d in the atlas", len(kind.table), len(kind.atlas))
			}
			seen := map[string]string{}
			for i, a := range kind.table {
				if want := kind.atlas[i]; a.Code != want.Code || a.Name != want.Name {
					t.Errorf("row %d is %s %q, the atlas has %s %q", i, a.Code, a.Name, want.Code, want.Name)
				}
				if a.EN == "" || a.FR == "" || a.AR == "" {
					t.Errorf("%s %s has no name in some language: %+v", a.Code, a.Name, a)
				}
				if !arabicOnly(a.AR) {
					t.Errorf("%s %s: %q is not in Arabic script", a.Code, a.Name, a.AR)
				}
				for _, n := range append([]string{a.Name}, a.Aliases...) {
					if other, ok := seen[n]; ok && other != a.Code {
						t.Errorf("%q names both %s and %s", n, other, a.Code)
					}
					seen[n] = a.Code
				}
			}
		})
	}
	t.Run("Labels", func(t *testing.T) {
		a, ok := table.Region("Andalucía")
		if !ok {
			t.Fatal("no Andalucía")
		}
		for l, want := range map[string]string{"es": "Andalucía", "en": "Andalusia", "fr": "Andalousie", "ar": "الأندلس (Andalucía)"} {
			if got := a.Label(l); got != want {
				t.Errorf("Label(%s) = %q, want %q", l, got, want)
			}
		}
		if p, ok := table.Province("Alicante"); !ok || p.Code != "03" {
			t.Errorf(`Province("Alicante") = %+v, %v; want code 03 by its alias`, p, ok)
		}
	})
}

// arabicOnly reports whether s has letters and they are all Arabic.
func arabicOnly(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Arabic, r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// TestPagesNameAreasInTheirLanguage checks the built pages where a region
// or province is named: the forms' pickers, a village profile, the search
// page's province filter. Each shows the table's name in the page's
// language, never only the Spanish one on an Arabic page.
func TestPagesNameAreasInTheirLanguage(t *testing.T) {
	pages := mustBuild(t)
	table, err := site.Areas()
	if err != nil {
		t.Fatal(err)
	}
	prefix := map[string]string{"es": "/", "en": "/en/", "fr": "/fr/", "ar": "/ar/"}
	for _, l := range site.Languages {
		t.Run(l, func(t *testing.T) {
			form := mustPage(t, pages, prefix[l]+"move/form/")
			for _, kind := range []struct {
				control string
				areas   []site.AreaName
			}{{"province_code", table.Provinces}, {"regions", table.Regions}} {
				labels := controlLabels(form.doc, kind.control)
				for _, a := range kind.areas {
					if got := labels[a.Code]; got != a.Label(l) {
						t.Errorf("%s: %s %s is labelled %q, want %q", form.path, kind.control, a.Code, got, a.Label(l))
					}
				}
			}

			village := text(mustPage(t, pages, prefix[l]+"municipalities/fuentelirio/").doc)
			soria, _ := table.Province("Soria")
			cyl, _ := table.Region("Castilla y León")
			for _, want := range []string{soria.Label(l), cyl.Label(l)} {
				if !strings.Contains(village, want) {
					t.Errorf("the profile of Fuentelirio does not say %q", want)
				}
			}

			search := mustPage(t, pages, prefix[l]+"search/")
			provinces := controlLabels(search.doc, "province")
			if len(provinces) == 0 {
				t.Fatalf("%s has no province filter", search.path)
			}
			for v, label := range provinces {
				p, ok := table.Province(v)
				if !ok || label != p.Label(l) {
					t.Errorf("%s: province filter %q is labelled %q", search.path, v, label)
				}
			}
			for v, label := range controlLabels(search.doc, "topic") {
				if label == v || label == "" {
					t.Errorf("%s: topic filter %q is labelled with its key", search.path, v)
				}
			}
		})
	}
}

func mustPage(t *testing.T, pages map[string]*page, path string) *page {
	t.Helper()
	p, ok := pages[path]
	if !ok {
		t.Fatalf("no page %s", path)
	}
	return p
}

// controlLabels returns the labels of the choices of a form control, by
// value: the options of <select name>, or the labels around the
// checkboxes or radios of that name. The empty value ("any") is left out.
func controlLabels(doc *html.Node, name string) map[string]string {
	out := map[string]string{}
	for _, sel := range findAll(doc, func(n *html.Node) bool { return isElement("select")(n) && attr(n, "name") == name }) {
		for _, o := range findAll(sel, isElement("option")) {
			if v := attr(o, "value"); v != "" {
				out[v] = strings.TrimSpace(text(o))
			}
		}
	}
	for _, l := range findAll(doc, isElement("label")) {
		in := find(l, func(n *html.Node) bool { return isElement("input")(n) && attr(n, "name") == name })
		if in != nil && attr(in, "value") != "anywhere" {
			out[attr(in, "value")] = strings.TrimSpace(text(l))
		}
	}
	return out
}
