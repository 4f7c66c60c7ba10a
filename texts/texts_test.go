package texts_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cepaim/senderos/texts"
)

// TestCatalogueIsComplete fails on a key missing in a language, a plural
// form missing (all six in Arabic), or fmt verbs that differ between
// languages.
func TestCatalogueIsComplete(t *testing.T) {
	if n := len(texts.Default().Keys()); n < 300 {
		t.Errorf("only %d keys", n)
	}
	for _, p := range texts.Default().Problems() {
		t.Error(p)
	}
}

// complete is a small catalogue with nothing wrong: one plain message and
// one plural message in every form each language uses.
var complete = map[string]string{
	"es": "greeting = \"Hola, %s.\"\n[files]\none = \"%d archivo\"\nmany = \"%d archivos\"\nother = \"%d archivos\"\n",
	"en": "greeting = \"Hello, %s.\"\n[files]\none = \"%d file\"\nother = \"%d files\"\n",
	"fr": "greeting = \"Bonjour, %s.\"\n[files]\none = \"%d fichier\"\nmany = \"%d de fichiers\"\nother = \"%d fichiers\"\n",
	"ar": "greeting = \"مرحبًا، %s.\"\n[files]\nzero = \"لا ملفات\"\none = \"ملف واحد\"\ntwo = \"ملفان\"\nfew = \"%d ملفات\"\nmany = \"%d ملفًا\"\nother = \"%d ملف\"\n",
}

func catalogue(t *testing.T, change func(map[string]string)) *texts.Catalogue {
	t.Helper()
	files := map[string]string{}
	for l, s := range complete {
		files[l] = s
	}
	change(files)
	fsys := fstest.MapFS{}
	for l, s := range files {
		fsys[l+".toml"] = &fstest.MapFile{Data: []byte(s)}
	}
	c, err := texts.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestProblems plants each fault in a small catalogue and checks Problems
// names it.
func TestProblems(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(map[string]string)
		want   string // "": no problem
	}{
		{"Complete", func(map[string]string) {}, ""},
		{"KeyMissingInFrench", func(f map[string]string) {
			f["fr"] = strings.Replace(f["fr"], "greeting = \"Bonjour, %s.\"\n", "", 1)
		}, "fr: greeting is missing"},
		{"KeyOnlyInArabic", func(f map[string]string) { f["ar"] = "extra = \"نص\"\n" + f["ar"] }, "es: extra is missing"},
		{"ArabicFormMissing", func(f map[string]string) {
			f["ar"] = strings.Replace(f["ar"], "two = \"ملفان\"\n", "", 1)
		}, "ar: files lacks its plural form two"},
		{"ArabicManyMissing", func(f map[string]string) {
			f["ar"] = strings.Replace(f["ar"], "many = \"%d ملفًا\"\n", "", 1)
		}, "ar: files lacks its plural form many"},
		{"PluralInOneLanguageOnly", func(f map[string]string) {
			f["en"] = "greeting = \"Hello, %s.\"\nfiles = \"%d files\"\n"
		}, "en: files is plural in one of es and en only"},
		{"FormTheLanguageDoesNotUse", func(f map[string]string) {
			f["en"] = strings.Replace(f["en"], "one = ", "two = \"%d files\"\none = ", 1)
		}, "en: files has a two form, which en does not use"},
		{"VerbsDiffer", func(f map[string]string) {
			f["en"] = strings.Replace(f["en"], "Hello, %s.", "Hello, %d.", 1)
		}, "en: greeting (other) takes [%d], es takes [%s]"},
		{"Empty", func(f map[string]string) {
			f["fr"] = strings.Replace(f["fr"], "Bonjour, %s.", "", 1)
		}, "fr: greeting is empty"},
		{"ArabicInLatinScript", func(f map[string]string) {
			f["ar"] = strings.Replace(f["ar"], "مرحبًا، %s.", "Hello, %s.", 1)
		}, "ar: greeting has no Arabic"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := catalogue(t, tt.change).Problems()
			if tt.want == "" {
				if len(got) > 0 {
					t.Errorf("problems in a complete catalogue: %q", got)
				}
				return
			}
			if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, tt.want) }) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEachLanguageNeedsItsCLDRForms checks the forms a plural message needs
