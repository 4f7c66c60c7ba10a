package voice_test

import (
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

// TestServerTextsFindsTheLanguage plants catalogue files shaped like
// texts/<lang>.toml and checks each text gets its language, file, line and
// plural form, so a rule of one language is never run on another, and a
// plural form may put its count before a noun.
func TestServerTextsFindsTheLanguage(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "texts"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"es": "# the API's messages\n\"a\" = \"Escriba su nombre.\"\n\"k.x\" = \"Elija.\"\n",
		"en": "a = 'Write your name.'\n",
		"fr": "\"a\" = \"Écrivez votre nom.\\nMerci.\"\n",
		"ar": "\"a\" = \"اكتب اسمك.\"\n\"k.y\" = \"اكتبوا %d أحرف على الأقل.\"\n\n[\"k.z\"]\nfew = \"اكتبوا %d أحرف على الأقل.\"\nother = \"اختر.\"\n",
	}
	for l, src := range files {
		if err := os.WriteFile(filepath.Join(root, "texts", l+".toml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lines, err := voice.ServerTexts(root)
	if err != nil {
		t.Fatal(err)
	}
	type where struct {
		file string
		n    int
	}
	got := map[where][]string{}
	for _, l := range lines {
		family := !strings.Contains(l.Text, "Elija") && !strings.Contains(l.Text, "%d") && !strings.Contains(l.Text, "اختر")
		if l.Family != family {
			t.Errorf("%+v: family %v, want %v", l, l.Family, family)
		}
		w := where{l.File, l.N}
		got[w] = append(got[w], l.Lang+"/"+l.Form)
		if len(voice.CheckLine(l)) > 0 {
			got[w] = append(got[w], "hit")
		}
	}
	for w, want := range map[where]string{
		{"texts/es.toml", 2}: "es/ hit", {"texts/es.toml", 3}: "es/ hit",
		{"texts/en.toml", 1}: "en/", {"texts/fr.toml", 1}: "fr/ fr/",
		{"texts/ar.toml", 1}: "ar/ hit", {"texts/ar.toml", 2}: "ar/ hit",
		{"texts/ar.toml", 5}: "ar/few", {"texts/ar.toml", 6}: "ar/other hit",
	} {
		if g := strings.Join(got[w], " "); g != want {
			t.Errorf("%s:%d: got %q, want %q", w.file, w.n, g, want)
		}
	}
	if len(got) != 8 {
		t.Errorf("%d lines read, want 8: %v", len(got), got)
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
