package site_test

import (
	"slices"
	"strings"
	"testing"

	senderos "github.com/cepaim/senderos"
	"golang.org/x/net/html"
)

// choice is one choice a form control offers.
type choice struct{ value, label string }

// controlChoices returns the choices of the first <select name> of doc in
// order, or of its checkboxes or radios of that name. The empty value
// ("choose") is left out.
func controlChoices(doc *html.Node, name string) []choice {
	var out []choice
	if sel := find(doc, func(n *html.Node) bool { return isElement("select")(n) && attr(n, "name") == name }); sel != nil {
		for _, o := range findAll(sel, isElement("option")) {
			if v := attr(o, "value"); v != "" {
				out = append(out, choice{v, strings.TrimSpace(text(o))})
			}
		}
		return out
	}
	for _, l := range findAll(doc, isElement("label")) {
		if in := find(l, func(n *html.Node) bool { return isElement("input")(n) && attr(n, "name") == name }); in != nil {
			out = append(out, choice{attr(in, "value"), strings.TrimSpace(text(l))})
		}
	}
	return out
}

// TestFormsOfferTheDomainsLists checks every control of the two forms that
// offers a closed list: the domain's values, in its order, with its label
// in the page's language.
func TestFormsOfferTheDomainsLists(t *testing.T) {
	pages := mustBuild(t)
	controls := map[string]map[string]senderos.List{
		"move/form/": {
			"child_stage": senderos.SchoolStageList, "spanish_level": senderos.SpanishLevelList,
			"sectors": senderos.SectorList, "move_when": senderos.MoveWhenList, "channel": senderos.ChannelList,
		},
		"join/form/": {"job_sector": senderos.SectorList, "services": senderos.ServiceList},
	}
	for _, lang := range senderos.Languages {
		prefix := "/"
		if lang != "es" {
			prefix = "/" + lang + "/"
		}
		for form, lists := range controls {
			p := mustPage(t, pages, prefix+form)
			for name, l := range lists {
				var want []choice
				for _, term := range l.Terms {
					want = append(want, choice{term.Value, term.Label.In(lang)})
				}
				if got := controlChoices(p.doc, name); !slices.Equal(got, want) {
					t.Errorf("%s%s %s:\n got %q\nwant %q", prefix, form, name, got, want)
				}
			}
		}
	}
}

// TestTermPagesNameTheDomainsLabels checks the headings of the pages of the
// services and sectors taxonomies.
func TestTermPagesNameTheDomainsLabels(t *testing.T) {
	pages := mustBuild(t)
	n := 0
	for _, l := range []senderos.List{senderos.ServiceList, senderos.SectorList} {
		for _, lang := range senderos.Languages {
			prefix := "/"
			if lang != "es" {
				prefix = "/" + lang + "/"
			}
			for _, term := range l.Terms {
				p, ok := pages[prefix+l.Name+"/"+term.Value+"/"]
				if !ok {
					continue
				}
				n++
				h1 := find(p.doc, isElement("h1"))
				if h1 == nil || !strings.Contains(text(h1), term.Label.In(lang)) {
					t.Errorf("%s: heading does not name %q", p.path, term.Label.In(lang))
				}
			}
		}
	}
	if n == 0 {
		t.Error("no page of the services or sectors taxonomies")
	}
}
