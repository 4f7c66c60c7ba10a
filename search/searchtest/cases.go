package searchtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// Case is one row of the relevance table: a query and what its result must
// show. Fields left empty are not checked.
type Case struct {
	Name  string
	Query senderos.SearchQuery

	Err    string      // the error code Search must return, e.g. senderos.EINVALID
	First  string      // the ID of the first hit
	Top    []string    // IDs that must all be among the first five hits
	Before [][2]string // pairs of IDs: both are hits, the first ranked above the second
	Total  int         // the exact total, when not zero
	Empty  bool        // no document matches
	Mark   string      // the snippet of the first hit shows <mark>Mark</mark>

	// Facets are counts that the facets must show, by facet name ("type",
	// "topic", "province") and value.
	Facets map[string]map[string]int
}

// Search queries in the corpus, in the order of Cases' sections.
func es(q string) senderos.SearchQuery { return senderos.SearchQuery{Q: q, Lang: "es"} }
func en(q string) senderos.SearchQuery { return senderos.SearchQuery{Q: q, Lang: "en"} }
func fr(q string) senderos.SearchQuery { return senderos.SearchQuery{Q: q, Lang: "fr"} }
func ar(q string) senderos.SearchQuery { return senderos.SearchQuery{Q: q, Lang: "ar"} }

// IDs of the corpus that the cases name.
const (
	esPadronGuide      = "es:/guide/01-padron/"
	esIntegrationGuide = "es:/guide/02-integracion/"
	esHousingGuide     = "es:/guide/03-vivienda/"
	esSchoolGuide      = "es:/guide/04-escuela/"
	esSchoolsArticle   = "es:/magazine/escuelas-abiertas/"
	esMunicipiosArt    = "es:/magazine/municipios-acogida/"
	esRentArticle      = "es:/magazine/alquiler-rural/"
	esAmina            = "es:/testimonials/amina/"
	esOusmane          = "es:/testimonials/ousmane/"
	esRojas            = "es:/testimonials/familia-rojas/"
	esAlcala           = "es:/villages/alcala-de-la-selva/"
	esMosqueruela      = "es:/villages/mosqueruela/"
	esSanLeonardo      = "es:/villages/san-leonardo/"
	esPriego           = "es:/villages/priego/"
	esGarrovillas      = "es:/villages/garrovillas/"
	esPadronLeaflet    = "es:/library/folleto-padron/"
	enRegistration     = "en:/guide/01-registration/"
	enSchoolGuide      = "en:/guide/04-school/"
	enVillagesArticle  = "en:/magazine/villages-that-grow/"
	enPriego           = "en:/villages/priego/"
	enAmina            = "en:/testimonials/amina/"
	frPadronGuide      = "fr:/guide/01-inscription/"
	frSchoolGuide      = "fr:/guide/04-ecole/"
	frCommunesArticle  = "fr:/magazine/communes-rurales/"
	frSanLeonardo      = "fr:/villages/san-leonardo/"
	frOusmane          = "fr:/testimonials/ousmane/"
	arPadronGuide      = "ar:/guide/01-padron/"
	arSchoolGuide      = "ar:/guide/04-school/"
	arAmina            = "ar:/testimonials/amina/"
	arPriego           = "ar:/villages/priego/"
)

