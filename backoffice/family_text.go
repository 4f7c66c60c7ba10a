package backoffice

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/cepaim/senderos"
)

// staffTime shows a time on a record's page, in UTC like the layout's
// datetime function.
func staffTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// listJoin joins items with the list separator of lang.
func listJoin(lang string, items []string) string {
	if lang == "ar" {
		return strings.Join(items, "، ")
	}
	return strings.Join(items, ", ")
}

// orNone returns v, or a dash said as "none" when v is empty.
func orNone(lang, v string) string {
	if strings.TrimSpace(v) == "" {
		return staffText(lang, "family.none")
	}
	return v
}

func yesNo(lang string, v bool) string {
	if v {
		return staffText(lang, "family.yes")
	}
	return staffText(lang, "family.no")
}

// enumText translates a value of one of the forms' closed lists.
func enumText(lang, prefix, v string) string {
	if v == "" {
		return staffText(lang, "family.none")
	}
	return staffText(lang, prefix+v)
}

// languageName names an ISO 639-1 language in lang.
func languageName(lang, code string) string {
	if code == "" {
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.Tags(language.Make(lang)).Name(tag); name != "" {
		return name
	}
	return code
}

func slicesSortStaff(list []*senderos.Staff) {
	slices.SortFunc(list, func(a, b *senderos.Staff) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
}
