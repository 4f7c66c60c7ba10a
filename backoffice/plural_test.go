package backoffice

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cepaim/senderos/texts"
)

// TestStaffCountsChooseThePluralForm reads the texts that carry a count through
// the helpers the handlers and templates use: the form follows the count,
// in Arabic all six.
func TestStaffCountsChooseThePluralForm(t *testing.T) {
	for _, tt := range []struct {
		name, got, want string
	}{
		{"NoteFrench", staffTextN("fr", "family.bad_note", 4000), "Écrivez une note de 4000 caractères au maximum."},
		{"JobOne", staffTextN("es", "muni.job", 1, "Cuidados", 1), "Cuidados: 1 puesto"},
		{"JobsArabicOne", staffTextN("ar", "muni.job", 1, "الرعاية", 1), "الرعاية: وظيفة واحدة"},
		{"JobsArabicZero", staffTextN("ar", "muni.job", 0, "الرعاية", 0), "الرعاية: لا وظائف"},
		{"JobsArabicMany", staffTextN("ar", "muni.job", 12, "الرعاية", 12), "الرعاية: 12 وظيفةً"},
		{"FailedLoginsOne", (&staffPage{Lang: "en"}).N("accounts.failed_logins", 1), "1 failed login since the last login"},
		{"FailedLoginsArabicTwo", (&staffPage{Lang: "ar"}).N("accounts.failed_logins", 2), "محاولتا دخول فاشلتان منذ آخر دخول"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// pluralRead matches a text read without its count: staffText(lang, "key"
// in Go, {{.T "key"}} in a template.
var pluralRead = regexp.MustCompile(`(?:staffText\([^,()]+, |\.T )"([^"]+)"`)

// TestPluralTextsAreCounted fails when the code or a template reads a
// plural message with staffText or .T, which would show its form "other"
// whatever the count: they are read with staffTextN or .N.
func TestPluralTextsAreCounted(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	templates, _ := filepath.Glob("templates/*.html")
	for _, f := range append(files, templates...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pluralRead.FindAllStringSubmatch(string(src), -1) {
			if texts.Plural(m[1]) {
				t.Errorf("%s reads the plural text %s without its count", f, m[1])
			}
		}
	}
}