// Cases returns the relevance table.
func Cases() []Case {
	withFilter := func(q senderos.SearchQuery, f func(*senderos.SearchQuery)) senderos.SearchQuery {
		f(&q)
		return q
	}
	return []Case{
		// Accents, both ways, and case.
		{Name: "AccentlessFindsAccented", Query: es("integracion"), First: esIntegrationGuide,
			Top: []string{esIntegrationGuide, esMunicipiosArt, esOusmane}, Mark: "integración"},
		{Name: "AccentlessPadronFindsPadrón", Query: es("padron"), First: esPadronGuide,
			Top: []string{esPadronGuide, esPadronLeaflet, esOusmane}, Mark: "padrón"},
		{Name: "AccentedFindsAccentlessTranscript", Query: es("padrón"),
			Top: []string{esPadronGuide, esPadronLeaflet, esOusmane}},
		{Name: "FrenchAccentlessFindsAccented", Query: fr("ecole"), First: frSchoolGuide,
			Top: []string{frSchoolGuide, frOusmane}, Mark: "école"},
		{Name: "FrenchAccentedFindsAccentless", Query: fr("école"), Top: []string{frSchoolGuide, frOusmane}},
		{Name: "UpperCaseQuery", Query: es("TERUEL"), Total: 4},
		{Name: "EnglishFindsSpanishWordWithoutAccent", Query: en("padron"), First: enRegistration},

		// Typos.
		{Name: "TypoEscuala", Query: es("escuala"), First: esSchoolGuide, Mark: "escuela"},
		{Name: "TypoIntegrasion", Query: es("integrasion"), First: esIntegrationGuide, Mark: "integración"},
		{Name: "TypoVivenda", Query: es("vivenda"), First: esHousingGuide},
		{Name: "TypoScool", Query: en("scool"), First: enSchoolGuide},
		{Name: "ExactMatchesRankAboveTypos", Query: es("padrón"),
			Before: [][2]string{{esPadronGuide, esAmina}, {esPadronLeaflet, esAmina}}},

		// Plurals and singulars.
		{Name: "PluralFindsSingular", Query: es("escuelas"), Top: []string{esSchoolGuide, esSchoolsArticle}},
		{Name: "SingularFindsPlural", Query: es("escuela"), Top: []string{esSchoolGuide, esSchoolsArticle}},
		{Name: "MunicipioFindsMunicipios", Query: es("municipio"), Top: []string{esMunicipiosArt}},
		{Name: "EnglishVillagesFindsVillage", Query: en("villages"), Top: []string{enVillagesArticle, enPriego}},
		{Name: "EnglishVillageFindsVillages", Query: en("village"), Top: []string{enVillagesArticle, enPriego}},
		{Name: "FrenchCommunesFindsCommune", Query: fr("communes"), Top: []string{frCommunesArticle, frSanLeonardo}},
		{Name: "FrenchCommuneFindsCommunes", Query: fr("commune"), Top: []string{frCommunesArticle, frSanLeonardo}},

		// Arabic spelling variants all find the same documents.
		{Name: "ArabicWithHamza", Query: ar("أمينة"), First: arAmina, Mark: "أمينة"},
		{Name: "ArabicWithoutHamza", Query: ar("امينة"), First: arAmina},
		{Name: "ArabicWithTatweel", Query: ar("أمينـــة"), First: arAmina},
		{Name: "ArabicWithDiacritics", Query: ar("أَمِينَة"), First: arAmina},
		{Name: "ArabicHehForTehMarbuta", Query: ar("امينه"), First: arAmina},
		{Name: "ArabicAlefWithoutHamzaBelow", Query: ar("اسبانيا"), Top: []string{arPadronGuide}},
		{Name: "ArabicAlefWithHamzaBelow", Query: ar("إسبانيا"), Top: []string{arPadronGuide}},
		{Name: "ArabicFindsDocumentWithDiacritics", Query: ar("المدرسه"), First: arSchoolGuide,
			Top: []string{arSchoolGuide, arPadronGuide}},
		{Name: "ArabicYehForAlefMaksura", Query: ar("مستشفي"), Top: []string{arPriego}},
		{Name: "ArabicTwoWords", Query: ar("تسجيل الاطفال"), First: arSchoolGuide},

		// Ranking, several words, languages kept apart.
		{Name: "TitleOutranksText", Query: es("vivienda"), First: esHousingGuide},
		{Name: "SeveralWords", Query: es("vivienda Cuenca"), Top: []string{esRentArticle, esRojas, esPriego}},
		{Name: "OnlyTheQueryLanguage", Query: en("Teruel"), Total: 2, Top: []string{enAmina, enVillagesArticle}},

		// Filters and facets over all matches, not just the page.
		{Name: "FacetsCountAllMatches", Query: withFilter(es("Teruel"), func(q *senderos.SearchQuery) { q.PerPage = 2 }),
			Total: 4, Facets: map[string]map[string]int{
				"type":     {"municipality": 2, "magazine": 1, "testimonial": 1},
				"province": {"Teruel": 4},
				"topic":    {"pueblos": 2, "educacion": 1, "despoblacion": 1, "empleo": 1, "integracion": 1},
			}},
		{Name: "FilterType", Query: withFilter(es("Teruel"), func(q *senderos.SearchQuery) { q.Type = "municipality" }),
			Total: 2, Top: []string{esAlcala, esMosqueruela}, Facets: map[string]map[string]int{"type": {"municipality": 2}}},
		{Name: "FilterTopic", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.Topic = "padron" }),
			Total: 2, Top: []string{esPadronGuide, esPadronLeaflet}},
		{Name: "FilterProvince", Query: withFilter(es("escuela"), func(q *senderos.SearchQuery) { q.Province = "Soria" }),
			Total: 1, First: esSanLeonardo},
		{Name: "FilterProvinceWithAccent", Query: withFilter(es("escuela"), func(q *senderos.SearchQuery) { q.Province = "Cáceres" }),
			Total: 1, First: esGarrovillas, Facets: map[string]map[string]int{"province": {"Cáceres": 1}}},
		{Name: "KnownTopicWithoutMatchFindsNothing", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.Topic = "salud" }),
			Empty: true},
		{Name: "KnownProvinceWithoutMatchFindsNothing", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.Province = "Cáceres" }),
			Empty: true},
		{Name: "NoMatchFindsNothing", Query: es("xilófono"), Empty: true},

		// Invalid queries.
		{Name: "ErrEmptyQuery", Query: es(""), Err: senderos.EINVALID},
		{Name: "ErrBlankQuery", Query: es("   "), Err: senderos.EINVALID},
		{Name: "ErrTooLongQuery", Query: es(strings.Repeat("padrón ", 30)), Err: senderos.EINVALID},
		{Name: "ErrMissingLanguage", Query: senderos.SearchQuery{Q: "padrón"}, Err: senderos.EINVALID},
		{Name: "ErrUnknownLanguage", Query: senderos.SearchQuery{Q: "padrón", Lang: "de"}, Err: senderos.EINVALID},
		{Name: "ErrUnknownType", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.Type = "video" }),
			Err: senderos.EINVALID},
		{Name: "ErrUnknownTopic", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.Topic = "astronomia" }),
			Err: senderos.EINVALID},
		{Name: "ErrUnknownProvince", Query: withFilter(es("escuela"), func(q *senderos.SearchQuery) { q.Province = "Atlantis" }),
			Err: senderos.EINVALID},
		{Name: "ErrTooManyPerPage", Query: withFilter(es("padrón"), func(q *senderos.SearchQuery) { q.PerPage = 51 }),
			Err: senderos.EINVALID},
	}
}