// in each language, as go-i18n's CLDR rules have them.
func TestEachLanguageNeedsItsCLDRForms(t *testing.T) {
	for l, want := range map[string]string{
		"es": "one many other", "en": "one other", "fr": "one many other", "ar": "zero one two few many other",
	} {
		if got := strings.Join(texts.Default().PluralForms(l), " "); got != want {
			t.Errorf("%s: %s, want %s", l, got, want)
		}
	}
}

// TestPluralForms reads a plural message for counts that reach each form.
func TestPluralForms(t *testing.T) {
	c := catalogue(t, func(map[string]string) {})
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"es", 1, "1 archivo"}, {"es", 2, "2 archivos"}, {"es", 0, "0 archivos"},
		{"en", 1, "1 file"}, {"en", 0, "0 files"},
		{"fr", 0, "0 fichier"}, {"fr", 1, "1 fichier"}, {"fr", 2, "2 fichiers"},
		{"ar", 0, "لا ملفات"}, {"ar", 1, "ملف واحد"}, {"ar", 2, "ملفان"}, {"ar", 3, "3 ملفات"},
		{"ar", 10, "10 ملفات"}, {"ar", 11, "11 ملفًا"}, {"ar", 99, "99 ملفًا"}, {"ar", 100, "100 ملف"},
		{"de", 2, "2 archivos"}, // a language the catalogue lacks: Spanish
	} {
		if got := c.N(tt.lang, "files", tt.n); got != tt.want {
			t.Errorf("N(%s, files, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// TestT reads plain messages, with and without arguments.
func TestT(t *testing.T) {
	c := catalogue(t, func(f map[string]string) {
		f["fr"] = strings.Replace(f["fr"], "greeting = \"Bonjour, %s.\"\n", "", 1)
	})
	for _, tt := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"en", "greeting", []any{"Ana"}, "Hello, Ana."},
		{"ar", "greeting", []any{"Ana"}, "مرحبًا، Ana."},
		{"xx", "greeting", []any{"Ana"}, "Hola, Ana."}, // unknown language: Spanish
		{"fr", "greeting", []any{"Ana"}, "Hola, Ana."}, // missing in French: Spanish (and Problems says so)
		{"en", "nothing", nil, "nothing"},              // unknown key: itself
		{"en", "greeting", nil, "Hello, %s."},          // no arguments: as written
	} {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

// TestParts checks that an area's part (<area>.<lang>.toml) adds its keys
// to its language's catalogue, and that a key defined in two files of one
// language is refused.
func TestParts(t *testing.T) {
	word := map[string]string{"es": "palabra", "en": "word", "fr": "mot", "ar": "كلمة"}
	fsys := fstest.MapFS{}
	for l, s := range complete {
		fsys[l+".toml"] = &fstest.MapFile{Data: []byte(s)}
		fsys["area."+l+".toml"] = &fstest.MapFile{Data: []byte("area.word = \"" + word[l] + "\"\n")}
	}
	c, err := texts.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range texts.Langs {
		if got := c.T(l, "area.word"); got != word[l] {
			t.Errorf("T(%s, area.word) = %q, want %q", l, got, word[l])
		}
	}
	if p := c.Problems(); len(p) > 0 {
		t.Errorf("Problems = %q, want none", p)
	}
	fsys["twice.fr.toml"] = &fstest.MapFile{Data: []byte("area.word = \"encore\"\n")}
	if _, err := texts.Load(fsys); err == nil || !strings.Contains(err.Error(), "area.word") {
		t.Errorf("Load with a key twice in French: err = %v, want one naming area.word", err)
	}
}
