package api

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// filterLabels are the labels of the search page's filters, by parameter
// and value: the page's <select name="type|topic|province"> options, which
// the site labels in the page's language (topics from its i18n files,
// provinces from site/data/areanames.json). Taking them from the page keeps
// one table of labels for the site and the results the API renders.
type filterLabels map[string]map[string]string

// filterLabelsOf reads the options of the selects of a search form.
func filterLabelsOf(form *html.Node) filterLabels {
	out := filterLabels{}
	for _, sel := range findNodes(form, func(n *html.Node) bool { return n.DataAtom == atom.Select }) {
		name := attrOf(sel, "name")
		for _, o := range findNodes(sel, func(n *html.Node) bool { return n.DataAtom == atom.Option }) {
			v, label := optionValue(o), strings.TrimSpace(textContent(o))
			if v == "" || label == "" {
				continue
			}
			if out[name] == nil {
				out[name] = map[string]string{}
			}
			out[name][v] = label
		}
	}
	return out
}

// label returns the label of a filter value in language l: the page's,
// else for a type the API's own name of it, else the value itself.
func (f filterLabels) label(l, param, value string) string {
	if label, ok := f[param][value]; ok {
		return label
	}
	if param == "type" {
		return text(l, "type_"+value)
	}
	return value
}