// check runs c against idx.
func (c Case) check(t *testing.T, idx senderos.SearchIndex) {
	t.Helper()
	if c.Err != "" {
		res, err := idx.Search(context.Background(), c.Query)
		if code := senderos.ErrorCode(err); code != c.Err {
			t.Fatalf("error %v (code %q), result %v; want code %q", err, code, res, c.Err)
		}
		if senderos.ErrorMessage(err) == "" {
			t.Errorf("error %v has no message", err)
		}
		return
	}
	res := Search(t, idx, c.Query)
	got := ids(res.Hits)
	top := got[:min(5, len(got))]
	if c.Empty && (res.Total != 0 || len(got) != 0) {
		t.Errorf("Total %d, hits %v; want none", res.Total, got)
	}
	if c.Total != 0 && res.Total != c.Total {
		t.Errorf("Total = %d, want %d (hits %v)", res.Total, c.Total, got)
	}
	if c.First != "" && (len(got) == 0 || got[0] != c.First) {
		t.Errorf("first hits %v, want %s first", top, c.First)
	}
	for _, id := range c.Top {
		if !slices.Contains(top, id) {
			t.Errorf("first hits %v, want %s among them", top, id)
		}
	}
	for _, pair := range c.Before {
		i, j := slices.Index(got, pair[0]), slices.Index(got, pair[1])
		if i < 0 || j < 0 || i > j {
			t.Errorf("hits %v: want %s (at %d) before %s (at %d)", got, pair[0], i, pair[1], j)
		}
	}
	for name, want := range c.Facets {
		counts := map[string]int{}
		for _, f := range res.Facets[name] {
			counts[f.Value] = f.Count
		}
		for value, n := range want {
			if counts[value] != n {
				t.Errorf("facet %s %q = %d, want %d (all: %v)", name, value, counts[value], n, res.Facets[name])
			}
		}
	}
	if c.Mark != "" {
		if len(res.Hits) == 0 {
			t.Fatalf("no hit to show <mark>%s</mark>", c.Mark)
		}
		if s := res.Hits[0].Snippet; !strings.Contains(s, "<mark>"+c.Mark+"</mark>") {
			t.Errorf("snippet %q of %s lacks <mark>%s</mark>", s, res.Hits[0].ID, c.Mark)
		}
	}
}
