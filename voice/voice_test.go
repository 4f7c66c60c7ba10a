package voice_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos/voice"
)

// TestCheck plants one example of every rule, and its correct form beside it.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		rule   string
		lang   string
		family bool
		bad    string
		good   string
	}{
		{"es-usted", "es", false, "para que podamos contactar con usted.", "para que podamos contactar contigo."},
		{"es-imperative-usted", "es", false, "Escriba al menos 2 caracteres.", "Escribe al menos 2 caracteres."},
		{"es-imperative-usted", "es", false, "Elija una de las opciones.", "Elige una de las opciones."},
		{"es-imperative-usted", "es", false, "Pruebe con otras palabras.", "Prueba con otras palabras."},
		{"es-le-usted", "es", false, "Para que le llamemos, escribe un teléfono.", "Para que te llamemos, escribe un teléfono."},
		{"es-masculine-default", "es", false, "Si no estás seguro, escribe igualmente.", "Si tienes dudas, escribe igualmente."},
		{"es-children", "es", false, "familias con hijas o hijos menores", "familias con hijos e hijas menores"},
		{"es-jargon", "es", true, "Preparamos tu itinerario personal.", "Preparamos tu plan personal."},
		{"es-jargon", "es", true, "más de 1.000 unidades familiares", "más de 1.000 familias"},
		{"en-jargon", "en", true, "We prepare your personal itinerary.", "We prepare your personal plan."},
		{"fr-jargon", "fr", true, "Chaque famille a un parcours personnalisé.", "Chaque famille a un plan personnel."},
		{"fr-revue", "fr", false, "Télécharger la revue", "Télécharger le magazine"},
		{"fr-etapes", "fr", false, "Comment ça marche : quatre étapes", "Comment ça marche : quatre phases"},
		{"ar-imperative-singular", "ar", false, "اختر أحد الخيارات.", "اختاروا أحد الخيارات."},
		{"ar-imperative-singular", "ar", false, "اكتب بريدًا إلكترونيًا صحيحًا.", "اكتبوا بريدًا إلكترونيًا صحيحًا."},
		{"ar-imperative-singular", "ar", false, "اختَر المقاطعة", "اختاروا المقاطعة"}, // with a short vowel
		{"ar-imperative-singular", "ar", false, "اتصل بنا", "اتصلوا بنا"},
		{"ar-imperative-singular", "ar", false, "شارك معنا", "شاركوا معنا"},
		{"ar-imperative-singular", "ar", false, "أخبرنا بما تبحث عنه", "أخبرونا بما تبحثون عنه"},
		{"ar-you-singular", "ar", false, "حتى نتمكن من التواصل معك.", "حتى نتمكن من التواصل معكم."},
		{"ar-you-singular", "ar", false, "هل تهمّك هذه القرية؟", "هل تهمّكم هذه القرية؟"},
		{"ar-you-singular", "ar", false, "يمكنك قراءة كل عدد.", "يمكنكم قراءة كل عدد."},
		{"ar-sponsor", "ar", false, "العائلة الحاضنة", "العائلة المرافِقة"},
		{"ar-sponsor", "ar", false, "من خلال احتضان العائلات", "من خلال مرافقة العائلات"},
		{"ar-sponsor", "ar", false, "ورشة: كيف تكون عائلة راعية", "ورشة: كيف تكون عائلة مرافِقة"},
		{"ar-cepaim", "ar", false, "برنامج تابع لمؤسسة ثيبايم", "برنامج تابع لمؤسسة سيبايم"},
		{"ar-training", "ar", false, "الثانوية أو التكوين المهني", "الثانوية أو التدريب المهني"},
		{"ar-count", "ar", false, "اكتبوا %d أحرف على الأقل.", "الحد الأدنى لعدد الأحرف: %d."},
		{"ar-digits", "ar", false, "أكثر من ١٠٠٠ عائلة", "أكثر من 1000 عائلة"},
		{"ar-grammar", "ar", false, "المزيد عن من يمكنه المشاركة", "المزيد عمّن يمكنه المشاركة"},
		{"ar-grammar", "ar", false, "التي لدى شخص بالغ واحد على الأقل فيها تصريح عمل", "التي يحمل فيها شخص بالغ واحد على الأقل تصريح عمل"},
		{"ar-grammar", "ar", false, "التي لدى **شخص بالغ واحد على الأقل فيها تصريح عمل**", "التي يحمل فيها **شخص بالغ واحد على الأقل تصريح عمل**"},
		{"ar-korea", "ar", false, "حافلة إلى كوريا (Coria)", "حافلة إلى قورية (Coria)"},
		{"ar-jargon", "ar", true, "نُعدّ معًا مسارًا شخصيًا", "نُعدّ معًا خطة شخصية"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			if !broken(tc.lang, tc.family, tc.bad, tc.rule) {
				t.Errorf("%q passes rule %s", tc.bad, tc.rule)
			}
			if hits := voice.Check(tc.lang, tc.family, tc.good); len(hits) > 0 {
				t.Errorf("%q breaks %s («%s»)", tc.good, hits[0].Rule.Name, hits[0].Match)
			}
		})
	}
}

