package voice

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cepaim/senderos/texts"
)

// Langs are the site's languages, the default first.
var Langs = []string{"es", "en", "fr", "ar"}

// Line is one line of text, in one language, and where it comes from.
type Line struct {
	File   string // relative to the repository root, with slashes
	N      int    // line number, from 1
	Lang   string
	Family bool   // on a page for families (see FamilyPage)
	Form   string // the CLDR plural form of a catalogue's plural message; "" for any other text
	Text   string
}

// familySections are the content sections written for families; the guide,
// the library, the magazine and the pages for municipalities may use the
// programme's own terms.
var familySections = []string{"move/", "programme/_index.", "programme/how-it-works.", "programme/who-can-take-part.",
	"testimonials/", "municipalities/", "search/", "_index.", "contact.", "privacy.", "accessibility."}

// FamilyPage reports whether the content file rel (relative to content/)
// is a page for families.
func FamilyPage(rel string) bool {
	return slices.ContainsFunc(familySections, func(s string) bool { return strings.HasPrefix(rel, s) })
}

// Content returns the lines of every text file of content/: the pages
// (name.<lang>.md) and the captions (name.<lang>.vtt).
func Content(root string) ([]Line, error) {
	var lines []Line
	dir := filepath.Join(root, "content")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := path.Ext(d.Name())
		if ext != ".md" && ext != ".vtt" {
			return nil
		}
		l := strings.TrimPrefix(path.Ext(strings.TrimSuffix(d.Name(), ext)), ".")
		if !slices.Contains(Langs, l) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		got, err := fileLines(root, p, l, FamilyPage(rel), nil)
		lines = append(lines, got...)
		return err
	})
	return lines, err
}

// Catalogues returns the lines of the interface texts, site/i18n/<lang>.toml,
// without their comments. They are read on pages for families.
func Catalogues(root string) ([]Line, error) {
	var lines []Line
	for _, l := range Langs {
		got, err := fileLines(root, filepath.Join(root, "site", "i18n", l+".toml"), l, true, func(s string) bool {
			return !strings.HasPrefix(strings.TrimSpace(s), "#")
		})
		if err != nil {
			return nil, err
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

// Templates returns the lines of the theme's layouts and the back-office's
// templates (backoffice/templates) that hold words in Arabic script or Latin letters outside
// template actions; a text written in a template has no language of its
// own, so each line is given the language of its script (Arabic, or
// Spanish for Latin letters).
func Templates(root string) ([]Line, error) {
	var lines []Line
	for _, dir := range []string{"themes/senderos/layouts", "backoffice/templates"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			got, err := fileLines(root, p, "", false, nil)
			lines = append(lines, got...)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// ServerTexts returns the lines of the server's catalogue, texts/<lang>.toml
// (the API's messages and the back-office's texts), every plural form of
// each message, without comments and keys. A key without a dot is a message
// of the public API, read by families, as are the family page's
// (familypage.*); other dotted keys are the back-office's.
func ServerTexts(root string) ([]Line, error) {
	var lines []Line
	for _, l := range Langs {
		names, err := texts.Files(os.DirFS(filepath.Join(root, "texts")), l)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			got, err := tomlLines(root, filepath.Join("texts", name), l)
			if err != nil {
				return nil, err
			}
			lines = append(lines, got...)
		}
	}
	return lines, nil
}

// tomlLines reads the texts of a go-i18n TOML catalogue written one value a
// line: `key = "text"`, or a table `[key]` of plural forms `one = "text"`.
func tomlLines(root, rel, lang string) ([]Line, error) {
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	rel = filepath.ToSlash(rel)
	var lines []Line
	table := ""
	for i, t := range strings.Split(string(b), "\n") {
		t = strings.TrimSpace(t)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(t, "["):
			k, err := tomlKey(strings.TrimSuffix(strings.TrimPrefix(t, "["), "]"))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", rel, i+1, err)
			}
			table = k
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: not a key = value line", rel, i+1)
		}
		key, err := tomlKey(k)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", rel, i+1, err)
		}
		text, err := tomlString(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", rel, i+1, err)
		}
		form := ""
		if table != "" {
			key, form = table, key
		}
		for _, part := range strings.Split(text, "\n") {
			lines = append(lines, Line{File: rel, N: i + 1, Lang: lang, Family: familyKey(key), Form: form, Text: part})
		}
	}
	return lines, nil
}

// familyKey reports whether a catalogue key is read by families: the API's
// messages (no dot) and the family's own page (familypage.*).
func familyKey(key string) bool {
	return !strings.Contains(key, ".") || strings.HasPrefix(key, "familypage.")
}

// tomlKey reads a bare or quoted TOML key.
func tomlKey(k string) (string, error) {
	k = strings.TrimSpace(k)
	if strings.HasPrefix(k, `"`) || strings.HasPrefix(k, "'") {
		return tomlString(k)
	}
	return k, nil
}

// tomlString reads a one-line TOML string: basic ("…", whose escapes are
// Go's) or literal ('…').
func tomlString(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, "'''"):
		return "", fmt.Errorf("a multi-line string: write it on one line, with \\n")
	case strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'") && len(v) >= 2:
		return v[1 : len(v)-1], nil
	}
	s, err := strconv.Unquote(v)
	if err != nil {
		return "", fmt.Errorf("not a string: %s", v)
	}
	return s, nil
}

// scriptLang is the language of a text with no language of its own: Arabic
// for Arabic script, else Spanish, the site's default.
func scriptLang(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return "ar"
		}
	}
	return "es"
}

// fileLines reads the file p in language l ("": by each line's script),
// keeping the lines keep accepts (nil: all).
func fileLines(root, p, l string, family bool, keep func(string) bool) ([]Line, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return nil, err
	}
	var lines []Line
	for i, t := range strings.Split(string(b), "\n") {
		if keep != nil && !keep(t) {
			continue
		}
		ll := l
		if ll == "" {
			ll = scriptLang(t)
		}
		lines = append(lines, Line{File: filepath.ToSlash(rel), N: i + 1, Lang: ll, Family: family, Text: t})
	}
	return lines, nil
}
