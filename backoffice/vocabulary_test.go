package backoffice

import (
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"golang.org/x/net/html"
)

// selectOptions returns the non-empty options of <select name> in body, as
// "value=label".
func selectOptions(t *testing.T, body, name string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	attr := func(n *html.Node, key string) string {
		i := slices.IndexFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
		if i < 0 {
			return ""
		}
		return n.Attr[i].Val
	}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.Data == "select" {
			in = attr(n, "name") == name
		}
		if in && n.Type == html.ElementNode && n.Data == "option" && attr(n, "value") != "" {
			var label strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					label.WriteString(c.Data)
				}
			}
			out = append(out, attr(n, "value")+"="+strings.TrimSpace(label.String()))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	return out
}

// termOptions returns the terms of l as selectOptions writes them, in lang.
func termOptions(l senderos.List, lang string, keep func(string) bool) []string {
	var out []string
	for _, t := range l.Terms {
		if keep(t.Value) {
			out = append(out, t.Value+"="+t.Label.In(lang))
		}
	}
	return out
}

// TestBackOfficeLabelsAreTheDomains reads the back-office's selects of
// closed lists in each language: the domain's values and labels, in its
// order. The list of families offers every family status, the municipality
// sign-ups theirs, and both pages the sectors.
func TestBackOfficeLabelsAreTheDomains(t *testing.T) {
	srv, _ := newStaffServer(t)
	b, _ := adminBrowser(t, srv)
	all := func(string) bool { return true }
	suspectedLast := func(l senderos.List, lang string) []string {
		opts := termOptions(l, lang, func(v string) bool { return v != string(senderos.StatusSuspected) })
		return append(opts, termOptions(l, lang, func(v string) bool { return v == string(senderos.StatusSuspected) })...)
	}
	for _, lang := range senderos.Languages {
		_, families := b.get("/staff/families?lang=" + lang)
		_, munis := b.get("/staff/municipalities?lang=" + lang)
		for _, tt := range []struct {
			page, name string
			body       string
			want       []string
		}{
			{"families", "status", families, suspectedLast(senderos.FamilyStatusList, lang)},
			{"families", "sector", families, termOptions(senderos.SectorList, lang, all)},
			{"municipalities", "status", munis, suspectedLast(senderos.MunicipalityStatusList, lang)},
		} {
			if got := selectOptions(t, tt.body, tt.name); !slices.Equal(got, tt.want) {
				t.Errorf("%s %s in %s:\n got %q\nwant %q", tt.page, tt.name, lang, got, tt.want)
			}
		}
	}
}

// TestBackOfficeNamesEveryValue checks that each value of each closed list
// has its text in the back-office's catalogue, the domain's label.
func TestBackOfficeNamesEveryValue(t *testing.T) {
	for _, v := range vocabTexts {
		for _, term := range v.list.Terms {
			for _, lang := range senderos.Languages {
				if got, want := staffText(lang, v.prefix+term.Value), term.Label.In(lang); got != want {
					t.Errorf("%s%s in %s = %q, want %q", v.prefix, term.Value, lang, got, want)
				}
			}
		}
	}
	for _, l := range senderos.Vocabulary {
		if !slices.ContainsFunc(vocabTexts, func(v struct {
			prefix string
			list   senderos.List
		}) bool {
			return v.list.Name == l.Name
		}) {
			t.Errorf("the back-office does not name the values of %s", l.Name)
		}
	}
}