// TestCheckKeepsWordsApart holds that a rule matches whole words: what
// contains a ruled-out form without being it passes.
func TestCheckKeepsWordsApart(t *testing.T) {
	for _, tc := range []struct{ lang, text string }{
		{"es", "Escribe al programa."},          // not «Escriba»
		{"ar", "اخترنا هذه القرية."},            // «we chose», not «اختر»
		{"ar", "كتب الفريق تقريرًا، وذلك لكم."}, // «ذلك», «لكم» are not «لك»
		{"ar", "مدرسة الحضانة أو الروضة"},       // nursery school is not the sponsoring family
		{"ar", "بين %d و%d."},                   // a number before «و»
		{"es", "Tu itinerario personal"},        // jargon is allowed off the family pages
	} {
		if hits := voice.Check(tc.lang, false, tc.text); len(hits) > 0 {
			t.Errorf("%q breaks %s («%s»)", tc.text, hits[0].Rule.Name, hits[0].Match)
		}
	}
}

// TestEveryRuleIsPlanted holds that a rule added to the glossary gets its
// planted example in TestCheck.
func TestEveryRuleIsPlanted(t *testing.T) {
	src, err := os.ReadFile("voice_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range voice.Rules {
		if !containsQuoted(string(src), r.Name) {
			t.Errorf("rule %s has no planted example", r.Name)
		}
	}
}

// TestServerTextsFindsTheLanguage plants a Go file shaped like the API's
// message catalogues and checks each literal gets its language, file and
// line, so a rule of one language is never run on another.
func TestServerTextsFindsTheLanguage(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	const src = `package api

var messages = map[string]map[string]string{
	"es": {
		"a": "Escriba su nombre.",
	},
	"ar": {
		"a": "اكتب اسمك.",
	},
}

func init() {
	messages["ar"]["b"] = "اختر."
	registerStaffTexts(staffTexts{
		"k": {"Elija.", "Choose.", "Choisissez.", "اختر."},
	})
}
`
	if err := os.WriteFile(filepath.Join(root, "api", "message_planted.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err != nil {
		t.Fatal(err)
	}
	lines, err := voice.ServerTexts(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{5: "es", 8: "ar", 13: "ar"}
	got := map[int][]string{}
	for _, l := range lines {
		switch l.Text {
		case "a", "b", "k", "es", "ar": // keys, not texts
			continue
		}
		if l.File != "api/message_planted.go" || !l.Family {
			t.Errorf("line %+v: want file api/message_planted.go, for families", l)
		}
		got[l.N] = append(got[l.N], l.Lang)
		if len(voice.Check(l.Lang, l.Family, l.Text)) > 0 {
			got[l.N] = append(got[l.N], "hit")
		}
	}
	for n, l := range want {
		if len(got[n]) != 2 || got[n][0] != l || got[n][1] != "hit" {
			t.Errorf("line %d: got %v, want %s and a hit", n, got[n], l)
		}
	}
	if g := got[15]; len(g) != 6 || g[0] != "es" || g[1] != "hit" || g[2] != "en" || g[3] != "fr" || g[4] != "ar" || g[5] != "hit" {
		t.Errorf("line 15 (staffTexts): got %v, want es hit en fr ar hit", g)
	}
}

// TestServerTextsReadsTheBackOffice plants a back-office text in
// backoffice/: it is read, in the language of its position, and not as a
// text for families.
func TestServerTextsReadsTheBackOffice(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "backoffice"), 0o755); err != nil {
		t.Fatal(err)
	}
	const src = `package backoffice

func init() {
	registerStaffTexts(staffTexts{
		"k": {"Elija.", "Choose.", "Choisissez.", "اختر."},
	})
}
`
	if err := os.WriteFile(filepath.Join(root, "backoffice", "message_planted.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, err := voice.ServerTexts(root)
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, l := range lines {
		if l.Text == "k" {
			continue
		}
		if l.File != "backoffice/message_planted.go" || l.N != 5 || l.Family {
			t.Errorf("line %+v: want backoffice/message_planted.go:5, not for families", l)
		}
		langs = append(langs, l.Lang)
	}
	if strings.Join(langs, " ") != "es en fr ar" {
		t.Errorf("languages %v, want es en fr ar", langs)
	}
}

func broken(lang string, family bool, text, rule string) bool {
	for _, h := range voice.Check(lang, family, text) {
		if h.Rule.Name == rule {
			return true
		}
	}
	return false
}

func containsQuoted(src, name string) bool {
	for i := 0; i+len(name)+2 <= len(src); i++ {
		if src[i] == '"' && src[i+1:i+1+len(name)] == name && src[i+1+len(name)] == '"' {
			return true
		}
	}
	return false
}
