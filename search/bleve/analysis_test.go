package bleve

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
)

// terms returns what the analyzer of lang makes of text.
func terms(t *testing.T, lang string, plain bool, text string) []string {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(analyzerName(lang, plain))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// TestAnalyzersUnifySpellings checks that spellings which must find each
// other become the same terms, in the stemmed and in the plain fields:
// typo tolerance must not be what makes them match.
func TestAnalyzersUnifySpellings(t *testing.T) {
	for _, c := range []struct {
		name, lang string
		variants   []string
	}{
		{"SpanishAccents", "es", []string{"integración", "integracion", "INTEGRACIÓN"}},
		{"SpanishPadron", "es", []string{"padrón", "padron", "Padrón"}},
		{"FrenchAccents", "fr", []string{"école", "ecole", "École"}},
		{"FrenchElision", "fr", []string{"l'école", "l’école", "école"}},
		{"EnglishPossessive", "en", []string{"children's", "children"}},
		{"ArabicAlefForms", "ar", []string{"أمينة", "امينة", "إمينة", "آمينة", "ٱمينة"}},
		{"ArabicTatweel", "ar", []string{"أمينـــة", "أمينة"}},
		{"ArabicDiacritics", "ar", []string{"أَمِينَةٌ", "أمينة"}},
		{"ArabicSuperscriptAlef", "ar", []string{"الرحمٰن", "الرحمن"}},
		{"ArabicTehMarbuta", "ar", []string{"المدرسة", "المدرسه", "المَدْرَسَةُ"}},
		{"ArabicAlefMaksura", "ar", []string{"مستشفى", "مستشفي"}},
		{"ArabicHamzaOnWawAndYeh", "ar", []string{"مؤسسة عائلة", "موسسه عايله"}},
		{"ArabicPresentationForms", "ar", []string{"ﻣﺪﺭﺳﺔ", "مدرسة"}},
	} {
		for _, plain := range []bool{false, true} {
			want := terms(t, c.lang, plain, c.variants[0])
			if len(want) == 0 {
				t.Fatalf("%s: %q has no terms", c.name, c.variants[0])
			}
			for _, v := range c.variants[1:] {
				if got := terms(t, c.lang, plain, v); !slices.Equal(got, want) {
					t.Errorf("%s (plain %v): %q → %q, %q → %q", c.name, plain, v, got, c.variants[0], want)
				}
			}
		}
	}
}

// TestAnalyzersStem checks the forms that stemming must bring together.
func TestAnalyzersStem(t *testing.T) {
	for _, c := range []struct{ lang, a, b string }{
		{"es", "escuelas", "escuela"},
		{"es", "municipios", "municipio"},
		{"es", "viviendas", "vivienda"},
		{"en", "villages", "village"},
		{"en", "schools", "school"},
		{"fr", "communes", "commune"},
		{"fr", "écoles", "école"},
		{"ar", "المدرسة", "مدرسة"},
		{"ar", "والمدارس", "المدارس"},
	} {
		a, b := terms(t, c.lang, false, c.a), terms(t, c.lang, false, c.b)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("%s: %q → %q, %q → %q", c.lang, c.a, a, c.b, b)
		}
	}
}

// TestStopWordsAreNormalised checks that a stop word is dropped however it
// is spelt, so that a query never requires a word the index left out.
func TestStopWordsAreNormalised(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"ar", "إلى"}, {"ar", "الى"}, {"ar", "إِلَى"}, {"ar", "في"},
		{"es", "él"}, {"es", "el"}, {"es", "más"}, {"es", "mas"},
		{"fr", "à"}, {"fr", "a"}, {"fr", "été"},
		{"en", "The"},
	} {
		if got := terms(t, c.lang, false, c.text); len(got) != 0 {
			t.Errorf("%s %q → %q, want no term", c.lang, c.text, got)
		}
	}
}
