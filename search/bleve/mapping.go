package bleve

import (
	"encoding/json"
	"fmt"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// Every language has two analyzers, registered with bleve under these
// names: the stemming one ("senderos_es") finds "escuela" for "escuelas";
// the plain one ("senderos_es_plain") keeps whole words, in which typos of
// the query words are looked up and which rank a word as typed above other
// forms of it. Both normalise with search.Normalize, after
// bleve's own steps that need the original spelling (French elision, English
// possessive) and before its stop lists (normalised too) and stemmers.
func analyzerName(lang string, plain bool) string {
	if plain {
		return "senderos_" + lang + "_plain"
	}
	return "senderos_" + lang
}

// Fields of the indexed documents. The text fields exist once per
// language so that each is analysed in its language: title_es, summary_es
// and text_es with the stemming analyzer, and words_es with the plain one
// over all three, for exact words and typos. The filters are keyword
// fields; "facet" holds their values again as "type:guide",
// "topic:vivienda", "province:Teruel", in doc values, so that counting the
// facets of all matches reads one field per document instead of three;
// "doc" stores the Document as JSON to return it with the hits.
const (
	fieldLang     = "lang"
	fieldType     = "type"
	fieldTopic    = "topic"
	fieldProvince = "province"
	fieldFacet    = "facet"
	fieldDoc      = "doc"
)

// textFields are the analysed parts of a document, with the weight of a
// match in each: a word of the title counts more than one of the text.
var textFields = []struct {
	name  string
	boost float64
}{
	{"title", 4},
	{"summary", 2},
	{"text", 1},
}

func textField(name, lang string) string { return name + "_" + lang }

func wordsField(lang string) string { return "words_" + lang }

func init() {
	for _, lang := range search.Languages {
		for _, plain := range []bool{false, true} {
			lang, plain := lang, plain
			err := registry.RegisterAnalyzer(analyzerName(lang, plain), func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
				return newAnalyzer(cache, lang, plain)
			})
			if err != nil {
				panic(err)
			}
		}
	}
}

// newAnalyzer builds the analyzer of lang from bleve's parts and
// search.Normalize.
func newAnalyzer(cache *registry.Cache, lang string, plain bool) (analysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	var names []string // bleve filters before normalisation
	var stopName, stemName string
	switch lang {
	case "es":
		names = []string{lowercase.Name}
		stopName, stemName = es.StopName, es.LightStemmerName
	case "en":
		names = []string{en.PossessiveName, lowercase.Name}
		stopName, stemName = en.StopName, porter.Name
	case "fr":
		names = []string{lowercase.Name, fr.ElisionName}
		stopName, stemName = fr.StopName, fr.LightStemmerName
	case "ar":
		names = []string{lowercase.Name}
		stopName, stemName = ar.StopName, ar.StemmerName
	default:
		return nil, fmt.Errorf("no analyzer for language %q", lang)
	}
	var filters []analysis.TokenFilter
	for _, name := range names {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	filters = append(filters, normalizeFilter{lang})
	if !plain {
		words, err := cache.TokenMapNamed(stopName)
		if err != nil {
			return nil, err
		}
		normalized := analysis.NewTokenMap()
		for w := range words {
			normalized.AddToken(search.Normalize(lang, w))
		}
		stem, err := cache.TokenFilterNamed(stemName)
		if err != nil {
			return nil, err
		}
		filters = append(filters, stop.NewStopTokensFilter(normalized), stem)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: filters}, nil
}

// normalizeFilter applies search.Normalize to every token and drops those
// left empty (a lone tatweel or diacritic).
type normalizeFilter struct{ lang string }

func (f normalizeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		term := string(tok.Term)
		if n := search.Normalize(f.lang, term); n != term {
			tok.Term = []byte(n)
		}
		if len(tok.Term) > 0 {
			out = append(out, tok)
		}
	}
	return out
}

// newMapping returns the mapping of the index: only the fields above are
// indexed, nothing dynamic.
func newMapping() mapping.IndexMapping {
	keyword := func(docValues bool) *mapping.FieldMapping {
		f := blevesearch.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	text := func(name, analyzer string) *mapping.FieldMapping {
		f := blevesearch.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false // snippets analyse the hits themselves
		f.DocValues = false
		return f
	}
	stored := blevesearch.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false

	dm := blevesearch.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldLang, keyword(false))
	dm.AddFieldMappingsAt(fieldType, keyword(false))
	dm.AddFieldMappingsAt(fieldTopic, keyword(false))
	dm.AddFieldMappingsAt(fieldProvince, keyword(false))
	dm.AddFieldMappingsAt(fieldFacet, keyword(true))
	dm.AddFieldMappingsAt(fieldDoc, stored)
	for _, lang := range search.Languages {
		for _, tf := range textFields {
			dm.AddFieldMappingsAt(textField(tf.name, lang),
				text(textField(tf.name, lang), analyzerName(lang, false)),
				text(wordsField(lang), analyzerName(lang, true)))
		}
	}

	im := blevesearch.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzerName("es", false)
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// indexed is what bleve indexes for d.
func indexed(d senderos.Document) (map[string]any, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode document %q: %w", d.ID, err)
	}
	m := map[string]any{
		fieldLang:                    d.Lang,
		fieldType:                    d.Type,
		fieldDoc:                     string(raw),
		textField("title", d.Lang):   d.Title,
		textField("summary", d.Lang): d.Summary,
		textField("text", d.Lang):    d.Text,
	}
	facets := []string{facetValue(search.FacetType, d.Type)}
	if len(d.Topics) > 0 {
		m[fieldTopic] = d.Topics
		for _, t := range d.Topics {
			facets = append(facets, facetValue(search.FacetTopic, t))
		}
	}
	if d.Province != "" {
		m[fieldProvince] = d.Province
		facets = append(facets, facetValue(search.FacetProvince, d.Province))
	}
	m[fieldFacet] = facets
	return m, nil
}

// facetValue is how the facet field holds value of the facet name.
func facetValue(name, value string) string { return name + ":" + value }

// parseFacetValue splits a term of the facet field.
func parseFacetValue(term string) (name, value string) {
	name, value, _ = strings.Cut(term, ":")
	return name, value
}
